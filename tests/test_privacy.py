"""A person's privacy requests: a copy of everything held about them, or its erasure."""

import io

import pytest
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import translation
from openpyxl import load_workbook

from stakeholders import audit, privacy
from stakeholders.enums import Role
from stakeholders.models import (
    ConsentChange,
    FollowUp,
    Interaction,
    Membership,
    PersonalDataAccess,
    Relationship,
    Stakeholder,
)
from tests.conftest import url
from tests.factories import (
    BurnedStakeholderFactory,
    FollowUpFactory,
    InteractionFactory,
    MembershipFactory,
    RelationshipFactory,
    RepresentationFactory,
    StakeholderFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(locality, coordinator):
    person = StakeholderFactory(
        locality=locality,
        first_name="מיכל",
        last_name="אזולאי",
        phone="+972501234567",
        email="michal@example.org",
        community="שכונת הרקפות",
        job_title="גננת",
        notes="גרה ליד המתנ״ס",
    )
    person.change_consent(level="passive", by=coordinator, note="אמרה שתבוא לפגישה")
    MembershipFactory(committee__locality=locality, stakeholder=person, note="מגיעה באיחור")
    RelationshipFactory(locality=locality, from_stakeholder=person, note="אחותו של ראש המועצה")
    InteractionFactory(stakeholder=person, summary="שיחה על הגן של הבן שלה")
    FollowUpFactory(stakeholder=person, description="להתקשר למיכל אחרי החגים", owner=coordinator)
    BurnedStakeholderFactory(process__locality=locality, stakeholder=person, note="הובטח לה")
    RepresentationFactory(stakeholder=person, organisation__locality=locality)
    # An earlier phone, kept by the change history.
    person.phone = "+972529999999"
    person.save()
    person.phone = "+972501234567"
    person.save()
    return person


# --- Export --------------------------------------------------------------------------------


def test_the_export_asks_first_and_a_get_downloads_nothing(coordinator_client, person):
    response = coordinator_client.get(url("stakeholder_privacy_export", person))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert 'method="post"' in response.content.decode()
    assert not PersonalDataAccess.objects.exists()


def test_the_export_holds_everything_about_the_person(coordinator_client, coordinator, person):
    response = coordinator_client.post(url("stakeholder_privacy_export", person))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    cells = {
        sheet.title: [str(value) for row in sheet.iter_rows(values_only=True) for value in row]
        for sheet in workbook.worksheets
    }
    everything = " ".join(" ".join(values) for values in cells.values())
    for held in [
        "מיכל",
        "אזולאי",
        "050-1234567",
        "michal@example.org",
        "שכונת הרקפות",
        "גרה ליד המתנ״ס",
        "אמרה שתבוא לפגישה",
        "מגיעה באיחור",
        "אחותו של ראש המועצה",
        "שיחה על הגן של הבן שלה",
        "להתקשר למיכל אחרי החגים",
        "הובטח לה",
        person.representations.get().organisation.name,
        "052-9999999",  # the earlier phone, from the change history
    ]:
        assert held in everything, held
    assert len(workbook.worksheets) >= 10
    (row,) = PersonalDataAccess.objects.all()
    assert (row.action, row.source, row.user, row.stakeholder_id) == (
        "export",
        "export:personal-data.xlsx",
        coordinator,
        person.pk,
    )


# --- Erasure -------------------------------------------------------------------------------


def test_the_erasure_asks_first_and_needs_a_ticked_confirmation(coordinator_client, person):
    page = coordinator_client.get(url("stakeholder_privacy_erase", person))
    assert page.status_code == 200
    assert 'name="confirm"' in page.content.decode()
    response = coordinator_client.post(url("stakeholder_privacy_erase", person), {})
    assert response.status_code == 200
    assert response.context["form"].errors
    person.refresh_from_db()
    assert person.first_name == "מיכל" and person.phone
    assert not PersonalDataAccess.objects.filter(action="erase").exists()


def test_viewers_and_other_localities_cannot_erase(client, make_user, other_locality, person):
    for user in [
        make_user(Role.VIEWER, person.locality),
        make_user(Role.COORDINATOR, other_locality),
    ]:
        client.force_login(user)
        response = client.post(url("stakeholder_privacy_erase", person), {"confirm": "on"})
        assert response.status_code in (403, 404)
    person.refresh_from_db()
    assert person.first_name == "מיכל"


def test_erasing_anonymises_the_person_now_and_in_their_history(
    coordinator_client, coordinator, person
):
    seats_before = Membership.objects.filter(stakeholder=person).count()
    ContentType.objects.clear_cache()
    LogEntry.objects.log_actions(
        user_id=coordinator.pk, queryset=[person], action_flag=CHANGE, change_message=""
    )
    response = coordinator_client.post(url("stakeholder_privacy_erase", person), {"confirm": "on"})
    assert response.status_code == 302

    with translation.override(settings.LANGUAGE_CODE):
        placeholder = str(privacy.ERASED_NAME)
    person.refresh_from_db()
    assert person.first_name == placeholder
    for field in ["last_name", "phone", "email", "notes", "community", "job_title"]:
        assert getattr(person, field) == "", field
    # What the locality's figures rest on stays.
    assert person.consent_level == "passive"
    assert person.kind == "resident"
    assert Membership.objects.filter(stakeholder=person).count() == seats_before
    # What was written about them goes.
    assert set(
        Interaction.objects.filter(stakeholder=person).values_list("summary", flat=True)
    ) == {""}
    assert set(
        FollowUp.objects.filter(stakeholder=person).values_list("description", flat=True)
    ) == {""}
    assert set(Relationship.objects.touching(person).values_list("note", flat=True)) == {""}
    assert set(ConsentChange.objects.filter(stakeholder=person).values_list("note", flat=True)) == {
        ""
    }
    assert set(person.burns.values_list("note", flat=True)) == {""}
    assert LogEntry.objects.get().object_repr == placeholder

    # ...from the change history too: no past name, phone or email is left in any version.
    versions = Stakeholder.history.filter(id=person.pk)
    assert versions.count() >= 4
    for version in versions:
        assert version.first_name == placeholder
        assert (version.last_name, version.phone, version.email, version.notes) == ("", "", "", "")
    assert set(
        ConsentChange.history.filter(stakeholder_id=person.pk).values_list("note", flat=True)
    ) == {""}
    assert set(
        Membership.history.filter(stakeholder_id=person.pk).values_list("note", flat=True)
    ) == {""}
    assert set(
        Relationship.history.filter(from_stakeholder_id=person.pk).values_list("note", flat=True)
    ) == {""}

    # The erasure itself stays auditable: a history entry naming who erased, and a log row.
    latest = versions.latest()
    assert latest.history_user == coordinator
    assert latest.history_change_reason == audit.ERASURE_REASON
    (row,) = PersonalDataAccess.objects.filter(action="erase")
    assert (row.user, row.stakeholder_id, row.source) == (
        coordinator,
        person.pk,
        "stakeholders:stakeholder_privacy_erase",
    )
    profile = coordinator_client.get(url("stakeholder_detail", person))
    assert profile.context["change_history"]["entries"][0].reason
    content = profile.content.decode()
    assert "מיכל" not in content and "050-1234567" not in content and "052-9999999" not in content
