"""The production profile, run as an operator runs it: `danvan serve --workers N` (gunicorn),
the hashed and compressed static files, and the forking Redis worker.

The processes run against their own SQLite database in a temporary DANVAN_VAR_DIR (migrated and
with static files collected once per module), in production mode, whatever DATABASE_URL the
test run uses: what is tested here is the process model, not the database.
"""

from __future__ import annotations

import gc
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from danvan.core.management.commands.serve import Address, address_parse
from danvan.core.server import ServerOptions, gunicorn_settings

ROOT = Path(__file__).resolve().parents[2]
DANVAN = [sys.executable, "-m", "danvan.cli"]
SECRET = "x" * 20 + "Y7#kq" * 8
HTTPS = {"X-Forwarded-Proto": "https"}  # what nginx adds in front of gunicorn
SERVE_OPTIONS = ["--access-log", "--port"]


# --- The command line -------------------------------------------------------------------------


def test_bind_addresses_are_parsed_like_gunicorn_takes_them() -> None:
    assert address_parse("127.0.0.1:8000") == Address(host="127.0.0.1", port=8000)
    assert address_parse("[::1]:9000") == Address(host="::1", port=9000)
    assert str(address_parse("[::1]:9000")) == "[::1]:9000"
    assert address_parse("unix:/run/danvan/web.sock") == Address(unix_socket="/run/danvan/web.sock")


@pytest.mark.parametrize("bind", ["8000", "localhost", ":8000", "host:0", "host:99999", "unix:rel"])
def test_bad_bind_address_is_refused_in_vietnamese_with_exit_2(bind: str) -> None:
    with pytest.raises(CommandError) as caught:
        call_command("serve", "--bind", bind, "--workers", "2")
    assert caught.value.returncode == 2
    assert "không hợp lệ" in str(caught.value) or "đường dẫn tuyệt đối" in str(caught.value)


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--workers", "-1"], "--workers"),
        (["--workers", "500"], "--workers"),
        (["--workers", "2", "--threads", "0"], "--threads"),
        (["--workers", "2", "--timeout", "1"], "--timeout"),
    ],
)
def test_out_of_range_server_sizes_are_refused(args: list[str], named: str) -> None:
    with pytest.raises(CommandError) as caught:
        call_command("serve", "--port", "8000", *args)
    assert caught.value.returncode == 2
    assert named in str(caught.value)


