"""/api/v1/democracy: disclosures (công khai) and community decisions (Nhân dân bàn và quyết
định), the statistics per commune, the law's reference lists, and the public disclosures of a
commune (no account).

- Reads go through `democracy.selectors`, scoped to the caller: a record outside the caller's
  scope answers 404 exactly like a missing one.
- Edits and moves carry `expected_version`; a stale one is 409 `conflict`.
- The publication deadline, the report deadline and the decision's outcome are computed, never
  sent by the client.
- Writes share the per-user write throttle of the API (`DANVAN_API_WRITE_RATE`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Path, Query, Router, Schema, Status

from danvan.core.api.auth import ErrorOut, api_user
from danvan.core.api.common import ERRORS as _ERRORS
from danvan.core.api.common import MAX_ID, MAX_PAGE_SIZE, PAGE_SIZE, page_of
from danvan.core.api.common import no_store as _no_store
from danvan.core.api.common import organization_id_for as _organization_id
from danvan.core.api.throttling import write_throttle
from danvan.democracy import legal, selectors, services
from danvan.democracy.inputs import DecisionInput, DisclosureInput, PublishInput
from danvan.democracy.models import CommunityDecision, Disclosure

router = Router(tags=["democracy"])

DisclosureStatusCode = Literal["draft", "published", "ended", "withdrawn"]
DecisionStatusCode = Literal["recorded", "sent", "recognised", "refused", "cancelled"]
DecisionFormCode = Literal["meeting", "ballot"]

_WRITE_ERRORS: dict[int, type[Schema]] = {**_ERRORS, 409: ErrorOut, 429: ErrorOut}


# --- Schemas ----------------------------------------------------------------------------------


class DemocracyDisclosureIn(Schema):
    organization_code: str = Field(..., min_length=1, max_length=40, description="Mã cơ quan xã")
    group: str = Field(..., min_length=1, max_length=40, description="Nhóm nội dung (Điều 11)")
    title: str = Field(..., min_length=1, max_length=300)
    decision_date: dt.date = Field(..., description="Ngày ban hành văn bản phải công khai")
    content: str = Field("", max_length=20_000)
    residential_area: str = Field("", max_length=200)
    document_number: str = Field("", max_length=60)
    document_date: dt.date | None = None
    channels: list[str] = Field(default_factory=list, max_length=20)
    display_from: dt.date | None = None
    display_to: dt.date | None = None


class DemocracyDisclosureChange(DemocracyDisclosureIn):
    expected_version: int = Field(..., ge=1, le=MAX_ID, description="`version` khi đọc")


class DemocracyPublishIn(Schema):
    published_on: dt.date
    channels: list[str] = Field(default_factory=list, max_length=20)
    display_from: dt.date | None = None
    display_to: dt.date | None = None
    expected_version: int = Field(..., ge=1, le=MAX_ID)


class DemocracyDisclosureMoveIn(Schema):
    to: Literal["ended", "withdrawn"]
    reason: str = Field("", max_length=1000)
    expected_version: int = Field(..., ge=1, le=MAX_ID)


class DemocracyDisclosureOut(Schema):
    id: int
    organization_code: str
    organization_name: str
    residential_area: str
    group: str
    group_label: str
    title: str
    content: str
    document_number: str
    document_date: dt.date | None
    decision_date: dt.date
    publish_due: dt.date | None
    publish_rule: str
    published_on: dt.date | None
    late: bool
    overdue: bool
    channels: list[str]
    display_from: dt.date | None
    display_to: dt.date | None
    status: DisclosureStatusCode
    status_note: str
    version: int


class DemocracyDisclosurePage(Schema):
    items: list[DemocracyDisclosureOut]
    count: int
    page: int
    page_size: int


class DemocracyDecisionIn(Schema):
    organization_code: str = Field(..., min_length=1, max_length=40)
    residential_area: str = Field(..., min_length=1, max_length=200)
    matter: str = Field(..., min_length=1, max_length=40, description="Nội dung (Điều 15)")
    title: str = Field(..., min_length=1, max_length=300)
    form: DecisionFormCode
    held_on: dt.date
    total_households: int = Field(..., ge=1, le=100_000)
    participating: int = Field(..., ge=0, le=100_000)
    agreeing: int = Field(..., ge=0, le=100_000)
    against: int = Field(0, ge=0, le=100_000)
    content: str = Field("", max_length=20_000)


class DemocracyDecisionChange(DemocracyDecisionIn):
    expected_version: int = Field(..., ge=1, le=MAX_ID)


class DemocracySendIn(Schema):
    sent_on: dt.date
    expected_version: int = Field(..., ge=1, le=MAX_ID)


class DemocracyRecogniseIn(Schema):
    recognised: bool
    decided_on: dt.date
    decision_number: str = Field("", max_length=60)
    reason: str = Field("", max_length=1000)
    expected_version: int = Field(..., ge=1, le=MAX_ID)


class DemocracyCancelIn(Schema):
    reason: str = Field(..., min_length=1, max_length=1000)
    expected_version: int = Field(..., ge=1, le=MAX_ID)


class DemocracyThresholdOut(Schema):
    key: str
    text: str
    minimum_households: int
    met: bool
    citation: str
    verified: bool


class DemocracyDecisionOut(Schema):
    id: int
    organization_code: str
    organization_name: str
    residential_area: str
    matter: str
    matter_label: str
    title: str
    content: str
    form: DecisionFormCode
    held_on: dt.date
    total_households: int
    participating: int
    agreeing: int
    against: int
    participation_ratio: float
    agreement_ratio: float
    quorum: DemocracyThresholdOut
    approval: DemocracyThresholdOut
    passed: bool
    report_due: dt.date | None
    sent_on: dt.date | None
    recognise_due: dt.date | None
    decided_on: dt.date | None
    decision_number: str
    status: DecisionStatusCode
    status_note: str
    version: int


class DemocracyDecisionPage(Schema):
    items: list[DemocracyDecisionOut]
    count: int
    page: int
    page_size: int


class DemocracyStatsRow(Schema):
    organization_code: str
    organization_name: str
    disclosures: int
    published: int
    on_time: int
    late: int
    overdue: int
    decisions: int
    passed: int
    failed: int
    recognised: int
    refused: int


class DemocracyReferenceItem(Schema):
    code: str
    label: str
    citation: str
    verified: bool


class DemocracyReferenceOut(Schema):
    disclosure_groups: list[DemocracyReferenceItem]
    channels: list[DemocracyReferenceItem]
    matters: list[DemocracyReferenceItem]


class DemocracyPublicItem(Schema):
    id: int
    group: str
    group_label: str
    title: str
    content: str
    residential_area: str
    document_number: str
    document_date: dt.date | None
    decision_date: dt.date
    published_on: dt.date | None
    channels: list[str]
    display_from: dt.date | None
    display_to: dt.date | None


class DemocracyPublicOut(Schema):
    commune_code: str
    commune_name: str
    current: list[DemocracyPublicItem]
    archive: list[DemocracyPublicItem]


# --- Serialisers ------------------------------------------------------------------------------


def _disclosure_out(d: Disclosure) -> dict[str, Any]:
    today = selectors.today()
    return {
        "id": d.pk,
        "organization_code": d.organization.code,
        "organization_name": d.organization.name,
        "residential_area": d.residential_area,
        "group": d.group,
        "group_label": legal.group_label(d.group),
        "title": d.title,
        "content": d.content,
        "document_number": d.document_number,
        "document_date": d.document_date,
        "decision_date": d.decision_date,
        "publish_due": d.publish_due,
        "publish_rule": d.publish_rule,
        "published_on": d.published_on,
        "late": d.is_late,
        "overdue": bool(d.status == "draft" and d.publish_due and d.publish_due < today),
        "channels": list(d.channels),
        "display_from": d.display_from,
        "display_to": d.display_to,
        "status": d.status,
        "status_note": d.status_note,
        "version": d.version,
    }


def _threshold(t: legal.Threshold, count: int, total: int) -> dict[str, Any]:
    return {
        "key": t.key,
        "text": t.text,
        "minimum_households": t.minimum(total),
        "met": t.met(count, total),
        "citation": t.citation,
        "verified": t.verified,
    }


def _decision_out(d: CommunityDecision) -> dict[str, Any]:
    tally = selectors.decision_tally(d)
    return {
        "id": d.pk,
        "organization_code": d.organization.code,
        "organization_name": d.organization.name,
        "residential_area": d.residential_area,
        "matter": d.matter,
        "matter_label": legal.matter_label(d.matter),
        "title": d.title,
        "content": d.content,
        "form": d.form,
        "held_on": d.held_on,
        "total_households": d.total_households,
        "participating": d.participating,
        "agreeing": d.agreeing,
        "against": d.against,
        "participation_ratio": round(tally.participation_ratio, 4),
        "agreement_ratio": round(tally.agreement_ratio, 4),
        "quorum": _threshold(tally.quorum, d.participating, d.total_households),
        "approval": _threshold(tally.approval, d.agreeing, d.total_households),
        "passed": d.passed,
        "report_due": d.report_due,
        "sent_on": d.sent_on,
        "recognise_due": d.recognise_due,
        "decided_on": d.decided_on,
        "decision_number": d.decision_number,
        "status": d.status,
        "status_note": d.status_note,
        "version": d.version,
    }


def _disclosure_input(user: Any, payload: DemocracyDisclosureIn) -> DisclosureInput:
    return DisclosureInput(
        organization_id=_organization_id(user, payload.organization_code, "organization_code"),
        group=payload.group,
        title=payload.title,
        decision_date=payload.decision_date,
        content=payload.content,
        residential_area=payload.residential_area,
        document_number=payload.document_number,
        document_date=payload.document_date,
        channels=list(payload.channels),
        display_from=payload.display_from,
        display_to=payload.display_to,
    )


def _decision_input(user: Any, payload: DemocracyDecisionIn) -> DecisionInput:
    return DecisionInput(
        organization_id=_organization_id(user, payload.organization_code, "organization_code"),
        residential_area=payload.residential_area,
        matter=payload.matter,
        title=payload.title,
        form=payload.form,
        held_on=payload.held_on,
        total_households=payload.total_households,
        participating=payload.participating,
        agreeing=payload.agreeing,
        against=payload.against,
        content=payload.content,
    )


# --- Disclosures ------------------------------------------------------------------------------


@router.get("/disclosures", response={200: DemocracyDisclosurePage, **_ERRORS})
def disclosure_list(
    request: HttpRequest,
    response: HttpResponse,
    status: DisclosureStatusCode | None = None,
    group: str = Query("", max_length=40),
    timeliness: Literal["", "late", "on_time", "overdue"] = "",
    year: int | None = Query(None, ge=2000, le=2100),
    page: int = Query(1, ge=1, le=100_000),
    page_size: int = Query(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
) -> Any:
    """Disclosures the caller sees, newest decision first; `timeliness` picks those published
    late, on time, or still drafts past their deadline."""
    _no_store(response)
    qs = selectors.disclosure_list(
        user=api_user(request),
        filters=selectors.DisclosureFilters(
            status=status or "", group=group, timeliness=timeliness, year=year
        ),
    )
    return page_of(qs, page=page, page_size=page_size, item=_disclosure_out)


@router.post(
    "/disclosures",
    response={201: DemocracyDisclosureOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
)
def disclosure_create(
    request: HttpRequest, response: HttpResponse, payload: DemocracyDisclosureIn
) -> Any:
    """Record an item to disclose; the publication deadline is computed (rule
    `disclosure.publish`) and the item goes on the overdue board until published."""
    user = api_user(request)
    _no_store(response)
    d = services.disclosure_create(actor=user, data=_disclosure_input(user, payload))
    return Status(201, _disclosure_out(d))


@router.get("/disclosures/{pk}", response={200: DemocracyDisclosureOut, **_ERRORS})
def disclosure_get(
    request: HttpRequest, response: HttpResponse, pk: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    _no_store(response)
    return _disclosure_out(selectors.disclosure_get(user=api_user(request), pk=pk))


@router.patch(
    "/disclosures/{pk}",
    response={200: DemocracyDisclosureOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
)
def disclosure_update(
    request: HttpRequest,
    response: HttpResponse,
    payload: DemocracyDisclosureChange,
    pk: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    """Change a draft (every field is sent again)."""
    user = api_user(request)
    _no_store(response)
    d = selectors.disclosure_get(user=user, pk=pk)
    d = services.disclosure_update(
        disclosure=d,
        actor=user,
        data=_disclosure_input(user, payload),
        expected_version=payload.expected_version,
    )
    return _disclosure_out(d)


@router.post(
    "/disclosures/{pk}/publish",
    response={200: DemocracyDisclosureOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
)
def disclosure_publish(
    request: HttpRequest,
    response: HttpResponse,
    payload: DemocracyPublishIn,
    pk: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    """Record the publication (day, channels, display period); `late` tells whether it came
    after the deadline."""
    user = api_user(request)
    _no_store(response)
    d = selectors.disclosure_get(user=user, pk=pk)
    d = services.disclosure_publish(
        disclosure=d,
        actor=user,
        data=PublishInput(
            published_on=payload.published_on,
            channels=list(payload.channels),
            display_from=payload.display_from,
            display_to=payload.display_to,
        ),
        expected_version=payload.expected_version,
    )
    return _disclosure_out(d)


@router.post(
    "/disclosures/{pk}/transition",
    response={200: DemocracyDisclosureOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
)
def disclosure_transition(
    request: HttpRequest,
    response: HttpResponse,
    payload: DemocracyDisclosureMoveIn,
    pk: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    """End the display or withdraw (a reason is required to withdraw)."""
    user = api_user(request)
    _no_store(response)
    d = selectors.disclosure_get(user=user, pk=pk)
    d = services.disclosure_transition(
        disclosure=d,
        actor=user,
        to=payload.to,
        reason=payload.reason,
        expected_version=payload.expected_version,
    )
    return _disclosure_out(d)


# --- Community decisions ----------------------------------------------------------------------


@router.get("/decisions", response={200: DemocracyDecisionPage, **_ERRORS})
def decision_list(
    request: HttpRequest,
    response: HttpResponse,
    status: DecisionStatusCode | None = None,
    matter: str = Query("", max_length=40),
    outcome: Literal["", "passed", "failed"] = "",
    year: int | None = Query(None, ge=2000, le=2100),
    page: int = Query(1, ge=1, le=100_000),
    page_size: int = Query(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
) -> Any:
    _no_store(response)
    qs = selectors.decision_list(
        user=api_user(request),
        filters=selectors.DecisionFilters(
            status=status or "", matter=matter, outcome=outcome, year=year
        ),
    )
    return page_of(qs, page=page, page_size=page_size, item=_decision_out)


@router.post(
    "/decisions", response={201: DemocracyDecisionOut, **_WRITE_ERRORS}, throttle=[write_throttle]
)
def decision_create(
    request: HttpRequest, response: HttpResponse, payload: DemocracyDecisionIn
) -> Any:
    """Record a meeting or household ballot; the outcome and the report deadline are computed."""
    user = api_user(request)
    _no_store(response)
    d = services.decision_create(actor=user, data=_decision_input(user, payload))
    return Status(201, _decision_out(d))


@router.get("/decisions/{pk}", response={200: DemocracyDecisionOut, **_ERRORS})
def decision_get(
    request: HttpRequest, response: HttpResponse, pk: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    _no_store(response)
    return _decision_out(selectors.decision_get(user=api_user(request), pk=pk))


@router.patch(
    "/decisions/{pk}",
    response={200: DemocracyDecisionOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
)
def decision_update(
    request: HttpRequest,
    response: HttpResponse,
    payload: DemocracyDecisionChange,
    pk: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user = api_user(request)
    _no_store(response)
    d = selectors.decision_get(user=user, pk=pk)
    d = services.decision_update(
        decision=d,
        actor=user,
        data=_decision_input(user, payload),
        expected_version=payload.expected_version,
    )
    return _decision_out(d)


@router.post(
    "/decisions/{pk}/send",
    response={200: DemocracyDecisionOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
)
def decision_send(
    request: HttpRequest,
    response: HttpResponse,
    payload: DemocracySendIn,
    pk: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user = api_user(request)
    _no_store(response)
    d = selectors.decision_get(user=user, pk=pk)
    d = services.decision_send(
        decision=d, actor=user, sent_on=payload.sent_on, expected_version=payload.expected_version
    )
    return _decision_out(d)


@router.post(
    "/decisions/{pk}/recognise",
    response={200: DemocracyDecisionOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
)
def decision_recognise(
    request: HttpRequest,
    response: HttpResponse,
    payload: DemocracyRecogniseIn,
    pk: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    """The commune People's Committee recognises the result or refuses it with a reason."""
    user = api_user(request)
    _no_store(response)
    d = selectors.decision_get(user=user, pk=pk)
    d = services.decision_recognise(
        decision=d,
        actor=user,
        recognised=payload.recognised,
        decided_on=payload.decided_on,
        decision_number=payload.decision_number,
        reason=payload.reason,
        expected_version=payload.expected_version,
    )
    return _decision_out(d)


