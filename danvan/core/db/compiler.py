"""The SQL compiler's ORDER BY without work Django does for nothing in most queries.

Django 5.2 (`SQLCompiler._order_by_pairs`) starts every ordered query by wrapping each selected
column in a `PositionRef` and hashing it (an expression's hash binds its constructor's signature),
so that an ORDER BY term equal to a selected expression, or naming a selected alias, can refer to
it by position. A case with its organisation, area and assignee selects about 100 columns: that
mapping cost about 1 ms per query, for an ORDER BY "id". In the load test's profile it was 7.6 %
of the server's CPU.

The mapping can only be used when an ordering term is an expression (`F`, `OrderBy`, ...), when
a selected column has an alias (annotations, `values()` with names), or in a combined query
(`union` ...). When none of these holds, the result does not depend on it: Django's own method
then runs with an empty select list and gives the same pairs. Otherwise Django's method runs
unchanged. `tests/core/test_db_compiler.py` compares the SQL with Django's for both cases.

`PlainColumns` compiles a plain column reference (`Col`, the exact class) itself: the quoted
alias and column joined by a dot, what `Col.as_sql` returns, without `compile`'s lookup of a
vendor method on the node (a failed attribute lookup per column). A case read with its relations
compiles about 500 columns per API request; this halves their cost. Any other node, a subclass of
`Col` included, goes through Django's `compile`.
"""

from __future__ import annotations

from typing import Any

from django.db.models.expressions import Col


class OrderingWithoutSelectRefs:
    """Mixin for a backend's `SQLCompiler`."""

    query: Any
    select: Any

    def _ordering_may_use_select(self) -> bool:
        query = self.query
        if query.combinator or query.extra_order_by:
            return True
        # The ordering Django's method uses, in the same order of precedence.
        if not query.default_ordering or query.order_by:
            ordering = query.order_by
        else:
            meta = query.get_meta()
            ordering = meta.ordering if meta is not None else ()
        if not ordering:
            return True  # nothing to save: Django skips the mapping itself
        if any(not isinstance(term, str) for term in ordering):
            return True
        return any(alias is not None for _expr, _sql, alias in self.select or ())

    def _order_by_pairs(self) -> Any:  # an iterator of (OrderBy, is_ref); stubs say None
        if self._ordering_may_use_select():
            return super()._order_by_pairs()  # type: ignore[misc]
        select, self.select = self.select, []
        try:
            # Evaluated now, while the select list is hidden. With names only (no expression to
            # resolve), taking the pairs before the caller resolves them changes nothing.
            return iter(list(super()._order_by_pairs()))  # type: ignore[misc]
        finally:
            self.select = select


class PlainColumns:
    """Mixin for a backend's `SQLCompiler`: `Col` nodes compiled without the vendor lookup."""

    def compile(self, node: Any) -> tuple[str, Any]:
        if type(node) is Col:
            quote = self.quote_name_unless_alias  # type: ignore[attr-defined]
            column = quote(node.target.column)
            alias = node.alias
            return (f"{quote(alias)}.{column}" if alias else column), []
        return super().compile(node)  # type: ignore[misc]
