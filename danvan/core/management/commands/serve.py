"""`danvan serve`: serve the UI (with its static files) and run due background tasks."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def serve(*, host: str, port: int, with_worker: bool, stdout: Any) -> None:
    from waitress import serve as waitress_serve

    from danvan.config.wsgi import application

    worker: subprocess.Popen[bytes] | None = None
    if with_worker:
        # The worker is a child process: a task that crashes never takes the site down.
        worker = subprocess.Popen(
            [sys.executable, "-m", "danvan.cli", "worker", "--interval", "2"],
            env=os.environ.copy(),
        )
    stdout.write(f"danvan đang chạy tại http://{host}:{port}/  (Ctrl+C để dừng)")

    def _stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)
    try:
        waitress_serve(application, host=host, port=port, threads=8, ident="danvan")
    except KeyboardInterrupt:
        pass
    finally:
        if worker is not None:
            worker.terminate()
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()


class Command(BaseCommand):
    help = "Chạy giao diện web danvan (kèm tiến trình việc nền)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--port", type=int, default=None, help="cổng (mặc định DANVAN_PORT hoặc 8000)"
        )
        parser.add_argument(
            "--host", default=os.environ.get("DANVAN_HOST", "127.0.0.1"), help="địa chỉ lắng nghe"
        )
        parser.add_argument("--no-worker", action="store_true", help="không chạy việc nền kèm theo")

    def handle(self, *args: Any, **options: Any) -> None:
        port = options["port"] if options["port"] is not None else settings.DANVAN_PORT
        if not 0 < port < 65536:
            raise CommandError(f"Cổng không hợp lệ: {port} (cần từ 1 đến 65535).", returncode=2)
        serve(
            host=options["host"],
            port=port,
            with_worker=not options["no_worker"],
            stdout=self.stdout,
        )
