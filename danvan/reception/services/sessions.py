"""Planning, editing and moving reception sessions; follow-up tasks after a session."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from danvan.core.errors import ValidationFailed
from danvan.core.models import Membership, Organization, Task, User
from danvan.core.services.audit import audit_record
from danvan.core.services.tasks import task_create
from danvan.reception.deadlines import PUBLISH_RULE, rule_check, session_deadlines_sync
from danvan.reception.inputs import SessionInput, SessionTransitionInput
from danvan.reception.models import ReceptionSession
from danvan.reception.services.common import (
    EARLIEST,
    HORIZON_DAYS,
    REASON_MIN,
    TEXT_MAX,
    act_day,
    organization_for,
    require_current,
    require_handler,
    require_text,
    save_versioned,
    text,
    today,
)
from danvan.reception.states import (
    TERMINAL,
    HostKind,
    PlaceKind,
    SessionKind,
    SessionStatus,
    allowed_targets,
)

AGENCIES_MAX = 30


def _host(data: SessionInput, org: Organization, fields: dict[str, str]) -> tuple[Any, str, str]:
    user = None
    if data.host_user_id is not None:
        user = User.objects.filter(pk=data.host_user_id, is_active=True).first()
        works_there = (
            user is not None
            and Membership.objects.filter(user_id=user.pk, organization_id=org.pk).exists()
        )
        if not works_there:
            fields["host_user"] = _(
                "Người chủ trì phải là người có vai trò tại cơ quan tiếp công dân; nếu không, "
                "nhập họ tên và chức vụ."
            )
            user = None
    name = text(data.host_name, 200) or (getattr(user, "full_name", "") or "")
    position = text(data.host_position, 200) or (getattr(user, "position", "") or "")
    if not name:
        fields["host_name"] = _("Nhập họ tên người chủ trì buổi tiếp.")
    if not position:
        fields["host_position"] = _("Nhập chức vụ người chủ trì buổi tiếp.")
    return user, name, position


def _checked(actor: Any, data: SessionInput) -> dict[str, Any]:
    """Every check of a session's input; all problems at once."""
    fields: dict[str, str] = {}
    org = organization_for(actor, data.organization_id)
    if data.kind not in SessionKind.values:
        fields["kind"] = _("Chọn loại buổi tiếp: định kỳ, thường xuyên hoặc đột xuất.")
    if data.place_kind not in PlaceKind.values:
        fields["place_kind"] = _(
            "Chọn nơi tiếp: trụ sở cơ quan, trụ sở tiếp công dân hoặc trực tuyến."
        )
    if data.host_kind not in HostKind.values:
        fields["host_kind"] = _("Chọn người chủ trì: người đứng đầu hoặc người được ủy quyền.")
    day = data.date
    if not isinstance(day, dt.date):
        fields["date"] = _("Nhập ngày tiếp (ngày/tháng/năm).")
    elif day < EARLIEST:
        fields["date"] = _("Ngày tiếp phải từ ngày 01/07/2014 (Luật Tiếp công dân có hiệu lực).")
    elif day > today() + dt.timedelta(days=HORIZON_DAYS):
        fields["date"] = _("Ngày tiếp không được quá hai năm kể từ hôm nay.")
    if data.start_time and data.end_time and data.end_time <= data.start_time:
        fields["end_time"] = _("Giờ kết thúc phải sau giờ bắt đầu.")
    reason = text(data.reason, TEXT_MAX)
    if data.kind == SessionKind.EXTRAORDINARY and len(reason) < REASON_MIN:
        fields["reason"] = _("Buổi tiếp đột xuất: ghi rõ lý do (ít nhất 3 ký tự).")
    if data.kind != SessionKind.EXTRAORDINARY:
        reason = ""
    user, name, position = _host(data, org, fields)
    agency_ids = sorted({int(i) for i in data.agency_ids if i})
    agencies: list[Organization] = []
    if len(agency_ids) > AGENCIES_MAX:
        fields["agencies"] = _("Chọn tối đa 30 cơ quan cùng tham dự.")
    elif agency_ids:
        agencies = list(Organization.objects.filter(pk__in=agency_ids, is_active=True))
        if len(agencies) != len(agency_ids):
            fields["agencies"] = _("Có cơ quan cùng tham dự không tồn tại hoặc đã ngừng hoạt động.")
    if fields:
        raise ValidationFailed(
            _("Thông tin buổi tiếp chưa đủ hoặc chưa đúng; xem từng trường."), fields=fields
        )
    publish_due = (
        rule_check(PUBLISH_RULE, day, field="date") if data.kind == SessionKind.SCHEDULED else None
    )
    return {
        "_publish_due": publish_due,
        "organization": org,
        "level": org.level,
        "date": day,
        "start_time": data.start_time,
        "end_time": data.end_time,
        "place_kind": data.place_kind,
        "place": text(data.place, 300),
        "kind": data.kind,
        "reason": reason,
        "host_kind": data.host_kind,
        "host_user": user,
        "host_name": name,
        "host_position": position,
        "agencies_note": text(data.agencies_note, 500),
        "notes": text(data.notes, TEXT_MAX),
        "_agencies": agencies,
    }


