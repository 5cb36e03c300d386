"""Importing coordinators' spreadsheets: files made here, in Excel and in both CSV encodings."""

import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from stakeholders import imports
from stakeholders.enums import Role
from stakeholders.imports.columns import choice_value
from stakeholders.imports.text import normal_text, spellings
from stakeholders.models import (
    ConsentChange,
    ImportBatch,
    Membership,
    Organisation,
    Representation,
    Stakeholder,
    UserPreference,
)
from tests.factories import (
    CommitteeFactory,
    OfficialFactory,
    OrganisationFactory,
    StakeholderFactory,
    TaskTeamFactory,
)

pytestmark = pytest.mark.django_db

START = reverse("stakeholders:import_start")

HEBREW_HEADER = ["שם פרטי", "שם משפחה", "סוג", "טלפון", "דוא״ל", "הסכמה", "הערות"]
ROWS = [
    ["מרים", "כהן", "תושב/ת", "050-7654321", "miriam@example.org", "סבילה", "ועד שכונה"],
    ["יוסי", "לוי", "בעל/ת תפקיד ברשות", "052 111 2233", "", "פעילה", ""],
    ["סמירה", "חורי", "", "", "samira@example.org", "", ""],
]


def xlsx(header, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(header, rows, encoding="utf-8-sig"):
    lines = [",".join(header)] + [",".join(str(cell) for cell in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def upload(client, content, name, kind="stakeholders", **extra):
    file = io.BytesIO(content)
    file.name = name
    return client.post(
        START, {"kind": kind, "file": file, "default_kind": "resident", **extra}, follow=False
    )


def preview_of(response):
    assert response.status_code == 302, response.content.decode()[:2000]
    batch = ImportBatch.objects.get(pk=int(response.url.rstrip("/").split("/")[-1]))
    return batch


def confirm(client, batch):
    return client.post(reverse("stakeholders:import_confirm", args=[batch.pk]))


# --- Reading every kind of file ------------------------------------------------------------


@pytest.mark.parametrize(
    "content, name",
    [
        (xlsx(HEBREW_HEADER, ROWS), "רשימה.xlsx"),
        (csv_bytes(HEBREW_HEADER, ROWS, "utf-8-sig"), "list.csv"),
        (csv_bytes(HEBREW_HEADER, ROWS, "utf-8"), "list.csv"),
        (csv_bytes(HEBREW_HEADER, ROWS, "cp1255"), "list.csv"),
    ],
    ids=["xlsx", "csv-utf8-bom", "csv-utf8", "csv-windows-1255"],
)
def test_a_hebrew_list_previews_then_imports(coordinator_client, locality, content, name):
    batch = preview_of(upload(coordinator_client, content, name))
    assert batch.preview["counts"] == {"new": 3, "update": 0, "duplicate": 0, "error": 0}
    assert not Stakeholder.objects.exists(), "the preview writes nothing"

    response = confirm(coordinator_client, batch)
    assert response.status_code == 302
    people = {p.first_name: p for p in Stakeholder.objects.all()}
    assert set(people) == {"מרים", "יוסי", "סמירה"}
    assert people["מרים"].phone == "+972507654321"
    assert people["מרים"].locality == locality
    assert people["יוסי"].kind == "official" and people["יוסי"].sector == "public"
    assert people["סמירה"].kind == "resident"  # the default kind
    assert people["יוסי"].consent_level == "active"
    change = ConsentChange.objects.get(stakeholder=people["יוסי"])
    assert (change.old_level, change.new_level, change.evidence) == ("unknown", "active", "other")
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.IMPORTED


def test_english_headers_and_a_full_name_column(coordinator_client, locality):
    content = csv_bytes(["Full name", "Phone", "Email"], [["Dana Katz", "0501112222", ""]])
    batch = preview_of(upload(coordinator_client, content, "en.csv"))
    confirm(coordinator_client, batch)
    person = Stakeholder.objects.get()
    assert (person.first_name, person.last_name) == ("Dana", "Katz")


def test_excel_number_cells_keep_the_phones_leading_zero(coordinator_client, locality):
    content = xlsx(["שם פרטי", "טלפון"], [["רון", 501234567]])
    confirm(coordinator_client, preview_of(upload(coordinator_client, content, "n.xlsx")))
    assert Stakeholder.objects.get().phone == "+972501234567"


@pytest.mark.parametrize(
    "content, name, message",
    [
        (b"", "empty.csv", "ריק"),
        (csv_bytes(HEBREW_HEADER, []), "header.csv", "אין שורות נתונים"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "picture.png", "Excel"),
        (b"PK\x03\x04 not really a zip", "broken.xlsx", "Excel"),
        (csv_bytes(["טלפון", "עיר"], [["050-1234567", "חיפה"]]), "noname.csv", "שם פרטי"),
    ],
    ids=["empty", "header-only", "wrong-format", "broken-xlsx", "no-name-column"],
)
def test_a_broken_file_gets_a_hebrew_error_and_nothing_is_kept(
    coordinator_client, locality, content, name, message
):
    response = upload(coordinator_client, content, name)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])
    assert not ImportBatch.objects.exists()
    assert not Stakeholder.objects.exists()


# --- Checking rows -------------------------------------------------------------------------


def test_bad_rows_are_marked_with_the_reason_next_to_the_cell(coordinator_client, locality):
    header = ["שם פרטי", "טלפון", "דוא״ל", "מגזר", "סוג"]
    rows = [
        ["טובה", "123", "", "", ""],
        ["רעות", "", "not-an-email", "", ""],
        ["אבי", "", "", "חקלאי", "מוקד השפעה"],
        ["", "0501231234", "", "", ""],
        ["דני", "", "", "", "מוקד השפעה"],
        ["תקין", "0509998877", "", "", ""],
    ]
    batch = preview_of(upload(coordinator_client, xlsx(header, rows), "bad.xlsx"))
    by_number = {row["number"]: row for row in batch.preview["rows"]}
    assert "phone" in by_number[2]["errors"] and "מספר טלפון" in by_number[2]["errors"]["phone"]
    assert "email" in by_number[3]["errors"]
    assert "חקלאי" in by_number[4]["errors"]["sector"]
    assert "first_name" in by_number[5]["errors"]
    assert "sector" in by_number[6]["errors"]  # a centre of influence needs its sector
    assert by_number[7]["status"] == "new"
    assert batch.preview["counts"]["error"] == 5

    page = coordinator_client.get(reverse("stakeholders:import_preview", args=[batch.pk]))
    content = page.content.decode()
    assert "import-cell-error" in content and "חקלאי" in content

    confirm(coordinator_client, batch)
    assert list(Stakeholder.objects.values_list("first_name", flat=True)) == ["תקין"]


def test_reimporting_the_same_file_updates_and_creates_no_duplicates(coordinator_client, locality):
    content = xlsx(HEBREW_HEADER, ROWS)
    confirm(coordinator_client, preview_of(upload(coordinator_client, content, "a.xlsx")))
    again = preview_of(upload(coordinator_client, content, "a.xlsx"))
    assert again.preview["counts"]["new"] == 0
    assert again.preview["counts"]["update"] == 3
    confirm(coordinator_client, again)
    assert Stakeholder.objects.count() == 3


def test_an_update_fills_in_and_never_erases(coordinator_client, locality):
    person = StakeholderFactory(
        locality=locality, phone="+972507654321", community="הגפן", email="old@example.org"
    )
    content = csv_bytes(["שם פרטי", "טלפון", "דוא״ל", "הערות"], [["מרים", "0507654321", "", "חדש"]])
    batch = preview_of(upload(coordinator_client, content, "u.csv"))
    assert batch.preview["rows"][0]["status"] == "update"
    confirm(coordinator_client, batch)
    person.refresh_from_db()
    assert person.notes == "חדש"
    assert person.community == "הגפן" and person.email == "old@example.org"


def test_same_name_only_is_held_back_for_review(coordinator_client, locality):
    StakeholderFactory(locality=locality, first_name="מרים", last_name="כהן", phone="", email="")
    content = csv_bytes(["שם פרטי", "שם משפחה"], [["מרים", "כהן"]])
    batch = preview_of(upload(coordinator_client, content, "n.csv"))
    row = batch.preview["rows"][0]
    assert row["status"] == "duplicate" and "מרים כהן" in row["note"]


def test_the_same_person_twice_in_the_file_is_a_duplicate(coordinator_client, locality):
    content = csv_bytes(["שם פרטי", "טלפון"], [["א", "0501112222"], ["ב", "050-111-2222"]])
    batch = preview_of(upload(coordinator_client, content, "d.csv"))
    assert [row["status"] for row in batch.preview["rows"]] == ["new", "duplicate"]


def test_the_same_phone_in_another_locality_is_a_new_person(
    coordinator_client, locality, other_locality
):
    StakeholderFactory(locality=other_locality, phone="+972507654321")
    batch = preview_of(upload(coordinator_client, xlsx(HEBREW_HEADER, ROWS[:1]), "x.xlsx"))
    assert batch.preview["rows"][0]["status"] == "new"


def test_an_import_is_all_or_nothing(coordinator_client, locality, monkeypatch):
    OrganisationFactory(locality=locality, name="מתנ״ס הגפן")
    header = ["שם פרטי", "טלפון", "ארגון"]
    rows = [["א", "0501112222", "מתנ״ס הגפן"], ["ב", "0501112223", ""]]
    batch = preview_of(upload(coordinator_client, xlsx(header, rows), "x.xlsx"))

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Representation.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        confirm(coordinator_client, batch)
    assert not Stakeholder.objects.exists()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED


def test_people_are_linked_to_the_organisations_they_represent(coordinator_client, locality):
    organisation = OrganisationFactory(locality=locality, name="מתנ״ס הגפן")
    header = ["שם פרטי", "ארגון", "תפקיד בארגון", "מגזר", "סוג"]
    rows = [
        ["נגה", "מתנ״ס הגפן", "מנהלת", "ציבורי", "מוקד השפעה"],
        ["עידו", "ארגון שלא קיים", "", "עסקי", "מוקד השפעה"],
    ]
    batch = preview_of(upload(coordinator_client, xlsx(header, rows), "o.xlsx"))
    assert [row["status"] for row in batch.preview["rows"]] == ["new", "error"]
    confirm(coordinator_client, batch)
    link = Representation.objects.get()
    assert (link.organisation, link.role) == (organisation, "מנהלת")


# --- Values typed by hand -----------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, written",
    [
        ("תושב/ת", "תושב"),
        ("תושב / ת", "תושב"),
        ("  תושב  ", "תושב"),
        ("בעל תפקיד  ברשות", "בעל תפקיד ברשות"),
        ("מתנ״ס", 'מתנ"ס'),
        ("מתנ''ס", "מתנס"),
        ("מתנ׳ס", "מתנ'ס"),
        ("יו”ר", "יו״ר"),
        ("מכונ", "מכון"),  # a final letter typed as an ordinary one
        ("נותנ/ת", "נותן"),
        ("ساكن/ة", "ساكن"),
        ("فعّالة", "فعالة"),  # with and without the shadda
        ("إقليمي", "اقليمي"),
        ("Resident", "resident"),
        ("influence_centre", "influence centre"),
    ],
)
def test_spellings_that_mean_the_same_have_the_same_key(typed, written):
    assert normal_text(typed) == normal_text(written)


