"""The dashboard: every widget against known data, permissions, scoping and query count."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from stakeholders.enums import Role
from stakeholders.models import ConsentLevel, LocalityAccess, UserPreference
from stakeholders.selectors import dashboard
from tests.conftest import logged_in
from tests.factories import (
    BurnedStakeholderFactory,
    CommitteeFactory,
    FollowUpFactory,
    InteractionFactory,
    MembershipFactory,
    OfficialFactory,
    RelationshipFactory,
    StakeholderFactory,
    TaskTeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
URL = reverse("stakeholders:dashboard")


def at_days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def people(locality):
    """Four officials, three residents, a business leader and a ministry official."""
    officials = [OfficialFactory(locality=locality, first_name=f"פקיד{n}") for n in range(4)]
    officials[0].change_consent(level="active", by=None, evidence="promotes")
    officials[1].change_consent(level="active", by=None, evidence="embeds")
    officials[2].change_consent(level="passive", by=None)
    residents = [StakeholderFactory(locality=locality, first_name=f"תושב{n}") for n in range(3)]
    residents[0].change_consent(level="active", by=None, evidence="other")
    residents[1].change_consent(level="opposed", by=None)
    residents[2].change_consent(level="opposed", by=None)
    business = StakeholderFactory(
        locality=locality,
        kind="influence_centre",
        sector="business",
        first_name="יזמת",
        influence_level=5,
        influence_basis="personality",
    )
    business.change_consent(level="passive", by=None)
    ministry = StakeholderFactory(
        locality=locality,
        kind="regional_body",
        sector="public",
        first_name="משרד",
        influence_level=4,
        influence_basis="position",
    )
    return {
        "officials": officials,
        "residents": residents,
        "business": business,
        "ministry": ministry,
    }


def build(locality, **kwargs):
    kwargs.setdefault("user_can_see_sensitive", True)
    kwargs.setdefault("no_contact_days", 30)
    coordinator = UserFactory()
    LocalityAccess.objects.create(user=coordinator, locality=locality, role=Role.COORDINATOR)
    return dashboard.build(user=coordinator, locality=locality, **kwargs)


def test_consent_distribution_overall_by_kind_and_by_sector(locality, people, other_locality):
    StakeholderFactory(locality=other_locality, consent_level="active")
    data = build(locality)
    assert data["overall"].total == 9
    assert data["overall"].counts == {"active": 3, "passive": 2, "opposed": 2, "unknown": 2}
    kinds = {b.key: b.counts for b in data["kinds"]}
    assert kinds["official"] == {"active": 2, "passive": 1, "unknown": 1}
    assert kinds["resident"] == {"active": 1, "opposed": 2}
    assert kinds["influence_centre"] == {"passive": 1}
    sectors = {b.key: (b.total, b.counts) for b in data["sectors"]}
    assert sectors["public"] == (5, {"active": 2, "passive": 1, "unknown": 2})
    assert sectors["business"] == (1, {"passive": 1})
    assert sectors["academia"] == (0, {})


def test_the_headline_is_the_share_of_officials_with_active_consent(locality, people):
    headline = build(locality)["headline"]
    assert (headline.officials, headline.active, headline.share) == (4, 2, 50.0)
    assert headline.target == 51
    assert headline.reached is False
    locality.official_active_target = 50
    locality.save()
    assert build(locality)["headline"].reached is True


@pytest.mark.parametrize(
    "target, left, reached",
    [(100, 2, False), (51, 1, False), (50, 0, True), (40, 0, True)],
    ids=["far below", "just below", "at", "above"],
)
def test_the_headline_counts_the_officials_left_to_reach_the_target(
    locality, people, target, left, reached
):
    locality.official_active_target = target
    locality.save()
    headline = build(locality)["headline"]  # 2 of the 4 officials are active
    assert (headline.left, headline.reached) == (left, reached)


def test_what_is_left_is_counted_in_whole_people_not_from_the_rounded_share():
    # 1000 of 2001 is 49.975%, shown rounded as 50.0%: one more person is still needed.
    assert dashboard.officials_left_to_target(officials=2001, active=1000, target=50) == 1
    assert dashboard.officials_left_to_target(officials=2001, active=1001, target=50) == 0
    assert dashboard.officials_left_to_target(officials=10, active=0, target=51) == 6
    assert dashboard.officials_left_to_target(officials=0, active=0, target=51) == 0


def headline_status(client):
    content = client.get(URL).content.decode()
    status = re.search(r'<p id="headline-status" class="([^"]*)">(.*?)</p>', content, re.S)
    assert status, "the headline says nothing of what is left"
    return status.group(1).split(), " ".join(status.group(2).split())


@pytest.mark.parametrize(
    "target, words",
    [
        (51, "עוד בעל/ת תפקיד אחד/ת להסכמה פעילה כדי להגיע ליעד"),
        (100, "עוד שני בעלי תפקידים להסכמה פעילה כדי להגיע ליעד"),
    ],
)
def test_the_headline_says_in_words_how_many_are_left(
    client, coordinator, locality, people, target, words
):
    locality.official_active_target = target
    locality.save()
    classes, text = headline_status(logged_in(client, coordinator))
    assert text == words
    assert "text-bg-warning" in classes


def test_the_headline_writes_larger_numbers_as_digits(client, coordinator, locality):
    for _ in range(10):
        OfficialFactory(locality=locality)
    locality.official_active_target = 50
    locality.save()
    _classes, text = headline_status(logged_in(client, coordinator))
    assert text == "עוד 5 בעלי תפקידים להסכמה פעילה כדי להגיע ליעד"


@pytest.mark.parametrize("target", [50, 40])
def test_the_headline_says_when_the_target_is_reached(
    client, coordinator, locality, people, target
):
    locality.official_active_target = target
    locality.save()
    classes, text = headline_status(logged_in(client, coordinator))
    assert text == "היעד הושג"
    assert "text-bg-success" in classes and "text-bg-warning" not in classes


def test_without_officials_the_headline_says_so(client, coordinator, locality):
    StakeholderFactory(locality=locality, consent_level="active")
    classes, text = headline_status(logged_in(client, coordinator))
    assert text == "עדיין אין במאגר בעלי תפקידים ברשות."
    assert "text-bg-warning" in classes


def test_the_headline_in_arabic(client, coordinator, locality, people):
    UserPreference.objects.create(user=coordinator, language="ar")
    _classes, text = headline_status(logged_in(client, coordinator))
    assert text == "يلزم صاحب وظيفة واحد آخر بموافقة فعّالة للوصول إلى الهدف"


def test_the_weekly_trend_follows_the_consent_history(locality):
    today = timezone.localdate()
    ends = dashboard.week_ends(today)
    assert len(ends) == dashboard.TREND_WEEKS
    assert ends[-1][0] >= today and ends[-1][0].weekday() == 5  # Saturday

    def week_end(n_before_last):
        return ends[-1 - n_before_last][1]

    joiner, leaver, late = (OfficialFactory(locality=locality) for _ in range(3))
    # Active from 3 weeks before the last week's end.
    joiner.change_consent(level="passive", by=None, at=week_end(5))
    joiner.change_consent(level="active", by=None, evidence="promotes", at=week_end(3))
    # Active from week -6, back to passive in week -1.
    leaver.change_consent(level="active", by=None, evidence="embeds", at=week_end(6))
    leaver.change_consent(level="passive", by=None, at=week_end(1))
    # Logged today but dated week -4: counts from week -4 on.
    late.change_consent(level="active", by=None, evidence="other", at=timezone.now())
    late.change_consent(level="passive", by=None, at=week_end(4))
    late.refresh_from_db()
    assert late.consent_level == ConsentLevel.ACTIVE

    trend = build(locality)["headline"].trend
    counts = {len(trend) - 1 - n: week["active"] for n, week in enumerate(trend)}
    assert counts[7] == 0
    assert counts[6] == 1  # leaver
    assert counts[5] == 1  # joiner passive
    assert counts[4] == 1  # late entry passive: nothing changes
    assert counts[3] == 2  # joiner active
    assert counts[1] == 1  # leaver back to passive
    assert counts[0] == 2  # late active (today)
    assert trend[-1]["share"] == round(100 * 2 / 3, 1)


def test_committee_coverage_shows_members_residents_and_missing_sectors(locality, people):
    committee = CommitteeFactory(locality=locality, name="ועדת חינוך")
    team = TaskTeamFactory(locality=locality, name="צוות נוער", parent=committee)
    MembershipFactory(committee=committee, stakeholder=people["residents"][0])
    MembershipFactory(committee=committee, stakeholder=people["officials"][0])
    MembershipFactory(committee=committee, stakeholder=people["business"])
    MembershipFactory(
        committee=committee,
        stakeholder=people["residents"][1],
        end_date=timezone.localdate(),
    )
    bodies = {b["committee"].name: b["coverage"] for b in build(locality)["bodies"]}
    education = bodies["ועדת חינוך"]
    assert education.members == 3
    cells = {key: count for key, _label, count, _url in education.cells()}
    assert cells["business"] == 1
    assert cells["public"] == 1  # the official
    assert cells["officials"] == 1
    assert cells["residents"] == 1
    assert cells["academia"] == 0
    assert len(education.missing) == 3  # academia, philanthropy, social
    business_url = next(url for key, _l, _c, url in education.cells() if key == "business")
    assert business_url == (
        reverse("stakeholders:stakeholder_list") + f"?committee={committee.pk}&sector=business"
    )
    assert bodies[team.name].members == 0


def test_the_power_map_counts_influence_against_consent(locality, people):
    rows = {row["influence"]: dict(row["cells"]) for row in build(locality)["power_map"]}
    assert rows[5]["passive"] == 1
    assert rows[4]["unknown"] == 1
    assert rows[None]["active"] == 3
    assert sum(sum(cells.values()) for cells in rows.values()) == 9


def test_where_to_act_lists_influential_people_not_yet_active(locality, people):
    tiles = {tile.key: tile for tile in build(locality)["act"]["tiles"]}
    assert [p.first_name for p in tiles["high_by_personality"].people] == ["יזמת"]
    assert [p.first_name for p in tiles["high_by_position"].people] == ["משרד"]
    assert tiles["high_by_personality"].count == 1
    assert tiles["high_by_position"].count == 1


def test_where_to_act_lists_burned_quiet_overdue_and_tensions(locality, people):
    BurnedStakeholderFactory(process__locality=locality, stakeholder=people["residents"][1])
    InteractionFactory(stakeholder=people["officials"][0], occurred_at=at_days_ago(3))
    InteractionFactory(stakeholder=people["officials"][1], occurred_at=at_days_ago(60))
    FollowUpFactory(
        stakeholder=people["officials"][1], due_date=timezone.localdate() - datetime.timedelta(2)
    )
    FollowUpFactory(stakeholder=people["officials"][1])
    committee = CommitteeFactory(locality=locality)
    for person in (people["officials"][2], people["officials"][3]):
        MembershipFactory(committee=committee, stakeholder=person)
    tension = RelationshipFactory(
        locality=locality,
        from_stakeholder=people["officials"][2],
        to_stakeholder=people["officials"][3],
        sensitive=True,
    )
    RelationshipFactory(  # sensitive, but not on a shared body
        locality=locality,
        from_stakeholder=people["officials"][0],
        to_stakeholder=people["officials"][1],
        sensitive=True,
    )
    act = build(locality)["act"]
    tiles = {tile.key: tile for tile in act["tiles"]}
    assert [p.first_name for p in tiles["burned"].people] == [people["residents"][1].first_name]
    assert tiles["quiet"].count == 8
    assert act["overdue"]["count"] == 1
    assert act["tensions"] == [tension]


def test_viewers_get_no_sensitive_widgets(locality, people):
    act = build(locality, user_can_see_sensitive=False)["act"]
    assert "tensions" not in act and "overdue" not in act


# --- The page ------------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_log_in(client):
    assert client.get(URL).status_code == 302


def test_staff_get_403(client, make_user, locality):
    client.force_login(
        make_user(Role.OFFICIAL, locality, stakeholder=OfficialFactory(locality=locality))
    )
    assert client.get(URL).status_code == 403


def test_a_viewer_sees_the_dashboard_without_contact_details_or_sensitive_ties(
    client, viewer, locality, people
):
    people["officials"][0].phone = "+972501234567"
    people["officials"][0].save()
    RelationshipFactory(locality=locality, sensitive=True, note="מתיחות ישנה")
    client.force_login(viewer)
    response = client.get(URL)
    content = response.content.decode()
    assert response.status_code == 200
    assert "050-1234567" not in content
    assert "מתיחות" not in content
    assert reverse("stakeholders:dashboard_target") not in content
    assert reverse("stakeholders:followup_list") not in content


def test_the_page_counts_only_the_current_locality(client, coordinator, locality, other_locality):
    OfficialFactory(locality=locality, consent_level="active")
    for _ in range(5):
        OfficialFactory(locality=other_locality, consent_level="active")
    client.force_login(coordinator)
    response = client.get(URL)
    assert response.context["overall"].total == 1
    assert response.context["headline"].officials == 1


def test_every_number_links_to_the_matching_filtered_register(
    client, coordinator, locality, people
):
    client.force_login(coordinator)
    content = client.get(URL).content.decode()
    link = reverse("stakeholders:stakeholder_list") + "?kind=official&amp;consent=active"
    assert link in content
    listed = client.get(
        reverse("stakeholders:stakeholder_list"), {"kind": "official", "consent": "active"}
    )
    assert listed.context["page"].paginator.count == 2
    act_link = client.get(
        reverse("stakeholders:stakeholder_list"),
        {
            "influence_min": 4,
            "influence_basis": "personality",
            "consent": ["opposed", "unknown", "passive"],
        },
    )
    assert act_link.context["page"].paginator.count == 1
    power_cell = client.get(
        reverse("stakeholders:stakeholder_list"), {"influence": "none", "consent": "active"}
    )
    assert power_cell.context["page"].paginator.count == 3


def test_the_page_renders_the_charts_data_and_tables(client, coordinator, locality, people):
    client.force_login(coordinator)
    response = client.get(URL)
    content = response.content.decode()
    assert 'id="dashboard-data"' in content
    assert "chart.umd.js" in content
    assert 'id="trend-table"' in content and 'id="consent-table"' in content
    assert response.context["chart_data"]["target"] == 51


def test_the_dashboard_runs_as_many_queries_for_30_people_as_for_3(
    client, coordinator, locality, count_queries
):
    committee = CommitteeFactory(locality=locality)
    people = []

    def add_people(n):
        for _ in range(n):
            person = OfficialFactory(locality=locality, influence_level=5, influence_basis="both")
            person.change_consent(level="passive", by=None, at=at_days_ago(20))
            MembershipFactory(
                committee=committee,
                stakeholder=person,
                term_end_date=timezone.localdate() + datetime.timedelta(days=3),
            )
            InteractionFactory(stakeholder=person)
            FollowUpFactory(
                stakeholder=person, due_date=timezone.localdate() - datetime.timedelta(1)
            )
            BurnedStakeholderFactory(process__locality=locality, stakeholder=person)
            if people:
                RelationshipFactory(
                    locality=locality,
                    from_stakeholder=person,
                    to_stakeholder=people[-1],
                    sensitive=True,
                )
            people.append(person)

    client.force_login(coordinator)
    add_people(3)
    small = count_queries(lambda: client.get(URL))
    add_people(27)
    large = count_queries(lambda: client.get(URL))
    assert small == large


def test_a_coordinator_sets_the_target(client, coordinator, locality):
    client.force_login(coordinator)
    response = client.post(reverse("stakeholders:dashboard_target"), {"official_active_target": 70})
    assert response.status_code == 302
    locality.refresh_from_db()
    assert locality.official_active_target == 70


@pytest.mark.parametrize("value", ["0", "101", "abc", ""])
def test_a_bad_target_is_refused(client, coordinator, locality, value):
    client.force_login(coordinator)
    client.post(reverse("stakeholders:dashboard_target"), {"official_active_target": value})
    locality.refresh_from_db()
    assert locality.official_active_target == 51


def test_a_viewer_cannot_set_the_target(client, viewer, locality):
    client.force_login(viewer)
    response = client.post(reverse("stakeholders:dashboard_target"), {"official_active_target": 70})
    assert response.status_code == 403


@pytest.mark.parametrize("days", ["abc", "-3", "999999"])
def test_a_bad_no_contact_days_value_falls_back_safely(client, coordinator, locality, days):
    client.force_login(coordinator)
    assert client.get(URL, {"days": days}).status_code == 200


def test_admins_see_their_localities_side_by_side(client, locality, other_locality):
    admin = UserFactory()
    LocalityAccess.objects.create(user=admin, locality=locality, role=Role.ADMIN)
    LocalityAccess.objects.create(user=admin, locality=other_locality, role=Role.ADMIN)
    OfficialFactory(locality=other_locality, consent_level="active")
    client.force_login(admin)
    rows = {row["locality"]: row for row in client.get(URL).context["side_by_side"]}
    assert rows[other_locality]["officials_share"] == 100.0
    assert rows[locality]["total"] == 0


def test_a_coordinator_of_one_locality_sees_no_side_by_side(client, coordinator):
    client.force_login(coordinator)
    assert "side_by_side" not in client.get(URL).context
