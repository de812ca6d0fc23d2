"""Demo data for monitoring: issue reports from the seed articles and the alerts they raise."""

from __future__ import annotations


def demo_monitoring_load() -> dict[str, int]:
    return {}
