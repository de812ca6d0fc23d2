"""What the services take: plain dataclasses built by views, the API and the demo."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class DraftInput:
    kind: str
    title: str
    opens_on: dt.date | None
    closes_on: dt.date | None
    summary: str = ""
    organization_id: int | None = None
    audience: str = "public"
    audience_area_id: int | None = None
    audience_organization_ids: list[int] = field(default_factory=list)


@dataclass
class DraftChanges:
    kind: str | None = None
    title: str | None = None
    summary: str | None = None
    opens_on: dt.date | None = None
    closes_on: dt.date | None = None
    audience: str | None = None
    audience_area_id: int | None = None
    audience_organization_ids: list[int] | None = None


@dataclass
class TransitionInput:
    to: str
    expected_version: int
    reason: str = ""
    closes_on: dt.date | None = None  # reopening: the new last day


@dataclass
class SectionInput:
    kind: str
    number: str = ""
    title: str = ""
    text: str = ""


@dataclass
class CitizenCommentInput:
    text: str
    name: str
    section_id: int | None = None
    contact: str = ""
    area_id: int | None = None


@dataclass
class OrganizationCommentInput:
    text: str
    section_id: int | None = None
    organization_id: int | None = None
    organization_name: str = ""
    received_on: dt.date | None = None


@dataclass
class ModerationInput:
    to: str  # published | rejected
    expected_version: int
    reason: str = ""  # RejectReason code
    note: str = ""


@dataclass
class ResponseInput:
    kind: str
    text: str
    change: str = ""


@dataclass
class SynthesisInput:
    expected_version: int
    summary: str = ""
    signer: str = ""
    position: str = ""
    issued_on: dt.date | None = None
