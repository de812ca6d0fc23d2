"""Writes of the conferences module (conventions §1): every change goes through these.

Each service checks permission and input first (raising `core.errors`), then writes inside
`transaction.atomic` with its audit entry. Lifecycle moves are guarded by the conference's
`version` (`core.services.versioning.versioned_update`); changing the invitation list or the
attendance bumps the version too, so a move prepared from a page read before that change is
refused as a conflict.

Issuing the conclusions (`conclusion_issue`) is one transaction: the notice with its number
from the shared sequence, each item with its core task (lead unit, supporting units and their
part, due date) and the audit entries; any refused item leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from danvan.conferences import permissions
from danvan.conferences.inputs import (
    ConclusionInput,
    ConferenceChanges,
    ConferenceInput,
    InviteeInput,
    TransitionInput,
)
from danvan.conferences.models import (
    Chair,
    Conclusion,
    ConclusionItem,
    Conference,
    Invitee,
)
from danvan.conferences.states import (
    INVITATION_OPEN_STATES,
    TRANSITIONS,
    Attendance,
    Kind,
    Status,
    allowed_targets,
)
from danvan.core.documents import document_number_next, short_date
from danvan.core.errors import Conflict, PermissionDenied, ValidationFailed
from danvan.core.models import Membership, Organization, Task, User
from danvan.core.services import tasks as task_services
from danvan.core.services.audit import audit_record
from danvan.core.services.common import today as _today
from danvan.core.services.inputs import clean_reason as _reason
from danvan.core.services.inputs import clean_text as _text
from danvan.core.services.versioning import versioned_update

EARLIEST = dt.date(2000, 1, 1)
MAX_YEARS_AHEAD = 2
TEXT_MAX = 20_000
REASON_MAX = 1_000
MAX_CHAIRS = 10
MAX_ITEMS = 50
MAX_SUPPORTING = 20
MAX_INVITEES = 300
NOTICE_SYMBOL = "TB"
TASK_TITLE_MAX = 300


# --- Small checks ----------------------------------------------------------------------------


def _check_date(day: Any, *, field: str = "date") -> dt.date:
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        message = _("Nhập ngày tổ chức hội nghị (ngày/tháng/năm).")
        raise ValidationFailed(message, fields={field: message})
    latest = _today().replace(year=_today().year + MAX_YEARS_AHEAD)
    if not EARLIEST <= day <= latest:
        message = _("Ngày phải trong khoảng từ {low} đến {high}.").format(
            low=short_date(EARLIEST), high=short_date(latest)
        )
        raise ValidationFailed(message, fields={field: message})
    return day


def _act_date(
    on: dt.date | None, *, not_before: dt.date | None, field: str = "on", label: str = ""
) -> dt.date:
    """The date of an act: default today; never in the future nor before `not_before`."""
    day = on or _today()
    what = label or _("Ngày thực hiện")
    if day > _today():
        message = _("{what} không được sau hôm nay.").format(what=what)
        raise ValidationFailed(message, fields={field: message})
    if not_before is not None and day < not_before:
        message = _("{what} không được trước ngày {day}.").format(
            what=what, day=short_date(not_before)
        )
        raise ValidationFailed(message, fields={field: message})
    return day


def _check_times(start: dt.time | None, end: dt.time | None) -> None:
    if start is not None and end is not None and end <= start:
        message = _("Giờ kết thúc phải sau giờ bắt đầu.")
        raise ValidationFailed(message, fields={"end_time": message})


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def require_organiser(actor: Any, conference: Conference) -> None:
    if not permissions.can_organise(actor, conference):
        raise PermissionDenied(
            _(
                "Bạn không có quyền tổ chức hội nghị này (cần vai trò cán bộ hoặc lãnh đạo tại cơ "
                "quan tổ chức hoặc cấp trên)."
            )
        )


def _conflict() -> Conflict:
    message = _(
        "Hội nghị vừa được người khác cập nhật: tải lại trang để xem thay đổi rồi thực hiện lại."
    )
    return Conflict(message, fields={"expected_version": message})


def _save_versioned(conference: Conference, expected_version: int, **values: Any) -> None:
    if expected_version != conference.version or not versioned_update(
        conference, expected_version=expected_version, **values
    ):
        raise _conflict()


def _touch(conference: Conference) -> None:
    """Bump the version after a change to the conference's parts (invitees, attendance)."""
    Conference.objects.filter(pk=conference.pk).update(version=F("version") + 1)
    conference.version = int(
        Conference.objects.filter(pk=conference.pk).values_list("version", flat=True).get()
    )


