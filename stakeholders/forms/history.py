"""Relationships between stakeholders, and the locality's past processes."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from stakeholders import services
from stakeholders.forms.fields import LocalityModelForm, PickedRecordsField
from stakeholders.models import (
    BurnedStakeholder,
    Organisation,
    PastProcess,
    Relationship,
    Stakeholder,
)
from stakeholders.widgets import OrganisationPicker, PersonPicker


class RelationshipForm(forms.Form):
    """A tie from this stakeholder to another person or to an organisation.

    From a profile the stakeholder is given; from the relationships page (`locality` instead)
    the form asks for them too.
    """

    person = forms.ModelChoiceField(
        label=_("Person"), queryset=Stakeholder.objects.none(), widget=PersonPicker()
    )
    other_person = forms.ModelChoiceField(
        label=_("Other person"),
        queryset=Stakeholder.objects.none(),
        required=False,
        widget=PersonPicker(),
    )
    other_organisation = forms.ModelChoiceField(
        label=_("Or an organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=OrganisationPicker(),
    )
    kind = forms.ChoiceField(label=_("Kind of relationship"), choices=Relationship.Kind.choices)
    sensitive = forms.BooleanField(
        label=_("Sensitive"),
        required=False,
        help_text=_("Shown only to coordinators and admins."),
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )

    prefix = "relationship"

    def __init__(self, *args, stakeholder=None, locality=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.stakeholder = stakeholder
        locality_id = stakeholder.locality_id if stakeholder else locality.pk
        people = Stakeholder.objects.in_locality(locality_id)
        if stakeholder:
            del self.fields["person"]
            people = people.exclude(pk=stakeholder.pk)
        else:
            self.fields["person"].queryset = people
        self.fields["other_person"].queryset = people
        self.fields["other_organisation"].queryset = Organisation.objects.in_locality(locality_id)

    def clean(self):
        cleaned = super().clean()
        person, organisation = cleaned.get("other_person"), cleaned.get("other_organisation")
        if bool(person) == bool(organisation):
            raise ValidationError(
                _("Choose either another person or an organisation (one of them)."),
                code="one_party",
            )
        if person and person == cleaned.get("person"):
            self.add_error(
                "other_person",
                ValidationError(_("A relationship is between two different people."), code="self"),
            )
        return cleaned

    def save(self, *, by, stakeholder=None):
        stakeholder = stakeholder or self.stakeholder or self.cleaned_data["person"]
        relationship = Relationship(
            locality_id=stakeholder.locality_id,
            from_stakeholder=stakeholder,
            to_stakeholder=self.cleaned_data["other_person"],
            to_organisation=self.cleaned_data["other_organisation"],
            kind=self.cleaned_data["kind"],
            sensitive=self.cleaned_data["sensitive"],
            note=self.cleaned_data["note"],
            created_by=by,
        )
        relationship.full_clean()
        relationship.save()
        return relationship


class RelationshipEditForm(forms.ModelForm):
    """What a relationship is, once its two sides are known: to change a side, add another."""

    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )

    class Meta:
        model = Relationship
        fields = ["kind", "sensitive", "note"]
        labels = {"kind": _("Kind of relationship"), "sensitive": _("Sensitive")}
        help_texts = {"sensitive": _("Shown only to coordinators and admins.")}


class BurnNoteForm(forms.ModelForm):
    note = forms.CharField(
        label=_("How they were burned"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_("What happened to them in that process, so the next approach is careful."),
    )

    class Meta:
        model = BurnedStakeholder
        fields = ["note"]


class PastProcessForm(LocalityModelForm):
    burned = PickedRecordsField(
        label=_("Stakeholders who were burned"),
        queryset=Stakeholder.objects.none(),
        required=False,
        widget=PersonPicker(multiple=True),
    )

    class Meta:
        model = PastProcess
        fields = ["name", "start_year", "end_year", "outcome", "description", "lessons"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "lessons": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["burned"].queryset = Stakeholder.objects.in_locality(self.locality)
        for name in ("start_year", "end_year"):
            # The model's year range, so the browser's number field offers sensible years.
            self.fields[name].widget.attrs.update(min=1948, max=2100)
        if self.instance.pk:
            self.fields["burned"].initial = list(
                self.instance.burned_stakeholders.values_list("pk", flat=True)
            )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start and end and end < start:
            # On the field, not only as the database constraint's message at the top.
            self.add_error(
                "end_year",
                ValidationError(
                    _("The process cannot end before it starts."), code="end_before_start"
                ),
            )
        return cleaned

    def save(self, commit=True):
        return services.past_process_save(
            process=super().save(commit=False), burned=self.cleaned_data["burned"]
        )
