"""Meetings and calls with stakeholders, and the follow-ups they leave."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stakeholders.models.locality import ScopedQuerySet
from stakeholders.models.people import Stakeholder

# --- Interactions and follow-ups -----------------------------------------------------------


class InteractionQuerySet(ScopedQuerySet):
    locality_lookup = "stakeholder__locality"


class Interaction(models.Model):
    """A meeting, call or message with a stakeholder."""

    class Channel(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        CALL = "call", _("Phone call")
        MESSAGE = "message", _("Message")
        EMAIL = "email", _("Email")
        EVENT = "event", _("Event")

    class Outcome(models.TextChoices):
        POSITIVE = "positive", _("Positive")
        NEUTRAL = "neutral", _("Neutral")
        NEGATIVE = "negative", _("Negative")
        NO_ANSWER = "no_answer", _("No answer")

    stakeholder = models.ForeignKey(
        Stakeholder,
        on_delete=models.CASCADE,
        related_name="interactions",
        verbose_name=_("stakeholder"),
    )
    occurred_at = models.DateTimeField(_("date"), default=timezone.now)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    summary = models.TextField(_("summary"))
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.NEUTRAL
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = InteractionQuerySet.as_manager()

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["stakeholder", "occurred_at"], name="interaction_stakeholder_at")
        ]

    def __str__(self):
        return f"{self.get_channel_display()} · {self.stakeholder}"


class FollowUpQuerySet(ScopedQuerySet):
    locality_lookup = "stakeholder__locality"

    def open(self):
        return self.filter(done_at__isnull=True)

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())


class FollowUp(models.Model):
    """Something to do next with a stakeholder, owned by a user, due on a date."""

    stakeholder = models.ForeignKey(
        Stakeholder,
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("stakeholder"),
    )
    interaction = models.ForeignKey(
        Interaction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("interaction"),
    )
    description = models.CharField(_("what to do"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="follow_ups",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due date"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["owner", "done_at", "due_date"], name="followup_owner_open"),
            models.Index(fields=["stakeholder", "done_at"], name="followup_stakeholder_open"),
        ]

    def __str__(self):
        return self.description

    @property
    def is_overdue(self):
        return self.done_at is None and self.due_date < timezone.localdate()

    def clean(self):
        if (
            self.interaction_id
            and self.stakeholder_id
            and self.interaction.stakeholder_id != self.stakeholder_id
        ):
            raise ValidationError(
                _("The follow-up and its interaction must be about the same person."),
                code="other_stakeholder",
            )

    def mark_done(self, at=None):
        self.done_at = at or timezone.now()
        self.save(update_fields=["done_at"])
