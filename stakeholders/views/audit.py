"""Audit pages: the whole change history of a person, organisation or body, and the access
log of personal data for the locality's administrators.

Change history holds contact details and notes, so only coordinators and admins see it (as
the profile's own section does). The access log is for the locality's administrators only.
"""

import datetime

from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from stakeholders import access, access_log, audit, exports
from stakeholders.enums import Role
from stakeholders.forms.audit import AccessLogFilterForm
from stakeholders.models import Committee, Organisation, PersonalDataAccess, Stakeholder
from stakeholders.workspace import get_scoped_object, workspace_view

HISTORY_PAGE_SIZE = 50
LOG_PAGE_SIZE = 50


# --- Change history ------------------------------------------------------------------------


@workspace_view
@require_GET
def stakeholder_history(request, pk):
    person = get_scoped_object(request, Stakeholder.objects.all(), pk=pk, edit=True)
    sources = audit.stakeholder_sources(person)
    history = audit.page(sources, request.GET.get("page"), HISTORY_PAGE_SIZE)
    shown = audit.fields_shown(history.entries, access_log.CONTACT_FIELDS)
    if shown:
        # Past phone numbers and emails are contact details too.
        access_log.record(request, person, access_log.VIEW, fields=shown)
    return _history_page(request, person, person.full_name, history, "stakeholder_list")


@workspace_view
@require_GET
def organisation_history(request, pk):
    organisation = get_scoped_object(request, Organisation.objects.all(), pk=pk, edit=True)
    history = audit.page(
        audit.organisation_sources(organisation), request.GET.get("page"), HISTORY_PAGE_SIZE
    )
    return _history_page(request, organisation, organisation.name, history, "organisation_list")


@workspace_view
@require_GET
def committee_history(request, pk):
    committee = get_scoped_object(request, Committee.objects.all(), pk=pk, edit=True)
    history = audit.page(
        audit.committee_sources(committee), request.GET.get("page"), HISTORY_PAGE_SIZE
    )
    return _history_page(request, committee, committee.name, history, "committee_list")


# The list each kind of object belongs to, for the breadcrumbs.
LIST_LABELS = {
    "stakeholder_list": gettext_lazy("Stakeholders"),
    "organisation_list": gettext_lazy("Centres of influence"),
    "committee_list": gettext_lazy("Committees and task teams"),
}


def _history_page(request, obj, name, history, list_name):
    return render(
        request,
        "stakeholders/change_history.html",
        {
            "object": obj,
            "object_name": name,
            "list_url_name": f"stakeholders:{list_name}",
            "list_label": LIST_LABELS[list_name],
            "history": history,
        },
    )


# --- Access log ----------------------------------------------------------------------------


def _administered_log(request):
    """The current locality's log, for its administrators (and superusers); 403 for others."""
    if not access.has_role(request.user, request.locality, [Role.ADMIN]):
        raise PermissionDenied
    return PersonalDataAccess.objects.visible_to(request.user).filter(locality=request.locality)


def filtered_log(request):
    """The log under the page's filters. Values that do not validate are dropped (the form
    says so) and the valid ones still apply; the list and its export share it."""
    entries = _administered_log(request)
    filters = AccessLogFilterForm(request.GET)
    filters.is_valid()
    refused_dates = {"date_from", "date_to"} & set(filters.errors)
    if refused_dates:
        # A date field shows the error but not the text it refused, which a browser's date
        # input cannot hold.
        filters.data = filters.data.copy()
        for name in refused_dates:
            filters.data.pop(name, None)
    chosen = filters.cleaned_data
    if chosen.get("username"):
        entries = entries.filter(username__icontains=chosen["username"])
    if chosen.get("action"):
        entries = entries.filter(action=chosen["action"])
    if chosen.get("date_from"):
        entries = entries.filter(at__gte=_start_of(chosen["date_from"]))
    if chosen.get("date_to"):
        entries = entries.filter(at__lt=_start_of(chosen["date_to"] + datetime.timedelta(days=1)))
    if chosen.get("stakeholder"):
        entries = entries.filter(stakeholder_id=chosen["stakeholder"])
    return entries.order_by("-at", "-pk"), filters


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _stakeholder_names(ids):
    """Names of the people still in the register (a row outlives the person it is about)."""
    people = Stakeholder.objects.filter(pk__in=set(ids)).only("first_name", "last_name")
    return {person.pk: person.full_name for person in people}


