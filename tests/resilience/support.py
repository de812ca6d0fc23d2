"""Helpers of the fault tests: scratch databases other processes can use, the programs in
`scripts/`, a web server process to kill, and a private PostgreSQL cluster to restart."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DANVAN = BIN / "danvan"
GUNICORN = BIN / "gunicorn"
SCRIPTS = "tests.resilience.scripts"
# Generous: the machines running the suite may be slow and busy; nothing is timed.
START_TIMEOUT = 240.0
RUN_TIMEOUT = 600.0

# Environment variables of the caller that would change what the scratch processes do.
_DROPPED_ENV = (
    "DANVAN_REDIS_URL",
    "DANVAN_TASKS",
    "DANVAN_TASKS_BACKEND",
    "DANVAN_PRODUCTION",
    "DANVAN_DEBUG",
    "DANVAN_VAULT_KEY_FILE",
    "DANVAN_FAULT_PAUSE_AT",
    "DANVAN_FAULT_PAUSE_STAGE",
    "DANVAN_FAULT_MARKER",
    "DANVAN_TEST_SQLITE_PRAGMAS",
)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- PostgreSQL ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PgServer:
    host: str
    port: int
    user: str
    password: str

    @classmethod
    def from_settings(cls, settings_dict: dict[str, Any]) -> PgServer:
        return cls(
            host=str(settings_dict.get("HOST") or "127.0.0.1"),
            port=int(settings_dict.get("PORT") or 5432),
            user=str(settings_dict.get("USER") or "postgres"),
            password=str(settings_dict.get("PASSWORD") or ""),
        )

    def url(self, name: str) -> str:
        auth = quote(self.user, safe="")
        if self.password:
            auth += ":" + quote(self.password, safe="")
        return f"postgres://{auth}@{self.host}:{self.port}/{name}"

    def connect(self, name: str = "postgres") -> Any:
        import psycopg

        return psycopg.connect(
            host=self.host,
            port=self.port,
            user=self.user,
            password=self.password or None,
            dbname=name,
            autocommit=True,
            connect_timeout=10,
        )

    def execute(self, sql: str, name: str = "postgres") -> None:
        with self.connect(name) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def create(self, name: str, *, template: str) -> None:
        """CREATE DATABASE … TEMPLATE, retried while the template still has a session."""
        import psycopg

        deadline = time.monotonic() + 60
        while True:
            try:
                self.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
                return
            except psycopg.errors.ObjectInUse:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)

    def drop(self, name: str) -> None:
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- Scratch databases ------------------------------------------------------------------------


@dataclass
class Database:
    """A migrated, seeded database of its own, for processes other than pytest."""

    vendor: str  # "sqlite" or "postgresql"
    url: str
    root: Path  # var dir, media, logs, markers
    seed: dict[str, Any]
    vault_key: str
    pg: PgServer | None = None
    name: str = ""  # the PostgreSQL database name
    path: Path | None = None  # the SQLite file

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in _DROPPED_ENV}
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "danvan.config.settings",
                "DATABASE_URL": self.url,
                "DANVAN_VAR_DIR": str(self.root / "var"),
                "DANVAN_MEDIA_ROOT": str(self.root / "media"),
                "DANVAN_VAULT_KEY": self.vault_key,
                "DANVAN_INSECURE_COOKIES": "1",  # plain http to 127.0.0.1
                "DANVAN_API_WRITE_RATE": "100000/min",
                "DANVAN_LOGIN_MAX_FAILURES": "1000",
                "DANVAN_LOG_LEVEL": "WARNING",
                "PYTHONPATH": str(REPO),
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.update(extra)
        return env


def run_module(
    module: str, *args: str, env: dict[str, str], timeout: float = RUN_TIMEOUT
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", f"{SCRIPTS}.{module}", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def last_json(done: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines, f"no JSON line in:\n{done.stdout}\n{done.stderr}"
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def check_database(db: Database) -> dict[str, Any]:
    """The invariants after a fault (`scripts/check.py`), read by a fresh process."""
    return last_json(run_module("check", env=db.env()))


# --- Processes ----------------------------------------------------------------------------------


def kill_group(proc: subprocess.Popen[Any], sig: int = signal.SIGKILL) -> None:
    """Send `sig` to the process group the test started (the server and its workers)."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)


def wait_for_file(path: Path, proc: subprocess.Popen[Any], timeout: float = START_TIMEOUT) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.read_text(encoding="utf-8").strip():
            return path.read_text(encoding="utf-8")
        if proc.poll() is not None:
            raise AssertionError(f"process ended ({proc.returncode}) before writing {path}")
        time.sleep(0.05)
    raise AssertionError(f"{path} not written within {timeout} s")


def http_get(url: str, timeout: float = 30) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return int(response.status), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return int(exc.code), exc.read().decode("utf-8", "replace")


