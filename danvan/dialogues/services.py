"""Writes of the dialogues module (conventions §1): every change goes through these.

Each service checks permission and input first (raising `core.errors`), then writes inside
`transaction.atomic` with its audit entry. Lifecycle moves and edits of the dialogue are guarded
by its `version` (`core.services.versioning.versioned_update`); adding participants, statements
and the like bumps the version too, so minutes signed from a page read before a late change
are refused with a conflict instead of leaving that change out.

Personal data of citizens (participants in the roles of `states.PRIVATE_ROLES`, what they said,
why they refused to sign) is recorded in the audit log as changed but redacted.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from danvan.core.documents import document_number_next, short_date
from danvan.core.errors import Conflict, PermissionDenied, ValidationFailed
from danvan.core.models import Membership, Organization, Task, TaskStatus, User
from danvan.core.selectors.calendar import deadline_engine
from danvan.core.services import tasks as task_services
from danvan.core.services.audit import audit_record
from danvan.core.services.common import today as _today
from danvan.core.services.inputs import clean_reason as _reason
from danvan.core.services.inputs import clean_text as _text
from danvan.core.services.versioning import versioned_update
from danvan.dialogues import legal, permissions
from danvan.dialogues.deadlines import dialogue_deadlines_sync, notice_deadline
from danvan.dialogues.inputs import (
    CommitmentInput,
    DialogueChanges,
    DialogueInput,
    ParticipantInput,
    TransitionInput,
)
from danvan.dialogues.models import (
    AgendaItem,
    Commitment,
    Dialogue,
    Minutes,
    Participant,
    Statement,
)
from danvan.dialogues.states import (
    COMMITMENT_STATES,
    PRIVATE_ROLES,
    RECORD_OPEN_STATES,
    TRANSITIONS,
    Audience,
    Kind,
    Role,
    Signature,
    Status,
    allowed_targets,
)

EARLIEST = dt.date(2000, 1, 1)
MAX_YEARS_AHEAD = 2
TEXT_MAX = 20_000
REASON_MAX = 1_000
MINUTES_SYMBOL = "BB"
# A complaint is being resolved in these states (petitions.states.Status).
COMPLAINT_OPEN = ("accepted", "verifying")
PREFILL_MAX = 10


# --- Small checks ----------------------------------------------------------------------------


def _check_date(day: Any, *, field: str = "date") -> dt.date:
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        message = _("Nhập ngày đối thoại (ngày/tháng/năm).")
        raise ValidationFailed(message, fields={field: message})
    latest = _today().replace(year=_today().year + MAX_YEARS_AHEAD)
    if not EARLIEST <= day <= latest:
        message = _("Ngày đối thoại phải trong khoảng từ {low} đến {high}.").format(
            low=short_date(EARLIEST), high=short_date(latest)
        )
        raise ValidationFailed(message, fields={field: message})
    return day


def _act_date(
    on: dt.date | None, *, not_before: dt.date | None, field: str = "on", label: str = ""
) -> dt.date:
    """The legal date of an act: default today; never in the future nor before `not_before`."""
    day = on or _today()
    if day > _today():
        message = _("{what} không được sau hôm nay.").format(what=label or _("Ngày thực hiện"))
        raise ValidationFailed(message, fields={field: message})
    if not_before is not None and day < not_before:
        message = _("{what} không được trước ngày {day}.").format(
            what=label or _("Ngày thực hiện"), day=short_date(not_before)
        )
        raise ValidationFailed(message, fields={field: message})
    return day


def _check_times(start: dt.time | None, end: dt.time | None) -> None:
    if start is not None and end is not None and end <= start:
        message = _("Giờ kết thúc phải sau giờ bắt đầu.")
        raise ValidationFailed(message, fields={"end_time": message})


def _check_legal_bases(codes: list[str] | None, kind: str) -> list[str]:
    if codes is None:
        return []
    known = legal.legal_bases()
    result: list[str] = []
    for code in codes:
        code = str(code).strip()
        if code not in known:
            message = _("Căn cứ pháp lý “{code}” không có trong danh mục.").format(code=code[:40])
            raise ValidationFailed(message, fields={"legal_bases": message})
        if code not in result:
            result.append(code)
    return result


def _check_audience(audience: str) -> str:
    if audience and audience not in Audience.values:
        message = _("Chọn đối tượng đối thoại trong danh sách.")
        raise ValidationFailed(message, fields={"audience": message})
    return audience


def require_organiser(actor: Any, dialogue: Dialogue) -> None:
    if not permissions.can_organise(actor, dialogue):
        raise PermissionDenied(
            _(
                "Bạn không có quyền tổ chức cuộc đối thoại này (cần vai trò cán bộ hoặc lãnh đạo "
                "tại cơ quan tổ chức hoặc cấp trên)."
            )
        )


def _organization_for(actor: Any, organization_id: int | None) -> Organization:
    if organization_id is not None:
        org = (
            Organization.objects.filter(pk=organization_id, is_active=True)
            .select_related("area")
            .first()
        )
        if org is None or not permissions.can_organise_at(actor, org):
            message = _(
                "Không có cơ quan này hoặc bạn không được tổ chức đối thoại cho cơ quan này."
            )
            raise ValidationFailed(message, fields={"organization": message})
        return org
    ids = sorted(
        {
            m.organization_id
            for m in Membership.objects.filter(
                user_id=int(getattr(actor, "pk", 0) or 0), role__in=permissions.ORGANISER_ROLES
            )
        }
    )
    orgs = list(Organization.objects.filter(pk__in=ids, is_active=True).select_related("area")[:2])
    if not orgs:
        raise PermissionDenied(
            _(
                "Bạn chưa có vai trò cán bộ hoặc lãnh đạo ở cơ quan nào nên chưa tổ chức đối thoại "
                "được."
            )
        )
    if len(orgs) > 1:
        message = _("Bạn làm việc ở nhiều cơ quan: chọn cơ quan tổ chức đối thoại.")
        raise ValidationFailed(message, fields={"organization": message})
    return orgs[0]


def _petition_for(actor: Any, petition_id: int | None) -> Any:
    """The complaint a complaint dialogue belongs to, read through the petitions selectors."""
    from danvan.petitions.selectors import petition_get_or_none

    if petition_id is None:
        message = _("Đối thoại giải quyết khiếu nại phải gắn với một đơn khiếu nại đã thụ lý.")
        raise ValidationFailed(message, fields={"petition": message})
    petition = petition_get_or_none(user=actor, pk=petition_id)
    if petition is None:
        message = _("Không tìm thấy đơn khiếu nại này (hoặc bạn không có quyền xem).")
        raise ValidationFailed(message, fields={"petition": message})
    if petition.kind != "complaint":
        message = _("Hồ sơ {case} không phải đơn khiếu nại.").format(case=petition.case_number)
        raise ValidationFailed(message, fields={"petition": message})
    if petition.status not in COMPLAINT_OPEN:
        message = _(
            "Hồ sơ {case} không ở giai đoạn giải quyết (đã thụ lý hoặc đang xác minh) nên không "
            "tổ chức đối thoại được."
        ).format(case=petition.case_number)
        raise ValidationFailed(message, fields={"petition": message})
    upcoming = (
        Dialogue.objects.filter(
            petition_id=petition.pk, status__in=[Status.PLANNED, Status.NOTIFIED]
        )
        .order_by("date")
        .first()
    )
    if upcoming is not None:
        message = _("Hồ sơ {case} đã có cuộc đối thoại được lên lịch ngày {day}.").format(
            case=petition.case_number, day=short_date(upcoming.date)
        )
        raise ValidationFailed(message, fields={"petition": message})
    return petition


def _check_annual(org: Organization, year: int, *, exclude: int | None = None) -> None:
    if org.level != "commune" or org.area is None:
        message = _(
            "Hội nghị đối thoại hằng năm do Ủy ban nhân dân cấp xã tổ chức: chọn cơ quan cấp xã."
        )
        raise ValidationFailed(message, fields={"organization": message})
    existing = Dialogue.objects.filter(kind=Kind.ANNUAL, area_id=org.area_id, year=year).exclude(
        status=Status.CANCELLED
    )
    if exclude is not None:
        existing = existing.exclude(pk=exclude)
    first = existing.first()
    if first is not None:
        message = _(
            "{area} đã có hội nghị đối thoại hằng năm {year} (ngày {day}): mỗi xã một hội nghị "
            "mỗi năm. Sửa hội nghị đó, hoặc hủy nó trước khi lên lịch hội nghị khác."
        ).format(area=org.area.full_name, year=year, day=short_date(first.date))
        raise ValidationFailed(message, fields={"date": message})


def _conflict() -> Conflict:
    message = _(
        "Cuộc đối thoại vừa được người khác cập nhật: tải lại trang để xem thay đổi rồi thực hiện "
        "lại."
    )
    return Conflict(message, fields={"expected_version": message})


def _save_versioned(dialogue: Dialogue, expected_version: int, **values: Any) -> None:
    if expected_version != dialogue.version or not versioned_update(
        dialogue, expected_version=expected_version, **values
    ):
        raise _conflict()


def _touch(dialogue: Dialogue) -> None:
    """Bump the version after a change to the dialogue's parts (participants, statements...),
    so a move or edit prepared from a page read before this change is refused as a conflict."""
    Dialogue.objects.filter(pk=dialogue.pk).update(version=F("version") + 1)
    dialogue.version = int(
        Dialogue.objects.filter(pk=dialogue.pk).values_list("version", flat=True).get()
    )


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def _person_changes(role: str, name: str, address: str = "") -> tuple[dict[str, Any], list[str]]:
    changes: dict[str, Any] = {"role": (None, role), "full_name": (None, name)}
    if address:
        changes["address"] = (None, address)
    redact = ["full_name", "address"] if role in PRIVATE_ROLES else []
    return changes, redact


def _next_position(qs: Any) -> int:
    return int(qs.aggregate(m=Max("position"))["m"] or 0) + 1


# --- The dialogue ----------------------------------------------------------------------------


def dialogue_create(*, actor: Any, data: DialogueInput) -> Dialogue:
    """Schedule a dialogue (status planned) and put its notice deadline on the board."""
    if data.kind not in Kind.values:
        message = _("Chọn loại đối thoại.")
        raise ValidationFailed(message, fields={"kind": message})
    petition = None
    organization_id = data.organization_id
    if data.kind == Kind.COMPLAINT:
        petition = _petition_for(actor, data.petition_id)
        if organization_id is None:
            organization_id = petition.organization_id
    org = _organization_for(actor, organization_id)
    topic = _text(
        data.topic, field="topic", limit=300, required=_("Nhập nội dung (chủ đề) đối thoại.")
    )
    place = _text(data.place, field="place", limit=300, required=_("Nhập địa điểm đối thoại."))
    chair = _text(
        data.chair_name, field="chair_name", limit=200, required=_("Nhập họ tên người chủ trì.")
    )
    chair_position = _text(data.chair_position, field="chair_position", limit=200)
    description = _text(data.description, field="description", limit=TEXT_MAX, multiline=True)
    note = _text(data.legal_basis_note, field="legal_basis_note", limit=500)
    day = _check_date(data.date)
    _check_times(data.start_time, data.end_time)
    audience = _check_audience(data.audience)
    if data.kind == Kind.ANNUAL:
        _check_annual(org, day.year)
    bases = (
        _check_legal_bases(data.legal_bases, data.kind)
        if data.legal_bases is not None
        else legal.default_legal_bases(
            data.kind,
            on=day,
            second_round=petition is not None and petition.complaint_round == 2,
        )
    )
    engine = deadline_engine()
    try:
        with transaction.atomic():
            dialogue = Dialogue.objects.create(
                organization=org,
                area_id=org.area_id,
                kind=data.kind,
                audience=audience,
                petition=petition,
                topic=topic,
                description=description,
                legal_bases=bases,
                legal_basis_note=note,
                chair_name=chair,
                chair_position=chair_position,
                date=day,
                year=day.year,
                start_time=data.start_time,
                end_time=data.end_time,
                place=place,
                created_by=actor if getattr(actor, "pk", None) else None,
            )
            Participant.objects.create(
                dialogue=dialogue,
                position=1,
                role=Role.CHAIR,
                full_name=chair,
                title=chair_position,
                unit=org.name,
            )
            prefilled = _prefill_parties(dialogue, petition) if petition is not None else 0
            audit_record(
                actor=actor,
                verb="dialogue.create",
                target=dialogue,
                changes={
                    "kind": (None, dialogue.kind),
                    "organization": (None, org.code),
                    "topic": (None, topic),
                    "date": (None, day.isoformat()),
                    "place": (None, place),
                    "chair_name": (None, chair),
                    "petition": (None, petition.case_number if petition is not None else None),
                    "participants": (None, 1 + prefilled),
                },
            )
            dialogue_deadlines_sync(dialogue, engine=engine)
    except IntegrityError:
        # Two annual dialogues for one commune saved at the same moment: the constraint wins.
        message = _("Xã này đã có hội nghị đối thoại hằng năm trong năm {year}.").format(
            year=day.year
        )
        raise ValidationFailed(message, fields={"date": message}) from None
    return dialogue


def _prefill_parties(dialogue: Dialogue, petition: Any) -> int:
    """The complainants (representatives of a multi-signer complaint) and the person complained
    against, from the complaint, as participants to be confirmed."""
    people = list(petition.petitioners.all()[:200])
    if petition.signer_count >= 5:
        people = [p for p in people if p.is_representative] or people
    rows = [
        Participant(
            dialogue=dialogue,
            position=i + 2,
            role=Role.REPRESENTATIVE if p.is_representative else Role.CITIZEN,
            full_name=p.full_name[:200],
            address=p.address[:300],
        )
        for i, p in enumerate(people[:PREFILL_MAX])
    ]
    respondent = " ".join((petition.respondent or "").split())[:200]
    if respondent:
        rows.append(
            Participant(
                dialogue=dialogue,
                position=len(rows) + 2,
                role=Role.RESPONDENT,
                full_name=respondent,
            )
        )
    Participant.objects.bulk_create(rows)
    return len(rows)


def dialogue_update(
    *, dialogue: Dialogue, actor: Any, changes: DialogueChanges, expected_version: int
) -> Dialogue:
    """Change what the dialogue is about, where and when (the date only while planned)."""
    require_organiser(actor, dialogue)
    if dialogue.status not in (Status.PLANNED, Status.NOTIFIED, Status.HELD, Status.POSTPONED):
        message = _("Cuộc đối thoại đã “{status}”: không sửa được nữa.").format(
            status=Status(dialogue.status).label
        )
        raise ValidationFailed(message, fields={"status": message})
    values: dict[str, Any] = {}
    if changes.topic is not None:
        values["topic"] = _text(
            changes.topic, field="topic", limit=300, required=_("Nhập nội dung (chủ đề) đối thoại.")
        )
    if changes.description is not None:
        values["description"] = _text(
            changes.description, field="description", limit=TEXT_MAX, multiline=True
        )
    if changes.place is not None:
        values["place"] = _text(
            changes.place, field="place", limit=300, required=_("Nhập địa điểm đối thoại.")
        )
    if changes.chair_name is not None:
        values["chair_name"] = _text(
            changes.chair_name,
            field="chair_name",
            limit=200,
            required=_("Nhập họ tên người chủ trì."),
        )
    if changes.chair_position is not None:
        values["chair_position"] = _text(changes.chair_position, field="chair_position", limit=200)
    if changes.audience is not None:
        values["audience"] = _check_audience(changes.audience)
    if changes.legal_bases is not None:
        values["legal_bases"] = _check_legal_bases(changes.legal_bases, dialogue.kind)
    if changes.legal_basis_note is not None:
        values["legal_basis_note"] = _text(
            changes.legal_basis_note, field="legal_basis_note", limit=500
        )
    if changes.outcome is not None:
        values["outcome"] = _text(changes.outcome, field="outcome", limit=TEXT_MAX, multiline=True)
        if values["outcome"] and dialogue.status != Status.HELD:
            message = _("Ghi kết quả đối thoại sau khi cuộc đối thoại đã được tổ chức.")
            raise ValidationFailed(message, fields={"outcome": message})
    start = dialogue.start_time if changes.start_time is None else changes.start_time
    end = dialogue.end_time if changes.end_time is None else changes.end_time
    if changes.start_time is not None and changes.start_time != dialogue.start_time:
        values["start_time"] = changes.start_time
    if changes.end_time is not None:
        values["end_time"] = changes.end_time
    _check_times(start, end)
    if changes.date is not None and changes.date != dialogue.date:
        day = _check_date(changes.date)
        if dialogue.status != Status.PLANNED:
            message = _(
                "Chỉ đổi được ngày khi cuộc đối thoại chưa gửi thông báo. Hãy tạm hoãn rồi lên "
                "lịch lại để gửi thông báo mới."
            )
            raise ValidationFailed(message, fields={"date": message})
        if dialogue.kind == Kind.ANNUAL and day.year != dialogue.year:
            _check_annual(dialogue.organization, day.year, exclude=dialogue.pk)
        values["date"], values["year"] = day, day.year
    if "start_time" in values and dialogue.status not in (Status.PLANNED, Status.POSTPONED):
        message = _("Chỉ đổi được giờ khi cuộc đối thoại chưa gửi thông báo.")
        raise ValidationFailed(message, fields={"start_time": message})
    values = {k: v for k, v in values.items() if getattr(dialogue, k) != v}
    if not values:
        return dialogue
    old = {k: getattr(dialogue, k) for k in values}
    try:
        with transaction.atomic():
            _save_versioned(dialogue, expected_version, **values)
            if "chair_name" in values or "chair_position" in values:
                Participant.objects.filter(dialogue=dialogue, role=Role.CHAIR).update(
                    full_name=dialogue.chair_name, title=dialogue.chair_position
                )
            audit_record(
                actor=actor,
                verb="dialogue.update",
                target=dialogue,
                changes={k: (_plain(old[k]), _plain(v)) for k, v in values.items()},
            )
            if "date" in values:
                dialogue_deadlines_sync(dialogue)
    except IntegrityError:
        message = _("Xã này đã có hội nghị đối thoại hằng năm trong năm đó.")
        raise ValidationFailed(message, fields={"date": message}) from None
    return dialogue


def _illegal(dialogue: Dialogue, to: str) -> ValidationFailed:
    allowed = allowed_targets(dialogue.status)
    labels = ", ".join(str(Status(s).label) for s in allowed) or _("không còn bước nào")
    target = Status(to).label if to in Status.values else to
    message = _(
        "Không thể chuyển cuộc đối thoại từ “{current}” sang “{target}”. Các bước hợp lệ: {labels}."
    ).format(current=Status(dialogue.status).label, target=target, labels=labels)
    return ValidationFailed(message, fields={"to": message}, code="illegal_transition")


def dialogue_transition(*, dialogue: Dialogue, actor: Any, data: TransitionInput) -> Dialogue:
    """Move the dialogue to `data.to`, or refuse with a clear error (409 if it changed meanwhile).

    - notified: `notice_on`, no later than the latest day the notice rule allows;
    - held: the dialogue date has come; `outcome` may be recorded at once;
    - minutes_signed: outcome, chair and recorder, a statement, everyone present signed or
      refused with a reason; issues the minutes (number "BB", content snapshot);
    - closed: every commitment done or cancelled;
    - postponed, cancelled: `reason`; planned (from postponed): the new `date`.
    """
    require_organiser(actor, dialogue)
    to = data.to
    source = dialogue.status
    if to not in Status.values or to not in TRANSITIONS.get(source, frozenset()):
        raise _illegal(dialogue, to)
    if data.expected_version != dialogue.version:
        raise _conflict()
    values: dict[str, Any] = {"status": to}
    reason = ""
    issue_minutes = False
    engine = deadline_engine()
    if to == Status.NOTIFIED:
        values["notice_on"] = _check_notice(dialogue, data.notice_on, engine=engine)
    elif to == Status.HELD:
        if dialogue.date > _today():
            message = _(
                "Cuộc đối thoại được lên lịch ngày {day}: chỉ ghi nhận đã tổ chức từ ngày đó. Nếu "
                "tổ chức vào ngày khác, hãy tạm hoãn và lên lịch lại."
            ).format(day=short_date(dialogue.date))
            raise ValidationFailed(message, fields={"to": message})
        values["held_on"] = dialogue.date
        outcome = _text(data.outcome, field="outcome", limit=TEXT_MAX, multiline=True)
        if outcome:
            values["outcome"] = outcome
    elif to == Status.MINUTES_SIGNED:
        outcome = _text(data.outcome, field="outcome", limit=TEXT_MAX, multiline=True)
        if outcome:
            values["outcome"] = outcome
        _check_minutes_ready(dialogue, outcome or dialogue.outcome)
        values["minutes_signed_on"] = _act_date(
            data.on, not_before=dialogue.held_on, label=_("Ngày ký biên bản")
        )
        issue_minutes = True
    elif to == Status.CLOSED:
        _check_commitments_finished(dialogue)
        values["closed_on"] = _act_date(
            data.on, not_before=dialogue.minutes_signed_on, label=_("Ngày kết thúc")
        )
    elif to in (Status.POSTPONED, Status.CANCELLED):
        reason = _reason(data.reason)
        values["status_note"] = reason
    elif to == Status.PLANNED:
        day = _check_date(data.date)
        if day < _today():
            message = _("Ngày đối thoại mới không được trước hôm nay.")
            raise ValidationFailed(message, fields={"date": message})
        if dialogue.kind == Kind.ANNUAL and day.year != dialogue.year:
            _check_annual(dialogue.organization, day.year, exclude=dialogue.pk)
        values.update(date=day, year=day.year, notice_on=None, status_note="")
        if data.start_time is not None:
            values["start_time"] = data.start_time
        reason = _text(data.reason, field="reason", limit=REASON_MAX)
    old = {k: getattr(dialogue, k) for k in values}
    try:
        with transaction.atomic():
            _save_versioned(dialogue, data.expected_version, **values)
            changes = {k: (_plain(old[k]), _plain(v)) for k, v in values.items()}
            if reason:
                changes["reason"] = (None, reason)
            audit_record(actor=actor, verb="dialogue.transition", target=dialogue, changes=changes)
            if issue_minutes:
                _minutes_issue(dialogue, actor=actor, on=values["minutes_signed_on"])
            dialogue_deadlines_sync(dialogue, engine=engine)
    except IntegrityError:
        message = _("Xã này đã có hội nghị đối thoại hằng năm trong năm đó.")
        raise ValidationFailed(message, fields={"date": message}) from None
    return dialogue


def _check_notice(dialogue: Dialogue, notice_on: dt.date | None, *, engine: Any) -> dt.date:
    if notice_on is None:
        message = _("Nhập ngày gửi thông báo đối thoại.")
        raise ValidationFailed(message, fields={"notice_on": message})
    day = _act_date(
        notice_on, not_before=EARLIEST, field="notice_on", label=_("Ngày gửi thông báo")
    )
    result = notice_deadline(dialogue, engine=engine)
    if result is not None and day > result.due:
        message = _(
            "Ngày gửi thông báo {notice} quá muộn: thông báo đối thoại phải gửi chậm nhất ngày "
            "{due}, ít nhất {n} ngày trước ngày đối thoại {day} ({citation}). Hãy tạm hoãn rồi "
            "lên lịch lại cuộc đối thoại để kịp thông báo."
        ).format(
            notice=short_date(day),
            due=short_date(result.due),
            n=result.length,
            day=short_date(dialogue.date),
            citation=result.rule.citation,
        )
        raise ValidationFailed(message, fields={"notice_on": message}, code="notice_too_late")
    return day


def _check_minutes_ready(dialogue: Dialogue, outcome: str) -> None:
    problems: list[str] = []
    people = list(dialogue.participants.all())
    present = [p for p in people if p.attended]
    if not outcome:
        problems.append(_("ghi kết quả đối thoại"))
    if not any(p.role == Role.CHAIR and p.attended for p in people):
        problems.append(_("ghi người chủ trì có mặt"))
    if not any(p.role == Role.RECORDER and p.attended for p in people):
        problems.append(_("thêm thư ký (người ghi biên bản)"))
    if not dialogue.statements.exists():
        problems.append(_("ghi ít nhất một ý kiến phát biểu"))
    pending = [p.full_name for p in present if p.signature == Signature.PENDING]
    if pending:
        problems.append(
            _("ghi chữ ký hoặc lý do từ chối ký của: {names}").format(names=", ".join(pending[:10]))
        )
    if problems:
        message = _("Chưa ký biên bản được: cần {list}.").format(list="; ".join(problems))
        raise ValidationFailed(message, fields={"to": message}, code="minutes_incomplete")


def _check_commitments_finished(dialogue: Dialogue) -> None:
    open_count = Commitment.objects.filter(
        dialogue=dialogue, task__status__in=[TaskStatus.OPEN, TaskStatus.IN_PROGRESS]
    ).count()
    if open_count:
        message = _(
            "Còn {n} cam kết chưa hoàn thành: kết thúc cuộc đối thoại khi mọi cam kết đã hoàn "
            "thành hoặc đã hủy (có lý do)."
        ).format(n=open_count)
        raise ValidationFailed(message, fields={"to": message}, code="commitments_open")


def _minutes_issue(dialogue: Dialogue, *, actor: Any, on: dt.date) -> Minutes:
    from danvan.dialogues.documents import minutes_content

    organization = dialogue.organization
    number = document_number_next(organization=organization, symbol=MINUTES_SYMBOL, issued_on=on)
    content = minutes_content(dialogue, number=number, issued_on=on)
    minutes = Minutes.objects.create(
        dialogue=dialogue,
        number=number,
        issued_on=on,
        content=content,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        actor=actor,
        verb="dialogue.minutes_issue",
        target=dialogue,
        changes={"document": (None, number), "issued_on": (None, on.isoformat())},
    )
    return minutes


def minutes_counter(org_id: int, symbol: str, start: dt.date, end: dt.date) -> int:
    """How many minutes the body issued with `symbol` in [start, end) (shared numbering)."""
    if symbol != MINUTES_SYMBOL:
        return 0
    return Minutes.objects.filter(
        dialogue__organization_id=org_id, issued_on__gte=start, issued_on__lt=end
    ).count()


# --- Participants, agenda, statements ------------------------------------------------------


def _require_record_open(dialogue: Dialogue) -> None:
    if dialogue.status not in RECORD_OPEN_STATES:
        message = _(
            "Cuộc đối thoại đã “{status}”: thành phần, chương trình và ý kiến không thay đổi được "
            "nữa."
        ).format(status=Status(dialogue.status).label)
        raise ValidationFailed(message, fields={"status": message})


def participant_add(*, dialogue: Dialogue, actor: Any, data: ParticipantInput) -> Participant:
    require_organiser(actor, dialogue)
    _require_record_open(dialogue)
    if data.role not in Role.values:
        message = _("Chọn vai trò của người tham dự.")
        raise ValidationFailed(message, fields={"role": message})
    if data.role == Role.CHAIR:
        message = _(
            "Mỗi cuộc đối thoại có một người chủ trì (sửa ở thông tin cuộc đối thoại); người cùng "
            "chủ trì chọn vai trò “Đồng chủ trì”."
        )
        raise ValidationFailed(message, fields={"role": message})
    name = _text(data.full_name, field="full_name", limit=200, required=_("Nhập họ và tên."))
    title = _text(data.title, field="title", limit=200)
    unit = _text(data.unit, field="unit", limit=250)
    address = _text(data.address, field="address", limit=300)
    with transaction.atomic():
        _touch(dialogue)
        participant = Participant.objects.create(
            dialogue=dialogue,
            position=_next_position(dialogue.participants.all()),
            role=data.role,
            full_name=name,
            title=title,
            unit=unit,
            address=address,
            attended=bool(data.attended),
        )
        changes, redact = _person_changes(data.role, name, address)
        audit_record(
            actor=actor,
            verb="dialogue.participant_add",
            target=dialogue,
            changes=changes,
            redact=redact,
        )
    return participant


def participant_remove(*, participant: Participant, actor: Any) -> None:
    dialogue = participant.dialogue
    require_organiser(actor, dialogue)
    _require_record_open(dialogue)
    if participant.role == Role.CHAIR:
        message = _("Không xóa được người chủ trì: sửa người chủ trì ở thông tin cuộc đối thoại.")
        raise ValidationFailed(message, fields={"participant": message})
    if participant.statements.exists():
        message = _("Người này đã có ý kiến phát biểu: xóa các ý kiến đó trước.")
        raise ValidationFailed(message, fields={"participant": message})
    with transaction.atomic():
        _touch(dialogue)
        changes, redact = _person_changes(participant.role, participant.full_name)
        changes = {k: (v[1], None) for k, v in changes.items()}
        participant.delete()
        audit_record(
            actor=actor,
            verb="dialogue.participant_remove",
            target=dialogue,
            changes=changes,
            redact=redact,
        )


def participant_sign(
    *, participant: Participant, actor: Any, signature: str, reason: str = ""
) -> Participant:
    """Record that the participant signed the minutes, or refused to (with the reason)."""
    dialogue = participant.dialogue
    require_organiser(actor, dialogue)
    if dialogue.status != Status.HELD:
        message = _("Chữ ký được ghi sau khi cuộc đối thoại đã tổ chức và trước khi khóa biên bản.")
        raise ValidationFailed(message, fields={"signature": message})
    if signature not in (Signature.SIGNED, Signature.REFUSED):
        message = _("Chọn: đã ký hoặc từ chối ký.")
        raise ValidationFailed(message, fields={"signature": message})
    if not participant.attended:
        message = _("Người vắng mặt không ký biên bản.")
        raise ValidationFailed(message, fields={"signature": message})
    refusal = ""
    if signature == Signature.REFUSED:
        text = _text(reason, field="refusal_reason", limit=REASON_MAX)
        if len(text) < 3:
            message = _("Người từ chối ký: ghi rõ lý do từ chối (ít nhất 3 ký tự).")
            raise ValidationFailed(message, fields={"refusal_reason": message})
        refusal = text
    old = (participant.signature, participant.refusal_reason)
    with transaction.atomic():
        _touch(dialogue)
        Participant.objects.filter(pk=participant.pk).update(
            signature=signature, refusal_reason=refusal
        )
        participant.signature, participant.refusal_reason = signature, refusal
        private = participant.role in PRIVATE_ROLES
        changes: dict[str, Any] = {
            "participant": (None, participant.full_name),
            "role": (None, participant.role),
            "signature": (old[0], signature),
        }
        if refusal or old[1]:
            changes["refusal_reason"] = (old[1] or None, refusal or None)
        audit_record(
            actor=actor,
            verb="dialogue.signature",
            target=dialogue,
            changes=changes,
            redact=["participant", "refusal_reason"] if private else [],
        )
    return participant


def participant_attendance_set(*, participant: Participant, actor: Any, attended: bool) -> None:
    dialogue = participant.dialogue
    require_organiser(actor, dialogue)
    _require_record_open(dialogue)
    if participant.attended == attended:
        return
    with transaction.atomic():
        _touch(dialogue)
        signature = participant.signature if attended else Signature.PENDING
        Participant.objects.filter(pk=participant.pk).update(
            attended=attended, signature=signature, refusal_reason=""
        )
        participant.attended, participant.signature = attended, signature
        audit_record(
            actor=actor,
            verb="dialogue.attendance",
            target=dialogue,
            changes={
                "participant": (None, participant.full_name),
                "attended": (not attended, attended),
            },
            redact=["participant"] if participant.role in PRIVATE_ROLES else [],
        )


def agenda_item_add(
    *, dialogue: Dialogue, actor: Any, title: str, presenter: str = ""
) -> AgendaItem:
    require_organiser(actor, dialogue)
    _require_record_open(dialogue)
    title = _text(title, field="title", limit=300, required=_("Nhập nội dung chương trình."))
    presenter = _text(presenter, field="presenter", limit=200)
    with transaction.atomic():
        _touch(dialogue)
        item = AgendaItem.objects.create(
            dialogue=dialogue,
            position=_next_position(dialogue.agenda.all()),
            title=title,
            presenter=presenter,
        )
        audit_record(
            actor=actor,
            verb="dialogue.agenda_add",
            target=dialogue,
            changes={"agenda": (None, title), "presenter": (None, presenter or None)},
        )
    return item


def agenda_item_remove(*, item: AgendaItem, actor: Any) -> None:
    dialogue = item.dialogue
    require_organiser(actor, dialogue)
    _require_record_open(dialogue)
    with transaction.atomic():
        _touch(dialogue)
        title = item.title
        item.delete()
        audit_record(
            actor=actor,
            verb="dialogue.agenda_remove",
            target=dialogue,
            changes={"agenda": (title, None)},
        )


def statement_add(
    *,
    dialogue: Dialogue,
    actor: Any,
    participant_id: int | None,
    content: str,
    agenda_item_id: int | None = None,
) -> Statement:
    """Record what a participant said, after the statements already recorded."""
    require_organiser(actor, dialogue)
    if dialogue.status != Status.HELD:
        message = _("Ghi ý kiến phát biểu sau khi ghi nhận cuộc đối thoại đã được tổ chức.")
        raise ValidationFailed(message, fields={"content": message})
    participant = (
        dialogue.participants.filter(pk=participant_id).first()
        if participant_id is not None
        else None
    )
    if participant is None:
        message = _("Chọn người phát biểu trong thành phần tham dự.")
        raise ValidationFailed(message, fields={"participant": message})
    item = None
    if agenda_item_id is not None:
        item = dialogue.agenda.filter(pk=agenda_item_id).first()
        if item is None:
            message = _("Nội dung chương trình này không thuộc cuộc đối thoại.")
            raise ValidationFailed(message, fields={"agenda_item": message})
    text = _text(
        content,
        field="content",
        limit=TEXT_MAX,
        required=_("Nhập ý kiến phát biểu."),
        multiline=True,
    )
    with transaction.atomic():
        _touch(dialogue)
        statement = Statement.objects.create(
            dialogue=dialogue,
            position=_next_position(dialogue.statements.all()),
            participant=participant,
            agenda_item=item,
            content=text,
        )
        audit_record(
            actor=actor,
            verb="dialogue.statement_add",
            target=dialogue,
            changes={
                "position": (None, statement.position),
                "participant": (None, participant.full_name),
                "content": (None, text),
            },
            redact=["participant", "content"] if participant.role in PRIVATE_ROLES else [],
        )
    return statement


def statement_remove(*, statement: Statement, actor: Any) -> None:
    dialogue = statement.dialogue
    require_organiser(actor, dialogue)
    if dialogue.status != Status.HELD:
        message = _("Biên bản đã khóa: không xóa được ý kiến phát biểu.")
        raise ValidationFailed(message, fields={"statement": message})
    private = statement.participant.role in PRIVATE_ROLES
    with transaction.atomic():
        _touch(dialogue)
        position, content = statement.position, statement.content
        statement.delete()
        audit_record(
            actor=actor,
            verb="dialogue.statement_remove",
            target=dialogue,
            changes={"position": (position, None), "content": (content, None)},
            redact=["content"] if private else [],
        )


# --- Commitments (core tasks) ---------------------------------------------------------------


def commitment_add(*, dialogue: Dialogue, actor: Any, data: CommitmentInput) -> Commitment:
    """Record a commitment made at the dialogue: a core task of the owner organisation, due on
    `data.due`, linked to the dialogue (it shows on the overdue board until done)."""
    require_organiser(actor, dialogue)
    if dialogue.status not in COMMITMENT_STATES:
        message = _(
            "Cam kết được ghi sau khi cuộc đối thoại đã tổ chức và trước khi kết thúc hồ sơ."
        )
        raise ValidationFailed(message, fields={"title": message})
    org_id = data.organization_id or dialogue.organization_id
    org = Organization.objects.filter(pk=org_id, is_active=True).select_related("area").first()
    if org is None:
        message = _("Chọn cơ quan, đơn vị chịu trách nhiệm thực hiện cam kết.")
        raise ValidationFailed(message, fields={"organization": message})
    assignee = None
    if data.assignee_id is not None:
        assignee = User.objects.filter(pk=data.assignee_id, is_active=True).first()
        if assignee is None:
            message = _("Không có cán bộ này.")
            raise ValidationFailed(message, fields={"assignee": message})
    if data.due is not None and data.due < dialogue.date:
        message = _("Hạn thực hiện cam kết không được trước ngày đối thoại {day}.").format(
            day=short_date(dialogue.date)
        )
        raise ValidationFailed(message, fields={"due": message})
    made_by = _text(data.made_by, field="made_by", limit=200)
    description = _text(data.description, field="description", limit=TEXT_MAX, multiline=True)
    with transaction.atomic():
        _touch(dialogue)
        task = task_services.task_create(
            actor=actor,
            title=data.title,
            organization=org,
            due=data.due,  # type: ignore[arg-type]  # checked by task_create
            assignee=assignee,
            description=description,
            target=dialogue,
        )
        commitment = Commitment.objects.create(
            dialogue=dialogue,
            task=task,
            position=_next_position(dialogue.commitments.all()),
            made_by=made_by,
        )
        audit_record(
            actor=actor,
            verb="dialogue.commitment_add",
            target=dialogue,
            changes={
                "commitment": (None, task.title),
                "organization": (None, org.code),
                "due": (None, task.due.isoformat()),
                "made_by": (None, made_by or None),
            },
        )
    return commitment


def _commitment_task(commitment: Commitment) -> Task:
    return Task.objects.select_related("organization").get(pk=commitment.task_id)


def commitment_progress(
    *, commitment: Commitment, actor: Any, progress: int, note: str = "", expected_version: int
) -> Task:
    return task_services.task_update_progress(
        task=_commitment_task(commitment),
        actor=actor,
        progress=progress,
        note=note,
        expected_version=expected_version,
    )


def commitment_complete(
    *,
    commitment: Commitment,
    actor: Any,
    expected_version: int,
    on: dt.date | None = None,
    note: str = "",
) -> Task:
    if on is not None:
        _act_date(on, not_before=commitment.dialogue.date, label=_("Ngày hoàn thành"))
    return task_services.task_complete(
        task=_commitment_task(commitment),
        actor=actor,
        expected_version=expected_version,
        on=on,
        note=note,
    )


def commitment_cancel(
    *, commitment: Commitment, actor: Any, reason: str, expected_version: int
) -> Task:
    return task_services.task_cancel(
        task=_commitment_task(commitment),
        actor=actor,
        reason=reason,
        expected_version=expected_version,
    )
