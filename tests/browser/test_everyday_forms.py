"""The everyday forms of issue 11 in a real browser, on a phone (390 px) and on a desktop:
the kind of person first, then only its sections; the relationship and burn-note forms."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from stakeholders.enums import Role
from stakeholders.models import Relationship
from tests.browser.conftest import login, screenshot
from tests.factories import (
    BurnedStakeholderFactory,
    LocalityAccessFactory,
    LocalityFactory,
    StakeholderFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

CREATE_URL = reverse("stakeholders:stakeholder_create")


@pytest.fixture
def coordinator(transactional_db):
    locality = LocalityFactory()
    user = UserFactory()
    LocalityAccessFactory(user=user, locality=locality, role=Role.COORDINATOR)
    first = StakeholderFactory(locality=locality, first_name="רונית", last_name="אלון")
    second = StakeholderFactory(locality=locality, first_name="יוסי", last_name="ברק")
    burn = BurnedStakeholderFactory(process__locality=locality, stakeholder=first, note="")
    return user, first, second, burn


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="he-IL", viewport={"width": 390, "height": 844})
    yield context.new_page()
    context.close()


def fits(page):
    return (
        page.evaluate("() => document.documentElement.scrollWidth") <= page.viewport_size["width"]
    )


def test_on_a_phone_the_kind_comes_first_and_the_form_fits_the_screen(
    phone, live_server, coordinator
):
    user, *_ = coordinator
    login(phone, live_server, user.username)
    phone.goto(live_server.url + CREATE_URL)
    choices = phone.locator("[data-kind-choice] a")
    expect(choices).to_have_count(4)
    # Stacked one under another, each the width of the screen's content.
    boxes = [choices.nth(n).bounding_box() for n in range(4)]
    assert all(box["y"] < later["y"] for box, later in zip(boxes, boxes[1:], strict=False))
    assert fits(phone)
    screenshot(phone, "50-phone-kind-choice")

    with phone.expect_navigation():
        choices.nth(1).click()  # a municipal official
    expect(phone.locator('fieldset[data-kind-section="official"]')).to_be_visible()
    expect(phone.locator('fieldset[data-kind-section="resident"]')).to_be_hidden()
    expect(phone.locator("#id_sector")).to_be_hidden()
    assert fits(phone)
    screenshot(phone, "51-phone-official-form")


def test_a_relationship_is_added_and_edited_from_the_relationships_page(
    page, live_server, coordinator
):
    user, first, second, _ = coordinator
    login(page, live_server, user.username)
    page.goto(live_server.url + reverse("stakeholders:relationship_list"))
    with page.expect_navigation():
        page.locator(f'main a[href="{reverse("stakeholders:relationship_create")}"]').click()
    for field, person in (("person", first), ("other_person", second)):
        picker = page.locator(f'[data-search-picker]:has(input[name="relationship-{field}__q"])')
        picker.locator("input[type=search]").fill(person.first_name)
        picker.locator(f'input[name="relationship-{field}"][value="{person.pk}"]').check()
    page.select_option("#id_relationship-kind", "tension")
    screenshot(page, "52-relationship-form")
    with page.expect_navigation():
        page.locator("main form.card button[type=submit]").click()
    relationship = Relationship.objects.get()
    assert (relationship.from_stakeholder, relationship.to_stakeholder) == (first, second)

    edit = reverse("stakeholders:relationship_edit", args=[relationship.pk])
    with page.expect_navigation():
        page.locator(f'main a[href="{edit}"]').click()
    page.check("#id_sensitive")
    page.fill("#id_note", "מתח מאז הבחירות")
    with page.expect_navigation():
        page.locator("main form.card button[type=submit]").click()
    relationship.refresh_from_db()
    assert relationship.sensitive and relationship.note == "מתח מאז הבחירות"
    expect(page.locator("main")).to_contain_text("מתח מאז הבחירות")


def test_how_a_person_was_burned_is_written_from_their_profile(page, live_server, coordinator):
    user, first, _, burn = coordinator
    login(page, live_server, user.username)
    page.goto(live_server.url + first.get_absolute_url())
    edit = reverse("stakeholders:burn_note_edit", args=[burn.pk])
    with page.expect_navigation():
        page.locator(f'a[href^="{edit}"]').click()
    page.fill("#id_note", "הובטח לה מקום בוועדה ולא קיבלה")
    with page.expect_navigation():
        page.locator("main form.card button[type=submit]").click()
    assert page.url == live_server.url + first.get_absolute_url()
    expect(page.locator(".alert-warning")).to_contain_text("הובטח לה מקום בוועדה ולא קיבלה")
    screenshot(page, "53-profile-burn-note")
