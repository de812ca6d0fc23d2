"""Inspections: lifecycle, conclusions becoming tasks atomically, closing rules, scope."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404

from danvan.core.errors import Conflict, PermissionDenied, ValidationFailed
from danvan.core.models import Obligation, Task, TaskStatus, TaskSupport
from danvan.core.services import tasks as task_services
from danvan.oversight import selectors, services
from danvan.oversight.inputs import ConclusionItemInput
from danvan.oversight.models import ConclusionItem, Inspection
from tests.oversight.conftest import (
    World,
    days,
    inspection_in_progress,
    items_for,
    plan_inspection,
)

pytestmark = pytest.mark.django_db


def _conclude(world: World, i: Inspection, items: Any = None, actor: Any = None) -> Inspection:
    return services.inspection_transition(
        inspection=i,
        actor=actor or world.btgdv_leader,
        to="concluded",
        expected_version=i.version,
        on=days(-5),
        conclusion="Các xã đã quán triệt Quy chế công tác dân vận; việc sơ kết chưa thường xuyên.",
        items=items_for(world) if items is None else items,
    )


def test_each_conclusion_item_becomes_a_task_of_its_lead(world: World) -> None:
    i = _conclude(world, inspection_in_progress(world))
    assert i.status == "concluded"
    items = selectors.conclusion_items(i)
    assert len(items) == 2
    first = items[0].task
    assert first is not None
    assert (first.organization_id, first.due, first.status) == (
        world.commune_a.pk,
        days(30),
        TaskStatus.OPEN,
    )
    assert (first.target_type, first.target_id) == ("oversight.conclusionitem", items[0].pk)
    assert list(
        TaskSupport.objects.filter(task=first).values_list("organization_id", flat=True)
    ) == [world.front.pk]
    # Each task shows on the board as the lead's obligation.
    assert Obligation.objects.filter(target_type="core.task", target_id=first.pk).exists()


def test_a_bad_item_refuses_the_whole_conclusion(world: World) -> None:
    i = inspection_in_progress(world)
    items = [
        *items_for(world),
        ConclusionItemInput(content="Việc của UBND tỉnh", lead_id=world.ubnd.pk, due=days(10)),
    ]
    with pytest.raises(ValidationFailed) as exc:
        _conclude(world, i, items)
    assert "items.3" in exc.value.fields
    assert Inspection.objects.get(pk=i.pk).status == "in_progress"
    assert not ConclusionItem.objects.exists()
    assert not Task.objects.exists()


def test_a_failure_while_creating_tasks_leaves_nothing_behind(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    i = inspection_in_progress(world)
    before = i.version
    real = task_services.task_create
    calls = {"n": 0}

    def flaky(**kw: Any) -> Task:
        calls["n"] += 1
        if calls["n"] == 2:
            raise ValidationFailed("Lỗi giả lập khi giao nhiệm vụ thứ hai.")
        return real(**kw)

    monkeypatch.setattr(task_services, "task_create", flaky)
    with pytest.raises(ValidationFailed):
        _conclude(world, i)
    fresh = Inspection.objects.get(pk=i.pk)
    assert (fresh.status, fresh.conclusion, fresh.version) == ("in_progress", "", before)
    assert (i.status, i.version) == ("in_progress", before)  # the caller may simply retry
    assert not ConclusionItem.objects.exists()
    assert not Task.objects.exists()
    assert not Obligation.objects.filter(target_type="core.task").exists()


def test_an_inspector_who_cannot_assign_tasks_to_the_units_is_refused(world: World) -> None:
    i = inspection_in_progress(world, actor=world.btgdv_officer)
    with pytest.raises(PermissionDenied) as exc:
        _conclude(world, i, actor=world.btgdv_officer)
    assert "UBND xã A" in exc.value.message
    assert not Task.objects.exists()
    # Without items the conclusion is a plain text and needs no task rights.
    i.refresh_from_db()
    assert _conclude(world, i, items=[], actor=world.btgdv_officer).status == "concluded"


def test_closing_waits_for_every_task_or_a_reason(world: World) -> None:
    i = _conclude(world, inspection_in_progress(world))
    with pytest.raises(ValidationFailed) as exc:
        services.inspection_transition(
            inspection=i, actor=world.btgdv_leader, to="closed", expected_version=i.version
        )
    assert exc.value.code == "tasks_open"
    tasks = [item.task for item in selectors.conclusion_items(i)]
    assert tasks[0] is not None and tasks[1] is not None
    task_services.task_complete(
        task=tasks[0], actor=world.commune_a_officer, expected_version=tasks[0].version
    )
    task_services.task_cancel(
        task=tasks[1],
        actor=world.commune_b_officer,
        reason="Đã lồng ghép vào kế hoạch khác",
        expected_version=tasks[1].version,
    )
    summary = selectors.conclusion_summary(selectors.conclusion_items(i))
    assert (summary.items, summary.done, summary.cancelled, summary.finished) == (2, 1, 1, True)
    i = services.inspection_transition(
        inspection=i, actor=world.btgdv_leader, to="closed", expected_version=i.version
    )
    assert i.status == "closed"


def test_closing_early_with_a_reason(world: World) -> None:
    i = _conclude(world, inspection_in_progress(world))
    i = services.inspection_transition(
        inspection=i,
        actor=world.btgdv_leader,
        to="closed",
        expected_version=i.version,
        reason="Chuyển theo dõi sang đợt kiểm tra năm sau",
    )
    assert i.status_note.startswith("Chuyển theo dõi")


def test_illegal_moves_and_conflicts(world: World) -> None:
    i = plan_inspection(world)
    with pytest.raises(ValidationFailed) as exc:
        services.inspection_transition(
            inspection=i, actor=world.btgdv_leader, to="concluded", expected_version=i.version
        )
    assert exc.value.code == "illegal_transition"
    with pytest.raises(Conflict):
        services.inspection_transition(
            inspection=i, actor=world.btgdv_leader, to="announced", expected_version=i.version + 1
        )
    assert Inspection.objects.get(pk=i.pk).status == "planned"


def test_an_item_is_added_to_a_concluded_inspection(world: World) -> None:
    i = _conclude(world, inspection_in_progress(world))
    item = services.conclusion_item_add(
        inspection=i,
        actor=world.btgdv_leader,
        item=ConclusionItemInput(
            content="Báo cáo kết quả khắc phục", lead_id=world.commune_a.pk, due=days(60)
        ),
    )
    assert item.position == 3 and item.task is not None


def test_inspected_units_see_their_inspection_and_others_do_not(world: World) -> None:
    i = plan_inspection(world, inspected_ids=[world.commune_a.pk])
    assert selectors.inspection_get(user=world.commune_a_officer, pk=i.pk) == i
    with pytest.raises(Http404):
        selectors.inspection_get(user=world.commune_b_officer, pk=i.pk)
    with pytest.raises(Http404):
        selectors.inspection_get(user=world.outsider, pk=i.pk)
    with pytest.raises(PermissionDenied):
        services.inspection_transition(
            inspection=i, actor=world.commune_a_officer, to="announced", expected_version=i.version
        )


def test_the_inspection_needs_a_document_and_an_inspected_unit(world: World) -> None:
    with pytest.raises(ValidationFailed) as exc:
        plan_inspection(world, document_refs="")
    assert "document_refs" in exc.value.fields
    with pytest.raises(ValidationFailed) as exc:
        plan_inspection(world, inspected_ids=[])
    assert "inspected" in exc.value.fields
