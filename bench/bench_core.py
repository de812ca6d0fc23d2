"""Figures for the foundation's hot paths: text folding, deadline computation, unit search.

Prints one line per measurement: what, how many, total seconds, per-item microseconds.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import time
from collections.abc import Callable

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.config.settings")

import django

django.setup()

from danvan.core.selectors.calendar import deadline_engine  # noqa: E402
from danvan.core.selectors.units import admin_unit_search  # noqa: E402
from danvan.text import fold, normalize  # noqa: E402

SAMPLE = (
    "Đơn khiếu nại của bà Hồ Thị Thuỷ, thôn A Vao, xã Đakrông, tỉnh Quảng Trị về việc bồi thường "
    "giải phóng mặt bằng khi thu hồi đất làm đường Hồ Chí Minh nhánh Tây; đề nghị xem xét lại."
)


def measure(label: str, count: int, work: Callable[[], object]) -> None:
    start = time.perf_counter()
    for _ in range(count):
        work()
    total = time.perf_counter() - start
    print(f"{label:<45} n={count:>7}  total={total:8.3f}s  per={total / count * 1e6:10.1f}µs")


def main() -> None:
    random.seed(7)
    measure("fold (180-char petition summary)", 20_000, lambda: fold(SAMPLE))
    measure("normalize (tone marks)", 20_000, lambda: normalize(SAMPLE))

    engine = deadline_engine()
    rules = engine.rule_ids()
    starts = [dt.date(2025, 1, 1) + dt.timedelta(days=random.randrange(700)) for _ in range(5000)]
    dates = iter(starts * 10)

    def one_deadline() -> object:
        start = next(dates)
        rule = rules[start.toordinal() % len(rules)]
        if rule == "complaint.dialogue_notice" and start < dt.date(2026, 7, 1):
            start = dt.date(2026, 7, 1) + (start - dt.date(2025, 1, 1))
        return engine.compute(rule_id=rule, start=start)

    measure("deadline (engine built once, mixed rules)", 20_000, one_deadline)
    measure("deadline_engine() build (2 queries)", 50, deadline_engine)

    queries = ["duong", "hoa", "dak", "quang tri", "phuong 1", "ia", "thanh", "xuan"]
    qs = iter(queries * 100)
    measure(
        "admin_unit_search first 20 (folded LIKE)",
        400,
        lambda: list(admin_unit_search(q=next(qs))[:20]),
    )


if __name__ == "__main__":
    main()
