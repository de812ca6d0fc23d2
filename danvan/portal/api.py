"""/api/v1/portal: the citizen portal's public API (no account, `auth=None`).

- `POST /submissions`: a citizen's submission, as JSON (files as base64) or multipart form data
  (files in `files`); the same checks as the web form, consent required, the honeypot field
  `website` must stay empty (a client that fills it gets an ordinary-looking answer and nothing
  is stored), rate-limited per address (`DANVAN_PORTAL_SUBMIT_RATE`, 429 `throttled` with
  `Retry-After`). Answers the tracking code.
- `GET /submissions/{tracking_code}`: the public status of the case (nothing about any person),
  rate-limited (`DANVAN_PORTAL_LOOKUP_RATE`); an unknown or malformed code is 404, always the
  same answer.
- `POST /submissions/{tracking_code}/rating`: the citizen's rating, once (409 `already_rated`).

Errors are the API's one format `{"error": {"code", "message", "fields"}}`. Responses carrying a
tracking code are sent with `Cache-Control: no-store`.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import secrets
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ValidationError as PydanticValidationError

from danvan.core.api.auth import ErrorOut
from danvan.core.errors import DomainError, ValidationFailed
from danvan.petitions.attachments import max_bytes, max_files
from danvan.petitions.inputs import FileInput
from danvan.petitions.services.common import TRACKING_ALPHABET
from danvan.petitions.services.portal import (
    PublicStatus,
    petition_portal_rate,
    petition_public_status,
)
from danvan.portal.models import Via
from danvan.portal.selectors import portal_destination
from danvan.portal.services import SubmissionInput, portal_submit
from danvan.portal.throttle import Claim, ip_hash, throttle_claim, throttle_release, wait_minutes

router = Router(tags=["portal"])

CONTENT_MAX = 20_000
FORM_OVERHEAD_BYTES = 1024 * 1024

PortalKind = Literal["proposal", "report", "complaint", "denunciation"]
SatisfactionCode = Literal["satisfied", "partly", "unsatisfied"]


class PortalFileIn(Schema):
    name: str = Field(..., min_length=1, max_length=200, description="Tên tệp, có phần mở rộng")
    content_base64: str = Field(..., min_length=1, description="Nội dung tệp, mã hóa base64")


class PortalSubmissionIn(Schema):
    kind: PortalKind = Field(..., description="Loại ý kiến")
    province: str = Field(
        ..., min_length=1, max_length=10, description="Mã tỉnh, thành phố nơi xảy ra vụ việc"
    )
    commune: str = Field(
        "",
        max_length=10,
        description="Mã xã, phường, đặc khu (không bắt buộc); ý kiến gửi đến UBND xã nếu có trên "
        "hệ thống, nếu không đến UBND tỉnh",
    )
    content: str = Field(..., min_length=1, max_length=CONTENT_MAX, description="Nội dung")
    requests: str = Field("", max_length=4000, description="Đề nghị của người gửi")
    respondent: str = Field("", max_length=500, description="Người, cơ quan bị khiếu nại, tố cáo")
    anonymous: bool = Field(
        False,
        description="Tố cáo nặc danh (không ghi họ tên): không được giải quyết theo thủ tục tố "
        "cáo nhưng có thể được dùng để thanh tra, kiểm tra (Luật Tố cáo Điều 25)",
    )
    name: str = Field("", max_length=200, description="Họ và tên; bắt buộc với khiếu nại, tố cáo")
    address: str = Field("", max_length=300, description="Địa chỉ; bắt buộc với khiếu nại, tố cáo")
    id_number: str = Field("", max_length=20, description="Số định danh cá nhân (CCCD)")
    phone: str = Field("", max_length=30, description="Điện thoại")
    email: str = Field("", max_length=254, description="Thư điện tử")
    consent: bool = Field(
        ...,
        description="Đồng ý với thông báo xử lý dữ liệu cá nhân (/cong-dan/bao-ve-du-lieu/); "
        "phải là true",
    )
    website: str = Field("", max_length=200, description="Để trống")
    files: list[PortalFileIn] = Field(
        default_factory=list, max_length=50, description="Tài liệu kèm theo (JSON: base64)"
    )


class PortalOrganizationOut(Schema):
    name: str


class PortalSubmissionCreatedOut(Schema):
    tracking_code: str = Field(description="Mã tra cứu: giữ lại, không hiển thị lại lần nữa")
    organization: PortalOrganizationOut = Field(description="Cơ quan nhận ý kiến")
    via_province: bool = Field(
        description="UBND xã chưa nhận ý kiến qua hệ thống nên gửi đến UBND tỉnh"
    )
    anonymous: bool


class PortalStepOut(Schema):
    on: dt.date
    label: str


class PortalDeadlineOut(Schema):
    label: str
    due: dt.date | None
    paused: bool
    citation: str


class PortalStatusOut(Schema):
    tracking_code: str
    kind: str
    kind_label: str
    received_on: dt.date
    organization: PortalOrganizationOut
    status: str = Field(
        description="submitted, received, accepting, in_progress, suspended, transferred, "
        "guided, answered, filed, ineligible, resolved, closed, withdrawn"
    )
    status_label: str
    steps: list[PortalStepOut]
    deadlines: list[PortalDeadlineOut]
    public_answer: str | None
    public_answer_on: dt.date | None
    can_rate: bool
    rating: SatisfactionCode | None


class PortalRatingIn(Schema):
    satisfaction: SatisfactionCode = Field(..., description="Mức độ hài lòng")
    note: str = Field("", max_length=500, description="Ý kiến thêm")


class TooLarge(DomainError):
    code = "too_large"
    status = 413


# --- Helpers ---------------------------------------------------------------------------------


def _inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """The model's JSON schema with its `$defs` inlined (an OpenAPI request body cannot use
    them)."""
    defs = schema.pop("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return walk(dict(defs[ref.rsplit("/", 1)[-1]]))
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    result: dict[str, Any] = walk(schema)
    return result


def _request_body() -> dict[str, Any]:
    json_schema = _inline_refs(PortalSubmissionIn.model_json_schema())
    form_schema = _inline_refs(PortalSubmissionIn.model_json_schema())
    form_schema["properties"]["files"] = {
        "type": "array",
        "items": {"type": "string", "format": "binary"},
        "description": "Tài liệu kèm theo (tệp)",
    }
    return {
        "required": True,
        "content": {
            "application/json": {"schema": json_schema},
            "multipart/form-data": {"schema": form_schema},
        },
    }


def _throttled(response: HttpResponse, claim: Claim) -> Any:
    response["Retry-After"] = str(claim.wait)
    message = _(
        "Bạn đã gửi quá nhiều yêu cầu từ địa chỉ mạng này. Vui lòng thử lại sau khoảng {n} phút."
    ).format(n=wait_minutes(claim))
    return Status(429, {"error": {"code": "throttled", "message": message, "fields": {}}})


def _payload(request: HttpRequest) -> tuple[PortalSubmissionIn, list[FileInput]]:
    """Parse JSON or form data into the schema (422 for bad fields, 400 for a bad body)."""
    content_type = request.content_type or ""
    uploads: list[FileInput] = []
    if content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        data: Any = {k: request.POST.get(k) for k in request.POST}
        for key in ("anonymous", "consent"):
            if key in data:
                data[key] = str(data[key]).strip().lower() in ("1", "true", "on", "yes")
        files = request.FILES.getlist("files")
        if len(files) > max_files():
            message = _("Mỗi lần gửi đính kèm tối đa {n} tệp.").format(n=max_files())
            raise ValidationFailed(message, fields={"files": message})
        for upload in files:
            if upload.size and upload.size > max_bytes():
                message = _("Tệp “{name}” lớn hơn {mb} MB.").format(
                    name=(upload.name or "")[:100], mb=max_bytes() // (1024 * 1024)
                )
                raise ValidationFailed(message, fields={"files": message})
            uploads.append(FileInput(name=upload.name or "", data=upload.read()))
        data.pop("files", None)
    else:
        try:
            data = json.loads(request.body or b"")
        except (ValueError, UnicodeDecodeError, RecursionError):
            raise DomainError(
                _("Nội dung gửi lên phải là JSON đúng cú pháp hoặc dữ liệu biểu mẫu (multipart)."),
                code="bad_request",
            ) from None
        if not isinstance(data, dict):
            raise DomainError(_("Nội dung gửi lên phải là một đối tượng JSON."), code="bad_request")
    try:
        payload = PortalSubmissionIn.model_validate(data)
    except PydanticValidationError as exc:
        raise NinjaValidationError(
            [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in exc.errors()]
        ) from None
    if payload.files:
        if len(payload.files) > max_files():
            message = _("Mỗi lần gửi đính kèm tối đa {n} tệp.").format(n=max_files())
            raise ValidationFailed(message, fields={"files": message})
        for i, item in enumerate(payload.files):
            if len(item.content_base64) > (max_bytes() * 4) // 3 + 8:
                message = _("Tệp “{name}” lớn hơn {mb} MB.").format(
                    name=item.name[:100], mb=max_bytes() // (1024 * 1024)
                )
                raise ValidationFailed(message, fields={f"files.{i}.content_base64": message})
            try:
                raw = base64.b64decode(item.content_base64, validate=True)
            except (binascii.Error, ValueError):
                message = _("Nội dung tệp không phải base64 hợp lệ.")
                raise ValidationFailed(
                    message, fields={f"files.{i}.content_base64": message}
                ) from None
            uploads.append(FileInput(name=item.name, data=raw))
    return payload, uploads


def _status_out(status: PublicStatus) -> dict[str, Any]:
    return {
        "tracking_code": status.tracking_code,
        "kind": status.kind,
        "kind_label": status.kind_label,
        "received_on": status.received_on,
        "organization": {"name": status.organization},
        "status": status.status,
        "status_label": status.status_label,
        "steps": [{"on": s.on, "label": s.label} for s in status.steps],
        "deadlines": [
            {"label": d.label, "due": d.due, "paused": d.paused, "citation": d.citation}
            for d in status.deadlines
        ],
        "public_answer": status.public_answer or None,
        "public_answer_on": status.public_answer_on,
        "can_rate": status.can_rate,
        "rating": status.rating or None,
    }


def _no_store(response: HttpResponse) -> None:
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"


# --- Endpoints --------------------------------------------------------------------------------


@router.post(
    "/submissions",
    auth=None,
    response={
        201: PortalSubmissionCreatedOut,
        400: ErrorOut,
        413: ErrorOut,
        422: ErrorOut,
        429: ErrorOut,
        503: ErrorOut,
    },
    summary="Công dân gửi kiến nghị, phản ánh, khiếu nại, tố cáo (không cần tài khoản)",
    openapi_extra={"requestBody": _request_body()},
)
def submission_create(request: HttpRequest, response: HttpResponse) -> Any:
    """Registers the submission at the commune's People's Committee (or the province's) and
    answers the tracking code. 422 with `fields` for every problem at once (consent missing,
    name and address missing for a complaint or a named denunciation, a file whose content is
    not an accepted type, ...); 413 for a body larger than the files allowed; 429 when the
    address sent too many submissions."""
    _no_store(response)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > max_files() * max_bytes() * 4 // 3 + FORM_OVERHEAD_BYTES:
        raise TooLarge(
            _("Nội dung gửi lên quá lớn (tối đa {n} tệp, mỗi tệp {mb} MB).").format(
                n=max_files(), mb=max_bytes() // (1024 * 1024)
            )
        )
    payload, files = _payload(request)
    if payload.website.strip():
        claim = throttle_claim(request, "submit")
        if not claim.allowed:
            return _throttled(response, claim)
        try:
            org = portal_destination(
                province_code=payload.province, commune_code=payload.commune
            ).organization.name
        except DomainError:
            org = ""
        raw = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(12))
        return Status(
            201,
            {
                "tracking_code": f"{raw[:4]}-{raw[4:8]}-{raw[8:]}",
                "organization": {"name": org},
                "via_province": False,
                "anonymous": payload.anonymous,
            },
        )
    claim = throttle_claim(request, "submit")
    if not claim.allowed:
        return _throttled(response, claim)
    data = SubmissionInput(
        kind=payload.kind,
        province=payload.province,
        commune=payload.commune,
        content=payload.content,
        requests=payload.requests,
        respondent=payload.respondent,
        anonymous=payload.anonymous,
        name=payload.name,
        address=payload.address,
        id_number=payload.id_number,
        phone=payload.phone,
        email=payload.email,
        consent=payload.consent,
    )
    try:
        result = portal_submit(
            data=data,
            files=files,
            ip_hash=ip_hash(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
            via=Via.API,
        )
    except DomainError:
        throttle_release(claim)
        raise
    return Status(
        201,
        {
            "tracking_code": result.tracking_code,
            "organization": {"name": result.organization_name},
            "via_province": result.via_province,
            "anonymous": result.anonymous,
        },
    )


@router.get(
    "/submissions/{tracking_code}",
    auth=None,
    response={200: PortalStatusOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Tra cứu tình trạng ý kiến bằng mã tra cứu",
)
def submission_status(
    request: HttpRequest,
    response: HttpResponse,
    tracking_code: str = Path(..., min_length=1, max_length=40),
) -> Any:
    """The kind, received date, receiving organisation, public status, steps, open legal
    deadlines and the organisation's public answer; nothing about any person. 404 for any
    code that is not a case's (always the same answer)."""
    _no_store(response)
    claim = throttle_claim(request, "lookup")
    if not claim.allowed:
        return _throttled(response, claim)
    return _status_out(petition_public_status(tracking_code=tracking_code))


@router.post(
    "/submissions/{tracking_code}/rating",
    auth=None,
    response={
        200: PortalStatusOut,
        400: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
        429: ErrorOut,
    },
    summary="Đánh giá mức độ hài lòng với kết quả (một lần)",
)
def submission_rate(
    request: HttpRequest,
    payload: PortalRatingIn,
    response: HttpResponse,
    tracking_code: str = Path(..., min_length=1, max_length=40),
) -> Any:
    """Once the case has an outcome (resolved or closed); 409 `already_rated` the second time;
    422 before there is an outcome."""
    _no_store(response)
    claim = throttle_claim(request, "lookup")
    if not claim.allowed:
        return _throttled(response, claim)
    petition_portal_rate(
        tracking_code=tracking_code, satisfaction=payload.satisfaction, note=payload.note
    )
    return _status_out(petition_public_status(tracking_code=tracking_code))
