"""The dated rules of coordination, read from `data/rules.json` (with their sources).

- the loose shape of a document's number and symbol (số, ký hiệu);
- the days of the year a recurring programme duty falls due when a yearly plan is pre-filled.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

RULES_FILE = Path(__file__).resolve().parent / "data" / "rules.json"


@cache
def rules() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    return data


@cache
def _reference_re() -> re.Pattern[str]:
    return re.compile(str(rules()["reference_format"]["pattern"]))


def reference_clean(reference: str) -> str:
    """The number and symbol as stored: no "Số", no spaces, NFC."""
    from danvan.text.normalize import normalize

    text = normalize(reference or "").strip()
    text = re.sub(r"^(số|so)\s*:?\s*", "", text, flags=re.IGNORECASE)
    return re.sub(r"\s+", "", text)


def reference_looks_valid(reference: str) -> bool:
    return bool(_reference_re().match(reference))


def recurrence_due_days(recurrence: str, year: int) -> list[dt.date]:
    """The due dates in `year` of a duty recurring as `recurrence` ("" = once a year)."""
    days = rules()["recurrence_due_days"]["days"]
    pairs = days.get(recurrence) or days[""]
    return [dt.date(year, int(m), int(d)) for m, d in pairs]
