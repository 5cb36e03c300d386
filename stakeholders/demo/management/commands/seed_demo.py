"""Build a fictional demo locality ("קריית הדגמה") with a realistic stakeholder map.

For local demos and development only: the demo users get a known password, so the command
refuses to run when DEBUG is off unless --force is given.

    python manage.py seed_demo            # build it once; later runs only refresh the users
    python manage.py seed_demo --reset    # delete the demo locality's data and build it again

The locality's people and bodies are in `stakeholders.demo.data` and its texts in
`stakeholders.demo.texts`; `stakeholders.demo.builder` builds it from them, deterministically
(a fixed random seed) and dated relative to today, through the same rules as data entered by
coordinators.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from stakeholders.demo.builder import DemoBuilder, delete_locality, locality_counts
from stakeholders.demo.data import DEMO_NAME, DEMO_PASSWORD, DEMO_SLUG, DEMO_USERS
from stakeholders.demo.users import ensure_accesses, ensure_users, find_staff_official
from stakeholders.models import Locality


class Command(BaseCommand):
    help = (
        "Build the fictional demo locality 'קריית הדגמה' with demo users (password "
        f"'{DEMO_PASSWORD}'). For local demos only: refuses to run with DEBUG off unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo locality's data and build it again.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even when DEBUG is off (never on a real deployment: the password is public).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "seed_demo creates users with a publicly known password and must not run on a "
                "real deployment. DEBUG is off; pass --force if this really is a local demo."
            )
        with transaction.atomic():
            locality = Locality.objects.filter(slug=DEMO_SLUG).first()
            if locality and options["reset"]:
                self.stdout.write(f"Deleting the demo locality '{DEMO_SLUG}' and its data...")
                delete_locality(locality)
                locality = None
            users = ensure_users()
            if locality is None:
                if Locality.objects.filter(name=DEMO_NAME).exists():
                    raise CommandError(
                        f"A locality named {DEMO_NAME} exists with another short name; "
                        "rename it or remove it first."
                    )
                builder = DemoBuilder(users)
                locality = builder.build()
                staff_official = builder.staff_official
                self.stdout.write(self.style.SUCCESS(f"Built the demo locality {DEMO_NAME}:"))
                for label, count in locality_counts(locality):
                    self.stdout.write(f"  {label:<24}{count:>5}")
            else:
                self.stdout.write(
                    self.style.WARNING(
                        f"The demo locality {DEMO_NAME} ('{DEMO_SLUG}') already exists; its data "
                        "is left as it is (use --reset to rebuild it). Refreshing the demo users."
                    )
                )
                staff_official = find_staff_official(locality, users["staff"])
            ensure_accesses(locality, users, staff_official, self.stderr)
        self.stdout.write("")
        self.stdout.write(
            self.style.WARNING("Demo logins, for a local demo only (never on a real deployment):")
        )
        for username, _role, _first, _last, description in DEMO_USERS:
            self.stdout.write(f"  {username:<12} {description}")
        self.stdout.write(f"  password for all of them: {DEMO_PASSWORD}")
