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

import csv
import dataclasses
import datetime
import functools
import io
import re
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from simple_history.utils import bulk_create_with_history

from stakeholders import access_log, services
from stakeholders.enums import SeatRole
from stakeholders.models import (
    Committee,
    ConsentChange,
    ConsentLevel,
    Membership,
    Organisation,
    Representation,
    Sector,
    Stakeholder,
)
from stakeholders.phones import normalize_israeli_phone

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
NEW, UPDATE, DUPLICATE, ERROR = "new", "update", "duplicate", "error"
STATUS_LABELS = {
    NEW: gettext_lazy("New"),
    UPDATE: gettext_lazy("Update"),
    DUPLICATE: gettext_lazy("Duplicate"),
    ERROR: gettext_lazy("Error"),
}


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
    rows = [row for row in rows if any(_text(cell) for cell in row)]
    if not rows:
        raise ImportFileError(_("The file has no rows."))
    header, body = [_text(cell) for cell in rows[0]], rows[1:]
    if not body:
        raise ImportFileError(_("The file has a header row but no data rows."))
    if len(body) > MAX_ROWS:
        raise ImportFileError(
            _("The file has more than %(max)s rows. Split it into smaller files.")
            % {"max": f"{MAX_ROWS:,}"}
        )
    return header, body


def _read_xlsx(content):
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ImportFileError(_("This is not a readable Excel (.xlsx) file.")) from error
    sheet = workbook.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


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
    return list(csv.reader(io.StringIO(text), dialect))


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


# --- Columns and values --------------------------------------------------------------------


def _normal(text):
    """Headers and choice values compared without case, spaces, quotes or gender slashes."""
    text = str(text).strip().lower()
    text = re.sub(r"/[תהית]{1,2}\b", "", text)  # "תושב/ת" matches "תושב"
    return re.sub(r"[\s\"'״׳`_\-.:()]+", "", text)


def _aliases(*labels):
    """Every way a header or value may be written: its label in English and in every
    language of the interface (a template downloaded in Hebrew has Hebrew headers)."""
    names = set()
    for label in labels:
        names.add(_normal(label))
        for language in ["en", *(code for code, _name in settings.LANGUAGES)]:
            with translation.override(language):
                names.add(_normal(str(label)))
    return names


@dataclasses.dataclass
class Column:
    field: str
    labels: tuple
    required: bool = False

    def matches(self, header):
        return _normal(header) in self.aliases

    @functools.cached_property
    def aliases(self):
        return _aliases(*self.labels)


def _choice_lookup(choices, extra=None):
    """Map every spelling of a choice (code, English label, Hebrew label) to its code."""
    lookup = {}
    for code, label in choices:
        if code == "":
            continue
        for name in _aliases(code, label):
            lookup[name] = code
    for spelling, code in (extra or {}).items():
        lookup[_normal(spelling)] = code
    return lookup


