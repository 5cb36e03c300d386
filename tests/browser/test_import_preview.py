"""The import preview in a real browser: a row's problem is on screen next to its number, on a
desktop and on a phone, however wide the file; confirming shows that the import runs; and the
page passes axe and the HTML checker in Hebrew and Arabic."""

import io
import json
import re
import time

import pytest
from django.urls import reverse
from openpyxl import Workbook
from playwright.sync_api import expect

from stakeholders import services
from stakeholders.enums import Role
from stakeholders.imports import StakeholderImporter
from stakeholders.models import ImportBatch, Stakeholder, UserPreference
from tests.browser.conftest import login, screenshot
from tests.browser.test_accessibility import axe_violations, describe
from tests.browser.test_html_validity import run_vnu
from tests.factories import LocalityAccessFactory, LocalityFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

# Every column the stakeholders import knows, so that the table is far wider than a screen;
# the problem of the first row is in the last column (an unknown consent level).
HEADER = [str(column.labels[0]) for column in StakeholderImporter.columns[1:]]
GOOD = {
    "first_name": "מרים",
    "last_name": "כהן-לוינשטיין",
    "kind": "תושבת",
    "phone": "050-7654321",
    "email": "miriam.cohen@example.org",
    "community": "שכונת הגפן והזית הצפונית",
    "job_title": "חברת ועד השכונה הוותיקה",
    "notes": "פעילה מאוד בוועד השכונה, מכירה את כל הגינות הקהילתיות בשכונה",
}


def row(**cells):
    values = {**GOOD, **cells}
    return [values.get(column.field, "") for column in StakeholderImporter.columns[1:]]


