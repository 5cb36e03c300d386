"""A person's privacy requests: the confirmation of an erasure."""

from django import forms
from django.utils.translation import gettext_lazy


class ErasureForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand that the erased details cannot be brought back."),
        error_messages={"required": gettext_lazy("Tick the box to confirm the erasure.")},
    )
