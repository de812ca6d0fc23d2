"""Rows read by one column with a fixed SQL statement, built once per process.

The ORM builds and compiles a query's SQL at every run: for `User.objects.get(pk=...)`, which
every signed-in request runs, and for the short lists of a case's petitioners, suspensions,
extensions, attachments and documents, building and compiling cost more than PostgreSQL's
answer. `rows_where(Model, "field", value)` reads the same rows, every concrete field, in the
model's default ordering, with a statement kept per (model, field, database); the values go
through the same converters as the ORM's (`connection.ops.get_db_converters` and the field's),
and the instances are made by `Model.from_db`, as a queryset makes them. No relation is
followed (no `select_related`), no deferred field, no manager filter: for anything else, use
the ORM. tests/petitions/test_db_fixed.py compares the rows with the ORM's.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connections, models, router

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class _Statement:
    sql: str
    field: models.Field[Any, Any]
    attnames: list[str]
    columns: list[tuple[Any, list[Callable[..., Any]]]]  # (Col, converters) per column


_KEPT: dict[tuple[type[models.Model], str, str], _Statement] = {}
_LOCK = threading.Lock()


def _order_column(model: type[models.Model], name: str, quote: Callable[[str], str]) -> str:
    descending = name.startswith("-")
    field_name = name.lstrip("-")
    field = model._meta.pk if field_name == "pk" else model._meta.get_field(field_name)
    column = quote(str(field.column))  # type: ignore[union-attr]
    return f"{column} DESC" if descending else f"{column} ASC"


def _statement(model: type[models.Model], name: str, alias: str) -> _Statement:
    connection = connections[alias]
    quote = connection.ops.quote_name
    meta = model._meta
    where = meta.pk if name == "pk" else meta.get_field(name)
    fields = list(meta.concrete_fields)
    table = str(meta.db_table)
    columns = []
    for field in fields:
        col = field.get_col(table)
        converters = [
            *connection.ops.get_db_converters(col),
            *col.get_db_converters(connection),
        ]
        columns.append((col, converters))
    declared = list(meta.ordering or [])
    ordering = [o for o in declared if isinstance(o, str)]
    if len(ordering) != len(declared):
        raise ValueError(f"{meta.label}: ordering by expressions is not supported")
    select = ", ".join(f"{quote(table)}.{quote(str(f.column))}" for f in fields)
    sql = (
        f"SELECT {select} FROM {quote(table)} "
        f"WHERE {quote(table)}.{quote(str(where.column))} = %s"  # type: ignore[union-attr]
    )
    if ordering:
        sql += " ORDER BY " + ", ".join(_order_column(model, o, quote) for o in ordering)
    return _Statement(
        sql=sql,
        field=where,  # type: ignore[arg-type]
        attnames=[f.attname for f in fields],
        columns=columns,
    )


def rows_where(model: type[M], name: str, value: Any, *, using: str | None = None) -> list[M]:
    """`list(model._base_manager.using(using).filter(**{name: value}))`: every concrete field,
    the model's default ordering, one fixed statement."""
    alias = using or router.db_for_read(model)
    key = (model, name, alias)
    statement = _KEPT.get(key)
    if statement is None:
        statement = _statement(model, name, alias)
        with _LOCK:
            _KEPT[key] = statement
    connection = connections[alias]
    param = statement.field.get_db_prep_value(
        statement.field.get_prep_value(value), connection, prepared=True
    )
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, [param])
        rows = cursor.fetchall()
    instances = []
    for row in rows:
        values = []
        for (col, converters), raw in zip(statement.columns, row, strict=True):
            for convert in converters:
                raw = convert(raw, col, connection)
            values.append(raw)
        instances.append(model.from_db(alias, statement.attnames, values))
    return instances
