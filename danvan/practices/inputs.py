"""Typed inputs of the practices services (views and the API build these)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from danvan.core.files import UploadedFileInput


@dataclass
class PracticeInput:
    organization_id: int | None
    registrant_kind: str
    field: str
    name: str
    objectives: str
    content_method: str
    outputs: str
    start_on: dt.date | None
    registrant_name: str = ""
    rationale: str = ""
    success_criteria: str = ""
    area_code: str = ""
    area_note: str = ""
    beneficiaries: str = ""
    lead_forces: str = ""
    partner_forces: str = ""
    resources: str = ""
    end_on: dt.date | None = None
    contact_name: str = ""
    contact_phone: str = ""
    registered_on: dt.date | None = None
    theme_id: int | None = None
    document_id: int | None = None


@dataclass
class MemberInput:
    full_name: str
    title: str = ""
    role: str = "member"
    user_id: int | None = None


@dataclass
class CouncilInput:
    council_org_id: int
    held_on: dt.date
    members: list[MemberInput]
    expected_version: int
    council_decision: str = ""


@dataclass
class ScoreInput:
    member_id: int
    points: dict[str, Decimal]
    expected_version: int
    comments: dict[str, str] = field(default_factory=dict)


@dataclass
class RecognitionInput:
    level: str
    decision_number: str
    decision_date: dt.date | None
    decision_issuer: str
    expected_version: int


@dataclass
class ReplicationInput:
    started_on: dt.date | None
    expected_version: int
    area_code: str = ""
    organization_id: int | None = None
    site_name: str = ""
    note: str = ""


__all__ = [
    "CouncilInput",
    "MemberInput",
    "PracticeInput",
    "RecognitionInput",
    "ReplicationInput",
    "ScoreInput",
    "UploadedFileInput",
]
