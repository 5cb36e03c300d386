"""Centres of influence and regional bodies: the list by sector and scope, a profile, add, edit.

Organisation names are not personal data, so the search and filters travel in the address
(unlike the stakeholder register's search). Contact details of the people who represent an
organisation are shown only to the roles that may see them.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from stakeholders import access_log, audit, exports
from stakeholders.forms.organisations import OrganisationFilterForm, OrganisationForm
from stakeholders.models import Organisation, Representation, Sector
from stakeholders.widgets import OrganisationPicker, picker_results
from stakeholders.workspace import get_scoped_object, workspace_view

PAGE_SIZE = 25
# The organisation's page shows its latest changes; the rest are a link away.
CHANGE_HISTORY_LIMIT = 20


def filtered_organisations(request):
    """The locality's organisations under the list's name and scope filters (not sector),
    with the valid filter values; the list and its export share it."""
    organisations = Organisation.objects.visible_to(request.user).in_locality(request.locality)
    filters = OrganisationFilterForm(request.GET)
    # Values that do not validate (an unknown sector in a hand-edited address) are dropped
    # and the form says so; the valid ones still apply.
    filters.is_valid()
    chosen = filters.cleaned_data
    if chosen.get("q"):
        organisations = organisations.filter(name__icontains=chosen["q"])
    if chosen.get("scope"):
        organisations = organisations.filter(scope=chosen["scope"])
    return organisations, filters, chosen


def _in_sector(organisations, chosen):
    if chosen.get("sector"):
        organisations = organisations.filter(sector=chosen["sector"])
    return organisations.annotate(representative_count=Count("representations")).order_by(
        "name", "pk"
    )


@workspace_view
@require_GET
def organisation_list(request):
    organisations, filters, chosen = filtered_organisations(request)
    # How many organisations each sector has under the other filters: one query, and it
    # shows at a glance which sector has no centre of influence mapped yet.
    per_sector = {
        row["sector"]: row["count"]
        for row in organisations.order_by().values("sector").annotate(count=Count("pk"))
    }
    organisations = _in_sector(organisations, chosen)
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))

    query = request.GET.copy()
    query.pop("page", None)
    sector_query = query.copy()
    sector_query.pop("sector", None)
    sectors = []
    for value, label in Sector.choices:
        link = sector_query.copy()
        link["sector"] = value
        sectors.append(
            {
                "value": value,
                "label": label,
                "count": per_sector.get(value, 0),
                "query": link.urlencode(),
                "active": chosen.get("sector") == value,
            }
        )
    return render(
        request,
        "stakeholders/organisation_list.html",
        {
            "filter_form": filters,
            "page": page,
            "organisations": page.object_list,
            "sectors": sectors,
            "all_sectors_query": sector_query.urlencode(),
            "active_sector": chosen.get("sector", ""),
            "query": query.urlencode(),
            "is_filtered": any(chosen.get(name) for name in ("q", "sector", "scope")),
        },
    )


@workspace_view
@require_GET
def organisation_export(request):
    """The organisations under the list's filters, as CSV or Excel."""
    organisations, _filters, chosen = filtered_organisations(request)
    organisations = _in_sector(organisations, chosen)
    table = exports.organisation_table(organisations)
    return exports.respond(table, request.locality, request.GET.get("format"))


@workspace_view
@require_GET
def organisation_lookup(request):
    """Matches for the organisation picker."""
    organisations = Organisation.objects.visible_to(request.user).in_locality(request.locality)
    return picker_results(
        request,
        lambda text: organisations.filter(name__icontains=text).order_by("name", "pk"),
        OrganisationPicker,
    )


@workspace_view
@require_GET
def organisation_detail(request, pk):
    organisation = get_scoped_object(
        request, Organisation.objects.select_related("locality"), pk=pk
    )
    representations = list(
        Representation.objects.visible_to(request.user)
        .filter(organisation=organisation)
        .select_related("stakeholder")
        .order_by("stakeholder__last_name", "stakeholder__first_name", "pk")
    )
    context = {"organisation": organisation, "representations": representations}
    if request.can_see_contacts:
        # The representatives' table shows their phones and emails.
        shown = [link.stakeholder for link in representations]
        access_log.record(
            request,
            [person for person in shown if person.phone or person.email],
            access_log.VIEW,
        )
    if request.can_edit:
        entries, has_more = audit.latest(
            audit.organisation_sources(organisation), CHANGE_HISTORY_LIMIT
        )
        context["change_history"] = {
            "entries": entries,
            "has_more": has_more,
            "url": reverse("stakeholders:organisation_history", args=[organisation.pk]),
        }
    return render(request, "stakeholders/organisation_detail.html", context)


@workspace_view(edit=True)
def organisation_create(request):
    form = OrganisationForm(request.POST or None, locality=request.locality)
    if request.method == "POST" and form.is_valid():
        organisation = form.save()
        messages.success(request, _("%(name)s was added.") % {"name": organisation.name})
        return redirect("stakeholders:organisation_detail", pk=organisation.pk)
    return render(request, "stakeholders/organisation_form.html", {"form": form})


@workspace_view
def organisation_edit(request, pk):
    organisation = get_scoped_object(
        request, Organisation.objects.select_related("locality"), pk=pk, edit=True
    )
    # The form writes what was typed into the instance even when it does not validate; the
    # page title and breadcrumbs keep the saved name.
    saved_name = organisation.name
    form = OrganisationForm(request.POST or None, instance=organisation, locality=request.locality)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The details were saved."))
        return redirect("stakeholders:organisation_detail", pk=organisation.pk)
    return render(
        request,
        "stakeholders/organisation_form.html",
        {"form": form, "organisation": organisation, "saved_name": saved_name},
    )
