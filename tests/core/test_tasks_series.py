"""Recurring tasks: periods and labels, due-date rules, generation up to the current period
(idempotent, around period boundaries), the look-ahead, `until`, stopping, permissions."""

from __future__ import annotations

import datetime as dt

import pytest

from danvan.core.errors import Conflict, PermissionDenied, ValidationFailed
from danvan.core.models import AuditEvent, Obligation, Task, TaskDueRule, TaskSeries
from danvan.core.services.task_series import (
    due_of,
    period_of,
    task_series_create,
    task_series_generate,
    task_series_stop,
    task_series_update,
)
from danvan.core.tasks import daily_jobs, task_series_task
from tests.core.test_tasks_world import TasksWorld, tasks_world

__all__ = ["tasks_world"]

D = dt.date


@pytest.mark.parametrize(
    ("recurrence", "day", "start", "end", "label"),
    [
        ("monthly", D(2026, 11, 30), D(2026, 11, 1), D(2026, 11, 30), "Tháng 11/2026"),
        ("monthly", D(2024, 2, 29), D(2024, 2, 1), D(2024, 2, 29), "Tháng 2/2024"),
        ("quarterly", D(2026, 12, 31), D(2026, 10, 1), D(2026, 12, 31), "Quý IV/2026"),
        ("quarterly", D(2026, 4, 1), D(2026, 4, 1), D(2026, 6, 30), "Quý II/2026"),
        ("half_yearly", D(2026, 6, 30), D(2026, 1, 1), D(2026, 6, 30), "6 tháng đầu năm 2026"),
        ("half_yearly", D(2026, 7, 1), D(2026, 7, 1), D(2026, 12, 31), "6 tháng cuối năm 2026"),
        ("yearly", D(2026, 5, 5), D(2026, 1, 1), D(2026, 12, 31), "Năm 2026"),
    ],
)
def test_period_of_a_day_has_its_bounds_and_vietnamese_label(
    recurrence: str, day: dt.date, start: dt.date, end: dt.date, label: str
) -> None:
    period = period_of(recurrence, day)
    assert (period.start, period.end, period.label) == (start, end, label)


def test_due_rules_follow_the_period() -> None:
    december = period_of("monthly", D(2026, 12, 10))
    assert due_of(december, due_rule="after_end", due_offset_days=5) == D(2027, 1, 5)
    assert due_of(december, due_rule="after_end", due_offset_days=0) == D(2026, 12, 31)
    assert due_of(december, due_rule="next_month_day", due_day=20) == D(2027, 1, 20)
    q1 = period_of("quarterly", D(2026, 2, 1))
    assert due_of(q1, due_rule="next_month_day", due_day=15) == D(2026, 4, 15)


def _monthly(w: TasksWorld, today: dt.date, **kwargs: object) -> TaskSeries:
    values: dict[str, object] = {
        "actor": w.leader_a,
        "title": "Báo cáo công tác dân vận tháng",
        "organization": w.org_a,
        "recurrence": "monthly",
        "starts_on": D(2026, 9, 15),
        "due_offset_days": 5,
        "supporting": [(w.front_a, "Tổng hợp ý kiến cử tri")],
        "assignee": w.officer_a,
        "today": today,
    }
    values.update(kwargs)
    return task_series_create(**values)  # type: ignore[arg-type]


def occurrences(series: TaskSeries) -> list[tuple[dt.date | None, dt.date, str]]:
    return list(
        Task.objects.filter(series=series)
        .order_by("period_start")
        .values_list("period_start", "due", "period_label")
    )


def test_creating_a_series_gives_every_period_up_to_the_current_one(
    tasks_world: TasksWorld,
) -> None:
    w = tasks_world
    # 20 November: November's due date (5 December) is within 30 days, December's is not.
    series = _monthly(w, D(2026, 11, 20))
    assert occurrences(series) == [
        (D(2026, 9, 1), D(2026, 10, 5), "Tháng 9/2026"),
        (D(2026, 10, 1), D(2026, 11, 5), "Tháng 10/2026"),
        (D(2026, 11, 1), D(2026, 12, 5), "Tháng 11/2026"),
    ]
    task = Task.objects.get(series=series, period_start=D(2026, 11, 1))
    assert task.title == "Báo cáo công tác dân vận tháng — Tháng 11/2026"
    assert task.assignee == w.officer_a
    assert [(s.organization, s.duty) for s in task.supports.all()] == [
        (w.front_a, "Tổng hợp ý kiến cử tri")
    ]
    assert Obligation.objects.filter(target_type="core.task", target_id=task.pk).exists()
    assert AuditEvent.objects.filter(verb="task_series.create").count() == 1


def test_the_next_period_is_given_ahead_when_its_due_date_is_near(
    tasks_world: TasksWorld,
) -> None:
    w = tasks_world
    series = _monthly(w, D(2026, 11, 20), due_rule="next_month_day", due_day=1, due_offset_days=0)
    # December's due date 1 January 2027 is within 30 days of 20 November? No (42 days).
    assert [o[0] for o in occurrences(series)][-1] == D(2026, 11, 1)
    task_series_generate(today=D(2026, 12, 2))
    # On 2 December, January's occurrence (due 1 February) is still far; December's is given.
    assert [o[0] for o in occurrences(series)][-1] == D(2026, 12, 1)
    task_series_generate(today=D(2027, 1, 2))
    assert [o[0] for o in occurrences(series)][-1] == D(2027, 1, 1)


