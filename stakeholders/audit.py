"""Change history for people: who changed what, and when, from django-simple-history's rows.

Every save of a stakeholder, consent record, seat, relationship or organisation leaves a
historical row (a full copy, with the user and time). A page's timeline merges the rows of
several such tables (a person's own, their consent records, seats and relationships), newest
first, and shows each change as the fields that differ from the object's previous row.

The cost is bounded whatever the length of the history: one query picks the page's rows
across the tables (a UNION of their keys), one per table loads those rows together with the
row just before each object's oldest one (to diff it), and one per kind of related object
names the people, bodies and users the changes point at.
"""

import dataclasses
import datetime
import functools
import operator
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db import models
from django.db.models import IntegerField, Max, Q, Value
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stakeholders.models import (
    Committee,
    ConsentChange,
    Membership,
    Organisation,
    Relationship,
    Stakeholder,
    user_display_name,
)
from stakeholders.phones import format_israeli_phone

# Written as the history's change reason by the erasure (see privacy.py); shown translated.
ERASURE_REASON = "privacy-erasure"

TYPE_LABELS = {
    "+": gettext_lazy("Created"),
    "~": gettext_lazy("Changed"),
    "-": gettext_lazy("Deleted"),
}
# Bookkeeping fields a reader does not need in a diff: the id, automatic timestamps, and the
# locality and creator, which never change after the record's first row (which names its user).
SKIPPED_FIELDS = {"id", "created_at", "updated_at", "locality", "created_by"}
EMPTY = "—"


@dataclasses.dataclass
class Source:
    """One historical table and the rows of it that belong on a page."""

    model: type  # the tracked model (Stakeholder...), not its historical model
    condition: Q
    describe: callable  # (record, names) -> what the row is about, for the "what" column
    # Fields the timeline does not show on this page (a seat's person, on that person's page).
    hidden: frozenset = frozenset()

    @property
    def history(self):
        return self.model.history.model


@dataclasses.dataclass
class FieldChange:
    field: str  # the model field's name
    label: str
    old: str
    new: str


@dataclasses.dataclass
class Entry:
    at: datetime.datetime
    user: str
    type: str  # "+", "~" or "-"
    type_label: str
    subject: str
    changes: list
    reason: str = ""


# --- What each page shows ------------------------------------------------------------------


def _with_names(message, **names):
    """A row's "what", for the page: the names it holds isolated (<bdi>), so that a name in
    English or Arabic keeps the Hebrew around it in order."""
    isolated = {key: format_html("<bdi>{}</bdi>", value) for key, value in names.items()}
    return mark_safe(conditional_escape(message) % isolated)


def stakeholder_sources(person):
    """A person's own record, their consent records, seats and relationships."""

    def seat(record, names):
        return _with_names(_("Seat on %(body)s"), body=names.get(Committee, record.committee_id))

    def relationship(record, names):
        if record.from_stakeholder_id == person.pk:
            other = _side(names, record.to_stakeholder_id, record.to_organisation_id)
        else:
            other = _side(names, record.from_stakeholder_id, record.from_organisation_id)
        return _with_names(_("Relationship with %(other)s"), other=other)

    return [
        Source(Stakeholder, Q(id=person.pk), lambda record, names: _("Details")),
        Source(
            ConsentChange,
            Q(stakeholder_id=person.pk),
            lambda record, names: _("Consent record"),
            hidden=frozenset({"stakeholder"}),
        ),
        Source(Membership, Q(stakeholder_id=person.pk), seat, hidden=frozenset({"stakeholder"})),
        Source(
            Relationship,
            Q(from_stakeholder_id=person.pk) | Q(to_stakeholder_id=person.pk),
            relationship,
        ),
    ]


def organisation_sources(organisation):
    return [Source(Organisation, Q(id=organisation.pk), lambda record, names: _("Details"))]


def committee_sources(committee):
    """The body's seats: who joined, changed role or left, and when."""

    def seat(record, names):
        return _with_names(
            _("Seat of %(name)s"), name=names.get(Stakeholder, record.stakeholder_id)
        )

    return [Source(Membership, Q(committee_id=committee.pk), seat, hidden=frozenset({"committee"}))]


# --- Reading -------------------------------------------------------------------------------


def _keys(sources):
    """(history_date, history_id, source index, object id) of every row, newest first, in
    one query."""
    parts = [
        source.history.objects.filter(source.condition)
        .order_by()
        .annotate(source=Value(index, output_field=IntegerField()))
        .values_list("history_date", "history_id", "source", "id")
        for index, source in enumerate(sources)
    ]
    keys = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return keys.order_by("-history_date", "-history_id")


def latest(sources, limit):
    """The newest `limit` entries, and whether there are more."""
    keys = list(_keys(sources)[: limit + 1])
    return entries(sources, keys[:limit]), len(keys) > limit


def page(sources, number, per_page):
    """A Paginator page of entries (`page.entries`); any page number shows a real page."""
    keys_page = Paginator(_keys(sources), per_page).get_page(number)
    keys_page.entries = entries(sources, list(keys_page.object_list))
    return keys_page


def everything(sources):
    """Every entry, newest first: for the personal-data export, not for pages."""
    return entries(sources, list(_keys(sources)))


