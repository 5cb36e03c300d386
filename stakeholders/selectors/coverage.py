"""Which groups sit on a body: the one rule behind the coverage matrix, the body's page and
the committees list.

The guide asks that every body draws on residents and communities, municipal officials and
the five sectors of the centres of influence. A member counts as a resident or an official by
kind, and in the sector recorded on their profile; municipal officials are in the public
sector (their records always carry it), so an official counts both as an official and in the
public sector. A member who is neither and has no sector is counted as "no sector", so that
nobody disappears from the summary. Each group maps to one filter of the register, which is
how the dashboard's cells link to exactly the people they count.
"""

import dataclasses

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from stakeholders.enums import Sector
from stakeholders.links import register_link
from stakeholders.models import Stakeholder

RESIDENTS = "residents"
OFFICIALS = "officials"
NO_SECTOR = "no_sector"

# The groups every body should draw on, in the guide's order; the coverage matrix has one
# column each and a body's page names the ones missing.
EXPECTED_GROUPS = [
    (RESIDENTS, _("Residents")),
    (OFFICIALS, _("Municipal officials")),
    *Sector.choices,
]
GROUP_LABELS = {**dict(EXPECTED_GROUPS), NO_SECTOR: _("No sector")}

# The register filter that lists a group's members (with `committee=<body>`).
GROUP_FILTERS = {
    RESIDENTS: {"kind": Stakeholder.Kind.RESIDENT},
    OFFICIALS: {"kind": Stakeholder.Kind.OFFICIAL},
    **{sector: {"sector": sector} for sector in Sector.values},
    NO_SECTOR: {"sector": "none"},
}


def member_groups(kind, sector):
    """The groups one member counts in (one or two of them)."""
    groups = []
    if kind == Stakeholder.Kind.RESIDENT:
        groups.append(RESIDENTS)
    elif kind == Stakeholder.Kind.OFFICIAL:
        groups.append(OFFICIALS)
    if sector:
        groups.append(sector)
    elif not groups:
        groups.append(NO_SECTOR)
    return groups


def member_group_label(stakeholder):
    """How a member's row on a body's page names the groups they count in."""
    return " · ".join(
        str(GROUP_LABELS[g]) for g in member_groups(stakeholder.kind, stakeholder.sector)
    )


@dataclasses.dataclass
class Coverage:
    """The current members of one body, counted by group."""

    committee_id: int
    members: int = 0
    counts: dict = dataclasses.field(default_factory=dict)

    def add(self, kind, sector, n=1):
        self.members += n
        for group in member_groups(kind, sector):
            self.counts[group] = self.counts.get(group, 0) + n

    @property
    def missing(self):
        """Labels of the expected groups with nobody on the body."""
        return [label for key, label in EXPECTED_GROUPS if not self.counts.get(key)]

    @property
    def summary(self):
        """[{key, label, count, url}] for the groups that have members, in a fixed order."""
        return [
            {
                "key": key,
                "label": GROUP_LABELS[key],
                "count": self.counts[key],
                "url": self.group_url(key),
            }
            for key in GROUP_LABELS
            if self.counts.get(key)
        ]

    @property
    def members_url(self):
        return register_link(committee=self.committee_id)

    def cells(self):
        """(key, label, count, register link) for each expected group, for the matrix."""
        return [
            (key, label, self.counts.get(key, 0), self.group_url(key))
            for key, label in EXPECTED_GROUPS
        ]

    def group_url(self, key):
        return register_link(committee=self.committee_id, **GROUP_FILTERS[key])


def body_coverage(current_seats):
    """{committee id: Coverage} for the bodies of `current_seats`, in one grouped query.

    `current_seats` is an already scoped queryset of current memberships; a body without
    members has no entry (use `coverage_for`).
    """
    rows = (
        current_seats.order_by()
        .values("committee_id", "stakeholder__kind", "stakeholder__sector")
        .annotate(n=Count("pk"))
    )
    coverage = {}
    for row in rows:
        body = coverage.setdefault(row["committee_id"], Coverage(row["committee_id"]))
        body.add(row["stakeholder__kind"], row["stakeholder__sector"], row["n"])
    return coverage


def coverage_for(coverage, committee):
    """The body's coverage from `body_coverage`'s answer, empty when nobody sits on it."""
    return coverage.get(committee.pk) or Coverage(committee.pk)
