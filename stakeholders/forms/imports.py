"""Import from Excel or CSV: the upload."""

from django import forms
from django.utils.translation import gettext_lazy

from stakeholders.models import ImportBatch, Stakeholder


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What the file holds"), choices=ImportBatch.Kind.choices
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("Excel (.xlsx) or CSV; the first row holds the column names."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    default_kind = forms.ChoiceField(
        label=gettext_lazy("Kind of people, where the file does not say"),
        choices=Stakeholder.Kind.choices,
        initial=Stakeholder.Kind.RESIDENT,
    )
