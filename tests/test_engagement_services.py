"""Logging an interaction is one service, the only writer of a stakeholder's last contact."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from stakeholders import services
from stakeholders.models import FollowUp, Interaction
from tests.factories import StakeholderFactory, UserFactory

pytestmark = pytest.mark.django_db


def days_ago(n):
    return timezone.now() - datetime.timedelta(days=n)


def test_logging_an_interaction_sets_last_contact_to_the_latest_one():
    person = StakeholderFactory()
    by = UserFactory()
    services.interaction_log(
        stakeholder=person, by=by, channel="call", summary="שיחה", occurred_at=days_ago(2)
    )
    assert person.last_contact == Interaction.objects.get().occurred_at
    # An older meeting logged later does not move the last contact back.
    services.interaction_log(
        stakeholder=person, by=by, channel="meeting", summary="פגישה", occurred_at=days_ago(9)
    )
    person.refresh_from_db()
    assert person.last_contact.date() == days_ago(2).date()


def test_a_follow_up_is_written_with_its_interaction():
    person = StakeholderFactory()
    by = UserFactory()
    due = timezone.localdate() + datetime.timedelta(days=5)
    interaction = services.interaction_log(
        stakeholder=person,
        by=by,
        channel="meeting",
        summary="פגישה",
        follow_up="לשלוח סיכום",
        follow_up_owner=by,
        follow_up_due=due,
    )
    follow_up = FollowUp.objects.get()
    assert (follow_up.interaction, follow_up.owner, follow_up.due_date) == (interaction, by, due)
    assert follow_up.created_by == by


def test_an_invalid_follow_up_writes_nothing_at_all():
    person = StakeholderFactory()
    with pytest.raises(ValidationError):
        services.interaction_log(
            stakeholder=person,
            by=UserFactory(),
            channel="meeting",
            summary="פגישה",
            follow_up="לשלוח סיכום",  # no owner and no due date
        )
    assert not Interaction.objects.exists()
    person.refresh_from_db()
    assert person.last_contact is None


def test_moving_and_deleting_interactions_refresh_everyone_they_touch():
    first, second = StakeholderFactory(), StakeholderFactory()
    by = UserFactory()
    interaction = services.interaction_log(
        stakeholder=first, by=by, channel="call", summary="שיחה", occurred_at=days_ago(1)
    )
    interaction.stakeholder = second
    services.interaction_save(interaction=interaction, previous_stakeholder_id=first.pk)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.last_contact is None
    assert second.last_contact == interaction.occurred_at
    services.interaction_delete(interactions=Interaction.objects.filter(pk=interaction.pk))
    second.refresh_from_db()
    assert second.last_contact is None


def test_bulk_created_interactions_refresh_last_contact_once():
    people = [StakeholderFactory() for _ in range(3)]
    services.interactions_bulk_create(
        interactions=[
            Interaction(stakeholder=person, channel="call", summary="שיחה", occurred_at=days_ago(n))
            for n, person in enumerate(people, start=1)
        ]
    )
    for n, person in enumerate(people, start=1):
        person.refresh_from_db()
        assert person.last_contact.date() == days_ago(n).date()
