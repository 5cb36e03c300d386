"""Who may open what: every URL of the project, for every role, in one table.

The table below is keyed by URL name and says, for each role, what a GET (and, for the views
that change data, a POST with empty data) must answer. A new URL pattern that is not in the
table fails `test_the_table_covers_every_url_pattern_of_the_project`, so a view cannot be
added without deciding who may open it.

Each URL is filled in with an object of locality A (the "home" of every role but the
coordinator of B), so that "the coordinator of B gets 404" proves the object is hidden, not
merely missing.
"""

import re
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from stakeholders.enums import Role
from stakeholders.models import (
    BurnedStakeholder,
    Committee,
    ConsentChange,
    FollowUp,
    ImportBatch,
    Invitation,
    Membership,
    Organisation,
    PastProcess,
    PersonalDataAccess,
    Relationship,
    SeatRequest,
    Stakeholder,
    UserPreference,
)
from tests.factories import (
    BurnedStakeholderFactory,
    ConsentChangeFactory,
    FollowUpFactory,
    ImportBatchFactory,
    InteractionFactory,
    LocalityAccessFactory,
    LocalityFactory,
    MembershipFactory,
    OfficialFactory,
    RelationshipFactory,
    RepresentationFactory,
    StakeholderFactory,
    TaskTeamFactory,
    UserFactory,
)

# --- Roles and outcomes --------------------------------------------------------------------

ANONYMOUS = "anonymous"
VIEWER = "viewer"
STAFF = "municipal_staff"
OTHER_COORDINATOR = "coordinator_of_b"
COORDINATOR = "coordinator"
ADMIN = "locality_admin"
SUPERUSER = "superuser"
ROLES = [ANONYMOUS, VIEWER, STAFF, OTHER_COORDINATOR, COORDINATOR, ADMIN, SUPERUSER]

ALLOWED = "allowed"  # GET: 200, 302 or 405; POST: 200, 302 or 400 (never to a login page)
LOGIN = "login"  # a redirect to the login page (ours or the admin's)
DENIED = "denied"  # 403 or 404; for the admin, also its redirect to its own login page
HIDDEN = "hidden"  # 404: the object exists, but in a locality the user has no role in


def group(default, exceptions=None):
    """Every role's outcome: `default` for the signed-in roles but the `exceptions`, and the
    anonymous visitor sent to log in."""
    return {**dict.fromkeys(ROLES, default), ANONYMOUS: LOGIN, **(exceptions or {})}


# Anyone, signed in or not.
PUBLIC = dict.fromkeys(ROLES, ALLOWED)
# Logging out ends on the login page, whoever asks.
LOGGED_OUT = dict.fromkeys(ROLES, LOGIN)
# The admin's logout sends whoever has no access to the admin back to its index.
LOGGED_OUT_OF_ADMIN = {**PUBLIC, ADMIN: LOGIN, SUPERUSER: LOGIN}
# Any signed-in user, whatever their role (their own account and preferences).
SIGNED_IN = group(ALLOWED)
# The workspace's pages that read: every locality-wide role; never municipal staff.
READ = group(ALLOWED, {STAFF: DENIED})
READ_OBJECT = group(ALLOWED, {STAFF: DENIED, OTHER_COORDINATOR: HIDDEN})
# The workspace's pages that change records: coordinators and admins only.
WRITE = group(ALLOWED, {STAFF: DENIED, VIEWER: DENIED})
WRITE_OBJECT = group(ALLOWED, {STAFF: DENIED, VIEWER: DENIED, OTHER_COORDINATOR: HIDDEN})
# Django admin: locality admins (scoped to their localities) and superusers.
ADMIN_SITE = group(DENIED, {ADMIN: ALLOWED, SUPERUSER: ALLOWED})
SUPERUSER_ONLY = group(DENIED, {SUPERUSER: ALLOWED})
# A municipal official's own pages: their login only (others have no seats of their own).
OWN = group(DENIED, {STAFF: ALLOWED})
# Refused to everyone (append-only history, records that are only uploaded, no such page).
NOBODY = group(DENIED)
# The workspace's access log of personal data: the locality's administrators only.
LOCALITY_ADMIN = group(DENIED, {ADMIN: ALLOWED, SUPERUSER: ALLOWED})


