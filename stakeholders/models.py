"""The stakeholder map of one locality, as the Kehila Metiva guide describes it.

See DOMAIN.md: residents and communities, municipal officials, centres of influence in five
sectors and regional bodies; committees and task teams; consent that moves from passive to
active; the locality's history, its sensitive relationships and people influential by
personality rather than position.
"""

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

from stakeholders import access
from stakeholders.enums import CONSENT_ORDER, ConsentLevel, Role, SeatRole, Sector  # noqa: F401
from stakeholders.phones import format_israeli_phone, normalize_israeli_phone


def user_display_name(user, empty=""):
    """How a user is named on pages, exports and mails: full name, else username."""
    if user is None:
        return empty
    return user.get_full_name() or user.get_username()


# --- Scoping -------------------------------------------------------------------------------


class ScopedQuerySet(models.QuerySet):
    """Records that belong to a locality, filtered to what a user may see.

    `locality_lookup` is the path from the model to its locality. Admins, coordinators and
    viewers see their localities' records; municipal staff see only what `staff_q` allows
    (by default nothing); superusers see everything.
    """

    locality_lookup = "locality"

    def visible_to(self, user):
        if access.sees_everything(user):
            return self
        if not getattr(user, "is_authenticated", False):
            return self.none()
        wide = access.locality_ids(user, access.LOCALITY_WIDE_ROLES)
        condition = Q(**{f"{self.locality_lookup}__in": wide})
        staff_condition = self.staff_q(user)
        if staff_condition is not None:
            condition |= staff_condition
        return self.filter(condition)

    def editable_by(self, user):
        """Records the user may change: admins' and coordinators' localities."""
        if access.sees_everything(user):
            return self
        editable = access.locality_ids(user, access.EDITOR_ROLES)
        return self.filter(**{f"{self.locality_lookup}__in": editable})

    def administered_by(self, user):
        """Records in Django admin: the localities the user administers."""
        if access.sees_everything(user):
            return self
        administered = access.locality_ids(user, [Role.ADMIN])
        return self.filter(**{f"{self.locality_lookup}__in": administered})

    def in_locality(self, locality):
        return self.filter(**{self.locality_lookup: locality})

    def staff_q(self, user):
        return None


# Invisible direction marks and overrides that copy-paste brings along in RTL text.
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")

# --- Localities and access -----------------------------------------------------------------


class LocalityQuerySet(models.QuerySet):
    def visible_to(self, user):
        if access.sees_everything(user):
            return self
        return self.filter(pk__in=[locality_id for locality_id, _, _ in access.grants(user)])

    def administered_by(self, user):
        if access.sees_everything(user):
            return self
        return self.filter(pk__in=access.locality_ids(user, [Role.ADMIN]))


