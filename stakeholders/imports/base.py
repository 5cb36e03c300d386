"""What every import shares: a row's status and errors, the analysis of a file, and the
importer that checks rows before anything is written."""

import dataclasses

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stakeholders.imports.reading import ImportFileError, cell_text, read_table
from stakeholders.models import (
    Stakeholder,
)

NEW, UPDATE, DUPLICATE, ERROR = "new", "update", "duplicate", "error"
STATUS_LABELS = {
    NEW: gettext_lazy("New"),
    UPDATE: gettext_lazy("Update"),
    DUPLICATE: gettext_lazy("Duplicate"),
    ERROR: gettext_lazy("Error"),
}


# --- Results -------------------------------------------------------------------------------


@dataclasses.dataclass
class Row:
    """One data row: what it will do, and why not when it will not."""

    number: int  # as the spreadsheet numbers it: the header is row 1
    cells: dict  # field -> the text as written in the file
    status: str = NEW
    errors: dict = dataclasses.field(default_factory=dict)  # field ("" for the row) -> message
    note: str = ""
    values: dict = dataclasses.field(default_factory=dict)
    match: object = None
    consent: str = ""
    organisation_name: str = ""
    organisation_role: str = ""
    organisation_id: int | None = None

    def error(self, field, message):
        self.status = ERROR
        self.errors.setdefault(field, message)

    def as_json(self):
        return {
            "number": self.number,
            "cells": self.cells,
            "status": self.status,
            "errors": self.errors,
            "note": self.note,
        }


@dataclasses.dataclass
class Analysis:
    kind: str
    columns: list  # the recognised fields, in the file's order
    ignored: list  # headers that were not recognised
    rows: list

    def counts(self):
        counts = dict.fromkeys(STATUS_LABELS, 0)
        for row in self.rows:
            counts[row.status] += 1
        return counts

    def as_json(self):
        return {
            "kind": self.kind,
            "columns": self.columns,
            "ignored": self.ignored,
            "rows": [row.as_json() for row in self.rows],
            "counts": self.counts(),
        }


class Importer:
    """What one kind of file holds, how its rows are checked, and how they are written."""

    kind = ""
    label = ""
    columns = []

    def __init__(self, *, locality, user, default_kind=Stakeholder.Kind.RESIDENT, filename=""):
        self.locality = locality
        self.user = user
        self.default_kind = default_kind
        self.filename = filename

    def map_header(self, header):
        fields, ignored = [], []
        for title in header:
            column = next((c for c in self.columns if c.matches(title)), None)
            if column is None or column.field in fields:
                fields.append(None)
                if title:
                    ignored.append(title)
            else:
                fields.append(column.field)
        missing = self.missing_columns([f for f in fields if f])
        if missing:
            raise ImportFileError(
                _("The file has no column for: %(columns)s. See the template for the columns.")
                % {"columns": ", ".join(missing)}
            )
        return fields, ignored

    def missing_columns(self, fields):
        return [str(c.labels[0]) for c in self.columns if c.required and c.field not in fields]

    def analyse(self, content, filename):
        header, body = read_table(content, filename)
        fields, ignored = self.map_header(header)
        rows = []
        for offset, raw in enumerate(body, start=2):
            cells = {}
            for field, value in zip(fields, raw, strict=False):
                if field:
                    cells[field] = value
            row = Row(number=offset, cells={f: cell_text(v) for f, v in cells.items()})
            self.check(row, cells)
            rows.append(row)
        self.match(rows)
        return Analysis(
            kind=self.kind, columns=[f for f in fields if f], ignored=ignored, rows=rows
        )

    def change_reason(self):
        """What the change history says made the records: the file (cut to the history's
        100-character column; the full name stays on the import batch)."""
        return (_("Imported from %(file)s") % {"file": self.filename})[:100]

    def clean_cell(self, row, field, function, value):
        try:
            return function(value)
        except ValidationError as error:
            row.error(field, " ".join(error.messages))
            return None
