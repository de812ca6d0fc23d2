"""/api/v1/monitoring/entities: entities in text, and the records that mention them.

- `POST /extract` {"text"} -> the entities of the text: legal references, amounts, dates, unit
  names (old and new), each with its normalised `value`, the words as written and their offsets
  (into the NFC form of the text). Nothing is stored.
- `GET /records?kind=&value=&page=&page_size=` -> the records the caller may see that mention
  the entity (petitions, reception entries, issue reports), most recent first; a unit of today
  also finds the records naming the units it took over.

Authentication is the API-wide default.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema

from danvan.core.api.auth import api_user
from danvan.core.api.common import ERRORS, MAX_PAGE_SIZE, PAGE_SIZE, no_store
from danvan.monitoring.selectors import entities as selectors
from danvan.monitoring.services.entities import entities_extract

router = Router()

TEXT_MAX = 20_000
KindCode = Literal["unit", "legal", "money", "date"]


class ExtractIn(Schema):
    text: str = Field(
        ..., max_length=TEXT_MAX, description="Nội dung cần đọc (tối đa 20.000 ký tự)"
    )


class EntityOut(Schema):
    kind: KindCode
    value: str = Field(
        ...,
        description="Giá trị chuẩn hóa: số hiệu văn bản bỏ dấu (48/2010/qd-ttg), số đồng "
        "(15000000), ngày ISO (2025-03-12, 2025-03, 2025), mã đơn vị hành chính (mã hiện "
        "nay; old:<mã> cho đơn vị trước 01/07/2025; huyen:<tên> cho huyện đã bỏ)",
    )
    text: str = Field(..., description="Đúng như trong văn bản")
    start: int
    end: int
    detail: str = Field(..., description="Loại văn bản (quyet dinh, ...) hoặc tên đầy đủ đơn vị")


class MatchOut(Schema):
    kind: KindCode
    value: str
    text: str


class RecordOut(Schema):
    target_type: str = Field(..., description="petitions.petition, reception.receptionentry, ...")
    target_id: int
    type_label: str
    label: str
    url: str
    on: dt.date | None
    status: str
    matches: list[MatchOut]


class RecordPageOut(Schema):
    items: list[RecordOut]
    count: int
    page: int
    page_size: int


class RecordsQuery(Schema):
    kind: KindCode
    value: str = Field(..., min_length=1, max_length=120, description="Giá trị như /extract trả")
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


@router.post(
    "/extract",
    response={200: list[EntityOut], **ERRORS},
    summary="Nhận ra văn bản, địa danh, số tiền, ngày tháng trong một nội dung",
)
def entities_extract_api(request: HttpRequest, response: HttpResponse, payload: ExtractIn) -> Any:
    """In order of position; an ambiguous unit name gives one item per candidate unit."""
    no_store(response)
    return [
        {
            "kind": e.kind,
            "value": e.value,
            "text": e.text,
            "start": e.start,
            "end": e.end,
            "detail": e.detail,
        }
        for e in entities_extract(payload.text)
    ]


@router.get(
    "/records",
    response={200: RecordPageOut, **ERRORS},
    summary="Hồ sơ nhắc đến một thực thể",
)
def entities_records_api(
    request: HttpRequest, response: HttpResponse, query: Query[RecordsQuery]
) -> Any:
    no_store(response)
    result = selectors.records_with_entity(
        api_user(request),
        query.kind,
        query.value.strip(),
        page=query.page,
        page_size=query.page_size,
    )
    return {
        "items": [
            {
                "target_type": r.target_type,
                "target_id": r.target_id,
                "type_label": r.type_label,
                "label": r.label,
                "url": r.url,
                "on": r.on,
                "status": r.status,
                "matches": [{"kind": m.kind, "value": m.value, "text": m.text} for m in r.matches],
            }
            for r in result.rows
        ],
        "count": result.count,
        "page": result.page,
        "page_size": result.page_size,
    }
