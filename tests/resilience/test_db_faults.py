"""A read-only database, a full disk or a database out of reach gives a clear error.

Pages answer 503 with a Vietnamese page (never a traceback), the API 503 with its JSON error
(`database_read_only`, `database_full`, `database_unavailable`), the command line one Vietnamese
line and exit status 1; nothing is half-written. The faults are the databases' own:
SQLite's `PRAGMA query_only` (SQLITE_READONLY, what a read-only file or mount gives; root ignores
file modes, so chmod cannot stand in for it here) and `PRAGMA max_page_count` (SQLITE_FULL, what
a full disk gives); PostgreSQL's `default_transaction_read_only` (SQLSTATE 25006) and a real
full filesystem: the test database's tables on a tablespace on a small tmpfs, filled until the
server cannot extend a file (SQLSTATE 53100; needs root and a local server, as in CI).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.handlers.exception import convert_exception_to_response
from django.db import IntegrityError, OperationalError, connection
from django.db.utils import InterfaceError
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory

from danvan.core.dberrors import DbFault, db_fault_exit, db_fault_of
from danvan.core.middleware import DatabaseFaultMiddleware
from danvan.core.models import AuditEvent, Role, User
from danvan.petitions.models import Petition
from tests.factories import (
    CommuneFactory,
    MembershipFactory,
    OrganizationFactory,
    ProvinceFactory,
    UserFactory,
)
from tests.petitions.conftest import petition_input
from tests.resilience.support import DANVAN, REPO, Database

pytestmark = pytest.mark.fault

READ_ONLY_TITLE = "Cơ sở dữ liệu đang ở chế độ chỉ đọc"
FULL_TITLE = "Cơ sở dữ liệu đã hết dung lượng lưu trữ"
UNAVAILABLE_TITLE = "Tạm thời không kết nối được cơ sở dữ liệu"


# --- What counts as which fault --------------------------------------------------------------


def _django(driver_error: BaseException, wrapper: type[Exception] = OperationalError) -> Exception:
    """The error as Django raises it: its own class, `from` the driver's."""
    error = wrapper(str(driver_error))
    error.__cause__ = driver_error
    return error


def _sqlite(sql: str, *pragmas: str) -> sqlite3.Error:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (x)")
    for pragma in pragmas:
        db.execute(pragma)
    try:
        db.execute(sql, ("x" * 20000,)) if "?" in sql else db.execute(sql)
    except sqlite3.Error as exc:
        return exc
    finally:
        db.close()
    raise AssertionError("no error")


def test_sqlite_read_only_and_full_errors_are_recognised() -> None:
    read_only = _sqlite("INSERT INTO t VALUES (1)", "PRAGMA query_only=ON")
    full = _sqlite("INSERT INTO t VALUES (?)", "PRAGMA max_page_count=2")
    assert db_fault_of(_django(read_only)) == DbFault.READ_ONLY
    assert db_fault_of(_django(full)) == DbFault.FULL
    assert db_fault_of(_django(sqlite3.OperationalError("database is locked"))) == (
        DbFault.UNAVAILABLE
    )


def test_postgresql_faults_are_recognised_by_sqlstate() -> None:
    psycopg = pytest.importorskip("psycopg")
    errors = psycopg.errors
    cases: list[tuple[BaseException, DbFault]] = [
        (errors.ReadOnlySqlTransaction("read-only transaction"), DbFault.READ_ONLY),
        (errors.DiskFull("could not extend file"), DbFault.FULL),
        (errors.AdminShutdown("terminating connection"), DbFault.UNAVAILABLE),
        (errors.CannotConnectNow("the database system is starting up"), DbFault.UNAVAILABLE),
        (psycopg.OperationalError("connection failed: Connection refused"), DbFault.UNAVAILABLE),
    ]
    for driver_error, fault in cases:
        assert db_fault_of(_django(driver_error)) == fault, driver_error
    closed = psycopg.InterfaceError("the connection is closed")
    assert db_fault_of(_django(closed, InterfaceError)) == DbFault.UNAVAILABLE


