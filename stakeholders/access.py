"""Who may see what: a user's roles per locality.

Every query that lists or counts records goes through `visible_to(user)` on its QuerySet,
which asks this module which localities the user holds which role in. The answer is cached
on the user object, so one request costs one query however many querysets it builds.
"""

from stakeholders.enums import EDITOR_ROLES, LOCALITY_WIDE_ROLES, Role  # noqa: F401

# Who holds which role is read off `LocalityAccess` rows in the models, which never import
# this module; the rules built on those grants live here.
from stakeholders.models.locality import (  # noqa: F401
    forget_grants,
    grants,
    locality_ids,
    own_stakeholder_ids,
    sees_everything,
)


def has_role(user, locality, roles):
    if sees_everything(user):
        return True
    locality_id = getattr(locality, "pk", locality)
    return locality_id in locality_ids(user, roles)


def can_edit(user, locality):
    """Admins and coordinators of the locality change its records."""
    return has_role(user, locality, EDITOR_ROLES)


def can_see_contact_details(user, locality):
    """Phone numbers and emails are personal data: only the roles that work with people."""
    return has_role(user, locality, EDITOR_ROLES)


def can_see_sensitive(user, locality):
    """Sensitive relationships are for coordinators and admins only."""
    return has_role(user, locality, EDITOR_ROLES)