def test_generation_is_idempotent_and_crosses_the_year(tasks_world: TasksWorld) -> None:
    w = tasks_world
    series = _monthly(w, D(2026, 11, 20))
    first = task_series_generate(today=D(2027, 1, 1))
    second = task_series_generate(today=D(2027, 1, 1))
    assert first["created"] == 2  # December 2026 and January 2027 (due 5 February)
    assert second["created"] == 0
    labels = [o[2] for o in occurrences(series)]
    assert labels[-2:] == ["Tháng 12/2026", "Tháng 1/2027"]
    assert len(labels) == len(set(labels)) == 5


def test_quarterly_series_at_the_quarter_boundary(tasks_world: TasksWorld) -> None:
    w = tasks_world
    series = task_series_create(
        actor=w.leader_a,
        title="Báo cáo quý về tình hình nhân dân",
        organization=w.org_a,
        recurrence="quarterly",
        starts_on=D(2026, 7, 1),
        due_offset_days=10,
        today=D(2026, 9, 30),
    )
    # Q3 is current; Q4 (due 10 January) is not within 30 days of 30 September.
    assert [o[2] for o in occurrences(series)] == ["Quý III/2026"]
    task_series_generate(today=D(2026, 10, 1))
    assert occurrences(series)[-1] == (D(2026, 10, 1), D(2027, 1, 10), "Quý IV/2026")


def test_until_ends_the_series(tasks_world: TasksWorld) -> None:
    w = tasks_world
    series = _monthly(w, D(2026, 11, 20), until=D(2026, 10, 31))
    task_series_generate(today=D(2027, 3, 1))
    assert [o[2] for o in occurrences(series)] == ["Tháng 9/2026", "Tháng 10/2026"]


def test_a_stopped_series_gives_nothing_more_and_keeps_its_tasks(
    tasks_world: TasksWorld,
) -> None:
    w = tasks_world
    series = _monthly(w, D(2026, 11, 20))
    series = task_series_stop(
        series=series,
        actor=w.leader_a,
        expected_version=series.version,
        reason="Gộp vào báo cáo quý",
        today=D(2026, 11, 21),
    )
    result = task_series_generate(today=D(2027, 2, 1))
    assert result["created"] == 0
    assert len(occurrences(series)) == 3
    assert series.status == "stopped" and series.stopped_on == D(2026, 11, 21)
    with pytest.raises(ValidationFailed):
        task_series_stop(series=series, actor=w.leader_a, expected_version=series.version)


def test_stale_version_is_a_conflict(tasks_world: TasksWorld) -> None:
    w = tasks_world
    series = _monthly(w, D(2026, 11, 20))
    task_series_update(
        series=series, actor=w.leader_a, expected_version=1, title="Báo cáo tháng (mới)"
    )
    with pytest.raises(Conflict):
        task_series_stop(series=series, actor=w.leader_a, expected_version=1)


def test_update_changes_only_the_occurrences_given_afterwards(tasks_world: TasksWorld) -> None:
    w = tasks_world
    series = _monthly(w, D(2026, 11, 20))
    series = task_series_update(
        series=series,
        actor=w.leader_a,
        expected_version=series.version,
        due_rule=TaskDueRule.DAY_OF_NEXT_MONTH,
        due_day=10,
        today=D(2026, 11, 20),
    )
    task_series_generate(today=D(2026, 12, 1))
    assert occurrences(series)[-2][1] == D(2026, 12, 5)  # November: as given
    assert occurrences(series)[-1][1] == D(2027, 1, 10)  # December: the new rule


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"recurrence": "weekly"}, "recurrence"),
        ({"due_rule": "next_month_day", "due_day": 31}, "due_day"),
        ({"due_offset_days": -1}, "due_offset_days"),
        ({"starts_on": D(2020, 1, 1)}, "starts_on"),
        ({"until": D(2026, 8, 1)}, "until"),
        ({"title": "  "}, "title"),
    ],
)
def test_bad_series_input_is_refused_on_its_field_and_writes_nothing(
    tasks_world: TasksWorld, kwargs: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        _monthly(tasks_world, D(2026, 11, 20), **kwargs)
    assert field in caught.value.fields
    assert not TaskSeries.objects.exists()
    assert not Task.objects.exists()


def test_a_supporting_units_officer_cannot_create_a_series_for_the_lead(
    tasks_world: TasksWorld,
) -> None:
    w = tasks_world
    with pytest.raises(PermissionDenied):
        _monthly(w, D(2026, 11, 20), actor=w.front_officer)
    assert not TaskSeries.objects.exists()


def test_the_daily_job_is_registered_and_generates(tasks_world: TasksWorld) -> None:
    w = tasks_world
    series = _monthly(w, D(2026, 9, 20))
    assert task_series_task in daily_jobs()
    result = task_series_task.call(day="2026-11-02")
    assert result == {"series": 1, "created": 2}
    assert [o[2] for o in occurrences(series)][-1] == "Tháng 11/2026"
