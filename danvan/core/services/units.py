"""Administrative units: the reference data load, snapshot imports, the remote flag.

The units are dated data (see `danvan.core.models.units` and docs/admin-units.md). Every list
of units, the official lists of 1 July 2025 as well as a newer snapshot file (through
`admin_units_import`, as `danvan adminunits import` does), is applied the same way: compared
with the units in force on its effective date, then:

- keeps a unit that did not change (a spelling-only difference such as Hoà/Hòa is not a
  change: names are compared after `danvan.text.normalize`, ignoring case; the English name
  and the parent version are refreshed in place);
- for a unit whose type, name or province really changed (xã -> phường, Đồng Nai becoming a
  centrally-run city), closes the old row on the effective date and opens a new version linked
  to it as "renamed"; the new version keeps the remote flag;
- opens units that are new, and links a new code to a vanished code of the same name, type and
  province as "renamed" (a code corrected by the statistics office);
- closes, never deletes, the units in force on that date that the snapshot no longer lists.

Everything happens in one transaction with one audit event; running the same import again
changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from danvan.core.models import AdminUnit, AdminUnitSuccession, UnitLevel, UnitType
from danvan.core.models.units import EARLIEST, REFORM_2025, TYPE_PREFIX
from danvan.core.services.audit import audit_record
from danvan.text import fold, normalize

SOURCE_2025 = "Công văn 915/CTK-CSCL và 1027/CTK-CSCL (danh mục từ 01/07/2025)"
SOURCE_HISTORY = "dvhcvn/20250701: danh mục trước 01/07/2025"
SOURCE_SUCCESSION = "dvhcvn/20250701: bảng sáp nhập 2025 (dữ liệu tham khảo)"

FILE_2025 = "units-2025-07-01.csv"
FILE_HISTORY = "units-before-2025-07-01.csv"
FILE_SUCCESSION = "successions-2025-07-01.csv"
FILE_SNAPSHOT_2026 = "vn-units-2026-07-25.json"

# Snapshot type words (AdministrativeUnitShortName or the start of FullName) per level.
_PROVINCE_TYPES = {"tỉnh": UnitType.PROVINCE, "thành phố": UnitType.CITY}
_COMMUNE_TYPES = {"xã": UnitType.COMMUNE, "phường": UnitType.WARD, "đặc khu": UnitType.SPECIAL_ZONE}
_CODE_RE = {UnitLevel.PROVINCE: re.compile(r"\d{2}"), UnitLevel.COMMUNE: re.compile(r"\d{5}")}
_NAME_MAX = 200
_UPDATABLE = ["name", "full_name", "search_name", "name_en", "unit_type", "level", "parent"]


def reference_data_dir() -> Path:
    return Path(settings.DATA_DIR) / "admin-units"


def unit_full_name(unit_type: str, name: str) -> str:
    """'xa', 'Hòa An' -> 'Xã Hòa An'."""
    return f"{TYPE_PREFIX[unit_type]} {name}"


@functools.lru_cache(maxsize=65536)
def _clean_name(name: str) -> str:
    return " ".join(normalize(name).split())


def _name_key(name: str) -> str:
    """Two names are the same name when they differ only in tone placement, case or spaces."""
    return _clean_name(name).casefold()


def _fmt(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


# --- Snapshots ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SnapshotUnit:
    code: str
    level: str
    unit_type: str
    name: str
    name_en: str = ""
    parent_code: str = ""


@dataclass(frozen=True)
class Snapshot:
    """A complete list of the units in force on one date (provinces and communes)."""

    units: tuple[SnapshotUnit, ...]
    snapshot_date: dt.date | None = None
    source: str = ""
    digest: str = ""

    @property
    def province_count(self) -> int:
        return sum(1 for u in self.units if u.level == UnitLevel.PROVINCE)

    @property
    def commune_count(self) -> int:
        return sum(1 for u in self.units if u.level == UnitLevel.COMMUNE)


def _bad(message: str) -> ValidationFailed:
    return ValidationFailed(
        _("Tệp danh mục không hợp lệ: %(detail)s") % {"detail": message}, code="bad_snapshot"
    )


def _str(obj: dict[str, Any], key: str) -> str:
    value = obj.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _bad(
            _("trường %(key)s phải là chuỗi ký tự (đang là %(value)s).")
            % {"key": key, "value": json.dumps(value)[:40]}
        )
    return value.strip()


def _type_and_name(obj: dict[str, Any], types: Mapping[str, str], where: str) -> tuple[str, str]:
    full = " ".join(_str(obj, "FullName").split())
    word = _clean_name(_str(obj, "AdministrativeUnitShortName")).casefold()
    if not word:
        for candidate in sorted(types, key=len, reverse=True):
            if _clean_name(full).casefold().startswith(candidate + " "):
                word = candidate
                break
    unit_type = types.get(word)
    if unit_type is None:
        allowed = ", ".join(TYPE_PREFIX[t] for t in types.values())
        raise _bad(
            _("%(where)s: không rõ loại đơn vị (AdministrativeUnitShortName phải là %(allowed)s).")
            % {"where": where, "allowed": allowed}
        )
    name = _str(obj, "Name")
    if not name and full:
        prefix = TYPE_PREFIX[unit_type]
        name = (
            full[len(prefix) :].strip() if full.casefold().startswith(prefix.casefold()) else full
        )
    name = _clean_name(name)
    if not name:
        raise _bad(_("%(where)s: thiếu tên (Name).") % {"where": where})
    if len(name) > _NAME_MAX:
        raise _bad(_("%(where)s: tên dài quá %(n)d ký tự.") % {"where": where, "n": _NAME_MAX})
    return unit_type, name


def admin_units_parse_snapshot(raw: bytes | str, *, source: str = "") -> Snapshot:
    """Parse a snapshot in the shape of vn-units-2026.json; raise ValidationFailed if bad.

    Accepted: the upstream list of provinces (each with "Wards"), or an object
    {"snapshot_date": "YYYY-MM-DD", "source": "...", "provinces": [...]} that also says the
    date the list describes. Every problem is reported in one Vietnamese line.
    """
    digest = hashlib.sha256(raw.encode("utf-8") if isinstance(raw, str) else raw).hexdigest()
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise _bad(_("không đọc được JSON (%(error)s).") % {"error": exc}) from None
    except RecursionError:
        raise _bad(_("JSON lồng nhau quá sâu, không phải danh mục đơn vị hành chính.")) from None
    snapshot_date: dt.date | None = None
    if isinstance(data, dict):
        if "provinces" not in data:
            raise _bad(_('thiếu danh sách "provinces".'))
        raw_date = data.get("snapshot_date")
        if raw_date not in (None, ""):
            try:
                snapshot_date = dt.date.fromisoformat(str(raw_date))
            except ValueError:
                raise _bad(
                    f'"snapshot_date" phải có dạng YYYY-MM-DD (đang là {raw_date!r}).'
                ) from None
        source = source or (str(data.get("source") or "")[:200])
        provinces = data["provinces"]
    else:
        provinces = data
    if not isinstance(provinces, list) or not provinces:
        raise _bad(_("cần một danh sách tỉnh, thành phố không rỗng."))
    units: list[SnapshotUnit] = []
    seen: set[str] = set()
    for i, province in enumerate(provinces, start=1):
        where = _("tỉnh thứ %(i)d") % {"i": i}
        if not isinstance(province, dict):
            raise _bad(_("%(where)s không phải một đối tượng JSON.") % {"where": where})
        code = _str(province, "Code")
        where = _("tỉnh thứ %(i)d (mã %(code)s)") % {"i": i, "code": code or "?"}
        if not _CODE_RE[UnitLevel.PROVINCE].fullmatch(code):
            raise _bad(_("%(where)s: mã tỉnh phải gồm đúng 2 chữ số.") % {"where": where})
        if code in seen:
            raise _bad(_("%(where)s: mã %(code)s bị lặp.") % {"where": where, "code": code})
        seen.add(code)
        unit_type, name = _type_and_name(province, _PROVINCE_TYPES, where)
        units.append(
            SnapshotUnit(
                code=code,
                level=UnitLevel.PROVINCE,
                unit_type=unit_type,
                name=name,
                name_en=_str(province, "FullNameEn")[:250],
            )
        )
        wards = province.get("Wards")
        if not isinstance(wards, list):
            raise _bad(_('%(where)s: thiếu danh sách đơn vị cấp xã "Wards".') % {"where": where})
        for j, ward in enumerate(wards, start=1):
            wwhere = _("%(where)s, đơn vị cấp xã thứ %(j)d") % {"where": where, "j": j}
            if not isinstance(ward, dict):
                raise _bad(_("%(where)s không phải một đối tượng JSON.") % {"where": wwhere})
            wcode = _str(ward, "Code")
            wwhere = _("%(where)s, đơn vị cấp xã thứ %(j)d (mã %(code)s)") % {
                "where": where,
                "j": j,
                "code": wcode or "?",
            }
            if not _CODE_RE[UnitLevel.COMMUNE].fullmatch(wcode):
                raise _bad(_("%(where)s: mã xã phải gồm đúng 5 chữ số.") % {"where": wwhere})
            if wcode in seen:
                raise _bad(_("%(where)s: mã %(code)s bị lặp.") % {"where": wwhere, "code": wcode})
            seen.add(wcode)
            declared = _str(ward, "ProvinceCode")
            if declared and declared != code:
                raise _bad(
                    _("%(where)s: ProvinceCode %(declared)s khác mã tỉnh chứa nó (%(code)s).")
                    % {"where": wwhere, "declared": declared, "code": code}
                )
            wtype, wname = _type_and_name(ward, _COMMUNE_TYPES, wwhere)
            units.append(
                SnapshotUnit(
                    code=wcode,
                    level=UnitLevel.COMMUNE,
                    unit_type=wtype,
                    name=wname,
                    name_en=_str(ward, "FullNameEn")[:250],
                    parent_code=code,
                )
            )
    if not any(u.level == UnitLevel.COMMUNE for u in units):
        raise _bad(_("không có đơn vị cấp xã nào: một bản danh mục phải đầy đủ."))
    return Snapshot(
        units=tuple(units), snapshot_date=snapshot_date, source=source[:200], digest=digest
    )


def admin_units_read_snapshot(path: str | Path) -> Snapshot:
    """Read and parse a snapshot file; a missing or unreadable file is a ValidationFailed."""
    file = Path(path)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise ValidationFailed(
            _("Không đọc được tệp %(file)s: %(error)s.")
            % {"file": file, "error": exc.strerror or exc},
            code="bad_snapshot",
        ) from None
    return admin_units_parse_snapshot(raw, source=f"{file.name}")


# --- Applying a snapshot --------------------------------------------------------------------


@dataclass
class ImportResult:
    effective: dt.date
    source: str
    created: list[str] = field(default_factory=list)  # codes opened (new units)
    versions: list[str] = field(default_factory=list)  # codes given a new version ("renamed")
    closed: list[str] = field(default_factory=list)  # codes closed: not in the snapshot
    recoded: list[tuple[str, str]] = field(default_factory=list)  # (old code, new code)
    updated: int = 0  # rows changed in place (spelling, English name, parent version)
    unchanged: int = 0
    links: int = 0
    organizations_moved: int = 0  # organisations whose area moved to the new version
    dry_run: bool = False
    digest: str = ""  # SHA-256 of the imported file

    @property
    def changed(self) -> bool:
        return bool(self.created or self.versions or self.closed or self.updated or self.links)

    def counts(self) -> dict[str, int]:
        return {
            "created": len(self.created),
            "versions": len(self.versions),
            "closed": len(self.closed),
            "updated": self.updated,
            "unchanged": self.unchanged,
            "links": self.links,
            "organizations_moved": self.organizations_moved,
        }

    def summary(self) -> str:
        c = self.counts()
        return _(
            "Ngày hiệu lực %(day)s: mở mới %(created)d, phiên bản mới %(versions)d, đóng "
            "%(closed)d, cập nhật %(updated)d, giữ nguyên %(unchanged)d, liên kết kế thừa mới "
            "%(links)d, cơ quan chuyển sang phiên bản địa bàn mới %(organizations_moved)d."
        ) % {"day": _fmt(self.effective), **c}


class _Rows:
    """The unit rows a snapshot of date `day` can touch, in memory, with the pending changes.

    That is every row in force on `day` or later, and every province (possible parents).
    """

    def __init__(self, day: dt.date) -> None:
        self.all: list[AdminUnit] = list(
            AdminUnit.objects.filter(
                Q(valid_to__isnull=True) | Q(valid_to__gt=day) | Q(level=UnitLevel.PROVINCE)
            )
        )
        self.by_id: dict[int, AdminUnit] = {r.pk: r for r in self.all}
        self.by_code: dict[str, list[AdminUnit]] = defaultdict(list)
        for row in self.all:
            self.by_code[row.code].append(row)
        self.dirty: dict[int, set[str]] = defaultdict(set)

    def in_force(self, code: str, day: dt.date) -> AdminUnit | None:
        found = [r for r in self.by_code.get(code, ()) if r.in_force_on(day)]
        return max(found, key=lambda r: r.valid_from) if found else None

    def next_start(self, code: str, day: dt.date) -> dt.date | None:
        later = [r.valid_from for r in self.by_code.get(code, ()) if r.valid_from > day]
        return min(later) if later else None

    def add(self, row: AdminUnit) -> None:
        self.all.append(row)
        self.by_code[row.code].append(row)

    def assign(self, row: AdminUnit, **values: Any) -> bool:
        changed = False
        for name, value in values.items():
            attr = "parent_id" if name == "parent" else name
            if getattr(row, attr) != value:
                setattr(row, attr, value)
                if row.pk is not None:
                    self.dirty[row.pk].add(name)
                changed = True
        return changed

    def parent_for(self, code: str, start: dt.date, end: dt.date | None) -> AdminUnit | None:
        """The latest version of unit `code` whose validity overlaps [start, end)."""
        overlapping = [
            r
            for r in self.by_code.get(code, ())
            if (end is None or r.valid_from < end) and (r.valid_to is None or r.valid_to > start)
        ]
        return max(overlapping, key=lambda r: r.valid_from) if overlapping else None

    def save(self) -> int:
        """bulk_update the dirty rows, grouped by the set of fields that changed."""
        groups: dict[tuple[str, ...], list[AdminUnit]] = defaultdict(list)
        for pk, changed in self.dirty.items():
            if changed:
                groups[tuple(sorted(changed))].append(self.by_id[pk])
        for fields, rows in groups.items():
            AdminUnit.objects.bulk_update(rows, list(fields), batch_size=500)
        count = sum(len(rows) for rows in groups.values())
        self.dirty.clear()
        return count


def _new_row(su: SnapshotUnit, *, start: dt.date, end: dt.date | None, source: str) -> AdminUnit:
    full_name = unit_full_name(su.unit_type, su.name)
    return AdminUnit(
        code=su.code,
        name=su.name,
        full_name=full_name,
        name_en=su.name_en,
        search_name=fold(full_name)[:250],
        unit_type=su.unit_type,
        level=su.level,
        valid_from=start,
        valid_to=end,
        source=source[:200],
    )


def _same_unit_key(row: AdminUnit, parent_code: str) -> tuple[str, str, str, str]:
    return (row.level, row.unit_type, _name_key(row.name), parent_code)


def _apply_snapshot(
    snapshot: Snapshot, effective: dt.date, *, source: str, actor: Any = None
) -> ImportResult:
    result = ImportResult(effective=effective, source=source)
    rows = _Rows(effective)
    links: list[tuple[AdminUnit, AdminUnit]] = []
    matched: list[AdminUnit] = []
    in_snapshot = {u.code for u in snapshot.units}
    for level in (UnitLevel.PROVINCE, UnitLevel.COMMUNE):
        # (row, parent code) of every row this snapshot touches at this level.
        touched: list[tuple[AdminUnit, str]] = []
        created: list[tuple[AdminUnit, SnapshotUnit]] = []
        closed: list[tuple[AdminUnit, str]] = []
        for su in (u for u in snapshot.units if u.level == level):
            row = rows.in_force(su.code, effective)
            if row is None:
                end = rows.next_start(su.code, effective)
                new = _new_row(su, start=effective, end=end, source=source)
                rows.add(new)
                created.append((new, su))
                touched.append((new, su.parent_code))
                result.created.append(su.code)
                continue
            parent_code = rows.by_id[row.parent_id].code if row.parent_id else ""
            material = (
                row.level != su.level
                or row.unit_type != su.unit_type
                or _name_key(row.name) != _name_key(su.name)
                or parent_code != su.parent_code
            )
            if material and row.valid_from < effective:
                # A real change: the old row ends the day before, a new version starts.
                new = _new_row(su, start=effective, end=row.valid_to, source=source)
                new.remote = row.remote
                rows.assign(row, valid_to=effective)
                rows.add(new)
                links.append((row, new))
                touched.append((row, parent_code))
                touched.append((new, su.parent_code))
                result.versions.append(su.code)
                continue
            # The same unit, or a correction of a version that starts on this very date.
            full_name = unit_full_name(su.unit_type, su.name)
            values: dict[str, Any] = {
                "name": su.name,
                "full_name": full_name,
                "search_name": fold(full_name)[:250],
                "unit_type": su.unit_type,
                "level": su.level,
            }
            if su.name_en:
                values["name_en"] = su.name_en
            rows.assign(row, **values)
            matched.append(row)
            touched.append((row, su.parent_code))
        for row in list(rows.all):
            if (
                row.level != level
                or row.pk is None
                or row.code in in_snapshot
                or not row.in_force_on(effective)
            ):
                continue
            if row.valid_from >= effective:
                raise ValidationFailed(
                    _(
                        "Đơn vị %(unit)s (mã %(code)s) đã được mở từ ngày %(day)s bởi một lần "
                        "nhập khác nhưng không có trong tệp này; hãy nhập tệp với một ngày hiệu "
                        "lực sau ngày đó."
                    )
                    % {"unit": row.full_name, "code": row.code, "day": _fmt(row.valid_from)},
                    code="snapshot_conflict",
                )
            parent_code = rows.by_id[row.parent_id].code if row.parent_id else ""
            rows.assign(row, valid_to=effective)
            closed.append((row, parent_code))
            touched.append((row, parent_code))
            result.closed.append(row.code)
        # A new code replacing a vanished code of the same name, type and province is the same
        # unit renumbered (a corrected code): link them so old records find the current unit.
        vanished: dict[tuple[str, str, str, str], list[AdminUnit]] = defaultdict(list)
        for row, parent_code in closed:
            vanished[_same_unit_key(row, parent_code)].append(row)
        # Only a code that did not exist the day before counts as appearing.
        ended_before = (
            set(
                AdminUnit.objects.filter(
                    valid_to=effective, code__in=[su.code for _, su in created]
                ).values_list("code", flat=True)
            )
            if vanished
            else set()
        )
        appeared: dict[tuple[str, str, str, str], list[AdminUnit]] = defaultdict(list)
        for row, su in created:
            if su.code not in ended_before:
                appeared[_same_unit_key(row, su.parent_code)].append(row)
        for key, new_rows in appeared.items():
            old_rows = vanished.get(key, [])
            if len(new_rows) == 1 and len(old_rows) == 1:
                new_rows[0].remote = old_rows[0].remote
                links.append((old_rows[0], new_rows[0]))
                result.recoded.append((old_rows[0].code, new_rows[0].code))
        # Parent: the latest version of the parent code that overlaps the row's validity, so a
        # continuing commune follows its province into the province's new version.
        for row, code in touched:
            if not code:
                continue
            parent = rows.parent_for(code, row.valid_from, row.valid_to)
            if parent is None:
                raise ValidationFailed(
                    _("Không tìm thấy tỉnh mã %(parent)s cho đơn vị %(unit)s (mã %(code)s).")
                    % {"parent": code, "unit": row.full_name, "code": row.code},
                    code="snapshot_conflict",
                )
            if row.pk is None:
                row.parent = parent
            else:
                rows.assign(row, parent=parent.pk)
        new_rows = [row for row in rows.all if row.pk is None]
        if new_rows:
            AdminUnit.objects.bulk_create(new_rows, batch_size=500)
            for row in new_rows:
                rows.by_id[row.pk] = row
    result.updated = sum(1 for names in rows.dirty.values() if names - {"valid_to"})
    result.unchanged = sum(1 for row in matched if not rows.dirty.get(row.pk))
    rows.save()
    existing = set(
        AdminUnitSuccession.objects.filter(
            predecessor_id__in=[old.pk for old, _ in links]
        ).values_list("predecessor_id", "successor_id")
    )
    new_links = [
        AdminUnitSuccession(
            predecessor=old,
            successor=new,
            kind=AdminUnitSuccession.Kind.RENAMED,
            effective=effective,
            source=source[:200],
        )
        for old, new in links
        if (old.pk, new.pk) not in existing
    ]
    AdminUnitSuccession.objects.bulk_create(new_links, batch_size=500)
    result.links = len(new_links)
    result.organizations_moved = _organizations_follow(links, actor=actor)
    return result


def _organizations_follow(links: list[tuple[AdminUnit, AdminUnit]], *, actor: Any) -> int:
    """Organisations whose area got a new version (same unit renamed, reclassified or
    renumbered) now govern the new version. Records such as petitions keep the row in force
    on their own date: only the organisations, which exist today, follow."""
    from danvan.core.models import Organization

    successor_of = {old.pk: new for old, new in links}
    if not successor_of:
        return 0
    moved = 0
    for org in Organization.objects.filter(area_id__in=list(successor_of)).select_related("area"):
        old_area = org.area
        assert old_area is not None
        new_area = successor_of[old_area.pk]
        Organization.objects.filter(pk=org.pk).update(area=new_area)
        audit_record(
            actor=actor,
            verb="organization.area_follow",
            target=org,
            changes={
                "area": (
                    f"{old_area.code} {old_area.full_name} (từ {_fmt(old_area.valid_from)})",
                    f"{new_area.code} {new_area.full_name} (từ {_fmt(new_area.valid_from)})",
                )
            },
        )
        moved += 1
    return moved


def _check_effective(snapshot: Snapshot, effective: dt.date | None) -> dt.date:
    day = effective or snapshot.snapshot_date
    if day is None:
        raise ValidationFailed(
            _(
                "Tệp không ghi ngày của bản danh mục (snapshot_date): hãy chỉ rõ ngày hiệu lực, "
                "ví dụ --effective 2026-07-25."
            ),
            fields={"effective": _("Bắt buộc khi tệp không ghi ngày.")},
            code="effective_required",
        )
    if day < REFORM_2025:
        raise ValidationFailed(
            _(
                "Ngày hiệu lực %(day)s sớm hơn 01/07/2025: danh mục hai cấp (tỉnh, xã) chỉ có "
                "từ ngày đó; đơn vị trước đó là dữ liệu lịch sử đã nạp sẵn."
            )
            % {"day": _fmt(day)},
            fields={"effective": _("Phải từ 2025-07-01 trở đi.")},
            code="effective_too_early",
        )
    return day


def admin_units_import(
    *,
    actor: Any,
    snapshot: Snapshot,
    effective: dt.date | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Apply a complete snapshot as the state in force from `effective` (see module docstring).

    `effective` defaults to the snapshot's own date; a snapshot without one needs it.
    `actor` None means the system (installer, command line). One transaction, one audit event;
    with `dry_run` everything is computed and rolled back.
    """
    if actor is not None and not _may_import(actor):
        raise PermissionDenied(
            _(
                "Chỉ quản trị hệ thống mới được nhập danh mục đơn vị hành chính "
                "(hoặc dùng lệnh danvan adminunits import)."
            )
        )
    day = _check_effective(snapshot, effective)
    source = snapshot.source or "snapshot"
    try:
        with transaction.atomic():
            result = _apply_snapshot(snapshot, day, source=source, actor=actor)
            result.dry_run = dry_run
            result.digest = snapshot.digest
            if dry_run:
                transaction.set_rollback(True)
            elif result.changed:
                _audit_import(
                    actor=actor, verb="adminunits.import", results=[result], source=source
                )
    except IntegrityError:
        # Two imports at once on PostgreSQL: the second one meets the first one's rows.
        raise Conflict(
            _("Một lần nhập danh mục khác vừa chạy cùng lúc; hãy chạy lại lệnh nhập."),
            code="concurrent_import",
        ) from None
    return result