SECTOR_WORDS = {
    "חברתי": Sector.SOCIAL,
    "ציבורי": Sector.PUBLIC,
    "עסקי": Sector.BUSINESS,
    "אקדמי": Sector.ACADEMIA,
    "אקדמיה": Sector.ACADEMIA,
    "פילנתרופי": Sector.PHILANTHROPY,
    "פילנתרופיה": Sector.PHILANTHROPY,
    "קרנות": Sector.PHILANTHROPY,
}
KIND_WORDS = {
    "תושב": Stakeholder.Kind.RESIDENT,
    "תושבת": Stakeholder.Kind.RESIDENT,
    "פעיל": Stakeholder.Kind.RESIDENT,
    "פעילה": Stakeholder.Kind.RESIDENT,
    "בעל תפקיד": Stakeholder.Kind.OFFICIAL,
    "בעלת תפקיד": Stakeholder.Kind.OFFICIAL,
    "עובד רשות": Stakeholder.Kind.OFFICIAL,
    "עובדת רשות": Stakeholder.Kind.OFFICIAL,
    "מוקד השפעה": Stakeholder.Kind.INFLUENCE_CENTRE,
    "גוף אזורי": Stakeholder.Kind.REGIONAL_BODY,
}
CONSENT_WORDS = {
    "פעילה": ConsentLevel.ACTIVE,
    "פעיל": ConsentLevel.ACTIVE,
    "סבילה": ConsentLevel.PASSIVE,
    "סביל": ConsentLevel.PASSIVE,
    "מתנגד": ConsentLevel.OPPOSED,
    "מתנגדת": ConsentLevel.OPPOSED,
    "התנגדות": ConsentLevel.OPPOSED,
    "לא ידוע": ConsentLevel.UNKNOWN,
}
SCOPE_WORDS = {"מקומי": "local", "אזורי": "regional", "ארצי": "national", "ארצית": "national"}
CHOICES = {
    "kind": (Stakeholder.Kind.choices, KIND_WORDS),
    "sector": (Sector.choices, SECTOR_WORDS),
    "position": (Stakeholder.Position.choices, {}),
    "influence_basis": (
        Stakeholder.InfluenceBasis.choices,
        {"תפקיד": "position", "אישיות": "personality", "שניהם": "both"},
    ),
    "consent": (ConsentLevel.choices, CONSENT_WORDS),
    "scope": (Organisation.Scope.choices, SCOPE_WORDS),
    "organisation_kind": (Organisation.Kind.choices, {"מתנס": "community_centre"}),
    "role": (SeatRole.choices, {"יו״ר": "chair", "יור": "chair"}),
}


@functools.cache
def lookup(name):
    """Every spelling of the choices of `name`, built once per process."""
    choices, extra = CHOICES[name]
    return _choice_lookup(choices, extra)


def _choice(value, lookup, message):
    text = _text(value)
    if not text:
        return ""
    code = lookup.get(_normal(text))
    if code is None:
        raise ValidationError(message % {"value": text}, code="unknown_choice")
    return code


def _phone(value):
    """A phone from a cell; Excel turns 0501234567 into the number 501234567."""
    if isinstance(value, int | float):
        digits = str(int(value))
        value = digits if digits.startswith(("0", "972")) else "0" + digits
    return normalize_israeli_phone(_text(value))


