"""Requests from municipal staff about their seats, waiting for a coordinator's decision.

The coordinators' queue (/requests/), the count beside its item in the navigation and the
line on the dashboard all read the queue from here, so they can never disagree.
"""

from stakeholders.models import SeatRequest


def pending(*, user, locality):
    """The locality's requests that wait for a decision, among those the user may see."""
    return SeatRequest.objects.visible_to(user).in_locality(locality).pending()


def pending_count(*, user, locality):
    return pending(user=user, locality=locality).count()
