"""Rows read with a fixed SQL statement, built once per process.

The ORM builds and compiles a query's SQL at every run: for `User.objects.get(pk=...)`, which
every signed-in request runs, for a case read with its organisation, area and officer (about 100
columns), for a list page's rows, and for the short lists of a case's petitioners, suspensions,
extensions, attachments and documents, building and compiling cost more than PostgreSQL's
answer. `rows_where(Model, "field", value)` and `rows_by_keys(Model, keys)` read the same rows,
every concrete field, with a statement kept per shape (model, field, relations, number of keys,
database); the values go through the same converters as the ORM's
(`connection.ops.get_db_converters` and the field's), and the instances are made by
`Model.from_db`, as a queryset makes them (or, for a model whose construction is Django's own,
with no `pre_init`/`post_init` receiver and only plain field descriptors, the same instance
made directly: `_maker`). `related` names forward foreign keys read in the
same statement, as `select_related` reads them (an inner join for a required key, an outer join
for an optional one; the related instance, or None, is cached on the row). No deeper relation,
no deferred field, no manager filter: for anything else, use the ORM.
tests/petitions/test_db_fixed.py compares the rows with the ORM's.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connections, models, router
from django.db.models import signals
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute

M = TypeVar("M", bound=models.Model)

# Statements for `IN` lists are kept up to this many keys (a page of a list); longer lists are
# built for the call only, so the kept statements stay few.
KEPT_KEYS_UP_TO = 100

Converters = list[Callable[..., Any]]


Maker = Callable[[str, list[str], list[Any]], Any]

_PLAIN_DESCRIPTORS = (DeferredAttribute, ForeignKeyDeferredAttribute)


def _maker(model: type[models.Model]) -> Maker:
    """How a row becomes an instance: `model.from_db`, or, when that would only run Django's
    `Model.__init__` with every field given (no override of `from_db` or `__init__`, no
    `pre_init`/`post_init` receiver, every field's class attribute a plain descriptor that
    stores the value as it is), the same instance made without the call: its fields in its
    `__dict__` and a `ModelState` that says it came from the database. `Model.__init__` was a
    third of the time spent reading a list page's rows."""
    base = models.Model
    plain = (
        getattr(model.from_db, "__func__", None) is base.from_db.__func__  # type: ignore[attr-defined]
        and model.__init__ is base.__init__
        and not signals.pre_init.has_listeners(model)
        and not signals.post_init.has_listeners(model)
        and all(
            type(inspect.getattr_static(model, f.attname, None)) in _PLAIN_DESCRIPTORS
            for f in model._meta.concrete_fields
        )
    )
    if not plain:
        return model.from_db

    def make(db: str, attnames: list[str], values: list[Any]) -> Any:
        instance = model.__new__(model)
        state = ModelState()
        state.adding = False
        state.db = db
        instance._state = state
        instance.__dict__.update(zip(attnames, values, strict=True))
        return instance

    return make


@dataclass(frozen=True)
class _Part:
    """The columns of one model in a statement: the row's, or a related row's."""

    model: type[models.Model]
    make: Maker
    attnames: list[str]
    columns: list[tuple[Any, Converters]]  # (Col, converters) per column
    pk_index: int  # position of the primary key in `attnames`
    field: Any = None  # the foreign key (None for the row itself)


@dataclass(frozen=True)
class _Statement:
    sql: str
    fields: list[Any]  # the field of each parameter, in order
    parts: list[_Part]


_KEPT: dict[tuple[Any, ...], _Statement] = {}
_LOCK = threading.Lock()


def _order_column(
    model: type[models.Model], name: str, table: str, quote: Callable[[str], str]
) -> str:
    descending = name.startswith("-")
    field_name = name.lstrip("-")
    field = model._meta.pk if field_name == "pk" else model._meta.get_field(field_name)
    column = f"{quote(table)}.{quote(str(field.column))}"  # type: ignore[union-attr]
    return f"{column} DESC" if descending else f"{column} ASC"


def unsupported(model: type[models.Model], related: Sequence[str] = ()) -> str | None:
    """Why a fixed statement cannot read `model` with `related`, or None when it can: the model
    and each related model have their own table (no multi-table inheritance), and each name is a
    concrete forward foreign key (or one-to-one) of the model. Raises FieldDoesNotExist for a
    name that is not a field."""
    meta = model._meta
    if meta.parents:
        return f"{meta.label}: models inheriting another table are not supported"
    for relation in related:
        fk: Any = meta.get_field(relation)
        if not (fk.many_to_one or fk.one_to_one) or not fk.concrete or fk.auto_created:
            return f"{meta.label}.{relation}: only forward foreign keys are supported"
        if fk.related_model._meta.parents:
            label = fk.related_model._meta.label
            return f"{label}: models inheriting another table are not supported"
    return None


def _part(model: type[models.Model], table: str, connection: Any, field: Any = None) -> _Part:
    fields = list(model._meta.concrete_fields)
    columns = []
    for f in fields:
        col = f.get_col(table)
        converters = [
            *connection.ops.get_db_converters(col),
            *col.get_db_converters(connection),
        ]
        columns.append((col, converters))
    pk = model._meta.pk
    return _Part(
        model=model,
        make=_maker(model),
        attnames=[f.attname for f in fields],
        columns=columns,
        pk_index=fields.index(pk),
        field=field,
    )


