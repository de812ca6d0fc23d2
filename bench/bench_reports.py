"""Figures for the periodic reports' indicators on a large database: the time to compute every
indicator (`danvan.reports.indicators.figures_compute`) of one province's six-month report.

Target (issue 6/8): the province's six-month report over 1,000,000 petitions and 100,000 other
records builds in under 5 seconds on PostgreSQL; the figures are the bulk of that work (the
document is measured with the report itself).

What it does, on the database given by `--db` (or `DATABASE_URL`):

1. prepares the database if it is empty (`danvan install`);
2. tops the petitions up to `--petitions` with the generator of `danvan bench generate`
   (`danvan.benchdata.generate`: People's Committees of every province and commune, petitions
   with a consistent lifecycle and their deadlines in the registry), then runs the completion
   passes (`danvan.benchdata.complete`: the time a rating was recorded, 2% duplicates and 2%
   transferred copies, registry rows of finished cases; idempotent);
3. tops the other records up to `--others` (`OTHER_SHARES` of reception register entries,
   tasks, reception sessions, issue reports, "Dân vận khéo" models, dialogues with their
   commitments, alerts), realistic rows written in bulk by `danvan.benchdata.others`;
4. `VACUUM ANALYZE` (PostgreSQL) after any insert;
5. times `figures_compute` for the province (`--province`, default: the province whose report
   covers the most petitions) and the period (`--period`, default 2026-H1): the first call in a
   fresh connection ("cold": Python caches empty, the database's own cache as it is), then
   `--repeat` calls ("warm"); prints the queries, their count and the figures; and times the
   drill-down of the largest figure.

Everything it adds stays (it is a benchmark database). Nothing here asserts a time.

    .venv/bin/python bench/bench_reports.py \\
        --db postgres://postgres@127.0.0.1:5432/danvan_bench_reports [--petitions 1000000] \\
        [--others 100000] [--province 01] [--period 2026-H1] [--repeat 5] [--explain]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="", help="DATABASE_URL (mặc định: biến môi trường)")
    parser.add_argument("--petitions", type=int, default=1_000_000)
    parser.add_argument("--others", type=int, default=100_000)
    parser.add_argument("--province", default="", help="mã tỉnh (mặc định: tỉnh nhiều đơn nhất)")
    parser.add_argument("--period", default="2026-H1")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE mỗi truy vấn")
    return parser.parse_args()


ARGS = _parse()
if ARGS.db:
    os.environ["DATABASE_URL"] = ARGS.db
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from danvan.benchdata.complete import petitions_complete, registry_complete  # noqa: E402
from danvan.benchdata.generate import generate  # noqa: E402
from danvan.core.models import AdminUnit, Organization, Task  # noqa: E402
from danvan.petitions.models import Petition  # noqa: E402


def say(text: str) -> None:
    print(text, flush=True)


def n(value: float) -> str:
    return f"{int(value):,}".replace(",", ".")


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


# --- Data --------------------------------------------------------------------------------------


def ensure_installed() -> None:
    tables = set(connection.introspection.table_names())
    if AdminUnit._meta.db_table not in tables or not AdminUnit.objects.exists():
        say("Cơ sở dữ liệu trống: chạy `danvan install`…")
        call_command("install", quiet=True)
    else:
        call_command("migrate", interactive=False, verbosity=0)


def ensure_petitions(target: int) -> bool:
    have = Petition.objects.count()
    if have >= target:
        say(f"Đơn thư: {n(have)} (đủ {n(target)})")
        return False
    missing = target - have
    say(f"Đơn thư: {n(have)}; tạo thêm {n(missing)} bằng bộ sinh của `danvan bench generate`…")
    last = [0.0]

    def progress(kind: str, done: int, total: int) -> None:
        if time.perf_counter() - last[0] > 30:
            last[0] = time.perf_counter()
            say(f"  {n(done)}/{n(total)}")

    steps = generate(
        {"petitions": missing}, seed=ARGS.seed + have, workers=ARGS.workers, progress=progress
    )
    connections.close_all()
    say(f"  xong trong {steps[0].seconds:.0f} giây")
    return True


# Shares of the other records (they add up to 1); a dialogue brings its commitments (tasks).
OTHER_SHARES: dict[str, float] = {
    "reception": 0.40,
    "tasks": 0.25,
    "sessions": 0.10,
    "issues": 0.10,
    "models": 0.06,
    "dialogues": 0.06,
    "alerts": 0.03,
}


def _counts() -> dict[str, int]:
    from danvan.dialogues.models import Commitment, Dialogue
    from danvan.monitoring.models import Alert, IssueReport
    from danvan.practices.models import PracticeModel
    from danvan.reception.models import ReceptionEntry, ReceptionSession

    return {
        "reception": ReceptionEntry.objects.count(),
        "tasks": Task.objects.count() - Commitment.objects.count(),
        "sessions": ReceptionSession.objects.count(),
        "issues": IssueReport.objects.count(),
        "models": PracticeModel.objects.count(),
        "dialogues": Dialogue.objects.count(),
        "alerts": Alert.objects.count(),
    }


def ensure_others(target: int) -> bool:
    """Top the other records up to `target` with `danvan.benchdata` (realistic bulk rows)."""
    have = _counts()
    total = sum(have.values())
    if total >= target:
        say(f"Hồ sơ khác: {n(total)} (đủ {n(target)}): {have}")
        return False
    say(f"Hồ sơ khác: {n(total)}; tạo thêm đến {n(target)}…")
    missing = {k: max(int(target * share) - have[k], 0) for k, share in OTHER_SHARES.items()}
    for step in generate(missing, seed=ARGS.seed + total, workers=ARGS.workers):
        say(f"  {step.kind}: +{n(step.rows)} trong {step.seconds:.0f} giây")
    return True


def analyze() -> None:
    if connection.vendor != "postgresql":
        return
    say("VACUUM ANALYZE…")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


# --- Measure -----------------------------------------------------------------------------------


def province_org(code: str) -> Organization:
    """The province People's Committee with `code`, or the one covering the most petitions."""
    qs = Organization.objects.filter(kind="ubnd", level="province", area__level="province")
    if code:
        org = qs.filter(area__code=code).select_related("area").first()
        if org is None:
            raise SystemExit(f"Không có UBND tỉnh mã {code}.")
        return org
    by_province: dict[int, int] = {}
    for row in (
        Petition.objects.values("organization__area__parent_id", "organization__area_id")
        .annotate(c=Count("id"))
        .order_by()
    ):
        province = row["organization__area__parent_id"] or row["organization__area_id"]
        by_province[province] = by_province.get(province, 0) + row["c"]
    best = max(by_province, key=lambda k: by_province[k])
    org = qs.filter(area_id=best).select_related("area").first()
    if org is None:
        raise SystemExit("Không tìm thấy UBND tỉnh.")
    return org


