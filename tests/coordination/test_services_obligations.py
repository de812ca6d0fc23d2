"""Obligations a document creates become core tasks; the document's summary follows them."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from danvan.coordination import selectors, services
from danvan.coordination.inputs import ObligationInput, SupportInput
from danvan.coordination.models import DocumentObligation, LegalDocument
from danvan.core.errors import PermissionDenied, ValidationFailed
from danvan.core.models import Obligation, Task, TaskStatus
from danvan.core.services.tasks import task_complete, task_update_progress
from tests.coordination.conftest import World, days

pytestmark = pytest.mark.django_db


def test_obligation_creates_a_task_of_the_lead_linked_back(
    world: World,
    register: Callable[..., LegalDocument],
    oblige: Callable[..., DocumentObligation],
) -> None:
    document = register()
    obligation = oblige(document, due=days(20))
    task = obligation.task
    assert task is not None
    assert task.organization_id == world.sdttg.pk
    assert task.target_type == "coordination.documentobligation"
    assert task.target_id == obligation.pk
    assert task.due == days(20)
    assert [(s.organization_id, s.duty) for s in task.supports.all()] == [
        (world.ubnd.pk, "bố trí kinh phí")
    ]
    # On the deadline registry like any task (overdue board, scoreboard).
    assert Obligation.objects.filter(target_type="core.task", target_id=task.pk).exists()


def test_no_right_at_the_lead_unit_writes_nothing(
    world: World, register: Callable[..., LegalDocument]
) -> None:
    document = register()
    with pytest.raises(PermissionDenied):
        services.document_obligation_create(
            actor=world.officer,  # UBND officer: the police are not under the UBND
            document=document,
            data=ObligationInput(content="Nắm tình hình", lead_id=world.ca.pk, due=days(5)),
        )
    assert DocumentObligation.objects.count() == 0
    assert Task.objects.count() == 0


def test_lead_as_supporting_unit_is_refused(
    world: World, register: Callable[..., LegalDocument]
) -> None:
    document = register()
    with pytest.raises(ValidationFailed) as exc:
        services.document_obligation_create(
            actor=world.officer,
            document=document,
            data=ObligationInput(
                content="Nắm tình hình",
                lead_id=world.sdttg.pk,
                due=days(5),
                supporting=[SupportInput(world.sdttg.pk)],
            ),
        )
    assert "supporting" in exc.value.fields
    assert Task.objects.count() == 0


def test_due_before_the_document_is_refused(
    world: World, register: Callable[..., LegalDocument]
) -> None:
    document = register(issued_on=days(-3))
    with pytest.raises(ValidationFailed) as exc:
        services.document_obligation_create(
            actor=world.officer,
            document=document,
            data=ObligationInput(content="Việc cũ", lead_id=world.sdttg.pk, due=days(-10)),
        )
    assert "due" in exc.value.fields


def test_summary_counts_done_late_and_overdue(
    world: World,
    register: Callable[..., LegalDocument],
    oblige: Callable[..., DocumentObligation],
) -> None:
    document = register(issued_on=days(-60))
    on_time = oblige(document, due=days(-20), content="Việc xong đúng hạn").task
    late = oblige(document, due=days(-20), content="Việc xong muộn").task
    overdue = oblige(document, due=days(-2), content="Việc quá hạn").task
    open_ = oblige(document, due=days(10), content="Việc còn hạn").task
    assert on_time and late and overdue and open_
    task_complete(task=on_time, actor=world.dept_officer, expected_version=1, on=days(-25))
    task_complete(task=late, actor=world.dept_officer, expected_version=1, on=days(-5))
    task_update_progress(task=open_, actor=world.dept_officer, progress=40, expected_version=1)
    rows, summary = selectors.document_obligations(document=document)
    assert (summary.total, summary.done, summary.done_late, summary.overdue) == (4, 2, 1, 1)
    assert summary.percent == 50
    by_content = {r.obligation.content: r for r in rows}
    assert by_content["Việc xong muộn"].late and not by_content["Việc xong muộn"].overdue
    assert by_content["Việc quá hạn"].overdue
    assert by_content["Việc còn hạn"].task is not None
    assert by_content["Việc còn hạn"].task.status == TaskStatus.IN_PROGRESS
