"""The demo: disclosures on time, late and overdue; decisions passing and failing; idempotent."""

from __future__ import annotations

from typing import Any

import pytest

from danvan.core.models import Obligation
from danvan.democracy import selectors
from danvan.democracy.demo import DECISIONS, DISCLOSURES, demo_democracy_load
from danvan.democracy.models import CommunityDecision, Disclosure

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(db: Any) -> dict[str, int]:
    from danvan.core.services.demo import demo_data_load
    from danvan.core.services.reference import reference_data_load

    reference_data_load()
    demo_data_load()
    return demo_democracy_load()


def test_demo_loads_every_seed_and_is_idempotent(loaded: dict[str, int]) -> None:
    assert loaded == {"disclosures": len(DISCLOSURES), "decisions": len(DECISIONS)}
    assert demo_democracy_load() == {"disclosures": 0, "decisions": 0}
    assert Disclosure.objects.count() == len(DISCLOSURES)
    assert CommunityDecision.objects.count() == len(DECISIONS)


def test_demo_has_late_overdue_passed_and_failed(loaded: dict[str, int]) -> None:
    assert Disclosure.objects.filter(selectors.LATE).exists()
    assert Disclosure.objects.filter(selectors.overdue_q()).exists()
    assert Obligation.objects.filter(kind="disclosure.publish", status="open").exists()
    assert CommunityDecision.objects.filter(passed=True, status="recognised").exists()
    assert CommunityDecision.objects.filter(passed=False, status="refused").exists()
    assert CommunityDecision.objects.filter(quorum_met=False).exists()
    assert Disclosure.objects.filter(organization__code="19564-UBND").count() >= 3
