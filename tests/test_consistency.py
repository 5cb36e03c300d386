"""The app never gives two answers to one question.

Every number on the dashboard that links into the register is the register's own count of
that link; every breakdown adds up to the total; each body's coverage is the same on the
dashboard, on the body's page and in the committees list. Checked against the demo locality
(`seed_demo`) and against a locality built from the factories with the awkward cases: people
without a sector, burned twice, seats with terms ending soon, ended or closed.
"""

import datetime
import io
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from stakeholders import services
from stakeholders.demo.data import DEMO_SLUG
from stakeholders.enums import Role, Sector
from stakeholders.models import Committee, LocalityAccess, Stakeholder
from tests.factories import (
    BurnedStakeholderFactory,
    CommitteeFactory,
    InfluenceCentreRepresentativeFactory,
    InteractionFactory,
    LocalityFactory,
    OfficialFactory,
    PastProcessFactory,
    RegionalBodyRepresentativeFactory,
    StakeholderFactory,
    TaskTeamFactory,
)

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("stakeholders:dashboard")
REGISTER = reverse("stakeholders:stakeholder_list")
COMMITTEES = reverse("stakeholders:committee_list")

# Hebrew writes one and two as words ("אדם אחד", "שני אנשים"), not as digits.
NUMBER_WORDS = {"אחד": 1, "אחת": 1, "שני": 2, "שתי": 2}


# --- Reading a page ------------------------------------------------------------------------


class Page(HTMLParser):
    """The links of a page (href, attributes, text) and its tables (rows of cell texts)."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.links = []
        self.tables = []
        self._link = None
        self._tables = []  # open tables, innermost last
        self._cell = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            self._link = {"href": attrs.get("href", ""), "attrs": attrs, "text": ""}
        elif tag == "table":
            table = {"id": attrs.get("id", ""), "class": attrs.get("class", ""), "rows": []}
            self.tables.append(table)
            self._tables.append(table)
        elif tag == "tr" and self._tables:
            self._tables[-1]["rows"].append([])
        elif tag in ("td", "th") and self._tables:
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "a" and self._link is not None:
            self._link["text"] = " ".join(self._link["text"].split())
            self.links.append(self._link)
            self._link = None
        elif tag == "table" and self._tables:
            self._tables.pop()
        elif tag in ("td", "th") and self._cell is not None:
            self._tables[-1]["rows"][-1].append(" ".join(self._cell.split()))
            self._cell = None

    def handle_data(self, data):
        if self._link is not None:
            self._link["text"] += data
        if self._cell is not None:
            self._cell += data

    def table(self, *, id="", css_class=""):
        found = [
            t
            for t in self.tables
            if (id and t["id"] == id) or (css_class and css_class in t["class"].split())
        ]
        assert len(found) == 1, (id, css_class, [t["id"] or t["class"] for t in self.tables])
        return found[0]


def number_in(text):
    """The count a link or heading shows: its digits, or Hebrew's words for one and two."""
    digits = re.findall(r"\d+", text)
    if digits:
        assert len(digits) == 1, f"more than one number in {text!r}"
        return int(digits[0])
    words = [NUMBER_WORDS[word] for word in text.split() if word in NUMBER_WORDS]
    return words[0] if len(words) == 1 else None


def register_links(html):
    return [link for link in Page(html).links if link["href"].startswith(REGISTER + "?")]


def register_count(client, href):
    """The register's total for a link: its paginator's count, and the number its heading
    shows (the two must be one)."""
    response = client.get(href)
    assert response.status_code == 200, href
    total = response.context["page"].paginator.count
    # Counted in people, not rows: nobody is listed twice (a join would repeat them).
    people = list(response.context["page"].paginator.object_list.values_list("pk", flat=True))
    assert len(people) == len(set(people)) == total, (href, total, len(set(people)))
    assert not response.context["filter"].form.errors, (href, response.context["filter"].errors)
    heading = re.search(
        r'<h2 id="results-heading"[^>]*>(.*?)</h2>', response.content.decode(), re.S
    )
    shown = re.sub(r"<[^>]+>", " ", heading.group(1)).split("·")[0]
    assert number_in(shown) == total, (href, shown, total)
    return total


# --- The two localities --------------------------------------------------------------------


@pytest.fixture
def demo_client(client, db):
    call_command("seed_demo", "--force", stdout=io.StringIO(), stderr=io.StringIO())
    coordinator = LocalityAccess.objects.get(
        locality__slug=DEMO_SLUG, role=Role.COORDINATOR, user__username="coordinator"
    ).user
    client.force_login(coordinator)
    return client


