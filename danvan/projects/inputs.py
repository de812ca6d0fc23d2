"""Plain input records for the project services (filled by forms, the API and the demo)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from danvan.core.files import UploadedFileInput

Number = Decimal | int | float | str | None


@dataclass
class ProjectInput:
    organization_id: int | None
    name: str
    kind: str
    residential_areas: str
    planned_cost: Number
    starts_on: dt.date | None
    ends_on: dt.date | None
    description: str = ""
    length_km: Number = None
    area_m2: Number = None
    decision_ref: str = ""


@dataclass
class TransitionInput:
    to: str
    expected_version: int
    reason: str = ""
    on: dt.date | None = None


@dataclass
class ContributionInput:
    source: str
    kind: str
    amount: Number
    contributor: str = ""
    listed: bool = False
    unit: str = ""
    value: Number = None
    received: bool = True
    pledged_on: dt.date | None = None
    received_on: dt.date | None = None
    receipt: str = ""
    note: str = ""


@dataclass
class ExpenditureInput:
    date: dt.date | None
    item: str
    amount: Number
    voucher: str
    note: str = ""


@dataclass
class ProgressInput:
    date: dt.date | None
    percent: int | None
    note: str = ""
    photo: UploadedFileInput | None = None
