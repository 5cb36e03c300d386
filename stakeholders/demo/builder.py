"""Building the demo locality: `DemoBuilder` turns the tables of `data` and `texts` into
records, deterministically (a fixed random seed) and dated relative to today.

Seats are created only through `services.membership_add` and consent only through
`Stakeholder.change_consent`, in chronological order per person, so the demo data obeys the
same rules as data entered by coordinators. Every record of a model that keeps a change
history (django-simple-history) has its "+" (created) row there, as if entered one by one; bulk
creates go through `create_with_history` for that.
"""

import datetime
import random
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db.models import ProtectedError
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from stakeholders import services
from stakeholders.demo.data import (
    COMMITTEES,
    COMMUNITY_GROUPS,
    DEMO_CHANGE_REASON,
    DEMO_DISTRICT,
    DEMO_NAME,
    DEMO_SLUG,
    DIVISIONS,
    FEMALE_FIRST_NAMES,
    FIXED_OFFICIALS,
    GROUP_LEADER_TITLES,
    HEAD,
    INDEPENDENT_INFLUENCERS,
    LAST_NAMES,
    MALE_FIRST_NAMES,
    NEIGHBOURHOODS,
    OPEN_TEAMS,
    ORGANISATIONS,
    SEED,
    SERVICE_PROVIDERS,
    STAFF_OFFICIAL,
    STEERING_COMMITTEE,
    TASK_TEAMS,
)
from stakeholders.demo.texts import (
    ACTIVE_NOTES,
    BURNED_FAILED_NOTES,
    BURNED_PARTIAL_NOTES,
    FOLLOW_UP_TEXTS,
    INFLUENCE_NOTES,
    LEFT_SEAT_NOTES,
    NO_ANSWER_SUMMARIES,
    OFFICIAL_NOTES,
    OPPOSED_NOTES,
    OUTCOME_SUFFIX,
    PASSIVE_NOTES,
    PERSONALITY_NOTES,
    REGIONAL_NOTES,
    RESIDENT_NOTES,
    SUMMARIES,
)
from stakeholders.enums import SeatRole
from stakeholders.models import (
    BurnedStakeholder,
    Committee,
    ConsentChange,
    ConsentLevel,
    FollowUp,
    Interaction,
    Locality,
    Membership,
    Organisation,
    PastProcess,
    Relationship,
    Representation,
    SeatRequest,
    Sector,
    Stakeholder,
)
from stakeholders.phones import normalize_israeli_phone

Kind = Stakeholder.Kind
Position = Stakeholder.Position
Basis = Stakeholder.InfluenceBasis
OrgKind = Organisation.Kind
Scope = Organisation.Scope
Evidence = ConsentChange.Evidence

BATCH_SIZE = 500


@dataclass
class Person:
    """A stakeholder being built, with what the plan needs to know about them."""

    obj: Stakeholder
    gender: str
    key: str = ""
    target: str = ConsentLevel.UNKNOWN
    seats: list = field(default_factory=list)


@dataclass(eq=False)
class Seat:
    """A planned seat: created with membership_add on `start`, closed on `left_on` if set."""

    person: Person
    committee: Committee
    role: str
    start: datetime.date
    term_end: datetime.date | None = None
    left_on: datetime.date | None = None
    membership: Membership | None = None


@dataclass(order=True)
class Event:
    at: datetime.datetime
    seq: int
    action: object = field(compare=False)


def delete_locality(locality):
    """Delete the locality and everything in it. Locality PROTECTs these; the rest cascades."""
    try:
        Relationship.objects.filter(locality=locality).delete()
        PastProcess.objects.filter(locality=locality).delete()  # and its burned stakeholders
        Committee.objects.filter(locality=locality).delete()  # and their memberships
        # Stakeholders take their consent history, interactions, follow-ups and representations.
        Stakeholder.objects.filter(locality=locality).delete()
        Organisation.objects.filter(locality=locality).delete()
        locality.delete()  # and its accesses
    except ProtectedError as error:
        raise CommandError(f"Could not delete the demo locality: {error}") from error


def locality_counts(locality):
    return [
        ("stakeholders", Stakeholder.objects.filter(locality=locality).count()),
        ("organisations", Organisation.objects.filter(locality=locality).count()),
        ("representations", Representation.objects.in_locality(locality).count()),
        ("committees & task teams", Committee.objects.filter(locality=locality).count()),
        ("memberships", Membership.objects.in_locality(locality).count()),
        ("consent changes", ConsentChange.objects.in_locality(locality).count()),
        ("relationships", Relationship.objects.filter(locality=locality).count()),
        ("past processes", PastProcess.objects.filter(locality=locality).count()),
        ("burned stakeholders", BurnedStakeholder.objects.in_locality(locality).count()),
        ("interactions", Interaction.objects.in_locality(locality).count()),
        ("follow-ups", FollowUp.objects.in_locality(locality).count()),
    ]


