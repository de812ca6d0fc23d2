"""`danvan serve`: serve the UI (with its static files) and run due background tasks.

Two ways to serve:

- the default (the demo, a small office): one process, waitress with 8 threads;
- `--workers N` (production): gunicorn with N processes of `--threads` threads each
  (`danvan.core.server`), behind nginx; see `docs/deployment.md`.

Either way a `danvan worker` child process runs the background tasks unless `--no-worker` (in
production the workers are services of their own: `deploy/danvan-worker@.service`).
"""

from __future__ import annotations

import os
import signal
import subprocess
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

MAX_WORKERS = 64
MAX_THREADS = 64


def _migrations_checked(stderr: Any) -> None:
    """Refuse to serve a database older than the code: every request that touches a table or
    column of an unapplied migration would fail with an error 500. A database that does not
    answer yet is only warned about (the servers reconnect when it comes back)."""
    from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
    from django.db.migrations.executor import MigrationExecutor

    try:
        loader = MigrationExecutor(connections[DEFAULT_DB_ALIAS]).loader
    except DatabaseError as exc:
        stderr.write(f"Cảnh báo: chưa kiểm tra được cơ sở dữ liệu ({exc}).")
        return
    # Every migration on disk, in order, not only those before the latest applied of each app:
    # a migration left out under applied ones (a restored backup, a hand-edited table) counts.
    plan: list[tuple[str, str]] = []
    for leaf in sorted(loader.graph.leaf_nodes()):
        for node in loader.graph.forwards_plan(leaf):
            if node not in loader.applied_migrations and node not in plan:
                plan.append(node)
    if plan:
        names = ", ".join(f"{app}.{name}" for app, name in plan[:5])
        more = ", …" if len(plan) > 5 else ""
        raise CommandError(
            f"Cơ sở dữ liệu chưa được cập nhật theo phiên bản này: còn {len(plan)} bước "
            f"chuyển đổi (migration) chưa chạy ({names}{more}). Chạy «danvan migrate» rồi "
            "khởi động lại.",
            returncode=2,
        )


@dataclass(frozen=True)
class Address:
    host: str = ""
    port: int = 0
    unix_socket: str = ""

    def __str__(self) -> str:
        if self.unix_socket:
            return f"unix:{self.unix_socket}"
        host = f"[{self.host}]" if ":" in self.host and not self.host.startswith("[") else self.host
        return f"{host}:{self.port}"

    @property
    def url(self) -> str:
        return str(self) if self.unix_socket else f"http://{self}/"


def _port_checked(port: int) -> int:
    if not 0 < port < 65536:
        raise CommandError(f"Cổng không hợp lệ: {port} (cần từ 1 đến 65535).", returncode=2)
    return port


def address_parse(bind: str) -> Address:
    """`HOST:PORT`, `[IPv6]:PORT` or `unix:/path/to.sock`, as gunicorn's --bind takes them."""
    bind = bind.strip()
    if bind.startswith("unix:"):
        path = bind[len("unix:") :]
        if not path.startswith("/"):
            raise CommandError(
                f"Địa chỉ --bind {bind!r}: socket Unix cần đường dẫn tuyệt đối, "
                "ví dụ unix:/run/danvan/web.sock.",
                returncode=2,
            )
        return Address(unix_socket=path)
    host, sep, port = bind.rpartition(":")
    host = host.removeprefix("[").removesuffix("]")
    if not sep or not host or not port.isdigit():
        raise CommandError(
            f"Địa chỉ --bind {bind!r} không hợp lệ: ghi dạng MÁY:CỔNG (ví dụ 127.0.0.1:8000) "
            "hoặc unix:/đường/dẫn.sock.",
            returncode=2,
        )
    return Address(host=host, port=_port_checked(int(port)))


