"""`danvan reminders [--date YYYY-MM-DD] [--dry-run]`: send the deadline reminders now.

The worker runs the same thing every day (`core.tasks.obligation_reminders_task`); this command
is for the operator: to catch up a missed day, or to see with `--dry-run` what would be sent.
Running it twice sends nothing new. The e-mails go through the outbox (`core.services.mail`):
the command sends what is due there at once and says how many the mail server did not take
(the worker tries those again).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from danvan.core.services.mail import mail_outbox_send
from danvan.core.services.obligations import obligation_reminders_send


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"Ngày «{value}» không hợp lệ: viết theo dạng YYYY-MM-DD, ví dụ 2026-03-16.",
            returncode=2,
        ) from None


class Command(BaseCommand):
    help = "Gửi thư nhắc hạn: việc sắp đến hạn (3 ngày làm việc) và việc đã quá hạn."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--date", default="", help="tính như thể hôm nay là ngày này (YYYY-MM-DD)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="chỉ cho biết sẽ gửi gì, không gửi"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = _date(options["date"]) if options["date"] else None
        report = obligation_reminders_send(today=today, dry_run=options["dry_run"])
        prefix = "Thử (không gửi): " if report.dry_run else ""
        self.stdout.write(
            f"{prefix}ngày {report.day:%d/%m/%Y}: {report.overdue} việc quá hạn, "
            f"{report.before} việc sắp đến hạn, {report.emails} thư "
            f"{'sẽ gửi' if report.dry_run else 'nhắc hạn'}."
        )
        if not report.dry_run:
            sent = mail_outbox_send()
            waiting = sent.failed + sent.given_up
            if waiting:
                self.stdout.write(
                    f"Máy chủ thư chưa nhận {waiting} thư ({sent.sent} thư đã gửi): "
                    "danvan worker sẽ tự gửi lại; kiểm tra cấu hình DANVAN_EMAIL_*."
                )
        if report.recipients_without_email:
            self.stdout.write(
                f"{report.recipients_without_email} người cần được nhắc nhưng chưa có địa chỉ "
                "thư điện tử: bổ sung trong trang Người dùng."
            )
        if report.obligations_without_recipient:
            self.stdout.write(
                f"{report.obligations_without_recipient} việc chưa giao cho ai và cơ quan chưa "
                "có lãnh đạo nào để nhắc."
            )
