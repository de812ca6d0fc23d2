"""Plain input records for the campaign services (filled by forms, the API and the demo)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from danvan.core.files import UploadedFileInput


@dataclass
class UnitInput:
    """A participating unit and its part in the campaign."""

    organization_id: int
    part: str = ""


@dataclass
class TargetInput:
    label: str
    unit: str
    target_value: Decimal | int | float | str | None
    baseline: Decimal | int | float | str | None = 0
    tally: str = "sum"


@dataclass
class CampaignInput:
    kind: str
    organization_id: int | None
    title: str
    target_group: str
    area_ids: list[int]
    starts_on: dt.date | None
    ends_on: dt.date | None
    purpose: str = ""
    basis_document_id: int | None = None
    basis_note: str = ""
    units: list[UnitInput] = field(default_factory=list)
    targets: list[TargetInput] = field(default_factory=list)


@dataclass
class CampaignChanges:
    """Fields to change on a campaign; None = leave as it is (basis_document_id 0 = remove)."""

    kind: str | None = None
    title: str | None = None
    purpose: str | None = None
    target_group: str | None = None
    area_ids: list[int] | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    basis_document_id: int | None = None
    basis_note: str | None = None
    units: list[UnitInput] | None = None


@dataclass
class TransitionInput:
    to: str
    expected_version: int
    reason: str = ""  # suspended, cancelled (required); running from suspended (optional)
    on: dt.date | None = None  # the date of the act (default today)
    assessment: str = ""  # evaluated (required)
    lessons: str = ""  # evaluated
    recommendations: str = ""  # evaluated


@dataclass
class ResultInput:
    target_id: int
    value: Decimal | int | float | str | None
    note: str = ""


@dataclass
class ActivityInput:
    date: dt.date | None
    kind: str
    area_id: int | None
    description: str
    people_reached: int = 0
    place: str = ""
    organization_id: int | None = None  # the reporting unit; default: the user's only one
    unit_ids: list[int] = field(default_factory=list)
    results: list[ResultInput] = field(default_factory=list)
    files: list[UploadedFileInput] = field(default_factory=list)


@dataclass
class FollowUpInput:
    title: str
    organization_id: int | None
    due: dt.date | None
    description: str = ""
    supporting_ids: list[int] = field(default_factory=list)
