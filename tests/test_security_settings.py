"""Production security settings: the Content-Security-Policy on every page, cookies and HTTPS
from the environment, and `manage.py check --deploy` clean with a production environment."""

import json
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'self'",
    "object-src": "'none'",
}
LOGIN = reverse("login")
TIMEOUT = 60  # seconds: a hung subprocess fails its test instead of the suite


def directives(header):
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


@pytest.mark.django_db
def test_pages_and_the_admin_carry_the_content_security_policy(client, coordinator):
    assert directives(client.get(LOGIN)["Content-Security-Policy"]) == POLICY
    assert directives(client.get(reverse("admin:login"))["Content-Security-Policy"]) == POLICY
    client.force_login(coordinator)
    response = client.get(reverse("stakeholders:dashboard"))
    assert response.status_code == 200
    assert directives(response["Content-Security-Policy"]) == POLICY
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_cookies_are_https_only_unreadable_by_scripts_and_end_with_the_browser(client, coordinator):
    csrf = client.get(LOGIN).cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["secure"] and csrf["httponly"]

    response = client.post(
        LOGIN, {"username": coordinator.username, "password": "kehila-test-password"}
    )
    assert response.status_code == 302
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] and session["httponly"]
    assert not session["max-age"] and not session["expires"]  # gone when the browser closes
    assert client.session.get_expiry_age() == 8 * 60 * 60  # and after a working day anyway


@pytest.mark.django_db
def test_https_requests_get_strict_transport_security(client):
    response = client.get(LOGIN, secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def settings_under(env, *names):
    """The named settings as a fresh process computes them from `env` alone."""
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name, None) for name in {names!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env={"DJANGO_SETTINGS_MODULE": "kehila.settings", **env},
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def production_env(**overrides):
    return {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "kehila.example.org",
        **overrides,
    }


def test_with_debug_off_the_site_is_https_only_unless_told_otherwise():
    names = ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE")
    names += ("CSRF_COOKIE_SECURE", "SECURE_PROXY_SSL_HEADER")
    assert settings_under(production_env(), *names) == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_PROXY_SSL_HEADER": None,
    }
    # Behind a load balancer that ends TLS and says so in X-Forwarded-Proto.
    behind = settings_under(
        production_env(SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO", TRUSTED_PROXY_COUNT="1"),
        "SECURE_PROXY_SSL_HEADER",
        "TRUSTED_PROXY_COUNT",
    )
    assert behind == {
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "TRUSTED_PROXY_COUNT": 1,
    }
    # Plain http on this machine (make serve-prod): no redirect, no HSTS, ordinary cookies.
    assert settings_under(production_env(SECURE_SSL_REDIRECT="false"), *names) == {
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 0,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "SECURE_PROXY_SSL_HEADER": None,
    }


def test_check_deploy_has_no_warnings_in_a_production_environment():
    # SECURE_HSTS_PRELOAD is the owner's decision, so it is off unless set; a deployment
    # that leaves it off sees Django's one reminder (security.W021) and nothing else.
    env = production_env(SECURE_HSTS_PRELOAD="true")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "no issues" in output


def test_a_typo_in_a_yes_no_setting_stops_the_start_up_instead_of_turning_https_off():
    script = "import django; django.setup()"
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env={
            "DJANGO_SETTINGS_MODULE": "kehila.settings",
            **production_env(SECURE_SSL_REDIRECT="ture"),
        },
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECURE_SSL_REDIRECT='ture'" in result.stderr
