"""Change history: who changed what and when, on the object's page and in Django admin."""

import itertools
import re
from pathlib import Path

import pytest
import simple_history
from django.urls import reverse
from django.utils.html import escape

from stakeholders import third_party_strings
from stakeholders.enums import Role, SeatRole
from stakeholders.models import (
    ConsentChange,
    ConsentLevel,
    Membership,
    Organisation,
    Relationship,
    Stakeholder,
)
from tests.conftest import admin_url, url
from tests.factories import (
    CommitteeFactory,
    MembershipFactory,
    OfficialFactory,
    OrganisationFactory,
    RelationshipFactory,
    StakeholderFactory,
)

pytestmark = pytest.mark.django_db


def label(model, field):
    return str(model._meta.get_field(field).verbose_name)


def form_data(person, **changes):
    data = {
        field: getattr(person, field) or ""
        for field in [
            "kind",
            "first_name",
            "last_name",
            "sector",
            "community",
            "division",
            "department",
            "position",
            "job_title",
            "phone",
            "email",
            "influence_level",
            "influence_basis",
            "notes",
        ]
    }
    return {**data, **changes}


@pytest.fixture
def person(locality):
    return StakeholderFactory(
        locality=locality,
        first_name="נעמה",
        last_name="ברק",
        phone="+972501112233",
        email="naama@example.org",
    )


# --- On the profile ------------------------------------------------------------------------


def test_the_profile_shows_who_changed_which_field_from_what_to_what(
    coordinator_client, coordinator, person
):
    response = coordinator_client.post(
        url("stakeholder_edit", person),
        form_data(person, kind="official", sector="public", phone="052-7654321"),
    )
    assert response.status_code == 302

    response = coordinator_client.get(url("stakeholder_detail", person))
    entries = response.context["change_history"]["entries"]
    latest = entries[0]
    assert latest.type == "~"
    assert latest.user == coordinator.get_full_name()
    changes = {change.field: (change.old, change.new) for change in latest.changes}
    # Choices by their labels, phones as people write them, labels from the verbose names.
    assert changes["kind"] == (
        str(Stakeholder.Kind.RESIDENT.label),
        str(Stakeholder.Kind.OFFICIAL.label),
    )
    assert changes["phone"] == ("050-1112233", "052-7654321")
    assert {change.label for change in latest.changes} >= {
        label(Stakeholder, "kind"),
        label(Stakeholder, "phone"),
    }
    assert entries[-1].type == "+"  # the record's creation, with what it was created with
    content = response.content.decode()
    assert 'id="change-history-heading"' in content
    assert "052-7654321" in content and "050-1112233" in content


def test_the_history_on_the_profile_takes_in_consent_seats_and_relationships(
    coordinator_client, coordinator, person, locality
):
    person.change_consent(level="passive", by=coordinator)
    committee = CommitteeFactory(locality=locality, name="ועדת היגוי עירונית")
    MembershipFactory(committee=committee, stakeholder=person)
    other = StakeholderFactory(locality=locality, first_name="אורי", last_name="שחר")
    RelationshipFactory(locality=locality, from_stakeholder=other, to_stakeholder=person)

    entries = coordinator_client.get(url("stakeholder_detail", person)).context["change_history"][
        "entries"
    ]
    subjects = [entry.subject for entry in entries]
    assert any(committee.name in subject for subject in subjects)
    assert any(other.full_name in subject for subject in subjects)
    consent = next(
        entry for entry in entries if any(change.field == "new_level" for change in entry.changes)
    )
    assert {c.field: c.new for c in consent.changes}["new_level"] == str(ConsentLevel.PASSIVE.label)


def test_viewers_see_no_history_its_contacts_are_for_coordinators(client, viewer, person):
    client.force_login(viewer)
    response = client.get(url("stakeholder_detail", person))
    assert "change_history" not in response.context
    assert 'id="change-history-heading"' not in response.content.decode()
    assert person.phone_display not in response.content.decode()
    assert client.get(url("stakeholder_history", person)).status_code == 403


