"""Writes of the campaigns module (conventions §1): every change goes through these.

Each service checks permission and input first (raising `core.errors`), then writes inside
`transaction.atomic` with its audit entry and, for what belongs on the campaign's timeline, a
`CampaignEvent`. Moves and edits of the plan are guarded by the campaign's `version`
(`core.services.versioning.versioned_update`); target changes bump it too, so an evaluation
prepared from a page read before a change of targets is refused as a conflict.

Recording an activity does not need the version (several units report at the same time), but
it re-checks in the same transaction that the campaign still runs, with a conditional update,
so an activity never lands in a campaign that was ended meanwhile.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.campaigns import permissions
from danvan.campaigns.inputs import (
    ActivityInput,
    CampaignChanges,
    CampaignInput,
    FollowUpInput,
    TargetInput,
    TransitionInput,
    UnitInput,
)
from danvan.campaigns.models import (
    VALUE_DIGITS,
    VALUE_PLACES,
    Activity,
    ActivityFile,
    ActivityResult,
    Campaign,
    CampaignEvent,
    CampaignUnit,
    Target,
)
from danvan.campaigns.states import (
    EDIT_STATES,
    REASON_STATES,
    RECORD_STATES,
    TASK_STATES,
    TRANSITIONS,
    ActivityKind,
    Kind,
    Status,
    Tally,
    allowed_targets,
)
from danvan.core.documents import short_date
from danvan.core.errors import Conflict, PermissionDenied, ValidationFailed
from danvan.core.files import CheckedFile, UploadedFileInput, files_check
from danvan.core.models import AdminUnit, Membership, Organization, Task
from danvan.core.models.units import UnitLevel
from danvan.core.services import tasks as task_services
from danvan.core.services.audit import audit_record
from danvan.core.services.common import field_error as _fail
from danvan.core.services.common import today as _today
from danvan.core.services.inputs import clean_day
from danvan.core.services.inputs import clean_reason as _reason
from danvan.core.services.inputs import clean_text as _text
from danvan.core.services.versioning import versioned_update
from danvan.text import fold

EARLIEST = dt.date(2000, 1, 1)
MAX_YEARS_AHEAD = 5
TEXT_MAX = 20_000
REASON_MAX = 1_000
MAX_AREAS = 200
MAX_UNITS = 100
MAX_TARGETS = 30
MAX_RESULTS = 30
MAX_PEOPLE = 100_000_000
ASSESSMENT_MIN = 10
_QUANT = Decimal(1).scaleb(-VALUE_PLACES)
_VALUE_MAX = Decimal(10) ** (VALUE_DIGITS - VALUE_PLACES)


# --- Small checks ----------------------------------------------------------------------------


def _day(value: Any, *, field: str, label: str) -> dt.date:
    return clean_day(
        value, field=field, label=label, earliest=EARLIEST, years_ahead=MAX_YEARS_AHEAD
    )


def _period(starts_on: Any, ends_on: Any) -> tuple[dt.date, dt.date]:
    start = _day(starts_on, field="starts_on", label=_("ngày bắt đầu"))
    end = _day(ends_on, field="ends_on", label=_("ngày kết thúc"))
    if end < start:
        raise _fail("ends_on", _("Ngày kết thúc phải từ ngày bắt đầu trở đi."))
    return start, end


def _act_date(on: dt.date | None, *, not_before: dt.date | None, label: str) -> dt.date:
    """The date of an act: default today; never in the future nor before `not_before`."""
    day = on or _today()
    if day > _today():
        raise _fail("on", _("{what} không được sau hôm nay.").format(what=label))
    if not_before is not None and day < not_before:
        raise _fail(
            "on",
            _("{what} không được trước ngày {day}.").format(what=label, day=short_date(not_before)),
        )
    return day


def value_parse(value: Any, *, field: str, label: str = "") -> Decimal:
    """A non-negative figure with at most two decimals ("3400", "12,5", 87.5)."""
    what = label or _("Giá trị")
    if value is None or (isinstance(value, str) and not value.strip()):
        raise _fail(field, _("Nhập {what}.").format(what=what.lower()))
    if isinstance(value, bool):
        raise _fail(field, _("{what} phải là một số.").format(what=what))
    try:
        text = str(value).strip().replace(" ", "")
        if isinstance(value, str) and "," in text and "." not in text:
            text = text.replace(",", ".")
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        raise _fail(field, _("{what} phải là một số.").format(what=what)) from None
    if not number.is_finite() or number < 0:
        raise _fail(field, _("{what} phải là số không âm.").format(what=what))
    if number >= _VALUE_MAX:
        raise _fail(field, _("{what} quá lớn.").format(what=what))
    if number != number.quantize(_QUANT):
        raise _fail(field, _("{what} chỉ lấy tối đa 2 chữ số thập phân.").format(what=what))
    return number.quantize(_QUANT)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize()) if value == value.to_integral() else str(value)
    return value


def _search_text(*parts: str) -> str:
    return fold(" ".join(p for p in parts if p))[:4000]


def require_manager(actor: Any, campaign: Campaign) -> None:
    if not permissions.can_manage(actor, campaign):
        raise PermissionDenied(
            _(
                "Bạn không có quyền quản lý cuộc vận động này (cần vai trò cán bộ hoặc lãnh đạo "
                "tại đơn vị chủ trì hoặc cấp trên)."
            )
        )


def _conflict() -> Conflict:
    message = _(
        "Cuộc vận động vừa được người khác cập nhật: tải lại trang để xem thay đổi rồi thực hiện "
        "lại."
    )
    return Conflict(message, fields={"expected_version": message})


def _save_versioned(campaign: Campaign, expected_version: int, **values: Any) -> None:
    if expected_version != campaign.version or not versioned_update(
        campaign, expected_version=expected_version, **values
    ):
        raise _conflict()


def _touch(campaign: Campaign) -> None:
    """Bump the version after a change of the campaign's targets."""
    Campaign.objects.filter(pk=campaign.pk).update(version=F("version") + 1)
    campaign.version = int(
        Campaign.objects.filter(pk=campaign.pk).values_list("version", flat=True).get()
    )