GENDERED = re.compile(r"\{([^{}|]*)\|([^{}|]*)\}")


def gendered(text, gender):
    """Resolve "{masculine|feminine}" alternatives for a man ("m") or a woman ("f")."""
    return GENDERED.sub(lambda match: match.group(1 if gender == "m" else 2), text)


class DemoBuilder:
    def __init__(self, users):
        self.rng = random.Random(SEED)
        self.today = timezone.localdate()
        self.admin = users["admin"]
        self.coordinator = users["coordinator"]
        self.used_names = {(STAFF_OFFICIAL["first_name"], STAFF_OFFICIAL["last_name"])}
        self.used_phones = set()
        self.email_counter = 100
        self.people = []
        self.by_key = {}
        self.orgs = {}
        self.representations = []
        self.staff_official = None

    # Small helpers

    def day(self, days_ago):
        return self.today - datetime.timedelta(days=days_ago)

    def moment(self, day, hour=None):
        """An aware datetime on a past day, during working hours."""
        hour = self.rng.randint(10, 17) if hour is None else hour
        naive = datetime.datetime.combine(day, datetime.time(hour, self.rng.randrange(0, 60, 5)))
        return timezone.make_aware(naive)

    def name(self, gender):
        firsts = MALE_FIRST_NAMES if gender == "m" else FEMALE_FIRST_NAMES
        while True:
            pair = (self.rng.choice(firsts), self.rng.choice(LAST_NAMES))
            if pair not in self.used_names:
                self.used_names.add(pair)
                return pair

    def phone(self, landline=False):
        while True:
            if landline:
                typed = f"04-{self.rng.randint(6000000, 9999999)}"
            else:
                prefix = self.rng.choice(["050", "052", "053", "054", "058"])
                typed = f"{prefix}-{self.rng.randint(2000000, 9999999)}"
            try:
                number = normalize_israeli_phone(typed)
            except ValidationError:
                continue
            if number not in self.used_phones:
                self.used_phones.add(number)
                return number

    def email(self):
        self.email_counter += 1
        domain = self.rng.choice(["example.org", "example.com"])
        return f"user{self.email_counter}@{domain}"

    def person(self, kind, gender=None, key="", notes_from=(), note_chance=0.4, **fields):
        gender = gender or self.rng.choice("mf")
        if "first_name" not in fields:
            fields["first_name"], fields["last_name"] = self.name(gender)
        if "phone" not in fields:
            has_phone = self.rng.random() < 0.9
            landline = kind == Kind.OFFICIAL and self.rng.random() < 0.4
            fields["phone"] = self.phone(landline) if has_phone else ""
        if "email" not in fields:
            fields["email"] = self.email() if self.rng.random() < 0.85 else ""
        if "notes" not in fields:
            use_note = notes_from and self.rng.random() < note_chance
            fields["notes"] = gendered(self.rng.choice(notes_from), gender) if use_note else ""
        obj = Stakeholder(locality=self.locality, kind=kind, created_by=self.coordinator, **fields)
        person = Person(obj=obj, gender=gender, key=key)
        self.people.append(person)
        if key:
            self.by_key[key] = person
        return person

    def create_with_history(self, model, objs):
        """Bulk-create records of a model that keeps a change history, with each record's
        "+" (created) row in it, as saving one by one would write: bulk_create alone writes
        none. The rows are the coordinator's, with the reason DEMO_CHANGE_REASON."""
        return bulk_create_with_history(
            objs,
            model,
            batch_size=BATCH_SIZE,
            default_user=self.coordinator,
            default_change_reason=DEMO_CHANGE_REASON,
        )

    # The build, in order

    def build(self):
        self.locality = Locality(name=DEMO_NAME, slug=DEMO_SLUG, district=DEMO_DISTRICT)
        self.locality.full_clean()
        self.locality.save()
        self.build_organisations()
        self.build_stakeholders()
        self.build_committees()
        self.plan_seats()
        self.plan_consent_targets()
        self.run_timeline()
        self.build_relationships()
        self.build_history()
        self.build_interactions()
        self.build_seat_requests()
        return self.locality

    def build_organisations(self):
        rows = [(key, name, sector, scope, kind, website)
                for key, name, sector, scope, kind, _titles, website in ORGANISATIONS]  # fmt: skip
        for key, name in COMMUNITY_GROUPS:
            rows.append((key, name, Sector.SOCIAL, Scope.LOCAL, OrgKind.COMMUNITY_GROUP, ""))
        objs = []
        for key, name, sector, scope, kind, website in rows:
            org = Organisation(
                locality=self.locality,
                name=name,
                sector=sector,
                scope=scope,
                kind=kind,
                website=website,
            )
            org.full_clean()
            objs.append(org)
            self.orgs[key] = org
        self.create_with_history(Organisation, objs)

    def build_stakeholders(self):
        rng = self.rng
        # Municipal officials: senior staff, elected, division and department heads, providers.
        for key, position, division, titles, influence in FIXED_OFFICIALS:
            gender = rng.choice("mf")
            self.person(
                Kind.OFFICIAL,
                gender=gender,
                key=key,
                notes_from=OFFICIAL_NOTES,
                sector=Sector.PUBLIC,
                division=division,
                position=position,
                job_title=titles[gender == "f"],
                influence_level=max(1, influence - rng.randint(0, 1)),
                influence_basis=Basis.BOTH if rng.random() < 0.2 else Basis.POSITION,
            )
        staff = {k: v for k, v in STAFF_OFFICIAL.items() if k != "gender"}
        self.staff_person = self.person(
            Kind.OFFICIAL,
            gender=STAFF_OFFICIAL["gender"],
            key="staff_official",
            sector=Sector.PUBLIC,
            phone=self.phone(landline=True),
            email="orit.office@example.org",
            influence_level=4,
            influence_basis=Basis.BOTH,
            notes="מובילה את שילוב התוכנית באגף; נקודת קשר מרכזית לצוותי המשימה.",
            **staff,
        )
        for index, division in enumerate(DIVISIONS):
            if index:  # the first division's head is the staff official
                gender = rng.choice("mf")
                self.person(
                    Kind.OFFICIAL,
                    gender=gender,
                    key=f"division{index}",
                    notes_from=OFFICIAL_NOTES,
                    sector=Sector.PUBLIC,
                    division=division,
                    position=Position.DIVISION_HEAD,
                    job_title=f"{HEAD[gender == 'f']} {division}",
                    influence_level=rng.randint(3, 5),
                    influence_basis=Basis.POSITION,
                )
            for department in DIVISIONS[division]:
                gender = rng.choice("mf")
                self.person(
                    Kind.OFFICIAL,
                    gender=gender,
                    notes_from=OFFICIAL_NOTES,
                    sector=Sector.PUBLIC,
                    division=division,
                    department=department,
                    position=Position.DEPARTMENT_HEAD,
                    job_title=f"{HEAD[gender == 'f']} {department}",
                    influence_level=rng.randint(2, 4),
                    influence_basis=Basis.PERSONALITY if rng.random() < 0.1 else Basis.POSITION,
                )
        division_of = {dep: div for div, deps in DIVISIONS.items() for dep in deps}
        for department, titles in SERVICE_PROVIDERS:
            gender = rng.choice("mf")
            personality = rng.random() < 0.25
            self.person(
                Kind.OFFICIAL,
                gender=gender,
                notes_from=PERSONALITY_NOTES if personality else OFFICIAL_NOTES,
                note_chance=0.8 if personality else 0.3,
                sector=Sector.PUBLIC,
                division=division_of[department],
                department=department,
                position=Position.SERVICE_PROVIDER,
                job_title=titles[gender == "f"],
                influence_level=rng.randint(3, 4) if personality else rng.randint(1, 3),
                influence_basis=Basis.PERSONALITY if personality else Basis.POSITION,
            )

        # Centres of influence and regional bodies: the people who speak for organisations.
        for key, _name, _sector, scope, _kind, titles, _website in ORGANISATIONS:
            org = self.orgs[key]
            kind = Kind.INFLUENCE_CENTRE if scope == Scope.LOCAL else Kind.REGIONAL_BODY
            notes = INFLUENCE_NOTES if kind == Kind.INFLUENCE_CENTRE else REGIONAL_NOTES
            for number, title_pair in enumerate(titles):
                gender = rng.choice("mf")
                title = title_pair[gender == "f"]
                person = self.person(
                    kind,
                    gender=gender,
                    key=f"{key}{number}",
                    notes_from=notes,
                    sector=org.sector,
                    job_title=title,
                    influence_level=rng.randint(3, 5) if number == 0 else rng.randint(2, 4),
                    influence_basis=Basis.BOTH if rng.random() < 0.1 else Basis.POSITION,
                )
                self.representations.append((person, org, title))
        for key, _name in COMMUNITY_GROUPS:
            gender = rng.choice("mf")
            title = GROUP_LEADER_TITLES[rng.randint(0, 1)][gender == "f"]
            person = self.person(
                Kind.INFLUENCE_CENTRE,
                gender=gender,
                key=f"{key}_leader",
                notes_from=PERSONALITY_NOTES,
                note_chance=0.6,
                sector=Sector.SOCIAL,
                community=self.orgs[key].name,
                is_social_activist=True,
                job_title=title,
                influence_level=rng.randint(3, 5),
                influence_basis=rng.choice([Basis.PERSONALITY, Basis.BOTH]),
            )
            self.representations.append((person, self.orgs[key], title))
        for sector, titles, basis in INDEPENDENT_INFLUENCERS:
            gender = rng.choice("mf")
            self.person(
                Kind.INFLUENCE_CENTRE,
                gender=gender,
                notes_from=PERSONALITY_NOTES if basis != Basis.POSITION else INFLUENCE_NOTES,
                note_chance=0.7,
                sector=sector,
                job_title=titles[gender == "f"],
                influence_level=rng.randint(3, 5),
                influence_basis=basis,
            )

        # Residents and communities: the rest of the ~200, in neighbourhoods and groups.
        group_keys = [key for key, _name in COMMUNITY_GROUPS]
        while len(self.people) < 200:
            gender = rng.choice("mf")
            activist = rng.random() < 0.3
            group = rng.choice(group_keys) if rng.random() < 0.5 else ""
            community = self.orgs[group].name if group else rng.choice(NEIGHBOURHOODS)
            # Influential by personality, not position: the people the guide says to seek out.
            draw = rng.random()
            if activist and draw < 0.55:
                level, basis = rng.randint(3, 5), Basis.PERSONALITY
            elif activist and draw < 0.75:
                level, basis = rng.randint(2, 3), Basis.BOTH
            elif not activist and draw < 0.15:
                level, basis = rng.randint(1, 2), Basis.PERSONALITY
            else:
                level, basis = None, Basis.UNKNOWN
            person = self.person(
                Kind.RESIDENT,
                gender=gender,
                notes_from=PERSONALITY_NOTES if basis == Basis.PERSONALITY else RESIDENT_NOTES,
                sector=Sector.SOCIAL,
                community=community,
                is_social_activist=activist,
                influence_level=level,
                influence_basis=basis,
            )
            if group:
                titles = ("פעיל", "פעילה") if activist else ("חבר", "חברה")
                self.representations.append((person, self.orgs[group], titles[gender == "f"]))

        objs = [person.obj for person in self.people]
        for obj in objs:
            obj.full_clean()
        self.create_with_history(Stakeholder, objs)
        self.staff_official = self.staff_person.obj
        Representation.objects.bulk_create(
            Representation(stakeholder=person.obj, organisation=org, role=title)
            for person, org, title in self.representations
        )

    def build_committees(self):
        def make(name, kind, description, parent=None):
            committee = Committee(
                locality=self.locality,
                name=name,
                kind=kind,
                description=description,
                parent=parent,
                # Two teams still look for members, so the staff page has teams to offer.
                accepting_members=name in OPEN_TEAMS,
            )
            committee.full_clean()
            committee.save()
            return committee

        name, description = STEERING_COMMITTEE
        self.steering = make(name, Committee.Kind.STEERING, description)
        self.committees = {
            key: make(name, Committee.Kind.COMMITTEE, description)
            for key, (name, description) in COMMITTEES.items()
        }
        parents = {"steering": self.steering, **self.committees}
        self.task_teams = {
            key: make(name, Committee.Kind.TASK_TEAM, description, parents.get(parent))
            for key, (name, description, parent) in TASK_TEAMS.items()
        }

    def build_seat_requests(self):
        """Requests from officials waiting in the coordinators' queue: one to join an open
        team (the demo staff login's own), one to leave, one to become chair."""
        staff_seats = Membership.objects.current().filter(stakeholder=self.staff_official)
        team = (
            Committee.objects.open_to_requests()
            .filter(locality=self.locality)
            .exclude(pk__in=staff_seats.values("committee"))
            .order_by("name")
            .first()
        )
        requests = []
        if team:
            requests.append((self.staff_official, team, None, SeatRequest.Kind.JOIN, "member"))
        seats = (
            Membership.objects.current()
            .filter(committee__locality=self.locality, stakeholder__kind=Kind.OFFICIAL)
            .exclude(stakeholder=self.staff_official)
            .filter(role=SeatRole.MEMBER)
            .select_related("stakeholder", "committee")
            .order_by("pk")
        )
        for seat, kind, role in zip(
            seats[:2], [SeatRequest.Kind.LEAVE, SeatRequest.Kind.ROLE], ["", "chair"], strict=False
        ):
            requests.append((seat.stakeholder, seat.committee, seat, kind, role))
        notes = {
            SeatRequest.Kind.JOIN: "אשמח לתרום מהניסיון של האגף.",
            SeatRequest.Kind.LEAVE: "עברתי לתפקיד אחר ואין לי זמן לישיבות.",
            SeatRequest.Kind.ROLE: "אני מוכנה לרכז את הצוות בשנה הקרובה.",
        }
        for person, committee, seat, kind, role in requests:
            request = SeatRequest(
                locality=self.locality,
                stakeholder=person,
                committee=committee,
                membership=seat,
                kind=kind,
                role=role,
                note=notes[kind],
            )
            request.full_clean()
            request.save()

    def plan_seats(self):
        rng = self.rng
        officials = [p for p in self.people if p.obj.kind == Kind.OFFICIAL]
        residents = [p for p in self.people if p.obj.kind == Kind.RESIDENT]
        activists = [p for p in residents if p.obj.is_social_activist]
        influence = [p for p in self.people if p.obj.kind == Kind.INFLUENCE_CENTRE]
        regional = [p for p in self.people if p.obj.kind == Kind.REGIONAL_BODY]
        key = self.by_key
        self.seats = []

        def seat(person, committee, role, formed_days_ago):
            joined = formed_days_ago if rng.random() < 0.75 else rng.randint(5, formed_days_ago)
            self.seats.append(Seat(person, committee, role, self.day(joined)))

        def fill(committee, formed, picks, chair=None):
            seated = {id(s.person) for s in self.seats if s.committee is committee}
            if chair:
                seat(chair, committee, SeatRole.CHAIR, formed)
                seated.add(id(chair))
            for pool, count in picks:
                candidates = [p for p in pool if id(p) not in seated]
                for person in rng.sample(candidates, min(count, len(candidates))):
                    role = SeatRole.OBSERVER if rng.random() < 0.08 else SeatRole.MEMBER
                    seat(person, committee, role, formed)
                    seated.add(id(person))

        # The steering committee: senior officials, the big local bodies, regional partners and
        # residents from the very start.
        steering_formed = 165
        seat(key["ceo"], self.steering, SeatRole.CHAIR, steering_formed)
        seat(key["mayor"], self.steering, SeatRole.EX_OFFICIO, steering_formed)
        for name in ("staff_official", "division1", "cc0", "college0", "welfare_min0",
                     "biz_assoc0", "regional_fund0", "parents_leader"):  # fmt: skip
            seat(key[name], self.steering, SeatRole.MEMBER, steering_formed)
        fill(self.steering, steering_formed, [(activists, 3)])

        committee_plan = {
            "education": ("division1", [(officials, 2), (influence, 2), (regional, 1)]),
            "welfare": ("staff_official", [(officials, 2), (influence, 2), (regional, 1)]),
            "economy": ("econ0", [(officials, 1), (influence, 3), (regional, 1)]),
            "youth": ("cc0", [(officials, 2), (influence, 1), (regional, 1)]),
        }
        for name, (chair, picks) in committee_plan.items():
            formed = rng.randint(110, 140)
            fill(
                self.committees[name],
                formed,
                [*picks, (activists, 2), (residents, 2)],
                chair=key[chair],
            )
        for name, committee in self.task_teams.items():
            formed = rng.randint(25, 95)
            chair = key["staff_official"] if name == "seniors" else rng.choice(activists)
            fill(committee, formed, [(officials, 1), (influence, 1), (residents, 3)], chair=chair)

        # Terms: some end soon (the coordinator should be warned), a few already ended and were
        # not closed yet, some run for a year, most have no fixed term.
        for planned in self.seats:
            draw = rng.random()
            if draw < 0.12:
                planned.term_end = self.today + datetime.timedelta(days=rng.randint(5, 30))
            elif draw < 0.15 and (self.today - planned.start).days > 30:
                planned.term_end = self.today - datetime.timedelta(days=rng.randint(2, 10))
            elif draw < 0.35:
                planned.term_end = self.today + datetime.timedelta(days=rng.randint(120, 365))
        # Some people left their seat; the row stays as the body's history.
        closable = [
            planned for planned in self.seats
            if planned.role != SeatRole.CHAIR and planned.person is not self.staff_person
            and (self.today - planned.start).days > 40
        ]  # fmt: skip
        for planned in rng.sample(closable, 7):
            days_on = (self.today - planned.start).days
            planned.left_on = planned.start + datetime.timedelta(days=rng.randint(20, days_on - 5))
            planned.term_end = None
        for planned in self.seats:
            planned.person.seats.append(planned)

    def plan_consent_targets(self):
        """Where each person without a current seat ends up; a current seat means active."""
        weights = {
            # Officials: mostly passive or active, just short of the locality's target of most
            # officials active, so the dashboard has something left to do.
            Kind.OFFICIAL: [0.10, 0.08, 0.62, 0.20],
            Kind.RESIDENT: [0.40, 0.08, 0.32, 0.20],
            Kind.INFLUENCE_CENTRE: [0.20, 0.10, 0.35, 0.35],
            Kind.REGIONAL_BODY: [0.30, 0.05, 0.40, 0.25],
        }
        levels = [
            ConsentLevel.UNKNOWN,
            ConsentLevel.OPPOSED,
            ConsentLevel.PASSIVE,
            ConsentLevel.ACTIVE,
        ]
        for person in self.people:
            if any(planned.left_on is None for planned in person.seats):
                person.target = ConsentLevel.ACTIVE
            elif person.seats:
                person.target = self.rng.choice([ConsentLevel.ACTIVE, ConsentLevel.PASSIVE])
            else:
                person.target = self.rng.choices(levels, weights[person.obj.kind])[0]

    def consent_path(self, person):
        """The manual consent steps (before any seat) that lead to the person's level."""
        unknown, opposed, passive, active = (
            ConsentLevel.UNKNOWN,
            ConsentLevel.OPPOSED,
            ConsentLevel.PASSIVE,
            ConsentLevel.ACTIVE,
        )
        if person.seats:
            # The seat itself records active consent (membership_add).
            options = [[], [passive], [passive], [opposed, passive]]
        else:
            options = {
                unknown: [[]],
                opposed: [[opposed], [passive, opposed]],
                passive: [[passive], [passive], [opposed, passive]],
                active: [[active], [passive, active], [opposed, passive, active]],
            }[person.target]
        return self.rng.choice(options)

    def consent_step(self, person, level, at):
        """An event that records one manual consent change."""
        rng = self.rng
        evidence = Evidence.NONE
        if level == ConsentLevel.ACTIVE:
            if person.obj.kind == Kind.OFFICIAL:
                evidence = rng.choice([Evidence.PROMOTES, Evidence.EMBEDS])
            else:
                evidence = rng.choice([Evidence.PROMOTES, Evidence.OTHER])
            note = rng.choice(ACTIVE_NOTES[evidence])
        elif level == ConsentLevel.OPPOSED:
            note = rng.choice(OPPOSED_NOTES)
        else:
            note = rng.choice(PASSIVE_NOTES)
        by = self.coordinator if rng.random() < 0.85 else self.admin
        note = gendered(note, person.gender)

        def action():
            person.obj.change_consent(level=level, by=by, evidence=evidence, note=note, at=at)

        return action

    def run_timeline(self):
        """Seats, closings and consent changes, applied in date order."""
        rng = self.rng
        events = []

        def add(at, action):
            events.append(Event(at, len(events), action))

        for person in self.people:
            path = self.consent_path(person)
            if person.seats:
                first_seat = max((self.today - planned.start).days for planned in person.seats)
                latest, earliest = first_seat + 2, min(first_seat + 45, 185)
            else:
                latest, earliest = 1, 180
            if path and earliest >= latest + len(path):
                days = sorted(rng.sample(range(latest, earliest + 1), len(path)), reverse=True)
                for level, days_ago in zip(path, days, strict=True):
                    at = self.moment(self.day(days_ago))
                    add(at, self.consent_step(person, level, at))
            for planned in person.seats:
                # membership_add dates the seat's consent change at 09:00 of its first day.
                seat_at = datetime.datetime.combine(planned.start, datetime.time(9, 0))
                add(timezone.make_aware(seat_at), self.seat_action(planned))
                if planned.left_on:
                    add(self.moment(planned.left_on, hour=18), self.close_action(planned))
            if person.seats and person.target == ConsentLevel.PASSIVE:
                # Left every seat and stepped back: passive after the last one closed.
                left = max(planned.left_on for planned in person.seats)
                if left < self.day(2):
                    at = self.moment(left + datetime.timedelta(days=1))
                    note = gendered(rng.choice(LEFT_SEAT_NOTES), person.gender)
                    add(at, self.left_action(person, at, note))
            elif person.seats and person.obj.kind == Kind.OFFICIAL and rng.random() < 0.3:
                # Active officials also promote the program or embed it in their division.
                first = min(planned.start for planned in person.seats)
                gap = (self.today - first).days
                if gap > 10:
                    at = self.moment(first + datetime.timedelta(days=rng.randint(5, gap - 2)))
                    add(at, self.consent_step(person, ConsentLevel.ACTIVE, at))
        for event in sorted(events):
            event.action()

    def seat_action(self, planned):
        def action():
            planned.membership = services.membership_add(
                stakeholder=planned.person.obj,
                committee=planned.committee,
                role=planned.role,
                by=self.coordinator,
                start_date=planned.start,
                term_end_date=planned.term_end,
                reason=DEMO_CHANGE_REASON,
            )

        return action

    def close_action(self, planned):
        def action():
            services.membership_close(
                membership=planned.membership, end_date=planned.left_on, reason=DEMO_CHANGE_REASON
            )

        return action

    def left_action(self, person, at, note):
        def action():
            person.obj.change_consent(
                level=ConsentLevel.PASSIVE, by=self.coordinator, note=note, at=at
            )

        return action

    def build_relationships(self):
        rng = self.rng
        key = self.by_key
        officials = [p for p in self.people if p.obj.kind == Kind.OFFICIAL]
        residents = [p for p in self.people if p.obj.kind == Kind.RESIDENT]
        rows = []
        seen = set()
        R = Relationship.Kind

        def link(source, target, kind, sensitive=False, note=""):
            ends = (id(source), id(target), kind)
            if source is target or ends in seen:
                return
            seen.add(ends)
            fields = {"kind": kind, "sensitive": sensitive, "note": note}
            for side, party in (("from", source), ("to", target)):
                if isinstance(party, Person):
                    fields[f"{side}_stakeholder"] = party.obj
                else:
                    fields[f"{side}_organisation"] = party
            relationship = Relationship(
                locality=self.locality, created_by=self.coordinator, **fields
            )
            relationship.full_clean()
            rows.append(relationship)

        # Reporting lines inside the authority.
        heads = {p.obj.division: p for p in officials if p.obj.position == Position.DIVISION_HEAD}
        for person in officials:
            if person.obj.position == Position.DEPARTMENT_HEAD and rng.random() < 0.5:
                link(person, heads[person.obj.division], R.REPORTS_TO)
        for division in list(heads)[1:]:
            if rng.random() < 0.6:
                link(heads[division], key["ceo"], R.REPORTS_TO)
        # Sensitive ties: what the guide asks coordinators to know before they walk in.
        link(
            key["ceo"],
            key["division2"],
            R.TENSION,
            True,
            "מתח מתמשך סביב חלוקת התקציבים בין האגפים; לא לזמן לאותה פגישה בלי הכנה.",
        )
        link(
            key["division1"],
            key["staff_official"],
            R.TENSION,
            True,
            "מחלוקת ישנה על האחריות לתוכניות הנוער.",
        )
        link(key["mayor"], key["councillor1"], R.TENSION, True, "יריבות פוליטית מהבחירות האחרונות.")
        link(
            key["parents_leader"],
            key["committee_nv_leader"],
            R.TENSION,
            True,
            "שתי ההתארגנויות מתחרות על אותו מבנה ציבור.",
        )
        link(
            key["cc0"],
            key["good_neighbours0"],
            R.TENSION,
            True,
            'חיכוך סביב תוכניות מתנדבים חופפות במתנ"ס ובעמותה.',
        )
        link(
            key["treasurer"],
            rng.choice(residents),
            R.FAMILY,
            True,
            "קרבה משפחתית; לשים לב לניגוד עניינים בהחלטות תקציב.",
        )
        link(key["deputy"], key["tech0"], R.FAMILY, True, "בני דודים.")
        link(
            self.orgs["good_neighbours"],
            self.orgs["hand_in_hand"],
            R.TENSION,
            True,
            "שתי העמותות פנו לאותה קרן; היחסים מתוחים מאז.",
        )
        link(
            key["welfare_holder"],
            self.orgs["local_fund"],
            R.OTHER,
            True,
            gendered("{חבר|חברה} לשעבר בהנהלת הקרן.", key["welfare_holder"].gender),
        )
        # Alliances and working ties.
        link(key["staff_official"], key["welfare_min0"], R.WORKS_WITH)
        link(key["cc0"], key["college1"], R.ALLY, note="שותפות ותיקה בתוכניות מעורבות סטודנטים.")
        link(key["mayor"], key["aide"], R.ALLY)
        link(key["biz_assoc0"], key["chamber0"], R.WORKS_WITH)
        link(self.orgs["cc"], self.orgs["good_neighbours"], R.WORKS_WITH)
        link(
            self.orgs["college"],
            self.orgs["school3"],
            R.WORKS_WITH,
            note="סטודנטים מהמכללה חונכים תלמידים בתיכון.",
        )
        link(self.orgs["regional_fund"], self.orgs["cc"], R.ALLY, note="מממנת את תוכנית הצעירים.")
        link(self.orgs["factory"], self.orgs["water"], R.OTHER)
        link(key["division1"], self.orgs["school1"], R.WORKS_WITH)
        link(key["division1"], self.orgs["school2"], R.WORKS_WITH)
        link(key["econ0"], self.orgs["biz_assoc"], R.WORKS_WITH)
        for leader_key in ("women_leader", "volunteers_leader", "young_leader", "seniors_leader"):
            link(key[leader_key], self.orgs["cc"], R.WORKS_WITH)
        activists = [p for p in residents if p.obj.is_social_activist]
        for _ in range(10):
            first, second = rng.sample(activists, 2)
            link(first, second, R.ALLY)
        for _ in range(4):
            link(
                rng.choice(residents),
                rng.choice(officials),
                R.TENSION,
                rng.random() < 0.5,
                "טענות על טיפול בפנייה קודמת.",
            )
        for _ in range(3):
            first, second = rng.sample(residents, 2)
            link(first, second, R.FAMILY)  # fmt: skip
        self.create_with_history(Relationship, rows)

    def build_history(self):
        """Two earlier processes in the locality, and the people they burned."""
        rng = self.rng
        year = self.today.year
        failed = PastProcess(
            locality=self.locality,
            name="השולחן העגול העירוני",
            start_year=year - 8,
            end_year=year - 6,
            outcome=PastProcess.Outcome.FAILED,
            description=(
                "שולחן עגול רב-מגזרי שהוקם ביוזמת העירייה. אחרי חילופי הנהלה הפסיק להתכנס בלי "
                "הודעה, והתושבים שהשקיעו בו הרגישו שלא הקשיבו להם."
            ),
            lessons="לא להבטיח יותר ממה שאפשר לקיים; לעדכן את המשתתפים גם כשאין התקדמות.",
        )
        partial = PastProcess(
            locality=self.locality,
            name="תוכנית ההתחדשות של שכונת הוותיקים",
            start_year=year - 4,
            end_year=year - 2,
            outcome=PastProcess.Outcome.PARTIAL,
            description=(
                "שיפוץ המרחב הציבורי בשכונה הושלם, אבל מרכז הקהילה שהובטח לא נבנה. חלק "
                "מהפעילים פרשו בתחושת אכזבה."
            ),
            lessons="לשתף את התושבים בהחלטות התקציב ולא רק בתכנון.",
        )
        for process in (failed, partial):
            process.full_clean()
            process.save()
        skeptical = [
            p for p in self.people
            if p.target in (ConsentLevel.OPPOSED, ConsentLevel.PASSIVE)
            and p.obj.kind in (Kind.RESIDENT, Kind.OFFICIAL, Kind.INFLUENCE_CENTRE)
        ]  # fmt: skip
        seated = [p for p in self.people if p.seats and p.obj.kind == Kind.RESIDENT]
        burns = []
        for process, count, notes in (
            (failed, 6, BURNED_FAILED_NOTES),
            (partial, 5, BURNED_PARTIAL_NOTES),
        ):
            chosen = rng.sample(skeptical, count - 1) + rng.sample(seated, 1)
            for person in chosen:
                note = gendered(rng.choice(notes), person.gender)
                burns.append(BurnedStakeholder(process=process, stakeholder=person.obj, note=note))
        BurnedStakeholder.objects.bulk_create(burns)

    def build_interactions(self):
        rng = self.rng
        Channel = Interaction.Channel
        Outcome = Interaction.Outcome
        interactions = []
        for person in self.people:
            if person.target == ConsentLevel.UNKNOWN and not person.seats:
                count = 1 if rng.random() < 0.35 else 0
            else:
                count = rng.randint(1, 3)
            for _ in range(count):
                channel = rng.choices(list(Channel), [4, 3, 2, 1, 1])[0]
                if person.target == ConsentLevel.UNKNOWN and not person.seats:
                    outcome = (
                        Outcome.NO_ANSWER if channel in NO_ANSWER_SUMMARIES else Outcome.NEUTRAL
                    )
                elif person.target == ConsentLevel.OPPOSED:
                    outcome = rng.choice([Outcome.NEGATIVE, Outcome.NEGATIVE, Outcome.NEUTRAL])
                else:
                    outcome = rng.choices(list(Outcome), [5, 3, 1, 1])[0]
                if outcome == Outcome.NO_ANSWER and channel not in NO_ANSWER_SUMMARIES:
                    outcome = Outcome.NEUTRAL
                if outcome == Outcome.NO_ANSWER:
                    summary = NO_ANSWER_SUMMARIES[channel]
                else:
                    summary = rng.choice(SUMMARIES[channel]) + OUTCOME_SUFFIX[outcome]
                days_ago = rng.randint(1, 175)
                interactions.append(
                    Interaction(
                        stakeholder=person.obj,
                        occurred_at=self.moment(self.day(days_ago), hour=rng.randint(8, 19)),
                        channel=channel,
                        summary=summary,
                        outcome=outcome,
                        recorded_by=self.coordinator if rng.random() < 0.9 else self.admin,
                    )
                )
        services.interactions_bulk_create(interactions=interactions)

        follow_ups = []
        order = list(range(len(interactions)))
        rng.shuffle(order)
        for position, index in enumerate(order[:75]):
            interaction = interactions[index]
            person = interaction.stakeholder
            description = rng.choice(FOLLOW_UP_TEXTS).format(name=person.full_name)
            happened = timezone.localdate(interaction.occurred_at)
            done_at = None
            if position < 30:
                # Done: due a few days after the interaction, done around then.
                due = happened + datetime.timedelta(days=rng.randint(3, 14))
                due = min(due, self.day(1))
                finished = min(due + datetime.timedelta(days=rng.randint(-2, 3)), self.day(1))
                done_at = self.moment(max(finished, happened))
            elif position < 45:
                # Open and overdue.
                due = self.day(rng.randint(1, 21))
            else:
                # Open, due in the coming weeks.
                due = self.today + datetime.timedelta(days=rng.randint(0, 30))
            follow_ups.append(
                FollowUp(
                    stakeholder=person,
                    interaction=interaction if rng.random() < 0.8 else None,
                    description=description,
                    owner=self.coordinator,
                    due_date=due,
                    done_at=done_at,
                    created_by=self.coordinator,
                )
            )
        FollowUp.objects.bulk_create(follow_ups)
