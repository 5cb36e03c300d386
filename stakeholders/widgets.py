"""Search pickers: type a name, pick from the matches.

A locality may map thousands of people and organisations, so forms never render them all as
<option>s. A picker shows what is already chosen and a search box whose matches (from a lookup
view, through htmx) appear as radio buttons or check boxes with the field's own name.
"""

from django import forms
from django.forms.utils import flatatt
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from stakeholders.phones import format_israeli_phone


def parse_id(value):
    """The id in a value from a request, or None: digits only ("²" passes isdigit() but not
    int()) and few enough for any integer column, so a hand-edited address or form finds
    nothing instead of failing in the database."""
    text = str(value)
    if text.isascii() and text.isdigit() and len(text) <= 18:
        return int(text)
    return None


class SearchPicker(forms.Widget):
    template_name = "stakeholders/widgets/search_picker.html"
    lookup_url_name = None
    placeholder = _("Type a name to search")

    def __init__(self, *, multiple=False, attrs=None):
        super().__init__(attrs)
        self.multiple = multiple

    @staticmethod
    def describe(obj):
        """(label, hint) shown for a choice, here and in the lookup view's results."""
        return str(obj), ""

    def value_from_datadict(self, data, files, name):
        if self.multiple:
            return data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return False if self.multiple else name not in data

    def use_required_attribute(self, initial):
        return False

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        values = value if isinstance(value, list | tuple) else [value]
        ids = [pk for pk in map(parse_id, values) if pk is not None]
        chosen = self.choices.queryset.filter(pk__in=ids) if ids else []
        context["widget"].update(
            {
                "multiple": self.multiple,
                "input_type": "checkbox" if self.multiple else "radio",
                "selected": [(obj.pk, *self.describe(obj)) for obj in chosen],
                "lookup_url": reverse(self.lookup_url_name),
                "placeholder": self.placeholder,
            }
        )
        return context


class PersonPicker(SearchPicker):
    lookup_url_name = "stakeholders:stakeholder_lookup"

    @staticmethod
    def describe(person):
        hint = person.get_kind_display()
        if person.job_title:
            hint = f"{hint}, {person.job_title}"
        return person.full_name, hint


class OrganisationPicker(SearchPicker):
    lookup_url_name = "stakeholders:organisation_lookup"
    placeholder = _("Type an organisation's name to search")

    @staticmethod
    def describe(organisation):
        return organisation.name, organisation.get_sector_display()


class PlainSelect(forms.Select):
    """A <select> built in Python rather than one template per <option>.

    The register's filters render on every page view, and a city's list of committees makes
    per-option templates the slowest part of the page.
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(value)} if value not in (None, "") else set()
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option, " selected" if str(option) in chosen else "", label)
                for option, label in self.choices
            ),
        )
        attrs = flatatt(self.build_attrs(self.attrs, {**(attrs or {}), "name": name}))
        return format_html("<select{}>{}</select>", attrs, options)


# Searches longer than this are cut: nobody types more, and long patterns cost the database.
MAX_SEARCH_LENGTH = 200


def picker_results(request, queryset, widget_class):
    """The matches a search picker shows, as radio buttons or check boxes named for its field."""
    field = request.GET.get("field", "")
    if not field or len(field) > 100 or not all(ch.isalnum() or ch in "-_" for ch in field):
        return HttpResponseBadRequest()
    text = request.GET.get(f"{field}__q", "").strip()[:MAX_SEARCH_LENGTH]
    found = queryset(text)[:20] if len(text) >= 2 else []
    return render(
        request,
        "stakeholders/includes/_picker_options.html",
        {
            "options": [(obj.pk, *widget_class.describe(obj)) for obj in found],
            "field": field,
            "input_type": "checkbox" if request.GET.get("multiple") else "radio",
        },
    )


class PhoneInput(forms.TextInput):
    """A phone number typed left to right, and shown in the local form (050-1234567) that
    people know rather than the stored E.164 (+972501234567)."""

    input_type = "tel"

    def __init__(self, attrs=None):
        super().__init__({"dir": "ltr", "autocomplete": "off", "inputmode": "tel", **(attrs or {})})

    def format_value(self, value):
        return format_israeli_phone(super().format_value(value)) or None
