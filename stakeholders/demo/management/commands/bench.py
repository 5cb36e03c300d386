"""`manage.py bench`: how fast the main pages stay as a locality grows.

For each size N it builds (once, then reuses) a locality with N stakeholders, about three
consent changes, 0.3 seats and two interactions each, and times through Django's test client
with a logged-in coordinator: the dashboard, the register (first page and a filtered page), a
profile and a committee page, the Django admin changelist of stakeholders, and the bare SQL of
the dashboard's queries (the floor: the same statements, without Django around them).

One line per page and size:
    BENCH db=<vendor> page=<name> n=<N> p50_ms=<x> p95_ms=<y> queries=<q>

Run it against a database of its own (`make bench` uses bench.sqlite3, or DATABASE_URL).
"""

import datetime
import io
import random
import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from stakeholders import services
from stakeholders.enums import Role
from stakeholders.models import (
    Committee,
    ConsentChange,
    ConsentLevel,
    Interaction,
    Locality,
    LocalityAccess,
    Membership,
    Organisation,
    Representation,
    Sector,
    Stakeholder,
)

BATCH = 5000
KINDS = [
    (Stakeholder.Kind.RESIDENT, 0.45),
    (Stakeholder.Kind.OFFICIAL, 0.2),
    (Stakeholder.Kind.INFLUENCE_CENTRE, 0.25),
    (Stakeholder.Kind.REGIONAL_BODY, 0.1),
]
FIRST = ["נועה", "יוסי", "מרים", "אחמד", "רונית", "דוד", "שירה", "עומר", "ליאת", "סאמר"]
LAST = ["כהן", "לוי", "מזרחי", "חורי", "פרץ", "ביטון", "אבו-ריא", "שפירא", "גבאי", "דהן"]
LEVELS = [ConsentLevel.UNKNOWN, ConsentLevel.OPPOSED, ConsentLevel.PASSIVE, ConsentLevel.ACTIVE]
PASSWORD = "bench-only-password"


