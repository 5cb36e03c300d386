"""Accessibility under the Israeli standard IS 5568 (WCAG 2.0 AA), checked in a real browser.

axe-core (bundled with axe-playwright-python, so it runs offline) checks every page each role
reaches from the navigation, including a form's error state. A second test goes through the
main flow with the keyboard alone: focus must always be visible, and a failed submit must
move focus to the error summary.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from stakeholders.enums import Role
from stakeholders.models import Membership, Stakeholder
from tests.browser.conftest import login
from tests.browser.walk import walk
from tests.factories import (
    LocalityAccessFactory,
    LocalityFactory,
    StakeholderFactory,
    TaskTeamFactory,
    UserFactory,
)
from tests.tour import LANGUAGES, ROLES, choose_language, seed_demo_locality

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

# WCAG 2.0 A and AA (what IS 5568 asks for), and the 2.1 additions at the same levels.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Rules left out on Django's own admin pages only: {rule id: why the fix lies in Django}.
# None is needed with Django 5.2, whose admin passes every rule on the pages of the tour;
# never add one for our own pages.
ADMIN_ONLY_EXCLUSIONS = {}

AXE = Axe()


def axe_violations(page, *, exclude=()):
    options = {
        "runOnly": {"type": "tag", "values": WCAG_TAGS},
        "resultTypes": ["violations"],
        "rules": {rule: {"enabled": False} for rule in exclude},
    }
    return AXE.run(page, options=options).response["violations"]


def describe(where, violations):
    """One readable paragraph per violated rule: what, how bad, where, and how to fix it."""
    lines = []
    for violation in violations:
        lines.append(f"{where}: {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}")
            summary = node.get("failureSummary", "").replace("\n", " ")
            if summary:
                lines.append(f"       {summary}")
        lines.append(f"    see {violation['helpUrl']}")
    return lines


@pytest.fixture
def demo_locality(transactional_db):
    return seed_demo_locality()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_the_role_passes_axe_at_wcag_aa(
    page, live_server, demo_locality, role, language
):
    choose_language(language)
    problems = []
    for stop, _response in walk(page, live_server, role, demo_locality, language):
        assert page.locator("html").get_attribute("lang") == language
        # Folded parts (the profile's forms, the dashboard's tables) are checked open, too.
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        exclude = ADMIN_ONLY_EXCLUSIONS if stop.admin else ()
        violations = axe_violations(page, exclude=exclude)
        problems += describe(f"{role} · {stop.name} ({stop.path})", violations)
    assert not problems, "axe found accessibility problems:\n" + "\n".join(problems)


# --- Keyboard only ---------------------------------------------------------------------------

FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    return {
        tag: el.tagName, id: el.id, name: el.getAttribute("name"), type: el.type || "",
        href: el.getAttribute("href") || "",
        text: (el.innerText || el.value || "").trim().slice(0, 40),
        // A date field keeps the focus in its own parts (day, month, year, calendar button).
        focused: el.matches(":focus, :focus-within"),
        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
        shadow: style.boxShadow !== "none",
    };
}"""
# Focus inside a date field moves between its day, month and year parts, and styles may fade
# in: wait (briefly) for the element to settle before judging whether its focus shows.
FOCUS_SHOWN = f"""() => {{
    const el = ({FOCUSED})();
    return el && el.focused && (el.outline || el.shadow);
}}"""


def focused(page):
    return page.evaluate(FOCUSED)


def assert_focus_visible(page):
    try:
        page.wait_for_function(FOCUS_SHOWN, timeout=1000)
    except PlaywrightTimeoutError:
        raise AssertionError(f"the focus is not visible on {focused(page)}") from None
    return focused(page)


def tab_to(page, matches, *, backwards=False, limit=80):
    """Press Tab (or Shift+Tab) until the focused element satisfies `matches`; check on the
    way that every element that takes the focus shows it."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        element = assert_focus_visible(page)
        if matches(element):
            return element
    raise AssertionError(f"{key} never reached the element wanted (last: {focused(page)})")


def by_id(element_id):
    return lambda element: element["id"] == element_id


def submit_button(element):
    return element["tag"] == "BUTTON" and element["type"] == "submit"


@pytest.fixture
def coordinator(transactional_db):
    locality = LocalityFactory(name="קריית המקלדת")
    user = UserFactory()
    LocalityAccessFactory(user=user, locality=locality, role=Role.COORDINATOR)
    StakeholderFactory(locality=locality, first_name="אורי", last_name="שלום")
    return user


@pytest.fixture
def task_team(coordinator):
    locality = coordinator.locality_accesses.get().locality
    return TaskTeamFactory(locality=locality, name="צוות משימה נגישות")


def test_a_coordinator_adds_a_person_and_seats_them_with_the_keyboard_alone(
    page, live_server, coordinator, task_team
):
    login(page, live_server, coordinator.username)
    page.goto(live_server.url + reverse("stakeholders:stakeholder_list"))

    # The skip link comes first and takes the reader to the main content.
    page.keyboard.press("Tab")
    skip = assert_focus_visible(page)
    assert skip["tag"] == "A"
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    # From the main content, on to the "add a stakeholder" link.
    create_url = reverse("stakeholders:stakeholder_create")
    add_link = page.locator(f'main a[href="{create_url}"]').first
    add_link_text = add_link.inner_text().strip()[:40]
    tab_to(page, lambda element: element["tag"] == "A" and element["text"] == add_link_text)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == live_server.url + create_url

    # First the kind of person, a link each.
    resident_url = f"{create_url}?kind=resident"
    tab_to(page, lambda element: element["tag"] == "A" and element["href"].endswith(resident_url))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == live_server.url + resident_url

    # A submit with nothing filled in: the error summary takes the focus and is announced.
    tab_to(page, submit_button)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = page.locator("#form-errors")
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_be_focused()
    assert_focus_visible(page)

    # Fill in the form from the keyboard: Tab into each field, type, and choose with arrows.
    tab_to(page, by_id("id_first_name"))
    page.keyboard.type("מאיה")
    tab_to(page, by_id("id_last_name"))
    page.keyboard.type("טל")
    # Back one field with Shift+Tab, and on again, to show that both directions work.
    tab_to(page, by_id("id_first_name"), backwards=True)
    tab_to(page, by_id("id_last_name"))
    tab_to(page, by_id("id_sector"))
    page.keyboard.press("ArrowDown")  # from "choose a sector" to "no sector"
    assert page.locator("#id_sector").input_value() == "none"
    tab_to(page, submit_button)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/stakeholders/\d+/$"))
    person = Stakeholder.objects.get(first_name="מאיה", last_name="טל")
    assert person.kind

    # On the profile: open "add to a committee" with Space, choose the team, and send.
    tab_to(page, lambda element: element["tag"] == "SUMMARY")
    seats = page.locator("section[aria-labelledby=seats-heading] details")
    page.keyboard.press("Space")
    expect(seats).to_have_attribute("open", "")
    tab_to(page, by_id("id_seat-committee"))
    page.keyboard.press("ArrowDown")
    assert page.locator("#id_seat-committee").input_value() == str(task_team.pk)
    tab_to(page, submit_button)
    with page.expect_response(lambda r: r.url.endswith("/seats/new/")):
        page.keyboard.press("Space")
    expect(page.locator("section[aria-labelledby=seats-heading] ul")).to_contain_text(
        task_team.name
    )
    assert Membership.objects.filter(stakeholder=person, committee=task_team).exists()
