"""Django's PostgreSQL compilers, with the cheaper ORDER BY of danvan.core.db.compiler."""

from django.db.backends.postgresql import compiler as base

from danvan.core.db.compiler import OrderingWithoutSelectRefs

SQLAggregateCompiler = base.SQLAggregateCompiler
SQLDeleteCompiler = base.SQLDeleteCompiler
SQLInsertCompiler = base.SQLInsertCompiler
SQLUpdateCompiler = base.SQLUpdateCompiler


class SQLCompiler(OrderingWithoutSelectRefs, base.SQLCompiler):
    pass
