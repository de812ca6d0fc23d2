"""Completion passes over bulk-generated petitions: what the row generator leaves out, written
afterwards in a few set-based statements. Both passes are idempotent (a second run changes
nothing) and work on any database the generator filled, old runs included.

- `petitions_complete`: the time a rating was recorded (`satisfaction_at`, the closing day at
  09:30 local time), 2% duplicates (a case whose id is a multiple of 50 is marked a duplicate
  of the case created just before it) and 2% transferred copies (id ≡ 25 mod 50: a copy of the
  case just before it, as a transfer between bodies leaves it);
- `registry_complete`: the deadline registry rows (`core.Obligation`) of finished cases that
  have none (the generator writes them since issue 8/8; earlier runs wrote open cases only),
  computed as the services do (`petition_obligation_specs`, one memoising engine).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone, translation

from danvan.core.bulk import obligation_rows, raw_insert
from danvan.core.models import Obligation
from danvan.petitions.models import Petition

DUPLICATE_EVERY = 50  # 2%: case id % 50 == 0 duplicates the case created just before
TRANSFER_EVERY = 50  # 2%: case id % 50 == 25 is a transferred copy of the one before it
CHUNK = 5000


def petitions_complete() -> dict[str, int]:
    """Rating times, duplicates and transfers of generated cases; the rows changed by each."""
    table = connection.ops.quote_name(Petition._meta.db_table)
    done: dict[str, int] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            at = "(closed_on + time '09:30') AT TIME ZONE 'Asia/Ho_Chi_Minh'"
        else:
            at = "datetime(closed_on, '+02:30:00')"
        cursor.execute(
            f"UPDATE {table} SET satisfaction_at = {at} "
            "WHERE satisfaction <> '' AND satisfaction_at IS NULL AND closed_on IS NOT NULL"
        )
        done["satisfaction_at"] = max(cursor.rowcount, 0)
        cursor.execute(
            f"UPDATE {table} SET duplicate_of_id = id - 1 WHERE MOD(id, %s) = 0 "
            f"AND duplicate_of_id IS NULL AND id - 1 IN (SELECT id FROM {table})",
            [DUPLICATE_EVERY],
        )
        done["duplicates"] = max(cursor.rowcount, 0)
        cursor.execute(
            f"UPDATE {table} SET transferred_from_id = id - 1 WHERE MOD(id, %s) = 25 "
            f"AND transferred_from_id IS NULL AND id - 1 IN (SELECT id FROM {table})",
            [TRANSFER_EVERY],
        )
        done["transfers"] = max(cursor.rowcount, 0)
    return done


def registry_complete(progress: Callable[[int, int], None] | None = None) -> int:
    """Registry rows of finished cases without any; the number of rows written."""
    from danvan.petitions.deadlines import petition_obligation_specs
    from danvan.petitions.demo_bulk import MemoEngine
    from danvan.petitions.states import OPEN_STATES, Status

    label = Petition._meta.label_lower
    finished = sorted(set(Status.values) - OPEN_STATES)
    missing = (
        Petition.objects.filter(status__in=finished)
        .exclude(Exists(Obligation.objects.filter(target_type=label, target_id=OuterRef("pk"))))
        .order_by("id")
    )
    ids = list(missing.values_list("id", flat=True))
    if not ids:
        return 0
    engine = MemoEngine()
    today = timezone.localdate()
    written = 0
    light = ("content", "search_text", "requests", "result_summary", "summary", "respondent")
    with translation.override("vi"):
        for start in range(0, len(ids), CHUNK):
            rows: list[dict[str, Any]] = []
            for p in Petition.objects.filter(id__in=ids[start : start + CHUNK]).defer(*light):
                p._prefetched_objects_cache = {  # type: ignore[attr-defined]
                    "suspensions": [],
                    "extensions": [],
                    "agencies": [],
                }
                rows.extend(
                    obligation_rows(
                        petition_obligation_specs(p, engine=engine),
                        target_type=label,
                        target_id=int(p.pk),
                        target_label=p.case_number,
                        target_status=p.status,
                        today=today,
                    )
                )
            with transaction.atomic():
                raw_insert(Obligation, rows)
            written += len(rows)
            if progress is not None:
                progress(min(start + CHUNK, len(ids)), len(ids))
    return written
