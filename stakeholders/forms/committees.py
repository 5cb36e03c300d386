"""Committees and task teams, and the seats on them (added from a profile or from the body)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from stakeholders import services
from stakeholders.enums import SeatRole
from stakeholders.forms.fields import DATE_INPUT, LocalityModelForm, _today
from stakeholders.models import Committee, Membership, Stakeholder
from stakeholders.widgets import PersonPicker


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
