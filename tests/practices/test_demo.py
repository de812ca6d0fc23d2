"""The demo: the 65 models of Lâm Đồng in 2023 with seed 001's named ones, the other provinces,
councils with scores, recognitions and replications; a second run adds nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test.utils import override_settings

from danvan.practices.models import Evaluation, PracticeModel, Replication, YearlyTheme

pytestmark = pytest.mark.django_db
LOADED: dict[str, Any] = {}


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    from danvan.core.services.demo import demo_data_load
    from danvan.core.services.reference import reference_data_load
    from danvan.practices.demo import demo_practices_load

    with (
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        reference_data_load()
        demo_data_load()
        LOADED["first"] = demo_practices_load()
        LOADED["second"] = demo_practices_load()
        yield
        transaction.set_rollback(True)


def test_lam_dong_has_the_65_models_of_2023_with_the_seed_ones() -> None:
    lam_dong = PracticeModel.objects.filter(year=2023, organization__code__startswith="68-") | (
        PracticeModel.objects.filter(year=2023, organization__area__parent__code="68")
    )
    assert lam_dong.count() == 65
    bqlda = PracticeModel.objects.get(name__startswith="Vận động người dân bàn giao mặt bằng")
    assert bqlda.organization.code == "68-BQLDA" and bqlda.status == "recognised"
    assert PracticeModel.objects.filter(organization__code="68-STP", year=2023).count() == 2
    assert PracticeModel.objects.filter(
        organization__code="68-TTRA", name__startswith="Khéo trong công tác tiếp công dân"
    ).exists()
    assert PracticeModel.objects.filter(organization__code="68-SNV", year=2023).exists()
    assert YearlyTheme.objects.filter(
        year=2023, title__startswith="Chỉnh trang đô thị", area__code="68"
    ).exists()


def test_every_state_field_and_some_scores_and_replications() -> None:
    assert set(PracticeModel.objects.values_list("status", flat=True)) == {
        "registered",
        "launched",
        "evaluated",
        "recognised",
        "replicated",
        "stopped",
    }
    assert len(set(PracticeModel.objects.values_list("field", flat=True))) == 4
    assert Evaluation.objects.filter(passed=False).exists()
    assert Evaluation.objects.filter(criteria_set__version=2).exists()
    assert Replication.objects.count() >= 5
    assert PracticeModel.objects.filter(recognition_level="commune").exists()
    assert PracticeModel.objects.filter(name="Nông hội", organization__code="52-HND").exists()
    for code in ("44", "19", "52"):
        assert PracticeModel.objects.filter(organization__area__code=code).exists() or (
            PracticeModel.objects.filter(organization__area__parent__code=code).exists()
        )


def test_second_run_adds_nothing() -> None:
    assert LOADED["first"]["models"] == PracticeModel.objects.count()
    assert LOADED["second"] == {"models": 0, "recognised": 0, "councils": 0, "themes": 0}
