"""Records kept, never edited here: import batches, every saved version of every stakeholder
(deleted people included) and the access log of contact details."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from stakeholders.admin.base import (
    LOCALITY_FILTER,
    ScopedAdmin,
    administered_history,
    is_locality_admin,
)
from stakeholders.models import ImportBatch, PersonalDataAccess, Stakeholder, user_display_name


@admin.register(ImportBatch)
class ImportBatchAdmin(ScopedAdmin):
    """A record of the files brought in; files are uploaded from the import page."""

    list_display = ["filename", "kind", "status", "locality", "created_by", "created_at"]
    list_filter = ["kind", "status", LOCALITY_FILTER]
    search_fields = ["filename"]
    list_select_related = ["locality", "created_by"]
    fields = ["filename", "kind", "status", "locality", "created_by", "created_at", "result"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("content", "preview")

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --- Audit: deleted stakeholders and the access log ------------------------------------------


class HistoryTypeFilter(admin.SimpleListFilter):
    title = _("change")
    parameter_name = "type"

    def lookups(self, request, model_admin):
        return [("+", _("Created")), ("~", _("Changed")), ("-", _("Deleted"))]

    def queryset(self, request, queryset):
        if self.value() in ("+", "~", "-"):
            return queryset.filter(history_type=self.value())
        return queryset


@admin.register(Stakeholder.history.model)
class StakeholderChangeAdmin(admin.ModelAdmin):
    """Every saved version of every stakeholder, deleted people's last versions included:
    where an admin finds who deleted someone, and when ("Deleted" in the filter). Read-only;
    a row opens that version, and "history" the person's whole history."""

    list_display = ["changed_at", "name", "change_type", "changed_by", "history_link"]
    list_display_links = ["changed_at"]
    list_filter = [HistoryTypeFilter]
    search_fields = ["first_name", "last_name"]
    list_select_related = ["history_user"]
    list_per_page = 50
    actions = None

    def get_queryset(self, request):
        return administered_history(Stakeholder, request.user)

    def get_search_results(self, request, queryset, search_term):
        queryset, duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if term.isdigit() and len(term) < 10:
            # A stakeholder's number finds all their versions.
            queryset |= self.get_queryset(request).filter(id=int(term))
        return queryset, duplicates

    def has_module_permission(self, request):
        return is_locality_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_locality_admin(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # One version is shown by the stakeholder's own history pages, with its labels.
        if request.method != "GET":
            raise PermissionDenied
        record = self.get_object(request, unquote(object_id))
        if record is None:
            raise Http404
        return redirect(
            "admin:stakeholders_stakeholder_simple_history",
            object_id=record.id,
            version_id=record.history_id,
        )

    @admin.display(description=_("time"), ordering="history_date")
    def changed_at(self, obj):
        return obj.history_date

    @admin.display(description=_("name"))
    def name(self, obj):
        return f"{obj.first_name} {obj.last_name}".strip()

    @admin.display(description=_("change"), ordering="history_type")
    def change_type(self, obj):
        return obj.get_history_type_display()

    @admin.display(description=_("changed by"))
    def changed_by(self, obj):
        return user_display_name(obj.history_user, empty="—")

    @admin.display(description=_("history"))
    def history_link(self, obj):
        url = reverse("admin:stakeholders_stakeholder_history", args=[obj.id])
        return format_html('<a href="{}">{}</a>', url, _("All versions"))


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ScopedAdmin):
    """The access log of contact details: read and filtered here, never written. Nobody,
    superusers included, adds, changes or deletes a row (see prune_access_log for retention)."""

    list_display = ["at", "username", "action", "stakeholder_number", "source", "fields"]
    list_filter = ["action", ("at", admin.DateFieldListFilter), LOCALITY_FILTER]
    search_fields = ["username"]
    date_hierarchy = "at"
    fields = ["at", "username", "user", "locality", "stakeholder", "action", "source", "fields"]
    readonly_fields = fields
    actions = None

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        condition = Q(username__icontains=term)
        if term.isdigit() and len(term) < 10:
            condition |= Q(stakeholder_id=int(term))
        return queryset.filter(condition), False

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("stakeholder number"), ordering="stakeholder_id")
    def stakeholder_number(self, obj):
        return obj.stakeholder_id
