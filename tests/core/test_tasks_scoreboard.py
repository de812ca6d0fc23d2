"""The scoreboard of units: every class recomputed independently from the fixtures, the task
list's filters giving exactly the counted tasks, scoping, the query count, the page, the XLSX
export and the API."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from danvan.core.models import Task, TaskStatus
from danvan.core.selectors.scoreboard import (
    OUTCOMES,
    score_period,
    task_rules_for,
    task_scoreboard,
)
from danvan.core.selectors.tasks import TaskFilters, task_list
from danvan.core.services.task_series import task_series_create
from danvan.core.services.tasks import task_cancel, task_complete, task_update_progress
from tests.core.test_tasks_world import TasksWorld, fresh, give, member, new_org, tasks_world

__all__ = ["tasks_world"]

D = dt.date
TODAY = D(2026, 11, 30)
YEAR = score_period(year=2026)


def done(task: Task, actor: Any, on: dt.date) -> Task:
    return task_complete(task=task, actor=actor, expected_version=task.version, on=on)


@pytest.fixture
def board(tasks_world: TasksWorld) -> dict[str, Task]:
    w = tasks_world
    t: dict[str, Task] = {}
    t["a_on_time"] = done(give(w, "Họp dân thôn 1", D(2026, 3, 10)), w.leader_a, D(2026, 3, 9))
    t["a_late"] = done(give(w, "Họp dân thôn 2", D(2026, 3, 10)), w.leader_a, D(2026, 3, 15))
    t["a_overdue"] = give(w, "Trả lời kiến nghị cử tri", D(2026, 11, 20))
    t["a_missed"] = give(w, "Báo cáo vụ việc đất đai", D(2026, 9, 1))
    cancelled = give(w, "Việc đã hủy", D(2026, 5, 1))
    task_cancel(task=cancelled, actor=w.leader_a, reason="Trùng việc", expected_version=1)
    t["a_last_year"] = give(w, "Việc năm trước", D(2025, 12, 31))
    t["b_on_time"] = done(
        give(w, "Đối thoại định kỳ", D(2026, 6, 30), organization=w.org_b),
        w.province_leader,
        D(2026, 6, 30),
    )
    t["b_pending"] = give(w, "Tổng kết năm", D(2026, 12, 15), organization=w.org_b)
    # The Fatherland Front leads a task of its own (given by the province leader).
    front_task = give(w, "Khảo sát ý kiến đoàn viên", D(2026, 11, 25), organization=w.front_a)
    t["f_overdue"] = task_update_progress(
        task=front_task, actor=fresh(w.front_officer), progress=30, expected_version=1
    )
    # A monthly series: October's occurrence (due 31/10) is 30 days late on 30/11 — not past
    # the threshold, but November's (due 30/11) has fallen due: October counts as missed.
    series = task_series_create(
        actor=w.leader_a,
        title="Báo cáo tháng",
        organization=w.org_a,
        recurrence="monthly",
        starts_on=D(2026, 10, 1),
        due_offset_days=0,
        today=TODAY,
    )
    for occurrence in Task.objects.filter(series=series):
        t[f"s_{occurrence.period_start:%m}"] = occurrence
    return t


def classify(task: Task, today: dt.date) -> str:
    """The scoreboard's classes, recomputed in Python from the rows."""
    if task.status == TaskStatus.DONE:
        assert task.completed_on is not None
        return "late" if task.completed_on > task.due else "on_time"
    if task.due >= today:
        return "pending"
    if (today - task.due).days > task_rules_for(today).missed_after_days:
        return "missed"
    if task.series_id is not None:
        later = Task.objects.filter(
            series_id=task.series_id, period_start__gt=task.period_start, due__lte=today
        ).exclude(status=TaskStatus.CANCELLED)
        if later.exists():
            return "missed"
    return "overdue"


def expected(
    unit_ids: set[int], period_start: dt.date, period_end: dt.date
) -> dict[int, dict[str, set[int]]]:
    found: dict[int, dict[str, set[int]]] = {}
    for task in Task.objects.exclude(status=TaskStatus.CANCELLED):
        if task.organization_id in unit_ids and period_start <= task.due <= period_end:
            by = found.setdefault(task.organization_id, {k: set() for k in OUTCOMES})
            by[classify(task, TODAY)].add(task.pk)
    return found


def test_province_leader_sees_every_unit_counted_as_recomputed(
    board: dict[str, Task], tasks_world: TasksWorld
) -> None:
    w = tasks_world
    result = task_scoreboard(user=fresh(w.province_leader), period=YEAR, today=TODAY)
    want = expected({w.org_a.pk, w.org_b.pk, w.front_a.pk}, YEAR.start, YEAR.end)
    got = {row.organization_id: row.counts for row in result.rows}
    assert got == {org: {k: len(v) for k, v in by.items()} for org, by in want.items()}
    # The hand-checked figures of the fixture.
    a = got[w.org_a.pk]
    # (December's occurrence, due 31/12, is 31 days ahead: not given yet.)
    assert a == {"on_time": 1, "late": 1, "pending": 1, "overdue": 1, "missed": 2}
    assert classify(board["s_10"], TODAY) == "missed"
    assert result.totals.counts["missed"] == 2 and result.totals.total == 9
    # Worst first: commune A (2 missed), then the Front (1 overdue), then commune B.
    assert [r.organization_id for r in result.rows] == [w.org_a.pk, w.front_a.pk, w.org_b.pk]
    assert result.rows[0].on_time_rate == pytest.approx(1 / 5)  # 1 on time of 5 due
    assert result.rows[2].on_time_rate == 1.0