@pytest.mark.django_db
@pytest.mark.parametrize("which", ["latest", "under an applied one"])
def test_a_database_older_than_the_code_is_refused_before_serving(
    monkeypatch: Any, which: str
) -> None:
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.recorder import MigrationRecorder

    from danvan.core.management.commands import serve

    def never(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the server must not start")

    monkeypatch.setattr(serve, "_serve_waitress", never)
    disk = MigrationLoader(connection).disk_migrations
    latest = max(name for app, name in disk if app == "core")
    missing = latest if which == "latest" else "0008_document_sequence"  # 0009 stays applied
    MigrationRecorder(connection).record_unapplied("core", missing)
    with pytest.raises(CommandError) as caught:
        call_command("serve", "--port", "8000", "--no-worker")
    assert caught.value.returncode == 2
    assert f"còn 1 bước chuyển đổi (migration) chưa chạy (core.{missing})" in str(caught.value)
    assert "danvan migrate" in str(caught.value)


@pytest.mark.django_db
def test_an_up_to_date_database_is_served(monkeypatch: Any) -> None:
    from danvan.core.management.commands import serve

    started: list[dict[str, Any]] = []
    monkeypatch.setattr(serve, "_serve_waitress", lambda **kwargs: started.append(kwargs))
    call_command("serve", "--port", "8000", "--no-worker")
    assert [kwargs["with_worker"] for kwargs in started] == [False]


def test_gunicorn_runs_threaded_workers_from_a_preloaded_application() -> None:
    config = gunicorn_settings(ServerOptions(bind="127.0.0.1:8000", workers=3, threads=4))
    assert config["worker_class"] == "gthread"
    assert (config["workers"], config["threads"]) == (3, 4)
    assert config["preload_app"] is True
    assert config["graceful_timeout"] < config["timeout"]
    assert config["control_socket_disable"] is True
    assert config["accesslog"] is None


def test_the_preloaded_application_is_frozen_out_of_the_garbage_collector() -> None:
    # What the master loads before forking stays for the process's life: a full collection
    # in a worker would walk it each time (and copy the shared pages).
    code = "import gc, danvan.config.wsgi; print(gc.get_freeze_count())"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert int(done.stdout.strip().splitlines()[-1]) > 100_000


def test_the_preloaded_application_has_compiled_its_templates_and_holidays() -> None:
    # What every worker would otherwise do again after each fork (and after each restart at
    # max_requests): build the template engine, compile the templates, import the holidays'
    # country modules.
    code = (
        "import sys, danvan.config.wsgi\n"
        "from django.template import engines\n"
        "cache = engines['django'].engine.template_loaders[0].get_template_cache\n"
        "print('petitions/detail.html' in cache, len(cache), 'holidays.countries' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    detail, count, holidays_loaded = done.stdout.strip().splitlines()[-1].split(" ")
    assert (detail, holidays_loaded) == ("True", "True")
    assert int(count) > 150


def test_gunicorn_accepts_the_configuration() -> None:
    # gunicorn validates every value when it is set; an unknown name raises AttributeError.
    from danvan.core.server import DanvanServer

    server = DanvanServer(ServerOptions(bind="127.0.0.1:8000", workers=2, threads=2))
    assert server.cfg.workers == 2
    assert server.cfg.worker_class_str == "gthread"
    assert server.cfg.preload_app is True
    assert server.cfg.max_requests >= 10_000


def test_workers_collect_garbage_less_often_than_python_by_default() -> None:
    # The post_fork hook runs in each new worker (here, in this process: restored after).
    from danvan.core.server import WORKER_GC_THRESHOLDS, DanvanServer

    server = DanvanServer(ServerOptions(bind="127.0.0.1:8000", workers=2, threads=2))
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        server.cfg.post_fork(None, None)
        assert gc.get_threshold() == WORKER_GC_THRESHOLDS
        assert WORKER_GC_THRESHOLDS[0] > 700
        assert gc.isenabled()
    finally:
        gc.set_threshold(*before)


# --- The processes ----------------------------------------------------------------------------


@dataclass
class Site:
    var_dir: Path
    env: dict[str, str]


def _clean_env() -> dict[str, str]:
    # Nothing of the test run's own configuration (its database, its Redis) leaks in.
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DANVAN_")
        and k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"}
    }


def _run(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(
        [*DANVAN, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, vault_test_key: str) -> Site:
    """A production-mode installation on SQLite: migrated, static files collected."""
    var_dir = tmp_path_factory.mktemp("var")
    env = {
        **_clean_env(),
        "DANVAN_VAR_DIR": str(var_dir),
        "DANVAN_PRODUCTION": "1",
        "DANVAN_SECRET_KEY": SECRET,
        "DANVAN_VAULT_KEY": vault_test_key,
        "DANVAN_LOG_LEVEL": "WARNING",
    }
    _run(["migrate", "--verbosity", "0"], env)
    _run(["createcachetable"], env)
    _run(["collectstatic", "--noinput", "--verbosity", "0"], env)
    return Site(var_dir=var_dir, env=env)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={**HTTPS, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def _children(pid: int) -> list[tuple[int, str]]:
    """(pid, command line) of the processes whose parent is `pid`."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append((int(stat.parent.name), cmdline))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base: str
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture
def gunicorn(site: Site, tmp_path: Path) -> Iterator[Server]:
    """`danvan serve --workers 2` with its background worker child and an access log."""
    port = _free_port()
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*DANVAN, "serve", "--workers", "2", "--threads", "4", *SERVE_OPTIONS, str(port)],
            env=site.env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server(process=process, base=f"http://127.0.0.1:{port}", log=log)
    try:
        deadline = time.monotonic() + 300
        while True:
            if process.poll() is not None:
                pytest.fail(f"danvan serve exited early:\n{server.log_text()[-3000:]}")
            try:
                if _get(f"{server.base}/api/v1/health")[0] in {200, 503}:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"danvan serve did not answer:\n{server.log_text()[-3000:]}")
            time.sleep(0.5)
        yield server
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)


def test_gunicorn_serves_health_and_static_files_from_two_workers_and_stops_gracefully(
    gunicorn: Server, site: Site
) -> None:
    # the health endpoint answers: database reachable, task queue usable
    status, _, body = _get(f"{gunicorn.base}/api/v1/health")
    assert status == 200, body
    health = json.loads(body)
    assert health["status"] == "ok"
    assert health["database"] == {"ok": True, "detail": "sqlite"}

    # two web workers and the background worker run under the gunicorn master (the master
    # forks them one after the other: the first may answer before the last is there)
    deadline = time.monotonic() + 20
    children = _children(gunicorn.process.pid)
    while len(children) < 3 and time.monotonic() < deadline:
        time.sleep(0.2)
        children = _children(gunicorn.process.pid)
    workers = [pid for pid, cmd in children if "danvan.cli worker" not in cmd]
    background = [pid for pid, cmd in children if "danvan.cli worker" in cmd]
    assert len(workers) == 2, children
    assert len(background) == 1, children

    # both web workers answer requests (the access log names the worker's pid: <1234>)
    def pids_in_log() -> set[int]:
        return {
            int(p)
            for p in re.findall(r'"GET /api/v1/health [^"]*" 200 .* <(\d+)>', gunicorn.log_text())
        }

    with ThreadPoolExecutor(max_workers=16) as pool:
        for _ in range(20):
            if pids_in_log() >= set(workers):
                break
            codes = list(pool.map(lambda _: _get(f"{gunicorn.base}/api/v1/health")[0], range(64)))
            assert set(codes) == {200}
    assert pids_in_log() == set(workers)

    # static files: pages link the hashed names, served with a year of immutable caching and
    # the compressed copy collectstatic made
    manifest = json.loads((site.var_dir / "static" / "staticfiles.json").read_text())["paths"]
    hashed = manifest["css/danvan.css"]
    assert re.fullmatch(r"css/danvan\.[0-9a-f]{12}\.css", hashed)
    status, _, page = _get(f"{gunicorn.base}/dang-nhap/")
    assert status == 200
    assert f"/static/{hashed}".encode() in page
    status, headers, css = _get(f"{gunicorn.base}/static/{hashed}")
    assert status == 200 and css
    assert "immutable" in headers["Cache-Control"]
    assert "max-age=315360000" in headers["Cache-Control"]
    status, headers, _ = _get(f"{gunicorn.base}/static/{hashed}", {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers.get("Content-Encoding") == "gzip"
    assert (
        _get(f"{gunicorn.base}/static/vendor/leaflet/{manifest_name(manifest, 'leaflet.js')}")[0]
        == 200
    )

    # SIGTERM: a graceful stop of the master, its workers and the background worker
    gunicorn.process.send_signal(signal.SIGTERM)
    assert gunicorn.process.wait(timeout=120) == 0, gunicorn.log_text()[-3000:]
    log = gunicorn.log_text()
    assert "Handling signal: term" in log
    assert "Shutting down: Master" in log
    assert not [pid for pid in [*workers, *background] if _alive(pid)]


def manifest_name(manifest: dict[str, str], name: str) -> str:
    return manifest[f"vendor/leaflet/{name}"].removeprefix("vendor/leaflet/")


# --- The forking Redis worker -----------------------------------------------------------------


def test_redis_worker_runs_the_daily_jobs_and_queued_tasks_in_forked_processes_and_stops_warm(
    site: Site, settings, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from tests.core.test_tasks_rq import held_test_redis

    with held_test_redis():
        _redis_worker_runs_and_stops_warm(site, settings, tmp_path)


def _redis_worker_runs_and_stops_warm(site: Site, settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.core.test_tasks_rq import REDIS_URL, RQ_TASKS

    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    settings.TASKS = RQ_TASKS
    env = {**site.env, "DANVAN_TASKS": "redis", "DANVAN_REDIS_URL": REDIS_URL}
    log = tmp_path / "worker.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*DANVAN, "worker"], env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        import django_rq
        from django_tasks import TaskResultStatus
        from rq.registry import FinishedJobRegistry

        from danvan.core.tasks import daily_jobs, ping

        # the worker's daily clock enqueues the daily jobs at start; the worker runs them
        queue = django_rq.get_queue("default")
        expected = {job.module_path for job in daily_jobs()}
        result = ping.enqueue()
        deadline = time.monotonic() + 300
        finished: set[str] = set()
        while time.monotonic() < deadline:
            assert process.poll() is None, log.read_text()[-3000:]
            result.refresh()
            ids = FinishedJobRegistry(queue=queue).get_job_ids()
            finished = {
                job.func_name for job in queue.job_class.fetch_many(ids, queue.connection) if job
            }
            if result.status == TaskResultStatus.SUCCESSFUL and expected <= finished:
                break
            time.sleep(0.5)
        assert result.status == TaskResultStatus.SUCCESSFUL, log.read_text()[-3000:]
        assert result.return_value == "pong"
        assert expected <= finished, (expected - finished, log.read_text()[-3000:])

        # SIGTERM: a warm shutdown (the job in hand would be finished), exit status 0
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=120) == 0, log.read_text()[-3000:]
        assert "warm shut down requested" in log.read_text()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)


# --- The deploy/ examples ---------------------------------------------------------------------

DEPLOY = ROOT / "deploy"
UNITS = ["danvan-web.service", "danvan-worker.service", "danvan-worker@.service"]


def _settings_env_names() -> set[str]:
    source = (ROOT / "danvan" / "config" / "settings.py").read_text()
    names = re.findall(r"\benv_(?:str|int|bool|list)\(\s*\"([A-Z0-9_]+)\"", source)
    names += re.findall(r"os\.environ(?:\.get)?[\(\[]\s*\"([A-Z0-9_]+)\"", source)
    return set(names)


def _env_example() -> dict[str, str]:
    values: dict[str, str] = {}
    for line in (DEPLOY / "danvan.env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            assert name not in values, f"{name} is set twice"
            values[name] = value.strip().strip('"')
    return values


def _unit(name: str) -> dict[str, list[str]]:
    entries: dict[str, list[str]] = {}
    for line in (DEPLOY / name).read_text().splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, _, value = line.partition("=")
            entries.setdefault(key.strip(), []).append(value.strip())
    return entries


def test_env_example_sets_only_variables_settings_reads() -> None:
    read = _settings_env_names()
    assert {"DANVAN_SECRET_KEY", "DATABASE_URL", "DANVAN_VAULT_KEY_FILE"} <= read  # the parser
    unknown = set(_env_example()) - read
    assert not unknown, f"deploy/danvan.env.example sets what settings.py never reads: {unknown}"


def test_env_example_sets_what_production_needs() -> None:
    example = _env_example()
    for name in (
        "DANVAN_PRODUCTION",
        "DANVAN_SECRET_KEY",
        "DATABASE_URL",
        "DANVAN_REDIS_URL",
        "DANVAN_TASKS",
        "DANVAN_VAULT_KEY_FILE",
        "DANVAN_ALLOWED_HOSTS",
        "DANVAN_CSRF_TRUSTED_ORIGINS",
        "DANVAN_VAR_DIR",
        "DANVAN_STATIC_ROOT",
        "DANVAN_TRUSTED_PROXIES",
    ):
        assert example.get(name), f"{name} is missing from deploy/danvan.env.example"
    assert example["DANVAN_PRODUCTION"] == "1"
    assert example["DANVAN_TASKS"] in {"database", "redis"}
    assert example["DATABASE_URL"].startswith("postgres://")


def test_units_run_valid_danvan_commands_as_the_service_user() -> None:
    from django.core.management import get_commands, load_command_class

    var_dir = _env_example()["DANVAN_VAR_DIR"]
    for name in UNITS:
        unit = _unit(name)
        [exec_start] = unit["ExecStart"]
        program, subcommand, *args = exec_start.split()
        assert program == "/opt/danvan/.venv/bin/danvan", name
        app = get_commands().get(subcommand)
        assert app is not None, f"{name}: `danvan {subcommand}` does not exist"
        parser = load_command_class(app, subcommand).create_parser("danvan", subcommand)
        parser.parse_args(args)  # a wrong option raises CommandError (SystemExit from argparse)
        assert unit["User"] == ["danvan"], name
        assert unit["EnvironmentFile"] == ["/etc/danvan/danvan.env"], name
        assert unit["Restart"] == ["on-failure"], name
        assert unit["KillMode"] == ["mixed"], name
        assert unit["ProtectSystem"] == ["strict"], name
        assert var_dir in unit["ReadWritePaths"][0].split(), name


def test_only_one_worker_unit_keeps_the_daily_clock() -> None:
    clocks = [
        n for n in UNITS if "worker" in n and "--no-reminders" not in _unit(n)["ExecStart"][0]
    ]
    assert clocks == ["danvan-worker.service"]


def test_web_unit_waits_longer_than_the_graceful_shutdown() -> None:
    unit = _unit("danvan-web.service")
    graceful = ServerOptions(bind="", workers=1, threads=1).graceful_timeout
    assert int(unit["TimeoutStopSec"][0]) > graceful
    assert "--no-worker" in unit["ExecStart"][0]


def _nginx() -> str:
    return (DEPLOY / "nginx.conf").read_text()


def test_nginx_takes_the_largest_upload_danvan_accepts(settings) -> None:  # type: ignore[no-untyped-def]
    [size] = re.findall(r"client_max_body_size (\d+)m;", _nginx())
    example = _env_example()
    for files, per_file, register in (
        (
            settings.DANVAN_ATTACHMENT_MAX_FILES,
            settings.DANVAN_ATTACHMENT_MAX_MB,
            settings.DANVAN_IMPORT_MAX_MB,
        ),
        (
            int(example["DANVAN_ATTACHMENT_MAX_FILES"]),
            int(example["DANVAN_ATTACHMENT_MAX_MB"]),
            int(example["DANVAN_IMPORT_MAX_MB"]),
        ),
    ):
        assert int(size) > files * per_file, "one form may carry MAX_FILES files of MAX_MB"
        assert int(size) > register


def test_nginx_serves_the_collected_static_files_and_proxies_to_the_web_unit() -> None:
    nginx = _nginx()
    static_root = _env_example()["DANVAN_STATIC_ROOT"]
    assert f"alias {static_root.rstrip('/')}/;" in nginx
    bind = _unit("danvan-web.service")["ExecStart"][0].split("--bind ")[1].split()[0]
    assert f"server {bind} " in nginx
    # the hashed names collectstatic writes are the ones cached as immutable
    pattern = re.search(r'"~(.+?)"\s+"public, max-age=31536000, immutable"', nginx)
    assert pattern is not None
    assert re.search(pattern.group(1), "/static/css/danvan.fb4225b38dc2.css")
    assert not re.search(pattern.group(1), "/static/css/danvan.css")


def test_admin_wrapper_is_valid_shell() -> None:
    result = subprocess.run(["sh", "-n", str(DEPLOY / "danvan-admin")], capture_output=True)
    assert result.returncode == 0, result.stderr
