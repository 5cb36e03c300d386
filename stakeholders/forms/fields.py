"""Fields, widgets and helpers that several of the workspace's forms share."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from stakeholders.models import BIDI_CONTROLS
from stakeholders.phones import normalize_israeli_phone
from stakeholders.widgets import PhoneInput, parse_id

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Fields that may hold Latin text in a right-to-left page.
LTR_ATTRS = {"dir": "ltr", "autocomplete": "off"}


# Named as it was in the single forms module, so the forms' clean and save code reads the
# same as before the split.
def _today():
    return timezone.localdate()


class EmailField(forms.EmailField):
    """An email as pasted from a right-to-left document: invisible direction marks removed
    before it is validated, so that it is accepted and matches the same address typed."""

    def to_python(self, value):
        return BIDI_CONTROLS.sub("", super().to_python(value))


class PhoneField(forms.CharField):
    """An Israeli phone number: shown in the local form, cleaned to E.164. The local form of
    the stored number, sent back unchanged, is no change."""

    widget = PhoneInput

    def to_python(self, value):
        return normalize_israeli_phone(super().to_python(value))

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != (initial or "")
        except ValidationError:
            return True


class PickedRecordsField(forms.ModelMultipleChoiceField):
    """Records chosen with a search picker. A value that cannot be an id (a hand-edited "²",
    a number beyond any integer column) is an unknown choice, refused before the query that
    SQLite cannot run with it."""

    def _check_values(self, value):
        for pk in value:
            if parse_id(pk) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class LocalityModelForm(forms.ModelForm):
    """A model form whose object belongs to the current locality.

    `locality` is not a form field, so Django would skip a (locality, name) unique
    constraint and leave it to the database (an error page). Forms whose model has one set
    `duplicate_name_message`, and the name is checked here, ignoring case and spaces.
    """

    duplicate_name_message = None

    def __init__(self, *args, locality, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.locality = locality
        self.locality = locality

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if self.duplicate_name_message:
            taken = (
                self._meta.model.objects.in_locality(self.locality)
                .filter(name__iexact=name)
                .exclude(pk=self.instance.pk)
            )
            if taken.exists():
                raise ValidationError(self.duplicate_name_message, code="duplicate_name")
        return name
