"""A person's requests about their own data: a copy of everything held, or its erasure.

The Privacy Protection Law gives a person the right to see the data held about them and to
ask for it to be corrected or removed. `personal_data_tables` gathers everything the app holds
about one stakeholder for the export; `erase` anonymises them in one transaction.

Erasure keeps the person's row, anonymised, rather than deleting it: the locality's figures
(consent levels, kinds, seats) stay true, and the erasure itself stays auditable (a history
row naming who erased, and an access-log row). What identifies the person or was written
about them goes, in the current rows and in their historical copies alike, so that the change
history does not keep what was erased.
"""

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stakeholders import access_log, audit
from stakeholders.exports import Table, consent_history_table
from stakeholders.models import (
    BurnedStakeholder,
    ConsentChange,
    FollowUp,
    Interaction,
    Invitation,
    LocalityAccess,
    Membership,
    Relationship,
    Representation,
    SeatRequest,
    Stakeholder,
    user_display_name,
)

# In the locality's language, whoever erases: the name is stored, not translated on display.
ERASED_NAME = gettext_lazy("Erased at their request")
# What identifies the person or was written about them, on their own record.
ERASED_FIELDS = ["first_name", "last_name", "phone", "email", "notes", "community", "job_title"]


# --- Export --------------------------------------------------------------------------------


def _when(value):
    if value is None:
        return ""
    if hasattr(value, "hour"):
        return date_format(timezone.localtime(value), "Y-m-d H:i")
    return value.isoformat()


def _details(person):
    """The person's own record, one field a row: label and value as the app shows them."""
    rows = []
    for field in Stakeholder._meta.concrete_fields:
        if field.name == "id":
            continue
        value = getattr(person, field.name)
        if field.choices:
            value = getattr(person, f"get_{field.name}_display")() if value else ""
        elif field.name == "phone":
            value = person.phone_display
        elif isinstance(value, bool):
            value = _("Yes") if value else _("No")
        elif field.is_relation:
            value = user_display_name(value) if field.name == "created_by" else str(value or "")
        elif hasattr(value, "isoformat"):
            value = _when(value)
        rows.append([str(field.verbose_name), value])
    rows.append([_("Record number"), person.pk])
    return rows


def personal_data_tables(person):
    """Everything held about `person`, as tables (one sheet each) for the export."""
    consent = consent_history_table(ConsentChange.objects.filter(stakeholder=person))
    consent.name = _("Consent history")
    seats = Membership.objects.filter(stakeholder=person).select_related("committee")
    interactions = Interaction.objects.filter(stakeholder=person).select_related("recorded_by")
    follow_ups = FollowUp.objects.filter(stakeholder=person).select_related("owner", "created_by")
    relationships = (
        Relationship.objects.touching(person)
        .select_related(
            "from_stakeholder",
            "to_stakeholder",
            "from_organisation",
            "to_organisation",
            "created_by",
        )
        .order_by("created_at", "pk")
    )
    representations = Representation.objects.filter(stakeholder=person).select_related(
        "organisation"
    )
    burns = BurnedStakeholder.objects.filter(stakeholder=person).select_related("process")
    requests = SeatRequest.objects.filter(stakeholder=person).select_related("committee")
    invitations = Invitation.objects.filter(stakeholder=person)
    logins = LocalityAccess.objects.filter(stakeholder=person).select_related("user")

    def relationship_rows():
        for tie in relationships:
            outgoing = tie.from_stakeholder_id == person.pk
            yield [
                str(tie.target if outgoing else tie.source),
                tie.get_kind_display(),
                _("From this person") if outgoing else _("To this person"),
                _("Yes") if tie.sensitive else _("No"),
                tie.note,
                user_display_name(tie.created_by),
                _when(tie.created_at),
            ]

    def history_rows():
        for entry in audit.everything(audit.stakeholder_sources(person)):
            for change in entry.changes or [audit.FieldChange("", "", "", "")]:
                yield [
                    _when(entry.at),
                    entry.user,
                    entry.type_label,
                    entry.subject,
                    change.label,
                    change.old,
                    change.new,
                    entry.reason,
                ]

    return [
        Table(_("Details"), [_("Field"), _("Value")], lambda: _details(person)),
        consent,
        Table(
            _("Seats"),
            [
                _("Committee or task team"),
                _("Role"),
                _("Start date"),
                _("Term ends"),
                _("Left on"),
                _("Availability"),
                _("Availability note"),
                _("Note"),
            ],
            lambda: (
                [
                    seat.committee.name,
                    seat.get_role_display(),
                    _when(seat.start_date),
                    _when(seat.term_end_date),
                    _when(seat.end_date),
                    seat.get_availability_display(),
                    seat.availability_note,
                    seat.note,
                ]
                for seat in seats
            ),
        ),
        Table(
            _("Interactions"),
            [_("Date"), _("Channel"), _("Outcome"), _("Summary"), _("Recorded by")],
            lambda: (
                [
                    _when(interaction.occurred_at),
                    interaction.get_channel_display(),
                    interaction.get_outcome_display(),
                    interaction.summary,
                    user_display_name(interaction.recorded_by),
                ]
                for interaction in interactions
            ),
        ),
        Table(
            _("Follow-ups"),
            [_("What to do"), _("Owner"), _("Due date"), _("Done at"), _("Created by")],
            lambda: (
                [
                    follow_up.description,
                    user_display_name(follow_up.owner),
                    _when(follow_up.due_date),
                    _when(follow_up.done_at),
                    user_display_name(follow_up.created_by),
                ]
                for follow_up in follow_ups
            ),
        ),
        Table(
            _("Relationships"),
            [
                _("With"),
                _("Kind"),
                _("Direction"),
                _("Sensitive"),
                _("Note"),
                _("Recorded by"),
                _("Created at"),
            ],
            relationship_rows,
        ),
        Table(
            _("Organisations"),
            [_("Organisation"), _("Sector"), _("Role in the organisation")],
            lambda: (
                [link.organisation.name, link.organisation.get_sector_display(), link.role]
                for link in representations
            ),
        ),
        Table(
            _("Burned by"),
            [_("Process"), _("Years"), _("Outcome"), _("How they were burned")],
            lambda: (
                [
                    burn.process.name,
                    burn.process.years,
                    burn.process.get_outcome_display(),
                    burn.note,
                ]
                for burn in burns
            ),
        ),
        Table(
            _("Seat requests"),
            [
                _("Committee or task team"),
                _("Request"),
                _("Requested role"),
                _("Status"),
                _("Note"),
                _("Requested at"),
                _("Decided at"),
                _("Coordinator's note"),
            ],
            lambda: (
                [
                    request.committee.name,
                    request.get_kind_display(),
                    request.get_role_display() if request.role else "",
                    request.get_status_display(),
                    request.note,
                    _when(request.created_at),
                    _when(request.decided_at),
                    request.decision_note,
                ]
                for request in requests
            ),
        ),
        Table(
            _("Invitations"),
            [_("Sent to"), _("Sent at"), _("Accepted at")],
            lambda: (
                [invitation.email, _when(invitation.created_at), _when(invitation.accepted_at)]
                for invitation in invitations
            ),
        ),
        Table(
            _("Logins"),
            [_("Username"), _("Locality"), _("Role")],
            lambda: (
                [login.user.get_username(), str(login.locality), login.get_role_display()]
                for login in logins.select_related("locality")
            ),
        ),
        Table(
            _("Change history"),
            [
                _("Date"),
                _("By"),
                _("Change"),
                _("What"),
                _("Field"),
                _("Before"),
                _("After"),
                _("Reason"),
            ],
            history_rows,
        ),
    ]


