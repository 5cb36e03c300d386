import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from stakeholders import services
from stakeholders.enums import SeatRole
from stakeholders.models import (
    Committee,
    ConsentChange,
    ConsentLevel,
    FollowUp,
    Membership,
    Relationship,
    Sector,
    Stakeholder,
)
from tests.factories import (
    BurnedStakeholderFactory,
    CommitteeFactory,
    FollowUpFactory,
    InfluenceCentreRepresentativeFactory,
    InteractionFactory,
    MembershipFactory,
    OfficialFactory,
    OrganisationFactory,
    PastProcessFactory,
    RelationshipFactory,
    RepresentationFactory,
    StakeholderFactory,
    TaskTeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


# --- Stakeholders --------------------------------------------------------------------------


def test_full_clean_normalises_the_phone_and_lowercases_the_email(locality):
    person = Stakeholder(
        locality=locality,
        kind=Stakeholder.Kind.RESIDENT,
        first_name="מרים",
        last_name="כהן",
        phone="052-765 4321",
        email="  Miriam@Example.ORG ",
    )
    person.full_clean()
    assert person.phone == "+972527654321"
    assert person.email == "miriam@example.org"
    assert person.phone_display == "052-7654321"


def test_a_bad_phone_is_a_field_error_in_hebrew(locality):
    person = Stakeholder(locality=locality, kind="resident", first_name="דן", phone="123")
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert "phone" in error.value.message_dict


def test_an_official_defaults_to_the_public_sector(locality):
    official = Stakeholder(locality=locality, kind=Stakeholder.Kind.OFFICIAL, first_name="רונית")
    official.full_clean()
    assert official.sector == Sector.PUBLIC


def test_a_centre_of_influence_representative_needs_a_sector(locality):
    person = Stakeholder(locality=locality, kind="influence_centre", first_name="יוסי")
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert "sector" in error.value.message_dict


def test_influence_needs_its_basis(locality):
    person = Stakeholder(locality=locality, kind="resident", first_name="אבי", influence_level=4)
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert "influence_basis" in error.value.message_dict


def test_influence_level_outside_1_to_5_is_refused_by_the_database(locality):
    with pytest.raises(IntegrityError), transaction.atomic():
        StakeholderFactory(locality=locality, influence_level=6, influence_basis="position")


def test_possible_duplicates_match_phone_or_email_in_the_same_locality_only(
    locality, other_locality
):
    original = StakeholderFactory(locality=locality, phone="+972501111111", email="a@example.org")
    StakeholderFactory(locality=other_locality, phone="+972501111111", email="a@example.org")
    newcomer = Stakeholder(locality=locality, phone="+972501111111", email="other@example.org")
    assert list(newcomer.possible_duplicates()) == [original]
    by_email = Stakeholder(locality=locality, email="A@example.org")
    assert list(by_email.possible_duplicates()) == [original]
    assert not Stakeholder(locality=locality).possible_duplicates().exists()


def test_search_finds_a_local_phone_number_an_organisation_and_a_division(locality):
    person = OfficialFactory(locality=locality, phone="+972521234567", division="אגף הרווחה")
    # The others' fields are fixed too: a drawn job title or number could match by chance.
    plain = {"job_title": "", "division": "", "community": "", "phone": "", "email": ""}
    rep = RepresentationFactory(
        stakeholder__locality=locality,
        organisation__name="מתנ״ס הגליל",
        **{f"stakeholder__{field}": value for field, value in plain.items()},
    ).stakeholder
    StakeholderFactory(locality=locality, **plain)
    assert list(Stakeholder.objects.search("052-1234567")) == [person]
    assert list(Stakeholder.objects.search("רווחה")) == [person]
    assert list(Stakeholder.objects.search("הגליל")) == [rep]
    assert Stakeholder.objects.search("").count() == 3


def test_influential_by_personality_includes_both(locality):
    by_personality = StakeholderFactory(
        locality=locality, influence_level=3, influence_basis="personality"
    )
    both = StakeholderFactory(locality=locality, influence_level=5, influence_basis="both")
    StakeholderFactory(locality=locality, influence_level=5, influence_basis="position")
    assert set(Stakeholder.objects.influential_by_personality()) == {by_personality, both}


# --- Consent -------------------------------------------------------------------------------


def test_a_consent_change_appends_history_and_moves_the_current_level(locality):
    person = OfficialFactory(locality=locality)
    coordinator = UserFactory()
    assert person.consent_level == ConsentLevel.UNKNOWN

    first = person.change_consent(level=ConsentLevel.PASSIVE, by=coordinator, note="לא מתנגד")
    second = person.change_consent(
        level=ConsentLevel.ACTIVE,
        by=coordinator,
        evidence=ConsentChange.Evidence.PROMOTES,
        note="הציג את התוכנית בישיבת הנהלה",
    )

    person.refresh_from_db()
    assert person.consent_level == ConsentLevel.ACTIVE
    assert person.consent_changed_at == second.at
    assert (first.old_level, first.new_level) == (ConsentLevel.UNKNOWN, ConsentLevel.PASSIVE)
    assert (second.old_level, second.new_level) == (ConsentLevel.PASSIVE, ConsentLevel.ACTIVE)
    assert second.changed_by == coordinator
    assert list(person.consent_changes.all()) == [second, first]


def test_a_backdated_change_does_not_override_a_newer_one(locality):
    person = StakeholderFactory(locality=locality)
    user = UserFactory()
    person.change_consent(level=ConsentLevel.ACTIVE, by=user)
    person.change_consent(
        level=ConsentLevel.OPPOSED, by=user, at=timezone.now() - datetime.timedelta(days=60)
    )
    person.refresh_from_db()
    assert person.consent_level == ConsentLevel.ACTIVE
    assert person.consent_changes.count() == 2


def test_a_backdated_change_takes_the_level_in_force_at_its_date(locality):
    person = StakeholderFactory(locality=locality)
    now = timezone.now()
    person.change_consent(level=ConsentLevel.PASSIVE, by=None, at=now - datetime.timedelta(10))
    person.change_consent(level=ConsentLevel.ACTIVE, by=None, at=now)
    late_entry = person.change_consent(
        level=ConsentLevel.OPPOSED, by=None, at=now - datetime.timedelta(days=20)
    )
    assert late_entry.old_level == ConsentLevel.UNKNOWN
    person.refresh_from_db()
    assert person.consent_level == ConsentLevel.ACTIVE
    # The history reads in order: unknown → opposed → passive → active.
    chain = [(c.old_level, c.new_level) for c in person.consent_changes.order_by("at")]
    assert chain == [
        (ConsentLevel.UNKNOWN, ConsentLevel.OPPOSED),
        (ConsentLevel.OPPOSED, ConsentLevel.PASSIVE),
        (ConsentLevel.PASSIVE, ConsentLevel.ACTIVE),
    ]


def test_an_unknown_consent_level_is_refused_and_nothing_is_written(locality):
    person = StakeholderFactory(locality=locality)
    with pytest.raises(ValidationError):
        person.change_consent(level="enthusiastic", by=None)
    person.refresh_from_db()
    assert person.consent_level == ConsentLevel.UNKNOWN
    assert not person.consent_changes.exists()


def test_an_invalid_evidence_rolls_back_the_whole_change(locality):
    person = StakeholderFactory(locality=locality)
    with pytest.raises(ValidationError):
        person.change_consent(level=ConsentLevel.ACTIVE, by=None, evidence="rumour")
    person.refresh_from_db()
    assert person.consent_level == ConsentLevel.UNKNOWN
    assert not ConsentChange.objects.exists()


# --- Committees and memberships ------------------------------------------------------------


def test_joining_a_task_team_is_recorded_as_active_consent_with_its_evidence(locality):
    resident = StakeholderFactory(locality=locality)
    team = TaskTeamFactory(locality=locality, name="צוות נוער")
    coordinator = UserFactory()

    seat = services.membership_add(
        stakeholder=resident, committee=team, role=SeatRole.MEMBER, by=coordinator
    )

    resident.refresh_from_db()
    assert resident.consent_level == ConsentLevel.ACTIVE
    change = resident.consent_changes.get()
    assert change.evidence == ConsentChange.Evidence.TASK_TEAM_SEAT
    assert change.membership == seat
    assert change.changed_by == coordinator
    assert seat.is_current


def test_a_committee_seat_is_committee_evidence(locality):
    official = OfficialFactory(locality=locality)
    committee = CommitteeFactory(locality=locality)
    services.membership_add(stakeholder=official, committee=committee, by=None)
    assert official.consent_changes.get().evidence == ConsentChange.Evidence.COMMITTEE_SEAT


def test_a_second_open_seat_on_the_same_body_is_refused(locality):
    person = StakeholderFactory(locality=locality)
    committee = CommitteeFactory(locality=locality)
    services.membership_add(stakeholder=person, committee=committee, by=None)
    with pytest.raises(ValidationError) as error:
        services.membership_add(stakeholder=person, committee=committee, by=None)
    assert "כבר" in " ".join(error.value.messages)
    assert person.consent_changes.count() == 1


def test_the_database_itself_refuses_two_open_seats(locality):
    seat = MembershipFactory(committee__locality=locality)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            committee=seat.committee, stakeholder=seat.stakeholder, start_date=seat.start_date
        )


