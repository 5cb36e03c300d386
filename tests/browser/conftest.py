"""Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

Run only these with `pytest tests/browser`, or skip them with `-m "not browser"`.
"""

import os
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect, sync_playwright

# Playwright's sync API keeps an event loop running in the test thread, and Django refuses
# database calls from a thread with a running loop unless told that this is on purpose.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
# No first-run tasks, updates or background traffic: the tests must work offline and fast.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
PASSWORD = "kehila-test-password"  # UserFactory's
TIMEOUT_MS = 10_000


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives Debian's Chromium through Playwright")


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        # A failure, not a skip: the flow must be proven on every run (`make test` installs it).
        pytest.fail(f"{CHROMIUM} is not installed: apt-get install -y chromium")
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="he-IL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    # Uncaught JavaScript errors (our kehila.js, htmx, Bootstrap) fail the test that caused them.
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    if errors:
        pytest.fail(f"JavaScript errors in the page: {errors}")


def login(page, live_server, username, password=PASSWORD):
    """Log in through the real login form, and wait for the page it leads to."""
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.locator("form button[type=submit]").click()
    # A failed login stays on the login page with an error summary.
    expect(page.locator("#form-errors")).to_have_count(0)
    assert reverse("login") not in page.url


def screenshot(page, name):
    """A full-page PNG in tests/browser/screenshots/ (git-ignored) for reviewers to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
