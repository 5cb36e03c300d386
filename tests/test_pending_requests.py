"""Requests from municipal staff waiting for a decision: their count beside "Staff requests"
in the navigation and on the dashboard, for the coordinators who decide them."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stakeholders.enums import Role
from stakeholders.models import SeatRequest, UserPreference
from stakeholders.selectors import seat_requests
from tests.conftest import logged_in
from tests.factories import MembershipFactory, OfficialFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("stakeholders:dashboard")
REQUESTS = reverse("stakeholders:seat_request_list")


def waiting(locality, n=1, status=SeatRequest.Status.PENDING):
    """`n` requests (one per official) about leaving a seat in `locality`."""
    made = []
    for _ in range(n):
        seat = MembershipFactory(
            committee__locality=locality, stakeholder=OfficialFactory(locality=locality)
        )
        made.append(
            SeatRequest.objects.create(
                locality=locality,
                stakeholder=seat.stakeholder,
                committee=seat.committee,
                membership=seat,
                kind=SeatRequest.Kind.LEAVE,
                status=status,
            )
        )
    return made


def nav_badge(content):
    """The badge inside the navigation's "Staff requests" link, or None."""
    link = re.search(rf'<a class="nav-link[^"]*" href="{REQUESTS}".*?</a>', content, re.S)
    assert link, "no Staff requests item in the navigation"
    badge = re.search(r'<span class="badge[^"]*">(.*?)</span></span>', link.group(0), re.S)
    return badge.group(1) if badge else None


def dashboard_line(content):
    line = re.search(r'<p class="alert[^"]*" id="pending-requests">(.*?)</p>', content, re.S)
    return line.group(1) if line else None


def seat_request_queries(captured):
    return [q["sql"] for q in captured.captured_queries if "seatrequest" in q["sql"].lower()]


# --- The count -----------------------------------------------------------------------------


def test_only_waiting_requests_of_the_locality_are_counted(coordinator, locality, other_locality):
    waiting(locality, 2)
    for status in (SeatRequest.Status.APPROVED, SeatRequest.Status.DECLINED):
        waiting(locality, status=status)
    waiting(other_locality, 3)
    assert seat_requests.pending_count(user=coordinator, locality=locality) == 2


def test_the_queue_page_lists_what_the_count_counts(client, coordinator, locality, other_locality):
    waiting(locality, 2)
    waiting(other_locality, 1)
    response = logged_in(client, coordinator).get(REQUESTS)
    assert response.context["page"].paginator.count == 2
    assert "2" in nav_badge(response.content.decode())


# --- In the navigation ---------------------------------------------------------------------


def test_the_navigation_shows_the_count_with_a_label_for_screen_readers(
    client, coordinator, locality
):
    waiting(locality, 3)
    badge = nav_badge(logged_in(client, coordinator).get(DASHBOARD).content.decode())
    assert '<span aria-hidden="true">3</span>' in badge
    assert '<span class="visually-hidden">(3 בקשות ממתינות)' in badge


def test_no_badge_when_nothing_waits(client, coordinator, locality):
    waiting(locality, status=SeatRequest.Status.APPROVED)
    assert nav_badge(logged_in(client, coordinator).get(DASHBOARD).content.decode()) is None


def test_another_localitys_requests_do_not_count(client, coordinator, locality, other_locality):
    waiting(other_locality, 2)
    content = logged_in(client, coordinator).get(DASHBOARD).content.decode()
    assert nav_badge(content) is None
    assert dashboard_line(content) is None


def test_the_count_follows_the_locality_the_coordinator_works_in(
    client, coordinator, locality, other_locality
):
    coordinator.locality_accesses.create(locality=other_locality, role=Role.COORDINATOR)
    waiting(locality, 1)
    waiting(other_locality, 2)
    client = logged_in(client, coordinator)
    client.post(reverse("stakeholders:switch_locality"), {"locality": other_locality.pk})
    assert "2" in nav_badge(client.get(DASHBOARD).content.decode())
    client.post(reverse("stakeholders:switch_locality"), {"locality": locality.pk})
    assert "בקשה ממתינה אחת" in nav_badge(client.get(DASHBOARD).content.decode())


# --- On the dashboard ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "count, words",
    [(1, "בקשה ממתינה אחת"), (2, "שתי בקשות ממתינות"), (3, "3 בקשות ממתינות")],
)
def test_the_dashboard_says_how_many_wait_in_hebrew_number_forms(
    client, coordinator, locality, count, words
):
    waiting(locality, count)
    line = dashboard_line(logged_in(client, coordinator).get(DASHBOARD).content.decode())
    assert f'<a class="alert-link" href="{REQUESTS}">{words}</a>' in line


def test_the_dashboard_line_in_arabic(client, coordinator, locality):
    UserPreference.objects.create(user=coordinator, language="ar")
    waiting(locality, 2)
    line = dashboard_line(logged_in(client, coordinator).get(DASHBOARD).content.decode())
    assert "طلبان قيد الانتظار" in line


def test_an_admin_of_the_locality_sees_the_count(client, locality_admin, locality):
    waiting(locality, 2)
    content = logged_in(client, locality_admin).get(DASHBOARD).content.decode()
    assert "שתי בקשות ממתינות" in dashboard_line(content)


def test_the_count_costs_one_query_on_a_page_that_shows_it_twice(client, coordinator, locality):
    waiting(locality, 2)
    client = logged_in(client, coordinator)
    with CaptureQueriesContext(connection) as captured:
        content = client.get(DASHBOARD).content.decode()
    assert nav_badge(content) and dashboard_line(content)
    assert len(seat_request_queries(captured)) == 1


# --- Not for those who cannot act on them --------------------------------------------------


def test_viewers_see_no_count_and_cost_no_query(client, viewer, locality):
    waiting(locality, 2)
    client = logged_in(client, viewer)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(DASHBOARD)
    content = response.content.decode()
    assert response.status_code == 200
    assert REQUESTS not in content
    assert dashboard_line(content) is None
    assert "בקשות ממתינות" not in content
    assert seat_request_queries(captured) == []


def test_municipal_staff_see_no_count_even_of_their_own_requests(client, make_user, locality):
    (mine,) = waiting(locality)
    staff = make_user(Role.OFFICIAL, locality, stakeholder=mine.stakeholder)
    client = logged_in(client, staff)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("stakeholders:my_committees"))
    assert response.status_code == 200
    assert "בקשה ממתינה אחת" not in response.content.decode()
    # Their page reads their own requests; the coordinators' count is never asked for.
    assert not any("COUNT(" in sql for sql in seat_request_queries(captured))


def test_an_htmx_fragment_costs_no_count_query(client, coordinator, locality):
    waiting(locality, 2)
    person = OfficialFactory(locality=locality)
    client = logged_in(client, coordinator)
    with CaptureQueriesContext(connection) as captured:
        response = client.post(
            reverse("stakeholders:stakeholder_consent", args=[person.pk]),
            {"consent-level": "passive", "consent-at": timezone.localdate().isoformat()},
            HTTP_HX_REQUEST="true",
        )
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.consent_level == "passive"
    assert seat_request_queries(captured) == []