def _may_import(actor: Any) -> bool:
    from danvan.core.permissions import is_superuser

    return is_superuser(actor)


def _codes(values: Sequence[str], limit: int = 400) -> Any:
    return list(values) if len(values) <= limit else f"{len(values)} mã"


def _audit_import(
    *,
    actor: Any,
    verb: str,
    results: Iterable[ImportResult],
    source: str,
    extra: Mapping[str, Any] | None = None,
) -> None:
    changes: dict[str, tuple[Any, Any]] = {k: (None, v) for k, v in (extra or {}).items()}
    for r in results:
        changes[r.effective.isoformat()] = (
            None,
            {
                "source": r.source,
                "sha256": r.digest,
                **r.counts(),
                "created_codes": _codes(r.created),
                "version_codes": _codes(r.versions),
                "closed_codes": _codes(r.closed),
                "recoded": [f"{a}->{b}" for a, b in r.recoded],
            },
        )
    audit_record(
        actor=actor,
        verb=verb,
        target_type="core.adminunit",
        target_id="*",
        target_label=_("Danh mục đơn vị hành chính (%(source)s)") % {"source": source},
        changes=changes,
    )


# --- The reference data shipped with danvan -------------------------------------------------


def _read_csv(name: str) -> list[dict[str, str]]:
    path = reference_data_dir() / name
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _snapshot_2025() -> Snapshot:
    units = tuple(
        SnapshotUnit(
            code=r["code"],
            level=r["level"],
            unit_type=r["type"],
            name=_clean_name(r["name"]),
            parent_code=r["parent_code"],
        )
        for r in _read_csv(FILE_2025)
    )
    return Snapshot(units=units, snapshot_date=REFORM_2025, source=SOURCE_2025)


