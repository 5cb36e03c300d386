"""Stakeholders and the organisations they represent."""

from django.db import transaction


def stakeholder_save(*, stakeholder, organisations, by=None):
    """Save a new or edited person and set the organisations they represent, together.

    The record was validated by its form (`full_clean`); a new one records who added it.
    """
    with transaction.atomic():
        if stakeholder.pk is None:
            stakeholder.created_by = by
        stakeholder.save()
        stakeholder.organisations.set(organisations)
    return stakeholder