def test_other_errors_are_not_database_faults() -> None:
    psycopg = pytest.importorskip("psycopg")
    unique = _django(sqlite3.IntegrityError("UNIQUE constraint failed"), IntegrityError)
    assert db_fault_of(unique) is None
    assert db_fault_of(_django(psycopg.errors.UniqueViolation("dup"), IntegrityError)) is None
    assert db_fault_of(_django(sqlite3.OperationalError("no such table: x"))) is None
    assert db_fault_of(ValueError("bad")) is None
    # A bug raised while handling a fault stays a bug.
    bug = ValueError("bad")
    bug.__context__ = _django(_sqlite("INSERT INTO t VALUES (1)", "PRAGMA query_only=ON"))
    assert db_fault_of(bug) is None


def test_a_fault_raised_outside_the_view_is_answered_too(settings: Any) -> None:
    # Django turns an error of a middleware further in (the session saved after the view)
    # into a 500 before the outer middleware sees it; the signal marks it as a fault.
    settings.DEBUG = False
    read_only = _django(_sqlite("INSERT INTO t VALUES (1)", "PRAGMA query_only=ON"))

    def failing(request: HttpRequest) -> HttpResponse:
        raise read_only

    middleware = DatabaseFaultMiddleware(convert_exception_to_response(failing))
    page = middleware(RequestFactory().get("/don-thu/"))
    api = middleware(RequestFactory().get("/api/v1/petitions"))

    assert page.status_code == 503
    assert READ_ONLY_TITLE in page.content.decode()
    assert api.status_code == 503
    assert json.loads(api.content)["error"]["code"] == "database_read_only"