def main() -> None:
    from danvan.reports.indicators import (
        Window,
        coverage_for,
        figures_compute,
        indicators_all,
        records_for,
        windows_config,
    )
    from danvan.reports.periods import period_parse

    say(f"Cơ sở dữ liệu: {connection.vendor} ({connection.settings_dict.get('NAME')})")
    ensure_installed()
    changed = ensure_petitions(ARGS.petitions)
    completed = sum(petitions_complete().values())
    if completed:
        say(f"Bổ sung cho đơn sinh hàng loạt (lúc đánh giá, đơn trùng, đơn chuyển): {n(completed)}")
    registry = registry_complete()
    if registry:
        say(f"  {n(registry)} dòng hạn xử lý")
    changed = ensure_others(ARGS.others) or changed or bool(completed) or bool(registry)
    if changed:
        analyze()

    org = province_org(ARGS.province)
    period = period_parse("six-month", ARGS.period, int(windows_config()["cut_day"]))
    window = Window(period.start, period.end)
    connections.close_all()  # a fresh connection for the cold run

    t_cov, coverage = timed(lambda: coverage_for(org))
    petitions = Petition.objects.filter(organization_id__in=sorted(coverage.organization_ids))
    in_window = petitions.filter(received_on__range=(window.start, window.end)).count()
    say(
        f"Báo cáo: {org.name} ({org.area.code if org.area else ''}), {period.label} "
        f"({window.start:%d/%m/%Y}–{window.end:%d/%m/%Y}); phạm vi: "
        f"{n(len(coverage.organization_ids))} cơ quan, {n(len(coverage.area_ids))} địa bàn; "
        f"{n(petitions.count())} đơn của phạm vi, {n(in_window)} nhận trong kỳ; "
        f"tổng số đơn: {n(Petition.objects.count())}"
    )
    say(f"coverage_for: {t_cov * 1000:.0f} ms")
    connections.close_all()

    with CaptureQueriesContext(connection) as queries:
        cold, values = timed(lambda: figures_compute(coverage, window))
    say(f"\nfigures_compute, lần đầu (kết nối mới): {cold:.3f} s, {len(queries)} truy vấn")
    for q in queries.captured_queries:
        say(f"  {float(q['time']) * 1000:8.1f} ms  {q['sql'][:150]}")
    warm = []
    for _ in range(ARGS.repeat):
        seconds, again = timed(lambda: figures_compute(coverage, window))
        assert again == values
        warm.append(seconds)
    say(
        f"figures_compute, {len(warm)} lần tiếp: min {min(warm):.3f} s, "
        f"trung vị {statistics.median(warm):.3f} s, max {max(warm):.3f} s"
    )
    if ARGS.explain and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for q in queries.captured_queries:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + q["sql"])
                say("\n" + "\n".join(r[0] for r in cursor.fetchall()))

    say("\nChỉ tiêu:")
    for indicator in indicators_all():
        if indicator.parent and not values.get(indicator.code):
            continue
        say(f"  {indicator.code}\t{values.get(indicator.code)}")

    biggest = max(
        (i for i in indicators_all() if i.kind == "count" and not i.parent),
        key=lambda i: values.get(i.code) or 0,
    )
    from django.urls import reverse

    reverse("petitions:list")  # the URL configuration loads once per process, not per report
    seconds, records = timed(lambda: records_for(biggest.code, coverage, window, None))
    say(
        f"\nDanh sách hồ sơ của «{biggest.code}»: {seconds:.3f} s "
        f"({len(records.rows)} dòng / {n(records.total)})"
    )
    build(org, period.code)


