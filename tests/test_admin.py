"""Django admin: Hebrew and right to left, every model, scoped to the admin's localities."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from stakeholders.enums import Role, SeatRole
from stakeholders.models import (
    BurnedStakeholder,
    Committee,
    ConsentChange,
    ConsentLevel,
    FollowUp,
    Interaction,
    Locality,
    LocalityAccess,
    Membership,
    Organisation,
    PastProcess,
    Relationship,
    Representation,
    Stakeholder,
)
from tests.conftest import admin_url
from tests.factories import (
    BurnedStakeholderFactory,
    CommitteeFactory,
    ConsentChangeFactory,
    FollowUpFactory,
    InteractionFactory,
    LocalityAccessFactory,
    MembershipFactory,
    OfficialFactory,
    PastProcessFactory,
    RelationshipFactory,
    RepresentationFactory,
    StakeholderFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HEBREW_RTL = '<html lang="he" dir="rtl">'


@pytest.fixture
def records(locality):
    """One object of every model, in the locality."""
    official = OfficialFactory(locality=locality)
    membership = MembershipFactory(committee__locality=locality, stakeholder=official)
    return {
        Locality: locality,
        Stakeholder: official,
        Organisation: RepresentationFactory(stakeholder__locality=locality).organisation,
        Representation: Representation.objects.get(),
        ConsentChange: ConsentChangeFactory(stakeholder=official),
        Committee: membership.committee,
        Membership: membership,
        Relationship: RelationshipFactory(locality=locality),
        PastProcess: PastProcessFactory(locality=locality),
        BurnedStakeholder: BurnedStakeholderFactory(process__locality=locality),
        Interaction: InteractionFactory(stakeholder=official),
        FollowUp: FollowUpFactory(stakeholder=official),
        LocalityAccess: LocalityAccessFactory(locality=locality, role=Role.VIEWER),
    }


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def test_the_admin_index_is_hebrew_and_right_to_left(superuser_client):
    response = superuser_client.get(reverse("admin:index"))
    assert response.status_code == 200
    content = response.content.decode()
    assert HEBREW_RTL in content
    assert "ניהול" in content


@pytest.mark.parametrize(
    "model",
    [
        Locality,
        Stakeholder,
        Organisation,
        Representation,
        ConsentChange,
        Committee,
        Membership,
        Relationship,
        PastProcess,
        BurnedStakeholder,
        Interaction,
        FollowUp,
        LocalityAccess,
    ],
    ids=lambda m: m.__name__,
)
def test_every_admin_page_loads_in_hebrew(model, superuser_client, records):
    obj = records[model]
    for url in [
        admin_url(model, "changelist"),
        admin_url(model, "add"),
        admin_url(model, "change", obj.pk),
        admin_url(model, "changelist") + "?q=" + "כהן",
    ]:
        response = superuser_client.get(url)
        assert response.status_code == 200, url
        assert HEBREW_RTL in response.content.decode(), url


def test_a_locality_admin_sees_only_their_localitys_records(
    client, locality_admin, locality, other_locality
):
    mine = StakeholderFactory(locality=locality, first_name="שלומציון")
    theirs = StakeholderFactory(locality=other_locality, first_name="זרובבלית")
    client.force_login(locality_admin)

    changelist = client.get(admin_url(Stakeholder, "changelist"))
    assert changelist.status_code == 200
    assert mine.first_name in changelist.content.decode()
    assert theirs.first_name not in changelist.content.decode()
    assert other_locality.name not in changelist.content.decode()

    # Another locality's object is treated as missing: the admin redirects with a notice.
    response = client.get(admin_url(Stakeholder, "change", theirs.pk))
    assert response.status_code == 302
    assert client.get(admin_url(Stakeholder, "change", mine.pk)).status_code == 200


def test_a_locality_admin_cannot_add_into_another_locality(
    client, locality_admin, locality, other_locality
):
    client.force_login(locality_admin)
    form = client.get(admin_url(Stakeholder, "add")).content.decode()
    assert locality.name in form
    assert other_locality.name not in form
    response = client.post(
        admin_url(Stakeholder, "add"),
        {
            "locality": other_locality.pk,
            "kind": "resident",
            "first_name": "פולש",
            **_empty_inlines(),
        },
    )
    assert response.status_code == 200
    assert not Stakeholder.objects.filter(first_name="פולש").exists()


def test_a_locality_admin_cannot_create_localities(client, locality_admin):
    client.force_login(locality_admin)
    assert client.get(admin_url(Locality, "add")).status_code == 403


def test_autocomplete_is_scoped(client, locality_admin, locality, other_locality):
    StakeholderFactory(locality=locality, first_name="אורית")
    StakeholderFactory(locality=other_locality, first_name="אורית")
    client.force_login(locality_admin)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "אורית",
            "app_label": "stakeholders",
            "model_name": "membership",
            "field_name": "stakeholder",
        },
    )
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.VIEWER, Role.OFFICIAL])
def test_other_roles_have_no_admin(client, make_user, locality, role):
    user = make_user(role, locality, stakeholder=OfficialFactory(locality=locality), is_staff=True)
    client.force_login(user)
    assert client.get(admin_url(Stakeholder, "changelist")).status_code == 403


def test_a_consent_change_added_in_admin_moves_the_current_level(superuser_client, locality):
    person = StakeholderFactory(locality=locality)
    response = superuser_client.post(
        admin_url(ConsentChange, "add"),
        {
            "stakeholder": person.pk,
            "new_level": ConsentLevel.PASSIVE,
            "evidence": "",
            "note": "לא מתנגדת",
            "at_0": timezone.localdate().isoformat(),
            "at_1": "10:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.consent_level == ConsentLevel.PASSIVE
    change = person.consent_changes.get()
    assert change.old_level == ConsentLevel.UNKNOWN
    assert change.changed_by.username == "root"


def test_a_consent_change_cannot_be_edited_or_deleted_in_admin(superuser_client, locality):
    change = StakeholderFactory(locality=locality).change_consent(level="active", by=None)
    page = superuser_client.get(admin_url(ConsentChange, "change", change.pk))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert superuser_client.get(admin_url(ConsentChange, "delete", change.pk)).status_code == 403


def test_a_seat_added_on_the_committee_page_counts_as_active_consent(superuser_client, locality):
    committee = CommitteeFactory(locality=locality, name="ועדת היגוי")
    person = StakeholderFactory(locality=locality)
    start = timezone.localdate() - datetime.timedelta(days=3)
    prefix = "memberships"
    data = {
        "locality": locality.pk,
        "name": committee.name,
        "kind": committee.kind,
        "description": "",
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-0-stakeholder": person.pk,
        f"{prefix}-0-role": SeatRole.CHAIR,
        f"{prefix}-0-start_date": start.isoformat(),
        "task_teams-TOTAL_FORMS": "0",
        "task_teams-INITIAL_FORMS": "0",
    }
    response = superuser_client.post(admin_url(Committee, "change", committee.pk), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    seat = Membership.objects.get()
    assert seat.role == SeatRole.CHAIR
    person.refresh_from_db()
    assert person.consent_level == ConsentLevel.ACTIVE
    assert person.consent_changes.get().membership == seat


def test_a_seat_added_from_the_membership_page_counts_as_active_consent(superuser_client, locality):
    team = CommitteeFactory(locality=locality, kind="task_team", name="צוות מרחב ציבורי")
    person = OfficialFactory(locality=locality)
    response = superuser_client.post(
        admin_url(Membership, "add"),
        {
            "committee": team.pk,
            "stakeholder": person.pk,
            "role": "member",
            "start_date": timezone.localdate().isoformat(),
            "availability": "available",
        },
    )
    assert response.status_code == 302
    assert person.consent_changes.get().evidence == ConsentChange.Evidence.TASK_TEAM_SEAT


def test_admin_search_finds_a_local_phone_number(superuser_client, locality):
    StakeholderFactory(locality=locality, first_name="נועה", phone="+972541234567")
    response = superuser_client.get(admin_url(Stakeholder, "changelist"), {"q": "054-1234567"})
    assert "נועה" in response.content.decode()


def _empty_inlines():
    data = {}
    for prefix in [
        "consent_changes",
        "memberships",
        "representations",
        "interactions",
        "follow_ups",
    ]:
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    return data


def test_interactions_written_or_deleted_in_admin_keep_the_last_contact(superuser_client, locality):
    person = StakeholderFactory(locality=locality)
    when = timezone.now() - datetime.timedelta(days=3)
    response = superuser_client.post(
        admin_url(Interaction, "add"),
        {
            "stakeholder": person.pk,
            "occurred_at_0": timezone.localtime(when).date().isoformat(),
            "occurred_at_1": timezone.localtime(when).strftime("%H:%M:%S"),
            "channel": "call",
            "summary": "שיחה",
            "outcome": "neutral",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.last_contact is not None
    interaction = Interaction.objects.get()
    superuser_client.post(admin_url(Interaction, "delete", interaction.pk), {"post": "yes"})
    person.refresh_from_db()
    assert person.last_contact is None
