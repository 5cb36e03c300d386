"""Municipal staff's own pages, the coordinators' queue of their requests, and invitations.

A municipal official logs in to see and update their own seats, never anyone else's record:
every object here is looked up among the seats and records that are the user themself
(`access.own_stakeholder_ids`), and anything else answers 404.
"""

import functools

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from stakeholders import access, access_log, invitations, services
from stakeholders.enums import SeatRole
from stakeholders.forms.selfservice import (
    MyContactDetailsForm,
    MySeatForm,
    SeatRequestDecisionForm,
    SeatRequestNoteForm,
)
from stakeholders.models import Committee, Invitation, Membership, SeatRequest, Stakeholder
from stakeholders.reminders import language_of
from stakeholders.selectors import seat_requests
from stakeholders.workspace import get_scoped_object, workspace_view

DECIDED_SHOWN = 20
PAGE_SIZE = 25


def staff_view(view_func):
    """Login, and a municipal staff role linked to the user's own stakeholder record."""

    @login_required
    @functools.wraps(view_func)
    def wrapper(request, *args, **kwargs):
        request.own_ids = access.own_stakeholder_ids(request.user)
        if not request.own_ids:
            raise PermissionDenied
        return view_func(request, *args, **kwargs)

    return wrapper


def _own_seat(request, pk, *, current=True):
    seats = Membership.objects.filter(stakeholder__in=request.own_ids)
    if current:
        seats = seats.current()
    return get_object_or_404(seats.select_related("committee", "stakeholder"), pk=pk)


# --- The official's own pages ----------------------------------------------------------------


@staff_view
def my_committees(request):
    people = list(Stakeholder.objects.filter(pk__in=request.own_ids).select_related("locality"))
    seats = list(
        Membership.objects.filter(stakeholder__in=request.own_ids)
        .select_related("committee", "committee__parent")
        .order_by("end_date", "committee__name")
    )
    requests_made = list(
        SeatRequest.objects.filter(stakeholder__in=request.own_ids)
        .select_related("committee")
        .order_by("-created_at", "-pk")[: DECIDED_SHOWN + 10]
    )
    # Teams the official neither sits on nor has asked to join (both known from above).
    taken = {(s.stakeholder_id, s.committee_id) for s in seats if s.is_current} | {
        (r.stakeholder_id, r.committee_id) for r in requests_made if r.is_pending
    }
    person_in = {person.locality_id: person for person in people}
    teams = Committee.objects.open_to_requests().filter(locality__in=person_in).order_by("name")
    open_teams = [
        (person_in[team.locality_id], team)
        for team in teams
        if (person_in[team.locality_id].pk, team.pk) not in taken
    ]
    # The page shows the official their own phone and email: that, too, is recorded.
    access_log.record(request, people, access_log.VIEW)
    return render(
        request,
        "stakeholders/my_committees.html",
        {
            "people": people,
            "current_seats": [s for s in seats if s.is_current],
            "past_seats": [s for s in seats if not s.is_current],
            "pending": [r for r in requests_made if r.is_pending],
            "decided": [r for r in requests_made if not r.is_pending][:DECIDED_SHOWN],
            "open_teams": open_teams,
        },
    )


@staff_view
@require_http_methods(["GET", "POST"])
def my_seat(request, pk):
    seat = _own_seat(request, pk)
    form = MySeatForm(request.POST if request.method == "POST" else None, instance=seat)
    if request.method == "POST" and form.is_valid():
        try:
            seat_request = form.save(by=request.user)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            if seat_request:
                messages.success(
                    request,
                    _("Your request to become chair was sent to the coordinators."),
                )
            else:
                messages.success(request, _("Your seat was updated."))
            return redirect("stakeholders:my_committees")
    return render(request, "stakeholders/my_seat_form.html", {"form": form, "seat": seat})


@staff_view
@require_http_methods(["GET", "POST"])
def my_seat_leave(request, pk):
    seat = _own_seat(request, pk)
    form = SeatRequestNoteForm(request.POST if request.method == "POST" else None)
    sent = _send_request(
        request,
        form,
        _("Your request to leave was sent to the coordinators."),
        stakeholder=seat.stakeholder,
        committee=seat.committee,
        membership=seat,
        kind=SeatRequest.Kind.LEAVE,
    )
    if sent:
        return redirect("stakeholders:my_committees")
    return render(request, "stakeholders/my_seat_leave.html", {"form": form, "seat": seat})


@staff_view
@require_http_methods(["GET", "POST"])
def my_team_join(request, pk):
    people = Stakeholder.objects.filter(pk__in=request.own_ids)
    team = get_object_or_404(
        Committee.objects.open_to_requests().filter(locality__in=people.values("locality")),
        pk=pk,
    )
    person = people.get(locality_id=team.locality_id)
    form = SeatRequestNoteForm(request.POST if request.method == "POST" else None)
    sent = _send_request(
        request,
        form,
        _("Your request to join %(name)s was sent to the coordinators.") % {"name": team.name},
        stakeholder=person,
        committee=team,
        kind=SeatRequest.Kind.JOIN,
        role=SeatRole.MEMBER,
    )
    if sent:
        return redirect("stakeholders:my_committees")
    return render(request, "stakeholders/my_team_join.html", {"form": form, "team": team})


