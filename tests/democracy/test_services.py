"""Services: the publication deadline from the core rule (5 working days), the obligation on
the overdue board until published, late publication flagged, display periods, the community
decision's outcome, the report and recognition deadlines, versions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from danvan.core.errors import Conflict, PermissionDenied, ValidationFailed
from danvan.core.models import Obligation
from danvan.democracy import selectors, services
from danvan.democracy.inputs import PublishInput
from danvan.democracy.models import CommunityDecision, Disclosure
from tests.democracy.conftest import World, days, decision_input, disclosure_input

pytestmark = pytest.mark.django_db

FRIDAY = dt.date(2024, 3, 1)  # no holiday in the following week
FRIDAY_PLUS_5_WORKING_DAYS = dt.date(2024, 3, 8)


def _obligation(record: object, kind: str) -> Obligation:
    return Obligation.objects.get(target_id=record.pk, kind=kind)  # type: ignore[attr-defined]


def _publish(d: Disclosure, actor: object, on: dt.date, length: int = 30) -> Disclosure:
    return services.disclosure_publish(
        disclosure=d,
        actor=actor,
        data=PublishInput(
            published_on=on,
            channels=["niem_yet", "hop_thon"],
            display_from=on,
            display_to=on + dt.timedelta(days=length - 1),
        ),
        expected_version=d.version,
    )


def test_publication_deadline_is_five_working_days_and_on_the_board(
    world: World, make_disclosure: Callable[..., Disclosure]
) -> None:
    d = make_disclosure(decision_date=FRIDAY, document_date=FRIDAY)
    assert d.publish_due == FRIDAY_PLUS_5_WORKING_DAYS
    assert d.publish_rule == "disclosure.publish"
    ob = _obligation(d, "disclosure.publish")
    assert ob.status == "open" and ob.due == FRIDAY_PLUS_5_WORKING_DAYS
    assert ob.organization_id == world.org_a.pk
    d = _publish(d, world.officer_a, FRIDAY_PLUS_5_WORKING_DAYS)
    assert not d.is_late
    ob.refresh_from_db()
    assert ob.status == "done" and ob.completed_on == FRIDAY_PLUS_5_WORKING_DAYS


def test_publication_after_the_deadline_is_late_in_lists_and_statistics(
    world: World, make_disclosure: Callable[..., Disclosure]
) -> None:
    late = _publish(
        make_disclosure(decision_date=FRIDAY, title="Muộn"),
        world.officer_a,
        FRIDAY_PLUS_5_WORKING_DAYS + dt.timedelta(days=1),
    )
    _publish(make_disclosure(decision_date=FRIDAY, title="Đúng hạn"), world.officer_a, FRIDAY)
    make_disclosure(decision_date=FRIDAY, title="Chưa công khai")
    assert late.is_late
    lates = selectors.disclosure_list(
        user=world.viewer, filters=selectors.DisclosureFilters(timeliness="late")
    )
    assert [d.title for d in lates] == ["Muộn"]
    overdue = selectors.disclosure_list(
        user=world.viewer, filters=selectors.DisclosureFilters(timeliness="overdue")
    )
    assert [d.title for d in overdue] == ["Chưa công khai"]
    stats = selectors.statistics(user=world.viewer)
    row = next(r for r in stats.rows if r.organization_id == world.org_a.pk)
    assert (row.disclosures, row.on_time, row.late, row.overdue) == (3, 1, 1, 1)


def test_posting_at_the_office_needs_the_minimum_display_period_of_the_data(
    world: World, make_disclosure: Callable[..., Disclosure]
) -> None:
    d = make_disclosure()
    with pytest.raises(ValidationFailed) as exc:
        _publish(d, world.officer_a, days(-1), length=29)
    assert "display_to" in exc.value.fields
    d.refresh_from_db()
    assert _publish(d, world.officer_a, days(-1), length=30).status == "published"


def test_publication_cannot_precede_the_decision_nor_be_in_the_future(
    world: World, make_disclosure: Callable[..., Disclosure]
) -> None:
    d = make_disclosure(decision_date=days(-3))
    with pytest.raises(ValidationFailed):
        _publish(d, world.officer_a, days(-4))
    with pytest.raises(ValidationFailed):
        _publish(d, world.officer_a, days(1))


def test_unknown_group_is_refused(world: World) -> None:
    with pytest.raises(ValidationFailed) as exc:
        services.disclosure_create(
            actor=world.officer_a, data=disclosure_input(world, group="khong_co")
        )
    assert "group" in exc.value.fields


def test_withdrawing_needs_a_reason_and_cancels_the_obligation(
    world: World, make_disclosure: Callable[..., Disclosure]
) -> None:
    d = make_disclosure()
    with pytest.raises(ValidationFailed):
        services.disclosure_transition(
            disclosure=d, actor=world.officer_a, to="withdrawn", expected_version=d.version
        )
    d = services.disclosure_transition(
        disclosure=d,
        actor=world.officer_a,
        to="withdrawn",
        reason="Văn bản đã được thay thế",
        expected_version=d.version,
    )
    assert d.status == "withdrawn"
    assert _obligation(d, "disclosure.publish").status == "cancelled"
    with pytest.raises(ValidationFailed):
        services.disclosure_transition(
            disclosure=d, actor=world.officer_a, to="ended", expected_version=d.version
        )


def test_stale_version_is_a_conflict(
    world: World, make_disclosure: Callable[..., Disclosure]
) -> None:
    d = make_disclosure()
    stale = d.version
    services.disclosure_update(
        disclosure=d,
        actor=world.officer_a,
        data=disclosure_input(world, title="Tên mới"),
        expected_version=stale,
    )
    with pytest.raises(Conflict):
        services.disclosure_update(
            disclosure=Disclosure.objects.get(pk=d.pk),
            actor=world.officer_a,
            data=disclosure_input(world),
            expected_version=stale,
        )
    assert Disclosure.objects.get(pk=d.pk).title == "Tên mới"


def test_other_commune_officer_cannot_record_for_this_commune(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.disclosure_create(actor=world.officer_b, data=disclosure_input(world))


# --- Community decisions ----------------------------------------------------------------------


def test_decision_outcome_is_computed_and_stored(
    make_decision: Callable[..., CommunityDecision],
) -> None:
    passing = make_decision()  # 92/120 >= 2/3
    failing = make_decision(
        title="Đường thôn Tà Mẻ", total_households=96, participating=70, agreeing=58, against=10
    )  # 58/96 < 2/3
    no_quorum = make_decision(
        title="Quy ước thôn 5",
        matter="huong_uoc",
        total_households=160,
        participating=72,
        agreeing=70,
        against=0,
    )
    assert (passing.quorum_met, passing.passed, passing.threshold_key) == (
        True,
        True,
        "contribution",
    )
    assert (failing.quorum_met, failing.passed) == (True, False)
    assert (no_quorum.quorum_met, no_quorum.passed, no_quorum.threshold_key) == (
        False,
        False,
        "majority",
    )


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("participating", {"participating": 121}),
        ("agreeing", {"agreeing": 100, "against": 10}),
        ("held_on", {"held_on": None}),
        ("matter", {"matter": "khong_co"}),
    ],
)
def test_inconsistent_counts_are_refused(world: World, field: str, overrides: dict) -> None:  # type: ignore[type-arg]
    with pytest.raises(ValidationFailed) as exc:
        services.decision_create(actor=world.officer_a, data=decision_input(world, **overrides))
    assert field in exc.value.fields


def test_report_deadline_on_the_board_until_sent_then_recognition_deadline(
    world: World, make_decision: Callable[..., CommunityDecision]
) -> None:
    d = make_decision(held_on=FRIDAY)
    assert d.report_due == FRIDAY_PLUS_5_WORKING_DAYS
    report = _obligation(d, "community_decision.report")
    assert report.status == "open" and report.organization_id == world.org_a.pk
    sent_on = dt.date(2024, 3, 4)  # Monday
    d = services.decision_send(
        decision=d, actor=world.officer_a, sent_on=sent_on, expected_version=d.version
    )
    report.refresh_from_db()
    assert report.status == "done"
    assert d.recognise_due == dt.date(2024, 3, 11)  # 5 working days after Monday 4/3
    recognise = _obligation(d, "community_decision.recognise")
    assert recognise.status == "open"
    d = services.decision_recognise(
        decision=d,
        actor=world.leader_a,
        recognised=True,
        decided_on=dt.date(2024, 3, 6),
        decision_number="12/QĐ-UBND",
        expected_version=d.version,
    )
    recognise.refresh_from_db()
    assert d.status == "recognised" and recognise.status == "done"


def test_failed_result_cannot_be_recognised_and_refusal_needs_a_reason(
    world: World, make_decision: Callable[..., CommunityDecision]
) -> None:
    d = make_decision(agreeing=60, against=40)  # 60/120 < 2/3
    d = services.decision_send(
        decision=d, actor=world.officer_a, sent_on=days(-1), expected_version=d.version
    )
    with pytest.raises(ValidationFailed):
        services.decision_recognise(
            decision=d,
            actor=world.leader_a,
            recognised=True,
            decided_on=days(0),
            expected_version=d.version,
        )
    with pytest.raises(ValidationFailed):
        services.decision_recognise(
            decision=d,
            actor=world.leader_a,
            recognised=False,
            decided_on=days(0),
            expected_version=d.version,
        )
    d = services.decision_recognise(
        decision=d,
        actor=world.leader_a,
        recognised=False,
        decided_on=days(0),
        reason="Chưa đạt 2/3 tổng số hộ tán thành",
        expected_version=d.version,
    )
    assert d.status == "refused" and d.status_note


def test_only_a_leader_recognises(
    world: World, make_decision: Callable[..., CommunityDecision]
) -> None:
    d = make_decision()
    d = services.decision_send(
        decision=d, actor=world.officer_a, sent_on=days(0), expected_version=d.version
    )
    with pytest.raises(PermissionDenied):
        services.decision_recognise(
            decision=d,
            actor=world.officer_a,
            recognised=True,
            decided_on=days(0),
            expected_version=d.version,
        )


def test_sent_record_cannot_be_edited_or_cancelled(
    world: World, make_decision: Callable[..., CommunityDecision]
) -> None:
    d = make_decision()
    d = services.decision_send(
        decision=d, actor=world.officer_a, sent_on=days(0), expected_version=d.version
    )
    with pytest.raises(ValidationFailed):
        services.decision_update(
            decision=d,
            actor=world.officer_a,
            data=decision_input(world),
            expected_version=d.version,
        )
    with pytest.raises(ValidationFailed):
        services.decision_cancel(
            decision=d, actor=world.officer_a, reason="Ghi nhầm", expected_version=d.version
        )


def test_statistics_count_decisions_passed_and_failed(
    world: World, make_decision: Callable[..., CommunityDecision]
) -> None:
    make_decision()
    make_decision(title="Không đạt", agreeing=10, against=90)
    cancelled = make_decision(title="Ghi nhầm")
    services.decision_cancel(
        decision=cancelled,
        actor=world.officer_a,
        reason="Ghi nhầm",
        expected_version=cancelled.version,
    )
    row = next(
        r
        for r in selectors.statistics(user=world.viewer).rows
        if r.organization_id == world.org_a.pk
    )
    assert (row.decisions, row.passed, row.failed) == (2, 1, 1)
