"""Municipal staff's own seats and contact details, and the coordinators' decisions on
their requests."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from stakeholders import services
from stakeholders.enums import SeatRole
from stakeholders.forms.fields import LTR_ATTRS, EmailField, PhoneField
from stakeholders.models import Membership, Stakeholder


class MySeatForm(forms.ModelForm):
    """A member's own seat: role, availability. Becoming chair waits for a coordinator."""

    class Meta:
        model = Membership
        fields = ["role", "availability", "availability_note"]
        labels = {"role": _("My role"), "availability": _("My availability")}
        widgets = {"availability_note": forms.TextInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Validation copies the new role onto the instance; the request compares with this.
        self.role_before = self.instance.role

    @property
    def asks_for_chair(self):
        return (
            self.cleaned_data.get("role") == SeatRole.CHAIR and self.role_before != SeatRole.CHAIR
        )

    def clean_role(self):
        role = self.cleaned_data["role"]
        if self.role_before == SeatRole.CHAIR and role != SeatRole.CHAIR:
            # Stepping down as chair changes who leads the body: a coordinator arranges it.
            raise ValidationError(
                _("To step down as chair, ask a coordinator."), code="chair_steps_down"
            )
        return role

    def save(self, *, by):
        """Save what the member may change directly, and open a request for the chair."""
        # Validation copied the new values onto the instance; the service compares the role
        # with the stored one, so it gets the role as it was before.
        seat = self.instance
        seat.role = self.role_before
        return services.membership_self_update(
            membership=seat,
            role=self.cleaned_data["role"],
            availability=self.cleaned_data["availability"],
            availability_note=self.cleaned_data["availability_note"],
            by=by,
        )


class SeatRequestNoteForm(forms.Form):
    note = forms.CharField(
        label=_("A note for the coordinator (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SeatRequestDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("A note to the requester (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MyContactDetailsForm(forms.ModelForm):
    """The only part of their own record a municipal official changes."""

    class Meta:
        model = Stakeholder
        fields = ["phone", "email"]
        field_classes = {"email": EmailField, "phone": PhoneField}
        widgets = {"email": forms.EmailInput(attrs=LTR_ATTRS)}

    def clean_email(self):
        return (self.cleaned_data.get("email") or "").strip().lower()