def test_a_closed_seat_is_kept_and_the_person_can_join_again(locality):
    person = StakeholderFactory(locality=locality)
    committee = CommitteeFactory(locality=locality)
    start = timezone.localdate() - datetime.timedelta(days=100)
    seat = services.membership_add(
        stakeholder=person, committee=committee, by=None, start_date=start
    )
    services.membership_close(membership=seat)
    again = services.membership_add(stakeholder=person, committee=committee, by=None)
    assert Membership.objects.filter(stakeholder=person).count() == 2
    assert list(Membership.objects.current()) == [again]


def test_a_seat_with_a_future_term_end_is_still_current(locality):
    seat = MembershipFactory(
        committee__locality=locality,
        term_end_date=timezone.localdate() + datetime.timedelta(days=200),
    )
    assert list(Membership.objects.current()) == [seat]


def test_a_leaving_date_in_the_future_is_refused(locality):
    seat = MembershipFactory(committee__locality=locality)
    with pytest.raises(ValidationError) as error:
        services.membership_close(
            membership=seat, end_date=timezone.localdate() + datetime.timedelta(days=3)
        )
    assert "end_date" in error.value.message_dict


def test_a_seat_cannot_end_before_it_starts(locality):
    seat = MembershipFactory(committee__locality=locality)
    with pytest.raises(ValidationError):
        services.membership_close(
            membership=seat, end_date=seat.start_date - datetime.timedelta(days=1)
        )


