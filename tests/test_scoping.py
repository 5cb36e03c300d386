"""A user of locality A never sees locality B's records, whatever their role."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stakeholders.access import Role, can_edit, can_see_contact_details, forget_grants
from stakeholders.models import (
    BurnedStakeholder,
    Committee,
    ConsentChange,
    FollowUp,
    Interaction,
    Locality,
    LocalityAccess,
    Membership,
    Organisation,
    PastProcess,
    Relationship,
    Representation,
    Stakeholder,
)
from tests.factories import (
    BurnedStakeholderFactory,
    ConsentChangeFactory,
    FollowUpFactory,
    InteractionFactory,
    LocalityAccessFactory,
    MembershipFactory,
    OfficialFactory,
    PastProcessFactory,
    RelationshipFactory,
    RepresentationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SCOPED_MODELS = [
    Stakeholder,
    Organisation,
    Representation,
    ConsentChange,
    Committee,
    Membership,
    Relationship,
    PastProcess,
    BurnedStakeholder,
    Interaction,
    FollowUp,
    LocalityAccess,
]


def populate(locality):
    """One record of every kind in the locality; returns the official with a seat."""
    official = OfficialFactory(locality=locality)
    RepresentationFactory(stakeholder__locality=locality)
    ConsentChangeFactory(stakeholder=official)
    MembershipFactory(committee__locality=locality, stakeholder=official)
    RelationshipFactory(locality=locality, sensitive=False)
    RelationshipFactory(locality=locality, sensitive=True)
    BurnedStakeholderFactory(process=PastProcessFactory(locality=locality))
    InteractionFactory(stakeholder=official)
    FollowUpFactory(stakeholder=official)
    LocalityAccessFactory(locality=locality, role=Role.VIEWER)
    return official


def localities_seen(model, user):
    lookup = model.objects.all().locality_lookup
    return set(model.objects.visible_to(user).values_list(lookup, flat=True))


@pytest.fixture
def two_localities(locality, other_locality):
    return populate(locality), populate(other_locality)


@pytest.mark.parametrize("role", [Role.ADMIN, Role.COORDINATOR, Role.VIEWER])
@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m.__name__)
def test_a_locality_wide_role_sees_only_its_own_locality(
    model, role, make_user, locality, other_locality, two_localities
):
    user = make_user(role, locality)
    seen = localities_seen(model, user)
    assert seen <= {locality.pk}
    assert other_locality.pk not in seen
    if not (model is Relationship and role == Role.VIEWER):
        assert seen == {locality.pk}


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m.__name__)
def test_a_user_with_no_role_sees_nothing(model, two_localities):
    assert not model.objects.visible_to(UserFactory()).exists()
    assert not model.objects.visible_to(AnonymousUser()).exists()


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m.__name__)
def test_a_superuser_sees_every_locality(model, locality, other_locality, two_localities):
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert localities_seen(model, admin) == {locality.pk, other_locality.pk}


def test_municipal_staff_see_only_themselves_their_seats_and_their_localitys_bodies(
    make_user, locality, other_locality, two_localities
):
    official, _ = two_localities
    staff = make_user(Role.OFFICIAL, locality, stakeholder=official)

    assert list(Stakeholder.objects.visible_to(staff)) == [official]
    assert list(Membership.objects.visible_to(staff)) == list(official.memberships.all())
    assert set(Committee.objects.visible_to(staff)) == set(Committee.objects.in_locality(locality))
    for model in [
        Organisation,
        Representation,
        ConsentChange,
        Relationship,
        PastProcess,
        BurnedStakeholder,
        Interaction,
        FollowUp,
    ]:
        assert not model.objects.visible_to(staff).exists(), model
    assert list(Locality.objects.visible_to(staff)) == [locality]


def test_a_viewer_does_not_see_sensitive_relationships(viewer, coordinator, locality):
    RelationshipFactory(locality=locality, sensitive=True)
    ordinary = RelationshipFactory(locality=locality, sensitive=False)
    assert list(Relationship.objects.visible_to(viewer)) == [ordinary]
    assert Relationship.objects.visible_to(coordinator).count() == 2


def test_a_user_with_roles_in_two_localities_sees_both(make_user, locality, other_locality):
    populate(locality)
    populate(other_locality)
    user = make_user(Role.COORDINATOR, locality)
    LocalityAccess.objects.create(user=user, locality=other_locality, role=Role.VIEWER)
    forget_grants(user)
    assert localities_seen(Stakeholder, user) == {locality.pk, other_locality.pk}
    assert can_edit(user, locality) is True
    assert can_edit(user, other_locality) is False


def test_only_admins_and_coordinators_edit_and_see_contact_details(
    make_user, locality, other_locality
):
    for role, allowed in [
        (Role.ADMIN, True),
        (Role.COORDINATOR, True),
        (Role.VIEWER, False),
        (Role.OFFICIAL, False),
    ]:
        user = make_user(role, locality, stakeholder=OfficialFactory(locality=locality))
        assert can_edit(user, locality) is allowed
        assert can_see_contact_details(user, locality) is allowed
        assert can_edit(user, other_locality) is False


def test_roles_are_read_once_per_user_object(coordinator):
    def queries_to_scope(models):
        forget_grants(coordinator)  # each count starts from a user object that read nothing
        with CaptureQueriesContext(connection) as captured:
            for model in models:
                model.objects.visible_to(coordinator)
        return len(captured)

    # Scoping every model costs what scoping the first one does: the others reuse its grants.
    assert queries_to_scope(SCOPED_MODELS) == queries_to_scope(SCOPED_MODELS[:1])


def test_administered_by_is_only_the_admin_role(locality_admin, coordinator, locality):
    populate(locality)
    assert Stakeholder.objects.administered_by(locality_admin).exists()
    assert not Stakeholder.objects.administered_by(coordinator).exists()
    assert list(Locality.objects.administered_by(locality_admin)) == [locality]