def _serve_waitress(*, address: Address, with_worker: bool, threads: int, stdout: Any) -> None:
    from waitress import serve as waitress_serve

    from danvan.config.wsgi import application
    from danvan.core.server import default_worker_command

    worker: subprocess.Popen[bytes] | None = None
    if with_worker:
        # The worker is a child process: a task that crashes never takes the site down.
        worker = subprocess.Popen(default_worker_command(), env=os.environ.copy())
    stdout.write(f"danvan đang chạy tại {address.url}  (Ctrl+C để dừng)")

    def _stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)
    where: dict[str, Any] = (
        {"unix_socket": address.unix_socket}
        if address.unix_socket
        else {"host": address.host, "port": address.port}
    )
    try:
        waitress_serve(application, threads=threads, ident="danvan", **where)
    except KeyboardInterrupt:
        pass
    finally:
        if worker is not None:
            worker.terminate()
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()


def _bounded(value: int, *, name: str, low: int, high: int) -> int:
    if not low <= value <= high:
        raise CommandError(f"{name} phải từ {low} đến {high}, không phải {value}.", returncode=2)
    return value


class Command(BaseCommand):
    help = (
        "Chạy giao diện web danvan (kèm tiến trình việc nền). Mặc định một tiến trình (bản demo); "
        "--workers N chạy gunicorn với N tiến trình cho môi trường vận hành."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--port", type=int, default=None, help="cổng (mặc định DANVAN_PORT hoặc 8000)"
        )
        parser.add_argument(
            "--host", default=os.environ.get("DANVAN_HOST", "127.0.0.1"), help="địa chỉ lắng nghe"
        )
        parser.add_argument(
            "--bind",
            default=None,
            metavar="MÁY:CỔNG|unix:ĐƯỜNG_DẪN",
            help="địa chỉ lắng nghe, thay cho --host và --port (ví dụ 127.0.0.1:8000)",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=0,
            help="số tiến trình gunicorn (0, mặc định: một tiến trình waitress như bản demo)",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=None,
            help="số luồng mỗi tiến trình (mặc định 1 với --workers, 8 khi chạy một tiến trình)",
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=60,
            help="giây tối đa cho một yêu cầu trước khi tiến trình bị thay (với --workers)",
        )
        parser.add_argument(
            "--access-log",
            nargs="?",
            const="-",
            default=None,
            metavar="TỆP",
            help="ghi nhật ký truy cập (không có TỆP: ra màn hình; với --workers)",
        )
        parser.add_argument("--no-worker", action="store_true", help="không chạy việc nền kèm theo")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["bind"]:
            address = address_parse(options["bind"])
        else:
            port = options["port"] if options["port"] is not None else settings.DANVAN_PORT
            address = Address(host=options["host"], port=_port_checked(port))
        workers = _bounded(options["workers"], name="--workers", low=0, high=MAX_WORKERS)
        # One thread per gunicorn worker: the requests are CPU-bound, and threads of one process
        # only take turns on its interpreter lock (docs/load-test.md, 25 November 2026).
        threads = options["threads"] if options["threads"] is not None else (1 if workers else 8)
        _bounded(threads, name="--threads", low=1, high=MAX_THREADS)
        timeout = _bounded(options["timeout"], name="--timeout", low=5, high=3600)
        with_worker = not options["no_worker"]
        _migrations_checked(self.stderr)
        if not workers:
            _serve_waitress(
                address=address, with_worker=with_worker, threads=threads, stdout=self.stdout
            )
            return

        from danvan.core.server import ServerOptions, default_worker_command, serve_gunicorn

        server_options = ServerOptions(
            bind=str(address),
            workers=workers,
            threads=threads,
            timeout=timeout,
            access_log=options["access_log"],
        )
        self.stdout.write(
            f"danvan (gunicorn: {workers} tiến trình × {threads} luồng) đang chạy tại "
            f"{address.url}  (Ctrl+C để dừng)"
        )
        self.stdout.flush()
        serve_gunicorn(
            server_options, worker_command=default_worker_command() if with_worker else None
        )
