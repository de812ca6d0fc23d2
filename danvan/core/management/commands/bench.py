"""`danvan bench generate`: fill the configured database with synthetic data for benchmarks.

`generate --petitions N [--seed S] [--chunk C]` bulk-inserts N realistic petitions (see
`danvan.petitions.demo_bulk`) and prints progress and the rate. Measurements are scripts in
`bench/` (`bench/bench_petitions.py`); `danvan bench run` comes with the later modules.

The generators are found by their dotted path (`GENERATORS`), so `danvan.core` imports no
other app; each module that follows adds its own.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

GENERATORS: dict[str, str] = {"petitions": "danvan.petitions.demo_bulk"}


def _thousands(n: float) -> str:
    return f"{int(n):,}".replace(",", ".")


class Command(BaseCommand):
    help = "Dữ liệu giả lập để đo hiệu năng: `bench generate --petitions N`."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{generate}")
        gen = sub.add_parser("generate", help="tạo nhanh N đơn thư giả lập (chèn hàng loạt)")
        gen.add_argument("--petitions", type=int, required=True, help="số đơn thư cần tạo")
        gen.add_argument("--seed", type=int, default=1, help="hạt giống ngẫu nhiên (mặc định 1)")
        gen.add_argument(
            "--chunk", type=int, default=5000, help="số đơn mỗi lượt ghi (mặc định 5000)"
        )
        gen.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="số tiến trình dựng dữ liệu song song (mặc định: số nhân CPU)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Không tạo dữ liệu giả lập khi DANVAN_PRODUCTION=1.", returncode=2)
        if min(options["petitions"], options["chunk"], options["workers"]) < 1:
            raise CommandError("--petitions, --chunk và --workers phải là số dương.", returncode=2)
        generator = importlib.import_module(GENERATORS["petitions"])
        total = options["petitions"]
        quiet = options["verbosity"] == 0

        def progress(state: Any) -> None:
            if quiet:
                return
            left = (state.total - state.done) / max(state.rate, 1e-9)
            self.stdout.write(
                f"  {_thousands(state.done)}/{_thousands(state.total)} đơn — "
                f"{_thousands(state.rate)} đơn/giây — còn khoảng {int(left // 60)} phút "
                f"{int(left % 60)} giây",
            )
            self.stdout.flush()

        try:
            result = generator.bulk_generate(
                petitions=total,
                seed=options["seed"],
                chunk=options["chunk"],
                workers=options["workers"],
                progress=progress,
            )
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from None
        seconds = max(result.get("seconds", 0), 1)
        self.stdout.write(
            f"Đã tạo {_thousands(result['petitions'])} đơn thư, "
            f"{_thousands(result['petitioners'])} người gửi, "
            f"{_thousands(result['bands'])} dải băm trùng lặp, "
            f"{_thousands(result['obligations'])} hạn xử lý, "
            f"{_thousands(result['organizations_created'])} cơ quan mới "
            f"trong {seconds} giây ({_thousands(result['petitions'] / seconds)} đơn/giây)."
        )
