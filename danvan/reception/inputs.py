"""Plain input records for the reception services (filled by forms, the API, the demo)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class SessionInput:
    organization_id: int | None
    date: dt.date
    kind: str
    place_kind: str
    host_kind: str
    host_name: str = ""  # "" with host_user_id: the account's full name
    host_position: str = ""  # "" with host_user_id: the account's position
    host_user_id: int | None = None
    place: str = ""
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    reason: str = ""  # required for an extraordinary session
    agency_ids: list[int] = field(default_factory=list)
    agencies_note: str = ""
    notes: str = ""


@dataclass
class SessionTransitionInput:
    to: str
    expected_version: int
    reason: str = ""  # postponed, cancelled: required
    new_date: dt.date | None = None  # postponed: required
    on: dt.date | None = None  # the day of the act (publication, notice); default today
    summary: str = ""  # held: what happened (optional)


@dataclass
class VisitorInput:
    full_name: str
    id_number: str = ""
    address: str = ""
    phone: str = ""


@dataclass
class EntryInput:
    received_on: dt.date
    content: str
    outcome: str
    visitor: VisitorInput
    organization_id: int | None = None  # None: the session's, else the actor's only one
    session_id: int | None = None
    prior_handling: str = ""
    request: str = ""
    outcome_note: str = ""
    transferred_to: str = ""
    refusal_ground: str = ""
    # Crowd delegation (Luật TCD Đ.30): from 5 visitors; the visitor is the first representative.
    visitor_count: int = 1
    co_representatives: list[VisitorInput] = field(default_factory=list)
    representative_document: str = ""
    # The petition: "new" registers one (kind, area_code, topic...), "link" uses petition_id,
    # "none" only for a refusal.
    petition_mode: str = "new"
    petition_id: int | None = None
    petition_kind: str = ""
    area_code: str = ""
    topic: str = ""
    summary: str = ""
    respondent: str = ""


@dataclass
class ReplyInput:
    replied_on: dt.date
    method: str
    note: str
    expected_version: int
