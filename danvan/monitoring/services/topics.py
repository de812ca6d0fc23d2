"""Officers' topic corrections (owner: classifier helper; interface fixed)."""

from __future__ import annotations

from typing import Any


def topic_correction_record(
    *,
    text: str,
    suggested: str,
    confidence: float | None,
    chosen: str,
    target_type: str = "",
    target_id: int | None = None,
    actor: Any = None,
) -> None:
    """Keep a correction when the officer chose another topic than the one suggested."""
    return None
