"""/api/v1/monitoring/topics: the topic classifier's suggestion for a text.

`POST /suggest` {"text"} -> the suggested topic (code, Vietnamese label, confidence 0..1) and
the next two alternatives. Read-only: nothing is stored (corrections are recorded by the
intake that registers the record). Authentication is the API-wide default.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from danvan.core.api.common import ERRORS
from danvan.monitoring import classifier

router = Router()

TEXT_MAX = 20_000


class TopicSuggestIn(Schema):
    text: str = Field(..., max_length=TEXT_MAX, description="Nội dung cần gợi ý lĩnh vực")


class TopicAlternativeOut(Schema):
    code: str
    confidence: float


class TopicSuggestOut(Schema):
    code: str = Field(..., description="Mã lĩnh vực (danh mục danvan/data/topics.json)")
    label: str
    confidence: float = Field(..., ge=0, le=1)
    alternatives: list[TopicAlternativeOut]


@router.post(
    "/suggest",
    response={200: TopicSuggestOut, **ERRORS},
    summary="Gợi ý lĩnh vực cho một nội dung",
)
def topic_suggest_api(request: HttpRequest, payload: TopicSuggestIn) -> Any:
    """The most likely topic of `text` with its confidence, and two alternatives. An empty
    text answers `khac` with confidence 0."""
    suggestion = classifier.topic_suggest(payload.text)
    return {
        "code": suggestion.code,
        "label": suggestion.label,
        "confidence": suggestion.confidence,
        "alternatives": [
            {"code": code, "confidence": confidence} for code, confidence in suggestion.alternatives
        ],
    }
