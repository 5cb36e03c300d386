"""Daily reminders by email: terms on committees that end soon, and overdue follow-ups.

`manage.py send_reminders` runs once a day from cron. `plan_reminders` decides who gets what
and renders every mail, reading only; `send_reminders` sends them and records which terms were
written about. A dry run is a plan that is printed instead of sent.

Three kinds of mail:
- a member whose term ends within `TERM_REMINDER_DAYS` (if their record has an email);
- one digest per coordinator listing every such term in the localities they coordinate;
- one digest per owner listing their open follow-ups that are past due, in every locality
  where they are still an admin or a coordinator.

Mails are in the recipient's interface language (UserPreference), Hebrew when they have none;
members without a login get Hebrew. No mail carries a phone number: the templates never use
the phone field, and free text typed by coordinators is masked (`mask_phone_numbers`).
"""

import datetime
import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import EmailMessage, get_connection
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext, ngettext

from stakeholders.access import EDITOR_ROLES, Role
from stakeholders.models import FollowUp, LocalityAccess, Membership

logger = logging.getLogger(__name__)

TERM_MEMBER = "term_member"
TERM_COORDINATORS = "term_coordinators"
OVERDUE_FOLLOW_UPS = "overdue_follow_ups"

# Nine digits or more, with the separators people type between them: every Israeli phone
# number however written ("04-8123456", "+972 50 123 4567"), and ID numbers too, but not a
# date ("01.02.2026" has eight).
_PHONE_LIKE = re.compile(r"\+?\d(?:[\s\-().\u200e\u200f]*\d){8,}")


@dataclass
class Reminder:
    """One rendered mail, ready to send."""

    kind: str
    # Who it is for, for the command's output and the log: an id and a name, never an
    # address or a phone number.
    recipient: str
    to: str
    language: str
    subject: str
    body: str
    # The seats this mail writes about; marked as reminded once any mail about them is sent.
    membership_ids: tuple = ()

    def message(self, connection=None):
        return EmailMessage(
            subject=self.subject,
            body=self.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[self.to],
            connection=connection,
            headers={"Content-Language": self.language},
        )


def is_due_for_term_reminder(seat, *, today, days):
    """Whether a seat's term-end reminder should go out today.

    The rule: the seat is current, its term ends between today and `days` days from now, and
    it has not been reminded within this term's window, that is `term_reminder_sent_on` is
    empty or earlier than `term_end_date - days`. So a daily run writes once per term; when a
    coordinator extends the term, the old reminder date falls before the new window and the
    new end is reminded in its turn. A term that was extended by only a few days, so that the
    reminder already sent falls inside the new window, is not reminded twice. (Lowering
    TERM_REMINDER_DAYS can remind a term a second time: its earlier reminder now falls before
    the shorter window.) A term that has already ended is not reminded: the coordinators see
    it on the committee's page until they close the seat.
    """
    if seat.end_date is not None or seat.term_end_date is None:
        return False
    if not today <= seat.term_end_date <= today + datetime.timedelta(days=days):
        return False
    window_opens = seat.term_end_date - datetime.timedelta(days=days)
    return seat.term_reminder_sent_on is None or seat.term_reminder_sent_on < window_opens


def mask_phone_numbers(text):
    return _PHONE_LIKE.sub("***", text)


def plan_reminders(*, today, days):
    """Every reminder due on `today`, rendered; nothing is sent or written."""
    return [*term_reminders(today=today, days=days), *follow_up_reminders(today=today)]


def send_reminders(reminders, *, today):
    """Send each reminder on its own and mark the seats written about. Returns those sent.

    One recipient's failure (a refused address, a timeout) is logged and the others still go
    out. A seat is marked when at least one mail about it went out, to the member or to a
    coordinator: the seat has one date to record, and a permanently bad address should not
    make everyone else get the same reminder every day. When nothing about it went out (the
    mail server was down), it is not marked and tomorrow's run tries again.
    """
    # Each send opens and closes its own SMTP session, so a failure cannot leave a broken
    # session for the next recipient; a day's reminders are a handful of mails.
    connection = get_connection()
    sent = []
    for reminder in reminders:
        try:
            reminder.message(connection).send()
        except Exception as error:
            # The exception's text may quote the address (SMTPRecipientsRefused does), so the
            # log names the recipient by id and the error by its type only.
            logger.error(
                "Reminder %s to %s was not sent: %s",
                reminder.kind,
                reminder.recipient,
                type(error).__name__,
            )
        else:
            sent.append(reminder)
    mark_terms_reminded({pk for reminder in sent for pk in reminder.membership_ids}, today=today)
    return sent


