"""Localities, who holds which role in them, and users' preferences."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from stakeholders import access
from stakeholders.admin.base import LOCALITY_FILTER, ScopedAdmin, ScopedInline
from stakeholders.models import Locality, LocalityAccess, UserPreference


class LocalityAccessInline(ScopedInline):
    model = LocalityAccess
    autocomplete_fields = ["stakeholder"]


@admin.register(Locality)
class LocalityAdmin(ScopedAdmin):
    list_display = ["name", "district", "official_active_target", "stakeholder_count"]
    search_fields = ["name", "district"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [LocalityAccessInline]

    def get_queryset(self, request):
        localities = Locality.objects.administered_by(request.user)
        return localities.annotate(_stakeholder_count=Count("stakeholders"))

    @admin.display(description=_("stakeholders"), ordering="_stakeholder_count")
    def stakeholder_count(self, obj):
        return obj._stakeholder_count

    def has_add_permission(self, request, *args):
        # A new locality is a new deployment decision, not a locality admin's.
        return access.sees_everything(request.user)

    def has_delete_permission(self, request, obj=None):
        return access.sees_everything(request.user)


@admin.register(LocalityAccess)
class LocalityAccessAdmin(ScopedAdmin):
    list_display = ["user", "locality", "role", "stakeholder"]
    list_filter = ["role", LOCALITY_FILTER]
    search_fields = ["user__username", "user__first_name", "user__last_name", "locality__name"]
    list_select_related = ["user", "locality", "stakeholder"]
    autocomplete_fields = ["stakeholder"]


@admin.register(UserPreference)
class UserPreferenceAdmin(admin.ModelAdmin):
    """Not locality data: users choose their language in the interface; superusers only here."""

    list_display = ["user", "language"]
    list_filter = ["language"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]

    def has_module_permission(self, request):
        return access.sees_everything(request.user)

    def has_view_permission(self, request, obj=None):
        return access.sees_everything(request.user)

    def has_add_permission(self, request):
        return access.sees_everything(request.user)

    def has_change_permission(self, request, obj=None):
        return access.sees_everything(request.user)

    def has_delete_permission(self, request, obj=None):
        return access.sees_everything(request.user)
