"""The stakeholder profile and its actions, in place (htmx) and as full pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from stakeholders.enums import Role
from stakeholders.models import (
    ConsentChange,
    ConsentLevel,
    FollowUp,
    Interaction,
    Membership,
    Relationship,
)
from tests.conftest import url
from tests.factories import (
    BurnedStakeholderFactory,
    CommitteeFactory,
    FollowUpFactory,
    InteractionFactory,
    MembershipFactory,
    OfficialFactory,
    OrganisationFactory,
    RelationshipFactory,
    RepresentationFactory,
    StakeholderFactory,
    TaskTeamFactory,
)

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def person(locality):
    return StakeholderFactory(
        locality=locality,
        first_name="יעל",
        phone="+972501234567",
        email="yael@example.org",
    )


# --- The profile ---------------------------------------------------------------------------


def test_the_profile_shows_everything_about_the_person(coordinator_client, person, locality):
    organisation = RepresentationFactory(stakeholder=person, role="יו״ר").organisation
    seat = MembershipFactory(committee__locality=locality, stakeholder=person)
    burn = BurnedStakeholderFactory(process__locality=locality, stakeholder=person)
    tie = RelationshipFactory(locality=locality, from_stakeholder=person, sensitive=True)
    InteractionFactory(stakeholder=person, summary="נפגשנו במתנ״ס")
    FollowUpFactory(stakeholder=person, description="לשלוח סיכום")
    person.change_consent(level="passive", by=None, note="אינה מתנגדת")

    response = coordinator_client.get(url("stakeholder_detail", person))
    content = response.content.decode()
    assert response.status_code == 200
    for text in [
        "יעל",
        "050-1234567",
        "yael@example.org",
        organisation.name,
        seat.committee.name,
        burn.process.name,
        tie.to_stakeholder.full_name,
        "נפגשנו במתנ״ס",
        "לשלוח סיכום",
        "אינה מתנגדת",
    ]:
        assert escape(text) in content, text


def test_a_viewer_sees_no_contact_details_no_sensitive_ties_and_no_actions(
    client, viewer, person, locality
):
    RelationshipFactory(locality=locality, from_stakeholder=person, sensitive=True, note="סוד")
    client.force_login(viewer)
    content = client.get(url("stakeholder_detail", person)).content.decode()
    assert "050-1234567" not in content
    assert "yael@example.org" not in content
    assert "סוד" not in content
    assert url("stakeholder_consent", person) not in content
    assert url("stakeholder_edit", person) not in content


def test_staff_cannot_open_a_profile_even_their_own(client, make_user, locality):
    official = OfficialFactory(locality=locality)
    client.force_login(make_user(Role.OFFICIAL, locality, stakeholder=official))
    assert client.get(url("stakeholder_detail", official)).status_code == 403


@pytest.mark.parametrize("size", [2, 25])
def test_the_profile_runs_a_fixed_number_of_queries(
    coordinator_client, person, locality, size, django_assert_max_num_queries
):
    for _ in range(size):
        RepresentationFactory(stakeholder=person, organisation__locality=locality)
        MembershipFactory(committee__locality=locality, stakeholder=person)
        RelationshipFactory(locality=locality, from_stakeholder=person)
        BurnedStakeholderFactory(process__locality=locality, stakeholder=person)
        interaction = InteractionFactory(stakeholder=person)
        FollowUpFactory(stakeholder=person, interaction=interaction)
        FollowUpFactory(stakeholder=person, done_at=timezone.now())
        person.change_consent(level="passive", by=None)
    # 21 for the profile itself, and 9 for what coordinators see besides: the change history
    # (the page's keys, the rows of four tables, the people and bodies they name), the
    # access-log row of the contact details shown and the count of staff requests waiting.
    with django_assert_max_num_queries(30):
        assert coordinator_client.get(url("stakeholder_detail", person)).status_code == 200


# --- Consent -------------------------------------------------------------------------------


def test_recording_consent_in_place_returns_the_updated_profile(
    coordinator_client, coordinator, person
):
    response = coordinator_client.post(
        url("stakeholder_consent", person),
        {
            "consent-level": "active",
            "consent-evidence": "promotes",
            "consent-at": timezone.localdate().isoformat(),
            "consent-note": "הציגה את התוכנית למועצה",
        },
        **HTMX,
    )
    assert response.status_code == 200
    assert "stakeholders/includes/_profile_body.html" in [t.name for t in response.templates]
    assert "הציגה את התוכנית למועצה" in response.content.decode()
    person.refresh_from_db()
    assert person.consent_level == ConsentLevel.ACTIVE
    change = person.consent_changes.get()
    assert change.evidence == "promotes"
    assert change.changed_by == coordinator


def test_recording_consent_without_htmx_redirects_to_the_profile(coordinator_client, person):
    response = coordinator_client.post(
        url("stakeholder_consent", person),
        {"consent-level": "passive", "consent-at": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    assert response.url == url("stakeholder_detail", person)
    person.refresh_from_db()
    assert person.consent_level == ConsentLevel.PASSIVE


def test_the_consent_page_works_without_javascript(coordinator_client, person):
    response = coordinator_client.get(url("stakeholder_consent", person))
    assert response.status_code == 200
    assert "stakeholders/stakeholder_action.html" in [t.name for t in response.templates]


@pytest.mark.parametrize(
    "data, field",
    [
        ({"consent-level": "active", "consent-evidence": ""}, "evidence"),
        ({"consent-level": "thrilled"}, "level"),
        ({"consent-level": "passive", "consent-at": "2999-01-01"}, "at"),
        ({"consent-level": "passive", "consent-at": "not a date"}, "at"),
    ],
)
def test_a_bad_consent_change_is_refused_and_nothing_is_recorded(
    coordinator_client, person, data, field
):
    data.setdefault("consent-at", timezone.localdate().isoformat())
    response = coordinator_client.post(url("stakeholder_consent", person), data, **HTMX)
    assert response.status_code == 200
    assert field in response.context["consent_form"].errors
    assert not ConsentChange.objects.exists()
    person.refresh_from_db()
    assert person.consent_level == ConsentLevel.UNKNOWN


def test_a_backdated_consent_change_keeps_its_date(coordinator_client, person):
    day = timezone.localdate() - datetime.timedelta(days=14)
    coordinator_client.post(
        url("stakeholder_consent", person),
        {"consent-level": "passive", "consent-at": day.isoformat()},
    )
    assert timezone.localdate(person.consent_changes.get().at) == day


# --- Interactions and follow-ups -----------------------------------------------------------


def test_logging_an_interaction_with_a_follow_up(coordinator_client, coordinator, person):
    due = timezone.localdate() + datetime.timedelta(days=5)
    response = coordinator_client.post(
        url("stakeholder_interaction", person),
        {
            "interaction-occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "interaction-channel": "meeting",
            "interaction-outcome": "positive",
            "interaction-summary": "שיחה טובה על צוות הנוער",
            "interaction-follow_up": "לשלוח הזמנה לצוות",
            "interaction-follow_up_owner": coordinator.pk,
            "interaction-follow_up_due": due.isoformat(),
        },
        **HTMX,
    )
    assert response.status_code == 200
    interaction = Interaction.objects.get()
    assert interaction.recorded_by == coordinator
    follow_up = FollowUp.objects.get()
    assert (follow_up.owner, follow_up.due_date, follow_up.interaction) == (
        coordinator,
        due,
        interaction,
    )


def test_a_follow_up_without_owner_or_date_is_refused_and_nothing_is_saved(
    coordinator_client, person
):
    response = coordinator_client.post(
        url("stakeholder_interaction", person),
        {
            "interaction-occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "interaction-channel": "call",
            "interaction-outcome": "neutral",
            "interaction-summary": "שיחה",
            "interaction-follow_up": "לחזור אליה",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "follow_up_owner" in errors and "follow_up_due" in errors
    assert not Interaction.objects.exists()


def test_an_interaction_in_the_future_is_refused(coordinator_client, person):
    later = timezone.localtime() + datetime.timedelta(days=2)
    response = coordinator_client.post(
        url("stakeholder_interaction", person),
        {
            "interaction-occurred_at": later.strftime("%Y-%m-%dT%H:%M"),
            "interaction-channel": "call",
            "interaction-outcome": "neutral",
            "interaction-summary": "שיחה",
        },
    )
    assert "occurred_at" in response.context["form"].errors


def test_a_follow_up_owner_must_work_in_the_locality(
    coordinator_client, person, make_user, other_locality
):
    outsider = make_user(Role.COORDINATOR, other_locality)
    response = coordinator_client.post(
        url("stakeholder_interaction", person),
        {
            "interaction-occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "interaction-channel": "call",
            "interaction-outcome": "neutral",
            "interaction-summary": "שיחה",
            "interaction-follow_up": "משימה",
            "interaction-follow_up_owner": outsider.pk,
            "interaction-follow_up_due": timezone.localdate().isoformat(),
        },
    )
    assert "follow_up_owner" in response.context["form"].errors


# --- Seats ---------------------------------------------------------------------------------


def test_adding_to_a_task_team_makes_consent_active_with_the_seat_as_evidence(
    coordinator_client, person, locality
):
    team = TaskTeamFactory(locality=locality)
    response = coordinator_client.post(
        url("stakeholder_seat", person),
        {
            "seat-committee": team.pk,
            "seat-role": "member",
            "seat-start_date": timezone.localdate().isoformat(),
        },
        **HTMX,
    )
    assert response.status_code == 200
    seat = Membership.objects.get()
    person.refresh_from_db()
    assert person.consent_level == ConsentLevel.ACTIVE
    change = person.consent_changes.get()
    assert (change.evidence, change.membership) == ("task_team_seat", seat)
    assert team.name in response.content.decode()


def test_a_committee_the_person_already_sits_on_is_not_offered(
    coordinator_client, person, locality
):
    seat = MembershipFactory(committee__locality=locality, stakeholder=person)
    response = coordinator_client.post(
        url("stakeholder_seat", person),
        {
            "seat-committee": seat.committee.pk,
            "seat-role": "member",
            "seat-start_date": timezone.localdate().isoformat(),
        },
    )
    assert "committee" in response.context["form"].errors
    assert Membership.objects.count() == 1


def test_another_localitys_committee_cannot_be_chosen(coordinator_client, person, other_locality):
    foreign = CommitteeFactory(locality=other_locality)
    response = coordinator_client.post(
        url("stakeholder_seat", person),
        {
            "seat-committee": foreign.pk,
            "seat-role": "member",
            "seat-start_date": timezone.localdate().isoformat(),
        },
    )
    assert "committee" in response.context["form"].errors
    assert not Membership.objects.exists()


# --- Relationships -------------------------------------------------------------------------


def test_adding_a_sensitive_relationship_to_another_person(coordinator_client, person, locality):
    other = StakeholderFactory(locality=locality)
    response = coordinator_client.post(
        url("stakeholder_relationship", person),
        {
            "relationship-other_person": other.pk,
            "relationship-kind": "tension",
            "relationship-sensitive": "on",
            "relationship-note": "מתח ישן מהבחירות",
        },
        **HTMX,
    )
    assert response.status_code == 200
    tie = Relationship.objects.get()
    assert (tie.from_stakeholder, tie.to_stakeholder, tie.sensitive) == (person, other, True)
    assert "מתח ישן מהבחירות" in response.content.decode()


def test_a_relationship_to_an_organisation(coordinator_client, person, locality):
    organisation = OrganisationFactory(locality=locality)
    coordinator_client.post(
        url("stakeholder_relationship", person),
        {"relationship-other_organisation": organisation.pk, "relationship-kind": "works_with"},
    )
    assert Relationship.objects.get().to_organisation == organisation


@pytest.mark.parametrize("both", [True, False])
def test_a_relationship_needs_exactly_one_other_side(coordinator_client, person, locality, both):
    data = {"relationship-kind": "ally"}
    if both:
        data["relationship-other_person"] = StakeholderFactory(locality=locality).pk
        data["relationship-other_organisation"] = OrganisationFactory(locality=locality).pk
    response = coordinator_client.post(url("stakeholder_relationship", person), data, **HTMX)
    assert response.context["relationship_form"].non_field_errors()
    assert not Relationship.objects.exists()


def test_a_relationship_with_someone_from_another_locality_is_refused(
    coordinator_client, person, other_locality
):
    stranger = StakeholderFactory(locality=other_locality)
    response = coordinator_client.post(
        url("stakeholder_relationship", person),
        {"relationship-other_person": stranger.pk, "relationship-kind": "ally"},
    )
    assert "other_person" in response.context["form"].errors
    assert not Relationship.objects.exists()


# --- Who may act ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "stakeholder_consent",
        "stakeholder_interaction",
        "stakeholder_seat",
        "stakeholder_relationship",
        "stakeholder_edit",
    ],
)
def test_a_viewer_cannot_use_the_actions(client, viewer, person, name):
    client.force_login(viewer)
    assert client.get(url(name, person)).status_code == 403
    assert client.post(url(name, person), {}).status_code == 403


@pytest.mark.parametrize(
    "name",
    [
        "stakeholder_consent",
        "stakeholder_interaction",
        "stakeholder_seat",
        "stakeholder_relationship",
    ],
)
def test_actions_on_another_localitys_person_answer_404(coordinator_client, other_locality, name):
    stranger = StakeholderFactory(locality=other_locality)
    assert coordinator_client.post(url(name, stranger), {}).status_code == 404


# --- Person picker -------------------------------------------------------------------------


def test_the_person_picker_finds_names_but_not_phone_numbers(coordinator_client, locality):
    StakeholderFactory(locality=locality, first_name="אביגיל", phone="+972529998877")
    StakeholderFactory(locality=locality, first_name="בני")
    lookup = reverse("stakeholders:stakeholder_lookup")
    response = coordinator_client.get(
        lookup, {"field": "member-stakeholder", "member-stakeholder__q": "אביג"}
    )
    assert "אביגיל" in response.content.decode()
    assert 'name="member-stakeholder"' in response.content.decode()
    by_phone = coordinator_client.get(
        lookup, {"field": "member-stakeholder", "member-stakeholder__q": "0529998877"}
    )
    assert "אביגיל" not in by_phone.content.decode()


def test_the_person_picker_refuses_a_strange_field_name(coordinator_client):
    lookup = reverse("stakeholders:stakeholder_lookup")
    assert coordinator_client.get(lookup, {"field": '"><script>'}).status_code == 400


def test_the_person_picker_only_searches_the_current_locality(
    coordinator_client, locality, other_locality
):
    StakeholderFactory(locality=other_locality, first_name="אביגיל")
    lookup = reverse("stakeholders:stakeholder_lookup")
    response = coordinator_client.get(lookup, {"field": "x", "x__q": "אביגיל"})
    assert "אביגיל" not in response.content.decode()


# --- Home ----------------------------------------------------------------------------------


def test_the_home_page_sends_coordinators_to_the_register(coordinator_client):
    response = coordinator_client.get(reverse("stakeholders:home"))
    assert response.status_code == 302


def test_the_home_page_shows_staff_their_own_seats(client, make_user, locality):
    official = OfficialFactory(locality=locality)
    seat = MembershipFactory(committee__locality=locality, stakeholder=official)
    MembershipFactory(committee__locality=locality)
    client.force_login(make_user(Role.OFFICIAL, locality, stakeholder=official))
    response = client.get(reverse("stakeholders:home"), follow=True)
    assert response.redirect_chain == [(reverse("stakeholders:my_committees"), 302)]
    assert response.context["current_seats"] == [seat]


def test_the_organisation_picker_finds_the_localitys_organisations(
    coordinator_client, locality, other_locality
):
    OrganisationFactory(locality=locality, name="מכללת הגליל")
    OrganisationFactory(locality=other_locality, name="מכללת הנגב")
    lookup = reverse("stakeholders:organisation_lookup")
    response = coordinator_client.get(
        lookup,
        {"field": "relationship-other_organisation", "relationship-other_organisation__q": "מכללת"},
    )
    content = response.content.decode()
    assert "מכללת הגליל" in content and "מכללת הנגב" not in content
    assert 'name="relationship-other_organisation"' in content


def test_the_pickers_show_the_chosen_ones_after_an_error(coordinator_client, person, locality):
    organisation = OrganisationFactory(locality=locality, name="מתנ״ס מרכז")
    response = coordinator_client.post(
        url("stakeholder_relationship", person),
        {"relationship-other_organisation": organisation.pk, "relationship-kind": "nonsense"},
    )
    assert "kind" in response.context["form"].errors
    assert "מתנ״ס מרכז" in response.content.decode()