def build(org: Organization, period_code: str) -> None:
    """The whole report as a user gets it: a draft computed now (this period, the previous
    one, the lower units' table, the monthly trends) and written to DOCX, XLSX and PDF; the
    first build in this process also pays for the imports (python-docx, matplotlib, WeasyPrint)
    and the charts' fonts."""
    from danvan.reports.build import report_content, report_file
    from danvan.reports.services import live_values, report_for_cli

    report, _unsaved = report_for_cli(organization=org, kind="six-month", period_code=period_code)
    say("\nBáo cáo hoàn chỉnh (dự thảo tính ngay, như khi mở hoặc tải về):")
    for round_ in ("lần đầu", "lần sau"):
        connections.close_all()
        t_snap, snapshot = timed(lambda: live_values(report))
        t_content, _content = timed(lambda s=snapshot: report_content(report, snapshot=s))
        t_docx, docx = timed(lambda: report_file(report, "docx"))
        say(
            f"  {round_}: số liệu hai kỳ + xu hướng + bảng đơn vị {t_snap:.3f} s; "
            f"nội dung {t_content:.3f} s; DOCX trọn gói (tính lại + ghi) {t_docx:.3f} s "
            f"({n(len(docx.data))} byte, {len(snapshot.get('trends', []))} biểu đồ)"
        )
    for fmt in ("xlsx", "pdf"):
        seconds, rendered = timed(lambda fmt=fmt: report_file(report, fmt))
        say(f"  {fmt.upper()} trọn gói: {seconds:.3f} s ({n(len(rendered.data))} byte)")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(130)
