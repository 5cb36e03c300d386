import csv
import datetime
import io

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from stakeholders.enums import Role
from tests.factories import LocalityAccessFactory, LocalityFactory, UserFactory


@pytest.fixture(autouse=True, scope="session")
def plain_http():
    # The suite runs with the production settings (DEBUG off), but the test client and the
    # live server speak plain HTTP on localhost, so the redirect to HTTPS is the one thing it
    # turns off. Session-wide: the live server builds its middleware once, when it starts.
    with override_settings(SECURE_SSL_REDIRECT=False):
        yield


@pytest.fixture(autouse=True)
def default_language():
    # Each test starts in the site's language, whatever the test before it (in the same
    # worker process) left active: a request in Arabic leaves Arabic on for the thread.
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashing costs ~0.3 s a user; the tests are about access, not about hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    # Tests run without collectstatic: no manifest of hashed names, files found in place.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture
def locality(db):
    return LocalityFactory(name="קריית אונו הדמיונית")


@pytest.fixture
def other_locality(db):
    return LocalityFactory(name="נווה אחרת")


@pytest.fixture
def make_user(db):
    """A user with one role in one locality (and optionally their own stakeholder record)."""

    def make(role, locality, stakeholder=None, **user_fields):
        user = UserFactory(**user_fields)
        LocalityAccessFactory(user=user, locality=locality, role=role, stakeholder=stakeholder)
        return user

    return make


@pytest.fixture
def coordinator(make_user, locality):
    return make_user(Role.COORDINATOR, locality)


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def locality_admin(make_user, locality):
    return make_user(Role.ADMIN, locality, is_staff=True)


@pytest.fixture
def viewer(make_user, locality):
    return make_user(Role.VIEWER, locality)


@pytest.fixture
def count_queries(db):
    """How many queries `action()` runs, measured on its second run so that one-time work
    (a session row, cached grants) does not count. Tests compare two data sizes with it:
    equal counts prove that no query runs per row, without a ceiling to keep up to date."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(action):
        action()
        with CaptureQueriesContext(connection) as captured:
            response = action()
        if hasattr(response, "status_code"):
            assert response.status_code == 200, response.status_code
        return len(captured.captured_queries)

    return count


# --- Plain helpers shared by several test files (imported: `from tests.conftest import ...`) --


def logged_in(client, user):
    client.force_login(user)
    return client


def days_from_today(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def url(name, obj, **query):
    """The address of one record's page (`stakeholders:<name>`), with an optional query."""
    address = reverse(f"stakeholders:{name}", args=[obj.pk])
    if query:
        address += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return address


def admin_url(model, action, *args, **kwargs):
    return reverse(
        f"admin:stakeholders_{model._meta.model_name}_{action}", args=args, kwargs=kwargs
    )


def csv_rows(response):
    """The rows of a streamed CSV export, after checking the BOM that Excel needs for Hebrew."""
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))
