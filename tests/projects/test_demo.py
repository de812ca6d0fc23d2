"""The demo projects of seed 003: Quảng Trị's mountain communes, every state the demo needs,
the accounts balanced, idempotent."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test.utils import override_settings

from danvan.projects import selectors
from danvan.projects.demo import demo_projects_load
from danvan.projects.models import Contribution, Expenditure, Project

pytestmark = pytest.mark.django_db
LOADED: dict[str, Any] = {}


@pytest.fixture(scope="module", autouse=True)
def demo(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
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
        LOADED["first"] = demo_projects_load()
        LOADED["counts"] = (Project.objects.count(), Contribution.objects.count())
        LOADED["second"] = demo_projects_load()
        LOADED["after"] = (Project.objects.count(), Contribution.objects.count())
        LOADED["statuses"] = sorted(Project.objects.values_list("status", flat=True))
        LOADED["accounts"] = [selectors.project_account(project=p) for p in Project.objects.all()]
        LOADED["communes"] = set(Project.objects.values_list("area__code", flat=True))
        LOADED["spent"] = Expenditure.objects.count()
        LOADED["listed"] = Contribution.objects.filter(listed=True).count()
        yield
        transaction.set_rollback(True)


def test_every_project_is_created_once() -> None:
    assert LOADED["first"]["projects"] == 6 == LOADED["counts"][0]
    assert LOADED["first"]["contributions"] == LOADED["counts"][1]
    assert LOADED["second"] == {} and LOADED["after"] == LOADED["counts"]


def test_states_and_places() -> None:
    statuses = LOADED["statuses"]
    assert statuses.count("in_progress") == 1
    assert statuses.count("handed_over") == 3 and "completed" in statuses and "planned" in statuses
    assert LOADED["communes"] == {"19564", "19588", "19555", "19594"}


def test_accounts_are_balanced_and_residents_contribute() -> None:
    accounts = LOADED["accounts"]
    assert all(a.balance >= 0 for a in accounts)
    assert LOADED["spent"] >= 10
    assert sum(a.land_m2 for a in accounts) > 0 and sum(a.labour_days for a in accounts) > 0
    assert any(a.residents_share > 0 for a in accounts)
    assert LOADED["listed"] >= 5
