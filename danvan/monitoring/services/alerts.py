"""Alerts (owner: alerts helper; interface fixed)."""

from __future__ import annotations

from typing import Any


def alert_rules_check_report(report: Any) -> list[Any]:
    """Raise the rule alerts (sensitive flag, severity 4) an issue report calls for; idempotent.
    Called by the issue-report services after a create or an update, on commit."""
    return []
