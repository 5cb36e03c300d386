"""The locality's relationships: who is tied to whom, and which ties are sensitive."""

import pytest
from django.urls import reverse

from stakeholders.enums import Role
from stakeholders.models import Relationship, Stakeholder
from tests.conftest import logged_in
from tests.factories import (
    OfficialFactory,
    OrganisationFactory,
    RelationshipFactory,
    StakeholderFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("stakeholders:relationship_list")


def delete_url(relationship):
    return reverse("stakeholders:relationship_delete", args=[relationship.pk])


def listed(response):
    """The relationships on the page, in order."""
    return list(response.context["page"].object_list)


# --- Who may do what -----------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client, locality):
    relationship = RelationshipFactory(locality=locality)
    for url in [LIST_URL, delete_url(relationship)]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_municipal_staff_and_users_without_a_role_cannot_open_the_list(client, make_user, locality):
    staff = make_user(Role.OFFICIAL, locality, stakeholder=OfficialFactory(locality=locality))
    assert logged_in(client, staff).get(LIST_URL).status_code == 403
    assert logged_in(client, UserFactory()).get(LIST_URL).status_code == 403


def test_a_viewer_sees_ordinary_relationships_but_never_sensitive_ones(client, viewer, locality):
    ordinary = RelationshipFactory(locality=locality, sensitive=False, note="שכנים טובים")
    secret = RelationshipFactory(locality=locality, sensitive=True, note="סכסוך ישן")
    response = logged_in(client, viewer).get(LIST_URL)
    assert response.status_code == 200
    assert listed(response) == [ordinary]
    content = response.content.decode()
    assert "שכנים טובים" in content
    assert "סכסוך ישן" not in content
    assert f'id="relationship-{secret.pk}"' not in content
    assert delete_url(ordinary) not in content


def test_the_sensitive_filter_shows_a_viewer_nothing(client, viewer, locality):
    RelationshipFactory(locality=locality, sensitive=False)
    RelationshipFactory(locality=locality, sensitive=True, note="סכסוך ישן")
    response = logged_in(client, viewer).get(LIST_URL, {"sensitive": "1"})
    assert response.status_code == 200
    assert listed(response) == []
    assert response.context["page"].paginator.count == 0
    assert "סכסוך ישן" not in response.content.decode()


def test_a_viewer_cannot_delete_a_relationship(client, viewer, locality):
    relationship = RelationshipFactory(locality=locality, sensitive=False)
    client = logged_in(client, viewer)
    assert client.get(delete_url(relationship)).status_code == 403
    assert client.post(delete_url(relationship)).status_code == 403
    assert Relationship.objects.filter(pk=relationship.pk).exists()


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMIN])
def test_coordinators_and_admins_see_sensitive_relationships_marked_as_such(
    client, make_user, locality, role
):
    user = make_user(role, locality)
    ordinary = RelationshipFactory(locality=locality, sensitive=False)
    secret = RelationshipFactory(locality=locality, sensitive=True)
    response = logged_in(client, user).get(LIST_URL)
    assert response.status_code == 200
    assert set(listed(response)) == {ordinary, secret}
    content = response.content.decode()
    row = content[content.index(f'id="relationship-{secret.pk}"') :].split("</tr>")[0]
    assert "badge" in row
    assert delete_url(secret) in content


# --- The list ------------------------------------------------------------------------------


def test_each_row_links_people_to_their_profiles_and_names_organisations(
    client, coordinator, locality
):
    person = StakeholderFactory(locality=locality, first_name="נחמה")
    organisation = OrganisationFactory(locality=locality, name="מתנ״ס הדר")
    relationship = RelationshipFactory(
        locality=locality,
        from_stakeholder=person,
        to_stakeholder=None,
        to_organisation=organisation,
        kind=Relationship.Kind.WORKS_WITH,
        note="מתנדבת ותיקה",
    )
    content = logged_in(client, coordinator).get(LIST_URL).content.decode()
    row = content[content.index(f'id="relationship-{relationship.pk}"') :].split("</tr>")[0]
    assert reverse("stakeholders:stakeholder_detail", args=[person.pk]) in row
    assert "נחמה" in row
    assert "מתנ״ס הדר" in row
    assert "מתנדבת ותיקה" in row


def test_the_list_filters_by_kind(client, coordinator, locality):
    tension = RelationshipFactory(locality=locality, kind=Relationship.Kind.TENSION)
    RelationshipFactory(locality=locality, kind=Relationship.Kind.ALLY)
    response = logged_in(client, coordinator).get(LIST_URL, {"kind": "tension"})
    assert listed(response) == [tension]
    assert response.context["is_filtered"]