def _send_request(request, form, success_message, **request_fields):
    """Open the request the posted form asks for; False (with the form's errors) if not."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        services.seat_request_open(
            note=form.cleaned_data["note"], by=request.user, **request_fields
        )
    except ValidationError as error:
        form.add_error(None, error.messages)
        return False
    messages.success(request, success_message)
    return True


@staff_view
@require_POST
def my_request_withdraw(request, pk):
    seat_request = get_object_or_404(
        SeatRequest.objects.filter(stakeholder__in=request.own_ids), pk=pk
    )
    try:
        services.seat_request_withdraw(seat_request=seat_request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your request was withdrawn."))
    return redirect("stakeholders:my_committees")


@staff_view
@require_http_methods(["GET", "POST"])
def my_details(request, pk):
    person = get_object_or_404(Stakeholder.objects.filter(pk__in=request.own_ids), pk=pk)
    # The form writes what was typed into the instance as it validates.
    contacts_before = access_log.contacts_of(person)
    form = MyContactDetailsForm(request.POST if request.method == "POST" else None, instance=person)
    if request.method == "POST" and form.is_valid():
        if form.has_changed():
            with transaction.atomic():
                form.save()
                access_log.record_change(request, person, contacts_before)
        messages.success(request, _("Your contact details were saved."))
        return redirect("stakeholders:my_committees")
    access_log.record(request, person, access_log.VIEW)
    return render(request, "stakeholders/my_details_form.html", {"form": form, "person": person})


# --- The coordinators' queue -----------------------------------------------------------------


@workspace_view(edit=True)
def seat_request_list(request):
    requests_here = (
        SeatRequest.objects.visible_to(request.user)
        .in_locality(request.locality)
        .select_related("stakeholder", "committee", "membership", "decided_by")
    )
    pending = (
        seat_requests.pending(user=request.user, locality=request.locality)
        .select_related("stakeholder", "committee", "membership")
        .order_by("created_at", "pk")
    )
    page = Paginator(pending, PAGE_SIZE).get_page(request.GET.get("page"))
    decided = requests_here.exclude(status=SeatRequest.Status.PENDING).order_by(
        "-decided_at", "-created_at", "-pk"
    )[:DECIDED_SHOWN]
    return render(
        request,
        "stakeholders/seat_request_list.html",
        {"page": page, "decided": decided, "decision_form": SeatRequestDecisionForm()},
    )


@workspace_view
@require_POST
def seat_request_decide(request, pk):
    seat_request = get_scoped_object(
        request,
        SeatRequest.objects.select_related("stakeholder", "committee", "membership"),
        pk=pk,
        edit=True,
    )
    form = SeatRequestDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to approve or decline the request."))
        return redirect("stakeholders:seat_request_list")
    approve = form.cleaned_data["decision"] == "approve"
    try:
        seat_request = services.seat_request_decide(
            seat_request=seat_request,
            approve=approve,
            by=request.user,
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("stakeholders:seat_request_list")
    _tell_the_requester(seat_request)
    if approve:
        messages.success(request, _("The request was approved and the seat updated."))
    else:
        messages.success(request, _("The request was declined."))
    return redirect("stakeholders:seat_request_list")


def _tell_the_requester(seat_request):
    person = seat_request.stakeholder
    if not person.email:
        return
    # The official's chosen language, if they have a login with a preference.
    login = person.logins.select_related("user__preference").first()
    with override(language_of(login.user if login else None)):
        message = EmailMessage(
            subject=_("Your request about %(name)s") % {"name": seat_request.committee.name},
            body=render_to_string("emails/seat_request_decided.txt", {"request": seat_request}),
            to=[person.email],
        )
    transaction.on_commit(lambda: message.send(fail_silently=True))


# --- Invitations -----------------------------------------------------------------------------


@workspace_view
@require_http_methods(["GET", "POST"])
def stakeholder_invite(request, pk):
    person = get_scoped_object(request, Stakeholder.objects, pk=pk, edit=True)
    problem = invitations.can_invite(person)
    if request.method == "POST" and not problem:
        try:
            invitations.invite(person, by=request.user, site_url=request.build_absolute_uri("/"))
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            messages.success(
                request,
                _("An invitation was sent to %(email)s.") % {"email": person.email},
            )
            return redirect(person)
    # The page shows the email the invitation goes to.
    access_log.record(request, person, access_log.VIEW, fields=["email"])
    latest = Invitation.objects.filter(stakeholder=person).select_related("invited_by").first()
    return render(
        request,
        "stakeholders/stakeholder_invite.html",
        {"person": person, "problem": problem, "latest": latest},
    )


@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    invitation, problem = invitations.check_token(token)
    if problem:
        return render(
            request,
            "stakeholders/invitation_problem.html",
            {"problem": problem.value, "days": invitations.max_age().days},
        )
    form = SetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = invitations.accept(invitation, form.cleaned_data["new_password1"])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your password was set. Welcome to Kehila."))
        return redirect("stakeholders:home")
    return render(
        request, "stakeholders/invitation_accept.html", {"form": form, "invitation": invitation}
    )
