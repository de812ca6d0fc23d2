"""The legal bases of dialogues and the notice rule of each kind, read from `data/legal_bases.json`.

The data names, per kind of dialogue, the default bases (a second-time complaint cites Luật
Khiếu nại Điều 39 instead of Điều 30) and the deadline rule its notice follows. Codes are the
interface: a dialogue stores the codes it cites, pages and minutes print the citations.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).resolve().parent / "data" / "legal_bases.json"
DEFAULT_NOTICE_RULE = "complaint.dialogue_notice"


@dataclass(frozen=True)
class LegalBasis:
    code: str
    kinds: tuple[str, ...]
    citation: str
    verified: bool
    valid_from: dt.date
    valid_to: dt.date | None

    def in_force_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@cache
def _data() -> dict[str, Any]:
    with DATA_FILE.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


@cache
def legal_bases() -> dict[str, LegalBasis]:
    result: dict[str, LegalBasis] = {}
    for row in _data()["legal_bases"]:
        result[row["code"]] = LegalBasis(
            code=row["code"],
            kinds=tuple(row["kinds"]),
            citation=row["citation"],
            verified=bool(row.get("verified", False)),
            valid_from=_date(row["valid_from"]) or dt.date.min,
            valid_to=_date(row.get("valid_to")),
        )
    return result


def legal_basis_choices(kind: str = "") -> list[tuple[str, str]]:
    """(code, citation) of the bases for `kind` (all when empty), in data order."""
    return [(b.code, b.citation) for b in legal_bases().values() if not kind or kind in b.kinds]


def default_legal_bases(kind: str, *, on: dt.date, second_round: bool = False) -> list[str]:
    """The codes a new dialogue of `kind` on `on` cites unless the officer chooses others."""
    conf = _data()["kinds"].get(kind, {})
    codes = conf.get("defaults_second_round") if second_round else None
    codes = codes or conf.get("defaults", [])
    known = legal_bases()
    return [c for c in codes if c in known and known[c].in_force_on(on)]


def notice_rule(kind: str) -> str:
    """The deadline rule the notice of a dialogue of `kind` follows (counted backwards)."""
    return str(_data()["kinds"].get(kind, {}).get("notice_rule") or DEFAULT_NOTICE_RULE)


def citations(codes: list[str]) -> list[LegalBasis]:
    known = legal_bases()
    return [known[c] for c in codes if c in known]
