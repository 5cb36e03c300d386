"""Interface language: Hebrew by default, Arabic for the users who choose it."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from stakeholders.models import UserPreference
from tests.factories import CommitteeFactory, OrganisationFactory, StakeholderFactory, UserFactory

pytestmark = pytest.mark.django_db

HEBREW_RTL = '<html lang="he" dir="rtl">'
ARABIC_RTL = '<html lang="ar" dir="rtl">'
SET_LANGUAGE = reverse("stakeholders:set_language")
DASHBOARD = reverse("stakeholders:dashboard")
PASSWORD = "kehila-test-password"  # UserFactory's
MIDDLEWARE = "stakeholders.middleware.UserLanguageMiddleware"


@pytest.fixture(autouse=True)
def back_to_hebrew():
    # A request leaves its language active in the thread; later tests expect the default.
    yield
    translation.deactivate()


@pytest.fixture
def workspace_pages(locality):
    person = StakeholderFactory(locality=locality)
    organisation = OrganisationFactory(locality=locality)
    committee = CommitteeFactory(locality=locality)
    return [
        DASHBOARD,
        reverse("stakeholders:stakeholder_list"),
        reverse("stakeholders:stakeholder_create"),
        person.get_absolute_url(),
        reverse("stakeholders:organisation_list"),
        organisation.get_absolute_url(),
        reverse("stakeholders:committee_list"),
        reverse("stakeholders:committee_detail", args=[committee.pk]),
        reverse("stakeholders:past_process_list"),
        reverse("stakeholders:relationship_list"),
        reverse("stakeholders:followup_list"),
        reverse("password_change"),
    ]


def choose(client, language, next_url=DASHBOARD):
    return client.post(SET_LANGUAGE, {"language": language, "next": next_url})


def test_hebrew_is_the_default(client, coordinator):
    client.force_login(coordinator)
    response = client.get(DASHBOARD)
    assert HEBREW_RTL in response.content.decode()
    assert response["Content-Language"] == "he"


def test_the_login_page_is_hebrew_even_for_an_arabic_browser(client):
    content = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert HEBREW_RTL in content


def test_the_user_menu_offers_each_language_in_its_own_name(client, coordinator):
    client.force_login(coordinator)
    content = client.get(DASHBOARD).content.decode()
    assert f'action="{SET_LANGUAGE}"' in content
    assert '<span lang="ar">العربيّة</span>' in content
    assert '<span lang="he">עברית</span>' in content
    # The current language is marked for screen readers, not by colour alone.
    assert 'value="he" class="dropdown-item active" aria-current="true"' in content


def test_a_user_who_chooses_arabic_gets_every_workspace_page_in_arabic(
    client, coordinator, workspace_pages
):
    client.force_login(coordinator)
    response = choose(client, "ar")
    assert response.status_code == 302
    assert response["Location"] == DASHBOARD
    assert UserPreference.objects.get(user=coordinator).language == "ar"

    for url in workspace_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert ARABIC_RTL in response.content.decode(), url
        assert response["Content-Language"] == "ar", url

    content = client.get(DASHBOARD).content.decode()
    assert "تهيئة القلوب في" in content  # "Preparing the hearts in", the dashboard's title
    assert "لوحة المعلومات" in content  # "Dashboard"
    assert "הכשרת הלבבות" not in content


def test_the_confirmation_is_in_the_new_language(client, coordinator):
    client.force_login(coordinator)
    response = choose(client, "ar")
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["تم تغيير لغة الواجهة."]


def test_the_admin_follows_the_users_language(client, locality_admin):
    client.force_login(locality_admin)
    assert HEBREW_RTL in client.get(reverse("admin:index")).content.decode()
    choose(client, "ar")
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert ARABIC_RTL in response.content.decode()


def test_switching_back_to_hebrew(client, coordinator):
    UserPreference.objects.create(user=coordinator, language="ar")
    client.force_login(coordinator)
    choose(client, "he")
    assert HEBREW_RTL in client.get(DASHBOARD).content.decode()
    assert UserPreference.objects.get(user=coordinator).language == "he"


def test_the_choice_is_kept_on_the_user_across_logins_and_devices(coordinator):
    first = Client()
    credentials = {"username": coordinator.username, "password": PASSWORD}
    assert first.post(reverse("login"), credentials).status_code == 302
    choose(first, "ar")
    first.logout()

    # Another device: no cookie, a new session; the saved choice still applies.
    second = Client()
    assert second.post(reverse("login"), credentials).status_code == 302
    assert ARABIC_RTL in second.get(DASHBOARD).content.decode()


def test_after_logging_out_the_login_page_stays_in_the_chosen_language(client, coordinator):
    client.force_login(coordinator)
    choose(client, "ar")
    client.post(reverse("logout"))
    assert ARABIC_RTL in client.get(reverse("login")).content.decode()


def test_another_user_on_the_same_device_keeps_their_own_language(client, coordinator, viewer):
    client.force_login(coordinator)
    choose(client, "ar")
    client.post(reverse("logout"))
    client.force_login(viewer)
    assert HEBREW_RTL in client.get(DASHBOARD).content.decode()


@pytest.mark.parametrize("language", ["xx", "en", "", "ar-XX", "AR"])
def test_an_unknown_language_is_refused_without_an_error_page(client, coordinator, language):
    client.force_login(coordinator)
    response = choose(client, language)
    assert response.status_code == 302
    assert not UserPreference.objects.filter(user=coordinator).exists()
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]
    assert HEBREW_RTL in client.get(DASHBOARD).content.decode()


def test_an_unknown_language_leaves_the_saved_choice_alone(client, coordinator):
    UserPreference.objects.create(user=coordinator, language="ar")
    client.force_login(coordinator)
    choose(client, "xx")
    assert UserPreference.objects.get(user=coordinator).language == "ar"


def test_an_anonymous_visitor_cannot_save_a_preference(client):
    response = choose(client, "ar")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not UserPreference.objects.exists()


def test_the_preference_is_changed_by_post_only(client, coordinator):
    client.force_login(coordinator)
    assert client.get(SET_LANGUAGE, {"language": "ar"}).status_code == 405
    assert not UserPreference.objects.exists()


def test_the_form_needs_its_csrf_token(coordinator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    assert choose(client, "ar").status_code == 403
    assert not UserPreference.objects.exists()


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/", "http://testserver.evil.example/", "", None],
)
def test_the_redirect_stays_on_the_site(client, coordinator, next_url):
    client.force_login(coordinator)
    data = {"language": "ar"}
    if next_url is not None:
        data["next"] = next_url
    response = client.post(SET_LANGUAGE, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("stakeholders:home")
    assert UserPreference.objects.get(user=coordinator).language == "ar"


def test_the_redirect_returns_to_the_page_with_its_query(client, coordinator):
    client.force_login(coordinator)
    next_url = reverse("stakeholders:stakeholder_list") + "?kind=official&sort=name"
    assert choose(client, "ar", next_url)["Location"] == next_url


def test_only_superusers_manage_preferences_in_the_admin(client, locality_admin):
    url = reverse("admin:stakeholders_userpreference_changelist")
    client.force_login(locality_admin)
    assert client.get(url).status_code == 403
    assert "userpreference" not in client.get(reverse("admin:index")).content.decode()

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    UserPreference.objects.create(user=locality_admin, language="ar")
    response = client.get(url)
    assert response.status_code == 200
    assert locality_admin.username in response.content.decode()


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("language", [None, "he", "ar"])
def test_the_language_costs_one_small_query(coordinator, language, settings):
    if language:
        UserPreference.objects.create(user=coordinator, language=language)

    def dashboard_queries():
        client = Client()  # a client loads the middleware once, on its first request
        client.force_login(coordinator)
        _queries(client, DASHBOARD)  # the first visit also saves the locality in the session
        return _queries(client, DASHBOARD)

    with_middleware = dashboard_queries()
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != MIDDLEWARE]
    without_middleware = dashboard_queries()
    assert with_middleware - without_middleware == 1


def test_a_page_costs_the_same_with_or_without_a_preference(client, coordinator):
    client.force_login(coordinator)
    _queries(client, DASHBOARD)  # the first visit also saves the locality in the session
    without_preference = _queries(client, DASHBOARD)

    UserPreference.objects.create(user=coordinator, language="ar")
    assert ARABIC_RTL in client.get(DASHBOARD).content.decode()
    assert _queries(client, DASHBOARD) == without_preference


def test_the_middleware_runs_right_after_authentication(settings):
    position = settings.MIDDLEWARE.index(MIDDLEWARE)
    assert settings.MIDDLEWARE[position - 1] == (
        "django.contrib.auth.middleware.AuthenticationMiddleware"
    )


def test_the_error_page_speaks_the_users_language():
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("ar"):
        assert '<html lang="ar" dir="rtl">' in render_to_string("500.html")
    with translation.override("he"):
        assert '<html lang="he" dir="rtl">' in render_to_string("500.html")
