"""The stakeholder register: a person's record, their consent, and interactions with them."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stakeholders import access, services
from stakeholders.enums import Sector
from stakeholders.forms.fields import (
    DATE_INPUT,
    LTR_ATTRS,
    EmailField,
    PhoneField,
    PickedRecordsField,
    _today,
)
from stakeholders.models import (
    ConsentChange,
    ConsentLevel,
    Interaction,
    Organisation,
    Stakeholder,
    user_display_name,
)
from stakeholders.widgets import OrganisationPicker

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"]


def locality_users(locality):
    """Users who can own a follow-up in the locality: its admins and coordinators."""
    return (
        get_user_model()
        .objects.filter(
            locality_accesses__locality=locality,
            locality_accesses__role__in=access.EDITOR_ROLES,
            is_active=True,
        )
        .order_by("first_name", "last_name", "username")
        .distinct()
    )


def require_evidence_of_active_consent(form, level_field, evidence_field):
    """Active consent is a fact (a seat, promoting the program...): every form that records
    it asks for that fact."""
    cleaned = form.cleaned_data
    if cleaned.get(level_field) == ConsentLevel.ACTIVE and not cleaned.get(evidence_field):
        form.add_error(
            evidence_field,
            ValidationError(
                _("Active consent is real involvement: say what shows it."),
                code="evidence_required",
            ),
        )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return user_display_name(obj)


# Which sections of the person form belong to which kind. A section of another kind is folded
# away (its inputs still travel with the form, so switching back loses nothing).
KIND_SECTIONS = {
    "resident": [Stakeholder.Kind.RESIDENT],
    "official": [Stakeholder.Kind.OFFICIAL],
    "organisation": [Stakeholder.Kind.INFLUENCE_CENTRE, Stakeholder.Kind.REGIONAL_BODY],
    # Officials are in the public sector by definition; everybody else says theirs.
    "sector": [
        Stakeholder.Kind.RESIDENT,
        Stakeholder.Kind.INFLUENCE_CENTRE,
        Stakeholder.Kind.REGIONAL_BODY,
    ],
}
SECTION_FIELDS = {
    "resident": ["community", "is_social_activist"],
    "official": ["division", "department", "position", "job_title"],
    "organisation": ["organisations"],
    "sector": ["sector"],
}
NO_SECTOR = "none"


class StakeholderForm(forms.ModelForm):
    sector = forms.ChoiceField(
        label=_("Sector"),
        required=False,
        help_text=_("The sector the person speaks for; officials are in the public sector."),
    )
    organisations = PickedRecordsField(
        label=_("Organisations represented"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=OrganisationPicker(multiple=True),
    )
    consent_level = forms.ChoiceField(
        label=_("Consent level today"),
        choices=ConsentLevel.choices,
        initial=ConsentLevel.UNKNOWN,
        required=False,  # left out means unknown, the level everybody starts at
        help_text=_("Leave 'unknown' until a meeting or a seat shows where the person stands."),
    )
    consent_evidence = forms.ChoiceField(
        label=_("Evidence of active consent"),
        choices=ConsentChange.Evidence.choices,
        required=False,
    )
    confirm_duplicate = forms.BooleanField(
        label=_("Save anyway: this is a different person"),
        required=False,
    )

    class Meta:
        model = Stakeholder
        fields = [
            "kind",
            "first_name",
            "last_name",
            "sector",
            "community",
            "is_social_activist",
            "division",
            "department",
            "position",
            "job_title",
            "phone",
            "email",
            "influence_level",
            "influence_basis",
            "notes",
        ]
        field_classes = {"email": EmailField, "phone": PhoneField}
        widgets = {
            "email": forms.EmailInput(attrs=LTR_ATTRS),
            "influence_level": forms.Select(
                choices=[("", "—"), *[(n, str(n)) for n in range(1, 6)]]
            ),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, locality, kind=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.locality = locality
        self.instance.locality = locality
        self.duplicates = []
        self.fields["organisations"].queryset = Organisation.objects.in_locality(locality)
        if kind in Stakeholder.Kind.values and not self.instance.pk:
            self.initial["kind"] = kind
        self.fields["kind"].choices = Stakeholder.Kind.choices  # no empty choice: chosen first
        self.fields["sector"].choices = [
            ("", _("Choose a sector")),
            (NO_SECTOR, _("No sector")),
            *Sector.choices,
        ]
        if self.instance.pk:
            self.fields["organisations"].initial = list(
                self.instance.organisations.values_list("pk", flat=True)
            )
            if not self.instance.sector:
                self.initial["sector"] = NO_SECTOR
            # The consent of a person already in the register moves only through its history.
            del self.fields["consent_level"]
            del self.fields["consent_evidence"]

    @property
    def current_kind(self):
        """The kind the form is showing: as posted, as stored, or as chosen first."""
        if self.is_bound:
            return self.data.get(self.add_prefix("kind"), "")
        return self.initial.get("kind") or self.instance.kind or ""

    def sections(self):
        """Each section's name, whether it is shown for the current kind and its kinds.

        A folded section with an error in it is shown, so that no error is hidden."""
        kind = self.current_kind
        return {
            name: {
                "shown": kind in kinds
                or any(self.has_error(field) for field in SECTION_FIELDS[name]),
                "kinds": " ".join(kinds),
            }
            for name, kinds in KIND_SECTIONS.items()
        }

    def clean_sector(self):
        sector = self.cleaned_data.get("sector")
        kind = self.data.get(self.add_prefix("kind"))
        if kind == Stakeholder.Kind.RESIDENT and not sector:
            raise ValidationError(
                _("Choose the resident's sector, or 'No sector'."), code="sector_required"
            )
        if sector == NO_SECTOR:
            if kind in (Stakeholder.Kind.INFLUENCE_CENTRE, Stakeholder.Kind.REGIONAL_BODY):
                raise ValidationError(
                    _("Choose the sector this representative belongs to."),
                    code="sector_required",
                )
            return ""
        return sector

    def clean_email(self):
        return (self.cleaned_data.get("email") or "").strip().lower()

    def clean(self):
        cleaned = super().clean()
        probe = Stakeholder(
            pk=self.instance.pk,
            locality=self.locality,
            phone=cleaned.get("phone") or "",
            email=cleaned.get("email") or "",
        )
        self.duplicates = list(probe.possible_duplicates()[:5])
        if self.duplicates and not cleaned.get("confirm_duplicate"):
            raise ValidationError(
                _(
                    "A stakeholder with the same phone or email already exists in this locality. "
                    "Check the people listed below; if this is someone else, tick 'Save anyway'."
                ),
                code="possible_duplicate",
            )
        require_evidence_of_active_consent(self, "consent_level", "consent_evidence")
        return cleaned

    def save(self, *, by=None):
        return services.stakeholder_save(
            stakeholder=super().save(commit=False),
            organisations=self.cleaned_data["organisations"],
            by=by,
            consent_level=self.cleaned_data.get("consent_level") or ConsentLevel.UNKNOWN,
            consent_evidence=self.cleaned_data.get("consent_evidence") or "",
        )


class ConsentForm(forms.Form):
    level = forms.ChoiceField(label=_("New consent level"), choices=ConsentLevel.choices)
    evidence = forms.ChoiceField(
        label=_("Evidence"), choices=ConsentChange.Evidence.choices, required=False
    )
    at = forms.DateField(label=_("Date"), widget=DATE_INPUT, initial=_today)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )

    prefix = "consent"

    def clean_at(self):
        day = self.cleaned_data["at"]
        if day > _today():
            raise ValidationError(_("The date cannot be in the future."), code="future")
        return day

    def clean(self):
        cleaned = super().clean()
        require_evidence_of_active_consent(self, "level", "evidence")
        return cleaned

    def save(self, *, stakeholder, by):
        day = self.cleaned_data["at"]
        at = timezone.now()
        if day != _today():
            at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))
        return stakeholder.change_consent(
            level=self.cleaned_data["level"],
            by=by,
            evidence=self.cleaned_data["evidence"],
            note=self.cleaned_data["note"],
            at=at,
        )


class InteractionForm(forms.ModelForm):
    """A meeting, call or message, and optionally what to do next."""

    follow_up = forms.CharField(
        label=_("Follow-up (optional)"),
        required=False,
        max_length=300,
        help_text=_("What to do next. Leave empty if nothing is needed."),
    )
    follow_up_owner = UserChoiceField(
        label=_("Follow-up owner"), queryset=get_user_model().objects.none(), required=False
    )
    follow_up_due = forms.DateField(label=_("Due date"), widget=DATE_INPUT, required=False)
    consent_level = forms.ChoiceField(
        label=_("Consent it revealed (optional)"),
        choices=[("", _("No change to record")), *ConsentLevel.choices],
        required=False,
        help_text=_("Recorded as a consent change dated with this interaction."),
    )
    consent_evidence = forms.ChoiceField(
        label=_("Evidence of active consent"),
        choices=ConsentChange.Evidence.choices,
        required=False,
    )

    prefix = "interaction"

    class Meta:
        model = Interaction
        fields = ["occurred_at", "channel", "outcome", "summary"]
        widgets = {
            "occurred_at": DATETIME_INPUT,
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, locality, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occurred_at"].input_formats = DATETIME_FORMATS
        self.fields["occurred_at"].initial = lambda: timezone.localtime().replace(
            second=0, microsecond=0
        )
        owners = locality_users(locality)
        self.fields["follow_up_owner"].queryset = owners
        if owners.filter(pk=user.pk).exists():
            self.fields["follow_up_owner"].initial = user.pk

    def clean_occurred_at(self):
        occurred_at = self.cleaned_data["occurred_at"]
        if occurred_at > timezone.now() + datetime.timedelta(minutes=5):
            raise ValidationError(
                _("An interaction that has not happened yet is a follow-up, not a log entry."),
                code="future",
            )
        return occurred_at

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("follow_up"):
            if not cleaned.get("follow_up_owner"):
                self.add_error("follow_up_owner", _("Choose who will do the follow-up."))
            if not cleaned.get("follow_up_due"):
                self.add_error("follow_up_due", _("Choose a due date for the follow-up."))
        require_evidence_of_active_consent(self, "consent_level", "consent_evidence")
        return cleaned

    def save(self, *, stakeholder, by):
        """Log it through the one service that writes interactions and last contact."""
        cleaned = self.cleaned_data
        return services.interaction_log(
            stakeholder=stakeholder,
            by=by,
            channel=cleaned["channel"],
            summary=cleaned["summary"],
            occurred_at=cleaned["occurred_at"],
            outcome=cleaned["outcome"],
            follow_up=cleaned.get("follow_up") or "",
            follow_up_owner=cleaned.get("follow_up_owner"),
            follow_up_due=cleaned.get("follow_up_due"),
            consent_level=cleaned.get("consent_level") or "",
            consent_evidence=cleaned.get("consent_evidence") or "",
        )
