"""On a phone (390 px wide) no page is wider than the screen, and the menu folds away."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from stakeholders.enums import Role
from stakeholders.models import Stakeholder
from tests.browser.conftest import SCREENSHOTS, login, screenshot
from tests.factories import (
    CommitteeFactory,
    FollowUpFactory,
    LocalityAccessFactory,
    LocalityFactory,
    MembershipFactory,
    OfficialFactory,
    OrganisationFactory,
    PastProcessFactory,
    RelationshipFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

PAGES = [
    "stakeholders:dashboard",
    "stakeholders:stakeholder_list",
    "stakeholders:organisation_list",
    "stakeholders:committee_list",
    "stakeholders:past_process_list",
    "stakeholders:relationship_list",
    "stakeholders:followup_list",
]


@pytest.fixture
def coordinator(transactional_db):
    locality = LocalityFactory()
    user = UserFactory()
    LocalityAccessFactory(user=user, locality=locality, role=Role.COORDINATOR)
    official = OfficialFactory(locality=locality, job_title="מנהלת אגף החינוך והנוער בעירייה")
    committee = CommitteeFactory(locality=locality, name="ועדת היגוי רב-מגזרית לקהילה מיטיבה")
    MembershipFactory(committee=committee, stakeholder=official)
    OrganisationFactory(locality=locality)
    PastProcessFactory(locality=locality)
    RelationshipFactory(locality=locality, from_stakeholder=official, sensitive=True)
    FollowUpFactory(
        stakeholder=official,
        owner=user,
        due_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    return user, official, committee


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="he-IL", viewport={"width": 390, "height": 844})
    yield context.new_page()
    context.close()


def test_no_page_is_wider_than_a_phone_screen(phone, live_server, coordinator):
    user, official, committee = coordinator
    login(phone, live_server, user.username)
    urls = [reverse(name) for name in PAGES] + [
        official.get_absolute_url(),
        committee.get_absolute_url(),
    ]
    for url in urls:
        phone.goto(live_server.url + url)
        width = phone.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, (url, width)
    screenshot(phone, "20-phone-profile")


def test_the_menu_and_the_register_filters_fold_away_on_a_phone(phone, live_server, coordinator):
    user, _, _ = coordinator
    login(phone, live_server, user.username)
    phone.goto(live_server.url + reverse("stakeholders:stakeholder_list"))
    expect(phone.locator("#main-nav")).to_be_hidden()
    expect(phone.locator("#register-filters")).to_be_hidden()
    phone.locator("button[data-bs-target='#main-nav']").click()
    expect(phone.locator("#main-nav")).to_be_visible()
    phone.locator("button[data-bs-target='#register-filters']").click()
    expect(phone.locator("#register-search")).to_be_visible()
    screenshot(phone, "21-phone-register-filters")


def assert_inside_the_screen(page, locator):
    box = locator.bounding_box()
    assert box is not None, locator
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box


def test_the_register_is_a_list_of_cards_with_a_tap_to_call_phone(phone, live_server, coordinator):
    user, official, _ = coordinator
    Stakeholder.objects.filter(pk=official.pk).update(phone="+972525551234")
    login(phone, live_server, user.username)
    phone.goto(live_server.url + reverse("stakeholders:stakeholder_list"))

    results = phone.locator("section[aria-labelledby=results-heading]")
    expect(results.locator("table")).to_be_hidden()
    card = results.locator(".register-cards li").filter(has_text=official.full_name)
    expect(card.get_by_role("link", name=official.full_name)).to_be_visible()
    call = card.locator('a[href="tel:+972525551234"]')
    expect(call).to_be_visible()
    expect(call).to_have_text("טלפון: 052-5551234")
    # On screen without scrolling sideways, and one left-to-right unit on one line.
    assert_inside_the_screen(phone, call)
    number = call.locator("bdi")
    expect(number).to_have_attribute("dir", "ltr")
    assert number.evaluate("(element) => element.getClientRects().length") == 1
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
    screenshot(phone, "22-phone-register-cards")


def test_on_a_desktop_the_register_stays_a_table(page, live_server, coordinator):
    user, official, _ = coordinator
    login(page, live_server, user.username)
    page.goto(live_server.url + reverse("stakeholders:stakeholder_list"))
    results = page.locator("section[aria-labelledby=results-heading]")
    expect(results.locator("table")).to_be_visible()
    expect(results.locator(".register-cards")).to_be_hidden()
    # The same people in both, from the same page of results.
    cards = results.locator(".register-cards li").count()
    assert cards >= 1
    expect(results.locator("tbody tr")).to_have_count(cards)


def test_the_dashboards_wide_tables_keep_their_first_column_in_view(
    phone, live_server, coordinator
):
    user, _, committee = coordinator
    login(phone, live_server, user.username)
    phone.goto(live_server.url + reverse("stakeholders:dashboard"))
    phone.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    overflowing = 0
    for table in phone.locator("main .table-responsive > table.table-sticky-first").all():
        scroller = table.locator("xpath=..")
        wider = scroller.evaluate("(element) => element.scrollWidth > element.clientWidth")
        overflowing += wider
        # Scrolled to its far end (leftwards, in a right-to-left page)...
        scroller.evaluate("(element) => { element.scrollLeft = -element.scrollWidth; }")
        # ...each row's name is still on screen, and so is the first column's heading.
        assert_inside_the_screen(phone, table.locator("tbody tr").first.locator("> :first-child"))
        assert_inside_the_screen(phone, table.locator("thead tr > :first-child"))
    # The matrix of committees by group is wider than a phone: the test means something.
    assert overflowing >= 1
    coverage = phone.locator("table.coverage")
    expect(coverage.locator("tbody th").first).to_contain_text(committee.name)
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
    screenshot(phone, "23-phone-dashboard-tables-scrolled")
    # The committees' matrix alone, scrolled to its end, for a closer look.
    SCREENSHOTS.mkdir(exist_ok=True)
    phone.locator("section[aria-labelledby=bodies-heading]").screenshot(
        path=str(SCREENSHOTS / "24-phone-dashboard-coverage-scrolled.png")
    )