@dataclass(frozen=True)
class Access:
    get: dict
    post: dict | None = None  # the views that change data are also posted to, empty
    query: str = ""  # what a real request would carry, for views that need it to answer


# A view behind `require_POST` answers a GET with 405 to whoever passes its access check:
# its GET row is the read rule, its POST row the real one.
POST_ONLY = READ

# --- The table -----------------------------------------------------------------------------

PROJECT = {
    # Accounts
    "login": Access(PUBLIC),
    "logout": Access(PUBLIC, post=LOGGED_OUT),
    "favicon": Access(PUBLIC),
    "health": Access(PUBLIC),
    "password_change": Access(SIGNED_IN, post=SIGNED_IN),
    "password_change_done": Access(SIGNED_IN),
    # Shell
    "stakeholders:home": Access(SIGNED_IN),
    "stakeholders:switch_locality": Access(SIGNED_IN, post=SIGNED_IN),
    "stakeholders:set_language": Access(SIGNED_IN, post=SIGNED_IN),
    "stakeholders:accessibility": Access(PUBLIC),
    "stakeholders:dashboard": Access(READ),
    "stakeholders:dashboard_target": Access(WRITE, post=WRITE),
    # Register and profiles
    "stakeholders:stakeholder_list": Access(READ),
    "stakeholders:stakeholder_export": Access(READ),
    "stakeholders:consent_history_export": Access(READ),
    "stakeholders:stakeholder_create": Access(WRITE, post=WRITE),
    "stakeholders:stakeholder_lookup": Access(READ, query="field=person&person__q=ab"),
    "stakeholders:stakeholder_detail": Access(READ_OBJECT),
    "stakeholders:stakeholder_edit": Access(WRITE_OBJECT, post=WRITE_OBJECT),
    "stakeholders:stakeholder_consent": Access(WRITE_OBJECT, post=WRITE_OBJECT),
    "stakeholders:stakeholder_interaction": Access(WRITE_OBJECT, post=WRITE_OBJECT),
    "stakeholders:stakeholder_seat": Access(WRITE_OBJECT, post=WRITE_OBJECT),
    "stakeholders:stakeholder_relationship": Access(WRITE_OBJECT, post=WRITE_OBJECT),
    # Organisations
    "stakeholders:organisation_list": Access(READ),
    "stakeholders:organisation_create": Access(WRITE, post=WRITE),
    "stakeholders:organisation_lookup": Access(READ, query="field=organisation&organisation__q=ab"),
    "stakeholders:organisation_export": Access(READ),
    "stakeholders:organisation_detail": Access(READ_OBJECT),
    "stakeholders:organisation_edit": Access(WRITE_OBJECT, post=WRITE_OBJECT),
    # Committees and seats
    "stakeholders:committee_list": Access(READ),
    "stakeholders:committee_create": Access(WRITE, post=WRITE),
    "stakeholders:committee_export": Access(READ),
    "stakeholders:committee_detail": Access(READ_OBJECT),
    "stakeholders:committee_edit": Access(WRITE_OBJECT, post=WRITE_OBJECT),
    "stakeholders:committee_add_member": Access(WRITE_OBJECT, post=WRITE_OBJECT),
    "stakeholders:membership_role": Access(POST_ONLY, post=WRITE_OBJECT),
    "stakeholders:membership_close": Access(WRITE_OBJECT, post=WRITE_OBJECT),
    # History, relationships, follow-ups
    "stakeholders:past_process_list": Access(READ),
    "stakeholders:past_process_create": Access(WRITE, post=WRITE),
    "stakeholders:past_process_edit": Access(WRITE_OBJECT, post=WRITE_OBJECT),
    "stakeholders:past_process_delete": Access(WRITE_OBJECT, post=WRITE_OBJECT),
    "stakeholders:relationship_list": Access(READ),
    "stakeholders:relationship_create": Access(WRITE, post=WRITE),
    "stakeholders:relationship_edit": Access(WRITE_OBJECT, post=WRITE_OBJECT),
    "stakeholders:relationship_delete": Access(WRITE_OBJECT, post=WRITE_OBJECT),
    "stakeholders:burn_note_edit": Access(WRITE_OBJECT, post=WRITE_OBJECT),
    "stakeholders:followup_list": Access(WRITE),
    "stakeholders:followup_done": Access(POST_ONLY, post=WRITE_OBJECT),
    # Import
    "stakeholders:import_start": Access(WRITE, post=WRITE),
    "stakeholders:import_preview": Access(WRITE_OBJECT),
    "stakeholders:import_confirm": Access(POST_ONLY, post=WRITE_OBJECT),
    "stakeholders:import_problems": Access(WRITE_OBJECT),
    "stakeholders:import_template": Access(WRITE),
    # Change history (it shows contact details) and privacy requests: coordinators and admins
    "stakeholders:stakeholder_history": Access(WRITE_OBJECT),
    "stakeholders:organisation_history": Access(WRITE_OBJECT),
    "stakeholders:committee_history": Access(WRITE_OBJECT),
    "stakeholders:stakeholder_privacy_export": Access(WRITE_OBJECT, post=WRITE_OBJECT),
    "stakeholders:stakeholder_privacy_erase": Access(WRITE_OBJECT, post=WRITE_OBJECT),
    # The access log of personal data: the locality's administrators
    "stakeholders:access_log": Access(LOCALITY_ADMIN),
    "stakeholders:access_log_export": Access(LOCALITY_ADMIN),
    # Municipal staff's own pages, the coordinators' queue of their requests, invitations
    "stakeholders:my_committees": Access(OWN),
    "stakeholders:my_seat": Access(OWN, post=OWN),
    "stakeholders:my_seat_leave": Access(OWN, post=OWN),
    "stakeholders:my_team_join": Access(OWN, post=OWN),
    "stakeholders:my_request_withdraw": Access(OWN, post=OWN),
    "stakeholders:my_details": Access(OWN, post=OWN),
    "stakeholders:seat_request_list": Access(WRITE),
    "stakeholders:seat_request_decide": Access(POST_ONLY, post=WRITE_OBJECT),
    "stakeholders:stakeholder_invite": Access(WRITE_OBJECT, post=WRITE_OBJECT),
    "stakeholders:invitation_accept": Access(PUBLIC, post=PUBLIC),
}

