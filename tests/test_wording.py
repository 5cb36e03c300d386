"""Hebrew as a native speaker reads it: a count agrees with its noun ("שורה חדשה אחת",
"שתי שורות חדשות", "5 שורות חדשות"), whatever the number."""

import datetime
import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from stakeholders.models import ImportBatch
from stakeholders.views.imports import counts_in_words

pytestmark = pytest.mark.django_db


# --- A count and its noun ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "count, new_rows, duplicates",
    [
        (1, "שורה חדשה אחת", "כפילות אחת"),
        (2, "שתי שורות חדשות", "שתי כפילויות"),
        (5, "5 שורות חדשות", "5 כפילויות"),
    ],
)
def test_the_import_result_gives_each_count_its_hebrew_number(count, new_rows, duplicates):
    counts = {"new": count, "update": count, "duplicate": count, "error": count}
    with translation.override("he"):
        words = counts_in_words(counts)
    assert words["new"] == new_rows
    assert words["duplicate"] == duplicates


def people_csv(rows):
    lines = ["שם פרטי,שם משפחה"] + [f"אדם{n},משפחה{n}" for n in range(rows)]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


@pytest.mark.parametrize(
    "rows, expected",
    [(1, "שורה חדשה אחת"), (2, "שתי שורות חדשות"), (5, "5 שורות חדשות")],
)
def test_the_import_preview_and_its_result_say_one_row_in_words(coordinator_client, rows, expected):
    file = io.BytesIO(people_csv(rows))
    file.name = "people.csv"
    response = coordinator_client.post(
        reverse("stakeholders:import_start"),
        {"kind": "stakeholders", "file": file, "default_kind": "resident"},
        follow=True,
    )
    page = response.content.decode()
    assert f"ייבוא {expected} וכן 0 עדכונים" in page
    assert f'data-confirm="לייבא {expected} וכן 0 עדכונים?"' in page
    assert "1 שורות" not in page and "1 חדשים" not in page

    batch = ImportBatch.objects.get()
    confirmed = coordinator_client.post(
        reverse("stakeholders:import_confirm", args=[batch.pk]), follow=True
    )
    assert f"יובאו: {expected} וכן 0 עדכונים" in confirmed.content.decode()


@pytest.mark.parametrize(
    "days, expected",
    [
        (1, "ללא קשר ביממה האחרונה"),
        (2, "ללא קשר ביומיים האחרונים"),
        (5, "ללא קשר במהלך 5 הימים האחרונים"),
    ],
)
def test_the_dashboards_quiet_tile_counts_days_in_hebrew(coordinator_client, days, expected):
    page = coordinator_client.get(reverse("stakeholders:dashboard"), {"days": days})
    assert expected in page.content.decode()


@pytest.mark.parametrize(
    "minutes, expected",
    [(1, "למשך דקה אחת."), (2, "למשך שתי דקות."), (5, "למשך 5 דקות.")],
)
def test_the_lockout_page_counts_minutes_in_hebrew(minutes, expected):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()  # the page of a refused login
    with translation.override("he"):
        page = render_to_string(
            "axes/lockout.html",
            {"cooloff_timedelta": datetime.timedelta(minutes=minutes)},
            request=request,
        )
    assert expected in page


def test_the_follow_ups_tab_and_admin_filter_agree_with_a_plural_noun():
    with translation.override("he"):
        assert translation.gettext("Open") == "פתוחות"  # "משימות המשך פתוחות"
        assert translation.gettext("Done") == "בוצעו"
