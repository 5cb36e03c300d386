"""Landing, locality switcher and the account pages around the workspace."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stakeholders import access
from stakeholders.workspace import SESSION_KEY, workspace_localities


@login_required
def home(request):
    """Workspace users start at the dashboard; municipal staff at their own committees."""
    if workspace_localities(request.user):
        return redirect("stakeholders:dashboard")
    if access.own_stakeholder_ids(request.user):
        return redirect("stakeholders:my_committees")
    return render(request, "stakeholders/home.html")


@login_required
@require_POST
def switch_locality(request):
    localities = {str(loc.pk): loc for loc in workspace_localities(request.user)}
    chosen = localities.get(request.POST.get("locality", ""))
    if chosen is None:
        messages.error(request, _("You have no access to that locality."))
    else:
        request.session[SESSION_KEY] = chosen.pk
        messages.success(request, _("You are now working in %(name)s.") % {"name": chosen.name})
    # Back to the start: the page the user was on belongs to the other locality.
    return redirect("stakeholders:home")
