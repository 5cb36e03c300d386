"""The locality's history: earlier processes, their outcome and who was burned by them."""

import pytest
from django.urls import reverse

from stakeholders.enums import Role
from stakeholders.models import BurnedStakeholder, PastProcess, Stakeholder
from tests.conftest import logged_in
from tests.factories import (
    BurnedStakeholderFactory,
    OfficialFactory,
    PastProcessFactory,
    StakeholderFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("stakeholders:past_process_list")
CREATE_URL = reverse("stakeholders:past_process_create")


def edit_url(process):
    return reverse("stakeholders:past_process_edit", args=[process.pk])


def delete_url(process):
    return reverse("stakeholders:past_process_delete", args=[process.pk])


def process_data(**overrides):
    data = {
        "name": "מנהלת שכונות 2012",
        "start_year": "2012",
        "end_year": "2014",
        "outcome": PastProcess.Outcome.FAILED,
        "description": "הוקמה מנהלת ופורקה אחרי שנתיים.",
        "lessons": "לשתף את הוועדים מההתחלה.",
    }
    data.update(overrides)
    return data


# --- Who may do what -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [LIST_URL, CREATE_URL, "edit", "delete"],
    ids=["list", "create", "edit", "delete"],
)
def test_anonymous_visitors_are_sent_to_the_login_page(client, locality, url):
    process = PastProcessFactory(locality=locality)
    url = {"edit": edit_url(process), "delete": delete_url(process)}.get(url, url)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_municipal_staff_and_users_without_a_role_cannot_open_the_history(
    client, make_user, locality
):
    staff = make_user(Role.OFFICIAL, locality, stakeholder=OfficialFactory(locality=locality))
    assert logged_in(client, staff).get(LIST_URL).status_code == 403
    assert logged_in(client, UserFactory()).get(LIST_URL).status_code == 403


def test_a_viewer_reads_the_history(client, viewer, locality):
    process = PastProcessFactory(locality=locality, name="תוכנית הגינות הקהילתיות")
    response = logged_in(client, viewer).get(LIST_URL)
    assert response.status_code == 200
    assert "תוכנית הגינות הקהילתיות" in response.content.decode()
    assert edit_url(process) not in response.content.decode()
    assert CREATE_URL not in response.content.decode()


def test_a_viewer_cannot_add_edit_or_delete_a_past_process(client, viewer, locality):
    process = PastProcessFactory(locality=locality, name="ישן")
    client = logged_in(client, viewer)
    assert client.get(CREATE_URL).status_code == 403
    assert client.post(CREATE_URL, process_data()).status_code == 403
    assert client.get(edit_url(process)).status_code == 403
    assert client.post(edit_url(process), process_data(name="חדש")).status_code == 403
    assert client.get(delete_url(process)).status_code == 403
    assert client.post(delete_url(process)).status_code == 403
    process.refresh_from_db()
    assert process.name == "ישן"
    assert PastProcess.objects.count() == 1


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMIN])
def test_coordinators_and_admins_open_every_history_page(client, make_user, locality, role):
    user = make_user(role, locality)
    process = PastProcessFactory(locality=locality)
    client = logged_in(client, user)
    for url in [LIST_URL, CREATE_URL, edit_url(process), delete_url(process)]:
        assert client.get(url).status_code == 200, url


# --- The list ------------------------------------------------------------------------------


def test_the_list_shows_years_outcome_story_lessons_and_burned_people(
    client, coordinator, locality
):
    process = PastProcessFactory(
        locality=locality,
        name="התחדשות עירונית",
        start_year=2010,
        end_year=2013,
        outcome=PastProcess.Outcome.PARTIAL,
        description="התושבים לא שותפו.",
        lessons="להקשיב קודם.",
    )
    burn = BurnedStakeholderFactory(process=process, stakeholder__first_name="שולמית")
    content = logged_in(client, coordinator).get(LIST_URL).content.decode()
    assert "התחדשות עירונית" in content
    assert "2010–2013" in content
    assert "text-bg-warning" in content
    assert "התושבים לא שותפו." in content
    assert "להקשיב קודם." in content
    assert reverse("stakeholders:stakeholder_detail", args=[burn.stakeholder.pk]) in content
    assert "שולמית" in content
    assert edit_url(process) in content
    assert delete_url(process) in content


