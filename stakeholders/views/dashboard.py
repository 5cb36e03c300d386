"""The dashboard: passive versus active consent, and where to act next."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stakeholders import access
from stakeholders.enums import Role
from stakeholders.forms.dashboard import TargetForm
from stakeholders.selectors import dashboard
from stakeholders.workspace import workspace_view

DEFAULT_NO_CONTACT_DAYS = 30


def _no_contact_days(request):
    try:
        days = int(request.GET.get("days", DEFAULT_NO_CONTACT_DAYS))
    except ValueError:
        return DEFAULT_NO_CONTACT_DAYS
    return min(max(days, 1), 3650)


@workspace_view
def dashboard_view(request):
    administered = [
        locality
        for locality in request.localities
        if access.has_role(request.user, locality, [Role.ADMIN])
    ]
    context = dashboard.build(
        user=request.user,
        locality=request.locality,
        user_can_see_sensitive=access.can_see_sensitive(request.user, request.locality),
        no_contact_days=_no_contact_days(request),
        admin_localities=administered,
    )
    if request.can_edit:
        context["target_form"] = TargetForm(instance=request.locality)
    context["chart_data"] = _chart_data(context)
    return render(request, "stakeholders/dashboard.html", context)


def _chart_data(context):
    """The figures the charts draw; the same figures are in the page's tables."""
    headline = context["headline"]
    return {
        "consent": [
            {"level": level, "label": str(label), "count": count}
            for level, label, count in context["overall"].rows()
        ],
        "trend": [
            {"label": week["week_end"].strftime("%-d.%-m"), "share": week["share"]}
            for week in headline.trend
        ],
        "target": headline.target,
        "labels": {
            "share": _("Officials with active consent (%)"),
            "target": _("Target (%)"),
        },
    }


@workspace_view(edit=True)
@require_POST
def dashboard_target(request):
    form = TargetForm(request.POST, instance=request.locality)
    if form.is_valid():
        form.save()
        messages.success(request, _("The target was saved."))
    else:
        messages.error(request, _("The target must be a whole number between 1 and 100."))
    return redirect("stakeholders:dashboard")
