"""The demo conferences: every kind and state, tasks in every state, idempotent."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test.utils import override_settings

from danvan.conferences.demo import demo_conferences_load
from danvan.conferences.models import Conclusion, Conference
from danvan.conferences.selectors import conclusion_summaries

pytestmark = pytest.mark.django_db
LOADED: dict[str, Any] = {}


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup: Any, django_db_blocker: Any, vault_test_key: str) -> Iterator[None]:
    from danvan.core.services.demo import demo_data_load
    from danvan.core.services.reference import reference_data_load

    with (
        override_settings(
            DANVAN_VAULT_KEY=vault_test_key,
            DANVAN_VAULT_KEY_FILE="",
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        reference_data_load()
        demo_data_load()
        LOADED["first"] = demo_conferences_load()
        LOADED["second"] = demo_conferences_load()
        yield
        transaction.set_rollback(True)


def test_demo_has_every_kind_and_state_and_is_idempotent() -> None:
    first = LOADED["first"]
    assert first["skipped"] == 0
    assert first["conferences"] == Conference.objects.count() >= 14
    assert LOADED["second"] == {}
    assert set(Conference.objects.values_list("kind", flat=True)) == {
        "briefing",
        "interim",
        "final",
        "thematic",
    }
    assert {"planned", "invited", "held", "concluded", "postponed", "cancelled"} <= set(
        Conference.objects.values_list("status", flat=True)
    )
    assert set(Conference.objects.values_list("organization__code", flat=True).distinct()) >= {
        "19-UBND",
        "19-BTGDV",
        "52-BTGDV",
        "44-BTGDV",
        "68-UBND",
    }


def test_demo_tasks_are_done_on_time_late_open_and_overdue() -> None:
    assert Conclusion.objects.count() == LOADED["first"]["conclusions"] >= 7
    totals = conclusion_summaries(
        conference_ids=list(Conference.objects.values_list("id", flat=True))
    )
    assert sum(s.done - s.done_late for s in totals.values()) > 0  # on time
    assert sum(s.done_late for s in totals.values()) > 0
    assert sum(s.overdue for s in totals.values()) > 0
    assert sum(s.open - s.overdue for s in totals.values()) > 0


def test_demo_has_upcoming_conferences_in_the_next_weeks() -> None:
    from django.utils import timezone

    today = timezone.localdate()
    upcoming = Conference.objects.filter(
        status__in=["planned", "invited"],
        date__gte=today,
        date__lte=today.replace(year=today.year + 1),
    )
    assert upcoming.count() >= 4
