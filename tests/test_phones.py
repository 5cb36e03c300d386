import re

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.urls import reverse

from stakeholders.enums import Role
from stakeholders.forms.selfservice import MyContactDetailsForm
from stakeholders.models import Stakeholder
from stakeholders.phones import format_israeli_phone, normalize_israeli_phone
from tests.factories import OfficialFactory, RepresentationFactory, StakeholderFactory


@pytest.mark.parametrize(
    "typed",
    [
        "050-1234567",
        "0501234567",
        "050 123 4567",
        "+972 50-123-4567",
        "972501234567",
        "(050)1234567",
    ],
)
def test_a_mobile_number_is_stored_in_one_form_however_it_is_typed(typed):
    assert normalize_israeli_phone(typed) == "+972501234567"


def test_a_landline_is_accepted():
    assert normalize_israeli_phone("04-8123456") == "+97248123456"


def test_an_empty_phone_stays_empty():
    assert normalize_israeli_phone("  ") == ""


@pytest.mark.parametrize(
    "bad",
    [
        "12",
        "050-123",
        "abc",
        "٠٥٠١٢٣٤٥٦٧",
        "1-800-123-456",
        "+1 202 555 0100",
        "0501234567" * 5,
        "<script>",
        "טלפון",
    ],
)
def test_a_bad_phone_is_refused_with_a_hebrew_message(bad):
    with pytest.raises(ValidationError) as error:
        normalize_israeli_phone(bad)
    assert error.value.code == "invalid_phone"
    assert "מספר טלפון" in str(error.value.messages[0])


def test_a_stored_number_is_shown_the_israeli_way():
    assert format_israeli_phone("+972501234567") == "050-1234567"
    assert format_israeli_phone("+97248123456") == "04-8123456"
    assert format_israeli_phone("") == ""


# --- How a stored number is shown: 052-5551234, one left-to-right unit ------------------------

LOCAL = '<bdi dir="ltr" class="text-nowrap">052-5551234</bdi>'
STORED = "+972525551234"


def test_the_phone_filter_shows_the_local_form_as_one_left_to_right_unit():
    rendered = Template("{% load kehila %}[{{ a|phone }}][{{ b|phone }}]").render(
        Context({"a": STORED, "b": ""})
    )
    assert rendered == f"[{LOCAL}][]"


def shown_text(html):
    """The page less the tel: links' targets, where the E.164 form belongs."""
    return html.replace(f'href="tel:{STORED}"', "")


@pytest.mark.django_db
def test_pages_show_phone_numbers_in_the_local_form(client, coordinator, make_user, locality):
    person = OfficialFactory(locality=locality, phone=STORED)
    representation = RepresentationFactory(stakeholder=person, organisation__locality=locality)
    client.force_login(coordinator)
    pages = {
        "register": reverse("stakeholders:stakeholder_list"),
        "profile": reverse("stakeholders:stakeholder_detail", args=[person.pk]),
        "organisation": reverse(
            "stakeholders:organisation_detail", args=[representation.organisation.pk]
        ),
    }
    for name, path in pages.items():
        page = shown_text(client.get(path).content.decode())
        assert LOCAL in page, name
        assert STORED not in page, name
    staff = make_user(Role.OFFICIAL, locality, stakeholder=person)
    client.force_login(staff)
    page = client.get(reverse("stakeholders:my_committees")).content.decode()
    assert LOCAL in page and STORED not in page


@pytest.mark.django_db
def test_phone_inputs_start_from_the_local_form_and_an_unchanged_one_is_no_change(
    client, coordinator, make_user, locality
):
    person = OfficialFactory(locality=locality, phone=STORED)
    client.force_login(coordinator)
    form = client.get(reverse("stakeholders:stakeholder_edit", args=[person.pk]))
    assert 'value="052-5551234"' in form.content.decode()
    assert STORED not in form.content.decode()

    staff = make_user(Role.OFFICIAL, locality, stakeholder=person)
    client.force_login(staff)
    page = client.get(reverse("stakeholders:my_details", args=[person.pk])).content.decode()
    assert 'type="tel"' in page and 'dir="ltr"' in page and 'value="052-5551234"' in page
    typed_back = MyContactDetailsForm(
        {"phone": "052-5551234", "email": person.email}, instance=person
    )
    assert typed_back.is_valid() and not typed_back.has_changed()
    assert typed_back.cleaned_data["phone"] == STORED
    moved = MyContactDetailsForm({"phone": "052 5551235", "email": person.email}, instance=person)
    assert moved.is_valid() and moved.changed_data == ["phone"]
    assert moved.cleaned_data["phone"] == "+972525551235"


@pytest.mark.django_db
def test_django_admin_lists_and_edits_phone_numbers_in_the_local_form(
    client, locality_admin, locality
):
    person = StakeholderFactory(locality=locality, phone=STORED)
    client.force_login(locality_admin)
    listing = client.get(reverse("admin:stakeholders_stakeholder_changelist")).content.decode()
    assert LOCAL in listing and STORED not in listing
    change_url = reverse("admin:stakeholders_stakeholder_change", args=[person.pk])
    change = client.get(change_url).content.decode()
    (phone_input,) = re.findall(r'<input[^>]*name="phone"[^>]*>', change)
    assert 'value="052-5551234"' in phone_input and 'class="vTextField"' in phone_input
    assert STORED not in change
    assert Stakeholder.objects.get(pk=person.pk).phone == STORED
