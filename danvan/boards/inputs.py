"""Plain input records the views and the API build for the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from danvan.core.files import FileLike


@dataclass
class BoardInput:
    kind: str
    term_from: dt.date | None
    front_id: int | None = None
    name: str = ""
    term_to: dt.date | None = None  # investment boards only; derived for the other kind
    project: str = ""
    project_investor: str = ""
    decision_number: str = ""
    decision_date: dt.date | None = None


@dataclass
class MemberInput:
    full_name: str
    role: str
    from_on: dt.date | None
    representing: str = ""
    replaces_id: int | None = None


@dataclass
class PlanInput:
    kind: str
    year: int | None
    title: str
    approved_on: dt.date | None = None


@dataclass
class PlanItemInput:
    content: str
    starts_on: dt.date | None
    place: str = ""
    ends_on: dt.date | None = None


@dataclass
class RecordInput:
    held_on: dt.date | None
    subject: str
    content: str
    findings: str = ""
    subject_org_id: int | None = None
    plan_item_id: int | None = None
    files: list[FileLike] = field(default_factory=list)
    # Recommendations sent with the record: (addressee organisation id, content).
    recommendations: list[tuple[int, str]] = field(default_factory=list)
