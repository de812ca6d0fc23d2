"""Run the load test: PostgreSQL + Redis + a multi-worker WSGI server, locust headless.

    .venv/bin/python loadtest/run.py            # prepares the data the first time (~minutes)
    .venv/bin/python loadtest/run.py --prepare  # run loadtest/prepare.py again first

Steps: check PostgreSQL and Redis answer; prepare the database when asked or when the officers'
manifest is missing (`loadtest/prepare.py`); `VACUUM (ANALYZE)` the database, as autovacuum
would have between two periods of work (this machine's PostgreSQL runs without it); collect the
static files into a temporary
STATIC_ROOT; start the server in the production profile (`SERVER_COMMAND`, overridable with
LOAD_SERVER_COMMAND) on a free loopback port; wait for /api/v1/health; run locust headless
(`loadtest/locustfile.py`: the officers, then the portal burst) bounded by --run-time and by
LOAD_MAX_REQUESTS; read locust's CSV; print a table per endpoint; write
`var/bench/load-<timestamp>.json` with the machine, the load average before and after, the CPU
time each group of processes used, and the figures. Exit 1 when a request failed, an exception
was raised in the scenario, or fewer than --min-requests requests were made; 2 when PostgreSQL
or Redis is not reachable or the server does not start.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import re
import resource
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from danvan.benchdata.host import python_speed_ms

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PYTHON = BIN / "python"

# The server, in the production profile: `danvan serve --workers` (gunicorn, gthread workers,
# the application preloaded; danvan/core/server.py) without its task worker child (this scenario
# queues no background task), and, as the systemd unit runs it, without gunicorn's access log
# (the reverse proxy keeps one): `--server-times` adds it, for the time spent inside the server
# per endpoint. `{bin}` (the bin directory of the server's environment, below), `{workers}`,
# `{threads}`, `{port}` and `{access_log}` are filled in; LOAD_SERVER_COMMAND overrides it,
# e.g. plain gunicorn:
#   {bin}/gunicorn danvan.config.wsgi:application --workers {workers} --worker-class gthread
#   --threads {threads} --bind 127.0.0.1:{port} --preload --access-logfile -
#   --access-logformat '%(s)s %(m)s %(U)s %(M)sms'
SERVER_COMMAND = (
    "{bin}/danvan serve --workers {workers} --threads {threads} "
    "--bind 127.0.0.1:{port} --no-worker{access_log}"
)
# The server's interpreter, as docs/deployment.md installs the production profile: the
# distribution's Python (`uv sync --frozen --no-dev --python /usr/bin/python3`) in an environment
# of its own under the var directory. Debian builds its Python with profile-guided and link-time
# optimisation; a Python built from source without them (pyenv's default, often the `python3` on
# PATH of a development machine) ran the same requests with about 15 % more CPU (docs/load-test.md).
# `--server-python dev` keeps the development environment (.venv) instead.
PRODUCTION_PYTHON = "/usr/bin/python3"
MIN_PYTHON = (3, 11)
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/danvan_load"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"
DEFAULT_VAR_DIR = ROOT / "var" / "load"
STAT_COLUMNS = ("50%", "95%", "99%")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- Checks ------------------------------------------------------------------------------------


def postgres_version(url: str) -> str:
    import psycopg

    with psycopg.connect(url, connect_timeout=5) as conn:
        row = conn.execute("SHOW server_version").fetchone()
        return str(row[0]) if row else "?"


def postgres_database_create(url: str) -> None:
    """Create the load database when it is missing (connecting to `postgres` on the server)."""
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[-1].split("?", 1)[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, connect_timeout=5, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            log(f"Đã tạo cơ sở dữ liệu {name}.")


def redis_version(url: str) -> str:
    import redis

    client = redis.Redis.from_url(url, socket_timeout=5)
    info: Any = client.info("server")
    return str(info.get("redis_version", "?"))


def describe_python(python: str) -> dict[str, Any] | None:
    """Version, path and build options of the interpreter at `python` (for the choice of the
    server's interpreter and the result's record of it); None when it cannot be run."""
    probe = (
        "import json, os, sys, sysconfig; print(json.dumps({'version': sys.version.split()[0], "
        "'version_info': list(sys.version_info[:2]), "
        "'executable': os.path.realpath(sys.executable), "
        "'config_args': sysconfig.get_config_var('CONFIG_ARGS') or ''}))"
    )
    try:
        out = subprocess.run(
            [python, "-c", probe], capture_output=True, text=True, check=True, timeout=30
        ).stdout
        return dict(json.loads(out))
    except (OSError, subprocess.SubprocessError, ValueError):
        return None


def server_bin(python: str, target: Path) -> tuple[Path, str]:
    """The bin directory the server runs from, and why. `python` "dev" (or empty): the development
    environment. Otherwise an environment of the project at `target` built with that interpreter
    the way docs/deployment.md installs production (uv, --frozen --no-dev --compile-bytecode); when
    the interpreter is missing, older than MIN_PYTHON, or the build fails, the development one."""
    if python in ("", "dev"):
        return BIN, "môi trường phát triển (.venv)"
    described = describe_python(python)
    version = tuple(described["version_info"]) if described else None
    if version is None or version < MIN_PYTHON:
        found = "không chạy được" if version is None else ".".join(map(str, version))
        return BIN, f"{python}: {found}; dùng môi trường phát triển (.venv)"
    uv = shutil.which("uv")
    command = [uv] if uv else [str(PYTHON), "-m", "uv"]
    command += ["sync", "--frozen", "--no-dev", "--compile-bytecode", "--quiet", "--python", python]
    env = os.environ.copy()
    env.update({"UV_PROJECT_ENVIRONMENT": str(target), "UV_PYTHON_DOWNLOADS": "never"})
    built = subprocess.run(command, env=env, cwd=ROOT, check=False, capture_output=True, text=True)
    if built.returncode != 0 or not (target / "bin" / "danvan").exists():
        reason = (built.stderr or built.stdout).strip().splitlines()[-1:] or ["?"]
        return BIN, f"{python}: không dựng được môi trường ({reason[0]}); dùng .venv"
    return target / "bin", f"{python} (Python {version[0]}.{version[1]}), môi trường {target}"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def load_average() -> list[float]:
    return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]


# --- The machine ------------------------------------------------------------------------------


def machine(pg_version: str, redis_ver: str, speed: float) -> dict[str, Any]:
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem_kb = int(line.split()[1])
    locust_version = subprocess.run(
        [str(BIN / "locust"), "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "postgresql": pg_version,
        "redis": redis_ver,
        "locust": locust_version,
        # The host's own speed, measured before the server started (lower is faster): runs on
        # two hosts compare through it (danvan/benchdata/host.py).
        "python_speed_ms": speed,
    }


# --- CPU time per group of processes (from /proc) ---------------------------------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


ProcKey = tuple[int, int]  # (pid, start time): a pid reused by a new process is another key


def _proc_cpu() -> dict[ProcKey, tuple[str, float]]:
    """(pid, start) -> (command line, CPU seconds used so far) of every process we may read."""
    result: dict[ProcKey, tuple[str, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        seconds = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
        name = cmdline or stat.split("(", 1)[1].split(")", 1)[0]
        result[(int(entry.name), int(fields[19]))] = (name, seconds)
    return result


def _group(cmdline: str, server_pids: set[int], pid: int, database: str) -> str:
    if pid in server_pids:
        return "server"
    if "postgres" in cmdline:
        # A backend's title names its database; the rest serve everyone on this server.
        return "postgresql" if f" {database} " in cmdline else "postgresql (other)"
    if "redis" in cmdline:
        return "redis"
    if "locust" in cmdline:
        return "locust"
    return "other"


def _descendants(root: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, stack = {root}, [root]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def cpu_totals() -> dict[str, float]:
    """Seconds of CPU since boot, all cores together, from /proc/stat."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    names = ("user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal")
    return {name: int(value) / CLOCK_TICKS for name, value in zip(names, fields, strict=False)}


