"""The benchmark suite: `danvan bench run` / `make bench` (docs/performance.md).

Measures, on one database and one data set, the hot paths of danvan beside their targets and
beside the naive way of doing the same work (`bench/naive.py`), measured in the same run:

  intake     duplicate suggestion + registration of a petition (commune officer), and the
             suggestion at a province desk — naive: brute-force similarity, no band index
  board      first page of the overdue board (province and commune officer) — naive: open
             cases loaded and their deadlines computed in Python, no registry
  search     petition search, first page and count (province officer, 6 queries) — naive:
             `search_text LIKE '%token%'`, no full-text index
  dashboard  the province page of the monitoring dashboard (province leader) — naive: rows
             fetched and counted in Python
  report     the province's six-month report: every indicator, and the whole DOCX — naive:
             the petitions' indicators counted in Python over the rows
  classify   topic classifier, texts per second on one core — naive: one text at a time
  dedup      near-duplicate clustering of N synthetic texts (LSH) — naive: every pair of a
             sample compared, extrapolated to N
  import     a 100,000-row Excel register: dry run + import — naive: each row through
             `petition_register`, on a sample, extrapolated

Each benchmark runs in its own child process (`run.py --child NAME --variant ours|naive`), so
the peak memory (ru_maxrss) is per benchmark and variant. Prints a table on stdout (progress
on stderr) and writes JSON with every figure and the machine's description.

    .venv/bin/python bench/run.py [--db URL] [--scale small|province|national | --petitions N]
        [--only NAME[,NAME]] [--json PATH] [--quick] [--import-db scratch|same|URL]

Data set: `--petitions N` tops the petitions up to N; `--scale small|province|national` (10,000,
50,000, 1,000,000 petitions) tops every kind up to the generator's national preset scaled to
those petitions (`danvan.benchdata.generate.PRESETS`); both through `danvan bench generate`
in a child process. Without either, the database is measured as it is.

Exit status: 0 when every benchmark ran (a missed target is reported, not a failure), 1 when
one crashed (its error is in the table and the JSON), 2 for bad arguments.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import sysconfig
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit, urlunsplit

from _common import ROOT, cpu_seconds, django_setup, peak_mb, say

NAMES = ("intake", "board", "search", "dashboard", "report", "classify", "dedup", "import")
DATABASE_FREE = {"classify", "dedup"}
SCALES = {"small": 10_000, "province": 50_000, "national": 1_000_000}

SIZES: dict[str, dict[str, dict[str, int]]] = {
    "full": {
        "intake": {"registrations": 200, "naive_registrations": 30, "province_suggestions": 50,
                   "naive_province": 3},
        "board": {"count": 100, "naive_province": 5, "naive_commune": 20},
        "search": {"rounds": 10, "naive_rounds": 2},
        "dashboard": {"count": 20, "naive_count": 5},
        "report": {"repeat": 5, "naive_repeat": 3},
        "classify": {"texts": 20_000, "naive_texts": 2_000},
        "dedup": {"n": 100_000, "naive_sample": 300},
        "import": {"rows": 100_000, "naive_rows": 1_000},
    },
    "quick": {
        "intake": {"registrations": 15, "naive_registrations": 5, "province_suggestions": 10,
                   "naive_province": 2},
        "board": {"count": 10, "naive_province": 2, "naive_commune": 3},
        "search": {"rounds": 2, "naive_rounds": 1},
        "dashboard": {"count": 3, "naive_count": 2},
        "report": {"repeat": 2, "naive_repeat": 1},
        "classify": {"texts": 2_000, "naive_texts": 300},
        "dedup": {"n": 10_000, "naive_sample": 120},
        "import": {"rows": 2_000, "naive_rows": 50},
    },
}  # fmt: skip


# --- What each row shows --------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    op: str  # "<" (p95 for a latency, the value otherwise) or ">="
    value: float
    text: str  # as the table shows it
    ref: str  # where it was set


@dataclass(frozen=True)
class Spec:
    bench: str
    fid: str
    label: str
    kind: str  # latency (ms) | seconds | rate
    target: Target | None = None


PETITIONS_SPEED = "docs/petitions.md «Speed» (1 triệu đơn, PostgreSQL)"
SPECS = (
    Spec("intake", "intake.register", "vào sổ một đơn: gợi ý trùng + đăng ký (cán bộ xã)",
         "latency", Target("<", 50, "p95 < 50 ms", PETITIONS_SPEED)),
    Spec("intake", "intake.suggest", "  trong đó: gợi ý đơn trùng", "latency"),
    Spec("intake", "intake.petition_register", "  trong đó: petition_register", "latency"),
    Spec("intake", "intake.suggest_province", "gợi ý đơn trùng ở cán bộ tỉnh (cả tỉnh)",
         "latency"),
    Spec("board", "board.province", "bảng hạn xử lý, trang 1 (cán bộ tỉnh)", "latency",
         Target("<", 100, "p95 < 100 ms", PETITIONS_SPEED)),
    Spec("board", "board.commune", "bảng hạn xử lý, trang 1 (cán bộ xã)", "latency",
         Target("<", 100, "p95 < 100 ms", PETITIONS_SPEED)),
    Spec("search", "search", "tìm đơn: trang 1 + tổng số (cán bộ tỉnh)", "latency"),
    Spec("search", "search.all", "tìm đơn trong cả sổ (phạm vi toàn quốc)", "latency"),
    Spec("dashboard", "dashboard", "nắm tình hình: trang của tỉnh (lãnh đạo tỉnh)", "latency"),
    Spec("report", "report.figures_cold", "báo cáo 6 tháng: mọi chỉ tiêu, kết nối mới",
         "seconds"),
    Spec("report", "report.figures", "báo cáo 6 tháng: mọi chỉ tiêu, các lần sau", "latency"),
    Spec("report", "report.docx_first", "báo cáo 6 tháng: DOCX trọn gói, lần đầu", "seconds",
         Target("<", 5, "< 5 s", "docs/reports.md «Speed» (1 triệu đơn + 100.000 hồ sơ khác)")),
    Spec("report", "report.docx", "báo cáo 6 tháng: DOCX trọn gói, lần sau", "seconds",
         Target("<", 5, "< 5 s", "docs/reports.md «Speed» (1 triệu đơn + 100.000 hồ sơ khác)")),
    Spec("classify", "classify", "phân loại lĩnh vực, 1 nhân CPU", "rate",
         Target(">=", 2000, "≥ 2.000 văn bản/s", "docs/classifier.md")),
    Spec("classify", "classify.warm", "  cùng văn bản, bộ đệm đã nóng", "rate"),
    Spec("dedup", "dedup.cluster", "gom nhóm {dedup_n} văn bản gần trùng", "seconds"),
    Spec("dedup", "dedup.per_million", "  quy ra 1.000.000 văn bản", "seconds",
         Target("<", 600, "< 600 s", "docs/dedup.md «Speed» (máy 2 nhân)")),
    Spec("import", "import.check", "nhập sổ Excel {import_rows} dòng: kiểm tra thử", "seconds"),
    Spec("import", "import.import", "  nhập", "seconds"),
    Spec("import", "import.per_100k", "  kiểm tra thử + nhập, cho 100.000 dòng", "seconds",
         Target("<", 120, "< 120 s", "docs/petitions-import.md «Speed»")),
)  # fmt: skip

NAIVE = {
    "intake": "gợi ý đơn trùng bằng so sánh vét cạn (dedup.similarity với mọi đơn trong phạm vi)",
    "board": "nạp các hồ sơ đang mở, tính hạn bằng bộ máy tính hạn trong Python, sắp xếp",
    "search": "search_text LIKE '%từ%' cho từng từ (không chỉ mục toàn văn), cùng phạm vi",
    "dashboard": "lấy các dòng rồi đếm, nhóm trong Python",
    "report": "chỉ tiêu đơn thư đếm trong Python trên các dòng của phạm vi báo cáo",
    "classify": "phân loại từng văn bản một (không theo lô), cùng mô hình",
    "dedup": "so mọi cặp văn bản của một mẫu (same_case), 1 tiến trình, ngoại suy",
    "import": "từng dòng qua petition_register trên một mẫu, ngoại suy",
}


# --- Arguments ------------------------------------------------------------------------------------


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        print(f"Tham số không hợp lệ: {message}", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> Parser:
    p = Parser(
        prog="danvan bench run",
        description="Đo hiệu năng các đường nóng của danvan, so với mục tiêu và với cách làm thô.",
    )
    p.add_argument("--db", default="", help="DATABASE_URL (mặc định: biến môi trường hoặc SQLite)")
    size = p.add_mutually_exclusive_group()
    size.add_argument(
        "--scale",
        choices=sorted(SCALES),
        help="quy mô dữ liệu: "
        + ", ".join(f"{k} = {v:,} đơn".replace(",", ".") for k, v in SCALES.items())
        + " và các hồ sơ khác theo mẫu national của `danvan bench generate`, cùng tỉ lệ",
    )
    size.add_argument("--petitions", type=int, help="số đơn thư tối thiểu (thiếu thì sinh thêm)")
    p.add_argument("--only", default="", help="chỉ chạy các phép đo này: " + ",".join(NAMES))
    p.add_argument("--json", default="", help="tệp JSON (mặc định var/bench/bench-<UTC>.json)")
    p.add_argument("--quick", action="store_true", help="mẫu nhỏ: cả bộ chừng 2–3 phút")
    p.add_argument("--province", default="", help="mã tỉnh (mặc định: tỉnh nhiều đơn nhất)")
    p.add_argument("--period", default="", help="kỳ báo cáo 6 tháng, vd 2026-H1")
    p.add_argument("--dedup-n", type=int, default=0, help="số văn bản gom nhóm")
    p.add_argument("--import-rows", type=int, default=0, help="số dòng sổ Excel")
    p.add_argument(
        "--import-db",
        default="scratch",
        help="CSDL cho phép đo nhập sổ: scratch (CSDL tạm, mặc định), same, hoặc một URL",
    )
    p.add_argument("--timeout", type=int, default=0, help="giây tối đa cho mỗi tiến trình con")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--child", default="", help=argparse.SUPPRESS)
    p.add_argument("--variant", default="ours", help=argparse.SUPPRESS)
    p.add_argument("--context", default="", help=argparse.SUPPRESS)
    p.add_argument("--result", default="", help=argparse.SUPPRESS)
    return p


def _selected(only: str, parser: Parser) -> list[str]:
    if not only.strip():
        return list(NAMES)
    wanted = [n.strip() for n in only.split(",") if n.strip()]
    unknown = [n for n in wanted if n not in NAMES]
    if unknown:
        parser.error(
            f"--only: không có phép đo {', '.join(unknown)}; chọn trong {', '.join(NAMES)}"
        )
    return [n for n in NAMES if n in wanted]


# --- The child ----------------------------------------------------------------------------------


def child_main(args: argparse.Namespace) -> int:
    if args.child == "classify":
        # One core: BLAS must be pinned before numpy loads.
        for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[var] = "1"
    ctx = json.loads(Path(args.context).read_text(encoding="utf-8"))
    started = time.perf_counter()
    result: dict[str, Any]
    try:
        django_setup()
        import suite

        profile_to = os.environ.get("DANVAN_BENCH_PROFILE", "")
        if profile_to:  # where a benchmark's time goes: cProfile's stats, one file per child
            import cProfile

            profiler = cProfile.Profile()
            result = profiler.runcall(suite.measure, args.child, args.variant, ctx)
            profiler.dump_stats(f"{profile_to}-{args.child}-{args.variant}.prof")
        else:
            result = suite.measure(args.child, args.variant, ctx)
        result["ok"] = True
    except BaseException as exc:  # reported to the parent, never swallowed
        if isinstance(exc, KeyboardInterrupt):
            raise
        result = {
            "ok": False,
            "error": f"{type(exc).__name__}: {exc}",
            "traceback": traceback.format_exc(),
        }
        print(result["traceback"], file=sys.stderr)
    import resource

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    result.update(
        seconds=time.perf_counter() - started,
        cpu_seconds=cpu_seconds(),
        peak_mb=peak_mb(),
        # Worker processes (dedup) and helper commands (the import's file generator).
        children_cpu_seconds=children.ru_utime + children.ru_stime,
        peak_children_mb=children.ru_maxrss / 1024,
    )
    Path(args.result).write_text(json.dumps(result, default=str), encoding="utf-8")
    return 0 if result["ok"] else 1


# --- The parent: data set -----------------------------------------------------------------------


def _danvan(*command: str, env: dict[str, str] | None = None) -> None:
    """`danvan ...` in a child process, its output on our stderr."""
    full = [sys.executable, "-m", "danvan.cli", *command]
    subprocess.run(full, check=True, env=env, stdout=sys.stderr, cwd=ROOT)


def ensure_installed() -> None:
    from django.core.management import call_command
    from django.db import connection

    from danvan.core.models import AdminUnit

    if connection.vendor == "sqlite":
        Path(str(connection.settings_dict["NAME"])).parent.mkdir(parents=True, exist_ok=True)
    tables = set(connection.introspection.table_names())
    if AdminUnit._meta.db_table not in tables or not AdminUnit.objects.exists():
        say("Cơ sở dữ liệu chưa cài đặt: chạy `danvan install`…")
        connection.close()
        _danvan("install", "--quiet")
    else:
        call_command("migrate", interactive=False, verbosity=0)


# What `danvan bench generate` makes, option -> model counted.
KIND_MODELS = {
    "petitions": "petitions.Petition",
    "sessions": "reception.ReceptionSession",
    "reception": "reception.ReceptionEntry",
    "issues": "monitoring.IssueReport",
    "tasks": "core.Task",
    "models": "practices.PracticeModel",
    "dialogues": "dialogues.Dialogue",
    "alerts": "monitoring.Alert",
}


def wanted_counts(scale: str | None, petitions: int | None) -> dict[str, int]:
    """The rows each kind should have: `--petitions N` asks for petitions only; `--scale` for
    the generator's national preset scaled to the scale's petitions (petitions only with a
    generator that has no presets)."""
    if petitions:
        return {"petitions": petitions}
    if not scale:
        return {}
    target = SCALES[scale]
    try:
        from danvan.benchdata.generate import PRESETS

        national = dict(PRESETS["national"])
    except (ImportError, KeyError):
        return {"petitions": target}
    factor = target / national["petitions"]
    return {k: int(n * factor) for k, n in national.items() if k in KIND_MODELS}


def ensure_data(wanted: dict[str, int]) -> int:
    """Tops the data set up to `wanted` with `danvan bench generate`; the petitions there are."""
    from django.apps import apps
    from django.db import connection

    have = {k: apps.get_model(KIND_MODELS[k]).objects.count() for k in wanted}
    missing = {k: n - have[k] for k, n in wanted.items() if n > have[k]}
    if missing:
        say(
            "Dữ liệu thiếu, sinh thêm bằng `danvan bench generate`: "
            + ", ".join(f"{k} +{vn(n, 0)}" for k, n in missing.items())
        )
        connection.close()
        options = [part for k, n in missing.items() for part in (f"--{k}", str(n))]
        # Another seed than the rows already there, so the texts are new ones.
        seed = have.get("petitions", 0) + 1
        _danvan("bench", "generate", *options, "--seed", str(seed))
        if connection.vendor == "postgresql":
            say("ANALYZE…")
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    return int(apps.get_model(KIND_MODELS["petitions"]).objects.count())


def choose_orgs(province_code: str) -> tuple[Any, Any]:
    """The province People's Committee (given, or the one with the most petitions) and the
    commune People's Committee of that province with the most petitions."""
    from django.db.models import Count

    from danvan.core.models import Organization
    from danvan.petitions.models import Petition

    committees = Organization.objects.filter(kind="ubnd", is_active=True).select_related("area")
    provinces = committees.filter(level="province", area__level="province")
    if province_code:
        province = provinces.filter(area__code=province_code).first()
        if province is None:
            raise SystemExit(f"Không có UBND tỉnh mã {province_code}.")
    else:
        per_org = dict(
            Petition.objects.order_by()
            .values_list("organization_id")
            .annotate(n=Count("id"))
            .values_list("organization_id", "n")
        )
        parent = dict(Organization.objects.values_list("id", "parent_id"))
        totals: dict[int, int] = {}
        for org_id, n in per_org.items():
            top = org_id
            while parent.get(top) is not None:
                top = int(parent[top])
            totals[top] = totals.get(top, 0) + n
        province = max(provinces, key=lambda o: (totals.get(o.pk, 0), -int(o.pk)), default=None)
        if province is None:
            raise SystemExit("Chưa có UBND tỉnh: chạy `danvan bench generate` trước.")
    communes = committees.filter(parent=province, level="commune")
    best = (
        Petition.objects.filter(organization__in=communes)
        .order_by()
        .values("organization_id")
        .annotate(n=Count("id"))
        .order_by("-n", "organization_id")
        .first()
    )
    commune = (
        communes.get(pk=best["organization_id"]) if best else communes.order_by("code").first()
    )
    if commune is None:
        raise SystemExit(f"UBND tỉnh {province.code} không có UBND cấp xã trực thuộc.")
    return province, commune


