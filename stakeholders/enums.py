"""The program's fixed vocabularies: roles, consent levels, sectors and seat roles.

This module imports nothing of the project's own, so models, access rules, forms, imports
and tests can all name the same choices without an import cycle.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a user does in one locality (stored per locality on `LocalityAccess`)."""

    ADMIN = "admin", _("Administrator")
    COORDINATOR = "coordinator", _("Coordinator")
    # A municipal official who signs in to update their own seats. The stored value stays
    # "staff" (existing rows), but the name says official so it cannot be mistaken for
    # Django's `is_staff`, which is about Django admin.
    OFFICIAL = "staff", _("Municipal staff")
    VIEWER = "viewer", _("Viewer")


# Roles that see a whole locality (the viewer read-only, without contact details).
LOCALITY_WIDE_ROLES = (Role.ADMIN, Role.COORDINATOR, Role.VIEWER)
# Roles that may change records and see residents' contact details.
EDITOR_ROLES = (Role.ADMIN, Role.COORDINATOR)


class ConsentLevel(models.TextChoices):
    # Passive consent is mainly non-opposition; active consent is real involvement.
    UNKNOWN = "unknown", _("Unknown")
    OPPOSED = "opposed", _("Opposed")
    PASSIVE = "passive", _("Passive consent")
    ACTIVE = "active", _("Active consent")


# From furthest to closest to the program, for sorting and charts.
CONSENT_ORDER = [
    (ConsentLevel.OPPOSED, 0),
    (ConsentLevel.UNKNOWN, 1),
    (ConsentLevel.PASSIVE, 2),
    (ConsentLevel.ACTIVE, 3),
]


class Sector(models.TextChoices):
    SOCIAL = "social", _("Social sector")
    PUBLIC = "public", _("Public sector")
    BUSINESS = "business", _("Business")
    ACADEMIA = "academia", _("Academia")
    PHILANTHROPY = "philanthropy", _("Philanthropy")


class SeatRole(models.TextChoices):
    """A person's role on a committee or task team (not a user's `Role` in the app)."""

    CHAIR = "chair", _("Chair")
    COORDINATOR = "coordinator", _("Coordinator")
    MEMBER = "member", _("Member")
    OBSERVER = "observer", _("Observer")
    EX_OFFICIO = "ex_officio", _("Ex-officio member")
