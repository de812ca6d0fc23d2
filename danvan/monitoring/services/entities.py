"""Entities found in records' text: the index behind "records that cite the same decision, the
same place, the same amount" (see docs/entities.md).

- `entities_index(target_type, target_id, text)` (re)indexes one record: its old mentions are
  deleted and the distinct entities of `text` stored as `EntityMention` rows. Modules call it
  after writing a record's text; the mentions are derived data (like a search index), so they
  are not audited.
- `entities_index_pending(limit=...)` catches up in the background (the daily task): petitions
  (content and summary), reception entries (content) and issue reports (title and
  description) added since the last run, and those changed since (an audit event on them).
  `EntityIndexState` keeps where each kind of record stopped.
- The gazetteer of unit names is built once per process from core's administrative units
  (current and pre-2025 ones, through `core.selectors.units`) and rebuilt when the units
  change (checked at most every `GAZETTEER_RECHECK_SECONDS`).

Reading other modules: petitions and reception offer no unscoped iteration over their records,
and this indexer runs without a user, so `_petitions` and `_entries` read `Petition` and
`ReceptionEntry` with plain querysets (ids and text only), and `_changed_since` reads core's
`AuditEvent` (target type, id, seq). That is the one place monitoring touches those models.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Max
from django.utils.translation import gettext as _

from danvan.core.errors import ValidationFailed
from danvan.core.models import AdminUnit, UnitLevel
from danvan.core.models.units import REFORM_2025
from danvan.core.selectors.units import admin_unit_lineage_ids, admin_unit_search
from danvan.monitoring.models import EntityIndexState, EntityMention, IssueReport
from danvan.monitoring.states import LinkKind
from danvan.text.entities import (
    Entity,
    Gazetteer,
    UnitRecord,
    distinct,
    extract,
    gazetteer_build,
)

TARGET_TYPE_MAX = 60
VALUE_MAX = 120  # EntityMention.value
TEXT_MAX = 200  # EntityMention.text
# A record's text beyond this is not read (a petition is a few pages at most).
INDEX_TEXT_MAX = 100_000
GAZETTEER_RECHECK_SECONDS = 300
BATCH = 200

PETITION = str(LinkKind.PETITION)
RECEPTION = str(LinkKind.RECEPTION)
REPORT = str(LinkKind.REPORT)
INDEXED_TYPES: tuple[str, ...] = (PETITION, RECEPTION, REPORT)


# --- The gazetteer --------------------------------------------------------------------------


def unit_key(unit: AdminUnit) -> str:
    """The entity value of a unit: its code for units of the two-tier system (from 1 July
    2025), ``old:<code>`` before it. Codes were reused in 2025 (44 was Quảng Bình, is Quảng
    Trị), so a code alone would join mentions of two different places."""
    return unit.code if unit.valid_from >= REFORM_2025 else f"old:{unit.code}"


def _label(unit: AdminUnit, parent: AdminUnit | None) -> str:
    label = unit.full_name
    if parent is not None and parent.pk != unit.pk:
        label += f", {parent.full_name}"
    if unit.valid_from < REFORM_2025:
        # Reference data like the names themselves (the gazetteer is shared by every request,
        # whatever its language), so not translated.
        label += " (trước 01/07/2025)"
    return label


@dataclass
class _Cache:
    gazetteer: Gazetteer | None = None
    signature: tuple[int, int] = (0, 0)
    checked_at: float = 0.0


_cache = _Cache()
_lock = threading.Lock()


def _signature() -> tuple[int, int]:
    totals = admin_unit_search(include_history=True).aggregate(n=Count("id"), top=Max("id"))
    return int(totals["n"] or 0), int(totals["top"] or 0)


def _gazetteer_build() -> Gazetteer:
    units = list(admin_unit_search(include_history=True).order_by())
    by_id = {u.pk: u for u in units}
    records: list[UnitRecord] = []
    for u in units:
        province: AdminUnit | None = u
        if u.level != UnitLevel.PROVINCE:
            province = by_id.get(u.parent_id) if u.parent_id else None
        province_key = unit_key(province) if province is not None else unit_key(u)
        records.append(
            UnitRecord(
                key=unit_key(u),
                name=u.name,
                unit_type=u.unit_type,
                province=province_key,
                rank=u.valid_from.toordinal(),
                label=_label(u, province),
            )
        )
    # Provinces of both eras that share territory: today's province and every row it took over.
    links: list[tuple[str, str]] = []
    for p in units:
        if p.level != UnitLevel.PROVINCE or p.valid_to is not None:
            continue
        for pk in admin_unit_lineage_ids(p):
            old = by_id.get(pk)
            if old is not None and old.level == UnitLevel.PROVINCE:
                links.append((unit_key(old), unit_key(p)))
    return gazetteer_build(records, links)


def gazetteer_get() -> Gazetteer:
    """The gazetteer of every unit name, built on first use and kept for the process."""
    now = time.monotonic()
    with _lock:
        if _cache.gazetteer is not None and now - _cache.checked_at < GAZETTEER_RECHECK_SECONDS:
            return _cache.gazetteer
        signature = _signature()
        if _cache.gazetteer is None or signature != _cache.signature:
            _cache.gazetteer = _gazetteer_build()
            _cache.signature = signature
        _cache.checked_at = now
        return _cache.gazetteer


def gazetteer_reset() -> None:
    """Forget the cached gazetteer (tests; after loading units in a long-lived process)."""
    with _lock:
        _cache.gazetteer = None
        _cache.signature = (0, 0)
        _cache.checked_at = 0.0


def entities_extract(text: str) -> list[Entity]:
    """Every entity of `text`, unit names included (nothing is stored)."""
    return extract(text[:INDEX_TEXT_MAX], gazetteer_get())


# --- Indexing -------------------------------------------------------------------------------


def _check_target(target_type: str, target_id: int) -> None:
    if not target_type or len(target_type) > TARGET_TYPE_MAX or "." not in target_type:
        raise ValidationFailed(
            _("Loại hồ sơ «%(type)s» không hợp lệ: dùng dạng app.model, ví dụ petitions.petition.")
            % {"type": target_type[:TARGET_TYPE_MAX]},
            fields={"target_type": _("Dạng app.model.")},
        )
    if not isinstance(target_id, int) or not 1 <= target_id <= 2**63 - 1:
        raise ValidationFailed(
            _("Mã hồ sơ không hợp lệ."), fields={"target_id": _("Một số nguyên dương.")}
        )


def _rows(target_type: str, target_id: int, entities: Iterable[Entity]) -> list[EntityMention]:
    rows: dict[tuple[str, str], EntityMention] = {}
    for e in distinct(list(entities)):
        value = e.value[:VALUE_MAX]
        if (e.kind, value) in rows:
            continue
        rows[(e.kind, value)] = EntityMention(
            target_type=target_type,
            target_id=target_id,
            kind=e.kind,
            value=value,
            text=" ".join(e.text.split())[:TEXT_MAX],
        )
    return list(rows.values())


def _store(batch: Sequence[tuple[int, str]], target_type: str, gazetteer: Gazetteer) -> int:
    """Replace the mentions of every record in `batch` ((id, text) pairs) in one transaction."""
    rows: list[EntityMention] = []
    for target_id, text in batch:
        rows += _rows(target_type, target_id, extract(text[:INDEX_TEXT_MAX], gazetteer))
    with transaction.atomic():
        EntityMention.objects.filter(
            target_type=target_type, target_id__in=[pk for pk, _text in batch]
        ).delete()
        EntityMention.objects.bulk_create(rows)
    return len(rows)


def entities_index(target_type: str, target_id: int, text: str) -> int:
    """(Re)index the entities of one record's text; returns how many were stored."""
    _check_target(target_type, target_id)
    return _store([(target_id, text or "")], target_type, gazetteer_get())


