"""Inviting a municipal official to log in: the account, the link and its checks.

The link carries a signed token: the invitation's id and a fingerprint of the account's
password as it was when the invitation was sent. Setting a password changes the fingerprint,
so the link works once; the signature's timestamp makes it expire; a newer invitation to the
same person replaces the older one. Each way a link can fail has its own page in the user's
language.
"""

import datetime
import enum

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import override

from stakeholders import access
from stakeholders.enums import Role
from stakeholders.models import Invitation, LocalityAccess, Stakeholder, user_display_name

SALT = "kehila.invitation"


class LinkProblem(enum.Enum):
    INVALID = "invalid"  # tampered with, cut short, or for an invitation that is gone
    EXPIRED = "expired"
    USED = "used"  # the password was set through it (or otherwise since)
    REPLACED = "replaced"  # a newer invitation was sent to the same person


def max_age():
    return datetime.timedelta(days=settings.INVITATION_MAX_AGE_DAYS)


def _fingerprint(user):
    return salted_hmac(SALT, f"{user.pk}:{user.password}", algorithm="sha256").hexdigest()[:20]


def make_token(invitation):
    return signing.dumps({"i": invitation.pk, "f": _fingerprint(invitation.user)}, salt=SALT)


def check_token(token):
    """The invitation the token opens, or the LinkProblem that keeps it shut."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.SignatureExpired:
        return None, LinkProblem.EXPIRED
    except signing.BadSignature:
        return None, LinkProblem.INVALID
    if not isinstance(payload, dict) or not isinstance(payload.get("i"), int):
        return None, LinkProblem.INVALID
    invitation = (
        Invitation.objects.select_related("user", "stakeholder", "locality")
        .filter(pk=payload["i"])
        .first()
    )
    if invitation is None:
        return None, LinkProblem.INVALID
    if invitation.accepted_at or payload.get("f") != _fingerprint(invitation.user):
        return None, LinkProblem.USED
    newer = Invitation.objects.filter(user=invitation.user, pk__gt=invitation.pk).exists()
    if newer:
        return None, LinkProblem.REPLACED
    return invitation, None


def can_invite(stakeholder):
    """Why the person cannot be invited (a translated sentence), or None when they can."""
    if stakeholder.kind != Stakeholder.Kind.OFFICIAL:
        return _("Only municipal officials can be invited to log in.")
    if not stakeholder.email:
        return _("Add an email address to the official's details first.")
    return None


@transaction.atomic
def invite(stakeholder, *, by, site_url):
    """Create (or reuse) the official's staff login and email them a link to set a password.

    `site_url` is the scheme and host the link starts with (the request's, when there is
    one). Raises ValidationError with a translated message when the person cannot be invited.
    """
    problem = can_invite(stakeholder)
    if problem:
        raise ValidationError(problem, code="cannot_invite")
    user = _staff_login(stakeholder)
    invitation = Invitation.objects.create(
        locality=stakeholder.locality,
        stakeholder=stakeholder,
        user=user,
        email=stakeholder.email,
        invited_by=by,
    )
    link = site_url.rstrip("/") + reverse(
        "stakeholders:invitation_accept", args=[make_token(invitation)]
    )
    # The official has no language preference yet: the locality works in Hebrew.
    with override("he"):
        context = {
            "invitation": invitation,
            "link": link,
            "days": settings.INVITATION_MAX_AGE_DAYS,
            "inviter": user_display_name(by),
        }
        message = EmailMessage(
            subject=_("Invitation to Kehila: your committee seats"),
            body=render_to_string("emails/invitation.txt", context),
            to=[stakeholder.email],
        )
    # Sent once the rows are committed: a mail must not point to an invitation rolled back.
    transaction.on_commit(message.send)
    return invitation


def _staff_login(stakeholder):
    """The official's own login: the one linked to them, or a new one named by their email."""
    existing = (
        LocalityAccess.objects.select_related("user")
        .filter(stakeholder=stakeholder, role=Role.OFFICIAL)
        .first()
    )
    if existing:
        return existing.user
    user_model = get_user_model()
    if user_model.objects.filter(username__iexact=stakeholder.email).exists():
        raise ValidationError(
            _("A login with this email already exists. Ask an administrator to link it."),
            code="login_exists",
        )
    user = user_model(
        username=stakeholder.email,
        email=stakeholder.email,
        first_name=stakeholder.first_name[:150],
        last_name=stakeholder.last_name[:150],
    )
    # No password until the official sets one through the link.
    user.set_unusable_password()
    user.save()
    LocalityAccess.objects.create(
        user=user, locality=stakeholder.locality, role=Role.OFFICIAL, stakeholder=stakeholder
    )
    access.forget_grants(user)
    return user


def accept(invitation, password):
    """Set the password (which retires the link) and mark the invitation accepted."""
    with transaction.atomic():
        user = invitation.user
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
    return user