@dataclass
class _HistoryResult:
    created: int = 0
    updated: int = 0


def _load_history() -> _HistoryResult:
    """The pre-2025 units: closed on 1 July 2025, open since 'before our records'."""
    result = _HistoryResult()
    records = _read_csv(FILE_HISTORY)
    fields = ["name", "full_name", "search_name", "unit_type", "level", "parent_id"]
    existing: dict[str, tuple[Any, ...]] = {
        values[0]: values[1:]
        for values in AdminUnit.objects.filter(valid_from=EARLIEST, valid_to=REFORM_2025)
        .values_list("code", "pk", *fields)
        .iterator(chunk_size=5000)
    }
    for parents_pass in (True, False):
        new_rows: list[AdminUnit] = []
        dirty: dict[int, dict[str, Any]] = {}
        for rec in records:
            if (rec["level"] == UnitLevel.PROVINCE) != parents_pass:
                continue
            name = _clean_name(rec["name"])
            full_name = unit_full_name(rec["type"], name)
            parent_id = existing[rec["parent_code"]][0] if rec["parent_code"] else None
            values = (name, full_name, fold(full_name)[:250], rec["type"], rec["level"], parent_id)
            found = existing.get(rec["code"])
            if found is None:
                row = AdminUnit(
                    code=rec["code"],
                    valid_from=EARLIEST,
                    valid_to=REFORM_2025,
                    source=SOURCE_HISTORY,
                    **dict(zip(fields, values, strict=True)),
                )
                new_rows.append(row)
            elif tuple(found[1:]) != values:
                dirty[found[0]] = dict(zip(fields, values, strict=True))
        AdminUnit.objects.bulk_create(new_rows, batch_size=500)
        for row in new_rows:
            existing[row.code] = (row.pk, *(getattr(row, f) for f in fields))
        changed = list(AdminUnit.objects.filter(pk__in=list(dirty)))
        for row in changed:
            for name, value in dirty[row.pk].items():
                setattr(row, name, value)
        AdminUnit.objects.bulk_update(
            changed, [f.removesuffix("_id") for f in fields], batch_size=500
        )
        result.created += len(new_rows)
        result.updated += len(changed)
    return result