def _statement(
    model: type[models.Model],
    names: tuple[str, ...],
    alias: str,
    related: tuple[str, ...],
    keys: int | None,
) -> _Statement:
    """The statement for rows whose fields `names` equal one value each (`keys` None, in the
    model's ordering) or whose primary key is one of `keys` values (no ordering: the caller
    orders)."""
    problem = unsupported(model, related)
    if problem is not None:
        raise ValueError(problem)
    connection = connections[alias]
    quote = connection.ops.quote_name
    meta = model._meta
    wheres: list[Any] = [meta.pk if name == "pk" else meta.get_field(name) for name in names]
    table = str(meta.db_table)
    parts = [_part(model, table, connection)]
    joins = []
    for index, relation in enumerate(related):
        fk: Any = meta.get_field(relation)
        target = fk.related_model
        target_alias = f"R{index}"
        parts.append(_part(target, target_alias, connection, field=fk))
        target_column = fk.target_field.column
        join = "LEFT OUTER JOIN" if fk.null else "INNER JOIN"
        joins.append(
            f"{join} {quote(str(target._meta.db_table))} {quote(target_alias)} ON "
            f"({quote(table)}.{quote(str(fk.column))} = "
            f"{quote(target_alias)}.{quote(str(target_column))})"
        )
    select = ", ".join(
        f"{quote(str(col.alias))}.{quote(str(col.target.column))}"
        for part in parts
        for col, _converters in part.columns
    )
    columns = [f"{quote(table)}.{quote(str(where.column))}" for where in wheres]
    if keys is None:
        condition = " AND ".join(f"{column} = %s" for column in columns)
    else:
        condition = f"{columns[0]} IN ({', '.join(['%s'] * keys)})"
        wheres = wheres * keys
    sql = " ".join([f"SELECT {select} FROM {quote(table)}", *joins, f"WHERE {condition}"])
    declared = list(meta.ordering or [])
    ordering = [o for o in declared if isinstance(o, str)]
    if keys is None and ordering:
        if len(ordering) != len(declared):
            raise ValueError(f"{meta.label}: ordering by expressions is not supported")
        sql += " ORDER BY " + ", ".join(_order_column(model, o, table, quote) for o in ordering)
    return _Statement(sql=sql, fields=wheres, parts=parts)


def _kept(
    model: type[models.Model],
    names: tuple[str, ...],
    alias: str,
    related: tuple[str, ...],
    keys: int | None,
) -> _Statement:
    key = (model, names, alias, related, keys)
    statement = _KEPT.get(key)
    if statement is None:
        statement = _statement(model, names, alias, related, keys)
        if keys is None or keys <= KEPT_KEYS_UP_TO:
            with _LOCK:
                _KEPT[key] = statement
    return statement


def _in_range(field: Any, value: int, connection: Any) -> bool:
    target = field.target_field if field.is_relation else field
    try:
        low, high = connection.ops.integer_field_range(target.get_internal_type())
    except KeyError:
        return True
    return (low is None or value >= low) and (high is None or value <= high)


def _run(statement: _Statement, values: list[Any], alias: str) -> list[Any]:
    connection = connections[alias]
    params = []
    for field, value in zip(statement.fields, values, strict=True):
        param = field.get_db_prep_value(field.get_prep_value(value), connection, prepared=True)
        if type(param) is int and not _in_range(field, param, connection):
            # Out of the column's range: nothing can match, as the ORM answers (`= NULL` and
            # `IN (NULL)` match no row), where the driver would fail on the value.
            param = None
        params.append(param)
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, params)
        rows = cursor.fetchall()
    instances = []
    for row in rows:
        position = 0
        row_instance: Any = None
        for part in statement.parts:
            width = len(part.columns)
            raw_values = row[position : position + width]
            position += width
            if part.field is not None and raw_values[part.pk_index] is None:
                part.field.set_cached_value(row_instance, None)
                continue
            converted = []
            for (col, converters), raw in zip(part.columns, raw_values, strict=True):
                for convert in converters:
                    raw = convert(raw, col, connection)
                converted.append(raw)
            instance = part.make(alias, part.attnames, converted)
            if part.field is None:
                row_instance = instance
                continue
            part.field.set_cached_value(row_instance, instance)
            if part.field.unique:  # a one-to-one: the related row knows its row too
                part.field.remote_field.set_cached_value(instance, row_instance)
        instances.append(row_instance)
    return instances


def rows_where(
    model: type[M],
    name: str,
    value: Any,
    *,
    related: Sequence[str] = (),
    using: str | None = None,
) -> list[M]:
    """`list(model._base_manager.using(using).select_related(*related).filter(**{name:
    value}))`: every concrete field, the model's default ordering, one fixed statement."""
    return rows_matching(model, {name: value}, related=related, using=using)


def rows_matching(
    model: type[M],
    equal: Mapping[str, Any],
    *,
    related: Sequence[str] = (),
    using: str | None = None,
) -> list[M]:
    """`rows_where` with several fields, each equal to its value (none of them None: `= NULL`
    matches nothing, where the ORM would write `IS NULL`)."""
    if any(value is None for value in equal.values()):
        raise ValueError("rows_matching: compare with None through the ORM (IS NULL)")
    alias = using or router.db_for_read(model)
    statement = _kept(model, tuple(equal), alias, tuple(related), None)
    return _run(statement, list(equal.values()), alias)


def rows_by_keys(
    model: type[M],
    keys: Sequence[Any],
    *,
    related: Sequence[str] = (),
    using: str | None = None,
) -> dict[Any, M]:
    """The rows of `model._base_manager.select_related(*related).filter(pk__in=keys)` by
    primary key (a key without a row is absent), one fixed statement per number of keys."""
    if not keys:
        return {}
    alias = using or router.db_for_read(model)
    statement = _kept(model, ("pk",), alias, tuple(related), len(keys))
    return {row.pk: row for row in _run(statement, list(keys), alias)}