class Command(BaseCommand):
    help = "Time the dashboard, register, profile, committee and admin pages at several sizes."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", nargs="+", type=int, default=[1000, 10000, 100000])
        parser.add_argument("--repeat", type=int, default=30, help="timed requests per page")
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument(
            "--import-rows", type=int, default=10000, help="rows of the timed import file"
        )

    def handle(self, *args, sizes, repeat, seed, import_rows, **options):
        if repeat < 5:
            raise CommandError("--repeat must be at least 5 for a meaningful p95.")
        vendor = connection.vendor
        for size in sizes:
            locality, coordinator, admin = self.ensure_data(size, seed)
            for line in self.measure(vendor, locality, coordinator, admin, size, repeat):
                self.stdout.write(line)
        for line in self.measure_import(vendor, coordinator, rows=import_rows, repeat=3):
            self.stdout.write(line)

    # --- Data ------------------------------------------------------------------------------

    def ensure_data(self, size, seed):
        slug = f"bench-{size}"
        locality = Locality.objects.filter(slug=slug).first()
        if locality is None or locality.stakeholders.count() != size:
            if locality is not None:
                raise CommandError(
                    f"Locality {slug} exists with another size; use a fresh bench database."
                )
            started = time.perf_counter()
            locality = self.generate(slug, size, random.Random(seed + size))
            # Fresh tables have no planner statistics until autovacuum comes by; a database
            # in use has them, so measure with them.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            self.stderr.write(f"generated n={size} in {time.perf_counter() - started:.1f} s")
        users = get_user_model().objects
        coordinator, _ = users.get_or_create(username=f"bench-coordinator-{size}")
        admin, _ = users.get_or_create(username=f"bench-admin-{size}", defaults={"is_staff": True})
        for user, role in ((coordinator, Role.COORDINATOR), (admin, Role.ADMIN)):
            user.set_password(PASSWORD)
            user.save()
            LocalityAccess.objects.get_or_create(user=user, locality=locality, role=role)
        return locality, coordinator, admin

    @transaction.atomic
    def generate(self, slug, size, rng):
        # Plain bulk_create, also for the models that keep a change history (organisations,
        # stakeholders, consent changes, seats): the bench data is throwaway, in a database of
        # its own, and a history row per record would be as many rows again to write for
        # 100,000 people. So these records have no "+" row in their history (unlike
        # seed_demo's, see demo.builder.create_with_history), and the pages' change-history
        # sections read empty tables here.
        now = timezone.now()
        locality = Locality.objects.create(name=f"יישוב מדידה {size}", slug=slug)
        organisations = Organisation.objects.bulk_create(
            Organisation(
                locality=locality,
                name=f"ארגון {n}",
                sector=rng.choice(Sector.values),
                scope=rng.choice(Organisation.Scope.values),
            )
            for n in range(max(10, size // 50))
        )
        committees = Committee.objects.bulk_create(
            Committee(
                locality=locality,
                name=f"גוף {n}",
                kind=Committee.Kind.TASK_TEAM if n % 3 else Committee.Kind.COMMITTEE,
            )
            for n in range(max(5, size // 400))
        )
        kinds, weights = zip(*KINDS, strict=True)
        for start in range(0, size, BATCH):
            people = []
            for n in range(start, min(size, start + BATCH)):
                kind = rng.choices(kinds, weights)[0]
                level = rng.choices(LEVELS, [2, 1, 3, 3])[0]
                influence = rng.choice([None, 1, 2, 3, 4, 5])
                people.append(
                    Stakeholder(
                        locality=locality,
                        kind=kind,
                        first_name=rng.choice(FIRST),
                        last_name=f"{rng.choice(LAST)} {n}",
                        sector=Sector.PUBLIC
                        if kind == Stakeholder.Kind.OFFICIAL
                        else rng.choice(["", *Sector.values]),
                        phone=f"+97250{1000000 + n:07d}",
                        email=f"person{n}@example.org",
                        influence_level=influence,
                        influence_basis=rng.choice(["position", "personality", "both"])
                        if influence
                        else "",
                        consent_level=level,
                        consent_changed_at=now - datetime.timedelta(days=rng.randint(0, 30)),
                    )
                )
            people = Stakeholder.objects.bulk_create(people)
            self.add_history(people, organisations, committees, rng, now)
        return locality

    def add_history(self, people, organisations, committees, rng, now):
        """About three consent changes, 0.3 seats, two interactions and 0.3 organisations each.

        Rows are written in bulk for speed, without history rows (see `generate`); the consent
        chain ends at each person's current level, as `change_consent` would leave it.
        """
        changes, seats, interactions, links = [], [], [], []
        for person in people:
            steps = [rng.choice(LEVELS) for _ in range(rng.randint(2, 3))] + [person.consent_level]
            previous = ConsentLevel.UNKNOWN
            for index, level in enumerate(steps):
                changes.append(
                    ConsentChange(
                        stakeholder=person,
                        old_level=previous,
                        new_level=level,
                        at=now
                        - datetime.timedelta(days=150 - 40 * index, hours=rng.randint(0, 23)),
                        note="",
                    )
                )
                previous = level
            if rng.random() < 0.3:
                seats.append(
                    Membership(
                        committee=rng.choice(committees),
                        stakeholder=person,
                        start_date=timezone.localdate() - datetime.timedelta(days=90),
                    )
                )
            for _ in range(2):
                interactions.append(
                    Interaction(
                        stakeholder=person,
                        occurred_at=now - datetime.timedelta(days=rng.randint(0, 120)),
                        channel=rng.choice(Interaction.Channel.values),
                        summary="שיחת היכרות",
                    )
                )
            if rng.random() < 0.3:
                links.append(
                    Representation(stakeholder=person, organisation=rng.choice(organisations))
                )
        ConsentChange.objects.bulk_create(changes, batch_size=BATCH)
        Membership.objects.bulk_create(seats, batch_size=BATCH)
        services.interactions_bulk_create(interactions=interactions, batch_size=BATCH)
        Representation.objects.bulk_create(links, batch_size=BATCH)

    # --- Timing ----------------------------------------------------------------------------

    def measure(self, vendor, locality, coordinator, admin, size, repeat):
        person = locality.stakeholders.order_by("pk")[size // 2]
        committee = Committee.objects.in_locality(locality).order_by("pk").first()
        register = reverse("stakeholders:stakeholder_list")
        pages = [
            ("dashboard", coordinator, reverse("stakeholders:dashboard")),
            ("register", coordinator, register),
            (
                "register_filtered",
                coordinator,
                f"{register}?kind=official&consent=passive&influence_min=3&sort=-influence",
            ),
            ("profile", coordinator, reverse("stakeholders:stakeholder_detail", args=[person.pk])),
            (
                "committee",
                coordinator,
                reverse("stakeholders:committee_detail", args=[committee.pk]),
            ),
            ("admin_changelist", admin, reverse("admin:stakeholders_stakeholder_changelist")),
        ]
        clients = {}
        for user in (coordinator, admin):
            client = Client()
            client.force_login(user)
            clients[user.pk] = client
        dashboard_sql = []
        for name, user, url in pages:
            client = clients[user.pk]
            response = client.get(url)  # warm caches and the session
            if response.status_code != 200:
                raise CommandError(f"{name}: HTTP {response.status_code} at {url}")
            recorder = _Recorder()
            with connection.execute_wrapper(recorder):
                client.get(url)
            if name == "dashboard":
                dashboard_sql = [
                    (sql, params) for sql, params in recorder.queries if _is_aggregate(sql)
                ]
            timings = self.time(lambda client=client, url=url: client.get(url), repeat)
            yield self.line(vendor, name, size, timings, len(recorder.queries))
        timings = self.time(lambda: self.run_sql(dashboard_sql), repeat)
        yield self.line(vendor, "dashboard_sql_floor", size, timings, len(dashboard_sql))

    def measure_import(self, vendor, coordinator, *, rows, repeat):
        """Upload (preview) and confirm (import) a CSV file of `rows` new people, through
        the pages, into the last locality; each round is rolled back."""
        header = "שם פרטי,שם משפחה,סוג,טלפון,דוא״ל,הסכמה,הערות"
        lines = [
            f"שם{n},משפחה{n},תושב/ת,053{n + 1000000:07d},new{n}@example.org,סבילה,"
            for n in range(rows)
        ]
        content = ("\ufeff" + "\r\n".join([header, *lines])).encode("utf-8")
        client = Client()
        client.force_login(coordinator)
        timings = {"import_preview": [], "import_write": []}
        queries = {}
        for _round in range(repeat):
            with transaction.atomic():
                upload = io.BytesIO(content)
                upload.name = "bench.csv"
                recorder = _Recorder()
                started = time.perf_counter()
                with connection.execute_wrapper(recorder):
                    response = client.post(
                        reverse("stakeholders:import_start"),
                        {"kind": "stakeholders", "file": upload, "default_kind": "resident"},
                    )
                timings["import_preview"].append((time.perf_counter() - started) * 1000)
                queries["import_preview"] = len(recorder.queries)
                if response.status_code != 302:
                    raise CommandError(f"import preview: HTTP {response.status_code}")
                recorder = _Recorder()
                started = time.perf_counter()
                with connection.execute_wrapper(recorder):
                    client.post(response.url.rstrip("/") + "/confirm/")
                timings["import_write"].append((time.perf_counter() - started) * 1000)
                queries["import_write"] = len(recorder.queries)
                transaction.set_rollback(True)
        for name, values in timings.items():
            yield self.line(vendor, name, rows, values, queries[name])

    @staticmethod
    def run_sql(statements):
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                cursor.fetchall()

    @staticmethod
    def time(action, repeat):
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            action()
            timings.append((time.perf_counter() - started) * 1000)
        return timings

    @staticmethod
    def line(vendor, name, size, timings, queries):
        p50 = statistics.median(timings)
        p95 = statistics.quantiles(timings, n=20, method="inclusive")[-1]
        return (
            f"BENCH db={vendor} page={name} n={size} p50_ms={p50:.1f} p95_ms={p95:.1f} "
            f"queries={queries}"
        )


class _Recorder:
    """Counts and keeps every statement a request runs (works with DEBUG off)."""

    def __init__(self):
        self.queries = []

    def __call__(self, execute, sql, params, many, context):
        self.queries.append((sql, params))
        return execute(sql, params, many, context)


def _is_aggregate(sql):
    """The dashboard's own data queries, not the session, user and access look-ups."""
    lowered = sql.lower().strip()
    if not lowered.startswith("select"):
        return False
    bookkeeping = ['"django_session"', 'from "auth_user"', '"stakeholders_localityaccess"']
    if any(table in lowered for table in bookkeeping):
        return False
    return not lowered.startswith('select "stakeholders_locality".')