class CpuSampler(threading.Thread):
    """CPU seconds per group of processes during the run (server, PostgreSQL backends of the
    load database, locust, everything else), read from /proc every second so processes that
    end during the run (PostgreSQL backends, other people's commands) count up to their last
    sample; /proc/stat gives the whole machine's busy and idle time besides."""

    def __init__(
        self, server_root: int, database: str, database_url: str, interval: float = 1.0
    ) -> None:
        super().__init__(daemon=True)
        self.database_url = database_url
        self.pg_samples = 0
        self.pg_active = 0
        self.pg_waiting: dict[str, int] = {}
        self.server_root = server_root
        self.database = database
        self.interval = interval
        self.before = _proc_cpu()
        self.last = dict(self.before)
        self.server_pids: set[int] = _descendants(server_root)
        self.machine_before = cpu_totals()
        self.halt = threading.Event()

    def sample(self) -> None:
        self.last.update(_proc_cpu())
        self.server_pids |= _descendants(self.server_root)

    def run(self) -> None:
        import psycopg

        try:
            conn = psycopg.connect(self.database_url, autocommit=True, connect_timeout=5)
        except psycopg.Error:
            conn = None
        while not self.halt.wait(self.interval):
            self.sample()
            if conn is not None:
                self.sample_postgres(conn)
        if conn is not None:
            conn.close()

    def sample_postgres(self, conn: Any) -> None:
        """What the load database's backends are doing: running, or waiting for a lock (and
        which statement waits, by its first words)."""
        rows = conn.execute(
            "SELECT wait_event_type, left(regexp_replace(query, '\\s+', ' ', 'g'), 70) "
            "FROM pg_stat_activity WHERE datname = %s AND state = 'active' "
            "AND pid <> pg_backend_pid()",
            (self.database,),
        ).fetchall()
        self.pg_samples += 1
        self.pg_active += len(rows)
        for wait_type, query in rows:
            if wait_type == "Lock":
                self.pg_waiting[query] = self.pg_waiting.get(query, 0) + 1

    def postgres_waits(self) -> dict[str, Any]:
        samples = max(self.pg_samples, 1)
        top = sorted(self.pg_waiting.items(), key=lambda kv: -kv[1])[:5]
        return {
            "samples": self.pg_samples,
            "active_backends_avg": round(self.pg_active / samples, 2),
            "waiting_for_a_lock_avg": round(sum(self.pg_waiting.values()) / samples, 2),
            "top_waiting_statements": [{"statement": q, "samples": n} for q, n in top],
        }

    def result(self) -> tuple[dict[str, float], dict[str, float]]:
        self.halt.set()
        self.join()
        self.sample()
        groups: dict[str, float] = {}
        for (pid, start), (cmdline, seconds) in self.last.items():
            used = seconds - self.before.get((pid, start), (cmdline, 0.0))[1]
            if used > 0:
                group = _group(cmdline, self.server_pids, pid, self.database)
                groups[group] = groups.get(group, 0.0) + used
        after = cpu_totals()
        delta = {name: after[name] - self.machine_before.get(name, 0.0) for name in after}
        machine = {
            "busy": round(sum(v for k, v in delta.items() if k not in ("idle", "iowait")), 1),
            "idle": round(delta.get("idle", 0.0) + delta.get("iowait", 0.0), 1),
            "steal": round(delta.get("steal", 0.0), 1),
        }
        return {k: round(v, 1) for k, v in sorted(groups.items())}, machine


