"""Import of a large register from Excel: rows per second, elapsed time and peak memory.

1. `generate`: a realistic register of N rows (default 100,000) written streamed (openpyxl
   write-only) in the layout of a provincial register: title rows, headers, dates as date
   cells, names, CCCD, addresses, the content summary a register holds (from the demo's text
   generator, 80-250 characters), kinds, topics,
   channels, forwarders, communes by name or code, results (about 60 % with a result).
2. `run`: the dry run then the import of that file through the services
   (`petitions.imports.run`), as the background tasks do, on the configured database, for a
   province People's Committee (created with its communes' committees when missing).
   Prints rows/s, elapsed seconds and the peak memory of the process (ru_maxrss; with
   `--tracemalloc`, also Python's own peak, slower).

Target: 100,000 rows in under 2 minutes with bounded memory. Needs the reference data
(`danvan install`); use a scratch database, the imported petitions stay:

    DATABASE_URL=sqlite:////tmp/bench-import.sqlite3 .venv/bin/danvan install
    DATABASE_URL=sqlite:////tmp/bench-import.sqlite3 .venv/bin/python bench/bench_import.py \
        [--rows 100000] [--org 44-UBND] [--file /tmp/register-100k.xlsx] [--tracemalloc]

Without a sub-command: `generate` (in a child process, so its memory is not counted) if the
file is missing, then `run`. Prints figures only; nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from _common import cpu_seconds, django_setup, import_job_upload, peak_mb

django_setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from danvan.core.models import AdminUnit, Organization, UnitLevel  # noqa: E402
from danvan.petitions.demo_bulk import organizations_ensure, place_for  # noqa: E402
from danvan.petitions.demo_text import TextGenerator  # noqa: E402
from danvan.petitions.imports import run  # noqa: E402
from danvan.petitions.imports.export import REGISTER_COLUMNS  # noqa: E402

KINDS = (("Khiếu nại", 30), ("Tố cáo", 14), ("Kiến nghị", 26), ("Phản ánh", 25),
         ("Đơn có nhiều nội dung", 5))  # fmt: skip
KIND_CODES = {"Khiếu nại": "complaint", "Tố cáo": "denunciation", "Kiến nghị": "proposal",
              "Phản ánh": "report", "Đơn có nhiều nội dung": "mixed"}  # fmt: skip
CHANNELS = (("Qua bưu chính", 30), ("Trực tiếp", 30), ("Trực tuyến", 15),
            ("Đại biểu dân cử chuyển đến", 8), ("Mặt trận Tổ quốc chuyển đến", 7),
            ("Cơ quan khác chuyển đến", 10))  # fmt: skip
RESULTS = (("", 40), ("Chuyển đơn", 12), ("Hướng dẫn", 14), ("Trả lời", 12), ("Lưu đơn", 8),
           ("Thụ lý", 10), ("Rút đơn", 2), ("Không thụ lý", 2))  # fmt: skip
FORWARDERS = {
    "Đại biểu dân cử chuyển đến": "Đoàn đại biểu Quốc hội tỉnh",
    "Mặt trận Tổ quốc chuyển đến": "Ủy ban MTTQ Việt Nam tỉnh",
    "Cơ quan khác chuyển đến": "Thanh tra tỉnh",
}
POOL = 3000


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def province_org(code: str | None) -> Organization:
    today = timezone.localdate()
    if code:
        org = Organization.objects.select_related("area").filter(code=code).first()
        if org is None:
            raise SystemExit(f"Không có cơ quan {code}.")
        return org
    organizations_ensure(today)
    orgs = Organization.objects.filter(level="province", code__endswith="-UBND").select_related(
        "area"
    )
    best = max(
        orgs,
        key=lambda o: (
            AdminUnit.objects.in_force_on(today)
            .filter(parent=o.area, level=UnitLevel.COMMUNE)
            .count()
        ),
        default=None,
    )
    if best is None:
        raise SystemExit("Chưa có dữ liệu tham chiếu: chạy `danvan install` trước.")
    return best


def generate(path: Path, rows: int, org_code: str | None, seed: int = 7) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    org = province_org(org_code)
    today = timezone.localdate()
    communes = list(
        AdminUnit.objects.in_force_on(today).filter(parent=org.area, level=UnitLevel.COMMUNE)
    )
    rng = random.Random(seed)
    gen = TextGenerator(seed)
    start = max(dt.date(2025, 7, 1), today - dt.timedelta(days=330))
    span = (today - start).days - 1
    started = time.perf_counter()
    pool = []
    for _ in range(POOL):
        commune = rng.choice(communes)
        kind = _pick(rng, KINDS)
        text = gen.petition(place=place_for(commune, org.area), day=today, kind=KIND_CODES[kind])
        pool.append((commune, kind, text))
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Sổ đơn")
    ws.append([f"SỔ THEO DÕI TIẾP NHẬN, XỬ LÝ ĐƠN THƯ — {org.name}"])
    ws.append([])
    ws.append([h for h, _c in REGISTER_COLUMNS])
    for n in range(1, rows + 1):
        commune, kind, text = pool[rng.randrange(POOL)]
        received = start + dt.timedelta(days=rng.randrange(span))
        person = text.petitioners[0] if text.petitioners and not text.anonymous else None
        name = person.full_name if person else ""
        if name and rng.random() < 0.5:
            name = gen.name()[0]
        channel = _pick(rng, CHANNELS)
        forwarder = reference = ""
        if "chuyển đến" in channel:
            forwarder = FORWARDERS[channel]
            reference = f"{rng.randint(3, 480)}/CV-{n}"
        result = _pick(rng, RESULTS)
        handled = received + dt.timedelta(days=rng.randint(1, 20)) if result else None
        if handled and handled >= today:
            handled = today - dt.timedelta(days=1)
        date_cell = WriteOnlyCell(ws, value=received)
        date_cell.number_format = "DD/MM/YYYY"
        ws.append(
            [
                n,
                "",
                date_cell,
                name,
                (person.address if person else "") or "",
                (person.id_number if person else "") or "",
                "",
                f"{text.summary} (sổ số {n}).",
                text.respondent,
                kind,
                text.topic.replace("_", " "),
                channel,
                forwarder,
                reference,
                "",
                commune.code if rng.random() < 0.5 else commune.full_name,
                result,
                handled.strftime("%d/%m/%Y") if handled else "",
                "Theo sổ cũ" if result else "",
            ]
        )
    wb.save(path)
    seconds = time.perf_counter() - started
    size = path.stat().st_size / 1024 / 1024
    print(f"Đã tạo {path} ({rows:,} dòng, {size:.1f} MB) trong {seconds:.1f} giây.")


def measure(path: Path, org_code: str | None) -> dict[str, Any]:
    """The dry run then the import of `path` through the services, as the background tasks
    run them, for the province People's Committee `org_code` (default: the one with the most
    communes): wall and CPU seconds of each step, rows, and the memory before the import."""
    org = province_org(org_code)
    base = peak_mb()
    job = import_job_upload(path, org.pk)
    run.register_import_check_start(actor=None, job=job, queue=False)
    t0, c0 = time.perf_counter(), cpu_seconds()
    job = run.register_import_check_run(job_id=job.pk)
    t1, c1 = time.perf_counter(), cpu_seconds()
    if job.status != "checked":
        raise RuntimeError(job.message)
    figures: dict[str, Any] = {
        "organization": org.code,
        "rows": job.rows_total,
        "rows_bad": job.rows_bad,
        "rows_skipped": job.rows_skipped,
        "problems": [str(p) for p in job.problems[:5]],
        "check_s": t1 - t0,
        "check_cpu_s": c1 - c0,
        "peak_mb_before_import": base,
    }
    run.register_import_start(actor=None, job=job, only_good=True, queue=False)
    t2, c2 = time.perf_counter(), cpu_seconds()
    job = run.register_import_run(job_id=job.pk)
    t3, c3 = time.perf_counter(), cpu_seconds()
    figures.update(
        created=job.rows_created,
        rows_done=job.rows_done,
        import_s=t3 - t2,
        import_cpu_s=c3 - c2,
        total_s=t3 - t0,
        message=job.message,
        job_id=job.pk,
    )
    return figures


def bench(path: Path, org_code: str | None, use_tracemalloc: bool) -> None:
    if use_tracemalloc:
        import tracemalloc

        tracemalloc.start()
    f = measure(path, org_code)
    print(
        f"Kiểm tra thử: {f['rows']:,} dòng, {f['rows_bad']:,} lỗi, {f['rows_skipped']:,} bỏ "
        f"qua trong {f['check_s']:.1f} giây ({f['rows'] / f['check_s']:,.0f} dòng/giây; "
        f"CPU {f['check_cpu_s']:.1f} giây)"
    )
    for p in f["problems"]:
        print("  ", p)
    print(
        f"Nhập: {f['created']:,} đơn trong {f['import_s']:.1f} giây "
        f"({f['rows_done'] / f['import_s']:,.0f} dòng/giây; CPU {f['import_cpu_s']:.1f} giây) "
        f"— {f['message']}"
    )
    load = os.getloadavg()[0]
    print(
        f"Tải máy (load average 1 phút) lúc kết thúc: {load:.1f} trên {os.cpu_count()} CPU. "
        f"Tổng (kiểm tra + nhập): {f['total_s']:.1f} giây; bộ nhớ đỉnh của tiến trình "
        f"{peak_mb():.0f} MB (trước khi nhập {f['peak_mb_before_import']:.0f} MB); "
        f"CSDL {connection.vendor}"
    )
    if use_tracemalloc:
        import tracemalloc

        _current, peak = tracemalloc.get_traced_memory()
        print(f"Bộ nhớ Python đỉnh (tracemalloc): {peak / 1024 / 1024:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", nargs="?", choices=["generate", "run"], default=None)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--org", default=None, help="mã cơ quan (mặc định: một UBND tỉnh)")
    parser.add_argument("--file", default="/tmp/danvan-register-100k.xlsx")
    parser.add_argument("--tracemalloc", action="store_true")
    args = parser.parse_args()
    path = Path(args.file)
    if args.action == "generate":
        generate(path, args.rows, args.org)
        return
    if args.action is None and not path.exists():
        command = [sys.executable, __file__, "generate", "--rows", str(args.rows), "--file",
                   str(path)] + (["--org", args.org] if args.org else [])  # fmt: skip
        subprocess.run(command, check=True)
    bench(path, args.org, args.tracemalloc)


if __name__ == "__main__":
    main()
