"""`danvan worker`: run the background-task worker (django-tasks database backend).

Besides running queued tasks, a long-running worker is the daily clock: it enqueues the deadline
reminders (`core.tasks.obligation_reminders_task`) when it starts and then every day at
`DANVAN_REMINDER_HOUR` (local time, default 7). The reminders are idempotent, so a restart, or
several workers, never send the same reminder twice. `--batch` runs never schedule anything.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django.utils import timezone

logger = logging.getLogger(__name__)


def next_daily_run(now: dt.datetime, hour: int) -> dt.datetime:
    """The next moment, strictly after `now` (aware, local), at `hour`:00 local time."""
    at = now.replace(hour=hour, minute=0, second=0, microsecond=0)
    if at <= now:
        at += dt.timedelta(days=1)  # wall-clock arithmetic: the same hour tomorrow
    return at


def _enqueue_reminders() -> None:
    """The daily jobs: deadline reminders, the retention of personal data, and the jobs apps
    registered (`core.tasks.daily_job_register`: early-warning detection, entity indexing)."""
    from danvan.core.tasks import daily_jobs

    close_old_connections()
    try:
        for job in daily_jobs():
            try:
                job.enqueue()
            except Exception:  # the worker must keep running tasks whatever happens here
                logger.exception("Could not enqueue the daily job %s", job.name)
    finally:
        connection.close()


def _daily(stop: threading.Event, hour: int) -> None:
    _enqueue_reminders()
    while True:
        now = timezone.localtime()
        wait = (next_daily_run(now, hour) - now).total_seconds()
        if stop.wait(max(wait, 1.0)):
            return
        _enqueue_reminders()


class Command(BaseCommand):
    help = "Chạy tiến trình thực hiện việc nền (hàng đợi trong cơ sở dữ liệu)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--interval", type=float, default=1.0, help="giây giữa hai lần kiểm tra"
        )
        parser.add_argument("--batch", action="store_true", help="chạy hết việc đang chờ rồi thoát")
        parser.add_argument("--max-tasks", type=int, default=None, help="thoát sau N việc")
        parser.add_argument(
            "--no-reminders",
            action="store_true",
            help="không tự xếp lịch gửi thư nhắc hạn hằng ngày",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        extra: dict[str, Any] = {"interval": options["interval"], "verbosity": options["verbosity"]}
        if options["batch"]:
            extra["batch"] = True
        if options["max_tasks"]:
            extra["max_tasks"] = options["max_tasks"]
        stop = threading.Event()
        if not (options["batch"] or options["no_reminders"]):
            hour = min(max(int(getattr(settings, "DANVAN_REMINDER_HOUR", 7)), 0), 23)
            threading.Thread(
                target=_daily, args=(stop, hour), name="danvan-daily", daemon=True
            ).start()
        try:
            call_command("db_worker", **extra)
        finally:
            stop.set()
