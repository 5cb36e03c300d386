"""Who may see what: a user's roles per locality.

Every query that lists or counts records goes through `visible_to(user)` on its QuerySet,
which asks this module which localities the user holds which role in. The answer is cached
on the user object, so one request costs one query however many querysets it builds.
"""

from stakeholders.enums import EDITOR_ROLES, LOCALITY_WIDE_ROLES, Role  # noqa: F401

_CACHE_ATTRIBUTE = "_kehila_access_grants"


def grants(user):
    """The user's (locality_id, role, stakeholder_id) triples, read once per user object."""
    if not getattr(user, "is_authenticated", False):
        return ()
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        from stakeholders.models import LocalityAccess

        cached = tuple(
            LocalityAccess.objects.filter(user=user).values_list(
                "locality_id", "role", "stakeholder_id"
            )
        )
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def forget_grants(user):
    """Drop the cached grants, after they change while the user object is still in use."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def sees_everything(user):
    return bool(getattr(user, "is_authenticated", False) and user.is_superuser)


def locality_ids(user, roles):
    """Ids of the localities in which the user holds one of `roles`."""
    return sorted({locality_id for locality_id, role, _ in grants(user) if role in roles})


def own_stakeholder_ids(user):
    """The stakeholder records that are the user themself (a municipal official's login)."""
    return sorted(
        {stakeholder_id for _, role, stakeholder_id in grants(user) if role == Role.OFFICIAL}
        - {None}
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