def serve_runs_gunicorn() -> bool:
    """`danvan serve --workers N` runs gunicorn (else the tests start gunicorn themselves)."""
    from danvan.core.management.commands.serve import Command

    parser = Command().create_parser("danvan", "serve")
    return any("--workers" in action.option_strings for action in parser._actions)


@dataclass
class Server:
    """A danvan web server in its own process group: waitress (`danvan serve`) or gunicorn."""

    kind: str
    db: Database
    env_extra: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.db.root / f"server-{self.kind}-{self.port}.log"

    def argv(self) -> list[str]:
        serve = [sys.executable, "-m", f"{SCRIPTS}.serve", "serve", "--no-worker"]
        if self.kind == "waitress":
            return [*serve, "--port", str(self.port)]
        if serve_runs_gunicorn():
            # The production server as shipped: gunicorn's master preloads the application
            # (with the pause installed) and forks its workers from it.
            return [*serve, "--port", str(self.port), "--workers", "2", "--timeout", "600"]
        return [
            str(GUNICORN),
            f"{SCRIPTS}.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            "2",
            "--timeout",
            "600",
            "--graceful-timeout",
            "5",
        ]

    def start(self) -> Server:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                self.argv(),
                env=self.db.env(**self.env_extra),
                cwd=REPO,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"{self.kind} ended ({self.proc.returncode}):\n{self.log()}")
            try:
                status, _body = http_get(f"{self.base}/api/v1/health", timeout=10)
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.25)
        raise AssertionError(f"{self.kind} not answering within {START_TIMEOUT} s:\n{self.log()}")

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-6000:]
        except OSError:
            return ""

    def kill(self) -> None:
        if self.proc is not None:
            kill_group(self.proc, signal.SIGKILL)

    def stop(self) -> None:
        if self.proc is not None:
            kill_group(self.proc, signal.SIGTERM)


def login(session: Any, base: str, username: str, password: str) -> None:
    """Sign in through the login page (CSRF cookie, then the form), as a browser does."""
    page = session.get(f"{base}/dang-nhap/", timeout=120)
    assert page.status_code == 200, page.status_code
    done = session.post(
        f"{base}/dang-nhap/",
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": session.cookies.get("csrftoken", ""),
        },
        allow_redirects=False,
        timeout=120,
    )
    assert done.status_code == 302, (done.status_code, done.text[:2000])


def complaint_body(n: int, area_code: str) -> dict[str, Any]:
    """The API body of petition n, as `scripts/register_loop.petition_data` builds it."""
    return {
        "kind": "complaint",
        "channel": "in_person",
        "received_on": "2026-03-02",
        "content": f"Khiếu nại việc bồi thường khi thu hồi đất ở thửa {n * 7}, tờ bản đồ "
        f"{n % 13 + 1}, giá bồi thường thấp hơn giá thị trường [fault {n}].",
        "area_code": area_code,
        "topic": "dat_dai",
        "petitioners": [{"full_name": f"Người Gửi {n} {i}"} for i in range(1 + n % 2)],
        "anonymous": False,
    }


# --- A private PostgreSQL cluster ---------------------------------------------------------------


def pg_bin_dir() -> Path | None:
    """The newest installed PostgreSQL server binaries (Debian layout, or on PATH)."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        reverse=True,
    )
    for directory in candidates:
        if (directory / "initdb").exists() and (directory / "pg_ctl").exists():
            return directory
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).parent
    return None


class Cluster:
    """A throw-away PostgreSQL cluster on a free port, owned by the `postgres` OS user when the
    tests run as root (initdb refuses root). Never the machine's shared server."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="danvan-fault-pg-"))
        self.data = self.dir / "data"
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.dir, user="postgres", group="postgres")
            self.prefix = ["runuser", "-u", "postgres", "--"]

    def run(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.prefix, *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=self.dir,
        )

    def init(self) -> None:
        done = self.run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        if done.returncode != 0:
            raise RuntimeError(f"initdb: {done.stdout}\n{done.stderr}")

    def pg_ctl(self, action: str, *extra: str) -> subprocess.CompletedProcess[str]:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
        return self.run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.dir / "server.log"),
            "-o",
            options,
            "-w",
            "-t",
            "120",
            action,
            *extra,
        )

    def ctl(self, action: str, *extra: str) -> None:
        done = self.pg_ctl(action, *extra)
        if done.returncode != 0:
            raise RuntimeError(f"pg_ctl {action}: {done.stdout}\n{done.stderr}\n{self.log()}")

    def log(self) -> str:
        try:
            return (self.dir / "server.log").read_text(errors="replace")[-4000:]
        except OSError:
            return ""

    @property
    def server(self) -> PgServer:
        return PgServer(host="127.0.0.1", port=self.port, user="postgres", password="")

    def destroy(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.pg_ctl("stop", "-m", "immediate")
        shutil.rmtree(self.dir, ignore_errors=True)