def entities_forget(target_type: str, target_id: int) -> int:
    """Drop a record's mentions (the record was deleted or anonymised beyond use)."""
    deleted, _by_model = EntityMention.objects.filter(
        target_type=target_type, target_id=target_id
    ).delete()
    return int(deleted)


# --- Catching up ----------------------------------------------------------------------------


def _join(*parts: str | None) -> str:
    return "\n".join(p for p in parts if p)


# How each kind of record is read: (its text by id, for ids above a cursor or for given ids).
Fetch = Callable[[int, int, Sequence[int] | None], list[tuple[int, str]]]


def _petitions(after: int, count: int, ids: Sequence[int] | None) -> list[tuple[int, str]]:
    from danvan.petitions.models import Petition

    qs = Petition.objects.filter(pk__in=ids) if ids is not None else Petition.objects.all()
    rows = qs.filter(pk__gt=after).order_by("pk").values_list("pk", "content", "summary")[:count]
    return [(int(pk), _join(content, summary)) for pk, content, summary in rows]


def _entries(after: int, count: int, ids: Sequence[int] | None) -> list[tuple[int, str]]:
    from danvan.reception.models import ReceptionEntry

    qs = ReceptionEntry.objects.filter(pk__in=ids) if ids is not None else ReceptionEntry.objects
    rows = qs.filter(pk__gt=after).order_by("pk").values_list("pk", "content")[:count]
    return [(int(pk), content or "") for pk, content in rows]


