"""Registration and lifecycle of practice models: register, launch / stop, recognise,
replicate, evidence files. Every write checks permission and input first, then writes inside
`transaction.atomic` with its audit entry; lifecycle moves are guarded by the model's `version`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.core.documents import short_date
from danvan.core.errors import NotFound, PermissionDenied, ValidationFailed
from danvan.core.files import CheckedFile, FileLike, files_check
from danvan.core.models import AdminUnit, Organization
from danvan.core.selectors.units import admin_unit_on
from danvan.core.services.audit import audit_record
from danvan.core.services.inputs import clean_text as text
from danvan.practices import permissions
from danvan.practices.inputs import PracticeInput, RecognitionInput, ReplicationInput
from danvan.practices.models import (
    Evaluation,
    Evidence,
    Period,
    PracticeModel,
    Replication,
    YearlyTheme,
)
from danvan.practices.services.common import (
    TEXT_MAX,
    act_date,
    save_versioned,
)
from danvan.practices.states import (
    EDITABLE_STATES,
    MANUAL_MOVES,
    NAMED_REGISTRANTS,
    TRANSITIONS,
    Field,
    Level,
    RegistrantKind,
    Status,
)
from danvan.text import fold

MAX_EVIDENCE = 30


def _illegal(model: PracticeModel, to: str) -> ValidationFailed:
    target = str(Status(to).label) if to in Status.values else to
    message = _("Không thể chuyển mô hình từ “{current}” sang “{target}”.").format(
        current=Status(model.status).label, target=target
    )
    return ValidationFailed(message, fields={"to": message}, code="illegal_transition")


def _area(code: str, *, field: str = "area_code") -> AdminUnit | None:
    code = code.strip()
    if not code:
        return None
    try:
        return admin_unit_on(code=code)
    except NotFound:
        message = _("Không có đơn vị hành chính đang có hiệu lực với mã này.")
        raise ValidationFailed(message, fields={field: message}) from None


def period_for_year(year: int) -> Period:
    period = Period.objects.filter(start_year__lte=year, end_year__gte=year).first()
    if period is None:
        message = _(
            "Chưa có giai đoạn phong trào nào cho năm {year}; quản trị cần nạp dữ liệu giai đoạn."
        ).format(year=year)
        raise ValidationFailed(message, fields={"start_on": message})
    return period


def _search_text(model: PracticeModel, org: Organization) -> str:
    return fold(" ".join([model.name, model.registrant_name, org.name, model.area_note]))[:4000]


def _organization_for(actor: Any, organization_id: int | None) -> Organization:
    if organization_id is None:
        message = _("Chọn đơn vị đăng ký mô hình.")
        raise ValidationFailed(message, fields={"organization": message})
    org = Organization.objects.select_related("area").filter(pk=organization_id).first()
    if org is None or not org.is_active:
        message = _("Không có đơn vị này.")
        raise ValidationFailed(message, fields={"organization": message})
    if not permissions.can_register_at(actor, org):
        raise PermissionDenied(_("Bạn không có quyền đăng ký mô hình cho đơn vị này."))
    return org


def _described(
    data: PracticeInput,
    org: Organization,
    year: int,
    default_area: AdminUnit | None,
    *,
    actor: Any,
    current: Any = None,
) -> dict[str, Any]:
    """The checked descriptive fields of a model (everything the registrant writes)."""
    if data.registrant_kind not in RegistrantKind.values:
        message = _("Chọn loại đơn vị đăng ký.")
        raise ValidationFailed(message, fields={"registrant_kind": message})
    if data.field not in Field.values:
        message = _("Chọn lĩnh vực của mô hình.")
        raise ValidationFailed(message, fields={"field": message})
    registrant_name = text(data.registrant_name, field="registrant_name", limit=250)
    if data.registrant_kind in NAMED_REGISTRANTS and not registrant_name:
        message = _("Ghi tên khu dân cư hoặc chi bộ đăng ký (ví dụ: Chi bộ thôn 3).")
        raise ValidationFailed(message, fields={"registrant_name": message})
    values: dict[str, Any] = {
        "registrant_kind": data.registrant_kind,
        "registrant_name": registrant_name,
        "field": data.field,
        "name": text(data.name, field="name", limit=500, required=_("Nhập tên mô hình.")),
        "objectives": text(
            data.objectives,
            field="objectives",
            limit=TEXT_MAX,
            multiline=True,
            required=_("Nêu mục tiêu của mô hình."),
        ),
        "content_method": text(
            data.content_method,
            field="content_method",
            limit=TEXT_MAX,
            multiline=True,
            required=_("Nêu nội dung, cách làm của mô hình."),
        ),
        "outputs": text(
            data.outputs,
            field="outputs",
            limit=TEXT_MAX,
            multiline=True,
            required=_("Nêu kết quả, sản phẩm kiểm chứng được (số liệu, công trình, hồ sơ)."),
        ),
        "rationale": text(data.rationale, field="rationale", limit=TEXT_MAX, multiline=True),
        "success_criteria": text(
            data.success_criteria, field="success_criteria", limit=TEXT_MAX, multiline=True
        ),
        "area_note": text(data.area_note, field="area_note", limit=300),
        "beneficiaries": text(data.beneficiaries, field="beneficiaries", limit=500),
        "lead_forces": text(data.lead_forces, field="lead_forces", limit=500),
        "partner_forces": text(data.partner_forces, field="partner_forces", limit=500),
        "resources": text(data.resources, field="resources", limit=TEXT_MAX, multiline=True),
        "contact_name": text(data.contact_name, field="contact_name", limit=200),
        "contact_phone": text(data.contact_phone, field="contact_phone", limit=30),
    }
    if data.start_on is None:
        message = _("Nhập thời gian bắt đầu.")
        raise ValidationFailed(message, fields={"start_on": message})
    if data.end_on is not None and data.end_on < data.start_on:
        message = _("Thời gian kết thúc phải sau thời gian bắt đầu.")
        raise ValidationFailed(message, fields={"end_on": message})
    values["start_on"] = data.start_on
    values["end_on"] = data.end_on
    values["area"] = _area(data.area_code) if data.area_code else default_area
    values["theme"] = None
    if data.theme_id is not None:
        values["theme"] = YearlyTheme.objects.filter(pk=data.theme_id, year=year).first()
        if values["theme"] is None:
            message = _("Chủ đề năm không thuộc năm đăng ký.")
            raise ValidationFailed(message, fields={"theme": message})
    values["document"] = None
    if data.document_id is not None:
        from danvan.coordination.selectors import documents_visible

        if current is not None and int(current.pk) == int(data.document_id):
            values["document"] = current  # already cited: kept
        else:
            visible = documents_visible(user=actor, ids=[data.document_id])
            values["document"] = visible.get(int(data.document_id))
        if values["document"] is None:
            message = _("Không có văn bản này (hoặc bạn không có quyền xem).")
            raise ValidationFailed(message, fields={"document": message})
    return values


def practice_register(*, actor: Any, data: PracticeInput) -> PracticeModel:
    """Register a model (status `registered`) for an organisation the actor may register for."""
    org = _organization_for(actor, data.organization_id)
    registered_on = act_date(data.registered_on, field="registered_on", label=_("Ngày đăng ký"))
    year = registered_on.year
    period = period_for_year(year)
    model = PracticeModel(
        organization=org,
        year=year,
        period=period,
        registered_on=registered_on,
        created_by=actor if getattr(actor, "pk", None) else None,
        **_described(data, org, year, org.area, actor=actor),
    )
    model.search_text = _search_text(model, org)
    with transaction.atomic():
        model.save()
        audit_record(
            actor=actor,
            verb="practice.register",
            target=model,
            changes={
                "name": (None, model.name),
                "organization": (None, org.name),
                "field": (None, model.field),
                "status": (None, model.status),
            },
        )
    return model


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return str(value)
    return value


def practice_update(
    *, model: PracticeModel, actor: Any, data: PracticeInput, expected_version: int
) -> PracticeModel:
    """Correct what the registrant wrote, until the model is recognised (the organisation and
    the registration date do not change)."""
    if not permissions.can_manage(actor, model):
        raise PermissionDenied(_("Bạn không có quyền cập nhật mô hình này."))
    if model.status not in EDITABLE_STATES:
        message = _("Mô hình đã được công nhận hoặc đã dừng; không sửa thông tin được nữa.")
        raise ValidationFailed(message, code="not_editable")
    values = _described(
        data, model.organization, model.year, model.area, actor=actor, current=model.document
    )
    changes = {
        k: (_plain(getattr(model, k)), _plain(v))
        for k, v in values.items()
        if getattr(model, k) != v
    }
    if not changes:
        return model
    values["search_text"] = _search_text(PracticeModel(**values), model.organization)
    with transaction.atomic():
        save_versioned(model, expected_version, **values)
        audit_record(actor=actor, verb="practice.update", target=model, changes=changes)
    return model


def practice_transition(
    *,
    model: PracticeModel,
    actor: Any,
    to: str,
    expected_version: int,
    on: dt.date | None = None,
    note: str = "",
) -> PracticeModel:
    """The hand-made moves: launch, stop, and back to launched after a failed evaluation."""
    if not permissions.can_manage(actor, model):
        raise PermissionDenied(_("Bạn không có quyền cập nhật mô hình này."))
    if to not in TRANSITIONS.get(model.status, frozenset()) or to not in MANUAL_MOVES:
        raise _illegal(model, to)
    note = text(note, field="note", limit=1000)
    values: dict[str, Any] = {"status": to}
    if to == Status.STOPPED:
        if len(note) < 3:
            message = _("Ghi rõ lý do dừng thực hiện mô hình.")
            raise ValidationFailed(message, fields={"note": message})
        values["status_note"] = note
    if to == Status.LAUNCHED:
        if model.status == Status.EVALUATED and model.passed:
            message = _("Mô hình đã đạt khi đánh giá; hãy trình công nhận thay vì triển khai lại.")
            raise ValidationFailed(message, fields={"to": message})
        if model.launched_on is None:
            values["launched_on"] = act_date(
                on, field="on", label=_("Ngày triển khai"), not_before=model.registered_on
            )
        if note:
            values["status_note"] = note
    with transaction.atomic():
        old = model.status
        save_versioned(model, expected_version, **values)
        audit_record(
            actor=actor,
            verb="practice.transition",
            target=model,
            changes={"status": (old, to), **({"status_note": ("", note)} if note else {})},
        )
    return model


def practice_recognise(
    *, model: PracticeModel, actor: Any, data: RecognitionInput
) -> PracticeModel:
    """Record the recognition decision (level, number, date, issuer): evaluated -> recognised."""
    if data.level not in Level.values:
        message = _("Chọn cấp công nhận.")
        raise ValidationFailed(message, fields={"level": message})
    if not permissions.can_recognise(actor, model, data.level):
        where = {
            Level.COMMUNE: _("cấp xã"),
            Level.PROVINCE: _("cấp tỉnh"),
            Level.NATIONAL: _("Trung ương"),
        }[Level(data.level)]
        raise PermissionDenied(
            _(
                "Chỉ lãnh đạo ở {level} có thẩm quyền với đơn vị này mới công nhận được mô hình "
                "ở cấp đó."
            ).format(level=where)
        )
    if Status.RECOGNISED not in TRANSITIONS.get(model.status, frozenset()):
        raise _illegal(model, Status.RECOGNISED)
    if not model.passed:
        message = _(
            "Mô hình chưa đạt ở lần đánh giá gần nhất (điểm {score}); chỉ công nhận mô hình "
            "được hội đồng đánh giá đạt."
        ).format(score=model.score if model.score is not None else "—")
        raise ValidationFailed(message, fields={"level": message}, code="not_passed")
    number = text(
        data.decision_number,
        field="decision_number",
        limit=80,
        required=_("Nhập số, ký hiệu quyết định công nhận."),
    )
    issuer = text(
        data.decision_issuer,
        field="decision_issuer",
        limit=250,
        required=_("Nhập cơ quan ban hành quyết định."),
    )
    decision_date = act_date(
        data.decision_date,
        field="decision_date",
        label=_("Ngày quyết định"),
        not_before=model.evaluated_on,
    )
    with transaction.atomic():
        old = model.status
        save_versioned(
            model,
            data.expected_version,
            status=Status.RECOGNISED,
            recognition_level=data.level,
            decision_number=number,
            decision_date=decision_date,
            decision_issuer=issuer,
            recognised_by=actor if getattr(actor, "pk", None) else None,
        )
        audit_record(
            actor=actor,
            verb="practice.recognise",
            target=model,
            changes={
                "status": (old, Status.RECOGNISED),
                "recognition_level": ("", data.level),
                "decision_number": ("", number),
                "decision_date": (None, decision_date.isoformat()),
                "decision_issuer": ("", issuer),
            },
        )
    return model


def replication_add(*, model: PracticeModel, actor: Any, data: ReplicationInput) -> Replication:
    """Record one place where the recognised model is replicated: -> replicated."""
    if not permissions.can_manage(actor, model) and not permissions.recognising_levels(
        actor, model
    ):
        raise PermissionDenied(_("Bạn không có quyền ghi nhận việc nhân rộng mô hình này."))
    if Status.REPLICATED not in TRANSITIONS.get(model.status, frozenset()):
        raise _illegal(model, Status.REPLICATED)
    area = _area(data.area_code) if data.area_code else None
    org = None
    if data.organization_id is not None:
        org = Organization.objects.filter(pk=data.organization_id, is_active=True).first()
        if org is None:
            message = _("Không có đơn vị này.")
            raise ValidationFailed(message, fields={"organization": message})
    site_name = text(data.site_name, field="site_name", limit=300)
    if area is None and org is None and not site_name:
        message = _("Ghi nơi nhân rộng: địa bàn, đơn vị áp dụng hoặc tên nơi áp dụng.")
        raise ValidationFailed(message, fields={"site_name": message})
    started_on = act_date(
        data.started_on,
        field="started_on",
        label=_("Ngày bắt đầu áp dụng"),
        not_before=model.decision_date,
    )
    note = text(data.note, field="note", limit=1000)
    with transaction.atomic():
        old = model.status
        save_versioned(model, data.expected_version, status=Status.REPLICATED)
        replication = Replication.objects.create(
            model=model,
            area=area,
            organization=org,
            site_name=site_name,
            started_on=started_on,
            note=note,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        audit_record(
            actor=actor,
            verb="practice.replicate",
            target=model,
            changes={
                "status": (old, Status.REPLICATED),
                "replication": (
                    None,
                    site_name or (org.name if org else "") or (area.full_name if area else ""),
                ),
                "started_on": (None, short_date(started_on)),
            },
        )
    return replication


def evidence_add(
    *,
    model: PracticeModel,
    actor: Any,
    files: Sequence[FileLike],
    evaluation: Evaluation | None = None,
    description: str = "",
) -> list[Evidence]:
    """Attach evidence files (checked by `core.files.files_check`) to the model or a council."""
    allowed = permissions.can_manage(actor, model) or (
        evaluation is not None and permissions.can_run_council(actor, evaluation)
    )
    if not allowed:
        raise PermissionDenied(_("Bạn không có quyền thêm minh chứng cho mô hình này."))
    if evaluation is not None and evaluation.model_id != model.pk:
        raise ValidationFailed(_("Hội đồng không thuộc mô hình này."))
    if not files:
        message = _("Chọn ít nhất một tệp minh chứng.")
        raise ValidationFailed(message, fields={"attachments": message})
    room = MAX_EVIDENCE - model.evidence.count()
    checked: list[CheckedFile] = files_check(files, limit=max(room, 0), field="attachments")
    description = text(description, field="description", limit=300)
    saved: list[Evidence] = []
    with transaction.atomic():
        for f in checked:
            item = Evidence(
                model=model,
                evaluation=evaluation,
                original_name=f.name,
                content_type=f.content_type,
                size=f.size,
                sha256=f.sha256,
                description=description or f.description,
                uploaded_by=actor if getattr(actor, "pk", None) else None,
            )
            item.file.save(f.sha256, ContentFile(f.data), save=False)
            item.save()
            saved.append(item)
        audit_record(
            actor=actor,
            verb="practice.evidence_add",
            target=model,
            changes={"evidence": (None, ", ".join(e.original_name for e in saved))},
        )
    return saved
