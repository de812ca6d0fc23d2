"""The law as data: `data/rules.json` (Luật Thực hiện dân chủ ở cơ sở 10/2022/QH15).

Disclosure groups (Đ.11), channels and minimum display periods (Đ.13), the matters residents
decide (Đ.15), the participation and approval thresholds (Đ.20–21) and the commune's
recognition deadline. Each entry carries its citation and whether its wording was checked
against the published text (`verified`); code reads these, it never hard-codes them.

`tally` is the pure computation of a community decision's outcome.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

from danvan.core.deadlines import RuleVersion

RULES_FILE = Path(__file__).resolve().parent / "data" / "rules.json"


@lru_cache(maxsize=1)
def data() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    return loaded


def _in_force(row: dict[str, Any], on: dt.date | None) -> bool:
    if on is None:
        return True
    start = dt.date.fromisoformat(row.get("valid_from") or "2000-01-01")
    end = row.get("valid_to")
    return start <= on and (end is None or on < dt.date.fromisoformat(end))


def disclosure_groups(on: dt.date | None = None) -> list[dict[str, Any]]:
    return [g for g in data()["disclosure_groups"] if _in_force(g, on)]


def group(code: str) -> dict[str, Any] | None:
    return next((g for g in data()["disclosure_groups"] if g["code"] == code), None)


def group_label(code: str) -> str:
    found = group(code)
    return str(found["label"]) if found else code


def channels() -> list[dict[str, Any]]:
    return list(data()["channels"])


def channel_label(code: str) -> str:
    found = next((c for c in data()["channels"] if c["code"] == code), None)
    return str(found["label"]) if found else code


def display_rules(on: dt.date | None = None) -> list[dict[str, Any]]:
    return [r for r in data()["display_rules"] if _in_force(r, on)]


def matters(on: dt.date | None = None) -> list[dict[str, Any]]:
    return [m for m in data()["matters"] if _in_force(m, on)]


def matter(code: str) -> dict[str, Any] | None:
    return next((m for m in data()["matters"] if m["code"] == code), None)


def matter_label(code: str) -> str:
    found = matter(code)
    return str(found["label"]) if found else code


def threshold(key: str) -> dict[str, Any]:
    found: dict[str, Any] = data()["thresholds"][key]
    return found


def recognise_rules() -> list[RuleVersion]:
    return [RuleVersion.from_mapping(row) for row in data()["deadline_rules"]]


RECOGNISE_RULE = "community_decision.recognise"
PUBLISH_RULE = "disclosure.publish"
REPORT_RULE = "community_decision.report"


@dataclass(frozen=True)
class Threshold:
    key: str
    comparison: str  # "more_than" | "at_least"
    fraction: Fraction
    label: str
    citation: str
    verified: bool

    def met(self, count: int, total: int) -> bool:
        if total <= 0:
            return False
        ratio = Fraction(count, total)
        return ratio > self.fraction if self.comparison == "more_than" else ratio >= self.fraction

    def minimum(self, total: int) -> int:
        """The smallest count that meets the threshold out of `total`."""
        for count in range(0, total + 1):
            if self.met(count, total):
                return count
        return total + 1

    @property
    def text(self) -> str:
        sign = ">" if self.comparison == "more_than" else "≥"
        return f"{sign} {self.fraction.numerator}/{self.fraction.denominator}"


def threshold_of(key: str) -> Threshold:
    row = threshold(key)
    return Threshold(
        key=key,
        comparison=str(row["comparison"]),
        fraction=Fraction(int(row["numerator"]), int(row["denominator"])),
        label=str(row["label"]),
        citation=str(row["citation"]),
        verified=bool(row["verified"]),
    )


def approval_threshold(matter_code: str) -> Threshold:
    found = matter(matter_code)
    return threshold_of(str(found["threshold"]) if found else "majority")


@dataclass(frozen=True)
class Tally:
    total: int
    participating: int
    agreeing: int
    against: int
    quorum: Threshold
    approval: Threshold
    quorum_met: bool
    approved: bool

    @property
    def passed(self) -> bool:
        return self.quorum_met and self.approved

    @property
    def participation_ratio(self) -> float:
        return self.participating / self.total if self.total else 0.0

    @property
    def agreement_ratio(self) -> float:
        return self.agreeing / self.total if self.total else 0.0

    @property
    def quorum_minimum(self) -> int:
        return self.quorum.minimum(self.total)

    @property
    def approval_minimum(self) -> int:
        return self.approval.minimum(self.total)


def tally(
    *, matter_code: str, total: int, participating: int, agreeing: int, against: int
) -> Tally:
    """The outcome of a meeting or household ballot: valid with enough participation, passed
    when the households agreeing reach the matter's threshold of all households."""
    quorum = threshold_of("quorum")
    approval = approval_threshold(matter_code)
    return Tally(
        total=total,
        participating=participating,
        agreeing=agreeing,
        against=against,
        quorum=quorum,
        approval=approval,
        quorum_met=quorum.met(participating, total),
        approved=approval.met(agreeing, total),
    )