def test_keys_keep_apart_what_differs():
    assert normal_text("and/or") != normal_text("and")  # only Hebrew and Arabic gender slashes
    assert normal_text("תושב") != normal_text("תושבת")  # the feminine form is a spelling


def test_a_label_with_a_gender_slash_is_also_spelled_in_the_feminine():
    assert spellings("בעל/ת תפקיד ברשות") == ["בעל/ת תפקיד ברשות", "בעלת תפקיד ברשות"]
    assert spellings("صاحب/ة وظيفة") == ["صاحب/ة وظيفة", "صاحبة وظيفة"]
    assert spellings("מוקד השפעה") == ["מוקד השפעה"]


@pytest.mark.parametrize("language", ["he", "ar"])
@pytest.mark.parametrize(
    "name, typed, code",
    [
        ("kind", "תושב/ת", "resident"),
        ("kind", "תושב", "resident"),
        ("kind", "תושבת", "resident"),
        ("kind", " תושב ", "resident"),
        ("kind", "ساكن/ة", "resident"),
        ("kind", "ساكنة", "resident"),
        ("kind", "resident", "resident"),
        ("kind", "RESIDENT", "resident"),
        ("kind", "בעלת תפקיד ברשות", "official"),
        ("kind", "בעל/ת  תפקיד ברשות", "official"),
        ("kind", "صاحبة وظيفة في السلطة المحلية", "official"),
        ("kind", "Municipal official", "official"),
        ("kind", "מוקד השפעה", "influence_centre"),
        ("kind", "مركز تأثير", "influence_centre"),
        ("kind", "influence_centre", "influence_centre"),
        ("kind", "גוף אזורי", "regional_body"),
        ("consent", "הסכמה פעילה", "active"),
        ("consent", "موافقة فعالة", "active"),
        ("consent", "מתנגדת", "opposed"),
        ("consent", "passive", "passive"),
        ("position", "נותנת שירות", "service_provider"),
        ("position", "מנהל אגף", "division_head"),
        ("role", "יו״ר", "chair"),
        ("role", 'יו"ר', "chair"),
        ("role", "יו''ר", "chair"),
        ("role", "חברה", "member"),
        ("role", "عضوة", "member"),
        ("organisation_kind", "מתנ''ס", "community_centre"),
        ("sector", "מגזר ציבורי", "public"),
        ("sector", "القطاع العام", "public"),
    ],
)
def test_a_value_is_recognised_in_hebrew_arabic_or_as_its_code_in_any_language(
    name, typed, code, language
):
    with translation.override(language):
        assert choice_value(typed, name, "%(value)s") == code


