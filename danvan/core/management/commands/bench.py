"""`danvan bench`: synthetic data at scale, and the benchmark suite.

- `generate [--preset national|province] [--petitions N] [--reception N] [--issues N]
  [--tasks N] [--models N] [--dialogues N] [--sessions N] [--alerts N] [--seed S] [--chunk C]
  [--workers W]` fills the configured database in bulk (`danvan.benchdata.generate`): a preset
  gives every count, an explicit option overrides its kind; at least one count is needed. Prints
  progress and, at the end, a table of kind → rows → seconds → rows/s.
- `run [args…]` runs the benchmark suite of a source checkout (`bench/run.py`, its own options
  passed through) and exits with its return code.

The generator is found by its dotted path (`GENERATOR`), so `danvan.core` imports no other app.
"""

from __future__ import annotations

import argparse
import importlib
import os
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

GENERATOR = "danvan.benchdata.generate"

# Per-kind options: (option, help). The order is the generation order.
KIND_OPTIONS: tuple[tuple[str, str], ...] = (
    ("petitions", "số đơn thư"),
    ("sessions", "số buổi tiếp công dân"),
    ("reception", "số lượt tiếp công dân trong sổ (kèm đơn trực tiếp còn thiếu)"),
    ("issues", "số vấn đề bức xúc"),
    ("tasks", "số nhiệm vụ (chương trình phối hợp, kế hoạch)"),
    ("models", "số mô hình “Dân vận khéo”"),
    ("dialogues", "số cuộc đối thoại (kèm cam kết)"),
    ("alerts", "số cảnh báo sớm"),
)