ADMIN_PAGES = {
    # The admin's own login and logout answer everyone (a signed-in non-staff user is told
    # they are not authorised; logout sends anyone without access to the admin's index).
    "admin:login": Access(PUBLIC),
    "admin:logout": Access(PUBLIC, post=LOGGED_OUT_OF_ADMIN),
    "admin:index": Access(ADMIN_SITE),
    "admin:app_list": Access(ADMIN_SITE),
    "admin:password_change": Access(ADMIN_SITE, post=ADMIN_SITE),
    "admin:password_change_done": Access(ADMIN_SITE),
    "admin:jsi18n": Access(ADMIN_SITE),
    "admin:autocomplete": Access(
        ADMIN_SITE,
        query="app_label=stakeholders&model_name=localityaccess&field_name=stakeholder&term=a",
    ),
    "admin:view_on_site": Access(ADMIN_SITE),
    # Any other address under admin/: a 404 for those who may use the admin.
    "admin/(?P<url>.*)$": Access(NOBODY),
    "admin:auth_user_password_change": Access(SUPERUSER_ONLY, post=SUPERUSER_ONLY),
}


def admin_model(
    app_model,
    *,
    everything=ADMIN_SITE,
    add=None,
    change_post=None,
    delete=None,
):
    """The six URLs Django's admin gives a model: list, add, history, change, delete and the
    bare object address (a redirect to its change page, for anyone who may use the admin)."""
    app_label, model_name = app_model.split(".")
    name = f"admin:{app_label}_{model_name}"
    add = add or everything
    delete = delete or everything
    return {
        f"{name}_changelist": Access(everything),
        f"{name}_add": Access(add, post=add),
        f"{name}_history": Access(everything),
        f"{name}_change": Access(everything, post=change_post or everything),
        f"{name}_delete": Access(delete, post=delete),
        f"admin/{app_label}/{model_name}/<path:object_id>/": Access(ADMIN_SITE),
    }


