"""The locality's history and web: relationships, past processes and who was burned."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from stakeholders.enums import (
    EDITOR_ROLES,
)
from stakeholders.models.locality import Locality, ScopedQuerySet, locality_ids, sees_everything
from stakeholders.models.organisations import Organisation
from stakeholders.models.people import Stakeholder

# --- Relationships -------------------------------------------------------------------------


class RelationshipQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        # Sensitive relationships are for the people who work with them, not for viewers.
        visible = super().visible_to(user)
        if sees_everything(user):
            return visible
        return visible.filter(Q(sensitive=False) | Q(locality__in=locality_ids(user, EDITOR_ROLES)))

    def sensitive(self):
        return self.filter(sensitive=True)

    def touching(self, stakeholder):
        return self.filter(Q(from_stakeholder=stakeholder) | Q(to_stakeholder=stakeholder))


class Relationship(models.Model):
    """A tie between two people or bodies; some are sensitive and must be handled with care."""

    class Kind(models.TextChoices):
        ALLY = "ally", _("Allies")
        TENSION = "tension", _("Rivalry or tension")
        REPORTS_TO = "reports_to", _("Reports to")
        FAMILY = "family", _("Family")
        WORKS_WITH = "works_with", _("Works with")
        OTHER = "other", _("Other")

    locality = models.ForeignKey(
        Locality, on_delete=models.PROTECT, related_name="relationships", verbose_name=_("locality")
    )
    from_stakeholder = models.ForeignKey(
        Stakeholder,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="relationships_from",
        verbose_name=_("from person"),
    )
    from_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="relationships_from",
        verbose_name=_("from organisation"),
    )
    to_stakeholder = models.ForeignKey(
        Stakeholder,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="relationships_to",
        verbose_name=_("to person"),
    )
    to_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="relationships_to",
        verbose_name=_("to organisation"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_("Shown only to coordinators and admins."),
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords(
        verbose_name=_("relationship change"), verbose_name_plural=_("relationship changes")
    )
    objects = RelationshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(from_stakeholder__isnull=False, from_organisation__isnull=True)
                    | Q(from_stakeholder__isnull=True, from_organisation__isnull=False)
                )
                & (
                    Q(to_stakeholder__isnull=False, to_organisation__isnull=True)
                    | Q(to_stakeholder__isnull=True, to_organisation__isnull=False)
                ),
                name="relationship_has_one_party_on_each_side",
                violation_error_message=_(
                    "Choose one person or one organisation on each side of the relationship."
                ),
            ),
        ]
        indexes = [models.Index(fields=["locality", "sensitive"], name="relationship_sensitive")]

    def __str__(self):
        return f"{self.source} – {self.target} ({self.get_kind_display()})"

    @property
    def source(self):
        return self.from_stakeholder or self.from_organisation

    @property
    def target(self):
        return self.to_stakeholder or self.to_organisation

    def clean(self):
        parties = [
            p
            for p in (
                self.from_stakeholder if self.from_stakeholder_id else None,
                self.from_organisation if self.from_organisation_id else None,
                self.to_stakeholder if self.to_stakeholder_id else None,
                self.to_organisation if self.to_organisation_id else None,
            )
            if p is not None
        ]
        if self.locality_id and any(p.locality_id != self.locality_id for p in parties):
            raise ValidationError(
                _("Both sides of a relationship must be in the relationship's locality."),
                code="other_locality",
            )
        if (self.from_stakeholder_id and self.from_stakeholder_id == self.to_stakeholder_id) or (
            self.from_organisation_id and self.from_organisation_id == self.to_organisation_id
        ):
            raise ValidationError(
                _("A relationship needs two different sides."), code="self_relationship"
            )


# --- Locality history ----------------------------------------------------------------------


class PastProcessQuerySet(ScopedQuerySet):
    pass


class PastProcess(models.Model):
    """An earlier similar process in the locality, and what it left behind."""

    class Outcome(models.TextChoices):
        FAILED = "failed", _("Failed")
        PARTIAL = "partial", _("Partly succeeded")
        SUCCEEDED = "succeeded", _("Succeeded")

    locality = models.ForeignKey(
        Locality,
        on_delete=models.PROTECT,
        related_name="past_processes",
        verbose_name=_("locality"),
    )
    name = models.CharField(_("name"), max_length=200)
    start_year = models.PositiveSmallIntegerField(
        _("from year"), validators=[MinValueValidator(1948), MaxValueValidator(2100)]
    )
    end_year = models.PositiveSmallIntegerField(
        _("to year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1948), MaxValueValidator(2100)],
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    description = models.TextField(_("what happened"), blank=True)
    lessons = models.TextField(_("lessons learned"), blank=True)
    burned_stakeholders = models.ManyToManyField(
        Stakeholder,
        through="BurnedStakeholder",
        related_name="burned_by",
        blank=True,
        verbose_name=_("burned stakeholders"),
    )

    objects = PastProcessQuerySet.as_manager()

    class Meta:
        verbose_name = _("past process")
        verbose_name_plural = _("locality history")
        ordering = ["-start_year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True) | Q(end_year__gte=models.F("start_year")),
                name="past_process_years_in_order",
                violation_error_message=_("The process cannot end before it starts."),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def years(self):
        if self.end_year and self.end_year != self.start_year:
            return f"{self.start_year}–{self.end_year}"
        return str(self.start_year)


class BurnedStakeholderQuerySet(ScopedQuerySet):
    locality_lookup = "process__locality"


class BurnedStakeholder(models.Model):
    """Someone who was 'burned' (נכווה) by an earlier process: approach with care."""

    process = models.ForeignKey(
        PastProcess, on_delete=models.CASCADE, related_name="burns", verbose_name=_("process")
    )
    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="burns", verbose_name=_("stakeholder")
    )
    note = models.TextField(_("how they were burned"), blank=True)

    objects = BurnedStakeholderQuerySet.as_manager()

    class Meta:
        verbose_name = _("burned stakeholder")
        verbose_name_plural = _("burned stakeholders")
        constraints = [
            models.UniqueConstraint(
                fields=["process", "stakeholder"], name="burned_once_per_process"
            )
        ]

    def __str__(self):
        return f"{self.stakeholder} · {self.process}"

    def clean(self):
        if (
            self.process_id
            and self.stakeholder_id
            and self.process.locality_id != self.stakeholder.locality_id
        ):
            raise ValidationError(
                _("The person and the process must be in the same locality."),
                code="other_locality",
            )
