"""Read-only aggregates for the dashboard: how far the locality is in preparing the hearts.

Every figure is computed by the database (GROUP BY, conditional counts, one window query for
the weekly trend), so the number of queries stays the same however many stakeholders there
are. Every function takes an already scoped queryset (`Stakeholder.objects.visible_to(user)
.in_locality(...)`), so the dashboard counts only what the user may see.
"""

import dataclasses
import datetime

from django.conf import settings
from django.db.models import Case, Count, Exists, OuterRef, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stakeholders.filters import NO_SECTOR
from stakeholders.links import register_link, register_query
from stakeholders.models import (
    CONSENT_ORDER,
    Committee,
    ConsentChange,
    ConsentLevel,
    Membership,
    Relationship,
    Sector,
    Stakeholder,
)
from stakeholders.selectors import coverage, follow_ups
from stakeholders.selectors.register import register_filter

CONSENT_LEVELS = [level for level, _rank in sorted(CONSENT_ORDER, key=lambda pair: -pair[1])]
HIGH_INFLUENCE = 4
TREND_WEEKS = 12
LIST_LIMIT = 8


@dataclasses.dataclass
class Breakdown:
    """Counts of stakeholders by consent level, for one group (a kind, a sector, everyone)."""

    key: str
    label: str
    counts: dict
    total: int = 0
    field: str = ""  # the register filter the group is ("kind", "sector"); "" for everyone

    def _filters(self):
        return {self.field: self.key} if self.field else {}

    def cells(self):
        """(count, link to the register behind it) for each consent level."""
        return [
            (self.counts.get(level, 0), register_link(**self._filters(), consent=level))
            for level in CONSENT_LEVELS
        ]

    @property
    def total_url(self):
        return register_link(**self._filters())

    def rows(self):
        return [
            (level, ConsentLevel(level).label, self.counts.get(level, 0))
            for level in CONSENT_LEVELS
        ]

    def share(self, level):
        return round(100 * self.counts.get(level, 0) / self.total) if self.total else 0


def stakeholder_profile(stakeholders):
    """One scan of the stakeholders, grouped by everything the dashboard breaks them down by.

    Consent by kind and by sector and the power map are all sums over these few hundred
    groups: the table is read once for all of them. (The "where to act" cards are counted by
    the register's own filters instead, so that each equals the list it links to.)
    """
    return list(
        stakeholders.order_by()
        .values("kind", "sector", "consent_level", "influence_level", "influence_basis")
        .annotate(n=Count("pk"))
    )


def consent_breakdowns(profile):
    """Consent overall, by kind and by sector; people without a sector are a row of their
    own, so that every breakdown adds up to the total."""
    overall = Breakdown("all", "", {})
    kinds = {k: Breakdown(k, label, {}, field="kind") for k, label in Stakeholder.Kind.choices}
    sectors = {
        s: Breakdown(s, label, {}, field="sector")
        for s, label in [*Sector.choices, (NO_SECTOR, _("No sector"))]
    }
    for row in profile:
        sector = sectors[row["sector"] or NO_SECTOR]
        for breakdown in (overall, kinds.get(row["kind"]), sector):
            if breakdown is not None:
                breakdown.counts[row["consent_level"]] = (
                    breakdown.counts.get(row["consent_level"], 0) + row["n"]
                )
                breakdown.total += row["n"]
    return overall, list(kinds.values()), list(sectors.values())


