"""send_reminders: terms that end soon and overdue follow-ups, mailed once a day from cron."""

import datetime
import logging
from io import StringIO

import pytest
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from stakeholders import reminders
from stakeholders.enums import Role
from stakeholders.models import Membership, UserPreference
from tests.conftest import days_from_today
from tests.factories import (
    CommitteeFactory,
    FollowUpFactory,
    LocalityAccessFactory,
    MembershipFactory,
    OfficialFactory,
    StakeholderFactory,
    TaskTeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SITE = "https://kehila.example.org"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE
    settings.TERM_REMINDER_DAYS = 14


def run(*args):
    out = StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def seat_ending_in(days, **fields):
    return MembershipFactory(term_end_date=days_from_today(days), **fields)


def mails_to(outbox, address):
    return [mail for mail in outbox if mail.to == [address]]


def reminded_on(seat):
    seat.refresh_from_db()
    return seat.term_reminder_sent_on


# --- Terms ending ----------------------------------------------------------------------------


def test_a_term_ending_within_the_window_mails_the_member_and_one_digest_per_coordinator(
    mailoutbox, locality, make_user
):
    first, second = (make_user(Role.COORDINATOR, locality) for _ in range(2))
    committee = CommitteeFactory(locality=locality, name="ועדת חינוך")
    team = TaskTeamFactory(locality=locality, name="צוות גינה")
    dana = seat_ending_in(3, committee=committee, stakeholder__first_name="דנה")
    yossi = seat_ending_in(14, committee=team, stakeholder__first_name="יוסי")

    output = run()

    assert len(mailoutbox) == 4
    [to_dana] = mails_to(mailoutbox, dana.stakeholder.email)
    assert "ועדת חינוך" in to_dana.subject
    assert "דנה" in to_dana.body
    assert len(mails_to(mailoutbox, yossi.stakeholder.email)) == 1
    for coordinator in (first, second):
        [digest] = mails_to(mailoutbox, coordinator.email)
        for seat in (dana, yossi):
            assert seat.stakeholder.full_name in digest.body
            assert seat.committee.name in digest.body
            assert f"{SITE}/committees/{seat.committee.pk}/" in digest.body
    assert reminded_on(dana) == reminded_on(yossi) == timezone.localdate()
    assert "Sent 2 term reminders to members, 2 digests to coordinators, 0 follow-up" in output


def test_a_second_run_the_same_day_sends_nothing(mailoutbox, locality, coordinator):
    seat_ending_in(5, committee__locality=locality)
    run()
    assert len(mailoutbox) == 2

    output = run()

    assert len(mailoutbox) == 2
    assert "Sent 0 term reminders to members, 0 digests to coordinators, 0 follow-up" in output


def test_a_term_ending_beyond_the_window_waits_until_it_is_in_it(mailoutbox, locality, coordinator):
    seat = seat_ending_in(15, committee__locality=locality)

    run()
    assert mailoutbox == []
    assert reminded_on(seat) is None

    run("--days", "20")
    assert len(mailoutbox) == 2


def test_closed_seats_and_terms_already_over_are_not_reminded(mailoutbox, locality, coordinator):
    seat_ending_in(5, committee__locality=locality, end_date=days_from_today(-1))
    seat_ending_in(-1, committee__locality=locality)
    MembershipFactory(committee__locality=locality, term_end_date=None)

    output = run()

    assert mailoutbox == []
    assert output.startswith("Sent 0 term reminders")


def test_a_member_without_an_email_is_reported_to_the_coordinators_only(
    mailoutbox, locality, coordinator
):
    seat = seat_ending_in(5, committee__locality=locality, stakeholder__email="")

    run()

    [digest] = mailoutbox
    assert digest.to == [coordinator.email]
    assert seat.stakeholder.full_name in digest.body
    assert reminded_on(seat) == timezone.localdate()


def test_only_the_localitys_coordinators_with_an_email_get_the_digest(
    mailoutbox, locality, other_locality, coordinator, make_user
):
    elsewhere = make_user(Role.COORDINATOR, other_locality)
    admin = make_user(Role.ADMIN, locality)
    viewer = make_user(Role.VIEWER, locality)
    make_user(Role.COORDINATOR, locality, email="")
    make_user(Role.COORDINATOR, locality, is_active=False)
    seat = seat_ending_in(5, committee__locality=locality)

    run()

    assert sorted(mail.to[0] for mail in mailoutbox) == sorted(
        [coordinator.email, seat.stakeholder.email]
    )
    for nobody in (elsewhere, admin, viewer):
        assert mails_to(mailoutbox, nobody.email) == []


def test_a_coordinator_of_two_localities_gets_one_digest_for_both(
    mailoutbox, locality, other_locality, coordinator
):
    LocalityAccessFactory(user=coordinator, locality=other_locality, role=Role.COORDINATOR)
    here = seat_ending_in(5, committee__locality=locality, stakeholder__email="")
    there = seat_ending_in(6, committee__locality=other_locality, stakeholder__email="")

    run()

    [digest] = mailoutbox
    assert locality.name in digest.body and other_locality.name in digest.body
    assert here.stakeholder.full_name in digest.body
    assert there.stakeholder.full_name in digest.body


def test_an_extended_term_is_reminded_again_when_its_new_end_comes_near(
    mailoutbox, locality, coordinator
):
    seat = seat_ending_in(5, committee__locality=locality)
    run()
    assert len(mailoutbox) == 2

    # Extended by a year: nothing now, and a new reminder two weeks before the new end.
    Membership.objects.filter(pk=seat.pk).update(term_end_date=days_from_today(370))
    run()
    assert len(mailoutbox) == 2
    run("--date", days_from_today(360).isoformat())
    assert len(mailoutbox) == 4
    assert reminded_on(seat) == days_from_today(360)


@pytest.mark.parametrize(
    "term_ends_in, reminded_days_ago, due",
    [
        (14, None, True),  # the window's last day
        (0, None, True),  # ends today
        (15, None, False),  # not yet
        (-1, None, False),  # already over
        (5, 3, False),  # reminded within this window
        (5, 9, False),  # reminded on the window's first day
        (5, 10, True),  # reminded before this window: the term was extended since
    ],
)
def test_the_reminder_rule(term_ends_in, reminded_days_ago, due):
    today = timezone.localdate()
    seat = Membership(
        term_end_date=today + datetime.timedelta(days=term_ends_in),
        term_reminder_sent_on=(
            None if reminded_days_ago is None else today - datetime.timedelta(reminded_days_ago)
        ),
    )
    assert reminders.is_due_for_term_reminder(seat, today=today, days=14) is due


# --- Overdue follow-ups ----------------------------------------------------------------------


def test_overdue_follow_ups_come_as_one_digest_per_owner(
    mailoutbox, locality, coordinator, locality_admin
):
    person = StakeholderFactory(locality=locality)
    mine = [
        FollowUpFactory(stakeholder=person, owner=coordinator, due_date=days_from_today(-days))
        for days in (1, 30)
    ]
    theirs = FollowUpFactory(stakeholder=person, owner=locality_admin, due_date=days_from_today(-2))

    output = run()

    [digest] = mails_to(mailoutbox, coordinator.email)
    for follow_up in mine:
        assert follow_up.description in digest.body
    assert theirs.description not in digest.body
    assert f"{SITE}/stakeholders/{person.pk}/" in digest.body
    assert f"{SITE}/follow-ups/" in digest.body
    [other] = mails_to(mailoutbox, locality_admin.email)
    assert theirs.description in other.body
    assert len(mailoutbox) == 2
    assert "0 digests to coordinators, 2 follow-up digests" in output


def test_done_and_not_yet_overdue_follow_ups_are_left_out(mailoutbox, locality, coordinator):
    person = StakeholderFactory(locality=locality)
    overdue = FollowUpFactory(stakeholder=person, owner=coordinator, due_date=days_from_today(-1))
    done = FollowUpFactory(
        stakeholder=person,
        owner=coordinator,
        due_date=days_from_today(-3),
        done_at=timezone.now(),
    )
    due_today = FollowUpFactory(stakeholder=person, owner=coordinator, due_date=days_from_today(0))
    later = FollowUpFactory(stakeholder=person, owner=coordinator, due_date=days_from_today(4))

    run()

    [digest] = mailoutbox
    assert overdue.description in digest.body
    for left_out in (done, due_today, later):
        assert left_out.description not in digest.body


def test_an_owner_no_longer_editing_the_locality_is_not_reminded(
    mailoutbox, locality, other_locality, make_user
):
    viewer_now = make_user(Role.VIEWER, locality)
    moved_away = make_user(Role.COORDINATOR, other_locality)
    no_email = make_user(Role.COORDINATOR, locality, email="")
    person = StakeholderFactory(locality=locality)
    for owner in (viewer_now, moved_away, no_email, UserFactory()):
        FollowUpFactory(stakeholder=person, owner=owner, due_date=days_from_today(-1))

    output = run()

    assert mailoutbox == []
    assert "0 follow-up digests" in output


# --- Options ---------------------------------------------------------------------------------


def test_a_dry_run_sends_nothing_and_records_nothing(mailoutbox, locality, coordinator):
    seat = seat_ending_in(5, committee__locality=locality)
    FollowUpFactory(stakeholder=seat.stakeholder, owner=coordinator, due_date=days_from_today(-1))

    output = run("--dry-run")

    assert mailoutbox == []
    assert reminded_on(seat) is None
    assert f"user {coordinator.pk}" in output
    assert seat.stakeholder.full_name in output
    assert (
        "would send 1 term reminders to members, 1 digests to coordinators, 1 follow-up" in output
    )
    # Who, by id and name: never by address.
    assert seat.stakeholder.email not in output
    assert coordinator.email not in output


def test_the_date_option_acts_as_if_today_were_that_day(mailoutbox, locality, coordinator):
    seat = seat_ending_in(40, committee__locality=locality, stakeholder__email="")
    FollowUpFactory(stakeholder=seat.stakeholder, owner=coordinator, due_date=days_from_today(20))

    run("--date", days_from_today(10).isoformat())
    assert mailoutbox == []

    output = run("--date", days_from_today(30).isoformat())

    assert len(mailoutbox) == 2
    assert reminded_on(seat) == days_from_today(30)
    assert "1 digests to coordinators, 1 follow-up digests" in output


def test_a_date_that_is_not_one_is_refused():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("--date", "31/12/2026")


def test_nothing_to_do_is_a_clean_exit(mailoutbox):
    assert (
        run()
        == "Sent 0 term reminders to members, 0 digests to coordinators, 0 follow-up digests.\n"
    )
    assert mailoutbox == []


# --- Language and content --------------------------------------------------------------------


def test_each_recipient_gets_the_mail_in_their_own_language(
    mailoutbox, monkeypatch, locality, coordinator, make_user
):
    UserPreference.objects.create(user=coordinator, language="ar")
    hebrew = make_user(Role.COORDINATOR, locality)
    seat = seat_ending_in(5, committee__locality=locality)
    FollowUpFactory(stakeholder=seat.stakeholder, owner=coordinator, due_date=days_from_today(-1))
    rendered = []
    real_render = reminders.render_to_string

    def recording_render(template, context):
        rendered.append((template, context.get("user"), translation.get_language()))
        return real_render(template, context)

    monkeypatch.setattr(reminders, "render_to_string", recording_render)

    run()

    assert ("emails/term_ending_coordinators.txt", coordinator, "ar") in rendered
    assert ("emails/overdue_followups.txt", coordinator, "ar") in rendered
    assert ("emails/term_ending_coordinators.txt", hebrew, "he") in rendered
    assert ("emails/term_ending_member.txt", None, "he") in rendered
    for mail in mails_to(mailoutbox, coordinator.email):
        assert mail.extra_headers["Content-Language"] == "ar"
        assert mail.body.rstrip().endswith("كهيلا")  # already translated: the signature
    [to_hebrew] = mails_to(mailoutbox, hebrew.email)
    assert to_hebrew.extra_headers["Content-Language"] == "he"
    assert to_hebrew.body.rstrip().endswith("קהילה")
    # The command leaves the language as it found it.
    assert translation.get_language() == "he"


def test_a_member_who_logs_in_gets_their_language_and_a_link_to_their_seats(
    mailoutbox, locality, make_user
):
    official = OfficialFactory(locality=locality)
    login = make_user(Role.OFFICIAL, locality, stakeholder=official)
    UserPreference.objects.create(user=login, language="ar")
    seat_ending_in(5, committee__locality=locality, stakeholder=official)
    resident = seat_ending_in(5, committee__locality=locality)

    run()

    [to_official] = mails_to(mailoutbox, official.email)
    assert to_official.extra_headers["Content-Language"] == "ar"
    assert f"{SITE}/" in to_official.body
    [to_resident] = mails_to(mailoutbox, resident.stakeholder.email)
    assert to_resident.extra_headers["Content-Language"] == "he"
    assert SITE not in to_resident.body


def test_no_mail_and_no_output_carries_a_phone_number(mailoutbox, locality, coordinator):
    seat = seat_ending_in(5, committee__locality=locality)
    person = seat.stakeholder
    local = person.phone_display  # 050-2xxxxxx
    FollowUpFactory(
        stakeholder=person,
        owner=coordinator,
        due_date=days_from_today(-1),
        description=f"להתקשר ל{person.first_name} במספר {local} או +972 50 {local[5:]}",
    )
    forms_of_the_number = [person.phone, person.phone[4:], local, local.replace("-", "")]

    output = run("--dry-run", "--verbosity", "2") + run()

    assert len(mailoutbox) == 3
    for text in [output] + [f"{mail.subject}\n{mail.body}" for mail in mailoutbox]:
        for number in forms_of_the_number:
            assert number not in text
    [digest] = [mail for mail in mailoutbox if "להתקשר" in mail.body]
    assert f"להתקשר ל{person.first_name} במספר *** או ***" in digest.body


def test_names_are_not_html_escaped_in_plain_text_mail(mailoutbox, locality, coordinator):
    seat_ending_in(
        5,
        committee=CommitteeFactory(locality=locality, name='ועדת "הורים & ילדים"'),
        stakeholder__email="",
    )

    run()

    assert 'ועדת "הורים & ילדים"' in mailoutbox[0].body


# --- Failures and queries --------------------------------------------------------------------


class RefusingBackend(LocmemBackend):
    """The test mail backend, refusing one address as a mail server would."""

    refused = set()

    def send_messages(self, messages):
        for message in messages:
            if set(message.to) & self.refused:
                raise OSError(f"550 mailbox unavailable: {message.to[0]}")
        return super().send_messages(messages)


@pytest.fixture
def refusing(settings):
    settings.EMAIL_BACKEND = "tests.test_reminders.RefusingBackend"
    yield RefusingBackend.refused
    RefusingBackend.refused.clear()


def test_one_failing_recipient_does_not_stop_the_others(
    mailoutbox, refusing, caplog, locality, coordinator, make_user
):
    second = make_user(Role.COORDINATOR, locality)
    seat = seat_ending_in(5, committee__locality=locality)
    refusing.add(coordinator.email)

    with (
        caplog.at_level(logging.ERROR, logger="stakeholders.reminders"),
        pytest.raises(CommandError, match="1 reminders failed"),
    ):
        run()

    assert sorted(mail.to[0] for mail in mailoutbox) == sorted(
        [seat.stakeholder.email, second.email]
    )
    # Reached the member and a coordinator: reminded, not repeated tomorrow.
    assert reminded_on(seat) == timezone.localdate()
    assert f"user {coordinator.pk}" in caplog.text
    assert coordinator.email not in caplog.text


def test_a_term_whose_every_mail_failed_is_tried_again_next_run(
    mailoutbox, refusing, locality, coordinator
):
    seat = seat_ending_in(5, committee__locality=locality)
    refusing.update({coordinator.email, seat.stakeholder.email})

    with pytest.raises(CommandError):
        run()

    assert mailoutbox == []
    assert reminded_on(seat) is None
    refusing.clear()
    run()
    assert len(mailoutbox) == 2


def build(locality, owner, size):
    """`size` seats ending soon (with and without logins) and `size` overdue follow-ups."""
    for n in range(size):
        seat = seat_ending_in(1 + n % 10, committee__locality=locality)
        if n % 3 == 0:
            LocalityAccessFactory(
                locality=locality, role=Role.OFFICIAL, stakeholder=seat.stakeholder
            )
        FollowUpFactory(stakeholder=seat.stakeholder, owner=owner, due_date=days_from_today(-1))


def test_the_number_of_queries_does_not_grow_with_the_seats(
    mailoutbox, locality, coordinator, make_user
):
    UserPreference.objects.create(user=coordinator, language="ar")
    make_user(Role.COORDINATOR, locality)

    def queries_of_a_run():
        # One run, counted as it is: a second run would not send the same mails (the seats
        # are marked as reminded), so there is no warm-up run to discard.
        with CaptureQueriesContext(connection) as captured:
            run()
        return len(captured.captured_queries)

    # Seats, members' logins, coordinators, follow-ups, and one UPDATE for the batch.
    build(locality, coordinator, 2)
    small = queries_of_a_run()
    # The 2 members, a digest to each of the 2 coordinators, one to the follow-ups' owner.
    assert len(mailoutbox) == 2 + 2 + 1
    mailoutbox.clear()

    # Ten times as many new seats: the next run reminds only those, but writes to their owner
    # about every overdue follow-up again, the first 2 included.
    build(locality, coordinator, 20)
    large = queries_of_a_run()
    assert large == small
    assert len(mailoutbox) == 20 + 2 + 1
