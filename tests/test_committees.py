"""Committees and task teams: the list with its sectors, a body's members and history, seating
a person (active consent), changing a role in place, closing a seat, and who may do what."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from stakeholders import services
from stakeholders.enums import Role, SeatRole
from stakeholders.models import (
    Committee,
    ConsentChange,
    ConsentLevel,
    Membership,
    Sector,
)
from tests.factories import (
    CommitteeFactory,
    InfluenceCentreRepresentativeFactory,
    MembershipFactory,
    OfficialFactory,
    StakeholderFactory,
    TaskTeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# Session, user, language preference, grants, workspace localities, the bodies with their
# counts, the sector rows, the navigation's count of staff requests waiting, and the session's
# save (with its savepoint): fixed whatever the number of bodies.
LIST_QUERY_BOUND = 11
# Session, user, language preference, grants, workspace localities, the body, its seats, its
# task teams, its seats' change history (the page's keys, their rows, the people they name),
# the navigation's count of staff requests waiting, and the session's save (with its
# savepoint): fixed whatever the number of members.
DETAIL_QUERY_BOUND = 15

LIST_URL = "/committees/"
CREATE_URL = "/committees/new/"


def today():
    return timezone.localdate()


def days(n):
    return datetime.timedelta(days=n)


def detail_url(committee):
    return reverse("stakeholders:committee_detail", args=[committee.pk])


def edit_url(committee):
    return reverse("stakeholders:committee_edit", args=[committee.pk])


def add_member_url(committee):
    return reverse("stakeholders:committee_add_member", args=[committee.pk])


def role_url(membership):
    return reverse("stakeholders:membership_role", args=[membership.pk])


def close_url(membership):
    return reverse("stakeholders:membership_close", args=[membership.pk])


def member_data(person, **overrides):
    return {
        "member-stakeholder": person.pk,
        "member-role": SeatRole.MEMBER,
        "member-start_date": today().isoformat(),
        "member-term_end_date": "",
        **overrides,
    }


def role_data(membership, role, term_end_date=""):
    prefix = f"membership-{membership.pk}"
    return {f"{prefix}-role": role, f"{prefix}-term_end_date": term_end_date}


def close_data(membership, end_date):
    return {f"close-{membership.pk}-end_date": end_date.isoformat()}


@pytest.fixture
def committee(locality):
    return CommitteeFactory(
        locality=locality, name="ועדת היגוי חינוך", kind=Committee.Kind.STEERING
    )


@pytest.fixture
def seat(committee):
    person = OfficialFactory(locality=committee.locality, first_name="רונית", last_name="לוי")
    return MembershipFactory(committee=committee, stakeholder=person)


@pytest.fixture
def foreign_seat(other_locality):
    return MembershipFactory(committee=CommitteeFactory(locality=other_locality))


def all_urls(committee, seat):
    return [
        LIST_URL,
        detail_url(committee),
        CREATE_URL,
        edit_url(committee),
        add_member_url(committee),
        close_url(seat),
    ]


# --- Who may open what ---------------------------------------------------------------------


def test_the_urls_are_where_the_navigation_expects_them(committee, seat):
    assert reverse("stakeholders:committee_list") == LIST_URL
    assert reverse("stakeholders:committee_create") == CREATE_URL
    assert detail_url(committee) == f"/committees/{committee.pk}/"
    assert edit_url(committee) == f"/committees/{committee.pk}/edit/"
    assert add_member_url(committee) == f"/committees/{committee.pk}/members/new/"
    assert role_url(seat) == f"/memberships/{seat.pk}/role/"
    assert close_url(seat) == f"/memberships/{seat.pk}/close/"


def test_anonymous_visitors_are_sent_to_log_in_from_every_committee_page(client, committee, seat):
    for url in all_urls(committee, seat):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    response = client.post(role_url(seat), role_data(seat, SeatRole.CHAIR))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_municipal_staff_are_refused_every_committee_page_even_about_their_own_seat(
    client, make_user, committee, seat
):
    client.force_login(make_user(Role.OFFICIAL, committee.locality, stakeholder=seat.stakeholder))
    for url in all_urls(committee, seat):
        assert client.get(url).status_code == 403
    assert client.post(role_url(seat), role_data(seat, SeatRole.CHAIR)).status_code == 403
    assert client.post(close_url(seat), close_data(seat, today())).status_code == 403
    seat.refresh_from_db()
    assert seat.role == SeatRole.MEMBER
    assert seat.end_date is None


def test_a_user_without_a_role_is_refused_the_committee_list(client):
    client.force_login(UserFactory())
    assert client.get(LIST_URL).status_code == 403


def test_a_viewer_reads_the_list_and_a_body_without_the_editing_forms(
    client, viewer, committee, seat
):
    client.force_login(viewer)
    assert client.get(LIST_URL).status_code == 200
    response = client.get(detail_url(committee))
    assert response.status_code == 200
    content = response.content.decode()
    assert escape(seat.stakeholder.full_name) in content
    assert role_url(seat) not in content
    assert close_url(seat) not in content
    assert add_member_url(committee) not in content
    assert "member_form" not in response.context


def test_a_viewer_is_refused_every_change(client, viewer, locality, committee, seat):
    person = StakeholderFactory(locality=locality)
    client.force_login(viewer)
    assert client.get(CREATE_URL).status_code == 403
    assert client.post(CREATE_URL, {"name": "ועדה", "kind": "committee"}).status_code == 403
    assert client.get(edit_url(committee)).status_code == 403
    assert client.get(add_member_url(committee)).status_code == 403
    assert client.post(add_member_url(committee), member_data(person)).status_code == 403
    assert client.post(role_url(seat), role_data(seat, SeatRole.CHAIR)).status_code == 403
    assert client.get(close_url(seat)).status_code == 403
    assert client.post(close_url(seat), close_data(seat, today())).status_code == 403
    seat.refresh_from_db()
    assert (seat.role, seat.end_date) == (SeatRole.MEMBER, None)
    assert Committee.objects.count() == 1
    assert Membership.objects.count() == 1


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMIN])
def test_editors_open_every_committee_page(client, make_user, locality, committee, seat, role):
    client.force_login(make_user(role, locality))
    for url in all_urls(committee, seat):
        assert client.get(url).status_code == 200


def test_another_localitys_body_and_seats_are_not_found(
    client, coordinator, locality, foreign_seat
):
    foreign = foreign_seat.committee
    person = StakeholderFactory(locality=locality)
    client.force_login(coordinator)
    assert client.get(detail_url(foreign)).status_code == 404
    assert client.get(edit_url(foreign)).status_code == 404
    assert client.post(add_member_url(foreign), member_data(person)).status_code == 404
    response = client.post(role_url(foreign_seat), role_data(foreign_seat, "chair"))
    assert response.status_code == 404
    assert client.get(close_url(foreign_seat)).status_code == 404
    assert (
        client.post(close_url(foreign_seat), close_data(foreign_seat, today())).status_code == 404
    )
    foreign_seat.refresh_from_db()
    assert (foreign_seat.role, foreign_seat.end_date) == (SeatRole.MEMBER, None)
    assert not Membership.objects.filter(stakeholder=person).exists()


# --- The list ------------------------------------------------------------------------------


def test_the_list_shows_every_body_of_the_locality_and_none_of_anothers(
    client, coordinator, locality, other_locality
):
    steering = CommitteeFactory(locality=locality, name="ועדת היגוי", kind="steering")
    team = TaskTeamFactory(locality=locality, name="צוות נוער", parent=steering)
    CommitteeFactory(locality=other_locality, name="ועדה זרה")
    client.force_login(coordinator)
    response = client.get(LIST_URL)
    bodies = response.context["committees"]
    assert [body.name for body in bodies] == ["ועדת היגוי", "צוות נוער"]
    content = response.content.decode()
    assert "ועדה זרה" not in content
    assert detail_url(steering) in content  # the task team's parent links to it
    assert bodies[1].parent == steering
    assert team.get_kind_display() in content


def test_the_list_counts_current_members_only_and_flags_ended_terms(client, coordinator, committee):
    MembershipFactory(committee=committee)
    MembershipFactory(committee=committee, term_end_date=today() - days(1))
    MembershipFactory(committee=committee, end_date=today() - days(2))
    client.force_login(coordinator)
    [body] = client.get(LIST_URL).context["committees"]
    assert body.member_count == 2
    assert body.overdue_count == 1


def test_the_list_shows_residents_officials_and_sectors_among_current_members(
    client, coordinator, locality, committee
):
    MembershipFactory(committee=committee, stakeholder=StakeholderFactory(locality=locality))
    MembershipFactory(committee=committee, stakeholder=StakeholderFactory(locality=locality))
    MembershipFactory(committee=committee, stakeholder=OfficialFactory(locality=locality))
    MembershipFactory(
        committee=committee,
        stakeholder=InfluenceCentreRepresentativeFactory(locality=locality, sector=Sector.ACADEMIA),
    )
    # A member who left no longer represents their sector.
    MembershipFactory(
        committee=committee,
        stakeholder=InfluenceCentreRepresentativeFactory(locality=locality, sector=Sector.BUSINESS),
        end_date=today(),
    )
    client.force_login(coordinator)
    [body] = client.get(LIST_URL).context["committees"]
    # Officials are in the public sector: a member counts in their kind's group and in their
    # sector (the dashboard's rule too). The factory's residents have no sector.
    assert {group["key"]: group["count"] for group in body.groups} == {
        "residents": 2,
        "officials": 1,
        Sector.PUBLIC: 1,
        Sector.ACADEMIA: 1,
    }


def test_the_empty_list_invites_an_editor_to_add_the_first_body(client, coordinator):
    client.force_login(coordinator)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert response.context["committees"] == []
    assert CREATE_URL in response.content.decode()


@pytest.mark.parametrize("size", [3, 30])
def test_the_list_costs_the_same_number_of_queries_however_many_bodies(
    client, coordinator, locality, size, django_assert_max_num_queries
):
    parent = CommitteeFactory(locality=locality)
    for n in range(size):
        body = TaskTeamFactory(locality=locality, parent=parent if n % 2 else None)
        MembershipFactory(committee=body, stakeholder=OfficialFactory(locality=locality))
        MembershipFactory(committee=body, stakeholder=StakeholderFactory(locality=locality))
    client.force_login(coordinator)
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        response = client.get(LIST_URL)
    assert len(response.context["committees"]) == size + 1
    assert response.content.decode().count("data-committee=") == size + 1


# --- A body's page -------------------------------------------------------------------------


def test_the_body_page_groups_current_members_by_role_and_keeps_past_members(
    client, coordinator, committee
):
    chair = MembershipFactory(committee=committee, role=SeatRole.CHAIR)
    member = MembershipFactory(committee=committee, role=SeatRole.MEMBER)
    left = MembershipFactory(
        committee=committee,
        start_date=today() - days(400),
        end_date=today() - days(10),
    )
    client.force_login(coordinator)
    response = client.get(detail_url(committee))
    groups = response.context["role_groups"]
    assert [group["role"] for group in groups] == ["chair", "member"]
    assert [row["membership"] for row in groups[0]["rows"]] == [chair]
    assert [row["membership"] for row in groups[1]["rows"]] == [member]
    assert response.context["past"] == [left]
    content = response.content.decode()
    assert f'data-past-membership="{left.pk}"' in content
    assert (today() - days(10)).isoformat() in content
    assert content.index('data-role="chair"') < content.index('data-role="member"')


def test_the_body_page_shows_each_members_sector_and_consent(
    client, coordinator, locality, committee
):
    person = InfluenceCentreRepresentativeFactory(locality=locality, sector=Sector.PHILANTHROPY)
    services.membership_add(stakeholder=person, committee=committee, by=None)
    client.force_login(coordinator)
    response = client.get(detail_url(committee))
    [row] = response.context["role_groups"][0]["rows"]
    assert row["group_label"] == Sector.PHILANTHROPY.label
    content = response.content.decode()
    assert "consent-active" in content
    assert reverse("stakeholders:stakeholder_detail", args=[person.pk]) in content
    missing = [str(label) for label in response.context["missing_groups"]]
    assert str(Sector.PHILANTHROPY.label) not in missing
    assert str(Sector.BUSINESS.label) in missing


def test_a_seat_whose_term_ended_but_was_not_closed_is_flagged(client, coordinator, committee):
    overdue = MembershipFactory(committee=committee, term_end_date=today() - days(3))
    soon = MembershipFactory(committee=committee, term_end_date=today() + days(10))
    later = MembershipFactory(committee=committee, term_end_date=today() + days(300))
    client.force_login(coordinator)
    response = client.get(detail_url(committee))
    statuses = {
        row["membership"].pk: row["term_status"]
        for group in response.context["role_groups"]
        for row in group["rows"]
    }
    assert statuses == {overdue.pk: "ended", soon.pk: "ending", later.pk: ""}
    assert response.context["ended_count"] == 1
    content = response.content.decode()
    assert "data-ended-terms" in content
    assert 'data-term-status="ended"' in content
    # A member whose term ends in the future is a current member, not a past one.
    assert response.context["past"] == []


def test_a_committee_page_lists_its_task_teams_and_a_task_team_links_to_its_committee(
    client, coordinator, locality, committee
):
    team = TaskTeamFactory(locality=locality, parent=committee, name="צוות גיל הרך")
    MembershipFactory(committee=team)
    client.force_login(coordinator)
    response = client.get(detail_url(committee))
    [listed] = response.context["task_teams"]
    assert listed == team
    assert listed.member_count == 1
    assert detail_url(team) in response.content.decode()
    team_page = client.get(detail_url(team)).content.decode()
    assert "data-parent-link" in team_page
    assert detail_url(committee) in team_page


def test_the_close_form_on_the_body_page_asks_for_confirmation(client, coordinator, seat):
    client.force_login(coordinator)
    content = client.get(detail_url(seat.committee)).content.decode()
    assert f'action="{close_url(seat)}"' in content
    assert "data-confirm=" in content
    assert f'data-hx-post="{role_url(seat)}"' in content


@pytest.mark.parametrize("size", [3, 30])
def test_the_body_page_costs_the_same_number_of_queries_however_many_members(
    client, coordinator, locality, committee, size, django_assert_max_num_queries
):
    for n in range(size):
        MembershipFactory(
            committee=committee,
            stakeholder=OfficialFactory(locality=locality),
            role=SeatRole.values[n % len(SeatRole.values)],
            term_end_date=today() - days(1) if n % 3 == 0 else None,
        )
        MembershipFactory(committee=committee, end_date=today())
        TaskTeamFactory(locality=locality, parent=committee)
    client.force_login(coordinator)
    with django_assert_max_num_queries(DETAIL_QUERY_BOUND):
        response = client.get(detail_url(committee))
    assert response.context["current_count"] == size
    assert len(response.context["past"]) == size
    assert response.content.decode().count('data-membership="') == size


# --- Adding and editing bodies -------------------------------------------------------------


def test_a_coordinator_adds_a_committee(client, coordinator, locality):
    client.force_login(coordinator)
    response = client.post(
        CREATE_URL, {"name": "ועדת רווחה", "kind": "committee", "description": ""}
    )
    body = Committee.objects.get(name="ועדת רווחה")
    assert response.status_code == 302
    assert response.url == detail_url(body)
    assert body.locality == locality


def test_a_task_team_is_added_under_a_committee(client, coordinator, committee):
    client.force_login(coordinator)
    page = client.get(CREATE_URL, {"parent": committee.pk})
    assert page.context["form"].initial == {"parent": committee.pk, "kind": "task_team"}
    client.post(
        CREATE_URL, {"name": "צוות משימה נוער", "kind": "task_team", "parent": committee.pk}
    )
    assert Committee.objects.get(name="צוות משימה נוער").parent == committee


def test_a_duplicate_body_name_is_refused_with_an_error_and_nothing_saved(
    client, coordinator, committee
):
    client.force_login(coordinator)
    response = client.post(CREATE_URL, {"name": committee.name, "kind": "committee"})
    assert response.status_code == 200
    assert response.context["form"].has_error("name", code="duplicate_name")
    assert Committee.objects.count() == 1


def test_only_a_task_team_can_have_a_parent(client, coordinator, committee):
    client.force_login(coordinator)
    response = client.post(
        CREATE_URL, {"name": "ועדת משנה", "kind": "committee", "parent": committee.pk}
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("parent")
    assert Committee.objects.count() == 1


def test_a_parent_from_another_locality_cannot_be_chosen(client, coordinator, other_locality):
    foreign = CommitteeFactory(locality=other_locality)
    client.force_login(coordinator)
    response = client.post(CREATE_URL, {"name": "צוות", "kind": "task_team", "parent": foreign.pk})
    assert response.status_code == 200
    assert response.context["form"].has_error("parent")
    assert not Committee.objects.filter(name="צוות").exists()


def test_a_coordinator_edits_a_body(client, coordinator, committee):
    client.force_login(coordinator)
    response = client.post(
        edit_url(committee), {"name": committee.name, "kind": "committee", "description": "חדש"}
    )
    assert response.status_code == 302
    committee.refresh_from_db()
    assert (committee.kind, committee.description) == ("committee", "חדש")


def test_a_committee_with_task_teams_cannot_become_a_task_team(
    client, coordinator, locality, committee
):
    TaskTeamFactory(locality=locality, parent=committee)
    client.force_login(coordinator)
    response = client.post(edit_url(committee), {"name": committee.name, "kind": "task_team"})
    assert response.status_code == 200
    assert response.context["form"].has_error("kind", code="has_task_teams")
    committee.refresh_from_db()
    assert committee.kind == Committee.Kind.STEERING


# --- Seating a member ----------------------------------------------------------------------


def test_adding_a_member_seats_them_and_records_active_consent_with_the_seat_as_evidence(
    client, coordinator, locality, committee
):
    person = OfficialFactory(locality=locality)
    client.force_login(coordinator)
    response = client.post(
        add_member_url(committee), member_data(person, **{"member-role": "chair"})
    )
    assert response.status_code == 302
    assert response.url == detail_url(committee)
    seat = Membership.objects.get(committee=committee, stakeholder=person)
    assert seat.role == SeatRole.CHAIR
    change = ConsentChange.objects.get(stakeholder=person)
    assert change.new_level == ConsentLevel.ACTIVE
    assert change.evidence == ConsentChange.Evidence.COMMITTEE_SEAT
    assert change.membership == seat
    assert change.changed_by == coordinator
    person.refresh_from_db()
    assert person.consent_level == ConsentLevel.ACTIVE


def test_a_task_team_seat_is_recorded_as_task_team_evidence(
    client, coordinator, locality, committee
):
    team = TaskTeamFactory(locality=locality, parent=committee)
    person = StakeholderFactory(locality=locality)
    client.force_login(coordinator)
    client.post(add_member_url(team), member_data(person))
    change = ConsentChange.objects.get(stakeholder=person)
    assert change.evidence == ConsentChange.Evidence.TASK_TEAM_SEAT


def test_someone_who_already_holds_a_seat_cannot_be_added_again(client, coordinator, seat):
    client.force_login(coordinator)
    response = client.post(add_member_url(seat.committee), member_data(seat.stakeholder))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.has_error("stakeholder")
    assert Membership.objects.filter(stakeholder=seat.stakeholder).count() == 1
    assert not ConsentChange.objects.filter(stakeholder=seat.stakeholder).exists()


def test_someone_who_left_may_be_seated_again(client, coordinator, committee):
    old = MembershipFactory(committee=committee, end_date=today() - days(5))
    client.force_login(coordinator)
    response = client.post(add_member_url(committee), member_data(old.stakeholder))
    assert response.status_code == 302
    assert Membership.objects.filter(stakeholder=old.stakeholder).count() == 2


def test_a_person_from_another_locality_cannot_be_seated(
    client, coordinator, other_locality, committee
):
    stranger = StakeholderFactory(locality=other_locality)
    client.force_login(coordinator)
    response = client.post(add_member_url(committee), member_data(stranger))
    assert response.status_code == 200
    assert response.context["form"].has_error("stakeholder")
    assert not Membership.objects.exists()


def test_a_term_ending_before_the_start_is_refused_when_seating(
    client, coordinator, locality, committee
):
    person = StakeholderFactory(locality=locality)
    client.force_login(coordinator)
    data = member_data(person, **{"member-term_end_date": (today() - days(1)).isoformat()})
    response = client.post(add_member_url(committee), data)
    assert response.status_code == 200
    assert response.context["form"].has_error("term_end_date")
    assert not Membership.objects.exists()
    assert not ConsentChange.objects.exists()


# --- Changing a role -----------------------------------------------------------------------


def test_changing_a_role_without_htmx_saves_it_and_goes_back_to_the_body(client, coordinator, seat):
    client.force_login(coordinator)
    term = (today() + days(365)).isoformat()
    response = client.post(role_url(seat), role_data(seat, SeatRole.CHAIR, term))
    assert response.status_code == 302
    assert response.url == f"{detail_url(seat.committee)}#membership-{seat.pk}"
    seat.refresh_from_db()
    assert seat.role == SeatRole.CHAIR
    assert seat.term_end_date.isoformat() == term


def test_changing_a_role_through_htmx_returns_just_that_row(client, coordinator, seat):
    client.force_login(coordinator)
    response = client.post(
        role_url(seat), role_data(seat, SeatRole.OBSERVER), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    content = response.content.decode().strip()
    assert content.startswith(f'<tr id="membership-{seat.pk}"')
    assert content.endswith("</tr>")
    assert "<html" not in content
    assert 'role="status"' in content
    seat.refresh_from_db()
    assert seat.role == SeatRole.OBSERVER


def test_a_term_ending_before_the_seat_started_is_refused_in_the_row(client, coordinator, seat):
    client.force_login(coordinator)
    before = (seat.start_date - days(1)).isoformat()
    response = client.post(
        role_url(seat), role_data(seat, SeatRole.CHAIR, before), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert response.content.decode().strip().startswith("<tr")
    assert response.context["role_form"].has_error("term_end_date", code="before_start")
    assert 'aria-invalid="true"' in response.content.decode()
    seat.refresh_from_db()
    assert (seat.role, seat.term_end_date) == (SeatRole.MEMBER, None)


def test_an_invalid_role_without_htmx_shows_the_form_on_its_own_page(client, coordinator, seat):
    client.force_login(coordinator)
    response = client.post(role_url(seat), role_data(seat, "emperor"))
    assert response.status_code == 200
    assert response.context["form"].has_error("role")
    assert "<html" in response.content.decode()
    seat.refresh_from_db()
    assert seat.role == SeatRole.MEMBER


def test_the_role_change_accepts_only_posts(client, coordinator, seat):
    client.force_login(coordinator)
    assert client.get(role_url(seat)).status_code == 405


def test_a_closed_seats_role_is_history_and_cannot_be_changed(client, coordinator, committee):
    closed = MembershipFactory(committee=committee, end_date=today())
    client.force_login(coordinator)
    response = client.post(role_url(closed), role_data(closed, SeatRole.CHAIR))
    assert response.status_code == 302
    closed.refresh_from_db()
    assert closed.role == SeatRole.MEMBER


# --- Closing a seat ------------------------------------------------------------------------


def test_opening_the_close_address_asks_for_confirmation_first(client, coordinator, seat):
    client.force_login(coordinator)
    response = client.get(close_url(seat))
    assert response.status_code == 200
    assert response.context["membership"] == seat
    assert f'action="{close_url(seat)}"' in response.content.decode()
    seat.refresh_from_db()
    assert seat.end_date is None


def test_closing_a_seat_keeps_the_row_with_its_end_date(client, coordinator, seat):
    client.force_login(coordinator)
    response = client.post(close_url(seat), close_data(seat, today()))
    assert response.status_code == 302
    assert response.url == f"{detail_url(seat.committee)}#membership-{seat.pk}"
    seat.refresh_from_db()
    assert seat.end_date == today()
    page = client.get(detail_url(seat.committee))
    assert page.context["past"] == [seat]
    assert page.context["current_count"] == 0


def test_a_seat_cannot_be_closed_with_a_future_date(client, coordinator, seat):
    client.force_login(coordinator)
    response = client.post(close_url(seat), close_data(seat, today() + days(1)))
    assert response.status_code == 200
    assert response.context["form"].has_error("end_date", code="future")
    seat.refresh_from_db()
    assert seat.end_date is None


def test_a_seat_cannot_be_closed_before_it_started(client, coordinator, seat):
    client.force_login(coordinator)
    response = client.post(close_url(seat), close_data(seat, seat.start_date - days(1)))
    assert response.status_code == 200
    assert response.context["form"].has_error("end_date", code="before_start")
    seat.refresh_from_db()
    assert seat.end_date is None


def test_a_closed_seat_cannot_be_closed_again(client, coordinator, committee):
    closed = MembershipFactory(committee=committee, end_date=today() - days(3))
    client.force_login(coordinator)
    response = client.post(close_url(closed), close_data(closed, today()))
    assert response.status_code == 302
    closed.refresh_from_db()
    assert closed.end_date == today() - days(3)
