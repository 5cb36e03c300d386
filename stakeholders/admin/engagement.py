"""Interactions with stakeholders and the follow-ups they lead to."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from stakeholders import services
from stakeholders.admin.base import ScopedAdmin
from stakeholders.models import FollowUp, Interaction


@admin.register(Interaction)
class InteractionAdmin(ScopedAdmin):
    list_display = ["stakeholder", "channel", "occurred_at", "outcome", "recorded_by"]
    list_filter = [
        "channel",
        "outcome",
        ("stakeholder__locality", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["stakeholder__first_name", "stakeholder__last_name", "summary"]
    list_select_related = ["stakeholder", "recorded_by"]
    autocomplete_fields = ["stakeholder"]
    date_hierarchy = "occurred_at"

    def save_model(self, request, obj, form, change):
        if not change and not obj.recorded_by_id:
            obj.recorded_by = request.user
        # The person may have changed too: the service refreshes the old and the new one.
        services.interaction_save(
            interaction=obj, previous_stakeholder_id=form.initial.get("stakeholder")
        )

    def delete_model(self, request, obj):
        services.interaction_delete(interactions=Interaction.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.interaction_delete(interactions=queryset)


class OpenFollowUpFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("open", _("Open")), ("overdue", _("Overdue")), ("done", _("Done"))]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.open()
        if self.value() == "overdue":
            return queryset.overdue()
        if self.value() == "done":
            return queryset.filter(done_at__isnull=False)
        return queryset


@admin.register(FollowUp)
class FollowUpAdmin(ScopedAdmin):
    list_display = ["description", "stakeholder", "owner", "due_date", "done_at"]
    list_filter = [OpenFollowUpFilter, ("stakeholder__locality", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["description", "stakeholder__first_name", "stakeholder__last_name"]
    list_select_related = ["stakeholder", "owner"]
    autocomplete_fields = ["stakeholder", "interaction"]
    date_hierarchy = "due_date"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
