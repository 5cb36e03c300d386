"""Follow-ups as the pages that close them list them: still to do first, done folded away.

The profile and the dashboard draw these lists on their first load, and again when a
follow-up is marked done in place (views.history.followup_done), from the same function.
"""

import datetime

from django.db.models import F
from django.utils import timezone

from stakeholders.models import FollowUp

LIST_LIMIT = 8
# How far back the dashboard's card keeps the overdue follow-ups that were closed.
RECENTLY_DONE_DAYS = 7


def of_person(*, user, person):
    """The person's follow-ups: open ones by due date, and done ones, latest first.

    One query for both: a person has a handful of follow-ups, not thousands.
    """
    follow_ups = list(
        FollowUp.objects.visible_to(user)
        .filter(stakeholder=person)
        .select_related("owner")
        .order_by("due_date", "pk")
    )
    done = sorted((f for f in follow_ups if f.done_at), key=lambda f: f.done_at, reverse=True)
    return {"open": [f for f in follow_ups if f.done_at is None], "done": done}


def overdue_in(*, user, locality, today=None):
    """The locality's overdue follow-ups (a few, and how many), and those of them closed in
    the last days: done after their due date, so they were on this list when closed."""
    today = today or timezone.localdate()
    follow_ups = FollowUp.objects.visible_to(user).in_locality(locality)
    overdue = follow_ups.overdue(today)
    since = timezone.now() - datetime.timedelta(days=RECENTLY_DONE_DAYS)
    closed = follow_ups.filter(done_at__gte=since, done_at__date__gt=F("due_date"))
    columns = ("stakeholder", "owner")
    return {
        "count": overdue.count(),
        "items": list(overdue.select_related(*columns).order_by("due_date", "pk")[:LIST_LIMIT]),
        "done_count": closed.count(),
        "done": list(closed.select_related(*columns).order_by("-done_at", "-pk")[:LIST_LIMIT]),
        "done_days": RECENTLY_DONE_DAYS,
    }
