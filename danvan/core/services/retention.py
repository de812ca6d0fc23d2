"""Retention of personal data (Luật Bảo vệ dữ liệu cá nhân, in force from 1/1/2026).

Each record type that holds personal data has a retention period, as dated data in
`danvan/data/retention.json` (record type -> years after the record's end, with its legal
source). When the period has ended the record is anonymised: names, ID numbers, addresses,
phone numbers and e-mail addresses are replaced, attachments holding personal data removed,
and the audit log records the anonymisation with redacted values only.

Apps register how to find and anonymise their records (`retention_register`) in
`AppConfig.ready()`; core imports no app. `retention_run` (the `danvan retention` command and
the worker's daily job) calls each registered policy.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.functional import Promise

DATA_FILE = Path(__file__).resolve().parent.parent.parent / "data" / "retention.json"

Label = str | Promise


@dataclass(frozen=True)
class RetentionPolicy:
    """How one record type is kept and anonymised.

    `count_due(today)` counts records whose retention ended; `anonymise_due(today, limit)`
    anonymises up to `limit` of them (each in its own transaction, audited with redacted
    values) and returns how many it did.
    """

    record_type: str  # "petitions.petition"
    label: Label
    count_due: Callable[[dt.date], int]
    anonymise_due: Callable[[dt.date, int], int]


_POLICIES: dict[str, RetentionPolicy] = {}


def retention_register(policy: RetentionPolicy) -> None:
    _POLICIES[policy.record_type] = policy


def retention_policies() -> list[RetentionPolicy]:
    return [_POLICIES[key] for key in sorted(_POLICIES)]


@cache
def _periods() -> dict[str, dict[str, Any]]:
    with DATA_FILE.open(encoding="utf-8") as fh:
        data: dict[str, dict[str, Any]] = json.load(fh)["record_types"]
    return data


def retention_period(record_type: str) -> dict[str, Any]:
    """The period of a record type: {"years": int, "after": str, "source": str, ...}."""
    try:
        return _periods()[record_type]
    except KeyError:
        raise KeyError(f"retention.json has no period for {record_type!r}") from None


def retention_until(record_type: str, end: dt.date) -> dt.date:
    """The last day a record that ended on `end` keeps its personal data."""
    years = int(retention_period(record_type)["years"])
    try:
        return end.replace(year=end.year + years)
    except ValueError:  # 29 February
        return end.replace(year=end.year + years, day=28)


def retention_cutoff(record_type: str, today: dt.date) -> dt.date:
    """Records that ended before this day have passed their retention period on `today`.

    `end < cutoff` is `retention_until(end) < today` (the period counted in whole years), so a
    query can select the due records by their end date.
    """
    years = int(retention_period(record_type)["years"])
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February: a record that ended on 28 February is due on it
        return today.replace(year=today.year - years, month=3, day=1)


def retention_run(*, today: dt.date, dry_run: bool = False, limit: int = 10_000) -> dict[str, int]:
    """Anonymise (or, with `dry_run`, count) the records whose retention period has ended."""
    result: dict[str, int] = {}
    for policy in retention_policies():
        if dry_run:
            result[policy.record_type] = policy.count_due(today)
        else:
            result[policy.record_type] = policy.anonymise_due(today, limit)
    return result
