"""Bad input never breaks a page: odd page numbers and filters, ids that do not exist or are
another locality's, very long text, right-to-left control characters, markup, broken files.

Every answer must be below 500, markup typed by someone must come back escaped, and a value
longer than its column must be refused by the form: SQLite does not enforce max_length, but
PostgreSQL does, and a database error there would be a 500.
"""

import datetime
import io
import os
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from stakeholders.models import (
    Committee,
    ConsentChange,
    ImportBatch,
    Interaction,
    Membership,
    Organisation,
    PastProcess,
    Relationship,
    Stakeholder,
)
from tests.factories import (
    BurnedStakeholderFactory,
    CommitteeFactory,
    FollowUpFactory,
    ImportBatchFactory,
    InteractionFactory,
    LocalityAccessFactory,
    MembershipFactory,
    OfficialFactory,
    OrganisationFactory,
    PastProcessFactory,
    RelationshipFactory,
    RepresentationFactory,
    StakeholderFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LONG = "שלום" * 2_500  # 10,000 characters, Hebrew like the real data
SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'
MARKUP = f"{SCRIPT}{IMAGE}"
# Right-to-left override, right-to-left and left-to-right marks, pop directional formatting.
RLO, RLM, LRM, PDF = "\u202e", "\u200f", "\u200e", "\u202c"
BIDI_NAME = f"{RLO}נועה{PDF} {LRM}Noa{RLM} 2"
HUGE = str(10**30)  # beyond any integer column
TODAY = timezone.localdate()


def assert_escaped(response):
    """Below 500, and no markup that someone typed reaches the page unescaped.

    Exports (CSV, Excel) hold the data as typed: they are downloaded, never shown as HTML.
    """
    assert response.status_code < 500
    if not response["Content-Type"].startswith("text/html"):
        assert response["Content-Disposition"].startswith("attachment")
        if response.streaming:
            # A streamed export fails while it is sent: read it all.
            b"".join(response.streaming_content)
        return
    content = response.content.decode(errors="replace")
    assert "<script>alert(1)" not in content
    assert "<img src=x onerror" not in content


@pytest.fixture
def places(locality, other_locality, coordinator):
    """Records in the coordinator's locality (A) and in another one (B)."""
    person = OfficialFactory(locality=locality)
    other_person = StakeholderFactory(locality=locality)
    seat = MembershipFactory(committee__locality=locality, stakeholder=person)
    # A name no factory draws: the tests look for it on pages of locality A.
    b_person = StakeholderFactory(locality=other_locality, first_name="זרובבל", last_name="מעבר")
    b_seat = MembershipFactory(committee__locality=other_locality, stakeholder=b_person)
    b_coordinator = UserFactory()
    LocalityAccessFactory(user=b_coordinator, locality=other_locality)
    return {
        "person": person,
        "other_person": other_person,
        "organisation": OrganisationFactory(locality=locality),
        "committee": seat.committee,
        "seat": seat,
        "process": PastProcessFactory(locality=locality),
        "burn": BurnedStakeholderFactory(process__locality=locality, stakeholder=other_person),
        "relationship": RelationshipFactory(locality=locality, from_stakeholder=person),
        "follow_up": FollowUpFactory(stakeholder=person, owner=coordinator),
        "batch": ImportBatchFactory(locality=locality, created_by=coordinator),
        "b_person": b_person,
        "b_organisation": OrganisationFactory(locality=other_locality),
        "b_committee": b_seat.committee,
        "b_seat": b_seat,
        "b_process": PastProcessFactory(locality=other_locality),
        "b_burn": BurnedStakeholderFactory(process__locality=other_locality, stakeholder=b_person),
        "b_relationship": RelationshipFactory(locality=other_locality),
        "b_follow_up": FollowUpFactory(stakeholder=b_person, owner=b_coordinator),
        "b_batch": ImportBatchFactory(locality=other_locality),
        "b_coordinator": b_coordinator,
    }


# --- Page numbers and filters --------------------------------------------------------------

BAD_NUMBERS = ["abc", "-1", "0", "1.5", "1e400", "NaN", str(10**20), "9" * 5_000, "²", "١٢", ""]

PAGINATED = [
    "stakeholders:stakeholder_list",
    "stakeholders:organisation_list",
    "stakeholders:relationship_list",
    "stakeholders:followup_list",
]


@pytest.mark.parametrize("page", BAD_NUMBERS)
@pytest.mark.parametrize("name", PAGINATED)
def test_a_page_number_that_is_not_a_page_shows_a_page(coordinator_client, places, name, page):
    response = coordinator_client.get(reverse(name), {"page": page})
    assert response.status_code == 200


@pytest.mark.parametrize("page", BAD_NUMBERS)
def test_an_import_preview_page_number_that_is_not_a_page_shows_a_page(
    coordinator_client, places, page
):
    url = reverse("stakeholders:import_preview", args=[places["batch"].pk])
    response = coordinator_client.get(url, {"page": page, "status": "new"})
    assert response.status_code == 200


REGISTER_FILTERS = [
    {"kind": "nobody"},
    {"sector": "space"},
    {"consent": ["maybe", "active"]},
    {"influence_min": "abc"},
    {"influence_min": "1e400"},
    {"influence_min": "NaN"},
    {"influence_min": HUGE},
    {"influence": "9"},
    {"influence_basis": "magic"},
    {"committee": "abc"},
    {"committee": HUGE},
    {"committee": "²"},
    {"committee": "-1"},
    {"organisation": HUGE},
    {"organisation": "²"},
    {"burned": "perhaps"},
    {"sensitive": "x"},
    {"no_contact_days": "-5"},
    {"no_contact_days": "1e400"},
    {"no_contact_days": "Infinity"},
    {"no_contact_days": HUGE},
    {"sort": "password"},
    {"sort": IMAGE, "kind": IMAGE, "no_contact_days": IMAGE, "s": IMAGE, "page": IMAGE},
    {"s": "no-such-token"},
]


@pytest.mark.parametrize(
    "name",
    [
        "stakeholders:stakeholder_list",
        "stakeholders:stakeholder_export",
        "stakeholders:consent_history_export",
    ],
)
@pytest.mark.parametrize("query", REGISTER_FILTERS, ids=lambda q: "&".join(q))
def test_register_filters_with_unknown_values_are_ignored(coordinator_client, places, name, query):
    response = coordinator_client.get(reverse(name), query)
    assert response.status_code == 200
    assert_escaped(response)


def test_register_filters_naming_another_localitys_committee_or_organisation_find_nothing_there(
    coordinator_client, places
):
    for query in (
        {"committee": places["b_committee"].pk},
        {"organisation": places["b_organisation"].pk},
    ):
        response = coordinator_client.get(reverse("stakeholders:stakeholder_list"), query)
        assert response.status_code == 200
        assert places["b_person"].full_name not in response.content.decode()


OTHER_QUERIES = [
    ("stakeholders:organisation_list", {"sector": "space", "scope": "moon", "q": LONG}),
    ("stakeholders:organisation_list", {"q": MARKUP, "sector": IMAGE, "page": IMAGE}),
    ("stakeholders:organisation_export", {"sector": "space", "q": LONG, "format": "pdf"}),
    ("stakeholders:organisation_lookup", {"field": "organisation", "organisation__q": LONG}),
    ("stakeholders:organisation_lookup", {"field": IMAGE}),
    ("stakeholders:organisation_lookup", {"field": "x" * 1_000}),
    ("stakeholders:organisation_lookup", {}),
    ("stakeholders:stakeholder_lookup", {"field": "person", "person__q": MARKUP}),
    ("stakeholders:stakeholder_lookup", {"field": "person", "person__q": LONG, "multiple": "1"}),
    ("stakeholders:stakeholder_lookup", {"field": "שדה", "שדה__q": "נו"}),
    ("stakeholders:stakeholder_export", {"format": IMAGE}),
    ("stakeholders:relationship_list", {"kind": "enemy", "sensitive": "2"}),
    ("stakeholders:relationship_list", {"kind": IMAGE, "page": IMAGE}),
    ("stakeholders:committee_export", {"committee": "²"}),
    ("stakeholders:committee_export", {"committee": "١"}),
    ("stakeholders:committee_export", {"committee": HUGE}),
    ("stakeholders:committee_export", {"committee": "abc", "format": "xlsx"}),
    ("stakeholders:committee_create", {"parent": "²"}),
    ("stakeholders:committee_create", {"parent": HUGE}),
    ("stakeholders:committee_create", {"parent": "abc"}),
    ("stakeholders:dashboard", {"days": "abc"}),
    ("stakeholders:dashboard", {"days": str(10**20)}),
    ("stakeholders:dashboard", {"days": "9" * 5_000}),
    ("stakeholders:dashboard", {"days": "-1"}),
    ("stakeholders:dashboard", {"days": "²"}),
    ("stakeholders:followup_list", {"show": IMAGE}),
    ("stakeholders:import_template", {"format": "exe"}),
    ("stakeholders:home", {"next": IMAGE}),
]


@pytest.mark.parametrize(
    ("name", "query"), OTHER_QUERIES, ids=[f"{n}-{'&'.join(q)}" for n, q in OTHER_QUERIES]
)
def test_other_query_strings_with_odd_values_answer_cleanly(
    coordinator_client, places, name, query
):
    kwargs = {"kind": "stakeholders"} if name.endswith("import_template") else {}
    response = coordinator_client.get(reverse(name, kwargs=kwargs), query, follow=True)
    assert response.status_code in (200, 400)
    assert_escaped(response)


def test_committee_create_with_another_localitys_parent_offers_no_such_parent(
    coordinator_client, places
):
    url = reverse("stakeholders:committee_create")
    response = coordinator_client.get(url, {"parent": places["b_committee"].pk})
    assert response.status_code == 200
    assert places["b_committee"].name not in response.content.decode()


@pytest.mark.parametrize("status", ["nothing", IMAGE, LONG])
def test_import_preview_with_an_unknown_status_shows_every_row(coordinator_client, places, status):
    url = reverse("stakeholders:import_preview", args=[places["batch"].pk])
    response = coordinator_client.get(url, {"status": status})
    assert response.status_code == 200
    assert_escaped(response)


@pytest.mark.parametrize(
    "next_url", ["javascript:alert(1)", "//evil.example/", "https://evil.example/", ""]
)
@pytest.mark.parametrize("language", ["he", "xx", IMAGE])
def test_the_language_switch_never_sends_to_another_site(coordinator_client, next_url, language):
    response = coordinator_client.post(
        reverse("stakeholders:set_language"), {"language": language, "next": next_url}
    )
    assert response.status_code == 302
    assert response.url == reverse("stakeholders:home")


@pytest.mark.parametrize("next_url", [IMAGE, "dashboard", LONG, f"/{RLO}x\n"])
@pytest.mark.parametrize("language", ["ar", "xx"])
def test_the_language_switch_goes_back_to_an_odd_local_address_without_failing(
    coordinator_client, next_url, language
):
    response = coordinator_client.post(
        reverse("stakeholders:set_language"), {"language": language, "next": next_url}
    )
    assert response.status_code == 302
    assert "<" not in response["Location"] and "\n" not in response["Location"]


@pytest.mark.parametrize("value", ["abc", HUGE, "²", "", IMAGE])
def test_switching_to_a_locality_that_is_not_ones_own_is_refused(coordinator_client, value):
    response = coordinator_client.post(
        reverse("stakeholders:switch_locality"), {"locality": value}, follow=True
    )
    assert response.status_code == 200
    assert_escaped(response)


# --- Ids that do not exist, or that belong to another locality -----------------------------

OBJECT_URLS = [
    ("stakeholders:stakeholder_detail", "person"),
    ("stakeholders:stakeholder_edit", "person"),
    ("stakeholders:stakeholder_consent", "person"),
    ("stakeholders:stakeholder_interaction", "person"),
    ("stakeholders:stakeholder_seat", "person"),
    ("stakeholders:stakeholder_relationship", "person"),
    ("stakeholders:organisation_detail", "organisation"),
    ("stakeholders:organisation_edit", "organisation"),
    ("stakeholders:committee_detail", "committee"),
    ("stakeholders:committee_edit", "committee"),
    ("stakeholders:committee_add_member", "committee"),
    ("stakeholders:membership_role", "seat"),
    ("stakeholders:membership_close", "seat"),
    ("stakeholders:past_process_edit", "process"),
    ("stakeholders:past_process_delete", "process"),
    ("stakeholders:relationship_delete", "relationship"),
    ("stakeholders:relationship_edit", "relationship"),
    ("stakeholders:burn_note_edit", "burn"),
    ("stakeholders:followup_done", "follow_up"),
    ("stakeholders:import_preview", "batch"),
    ("stakeholders:import_confirm", "batch"),
    ("stakeholders:import_problems", "batch"),
]


@pytest.mark.parametrize("pk", [0, 999_999, 2**31, 2**63, 10**30])
@pytest.mark.parametrize(("name", "record"), OBJECT_URLS)
def test_an_id_that_does_not_exist_is_a_404(coordinator_client, places, name, record, pk):
    url = reverse(name, args=[pk])
    # 405: the view only answers the other method.
    assert coordinator_client.get(url).status_code in (404, 405)
    assert coordinator_client.post(url, {}).status_code in (404, 405)


@pytest.mark.parametrize(("name", "record"), OBJECT_URLS)
def test_an_id_of_another_locality_is_a_404_and_changes_nothing(
    coordinator_client, places, name, record
):
    target = places[f"b_{record}"]
    url = reverse(name, args=[target.pk])
    assert coordinator_client.get(url).status_code in (404, 405)
    response = coordinator_client.post(url, {"end_date": TODAY.isoformat()})
    assert response.status_code in (404, 405)
    assert type(target).objects.filter(pk=target.pk).exists()
    if record == "seat":
        target.refresh_from_db()
        assert target.end_date is None


def _profile_url(places, action):
    return reverse(f"stakeholders:stakeholder_{action}", args=[places["person"].pk])


def test_choices_from_another_locality_or_that_do_not_exist_are_form_errors(
    coordinator_client, places
):
    """Every form that picks a record refuses one of another locality, or none at all."""
    person, b_person = places["person"], places["b_person"]
    committee = places["committee"]
    start = TODAY.isoformat()
    cases = [
        # (url, data, the form's field with the error)
        (
            _profile_url(places, "seat"),
            {"seat-role": "member", "seat-start_date": start},
            ("seat-committee", "committee"),
        ),
        (
            reverse("stakeholders:committee_add_member", args=[committee.pk]),
            {"member-role": "member", "member-start_date": start},
            ("member-stakeholder", "stakeholder"),
        ),
        (
            _profile_url(places, "relationship"),
            {"relationship-kind": "ally"},
            ("relationship-other_person", "other_person"),
        ),
        (
            _profile_url(places, "relationship"),
            {"relationship-kind": "ally"},
            ("relationship-other_organisation", "other_organisation"),
        ),
        (
            reverse("stakeholders:stakeholder_create"),
            {"kind": "resident", "sector": "none", "first_name": "נועה"},
            ("organisations", "organisations"),
        ),
        (
            reverse("stakeholders:past_process_create"),
            {"name": "תוכנית", "start_year": 2015, "outcome": "failed"},
            ("burned", "burned"),
        ),
        (
            reverse("stakeholders:committee_create"),
            {"name": "ועדה חדשה", "kind": "task_team"},
            ("parent", "parent"),
        ),
        (
            _profile_url(places, "interaction"),
            {
                "interaction-occurred_at": "2026-01-01T10:00",
                "interaction-channel": "call",
                "interaction-outcome": "neutral",
                "interaction-summary": "שיחה",
                "interaction-follow_up": "לחזור אליה",
                "interaction-follow_up_due": start,
            },
            ("interaction-follow_up_owner", "follow_up_owner"),
        ),
    ]
    others = {
        "committee": places["b_committee"].pk,
        "stakeholder": b_person.pk,
        "other_person": b_person.pk,
        "other_organisation": places["b_organisation"].pk,
        "organisations": places["b_organisation"].pk,
        "burned": b_person.pk,
        "parent": places["b_committee"].pk,
        "follow_up_owner": places["b_coordinator"].pk,
    }
    counts = _counts()
    for url, data, (key, field) in cases:
        for value in (others[field], 999_999, HUGE, "²", "abc", IMAGE):
            response = coordinator_client.post(url, {**data, key: value})
            assert response.status_code == 200, (url, key, value)
            assert field in response.context["form"].errors, (url, key, value)
            assert_escaped(response)
    assert _counts() == counts
    assert person.memberships.count() == 1


def _counts():
    models = [Stakeholder, Committee, Membership, Relationship, PastProcess, Interaction]
    return {model: model.objects.count() for model in models}


# --- Very long values in every field of every form -----------------------------------------


def _forms(places):
    """Every form of the workspace: its address and data it accepts as valid."""
    person, committee, seat = places["person"], places["committee"], places["seat"]
    start = (TODAY - datetime.timedelta(days=1)).isoformat()
    return {
        "stakeholder": (
            reverse("stakeholders:stakeholder_create"),
            {"kind": "resident", "sector": "none", "first_name": "נועה", "last_name": "כהן"},
        ),
        "stakeholder edit": (
            reverse("stakeholders:stakeholder_edit", args=[person.pk]),
            {"kind": "official", "first_name": "נועה", "last_name": "כהן", "sector": "public"},
        ),
        "organisation": (
            reverse("stakeholders:organisation_create"),
            {"name": "מתנ״ס הגפן", "sector": "social", "scope": "local", "kind": "other"},
        ),
        "organisation edit": (
            reverse("stakeholders:organisation_edit", args=[places["organisation"].pk]),
            {"name": "מתנ״ס הגפן", "sector": "social", "scope": "local", "kind": "other"},
        ),
        "committee": (
            reverse("stakeholders:committee_create"),
            {"name": "ועדת היגוי", "kind": "steering"},
        ),
        "committee edit": (
            reverse("stakeholders:committee_edit", args=[committee.pk]),
            {"name": "ועדת היגוי", "kind": "steering"},
        ),
        "past process": (
            reverse("stakeholders:past_process_create"),
            {"name": "תוכנית", "start_year": "2015", "end_year": "2017", "outcome": "failed"},
        ),
        "past process edit": (
            reverse("stakeholders:past_process_edit", args=[places["process"].pk]),
            {"name": "תוכנית", "start_year": "2015", "end_year": "2017", "outcome": "failed"},
        ),
        "consent": (
            _profile_url(places, "consent"),
            {"consent-level": "passive", "consent-at": start, "consent-evidence": ""},
        ),
        "interaction": (
            _profile_url(places, "interaction"),
            {
                "interaction-occurred_at": f"{start}T10:00",
                "interaction-channel": "call",
                "interaction-outcome": "neutral",
                "interaction-summary": "שיחה",
            },
        ),
        "relationship": (
            _profile_url(places, "relationship"),
            {"relationship-other_person": places["other_person"].pk, "relationship-kind": "ally"},
        ),
        "seat": (
            _profile_url(places, "seat"),
            {
                "seat-committee": CommitteeFactory(locality=committee.locality).pk,
                "seat-role": "member",
                "seat-start_date": start,
            },
        ),
        "member": (
            reverse("stakeholders:committee_add_member", args=[committee.pk]),
            {
                "member-stakeholder": places["other_person"].pk,
                "member-role": "member",
                "member-start_date": start,
            },
        ),
        "role": (
            reverse("stakeholders:membership_role", args=[seat.pk]),
            {f"membership-{seat.pk}-role": "chair", f"membership-{seat.pk}-term_end_date": ""},
        ),
        "close seat": (
            reverse("stakeholders:membership_close", args=[seat.pk]),
            {f"close-{seat.pk}-end_date": start},
        ),
        "target": (reverse("stakeholders:dashboard_target"), {"official_active_target": "60"}),
        "relationship page": (
            reverse("stakeholders:relationship_create"),
            {
                "relationship-person": person.pk,
                "relationship-other_person": places["other_person"].pk,
                "relationship-kind": "ally",
            },
        ),
        "relationship edit": (
            reverse("stakeholders:relationship_edit", args=[places["relationship"].pk]),
            {"kind": "tension", "sensitive": "on", "note": ""},
        ),
        "burn note": (
            reverse("stakeholders:burn_note_edit", args=[places["burn"].pk]),
            {"note": "נפגעה מהתוכנית הקודמת"},
        ),
    }


FORM_FIELDS = {
    "stakeholder": [
        "first_name",
        "last_name",
        "community",
        "division",
        "department",
        "job_title",
        "phone",
        "email",
        "notes",
        "kind",
        "sector",
        "position",
        "influence_level",
        "influence_basis",
        "organisations",
        "consent_level",
        "consent_evidence",
    ],
    "stakeholder edit": ["first_name", "last_name", "job_title", "phone", "email", "notes"],
    "organisation": ["name", "website", "notes", "sector", "scope", "kind"],
    "organisation edit": ["name", "website", "notes"],
    "committee": ["name", "description", "kind", "parent"],
    "committee edit": ["name", "description"],
    "past process": ["name", "description", "lessons", "start_year", "end_year", "outcome"],
    "past process edit": ["name", "description", "lessons"],
    "consent": ["consent-note", "consent-level", "consent-evidence", "consent-at"],
    "interaction": [
        "interaction-summary",
        "interaction-follow_up",
        "interaction-occurred_at",
        "interaction-channel",
        "interaction-outcome",
        "interaction-follow_up_owner",
        "interaction-follow_up_due",
        "interaction-consent_level",
        "interaction-consent_evidence",
    ],
    "relationship": [
        "relationship-note",
        "relationship-kind",
        "relationship-other_person",
        "relationship-other_organisation",
    ],
    "seat": ["seat-committee", "seat-role", "seat-start_date", "seat-term_end_date"],
    "member": ["member-stakeholder", "member-role", "member-start_date", "member-term_end_date"],
    "role": ["role", "term_end_date"],
    "close seat": ["end_date"],
    "target": ["official_active_target"],
    "relationship page": [
        "relationship-person",
        "relationship-note",
        "relationship-kind",
        "relationship-other_person",
    ],
    "relationship edit": ["kind", "note"],
    "burn note": ["note"],
}
# Text without a length limit in the database: a long value is a valid one.
UNLIMITED = {
    "notes",
    "description",
    "lessons",
    "interaction-summary",
}

FORM_CASES = [(form, field) for form, fields in FORM_FIELDS.items() for field in fields]


def _field_key(form, field, places):
    # The role and close forms are prefixed with the seat's pk, known only once it exists.
    if form == "role":
        return f"membership-{places['seat'].pk}-{field}"
    if form == "close seat":
        return f"close-{places['seat'].pk}-{field}"
    return field


def _errors(response):
    form = response.context["form"] if response.context else None
    return form.errors if form is not None else {}


@pytest.mark.parametrize(("form", "field"), FORM_CASES, ids=[f"{f}-{n}" for f, n in FORM_CASES])
def test_a_very_long_value_in_any_field_is_refused_by_the_form_or_kept_whole(
    coordinator_client, places, form, field
):
    url, valid = _forms(places)[form]
    key = _field_key(form, field, places)
    response = coordinator_client.post(url, {**valid, key: LONG})
    assert response.status_code in (200, 302)
    assert_escaped(response)
    bare = field.split("-")[-1]
    if field in UNLIMITED:
        assert response.status_code == 302, _errors(response)
    elif form == "target":
        # The target form lives on the dashboard and reports back with a message.
        assert response.status_code == 302
        places["person"].locality.refresh_from_db()
        assert places["person"].locality.official_active_target == 51
    else:
        assert response.status_code == 200
        assert bare in _errors(response), f"{key} was not refused: {_errors(response)}"


@pytest.mark.parametrize("form", list(FORM_FIELDS))
def test_every_form_accepts_its_valid_data(coordinator_client, places, form):
    """The baseline of the long-value test: with valid data, each form saves."""
    url, valid = _forms(places)[form]
    response = coordinator_client.post(url, valid)
    assert response.status_code == 302, _errors(response)


def test_long_values_in_every_text_field_at_once_leave_the_database_untouched(
    coordinator_client, places
):
    forms = _forms(places)
    counts = _counts()
    for form, fields in FORM_FIELDS.items():
        url, valid = forms[form]
        data = {**valid, **{_field_key(form, f, places): LONG for f in fields}}
        response = coordinator_client.post(url, data)
        assert response.status_code in (200, 302)
        assert_escaped(response)
    assert _counts() == counts


def test_long_values_in_the_search_boxes_are_cut_not_refused(coordinator_client, places):
    response = coordinator_client.post(reverse("stakeholders:stakeholder_list"), {"q": LONG})
    assert response.status_code == 302
    response = coordinator_client.get(response.url)
    assert response.status_code == 200
    assert len(response.context["search_text"]) == 200


# --- Hebrew, mixed direction and control characters ----------------------------------------


def test_mixed_direction_names_with_control_characters_are_kept_as_typed(
    coordinator_client, places
):
    response = coordinator_client.post(
        reverse("stakeholders:stakeholder_create"),
        {
            "kind": "resident",
            "sector": "none",
            "first_name": BIDI_NAME,
            "last_name": f"{RLM}כהן-Cohen{LRM}",
            "community": f"שכונת {RLO}הגפן{PDF}",
            "phone": f"{RLM}050-765{LRM}4321{RLO}",
            "notes": f"{RLO}{MARKUP}{PDF}\n{LRM}שורה שנייה",
        },
    )
    assert response.status_code == 302
    person = Stakeholder.objects.get(first_name=BIDI_NAME)
    assert person.last_name == f"{RLM}כהן-Cohen{LRM}"
    assert person.phone == "+972507654321"  # the marks a phone picks up are dropped
    for url in (
        reverse("stakeholders:stakeholder_detail", args=[person.pk]),
        reverse("stakeholders:stakeholder_list"),
    ):
        response = coordinator_client.get(url)
        assert response.status_code == 200
        assert BIDI_NAME in response.content.decode()
        assert_escaped(response)


def test_an_over_long_email_is_refused(coordinator_client):
    response = coordinator_client.post(
        reverse("stakeholders:stakeholder_create"),
        {"kind": "resident", "sector": "none", "first_name": "נועה", "email": LONG},
    )
    assert response.status_code == 200
    assert "email" in response.context["form"].errors


@pytest.mark.parametrize("email", [f"{RLO}noa@example.org", f"noa{LRM}@example.org"])
def test_direction_marks_pasted_into_an_email_are_dropped(coordinator_client, email):
    response = coordinator_client.post(
        reverse("stakeholders:stakeholder_create"),
        {"kind": "resident", "sector": "none", "first_name": "נועה", "email": email},
    )
    assert response.status_code == 302
    assert Stakeholder.objects.get().email == "noa@example.org"


def test_names_that_differ_only_in_direction_marks_and_spaces_are_saved(coordinator_client):
    for name in (f"ועדת {RLM}חינוך", f"  ועדת   {LRM}חינוך  ", "ועדת\tחינוך\u00a0"):
        response = coordinator_client.post(
            reverse("stakeholders:committee_create"), {"name": name, "kind": "committee"}
        )
        assert response.status_code in (200, 302)
        assert_escaped(response)


# --- Markup typed into the data ------------------------------------------------------------


def _pages(places, person):
    return [
        reverse("stakeholders:dashboard"),
        reverse("stakeholders:stakeholder_list"),
        reverse("stakeholders:stakeholder_detail", args=[person.pk]),
        reverse("stakeholders:stakeholder_edit", args=[person.pk]),
        reverse("stakeholders:stakeholder_consent", args=[person.pk]),
        reverse("stakeholders:stakeholder_lookup") + "?field=person&person__q=" + SCRIPT[:8],
        reverse("stakeholders:organisation_list"),
        reverse("stakeholders:organisation_lookup") + "?field=o&o__q=" + SCRIPT[:8],
        reverse("stakeholders:committee_list"),
        reverse("stakeholders:past_process_list"),
        reverse("stakeholders:relationship_list"),
        reverse("stakeholders:followup_list"),
        reverse("stakeholders:import_start"),
        reverse("stakeholders:home"),
    ]


def test_markup_in_every_text_field_is_shown_escaped_everywhere(
    coordinator_client, places, locality, coordinator
):
    coordinator.first_name = MARKUP
    coordinator.save()
    person = StakeholderFactory(
        locality=locality,
        kind=Stakeholder.Kind.INFLUENCE_CENTRE,
        sector="business",
        first_name=MARKUP,
        last_name=IMAGE,
        community=MARKUP,
        job_title=MARKUP,
        notes=MARKUP,
        influence_level=5,
        influence_basis="personality",
    )
    organisation = RepresentationFactory(
        stakeholder=person, organisation__name=MARKUP, organisation__notes=MARKUP, role=MARKUP
    ).organisation
    committee = CommitteeFactory(locality=locality, name=MARKUP, description=MARKUP)
    seat = MembershipFactory(committee=committee, stakeholder=person, note=MARKUP)
    CommitteeFactory(locality=locality, name=IMAGE, parent=committee, kind="task_team")
    process = PastProcessFactory(locality=locality, name=MARKUP, description=MARKUP, lessons=MARKUP)
    BurnedStakeholderFactory(process=process, stakeholder=person, note=MARKUP)
    RelationshipFactory(locality=locality, from_stakeholder=person, note=MARKUP, sensitive=True)
    RelationshipFactory(
        locality=locality,
        from_stakeholder=person,
        to_stakeholder=None,
        to_organisation=organisation,
        note=MARKUP,
    )
    interaction = InteractionFactory(stakeholder=person, summary=MARKUP, recorded_by=coordinator)
    FollowUpFactory(
        stakeholder=person, interaction=interaction, description=MARKUP, owner=coordinator
    )
    person.change_consent(level="active", by=coordinator, evidence="other", note=MARKUP)
    ImportBatchFactory(locality=locality, filename=f"{MARKUP}.csv", created_by=coordinator)

    pages = [
        *_pages(places, person),
        reverse("stakeholders:organisation_detail", args=[organisation.pk]),
        reverse("stakeholders:organisation_edit", args=[organisation.pk]),
        reverse("stakeholders:committee_detail", args=[committee.pk]),
        reverse("stakeholders:committee_edit", args=[committee.pk]),
        reverse("stakeholders:committee_add_member", args=[committee.pk]),
        reverse("stakeholders:membership_close", args=[seat.pk]),
        reverse("stakeholders:past_process_edit", args=[process.pk]),
        reverse("stakeholders:past_process_delete", args=[process.pk]),
        reverse("stakeholders:relationship_delete", args=[Relationship.objects.first().pk]),
    ]
    for url in pages:
        response = coordinator_client.get(url, follow=True)
        assert response.status_code == 200, url
        assert_escaped(response)
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;"
        in coordinator_client.get(
            reverse("stakeholders:stakeholder_detail", args=[person.pk])
        ).content.decode()
    )