def entries(sources, keys):
    """Entries for the given keys, each with its changes against the object's previous row."""
    wanted = defaultdict(dict)  # source index -> {history_id: object id}
    for _date, history_id, index, object_id in keys:
        wanted[index][history_id] = object_id
    rows = {index: _rows(sources[index], ids) for index, ids in wanted.items()}
    names = _names(sources, rows)
    result = []
    for _date, history_id, index, _object_id in keys:
        source = sources[index]
        record = rows[index]["by_id"][history_id]
        previous = rows[index]["previous"].get(history_id)
        result.append(
            Entry(
                at=record.history_date,
                user=user_display_name(record.history_user),
                type=record.history_type,
                type_label=str(TYPE_LABELS.get(record.history_type, record.history_type)),
                subject=source.describe(record, names),
                changes=_changes(source, record, previous, names),
                reason=_("Personal data erased on request")
                if record.history_change_reason == ERASURE_REASON
                else "",
            )
        )
    return result


def fields_shown(entries_shown, names):
    """Which of `names` (e.g. the contact fields) the entries show a value of."""
    return sorted(
        {change.field for entry in entries_shown for change in entry.changes} & set(names)
    )


def _rows(source, wanted):
    """The wanted rows ({history_id: object id}), and for each its object's previous row.

    One query: the rows themselves, and, for each object, the last row before the oldest
    wanted one. Rows of the same object in between are wanted too (the keys are a contiguous
    slice of the timeline), so every wanted row finds its predecessor among those loaded.
    """
    history = source.history
    oldest = {}
    for history_id, object_id in wanted.items():
        oldest[object_id] = min(oldest.get(object_id, history_id), history_id)
    before = functools.reduce(
        operator.or_,
        [Q(id=object_id, history_id__lt=first) for object_id, first in oldest.items()],
    )
    predecessors = (
        history.objects.filter(before).order_by().values("id").annotate(last=Max("history_id"))
    )
    loaded = list(
        history.objects.filter(
            Q(history_id__in=list(wanted)) | Q(history_id__in=predecessors.values("last"))
        ).select_related("history_user")
    )
    by_object = defaultdict(list)
    for row in loaded:
        by_object[row.id].append(row)
    previous = {}
    for object_rows in by_object.values():
        object_rows.sort(key=lambda row: row.history_id)
        for earlier, later in zip(object_rows, object_rows[1:], strict=False):
            previous[later.history_id] = earlier
    return {"by_id": {row.history_id: row for row in loaded}, "previous": previous}


def _shown_fields(source):
    return [
        field
        for field in source.model._meta.concrete_fields
        if field.editable and field.name not in SKIPPED_FIELDS | source.hidden
    ]


class _Names:
    """Display names of the objects the rows point at, read in one query per model."""

    def __init__(self):
        self.ids = defaultdict(set)
        self.names = {}

    def want(self, model, pk):
        if pk is not None:
            self.ids[model].add(pk)

    def load(self):
        user_model = get_user_model()
        for model, ids in self.ids.items():
            objects = model._default_manager.filter(pk__in=ids)
            if model is Membership:
                objects = objects.select_related("committee")
            for obj in objects:
                if model is user_model:
                    name = user_display_name(obj)
                elif model is Membership:
                    name = obj.committee.name
                else:
                    name = str(obj)
                self.names[model, obj.pk] = name

    def get(self, model, pk):
        if pk is None:
            return EMPTY
        # A deleted object keeps its number in the history; say so rather than show nothing.
        return self.names.get((model, pk)) or _("#%(id)s (deleted)") % {"id": pk}


def _names(sources, rows):
    names = _Names()
    for index, loaded in rows.items():
        source = sources[index]
        foreign_keys = [
            field
            for field in source.history._meta.concrete_fields
            if field.is_relation and field.name in {f.name for f in source.model._meta.fields}
        ]
        foreign_keys = [
            field for field in foreign_keys if field.name not in SKIPPED_FIELDS | source.hidden
        ]
        for row in loaded["by_id"].values():
            for field in foreign_keys:
                names.want(field.related_model, getattr(row, field.attname))
    names.load()
    return names


def _changes(source, record, previous, names):
    """The fields that differ from the previous row, labelled and displayed for reading."""
    if record.history_type == "-":
        return []
    fields = _shown_fields(source)
    if previous is None:
        # The first row: what the object was created with.
        return [
            FieldChange(field.name, str(field.verbose_name), EMPTY, _display(field, value, names))
            for field in fields
            if (value := getattr(record, field.attname)) not in (None, "", False)
        ]
    delta = record.diff_against(previous, included_fields=[field.name for field in fields])
    changed = set(delta.changed_fields)
    return [
        FieldChange(
            field.name,
            str(field.verbose_name),
            _display(field, getattr(previous, field.attname), names),
            _display(field, getattr(record, field.attname), names),
        )
        for field in fields
        if field.name in changed
    ]


def _display(field, value, names):
    if value is None or value == "":
        return EMPTY
    if field.is_relation:
        return names.get(field.related_model, value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.name == "phone":
        return format_israeli_phone(value)
    if isinstance(field, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "j.n.Y H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "j.n.Y")
    return str(value)


def _side(names, stakeholder_id, organisation_id):
    if stakeholder_id is not None:
        return names.get(Stakeholder, stakeholder_id)
    return names.get(Organisation, organisation_id)
