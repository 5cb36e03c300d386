"""The demo locality built by `manage.py seed_demo`."""

import datetime
import io
import re

import pytest
from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count
from django.test import RequestFactory
from django.utils import timezone

from stakeholders import services
from stakeholders.demo.data import DEMO_CHANGE_REASON
from stakeholders.enums import Role
from stakeholders.models import (
    BurnedStakeholder,
    Committee,
    ConsentChange,
    ConsentLevel,
    FollowUp,
    Interaction,
    Locality,
    LocalityAccess,
    Membership,
    Organisation,
    PastProcess,
    Relationship,
    Representation,
    Sector,
    Stakeholder,
)
from stakeholders.phones import normalize_israeli_phone

PASSWORD = "kehila-demo"
DEMO_USERS = {
    "admin": Role.ADMIN,
    "coordinator": Role.COORDINATOR,
    "staff": Role.OFFICIAL,
    "viewer": Role.VIEWER,
}


@pytest.fixture(autouse=True)
def debug_on(settings):
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def counts():
    """Rows of every model of the app, and users. The audit history is left out: it keeps
    the record of what a reset deleted, as it does of any deletion."""
    models = [
        *(
            m
            for m in apps.get_app_config("stakeholders").get_models()
            if not m.__name__.startswith("Historical")
        ),
        get_user_model(),
    ]
    return {model.__name__: model._default_manager.count() for model in models}


def history_models():
    """The app's models that keep a change history (`history = HistoricalRecords(...)`)."""
    return [
        model
        for model in apps.get_app_config("stakeholders").get_models()
        if hasattr(model._meta, "simple_history_manager_attribute")
    ]


def creation_rows(locality):
    """Per history-keeping model: its records in the locality, and their "+" history rows."""
    records, created = {}, {}
    for model in history_models():
        ids = model._default_manager.in_locality(locality).values("pk")
        rows = model.history.filter(history_type="+", id__in=ids)
        records[model.__name__] = ids.count()
        created[model.__name__] = rows.count()
        twice = rows.values("id").annotate(rows=Count("history_id")).filter(rows__gt=1)
        assert not twice.exists(), f"{model.__name__}: two creation rows for one record"
    return records, created


def log_in(*, username, password):
    # Logins are counted per address (django-axes), so authenticating needs a request.
    return authenticate(
        RequestFactory().post("/accounts/login/"), username=username, password=password
    )


@pytest.fixture
def demo(db):
    seed()
    return Locality.objects.get(slug="demo")


@pytest.mark.django_db
def test_builds_about_200_stakeholders_of_every_kind_and_sector(demo):
    people = Stakeholder.objects.filter(locality=demo)
    assert 180 <= people.count() <= 220
    assert set(people.values_list("kind", flat=True)) == set(Stakeholder.Kind.values)
    assert set(people.values_list("sector", flat=True)) >= set(Sector.values)

    officials = people.filter(kind=Stakeholder.Kind.OFFICIAL)
    assert officials.count() >= 30
    assert set(officials.values_list("sector", flat=True)) == {Sector.PUBLIC}
    assert not officials.filter(division="").exists()
    assert not officials.filter(job_title="").exists()
    assert not officials.filter(position="").exists()
    assert officials.filter(position=Stakeholder.Position.DIVISION_HEAD).exists()
    heads = officials.filter(position=Stakeholder.Position.DEPARTMENT_HEAD)
    assert heads.exists()
    assert not heads.filter(department="").exists()

    residents = people.filter(kind=Stakeholder.Kind.RESIDENT)
    assert residents.count() >= 50
    assert residents.filter(is_social_activist=True).exists()
    assert not residents.filter(community="").exists()
    assert residents.filter(representations__organisation__kind="community_group").exists()
    for kind in (Stakeholder.Kind.INFLUENCE_CENTRE, Stakeholder.Kind.REGIONAL_BODY):
        assert not people.filter(kind=kind, sector="").exists()

    assert people.influential_by_personality().filter(influence_basis="personality").count() >= 5
    assert not people.exclude(influence_level=None).filter(influence_basis="").exists()
    levels = people.exclude(influence_level=None).values_list("influence_level", flat=True)
    assert set(levels) <= {1, 2, 3, 4, 5}
    assert people.exclude(notes="").count() >= 20