def _load_successions() -> tuple[int, int]:
    """Old (pre-2025) unit -> unit of 1 July 2025, kind full/partial. Returns (created, updated)."""
    old = dict(
        AdminUnit.objects.filter(valid_from=EARLIEST, valid_to=REFORM_2025).values_list(
            "code", "pk"
        )
    )
    new = dict(AdminUnit.objects.filter(valid_from=REFORM_2025).values_list("code", "pk"))
    existing = {
        (link.predecessor_id, link.successor_id): link
        for link in AdminUnitSuccession.objects.filter(
            effective=REFORM_2025, predecessor__valid_from=EARLIEST
        )
    }
    to_create: list[AdminUnitSuccession] = []
    to_update: list[AdminUnitSuccession] = []
    for rec in _read_csv(FILE_SUCCESSION):
        try:
            key = (old[rec["old_code"]], new[rec["new_code"]])
        except KeyError:
            raise ValidationFailed(
                _("Bảng sáp nhập 2025 nhắc tới mã %(old)s -> %(new)s không có trong danh mục.")
                % {"old": rec["old_code"], "new": rec["new_code"]},
                code="reference_data_inconsistent",
            ) from None
        link = existing.get(key)
        if link is None:
            to_create.append(
                AdminUnitSuccession(
                    predecessor_id=key[0],
                    successor_id=key[1],
                    kind=rec["kind"],
                    effective=REFORM_2025,
                    source=SOURCE_SUCCESSION,
                )
            )
        elif link.kind != rec["kind"]:
            link.kind = rec["kind"]
            to_update.append(link)
    AdminUnitSuccession.objects.bulk_create(to_create, batch_size=500)
    AdminUnitSuccession.objects.bulk_update(to_update, ["kind"], batch_size=500)
    return len(to_create), len(to_update)


