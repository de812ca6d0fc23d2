"""Writes about organisations: create and update, with their level, area and parent checked.

An organisation has a level (national / province / commune) that must match the level of its
area (none / a province / a commune in force today), and a parent at its own level or above,
whose area contains its area. The code is the organisation's permanent identifier: it cannot
be changed, and organisations are deactivated, never deleted.

`actor=None` means the operator at the command line or the installer, who may do everything.
Otherwise creating at the top of the tree needs a superuser; below, the actor must administer
the parent (`danvan.core.permissions.administered_organization_ids`).
"""

from __future__ import annotations

import re
from typing import Any, Final

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core import permissions
from danvan.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from danvan.core.models import AdminUnit, Organization, OrgKind, OrgLevel, UnitLevel
from danvan.core.selectors.orgs import organization_descendant_ids
from danvan.core.selectors.units import admin_unit_on
from danvan.core.services.audit import audit_record
from danvan.text import fold, normalize

CODE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")
# Codes that are words of the organisation pages' URLs (/co-quan/them/).
RESERVED_CODES = {"them"}
# Fields whose change needs an administrator above the organisation (see organization_update).
STRUCTURAL_FIELDS = {"kind", "level", "area", "parent", "is_active"}
LEVEL_RANK: Final[dict[str, int]] = {
    OrgLevel.NATIONAL: 0,
    OrgLevel.PROVINCE: 1,
    OrgLevel.COMMUNE: 2,
}
AREA_LEVEL: Final[dict[str, str]] = {
    OrgLevel.PROVINCE: UnitLevel.PROVINCE,
    OrgLevel.COMMUNE: UnitLevel.COMMUNE,
}


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final[Any] = _Unset()


def _search_name(name: str, short_name: str) -> str:
    return fold(f"{name} {short_name}")[:250]


def _clean_text(value: str, *, field: str, label: str, max_length: int, required: bool) -> str:
    text = " ".join(normalize(value or "").split())
    if required and not text:
        raise ValidationFailed(
            _("Thiếu %(label)s.") % {"label": label}, fields={field: _("Bắt buộc.")}
        )
    if len(text) > max_length:
        message = _("%(label)s dài quá %(n)d ký tự.") % {"label": label, "n": max_length}
        raise ValidationFailed(message, fields={field: message})
    return text


def _check_choice(value: str, *, field: str, choices: list[str], label: str) -> str:
    if value not in choices:
        message = _("%(label)s «%(value)s» không hợp lệ; dùng một trong: %(choices)s.") % {
            "label": label,
            "value": value,
            "choices": ", ".join(choices),
        }
        raise ValidationFailed(message, fields={field: message})
    return value


def _area_for(level: str, area_code: str | None) -> AdminUnit | None:
    code = (area_code or "").strip()
    if level == OrgLevel.NATIONAL:
        if code:
            message = _("Cơ quan cấp trung ương không gắn với một địa bàn; bỏ trống mã địa bàn.")
            raise ValidationFailed(message, fields={"area_code": message})
        return None
    wanted = AREA_LEVEL[level]
    if not code:
        message = _(
            "Cơ quan cấp tỉnh, cấp xã phải có địa bàn: nhập mã tỉnh (2 số) hoặc mã xã (5 số)."
        )
        raise ValidationFailed(message, fields={"area_code": message})
    try:
        area = admin_unit_on(code=code, on=timezone.localdate())
    except NotFound:
        message = _(
            "Không có đơn vị hành chính mã «%(code)s» đang có hiệu lực; địa bàn phải là một "
            "tỉnh hoặc xã hiện hành."
        ) % {"code": code}
        raise ValidationFailed(message, fields={"area_code": message}) from None
    if area.level != wanted:
        message = _(
            "Địa bàn %(area)s là đơn vị %(area_level)s, không khớp với cơ quan %(level)s."
        ) % {
            "area": area.full_name,
            "area_level": area.get_level_display().lower(),
            "level": OrgLevel(level).label.lower(),
        }
        raise ValidationFailed(message, fields={"area_code": message, "level": message})
    return area


def _province_code(area: AdminUnit) -> str:
    if area.level == UnitLevel.PROVINCE:
        return area.code
    return area.parent.code if area.parent is not None else ""


