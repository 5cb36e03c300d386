"""The tour of tests/tour.py in a real browser: log in as the role, open each page, and send
the forms that the tour sends, so that error states are seen too."""

from django.conf import settings
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.tour import ANONYMOUS, PASSWORD, stops_for


def walk(page, live_server, role, locality, language="he"):
    """Yield each stop of `role`'s tour, with `page` showing it fully loaded, and the server's
    response (its HTML as sent, before the browser parsed it).

    Logged-in users work in their saved language (tests.tour.choose_language); an anonymous
    visitor's language is the cookie the language menu sets."""
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    if role != ANONYMOUS:
        login(page, live_server, role, PASSWORD)
    for stop in stops_for(role, locality):
        response = page.goto(live_server.url + stop.path)
        assert response.status == 200, f"{role}: {stop.name} answered {response.status}"
        if stop.form_data is not None:
            form = page.locator("main form[method=post]")
            for name in stop.form_data:
                form = form.filter(has=page.locator(f'[name="{name}"]'))
            form = form.first
            for name, value in stop.form_data.items():
                form.locator(f'[name="{name}"]').fill(value)
            with page.expect_navigation() as navigation:
                form.locator("button[type=submit]").last.click()
            response = navigation.value
            expect(page.locator("#form-errors")).to_be_visible()
        page.wait_for_load_state("load")
        yield stop, response
