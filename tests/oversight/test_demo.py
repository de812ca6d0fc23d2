"""The oversight demo: supervisions in every state, answers on time, late and missing (overdue on
the board), inspections with tasks done, in progress and overdue; idempotent."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from danvan.core.models import Obligation, ObligationStatus, Task, TaskStatus
from danvan.oversight.demo import demo_oversight_load
from danvan.oversight.models import ConclusionItem, Inspection, Recommendation, Supervision

pytestmark = pytest.mark.django_db
LOADED: dict[str, Any] = {}


@pytest.fixture(scope="module", autouse=True)
def demo(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    from danvan.coordination.demo import demo_coordination_load
    from danvan.core.services.demo import demo_data_load
    from danvan.core.services.reference import reference_data_load

    with (
        override_settings(
            MEDIA_ROOT=tmp_path_factory.mktemp("media"),
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        reference_data_load()
        demo_data_load()
        # as in `danvan demo`: the coordination documents exist, in several provinces
        demo_coordination_load()
        LOADED["first"] = demo_oversight_load()
        LOADED["second"] = demo_oversight_load()
        yield
        transaction.set_rollback(True)


def test_the_demo_loads_every_seed_once() -> None:
    first = LOADED["first"]
    assert first["supervisions"] == Supervision.objects.count() == 8
    assert first["inspections"] == Inspection.objects.count() == 4
    assert LOADED["second"] == {}


def test_the_demo_inspections_cite_documents_their_leader_may_see() -> None:
    from danvan.coordination.selectors import documents_visible

    cited = Inspection.objects.filter(documents__isnull=False).distinct()
    assert cited.exists()
    for inspection in cited:
        leader = inspection.created_by
        ids = list(inspection.documents.values_list("id", flat=True))
        assert set(documents_visible(user=leader, ids=ids)) == set(ids)


def test_the_demo_supervisions_cover_the_lifecycle_and_social_criticism() -> None:
    statuses = set(Supervision.objects.values_list("status", flat=True))
    assert {"planned", "in_progress", "findings_reported", "recommendations_sent", "closed"} <= (
        statuses
    )
    assert Supervision.objects.filter(kind="criticism").exclude(draft_title="").exists()


def test_the_demo_answers_are_on_time_late_and_missing_with_the_missing_overdue_on_board() -> None:
    today = timezone.localdate()
    answered = list(Recommendation.objects.filter(answered_on__isnull=False))
    assert any(r.answered_late for r in answered)
    assert any(not r.answered_late for r in answered)
    overdue = Recommendation.objects.filter(
        status="awaiting", answered_on__isnull=True, answer_due__lt=today
    )
    assert overdue.count() >= 2
    for rec in overdue:
        row = Obligation.objects.get(target_type="oversight.supervision", key=f"answer-{rec.pk}")
        assert row.status == ObligationStatus.OPEN
        assert row.organization_id == rec.addressee_id
    assert Recommendation.objects.filter(follow_up_of__isnull=False, status="awaiting").exists()


def test_the_demo_inspections_have_tasks_done_in_progress_and_overdue() -> None:
    today = timezone.localdate()
    task_ids = ConclusionItem.objects.values_list("task_id", flat=True)
    tasks = Task.objects.filter(pk__in=task_ids)
    assert tasks.filter(status=TaskStatus.DONE).exists()
    assert tasks.filter(status=TaskStatus.IN_PROGRESS).exists()
    assert tasks.filter(status=TaskStatus.OPEN, due__lt=today).exists()
    assert Inspection.objects.filter(status="closed").exists()
    assert set(Inspection.objects.values_list("status", flat=True)) >= {
        "announced",
        "in_progress",
        "concluded",
        "closed",
    }
