"""The demo receptions: realistic, idempotent, something on every page."""

from __future__ import annotations

from typing import Any

import pytest

from danvan.core.models import Obligation
from danvan.reception.models import ReceptionDocument, ReceptionEntry, ReceptionSession


@pytest.fixture
def demo_world(db: Any) -> None:
    from danvan.core.services.demo import demo_data_load
    from danvan.core.services.reference import reference_data_load
    from danvan.petitions.demo import demo_petitions_load

    reference_data_load()
    demo_data_load()
    demo_petitions_load(count=80)


def test_demo_fills_every_page_and_is_idempotent(demo_world: None) -> None:
    from danvan.reception.demo import demo_reception_load

    result = demo_reception_load(size=400)

    assert result["sessions"] > 50
    assert ReceptionSession.objects.filter(status="held", kind="scheduled").exists()
    assert ReceptionSession.objects.filter(status="published").exists()
    assert ReceptionSession.objects.filter(status="postponed").exists()
    assert ReceptionEntry.objects.filter(petition_created=True).exists()
    assert ReceptionDocument.objects.filter(template="conclusion").exists()
    assert Obligation.objects.filter(target_type="reception.receptionsession").exists()
    assert demo_reception_load(size=400) == {"skipped_existing": 1}
