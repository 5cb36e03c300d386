"""Organisations: centres of influence and regional bodies, by sector and scope."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from stakeholders.enums import (
    Sector,
)
from stakeholders.models.locality import Locality, ScopedQuerySet

# --- Organisations -------------------------------------------------------------------------


class OrganisationQuerySet(ScopedQuerySet):
    pass


class Organisation(models.Model):
    """A centre of influence or a regional body: a company, a college, a ministry..."""

    class Scope(models.TextChoices):
        LOCAL = "local", _("Local")
        REGIONAL = "regional", _("Regional")
        NATIONAL = "national", _("National")

    class Kind(models.TextChoices):
        MUNICIPAL_UNIT = "municipal_unit", _("Municipal unit or company")
        COMMUNITY_CENTRE = "community_centre", _("Community centre")
        SCHOOL = "school", _("School")
        BUSINESS = "business", _("Company or factory")
        ACADEMIC = "academic", _("College or research institute")
        FOUNDATION = "foundation", _("Foundation or donor")
        CIVIL_SOCIETY = "civil_society", _("Civil-society organisation")
        GOVERNMENT_MINISTRY = "government_ministry", _("Government ministry")
        COMMUNITY_GROUP = "community_group", _("Community or grassroots group")
        OTHER = "other", _("Other")

    locality = models.ForeignKey(
        Locality,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("locality"),
    )
    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices, default=Scope.LOCAL)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(
        verbose_name=_("organisation change"), verbose_name_plural=_("organisation changes")
    )
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["locality", "name"], name="organisation_name_unique_in_locality"
            )
        ]
        indexes = [models.Index(fields=["locality", "sector"], name="org_locality_sector")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("stakeholders:organisation_detail", args=[self.pk])

    @property
    def is_regional_body(self):
        """Government ministries and regional civil-society organisations (the guide's term)."""
        return self.scope != self.Scope.LOCAL
