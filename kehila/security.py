"""Site-wide security plumbing: the Content-Security-Policy header, and the client address
that login throttling (django-axes) counts failures by."""

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Sends settings.SECURE_CSP as the Content-Security-Policy header on every response.

    Django 6.0 has this built in (django.middleware.csp, reading the same setting); until we
    move to it, these lines do the same for a fixed policy without nonces."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.DEBUG and response.status_code >= 400:
            # Django's debug pages (DEBUG on only) style themselves inline; under the policy
            # they would be unreadable.
            return response
        policy = "; ".join(
            f"{directive} {' '.join(sources)}" for directive, sources in settings.SECURE_CSP.items()
        )
        response.headers.setdefault("Content-Security-Policy", policy)
        return response


def client_ip(request):
    """The address a login attempt comes from (AXES_CLIENT_IP_CALLABLE).

    Behind TRUSTED_PROXY_COUNT proxies (load balancers) that each append the address they saw
    to X-Forwarded-For, the client's is that many entries from the right. Entries further left
    come from the client and could be forged to dodge the count, so they are never used."""
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        forwarded = [address.strip() for address in forwarded if address.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
