"""Plain inputs of the coordination services (views and the API build these)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class DocumentInput:
    kind: str
    reference: str
    issuer_name: str
    issued_on: dt.date | None
    title: str
    organization_id: int | None
    summary: str = ""
    issuer_id: int | None = None
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None


@dataclass
class SupportInput:
    organization_id: int
    part: str = ""


@dataclass
class ObligationInput:
    content: str
    lead_id: int | None
    due: dt.date | None
    supporting: list[SupportInput] = field(default_factory=list)
    description: str = ""


@dataclass
class DutyInput:
    party_id: int
    text: str
    recurrence: str = ""


@dataclass
class ProgrammeInput:
    title: str
    organization_id: int | None
    starts_on: dt.date | None
    party_ids: list[int]
    lead_ids: list[int]
    reference: str = ""
    scope: str = ""
    ends_on: dt.date | None = None
    signed_on: dt.date | None = None
    document_id: int | None = None
    duties: list[DutyInput] = field(default_factory=list)


@dataclass
class PlanItemInput:
    content: str
    lead_id: int | None
    due: dt.date | None
    indicator: str = ""
    supporting: list[SupportInput] = field(default_factory=list)
    duty_id: int | None = None


@dataclass
class PlanInput:
    title: str
    year: int | None
    organization_id: int | None
    programme_id: int | None = None
    document_id: int | None = None
    reference: str = ""
    items: list[PlanItemInput] = field(default_factory=list)
