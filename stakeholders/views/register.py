"""The stakeholder register: list, search, filters, export, profile and its actions."""

import secrets

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from stakeholders import access_log, audit, exports
from stakeholders.filters import SORTS
from stakeholders.forms.committees import SeatForm
from stakeholders.forms.history import RelationshipForm
from stakeholders.forms.register import ConsentForm, InteractionForm, StakeholderForm
from stakeholders.models import (
    ConsentChange,
    Interaction,
    Membership,
    Relationship,
    Stakeholder,
)
from stakeholders.selectors import follow_ups
from stakeholders.selectors.register import register_filter
from stakeholders.widgets import MAX_SEARCH_LENGTH, PersonPicker, picker_results
from stakeholders.workspace import get_scoped_object, workspace_view

PAGE_SIZE = 25
# The profile shows the latest changes; the rest are a link away (a page of their own).
PROFILE_HISTORY_LIMIT = 20
SEARCHES_KEY = "kehila_register_searches"
MAX_REMEMBERED_SEARCHES = 20


# --- Search without personal data in the address -------------------------------------------
#
# Coordinators search by phone number or email, which are personal data and must not appear
# in URLs (and so in server logs or browser history). The search box posts its text; the
# session keeps it under a random token, and the address carries only the token.


def remember_search(request, text):
    searches = request.session.get(SEARCHES_KEY, {})
    token = secrets.token_urlsafe(6)
    searches[token] = text
    while len(searches) > MAX_REMEMBERED_SEARCHES:
        searches.pop(next(iter(searches)))
    request.session[SEARCHES_KEY] = searches
    return token


def recall_search(request):
    return request.session.get(SEARCHES_KEY, {}).get(request.GET.get("s", ""), "")


def register_queryset(request, text):
    """The register of the current locality, with the columns the list and export show."""
    filterset = register_filter(
        request.GET,
        user=request.user,
        locality=request.locality,
        text=text,
        contacts=request.can_see_contacts,
    )
    return filterset, filterset.qs


@workspace_view
def stakeholder_list(request):
    if request.method == "POST":
        params = request.POST.copy()
        for name in ("csrfmiddlewaretoken", "page", "s"):
            params.pop(name, None)
        text = params.pop("q", [""])[-1].strip()[:MAX_SEARCH_LENGTH]
        if text:
            params["s"] = remember_search(request, text)
        query = params.urlencode()
        return redirect(reverse("stakeholders:stakeholder_list") + (f"?{query}" if query else ""))

    text = recall_search(request)
    filterset, stakeholders = register_queryset(request, text)
    page = Paginator(stakeholders, PAGE_SIZE).get_page(request.GET.get("page"))
    people = list(page.object_list.prefetch_related(exports.organisations_prefetch()))
    if request.can_see_contacts:
        # The list's phone column: one row per person shown with a number, in one insert.
        shown = [person for person in people if person.phone]
        access_log.record(request, shown, access_log.VIEW, fields=["phone"])
    query_without_page = request.GET.copy()
    query_without_page.pop("page", None)
    query_without_organisation = query_without_page.copy()
    query_without_organisation.pop("organisation", None)
    return render(
        request,
        "stakeholders/stakeholder_list.html",
        {
            "filter": filterset,
            "page": page,
            "people": people,
            "search_text": text,
            "query": query_without_page.urlencode(),
            "query_without_organisation": query_without_organisation.urlencode(),
            "is_filtered": bool(text) or any(k != "sort" for k in query_without_page),
        },
    )


@workspace_view
@require_GET
def stakeholder_export(request):
    """The filtered register as CSV (UTF-8 with BOM, for Excel) or as an Excel workbook."""
    _filterset, stakeholders = register_queryset(request, recall_search(request))
    table = exports.stakeholder_table(stakeholders, with_contacts=request.can_see_contacts)
    if request.can_see_contacts:
        # Before the file streams: a download cut off halfway has still disclosed rows.
        access_log.record(
            request,
            stakeholders.filter(access_log.has_contacts()),
            access_log.EXPORT,
            access_log.export_source("stakeholders", request.GET.get("format")),
        )
    return exports.respond(table, request.locality, request.GET.get("format"))


@workspace_view
@require_GET
def consent_history_export(request):
    """The consent history of the people in the filtered register."""
    _filterset, stakeholders = register_queryset(request, recall_search(request))
    changes = ConsentChange.objects.visible_to(request.user).filter(
        stakeholder__in=stakeholders.values("pk")
    )
    table = exports.consent_history_table(changes)
    return exports.respond(table, request.locality, request.GET.get("format"))


@workspace_view(edit=True)
def stakeholder_create(request):
    kind = request.GET.get("kind", "")
    if request.method != "POST" and kind not in Stakeholder.Kind.values:
        # The kind comes first: it decides which fields the form asks for, with or without
        # JavaScript.
        return render(
            request, "stakeholders/stakeholder_kind_choice.html", {"kinds": Stakeholder.Kind}
        )
    form = StakeholderForm(request.POST or None, locality=request.locality, kind=kind)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            person = form.save(by=request.user)
            access_log.record_change(request, person, ("", ""))
        messages.success(request, _("%(name)s was added.") % {"name": person.full_name})
        return redirect("stakeholders:stakeholder_detail", pk=person.pk)
    return render(request, "stakeholders/stakeholder_form.html", {"form": form})


@workspace_view
def stakeholder_edit(request, pk):
    person = get_scoped_object(request, Stakeholder.objects, pk=pk, edit=True)
    # The form writes what was typed into the instance as it validates.
    contacts_before = access_log.contacts_of(person)
    form = StakeholderForm(request.POST or None, instance=person, locality=request.locality)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save(by=request.user)
            access_log.record_change(request, person, contacts_before)
        messages.success(request, _("The details were saved."))
        return redirect("stakeholders:stakeholder_detail", pk=person.pk)
    if request.method == "GET" and any(contacts_before):
        access_log.record(request, person, access_log.VIEW, fields=access_log.filled_fields(person))
    return render(request, "stakeholders/stakeholder_form.html", {"form": form, "person": person})


