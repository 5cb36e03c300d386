"""A coordinator's everyday forms: adding a person, logging a meeting with what it revealed,
how a person was burned, and editing a relationship."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from stakeholders.enums import Sector
from stakeholders.models import (
    ConsentChange,
    ConsentLevel,
    FollowUp,
    Interaction,
    Relationship,
    Stakeholder,
)
from tests.conftest import url
from tests.factories import BurnedStakeholderFactory, RelationshipFactory, StakeholderFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def person(locality):
    return StakeholderFactory(locality=locality, first_name="יעל")


def meeting(**extra):
    return {
        "interaction-occurred_at": (timezone.localtime() - datetime.timedelta(days=2)).strftime(
            "%Y-%m-%dT%H:%M"
        ),
        "interaction-channel": "meeting",
        "interaction-outcome": "positive",
        "interaction-summary": "פגישה על צוות הנוער",
        **{f"interaction-{key}": value for key, value in extra.items()},
    }


# --- Logging a meeting with the consent it revealed ----------------------------------------


def test_a_meeting_records_the_consent_it_revealed_with_the_meeting_as_its_note(
    coordinator_client, coordinator, person
):
    response = coordinator_client.post(
        url("stakeholder_interaction", person), meeting(consent_level="passive"), **HTMX
    )
    assert response.status_code == 200
    interaction = Interaction.objects.get()
    change = ConsentChange.objects.get()
    assert (change.old_level, change.new_level, change.changed_by) == (
        ConsentLevel.UNKNOWN,
        ConsentLevel.PASSIVE,
        coordinator,
    )
    # Dated with the meeting, and saying where it was learnt.
    assert change.at == interaction.occurred_at
    assert "פגישה על צוות הנוער" in change.note
    day = formats.date_format(timezone.localtime(interaction.occurred_at), "SHORT_DATE_FORMAT")
    assert f"פגישה בתאריך {day}: " in change.note
    person.refresh_from_db()
    assert person.consent_level == ConsentLevel.PASSIVE


def test_a_meeting_with_consent_and_a_follow_up_writes_all_three(
    coordinator_client, coordinator, person
):
    due = timezone.localdate() + datetime.timedelta(days=7)
    coordinator_client.post(
        url("stakeholder_interaction", person),
        meeting(
            consent_level="active",
            consent_evidence="promotes",
            follow_up="להזמין לוועדת ההיגוי",
            follow_up_owner=coordinator.pk,
            follow_up_due=due.isoformat(),
        ),
        **HTMX,
    )
    assert Interaction.objects.count() == 1
    assert ConsentChange.objects.get().evidence == "promotes"
    assert FollowUp.objects.get().due_date == due


def test_a_meeting_without_a_consent_choice_records_no_consent_change(coordinator_client, person):
    coordinator_client.post(url("stakeholder_interaction", person), meeting(), **HTMX)
    assert Interaction.objects.count() == 1
    assert not ConsentChange.objects.exists()


def test_active_consent_from_a_meeting_needs_its_evidence_and_nothing_is_saved_without(
    coordinator_client, person
):
    response = coordinator_client.post(
        url("stakeholder_interaction", person), meeting(consent_level="active"), **HTMX
    )
    assert response.status_code == 200
    assert "Active consent is real involvement" not in response.content.decode()
    assert "הסכמה פעילה" in response.content.decode()
    assert not Interaction.objects.exists()
    assert not ConsentChange.objects.exists()


def test_an_unknown_consent_level_from_a_meeting_is_refused(coordinator_client, person):
    coordinator_client.post(
        url("stakeholder_interaction", person), meeting(consent_level="enthusiastic"), **HTMX
    )
    assert not Interaction.objects.exists()


# --- Adding a person: the kind first, then only its fields ----------------------------------

CREATE_URL = reverse("stakeholders:stakeholder_create")


def shown_sections(response):
    """The kinds of the form's sections that are not folded away."""
    page = response.content.decode()
    sections = re.findall(r'<fieldset[^>]*data-kind-section="([^"]*)"([^>]*)>', page)
    return [kinds for kinds, rest in sections if "hidden" not in rest]


def test_adding_a_person_starts_by_choosing_the_kind(coordinator_client):
    response = coordinator_client.get(CREATE_URL)
    page = response.content.decode()
    assert "<form" not in page.split("<main", 1)[-1].split("</main>")[0]
    for kind in Stakeholder.Kind.values:
        assert f'href="{CREATE_URL}?kind={kind}"' in page


