"""The access log of personal data: who saw, exported, changed or erased contact details.

Every page, export or form that shows or changes a stakeholder's phone number or email calls
`record()`. The rows (`PersonalDataAccess`) are never edited or deleted by the app; admins
read and export them (the admin and the workspace's access-log page), and
`manage.py prune_access_log` removes only rows older than the retention period.

When to call it:

- **A view or an export** is recorded *before* the page or file is built, outside any
  `transaction.atomic()` block, so the row is committed at once (Django's autocommit). A
  request that fails afterwards (a template error, a broken download) has still disclosed
  what it read, or may have: its row stays. Inside an atomic block the row would be rolled
  back with the failed request, which is exactly what the log must not allow.
- **A change or an erasure** is recorded in the *same* transaction as the change, so the log
  never claims a change that was rolled back, and never misses one that was committed.

    from stakeholders import access_log
    access_log.record(request, person, access_log.VIEW)
    access_log.record(request, people_on_the_page, access_log.VIEW, fields=["phone"])
    access_log.record(user, queryset, access_log.EXPORT, "export:stakeholders.xlsx")
"""

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.utils import timezone

from stakeholders.models import PersonalDataAccess, Stakeholder

VIEW = PersonalDataAccess.Action.VIEW
EXPORT = PersonalDataAccess.Action.EXPORT
CHANGE = PersonalDataAccess.Action.CHANGE
ERASE = PersonalDataAccess.Action.ERASE

CONTACT_FIELDS = ("phone", "email")
# Rows per INSERT: a 100,000-person export writes in a hundred statements, not one huge one.
BATCH_SIZE = 1000


def has_contacts():
    """The stakeholders who have a phone number or an email: only they have anything to log."""
    return ~Q(phone="") | ~Q(email="")


def export_source(name, export_format):
    """The source of an export, as `exports.respond` picks its format: "export:name.xlsx"."""
    return f"export:{name}.{'xlsx' if export_format == 'xlsx' else 'csv'}"


def contacts_of(person):
    """The person's contact details in CONTACT_FIELDS order: taken before a save, to compare."""
    return tuple(getattr(person, name) for name in CONTACT_FIELDS)


def filled_fields(person):
    """The contact fields the person has a value in: what a page showing them discloses."""
    return [name for name in CONTACT_FIELDS if getattr(person, name)]


def record_change(who, person, before):
    """Record the contact fields that differ from `before` (contacts_of() before the save).
    Call it inside the save's transaction, so that the row commits with the change."""
    changed = [
        name
        for name, old in zip(CONTACT_FIELDS, before, strict=True)
        if getattr(person, name) != old
    ]
    if changed:
        record(who, person, CHANGE, fields=changed)
    return changed


def record(who, stakeholders, action, source=None, *, fields=CONTACT_FIELDS):
    """Write one access-log row per stakeholder; return how many were written.

    who: the request (its user, and its URL name as the default source) or a user, or None
        for the system (a management command).
    stakeholders: one Stakeholder, an iterable of them (anything with `pk` and
        `locality_id`), or a Stakeholder QuerySet (read in chunks, two columns only).
    action: VIEW, EXPORT, CHANGE or ERASE (`PersonalDataAccess.Action`).
    source: where it happened: a URL name ("stakeholders:stakeholder_detail",
        "admin:stakeholders_stakeholder_change") or an export ("export:stakeholders.xlsx").
        Defaults to the request's URL name.
    fields: the fields shown or changed, by model field name (default: phone and email).

    Call it outside atomic blocks for views and exports, inside the change's transaction for
    changes (see the module's docstring).
    """
    if action not in PersonalDataAccess.Action.values:
        raise ValueError(f"Unknown access-log action: {action!r}")
    user = getattr(who, "user", who)
    if source is None:
        match = getattr(who, "resolver_match", None)
        source = match.view_name if match else ""
    if not getattr(user, "is_authenticated", False):
        user = None
    common = {
        "at": timezone.now(),
        "user": user,
        "username": user.get_username() if user else "",
        "action": action,
        "source": source[: PersonalDataAccess._meta.get_field("source").max_length],
        "fields": ",".join(fields)[: PersonalDataAccess._meta.get_field("fields").max_length],
    }
    rows = [
        PersonalDataAccess(stakeholder_id=pk, locality_id=locality_id, **common)
        for pk, locality_id in _keys(stakeholders)
    ]
    PersonalDataAccess.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return len(rows)


def _keys(stakeholders):
    """(pk, locality_id) of each stakeholder, without loading whole rows from a QuerySet."""
    if isinstance(stakeholders, Stakeholder):
        return [(stakeholders.pk, stakeholders.locality_id)]
    if isinstance(stakeholders, QuerySet):
        return list(
            stakeholders.order_by()
            .values_list("pk", "locality_id")
            .iterator(chunk_size=BATCH_SIZE * 2)
        )
    assert isinstance(stakeholders, Iterable), stakeholders
    return [(person.pk, person.locality_id) for person in stakeholders]
