"""Direction: what people type is isolated on every page, so that a name in English or Arabic
never reorders the Hebrew sentence around it; year and date ranges read left to right.

The demo locality's records are renamed with a Latin marker ("Zed…") in every field a person
types (names of people, organisations, committees, processes, users; notes, summaries,
follow-ups), and every page of the tour is read: each text holding the marker must sit inside
a <bdi> or an element with dir="auto".
"""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from stakeholders.models import (
    BurnedStakeholder,
    Committee,
    FollowUp,
    Interaction,
    Membership,
    Organisation,
    PastProcess,
    Relationship,
    SeatRequest,
    Stakeholder,
)
from tests.factories import BurnedStakeholderFactory
from tests.tour import ANONYMOUS, ROLES, choose_language, seed_demo_locality, stops_for

pytestmark = pytest.mark.django_db

MARKER = "Zed"


def numbered(text):
    """`text` and the row's id, so that every value is different (names are unique)."""
    return Concat(Value(f"{MARKER} {text} "), Cast("id", CharField()))


def mark_what_people_typed(locality):
    """Every typed field of the demo locality's records, in Latin, with the marker."""
    people = Stakeholder.objects.filter(locality=locality)
    people.update(first_name=numbered("Dana"), last_name=Value("O'Brien"))
    people.exclude(job_title="").update(job_title=Value(f"{MARKER} head of unit"))
    people.exclude(community="").update(community=Value(f"{MARKER} Hills"))
    people.exclude(division="").update(division=Value(f"{MARKER} division"))
    people.exclude(department="").update(department=Value(f"{MARKER} department"))
    people.update(notes=Value(f"{MARKER} met at the fair"))
    Organisation.objects.filter(locality=locality).update(name=numbered("Acme"))
    committees = Committee.objects.filter(locality=locality)
    committees.update(name=numbered("Board"), description=Value(f"{MARKER} about"))
    Membership.objects.filter(committee__locality=locality).update(
        availability_note=Value(f"{MARKER} evenings"), note=Value(f"{MARKER} seat note")
    )
    SeatRequest.objects.filter(committee__locality=locality).update(
        note=Value(f"{MARKER} please"), decision_note=Value(f"{MARKER} fine")
    )
    PastProcess.objects.filter(locality=locality).update(
        name=numbered("Plan"),
        description=Value(f"{MARKER} it failed"),
        lessons=Value(f"{MARKER} listen first"),
    )
    BurnedStakeholder.objects.filter(process__locality=locality).update(
        note=Value(f"{MARKER} was promised a park")
    )
    Relationship.objects.filter(locality=locality).update(note=Value(f"{MARKER} old friends"))
    Interaction.objects.filter(stakeholder__locality=locality).update(
        summary=Value(f"{MARKER} talked about the school")
    )
    FollowUp.objects.filter(stakeholder__locality=locality).update(
        description=numbered("call back")
    )
    get_user_model().objects.update(first_name=Value(MARKER), last_name=Value("Cohen"))


# Where text is never laid out inside a line of other text: a select's options, a page's
# title, a text area; and what is not text at all.
NOT_IN_A_LINE = {"title", "option", "textarea", "script", "style", "template"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class TypedText(HTMLParser):
    """The texts that hold the marker, with whether each is isolated and where it sits."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open = []  # (tag, isolates, attributes) of the elements the parser is inside
        self.found = []  # (isolated, text, the innermost elements)

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        attrs = dict(attrs)
        isolates = tag == "bdi" or attrs.get("dir") == "auto"
        self.open.append((tag, isolates, attrs))

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                return

    def handle_data(self, data):
        if MARKER not in data or any(tag in NOT_IN_A_LINE for tag, _, _ in self.open):
            return
        if any("visually-hidden" in (attrs.get("class") or "") for _, _, attrs in self.open):
            return  # heard, not seen: a screen reader reads in logical order
        isolated = any(isolates for _, isolates, _ in self.open)
        where = " > ".join(
            tag + "".join(f".{name}" for name in (attrs.get("class") or "").split()[:2])
            for tag, _, attrs in self.open[-3:]
        )
        self.found.append((isolated, data.strip()[:60], where))


def unisolated(html):
    reader = TypedText()
    reader.feed(html)
    return [(text, where) for isolated, text, where in reader.found if not isolated], reader.found


def test_the_reader_tells_isolated_typed_text_from_bare():
    html = (
        "<title>Zed title</title><p>שלום <bdi>Zed Dana</bdi>, <span dir='auto'>Zed note</span>"
        "<br><a href='/'>Zed bare</a><select><option>Zed option</option></select></p>"
    )
    bare, found = unisolated(html)
    assert bare == [("Zed bare", "p > a")]
    assert len(found) == 3


@pytest.mark.parametrize("language", ["he", "ar"])
def test_every_typed_text_on_every_page_is_isolated(language):
    locality = seed_demo_locality()
    mark_what_people_typed(locality)
    choose_language(language)
    users = get_user_model().objects
    bare, seen = [], 0
    for role in ROLES:
        if role == ANONYMOUS:
            continue
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        client.force_login(users.get(username=role))
        for stop in stops_for(role, locality):
            if stop.admin:  # Django's own templates
                continue
            if stop.form_data is None:
                response = client.get(stop.path)
            else:
                response = client.post(stop.path, stop.form_data)
            assert response.status_code == 200, f"{role} · {stop.name}"
            found, every = unisolated(response.content.decode())
            seen += len(every)
            bare += [f"{role} · {stop.name}: {text!r} in {where}" for text, where in found]
    assert seen > 200  # the marker did reach the pages
    bare = sorted(set(bare))
    assert not bare, f"{len(bare)} typed texts not isolated:\n" + "\n".join(bare)


# --- Ranges -----------------------------------------------------------------------------------


def test_a_year_range_is_one_left_to_right_unit():
    process = PastProcess(name="תוכנית", start_year=2022, end_year=2024)
    rendered = Template("{% load kehila %}{{ process.years|ltr }}").render(
        Context({"process": process})
    )
    assert rendered == '<bdi dir="ltr">2022–2024</bdi>'
    assert Template("{% load kehila %}[{{ x|ltr }}]").render(Context({"x": ""})) == "[]"
    assert "&lt;b&gt;" in Template("{% load kehila %}{{ x|ltr }}").render(Context({"x": "<b>"}))


YEAR_RANGE = re.compile(r"(?<!\d)(\d{4})–(\d{4})(?!\d)")


def test_year_ranges_on_the_pages_are_isolated_left_to_right(client, coordinator, locality):
    burn = BurnedStakeholderFactory(
        process__locality=locality, process__start_year=2022, process__end_year=2024
    )
    client.force_login(coordinator)
    pages = [
        reverse("stakeholders:past_process_list"),
        burn.stakeholder.get_absolute_url(),
        reverse("stakeholders:past_process_delete", args=[burn.process.pk]),
    ]
    for path in pages:
        html = client.get(path).content.decode()
        assert '<bdi dir="ltr">2022–2024</bdi>' in html, path
        assert len(YEAR_RANGE.findall(html)) == html.count('<bdi dir="ltr">2022–2024</bdi>'), path


def test_django_admin_lists_a_process_years_left_to_right(client, locality_admin, locality):
    BurnedStakeholderFactory(
        process__locality=locality, process__start_year=2022, process__end_year=2024
    )
    client.force_login(locality_admin)
    page = client.get(reverse("admin:stakeholders_pastprocess_changelist")).content.decode()
    assert '<bdi dir="ltr">2022–2024</bdi>' in page
    assert "שנים" in page  # the column's heading, translated
