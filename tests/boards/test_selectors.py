"""Reads of the boards: scope (a board outside it is a 404), the list's counts and the
statistics per commune."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from danvan.boards import selectors, services
from danvan.boards.models import Recommendation
from tests.boards.conftest import World, inspection_board, record_with_recommendation

pytestmark = pytest.mark.django_db


def test_scope_follows_the_front_the_commune_and_the_addressees(world: World) -> None:
    board = inspection_board(world)
    assert selectors.board_get(user=world.viewer_a, pk=board.pk) == board
    assert selectors.board_get(user=world.province_front_user, pk=board.pk) == board
    for user in (world.officer_b, world.outsider):
        with pytest.raises(Http404):
            selectors.board_get(user=user, pk=board.pk)
    # Addressing commune B's People's Committee brings the board into its scope.
    record_with_recommendation(world, board, addressee=world.ubnd_b)
    assert selectors.board_get(user=world.officer_b, pk=board.pk) == board
    assert [b.pk for b in selectors.board_list(user=world.outsider)] == []


def test_list_counts_and_query_count(world: World) -> None:
    board = inspection_board(world)
    record_with_recommendation(world, board)
    inspection_board(world, front_id=world.front_b.pk)
    with CaptureQueriesContext(connection) as ctx:
        rows = list(selectors.board_list(user=world.province_front_user))
    first = len(ctx.captured_queries)
    assert {r.pk: r.rec_total for r in rows}[board.pk] == 1
    for _ in range(3):
        record_with_recommendation(world, board)
    with CaptureQueriesContext(connection) as ctx:
        rows = list(selectors.board_list(user=world.province_front_user))
    assert len(ctx.captured_queries) == first
    assert {r.pk: r.rec_total for r in rows}[board.pk] == 4


def test_statistics_per_commune(world: World) -> None:
    board = inspection_board(world)
    # Elected in 2022 for two years and never renewed: expired.
    inspection_board(world, front_id=world.front_b.pk, term_from=dt.date(2022, 9, 1))
    recs = []
    for sent in (
        dt.date(2026, 9, 1),
        dt.date(2026, 9, 2),
        dt.date(2026, 9, 3),
        dt.date(2026, 11, 20),
    ):
        record = record_with_recommendation(world, board, sent=sent)
        recs.append(Recommendation.objects.get(record=record))
    on_time, late = recs[0], recs[1]
    for rec, day in ((on_time, dt.date(2026, 9, 10)), (late, dt.date(2026, 10, 20))):
        services.recommendation_answer(
            recommendation=rec,
            actor=world.officer_a,
            text="Trả lời",
            answered_on=day,
            expected_version=rec.version,
        )
    rows = {
        r.area_id: r
        for r in selectors.board_statistics(
            user=world.province_front_user, on=dt.date(2026, 11, 23)
        )
    }
    a = rows[world.front_a.area_id]
    assert (a.boards_active, a.boards_expired, a.recommendations) == (1, 0, 4)
    # 3/9 + 15 days = 18/9 is past on 23/11 (overdue); 20/11 + 15 is not.
    assert (a.answered_on_time, a.answered_late, a.unanswered, a.overdue) == (1, 1, 2, 1)
    b = rows[world.front_b.area_id]
    assert (b.boards_active, b.boards_expired, b.recommendations) == (1, 1, 0)
    assert world.other_commune_front.area_id not in rows
