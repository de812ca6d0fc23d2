"""Small helpers the benchmark scripts share: timing, percentiles, memory, Django start-up.

No Django import at module level: `bench/run.py` imports this before it knows the database.
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent


def percentile(values: list[float], p: float) -> float:
    """The value at rank p (nearest rank on the sorted values, as the bench scripts report)."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def timed(work: Callable[[], Any]) -> float:
    """Seconds `work()` took (perf_counter)."""
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def timed_result(work: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def latency(seconds: list[float]) -> dict[str, float]:
    """n, p50, p95, max and mean in milliseconds of a list of durations in seconds."""
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "p50": round(percentile(ms, 50), 3),
        "p95": round(percentile(ms, 95), 3),
        "max": round(max(ms), 3),
        "mean": round(statistics.fmean(ms), 3),
    }


def peak_mb() -> float:
    """Peak resident memory of this process so far (ru_maxrss, KiB on Linux), in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """User + system CPU seconds of this process (a loaded machine distorts it least)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def say(text: str) -> None:
    """Progress for the person watching: on stderr, so stdout stays the table."""
    print(text, file=sys.stderr, flush=True)


def django_setup(database_url: str | None = None) -> None:
    """Point Django at `database_url` (when given) and set it up (once per process)."""
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.config.settings")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def import_job_upload(path: Path, organization_id: int) -> Any:
    """A register import of the file `path` for the organisation, uploaded as an officer's
    browser would (no actor: the benchmark's own job), ready for its dry run."""
    from danvan.petitions.imports import run

    with path.open("rb") as fh:
        return run.register_import_create(
            actor=None,
            upload=fh,
            file_name=path.name,
            size=path.stat().st_size,
            organization_id=organization_id,
        )
