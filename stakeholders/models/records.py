"""Records the app keeps about its own work: import batches and the personal-data access log."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stakeholders.models.locality import Locality, ScopedQuerySet
from stakeholders.models.people import Stakeholder

# --- Imports -------------------------------------------------------------------------------


class ImportBatchQuerySet(ScopedQuerySet):
    pass


class ImportBatch(models.Model):
    """A spreadsheet brought in: kept from its preview to its import, and as a record of it.

    The file lives in the database, not on a server's disk, so that the preview and the
    confirmation may be served by different app hosts.
    """

    class Kind(models.TextChoices):
        STAKEHOLDERS = "stakeholders", _("Stakeholders")
        ORGANISATIONS = "organisations", _("Organisations")
        MEMBERSHIPS = "memberships", _("Committee and task-team seats")

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed")
        IMPORTED = "imported", _("Imported")

    locality = models.ForeignKey(
        Locality, on_delete=models.CASCADE, related_name="imports", verbose_name=_("locality")
    )
    kind = models.CharField(_("what the file holds"), max_length=20, choices=Kind.choices)
    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("file"), editable=False)
    default_kind = models.CharField(
        _("kind of people when the file does not say"),
        max_length=20,
        choices=Stakeholder.Kind.choices,
        default=Stakeholder.Kind.RESIDENT,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PREVIEWED
    )
    preview = models.JSONField(_("preview"), default=dict, editable=False)
    result = models.JSONField(_("result"), default=dict, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.filename


# --- Access log of personal data -----------------------------------------------------------


class ImmutableRecord(Exception):
    """An access-log row is written once and never changed or deleted by the app."""


class PersonalDataAccessQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        # The log is for the localities' administrators only, not their coordinators.
        return self.administered_by(user)

    def update(self, **kwargs):
        raise ImmutableRecord("The access log cannot be edited.")

    def delete(self):
        raise ImmutableRecord("The access log cannot be deleted from the app.")


class PersonalDataAccess(models.Model):
    """Who saw, exported, changed or erased a stakeholder's contact details, and where.

    The Privacy Protection (Data Security) Regulations 2017 ask a database of medium security
    for an automatic record of access. Rows are written in autocommit, before the page or file
    that shows the data is built, so a request that fails afterwards still leaves its record.
    The foreign keys have no database constraint: the record outlives the person and the user.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        EXPORT = "export", _("Exported")
        CHANGE = "change", _("Changed")
        ERASE = "erase", _("Erased")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
        verbose_name=_("user"),
    )
    # The username as it was: the user row may later be renamed or removed.
    username = models.CharField(_("username"), max_length=150, blank=True)
    locality = models.ForeignKey(
        Locality,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("locality"),
    )
    stakeholder = models.ForeignKey(
        Stakeholder,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("stakeholder"),
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    source = models.CharField(_("source"), max_length=200)
    fields = models.CharField(_("fields"), max_length=100, blank=True)

    objects = PersonalDataAccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data access log")
        ordering = ["-at", "-pk"]
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["locality", "-at"], name="access_log_locality"),
            models.Index(fields=["stakeholder", "-at"], name="access_log_stakeholder"),
        ]

    def __str__(self):
        return f"{self.username} · {self.get_action_display()} · {self.stakeholder_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableRecord("The access log cannot be edited.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecord("The access log cannot be deleted from the app.")