def memory_mb(pids: set[int]) -> list[dict[str, Any]]:
    """RSS and PSS (shared pages split between the processes sharing them) of each process."""
    rows = []
    for pid in sorted(pids):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue

        def kb(text: str, field: str) -> int:
            for line in text.splitlines():
                if line.startswith(field + ":"):
                    return int(line.split()[1])
            return 0

        rows.append(
            {
                "pid": pid,
                "rss_mb": round(kb(status, "VmRSS") / 1024, 1),
                "pss_mb": round(kb(rollup, "Pss") / 1024, 1),
            }
        )
    return rows


# --- Server -----------------------------------------------------------------------------------


def server_env(args: argparse.Namespace, static_root: str) -> dict[str, str]:
    env = os.environ.copy()
    for name in ("DANVAN_DEBUG", "DANVAN_INSECURE_COOKIES"):
        env.pop(name, None)
    env.update(
        {
            "DANVAN_PRODUCTION": "1",
            "DANVAN_SECRET_KEY": secrets.token_urlsafe(48),
            "DATABASE_URL": args.database_url,
            "DANVAN_REDIS_URL": args.redis_url,
            "DANVAN_VAR_DIR": str(args.var_dir),
            "DANVAN_MEDIA_ROOT": str(Path(args.var_dir) / "media"),
            "DANVAN_STATIC_ROOT": static_root,
            # The vault key the demo's `danvan install` wrote (production reads no default file).
            "DANVAN_VAULT_KEY_FILE": str(Path(args.var_dir) / "vault.key"),
            # Production sits behind one TLS-terminating proxy; locust plays its part and sends
            # X-Forwarded-Proto/-For, so each officer and citizen has its own address.
            "DANVAN_TRUSTED_PROXIES": "1",
            # The task queue in Redis as well (no task is queued by this scenario's requests).
            "DANVAN_TASKS": "redis",
            "DANVAN_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "DANVAN_LOG_LEVEL": "WARNING",
        }
    )
    return env


