"""Centres of influence and regional bodies: the record, and the list's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stakeholders.forms.fields import LTR_ATTRS, LocalityModelForm
from stakeholders.models import Organisation, Sector


class OrganisationForm(LocalityModelForm):
    duplicate_name_message = _("An organisation with this name already exists in this locality.")
    # Declared here so that a website typed without a scheme is taken as HTTPS.
    website = forms.URLField(
        label=_("website"),
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs=LTR_ATTRS),
    )

    class Meta:
        model = Organisation
        fields = ["name", "sector", "scope", "kind", "website", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=200)
    sector = forms.ChoiceField(
        label=_("Sector"),
        choices=[("", _("All sectors")), *Sector.choices],
        required=False,
    )
    scope = forms.ChoiceField(
        label=_("Scope"),
        choices=[("", _("All scopes")), *Organisation.Scope.choices],
        required=False,
    )