@pytest.mark.parametrize(
    ("outcome", "badge"),
    [
        (PastProcess.Outcome.FAILED, "text-bg-danger"),
        (PastProcess.Outcome.PARTIAL, "text-bg-warning"),
        (PastProcess.Outcome.SUCCEEDED, "text-bg-success"),
    ],
)
def test_each_outcome_has_its_own_badge(client, coordinator, locality, outcome, badge):
    PastProcessFactory(locality=locality, outcome=outcome)
    assert badge in logged_in(client, coordinator).get(LIST_URL).content.decode()


def test_another_localitys_processes_are_never_listed(
    client, coordinator, locality, other_locality
):
    PastProcessFactory(locality=locality, name="שלנו")
    PastProcessFactory(locality=other_locality, name="של השכנים")
    content = logged_in(client, coordinator).get(LIST_URL).content.decode()
    assert "שלנו" in content
    assert "של השכנים" not in content


def test_an_empty_history_invites_a_coordinator_to_add_the_first_process(
    client, coordinator, locality
):
    response = logged_in(client, coordinator).get(LIST_URL)
    assert response.status_code == 200
    assert list(response.context["processes"]) == []
    assert CREATE_URL in response.content.decode()


def test_the_list_costs_the_same_number_of_queries_however_long_it_is(
    client, coordinator, locality, count_queries
):
    client = logged_in(client, coordinator)

    def add_processes(count):
        # Each with the people it burned, so that the prefetch of the burns is measured too.
        for _ in range(count):
            process = PastProcessFactory(locality=locality)
            BurnedStakeholderFactory.create_batch(3, process=process)

    add_processes(2)
    small = count_queries(lambda: client.get(LIST_URL))
    # Ten times as many; the list is not paginated, so every process is rendered.
    add_processes(18)
    large = count_queries(lambda: client.get(LIST_URL))
    assert large == small
    response = client.get(LIST_URL)
    assert len(response.context["processes"]) == 20


# --- Adding and editing --------------------------------------------------------------------


def test_a_coordinator_adds_a_past_process_with_the_people_it_burned(client, coordinator, locality):
    first, second = StakeholderFactory.create_batch(2, locality=locality)
    response = logged_in(client, coordinator).post(
        CREATE_URL, process_data(burned=[first.pk, second.pk])
    )
    assert response.status_code == 302
    assert response.url == LIST_URL
    process = PastProcess.objects.get()
    assert process.locality == locality
    assert process.name == "מנהלת שכונות 2012"
    assert process.years == "2012–2014"
    assert set(
        BurnedStakeholder.objects.filter(process=process).values_list("stakeholder", flat=True)
    ) == {first.pk, second.pk}


def test_a_past_process_may_burn_no_one_and_have_no_end_year(client, coordinator, locality):
    response = logged_in(client, coordinator).post(CREATE_URL, process_data(end_year=""))
    assert response.status_code == 302
    process = PastProcess.objects.get()
    assert process.end_year is None
    assert not process.burns.exists()


