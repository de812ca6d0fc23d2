"""Suggested units of measure for targets, read from `data/measures.json` (dated data)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "measures.json"


@cache
def measure_units() -> tuple[str, ...]:
    with DATA.open(encoding="utf-8") as fh:
        data = json.load(fh)
    return tuple(str(u) for u in data.get("units", []))
