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
