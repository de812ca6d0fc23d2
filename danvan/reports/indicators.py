"""Indicators as data: what a report counts, and the selectors that count it.

`danvan/data/reports/indicators.json` lists every indicator: its code (part of the product's
interface: `danvan report indicators` prints `code<TAB>value`), Vietnamese label, unit,
definition, the date that places a record in a window (`date_basis`), the group it is shown
under, and the module (`source`) whose `indicators.py` computes it. An indicator with
`"breakdown": "topic"` also yields one figure per topic, coded `<code>.topic.<topic>`.

A source module provides two functions, both over a `Coverage` (the organisations and areas a
report speaks for) and a `Window` (the data window, both ends included):

    figures(coverage, window) -> dict[str, Number | None]
        every code the module owns (breakdown codes included), in as few grouped queries as
        it can; None where a rate has no denominator.

    records(code, coverage, window, user) -> RecordList
        the records behind one figure, as the user may see them (the module's scoped
        selectors): for a count exactly the records counted; for a rate the records of the
        denominator, each row saying whether it counts in the numerator.

A source may also provide `series(coverage, windows) -> {code: [value per window]}` for the
codes a report charts (`series_compute` falls back to `figures` window by window).

Coverage (`coverage_for`): a People's Committee, Party committee, Ban Tuyên giáo và Dân vận or
Inspectorate speaks for its whole area (a province: every organisation whose area is the
province or one of its communes, and everything below them); any other body for itself and
the organisations below it. Kinds are data (`windows.json` `area_wide_kinds`).
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any, Protocol

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "reports"
INDICATORS_FILE = DATA_DIR / "indicators.json"
WINDOWS_FILE = DATA_DIR / "windows.json"

Number = int | Decimal


@dataclass(frozen=True)
class Coverage:
    """What a report speaks for."""

    organization_id: int  # the reporting body
    organization_ids: frozenset[int]  # its records and those of every body it speaks for
    area_ids: frozenset[int]  # administrative units (province and communes, or one commune)
    everything: bool = False  # a national body: every record


@dataclass(frozen=True)
class Window:
    start: dt.date
    end: dt.date  # inclusive


@dataclass(frozen=True)
class RecordRow:
    reference: str  # "12/2026/UBND-XA" or another human reference
    title: str
    on: dt.date | None  # the date that placed it in the window
    url: str = ""
    note: str = ""  # for a rate: "Đúng hạn" / "Quá hạn" ...
    counted: bool = True  # for a rate: part of the numerator


@dataclass
class RecordList:
    rows: list[RecordRow]
    total: int  # records behind the figure (rows may be cut to a page)
    hidden: int = 0  # records the user may not see (counted, not listed)


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    unit: str
    definition: str
    date_basis: str
    group: str
    source: str
    kind: str = "count"  # count | rate (a percentage, one decimal)
    breakdown: str = ""  # "topic": one more figure per topic
    parent: str = ""  # a breakdown figure: the code it breaks down
    order: int = 0


class Source(Protocol):
    def figures(self, coverage: Coverage, window: Window) -> dict[str, Number | None]: ...

    def records(self, code: str, coverage: Coverage, window: Window, user: Any) -> RecordList: ...


@dataclass
class _Registry:
    indicators: dict[str, Indicator] = field(default_factory=dict)


@cache
def _load() -> _Registry:
    from danvan.core.topics import topic_choices

    with INDICATORS_FILE.open(encoding="utf-8") as fh:
        data = json.load(fh)
    registry = _Registry()
    for order, item in enumerate(data["indicators"], start=1):
        base = Indicator(
            code=item["code"],
            label=item["label"],
            unit=item["unit"],
            definition=item["definition"],
            date_basis=item["date_basis"],
            group=item["group"],
            source=item["source"],
            kind=item.get("kind", "count"),
            breakdown=item.get("breakdown", ""),
            order=order * 1000,
        )
        registry.indicators[base.code] = base
        if base.breakdown == "topic":
            for i, (topic, label) in enumerate(topic_choices(), start=1):
                code = f"{base.code}.topic.{topic}"
                registry.indicators[code] = Indicator(
                    code=code,
                    label=f"{base.label}: {label}",
                    unit=base.unit,
                    definition=f"{base.definition} Chỉ tính lĩnh vực «{label}».",
                    date_basis=base.date_basis,
                    group=base.group,
                    source=base.source,
                    kind=base.kind,
                    parent=base.code,
                    order=base.order + i,
                )
    return registry


def indicators_all() -> list[Indicator]:
    """Every indicator, breakdowns after their parent, in the order of the data file."""
    return sorted(_load().indicators.values(), key=lambda i: i.order)


def indicator_get(code: str) -> Indicator | None:
    return _load().indicators.get(code)


@cache
def _source(path: str) -> Source:
    module: Any = importlib.import_module(path)
    return module


def sources() -> list[str]:
    return sorted({i.source for i in indicators_all()})


def figures_compute(
    coverage: Coverage, window: Window, *, codes: Iterable[str] | None = None
) -> dict[str, Number | None]:
    """Every indicator's value (or those of `codes`), in the data file's order."""
    wanted = set(codes) if codes is not None else None
    chosen = [i for i in indicators_all() if wanted is None or i.code in wanted]
    values: dict[str, Number | None] = {}
    for path in sorted({i.source for i in chosen}):
        values.update(_source(path).figures(coverage, window))
    return {i.code: values.get(i.code, 0 if i.kind == "count" else None) for i in chosen}


def series_compute(
    coverage: Coverage, windows: list[Window], codes: Iterable[str]
) -> dict[str, list[Number | None]]:
    """Each code's value in each window (a trend). A source that offers
    `series(coverage, windows) -> {code: [value, ...]}` answers in one pass; for the others
    the figures are computed window by window."""
    wanted = [c for c in codes if indicator_get(c) is not None]
    out: dict[str, list[Number | None]] = {}
    by_source: dict[str, list[str]] = {}
    for code in wanted:
        by_source.setdefault(indicator_get(code).source, []).append(code)  # type: ignore[union-attr]
    for path, source_codes in by_source.items():
        module: Any = _source(path)
        answered: dict[str, list[Any]] = {}
        if hasattr(module, "series"):
            answered = module.series(coverage, windows)
        missing = [c for c in source_codes if c not in answered]
        for c in source_codes:
            if c in answered:
                out[c] = list(answered[c])
        if missing:
            rows = [figures_compute(coverage, w, codes=missing) for w in windows]
            for c in missing:
                out[c] = [row.get(c) for row in rows]
    return out


def records_for(code: str, coverage: Coverage, window: Window, user: Any) -> RecordList:
    indicator = indicator_get(code)
    if indicator is None:
        raise KeyError(code)
    return _source(indicator.source).records(code, coverage, window, user)


def rate(numerator: int, denominator: int) -> Decimal | None:
    """A percentage with one decimal, half up; None when nothing is counted."""
    if not denominator:
        return None
    return (Decimal(100 * numerator) / Decimal(denominator)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


# --- coverage ------------------------------------------------------------------------------------


@cache
def windows_config() -> dict[str, Any]:
    with WINDOWS_FILE.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def coverage_for(organization: Any) -> Coverage:
    """The organisations and areas a report by `organization` speaks for (see module doc)."""
    from danvan.core.models import AdminUnit, Organization
    from danvan.core.selectors.scope import tree_walk

    config = windows_config()
    if organization.level == "national" and organization.kind in config["area_wide_kinds"]:
        return Coverage(organization.pk, frozenset(), frozenset(), everything=True)
    roots: set[int] = {organization.pk}
    areas: set[int] = set()
    area = organization.area
    if organization.kind in config["area_wide_kinds"] and area is not None:
        if area.level == "province":
            areas = {area.pk} | set(
                AdminUnit.objects.filter(parent_id=area.pk, level="commune").values_list(
                    "pk", flat=True
                )
            )
        else:
            areas = {area.pk}
        roots |= set(Organization.objects.filter(area_id__in=areas).values_list("pk", flat=True))
    children: dict[int, list[int]] = {}
    frontier = set(roots)
    seen = set(roots)
    while frontier:
        nxt: set[int] = set()
        for pk, parent_id in Organization.objects.filter(
            parent_id__in=sorted(frontier)
        ).values_list("pk", "parent_id"):
            children.setdefault(parent_id, []).append(pk)
            if pk not in seen:
                seen.add(pk)
                nxt.add(pk)
        frontier = nxt
    orgs: set[int] = set()
    for root in roots:
        orgs |= tree_walk(root, children)
    if not areas:
        areas = set(
            Organization.objects.filter(pk__in=orgs, area__isnull=False).values_list(
                "area_id", flat=True
            )
        )
    return Coverage(organization.pk, frozenset(orgs), frozenset(areas))


def org_filter(coverage: Coverage, field_name: str = "organization_id") -> dict[str, Any]:
    """`.filter(**org_filter(coverage))`: the records of the bodies the report speaks for."""
    if coverage.everything:
        return {}
    return {f"{field_name}__in": sorted(coverage.organization_ids)}


def window_filter(field_name: str, window: Window) -> dict[str, Any]:
    """`.filter(**window_filter("received_on", window))`; a datetime field gets `__date`."""
    return {f"{field_name}__range": (window.start, window.end)}
