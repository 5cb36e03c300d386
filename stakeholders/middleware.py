"""The interface language: Hebrew unless the user chose Arabic.

LocaleMiddleware runs before the user is known and would follow the browser's
Accept-Language; this middleware runs right after AuthenticationMiddleware and decides
instead. A logged-in user gets the language saved on their account (UserPreference), so the
choice follows them to any device and across logins; without one, Hebrew. An anonymous
visitor gets Hebrew unless they chose otherwise through Django's language cookie (which
Django's own set_language view and ours both write), so the login page matches the choice.
"""

from django.conf import settings
from django.utils import translation

_CACHE_ATTRIBUTE = "_kehila_language"


def saved_language(user):
    """The user's saved interface language, or "" if none: read once per user object."""
    if not getattr(user, "is_authenticated", False):
        return ""
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        from stakeholders.models import UserPreference

        # One row at most (one-to-one), so no ORDER BY: a plain indexed lookup.
        saved = UserPreference.objects.filter(user=user).values_list("language", flat=True)[:1]
        cached = next(iter(saved), "")
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def _supported(code):
    return code if code in dict(settings.LANGUAGES) else ""


class UserLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            language = _supported(saved_language(request.user))
        else:
            language = _supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""))
        translation.activate(language or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
