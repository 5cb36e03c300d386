"""The accessibility statement (הצהרת נגישות) that IS 5568 asks for: open to everyone, linked
from every page, naming the contact for accessibility requests."""

from django.urls import reverse

from stakeholders.views.pages import ACCESSIBILITY_REVIEWED_ON

STATEMENT_URL = reverse("stakeholders:accessibility")


def test_anyone_may_read_the_statement_without_logging_in(client, db):
    response = client.get(STATEMENT_URL)
    assert response.status_code == 200
    assert response.templates[0].name == "stakeholders/accessibility.html"


def test_the_statement_names_the_contact_from_the_settings_and_the_review_date(
    client, db, settings
):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "negishut@example.org"
    content = client.get(STATEMENT_URL).content.decode()
    assert 'href="mailto:negishut@example.org"' in content
    assert f'datetime="{ACCESSIBILITY_REVIEWED_ON:%Y-%m-%d}"' in content
    assert "5568" in content and "WCAG" in content


def test_every_page_links_to_the_statement_from_its_footer(client, coordinator):
    login_page = client.get(reverse("login")).content.decode()
    footer = login_page[login_page.index("<footer") :]
    assert f'href="{STATEMENT_URL}"' in footer
    client.force_login(coordinator)
    dashboard = client.get(reverse("stakeholders:dashboard")).content.decode()
    assert f'href="{STATEMENT_URL}"' in dashboard[dashboard.index("<footer") :]


def test_the_statement_accepts_only_reading(client):
    assert client.post(STATEMENT_URL).status_code == 405
