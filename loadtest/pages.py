"""What each page of the load test costs in-process: CPU of this Python process, the part spent
rendering templates, CPU of the connection's PostgreSQL backend, and the query count.

    .venv/bin/python loadtest/pages.py                 # every page, 12 rounds
    .venv/bin/python loadtest/pages.py --rounds 30 --only case,list
    PYTHONPATH=/tmp/old-checkout .venv/bin/python loadtest/pages.py   # another commit's code

It reads the load test's database and officers (`loadtest/prepare.py`; DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/danvan_load), signs the first officer in with Django's test
client and requests each page once to warm up, then `--rounds` times. The PostgreSQL figure is
read from /proc (the backend runs on this machine) in clock ticks: coarse for short runs. No
server, no network: what changes between two runs is the code. On a shared VM two runs of the
same code can differ by a third; alternate the two versions (docs/load-test.md).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "var" / "load" / "loadtest" / "officers.json"
PETITION_LINK_RE = re.compile(r'href="/don-thu/(\d+)/"')


def _pages(ids: list[int]) -> dict[str, list[str]]:
    return {
        "home": ["/"],
        "board": ["/han-xu-ly/", "/han-xu-ly/?rag=red"],
        "list": ["/don-thu/", "/don-thu/?status=received", "/don-thu/?page=2"],
        "search": ["/don-thu/?q=b%E1%BB%93i+th%C6%B0%E1%BB%9Dng"],
        "case": [f"/don-thu/{i}/" for i in ids[:5]],
        "reception": ["/tiep-cong-dan/so/"],
        "tasks": ["/nhiem-vu/"],
        "api_list": ["/api/v1/petitions?page_size=20"],
        "api_case": [f"/api/v1/petitions/{i}" for i in ids[:5]],
        "api_tasks": ["/api/v1/tasks?who=me"],
        "api_reception": ["/api/v1/reception/entries"],
    }


@contextmanager
def _template_timer() -> Iterator[list[float]]:
    """Adds the CPU time of each outermost template render to the yielded list's first item."""
    from django.template.backends import django as backend

    original: Callable[..., Any] = backend.Template.render
    total = [0.0]
    depth = [0]

    def render(self: Any, *args: Any, **kwargs: Any) -> Any:
        if depth[0]:
            return original(self, *args, **kwargs)
        depth[0] = 1
        start = time.process_time()
        try:
            return original(self, *args, **kwargs)
        finally:
            total[0] += time.process_time() - start
            depth[0] = 0

    backend.Template.render = render  # type: ignore[method-assign]
    try:
        yield total
    finally:
        backend.Template.render = original  # type: ignore[method-assign]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--only", default="", help="page names, comma-separated")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.config.settings")
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/danvan_load")
    os.environ.setdefault("DANVAN_TRUSTED_PROXIES", "1")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from danvan.benchdata.host import python_speed_ms
    from danvan.core.models import User

    if connection.vendor != "postgresql" or not MANIFEST.exists():
        print("Cần cơ sở dữ liệu thử tải PostgreSQL (loadtest/prepare.py).", file=sys.stderr)
        return 2
    officer = json.loads(MANIFEST.read_text("utf-8"))["officers"][0]
    client = Client(HTTP_X_FORWARDED_PROTO="https")
    client.force_login(User.objects.get(username=officer["username"]))
    listing = client.get("/don-thu/", secure=True).content.decode()
    ids = [int(i) for i in PETITION_LINK_RE.findall(listing)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend_pid = cursor.fetchone()[0]

    def backend_cpu() -> float:
        fields = Path(f"/proc/{backend_pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    only = {name for name in args.only.split(",") if name}
    # The host's own speed (danvan/benchdata/host.py): pages of two hosts compare through it.
    print(f"host: {python_speed_ms()} ms for the fixed Python work (lower is faster)")
    print(f"{'page':14s} {'Python ms':>10s} {'templates':>10s} {'PostgreSQL':>11s} {'queries':>8s}")
    with _template_timer() as templates:
        for name, paths in _pages(ids).items():
            if only and name not in only:
                continue
            for path in paths:
                status = client.get(path, secure=True).status_code
                if status != 200:
                    print(f"{name}: {path} answered {status}", file=sys.stderr)
                    return 1
            with CaptureQueriesContext(connection) as captured:
                client.get(paths[0], secure=True)
            queries = len(captured)  # now: the next requests empty the connection's log
            runs = args.rounds * len(paths)
            templates[0] = 0.0
            pg_start, start = backend_cpu(), time.process_time()
            for _ in range(args.rounds):
                for path in paths:
                    client.get(path, secure=True)
            python_ms = (time.process_time() - start) / runs * 1000
            pg_ms = (backend_cpu() - pg_start) / runs * 1000
            template_ms = templates[0] / runs * 1000
            print(f"{name:14s} {python_ms:10.2f} {template_ms:10.2f} {pg_ms:11.2f} {queries:8d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
