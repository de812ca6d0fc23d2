"""Django's PostgreSQL compilers, with the cheaper ORDER BY and columns of
danvan.core.db.compiler."""

from django.db.backends.postgresql import compiler as base

from danvan.core.db.compiler import OrderingWithoutSelectRefs, PlainColumns

SQLAggregateCompiler = base.SQLAggregateCompiler
SQLDeleteCompiler = base.SQLDeleteCompiler
SQLInsertCompiler = base.SQLInsertCompiler
SQLUpdateCompiler = base.SQLUpdateCompiler


class SQLCompiler(PlainColumns, OrderingWithoutSelectRefs, base.SQLCompiler):
    pass