@router.post(
    "/decisions/{pk}/cancel",
    response={200: DemocracyDecisionOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
)
def decision_cancel(
    request: HttpRequest,
    response: HttpResponse,
    payload: DemocracyCancelIn,
    pk: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user = api_user(request)
    _no_store(response)
    d = selectors.decision_get(user=user, pk=pk)
    d = services.decision_cancel(
        decision=d, actor=user, reason=payload.reason, expected_version=payload.expected_version
    )
    return _decision_out(d)


# --- Statistics, reference, public ------------------------------------------------------------


@router.get("/statistics", response={200: list[DemocracyStatsRow], **_ERRORS})
def statistics(
    request: HttpRequest, response: HttpResponse, year: int | None = Query(None, ge=2000, le=2100)
) -> Any:
    """Per commune body: disclosures on time / late / overdue; decisions passed / failed."""
    _no_store(response)
    stats = selectors.statistics(user=api_user(request), year=year)
    return [
        {
            "organization_code": r.code,
            "organization_name": r.name,
            "disclosures": r.disclosures,
            "published": r.published,
            "on_time": r.on_time,
            "late": r.late,
            "overdue": r.overdue,
            "decisions": r.decisions,
            "passed": r.passed,
            "failed": r.failed,
            "recognised": r.recognised,
            "refused": r.refused,
        }
        for r in stats.rows
    ]


def _reference(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "code": r["code"],
            "label": r["label"],
            "citation": r["citation"],
            "verified": bool(r["verified"]),
        }
        for r in rows
    ]


@router.get("/reference", response={200: DemocracyReferenceOut, **_ERRORS})
def reference(request: HttpRequest) -> Any:
    """The law's lists as data: disclosure groups (Đ.11), channels (Đ.13), matters (Đ.15)."""
    return {
        "disclosure_groups": _reference(legal.disclosure_groups()),
        "channels": _reference(legal.channels()),
        "matters": _reference(legal.matters()),
    }


@router.get("/public/{code}", auth=None, response={200: DemocracyPublicOut, **_ERRORS})
def public_commune(request: HttpRequest, code: str = Path(..., min_length=1, max_length=10)) -> Any:
    """What a commune has on display now and its archive (no account; public fields only)."""
    unit = selectors.public_commune(code)
    page = selectors.public_commune_disclosures(code=code)
    return {
        "commune_code": unit.code,
        "commune_name": unit.full_name,
        "current": page.current,
        "archive": page.archive,
    }
