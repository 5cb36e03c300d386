"""The coordinators' workspace: which locality a request works in, and who may do what there.

A user may work in several localities; the one they work in now is kept in the session and
switched from the navigation. Lists show the current locality only. An object opened by its
address is looked up among everything the user may see, and the workspace follows it to its
locality, so a link from another locality's colleague still works for someone with access.
"""

import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from stakeholders import access
from stakeholders.models import Locality
from stakeholders.selectors import seat_requests

SESSION_KEY = "kehila_locality_id"


def workspace_localities(user):
    """Localities the user works in with a locality-wide role (staff-only users have none)."""
    localities = Locality.objects.order_by("name")
    if access.sees_everything(user):
        return list(localities)
    return list(localities.filter(pk__in=access.locality_ids(user, access.LOCALITY_WIDE_ROLES)))


def _set_locality(request, locality):
    request.locality = locality
    request.can_edit = access.can_edit(request.user, locality)
    request.can_see_contacts = access.can_see_contact_details(request.user, locality)
    if request.session.get(SESSION_KEY) != locality.pk:
        request.session[SESSION_KEY] = locality.pk


def workspace_view(view=None, *, edit=False):
    """Login, a locality to work in, and (with edit=True) the right to change its records.

    Users without a locality-wide role (municipal staff, users with no role) get 403.
    """

    def decorator(view_func):
        @login_required
        @functools.wraps(view_func)
        def wrapper(request, *args, **kwargs):
            localities = workspace_localities(request.user)
            if not localities:
                raise PermissionDenied
            chosen = request.session.get(SESSION_KEY)
            locality = next((loc for loc in localities if loc.pk == chosen), None)
            if locality is None:
                # First visit: start where the user works, not where they only read.
                editable = [loc for loc in localities if access.can_edit(request.user, loc)]
                locality = (editable or localities)[0]
            request.localities = localities
            _set_locality(request, locality)
            if edit and not request.can_edit:
                raise PermissionDenied
            return view_func(request, *args, **kwargs)

        wrapper.workspace_edit = edit
        return wrapper

    if view is not None:
        return decorator(view)
    return decorator


def get_scoped_object(request, queryset, *, edit=False, **lookup):
    """The object if the user may see it (404 otherwise), with the workspace moved to it.

    With edit=True the user must also be allowed to change records in its locality (403).
    """
    obj = get_object_or_404(queryset.visible_to(request.user), **lookup)
    locality = _locality_of(obj)
    if locality.pk != request.locality.pk:
        if locality not in request.localities:
            # Visible only through a staff role elsewhere: not a workspace object for them.
            raise PermissionDenied
        _set_locality(request, locality)
    if edit and not request.can_edit:
        raise PermissionDenied
    return obj


def _locality_of(obj):
    path = type(obj).objects.all().locality_lookup.split("__")
    for step in path:
        obj = getattr(obj, step)
    return obj


# Which navigation item a page belongs to, by the start of its URL name.
NAV_SECTIONS = [
    ("stakeholder_", "register"),
    ("organisation_", "organisations"),
    ("committee_", "committees"),
    ("membership_", "committees"),
    ("past_process_", "history"),
    ("relationship_", "relationships"),
    ("followup_", "followups"),
    ("seat_request_", "seat_requests"),
    ("dashboard", "dashboard"),
    ("access_log", "access_log"),
]


def workspace_context(request):
    """Template variables for the navigation: current locality, switcher, permissions."""
    match = getattr(request, "resolver_match", None)
    # Unnamed patterns (the admin's catch-all) have no name: their 404 page must render too.
    url_name = (match.url_name if match else "") or ""
    return {
        "nav_section": next((s for prefix, s in NAV_SECTIONS if url_name.startswith(prefix)), ""),
        "current_locality": getattr(request, "locality", None),
        "workspace_localities": getattr(request, "localities", ()),
        "can_edit": getattr(request, "can_edit", False),
        "can_see_contacts": getattr(request, "can_see_contacts", False),
        # The locality's administrators read its access log of personal data.
        "can_administer": bool(
            getattr(request, "locality", None)
            and access.has_role(request.user, request.locality, [access.Role.ADMIN])
        ),
        "pending_seat_requests": _pending_seat_requests(request),
    }


def _pending_seat_requests(request):
    """The number beside "Staff requests" in the navigation and on the dashboard.

    Only those who decide requests (the /requests/ page's own permission) see it, and for
    them it is counted when a page first shows it (templates call a callable): an htmx
    fragment without the navigation costs no query, and nobody else ever does.
    """
    if not getattr(request, "can_edit", False):
        return 0
    return functools.cache(
        lambda: seat_requests.pending_count(user=request.user, locality=request.locality)
    )
