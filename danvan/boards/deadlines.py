"""The rules of the boards as dated data, and the answer deadlines on the overdue board.

- Terms (`data/terms.json`): the people's inspection board's term in years by the version in
  force on the first day of the term; an investment board's term is the works' duration
  (entered, `years: null`).
- Answers (`data/rules.json`, the core rule format, counted by the core engine on the work
  calendar): the addressee of a recommendation owes an answer counted from the day it was sent.
  Each recommendation is one obligation of its board (key `answer-<id>`) held by the addressee:
  open until answered, done on the answer day, cancelled when the board ends without it.
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

from danvan.boards.models import Board, Recommendation
from danvan.boards.permissions import VIEWER_ROLES
from danvan.boards.states import BoardStatus
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

DATA = Path(__file__).resolve().parent / "data"
ANSWER_KIND = "boards.recommendation_answer"
KIND_LABELS = {
    ANSWER_KIND: gettext_noop("Trả lời kiến nghị của Ban thanh tra nhân dân, giám sát đầu tư")
}
for _kind, _label in KIND_LABELS.items():
    obligation_kinds_register(_kind, _label)
obligation_target_readers_register(Board._meta.label_lower, VIEWER_ROLES)


@dataclass(frozen=True)
class TermRule:
    rule_id: str
    kind: str
    years: int | None
    citation: str
    verified: bool
    valid_from: dt.date
    valid_to: dt.date | None
    note: str = ""

    def in_force_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


@lru_cache(maxsize=1)
def _answer_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / "rules.json").read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=1)
def term_rules() -> tuple[TermRule, ...]:
    rows = json.loads((DATA / "terms.json").read_text(encoding="utf-8"))["terms"]
    return tuple(
        TermRule(
            rule_id=str(r["rule_id"]),
            kind=str(r["kind"]),
            years=int(r["years"]) if r.get("years") is not None else None,
            citation=str(r["citation"]),
            verified=bool(r.get("verified", True)),
            valid_from=dt.date.fromisoformat(r["valid_from"]),
            valid_to=dt.date.fromisoformat(r["valid_to"]) if r.get("valid_to") else None,
            note=str(r.get("note", "")),
        )
        for r in rows
    )


def term_rule(kind: str, on: dt.date) -> TermRule | None:
    """The term rule of `kind` in force on `on` (the first day of the term)."""
    for rule in term_rules():
        if rule.kind == kind and rule.in_force_on(on):
            return rule
    return None


def term_end(start: dt.date, years: int) -> dt.date:
    """The last day of a term of `years` years starting on `start` (29/2 falls back to 28/2)."""
    year = start.year + years
    try:
        anniversary = start.replace(year=year)
    except ValueError:
        anniversary = dt.date(year, 3, 1)
    return anniversary - dt.timedelta(days=1)


def answer_rules() -> list[RuleVersion]:
    """Every version of the answer rule (ValidationFailed if the data file is broken)."""
    return [RuleVersion.from_mapping(row) for row in _answer_data()["rules"]]


def answer_rule_id(kind: str) -> str:
    return str(_answer_data()["by_kind"][kind])


def answer_engine(calendar: WorkCalendar | None = None) -> DeadlineEngine:
    return DeadlineEngine(answer_rules(), calendar or work_calendar())


def answer_deadline(
    *, kind: str, sent_on: dt.date, engine: DeadlineEngine | None = None
) -> DeadlineResult | None:
    """The day the answer is due, explained; None when no rule version is in force."""
    engine = engine or answer_engine()
    try:
        return engine.compute(rule_id=answer_rule_id(kind), start=sent_on)
    except (ValidationFailed, NotFound):
        return None


def _status_of(rec: Recommendation, board: Board) -> tuple[str, dt.date | None]:
    if rec.answered_on is not None:
        return ObligationStatus.DONE, rec.answered_on
    if board.status == BoardStatus.ACTIVE:
        return ObligationStatus.OPEN, None
    return ObligationStatus.CANCELLED, None


def board_deadlines_sync(board: Board, *, engine: DeadlineEngine | None = None) -> None:
    """Recompute every recommendation's answer deadline, cache it on the row and write the
    obligations to the registry (in the caller's transaction)."""
    recs = list(Recommendation.objects.filter(board=board).order_by("id"))
    specs: list[ObligationSpec] = []
    if recs:
        engine = engine or answer_engine()
    with translation.override("vi"):
        for rec in recs:
            result = answer_deadline(kind=board.kind, sent_on=rec.sent_on, engine=engine)
            due = result.due if result is not None else None
            rule_id = result.rule.rule_id if result is not None else ""
            if (rec.answer_due, rec.answer_rule) != (due, rule_id):
                Recommendation.objects.filter(pk=rec.pk).update(answer_due=due, answer_rule=rule_id)
                rec.answer_due, rec.answer_rule = due, rule_id
            if result is None:
                continue
            status, completed = _status_of(rec, board)
            explanation = [
                _("Kiến nghị gửi ngày {day}.").format(day=rec.sent_on.strftime("%d/%m/%Y")),
                *result.explanation,
            ]
            if not result.rule.verified:
                explanation.append(
                    _("Căn cứ chưa được kiểm chứng: {c}.").format(c=result.rule.citation)
                )
            specs.append(
                ObligationSpec(
                    key=f"answer-{rec.pk}",
                    kind=ANSWER_KIND,
                    title=_(KIND_LABELS[ANSWER_KIND]),
                    started_on=rec.sent_on,
                    due=due,
                    rule_id=rule_id,
                    explanation=explanation,
                    status=status,
                    completed_on=completed,
                    organization_id=int(rec.addressee_id),
                    area_id=int(board.area_id),
                )
            )
    obligation_sync(target=board, specs=specs, target_label=str(board), target_status=board.status)
