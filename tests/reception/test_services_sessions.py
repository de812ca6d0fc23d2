"""Sessions: planning, the lifecycle table, the publication deadline on the overdue board."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from danvan.core.errors import Conflict, PermissionDenied, ValidationFailed
from danvan.core.models import AuditEvent, Obligation, Task
from danvan.reception.inputs import SessionTransitionInput
from danvan.reception.services import (
    session_create,
    session_task_add,
    session_transition,
    session_update,
)
from danvan.reception.states import TRANSITIONS, SessionStatus, allowed_targets
from tests.petitions.conftest import World
from tests.reception.conftest import DAY, session_input


def move(session, actor, to, **kw):  # type: ignore[no-untyped-def]
    data = SessionTransitionInput(to=to, expected_version=session.version, **kw)
    return session_transition(session=session, actor=actor, data=data)


def publish_obligation(session) -> Obligation:  # type: ignore[no-untyped-def]
    return Obligation.objects.get(
        target_type="reception.receptionsession", target_id=session.pk, key="publish"
    )


def test_scheduled_session_gets_its_publication_deadline_five_working_days_before(
    world: World,
) -> None:
    # given a scheduled session on Monday 2 March 2026
    session = session_create(actor=world.officer_a, data=session_input(world))

    # then the schedule must be published by Monday 23 February (5 working days before)
    obligation = publish_obligation(session)
    assert obligation.status == "open"
    assert obligation.rule_id == "reception.schedule_publish"
    assert obligation.due == dt.date(2026, 2, 23)
    assert session.publish_due == dt.date(2026, 2, 23)
    assert session.level == "commune"
    assert any("Tính lùi" in line for line in obligation.explanation)


def test_publishing_marks_the_obligation_done_on_the_publication_day(world: World) -> None:
    session = session_create(actor=world.officer_a, data=session_input(world))

    move(session, world.officer_a, "published", on=dt.date(2026, 2, 25))

    obligation = publish_obligation(session)
    assert obligation.status == "done"
    assert obligation.completed_on == dt.date(2026, 2, 25)  # two days late: the board shows it
    session.refresh_from_db()
    assert session.status == "published" and session.published_on == dt.date(2026, 2, 25)


def test_daily_desk_day_has_no_schedule_to_publish_and_is_held_directly(world: World) -> None:
    session = session_create(actor=world.officer_a, data=session_input(world, kind="daily"))

    assert not Obligation.objects.filter(target_id=session.pk, key="publish").exists()
    assert allowed_targets(session.status, session.kind) == ["held", "cancelled"]
    move(session, world.officer_a, "held", summary="Tiếp 3 lượt công dân.")
    session.refresh_from_db()
    assert session.status == "held"


def test_scheduled_session_cannot_be_held_before_its_schedule_is_published(world: World) -> None:
    session = session_create(actor=world.officer_a, data=session_input(world))

    with pytest.raises(ValidationFailed) as exc:
        move(session, world.officer_a, "held")
    assert exc.value.code == "illegal_transition"
    assert "công khai lịch" in exc.value.message


def test_extraordinary_session_needs_a_reason(world: World) -> None:
    with pytest.raises(ValidationFailed) as exc:
        session_create(actor=world.officer_a, data=session_input(world, kind="extraordinary"))
    assert "reason" in exc.value.fields

    session = session_create(
        actor=world.officer_a,
        data=session_input(world, kind="extraordinary", reason="Đông người tập trung tại trụ sở"),
    )
    assert session.reason == "Đông người tập trung tại trụ sở"


def test_postponement_moves_the_day_and_keeps_the_announced_reason(world: World) -> None:
    session = session_create(actor=world.officer_a, data=session_input(world))
    move(session, world.officer_a, "published", on=dt.date(2026, 2, 20))

    move(
        session,
        world.officer_a,
        "postponed",
        new_date=dt.date(2026, 3, 9),
        reason="Chủ tịch đi công tác đột xuất",
        on=dt.date(2026, 2, 27),
    )

    session.refresh_from_db()
    assert session.status == "postponed"
    assert session.date == dt.date(2026, 3, 9)
    assert session.postponed_from == DAY
    assert session.postponement_reason == "Chủ tịch đi công tác đột xuất"
    assert publish_obligation(session).status == "done"  # published once; the notice is public
    move(session, world.officer_a, "held")
    session.refresh_from_db()
    assert session.status == "held"


def test_postponement_requires_reason_and_a_later_new_date(world: World) -> None:
    session = session_create(actor=world.officer_a, data=session_input(world))
    move(session, world.officer_a, "published", on=dt.date(2026, 2, 20))

    with pytest.raises(ValidationFailed) as exc:
        move(session, world.officer_a, "postponed", new_date=dt.date(2026, 3, 9))
    assert "reason" in exc.value.fields
    with pytest.raises(ValidationFailed) as exc:
        move(session, world.officer_a, "postponed", reason="Bận", new_date=None)
    assert "new_date" in exc.value.fields


def test_session_in_the_future_cannot_be_held_yet(world: World) -> None:
    future = dt.date.today() + dt.timedelta(days=20)
    session = session_create(actor=world.officer_a, data=session_input(world, date=future))
    move(session, world.officer_a, "published")
    with pytest.raises(ValidationFailed):
        move(session, world.officer_a, "held")


def test_cancelling_before_publication_cancels_the_obligation(world: World) -> None:
    session = session_create(actor=world.officer_a, data=session_input(world))
    move(session, world.officer_a, "cancelled", reason="Trùng lịch họp Hội đồng nhân dân")
    assert publish_obligation(session).status == "cancelled"
    assert allowed_targets("cancelled", "scheduled") == []


def test_stale_version_is_a_conflict_and_changes_nothing(world: World) -> None:
    session = session_create(actor=world.officer_a, data=session_input(world))
    stale = session.version
    move(session, world.officer_a, "published", on=dt.date(2026, 2, 20))

    with pytest.raises(Conflict):
        session_transition(
            session=session,
            actor=world.officer_a,
            data=SessionTransitionInput(to="cancelled", expected_version=stale, reason="Lý do"),
        )
    session.refresh_from_db()
    assert session.status == "published"


def test_transition_table_has_no_move_out_of_terminal_states() -> None:
    assert TRANSITIONS[SessionStatus.HELD] == frozenset()
    assert TRANSITIONS[SessionStatus.CANCELLED] == frozenset()
    assert set(TRANSITIONS) == set(SessionStatus.values)


def test_other_communes_officer_and_viewer_cannot_plan_or_move(world: World) -> None:
    with pytest.raises(ValidationFailed) as exc:
        session_create(actor=world.officer_b, data=session_input(world))
    assert "organization" in exc.value.fields
    session = session_create(actor=world.officer_a, data=session_input(world))
    with pytest.raises(PermissionDenied):
        move(session, world.viewer, "published")
    with pytest.raises(PermissionDenied):
        move(session, world.officer_b, "published")


def test_province_officer_plans_for_a_commune_below(world: World) -> None:
    session = session_create(actor=world.officer, data=session_input(world))
    assert session.organization == world.commune_a_org


def test_update_after_publication_refuses_a_new_date(world: World) -> None:
    session = session_create(actor=world.officer_a, data=session_input(world))
    move(session, world.officer_a, "published", on=dt.date(2026, 2, 20))
    with pytest.raises(ValidationFailed) as exc:
        session_update(
            session=session,
            actor=world.officer_a,
            data=session_input(world, date=dt.date(2026, 3, 3)),
            expected_version=session.version,
        )
    assert "date" in exc.value.fields
    session_update(
        session=session,
        actor=world.officer_a,
        data=session_input(world, place="Nhà văn hóa thôn Đông"),
        expected_version=session.version,
    )
    session.refresh_from_db()
    assert session.place == "Nhà văn hóa thôn Đông"


def test_every_change_is_audited_with_a_neutral_label(world: World) -> None:
    session = session_create(actor=world.officer_a, data=session_input(world))
    move(session, world.officer_a, "published", on=dt.date(2026, 2, 20))
    verbs = list(
        AuditEvent.objects.filter(
            target_type="reception.receptionsession", target_id=str(session.pk)
        )
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs == ["reception.session_create", "reception.session_transition"]


def test_follow_up_task_is_linked_to_the_session_and_on_the_board(world: World) -> None:
    session = session_create(actor=world.officer_a, data=session_input(world, kind="daily"))
    move(session, world.officer_a, "held")

    task = session_task_add(
        session=session,
        actor=world.officer_a,
        title="Kiểm tra hiện trạng đất của bà Mai",
        due=dt.date(2026, 3, 20),
    )
    assert Task.objects.get(pk=task.pk).target_type == "reception.receptionsession"
    assert task.target_id == session.pk
    assert Obligation.objects.filter(target_type="core.task", target_id=task.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_two_moves_at_once_one_wins_the_other_conflicts(world: World) -> None:
    from django.db import connection

    # The in-memory SQLite test database answers "table is locked" instead of waiting (see
    # tests/core/test_audit.py); this runs on PostgreSQL.
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("in-memory SQLite: the stale-version test covers the guard")
    session = session_create(actor=world.officer_a, data=session_input(world))
    version = session.version
    results: list[str] = []

    def publish(to: str, reason: str = "") -> None:
        from django.db import connection

        from danvan.reception.models import ReceptionSession

        try:
            # Each officer's request reads the session afresh; both pages showed `version`.
            # Whoever comes second (before or after the first one's commit) gets a conflict.
            fresh = ReceptionSession.objects.get(pk=session.pk)
            session_transition(
                session=fresh,
                actor=world.officer_a,
                data=SessionTransitionInput(
                    to=to, expected_version=version, reason=reason, on=dt.date(2026, 2, 20)
                ),
            )
            results.append("ok")
        except Conflict:
            results.append("conflict")
        except Exception as exc:  # pragma: no cover - shows up in the assertion
            results.append(repr(exc))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=publish, args=("published",)),
        threading.Thread(target=publish, args=("cancelled", "Trùng lịch")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["conflict", "ok"]
