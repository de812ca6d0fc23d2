"""Pieces every petition service shares: dates, events, case numbers, the version guard."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.errors import Conflict, PermissionDenied, ValidationFailed
from danvan.core.models import Organization
from danvan.core.services.common import today
from danvan.core.services.versioning import versioned_update
from danvan.petitions import permissions
from danvan.petitions.models import CaseCounter, Petition, PetitionEvent
from danvan.petitions.states import Status

# Crockford-like alphabet without look-alikes (0/O, 1/I/L, U).
TRACKING_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
EARLIEST_RECEIVED = dt.date(2000, 1, 1)


def actor_label(actor: Any) -> str:
    if actor is None:
        return "system"
    return (getattr(actor, "full_name", "") or getattr(actor, "username", "") or "")[:200]


def act_date(on: dt.date | None, *, not_before: dt.date | None, field: str = "on") -> dt.date:
    """The legal date of an act: default today; never in the future nor before `not_before`."""
    day = on or today()
    if day > today():
        message = _("Ngày thực hiện không được sau hôm nay.")
        raise ValidationFailed(message, fields={field: message})
    if not_before is not None and day < not_before:
        message = _("Ngày thực hiện không được trước ngày {day}.").format(
            day=not_before.strftime("%d/%m/%Y")
        )
        raise ValidationFailed(message, fields={field: message})
    return day


def tracking_code_new() -> str:
    raw = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def case_number_next(org: Organization, year: int) -> tuple[int, str]:
    """The next case number of `org` in `year`, from a counter row updated in this transaction.

    The increment is a single UPDATE, so two registrations at once never get the same number
    (the row is write-locked until the transaction ends, on SQLite and on PostgreSQL).
    """
    updated = CaseCounter.objects.filter(organization=org, year=year).update(last=F("last") + 1)
    if not updated:
        try:
            with transaction.atomic():
                CaseCounter.objects.create(organization=org, year=year, last=1)
        except IntegrityError:
            CaseCounter.objects.filter(organization=org, year=year).update(last=F("last") + 1)
    seq = CaseCounter.objects.get(organization=org, year=year).last
    return seq, f"{seq}/{year}/{org.code}"


def require_handler(actor: Any, petition: Petition) -> None:
    if not permissions.can_handle(actor, petition):
        raise PermissionDenied(
            _(
                "Bạn không có quyền xử lý hồ sơ này (cần vai trò cán bộ hoặc lãnh đạo tại cơ quan "
                "thụ lý hoặc cấp trên)."
            )
        )


def require_reason(reason: str, *, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if len(reason) < 3:
        message = _("Ghi rõ lý do (ít nhất 3 ký tự).")
        raise ValidationFailed(message, fields={field: message})
    if len(reason) > 4000:
        message = _("Lý do dài quá 4.000 ký tự.")
        raise ValidationFailed(message, fields={field: message})
    return reason


def version_bump(petition: Petition, expected_version: int, **changes: Any) -> None:
    """Save `changes` only if nobody moved the case since `expected_version` was read.

    A conditional UPDATE (`WHERE id = ? AND version = ?`): the loser of a race updates no row
    and gets a Conflict, on SQLite as on PostgreSQL.
    """
    if expected_version != petition.version or not versioned_update(
        petition, expected_version=expected_version, **changes
    ):
        raise_conflict(petition)


def raise_conflict(petition: Petition) -> None:
    current = Petition.objects.filter(pk=petition.pk).values_list("version", flat=True).first()
    message = _(
        "Hồ sơ {case} vừa được người khác cập nhật (phiên bản hiện tại: {v}). Tải lại trang để "
        "xem thay đổi rồi thực hiện lại."
    ).format(case=petition.case_number, v=current)
    raise Conflict(message, fields={"expected_version": message})


def event_add(
    petition: Petition,
    *,
    actor: Any,
    verb: str,
    on: dt.date,
    reason: str = "",
    from_status: str = "",
    to_status: str = "",
    data: dict[str, Any] | None = None,
) -> PetitionEvent:
    return PetitionEvent.objects.create(
        petition=petition,
        on=on,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=actor_label(actor),
        verb=verb,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        data=data or {},
    )


def satisfaction_values(
    satisfaction: str, channel: str, *, channel_field: str = "satisfaction_channel"
) -> dict[str, Any]:
    """The checked satisfaction fields of a case (the rating, how it was collected, when)."""
    from danvan.petitions.states import Satisfaction, SatisfactionChannel

    if satisfaction not in Satisfaction.values:
        message = _("Chọn mức độ hài lòng.")
        raise ValidationFailed(message, fields={"satisfaction": message})
    if channel not in SatisfactionChannel.values:
        message = _("Chọn hình thức ghi nhận ý kiến.")
        raise ValidationFailed(message, fields={channel_field: message})
    return {
        "satisfaction": satisfaction,
        "satisfaction_channel": channel,
        "satisfaction_at": timezone.now(),
    }


def satisfaction_open(petition: Petition) -> bool:
    """The citizen has something to judge: a resolution, a closed case, or a public answer."""
    return petition.status in (Status.RESOLVED, Status.CLOSED) or bool(
        (petition.public_answer or "").strip()
    )
