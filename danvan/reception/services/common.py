"""Pieces the reception services share: dates, text, the register's serial numbers, guards."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Model
from django.utils.translation import gettext as _

from danvan.core.errors import Conflict, PermissionDenied, ValidationFailed
from danvan.core.models import Organization
from danvan.core.services.common import today
from danvan.core.services.versioning import versioned_update
from danvan.reception import permissions
from danvan.reception.models import EntryCounter
from danvan.text.normalize import normalize

# The reception rules (Luật TCD 2013) are in force from 1/7/2014; the work calendar counts up to
# 2100. A session more than two years ahead is a typing mistake.
EARLIEST = dt.date(2014, 7, 1)
HORIZON_DAYS = 2 * 366
REASON_MIN = 3
TEXT_MAX = 4000
CONTENT_MAX = 20000


def text(value: str | None, limit: int) -> str:
    return normalize((value or "").strip())[:limit]


def require_text(value: str | None, *, field: str, minimum: int, message: str, limit: int) -> str:
    cleaned = normalize((value or "").strip())
    if len(cleaned) < minimum:
        raise ValidationFailed(message, fields={field: message})
    if len(cleaned) > limit:
        too_long = _("Nội dung dài quá %(n)s ký tự.") % {"n": f"{limit:,}".replace(",", ".")}
        raise ValidationFailed(too_long, fields={field: too_long})
    return cleaned


def act_day(on: dt.date | None, *, not_before: dt.date | None = None, field: str = "on") -> dt.date:
    """The legal day of an act: default today; never in the future nor before `not_before`."""
    day = on or today()
    if day > today():
        message = _("Ngày thực hiện không được sau hôm nay.")
        raise ValidationFailed(message, fields={field: message})
    if not_before is not None and day < not_before:
        message = _("Ngày thực hiện không được trước ngày %(day)s.") % {
            "day": not_before.strftime("%d/%m/%Y")
        }
        raise ValidationFailed(message, fields={field: message})
    return day


def require_handler(actor: Any, record: Any) -> None:
    if not permissions.can_handle(actor, record):
        raise PermissionDenied(
            _(
                "Bạn không có quyền thực hiện việc này (cần vai trò cán bộ hoặc lãnh đạo tại cơ "
                "quan tiếp công dân hoặc cơ quan cấp trên)."
            )
        )


def organization_for(actor: Any, organization_id: int | None) -> Organization:
    """The organisation the actor writes for: the given one (checked) or their only one."""
    if organization_id is not None:
        org = Organization.objects.filter(pk=organization_id, is_active=True).first()
        if org is None or not permissions.can_handle_at(actor, org):
            message = _(
                "Không có cơ quan này hoặc bạn không được ghi sổ tiếp công dân cho cơ quan này."
            )
            raise ValidationFailed(message, fields={"organization": message})
        return org
    orgs = permissions.handling_organizations(actor)
    if not orgs:
        raise PermissionDenied(
            _("Bạn chưa có vai trò cán bộ hoặc lãnh đạo ở cơ quan nào nên chưa ghi được việc này.")
        )
    if len(orgs) > 1:
        message = _("Bạn làm việc ở nhiều cơ quan: chọn cơ quan tiếp công dân.")
        raise ValidationFailed(message, fields={"organization": message})
    return orgs[0]


def serial_next(org: Organization, year: int) -> int:
    """The next serial number of `org`'s register in `year`, from a counter row updated in this
    transaction: a single UPDATE, so two entries at once never get the same number (the row is
    write-locked until the transaction ends, on SQLite and on PostgreSQL)."""
    updated = EntryCounter.objects.filter(organization=org, year=year).update(last=F("last") + 1)
    if not updated:
        try:
            with transaction.atomic():
                EntryCounter.objects.create(organization=org, year=year, last=1)
        except IntegrityError:
            EntryCounter.objects.filter(organization=org, year=year).update(last=F("last") + 1)
    return EntryCounter.objects.get(organization=org, year=year).last


def _stale(obj: Model, label: str) -> Conflict:
    now = type(obj)._default_manager.filter(pk=obj.pk).values_list("version", flat=True).first()
    message = _(
        "%(what)s vừa được người khác cập nhật (phiên bản hiện tại: %(v)s). Tải lại trang để "
        "xem thay đổi rồi thực hiện lại."
    ) % {"what": label, "v": now}
    return Conflict(message, fields={"expected_version": message})


def require_current(obj: Model, expected_version: int, label: str) -> None:
    """A conflict when the record read now is not the version the user saw: checked before the
    move is judged, so an officer whose page is stale is told so, not that the move (judged on
    the state someone else just made) is not allowed."""
    if expected_version != getattr(obj, "version", None):
        raise _stale(obj, label)


def save_versioned(obj: Model, expected_version: int, label: str, **values: Any) -> None:
    """Save `values` only if nobody changed the record since `expected_version` was read."""
    current = getattr(obj, "version", None)
    if expected_version != current or not versioned_update(
        obj, expected_version=expected_version, **values
    ):
        raise _stale(obj, label)
