"""Teams, members, cases, sessions, outcomes and "Chuyển thành đơn" through the services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from danvan.core.errors import Conflict, PermissionDenied, ValidationFailed
from danvan.core.models import AuditEvent, Obligation
from danvan.mediation import selectors, services
from danvan.mediation.deadlines import start_deadline, team_rule
from danvan.mediation.inputs import (
    CaseInput,
    MemberInput,
    OutcomeInput,
    PartyInput,
    SessionInput,
    TeamInput,
    ToPetitionInput,
)
from danvan.mediation.models import Case, Member, Team
from danvan.petitions.models import Petition
from tests.mediation.conftest import World, days, today

pytestmark = pytest.mark.django_db


# --- Rules as dated data ----------------------------------------------------------------------


def test_start_rule_counts_three_calendar_days_and_skips_to_a_working_day() -> None:
    # Điều 20 khoản 2: within 3 days of the assignment. Monday 16/11/2026 + 3 = Thursday 19/11.
    monday = dt.date(2026, 11, 16)
    result = start_deadline(start=monday)
    assert result is not None
    assert result.due == dt.date(2026, 11, 19)
    assert result.rule.rule_id == "mediation.start"
    assert result.rule.verified is False
    # Wednesday 18/11 + 3 = Saturday 21/11, a day off: moved to Monday 23/11.
    result = start_deadline(start=dt.date(2026, 11, 18))
    assert result is not None and result.due == dt.date(2026, 11, 23)


def test_no_rule_before_the_law_took_effect() -> None:
    assert start_deadline(start=dt.date(2013, 6, 1)) is None
    assert team_rule(dt.date(2013, 6, 1)) is None
    rule = team_rule(dt.date(2024, 1, 1))
    assert rule is not None and rule.min_mediators == 3 and rule.female_required


# --- Teams ------------------------------------------------------------------------------------


def test_team_composition_checked_against_the_rule(world: World) -> None:
    t = services.team_create(
        actor=world.officer_a,
        data=TeamInput(organization_id=world.org_a.pk, name="Tổ 1", residential_area="Thôn 1"),
    )
    assert len(selectors.team_compliance(t, selectors.team_members(t))) == 3
    for name, role, gender in (
        ("A", "leader", "male"),
        ("B", "mediator", "male"),
        ("C", "mediator", "male"),
    ):
        services.member_add(
            team=t,
            actor=world.officer_a,
            data=MemberInput(full_name=name, role=role, gender=gender, from_on=days(-30)),
        )
    problems = selectors.team_compliance(t, selectors.team_members(t))
    assert problems == ["Tổ chưa có hòa giải viên nữ."]
    services.member_add(
        team=t,
        actor=world.officer_a,
        data=MemberInput(full_name="D", role="mediator", gender="female", from_on=days(-1)),
    )
    assert selectors.team_compliance(t, selectors.team_members(t)) == []
    assert AuditEvent.objects.filter(verb="mediation.member_add").count() == 4


def test_one_current_leader_and_end_of_service(world: World, team: Team) -> None:
    with pytest.raises(ValidationFailed) as exc:
        services.member_add(
            team=team,
            actor=world.officer_a,
            data=MemberInput(full_name="X", role="leader", gender="male", from_on=days(-1)),
        )
    assert "role" in exc.value.fields
    leader = Member.objects.get(team=team, role="leader")
    services.member_end(member=leader, actor=world.officer_a, reason="Chuyển nơi cư trú")
    leader.refresh_from_db()
    assert leader.to_on == today() and leader.end_reason == "Chuyển nơi cư trú"
    services.member_add(
        team=team,
        actor=world.officer_a,
        data=MemberInput(full_name="X", role="leader", gender="male", from_on=today()),
    )
    problems = selectors.team_compliance(team, selectors.team_members(team))
    assert problems == []


def test_team_must_belong_to_a_commune_peoples_committee(world: World) -> None:
    for org in (world.ubnd, world.front_a):
        with pytest.raises(ValidationFailed) as exc:
            services.team_create(
                actor=world.leader,
                data=TeamInput(organization_id=org.pk, name="Tổ", residential_area="Thôn"),
            )
        assert "organization" in exc.value.fields


def test_other_commune_cannot_set_up_a_team(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.team_create(
            actor=world.officer_b,
            data=TeamInput(organization_id=world.org_a.pk, name="Tổ", residential_area="Thôn"),
        )


def test_dissolve_refused_with_open_cases_then_ends_members(
    world: World, team: Team, new_case: Callable[..., Case]
) -> None:
    case = new_case()
    with pytest.raises(ValidationFailed):
        services.team_dissolve(
            team=team, actor=world.officer_a, expected_version=team.version, reason="Sáp nhập thôn"
        )
    services.case_transition(
        case=case,
        actor=world.officer_a,
        data=OutcomeInput(to="withdrawn", expected_version=case.version, note="Tự thỏa thuận"),
    )
    services.team_dissolve(
        team=team, actor=world.officer_a, expected_version=team.version, reason="Sáp nhập thôn"
    )
    team.refresh_from_db()
    assert team.status == "dissolved" and team.dissolved_on == today()
    assert not Member.objects.filter(team=team, to_on__isnull=True).exists()
    with pytest.raises(ValidationFailed):
        new_case()


# --- Cases ------------------------------------------------------------------------------------


def test_case_numbered_per_commune_and_year_with_start_deadline(
    world: World, new_case: Callable[..., Case]
) -> None:
    first = new_case(received=-3)
    second = new_case(received=-1)
    assert first.number == f"001/{days(-3).year}/HG"
    assert second.sequence == (2 if days(-1).year == days(-3).year else 1)
    assert first.assigned_on == days(-3)
    expected = start_deadline(start=days(-3))
    assert expected is not None and first.start_due == expected.due
    ob = Obligation.objects.get(kind="mediation.start", target_id=str(first.pk))
    assert ob.status == "open" and ob.due == first.start_due
    assert ob.organization_id == world.org_a.pk
    # The board never shows a party's name.
    assert "Hồ Văn" not in ob.target_label
    event = AuditEvent.objects.get(verb="mediation.case_create", target_id=str(first.pk))
    assert "Hồ Văn" not in str(event.changes)


def test_unassigned_case_counts_from_receipt(new_case: Callable[..., Case]) -> None:
    case = new_case(received=-2, assign=False)
    assert case.assigned_on is None
    expected = start_deadline(start=days(-2))
    assert expected is not None and case.start_due == expected.due


def test_case_needs_both_sides_and_referrer(world: World, team: Team) -> None:
    base: dict[str, Any] = {
        "team_id": team.pk,
        "received_on": days(-1),
        "dispute_kind": "family",
        "summary": "Mâu thuẫn vợ chồng.",
    }
    with pytest.raises(ValidationFailed) as exc:
        services.case_create(
            actor=world.officer_a,
            data=CaseInput(
                source="party_request",
                parties=[PartyInput(full_name="Một bên", side="first")],
                **base,
            ),
        )
    assert "parties" in exc.value.fields
    with pytest.raises(ValidationFailed) as exc:
        services.case_create(
            actor=world.officer_a,
            data=CaseInput(
                source="referred",
                parties=[
                    PartyInput(full_name="A", side="first"),
                    PartyInput(full_name="B", side="second"),
                ],
                **base,
            ),
        )
    assert "referrer" in exc.value.fields


def test_first_session_starts_mediation_and_closes_the_obligation(
    world: World, new_case: Callable[..., Case]
) -> None:
    case = new_case(received=-4)
    services.session_add(
        case=case,
        actor=world.officer_a,
        data=SessionInput(held_on=days(-3), place="Nhà văn hóa", content="Nghe các bên."),
    )
    case.refresh_from_db()
    assert case.status == "mediating" and case.started_on == days(-3)
    ob = Obligation.objects.get(kind="mediation.start", target_id=str(case.pk))
    assert ob.status == "done" and ob.completed_on == days(-3)
    with pytest.raises(ValidationFailed) as exc:
        services.session_add(
            case=case,
            actor=world.officer_a,
            data=SessionInput(held_on=days(-10), place="Nhà", content="Trước ngày nhận"),
        )
    assert "held_on" in exc.value.fields


def test_outcomes_follow_the_table(world: World, new_case: Callable[..., Case]) -> None:
    case = new_case()
    # No session yet: cannot be reconciled (received -> reconciled is not in the table).
    with pytest.raises(ValidationFailed) as exc:
        services.case_transition(
            case=case,
            actor=world.officer_a,
            data=OutcomeInput(to="reconciled", expected_version=case.version, agreement="x"),
        )
    assert exc.value.code == "illegal_transition"
    services.case_transition(
        case=case,
        actor=world.officer_a,
        data=OutcomeInput(to="mediating", expected_version=case.version, on=days(-1)),
    )
    with pytest.raises(ValidationFailed) as exc:
        services.case_transition(
            case=case,
            actor=world.officer_a,
            data=OutcomeInput(to="reconciled", expected_version=case.version, agreement="x"),
        )
    assert "to" in exc.value.fields  # a session is needed first
    services.session_add(
        case=case,
        actor=world.officer_a,
        data=SessionInput(held_on=days(-1), place="Nhà văn hóa", content="Hai bên đồng ý."),
    )
    case.refresh_from_db()
    with pytest.raises(ValidationFailed) as exc:
        services.case_transition(
            case=case,
            actor=world.officer_a,
            data=OutcomeInput(to="reconciled", expected_version=case.version),
        )
    assert "agreement" in exc.value.fields
    services.case_transition(
        case=case,
        actor=world.officer_a,
        data=OutcomeInput(
            to="reconciled",
            expected_version=case.version,
            agreement="Lấy suối cạn làm ranh giới.",
            recognition_note="Tòa án huyện công nhận ngày 01/12",
        ),
    )
    case.refresh_from_db()
    assert case.status == "reconciled" and case.closed_on == today()
    with pytest.raises(ValidationFailed):
        services.case_to_petition(
            case=case,
            actor=world.officer_a,
            data=ToPetitionInput(kind="proposal", expected_version=case.version),
        )


def test_stale_version_is_a_conflict(world: World, new_case: Callable[..., Case]) -> None:
    case = new_case()
    stale = case.version
    services.case_transition(
        case=case,
        actor=world.officer_a,
        data=OutcomeInput(to="mediating", expected_version=stale),
    )
    again = Case.objects.get(pk=case.pk)
    with pytest.raises(Conflict):
        services.case_transition(
            case=again,
            actor=world.officer_a,
            data=OutcomeInput(to="withdrawn", expected_version=stale, note="Rút yêu cầu"),
        )


# --- Chuyển thành đơn -------------------------------------------------------------------------


def test_failed_case_becomes_a_petition(world: World, failed_case: Case) -> None:
    petition = services.case_to_petition(
        case=failed_case,
        actor=world.officer_a,
        data=ToPetitionInput(kind="complaint", expected_version=failed_case.version),
    )
    failed_case.refresh_from_db()
    stored = Petition.objects.get(pk=petition.pk)
    assert failed_case.petition_id == stored.pk
    assert failed_case.petition_number == stored.case_number
    assert stored.kind == "complaint"
    assert stored.channel == "forwarded_agency"
    assert stored.organization_id == world.org_a.pk
    assert stored.forwarder_reference == failed_case.number
    assert "Tổ hòa giải thôn A Vao" in stored.forwarder
    assert failed_case.number in stored.content
    assert "Hai bên không thống nhất ranh giới." in stored.content
    names = list(stored.petitioners.values_list("full_name", flat=True))
    assert names == ["Hồ Văn Ái"]  # the first side by default
    assert stored.respondent == "Hồ Văn Bốn"
    with pytest.raises(ValidationFailed):
        services.case_to_petition(
            case=failed_case,
            actor=world.officer_a,
            data=ToPetitionInput(kind="proposal", expected_version=failed_case.version),
        )
    assert Petition.objects.count() == 1


def test_to_petition_conflict_rolls_the_petition_back(world: World, failed_case: Case) -> None:
    with pytest.raises(Conflict):
        services.case_to_petition(
            case=failed_case,
            actor=world.officer_a,
            data=ToPetitionInput(kind="proposal", expected_version=failed_case.version - 1),
        )
    assert Petition.objects.count() == 0
    failed_case.refresh_from_db()
    assert failed_case.petition_id is None


def test_to_petition_needs_a_handler_of_the_commune(world: World, failed_case: Case) -> None:
    # The Front of the commune sees the case but may not manage it nor register petitions.
    with pytest.raises(PermissionDenied):
        services.case_to_petition(
            case=failed_case,
            actor=world.front_user_a,
            data=ToPetitionInput(kind="proposal", expected_version=failed_case.version),
        )
    assert Petition.objects.count() == 0


def test_chosen_petitioners_must_be_parties(world: World, failed_case: Case) -> None:
    with pytest.raises(ValidationFailed) as exc:
        services.case_to_petition(
            case=failed_case,
            actor=world.officer_a,
            data=ToPetitionInput(
                kind="proposal", expected_version=failed_case.version, petitioner_ids=[999999]
            ),
        )
    assert "petitioners" in exc.value.fields


# --- Statistics -------------------------------------------------------------------------------


def test_statistics_per_commune_and_year(
    world: World, new_case: Callable[..., Case], failed_case: Case
) -> None:
    services.case_to_petition(
        case=failed_case,
        actor=world.officer_a,
        data=ToPetitionInput(kind="proposal", expected_version=failed_case.version),
    )
    outcomes = ["reconciled", "reconciled", "reconciled", "withdrawn"]
    for to in outcomes:
        c = new_case(received=-3)
        if to == "reconciled":
            services.session_add(
                case=c,
                actor=world.officer_a,
                data=SessionInput(held_on=days(-2), place="Nhà", content="Nội dung"),
            )
            c.refresh_from_db()
        services.case_transition(
            case=c,
            actor=world.officer_a,
            data=OutcomeInput(
                to=to, expected_version=c.version, agreement="Thỏa thuận", note="Rút"
            ),
        )
    new_case(received=-1)  # still open
    rows = [r for r in selectors.statistics(user=world.leader) if r.year == days(-1).year]
    cases = Case.objects.filter(organization=world.org_a, year=days(-1).year)
    assert len(rows) == 1
    row = rows[0]
    assert row.received == cases.count()
    assert row.reconciled == cases.filter(status="reconciled").count() == 3
    assert row.failed == 1 and row.withdrawn == 1 and row.open == 1 and row.petitions == 1
    assert row.reconciled_rate == round(100 * 3 / 4, 1)
    assert selectors.statistics(user=world.outsider) == []
