"""Importing organisations: new ones, and updates of those already mapped (by name)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from stakeholders.imports.base import DUPLICATE, ERROR, NEW, UPDATE, Importer
from stakeholders.imports.columns import Column, choice_value, normal_text
from stakeholders.imports.reading import cell_text
from stakeholders.models import (
    Organisation,
)

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
        name = cell_text(cells.get("name"))
        if not name:
            row.error("name", _("The name is missing."))
        sector = self.clean_cell(
            row,
            "sector",
            lambda v: choice_value(v, "sector", _("Unknown sector “%(value)s”.")),
            cells.get("sector"),
        )
        if not sector and "sector" not in row.errors:
            row.error("sector", _("The sector is missing."))
        scope = self.clean_cell(
            row,
            "scope",
            lambda v: choice_value(
                v,
                "scope",
                _("Unknown scope “%(value)s”."),
            ),
            cells.get("scope"),
        )
        kind = self.clean_cell(
            row,
            "kind",
            lambda v: choice_value(v, "organisation_kind", _("Unknown kind “%(value)s”.")),
            cells.get("kind"),
        )
        row.values = {
            "name": name,
            "sector": sector,
            "scope": scope or Organisation.Scope.LOCAL,
            "kind": kind or Organisation.Kind.OTHER,
            "website": cell_text(cells.get("website")),
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
        existing = {normal_text(o.name): o for o in Organisation.objects.in_locality(self.locality)}
        seen = {}
        for row in rows:
            if row.status == ERROR:
                continue
            key = normal_text(row.values["name"])
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
            default_change_reason=self.change_reason(),
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
