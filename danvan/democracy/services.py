"""Writes of grassroots democracy: disclosures (record, edit, publish, end, withdraw) and
community decisions (record, edit, send to the commune, recognise or refuse, cancel).

Every write checks permission and input first, then changes rows inside one transaction with
its audit record; moves are guarded by `version` (a lost race is a `Conflict`). Deadlines are
re-derived in the same transaction (`democracy.deadlines`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from danvan.core.documents import short_date
from danvan.core.errors import Conflict, PermissionDenied, ValidationFailed
from danvan.core.models import Organization, OrgLevel
from danvan.core.services.audit import audit_record
from danvan.core.services.common import today
from danvan.core.services.inputs import clean_reason, clean_text
from danvan.core.services.versioning import versioned_update
from danvan.democracy import legal, permissions
from danvan.democracy.deadlines import decision_deadlines_sync, disclosure_deadlines_sync
from danvan.democracy.inputs import DecisionInput, DisclosureInput, PublishInput
from danvan.democracy.models import CommunityDecision, Disclosure
from danvan.democracy.states import (
    DECISION_EDIT_STATES,
    DECISION_TRANSITIONS,
    DISCLOSURE_EDIT_STATES,
    DISCLOSURE_TRANSITIONS,
    DecisionForm,
    DecisionStatus,
    DisclosureStatus,
)

TITLE_MAX = 300
TEXT_MAX = 20_000
AREA_MAX = 200
MAX_HOUSEHOLDS = 100_000
EARLIEST = dt.date(2000, 1, 1)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _conflict() -> Conflict:
    return Conflict(
        _("Bản ghi vừa được người khác cập nhật. Hãy tải lại trang và thực hiện lại."),
        fields={"expected_version": _("Phiên bản không còn đúng.")},
    )


def _date(day: Any, *, field: str, label: str, required: bool = True) -> dt.date | None:
    if day is None and not required:
        return None
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        message = _("Nhập {what} (ngày/tháng/năm).").format(what=label)
        raise ValidationFailed(message, fields={field: message})
    if not EARLIEST <= day <= today():
        message = _("{what} phải trong khoảng từ {low} đến hôm nay.").format(
            what=label[:1].upper() + label[1:], low=short_date(EARLIEST)
        )
        raise ValidationFailed(message, fields={field: message})
    return day


def _commune_body(org_id: int | None, actor: Any) -> Organization:
    org = Organization.objects.filter(pk=org_id or 0, is_active=True).first()
    if org is None:
        message = _("Chọn chính quyền cấp xã.")
        raise ValidationFailed(message, fields={"organization": message})
    if org.level != OrgLevel.COMMUNE:
        message = _("Chọn một cơ quan cấp xã (xã, phường, đặc khu).")
        raise ValidationFailed(message, fields={"organization": message})
    if not permissions.can_manage_at(actor, org):
        raise PermissionDenied(_("Bạn không có quyền ghi nhận việc này cho cơ quan đã chọn."))
    return org


def _check_version(record: Any, expected_version: int) -> None:
    """A client that read an older version gets a conflict before any other check."""
    if int(record.version) != int(expected_version):
        raise _conflict()


def _require_manager(actor: Any, record: Any) -> None:
    if not permissions.can_manage(actor, record):
        raise PermissionDenied(
            _(
                "Bạn không có quyền thực hiện việc này: cần vai trò cán bộ hoặc lãnh đạo tại "
                "chính quyền cấp xã hoặc cơ quan cấp trên."
            )
        )


# --- Disclosures -----------------------------------------------------------------------------


def _clean_channels(codes: list[str]) -> list[str]:
    known = {c["code"] for c in legal.channels()}
    wanted = list(dict.fromkeys(str(c) for c in codes))
    unknown = [c for c in wanted if c not in known]
    if unknown:
        message = _("Hình thức công khai không có trong danh mục: {codes}.").format(
            codes=", ".join(unknown)
        )
        raise ValidationFailed(message, fields={"channels": message})
    return wanted


def _check_display(
    channels: list[str], start: dt.date | None, end: dt.date | None, *, on: dt.date
) -> None:
    if start is None or end is None:
        if start is not None or end is not None:
            message = _("Nhập cả ngày bắt đầu và ngày kết thúc công khai.")
            raise ValidationFailed(message, fields={"display_to": message})
        return
    if end < start:
        message = _("Ngày kết thúc công khai không được trước ngày bắt đầu.")
        raise ValidationFailed(message, fields={"display_to": message})
    length = (end - start).days + 1
    for rule in legal.display_rules(on):
        if rule["channel"] in channels and length < int(rule["min_days"]):
            message = _(
                "{channel}: thời gian công khai ít nhất {n} ngày ({citation}); "
                "khoảng đã nhập có {m} ngày."
            ).format(
                channel=legal.channel_label(rule["channel"]),
                n=rule["min_days"],
                citation=rule["citation"],
                m=length,
            )
            raise ValidationFailed(message, fields={"display_to": message})


def _clean_disclosure(data: DisclosureInput) -> dict[str, Any]:
    decision_date = _date(
        data.decision_date, field="decision_date", label=_("ngày ban hành quyết định, văn bản")
    )
    assert decision_date is not None
    if legal.group(data.group) is None or data.group not in {
        g["code"] for g in legal.disclosure_groups(decision_date)
    }:
        message = _("Chọn nhóm nội dung công khai theo Điều 11 của Luật.")
        raise ValidationFailed(message, fields={"group": message})
    document_date = _date(
        data.document_date, field="document_date", label=_("ngày văn bản"), required=False
    )
    channels = _clean_channels(data.channels)
    _check_display(channels, data.display_from, data.display_to, on=decision_date)
    return {
        "group": data.group,
        "title": clean_text(
            data.title, field="title", limit=TITLE_MAX, required=_("Nhập tên nội dung công khai.")
        ),
        "content": clean_text(data.content, field="content", limit=TEXT_MAX, multiline=True),
        "residential_area": clean_text(
            data.residential_area, field="residential_area", limit=AREA_MAX
        ),
        "document_number": clean_text(data.document_number, field="document_number", limit=60),
        "document_date": document_date,
        "decision_date": decision_date,
        "channels": channels,
        "display_from": data.display_from,
        "display_to": data.display_to,
    }


def disclosure_create(*, actor: Any, data: DisclosureInput) -> Disclosure:
    """Record an item the commune must disclose (a draft until it is published)."""
    org = _commune_body(data.organization_id, actor)
    values = _clean_disclosure(data)
    with transaction.atomic():
        disclosure = Disclosure.objects.create(
            organization=org,
            created_by=actor if getattr(actor, "pk", None) else None,
            **values,
        )
        disclosure_deadlines_sync(disclosure)
        audit_record(
            actor=actor,
            verb="disclosure.create",
            target=disclosure,
            changes={
                "organization": (None, org.code),
                "group": (None, disclosure.group),
                "title": (None, disclosure.title),
                "decision_date": (None, _plain(disclosure.decision_date)),
                "publish_due": (None, _plain(disclosure.publish_due)),
            },
        )
    return disclosure


def disclosure_update(
    *, disclosure: Disclosure, actor: Any, data: DisclosureInput, expected_version: int
) -> Disclosure:
    """Change a disclosure not yet published (the body stays)."""
    _require_manager(actor, disclosure)
    _check_version(disclosure, expected_version)
    if disclosure.status not in DISCLOSURE_EDIT_STATES:
        message = _("Nội dung đã công khai hoặc đã thu hồi: không sửa được nữa.")
        raise ValidationFailed(message, fields={"title": message})
    values = _clean_disclosure(data)
    changes = {
        k: (_plain(getattr(disclosure, k)), _plain(v))
        for k, v in values.items()
        if getattr(disclosure, k) != v
    }
    with transaction.atomic():
        if not versioned_update(disclosure, expected_version=expected_version, **values):
            raise _conflict()
        disclosure_deadlines_sync(disclosure)
        if changes:
            audit_record(actor=actor, verb="disclosure.update", target=disclosure, changes=changes)
    return disclosure


def disclosure_publish(
    *, disclosure: Disclosure, actor: Any, data: PublishInput, expected_version: int
) -> Disclosure:
    """Record the publication: the day, the channels and the display period. Published after
    the deadline is late (kept and shown, never refused)."""
    _require_manager(actor, disclosure)
    _check_version(disclosure, expected_version)
    if DisclosureStatus.PUBLISHED not in DISCLOSURE_TRANSITIONS[disclosure.status]:
        message = _("Nội dung này không ở trạng thái chờ công khai.")
        raise ValidationFailed(message, fields={"published_on": message})
    published_on = _date(data.published_on, field="published_on", label=_("ngày công khai"))
    assert published_on is not None
    if published_on < disclosure.decision_date:
        message = _("Ngày công khai không được trước ngày ban hành văn bản ({day}).").format(
            day=short_date(disclosure.decision_date)
        )
        raise ValidationFailed(message, fields={"published_on": message})
    channels = _clean_channels(data.channels or list(disclosure.channels))
    if not channels:
        message = _("Chọn ít nhất một hình thức công khai.")
        raise ValidationFailed(message, fields={"channels": message})
    display_from = data.display_from or disclosure.display_from or published_on
    display_to = data.display_to or disclosure.display_to
    if display_to is None:
        message = _("Nhập ngày kết thúc thời gian công khai.")
        raise ValidationFailed(message, fields={"display_to": message})
    if display_from < published_on:
        message = _("Thời gian công khai không bắt đầu trước ngày công khai.")
        raise ValidationFailed(message, fields={"display_from": message})
    _check_display(channels, display_from, display_to, on=published_on)
    values = {
        "status": DisclosureStatus.PUBLISHED,
        "published_on": published_on,
        "channels": channels,
        "display_from": display_from,
        "display_to": display_to,
    }
    old = {k: _plain(getattr(disclosure, k)) for k in values}
    with transaction.atomic():
        if not versioned_update(disclosure, expected_version=expected_version, **values):
            raise _conflict()
        disclosure_deadlines_sync(disclosure)
        changes: dict[str, tuple[Any, Any]] = {k: (old[k], _plain(v)) for k, v in values.items()}
        changes["late"] = (None, disclosure.is_late)
        audit_record(actor=actor, verb="disclosure.publish", target=disclosure, changes=changes)
    return disclosure


def disclosure_transition(
    *, disclosure: Disclosure, actor: Any, to: str, reason: str = "", expected_version: int
) -> Disclosure:
    """End the display or withdraw (withdrawing needs a reason). Publishing is
    `disclosure_publish`."""
    _require_manager(actor, disclosure)
    _check_version(disclosure, expected_version)
    if to == DisclosureStatus.PUBLISHED:
        message = _("Dùng chức năng “Công khai” để ghi ngày và hình thức công khai.")
        raise ValidationFailed(message, fields={"to": message})
    if to not in DISCLOSURE_TRANSITIONS.get(disclosure.status, frozenset()):
        message = _("Không chuyển được từ “{a}” sang “{b}”.").format(
            a=disclosure.get_status_display(),
            b=dict(DisclosureStatus.choices).get(to, to),
        )
        raise ValidationFailed(message, fields={"to": message}, code="illegal_transition")
    note = ""
    if to == DisclosureStatus.WITHDRAWN:
        note = clean_reason(reason)
    old = disclosure.status
    with transaction.atomic():
        if not versioned_update(
            disclosure, expected_version=expected_version, status=to, status_note=note
        ):
            raise _conflict()
        disclosure_deadlines_sync(disclosure)
        audit_record(
            actor=actor,
            verb="disclosure.transition",
            target=disclosure,
            changes={"status": (old, to), **({"reason": (None, note)} if note else {})},
        )
    return disclosure


# --- Community decisions ---------------------------------------------------------------------


def _count(value: Any, *, field: str, label: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        message = _("Nhập {what}.").format(what=label)
        raise ValidationFailed(message, fields={field: message})
    if not 0 <= value <= MAX_HOUSEHOLDS:
        message = _("{what} phải từ 0 đến {n}.").format(
            what=label[:1].upper() + label[1:], n=MAX_HOUSEHOLDS
        )
        raise ValidationFailed(message, fields={field: message})
    return value


def _clean_decision(data: DecisionInput) -> dict[str, Any]:
    held_on = _date(data.held_on, field="held_on", label=_("ngày họp, ngày kiểm phiếu"))
    assert held_on is not None
    if data.matter not in {m["code"] for m in legal.matters(held_on)}:
        message = _("Chọn nội dung Nhân dân bàn và quyết định theo Điều 15 của Luật.")
        raise ValidationFailed(message, fields={"matter": message})
    if data.form not in DecisionForm.values:
        message = _("Chọn hình thức: họp đại diện hộ gia đình hoặc phát phiếu.")
        raise ValidationFailed(message, fields={"form": message})
    total = _count(data.total_households, field="total_households", label=_("tổng số hộ"))
    if total < 1:
        message = _("Tổng số hộ gia đình phải lớn hơn 0.")
        raise ValidationFailed(message, fields={"total_households": message})
    participating = _count(data.participating, field="participating", label=_("số hộ tham gia"))
    agreeing = _count(data.agreeing, field="agreeing", label=_("số hộ tán thành"))
    against = _count(data.against or 0, field="against", label=_("số hộ không tán thành"))
    if participating > total:
        message = _("Số hộ tham gia không được lớn hơn tổng số hộ gia đình ({n}).").format(n=total)
        raise ValidationFailed(message, fields={"participating": message})
    if agreeing + against > participating:
        message = _(
            "Số hộ tán thành và không tán thành cộng lại ({n}) vượt số hộ tham gia ({m})."
        ).format(n=agreeing + against, m=participating)
        raise ValidationFailed(message, fields={"agreeing": message})
    result = legal.tally(
        matter_code=data.matter,
        total=total,
        participating=participating,
        agreeing=agreeing,
        against=against,
    )
    return {
        "residential_area": clean_text(
            data.residential_area,
            field="residential_area",
            limit=AREA_MAX,
            required=_("Nhập tên thôn, tổ dân phố."),
        ),
        "matter": data.matter,
        "title": clean_text(
            data.title, field="title", limit=TITLE_MAX, required=_("Nhập vấn đề bàn và quyết định.")
        ),
        "content": clean_text(data.content, field="content", limit=TEXT_MAX, multiline=True),
        "form": data.form,
        "held_on": held_on,
        "total_households": total,
        "participating": participating,
        "agreeing": agreeing,
        "against": against,
        "quorum_met": result.quorum_met,
        "passed": result.passed,
        "threshold_key": result.approval.key,
    }


def decision_create(*, actor: Any, data: DecisionInput) -> CommunityDecision:
    """Record the result of a meeting or household ballot of a residential area."""
    org = _commune_body(data.organization_id, actor)
    values = _clean_decision(data)
    with transaction.atomic():
        decision = CommunityDecision.objects.create(
            organization=org,
            created_by=actor if getattr(actor, "pk", None) else None,
            **values,
        )
        decision_deadlines_sync(decision)
        audit_record(
            actor=actor,
            verb="community_decision.create",
            target=decision,
            changes={
                "organization": (None, org.code),
                "residential_area": (None, decision.residential_area),
                "matter": (None, decision.matter),
                "held_on": (None, _plain(decision.held_on)),
                "total_households": (None, decision.total_households),
                "participating": (None, decision.participating),
                "agreeing": (None, decision.agreeing),
                "passed": (None, decision.passed),
            },
        )
    return decision


def decision_update(
    *, decision: CommunityDecision, actor: Any, data: DecisionInput, expected_version: int
) -> CommunityDecision:
    """Correct a record not yet sent to the commune (the outcome is recomputed)."""
    _require_manager(actor, decision)
    _check_version(decision, expected_version)
    if decision.status not in DECISION_EDIT_STATES:
        message = _("Biên bản đã gửi Ủy ban nhân dân xã: không sửa được nữa.")
        raise ValidationFailed(message, fields={"title": message})
    values = _clean_decision(data)
    changes = {
        k: (_plain(getattr(decision, k)), _plain(v))
        for k, v in values.items()
        if getattr(decision, k) != v
    }
    with transaction.atomic():
        if not versioned_update(decision, expected_version=expected_version, **values):
            raise _conflict()
        decision_deadlines_sync(decision)
        if changes:
            audit_record(
                actor=actor, verb="community_decision.update", target=decision, changes=changes
            )
    return decision


def decision_send(
    *, decision: CommunityDecision, actor: Any, sent_on: dt.date | None, expected_version: int
) -> CommunityDecision:
    """Record that the meeting or ballot record reached the commune People's Committee."""
    _require_manager(actor, decision)
    _check_version(decision, expected_version)
    if decision.status != DecisionStatus.RECORDED:
        message = _("Biên bản này đã được gửi hoặc đã hủy.")
        raise ValidationFailed(message, fields={"sent_on": message})
    day = _date(sent_on or today(), field="sent_on", label=_("ngày gửi biên bản"))
    assert day is not None
    if day < decision.held_on:
        message = _("Ngày gửi biên bản không được trước ngày họp ({day}).").format(
            day=short_date(decision.held_on)
        )
        raise ValidationFailed(message, fields={"sent_on": message})
    with transaction.atomic():
        if not versioned_update(
            decision, expected_version=expected_version, status=DecisionStatus.SENT, sent_on=day
        ):
            raise _conflict()
        decision_deadlines_sync(decision)
        audit_record(
            actor=actor,
            verb="community_decision.send",
            target=decision,
            changes={
                "status": (DecisionStatus.RECORDED, DecisionStatus.SENT),
                "sent_on": (None, _plain(day)),
                "late": (None, bool(decision.report_due and day > decision.report_due)),
            },
        )
    return decision


