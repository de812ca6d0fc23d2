"""Figures for the periodic reports' indicators on a large database: the time to compute every
indicator (`danvan.reports.indicators.figures_compute`) of one province's six-month report.

Target (issue 6/8): the province's six-month report over 1,000,000 petitions and 100,000 other
records builds in under 5 seconds on PostgreSQL; the figures are the bulk of that work (the
document is measured with the report itself).

What it does, on the database given by `--db` (or `DATABASE_URL`):

1. prepares the database if it is empty (`danvan install`);
2. tops the petitions up to `--petitions` with the bulk generator of `danvan bench generate`
   (`danvan.petitions.demo_bulk.bulk_generate`: People's Committees of every province and
   commune, petitions with a consistent lifecycle and their deadlines in the registry), then
   gives the generated cases what the generator leaves out and the indicators read: the time a
   rating was recorded (`satisfaction_at`, the closing day), 2% duplicates and 2% transferred
   copies (linked to the case created just before);
3. tops the other records up to `--others` (reception sessions and register entries, dialogues
   and their commitments, issue reports, alerts, "Dân vận khéo" models, tasks), spread over the
   same People's Committees and dates, written in bulk;
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
import datetime as dt
import os
import random
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
from django.db import connection, connections, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from danvan.core.models import AdminUnit, Organization, Task  # noqa: E402
from danvan.petitions.demo_bulk import START, bulk_generate, organizations_ensure  # noqa: E402
from danvan.petitions.models import Petition  # noqa: E402

DUPLICATE_EVERY = 50  # 2%: case id % 50 == 0 duplicates the case created just before
TRANSFER_EVERY = 50  # 2%: case id % 50 == 25 is a transferred copy of the one before it


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

    def progress(state: Any) -> None:
        if time.perf_counter() - last[0] > 30:
            last[0] = time.perf_counter()
            say(f"  {n(state.done)}/{n(state.total)} — {n(state.rate)} đơn/giây")

    result = bulk_generate(
        petitions=missing, seed=ARGS.seed + have, workers=ARGS.workers, progress=progress
    )
    connections.close_all()
    say(f"  xong trong {result['seconds']} giây")
    return True


def petitions_complete() -> int:
    """What the bulk generator leaves out: rating times, duplicates, transfers (idempotent)."""
    table = connection.ops.quote_name(Petition._meta.db_table)
    done = 0
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            at = "(closed_on + time '09:30') AT TIME ZONE 'Asia/Ho_Chi_Minh'"
        else:
            at = "datetime(closed_on, '+02:30:00')"
        cursor.execute(
            f"UPDATE {table} SET satisfaction_at = {at} "
            "WHERE satisfaction <> '' AND satisfaction_at IS NULL AND closed_on IS NOT NULL"
        )
        done += cursor.rowcount
        cursor.execute(
            f"UPDATE {table} SET duplicate_of_id = id - 1 WHERE MOD(id, %s) = 0 "
            f"AND duplicate_of_id IS NULL AND id - 1 IN (SELECT id FROM {table})",
            [DUPLICATE_EVERY],
        )
        done += cursor.rowcount
        cursor.execute(
            f"UPDATE {table} SET transferred_from_id = id - 1 WHERE MOD(id, %s) = 25 "
            f"AND transferred_from_id IS NULL AND id - 1 IN (SELECT id FROM {table})",
            [TRANSFER_EVERY],
        )
        done += cursor.rowcount
    return done


def registry_complete() -> int:
    """The bulk generator writes the deadline registry (`core.Obligation`) of open cases only;
    the services keep the rows of finished cases too (done or cancelled), and the on-time rate
    reads them. Writes them, computed as the services do (`petition_obligation_specs`, the
    generator's memoising engine and raw inserts), for the finished cases that have none."""
    from django.db.models import Exists, OuterRef
    from django.utils import translation

    from danvan.core.models import Obligation
    from danvan.petitions.deadlines import petition_obligation_specs
    from danvan.petitions.demo_bulk import MemoEngine, _raw_insert
    from danvan.petitions.states import OPEN_STATES, Status

    label = Petition._meta.label_lower
    finished = sorted(set(Status.values) - OPEN_STATES)
    missing = (
        Petition.objects.filter(status__in=finished)
        .exclude(Exists(Obligation.objects.filter(target_type=label, target_id=OuterRef("pk"))))
        .order_by("id")
    )
    ids = list(missing.values_list("id", flat=True))
    if not ids:
        return 0
    say(f"Sổ theo dõi hạn của {n(len(ids))} hồ sơ đã kết thúc…")
    engine = MemoEngine()
    written = 0
    light = ("content", "search_text", "requests", "result_summary", "summary", "respondent")
    with translation.override("vi"):
        for start in range(0, len(ids), 5000):
            rows: list[dict[str, Any]] = []
            for p in Petition.objects.filter(id__in=ids[start : start + 5000]).defer(*light):
                p._prefetched_objects_cache = {  # type: ignore[attr-defined]
                    "suspensions": [],
                    "extensions": [],
                    "agencies": [],
                }
                for spec in petition_obligation_specs(p, engine=engine):
                    rows.append(
                        {
                            "key": spec.key,
                            "kind": spec.kind,
                            "title": spec.title[:300],
                            "rule_id": spec.rule_id,
                            "explanation": [str(line) for line in spec.explanation],
                            "target_type": label,
                            "target_id": p.pk,
                            "target_label": p.case_number,
                            "target_status": p.status,
                            "topic": spec.topic,
                            "organization_id": spec.organization_id,
                            "area_id": spec.area_id,
                            "started_on": spec.started_on,
                            "due": spec.due,
                            "status": spec.status,
                            "completed_on": spec.completed_on if spec.status == "done" else None,
                        }
                    )
            with transaction.atomic():
                _raw_insert(Obligation, rows)
            written += len(rows)
            if start and start % 100_000 == 0:
                say(f"  {n(start)}/{n(len(ids))}")
    return written


# Shares of the other records (they add up to 1).
OTHER_SHARES: dict[str, float] = {
    "reception_entries": 0.40,
    "tasks": 0.20,
    "reception_sessions": 0.10,
    "issue_reports": 0.10,
    "practice_models": 0.06,
    "commitments": 0.08,  # tasks of their own, linked to dialogues
    "dialogues": 0.04,
    "alerts": 0.02,
}


class Others:
    """Bulk rows of the other modules, spread over the People's Committees and the days since
    the generator's start date, with the statuses the indicators distinguish."""

    def __init__(self, seed: int) -> None:
        from danvan.core.topics import topic_codes

        self.rng = random.Random(seed)
        self.today = timezone.localdate()
        communes, provinces, _created = organizations_ensure(self.today)
        self.communes = [d.org for d in communes]
        self.provinces = [d.org for d in provinces] or self.communes
        self.topics = topic_codes()
        self.span = (self.today - START).days

    def day(self) -> dt.date:
        return START + dt.timedelta(days=self.rng.randrange(self.span + 1))

    def org(self) -> Organization:
        """A commune People's Committee three times in four, as for the petitions."""
        return self.rng.choice(self.communes if self.rng.random() < 0.75 else self.provinces)

    def pick(self, *weighted: tuple[Any, int]) -> Any:
        values, weights = zip(*weighted, strict=True)
        return self.rng.choices(values, weights=weights)[0]

    def reception_sessions(self, count: int) -> list[Any]:
        from danvan.reception.models import ReceptionSession

        rows: list[Any] = []
        for _ in range(count):
            org = self.org()
            rows.append(
                ReceptionSession(
                    organization=org,
                    level=org.level,
                    date=self.day(),
                    place_kind="hq",
                    kind=self.pick(("scheduled", 50), ("daily", 40), ("extraordinary", 10)),
                    host_kind=self.pick(("head", 70), ("delegate", 30)),
                    host_name="Chủ tịch Ủy ban nhân dân",
                    host_position="Chủ tịch",
                    status=self.pick(("held", 80), ("published", 10), ("cancelled", 10)),
                )
            )
        return rows

    def reception_entries(self, count: int) -> list[Any]:
        from django.db.models import Max

        from danvan.reception.models import ReceptionEntry

        rows: list[Any] = []
        # Above every number in the register, so the bench rows never meet a real one.
        seq = max(ReceptionEntry.objects.aggregate(m=Max("seq"))["m"] or 0, 10_000_000)
        for _ in range(count):
            org = self.org()
            day = self.day()
            seq += 1
            rows.append(
                ReceptionEntry(
                    organization=org,
                    year=day.year,
                    seq=seq,
                    number=f"B{seq}/{day.year}",
                    received_on=day,
                    visitor_name="Công dân",
                    visitor_count=self.pick((1, 70), (2, 12), (3, 6), (6, 6), (12, 4), (30, 2)),
                    content="Trình bày nội dung liên quan đến đất đai.",
                    outcome=self.pick(
                        ("received", 40),
                        ("guided", 30),
                        ("answered", 15),
                        ("transferred", 10),
                        ("refused", 5),
                    ),
                )
            )
        return rows

    def tasks(self, count: int, title: str = "Nhiệm vụ đo hiệu năng") -> list[Any]:
        rows: list[Any] = []
        for _ in range(count):
            due = self.day()
            status = self.pick(("done", 60), ("open", 20), ("in_progress", 15), ("cancelled", 5))
            completed = None
            if status == "done":
                completed = due + dt.timedelta(days=self.rng.randint(-20, 15))
            rows.append(
                Task(
                    title=title,
                    organization=self.org(),
                    due=due,
                    status=status,
                    completed_on=completed,
                )
            )
        return rows

    def issue_reports(self, count: int) -> list[Any]:
        from danvan.monitoring.models import IssueReport

        rows: list[Any] = []
        for _ in range(count):
            org = self.org()
            rows.append(
                IssueReport(
                    organization=org,
                    source="commune",
                    title="Vấn đề bức xúc đo hiệu năng",
                    description="Mô tả.",
                    area_id=int(org.area_id or 0),
                    topic=self.rng.choice(self.topics),
                    reported_on=self.day(),
                    status=self.pick(("new", 30), ("being_resolved", 30), ("resolved", 40)),
                )
            )
        return rows

    def alerts(self, count: int) -> list[Any]:
        from danvan.monitoring.models import Alert

        rows: list[Any] = []
        for i in range(count):
            org = self.org()
            day = self.day()
            rows.append(
                Alert(
                    kind=self.pick(("spike", 60), ("crowd", 30), ("severity", 10)),
                    key=f"bench-{self.rng.getrandbits(64):016x}-{i}",
                    title="Cảnh báo đo hiệu năng",
                    area_id=int(org.area_id or 0),
                    topic=self.rng.choice(self.topics),
                    organization=org,
                    window_start=day - dt.timedelta(days=6),
                    window_end=day,
                )
            )
        return rows

    def practice_models(self, count: int) -> list[Any]:
        from danvan.practices.models import Period, PracticeModel

        period, _ = Period.objects.get_or_create(
            code="BENCH", defaults={"name": "Đo hiệu năng", "start_year": 2021, "end_year": 2030}
        )
        rows: list[Any] = []
        for i in range(count):
            day = self.day()
            status = self.pick(
                ("registered", 30), ("launched", 30), ("recognised", 25), ("replicated", 5),
                ("stopped", 10),
            )  # fmt: skip
            recognised = status in ("recognised", "replicated")
            rows.append(
                PracticeModel(
                    organization=self.org(),
                    registrant_kind="agency",
                    field="economy",
                    name=f"Mô hình đo hiệu năng {i}",
                    objectives="Mục tiêu.",
                    content_method="Cách làm.",
                    start_on=day,
                    outputs="Kết quả.",
                    year=day.year,
                    period=period,
                    status=status,
                    registered_on=day,
                    recognition_level="commune" if recognised else "",
                    decision_number=f"{i}/QĐ-UBND" if recognised else "",
                    decision_date=min(day + dt.timedelta(days=120), self.today)
                    if recognised
                    else None,
                )
            )
        return rows

    def dialogues(self, count: int) -> list[Any]:
        from danvan.dialogues.models import Dialogue

        rows: list[Any] = []
        for _ in range(count):
            day = self.day()
            status = self.pick(
                ("planned", 10), ("held", 20), ("minutes_signed", 20), ("closed", 40),
                ("cancelled", 10),
            )  # fmt: skip
            rows.append(
                Dialogue(
                    organization=self.org(),
                    kind="leader",
                    topic="Đối thoại đo hiệu năng",
                    chair_name="Chủ tịch",
                    date=day,
                    year=day.year,
                    place="Hội trường",
                    status=status,
                    held_on=day if status in ("held", "minutes_signed", "closed") else None,
                )
            )
        return rows

    def commitments(self, count: int) -> int:
        from danvan.dialogues.models import Commitment, Dialogue

        dialogue_ids = list(Dialogue.objects.values_list("id", "organization_id")[:200_000])
        if not dialogue_ids:
            return 0
        tasks = Task.objects.bulk_create(
            self.tasks(count, "Cam kết sau đối thoại (đo hiệu năng)"), batch_size=5000
        )
        links = [
            Commitment(dialogue_id=self.rng.choice(dialogue_ids)[0], task_id=t.pk, position=i)
            for i, t in enumerate(tasks)
        ]
        Commitment.objects.bulk_create(links, batch_size=5000)
        return len(links)


def alerts_raised_on_their_day() -> None:
    """`created_at` is set on insert: the bench alerts were raised the morning after their
    signal's last day, as the daily job does (one UPDATE per day)."""
    from danvan.monitoring.models import Alert

    bench = Alert.objects.filter(key__startswith="bench-")
    for day in sorted(set(bench.values_list("window_end", flat=True))):
        raised = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time(6, 0)))
        bench.filter(window_end=day).update(created_at=raised)