def test_an_unknown_kind_is_ignored(client, coordinator, locality):
    RelationshipFactory.create_batch(2, locality=locality)
    response = logged_in(client, coordinator).get(LIST_URL, {"kind": "nonsense"})
    assert response.status_code == 200
    assert len(listed(response)) == 2
    assert not response.context["is_filtered"]


def test_the_sensitive_filter_shows_a_coordinator_only_sensitive_ones(
    client, coordinator, locality
):
    RelationshipFactory(locality=locality, sensitive=False)
    secret = RelationshipFactory(locality=locality, sensitive=True, kind=Relationship.Kind.FAMILY)
    RelationshipFactory(locality=locality, sensitive=True, kind=Relationship.Kind.ALLY)
    client = logged_in(client, coordinator)
    assert len(listed(client.get(LIST_URL, {"sensitive": "1"}))) == 2
    assert listed(client.get(LIST_URL, {"sensitive": "1", "kind": "family"})) == [secret]


def test_another_localitys_relationships_are_never_listed(
    client, coordinator, locality, other_locality
):
    ours = RelationshipFactory(locality=locality)
    RelationshipFactory(locality=other_locality, sensitive=False, note="של השכנים")
    RelationshipFactory(locality=other_locality, sensitive=True, note="סוד של השכנים")
    response = logged_in(client, coordinator).get(LIST_URL)
    assert listed(response) == [ours]
    assert "השכנים" not in response.content.decode()


def test_the_list_is_paginated_by_25_and_counts_every_result(client, coordinator, locality):
    RelationshipFactory.create_batch(30, locality=locality, kind=Relationship.Kind.ALLY)
    client = logged_in(client, coordinator)
    first = client.get(LIST_URL, {"kind": "ally"})
    assert len(listed(first)) == 25
    assert first.context["page"].paginator.count == 30
    assert "30" in first.content.decode()
    # The next page keeps the filter.
    assert "kind=ally&amp;page=2" in first.content.decode()
    second = client.get(LIST_URL, {"kind": "ally", "page": "2"})
    assert len(listed(second)) == 5
    assert not set(listed(first)) & set(listed(second))


def test_an_empty_list_points_to_the_register(client, coordinator, locality):
    response = logged_in(client, coordinator).get(LIST_URL)
    assert response.status_code == 200
    assert listed(response) == []
    assert reverse("stakeholders:stakeholder_list") in response.content.decode()


def test_the_list_costs_the_same_number_of_queries_however_long_it_is(
    client, coordinator, locality, count_queries
):
    client = logged_in(client, coordinator)

    def add_relationships(count):
        # Sensitive ties between people and ties between organisations alternate, so that
        # both ends of both kinds are rendered.
        for n in range(count):
            if n % 2:
                RelationshipFactory(locality=locality, sensitive=True)
            else:
                RelationshipFactory(
                    locality=locality,
                    from_stakeholder=None,
                    from_organisation=OrganisationFactory(locality=locality),
                    to_stakeholder=None,
                    to_organisation=OrganisationFactory(locality=locality),
                )

    add_relationships(2)
    small = count_queries(lambda: client.get(LIST_URL))
    # A full page of 25, every row rendered.
    add_relationships(23)
    large = count_queries(lambda: client.get(LIST_URL))
    assert large == small
    response = client.get(LIST_URL)
    assert len(listed(response)) == 25


# --- Deleting ------------------------------------------------------------------------------


def test_deleting_asks_for_confirmation_first(client, coordinator, locality):
    relationship = RelationshipFactory(locality=locality, note="לבדוק לפני מחיקה")
    response = logged_in(client, coordinator).get(delete_url(relationship))
    assert response.status_code == 200
    assert "לבדוק לפני מחיקה" in response.content.decode()
    assert Relationship.objects.filter(pk=relationship.pk).exists()


def test_deleting_removes_the_relationship_and_returns_to_the_list(client, coordinator, locality):
    relationship = RelationshipFactory(locality=locality, sensitive=True)
    response = logged_in(client, coordinator).post(delete_url(relationship))
    assert response.status_code == 302
    assert response.url == LIST_URL
    assert not Relationship.objects.filter(pk=relationship.pk).exists()
    # The people stay.
    assert Stakeholder.objects.count() == 2


def test_another_localitys_relationship_cannot_be_deleted(client, coordinator, other_locality):
    relationship = RelationshipFactory(locality=other_locality)
    client = logged_in(client, coordinator)
    assert client.get(delete_url(relationship)).status_code == 404
    assert client.post(delete_url(relationship)).status_code == 404
    assert Relationship.objects.filter(pk=relationship.pk).exists()
