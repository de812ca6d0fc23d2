"""Plain input records for the dialogue services (filled by forms, the API and the demo)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass
class DialogueInput:
    kind: str
    organization_id: int | None
    topic: str
    date: dt.date | None
    place: str
    chair_name: str
    chair_position: str = ""
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    description: str = ""
    audience: str = ""
    petition_id: int | None = None  # kind=complaint
    legal_bases: list[str] | None = None  # None: the defaults of the kind
    legal_basis_note: str = ""


@dataclass
class DialogueChanges:
    """Fields to change on an existing dialogue; None = leave as it is."""

    topic: str | None = None
    description: str | None = None
    place: str | None = None
    date: dt.date | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    chair_name: str | None = None
    chair_position: str | None = None
    audience: str | None = None
    legal_bases: list[str] | None = None
    legal_basis_note: str | None = None
    outcome: str | None = None


@dataclass
class TransitionInput:
    to: str
    expected_version: int
    reason: str = ""  # postponed, cancelled (required)
    notice_on: dt.date | None = None  # to=notified (required)
    date: dt.date | None = None  # to=planned from postponed: the new date (required)
    start_time: dt.time | None = None  # to=planned: the new time
    on: dt.date | None = None  # minutes_signed, closed: the legal date (default today)
    outcome: str = ""  # to=held / minutes_signed: the outcome, if not recorded yet


@dataclass
class ParticipantInput:
    role: str
    full_name: str
    title: str = ""
    unit: str = ""
    address: str = ""
    attended: bool = True


@dataclass
class CommitmentInput:
    title: str
    organization_id: int | None
    due: dt.date | None
    made_by: str = ""
    description: str = ""
    assignee_id: int | None = None
