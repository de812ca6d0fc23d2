"""Writes of the portal: a citizen's submission (checks, routing, consent record, the petition
through `petitions.services.portal`), the rating, and the retention of submission records.

No user acts here: the citizen has no account. The audit log records the system as actor with
`via: portal`. A denouncer's identity goes to the petitions vault exactly as at a reception
desk (`petition_submit_online` reuses the intake).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.errors import DomainError, ValidationFailed
from danvan.core.services.audit import audit_record
from danvan.core.services.retention import retention_cutoff
from danvan.petitions.inputs import FileInput, PersonInput, PetitionInput
from danvan.petitions.services.portal import PORTAL_KINDS, petition_submit_online
from danvan.petitions.states import Kind
from danvan.portal.models import Submission, Via
from danvan.portal.selectors import portal_destination

# Changes when the privacy notice's wording changes: each submission records the version the
# citizen agreed to (templates/portal/privacy.html).
PRIVACY_NOTICE_VERSION = "2026-01"
USER_AGENT_MAX = 200
RETENTION_TYPE = "portal.submission"

# The petition services' field names -> the portal's.
_FIELD_NAMES = {
    "petitioners.0.full_name": "name",
    "petitioners.0.id_number": "id_number",
    "petitioners.0.phone": "phone",
    "petitioners.0.email": "email",
    "petitioners": "name",
    "area_code": "commune",
    "organization": "province",
    "signer_count": "name",
}


@dataclass
class SubmissionInput:
    """What the citizen sent (the form and the API fill it)."""

    kind: str
    province: str
    content: str
    consent: bool
    commune: str = ""
    requests: str = ""
    respondent: str = ""
    anonymous: bool = False
    name: str = ""
    address: str = ""
    id_number: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class SubmissionResult:
    submission: Submission
    tracking_code: str
    organization_name: str
    via_province: bool
    anonymous: bool


def _identity_fields(data: SubmissionInput) -> dict[str, str]:
    """Who must give their name and address, by kind (all problems at once)."""
    fields: dict[str, str] = {}
    name = (data.name or "").strip()
    address = (data.address or "").strip()
    contact = any((v or "").strip() for v in (data.id_number, data.phone, data.email))
    if data.kind == Kind.COMPLAINT:
        if data.anonymous:
            fields["anonymous"] = _("Khiếu nại không gửi nặc danh được: ghi họ tên và địa chỉ.")
        if not name:
            fields["name"] = _("Khiếu nại phải ghi họ tên người khiếu nại (Luật Khiếu nại Điều 8).")
        if not address:
            fields["address"] = _(
                "Khiếu nại phải ghi địa chỉ người khiếu nại (Luật Khiếu nại Điều 8)."
            )
    elif data.kind == Kind.DENUNCIATION:
        if data.anonymous:
            if name or address or contact:
                fields["anonymous"] = _(
                    "Bạn chọn gửi nặc danh: xóa họ tên, địa chỉ và thông tin liên hệ, hoặc bỏ "
                    "chọn “nặc danh”."
                )
        else:
            if not name:
                fields["name"] = _(
                    "Tố cáo phải ghi họ tên người tố cáo (Luật Tố cáo Điều 23), hoặc chọn gửi "
                    "nặc danh."
                )
            if not address:
                fields["address"] = _(
                    "Tố cáo phải ghi địa chỉ người tố cáo (Luật Tố cáo Điều 23), hoặc chọn gửi "
                    "nặc danh."
                )
    elif not name and (address or contact):
        fields["name"] = _("Ghi họ tên nếu để lại địa chỉ, số điện thoại hoặc thư điện tử.")
    return fields


def _petition_input(data: SubmissionInput, area_code: str) -> PetitionInput:
    name = (data.name or "").strip()
    anonymous = not name
    people = (
        []
        if anonymous
        else [
            PersonInput(
                full_name=name,
                id_number=(data.id_number or "").strip(),
                address=(data.address or "").strip(),
                phone=(data.phone or "").strip(),
                email=(data.email or "").strip(),
            )
        ]
    )
    return PetitionInput(
        kind=data.kind,
        channel="online",
        received_on=timezone.localdate(),
        content=data.content or "",
        area_code=area_code,
        petitioners=people,
        anonymous=anonymous,
        requests=(data.requests or "")[:4000],
        respondent=(data.respondent or "")[:500],
    )


def _renamed(exc: DomainError) -> dict[str, str]:
    return {_FIELD_NAMES.get(k, k): v for k, v in exc.fields.items()}


def portal_submit(
    *,
    data: SubmissionInput,
    files: Sequence[FileInput] = (),
    ip_hash: str,
    user_agent: str = "",
    via: str = Via.WEB,
) -> SubmissionResult:
    """Check a citizen's submission, route it and register it; all problems reported at once.

    Raises ValidationFailed with the portal's field names (kind, province, commune, content,
    requests, respondent, anonymous, name, address, id_number, phone, email, files, consent).
    """
    from danvan.petitions.attachments import attachments_check
    from danvan.petitions.services.intake import petition_input_check

    fields: dict[str, str] = {}
    if data.kind not in PORTAL_KINDS:
        fields["kind"] = _("Chọn loại ý kiến: kiến nghị, phản ánh, khiếu nại hoặc tố cáo.")
    if not data.consent:
        fields["consent"] = _(
            "Cần bạn đồng ý với việc xử lý dữ liệu cá nhân như thông báo để cơ quan nhận và giải "
            "quyết ý kiến."
        )
    destination = None
    try:
        destination = portal_destination(province_code=data.province, commune_code=data.commune)
    except ValidationFailed as exc:
        fields.update(exc.fields)
    if data.kind in PORTAL_KINDS:
        fields.update(_identity_fields(data))
    petition_data = _petition_input(data, destination.area.code if destination else "")
    if data.kind not in PORTAL_KINDS:
        petition_data.kind = Kind.PROPOSAL  # only to check the rest of the input
    try:
        petition_input_check(petition_data)
    except ValidationFailed as exc:
        for key, value in _renamed(exc).items():
            fields.setdefault(key, value)
    try:
        attachments_check(files)
    except ValidationFailed as exc:
        fields.setdefault("files", exc.fields.get("files", exc.message))
    if fields:
        raise ValidationFailed(
            _("Ý kiến chưa gửi được: xem hướng dẫn ở từng mục được đánh dấu."), fields=fields
        )
    assert destination is not None
    now = timezone.now()
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                via=via if via in Via.values else Via.WEB,
                ip_hash=ip_hash[:64],
                user_agent="".join(ch for ch in user_agent if ch.isprintable())[:USER_AGENT_MAX],
                consent_at=now,
                privacy_notice_version=PRIVACY_NOTICE_VERSION,
            )
            petition = petition_submit_online(
                data=petition_data,
                files=files,
                organization=destination.organization,
                source_ref=f"portal:{submission.pk}",
            )
            submission.petition = petition
            submission.save(update_fields=["petition"])
            audit_record(
                actor=None,
                verb="portal.submit",
                target=submission,
                changes={
                    "petition": (None, petition.pk),
                    "organization": (None, destination.organization.code),
                    "privacy_notice_version": (None, PRIVACY_NOTICE_VERSION),
                    "via": (None, submission.via),
                },
            )
    except DomainError as exc:
        exc.fields = _renamed(exc)
        raise
    return SubmissionResult(
        submission=submission,
        tracking_code=petition.tracking_code,
        organization_name=destination.organization.name,
        via_province=destination.via_province,
        anonymous=petition.anonymous,
    )


# --- Retention --------------------------------------------------------------------------------


def submission_retention_due(today: dt.date):  # type: ignore[no-untyped-def]
    cutoff = retention_cutoff(RETENTION_TYPE, today)
    start = timezone.make_aware(dt.datetime.combine(cutoff, dt.time.min))
    return Submission.objects.filter(anonymised_on__isnull=True, submitted_at__lt=start).order_by(
        "id"
    )


def submission_retention_count(today: dt.date) -> int:
    return int(submission_retention_due(today).count())


def submission_anonymise(*, submission: Submission, today: dt.date) -> bool:
    """Clear the address hash and the user agent; keep the consent record (time, version)."""
    with transaction.atomic():
        row = Submission.objects.select_for_update().get(pk=submission.pk)
        if row.anonymised_on is not None:
            return False
        Submission.objects.filter(pk=row.pk).update(ip_hash="", user_agent="", anonymised_on=today)
        audit_record(
            actor=None,
            verb="portal.anonymise",
            target=row,
            changes={
                "ip_hash": ("x", "x"),
                "user_agent": ("x", "x"),
                "anonymised_on": (None, today),
            },
            redact=["ip_hash", "user_agent"],
        )
    return True


def submission_retention_anonymise(today: dt.date, limit: int) -> int:
    done = 0
    for row in list(submission_retention_due(today)[:limit]):
        if submission_anonymise(submission=row, today=today):
            done += 1
    return done
