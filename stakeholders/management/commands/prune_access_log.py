"""`manage.py prune_access_log --months 24` (or `--before 2025-01-01`): retention of the log.

The access log of personal data is kept for at least 24 months (the Privacy Protection (Data
Security) Regulations ask for two years). This command deletes the rows older than the date
it is given, and refuses a date that would touch anything younger than that. Run it from cron,
for example monthly:

    0 3 1 * *  cd /srv/kehila && .venv/bin/python manage.py prune_access_log --months 24

The app itself never deletes a row: `PersonalDataAccess.delete()` and its QuerySet's
`delete()` raise ImmutableRecord. This command alone goes around them, through
`QuerySet._raw_delete()`, Django's own single DELETE statement (it is what `delete()` uses
when nothing cascades and no signal listens): the rows have no dependants to collect.
"""

import calendar
import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from stakeholders.models import PersonalDataAccess

RETENTION_MONTHS = 24


def months_before(day, months):
    """The same day `months` months earlier (the month's last day when it has fewer days)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def latest_allowed_cutoff(today):
    """The latest day before which rows may go: 24 months before today."""
    return months_before(today, RETENTION_MONTHS)


class Command(BaseCommand):
    help = "Delete access-log rows older than a date; never rows younger than 24 months."

    def add_arguments(self, parser):
        when = parser.add_mutually_exclusive_group(required=True)
        when.add_argument(
            "--before",
            type=datetime.date.fromisoformat,
            help="delete the rows written before this day (YYYY-MM-DD)",
        )
        when.add_argument(
            "--months",
            type=int,
            help=f"delete the rows older than this many months (at least {RETENTION_MONTHS})",
        )
        parser.add_argument("--dry-run", action="store_true", help="count the rows, delete nothing")

    def handle(self, *args, before, months, dry_run, **options):
        today = timezone.localdate()
        if months is not None:
            if months < RETENTION_MONTHS:
                raise CommandError(
                    f"The access log is kept for at least {RETENTION_MONTHS} months; "
                    f"--months {months} would delete younger rows."
                )
            before = months_before(today, months)
        latest = latest_allowed_cutoff(today)
        if before > latest:
            raise CommandError(
                f"The access log is kept for at least {RETENTION_MONTHS} months: "
                f"--before may be {latest.isoformat()} at the latest."
            )
        cutoff = timezone.make_aware(datetime.datetime.combine(before, datetime.time.min))
        old = PersonalDataAccess.objects.filter(at__lt=cutoff)
        count = old.count()
        if dry_run:
            self.stdout.write(f"{count} rows written before {before.isoformat()} would go.")
            return
        with transaction.atomic():
            deleted = old._raw_delete(old.db)
        self.stdout.write(f"Deleted {deleted} rows written before {before.isoformat()}.")