def collectstatic(env: dict[str, str]) -> None:
    subprocess.run(
        [str(BIN / "danvan"), "collectstatic", "--noinput", "-v", "0"],
        env=env,
        cwd=ROOT,
        check=True,
    )


def health(port: int, timeout: float = 180.0) -> bool:
    url = f"http://127.0.0.1:{port}/api/v1/health"
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status == 200:
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    return False


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# --- Results ----------------------------------------------------------------------------------


def _number(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        return 0.0


def read_stats(prefix: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    total: dict[str, Any] = {}
    with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as handle:
        for raw in csv.DictReader(handle):
            row = {
                "method": raw["Type"],
                "name": raw["Name"],
                "requests": int(_number(raw["Request Count"])),
                "failures": int(_number(raw["Failure Count"])),
                "median_ms": _number(raw["Median Response Time"]),
                "mean_ms": round(_number(raw["Average Response Time"]), 1),
                "p50_ms": _number(raw["50%"]),
                "p95_ms": _number(raw["95%"]),
                "p99_ms": _number(raw["99%"]),
                "max_ms": round(_number(raw["Max Response Time"]), 1),
                "rps": round(_number(raw["Requests/s"]), 2),
            }
            if raw["Name"] == "Aggregated":
                total = row
            else:
                rows.append(row)
    return rows, total


def read_failures(prefix: Path) -> list[dict[str, str]]:
    path = Path(f"{prefix}_failures.csv")
    if not path.exists():
        return []
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def read_exceptions(prefix: Path) -> list[dict[str, str]]:
    path = Path(f"{prefix}_exceptions.csv")
    if not path.exists():
        return []
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# gunicorn's access log: `danvan serve`'s combined format ending in `%(M)sms`, or the short
# '%(s)s %(m)s %(U)s %(M)sms' of the plain gunicorn command above.
ACCESS_LINES = (
    re.compile(r'"([A-Z]+) (\S+) HTTP/[\d.]+" (\d{3}) .* (\d+)ms$'),
    re.compile(r"^(\d{3}) ([A-Z]+) (\S+) (\d+)ms$"),
)


def _access(line: str) -> tuple[int, str, str, int] | None:
    """(status, method, path without the query, milliseconds) of an access log line."""
    for number, pattern in enumerate(ACCESS_LINES):
        match = pattern.search(line)
        if match:
            if number == 0:
                method, target, status, millis = match.groups()
            else:
                status, method, target, millis = match.groups()
            return int(status), method, target.split("?", 1)[0], int(millis)
    return None


def _percentile(values: list[int], share: float) -> int:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0


def server_times(log: Path) -> list[dict[str, Any]]:
    """Time inside the server per method and path pattern (ids as [id]) from gunicorn's access
    log (`%(M)s`: from the request read to the response written, so without the wait in the
    listen queue). The health checks before the run are left out."""
    times: dict[tuple[str, str], list[int]] = {}
    statuses: dict[tuple[str, str], int] = {}
    started = False
    with open(log, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            parsed = _access(line.strip())
            if parsed is None:
                continue
            status, method, path, millis = parsed
            if not started:
                if path == "/api/v1/health":
                    continue
                started = True
            key = (method, re.sub(r"/\d+", "/[id]", path))
            times.setdefault(key, []).append(millis)
            if status >= 400:
                statuses[key] = statuses.get(key, 0) + 1
    return [
        {
            "method": method,
            "path": path,
            "requests": len(values),
            "status_400_plus": statuses.get((method, path), 0),
            "p50_ms": _percentile(values, 0.50),
            "p95_ms": _percentile(values, 0.95),
        }
        for (method, path), values in sorted(times.items(), key=lambda kv: -len(kv[1]))
    ]


def table(rows: list[dict[str, Any]], total: dict[str, Any]) -> str:
    header = (
        f"{'endpoint':<46} {'requests':>9} {'fail':>5} {'p50':>6} {'p95':>6} {'p99':>6} "
        f"{'req/s':>7}"
    )
    lines = [header, "-" * len(header)]
    for row in sorted(rows, key=lambda r: -r["requests"]):
        name = f"{row['method']} {row['name']}"[:46]
        lines.append(
            f"{name:<46} {row['requests']:>9} {row['failures']:>5} {row['p50_ms']:>6.0f} "
            f"{row['p95_ms']:>6.0f} {row['p99_ms']:>6.0f} {row['rps']:>7.2f}"
        )
    lines.append("-" * len(header))
    lines.append(
        f"{'total':<46} {total.get('requests', 0):>9} {total.get('failures', 0):>5} "
        f"{total.get('p50_ms', 0):>6.0f} {total.get('p95_ms', 0):>6.0f} "
        f"{total.get('p99_ms', 0):>6.0f} {total.get('rps', 0):>7.2f}"
    )
    return "\n".join(lines)


def vacuum_analyze(url: str) -> None:
    """What autovacuum does between two periods of work in production: the dead rows of the
    previous runs (sessions, counters, moved cases) cleared and the statistics renewed. This
    machine's PostgreSQL runs with autovacuum off; without this, each run left the next one
    more to read (PostgreSQL's CPU per request grew from 2.2 to 2.8 ms over five runs)."""
    import psycopg

    with psycopg.connect(url, connect_timeout=5, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")


def database_counts(url: str) -> dict[str, int]:
    import psycopg

    counts: dict[str, int] = {}
    with psycopg.connect(url, connect_timeout=5) as conn:
        for table_name in (
            "petitions_petition",
            "core_obligation",
            "core_task",
            "core_auditevent",
            "reception_receptionentry",
            "core_user",
        ):
            try:
                row = conn.execute(f"SELECT count(*) FROM {table_name}").fetchone()
            except psycopg.Error:
                conn.rollback()
                continue
            counts[table_name] = int(row[0]) if row else 0
    return counts


# --- Main -------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Thử tải danvan (docs/load-test.md).")
    parser.add_argument("--prepare", action="store_true", help="chạy loadtest/prepare.py trước")
    parser.add_argument(
        "--petitions", type=int, default=100_000, help="số đơn tối thiểu khi chuẩn bị"
    )
    parser.add_argument("--users", type=int, default=200, help="số cán bộ đồng thời")
    parser.add_argument("--spawn-rate", type=float, default=20, help="cán bộ vào mỗi giây")
    parser.add_argument("--run-time", default="5m", help="thời lượng (locust --run-time)")
    parser.add_argument("--burst", type=int, default=300, help="số công dân gửi qua cổng")
    parser.add_argument("--burst-at", type=float, default=120, help="giây bắt đầu đợt gửi")
    parser.add_argument("--burst-seconds", type=float, default=30, help="đợt gửi kéo dài (giây)")
    parser.add_argument("--min-requests", type=int, default=50_000, help="số yêu cầu tối thiểu")
    parser.add_argument("--max-requests", type=int, default=200_000, help="dừng khi đủ số này")
    parser.add_argument("--processes", type=int, default=1, help="số tiến trình locust")
    parser.add_argument("--workers", type=int, default=4, help="số tiến trình máy chủ")
    parser.add_argument("--threads", type=int, default=1, help="số luồng mỗi tiến trình")
    parser.add_argument(
        "--server-python",
        default=os.environ.get("LOAD_SERVER_PYTHON", PRODUCTION_PYTHON),
        help="trình thông dịch Python của máy chủ (mặc định như khi triển khai: "
        f"{PRODUCTION_PYTHON}); 'dev' dùng .venv",
    )
    parser.add_argument(
        "--server-times",
        action="store_true",
        help="ghi nhật ký truy cập của gunicorn để đo thời gian trong máy chủ theo từng địa chỉ",
    )
    parser.add_argument(
        "--database-url", default=os.environ.get("LOAD_DATABASE_URL") or DEFAULT_DATABASE_URL
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("LOAD_REDIS_URL") or DEFAULT_REDIS_URL
    )
    parser.add_argument("--var-dir", default=os.environ.get("LOAD_VAR_DIR") or str(DEFAULT_VAR_DIR))
    parser.add_argument("--out", default=str(ROOT / "var" / "bench"), help="thư mục kết quả")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.var_dir = str(Path(args.var_dir).resolve())
    try:
        postgres_database_create(args.database_url)
        pg_version = postgres_version(args.database_url)
    except Exception as exc:
        log(f"PostgreSQL không trả lời ({args.database_url}): {exc}")
        return 2
    try:
        redis_ver = redis_version(args.redis_url)
    except Exception as exc:
        log(f"Redis không trả lời ({args.redis_url}): {exc}")
        return 2
    log(f"PostgreSQL {pg_version}, Redis {redis_ver}.")
    speed = python_speed_ms()
    log(f"Tốc độ của máy: {speed} ms cho một phần việc Python cố định (càng nhỏ càng nhanh).")

    manifest = Path(args.var_dir) / "loadtest" / "officers.json"
    timings: dict[str, float] = {}
    env = os.environ.copy()
    env.pop("DANVAN_PRODUCTION", None)
    env.update({"DATABASE_URL": args.database_url, "DANVAN_VAR_DIR": args.var_dir})
    if args.prepare or not manifest.exists():
        log("Chuẩn bị dữ liệu (loadtest/prepare.py) ...")
        started = time.perf_counter()
        subprocess.run(
            [str(PYTHON), "-m", "loadtest.prepare", "--petitions", str(args.petitions),
             "--officers", str(args.users)],
            env=env, cwd=ROOT, check=True,
        )  # fmt: skip
        timings["prepare_seconds"] = round(time.perf_counter() - started, 1)
    else:  # data prepared by an older version: its new migrations first (the server refuses it)
        subprocess.run(
            [str(BIN / "danvan"), "migrate", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True
        )

    started = time.perf_counter()
    vacuum_analyze(args.database_url)
    timings["vacuum_analyze_seconds"] = round(time.perf_counter() - started, 1)
    log(f"VACUUM (ANALYZE): {timings['vacuum_analyze_seconds']} s.")

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="danvan-load-"))
    static_root = str(work / "static")
    env = server_env(args, static_root)
    collectstatic(env)
    port = free_port()
    bin_dir, why = server_bin(args.server_python, Path(args.var_dir) / "server-venv")
    log(f"Python của máy chủ: {why}.")
    command_template = os.environ.get("LOAD_SERVER_COMMAND") or SERVER_COMMAND
    command = command_template.format(
        bin=bin_dir,
        workers=args.workers,
        threads=args.threads,
        port=port,
        access_log=" --access-log" if args.server_times else "",
    )
    server_log = Path(args.var_dir) / f"server-{stamp}.log"
    log(f"Máy chủ: {command}")
    counts_before = database_counts(args.database_url)
    with open(server_log, "wb") as server_out:
        server = subprocess.Popen(
            shlex.split(command), env=env, cwd=ROOT, stdout=server_out, stderr=subprocess.STDOUT
        )
        try:
            if not health(port):
                log(f"Máy chủ không lên được; xem {server_log}")
                return 2
            load_before = load_average()
            database = args.database_url.rsplit("/", 1)[-1].split("?", 1)[0]
            sampler = CpuSampler(server.pid, database, args.database_url)
            sampler.start()
            prefix = work / "locust"
            locust_env = os.environ.copy()
            locust_env.update(
                {
                    "LOAD_MANIFEST": str(manifest),
                    "LOAD_BURST_CITIZENS": str(args.burst),
                    "LOAD_BURST_AT": str(args.burst_at),
                    "LOAD_BURST_SECONDS": str(args.burst_seconds),
                    "LOAD_MAX_REQUESTS": str(args.max_requests),
                    "LOAD_PROCESSES": str(args.processes),
                }
            )
            locust = [
                str(BIN / "locust"), "-f", str(ROOT / "loadtest" / "locustfile.py"),
                "--headless", "-u", str(args.users), "-r", str(args.spawn_rate),
                "--run-time", args.run_time, "--stop-timeout", "20",
                "--host", f"http://127.0.0.1:{port}", "--csv", str(prefix),
                "--only-summary", "--loglevel", "WARNING",
            ]  # fmt: skip
            if args.processes > 1:
                locust += ["--processes", str(args.processes)]
            log(f"locust: {' '.join(locust[3:])}")
            started = time.perf_counter()
            children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
            finished = subprocess.run(locust, env=locust_env, cwd=ROOT, check=False)
            children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
            timings["locust_seconds"] = round(time.perf_counter() - started, 1)
            cpu, cpu_all = sampler.result()
            server_memory = memory_mb(_descendants(server.pid))
            # locust has exited by now: its CPU time comes from this process's children.
            cpu["locust"] = round(
                children_after.ru_utime
                + children_after.ru_stime
                - children_before.ru_utime
                - children_before.ru_stime,
                1,
            )
            load_after = load_average()
        finally:
            stop(server)
    rows, total = read_stats(prefix)
    failures = read_failures(prefix)
    exceptions = read_exceptions(prefix)
    counts_after = database_counts(args.database_url)
    inside = server_times(server_log)
    print(table(rows, total))
    requests = int(total.get("requests", 0))
    failed = int(total.get("failures", 0))
    print(
        f"\n{requests} yêu cầu, {failed} lỗi, {len(exceptions)} loại ngoại lệ trong kịch bản; "
        f"tải trung bình trước {load_before}, sau {load_after}; CPU (giây) {cpu}; "
        f"cả máy {cpu_all}"
    )
    print(f"PostgreSQL: {sampler.postgres_waits()}")
    for failure in failures[:20]:
        print(f"LỖI {failure.get('Method')} {failure.get('Name')}: "
              f"{failure.get('Occurrences')} × {failure.get('Error', '')[:300]}")  # fmt: skip
    for exception in exceptions[:10]:
        print(f"NGOẠI LỆ {exception.get('Count')} × {exception.get('Message', '')[:300]}")
    result = {
        "when": stamp,
        "machine": machine(pg_version, redis_ver, speed),
        "server": {
            "command": command,
            # A LOAD_SERVER_COMMAND without {bin} runs an interpreter this script does not know.
            "python": (
                describe_python(str(bin_dir / "python")) if "{bin}" in command_template else None
            )
            or {"version": "?"},
            "workers": args.workers,
            "threads": args.threads,
            "profile": "DANVAN_PRODUCTION=1, PostgreSQL, Redis cache, DANVAN_TRUSTED_PROXIES=1",
        },
        "scenario": {
            "officers": args.users,
            "spawn_rate": args.spawn_rate,
            "run_time": args.run_time,
            "burst_citizens": args.burst,
            "burst_at_s": args.burst_at,
            "burst_seconds": args.burst_seconds,
            "locust_processes": args.processes,
            "max_requests": args.max_requests,
        },
        "load_average_before": load_before,
        "load_average_after": load_after,
        "cpu_seconds": cpu,
        "cpu_seconds_machine": cpu_all,
        "postgres_waits": sampler.postgres_waits(),
        "server_memory": server_memory,
        "database_before": counts_before,
        "database_after": counts_after,
        "timings": timings,
        "total": total,
        "endpoints": rows,
        "server_side": inside,
        "failures": failures,
        "exceptions": exceptions,
        "locust_exit": finished.returncode,
    }
    out = out_dir / f"load-{stamp}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1), "utf-8")
    shutil.copy(f"{prefix}_stats.csv", out_dir / f"load-{stamp}_stats.csv")
    print(f"Kết quả: {out}")
    shutil.rmtree(work, ignore_errors=True)
    ok = failed == 0 and not exceptions and requests >= args.min_requests
    if requests < args.min_requests:
        print(f"Chưa đạt {args.min_requests} yêu cầu.")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