def _event(
    campaign: Campaign,
    actor: Any,
    verb: str,
    *,
    on: dt.date | None = None,
    note: str = "",
    from_status: str = "",
    to_status: str = "",
) -> None:
    CampaignEvent.objects.create(
        campaign=campaign,
        on=on or _today(),
        actor=actor if getattr(actor, "pk", None) else None,
        verb=verb,
        from_status=from_status,
        to_status=to_status,
        note=note[:1000],
    )


def _organization_for(actor: Any, organization_id: int | None) -> Organization:
    if organization_id is not None:
        org = (
            Organization.objects.filter(pk=organization_id, is_active=True)
            .select_related("area")
            .first()
        )
        if org is None or not permissions.can_manage_at(actor, org):
            raise _fail(
                "organization",
                _("Không có đơn vị này hoặc bạn không được chủ trì cuộc vận động cho đơn vị này."),
            )
        return org
    ids = sorted(
        {
            m.organization_id
            for m in Membership.objects.filter(
                user_id=int(getattr(actor, "pk", 0) or 0), role__in=permissions.MANAGER_ROLES
            )
        }
    )
    orgs = list(Organization.objects.filter(pk__in=ids, is_active=True).select_related("area")[:2])
    if not orgs:
        raise PermissionDenied(
            _(
                "Bạn chưa có vai trò cán bộ hoặc lãnh đạo ở đơn vị nào nên chưa chủ trì cuộc vận "
                "động được."
            )
        )
    if len(orgs) > 1:
        raise _fail("organization", _("Bạn làm việc ở nhiều đơn vị: chọn đơn vị chủ trì."))
    return orgs[0]


def _check_kind(kind: str) -> str:
    if kind not in Kind.values:
        raise _fail("kind", _("Chọn hình thức: vận động, tuyên truyền hoặc cả hai."))
    return kind


def _check_areas(org: Organization, area_ids: Sequence[int]) -> list[AdminUnit]:
    """Communes (or the province) inside the organiser's own area, at least one."""
    ids = sorted({int(a) for a in area_ids})
    if not ids:
        raise _fail("areas", _("Chọn ít nhất một địa bàn (xã, phường) của cuộc vận động."))
    if len(ids) > MAX_AREAS:
        raise _fail("areas", _("Tối đa %(n)d địa bàn.") % {"n": MAX_AREAS})
    units = list(
        AdminUnit.objects.filter(pk__in=ids, valid_to__isnull=True).select_related("parent")
    )
    if len(units) != len(ids):
        raise _fail("areas", _("Có địa bàn không tồn tại hoặc đã hết hiệu lực."))
    home = org.area_id
    if org.level != "national":
        outside = [
            u.full_name for u in units if home is None or (u.pk != home and u.parent_id != home)
        ]
        if outside:
            raise _fail(
                "areas",
                _("Địa bàn ngoài phạm vi của đơn vị chủ trì: {names}.").format(
                    names=", ".join(outside[:5])
                ),
            )
    return units


