"""Reads of the entity index: the entities of a record, the records that mention an entity, and
the records that share entities with a record — always limited to what the user may see.

Records are petitions (through `petitions.selectors.petition_list`), reception entries
(`reception.selectors.entry_list`) and issue reports (`monitoring.selectors.reports.report_list`,
scoped by `permissions.viewer_organization_ids`); each is read with the same user, so a record
outside the user's scope is never listed, counted or labelled.

A unit of today also finds the records that name the units it took over (searching "Tỉnh Lâm
Đồng" lists the records that say "tỉnh Bình Thuận"; not the other way round).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from danvan.core.errors import NotFound
from danvan.core.models.units import REFORM_2025
from danvan.core.selectors.units import admin_unit_lineage_ids, admin_unit_on, admin_unit_search
from danvan.monitoring.models import EntityMention
from danvan.monitoring.states import EntityKind, LinkKind
from danvan.text.entities import DATE, LEGAL, MONEY, UNIT

MAX_ID = 2**63 - 1
VALUE_MAX = 120
# Mentions read for one search (most recent records first): a bound on the work of a search
# for a value as common as a province.
MENTIONS_MAX = 20_000
# A value shared by more records than this says too little to suggest a link ("Hà Nội").
RELATED_COMMON = 200
RELATED_KINDS: tuple[str, ...] = (LEGAL, UNIT, MONEY)
RELATED_MAX = 20
_CHUNK = 2_000

PETITION = str(LinkKind.PETITION)
RECEPTION = str(LinkKind.RECEPTION)
REPORT = str(LinkKind.REPORT)
RECORD_TYPES: tuple[str, ...] = (PETITION, RECEPTION, REPORT)


@dataclass(frozen=True)
class Match:
    kind: str
    value: str
    text: str


@dataclass
class RecordRow:
    target_type: str
    target_id: int
    type_label: str
    on: dt.date | None
    label: str = ""
    url: str = ""
    status: str = ""
    matches: list[Match] = field(default_factory=list)


@dataclass
class RecordPage:
    rows: list[RecordRow]
    count: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.page_size))


def _url(name: str, pk: int) -> str:
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return ""


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield list(ids[i : i + _CHUNK])


# --- Visibility, through each module's scoped selector --------------------------------------


def _visible_dates(user: Any, target_type: str, ids: Sequence[int]) -> dict[int, dt.date]:
    """Of `ids`, those the user may see, with their date (received, reported)."""
    found: dict[int, dt.date] = {}
    if not ids:
        return found
    for chunk in _chunks(sorted(set(ids))):
        rows: Iterable[tuple[int, dt.date]]
        if target_type == PETITION:
            from danvan.petitions.selectors import petition_list

            rows = petition_list(user=user).filter(pk__in=chunk).values_list("pk", "received_on")
        elif target_type == RECEPTION:
            from danvan.reception.selectors import entry_list

            rows = entry_list(user=user).filter(pk__in=chunk).values_list("pk", "received_on")
        elif target_type == REPORT:
            from danvan.monitoring.selectors.reports import report_list

            rows = report_list(user=user).filter(pk__in=chunk).values_list("pk", "reported_on")
        else:
            return found
        found.update({int(pk): on for pk, on in rows})
    return found


def _describe(user: Any, rows: list[RecordRow]) -> None:
    """Fill label, address and status of rows (one query per kind of record)."""
    by_type: dict[str, dict[int, RecordRow]] = {}
    for row in rows:
        by_type.setdefault(row.target_type, {})[row.target_id] = row
    wanted = by_type.get(PETITION)
    if wanted:
        from danvan.petitions.selectors import petition_list

        for p in petition_list(user=user).filter(pk__in=sorted(wanted)):
            row = wanted[p.pk]
            row.label = f"{p.case_number}: {p.summary or p.content[:120]}"
            row.url = _url("petitions:detail", p.pk)
            row.status = str(p.get_status_display())
    wanted = by_type.get(RECEPTION)
    if wanted:
        from danvan.reception.selectors import entry_list

        for e in entry_list(user=user).filter(pk__in=sorted(wanted)):
            row = wanted[e.pk]
            row.label = f"{e.label}: {e.content[:120]}"
            row.url = _url("reception:entry_detail", e.pk)
            row.status = str(e.get_outcome_display())
    wanted = by_type.get(REPORT)
    if wanted:
        from danvan.monitoring.selectors.reports import report_list

        for r in report_list(user=user).filter(pk__in=sorted(wanted)):
            row = wanted[r.pk]
            row.label = r.title
            row.url = _url("monitoring:report", r.pk)
            row.status = str(r.get_status_display())


def record_visible(user: Any, target_type: str, target_id: int) -> bool:
    return bool(_visible_dates(user, target_type, [target_id]))


# --- Values ---------------------------------------------------------------------------------


def _unit_predecessor_keys(value: str) -> list[str]:
    """For a unit of today, the keys of the rows it took over (earlier versions, merged units)."""
    from danvan.monitoring.services.entities import unit_key

    if not value.isdigit():
        return []
    try:
        unit = admin_unit_on(code=value)
    except NotFound:
        return []
    if unit.valid_from < REFORM_2025:
        return []
    ids = admin_unit_lineage_ids(unit)
    rows = admin_unit_search(include_history=True).filter(pk__in=sorted(ids))
    return sorted({unit_key(u) for u in rows} - {value})


def _expanded(entities: Sequence[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """(kind, value) searched -> index of the entity asked for."""
    out: dict[tuple[str, str], int] = {}
    for index, (kind, value) in enumerate(entities):
        out.setdefault((kind, value), index)
        if kind == UNIT:
            for key in _unit_predecessor_keys(value):
                out.setdefault((kind, key), index)
    return out


def _condition(pairs: Iterable[tuple[str, str]]) -> Q:
    by_kind: dict[str, list[str]] = {}
    for kind, value in pairs:
        by_kind.setdefault(kind, []).append(value)
    condition: Q | None = None
    for kind, values in by_kind.items():
        part = Q(kind=kind, value__in=sorted(set(values)))
        condition = part if condition is None else condition | part
    return condition if condition is not None else Q(pk__in=[])


def _clean(entities: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for kind, value in entities:
        value = (value or "").strip()[:VALUE_MAX]
        if kind in EntityKind.values and value and (kind, value) not in out:
            out.append((kind, value))
    return out[:20]


# --- Reads ----------------------------------------------------------------------------------


def entities_of(target_type: str, target_id: int) -> list[EntityMention]:
    """The entities indexed for one record, by kind then value.

    Not scoped: the caller has read the record through its module's selector already.
    """
    if not 1 <= int(target_id) <= MAX_ID:
        return []
    return list(
        EntityMention.objects.filter(target_type=target_type, target_id=target_id).order_by(
            "kind", "value"
        )
    )


def records_with_entities(
    user: Any,
    entities: Sequence[tuple[str, str]],
    *,
    page: int = 1,
    page_size: int = 50,
    exclude: tuple[str, int] | None = None,
) -> RecordPage:
    """The records the user may see that mention any of `entities` ((kind, value) pairs): the
    ones mentioning more of them first, then the most recent."""
    wanted = _clean(entities)
    page = max(1, page)
    if not wanted:
        return RecordPage(rows=[], count=0, page=page, page_size=page_size)
    expanded = _expanded(wanted)
    mentions = (
        EntityMention.objects.filter(_condition(expanded))
        .order_by("-target_id")
        .values_list("target_type", "target_id", "kind", "value", "text")[:MENTIONS_MAX]
    )
    hits: dict[tuple[str, int], dict[int, Match]] = {}
    for target_type, target_id, kind, value, text in mentions:
        key = (target_type, int(target_id))
        if key == exclude:
            continue
        index = expanded[(kind, value)]
        hits.setdefault(key, {}).setdefault(index, Match(kind, value, text))
    by_type: dict[str, list[int]] = {}
    for target_type, target_id in hits:
        by_type.setdefault(target_type, []).append(target_id)
    labels = dict(LinkKind.choices)
    rows: list[RecordRow] = []
    for target_type, ids in by_type.items():
        for pk, on in _visible_dates(user, target_type, ids).items():
            matches = [hits[(target_type, pk)][i] for i in sorted(hits[(target_type, pk)])]
            rows.append(
                RecordRow(
                    target_type=target_type,
                    target_id=pk,
                    type_label=str(labels.get(target_type, target_type)),
                    on=on,
                    matches=matches,
                )
            )
    rows.sort(
        key=lambda r: (
            -len(r.matches),
            -(r.on.toordinal() if r.on else 0),
            r.target_type,
            -r.target_id,
        )
    )
    first = (page - 1) * page_size
    shown = rows[first : first + page_size]
    _describe(user, shown)
    return RecordPage(rows=shown, count=len(rows), page=page, page_size=page_size)


def records_with_entity(
    user: Any, kind: str, value: str, *, page: int = 1, page_size: int = 50
) -> RecordPage:
    """The records the user may see that mention one entity, most recent first."""
    return records_with_entities(user, [(kind, value)], page=page, page_size=page_size)


def related_by_entities(
    user: Any, target_type: str, target_id: int, *, limit: int = RELATED_MAX
) -> RecordPage:
    """Records sharing a legal reference, a unit or an amount with a record the user may see
    (Http404 otherwise): those sharing more first. Values shared by more than
    `RELATED_COMMON` records (a province, a round amount) are left out: they link everything."""
    try:
        key = int(target_id)
    except (TypeError, ValueError):
        raise Http404 from None
    if target_type not in RECORD_TYPES or not 1 <= key <= MAX_ID:
        raise Http404
    if not record_visible(user, target_type, key):
        raise Http404
    own = [(m.kind, m.value) for m in entities_of(target_type, key) if m.kind in RELATED_KINDS]
    if not own:
        return RecordPage(rows=[], count=0, page=1, page_size=limit)
    counts = (
        EntityMention.objects.filter(_condition(own))
        .values("kind", "value")
        .annotate(n=Count("id"))
    )
    common = {(c["kind"], c["value"]) for c in counts if c["n"] > RELATED_COMMON}
    # Legal references first: citing the same decision is the strongest tie.
    order = {LEGAL: 0, UNIT: 1, MONEY: 2}
    shared = sorted((pair for pair in own if pair not in common), key=lambda p: order[p[0]])
    return records_with_entities(user, shared, page=1, page_size=limit, exclude=(target_type, key))


def entity_display(kind: str, value: str, text: str = "") -> str:
    """How a value reads on a page: an amount with its grouping, a date in d/m/Y."""
    if kind == MONEY and value.isdigit():
        return _("%(amount)s đồng") % {"amount": f"{int(value):,}".replace(",", ".")}
    if kind == DATE:
        parts = value.split("-")
        return "/".join(reversed(parts))
    return text or value