def _check_parent(
    *, parent: Organization | None, level: str, area: AdminUnit | None, org: Organization | None
) -> None:
    if parent is None:
        return
    if org is not None and parent.pk in organization_descendant_ids(org):
        message = _("Cơ quan cấp trên không thể là chính nó hoặc một cơ quan trực thuộc nó.")
        raise ValidationFailed(message, fields={"parent_code": message})
    if LEVEL_RANK[parent.level] > LEVEL_RANK[level]:
        message = _("Cơ quan cấp trên %(parent)s ở cấp thấp hơn (%(plevel)s).") % {
            "parent": parent.name,
            "plevel": parent.get_level_display().lower(),
        }
        raise ValidationFailed(message, fields={"parent_code": message})
    if parent.area is not None and area is not None:
        same = parent.area.code == area.code
        inside = (
            parent.area.level == UnitLevel.PROVINCE and _province_code(area) == parent.area.code
        )
        if not (same or inside):
            message = _(
                "Địa bàn %(area)s không thuộc địa bàn của cơ quan cấp trên (%(parea)s)."
            ) % {
                "area": area.full_name,
                "parea": parent.area.full_name,
            }
            raise ValidationFailed(message, fields={"area_code": message, "parent_code": message})


def _parent_for(parent_code: str | None) -> Organization | None:
    code = (parent_code or "").strip()
    if not code:
        return None
    parent = Organization.objects.select_related("area__parent").filter(code=code).first()
    if parent is None:
        message = _("Không có cơ quan cấp trên mã «%(code)s».") % {"code": code}
        raise ValidationFailed(message, fields={"parent_code": message})
    return parent


def _may_manage(actor: Any, anchor: Organization | None) -> bool:
    """May `actor` create or change an organisation under `anchor` (None: at the top)?"""
    return actor is None or permissions.can_manage_organization(actor, anchor)


def _deny() -> PermissionDenied:
    return PermissionDenied(
        _(
            "Bạn không có quyền quản lý cơ quan này: cần vai trò quản trị tại cơ quan cấp trên "
            "của nó (tạo cơ quan cấp cao nhất cần quản trị hệ thống)."
        )
    )


def _snapshot(org: Organization) -> dict[str, Any]:
    return {
        "code": org.code,
        "name": org.name,
        "short_name": org.short_name,
        "kind": org.kind,
        "level": org.level,
        "area": org.area.code if org.area is not None else None,
        "parent": org.parent.code if org.parent is not None else None,
        "is_active": org.is_active,
    }


def organization_create(
    *,
    actor: Any,
    code: str,
    name: str,
    kind: str,
    level: str,
    area_code: str | None = None,
    parent_code: str | None = None,
    short_name: str = "",
) -> Organization:
    """Create an organisation; see the module docstring for the checks. Audited."""
    code = (code or "").strip()
    if code.lower() in RESERVED_CODES:
        message = _("Mã «%(code)s» được dành riêng cho hệ thống; chọn mã khác.") % {"code": code}
        raise ValidationFailed(message, fields={"code": message})
    if not CODE_RE.fullmatch(code):
        message = _(
            "Mã cơ quan phải gồm 1–40 ký tự: chữ không dấu, số, dấu chấm, gạch ngang hoặc "
            "gạch dưới, bắt đầu bằng chữ hoặc số (ví dụ 44-UBND)."
        )
        raise ValidationFailed(message, fields={"code": message})
    name = _clean_text(name, field="name", label=_("tên cơ quan"), max_length=250, required=True)
    short_name = _clean_text(
        short_name, field="short_name", label=_("tên viết tắt"), max_length=60, required=False
    )
    kind = _check_choice(kind, field="kind", choices=list(OrgKind.values), label=_("Loại"))
    level = _check_choice(level, field="level", choices=list(OrgLevel.values), label=_("Cấp"))
    parent = _parent_for(parent_code)
    if not _may_manage(actor, parent):
        raise _deny()
    area = _area_for(level, area_code)
    _check_parent(parent=parent, level=level, area=area, org=None)
    with transaction.atomic():
        if Organization.objects.filter(code=code).exists():
            message = _("Mã cơ quan «%(code)s» đã được dùng; chọn mã khác.") % {"code": code}
            raise Conflict(message, fields={"code": message})
        try:
            with transaction.atomic():
                org = Organization.objects.create(
                    code=code,
                    name=name,
                    short_name=short_name,
                    search_name=_search_name(name, short_name),
                    kind=kind,
                    level=level,
                    area=area,
                    parent=parent,
                )
        except IntegrityError:
            message = _("Mã cơ quan «%(code)s» đã được dùng; chọn mã khác.") % {"code": code}
            raise Conflict(message, fields={"code": message}) from None
        audit_record(
            actor=actor,
            verb="organization.create",
            target=org,
            changes={k: (None, v) for k, v in _snapshot(org).items()},
        )
    return org


