"""The locality's history: relationships between actors, past processes and who they burned."""

from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from stakeholders.admin.base import (
    LOCALITY_FILTER,
    ScopedAdmin,
    ScopedHistoryAdmin,
    ScopedInline,
)
from stakeholders.models import BurnedStakeholder, PastProcess, Relationship


@admin.register(Relationship)
class RelationshipAdmin(ScopedHistoryAdmin):
    list_display = ["__str__", "kind", "sensitive", "locality"]
    list_filter = ["sensitive", "kind", LOCALITY_FILTER]
    search_fields = [
        "from_stakeholder__first_name",
        "from_stakeholder__last_name",
        "to_stakeholder__first_name",
        "to_stakeholder__last_name",
        "from_organisation__name",
        "to_organisation__name",
        "note",
    ]
    list_select_related = [
        "from_stakeholder",
        "from_organisation",
        "to_stakeholder",
        "to_organisation",
        "locality",
    ]
    autocomplete_fields = [
        "from_stakeholder",
        "from_organisation",
        "to_stakeholder",
        "to_organisation",
    ]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class BurnedInline(ScopedInline):
    model = BurnedStakeholder
    autocomplete_fields = ["stakeholder", "process"]


@admin.register(PastProcess)
class PastProcessAdmin(ScopedAdmin):
    list_display = ["name", "years_display", "outcome", "locality", "burned_count"]
    list_filter = ["outcome", LOCALITY_FILTER]
    search_fields = ["name", "description", "lessons"]
    inlines = [BurnedInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_burned=Count("burns"))

    @admin.display(description=_("years"), ordering="start_year")
    def years_display(self, obj):
        # Left to right as one unit: in a right-to-left cell "2022–2024" reads "2024–2022".
        return format_html('<bdi dir="ltr">{}</bdi>', obj.years)

    @admin.display(description=_("burned stakeholders"), ordering="_burned")
    def burned_count(self, obj):
        return obj._burned


@admin.register(BurnedStakeholder)
class BurnedStakeholderAdmin(ScopedAdmin):
    list_display = ["stakeholder", "process"]
    list_filter = [("process", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["stakeholder__first_name", "stakeholder__last_name", "process__name", "note"]
    list_select_related = ["stakeholder", "process"]
    autocomplete_fields = ["stakeholder", "process"]
