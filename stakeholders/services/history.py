"""The locality's history: earlier processes and the people they burned."""

from django.db import transaction


def past_process_save(*, process, burned):
    """Save an earlier process and the people it burned, together (validated by its form)."""
    with transaction.atomic():
        process.save()
        process.burned_stakeholders.set(burned)
    return process
