"""Writes of supervisions and social criticism: plan, edit, move, findings, recommendations,
the addressee's answer and the supervising body's assessment of it.

Every write checks permission and input first, then changes rows inside one transaction with
its audit record; lifecycle moves and answers are guarded by `version` (a lost race is a
`Conflict`). The answer deadlines are re-derived in the same transaction
(`oversight.deadlines.supervision_deadlines_sync`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from danvan.core.errors import PermissionDenied, ValidationFailed
from danvan.core.files import FileLike, files_check
from danvan.core.services.audit import audit_record
from danvan.core.services.versioning import versioned_update
from danvan.oversight import permissions
from danvan.oversight.deadlines import supervision_deadlines_sync
from danvan.oversight.inputs import SupervisionInput
from danvan.oversight.models import Finding, Recommendation, Supervision
from danvan.oversight.services.common import (
    TEXT_MAX,
    TITLE_MAX,
    act_date,
    active_organization,
    active_organizations,
    check_partners,
    check_range,
    clean_reason,
    clean_text,
    conflict,
    plain,
    today,
)
from danvan.oversight.states import (
    DRAFT_RECOMMENDATION_STATES,
    FINDING_STATES,
    SUPERVISION_TERMINAL,
    SUPERVISION_TRANSITIONS,
    AnswerResult,
    Assessment,
    RecommendationStatus,
    SupervisionKind,
    SupervisionStatus,
    supervision_targets,
)
from danvan.text import fold

_SUPERVISION = gettext_noop("Cuộc giám sát")
_RECOMMENDATION = gettext_noop("Kiến nghị giám sát")


def _require_manager(actor: Any, supervision: Supervision) -> None:
    if not permissions.can_manage_supervision(actor, supervision):
        raise PermissionDenied(
            _(
                "Bạn không có quyền thực hiện việc này: cần vai trò Mặt trận, đoàn thể, cán bộ "
                "hoặc lãnh đạo tại cơ quan giám sát hoặc cơ quan cấp trên."
            )
        )


def _search_text(s: Supervision) -> str:
    return fold(" ".join((s.title, s.draft_title, s.content[:2000])))


def _check_document(document_id: int | None, actor: Any, current: Any = None) -> Any:
    if not document_id:
        return None
    if current is not None and int(current.pk) == int(document_id):
        return current  # already cited: kept even if the actor cannot see it
    from danvan.coordination.selectors import documents_visible

    document = documents_visible(user=actor, ids=[document_id]).get(int(document_id))
    if document is None:
        message = _("Không có văn bản này trong hệ thống (hoặc bạn không có quyền xem).")
        raise ValidationFailed(message, fields={"draft_document": message})
    return document


def _clean(
    data: SupervisionInput, actor: Any, current: Supervision | None = None
) -> dict[str, Any]:
    if data.kind not in SupervisionKind.values:
        message = _("Chọn hình thức: giám sát chuyên đề, giám sát thường xuyên hoặc phản biện.")
        raise ValidationFailed(message, fields={"kind": message})
    title = clean_text(
        data.title, field="title", limit=TITLE_MAX, required=_("Nhập nội dung giám sát.")
    )
    period_from, period_to = check_range(
        data.period_from,
        data.period_to,
        fields=("period_from", "period_to"),
        labels=(_("ngày bắt đầu"), _("ngày kết thúc")),
    )
    supervised = active_organizations(data.supervised_ids, field="supervised")
    check_partners(
        actor,
        supervised,
        field="supervised",
        keep=current.supervised.values_list("pk", flat=True) if current is not None else (),
    )
    draft_title = clean_text(data.draft_title, field="draft_title", limit=500)
    draft_document = _check_document(
        data.draft_document_id, actor, current.draft_document if current is not None else None
    )
    if data.kind == SupervisionKind.CRITICISM:
        if not draft_title and draft_document is None:
            message = _("Phản biện xã hội: nhập tên dự thảo được phản biện.")
            raise ValidationFailed(message, fields={"draft_title": message})
        if not draft_title and draft_document is not None:
            draft_title = str(draft_document.title)[:500]
    elif not supervised:
        message = _("Chọn ít nhất một cơ quan, tổ chức được giám sát.")
        raise ValidationFailed(message, fields={"supervised": message})
    return {
        "kind": data.kind,
        "title": title,
        "content": clean_text(data.content, field="content", limit=TEXT_MAX, multiline=True),
        "team": clean_text(data.team, field="team", limit=5000, multiline=True),
        "period_from": period_from,
        "period_to": period_to,
        "draft_title": draft_title,
        "draft_document": draft_document,
        "supervised": supervised,
    }


def supervision_create(*, actor: Any, data: SupervisionInput) -> Supervision:
    """Plan a supervision (or social criticism) of the supervising body `data.organization_id`."""
    org = active_organization(
        data.organization_id, field="organization", required=_("Chọn cơ quan giám sát.")
    )
    if org.kind not in permissions.SUPERVISING_KINDS:
        message = _(
            "Cơ quan giám sát phải là Ủy ban Mặt trận Tổ quốc hoặc một tổ chức chính trị - xã hội."
        )
        raise ValidationFailed(message, fields={"organization": message})
    if not permissions.can_supervise_at(actor, org):
        raise PermissionDenied(_("Bạn không có quyền lập kế hoạch giám sát của cơ quan này."))
    values = _clean(data, actor)
    supervised = values.pop("supervised")
    with transaction.atomic():
        supervision = Supervision(
            organization=org,
            created_by=actor if getattr(actor, "pk", None) else None,
            **values,
        )
        supervision.search_text = _search_text(supervision)
        supervision.save()
        supervision.supervised.set(supervised)
        audit_record(
            actor=actor,
            verb="supervision.create",
            target=supervision,
            changes={
                "kind": (None, supervision.kind),
                "title": (None, supervision.title),
                "organization": (None, org.code),
                "supervised": (None, [o.code for o in supervised] or None),
                "period_from": (None, plain(supervision.period_from)),
                "period_to": (None, plain(supervision.period_to)),
                "draft_title": (None, supervision.draft_title or None),
            },
        )
    return supervision


def supervision_update(
    *, supervision: Supervision, actor: Any, data: SupervisionInput, expected_version: int
) -> Supervision:
    """Change the plan of a supervision that has not ended (the kind stays)."""
    _require_manager(actor, supervision)
    if supervision.status in SUPERVISION_TERMINAL:
        message = _("Cuộc giám sát đã kết thúc hoặc đã hủy: không sửa được nữa.")
        raise ValidationFailed(message, fields={"title": message})
    data.kind = supervision.kind
    values = _clean(data, actor, supervision)
    supervised = values.pop("supervised")
    old_supervised = sorted(supervision.supervised.values_list("code", flat=True))
    new_supervised = sorted(o.code for o in supervised)
    changes = {
        k: (plain(getattr(supervision, k)), plain(v))
        for k, v in values.items()
        if getattr(supervision, k) != v
    }
    if "draft_document" in changes:
        changes["draft_document"] = (
            supervision.draft_document_id,
            values["draft_document"].pk if values["draft_document"] else None,
        )
    if old_supervised != new_supervised:
        changes["supervised"] = (old_supervised, new_supervised)
    if not changes:
        return supervision
    if expected_version != supervision.version:
        raise conflict(_SUPERVISION)
    with transaction.atomic():
        probe = Supervision(**{k: v for k, v in values.items() if k != "draft_document"})
        values["search_text"] = _search_text(probe)
        if not versioned_update(supervision, expected_version=expected_version, **values):
            raise conflict(_SUPERVISION)
        supervision.supervised.set(supervised)
        audit_record(actor=actor, verb="supervision.update", target=supervision, changes=changes)
    return supervision


def _illegal(current: str, to: str) -> ValidationFailed:
    allowed = supervision_targets(current)
    labels = ", ".join(str(SupervisionStatus(s).label) for s in allowed) or _("không còn bước nào")
    target = SupervisionStatus(to).label if to in SupervisionStatus.values else to
    message = _(
        "Không thể chuyển cuộc giám sát từ “{current}” sang “{target}”. Các bước hợp lệ: {labels}."
    ).format(current=SupervisionStatus(current).label, target=target, labels=labels)
    return ValidationFailed(message, fields={"to": message}, code="illegal_transition")


def supervision_transition(
    *,
    supervision: Supervision,
    actor: Any,
    to: str,
    expected_version: int,
    on: dt.date | None = None,
    reason: str = "",
    report_summary: str = "",
) -> Supervision:
    """Move the supervision to `to`, or refuse with a clear error (409 if it changed meanwhile).

    - in_progress: from `on` (default today);
    - findings_reported: at least one finding; `report_summary` may be recorded;
    - recommendations_sent: sends every drafted recommendation on `on`: each addressee's
      answer deadline starts that day and shows on the overdue board;
    - closed: with recommendations still awaiting an answer, only with a `reason` (their
      obligations are then cancelled);
    - cancelled: `reason`.
    """
    _require_manager(actor, supervision)
    source = supervision.status
    if to not in SupervisionStatus.values or to not in SUPERVISION_TRANSITIONS.get(
        source, frozenset()
    ):
        raise _illegal(source, to)
    if expected_version != supervision.version:
        raise conflict(_SUPERVISION)
    values: dict[str, Any] = {"status": to}
    reason_text = ""
    send_drafts = False
    if to == SupervisionStatus.IN_PROGRESS:
        values["started_on"] = act_date(on, not_before=None, label=_("Ngày bắt đầu giám sát"))
    elif to == SupervisionStatus.FINDINGS_REPORTED:
        if not supervision.findings.exists():
            message = _("Ghi ít nhất một kết quả giám sát (phát hiện) trước khi báo cáo kết quả.")
            raise ValidationFailed(message, fields={"to": message}, code="no_findings")
        values["reported_on"] = act_date(
            on, not_before=supervision.started_on, label=_("Ngày báo cáo kết quả")
        )
        summary = clean_text(report_summary, field="report_summary", limit=TEXT_MAX, multiline=True)
        if summary:
            values["report_summary"] = summary
    elif to == SupervisionStatus.RECOMMENDATIONS_SENT:
        if not supervision.recommendations.filter(status=RecommendationStatus.DRAFT).exists():
            message = _("Soạn ít nhất một kiến nghị trước khi gửi.")
            raise ValidationFailed(message, fields={"to": message}, code="no_recommendations")
        values["sent_on"] = act_date(
            on, not_before=supervision.reported_on, label=_("Ngày gửi kiến nghị")
        )
        send_drafts = True
    elif to == SupervisionStatus.CLOSED:
        values["closed_on"] = act_date(
            on,
            not_before=supervision.sent_on or supervision.reported_on,
            label=_("Ngày kết thúc"),
        )
        awaiting = supervision.recommendations.filter(status=RecommendationStatus.AWAITING).count()
        if awaiting:
            if not str(reason or "").strip():
                message = _(
                    "Còn {n} kiến nghị chưa được trả lời: ghi lý do kết thúc cuộc giám sát khi "
                    "chưa nhận đủ trả lời."
                ).format(n=awaiting)
                raise ValidationFailed(message, fields={"reason": message}, code="awaiting_answers")
            reason_text = clean_reason(reason)
            values["status_note"] = reason_text
        elif (
            source == SupervisionStatus.FINDINGS_REPORTED
            and supervision.recommendations.filter(status=RecommendationStatus.DRAFT).exists()
        ):
            message = _(
                "Còn kiến nghị dự thảo chưa gửi: gửi kiến nghị, hoặc bỏ chúng trước khi kết thúc."
            )
            raise ValidationFailed(message, fields={"to": message})
    elif to == SupervisionStatus.CANCELLED:
        reason_text = clean_reason(reason)
        values["status_note"] = reason_text
    old = {k: getattr(supervision, k) for k in values}
    with transaction.atomic():
        if not versioned_update(supervision, expected_version=expected_version, **values):
            raise conflict(_SUPERVISION)
        changes = {k: (plain(old[k]), plain(v)) for k, v in values.items()}
        if reason_text:
            changes["reason"] = (None, reason_text)
        if send_drafts:
            sent = Recommendation.objects.filter(
                supervision=supervision, status=RecommendationStatus.DRAFT
            ).update(
                status=RecommendationStatus.AWAITING,
                sent_on=values["sent_on"],
                version=F("version") + 1,
            )
            changes["recommendations"] = (None, sent)
        audit_record(
            actor=actor, verb="supervision.transition", target=supervision, changes=changes
        )
        supervision_deadlines_sync(supervision)
    return supervision


def _touch(supervision: Supervision) -> None:
    """Bump the version after a change to the supervision's parts, so a move prepared from a
    page read before it is refused as a conflict."""
    Supervision.objects.filter(pk=supervision.pk).update(version=F("version") + 1)
    supervision.version += 1


def _next_position(qs: Any) -> int:
    return int(qs.aggregate(m=Max("position"))["m"] or 0) + 1


def finding_add(
    *, supervision: Supervision, actor: Any, content: str, organization_id: int | None = None
) -> Finding:
    """Record a finding of the supervision (what was found), about one supervised body."""
    _require_manager(actor, supervision)
    if supervision.status not in FINDING_STATES:
        message = _("Kết quả giám sát được ghi khi đang giám sát và trước khi gửi kiến nghị.")
        raise ValidationFailed(message, fields={"content": message})
    text = clean_text(
        content, field="content", limit=TEXT_MAX, required=_("Nhập nội dung."), multiline=True
    )
    org = None
    if organization_id:
        org = active_organization(organization_id, field="organization", required="")
        check_partners(actor, [org], field="organization")
    with transaction.atomic():
        finding = Finding.objects.create(
            supervision=supervision,
            organization=org,
            content=text,
            position=_next_position(supervision.findings.all()),
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        _touch(supervision)
        audit_record(
            actor=actor,
            verb="supervision.finding_add",
            target=supervision,
            changes={
                "finding": (None, text[:500]),
                "organization": (None, org.code if org else None),
            },
        )
    return finding


def recommendation_add(
    *,
    supervision: Supervision,
    actor: Any,
    addressee_id: int | None,
    content: str,
    on: dt.date | None = None,
    follow_up_of: Recommendation | None = None,
) -> Recommendation:
    """Draft a recommendation to `addressee_id` (sent with the supervision's move to
    "recommendations sent"); once the recommendations are out, a new one is sent at once
    (on `on`, default today) and its answer deadline starts that day."""
    _require_manager(actor, supervision)
    sent_now = supervision.status == SupervisionStatus.RECOMMENDATIONS_SENT
    if supervision.status not in DRAFT_RECOMMENDATION_STATES and not sent_now:
        message = _(
            "Kiến nghị được soạn khi đang giám sát, sau khi báo cáo kết quả hoặc sau "
            "khi đã gửi kiến nghị (kiến nghị bổ sung, kiến nghị lại)."
        )
        raise ValidationFailed(message, fields={"content": message})
    addressee = active_organization(
        addressee_id, field="addressee", required=_("Chọn cơ quan nhận kiến nghị.")
    )
    if follow_up_of is None or int(follow_up_of.addressee_id) != addressee.pk:
        check_partners(actor, [addressee], field="addressee")
    text = clean_text(
        content,
        field="content",
        limit=TEXT_MAX,
        required=_("Nhập nội dung kiến nghị."),
        multiline=True,
    )
    sent_on = (
        act_date(on, not_before=supervision.sent_on, label=_("Ngày gửi kiến nghị"))
        if sent_now
        else None
    )
    with transaction.atomic():
        rec = Recommendation.objects.create(
            supervision=supervision,
            addressee=addressee,
            content=text,
            position=_next_position(supervision.recommendations.all()),
            follow_up_of=follow_up_of,
            status=RecommendationStatus.AWAITING if sent_now else RecommendationStatus.DRAFT,
            sent_on=sent_on,
        )
        _touch(supervision)
        audit_record(
            actor=actor,
            verb="supervision.recommendation_add",
            target=supervision,
            changes={
                "recommendation": (None, text[:500]),
                "addressee": (None, addressee.code),
                "sent_on": (None, plain(sent_on)),
                "follow_up_of": (None, follow_up_of.pk if follow_up_of else None),
            },
        )
        if sent_now:
            supervision_deadlines_sync(supervision)
    rec.refresh_from_db()
    return rec


def finding_remove(*, finding: Finding, actor: Any) -> None:
    """Remove a finding recorded by mistake (while findings may still be written)."""
    supervision = Supervision.objects.get(pk=finding.supervision_id)
    _require_manager(actor, supervision)
    if supervision.status not in FINDING_STATES:
        message = _("Kết quả giám sát chỉ được bỏ trước khi gửi kiến nghị.")
        raise ValidationFailed(message, fields={"content": message})
    with transaction.atomic():
        text = finding.content
        finding.delete()
        _touch(supervision)
        audit_record(
            actor=actor,
            verb="supervision.finding_remove",
            target=supervision,
            changes={"finding": (text[:500], None)},
        )


def recommendation_remove(*, recommendation: Recommendation, actor: Any) -> None:
    """Remove a drafted recommendation (one already sent stays on record)."""
    supervision = Supervision.objects.get(pk=recommendation.supervision_id)
    _require_manager(actor, supervision)
    if recommendation.status != RecommendationStatus.DRAFT:
        message = _("Chỉ bỏ được kiến nghị dự thảo chưa gửi.")
        raise ValidationFailed(message, fields={"content": message})
    with transaction.atomic():
        text = recommendation.content
        recommendation.delete()
        _touch(supervision)
        audit_record(
            actor=actor,
            verb="supervision.recommendation_remove",
            target=supervision,
            changes={"recommendation": (text[:500], None)},
        )


def recommendation_answer(
    *,
    recommendation: Recommendation,
    actor: Any,
    text: str,
    result: str,
    expected_version: int,
    answered_on: dt.date | None = None,
    file: FileLike | None = None,
) -> Recommendation:
    """Record the addressee's answer (text, date, accepted / partly / not accepted, a file);
    the answer obligation leaves the board (done on the answer day)."""
    if not permissions.can_answer(actor, recommendation):
        raise PermissionDenied(
            _(
                "Chỉ cán bộ, lãnh đạo của cơ quan nhận kiến nghị (hoặc cơ quan cấp trên) mới ghi "
                "được nội dung trả lời."
            )
        )
    if recommendation.status != RecommendationStatus.AWAITING:
        message = _("Kiến nghị này không ở trạng thái chờ trả lời.")
        raise ValidationFailed(message, fields={"text": message})
    body = clean_text(
        text, field="text", limit=TEXT_MAX, required=_("Nhập nội dung trả lời."), multiline=True
    )
    if result not in AnswerResult.values:
        message = _("Chọn kết quả: tiếp thu, tiếp thu một phần hoặc không tiếp thu.")
        raise ValidationFailed(message, fields={"result": message})
    day = act_date(answered_on, not_before=recommendation.sent_on, label=_("Ngày trả lời"))
    checked = files_check([file], limit=1, field="file")[0] if file is not None else None
    if expected_version != recommendation.version:
        raise conflict(_RECOMMENDATION)
    values: dict[str, Any] = {
        "status": RecommendationStatus.ANSWERED,
        "answer_text": body,
        "answer_result": result,
        "answered_on": day,
        "answered_by": actor if getattr(actor, "pk", None) else None,
    }
    supervision = Supervision.objects.get(pk=recommendation.supervision_id)
    with transaction.atomic():
        if not versioned_update(recommendation, expected_version=expected_version, **values):
            raise conflict(_RECOMMENDATION)
        if checked is not None:
            recommendation.answer_file.save(checked.name, ContentFile(checked.data), save=False)
            Recommendation.objects.filter(pk=recommendation.pk).update(
                answer_file=recommendation.answer_file.name,
                answer_file_name=checked.name,
                answer_file_type=checked.content_type,
            )
            recommendation.answer_file_name = checked.name
            recommendation.answer_file_type = checked.content_type
        _touch(supervision)
        audit_record(
            actor=actor,
            verb="supervision.recommendation_answer",
            target=supervision,
            changes={
                "recommendation": (None, recommendation.pk),
                "answered_on": (None, plain(day)),
                "answer_result": (None, result),
                "late": (
                    None,
                    bool(recommendation.answer_due and day > recommendation.answer_due),
                ),
                "file": (None, checked.sha256 if checked else None),
            },
        )
        supervision_deadlines_sync(supervision)
    return recommendation


def recommendation_assess(
    *,
    recommendation: Recommendation,
    actor: Any,
    assessment: str,
    expected_version: int,
    note: str = "",
    follow_up: str = "",
    on: dt.date | None = None,
) -> Recommendation:
    """The supervising body judges an answer: satisfactory, or not — then `follow_up` is the
    re-recommendation, sent at once to the same addressee (a new answer deadline)."""
    supervision = Supervision.objects.select_related("organization").get(
        pk=recommendation.supervision_id
    )
    _require_manager(actor, supervision)
    if recommendation.status != RecommendationStatus.ANSWERED:
        message = _("Chỉ đánh giá được kiến nghị đã có trả lời và chưa được đánh giá.")
        raise ValidationFailed(message, fields={"assessment": message})
    if assessment not in Assessment.values:
        message = _("Chọn đánh giá: đạt yêu cầu hoặc kiến nghị lại.")
        raise ValidationFailed(message, fields={"assessment": message})
    note_text = clean_text(note, field="note", limit=1000)
    follow_text = ""
    if assessment == Assessment.FOLLOW_UP:
        if supervision.status != SupervisionStatus.RECOMMENDATIONS_SENT:
            message = _("Cuộc giám sát đã kết thúc: không kiến nghị lại được.")
            raise ValidationFailed(message, fields={"assessment": message})
        follow_text = clean_text(
            follow_up,
            field="follow_up",
            limit=TEXT_MAX,
            required=_("Nhập nội dung kiến nghị lại."),
            multiline=True,
        )
    day = act_date(on, not_before=recommendation.answered_on, label=_("Ngày đánh giá"))
    if expected_version != recommendation.version:
        raise conflict(_RECOMMENDATION)
    status = (
        RecommendationStatus.SATISFACTORY
        if assessment == Assessment.SATISFACTORY
        else RecommendationStatus.FOLLOWED_UP
    )
    with transaction.atomic():
        if not versioned_update(
            recommendation,
            expected_version=expected_version,
            status=status,
            assessment=assessment,
            assessment_note=note_text,
            assessed_on=day,
        ):
            raise conflict(_RECOMMENDATION)
        audit_record(
            actor=actor,
            verb="supervision.recommendation_assess",
            target=supervision,
            changes={
                "recommendation": (None, recommendation.pk),
                "assessment": (None, assessment),
                "note": (None, note_text or None),
            },
        )
        if follow_text:
            recommendation_add(
                supervision=supervision,
                actor=actor,
                addressee_id=int(recommendation.addressee_id),
                content=follow_text,
                on=day,
                follow_up_of=recommendation,
            )
        else:
            _touch(supervision)
    return recommendation


__all__ = [
    "finding_add",
    "finding_remove",
    "recommendation_add",
    "recommendation_answer",
    "recommendation_assess",
    "recommendation_remove",
    "supervision_create",
    "supervision_transition",
    "supervision_update",
    "today",
]