def _reports(after: int, count: int, ids: Sequence[int] | None) -> list[tuple[int, str]]:
    qs = IssueReport.objects.filter(pk__in=ids) if ids is not None else IssueReport.objects
    rows = qs.filter(pk__gt=after).order_by("pk").values_list("pk", "title", "description")[:count]
    return [(int(pk), _join(title, description)) for pk, title, description in rows]


SOURCES: dict[str, Fetch] = {PETITION: _petitions, RECEPTION: _entries, REPORT: _reports}


def _changed_since(target_type: str, seq: int, count: int) -> list[tuple[int, int]]:
    """(audit seq, record id) of the events on records of `target_type` after `seq`.

    Every write of a record is audited in its transaction (the house rule), so the audit log
    says which records changed; core offers no unscoped selector for it, hence the model."""
    from danvan.core.models import AuditEvent

    rows = (
        AuditEvent.objects.filter(target_type=target_type, seq__gt=seq)
        .order_by("seq")
        .values_list("seq", "target_id")[:count]
    )
    return [(int(s), int(t)) for s, t in rows if str(t).isdigit()]


def _last_seq(target_type: str) -> int:
    from danvan.core.models import AuditEvent

    top = AuditEvent.objects.filter(target_type=target_type).aggregate(top=Max("seq"))["top"]
    return int(top or 0)


def _catch_up(target_type: str, fetch: Fetch, limit: int, gazetteer: Gazetteer) -> tuple[int, int]:
    """Index the records of one kind added or changed since the last run; (records, mentions).

    New records: ids above `last_id`, oldest first. Changed records: those with an audit event
    after `last_event_seq` and an id already indexed (a new one is read fresh anyway)."""
    state, _created = EntityIndexState.objects.get_or_create(target_type=target_type)
    indexed_up_to = int(state.last_id)
    top_seq = _last_seq(target_type)
    records = mentions = 0
    while records < limit:
        batch = fetch(int(state.last_id), min(BATCH, limit - records), None)
        if not batch:
            break
        mentions += _store(batch, target_type, gazetteer)
        records += len(batch)
        state.last_id = max(pk for pk, _text in batch)
        state.save(update_fields=["last_id", "updated_at"])
    if state.last_event_seq == 0 and indexed_up_to == 0:
        # First run: every record was just read; older events need no second look.
        state.last_event_seq = top_seq
        state.save(update_fields=["last_event_seq", "updated_at"])
        return records, mentions
    while records < limit:
        events = _changed_since(target_type, int(state.last_event_seq), BATCH)
        if not events:
            break
        # A record read in the loop above is fresh unless it changed after `top_seq`.
        ids = sorted({pk for seq, pk in events if pk <= indexed_up_to or seq > top_seq})
        batch = fetch(0, len(ids), ids) if ids else []
        if batch:
            mentions += _store(batch, target_type, gazetteer)
            records += len(batch)
        state.last_event_seq = max(seq for seq, _pk in events)
        state.save(update_fields=["last_event_seq", "updated_at"])
    return records, mentions


@dataclass(frozen=True)
class IndexRun:
    records: dict[str, int]
    mentions: int

    @property
    def total(self) -> int:
        return sum(self.records.values())

    def as_dict(self) -> dict[str, object]:
        return {"records": dict(self.records), "mentions": self.mentions}


def entities_index_pending(limit: int = 5000) -> IndexRun:
    """Index up to `limit` records of each kind (petitions, reception entries, issue reports)
    that are new or changed since the last run. Safe to run at any time and twice."""
    if not 1 <= limit <= 1_000_000:
        raise ValidationFailed(
            _("Số hồ sơ mỗi lần phải từ 1 đến 1.000.000."), fields={"limit": _("1–1.000.000")}
        )
    gazetteer = gazetteer_get()
    counts: dict[str, int] = {}
    mentions = 0
    for target_type, fetch in SOURCES.items():
        counts[target_type], stored = _catch_up(target_type, fetch, limit, gazetteer)
        mentions += stored
    return IndexRun(records=counts, mentions=mentions)


def entities_index_reset(target_type: str | None = None) -> None:
    """Start the catch-up again from the first record (after changing the extraction)."""
    qs = EntityIndexState.objects.all()
    if target_type:
        qs = qs.filter(target_type=target_type)
    qs.delete()