def _ago(days):
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def built(locality, coordinator, other_locality):
    """A locality with every case the dashboard distinguishes, and a busy neighbour."""
    today = timezone.localdate()
    people = []

    def person(factory, consent=None, evidence="", **fields):
        someone = factory(locality=locality, **fields)
        if consent:
            someone.change_consent(level=consent, by=coordinator, evidence=evidence, at=_ago(40))
        people.append(someone)
        return someone

    levels = [None, "opposed", "passive", "active", "unknown"]
    evidence = {"active": "promotes"}
    # Residents, half of them with a sector (a resident may belong to one), half without.
    residents = [
        person(
            StakeholderFactory,
            consent=levels[n % 5],
            evidence=evidence.get(levels[n % 5], ""),
            sector=[Sector.SOCIAL, "", Sector.ACADEMIA, ""][n % 4],
            influence_level=[None, 1, 2, None, 3][n % 5],
            influence_basis=["", "personality", "position", "", "both"][n % 5],
        )
        for n in range(12)
    ]
    officials = [
        person(
            OfficialFactory,
            consent=levels[(n + 2) % 5],
            evidence=evidence.get(levels[(n + 2) % 5], ""),
            influence_level=[5, 4, 3, None, 2, 1, 4][n % 7],
            influence_basis=["position", "both", "position", "", "personality", "position"][n % 6],
            position=list(Stakeholder.Position.values)[n % 6],
        )
        for n in range(10)
    ]
    centre = []
    for n, sector in enumerate([*Sector.values, *Sector.values]):
        level = [5, 4, 4, 5, 3, 1, 2, 5, 4, None][n]
        centre.append(
            person(
                InfluenceCentreRepresentativeFactory,
                consent=levels[(n + 1) % 5],
                evidence=evidence.get(levels[(n + 1) % 5], ""),
                sector=sector,
                influence_level=level,
                influence_basis=["position", "personality", "both"][n % 3] if level else "",
            )
        )
    regional = [
        person(
            RegionalBodyRepresentativeFactory,
            consent="passive",
            influence_level=4,
            influence_basis="position",
        ),
        person(RegionalBodyRepresentativeFactory, sector=Sector.PHILANTHROPY),
    ]

    # Burned by earlier processes: one person by two of them, counted once.
    first, second = (PastProcessFactory(locality=locality) for _ in range(2))
    for someone in (residents[0], officials[1], centre[0]):
        BurnedStakeholderFactory(process=first, stakeholder=someone)
    BurnedStakeholderFactory(process=second, stakeholder=officials[1])

    # Contact: recent, old, both, and none at all.
    for someone in residents[:4] + officials[:3]:
        InteractionFactory(stakeholder=someone, occurred_at=_ago(3))
    for someone in residents[2:7] + centre[:4]:
        InteractionFactory(stakeholder=someone, occurred_at=_ago(90))

    # Bodies: terms ending within TERM_REMINDER_DAYS, later, ended with the seat open, closed.
    soon = today + datetime.timedelta(days=settings.TERM_REMINDER_DAYS - 1)
    edge = today + datetime.timedelta(days=settings.TERM_REMINDER_DAYS)
    later = today + datetime.timedelta(days=settings.TERM_REMINDER_DAYS + 30)
    ended = today - datetime.timedelta(days=5)
    steering = CommitteeFactory(locality=locality, kind=Committee.Kind.STEERING, name="היגוי")
    education = CommitteeFactory(locality=locality, name="ועדת חינוך")
    team = TaskTeamFactory(locality=locality, parent=education, name="צוות גנים")
    CommitteeFactory(locality=locality, name="ועדה ריקה")  # nobody sits on it
    started = today - datetime.timedelta(days=200)

    def seat(someone, body, term_end=None, closed=None):
        membership = services.membership_add(
            stakeholder=someone,
            committee=body,
            by=coordinator,
            start_date=started,
            term_end_date=term_end,
        )
        if closed:
            services.membership_close(membership=membership, end_date=closed)
        return membership

    for n, someone in enumerate(officials[:5] + residents[:3] + centre[:4]):
        seat(someone, steering, term_end=[soon, later, None, ended, edge][n % 5])
    for n, someone in enumerate(residents[3:8] + centre[4:7] + officials[5:7]):
        seat(someone, education, term_end=[later, soon, None][n % 3])
    seat(officials[0], education, term_end=soon)  # two seats ending soon: one person
    for someone in residents[8:10] + regional:
        seat(someone, team, term_end=soon)
    seat(residents[10], team, closed=today - datetime.timedelta(days=20))
    seat(centre[8], team, closed=today - datetime.timedelta(days=2))
    seat(officials[8], steering, term_end=soon, closed=today - datetime.timedelta(days=1))

    # The neighbour has people, seats and burns of its own that must count nowhere here.
    for n in range(6):
        stranger = OfficialFactory(
            locality=other_locality, influence_level=5, influence_basis="both"
        )
        stranger.change_consent(level=levels[n % 4 + 1], by=None, evidence="other")
    neighbour_body = CommitteeFactory(locality=other_locality)
    services.membership_add(
        stakeholder=stranger, committee=neighbour_body, by=None, term_end_date=soon
    )
    BurnedStakeholderFactory(process__locality=other_locality)
    return people


