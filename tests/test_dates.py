"""Every date a person reads has one shape, d.m.yyyy (31.12.2026): lists, profiles, "My
follow-ups", Django admin, in Hebrew and in Arabic (kehila/formats)."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.factories import FollowUpFactory, StakeholderFactory
from tests.tour import LANGUAGES, choose_language, seed_demo_locality, stops_for

pytestmark = pytest.mark.django_db

# --- One shape of date ------------------------------------------------------------------------

# What a date may look like on a page: 31.12.2026 or 1.2.2026 (d.m.yyyy, no leading zero).
DATE = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d.])")
# Every other shape a date could take: ISO, with slashes, with a leading zero, or with the
# month's name in Hebrew, Arabic or English (Django's own DATE_FORMATs).
MONTHS = (
    "ינואר|פברואר|מרץ|אפריל|מאי|יוני|יולי|אוגוסט|ספטמבר|אוקטובר|נובמבר|דצמבר|"
    "يناير|فبراير|مارس|أبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر|"
    "كانون|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين|"
    "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
)
OTHER_DATE = re.compile(
    r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{1,2}[\u200f\u200e]/"
    r"|(?<![\d.])(?:0\d\.\d{1,2}|\d{1,2}\.0\d)\.\d{4}"
    rf"|\b\d{{1,2}} ?(?:ב|de |)(?:{MONTHS})|(?:{MONTHS})\.? \d{{1,2}},"
)


class VisibleText(HTMLParser):
    """All the text of a page (not its attributes: a `datetime` or a date field's value is ISO
    by the HTML standard), less scripts and styles."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.hidden -= tag in ("script", "style") and self.hidden > 0

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html):
    reader = VisibleText()
    reader.feed(html)
    return " ".join(reader.parts)


def test_the_date_check_knows_the_shapes_django_would_write():
    for wrong in (
        "2026-12-31",
        "31/12/2026",
        "31‏/12‏/2026",
        "05.12.2026",
        "5.02.2026",
        "31 בדצמבר 2026",
        "31 ديسمبر، 2026",
        "Dec. 31, 2026",
    ):
        assert OTHER_DATE.search(wrong), wrong
    for right in ("31.12.2026", "5.2.2026 14:30", "050-1234567", "2022–2024", "4.5 ל־1"):
        assert not OTHER_DATE.search(right), right


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_writes_its_dates_as_day_month_year(language):
    locality = seed_demo_locality()
    choose_language(language)
    users = get_user_model().objects
    coordinator = users.get(username="coordinator")
    # Dates on the pages a coordinator lives in: a follow-up due and one done, a seat.
    person = StakeholderFactory(locality=locality, first_name="ליאת", last_name="שגיא")
    FollowUpFactory(stakeholder=person, owner=coordinator, due_date=datetime.date(2026, 3, 5))
    FollowUpFactory(
        stakeholder=person,
        owner=coordinator,
        due_date=datetime.date(2026, 3, 4),
        done_at=datetime.datetime(2026, 3, 4, 9, 0, tzinfo=datetime.UTC),
    )
    wrong, dated = [], set()
    for role in ("coordinator", "admin", "staff"):
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        client.force_login(users.get(username=role))
        stops = [(stop.name, stop.path) for stop in stops_for(role, locality) if not stop.form_data]
        if role == "admin":
            stops += [
                (
                    "Django admin stakeholder",
                    reverse("admin:stakeholders_stakeholder_change", args=[person.pk]),
                ),
                ("Django admin follow-ups", reverse("admin:stakeholders_followup_changelist")),
            ]
        if role == "coordinator":
            stops += [
                ("my follow-ups, done", reverse("stakeholders:followup_list") + "?show=done"),
                ("new person's profile", person.get_absolute_url()),
            ]
        for name, path in stops:
            response = client.get(path)
            assert response.status_code == 200, f"{role} · {name}: {response.status_code}"
            text = visible_text(response.content.decode())
            wrong += [f"{role} · {name}: {match.group()}" for match in OTHER_DATE.finditer(text)]
            if DATE.search(text):
                dated.add(name)
    assert not wrong, f"Dates in another shape ({language}):\n" + "\n".join(wrong)
    # The check looked at real dates: these pages show some.
    assert {"my follow-ups", "my follow-ups, done", "profile", "committee"} <= dated
    assert {"Django admin stakeholder", "Django admin follow-ups", "my committees"} <= dated
