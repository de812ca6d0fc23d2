"""Scoped reads, the counts (recomputed independently) and the public showcase."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.http import Http404

from danvan.practices import selectors, services
from danvan.practices.models import PracticeModel
from tests.practices.conftest import (
    POOR,
    World,
    evaluate,
    launch,
    recognised_model,
    register,
)

pytestmark = pytest.mark.django_db


def _mix(w: World) -> None:
    """Models in several states, fields, units and years."""
    recognised_model(w, name="4 không, 2 biết")
    m = register(w, name="Phổ biến pháp luật", field="culture_society")
    launch(w, m)
    m = register(w, name="Chưa đạt", field="economy")
    launch(w, m)
    evaluate(w, m, [POOR, POOR])
    register(w, org=w.org_a, actor=w.officer_a, name="Khu phố xanh", field="culture_society")
    register(w, org=w.org_b, actor=w.officer_b, name="Hiến đất làm đường", field="economy")
    import datetime as dt

    register(
        w,
        name="Dịch vụ công tại nhà",
        registered_on=dt.date(2026, 3, 1),
        start_on=dt.date(2026, 3, 1),
    )


def test_commune_officer_sees_only_the_commune_models(world: World) -> None:
    _mix(world)
    names = set(selectors.practice_list(user=world.officer_a).values_list("name", flat=True))
    assert names == {"Khu phố xanh"}
    other = PracticeModel.objects.get(name="Hiến đất làm đường")
    with pytest.raises(Http404):
        selectors.practice_get(user=world.officer_a, pk=other.pk)


def test_list_uses_a_bounded_number_of_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    _mix(world)
    with django_assert_max_num_queries(6):
        rows = list(selectors.practice_list(user=world.leader))
        labels = [r.organization.name for r in rows]
    assert len(labels) == 6


def _independent_counts(rows: list[PracticeModel], key: str) -> dict[Any, Counter[str]]:
    result: dict[Any, Counter[str]] = {}
    for r in rows:
        c = result.setdefault(getattr(r, key), Counter())
        c["total"] += 1
        c["launched"] += r.status in {"launched", "evaluated", "recognised", "replicated"}
        c["evaluated"] += r.evaluated_on is not None
        c["recognised"] += r.status in {"recognised", "replicated"}
        c["replicated"] += r.status == "replicated"
    return result


@pytest.mark.parametrize(
    "filters",
    [
        selectors.PracticeFilters(),
        selectors.PracticeFilters(year=2025),
        selectors.PracticeFilters(field="economy"),
        selectors.PracticeFilters(level="province"),
        selectors.PracticeFilters(period="2026-2030"),
    ],
)
def test_counts_equal_an_independent_recount(
    world: World, filters: selectors.PracticeFilters
) -> None:
    _mix(world)
    rows = [
        m
        for m in PracticeModel.objects.all()
        if (filters.year is None or m.year == filters.year)
        and (not filters.field or m.field == filters.field)
        and (not filters.level or m.recognition_level == filters.level)
        and (not filters.period or m.period.code == filters.period)
    ]
    counts = selectors.practice_counts(user=world.leader, filters=filters)
    assert counts.total.total == len(rows)
    for dim, key in (
        (counts.by_field, "field"),
        (counts.by_level, "recognition_level"),
        (counts.by_year, "year"),
        (counts.by_unit, "organization_id"),
    ):
        expected = _independent_counts(rows, key)
        got = {
            r.key: Counter(
                total=r.total,
                launched=r.launched,
                evaluated=r.evaluated,
                recognised=r.recognised,
                replicated=r.replicated,
            )
            for r in dim
        }
        assert {k: +v for k, v in got.items()} == {k: +v for k, v in expected.items()}
        assert sum(r.total for r in dim) == counts.total.total


def test_counts_are_scoped(world: World) -> None:
    _mix(world)
    counts = selectors.practice_counts(user=world.officer_b)
    assert counts.total.total == 1
    assert [r.label for r in counts.by_unit] == ["UBND xã Tánh Linh"]


def test_showcase_lists_only_recognised_models_and_public_fields(world: World) -> None:
    _mix(world)
    rows = list(selectors.showcase_list())
    assert [r["name"] for r in rows] == ["4 không, 2 biết"]
    assert set(rows[0]) == set(selectors.PUBLIC_FIELDS)
    for private in ("contact_phone", "contact_name", "resources", "score", "created_by_id"):
        assert private not in rows[0]
    hidden = PracticeModel.objects.get(name="Phổ biến pháp luật")
    with pytest.raises(Http404):
        selectors.showcase_get(pk=hidden.pk)


def test_showcase_list_uses_one_query(world: World, django_assert_max_num_queries: Any) -> None:
    _mix(world)
    with django_assert_max_num_queries(1):
        rows = list(selectors.showcase_list())
    assert len(rows) == 1


def test_showcase_detail_lists_replication_sites(world: World) -> None:
    import datetime as dt

    from danvan.practices.inputs import ReplicationInput

    model = recognised_model(world)
    services.replication_add(
        model=model,
        actor=world.officer_stp,
        data=ReplicationInput(
            started_on=dt.date(2026, 2, 1), expected_version=model.version, site_name="Sở Nội vụ"
        ),
    )
    row = selectors.showcase_get(pk=model.pk)
    assert [r["site_name"] for r in row["replications"]] == ["Sở Nội vụ"]
