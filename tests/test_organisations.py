"""Centres of influence: the list by sector and scope, the profile with its representatives,
adding and editing, and who may do what."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils.html import escape

from stakeholders.enums import Role
from stakeholders.models import ConsentLevel, Organisation, Sector
from tests.factories import (
    InfluenceCentreRepresentativeFactory,
    OfficialFactory,
    OrganisationFactory,
    RepresentationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# Session, user, language preference, grants, workspace localities, sector counts, page count,
# page rows, the navigation's count of staff requests waiting, and the session's save (with
# its savepoint): fixed whatever the number of organisations.
LIST_QUERY_BOUND = 12


def list_url(**params):
    url = reverse("stakeholders:organisation_list")
    if params:
        url += "?" + urlencode(params)
    return url


def detail_url(organisation):
    return reverse("stakeholders:organisation_detail", args=[organisation.pk])


def edit_url(organisation):
    return reverse("stakeholders:organisation_edit", args=[organisation.pk])


CREATE_URL = "/organisations/new/"


def valid_data(**overrides):
    return {
        "name": "המכללה האזורית",
        "sector": Sector.ACADEMIA,
        "scope": Organisation.Scope.REGIONAL,
        "kind": Organisation.Kind.ACADEMIC,
        "website": "https://college.example.org",
        "notes": "שותפה ותיקה",
        **overrides,
    }


def names_in(response):
    return [organisation.name for organisation in response.context["organisations"]]


@pytest.fixture
def organisation(locality):
    return OrganisationFactory(locality=locality, name="מתנ״ס הדר", sector=Sector.SOCIAL)


@pytest.fixture
def foreign_organisation(other_locality):
    return OrganisationFactory(locality=other_locality, name="מפעל בעיר אחרת")


# --- Who may open what ---------------------------------------------------------------------


def test_the_urls_are_where_the_navigation_expects_them(organisation):
    assert list_url() == "/organisations/"
    assert detail_url(organisation) == f"/organisations/{organisation.pk}/"
    assert reverse("stakeholders:organisation_create") == CREATE_URL
    assert edit_url(organisation) == f"/organisations/{organisation.pk}/edit/"


def test_anonymous_visitors_are_sent_to_log_in_from_every_organisation_page(client, organisation):
    for url in [list_url(), detail_url(organisation), CREATE_URL, edit_url(organisation)]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_municipal_staff_are_refused_every_organisation_page(client, make_user, locality):
    official = OfficialFactory(locality=locality)
    organisation = OrganisationFactory(locality=locality)
    client.force_login(make_user(Role.OFFICIAL, locality, stakeholder=official))
    for url in [list_url(), detail_url(organisation), CREATE_URL, edit_url(organisation)]:
        assert client.get(url).status_code == 403
    assert client.post(CREATE_URL, valid_data()).status_code == 403
    assert not Organisation.objects.filter(name=valid_data()["name"]).exists()


def test_a_user_without_a_role_is_refused_the_organisation_list(client):
    client.force_login(UserFactory())
    assert client.get(list_url()).status_code == 403


def test_a_viewer_reads_the_list_and_the_profile(client, viewer, organisation):
    client.force_login(viewer)
    assert client.get(list_url()).status_code == 200
    response = client.get(detail_url(organisation))
    assert response.status_code == 200
    assert edit_url(organisation) not in response.content.decode()


def test_a_viewer_can_neither_add_nor_edit_an_organisation(client, viewer, organisation):
    client.force_login(viewer)
    assert client.get(CREATE_URL).status_code == 403
    assert client.post(CREATE_URL, valid_data()).status_code == 403
    assert client.get(edit_url(organisation)).status_code == 403
    assert client.post(edit_url(organisation), valid_data(name="שם חדש")).status_code == 403
    organisation.refresh_from_db()
    assert organisation.name == "מתנ״ס הדר"
    assert Organisation.objects.count() == 1


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMIN])
def test_editors_open_every_organisation_page(client, make_user, locality, organisation, role):
    client.force_login(make_user(role, locality))
    for url in [list_url(), detail_url(organisation), CREATE_URL, edit_url(organisation)]:
        assert client.get(url).status_code == 200


def test_another_localitys_organisation_is_not_found(client, coordinator, foreign_organisation):
    client.force_login(coordinator)
    assert client.get(detail_url(foreign_organisation)).status_code == 404
    assert client.get(edit_url(foreign_organisation)).status_code == 404
    response = client.post(edit_url(foreign_organisation), valid_data())
    assert response.status_code == 404
    foreign_organisation.refresh_from_db()
    assert foreign_organisation.name == "מפעל בעיר אחרת"


# --- The list ------------------------------------------------------------------------------


def test_the_list_shows_only_the_current_localitys_organisations(
    client, coordinator, organisation, foreign_organisation
):
    client.force_login(coordinator)
    response = client.get(list_url())
    assert names_in(response) == ["מתנ״ס הדר"]
    assert "מפעל בעיר אחרת" not in response.content.decode()


def test_the_list_counts_each_organisations_representatives(client, coordinator, locality):
    busy = OrganisationFactory(locality=locality, name="א חברה")
    quiet = OrganisationFactory(locality=locality, name="ב עמותה")
    for _ in range(3):
        RepresentationFactory(organisation=busy, stakeholder__locality=locality)
    client.force_login(coordinator)
    response = client.get(list_url())
    counts = {o.pk: o.representative_count for o in response.context["organisations"]}
    assert counts == {busy.pk: 3, quiet.pk: 0}
    assert response.context["page"].paginator.count == 2


def test_the_list_filters_by_sector_scope_and_name(client, coordinator, locality):
    OrganisationFactory(locality=locality, name="בנק הפועלים", sector=Sector.BUSINESS)
    OrganisationFactory(
        locality=locality,
        name="משרד הרווחה",
        sector=Sector.PUBLIC,
        scope=Organisation.Scope.NATIONAL,
    )
    OrganisationFactory(locality=locality, name="קרן רש״י", sector=Sector.PHILANTHROPY)
    client.force_login(coordinator)
    assert names_in(client.get(list_url(sector=Sector.BUSINESS))) == ["בנק הפועלים"]
    assert names_in(client.get(list_url(scope=Organisation.Scope.NATIONAL))) == ["משרד הרווחה"]
    assert names_in(client.get(list_url(q="קרן"))) == ["קרן רש״י"]
    assert names_in(client.get(list_url(q="קרן", sector=Sector.BUSINESS))) == []


def test_the_sector_tabs_count_organisations_under_the_other_filters(client, coordinator, locality):
    OrganisationFactory(locality=locality, sector=Sector.BUSINESS)
    OrganisationFactory(locality=locality, sector=Sector.BUSINESS)
    OrganisationFactory(locality=locality, sector=Sector.ACADEMIA)
    client.force_login(coordinator)
    response = client.get(list_url(sector=Sector.ACADEMIA))
    counts = {s["value"]: s["count"] for s in response.context["sectors"]}
    assert counts[Sector.BUSINESS] == 2
    assert counts[Sector.ACADEMIA] == 1
    assert counts[Sector.PHILANTHROPY] == 0
    active = [s["value"] for s in response.context["sectors"] if s["active"]]
    assert active == [Sector.ACADEMIA]
    assert 'aria-current="page"' in response.content.decode()


def test_an_unknown_sector_in_the_address_is_ignored_not_an_error(
    client, coordinator, organisation
):
    client.force_login(coordinator)
    response = client.get(list_url(sector="nonsense"))
    assert response.status_code == 200
    assert names_in(response) == [organisation.name]
    assert response.context["filter_form"].errors


def test_the_list_pages_by_25(client, coordinator, locality):
    for n in range(30):
        OrganisationFactory(locality=locality, name=f"ארגון {n:02d}")
    client.force_login(coordinator)
    first = client.get(list_url())
    assert len(names_in(first)) == 25
    assert first.context["page"].paginator.count == 30
    second = client.get(list_url(page=2))
    assert len(names_in(second)) == 5


def test_the_empty_list_invites_an_editor_to_add_the_first_organisation(client, coordinator):
    client.force_login(coordinator)
    response = client.get(list_url())
    assert response.status_code == 200
    assert names_in(response) == []
    assert CREATE_URL in response.content.decode()


def test_the_empty_list_offers_no_add_button_to_a_viewer(client, viewer):
    client.force_login(viewer)
    response = client.get(list_url())
    assert CREATE_URL not in response.content.decode()


@pytest.mark.parametrize("size", [3, 30])
def test_the_list_costs_the_same_number_of_queries_however_many_organisations(
    client, coordinator, locality, size, django_assert_max_num_queries
):
    for _ in range(size):
        organisation = OrganisationFactory(locality=locality)
        RepresentationFactory(organisation=organisation, stakeholder__locality=locality)
        RepresentationFactory(organisation=organisation, stakeholder__locality=locality)
    client.force_login(coordinator)
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        response = client.get(list_url())
    assert len(names_in(response)) == min(size, 25)
    assert {o.representative_count for o in response.context["organisations"]} == {2}


# --- The profile ---------------------------------------------------------------------------


def test_the_profile_lists_representatives_with_their_consent_and_a_link(
    client, coordinator, locality, organisation
):
    person = InfluenceCentreRepresentativeFactory(
        locality=locality, first_name="נועה", last_name="ברק", consent_level=ConsentLevel.PASSIVE
    )
    RepresentationFactory(organisation=organisation, stakeholder=person, role="יו״ר")
    client.force_login(coordinator)
    response = client.get(detail_url(organisation))
    content = response.content.decode()
    assert "נועה ברק" in content
    assert "יו״ר" in content
    assert reverse("stakeholders:stakeholder_detail", args=[person.pk]) in content
    assert "consent-passive" in content


def test_representatives_contact_details_are_shown_to_a_coordinator(
    client, coordinator, locality, organisation
):
    person = InfluenceCentreRepresentativeFactory(
        locality=locality, phone="+972501234567", email="noa@example.org"
    )
    RepresentationFactory(organisation=organisation, stakeholder=person)
    client.force_login(coordinator)
    content = client.get(detail_url(organisation)).content.decode()
    assert "noa@example.org" in content
    assert "tel:+972501234567" in content


def test_representatives_contact_details_are_hidden_from_a_viewer(
    client, viewer, locality, organisation
):
    person = InfluenceCentreRepresentativeFactory(
        locality=locality, phone="+972501234567", email="noa@example.org"
    )
    RepresentationFactory(organisation=organisation, stakeholder=person)
    client.force_login(viewer)
    content = client.get(detail_url(organisation)).content.decode()
    assert escape(person.full_name) in content
    assert "noa@example.org" not in content
    assert "1234567" not in content


def test_the_profile_of_an_organisation_without_representatives_says_so(
    client, coordinator, organisation
):
    client.force_login(coordinator)
    response = client.get(detail_url(organisation))
    assert response.status_code == 200
    assert list(response.context["representations"]) == []


# --- Adding and editing --------------------------------------------------------------------


def test_a_coordinator_adds_an_organisation_to_their_locality(client, coordinator, locality):
    client.force_login(coordinator)
    response = client.post(CREATE_URL, valid_data())
    organisation = Organisation.objects.get(name="המכללה האזורית")
    assert response.status_code == 302
    assert response.url == detail_url(organisation)
    assert organisation.locality == locality
    assert organisation.scope == Organisation.Scope.REGIONAL
    assert organisation.website == "https://college.example.org"
    follow = client.get(response.url)
    assert [str(m) for m in follow.context["messages"]]


def test_a_website_typed_without_a_scheme_is_saved_as_https(client, coordinator):
    client.force_login(coordinator)
    client.post(CREATE_URL, valid_data(website="college.example.org"))
    assert Organisation.objects.get().website == "https://college.example.org"


def test_a_duplicate_name_in_the_locality_is_refused_with_an_error_and_nothing_saved(
    client, coordinator, organisation
):
    client.force_login(coordinator)
    response = client.post(CREATE_URL, valid_data(name=organisation.name))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.has_error("name", code="duplicate_name")
    assert Organisation.objects.count() == 1


def test_the_same_name_may_exist_in_another_locality(client, coordinator, foreign_organisation):
    client.force_login(coordinator)
    response = client.post(CREATE_URL, valid_data(name=foreign_organisation.name))
    assert response.status_code == 302
    assert Organisation.objects.filter(name=foreign_organisation.name).count() == 2


def test_a_missing_sector_and_a_bad_website_are_refused(client, coordinator):
    client.force_login(coordinator)
    response = client.post(CREATE_URL, valid_data(sector="", website="not a url"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.has_error("sector")
    assert form.has_error("website")
    assert not Organisation.objects.exists()


def test_a_coordinator_edits_an_organisation(client, coordinator, organisation):
    client.force_login(coordinator)
    response = client.post(edit_url(organisation), valid_data(name=organisation.name))
    assert response.status_code == 302
    assert response.url == detail_url(organisation)
    organisation.refresh_from_db()
    assert organisation.sector == Sector.ACADEMIA


def test_renaming_to_another_organisations_name_is_refused(
    client, coordinator, locality, organisation
):
    OrganisationFactory(locality=locality, name="בית ספר אופק")
    client.force_login(coordinator)
    response = client.post(edit_url(organisation), valid_data(name="בית ספר אופק"))
    assert response.status_code == 200
    assert response.context["form"].has_error("name", code="duplicate_name")
    # The page keeps the saved name in its title, not the rejected one.
    assert response.context["saved_name"] == "מתנ״ס הדר"
    organisation.refresh_from_db()
    assert organisation.name == "מתנ״ס הדר"
