"""Organisations, with the people who represent them."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from stakeholders.admin.base import LOCALITY_FILTER, ScopedHistoryAdmin
from stakeholders.admin.people import RepresentationInline
from stakeholders.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(ScopedHistoryAdmin):
    list_display = ["name", "sector", "scope", "kind", "locality", "representative_count"]
    list_filter = ["sector", "scope", "kind", LOCALITY_FILTER]
    search_fields = ["name", "notes"]
    list_select_related = ["locality"]
    inlines = [RepresentationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_representatives=Count("representations"))

    @admin.display(description=_("representatives"), ordering="_representatives")
    def representative_count(self, obj):
        return obj._representatives
