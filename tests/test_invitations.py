"""Inviting a municipal official: a one-time, expiring link to set a password."""

import re
import time
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from stakeholders import invitations
from stakeholders.enums import Role
from stakeholders.models import Invitation, LocalityAccess
from tests.factories import OfficialFactory, StakeholderFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Shalom-Kehila-2026"


@pytest.fixture
def official(locality):
    return OfficialFactory(
        locality=locality, first_name="יוסי", last_name="לוי", email="yossi@city.example"
    )


def invite_url(person):
    return reverse("stakeholders:stakeholder_invite", args=[person.pk])


def send(coordinator_client, person, capture):
    with capture(execute=True):
        return coordinator_client.post(invite_url(person))


def link_in(message):
    return re.search(r"http://testserver(/invitation/[^/\s]+/)", message.body)[1]


def set_password(client, link, password=PASSWORD):
    return client.post(link, {"new_password1": password, "new_password2": password})


def test_a_coordinator_invites_an_official_who_sets_a_password_and_lands_on_their_page(
    coordinator_client, official, mailoutbox, django_capture_on_commit_callbacks, client
):
    assert coordinator_client.get(invite_url(official)).status_code == 200
    response = send(coordinator_client, official, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    user = get_user_model().objects.get(username="yossi@city.example")
    assert not user.has_usable_password()
    grant = LocalityAccess.objects.get(user=user)
    assert (grant.role, grant.stakeholder) == (Role.OFFICIAL, official)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["yossi@city.example"]

    link = link_in(mailoutbox[0])
    coordinator_client.logout()
    page = client.get(link)
    assert page.status_code == 200
    assert "yossi@city.example" in page.content.decode()
    response = set_password(client, link)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert Invitation.objects.get().accepted_at is not None
    # Logged in as the official, who lands on their own committees.
    assert client.get(reverse("stakeholders:home")).url == reverse("stakeholders:my_committees")
    assert client.get(reverse("stakeholders:stakeholder_list")).status_code == 403


def test_the_link_works_once(
    coordinator_client, official, mailoutbox, django_capture_on_commit_callbacks, client
):
    send(coordinator_client, official, django_capture_on_commit_callbacks)
    link = link_in(mailoutbox[0])
    set_password(client, link)
    client.logout()
    again = client.get(link)
    assert again.status_code == 200
    assert again.context["problem"] == "used"
    assert set_password(client, link, "Another-Pass-2026").context["problem"] == "used"
    user = get_user_model().objects.get(username="yossi@city.example")
    assert user.check_password(PASSWORD)


def test_an_expired_link_gets_its_own_page(
    coordinator_client, official, mailoutbox, django_capture_on_commit_callbacks, client, settings
):
    send(coordinator_client, official, django_capture_on_commit_callbacks)
    link = link_in(mailoutbox[0])
    later = time.time() + (settings.INVITATION_MAX_AGE_DAYS + 1) * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.get(link)
        assert response.context["problem"] == "expired"
        set_password(client, link)
    user = get_user_model().objects.get(username="yossi@city.example")
    assert not user.has_usable_password()


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-3] + ("abc" if not token.endswith("abc") else "xyz"),
        lambda token: token[: len(token) // 2],
        lambda token: "x" + token,
        lambda token: "%D7%A9%D7%9C%D7%95%D7%9D",
        lambda token: "a" * 2000,
    ],
)
def test_a_tampered_link_gets_a_clear_page(
    coordinator_client, official, mailoutbox, django_capture_on_commit_callbacks, client, mangle
):
    send(coordinator_client, official, django_capture_on_commit_callbacks)
    token = link_in(mailoutbox[0]).split("/")[2]
    response = client.get(reverse("stakeholders:invitation_accept", args=[mangle(token)]))
    assert response.status_code == 200
    assert response.context["problem"] == "invalid"
    assert "<form" not in response.content.decode().split("<main", 1)[1]


def test_a_newer_invitation_replaces_the_older_link(
    coordinator_client, official, mailoutbox, django_capture_on_commit_callbacks, client
):
    send(coordinator_client, official, django_capture_on_commit_callbacks)
    send(coordinator_client, official, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 2
    assert get_user_model().objects.filter(username="yossi@city.example").count() == 1
    assert client.get(link_in(mailoutbox[0])).context["problem"] == "replaced"
    assert set_password(client, link_in(mailoutbox[1])).status_code == 302


def test_weak_or_mismatched_passwords_are_refused(
    coordinator_client, official, mailoutbox, django_capture_on_commit_callbacks, client
):
    send(coordinator_client, official, django_capture_on_commit_callbacks)
    link = link_in(mailoutbox[0])
    for first, second in [("123", "123"), (PASSWORD, PASSWORD + "x"), ("", "")]:
        response = client.post(link, {"new_password1": first, "new_password2": second})
        assert response.status_code == 200
        assert response.context["form"].errors
    assert Invitation.objects.get().accepted_at is None


@pytest.mark.parametrize(
    ("person", "reason"),
    [
        (lambda loc: StakeholderFactory(locality=loc, email="res@example.org"), "official"),
        (lambda loc: OfficialFactory(locality=loc, email=""), "email"),
    ],
)
def test_only_officials_with_an_email_can_be_invited(
    coordinator_client, locality, mailoutbox, person, reason
):
    someone = person(locality)
    response = coordinator_client.post(invite_url(someone))
    assert response.status_code == 200
    assert response.context["problem"]
    assert not Invitation.objects.exists()
    assert not mailoutbox


def test_an_email_that_already_names_another_login_is_refused(
    coordinator_client, official, mailoutbox
):
    UserFactory(username="yossi@city.example")
    response = coordinator_client.post(invite_url(official))
    assert response.status_code == 200
    assert response.context["problem"]
    assert not Invitation.objects.exists()


def test_a_viewer_or_another_localitys_coordinator_cannot_invite(
    client, viewer, make_user, other_locality, official
):
    client.force_login(viewer)
    assert client.post(invite_url(official)).status_code == 403
    client.force_login(make_user(Role.COORDINATOR, other_locality))
    assert client.post(invite_url(official)).status_code == 404
    assert not Invitation.objects.exists()


def test_the_token_holds_no_personal_data(official, coordinator):
    invitation = invitations.invite(official, by=coordinator, site_url="http://testserver")
    token = invitations.make_token(invitation)
    assert "yossi" not in token and "city" not in token


def test_the_admin_logs_who_opened_an_invitation_with_its_address(client, official, coordinator):
    from stakeholders.models import PersonalDataAccess

    invitation = invitations.invite(official, by=coordinator, site_url="http://testserver")
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    changelist = client.get(reverse("admin:stakeholders_invitation_changelist"))
    assert "yossi@city.example" not in changelist.content.decode()
    page = client.get(reverse("admin:stakeholders_invitation_change", args=[invitation.pk]))
    assert "yossi@city.example" in page.content.decode()
    entry = PersonalDataAccess.objects.get()
    assert (entry.stakeholder_id, entry.user, entry.fields) == (official.pk, admin, "email")
