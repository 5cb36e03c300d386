"""The dashboard in a real browser: the charts draw, and a number leads to its filtered list."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from stakeholders.enums import Role
from tests.browser.conftest import login, screenshot
from tests.factories import (
    CommitteeFactory,
    LocalityAccessFactory,
    LocalityFactory,
    MembershipFactory,
    OfficialFactory,
    StakeholderFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


@pytest.fixture
def coordinator(transactional_db):
    locality = LocalityFactory(name="קריית הדשבורד")
    active = [OfficialFactory(locality=locality, first_name=f"פעילה{n}") for n in range(3)]
    for official in active:
        official.change_consent(level="active", by=None, evidence="promotes")
    OfficialFactory(locality=locality, first_name="סבילה").change_consent(level="passive", by=None)
    StakeholderFactory(locality=locality, first_name="תושבת")
    committee = CommitteeFactory(locality=locality, name="ועדת היגוי")
    MembershipFactory(committee=committee, stakeholder=active[0])
    user = UserFactory()
    LocalityAccessFactory(user=user, locality=locality, role=Role.COORDINATOR)
    return user


def test_the_dashboard_draws_its_charts_and_its_numbers_open_the_list(
    page, live_server, coordinator
):
    login(page, live_server, coordinator.username)
    page.goto(live_server.url + reverse("stakeholders:dashboard"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")

    # Chart.js ran and drew on both canvases (a drawn canvas has non-blank pixels).
    expect(page.locator("html")).to_have_attribute("data-charts-ready", "true")
    for canvas in ("#trend-chart", "#consent-chart"):
        drawn = page.evaluate(
            """(selector) => {
                const canvas = document.querySelector(selector);
                const pixels = canvas.getContext("2d")
                    .getImageData(0, 0, canvas.width, canvas.height).data;
                return pixels.some((value, index) => index % 4 === 3 && value > 0);
            }""",
            canvas,
        )
        assert drawn, canvas
    assert page.evaluate("() => Chart.getChart('consent-chart').data.datasets[0].data") == [
        3,
        1,
        1,
        0,
    ]
    # The headline: 3 of 4 officials are active.
    headline = page.locator("section[aria-labelledby=headline-heading] .display-5 a")
    expect(headline).to_have_text("75.0%")
    screenshot(page, "10-dashboard")

    # The number of active officials in the consent table opens exactly them.
    cell = page.locator("#consent-table tbody tr").nth(2).locator("td a").first
    expected = int(cell.inner_text())
    with page.expect_navigation():
        cell.click()
    assert "kind=official" in page.url and "consent=active" in page.url
    rows = page.locator("section[aria-labelledby=results-heading] tbody tr")
    expect(rows).to_have_count(expected)
    assert expected == 3
    screenshot(page, "11-dashboard-number-opened")
