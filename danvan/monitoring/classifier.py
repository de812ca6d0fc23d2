"""The topic classifier inside the product (owner: classifier helper; interface fixed).

`topic_suggest(text)` is what intake forms call: the suggested topic code, its Vietnamese label,
the confidence (0..1) and the next alternatives.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TopicSuggestion:
    code: str
    label: str
    confidence: float
    alternatives: list[tuple[str, float]] = field(default_factory=list)


def topic_suggest(text: str) -> TopicSuggestion:
    from danvan.core.topics import DEFAULT_TOPIC, topic_label

    return TopicSuggestion(DEFAULT_TOPIC, topic_label(DEFAULT_TOPIC), 0.0)
