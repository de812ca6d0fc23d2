"""`danvan backup`, `backup verify` and `restore` on SQLite and on PostgreSQL.

The data is real: a scratch database migrated and filled through the services (`seed_site`, run
once per engine in a `danvan`-like subprocess, because the pytest-django test database is not a
file on SQLite and sits in an uncommitted transaction that pg_dump cannot see on PostgreSQL).
Every test works on its own copy (SQLite: a file copy of the closed template; PostgreSQL:
`CREATE DATABASE ... TEMPLATE`), through the library with raw connections, or through the
`danvan` command itself. PostgreSQL cases run when DATABASE_URL points at PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import io
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dj_database_url
import pytest

from danvan.core import backup
from danvan.core.backup import BackupError, backup_create, backup_restore, backup_verify

REPO = Path(__file__).resolve().parents[2]
DANVAN = [sys.executable, "-m", "danvan.cli"]
PG_URL = os.environ.get("DATABASE_URL", "")
HAVE_PG = PG_URL.startswith(("postgres://", "postgresql://"))
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ENGINES = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(not HAVE_PG, reason="DATABASE_URL is not PostgreSQL"),
    ),
]


# --- The seeded installation (runs inside the subprocess) -------------------------------------


def seed_site() -> None:
    """Migrate the configured database and register real petitions through the services:
    a complaint with an attached PDF and a denunciation whose identity goes into the vault."""
    from django.core.management import call_command

    from danvan.core.models import Role
    from danvan.core.services.calendar import calendar_load_reference
    from danvan.petitions.inputs import FileInput, PersonInput, PetitionInput
    from danvan.petitions.services.intake import petition_register
    from tests.factories import (
        CommuneFactory,
        MembershipFactory,
        OrganizationFactory,
        ProvinceFactory,
        UserFactory,
    )

    call_command("migrate", interactive=False, verbosity=0)
    calendar_load_reference()
    province = ProvinceFactory(code="44", name="Quảng Trị Thử", full_name="Tỉnh Quảng Trị Thử")
    CommuneFactory(code="19001", name="Xã An", full_name="Xã An", parent=province)
    org = OrganizationFactory(code="44-UBND", name="UBND tỉnh Quảng Trị Thử", area=province)
    officer = UserFactory(username="canbo", full_name="Cán Bộ")
    MembershipFactory(user=officer, organization=org, role=Role.OFFICER)
    base: dict[str, Any] = {
        "channel": "in_person",
        "received_on": dt.date(2026, 3, 2),
        "area_code": "19001",
        "topic": "dat_dai",
    }
    complaint = petition_register(
        actor=officer,
        data=PetitionInput(
            kind="complaint",
            content="Khiếu nại Quyết định số 125/QĐ-UBND về việc thu hồi đất của gia đình tôi "
            "tại thôn Đông, bồi thường thấp hơn giá thị trường.",
            petitioners=[PersonInput(full_name="Nguyễn Văn Hùng", id_number="044085001234")],
            **base,
        ),
        files=[FileInput(name="don-khieu-nai.pdf", data=PDF, is_original=True)],
    )
    denunciation = petition_register(
        actor=officer,
        data=PetitionInput(
            kind="denunciation",
            content="Tố cáo cán bộ địa chính xã nhận tiền để hợp thức hóa đất lấn chiếm.",
            petitioners=[PersonInput(full_name="Trần Thị Lan", phone="0912345678")],
            **base,
        ),
    )
    print(json.dumps({"complaint": complaint.pk, "denunciation": denunciation.pk}))


# --- Sites ----------------------------------------------------------------------------------------


def _subprocess_env(*, database_url: str, var: Path, key: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DJANGO_SETTINGS_MODULE="danvan.config.settings",
        DATABASE_URL=database_url,
        DANVAN_VAR_DIR=str(var),
        DANVAN_MEDIA_ROOT=str(var / "media"),
        DANVAN_VAULT_KEY=key,
        DANVAN_VAULT_KEY_FILE="",
        DANVAN_BACKUP_DIR="",
    )
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, capture_output=True, text=True, env=env, cwd=REPO, timeout=900, check=False
    )


def _seed(env: dict[str, str]) -> dict[str, int]:
    code = (
        "import django; django.setup(); from tests.core.test_backup import seed_site; seed_site()"
    )
    done = _run([sys.executable, "-c", code], env)
    assert done.returncode == 0, done.stderr[-3000:]
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _pg_admin(dbname: str = "postgres") -> Any:
    import psycopg

    params = backup.pg_params(dj_database_url.parse(PG_URL), dbname)
    return psycopg.connect(**params, autocommit=True)


def _pg_database(name: str) -> dict[str, Any]:
    database = dict(dj_database_url.parse(PG_URL))
    database["NAME"] = name
    return database


def _pg_url(name: str) -> str:
    head, _sep, _old = PG_URL.rpartition("/")
    query = ""
    if "?" in _old:
        query = "?" + _old.split("?", 1)[1]
    return f"{head}/{name}{query}"


@dataclass
class Template:
    engine: str
    var: Path  # holds danvan.sqlite3 (SQLite) and media/
    dbname: str  # PostgreSQL template database
    ids: dict[str, int]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory, vault_test_key: str) -> Template:
    var = tmp_path_factory.mktemp("backup-template-sqlite")
    env = _subprocess_env(
        database_url=f"sqlite:///{var / 'danvan.sqlite3'}", var=var, key=vault_test_key
    )
    ids = _seed(env)
    for suffix in ("-wal", "-shm"):
        assert not Path(f"{var / 'danvan.sqlite3'}{suffix}").exists()
    return Template("sqlite", var, "", ids)


@pytest.fixture(scope="session")
def pg_template(
    tmp_path_factory: pytest.TempPathFactory, vault_test_key: str
) -> Iterator[Template]:
    var = tmp_path_factory.mktemp("backup-template-pg")
    name = f"danvan_bk_tpl_{secrets.token_hex(4)}"
    with _pg_admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        ids = _seed(_subprocess_env(database_url=_pg_url(name), var=var, key=vault_test_key))
        yield Template("postgresql", var, name, ids)
    finally:
        with _pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Site:
    engine: str
    var: Path
    database: dict[str, Any]
    database_url: str
    ids: dict[str, int]
    key: str

    @property
    def media(self) -> Path:
        return self.var / "media"

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        if self.engine == "sqlite":
            connection = sqlite3.connect(self.database["NAME"])
            try:
                with connection:
                    return list(connection.execute(sql).fetchall())
            finally:
                connection.close()
        import psycopg

        with psycopg.connect(**backup.pg_params(self.database), autocommit=True) as connection:
            cursor = connection.execute(sql)
            return list(cursor.fetchall()) if cursor.description else []

    def env(self) -> dict[str, str]:
        return _subprocess_env(database_url=self.database_url, var=self.var, key=self.key)

    def danvan(self, *args: str) -> subprocess.CompletedProcess[str]:
        return _run([*DANVAN, *args], self.env())

    def audit_head(self) -> tuple[int, str]:
        rows = self.query("SELECT seq, hash FROM core_auditevent ORDER BY seq DESC LIMIT 1")
        return int(rows[0][0]), str(rows[0][1])

    def content(self, pk: int) -> str:
        return str(self.query(f"SELECT content FROM petitions_petition WHERE id = {pk}")[0][0])

    def attachment_path(self) -> Path:
        complaint = self.ids["complaint"]
        name = self.query(
            f"SELECT file FROM petitions_petitionattachment WHERE petition_id = {complaint}"
        )[0][0]
        return self.media / str(name)


def _new_site(
    engine: str,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    settings: Any,
    vault_test_key: str,
    *,
    empty: bool = False,
) -> Site:
    var = tmp_path / f"var-{secrets.token_hex(3)}"
    var.mkdir()
    if engine == "sqlite":
        template: Template = request.getfixturevalue("sqlite_template")
        path = var / "danvan.sqlite3"
        if not empty:
            shutil.copy(template.var / "danvan.sqlite3", path)
        database = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}
        url = f"sqlite:///{path}"
    else:
        template = request.getfixturevalue("pg_template")
        name = f"danvan_bk_{secrets.token_hex(5)}"
        with _pg_admin() as admin:
            if empty:
                admin.execute(f'CREATE DATABASE "{name}"')
            else:
                admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template.dbname}"')

        def drop() -> None:
            with _pg_admin() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        request.addfinalizer(drop)
        database = _pg_database(name)
        url = _pg_url(name)
    if not empty and (template.var / "media").is_dir():
        shutil.copytree(template.var / "media", var / "media")
    settings.MEDIA_ROOT = var / "media"
    settings.VAR_DIR = var
    settings.DANVAN_BACKUP_DIR = ""
    return Site(engine, var, database, url, dict(template.ids), vault_test_key)


@pytest.fixture(params=ENGINES)
def site(
    request: pytest.FixtureRequest, tmp_path: Path, settings: Any, vault_test_key: str
) -> Site:
    return _new_site(request.param, request, tmp_path, settings, vault_test_key)


@pytest.fixture
def sqlite_site(
    request: pytest.FixtureRequest, tmp_path: Path, settings: Any, vault_test_key: str
) -> Site:
    return _new_site("sqlite", request, tmp_path, settings, vault_test_key)


@pytest.fixture
def pg_site(
    request: pytest.FixtureRequest, tmp_path: Path, settings: Any, vault_test_key: str
) -> Site:
    if not HAVE_PG:
        pytest.skip("DATABASE_URL is not PostgreSQL")
    return _new_site("postgresql", request, tmp_path, settings, vault_test_key)


# --- Archive helpers ------------------------------------------------------------------------------


def _members(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive) as tar:
        return {
            info.name: tar.extractfile(info).read()  # type: ignore[union-attr]
            for info in tar
            if info.isfile()
        }


def _manifest(archive: Path) -> dict[str, Any]:
    return dict(json.loads(_members(archive)["manifest.json"]))


def _flip_byte(archive: Path, member: str, at: int = 0) -> None:
    with tarfile.open(archive) as tar:
        offset = tar.getmember(member).offset_data + at
    with archive.open("r+b") as handle:
        handle.seek(offset)
        byte = handle.read(1)
        handle.seek(offset)
        handle.write(bytes([byte[0] ^ 0x01]))


def _rewrite(archive: Path, target: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    """A copy of `archive` whose manifest was edited (members and their hashes unchanged)."""
    members = _members(archive)
    manifest = json.loads(members.pop("manifest.json"))
    change(manifest)
    with tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as tar:
        for name, data in [*members.items(), ("manifest.json", json.dumps(manifest).encode())]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return target


def _make_backup(site: Site, out: Path, **kwargs: Any) -> backup.BackupResult:
    out.mkdir(exist_ok=True)
    return backup_create(out=out, database=site.database, **kwargs)


def _later_activity(site: Site) -> None:
    """What happens after the backup: a case edited, an attachment lost, one more audit row."""
    site.query(
        f"UPDATE petitions_petition SET content = 'nội dung đã bị sửa' "
        f"WHERE id = {site.ids['complaint']}"
    )
    site.attachment_path().unlink()
    seq, last = site.audit_head()
    now = dt.datetime.now(dt.UTC).isoformat()
    site.query(
        "INSERT INTO core_auditevent (seq, created_at, actor_label, verb, target_type, "
        "target_id, target_label, changes, prev_hash, hash) VALUES "
        f"({seq + 1}, '{now}', 'system', 'test.later', 'test', '1', '', '{{}}', '{last}', "
        f"'{'f' * 64}')"
    )


# --- Round trip -----------------------------------------------------------------------------------


def test_restore_brings_back_records_files_and_audit_head(site: Site, tmp_path: Path) -> None:
    # given a backup of a site with real petitions
    head = site.audit_head()
    attachment = site.attachment_path().read_bytes()
    content = site.content(site.ids["complaint"])
    result = _make_backup(site, tmp_path / "out")
    archive = result.path
    assert archive.name.startswith("danvan-backup-") and archive.suffix == ".tar"
    assert archive.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [archive.name]
    manifest = _manifest(archive)
    assert manifest["database"]["vendor"] == site.engine
    assert manifest["audit"]["last_seq"] == head[0]
    assert manifest["audit"]["last_hash"] == head[1] == manifest["audit"]["head_hash"]
    assert manifest["database"]["tables"]["petitions_petition"] == 2
    assert "petitions" in manifest["migrations"]
    assert manifest["files"]["count"] == 1 and manifest["files"]["missing_count"] == 0
    assert manifest["vault"]["key_included"] is False
    members = _members(archive)
    assert "vault.key" not in members
    assert set(members) - {"manifest.json"} == set(manifest["members"])
    for name, data in members.items():
        if name != "manifest.json":
            assert hashlib.sha256(data).hexdigest() == manifest["members"][name]["sha256"]
    assert backup_verify(archive).ok

    # when the data changes afterwards
    _later_activity(site)
    assert site.audit_head() != head

    # then a restore without confirmation refuses and changes nothing
    with pytest.raises(BackupError) as refused:
        backup_restore(archive, database=site.database)
    assert refused.value.returncode == 2
    assert "--yes" in refused.value.message
    assert site.content(site.ids["complaint"]) == "nội dung đã bị sửa"

    # and a confirmed restore brings back the records, the file and the audit head
    restored = backup_restore(archive, confirmed=True, database=site.database)
    assert restored.ok, restored.problems
    assert site.content(site.ids["complaint"]) == content
    assert site.attachment_path().read_bytes() == attachment
    assert site.audit_head() == head
    rows = site.query("SELECT count(*) FROM petitions_vaultentry")
    assert rows[0][0] == manifest["database"]["tables"]["petitions_vaultentry"] == 1
    assert not list(site.var.glob(".danvan-restore-*"))
    assert not list(site.media.glob(".danvan-restore-*"))
    if site.engine == "sqlite":
        kept = list(site.var.glob("danvan.sqlite3.before-restore-*"))
        assert len(kept) == 1
        old = sqlite3.connect(kept[0])
        try:
            text = old.execute(
                f"SELECT content FROM petitions_petition WHERE id = {site.ids['complaint']}"
            ).fetchone()[0]
        finally:
            old.close()
        assert text == "nội dung đã bị sửa"


def test_cli_backup_verify_restore_then_audit_verify(site: Site, tmp_path: Path) -> None:
    out = tmp_path / "backups"
    out.mkdir()
    made = site.danvan("backup", "--out", str(out), "--verify")
    assert made.returncode == 0, made.stderr
    assert "Đã sao lưu vào" in made.stdout and "OK:" in made.stdout
    assert "KHÔNG nằm trong bản sao lưu" in made.stderr  # the vault key warning
    (archive,) = out.glob("danvan-backup-*.tar")
    head = _manifest(archive)["audit"]["last_hash"]
    _later_activity(site)

    refused = site.danvan("restore", str(archive))
    assert refused.returncode == 2
    assert "--yes" in refused.stderr

    done = site.danvan("restore", str(archive), "--yes")
    assert done.returncode == 0, done.stderr
    assert "Đã khôi phục" in done.stdout
    chain = site.danvan("audit", "verify")
    assert chain.returncode == 0, chain.stderr
    assert head in chain.stdout


# --- Damaged archives -----------------------------------------------------------------------------


def test_flipped_byte_fails_verify_and_restore_refuses(site: Site, tmp_path: Path) -> None:
    archive = _make_backup(site, tmp_path / "out").path
    media_member = next(n for n in _manifest(archive)["members"] if n.startswith("media/"))
    db_member = backup.DB_MEMBERS[site.engine]
    _later_activity(site)

    _flip_byte(archive, media_member, at=3)
    report = backup_verify(archive)
    assert not report.ok
    assert any(media_member in p and "SHA-256" in p for p in report.problems)

    with pytest.raises(BackupError) as refused:
        backup_restore(archive, confirmed=True, database=site.database)
    assert refused.value.returncode == 1
    assert any(media_member in p for p in refused.value.problems)
    assert site.content(site.ids["complaint"]) == "nội dung đã bị sửa"  # untouched
    assert not site.attachment_path().exists()
    assert not list(site.media.glob(".danvan-restore-*"))

    _flip_byte(archive, media_member, at=3)  # repaired
    assert backup_verify(archive).ok
    _flip_byte(archive, db_member, at=200)
    report = backup_verify(archive)
    assert any(db_member in p for p in report.problems)

    cli = site.danvan("backup", "verify", str(archive))
    assert cli.returncode == 1
    assert db_member in cli.stderr and "KHÔNG đạt" in cli.stderr


def test_truncated_archive_fails_verify_and_restore(site: Site, tmp_path: Path) -> None:
    archive = _make_backup(site, tmp_path / "out").path
    with tarfile.open(archive) as tar:
        in_manifest = tar.getmember("manifest.json").offset_data + 10
    # Cutting only the zero blocks at the end loses nothing; these cuts lose content.
    for size in (archive.stat().st_size // 2, in_manifest):
        cut = tmp_path / f"cut-{size}.tar"
        cut.write_bytes(archive.read_bytes()[:size])
        report = backup_verify(cut)
        assert not report.ok
        assert any("cụt" in p for p in report.problems), report.problems
        with pytest.raises(BackupError) as refused:
            backup_restore(cut, confirmed=True, database=site.database)
        assert refused.value.returncode == 1


def test_manifest_that_lies_about_counts_leaves_the_database_untouched(
    site: Site, tmp_path: Path
) -> None:
    # The members are intact, but the manifest promises one more user than the dump holds:
    # SQLite refuses before the swap, PostgreSQL rolls the one restore transaction back.
    archive = _make_backup(site, tmp_path / "out").path

    def one_more_user(manifest: dict[str, Any]) -> None:
        manifest["database"]["tables"]["core_user"] += 1

    lying = _rewrite(archive, tmp_path / "lying.tar", one_more_user)
    _later_activity(site)
    with pytest.raises(BackupError) as failed:
        backup_restore(lying, confirmed=True, database=site.database)
    assert failed.value.returncode == 1
    text = failed.value.message + " ".join(failed.value.problems)
    assert "core_user" in text
    assert site.content(site.ids["complaint"]) == "nội dung đã bị sửa"
    assert not site.attachment_path().exists()  # files are swapped only after the database


# --- Refusals -------------------------------------------------------------------------------------


def test_archive_of_the_other_engine_is_refused(sqlite_site: Site, tmp_path: Path) -> None:
    archive = _make_backup(sqlite_site, tmp_path / "out").path
    pg_like = {"ENGINE": "django.db.backends.postgresql", "NAME": "danvan_never_touched"}
    with pytest.raises(BackupError) as refused:
        backup_restore(archive, confirmed=True, database=pg_like)
    assert refused.value.returncode == 2
    assert "SQLite" in refused.value.message and "PostgreSQL" in refused.value.message

    # An archive that says PostgreSQL is refused by a SQLite installation, before anything.
    dump = b"PGDMP fake"
    fake = tmp_path / "fake-pg.tar"
    manifest = _manifest(archive)
    manifest["database"].update(vendor="postgresql", member="database.pgdump")
    manifest["members"] = {
        "database.pgdump": {"size": len(dump), "sha256": hashlib.sha256(dump).hexdigest()}
    }
    with tarfile.open(fake, "w") as tar:
        for name, data in (("database.pgdump", dump), ("manifest.json", json.dumps(manifest))):
            raw = data if isinstance(data, bytes) else data.encode()
            info = tarfile.TarInfo(name)
            info.size = len(raw)
            tar.addfile(info, io.BytesIO(raw))
    with pytest.raises(BackupError) as refused:
        backup_restore(fake, confirmed=True, database=sqlite_site.database)
    assert refused.value.returncode == 2
    assert "PostgreSQL" in refused.value.message


def test_real_cross_engine_restores_are_refused(
    sqlite_site: Site, pg_site: Site, tmp_path: Path
) -> None:
    sqlite_archive = _make_backup(sqlite_site, tmp_path / "a").path
    pg_archive = _make_backup(pg_site, tmp_path / "b").path
    head = pg_site.audit_head()
    for archive, target in ((sqlite_archive, pg_site), (pg_archive, sqlite_site)):
        with pytest.raises(BackupError) as refused:
            backup_restore(archive, confirmed=True, database=target.database)
        assert refused.value.returncode == 2
        assert "không khôi phục chéo" in refused.value.message
    assert pg_site.audit_head() == head


def test_archive_from_a_newer_danvan_is_refused(sqlite_site: Site, tmp_path: Path) -> None:
    archive = _make_backup(sqlite_site, tmp_path / "out").path

    def newer(manifest: dict[str, Any]) -> None:
        manifest["migrations"]["core"] = "9999_from_the_future"

    with pytest.raises(BackupError) as refused:
        backup_restore(
            _rewrite(archive, tmp_path / "newer.tar", newer),
            confirmed=True,
            database=sqlite_site.database,
        )
    assert refused.value.returncode == 2
    assert "core.9999_from_the_future" in refused.value.message


def test_sqlite_database_in_use_is_not_replaced(sqlite_site: Site, tmp_path: Path) -> None:
    archive = _make_backup(sqlite_site, tmp_path / "out").path
    _later_activity(sqlite_site)
    other = sqlite3.connect(sqlite_site.database["NAME"])  # e.g. danvan serve
    try:
        other.execute("SELECT count(*) FROM core_user").fetchone()
        with pytest.raises(BackupError) as refused:
            backup_restore(archive, confirmed=True, database=sqlite_site.database)
    finally:
        other.close()
    assert refused.value.returncode == 2
    assert "đang được dùng" in refused.value.message
    assert sqlite_site.content(sqlite_site.ids["complaint"]) == "nội dung đã bị sửa"


@pytest.mark.parametrize("engine", ENGINES)
def test_restore_into_an_empty_database_needs_no_confirmation(
    engine: str,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    settings: Any,
    vault_test_key: str,
) -> None:
    source = _new_site(engine, request, tmp_path, settings, vault_test_key)
    archive = _make_backup(source, tmp_path / "out").path
    head = source.audit_head()
    # a new machine: no SQLite file yet / a freshly created PostgreSQL database
    target = _new_site(engine, request, tmp_path, settings, vault_test_key, empty=True)
    result = backup_restore(archive, database=target.database)
    assert result.ok, result.problems
    assert target.audit_head() == head
    assert target.attachment_path().read_bytes() == PDF
    if engine == "sqlite":
        assert Path(target.database["NAME"]).stat().st_mode & 0o777 == 0o600


# --- Output directory -----------------------------------------------------------------------------


def test_unwritable_out_gives_a_clear_error_and_leaves_nothing(
    sqlite_site: Site, tmp_path: Path
) -> None:
    if os.geteuid() == 0:
        blocked = Path("/sys")  # read-only even for root
        before = set(os.listdir(blocked))
    else:
        blocked = tmp_path / "read-only"
        blocked.mkdir()
        blocked.chmod(0o500)
        before = set()
    result = sqlite_site.danvan("backup", "--out", str(blocked))
    assert result.returncode == 2
    assert "Không ghi được vào thư mục" in result.stderr
    assert set(os.listdir(blocked)) == before


def test_failure_while_writing_leaves_no_partial_archive(
    sqlite_site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()

    def disk_full(root: Path) -> Any:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup, "media_files", disk_full)
    with pytest.raises(BackupError) as failed:
        backup_create(out=out, database=sqlite_site.database)
    assert "No space left on device" in failed.value.message
    assert list(out.iterdir()) == []


def test_out_file_that_exists_is_not_overwritten(sqlite_site: Site, tmp_path: Path) -> None:
    target = tmp_path / "mine.tar"
    target.write_bytes(b"keep me")
    with pytest.raises(BackupError):
        backup_create(out=target, database=sqlite_site.database)
    assert target.read_bytes() == b"keep me"


def test_out_inside_the_files_directory_is_refused(sqlite_site: Site) -> None:
    inside = sqlite_site.media / "backups"
    inside.mkdir()
    with pytest.raises(BackupError) as refused:
        backup_create(out=inside, database=sqlite_site.database)
    assert "tự chứa chính nó" in refused.value.message
    assert list(inside.iterdir()) == []


def test_missing_archive_is_bad_input(tmp_path: Path) -> None:
    for call in (backup_verify, backup_restore):
        with pytest.raises(BackupError) as refused:
            call(tmp_path / "none.tar")
        assert refused.value.returncode == 2
        assert "Không có tệp sao lưu" in refused.value.message


def test_keep_removes_only_the_oldest_archives(tmp_path: Path) -> None:
    names = [f"danvan-backup-2026030{d}T010000Z.tar" for d in range(1, 6)]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "other.tar").write_bytes(b"x")
    removed = backup.prune_archives(tmp_path / names[-1], 2)
    assert sorted(p.name for p in removed) == names[:3]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*names[3:], "other.tar"])


# --- Vault key and files --------------------------------------------------------------------------


def test_include_key_puts_the_keys_in_and_restore_writes_a_missing_key_file(
    sqlite_site: Site, tmp_path: Path, settings: Any, vault_test_key: str
) -> None:
    archive = _make_backup(sqlite_site, tmp_path / "out", include_key=True).path
    members = _members(archive)
    assert vault_test_key in members["vault.key"].decode()
    manifest = _manifest(archive)
    assert manifest["vault"]["key_included"] is True
    assert manifest["vault"]["key_ids"] == [backup.vault_key_id(vault_test_key)]
    assert vault_test_key not in members["manifest.json"].decode()

    # restored on a machine whose key file is gone
    key_file = sqlite_site.var / "restored-vault.key"
    settings.DANVAN_VAULT_KEY = ""
    settings.DANVAN_VAULT_KEY_FILE = str(key_file)
    result = backup_restore(archive, confirmed=True, database=sqlite_site.database)
    assert result.ok
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert vault_test_key in key_file.read_text()
    assert not any("thiếu" in note for note in result.notes)


def test_restore_without_the_key_warns_which_key_is_missing(
    sqlite_site: Site, tmp_path: Path, settings: Any, vault_test_key: str
) -> None:
    archive = _make_backup(sqlite_site, tmp_path / "out").path
    settings.DANVAN_VAULT_KEY = ""
    settings.DANVAN_VAULT_KEY_FILE = str(tmp_path / "absent.key")
    result = backup_restore(archive, confirmed=True, database=sqlite_site.database)
    assert result.ok
    warning = next(n for n in result.notes if "thiếu" in n)
    assert backup.vault_key_id(vault_test_key) in warning


def test_vault_key_id_is_the_vaults_own(vault_test_key: str) -> None:
    from danvan.petitions.vault import vault_key_id

    assert backup.vault_key_id(vault_test_key) == vault_key_id(vault_test_key)
    assert backup.vault_key_id("not a key") == ""


def test_no_files_leaves_the_files_alone(sqlite_site: Site, tmp_path: Path) -> None:
    archive = _make_backup(sqlite_site, tmp_path / "out", include_files=False).path
    assert not [n for n in _members(archive) if n.startswith("media/")]
    assert _manifest(archive)["files"]["included"] is False
    extra = sqlite_site.media / "added-later.txt"
    extra.write_text("sau khi sao lưu")
    result = backup_restore(archive, confirmed=True, database=sqlite_site.database)
    assert result.ok
    assert extra.read_text() == "sau khi sao lưu"
    assert sqlite_site.attachment_path().read_bytes() == PDF


def test_unsafe_member_names_are_refused() -> None:
    for name in ("../etc/passwd", "/etc/passwd", "media/../../x", "media/.danvan-x/y", "other"):
        assert backup._member_name_problem(name)
    for name in ("manifest.json", "database.pgdump", "media/2026/a b.pdf", "vault.key"):
        assert backup._member_name_problem(name) == ""


# --- PostgreSQL only ------------------------------------------------------------------------------


def test_deep_verify_restores_into_a_scratch_database_and_drops_it(
    pg_site: Site, tmp_path: Path
) -> None:
    archive = _make_backup(pg_site, tmp_path / "out").path
    report = backup_verify(archive, deep=True, database=pg_site.database)
    assert report.ok, report.problems
    assert any("danvan_verify_" in note for note in report.notes)
    left = pg_site.query("SELECT datname FROM pg_database WHERE datname LIKE 'danvan_verify_%'")
    assert left == []


def test_pg_env_keeps_the_password_off_the_command_line() -> None:
    database = {
        "NAME": "danvan",
        "USER": "danvan",
        "PASSWORD": "bí mật",
        "HOST": "db.local",
        "PORT": 5433,
        "OPTIONS": {"sslmode": "require", "pool": True},
    }
    params = backup.pg_params(database)
    assert params == {
        "dbname": "danvan",
        "user": "danvan",
        "password": "bí mật",
        "host": "db.local",
        "port": "5433",
        "sslmode": "require",
    }
    env = backup.pg_env(params)
    assert env["PGPASSWORD"] == "bí mật" and env["PGSSLMODE"] == "require"
    assert env["PGDATABASE"] == "danvan" and env["PGPORT"] == "5433"
