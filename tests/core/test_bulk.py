"""`danvan.core.bulk`: raw inserts and the SQLite bulk pragmas."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection

from danvan.core.bulk import raw_insert, reserve_ids, sqlite_bulk_mode


@pytest.mark.django_db(transaction=True)
def test_sqlite_bulk_pragmas_hold_in_the_block_and_are_restored_even_on_failure() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite pragmas")

    def pragma(name: str) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA {name}")
            return int(cursor.fetchone()[0])

    before = pragma("cache_size")
    with sqlite_bulk_mode():
        assert pragma("cache_size") == -262144
        if not connection.is_in_memory_db():  # an in-memory database keeps its own level
            assert pragma("synchronous") == 0
    assert pragma("cache_size") == before
    with pytest.raises(RuntimeError), sqlite_bulk_mode():
        raise RuntimeError("load failed")
    assert pragma("cache_size") == before


@pytest.mark.django_db
def test_sqlite_bulk_pragmas_are_left_alone_inside_a_transaction() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite pragmas")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        with sqlite_bulk_mode():  # no error: SQLite refuses a new safety level in a transaction
            cursor.execute("PRAGMA cache_size")
            assert cursor.fetchone()[0] == before


@pytest.mark.django_db
def test_raw_insert_writes_defaults_dates_times_and_json_as_the_orm_reads_them() -> None:
    from danvan.core.models import Organization
    from danvan.practices.models import Period, PracticeModel
    from danvan.reception.models import ReceptionSession

    org = Organization.objects.create(
        code="X-UBND", name="Ủy ban nhân dân xã X", kind="ubnd", level="commune"
    )
    [pk] = reserve_ids(ReceptionSession, 1)
    raw_insert(
        ReceptionSession,
        [
            {
                "id": pk,
                "organization_id": org.pk,
                "level": "commune",
                "date": dt.date(2026, 3, 2),
                "start_time": dt.time(7, 30),
                "place_kind": "hq",
                "kind": "daily",
                "host_kind": "head",
                "host_name": "Nguyễn Văn An",
                "host_position": "Chủ tịch",
            }
        ],
        ids=True,
    )
    session = ReceptionSession.objects.get(pk=pk)
    assert session.date == dt.date(2026, 3, 2) and session.start_time == dt.time(7, 30)
    assert session.status == "planned" and session.version == 1 and session.created_at

    period = Period.objects.create(code="P", name="P", start_year=2021, end_year=2030)
    raw_insert(
        PracticeModel,
        [
            {
                "organization_id": org.pk,
                "registrant_kind": "commune",
                "field": "economy",
                "name": "Mô hình",
                "objectives": "Mục tiêu",
                "content_method": "Cách làm",
                "start_on": dt.date(2026, 1, 5),
                "outputs": "Kết quả",
                "year": 2026,
                "period_id": period.pk,
                "registered_on": dt.date(2026, 1, 5),
                "score": Decimal("87.50"),
            }
        ],
    )
    model = PracticeModel.objects.get()
    assert model.score == Decimal("87.50") and model.status == "registered"