def mark_terms_reminded(membership_ids, *, today):
    """Record the reminders, after the mails rather than around them.

    A transaction cannot take back a mail, and one held open through slow SMTP calls would
    hold locks for nothing. So the mails go first, then one UPDATE marks the whole batch: a
    single statement, so its own transaction, all or nothing, and one query however many seats.
    If the run dies in between, tomorrow's run reminds those seats again: twice is better than
    never. The date is the run's `today` (--date when given), so the rule compares like with
    like.
    """
    if not membership_ids:
        return 0
    return Membership.objects.filter(pk__in=membership_ids).update(term_reminder_sent_on=today)


# --- Terms ending ----------------------------------------------------------------------------


def term_reminders(*, today, days):
    """The member's mails and the coordinators' digests for the terms due a reminder."""
    seats = [
        seat
        for seat in Membership.objects.term_ending(today, days)
        .select_related("stakeholder", "committee__locality")
        .order_by(
            "term_end_date",
            "committee__locality__name",
            "committee__name",
            "stakeholder__last_name",
            "stakeholder__first_name",
            "pk",
        )
        # The window is a fortnight of term ends; comparing the reminder date here keeps the
        # rule in one readable place (is_due_for_term_reminder) instead of date arithmetic
        # that SQLite and PostgreSQL do differently.
        if is_due_for_term_reminder(seat, today=today, days=days)
    ]
    if not seats:
        return []
    return [
        *_member_reminders(seats),
        *_coordinator_reminders(seats, until=today + datetime.timedelta(days=days)),
    ]


def _member_reminders(seats):
    # A member who is also a municipal staff login gets their chosen language and a link to
    # their seats; everyone else gets Hebrew and no link (they cannot log in).
    logins = {}
    for grant in (
        LocalityAccess.objects.filter(
            stakeholder__in={seat.stakeholder_id for seat in seats}, user__is_active=True
        )
        .select_related("user__preference")
        .order_by("pk")
    ):
        logins.setdefault(grant.stakeholder_id, grant.user)
    reminders = []
    for seat in seats:
        member = seat.stakeholder
        if not member.email:
            continue
        login = logins.get(member.pk)
        language = language_of(login)
        with translation.override(language):
            subject = gettext("Your term on %(committee)s ends on %(date)s") % {
                "committee": seat.committee.name,
                "date": formats.date_format(seat.term_end_date, "SHORT_DATE_FORMAT"),
            }
            body = _render(
                "emails/term_ending_member.txt",
                {
                    "member": member,
                    "seat": seat,
                    "home_url": absolute_url("stakeholders:home") if login else "",
                },
            )
        reminders.append(
            Reminder(
                kind=TERM_MEMBER,
                recipient=f"stakeholder {member.pk} ({member.full_name})",
                to=member.email,
                language=language,
                subject=_one_line(subject),
                body=body,
                membership_ids=(seat.pk,),
            )
        )
    return reminders


