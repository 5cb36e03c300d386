"""Committees and task teams: who sits on them, in which role, and which sectors are missing.

The guide counts a seat as active consent, so members are added through
`services.membership_add`. Seats are closed, never deleted: a closed seat stays as the body's
history. A seat whose term has ended but that nobody closed is flagged, because a member who
left silently is a hole in the body (see DOMAIN.md, lessons from comparable tools).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, Exists, OuterRef, Q, Value, When
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from stakeholders import access_log, audit, exports
from stakeholders.enums import SeatRole
from stakeholders.forms.committees import (
    CommitteeForm,
    MemberForm,
    MembershipCloseForm,
    MembershipRoleForm,
)
from stakeholders.models import Committee, Membership, Stakeholder
from stakeholders.selectors import coverage
from stakeholders.widgets import parse_id
from stakeholders.workspace import get_scoped_object, workspace_view

# The body's page shows its latest seat changes; the rest are a link away.
CHANGE_HISTORY_LIMIT = 20

KIND_ORDER = Case(
    When(kind=Committee.Kind.STEERING, then=Value(0)),
    When(kind=Committee.Kind.COMMITTEE, then=Value(1)),
    default=Value(2),
)
ROLE_ORDER = {role: rank for rank, role in enumerate(SeatRole.values)}


def _role_form(membership, data=None):
    form = MembershipRoleForm(data, instance=membership, prefix=f"membership-{membership.pk}")
    _compact(form)
    return form


def _close_form(membership, data=None):
    return MembershipCloseForm(data, membership=membership, prefix=f"close-{membership.pk}")


def _compact(form):
    """Small Bootstrap controls for the forms that sit inside a table row."""
    for field in form.fields.values():
        css = (
            "form-select" if getattr(field.widget, "input_type", "") == "select" else "form-control"
        )
        field.widget.attrs["class"] = f"{css} {css}-sm"


def _latest_changes(sources, url):
    """The latest entries of a change history for an object's page, and the whole one's URL."""
    entries, has_more = audit.latest(sources, CHANGE_HISTORY_LIMIT)
    return {"entries": entries, "has_more": has_more, "url": url}


def _row_context(request, membership, *, role_form=None, saved=False):
    context = {
        "membership": membership,
        "group_label": coverage.member_group_label(membership.stakeholder),
        "term_status": membership.term_status(timezone.localdate()),
        "saved": saved,
    }
    if request.can_edit and membership.is_current:
        if role_form is not None:
            # A rejected change: mark the fields for assistive technology and the eye.
            for name in role_form.errors:
                if name in role_form.fields:
                    widget = role_form.fields[name].widget
                    widget.attrs["class"] += " is-invalid"
                    widget.attrs["aria-invalid"] = "true"
        context["role_form"] = role_form or _role_form(membership)
        context["close_form"] = _close_form(membership)
        _compact(context["close_form"])
    return context


# --- Bodies --------------------------------------------------------------------------------


@workspace_view
@require_GET
def committee_list(request):
    today = timezone.localdate()
    current_seat = Q(memberships__end_date__isnull=True)
    committees = list(
        Committee.objects.visible_to(request.user)
        .in_locality(request.locality)
        .select_related("parent")
        .annotate(
            kind_order=KIND_ORDER,
            member_count=Count("memberships", filter=current_seat),
            overdue_count=Count(
                "memberships", filter=current_seat & Q(memberships__term_end_date__lt=today)
            ),
        )
        .order_by("kind_order", "name", "pk")
    )
    # One grouped query for the groups of every body's current members.
    bodies = coverage.body_coverage(
        Membership.objects.visible_to(request.user)
        .current()
        .filter(committee__locality=request.locality)
    )
    for committee in committees:
        committee.groups = coverage.coverage_for(bodies, committee).summary
    return render(request, "stakeholders/committee_list.html", {"committees": committees})


@workspace_view
@require_GET
def committee_export(request):
    """Every body with its members (current and past), or one body with `?committee=`."""
    seats = Membership.objects.visible_to(request.user).filter(committee__locality=request.locality)
    committee = request.GET.get("committee", "")
    if committee.isdigit():
        # An id that cannot be one (None) is a body that does not exist: no rows.
        seats = seats.filter(committee_id=parse_id(committee))
    table = exports.committee_members_table(seats, with_contacts=request.can_see_contacts)
    if request.can_see_contacts:
        # Before the file streams: a download cut off halfway has still disclosed rows.
        access_log.record(
            request,
            Stakeholder.objects.filter(pk__in=seats.values("stakeholder_id")).filter(
                access_log.has_contacts()
            ),
            access_log.EXPORT,
            access_log.export_source("committees", request.GET.get("format")),
        )
    return exports.respond(table, request.locality, request.GET.get("format"))


@workspace_view
@require_GET
def committee_detail(request, pk):
    committee = get_scoped_object(
        request, Committee.objects.select_related("parent", "locality"), pk=pk
    )
    today = timezone.localdate()
    seats = list(
        Membership.objects.visible_to(request.user)
        .filter(committee=committee)
        .select_related("stakeholder")
    )
    current = sorted(
        (seat for seat in seats if seat.is_current),
        key=lambda seat: (
            ROLE_ORDER.get(seat.role, len(ROLE_ORDER)),
            seat.stakeholder.last_name,
            seat.stakeholder.first_name,
            seat.pk,
        ),
    )
    past = sorted(
        (seat for seat in seats if not seat.is_current),
        key=lambda seat: (seat.end_date, seat.pk),
        reverse=True,
    )

    role_groups = []
    for seat in current:
        row = _row_context(request, seat)
        if not role_groups or role_groups[-1]["role"] != seat.role:
            role_groups.append({"role": seat.role, "label": seat.get_role_display(), "rows": []})
        role_groups[-1]["rows"].append(row)
    for seat in past:
        seat.group_label = coverage.member_group_label(seat.stakeholder)
    body = coverage.Coverage(committee.pk)
    for seat in current:
        body.add(seat.stakeholder.kind, seat.stakeholder.sector)

    task_teams = committee.task_teams.annotate(
        member_count=Count("memberships", filter=Q(memberships__end_date__isnull=True))
    ).order_by("name", "pk")
    context = {
        "committee": committee,
        "role_groups": role_groups,
        "current_count": len(current),
        "past": past,
        "task_teams": task_teams,
        "groups": body.summary,
        "missing_groups": body.missing,
        "ended_count": sum(1 for seat in current if seat.term_status(today) == "ended"),
    }
    if request.can_edit:
        context["change_history"] = _latest_changes(
            audit.committee_sources(committee),
            reverse("stakeholders:committee_history", args=[committee.pk]),
        )
        # Rendering the picker needs no candidates (it searches through the lookup view);
        # committee_add_member validates against the real ones.
        context["member_form"] = MemberForm(
            committee=committee, candidates=Stakeholder.objects.none()
        )
    return render(request, "stakeholders/committee_detail.html", context)


@workspace_view(edit=True)
def committee_create(request):
    initial = {}
    parent = parse_id(request.GET.get("parent", ""))
    if parent is not None:
        # "Add a task team" from a committee's page.
        initial = {"parent": parent, "kind": Committee.Kind.TASK_TEAM}
    form = CommitteeForm(request.POST or None, locality=request.locality, initial=initial)
    if request.method == "POST" and form.is_valid():
        committee = form.save()
        messages.success(request, _("%(name)s was added.") % {"name": committee.name})
        return redirect("stakeholders:committee_detail", pk=committee.pk)
    return render(request, "stakeholders/committee_form.html", {"form": form})


@workspace_view
def committee_edit(request, pk):
    committee = get_scoped_object(
        request, Committee.objects.select_related("locality"), pk=pk, edit=True
    )
    # An invalid form writes what was typed into the instance; the title keeps the saved name.
    saved_name = committee.name
    form = CommitteeForm(request.POST or None, instance=committee, locality=request.locality)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The details were saved."))
        return redirect("stakeholders:committee_detail", pk=committee.pk)
    return render(
        request,
        "stakeholders/committee_form.html",
        {"form": form, "committee": committee, "saved_name": saved_name},
    )


# --- Seats ---------------------------------------------------------------------------------


@workspace_view
def committee_add_member(request, pk):
    committee = get_scoped_object(
        request, Committee.objects.select_related("locality"), pk=pk, edit=True
    )
    sitting = Membership.objects.current().filter(committee=committee, stakeholder=OuterRef("pk"))
    candidates = (
        Stakeholder.objects.visible_to(request.user)
        .in_locality(committee.locality)
        .filter(~Exists(sitting))
    )
    form = MemberForm(request.POST or None, committee=committee, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            membership = form.save(by=request.user)
        except ValidationError as error:
            # Another coordinator seated the same person a moment ago.
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _("%(name)s was added to %(body)s and recorded as active consent.")
                % {"name": membership.stakeholder.full_name, "body": committee.name},
            )
            return redirect("stakeholders:committee_detail", pk=committee.pk)
    return render(
        request, "stakeholders/committee_add_member.html", {"form": form, "committee": committee}
    )


def _seat(request, pk):
    return get_scoped_object(
        request,
        Membership.objects.select_related("committee__locality", "stakeholder"),
        pk=pk,
        edit=True,
    )


def _back_to_body(membership):
    url = reverse("stakeholders:committee_detail", args=[membership.committee_id])
    return redirect(f"{url}#membership-{membership.pk}")


@workspace_view
@require_POST
def membership_role(request, pk):
    """Change a seat's role or term: the table row in place (htmx) or a redirect back."""
    membership = _seat(request, pk)
    if not membership.is_current:
        messages.error(request, _("This seat is closed; its history cannot be changed."))
        return _back_to_body(membership)
    form = _role_form(membership, request.POST)
    if form.is_valid():
        form.save()
        if request.htmx:
            return render(
                request,
                "stakeholders/includes/_committee_member_row.html",
                _row_context(request, membership, saved=True),
            )
        messages.success(
            request,
            _("The role of %(name)s was saved.") % {"name": membership.stakeholder.full_name},
        )
        return _back_to_body(membership)
    # The instance now holds the rejected values; show the row as it is stored.
    membership.refresh_from_db(fields=["role", "term_end_date"])
    if request.htmx:
        return render(
            request,
            "stakeholders/includes/_committee_member_row.html",
            _row_context(request, membership, role_form=form),
        )
    return render(
        request,
        "stakeholders/committee_membership_role.html",
        {"membership": membership, "form": form},
    )


@workspace_view
def membership_close(request, pk):
    """Close a seat with the date the person left. A GET asks for confirmation first."""
    membership = _seat(request, pk)
    if not membership.is_current:
        messages.error(request, _("This seat is already closed."))
        return _back_to_body(membership)
    form = _close_form(membership, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            _("The seat of %(name)s on %(body)s was closed; it stays in the body's history.")
            % {"name": membership.stakeholder.full_name, "body": membership.committee.name},
        )
        return _back_to_body(membership)
    return render(
        request,
        "stakeholders/committee_membership_close.html",
        {"membership": membership, "form": form},
    )