def admin_units_load_reference() -> dict[str, int]:
    """Load the administrative units shipped in danvan/data/admin-units; idempotent.

    1. the pre-2025 units (63 provinces, 5 island districts, 10,047 communes), closed 1/7/2025;
    2. the official lists of 1 July 2025 (34 provinces, 3,321 communes) as a snapshot;
    3. the 2025 old -> new links (full / partial);
    4. the 2026-07-25 snapshot, through `admin_units_import` like `danvan adminunits import`.

    Returns counts of what changed and of the resulting table. One transaction; one audit event
    for steps 1-3 and one for step 4, none when nothing changed.
    """
    with transaction.atomic():
        history = _load_history()
        r2025 = _apply_snapshot(_snapshot_2025(), REFORM_2025, source=SOURCE_2025)
        links_created, links_updated = _load_successions()
        if history.created or history.updated or links_created or links_updated or r2025.changed:
            _audit_import(
                actor=None,
                verb="adminunits.load_reference",
                results=[r2025],
                source="danvan/data/admin-units",
                extra={
                    "history": {"created": history.created, "updated": history.updated},
                    "successions_2025": {"created": links_created, "updated": links_updated},
                },
            )
        newer = admin_units_read_snapshot(reference_data_dir() / FILE_SNAPSHOT_2026)
        r2026 = admin_units_import(actor=None, snapshot=newer)
    today = timezone.localdate()
    return {
        "admin_units_created": history.created + len(r2025.created) + len(r2026.created),
        "admin_units_new_versions": len(r2025.versions) + len(r2026.versions),
        "admin_units_closed": len(r2025.closed) + len(r2026.closed),
        "admin_units_updated": history.updated + r2025.updated + r2026.updated,
        "admin_unit_links_created": links_created + r2025.links + r2026.links,
        "admin_units_total": AdminUnit.objects.count(),
        "admin_units_current": AdminUnit.objects.in_force_on(today).count(),
    }


