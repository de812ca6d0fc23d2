"""Figures for entity extraction (`danvan.text.entities`), beside the target.

1. Building the gazetteer from the shipped unit lists (13,470 old and new units, read from the
   CSV files of danvan/data/admin-units without Django; the application reads the same rows
   from the database once per process).
2. Extraction of 1,000-character texts cut from the seed articles and from petition-like
   sentences full of entities (units, decisions, amounts, dates), with and without
   diacritics: p50 / p95 / max per text. Target: well under 5 ms per 1,000 characters.

Nothing here asserts a time.

    .venv/bin/python bench/bench_entities.py [--texts 2000]
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import time
from pathlib import Path

from danvan.text import fold
from danvan.text.entities import Gazetteer, UnitRecord, extract, gazetteer_build

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "danvan" / "data" / "admin-units"
SEEDS = Path("/work/shared/seeds")

DENSE = [
    "Ngày 12/3/2025, khoảng 60 hộ dân xã Tân Phú, huyện Đồng Phú, tỉnh Bình Phước gửi đơn.",
    "Theo Quyết định số 1234/QĐ-UBND ngày 5/3/2024 của UBND tỉnh, mức bồi thường 15.000.000 "
    "đồng/ha là quá thấp so với giá thị trường khoảng 2,5 tỷ đồng.",
    "Căn cứ Luật Đất đai năm 2024 và Nghị định 88/2024/NĐ-CP, đề nghị UBND xã Hàm Tân xem xét.",
    "Người dân đã nhiều lần đến phường Bến Thành, TP Hồ Chí Minh và Hà Nội để khiếu nại.",
    "Số tiền hỗ trợ 500 nghìn đồng mỗi tháng; liên hệ 0912.345.678.",
    "Chỉ thị số 05-CT/TW và Nghị quyết 25-NQ/TW yêu cầu lắng nghe ý kiến Nhân dân.",
    "Ngày 5 tháng 3 năm 2026 UBND huyện Tánh Linh, tỉnh Bình Thuận đã tổ chức đối thoại.",
    "Từ tháng 3/2023 đến nay, tiền đền bù 1 tỷ 200 triệu đồng vẫn chưa được chi trả.",
]


def reference() -> tuple[list[UnitRecord], list[tuple[str, str]]]:
    units: list[UnitRecord] = []
    with (DATA / "units-before-2025-07-01.csv").open(encoding="utf-8") as f:
        old = list(csv.DictReader(f))
    with (DATA / "units-2025-07-01.csv").open(encoding="utf-8") as f:
        new = list(csv.DictReader(f))
    for row in old:
        key = f"old:{row['code']}"
        province = key if row["level"] == "province" else f"old:{row['parent_code']}"
        units.append(UnitRecord(key, row["name"], row["type"], province, 1, row["name"]))
    for row in new:
        province = row["code"] if row["level"] == "province" else row["parent_code"]
        units.append(UnitRecord(row["code"], row["name"], row["type"], province, 2, row["name"]))
    provinces = {row["code"] for row in old if row["level"] == "province"}
    links: list[tuple[str, str]] = []
    with (DATA / "successions-2025-07-01.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["old_code"] in provinces and len(row["new_code"]) == 2:
                links.append((f"old:{row['old_code']}", row["new_code"]))
    return units, links


def texts(count: int, rng: random.Random) -> list[str]:
    pool = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    out: list[str] = []
    for i in range(count):
        if i % 2 and pool:
            source = rng.choice(pool)
            start = rng.randrange(0, max(1, len(source) - 1000))
            text = source[start : start + 1000]
        else:
            parts: list[str] = []
            while sum(len(p) + 1 for p in parts) < 1000:
                parts.append(rng.choice(DENSE))
            text = " ".join(parts)[:1000]
        out.append(fold(text) if i % 4 == 3 else text)
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=2000)
    args = parser.parse_args()
    rng = random.Random(7)

    t0 = time.perf_counter()
    units, links = reference()
    t1 = time.perf_counter()
    gazetteer: Gazetteer = gazetteer_build(units, links)
    t2 = time.perf_counter()
    print(
        f"gazetteer: {len(gazetteer):,} units, reading the CSV {1000 * (t1 - t0):.0f} ms, "
        f"building {1000 * (t2 - t1):.0f} ms"
    )

    sample = texts(args.texts, rng)
    for text in sample[:20]:
        extract(text, gazetteer)  # warm the per-character tables
    timings: list[float] = []
    cpu: list[float] = []
    found = 0
    for text in sample:
        start, start_cpu = time.perf_counter(), time.process_time()
        found += len(extract(text, gazetteer))
        cpu.append((time.process_time() - start_cpu) * 1000)
        timings.append((time.perf_counter() - start) * 1000)
    chars = sum(len(t) for t in sample)
    print(
        f"extraction: {len(sample):,} texts, {chars / len(sample):.0f} characters on average, "
        f"{found / len(sample):.1f} entities per text"
    )
    print(
        f"  per text: p50 {statistics.median(timings):.2f} ms, p95 {percentile(timings, 0.95):.2f} "
        f"ms, max {max(timings):.2f} ms (target: well under 5 ms per 1,000 characters)"
    )
    print(
        f"  CPU time per text (what other processes on the machine do not inflate): p50 "
        f"{statistics.median(cpu):.2f} ms, p95 {percentile(cpu, 0.95):.2f} ms"
    )
    print(f"  throughput: {chars / (sum(timings) / 1000) / 1e6:.2f} million characters per second")
    start = time.perf_counter()
    for text in sample:
        extract(text)
    plain = (time.perf_counter() - start) * 1000 / len(sample)
    print(f"  without a gazetteer (legal, money, dates only): {plain:.2f} ms per text on average")


if __name__ == "__main__":
    main()