def test_an_unknown_value_says_which_values_may_be_typed(coordinator_client, locality):
    content = csv_bytes(["שם פרטי", "סוג"], [["דנה", "סטודנטית"]])
    batch = preview_of(upload(coordinator_client, content, "k.csv"))
    message = batch.preview["rows"][0]["errors"]["kind"]
    assert "סטודנטית" in message
    assert "תושב/ת, בעל/ת תפקיד ברשות, מוקד השפעה, גוף אזורי" in message


def test_in_arabic_the_values_to_type_are_listed_in_arabic(
    coordinator_client, coordinator, locality
):
    UserPreference.objects.create(user=coordinator, language="ar")
    content = csv_bytes(["שם פרטי", "סוג"], [["دانة", "طالبة"], ["סמירה", "תושבת"]])
    batch = preview_of(upload(coordinator_client, content, "k.csv"))
    first, second = batch.preview["rows"]
    assert (
        "ساكن/ة, صاحب/ة وظيفة في السلطة المحلية, مركز تأثير, هيئة إقليمية"
        in (first["errors"]["kind"])
    )
    assert second["status"] == "new"  # a Hebrew value, typed by a colleague, still matches


def test_a_file_filled_in_with_the_english_codes_imports(coordinator_client, locality):
    header = ["שם פרטי", "סוג", "מגזר", "הסכמה", "סוג תפקיד"]
    rows = [["רון", "official", "public", "active", "department_head"]]
    confirm(
        coordinator_client, preview_of(upload(coordinator_client, xlsx(header, rows), "c.xlsx"))
    )
    person = Stakeholder.objects.get()
    assert (person.kind, person.sector, person.consent_level, person.position) == (
        "official",
        "public",
        "active",
        "department_head",
    )


