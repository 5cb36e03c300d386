"""The main pages and Django's admin work under the Content-Security-Policy: nothing is refused
(no inline script, event handler or style attribute, no style element added by htmx), and what
runs still runs: the charts draw, htmx updates the profile and a seat, the print button prints.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from stakeholders.enums import Role, SeatRole
from stakeholders.models import ConsentLevel, Membership, Stakeholder
from tests.browser.conftest import login
from tests.factories import (
    CommitteeFactory,
    InteractionFactory,
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

# Collects what the browser refused, from before the page's first byte.
WATCH_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
    window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@pytest.fixture
def locality(transactional_db):
    locality = LocalityFactory(name="קריית המדיניות")
    committee = CommitteeFactory(locality=locality, name="ועדת היגוי", description="שורה\nשנייה")
    for n in range(3):
        official = OfficialFactory(locality=locality, first_name=f"פעילה{n}")
        official.change_consent(level=ConsentLevel.ACTIVE, by=None, evidence="promotes")
        MembershipFactory(committee=committee, stakeholder=official)
    person = StakeholderFactory(locality=locality, first_name="תושבת", notes="הערה\nבשתי שורות")
    InteractionFactory(stakeholder=person, summary="פגישה\nטובה")
    return locality


@pytest.fixture
def superuser(locality):
    """A coordinator's pages and Django's admin, with one login."""
    user = UserFactory(is_staff=True, is_superuser=True)
    LocalityAccessFactory(user=user, locality=locality, role=Role.ADMIN)
    return user


@pytest.fixture
def watched(page):
    page.add_init_script(WATCH_VIOLATIONS)
    console = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    yield page, console
    refused = [line for line in console if "Content Security Policy" in line]
    assert not refused, "\n".join(refused)


def assert_nothing_refused(page, name):
    page.wait_for_load_state("load")
    assert page.evaluate("window.__csp") == [], name


def test_the_main_pages_and_the_admin_work_under_the_policy(watched, live_server, superuser):
    page, console = watched
    url = live_server.url

    page.goto(url + reverse("login"))
    assert_nothing_refused(page, "login")
    login(page, live_server, superuser.username)

    # --- Dashboard: the charts draw; the print button prints without an inline handler ----
    response = page.goto(url + reverse("stakeholders:dashboard"))
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator("html")).to_have_attribute("data-charts-ready", "true")
    assert page.evaluate("() => Chart.getChart('consent-chart').data.datasets[0].data")[0] == 3
    drawn = page.evaluate(
        """() => {
            const canvas = document.getElementById("trend-chart");
            const pixels = canvas.getContext("2d")
                .getImageData(0, 0, canvas.width, canvas.height).data;
            return pixels.some((value, index) => index % 4 === 3 && value > 0);
        }"""
    )
    assert drawn
    page.evaluate("() => { window.print = () => { window.__printed = true; }; }")
    page.locator("[data-print]").click()
    assert page.evaluate("window.__printed") is True
    # The user menu (Bootstrap's dropdown positions itself through the style property).
    page.locator("header .dropdown-toggle").click()
    expect(page.locator("header .dropdown-menu")).to_be_visible()
    assert_nothing_refused(page, "dashboard")

    # --- Register, with the filters folded open and shut (Bootstrap's collapse) -------------
    page.goto(url + reverse("stakeholders:stakeholder_list"))
    expect(page.locator("section[aria-labelledby=results-heading] tbody tr")).to_have_count(4)
    assert_nothing_refused(page, "register")

    # --- Profile: notes keep their line breaks; consent and a seat change in place (htmx) --
    person = Stakeholder.objects.get(first_name="תושבת")
    page.goto(url + reverse("stakeholders:stakeholder_detail", args=[person.pk]))
    notes = page.locator("#profile-body .pre-line").first
    assert notes.evaluate("el => getComputedStyle(el).whiteSpace") == "pre-line"
    consent_form = page.locator('form[action$="/consent/"]')
    consent_form.locator("xpath=..").locator("summary").click()
    page.select_option("#id_consent-level", ConsentLevel.PASSIVE)
    with page.expect_response(lambda r: r.url.endswith("/consent/")) as consent:
        consent_form.locator("button[type=submit]").click()
    assert consent.value.request.headers.get("hx-request") == "true"
    expect(page.locator("#current-consent .badge")).to_have_class(re.compile("consent-passive"))
    seat_form = page.locator('form[action$="/seats/new/"]')
    seat_form.locator("xpath=..").locator("summary").click()
    page.select_option("#id_seat-committee", label="ועדת היגוי")
    with page.expect_response(lambda r: r.url.endswith("/seats/new/")):
        seat_form.locator("button[type=submit]").click()
    expect(page.locator("section[aria-labelledby=seats-heading] ul")).to_contain_text("ועדת היגוי")
    assert_nothing_refused(page, "profile")

    # --- Committee: a member's role changes in place (htmx) --------------------------------
    seat = Membership.objects.filter(stakeholder__first_name="פעילה0").get()
    page.goto(url + seat.committee.get_absolute_url())
    assert page.locator("p.pre-line").evaluate("el => getComputedStyle(el).whiteSpace") == (
        "pre-line"
    )
    row = page.locator(f"#membership-{seat.pk}")
    row.locator("select").select_option(SeatRole.CHAIR)
    with page.expect_response(lambda r: r.url.endswith(f"/memberships/{seat.pk}/role/")):
        row.locator("button[type=submit]").first.click()
    expect(page.locator(f"#membership-{seat.pk} [role=status]")).to_be_visible()
    seat.refresh_from_db()
    assert seat.role == SeatRole.CHAIR
    assert_nothing_refused(page, "committee")

    # --- Django's admin: index, a changelist and a change form -----------------------------
    for name, address in [
        ("admin index", reverse("admin:index")),
        ("admin changelist", reverse("admin:stakeholders_stakeholder_changelist")),
        ("admin change form", reverse("admin:stakeholders_stakeholder_change", args=[person.pk])),
    ]:
        response = page.goto(url + address)
        assert response.status == 200, name
        assert response.headers["content-security-policy"], name
        assert_nothing_refused(page, name)
    # The admin's own scripts ran (the changelist's "select all" box is theirs).
    page.goto(url + reverse("admin:stakeholders_stakeholder_changelist"))
    page.locator("#action-toggle").check()
    expect(page.locator("input.action-select").first).to_be_checked()
    assert_nothing_refused(page, "admin changelist actions")