def test_a_process_that_ends_before_it_starts_is_refused_and_nothing_is_saved(
    client, coordinator, locality
):
    person = StakeholderFactory(locality=locality)
    response = logged_in(client, coordinator).post(
        CREATE_URL, process_data(start_year="2015", end_year="2012", burned=[person.pk])
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.has_error("end_year", "end_before_start")
    assert not PastProcess.objects.exists()
    assert not BurnedStakeholder.objects.exists()
    # The chosen person is still chosen when the form comes back.
    assert f'value="{person.pk}" checked' in response.content.decode()


def test_a_missing_name_and_outcome_are_field_errors(client, coordinator, locality):
    response = logged_in(client, coordinator).post(CREATE_URL, process_data(name="", outcome=""))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name", "outcome"}
    assert not PastProcess.objects.exists()


def test_a_person_from_another_locality_cannot_be_marked_as_burned(
    client, coordinator, locality, other_locality
):
    stranger = StakeholderFactory(locality=other_locality)
    response = logged_in(client, coordinator).post(CREATE_URL, process_data(burned=[stranger.pk]))
    assert response.status_code == 200
    assert response.context["form"].has_error("burned")
    assert not PastProcess.objects.exists()


def test_editing_a_process_replaces_its_burned_people(client, coordinator, locality):
    process = PastProcessFactory(locality=locality)
    stays = BurnedStakeholderFactory(process=process).stakeholder
    goes = BurnedStakeholderFactory(process=process).stakeholder
    joins = StakeholderFactory(locality=locality)
    client = logged_in(client, coordinator)

    form_page = client.get(edit_url(process)).content.decode()
    assert f'value="{stays.pk}" checked' in form_page
    assert f'value="{goes.pk}" checked' in form_page

    response = client.post(
        edit_url(process),
        process_data(name="שם מתוקן", outcome="succeeded", burned=[stays.pk, joins.pk]),
    )
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.name == "שם מתוקן"
    assert process.outcome == PastProcess.Outcome.SUCCEEDED
    assert set(process.burned_stakeholders.all()) == {stays, joins}
    assert Stakeholder.objects.filter(pk=goes.pk).exists()


def test_an_invalid_edit_changes_nothing(client, coordinator, locality):
    process = PastProcessFactory(locality=locality, name="לפני", start_year=2015, end_year=2017)
    response = logged_in(client, coordinator).post(
        edit_url(process), process_data(name="אחרי", start_year="2018", end_year="2016")
    )
    assert response.status_code == 200
    process.refresh_from_db()
    assert process.name == "לפני"
    assert process.start_year == 2015


def test_another_localitys_process_cannot_be_edited_or_deleted(client, coordinator, other_locality):
    process = PastProcessFactory(locality=other_locality, name="של השכנים")
    client = logged_in(client, coordinator)
    assert client.get(edit_url(process)).status_code == 404
    assert client.post(edit_url(process), process_data()).status_code == 404
    assert client.get(delete_url(process)).status_code == 404
    assert client.post(delete_url(process)).status_code == 404
    process.refresh_from_db()
    assert process.name == "של השכנים"


# --- Deleting ------------------------------------------------------------------------------


def test_deleting_asks_for_confirmation_first(client, coordinator, locality):
    process = PastProcessFactory(locality=locality, name="למחיקה")
    BurnedStakeholderFactory(process=process)
    response = logged_in(client, coordinator).get(delete_url(process))
    assert response.status_code == 200
    assert "למחיקה" in response.content.decode()
    assert response.context["burned_count"] == 1
    assert PastProcess.objects.filter(pk=process.pk).exists()


def test_deleting_removes_the_process_and_its_burns_but_not_the_people(
    client, coordinator, locality
):
    process = PastProcessFactory(locality=locality)
    person = BurnedStakeholderFactory(process=process).stakeholder
    response = logged_in(client, coordinator).post(delete_url(process))
    assert response.status_code == 302
    assert response.url == LIST_URL
    assert not PastProcess.objects.exists()
    assert not BurnedStakeholder.objects.exists()
    assert Stakeholder.objects.filter(pk=person.pk).exists()


def test_a_year_outside_the_states_years_is_refused(client, coordinator, locality):
    response = logged_in(client, coordinator).post(CREATE_URL, process_data(start_year="1900"))
    assert response.status_code == 200
    assert response.context["form"].has_error("start_year")
    assert not PastProcess.objects.exists()