@workspace_view
@require_GET
def access_log_list(request):
    entries, filters = filtered_log(request)
    page = Paginator(entries, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    names = _stakeholder_names(row.stakeholder_id for row in rows)
    for row in rows:
        row.stakeholder_name = names.get(row.stakeholder_id, "")
        row.source_label = source_label(row.source)
        row.field_labels = field_labels(row.fields)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "stakeholders/access_log.html",
        {
            "filter_form": filters,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "is_filtered": any(filters.cleaned_data.get(name) for name in filters.fields),
        },
    )


@workspace_view
@require_GET
def access_log_export(request):
    """The filtered log as CSV or Excel (not itself logged: it holds no contact details)."""
    entries, _filters = filtered_log(request)

    def rows():
        chunk = []
        for entry in entries.iterator(chunk_size=2000):
            chunk.append(entry)
            if len(chunk) == 2000:
                yield from _export_rows(chunk)
                chunk = []
        yield from _export_rows(chunk)

    header = [
        _("Time"),
        _("User"),
        _("Action"),
        _("Stakeholder number"),
        _("Stakeholder"),
        _("Where"),
        _("Fields"),
    ]
    table = exports.Table("access-log", header, rows)
    return exports.respond(table, request.locality, request.GET.get("format"))


def _export_rows(chunk):
    names = _stakeholder_names(entry.stakeholder_id for entry in chunk)
    for entry in chunk:
        yield [
            timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S"),
            entry.username,
            entry.get_action_display(),
            entry.stakeholder_id,
            names.get(entry.stakeholder_id, ""),
            entry.source,
            entry.fields,
        ]


# Where a row was written, in words, for the pages people open most.
SOURCE_LABELS = {
    "stakeholders:stakeholder_detail": gettext_lazy("Profile"),
    "stakeholders:stakeholder_list": gettext_lazy("Stakeholder register"),
    "stakeholders:stakeholder_create": gettext_lazy("New stakeholder form"),
    "stakeholders:stakeholder_edit": gettext_lazy("Stakeholder form"),
    "stakeholders:stakeholder_history": gettext_lazy("Change history"),
    "stakeholders:stakeholder_privacy_erase": gettext_lazy("Erasure of personal data"),
    "stakeholders:organisation_detail": gettext_lazy("Organisation page"),
    "stakeholders:my_committees": gettext_lazy("My committees"),
    "stakeholders:my_details": gettext_lazy("My contact details"),
    "stakeholders:stakeholder_invite": gettext_lazy("Invite to Kehila"),
    "export:personal-data.xlsx": gettext_lazy("Export of personal data"),
    "export:stakeholders.xlsx": gettext_lazy("Register export (Excel)"),
    "export:stakeholders.csv": gettext_lazy("Register export (CSV)"),
    "export:committees.xlsx": gettext_lazy("Committee members export (Excel)"),
    "export:committees.csv": gettext_lazy("Committee members export (CSV)"),
}


def field_labels(fields):
    """ "phone,email" as the fields' names in the reader's language."""
    labels = []
    for name in filter(None, fields.split(",")):
        try:
            labels.append(str(Stakeholder._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:
            labels.append(name)
    return ", ".join(labels)


def source_label(source):
    if source in SOURCE_LABELS:
        return str(SOURCE_LABELS[source])
    if source.startswith("admin:"):
        return _("Administration")
    if source.startswith("import:"):
        return _("Import from a file")
    return ""
