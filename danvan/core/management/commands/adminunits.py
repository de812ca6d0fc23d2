"""`danvan adminunits ...`: the administrative units reference data from the command line.

  danvan adminunits import FILE [--effective YYYY-MM-DD] [--dry-run]
      Apply a newer snapshot (the shape of vn-units-2026.json: a list of provinces, each with
      its "Wards"; or {"snapshot_date": ..., "provinces": [...]}) as the state in force from
      the effective date. The date defaults to the file's "snapshot_date"; a file without one
      needs --effective. Running it again changes nothing.
  danvan adminunits load
      Load the reference data shipped with danvan (what `danvan install` does); idempotent.
  danvan adminunits list [--province CODE] [--level LEVEL] [--on YYYY-MM-DD] [--history]
      One line per unit: code, full name, level, province code, valid from, valid to (empty:
      still in force), tab-separated, no header.
  danvan adminunits resolve CODE [--on YYYY-MM-DD]
      The unit that had CODE on that date and the current unit(s) it went to.

A bad file or input exits with status 2 and one Vietnamese line; nothing is written.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from danvan.core.errors import DomainError
from danvan.core.models import UnitLevel
from danvan.core.selectors.units import admin_unit_resolve, admin_unit_search
from danvan.core.services.units import (
    admin_units_import,
    admin_units_load_reference,
    admin_units_read_snapshot,
)


def _fail(message: str) -> CommandError:
    return CommandError(" ".join(message.split()), returncode=2)


def _date(value: str | None, option: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise _fail(f"{option} phải là một ngày dạng YYYY-MM-DD (đang là «{value}»).") from None


class Command(BaseCommand):
    help = "Đơn vị hành chính: import, load, list, resolve."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{import,load,...}")

        imp = sub.add_parser("import", help="nhập một bản danh mục mới hơn")
        imp.add_argument("file", help="tệp JSON dạng vn-units-2026.json")
        imp.add_argument(
            "--effective",
            default=None,
            help="ngày hiệu lực YYYY-MM-DD (mặc định: snapshot_date ghi trong tệp)",
        )
        imp.add_argument("--dry-run", action="store_true", help="chỉ báo sẽ thay đổi gì, không ghi")

        sub.add_parser("load", help="nạp dữ liệu tham chiếu kèm theo danvan")

        lst = sub.add_parser("list", help="liệt kê đơn vị")
        lst.add_argument("--province", default=None, help="mã tỉnh: chỉ các xã của tỉnh đó")
        lst.add_argument("--level", default=None, help="province, commune hoặc district")
        lst.add_argument("--on", default=None, help="đơn vị có hiệu lực vào ngày YYYY-MM-DD")
        lst.add_argument("--history", action="store_true", help="mọi phiên bản, kể cả đã hết")
        lst.add_argument("--search", default="", help="tìm theo tên (không dấu cũng được)")

        res = sub.add_parser("resolve", help="đơn vị hiện hành ứng với một mã cũ")
        res.add_argument("code")
        res.add_argument("--on", default=None, help="ngày của hồ sơ YYYY-MM-DD (mặc định hôm nay)")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "import":
                self._import(options)
            elif action == "load":
                counts = admin_units_load_reference()
                for key, value in counts.items():
                    self.stdout.write(f"{key}\t{value}")
            elif action == "list":
                self._list(options)
            elif action == "resolve":
                self._resolve(options)
        except DomainError as exc:
            raise _fail(exc.message) from None

    def _import(self, options: dict[str, Any]) -> None:
        effective = _date(options["effective"], "--effective")
        snapshot = admin_units_read_snapshot(options["file"])
        result = admin_units_import(
            actor=None, snapshot=snapshot, effective=effective, dry_run=options["dry_run"]
        )
        prefix = "Chạy thử, chưa ghi gì. " if result.dry_run else ""
        self.stdout.write(prefix + result.summary())
        for old, new in result.recoded:
            self.stdout.write(f"Đổi mã: {old} -> {new}")

    def _list(self, options: dict[str, Any]) -> None:
        level = options["level"]
        if level and level not in UnitLevel.values:
            raise _fail(f"--level «{level}» không hợp lệ: dùng province, commune hoặc district.")
        qs = admin_unit_search(
            q=options["search"],
            level=level,
            parent_code=options["province"],
            on=_date(options["on"], "--on"),
            include_history=options["history"],
        ).order_by("code", "valid_from")
        for unit in qs.iterator(chunk_size=2000):
            parent = unit.parent.code if unit.parent is not None else ""
            valid_to = unit.valid_to.isoformat() if unit.valid_to else ""
            self.stdout.write(
                f"{unit.code}\t{unit.full_name}\t{unit.level}\t{parent}\t"
                f"{unit.valid_from.isoformat()}\t{valid_to}"
            )

    def _resolve(self, options: dict[str, Any]) -> None:
        resolution = admin_unit_resolve(code=options["code"], on=_date(options["on"], "--on"))
        unit = resolution.unit
        self.stdout.write(
            f"{unit.code}\t{unit.full_name}\t{unit.valid_from.isoformat()}\t"
            f"{unit.valid_to.isoformat() if unit.valid_to else ''}"
        )
        if resolution.current is not None:
            self.stdout.write(f"-> {resolution.current.code}\t{resolution.current.full_name}")
        elif resolution.candidates:
            self.stdout.write("Cần chọn một trong các đơn vị:")
            for candidate in resolution.candidates:
                self.stdout.write(f"?  {candidate.code}\t{candidate.full_name}")
        else:
            self.stdout.write("Không có đơn vị kế thừa đã biết: cần chọn thủ công.")