ADMIN_MODELS = {
    # Django's users and groups: only superusers (locality admins manage access by role).
    **admin_model("auth.user", everything=SUPERUSER_ONLY),
    **admin_model("auth.group", everything=SUPERUSER_ONLY),
    # A new locality is a deployment decision, not a locality admin's.
    **admin_model("stakeholders.locality", add=SUPERUSER_ONLY, delete=SUPERUSER_ONLY),
    **admin_model("stakeholders.localityaccess"),
    **admin_model("stakeholders.userpreference", everything=SUPERUSER_ONLY),
    **admin_model("stakeholders.organisation"),
    **admin_model("stakeholders.stakeholder"),
    # Files are uploaded from the import page; the admin only keeps the record.
    **admin_model("stakeholders.importbatch", add=NOBODY, change_post=NOBODY),
    # The consent history is appended to, never edited or deleted.
    **admin_model("stakeholders.consentchange", change_post=NOBODY, delete=NOBODY),
    **admin_model("stakeholders.representation"),
    **admin_model("stakeholders.committee"),
    **admin_model("stakeholders.membership"),
    **admin_model("stakeholders.relationship"),
    **admin_model("stakeholders.pastprocess"),
    **admin_model("stakeholders.burnedstakeholder"),
    **admin_model("stakeholders.interaction"),
    **admin_model("stakeholders.followup"),
    # Decided in the workspace's queue, sent from the profile: the admin keeps the record.
    **admin_model("stakeholders.seatrequest", add=NOBODY, change_post=NOBODY),
    **admin_model("stakeholders.invitation", add=NOBODY, change_post=NOBODY),
}


def simple_history(app_model):
    """django-simple-history's page of one past version of an object: read-only (reverting
    is off), and scoped like the object itself."""
    app_label, model_name = app_model.split(".")
    return {f"admin:{app_label}_{model_name}_simple_history": Access(ADMIN_SITE, post=NOBODY)}


ADMIN_MODELS.update(
    {
        **simple_history("stakeholders.stakeholder"),
        **simple_history("stakeholders.consentchange"),
        **simple_history("stakeholders.membership"),
        **simple_history("stakeholders.relationship"),
        **simple_history("stakeholders.organisation"),
        # Every version of every stakeholder (deleted people's included) and the access log:
        # read, never written, by anyone.
        **admin_model(
            "stakeholders.historicalstakeholder", add=NOBODY, change_post=NOBODY, delete=NOBODY
        ),
        **admin_model(
            "stakeholders.personaldataaccess", add=NOBODY, change_post=NOBODY, delete=NOBODY
        ),
    }
)

EXPECTED = {**PROJECT, **ADMIN_PAGES, **ADMIN_MODELS}

# Patterns the test cannot fill with real values, and why. Every entry here is a hole in the
# matrix: keep it empty unless there is no way to build a working address.
UNFILLABLE = {}