def test_a_long_history_shows_the_latest_changes_and_links_to_the_whole(coordinator_client, person):
    for n in range(25):
        person.notes = f"הערה {n}"
        person.save()
    history = coordinator_client.get(url("stakeholder_detail", person)).context["change_history"]
    assert len(history["entries"]) == 20
    assert history["has_more"]
    assert history["entries"][0].changes[0].new == "הערה 24"

    page = coordinator_client.get(url("stakeholder_history", person))
    assert page.status_code == 200
    assert len(page.context["history"].entries) == 26  # 25 changes and the creation
    assert page.context["history"].entries[-1].type == "+"


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99999", "1.5", "9" * 40])
def test_any_page_number_of_the_history_shows_a_page(coordinator_client, person, page):
    response = coordinator_client.get(url("stakeholder_history", person, page=page))
    assert response.status_code == 200


def test_the_whole_history_costs_the_same_queries_however_long(
    coordinator_client, coordinator, person, locality, count_queries
):
    edits = itertools.count()

    def add_changes(count):
        # A change in each of the four tables the person's history reads, per round. The
        # person's change includes a new phone number, so that the newest page shows a past
        # one (and logs that it did) at every size, not only while the creation is on it.
        for _ in range(count):
            edit = next(edits)
            person.notes = f"הערה {edit}"
            person.phone = f"+97250{edit:07d}"
            person.save()
            committee = CommitteeFactory(locality=locality)
            MembershipFactory(committee=committee, stakeholder=person)
            RelationshipFactory(
                locality=locality,
                from_stakeholder=person,
                to_stakeholder=None,
                to_organisation=OrganisationFactory(locality=locality),
            )
            person.change_consent(level="active", by=coordinator)

    def history():
        return coordinator_client.get(url("stakeholder_history", person))

    # Session, user, language, grants, localities, the person; the page's count and keys, the
    # rows of four tables, the people, bodies, organisations and users they name; the
    # access-log row for the past phone numbers shown: none of them per entry.
    add_changes(3)
    small = count_queries(history)
    # Ten times as many: 121 entries, past the page of 50.
    add_changes(27)
    large = count_queries(history)
    assert large == small
    assert len(history().context["history"].entries) == 50


def test_the_organisation_page_shows_its_own_history(coordinator_client, locality):
    organisation = OrganisationFactory(locality=locality, name="מתנ״ס הגפן")
    organisation.scope = Organisation.Scope.REGIONAL
    organisation.save()
    response = coordinator_client.get(url("organisation_detail", organisation))
    latest = response.context["change_history"]["entries"][0]
    assert [(c.field, c.new) for c in latest.changes] == [
        ("scope", str(Organisation.Scope.REGIONAL.label))
    ]
    assert coordinator_client.get(url("organisation_history", organisation)).status_code == 200


def test_the_committee_page_shows_its_seats_history(coordinator_client, locality):
    committee = CommitteeFactory(locality=locality)
    seat = MembershipFactory(committee=committee, stakeholder=OfficialFactory(locality=locality))
    seat.role = SeatRole.CHAIR
    seat.save()
    response = coordinator_client.get(url("committee_detail", committee))
    latest = response.context["change_history"]["entries"][0]
    # The subject is HTML (the name isolated in <bdi>), so an apostrophe in it is escaped.
    assert escape(seat.stakeholder.full_name) in latest.subject
    assert [(c.field, c.new) for c in latest.changes] == [("role", str(SeatRole.CHAIR.label))]
    assert coordinator_client.get(url("committee_history", committee)).status_code == 200


# --- Deleting and Django admin -------------------------------------------------------------


