"""The access log of personal data: every view, export, change or erasure of contact details."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stakeholders import access_log
from stakeholders.enums import Role
from stakeholders.management.commands.prune_access_log import months_before
from stakeholders.models import ImmutableRecord, PersonalDataAccess, Stakeholder
from tests.conftest import admin_url
from tests.factories import (
    CommitteeFactory,
    MembershipFactory,
    RepresentationFactory,
    StakeholderFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

VIEW, EXPORT, CHANGE = "view", "export", "change"


def rows(**filters):
    return list(PersonalDataAccess.objects.filter(**filters).order_by("pk"))


@pytest.fixture
def person(locality):
    return StakeholderFactory(
        locality=locality, phone="+972501112233", email="person@example.org", first_name="דנה"
    )


# --- Each place that shows or changes contact details --------------------------------------


def test_opening_a_profile_logs_who_saw_whose_contacts_and_where(
    coordinator_client, coordinator, person, locality
):
    coordinator_client.get(reverse("stakeholders:stakeholder_detail", args=[person.pk]))
    (row,) = rows()
    assert (row.user, row.username, row.stakeholder_id, row.locality_id) == (
        coordinator,
        coordinator.username,
        person.pk,
        locality.pk,
    )
    assert (row.action, row.source, row.fields) == (
        VIEW,
        "stakeholders:stakeholder_detail",
        "email,phone",
    )


def test_a_profile_without_contact_details_logs_nothing(coordinator_client, locality):
    nobody = StakeholderFactory(locality=locality, phone="", email="")
    coordinator_client.get(reverse("stakeholders:stakeholder_detail", args=[nobody.pk]))
    assert rows() == []


def test_viewers_see_no_contacts_and_leave_no_rows(client, viewer, person):
    client.force_login(viewer)
    for address in [
        reverse("stakeholders:stakeholder_detail", args=[person.pk]),
        reverse("stakeholders:stakeholder_list"),
        reverse("stakeholders:stakeholder_export") + "?format=csv",
    ]:
        assert client.get(address).status_code == 200
    assert rows() == []


def test_the_register_logs_one_row_per_phone_shown_on_the_page(
    coordinator_client, locality, person
):
    StakeholderFactory.create_batch(30, locality=locality)
    StakeholderFactory(locality=locality, phone="", email="nophone@example.org")
    response = coordinator_client.get(reverse("stakeholders:stakeholder_list"))
    shown = {p.pk for p in response.context["people"] if p.phone}
    logged = rows(source="stakeholders:stakeholder_list")
    assert {row.stakeholder_id for row in logged} == shown
    assert len(logged) == len(shown) > 20
    assert {(row.action, row.fields) for row in logged} == {(VIEW, "phone")}


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_exports_log_everyone_whose_contacts_they_hold(
    coordinator_client, locality, person, export_format
):
    without = StakeholderFactory(locality=locality, phone="", email="")
    response = coordinator_client.get(
        reverse("stakeholders:stakeholder_export"), {"format": export_format}
    )
    assert response.status_code == 200
    logged = rows(action=EXPORT)
    assert [row.stakeholder_id for row in logged] == [person.pk]
    assert logged[0].source == f"export:stakeholders.{export_format}"
    assert without.pk not in {row.stakeholder_id for row in rows()}


def test_the_committee_export_logs_its_members_contacts(coordinator_client, locality, person):
    committee = CommitteeFactory(locality=locality)
    MembershipFactory(committee=committee, stakeholder=person)
    coordinator_client.get(
        reverse("stakeholders:committee_export"), {"committee": committee.pk, "format": "xlsx"}
    )
    (row,) = rows(action=EXPORT)
    assert (row.stakeholder_id, row.source) == (person.pk, "export:committees.xlsx")


def test_the_organisation_page_logs_its_representatives_contacts(coordinator_client, locality):
    link = RepresentationFactory(stakeholder__locality=locality)
    coordinator_client.get(reverse("stakeholders:organisation_detail", args=[link.organisation.pk]))
    (row,) = rows()
    assert (row.stakeholder_id, row.source) == (
        link.stakeholder.pk,
        "stakeholders:organisation_detail",
    )


def _form(person, **changes):
    fields = ["kind", "first_name", "last_name", "community", "phone", "email", "notes"]
    return {**{f: getattr(person, f) for f in fields}, "sector": person.sector or "none", **changes}


def test_the_edit_form_logs_a_view_and_a_saved_change_of_contacts(coordinator_client, person):
    edit = reverse("stakeholders:stakeholder_edit", args=[person.pk])
    coordinator_client.get(edit)
    assert [(r.action, r.source) for r in rows()] == [(VIEW, "stakeholders:stakeholder_edit")]

    coordinator_client.post(edit, _form(person, phone="052-7654321"))
    (change,) = rows(action=CHANGE)
    assert (change.source, change.fields, change.stakeholder_id) == (
        "stakeholders:stakeholder_edit",
        "phone",
        person.pk,
    )

    # The same number typed another way is no change; another field is none of the log's.
    coordinator_client.post(edit, _form(person, phone="+972527654321", notes="חדש"))
    assert len(rows(action=CHANGE)) == 1


def test_adding_a_person_with_contacts_logs_the_change(coordinator_client, locality):
    coordinator_client.post(
        reverse("stakeholders:stakeholder_create"),
        {"kind": "resident", "sector": "none", "first_name": "רון", "email": "ron@example.org"},
    )
    person = Stakeholder.objects.get(email="ron@example.org")
    (row,) = rows(action=CHANGE)
    assert (row.stakeholder_id, row.fields) == (person.pk, "email")


def test_an_import_logs_the_contacts_it_sets_in_one_insert(coordinator_client, locality):
    existing = StakeholderFactory(locality=locality, phone="+972501111111", email="")
    content = (
        "שם פרטי,שם משפחה,טלפון,דוא״ל\r\n"
        "מרים,כהן,050-7654321,\r\n"
        "יוסי,לוי,,\r\n"
        f"{existing.first_name},{existing.last_name},050-1111111,new@example.org\r\n"
    ).encode("utf-8-sig")
    upload = io.BytesIO(content)
    upload.name = "people.csv"
    response = coordinator_client.post(
        reverse("stakeholders:import_start"),
        {"kind": "stakeholders", "file": upload, "default_kind": "resident"},
    )
    confirm = response.url.rstrip("/") + "/confirm/"
    with CaptureQueriesContext(connection) as queries:
        coordinator_client.post(confirm)
    inserts = [q for q in queries if 'INSERT INTO "stakeholders_personaldataaccess"' in q["sql"]]
    assert len(inserts) == 1
    logged = {row.stakeholder_id for row in rows(action=CHANGE)}
    miriam = Stakeholder.objects.get(first_name="מרים")
    assert logged == {miriam.pk, existing.pk}  # not Yossi, who came without contacts
    assert rows(action=CHANGE)[0].source == "import:stakeholders:people.csv"


# --- Django admin --------------------------------------------------------------------------


def _admin_form(person, **changes):
    data = {
        "locality": person.locality_id,
        "kind": person.kind,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "phone": person.phone,
        "email": person.email,
        **changes,
    }
    for prefix in ["consent_changes", "memberships", "representations", "interactions"]:
        data[f"{prefix}-TOTAL_FORMS"] = data[f"{prefix}-INITIAL_FORMS"] = "0"
    data["follow_ups-TOTAL_FORMS"] = data["follow_ups-INITIAL_FORMS"] = "0"
    return data


def test_the_admin_logs_the_change_page_the_list_and_a_saved_change(client, locality_admin, person):
    client.force_login(locality_admin)
    client.get(admin_url(Stakeholder, "change", person.pk))
    assert [(r.action, r.source) for r in rows()] == [
        (VIEW, "admin:stakeholders_stakeholder_change")
    ]

    client.get(admin_url(Stakeholder, "changelist"))
    assert [r.stakeholder_id for r in rows(source="admin:stakeholders_stakeholder_changelist")] == [
        person.pk
    ]

    response = client.post(
        admin_url(Stakeholder, "change", person.pk), _admin_form(person, email="new@example.org")
    )
    assert response.status_code == 302
    (change,) = rows(action=CHANGE)
    assert (change.source, change.fields, change.user) == (
        "admin:stakeholders_stakeholder_change",
        "email",
        locality_admin,
    )


# --- Nobody edits the log ------------------------------------------------------------------


def _row(person, **fields):
    return PersonalDataAccess.objects.create(
        **{
            "locality": person.locality,
            "stakeholder": person,
            "action": VIEW,
            "source": "test",
            **fields,
        }
    )


def test_the_log_cannot_be_changed_or_deleted_through_the_model(person):
    row = _row(person)
    row.source = "forged"
    with pytest.raises(ImmutableRecord):
        row.save()
    with pytest.raises(ImmutableRecord):
        row.delete()
    with pytest.raises(ImmutableRecord):
        PersonalDataAccess.objects.filter(pk=row.pk).update(source="forged")
    with pytest.raises(ImmutableRecord):
        PersonalDataAccess.objects.all().delete()
    assert PersonalDataAccess.objects.get().source == "test"


def test_nobody_adds_changes_or_deletes_log_rows_in_admin_not_even_a_superuser(client, person):
    row = _row(person)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(admin_url(PersonalDataAccess, "changelist")).status_code == 200
    assert client.get(admin_url(PersonalDataAccess, "change", row.pk)).status_code == 200
    assert client.get(admin_url(PersonalDataAccess, "add")).status_code == 403
    assert client.post(admin_url(PersonalDataAccess, "add"), {}).status_code == 403
    response = client.post(admin_url(PersonalDataAccess, "change", row.pk), {"source": "x"})
    assert response.status_code == 403
    assert (
        client.post(admin_url(PersonalDataAccess, "delete", row.pk), {"post": "yes"}).status_code
        == 403
    )
    client.post(
        admin_url(PersonalDataAccess, "changelist"),
        {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"},
    )
    assert PersonalDataAccess.objects.get().source == "test"


def test_the_admin_log_is_scoped_and_searchable(client, make_user, person, other_locality):
    _row(person, username="dana-coordinator")
    theirs = StakeholderFactory(locality=other_locality)
    _row(theirs, username="other-coordinator")
    client.force_login(make_user(Role.ADMIN, person.locality, is_staff=True))
    content = client.get(admin_url(PersonalDataAccess, "changelist")).content.decode()
    assert "dana-coordinator" in content and "other-coordinator" not in content
    for search in [str(person.pk), "dana", "abc", "9" * 30]:
        response = client.get(admin_url(PersonalDataAccess, "changelist"), {"q": search})
        assert response.status_code == 200


# --- The administrators' page and export ---------------------------------------------------


LOG = reverse("stakeholders:access_log")
LOG_EXPORT = reverse("stakeholders:access_log_export")


def test_the_access_log_page_is_for_the_localitys_admins(client, make_user, locality, person):
    _row(person, username="someone")
    for role in (Role.COORDINATOR, Role.VIEWER):
        client.force_login(make_user(role, locality))
        assert client.get(LOG).status_code == 403
        assert client.get(LOG_EXPORT).status_code == 403
    menu_link = f'href="{LOG}"'
    assert menu_link not in client.get(reverse("stakeholders:dashboard")).content.decode()
    client.force_login(make_user(Role.ADMIN, locality))
    response = client.get(LOG)
    assert response.status_code == 200
    assert "someone" in response.content.decode()
    assert menu_link in client.get(reverse("stakeholders:dashboard")).content.decode()


def test_an_admin_of_another_locality_sees_none_of_its_log(
    client, make_user, locality, other_locality, person
):
    _row(person, username="someone-in-a")
    client.force_login(make_user(Role.ADMIN, other_locality))
    assert "someone-in-a" not in client.get(LOG).content.decode()
    export = client.get(LOG_EXPORT, {"format": "csv"})
    assert "someone-in-a" not in b"".join(export.streaming_content).decode()


def test_the_log_filters_and_exports_what_it_shows(client, make_user, locality, person):
    admin = make_user(Role.ADMIN, locality)
    other = StakeholderFactory(locality=locality)
    _row(person, username="alice", action=EXPORT)
    _row(other, username="bob")
    _row(person, username="carol", at=timezone.now() - datetime.timedelta(days=40))
    client.force_login(admin)

    def shown(**query):
        response = client.get(LOG, query)
        assert response.status_code == 200
        return [row.username for row in response.context["rows"]]

    assert shown(username="ali") == ["alice"]
    assert shown(action=EXPORT) == ["alice"]
    assert shown(stakeholder=other.pk) == ["bob"]
    week_ago = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    assert sorted(shown(date_from=week_ago)) == ["alice", "bob"]
    assert shown(date_to=week_ago) == ["carol"]

    export = client.get(LOG_EXPORT, {"username": "ali", "format": "csv"})
    body = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "alice" in body and "bob" not in body and str(person.pk) in body
    assert client.get(LOG_EXPORT, {"format": "xlsx"}).status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        {"page": "abc"},
        {"page": "-3"},
        {"page": "9" * 40},
        {"date_from": "not-a-date"},
        {"date_from": "0001-01-01"},
        {"date_to": "9999-12-31"},
        {"date_from": "2026-05-01", "date_to": "2026-01-01"},
        {"stakeholder": "abc"},
        {"stakeholder": "9" * 30},
        {"stakeholder": "-1"},
        {"action": "steal"},
        {"username": "x" * 500},
    ],
)
def test_bad_filters_are_reported_not_a_server_error(client, make_user, locality, person, query):
    _row(person, username="someone")
    client.force_login(make_user(Role.ADMIN, locality))
    response = client.get(LOG, query)
    assert response.status_code == 200
    if set(query) != {"page"}:
        assert response.context["filter_form"].errors
    assert client.get(LOG_EXPORT, {**query, "format": "csv"}).status_code == 200


# --- Written even when the request fails ---------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_row_stays_when_the_page_fails_after_reading_the_contacts(
    coordinator, person, monkeypatch
):
    from stakeholders.views import register

    def broken_render(*args, **kwargs):
        raise RuntimeError("the template broke")

    monkeypatch.setattr(register, "render", broken_render)
    client = Client(raise_request_exception=False)
    client.force_login(coordinator)
    response = client.get(reverse("stakeholders:stakeholder_detail", args=[person.pk]))
    assert response.status_code == 500
    (row,) = rows()
    assert (row.stakeholder_id, row.action) == (person.pk, VIEW)


# --- record() ------------------------------------------------------------------------------


def test_record_takes_a_user_one_person_a_list_or_a_queryset(person, locality):
    user = UserFactory()
    assert access_log.record(user, person, access_log.VIEW, "somewhere") == 1
    assert access_log.record(None, [person, person], access_log.CHANGE, "a command") == 2
    queryset = Stakeholder.objects.filter(pk=person.pk)
    assert access_log.record(user, queryset, access_log.EXPORT, "export:x.csv", fields=["phone"])
    assert [(r.username, r.action, r.fields) for r in rows()] == [
        (user.username, VIEW, "phone,email"),
        ("", CHANGE, "phone,email"),
        ("", CHANGE, "phone,email"),
        (user.username, EXPORT, "phone"),
    ]
    with pytest.raises(ValueError):
        access_log.record(user, person, "peek", "somewhere")


# --- Retention -----------------------------------------------------------------------------


def _at(person, when):
    PersonalDataAccess.objects.bulk_create(
        [PersonalDataAccess(locality=person.locality, stakeholder=person, action=VIEW, at=when)]
    )


def test_pruning_refuses_anything_younger_than_24_months(person):
    today = timezone.localdate()
    with pytest.raises(CommandError):
        call_command("prune_access_log", "--months", "23", stdout=io.StringIO())
    too_recent = months_before(today, 24) + datetime.timedelta(days=1)
    with pytest.raises(CommandError):
        call_command("prune_access_log", "--before", too_recent.isoformat(), stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("prune_access_log", stdout=io.StringIO(), stderr=io.StringIO())


def test_pruning_deletes_only_rows_older_than_the_date(person):
    now = timezone.now()
    _at(person, now - datetime.timedelta(days=800))
    _at(person, now - datetime.timedelta(days=700))
    _at(person, now)
    out = io.StringIO()
    call_command("prune_access_log", "--months", "24", "--dry-run", stdout=out)
    assert PersonalDataAccess.objects.count() == 3
    call_command("prune_access_log", "--months", "24", stdout=out)
    assert PersonalDataAccess.objects.count() == 2
    assert "Deleted 1 rows" in out.getvalue()


def test_months_before_keeps_to_the_end_of_short_months():
    assert months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2026, 1, 15), 24) == datetime.date(2024, 1, 15)