# URL arguments that are not the pk of an object of locality A.
ARGUMENTS = {
    "stakeholders:import_template": lambda data: {"kind": "stakeholders"},
    "admin:app_list": lambda data: {"app_label": "stakeholders"},
    "admin:view_on_site": lambda data: {
        "content_type_id": ContentType.objects.get_for_model(Stakeholder).pk,
        "object_id": data.objects[Stakeholder].pk,
    },
    "admin/(?P<url>.*)$": lambda data: {"url": "no-such-page/"},
    # The latest past version of each object with a change history.
    **{
        f"admin:stakeholders_{model._meta.model_name}_simple_history": (
            lambda data, model=model: {"version_id": data.objects[model].history.latest().pk}
        )
        for model in (Stakeholder, ConsentChange, Membership, Relationship, Organisation)
    },
    # The official's own seat, record and request, and a task team open to requests.
    "stakeholders:my_seat": lambda data: {"pk": data.objects["own seat"].pk},
    "stakeholders:my_seat_leave": lambda data: {"pk": data.objects["own seat"].pk},
    "stakeholders:my_team_join": lambda data: {"pk": data.objects["open team"].pk},
    "stakeholders:my_request_withdraw": lambda data: {"pk": data.objects[SeatRequest].pk},
    "stakeholders:my_details": lambda data: {"pk": data.objects["official"].pk},
    "stakeholders:invitation_accept": lambda data: {"token": "not-a-token"},
}

# The model whose pk a workspace URL takes, by the start of its name.
PK_MODELS = {
    "stakeholders:stakeholder_": Stakeholder,
    "stakeholders:organisation_": Organisation,
    "stakeholders:committee_": Committee,
    "stakeholders:membership_": Membership,
    "stakeholders:past_process_": PastProcess,
    "stakeholders:burn_": BurnedStakeholder,
    "stakeholders:relationship_": Relationship,
    "stakeholders:followup_": FollowUp,
    "stakeholders:import_": ImportBatch,
    "stakeholders:seat_request_": SeatRequest,
}


# --- Walking the resolver ------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    key: str  # "namespace:name", or the full route for the admin's unnamed patterns
    route: str
    arguments: tuple
    named: bool


def _arguments(pattern):
    converters = getattr(pattern.pattern, "converters", None)
    if converters:
        return tuple(converters)
    regex = getattr(pattern.pattern, "regex", None)
    return tuple(regex.groupindex) if regex is not None else ()


def url_patterns(patterns=None, prefix="", namespace="", arguments=()):
    """Every pattern of the project, with its namespaced name and its whole route."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from url_patterns(entry.url_patterns, route, inner, arguments + _arguments(entry))
        elif isinstance(entry, URLPattern):
            if entry.name:
                key = f"{namespace}:{entry.name}" if namespace else entry.name
            else:
                key = route
            yield Pattern(key, route, arguments + _arguments(entry), named=bool(entry.name))


PATTERNS = {pattern.key: pattern for pattern in url_patterns()}


def test_the_table_covers_every_url_pattern_of_the_project():
    found = set(PATTERNS)
    listed = set(EXPECTED) | set(UNFILLABLE)
    assert not set(EXPECTED) & set(UNFILLABLE)
    assert not found - listed, f"URL patterns with no row in the permission table: {found - listed}"
    assert not listed - found, f"Rows for URL patterns that no longer exist: {listed - found}"
    # The admin names every page but its object redirects and catch-all; ours are all named.
    unnamed = {pattern.key for pattern in PATTERNS.values() if not pattern.named}
    assert all(key.startswith("admin/") for key in unnamed), unnamed


def test_municipal_staff_reach_only_their_own_account_and_seats():
    """Staff log in to see their own seats: no page of the coordinators' workspace or admin."""
    reached = {
        key
        for key, access in EXPECTED.items()
        if access.get[STAFF] == ALLOWED or (access.post or {}).get(STAFF) == ALLOWED
    }
    assert reached == {
        "login",
        "logout",
        "favicon",
        "health",
        "password_change",
        "password_change_done",
        "stakeholders:home",
        "stakeholders:switch_locality",  # answers "you have no access to that locality"
        "stakeholders:set_language",
        "stakeholders:accessibility",
        "stakeholders:my_committees",
        "stakeholders:my_seat",
        "stakeholders:my_seat_leave",
        "stakeholders:my_team_join",
        "stakeholders:my_request_withdraw",
        "stakeholders:my_details",
        "stakeholders:invitation_accept",
        "admin:login",
        "admin:logout",
    }


