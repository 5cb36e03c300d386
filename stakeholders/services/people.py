"""Stakeholders and the organisations they represent."""

from django.db import transaction
from django.utils.translation import gettext as _

from stakeholders.enums import ConsentLevel


def stakeholder_save(
    *, stakeholder, organisations, by=None, consent_level=ConsentLevel.UNKNOWN, consent_evidence=""
):
    """Save a new or edited person and set the organisations they represent, together.

    The record was validated by its form (`full_clean`); a new one records who added it and,
    when the coordinator already knows it, the consent the person starts at (as the first
    change of their consent history, so the history explains the level).
    """
    with transaction.atomic():
        created = stakeholder.pk is None
        if created:
            stakeholder.created_by = by
        stakeholder.save()
        stakeholder.organisations.set(organisations)
        if created and consent_level != ConsentLevel.UNKNOWN:
            stakeholder.change_consent(
                level=consent_level,
                by=by,
                evidence=consent_evidence,
                note=_("Recorded when the person was added to the register."),
            )
    return stakeholder