def _counts() -> dict[str, int]:
    from danvan.dialogues.models import Commitment, Dialogue
    from danvan.monitoring.models import Alert, IssueReport
    from danvan.practices.models import PracticeModel
    from danvan.reception.models import ReceptionEntry, ReceptionSession

    commitments = Commitment.objects.count()
    return {
        "reception_entries": ReceptionEntry.objects.count(),
        "tasks": Task.objects.count() - commitments,
        "reception_sessions": ReceptionSession.objects.count(),
        "issue_reports": IssueReport.objects.count(),
        "practice_models": PracticeModel.objects.count(),
        "commitments": commitments,
        "dialogues": Dialogue.objects.count(),
        "alerts": Alert.objects.count(),
    }


def ensure_others(target: int) -> bool:
    have = _counts()
    total = sum(have.values())
    if total >= target:
        say(f"Hồ sơ khác: {n(total)} (đủ {n(target)}): {have}")
        return False
    say(f"Hồ sơ khác: {n(total)}; tạo thêm đến {n(target)}…")
    others = Others(ARGS.seed + total)
    started = time.perf_counter()
    order = [k for k in OTHER_SHARES if k != "commitments"] + ["commitments"]  # dialogues first
    for name in order:
        missing = int(target * OTHER_SHARES[name]) - have[name]
        if missing <= 0:
            continue
        with transaction.atomic():
            if name == "commitments":
                made = others.commitments(missing)
            else:
                rows = getattr(others, name)(missing)
                type(rows[0]).objects.bulk_create(rows, batch_size=5000)
                made = len(rows)
                if name == "alerts":
                    alerts_raised_on_their_day()
        say(f"  {name}: +{n(made)}")
    say(f"  xong trong {time.perf_counter() - started:.0f} giây")
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
    completed = petitions_complete()
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
