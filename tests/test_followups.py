"""My follow-ups: what the logged-in coordinator has to do next, overdue first."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from stakeholders.enums import Role
from stakeholders.models import FollowUp
from tests.conftest import days_from_today, logged_in
from tests.factories import FollowUpFactory, OfficialFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("stakeholders:followup_list")
DASHBOARD_URL = reverse("stakeholders:dashboard")


def done_url(follow_up):
    return reverse("stakeholders:followup_done", args=[follow_up.pk])


def listed(response):
    return list(response.context["page"].object_list)


def row(content, follow_up):
    match = re.search(rf'<tr id="followup-{follow_up.pk}">.*?</tr>', content, re.S)
    assert match, f"follow-up {follow_up.pk} is not on the page"
    return match.group(0)


@pytest.fixture
def mine(coordinator, locality):
    """A factory of the coordinator's follow-ups in the current locality."""

    def make(**fields):
        fields.setdefault("stakeholder__locality", locality)
        return FollowUpFactory(owner=coordinator, **fields)

    return make


# --- Who may do what -----------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client, mine):
    follow_up = mine()
    for response in [client.get(LIST_URL), client.post(done_url(follow_up))]:
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    follow_up.refresh_from_db()
    assert follow_up.done_at is None


@pytest.mark.parametrize("role", [Role.OFFICIAL, Role.VIEWER])
def test_municipal_staff_and_viewers_have_no_follow_ups_page(client, make_user, locality, role):
    user = make_user(role, locality, stakeholder=OfficialFactory(locality=locality))
    assert logged_in(client, user).get(LIST_URL).status_code == 403


def test_a_user_without_a_role_cannot_open_the_page(client, locality):
    assert logged_in(client, UserFactory()).get(LIST_URL).status_code == 403


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMIN])
def test_coordinators_and_admins_open_their_follow_ups(client, make_user, locality, role):
    user = make_user(role, locality)
    follow_up = FollowUpFactory(owner=user, stakeholder__locality=locality)
    response = logged_in(client, user).get(LIST_URL)
    assert response.status_code == 200
    assert listed(response) == [follow_up]


# --- The list ------------------------------------------------------------------------------


def test_the_list_shows_only_my_open_follow_ups_in_this_locality(
    client, coordinator, locality, other_locality, make_user, mine
):
    ours = mine(description="להתקשר לראש האגף")
    mine(done_at=timezone.now())
    FollowUpFactory(stakeholder__locality=locality, owner=make_user(Role.COORDINATOR, locality))
    # Working in two localities: the other one's follow-ups wait for when they switch to it.
    coordinator.locality_accesses.create(locality=other_locality, role=Role.COORDINATOR)
    FollowUpFactory(owner=coordinator, stakeholder__locality=other_locality)
    client = logged_in(client, coordinator)
    client.post(reverse("stakeholders:switch_locality"), {"locality": locality.pk})

    response = client.get(LIST_URL)
    assert listed(response) == [ours]
    assert response.context["counts"] == {"open": 1, "overdue": 0}
    content = row(response.content.decode(), ours)
    assert "להתקשר לראש האגף" in content
    assert reverse("stakeholders:stakeholder_detail", args=[ours.stakeholder.pk]) in content
    assert done_url(ours) in content


def test_overdue_follow_ups_come_first_then_by_due_date(client, coordinator, mine):
    next_month = mine(due_date=days_from_today(30))
    long_overdue = mine(due_date=days_from_today(-20))
    tomorrow = mine(due_date=days_from_today(1))
    yesterday = mine(due_date=days_from_today(-1))
    today = mine(due_date=days_from_today(0))
    response = logged_in(client, coordinator).get(LIST_URL)
    assert listed(response) == [long_overdue, yesterday, today, tomorrow, next_month]
    content = response.content.decode()
    positions = [content.index(f'id="followup-{f.pk}"') for f in listed(response)]
    assert positions == sorted(positions)


def test_only_overdue_follow_ups_carry_the_overdue_badge(client, coordinator, mine):
    late = mine(due_date=days_from_today(-3))
    due_today = mine(due_date=days_from_today(0))
    response = logged_in(client, coordinator).get(LIST_URL)
    content = response.content.decode()
    assert "text-bg-danger" in row(content, late)
    assert "text-bg-danger" not in row(content, due_today)
    assert response.context["counts"] == {"open": 2, "overdue": 1}