def test_deleting_a_stakeholder_in_admin_keeps_a_record_naming_who_deleted(
    client, locality_admin, person
):
    client.force_login(locality_admin)
    response = client.post(admin_url(Stakeholder, "delete", person.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Stakeholder.objects.filter(pk=person.pk).exists()
    deleted = Stakeholder.history.get(id=person.pk, history_type="-")
    assert deleted.history_user == locality_admin
    assert deleted.first_name == person.first_name

    # Found among the stakeholder changes, "Deleted" filter, and its history still opens.
    changes = client.get(admin_url(Stakeholder.history.model, "changelist"), {"type": "-"})
    assert changes.status_code == 200
    assert person.full_name in changes.content.decode()
    assert client.get(admin_url(Stakeholder, "history", person.pk)).status_code == 200


def test_a_locality_admin_sees_no_history_of_another_locality(
    client, make_user, locality, other_locality, person
):
    seat = MembershipFactory(committee__locality=locality, stakeholder=person)
    objects = {
        Stakeholder: person,
        Organisation: OrganisationFactory(locality=locality),
        ConsentChange: person.change_consent(level="active", by=None),
        Membership: seat,
        Relationship: RelationshipFactory(locality=locality, from_stakeholder=person),
    }
    admin_of_b = make_user(Role.ADMIN, other_locality, is_staff=True)
    admin_of_a = make_user(Role.ADMIN, locality, is_staff=True, username="admin-of-a")
    client.force_login(admin_of_b)
    for model, obj in objects.items():
        version = obj.history.latest().pk
        assert client.get(admin_url(model, "history", obj.pk)).status_code == 404, model
        version_url = admin_url(model, "simple_history", object_id=obj.pk, version_id=version)
        assert client.get(version_url).status_code == 404, model
    changes = client.get(admin_url(Stakeholder.history.model, "changelist"))
    assert person.full_name not in changes.content.decode()

    # Deleted, the person's history stays out of the other locality's reach.
    person_id = person.pk
    person.delete()
    assert client.get(admin_url(Stakeholder, "history", person_id)).status_code == 404
    client.force_login(admin_of_a)
    assert client.get(admin_url(Stakeholder, "history", person_id)).status_code == 200


def test_the_admin_history_is_read_only(client, locality_admin, person):
    client.force_login(locality_admin)
    person.first_name = "שם חדש"
    person.save()
    first = person.history.earliest()
    version_url = admin_url(Stakeholder, "simple_history", object_id=person.pk, version_id=first.pk)
    page = client.get(version_url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()  # no "Revert" button
    response = client.post(version_url, {**form_data(first), "locality": person.locality_id})
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.first_name == "שם חדש"


@pytest.mark.parametrize(
    "object_id, version_id", [("abc", "1"), ("1", "abc"), ("9" * 30, "1"), ("1", "9" * 30)]
)
def test_bad_addresses_of_admin_history_pages_are_not_found(
    client, locality_admin, object_id, version_id
):
    client.force_login(locality_admin)
    history = reverse("admin:stakeholders_stakeholder_history", args=[object_id])
    version = admin_url(Stakeholder, "simple_history", object_id=object_id, version_id=version_id)
    assert client.get(history).status_code in (302, 404)
    assert client.get(version).status_code == 404


# --- Translations of django-simple-history's own pages ------------------------------------


def test_every_message_of_simple_historys_templates_is_listed_for_our_catalogues():
    """Its templates' messages reach makemessages through third_party_strings (or are
    Django's own, which Django translates)."""
    django_translates = {"Home", "History", "View on site", "Close", "None", "Date/time"}
    listed = {str(message) for message in third_party_strings.SIMPLE_HISTORY_MESSAGES}
    listed.add("entry")
    folder = Path(simple_history.__file__).parent / "templates"
    messages = set()
    for template in folder.rglob("*.html"):
        text = template.read_text()
        for single, double in re.findall(r"{% *trans(?:late)? +(?:'([^']+)'|\"([^\"]+)\")", text):
            messages.add(single or double)
        for body in re.findall(r"{% *blocktrans(?:late)?[^%]*%}(.*?){% *(?:plural|endblock)", text):
            messages.add(re.sub(r"{{ *(\w+) *}}", r"%(\1)s", body.strip()))
    assert messages - django_translates <= listed
