"""What the services take: plain dataclasses the views and the API fill."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class DisclosureInput:
    organization_id: int | None
    group: str
    title: str
    decision_date: dt.date | None
    content: str = ""
    residential_area: str = ""
    document_number: str = ""
    document_date: dt.date | None = None
    channels: list[str] = field(default_factory=list)
    display_from: dt.date | None = None
    display_to: dt.date | None = None


@dataclass
class PublishInput:
    published_on: dt.date | None
    channels: list[str] = field(default_factory=list)
    display_from: dt.date | None = None
    display_to: dt.date | None = None


@dataclass
class DecisionInput:
    organization_id: int | None
    residential_area: str
    matter: str
    title: str
    form: str
    held_on: dt.date | None
    total_households: int | None
    participating: int | None
    agreeing: int | None
    against: int | None = 0
    content: str = ""
