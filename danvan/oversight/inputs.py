"""Plain input records the views and the API build for the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class SupervisionInput:
    kind: str
    title: str
    period_from: dt.date | None
    period_to: dt.date | None
    organization_id: int | None = None
    content: str = ""
    team: str = ""
    supervised_ids: list[int] = field(default_factory=list)
    draft_title: str = ""
    draft_document_id: int | None = None


@dataclass
class InspectionInput:
    title: str
    scheduled_from: dt.date | None
    scheduled_to: dt.date | None
    organization_id: int | None = None
    content: str = ""
    team: str = ""
    document_refs: str = ""
    document_ids: list[int] = field(default_factory=list)
    inspected_ids: list[int] = field(default_factory=list)
    period_from: dt.date | None = None
    period_to: dt.date | None = None


@dataclass
class ConclusionItemInput:
    content: str
    lead_id: int | None
    due: dt.date | None
    supporting_ids: list[int] = field(default_factory=list)
