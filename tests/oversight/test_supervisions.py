"""Supervisions: lifecycle, illegal moves, conflicts, the answer deadline counted on the work
calendar and shown on the overdue board until answered, follow-ups, files, permissions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from danvan.core.errors import Conflict, PermissionDenied, ValidationFailed
from danvan.core.files import UploadedFileInput
from danvan.core.models import AuditEvent, Obligation, ObligationStatus
from danvan.core.selectors.calendar import work_calendar
from danvan.core.selectors.obligations import obligation_queryset
from danvan.oversight import selectors, services
from danvan.oversight.deadlines import answer_rules
from danvan.oversight.models import Recommendation, Supervision
from tests.oversight.conftest import World, days, plan_supervision, supervision_with_sent, today

pytestmark = pytest.mark.django_db


def _answer(world: World, rec: Recommendation, *, on: dt.date, **kw: object) -> Recommendation:
    return services.recommendation_answer(
        recommendation=rec,
        actor=kw.pop("actor", world.ubnd_officer),
        text="UBND tỉnh tiếp thu, đã chỉ đạo công khai phương án bồi thường.",
        result="accepted",
        answered_on=on,
        expected_version=rec.version,
        **kw,  # type: ignore[arg-type]
    )


def test_front_plans_and_runs_a_supervision_through_to_closed(world: World) -> None:
    s, recs = supervision_with_sent(world, sent_on=days(-40))
    assert s.status == "recommendations_sent"
    assert [r.status for r in recs] == ["awaiting"]
    _answer(world, recs[0], on=days(-20))
    s.refresh_from_db()
    s = services.supervision_transition(
        supervision=s, actor=world.front_user, to="closed", expected_version=s.version
    )
    assert s.status == "closed"
    verbs = set(
        AuditEvent.objects.filter(target_type="oversight.supervision").values_list(
            "verb", flat=True
        )
    )
    assert {"supervision.create", "supervision.transition", "supervision.finding_add"} <= verbs


def test_a_mass_organisation_officer_may_plan_for_their_organisation(world: World) -> None:
    s = plan_supervision(world, organization_id=world.farmers.pk)
    assert s.organization_id == world.farmers.pk
    # The front role at the province Front covers the mass organisations below it.
    assert (
        services.supervision_transition(
            supervision=s, actor=world.front_user, to="in_progress", expected_version=s.version
        ).status
        == "in_progress"
    )


def test_a_peoples_committee_cannot_be_the_supervising_body(world: World) -> None:
    with pytest.raises(ValidationFailed) as exc:
        plan_supervision(world, organization_id=world.ubnd.pk)
    assert "organization" in exc.value.fields
    assert not Supervision.objects.exists()


def test_social_criticism_needs_the_draft_title(world: World) -> None:
    with pytest.raises(ValidationFailed) as exc:
        plan_supervision(world, kind="criticism", supervised_ids=[])
    assert "draft_title" in exc.value.fields
    s = plan_supervision(
        world,
        kind="criticism",
        supervised_ids=[],
        draft_title="Dự thảo Nghị quyết HĐND tỉnh về chính sách hỗ trợ",
    )
    assert s.kind == "criticism"


def test_illegal_move_is_refused_with_the_allowed_steps(world: World) -> None:
    s = plan_supervision(world)
    with pytest.raises(ValidationFailed) as exc:
        services.supervision_transition(
            supervision=s, actor=world.front_user, to="closed", expected_version=s.version
        )
    assert exc.value.code == "illegal_transition"
    assert "Đang giám sát" in exc.value.message
    s.refresh_from_db()
    assert s.status == "planned"


def test_findings_must_exist_before_reporting(world: World) -> None:
    s = plan_supervision(world)
    s = services.supervision_transition(
        supervision=s, actor=world.front_user, to="in_progress", expected_version=s.version
    )
    with pytest.raises(ValidationFailed) as exc:
        services.supervision_transition(
            supervision=s,
            actor=world.front_user,
            to="findings_reported",
            expected_version=s.version,
        )
    assert exc.value.code == "no_findings"


def test_a_stale_version_is_a_conflict_and_changes_nothing(world: World) -> None:
    s = plan_supervision(world)
    stale = s.version
    services.supervision_transition(
        supervision=s, actor=world.front_user, to="in_progress", expected_version=stale
    )
    other = Supervision.objects.get(pk=s.pk)
    other.version = stale
    with pytest.raises(Conflict):
        services.supervision_transition(
            supervision=other,
            actor=world.front_user,
            to="cancelled",
            expected_version=stale,
            reason="Trùng kế hoạch",
        )
    assert Supervision.objects.get(pk=s.pk).status == "in_progress"


def test_the_answer_deadline_is_counted_on_the_work_calendar(world: World) -> None:
    rule = next(r for r in answer_rules() if r.rule_id == "oversight.supervision_answer")
    calendar = work_calendar()
    # A sending day whose plain last day falls on a Saturday: the deadline moves to the next
    # working day.
    sent = days(-45)
    while (sent + dt.timedelta(days=rule.length)).weekday() != 5:
        sent -= dt.timedelta(days=1)
    _s, recs = supervision_with_sent(world, sent_on=sent)
    expected = calendar.next_working_day(sent + dt.timedelta(days=rule.length))
    assert recs[0].answer_due == expected
    assert expected.weekday() not in (5, 6)
    assert recs[0].answer_rule == "oversight.supervision_answer"
    row = Obligation.objects.get(target_type="oversight.supervision", key=f"answer-{recs[0].pk}")
    assert row.due == expected
    assert any("403/2017" in line for line in row.explanation)


def test_the_awaited_answer_is_on_the_addressees_board_until_answered(world: World) -> None:
    _s, recs = supervision_with_sent(world, sent_on=days(-50))
    rec = recs[0]
    board = obligation_queryset(user=world.ubnd_officer)
    assert [o.key for o in board if o.target_type == "oversight.supervision"] == [
        f"answer-{rec.pk}"
    ]
    assert rec.answer_due is not None and rec.answer_due < today()  # overdue
    rec = _answer(world, rec, on=today())
    assert rec.answered_late
    row = Obligation.objects.get(target_type="oversight.supervision", key=f"answer-{rec.pk}")
    assert row.status == ObligationStatus.DONE
    assert row.completed_on == today()
    assert not [
        o for o in obligation_queryset(user=world.ubnd_officer) if o.kind.startswith("oversight")
    ]


def test_summary_counts_sent_answered_late_and_unanswered(world: World) -> None:
    _s, recs = supervision_with_sent(
        world, sent_on=days(-60), addressees=[world.ubnd, world.commune_a, world.commune_b]
    )
    assert recs[0].answer_due is not None
    _answer(world, recs[0], on=recs[0].answer_due - dt.timedelta(days=3))
    _answer(world, recs[1], on=today(), actor=world.commune_a_officer)
    summary = selectors.recommendation_summary(
        list(Recommendation.objects.filter(supervision=recs[0].supervision_id))
    )
    assert (summary.sent, summary.answered, summary.answered_late) == (3, 2, 1)
    assert (summary.unanswered, summary.overdue) == (1, 1)


def test_only_the_addressee_answers(world: World) -> None:
    _s, recs = supervision_with_sent(world, sent_on=days(-10), addressees=[world.commune_a])
    with pytest.raises(PermissionDenied):
        _answer(world, recs[0], on=today(), actor=world.commune_b_officer)
    with pytest.raises(PermissionDenied):
        _answer(world, recs[0], on=today(), actor=world.front_user)
    assert Recommendation.objects.get(pk=recs[0].pk).status == "awaiting"
    # The province People's Committee is above the commune: it may answer for it.
    assert _answer(world, recs[0], on=today()).status == "answered"


def test_an_answer_with_a_bad_file_writes_nothing(world: World) -> None:
    _s, recs = supervision_with_sent(world, sent_on=days(-10))
    bad = UploadedFileInput(name="tra-loi.pdf", data=b"MZ\x90\x00 not a pdf")
    with pytest.raises(ValidationFailed) as exc:
        _answer(world, recs[0], on=today(), file=bad)
    assert "file" in exc.value.fields
    rec = Recommendation.objects.get(pk=recs[0].pk)
    assert (rec.status, rec.answered_on, rec.answer_file.name) == ("awaiting", None, "")
    good = UploadedFileInput(name="tra-loi.txt", data="Văn bản trả lời".encode())
    rec = _answer(world, rec, on=today(), file=good)
    rec.refresh_from_db()
    assert rec.answer_file_name == "tra-loi.txt"
    assert rec.answer_file.read() == "Văn bản trả lời".encode()


def test_a_not_satisfactory_answer_is_followed_up_with_a_new_deadline(world: World) -> None:
    _s, recs = supervision_with_sent(world, sent_on=days(-20))
    rec = _answer(world, recs[0], on=days(-5))
    services.recommendation_assess(
        recommendation=rec,
        actor=world.front_user,
        assessment="follow_up",
        note="Chưa công khai tại thôn",
        follow_up="Đề nghị công khai phương án tại nhà văn hóa thôn trong 10 ngày.",
        expected_version=rec.version,
    )
    rec.refresh_from_db()
    assert rec.status == "followed_up"
    follow = Recommendation.objects.get(follow_up_of=rec)
    assert (follow.status, follow.sent_on, follow.addressee_id) == (
        "awaiting",
        today(),
        world.ubnd.pk,
    )
    row = Obligation.objects.get(target_type="oversight.supervision", key=f"answer-{follow.pk}")
    assert row.status == ObligationStatus.OPEN


def test_closing_with_answers_missing_needs_a_reason_and_cancels_them(world: World) -> None:
    s, recs = supervision_with_sent(world, sent_on=days(-20))
    with pytest.raises(ValidationFailed) as exc:
        services.supervision_transition(
            supervision=s, actor=world.front_user, to="closed", expected_version=s.version
        )
    assert exc.value.code == "awaiting_answers"
    services.supervision_transition(
        supervision=s,
        actor=world.front_user,
        to="closed",
        expected_version=s.version,
        reason="Chuyển theo dõi sang chương trình giám sát năm sau",
    )
    row = Obligation.objects.get(target_type="oversight.supervision", key=f"answer-{recs[0].pk}")
    assert row.status == ObligationStatus.CANCELLED


def test_outsiders_neither_see_nor_manage_a_supervision(world: World) -> None:
    s = plan_supervision(world)
    with pytest.raises(Http404):
        selectors.supervision_get(user=world.outsider, pk=s.pk)
    with pytest.raises(PermissionDenied):
        services.supervision_transition(
            supervision=s, actor=world.outsider, to="in_progress", expected_version=s.version
        )
    with pytest.raises(PermissionDenied):
        services.supervision_transition(
            supervision=s, actor=world.ubnd_officer, to="in_progress", expected_version=s.version
        )


def test_supervised_bodies_and_addressees_see_the_supervision(world: World) -> None:
    s, _recs = supervision_with_sent(world, sent_on=days(-5), addressees=[world.commune_b])
    # commune A is supervised, commune B only addressed: both see it.
    assert selectors.supervision_get(user=world.commune_a_officer, pk=s.pk) == s
    assert selectors.supervision_get(user=world.commune_b_officer, pk=s.pk) == s
    other = plan_supervision(world, supervised_ids=[world.ubnd.pk])
    visible = set(selectors.supervision_list(user=world.commune_b_officer))
    assert s in visible and other not in visible