# --- Erasure -------------------------------------------------------------------------------


def erase(*, person, by, request=None):
    """Anonymise `person` and what was written about them, in one transaction.

    Kept: the row and its kind, sector, consent level, influence and seats (the locality's
    figures), the consent changes' levels and dates, and who did what when. Removed, here and
    in the historical copies: names, phone, email, notes, community and job title; the
    summaries of their interactions and the descriptions of their follow-ups; the notes on
    their consent records, seats, relationships and burns; their seat requests' notes and
    invitations' addresses; and their name in Django admin's log of actions.

    The new history row names `by`; the access log gets an "erase" row in the same
    transaction (the change and its record commit together). Returns the person, reloaded.
    """
    with translation.override(settings.LANGUAGE_CODE):
        placeholder = str(ERASED_NAME)
    with transaction.atomic():
        person = Stakeholder.objects.select_for_update().get(pk=person.pk)
        for field in ERASED_FIELDS:
            setattr(person, field, "")
        person.first_name = placeholder
        person._history_user = by
        person._change_reason = audit.ERASURE_REASON
        person.save()

        touching = Q(from_stakeholder=person) | Q(to_stakeholder=person)
        scrubbed_history = dict.fromkeys(ERASED_FIELDS, "") | {"first_name": placeholder}
        Stakeholder.history.filter(id=person.pk).update(**scrubbed_history)
        ConsentChange.objects.filter(stakeholder=person).update(note="")
        ConsentChange.history.filter(stakeholder_id=person.pk).update(note="")
        Membership.objects.filter(stakeholder=person).update(note="", availability_note="")
        Membership.history.filter(stakeholder_id=person.pk).update(note="", availability_note="")
        Relationship.objects.filter(touching).update(note="")
        Relationship.history.filter(
            Q(from_stakeholder_id=person.pk) | Q(to_stakeholder_id=person.pk)
        ).update(note="")
        Interaction.objects.filter(stakeholder=person).update(summary="")
        FollowUp.objects.filter(stakeholder=person).update(description="")
        BurnedStakeholder.objects.filter(stakeholder=person).update(note="")
        SeatRequest.objects.filter(stakeholder=person).update(note="", decision_note="")
        Invitation.objects.filter(stakeholder=person).update(email="")
        _scrub_admin_log(person, placeholder)

        access_log.record(
            request or by,
            person,
            access_log.ERASE,
            "stakeholders:stakeholder_privacy_erase" if request is None else None,
            fields=ERASED_FIELDS,
        )
    return person


def _scrub_admin_log(person, placeholder):
    """Django admin's log names each object it saved ("Dana Cohen · Steering committee");
    the names of the person's own rows go too."""
    related = {
        Stakeholder: [person.pk],
        ConsentChange: ConsentChange.objects.filter(stakeholder=person),
        Membership: Membership.objects.filter(stakeholder=person),
        Relationship: Relationship.objects.touching(person),
        Interaction: Interaction.objects.filter(stakeholder=person),
        FollowUp: FollowUp.objects.filter(stakeholder=person),
        Representation: Representation.objects.filter(stakeholder=person),
        BurnedStakeholder: BurnedStakeholder.objects.filter(stakeholder=person),
        SeatRequest: SeatRequest.objects.filter(stakeholder=person),
        Invitation: Invitation.objects.filter(stakeholder=person),
    }
    content_types = ContentType.objects.get_for_models(*related)
    condition = Q()
    for model, objects in related.items():
        ids = objects if isinstance(objects, list) else objects.values_list("pk", flat=True)
        condition |= Q(content_type=content_types[model], object_id__in=[str(pk) for pk in ids])
    LogEntry.objects.filter(condition).update(object_repr=placeholder)
