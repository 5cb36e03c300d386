"""Right to left as the browser lays it out: a Latin or Arabic name keeps the Hebrew sentence
around it in order, year ranges and file extensions read left to right, phone numbers are one
unbroken unit, and Django admin's change form fits a 1366 px screen."""

import datetime

import pytest
from django.urls import reverse

from stakeholders.enums import Role
from stakeholders.models import UserPreference
from tests.browser.conftest import login, screenshot
from tests.factories import (
    BurnedStakeholderFactory,
    CommitteeFactory,
    ConsentChangeFactory,
    FollowUpFactory,
    InteractionFactory,
    LocalityAccessFactory,
    LocalityFactory,
    MembershipFactory,
    OfficialFactory,
    OrganisationFactory,
    RepresentationFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

# The x-coordinates of where each piece of a text begins, as laid out on the screen.
POSITIONS = """([selector, pieces]) => {
  const element = document.querySelector(selector);
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const text = [];
  while (walker.nextNode()) text.push(walker.currentNode);
  return pieces.map((piece) => {
    for (const node of text) {
      const at = node.data.indexOf(piece);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + 1);
      const box = range.getBoundingClientRect();
      return {left: box.left, top: box.top};
    }
    return null;
  });
}"""


def positions(page, selector, *pieces):
    found = page.evaluate(POSITIONS, [selector, list(pieces)])
    assert None not in found, (selector, pieces, found)
    return found


@pytest.fixture
def data(transactional_db):
    locality = LocalityFactory(name="קריית הדגמה")
    admin = UserFactory(is_staff=True, first_name="Dana", last_name="Levi")
    LocalityAccessFactory(user=admin, locality=locality, role=Role.ADMIN)
    person = OfficialFactory(
        locality=locality,
        first_name="John",
        last_name="Smith",
        phone="+972525551234",
        job_title="מנהל אגף החינוך",
    )
    committee = CommitteeFactory(locality=locality, name="Steering Committee")
    MembershipFactory(committee=committee, stakeholder=person)
    RepresentationFactory(
        stakeholder=person, organisation=OrganisationFactory(locality=locality, name="سلام")
    )
    burn = BurnedStakeholderFactory(
        stakeholder=person,
        process__locality=locality,
        process__name="התחדשות עירונית",
        process__start_year=2022,
        process__end_year=2024,
        note="הובטח לו פארק",
    )
    # Every inline of the admin's page holds a row: the widest form it shows.
    InteractionFactory(stakeholder=person, recorded_by=admin)
    FollowUpFactory(
        stakeholder=person,
        owner=admin,
        description="Call John",
        due_date=datetime.date(2026, 12, 10),
    )
    ConsentChangeFactory(stakeholder=person, changed_by=admin)
    return admin, person, committee, burn


def test_a_latin_name_and_a_year_range_keep_the_hebrew_line_in_order(page, live_server, data):
    admin, person, committee, burn = data
    login(page, live_server, admin.username)
    page.goto(live_server.url + person.get_absolute_url())
    # "… התחדשות עירונית (2022–2024): הובטח לו פארק": right to left, the process's name comes
    # first (rightmost), its years next, left to right inside themselves, then the note.
    burned = ".alert-warning"
    name, start, end, note = positions(page, burned, "התחדשות", "2022", "2024", "הובטח")
    assert name["left"] > start["left"] > note["left"]
    assert start["left"] < end["left"], "the years read 2024–2022"
    # An open follow-up typed in English, by a user named in English: "what · who · when"
    # still reads right to left, what first; without isolation the Latin words and the date
    # join into one left-to-right run that puts "what" last.
    what, who, when = positions(page, "#profile-followups > ul li", "Call", "Dana", "2026")
    assert what["left"] > who["left"] > when["left"], "the follow-up's parts swapped sides"
    # The phone: 052-5551234, left to right and on one line.
    digits = positions(page, "a[href^='tel:']", "052", "-", "5551234")
    assert digits[0]["left"] < digits[1]["left"] < digits[2]["left"]
    assert digits[0]["top"] == digits[2]["top"]
    screenshot(page, "40-bidi-profile")

    page.goto(live_server.url + reverse("stakeholders:past_process_list"))
    start, end = positions(page, "main", "2022", "2024")
    assert start["left"] < end["left"]


def test_file_extensions_stay_whole(page, live_server, data):
    admin = data[0]
    login(page, live_server, admin.username)
    page.goto(live_server.url + reverse("stakeholders:import_start"))
    # "Excel (.xlsx)": the dot stays before the letters, on the left of "xlsx".
    dot, letters = positions(page, "main", ".xlsx", "xlsx")
    assert dot["left"] < letters["left"], "the extension reads xlsx."


@pytest.mark.parametrize("language", ["he", "ar"])
def test_the_admins_stakeholder_form_fits_a_1366_px_screen(browser, live_server, data, language):
    admin, person, committee, burn = data
    context = browser.new_context(locale=f"{language}-IL", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    UserPreference.objects.update_or_create(user=admin, defaults={"language": language})
    try:
        login(page, live_server, admin.username)
        page.goto(
            live_server.url + reverse("admin:stakeholders_stakeholder_change", args=[person.pk])
        )
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("html").get_attribute("dir") == "rtl"
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        screenshot(page, f"41-admin-stakeholder-change-1366-{language}")
        assert widths[0] <= widths[1], f"the page scrolls sideways: {widths}"
        assert page.locator("input[name=phone]").input_value() == "052-5551234"
        # The other pages with inlines: a body's seats, an organisation's people, a process's
        # burned stakeholders.
        for model, obj in [
            ("committee", committee),
            ("organisation", person.organisations.get()),
            ("pastprocess", burn.process),
        ]:
            page.goto(
                live_server.url + reverse(f"admin:stakeholders_{model}_change", args=[obj.pk])
            )
            widths = page.evaluate(
                "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            assert widths[0] <= widths[1], f"{model}: the page scrolls sideways: {widths}"
    finally:
        context.close()


def test_favicon_answers_on_every_page(page, live_server, data):
    admin = data[0]
    missing = []
    page.on(
        "response",
        lambda response: response.status == 404 and missing.append(response.url),
    )
    login(page, live_server, admin.username)
    for path in (reverse("stakeholders:dashboard"), reverse("admin:index")):
        page.goto(live_server.url + path)
        href = page.locator("link[rel=icon]").get_attribute("href")
        assert page.request.get(live_server.url + href).status == 200
    icon = page.request.get(live_server.url + "/favicon.ico")
    assert icon.status == 200 and "svg" in icon.headers["content-type"]
    assert not missing, missing
