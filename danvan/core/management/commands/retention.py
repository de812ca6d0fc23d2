"""`danvan retention [--dry-run]`: anonymise the personal data whose retention period ended.

Each app registers its record types (`core.services.retention.retention_register`); the
periods are data (`danvan/data/retention.json`). `--dry-run` only counts. Exit status 0; 2 for
bad usage.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from danvan.core.services.retention import retention_period, retention_policies, retention_run


class Command(BaseCommand):
    help = (
        "Ẩn danh hóa dữ liệu cá nhân đã hết thời hạn lưu trữ (Luật Bảo vệ dữ liệu cá nhân); "
        "--dry-run chỉ đếm."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="chỉ đếm số hồ sơ đến hạn, không thay đổi gì"
        )
        parser.add_argument(
            "--limit",
            type=int,
            default=10_000,
            help="tối đa bao nhiêu hồ sơ mỗi loại trong một lần chạy (mặc định 10000)",
        )
        parser.add_argument(
            "--today", default="", help="tính như thể hôm nay là ngày này (YYYY-MM-DD; để thử)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["limit"] < 1:
            raise CommandError("--limit phải là số dương.", returncode=2)
        today = timezone.localdate()
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError("--today phải có dạng YYYY-MM-DD.", returncode=2) from None
        dry_run = bool(options["dry_run"])
        result = retention_run(today=today, dry_run=dry_run, limit=options["limit"])
        labels = {p.record_type: str(p.label) for p in retention_policies()}
        if not result:
            self.stdout.write("Không có loại hồ sơ nào đăng ký thời hạn lưu trữ.")
            return
        for record_type, count in result.items():
            years = retention_period(record_type).get("years", "?")
            label = labels.get(record_type, record_type)
            if dry_run:
                line = f"{label} ({record_type}, {years} năm): {count} hồ sơ đến hạn ẩn danh hóa."
            else:
                line = f"{label} ({record_type}, {years} năm): đã ẩn danh hóa {count} hồ sơ."
            self.stdout.write(line)
        if dry_run:
            self.stdout.write("Chạy thử: chưa thay đổi dữ liệu.")
