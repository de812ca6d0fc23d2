"""Plain input records the views, the API and the demo build for the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class TeamInput:
    organization_id: int | None
    name: str
    residential_area: str
    established_on: dt.date | None = None
    decision_number: str = ""


@dataclass
class MemberInput:
    full_name: str
    role: str
    gender: str
    from_on: dt.date | None
    ethnicity: str = ""
    decision_number: str = ""
    decision_date: dt.date | None = None


@dataclass
class PartyInput:
    full_name: str
    side: str
    address: str = ""


@dataclass
class CaseInput:
    team_id: int | None
    received_on: dt.date | None
    source: str
    dispute_kind: str
    summary: str
    parties: list[PartyInput] = field(default_factory=list)
    referrer: str = ""
    mediator_ids: list[int] = field(default_factory=list)
    assigned_on: dt.date | None = None  # default: the received day when mediators are given


@dataclass
class SessionInput:
    held_on: dt.date | None
    place: str
    content: str
    attendees: str = ""


@dataclass
class OutcomeInput:
    to: str
    expected_version: int
    on: dt.date | None = None
    agreement: str = ""  # reconciled (required)
    recognition_note: str = ""  # reconciled (optional)
    note: str = ""  # failed, withdrawn, transferred: the reason
    transferred_to: str = ""  # transferred (required)


@dataclass
class ToPetitionInput:
    kind: str  # petitions Kind: "proposal" or "complaint"
    expected_version: int
    petitioner_ids: list[int] = field(default_factory=list)  # Party ids; [] -> the first side
    received_on: dt.date | None = None  # default today
    requests: str = ""
