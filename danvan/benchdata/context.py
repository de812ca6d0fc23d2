"""What every builder of `danvan.benchdata.others` shares: the People's Committees and their
communes, the calendar span, the deadline engine, the text generator and the slot filler.

The spread follows the petitions generator (`danvan.petitions.demo_bulk`): one People's
Committee per province and commune in force today, three records in four at a commune, days
from `START` (1 January 2025) to today.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from danvan.core.models import AdminUnit, Organization, UnitLevel
from danvan.core.selectors.calendar import work_calendar
from danvan.petitions.demo_bulk import START, Desk, MemoEngine, organizations_ensure
from danvan.petitions.demo_text import Place, Slots, TextGenerator, vn_date

COMMUNE_SHARE = 0.75
CHUNK = 5000


@dataclass(frozen=True)
class Spot:
    """Where a record happens: the People's Committee that keeps it and a commune it is about."""

    org: Organization
    place: Place
    area_id: int  # the commune's unit (for a province committee: one of its communes)
    province: Organization | None  # the committee one level up (None for a province)


class Fill(Slots):
    """`demo_text.Slots` (villages, amounts, decision numbers...) plus the phrase book's own
    fields: generated on first use, then the same everywhere in one record."""

    def _make(self, key: str) -> str:
        r = self.gen.rng
        if key == "ngay":
            return vn_date(self.day)
        if key == "thang":
            return str(self.day.month)
        if key == "nam":
            return str(self.day.year)
        if key == "quy":
            return str((self.day.month - 1) // 3 + 1)
        if key == "so":
            return str(r.randint(3, 480))
        if key == "giai_doan":
            return "2021 - 2025" if self.day.year <= 2025 else "2026 - 2030"
        if key in ("so_thoat_ngheo", "so_nha", "so_nha_sua"):
            return str(r.randint(2, 25))
        if key in ("so_hoc_sinh", "so_camera"):
            return str(r.randint(10, 120))
        if key in ("so_luot", "so_y_kien"):
            return str(r.randint(20, 600))
        if key == "so_phat_bieu":
            return str(r.randint(6, 40))
        if key == "ty_le":
            return str(r.randint(30, 95))
        return super()._make(key)


class Context:
    """The shared state of one run of the builders (reads the database once)."""

    def __init__(self, *, seed: int, today: dt.date | None = None) -> None:
        self.today = today or timezone.localdate()
        self.start = START
        self.rng = random.Random(seed)
        self.gen = TextGenerator(seed)
        with transaction.atomic():
            communes, provinces, _created = organizations_ensure(self.today)
        if not communes:
            raise ValueError(
                "Chưa có đơn vị hành chính cấp xã: chạy `danvan install` để nạp dữ liệu tham chiếu."
            )
        self.communes: list[Desk] = communes
        self.provinces: list[Desk] = provinces
        self.units: dict[str, int] = {
            u.code: int(u.pk)
            for u in AdminUnit.objects.in_force_on(self.today).filter(level=UnitLevel.COMMUNE)
        }
        self.orgs: dict[int, Organization] = {int(d.org.pk): d.org for d in communes + provinces}
        self.desks: dict[int, Desk] = {int(d.org.pk): d for d in communes + provinces}
        self.places: dict[int, Place] = {
            self.units[p.code]: p for d in communes for p in d.places if p.code in self.units
        }
        self.engine = MemoEngine()
        self.calendar = work_calendar()

    # -- Drawing -----------------------------------------------------------------------------

    def pick(self, table: Sequence[tuple[Any, int]]) -> Any:
        values, weights = zip(*table, strict=True)
        return self.rng.choices(values, weights=weights)[0]

    def spot(self, *, commune_share: float = COMMUNE_SHARE) -> Spot:
        """A committee (a commune's three times in four) and a commune it is about."""
        r = self.rng
        commune = r.random() < commune_share or not self.provinces
        desk = r.choice(self.communes if commune else self.provinces)
        place = r.choice(desk.places)
        parent = self.orgs.get(int(desk.org.parent_id)) if desk.org.parent_id else None
        return Spot(desk.org, place, self.units.get(place.code, 0), parent)

    def spot_of(self, org_id: int) -> Spot | None:
        """The spot of a known committee (its own commune, or one of its province's)."""
        desk = self.desks.get(org_id)
        if desk is None:
            return None
        org = desk.org
        place = self.rng.choice(desk.places)
        parent = self.orgs.get(int(org.parent_id)) if org.parent_id else None
        return Spot(org, place, self.units.get(place.code, 0), parent)

    def day(self, *, until: dt.date | None = None, after: dt.date | None = None) -> dt.date:
        """A day between `after` (default the start) and `until` (default today), later days
        more likely (the records grow over time, as the petitions do)."""
        low = after or self.start
        high = until or self.today
        span = max((high - low).days, 0)
        return low + dt.timedelta(days=int(span * (self.rng.random() ** 0.8)))

    def days(self, low: int, high: int) -> dt.timedelta:
        return dt.timedelta(days=self.rng.randint(low, high))

    def fill(self, spot: Spot, day: dt.date) -> Fill:
        return Fill(self.gen, spot.place, day)

    def at(self, day: dt.date, hour: int = 8, minute: int = 0) -> dt.datetime:
        """An aware moment on `day` (local time)."""
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))

    def person(self, spot: Spot) -> str:
        return self.gen.name(spot.place)[0]


def fmt(template: str, fill: Fill) -> str:
    text = template.format_map(fill)
    return text[:1].upper() + text[1:]
