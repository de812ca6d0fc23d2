"""`danvan worker`: run the background tasks of whichever queue is configured.

The database queue (django-tasks-db, the default) is run by its `db_worker`; the Redis queue
(`DANVAN_TASKS=redis`, django-tasks-rq) by an RQ worker that forks one process per task, so a
task that crashes or leaks memory never takes the worker down and a task running longer than
`DANVAN_TASK_TIMEOUT` is stopped. Several workers, on one machine or several, may share either
queue.

Besides running queued tasks, a long-running worker is the daily clock: it enqueues the deadline
reminders (`core.tasks.obligation_reminders_task`) and the other daily jobs when it starts and
then every day at `DANVAN_REMINDER_HOUR` (local time, default 7). The jobs are idempotent, so a
restart, or several workers, never send the same reminder twice. `--batch` runs never schedule
anything.
"""

from __future__ import annotations

import datetime as dt
import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connection
from django.utils import timezone

logger = logging.getLogger(__name__)

RQ_BACKEND = "django_tasks_rq.RQBackend"


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


def uses_redis_queue() -> bool:
    """Does the default task backend keep its queue in Redis (django-tasks-rq)?"""
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS

    backend = str(settings.TASKS.get(DEFAULT_TASK_BACKEND_ALIAS, {}).get("BACKEND", ""))
    return backend == RQ_BACKEND


def redis_url_for_humans(url: str) -> str:
    """The Redis address without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    host = f"[{host}]" if ":" in host else host
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def _rq_queue_names() -> list[str]:
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

    return sorted(task_backends[DEFAULT_TASK_BACKEND_ALIAS].queues) or ["default"]


def rq_connection_check(queue_names: list[str]) -> None:
    """Refuse to start, in Vietnamese, when the queues' Redis does not answer."""
    import django_rq
    from redis.exceptions import RedisError

    for name in queue_names:
        config = settings.RQ_QUEUES.get(name)
        if config is None:
            raise CommandError(
                f"Hàng đợi việc nền '{name}' chưa có trong RQ_QUEUES: kiểm tra cấu hình TASKS.",
                returncode=2,
            )
        where = redis_url_for_humans(str(config.get("URL", "")))
        try:
            django_rq.get_connection(name).ping()
        except RedisError as exc:
            raise CommandError(
                f"Không kết nối được Redis của hàng đợi việc nền tại {where} ({exc}). "
                "Kiểm tra DANVAN_REDIS_URL và dịch vụ redis-server, rồi chạy lại."
            ) from exc


@contextmanager
def _signal_handlers_restored() -> Iterator[None]:
    # The RQ worker installs its own SIGINT/SIGTERM handlers (warm, then cold shutdown); a
    # `--batch` run inside another program (the tests, `call_command`) must not leave them behind.
    in_main_thread = threading.current_thread() is threading.main_thread()
    saved = (
        {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)} if in_main_thread else {}
    )
    try:
        yield
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)


def run_rq_worker(*, batch: bool, max_tasks: int | None, verbosity: int) -> None:
    """Run the Redis queue with the job class of django-tasks-rq and RQ's scheduler (tasks deferred
    with `run_after`): `--batch` in this process until the queue is empty (`rqworker --burst
    --worker-class rq.SimpleWorker`), otherwise a worker forking one process per task
    (`rqworker --with-scheduler --job-class django_tasks_rq.Job`)."""
    import django_rq
    from django_rq.utils import reset_db_connections
    from django_tasks_rq import Job

    queue_names = _rq_queue_names()
    rq_connection_check(queue_names)
    level = "DEBUG" if verbosity >= 2 else "WARNING" if verbosity == 0 else "INFO"
    # django-tasks-rq enqueues without a result TTL: the worker's default (RQ's is 500 s) applies.
    result_ttl: Any = settings.RQ_QUEUES[queue_names[0]].get("DEFAULT_RESULT_TTL")
    extra: dict[str, Any] = {"default_result_ttl": int(result_ttl)} if result_ttl else {}
    worker = django_rq.get_worker(
        *queue_names,
        job_class=Job,
        worker_class="rq.SimpleWorker" if batch else "rq.Worker",
        **extra,
    )
    if not batch:
        # Each task runs in a forked process: it must not share this process's connections.
        reset_db_connections()
    with _signal_handlers_restored():
        worker.work(burst=batch, with_scheduler=True, logging_level=level, max_jobs=max_tasks)


class Command(BaseCommand):
    help = "Chạy tiến trình thực hiện việc nền (hàng đợi trong cơ sở dữ liệu hoặc trong Redis)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="giây giữa hai lần kiểm tra (hàng đợi trong cơ sở dữ liệu)",
        )
        parser.add_argument("--batch", action="store_true", help="chạy hết việc đang chờ rồi thoát")
        parser.add_argument("--max-tasks", type=int, default=None, help="thoát sau N việc")
        parser.add_argument(
            "--no-reminders",
            action="store_true",
            help="không tự xếp lịch gửi thư nhắc hạn hằng ngày",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        redis_queue = uses_redis_queue()
        if redis_queue:
            # Before the daily clock starts: nothing is enqueued into a Redis that is not there.
            rq_connection_check(_rq_queue_names())
        stop = threading.Event()
        if not (options["batch"] or options["no_reminders"]):
            hour = min(max(int(getattr(settings, "DANVAN_REMINDER_HOUR", 7)), 0), 23)
            threading.Thread(
                target=_daily, args=(stop, hour), name="danvan-daily", daemon=True
            ).start()
        try:
            if redis_queue:
                run_rq_worker(
                    batch=options["batch"],
                    max_tasks=options["max_tasks"] or None,
                    verbosity=options["verbosity"],
                )
            else:
                extra: dict[str, Any] = {
                    "interval": options["interval"],
                    "verbosity": options["verbosity"],
                }
                if options["batch"]:
                    extra["batch"] = True
                if options["max_tasks"]:
                    extra["max_tasks"] = options["max_tasks"]
                call_command("db_worker", **extra)
        finally:
            stop.set()
