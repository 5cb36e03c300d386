"""Seats on committees and task teams, and the requests municipal staff make about them."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stakeholders.enums import SeatRole
from stakeholders.models import ConsentLevel, Membership, SeatRequest, Stakeholder


def membership_add(
    *,
    stakeholder,
    committee,
    role=SeatRole.MEMBER,
    by,
    start_date=None,
    term_end_date=None,
    note="",
    reason="",
):
    """Seat a person on a committee or task team, and record the seat as active consent.

    The guide counts a committee or task-team seat as real involvement, so joining always
    appends a consent change with the seat as its evidence, in the same transaction.
    """
    membership = Membership(
        stakeholder=stakeholder,
        committee=committee,
        role=role,
        start_date=start_date or timezone.localdate(),
        term_end_date=term_end_date,
        note=note,
    )
    with transaction.atomic():
        # Lock the person so that two coordinators seating them at once are told, in their
        # language, that the seat exists, instead of one of them meeting the database constraint.
        Stakeholder.objects.select_for_update().only("pk").get(pk=stakeholder.pk)
        membership.full_clean()
        # Kept with the seat's audit history (django-simple-history's change reason).
        membership._change_reason = reason or None
        membership.save()
        stakeholder.change_consent(
            level=ConsentLevel.ACTIVE,
            by=by,
            evidence=committee.seat_evidence,
            at=_start_moment(membership.start_date),
            membership=membership,
        )
    return membership


def membership_close(*, membership, end_date=None, reason=""):
    """End a seat; the row stays as the body's history and the person's."""
    membership.end_date = end_date or timezone.localdate()
    membership.full_clean()
    membership._change_reason = reason or None
    membership.save(update_fields=["end_date"])
    return membership


def membership_self_update(*, membership, role, availability, availability_note, by):
    """A member's own change to their seat, from "my committees".

    Availability is theirs to set. Becoming chair changes who leads the body, so it opens a
    request for a coordinator and the role stays as it is until it is approved; stepping down
    as chair is refused (the form says to ask a coordinator). Returns the request, or None.
    """
    if membership.role == SeatRole.CHAIR and role != SeatRole.CHAIR:
        raise ValidationError(
            {"role": _("To step down as chair, ask a coordinator.")}, code="chair_steps_down"
        )
    asks_for_chair = role == SeatRole.CHAIR and membership.role != SeatRole.CHAIR
    if not asks_for_chair:
        membership.role = role
    membership.availability = availability
    membership.availability_note = availability_note
    with transaction.atomic():
        membership.full_clean()
        membership.save(update_fields=["role", "availability", "availability_note"])
        if asks_for_chair:
            return seat_request_open(
                stakeholder=membership.stakeholder,
                committee=membership.committee,
                membership=membership,
                kind=SeatRequest.Kind.ROLE,
                role=SeatRole.CHAIR,
                by=by,
            )
    return None


def _start_moment(day):
    """The consent change of a seat dated today is 'now'; an older seat counts from its day."""
    if day >= timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


# --- Requests from municipal staff -----------------------------------------------------------


def seat_request_open(*, stakeholder, committee, kind, by, membership=None, role="", note=""):
    """Record a staff member's request; it waits for a coordinator (see seat_request_decide)."""
    seat_request = SeatRequest(
        locality_id=committee.locality_id,
        stakeholder=stakeholder,
        committee=committee,
        membership=membership,
        kind=kind,
        role=role,
        note=note,
        requested_by=by,
    )
    with transaction.atomic():
        # One waiting request per person and body: checked under the person's lock, so two
        # clicks on "send" give one request and a translated message, not a database error.
        Stakeholder.objects.select_for_update().only("pk").get(pk=stakeholder.pk)
        seat_request.full_clean()
        seat_request.save()
    return seat_request


def seat_request_decide(*, seat_request, approve, by, note=""):
    """Approve or decline a waiting request, in one transaction with what approval does.

    Approval writes the change to the seat, with the request as the reason in the seat's
    audit history: joining seats the person (and records active consent, as any seat does),
    leaving closes the seat today, a role change sets the new role.
    """
    with transaction.atomic():
        seat_request = SeatRequest.objects.select_for_update().get(pk=seat_request.pk)
        if not seat_request.is_pending:
            raise ValidationError(
                _("This request has already been decided or withdrawn."), code="decided"
            )
        if approve:
            _carry_out(seat_request, by)
        seat_request.status = (
            SeatRequest.Status.APPROVED if approve else SeatRequest.Status.DECLINED
        )
        seat_request.decided_by = by
        seat_request.decided_at = timezone.now()
        seat_request.decision_note = note
        seat_request.save()
    return seat_request


def _carry_out(seat_request, by):
    reason = _("Approved request #%(number)s") % {"number": seat_request.pk}
    kind = seat_request.kind
    if kind == SeatRequest.Kind.JOIN:
        seat_request.membership = membership_add(
            stakeholder=seat_request.stakeholder,
            committee=seat_request.committee,
            role=seat_request.role or SeatRole.MEMBER,
            by=by,
            note=seat_request.note,
            reason=reason,
        )
        return
    membership = Membership.objects.select_for_update().get(pk=seat_request.membership_id)
    if not membership.is_current:
        raise ValidationError(_("This seat has already been closed."), code="closed")
    if kind == SeatRequest.Kind.LEAVE:
        membership_close(membership=membership, reason=reason)
    else:
        membership.role = seat_request.role
        membership._change_reason = reason
        membership.save(update_fields=["role"])


def seat_request_withdraw(*, seat_request):
    with transaction.atomic():
        seat_request = SeatRequest.objects.select_for_update().get(pk=seat_request.pk)
        if not seat_request.is_pending:
            raise ValidationError(
                _("This request has already been decided or withdrawn."), code="decided"
            )
        seat_request.status = SeatRequest.Status.WITHDRAWN
        seat_request.save(update_fields=["status"])
    return seat_request
