"""Reception reference data shipped as dated files under `danvan/data/reception/`.

- `duty.json`: how many days a head must receive citizens per week or month, by organisation
  kind and level (Luật TCD Đ.12, 15, 18; NĐ 154/2026 Đ.10), with `valid_from` / `valid_to`.
- `refusal_grounds.json`: the cases where a reception may be refused (Luật TCD Đ.9).

Code reads these, never hard-codes "1 day a week".
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "reception"
DUTY_FILE = DATA_DIR / "duty.json"
REFUSAL_FILE = DATA_DIR / "refusal_grounds.json"

WEEK = "week"
MONTH = "month"


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@dataclass(frozen=True)
class Duty:
    """One version of a head's minimum reception duty."""

    code: str
    label: str
    org_kinds: frozenset[str]
    levels: frozenset[str]
    days: int
    period: str  # week | month
    citation: str
    verified: bool
    valid_from: dt.date
    valid_to: dt.date | None

    def in_force_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def applies_to(self, kind: str, level: str) -> bool:
        return kind in self.org_kinds and level in self.levels


@dataclass(frozen=True)
class RefusalGround:
    code: str
    label: str
    notice_text: str
    citation: str
    valid_from: dt.date
    valid_to: dt.date | None

    def in_force_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@cache
def duties() -> tuple[Duty, ...]:
    with DUTY_FILE.open(encoding="utf-8") as fh:
        rows = json.load(fh)["duties"]
    result = []
    for row in rows:
        if row["period"] not in (WEEK, MONTH) or int(row["days"]) < 1:
            raise ValueError(f"duty.json: bad period or days in {row['code']!r}")
        valid_from = _date(row["valid_from"])
        assert valid_from is not None
        result.append(
            Duty(
                code=row["code"],
                label=row["label"],
                org_kinds=frozenset(row["org_kinds"]),
                levels=frozenset(row["levels"]),
                days=int(row["days"]),
                period=row["period"],
                citation=row["citation"],
                verified=bool(row.get("verified", False)),
                valid_from=valid_from,
                valid_to=_date(row.get("valid_to")),
            )
        )
    return tuple(result)


def duty_for(kind: str, level: str, day: dt.date) -> Duty | None:
    """The duty version in force on `day` for an organisation of `kind` at `level`."""
    for duty in duties():
        if duty.applies_to(kind, level) and duty.in_force_on(day):
            return duty
    return None


def duty_kinds() -> frozenset[str]:
    """Organisation kinds that carry some duty (to narrow the organisations read)."""
    return frozenset().union(*(d.org_kinds for d in duties()))


@cache
def refusal_grounds() -> tuple[RefusalGround, ...]:
    with REFUSAL_FILE.open(encoding="utf-8") as fh:
        rows = json.load(fh)["grounds"]
    result = []
    for row in rows:
        valid_from = _date(row["valid_from"])
        assert valid_from is not None
        result.append(
            RefusalGround(
                code=row["code"],
                label=row["label"],
                notice_text=row["notice_text"],
                citation=row["citation"],
                valid_from=valid_from,
                valid_to=_date(row.get("valid_to")),
            )
        )
    return tuple(result)


def refusal_ground_codes() -> list[str]:
    return sorted({g.code for g in refusal_grounds()})


def refusal_ground_get(code: str, day: dt.date | None = None) -> RefusalGround | None:
    """The ground `code` (in force on `day`, when given)."""
    for ground in refusal_grounds():
        if ground.code == code and (day is None or ground.in_force_on(day)):
            return ground
    return None


def refusal_ground_choices(day: dt.date | None = None) -> list[tuple[str, str]]:
    return [
        (g.code, f"{g.label} ({g.citation})")
        for g in refusal_grounds()
        if day is None or g.in_force_on(day)
    ]
