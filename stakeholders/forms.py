"""Forms of the coordinators' workspace. Every message the user sees is Hebrew."""

import datetime

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stakeholders import access, services
from stakeholders.enums import SeatRole
from stakeholders.models import (
    BIDI_CONTROLS,
    Committee,
    ConsentChange,
    ConsentLevel,
    FollowUp,
    Interaction,
    Membership,
    Organisation,
    PastProcess,
    Relationship,
    SeatRequest,
    Stakeholder,
    user_display_name,
)
from stakeholders.phones import normalize_israeli_phone
from stakeholders.widgets import OrganisationPicker, PersonPicker, parse_id

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"]
# Fields that may hold Latin text in a right-to-left page.
LTR_ATTRS = {"dir": "ltr", "autocomplete": "off"}


def _today():
    return timezone.localdate()


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


class EmailField(forms.EmailField):
    """An email as pasted from a right-to-left document: invisible direction marks removed
    before it is validated, so that it is accepted and matches the same address typed."""

    def to_python(self, value):
        return BIDI_CONTROLS.sub("", super().to_python(value))


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return user_display_name(obj)


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


# --- Logging in ----------------------------------------------------------------------------


class UsernameLengthMixin:
    """Django's login forms give the username a max_length without enforcing it, so a
    10,000-character name reached authenticate() and then django-axes' log of failed
    logins, whose username column holds 255 characters: an error page on PostgreSQL.
    The form refuses it first, with Django's own (translated) message."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


class LoginForm(UsernameLengthMixin, AuthenticationForm):
    pass


class AdminLoginForm(UsernameLengthMixin, AdminAuthenticationForm):
    pass


# --- Stakeholders --------------------------------------------------------------------------


class StakeholderForm(forms.ModelForm):
    organisations = PickedRecordsField(
        label=_("Organisations represented"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=OrganisationPicker(multiple=True),
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
        field_classes = {"email": EmailField}
        widgets = {
            "phone": forms.TextInput(attrs={**LTR_ATTRS, "type": "tel", "inputmode": "tel"}),
            "email": forms.EmailInput(attrs=LTR_ATTRS),
            "influence_level": forms.Select(
                choices=[("", "—"), *[(n, str(n)) for n in range(1, 6)]]
            ),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, locality, **kwargs):
        super().__init__(*args, **kwargs)
        self.locality = locality
        self.instance.locality = locality
        self.duplicates = []
        self.fields["organisations"].queryset = Organisation.objects.in_locality(locality)
        if self.instance.pk:
            self.fields["organisations"].initial = list(
                self.instance.organisations.values_list("pk", flat=True)
            )

    def clean_phone(self):
        return normalize_israeli_phone(self.cleaned_data.get("phone"))

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
        return cleaned

    @transaction.atomic
    def save(self, *, by=None):
        stakeholder = super().save(commit=False)
        if stakeholder.pk is None:
            stakeholder.created_by = by
        stakeholder.save()
        stakeholder.organisations.set(self.cleaned_data["organisations"])
        return stakeholder


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
        if cleaned.get("level") == ConsentLevel.ACTIVE and not cleaned.get("evidence"):
            self.add_error(
                "evidence",
                ValidationError(
                    _("Active consent is real involvement: say what shows it."),
                    code="evidence_required",
                ),
            )
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
        return cleaned

    @transaction.atomic
    def save(self, *, stakeholder, by):
        interaction = super().save(commit=False)
        interaction.stakeholder = stakeholder
        interaction.recorded_by = by
        interaction.save()
        stakeholder.refresh_last_contact()
        if self.cleaned_data.get("follow_up"):
            FollowUp.objects.create(
                stakeholder=stakeholder,
                interaction=interaction,
                description=self.cleaned_data["follow_up"],
                owner=self.cleaned_data["follow_up_owner"],
                due_date=self.cleaned_data["follow_up_due"],
                created_by=by,
            )
        return interaction


class SeatForm(forms.Form):
    """Add the stakeholder to a committee or task team (from their profile)."""

    committee = forms.ModelChoiceField(
        label=_("Committee or task team"), queryset=Committee.objects.none()
    )
    role = forms.ChoiceField(label=_("Role"), choices=SeatRole.choices, initial=SeatRole.MEMBER)
    start_date = forms.DateField(label=_("Start date"), widget=DATE_INPUT, initial=_today)
    term_end_date = forms.DateField(label=_("Term ends"), widget=DATE_INPUT, required=False)

    prefix = "seat"

    def __init__(self, *args, locality, stakeholder=None, **kwargs):
        super().__init__(*args, **kwargs)
        committees = Committee.objects.in_locality(locality)
        if stakeholder is not None:
            committees = committees.exclude(
                memberships__in=Membership.objects.current().filter(stakeholder=stakeholder)
            )
        self.fields["committee"].queryset = committees
        self.stakeholder = stakeholder

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("term_end_date")
        if start and end and end < start:
            self.add_error("term_end_date", _("A term cannot end before it starts."))
        return cleaned

    def save(self, *, stakeholder, by):
        return services.membership_add(
            stakeholder=stakeholder,
            committee=self.cleaned_data["committee"],
            role=self.cleaned_data["role"],
            by=by,
            start_date=self.cleaned_data["start_date"],
            term_end_date=self.cleaned_data["term_end_date"],
        )


class MemberForm(SeatForm):
    """Add a person to a given committee (from the committee's page)."""

    stakeholder = forms.ModelChoiceField(
        label=_("Person"),
        queryset=Stakeholder.objects.none(),
        widget=PersonPicker(),
        # The picker searches the whole locality, so a sitting member can be picked; the
        # candidates exclude them, and the generic "not one of the available choices" would
        # not say why.
        error_messages={
            "invalid_choice": _(
                "Choose someone from this locality who does not hold a seat on this body yet."
            )
        },
    )

    prefix = "member"
    field_order = ["stakeholder", "role", "start_date", "term_end_date"]

    def __init__(self, *args, committee, candidates, **kwargs):
        super().__init__(*args, locality=committee.locality, **kwargs)
        del self.fields["committee"]
        self.committee = committee
        self.fields["stakeholder"].queryset = candidates

    def clean_stakeholder(self):
        person = self.cleaned_data["stakeholder"]
        if (
            Membership.objects.current()
            .filter(committee=self.committee, stakeholder=person)
            .exists()
        ):
            raise ValidationError(
                _("This person already holds a seat on this body."), code="already_member"
            )
        return person

    def save(self, *, by):
        return services.membership_add(
            stakeholder=self.cleaned_data["stakeholder"],
            committee=self.committee,
            role=self.cleaned_data["role"],
            by=by,
            start_date=self.cleaned_data["start_date"],
            term_end_date=self.cleaned_data["term_end_date"],
        )


class MembershipRoleForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "term_end_date"]
        widgets = {"term_end_date": DATE_INPUT}

    def clean_term_end_date(self):
        # start_date is not a field here, so the model's check constraint is skipped by the
        # form and would only fail in the database.
        day = self.cleaned_data["term_end_date"]
        if day and self.instance.start_date and day < self.instance.start_date:
            raise ValidationError(_("A term cannot end before it starts."), code="before_start")
        return day


