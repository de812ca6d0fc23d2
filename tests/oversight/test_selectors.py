"""List selectors: bounded queries, filters."""

from __future__ import annotations

from typing import Any

import pytest

from danvan.oversight import selectors
from tests.oversight.conftest import (
    World,
    days,
    inspection_in_progress,
    plan_supervision,
    supervision_with_sent,
)

pytestmark = pytest.mark.django_db


def test_supervision_list_query_count_does_not_grow(
    world: World, django_assert_max_num_queries: Any
) -> None:
    supervision_with_sent(world, sent_on=days(-40))
    for n in range(5):
        plan_supervision(world, title=f"Giám sát chuyên đề số {n}")
    user = world.commune_a_officer
    with django_assert_max_num_queries(6):
        rows = list(selectors.supervision_list(user=user))
        [(r.organization.name, r.rec_sent, r.rec_overdue) for r in rows]
    assert len(rows) == 6
    assert rows[-1].rec_sent == 1 or rows[0].rec_sent == 1


def test_inspection_list_query_count_does_not_grow(
    world: World, django_assert_max_num_queries: Any
) -> None:
    for _ in range(4):
        inspection_in_progress(world)
    with django_assert_max_num_queries(6):
        rows = list(selectors.inspection_list(user=world.commune_b_officer))
        [(r.organization.name, r.items) for r in rows]
    assert len(rows) == 4


def test_supervision_filters_by_kind_and_folded_text(world: World) -> None:
    plan_supervision(world, title="Giám sát việc bồi thường, tái định cư")
    plan_supervision(
        world, kind="criticism", title="Phản biện dự thảo nghị quyết", draft_title="Dự thảo"
    )
    found = selectors.supervision_list(
        user=world.front_user, filters=selectors.SupervisionFilters(q="boi thuong")
    )
    assert [s.title for s in found] == ["Giám sát việc bồi thường, tái định cư"]
    crit = selectors.supervision_list(
        user=world.front_user, filters=selectors.SupervisionFilters(kind="criticism")
    )
    assert [s.kind for s in crit] == ["criticism"]
