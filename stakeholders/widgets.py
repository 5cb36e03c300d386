"""A person picker: search by name, pick from the matches.

A locality may map thousands of people, so forms never render them all as <option>s. The
picker shows the people already chosen and a search box whose matches (from the lookup view,
through htmx) appear as radio buttons or check boxes with the field's own name.
"""

from django import forms
from django.urls import reverse


class PersonPicker(forms.Widget):
    template_name = "stakeholders/widgets/person_picker.html"

    def __init__(self, *, multiple=False, attrs=None):
        super().__init__(attrs)
        self.multiple = multiple

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
        if value in (None, ""):
            ids = []
        elif isinstance(value, list | tuple):
            ids = [v for v in value if str(v).isdigit()]
        else:
            ids = [value] if str(value).isdigit() else []
        queryset = self.choices.queryset
        context["widget"].update(
            {
                "multiple": self.multiple,
                "input_type": "checkbox" if self.multiple else "radio",
                "selected": list(queryset.filter(pk__in=ids)) if ids else [],
                "lookup_url": reverse("stakeholders:stakeholder_lookup"),
            }
        )
        return context
