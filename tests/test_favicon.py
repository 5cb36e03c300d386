"""The site's icon: linked from every page (ours and Django admin's), and /favicon.ico, which
browsers ask for anyway, answers with it instead of a 404 on every page."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse

pytestmark = pytest.mark.django_db


def icon_link():
    return f'<link rel="icon" href="{static("favicon.svg")}" type="image/svg+xml">'


def test_favicon_ico_leads_to_the_icon_for_anyone(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == static("favicon.svg")
    icon = finders.find("favicon.svg")
    assert icon and Path(icon).read_text(encoding="utf-8").startswith("<svg")


def test_our_pages_and_the_admins_link_the_icon(client, coordinator, locality_admin):
    assert icon_link() in client.get(reverse("login")).content.decode()
    assert icon_link() in client.get(reverse("admin:login")).content.decode()
    client.force_login(coordinator)
    assert icon_link() in client.get(reverse("stakeholders:dashboard")).content.decode()
    client.force_login(locality_admin)
    for name in (
        "admin:index",
        "admin:stakeholders_stakeholder_changelist",
        "admin:stakeholders_stakeholder_add",
    ):
        page = client.get(reverse(name)).content.decode()
        assert icon_link() in page, name
        assert static("css/admin.css") in page, name
