"""Pages of long lists: the page's keys first, then its rows with their relations.

A list ordered by date over a large scope (a province's 100,000 petitions) made PostgreSQL join
every matching row to its organisation, unit and officer before sorting them for the first 30:
35 ms for a province officer's first page. Choosing the 30 keys on the table alone, then loading
those 30 rows with their relations, took 8 ms. `DeferredPaginator` does this for the list pages,
`page_rows` for the API's pages; both keep the queryset's `select_related` and
`prefetch_related`. Not for querysets with `distinct()`, annotations or `only()` the template
needs (the rows are loaded again by primary key without them).
"""

from __future__ import annotations

from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


def page_rows(qs: QuerySet[Any], start: int, stop: int) -> list[Any]:
    """`list(qs[start:stop])`, with the slice chosen on the keys alone."""
    keys = list(qs.values_list("pk", flat=True)[start:stop])
    if not keys:
        return []
    loader = qs.model._base_manager.using(qs.db).filter(pk__in=keys)
    loader.query.select_related = qs.query.select_related
    loader = loader.prefetch_related(*qs._prefetch_related_lookups)  # type: ignore[attr-defined]
    by_key = {row.pk: row for row in loader}
    # A row deleted between the two queries is left out rather than failing the page.
    return [by_key[key] for key in keys if key in by_key]


class DeferredPaginator(Paginator):
    """Django's paginator with each page loaded by `page_rows`."""

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = page_rows(cast(QuerySet[Any], self.object_list), bottom, top)
        return Page(rows, number, self)
