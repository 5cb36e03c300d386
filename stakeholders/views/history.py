"""What the guide asks coordinators to learn before enlisting anyone, and what to do next.

The locality's history (earlier similar processes and the people they "burned"), the
relationships between people and bodies (some of them sensitive), and each coordinator's own
follow-ups.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stakeholders.forms.history import (
    BurnNoteForm,
    PastProcessForm,
    RelationshipEditForm,
    RelationshipForm,
)
from stakeholders.models import BurnedStakeholder, FollowUp, PastProcess, Relationship
from stakeholders.selectors import follow_ups
from stakeholders.workspace import get_scoped_object, workspace_view

PAGE_SIZE = 25
# How far back "recently done" follow-ups reach.
RECENTLY_DONE_DAYS = 30

# --- Locality history ----------------------------------------------------------------------


@workspace_view
def past_process_list(request):
    processes = (
        PastProcess.objects.visible_to(request.user)
        .in_locality(request.locality)
        .prefetch_related(
            Prefetch(
                "burns",
                queryset=BurnedStakeholder.objects.select_related("stakeholder").order_by(
                    "stakeholder__last_name", "stakeholder__first_name", "pk"
                ),
            )
        )
    )
    return render(request, "stakeholders/past_process_list.html", {"processes": processes})


@workspace_view(edit=True)
def past_process_create(request):
    form = PastProcessForm(request.POST or None, locality=request.locality)
    if request.method == "POST" and form.is_valid():
        process = form.save()
        messages.success(request, _("%(name)s was added to the history.") % {"name": process.name})
        return redirect("stakeholders:past_process_list")
    return render(request, "stakeholders/past_process_form.html", {"form": form})


@workspace_view
def past_process_edit(request, pk):
    process = get_scoped_object(request, PastProcess.objects, pk=pk, edit=True)
    form = PastProcessForm(request.POST or None, instance=process, locality=request.locality)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The details were saved."))
        return redirect("stakeholders:past_process_list")
    return render(
        request, "stakeholders/past_process_form.html", {"form": form, "process": process}
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def past_process_delete(request, pk):
    process = get_scoped_object(request, PastProcess.objects, pk=pk, edit=True)
    if request.method == "POST":
        process.delete()
        messages.success(request, _("%(name)s was deleted.") % {"name": process.name})
        return redirect("stakeholders:past_process_list")
    return render(
        request,
        "stakeholders/past_process_confirm_delete.html",
        {"process": process, "burned_count": process.burns.count()},
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def burn_note_edit(request, pk):
    """How a person was burned by an earlier process, written from the process list or the
    person's profile, and back to the page it came from."""
    burn = get_scoped_object(
        request,
        BurnedStakeholder.objects.select_related("process", "stakeholder"),
        pk=pk,
        edit=True,
    )
    back = _on_this_site(request, request.POST.get("next") or request.GET.get("next")) or reverse(
        "stakeholders:past_process_list"
    )
    form = BurnNoteForm(request.POST or None, instance=burn)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The note was saved."))
        return redirect(back)
    return render(
        request, "stakeholders/burn_note_form.html", {"form": form, "burn": burn, "back": back}
    )


