"""The health check a load balancer or a monitor asks: is the database reachable?"""

from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

pytestmark = pytest.mark.django_db

HEALTH = reverse("health")


def test_the_health_check_answers_ok_without_logging_in(client):
    response = client.get(HEALTH)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    # A monitor polls it every few seconds: no session, and no cached answer.
    assert "sessionid" not in response.cookies
    assert "no-cache" in response["Cache-Control"]


def test_the_health_check_says_unavailable_when_the_database_is_not_reachable(client):
    with mock.patch(
        "stakeholders.views.pages.connection.cursor", side_effect=OperationalError("down")
    ):
        response = client.get(HEALTH)
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
    assert "down" not in response.content.decode()


def test_the_health_check_only_answers_get(client):
    assert client.post(HEALTH).status_code == 405


def test_the_health_check_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(HEALTH).status_code == 200
    assert client.get(reverse("login")).status_code == 301
