"""`danvan fold TEXT...`: print the search folding of the text (arguments joined by one space)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from danvan.text import fold


class Command(BaseCommand):
    help = "In chữ đã chuẩn hóa để tìm kiếm: bỏ dấu, đ -> d, chữ thường, gộp khoảng trắng."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("text", nargs="*", help="đoạn chữ cần chuẩn hóa")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(fold(" ".join(options["text"])))