def test_a_person_cannot_sit_on_another_localitys_committee(locality, other_locality):
    person = StakeholderFactory(locality=locality)
    committee = CommitteeFactory(locality=other_locality)
    with pytest.raises(ValidationError):
        services.membership_add(stakeholder=person, committee=committee, by=None)
    assert not Membership.objects.exists()
    person.refresh_from_db()
    assert person.consent_level == ConsentLevel.UNKNOWN


def test_a_task_team_may_belong_to_a_committee_but_not_to_a_task_team(locality):
    committee = CommitteeFactory(locality=locality)
    team = TaskTeamFactory(locality=locality, parent=committee)
    team.full_clean()
    nested = Committee(locality=locality, name="תת צוות", kind="task_team", parent=team)
    with pytest.raises(ValidationError):
        nested.full_clean()
    not_a_team = Committee(locality=locality, name="ועדה", kind="committee", parent=committee)
    with pytest.raises(ValidationError):
        not_a_team.full_clean()


def test_the_database_refuses_a_parent_on_a_committee(locality):
    committee = CommitteeFactory(locality=locality)
    with pytest.raises(IntegrityError), transaction.atomic():
        Committee.objects.create(
            locality=locality, name="ועדה ב", kind="steering", parent=committee
        )


# --- Organisations, relationships, history, interactions -----------------------------------


def test_a_representative_links_to_the_organisation(locality):
    link = RepresentationFactory(stakeholder__locality=locality)
    assert list(link.stakeholder.organisations.all()) == [link.organisation]
    assert link.organisation.is_regional_body is False
    regional = OrganisationFactory(
        locality=locality, scope="regional", name="משרד הרווחה מחוז צפון"
    )
    assert regional.is_regional_body