@pytest.mark.django_db
def test_contact_details_are_valid_and_fictional(demo):
    people = Stakeholder.objects.filter(locality=demo)
    phones = [phone for phone in people.values_list("phone", flat=True) if phone]
    assert len(phones) >= 150
    assert len(set(phones)) == len(phones)
    for phone in phones:
        assert normalize_israeli_phone(phone) == phone  # stored in E.164
        assert phone.startswith("+972")
    emails = [email for email in people.values_list("email", flat=True) if email]
    assert len(emails) >= 150
    assert len(set(emails)) == len(emails)
    for email in emails:
        assert re.fullmatch(r"[a-z0-9.]+@example\.(org|com)", email), email


@pytest.mark.django_db
def test_organisations_in_every_sector_and_scope_with_representatives(demo):
    organisations = Organisation.objects.filter(locality=demo)
    assert set(organisations.values_list("sector", flat=True)) == set(Sector.values)
    assert set(organisations.values_list("scope", flat=True)) == set(Organisation.Scope.values)
    kinds = set(organisations.values_list("kind", flat=True))
    for kind in ("government_ministry", "civil_society", "academic", "community_centre", "school"):
        assert kind in kinds
    assert Representation.objects.in_locality(demo).count() >= 40
    regional_reps = Stakeholder.objects.filter(
        locality=demo, kind=Stakeholder.Kind.REGIONAL_BODY
    ).filter(organisations__scope__in=["regional", "national"])
    assert regional_reps.exists()


@pytest.mark.django_db
def test_committees_task_teams_and_seats(demo):
    today = timezone.localdate()
    bodies = Committee.objects.filter(locality=demo)
    assert bodies.filter(kind=Committee.Kind.STEERING).count() == 1
    assert bodies.filter(kind=Committee.Kind.COMMITTEE).count() >= 2
    teams = bodies.task_teams()
    assert teams.count() >= 3
    assert teams.exclude(parent=None).exists()
    assert not bodies.exclude(kind=Committee.Kind.TASK_TEAM).exclude(parent=None).exists()

    seats = Membership.objects.in_locality(demo)
    assert seats.count() >= 40
    assert seats.filter(committee__kind=Committee.Kind.STEERING).count() >= 5
    assert seats.filter(stakeholder__kind=Stakeholder.Kind.RESIDENT).exists()
    assert seats.filter(committee__kind=Committee.Kind.TASK_TEAM).exists()
    closed = seats.exclude(end_date=None)
    assert closed.exists()
    assert not closed.filter(end_date__gt=today).exists()
    soon = seats.current().filter(
        term_end_date__gte=today, term_end_date__lte=today + datetime.timedelta(days=30)
    )
    assert soon.exists()
    # Every seat went through membership_add: it carries its active-consent record.
    for seat in seats:
        change = seat.consent_changes.get()
        assert change.new_level == ConsentLevel.ACTIVE
        assert change.evidence == seat.committee.seat_evidence
    # A current seat means active consent.
    seated = Stakeholder.objects.filter(pk__in=seats.current().values("stakeholder"))
    assert set(seated.values_list("consent_level", flat=True)) == {ConsentLevel.ACTIVE}


