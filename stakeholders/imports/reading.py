"""Reading a spreadsheet: Excel, or CSV in UTF-8 (with or without a byte-order mark) or
Windows-1255, into a header and rows of text, within the size limits."""

import csv
import io
import zipfile

from django.utils.translation import gettext as _
from openpyxl import load_workbook

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
# An .xlsx is a zip: 10 MB of it can unpack to gigabytes of identical cells (a "zip bomb"),
# and openpyxl parses a whole sheet that lacks a dimension tag before it reads a row. A full
# 20,000-row sheet of 18 columns of long Hebrew text unpacks to 30 MB (measured; read in
# 4.7 s), so this bounds the work of any file to a few seconds.
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
# No import has more than about twenty columns. A wider sheet is refused at its first wide
# row: reading is paid by the cell, and 20,000 rows of a hundred cells took a worker 13 s.
MAX_COLUMNS = 50


class ImportFileError(Exception):
    """The file as a whole cannot be imported (its message is shown to the coordinator)."""


# --- Reading files -------------------------------------------------------------------------


def read_table(content, filename):
    """(header, rows) from the bytes of an .xlsx or .csv file; cells are text or dates."""
    if not content:
        raise ImportFileError(_("The file is empty."))
    if len(content) > MAX_FILE_BYTES:
        raise ImportFileError(_("The file is larger than 10 MB. Split it into smaller files."))
    name = (filename or "").lower()
    if name.endswith(".xlsx") or content[:2] == b"PK":
        rows = _read_xlsx(content)
    elif name.endswith((".csv", ".txt")):
        rows = _read_csv(content)
    else:
        raise ImportFileError(_("Choose an Excel file (.xlsx) or a CSV file (.csv)."))
    rows = _within_row_limit(row for row in rows if any(cell_text(cell) for cell in row))
    if not rows:
        raise ImportFileError(_("The file has no rows."))
    header, body = [cell_text(cell) for cell in rows[0]], rows[1:]
    if not body:
        raise ImportFileError(_("The file has a header row but no data rows."))
    return header, body


def _within_row_limit(rows):
    """The rows read one by one, refused as soon as there are more than the limit, so that a
    huge file costs the time of reading the limit and not of reading the whole file."""
    kept = []
    for row in rows:
        kept.append(row)
        if len(kept) > MAX_ROWS + 1:  # the header and MAX_ROWS data rows
            raise ImportFileError(
                _("The file has more than %(max)s rows. Split it into smaller files.")
                % {"max": f"{MAX_ROWS:,}"}
            )
    return kept


def _read_xlsx(content):
    """The first sheet's rows, streamed (openpyxl's read-only mode reads as it goes)."""
    try:
        unpacked = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(content)).infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ImportFileError(_("This is not a readable Excel (.xlsx) file.")) from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportFileError(
            _("The file is too large once unpacked. Split it into smaller files.")
        )
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ImportFileError(_("This is not a readable Excel (.xlsx) file.")) from error
    try:
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            if len(row) > MAX_COLUMNS and any(cell is not None for cell in row[MAX_COLUMNS:]):
                raise ImportFileError(
                    _("The file has more than %(max)s columns. Keep only the columns to import.")
                    % {"max": MAX_COLUMNS}
                )
            yield list(row[:MAX_COLUMNS])
    finally:
        workbook.close()


def _read_csv(content):
    # Excel saves "CSV UTF-8" with a byte-order mark, and plain "CSV" in the Windows code
    # page, which for Hebrew is 1255. UTF-8 is tried first because it fails loudly.
    for encoding in ("utf-8-sig", "cp1255"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(
            _("The file's text encoding was not recognised; save it as CSV UTF-8.")
        )
    if "\x00" in text:
        raise ImportFileError(_("This does not look like a CSV file."))
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return csv.reader(io.StringIO(text), dialect)


def cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())