def workbook(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for cells in rows:
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def coordinator(transactional_db):
    locality = LocalityFactory(name="קריית הייבוא")
    user = UserFactory()
    LocalityAccessFactory(user=user, locality=locality, role=Role.COORDINATOR)
    return user


def upload(page, live_server, rows, name="רשימה.xlsx"):
    """Through the real form, as a coordinator does; returns the batch previewed."""
    page.goto(live_server.url + reverse("stakeholders:import_start"))
    page.set_input_files(
        "#id_file",
        files=[{"name": name, "mimeType": "application/octet-stream", "buffer": workbook(rows)}],
    )
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/import/\d+/$"))
    return ImportBatch.objects.latest("pk")


# Kept in sessionStorage at every change of the form, so that the state the page reached
# while the import ran can be read once the next page has loaded.
RECORD_BUSY_STATE = """() => {
    const form = document.querySelector("form[data-busy]");
    const shown = (selector) => {
        const element = form.querySelector(selector);
        return !!element && element.getClientRects().length > 0;
    };
    const record = () => sessionStorage.setItem("busy-state", JSON.stringify({
        disabled: form.querySelector("button[type=submit]").disabled,
        messageShown: shown("[data-busy-message]"),
        spinnerShown: shown(".spinner-border"),
        status: form.querySelector("[role=status]").innerText.split(/\\s+/).join(" ").trim(),
    }));
    record();
    new MutationObserver(record).observe(form, {subtree: true, attributes: true});
}"""


def assert_on_screen(page, locator):
    """Inside the window across, without scrolling anything sideways."""
    box = locator.bounding_box()
    width = page.viewport_size["width"]
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (box, width)


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_a_rows_problem_is_on_screen_next_to_its_number(browser, live_server, coordinator, width):
    context = browser.new_context(locale="he-IL", viewport={"width": width, "height": 900})
    page = context.new_page()
    login(page, live_server, coordinator.username)
    upload(page, live_server, [row(consent_level="בערך"), row(first_name="נועה", phone="")])

    problem = page.locator("tbody tr").first.locator(".import-problems li")
    expect(problem).to_contain_text("רמת הסכמה:")
    expect(problem).to_contain_text("לא ידוע, מתנגד/ת, הסכמה סבילה, הסכמה פעילה")
    assert_on_screen(page, problem)
    # The table scrolls inside its card; the page itself is never wider than the window.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    # The cell it is about, at the far end of the row, is marked in words too.
    cell = page.locator("tbody tr").first.locator("td.import-cell-error")
    expect(cell).to_contain_text("לתיקון")
    screenshot(page, f"40-import-preview-problem-{width}")
    context.close()


def test_confirming_disables_the_button_and_shows_a_live_status(
    page, live_server, coordinator, monkeypatch
):
    login(page, live_server, coordinator.username)
    rows = [row(first_name=name, phone=f"050-765432{n}", email="") for n, name in enumerate("אבג")]
    batch = upload(page, live_server, rows)

    # The import takes a while on the server (the live server runs in this process). While a
    # form's request is pending, Chromium answers no DevTools call until the next page
    # arrives, so the page records its own state as it changes, and it is read afterwards:
    # what it recorded was shown between the submit and the answer.
    import_batch_confirm = services.import_batch_confirm

    def slow_import(**kwargs):
        time.sleep(1.5)
        return import_batch_confirm(**kwargs)

    monkeypatch.setattr(services, "import_batch_confirm", slow_import)
    page.evaluate("window.confirm = () => true")  # the question before importing: yes
    status = page.locator("form[data-busy] [role=status]")
    # The live region is there from the start, and silent.
    expect(status).to_have_text("", use_inner_text=True)
    page.evaluate(RECORD_BUSY_STATE)
    screenshot(page, "41-import-preview-before-confirming")
    with page.expect_navigation():
        page.locator("form[data-busy] button[type=submit]").click(no_wait_after=True)
    expect(page).to_have_url(re.compile(r"/import/\d+/$"))
    assert json.loads(page.evaluate("sessionStorage.getItem('busy-state')")) == {
        "disabled": True,
        "messageShown": True,
        "spinnerShown": True,
        "status": "מייבא 3 שורות… יש להשאיר את הדף פתוח עד לסיום.",
    }
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.IMPORTED
    assert Stakeholder.objects.count() == 3
    # Once done, the new page's form (none: the file is imported) is not left disabled.
    expect(page.locator("form[data-busy]")).to_have_count(0)


def test_cancelling_the_confirmation_leaves_the_button_usable(page, live_server, coordinator):
    login(page, live_server, coordinator.username)
    upload(page, live_server, [row()])
    page.once("dialog", lambda dialog: dialog.dismiss())
    button = page.locator("form[data-busy] button[type=submit]")
    button.click()
    page.wait_for_timeout(200)  # longer than the JavaScript's turn
    expect(button).to_be_enabled()
    expect(page.locator("form[data-busy] [data-busy-message]")).to_be_hidden()


@pytest.mark.parametrize("language", ["he", "ar"])
def test_the_preview_passes_axe_and_the_html_checker(
    page, live_server, coordinator, language, tmp_path
):
    UserPreference.objects.create(user=coordinator, language=language)
    login(page, live_server, coordinator.username)
    rows = [row(consent_level="בערך"), row(first_name="", phone="12"), row(first_name="נועה")]
    upload(page, live_server, rows)
    assert page.locator("html").get_attribute("lang") == language
    response = page.reload()
    problems = describe(f"import preview ({language})", axe_violations(page))
    # The live status as it is while an import runs, checked too.
    page.evaluate(
        "document.querySelectorAll('[data-busy-message]')"
        ".forEach(e => e.classList.remove('d-none'))"
    )
    problems += describe(f"import preview running ({language})", axe_violations(page))
    assert not problems, "axe found accessibility problems:\n" + "\n".join(problems)

    files = []
    for state, html in (("served", response.text()), ("loaded", page.content())):
        path = tmp_path / f"import-preview-{language}-{state}.html"
        path.write_text(html, encoding="utf-8")
        files.append(path)
    messages = run_vnu(files)
    assert not messages, "The HTML checker found errors:\n" + "\n".join(
        f"{m.get('url', '?')}, line {m.get('lastLine', '?')}: {m['message']}" for m in messages
    )