def test_markup_typed_into_the_forms_comes_back_escaped_in_pages_and_messages(
    coordinator_client, places
):
    """Each form saved with markup in its text, followed to the page it lands on."""
    forms = _forms(places)
    for form, fields in FORM_FIELDS.items():
        url, valid = forms[form]
        text = [f for f in fields if f in UNLIMITED or f.split("-")[-1] in ("name", "note")]
        data = {**valid, **{_field_key(form, f, places): MARKUP[:150] for f in text}}
        response = coordinator_client.post(url, data, follow=True)
        assert response.status_code == 200, form
        assert_escaped(response)
    for url in _pages(places, places["person"]):
        assert_escaped(coordinator_client.get(url, follow=True))


def test_markup_refused_by_a_form_is_shown_escaped_in_the_form(coordinator_client, places):
    response = coordinator_client.post(
        reverse("stakeholders:stakeholder_create"),
        {"kind": IMAGE, "first_name": MARKUP, "email": MARKUP, "phone": MARKUP},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert_escaped(response)


def test_the_django_admin_shows_markup_escaped(client, locality_admin, locality):
    person = StakeholderFactory(locality=locality, first_name=MARKUP, notes=MARKUP)
    client.force_login(locality_admin)
    for url in (
        reverse("admin:stakeholders_stakeholder_changelist") + f"?q={SCRIPT}",
        reverse("admin:stakeholders_stakeholder_change", args=[person.pk]),
        reverse("admin:stakeholders_stakeholder_changelist") + "?p=abc&o=99&kind=" + IMAGE,
        reverse("admin:stakeholders_consentchange_changelist") + "?at__gte=" + LONG[:100],
    ):
        response = client.get(url)
        assert response.status_code in (200, 302), url
        assert_escaped(response)


# --- Files that are not what they say ------------------------------------------------------


def _xlsx(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _zip_without_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "שלום")
    return buffer.getvalue()


def _csv(rows, encoding="utf-8-sig"):
    return "\r\n".join(",".join(row) for row in rows).encode(encoding)


NONSENSE_FILES = [
    ("random.csv", os.urandom(4_000)),
    ("random.xlsx", os.urandom(4_000)),
    ("random", os.urandom(4_000)),
    ("random.txt", os.urandom(4_000)),
    ("fake.xlsx", b"PK\x03\x04" + os.urandom(4_000)),
    ("archive.xlsx", _zip_without_a_workbook()),
    ("archive.csv", _zip_without_a_workbook()),
    ("empty.csv", b""),
    ("blank.csv", b"\r\n \r\n,,,\r\n"),
    ("header-only.csv", _csv([["שם פרטי", "טלפון"]])),
    ("nul.csv", b"a,b\x00c\r\n1,2\r\n"),
    ("utf16.csv", _csv([["שם פרטי"], ["נועה"]], encoding="utf-16")),
    ("latin.csv", "first name\r\nZoë Ünal\r\n".encode("latin-1")),
    ("quotes.csv", b'"unterminated,\r\n"a""b\r\n'),
    ("wide.csv", _csv([[f"col{i}" for i in range(5_000)], ["x"] * 5_000])),
    ("no-header.xlsx", _xlsx([[None, None], [1, 2]])),
    (f"{MARKUP}.csv", _csv([[MARKUP], [MARKUP]])),
    ("x" * 300 + ".csv", _csv([["שם פרטי"], ["נועה"]])),
]


@pytest.mark.parametrize(
    ("filename", "content"), NONSENSE_FILES, ids=[f"file{i}" for i in range(len(NONSENSE_FILES))]
)
@pytest.mark.parametrize("kind", ["stakeholders", "organisations", "memberships"])
def test_a_nonsense_file_is_refused_with_a_message_or_previewed(
    coordinator_client, places, kind, filename, content
):
    upload = io.BytesIO(content)
    upload.name = filename
    response = coordinator_client.post(
        reverse("stakeholders:import_start"),
        {"kind": kind, "file": upload, "default_kind": "resident"},
    )
    assert response.status_code in (200, 302)
    assert_escaped(response)
    if response.status_code == 200:
        assert "file" in response.context["form"].errors
    else:
        _preview_and_import(coordinator_client, response.url)


def _preview_and_import(client, preview_url):
    response = client.get(preview_url)
    assert response.status_code == 200
    assert_escaped(response)
    batch = response.context["batch"]
    for url in (
        reverse("stakeholders:import_confirm", args=[batch.pk]),
        reverse("stakeholders:import_problems", args=[batch.pk]),
    ):
        method = client.post if url.endswith("confirm/") else client.get
        response = method(url, follow=True)
        assert response.status_code == 200
        assert_escaped(response)


@pytest.mark.parametrize(
    ("kind", "header"),
    [
        (
            "stakeholders",
            ["שם פרטי", "שם משפחה", "טלפון", "דוא״ל", "קהילה", "תפקיד", "הערות", "ארגון"],
        ),
        ("organisations", ["שם הארגון", "מגזר", "אתר", "הערות", "סוג ארגון", "היקף"]),
        ("memberships", ["ועדה", "שם", "טלפון", "תפקיד בוועדה", "מתאריך", "עד תאריך"]),
    ],
)
@pytest.mark.parametrize("value", [LONG, MARKUP, BIDI_NAME, '=HYPERLINK("x")', "", "٣"])
@pytest.mark.parametrize("file_type", ["csv", "xlsx"])
def test_odd_cells_in_an_import_are_reported_on_their_row_never_a_database_error(
    coordinator_client, places, kind, header, value, file_type
):
    rows = [header, [value] * len(header), ["נועה", *[value] * (len(header) - 1)]]
    content = _xlsx(rows) if file_type == "xlsx" else _csv(rows)
    upload = io.BytesIO(content)
    upload.name = f"odd.{file_type}"
    response = coordinator_client.post(
        reverse("stakeholders:import_start"),
        {"kind": kind, "file": upload, "default_kind": "resident"},
    )
    assert response.status_code in (200, 302)
    assert_escaped(response)
    if response.status_code == 302:
        _preview_and_import(coordinator_client, response.url)
    # Whatever was imported fits its columns.
    for model, field, limit in [
        (Stakeholder, "first_name", 80),
        (Stakeholder, "community", 120),
        (Stakeholder, "email", 254),
        (Organisation, "name", 200),
        (Organisation, "website", 200),
    ]:
        for stored in model.objects.values_list(field, flat=True):
            assert len(stored) <= limit


def test_a_file_over_the_size_limit_is_refused(coordinator_client):
    upload = io.BytesIO(b"a" * (10 * 1024 * 1024 + 1))
    upload.name = "big.csv"
    response = coordinator_client.post(
        reverse("stakeholders:import_start"),
        {"kind": "stakeholders", "file": upload, "default_kind": "resident"},
    )
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not ImportBatch.objects.filter(filename="big.csv").exists()


@pytest.mark.parametrize(
    "data",
    [{"kind": "stakeholders"}, {"kind": "secrets", "default_kind": "alien"}, {"kind": LONG}],
    ids=["no-file", "unknown-kinds", "long-kind"],
)
def test_an_upload_without_a_file_or_with_unknown_kinds_is_a_form_error(coordinator_client, data):
    response = coordinator_client.post(reverse("stakeholders:import_start"), data)
    assert response.status_code == 200
    assert response.context["form"].errors


@pytest.mark.parametrize("kind", ["nothing", "a" * 300, "stakeholders_"])
def test_a_template_of_an_unknown_kind_sends_back_to_the_import_page(coordinator_client, kind):
    response = coordinator_client.get(reverse("stakeholders:import_template", args=[kind]))
    assert response.status_code == 302


def test_consent_history_is_unchanged_by_refused_consent_posts(coordinator_client, places):
    before = ConsentChange.objects.count()
    url = _profile_url(places, "consent")
    for data in (
        {"consent-level": "active"},  # no evidence
        {"consent-level": "nonsense", "consent-at": TODAY.isoformat()},
        {"consent-level": "passive", "consent-at": "2999-01-01"},
        {"consent-level": "passive", "consent-at": LONG},
        {"consent-level": "passive", "consent-at": "0000-00-00"},
    ):
        response = coordinator_client.post(url, data)
        assert response.status_code == 200
        assert response.context["form"].errors
    assert ConsentChange.objects.count() == before


HTMX_FORMS = ["consent", "interaction", "relationship", "seat", "role"]


@pytest.mark.parametrize("value", [LONG, MARKUP])
@pytest.mark.parametrize("form", HTMX_FORMS)
def test_in_place_forms_answer_bad_values_with_their_errors_escaped(
    coordinator_client, places, form, value
):
    """The same forms sent from the page by htmx answer with a fragment, not a page."""
    url, valid = _forms(places)[form]
    data = {**valid, **{_field_key(form, f, places): value for f in FORM_FIELDS[form]}}
    response = coordinator_client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert_escaped(response)
    assert "is-invalid" in response.content.decode() or "invalid-feedback" in (
        response.content.decode()
    )


@pytest.mark.parametrize("username", [MARKUP, LONG, BIDI_NAME])
def test_the_login_form_shows_odd_usernames_escaped(client, username):
    response = client.post(reverse("login"), {"username": username, "password": MARKUP})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert_escaped(response)


def test_the_admin_login_refuses_an_over_long_username_before_authenticating(client):
    response = client.post(reverse("admin:login"), {"username": LONG, "password": "x"})
    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert_escaped(response)
