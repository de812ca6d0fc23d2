"""Loads the dated reference data of the movement: periods, yearly themes and criteria sets
(`danvan/practices/data/*.json`). Idempotent: rows are matched on their codes, a set version
already loaded is never changed (councils refer to it)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from danvan.core.models import AdminUnit
from danvan.practices.models import CriteriaSet, Criterion, Period, YearlyTheme

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def _read(name: str) -> dict[str, Any]:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def practice_reference_load() -> dict[str, int]:
    """Create the periods, themes and criteria-set versions that are missing."""
    created = {"periods": 0, "themes": 0, "criteria_sets": 0}
    periods = _read("periods.json")
    criteria = _read("criteria.json")
    with transaction.atomic():
        for p in periods["periods"]:
            _, made = Period.objects.get_or_create(
                code=p["code"],
                defaults={
                    "name": p["name"],
                    "start_year": p["start_year"],
                    "end_year": p["end_year"],
                    "source": p.get("source", ""),
                },
            )
            created["periods"] += int(made)
        for t in periods["themes"]:
            area = None
            if t.get("area_code"):
                area = (
                    AdminUnit.objects.filter(code=t["area_code"], level="province")
                    .order_by("valid_to", "-valid_from")
                    .first()
                )
                if area is None:
                    continue  # the province is not loaded (a test database)
            _, made = YearlyTheme.objects.get_or_create(
                year=t["year"],
                area=area,
                title=t["title"],
                defaults={
                    "period": Period.objects.get(code=t["period"]),
                    "issuer_name": t["issuer_name"],
                    "source": t.get("source", ""),
                },
            )
            created["themes"] += int(made)
        for s in criteria["sets"]:
            if CriteriaSet.objects.filter(code=s["code"], version=s["version"]).exists():
                continue
            cs = CriteriaSet.objects.create(
                code=s["code"],
                version=s["version"],
                name=s["name"],
                valid_from=dt.date.fromisoformat(s["valid_from"]),
                valid_to=dt.date.fromisoformat(s["valid_to"]) if s.get("valid_to") else None,
                pass_threshold=Decimal(s["pass_threshold"]),
                source=s.get("source", ""),
                source_verified=bool(s.get("source_verified", False)),
            )
            Criterion.objects.bulk_create(
                Criterion(
                    criteria_set=cs,
                    code=c["code"],
                    position=i,
                    name=c["name"],
                    description=c.get("description", ""),
                    weight=Decimal(c["weight"]),
                    max_points=Decimal(c["max_points"]),
                )
                for i, c in enumerate(s["criteria"], start=1)
            )
            created["criteria_sets"] += 1
    return created
