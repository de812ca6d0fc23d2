"""Reads of the portal: the places a citizen picks, where a submission goes, the legal
deadlines in force (for the home page), the retention periods (for the privacy notice).

Everything here is public reference data (administrative units, organisations' names, rules):
no selector returns anything about a person or a case.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core.errors import ValidationFailed
from danvan.core.models import AdminUnit, Organization, OrgKind, OrgLevel, UnitLevel
from danvan.core.selectors.calendar import deadline_rule_list
from danvan.core.selectors.units import admin_unit_provinces, admin_unit_search
from danvan.core.services.retention import retention_period

CODE_MAX = 10


def _code(value: str) -> str:
    text = "".join(ch for ch in str(value or "") if ch.isprintable()).strip()
    return text[:CODE_MAX] if text.isdigit() else ""


def portal_provinces() -> list[AdminUnit]:
    """Provinces in force today, by name."""
    return list(admin_unit_provinces())


def portal_communes(*, province_code: str) -> list[AdminUnit]:
    """Communes (xã, phường, đặc khu) in force today in the province, by name."""
    code = _code(province_code)
    if not code:
        return []
    return list(admin_unit_search(level=UnitLevel.COMMUNE, parent_code=code))


@dataclass(frozen=True)
class Destination:
    """Where a submission goes: the area of the case and the People's Committee receiving it."""

    area: AdminUnit
    organization: Organization
    # True when the commune has no People's Committee in the system: the province's receives.
    via_province: bool


def _peoples_committee(unit: AdminUnit, level: str) -> Organization | None:
    return (
        Organization.objects.filter(
            kind=OrgKind.PEOPLES_COMMITTEE, level=level, is_active=True, area__code=unit.code
        )
        .filter(Q(area=unit) | Q(area__level=unit.level))
        .order_by("-area__valid_from", "code")
        .first()
    )


def portal_destination(*, province_code: str, commune_code: str = "") -> Destination:
    """The commune's People's Committee when it is in the system, else the province's.

    Raises ValidationFailed (fields `province`, `commune`) for a unit that is not in force or a
    commune outside the province, and when no People's Committee of the province is in the
    system (the portal cannot route the submission there).
    """
    today = timezone.localdate()
    province = (
        AdminUnit.objects.in_force_on(today)
        .filter(code=_code(province_code), level=UnitLevel.PROVINCE)
        .first()
        if _code(province_code)
        else None
    )
    if province is None:
        message = _("Chọn tỉnh, thành phố nơi xảy ra vụ việc.")
        raise ValidationFailed(message, fields={"province": message})
    commune = None
    if (commune_code or "").strip():
        commune = (
            AdminUnit.objects.in_force_on(today)
            .filter(code=_code(commune_code), level=UnitLevel.COMMUNE, parent__code=province.code)
            .first()
            if _code(commune_code)
            else None
        )
        if commune is None:
            message = _("Xã, phường đã chọn không thuộc tỉnh, thành phố này; chọn lại.")
            raise ValidationFailed(message, fields={"commune": message})
        org = _peoples_committee(commune, OrgLevel.COMMUNE)
        if org is not None:
            return Destination(area=commune, organization=org, via_province=False)
    org = _peoples_committee(province, OrgLevel.PROVINCE)
    if org is None:
        message = _(
            "Ủy ban nhân dân của tỉnh, thành phố này chưa nhận ý kiến qua hệ thống; hãy gửi "
            "trực tiếp hoặc qua bưu chính."
        )
        raise ValidationFailed(message, fields={"province": message})
    return Destination(area=commune or province, organization=org, via_province=commune is not None)


# --- The legal deadlines, in plain words ------------------------------------------------------

