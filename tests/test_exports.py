"""Exports to Excel and CSV: the user's role, the current filters, and formula injection."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from stakeholders.exports import safe_cell
from tests.conftest import csv_rows
from tests.factories import (
    CommitteeFactory,
    MembershipFactory,
    OfficialFactory,
    OrganisationFactory,
    StakeholderFactory,
)

pytestmark = pytest.mark.django_db


def sheet_rows(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.sheet_view.rightToLeft
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.mark.parametrize("value", ["=1+1", "+972501234567", "-5", "@SUM(A1)", "\tx"])
def test_formula_like_cells_are_written_as_text(value):
    assert safe_cell(value) == "'" + value


def test_ordinary_cells_and_numbers_are_kept():
    assert safe_cell("מרים") == "מרים"
    assert safe_cell(3) == 3
    assert safe_cell(None) == ""


def test_the_register_exports_to_excel_with_the_filters(
    client, coordinator, locality, other_locality
):
    OfficialFactory(locality=locality, first_name="=cmd|' /C calc'!A0", phone="+972501234567")
    StakeholderFactory(locality=locality, first_name="תושבת")
    OfficialFactory(locality=other_locality, first_name="זר")
    client.force_login(coordinator)
    rows = sheet_rows(
        client.get(
            reverse("stakeholders:stakeholder_export"), {"kind": "official", "format": "xlsx"}
        )
    )
    assert len(rows) == 2
    assert rows[1][0] == "'=cmd|' /C calc'!A0"
    assert "050-1234567" in rows[1]


def test_a_viewers_excel_export_has_no_contact_columns(client, viewer, locality):
    StakeholderFactory(locality=locality, phone="+972501234567", email="p@example.org")
    client.force_login(viewer)
    rows = sheet_rows(client.get(reverse("stakeholders:stakeholder_export"), {"format": "xlsx"}))
    flat = [str(cell) for row in rows for cell in row]
    assert "050-1234567" not in flat and "p@example.org" not in flat


def test_organisations_export_follows_the_list_filters(client, coordinator, locality):
    OrganisationFactory(locality=locality, name="מכללה", sector="academia")
    OrganisationFactory(locality=locality, name="+עסק", sector="business")
    client.force_login(coordinator)
    url = reverse("stakeholders:organisation_export")
    assert [row[0] for row in csv_rows(client.get(url, {"sector": "academia"}))[1:]] == ["מכללה"]
    business = sheet_rows(client.get(url, {"sector": "business", "format": "xlsx"}))
    assert business[1][0] == "'+עסק"


def test_committees_export_lists_members_and_past_seats(client, coordinator, viewer, locality):
    committee = CommitteeFactory(locality=locality, name="ועדת היגוי")
    MembershipFactory(
        committee=committee, stakeholder__first_name="חברה", stakeholder__phone="+972501234567"
    )
    MembershipFactory(committee=CommitteeFactory(locality=locality), stakeholder__first_name="אחר")
    client.force_login(coordinator)
    url = reverse("stakeholders:committee_export")
    rows = csv_rows(client.get(url, {"committee": committee.pk}))
    assert len(rows) == 2 and rows[1][0] == "ועדת היגוי"
    assert "050-1234567" in rows[1]
    assert len(csv_rows(client.get(url))) == 3
    client.force_login(viewer)
    assert "050-1234567" not in " ".join(csv_rows(client.get(url))[1])


def test_consent_history_export_covers_the_filtered_people(client, coordinator, locality):
    official = OfficialFactory(locality=locality, first_name="פקידה")
    official.change_consent(level="passive", by=coordinator, note="=HYPERLINK()")
    official.change_consent(level="active", by=coordinator, evidence="promotes")
    resident = StakeholderFactory(locality=locality)
    resident.change_consent(level="opposed", by=coordinator)
    client.force_login(coordinator)
    url = reverse("stakeholders:consent_history_export")
    rows = csv_rows(client.get(url, {"kind": "official"}))
    assert len(rows) == 3
    assert {row[0] for row in rows[1:]} == {official.full_name}
    assert "'=HYPERLINK()" in rows[1]


def test_exports_need_a_locality_role(client, make_user, locality):
    from stakeholders.enums import Role

    staff = make_user(Role.OFFICIAL, locality, stakeholder=OfficialFactory(locality=locality))
    client.force_login(staff)
    for name in [
        "stakeholder_export",
        "consent_history_export",
        "organisation_export",
        "committee_export",
    ]:
        assert client.get(reverse(f"stakeholders:{name}")).status_code == 403, name
