"""Pages anyone may read, logged in or not."""

import datetime

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

# When the site was last checked against IS 5568; change it with each review.
ACCESSIBILITY_REVIEWED_ON = datetime.date(2026, 11, 27)


@require_GET
def accessibility(request):
    """The accessibility statement that Israeli law asks every public-facing service for."""
    return render(
        request,
        "stakeholders/accessibility.html",
        {
            "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
            "reviewed_on": ACCESSIBILITY_REVIEWED_ON,
        },
    )


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links to: send them to our icon rather
    than a 404 in every log. Not permanent: the icon's hashed static name changes with it."""
    return redirect(static("favicon.svg"))


@never_cache
@require_GET
def health(request):
    """For a load balancer or a monitor: 200 when this process can reach its database, 503
    when it cannot. Says nothing else (no version, no counts), so it may stay public."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
