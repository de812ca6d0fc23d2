"""Figures for the early-warning detection on the configured database.

Runs `alerts_detect_run` twice (the daily job, then the same day again: idempotent) inside a
transaction that is rolled back, so nothing stays behind (no alert, no e-mail). Prints the time
of each phase, the number of queries, the rows the aggregate queries return, the series tested
and the alerts found. Fill the database first: `danvan bench generate --petitions N`.

    .venv/bin/python bench/bench_alerts.py [--as-of YYYY-MM-DD] [--province CODE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.config.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from danvan.monitoring import hotspots  # noqa: E402
from danvan.monitoring.services.alerts import alerts_detect_run, signals_read  # noqa: E402
from danvan.petitions.models import Petition  # noqa: E402


class _Rollback(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--as-of", default="")
    parser.add_argument("--province", default="")
    args = parser.parse_args()
    as_of = dt.date.fromisoformat(args.as_of) if args.as_of else timezone.localdate()
    current = hotspots.week_start(as_of)
    params = hotspots.parameters_on(current)
    start = current - (params.history_weeks + 1) * hotspots.WEEK
    print(f"database: {connection.vendor}; petitions: {Petition.objects.count():,}")
    print(f"as of {as_of}; window read: {start} .. {as_of}")

    t = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        signals = signals_read(
            start=start, end=as_of, as_of=as_of, evaluated=[current - hotspots.WEEK, current]
        )
    print(
        f"read + sum: {time.perf_counter() - t:.2f} s, {len(queries)} queries, "
        f"{len(signals.series):,} series, {signals.dropped:,} records dropped"
    )
    try:
        with transaction.atomic():
            for label in ("first run", "second run"):
                t = time.perf_counter()
                with CaptureQueriesContext(connection) as queries:
                    report = alerts_detect_run(as_of, province_code=args.province or None)
                print(
                    f"{label}: {time.perf_counter() - t:.2f} s, {len(queries)} queries, "
                    f"{report.series_tested:,} series tested, created {report.created}, "
                    f"refreshed {report.refreshed}, suppressed {report.suppressed}, "
                    f"without recipient {report.without_recipient}"
                )
            raise _Rollback
    except _Rollback:
        print("rolled back: nothing stays behind")


if __name__ == "__main__":
    main()
