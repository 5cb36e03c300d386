"""The demo logins and their accesses to the demo locality (all with the public password)."""

from django.contrib.auth import get_user_model

from stakeholders.demo.data import DEMO_PASSWORD, DEMO_USERS, STAFF_OFFICIAL
from stakeholders.enums import Role
from stakeholders.models import LocalityAccess, Membership, Stakeholder


def ensure_users():
    """The four demo users exist, are active and have the demo password."""
    user_model = get_user_model()
    users = {}
    for username, role, first_name, last_name, _description in DEMO_USERS:
        user = user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username}).first()
        if user is None:
            user = user_model(**{user_model.USERNAME_FIELD: username})
        user.first_name = first_name
        user.last_name = last_name
        user.email = f"{username}@example.org"
        user.is_active = True
        user.is_superuser = role == Role.ADMIN
        user.is_staff = role == Role.ADMIN
        user.set_password(DEMO_PASSWORD)  # also for a user of that name that existed before
        user.save()
        users[username] = user
    return users


def find_staff_official(locality, staff_user):
    """The official the staff login belongs to, in a demo locality built earlier."""
    officials = Stakeholder.objects.filter(locality=locality, kind=Stakeholder.Kind.OFFICIAL)
    existing = (
        LocalityAccess.objects.filter(user=staff_user, locality=locality, role=Role.OFFICIAL)
        .exclude(stakeholder=None)
        .first()
    )
    if existing and officials.filter(pk=existing.stakeholder_id).exists():
        return existing.stakeholder
    seated = officials.filter(pk__in=Membership.objects.current().values("stakeholder")).order_by(
        "pk"
    )
    return (
        seated.filter(
            first_name=STAFF_OFFICIAL["first_name"], last_name=STAFF_OFFICIAL["last_name"]
        ).first()
        or seated.first()
    )


def ensure_accesses(locality, users, staff_official, stderr):
    for username, role, _first, _last, _description in DEMO_USERS:
        user = users[username]
        stakeholder = None
        if role == Role.OFFICIAL:
            if staff_official is None:
                stderr.write("No municipal official with a seat found: the staff login is unused.")
                LocalityAccess.objects.filter(user=user, locality=locality).delete()
                continue
            stakeholder = staff_official
            user.first_name = staff_official.first_name
            user.last_name = staff_official.last_name
            user.save(update_fields=["first_name", "last_name"])
        grant = LocalityAccess.objects.filter(user=user, locality=locality).first()
        grant = grant or LocalityAccess(user=user, locality=locality)
        grant.role = role
        grant.stakeholder = stakeholder
        grant.full_clean()
        grant.save()
