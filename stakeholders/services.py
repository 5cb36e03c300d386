"""Operations that touch several models and have several callers (views, admin, import)."""

import datetime

from django.db import transaction
from django.utils import timezone

from stakeholders.models import ConsentLevel, Membership, Stakeholder


def membership_add(
    *,
    stakeholder,
    committee,
    role=Membership.Role.MEMBER,
    by,
    start_date=None,
    term_end_date=None,
    note="",
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
        # Lock the person so that two coordinators seating them at once are told, in Hebrew,
        # that the seat exists, instead of one of them meeting the database constraint.
        Stakeholder.objects.select_for_update().only("pk").get(pk=stakeholder.pk)
        membership.full_clean()
        membership.save()
        stakeholder.change_consent(
            level=ConsentLevel.ACTIVE,
            by=by,
            evidence=committee.seat_evidence,
            at=_start_moment(membership.start_date),
            membership=membership,
        )
    return membership


def membership_close(*, membership, end_date=None):
    """End a seat; the row stays as the body's history and the person's."""
    membership.end_date = end_date or timezone.localdate()
    membership.full_clean()
    membership.save(update_fields=["end_date"])
    return membership


def _start_moment(day):
    """The consent change of a seat dated today is 'now'; an older seat counts from its day."""
    if day >= timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))
