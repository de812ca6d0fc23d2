"""The benchmarks of `bench/run.py`, each measured "ours" and "naive" in its own process.

A child runs `measure(name, variant, ctx)` and returns a dict:

    {"figures": {figure id: {...}}, "check": <what the two variants must agree on>, ...}

where a figure is either a latency (`n, p50, p95, max, mean` in ms: `_common.latency`) or
`{"value": x, "unit": "s" | "texts/s" | ...}`, with `"extrapolated": true` when it is one.
`ctx` is the parent's context (database, sizes, the organisations and bench accounts chosen).
The figures' labels, targets and ratios are the parent's business (`bench/run.py`).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _common import BENCH_DIR, latency, say, timed, timed_result

Result = dict[str, Any]

SEARCH_QUERIES = (
    "bồi thường tái định cư",
    "nông thôn mới",
    "ô nhiễm môi trường",
    "Nguyễn Thành",
    "quy hoạch treo",
    "phòng học",
)


def _user(username: str) -> Any:
    from danvan.core.models import User

    return User.objects.get(username=username)


def _org(code: str) -> Any:
    from danvan.core.models import Organization

    return Organization.objects.select_related("area", "parent").get(code=code)


def _loop(count: int, work: Callable[[], Any], *, warm: int = 2) -> list[float]:
    for _ in range(warm):
        work()
    return [timed(work) for _ in range(count)]


# --- 1. Intake ----------------------------------------------------------------------------------


def intake(variant: str, ctx: dict[str, Any]) -> Result:
    import bench_petitions as bp
    import naive

    from danvan.petitions.duplicates import duplicate_candidates

    size = ctx["sizes"]["intake"]
    suggest = duplicate_candidates if variant == "ours" else naive.duplicate_candidates
    count = size["registrations"] if variant == "ours" else size["naive_registrations"]
    seed = ctx["seed"] + (0 if variant == "ours" else 1000)
    commune = _org(ctx["commune_org"])
    province = _org(ctx["province_org"])
    officer = _user(ctx["accounts"]["commune_officer"])
    province_officer = _user(ctx["accounts"]["province_officer"])

    # Warm-up (imports, the first queries): two suggestions, not counted.
    for data in bp.petition_inputs(commune, 2, seed + 7):
        bp.suggest_timed(officer.pk, data, int(commune.area_id or 0), suggest)
    whole, suggested, registered = bp.bench_registrations(officer, commune, count, seed, suggest)

    n_province = size["province_suggestions"] if variant == "ours" else size["naive_province"]
    at_province = [
        bp.suggest_timed(province_officer.pk, data, int(commune.area_id or 0), suggest)
        for data in bp.petition_inputs(commune, n_province, seed + 11)
    ]
    return {
        "figures": {
            "intake.register": latency(whole),
            "intake.suggest": latency(suggested),
            "intake.petition_register": latency(registered),
            "intake.suggest_province": latency(at_province),
        },
        "detail": {
            "commune_org": commune.code,
            "province_org": province.code,
            "registered": count,
            "note": "registered petitions stay (bench accounts); the audit log is append-only",
        },
    }


# --- 2. Overdue board ---------------------------------------------------------------------------


def board(variant: str, ctx: dict[str, Any]) -> Result:
    import naive

    from danvan.core.models import User
    from danvan.core.selectors.obligations import obligation_board

    size = ctx["sizes"]["board"]
    figures: dict[str, Any] = {}
    check: dict[str, Any] = {}
    for fid, account, key in (
        ("board.province", ctx["accounts"]["province_officer"], "province"),
        ("board.commune", ctx["accounts"]["commune_officer"], "commune"),
    ):
        user_id = _user(account).pk
        if variant == "ours":

            def one(user_id: int = user_id) -> Any:
                page = obligation_board(user=User.objects.get(pk=user_id), page=1)
                list(page.rows)
                return page

            figures[fid] = latency(_loop(size["count"], one))
            page = one()
            check[key] = {"live": page.count, "rows": len(page.rows)}
        else:
            count = size["naive_" + key]

            def naive_one(user_id: int = user_id) -> Any:
                return naive.board_page(user=User.objects.get(pk=user_id))

            figures[fid] = latency(_loop(count, naive_one, warm=1))
            live, rows = naive_one()
            check[key] = {"live": live, "rows": len(rows)}
    return {"figures": figures, "detail": check}


# --- 3. Search ----------------------------------------------------------------------------------


def search(variant: str, ctx: dict[str, Any]) -> Result:
    """Count + first page of the petition list for six queries: as the province officer sees
    it (`search`), and over the whole register as a national scope would (`search.all`)."""
    import naive

    from danvan.core.models import User
    from danvan.core.pagination import DeferredPaginator
    from danvan.petitions.models import Petition
    from danvan.petitions.search import search_filter
    from danvan.petitions.selectors import PetitionFilters, petition_list

    size = ctx["sizes"]["search"]
    user_id = _user(ctx["accounts"]["province_officer"]).pk

    def page_of(qs: Any) -> tuple[int, list[int]]:  # as the list page and the API page
        page = DeferredPaginator(qs, 30).get_page(1)
        return page.paginator.count, [p.pk for p in page.object_list]

    def ours(q: str) -> tuple[int, list[int]]:
        user = User.objects.get(pk=user_id)
        return page_of(petition_list(user=user, filters=PetitionFilters(q=q)))

    def ours_all(q: str) -> tuple[int, list[int]]:
        return page_of(search_filter(Petition.objects.order_by("-received_on", "-id"), q))

    def theirs(q: str) -> tuple[int, list[int]]:
        return naive.search_page(user=User.objects.get(pk=user_id), q=q)

    def theirs_all(q: str) -> tuple[int, list[int]]:
        return naive.search_all_page(q=q)

    rounds = size["rounds"] if variant == "ours" else size["naive_rounds"]
    figures: dict[str, Any] = {}
    detail: dict[str, Any] = {"queries": list(SEARCH_QUERIES), "page_size": 30}
    for fid, work in (
        ("search", ours if variant == "ours" else theirs),
        ("search.all", ours_all if variant == "ours" else theirs_all),
    ):
        # Warm-up, and what each query finds.
        matches = {q: work(q)[0] for q in SEARCH_QUERIES}
        per_query: dict[str, list[float]] = {q: [] for q in SEARCH_QUERIES}
        for _ in range(rounds):
            for q in SEARCH_QUERIES:
                per_query[q].append(timed(lambda q=q, work=work: work(q)))
        figures[fid] = latency([t for values in per_query.values() for t in values])
        detail[fid] = {
            "matches": matches,
            "per_query": {q: latency(values) for q, values in per_query.items()},
        }
    detail["matches"] = detail["search"]["matches"]
    return {"figures": figures, "detail": detail}


# --- 4. Dashboard -------------------------------------------------------------------------------


def _dashboard_ours(user: Any, code: str) -> dict[str, Any]:
    from danvan.monitoring.selectors import dashboard as sel

    territory = sel.province_territory(code)
    scope: dict[str, Any] = {"user": user, "province_code": code, "territory": territory}
    counts = sel.dashboard_commune_counts(**scope)
    trends = sel.dashboard_trends(**scope)
    kpis = sel.dashboard_kpis(**scope)
    pressing = sel.dashboard_pressing(limit=10, **scope)
    communes: dict[str, int] = {}
    for c in counts.communes.values():
        if c.open_reports:
            communes[f"{c.code}:reports"] = c.open_reports
        if c.open_alerts:
            communes[f"{c.code}:alerts"] = c.open_alerts
    series: dict[str, int] = {}
    for t in trends.topics:
        for attr in ("petitions", "reports"):
            for i, n in enumerate(getattr(t, attr)):
                if n:
                    series[f"{attr}|{i}|{t.code}"] = n
    return {
        "kpis": [kpis.open_reports, kpis.open_alerts, kpis.sensitive, kpis.severity_4],
        "communes": communes,
        "trends": series,
        "pressing": [r.pk for r in pressing],
    }


def dashboard(variant: str, ctx: dict[str, Any]) -> Result:
    import naive

    from danvan.core.models import User

    size = ctx["sizes"]["dashboard"]
    user_id = _user(ctx["accounts"]["province_leader"]).pk
    code = ctx["province_code"]

    def ours() -> dict[str, Any]:
        return _dashboard_ours(User.objects.get(pk=user_id), code)

    def theirs() -> dict[str, Any]:
        out = naive.dashboard(user=User.objects.get(pk=user_id), province_code=code)
        out["kpis"] = list(out["kpis"])
        out["trends"] = {f"{k[0]}|{k[1]}|{k[2]}": n for k, n in out["trends"].items()}
        return out

    work = ours if variant == "ours" else theirs
    count = size["count"] if variant == "ours" else size["naive_count"]
    times = _loop(count, work, warm=1)
    answer = work()
    return {
        "figures": {"dashboard": latency(times)},
        "check": answer,
        "detail": {
            "province": code,
            "kpis": answer["kpis"],
            "petitions_in_trends": sum(
                n for k, n in answer["trends"].items() if k.startswith("petitions")
            ),
        },
    }


# --- 5. The six-month report --------------------------------------------------------------------


def _period(ctx: dict[str, Any]) -> Any:
    from danvan.reports.indicators import windows_config
    from danvan.reports.periods import period_parse

    return period_parse("six-month", ctx["period"], int(windows_config()["cut_day"]))


def report(variant: str, ctx: dict[str, Any]) -> Result:
    import naive
    from django.db import connections

    from danvan.reports.indicators import Window, coverage_for, figures_compute

    size = ctx["sizes"]["report"]
    org = _org(ctx["province_org"])
    period = _period(ctx)
    window = Window(period.start, period.end)
    coverage = coverage_for(org)
    compute: Callable[[], Any] = (
        (lambda: figures_compute(coverage, window))
        if variant == "ours"
        else (lambda: naive.report_figures(coverage, window))
    )
    connections.close_all()  # the first call in a fresh connection ("cold")
    cold, values = timed_result(compute)
    repeat = size["repeat"] if variant == "ours" else size["naive_repeat"]
    warm = [timed(compute) for _ in range(repeat)]
    figures: dict[str, Any] = {
        "report.figures_cold": {"value": cold, "unit": "s"},
        "report.figures": latency(warm),
    }
    detail: dict[str, Any] = {
        "organization": org.code,
        "period": period.code,
        "window": [period.start.isoformat(), period.end.isoformat()],
        "organizations_covered": len(coverage.organization_ids),
    }
    if variant == "ours":
        from danvan.reports.build import report_file
        from danvan.reports.services import report_for_cli

        built, _unsaved = report_for_cli(
            organization=org, kind="six-month", period_code=period.code
        )
        connections.close_all()
        first, docx = timed_result(lambda: report_file(built, "docx"))
        connections.close_all()
        again = timed(lambda: report_file(built, "docx"))
        figures["report.docx_first"] = {"value": first, "unit": "s"}
        figures["report.docx"] = {"value": again, "unit": "s"}
        detail["docx_bytes"] = len(docx.data)
    return {
        "figures": figures,
        "check": {k: (str(v) if v is not None else None) for k, v in values.items()},
        "detail": detail,
    }


# --- 6. Classifier ------------------------------------------------------------------------------


def classify(variant: str, ctx: dict[str, Any]) -> Result:
    import bench_classify as bc

    from danvan.monitoring.classifier import model_path
    from danvan.text import classify as clf

    size = ctx["sizes"]["classify"]
    bc.one_core()
    texts, labels, codes = bc.training_set()
    path = model_path()
    if path.exists():
        model, origin = clf.load(path), f"loaded from {path}"
    else:
        model, seconds = bc.train_timed(texts, labels, codes)
        origin = f"trained here in {seconds:.1f} s (no model file at {path})"
    sample = bc.mixed_texts(texts, labels, size["texts"], ctx["seed"])
    if variant == "ours":
        rate = bc.predict_rate(model, sample, cold=True)
        warm = bc.predict_rate(model, sample, cold=False)
        figures = {
            "classify": {"value": rate, "unit": "texts/s"},
            "classify.warm": {"value": warm, "unit": "texts/s"},
        }
    else:
        part = sample[: size["naive_texts"]]
        model._char_cache.clear()
        seconds = timed(lambda: [clf.predict(model, [t]) for t in part])
        figures = {"classify": {"value": len(part) / seconds, "unit": "texts/s"}}
    return {
        "figures": figures,
        "detail": {
            "model": origin,
            "texts": len(sample) if variant == "ours" else size["naive_texts"],
            "mean_chars": round(sum(len(t) for t in sample) / len(sample)),
            "cpu": "pinned to one core, BLAS one thread",
        },
    }


# --- 7. Near-duplicate clustering ---------------------------------------------------------------


def dedup(variant: str, ctx: dict[str, Any]) -> Result:
    import bench_dedup as bd
    import naive

    from danvan.text.cluster import default_workers

    size = ctx["sizes"]["dedup"]
    n = size["n"]
    if variant == "ours":
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "texts.tsv")
            _counts, cases = bd.write_texts(path, n, ctx["seed"])
            result = bd.cluster_file(path, default_workers(), cases)
        seconds = result["seconds"]
        return {
            "figures": {
                "dedup.cluster": {"value": seconds, "unit": "s"},
                "dedup.per_million": {
                    "value": seconds * 1_000_000 / n,
                    "unit": "s",
                    "extrapolated": n != 1_000_000,
                },
            },
            "detail": {k: v for k, v in result.items() if k != "steps"}
            | {"steps": result["steps"]},
        }
    texts = list(bd.generate(size["naive_sample"], ctx["seed"]))
    sample = naive.dedup_pairs(texts)
    return {
        "figures": {
            "dedup.cluster": {
                "value": naive.dedup_extrapolate(sample, n),
                "unit": "s",
                "extrapolated": True,
            },
            "dedup.per_million": {
                "value": naive.dedup_extrapolate(sample, 1_000_000),
                "unit": "s",
                "extrapolated": True,
            },
        },
        "detail": sample | {"workers": 1, "extrapolated_from": len(texts)},
    }


# --- 8. Register import -------------------------------------------------------------------------


def _register_file(ctx: dict[str, Any], rows: int) -> Path:
    """The generated register of `rows` rows (kept under var/bench/ for the next runs)."""
    folder = Path(ctx["var_dir"]) / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"register-{rows}.xlsx"
    if not path.exists():
        say(f"  tạo sổ đơn Excel {rows} dòng: {path}")
        partial = path.with_suffix(".part.xlsx")
        command = [sys.executable, str(BENCH_DIR / "bench_import.py"), "generate",
                   "--rows", str(rows), "--file", str(partial)]  # fmt: skip
        subprocess.run(command, check=True, stdout=sys.stderr)
        partial.replace(path)
    return path


def import_(variant: str, ctx: dict[str, Any]) -> Result:
    import bench_import as bi

    size = ctx["sizes"]["import"]
    rows = size["rows"]
    path = _register_file(ctx, rows)
    if variant == "ours":
        f = bi.measure(path, None)
        return {
            "figures": {
                "import.check": {"value": f["check_s"], "unit": "s"},
                "import.import": {"value": f["import_s"], "unit": "s"},
                "import.total": {"value": f["total_s"], "unit": "s"},
                "import.per_100k": {
                    "value": f["total_s"] * 100_000 / max(f["rows"], 1),
                    "unit": "s",
                    "extrapolated": f["rows"] != 100_000,
                },
            },
            "detail": f | {"file": str(path), "database": ctx["import_db_label"]},
        }
    import bench_petitions as bp
    import naive

    from danvan.core.models import Role

    org = bi.province_org(None)
    actor = bp.bench_account("bench.nhapso", "Cán bộ nhập sổ đo hiệu năng", org, Role.OFFICER)
    started = time.perf_counter()
    sample = naive.import_rows(path=path, organization=org, actor=actor, limit=size["naive_rows"])
    elapsed = time.perf_counter() - started
    per_row = elapsed / max(sample["rows"], 1)
    return {
        "figures": {
            "import.import": {"value": per_row * rows, "unit": "s", "extrapolated": True},
            "import.total": {"value": per_row * rows, "unit": "s", "extrapolated": True},
            "import.per_100k": {"value": per_row * 100_000, "unit": "s", "extrapolated": True},
        },
        "detail": sample
        | {"seconds": elapsed, "per_row_ms": per_row * 1000, "database": ctx["import_db_label"]},
    }


MEASURES: dict[str, Callable[[str, dict[str, Any]], Result]] = {
    "intake": intake,
    "board": board,
    "search": search,
    "dashboard": dashboard,
    "report": report,
    "classify": classify,
    "dedup": dedup,
    "import": import_,
}


def measure(name: str, variant: str, ctx: dict[str, Any]) -> Result:
    random.seed(ctx["seed"])
    return MEASURES[name](variant, ctx)
