"""The demo: documents of the seed articles, programmes with every partner, 2025 and 2026
plans, tasks in varied states; a second run adds nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from danvan.coordination.demo import demo_coordination_load
from danvan.coordination.models import LegalDocument, Plan, Programme
from danvan.core.models import Task, TaskStatus
from danvan.core.services.demo import demo_data_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_orgs() -> None:
    from danvan.core.services.reference import reference_data_load

    reference_data_load()
    demo_data_load()


def test_demo_is_realistic_and_idempotent(demo_orgs: None) -> None:
    first = demo_coordination_load()
    assert first["documents"] >= 20 and first["programmes"] == 36
    refs = set(LegalDocument.objects.values_list("reference", flat=True))
    assert {"25-NQ/TW", "290-QĐ/TW", "43-CT/TW", "59-KH/TU", "53-CTr/HU", "755-CV/TU"} <= refs
    assert {"12-CT/TU", "2824-CV/TU"} <= refs
    assert Programme.objects.filter(reference="05-CTr/BTGDV-SYT").count() == 4
    assert Plan.objects.filter(year=2025).exists() and Plan.objects.filter(year=2026).exists()
    tasks = Task.objects.filter(target_type__startswith="coordination.")
    done = tasks.filter(status=TaskStatus.DONE)
    late = [t for t in done if t.completed_on and t.completed_on > t.due]
    on_time = [t for t in done if t.completed_on and t.completed_on <= t.due]
    overdue_open = tasks.filter(
        status__in=[TaskStatus.OPEN, TaskStatus.IN_PROGRESS], due__lt=timezone.localdate()
    )
    assert late and on_time and overdue_open.exists()
    counts = (LegalDocument.objects.count(), Programme.objects.count(), tasks.count())
    second = demo_coordination_load()
    assert not any(second.values())
    assert (LegalDocument.objects.count(), Programme.objects.count(), tasks.count()) == counts