def test_recently_done_follow_ups_are_shown_on_request(client, coordinator, mine):
    recent = mine(done_at=timezone.now() - datetime.timedelta(days=2))
    mine(done_at=timezone.now() - datetime.timedelta(days=90))
    still_open = mine()
    client = logged_in(client, coordinator)
    response = client.get(LIST_URL, {"show": "done"})
    assert response.status_code == 200
    assert listed(response) == [recent]
    assert done_url(recent) not in response.content.decode()
    assert listed(client.get(LIST_URL)) == [still_open]


def test_an_empty_list_points_to_the_register(client, coordinator, locality):
    response = logged_in(client, coordinator).get(LIST_URL)
    assert response.status_code == 200
    assert listed(response) == []
    assert reverse("stakeholders:stakeholder_list") in response.content.decode()


def test_the_list_costs_the_same_number_of_queries_however_long_it_is(
    client, coordinator, mine, count_queries
):
    client = logged_in(client, coordinator)

    def add_follow_ups(count):
        # Half overdue, half still to come, so that both kinds of row are rendered.
        for n in range(count):
            mine(due_date=days_from_today(n - count // 2))

    # 8 for the page, and one for the navigation's count of staff requests waiting.
    add_follow_ups(2)
    small = count_queries(lambda: client.get(LIST_URL))
    # Ten times as many, still on one page, so that every row is rendered.
    add_follow_ups(18)
    large = count_queries(lambda: client.get(LIST_URL))
    assert large == small
    response = client.get(LIST_URL)
    assert len(listed(response)) == 20


# --- Marking done --------------------------------------------------------------------------


def test_the_owner_marks_a_follow_up_done_and_returns_to_the_list(client, coordinator, mine):
    follow_up = mine()
    response = logged_in(client, coordinator).post(done_url(follow_up))
    assert response.status_code == 302
    assert response.url == LIST_URL
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None
    following = client.get(response.url)
    assert listed(following) == []
    assert [m.level_tag for m in following.context["messages"]] == ["success"]


def test_marking_done_is_post_only(client, coordinator, mine):
    follow_up = mine()
    assert logged_in(client, coordinator).get(done_url(follow_up)).status_code == 405
    follow_up.refresh_from_db()
    assert follow_up.done_at is None


def test_with_htmx_marking_done_answers_without_the_row(client, coordinator, mine):
    follow_up = mine()
    other = mine(due_date=days_from_today(-1))
    response = logged_in(client, coordinator).post(done_url(follow_up), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    content = response.content.decode()
    assert "<tr" not in content
    # The message and the counts are swapped in out of band.
    assert 'data-hx-swap-oob="innerHTML:#messages"' in content
    assert 'id="followup-summary"' in content
    assert response.context["counts"] == {"open": 1, "overdue": 1}
    follow_up.refresh_from_db()
    other.refresh_from_db()
    assert follow_up.done_at is not None
    assert other.done_at is None


def test_the_list_wires_the_done_button_for_htmx(client, coordinator, mine):
    follow_up = mine()
    content = row(logged_in(client, coordinator).get(LIST_URL).content.decode(), follow_up)
    assert f'data-hx-post="{done_url(follow_up)}"' in content
    assert 'data-hx-target="closest tr"' in content


def test_another_coordinator_of_the_locality_may_mark_it_done(client, make_user, locality, mine):
    follow_up = mine()
    colleague = make_user(Role.COORDINATOR, locality)
    assert logged_in(client, colleague).post(done_url(follow_up)).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None


def test_a_viewer_who_does_not_own_it_cannot_mark_it_done(client, viewer, mine):
    follow_up = mine()
    assert logged_in(client, viewer).post(done_url(follow_up)).status_code == 403
    follow_up.refresh_from_db()
    assert follow_up.done_at is None


def test_an_owner_who_is_now_a_viewer_may_still_close_their_follow_up(
    client, coordinator, locality, mine
):
    follow_up = mine()
    coordinator.locality_accesses.filter(locality=locality).update(role=Role.VIEWER)
    assert logged_in(client, coordinator).post(done_url(follow_up)).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None


def test_a_coordinator_of_another_locality_gets_404(client, make_user, other_locality, mine):
    follow_up = mine()
    stranger = make_user(Role.COORDINATOR, other_locality)
    assert logged_in(client, stranger).post(done_url(follow_up)).status_code == 404
    follow_up.refresh_from_db()
    assert follow_up.done_at is None


def test_municipal_staff_cannot_mark_done(client, make_user, locality, mine):
    follow_up = mine()
    staff = make_user(Role.OFFICIAL, locality, stakeholder=follow_up.stakeholder)
    assert logged_in(client, staff).post(done_url(follow_up)).status_code == 403
    follow_up.refresh_from_db()
    assert follow_up.done_at is None


def test_marking_done_twice_keeps_the_first_date(client, coordinator, mine):
    first = timezone.now() - datetime.timedelta(days=3)
    follow_up = mine(done_at=first)
    assert logged_in(client, coordinator).post(done_url(follow_up)).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.done_at == first
    assert FollowUp.objects.count() == 1


# --- Marking done from the profile and the dashboard ---------------------------------------


def profile_url(follow_up):
    return reverse("stakeholders:stakeholder_detail", args=[follow_up.stakeholder.pk])


def block(content, block_id):
    """The inside of the page's follow-ups block (`#profile-followups`, `#dashboard-followups`),
    split into the open follow-ups and the folded-away done ones (a <details>, or None)."""
    match = re.search(rf'<div id="{block_id}"[^>]*>(.*?)</div>', content, re.S)
    assert match, f"no #{block_id} block"
    inside = match.group(1)
    details = re.search(r"<details[^>]*>.*?</details>", inside, re.S)
    if not details:
        return inside, None
    return inside[: details.start()], details.group(0)


def done_on(follow_up):
    follow_up.refresh_from_db()
    return f"בוצעה בתאריך {timezone.localtime(follow_up.done_at):%-d.%-m.%Y}"


def test_the_profile_offers_done_for_each_open_follow_up_and_folds_the_done_ones(
    client, coordinator, mine
):
    follow_up = mine(description="לשלוח סיכום פגישה")
    finished = mine(
        stakeholder=follow_up.stakeholder,
        description="לתאם סיור",
        done_at=timezone.now() - datetime.timedelta(days=3),
    )
    content = logged_in(client, coordinator).get(profile_url(follow_up)).content.decode()
    open_items, folded = block(content, "profile-followups")
    assert "לשלוח סיכום פגישה" in open_items and "לתאם סיור" not in open_items
    assert f'data-hx-post="{done_url(follow_up)}"' in open_items
    assert 'data-hx-target="#profile-followups"' in open_items
    assert f'name="next" value="{profile_url(follow_up)}"' in open_items
    assert "לתאם סיור" in folded and done_on(finished) in folded
    assert "משימת המשך אחת בוצעה" in folded
    assert done_url(finished) not in content


def test_with_htmx_the_profile_gets_its_follow_ups_back_with_the_item_among_the_done(
    client, coordinator, mine
):
    follow_up = mine(description="לשלוח סיכום פגישה")
    still_open = mine(stakeholder=follow_up.stakeholder, description="להזמין לוועדה")
    response = logged_in(client, coordinator).post(
        done_url(follow_up),
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="profile-followups",
        HTTP_HX_CURRENT_URL=f"http://testserver{profile_url(follow_up)}",
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'data-hx-swap-oob="innerHTML:#messages"' in content
    assert "סומנה כבוצעה: לשלוח סיכום פגישה" in content
    assert '<div id="profile-followups"' in content
    open_items, folded = block(content, "profile-followups")
    assert "להזמין לוועדה" in open_items and "לשלוח סיכום פגישה" not in open_items
    assert done_url(still_open) in open_items
    # The redrawn buttons still return to the profile without JavaScript.
    assert f'name="next" value="{profile_url(follow_up)}"' in open_items
    assert "לשלוח סיכום פגישה" in folded and done_on(follow_up) in folded
    still_open.refresh_from_db()
    assert still_open.done_at is None


def test_without_htmx_done_returns_to_the_page_it_was_clicked_on(client, coordinator, mine):
    follow_up = mine()
    client = logged_in(client, coordinator)
    response = client.post(done_url(follow_up), {"next": profile_url(follow_up)})
    assert response.status_code == 302
    assert response.url == profile_url(follow_up)
    following = client.get(response.url)
    assert [m.level_tag for m in following.context["messages"]] == ["success"]
    _open_items, folded = block(following.content.decode(), "profile-followups")
    assert done_on(follow_up) in folded


def test_without_a_next_done_returns_to_the_referring_page(client, coordinator, mine):
    follow_up = mine()
    response = logged_in(client, coordinator).post(
        done_url(follow_up), HTTP_REFERER=f"http://testserver{DASHBOARD_URL}"
    )
    assert response.status_code == 302
    assert response.url == f"http://testserver{DASHBOARD_URL}"


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]
)
def test_a_next_off_the_site_is_ignored(client, coordinator, mine, next_url):
    follow_up = mine()
    response = logged_in(client, coordinator).post(
        done_url(follow_up), {"next": next_url}, HTTP_REFERER="https://evil.example/page"
    )
    assert response.status_code == 302
    assert response.url == LIST_URL


def test_the_dashboard_offers_done_on_overdue_follow_ups(client, coordinator, mine):
    late = mine(due_date=days_from_today(-2), description="להחזיר טלפון")
    content = logged_in(client, coordinator).get(DASHBOARD_URL).content.decode()
    open_items, folded = block(content, "dashboard-followups")
    assert "להחזיר טלפון" in open_items
    assert f'data-hx-post="{done_url(late)}"' in open_items
    assert 'data-hx-target="#dashboard-followups"' in open_items


def test_with_htmx_the_dashboard_card_moves_the_item_to_the_done_ones(
    client, coordinator, mine, locality, make_user
):
    late = mine(due_date=days_from_today(-2), description="להחזיר טלפון")
    colleagues = FollowUpFactory(
        stakeholder__locality=locality,
        due_date=days_from_today(-5),
        description="לתאם פגישה",
        owner=make_user(Role.COORDINATOR, locality),
    )
    response = logged_in(client, coordinator).post(
        done_url(late), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="dashboard-followups"
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert '<div id="dashboard-followups"' in content
    open_items, folded = block(content, "dashboard-followups")
    assert "לתאם פגישה" in open_items and "להחזיר טלפון" not in open_items
    assert done_url(colleagues) in open_items
    assert "להחזיר טלפון" in folded and done_on(late) in folded
    assert response.context["overdue"]["count"] == 1


def test_the_dashboard_folds_only_follow_ups_closed_after_their_due_date(client, coordinator, mine):
    now = timezone.now()
    mine(description="נסגרה באיחור", due_date=days_from_today(-3), done_at=now)
    mine(description="נסגרה בזמן", due_date=days_from_today(2), done_at=now)
    mine(
        description="נסגרה מזמן",
        due_date=days_from_today(-40),
        done_at=now - datetime.timedelta(days=30),
    )
    content = logged_in(client, coordinator).get(DASHBOARD_URL).content.decode()
    _open_items, folded = block(content, "dashboard-followups")
    assert "נסגרה באיחור" in folded
    assert "נסגרה בזמן" not in folded and "נסגרה מזמן" not in folded


def test_a_follow_up_of_another_locality_is_404_also_in_place(
    client, make_user, other_locality, mine
):
    follow_up = mine()
    stranger = make_user(Role.COORDINATOR, other_locality)
    response = logged_in(client, stranger).post(
        done_url(follow_up), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="profile-followups"
    )
    assert response.status_code == 404
    follow_up.refresh_from_db()
    assert follow_up.done_at is None


def test_a_viewer_gets_403_in_place_and_no_done_button_on_the_profile(client, viewer, mine):
    follow_up = mine()
    client = logged_in(client, viewer)
    response = client.post(
        done_url(follow_up), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="profile-followups"
    )
    assert response.status_code == 403
    follow_up.refresh_from_db()
    assert follow_up.done_at is None
    assert done_url(follow_up) not in client.get(profile_url(follow_up)).content.decode()