# --- The preview ---------------------------------------------------------------------------


def preview_cells(page):
    """Each row of the preview table as the text of its cells, in order."""
    html = page.content.decode()
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    return [
        [
            " ".join(re.sub(r"<[^>]+>", " ", cell).split())
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_a_rows_problem_is_next_to_its_number_with_its_column(coordinator_client, locality):
    header = ["שם פרטי", "טלפון", "דוא״ל", "קהילה", "חטיבה", "מחלקה", "סוג"]
    rows = [
        ["נועה", "", "", "", "", "", "סטודנטית"],
        # A centre of influence needs a sector, and the file has no sector column at all.
        ["דני", "", "", "", "", "", "מוקד השפעה"],
    ]
    batch = preview_of(upload(coordinator_client, xlsx(header, rows), "w.xlsx"))
    page = coordinator_client.get(reverse("stakeholders:import_preview", args=[batch.pk]))
    first, second = preview_cells(page)
    assert first[0] == "2"
    assert first[1].startswith("שגיאה סוג:")
    assert "תושב/ת, בעל/ת תפקיד ברשות, מוקד השפעה, גוף אזורי" in first[1]
    assert second[0] == "3" and "מגזר:" in second[1]
    # The cell itself is marked, without repeating the message at the end of the row.
    assert "import-cell-error" in page.content.decode()
    assert "תושב/ת, בעל/ת" not in first[-1]


def test_the_confirmation_shows_a_live_status_while_it_runs(coordinator_client, locality):
    rows = [[f"אדם{n}", f"0502{n:06d}"] for n in range(1200)]
    batch = preview_of(upload(coordinator_client, csv_bytes(["שם פרטי", "טלפון"], rows), "b.csv"))
    html = coordinator_client.get(
        reverse("stakeholders:import_preview", args=[batch.pk])
    ).content.decode()
    form = html[
        html.index(
            '<form method="post" action="' + reverse("stakeholders:import_confirm", args=[batch.pk])
        ) :
    ]
    form = form[: form.index("</form>")]
    assert "data-busy" in form
    status = form[form.index('role="status"') :]
    assert "data-busy-message" in status and "spinner-border" in status
    assert "מייבא 1,200 שורות…" in " ".join(status.split())


def test_one_row_to_import_is_counted_in_words(coordinator_client, locality):
    batch = preview_of(upload(coordinator_client, csv_bytes(["שם פרטי"], [["א"]]), "one.csv"))
    html = coordinator_client.get(
        reverse("stakeholders:import_preview", args=[batch.pk])
    ).content.decode()
    assert "מייבא שורה אחת…" in " ".join(html.split())


# --- Organisations and seats ---------------------------------------------------------------


def test_organisations_import_with_new_update_and_errors(coordinator_client, locality):
    OrganisationFactory(locality=locality, name="מכללת הגליל", sector="academia")
    header = ["שם", "מגזר", "היקף"]
    rows = [
        ["מכללת הגליל", "אקדמיה", "אזורי"],
        ["קרן הצפון", "פילנתרופיה", ""],
        ["עמותה בלי מגזר", "", ""],
        ["מפעל", "חקלאות", ""],
    ]
    batch = preview_of(
        upload(coordinator_client, xlsx(header, rows), "o.xlsx", kind="organisations")
    )
    assert [row["status"] for row in batch.preview["rows"]] == ["update", "new", "error", "error"]
    confirm(coordinator_client, batch)
    assert Organisation.objects.get(name="מכללת הגליל").scope == "regional"
    assert Organisation.objects.get(name="קרן הצפון").sector == "philanthropy"
    assert Organisation.objects.count() == 2


def test_seats_import_records_active_consent(coordinator_client, locality):
    team = TaskTeamFactory(locality=locality, name="צוות נוער")
    official = OfficialFactory(locality=locality, phone="+972501112222")
    seated = StakeholderFactory(locality=locality, first_name="רינה", last_name="גל", phone="")
    committee = CommitteeFactory(locality=locality, name="ועדת היגוי")
    Membership.objects.create(committee=committee, stakeholder=seated)
    header = ["ועדה או צוות משימה", "שם מלא", "טלפון", "תפקיד", "תאריך התחלה"]
    rows = [
        ["צוות נוער", "", "050-1112222", "יו״ר", "01/09/2026"],
        ["ועדת היגוי", "רינה גל", "", "", ""],
        ["ועדה שלא קיימת", "רינה גל", "", "", ""],
        ["צוות נוער", "אין כזה", "", "", ""],
    ]
    batch = preview_of(upload(coordinator_client, xlsx(header, rows), "s.xlsx", kind="memberships"))
    statuses = [row["status"] for row in batch.preview["rows"]]
    assert statuses == ["new", "duplicate", "error", "error"]
    confirm(coordinator_client, batch)
    seat = Membership.objects.get(committee=team)
    assert (seat.stakeholder, seat.role, seat.start_date.isoformat()) == (
        official,
        "chair",
        "2026-09-01",
    )
    official.refresh_from_db()
    assert official.consent_level == "active"
    assert official.consent_changes.get().evidence == "task_team_seat"


# --- Templates, pages and permissions ------------------------------------------------------


@pytest.mark.parametrize("kind", ["stakeholders", "organisations", "memberships"])
def test_the_template_has_the_columns_and_imports_back(coordinator_client, locality, kind):
    CommitteeFactory(locality=locality, name="ועדת ההיגוי")
    response = coordinator_client.get(
        reverse("stakeholders:import_template", args=[kind]), {"format": "xlsx"}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert len(header) >= 3 and sheet.max_row == 2
    if kind == "memberships":
        StakeholderFactory(locality=locality, phone="+972501234567")
    batch = preview_of(upload(coordinator_client, response.content, "template.xlsx", kind=kind))
    assert batch.preview["counts"]["error"] == 0, batch.preview["rows"]
    assert batch.preview["ignored"] == []


def test_rows_not_imported_can_be_downloaded_with_their_reason(coordinator_client, locality):
    content = csv_bytes(["שם פרטי", "טלפון"], [["א", "12"], ["ב", "0501112222"]])
    batch = preview_of(upload(coordinator_client, content, "p.csv"))
    response = coordinator_client.get(
        reverse("stakeholders:import_problems", args=[batch.pk]), {"format": "csv"}
    )
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "מספר טלפון" in body and "0501112222" not in body
    assert "טלפון: " in body  # each reason says its column, as in the preview


def test_the_preview_pages_and_filters_by_status(coordinator_client, locality):
    rows = [[f"אדם{n}", f"0502{n:06d}"] for n in range(150)] + [["", ""], ["ג", "1"]]
    batch = preview_of(upload(coordinator_client, csv_bytes(["שם פרטי", "טלפון"], rows), "b.csv"))
    url = reverse("stakeholders:import_preview", args=[batch.pk])
    first = coordinator_client.get(url)
    assert len(first.context["table"]) == 100
    errors = coordinator_client.get(url, {"status": "error"})
    assert [row["status"] for row in errors.context["table"]] == ["error"]
    assert coordinator_client.get(url, {"page": "x", "status": "bogus"}).status_code == 200


def test_a_viewer_and_staff_cannot_import(client, viewer, make_user, locality):
    client.force_login(viewer)
    assert client.get(START).status_code == 403
    assert upload(client, xlsx(HEBREW_HEADER, ROWS), "a.xlsx").status_code == 403
    staff = make_user(Role.OFFICIAL, locality, stakeholder=OfficialFactory(locality=locality))
    client.force_login(staff)
    assert client.get(START).status_code == 403
    assert not ImportBatch.objects.exists()


def test_another_localitys_import_answers_404(client, make_user, locality, other_locality):
    owner = make_user(Role.COORDINATOR, other_locality)
    client.force_login(owner)
    batch = preview_of(upload(client, xlsx(HEBREW_HEADER, ROWS), "a.xlsx"))
    client.force_login(make_user(Role.COORDINATOR, locality))
    for name in ("import_preview", "import_problems"):
        assert client.get(reverse(f"stakeholders:{name}", args=[batch.pk])).status_code == 404
    assert confirm(client, batch).status_code == 404
    assert not Stakeholder.objects.exists()


def test_a_file_is_imported_only_once(coordinator_client, locality):
    batch = preview_of(upload(coordinator_client, xlsx(HEBREW_HEADER, ROWS), "a.xlsx"))
    confirm(coordinator_client, batch)
    confirm(coordinator_client, batch)
    assert Stakeholder.objects.count() == 3


def test_ten_thousand_rows_preview_and_import(coordinator_client, locality):
    rows = [
        [f"שם{n}", f"משפחה{n}", "", f"050{n + 1000000:07d}", "", "סבילה", ""] for n in range(10_000)
    ]
    batch = preview_of(upload(coordinator_client, csv_bytes(HEBREW_HEADER, rows), "big.csv"))
    assert batch.preview["counts"]["new"] == 10_000
    confirm(coordinator_client, batch)
    assert Stakeholder.objects.filter(locality=locality).count() == 10_000
    assert ConsentChange.objects.count() == 10_000


def test_reading_is_separate_from_the_web(locality):
    """The importer works on bytes, so admin and management commands can use it too."""
    importer = imports.StakeholderImporter(locality=locality, user=None)
    analysis = importer.analyse(csv_bytes(HEBREW_HEADER, ROWS), "x.csv")
    assert analysis.counts()["new"] == 3


def test_django_admin_links_to_the_import_and_lists_imports(client, locality):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    changelist = client.get(reverse("admin:stakeholders_stakeholder_changelist"))
    assert START in changelist.content.decode()
    batch = preview_of(upload(client, xlsx(HEBREW_HEADER, ROWS), "a.xlsx"))
    listing = client.get(reverse("admin:stakeholders_importbatch_changelist"))
    assert "a.xlsx" in listing.content.decode()
    detail = client.get(reverse("admin:stakeholders_importbatch_change", args=[batch.pk]))
    assert detail.status_code == 200


def test_an_over_long_cell_is_an_error_not_silently_cut(coordinator_client, locality):
    content = csv_bytes(["שם פרטי", "קהילה"], [["א" * 81, "שכונה"], ["ב", "ק" * 121]])
    batch = preview_of(upload(coordinator_client, content, "long.csv"))
    rows = batch.preview["rows"]
    assert "first_name" in rows[0]["errors"] and "community" in rows[1]["errors"]


def test_every_imported_record_has_its_created_entry_in_the_change_history(
    coordinator_client, coordinator, locality
):
    batch = preview_of(upload(coordinator_client, xlsx(HEBREW_HEADER, ROWS), "people.xlsx"))
    confirm(coordinator_client, batch)
    people = Stakeholder.objects.filter(locality=locality)
    assert people.count() == 3
    created = Stakeholder.history.filter(history_type="+", id__in=people.values("pk"))
    assert sorted(created.values_list("id", flat=True)) == sorted(
        people.values_list("pk", flat=True)
    )
    assert {(row.history_user, row.history_change_reason) for row in created} == {
        (coordinator, "יובא מהקובץ people.xlsx")
    }
    consent = ConsentChange.objects.filter(stakeholder__in=people)
    assert consent.count() == 2  # the rows that say a consent level
    consent_created = ConsentChange.history.filter(history_type="+", id__in=consent.values("pk"))
    assert consent_created.count() == 2
    assert {row.history_user for row in consent_created} == {coordinator}

    header = ["שם", "מגזר"]
    batch = preview_of(
        upload(
            coordinator_client,
            xlsx(header, [["קרן הצפון", "פילנתרופיה"]]),
            "o.xlsx",
            kind="organisations",
        )
    )
    confirm(coordinator_client, batch)
    organisation = Organisation.objects.get(name="קרן הצפון")
    [entry] = Organisation.history.filter(id=organisation.pk)
    assert (entry.history_type, entry.history_user) == ("+", coordinator)
    assert entry.history_change_reason == "יובא מהקובץ o.xlsx"


def test_a_long_file_name_fits_the_change_historys_reason(coordinator_client, locality):
    name = "רשימת תושבים " + "א" * 200 + ".xlsx"
    batch = preview_of(upload(coordinator_client, xlsx(HEBREW_HEADER, ROWS), name))
    confirm(coordinator_client, batch)
    [reason] = set(Stakeholder.history.values_list("history_change_reason", flat=True))
    assert len(reason) == 100
    assert reason.startswith("יובא מהקובץ רשימת תושבים")
