"""Reads of the administrative units: lookup by code on a date, search, succession.

Administrative units are public reference data: every signed-in user may read all of them, so
these selectors take no user (the views and the API check `can_view_reference_data`).

A code alone does not identify a unit (codes were reused in 2025): `admin_unit_on` gives the
unit that had the code on a date, and `admin_unit_resolve` follows the old -> new links to the
unit in force today.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.errors import NotFound, ValidationFailed
from danvan.core.models import AdminUnit, AdminUnitSuccession, UnitLevel
from danvan.text import fold

_LEVEL_ORDER = Case(
    When(level=UnitLevel.PROVINCE, then=Value(0)),
    When(level=UnitLevel.DISTRICT, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def _today() -> dt.date:
    return timezone.localdate()


def _fmt(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _printable(text: str | None) -> str:
    """Input without control characters (PostgreSQL refuses NUL in a query parameter)."""
    return "".join(ch for ch in (text or "") if ch.isprintable()).strip()


def admin_unit_on(*, code: str, on: dt.date | None = None) -> AdminUnit:
    """The unit that had `code` on date `on` (default today); NotFound if none."""
    day = on or _today()
    code = _printable(code)
    rows = (
        []
        if not code.isdigit()
        else list(
            AdminUnit.objects.in_force_on(day)
            .filter(code=code)
            .select_related("parent")
            .order_by("-valid_from")[:1]
        )
    )
    if not rows:
        raise NotFound(
            _(
                "Không có đơn vị hành chính mã «%(code)s» có hiệu lực ngày %(day)s: kiểm tra lại "
                "mã, hoặc ngày (mã đơn vị thay đổi từ 01/07/2025)."
            )
            % {"code": code, "day": _fmt(day)},
            fields={"code": _("Không có đơn vị với mã này vào ngày đã cho.")},
        )
    return rows[0]


def admin_unit_get(*, pk: int) -> AdminUnit:
    """One row by its id (a specific version); NotFound if none."""
    try:
        return AdminUnit.objects.select_related("parent").get(pk=pk)
    except (AdminUnit.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Không tìm thấy đơn vị hành chính này.")) from None


def admin_unit_search(
    *,
    q: str = "",
    level: str | None = None,
    parent_code: str | None = None,
    on: dt.date | None = None,
    include_history: bool = False,
) -> QuerySet[AdminUnit]:
    """Units whose name (or code) matches `q`, diacritic- and đ-insensitively.

    By default only the units in force today; `on` gives those in force on that date;
    `include_history` (without `on`) every row, past versions included. Every word of `q` must
    occur in the folded full name (so "hoa an" finds "Xã Hòa An" and "Phường Hoà An"); a word
    of digits also matches the start of the code. Provinces first, then by name.
    """
    if level and level not in UnitLevel.values:
        raise ValidationFailed(
            _("Cấp đơn vị «%(level)s» không hợp lệ: dùng province, commune hoặc district.")
            % {"level": level},
            fields={"level": _("Giá trị hợp lệ: province, commune, district.")},
        )
    qs = AdminUnit.objects.select_related("parent")
    if on is not None:
        qs = qs.in_force_on(on)
    elif not include_history:
        qs = qs.in_force_on(_today())
    if level:
        qs = qs.filter(level=level)
    if parent_code:
        qs = qs.filter(parent__code=_printable(parent_code))
    for term in fold(_printable(q)).split()[:8]:
        condition = Q(search_name__contains=term)
        if term.isdigit():
            condition |= Q(code__startswith=term)
        qs = qs.filter(condition)
    return qs.annotate(level_order=_LEVEL_ORDER).order_by(
        "level_order", "search_name", "-valid_from", "code"
    )


def admin_unit_provinces(
    *, on: dt.date | None = None, include_history: bool = False
) -> QuerySet[AdminUnit]:
    """Provinces for a filter list: in force on `on` (default today), or every row."""
    return admin_unit_search(
        level=UnitLevel.PROVINCE, on=on, include_history=include_history
    ).order_by("search_name", "-valid_from")


def admin_unit_reference_day(unit: AdminUnit) -> dt.date:
    """The day to look at a unit on: today if in force, else its last day (or first, if future)."""
    today = _today()
    if unit.in_force_on(today):
        return today
    if unit.valid_from > today:
        return unit.valid_from
    assert unit.valid_to is not None
    return unit.valid_to - dt.timedelta(days=1)


def admin_unit_children_count(unit: AdminUnit) -> int:
    """Units under `unit` on its reference day (today for a unit in force).

    Counted by the parent's code on that day, not by the parent link: a commune that outlived
    a version of its province points to the province's latest version.
    """
    day = admin_unit_reference_day(unit)
    return AdminUnit.objects.in_force_on(day).filter(parent__code=unit.code).count()


def admin_unit_parent_on(unit: AdminUnit, on: dt.date | None = None) -> AdminUnit | None:
    """The parent as it was on `on` (the parent link points to the parent's latest version)."""
    if unit.parent is None:
        return None
    day = on or admin_unit_reference_day(unit)
    try:
        return admin_unit_on(code=unit.parent.code, on=day)
    except NotFound:
        return unit.parent


def admin_unit_successors(unit: AdminUnit) -> list[AdminUnitSuccession]:
    """Direct successor links of `unit` (with the successor rows)."""
    return list(
        AdminUnitSuccession.objects.filter(predecessor=unit)
        .select_related("successor__parent")
        .order_by("successor__code")
    )


def admin_unit_predecessors(unit: AdminUnit) -> list[AdminUnitSuccession]:
    """Direct predecessor links of `unit` (with the predecessor rows)."""
    return list(
        AdminUnitSuccession.objects.filter(successor=unit)
        .select_related("predecessor__parent")
        .order_by("predecessor__code")
    )


@dataclass(frozen=True)
class AreaResolution:
    """Where a record dated `on` with an area code belongs today.

    - `unit`: the unit that had the code on the record's date;
    - `current`: the unit in force on `as_of` it belongs to, when there is exactly one (the
      unit itself if it is still in force, or its successor through full / renamed links);
    - `candidates`: the units in force on `as_of` that the old unit's territory went to;
    - `needs_choice`: True when an officer must pick (a split unit: several candidates; or no
      known successor: any unit).
    """

    unit: AdminUnit
    current: AdminUnit | None
    candidates: tuple[AdminUnit, ...]
    needs_choice: bool
    as_of: dt.date


def admin_unit_current_successors(
    unit: AdminUnit, *, as_of: dt.date | None = None
) -> list[AdminUnit]:
    """The units in force on `as_of` (default today) reached from `unit` by succession links.

    One query per generation of links (two generations since 2025: the 2025 merge, then a
    reclassification). A unit in force on `as_of` is its own answer.
    """
    day = as_of or _today()
    if unit.in_force_on(day):
        return [unit]
    found: dict[int, AdminUnit] = {}
    seen = {unit.pk}
    frontier = {unit.pk}
    while frontier:
        next_frontier: set[int] = set()
        links = AdminUnitSuccession.objects.filter(predecessor_id__in=sorted(frontier))
        for link in links.select_related("successor__parent"):
            successor = link.successor
            if successor.pk in seen:
                continue
            seen.add(successor.pk)
            if successor.in_force_on(day):
                found[successor.pk] = successor
            elif successor.valid_to is not None and successor.valid_to <= day:
                next_frontier.add(successor.pk)
        frontier = next_frontier
    return sorted(found.values(), key=lambda u: (u.level != UnitLevel.PROVINCE, u.code))


def admin_unit_resolve(
    *, code: str, on: dt.date | None = None, as_of: dt.date | None = None
) -> AreaResolution:
    """The unit with `code` on `on`, and the unit in force on `as_of` (default today) it maps
    to. Raises NotFound when no unit had the code on `on`."""
    unit = admin_unit_on(code=code, on=on)
    day = as_of or _today()
    candidates = tuple(admin_unit_current_successors(unit, as_of=day))
    current = candidates[0] if len(candidates) == 1 else None
    return AreaResolution(
        unit=unit,
        current=current,
        candidates=candidates,
        needs_choice=current is None,
        as_of=day,
    )


def admin_unit_versions(unit: AdminUnit) -> list[AdminUnit]:
    """Every row that has had the same code, oldest first (they need not be the same unit)."""
    return list(AdminUnit.objects.filter(code=unit.code).order_by("valid_from"))


def admin_unit_lineage_ids(unit: AdminUnit | int) -> set[int]:
    """Ids of `unit` and of every row it took over, transitively: its earlier versions
    ("renamed") and the units merged into it ("full" or "partial").

    For the current Tỉnh Quảng Trị: itself, its row of 1 July 2025, and the old Quảng Bình and
    Quảng Trị. One query per generation of links.
    """
    root = unit if isinstance(unit, int) else int(unit.pk)
    found = {root}
    frontier = {root}
    while frontier:
        rows = AdminUnitSuccession.objects.filter(successor_id__in=sorted(frontier))
        predecessors = set(rows.values_list("predecessor_id", flat=True)) - found
        found |= predecessors
        frontier = predecessors
    return found


def admin_unit_territory_ids(unit: AdminUnit | int) -> set[int]:
    """Ids of every row, of any date, inside `unit`'s territory as it is now: its lineage
    (`admin_unit_lineage_ids`) and the units under any row of it.

    For scoping records that keep the unit of their own date: a province's territory holds its
    communes of today, those closed by a reclassification, and the communes of the old
    provinces merged into it.
    """
    lineage = admin_unit_lineage_ids(unit)
    children = AdminUnit.objects.filter(parent_id__in=sorted(lineage)).values_list("id", flat=True)
    return lineage | set(children)