def organization_update(
    *,
    actor: Any,
    organization: Organization,
    name: str = UNSET,
    short_name: str = UNSET,
    kind: str = UNSET,
    level: str = UNSET,
    area_code: str | None = UNSET,
    parent_code: str | None = UNSET,
    is_active: bool = UNSET,
) -> Organization:
    """Change the given fields of an organisation (the others stay). Audited; no-op if equal.

    The actor must administer the organisation (and the new parent, when it changes).
    """
    org = (
        Organization.objects.select_related("area__parent", "parent")
        .filter(pk=organization.pk)
        .first()
    )
    if org is None:
        raise NotFound(_("Không tìm thấy cơ quan, đơn vị này."))
    if not _may_manage(actor, org):
        raise _deny()
    org_parent_before = org.parent
    before = _snapshot(org)
    new_name = org.name
    if name is not UNSET:
        new_name = _clean_text(
            name, field="name", label=_("tên cơ quan"), max_length=250, required=True
        )
    new_short = org.short_name
    if short_name is not UNSET:
        new_short = _clean_text(
            short_name, field="short_name", label=_("tên viết tắt"), max_length=60, required=False
        )
    new_kind = org.kind
    if kind is not UNSET:
        new_kind = _check_choice(kind, field="kind", choices=list(OrgKind.values), label=_("Loại"))
    new_level = org.level
    if level is not UNSET:
        new_level = _check_choice(
            level, field="level", choices=list(OrgLevel.values), label=_("Cấp")
        )
    new_parent = org.parent
    if parent_code is not UNSET:
        new_parent = _parent_for(parent_code)
        if (new_parent and new_parent.pk) != org.parent_id and not _may_manage(actor, new_parent):
            raise _deny()
    new_area = org.area
    if area_code is not UNSET:
        keep = (
            org.area is not None
            and (area_code or "").strip() == org.area.code
            and new_level == org.level
        )
        # The same code keeps the row the organisation points to, even an older version.
        if not keep:
            new_area = _area_for(new_level, area_code)
    elif new_level != org.level:
        new_area = _area_for(new_level, org.area.code if org.area is not None else None)
    _check_parent(parent=new_parent, level=new_level, area=new_area, org=org)
    if new_level != org.level:
        lower = [c.code for c in org.children.all() if LEVEL_RANK[c.level] < LEVEL_RANK[new_level]]
        if lower:
            message = _(
                "Không đổi được cấp: các cơ quan trực thuộc %(codes)s ở cấp cao hơn cấp mới."
            ) % {"codes": ", ".join(sorted(lower)[:10])}
            raise ValidationFailed(message, fields={"level": message})
    with transaction.atomic():
        org.name = new_name
        org.short_name = new_short
        org.search_name = _search_name(new_name, new_short)
        org.kind = new_kind
        org.level = new_level
        org.area = new_area
        org.parent = new_parent
        if is_active is not UNSET:
            org.is_active = bool(is_active)
        after = _snapshot(org)
        changes = {k: (before[k], after[k]) for k in after if before[k] != after[k]}
        if not changes:
            return org
        # Kind, level, area and parent decide whose records the organisation's people see
        # (scope); an administrator of the organisation itself could otherwise widen their own
        # scope. Those changes, and closing it down, take an administrator above it.
        if changes.keys() & STRUCTURAL_FIELDS and not _may_manage(actor, org_parent_before):
            raise PermissionDenied(
                _(
                    "Đổi loại, cấp, địa bàn, cơ quan cấp trên hoặc ngừng hoạt động của một cơ "
                    "quan cần quản trị viên của cơ quan cấp trên (cơ quan cấp cao nhất: quản trị "
                    "hệ thống)."
                )
            )
        org.save()
        audit_record(actor=actor, verb="organization.update", target=org, changes=changes)
    return org
