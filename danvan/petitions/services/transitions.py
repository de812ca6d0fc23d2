"""Moving a case through its lifecycle (`states.TRANSITIONS`): one service for every move.

Each move checks the table and the fields it needs, saves with the version guard, records the
event and the audit entry, issues its document, re-derives the deadlines, and — for a transfer —
opens the case at the receiving organisation.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from danvan.core.deadlines import DeadlineEngine
from danvan.core.errors import ValidationFailed
from danvan.core.models import Organization
from danvan.core.selectors.calendar import deadline_engine
from danvan.core.services.audit import audit_record
from danvan.petitions.deadlines import petition_deadlines_sync
from danvan.petitions.inputs import PetitionInput, TransitionInput
from danvan.petitions.models import Petition, Suspension, Transfer
from danvan.petitions.services.common import (
    act_date,
    event_add,
    require_handler,
    require_reason,
    satisfaction_values,
    version_bump,
)
from danvan.petitions.states import (
    OUTCOME_GUARDS,
    TRANSITIONS,
    Channel,
    Kind,
    Outcome,
    SatisfactionChannel,
    Status,
)

REASONS_FILE = (
    Path(__file__).resolve().parent.parent.parent / "data" / "petitions" / "ineligible_reasons.json"
)


@cache
def _reasons() -> tuple[dict[str, Any], ...]:
    return tuple(json.loads(REASONS_FILE.read_text(encoding="utf-8"))["reasons"])


def ineligible_reasons(kind: str, on: dt.date | None = None) -> list[dict[str, Any]]:
    """The legal reasons a petition of `kind` may be found not eligible, in force on `on`."""
    day = (on or dt.date.today()).isoformat()
    return [
        r
        for r in _reasons()
        if r["kinds"] in (kind, "any")
        and r["valid_from"] <= day
        and (r["valid_to"] is None or day < r["valid_to"])
    ]


def ineligible_reason_get(code: str) -> dict[str, Any] | None:
    return next((r for r in _reasons() if r["code"] == code), None)


def _illegal(petition: Petition, to: str) -> ValidationFailed:
    from danvan.petitions.states import allowed_targets

    allowed = allowed_targets(petition.status, petition.triage_outcome)
    labels = ", ".join(str(Status(s).label) for s in allowed) or _("không còn bước nào")
    current = Status(petition.status).label
    target = Status(to).label if to in Status.values else to
    message = _(
        "Không thể chuyển hồ sơ từ “{current}” sang “{target}”. Các bước hợp lệ: {labels}."
    ).format(current=current, target=target, labels=labels)
    return ValidationFailed(message, fields={"to": message}, code="illegal_transition")


def _last_milestone(petition: Petition) -> dt.date:
    days = [
        d
        for d in (
            petition.received_on,
            petition.triaged_on,
            petition.accepted_on,
            petition.resolved_on,
        )
        if d is not None
    ]
    # The latest suspension decision and the latest continuation are milestones too: a move
    # dated before them would put the case's history out of order (and a second suspension
    # overlapping the first would make the resolution deadline impossible to compute).
    for start, end in petition.suspensions.values_list("start", "end"):
        days.append(start)
        if end is not None:
            days.append(end)
    return max(days)


# Checks other modules add to a move (e.g. dialogues: a second-time complaint is resolved only
# after its dialogue). Each gets (petition, to, on) and raises a DomainError to refuse the move;
# petitions imports no module for them: they register in their AppConfig.ready().
TransitionCheck = Callable[[Petition, str, dt.date], None]
_CHECKS: dict[str, TransitionCheck] = {}


def transition_checks_register(name: str, check: TransitionCheck) -> None:
    _CHECKS[name] = check


def petition_transition(*, petition: Petition, actor: Any, data: TransitionInput) -> Petition:
    """Move `petition` to `data.to`, or refuse with a clear error (409 if it moved meanwhile)."""
    require_handler(actor, petition)
    to = data.to
    source = petition.status
    if to not in Status.values or to not in TRANSITIONS.get(source, frozenset()):
        raise _illegal(petition, to)
    guard = OUTCOME_GUARDS.get(to)
    if source == Status.TRIAGED and guard is not None and petition.triage_outcome not in guard:
        raise _illegal(petition, to)
    reason = require_reason(data.reason)
    on = act_date(data.on, not_before=_last_milestone(petition))
    for check in _CHECKS.values():
        check(petition, to, on)
    handler = _HANDLERS[Status(to)]
    from danvan.petitions.documents import template_for_move

    # Read before the move: continuing after a suspension issues a different decision.
    template = template_for_move(petition=petition, to=to, outcome=data.outcome)
    engine = deadline_engine()
    with transaction.atomic():
        changes, extra, follow_up = handler(petition, actor, data, on, engine)
        old = {name: getattr(petition, name) for name in changes}
        version_bump(petition, data.expected_version, status=to, **changes)
        event = event_add(
            petition,
            actor=actor,
            verb="transition",
            on=on,
            reason=reason,
            from_status=source,
            to_status=to,
            data={k: _plain(v) for k, v in changes.items()},
        )
        if follow_up is not None:
            follow_up(event)
        audit_record(
            actor=actor,
            verb="petition.transition",
            target=petition,
            changes={
                "status": (source, to),
                "reason": ("", reason),
                **{k: (_plain(old[k]), _plain(v)) for k, v in changes.items()},
            },
        )
        petition_deadlines_sync(petition, engine=engine)
        if template:
            from danvan.petitions.documents import document_issue

            document_issue(
                petition=petition,
                template=template,
                actor=actor,
                event=event,
                issued_on=on,
                number=data.decision_number if to in (Status.RESOLVED, Status.SUSPENDED) else "",
                extra={"reason": reason, "due": petition.next_deadline, **extra},
            )
    return petition


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Organization):
        return value.code
    return value


Result = tuple[dict[str, Any], dict[str, Any], Any]


def _to_triaged(
    petition: Petition, actor: Any, data: TransitionInput, on: dt.date, engine: DeadlineEngine
) -> Result:
    outcome = data.outcome
    if outcome not in Outcome.values:
        message = _(
            "Chọn kết quả xử lý đơn: thụ lý, chuyển đơn, hướng dẫn, trả lời, lưu đơn "
            "hoặc không đủ điều kiện."
        )
        raise ValidationFailed(message, fields={"outcome": message})
    changes: dict[str, Any] = {"triage_outcome": outcome, "triaged_on": on}
    extra: dict[str, Any] = {}
    follow_up = None
    if outcome == Outcome.INELIGIBLE:
        reason = ineligible_reason_get(data.ineligible_reason)
        valid = {r["code"] for r in ineligible_reasons(petition.kind, on)}
        if reason is None or data.ineligible_reason not in valid:
            message = _(
                "Chọn lý do không đủ điều kiện theo quy định (ví dụ Luật Khiếu nại Điều 11)."
            )
            raise ValidationFailed(message, fields={"ineligible_reason": message})
        changes["ineligible_reason"] = reason["code"]
        extra = {"reason_text": reason["label"], "reason_citation": reason["citation"]}
    if outcome == Outcome.ACCEPT and petition.anonymous and petition.kind == Kind.DENUNCIATION:
        message = _(
            "Tố cáo nặc danh không được thụ lý giải quyết như tố cáo (Luật Tố cáo Điều "
            "25): chọn lưu đơn, hoặc chuyển thông tin để thanh tra, kiểm tra."
        )
        raise ValidationFailed(message, fields={"outcome": message})
    if outcome == Outcome.TRANSFER:
        target = _transfer_target(petition, data.transfer_to)
        _check_transfer_once(petition)
        extra = {"to_organization": target.name}

        def follow_up(event: Any) -> None:
            _transfer(
                petition=petition,
                actor=actor,
                target=target,
                on=on,
                reason=data.reason,
                engine=engine,
            )

    return changes, extra, follow_up


def _transfer_target(petition: Petition, code: str) -> Organization:
    code = (code or "").strip()
    target = Organization.objects.filter(code=code, is_active=True).first() if code else None
    if target is None:
        message = _("Chọn cơ quan có thẩm quyền nhận đơn chuyển (mã cơ quan).")
        raise ValidationFailed(message, fields={"transfer_to": message})
    if target.pk == petition.organization_id:
        message = _("Không thể chuyển đơn cho chính cơ quan đang giữ đơn.")
        raise ValidationFailed(message, fields={"transfer_to": message})
    return target


def _check_transfer_once(petition: Petition) -> None:
    """A denunciation is transferred at most once for the same content (TT 05/2021 Đ.14)."""
    if petition.kind != Kind.DENUNCIATION:
        return
    related = {petition.pk}
    if petition.transferred_from_id:
        related.add(petition.transferred_from_id)
    if petition.duplicate_of_id:
        from danvan.petitions.services.actions import duplicate_root

        related.add(petition.duplicate_of_id)
        related.add(duplicate_root(petition).pk)
    already = (
        petition.transferred_from_id is not None
        or Transfer.objects.filter(petition_id__in=sorted(related)).exists()
    )
    if already:
        message = _(
            "Đơn tố cáo có cùng nội dung đã được chuyển một lần; theo Thông tư "
            "05/2021/TT-TTCP không chuyển tiếp lần nữa: hướng dẫn, trả lời hoặc lưu đơn."
        )
        raise ValidationFailed(message, fields={"outcome": message}, code="already_transferred")


def _transfer(
    *,
    petition: Petition,
    actor: Any,
    target: Organization,
    on: dt.date,
    reason: str,
    engine: DeadlineEngine,
) -> None:
    """Open the case at the receiver (its inbox), carrying content, people, files and vault."""
    from danvan.petitions.attachments import CheckedFile
    from danvan.petitions.inputs import PersonInput
    from danvan.petitions.services.intake import _petition_create

    people = [
        PersonInput(
            full_name=p.full_name,
            id_number=p.id_number,
            address=p.address,
            phone=p.phone,
            email=p.email,
            is_representative=p.is_representative,
        )
        for p in petition.petitioners.all()
    ]
    files = []
    for a in petition.attachments.all():
        try:
            with a.file.open("rb") as handle:
                data = handle.read()
        except OSError:
            message = _(
                "Không đọc được tệp đính kèm “{name}” trong kho lưu trữ nên chưa chuyển được "
                "đơn: báo quản trị viên kiểm tra thư mục tệp."
            ).format(name=a.original_name)
            raise ValidationFailed(message, fields={"transfer_to": message}) from None
        files.append(
            CheckedFile(
                name=a.original_name,
                content_type=a.content_type,
                size=a.size,
                sha256=a.sha256,
                data=data,
                is_original=a.is_original,
                description=a.description,
            )
        )
    received = PetitionInput(
        kind=petition.kind,
        channel=Channel.FORWARDED_AGENCY,
        received_on=on,
        content=petition.content,
        area_code=petition.area.code,
        anonymous=petition.anonymous,
        topic=petition.topic,
        respondent=petition.respondent,
        summary=petition.summary,
        requests=petition.requests,
        forwarder=petition.organization.name,
        forwarder_reference=petition.case_number,
        complaint_round=petition.complaint_round,
        secondary_topics=list(petition.secondary_topics),
    )
    new = _petition_create(
        actor=actor,
        org=target,
        data=received,
        content=petition.content,
        topic=petition.topic,
        secondary=list(petition.secondary_topics),
        people=people,
        signers=petition.signer_count,
        area=petition.area,
        area_given=petition.area_given,
        files=files,
        transferred_from=petition,
        inbox_pending=True,
        vault_copy_from=petition if petition.kind == Kind.DENUNCIATION else None,
        engine=engine,
    )
    if petition.pseudonym:
        Petition.objects.filter(pk=new.pk).update(pseudonym=petition.pseudonym)
        new.pseudonym = petition.pseudonym
    Transfer.objects.create(
        petition=petition,
        from_organization_id=petition.organization_id,
        to_organization=target,
        received_petition=new,
        sent_on=on,
        reason=reason,
        sent_by=actor if getattr(actor, "pk", None) else None,
    )
    event_add(
        new,
        actor=actor,
        verb="transfer_received",
        on=on,
        to_status=Status.RECEIVED,
        reason=reason,
        data={"from": petition.organization.code, "from_case": petition.case_number},
    )
    audit_record(
        actor=actor,
        verb="petition.transfer",
        target=new,
        changes={"from": (None, petition.case_number), "organization": (None, target.code)},
    )


def _to_accepted(
    petition: Petition, actor: Any, data: TransitionInput, on: dt.date, engine: DeadlineEngine
) -> Result:
    changes: dict[str, Any] = {"accepted_on": on}
    if data.complex and data.especially_complex:
        message = _("Chỉ chọn một: vụ việc phức tạp hoặc đặc biệt phức tạp.")
        raise ValidationFailed(message, fields={"complex": message})
    if data.especially_complex and petition.kind != Kind.DENUNCIATION:
        message = _("Chỉ tố cáo mới có mức “đặc biệt phức tạp”.")
        raise ValidationFailed(message, fields={"especially_complex": message})
    if (data.complex or data.especially_complex) and petition.kind not in (
        Kind.COMPLAINT,
        Kind.DENUNCIATION,
    ):
        message = _("Mức độ phức tạp chỉ áp dụng cho khiếu nại và tố cáo.")
        raise ValidationFailed(message, fields={"complex": message})
    if data.complex:
        changes["complex"] = True
    if data.especially_complex:
        changes["especially_complex"] = True
    return changes, {}, None


def _to_verifying(
    petition: Petition, actor: Any, data: TransitionInput, on: dt.date, engine: DeadlineEngine
) -> Result:
    if petition.status == Status.SUSPENDED:
        Suspension.objects.filter(petition=petition, end__isnull=True).update(end=on)
    return {}, {}, None


def _to_suspended(
    petition: Petition, actor: Any, data: TransitionInput, on: dt.date, engine: DeadlineEngine
) -> Result:
    def follow_up(event: Any) -> None:
        Suspension.objects.create(
            petition=petition,
            start=on,
            reason=data.reason.strip(),
            decision_number=data.decision_number.strip()[:100],
        )

    return {}, {}, follow_up


def _to_resolved(
    petition: Petition, actor: Any, data: TransitionInput, on: dt.date, engine: DeadlineEngine
) -> Result:
    fields = {}
    number = (data.decision_number or "").strip()
    result = (data.result_summary or "").strip()
    if not number:
        fields["decision_number"] = _("Nhập số, ký hiệu quyết định, kết luận hoặc văn bản trả lời.")
    if len(result) < 10:
        fields["result_summary"] = _("Tóm tắt kết quả giải quyết (ít nhất 10 ký tự).")
    if fields:
        raise ValidationFailed(_("Thiếu thông tin về kết quả giải quyết."), fields=fields)
    changes = {"resolved_on": on, "decision_number": number[:100], "result_summary": result[:8000]}
    return changes, {}, None


def _satisfaction(data: TransitionInput) -> dict[str, Any]:
    if not data.satisfaction:
        return {}
    channel = data.satisfaction_channel or SatisfactionChannel.PHONE
    return satisfaction_values(data.satisfaction, channel)


def _to_closed(
    petition: Petition, actor: Any, data: TransitionInput, on: dt.date, engine: DeadlineEngine
) -> Result:
    changes = {"closed_on": on, **_satisfaction(data)}
    return changes, {}, None


def _to_withdrawn(
    petition: Petition, actor: Any, data: TransitionInput, on: dt.date, engine: DeadlineEngine
) -> Result:
    Suspension.objects.filter(petition=petition, end__isnull=True).update(end=on)
    return {"withdrawn_on": on}, {}, None


_HANDLERS = {
    Status.TRIAGED: _to_triaged,
    Status.ACCEPTED: _to_accepted,
    Status.VERIFYING: _to_verifying,
    Status.SUSPENDED: _to_suspended,
    Status.RESOLVED: _to_resolved,
    Status.CLOSED: _to_closed,
    Status.WITHDRAWN: _to_withdrawn,
}
