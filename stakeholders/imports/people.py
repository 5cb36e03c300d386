"""Importing stakeholders: new people, updates of people already mapped, their consent and
the organisations they represent."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from stakeholders import access_log
from stakeholders.imports.base import DUPLICATE, ERROR, NEW, UPDATE, Importer
from stakeholders.imports.columns import (
    Column,
    choice_value,
    influence_value,
    normal_text,
    phone_value,
)
from stakeholders.imports.reading import cell_text
from stakeholders.models import (
    ConsentChange,
    ConsentLevel,
    Organisation,
    Representation,
    Stakeholder,
)

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
        first, last = cell_text(cells.get("first_name")), cell_text(cells.get("last_name"))
        if not first and cells.get("full_name"):
            first, _space, last = cell_text(cells["full_name"]).partition(" ")
        if not first:
            row.error("first_name", _("The name is missing."))
        values.update(first_name=first, last_name=last)
        values["kind"] = (
            self.clean_cell(
                row,
                "kind",
                lambda v: choice_value(v, "kind", _("Unknown kind “%(value)s”.")),
                cells.get("kind"),
            )
            or self.default_kind
        )
        values["sector"] = self.clean_cell(
            row,
            "sector",
            lambda v: choice_value(v, "sector", _("Unknown sector “%(value)s”.")),
            cells.get("sector"),
        )
        values["phone"] = self.clean_cell(row, "phone", phone_value, cells.get("phone")) or ""
        email = cell_text(cells.get("email")).lower()
        values["email"] = email
        values["position"] = self.clean_cell(
            row,
            "position",
            lambda v: choice_value(v, "position", _("Unknown position “%(value)s”.")),
            cells.get("position"),
        )
        values["influence_level"] = self.clean_cell(
            row, "influence_level", influence_value, cells.get("influence_level")
        )
        values["influence_basis"] = self.clean_cell(
            row,
            "influence_basis",
            lambda v: choice_value(
                v,
                "influence_basis",
                _("Unknown influence basis “%(value)s”."),
            ),
            cells.get("influence_basis"),
        )
        row.consent = self.clean_cell(
            row,
            "consent_level",
            lambda v: choice_value(
                v,
                "consent",
                _("Unknown consent level “%(value)s”."),
            ),
            cells.get("consent_level"),
        )
        for field in ("community", "division", "department", "job_title"):
            values[field] = cell_text(cells.get(field))
        values["notes"] = str(cells.get("notes") or "").strip()
        row.organisation_name = cell_text(cells.get("organisation"))
        row.organisation_role = cell_text(cells.get("organisation_role"))
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
            by_name.setdefault(normal_text(person.full_name), person)
        organisations = {
            normal_text(name): pk
            for pk, name in Organisation.objects.in_locality(self.locality).values_list(
                "pk", "name"
            )
        }
        seen = {}
        for row in rows:
            if row.status == ERROR:
                continue
            if row.organisation_name:
                row.organisation_id = organisations.get(normal_text(row.organisation_name))
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
            namesake = by_name.get(
                normal_text(f"{row.values['first_name']} {row.values['last_name']}")
            )
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
        history = {
            "default_user": self.user,
            "default_change_reason": self.change_reason(),
            "default_date": now,
        }
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
