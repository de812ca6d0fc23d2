"""The generic task: its services, their audit, permissions, version conflicts, and the task's
own obligation on the overdue board."""

from __future__ import annotations

import datetime as dt

import pytest

from danvan.core.errors import Conflict, PermissionDenied, ValidationFailed
from danvan.core.models import AuditEvent, Obligation, Role, Task
from danvan.core.selectors.obligations import obligation_board
from danvan.core.services.tasks import (
    task_cancel,
    task_complete,
    task_create,
    task_update,
    task_update_progress,
)
from tests.core.test_board_support import (
    BoardWorld,
    board_world,
    fast_password_hashing,
    fresh,
    member,
)
from tests.factories import UserFactory

__all__ = ["board_world", "fast_password_hashing"]

D = dt.date


def obligation_of(task: Task) -> Obligation:
    return Obligation.objects.get(target_type="core.task", target_id=task.pk, key="task")


def verbs(task: Task) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_type="core.task", target_id=str(task.pk))
        .order_by("seq")
        .values_list("verb", flat=True)
    )


@pytest.fixture
def task(board_world: BoardWorld) -> Task:
    w = board_world
    return task_create(
        actor=w.leader_a,
        title="Kiểm tra hiện trạng bãi rác thôn 3",
        organization=w.org_a,
        due=D(2026, 3, 20),
        assignee=w.officer_a,
        target=w.province_org,
    )


def test_leader_gives_a_task_that_shows_on_the_board(task: Task, board_world: BoardWorld) -> None:
    w = board_world
    row = obligation_of(task)

    assert (row.kind, row.status, row.due) == ("task", "open", D(2026, 3, 20))
    assert (row.organization_id, row.assignee_id) == (w.org_a.pk, w.officer_a.pk)
    assert row.area_id == w.commune_a.pk
    assert (task.target_type, task.target_id) == ("core.organization", w.province_org.pk)
    assert verbs(task) == ["task.create"]
    board = obligation_board(user=fresh(w.officer_a))
    assert [r.obligation.pk for r in board.rows] == [row.pk]
    assert board.rows[0].kind_label == "Nhiệm vụ"


def test_officer_of_another_commune_cannot_give_a_task_here(board_world: BoardWorld) -> None:
    w = board_world

    with pytest.raises(PermissionDenied):
        task_create(actor=w.officer_b, title="Việc", organization=w.org_a, due=D(2026, 3, 20))

    assert not Task.objects.exists()


def test_viewer_cannot_give_a_task(board_world: BoardWorld) -> None:
    viewer = member(board_world.org_a, Role.VIEWER, "chixem.a")

    with pytest.raises(PermissionDenied):
        task_create(actor=viewer, title="Việc", organization=board_world.org_a, due=D(2026, 3, 20))


def test_province_leader_gives_a_task_to_a_commune(board_world: BoardWorld) -> None:
    w = board_world

    made = task_create(
        actor=w.province_leader, title="Báo cáo nhanh", organization=w.org_b, due=D(2026, 3, 20)
    )

    assert obligation_of(made).organization_id == w.org_b.pk


def test_the_assignee_must_belong_to_the_organisation(board_world: BoardWorld) -> None:
    w = board_world

    with pytest.raises(ValidationFailed) as raised:
        task_create(
            actor=w.leader_a,
            title="Việc",
            organization=w.org_a,
            due=D(2026, 3, 20),
            assignee=w.officer_b,
        )

    assert "assignee" in raised.value.fields


@pytest.mark.parametrize(("title", "field"), [("   ", "title"), ("x" * 301, "title")])
def test_a_task_needs_a_proper_title(board_world: BoardWorld, title: str, field: str) -> None:
    with pytest.raises(ValidationFailed) as raised:
        task_create(
            actor=board_world.leader_a,
            title=title,
            organization=board_world.org_a,
            due=D(2026, 3, 20),
        )

    assert field in raised.value.fields


def test_progress_is_recorded_and_audited(task: Task, board_world: BoardWorld) -> None:
    updated = task_update_progress(
        task=task, actor=board_world.officer_a, progress=40, note="Đã khảo sát", expected_version=1
    )

    assert (updated.progress, updated.status, updated.version) == (40, "in_progress", 2)
    assert verbs(task) == ["task.create", "task.progress"]
    event = AuditEvent.objects.filter(verb="task.progress").get()
    assert event.changes["progress"] == [0, 40]
    assert event.changes["note"] == [None, "Đã khảo sát"]
    assert obligation_of(task).target_status == "in_progress"


