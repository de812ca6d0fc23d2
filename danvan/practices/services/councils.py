"""Evaluation councils: set up a council (against the criteria set in force on the day it
sits), record members' score sheets, close it with the computed result (`practices.scoring`).

Closing moves the model launched -> evaluated (a re-evaluation of an evaluated model keeps it
evaluated with the new result); every council is kept. Score sheets and closing are guarded by
the council's `version`, so a council closed from a page read before a late score sheet is
refused with a conflict.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from danvan.core.documents import short_date
from danvan.core.errors import PermissionDenied, ValidationFailed
from danvan.core.models import Organization, User
from danvan.core.services.audit import audit_record
from danvan.core.services.inputs import clean_text as text
from danvan.practices import permissions
from danvan.practices.inputs import CouncilInput, ScoreInput
from danvan.practices.models import (
    CouncilMember,
    CriteriaSet,
    Criterion,
    Evaluation,
    PracticeModel,
    Score,
)
from danvan.practices.scoring import CriterionSpec, council_score
from danvan.practices.services.common import (
    act_date,
    council_conflict,
    save_versioned,
)
from danvan.practices.states import COUNCIL_STATES, CouncilStatus, MemberRole, Status

MAX_MEMBERS = 25


def criteria_set_in_force(on: dt.date) -> CriteriaSet | None:
    """The criteria set version in force on `on` (latest valid_from; valid_to inclusive)."""
    return (
        CriteriaSet.objects.filter(valid_from__lte=on)
        .exclude(valid_to__lt=on)
        .order_by("-valid_from", "-version")
        .first()
    )


def evaluation_open(*, model: PracticeModel, actor: Any, data: CouncilInput) -> Evaluation:
    """Set up a council for the model (first evaluation or re-evaluation)."""
    council_org = Organization.objects.select_related("area").filter(pk=data.council_org_id).first()
    if council_org is None:
        message = _("Chọn cơ quan thành lập hội đồng.")
        raise ValidationFailed(message, fields={"council_org": message})
    if not permissions.council_covers(council_org, model):
        message = _(
            "Hội đồng phải do Ban Tuyên giáo và Dân vận hoặc Ủy ban nhân dân cùng cấp, cùng địa "
            "bàn với đơn vị đăng ký mô hình thành lập."
        )
        raise ValidationFailed(message, fields={"council_org": message})
    if not permissions.can_set_up_council(actor, model, council_org):
        raise PermissionDenied(_("Bạn không có quyền thành lập hội đồng tại cơ quan này."))
    if model.status not in COUNCIL_STATES:
        message = _("Chỉ đánh giá mô hình đang triển khai hoặc đã đánh giá (đánh giá lại).")
        raise ValidationFailed(message, fields={"council_org": message}, code="illegal_transition")
    held_on = act_date(
        data.held_on,
        field="held_on",
        label=_("Ngày họp hội đồng"),
        not_before=model.launched_on or model.registered_on,
    )
    criteria_set = criteria_set_in_force(held_on)
    if criteria_set is None or not criteria_set.criteria.exists():
        message = _("Chưa có bộ tiêu chí nào có hiệu lực vào ngày {day}.").format(
            day=short_date(held_on)
        )
        raise ValidationFailed(message, fields={"held_on": message})
    members = data.members
    if not members:
        message = _("Hội đồng cần ít nhất một thành viên chấm điểm.")
        raise ValidationFailed(message, fields={"members": message})
    if len(members) > MAX_MEMBERS:
        message = _("Hội đồng có tối đa {n} thành viên.").format(n=MAX_MEMBERS)
        raise ValidationFailed(message, fields={"members": message})
    rows: list[CouncilMember] = []
    user_ids = [m.user_id for m in members if m.user_id is not None]
    users = {u.pk: u for u in User.objects.filter(pk__in=user_ids, is_active=True)}
    if len(set(user_ids)) != len(user_ids):
        message = _("Một người chỉ là thành viên hội đồng một lần.")
        raise ValidationFailed(message, fields={"members": message})
    for i, m in enumerate(members, start=1):
        if m.role not in MemberRole.values:
            message = _("Vai trò thành viên không hợp lệ.")
            raise ValidationFailed(message, fields={"members": message})
        user = users.get(m.user_id) if m.user_id is not None else None
        if m.user_id is not None and user is None:
            message = _("Không có tài khoản thành viên này.")
            raise ValidationFailed(message, fields={"members": message})
        full_name = text(
            m.full_name or (user.full_name or user.username if user else ""),
            field="members",
            limit=200,
            required=_("Ghi họ và tên từng thành viên hội đồng."),
        )
        rows.append(
            CouncilMember(
                position=i,
                user=user,
                full_name=full_name,
                title=text(m.title, field="members", limit=250),
                role=m.role,
            )
        )
    decision = text(data.council_decision, field="council_decision", limit=120)
    try:
        with transaction.atomic():
            # Guards the model: nobody moved it (or opened another council) meanwhile.
            save_versioned(model, data.expected_version)
            last = model.evaluations.aggregate(n=Max("round"))["n"] or 0
            evaluation = Evaluation.objects.create(
                model=model,
                round=last + 1,
                council_org=council_org,
                council_decision=decision,
                criteria_set=criteria_set,
                held_on=held_on,
                created_by=actor if getattr(actor, "pk", None) else None,
            )
            for row in rows:
                row.evaluation = evaluation
            CouncilMember.objects.bulk_create(rows)
            audit_record(
                actor=actor,
                verb="practice.council_open",
                target=model,
                changes={
                    "round": (None, evaluation.round),
                    "council_org": (None, council_org.name),
                    "criteria_set": (None, str(criteria_set)),
                    "members": (None, len(rows)),
                    "held_on": (None, short_date(held_on)),
                },
            )
    except IntegrityError:
        message = _("Mô hình đang có một hội đồng chưa kết luận.")
        raise ValidationFailed(message, fields={"council_org": message}) from None
    return evaluation


def _points(raw: Any, criterion: Criterion) -> Decimal:
    field = f"points_{criterion.code}"
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        message = _("Nhập điểm bằng số cho tiêu chí “{name}”.").format(name=criterion.name)
        raise ValidationFailed(message, fields={field: message}) from None
    if not value.is_finite() or value < 0 or value > criterion.max_points:
        message = _("Điểm tiêu chí “{name}” phải từ 0 đến {max}.").format(
            name=criterion.name, max=criterion.max_points.normalize()
        )
        raise ValidationFailed(message, fields={field: message})
    if value != value.quantize(Decimal("0.01")):
        message = _("Điểm lấy tối đa 2 chữ số thập phân.")
        raise ValidationFailed(message, fields={field: message})
    return value


def score_record(*, evaluation: Evaluation, actor: Any, data: ScoreInput) -> list[Score]:
    """Record (or correct) one member's score sheet: a mark for every criterion of the set."""
    member = evaluation.members.filter(pk=data.member_id).first()
    if member is None:
        message = _("Không có thành viên này trong hội đồng.")
        raise ValidationFailed(message, fields={"member": message})
    if not permissions.can_score(actor, evaluation, member):
        raise PermissionDenied(_("Bạn không có quyền chấm điểm thay thành viên này."))
    if evaluation.status != CouncilStatus.OPEN:
        message = _("Hội đồng đã kết luận; không sửa điểm được nữa.")
        raise ValidationFailed(message, fields={"member": message}, code="council_closed")
    criteria = list(evaluation.criteria_set.criteria.order_by("position", "id"))
    marks: dict[int, Decimal] = {}
    for c in criteria:
        if c.code not in data.points or data.points[c.code] in (None, ""):
            message = _("Chấm đủ điểm mọi tiêu chí (thiếu “{name}”).").format(name=c.name)
            raise ValidationFailed(message, fields={f"points_{c.code}": message})
        marks[c.pk] = _points(data.points[c.code], c)
    unknown = set(data.points) - {c.code for c in criteria}
    if unknown:
        message = _("Tiêu chí không thuộc bộ tiêu chí của hội đồng: {codes}.").format(
            codes=", ".join(sorted(unknown))
        )
        raise ValidationFailed(message, fields={"member": message})
    with transaction.atomic():
        save_versioned(evaluation, data.expected_version, council=True)
        old = {s.criterion_id: s.points for s in member.scores.all()}
        member.scores.all().delete()
        saved = Score.objects.bulk_create(
            Score(
                member=member,
                criterion=c,
                points=marks[c.pk],
                comment=text(data.comments.get(c.code, ""), field=f"comment_{c.code}", limit=1000),
                entered_by=actor if getattr(actor, "pk", None) else None,
            )
            for c in criteria
        )
        audit_record(
            actor=actor,
            verb="practice.score",
            target=evaluation.model,
            changes={
                f"{member.full_name} — {c.code}": (
                    str(old[c.pk]) if c.pk in old else None,
                    str(marks[c.pk]),
                )
                for c in criteria
            },
        )
    return saved


