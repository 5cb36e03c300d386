"""Municipal staff's own pages and the coordinators' queue of their requests."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from stakeholders import services
from stakeholders.enums import Role, SeatRole
from stakeholders.models import (
    ConsentChange,
    ConsentLevel,
    Membership,
    PersonalDataAccess,
    SeatRequest,
)
from tests.factories import (
    CommitteeFactory,
    MembershipFactory,
    OfficialFactory,
    StakeholderFactory,
    TaskTeamFactory,
)

pytestmark = pytest.mark.django_db

MY_PAGE = reverse("stakeholders:my_committees")
QUEUE = reverse("stakeholders:seat_request_list")


@pytest.fixture
def official(locality):
    return OfficialFactory(
        locality=locality,
        first_name="דנה",
        last_name="כהן",
        phone="+972521234567",
        email="dana@city.example",
    )


@pytest.fixture
def staff_user(make_user, locality, official):
    return make_user(Role.OFFICIAL, locality, stakeholder=official)


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def seat(official):
    return MembershipFactory(
        committee__locality=official.locality,
        committee__name="ועדת היגוי",
        stakeholder=official,
        role=SeatRole.MEMBER,
    )


@pytest.fixture
def open_team(locality):
    return TaskTeamFactory(locality=locality, name="צוות חינוך", accepting_members=True)


def request_about(seat, kind, role=""):
    """A waiting request from the seat's holder about that seat."""
    return SeatRequest.objects.create(
        locality=seat.committee.locality,
        stakeholder=seat.stakeholder,
        committee=seat.committee,
        membership=seat,
        kind=kind,
        role=role,
    )


def decide(client, seat_request, decision, note=""):
    url = reverse("stakeholders:seat_request_decide", args=[seat_request.pk])
    return client.post(url, {"decision": decision, "note": note})


# --- Landing and the official's page -------------------------------------------------------


def test_staff_land_on_my_committees(staff_client):
    response = staff_client.get(reverse("stakeholders:home"))
    assert response.status_code == 302
    assert response.url == MY_PAGE


def test_my_committees_lists_own_seats_open_teams_and_details(
    staff_client, seat, open_team, locality
):
    closed = MembershipFactory(
        committee__locality=locality,
        committee__name="ועדה שנסגרה",
        stakeholder=seat.stakeholder,
        start_date=timezone.localdate().replace(year=2020),
        end_date=timezone.localdate().replace(year=2021),
    )
    TaskTeamFactory(locality=locality, name="צוות סגור", accepting_members=False)
    response = staff_client.get(MY_PAGE)
    assert response.status_code == 200
    assert response.context["current_seats"] == [seat]
    assert response.context["past_seats"] == [closed]
    assert [team for _, team in response.context["open_teams"]] == [open_team]
    page = response.content.decode()
    assert "ועדת היגוי" in page and "צוות חינוך" in page and "צוות סגור" not in page
    assert "052-123-4567" in page or "052-1234567" in page
    assert "dana@city.example" in page


def test_an_open_team_the_official_sits_on_or_asked_for_is_not_offered(
    staff_client, official, open_team, locality
):
    other_team = TaskTeamFactory(locality=locality, accepting_members=True)
    MembershipFactory(committee=open_team, stakeholder=official)
    SeatRequest.objects.create(
        locality=locality, stakeholder=official, committee=other_team, kind="join"
    )
    assert staff_client.get(MY_PAGE).context["open_teams"] == []


def test_staff_see_no_one_elses_seats_or_teams_of_another_locality(
    staff_client, seat, locality, other_locality
):
    someone = StakeholderFactory(locality=locality, first_name="שלומציון", last_name="אחרת")
    theirs = MembershipFactory(committee=seat.committee, stakeholder=someone)
    TaskTeamFactory(locality=other_locality, name="צוות בעיר אחרת", accepting_members=True)
    response = staff_client.get(MY_PAGE)
    page = response.content.decode()
    assert someone.full_name not in page
    assert "צוות בעיר אחרת" not in page
    assert staff_client.get(reverse("stakeholders:my_seat", args=[theirs.pk])).status_code == 404
    details = reverse("stakeholders:my_details", args=[someone.pk])
    assert staff_client.get(details).status_code == 404


