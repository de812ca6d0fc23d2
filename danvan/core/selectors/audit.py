"""Reading the audit log, one record at a time, for those allowed to (see `can_read_audit`).

A record the caller may not read the trail of is answered as if it had no trail at all (404):
the log must not reveal that a record exists outside the caller's scope.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core import permissions
from danvan.core.models import (
    AuditEvent,
    AuditVerification,
    OrgKind,
    OrgLevel,
    OverrideKind,
    Role,
    UnitLevel,
    UnitType,
)

# Vietnamese labels of the verbs, for display; modules add theirs with `audit_verbs_register`.
_VERB_LABELS: dict[str, Any] = {
    "user.create": _("Tạo tài khoản"),
    "user.update": _("Sửa thông tin tài khoản"),
    "user.login": _("Đăng nhập"),
    "user.password_change": _("Tự đổi mật khẩu"),
    "user.password_reset": _("Đặt lại mật khẩu"),
    "user.deactivate": _("Khóa tài khoản"),
    "user.activate": _("Mở khóa tài khoản"),
    "membership.grant": _("Giao vai trò"),
    "membership.revoke": _("Thu hồi vai trò"),
    "api_token.issue": _("Cấp khóa API"),
    "api_token.revoke": _("Thu hồi khóa API"),
    "adminunit.set_remote": _("Đặt cờ vùng sâu, vùng xa"),
    "adminunits.import": _("Nạp danh mục đơn vị hành chính mới"),
    "adminunits.load_reference": _("Nạp danh mục đơn vị hành chính gốc"),
    "organization.create": _("Tạo cơ quan, đơn vị"),
    "organization.update": _("Sửa cơ quan, đơn vị"),
    "organization.area_follow": _("Cập nhật địa bàn theo đơn vị hành chính mới"),
    "calendar_override.create": _("Thêm điều chỉnh lịch làm việc"),
    "calendar_override.update": _("Sửa điều chỉnh lịch làm việc"),
    "calendar_override.delete": _("Xóa điều chỉnh lịch làm việc"),
    "deadline_rule.create": _("Thêm phiên bản quy tắc thời hạn"),
    "deadline_rule.update": _("Sửa quy tắc thời hạn"),
    "audit.verify_request": _("Yêu cầu kiểm tra toàn vẹn nhật ký"),
}

_FIELD_LABELS: dict[str, Any] = {
    "username": _("tên đăng nhập"),
    "full_name": _("họ và tên"),
    "position": _("chức vụ"),
    "phone": _("điện thoại"),
    "email": _("thư điện tử"),
    "is_active": _("đang hoạt động"),
    "password": _("mật khẩu"),
    "organization": _("cơ quan"),
    "role": _("vai trò"),
    "membership": _("mã vai trò"),
    "token": _("khóa API"),
    "expires_at": _("hết hạn"),
    "client_address": _("địa chỉ máy"),
    "channel": _("kênh"),
    "reason": _("lý do"),
    "remote": _("vùng sâu, vùng xa"),
    "name": _("tên"),
    "short_name": _("tên viết tắt"),
    "kind": _("loại"),
    "level": _("cấp"),
    "area": _("địa bàn"),
    "parent": _("cơ quan cấp trên"),
    "code": _("mã"),
}


def audit_verbs_register(verbs: Mapping[str, Any], fields: Mapping[str, Any] | None = None) -> None:
    """Let a module give its verbs (and field names) Vietnamese labels for the trail."""
    _VERB_LABELS.update(verbs)
    _FIELD_LABELS.update(fields or {})


def audit_verb_label(verb: str) -> str:
    return str(_VERB_LABELS.get(verb, verb))


@dataclass(frozen=True)
class AuditChange:
    field: str
    label: str
    old: Any
    new: Any

    @property
    def old_text(self) -> str:
        return audit_value_text(self.field, self.old)

    @property
    def new_text(self) -> str:
        return audit_value_text(self.field, self.new)


_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# Fields whose recorded values are codes of these choices; shown by their labels.
_FIELD_CHOICES: dict[str, tuple[type[models.TextChoices], ...]] = {
    "role": (Role,),
    "kind": (OrgKind, OverrideKind),
    "level": (OrgLevel, UnitLevel),
    "unit_type": (UnitType,),
}


def audit_value_text(field: str, value: Any) -> str:
    """A recorded value as a person reads it: roles by name, dates as dd/mm/yyyy, Có/Không."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return str(_("Có") if value else _("Không"))
    if isinstance(value, str):
        for choices in _FIELD_CHOICES.get(field, ()):
            if value in choices.values:
                return str(choices(value).label)
    if isinstance(value, str):
        if _ISO_DATETIME.match(value):
            try:
                moment = dt.datetime.fromisoformat(value)
            except ValueError:
                return value
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return moment.strftime("%d/%m/%Y %H:%M")
        if _ISO_DATE.match(value):
            try:
                return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
            except ValueError:
                return value
        return value
    if isinstance(value, list):
        return ", ".join(audit_value_text(field, v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    created_at: dt.datetime
    actor_label: str
    verb: str
    verb_label: str
    target_type: str
    target_id: str
    target_label: str
    changes: tuple[AuditChange, ...]


def _entry(event: AuditEvent) -> AuditEntry:
    changes: list[AuditChange] = []
    raw = event.changes if isinstance(event.changes, dict) else {}
    for name in sorted(raw):
        pair = raw[name]
        old, new = (pair[0], pair[1]) if isinstance(pair, list) and len(pair) == 2 else (None, pair)
        changes.append(AuditChange(name, str(_FIELD_LABELS.get(name, name)), old, new))
    return AuditEntry(
        seq=event.seq,
        created_at=event.created_at,
        actor_label=event.actor_label,
        verb=event.verb,
        verb_label=audit_verb_label(event.verb),
        target_type=event.target_type,
        target_id=event.target_id,
        target_label=event.target_label,
        changes=tuple(changes),
    )


def audit_entries(events: Iterable[AuditEvent]) -> list[AuditEntry]:
    """Events shaped for display (labels resolved, changes as old -> new rows)."""
    return [_entry(e) for e in events]


def audit_target_resolve(target_type: str, target_id: str) -> models.Model | None:
    """The record an audit `target_type` ("app_label.model") and `target_id` point to."""
    try:
        app_label, model_name = target_type.split(".", 1)
        model = apps.get_model(app_label, model_name)
    except (ValueError, LookupError):
        return None
    if model is AuditEvent:
        return None
    try:
        return model._default_manager.filter(pk=target_id).first()
    except (ValueError, TypeError, ValidationError):
        return None


def audit_for_target(*, user: Any, target_type: str, target_id: str) -> QuerySet[AuditEvent]:
    """The audit trail of one record, oldest first; 404 unless the user may read it.

    A record that no longer exists has no organisation to check against: only a superuser
    may read its trail.
    """
    target_type = target_type.strip().lower()
    target_id = str(target_id).strip()
    target = audit_target_resolve(target_type, target_id)
    if target is None:
        if not permissions.is_superuser(user):
            raise Http404
    elif not permissions.can_read_audit(user, target):
        raise Http404
    return AuditEvent.objects.filter(target_type=target_type, target_id=target_id).order_by("seq")


def audit_trail_for(
    *, user: Any, target: models.Model, limit: int = 200
) -> list[AuditEntry] | None:
    """For pages that include `core/audit/_trail.html`: the trail, or None if not allowed."""
    if target.pk is None or not permissions.can_read_audit(user, target):
        return None
    events = AuditEvent.objects.filter(
        target_type=target._meta.label_lower, target_id=str(target.pk)
    ).order_by("-seq")[:limit]
    return audit_entries(reversed(list(events)))


def audit_verification_list(*, user: Any, limit: int = 20) -> list[AuditVerification]:
    """The latest integrity checks, for those who may ask for one (404 otherwise)."""
    if not permissions.can_verify_audit_chain(user):
        raise Http404
    return list(AuditVerification.objects.select_related("requested_by")[:limit])
