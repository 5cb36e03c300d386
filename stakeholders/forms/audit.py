"""The filters of the access log of personal data."""

import datetime

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stakeholders.models import PersonalDataAccess

# The largest id a database integer column holds: a bigger number in the address is no id.
MAX_ID = 2**31 - 1
FIRST_DAY = datetime.date(2000, 1, 1)
LAST_DAY = datetime.date(2999, 12, 31)


class AccessLogFilterForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("User"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=gettext_lazy("Action"),
        choices=[("", gettext_lazy("All actions")), *PersonalDataAccess.Action.choices],
        required=False,
    )
    date_from = forms.DateField(
        label=gettext_lazy("From date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=gettext_lazy("To date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    stakeholder = forms.IntegerField(
        label=gettext_lazy("Stakeholder number"), required=False, min_value=1, max_value=MAX_ID
    )

    def _clean_date(self, name):
        # Far dates would overflow when turned into the database's UTC times.
        day = self.cleaned_data.get(name)
        if day and not (FIRST_DAY <= day <= LAST_DAY):
            raise forms.ValidationError(
                _("Choose a date between %(first)s and %(last)s.")
                % {"first": FIRST_DAY.year, "last": LAST_DAY.year},
                code="date_out_of_range",
            )
        return day

    def clean_date_from(self):
        return self._clean_date("date_from")

    def clean_date_to(self):
        return self._clean_date("date_to")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error(
                "date_to",
                forms.ValidationError(
                    _("The end date is before the start date."), code="dates_reversed"
                ),
            )
            cleaned.pop("date_to", None)
        return cleaned
