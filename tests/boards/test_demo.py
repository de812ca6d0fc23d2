"""The boards demo: boards in the demo communes, answers on time, late and missing (overdue
on the board), an expired term; idempotent."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from danvan.boards.demo import EXPIRED, SEEDS, demo_boards_load
from danvan.boards.models import Board, Recommendation
from danvan.core.models import Obligation, ObligationStatus

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
        LOADED["first"] = demo_boards_load()
        LOADED["second"] = demo_boards_load()
        yield
        transaction.set_rollback(True)


def test_every_demo_commune_gets_two_boards_once() -> None:
    assert LOADED["first"]["boards"] == Board.objects.count() == 2 * len(SEEDS)
    assert LOADED["second"] == {}
    assert Board.objects.filter(
        kind="investment", project__contains="Nhà nước và nhân dân cùng làm"
    ).count() == len(SEEDS)


def test_answers_on_time_late_and_missing() -> None:
    recs = list(Recommendation.objects.all())
    today = timezone.localdate()
    on_time = [r for r in recs if r.answered_on and not r.answered_late]
    late = [r for r in recs if r.answered_late]
    overdue = [r for r in recs if r.answered_on is None and r.answer_due and r.answer_due < today]
    waiting = [r for r in recs if r.answered_on is None and r.answer_due and r.answer_due >= today]
    assert on_time and late and overdue and waiting
    open_obligations = Obligation.objects.filter(
        target_type="boards.board", status=ObligationStatus.OPEN, due__lt=today
    ).count()
    assert open_obligations == len(overdue)


def test_one_board_has_an_expired_term() -> None:
    today = timezone.localdate()
    expired = Board.objects.filter(status="active", term_to__lt=today)
    assert [b.area.code for b in expired] == [EXPIRED]