@pytest.fixture
def built_client(coordinator_client, built):
    return coordinator_client


@pytest.fixture(params=["demo", "built"])
def where(request):
    """The coordinator's client on the demo locality, or on the factory-built one, and the
    least number of register links its dashboard must have (so no check passes vacuously)."""
    client = request.getfixturevalue(f"{request.param}_client")
    return request.param, client, {"demo": 100, "built": 60}[request.param]


# --- a. Every dashboard number is its register list's count ---------------------------------


def test_every_number_on_the_dashboard_is_the_count_of_the_list_it_opens(where):
    name, client, least = where
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    headline = response.context["headline"]
    checked, disagreements, wordless, shares = 0, [], [], []
    for link in register_links(response.content.decode()):
        text = link["text"]
        if text.endswith("%"):
            # The headline's share of officials with active consent: checked below.
            shares.append(link)
            continue
        shown = number_in(text)
        if shown is None:
            wordless.append(link)
            continue
        total = register_count(client, link["href"])
        checked += 1
        if total != shown:
            disagreements.append(f"{link['href']}: the dashboard shows {shown}, the list {total}")
    print(f"{name}: {checked} dashboard links checked against the register")
    assert not disagreements, "\n".join(disagreements)
    assert checked > least, (name, checked)
    # The only links without a number are the headline's "all officials".
    assert [link["href"] for link in wordless] == [REGISTER + "?kind=official"], wordless

    # The headline: "X of Y officials" and the share are the lists of active and of all officials.
    officials = register_count(client, wordless[0]["href"])
    [share] = shares
    assert share["href"] == REGISTER + "?kind=official&consent=active"
    active = register_count(client, share["href"])
    assert (headline.active, headline.officials) == (active, officials)
    assert headline.share == (round(100 * active / officials, 1) if officials else 0.0)
    assert share["text"] == f"{headline.share}%"
    page = response.content.decode()
    assert re.search(rf"\b{active}\b[^<]*\b{officials}\b", page), (active, officials)
    # The trend's latest week is this week: the consent history agrees with the levels now.
    assert headline.trend[-1]["active"] == active, headline.trend[-1]


def test_the_act_cards_show_their_tiles_counts_and_the_tiles_are_the_register(where):
    _name, client, _least = where
    response = client.get(DASHBOARD)
    tiles = response.context["act"]["tiles"]
    cards = {
        link["href"]: number_in(link["text"])
        for link in register_links(response.content.decode())
        if "data-count" in link["attrs"]
    }
    assert len(cards) == len(tiles) == 5
    for tile in tiles:
        assert cards[tile.url] == tile.count == register_count(client, tile.url), tile.key
    # The cards list at most LIST_LIMIT of their people, all of them in the register's list.
    for tile in tiles:
        listed = client.get(tile.url).context["page"].paginator.object_list
        assert {p.pk for p in tile.people} <= set(listed.values_list("pk", flat=True))


# --- b. Every breakdown adds up ------------------------------------------------------------


def _row_numbers(row):
    return [number_in(cell) for cell in row[1:]]


