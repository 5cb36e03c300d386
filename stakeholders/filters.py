"""Filters of the stakeholder register (django-filter), shared by the list and its export."""

import datetime

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stakeholders.models import (
    Committee,
    ConsentLevel,
    Membership,
    Organisation,
    Relationship,
    Sector,
    Stakeholder,
)
from stakeholders.widgets import PlainSelect

ALL = _("All")
NO_SECTOR = "none"
YES_NO = [("yes", _("Yes")), ("no", _("No"))]

SORTS = {
    "name": ("last_name", "first_name", "pk"),
    "-name": ("-last_name", "-first_name", "-pk"),
    "consent": ("consent_order", "last_name", "pk"),
    "-consent": ("-consent_order", "last_name", "pk"),
    # People not assessed come last either way (PostgreSQL would put them first when descending).
    "influence": (F("influence_level").asc(nulls_last=True), "last_name", "pk"),
    "-influence": (F("influence_level").desc(nulls_last=True), "last_name", "pk"),
    "contact": (F("last_contact").asc(nulls_first=True), "last_name", "pk"),
    "-contact": (F("last_contact").desc(nulls_last=True), "last_name", "pk"),
    "-created": ("-created_at", "-pk"),
}
SORT_CHOICES = [
    ("name", _("Name (A to Z)")),
    ("-name", _("Name (Z to A)")),
    ("-consent", _("Consent (active first)")),
    ("consent", _("Consent (opposed first)")),
    ("-influence", _("Influence (highest first)")),
    ("influence", _("Influence (lowest first)")),
    ("contact", _("Last contact (longest ago first)")),
    ("-contact", _("Last contact (most recent first)")),
    ("-created", _("Recently added")),
]


