"""A tour of every page each role reaches from the navigation, over the demo locality.

The accessibility, HTML-validity and Hebrew-text checks all walk the same tour, so a page
added to the navigation is added here once and is then checked three ways.
"""

import io
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count
from django.test import override_settings
from django.urls import reverse

from stakeholders.demo.data import DEMO_PASSWORD, DEMO_SLUG
from stakeholders.models import (
    BurnedStakeholder,
    Committee,
    Locality,
    Membership,
    Organisation,
    PastProcess,
    Relationship,
    Stakeholder,
)

ANONYMOUS = "anonymous"
ROLES = [ANONYMOUS, "coordinator", "viewer", "staff", "admin"]  # the demo users' names
PASSWORD = DEMO_PASSWORD


@dataclass(frozen=True)
class Stop:
    """One page of the tour. With `form_data`, the page's post form in <main> that holds those
    fields is sent with those values, chosen to be refused, so that the page seen is the form's
    error state."""

    name: str
    path: str
    form_data: dict | None = field(default=None, hash=False)
    admin: bool = False  # Django's own admin templates, not ours


def seed_demo_locality():
    """The demo locality of `manage.py seed_demo`; the command insists on DEBUG for safety."""
    with override_settings(DEBUG=True):
        call_command("seed_demo", stdout=io.StringIO())
    return Locality.objects.get(slug=DEMO_SLUG)


def _richest_profile(locality):
    """A person with seats, organisations, relationships and interactions to show."""
    return (
        Stakeholder.objects.filter(locality=locality)
        .annotate(
            shown=Count("memberships", distinct=True)
            + Count("representations", distinct=True)
            + Count("relationships_from", distinct=True)
            + Count("interactions", distinct=True)
            + Count("burns", distinct=True)
        )
        .order_by("-shown", "pk")
        .first()
    )


def _staff_official(locality):
    return Stakeholder.objects.get(locality=locality, logins__user__username="staff")


def _staff_stops(locality):
    """The demo staff login's own pages: their seats, a seat, leaving, joining, details."""
    official = _staff_official(locality)
    seat = Membership.objects.current().filter(stakeholder=official).order_by("pk").first()
    team = Committee.objects.open_to_requests().filter(locality=locality).order_by("pk").first()
    return [
        Stop("my committees", reverse("stakeholders:my_committees")),
        Stop("my seat", reverse("stakeholders:my_seat", args=[seat.pk])),
        Stop("asking to leave", reverse("stakeholders:my_seat_leave", args=[seat.pk])),
        Stop("asking to join", reverse("stakeholders:my_team_join", args=[team.pk])),
        Stop("my contact details", reverse("stakeholders:my_details", args=[official.pk])),
        Stop(
            "my contact details after a failed submit",
            reverse("stakeholders:my_details", args=[official.pk]),
            form_data={"phone": "12"},
        ),
    ]


LANGUAGES = ["he", "ar"]
KINDS = ["resident", "official", "influence_centre", "regional_body"]


def choose_language(language):
    """Every demo user works in `language` (their saved preference, as the menu sets it)."""
    from stakeholders.models import UserPreference

    for user in get_user_model().objects.filter(username__in=ROLES):
        UserPreference.objects.update_or_create(user=user, defaults={"language": language})


def stops_for(role, locality):
    """The pages `role` reaches from the navigation, in the order a person would open them."""
    if role == ANONYMOUS:
        return [
            Stop("login", reverse("login")),
            Stop(
                "login after a failed attempt",
                reverse("login"),
                form_data={"username": "nobody", "password": "wrong"},
            ),
            Stop("Django admin login", reverse("admin:login"), admin=True),
            Stop("accessibility statement", reverse("stakeholders:accessibility")),
        ]
    password_change = Stop("password change", reverse("password_change"))
    if role == "staff":
        return _staff_stops(locality) + [password_change]

    person = _richest_profile(locality)
    organisation = (
        Organisation.objects.filter(locality=locality)
        .annotate(people=Count("representations"))
        .order_by("-people", "pk")
        .first()
    )
    committee = (
        Committee.objects.filter(locality=locality)
        .annotate(members=Count("memberships"))
        .order_by("-members", "pk")
        .first()
    )
    assert PastProcess.objects.filter(locality=locality).exists()  # history is seen with rows
    stops = [
        Stop("dashboard", reverse("stakeholders:dashboard")),
        Stop("stakeholder register", reverse("stakeholders:stakeholder_list")),
        Stop("profile", reverse("stakeholders:stakeholder_detail", args=[person.pk])),
        Stop("organisations", reverse("stakeholders:organisation_list")),
        Stop("organisation", reverse("stakeholders:organisation_detail", args=[organisation.pk])),
        Stop("committees", reverse("stakeholders:committee_list")),
        Stop("committee", reverse("stakeholders:committee_detail", args=[committee.pk])),
        Stop("locality history", reverse("stakeholders:past_process_list")),
        Stop("relationships", reverse("stakeholders:relationship_list")),
        password_change,
    ]
    if role == "viewer":
        return stops
    create_url = reverse("stakeholders:stakeholder_create")
    stops += [
        Stop("stakeholder kind choice", create_url),
        *[Stop(f"stakeholder form ({kind})", f"{create_url}?kind={kind}") for kind in KINDS],
        Stop(
            "stakeholder form after a failed submit",
            f"{create_url}?kind=resident",
            form_data={"first_name": ""},
        ),
        Stop("organisation form", reverse("stakeholders:organisation_create")),
        Stop("committee form", reverse("stakeholders:committee_create")),
        Stop(
            "committee add-member form",
            reverse("stakeholders:committee_add_member", args=[committee.pk]),
        ),
        Stop("locality history form", reverse("stakeholders:past_process_create")),
        Stop(
            "how a person was burned",
            reverse(
                "stakeholders:burn_note_edit",
                args=[BurnedStakeholder.objects.filter(process__locality=locality).first().pk],
            ),
        ),
        Stop("relationship form", reverse("stakeholders:relationship_create")),
        Stop(
            "relationship form after a failed submit",
            reverse("stakeholders:relationship_create"),
            form_data={"relationship-note": ""},
        ),
        Stop(
            "relationship edit",
            reverse(
                "stakeholders:relationship_edit",
                args=[Relationship.objects.filter(locality=locality).first().pk],
            ),
        ),
        Stop("my follow-ups", reverse("stakeholders:followup_list")),
        Stop("requests from municipal staff", reverse("stakeholders:seat_request_list")),
        Stop(
            "invitation of an official",
            reverse("stakeholders:stakeholder_invite", args=[_staff_official(locality).pk]),
        ),
        Stop("import from a file", reverse("stakeholders:import_start")),
        Stop(
            "import from a file after a failed submit",
            reverse("stakeholders:import_start"),
            form_data={},
        ),
    ]
    if role == "admin":
        stops += [
            Stop("access log", reverse("stakeholders:access_log")),
            Stop(
                "access log after a refused filter",
                reverse("stakeholders:access_log") + "?date_from=not-a-date",
            ),
            Stop("Django admin index", reverse("admin:index"), admin=True),
            Stop(
                "Django admin stakeholders",
                reverse("admin:stakeholders_stakeholder_changelist"),
                admin=True,
            ),
        ]
    return stops
