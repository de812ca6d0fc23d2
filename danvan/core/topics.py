"""The one topic taxonomy (lĩnh vực) shared by every module, read from `danvan/data/topics.json`."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

TOPICS_FILE = Path(__file__).resolve().parent.parent / "data" / "topics.json"
DEFAULT_TOPIC = "khac"


@cache
def _load() -> tuple[tuple[str, str], ...]:
    data = json.loads(TOPICS_FILE.read_text(encoding="utf-8"))
    return tuple((row["code"], row["label"]) for row in data["topics"])


def topic_codes() -> list[str]:
    return [code for code, _label in _load()]


def topic_choices() -> list[tuple[str, str]]:
    """(code, Vietnamese label) in the taxonomy's order, labels translated."""
    return [(code, _(label)) for code, label in _load()]


def topic_label(code: str) -> str:
    for known, label in _load():
        if known == code:
            return _(label)
    return code
