"""Whole flows in a real browser: a coordinator maps a resident, seats them on a task team,
finds them again and exports the list; a viewer reads the register without contact details.

Elements are found by ids, names, addresses and CSS classes, not by their (translated) text.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from stakeholders.enums import Role
from stakeholders.models import ConsentLevel, Membership, Stakeholder
from tests.browser.conftest import login, screenshot
from tests.factories import (
    LocalityAccessFactory,
    LocalityFactory,
    OfficialFactory,
    StakeholderFactory,
    TaskTeamFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.browser,
    # WhiteNoise looks for collectstatic's folder; here the live server serves static files
    # from the finders instead.
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

LIST_URL = reverse("stakeholders:stakeholder_list")
CREATE_URL = reverse("stakeholders:stakeholder_create")
EXPORT_URL = reverse("stakeholders:stakeholder_export")

FIRST_NAME = "נועה"
LAST_NAME = "ברקוביץ"
TYPED_PHONE = "050-765 4321"
SHOWN_PHONE = "050-7654321"

SAVE_BUTTON = "main form.card button[type=submit]"
FILTERS_FORM = "main form.filters"
RESULTS = "section[aria-labelledby=results-heading]"
SEATS = "section[aria-labelledby=seats-heading]"
CONSENT_TIMELINE = "section[aria-labelledby=consent-heading]"


@pytest.fixture
def locality(transactional_db):
    return LocalityFactory(name="קריית אונו הדמיונית")


def user_with_role(role, locality):
    user = UserFactory()
    LocalityAccessFactory(user=user, locality=locality, role=role)
    return user


@pytest.fixture
def coordinator(locality):
    return user_with_role(Role.COORDINATOR, locality)


@pytest.fixture
def viewer(locality):
    return user_with_role(Role.VIEWER, locality)


@pytest.fixture
def task_team(locality):
    return TaskTeamFactory(locality=locality, name="צוות משימה חינוך")


@pytest.fixture
def others(locality):
    """People already in the register, whom the filters must leave out."""
    return {
        "passive_resident": StakeholderFactory(
            locality=locality,
            first_name="אורי",
            last_name="שלום",
            consent_level=ConsentLevel.PASSIVE,
        ),
        "active_official": OfficialFactory(
            locality=locality,
            first_name="מיכל",
            last_name="דהן",
            consent_level=ConsentLevel.ACTIVE,
        ),
        "unknown_resident": StakeholderFactory(
            locality=locality, first_name="יוסי", last_name="פרץ"
        ),
    }


def result_names(page):
    return page.locator(f"{RESULTS} tbody td:first-child a").all_inner_texts()


def apply_filters(page):
    with page.expect_navigation():
        page.locator(f"{FILTERS_FORM} button[type=submit]").click()


def test_coordinator_maps_a_resident_seats_them_and_finds_and_exports_them(
    page, live_server, coordinator, task_team, others
):
    # --- Log in; the page is Hebrew, right to left, and styled -----------------------------
    with page.expect_response(lambda r: r.url.endswith("bootstrap.rtl.min.css")) as css:
        page.goto(live_server.url + reverse("login"))
    assert css.value.status == 200
    assert page.evaluate("document.styleSheets.length") >= 2
    navbar_background = page.eval_on_selector(
        "nav.navbar", "el => getComputedStyle(el).backgroundColor"
    )
    assert navbar_background not in ("rgba(0, 0, 0, 0)", "transparent")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "he")
    expect(html).to_have_attribute("dir", "rtl")
    screenshot(page, "01-login")

    login(page, live_server, coordinator.username)
    expect(html).to_have_attribute("lang", "he")
    expect(html).to_have_attribute("dir", "rtl")

    # --- The register -----------------------------------------------------------------------
    page.goto(live_server.url + LIST_URL)
    expect(page.locator(f"{RESULTS} tbody tr")).to_have_count(3)
    screenshot(page, "02-register")

    with page.expect_navigation():
        page.locator(f'main a[href="{CREATE_URL}"]').first.click()
    assert page.url == live_server.url + CREATE_URL

    # --- The kind comes first, and the form shows only its sections ---------------------------
    with page.expect_navigation():
        page.locator(f'main a[href="{CREATE_URL}?kind=resident"]').click()
    resident_section = page.locator('fieldset[data-kind-section="resident"]')
    official_section = page.locator('fieldset[data-kind-section="official"]')
    expect(resident_section).to_be_visible()
    expect(official_section).to_be_hidden()
    # Switching the kind folds and unfolds sections in place, without losing what was typed.
    page.fill("#id_community", "שכונת הגפן")
    page.select_option("#id_kind", "official")
    expect(official_section).to_be_visible()
    expect(resident_section).to_be_hidden()
    expect(page.locator("#id_sector")).to_be_hidden()  # officials are in the public sector
    page.select_option("#id_kind", "resident")
    expect(resident_section).to_be_visible()
    expect(page.locator("#id_community")).to_have_value("שכונת הגפן")

    # --- A bad phone number is refused and nothing is saved ----------------------------------
    page.select_option("#id_sector", "none")
    page.fill("#id_first_name", FIRST_NAME)
    page.fill("#id_last_name", LAST_NAME)
    page.fill("#id_phone", "123")
    page.fill("#id_email", "Noa.B@Example.org")
    with page.expect_navigation():
        page.locator(SAVE_BUTTON).click()
    expect(page.locator("#form-errors")).to_be_visible()
    expect(page.locator("#id_phone")).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.locator("#id_phone ~ .invalid-feedback")).to_be_visible()
    expect(page.locator(".invalid-feedback")).to_have_count(1)  # only the phone is wrong
    # What was typed is kept, so only the phone needs correcting.
    expect(page.locator("#id_first_name")).to_have_value(FIRST_NAME)
    assert not Stakeholder.objects.filter(first_name=FIRST_NAME).exists()
    screenshot(page, "03-stakeholder-form-error")

    # --- Corrected, saved, and shown normalised on the profile --------------------------------
    page.fill("#id_phone", TYPED_PHONE)
    with page.expect_navigation():
        page.locator(SAVE_BUTTON).click()
    expect(page).to_have_url(re.compile(r"/stakeholders/\d+/$"))
    resident = Stakeholder.objects.get(first_name=FIRST_NAME, last_name=LAST_NAME)
    assert resident.phone == "+972507654321"
    assert resident.email == "noa.b@example.org"
    assert resident.created_by == coordinator
    expect(page.locator("#profile-body h1")).to_have_text(f"{FIRST_NAME} {LAST_NAME}")
    expect(page.locator('#profile-body a[href^="tel:"]')).to_have_text(SHOWN_PHONE)
    expect(page.locator("#current-consent .badge")).to_have_class(
        re.compile(r"\bconsent-unknown\b")
    )
    profile_url = page.url

    # --- Seat on the task team, in place (htmx) ------------------------------------------------
    seat_form = page.locator(f'{SEATS} form[action$="/seats/new/"]')
    page.locator(f"{SEATS} details > summary").click()
    expect(seat_form).to_be_visible()
    page.select_option("#id_seat-committee", str(task_team.pk))
    with page.expect_response(
        lambda r: r.url.endswith("/seats/new/") and r.request.method == "POST"
    ) as seat_response:
        seat_form.locator("button[type=submit]").click()
    assert seat_response.value.status == 200
    assert seat_response.value.request.headers.get("hx-request") == "true"
    expect(page.locator(f"{SEATS} ul")).to_contain_text(task_team.name)
    assert page.url == profile_url  # updated in place, not a new page
    expect(page.locator("#current-consent .badge")).to_have_class(re.compile(r"\bconsent-active\b"))
    timeline = page.locator(f"{CONSENT_TIMELINE} ol")
    expect(timeline).to_contain_text(task_team.name)
    expect(timeline.locator("li").first.locator(".consent-active")).to_have_count(1)
    expect(page.locator("#messages .alert")).to_have_count(1)
    # A body the person now sits on is no longer offered.
    expect(page.locator(f'#id_seat-committee option[value="{task_team.pk}"]')).to_have_count(0)
    screenshot(page, "04-profile-after-joining")
    assert Membership.objects.filter(stakeholder=resident, committee=task_team).count() == 1
    resident.refresh_from_db()
    assert resident.consent_level == ConsentLevel.ACTIVE

    # --- Found by phone; the phone never reaches the address -----------------------------------
    page.goto(live_server.url + LIST_URL)
    page.fill("#register-search", "0507654321")
    apply_filters(page)
    assert "0507654321" not in page.url
    assert "7654321" not in page.url
    assert re.search(r"[?&]s=", page.url)
    assert result_names(page) == [resident.full_name]
    expect(page.locator("#register-search")).to_have_value("0507654321")

    # --- Found by filters: residents with active consent --------------------------------------
    page.goto(live_server.url + LIST_URL)
    page.select_option(f"{FILTERS_FORM} select[name=kind]", "resident")
    page.check(f'{FILTERS_FORM} input[name=consent][value="{ConsentLevel.ACTIVE}"]')
    apply_filters(page)
    assert "kind=resident" in page.url
    assert "consent=active" in page.url
    assert result_names(page) == [resident.full_name]
    for other in others.values():
        expect(page.locator(RESULTS)).not_to_contain_text(other.full_name)
    screenshot(page, "05-register-filtered")

    # --- Export of the filtered list -----------------------------------------------------------
    page.locator(f'main a[href^="{EXPORT_URL}"]').first.locator(
        "xpath=ancestor::div[contains(@class, 'dropdown')]//button"
    ).click()
    with page.expect_download() as download_info:
        page.locator(f'main a[href^="{EXPORT_URL}"][href$="format=csv"]').click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), "rb") as exported:
        content = exported.read()
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    assert FIRST_NAME in text and LAST_NAME in text
    assert SHOWN_PHONE in text
    for other in others.values():
        assert other.last_name not in text


def test_viewer_reads_the_register_without_contact_details_or_actions(
    page, live_server, viewer, locality
):
    person = StakeholderFactory(
        locality=locality, first_name="רונית", last_name="אלון", phone="+972507654321"
    )
    login(page, live_server, viewer.username)

    page.goto(live_server.url + LIST_URL)
    expect(page.locator(f"{RESULTS} tbody tr")).to_have_count(1)
    main = page.locator("main")
    expect(main).not_to_contain_text(person.phone_display)
    expect(main).not_to_contain_text("7654321")
    expect(page.locator(f'a[href="{CREATE_URL}"]')).to_have_count(0)
    expect(page.locator(f"{RESULTS} thead th")).to_have_count(6)  # no phone column

    with page.expect_navigation():
        page.locator(f"{RESULTS} tbody a").first.click()
    expect(page.locator("#profile-body h1")).to_have_text(person.full_name)
    expect(main).not_to_contain_text("7654321")
    expect(main).not_to_contain_text(person.email)
    expect(page.locator('a[href^="tel:"], a[href^="mailto:"]')).to_have_count(0)
    # No edit link, no "add …" / "record …" / "log …" forms.
    expect(page.locator("#profile-body details")).to_have_count(0)
    expect(page.locator("#profile-body form")).to_have_count(0)
    expect(page.locator('#profile-body a[href$="/edit/"]')).to_have_count(0)
    screenshot(page, "06-profile-as-viewer")

    # The pages behind those actions refuse the viewer too.
    response = page.goto(live_server.url + CREATE_URL)
    assert response.status == 403
