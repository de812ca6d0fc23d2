"""Checks every coordination service shares: text, dates, organisations, supporting units."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from danvan.coordination import permissions
from danvan.coordination.inputs import SupportInput
from danvan.core.errors import PermissionDenied
from danvan.core.models import Organization
from danvan.core.services.common import field_error as invalid
from danvan.text.normalize import fold, normalize


def text(value: str | None, *, field: str, label: str, max_length: int, required: bool) -> str:
    """One line of text, whitespace collapsed; refused when empty (if required) or too long."""
    cleaned = " ".join(normalize(value or "").split())
    if required and not cleaned:
        raise invalid(field, _("Nhập %(label)s.") % {"label": label})
    if len(cleaned) > max_length:
        raise invalid(
            field,
            _("%(label)s dài quá %(n)d ký tự.") % {"label": label.capitalize(), "n": max_length},
        )
    return cleaned


def long_text(value: str | None, *, field: str, max_length: int = 20_000) -> str:
    cleaned = normalize(value or "").strip()
    if len(cleaned) > max_length:
        raise invalid(field, _("Nội dung dài quá %(n)d ký tự.") % {"n": max_length})
    return cleaned


def date(value: Any, *, field: str, label: str, required: bool = True) -> dt.date | None:
    if value is None:
        if required:
            raise invalid(field, _("Nhập %(label)s (ngày/tháng/năm).") % {"label": label})
        return None
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise invalid(field, _("Nhập %(label)s (ngày/tháng/năm).") % {"label": label})
    return value


def organization(org_id: int | None, *, field: str, label: str) -> Organization:
    if org_id is None:
        raise invalid(field, _("Chọn %(label)s.") % {"label": label})
    org = Organization.objects.filter(pk=org_id, is_active=True).select_related("area").first()
    if org is None:
        raise invalid(field, _("Không có cơ quan, đơn vị này (hoặc đã ngừng hoạt động)."))
    return org


def organizations(ids: Iterable[int], *, field: str) -> dict[int, Organization]:
    wanted = sorted(set(ids))
    found = {o.pk: o for o in Organization.objects.filter(pk__in=wanted, is_active=True)}
    if len(found) != len(wanted):
        raise invalid(field, _("Có cơ quan, đơn vị không tồn tại hoặc đã ngừng hoạt động."))
    return found


def supporting(
    items: Iterable[SupportInput], *, lead: Organization, field: str = "supporting"
) -> list[tuple[Organization, str]]:
    """(organisation, part) pairs of the supporting units; the lead and repeats are refused."""
    items = list(items)
    orgs = organizations([s.organization_id for s in items], field=field)
    pairs: list[tuple[Organization, str]] = []
    seen: set[int] = set()
    for s in items:
        org = orgs[s.organization_id]
        if org.pk == lead.pk:
            raise invalid(field, _("Đơn vị chủ trì không đồng thời là đơn vị phối hợp."))
        if org.pk in seen:
            raise invalid(
                field, _("%(org)s được chọn hai lần làm đơn vị phối hợp.") % {"org": org.name}
            )
        seen.add(int(org.pk))
        part = text(
            s.part, field=field, label=_("phần việc phối hợp"), max_length=300, required=False
        )
        pairs.append((org, part))
    return pairs


def check_writer(actor: Any, org: Organization | int, message: str) -> None:
    if not permissions.can_write_at(actor, org):
        raise PermissionDenied(message)


def search_text(*parts: str) -> str:
    return fold(" ".join(p for p in parts if p))