def _coordinator_reminders(seats, *, until):
    by_locality = {}
    for seat in seats:
        by_locality.setdefault(seat.committee.locality_id, []).append(
            {"seat": seat, "url": absolute_url("stakeholders:committee_detail", seat.committee_id)}
        )
    grants = (
        LocalityAccess.objects.filter(
            role=Role.COORDINATOR, locality__in=by_locality, user__is_active=True
        )
        .exclude(user__email="")
        .select_related("user__preference", "locality")
        .order_by("user_id", "locality__name", "locality_id")
    )
    # One digest per coordinator, however many localities they coordinate.
    groups_by_user = {}
    users = {}
    for grant in grants:
        users[grant.user_id] = grant.user
        groups_by_user.setdefault(grant.user_id, []).append(
            {"locality": grant.locality, "rows": by_locality[grant.locality_id]}
        )
    reminders = []
    for user_id, groups in groups_by_user.items():
        user = users[user_id]
        count = sum(len(group["rows"]) for group in groups)
        language = language_of(user)
        with translation.override(language):
            subject = ngettext(
                "%(count)d term on a committee ends soon",
                "%(count)d terms on committees end soon",
                count,
            ) % {"count": count}
            body = _render(
                "emails/term_ending_coordinators.txt",
                {"user": user, "groups": groups, "count": count, "until": until},
            )
        reminders.append(
            Reminder(
                kind=TERM_COORDINATORS,
                recipient=f"user {user.pk} ({user.get_username()})",
                to=user.email,
                language=language,
                subject=_one_line(subject),
                body=body,
                membership_ids=tuple(row["seat"].pk for group in groups for row in group["rows"]),
            )
        )
    return reminders


# --- Overdue follow-ups ----------------------------------------------------------------------


def follow_up_reminders(*, today):
    """One digest per owner of open follow-ups due before `today`.

    Only where the owner is still an admin or a coordinator of the follow-up's locality: someone
    who has left the locality should not keep getting its people's names. Follow-ups keep no
    "reminded" date, so the digest comes on every run (daily) until they are done.
    """
    still_editing = LocalityAccess.objects.filter(
        user=OuterRef("owner"),
        locality=OuterRef("stakeholder__locality"),
        role__in=EDITOR_ROLES,
    )
    follow_ups = (
        FollowUp.objects.overdue(today)
        .filter(Exists(still_editing), owner__is_active=True)
        .exclude(owner__email="")
        .select_related("stakeholder__locality", "owner__preference")
        .order_by("owner_id", "stakeholder__locality__name", "due_date", "pk")
    )
    by_owner = {}
    for follow_up in follow_ups:
        groups = by_owner.setdefault(follow_up.owner_id, [])
        locality = follow_up.stakeholder.locality
        if not groups or groups[-1]["locality"] != locality:
            groups.append({"locality": locality, "rows": []})
        groups[-1]["rows"].append(
            {
                "follow_up": follow_up,
                "description": mask_phone_numbers(follow_up.description),
                "url": absolute_url("stakeholders:stakeholder_detail", follow_up.stakeholder_id),
            }
        )
    reminders = []
    for groups in by_owner.values():
        owner = groups[0]["rows"][0]["follow_up"].owner
        count = sum(len(group["rows"]) for group in groups)
        language = language_of(owner)
        with translation.override(language):
            subject = ngettext(
                "You have %(count)d overdue follow-up",
                "You have %(count)d overdue follow-ups",
                count,
            ) % {"count": count}
            body = _render(
                "emails/overdue_followups.txt",
                {
                    "user": owner,
                    "groups": groups,
                    "count": count,
                    "followups_url": absolute_url("stakeholders:followup_list"),
                },
            )
        reminders.append(
            Reminder(
                kind=OVERDUE_FOLLOW_UPS,
                recipient=f"user {owner.pk} ({owner.get_username()})",
                to=owner.email,
                language=language,
                subject=_one_line(subject),
                body=body,
            )
        )
    return reminders


# --- Helpers ---------------------------------------------------------------------------------


def language_of(user):
    """The user's interface language for mail: their saved choice, else the site's (Hebrew).

    The preference must have been loaded with select_related("…preference"), so this reads
    no rows.
    """
    if user is None:
        return settings.LANGUAGE_CODE
    try:
        language = user.preference.language
    except ObjectDoesNotExist:
        return settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def absolute_url(name, *args):
    # No request in a cron job to take the host from, hence SITE_URL.
    return settings.SITE_URL + reverse(name, args=args)


def _render(template, context):
    body = render_to_string(template, context)
    # Template tags leave blank lines and trailing spaces behind; a mail should not.
    body = "\n".join(line.rstrip() for line in body.splitlines())
    return re.sub(r"\n{3,}", "\n\n", body).strip() + "\n"


def _one_line(subject):
    # A name with a line break in it would make EmailMessage refuse the header.
    return " ".join(subject.split())