def test_a_stale_version_is_a_conflict_and_changes_nothing(
    task: Task, board_world: BoardWorld
) -> None:
    w = board_world
    stale = Task.objects.get(pk=task.pk)
    task_update_progress(task=task, actor=w.officer_a, progress=40, expected_version=1)

    with pytest.raises(Conflict):
        task_update_progress(task=stale, actor=w.leader_a, progress=90, expected_version=1)

    task.refresh_from_db()
    assert (task.progress, task.version) == (40, 2)
    assert verbs(task) == ["task.create", "task.progress"]


@pytest.mark.parametrize("progress", [-1, 101])
def test_progress_outside_0_to_100_is_refused(
    task: Task, board_world: BoardWorld, progress: int
) -> None:
    with pytest.raises(ValidationFailed):
        task_update_progress(
            task=task, actor=board_world.officer_a, progress=progress, expected_version=1
        )


def test_completing_takes_the_task_off_the_board(task: Task, board_world: BoardWorld) -> None:
    done = task_complete(
        task=task, actor=board_world.officer_a, expected_version=1, on=D(2026, 3, 18)
    )

    row = obligation_of(task)
    assert (done.status, done.progress, done.completed_on) == ("done", 100, D(2026, 3, 18))
    assert (row.status, row.completed_on) == ("done", D(2026, 3, 18))
    assert obligation_board(user=fresh(board_world.officer_a)).count == 0
    assert verbs(task) == ["task.create", "task.complete"]


def test_a_done_task_cannot_be_changed_again(task: Task, board_world: BoardWorld) -> None:
    done = task_complete(task=task, actor=board_world.officer_a, expected_version=1)

    with pytest.raises(ValidationFailed):
        task_update_progress(
            task=done, actor=board_world.officer_a, progress=50, expected_version=done.version
        )


def test_cancelling_needs_a_reason_and_cancels_the_obligation(
    task: Task, board_world: BoardWorld
) -> None:
    with pytest.raises(ValidationFailed) as raised:
        task_cancel(task=task, actor=board_world.leader_a, reason=" ", expected_version=1)
    assert "reason" in raised.value.fields

    cancelled = task_cancel(
        task=task, actor=board_world.leader_a, reason="Trùng việc khác", expected_version=1
    )

    assert cancelled.status == "cancelled"
    assert obligation_of(task).status == "cancelled"
    event = AuditEvent.objects.filter(verb="task.cancel").get()
    assert event.changes["reason"] == [None, "Trùng việc khác"]


def test_new_due_date_and_assignee_move_the_obligation(task: Task, board_world: BoardWorld) -> None:
    w = board_world

    changed = task_update(
        task=task, actor=w.leader_a, expected_version=1, due=D(2026, 4, 3), assignee=w.leader_a
    )

    row = obligation_of(task)
    assert (changed.due, changed.version) == (D(2026, 4, 3), 2)
    assert (row.due, row.assignee_id) == (D(2026, 4, 3), w.leader_a.pk)
    assert AuditEvent.objects.filter(verb="task.update").get().changes["due"] == [
        "2026-03-20",
        "2026-04-03",
    ]


def test_outsider_cannot_touch_a_task(task: Task) -> None:
    outsider = UserFactory()

    with pytest.raises(PermissionDenied):
        task_update_progress(task=task, actor=outsider, progress=10, expected_version=1)


def test_supporting_units_are_recorded_with_their_part(board_world: BoardWorld) -> None:
    w = board_world
    created = task_create(
        actor=w.leader_a,
        title="Tuyên truyền vận động bàn giao mặt bằng",
        organization=w.org_a,
        due=D(2026, 3, 20),
        supporting=[(w.province_org, "Cung cấp tài liệu tuyên truyền")],
    )

    supports = list(created.supports.values_list("organization_id", "duty"))
    assert supports == [(w.province_org.pk, "Cung cấp tài liệu tuyên truyền")]
    event = AuditEvent.objects.get(target_type="core.task", target_id=str(created.pk))
    assert event.changes["supporting"][1] == [w.province_org.code]


@pytest.mark.parametrize("which", ["lead", "twice"])
def test_supporting_units_refuse_the_lead_and_repeats(board_world: BoardWorld, which: str) -> None:
    w = board_world
    supporting = [w.org_a] if which == "lead" else [w.province_org, w.province_org]

    with pytest.raises(ValidationFailed) as caught:
        task_create(
            actor=w.leader_a,
            title="Việc",
            organization=w.org_a,
            due=D(2026, 3, 20),
            supporting=supporting,
        )

    assert "supporting" in caught.value.fields
    assert not Task.objects.exists()
