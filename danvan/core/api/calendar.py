"""/api/v1/calendar: compute a legal deadline, list a year's days off and swaps, list the rules.

Reference data, the same for every signed-in user; authentication is the API-wide default.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from danvan.core.deadlines import (
    MAX_YEAR,
    MIN_YEAR,
    DeadlineResult,
    Suspension,
    parse_iso_date,
    weekday_name,
)
from danvan.core.errors import ValidationFailed
from danvan.core.models import DeadlineRule
from danvan.core.selectors.calendar import calendar_year, compute_deadline, deadline_rule_list

router = Router(tags=["calendar"])


class DeadlineQuery(Schema):
    rule: str = Field(..., description="Mã quy tắc, ví dụ complaint.first.resolve")
    start: dt.date = Field(..., description="Ngày bắt đầu tính (YYYY-MM-DD)")
    complex: bool = Field(False, description="Vụ việc phức tạp")
    especially_complex: bool = Field(False, description="Vụ việc đặc biệt phức tạp")
    remote: bool = Field(False, description="Vùng sâu, vùng xa, đi lại khó khăn")
    extended: bool = Field(False, description="Gia hạn (tố cáo cần xác minh ở nhiều nơi)")
    suspend: list[str] = Field(
        default_factory=list,
        description="Khoảng tạm đình chỉ TỪ/ĐẾN (YYYY-MM-DD/YYYY-MM-DD), lặp lại được",
    )


class RuleRefOut(Schema):
    id: str
    title: str
    version_valid_from: dt.date
    version_valid_to: dt.date | None
    citation: str
    verified: bool


class StepOut(Schema):
    kind: str
    date: dt.date | None
    text: str


class DeadlineOut(Schema):
    due: dt.date
    start: dt.date
    rule: RuleRefOut
    length: int
    base_length: int
    unit: str
    direction: str
    variant: str
    suspended_days: int
    explanation: list[StepOut]


class HolidaysQuery(Schema):
    year: int | None = Field(
        None, ge=MIN_YEAR, le=MAX_YEAR, description="Năm; mặc định là năm hiện tại"
    )


class DayOut(Schema):
    date: dt.date
    weekday: str
    working: bool
    kind: str
    kind_label: str
    name: str
    source: str
    override: bool


class HolidaysOut(Schema):
    year: int
    working_days: int
    days: list[DayOut]


class RulesQuery(Schema):
    on: dt.date | None = Field(None, description="Chỉ các phiên bản có hiệu lực vào ngày này")


class RuleOut(Schema):
    id: str
    title: str
    starts_from: str
    length: int
    unit: str
    direction: str
    variants: dict[str, int]
    citation: str
    verified: bool
    valid_from: dt.date
    valid_to: dt.date | None
    note: str


def _parse_suspensions(values: list[str]) -> list[Suspension]:
    spans: list[Suspension] = []
    for value in values:
        begin, sep, end = value.partition("/")
        if not sep:
            message = (
                f"Khoảng tạm đình chỉ “{value}” phải có dạng TỪ/ĐẾN, ví dụ 2026-03-02/2026-03-20."
            )
            raise ValidationFailed(message, fields={"suspend": message})
        spans.append((parse_iso_date(begin, field="suspend"), parse_iso_date(end, field="suspend")))
    return spans


def deadline_out(result: DeadlineResult) -> DeadlineOut:
    return DeadlineOut(
        due=result.due,
        start=result.start,
        rule=RuleRefOut(
            id=result.rule.rule_id,
            title=result.rule.title,
            version_valid_from=result.rule.valid_from,
            version_valid_to=result.rule.valid_to,
            citation=result.rule.citation,
            verified=result.rule.verified,
        ),
        length=result.length,
        base_length=result.base_length,
        unit=result.unit,
        direction=result.direction,
        variant=result.variant,
        suspended_days=result.suspended_days,
        explanation=[StepOut(kind=s.kind, date=s.day, text=s.text) for s in result.steps],
    )


@router.get("/deadline", response=DeadlineOut, summary="Tính hạn theo quy tắc pháp lý")
def deadline(request: HttpRequest, query: Query[DeadlineQuery]) -> DeadlineOut:
    try:
        result = compute_deadline(
            rule_id=query.rule.strip(),
            start=query.start,
            complex=query.complex,
            especially_complex=query.especially_complex,
            remote=query.remote,
            extended=query.extended,
            suspensions=_parse_suspensions(query.suspend),
        )
    except ValidationFailed as exc:
        # Name the fields after the query parameters.
        if "suspensions" in exc.fields:
            exc.fields["suspend"] = exc.fields.pop("suspensions")
        raise
    return deadline_out(result)


@router.get("/holidays", response=HolidaysOut, summary="Ngày nghỉ, ngày hoán đổi của một năm")
def holidays(request: HttpRequest, query: Query[HolidaysQuery]) -> HolidaysOut:
    year = query.year or timezone.localdate().year
    data = calendar_year(year=year)
    return HolidaysOut(
        year=data.year,
        working_days=data.working_days,
        days=[
            DayOut(
                date=item.info.day,
                weekday=weekday_name(item.info.day),
                working=item.info.working,
                kind=item.info.kind,
                kind_label=item.info.kind_label,
                name=item.info.name,
                source=item.info.source,
                override=item.override is not None,
            )
            for item in data.days
        ],
    )


def rule_out(rule: DeadlineRule) -> RuleOut:
    return RuleOut(
        id=rule.rule_id,
        title=rule.title,
        starts_from=rule.starts_from,
        length=rule.length,
        unit=rule.unit,
        direction=rule.direction,
        variants=dict(rule.variants or {}),
        citation=rule.citation,
        verified=rule.verified,
        valid_from=rule.valid_from,
        valid_to=rule.valid_to,
        note=rule.note,
    )


@router.get("/rules", response=list[RuleOut], summary="Các quy tắc thời hạn (mọi phiên bản)")
def rules(request: HttpRequest, query: Query[RulesQuery]) -> list[RuleOut]:
    return [rule_out(rule) for rule in deadline_rule_list(on=query.on)]