class Locality(models.Model):
    """A local authority (municipality or local council) that runs the program."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("short name"), max_length=60, unique=True, allow_unicode=True)
    district = models.CharField(_("district"), max_length=80, blank=True)
    official_active_target = models.PositiveSmallIntegerField(
        _("target share of officials with active consent (%)"),
        default=51,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("The guide asks that most officials give active consent: more than half."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = LocalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("locality")
        verbose_name_plural = _("localities")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(official_active_target__gte=1, official_active_target__lte=100),
                name="locality_target_is_a_percentage",
            )
        ]

    def __str__(self):
        return self.name


class LocalityAccessQuerySet(ScopedQuerySet):
    pass


class LocalityAccess(models.Model):
    """A user's role in one locality. A user may work in several localities."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="locality_accesses",
        verbose_name=_("user"),
    )
    locality = models.ForeignKey(
        Locality, on_delete=models.CASCADE, related_name="accesses", verbose_name=_("locality")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    stakeholder = models.ForeignKey(
        "Stakeholder",
        # A staff login exists to reach its own record; without the record it means nothing.
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="logins",
        verbose_name=_("stakeholder record"),
        help_text=_("For municipal staff: the official this login belongs to."),
    )

    objects = LocalityAccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("locality access")
        verbose_name_plural = _("locality accesses")
        ordering = ["locality__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "locality"], name="one_role_per_locality")
        ]

    def __str__(self):
        return f"{self.user} · {self.locality} · {self.get_role_display()}"

    def clean(self):
        if self.role == Role.OFFICIAL and not self.stakeholder_id:
            raise ValidationError(
                {"stakeholder": _("A municipal staff login must be linked to its official.")},
                code="staff_without_stakeholder",
            )
        if (
            self.stakeholder_id
            and self.locality_id
            and self.stakeholder.locality_id != self.locality_id
        ):
            raise ValidationError(
                {"stakeholder": _("The stakeholder belongs to another locality.")},
                code="stakeholder_other_locality",
            )


class UserPreference(models.Model):
    """A user's own interface settings, kept on the user so they follow them to any device.

    Not locality data: the user chooses it in the interface; only superusers manage it in admin.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="preference",
        verbose_name=_("user"),
    )
    language = models.CharField(
        _("interface language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )

    class Meta:
        verbose_name = _("user preference")
        verbose_name_plural = _("user preferences")

    def __str__(self):
        return f"{self.user} · {self.get_language_display()}"


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


# --- Stakeholders --------------------------------------------------------------------------


class StakeholderQuerySet(ScopedQuerySet):
    def staff_q(self, user):
        # A municipal official who logs in sees their own record and nobody else's.
        return Q(pk__in=access.own_stakeholder_ids(user))

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
        return self.filter(pk__in=BurnedStakeholder.objects.values("stakeholder_id"))

    def refresh_last_contact(self):
        """Set `last_contact` from the interactions, for every stakeholder in the queryset.

        Called wherever interactions are written (the interaction form, the admin, imports,
        the demo and benchmark builders).
        """
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

    def refresh_last_contact(self):
        Stakeholder.objects.filter(pk=self.pk).refresh_last_contact()
        self.refresh_from_db(fields=["last_contact"])

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


# --- Committees and task teams -------------------------------------------------------------


class CommitteeQuerySet(ScopedQuerySet):
    def staff_q(self, user):
        # Committee names are not personal data; staff see the bodies of their locality so
        # they can follow their own seats and ask to join a task team.
        return Q(locality__in=access.locality_ids(user, [Role.OFFICIAL]))

    def task_teams(self):
        return self.filter(kind=Committee.Kind.TASK_TEAM)

    def open_to_requests(self):
        return self.filter(kind=Committee.Kind.TASK_TEAM, accepting_members=True)


class Committee(models.Model):
    """A steering committee, a committee or a task team."""

    class Kind(models.TextChoices):
        STEERING = "steering", _("Steering committee")
        COMMITTEE = "committee", _("Committee")
        TASK_TEAM = "task_team", _("Task team")

    locality = models.ForeignKey(
        Locality, on_delete=models.PROTECT, related_name="committees", verbose_name=_("locality")
    )
    name = models.CharField(_("name"), max_length=160)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COMMITTEE)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="task_teams",
        verbose_name=_("parent committee"),
        help_text=_("A task team may work under a committee."),
    )
    description = models.TextField(_("description"), blank=True)
    accepting_members = models.BooleanField(
        _("open to requests to join"),
        default=False,
        help_text=_("Municipal staff may ask to join it from their own page."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee or task team")
        verbose_name_plural = _("committees and task teams")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["locality", "name"], name="committee_name_unique_in_locality"
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | Q(kind="task_team"),
                name="only_task_teams_have_a_parent",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("stakeholders:committee_detail", args=[self.pk])

    @property
    def is_task_team(self):
        return self.kind == self.Kind.TASK_TEAM

    @property
    def seat_evidence(self):
        """The consent evidence a seat on this body gives."""
        if self.is_task_team:
            return ConsentChange.Evidence.TASK_TEAM_SEAT
        return ConsentChange.Evidence.COMMITTEE_SEAT

    def clean(self):
        if self.parent_id:
            if self.kind != self.Kind.TASK_TEAM:
                raise ValidationError(
                    {"parent": _("Only a task team can belong to a committee.")},
                    code="parent_not_task_team",
                )
            if self.parent.is_task_team:
                raise ValidationError(
                    {"parent": _("A task team belongs to a committee, not to another task team.")},
                    code="parent_is_task_team",
                )
            if self.parent.locality_id != self.locality_id:
                raise ValidationError(
                    {"parent": _("The parent committee is in another locality.")},
                    code="parent_other_locality",
                )


class MembershipQuerySet(ScopedQuerySet):
    locality_lookup = "committee__locality"

    def staff_q(self, user):
        return Q(stakeholder__in=access.own_stakeholder_ids(user))

    def current(self):
        """Seats not closed. A term that ends in the future is still a current seat."""
        return self.filter(end_date__isnull=True)


class Membership(models.Model):
    """A seat on a committee or task team.

    `term_end_date` is when the term is due to end (a seat is still current until then, and
    after it until a coordinator closes it); `end_date` is when the person actually left.
    Closing a seat sets `end_date`; rows are kept as the body's history.
    """

    class Availability(models.TextChoices):
        AVAILABLE = "available", _("Available")
        LIMITED = "limited", _("Limited availability")
        UNAVAILABLE = "unavailable", _("Unavailable for now")

    committee = models.ForeignKey(
        Committee,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("committee or task team"),
    )
    stakeholder = models.ForeignKey(
        Stakeholder,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("stakeholder"),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=SeatRole.choices, default=SeatRole.MEMBER
    )
    start_date = models.DateField(_("start date"), default=timezone.localdate)
    term_end_date = models.DateField(_("term ends"), null=True, blank=True)
    end_date = models.DateField(_("left on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    availability = models.CharField(
        _("availability"),
        max_length=20,
        choices=Availability.choices,
        default=Availability.AVAILABLE,
    )
    availability_note = models.CharField(_("availability note"), max_length=200, blank=True)
    # The day `send_reminders` wrote about the term's end, so that a daily run writes once.
    term_reminder_sent_on = models.DateField(
        _("term-end reminder sent on"), null=True, blank=True, editable=False
    )

    history = HistoricalRecords(
        excluded_fields=["term_reminder_sent_on"],
        verbose_name=_("membership change"),
        verbose_name_plural=_("membership changes"),
    )
    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "stakeholder"],
                condition=Q(end_date__isnull=True),
                name="one_open_membership_per_person_and_body",
                violation_error_message=_("This person already holds a seat on this body."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_ends_after_it_starts",
                violation_error_message=_("A seat cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(term_end_date__isnull=True)
                | Q(term_end_date__gte=models.F("start_date")),
                name="membership_term_ends_after_it_starts",
                violation_error_message=_("A term cannot end before it starts."),
            ),
        ]
        indexes = [
            models.Index(fields=["stakeholder", "end_date"], name="membership_stakeholder"),
            models.Index(fields=["committee", "end_date"], name="membership_committee"),
        ]

    def __str__(self):
        return f"{self.stakeholder} · {self.committee} ({self.get_role_display()})"

    @property
    def is_current(self):
        return self.end_date is None

    def clean(self):
        if self.end_date and self.end_date > timezone.localdate():
            # A future date here would hide a sitting member as if they had left; a planned
            # end belongs in the term.
            raise ValidationError(
                {
                    "end_date": _(
                        "The leaving date cannot be in the future; set the term end instead."
                    )
                },
                code="end_date_in_future",
            )
        if (
            self.committee_id
            and self.stakeholder_id
            and self.committee.locality_id != self.stakeholder.locality_id
        ):
            raise ValidationError(
                _("The person and the committee must be in the same locality."),
                code="other_locality",
            )


# --- Relationships -------------------------------------------------------------------------


class RelationshipQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        # Sensitive relationships are for the people who work with them, not for viewers.
        visible = super().visible_to(user)
        if access.sees_everything(user):
            return visible
        return visible.filter(
            Q(sensitive=False) | Q(locality__in=access.locality_ids(user, access.EDITOR_ROLES))
        )

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


# --- Interactions and follow-ups -----------------------------------------------------------


class InteractionQuerySet(ScopedQuerySet):
    locality_lookup = "stakeholder__locality"


class Interaction(models.Model):
    """A meeting, call or message with a stakeholder."""

    class Channel(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        CALL = "call", _("Phone call")
        MESSAGE = "message", _("Message")
        EMAIL = "email", _("Email")
        EVENT = "event", _("Event")

    class Outcome(models.TextChoices):
        POSITIVE = "positive", _("Positive")
        NEUTRAL = "neutral", _("Neutral")
        NEGATIVE = "negative", _("Negative")
        NO_ANSWER = "no_answer", _("No answer")

    stakeholder = models.ForeignKey(
        Stakeholder,
        on_delete=models.CASCADE,
        related_name="interactions",
        verbose_name=_("stakeholder"),
    )
    occurred_at = models.DateTimeField(_("date"), default=timezone.now)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    summary = models.TextField(_("summary"))
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.NEUTRAL
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = InteractionQuerySet.as_manager()

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["stakeholder", "occurred_at"], name="interaction_stakeholder_at")
        ]

    def __str__(self):
        return f"{self.get_channel_display()} · {self.stakeholder}"


class FollowUpQuerySet(ScopedQuerySet):
    locality_lookup = "stakeholder__locality"

    def open(self):
        return self.filter(done_at__isnull=True)

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())


class FollowUp(models.Model):
    """Something to do next with a stakeholder, owned by a user, due on a date."""

    stakeholder = models.ForeignKey(
        Stakeholder,
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("stakeholder"),
    )
    interaction = models.ForeignKey(
        Interaction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("interaction"),
    )
    description = models.CharField(_("what to do"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="follow_ups",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due date"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["owner", "done_at", "due_date"], name="followup_owner_open"),
            models.Index(fields=["stakeholder", "done_at"], name="followup_stakeholder_open"),
        ]

    def __str__(self):
        return self.description

    @property
    def is_overdue(self):
        return self.done_at is None and self.due_date < timezone.localdate()

    def clean(self):
        if (
            self.interaction_id
            and self.stakeholder_id
            and self.interaction.stakeholder_id != self.stakeholder_id
        ):
            raise ValidationError(
                _("The follow-up and its interaction must be about the same person."),
                code="other_stakeholder",
            )

    def mark_done(self, at=None):
        self.done_at = at or timezone.now()
        self.save(update_fields=["done_at"])


# --- Imports -------------------------------------------------------------------------------


class ImportBatchQuerySet(ScopedQuerySet):
    pass


class ImportBatch(models.Model):
    """A spreadsheet brought in: kept from its preview to its import, and as a record of it.

    The file lives in the database, not on a server's disk, so that the preview and the
    confirmation may be served by different app hosts.
    """

    class Kind(models.TextChoices):
        STAKEHOLDERS = "stakeholders", _("Stakeholders")
        ORGANISATIONS = "organisations", _("Organisations")
        MEMBERSHIPS = "memberships", _("Committee and task-team seats")

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed")
        IMPORTED = "imported", _("Imported")

    locality = models.ForeignKey(
        Locality, on_delete=models.CASCADE, related_name="imports", verbose_name=_("locality")
    )
    kind = models.CharField(_("what the file holds"), max_length=20, choices=Kind.choices)
    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("file"), editable=False)
    default_kind = models.CharField(
        _("kind of people when the file does not say"),
        max_length=20,
        choices=Stakeholder.Kind.choices,
        default=Stakeholder.Kind.RESIDENT,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PREVIEWED
    )
    preview = models.JSONField(_("preview"), default=dict, editable=False)
    result = models.JSONField(_("result"), default=dict, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.filename


# --- Municipal staff self-service --------------------------------------------------------------


class SeatRequestQuerySet(ScopedQuerySet):
    def staff_q(self, user):
        return Q(stakeholder__in=access.own_stakeholder_ids(user))

    def pending(self):
        return self.filter(status=SeatRequest.Status.PENDING)


class SeatRequest(models.Model):
    """A municipal official's request about their own seat, waiting for a coordinator.

    Joining, leaving and becoming chair change who the program counts on, so a coordinator
    decides them; the decision is written to the membership (and its history) only when
    approved.
    """

    class Kind(models.TextChoices):
        JOIN = "join", _("Join")
        LEAVE = "leave", _("Leave")
        ROLE = "role", _("Change of role")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a coordinator")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    locality = models.ForeignKey(
        Locality, on_delete=models.CASCADE, related_name="seat_requests", verbose_name=_("locality")
    )
    stakeholder = models.ForeignKey(
        Stakeholder,
        on_delete=models.CASCADE,
        related_name="seat_requests",
        verbose_name=_("stakeholder"),
    )
    committee = models.ForeignKey(
        Committee,
        on_delete=models.CASCADE,
        related_name="seat_requests",
        verbose_name=_("committee or task team"),
    )
    membership = models.ForeignKey(
        Membership,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("seat"),
    )
    kind = models.CharField(_("request"), max_length=10, choices=Kind.choices)
    role = models.CharField(
        _("requested role"), max_length=20, choices=SeatRole.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("coordinator's note"), blank=True)

    objects = SeatRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("seat request")
        verbose_name_plural = _("seat requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["stakeholder", "committee"],
                condition=Q(status="pending"),
                name="one_pending_request_per_person_and_body",
                violation_error_message=_(
                    "A request about this body is already waiting for a coordinator."
                ),
            ),
        ]
        indexes = [models.Index(fields=["locality", "status"], name="seat_request_queue")]

    def __str__(self):
        return f"{self.stakeholder} · {self.committee} · {self.get_kind_display()}"

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING

    def clean(self):
        if not (self.committee_id and self.stakeholder_id):
            return
        if self.committee.locality_id != self.stakeholder.locality_id:
            raise ValidationError(
                _("The person and the committee must be in the same locality."),
                code="other_locality",
            )
        if self.kind == self.Kind.JOIN:
            self._clean_join()
        elif self.membership_id is None or not (
            self.membership.stakeholder_id == self.stakeholder_id
            and self.membership.committee_id == self.committee_id
            and self.membership.is_current
        ):
            raise ValidationError(
                _("This request must be about a seat you hold now."), code="no_seat"
            )
        if self.kind == self.Kind.ROLE and self.role != SeatRole.CHAIR:
            # Other roles are changed by the member directly; only the chair waits.
            raise ValidationError(
                {"role": _("Only becoming chair needs a coordinator's approval.")},
                code="role_not_chair",
            )

    def _clean_join(self):
        if not self.committee.is_task_team or not self.committee.accepting_members:
            raise ValidationError(_("This body does not take requests to join."), code="not_open")
        seated = Membership.objects.current().filter(
            committee_id=self.committee_id, stakeholder_id=self.stakeholder_id
        )
        if seated.exists():
            raise ValidationError(_("You already hold a seat on this body."), code="already_member")


class InvitationQuerySet(ScopedQuerySet):
    pass


class Invitation(models.Model):
    """A municipal official asked to log in. The link in the email carries a signed token
    (see stakeholders.invitations); this row says who was invited, by whom and when they
    accepted, and a newer invitation to the same person replaces it."""

    locality = models.ForeignKey(
        Locality, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("locality")
    )
    stakeholder = models.ForeignKey(
        Stakeholder,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("stakeholder"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("user"),
    )
    email = models.EmailField(_("sent to"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        # No address: the name of an object shows in lists and logs.
        return str(self.stakeholder)


# --- Access log of personal data -----------------------------------------------------------


class ImmutableRecord(Exception):
    """An access-log row is written once and never changed or deleted by the app."""


class PersonalDataAccessQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        # The log is for the localities' administrators only, not their coordinators.
        return self.administered_by(user)

    def update(self, **kwargs):
        raise ImmutableRecord("The access log cannot be edited.")

    def delete(self):
        raise ImmutableRecord("The access log cannot be deleted from the app.")


class PersonalDataAccess(models.Model):
    """Who saw, exported, changed or erased a stakeholder's contact details, and where.

    The Privacy Protection (Data Security) Regulations 2017 ask a database of medium security
    for an automatic record of access. Rows are written in autocommit, before the page or file
    that shows the data is built, so a request that fails afterwards still leaves its record.
    The foreign keys have no database constraint: the record outlives the person and the user.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        EXPORT = "export", _("Exported")
        CHANGE = "change", _("Changed")
        ERASE = "erase", _("Erased")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
        verbose_name=_("user"),
    )
    # The username as it was: the user row may later be renamed or removed.
    username = models.CharField(_("username"), max_length=150, blank=True)
    locality = models.ForeignKey(
        Locality,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("locality"),
    )
    stakeholder = models.ForeignKey(
        Stakeholder,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("stakeholder"),
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    source = models.CharField(_("source"), max_length=200)
    fields = models.CharField(_("fields"), max_length=100, blank=True)

    objects = PersonalDataAccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data access log")
        ordering = ["-at", "-pk"]
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["locality", "-at"], name="access_log_locality"),
            models.Index(fields=["stakeholder", "-at"], name="access_log_stakeholder"),
        ]

    def __str__(self):
        return f"{self.username} · {self.get_action_display()} · {self.stakeholder_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableRecord("The access log cannot be edited.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecord("The access log cannot be deleted from the app.")
