"""Checks shared by the oversight services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from danvan.core.documents import short_date
from danvan.core.errors import Conflict, ValidationFailed
from danvan.core.models import Organization
from danvan.core.services.common import today
from danvan.core.services.inputs import clean_reason as clean_reason
from danvan.core.services.inputs import clean_text as clean_text

TEXT_MAX = 20_000
TITLE_MAX = 300
REASON_MAX = 1_000
EARLIEST = dt.date(2000, 1, 1)


def check_date(day: Any, *, field: str, label: str) -> dt.date:
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        message = _("Nhập {what} (ngày/tháng/năm).").format(what=label)
        raise ValidationFailed(message, fields={field: message})
    latest = today().replace(year=today().year + 3)
    if not EARLIEST <= day <= latest:
        message = _("{what} phải trong khoảng từ {low} đến {high}.").format(
            what=label[:1].upper() + label[1:], low=short_date(EARLIEST), high=short_date(latest)
        )
        raise ValidationFailed(message, fields={field: message})
    return day


def check_range(
    start: Any, end: Any, *, fields: tuple[str, str], labels: tuple[str, str]
) -> tuple[dt.date, dt.date]:
    first = check_date(start, field=fields[0], label=labels[0])
    last = check_date(end, field=fields[1], label=labels[1])
    if last < first:
        message = _("{end} không được trước {start}.").format(
            end=labels[1][:1].upper() + labels[1][1:], start=labels[0]
        )
        raise ValidationFailed(message, fields={fields[1]: message})
    return first, last


def act_date(on: dt.date | None, *, not_before: dt.date | None, label: str) -> dt.date:
    """The date of an act: default today; never in the future nor before `not_before`."""
    day = on or today()
    if day > today():
        message = _("{what} không được sau hôm nay.").format(what=label)
        raise ValidationFailed(message, fields={"on": message})
    if not_before is not None and day < not_before:
        message = _("{what} không được trước ngày {day}.").format(
            what=label, day=short_date(not_before)
        )
        raise ValidationFailed(message, fields={"on": message})
    return day


def active_organizations(ids: Iterable[int], *, field: str) -> list[Organization]:
    """The active organisations with these ids, in the given order (ValidationFailed if any
    is missing or inactive)."""
    wanted = list(dict.fromkeys(int(i) for i in ids))
    found = {o.pk: o for o in Organization.objects.filter(pk__in=wanted, is_active=True)}
    if len(found) != len(wanted):
        message = _("Có cơ quan, đơn vị không tồn tại hoặc đã ngừng hoạt động.")
        raise ValidationFailed(message, fields={field: message})
    return [found[i] for i in wanted]


def check_partners(
    actor: Any, orgs: Iterable[Organization], *, field: str, keep: Iterable[int] = ()
) -> None:
    """Refuse organisations outside the provinces where the actor works
    (`selectors.partner_organization_ids`); those in `keep` (already on the record) stay."""
    from danvan.oversight.selectors import partner_organization_ids

    allowed = partner_organization_ids(actor)
    if allowed is None:
        return
    kept = {int(i) for i in keep}
    outside = [o.name for o in orgs if o.pk not in allowed and o.pk not in kept]
    if outside:
        message = _("Cơ quan, đơn vị ngoài phạm vi tỉnh nơi bạn công tác: {names}.").format(
            names=", ".join(outside[:5])
        )
        raise ValidationFailed(message, fields={field: message})


def active_organization(org_id: int | None, *, field: str, required: str) -> Organization:
    if not org_id:
        raise ValidationFailed(required, fields={field: required})
    return active_organizations([org_id], field=field)[0]


def conflict(what: str) -> Conflict:
    """`what`: a msgid marked with `gettext_noop` ("Cuộc giám sát"), translated here."""
    message = _(
        "{what} vừa được người khác cập nhật: tải lại trang để xem thay đổi rồi thực hiện lại."
    ).format(what=_(what))
    return Conflict(message, fields={"expected_version": message})


def plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