def _thousands(n: float) -> str:
    return f"{int(n):,}".replace(",", ".")


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # a data tool: no need to import every URL first
    help = (
        "Dữ liệu giả lập để đo hiệu năng (`bench generate --preset national` hoặc từng loại), "
        "chạy bộ đo hiệu năng (`bench run`)."
    )

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{generate,run}")
        gen = sub.add_parser(
            "generate", help="tạo nhanh dữ liệu giả lập (chèn hàng loạt) theo loại hoặc mẫu"
        )
        gen.add_argument(
            "--preset",
            choices=["national", "province"],
            help="mẫu số lượng: national (1.000.000 đơn thư, 200.000 lượt tiếp, 100.000 vấn đề, "
            "…) hoặc province (1/20 của national)",
        )
        for kind, text in KIND_OPTIONS:
            gen.add_argument(f"--{kind}", type=int, default=None, metavar="N", help=text)
        gen.add_argument("--seed", type=int, default=1, help="hạt giống ngẫu nhiên (mặc định 1)")
        gen.add_argument(
            "--chunk", type=int, default=5000, help="số đơn mỗi lượt ghi (mặc định 5000)"
        )
        gen.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="số tiến trình dựng đơn thư song song (mặc định: số nhân CPU)",
        )
        # "+" as the option prefix: every argument after `run` (--quick, --only ...) is the
        # suite's, passed through untouched.
        run = sub.add_parser(
            "run", help="chạy bộ đo hiệu năng (bench/run.py) với các tham số của nó",
            prefix_chars="+", add_help=False,
        )  # fmt: skip
        run.add_argument("passthrough", nargs=argparse.REMAINDER)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "run":
            self._run(list(options.get("passthrough") or []))
            return
        if settings.PRODUCTION:
            raise CommandError("Không tạo dữ liệu giả lập khi DANVAN_PRODUCTION=1.", returncode=2)
        generator = importlib.import_module(GENERATOR)
        counts = self._counts(options, generator.PRESETS)
        if min(options["chunk"], options["workers"]) < 1:
            raise CommandError("--chunk và --workers phải là số dương.", returncode=2)
        quiet = options["verbosity"] == 0
        labels: dict[str, str] = generator.LABELS
        last = {"at": 0.0}
        begun: dict[str, float] = {}

        def progress(kind: str, done: int, total: int) -> None:
            now = time.perf_counter()
            begun.setdefault(kind, now)
            if quiet or (done < total and now - last["at"] < 5):
                return
            last["at"] = now
            line = f"  {labels.get(kind, kind)}: {_thousands(done)}/{_thousands(total)}"
            elapsed = now - begun[kind]
            if done and elapsed > 1:
                rate = done / elapsed
                left = int((total - done) / rate)
                line += f" — {_thousands(rate)} dòng/giây"
                if left:
                    line += f" — còn khoảng {left // 60} phút {left % 60} giây"
            self.stdout.write(line)
            self.stdout.flush()

        def step_done(step: Any) -> None:
            if quiet:
                return
            if step.kind == "petitions":
                d = step.details
                seconds = max(step.seconds, 1e-9)
                self.stdout.write(
                    f"Đã tạo {_thousands(step.rows)} đơn thư, "
                    f"{_thousands(d.get('petitioners', 0))} người gửi, "
                    f"{_thousands(d.get('bands', 0))} dải băm trùng lặp, "
                    f"{_thousands(d.get('obligations', 0))} hạn xử lý, "
                    f"{_thousands(d.get('organizations_created', 0))} cơ quan mới "
                    f"trong {step.seconds:.0f} giây ({_thousands(step.rows / seconds)} đơn/giây)."
                )
            else:
                extra = ", ".join(f"{k}: {_thousands(v)}" for k, v in step.details.items())
                self.stdout.write(
                    f"Xong {labels.get(step.kind, step.kind)}: {_thousands(step.rows)} dòng"
                    + (f" ({extra})" if extra else "")
                    + f" trong {step.seconds:.1f} giây."
                )
            self.stdout.flush()

        started = time.perf_counter()
        try:
            steps = generator.generate(
                counts,
                seed=options["seed"],
                workers=options["workers"],
                chunk=options["chunk"],
                progress=progress,
                step_done=step_done,
            )
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from None
        self._table(steps, labels, time.perf_counter() - started)

    def _counts(
        self, options: dict[str, Any], presets: dict[str, dict[str, int]]
    ) -> dict[str, int]:
        counts: dict[str, int] = dict(presets[options["preset"]]) if options["preset"] else {}
        for kind, _text in KIND_OPTIONS:
            value = options.get(kind)
            if value is None:
                continue
            if value < 0:
                raise CommandError(f"--{kind} phải là số không âm.", returncode=2)
            counts[kind] = value
        if not any(counts.values()):
            raise CommandError(
                "Cho biết cần tạo gì: --preset national|province hoặc ít nhất một số lượng "
                "dương (--petitions, --reception, --issues, --tasks, --models, --dialogues, "
                "--sessions, --alerts).",
                returncode=2,
            )
        return counts

    def _table(self, steps: list[Any], labels: dict[str, str], total: float) -> None:
        if not steps:
            return
        rows = [
            (
                labels.get(s.kind, s.kind),
                _thousands(s.rows),
                f"{s.seconds:.1f}",
                _thousands(s.rate) if s.rows else "",
            )
            for s in steps
        ]
        rows.append(("Tổng cộng", "", f"{total:.1f}", ""))
        head = ("Loại", "Số dòng", "Giây", "Dòng/giây")
        widths = [max(len(r[i]) for r in [head, *rows]) for i in range(4)]
        line = "  ".join(
            h.ljust(w) if i == 0 else h.rjust(w)
            for i, (h, w) in enumerate(zip(head, widths, strict=True))
        )
        self.stdout.write(line)
        self.stdout.write("  ".join("-" * w for w in widths))
        for r in rows:
            self.stdout.write(
                "  ".join(
                    c.ljust(w) if i == 0 else c.rjust(w)
                    for i, (c, w) in enumerate(zip(r, widths, strict=True))
                )
            )

    def _run(self, args: list[str]) -> None:
        script = settings.BASE_DIR / "bench" / "run.py"
        if not script.is_file():
            raise CommandError(
                f"Không tìm thấy bộ đo hiệu năng ({script}): `danvan bench run` cần bản mã nguồn "
                "đầy đủ (git clone), không chạy được từ gói đã cài.",
                returncode=2,
            )
        code = subprocess.call([sys.executable, str(script), *args])
        if code:
            raise SystemExit(code)