def prepare_accounts(province: Any, commune: Any) -> dict[str, str]:
    import bench_petitions as bp

    from danvan.core.models import Role

    accounts = {
        "commune_officer": ("bench.canbo", "Cán bộ đo hiệu năng", commune, Role.OFFICER),
        "province_officer": ("bench.canbotinh", "Cán bộ tỉnh đo hiệu năng", province, Role.OFFICER),
        "province_leader": ("bench.lanhdao", "Lãnh đạo đo hiệu năng", province, Role.LEADER),
    }
    for username, full_name, org, role in accounts.values():
        bp.bench_account(username, full_name, org, role)
    return {key: value[0] for key, value in accounts.items()}


def default_period() -> str:
    """The last six-month period that has ended: H1 from July on, else the previous H2."""
    from django.utils import timezone

    today = timezone.localdate()
    return f"{today.year}-H1" if today.month >= 7 else f"{today.year - 1}-H2"


# --- The parent: the import's scratch database --------------------------------------------------


def _with_name(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def _sqlite_remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _sqlite_copy(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite database (WAL included) through the backup API."""
    import sqlite3

    _sqlite_remove(target)
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def import_database(choice: str, main_url: str, var_dir: Path) -> tuple[str, str]:
    """(URL, description) of the database the import benchmark writes to. `scratch`: a fresh
    copy of an installed, empty template (created once with `danvan install`), so the imported
    rows never land in the benchmark database."""
    import dj_database_url

    if choice == "same":
        return main_url, "the benchmark database itself"
    if choice != "scratch":
        return choice, "given with --import-db"
    engine = dj_database_url.parse(main_url)["ENGINE"]
    env = dict(os.environ)
    if engine.endswith("sqlite3"):
        folder = var_dir / "bench"
        folder.mkdir(parents=True, exist_ok=True)
        template, scratch = folder / "import-template.sqlite3", folder / "import-scratch.sqlite3"
        if not template.exists():
            say(f"Tạo CSDL mẫu cho phép đo nhập sổ (một lần): {template}")
            partial = folder / "import-template.part.sqlite3"
            _sqlite_remove(partial)
            _danvan("install", "--quiet", env=env | {"DATABASE_URL": f"sqlite:///{partial}"})
            _sqlite_copy(partial, template)
            _sqlite_remove(partial)
        _sqlite_copy(template, scratch)
        return (
            f"sqlite:///{scratch}",
            f"a fresh SQLite copy of an empty installed database ({scratch})",
        )
    if "postgresql" in engine:
        import psycopg

        name = dj_database_url.parse(main_url)["NAME"]
        template, scratch = f"{name}_import_template", f"{name}_import"
        admin = _with_name(main_url.replace("postgis://", "postgres://"), "postgres")
        with psycopg.connect(admin, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template])
            if exists.fetchone() is None:
                say(f"Tạo CSDL mẫu cho phép đo nhập sổ (một lần): {template}")
                conn.execute(f'CREATE DATABASE "{template}"')
                try:
                    _danvan(
                        "install",
                        "--quiet",
                        env=env | {"DATABASE_URL": _with_name(main_url, template)},
                    )
                except BaseException:
                    conn.execute(f'DROP DATABASE IF EXISTS "{template}"')
                    raise
            conn.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{scratch}" TEMPLATE "{template}"')
        return _with_name(
            main_url, scratch
        ), f"a fresh PostgreSQL copy of an empty installed database ({scratch})"
    return main_url, "the benchmark database itself (no scratch copy for this engine)"


# --- The parent: machine and data set -----------------------------------------------------------


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def machine() -> dict[str, Any]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in _read("/proc/cpuinfo").splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or platform.machine(),
    )
    mem_kb = next(
        (
            int(line.split()[1])
            for line in _read("/proc/meminfo").splitlines()
            if line.startswith("MemTotal:")
        ),
        0,
    )
    os_name = next(
        (
            line.split("=", 1)[1].strip().strip('"')
            for line in _read("/etc/os-release").splitlines()
            if line.startswith("PRETTY_NAME=")
        ),
        "",
    )
    import django

    from danvan.benchdata.host import python_speed_ms

    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    return {
        "cpu_model": cpu,
        "cpu_count": os.cpu_count(),
        "cpus_usable": affinity,
        "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "os": os_name,
        "platform": platform.platform(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        # Which build of it: the same version compiled with or without profile-guided and
        # link-time optimisation differs by about 15 % in CPU (docs/load-test.md).
        "python_executable": os.path.realpath(sys.executable),
        "python_build": str(sysconfig.get_config_var("CONFIG_ARGS") or ""),
        "django": django.get_version(),
        "hostname": platform.node(),
        # The host's own speed (lower is faster): figures of two hosts compare through it.
        "python_speed_ms": python_speed_ms(),
    }


def database() -> dict[str, Any]:
    from django.db import connection

    info: dict[str, Any] = {"vendor": connection.vendor}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            info["version"] = cursor.fetchone()[0]
            cursor.execute("SELECT pg_database_size(current_database())")
            info["size_mb"] = round(cursor.fetchone()[0] / 2**20)
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            info["version"] = cursor.fetchone()[0]
            cursor.execute("PRAGMA journal_mode")
            info["journal_mode"] = cursor.fetchone()[0]
            name = Path(str(connection.settings_dict["NAME"]))
            info["size_mb"] = round(name.stat().st_size / 2**20) if name.exists() else None
    info["name"] = str(connection.settings_dict.get("NAME"))
    info["host"] = connection.settings_dict.get("HOST") or ""
    return info


COUNTED = (
    ("petitions", "petitions.Petition"),
    ("petitioners", "petitions.Petitioner"),
    ("obligations", "core.Obligation"),
    ("tasks", "core.Task"),
    ("reception_sessions", "reception.ReceptionSession"),
    ("reception_entries", "reception.ReceptionEntry"),
    ("dialogues", "dialogues.Dialogue"),
    ("issue_reports", "monitoring.IssueReport"),
    ("alerts", "monitoring.Alert"),
    ("practice_models", "practices.PracticeModel"),
    ("organizations", "core.Organization"),
    ("users", "core.User"),
    ("audit_events", "core.AuditEvent"),
)


def dataset() -> dict[str, int | None]:
    from django.apps import apps

    counts: dict[str, int | None] = {}
    for key, label in COUNTED:
        try:
            counts[key] = apps.get_model(label).objects.count()
        except LookupError:
            counts[key] = None
    return counts


def git() -> dict[str, Any]:
    def out(*args: str) -> str:
        try:
            done = subprocess.run(
                ["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=20
            )
        except (OSError, subprocess.TimeoutExpired):
            return ""
        return done.stdout.strip() if done.returncode == 0 else ""

    return {"commit": out("rev-parse", "HEAD") or None, "dirty": bool(out("status", "--porcelain"))}


def _safe_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        host = parts.hostname or ""
        netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
        return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    return url


# --- The parent: running and reporting ----------------------------------------------------------


def run_child(
    name: str, variant: str, ctx_file: Path, folder: Path, env: dict[str, str], timeout: int
) -> dict[str, Any]:
    result_file = folder / f"{name}-{variant}.json"
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        name,
        "--variant",
        variant,
        "--context",
        str(ctx_file),
        "--result",
        str(result_file),
    ]
    started = time.perf_counter()
    try:
        done = subprocess.run(
            command, env=env, stdout=sys.stderr, cwd=ROOT, timeout=timeout or None
        )
        code = done.returncode
    except subprocess.TimeoutExpired:
        return {
            "ok": False,
            "error": f"quá thời gian {timeout} giây: tiến trình con bị dừng",
            "seconds": time.perf_counter() - started,
        }
    if result_file.exists():
        return dict(json.loads(result_file.read_text(encoding="utf-8")))
    return {
        "ok": False,
        "error": f"tiến trình con kết thúc với mã {code}, không có kết quả",
        "seconds": time.perf_counter() - started,
    }


def vn(x: float, digits: int = 1) -> str:
    """Vietnamese number format: 12.345,6."""
    text = f"{x:,.{digits}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def _value(spec: Spec, figure: dict[str, Any] | None) -> str:
    if not figure:
        return "—"
    if spec.kind == "latency":
        digits = 1 if figure["p50"] >= 10 else 2
        return f"{vn(figure['p50'], digits)} / {vn(figure['p95'], digits)} ms"
    tail = " (ngoại suy)" if figure.get("extrapolated") else ""
    if spec.kind == "rate":
        return f"{vn(figure['value'], 0)} văn bản/s{tail}"
    value = figure["value"]
    return f"{vn(value, 2 if value < 10 else 1)} s{tail}"


def _headline(spec: Spec, figure: dict[str, Any] | None) -> float | None:
    if not figure:
        return None
    return float(figure["p50"] if spec.kind == "latency" else figure["value"])


def _met(spec: Spec, figure: dict[str, Any] | None) -> bool | None:
    if spec.target is None or not figure:
        return None
    value = figure["p95"] if spec.kind == "latency" else figure["value"]
    return bool(value < spec.target.value if spec.target.op == "<" else value >= spec.target.value)


def _ratio(spec: Spec, ours: dict[str, Any] | None, naive: dict[str, Any] | None) -> float | None:
    """How many times better ours is: time naive / ours, or rate ours / naive (p50s)."""
    a, b = _headline(spec, ours), _headline(spec, naive)
    if a is None or b is None or a <= 0 or b <= 0:
        return None
    return b / a if spec.kind != "rate" else a / b


def rows_of(
    specs: list[Spec], results: dict[str, dict[str, Any]], labels: dict[str, str]
) -> list[dict[str, Any]]:
    rows = []
    shown: set[str] = set()
    for spec in specs:
        ours = results[spec.bench].get("ours", {})
        naive = results[spec.bench].get("naive", {})
        mine = (ours.get("figures") or {}).get(spec.fid)
        theirs = (naive.get("figures") or {}).get(spec.fid)
        error = None if ours.get("ok") else str(ours.get("error") or "không có kết quả")
        if error is not None and spec.bench in shown:
            continue  # one error row per benchmark
        shown.add(spec.bench)
        met = _met(spec, mine)
        rows.append(
            {
                "benchmark": spec.bench,
                "figure": spec.fid,
                "label": spec.label.format(**labels).strip(),
                "kind": spec.kind,
                "unit": {"latency": "ms", "seconds": "s", "rate": "texts/s"}[spec.kind],
                "ours": mine,
                "target": None
                if spec.target is None
                else {
                    "text": spec.target.text,
                    "op": spec.target.op,
                    "value": spec.target.value,
                    "ref": spec.target.ref,
                    "met": met,
                },
                "naive": theirs,
                "naive_error": naive.get("error") if not naive.get("ok", True) else None,
                "ratio": _ratio(spec, mine, theirs),
                "peak_mb": {"ours": ours.get("peak_mb"), "naive": naive.get("peak_mb")},
                "error": error,
                "_spec": spec,
            }
        )
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    header = (
        "phép đo",
        "chỉ số",
        "của ta (p50 / p95)",
        "mục tiêu",
        "cách thô",
        "tỉ lệ",
        "RAM đỉnh MB (ta / thô)",
    )
    lines: list[tuple[str, ...]] = [header]
    for row in rows:
        spec: Spec = row["_spec"]
        if row["error"]:
            lines.append((row["benchmark"], "LỖI: " + row["error"][:70], "", "", "", "", ""))
            continue
        target = "—"
        if row["target"]:
            verdict = {True: "đạt", False: "KHÔNG ĐẠT", None: ""}[row["target"]["met"]]
            target = f"{row['target']['text']}: {verdict}"
        naive = (
            _value(spec, row["naive"]) if row["naive"] else ("lỗi" if row["naive_error"] else "—")
        )
        ratio = f"×{vn(row['ratio'], 1)}" if row["ratio"] else "—"
        peak = " / ".join(vn(m, 0) if m else "—" for m in row["peak_mb"].values())
        lines.append(
            (
                row["benchmark"],
                row["label"],
                _value(spec, row["ours"]),
                target,
                naive,
                ratio,
                peak,
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for k, line in enumerate(lines):
        out.append(" | ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)).rstrip())
        if k == 0:
            out.append("-+-".join("-" * w for w in widths))
    return "\n".join(out)


def _loads(values: tuple[float, float, float]) -> str:
    return " / ".join(vn(x, 2) for x in values)


def _same(a: Any, b: Any) -> bool | None:
    if a is None or b is None:
        return None
    return bool(a == b)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.child:
        return child_main(args)
    names = _selected(args.only, parser)
    for option in ("petitions", "dedup_n", "import_rows", "timeout"):
        value = getattr(args, option)
        if (value is not None and value < 0) or (option == "petitions" and value == 0):
            parser.error(f"--{option.replace('_', '-')} phải là số dương")
    if args.db:
        os.environ["DATABASE_URL"] = args.db
    started_at = dt.datetime.now(dt.UTC)
    load_before = os.getloadavg()
    django_setup()
    from django.conf import settings
    from django.db import connection

    if getattr(settings, "PRODUCTION", False):
        print("Không chạy bộ đo hiệu năng khi DANVAN_PRODUCTION=1.", file=sys.stderr)
        return 2
    db_url = str(settings.DATABASE_URL)
    var_dir = Path(settings.VAR_DIR)
    wanted = wanted_counts(args.scale, args.petitions)
    needs_db = any(n not in DATABASE_FREE for n in names)
    context: dict[str, Any] = {"seed": args.seed, "var_dir": str(var_dir), "quick": args.quick}
    if needs_db:
        ensure_installed()
        have = ensure_data(wanted)
        if have == 0 and any(n not in DATABASE_FREE | {"import"} for n in names):
            print(
                "Cơ sở dữ liệu chưa có đơn thư: thêm --scale small (10.000 đơn) hoặc "
                "--petitions N để sinh dữ liệu đo.",
                file=sys.stderr,
            )
            return 2
        if any(n not in DATABASE_FREE | {"import"} for n in names):
            province, commune = choose_orgs(args.province)
            context.update(
                province_org=province.code,
                province_code=province.area.code if province.area else "",
                commune_org=commune.code,
                accounts=prepare_accounts(province, commune),
                period=args.period or default_period(),
            )
    sizes = json.loads(json.dumps(SIZES["quick" if args.quick else "full"]))
    if args.dedup_n:
        sizes["dedup"]["n"] = args.dedup_n
    if args.import_rows:
        sizes["import"]["rows"] = args.import_rows
    context["sizes"] = sizes
    described = {
        "machine": machine(),
        "database": database() | {"url": _safe_url(db_url)},
        "dataset": dataset(),
        "git": git(),
    }
    connection.close()
    env = dict(os.environ) | {"DATABASE_URL": db_url}
    import_env = env
    if "import" in names:
        import_url, label = import_database(args.import_db, db_url, var_dir)
        import_env = env | {"DATABASE_URL": import_url}
        context.update(import_db_label=label, import_db=_safe_url(import_url))
    say(
        f"CSDL {described['database']['vendor']} {described['database'].get('version', '')}, "
        f"{vn(described['dataset']['petitions'] or 0, 0)} đơn thư; phép đo: {', '.join(names)}"
        + (" (--quick)" if args.quick else "")
    )

    results: dict[str, dict[str, Any]] = {}
    path = (
        Path(args.json)
        if args.json
        else (var_dir / "bench" / f"bench-{started_at:%Y%m%dT%H%M%SZ}.json")
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    labels = {
        "dedup_n": vn(sizes["dedup"]["n"], 0),
        "import_rows": vn(sizes["import"]["rows"], 0),
    }

    def write_report(done: list[str], *, complete: bool) -> tuple[list[dict[str, Any]], list[str]]:
        """Write the JSON for the benchmarks in `done`; while the run goes on (`complete`
        false) after each benchmark, so a stopped or crashed run still leaves its figures."""
        rows = rows_of([s for s in SPECS if s.bench in done], results, labels)
        crashed = [n for n in done if not all(r.get("ok") for r in results[n].values())]
        benchmarks = []
        for name in done:
            ours, naive = results[name].get("ours", {}), results[name].get("naive", {})
            benchmarks.append(
                {
                    "name": name,
                    "ok": name not in crashed,
                    "naive_way": NAIVE[name],
                    "same_answer": _same(ours.get("check"), naive.get("check")),
                    "ours": ours,
                    "naive": naive,
                }
            )
        report = {
            "suite": "danvan bench run",
            "format": 1,
            "complete": complete,
            "started_at": started_at.isoformat(timespec="seconds"),
            "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            if complete
            else None,
            "arguments": {
                k: v
                for k, v in vars(args).items()
                if k not in ("child", "variant", "context", "result")
            }
            | {"db": _safe_url(db_url)},
            "load_average": {"before": list(load_before), "after": list(os.getloadavg())},
            **described,
            "context": context,
            "pending": [n for n in names if n not in done],
            "rows": [{k: v for k, v in row.items() if k != "_spec"} for row in rows],
            "benchmarks": benchmarks,
            "crashed": crashed,
        }
        text = json.dumps(report, ensure_ascii=False, indent=1, default=str)
        path.write_text(text, encoding="utf-8")
        return rows, crashed

    with tempfile.TemporaryDirectory(prefix="danvan-bench-") as tmp:
        folder = Path(tmp)
        ctx_file = folder / "context.json"
        ctx_file.write_text(json.dumps(context), encoding="utf-8")
        for i, name in enumerate(names):
            results[name] = {}
            for variant in ("ours", "naive"):
                say(f"== {name} ({'của ta' if variant == 'ours' else 'cách thô'})")
                child_env = import_env if name == "import" else env
                result = run_child(name, variant, ctx_file, folder, child_env, args.timeout)
                results[name][variant] = result
                if not result.get("ok"):
                    say(f"   LỖI: {result.get('error')}")
            if i + 1 < len(names):
                partial, _ = write_report(names[: i + 1], complete=False)
                own = [r for r in partial if r["_spec"].bench == name]
                say(table(own) + f"\n   (đã ghi tạm vào {path})")

    load_after = os.getloadavg()
    rows, crashed = write_report(names, complete=True)
    print(table(rows))
    print()
    db = described["database"]
    print(
        f"Máy: {described['machine']['cpu_model']}, {described['machine']['cpu_count']} CPU, "
        f"{described['machine']['ram_gb']} GB RAM; CSDL {db['vendor']} {db.get('version', '')}; "
        f"{vn(described['dataset']['petitions'] or 0, 0)} đơn thư; tải máy (1/5/15 phút) trước "
        f"{_loads(load_before)}, sau {_loads(load_after)}"
    )
    print("Tỉ lệ: số lần cách của ta nhanh hơn cách thô (theo p50 với độ trễ).")
    for name in names:
        print(f"  cách thô — {name}: {NAIVE[name]}")
    print(f"JSON: {path}")
    if crashed:
        print(f"Phép đo bị lỗi: {', '.join(crashed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
