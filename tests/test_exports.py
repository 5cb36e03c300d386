"""Exports to Excel and CSV: the user's role, the current filters, and formula injection."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

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


# --- Excel: real dates and numbers, fitted columns, a frozen header with filters -----------


def workbook_of(response):
    return load_workbook(io.BytesIO(response.content)).active


def test_the_registers_excel_has_real_dates_and_numbers_and_a_usable_header(
    client, coordinator, locality
):
    moment = datetime.datetime(2026, 3, 4, 23, 30, tzinfo=datetime.UTC)  # 5.3 in Israel
    StakeholderFactory(
        locality=locality,
        first_name="מרים",
        last_name="כהן-לוינשטיין-אברהמי",
        influence_level=4,
        influence_basis="position",
        last_contact=moment,
        notes="",
    )
    StakeholderFactory(
        locality=locality, first_name="רון", job_title="א" * 120
    )  # the longest a title may be
    client.force_login(coordinator)
    url = reverse("stakeholders:stakeholder_export")
    sheet = workbook_of(client.get(url, {"format": "xlsx"}))
    header = [cell.value for cell in sheet[1]]
    column = {title: index for index, title in enumerate(header)}
    person = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "מרים")

    contact = person[column["קשר אחרון"]]
    assert contact.is_date and contact.value.date() == datetime.date(2026, 3, 5)
    assert contact.number_format == "d.m.yyyy"
    influence = person[column["רמת השפעה"]]
    assert influence.value == 4 and influence.data_type == "n"

    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(header))}3"
    widths = {
        title: sheet.column_dimensions[get_column_letter(index + 1)].width
        for title, index in column.items()
    }
    assert widths["שם משפחה"] >= len("כהן-לוינשטיין-אברהמי")  # fits the longest name
    assert widths["קשר אחרון"] >= len("5.3.2026")
    assert widths["שם התפקיד"] == 60  # a 120-character job title: bounded
    assert all(6 <= width <= 60 for width in widths.values())

    # CSV keeps the ISO date, which every program reads the same.
    rows = csv_rows(client.get(url))
    assert rows[0] == header
    csv_person = next(row for row in rows if row[0] == "מרים")
    assert csv_person[column["קשר אחרון"]] == "2026-03-05"


def test_committee_seats_export_their_dates_as_dates(client, coordinator, locality):
    MembershipFactory(
        committee=CommitteeFactory(locality=locality),
        start_date=datetime.date(2026, 9, 1),
        term_end_date=datetime.date(2027, 8, 31),
    )
    client.force_login(coordinator)
    url = reverse("stakeholders:committee_export")
    sheet = workbook_of(client.get(url, {"format": "xlsx"}))
    start, term_end, left = (cell for cell in sheet[2][6:9])
    assert start.value == datetime.datetime(2026, 9, 1) and start.number_format == "d.m.yyyy"
    assert term_end.value == datetime.datetime(2027, 8, 31)
    assert left.value is None  # still sitting: an empty cell, not an empty text
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    assert csv_rows(client.get(url))[1][6:9] == ["2026-09-01", "2027-08-31", ""]


def test_an_empty_export_still_has_its_filter_on_the_header(client, coordinator, locality):
    client.force_login(coordinator)
    url = reverse("stakeholders:organisation_export")
    sheet = workbook_of(client.get(url, {"format": "xlsx"}))
    assert sheet.max_row == 1 and sheet.auto_filter.ref == "A1:G1"
