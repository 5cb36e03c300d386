"""On a phone (390 px wide) no page is wider than the screen, and the menu folds away."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from stakeholders.enums import Role
from tests.browser.conftest import login, screenshot
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