def _on_this_site(request, address):
    """The address if it leads to this site (a `next` must never send anyone elsewhere)."""
    if address and url_has_allowed_host_and_scheme(
        address, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return address
    return None


# --- Relationships -------------------------------------------------------------------------


@workspace_view
def relationship_list(request):
    relationships = _relationships().visible_to(request.user).in_locality(request.locality)
    kind = request.GET.get("kind", "")
    if kind not in Relationship.Kind.values:
        kind = ""
    if kind:
        relationships = relationships.filter(kind=kind)
    # Applied for everyone; for a viewer it simply finds nothing, as viewers see no
    # sensitive relationship at all.
    sensitive_only = request.GET.get("sensitive") == "1"
    if sensitive_only:
        relationships = relationships.sensitive()
    page = Paginator(relationships, PAGE_SIZE).get_page(request.GET.get("page"))
    query_without_page = request.GET.copy()
    query_without_page.pop("page", None)
    return render(
        request,
        "stakeholders/relationship_list.html",
        {
            "page": page,
            "kinds": Relationship.Kind.choices,
            "kind": kind,
            "sensitive_only": sensitive_only,
            "is_filtered": bool(kind or sensitive_only),
            "query": query_without_page.urlencode(),
        },
    )


def _relationships():
    """Relationships with both sides, as their pages show them."""
    return Relationship.objects.select_related(
        "from_stakeholder", "to_stakeholder", "from_organisation", "to_organisation"
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def relationship_create(request):
    if not request.can_edit:
        raise PermissionDenied
    form = RelationshipForm(request.POST or None, locality=request.locality)
    if request.method == "POST" and form.is_valid():
        form.save(by=request.user)
        messages.success(request, _("The relationship was added."))
        return redirect("stakeholders:relationship_list")
    return render(request, "stakeholders/relationship_form.html", {"form": form})


@workspace_view
@require_http_methods(["GET", "POST"])
def relationship_edit(request, pk):
    relationship = get_scoped_object(request, _relationships(), pk=pk, edit=True)
    form = RelationshipEditForm(request.POST or None, instance=relationship)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The relationship was saved."))
        return redirect("stakeholders:relationship_list")
    return render(
        request,
        "stakeholders/relationship_form.html",
        {"form": form, "relationship": relationship},
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def relationship_delete(request, pk):
    relationship = get_scoped_object(request, _relationships(), pk=pk, edit=True)
    if request.method == "POST":
        relationship.delete()
        messages.success(request, _("The relationship was deleted."))
        return redirect("stakeholders:relationship_list")
    return render(
        request, "stakeholders/relationship_confirm_delete.html", {"relationship": relationship}
    )


# --- My follow-ups -------------------------------------------------------------------------


def _follow_up_counts(request):
    """How many of the user's follow-ups in the current locality are open, and overdue."""
    return (
        FollowUp.objects.visible_to(request.user)
        .in_locality(request.locality)
        .open()
        .filter(owner=request.user)
        .aggregate(
            open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=timezone.localdate()))
        )
    )


@workspace_view(edit=True)
def followup_list(request):
    show_done = request.GET.get("show") == "done"
    follow_ups = (
        FollowUp.objects.visible_to(request.user)
        .in_locality(request.locality)
        .filter(owner=request.user)
        .select_related("stakeholder")
    )
    if show_done:
        since = timezone.now() - datetime.timedelta(days=RECENTLY_DONE_DAYS)
        follow_ups = follow_ups.filter(done_at__gte=since).order_by("-done_at", "-pk")
    else:
        # Every overdue date is earlier than every date still to come, so the earliest due
        # date first puts the overdue ones at the top.
        follow_ups = follow_ups.open().order_by("due_date", "pk")
    page = Paginator(follow_ups, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "stakeholders/followup_list.html",
        {
            "page": page,
            "show_done": show_done,
            "counts": _follow_up_counts(request),
            "recently_done_days": RECENTLY_DONE_DAYS,
        },
    )


@workspace_view
@require_POST
def followup_done(request, pk):
    """Mark a follow-up done, from "my follow-ups", the profile or the dashboard.

    In place (htmx), the part of the page it was clicked in is redrawn, so that the follow-up
    moves to the done ones; without JavaScript, back to the page it came from.
    """
    follow_up = get_scoped_object(request, FollowUp.objects.select_related("stakeholder"), pk=pk)
    # The owner may close their own follow-up even if they no longer edit the locality.
    if follow_up.owner_id != request.user.pk and not request.can_edit:
        raise PermissionDenied
    if follow_up.done_at is None:
        follow_up.mark_done()
    messages.success(request, _("Marked as done: %(task)s") % {"task": follow_up.description})
    if request.htmx:
        return render(
            request,
            "stakeholders/includes/_followup_done.html",
            _redrawn_in_place(request, follow_up),
        )
    return redirect(_page_it_came_from(request))


def _redrawn_in_place(request, follow_up):
    """What the htmx answer redraws: the block the button asked for (its HX-Target), or on
    "my follow-ups" nothing in the row's place and the refreshed counts."""
    target = request.htmx.target
    if target == "profile-followups":
        listed = follow_ups.of_person(user=request.user, person=follow_up.stakeholder)
        return {"part": "stakeholders/includes/_profile_followups.html", "follow_ups": listed}
    if target == "dashboard-followups" and request.can_edit:
        overdue = follow_ups.overdue_in(user=request.user, locality=request.locality)
        return {"part": "stakeholders/includes/_dashboard_followups.html", "overdue": overdue}
    return {"counts": _follow_up_counts(request)}


def _page_it_came_from(request):
    """The `next` the form sent, else the page that sent it, if either is on this site."""
    return (
        _on_this_site(request, request.POST.get("next"))
        or _on_this_site(request, request.headers.get("referer"))
        or reverse("stakeholders:followup_list")
    )
