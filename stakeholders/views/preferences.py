"""A user's own preferences: the interface language (Hebrew or Arabic)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stakeholders.models import UserPreference


@login_required
@require_POST
def set_language(request):
    """Save the language on the user (not the session), so it follows them to every login."""
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("stakeholders:home")
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        messages.error(request, _("That language is not available."))
        return HttpResponseRedirect(next_url)

    UserPreference.objects.update_or_create(user=request.user, defaults={"language": language})
    with translation.override(language):
        messages.success(request, _("The interface language has been changed."))
    # Not redirect(): it would take a `next` without a slash for the name of a view.
    response = HttpResponseRedirect(next_url)
    # The cookie only keeps the login page in the same language after logging out; once
    # logged in, the saved preference decides (stakeholders.middleware).
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