# --- The data: one object of every kind in locality A --------------------------------------


@dataclass
class Dataset:
    objects: dict  # model -> an object of locality A
    users: dict  # role -> user (None for anonymous)
    sessions: dict  # role -> session key, logged in once for the whole module


def build_dataset():
    locality = LocalityFactory(name="קריית מטריצה")
    other_locality = LocalityFactory(name="נווה מטריצה")
    official = OfficialFactory(locality=locality)
    resident = StakeholderFactory(locality=locality, first_name="אביגיל", last_name="אברהם")
    membership = MembershipFactory(committee__locality=locality, stakeholder=resident)
    representation = RepresentationFactory(stakeholder__locality=locality)
    burned = BurnedStakeholderFactory(process__locality=locality, stakeholder=resident)

    def user_with(role, locality, **fields):
        user = UserFactory(**fields)
        stakeholder = official if role == Role.OFFICIAL else None
        LocalityAccessFactory(user=user, locality=locality, role=role, stakeholder=stakeholder)
        return user

    users = {
        ANONYMOUS: None,
        VIEWER: user_with(Role.VIEWER, locality),
        STAFF: user_with(Role.OFFICIAL, locality),
        OTHER_COORDINATOR: user_with(Role.COORDINATOR, other_locality),
        COORDINATOR: user_with(Role.COORDINATOR, locality),
        ADMIN: user_with(Role.ADMIN, locality, is_staff=True),
        SUPERUSER: UserFactory(is_staff=True, is_superuser=True),
    }
    coordinator = users[COORDINATOR]
    objects = {
        Stakeholder: resident,
        Organisation: representation.organisation,
        Committee: membership.committee,
        Membership: membership,
        PastProcess: burned.process,
        BurnedStakeholder: burned,
        Relationship: RelationshipFactory(
            locality=locality, from_stakeholder=resident, to_stakeholder=official
        ),
        FollowUp: FollowUpFactory(stakeholder=resident, owner=coordinator),
        ImportBatch: ImportBatchFactory(locality=locality, created_by=coordinator),
    }
    own_seat = MembershipFactory(committee__locality=locality, stakeholder=official)
    open_team = TaskTeamFactory(locality=locality, accepting_members=True)
    objects.update(
        {
            "official": official,
            "own seat": own_seat,
            "open team": open_team,
            Invitation: Invitation.objects.create(
                locality=locality,
                stakeholder=official,
                user=users[STAFF],
                email="official@example.org",
                invited_by=coordinator,
            ),
            SeatRequest: SeatRequest.objects.create(
                locality=locality,
                stakeholder=official,
                committee=own_seat.committee,
                membership=own_seat,
                kind=SeatRequest.Kind.LEAVE,
            ),
        }
    )
    objects.update(
        {
            type(obj): obj
            for obj in [
                locality,
                representation,
                burned,
                ConsentChangeFactory(stakeholder=resident, changed_by=coordinator),
                InteractionFactory(stakeholder=resident, recorded_by=coordinator),
                users[VIEWER].locality_accesses.get(),
                resident.history.latest(),
                PersonalDataAccess.objects.create(
                    locality=locality,
                    stakeholder=resident,
                    user=coordinator,
                    username=coordinator.username,
                    action=PersonalDataAccess.Action.VIEW,
                    source="stakeholders:stakeholder_detail",
                ),
                UserPreference.objects.create(user=users[VIEWER], language="ar"),
                users[VIEWER],
                Group.objects.create(name="רכזים"),
            ]
        }
    )
    sessions = {}
    for role, user in users.items():
        if user is not None:
            client = Client()
            client.force_login(user)
            sessions[role] = client.session.session_key
    return Dataset(objects=objects, users=users, sessions=sessions)


