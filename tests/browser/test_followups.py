"""Follow-ups marked done in place, in a real browser: on the profile, "done" moves the item
from the open ones to the folded-away done ones, without loading the page again.

Elements are found by ids, addresses and CSS classes, not by their (translated) text.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from stakeholders.enums import Role
from tests.browser.conftest import login, screenshot
from tests.factories import (
    FollowUpFactory,
    LocalityAccessFactory,
    LocalityFactory,
    OfficialFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

BLOCK = "#profile-followups"


@pytest.fixture
def profile(transactional_db):
    locality = LocalityFactory(name="קריית המשימות")
    user = UserFactory()
    LocalityAccessFactory(user=user, locality=locality, role=Role.COORDINATOR)
    person = OfficialFactory(locality=locality, first_name="דנה", last_name="לוי")
    today = timezone.localdate()
    to_close = FollowUpFactory(
        stakeholder=person,
        owner=user,
        description="לשלוח לדנה את סיכום הפגישה",
        due_date=today - datetime.timedelta(days=2),
    )
    still_open = FollowUpFactory(
        stakeholder=person,
        owner=user,
        description="להזמין את דנה לצוות החינוך",
        due_date=today + datetime.timedelta(days=5),
    )
    return user, person, to_close, still_open


def test_done_on_the_profile_moves_the_item_to_the_done_ones_without_a_reload(
    page, live_server, profile
):
    user, person, to_close, still_open = profile
    login(page, live_server, user.username)
    profile_url = live_server.url + reverse("stakeholders:stakeholder_detail", args=[person.pk])
    page.goto(profile_url)
    done_path = reverse("stakeholders:followup_done", args=[to_close.pk])
    open_items = page.locator(f"{BLOCK} > ul > li")
    expect(open_items).to_have_count(2)
    expect(page.locator(f"{BLOCK} details")).to_have_count(0)

    # A full page load would forget this.
    page.evaluate("() => { window.stillTheSamePage = true; }")
    with page.expect_response(
        lambda r: r.url.endswith(done_path) and r.request.method == "POST"
    ) as response:
        page.locator(f'{BLOCK} form[action="{done_path}"] button[type=submit]').click()
    assert response.value.status == 200
    assert response.value.request.headers.get("hx-request") == "true"

    expect(open_items).to_have_count(1)
    expect(open_items.first).to_contain_text(still_open.description)
    # Keyboard users stay in the block they were in, not at the top of the page.
    expect(page.locator(BLOCK)).to_be_focused()
    done = page.locator(f"{BLOCK} details")
    expect(done).to_have_count(1)
    expect(done).not_to_have_attribute("open", "")
    done.locator("summary").click()
    to_close.refresh_from_db()
    day = timezone.localtime(to_close.done_at)
    expect(done.locator("li")).to_have_count(1)
    expect(done.locator("li")).to_contain_text(to_close.description)
    expect(done.locator("li")).to_contain_text(f"{day.day}.{day.month}.{day.year}")
    expect(page.locator("#messages .alert-success")).to_have_count(1)
    assert page.evaluate("() => window.stillTheSamePage") is True
    assert page.url == profile_url
    screenshot(page, "20-profile-follow-up-done")


def test_done_on_the_dashboard_moves_the_item_in_place(page, live_server, profile):
    user, person, to_close, still_open = profile
    login(page, live_server, user.username)
    page.goto(live_server.url + reverse("stakeholders:dashboard"))
    block = page.locator("#dashboard-followups")
    done_path = reverse("stakeholders:followup_done", args=[to_close.pk])
    expect(block.locator("> ul > li")).to_have_count(1)  # only the overdue one
    page.evaluate("() => { window.stillTheSamePage = true; }")
    with page.expect_response(lambda r: r.url.endswith(done_path)):
        block.locator(f'form[action="{done_path}"] button[type=submit]').click()
    expect(block.locator("> ul")).to_have_count(0)
    expect(block.locator("details li")).to_have_count(1)
    expect(block).to_be_focused()
    assert page.evaluate("() => window.stillTheSamePage") is True
    screenshot(page, "21-dashboard-follow-up-done")
