"""Raw bulk writes for generators and imports: rows as plain values, no model instances.

Owns `raw_insert` (every concrete field of a model, multi-row `executemany` on SQLite, `COPY` on
PostgreSQL), `insert_columns` (a few columns of a table, same paths), `reserve_ids` (primary keys
handed out before the insert, so related rows can point to them in the same chunk) and
`sqlite_bulk_mode` (the pragmas that make a long load on SQLite several times faster, restored
afterwards). No services, no audit: callers write what the services would write, and say so.

Used by `danvan.petitions.demo_bulk` (`danvan bench generate`), `danvan.benchdata` and the
register import (`danvan.petitions.imports.run`).
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.utils import timezone

if TYPE_CHECKING:
    from danvan.core.services.obligations import ObligationSpec

# Field types whose values the driver cannot take as they are (dates and times on SQLite, JSON).
PREPARED_TYPES = frozenset({"DateField", "DateTimeField", "TimeField", "JSONField", "DecimalField"})


def _converter(field: models.Field[Any, Any], wrapper: Any) -> Callable[[Any], Any] | None:
    """How a value of `field` goes to the driver: None when as it is. Dates on SQLite become
    their ISO text (`adapt_datefield_value`); date-times, decimals and JSON go through the
    field's own preparation with the database wrapper itself (not the thread-local proxy:
    a lookup per value), memoised per value where values are hashable (they repeat)."""
    kind = field.get_internal_type()
    if kind not in PREPARED_TYPES:
        return None
    if kind == "DateField":
        if wrapper.vendor == "postgresql":
            return None  # psycopg takes dates as they are
        return lambda v: None if v is None else str(v)
    prepare = field.get_db_prep_save
    if kind == "JSONField":
        return lambda v: prepare(v, wrapper)
    cache: dict[Any, Any] = {}

    def memoised(v: Any) -> Any:
        try:
            return cache[v]
        except KeyError:
            cache[v] = result = prepare(v, wrapper)
            return result

    return memoised


def raw_insert(
    model: type[models.Model], rows: Sequence[dict[str, Any]], *, ids: bool = False
) -> None:
    """Insert plain rows without building model instances (COPY on PostgreSQL).

    Every concrete field is written (the primary key only with `ids`: rows then carry `id`);
    a value missing from a row is the field's default (`auto_now(_add)` fields: now). Keys are
    attribute names (`organization_id`, not `organization`).
    """
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if ids or not f.primary_key]
    now = timezone.now()
    defaults: dict[str, Any] = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        else:
            defaults[f.attname] = f.get_default()  # "" for text, None for nullable fields
    names = [f.attname for f in fields]
    pick = operator.itemgetter(*names)
    wrapper = connections[DEFAULT_DB_ALIAS]
    converters = [
        (i, fn) for i, f in enumerate(fields) if (fn := _converter(f, wrapper)) is not None
    ]
    prepared: list[Sequence[Any]] = []
    for row in rows:
        values = pick({**defaults, **row})
        if len(names) == 1:
            values = (values,)
        if converters:
            values = list(values)
            for i, fn in converters:
                values[i] = fn(values[i])
        prepared.append(values)
    insert_columns(model._meta.db_table, [str(f.column) for f in fields], prepared)


def insert_columns(table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert `rows` (values already in the driver's types) into `columns` of `table`."""
    if not rows:
        return
    quoted = connection.ops.quote_name(table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # psycopg 3
            with raw.copy(f"COPY {quoted} ({names}) FROM STDIN") as copy:
                for values in rows:
                    copy.write_row(values)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quoted} ({names}) VALUES ({marks})", rows)


def reserve_ids(model: type[models.Model], n: int) -> list[int]:
    """`n` fresh primary keys for `model` (its sequence on PostgreSQL; after the largest id on
    SQLite, where the caller's transaction must already hold the write lock or insert at once)."""
    if n <= 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, n],
            )
            return [int(row[0]) for row in cursor.fetchall()]
        cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(table)}")
        row = cursor.fetchone()
        last = int(row[0] or 0) if row else 0
    return list(range(last + 1, last + n + 1))


