"""Meetings, calls and messages with stakeholders, and the follow-ups they leave.

`last_contact` on a stakeholder is a copy of their latest interaction's date, kept so the
register and the dashboard need not scan interactions. Only this module writes it: every
way an interaction is created, changed or deleted (the profile's form, the admin, the demo
seed and the benchmark) goes through a function here, which refreshes the copy in the same
transaction.
"""

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from stakeholders.models import FollowUp, Interaction, Stakeholder

REFRESH_SLICE = 500


def last_contact_refresh(*, stakeholder_ids):
    """Set `last_contact` from the interactions of these stakeholders.

    Public for the one writer that saves interactions itself: the admin's inline formset
    on a stakeholder's page.
    """
    ids = sorted({pk for pk in stakeholder_ids if pk is not None})
    # In slices, so that a bulk insert of many people stays within SQLite's parameter limit.
    for start in range(0, len(ids), REFRESH_SLICE):
        Stakeholder.objects.filter(pk__in=ids[start : start + REFRESH_SLICE]).refresh_last_contact()


def interaction_log(
    *,
    stakeholder,
    by,
    channel,
    summary,
    occurred_at=None,
    outcome=Interaction.Outcome.NEUTRAL,
    follow_up="",
    follow_up_owner=None,
    follow_up_due=None,
    consent_level="",
    consent_evidence="",
):
    """Record a meeting, call or message, the follow-up it calls for and the consent it
    revealed (each optional), together.

    The consent change is dated with the interaction and has it as its note, so the consent
    history says where the coordinator learnt it.
    """
    interaction = Interaction(
        stakeholder=stakeholder,
        recorded_by=by,
        channel=channel,
        summary=summary,
        occurred_at=occurred_at or timezone.now(),
        outcome=outcome,
    )
    with transaction.atomic():
        interaction.full_clean()
        interaction.save()
        if follow_up:
            follow = FollowUp(
                stakeholder=stakeholder,
                interaction=interaction,
                description=follow_up,
                owner=follow_up_owner,
                due_date=follow_up_due,
                created_by=by,
            )
            follow.full_clean()
            follow.save()
        if consent_level:
            stakeholder.change_consent(
                level=consent_level,
                by=by,
                evidence=consent_evidence,
                note=_consent_note(interaction),
                at=interaction.occurred_at,
            )
        last_contact_refresh(stakeholder_ids=[stakeholder.pk])
    stakeholder.refresh_from_db(fields=["last_contact"])
    return interaction


def _consent_note(interaction):
    when = formats.date_format(timezone.localtime(interaction.occurred_at), "SHORT_DATE_FORMAT")
    return _("%(channel)s on %(date)s: %(summary)s") % {
        "channel": interaction.get_channel_display(),
        "date": when,
        "summary": interaction.summary,
    }


def interaction_save(*, interaction, previous_stakeholder_id=None):
    """Save an interaction edited as a whole (Django admin's form).

    When the interaction moved to another person, both people's last contact change.
    """
    with transaction.atomic():
        interaction.full_clean()
        interaction.save()
        last_contact_refresh(stakeholder_ids=[interaction.stakeholder_id, previous_stakeholder_id])
    return interaction


def interaction_delete(*, interactions):
    """Delete interactions (a queryset) and refresh their people's last contact."""
    with transaction.atomic():
        stakeholder_ids = list(interactions.values_list("stakeholder_id", flat=True))
        interactions.delete()
        last_contact_refresh(stakeholder_ids=stakeholder_ids)


def interactions_bulk_create(*, interactions, batch_size=1000):
    """Insert many interactions at once (demo seed, benchmark) and refresh last contact."""
    with transaction.atomic():
        created = Interaction.objects.bulk_create(interactions, batch_size=batch_size)
        last_contact_refresh(stakeholder_ids={i.stakeholder_id for i in interactions})
    return created