def test_viewing_my_page_is_recorded_in_the_access_log(staff_client, official):
    staff_client.get(MY_PAGE)
    entry = PersonalDataAccess.objects.get()
    assert entry.stakeholder_id == official.pk
    assert entry.action == "view"
    assert entry.source == "stakeholders:my_committees"


def test_a_coordinator_has_no_my_committees_page(client, coordinator):
    client.force_login(coordinator)
    assert client.get(MY_PAGE).status_code == 403


# --- Role and availability ------------------------------------------------------------------


def test_a_member_changes_their_role_and_availability_directly(staff_client, staff_user, seat):
    url = reverse("stakeholders:my_seat", args=[seat.pk])
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(
        url, {"role": "observer", "availability": "limited", "availability_note": "עד סוף הקיץ"}
    )
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.role == SeatRole.OBSERVER
    assert seat.availability == Membership.Availability.LIMITED
    assert seat.availability_note == "עד סוף הקיץ"
    assert not SeatRequest.objects.exists()
    # The change is in the seat's audit history, by the official's own login.
    latest = seat.history.first()
    assert latest.role == "observer"
    assert latest.history_user == staff_user


def test_becoming_chair_waits_for_a_coordinator(staff_client, seat):
    url = reverse("stakeholders:my_seat", args=[seat.pk])
    response = staff_client.post(url, {"role": "chair", "availability": "available"})
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.role == SeatRole.MEMBER
    request = SeatRequest.objects.get()
    assert (request.kind, request.role, request.status) == ("role", "chair", "pending")
    assert request.membership == seat


def test_a_chair_cannot_step_down_alone(staff_client, seat):
    seat.role = SeatRole.CHAIR
    seat.save()
    url = reverse("stakeholders:my_seat", args=[seat.pk])
    response = staff_client.post(url, {"role": "member", "availability": "available"})
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    seat.refresh_from_db()
    assert seat.role == SeatRole.CHAIR


@pytest.mark.parametrize(
    "data",
    [
        {"role": "king", "availability": "available"},
        {"role": "member", "availability": "sometimes"},
        {"role": "member", "availability": "available", "availability_note": "א" * 201},
        {},
    ],
)
def test_bad_seat_input_is_refused_in_hebrew_and_nothing_changes(staff_client, seat, data):
    url = reverse("stakeholders:my_seat", args=[seat.pk])
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors
    seat.refresh_from_db()
    assert (seat.role, seat.availability) == ("member", "available")


def test_a_closed_seat_cannot_be_updated(staff_client, seat):
    seat.end_date = timezone.localdate()
    seat.save()
    url = reverse("stakeholders:my_seat", args=[seat.pk])
    assert staff_client.get(url).status_code == 404


# --- Join and leave -------------------------------------------------------------------------


def test_asking_to_join_an_open_team_waits_for_approval(staff_client, official, open_team):
    url = reverse("stakeholders:my_team_join", args=[open_team.pk])
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(url, {"note": "יש לי ניסיון בחינוך"})
    assert response.status_code == 302
    request = SeatRequest.objects.get()
    assert (request.kind, request.committee, request.stakeholder) == ("join", open_team, official)
    assert request.note == "יש לי ניסיון בחינוך"
    assert not Membership.objects.filter(committee=open_team).exists()


def test_asking_twice_gives_a_hebrew_message_not_a_second_request(staff_client, open_team):
    url = reverse("stakeholders:my_team_join", args=[open_team.pk])
    staff_client.post(url, {})
    response = staff_client.post(url, {})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert SeatRequest.objects.count() == 1


def test_a_closed_team_or_a_committee_cannot_be_asked_to_join(staff_client, locality):
    closed = TaskTeamFactory(locality=locality, accepting_members=False)
    committee = CommitteeFactory(locality=locality, accepting_members=True)
    for body in (closed, committee):
        url = reverse("stakeholders:my_team_join", args=[body.pk])
        assert staff_client.post(url, {}).status_code == 404
    assert not SeatRequest.objects.exists()


def test_asking_to_leave_and_withdrawing(staff_client, seat):
    url = reverse("stakeholders:my_seat_leave", args=[seat.pk])
    assert staff_client.get(url).status_code == 200
    assert staff_client.post(url, {"note": "עברתי תפקיד"}).status_code == 302
    request = SeatRequest.objects.get()
    assert (request.kind, request.membership) == ("leave", seat)
    seat.refresh_from_db()
    assert seat.is_current

    withdraw = reverse("stakeholders:my_request_withdraw", args=[request.pk])
    assert staff_client.post(withdraw).status_code == 302
    request.refresh_from_db()
    assert request.status == SeatRequest.Status.WITHDRAWN
    # A second withdrawal is told, in Hebrew, that there is nothing left to withdraw.
    response = staff_client.post(withdraw, follow=True)
    assert list(response.context["messages"])