def test_every_breakdown_adds_up_to_the_total(where):
    _name, client, _least = where
    response = client.get(DASHBOARD)
    context = response.context
    page = Page(response.content.decode())
    overall = context["overall"]
    levels = [level for level, _label in context["consent_levels"]]
    assert overall.total > 0

    # As the page shows them: the consent tables and the power map, cell by cell.
    kind_table = page.table(id="consent-table")["rows"][1:]  # after the header
    sector_table = page.table(id="sector-table")["rows"][1:]
    power_table = page.table(css_class="power-map")["rows"][1:]
    everyone, *kind_rows = [_row_numbers(row) for row in kind_table]
    sector_rows = [_row_numbers(row) for row in sector_table]
    power_rows = [_row_numbers(row) for row in power_table]
    assert len(kind_rows) == len(Stakeholder.Kind.values)
    assert len(sector_rows) == len(Sector.values) + 1  # and "no sector"
    assert len(power_rows) == 6  # influence 5 down to 1, and not assessed
    assert everyone == [overall.counts.get(level, 0) for level in levels] + [overall.total]
    for rows in (kind_rows, sector_rows):
        for row in rows:
            assert sum(row[:-1]) == row[-1], row  # each row adds up to its total
        columns = [sum(column) for column in zip(*rows, strict=True)]
        assert columns == everyone, (columns, everyone)
    power_columns = [sum(column) for column in zip(*power_rows, strict=True)]
    assert power_columns == everyone[:-1]
    assert sum(power_columns) == overall.total

    # And as the context has them, with the "no sector" row under the register's key.
    assert sum(b.total for b in context["kinds"]) == overall.total
    assert sum(b.total for b in context["sectors"]) == overall.total
    assert context["sectors"][-1].key == "none"
    for breakdowns in (context["kinds"], context["sectors"]):
        for level in levels:
            assert sum(b.counts.get(level, 0) for b in breakdowns) == overall.counts.get(level, 0)
        for b in breakdowns:
            assert sum(b.counts.values()) == b.total, b.key
    assert sum(count for row in context["power_map"] for _c, count in row["cells"]) == (
        overall.total
    )
    # The total is the register's, unfiltered.
    assert client.get(REGISTER).context["page"].paginator.count == overall.total


# --- c. Each body's coverage is one answer on three pages ----------------------------------


def _summary(coverage):
    return [{**group, "label": str(group["label"])} for group in coverage.summary]


def _labels(groups):
    return [{**group, "label": str(group["label"])} for group in groups]


def test_each_bodys_coverage_is_the_same_on_the_dashboard_its_page_and_the_list(where):
    name, client, _least = where
    bodies = client.get(DASHBOARD).context["bodies"]
    listed = {c.pk: c for c in client.get(COMMITTEES).context["committees"]}
    assert len(bodies) >= 4, name
    assert set(listed) == {body["committee"].pk for body in bodies}
    seated = 0
    for body in bodies:
        committee, coverage = body["committee"], body["coverage"]
        detail = client.get(reverse("stakeholders:committee_detail", args=[committee.pk]))
        assert detail.status_code == 200
        where_shown = f"{name}: {committee.name}"
        assert _labels(detail.context["groups"]) == _summary(coverage), where_shown
        assert [str(label) for label in detail.context["missing_groups"]] == [
            str(label) for label in coverage.missing
        ], where_shown
        assert detail.context["current_count"] == coverage.members, where_shown
        assert sum(len(group["rows"]) for group in detail.context["role_groups"]) == (
            coverage.members
        )
        assert _labels(listed[committee.pk].groups) == _summary(coverage), where_shown
        assert listed[committee.pk].member_count == coverage.members, where_shown
        # Seats whose term is over but still open: the list's warning and the page's count.
        assert listed[committee.pk].overdue_count == detail.context["ended_count"], where_shown
        # The members and each group link to the register, which counts the same people.
        assert register_count(client, coverage.members_url) == coverage.members, where_shown
        for group in coverage.summary:
            assert register_count(client, group["url"]) == group["count"], (
                where_shown,
                group["key"],
            )
        # The groups the page shows, by their links and numbers.
        shown = {
            link["attrs"]["data-group"]: (link["href"], number_in(link["text"]))
            for link in Page(detail.content.decode()).links
            if "data-group" in link["attrs"]
        }
        assert shown == {g["key"]: (g["url"], g["count"]) for g in coverage.summary}
        seated += coverage.members
    assert seated > 0


# --- d. Another locality's coordinator sees none of it -------------------------------------


def test_a_coordinator_of_another_locality_sees_none_of_these_numbers(built, client, make_user):
    empty = LocalityFactory(name="ריקה")
    client.force_login(make_user(Role.COORDINATOR, empty))
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    context = response.context
    assert context["overall"].total == 0
    assert all(b.total == 0 for b in [*context["kinds"], *context["sectors"]])
    assert all(count == 0 for row in context["power_map"] for _c, count in row["cells"])
    assert all(tile.count == 0 for tile in context["act"]["tiles"])
    assert (context["headline"].officials, context["headline"].active) == (0, 0)
    assert context["bodies"] == []
    links = register_links(response.content.decode())
    assert links, "the empty dashboard still links its zeros"
    for link in links:
        if link["text"].endswith("%"):
            assert link["text"] == "0.0%", link  # the headline's share of no officials
            continue
        shown = number_in(link["text"])
        if shown is not None:
            assert shown == 0, link
            assert register_count(client, link["href"]) == 0, link
    assert client.get(REGISTER).context["page"].paginator.count == 0
    assert client.get(COMMITTEES).context["committees"] == []
