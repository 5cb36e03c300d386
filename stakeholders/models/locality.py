"""Localities, the roles users hold in them, and users' own preferences."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stakeholders.enums import (
    LOCALITY_WIDE_ROLES,
    Role,
)


def user_display_name(user, empty=""):
    """How a user is named on pages, exports and mails: full name, else username."""
    if user is None:
        return empty
    return user.get_full_name() or user.get_username()


# --- Grants: which role a user holds in which locality

_CACHE_ATTRIBUTE = "_kehila_access_grants"


def grants(user):
    """The user's (locality_id, role, stakeholder_id) triples, read once per user object."""
    if not getattr(user, "is_authenticated", False):
        return ()
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
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


# --- Scoping -------------------------------------------------------------------------------


class ScopedQuerySet(models.QuerySet):
    """Records that belong to a locality, filtered to what a user may see.

    `locality_lookup` is the path from the model to its locality. Admins, coordinators and
    viewers see their localities' records; municipal staff see only what `staff_q` allows
    (by default nothing); superusers see everything.
    """

    locality_lookup = "locality"

    def visible_to(self, user):
        if sees_everything(user):
            return self
        if not getattr(user, "is_authenticated", False):
            return self.none()
        wide = locality_ids(user, LOCALITY_WIDE_ROLES)
        condition = Q(**{f"{self.locality_lookup}__in": wide})
        staff_condition = self.staff_q(user)
        if staff_condition is not None:
            condition |= staff_condition
        return self.filter(condition)

    def administered_by(self, user):
        """Records in Django admin: the localities the user administers."""
        if sees_everything(user):
            return self
        administered = locality_ids(user, [Role.ADMIN])
        return self.filter(**{f"{self.locality_lookup}__in": administered})

    def in_locality(self, locality):
        return self.filter(**{self.locality_lookup: locality})

    def staff_q(self, user):
        return None


# Invisible direction marks and overrides that copy-paste brings along in RTL text.


# --- Localities and access -----------------------------------------------------------------


class LocalityQuerySet(models.QuerySet):
    def visible_to(self, user):
        if sees_everything(user):
            return self
        return self.filter(pk__in=[locality_id for locality_id, _, _ in grants(user)])

    def administered_by(self, user):
        if sees_everything(user):
            return self
        return self.filter(pk__in=locality_ids(user, [Role.ADMIN]))


class Locality(models.Model):
    """A local authority (municipality or local council) that runs the program."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("short name"), max_length=60, unique=True, allow_unicode=True)
    district = models.CharField(_("district"), max_length=80, blank=True)
    official_active_target = models.PositiveSmallIntegerField(
        _("target share of officials with active consent (%)"),
        default=51,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("The guide asks that most officials give active consent: more than half."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = LocalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("locality")
        verbose_name_plural = _("localities")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(official_active_target__gte=1, official_active_target__lte=100),
                name="locality_target_is_a_percentage",
            )
        ]

    def __str__(self):
        return self.name


class LocalityAccessQuerySet(ScopedQuerySet):
    pass


class LocalityAccess(models.Model):
    """A user's role in one locality. A user may work in several localities."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="locality_accesses",
        verbose_name=_("user"),
    )
    locality = models.ForeignKey(
        Locality, on_delete=models.CASCADE, related_name="accesses", verbose_name=_("locality")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    stakeholder = models.ForeignKey(
        "Stakeholder",
        # A staff login exists to reach its own record; without the record it means nothing.
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="logins",
        verbose_name=_("stakeholder record"),
        help_text=_("For municipal staff: the official this login belongs to."),
    )

    objects = LocalityAccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("locality access")
        verbose_name_plural = _("locality accesses")
        ordering = ["locality__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "locality"], name="one_role_per_locality")
        ]

    def __str__(self):
        return f"{self.user} · {self.locality} · {self.get_role_display()}"

    def clean(self):
        if self.role == Role.OFFICIAL and not self.stakeholder_id:
            raise ValidationError(
                {"stakeholder": _("A municipal staff login must be linked to its official.")},
                code="staff_without_stakeholder",
            )
        if (
            self.stakeholder_id
            and self.locality_id
            and self.stakeholder.locality_id != self.locality_id
        ):
            raise ValidationError(
                {"stakeholder": _("The stakeholder belongs to another locality.")},
                code="stakeholder_other_locality",
            )


class UserPreference(models.Model):
    """A user's own interface settings, kept on the user so they follow them to any device.

    Not locality data: the user chooses it in the interface; only superusers manage it in admin.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="preference",
        verbose_name=_("user"),
    )
    language = models.CharField(
        _("interface language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )

    class Meta:
        verbose_name = _("user preference")
        verbose_name_plural = _("user preferences")

    def __str__(self):
        return f"{self.user} · {self.get_language_display()}"