def evaluation_result(evaluation: Evaluation) -> Any:
    """The computed result of a council from its score sheets (None while a sheet is missing)."""
    criteria = list(evaluation.criteria_set.criteria.order_by("position", "id"))
    members = list(evaluation.members.prefetch_related("scores__criterion"))
    sheets: list[dict[str, Decimal]] = []
    for m in members:
        sheet = {s.criterion.code: s.points for s in m.scores.all()}
        if any(c.code not in sheet for c in criteria):
            return None
        sheets.append(sheet)
    if not sheets or not criteria:
        return None
    return council_score(
        [CriterionSpec(c.code, c.weight, c.max_points) for c in criteria],
        sheets,
        evaluation.criteria_set.pass_threshold,
    )


def evaluation_close(
    *,
    evaluation: Evaluation,
    actor: Any,
    expected_version: int,
    conclusion: str = "",
    on: dt.date | None = None,
) -> Evaluation:
    """Close the council with its result; the model becomes (or stays) evaluated."""
    if not permissions.can_run_council(actor, evaluation):
        raise PermissionDenied(_("Bạn không có quyền kết luận hội đồng này."))
    if evaluation.status != CouncilStatus.OPEN:
        message = _("Hội đồng đã kết luận.")
        raise ValidationFailed(message, fields={"conclusion": message}, code="council_closed")
    model = evaluation.model
    if model.status not in (Status.LAUNCHED, Status.EVALUATED):
        message = _("Mô hình không còn ở bước đánh giá (trạng thái: {status}).").format(
            status=Status(model.status).label
        )
        raise ValidationFailed(message, fields={"conclusion": message}, code="illegal_transition")
    result = evaluation_result(evaluation)
    if result is None:
        message = _("Còn thành viên chưa chấm đủ điểm; chưa kết luận được.")
        raise ValidationFailed(message, fields={"conclusion": message}, code="scores_missing")
    closed_on = act_date(on, field="on", label=_("Ngày kết luận"), not_before=evaluation.held_on)
    conclusion = text(conclusion, field="conclusion", limit=5000, multiline=True)
    with transaction.atomic():
        save_versioned(
            evaluation,
            expected_version,
            council=True,
            status=CouncilStatus.CLOSED,
            score=result.total,
            passed=result.passed,
            breakdown={k: str(v) for k, v in result.means.items()},
            conclusion=conclusion,
            closed_on=closed_on,
        )
        fresh = PracticeModel.objects.get(pk=model.pk)
        if fresh.status not in (Status.LAUNCHED, Status.EVALUATED):
            raise council_conflict()
        old_status = fresh.status
        save_versioned(
            fresh,
            fresh.version,
            status=Status.EVALUATED,
            evaluated_on=closed_on,
            score=result.total,
            passed=result.passed,
        )
        audit_record(
            actor=actor,
            verb="practice.council_close",
            target=fresh,
            changes={
                "status": (old_status, Status.EVALUATED),
                "round": (None, evaluation.round),
                "score": (None, str(result.total)),
                "passed": (None, result.passed),
            },
        )
    evaluation.model = fresh
    return evaluation