@pytest.fixture(scope="module")
def dataset(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction rolled back at its end, as Django's
    TestCase does with setUpTestData; each test still runs in its own savepoint."""
    with django_db_blocker.unblock(), transaction.atomic():
        # The users' passwords are never typed here: a fast hasher keeps the setup quick.
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            built = build_dataset()
        yield built
        transaction.set_rollback(True)


def _pk_model(key):
    return next((model for prefix, model in PK_MODELS.items() if key.startswith(prefix)), None)


# A converter ("<path:object_id>") or a named group ("(?P<url>.*)") in a route.
ARGUMENT = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def build_url(pattern, dataset):
    """A working address for the pattern, its arguments filled from locality A."""
    values = ARGUMENTS[pattern.key](dataset) if pattern.key in ARGUMENTS else {}
    for name in pattern.arguments:
        if name in values:
            continue
        if name == "pk":
            model = _pk_model(pattern.key)
            assert model, f"{pattern.key}: add the model its pk belongs to to PK_MODELS"
            values[name] = dataset.objects[model].pk
        elif name in ("object_id", "id") and pattern.route.startswith("admin/"):
            app_label, model_name = pattern.route.split("/")[1:3]
            values[name] = dataset.objects[apps.get_model(app_label, model_name)].pk
        else:
            raise AssertionError(f"{pattern.key}: say in ARGUMENTS what {name!r} is")
    if pattern.named:
        return reverse(pattern.key, kwargs=values)
    # An unnamed pattern: its route with the values in place of the converters and groups.
    url = ARGUMENT.sub(lambda match: str(values[match[1] or match[2]]), pattern.route)
    return "/" + url.lstrip("^").rstrip("$")


LOGIN_PAGES = {reverse("login"), reverse("admin:login")}


def outcome_of(response, method):
    """ALLOWED, LOGIN, DENIED or HIDDEN, as the response shows it (None: none of them)."""
    status = response.status_code
    if status in (301, 302):
        target = response.url.split("?")[0]
        if target in LOGIN_PAGES:
            return LOGIN
        return ALLOWED
    if status == 404:
        return HIDDEN
    if status == 403:
        return DENIED
    allowed = {"GET": (200, 405), "POST": (200, 400)}[method]
    return ALLOWED if status in allowed else None


def matches(expected, actual, response, role):
    if expected == DENIED:
        # Django's admin refuses a signed-in user without staff status by sending them to its
        # own login page, which then says they are not authorised.
        admin_login = actual == LOGIN and response.url.startswith(reverse("admin:login"))
        return actual in (DENIED, HIDDEN) or (role != ANONYMOUS and admin_login)
    return actual == expected


CASES = [
    pytest.param(role, key, method, id=f"{method}-{role}-{key}")
    for key, access in EXPECTED.items()
    for method, rule in (("GET", access.get), ("POST", access.post))
    if rule is not None
    for role in ROLES
]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "key", "method"), CASES)
def test_every_role_gets_the_expected_answer_from_every_url(dataset, role, key, method):
    access = EXPECTED[key]
    expected = (access.get if method == "GET" else access.post)[role]
    client = Client()
    if role != ANONYMOUS:
        client.cookies[settings.SESSION_COOKIE_NAME] = dataset.sessions[role]
    url = build_url(PATTERNS[key], dataset)
    if access.query:
        url = f"{url}?{access.query}"
    response = client.get(url) if method == "GET" else client.post(url, {})
    actual = outcome_of(response, method)
    assert matches(expected, actual, response, role), (
        f"{method} {url} as {role}: expected {expected}, got {response.status_code} "
        f"{response.get('Location', '')}"
    )
