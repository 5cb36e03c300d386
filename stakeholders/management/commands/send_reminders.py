"""Send the day's reminders: terms that end soon, and overdue follow-ups. Run daily from cron.

    python manage.py send_reminders                     # what is due today
    python manage.py send_reminders --dry-run           # print what would go out, send nothing
    python manage.py send_reminders --date 2026-03-01   # as if today were that day
    python manage.py send_reminders --days 30           # terms ending within 30 days

The rules live in stakeholders/reminders.py. The output is for the operator's cron log, in
English like Django's own commands; it names recipients by id and name, never by address or
phone number.
"""

import argparse
import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from stakeholders import reminders


def _date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, not {value!r}") from None


class Command(BaseCommand):
    help = (
        "Email members and coordinators about terms ending soon, and owners about their "
        "overdue follow-ups. Run once a day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Remind terms ending within this many days "
            f"(default TERM_REMINDER_DAYS, now {settings.TERM_REMINDER_DAYS}).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what would be sent; send nothing and record nothing.",
        )
        parser.add_argument(
            "--date",
            type=_date,
            default=None,
            help="Act as if today were this day (YYYY-MM-DD), to test or to catch up a missed run.",
        )

    def handle(self, *args, days, dry_run, date, verbosity, **options):
        days = settings.TERM_REMINDER_DAYS if days is None else days
        if days < 0:
            raise CommandError("--days cannot be negative.")
        today = date or timezone.localdate()

        planned = reminders.plan_reminders(today=today, days=days)
        if dry_run:
            for reminder in planned:
                self.stdout.write(f"{reminder.kind} to {reminder.recipient} [{reminder.language}]")
                self.stdout.write(f"  {reminder.subject}")
                if verbosity > 1:
                    self.stdout.write(reminder.body)
            counts = _counts(planned)
            self.stdout.write(f"Dry run for {today}, nothing sent: would send {counts}.")
            return

        sent = reminders.send_reminders(planned, today=today)
        self.stdout.write(f"Sent {_counts(sent)}.")
        if len(sent) < len(planned):
            # A non-zero exit, so that cron or the monitoring notices; the others went out.
            raise CommandError(f"{len(planned) - len(sent)} reminders failed; see the log.")


def _counts(planned):
    def count(kind):
        return sum(1 for reminder in planned if reminder.kind == kind)

    return (
        f"{count(reminders.TERM_MEMBER)} term reminders to members, "
        f"{count(reminders.TERM_COORDINATORS)} digests to coordinators, "
        f"{count(reminders.OVERDUE_FOLLOW_UPS)} follow-up digests"
    )