def decision_recognise(
    *,
    decision: CommunityDecision,
    actor: Any,
    recognised: bool,
    decided_on: dt.date | None,
    decision_number: str = "",
    reason: str = "",
    expected_version: int,
) -> CommunityDecision:
    """The commune People's Committee recognises the result, or refuses it with a reason. A
    result that did not pass its thresholds cannot be recognised."""
    if not permissions.can_recognise(actor, decision):
        raise PermissionDenied(
            _("Chỉ lãnh đạo Ủy ban nhân dân cấp xã (hoặc cấp trên) công nhận kết quả.")
        )
    _check_version(decision, expected_version)
    if decision.status != DecisionStatus.SENT:
        message = _("Chỉ công nhận hoặc không công nhận biên bản đã gửi Ủy ban nhân dân xã.")
        raise ValidationFailed(message, fields={"recognised": message})
    day = _date(decided_on or today(), field="decided_on", label=_("ngày quyết định"))
    assert day is not None and decision.sent_on is not None
    if day < decision.sent_on:
        message = _("Ngày quyết định không được trước ngày nhận biên bản ({day}).").format(
            day=short_date(decision.sent_on)
        )
        raise ValidationFailed(message, fields={"decided_on": message})
    note = clean_reason(reason) if (not recognised or str(reason or "").strip()) else ""
    if recognised and not decision.passed:
        message = _(
            "Kết quả chưa đạt tỷ lệ theo quy định nên không thể công nhận; chọn “Không công "
            "nhận” và ghi lý do."
        )
        raise ValidationFailed(message, fields={"recognised": message})
    to = DecisionStatus.RECOGNISED if recognised else DecisionStatus.REFUSED
    number = clean_text(decision_number, field="decision_number", limit=60)
    with transaction.atomic():
        if not versioned_update(
            decision,
            expected_version=expected_version,
            status=to,
            decided_on=day,
            decision_number=number,
            status_note=note,
        ):
            raise _conflict()
        decision_deadlines_sync(decision)
        audit_record(
            actor=actor,
            verb="community_decision.recognise",
            target=decision,
            changes={
                "status": (DecisionStatus.SENT, to),
                "decided_on": (None, _plain(day)),
                **({"decision_number": (None, number)} if number else {}),
                **({"reason": (None, note)} if note else {}),
            },
        )
    return decision


def decision_cancel(
    *, decision: CommunityDecision, actor: Any, reason: str, expected_version: int
) -> CommunityDecision:
    """Cancel a record entered in error (before it is sent)."""
    _require_manager(actor, decision)
    _check_version(decision, expected_version)
    if DecisionStatus.CANCELLED not in DECISION_TRANSITIONS[decision.status]:
        message = _("Chỉ hủy được biên bản chưa gửi Ủy ban nhân dân xã.")
        raise ValidationFailed(message, fields={"reason": message}, code="illegal_transition")
    note = clean_reason(reason)
    old = decision.status
    with transaction.atomic():
        if not versioned_update(
            decision,
            expected_version=expected_version,
            status=DecisionStatus.CANCELLED,
            status_note=note,
        ):
            raise _conflict()
        decision_deadlines_sync(decision)
        audit_record(
            actor=actor,
            verb="community_decision.cancel",
            target=decision,
            changes={"status": (old, DecisionStatus.CANCELLED), "reason": (None, note)},
        )
    return decision