@pytest.mark.django_db
def test_consent_history_is_chronological_and_matches_the_current_level(demo):
    now = timezone.now()
    people = Stakeholder.objects.filter(locality=demo).prefetch_related("consent_changes")
    with_history = 0
    for person in people:
        changes = sorted(person.consent_changes.all(), key=lambda change: (change.at, change.pk))
        if not changes:
            assert person.consent_level == ConsentLevel.UNKNOWN
            continue
        with_history += 1
        previous = ConsentLevel.UNKNOWN
        for change in changes:
            assert change.old_level == previous  # recorded in date order
            assert now - datetime.timedelta(days=200) < change.at <= now
            previous = change.new_level
        assert changes[-1].new_level == person.consent_level
        assert changes[-1].at == person.consent_changed_at
    assert with_history >= 100
    assert set(people.values_list("consent_level", flat=True)) == set(ConsentLevel.values)

    officials = people.filter(kind=Stakeholder.Kind.OFFICIAL)
    engaged = officials.filter(consent_level__in=[ConsentLevel.PASSIVE, ConsentLevel.ACTIVE])
    assert engaged.count() > officials.count() * 0.75
    evidence = set(
        ConsentChange.objects.in_locality(demo).values_list("evidence", flat=True).distinct()
    )
    assert {"committee_seat", "task_team_seat", "promotes", "embeds"} <= evidence


@pytest.mark.django_db
def test_relationships_history_interactions_and_follow_ups(demo, django_user_model):
    relationships = Relationship.objects.filter(locality=demo)
    assert relationships.sensitive().count() >= 3
    assert relationships.exclude(from_stakeholder=None).exclude(to_stakeholder=None).exists()
    assert relationships.exclude(to_organisation=None).exists()

    processes = PastProcess.objects.filter(locality=demo)
    assert sorted(processes.values_list("outcome", flat=True)) == ["failed", "partial"]
    for process in processes:
        assert process.burns.count() >= 2
    assert Stakeholder.objects.filter(locality=demo).burned().count() >= 4
    assert not BurnedStakeholder.objects.in_locality(demo).filter(note="").exists()

    interactions = Interaction.objects.in_locality(demo)
    assert interactions.count() >= 100
    assert set(interactions.values_list("channel", flat=True)) == set(Interaction.Channel.values)
    assert set(interactions.values_list("outcome", flat=True)) == set(Interaction.Outcome.values)
    assert not interactions.filter(occurred_at__gt=timezone.now()).exists()

    coordinator = django_user_model.objects.get(username="coordinator")
    follow_ups = FollowUp.objects.in_locality(demo)
    assert set(follow_ups.values_list("owner", flat=True)) == {coordinator.pk}
    assert follow_ups.overdue().count() >= 3
    assert follow_ups.open().filter(due_date__gte=timezone.localdate()).exists()
    assert follow_ups.exclude(done_at=None).exists()
    assert not follow_ups.filter(done_at__gt=timezone.now()).exists()
    for follow_up in follow_ups.exclude(interaction=None).select_related("interaction"):
        assert follow_up.interaction.stakeholder_id == follow_up.stakeholder_id


@pytest.mark.django_db
def test_demo_users_log_in_with_their_roles(demo):
    for username, role in DEMO_USERS.items():
        user = log_in(username=username, password=PASSWORD)
        assert user is not None, username
        assert user.first_name and user.last_name
        grant = LocalityAccess.objects.get(user=user, locality=demo)
        assert grant.role == role
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff


@pytest.mark.django_db
def test_staff_user_is_an_official_with_seats(demo):
    grant = LocalityAccess.objects.get(user__username="staff", locality=demo)
    official = grant.stakeholder
    assert official.kind == Stakeholder.Kind.OFFICIAL
    assert official.locality == demo
    assert official.memberships.current().count() >= 2
    assert (grant.user.first_name, grant.user.last_name) == (
        official.first_name,
        official.last_name,
    )
    assert Stakeholder.objects.visible_to(grant.user).get() == official


@pytest.mark.django_db
def test_prints_the_logins_and_says_they_are_for_a_demo_only(db):
    output = seed()
    for username in DEMO_USERS:
        assert username in output
    assert PASSWORD in output
    assert "demo only" in output


