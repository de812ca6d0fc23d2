"""`danvan.petitions.demo_bulk.analyze`: what a bulk load leaves to PostgreSQL's planner."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection, transaction

from danvan.petitions.demo_bulk import analyze

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="VACUUM and visibility maps are PostgreSQL's"
)

TABLE = "danvan_test_analyze_probe"


def _probe() -> Any:
    """Stands for a model: `analyze` reads only `_meta.db_table`."""
    return SimpleNamespace(_meta=SimpleNamespace(db_table=TABLE))


def _all_visible_pages() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT relallvisible FROM pg_class WHERE relname = %s", [TABLE])
        return int(cursor.fetchone()[0])


@pytest.fixture
def probe_table(transactional_db: Any) -> Iterator[None]:
    """A committed table of 20,000 rows (several pages), dropped afterwards."""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {TABLE} (id integer PRIMARY KEY, note text)")
        cursor.execute(
            f"INSERT INTO {TABLE} SELECT g, repeat('x', 40) FROM generate_series(1, 20000) g"
        )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


def test_after_a_load_the_pages_are_marked_all_visible(probe_table: None) -> None:
    assert _all_visible_pages() == 0  # what COPY or INSERT leaves: index-only scans read the table
    analyze([_probe()])
    assert _all_visible_pages() > 0


def _estimated_rows() -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [TABLE])
        return float(cursor.fetchone()[0])


def test_inside_a_transaction_it_still_gathers_the_statistics(probe_table: None) -> None:
    assert _estimated_rows() <= 0  # never analysed
    with transaction.atomic():
        analyze([_probe()])  # VACUUM would raise "cannot run inside a transaction block"
        assert _estimated_rows() == 20000
