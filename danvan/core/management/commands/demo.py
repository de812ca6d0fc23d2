"""`danvan demo`: migrate, load reference and demo data (idempotent), print accounts, serve."""

from __future__ import annotations

import os
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from danvan.core.services.demo import DEMO_PASSWORD, demo_data_load
from danvan.core.services.demo_tasks import demo_task_series_load


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu (idempotent), in các tài khoản demo, rồi chạy giao diện web."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--no-serve", action="store_true", help="chỉ tạo dữ liệu và in tài khoản"
        )
        parser.add_argument(
            "--petitions",
            type=int,
            default=3000,
            help="số đơn thư mẫu (mặc định 3000; 0 = không tạo)",
        )
        parser.add_argument(
            "--port", type=int, default=None, help="cổng (mặc định DANVAN_PORT hoặc 8000)"
        )
        parser.add_argument("--host", default=os.environ.get("DANVAN_HOST", "127.0.0.1"))

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "Không tạo dữ liệu mẫu khi DANVAN_PRODUCTION=1: "
                "tài khoản demo có mật khẩu công khai.",
                returncode=2,
            )
        call_command("install", quiet=True)
        accounts = demo_data_load()
        series = demo_task_series_load()
        if series:
            self.stderr.write(
                f"Nhiệm vụ định kỳ: {series} chuỗi báo cáo hằng tháng, hằng quý của các xã "
                "và Mặt trận (kèm các kỳ đã qua: đúng hạn, trễ hạn, bị quên)."
            )
        # Each app adds its demo records (AppConfig.danvan_demo(write, size=...)); core imports
        # no app.
        for config in apps.get_app_configs():
            hook = getattr(config, "danvan_demo", None)
            if callable(hook):
                hook(self.stderr.write, size=options["petitions"])
        for account in accounts:
            self.stdout.write(
                f"{account.username}\t{DEMO_PASSWORD}\t{account.role}\t{account.org_code}"
            )
        if options["no_serve"]:
            return
        port = options["port"] if options["port"] is not None else settings.DANVAN_PORT
        self.stderr.write(
            f"\nTài khoản demo ở trên (tên đăng nhập, mật khẩu, vai trò, cơ quan). "
            f"Mở http://{options['host']}:{port}/ để đăng nhập."
        )
        call_command("serve", port=port, host=options["host"])
