"""The dashboard: the locality's target of officials with active consent."""

from django import forms

from stakeholders.models import Locality


class TargetForm(forms.ModelForm):
    class Meta:
        model = Locality
        fields = ["official_active_target"]
