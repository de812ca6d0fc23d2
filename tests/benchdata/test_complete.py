"""The completion passes over bulk petitions do their part once, then nothing."""

from __future__ import annotations

from typing import Any

import pytest

from danvan.benchdata.complete import petitions_complete, registry_complete

pytestmark = pytest.mark.django_db


def test_the_completion_passes_ran_during_generation_and_are_idempotent(
    dataset: dict[str, Any],
) -> None:
    from danvan.petitions.models import Petition

    step = dataset["complete"]
    assert step.details["duplicates"] > 0 and step.details["transfers"] > 0

    again = petitions_complete()

    assert again == {"satisfaction_at": 0, "duplicates": 0, "transfers": 0}
    assert registry_complete() == 0
    assert not Petition.objects.filter(satisfaction__gt="", satisfaction_at=None).exists()
    dup = Petition.objects.filter(duplicate_of__isnull=False).first()
    assert dup is not None and dup.duplicate_of_id == dup.pk - 1 and dup.pk % 50 == 0


def test_registry_complete_writes_the_missing_rows_of_finished_cases_once(
    dataset: dict[str, Any],
) -> None:
    from danvan.core.models import Obligation
    from danvan.petitions.models import Petition

    finished = list(Petition.objects.filter(status="closed").values_list("id", flat=True)[:30])
    rows = Obligation.objects.filter(target_type="petitions.petition", target_id__in=finished)
    before = sorted(rows.values_list("target_id", "key", "status", "due", "completed_on"))
    assert before  # the generator writes finished cases' rows itself
    rows.delete()

    written = registry_complete()

    assert written == len(before)
    after = sorted(rows.values_list("target_id", "key", "status", "due", "completed_on"))
    assert after == before
    assert registry_complete() == 0
