"""Deferred pages: keys first, then the rows with their relations, in the list's order."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danvan.core.models import Organization
from danvan.core.pagination import DeferredPaginator, page_rows
from tests.core.test_accounts_support import World, world

__all__ = ["world"]

pytestmark = pytest.mark.django_db


def _ordered() -> list[Organization]:
    return list(Organization.objects.select_related("area", "parent").order_by("-code"))


def test_page_rows_is_the_slice_with_its_relations_loaded(world: World) -> None:
    qs = Organization.objects.select_related("area", "parent").order_by("-code")
    expected = _ordered()[2:6]

    rows = page_rows(qs, 2, 6)
    with CaptureQueriesContext(connection) as captured:
        labels = [(o.area.code if o.area else "", o.parent.code if o.parent else "") for o in rows]

    assert [o.pk for o in rows] == [o.pk for o in expected]
    assert labels == [
        (o.area.code if o.area else "", o.parent.code if o.parent else "") for o in expected
    ]
    assert captured.captured_queries == []  # the relations came with the rows


def test_page_rows_keeps_prefetches_and_handles_an_empty_slice(world: World) -> None:
    qs = Organization.objects.prefetch_related("children").order_by("code")
    rows = page_rows(qs, 0, 3)
    with CaptureQueriesContext(connection) as captured:
        children = [len(o.children.all()) for o in rows]

    assert children == [o.children.count() for o in Organization.objects.order_by("code")[:3]]
    assert captured.captured_queries == []
    assert page_rows(qs, 500, 530) == []


def test_deferred_paginator_pages_like_django(world: World) -> None:
    qs = Organization.objects.select_related("area").order_by("name", "pk")
    every = [o.pk for o in qs]
    paginator = DeferredPaginator(qs, 4, orphans=1)

    pages = [[o.pk for o in paginator.page(n).object_list] for n in paginator.page_range]

    assert [pk for page in pages for pk in page] == every
    assert paginator.count == len(every)
    assert paginator.get_page("khong-phai-so").number == 1
    assert paginator.get_page(999).number == paginator.num_pages


@pytest.mark.parametrize("keys_up_to", [1, 5, 10_000])
def test_deferred_paginator_with_keys_up_to_pages_the_same(world: World, keys_up_to: int) -> None:
    qs = Organization.objects.select_related("area").order_by("name", "pk")
    every = [o.pk for o in qs]
    assert len(every) > 5  # the world has enough organisations for a cap below the count
    paginator = DeferredPaginator(qs, 4, orphans=1, keys_up_to=keys_up_to)

    pages = [[o.pk for o in paginator.page(n).object_list] for n in paginator.page_range]

    assert [pk for page in pages for pk in page] == every
    assert paginator.count == len(every)
    assert paginator.get_page(999).number == paginator.num_pages


def test_keys_up_to_reads_the_count_and_the_keys_in_one_query(world: World) -> None:
    qs = Organization.objects.select_related("area").order_by("-code")
    total = qs.count()

    with CaptureQueriesContext(connection) as few:
        page = DeferredPaginator(qs, 3, keys_up_to=total).get_page(2)
        rows = [o.pk for o in page.object_list]
    with CaptureQueriesContext(connection) as many:
        capped = DeferredPaginator(qs, 3, keys_up_to=total - 1).get_page(2)
        capped_rows = [o.pk for o in capped.object_list]

    expected = [o.pk for o in qs][3:6]
    assert rows == capped_rows == expected
    assert page.paginator.count == capped.paginator.count == total
    sql = [q["sql"] for q in few.captured_queries]
    assert len(sql) == 2 and not any("COUNT(" in s for s in sql)  # the keys, then the rows
    # More matches than the cap: counted apart; a page within the keys read comes from them.
    sql = [q["sql"] for q in many.captured_queries]
    assert len(sql) == 3 and sum("COUNT(" in s for s in sql) == 1
    # A page beyond the keys read: its own keys, then its rows.
    with CaptureQueriesContext(connection) as beyond:
        far = DeferredPaginator(qs.all(), 3, keys_up_to=4).get_page(2)
        far_rows = [o.pk for o in far.object_list]
    assert far_rows == expected and far.paginator.count == total
    sql = [q["sql"] for q in beyond.captured_queries]
    assert len(sql) == 4 and sum("COUNT(" in s for s in sql) == 1


def test_a_page_is_read_by_fixed_statement_only_where_one_reads_the_same_rows() -> None:
    from danvan.conferences.models import Conclusion, Conference
    from danvan.core.pagination import _flat_relations

    assert _flat_relations(Organization.objects.all()) == ()
    assert _flat_relations(Organization.objects.select_related("area", "parent")) == (
        "area",
        "parent",
    )
    assert _flat_relations(Conclusion.objects.select_related("conference")) == ("conference",)
    # A reverse one-to-one, a relation two levels deep, a prefetch: the ORM reads the page.
    assert _flat_relations(Conference.objects.select_related("conclusion")) is None
    assert _flat_relations(Organization.objects.select_related("parent__area")) is None
    assert _flat_relations(Organization.objects.prefetch_related("children")) is None