# --- The remote flag ------------------------------------------------------------------------


def admin_unit_set_remote(*, actor: Any, unit: AdminUnit, remote: bool) -> AdminUnit:
    """Mark a unit as remote (vùng sâu, vùng xa) or not; it lengthens legal deadlines.

    Allowed to administrators (`danvan.core.permissions.can_edit_admin_unit`); `actor` None
    means the system (demo data, command line). Audited; setting the same value is a no-op.
    """
    from danvan.core.permissions import can_edit_admin_unit

    if actor is not None and not can_edit_admin_unit(actor, unit):
        raise PermissionDenied(
            _(
                "Chỉ quản trị viên (cấp trung ương, hoặc cấp tỉnh với đơn vị trong tỉnh) mới "
                "được đánh dấu vùng sâu, vùng xa."
            )
        )
    with transaction.atomic():
        try:
            current = AdminUnit.objects.select_for_update().get(pk=unit.pk)
        except AdminUnit.DoesNotExist:
            raise NotFound(_("Không tìm thấy đơn vị hành chính này.")) from None
        old = current.remote
        if old != remote:
            AdminUnit.objects.filter(pk=current.pk).update(remote=remote)
            audit_record(
                actor=actor,
                verb="adminunit.set_remote",
                target=current,
                changes={"remote": (old, remote)},
            )
    unit.remote = remote
    return unit
