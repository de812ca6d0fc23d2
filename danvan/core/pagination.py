"""Pages of long lists: the page's keys first, then its rows with their relations.

A list ordered by date over a large scope (a province's 100,000 petitions) made PostgreSQL join
every matching row to its organisation, unit and officer before sorting them for the first 30:
35 ms for a province officer's first page. Choosing the 30 keys on the table alone, then loading
those 30 rows with their relations, took 8 ms. `DeferredPaginator` does this for the list pages,
`page_rows` for the API's pages; both keep the queryset's `select_related` and
`prefetch_related`. Not for querysets with `distinct()`, annotations or `only()` the template
needs (the rows are loaded again by primary key without them). When the relations are plain
foreign keys one level deep and nothing is prefetched, the rows are read with a fixed statement
(core/db/fixed.py `rows_by_keys`): the ORM compiled the page's 100-column join at every page.

For a filter that is costly to evaluate (a full-text search, which reads every candidate row's
words), counting the matches and then choosing the page's keys evaluated it twice: 4.6 ms each
for a commune officer's search. With `keys_up_to=N` the paginator reads the keys of up to N
matches in one query, which gives the count and every page's keys; only when more match does it
count them as before, and the pages within the first N keys still come from the keys read.

With `keys=` (a queryset of rows whose first value is the key, in the list's order; e.g. the
keys of `petitions.selectors.petition_list_and_keys`), the count and the pages' keys are read
from it instead of from the list's queryset: a query shaped for that (a union counted as it is,
an index read alone), while the rows are still loaded from the list's queryset.
"""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from danvan.core.db.fixed import rows_by_keys, unsupported

# Lists read the keys of up to this many matches at once (`keys_up_to`): most officers' scopes
# (a commune's or a district's cases, a board of a few hundred deadlines) then need one statement
# for the count and the page instead of two, each built by the ORM; for a larger scope the first
# pages still come from the keys read, and only the count is another statement. Measured on the
# load-test data (100,000 cases): the list's count and first page 0.4-0.7 ms cheaper in Python
# and up to 0.8 ms in PostgreSQL for scopes of 21-387 cases, 0.1 and 0.2 ms dearer for 3,766.
KEYS_UP_TO = 400


def page_rows(qs: QuerySet[Any], start: int, stop: int) -> list[Any]:
    """`list(qs[start:stop])`, with the slice chosen on the keys alone."""
    return rows_for_keys(qs, list(qs.values_list("pk", flat=True)[start:stop]))


def rows_for_keys(qs: QuerySet[Any], keys: list[Any]) -> list[Any]:
    """The rows of `qs` with these primary keys, in the keys' order, with the queryset's
    `select_related` and `prefetch_related`."""
    if not keys:
        return []
    related = _flat_relations(qs)
    if related is not None:
        by_key = rows_by_keys(qs.model, keys, related=related, using=qs.db)
        return [by_key[key] for key in keys if key in by_key]
    loader = qs.model._base_manager.using(qs.db).filter(pk__in=keys)
    loader.query.select_related = qs.query.select_related
    loader = loader.prefetch_related(*qs._prefetch_related_lookups)  # type: ignore[attr-defined]
    by_key = {row.pk: row for row in loader}
    # A row deleted between the two queries is left out rather than failing the page.
    return [by_key[key] for key in keys if key in by_key]


def key_slice(keys: QuerySet[Any], start: int, stop: int) -> list[Any]:
    """The keys at positions `start` to `stop` of a keys queryset (rows whose first value is
    the key, in the list's order: `DeferredPaginator(keys=...)`, the API's `page_of(keys=...)`)."""
    return [row[0] for row in keys[start:stop]]


def _flat_relations(qs: QuerySet[Any]) -> tuple[str, ...] | None:
    """The queryset's `select_related` names when a fixed statement reads the same rows
    (core/db/fixed.py: forward foreign keys one level deep, nothing prefetched); else None."""
    if qs._prefetch_related_lookups:  # type: ignore[attr-defined]
        return None
    chosen = qs.query.select_related
    if chosen is False:
        names: tuple[str, ...] = ()
    elif isinstance(chosen, dict) and not any(deeper for deeper in chosen.values()):
        names = tuple(chosen)
    else:
        return None
    try:
        return None if unsupported(qs.model, names) else names
    except FieldDoesNotExist:
        return None


class DeferredPaginator(Paginator):
    """Django's paginator with each page's keys chosen first and its rows loaded by
    `rows_for_keys`; with `keys_up_to`, the count and the pages' keys from one query when no more
    than that many rows match; with `keys`, the count and the keys from that queryset."""

    def __init__(
        self,
        object_list: Any,
        per_page: int,
        orphans: int = 0,
        *,
        keys_up_to: int = 0,
        keys: QuerySet[Any] | None = None,
    ):
        super().__init__(object_list, per_page, orphans=orphans)
        self.keys_up_to = keys_up_to
        self.key_rows = keys
        self._keys: list[Any] | None = None  # every match's key, when read for the count
        # The first `keys_up_to` keys, when more matched: the first pages need no other query.
        self._head: list[Any] = []

    def _key_slice(self, start: int, stop: int) -> list[Any]:
        if self.key_rows is not None:
            return key_slice(self.key_rows, start, stop)
        qs = cast(QuerySet[Any], self.object_list)
        return list(qs.values_list("pk", flat=True)[start:stop])

    @cached_property
    def count(self) -> int:
        if self.keys_up_to > 0:
            keys = self._key_slice(0, self.keys_up_to + 1)
            if len(keys) <= self.keys_up_to:
                self._keys = keys
                return len(keys)
            self._head = keys[: self.keys_up_to]
        if self.key_rows is not None:
            return self.key_rows.count()
        return cast(QuerySet[Any], self.object_list).count()

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        qs = cast(QuerySet[Any], self.object_list)
        if self._keys is not None:
            rows = rows_for_keys(qs, self._keys[bottom:top])
        elif top <= len(self._head):
            rows = rows_for_keys(qs, self._head[bottom:top])
        else:
            rows = rows_for_keys(qs, self._key_slice(bottom, top))
        return Page(rows, number, self)