def _date(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    for pattern in ("%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y", "%d.%m.%y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError(
        _("“%(value)s” is not a date; write it as 31/12/2026.") % {"value": text}, code="bad_date"
    )


def _influence(value):
    text = _text(value)
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= 5:
        raise ValidationError(
            _("Influence is a whole number from 1 to 5, not “%(value)s”.") % {"value": text},
            code="bad_influence",
        )
    return int(text)


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
            row = Row(number=offset, cells={f: _text(v) for f, v in cells.items()})
            self.check(row, cells)
            rows.append(row)
        self.match(rows)
        return Analysis(
            kind=self.kind, columns=[f for f in fields if f], ignored=ignored, rows=rows
        )

    def clean_cell(self, row, field, function, value):
        try:
            return function(value)
        except ValidationError as error:
            row.error(field, " ".join(error.messages))
            return None


# --- Stakeholders --------------------------------------------------------------------------


class StakeholderImporter(Importer):
    kind = "stakeholders"
    label = gettext_lazy("Stakeholders")
    columns = [
        Column("full_name", (gettext_lazy("Full name"), "שם", "name", "שם ושם משפחה")),
        Column("first_name", (gettext_lazy("First name"),)),
        Column("last_name", (gettext_lazy("Last name"), "משפחה")),
        Column("kind", (gettext_lazy("Kind"), "סוג בעל עניין", "type")),
        Column("sector", (gettext_lazy("Sector"),)),
        Column("phone", (gettext_lazy("Phone"), "טלפון נייד", "נייד", "mobile", "tel")),
        Column("email", (gettext_lazy("Email"), "אימייל", "מייל", "דואל", "e-mail", "mail")),
        Column("organisation", (gettext_lazy("Organisation"), "Organisations", "ארגונים")),
        Column("organisation_role", (gettext_lazy("Role in the organisation"),)),
        Column("community", (gettext_lazy("Community or group"), "קהילה", "שכונה")),
        Column("division", (gettext_lazy("Division"),)),
        Column("department", (gettext_lazy("Department"),)),
        Column("position", (gettext_lazy("Position"),)),
        Column("job_title", (gettext_lazy("Job title"), "תפקיד", "role", "title")),
        Column("influence_level", (gettext_lazy("Influence level"), "השפעה", "influence")),
        Column("influence_basis", (gettext_lazy("Influence basis"),)),
        Column("consent_level", (gettext_lazy("Consent level"), "הסכמה", "consent")),
        Column("notes", (gettext_lazy("Notes"), "הערות", "הערה")),
    ]

    def missing_columns(self, fields):
        if "full_name" in fields or "first_name" in fields:
            return []
        return [str(_("First name"))]

    def check(self, row, cells):
        values = {}
        first, last = _text(cells.get("first_name")), _text(cells.get("last_name"))
        if not first and cells.get("full_name"):
            first, _space, last = _text(cells["full_name"]).partition(" ")
        if not first:
            row.error("first_name", _("The name is missing."))
        values.update(first_name=first, last_name=last)
        values["kind"] = (
            self.clean_cell(
                row,
                "kind",
                lambda v: _choice(v, lookup("kind"), _("Unknown kind “%(value)s”.")),
                cells.get("kind"),
            )
            or self.default_kind
        )
        values["sector"] = self.clean_cell(
            row,
            "sector",
            lambda v: _choice(v, lookup("sector"), _("Unknown sector “%(value)s”.")),
            cells.get("sector"),
        )
        values["phone"] = self.clean_cell(row, "phone", _phone, cells.get("phone")) or ""
        email = _text(cells.get("email")).lower()
        values["email"] = email
        values["position"] = self.clean_cell(
            row,
            "position",
            lambda v: _choice(v, lookup("position"), _("Unknown position “%(value)s”.")),
            cells.get("position"),
        )
        values["influence_level"] = self.clean_cell(
            row, "influence_level", _influence, cells.get("influence_level")
        )
        values["influence_basis"] = self.clean_cell(
            row,
            "influence_basis",
            lambda v: _choice(
                v,
                lookup("influence_basis"),
                _("Unknown influence basis “%(value)s”."),
            ),
            cells.get("influence_basis"),
        )
        row.consent = self.clean_cell(
            row,
            "consent_level",
            lambda v: _choice(
                v,
                lookup("consent"),
                _("Unknown consent level “%(value)s”."),
            ),
            cells.get("consent_level"),
        )
        for field in ("community", "division", "department", "job_title"):
            values[field] = _text(cells.get(field))
        values["notes"] = str(cells.get("notes") or "").strip()
        row.organisation_name = _text(cells.get("organisation"))
        row.organisation_role = _text(cells.get("organisation_role"))
        if len(row.organisation_role) > 120:
            row.error(
                "organisation_role", _("Too long: at most %(max)s characters.") % {"max": 120}
            )
        row.values = {k: v for k, v in values.items() if v not in (None,)}
        if row.status == ERROR:
            return
        # The model's own rules (a representative needs a sector, influence needs a basis,
        # a valid email...), reported on the row's cells.
        person = Stakeholder(locality=self.locality, **row.values)
        try:
            # The database's check constraints (influence 1 to 5) are already checked cell by
            # cell above; validating them here would cost a query per row.
            person.full_clean(exclude=["locality"], validate_constraints=False)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                row.error(field if field in self.field_names() else "", " ".join(messages))
        else:
            row.values["sector"] = person.sector
            row.values["email"] = person.email

    def field_names(self):
        return {c.field for c in self.columns}

    def match(self, rows):
        people = Stakeholder.objects.in_locality(self.locality).only(
            "pk", "first_name", "last_name", "phone", "email"
        )
        by_phone, by_email, by_name = {}, {}, {}
        for person in people.iterator(chunk_size=5000):
            if person.phone:
                by_phone.setdefault(person.phone, person)
            if person.email:
                by_email.setdefault(person.email.lower(), person)
            by_name.setdefault(_normal(person.full_name), person)
        organisations = {
            _normal(name): pk
            for pk, name in Organisation.objects.in_locality(self.locality).values_list(
                "pk", "name"
            )
        }
        seen = {}
        for row in rows:
            if row.status == ERROR:
                continue
            if row.organisation_name:
                row.organisation_id = organisations.get(_normal(row.organisation_name))
                if row.organisation_id is None:
                    row.error(
                        "organisation",
                        _("Unknown organisation “%(name)s”: add it first (organisations import).")
                        % {"name": row.organisation_name},
                    )
                    continue
            phone, email = row.values.get("phone"), row.values.get("email")
            keys = [("phone", phone), ("email", email)]
            earlier = next((seen[k] for k in keys if k[1] and k in seen), None)
            if earlier:
                row.status = DUPLICATE
                row.note = _("Same phone or email as row %(row)s.") % {"row": earlier}
                continue
            for key in keys:
                if key[1]:
                    seen[key] = row.number
            existing = (phone and by_phone.get(phone)) or (email and by_email.get(email))
            if existing:
                row.status = UPDATE
                row.match = existing
                row.note = _("Updates %(name)s (same phone or email).") % {
                    "name": existing.full_name
                }
                continue
            namesake = by_name.get(_normal(f"{row.values['first_name']} {row.values['last_name']}"))
            if namesake:
                row.status = DUPLICATE
                row.match = namesake
                row.note = _(
                    "Someone named %(name)s is already mapped. If this is another person, "
                    "add a phone or email to the row; if it is the same, add theirs."
                ) % {"name": namesake.full_name}

    def write(self, analysis):
        now = timezone.now()
        note = _("Imported from %(file)s") % {"file": self.filename}
        new_rows = [row for row in analysis.rows if row.status == NEW]
        people = []
        for row in new_rows:
            person = Stakeholder(locality=self.locality, created_by=self.user, **row.values)
            if row.consent:
                person.consent_level = row.consent
                person.consent_changed_at = now
            people.append(person)
        # Every record keeps its "created" entry in the change history, with who imported it
        # and from which file, as a record typed in by hand does.
        history = {"default_user": self.user, "default_change_reason": note, "default_date": now}
        bulk_create_with_history(people, Stakeholder, batch_size=1000, **history)
        # A new person's history starts with this one change, so it is written in bulk with
        # the same values change_consent would give it.
        bulk_create_with_history(
            [
                ConsentChange(
                    stakeholder=person,
                    old_level=ConsentLevel.UNKNOWN,
                    new_level=row.consent,
                    evidence=ConsentChange.Evidence.OTHER
                    if row.consent == ConsentLevel.ACTIVE
                    else "",
                    note=note,
                    changed_by=self.user,
                    at=now,
                )
                for person, row in zip(people, new_rows, strict=True)
                if row.consent
            ],
            ConsentChange,
            batch_size=1000,
            **history,
        )
        links = [
            Representation(
                stakeholder=person, organisation_id=row.organisation_id, role=row.organisation_role
            )
            for person, row in zip(people, new_rows, strict=True)
            if row.organisation_name
        ]
        # Who got contact details from the file: logged with the write, in one insert.
        contacts_set = [person for person in people if person.phone or person.email]
        for row in analysis.rows:
            if row.status == UPDATE:
                if {"phone", "email"} & set(self.update(row, note)):
                    # The matched row was read with a few fields only; the log needs two.
                    contacts_set.append(Stakeholder(pk=row.match.pk, locality_id=self.locality.pk))
                if row.organisation_name:
                    links.append(
                        Representation(
                            stakeholder=row.match,
                            organisation_id=row.organisation_id,
                            role=row.organisation_role,
                        )
                    )
        Representation.objects.bulk_create(links, batch_size=1000, ignore_conflicts=True)
        access_log.record(
            self.user, contacts_set, access_log.CHANGE, f"import:{self.kind}:{self.filename}"
        )
        return len(people)

    def update(self, row, note):
        """Fill in what the file says; an empty cell never erases what was recorded.
        Returns the names of the fields it changed."""
        person = Stakeholder.objects.get(pk=row.match.pk)
        changed = []
        for field, value in row.values.items():
            if value not in ("", None) and getattr(person, field) != value:
                setattr(person, field, value)
                changed.append(field)
        if changed:
            person.full_clean()
            person.save(update_fields=[*changed, "updated_at"])
        if row.consent and row.consent != person.consent_level:
            person.change_consent(
                level=row.consent,
                by=self.user,
                evidence=ConsentChange.Evidence.OTHER if row.consent == ConsentLevel.ACTIVE else "",
                note=note,
            )
        return changed


# --- Organisations -------------------------------------------------------------------------


class OrganisationImporter(Importer):
    kind = "organisations"
    label = gettext_lazy("Organisations")
    columns = [
        Column("name", (gettext_lazy("Name"), "שם הארגון", "ארגון", "organisation"), required=True),
        Column("sector", (gettext_lazy("Sector"),), required=True),
        Column("scope", (gettext_lazy("Scope"), "היקף")),
        Column("kind", (gettext_lazy("Kind"), "סוג ארגון")),
        Column("website", (gettext_lazy("Website"), "אתר")),
        Column("notes", (gettext_lazy("Notes"), "הערות")),
    ]

    def check(self, row, cells):
        name = _text(cells.get("name"))
        if not name:
            row.error("name", _("The name is missing."))
        sector = self.clean_cell(
            row,
            "sector",
            lambda v: _choice(v, lookup("sector"), _("Unknown sector “%(value)s”.")),
            cells.get("sector"),
        )
        if not sector and "sector" not in row.errors:
            row.error("sector", _("The sector is missing."))
        scope = self.clean_cell(
            row,
            "scope",
            lambda v: _choice(
                v,
                lookup("scope"),
                _("Unknown scope “%(value)s”."),
            ),
            cells.get("scope"),
        )
        kind = self.clean_cell(
            row,
            "kind",
            lambda v: _choice(v, lookup("organisation_kind"), _("Unknown kind “%(value)s”.")),
            cells.get("kind"),
        )
        row.values = {
            "name": name,
            "sector": sector,
            "scope": scope or Organisation.Scope.LOCAL,
            "kind": kind or Organisation.Kind.OTHER,
            "website": _text(cells.get("website")),
            "notes": str(cells.get("notes") or "").strip(),
        }
        if row.status == ERROR:
            return
        organisation = Organisation(locality=self.locality, **row.values)
        try:
            organisation.full_clean(
                exclude=["locality"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                row.error(field, " ".join(messages))

    def match(self, rows):
        existing = {_normal(o.name): o for o in Organisation.objects.in_locality(self.locality)}
        seen = {}
        for row in rows:
            if row.status == ERROR:
                continue
            key = _normal(row.values["name"])
            if key in seen:
                row.status = DUPLICATE
                row.note = _("Same name as row %(row)s.") % {"row": seen[key]}
                continue
            seen[key] = row.number
            if key in existing:
                row.status = UPDATE
                row.match = existing[key]
                row.note = _("Updates the organisation already mapped.")

    def write(self, analysis):
        created = bulk_create_with_history(
            [
                Organisation(locality=self.locality, **row.values)
                for row in analysis.rows
                if row.status == NEW
            ],
            Organisation,
            batch_size=1000,
            default_user=self.user,
            default_change_reason=_("Imported from %(file)s") % {"file": self.filename},
        )
        for row in analysis.rows:
            if row.status == UPDATE:
                organisation = row.match
                for field, value in row.values.items():
                    if value and field != "name":
                        setattr(organisation, field, value)
                organisation.full_clean()
                organisation.save()
        return len(created)


# --- Committee seats -----------------------------------------------------------------------


class MembershipImporter(Importer):
    kind = "memberships"
    label = gettext_lazy("Committee and task-team seats")
    columns = [
        Column(
            "committee", (gettext_lazy("Committee or task team"), "ועדה", "צוות"), required=True
        ),
        Column("full_name", (gettext_lazy("Full name"), "שם", "name", "Member")),
        Column("phone", (gettext_lazy("Phone"), "טלפון נייד", "נייד")),
        Column("email", (gettext_lazy("Email"), "אימייל", "מייל", "דואל")),
        Column("role", (gettext_lazy("Role"), "תפקיד בוועדה")),
        Column("start_date", (gettext_lazy("Start date"), "מתאריך")),
        Column("term_end_date", (gettext_lazy("Term ends"), "עד תאריך")),
    ]

    def missing_columns(self, fields):
        missing = super().missing_columns(fields)
        if not {"full_name", "phone", "email"} & set(fields):
            missing.append(str(_("Full name")))
        return missing

    def check(self, row, cells):
        row.values = {
            "committee": _text(cells.get("committee")),
            "full_name": _text(cells.get("full_name")),
            "phone": self.clean_cell(row, "phone", _phone, cells.get("phone")) or "",
            "email": _text(cells.get("email")).lower(),
            "role": self.clean_cell(
                row,
                "role",
                lambda v: _choice(
                    v,
                    lookup("role"),
                    _("Unknown role “%(value)s”."),
                ),
                cells.get("role"),
            )
            or SeatRole.MEMBER,
            "start_date": self.clean_cell(row, "start_date", _date, cells.get("start_date"))
            or timezone.localdate(),
            "term_end_date": self.clean_cell(
                row, "term_end_date", _date, cells.get("term_end_date")
            ),
        }
        if not row.values["committee"]:
            row.error("committee", _("The committee or task team is missing."))

    def match(self, rows):
        committees = {_normal(c.name): c for c in Committee.objects.in_locality(self.locality)}
        people = list(
            Stakeholder.objects.in_locality(self.locality).only(
                "pk", "first_name", "last_name", "phone", "email", "locality_id"
            )
        )
        by_phone = {p.phone: p for p in people if p.phone}
        by_email = {p.email.lower(): p for p in people if p.email}
        by_name = {}
        for person in people:
            by_name.setdefault(_normal(person.full_name), []).append(person)
        sitting = set(
            Membership.objects.current()
            .filter(committee__locality=self.locality)
            .values_list("committee_id", "stakeholder_id")
        )
        seen = {}
        for row in rows:
            if row.status == ERROR:
                continue
            committee = committees.get(_normal(row.values["committee"]))
            if committee is None:
                row.error(
                    "committee",
                    _("Unknown committee or task team “%(name)s”.")
                    % {"name": row.values["committee"]},
                )
                continue
            person = by_phone.get(row.values["phone"]) or by_email.get(row.values["email"])
            if person is None and row.values["full_name"]:
                namesakes = by_name.get(_normal(row.values["full_name"]), [])
                if len(namesakes) > 1:
                    row.error(
                        "full_name",
                        _("More than one person has this name; add their phone or email."),
                    )
                    continue
                person = namesakes[0] if namesakes else None
            if person is None:
                row.error("full_name", _("No such person in the register; add them first."))
                continue
            key = (committee.pk, person.pk)
            if key in sitting:
                row.status = DUPLICATE
                row.note = _("%(name)s already holds a seat on %(body)s.") % {
                    "name": person.full_name,
                    "body": committee.name,
                }
            elif key in seen:
                row.status = DUPLICATE
                row.note = _("Same seat as row %(row)s.") % {"row": seen[key]}
            else:
                seen[key] = row.number
                row.match = (committee, person)
                row.note = _("%(name)s joins %(body)s.") % {
                    "name": person.full_name,
                    "body": committee.name,
                }

    def write(self, analysis):
        count = 0
        for row in analysis.rows:
            if row.status != NEW:
                continue
            committee, person = row.match
            # Through the service: a seat is active consent, recorded with its evidence.
            services.membership_add(
                stakeholder=person,
                committee=committee,
                role=row.values["role"],
                by=self.user,
                start_date=row.values["start_date"],
                term_end_date=row.values["term_end_date"],
            )
            count += 1
        return count


IMPORTERS = {
    importer.kind: importer
    for importer in (StakeholderImporter, OrganisationImporter, MembershipImporter)
}


def run(importer, content, filename):
    """Analyse the file again and write it: all the new and updated rows, or nothing."""
    analysis = importer.analyse(content, filename)
    with transaction.atomic():
        importer.write(analysis)
    return analysis