@pytest.mark.parametrize(
    "kind, shown",
    [
        ("resident", ["resident", "resident influence_centre regional_body"]),
        ("official", ["official"]),
        (
            "influence_centre",
            ["influence_centre regional_body", "resident influence_centre regional_body"],
        ),
        (
            "regional_body",
            ["influence_centre regional_body", "resident influence_centre regional_body"],
        ),
    ],
)
def test_the_form_shows_only_the_sections_of_the_chosen_kind(coordinator_client, kind, shown):
    response = coordinator_client.get(CREATE_URL, {"kind": kind})
    assert response.context["form"]["kind"].value() == kind
    assert shown_sections(response) == shown


def test_a_resident_needs_an_explicit_sector_choice(coordinator_client):
    response = coordinator_client.post(CREATE_URL, {"kind": "resident", "first_name": "נועה"})
    assert response.status_code == 200
    assert "בחרו את המגזר של התושב/ת" in response.content.decode()
    assert not Stakeholder.objects.exists()

    response = coordinator_client.post(
        CREATE_URL, {"kind": "resident", "first_name": "נועה", "sector": "none"}
    )
    assert response.status_code == 302
    assert Stakeholder.objects.get().sector == ""


def test_a_resident_may_have_a_sector(coordinator_client):
    coordinator_client.post(
        CREATE_URL, {"kind": "resident", "first_name": "נועה", "sector": "business"}
    )
    assert Stakeholder.objects.get().sector == Sector.BUSINESS


def test_a_representative_cannot_be_without_a_sector(coordinator_client):
    response = coordinator_client.post(
        CREATE_URL, {"kind": "influence_centre", "first_name": "נועה", "sector": "none"}
    )
    assert response.status_code == 200
    assert not Stakeholder.objects.exists()
    # The error is in the sector section, which is shown.
    assert "resident influence_centre regional_body" in shown_sections(response)


def test_an_official_is_in_the_public_sector_without_being_asked(coordinator_client):
    coordinator_client.post(
        CREATE_URL, {"kind": "official", "first_name": "דנה", "division": "אגף החינוך"}
    )
    assert Stakeholder.objects.get().sector == Sector.PUBLIC


def test_a_new_person_starts_at_unknown_consent_with_no_history(coordinator_client):
    coordinator_client.post(
        CREATE_URL, {"kind": "resident", "first_name": "נועה", "sector": "none"}
    )
    person = Stakeholder.objects.get()
    assert person.consent_level == ConsentLevel.UNKNOWN
    assert not person.consent_changes.exists()


def test_a_starting_consent_is_the_first_change_of_the_history(coordinator_client, coordinator):
    coordinator_client.post(
        CREATE_URL,
        {"kind": "resident", "first_name": "נועה", "sector": "none", "consent_level": "passive"},
    )
    person = Stakeholder.objects.get()
    change = person.consent_changes.get()
    assert (person.consent_level, change.new_level, change.changed_by) == (
        ConsentLevel.PASSIVE,
        ConsentLevel.PASSIVE,
        coordinator,
    )
    assert change.note == "תועד בעת הוספת האדם למיפוי."


def test_a_starting_active_consent_needs_its_evidence(coordinator_client):
    data = {"kind": "resident", "first_name": "נועה", "sector": "none", "consent_level": "active"}
    response = coordinator_client.post(CREATE_URL, data)
    assert response.status_code == 200
    assert not Stakeholder.objects.exists()
    response = coordinator_client.post(CREATE_URL, {**data, "consent_evidence": "promotes"})
    assert response.status_code == 302
    assert Stakeholder.objects.get().consent_changes.get().evidence == "promotes"


def test_editing_a_person_does_not_offer_a_starting_consent(coordinator_client, person):
    response = coordinator_client.get(url("stakeholder_edit", person))
    assert "consent_level" not in response.context["form"].fields
    # A resident stored without a sector shows the explicit choice, not an empty one.
    assert response.context["form"]["sector"].value() == "none"


# --- How a person was burned ---------------------------------------------------------------


@pytest.fixture
def burn(locality, person):
    return BurnedStakeholderFactory(process__locality=locality, stakeholder=person, note="")


def test_the_process_list_and_the_profile_link_to_writing_how_the_person_was_burned(
    coordinator_client, burn, person
):
    edit = reverse("stakeholders:burn_note_edit", args=[burn.pk])
    history = coordinator_client.get(reverse("stakeholders:past_process_list"))
    assert f'href="{edit}?next=/history/"' in history.content.decode()
    profile = coordinator_client.get(url("stakeholder_detail", person))
    assert f'href="{edit}?next={url("stakeholder_detail", person)}"' in profile.content.decode()


