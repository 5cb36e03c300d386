"""Stakeholders, the organisations they represent and their consent history."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Case, Exists, OuterRef, Q, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from stakeholders.enums import (
    CONSENT_ORDER,
    ConsentLevel,
    Sector,
)
from stakeholders.models.locality import Locality, ScopedQuerySet, own_stakeholder_ids
from stakeholders.models.organisations import Organisation
from stakeholders.phones import format_israeli_phone, normalize_israeli_phone

BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")

# --- Stakeholders --------------------------------------------------------------------------


class StakeholderQuerySet(ScopedQuerySet):
    def staff_q(self, user):
        # A municipal official who logs in sees their own record and nobody else's.
        return Q(pk__in=own_stakeholder_ids(user))

    def officials(self):
        return self.filter(kind=Stakeholder.Kind.OFFICIAL)

    def influential_by_personality(self):
        return self.filter(
            influence_basis__in=[
                Stakeholder.InfluenceBasis.PERSONALITY,
                Stakeholder.InfluenceBasis.BOTH,
            ]
        )

    def burned(self):
        # A semi-join on the small table of burns, not a probe per stakeholder.
        from stakeholders.models.history import BurnedStakeholder

        return self.filter(pk__in=BurnedStakeholder.objects.values("stakeholder_id"))

    def refresh_last_contact(self):
        """Set `last_contact` from the interactions, for every stakeholder in the queryset.

        Called only by `services.engagement`, through which every interaction is written.
        """
        from stakeholders.models.engagement import Interaction

        latest = (
            Interaction.objects.filter(stakeholder=OuterRef("pk"))
            .order_by("-occurred_at")
            .values("occurred_at")[:1]
        )
        return self.update(last_contact=Subquery(latest))

    def with_consent_order(self):
        """Annotate `consent_order`: opposed < unknown < passive < active, for sorting."""
        return self.annotate(
            consent_order=Case(
                *[When(consent_level=level, then=Value(rank)) for level, rank in CONSENT_ORDER],
                output_field=models.IntegerField(),
            )
        )

    def search(self, text, *, contacts=True):
        """Name, organisation or role contains the text; with `contacts`, phone or email too.

        Roles that may not see contact details do not search by them either: a match would
        tell them whose number it is.
        """
        text = (text or "").strip()
        if not text:
            return self
        condition = Exists(
            Representation.objects.filter(
                stakeholder=OuterRef("pk"), organisation__name__icontains=text
            )
        )
        for field in [
            "first_name",
            "last_name",
            "job_title",
            "division",
            "department",
            "community",
        ]:
            condition |= Q(**{f"{field}__icontains": text})
        # "דנה כהן": every word must match some part of the name.
        words = text.split()
        if len(words) > 1:
            condition |= Q(
                *[Q(first_name__icontains=word) | Q(last_name__icontains=word) for word in words]
            )
        if not contacts:
            return self.filter(condition)
        condition |= Q(email__icontains=text)
        digits = "".join(ch for ch in text if ch.isascii() and ch.isdigit())
        if len(digits) >= 3:
            # Stored numbers are E.164 (+9725...); a typed local number starts with 0.
            condition |= Q(phone__contains=digits.removeprefix("972").lstrip("0") or digits)
        return self.filter(condition)


class Stakeholder(models.Model):
    class Kind(models.TextChoices):
        RESIDENT = "resident", _("Resident")
        OFFICIAL = "official", _("Municipal official")
        INFLUENCE_CENTRE = "influence_centre", _("Centre of influence")
        REGIONAL_BODY = "regional_body", _("Regional body")

    class Position(models.TextChoices):
        SENIOR_STAFF = "senior_staff", _("Senior staff")
        DIVISION_HEAD = "division_head", _("Division head")
        DEPARTMENT_HEAD = "department_head", _("Department head")
        SERVICE_PROVIDER = "service_provider", _("Service provider")
        ELECTED = "elected", _("Elected official")
        OTHER = "other", _("Other")

    class InfluenceBasis(models.TextChoices):
        UNKNOWN = "", _("Not assessed")
        POSITION = "position", _("By position")
        PERSONALITY = "personality", _("By personality")
        BOTH = "both", _("By position and personality")

    locality = models.ForeignKey(
        Locality, on_delete=models.PROTECT, related_name="stakeholders", verbose_name=_("locality")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80, blank=True)
    sector = models.CharField(
        _("sector"),
        max_length=20,
        choices=Sector.choices,
        blank=True,
        help_text=_("The sector the person speaks for; officials are in the public sector."),
    )

    # Residents and communities
    community = models.CharField(
        _("community or group"),
        max_length=120,
        blank=True,
        help_text=_("Neighbourhood, community or grassroots group the resident belongs to."),
    )
    is_social_activist = models.BooleanField(_("social activist"), default=False)

    # Municipal officials
    division = models.CharField(_("division"), max_length=120, blank=True)
    department = models.CharField(_("department"), max_length=120, blank=True)
    position = models.CharField(_("position"), max_length=20, choices=Position.choices, blank=True)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)

    organisations = models.ManyToManyField(
        Organisation,
        through="Representation",
        related_name="representatives",
        blank=True,
        verbose_name=_("organisations represented"),
    )

    # Contact details: personal data, shown only to roles that work with people.
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)

    influence_level = models.PositiveSmallIntegerField(
        _("influence level"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 (little) to 5 (decisive)."),
    )
    influence_basis = models.CharField(
        _("influence basis"), max_length=20, choices=InfluenceBasis.choices, blank=True
    )

    # Kept in step with the last ConsentChange, in the same transaction (change_consent).
    consent_level = models.CharField(
        _("consent level"),
        max_length=20,
        choices=ConsentLevel.choices,
        default=ConsentLevel.UNKNOWN,
        editable=False,
    )
    consent_changed_at = models.DateTimeField(
        _("consent changed at"), null=True, blank=True, editable=False
    )
    # The latest interaction's date, kept here because "no contact in N days" is asked of
    # every stakeholder on every dashboard and register page; see refresh_last_contact().
    last_contact = models.DateTimeField(_("last contact"), null=True, blank=True, editable=False)

    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # last_contact follows the interactions (their own rows are the record of it).
    history = HistoricalRecords(
        excluded_fields=["last_contact"],
        verbose_name=_("stakeholder change"),
        verbose_name_plural=_("stakeholder changes"),
    )
    objects = StakeholderQuerySet.as_manager()

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["last_name", "first_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(influence_level__isnull=True)
                | Q(influence_level__gte=1, influence_level__lte=5),
                name="influence_level_between_1_and_5",
            ),
        ]
        indexes = [
            models.Index(fields=["locality", "last_name", "first_name"], name="sh_locality_name"),
            models.Index(fields=["locality", "kind", "consent_level"], name="sh_locality_kind"),
            models.Index(fields=["locality", "consent_level"], name="sh_locality_consent"),
            models.Index(fields=["locality", "phone"], name="sh_locality_phone"),
            models.Index(fields=["locality", "email"], name="sh_locality_email"),
            models.Index(fields=["locality", "last_contact"], name="sh_locality_last_contact"),
            models.Index(
                fields=["locality", "influence_level", "consent_level"],
                name="sh_locality_influence",
            ),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("stakeholders:stakeholder_detail", args=[self.pk])

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def phone_display(self):
        return format_israeli_phone(self.phone)

    def clean_fields(self, exclude=None):
        # Normalise before validation so the stored form is the same however it was typed.
        if self.phone and not (exclude and "phone" in exclude):
            try:
                self.phone = normalize_israeli_phone(self.phone)
            except ValidationError as error:
                raise ValidationError({"phone": error.messages}) from error
        # Direction marks pasted with an address would hide a duplicate from the email match.
        self.email = BIDI_CONTROLS.sub("", self.email or "").strip().lower()
        super().clean_fields(exclude=exclude)

    def clean(self):
        if self.kind == self.Kind.OFFICIAL and not self.sector:
            self.sector = Sector.PUBLIC
        if self.kind in (self.Kind.INFLUENCE_CENTRE, self.Kind.REGIONAL_BODY) and not self.sector:
            raise ValidationError(
                {"sector": _("Choose the sector this representative belongs to.")},
                code="sector_required",
            )
        if self.influence_level and not self.influence_basis:
            raise ValidationError(
                {
                    "influence_basis": _(
                        "Say whether the influence comes from position or personality."
                    )
                },
                code="influence_basis_required",
            )

    def possible_duplicates(self):
        """Other stakeholders of the locality with the same phone or email."""
        condition = Q()
        if self.phone:
            condition |= Q(phone=self.phone)
        if self.email:
            condition |= Q(email__iexact=self.email)
        if not condition:
            return Stakeholder.objects.none()
        return (
            Stakeholder.objects.filter(locality_id=self.locality_id)
            .filter(condition)
            .exclude(pk=self.pk)
        )

    def change_consent(self, *, level, by, evidence="", note="", at=None, membership=None):
        """Append a consent change and move the current level with it, atomically.

        A change may be back-dated (a meeting logged a week late). Its previous level is the
        one in force at that moment, and the change that follows it in time now starts from
        the new level: `old_level` is derived from the order of the history, so it is kept
        true to that order. What was recorded (level, evidence, note, who, when) never
        changes, and the current level is always the latest change's.
        """
        if level not in ConsentLevel.values:
            raise ValidationError(_("Unknown consent level."), code="invalid_consent_level")
        at = at or timezone.now()
        with transaction.atomic():
            # Lock the row so two coordinators recording at once cannot interleave and leave
            # the current level out of step with the history.
            Stakeholder.objects.select_for_update().only("pk").get(pk=self.pk)
            history = ConsentChange.objects.filter(stakeholder=self)
            before = history.filter(at__lte=at).order_by("-at", "-pk").first()
            following = history.filter(at__gt=at).order_by("at", "pk").first()
            change = ConsentChange(
                stakeholder=self,
                old_level=before.new_level if before else ConsentLevel.UNKNOWN,
                new_level=level,
                evidence=evidence,
                note=note,
                changed_by=by,
                at=at,
                membership=membership,
            )
            change.full_clean()
            change.save()
            if following is not None:
                ConsentChange.objects.filter(pk=following.pk).update(old_level=level)
            latest = history.order_by("-at", "-pk").first() if following else change
            Stakeholder.objects.filter(pk=self.pk).update(
                consent_level=latest.new_level, consent_changed_at=latest.at
            )
        self.consent_level = latest.new_level
        self.consent_changed_at = latest.at
        return change


class RepresentationQuerySet(ScopedQuerySet):
    locality_lookup = "stakeholder__locality"


class Representation(models.Model):
    """A person speaks for an organisation (a director, a representative, a volunteer)."""

    stakeholder = models.ForeignKey(
        Stakeholder,
        on_delete=models.CASCADE,
        related_name="representations",
        verbose_name=_("stakeholder"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="representations",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role in the organisation"), max_length=120, blank=True)

    objects = RepresentationQuerySet.as_manager()

    class Meta:
        verbose_name = _("representation")
        verbose_name_plural = _("representations")
        constraints = [
            models.UniqueConstraint(
                fields=["stakeholder", "organisation"], name="one_representation_per_pair"
            )
        ]

    def __str__(self):
        return f"{self.stakeholder} · {self.organisation}"

    def clean(self):
        if (
            self.stakeholder_id
            and self.organisation_id
            and self.stakeholder.locality_id != self.organisation.locality_id
        ):
            raise ValidationError(
                _("The person and the organisation must be in the same locality."),
                code="other_locality",
            )


# --- Consent -------------------------------------------------------------------------------


class ConsentChangeQuerySet(ScopedQuerySet):
    locality_lookup = "stakeholder__locality"


class ConsentChange(models.Model):
    """One step in a stakeholder's consent: appended, never edited."""

    class Evidence(models.TextChoices):
        NONE = "", _("None recorded")
        COMMITTEE_SEAT = "committee_seat", _("Committee seat")
        TASK_TEAM_SEAT = "task_team_seat", _("Task-team seat")
        PROMOTES = "promotes", _("Promotes the program")
        EMBEDS = "embeds", _("Embeds it in their division")
        OTHER = "other", _("Other")

    stakeholder = models.ForeignKey(
        Stakeholder,
        on_delete=models.CASCADE,
        related_name="consent_changes",
        verbose_name=_("stakeholder"),
    )
    old_level = models.CharField(_("previous level"), max_length=20, choices=ConsentLevel.choices)
    new_level = models.CharField(_("new level"), max_length=20, choices=ConsentLevel.choices)
    evidence = models.CharField(_("evidence"), max_length=20, choices=Evidence.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    at = models.DateTimeField(_("date"), default=timezone.now)
    membership = models.ForeignKey(
        "Membership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consent_changes",
        verbose_name=_("membership"),
        help_text=_("The seat that is the evidence, when there is one."),
    )

    history = HistoricalRecords(
        verbose_name=_("consent record change"), verbose_name_plural=_("consent record changes")
    )
    objects = ConsentChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent change")
        verbose_name_plural = _("consent history")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["stakeholder", "at"], name="consent_stakeholder_at")]

    def __str__(self):
        return (
            f"{self.stakeholder}: {self.get_old_level_display()} → {self.get_new_level_display()}"
        )
