"""Small checks the practices services share."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from danvan.core.documents import short_date
from danvan.core.errors import Conflict, ValidationFailed
from danvan.core.services.common import today
from danvan.core.services.versioning import versioned_update

EARLIEST = dt.date(2000, 1, 1)
TEXT_MAX = 20_000


def act_date(
    on: dt.date | None, *, field: str, label: str, not_before: dt.date | None = None
) -> dt.date:
    """The date of an act: default today; never in the future nor before `not_before`."""
    day = on or today()
    if day > today():
        message = _("{what} không được sau hôm nay.").format(what=label)
        raise ValidationFailed(message, fields={field: message})
    if day < EARLIEST:
        message = _("{what} không được trước ngày {day}.").format(
            what=label, day=short_date(EARLIEST)
        )
        raise ValidationFailed(message, fields={field: message})
    if not_before is not None and day < not_before:
        message = _("{what} không được trước ngày {day}.").format(
            what=label, day=short_date(not_before)
        )
        raise ValidationFailed(message, fields={field: message})
    return day


def conflict() -> Conflict:
    return Conflict(
        _(
            "Mô hình vừa được người khác cập nhật trong lúc bạn thao tác. Hãy tải lại trang để "
            "xem thông tin mới nhất rồi thực hiện lại."
        ),
        code="conflict",
    )


def council_conflict() -> Conflict:
    return Conflict(
        _(
            "Hội đồng vừa được người khác cập nhật (điểm chấm, kết luận) trong lúc bạn thao tác. "
            "Hãy tải lại trang để xem thông tin mới nhất rồi thực hiện lại."
        ),
        code="conflict",
    )


def save_versioned(
    obj: Any, expected_version: int, *, council: bool = False, **values: Any
) -> None:
    if not versioned_update(obj, expected_version=expected_version, **values):
        raise council_conflict() if council else conflict()
