"""factory-boy factories for every model, with Hebrew Faker data."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from stakeholders import imports, services
from stakeholders.enums import Role, SeatRole
from stakeholders.models import (
    BurnedStakeholder,
    Committee,
    ConsentChange,
    ConsentLevel,
    FollowUp,
    ImportBatch,
    Interaction,
    Locality,
    LocalityAccess,
    Membership,
    Organisation,
    PastProcess,
    Relationship,
    Representation,
    Sector,
    Stakeholder,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="he_IL")
    last_name = factory.Faker("last_name", locale="he_IL")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("kehila-test-password")


class LocalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Locality

    name = factory.Sequence(lambda n: f"{['קריית', 'נווה', 'גבעת', 'מעלה'][n % 4]} {n}")
    slug = factory.Sequence(lambda n: f"locality-{n}")
    district = "צפון"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    locality = factory.SubFactory(LocalityFactory)
    name = factory.Sequence(lambda n: f"עמותת {n}")
    sector = Sector.SOCIAL
    scope = Organisation.Scope.LOCAL


def _phone(n):
    # 050-2xxxxxx mobile numbers are valid Israeli numbers; unique per sequence value.
    return f"+97250{2000000 + n}"


class StakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stakeholder

    locality = factory.SubFactory(LocalityFactory)
    kind = Stakeholder.Kind.RESIDENT
    first_name = factory.Faker("first_name", locale="he_IL")
    last_name = factory.Faker("last_name", locale="he_IL")
    phone = factory.Sequence(_phone)
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    community = factory.Faker("city", locale="he_IL")


class OfficialFactory(StakeholderFactory):
    kind = Stakeholder.Kind.OFFICIAL
    sector = Sector.PUBLIC
    division = "אגף החינוך"
    department = "מחלקת גני ילדים"
    position = Stakeholder.Position.DEPARTMENT_HEAD
    job_title = "מנהלת מחלקה"
    community = ""


class InfluenceCentreRepresentativeFactory(StakeholderFactory):
    kind = Stakeholder.Kind.INFLUENCE_CENTRE
    sector = Sector.BUSINESS
    influence_level = 4
    influence_basis = Stakeholder.InfluenceBasis.POSITION
    community = ""


class RegionalBodyRepresentativeFactory(StakeholderFactory):
    kind = Stakeholder.Kind.REGIONAL_BODY
    sector = Sector.PUBLIC
    community = ""


class LocalityAccessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalityAccess

    user = factory.SubFactory(UserFactory)
    locality = factory.SubFactory(LocalityFactory)
    role = Role.COORDINATOR


class RepresentationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Representation

    stakeholder = factory.SubFactory(InfluenceCentreRepresentativeFactory)
    organisation = factory.SubFactory(
        OrganisationFactory, locality=factory.SelfAttribute("..stakeholder.locality")
    )
    role = "מנכ״ל"


class ConsentChangeFactory(factory.django.DjangoModelFactory):
    """A raw history row; tests of behaviour use Stakeholder.change_consent instead."""

    class Meta:
        model = ConsentChange

    stakeholder = factory.SubFactory(StakeholderFactory)
    old_level = ConsentLevel.UNKNOWN
    new_level = ConsentLevel.PASSIVE
    note = factory.Faker("sentence", locale="he_IL")


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    locality = factory.SubFactory(LocalityFactory)
    name = factory.Sequence(lambda n: f"ועדת חינוך {n}")
    kind = Committee.Kind.COMMITTEE


class TaskTeamFactory(CommitteeFactory):
    name = factory.Sequence(lambda n: f"צוות משימה {n}")
    kind = Committee.Kind.TASK_TEAM


class MembershipFactory(factory.django.DjangoModelFactory):
    """A raw seat; tests of behaviour use services.membership_add instead."""

    class Meta:
        model = Membership

    committee = factory.SubFactory(CommitteeFactory)
    stakeholder = factory.SubFactory(
        StakeholderFactory, locality=factory.SelfAttribute("..committee.locality")
    )
    role = SeatRole.MEMBER
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relationship

    locality = factory.SubFactory(LocalityFactory)
    from_stakeholder = factory.SubFactory(
        StakeholderFactory, locality=factory.SelfAttribute("..locality")
    )
    to_stakeholder = factory.SubFactory(
        StakeholderFactory, locality=factory.SelfAttribute("..locality")
    )
    kind = Relationship.Kind.TENSION
    sensitive = False
    note = factory.Faker("sentence", locale="he_IL")


class PastProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PastProcess

    locality = factory.SubFactory(LocalityFactory)
    name = factory.Sequence(lambda n: f"תוכנית התחדשות {n}")
    start_year = 2015
    end_year = 2017
    outcome = PastProcess.Outcome.FAILED
    lessons = factory.Faker("paragraph", locale="he_IL")


class BurnedStakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BurnedStakeholder

    process = factory.SubFactory(PastProcessFactory)
    stakeholder = factory.SubFactory(
        StakeholderFactory, locality=factory.SelfAttribute("..process.locality")
    )
    note = factory.Faker("sentence", locale="he_IL")


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction
        skip_postgeneration_save = True

    stakeholder = factory.SubFactory(StakeholderFactory)
    channel = Interaction.Channel.MEETING
    summary = factory.Faker("paragraph", locale="he_IL")
    outcome = Interaction.Outcome.POSITIVE

    @factory.post_generation
    def last_contact(interaction, create, extracted, **kwargs):
        # As the services do for the interaction form and the admin.
        if create:
            services.last_contact_refresh(stakeholder_ids=[interaction.stakeholder_id])
            interaction.stakeholder.refresh_from_db(fields=["last_contact"])


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    stakeholder = factory.SubFactory(StakeholderFactory)
    description = factory.Faker("sentence", locale="he_IL")
    owner = factory.SubFactory(UserFactory)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))


# A two-row CSV in the stakeholders template's Hebrew headers.
_IMPORT_CSV = "שם פרטי,שם משפחה,טלפון\r\nמרים,כהן,050-7654321\r\n".encode("utf-8-sig")


class ImportBatchFactory(factory.django.DjangoModelFactory):
    """An uploaded file at its preview, analysed as the import page does."""

    class Meta:
        model = ImportBatch

    locality = factory.SubFactory(LocalityFactory)
    kind = ImportBatch.Kind.STAKEHOLDERS
    filename = "people.csv"
    content = _IMPORT_CSV
    preview = factory.LazyAttribute(
        lambda batch: (
            imports.IMPORTERS[batch.kind](locality=batch.locality, user=None)
            .analyse(batch.content, batch.filename)
            .as_json()
        )
    )
