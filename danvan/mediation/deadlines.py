"""The rules of grassroots mediation as dated data, and the start deadline on the overdue board.

`data/rules.json` holds, with their legal sources, the start rule (Luật Hòa giải ở cơ sở 2013,
Điều 20 khoản 2: mediation starts within 3 days of the mediators' assignment), in the core rule
format counted by the core engine on the work calendar, and the team composition rule (Điều 12:
at least 3 mediators, one of them a woman, and a tổ trưởng), versioned by date.

Each case has one obligation (key `start`) held by the team's commune organisation: counted from
the assignment day (from the receipt day while nobody is assigned: the tổ trưởng assigns on
receipt), done on the first session, cancelled when the case ends before any session.

The rules live in this app's data file rather than in `danvan/data/calendar/rules.json` so that
adding them does not change the core reference set other modules count.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from danvan.core.deadlines import DeadlineEngine, DeadlineResult, RuleVersion, WorkCalendar
from danvan.core.errors import NotFound, ValidationFailed
from danvan.core.models import ObligationStatus
from danvan.core.selectors.calendar import work_calendar
from danvan.core.services.obligations import (
    ObligationSpec,
    obligation_kinds_register,
    obligation_sync,
    obligation_target_readers_register,
)
from danvan.mediation.models import Case
from danvan.mediation.permissions import VIEWER_ROLES
from danvan.mediation.states import CaseStatus

RULES_FILE = Path(__file__).resolve().parent / "data" / "rules.json"
START_RULE = "mediation.start"
START_KIND = "mediation.start"
KIND_LABELS = {START_KIND: gettext_noop("Bắt đầu hòa giải vụ việc ở cơ sở")}
for _kind, _label in KIND_LABELS.items():
    obligation_kinds_register(_kind, _label)
obligation_target_readers_register(Case._meta.label_lower, VIEWER_ROLES)


@lru_cache(maxsize=1)
def _rules_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    return data


def mediation_rules() -> list[RuleVersion]:
    """Every version of the deadline rules (ValidationFailed if the data file is broken)."""
    return [RuleVersion.from_mapping(row) for row in _rules_data()["rules"]]


@dataclass(frozen=True)
class TeamRule:
    min_mediators: int
    female_required: bool
    leader_required: bool
    citation: str
    verified: bool
    valid_from: dt.date
    valid_to: dt.date | None


def team_rules() -> list[TeamRule]:
    return [
        TeamRule(
            min_mediators=int(row["min_mediators"]),
            female_required=bool(row["female_required"]),
            leader_required=bool(row["leader_required"]),
            citation=str(row["citation"]),
            verified=bool(row.get("verified", False)),
            valid_from=dt.date.fromisoformat(row["valid_from"]),
            valid_to=dt.date.fromisoformat(row["valid_to"]) if row.get("valid_to") else None,
        )
        for row in _rules_data()["team"]
    ]


def team_rule(on: dt.date) -> TeamRule | None:
    """The team composition rule in force on `on` (None before the law)."""
    for rule in team_rules():
        if rule.valid_from <= on and (rule.valid_to is None or on < rule.valid_to):
            return rule
    return None


def mediation_engine(calendar: WorkCalendar | None = None) -> DeadlineEngine:
    """The core engine over this app's rules and the work calendar (one query)."""
    return DeadlineEngine(mediation_rules(), calendar or work_calendar())


def start_deadline(
    *, start: dt.date, engine: DeadlineEngine | None = None
) -> DeadlineResult | None:
    """The day mediation must start, explained; None when no rule version is in force."""
    engine = engine or mediation_engine()
    try:
        return engine.compute(rule_id=START_RULE, start=start)
    except (ValidationFailed, NotFound):
        return None


def case_deadlines_sync(case: Case, *, engine: DeadlineEngine | None = None) -> None:
    """Recompute the start deadline, cache it on the row and write the obligation to the
    registry (in the caller's transaction). Called by every service that changes the case."""
    start = case.assigned_on or case.received_on
    result = start_deadline(start=start, engine=engine)
    due = result.due if result is not None else None
    rule_id = result.rule.rule_id if result is not None else ""
    if (case.start_due, case.start_rule) != (due, rule_id):
        Case.objects.filter(pk=case.pk).update(start_due=due, start_rule=rule_id)
        case.start_due, case.start_rule = due, rule_id
    specs: list[ObligationSpec] = []
    if result is not None:
        if case.started_on is not None:
            status, completed = ObligationStatus.DONE, case.started_on
        elif case.status == CaseStatus.RECEIVED:
            status, completed = ObligationStatus.OPEN, None
        else:
            status, completed = ObligationStatus.CANCELLED, None
        with translation.override("vi"):
            if case.assigned_on is not None:
                first = _("Phân công hòa giải viên ngày {day}.")
            else:
                first = _("Tiếp nhận vụ việc ngày {day} (chưa phân công hòa giải viên).")
            explanation = [first.format(day=start.strftime("%d/%m/%Y")), *result.explanation]
            if not result.rule.verified:
                explanation.append(
                    _("Căn cứ chưa được kiểm chứng: {c}.").format(c=result.rule.citation)
                )
            specs.append(
                ObligationSpec(
                    key="start",
                    kind=START_KIND,
                    title=_(KIND_LABELS[START_KIND]),
                    started_on=start,
                    due=due,
                    rule_id=rule_id,
                    explanation=explanation,
                    status=status,
                    completed_on=completed,
                    organization_id=int(case.organization_id),
                )
            )
    obligation_sync(target=case, specs=specs, target_label=case.label, target_status=case.status)
