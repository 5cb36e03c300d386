"""Importing committee and task-team seats, each recorded as active consent."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stakeholders import services
from stakeholders.enums import SeatRole
from stakeholders.imports.base import DUPLICATE, ERROR, NEW, Importer
from stakeholders.imports.columns import (
    Column,
    choice_value,
    date_value,
    normal_text,
    phone_value,
)
from stakeholders.imports.reading import cell_text
from stakeholders.models import (
    Committee,
    Membership,
    Stakeholder,
)

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
            "committee": cell_text(cells.get("committee")),
            "full_name": cell_text(cells.get("full_name")),
            "phone": self.clean_cell(row, "phone", phone_value, cells.get("phone")) or "",
            "email": cell_text(cells.get("email")).lower(),
            "role": self.clean_cell(
                row,
                "role",
                lambda v: choice_value(
                    v,
                    "role",
                    _("Unknown role “%(value)s”."),
                ),
                cells.get("role"),
            )
            or SeatRole.MEMBER,
            "start_date": self.clean_cell(row, "start_date", date_value, cells.get("start_date"))
            or timezone.localdate(),
            "term_end_date": self.clean_cell(
                row, "term_end_date", date_value, cells.get("term_end_date")
            ),
        }
        if not row.values["committee"]:
            row.error("committee", _("The committee or task team is missing."))

    def match(self, rows):
        committees = {normal_text(c.name): c for c in Committee.objects.in_locality(self.locality)}
        people = list(
            Stakeholder.objects.in_locality(self.locality).only(
                "pk", "first_name", "last_name", "phone", "email", "locality_id"
            )
        )
        by_phone = {p.phone: p for p in people if p.phone}
        by_email = {p.email.lower(): p for p in people if p.email}
        by_name = {}
        for person in people:
            by_name.setdefault(normal_text(person.full_name), []).append(person)
        sitting = set(
            Membership.objects.current()
            .filter(committee__locality=self.locality)
            .values_list("committee_id", "stakeholder_id")
        )
        seen = {}
        for row in rows:
            if row.status == ERROR:
                continue
            committee = committees.get(normal_text(row.values["committee"]))
            if committee is None:
                row.error(
                    "committee",
                    _("Unknown committee or task team “%(name)s”.")
                    % {"name": row.values["committee"]},
                )
                continue
            person = by_phone.get(row.values["phone"]) or by_email.get(row.values["email"])
            if person is None and row.values["full_name"]:
                namesakes = by_name.get(normal_text(row.values["full_name"]), [])
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