def test_a_coordinator_writes_how_a_person_was_burned_and_returns_to_the_profile(
    coordinator_client, burn, person
):
    edit = reverse("stakeholders:burn_note_edit", args=[burn.pk])
    profile = url("stakeholder_detail", person)
    page = coordinator_client.get(edit, {"next": profile})
    assert page.status_code == 200
    response = coordinator_client.post(
        edit, {"note": "הובטח לה מקום בוועדה ולא קיבלה", "next": profile}
    )
    assert response.status_code == 302 and response.url == profile
    burn.refresh_from_db()
    assert burn.note == "הובטח לה מקום בוועדה ולא קיבלה"
    assert "הובטח לה מקום בוועדה ולא קיבלה" in coordinator_client.get(profile).content.decode()


def test_after_the_burn_note_an_address_off_the_site_is_not_followed(coordinator_client, burn):
    edit = reverse("stakeholders:burn_note_edit", args=[burn.pk])
    response = coordinator_client.post(edit, {"note": "x", "next": "https://evil.example/"})
    assert response.url == reverse("stakeholders:past_process_list")


def test_a_viewer_sees_no_link_to_the_burn_note_and_cannot_write_it(client, viewer, burn):
    client.force_login(viewer)
    edit = reverse("stakeholders:burn_note_edit", args=[burn.pk])
    assert edit not in client.get(reverse("stakeholders:past_process_list")).content.decode()
    assert client.post(edit, {"note": "x"}).status_code == 403
    burn.refresh_from_db()
    assert burn.note == ""


# --- Relationships: added from their page, and edited --------------------------------------

RELATIONSHIPS = reverse("stakeholders:relationship_list")
NEW_RELATIONSHIP = reverse("stakeholders:relationship_create")


def test_the_relationships_page_has_an_add_button_for_coordinators_only(
    coordinator_client, client, viewer
):
    assert NEW_RELATIONSHIP in coordinator_client.get(RELATIONSHIPS).content.decode()
    client.force_login(viewer)
    assert NEW_RELATIONSHIP not in client.get(RELATIONSHIPS).content.decode()


def test_a_relationship_is_added_from_the_relationships_page(
    coordinator_client, coordinator, locality, person
):
    other = StakeholderFactory(locality=locality)
    response = coordinator_client.post(
        NEW_RELATIONSHIP,
        {
            "relationship-person": person.pk,
            "relationship-other_person": other.pk,
            "relationship-kind": "tension",
            "relationship-sensitive": "on",
            "relationship-note": "מתח מאז הבחירות",
        },
    )
    assert response.status_code == 302 and response.url == RELATIONSHIPS
    relationship = Relationship.objects.get()
    assert (
        relationship.from_stakeholder,
        relationship.to_stakeholder,
        relationship.kind,
        relationship.sensitive,
        relationship.created_by,
    ) == (person, other, "tension", True, coordinator)


def test_a_relationship_of_a_person_with_themselves_is_refused(coordinator_client, person):
    response = coordinator_client.post(
        NEW_RELATIONSHIP,
        {
            "relationship-person": person.pk,
            "relationship-other_person": person.pk,
            "relationship-kind": "ally",
        },
    )
    assert response.status_code == 200
    assert "בין שני אנשים שונים" in response.content.decode()
    assert not Relationship.objects.exists()


def test_a_person_of_another_locality_cannot_be_chosen_on_the_relationships_page(
    coordinator_client, person, other_locality
):
    stranger = StakeholderFactory(locality=other_locality)
    response = coordinator_client.post(
        NEW_RELATIONSHIP,
        {
            "relationship-person": stranger.pk,
            "relationship-other_person": person.pk,
            "relationship-kind": "ally",
        },
    )
    assert response.status_code == 200
    assert "person" in response.context["form"].errors
    assert not Relationship.objects.exists()


def test_a_relationship_is_edited_kind_sensitive_flag_and_note(coordinator_client, locality):
    relationship = RelationshipFactory(locality=locality, kind="ally", sensitive=False)
    edit = reverse("stakeholders:relationship_edit", args=[relationship.pk])
    assert edit in coordinator_client.get(RELATIONSHIPS).content.decode()
    response = coordinator_client.post(
        edit, {"kind": "tension", "sensitive": "on", "note": "השתנה אחרי הישיבה"}
    )
    assert response.status_code == 302
    relationship.refresh_from_db()
    assert (relationship.kind, relationship.sensitive, relationship.note) == (
        "tension",
        True,
        "השתנה אחרי הישיבה",
    )


def test_an_unknown_relationship_kind_is_refused_and_nothing_changes(coordinator_client, locality):
    relationship = RelationshipFactory(locality=locality, kind="ally")
    edit = reverse("stakeholders:relationship_edit", args=[relationship.pk])
    response = coordinator_client.post(edit, {"kind": "nemesis", "note": ""})
    assert response.status_code == 200
    relationship.refresh_from_db()
    assert relationship.kind == "ally"