class MembershipCloseForm(forms.Form):
    end_date = forms.DateField(label=_("Left on"), widget=DATE_INPUT, initial=_today)

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership

    def clean_end_date(self):
        day = self.cleaned_data["end_date"]
        if day > _today():
            raise ValidationError(
                _("The leaving date cannot be in the future; set the term end instead."),
                code="future",
            )
        if day < self.membership.start_date:
            raise ValidationError(_("A seat cannot end before it starts."), code="before_start")
        return day

    def save(self):
        return services.membership_close(
            membership=self.membership, end_date=self.cleaned_data["end_date"]
        )


class RelationshipForm(forms.Form):
    """A tie from this stakeholder to another person or to an organisation."""

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

    def __init__(self, *args, stakeholder, **kwargs):
        super().__init__(*args, **kwargs)
        self.stakeholder = stakeholder
        self.fields["other_person"].queryset = Stakeholder.objects.in_locality(
            stakeholder.locality_id
        ).exclude(pk=stakeholder.pk)
        self.fields["other_organisation"].queryset = Organisation.objects.in_locality(
            stakeholder.locality_id
        )

    def clean(self):
        cleaned = super().clean()
        person, organisation = cleaned.get("other_person"), cleaned.get("other_organisation")
        if bool(person) == bool(organisation):
            raise ValidationError(
                _("Choose either another person or an organisation (one of them)."),
                code="one_party",
            )
        return cleaned

    def save(self, *, stakeholder, by):
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


# --- Organisations, committees, history ----------------------------------------------------


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


class CommitteeForm(LocalityModelForm):
    duplicate_name_message = _(
        "A committee or task team with this name already exists in this locality."
    )

    class Meta:
        model = Committee
        fields = ["name", "kind", "parent", "description", "accepting_members"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Committee.objects.in_locality(self.locality).exclude(
            kind=Committee.Kind.TASK_TEAM
        )
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents

    def clean_kind(self):
        kind = self.cleaned_data["kind"]
        if (
            kind == Committee.Kind.TASK_TEAM
            and self.instance.pk
            and self.instance.task_teams.exists()
        ):
            # Its task teams would then belong to a task team, which the model forbids.
            raise ValidationError(
                _("This committee has task teams under it, so it cannot become a task team."),
                code="has_task_teams",
            )
        return kind

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("accepting_members") and cleaned.get("kind") != Committee.Kind.TASK_TEAM:
            self.add_error(
                "accepting_members",
                _("Only a task team can be open to requests to join."),
            )
        return cleaned


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

    @transaction.atomic
    def save(self, commit=True):
        process = super().save()
        process.burned_stakeholders.set(self.cleaned_data["burned"])
        return process


# --- Municipal staff self-service ------------------------------------------------------------


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
        seat = self.instance
        asks_for_chair = self.asks_for_chair
        if asks_for_chair:
            # The role stays as it is until the request is approved.
            seat.role = self.role_before
        with transaction.atomic():
            seat.save(update_fields=["role", "availability", "availability_note"])
            if asks_for_chair:
                return services.seat_request_open(
                    stakeholder=seat.stakeholder,
                    committee=seat.committee,
                    membership=seat,
                    kind=SeatRequest.Kind.ROLE,
                    role=SeatRole.CHAIR,
                    by=by,
                )
        return None


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
        field_classes = {"email": EmailField}
        widgets = {
            "phone": forms.TextInput(attrs={**LTR_ATTRS, "type": "tel", "inputmode": "tel"}),
            "email": forms.EmailInput(attrs=LTR_ATTRS),
        }

    def clean_phone(self):
        return normalize_israeli_phone(self.cleaned_data.get("phone"))

    def clean_email(self):
        return (self.cleaned_data.get("email") or "").strip().lower()
