"""Writes of the boards: terms from the rule data, one people's inspection board per commune,
members and replacements, records, recommendations on the overdue board, answers, assessments,
conflicts and permissions."""

from __future__ import annotations

import datetime as dt

import pytest

from danvan.boards import services
from danvan.boards.deadlines import term_end, term_rule
from danvan.boards.inputs import BoardInput, MemberInput, PlanInput, PlanItemInput, RecordInput
from danvan.boards.models import BoardMember, Recommendation
from danvan.boards.states import RecommendationStatus
from danvan.core.errors import Conflict, PermissionDenied, ValidationFailed
from danvan.core.models import Obligation, ObligationStatus
from danvan.core.models.audit import AuditEvent
from tests.boards.conftest import (
    SENT,
    TERM_FROM,
    World,
    inspection_board,
    record_with_recommendation,
)

pytestmark = pytest.mark.django_db


def test_people_inspection_term_follows_the_rule_in_force_on_its_first_day(world: World) -> None:
    board = inspection_board(world)
    # Five years from 1/10/2024 end on 30/9/2029.
    assert (board.term_from, board.term_to) == (TERM_FROM, dt.date(2029, 9, 30))
    assert board.term_rule == "boards.term.people_inspection"
    assert board.commune == world.ubnd_a and board.area_id == world.front_a.area_id
    assert AuditEvent.objects.filter(verb="board.create").count() == 1


def test_a_board_elected_before_july_2023_has_the_old_two_year_term(world: World) -> None:
    board = inspection_board(world, term_from=dt.date(2022, 9, 1))
    assert board.term_to == dt.date(2024, 8, 31)
    rule = term_rule("people_inspection", dt.date(2022, 9, 1))
    assert rule is not None and rule.years == 2


def test_term_end_of_a_leap_day() -> None:
    assert term_end(dt.date(2024, 2, 29), 5) == dt.date(2029, 2, 28)


def test_investment_board_needs_its_works_and_end_date(world: World) -> None:
    with pytest.raises(ValidationFailed) as exc:
        services.board_create(
            actor=world.front_a_user,
            data=BoardInput(kind="investment", front_id=world.front_a.pk, term_from=TERM_FROM),
        )
    assert "term_to" in exc.value.fields
    with pytest.raises(ValidationFailed) as exc:
        services.board_create(
            actor=world.front_a_user,
            data=BoardInput(
                kind="investment",
                front_id=world.front_a.pk,
                term_from=TERM_FROM,
                term_to=dt.date(2025, 6, 30),
            ),
        )
    assert "project" in exc.value.fields
    board = services.board_create(
        actor=world.front_a_user,
        data=BoardInput(
            kind="investment",
            front_id=world.front_a.pk,
            term_from=TERM_FROM,
            term_to=dt.date(2025, 6, 30),
            project="Đường bê tông thôn 3",
        ),
    )
    assert board.term_to == dt.date(2025, 6, 30)
    assert "Đường bê tông thôn 3" in board.name


def test_a_commune_has_one_active_people_inspection_board(world: World) -> None:
    board = inspection_board(world)
    with pytest.raises(ValidationFailed):
        inspection_board(world)
    services.board_end(
        board=board, actor=world.front_a_user, reason="Hết nhiệm kỳ", expected_version=board.version
    )
    assert inspection_board(world, term_from=dt.date(2026, 10, 1)).pk != board.pk