class StakeholderFilter(django_filters.FilterSet):
    """Every filter of the register. The free-text search is applied by the view (see
    `views.register`) because its text must not travel in the address."""

    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Stakeholder.Kind.choices, empty_label=ALL, widget=PlainSelect
    )
    # "none" lists the people without a sector, so that a breakdown by sector adds up to its
    # total and its "no sector" row opens the people it counts.
    sector = django_filters.ChoiceFilter(
        label=_("Sector"),
        choices=[*Sector.choices, (NO_SECTOR, _("No sector"))],
        method="filter_sector",
        empty_label=ALL,
    )
    consent = django_filters.MultipleChoiceFilter(
        label=_("Consent level"),
        field_name="consent_level",
        choices=ConsentLevel.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    influence_min = django_filters.NumberFilter(
        label=_("Influence at least"),
        field_name="influence_level",
        lookup_expr="gte",
        min_value=1,
        max_value=5,
    )
    influence = django_filters.ChoiceFilter(
        label=_("Influence level"),
        choices=[*[(str(n), str(n)) for n in range(5, 0, -1)], ("none", _("Not assessed"))],
        method="filter_influence",
        empty_label=ALL,
        widget=PlainSelect,
    )
    influence_basis = django_filters.ChoiceFilter(
        label=_("Influence basis"),
        choices=[c for c in Stakeholder.InfluenceBasis.choices if c[0]],
        method="filter_influence_basis",
        empty_label=ALL,
        widget=PlainSelect,
    )
    committee = django_filters.ModelChoiceFilter(
        label=_("Committee or task team"),
        queryset=Committee.objects.none(),
        method="filter_committee",
        empty_label=ALL,
        widget=PlainSelect,
    )
    # Seats whose term ends within TERM_REMINDER_DAYS, or ended with the seat still open: the
    # same rule as the body's page, the dashboard and the reminder mails.
    term = django_filters.ChoiceFilter(
        label=_("Term on a body"),
        choices=[("ending", _("Term ends soon")), ("ended", _("Term ended, seat not closed"))],
        method="filter_term",
        empty_label=ALL,
        widget=PlainSelect,
    )
    # Chosen from an organisation's page, not from a list: a city maps thousands of them.
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        field_name="organisations",
        widget=forms.HiddenInput,
    )
    burned = django_filters.ChoiceFilter(
        label=_("Burned by an earlier process"),
        choices=YES_NO,
        method="filter_burned",
        empty_label=ALL,
        widget=PlainSelect,
    )
    sensitive = django_filters.ChoiceFilter(
        label=_("Has sensitive relationships"),
        choices=YES_NO,
        method="filter_sensitive",
        empty_label=ALL,
        widget=PlainSelect,
    )
    no_contact_days = django_filters.NumberFilter(
        label=_("No contact in the last N days"),
        method="filter_no_contact",
        min_value=1,
        max_value=3650,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=SORT_CHOICES,
        method="filter_sort",
        empty_label=None,
        widget=PlainSelect,
    )

    class Meta:
        model = Stakeholder
        fields = []

    def __init__(self, data=None, *args, locality, can_see_sensitive, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["committee"].queryset = Committee.objects.in_locality(locality)
        self.filters["organisation"].queryset = Organisation.objects.in_locality(locality)
        if not can_see_sensitive:
            # Whether someone has a sensitive relationship is itself sensitive.
            del self.filters["sensitive"]

    @property
    def form(self):
        # The register renders this form on every page view: Bootstrap classes are set here
        # and the template lays the fields out itself, which is several times cheaper than
        # crispy-forms for a form with long option lists.
        form = super().form
        if not getattr(form, "_styled", False):
            for field in form.fields.values():
                widget = field.widget
                if isinstance(widget, forms.CheckboxSelectMultiple):
                    widget.attrs["class"] = "form-check-input"
                elif isinstance(widget, forms.Select):
                    widget.attrs["class"] = "form-select form-select-sm"
                elif isinstance(widget, forms.NumberInput | forms.TextInput):
                    widget.attrs["class"] = "form-control form-control-sm"
            form._styled = True
        return form

    def filter_sector(self, queryset, name, value):
        return queryset.filter(sector="" if value == NO_SECTOR else value)

    def filter_influence(self, queryset, name, value):
        if value == "none":
            return queryset.filter(influence_level__isnull=True)
        return queryset.filter(influence_level=int(value))

    def filter_influence_basis(self, queryset, name, value):
        if value == Stakeholder.InfluenceBasis.PERSONALITY:
            # "Influential by personality" includes those influential by both.
            return queryset.influential_by_personality()
        if value == Stakeholder.InfluenceBasis.POSITION:
            return queryset.filter(
                influence_basis__in=[
                    Stakeholder.InfluenceBasis.POSITION,
                    Stakeholder.InfluenceBasis.BOTH,
                ]
            )
        return queryset.filter(influence_basis=value)

    def filter_committee(self, queryset, name, value):
        seats = Membership.objects.current().filter(committee=value, stakeholder=OuterRef("pk"))
        return queryset.filter(Exists(seats))

    def filter_term(self, queryset, name, value):
        today = timezone.localdate()
        seats = Membership.objects.all()
        seats = seats.term_ended(today) if value == "ended" else seats.term_ending(today)
        return queryset.filter(Exists(seats.filter(stakeholder=OuterRef("pk"))))

    def filter_burned(self, queryset, name, value):
        return queryset.burned() if value == "yes" else queryset.exclude(burns__isnull=False)

    def filter_sensitive(self, queryset, name, value):
        ties = Relationship.objects.sensitive().filter(
            Q(from_stakeholder=OuterRef("pk")) | Q(to_stakeholder=OuterRef("pk"))
        )
        return queryset.filter(Exists(ties)) if value == "yes" else queryset.exclude(Exists(ties))

    def filter_no_contact(self, queryset, name, value):
        since = timezone.now() - datetime.timedelta(days=int(value))
        return queryset.filter(Q(last_contact__lt=since) | Q(last_contact__isnull=True))

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS["name"]))