@pytest.mark.django_db
def test_running_twice_does_not_duplicate_and_restores_the_demo_users(demo):
    before = counts()
    coordinator = get_user_model().objects.get(username="coordinator")
    coordinator.set_password("something-else")
    coordinator.save()
    LocalityAccess.objects.filter(user__username="viewer").delete()
    staff = Stakeholder.objects.get(logins__user__username="staff")

    output = seed()

    assert "already exists" in output
    assert counts() == before
    assert log_in(username="coordinator", password=PASSWORD) is not None
    assert LocalityAccess.objects.get(user__username="viewer", locality=demo).role == Role.VIEWER
    assert LocalityAccess.objects.get(user__username="staff").stakeholder == staff


@pytest.mark.django_db
def test_second_run_leaves_edits_to_the_demo_data_alone(demo):
    person = Stakeholder.objects.filter(locality=demo).first()
    person.notes = "נערך ביד"
    person.save()
    seed()
    person.refresh_from_db()
    assert person.notes == "נערך ביד"


@pytest.mark.django_db
def test_reset_rebuilds_the_same_demo(demo, django_user_model):
    before = counts()
    admin = django_user_model.objects.get(username="admin")
    extra = Stakeholder.objects.create(locality=demo, kind="resident", first_name="זמני")
    extra.change_consent(level=ConsentLevel.PASSIVE, by=admin)
    services.membership_add(
        stakeholder=extra, committee=Committee.objects.filter(locality=demo).first(), by=admin
    )

    seed("--reset")

    assert counts() == before
    assert not Stakeholder.objects.filter(first_name="זמני").exists()
    assert Locality.objects.filter(slug="demo").count() == 1
    assert log_in(username="staff", password=PASSWORD) is not None
    assert LocalityAccess.objects.get(user__username="staff").stakeholder.memberships.exists()


@pytest.mark.django_db
def test_refuses_to_run_without_debug_unless_forced(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        seed()
    assert not Locality.objects.filter(slug="demo").exists()
    assert not get_user_model().objects.filter(username="admin").exists()

    seed("--force")

    assert Stakeholder.objects.filter(locality__slug="demo").count() >= 180
    assert log_in(username="viewer", password=PASSWORD) is not None


@pytest.mark.django_db
def test_every_seeded_record_has_one_creation_row_in_its_change_history(demo):
    names = {model.__name__ for model in history_models()}
    assert {"Stakeholder", "ConsentChange", "Organisation", "Membership", "Relationship"} <= names

    records, created = creation_rows(demo)

    assert all(records.values()), records  # the demo has records of every such model
    assert created == records
    # A second run only refreshes the users: no new history.
    history_before = {model.__name__: model.history.count() for model in history_models()}
    seed()
    assert {model.__name__: model.history.count() for model in history_models()} == (history_before)


@pytest.mark.django_db
def test_reset_gives_the_rebuilt_records_their_creation_rows(demo):
    seed("--reset")
    locality = Locality.objects.get(slug="demo")
    records, created = creation_rows(locality)
    assert all(records.values()), records
    assert created == records
    # The deleted demo's records keep their history, ending with the deletion.
    assert Stakeholder.history.filter(history_type="-").count() == records["Stakeholder"]


@pytest.mark.django_db
def test_the_seeds_history_rows_are_marked_as_demo_data(demo):
    coordinator = get_user_model().objects.get(username="coordinator")
    for model in (Stakeholder, Organisation, Relationship):
        rows = model.history.filter(id__in=model.objects.in_locality(demo).values("pk"))
        assert rows.exists(), model.__name__
        assert set(rows.values_list("history_change_reason", "history_user")) == {
            (DEMO_CHANGE_REASON, coordinator.pk)
        }, model.__name__
    seats = Membership.history.filter(id__in=Membership.objects.in_locality(demo).values("pk"))
    assert set(seats.values_list("history_type", flat=True)) == {"+", "~"}  # seated, closed
    assert set(seats.values_list("history_change_reason", flat=True)) == {DEMO_CHANGE_REASON}
