"""The `danvan` command: every operation is a Django management command behind it."""

from __future__ import annotations

import os
import sys

DANVAN_COMMANDS = [
    ("serve", "chạy giao diện web (và thực hiện việc nền đến hạn)"),
    ("demo", "tạo dữ liệu mẫu, in tài khoản demo, rồi chạy giao diện"),
    ("worker", "chạy tiến trình thực hiện việc nền"),
    ("install", "áp dụng migration và nạp dữ liệu tham chiếu"),
    ("deadline", "tính hạn xử lý theo quy tắc pháp lý"),
    ("fold", "chuẩn hóa chữ để tìm kiếm (bỏ dấu, đ -> d)"),
    ("org", "cơ quan, đơn vị (list, add, update)"),
    ("user", "người dùng và vai trò (user add)"),
    ("audit", "nhật ký thao tác (audit verify)"),
    ("adminunits", "đơn vị hành chính (import FILE, load, list, resolve)"),
    ("vault", "kho bảo mật danh tính người tố cáo (grant, revoke, rotate-key, keygen, check)"),
    ("reminders", "gửi nhắc hạn: 3 ngày làm việc trước hạn và khi quá hạn"),
    ("bench", "sinh dữ liệu lớn để đo hiệu năng (bench generate --petitions N)"),
    ("import", "nhập sổ đơn thư từ Excel (import petitions FILE.xlsx --org MÃ)"),
    ("export", "xuất sổ đơn thư ra Excel (export petitions --org MÃ [--year NĂM] OUT.xlsx)"),
    ("retention", "ẩn danh hóa dữ liệu cá nhân hết thời hạn lưu trữ (--dry-run: chỉ đếm)"),
    ("classify", "gợi ý lĩnh vực: mỗi dòng vào một mã lĩnh vực (classify train | evaluate)"),
    ("dedup", "gom đơn trùng: dòng 'id<TAB>nội dung' -> 'id<TAB>mã nhóm' (dedup FILE | evaluate)"),
    ("alerts", "cảnh báo sớm: điểm nóng, đoàn đông người (alerts detect [--as-of] [--province])"),
    ("report", "báo cáo định kỳ: build --kind --org --period --format --out | indicators"),
    ("entities", "thực thể trong văn bản: địa danh, văn bản, số tiền, ngày (extract | index)"),
]


def _help() -> str:
    lines = ["Cách dùng: danvan <lệnh> [tùy chọn]", "", "Các lệnh của danvan:"]
    lines += [f"  {name:<12} {text}" for name, text in DANVAN_COMMANDS]
    lines += [
        "",
        "Mọi lệnh quản trị của Django cũng dùng được (migrate, createsuperuser, ...):",
        "  danvan help --all",
        "Trợ giúp cho một lệnh: danvan <lệnh> --help",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.config.settings")
    if not args or args[0] in {"-h", "--help"} or args == ["help"]:
        print(_help())
        return
    if args[:2] == ["help", "--all"]:
        args = ["help"]
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    from danvan.core.dberrors import db_fault_exit

    try:
        with db_fault_exit(sys.stderr):
            execute_from_command_line(["danvan", *args])
    except ImproperlyConfigured as exc:
        print(f"Cấu hình không hợp lệ: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