def officials_left_to_target(*, officials, active, target):
    """How many more officials must give active consent for their share to reach `target`%.

    In whole numbers (active / officials >= target / 100), so that the share shown rounded
    never says "reached" while one more person is still needed.
    """
    needed = -(-target * officials // 100)  # the ceiling of target% of the officials
    return max(needed - active, 0)


@dataclasses.dataclass
class Headline:
    """The program's target: most municipal officials give active consent."""

    officials: int
    active: int
    target: int
    trend: list

    @property
    def share(self):
        return round(100 * self.active / self.officials, 1) if self.officials else 0.0

    @property
    def left(self):
        """How many more officials with active consent the target needs (0 once reached)."""
        return officials_left_to_target(
            officials=self.officials, active=self.active, target=self.target
        )

    @property
    def reached(self):
        return self.officials > 0 and self.left == 0


def week_ends(today=None, weeks=TREND_WEEKS):
    """The ends (Saturday night, Israeli week) of the last `weeks` weeks, oldest first."""
    today = today or timezone.localdate()
    # The Israeli week runs Sunday to Saturday; the current week ends this coming Saturday.
    this_saturday = today + datetime.timedelta(days=(5 - today.weekday()) % 7)
    days = [this_saturday - datetime.timedelta(weeks=n) for n in reversed(range(weeks))]
    tz = timezone.get_current_timezone()
    return [
        (day, datetime.datetime.combine(day, datetime.time.max).replace(tzinfo=tz)) for day in days
    ]


def active_officials_trend(officials, ends):
    """How many officials were active at the end of each week, from the consent history.

    Only changes into or out of active consent move the count (+1 or -1); each week's figure
    is their sum up to that week's end. `old_level` follows the order of the history even
    for back-dated entries (see Stakeholder.change_consent), so one aggregate query does it.
    """
    active = ConsentLevel.ACTIVE
    moves = ConsentChange.objects.filter(stakeholder__in=officials.values("pk")).filter(
        Q(new_level=active) | Q(old_level=active)
    )
    delta = Case(
        When(~Q(old_level=active), then=Value(1)),
        When(~Q(new_level=active), then=Value(-1)),
        default=Value(0),
    )
    sums = moves.aggregate(
        **{
            f"week_{index}": Coalesce(Sum(delta, filter=Q(at__lte=end)), 0)
            for index, (_day, end) in enumerate(ends)
        }
    )
    return [sums[f"week_{index}"] for index in range(len(ends))]


def headline(stakeholders, locality, kinds, today=None):
    official = next(b for b in kinds if b.key == Stakeholder.Kind.OFFICIAL)
    ends = week_ends(today)
    officials = stakeholders.officials()
    counts = active_officials_trend(officials, ends)
    total = official.total
    trend = [
        {"week_end": day, "active": active, "share": round(100 * active / total, 1) if total else 0}
        for (day, _end), active in zip(ends, counts, strict=True)
    ]
    return Headline(
        officials=total,
        active=official.counts.get(ConsentLevel.ACTIVE, 0),
        target=locality.official_active_target,
        trend=trend,
    )


def committee_coverage(user, locality):
    """Each body with the groups of its current members (the rule is `selectors.coverage`)."""
    committees = (
        Committee.objects.visible_to(user)
        .in_locality(locality)
        .select_related("parent")
        .order_by("kind", "name")
    )
    bodies = coverage.body_coverage(
        Membership.objects.visible_to(user).current().filter(committee__locality=locality)
    )
    return [
        {"committee": committee, "coverage": coverage.coverage_for(bodies, committee)}
        for committee in committees
    ]


def power_consent_map(profile):
    """Influence level (5 down to 1, then not assessed) against consent level."""
    counts = {}
    for row in profile:
        key = (row["influence_level"], row["consent_level"])
        counts[key] = counts.get(key, 0) + row["n"]
    return [
        {
            "influence": level,
            "cells": [(consent, counts.get((level, consent), 0)) for consent in CONSENT_LEVELS],
        }
        for level in [5, 4, 3, 2, 1, None]
    ]


NOT_ACTIVE = [ConsentLevel.OPPOSED, ConsentLevel.UNKNOWN, ConsentLevel.PASSIVE]


@dataclasses.dataclass
class Tile:
    """One "where to act next" card: its number is the count of the register filtered by
    `params`, which its link opens, so the card and the list can never disagree."""

    key: str
    title: str
    criterion: str
    params: dict
    count: int = 0
    people: list = dataclasses.field(default_factory=list)

    @property
    def url(self):
        return register_link(**self.params)


def act_tiles(user, locality, *, no_contact_days):
    """The cards of people to act on, each counted and listed by its register filter."""
    high = {"influence_min": [HIGH_INFLUENCE], "consent": NOT_ACTIVE, "sort": ["-influence"]}
    tiles = [
        Tile(
            "high_by_position",
            _("Influential by position, not yet active"),
            _("Influence 4–5 by position (or by both), consent not active"),
            {**high, "influence_basis": [Stakeholder.InfluenceBasis.POSITION]},
        ),
        Tile(
            "high_by_personality",
            _("Influential by personality, not yet active"),
            _("Influence 4–5 by personality (or by both), consent not active"),
            {**high, "influence_basis": [Stakeholder.InfluenceBasis.PERSONALITY]},
        ),
        Tile(
            "burned",
            _("Burned by earlier processes"),
            _("Recorded on a past process as burned by it"),
            {"burned": ["yes"]},
        ),
        Tile(
            "quiet",
            ngettext(
                "No contact in the last day",
                "No contact in the last %(days)s days",
                no_contact_days,
            )
            % {"days": no_contact_days},
            _("No meeting or call logged, or never contacted"),
            {"no_contact_days": [no_contact_days], "sort": ["contact"]},
        ),
        Tile(
            "term_ending",
            _("Terms ending soon"),
            ngettext(
                "A current seat whose term ends within %(days)s day",
                "A current seat whose term ends within %(days)s days",
                settings.TERM_REMINDER_DAYS,
            )
            % {"days": settings.TERM_REMINDER_DAYS},
            {"term": ["ending"]},
        ),
    ]
    columns = ("pk", "first_name", "last_name", "kind", "consent_level", "influence_level")
    for tile in tiles:
        query = register_query(**tile.params)
        people = register_filter(query, user=user, locality=locality).qs
        tile.count = people.count()
        tile.people = list(people.only(*columns)[:LIST_LIMIT]) if tile.count else []
    return tiles


def where_to_act(user, locality, *, include_sensitive, no_contact_days):
    """The short lists a coordinator acts on next, with their full counts."""
    today = timezone.localdate()
    act = {
        "tiles": act_tiles(user, locality, no_contact_days=no_contact_days),
        "no_contact_days": no_contact_days,
    }
    if include_sensitive:
        act["overdue"] = follow_ups.overdue_in(user=user, locality=locality, today=today)
        act["tensions"] = sensitive_ties_on_shared_bodies(user, locality)
    return act


def sensitive_ties_on_shared_bodies(user, locality):
    """Sensitive relationships between two people who sit on the same body now."""
    shared_seat = Membership.objects.current().filter(
        stakeholder=OuterRef("from_stakeholder"),
        committee__memberships__stakeholder=OuterRef("to_stakeholder"),
        committee__memberships__end_date__isnull=True,
    )
    return list(
        Relationship.objects.visible_to(user)
        .in_locality(locality)
        .sensitive()
        .filter(Exists(shared_seat))
        .select_related("from_stakeholder", "to_stakeholder")[:LIST_LIMIT]
    )


def localities_side_by_side(localities):
    """For admins: each locality's totals and its officials' active share, in one query."""
    grouped = (
        Stakeholder.objects.filter(locality__in=localities)
        .order_by()
        .values("locality_id")
        .annotate(
            total=Count("pk"),
            active=Count("pk", filter=Q(consent_level=ConsentLevel.ACTIVE)),
            passive=Count("pk", filter=Q(consent_level=ConsentLevel.PASSIVE)),
            officials=Count("pk", filter=Q(kind=Stakeholder.Kind.OFFICIAL)),
            officials_active=Count(
                "pk",
                filter=Q(kind=Stakeholder.Kind.OFFICIAL, consent_level=ConsentLevel.ACTIVE),
            ),
        )
    )
    by_locality = {row["locality_id"]: row for row in grouped}
    rows = []
    for locality in localities:
        row = by_locality.get(locality.pk, {})
        officials = row.get("officials", 0)
        share = round(100 * row.get("officials_active", 0) / officials, 1) if officials else 0.0
        rows.append(
            {
                "locality": locality,
                "total": row.get("total", 0),
                "active": row.get("active", 0),
                "passive": row.get("passive", 0),
                "officials": officials,
                "officials_share": share,
                "reached": officials > 0
                and not officials_left_to_target(
                    officials=officials,
                    active=row.get("officials_active", 0),
                    target=locality.official_active_target,
                ),
            }
        )
    return rows


def build(*, user, locality, user_can_see_sensitive, no_contact_days, admin_localities=()):
    """Everything the dashboard shows of one locality, counting only what the user may see."""
    stakeholders = Stakeholder.objects.visible_to(user).in_locality(locality)
    profile = stakeholder_profile(stakeholders)
    overall, kinds, sectors = consent_breakdowns(profile)
    data = {
        "overall": overall,
        "kinds": kinds,
        "sectors": sectors,
        "headline": headline(stakeholders, locality, kinds),
        "bodies": committee_coverage(user, locality),
        "coverage_columns": coverage.EXPECTED_GROUPS,
        "power_map": power_consent_map(profile),
        "act": where_to_act(
            user,
            locality,
            include_sensitive=user_can_see_sensitive,
            no_contact_days=no_contact_days,
        ),
        "consent_levels": [(level, ConsentLevel(level).label) for level in CONSENT_LEVELS],
    }
    if len(admin_localities) > 1:
        data["side_by_side"] = localities_side_by_side(admin_localities)
    return data
