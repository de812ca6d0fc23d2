"""The demo loads through the services and a second run creates nothing."""

from __future__ import annotations

from typing import Any

import pytest

from danvan.mediation.demo import CASES, TEAMS, demo_mediation_load
from danvan.mediation.models import Case, Team
from danvan.petitions.models import Petition

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_world(db: Any) -> None:
    from danvan.core.services.demo import demo_data_load
    from danvan.core.services.reference import reference_data_load

    reference_data_load()
    demo_data_load()


def test_demo_is_idempotent(demo_world: None) -> None:
    first = demo_mediation_load()
    assert first["teams"] == len(TEAMS) == Team.objects.count()
    assert first["cases"] == len(CASES) == Case.objects.count()
    expected_petitions = sum(1 for c in CASES if c.petition)
    assert first["petitions"] == expected_petitions == Petition.objects.count()
    assert Case.objects.filter(petition_id__isnull=False).count() == expected_petitions
    reconciled = Case.objects.filter(status="reconciled").count()
    assert reconciled == sum(1 for c in CASES if c.outcome == "reconciled")
    assert reconciled > Case.objects.filter(status="failed").count()
    second = demo_mediation_load()
    assert second.get("teams", 0) == 0 and second.get("cases", 0) == 0
    assert Case.objects.count() == len(CASES)
