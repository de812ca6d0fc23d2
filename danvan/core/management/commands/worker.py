"""`danvan worker`: run the background-task worker (django-tasks database backend)."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Chạy tiến trình thực hiện việc nền (hàng đợi trong cơ sở dữ liệu)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--interval", type=float, default=1.0, help="giây giữa hai lần kiểm tra"
        )
        parser.add_argument("--batch", action="store_true", help="chạy hết việc đang chờ rồi thoát")
        parser.add_argument("--max-tasks", type=int, default=None, help="thoát sau N việc")

    def handle(self, *args: Any, **options: Any) -> None:
        extra: dict[str, Any] = {"interval": options["interval"], "verbosity": options["verbosity"]}
        if options["batch"]:
            extra["batch"] = True
        if options["max_tasks"]:
            extra["max_tasks"] = options["max_tasks"]
        call_command("db_worker", **extra)
