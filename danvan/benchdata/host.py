"""The host's own speed, written beside every benchmark's and load test's figures.

Two runs of the same code on two hosts of the same kind (2 vCPU) have differed by a factor of
two: a case page took 10 ms of CPU on one and 23 ms on another. `python_speed_ms` times one
fixed piece of pure Python (integer arithmetic, string formatting, dictionary updates: what a
Django request does most) on this process's CPU clock, so that figures from different hosts can
be set side by side (docs/load-test.md, docs/performance.md). Lower is faster. It reads no file
and no database, and is measured before the server starts.
"""

from __future__ import annotations

import statistics
import time

# Iterations of the fixed work: about 0.1 s on the hosts seen so far.
_WORK_SIZE = 200_000


def _work(size: int) -> int:
    total = 0
    seen: dict[str, int] = {}
    for i in range(size):
        total += i * i % 7
        key = f"k{i % 1000}"
        seen[key] = seen.get(key, 0) + 1
    return total + len(seen)


def python_speed_ms(rounds: int = 5, size: int = _WORK_SIZE) -> float:
    """Milliseconds of CPU for the fixed work: the median of `rounds` runs, after one warm-up."""
    if rounds < 1 or size < 1:
        raise ValueError("python_speed_ms: rounds and size must be at least 1")
    _work(size)
    times = []
    for _ in range(rounds):
        start = time.process_time()
        _work(size)
        times.append(time.process_time() - start)
    return round(statistics.median(times) * 1000, 1)
