"""`danvan alerts detect [--as-of YYYY-MM-DD] [--province CODE]`: run the early-warning
detection now and print what it found.

The worker runs the same detection every day (`monitoring.tasks.alerts_detect_task`); this
command is for the operator: to catch up, to look back at a past week, or to run one province.
Running it twice raises nothing new.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from danvan.core.errors import DomainError


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"Ngày «{value}» không hợp lệ: viết theo dạng YYYY-MM-DD, ví dụ 2026-11-18.",
            returncode=2,
        ) from None


class Command(BaseCommand):
    help = "Cảnh báo sớm: phát hiện điểm nóng (gia tăng bất thường), đoàn đông người."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", metavar="detect", required=True)
        detect = sub.add_parser("detect", help="chạy phát hiện ngay")
        detect.add_argument(
            "--as-of", default="", help="tính như thể hôm nay là ngày này (YYYY-MM-DD)"
        )
        detect.add_argument("--province", default="", help="chỉ một tỉnh, thành phố (mã)")

    def handle(self, *args: Any, **options: Any) -> None:
        from danvan.monitoring.services.alerts import alerts_detect_run

        as_of = _date(options["as_of"]) if options["as_of"] else timezone.localdate()
        try:
            report = alerts_detect_run(as_of, province_code=options["province"] or None)
        except DomainError as exc:
            raise CommandError(exc.message, returncode=2) from None
        created = report.created
        self.stdout.write(
            f"Ngày {report.as_of:%d/%m/%Y}: {report.created_total} cảnh báo mới "
            f"(gia tăng bất thường {created.get('spike', 0)}, đoàn đông người "
            f"{created.get('crowd', 0)}, vấn đề nhạy cảm {created.get('sensitive', 0)}, "
            f"mức 4 {created.get('severity', 0)}); {report.refreshed} cảnh báo đang mở được "
            f"cập nhật; {report.series_tested} chuỗi được kiểm định; {report.emails} thư."
        )
        if report.suppressed:
            self.stdout.write(
                f"{report.suppressed} gia tăng ở cấp rộng hơn đã được giải thích bởi cảnh báo "
                "của xã hoặc lĩnh vực nên không phát thêm."
            )
        if report.without_recipient:
            self.stdout.write(
                f"{report.without_recipient} cảnh báo không phát được vì tỉnh chưa có Ban Tuyên "
                "giáo và Dân vận, cấp ủy hay Ủy ban nhân dân trong danh mục cơ quan."
            )
        if report.dropped_records:
            self.stdout.write(
                f"{report.dropped_records} hồ sơ thuộc đơn vị hành chính cũ không xác định được "
                "một tỉnh hiện nay nên không được đếm."
            )