def obligation_rows(
    specs: Iterable[ObligationSpec],
    *,
    target_type: str,
    target_id: int,
    target_label: str,
    target_status: str,
    today: dt.date,
) -> list[dict[str, Any]]:
    """`core.Obligation` rows (for `raw_insert`) of a new record's specs, with the values
    `obligation_sync` writes for a record that has none yet."""
    from danvan.core.services.obligations import _values

    return [
        {
            "key": spec.key,
            "target_type": target_type,
            "target_id": target_id,
            **_values(
                spec,
                target_label=target_label,
                target_status=target_status,
                existing=None,
                today=today,
            ),
        }
        for spec in specs
    ]


@contextmanager
def indexes_deferred(
    model_list: Sequence[type[models.Model]], *, enabled: bool = True
) -> Iterator[list[str]]:
    """Drop the plain secondary indexes of the models' tables for the block and recreate them
    from their saved definitions at its end, also when the block fails; yields their names.

    Building an index once over sorted keys costs far less than inserting a million rows into
    a dozen B-trees each. Unique indexes, primary keys and indexes behind constraints stay (the
    load must still be checked). Worth it only when the load is large next to the tables, and
    only on a database nobody else queries meanwhile (their queries would scan).
    """
    saved: list[tuple[str, str]] = []  # (name, CREATE INDEX statement)
    if enabled and connection.vendor in ("sqlite", "postgresql"):
        with connection.cursor() as cursor:
            for model in model_list:
                table = model._meta.db_table
                if connection.vendor == "sqlite":
                    cursor.execute(
                        "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                        "AND tbl_name = %s AND sql IS NOT NULL",
                        [table],
                    )
                    rows = [
                        (str(n), str(q))
                        for n, q in cursor.fetchall()
                        if not str(q).lstrip().upper().startswith("CREATE UNIQUE")
                    ]
                else:
                    cursor.execute(
                        "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
                        "JOIN pg_class i ON i.oid = x.indexrelid "
                        "WHERE x.indrelid = %s::regclass "
                        "AND NOT x.indisunique AND NOT x.indisprimary "
                        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)",
                        [table],
                    )
                    rows = [(str(n), str(q)) for n, q in cursor.fetchall()]
                saved.extend(rows)
            _fire_pending_checks(cursor)
            for name, _sql in saved:
                cursor.execute(f"DROP INDEX IF EXISTS {connection.ops.quote_name(name)}")
    try:
        yield [name for name, _sql in saved]
    finally:
        if saved:
            with connection.cursor() as cursor:
                _fire_pending_checks(cursor)
                for _name, sql in saved:
                    cursor.execute(sql.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1))


def _fire_pending_checks(cursor: Any) -> None:
    """PostgreSQL refuses DDL on a table with deferred foreign-key checks pending in the open
    transaction: run them now (Django's foreign keys are all deferrable, initially deferred)."""
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


# What a long load sets on SQLite: no fsync per commit (a crash loses the load, not the file's
# integrity in WAL mode), a 256 MB page cache, temporary B-trees in memory.
_SQLITE_BULK_PRAGMAS: tuple[tuple[str, str], ...] = (
    ("synchronous", "OFF"),
    ("cache_size", "-262144"),
    ("temp_store", "MEMORY"),
)


@contextmanager
def sqlite_bulk_mode() -> Iterator[None]:
    """On SQLite, the connection's bulk-load pragmas for the block, the previous values after
    (also on failure). Nothing on other databases, nor inside a transaction. Pragmas are per
    connection: do not close the connection inside the block."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        # Inside a transaction SQLite refuses to change the safety level: the caller's
        # transaction decides (tests run the generators inside one).
        yield
        return
    saved: list[tuple[str, Any]] = []
    with connection.cursor() as cursor:
        for name, value in _SQLITE_BULK_PRAGMAS:
            cursor.execute(f"PRAGMA {name}")
            row = cursor.fetchone()
            saved.append((name, row[0] if row else None))
            cursor.execute(f"PRAGMA {name} = {value}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name, old in saved:
                if old is not None:
                    cursor.execute(f"PRAGMA {name} = {int(old)}")