def test_only_the_front_side_sets_up_boards(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.board_create(
            actor=world.officer_a,
            data=BoardInput(
                kind="people_inspection", front_id=world.front_a.pk, term_from=TERM_FROM
            ),
        )
    with pytest.raises(PermissionDenied):
        services.board_create(
            actor=world.outsider,
            data=BoardInput(
                kind="people_inspection", front_id=world.front_a.pk, term_from=TERM_FROM
            ),
        )
    with pytest.raises(ValidationFailed):  # a province Front is not a commune Front
        services.board_create(
            actor=world.province_front_user,
            data=BoardInput(
                kind="people_inspection", front_id=world.province_front.pk, term_from=TERM_FROM
            ),
        )
    # The province Front covers its communes.
    board = services.board_create(
        actor=world.province_front_user,
        data=BoardInput(kind="people_inspection", front_id=world.front_b.pk, term_from=TERM_FROM),
    )
    assert board.commune == world.ubnd_b


def test_one_head_and_a_replacement_ends_the_old_member(world: World) -> None:
    board = inspection_board(world)
    head = services.member_add(
        board=board,
        actor=world.front_a_user,
        data=MemberInput(
            full_name="Hồ Văn Tư", role="head", from_on=TERM_FROM, representing="thôn A"
        ),
    )
    with pytest.raises(ValidationFailed) as exc:
        services.member_add(
            board=board,
            actor=world.front_a_user,
            data=MemberInput(full_name="Lê Văn Sơn", role="head", from_on=TERM_FROM),
        )
    assert "role" in exc.value.fields
    new = services.member_add(
        board=board,
        actor=world.front_a_user,
        data=MemberInput(
            full_name="Lê Văn Sơn", role="head", from_on=dt.date(2025, 3, 1), replaces_id=head.pk
        ),
    )
    head.refresh_from_db()
    assert head.to_on == dt.date(2025, 2, 28)
    assert new.replaces_id == head.pk
    assert list(BoardMember.objects.filter(board=board, to_on__isnull=True)) == [new]
    with pytest.raises(ValidationFailed):  # outside the term
        services.member_add(
            board=board,
            actor=world.front_a_user,
            data=MemberInput(full_name="X", role="member", from_on=dt.date(2030, 1, 1)),
        )


def test_plan_year_must_lie_in_the_term(world: World) -> None:
    board = inspection_board(world)
    with pytest.raises(ValidationFailed):
        services.plan_create(
            board=board,
            actor=world.front_a_user,
            data=PlanInput(kind="yearly", year=2031, title="K"),
        )
    plan = services.plan_create(
        board=board, actor=world.front_a_user, data=PlanInput(kind="yearly", year=2026, title="K")
    )
    item = services.plan_item_add(
        plan=plan,
        actor=world.front_a_user,
        data=PlanItemInput(content="Giám sát một cửa", starts_on=dt.date(2026, 3, 1)),
    )
    assert item.position == 1


def test_a_recommendation_is_an_obligation_of_the_addressee_until_answered(world: World) -> None:
    board = inspection_board(world)
    record = record_with_recommendation(world, board)
    rec = Recommendation.objects.get(record=record)
    # 15 calendar days (the data file's convention) after Monday 2/11/2026: Tuesday 17/11/2026.
    assert rec.answer_due == SENT + dt.timedelta(days=15) == dt.date(2026, 11, 17)
    ob = Obligation.objects.get(target_type="boards.board", target_id=board.pk)
    assert (ob.status, ob.due, ob.organization_id) == (
        ObligationStatus.OPEN,
        rec.answer_due,
        world.ubnd_a.pk,
    )

    with pytest.raises(PermissionDenied):
        services.recommendation_answer(
            recommendation=rec, actor=world.officer_b, text="Đã làm", expected_version=rec.version
        )
    with pytest.raises(Conflict):
        services.recommendation_answer(
            recommendation=rec,
            actor=world.officer_a,
            text="Đã làm",
            expected_version=rec.version + 1,
        )
    services.recommendation_answer(
        recommendation=rec,
        actor=world.officer_a,
        text="Đã gửi phiếu xin lỗi.",
        answered_on=dt.date(2026, 11, 20),
        signer="Chủ tịch UBND xã",
        expected_version=rec.version,
    )
    rec.refresh_from_db()
    assert rec.status == RecommendationStatus.ANSWERED and rec.answered_late
    ob.refresh_from_db()
    assert (ob.status, ob.completed_on) == (ObligationStatus.DONE, dt.date(2026, 11, 20))
    with pytest.raises(ValidationFailed):
        services.recommendation_answer(
            recommendation=rec, actor=world.officer_a, text="Lần hai", expected_version=rec.version
        )


def test_assessment_and_follow_up(world: World) -> None:
    board = inspection_board(world)
    rec = Recommendation.objects.get(record=record_with_recommendation(world, board))
    services.recommendation_answer(
        recommendation=rec,
        actor=world.officer_a,
        text="Sẽ xem xét.",
        answered_on=dt.date(2026, 11, 10),
        expected_version=rec.version,
    )
    with pytest.raises(PermissionDenied):
        services.recommendation_assess(
            recommendation=rec,
            actor=world.officer_a,
            assessment="satisfied",
            expected_version=rec.version,
        )
    with pytest.raises(ValidationFailed):
        services.recommendation_assess(
            recommendation=rec,
            actor=world.front_a_user,
            assessment="satisfied",
            follow_up="Tiếp",
            expected_version=rec.version,
        )
    services.recommendation_assess(
        recommendation=rec,
        actor=world.front_a_user,
        assessment="partly",
        note="Chưa nêu thời hạn khắc phục.",
        follow_up="Đề nghị nêu rõ thời hạn khắc phục.",
        on=dt.date(2026, 11, 12),
        expected_version=rec.version,
    )
    rec.refresh_from_db()
    assert rec.status == RecommendationStatus.ASSESSED and rec.assessment == "partly"
    follow = Recommendation.objects.get(follow_up_of=rec)
    assert (follow.addressee_id, follow.sent_on) == (world.ubnd_a.pk, dt.date(2026, 11, 12))
    assert follow.answer_due == dt.date(2026, 11, 27)  # 12/11 + 15 days, a Friday


def test_ending_a_board_cancels_open_answers(world: World) -> None:
    board = inspection_board(world)
    record_with_recommendation(world, board)
    board.refresh_from_db()
    with pytest.raises(Conflict):
        services.board_end(
            board=board,
            actor=world.front_a_user,
            reason="Hết nhiệm kỳ",
            expected_version=board.version - 1,
        )
    services.board_end(
        board=board, actor=world.front_a_user, reason="Giải thể", expected_version=board.version
    )
    ob = Obligation.objects.get(target_type="boards.board", target_id=board.pk)
    assert ob.status == ObligationStatus.CANCELLED
    with pytest.raises(ValidationFailed):
        services.record_create(
            board=board,
            actor=world.front_a_user,
            data=RecordInput(held_on=dt.date(2026, 11, 1), subject="X", content="Y"),
        )


def test_record_refuses_a_body_of_another_province_and_bad_files(world: World) -> None:
    board = inspection_board(world)
    with pytest.raises(ValidationFailed) as exc:
        services.record_create(
            board=board,
            actor=world.front_a_user,
            data=RecordInput(
                held_on=dt.date(2026, 11, 1),
                subject="X",
                content="Y",
                recommendations=[(world.other_front.pk, "Z")],
            ),
        )
    assert "addressee" in exc.value.fields
    from danvan.core.files import UploadedFileInput

    with pytest.raises(ValidationFailed):
        services.record_create(
            board=board,
            actor=world.front_a_user,
            data=RecordInput(
                held_on=dt.date(2026, 11, 1),
                subject="X",
                content="Y",
                files=[UploadedFileInput(name="a.pdf", data=b"not a pdf")],
            ),
        )
    assert not board.records.exists()


def test_record_with_file_and_recommendation_in_one_go(
    world: World, settings: object, tmp_path: object
) -> None:
    from danvan.core.files import UploadedFileInput

    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    board = inspection_board(world)
    record = services.record_create(
        board=board,
        actor=world.front_a_user,
        data=RecordInput(
            held_on=SENT,
            subject="Công trình nhà văn hóa",
            content="Giám sát thi công.",
            files=[UploadedFileInput(name="bien-ban.txt", data="Biên bản giám sát".encode())],
            recommendations=[(world.ubnd_a.pk, "Đề nghị công khai dự toán.")],
        ),
    )
    assert record.files.get().content_type == "text/plain"
    rec = record.recommendations.get()
    assert rec.sent_on == SENT and rec.answer_due == dt.date(2026, 11, 17)