def test_a_relationship_needs_exactly_one_party_on_each_side(locality):
    a = StakeholderFactory(locality=locality)
    organisation = OrganisationFactory(locality=locality)
    with pytest.raises(IntegrityError), transaction.atomic():
        Relationship.objects.create(
            locality=locality, from_stakeholder=a, from_organisation=organisation, kind="ally"
        )
    person_to_body = Relationship(
        locality=locality, from_stakeholder=a, to_organisation=organisation, kind="works_with"
    )
    person_to_body.full_clean()
    person_to_body.save()
    assert person_to_body.target == organisation


def test_a_relationship_with_oneself_or_across_localities_is_refused(locality, other_locality):
    a = StakeholderFactory(locality=locality)
    stranger = StakeholderFactory(locality=other_locality)
    with pytest.raises(ValidationError):
        Relationship(
            locality=locality, from_stakeholder=a, to_stakeholder=a, kind="ally"
        ).full_clean()
    with pytest.raises(ValidationError):
        Relationship(
            locality=locality, from_stakeholder=a, to_stakeholder=stranger, kind="ally"
        ).full_clean()


def test_relationships_touching_a_person(locality):
    tie = RelationshipFactory(locality=locality, sensitive=True)
    RelationshipFactory(locality=locality)
    assert list(Relationship.objects.touching(tie.to_stakeholder)) == [tie]
    assert list(Relationship.objects.sensitive()) == [tie]


def test_burned_stakeholders_of_a_past_process(locality):
    process = PastProcessFactory(locality=locality, start_year=2012, end_year=2014)
    burn = BurnedStakeholderFactory(process=process)
    StakeholderFactory(locality=locality)
    assert process.years == "2012–2014"
    assert list(Stakeholder.objects.burned()) == [burn.stakeholder]
    assert list(burn.stakeholder.burned_by.all()) == [process]


def test_a_past_process_cannot_end_before_it_starts(locality):
    with pytest.raises(ValidationError):
        PastProcessFactory.build(locality=locality, start_year=2018, end_year=2016).full_clean()


def test_open_and_overdue_follow_ups(locality):
    today = timezone.localdate()
    overdue = FollowUpFactory(
        stakeholder__locality=locality, due_date=today - datetime.timedelta(days=2)
    )
    upcoming = FollowUpFactory(stakeholder__locality=locality)
    done = FollowUpFactory(stakeholder__locality=locality, due_date=today - datetime.timedelta(3))
    done.mark_done()
    assert overdue.is_overdue and not upcoming.is_overdue and not done.is_overdue
    assert set(FollowUp.objects.open()) == {overdue, upcoming}
    assert list(FollowUp.objects.overdue()) == [overdue]


def test_a_follow_up_must_be_about_its_interactions_person(locality):
    interaction = InteractionFactory(stakeholder__locality=locality)
    someone_else = StakeholderFactory(locality=locality)
    follow_up = FollowUpFactory.build(
        stakeholder=someone_else, interaction=interaction, owner=UserFactory()
    )
    with pytest.raises(ValidationError):
        follow_up.full_clean()


def test_every_model_has_a_hebrew_verbose_name():
    from django.apps import apps
    from django.utils import translation

    with translation.override("he"):
        for model in apps.get_app_config("stakeholders").get_models():
            name = str(model._meta.verbose_name)
            assert any("\u0590" <= ch <= "\u05ff" for ch in name), model
            for field in model._meta.get_fields():
                # django-simple-history's own columns (history_date, history_user...) are
                # labelled by our templates, not by their verbose names.
                if field.name.startswith("history_"):
                    continue
                if hasattr(field, "verbose_name") and not field.auto_created:
                    label = str(field.verbose_name)
                    assert any("\u0590" <= ch <= "\u05ff" for ch in label), (model, field.name)


def test_an_influence_centre_representative_factory_is_valid(locality):
    InfluenceCentreRepresentativeFactory(locality=locality).full_clean()


def test_last_contact_is_the_latest_interaction(locality):
    person = StakeholderFactory(locality=locality)
    assert person.last_contact is None
    older = InteractionFactory(
        stakeholder=person, occurred_at=timezone.now() - datetime.timedelta(9)
    )
    newer = InteractionFactory(
        stakeholder=person, occurred_at=timezone.now() - datetime.timedelta(2)
    )
    person.refresh_from_db()
    assert person.last_contact == newer.occurred_at
    newer.delete()
    Stakeholder.objects.filter(pk=person.pk).refresh_last_contact()
    person.refresh_from_db()
    assert person.last_contact == older.occurred_at
