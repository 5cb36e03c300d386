"""Exports to CSV and Excel: the same tables in both, safe to open in a spreadsheet.

CSV is UTF-8 with a byte-order mark, which Excel needs to read Hebrew; its dates are ISO
(2026-12-31), which every program reads the same. In Excel, dates are real dates shown as
31.12.2026 and numbers are numbers, so that they sort and filter; the header row stays in view
and carries filters, and the columns are as wide as what they hold. Every cell that a
spreadsheet would run as a formula (=, +, -, @ at the start) is written as text.
"""

import csv
import dataclasses
import datetime
import io
import itertools
import re
from collections.abc import Callable, Iterable
from urllib.parse import quote

from django.db.models import Prefetch
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from stakeholders.models import Representation, user_display_name

# Characters Excel does not allow in a sheet's name.
SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/*?:\[\]]")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXCEL_DATE_FORMAT = "d.m.yyyy"
# Column widths, in characters: fitted to the header and the first rows (a sheet is written
# as it streams, and its widths come before its rows), never narrower or wider than these.
WIDTH_SAMPLE_ROWS = 1000
MIN_WIDTH, MAX_WIDTH = 6, 60


@dataclasses.dataclass
class Table:
    """A header and rows (produced lazily, so a large export streams)."""

    name: str
    header: list
    rows: Callable[[], Iterable[list]]


def safe_cell(value):
    """Text a spreadsheet will show as it is, never run as a formula (CSV injection).
    Numbers and dates stay what they are."""
    if value is None:
        return ""
    if isinstance(value, int | float | datetime.date):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_cell(value):
    value = safe_cell(value)
    return value.isoformat() if isinstance(value, datetime.date) else value


def _date(value):
    """The local calendar day of a moment (a date, not text: Excel shows it as a date)."""
    return timezone.localtime(value).date() if value else ""


def _filename(table, locality, extension):
    return f"{table.name}-{locality.slug}-{timezone.localdate():%Y-%m-%d}.{extension}"


def _disposition(response, filename):
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


class _Echo:
    def write(self, value):
        return value


def csv_response(table, locality):
    def lines():
        yield "\ufeff"
        writer = csv.writer(_Echo())
        yield writer.writerow([csv_cell(cell) for cell in table.header])
        for row in table.rows():
            yield writer.writerow([csv_cell(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    return _disposition(response, _filename(table, locality, "csv"))


def xlsx_bytes(table):
    return workbook_bytes([table])


def _width(value):
    if isinstance(value, datetime.date):
        return len("31.12.2026")
    return max((len(line) for line in str(value).splitlines()), default=0)


def _column_widths(header, rows):
    widths = [_width(title) + 2 for title in header]  # bold, and the filter's button
    for row in rows:
        for index, value in enumerate(row[: len(widths)]):
            widths[index] = max(widths[index], _width(value))
    return [min(max(width + 1, MIN_WIDTH), MAX_WIDTH) for width in widths]


def _excel_cell(sheet, value):
    value = safe_cell(value)
    if isinstance(value, datetime.datetime):
        # Excel knows no time zones: the moment as the clock in Israel showed it.
        if timezone.is_aware(value):
            value = timezone.make_naive(value)
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = EXCEL_DATE_FORMAT + " h:mm"
        return cell
    cell = WriteOnlyCell(sheet, value=None if value == "" else value)
    if isinstance(value, datetime.date):
        cell.number_format = EXCEL_DATE_FORMAT
    return cell


def workbook_bytes(tables):
    """An Excel workbook with one right-to-left sheet per table, named after the table."""
    # Write-only mode keeps memory flat for large exports: rows stream to the file, so what
    # comes before them in a sheet (column widths, the frozen header) is set from the first
    # rows, held back until then.
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for table in tables:
        sheet = workbook.create_sheet(title=SHEET_TITLE_FORBIDDEN.sub(" ", str(table.name))[:31])
        sheet.sheet_view.rightToLeft = True
        rows = iter(table.rows())
        first_rows = [
            [safe_cell(value) for value in row] for row in itertools.islice(rows, WIDTH_SAMPLE_ROWS)
        ]
        for index, width in enumerate(_column_widths(table.header, first_rows), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        header = []
        for title in table.header:
            cell = WriteOnlyCell(sheet, value=safe_cell(title))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        count = 0
        for row in itertools.chain(first_rows, rows):
            sheet.append([_excel_cell(sheet, value) for value in row])
            count += 1
        if table.header:
            last = get_column_letter(len(table.header))
            sheet.auto_filter.ref = f"A1:{last}{count + 1}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(table, locality):
    response = HttpResponse(xlsx_bytes(table), content_type=XLSX_TYPE)
    return _disposition(response, _filename(table, locality, "xlsx"))


def workbook_response(tables, filename):
    """Several tables as the sheets of one Excel download."""
    response = HttpResponse(workbook_bytes(tables), content_type=XLSX_TYPE)
    return _disposition(response, filename)


def respond(table, locality, export_format):
    if export_format == "xlsx":
        return xlsx_response(table, locality)
    return csv_response(table, locality)


# --- The tables ----------------------------------------------------------------------------


def organisations_prefetch():
    return Prefetch(
        "representations",
        queryset=Representation.objects.select_related("organisation").order_by(
            "organisation__name"
        ),
    )


def stakeholder_header(*, with_contacts):
    header = [
        _("First name"),
        _("Last name"),
        _("Kind"),
        _("Sector"),
        _("Organisations"),
        _("Division"),
        _("Department"),
        _("Job title"),
        _("Community or group"),
        _("Consent level"),
        _("Influence level"),
        _("Influence basis"),
        _("Last contact"),
    ]
    if with_contacts:
        header += [_("Phone"), _("Email")]
    return header


def stakeholder_table(stakeholders, *, with_contacts):
    def rows():
        people = stakeholders.prefetch_related(organisations_prefetch()).iterator(chunk_size=2000)
        for person in people:
            row = [
                person.first_name,
                person.last_name,
                person.get_kind_display(),
                person.get_sector_display(),
                "; ".join(link.organisation.name for link in person.representations.all()),
                person.division,
                person.department,
                person.job_title,
                person.community,
                person.get_consent_level_display(),
                person.influence_level or "",
                person.get_influence_basis_display() if person.influence_basis else "",
                _date(person.last_contact),
            ]
            if with_contacts:
                row += [person.phone_display, person.email]
            yield row

    return Table("stakeholders", stakeholder_header(with_contacts=with_contacts), rows)


def organisation_table(organisations):
    def rows():
        for organisation in organisations.iterator(chunk_size=2000):
            yield [
                organisation.name,
                organisation.get_sector_display(),
                organisation.get_scope_display(),
                organisation.get_kind_display(),
                organisation.website,
                organisation.representative_count,
                organisation.notes,
            ]

    header = [
        _("Name"),
        _("Sector"),
        _("Scope"),
        _("Kind"),
        _("Website"),
        _("Representatives"),
        _("Notes"),
    ]
    return Table("organisations", header, rows)


def committee_members_table(memberships, *, with_contacts):
    def rows():
        seats = memberships.select_related("committee", "stakeholder").order_by(
            "committee__name", "end_date", "stakeholder__last_name", "pk"
        )
        for seat in seats.iterator(chunk_size=2000):
            person = seat.stakeholder
            row = [
                seat.committee.name,
                seat.committee.get_kind_display(),
                person.full_name,
                person.get_kind_display(),
                person.get_sector_display(),
                seat.get_role_display(),
                seat.start_date,
                seat.term_end_date or "",
                seat.end_date or "",
            ]
            if with_contacts:
                row += [person.phone_display, person.email]
            yield row

    header = [
        _("Committee or task team"),
        _("Kind of body"),
        _("Member"),
        _("Kind"),
        _("Sector"),
        _("Role"),
        _("Start date"),
        _("Term ends"),
        _("Left on"),
    ]
    if with_contacts:
        header += [_("Phone"), _("Email")]
    return Table("committees", header, rows)


def consent_history_table(changes):
    def rows():
        history = changes.select_related("stakeholder", "changed_by", "membership__committee")
        for change in history.order_by(
            "stakeholder__last_name", "stakeholder_id", "at", "pk"
        ).iterator(chunk_size=2000):
            by = change.changed_by
            yield [
                change.stakeholder.full_name,
                change.stakeholder.get_kind_display(),
                _date(change.at),
                change.get_old_level_display(),
                change.get_new_level_display(),
                change.get_evidence_display() if change.evidence else "",
                change.membership.committee.name if change.membership else "",
                user_display_name(by),
                change.note,
            ]

    header = [
        _("Stakeholder"),
        _("Kind"),
        _("Date"),
        _("Previous level"),
        _("New level"),
        _("Evidence"),
        _("Committee or task team"),
        _("Recorded by"),
        _("Note"),
    ]
    return Table("consent-history", header, rows)