def test_every_number_is_exactly_the_tasks_of_the_filtered_list(
    board: dict[str, Task], tasks_world: TasksWorld
) -> None:
    w = tasks_world
    leader = fresh(w.province_leader)
    want = expected({w.org_a.pk, w.org_b.pk, w.front_a.pk}, YEAR.start, YEAR.end)
    for org_id, by in want.items():
        for outcome, ids in by.items():
            filters = TaskFilters(
                lead=org_id, outcome=outcome, due_from=YEAR.start, due_to=YEAR.end
            )
            listed = set(
                task_list(user=leader, filters=filters, today=TODAY).values_list("pk", flat=True)
            )
            assert listed == ids, (org_id, outcome)
    everything = TaskFilters(outcome="counted", due_from=YEAR.start, due_to=YEAR.end)
    assert task_list(user=leader, filters=everything, today=TODAY).count() == 9


def test_commune_officer_sees_only_their_unit_and_a_chosen_subtree_narrows(
    board: dict[str, Task], tasks_world: TasksWorld
) -> None:
    w = tasks_world
    result = task_scoreboard(user=fresh(w.officer_b), period=YEAR, today=TODAY)
    assert [r.organization_id for r in result.rows] == [w.org_b.pk]
    subtree = task_scoreboard(user=fresh(w.province_leader), period=YEAR, root=w.org_a, today=TODAY)
    assert [r.organization_id for r in subtree.rows] == [w.org_a.pk]


def test_a_quarter_and_a_month_narrow_the_period(
    board: dict[str, Task], tasks_world: TasksWorld
) -> None:
    leader = fresh(tasks_world.province_leader)
    q1 = task_scoreboard(user=leader, period=score_period(year=2026, quarter=1), today=TODAY)
    assert q1.totals.counts == {"on_time": 1, "late": 1, "pending": 0, "overdue": 0, "missed": 0}
    november = task_scoreboard(user=leader, period=score_period(year=2026, month=11), today=TODAY)
    assert november.totals.counts["overdue"] == 2 and november.totals.counts["pending"] == 1


def test_scoreboard_runs_the_same_queries_for_more_units_and_tasks(
    board: dict[str, Task], tasks_world: TasksWorld
) -> None:
    w = tasks_world
    with CaptureQueriesContext(connection) as before:
        task_scoreboard(user=fresh(w.province_leader), period=YEAR, today=TODAY)
    for n in range(5):
        org = new_org(code=f"46-SO{n}", level="province", area=w.province, parent=w.province_org)
        member(org, "officer", f"so.{n}")
        for k in range(3):
            give(
                w,
                f"Việc {n}.{k}",
                D(2026, 4, 1 + k),
                organization=org,
                actor=fresh(w.province_leader),
            )
    with CaptureQueriesContext(connection) as after:
        result = task_scoreboard(user=fresh(w.province_leader), period=YEAR, today=TODAY)
    assert len(result.rows) == 8
    assert len(after.captured_queries) == len(before.captured_queries) <= 8


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_page_links_each_number_to_its_tasks(tasks_world: TasksWorld) -> None:
    w = tasks_world
    today = timezone.localdate()
    missed = give(w, "Việc bị quên", today - dt.timedelta(days=45))
    give(w, "Việc chậm", today - dt.timedelta(days=45) + dt.timedelta(days=40))
    year = missed.due.year
    client = _client(w.province_leader)
    page = client.get(reverse("core:task_scoreboard"), {"year": year})
    assert page.status_code == 200
    body = page.content.decode()
    assert "Ủy ban nhân dân xã Lam An" in body
    link = page.context["table"][0][1][5][2]  # the first row's "missed" cell
    assert page.context["table"][0][1][5][0] == "missed"
    listed = client.get(link)
    assert listed.status_code == 200
    assert [r.task.pk for r in listed.context["tasks"].rows] == [missed.pk]


def test_page_refuses_a_quarter_and_a_month_together(tasks_world: TasksWorld) -> None:
    page = _client(tasks_world.province_leader).get(
        reverse("core:task_scoreboard"), {"quarter": "1", "month": "2"}
    )
    assert page.status_code == 400
    assert "không chọn cả hai" in page.content.decode()


def test_a_unit_outside_the_scope_cannot_be_chosen(tasks_world: TasksWorld) -> None:
    w = tasks_world
    response = _client(w.officer_b).get(reverse("core:task_scoreboard"), {"root": str(w.org_a.pk)})
    assert response.status_code in (400, 404)
    api = _client(w.officer_b).get("/api/v1/tasks/scoreboard", {"root": w.org_a.pk})
    assert api.status_code == 404


def test_xlsx_export_has_the_rows_and_totals(tasks_world: TasksWorld) -> None:
    from openpyxl import load_workbook

    w = tasks_world
    give(w, "Việc chậm", timezone.localdate() - dt.timedelta(days=2))
    response = _client(w.province_leader).get(reverse("core:task_scoreboard_xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert values[0][0] == "Ủy ban nhân dân xã Lam An" and values[0][2] == 1
    assert values[-1][0] == "Tổng cộng"
    assert sheet.title == "Theo dõi đơn vị"  # the sheet's tab, in Vietnamese with diacritics


def test_api_scoreboard_matches_the_selector(tasks_world: TasksWorld) -> None:
    w = tasks_world
    give(w, "Việc chậm", timezone.localdate() - dt.timedelta(days=2))
    response = _client(w.province_leader).get("/api/v1/tasks/scoreboard")
    assert response.status_code == 200
    data = response.json()
    assert data["rows"][0]["organization"]["code"] == "46001-UBND"
    row = data["rows"][0]
    assert (
        row["counted"]
        == row["overdue"] + row["pending"] + row["missed"] + row["on_time"] + row["late"]
    )
    assert data["totals"]["organization"] is None
