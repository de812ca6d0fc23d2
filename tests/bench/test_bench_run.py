"""`bench/run.py` (`danvan bench run`): the suite runs its benchmarks in child processes, prints
a table and writes JSON with the machine's description. Smoke test on a tiny SQLite database
(installed and filled with 300 generated petitions by the runner itself); no time is asserted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUN = ROOT / "bench" / "run.py"


def _run(args: list[str], var_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DANVAN_VAR_DIR"] = str(var_dir)
    return subprocess.run(
        [sys.executable, str(RUN), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
    )


@pytest.fixture(scope="module")
def suite_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("bench-run")
    out = folder / "out.json"
    done = _run(
        [
            "--db",
            f"sqlite:///{folder / 'bench.sqlite3'}",
            "--quick",
            "--petitions",
            "300",
            "--only",
            "search,board",
            "--json",
            str(out),
        ],
        folder / "var",
    )
    return {"done": done, "json": json.loads(out.read_text(encoding="utf-8"))}


def _positive(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0


def test_run_exits_zero_and_prints_the_table(suite_run: dict[str, Any]) -> None:
    done = suite_run["done"]

    assert done.returncode == 0, done.stderr[-3000:]
    assert "phép đo" in done.stdout and "cách thô" in done.stdout
    assert "bảng hạn xử lý" in done.stdout and "tìm đơn" in done.stdout
    # The first benchmark's rows are shown and written as soon as it is done, not at the end.
    first, _, rest = done.stderr.partition("(đã ghi tạm vào")
    assert "bảng hạn xử lý" in first and "== search" not in first and "== search" in rest


def test_json_describes_the_machine_the_database_and_the_data_set(
    suite_run: dict[str, Any],
) -> None:
    report = suite_run["json"]

    assert report["suite"] == "danvan bench run"
    for key in ("cpu_model", "cpu_count", "ram_gb", "os", "python", "django"):
        assert report["machine"][key], key
    assert report["machine"]["python_speed_ms"] > 0  # the host's speed, to compare hosts
    assert Path(report["machine"]["python_executable"]).is_file()  # which build of Python
    assert isinstance(report["machine"]["python_build"], str)
    assert report["database"]["vendor"] == "sqlite"
    assert report["database"]["version"]
    assert report["dataset"]["petitions"] >= 300
    assert len(report["load_average"]["before"]) == 3
    assert len(report["load_average"]["after"]) == 3
    assert report["started_at"] <= report["finished_at"]
    assert "commit" in report["git"]
    assert report["crashed"] == []
    assert report["complete"] is True and report["pending"] == []


def test_only_the_chosen_benchmarks_ran_each_with_positive_figures(
    suite_run: dict[str, Any],
) -> None:
    report = suite_run["json"]
    rows = {row["figure"]: row for row in report["rows"]}

    assert [b["name"] for b in report["benchmarks"]] == ["board", "search"]
    assert set(rows) == {"board.province", "board.commune", "search", "search.all"}
    for fid, row in rows.items():
        assert row["error"] is None, fid
        for side in ("ours", "naive"):
            figure = row[side]
            assert figure["n"] >= 1, (fid, side)
            assert _positive(figure["p50"]) and _positive(figure["p95"]), (fid, side)
            assert figure["p50"] <= figure["p95"] <= figure["max"], (fid, side)
            assert _positive(row["peak_mb"][side]), (fid, side)
        assert _positive(row["ratio"]), fid
    assert rows["board.province"]["target"]["value"] == 100
    assert rows["board.province"]["target"]["met"] in (True, False)
    assert rows["search"]["target"] is None


def test_each_benchmark_ran_in_its_own_process_with_its_own_peak_memory(
    suite_run: dict[str, Any],
) -> None:
    for bench in suite_run["json"]["benchmarks"]:
        assert bench["ok"], bench["name"]
        for side in ("ours", "naive"):
            child = bench[side]
            assert child["ok"]
            assert _positive(child["peak_mb"]) and _positive(child["seconds"])


def test_search_reports_what_each_query_found_by_both_ways(suite_run: dict[str, Any]) -> None:
    search = next(b for b in suite_run["json"]["benchmarks"] if b["name"] == "search")

    for fid in ("search", "search.all"):
        ours = search["ours"]["detail"][fid]["matches"]
        naive = search["naive"]["detail"][fid]["matches"]
        assert set(ours) == set(naive) == set(search["ours"]["detail"]["queries"])
        # LIKE '%token%' matches inside words too: never fewer cases than the word-prefix index.
        assert all(naive[q] >= ours[q] for q in ours), fid
    scoped = search["ours"]["detail"]["search"]["matches"]
    everywhere = search["ours"]["detail"]["search.all"]["matches"]
    assert all(everywhere[q] >= scoped[q] for q in scoped)


@pytest.mark.parametrize(
    "args",
    [["--only", "nothing"], ["--scale", "galaxy"], ["--petitions", "0"], ["--scale", "small",
     "--petitions", "5"]],
)  # fmt: skip
def test_bad_arguments_exit_with_status_2_and_a_vietnamese_message(
    args: list[str], tmp_path: Path
) -> None:
    done = _run(args, tmp_path)

    assert done.returncode == 2
    assert "Tham số không hợp lệ" in done.stderr
