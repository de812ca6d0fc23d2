"""Writes of the oversight boards: set up a board and its term, edit it, end it; members and
their replacements; plans and their items; supervision records with attachments;
recommendations, the addressee's answer and the board's assessment.

Every write checks permission and input first, then changes rows inside one transaction with
its audit record (on the board); the board and recommendations carry `version` (a lost race is
a `Conflict`). Answer deadlines are re-derived in the same transaction
(`boards.deadlines.board_deadlines_sync`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from danvan.boards import permissions
from danvan.boards.deadlines import board_deadlines_sync, term_end, term_rule
from danvan.boards.inputs import BoardInput, MemberInput, PlanInput, PlanItemInput, RecordInput
from danvan.boards.models import (
    Board,
    BoardMember,
    Plan,
    PlanItem,
    Recommendation,
    RecordFile,
    SupervisionRecord,
)
from danvan.boards.states import (
    Assessment,
    BoardKind,
    BoardStatus,
    MemberRole,
    PlanKind,
    RecommendationStatus,
)
from danvan.core.documents import short_date
from danvan.core.errors import Conflict, PermissionDenied, ValidationFailed
from danvan.core.files import files_check
from danvan.core.models import Organization, OrgKind, OrgLevel
from danvan.core.services.audit import audit_record
from danvan.core.services.common import today
from danvan.core.services.inputs import clean_reason, clean_text
from danvan.core.services.versioning import versioned_update

TEXT_MAX = 20_000
EARLIEST = dt.date(2000, 1, 1)
_BOARD = gettext_noop("Ban giám sát")
_RECOMMENDATION = gettext_noop("Kiến nghị")


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _conflict(what: str) -> Conflict:
    message = _(
        "{what} vừa được người khác cập nhật: tải lại trang để xem thay đổi rồi thực hiện lại."
    ).format(what=_(what))
    return Conflict(message, fields={"expected_version": message})


def _date(day: Any, *, field: str, label: str, future_years: int = 10) -> dt.date:
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        message = _("Nhập {what} (ngày/tháng/năm).").format(what=label)
        raise ValidationFailed(message, fields={field: message})
    latest = today().replace(year=today().year + future_years)
    if not EARLIEST <= day <= latest:
        message = _("{what} phải trong khoảng từ {low} đến {high}.").format(
            what=label[:1].upper() + label[1:], low=short_date(EARLIEST), high=short_date(latest)
        )
        raise ValidationFailed(message, fields={field: message})
    return day


def _past(day: Any, *, field: str, label: str, not_before: dt.date | None = None) -> dt.date:
    """The date of something done: not in the future, not before `not_before`."""
    value = _date(day or today(), field=field, label=label)
    if value > today():
        message = _("{what} không được sau hôm nay.").format(what=label[:1].upper() + label[1:])
        raise ValidationFailed(message, fields={field: message})
    if not_before is not None and value < not_before:
        message = _("{what} không được trước ngày {day}.").format(
            what=label[:1].upper() + label[1:], day=short_date(not_before)
        )
        raise ValidationFailed(message, fields={field: message})
    return value


def _require_manager(actor: Any, board: Board) -> None:
    if not permissions.can_manage(actor, board):
        raise PermissionDenied(
            _(
                "Bạn không có quyền thực hiện việc này: cần vai trò Mặt trận, cán bộ hoặc lãnh "
                "đạo tại Ủy ban Mặt trận Tổ quốc cấp xã của ban hoặc cấp trên."
            )
        )


def _require_active(board: Board, field: str) -> None:
    if board.status != BoardStatus.ACTIVE:
        message = _("Ban đã kết thúc hoạt động: không ghi thêm được.")
        raise ValidationFailed(message, fields={field: message})


def _touch(board: Board) -> None:
    """Bump the board's version after a change to its parts, so a form read before it is
    refused as a conflict."""
    Board.objects.filter(pk=board.pk).update(version=F("version") + 1)
    board.version += 1


def _organization(org_id: int | None, *, field: str, required: str) -> Organization:
    if not org_id:
        raise ValidationFailed(required, fields={field: required})
    org = Organization.objects.filter(pk=org_id, is_active=True).first()
    if org is None:
        message = _("Cơ quan, đơn vị không tồn tại hoặc đã ngừng hoạt động.")
        raise ValidationFailed(message, fields={field: message})
    return org


def _province_id(org: Organization) -> int | None:
    area = org.area
    if area is None:
        return None
    return int(area.parent_id) if area.parent_id is not None else int(area.pk)


def _same_province(board: Board, org: Organization, *, field: str) -> None:
    """A board supervises bodies of its own province (its commune, the province's agencies,
    investors): refuse a body of another province."""
    board_province = _province_id(board.front)
    if org.area_id is not None and _province_id(org) != board_province:
        message = _("“{name}” ở tỉnh khác với địa bàn của ban.").format(name=org.name)
        raise ValidationFailed(message, fields={field: message})


# --- Boards ---------------------------------------------------------------------------------


def _term(kind: str, term_from: Any, term_to: Any) -> tuple[dt.date, dt.date, str]:
    start = _date(term_from, field="term_from", label=_("ngày bắt đầu nhiệm kỳ"))
    rule = term_rule(kind, start)
    if rule is None:
        message = _("Không có quy định nhiệm kỳ áp dụng cho ngày bắt đầu này.")
        raise ValidationFailed(message, fields={"term_from": message})
    if rule.years is not None:
        return start, term_end(start, rule.years), rule.rule_id
    end = _date(term_to, field="term_to", label=_("ngày kết thúc nhiệm kỳ"))
    if end < start:
        message = _("Ngày kết thúc nhiệm kỳ không được trước ngày bắt đầu.")
        raise ValidationFailed(message, fields={"term_to": message})
    return start, end, rule.rule_id


def _board_values(data: BoardInput, front: Organization) -> dict[str, Any]:
    term_from, term_to, rule_id = _term(data.kind, data.term_from, data.term_to)
    project = clean_text(data.project, field="project", limit=500)
    if data.kind == BoardKind.INVESTMENT and not project:
        message = _("Ban giám sát đầu tư của cộng đồng: nhập dự án, công trình được giám sát.")
        raise ValidationFailed(message, fields={"project": message})
    decision_date = None
    if data.decision_date is not None:
        decision_date = _date(data.decision_date, field="decision_date", label=_("ngày công nhận"))
    name = clean_text(data.name, field="name", limit=300)
    if not name:
        place = front.area.name if front.area is not None else front.name
        name = f"{BoardKind(data.kind).label} {place}"
        if data.kind == BoardKind.INVESTMENT:
            name = f"{name} — {project}"[:300]
    return {
        "name": name,
        "term_from": term_from,
        "term_to": term_to,
        "term_rule": rule_id,
        "project": project if data.kind == BoardKind.INVESTMENT else "",
        "project_investor": clean_text(data.project_investor, field="project_investor", limit=300)
        if data.kind == BoardKind.INVESTMENT
        else "",
        "decision_number": clean_text(data.decision_number, field="decision_number", limit=60),
        "decision_date": decision_date,
    }


def board_create(*, actor: Any, data: BoardInput) -> Board:
    """Set up a board led by the commune Front committee `data.front_id` (which recognises it);
    the people's inspection board's term follows `data/terms.json`."""
    if data.kind not in BoardKind.values:
        message = _("Chọn loại ban: Ban thanh tra nhân dân hoặc Ban giám sát đầu tư của cộng đồng.")
        raise ValidationFailed(message, fields={"kind": message})
    front = _organization(
        data.front_id, field="front", required=_("Chọn Ủy ban Mặt trận Tổ quốc cấp xã.")
    )
    if front.kind != OrgKind.FRONT or front.level != OrgLevel.COMMUNE or front.area is None:
        message = _("Ban do Ủy ban Mặt trận Tổ quốc Việt Nam cấp xã chỉ đạo: chọn Mặt trận cấp xã.")
        raise ValidationFailed(message, fields={"front": message})
    if not permissions.can_manage_at(actor, front):
        raise PermissionDenied(_("Bạn không có quyền lập ban của Mặt trận cấp xã này."))
    commune = (
        Organization.objects.filter(
            area_id=front.area_id,
            kind=OrgKind.PEOPLES_COMMITTEE,
            level=OrgLevel.COMMUNE,
            is_active=True,
        )
        .order_by("id")
        .first()
    )
    if commune is None:
        message = _("Chưa có Ủy ban nhân dân của xã, phường này trong danh mục cơ quan.")
        raise ValidationFailed(message, fields={"front": message})
    values = _board_values(data, front)
    if (
        data.kind == BoardKind.PEOPLE_INSPECTION
        and Board.objects.filter(
            front=front, kind=BoardKind.PEOPLE_INSPECTION, status=BoardStatus.ACTIVE
        ).exists()
    ):
        message = _(
            "Xã, phường này đang có Ban thanh tra nhân dân: kết thúc hoạt động của ban cũ "
            "trước khi lập ban nhiệm kỳ mới."
        )
        raise ValidationFailed(message, fields={"kind": message})
    try:
        with transaction.atomic():
            board = Board.objects.create(
                kind=data.kind,
                front=front,
                commune=commune,
                area_id=int(front.area.pk),
                created_by=actor if getattr(actor, "pk", None) else None,
                **values,
            )
            audit_record(
                actor=actor,
                verb="board.create",
                target=board,
                changes={
                    "kind": (None, board.kind),
                    "front": (None, front.code),
                    **{k: (None, _plain(v)) for k, v in values.items() if v not in ("", None)},
                },
            )
    except IntegrityError:
        message = _("Xã, phường này đang có Ban thanh tra nhân dân.")
        raise ValidationFailed(message, fields={"kind": message}) from None
    return board


def board_update(*, board: Board, actor: Any, data: BoardInput, expected_version: int) -> Board:
    """Change the name, term (investment boards), project and recognition decision."""
    _require_manager(actor, board)
    _require_active(board, "name")
    data.kind = board.kind
    values = _board_values(data, board.front)
    changes = {
        k: (_plain(getattr(board, k)), _plain(v))
        for k, v in values.items()
        if getattr(board, k) != v
    }
    if not changes:
        return board
    if expected_version != board.version:
        raise _conflict(_BOARD)
    with transaction.atomic():
        if not versioned_update(board, expected_version=expected_version, **values):
            raise _conflict(_BOARD)
        audit_record(actor=actor, verb="board.update", target=board, changes=changes)
    return board


def board_end(
    *, board: Board, actor: Any, reason: str, expected_version: int, on: dt.date | None = None
) -> Board:
    """End the board's activity (term over, works finished, dissolved): open answer
    obligations are cancelled."""
    _require_manager(actor, board)
    if board.status != BoardStatus.ACTIVE:
        message = _("Ban đã kết thúc hoạt động.")
        raise ValidationFailed(message, fields={"reason": message}, code="illegal_transition")
    text = clean_reason(reason)
    day = _past(on, field="on", label=_("ngày kết thúc hoạt động"), not_before=board.term_from)
    if expected_version != board.version:
        raise _conflict(_BOARD)
    with transaction.atomic():
        if not versioned_update(
            board,
            expected_version=expected_version,
            status=BoardStatus.ENDED,
            ended_on=day,
            status_note=text,
        ):
            raise _conflict(_BOARD)
        BoardMember.objects.filter(board=board, to_on__isnull=True, from_on__lte=day).update(
            to_on=day
        )
        audit_record(
            actor=actor,
            verb="board.end",
            target=board,
            changes={
                "status": (BoardStatus.ACTIVE.value, BoardStatus.ENDED.value),
                "ended_on": (None, day.isoformat()),
                "reason": (None, text),
            },
        )
        board_deadlines_sync(board)
    return board


# --- Members --------------------------------------------------------------------------------


def member_add(*, board: Board, actor: Any, data: MemberInput) -> BoardMember:
    """Add a member (elected, or replacing `data.replaces_id`, whose membership then ends the
    day before). A board has one current head at a time."""
    _require_manager(actor, board)
    _require_active(board, "full_name")
    name = clean_text(data.full_name, field="full_name", limit=200, required=_("Nhập họ và tên."))
    if data.role not in MemberRole.values:
        message = _("Chọn chức danh: Trưởng ban, Phó Trưởng ban hoặc thành viên.")
        raise ValidationFailed(message, fields={"role": message})
    from_on = _date(data.from_on, field="from_on", label=_("ngày bắt đầu"))
    if from_on < board.term_from or from_on > board.term_to:
        message = _("Ngày bắt đầu phải trong nhiệm kỳ của ban ({a} – {b}).").format(
            a=short_date(board.term_from), b=short_date(board.term_to)
        )
        raise ValidationFailed(message, fields={"from_on": message})
    replaced: BoardMember | None = None
    if data.replaces_id:
        replaced = BoardMember.objects.filter(
            pk=data.replaces_id, board=board, to_on__isnull=True
        ).first()
        if replaced is None:
            message = _("Chọn một thành viên đang trong ban để thay thế.")
            raise ValidationFailed(message, fields={"replaces": message})
        if from_on <= replaced.from_on:
            message = _("Người thay thế phải bắt đầu sau ngày {day}.").format(
                day=short_date(replaced.from_on)
            )
            raise ValidationFailed(message, fields={"from_on": message})
    if data.role == MemberRole.HEAD:
        heads = BoardMember.objects.filter(board=board, role=MemberRole.HEAD, to_on__isnull=True)
        if replaced is not None:
            heads = heads.exclude(pk=replaced.pk)
        if heads.exists():
            message = _("Ban đã có Trưởng ban: chọn thay thế Trưởng ban hiện tại.")
            raise ValidationFailed(message, fields={"role": message})
    with transaction.atomic():
        if replaced is not None:
            BoardMember.objects.filter(pk=replaced.pk).update(
                to_on=from_on - dt.timedelta(days=1),
                end_reason=_("Được thay thế bởi {name}").format(name=name)[:1000],
            )
        member = BoardMember.objects.create(
            board=board,
            full_name=name,
            role=data.role,
            representing=clean_text(data.representing, field="representing", limit=200),
            from_on=from_on,
            replaces=replaced,
        )
        _touch(board)
        audit_record(
            actor=actor,
            verb="board.member_add",
            target=board,
            changes={
                "member": (None, name),
                "role": (None, data.role),
                "from_on": (None, from_on.isoformat()),
                "replaces": (None, replaced.full_name if replaced else None),
            },
        )
    return member


def member_end(
    *, member: BoardMember, actor: Any, reason: str, on: dt.date | None = None
) -> BoardMember:
    """A member leaves the board (resigned, moved away, dismissed) without a replacement yet."""
    board = Board.objects.select_related("front").get(pk=member.board_id)
    _require_manager(actor, board)
    if member.to_on is not None:
        message = _("Thành viên này đã thôi tham gia ban.")
        raise ValidationFailed(message, fields={"reason": message})
    text = clean_reason(reason)
    day = _past(on, field="on", label=_("ngày thôi"), not_before=member.from_on)
    with transaction.atomic():
        BoardMember.objects.filter(pk=member.pk).update(to_on=day, end_reason=text)
        member.to_on, member.end_reason = day, text
        _touch(board)
        audit_record(
            actor=actor,
            verb="board.member_end",
            target=board,
            changes={"member": (member.full_name, None), "reason": (None, text)},
        )
    return member


# --- Plans ----------------------------------------------------------------------------------


def plan_create(*, board: Board, actor: Any, data: PlanInput) -> Plan:
    _require_manager(actor, board)
    _require_active(board, "title")
    if data.kind not in PlanKind.values:
        message = _("Chọn loại kế hoạch: năm hoặc đột xuất.")
        raise ValidationFailed(message, fields={"kind": message})
    if (
        not isinstance(data.year, int)
        or not board.term_from.year <= data.year <= board.term_to.year
    ):
        message = _("Năm kế hoạch phải trong nhiệm kỳ của ban ({a}–{b}).").format(
            a=board.term_from.year, b=board.term_to.year
        )
        raise ValidationFailed(message, fields={"year": message})
    title = clean_text(data.title, field="title", limit=300, required=_("Nhập tên kế hoạch."))
    approved = None
    if data.approved_on is not None:
        approved = _date(data.approved_on, field="approved_on", label=_("ngày ban hành"))
    with transaction.atomic():
        plan = Plan.objects.create(
            board=board,
            kind=data.kind,
            year=data.year,
            title=title,
            approved_on=approved,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        _touch(board)
        audit_record(
            actor=actor,
            verb="board.plan_create",
            target=board,
            changes={"plan": (None, title), "year": (None, data.year), "kind": (None, data.kind)},
        )
    return plan


def plan_item_add(*, plan: Plan, actor: Any, data: PlanItemInput) -> PlanItem:
    board = Board.objects.select_related("front").get(pk=plan.board_id)
    _require_manager(actor, board)
    _require_active(board, "content")
    content = clean_text(
        data.content, field="content", limit=1000, required=_("Nhập nội dung giám sát.")
    )
    starts = _date(data.starts_on, field="starts_on", label=_("thời gian bắt đầu"))
    ends = None
    if data.ends_on is not None:
        ends = _date(data.ends_on, field="ends_on", label=_("thời gian kết thúc"))
        if ends < starts:
            message = _("Thời gian kết thúc không được trước thời gian bắt đầu.")
            raise ValidationFailed(message, fields={"ends_on": message})
    with transaction.atomic():
        position = int(plan.items.aggregate(m=Max("position"))["m"] or 0) + 1
        item = PlanItem.objects.create(
            plan=plan,
            position=position,
            content=content,
            place=clean_text(data.place, field="place", limit=300),
            starts_on=starts,
            ends_on=ends,
        )
        _touch(board)
        audit_record(
            actor=actor,
            verb="board.plan_item_add",
            target=board,
            changes={"plan": (None, plan.title), "item": (None, content[:500])},
        )
    return item


# --- Supervision records --------------------------------------------------------------------


def record_create(*, board: Board, actor: Any, data: RecordInput) -> SupervisionRecord:
    """Record a supervision the board carried out: subject, content, findings, files."""
    _require_manager(actor, board)
    _require_active(board, "subject")
    held_on = _past(
        data.held_on, field="held_on", label=_("ngày giám sát"), not_before=board.term_from
    )
    subject = clean_text(
        data.subject, field="subject", limit=500, required=_("Nhập đối tượng giám sát.")
    )
    content = clean_text(
        data.content,
        field="content",
        limit=TEXT_MAX,
        required=_("Nhập nội dung giám sát."),
        multiline=True,
    )
    findings = clean_text(data.findings, field="findings", limit=TEXT_MAX, multiline=True)
    subject_org = None
    if data.subject_org_id:
        subject_org = _organization(data.subject_org_id, field="subject_org", required="")
        _same_province(board, subject_org, field="subject_org")
    plan_item = None
    if data.plan_item_id:
        plan_item = PlanItem.objects.filter(pk=data.plan_item_id, plan__board=board).first()
        if plan_item is None:
            message = _("Nội dung kế hoạch không thuộc ban này.")
            raise ValidationFailed(message, fields={"plan_item": message})
    checked = files_check(list(data.files), field="files") if data.files else []
    recommendations = [
        _recommendation_clean(board, addressee_id, text)
        for addressee_id, text in data.recommendations
    ]
    with transaction.atomic():
        record = SupervisionRecord.objects.create(
            board=board,
            plan_item=plan_item,
            held_on=held_on,
            subject=subject,
            subject_org=subject_org,
            content=content,
            findings=findings,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        for f in checked:
            row = RecordFile(
                record=record,
                name=f.name,
                content_type=f.content_type,
                size=f.size,
                sha256=f.sha256,
                description=f.description[:300],
            )
            row.file.save(f.name, ContentFile(f.data), save=False)
            row.save()
        _touch(board)
        audit_record(
            actor=actor,
            verb="board.record_create",
            target=board,
            changes={
                "record": (None, record.pk),
                "held_on": (None, held_on.isoformat()),
                "subject": (None, subject),
                "files": (None, [f.sha256 for f in checked] or None),
            },
        )
        for addressee, text in recommendations:
            _recommend(record, board, actor, addressee, text, held_on, None)
        if recommendations:
            board_deadlines_sync(board)
    return record


def _recommendation_clean(
    board: Board, addressee_id: int | None, content: str
) -> tuple[Organization, str]:
    addressee = _organization(
        addressee_id, field="addressee", required=_("Chọn cơ quan nhận kiến nghị.")
    )
    _same_province(board, addressee, field="addressee")
    text = clean_text(
        content,
        field="content",
        limit=TEXT_MAX,
        required=_("Nhập nội dung kiến nghị."),
        multiline=True,
    )
    return addressee, text


def _recommend(
    record: SupervisionRecord,
    board: Board,
    actor: Any,
    addressee: Organization,
    text: str,
    day: dt.date,
    follow_up_of: Recommendation | None,
) -> Recommendation:
    rec = Recommendation.objects.create(
        record=record,
        board=board,
        addressee=addressee,
        content=text,
        sent_on=day,
        follow_up_of=follow_up_of,
    )
    audit_record(
        actor=actor,
        verb="board.recommendation_add",
        target=board,
        changes={
            "recommendation": (None, text[:500]),
            "addressee": (None, addressee.code),
            "sent_on": (None, day.isoformat()),
            "follow_up_of": (None, follow_up_of.pk if follow_up_of else None),
        },
    )
    return rec


def recommendation_add(
    *,
    record: SupervisionRecord,
    actor: Any,
    addressee_id: int | None,
    content: str,
    sent_on: dt.date | None = None,
    follow_up_of: Recommendation | None = None,
) -> Recommendation:
    """Send a recommendation of the record to `addressee_id` on `sent_on` (default today):
    its answer deadline starts that day and shows on the overdue board."""
    board = Board.objects.select_related("front__area").get(pk=record.board_id)
    _require_manager(actor, board)
    _require_active(board, "content")
    addressee, text = _recommendation_clean(board, addressee_id, content)
    not_before = follow_up_of.answered_on if follow_up_of is not None else record.held_on
    day = _past(sent_on, field="sent_on", label=_("ngày gửi kiến nghị"), not_before=not_before)
    with transaction.atomic():
        rec = _recommend(record, board, actor, addressee, text, day, follow_up_of)
        _touch(board)
        board_deadlines_sync(board)
    rec.refresh_from_db()
    return rec


def recommendation_answer(
    *,
    recommendation: Recommendation,
    actor: Any,
    text: str,
    expected_version: int,
    answered_on: dt.date | None = None,
    signer: str = "",
) -> Recommendation:
    """The addressee's answer (text, date, who signed it): the obligation is done that day."""
    if not permissions.can_answer(actor, recommendation):
        raise PermissionDenied(
            _(
                "Chỉ cán bộ, lãnh đạo của cơ quan nhận kiến nghị (hoặc cơ quan cấp trên) mới ghi "
                "được nội dung trả lời."
            )
        )
    if recommendation.status != RecommendationStatus.AWAITING:
        message = _("Kiến nghị này không ở trạng thái chờ trả lời.")
        raise ValidationFailed(message, fields={"text": message}, code="illegal_transition")
    body = clean_text(
        text, field="text", limit=TEXT_MAX, required=_("Nhập nội dung trả lời."), multiline=True
    )
    day = _past(
        answered_on, field="answered_on", label=_("ngày trả lời"), not_before=recommendation.sent_on
    )
    signer_text = clean_text(signer, field="signer", limit=200)
    if expected_version != recommendation.version:
        raise _conflict(_RECOMMENDATION)
    board = Board.objects.get(pk=recommendation.board_id)
    with transaction.atomic():
        if not versioned_update(
            recommendation,
            expected_version=expected_version,
            status=RecommendationStatus.ANSWERED,
            answer_text=body,
            answered_on=day,
            answer_signer=signer_text,
            answered_by=actor if getattr(actor, "pk", None) else None,
        ):
            raise _conflict(_RECOMMENDATION)
        _touch(board)
        audit_record(
            actor=actor,
            verb="board.recommendation_answer",
            target=board,
            changes={
                "recommendation": (None, recommendation.pk),
                "answered_on": (None, day.isoformat()),
                "signer": (None, signer_text or None),
                "late": (None, bool(recommendation.answer_due and day > recommendation.answer_due)),
            },
        )
        board_deadlines_sync(board)
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
    """The board judges the answer: satisfied, partly or not; with `follow_up` (only when not
    fully satisfied) a new recommendation goes to the same body at once."""
    board = Board.objects.select_related("front").get(pk=recommendation.board_id)
    _require_manager(actor, board)
    if recommendation.status != RecommendationStatus.ANSWERED:
        message = _("Chỉ đánh giá được kiến nghị đã có trả lời và chưa được đánh giá.")
        raise ValidationFailed(message, fields={"assessment": message}, code="illegal_transition")
    if assessment not in Assessment.values:
        message = _("Chọn đánh giá: đồng ý, đồng ý một phần hoặc không đồng ý.")
        raise ValidationFailed(message, fields={"assessment": message})
    note_text = clean_text(note, field="note", limit=1000)
    follow_text = clean_text(follow_up, field="follow_up", limit=TEXT_MAX, multiline=True)
    if follow_text and assessment == Assessment.SATISFIED:
        message = _("Chỉ kiến nghị tiếp khi ban chưa đồng ý hoặc đồng ý một phần với trả lời.")
        raise ValidationFailed(message, fields={"follow_up": message})
    day = _past(on, field="on", label=_("ngày đánh giá"), not_before=recommendation.answered_on)
    if expected_version != recommendation.version:
        raise _conflict(_RECOMMENDATION)
    with transaction.atomic():
        if not versioned_update(
            recommendation,
            expected_version=expected_version,
            status=RecommendationStatus.ASSESSED,
            assessment=assessment,
            assessment_note=note_text,
            assessed_on=day,
        ):
            raise _conflict(_RECOMMENDATION)
        audit_record(
            actor=actor,
            verb="board.recommendation_assess",
            target=board,
            changes={
                "recommendation": (None, recommendation.pk),
                "assessment": (None, assessment),
                "note": (None, note_text or None),
            },
        )
        if follow_text:
            record = SupervisionRecord.objects.get(pk=recommendation.record_id)
            recommendation_add(
                record=record,
                actor=actor,
                addressee_id=int(recommendation.addressee_id),
                content=follow_text,
                sent_on=day,
                follow_up_of=recommendation,
            )
        else:
            _touch(board)
    return recommendation