def _next_position(qs: Any) -> int:
    return int(qs.aggregate(m=Max("position"))["m"] or 0) + 1


def _organization_for(actor: Any, organization_id: int | None) -> Organization:
    if organization_id is not None:
        org = Organization.objects.filter(pk=organization_id, is_active=True).first()
        if org is None or not permissions.can_organise_at(actor, org):
            message = _(
                "Không có cơ quan này hoặc bạn không được tổ chức hội nghị cho cơ quan này."
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
    orgs = list(Organization.objects.filter(pk__in=ids, is_active=True)[:2])
    if not orgs:
        raise PermissionDenied(
            _(
                "Bạn chưa có vai trò cán bộ hoặc lãnh đạo ở cơ quan nào nên chưa tổ chức hội nghị "
                "được."
            )
        )
    if len(orgs) > 1:
        message = _("Bạn làm việc ở nhiều cơ quan: chọn cơ quan tổ chức hội nghị.")
        raise ValidationFailed(message, fields={"organization": message})
    return orgs[0]


def _active_orgs(ids: list[int], *, field: str) -> list[Organization]:
    unique = list(dict.fromkeys(int(i) for i in ids))
    found = {o.pk: o for o in Organization.objects.filter(pk__in=unique, is_active=True)}
    missing = [i for i in unique if i not in found]
    if missing:
        message = _("Có cơ quan, đơn vị không tồn tại hoặc đã ngừng hoạt động.")
        raise ValidationFailed(message, fields={field: message})
    return [found[i] for i in unique]


def _check_invitable(
    actor: Any, orgs: list[Organization], *, field: str, keep: Any = ()
) -> list[Organization]:
    """Refuse units the pages do not offer (`selectors.invitable_organization_ids`: those of
    the provinces where the actor works); units already on the record (`keep`) stay."""
    from danvan.conferences.selectors import invitable_organization_ids

    allowed = invitable_organization_ids(user=actor)
    if allowed is None:
        return orgs
    kept = {int(i) for i in keep}
    outside = [o.name for o in orgs if o.pk not in allowed and o.pk not in kept]
    if outside:
        message = _("Cơ quan, đơn vị ngoài phạm vi tỉnh nơi bạn công tác: {names}.").format(
            names=", ".join(outside[:5])
        )
        raise ValidationFailed(message, fields={field: message})
    return orgs


def _documents(actor: Any, ids: list[int]) -> list[Any]:
    from danvan.conferences.selectors import legal_documents_visible

    unique = list(dict.fromkeys(int(i) for i in ids))
    if not unique:
        return []
    found = {d.pk: d for d in legal_documents_visible(user=actor).filter(pk__in=unique)}
    if len(found) != len(unique):
        message = _("Có văn bản không tồn tại hoặc bạn không có quyền xem.")
        raise ValidationFailed(message, fields={"documents": message})
    return [found[i] for i in unique]


def _check_chairs(actor: Any, chairs: list[Any]) -> list[tuple[str, str, User | None]]:
    result: list[tuple[str, str, User | None]] = []
    for chair in chairs:
        name = _text(chair.full_name, field="chairs", limit=200)
        title = _text(chair.title, field="chairs", limit=300)
        if not name:
            continue
        user = None
        if chair.user_id is not None:
            user = User.objects.filter(pk=chair.user_id, is_active=True).first()
            if user is None:
                message = _("Không có tài khoản người chủ trì này.")
                raise ValidationFailed(message, fields={"chairs": message})
        result.append((name, title, user))
    if not result:
        message = _("Nhập ít nhất một người chủ trì (họ tên và chức vụ).")
        raise ValidationFailed(message, fields={"chairs": message})
    if len(result) > MAX_CHAIRS:
        message = _("Tối đa %(n)d người chủ trì, đồng chủ trì.") % {"n": MAX_CHAIRS}
        raise ValidationFailed(message, fields={"chairs": message})
    return result


# --- The conference --------------------------------------------------------------------------


def conference_create(*, actor: Any, data: ConferenceInput) -> Conference:
    """Schedule a conference (status planned) with its chairs and the units invited."""
    if data.kind not in Kind.values:
        message = _("Chọn loại hội nghị.")
        raise ValidationFailed(message, fields={"kind": message})
    org = _organization_for(actor, data.organization_id)
    title = _text(data.title, field="title", limit=400, required=_("Nhập tên hội nghị."))
    place = _text(data.place, field="place", limit=300, required=_("Nhập địa điểm tổ chức."))
    agenda = _text(data.agenda, field="agenda", limit=TEXT_MAX, multiline=True)
    period_label = _text(data.period_label, field="period_label", limit=200)
    day = _check_date(data.date)
    _check_times(data.start_time, data.end_time)
    if data.period_start and data.period_end and data.period_start > data.period_end:
        message = _("Kỳ đánh giá: ngày bắt đầu phải trước ngày kết thúc.")
        raise ValidationFailed(message, fields={"period_end": message})
    if data.period_end and data.period_end > day:
        message = _("Kỳ đánh giá phải kết thúc trước hoặc vào ngày tổ chức hội nghị.")
        raise ValidationFailed(message, fields={"period_end": message})
    chairs = _check_chairs(actor, data.chairs)
    co_orgs = [o for o in _active_orgs(data.co_organizer_ids, field="co_organizers") if o != org]
    _check_invitable(actor, co_orgs, field="co_organizers")
    invited = _check_invitable(
        actor, _active_orgs(data.invited_organization_ids, field="invited"), field="invited"
    )
    if len(invited) > MAX_INVITEES:
        message = _("Tối đa %(n)d thành phần mời.") % {"n": MAX_INVITEES}
        raise ValidationFailed(message, fields={"invited": message})
    documents = _documents(actor, data.document_ids)
    with transaction.atomic():
        conference = Conference.objects.create(
            organization=org,
            kind=data.kind,
            title=title,
            agenda=agenda,
            date=day,
            start_time=data.start_time,
            end_time=data.end_time,
            place=place,
            period_label=period_label,
            period_start=data.period_start,
            period_end=data.period_end,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        Chair.objects.bulk_create(
            Chair(conference=conference, position=i, full_name=n, title=t, user=u)
            for i, (n, t, u) in enumerate(chairs, start=1)
        )
        if co_orgs:
            conference.co_organizers.set(co_orgs)
        if documents:
            conference.documents.set(documents)
        Invitee.objects.bulk_create(
            Invitee(conference=conference, position=i, organization=o)
            for i, o in enumerate(invited, start=1)
        )
        audit_record(
            actor=actor,
            verb="conference.create",
            target=conference,
            changes={
                "kind": (None, conference.kind),
                "organization": (None, org.code),
                "title": (None, title),
                "date": (None, day.isoformat()),
                "place": (None, place),
                "chairs": (None, [f"{n}, {t}" if t else n for n, t, _u in chairs]),
                "co_organizers": (None, [o.code for o in co_orgs] or None),
                "invitees": (None, len(invited)),
                "documents": (None, [str(d) for d in documents] or None),
            },
        )
    return conference


def conference_update(
    *, conference: Conference, actor: Any, changes: ConferenceChanges, expected_version: int
) -> Conference:
    """Change what a conference still to take place is about, where, who chairs it."""
    require_organiser(actor, conference)
    if conference.status not in INVITATION_OPEN_STATES:
        message = _("Hội nghị đã “{status}”: không sửa thông tin được nữa.").format(
            status=Status(conference.status).label
        )
        raise ValidationFailed(message, fields={"status": message})
    values: dict[str, Any] = {}
    if changes.title is not None:
        values["title"] = _text(
            changes.title, field="title", limit=400, required=_("Nhập tên hội nghị.")
        )
    if changes.place is not None:
        values["place"] = _text(
            changes.place, field="place", limit=300, required=_("Nhập địa điểm tổ chức.")
        )
    if changes.agenda is not None:
        values["agenda"] = _text(changes.agenda, field="agenda", limit=TEXT_MAX, multiline=True)
    if changes.period_label is not None:
        values["period_label"] = _text(changes.period_label, field="period_label", limit=200)
    if changes.start_time is not None:
        values["start_time"] = changes.start_time
    if changes.end_time is not None:
        values["end_time"] = changes.end_time
    _check_times(
        values.get("start_time", conference.start_time), values.get("end_time", conference.end_time)
    )
    values = {k: v for k, v in values.items() if getattr(conference, k) != v}
    chairs = _check_chairs(actor, changes.chairs) if changes.chairs is not None else None
    co_orgs = (
        [
            o
            for o in _active_orgs(changes.co_organizer_ids, field="co_organizers")
            if o.pk != conference.organization_id
        ]
        if changes.co_organizer_ids is not None
        else None
    )
    if co_orgs is not None:
        _check_invitable(
            actor,
            co_orgs,
            field="co_organizers",
            keep=conference.co_organizers.values_list("id", flat=True),
        )
    documents = (
        _documents(actor, changes.document_ids) if changes.document_ids is not None else None
    )
    old_chairs = [
        f"{c.full_name}, {c.title}" if c.title else c.full_name
        for c in conference.chairs.order_by("position", "id")
    ]
    new_chairs = [f"{n}, {t}" if t else n for n, t, _u in chairs] if chairs is not None else None
    old_co = sorted(conference.co_organizers.values_list("code", flat=True))
    new_co = sorted(o.code for o in co_orgs) if co_orgs is not None else None
    old_docs = sorted(str(d) for d in conference.documents.all())
    new_docs = sorted(str(d) for d in documents) if documents is not None else None
    audit: dict[str, Any] = {
        k: (_plain(getattr(conference, k)), _plain(v)) for k, v in values.items()
    }
    if new_chairs is not None and new_chairs != old_chairs:
        audit["chairs"] = (old_chairs, new_chairs)
    if new_co is not None and new_co != old_co:
        audit["co_organizers"] = (old_co, new_co)
    if new_docs is not None and new_docs != old_docs:
        audit["documents"] = (old_docs, new_docs)
    if not audit:
        return conference
    with transaction.atomic():
        _save_versioned(conference, expected_version, **values)
        if "chairs" in audit and chairs is not None:
            conference.chairs.all().delete()
            Chair.objects.bulk_create(
                Chair(conference=conference, position=i, full_name=n, title=t, user=u)
                for i, (n, t, u) in enumerate(chairs, start=1)
            )
        if "co_organizers" in audit and co_orgs is not None:
            conference.co_organizers.set(co_orgs)
        if "documents" in audit and documents is not None:
            conference.documents.set(documents)
        audit_record(actor=actor, verb="conference.update", target=conference, changes=audit)
    return conference


def _illegal(conference: Conference, to: str) -> ValidationFailed:
    allowed = allowed_targets(conference.status)
    labels = ", ".join(str(Status(s).label) for s in allowed) or _("không còn bước nào")
    target = Status(to).label if to in Status.values else to
    message = _(
        "Không thể chuyển hội nghị từ “{current}” sang “{target}”. Các bước hợp lệ: {labels}."
    ).format(current=Status(conference.status).label, target=target, labels=labels)
    return ValidationFailed(message, fields={"to": message}, code="illegal_transition")


def conference_transition(
    *, conference: Conference, actor: Any, data: TransitionInput
) -> Conference:
    """Move the conference to `data.to`, or refuse with a clear error (409 if it changed).

    - invited: at least one invited unit or person; `on` = the day the invitations went out;
    - held: the conference date has come; `summary` may be recorded at once;
    - concluded: the conclusion notice has been issued; `on` defaults to today;
    - postponed: `reason`, and the new `date` when known; cancelled: `reason`;
    - planned (from postponed): the new `date` (default: the one given when postponing).
    """
    require_organiser(actor, conference)
    to = data.to
    if to not in Status.values or to not in TRANSITIONS.get(conference.status, frozenset()):
        raise _illegal(conference, to)
    if data.expected_version != conference.version:
        raise _conflict()
    values: dict[str, Any] = {"status": to}
    reason = ""
    if to == Status.INVITED:
        if not conference.invitees.exists():
            message = _(
                "Chưa có thành phần mời: thêm các cơ quan, đơn vị, đại biểu được mời trước."
            )
            raise ValidationFailed(message, fields={"to": message}, code="no_invitees")
        values["invitations_sent_on"] = _act_date(
            data.on, not_before=None, label=_("Ngày gửi giấy mời")
        )
        if values["invitations_sent_on"] > conference.date:
            message = _("Giấy mời phải gửi trước ngày hội nghị {day}.").format(
                day=short_date(conference.date)
            )
            raise ValidationFailed(message, fields={"on": message})
    elif to == Status.HELD:
        if conference.date > _today():
            message = _(
                "Hội nghị được lên lịch ngày {day}: chỉ ghi nhận đã tổ chức từ ngày đó. Nếu tổ "
                "chức vào ngày khác, hãy tạm hoãn và lên lịch lại."
            ).format(day=short_date(conference.date))
            raise ValidationFailed(message, fields={"to": message})
        values["held_on"] = conference.date
        summary = _text(data.summary, field="summary", limit=TEXT_MAX, multiline=True)
        if summary:
            values["summary"] = summary
    elif to == Status.CONCLUDED:
        conclusion = Conclusion.objects.filter(conference=conference).first()
        if conclusion is None:
            message = _(
                "Chưa ban hành thông báo kết luận: ghi các nội dung kết luận và ban hành thông báo "
                "trước khi kết thúc hồ sơ hội nghị."
            )
            raise ValidationFailed(message, fields={"to": message}, code="conclusions_missing")
        values["concluded_on"] = _act_date(
            data.on, not_before=conclusion.issued_on, label=_("Ngày kết thúc")
        )
    elif to == Status.POSTPONED:
        reason = _reason(data.reason)
        values["status_note"] = reason
        new_day = None
        if data.date is not None:
            new_day = _check_date(data.date)
            if new_day <= _today():
                message = _("Ngày dự kiến tổ chức lại phải sau hôm nay.")
                raise ValidationFailed(message, fields={"date": message})
        values["postponed_to"] = new_day
    elif to == Status.CANCELLED:
        reason = _reason(data.reason)
        values["status_note"] = reason
    elif to == Status.PLANNED:
        day = _check_date(data.date or conference.postponed_to)
        if day < _today():
            message = _("Ngày tổ chức mới không được trước hôm nay.")
            raise ValidationFailed(message, fields={"date": message})
        values.update(date=day, postponed_to=None, invitations_sent_on=None, status_note="")
        if data.start_time is not None:
            values["start_time"] = data.start_time
        reason = _text(data.reason, field="reason", limit=REASON_MAX)
    old = {k: getattr(conference, k) for k in values}
    with transaction.atomic():
        _save_versioned(conference, data.expected_version, **values)
        changes = {k: (_plain(old[k]), _plain(v)) for k, v in values.items()}
        if reason:
            changes["reason"] = (None, reason)
        audit_record(actor=actor, verb="conference.transition", target=conference, changes=changes)
    return conference


# --- Invitations and attendance ---------------------------------------------------------------


def _require_invitations_open(conference: Conference) -> None:
    if conference.status not in INVITATION_OPEN_STATES:
        message = _("Hội nghị đã “{status}”: thành phần mời không thay đổi được nữa.").format(
            status=Status(conference.status).label
        )
        raise ValidationFailed(message, fields={"status": message})


def invitee_add(*, conference: Conference, actor: Any, data: InviteeInput) -> Invitee:
    """Invite a unit of the system, or a person (by name, position and unit)."""
    require_organiser(actor, conference)
    _require_invitations_open(conference)
    org = None
    if data.organization_id is not None:
        org = _active_orgs([data.organization_id], field="organization")[0]
        _check_invitable(actor, [org], field="organization")
    name = _text(data.full_name, field="full_name", limit=200)
    title = _text(data.title, field="title", limit=300)
    unit = _text(data.unit_name, field="unit_name", limit=250)
    if org is None and not name and not unit:
        message = _("Chọn cơ quan, đơn vị được mời hoặc nhập họ tên đại biểu.")
        raise ValidationFailed(message, fields={"organization": message})
    if (
        org is not None
        and not name
        and conference.invitees.filter(organization=org, full_name="").exists()
    ):
        message = _("{org} đã có trong thành phần mời.").format(org=org.name)
        raise ValidationFailed(message, fields={"organization": message})
    if conference.invitees.count() >= MAX_INVITEES:
        message = _("Tối đa %(n)d thành phần mời.") % {"n": MAX_INVITEES}
        raise ValidationFailed(message, fields={"organization": message})
    try:
        with transaction.atomic():
            _touch(conference)
            invitee = Invitee.objects.create(
                conference=conference,
                position=_next_position(conference.invitees.all()),
                organization=org,
                full_name=name,
                title=title,
                unit_name=unit,
            )
            audit_record(
                actor=actor,
                verb="conference.invitee_add",
                target=conference,
                changes={
                    "invitee": (None, name or unit or (org.name if org else "")),
                    "organization": (None, org.code if org else None),
                },
            )
    except IntegrityError:
        message = _("Đơn vị này đã có trong thành phần mời.")
        raise ValidationFailed(message, fields={"organization": message}) from None
    return invitee


def _invitee_label(invitee: Invitee) -> str:
    if invitee.full_name or invitee.organization is None:
        return str(invitee)
    return invitee.organization.name


def invitee_remove(*, invitee: Invitee, actor: Any) -> None:
    conference = invitee.conference
    require_organiser(actor, conference)
    _require_invitations_open(conference)
    label = _invitee_label(invitee)
    with transaction.atomic():
        _touch(conference)
        invitee.delete()
        audit_record(
            actor=actor,
            verb="conference.invitee_remove",
            target=conference,
            changes={"invitee": (label, None)},
        )


def attendance_record(
    *,
    invitee: Invitee,
    actor: Any,
    attendance: str,
    reason: str = "",
    represented_by: str = "",
) -> Invitee:
    """After the meeting: present, absent (with the reason) or represented by someone."""
    conference = invitee.conference
    require_organiser(actor, conference)
    if conference.status not in (Status.HELD, Status.CONCLUDED):
        message = _("Ghi nhận tham dự sau khi hội nghị đã được tổ chức.")
        raise ValidationFailed(message, fields={"attendance": message})
    if attendance not in (Attendance.PRESENT, Attendance.ABSENT, Attendance.REPRESENTED):
        message = _("Chọn: có mặt, vắng mặt hoặc cử người dự thay.")
        raise ValidationFailed(message, fields={"attendance": message})
    absence = ""
    proxy = ""
    if attendance == Attendance.ABSENT:
        absence = _text(reason, field="absence_reason", limit=500)
        if len(absence) < 3:
            message = _("Ghi lý do vắng mặt (ít nhất 3 ký tự).")
            raise ValidationFailed(message, fields={"absence_reason": message})
    elif attendance == Attendance.REPRESENTED:
        proxy = _text(represented_by, field="represented_by", limit=300)
        if not proxy:
            message = _("Nhập họ tên, chức vụ người dự thay.")
            raise ValidationFailed(message, fields={"represented_by": message})
    old = invitee.attendance
    with transaction.atomic():
        _touch(conference)
        Invitee.objects.filter(pk=invitee.pk).update(
            attendance=attendance, absence_reason=absence, represented_by=proxy
        )
        invitee.attendance, invitee.absence_reason, invitee.represented_by = (
            attendance,
            absence,
            proxy,
        )
        changes: dict[str, Any] = {
            "invitee": (None, _invitee_label(invitee)),
            "attendance": (old, attendance),
        }
        if absence:
            changes["absence_reason"] = (None, absence)
        if proxy:
            changes["represented_by"] = (None, proxy)
        audit_record(actor=actor, verb="conference.attendance", target=conference, changes=changes)
    return invitee


# --- Conclusions (core tasks) ----------------------------------------------------------------


def _task_title(content: str, title: str) -> str:
    title = " ".join((title or "").split())
    if title:
        return title[:TASK_TITLE_MAX]
    text = " ".join(content.split())
    if len(text) <= TASK_TITLE_MAX:
        return text
    return text[: TASK_TITLE_MAX - 1].rsplit(" ", 1)[0] + "…"


def conclusion_issue(*, conference: Conference, actor: Any, data: ConclusionInput) -> Conclusion:
    """Issue the conclusion notice of a held conference: number it, and give each item to its
    lead unit as a core task (with the supporting units and their part), all or nothing."""
    require_organiser(actor, conference)
    if conference.status != Status.HELD:
        message = _(
            "Thông báo kết luận được ban hành sau khi hội nghị đã tổ chức (hiện tại: “{status}”)."
        ).format(status=Status(conference.status).label)
        raise ValidationFailed(message, fields={"items": message})
    if data.expected_version != conference.version:
        raise _conflict()
    if Conclusion.objects.filter(conference=conference).exists():
        message = _("Hội nghị đã có thông báo kết luận.")
        raise ValidationFailed(message, fields={"items": message})
    concluded_by = _text(
        data.concluded_by,
        field="concluded_by",
        limit=200,
        required=_("Nhập họ tên người kết luận hội nghị."),
    )
    concluded_title = _text(data.concluded_by_title, field="concluded_by_title", limit=300)
    signer = _text(data.signer_name, field="signer_name", limit=200) or concluded_by
    signer_title = _text(data.signer_title, field="signer_title", limit=300, multiline=True)
    assessment = _text(data.assessment, field="assessment", limit=TEXT_MAX, multiline=True)
    held = conference.held_on or conference.date
    issued_on = _act_date(
        data.issued_on, not_before=held, field="issued_on", label=_("Ngày ban hành")
    )
    if not data.items:
        message = _("Ghi ít nhất một nội dung kết luận (việc cần làm, đơn vị chủ trì, thời hạn).")
        raise ValidationFailed(message, fields={"items": message})
    if len(data.items) > MAX_ITEMS:
        message = _("Tối đa %(n)d nội dung kết luận.") % {"n": MAX_ITEMS}
        raise ValidationFailed(message, fields={"items": message})
    # Check every item before writing anything.
    prepared: list[tuple[str, str, Organization, dt.date, list[tuple[Organization, str]]]] = []
    for i, entry in enumerate(data.items):
        key = f"items.{i}"
        content = _text(
            entry.content,
            field=f"{key}.content",
            limit=TEXT_MAX,
            required=_("Nội dung kết luận số {n}: nhập việc cần làm.").format(n=i + 1),
            multiline=True,
        )
        if entry.lead_id is None:
            message = _("Nội dung kết luận số {n}: chọn đơn vị chủ trì.").format(n=i + 1)
            raise ValidationFailed(message, fields={f"{key}.lead": message})
        lead = _active_orgs([entry.lead_id], field=f"{key}.lead")[0]
        if not permissions.can_assign_to(actor, lead):
            message = _(
                "Nội dung kết luận số {n}: bạn không giao nhiệm vụ cho {org} được (cần vai trò "
                "cán bộ, lãnh đạo tại đơn vị đó hoặc cấp trên). Chọn đơn vị khác làm chủ trì và "
                "để {org} phối hợp."
            ).format(n=i + 1, org=lead.name)
            raise ValidationFailed(message, fields={f"{key}.lead": message})
        if not isinstance(entry.due, dt.date) or entry.due < held:
            message = _(
                "Nội dung kết luận số {n}: nhập thời hạn, không trước ngày hội nghị {day}."
            ).format(n=i + 1, day=short_date(held))
            raise ValidationFailed(message, fields={f"{key}.due": message})
        if len(entry.supporting) > MAX_SUPPORTING:
            message = _("Nội dung kết luận số {n}: quá nhiều đơn vị phối hợp.").format(n=i + 1)
            raise ValidationFailed(message, fields={f"{key}.supporting": message})
        orgs = _check_invitable(
            actor,
            _active_orgs([s.organization_id for s in entry.supporting], field=f"{key}.supporting"),
            field=f"{key}.supporting",
        )
        by_id = {o.pk: o for o in orgs}
        supports: list[tuple[Organization, str]] = []
        seen: set[int] = set()
        for s in entry.supporting:
            if s.organization_id in seen:
                continue
            seen.add(s.organization_id)
            if s.organization_id == lead.pk:
                message = _(
                    "Nội dung kết luận số {n}: đơn vị chủ trì không đồng thời là đơn vị phối hợp."
                ).format(n=i + 1)
                raise ValidationFailed(message, fields={f"{key}.supporting": message})
            duty = _text(s.duty, field=f"{key}.supporting", limit=300)
            supports.append((by_id[s.organization_id], duty))
        prepared.append((content, _task_title(content, entry.title), lead, entry.due, supports))

    with transaction.atomic():
        _save_versioned(conference, data.expected_version)
        items: list[ConclusionItem] = []
        for position, (content, title, lead, due, supports) in enumerate(prepared, start=1):
            item = ConclusionItem.objects.create(
                conference=conference, position=position, content=content
            )
            item.conference = conference
            task = task_services.task_create(
                actor=actor,
                title=title,
                organization=lead,
                due=due,
                description=content,
                target=item,
                supporting=supports,
            )
            ConclusionItem.objects.filter(pk=item.pk).update(task=task)
            item.task = task
            items.append(item)
        number = document_number_next(
            organization=conference.organization, symbol=NOTICE_SYMBOL, issued_on=issued_on
        )
        conclusion = Conclusion(
            conference=conference,
            number=number,
            issued_on=issued_on,
            concluded_by=concluded_by,
            concluded_by_title=concluded_title,
            signer_name=signer,
            signer_title=signer_title,
            assessment=assessment,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        from danvan.conferences.documents import notice_content

        conclusion.content = notice_content(conference, conclusion, items)
        conclusion.save()
        audit_record(
            actor=actor,
            verb="conference.conclusion_issue",
            target=conference,
            changes={
                "document": (None, number),
                "issued_on": (None, issued_on.isoformat()),
                "concluded_by": (None, concluded_by),
                "items": (None, len(items)),
                "leads": (None, sorted({lead.code for _c, _t, lead, _d, _s in prepared})),
            },
        )
    return conclusion


def notice_counter(org_id: int, symbol: str, start: dt.date, end: dt.date) -> int:
    """How many conclusion notices the body issued with `symbol` in [start, end)."""
    if symbol != NOTICE_SYMBOL:
        return 0
    return Conclusion.objects.filter(
        conference__organization_id=org_id, issued_on__gte=start, issued_on__lt=end
    ).count()


def _item_task(item: ConclusionItem) -> Task:
    if item.task_id is None:
        raise ValidationFailed(_("Nội dung kết luận chưa có nhiệm vụ."))
    return Task.objects.select_related("organization").get(pk=item.task_id)


def item_progress(
    *, item: ConclusionItem, actor: Any, progress: int, note: str = "", expected_version: int
) -> Task:
    return task_services.task_update_progress(
        task=_item_task(item),
        actor=actor,
        progress=progress,
        note=note,
        expected_version=expected_version,
    )


def item_complete(
    *,
    item: ConclusionItem,
    actor: Any,
    expected_version: int,
    on: dt.date | None = None,
    note: str = "",
) -> Task:
    if on is not None:
        _act_date(on, not_before=item.conference.date, label=_("Ngày hoàn thành"))
    return task_services.task_complete(
        task=_item_task(item), actor=actor, expected_version=expected_version, on=on, note=note
    )


def item_cancel(*, item: ConclusionItem, actor: Any, reason: str, expected_version: int) -> Task:
    return task_services.task_cancel(
        task=_item_task(item), actor=actor, reason=reason, expected_version=expected_version
    )
