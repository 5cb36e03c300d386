"""Bringing the coordinators' spreadsheets in: stakeholders, organisations and seats.

A file is read (Excel, or CSV in UTF-8 with or without a byte-order mark, or in Windows-1255,
the older Hebrew Excel encoding), its columns are recognised by their Hebrew or English
headers, and every row is checked and matched against the locality before anything is
written: each row is new, an update of someone already mapped, a duplicate, or an error with
its reason next to the cell. Only after the coordinator confirms is the import written, in
one transaction: all of it or none of it.

Matching: a person is the same person when the normalised phone or the email is the same;
the same full name alone is only a signal for review (the row is held back as a duplicate).
"""

from stakeholders.imports.base import (
    DUPLICATE,
    ERROR,
    NEW,
    STATUS_LABELS,
    UPDATE,
    Analysis,
    Importer,
    Row,
)
from stakeholders.imports.organisations import OrganisationImporter
from stakeholders.imports.people import StakeholderImporter
from stakeholders.imports.reading import MAX_FILE_BYTES, MAX_ROWS, ImportFileError, read_table
from stakeholders.imports.seats import MembershipImporter

__all__ = [
    "DUPLICATE",
    "ERROR",
    "IMPORTERS",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "NEW",
    "STATUS_LABELS",
    "UPDATE",
    "Analysis",
    "ImportFileError",
    "Importer",
    "MembershipImporter",
    "OrganisationImporter",
    "Row",
    "StakeholderImporter",
    "read_table",
]

IMPORTERS = {
    importer.kind: importer
    for importer in (StakeholderImporter, OrganisationImporter, MembershipImporter)
}
