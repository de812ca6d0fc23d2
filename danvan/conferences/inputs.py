"""Plain input records for the conference services (filled by forms, the API and the demo)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class ChairInput:
    full_name: str
    title: str = ""
    user_id: int | None = None


@dataclass
class ConferenceInput:
    kind: str
    organization_id: int | None
    title: str
    date: dt.date | None
    place: str
    chairs: list[ChairInput] = field(default_factory=list)
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    agenda: str = ""
    period_label: str = ""
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    co_organizer_ids: list[int] = field(default_factory=list)
    document_ids: list[int] = field(default_factory=list)
    invited_organization_ids: list[int] = field(default_factory=list)


@dataclass
class ConferenceChanges:
    """Fields to change on a conference still to take place; None = leave as it is. The date
    changes by postponing and re-planning."""

    title: str | None = None
    place: str | None = None
    agenda: str | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    period_label: str | None = None
    chairs: list[ChairInput] | None = None
    co_organizer_ids: list[int] | None = None
    document_ids: list[int] | None = None


@dataclass
class TransitionInput:
    to: str
    expected_version: int
    reason: str = ""  # postponed, cancelled (required)
    on: dt.date | None = None  # invited: the day the invitations went out; concluded: the day
    date: dt.date | None = None  # postponed: the new date if known; planned: the new date
    start_time: dt.time | None = None  # planned: the new time
    summary: str = ""  # held: the outcome in a few lines


@dataclass
class InviteeInput:
    organization_id: int | None = None
    full_name: str = ""
    title: str = ""
    unit_name: str = ""


@dataclass
class SupportInput:
    organization_id: int
    duty: str = ""


@dataclass
class ConclusionItemInput:
    content: str
    lead_id: int | None
    due: dt.date | None
    supporting: list[SupportInput] = field(default_factory=list)
    title: str = ""  # the task's short name; default: the start of `content`


@dataclass
class ConclusionInput:
    expected_version: int
    concluded_by: str
    concluded_by_title: str = ""
    signer_name: str = ""  # default: who concluded
    signer_title: str = ""
    assessment: str = ""
    issued_on: dt.date | None = None  # default today
    items: list[ConclusionItemInput] = field(default_factory=list)
