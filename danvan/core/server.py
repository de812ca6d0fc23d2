"""The production web server: gunicorn run from `danvan serve --workers N`.

One master process binds the address, loads the application once (`preload_app`: Django, the
URLconf and the text libraries are imported before the fork, so workers start fast and share
that memory, kept shared by `gc.freeze()` before each fork) and keeps N worker processes of T
threads each (`gthread`). A worker stuck longer than `timeout` is killed and replaced; after
`max_requests` (with jitter) a worker is replaced, so slow leaks never grow. SIGTERM stops
gracefully: the master stops accepting, lets requests in flight finish for up to
`graceful_timeout` seconds, then exits (systemd's `KillMode=mixed`). Because the master holds the
application, new code needs a restart of the master (SIGHUP only forks new workers from it).
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gunicorn.app.base import BaseApplication

# The usual combined format, plus the worker's pid (`<1234>`) and the time taken in ms.
ACCESS_LOG_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(p)s %(M)sms'


@dataclass(frozen=True)
class ServerOptions:
    bind: str  # "HOST:PORT" or "unix:/run/danvan/web.sock"
    workers: int
    threads: int
    timeout: int = 60
    graceful_timeout: int = 30
    keepalive: int = 5
    # A worker is replaced after this many requests (with 10 % jitter), so a slow leak cannot
    # grow without end. Each replacement costs CPU (the old worker's exit, a new database
    # connection, the first requests' caches): at 2,000, the 2-core VM replaced a worker every
    # 15 s under the load test; at 20,000 a worker of a busy province's server lives hours.
    max_requests: int = 20_000
    access_log: str | None = None  # a file, "-" for stdout, None: no access log
    log_level: str = "info"


def gunicorn_settings(options: ServerOptions) -> dict[str, Any]:
    """The gunicorn configuration for `options` (names as in gunicorn's settings)."""
    return {
        "bind": [options.bind],
        "workers": options.workers,
        "worker_class": "gthread",
        "threads": options.threads,
        "preload_app": True,
        "timeout": options.timeout,
        "graceful_timeout": options.graceful_timeout,
        "keepalive": options.keepalive,
        "max_requests": options.max_requests,
        "max_requests_jitter": max(options.max_requests // 10, 0),
        "accesslog": options.access_log,
        "access_log_format": ACCESS_LOG_FORMAT,
        "errorlog": "-",
        "loglevel": options.log_level,
        "proc_name": "danvan",
        # The heartbeat file of each worker on a memory file system: a disk-backed /tmp can
        # block a worker's heartbeat long enough to have it killed (gunicorn's FAQ).
        "worker_tmp_dir": "/dev/shm" if os.access("/dev/shm", os.W_OK) else None,
        # gunicorn >= 25 opens a control socket under $HOME by default; a service user's home is
        # read-only under systemd's ProtectSystem/ProtectHome, and two servers would share it.
        "control_socket_disable": True,
    }


class DanvanServer(BaseApplication):
    """gunicorn with its configuration from `ServerOptions`, not from argv or a file."""

    def __init__(
        self,
        options: ServerOptions,
        *,
        when_ready: Callable[[Any], None] | None = None,
        on_exit: Callable[[Any], None] | None = None,
    ) -> None:
        self.options = options
        self.hooks = {"when_ready": when_ready, "on_exit": on_exit}
        super().__init__(usage=None, prog="danvan serve")

    def load_config(self) -> None:
        for name, value in gunicorn_settings(self.options).items():
            self.cfg.set(name, value)
        for name, hook in self.hooks.items():
            if hook is not None:
                self.cfg.set(name, hook)
        self.cfg.set("pre_fork", _freeze_heap)
        self.cfg.set("post_fork", _worker_collector)

    def load(self) -> Any:
        from danvan.config.wsgi import application

        return application


def _freeze_heap(arbiter: Any, worker: Any) -> None:
    """Before each fork: move the preloaded application's objects out of the garbage
    collector's reach, so the workers' collections never touch (and copy) the pages they share
    with the master. Measured on the 2-core development VM under load: a forked child of the
    loaded application exited in 0.5-0.9 s instead of 2-4 s."""
    gc.freeze()


# The garbage collector's thresholds in a web worker (CPython's defaults are 700, 10, 10). A
# request allocates tens of thousands of container objects that live until it ends; at 700 the
# collector runs every few hundred allocations and walks them while they are still alive, then
# again in the older generations. Measured in-process over the load test's pages
# (docs/load-test.md): the collector took 9 % of the requests' CPU at the defaults, 4 % at these.
# Cyclic garbage waits for at most 10,000 new objects (a few MB) before it is freed.
WORKER_GC_THRESHOLDS = (10_000, 20, 20)


def _worker_collector(arbiter: Any, worker: Any) -> None:
    """After each fork, in the new worker: the collector's thresholds for serving requests."""
    gc.set_threshold(*WORKER_GC_THRESHOLDS)


def serve_gunicorn(options: ServerOptions, *, worker_command: list[str] | None) -> None:
    """Run gunicorn in this process until it is stopped; with `worker_command`, also run the
    background worker as a child of the master (started once the address is bound, stopped
    when the master exits; never in the forked web workers)."""
    child: dict[str, subprocess.Popen[bytes]] = {}

    def when_ready(arbiter: Any) -> None:
        if worker_command is not None:
            child["worker"] = subprocess.Popen(worker_command)

    def on_exit(arbiter: Any) -> None:
        worker = child.pop("worker", None)
        if worker is None:
            return
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()

    from django.db import connections

    # Nothing opened before the fork may be shared by the workers.
    connections.close_all()
    DanvanServer(options, when_ready=when_ready, on_exit=on_exit).run()


def default_worker_command() -> list[str]:
    return [sys.executable, "-m", "danvan.cli", "worker", "--interval", "2"]