def test_the_command_line_guard_prints_one_vietnamese_line_and_exits_1(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import sys

    full = _django(_sqlite("INSERT INTO t VALUES (?)", "PRAGMA max_page_count=2"))
    with pytest.raises(SystemExit) as caught, db_fault_exit(sys.stderr):
        raise full
    assert caught.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("Lỗi cơ sở dữ liệu: Ổ đĩa chứa cơ sở dữ liệu đã đầy")
    assert "Traceback" not in err
    with pytest.raises(ValueError), db_fault_exit(sys.stderr):
        raise ValueError("not a fault")


# --- The web, against the test database --------------------------------------------------------


@pytest.fixture
def case(transactional_db: Any) -> dict[str, Any]:
    """A commune officer (signed in), an API token already used once, and one received case."""
    from danvan.core.services.accounts import api_token_issue
    from danvan.core.services.calendar import calendar_load_reference
    from danvan.petitions.services import petition_register

    calendar_load_reference()
    province = ProvinceFactory(code="44", name="Quảng Trị Thử", full_name="Tỉnh Quảng Trị Thử")
    commune = CommuneFactory(code="19001", name="Xã An", full_name="Xã An", parent=province)
    org = OrganizationFactory(code="19001-UBND", name="UBND xã An", area=commune, level="commune")
    officer = UserFactory(username="canbo.a", full_name="Cán Bộ A", email="canbo.a@example.vn")
    MembershipFactory(user=officer, organization=org, role=Role.OFFICER)
    petition = petition_register(actor=officer, data=petition_input())
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    _token, raw = api_token_issue(user=officer)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get("/api/v1/petitions", **headers).status_code == 200  # token touched
    return {"officer": officer, "petition": petition, "client": client, "headers": headers}


def _counts() -> tuple[int, int, int]:
    return Petition.objects.count(), AuditEvent.objects.count(), User.objects.count()


@pytest.fixture
def read_only(case: dict[str, Any]) -> Iterator[None]:
    """The database refuses writes (and accepts reads) for the rest of the test."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA query_only=ON")
        else:
            cursor.execute("SET SESSION default_transaction_read_only = on")
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA query_only=OFF")
        else:
            cursor.execute("SET SESSION default_transaction_read_only = off")


def _move_form(petition: Petition, reason: str = "Đơn đủ điều kiện thụ lý") -> dict[str, str]:
    return {
        "mv-triaged-to": "triaged",
        "mv-triaged-expected_version": str(petition.version),
        "mv-triaged-outcome": "accept",
        "mv-triaged-on": "05/03/2026",
        "mv-triaged-reason": reason,
    }


def _api_body(content: str) -> str:
    return json.dumps(
        {
            "kind": "complaint",
            "channel": "in_person",
            "received_on": "2026-03-02",
            "content": content,
            "area_code": "19001",
            "topic": "dat_dai",
            "petitioners": [{"full_name": "Trần Thị Lan"}],
        }
    )


def _assert_page(response: Any, title: str, code: str) -> None:
    body = response.content.decode()
    assert response.status_code == 503, body[:2000]
    assert response["Content-Type"].startswith("text/html")
    assert title in body
    assert "liên hệ quản trị viên" in body
    assert code in body
    assert "Traceback" not in body


def test_read_only_database_refuses_a_move_with_a_vietnamese_page_and_writes_nothing(
    case: dict[str, Any], read_only: None
) -> None:
    client, petition = case["client"], case["petition"]
    before = _counts()

    response = client.post(f"/don-thu/{petition.pk}/chuyen-buoc/triaged/", _move_form(petition))

    _assert_page(response, READ_ONLY_TITLE, "database_read_only")
    assert "không có dữ liệu nào bị ghi dở" in response.content.decode()
    petition.refresh_from_db()
    assert (petition.status, petition.version) == ("received", 1)
    assert _counts() == before


def test_read_only_database_answers_the_api_with_a_structured_503(
    case: dict[str, Any], read_only: None
) -> None:
    client, headers = case["client"], case["headers"]
    before = _counts()

    response = client.post(
        "/api/v1/petitions", _api_body(petition_input().content), "application/json", **headers
    )

    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "database_read_only"
    assert error["message"].startswith("Cơ sở dữ liệu đang ở chế độ chỉ đọc")
    assert error["fields"] == {}
    assert _counts() == before


def test_read_only_database_still_serves_pages_and_api_reads(
    case: dict[str, Any], read_only: None
) -> None:
    client, petition, headers = case["client"], case["petition"], case["headers"]

    assert client.get("/don-thu/").status_code == 200
    assert client.get(f"/don-thu/{petition.pk}/").status_code == 200
    assert client.get("/api/v1/petitions", **headers).status_code == 200


@pytest.fixture
def disk_full(case: dict[str, Any]) -> Iterator[None]:
    """The database cannot grow by a single page any more."""
    if connection.vendor == "sqlite":
        yield from _sqlite_full()
    else:
        yield from _postgresql_full()


def _sqlite_full() -> Iterator[None]:
    with connection.cursor() as cursor:
        cursor.execute("VACUUM")  # no free page left inside the file
        cursor.execute("PRAGMA page_count")
        pages = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count = {int(pages)}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA max_page_count = 1073741823")


# The tables a move or an intake writes to insert only into an empty page (fillfactor 10: an
# insert must leave 90 % of its page free), so each needs the file to grow.
_GROWING = ["petitions_petition", "petitions_petitionevent", "core_auditevent"]


def _postgresql_full() -> Iterator[None]:
    """Every table of the test database on a small filesystem (a tablespace on a tmpfs mounted
    for the test), filled until PostgreSQL cannot extend a file: SQLSTATE 53100, as a full disk
    gives. Needs root and a server on this machine; everything is put back afterwards."""
    host = connection.settings_dict.get("HOST") or "localhost"
    if os.geteuid() != 0 or host not in {"localhost", "127.0.0.1", "::1"}:
        pytest.skip("a small filesystem for PostgreSQL needs root and a local server")
    where = Path(tempfile.mkdtemp(prefix="danvan-full-"))
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=48m,mode=0700", "tmpfs", str(where)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        where.rmdir()
        pytest.skip(f"cannot mount a small filesystem here: {mounted.stderr.strip()}")
    name = f"danvan_full_{os.getpid()}"
    try:
        shutil.chown(where, "postgres", "postgres")
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TABLESPACE {name} LOCATION '{where}'")
            cursor.execute(f"ALTER TABLE ALL IN TABLESPACE pg_default SET TABLESPACE {name}")
            for table in _GROWING:
                cursor.execute(f"ALTER TABLE {table} SET (fillfactor = 10)")
            cursor.execute(f"CREATE TABLE danvan_filler (x text) TABLESPACE {name}")
            cursor.execute("ALTER TABLE danvan_filler ALTER x SET STORAGE PLAIN")
            for rows in (2000, 200, 20, 2, 1):  # 1.6 kB each, until not one page more fits
                while True:
                    try:
                        cursor.execute(
                            "INSERT INTO danvan_filler SELECT string_agg(md5(random()::text),"
                            " '') FROM generate_series(1, 50), generate_series(1, %s) g"
                            " GROUP BY g",
                            [rows],
                        )
                    except OperationalError as exc:
                        assert db_fault_of(exc) == DbFault.FULL, exc
                        break
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS danvan_filler")
            cursor.execute(f"ALTER TABLE ALL IN TABLESPACE {name} SET TABLESPACE pg_default")
            for table in _GROWING:
                cursor.execute(f"ALTER TABLE {table} RESET (fillfactor)")
            cursor.execute(f"DROP TABLESPACE IF EXISTS {name}")
        subprocess.run(["umount", str(where)], check=True)
        where.rmdir()


def test_full_disk_refuses_a_move_with_a_vietnamese_page_and_writes_nothing(
    case: dict[str, Any], disk_full: None
) -> None:
    client, petition = case["client"], case["petition"]
    before = _counts()
    # A long reason is written three times (timeline, audit entry, decision): new pages.
    reason = "Đơn đủ điều kiện thụ lý theo quy định của Luật Khiếu nại. " * 60

    response = client.post(
        f"/don-thu/{petition.pk}/chuyen-buoc/triaged/", _move_form(petition, reason[:3900])
    )

    _assert_page(response, FULL_TITLE, "database_full")
    petition.refresh_from_db()
    assert (petition.status, petition.version) == ("received", 1)
    assert _counts() == before


def test_full_disk_answers_the_api_with_a_structured_503(
    case: dict[str, Any], disk_full: None
) -> None:
    client, headers = case["client"], case["headers"]
    before = _counts()
    content = "Khiếu nại việc thu hồi đất và bồi thường không thỏa đáng tại thôn Đông. " * 250

    response = client.post(
        "/api/v1/petitions", _api_body(content[:19000]), "application/json", **headers
    )

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "database_full"
    assert "Ổ đĩa chứa cơ sở dữ liệu đã đầy" in response.json()["error"]["message"]
    assert _counts() == before


# --- The command line, against a scratch database ------------------------------------------


@pytest.mark.django_db  # the session's test database is the template's source (conftest.py)
def test_command_on_a_read_only_database_prints_a_vietnamese_line_and_exits_1(
    scratch: Database,
) -> None:
    env = scratch.env()
    if scratch.vendor == "sqlite":
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "tests.resilience.scripts.fault_settings",
                "DANVAN_TEST_SQLITE_PRAGMAS": "PRAGMA query_only=ON;",
            }
        )
    else:
        assert scratch.pg is not None
        scratch.pg.execute(
            f'ALTER DATABASE "{scratch.name}" SET default_transaction_read_only = on'
        )

    done = subprocess.run(
        [
            str(DANVAN),
            "user",
            "add",
            "canbo.moi",
            "--password",
            "mat-khau-moi-2026",
            "--org",
            scratch.seed["organization_code"],
            "--role",
            "officer",
        ],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert done.returncode == 1, (done.stdout, done.stderr)
    assert done.stderr.startswith("Lỗi cơ sở dữ liệu: Cơ sở dữ liệu đang ở chế độ chỉ đọc")
    assert "Traceback" not in done.stderr
    assert _user_count(scratch, "canbo.moi") == 0


def _user_count(db: Database, username: str) -> int:
    sql = "SELECT count(*) FROM core_user WHERE username = %s"
    if db.vendor == "sqlite":
        assert db.path is not None
        with sqlite3.connect(db.path) as conn:
            return int(conn.execute(sql.replace("%s", "?"), (username,)).fetchone()[0])
    assert db.pg is not None
    with db.pg.connect(db.name) as conn:
        row = conn.execute(sql, (username,)).fetchone()  # type: ignore[arg-type]
        return int(row[0])
