"""The stakeholder register: list, search, filters, export, create and edit."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from stakeholders.enums import Role
from stakeholders.models import ConsentLevel, LocalityAccess, Stakeholder
from tests.conftest import csv_rows
from tests.factories import (
    BurnedStakeholderFactory,
    CommitteeFactory,
    InteractionFactory,
    MembershipFactory,
    OfficialFactory,
    RelationshipFactory,
    RepresentationFactory,
    StakeholderFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("stakeholders:stakeholder_list")
EXPORT_URL = reverse("stakeholders:stakeholder_export")
CREATE_URL = reverse("stakeholders:stakeholder_create")


def names_in(response):
    return {person.first_name for person in response.context["people"]}


def search(client, text, **filters):
    """Search the way the page does: post the text, follow to the list."""
    response = client.post(LIST_URL, {"q": text, **filters})
    assert response.status_code == 302
    assert text not in response.url
    return client.get(response.url)


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client


# --- Access --------------------------------------------------------------------------------


def test_the_register_asks_anonymous_users_to_log_in(client):
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_municipal_staff_and_users_without_a_role_get_403(client, make_user, locality):
    staff = make_user(Role.OFFICIAL, locality, stakeholder=OfficialFactory(locality=locality))
    client.force_login(staff)
    assert client.get(LIST_URL).status_code == 403
    assert client.get(CREATE_URL).status_code == 403
    client.force_login(make_user(Role.VIEWER, locality).__class__.objects.create(username="x"))
    assert client.get(LIST_URL).status_code == 403


def test_the_register_lists_only_the_current_localitys_people(
    coordinator_client, locality, other_locality
):
    StakeholderFactory(locality=locality, first_name="מקומית")
    StakeholderFactory(locality=other_locality, first_name="זרה")
    response = coordinator_client.get(LIST_URL)
    assert response.status_code == 200
    assert names_in(response) == {"מקומית"}
    assert "זרה" not in response.content.decode()


def test_the_register_page_is_hebrew_and_right_to_left(coordinator_client, locality):
    content = coordinator_client.get(LIST_URL).content.decode()
    assert '<html lang="he" dir="rtl">' in content
    assert "bootstrap.rtl.min.css" in content


def test_a_viewer_sees_the_register_without_contact_details(viewer_client, locality):
    StakeholderFactory(locality=locality, phone="+972501234567", email="secret@example.org")
    content = viewer_client.get(LIST_URL).content.decode()
    assert "050-1234567" not in content
    assert "secret@example.org" not in content
    assert reverse("stakeholders:stakeholder_create") not in content


def test_a_coordinator_sees_phone_numbers(coordinator_client, locality):
    StakeholderFactory(locality=locality, phone="+972501234567")
    assert "050-1234567" in coordinator_client.get(LIST_URL).content.decode()


def register_cards(response):
    html = response.content.decode()
    cards = html[html.index('<ul class="list-unstyled d-md-none') :]
    return cards[: cards.index("</ul>")]


def test_on_a_phone_the_register_is_cards_with_a_tap_to_call_number(coordinator_client, locality):
    person = OfficialFactory(locality=locality, phone="+972525551234")
    RepresentationFactory(stakeholder=person, organisation__name="מתנ״ס הגפן")
    cards = register_cards(coordinator_client.get(LIST_URL))
    assert person.get_absolute_url() in cards and person.full_name in cards
    assert person.get_kind_display() in cards and "מתנ״ס הגפן" in cards
    assert f"consent-{person.consent_level}" in cards
    assert (
        '<a href="tel:+972525551234" class="register-phone">'
        '<span class="visually-hidden">טלפון: </span>'
        '<bdi dir="ltr" class="text-nowrap">052-5551234</bdi></a>'
    ) in cards


def test_a_viewers_cards_have_no_phone(viewer_client, locality):
    OfficialFactory(locality=locality, phone="+972525551234")
    cards = register_cards(viewer_client.get(LIST_URL))
    assert "tel:" not in cards and "555" not in cards


def test_a_user_with_two_localities_switches_between_them(
    client, coordinator, locality, other_locality
):
    LocalityAccess.objects.create(user=coordinator, locality=other_locality, role=Role.VIEWER)
    StakeholderFactory(locality=locality, first_name="כאן")
    StakeholderFactory(locality=other_locality, first_name="שם")
    client.force_login(coordinator)
    assert names_in(client.get(LIST_URL)) == {"כאן"}

    switch = client.post(reverse("stakeholders:switch_locality"), {"locality": other_locality.pk})
    assert switch.status_code == 302
    response = client.get(LIST_URL)
    assert names_in(response) == {"שם"}
    # A viewer there: no contact details, no add button.
    assert response.context["can_edit"] is False


def test_switching_to_a_locality_without_access_is_refused(client, coordinator, other_locality):
    client.force_login(coordinator)
    client.post(reverse("stakeholders:switch_locality"), {"locality": other_locality.pk})
    assert client.get(LIST_URL).context["current_locality"] != other_locality


# --- Search --------------------------------------------------------------------------------


def test_search_by_a_local_phone_number_keeps_it_out_of_the_address(coordinator_client, locality):
    StakeholderFactory(locality=locality, first_name="דליה", phone="+972521112233")
    StakeholderFactory(locality=locality, first_name="אחר")
    response = search(coordinator_client, "052-1112233")
    assert names_in(response) == {"דליה"}
    assert "1112233" not in response.request["QUERY_STRING"]


def test_search_by_name_email_and_organisation(coordinator_client, locality):
    StakeholderFactory(locality=locality, first_name="שירה", last_name="לוי", email="s@example.org")
    RepresentationFactory(
        stakeholder__locality=locality,
        stakeholder__first_name="גלעד",
        organisation__name="מפעל השמש",
    )
    assert names_in(search(coordinator_client, "שירה לוי")) == {"שירה"}
    assert names_in(search(coordinator_client, "s@example")) == {"שירה"}
    assert names_in(search(coordinator_client, "השמש")) == {"גלעד"}


def test_a_viewer_cannot_find_people_by_phone(viewer_client, locality):
    StakeholderFactory(locality=locality, phone="+972521112233")
    assert names_in(search(viewer_client, "0521112233")) == set()


def test_search_keeps_the_filters_and_survives_paging(coordinator_client, locality):
    for n in range(30):
        StakeholderFactory(locality=locality, first_name=f"רינה{n}", kind="resident")
    OfficialFactory(locality=locality, first_name="רינה-פקידה")
    response = search(coordinator_client, "רינה", kind="resident")
    assert response.context["page"].paginator.count == 30
    second = coordinator_client.get(LIST_URL + "?" + response.context["query"] + "&page=2")
    assert len(second.context["people"]) == 5
    assert second.context["search_text"] == "רינה"


def test_an_unknown_search_token_just_shows_everyone(coordinator_client, locality):
    StakeholderFactory(locality=locality)
    response = coordinator_client.get(LIST_URL + "?s=nonsense")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1


# --- Filters and sorting -------------------------------------------------------------------


def test_filters_by_kind_sector_consent_and_influence(coordinator_client, locality):
    StakeholderFactory(locality=locality, first_name="תושבת")
    OfficialFactory(locality=locality, first_name="פקיד", consent_level=ConsentLevel.ACTIVE)
    StakeholderFactory(
        locality=locality,
        first_name="משפיעה",
        kind="influence_centre",
        sector="business",
        influence_level=5,
        influence_basis="personality",
    )
    StakeholderFactory(
        locality=locality, first_name="שניהם", influence_level=2, influence_basis="both"
    )

    def filtered(**params):
        return names_in(coordinator_client.get(LIST_URL, params))

    assert filtered(kind="official") == {"פקיד"}
    assert filtered(sector="business") == {"משפיעה"}
    assert filtered(consent="active") == {"פקיד"}
    assert filtered(influence_min=4) == {"משפיעה"}
    assert filtered(influence_basis="personality") == {"משפיעה", "שניהם"}
    assert filtered(influence_basis="position") == {"שניהם"}


def test_filter_by_committee_counts_only_current_seats(coordinator_client, locality):
    committee = CommitteeFactory(locality=locality)
    MembershipFactory(committee=committee, stakeholder__first_name="יושבת")
    MembershipFactory(
        committee=committee,
        stakeholder__first_name="עזב",
        end_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    response = coordinator_client.get(LIST_URL, {"committee": committee.pk})
    assert names_in(response) == {"יושבת"}


def test_filter_by_burned_and_by_sensitive_relationships(coordinator_client, locality):
    BurnedStakeholderFactory(process__locality=locality, stakeholder__first_name="נכווה")
    tie = RelationshipFactory(locality=locality, sensitive=True)
    tie.from_stakeholder.first_name = "רגיש"
    tie.from_stakeholder.save()
    assert names_in(coordinator_client.get(LIST_URL, {"burned": "yes"})) == {"נכווה"}
    sensitive = names_in(coordinator_client.get(LIST_URL, {"sensitive": "yes"}))
    assert sensitive == {"רגיש", tie.to_stakeholder.first_name}


def test_a_viewer_cannot_filter_by_sensitive_relationships(viewer_client, locality):
    RelationshipFactory(locality=locality, sensitive=True)
    StakeholderFactory(locality=locality)
    response = viewer_client.get(LIST_URL, {"sensitive": "yes"})
    assert response.context["page"].paginator.count == 3
    assert "sensitive" not in response.context["filter"].form.fields


def test_filter_no_contact_in_n_days(coordinator_client, locality):
    recent = InteractionFactory(stakeholder__locality=locality, stakeholder__first_name="לאחרונה")
    InteractionFactory(
        stakeholder__locality=locality,
        stakeholder__first_name="מזמן",
        occurred_at=timezone.now() - datetime.timedelta(days=90),
    )
    StakeholderFactory(locality=locality, first_name="אף פעם")
    response = coordinator_client.get(LIST_URL, {"no_contact_days": 30})
    assert names_in(response) == {"מזמן", "אף פעם"}
    assert recent.stakeholder.first_name not in names_in(response)


def test_sorting_by_consent_and_influence(coordinator_client, locality):
    StakeholderFactory(locality=locality, first_name="א", consent_level="opposed")
    StakeholderFactory(locality=locality, first_name="ב", consent_level="active")
    StakeholderFactory(
        locality=locality, first_name="ג", influence_level=5, influence_basis="position"
    )
    active_first = coordinator_client.get(LIST_URL, {"sort": "-consent"}).context["people"]
    assert active_first[0].first_name == "ב"
    assert active_first[-1].first_name == "א"
    strongest = coordinator_client.get(LIST_URL, {"sort": "-influence"}).context["people"]
    assert strongest[0].first_name == "ג"


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "99999"},
        {"page": "-1"},
        {"kind": "dragon"},
        {"influence_min": "ten"},
        {"influence_min": "9"},
        {"committee": "999999"},
        {"no_contact_days": "-5"},
        {"sort": "'; drop table"},
        {"consent": ["active", "nonsense"]},
        {"s": "x" * 5000},
    ],
)
def test_bad_query_strings_never_break_the_list(coordinator_client, locality, params):
    StakeholderFactory(locality=locality)
    response = coordinator_client.get(LIST_URL, params)
    assert response.status_code == 200


def test_an_invalid_filter_is_reported(coordinator_client, locality):
    response = coordinator_client.get(LIST_URL, {"influence_min": "9"})
    assert response.context["filter"].form.errors


def test_an_empty_register_invites_to_add_the_first_person(coordinator_client, locality):
    response = coordinator_client.get(LIST_URL)
    assert response.context["page"].paginator.count == 0
    assert CREATE_URL in response.content.decode()


def test_the_register_runs_a_fixed_number_of_queries(coordinator_client, locality, count_queries):
    committee = CommitteeFactory(locality=locality)

    def add_people(count):
        for _ in range(count):
            person = RepresentationFactory(stakeholder__locality=locality).stakeholder
            InteractionFactory(stakeholder=person)
            MembershipFactory(committee=committee, stakeholder=person)

    def register():
        return coordinator_client.get(LIST_URL, {"committee": committee.pk, "sort": "-contact"})

    # The page's queries, and one insert into the access log for the phone numbers it shows.
    add_people(5)
    small = count_queries(register)
    # Ten times as many: a full first page of 25, and a second one.
    add_people(45)
    large = count_queries(register)
    assert large == small
    page = register().context["page"]
    assert page.paginator.count == 50
    assert len(page.object_list) == 25


# --- Export --------------------------------------------------------------------------------


def test_the_export_is_excel_friendly_hebrew_csv_of_the_filtered_list(
    coordinator_client, locality, other_locality
):
    OfficialFactory(locality=locality, first_name="מנהלת", phone="+972501234567")
    StakeholderFactory(locality=locality, first_name="תושב")
    StakeholderFactory(locality=other_locality, first_name="זר")
    response = coordinator_client.get(EXPORT_URL, {"kind": "official"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert len(rows) == 2
    assert rows[1][0] == "מנהלת"
    assert "050-1234567" in rows[1]


def test_the_export_follows_the_search(coordinator_client, locality):
    StakeholderFactory(locality=locality, first_name="מצא", phone="+972521112233")
    StakeholderFactory(locality=locality, first_name="לא")
    listed = search(coordinator_client, "0521112233")
    rows = csv_rows(coordinator_client.get(EXPORT_URL + "?" + listed.context["query"]))
    assert [row[0] for row in rows[1:]] == ["מצא"]


def test_a_viewers_export_has_no_contact_details(viewer_client, locality):
    StakeholderFactory(locality=locality, phone="+972501234567", email="p@example.org")
    rows = csv_rows(viewer_client.get(EXPORT_URL))
    flat = " ".join(" ".join(row) for row in rows)
    assert "050-1234567" not in flat
    assert "p@example.org" not in flat
    assert len(rows[0]) == len(rows[1])


def test_the_export_neutralises_spreadsheet_formulas(coordinator_client, locality):
    StakeholderFactory(locality=locality, first_name="=HYPERLINK(1)", last_name="+SUM(A1)")
    rows = csv_rows(coordinator_client.get(EXPORT_URL))
    assert rows[1][0] == "'=HYPERLINK(1)"
    assert rows[1][1] == "'+SUM(A1)"


# --- Create and edit -----------------------------------------------------------------------


def person_data(**overrides):
    data = {
        "kind": "resident",
        "first_name": "נועה",
        "last_name": "ברק",
        "phone": "050-765 4321",
        "email": "Noa@Example.org",
        "community": "שכונת הגפן",
        "sector": "none",
        "influence_basis": "",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_a_coordinator_adds_a_stakeholder_with_a_normalised_phone(
    coordinator_client, coordinator, locality
):
    response = coordinator_client.post(CREATE_URL, person_data())
    person = Stakeholder.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("stakeholders:stakeholder_detail", args=[person.pk])
    assert person.locality == locality
    assert person.phone == "+972507654321"
    assert person.email == "noa@example.org"
    assert person.created_by == coordinator


def test_a_bad_phone_shows_a_hebrew_error_and_saves_nothing(coordinator_client, locality):
    response = coordinator_client.post(CREATE_URL, person_data(phone="12345"))
    assert response.status_code == 200
    assert "מספר טלפון" in response.content.decode()
    assert not Stakeholder.objects.exists()


@pytest.mark.parametrize(
    "field, value",
    [
        ("first_name", ""),
        ("email", "not-an-email"),
        ("kind", "alien"),
        ("first_name", "א" * 500),
        ("influence_level", "7"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(coordinator_client, locality, field, value):
    response = coordinator_client.post(CREATE_URL, person_data(**{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Stakeholder.objects.exists()


def test_markup_in_a_name_is_shown_as_text(coordinator_client, locality):
    coordinator_client.post(CREATE_URL, person_data(first_name="<script>alert(1)</script>"))
    person = Stakeholder.objects.get()
    content = coordinator_client.get(LIST_URL).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;" in content
    assert person.first_name == "<script>alert(1)</script>"


def test_a_same_phone_in_the_locality_asks_for_confirmation(coordinator_client, locality):
    existing = StakeholderFactory(locality=locality, phone="+972507654321")
    response = coordinator_client.post(CREATE_URL, person_data())
    assert response.status_code == 200
    assert response.context["form"].duplicates == [existing]
    assert Stakeholder.objects.count() == 1

    confirmed = coordinator_client.post(CREATE_URL, person_data(confirm_duplicate="on"))
    assert confirmed.status_code == 302
    assert Stakeholder.objects.count() == 2


def test_the_same_phone_in_another_locality_is_not_a_duplicate(
    coordinator_client, locality, other_locality
):
    StakeholderFactory(locality=other_locality, phone="+972507654321")
    assert coordinator_client.post(CREATE_URL, person_data()).status_code == 302


def test_a_centre_of_influence_needs_a_sector(coordinator_client, locality):
    response = coordinator_client.post(CREATE_URL, person_data(kind="influence_centre"))
    assert "sector" in response.context["form"].errors


def test_organisations_are_linked_on_save(coordinator_client, locality):
    link = RepresentationFactory(stakeholder__locality=locality)
    organisation = link.organisation
    coordinator_client.post(CREATE_URL, person_data(organisations=[organisation.pk]))
    person = Stakeholder.objects.get(email="noa@example.org")
    assert list(person.organisations.all()) == [organisation]


def test_editing_keeps_the_person_and_their_own_phone_is_not_a_duplicate(
    coordinator_client, locality
):
    person = StakeholderFactory(locality=locality, phone="+972507654321")
    url = reverse("stakeholders:stakeholder_edit", args=[person.pk])
    assert coordinator_client.get(url).status_code == 200
    response = coordinator_client.post(url, person_data(last_name="שמיר"))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.last_name == "שמיר"


def test_another_localitys_stakeholder_answers_404(coordinator_client, other_locality):
    stranger = StakeholderFactory(locality=other_locality)
    for name in ["stakeholder_detail", "stakeholder_edit", "stakeholder_consent"]:
        url = reverse(f"stakeholders:{name}", args=[stranger.pk])
        assert coordinator_client.get(url).status_code == 404, name


def test_a_viewer_cannot_add_or_edit(viewer_client, locality):
    person = StakeholderFactory(locality=locality)
    assert viewer_client.get(CREATE_URL).status_code == 403
    assert viewer_client.post(CREATE_URL, person_data()).status_code == 403
    edit = reverse("stakeholders:stakeholder_edit", args=[person.pk])
    assert viewer_client.post(edit, person_data()).status_code == 403
    assert Stakeholder.objects.count() == 1


def test_the_organisation_filter_comes_from_the_organisations_page(coordinator_client, locality):
    link = RepresentationFactory(stakeholder__locality=locality, stakeholder__first_name="נציגה")
    StakeholderFactory(locality=locality, first_name="אחרת")
    organisation = link.organisation
    page = coordinator_client.get(
        reverse("stakeholders:organisation_detail", args=[organisation.pk])
    )
    assert f"?organisation={organisation.pk}" in page.content.decode()
    response = coordinator_client.get(LIST_URL, {"organisation": organisation.pk})
    assert names_in(response) == {"נציגה"}
    assert organisation.name in response.content.decode()


def test_the_filter_form_shows_the_chosen_values(coordinator_client, locality):
    committee = CommitteeFactory(locality=locality, name="ועדת <חינוך>")
    content = coordinator_client.get(
        LIST_URL, {"kind": "official", "committee": committee.pk, "consent": "active"}
    ).content.decode()
    assert '<option value="official" selected>' in content
    assert f'<option value="{committee.pk}" selected>ועדת &lt;חינוך&gt;</option>' in content
    assert re.search(r'<input type="checkbox" name="consent" value="active"[^>]*checked', content)
    assert '<label class="form-label mb-1" for="id_kind">' in content


def test_an_email_pasted_with_direction_marks_is_cleaned_and_matches(coordinator_client, locality):
    existing = StakeholderFactory(locality=locality, email="dana@example.org", phone="")
    response = coordinator_client.post(
        CREATE_URL, person_data(phone="", email="\u200fdana@example.\u200eorg")
    )
    assert response.status_code == 200
    assert response.context["form"].duplicates == [existing]