# --- Profile -------------------------------------------------------------------------------


def _profile_context(request, person, **bound_forms):
    """Everything the profile shows; unbound action forms unless a bound one is given."""
    user = request.user
    relationships = (
        Relationship.objects.visible_to(user)
        .touching(person)
        .select_related(
            "from_stakeholder", "to_stakeholder", "from_organisation", "to_organisation"
        )
    )
    context = {
        "person": person,
        "consent_changes": ConsentChange.objects.filter(stakeholder=person).select_related(
            "changed_by", "membership__committee"
        ),
        "seats": Membership.objects.filter(stakeholder=person)
        .select_related("committee")
        .order_by("end_date", "-start_date"),
        "representations": person.representations.select_related("organisation"),
        "relationships": relationships,
        "burns": person.burns.select_related("process"),
        "interactions": Interaction.objects.filter(stakeholder=person)
        .select_related("recorded_by")
        .prefetch_related("follow_ups")[:20],
        "interaction_count": Interaction.objects.filter(stakeholder=person).count(),
        "follow_ups": follow_ups.of_person(user=user, person=person),
    }
    if request.can_edit:
        entries, has_more = audit.latest(audit.stakeholder_sources(person), PROFILE_HISTORY_LIMIT)
        context["change_history"] = {
            "entries": entries,
            "has_more": has_more,
            "url": reverse("stakeholders:stakeholder_history", args=[person.pk]),
        }
        context.update(
            consent_form=bound_forms.get("consent_form") or ConsentForm(),
            interaction_form=bound_forms.get("interaction_form")
            or InteractionForm(locality=request.locality, user=user),
            seat_form=bound_forms.get("seat_form")
            or SeatForm(locality=request.locality, stakeholder=person),
            relationship_form=bound_forms.get("relationship_form")
            or RelationshipForm(stakeholder=person),
        )
    return context


@workspace_view
def stakeholder_detail(request, pk):
    person = get_scoped_object(
        request, Stakeholder.objects.select_related("locality", "created_by"), pk=pk
    )
    context = _profile_context(request, person)
    _record_profile_view(request, person, context)
    return render(request, "stakeholders/stakeholder_detail.html", context)


def _record_profile_view(request, person, context):
    """The profile shows the phone and email to the roles that see contacts, and their past
    values in the change history: logged before the page is rendered, so that it stays
    logged even if rendering fails."""
    if not request.can_see_contacts:
        return
    history = context.get("change_history", {}).get("entries", [])
    shown = sorted(
        set(access_log.filled_fields(person))
        | set(audit.fields_shown(history, access_log.CONTACT_FIELDS))
    )
    if shown:
        access_log.record(request, person, access_log.VIEW, fields=shown)


def _profile_action(request, pk, form_name, make_form, success_message, title):
    """One of the profile's actions: in place through htmx, or as a page of its own.

    A valid post records the change and answers with the refreshed profile body (htmx) or a
    redirect to the profile. An invalid one shows the form again with its errors.
    """
    person = get_scoped_object(
        request, Stakeholder.objects.select_related("locality"), pk=pk, edit=True
    )
    form = make_form(request, person)
    if request.method == "POST" and form.is_valid():
        form.save(stakeholder=person, by=request.user)
        messages.success(request, success_message)
        person.refresh_from_db()
        if request.htmx:
            context = _profile_context(request, person)
            _record_profile_view(request, person, context)
            return render(request, "stakeholders/includes/_profile_body.html", context)
        return redirect("stakeholders:stakeholder_detail", pk=person.pk)
    if request.htmx and request.method == "POST":
        context = _profile_context(request, person, **{form_name: form})
        _record_profile_view(request, person, context)
        return render(request, "stakeholders/includes/_profile_body.html", context)
    return render(
        request,
        "stakeholders/stakeholder_action.html",
        {"person": person, "form": form, "title": title},
    )


@workspace_view
def stakeholder_consent(request, pk):
    return _profile_action(
        request,
        pk,
        "consent_form",
        lambda request, person: ConsentForm(request.POST or None),
        _("The consent change was recorded."),
        _("Record a consent change"),
    )


@workspace_view
def stakeholder_interaction(request, pk):
    return _profile_action(
        request,
        pk,
        "interaction_form",
        lambda request, person: InteractionForm(
            request.POST or None, locality=request.locality, user=request.user
        ),
        _("The interaction was logged."),
        _("Log an interaction"),
    )


@workspace_view
def stakeholder_seat(request, pk):
    return _profile_action(
        request,
        pk,
        "seat_form",
        lambda request, person: SeatForm(
            request.POST or None, locality=request.locality, stakeholder=person
        ),
        _("The seat was added and recorded as active consent."),
        _("Add to a committee or task team"),
    )


@workspace_view
def stakeholder_relationship(request, pk):
    return _profile_action(
        request,
        pk,
        "relationship_form",
        lambda request, person: RelationshipForm(request.POST or None, stakeholder=person),
        _("The relationship was added."),
        _("Add a relationship"),
    )


@workspace_view
@require_GET
def stakeholder_lookup(request):
    """Matches for the person picker: names and organisations only, never contact details."""
    people = Stakeholder.objects.visible_to(request.user).in_locality(request.locality)
    return picker_results(
        request,
        lambda text: people.search(text, contacts=False).order_by(*SORTS["name"]),
        PersonPicker,
    )
