"""The Redis task queue (DANVAN_TASKS=redis): real tasks go through a real Redis and `danvan
worker` runs them.

The tests use their own Redis database (DANVAN_TEST_REDIS_URL, default 127.0.0.1:6379/15) and
flush only that one. Without a Redis they are skipped, except in CI (CI=true), where they fail.
"""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tasks import TaskResultStatus, task_backends

from danvan.core.management.commands.worker import redis_url_for_humans
from danvan.core.models import AuditVerification, Role
from danvan.core.services.audit import audit_record, audit_verification_request
from danvan.core.tasks import audit_chain_verify_task, ping
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

REDIS_URL = os.environ.get("DANVAN_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
LOCK_FILE = Path(tempfile.gettempdir()) / "danvan-test-redis.lock"
RQ_TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
ROOT = Path(__file__).resolve().parents[2]


def redis_or_skip() -> None:
    """Skip when no Redis answers at REDIS_URL; in CI a missing Redis is a failure."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        reason = f"no Redis at {redis_url_for_humans(REDIS_URL)} ({exc})"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}: CI needs a Redis for the task-queue tests")
        pytest.skip(reason)


def flush_test_redis() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()  # only the tests' database number


@contextmanager
def held_test_redis() -> Iterator[None]:
    """The tests' Redis database, empty, for this test alone: two test runs on one machine (a
    developer's beside CI) would otherwise flush each other's queued jobs. A file lock, not a
    Redis key: flushing the database would delete the key."""
    redis_or_skip()
    with open(LOCK_FILE, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            flush_test_redis()
            yield
        finally:
            flush_test_redis()
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture
def rq_queue(settings) -> Iterator[None]:  # type: ignore[no-untyped-def]
    with held_test_redis():
        settings.RQ_QUEUES = {
            "default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600, "DEFAULT_RESULT_TTL": 3600}
        }
        settings.TASKS = RQ_TASKS
        yield


def _user(role: str):  # type: ignore[no-untyped-def]
    user = UserFactory()
    MembershipFactory(user=user, organization=OrganizationFactory(), role=role)
    return user


@pytest.mark.django_db(transaction=True)
def test_ping_goes_through_redis_and_the_worker_records_its_result(rq_queue: None) -> None:
    # given a task enqueued on the Redis queue
    assert type(task_backends["default"]).__name__ == "RQBackend"
    result = ping.enqueue()
    assert result.status == TaskResultStatus.READY
    # when a worker empties the queue
    call_command("worker", "--batch", verbosity=0)
    # then the result, read back from Redis, is the task's
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == "pong"
    assert result.worker_ids


@pytest.mark.django_db(transaction=True)
def test_audit_check_asked_by_an_inspector_runs_on_the_redis_queue(rq_queue: None) -> None:
    # given an inspector asking for an integrity check (the service enqueues after commit)
    inspector = _user(Role.INSPECTOR)
    audit_record(actor=inspector, verb="test.event", target=inspector, changes={"x": (1, 2)})
    verification = audit_verification_request(actor=inspector)
    assert verification.status == AuditVerification.Status.QUEUED
    import django_rq

    assert django_rq.get_queue("default").count == 1
    # when the worker runs the queue
    call_command("worker", "--batch", verbosity=0)
    # then the check is recorded in the database and the queue is empty
    verification.refresh_from_db()
    assert verification.status == AuditVerification.Status.OK
    assert verification.events >= 2
    assert django_rq.get_queue("default").count == 0


@pytest.mark.django_db(transaction=True)
def test_failing_task_is_reported_failed_with_its_exception(rq_queue: None) -> None:
    # given a check of a verification that does not exist
    result = audit_chain_verify_task.enqueue(987654321)
    # when the worker runs it
    call_command("worker", "--batch", verbosity=0)
    # then the result says failed, with the exception's class, and the worker kept going
    result.refresh()
    assert result.status == TaskResultStatus.FAILED
    assert result.errors
    assert result.errors[-1].exception_class_path.endswith("DoesNotExist")


@pytest.mark.django_db(transaction=True)
def test_batch_worker_stops_after_max_tasks(rq_queue: None) -> None:
    first, second = ping.enqueue(), ping.enqueue()
    call_command("worker", "--batch", "--max-tasks", "1", verbosity=0)
    first.refresh()
    second.refresh()
    assert [first.status, second.status] == [TaskResultStatus.SUCCESSFUL, TaskResultStatus.READY]


def test_batch_worker_leaves_the_signal_handlers_as_it_found_them(rq_queue: None) -> None:
    before = (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM))
    call_command("worker", "--batch", verbosity=0)
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before


def test_worker_refuses_to_start_when_redis_does_not_answer(settings) -> None:  # type: ignore[no-untyped-def]
    # Port 1 on the loopback: nothing listens there, the connection is refused at once.
    settings.RQ_QUEUES = {"default": {"URL": "redis://:bi-mat@127.0.0.1:1/0"}}
    settings.TASKS = RQ_TASKS
    with pytest.raises(CommandError) as caught:
        call_command("worker", "--batch", verbosity=0)
    message = str(caught.value)
    assert message.startswith("Không kết nối được Redis của hàng đợi việc nền")
    assert "DANVAN_REDIS_URL" in message
    assert "bi-mat" not in message  # the password is never printed


def test_password_is_masked_in_redis_addresses() -> None:
    assert (
        redis_url_for_humans("redis://:s3cret@cache.lan:6380/2") == "redis://:***@cache.lan:6380/2"
    )
    assert redis_url_for_humans("redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/0"


# --- Settings: what the environment selects --------------------------------------------------


def _settings_in_subprocess(env: dict[str, str], code: str) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DANVAN_") and k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        capture_output=True,
        text=True,
        env={**base, "DJANGO_SETTINGS_MODULE": "danvan.config.settings", **env},
        timeout=120,
        cwd=ROOT,
    )


def test_redis_tasks_setting_selects_the_rq_backend_on_the_redis_url() -> None:
    code = (
        "from django.conf import settings as s; "
        "print(s.TASKS['default']['BACKEND']); print(s.RQ_QUEUES['default']['URL'])"
    )
    result = _settings_in_subprocess(
        {"DANVAN_TASKS": "redis", "DANVAN_REDIS_URL": "redis://10.0.0.5:6379/3"}, code
    )
    assert result.stdout.split() == ["django_tasks_rq.RQBackend", "redis://10.0.0.5:6379/3"], (
        result.stderr
    )


def test_database_queue_stays_the_default() -> None:
    code = "from django.conf import settings as s; print(s.TASKS['default']['BACKEND'])"
    result = _settings_in_subprocess({}, code)
    assert result.stdout.strip() == "django_tasks_db.DatabaseBackend", result.stderr


def test_redis_tasks_without_a_redis_url_is_a_configuration_error() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "danvan.cli", "check"],
        capture_output=True,
        text=True,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("DANVAN_")},
            "DANVAN_TASKS": "redis",
        },
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 2
    assert "DANVAN_REDIS_URL" in result.stderr


def test_redis_queue_passes_the_system_checks_without_contacting_redis() -> None:
    # Nothing listens on port 1: `check` must not need the Redis, only the configuration.
    result = subprocess.run(
        [sys.executable, "-m", "danvan.cli", "check"],
        capture_output=True,
        text=True,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("DANVAN_")},
            "DANVAN_TASKS": "redis",
            "DANVAN_REDIS_URL": "redis://127.0.0.1:1/0",
        },
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