# Rule id -> what the citizen waits for (the length and the source come from the rule table).
PUBLIC_RULES: tuple[tuple[str, Any], ...] = (
    ("petition.triage", gettext_lazy("Cơ quan xem xét, phân loại và xử lý đơn")),
    ("complaint.accept", gettext_lazy("Khiếu nại: quyết định thụ lý hoặc trả lời không thụ lý")),
    ("complaint.first.resolve", gettext_lazy("Khiếu nại lần đầu: giải quyết, kể từ ngày thụ lý")),
    ("complaint.second.resolve", gettext_lazy("Khiếu nại lần hai: giải quyết, kể từ ngày thụ lý")),
    ("denunciation.initial", gettext_lazy("Tố cáo: kiểm tra ban đầu để thụ lý hoặc không")),
    ("denunciation.resolve", gettext_lazy("Tố cáo: giải quyết, kể từ ngày thụ lý")),
    ("proposal.resolve", gettext_lazy("Kiến nghị, phản ánh: giải quyết, kể từ ngày thụ lý")),
)

_VARIANT_TEXT: dict[str, Any] = {
    "complex": gettext_lazy("vụ việc phức tạp"),
    "remote": gettext_lazy("vùng sâu, vùng xa"),
    "remote_complex": gettext_lazy("vùng sâu, vùng xa và phức tạp"),
    "extended": gettext_lazy("khi phải kiểm tra ở nhiều nơi"),
    "especially_complex": gettext_lazy("vụ việc đặc biệt phức tạp"),
}


@dataclass(frozen=True)
class PublicRule:
    label: str
    length: int
    unit: str
    variants: list[str]
    citation: str
    verified: bool


def portal_public_rules(*, on: dt.date | None = None) -> list[PublicRule]:
    """The deadlines a citizen may expect, from the rule versions in force `on` (today)."""
    day = on or timezone.localdate()
    rules = {r.rule_id: r for r in deadline_rule_list(on=day)}
    result = []
    for rule_id, label in PUBLIC_RULES:
        rule = rules.get(rule_id)
        if rule is None:
            continue
        unit = str(rule.get_unit_display())
        variants = [
            _("{n} {unit} nếu là {case}").format(n=length, unit=unit, case=_VARIANT_TEXT[name])
            for name, length in sorted((rule.variants or {}).items(), key=lambda i: i[1])
            if name in _VARIANT_TEXT and isinstance(length, int)
        ]
        result.append(
            PublicRule(
                label=str(label),
                length=rule.length,
                unit=unit,
                variants=variants,
                citation=rule.citation,
                verified=rule.verified,
            )
        )
    return result


def portal_retention_years() -> dict[str, int]:
    """Years personal data is kept, per record type (for the privacy notice)."""
    result = {}
    for record_type in ("petitions.petition", "portal.submission"):
        try:
            result[record_type.replace(".", "_")] = int(retention_period(record_type)["years"])
        except KeyError:
            continue
    return result


def portal_commune_destinations(*, province_code: str) -> tuple[str, dict[str, str]]:
    """Where a submission for each commune of the province goes, by name: (the province's
    People's Committee or "" when it is not in the system, {commune code: the commune's
    People's Committee} for the communes that have one in the system). Two queries."""
    code = _code(province_code)
    if not code:
        return "", {}
    province_org = (
        Organization.objects.filter(
            kind=OrgKind.PEOPLES_COMMITTEE,
            level=OrgLevel.PROVINCE,
            is_active=True,
            area__code=code,
            area__level=UnitLevel.PROVINCE,
        )
        .order_by("code")
        .values_list("name", flat=True)
        .first()
    )
    today = timezone.localdate()
    communes = AdminUnit.objects.in_force_on(today).filter(
        level=UnitLevel.COMMUNE, parent__code=code
    )
    names = dict(
        Organization.objects.filter(
            kind=OrgKind.PEOPLES_COMMITTEE,
            level=OrgLevel.COMMUNE,
            is_active=True,
            area__level=UnitLevel.COMMUNE,
            area__code__in=communes.values("code"),
        )
        .order_by("-code")
        .values_list("area__code", "name")
    )
    return province_org or "", names