def _check_units(
    org: Organization, units: Sequence[UnitInput], *, keep: Sequence[int] = ()
) -> list[tuple[Organization, str]]:
    if len(units) > MAX_UNITS:
        raise _fail("units", _("Tối đa %(n)d đơn vị phối hợp.") % {"n": MAX_UNITS})
    ids = [int(u.organization_id) for u in units]
    if len(set(ids)) != len(ids):
        raise _fail("units", _("Mỗi đơn vị phối hợp chỉ ghi một lần."))
    if org.pk in ids:
        raise _fail("units", _("Đơn vị chủ trì không ghi lại là đơn vị phối hợp."))
    found = {o.pk: o for o in Organization.objects.filter(pk__in=ids, is_active=True)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise _fail("units", _("Có đơn vị phối hợp không tồn tại hoặc đã ngừng hoạt động."))
    # The units the plan form offers (`selectors.unit_choices`): those of the organiser's area
    # (a province: the province and its communes); units already taking part stay.
    if org.level != "national":
        home = org.area_id
        kept = {int(i) for i in keep}
        area_parent = dict(
            AdminUnit.objects.filter(
                pk__in=sorted({o.area_id for o in found.values() if o.area_id is not None})
            ).values_list("id", "parent_id")
        )
        outside = [
            o.name
            for o in found.values()
            if o.pk not in kept
            and (
                home is None
                or o.area_id is None
                or (o.area_id != home and area_parent.get(o.area_id) != home)
            )
        ]
        if outside:
            raise _fail(
                "units",
                _("Đơn vị phối hợp ngoài địa bàn của đơn vị chủ trì: {names}.").format(
                    names=", ".join(outside[:5])
                ),
            )
    return [(found[int(u.organization_id)], _text(u.part, field="units", limit=500)) for u in units]


def _check_document(actor: Any, document_id: int | None) -> Any:
    """The basis document (coordination.LegalDocument), among those the actor may see."""
    if document_id is None:
        return None
    from danvan.coordination.selectors import documents_visible

    document = documents_visible(user=actor, ids=[document_id]).get(int(document_id))
    if document is None:
        raise _fail(
            "basis_document", _("Không tìm thấy văn bản căn cứ này (hoặc bạn không có quyền xem).")
        )
    return document


def _check_target(data: TargetInput, *, field: str = "targets") -> dict[str, Any]:
    label = _text(data.label, field=field, limit=300, required=_("Nhập tên chỉ tiêu."))
    unit = _text(
        data.unit, field=field, limit=30, required=_("Nhập đơn vị tính (hộ, m², người, %...).")
    )
    if data.tally not in Tally.values:
        raise _fail(field, _("Chọn cách tính kết quả của chỉ tiêu."))
    target = value_parse(data.target_value, field=field, label=_("Chỉ tiêu phải đạt"))
    baseline = value_parse(
        data.baseline if data.baseline not in (None, "") else 0,
        field=field,
        label=_("Giá trị ban đầu"),
    )
    if target <= baseline:
        raise _fail(
            field,
            _("Chỉ tiêu “{label}”: giá trị phải đạt phải lớn hơn giá trị ban đầu.").format(
                label=label[:80]
            ),
        )
    return {
        "label": label,
        "unit": unit,
        "tally": data.tally,
        "target_value": target,
        "baseline": baseline,
    }


# --- The campaign ----------------------------------------------------------------------------


def campaign_create(*, actor: Any, data: CampaignInput) -> Campaign:
    """Plan a campaign (status planned) with its areas, participating units and targets."""
    kind = _check_kind(data.kind)
    org = _organization_for(actor, data.organization_id)
    title = _text(data.title, field="title", limit=300, required=_("Nhập tên cuộc vận động."))
    target_group = _text(
        data.target_group,
        field="target_group",
        limit=300,
        required=_("Nhập đối tượng vận động, tuyên truyền."),
    )
    purpose = _text(data.purpose, field="purpose", limit=TEXT_MAX, multiline=True)
    note = _text(data.basis_note, field="basis_note", limit=500)
    start, end = _period(data.starts_on, data.ends_on)
    areas = _check_areas(org, data.area_ids)
    units = _check_units(org, data.units)
    document = _check_document(actor, data.basis_document_id)
    if len(data.targets) > MAX_TARGETS:
        raise _fail("targets", _("Tối đa %(n)d chỉ tiêu.") % {"n": MAX_TARGETS})
    targets = [_check_target(t) for t in data.targets]
    with transaction.atomic():
        campaign = Campaign.objects.create(
            organization=org,
            kind=kind,
            title=title,
            purpose=purpose,
            target_group=target_group,
            starts_on=start,
            ends_on=end,
            basis_document=document,
            basis_note=note,
            search_text=_search_text(title, target_group),
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        campaign.areas.set(areas)
        CampaignUnit.objects.bulk_create(
            CampaignUnit(campaign=campaign, organization=o, part=part) for o, part in units
        )
        Target.objects.bulk_create(
            Target(campaign=campaign, position=i + 1, **t) for i, t in enumerate(targets)
        )
        audit_record(
            actor=actor,
            verb="campaign.create",
            target=campaign,
            changes={
                "kind": (None, kind),
                "organization": (None, org.code),
                "title": (None, title),
                "target_group": (None, target_group),
                "starts_on": (None, start.isoformat()),
                "ends_on": (None, end.isoformat()),
                "areas": (None, [a.code for a in areas]),
                "units": (None, [o.code for o, _p in units] or None),
                "basis_document": (None, str(document) if document is not None else None),
                "targets": (
                    None,
                    [f"{t['label']} ({_plain(t['target_value'])} {t['unit']})" for t in targets]
                    or None,
                ),
            },
        )
        _event(campaign, actor, "created", to_status=Status.PLANNED)
    return campaign


def campaign_update(
    *, campaign: Campaign, actor: Any, changes: CampaignChanges, expected_version: int
) -> Campaign:
    """Change the plan (what, who, where, when) until the campaign ends."""
    require_manager(actor, campaign)
    if campaign.status not in EDIT_STATES:
        raise _fail(
            "status",
            _("Cuộc vận động đã “{status}”: không sửa kế hoạch được nữa.").format(
                status=Status(campaign.status).label
            ),
        )
    org = campaign.organization
    values: dict[str, Any] = {}
    if changes.kind is not None:
        values["kind"] = _check_kind(changes.kind)
    if changes.title is not None:
        values["title"] = _text(
            changes.title, field="title", limit=300, required=_("Nhập tên cuộc vận động.")
        )
    if changes.target_group is not None:
        values["target_group"] = _text(
            changes.target_group,
            field="target_group",
            limit=300,
            required=_("Nhập đối tượng vận động, tuyên truyền."),
        )
    if changes.purpose is not None:
        values["purpose"] = _text(changes.purpose, field="purpose", limit=TEXT_MAX, multiline=True)
    if changes.basis_note is not None:
        values["basis_note"] = _text(changes.basis_note, field="basis_note", limit=500)
    if changes.starts_on is not None or changes.ends_on is not None:
        start, end = _period(
            changes.starts_on or campaign.starts_on, changes.ends_on or campaign.ends_on
        )
        if campaign.started_on is not None and start > campaign.started_on:
            raise _fail(
                "starts_on",
                _(
                    "Cuộc vận động đã triển khai từ ngày {day}: ngày bắt đầu không được sau "
                    "ngày đó."
                ).format(day=short_date(campaign.started_on)),
            )
        values["starts_on"], values["ends_on"] = start, end
    if changes.basis_document_id is not None:
        document = (
            _check_document(actor, changes.basis_document_id) if changes.basis_document_id else None
        )
        values["basis_document_id"] = document.pk if document is not None else None
    values = {k: v for k, v in values.items() if getattr(campaign, k) != v}
    new_areas: list[AdminUnit] | None = None
    if changes.area_ids is not None:
        new_areas = _check_areas(org, changes.area_ids)
        old_area_ids = set(campaign.areas.values_list("id", flat=True))
        used = set(
            Activity.objects.filter(campaign=campaign).values_list("area_id", flat=True).distinct()
        )
        kept = {a.pk for a in new_areas} | {
            int(a.parent_id) for a in new_areas if a.parent_id is not None
        }
        dropped = [
            a
            for a in AdminUnit.objects.filter(pk__in=sorted(used))
            if a.pk not in kept and a.parent_id not in {u.pk for u in new_areas}
        ]
        if dropped:
            raise _fail(
                "areas",
                _("Không bỏ được địa bàn đã có hoạt động: {names}.").format(
                    names=", ".join(a.full_name for a in dropped[:5])
                ),
            )
        if {a.pk for a in new_areas} == old_area_ids:
            new_areas = None
    new_units: list[tuple[Organization, str]] | None = None
    if changes.units is not None:
        new_units = _check_units(
            org,
            changes.units,
            keep=list(campaign.units.values_list("organization_id", flat=True)),
        )
        current = {
            u.organization_id: u.part for u in CampaignUnit.objects.filter(campaign=campaign)
        }
        wanted = {o.pk: part for o, part in new_units}
        reporting = set(
            Activity.objects.filter(campaign=campaign)
            .exclude(organization_id=org.pk)
            .values_list("organization_id", flat=True)
        )
        removed = [i for i in current if i not in wanted and i in reporting]
        if removed:
            names = Organization.objects.filter(pk__in=removed).values_list("name", flat=True)
            raise _fail(
                "units",
                _("Không bỏ được đơn vị đã báo cáo hoạt động: {names}.").format(
                    names=", ".join(names[:5])
                ),
            )
        if wanted == current:
            new_units = None
    if not values and new_areas is None and new_units is None:
        return campaign
    old = {k: getattr(campaign, k) for k in values}
    with transaction.atomic():
        if "title" in values or "target_group" in values:
            values["search_text"] = _search_text(
                values.get("title", campaign.title),
                values.get("target_group", campaign.target_group),
            )
        _save_versioned(campaign, expected_version, **values)
        audit_changes = {k: (_plain(old[k]), _plain(values[k])) for k in old}
        if new_areas is not None:
            before = sorted(campaign.areas.values_list("code", flat=True))
            campaign.areas.set(new_areas)
            audit_changes["areas"] = (before, sorted(a.code for a in new_areas))
        if new_units is not None:
            before_units = sorted(
                CampaignUnit.objects.filter(campaign=campaign).values_list(
                    "organization__code", flat=True
                )
            )
            wanted_ids = [o.pk for o, _p in new_units]
            CampaignUnit.objects.filter(campaign=campaign).exclude(
                organization_id__in=wanted_ids
            ).delete()
            for o, part in new_units:
                CampaignUnit.objects.update_or_create(
                    campaign=campaign, organization=o, defaults={"part": part}
                )
            audit_changes["units"] = (before_units, sorted(o.code for o, _p in new_units))
            campaign._unit_ids = None  # type: ignore[attr-defined]
        audit_record(actor=actor, verb="campaign.update", target=campaign, changes=audit_changes)
    return campaign


def _illegal(campaign: Campaign, to: str) -> ValidationFailed:
    allowed = allowed_targets(campaign.status)
    labels = ", ".join(str(Status(s).label) for s in allowed) or _("không còn bước nào")
    target = Status(to).label if to in Status.values else to
    message = _(
        "Không thể chuyển cuộc vận động từ “{current}” sang “{target}”. Các bước hợp lệ: {labels}."
    ).format(current=Status(campaign.status).label, target=target, labels=labels)
    return ValidationFailed(message, fields={"to": message}, code="illegal_transition")


def campaign_transition(*, campaign: Campaign, actor: Any, data: TransitionInput) -> Campaign:
    """Move the campaign to `data.to`, or refuse with a clear error (409 if it changed meanwhile).

    - running: at least one target; `on` (default today) is the day it started (from
      suspended: resumed, the first start day is kept);
    - ended: `on`, not before it started;
    - evaluated: `assessment` (lessons, recommendations); freezes the targets' figures;
    - suspended, cancelled: `reason`.
    """
    from danvan.campaigns.selectors import targets_progress

    require_manager(actor, campaign)
    to = data.to
    source = campaign.status
    if to not in Status.values or to not in TRANSITIONS.get(source, frozenset()):
        raise _illegal(campaign, to)
    if data.expected_version != campaign.version:
        raise _conflict()
    values: dict[str, Any] = {"status": to}
    reason = ""
    on: dt.date
    if to == Status.RUNNING:
        if not Target.objects.filter(campaign=campaign).exists():
            raise _fail(
                "to",
                _("Thêm ít nhất một chỉ tiêu đo được trước khi triển khai cuộc vận động."),
                code="no_targets",
            )
        if campaign.started_on is None:  # first start (also after a suspension while planned)
            on = _act_date(data.on, not_before=EARLIEST, label=_("Ngày bắt đầu triển khai"))
            values["started_on"] = on
        else:
            on = _act_date(data.on, not_before=campaign.started_on, label=_("Ngày tiếp tục"))
        if source == Status.SUSPENDED:
            reason = _text(data.reason, field="reason", limit=REASON_MAX)
        values["status_note"] = ""
    elif to == Status.ENDED:
        on = _act_date(data.on, not_before=campaign.started_on, label=_("Ngày kết thúc"))
        last = Activity.objects.filter(campaign=campaign).aggregate(m=Max("date"))["m"]
        if last is not None and on < last:
            raise _fail(
                "on",
                _("Ngày kết thúc không được trước hoạt động cuối cùng ({day}).").format(
                    day=short_date(last)
                ),
            )
        values["ended_on"] = on
    elif to == Status.EVALUATED:
        on = _act_date(data.on, not_before=campaign.ended_on, label=_("Ngày đánh giá"))
        assessment = _text(data.assessment, field="assessment", limit=TEXT_MAX, multiline=True)
        if len(assessment) < ASSESSMENT_MIN:
            raise _fail(
                "assessment",
                _("Ghi đánh giá chung về kết quả cuộc vận động (ít nhất %(n)d ký tự).")
                % {"n": ASSESSMENT_MIN},
            )
        values.update(
            evaluated_on=on,
            assessment=assessment,
            lessons=_text(data.lessons, field="lessons", limit=TEXT_MAX, multiline=True),
            recommendations=_text(
                data.recommendations, field="recommendations", limit=TEXT_MAX, multiline=True
            ),
            evaluation_snapshot=[
                p.as_snapshot() for p in targets_progress([campaign.pk]).get(campaign.pk, [])
            ],
        )
    else:  # suspended, cancelled
        assert to in REASON_STATES
        on = _act_date(data.on, not_before=None, label=_("Ngày"))
        reason = _reason(data.reason)
        values["status_note"] = reason
    old = {k: getattr(campaign, k) for k in values if k != "evaluation_snapshot"}
    with transaction.atomic():
        _save_versioned(campaign, data.expected_version, **values)
        changes = {k: (_plain(old[k]), _plain(values[k])) for k in old}
        if reason:
            changes["reason"] = (None, reason)
        audit_record(actor=actor, verb="campaign.transition", target=campaign, changes=changes)
        _event(
            campaign,
            actor,
            "transition",
            on=on,
            note=reason,
            from_status=source,
            to_status=to,
        )
    return campaign


# --- Targets ---------------------------------------------------------------------------------


def _require_plan_open(campaign: Campaign) -> None:
    if campaign.status not in EDIT_STATES:
        raise _fail(
            "status",
            _("Cuộc vận động đã “{status}”: chỉ tiêu không thay đổi được nữa.").format(
                status=Status(campaign.status).label
            ),
        )


def target_add(
    *, campaign: Campaign, actor: Any, data: TargetInput, expected_version: int | None = None
) -> Target:
    """Add a measurable target (`expected_version`, when given, guards against a stale page)."""
    require_manager(actor, campaign)
    _require_plan_open(campaign)
    if expected_version is not None and expected_version != campaign.version:
        raise _conflict()
    values = _check_target(data, field="label")
    if Target.objects.filter(campaign=campaign).count() >= MAX_TARGETS:
        raise _fail("label", _("Tối đa %(n)d chỉ tiêu.") % {"n": MAX_TARGETS})
    with transaction.atomic():
        position = int(
            Target.objects.filter(campaign=campaign).aggregate(m=Max("position"))["m"] or 0
        )
        target = Target.objects.create(campaign=campaign, position=position + 1, **values)
        _touch(campaign)
        audit_record(
            actor=actor,
            verb="campaign.target_add",
            target=campaign,
            changes={k: (None, _plain(v)) for k, v in values.items()},
        )
    return target


def target_update(
    *, target: Target, actor: Any, data: TargetInput, expected_version: int
) -> Target:
    """Change a target; the tally may change only while nothing was recorded against it."""
    campaign = target.campaign
    require_manager(actor, campaign)
    _require_plan_open(campaign)
    values = _check_target(data, field="label")
    if values["tally"] != target.tally and target.results.exists():
        raise _fail("tally", _("Chỉ tiêu đã có kết quả: không đổi được cách tính."))
    changed = {k: v for k, v in values.items() if getattr(target, k) != v}
    if not changed:
        return target
    old = {k: getattr(target, k) for k in changed}
    with transaction.atomic():
        _save_versioned(campaign, expected_version)
        Target.objects.filter(pk=target.pk).update(**changed)
        for k, v in changed.items():
            setattr(target, k, v)
        audit_record(
            actor=actor,
            verb="campaign.target_update",
            target=campaign,
            changes={k: (_plain(old[k]), _plain(v)) for k, v in changed.items()},
        )
    return target


def target_remove(*, target: Target, actor: Any) -> None:
    campaign = target.campaign
    require_manager(actor, campaign)
    _require_plan_open(campaign)
    if target.results.exists():
        raise _fail(
            "target",
            _("Chỉ tiêu “{label}” đã có kết quả ghi nhận: không xóa được.").format(
                label=target.label[:80]
            ),
        )
    with transaction.atomic():
        audit_record(
            actor=actor,
            verb="campaign.target_remove",
            target=campaign,
            changes={"label": (target.label, None), "unit": (target.unit, None)},
        )
        target.delete()
        _touch(campaign)


# --- Activities ------------------------------------------------------------------------------


def _reporting_unit(actor: Any, campaign: Campaign, organization_id: int | None) -> int:
    allowed = permissions.recording_units(actor, campaign)
    if not allowed:
        raise PermissionDenied(
            _(
                "Bạn không có quyền ghi hoạt động cho cuộc vận động này (cần vai trò cán bộ, lãnh "
                "đạo hoặc Mặt trận, đoàn thể tại đơn vị chủ trì hoặc đơn vị phối hợp)."
            )
        )
    if organization_id is None:
        if len(allowed) == 1:
            return allowed[0]
        mine = {
            m
            for m in Membership.objects.filter(
                user_id=int(getattr(actor, "pk", 0) or 0), organization_id__in=allowed
            ).values_list("organization_id", flat=True)
        }
        if len(mine) == 1:
            return mine.pop()
        if campaign.organization_id in allowed:
            return int(campaign.organization_id)
        raise _fail("organization", _("Chọn đơn vị báo cáo hoạt động."))
    if int(organization_id) not in allowed:
        raise _fail(
            "organization",
            _("Chọn đơn vị báo cáo là đơn vị chủ trì hoặc đơn vị phối hợp mà bạn thuộc về."),
        )
    return int(organization_id)


def _check_activity_area(campaign: Campaign, area_id: int | None) -> int:
    if area_id is None:
        raise _fail("area", _("Chọn địa bàn (xã, phường) nơi thực hiện hoạt động."))
    areas = list(campaign.areas.all())
    ids = {a.pk for a in areas}
    if int(area_id) in ids:
        return int(area_id)
    parents = {a.pk for a in areas if a.level == UnitLevel.PROVINCE}
    if parents and AdminUnit.objects.filter(pk=area_id, parent_id__in=sorted(parents)).exists():
        return int(area_id)
    raise _fail("area", _("Địa bàn của hoạt động phải thuộc địa bàn của cuộc vận động."))


def _check_results(campaign: Campaign, data: ActivityInput) -> list[tuple[Target, Decimal, str]]:
    if len(data.results) > MAX_RESULTS:
        raise _fail("results", _("Quá nhiều kết quả cho một hoạt động."))
    targets = {t.pk: t for t in Target.objects.filter(campaign=campaign)}
    seen: set[int] = set()
    rows: list[tuple[Target, Decimal, str]] = []
    for r in data.results:
        target = targets.get(int(r.target_id))
        if target is None:
            raise _fail("results", _("Chỉ tiêu không thuộc cuộc vận động này."))
        if target.pk in seen:
            raise _fail(
                "results",
                _("Chỉ tiêu “{label}” được ghi hai lần trong một hoạt động.").format(
                    label=target.label[:80]
                ),
            )
        seen.add(target.pk)
        if r.value is None or (isinstance(r.value, str) and not r.value.strip()):
            continue  # an empty box in the form: nothing achieved against this target
        value = value_parse(r.value, field="results", label=target.label[:80])
        note = _text(r.note, field="results", limit=300)
        rows.append((target, value, note))
    return rows


def activity_record(*, campaign: Campaign, actor: Any, data: ActivityInput) -> Activity:
    """Record an activity of a running campaign, with what it achieved and its evidence."""
    organization_id = _reporting_unit(actor, campaign, data.organization_id)
    if campaign.status not in RECORD_STATES:
        raise _fail(
            "status",
            _("Chỉ ghi hoạt động khi cuộc vận động đang triển khai (hiện: “{status}”).").format(
                status=Status(campaign.status).label
            ),
            code="not_running",
        )
    if data.kind not in ActivityKind.values:
        raise _fail("kind", _("Chọn hình thức hoạt động."))
    day = _day(data.date, field="date", label=_("ngày thực hiện"))
    if day > _today():
        raise _fail("date", _("Ngày thực hiện không được sau hôm nay."))
    if campaign.started_on is not None and day < campaign.started_on:
        raise _fail(
            "date",
            _("Cuộc vận động triển khai từ ngày {day}: hoạt động không được trước ngày đó.").format(
                day=short_date(campaign.started_on)
            ),
        )
    area_id = _check_activity_area(campaign, data.area_id)
    description = _text(
        data.description,
        field="description",
        limit=TEXT_MAX,
        multiline=True,
        required=_("Ghi nội dung, kết quả của hoạt động."),
    )
    place = _text(data.place, field="place", limit=300)
    try:
        people = int(data.people_reached or 0)
    except (TypeError, ValueError):
        raise _fail("people_reached", _("Số người được tiếp cận phải là số nguyên.")) from None
    if not 0 <= people <= MAX_PEOPLE:
        raise _fail("people_reached", _("Số người được tiếp cận không hợp lệ."))
    units = permissions.campaign_unit_ids(campaign)
    unit_ids = sorted({int(u) for u in data.unit_ids} - {organization_id})
    if any(u not in units for u in unit_ids):
        raise _fail("units", _("Đơn vị cùng tham gia phải là đơn vị của cuộc vận động."))
    results = _check_results(campaign, data)
    files = files_check(data.files) if data.files else []
    with transaction.atomic():
        # Still running at the moment of writing (not ended by someone meanwhile).
        if not Campaign.objects.filter(pk=campaign.pk, status__in=sorted(RECORD_STATES)).update(
            updated_at=timezone.now()
        ):
            raise _fail(
                "status",
                _("Cuộc vận động vừa được chuyển sang bước khác: không ghi hoạt động được nữa."),
                code="not_running",
            )
        activity = Activity.objects.create(
            campaign=campaign,
            date=day,
            kind=data.kind,
            area_id=area_id,
            place=place,
            organization_id=organization_id,
            people_reached=people,
            description=description,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        activity.units.set(unit_ids)
        ActivityResult.objects.bulk_create(
            ActivityResult(activity=activity, target=t, value=v, note=n) for t, v, n in results
        )
        for f in files:
            _file_save(activity, actor, f)
        audit_record(
            actor=actor,
            verb="campaign.activity_record",
            target=campaign,
            changes={
                "activity": (None, activity.pk),
                "date": (None, day.isoformat()),
                "kind": (None, data.kind),
                "people_reached": (None, people),
                "results": (None, {t.label[:60]: _plain(v) for t, v, _n in results} or None),
                "files": (None, [f.name for f in files] or None),
            },
        )
        _event(
            campaign,
            actor,
            "activity",
            on=day,
            note=f"{ActivityKind(data.kind).label}: {description[:300]}",
        )
    return activity


def _file_save(activity: Activity, actor: Any, f: CheckedFile) -> ActivityFile:
    evidence = ActivityFile(
        activity=activity,
        original_name=f.name,
        content_type=f.content_type,
        size=f.size,
        sha256=f.sha256,
        description=f.description[:300],
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    evidence.file.save(f.sha256, ContentFile(f.data), save=False)
    evidence.save()
    return evidence


def can_change_activity(actor: Any, activity: Activity) -> bool:
    """The organiser's managers, or whoever may report for the unit that reported it."""
    campaign = activity.campaign
    if permissions.can_manage(actor, campaign):
        return True
    return int(activity.organization_id) in permissions.recording_units(actor, campaign)


def activity_files_add(
    *, activity: Activity, actor: Any, files: Sequence[UploadedFileInput]
) -> list[ActivityFile]:
    """Add evidence to an activity (until the campaign is evaluated)."""
    campaign = activity.campaign
    if not can_change_activity(actor, activity):
        raise PermissionDenied(_("Bạn không có quyền bổ sung tài liệu cho hoạt động này."))
    if campaign.status not in (Status.RUNNING, Status.ENDED, Status.SUSPENDED):
        raise _fail(
            "files",
            _("Cuộc vận động đã “{status}”: không bổ sung tài liệu được nữa.").format(
                status=Status(campaign.status).label
            ),
        )
    if not files:
        raise _fail("files", _("Chọn ít nhất một tệp."))
    room = max(0, _files_limit() - activity.files.count())
    checked = files_check(files, limit=room)
    with transaction.atomic():
        saved = [_file_save(activity, actor, f) for f in checked]
        audit_record(
            actor=actor,
            verb="campaign.evidence_add",
            target=campaign,
            changes={"activity": (None, activity.pk), "files": (None, [f.name for f in checked])},
        )
    return saved


def _files_limit() -> int:
    from danvan.core.files import max_files

    return max_files()


def _delete_on_commit(storage: Any, name: str) -> None:
    transaction.on_commit(lambda: storage.delete(name))


def activity_remove(*, activity: Activity, actor: Any, reason: str) -> None:
    """Withdraw an activity recorded by mistake (while the campaign runs); its results go too."""
    campaign = activity.campaign
    if not can_change_activity(actor, activity):
        raise PermissionDenied(_("Bạn không có quyền xóa hoạt động này."))
    if campaign.status not in RECORD_STATES:
        raise _fail(
            "status",
            _("Chỉ xóa hoạt động khi cuộc vận động đang triển khai."),
            code="not_running",
        )
    why = _reason(reason)
    with transaction.atomic():
        audit_record(
            actor=actor,
            verb="campaign.activity_remove",
            target=campaign,
            changes={
                "activity": (activity.pk, None),
                "date": (activity.date.isoformat(), None),
                "results": (
                    {r.target.label[:60]: _plain(r.value) for r in activity.results.all()} or None,
                    None,
                ),
                "reason": (None, why),
            },
        )
        # The stored files go once the rows are gone for good: a failure below keeps both.
        for evidence in activity.files.all():
            if evidence.file:
                _delete_on_commit(evidence.file.storage, str(evidence.file.name))
        activity.delete()
        _event(campaign, actor, "activity_removed", note=why)


# --- Follow-up tasks -------------------------------------------------------------------------


def followup_task_create(*, campaign: Campaign, actor: Any, data: FollowUpInput) -> Task:
    """A follow-up task (core `Task`) for the organiser or a participating unit."""
    require_manager(actor, campaign)
    if campaign.status not in TASK_STATES:
        raise _fail(
            "title",
            _("Giao việc tiếp theo khi cuộc vận động đang triển khai hoặc đã kết thúc."),
        )
    units = permissions.campaign_unit_ids(campaign)
    owner_id = int(data.organization_id or campaign.organization_id)
    if owner_id not in units:
        raise _fail(
            "organization", _("Đơn vị thực hiện phải là đơn vị chủ trì hoặc đơn vị phối hợp.")
        )
    supporting_ids = [int(i) for i in data.supporting_ids if int(i) != owner_id]
    if any(i not in units for i in supporting_ids):
        raise _fail("supporting", _("Đơn vị phối hợp phải là đơn vị của cuộc vận động."))
    orgs = {o.pk: o for o in Organization.objects.filter(pk__in=[owner_id, *supporting_ids])}
    if data.due is None:
        raise _fail("due", _("Nhập hạn hoàn thành (ngày/tháng/năm)."))
    with transaction.atomic():
        task = task_services.task_create(
            actor=actor,
            title=data.title,
            organization=orgs[owner_id],
            due=data.due,
            description=data.description,
            target=campaign,
            supporting=[orgs[i] for i in supporting_ids],
        )
        _event(campaign, actor, "task", note=task.title)
    return task


__all__ = [
    "activity_files_add",
    "activity_record",
    "activity_remove",
    "campaign_create",
    "campaign_transition",
    "campaign_update",
    "can_change_activity",
    "followup_task_create",
    "target_add",
    "target_remove",
    "target_update",
    "value_parse",
]
