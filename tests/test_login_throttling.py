"""Password guessing: five wrong passwords for one username from one address lock that pair
out for 30 minutes (django-axes); other people, other addresses and later logins are not hurt."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.test import Client, RequestFactory
from django.urls import reverse

from kehila.security import client_ip
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")
PASSWORD = "kehila-test-password"  # UserFactory's
OFFICE = "203.0.113.7"
HOME = "198.51.100.20"


def attempt(client, user, password, address=OFFICE, path=LOGIN, **headers):
    data = {"username": user.username, "password": password}
    return client.post(path, data, REMOTE_ADDR=address, **headers)


def logged_in(client):
    return "_auth_user_id" in client.session


def lock_out(client, user, address=OFFICE):
    responses = [attempt(client, user, "wrong-password", address) for _ in range(5)]
    assert [response.status_code for response in responses] == [200, 200, 200, 200, 429]


def test_five_wrong_passwords_then_the_right_one_is_refused_with_the_lockout_page(client):
    user = UserFactory()
    lock_out(client, user)

    response = attempt(client, user, PASSWORD)

    assert response.status_code == 429
    assert "axes/lockout.html" in [template.name for template in response.templates]
    assert '<html lang="he" dir="rtl">' in response.content.decode()
    assert " 30 " in response.content.decode()  # minutes
    assert not logged_in(client)


def test_other_users_and_the_same_user_elsewhere_are_not_locked_out(client):
    locked, colleague = UserFactory(), UserFactory()
    lock_out(client, locked)

    # A colleague at the same address logs in.
    assert attempt(client, colleague, PASSWORD).status_code == 302
    assert logged_in(client)
    # The locked-out person, from another address, logs in too.
    at_home = Client()
    assert attempt(at_home, locked, PASSWORD, address=HOME).status_code == 302
    assert logged_in(at_home)


def test_a_successful_login_clears_the_failures_before_it(client):
    user = UserFactory()
    for _ in range(4):
        assert attempt(client, user, "wrong-password").status_code == 200
    assert attempt(client, user, PASSWORD).status_code == 302
    client.logout()

    # Four more mistakes are four, not eight.
    for _ in range(4):
        assert attempt(client, user, "wrong-password").status_code == 200
    assert attempt(client, user, PASSWORD).status_code == 302


def test_the_lockout_ends_after_thirty_minutes(client):
    user = UserFactory()
    lock_out(client, user)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=31))

    assert attempt(client, user, PASSWORD).status_code == 302


def test_the_admin_login_is_throttled_too(client):
    admin = UserFactory(is_staff=True)
    admin_login = reverse("admin:login")
    for _ in range(5):
        response = attempt(client, admin, "wrong-password", path=admin_login)
    assert response.status_code == 429
    assert attempt(client, admin, PASSWORD, path=admin_login).status_code == 429


def test_behind_a_load_balancer_failures_count_by_the_address_it_forwarded(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    balancer = "10.0.0.5"
    user = UserFactory()
    for n in range(5):
        # The guesser makes up a new address each time; the balancer appends the real one.
        forged = f"192.0.2.{n}, {OFFICE}"
        response = attempt(client, user, "wrong-password", balancer, HTTP_X_FORWARDED_FOR=forged)
    assert response.status_code == 429

    # Someone else behind the same balancer is not locked out with them.
    elsewhere = Client()
    response = attempt(elsewhere, user, PASSWORD, balancer, HTTP_X_FORWARDED_FOR=HOME)
    assert response.status_code == 302


def test_the_client_address_is_taken_from_the_trusted_end_of_x_forwarded_for(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.20, 10.0.0.9"
    )
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.5"  # no proxy: the header is the client's own word
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "198.51.100.20"
    settings.TRUSTED_PROXY_COUNT = 4  # fewer entries than proxies: not through them all
    assert client_ip(request) == "10.0.0.5"
