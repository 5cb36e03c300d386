"""Committees and task teams, their seats, and municipal staff's requests and invitations."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from stakeholders.enums import (
    Role,
    SeatRole,
)
from stakeholders.models.locality import (
    Locality,
    ScopedQuerySet,
    locality_ids,
    own_stakeholder_ids,
)
from stakeholders.models.people import ConsentChange, Stakeholder

# --- Committees and task teams -------------------------------------------------------------


class CommitteeQuerySet(ScopedQuerySet):
    def staff_q(self, user):
        # Committee names are not personal data; staff see the bodies of their locality so
        # they can follow their own seats and ask to join a task team.
        return Q(locality__in=locality_ids(user, [Role.OFFICIAL]))

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
        return Q(stakeholder__in=own_stakeholder_ids(user))

    def current(self):
        """Seats not closed. A term that ends in the future is still a current seat."""
        return self.filter(end_date__isnull=True)

    def term_ending(self, today, days=None):
        """Current seats whose term ends between today and `days` days from now.

        "Term ending soon" is one rule: TERM_REMINDER_DAYS, shared by the body's page, the
        dashboard, the register filter and the reminder mails (`days` only for --days).
        """
        days = settings.TERM_REMINDER_DAYS if days is None else days
        return self.current().filter(
            term_end_date__range=(today, today + datetime.timedelta(days=days))
        )

    def term_ended(self, today):
        """Current seats whose term is over but that nobody closed: a hole in the body."""
        return self.current().filter(term_end_date__lt=today)


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

    def term_status(self, today):
        """ "ended", "ending" (see MembershipQuerySet.term_ending) or "" for this seat."""
        if not self.is_current or self.term_end_date is None:
            return ""
        if self.term_end_date < today:
            return "ended"
        if self.term_end_date <= today + datetime.timedelta(days=settings.TERM_REMINDER_DAYS):
            return "ending"
        return ""

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


# --- Municipal staff self-service --------------------------------------------------------------


class SeatRequestQuerySet(ScopedQuerySet):
    def staff_q(self, user):
        return Q(stakeholder__in=own_stakeholder_ids(user))

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
