"""PDF documents (minutes, status reports) drawn from an HTML template by WeasyPrint.

The PDF is built on the server from the same context a page uses, so a printed report and
the page never disagree. WeasyPrint fetches nothing from the network: the only resources it
may read are our own static files, looked up through the staticfiles finders (the font and
the print style sheet), so a template cannot make the server fetch a URL.
"""

import mimetypes
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import get_language_bidi

PDF_TYPE = "application/pdf"


def _static_fetcher():
    """WeasyPrint's URL fetcher, limited to files the staticfiles finders know."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            return URLFetcherResponse(url, static_file(url), {"Content-Type": _type(url)})

    return StaticFetcher()


def static_file(url):
    """The bytes of a `static:/path` URL, from the staticfiles finders; anything else fails."""
    prefix = "static:"
    name = url.removeprefix(prefix).lstrip("/")
    if not url.startswith(prefix) or ".." in name.split("/"):
        raise ValueError(f"PDF resources must be static files, not {url[:60]!r}")
    path = finders.find(name)
    if not path:
        raise ValueError(f"No static file {url[:60]!r}")
    return Path(path).read_bytes()


def _type(url):
    return mimetypes.guess_type(url.removeprefix("static:"))[0] or "application/octet-stream"


def render_pdf(template_name, context, *, request=None):
    """The PDF (bytes) of `template_name`, a template that extends `pdf/base.html`."""
    html = render_to_string(
        template_name, {"bidi": get_language_bidi(), **context}, request=request
    )
    return html_to_pdf(html)


def html_to_pdf(html):
    """The PDF (bytes) of a whole HTML document whose resources are `static:/...` URLs."""
    # Imported here: WeasyPrint loads Pango on import, which only PDF requests need.
    from weasyprint import HTML

    return HTML(string=html, base_url="static:/", url_fetcher=_static_fetcher()).write_pdf()