def session_create(*, actor: Any, data: SessionInput) -> ReceptionSession:
    """Plan a reception session of an organisation the actor handles."""
    values = _checked(actor, data)
    agencies = values.pop("_agencies")
    publish_due = values.pop("_publish_due")
    with transaction.atomic():
        session = ReceptionSession.objects.create(
            **values,
            status=SessionStatus.PLANNED,
            publish_due=publish_due,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        if agencies:
            session.agencies.set(agencies)
        audit_record(
            actor=actor,
            verb="reception.session_create",
            target=session,
            target_label=session.label,
            changes={
                "organization": (None, session.organization.code),
                "date": (None, session.date),
                "kind": (None, session.kind),
                "host": (None, f"{session.host_name} — {session.host_position}"),
                "place_kind": (None, session.place_kind),
            },
        )
        session_deadlines_sync(session)
    return session


# Fields fixed once the schedule is public: the date moves only by a postponement.
_FIXED_AFTER_PUBLISHING = ("organization", "date", "kind")


def session_update(
    *, session: ReceptionSession, actor: Any, data: SessionInput, expected_version: int
) -> ReceptionSession:
    """Change a session's details. Once published, its day and kind change only by a
    postponement; a cancelled session does not change."""
    require_handler(actor, session)
    if session.status == SessionStatus.CANCELLED:
        message = _("Buổi tiếp đã hủy: không sửa được nữa.")
        raise ValidationFailed(message, fields={"status": message})
    if data.organization_id is None:
        data.organization_id = session.organization_id
    values = _checked(actor, data)
    agencies = values.pop("_agencies")
    values.pop("_publish_due")
    changes: dict[str, tuple[Any, Any]] = {}
    for name, value in values.items():
        old = getattr(session, name)
        if old != value:
            shown_old = getattr(old, "code", old) if name == "organization" else old
            shown_new = getattr(value, "code", value) if name == "organization" else value
            if name == "host_user":
                shown_old, shown_new = getattr(old, "pk", None), getattr(value, "pk", None)
            changes[name] = (shown_old, shown_new)
    if session.status != SessionStatus.PLANNED:
        fixed = [name for name in _FIXED_AFTER_PUBLISHING if name in changes]
        if fixed:
            message = _(
                "Lịch tiếp đã công khai: không đổi được cơ quan, ngày hoặc loại buổi tiếp. Để đổi "
                "ngày, hãy thông báo hoãn buổi tiếp."
            )
            raise ValidationFailed(message, fields={fixed[0]: message})
    old_agencies = sorted(session.agencies.values_list("pk", flat=True))
    new_agencies = sorted(a.pk for a in agencies)
    if old_agencies != new_agencies:
        changes["agencies"] = (old_agencies, new_agencies)
    if not changes:
        return session
    with transaction.atomic():
        save_versioned(session, expected_version, session.label, **values)
        session.agencies.set(agencies)
        audit_record(
            actor=actor,
            verb="reception.session_update",
            target=session,
            target_label=session.label,
            changes=changes,
        )
        session_deadlines_sync(session)
    return session


def session_transition(
    *, session: ReceptionSession, actor: Any, data: SessionTransitionInput
) -> ReceptionSession:
    """Publish, postpone, hold or cancel a session (the moves of `states.TRANSITIONS`)."""
    require_handler(actor, session)
    require_current(session, data.expected_version, session.label)
    to = data.to
    if to not in allowed_targets(session.status, session.kind):
        current = SessionStatus(session.status).label
        try:
            wanted = str(SessionStatus(to).label)
        except ValueError:
            wanted = to
        message = _("Không chuyển được buổi tiếp từ “%(current)s” sang “%(to)s”.") % {
            "current": current,
            "to": wanted,
        }
        if (
            to == SessionStatus.HELD
            and session.status == SessionStatus.PLANNED
            and session.kind == SessionKind.SCHEDULED
        ):
            message = _("Buổi tiếp định kỳ phải được công khai lịch trước khi ghi nhận đã tiếp.")
        raise ValidationFailed(message, fields={"to": message}, code="illegal_transition")
    values: dict[str, Any] = {"status": to}
    changes: dict[str, tuple[Any, Any]] = {"status": (session.status, to)}
    if to == SessionStatus.PUBLISHED:
        day = act_day(data.on)
        if day > session.date:
            message = _("Ngày công khai lịch không được sau ngày tiếp (%(day)s).") % {
                "day": session.date.strftime("%d/%m/%Y")
            }
            raise ValidationFailed(message, fields={"on": message})
        values["published_on"] = day
        changes["published_on"] = (None, day)
    elif to == SessionStatus.POSTPONED:
        reason = require_text(
            data.reason,
            field="reason",
            minimum=REASON_MIN,
            message=_("Ghi rõ lý do hoãn để thông báo công khai (ít nhất 3 ký tự)."),
            limit=TEXT_MAX,
        )
        day = act_day(data.on)
        new_date = data.new_date
        if not isinstance(new_date, dt.date):
            message = _("Nhập ngày tiếp mới.")
            raise ValidationFailed(message, fields={"new_date": message})
        if new_date <= day or new_date == session.date:
            message = _("Ngày tiếp mới phải sau ngày thông báo hoãn và khác ngày tiếp cũ.")
            raise ValidationFailed(message, fields={"new_date": message})
        if new_date > today() + dt.timedelta(days=HORIZON_DAYS):
            message = _("Ngày tiếp không được quá hai năm kể từ hôm nay.")
            raise ValidationFailed(message, fields={"new_date": message})
        values |= {
            "postponed_from": session.date,
            "date": new_date,
            "postponed_on": day,
            "postponement_reason": reason,
        }
        changes |= {"date": (session.date, new_date), "reason": (None, reason)}
    elif to == SessionStatus.HELD:
        if session.date > today():
            message = _("Chưa đến ngày tiếp (%(day)s): chưa ghi nhận đã tiếp được.") % {
                "day": session.date.strftime("%d/%m/%Y")
            }
            raise ValidationFailed(message, fields={"to": message})
        summary = text(data.summary, TEXT_MAX)
        values["held_summary"] = summary
        if summary:
            changes["held_summary"] = (None, summary)
    elif to == SessionStatus.CANCELLED:
        reason = require_text(
            data.reason,
            field="reason",
            minimum=REASON_MIN,
            message=_("Ghi rõ lý do hủy buổi tiếp (ít nhất 3 ký tự)."),
            limit=TEXT_MAX,
        )
        day = act_day(data.on)
        values |= {"cancelled_on": day, "cancel_reason": reason}
        changes["reason"] = (None, reason)
    with transaction.atomic():
        save_versioned(session, data.expected_version, session.label, **values)
        audit_record(
            actor=actor,
            verb="reception.session_transition",
            target=session,
            target_label=session.label,
            changes=changes,
        )
        session_deadlines_sync(session)
    return session


def session_task_add(
    *,
    session: ReceptionSession,
    actor: Any,
    title: str,
    due: dt.date,
    assignee: Any = None,
    description: str = "",
) -> Task:
    """A follow-up task after a session (the core Task, linked to the session)."""
    require_handler(actor, session)
    if session.status == SessionStatus.CANCELLED:
        message = _("Buổi tiếp đã hủy: không giao nhiệm vụ sau buổi tiếp được.")
        raise ValidationFailed(message, fields={"title": message})
    return task_create(
        actor=actor,
        title=title,
        organization=session.organization,
        due=due,
        assignee=assignee,
        description=description,
        target=session,
    )


def session_is_open(session: ReceptionSession) -> bool:
    return session.status not in TERMINAL