# --- Contact details ------------------------------------------------------------------------


def test_an_official_corrects_their_own_contact_details(staff_client, official):
    url = reverse("stakeholders:my_details", args=[official.pk])
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(url, {"phone": "054-7654321", "email": "Dana@New.example"})
    assert response.status_code == 302
    official.refresh_from_db()
    assert official.phone == "+972547654321"
    assert official.email == "dana@new.example"
    change = PersonalDataAccess.objects.get(action="change")
    assert change.stakeholder_id == official.pk
    assert set(change.fields.split(",")) == {"phone", "email"}


def test_a_bad_phone_is_refused_and_nothing_is_saved(staff_client, official):
    url = reverse("stakeholders:my_details", args=[official.pk])
    response = staff_client.post(url, {"phone": "12", "email": "not-an-email"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"phone", "email"}
    official.refresh_from_db()
    assert official.phone == "+972521234567"
    assert not PersonalDataAccess.objects.filter(action="change").exists()


def test_staff_cannot_change_anything_else_through_the_details_form(staff_client, official):
    url = reverse("stakeholders:my_details", args=[official.pk])
    staff_client.post(
        url,
        {"phone": "052-1234567", "email": "dana@city.example", "influence_level": "5"},
    )
    official.refresh_from_db()
    assert official.influence_level != 5


# --- The coordinators' queue ----------------------------------------------------------------


def test_approving_a_join_seats_the_official_with_active_consent(
    coordinator_client, coordinator, official, open_team
):
    request = SeatRequest.objects.create(
        locality=official.locality,
        stakeholder=official,
        committee=open_team,
        kind="join",
        role="member",
    )
    page = coordinator_client.get(QUEUE)
    assert list(page.context["page"].object_list) == [request]
    assert decide(coordinator_client, request, "approve").status_code == 302
    request.refresh_from_db()
    assert request.status == SeatRequest.Status.APPROVED
    assert request.decided_by == coordinator
    seat = Membership.objects.get(committee=open_team, stakeholder=official)
    assert request.membership == seat
    official.refresh_from_db()
    assert official.consent_level == ConsentLevel.ACTIVE
    change = official.consent_changes.get()
    assert change.membership == seat
    assert change.evidence == ConsentChange.Evidence.TASK_TEAM_SEAT
    # The seat's history says why it was created, and by whom.
    created = seat.history.get(history_type="+")
    assert created.history_user == coordinator
    assert str(request.pk) in created.history_change_reason


def test_approving_a_leave_closes_the_seat_and_keeps_it(coordinator_client, official, seat):
    request = request_about(seat, "leave")
    decide(coordinator_client, request, "approve")
    seat.refresh_from_db()
    assert seat.end_date == timezone.localdate()
    assert seat.history.first().history_change_reason


def test_approving_chair_sets_the_role(coordinator_client, official, seat):
    request = request_about(seat, "role", "chair")
    decide(coordinator_client, request, "approve")
    seat.refresh_from_db()
    assert seat.role == SeatRole.CHAIR


def test_declining_changes_nothing_and_tells_the_official(
    coordinator_client, official, seat, mailoutbox, django_capture_on_commit_callbacks
):
    request = request_about(seat, "leave")
    with django_capture_on_commit_callbacks(execute=True):
        decide(coordinator_client, request, "decline", note="נדבר בישיבה")
    request.refresh_from_db()
    assert request.status == SeatRequest.Status.DECLINED
    seat.refresh_from_db()
    assert seat.is_current
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["dana@city.example"]
    assert "נדבר בישיבה" in mailoutbox[0].body


def test_a_request_is_decided_once(coordinator_client, official, seat):
    request = request_about(seat, "leave")
    decide(coordinator_client, request, "decline")
    response = decide(coordinator_client, request, "approve")
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == SeatRequest.Status.DECLINED
    seat.refresh_from_db()
    assert seat.is_current


@pytest.mark.parametrize("decision", ["", "maybe", "approve' OR 1=1"])
def test_a_bad_decision_is_refused(coordinator_client, official, seat, decision):
    request = request_about(seat, "leave")
    response = decide(coordinator_client, request, decision)
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.is_pending


def test_the_queue_shows_only_the_coordinators_locality(
    coordinator_client, other_locality, open_team
):
    elsewhere = OfficialFactory(locality=other_locality)
    team = TaskTeamFactory(locality=other_locality, accepting_members=True)
    theirs = SeatRequest.objects.create(
        locality=other_locality, stakeholder=elsewhere, committee=team, kind="join"
    )
    response = coordinator_client.get(QUEUE)
    assert list(response.context["page"].object_list) == []
    assert decide(coordinator_client, theirs, "approve").status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_pending


def test_the_queue_page_number_out_of_range_is_not_an_error(coordinator_client):
    for page in ("999", "abc", "-1", "1" * 50):
        assert coordinator_client.get(QUEUE, {"page": page}).status_code == 200


def test_a_viewer_cannot_decide(client, viewer, official, seat):
    request = request_about(seat, "leave")
    client.force_login(viewer)
    assert client.get(QUEUE).status_code == 403
    assert decide(client, request, "approve").status_code == 403


def test_a_coordinator_opens_a_task_team_to_requests(coordinator_client, locality):
    response = coordinator_client.post(
        reverse("stakeholders:committee_create"),
        {"name": "צוות תחבורה", "kind": "task_team", "accepting_members": "on"},
    )
    assert response.status_code == 302
    response = coordinator_client.post(
        reverse("stakeholders:committee_create"),
        {"name": "ועדת כספים", "kind": "committee", "accepting_members": "on"},
    )
    assert response.status_code == 200
    assert "accepting_members" in response.context["form"].errors


# --- Bad addresses ----------------------------------------------------------------------------

HUGE_IDS = [0, 999_999, 2**31, 2**63, 10**30]


@pytest.mark.parametrize("pk", HUGE_IDS)
@pytest.mark.parametrize(
    "name",
    [
        "stakeholders:my_seat",
        "stakeholders:my_seat_leave",
        "stakeholders:my_team_join",
        "stakeholders:my_request_withdraw",
        "stakeholders:my_details",
    ],
)
def test_an_id_that_does_not_exist_is_a_404_on_the_staff_pages(staff_client, name, pk):
    url = reverse(name, args=[pk])
    assert staff_client.get(url).status_code in (404, 405)
    assert staff_client.post(url, {"note": "x"}).status_code == 404


@pytest.mark.parametrize("pk", HUGE_IDS)
@pytest.mark.parametrize(
    "name", ["stakeholders:seat_request_decide", "stakeholders:stakeholder_invite"]
)
def test_an_id_that_does_not_exist_is_a_404_on_the_coordinators_pages(coordinator_client, name, pk):
    url = reverse(name, args=[pk])
    assert coordinator_client.get(url).status_code in (404, 405)
    assert coordinator_client.post(url, {"decision": "approve"}).status_code == 404


# --- The service behind "my seat" ---------------------------------------------------------


def test_the_self_update_service_keeps_the_role_until_the_chair_is_approved(staff_user, seat):
    seat_request = services.membership_self_update(
        membership=seat,
        role=SeatRole.CHAIR,
        availability=Membership.Availability.LIMITED,
        availability_note="בערבים בלבד",
        by=staff_user,
    )
    seat.refresh_from_db()
    assert (seat.role, seat.availability, seat.availability_note) == (
        SeatRole.MEMBER,
        Membership.Availability.LIMITED,
        "בערבים בלבד",
    )
    assert (seat_request.kind, seat_request.role, seat_request.requested_by) == (
        SeatRequest.Kind.ROLE,
        SeatRole.CHAIR,
        staff_user,
    )


def test_the_self_update_service_refuses_a_chair_stepping_down_and_writes_nothing(staff_user, seat):
    seat.role = SeatRole.CHAIR
    seat.save()
    with pytest.raises(ValidationError) as refused:
        services.membership_self_update(
            membership=seat,
            role=SeatRole.MEMBER,
            availability=Membership.Availability.LIMITED,
            availability_note="",
            by=staff_user,
        )
    assert "role" in refused.value.message_dict
    seat.refresh_from_db()
    assert (seat.role, seat.availability) != (SeatRole.MEMBER, Membership.Availability.LIMITED)
    assert not SeatRequest.objects.exists()
