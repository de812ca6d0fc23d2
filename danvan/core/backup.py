"""Backup and restore of one installation: the database, the uploaded files, a manifest.

`danvan backup` writes ONE uncompressed tar file (written to a temporary name beside the target,
fsynced, then renamed; mode 0600):

    database.sqlite3.gz   SQLite: a consistent copy made with sqlite3's online backup API
                          (never a file copy of a WAL database), gzip-compressed
    database.pgdump       PostgreSQL: `pg_dump -Fc` taken in the same exported snapshot in which
                          the manifest's row counts and audit head are read
    media/...             the uploaded files (`MEDIA_ROOT`) unless --no-files
    vault.key             the identity vault's keys, only with --include-key
    manifest.json         (last) format version, danvan version, creation time, vendor, the
                          last migration per app, row counts per table, the audit log's head,
                          the files, the vault key ids (never the keys), sha256 of every member

Not archived: caches (`var/cache`, `var/static`) and the topic classifier model (a pickle,
rebuilt by `danvan classify train` from the committed data and the restored corrections: a
pickle taken from an archive must never be loaded).

`backup_verify` re-hashes every member, opens the database dump (SQLite: `PRAGMA
integrity_check`, foreign keys, the search index, row counts and audit head equal to the
manifest; PostgreSQL: `pg_restore --list`, and with `deep` a restore into a scratch database
whose counts are compared, then dropped). `backup_restore` verifies first, refuses another
engine, a newer schema and (without `confirmed`) a database that holds data, then restores:
SQLite into a temporary file swapped in atomically (the old file kept beside it); PostgreSQL in
ONE transaction (`psql --single-transaction`: drop the schema's objects, the dump's SQL, then a
check that every table's row count and the audit head equal the manifest), so a failure at any
point leaves the old database untouched. Files are swapped in afterwards (the old ones kept in
`MEDIA_ROOT/.danvan-before-restore-*`), then the result is checked again.

Core imports no other app: the vault key is read from the settings (`DANVAN_VAULT_KEY`,
`DANVAN_VAULT_KEY_FILE`), and the referenced files are found through the models' FileFields.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import datetime as dt
import glob
import gzip
import hashlib
import io
import json
import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings

FORMAT = "danvan-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DB_MEMBERS = {"sqlite": "database.sqlite3.gz", "postgresql": "database.pgdump"}
MEDIA_PREFIX = "media/"
KEY_MEMBER = "vault.key"
ARCHIVE_PREFIX = "danvan-backup-"
ARCHIVE_SUFFIX = ".tar"
# Top-level names in MEDIA_ROOT that belong to restores in progress or done: never archived.
MEDIA_SKIP_PREFIX = ".danvan-"
VENDOR_LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}

_CHUNK = 1024 * 1024
_TABLE_NAME = re.compile(r"^[A-Za-z0-9_]+$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_LOCK_TIMEOUT = "20s"
_PROBLEMS_SHOWN = 20


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do.

    `returncode` 2: refused or bad input (nothing changed); 1: the archive or the restored
    data failed verification.
    """

    def __init__(self, message: str, *, returncode: int = 2, problems: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.returncode = returncode
        self.problems = problems or []


# --- What a database holds ------------------------------------------------------------------------


@dataclass
class DbStats:
    tables: dict[str, int]
    audit: dict[str, Any] | None
    migrations: dict[str, str]
    migrations_applied: int
    applied: set[tuple[str, str]] = field(default_factory=set)

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _audit_tables() -> tuple[str, str]:
    from danvan.core.models import AuditChainHead, AuditEvent

    return AuditEvent._meta.db_table, AuditChainHead._meta.db_table


def _user_table() -> str:
    from django.contrib.auth import get_user_model

    return get_user_model()._meta.db_table


def _table_names(cursor: Any, vendor: str) -> list[str]:
    if vendor == "sqlite":
        # Virtual tables (the FTS5 index) are skipped: their shadow tables are counted.
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND coalesce(sql, '') NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
        )
    else:
        cursor.execute(
            "SELECT c.relname FROM pg_catalog.pg_class c "
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY c.relname"
        )
    return [str(row[0]) for row in cursor.fetchall()]


def db_stats(cursor: Any, vendor: str) -> DbStats:
    """Row counts of every table, the audit log's head and the migrations, read through a
    DB-API cursor (sqlite3 or psycopg; no parameters, so either paramstyle works)."""
    counts: dict[str, int] = {}
    for name in _table_names(cursor, vendor):
        cursor.execute(f"SELECT count(*) FROM {_q(name)}")
        counts[name] = int(cursor.fetchone()[0])
    event_table, head_table = _audit_tables()
    audit: dict[str, Any] | None = None
    if event_table in counts:
        cursor.execute(f"SELECT seq, hash FROM {_q(event_table)} ORDER BY seq DESC LIMIT 1")
        last = cursor.fetchone()
        audit = {
            "events": counts[event_table],
            "last_seq": int(last[0]) if last else 0,
            "last_hash": str(last[1]) if last else "",
            "head_seq": 0,
            "head_hash": "",
        }
        if head_table in counts:
            cursor.execute(f"SELECT seq, hash FROM {_q(head_table)} WHERE id = 1")
            head = cursor.fetchone()
            if head:
                audit["head_seq"], audit["head_hash"] = int(head[0]), str(head[1])
    migrations: dict[str, str] = {}
    applied: set[tuple[str, str]] = set()
    if "django_migrations" in counts:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        for app, name in cursor.fetchall():
            migrations[str(app)] = str(name)
            applied.add((str(app), str(name)))
    return DbStats(
        tables=counts,
        audit=audit,
        migrations=migrations,
        migrations_applied=len(applied),
        applied=applied,
    )


def _data_counts(cursor: Any, vendor: str) -> tuple[int, int]:
    """(users, audit events) of a database: what "the database holds data" means here."""
    names = set(_table_names(cursor, vendor))
    counts = []
    for table in (_user_table(), _audit_tables()[0]):
        if table in names:
            cursor.execute(f"SELECT count(*) FROM {_q(table)}")
            counts.append(int(cursor.fetchone()[0]))
        else:
            counts.append(0)
    return counts[0], counts[1]


def _file_columns() -> list[tuple[str, str]]:
    """(table, column) of every FileField of every installed model."""
    from django.apps import apps
    from django.db import models

    columns: list[tuple[str, str]] = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        for model_field in meta.concrete_fields:
            if isinstance(model_field, models.FileField) and model_field.column:
                columns.append((meta.db_table, model_field.column))
    return sorted(set(columns))


def file_references(cursor: Any, tables: Mapping[str, int]) -> set[str]:
    """The storage names of every file the database refers to."""
    names: set[str] = set()
    for table, column in _file_columns():
        if not tables.get(table):
            continue
        cursor.execute(
            f"SELECT {_q(column)} FROM {_q(table)} WHERE {_q(column)} IS NOT NULL "
            f"AND {_q(column)} <> ''"
        )
        names.update(str(row[0]) for row in cursor.fetchall())
    return names


def _stats_compare(stats: DbStats, manifest: Mapping[str, Any], *, where: str) -> list[str]:
    problems: list[str] = []
    expected: dict[str, int] = manifest["database"]["tables"]
    missing = sorted(set(expected) - set(stats.tables))
    extra = sorted(set(stats.tables) - set(expected))
    if missing:
        problems.append(f"{where}: thiếu bảng {', '.join(missing[:10])}.")
    if extra:
        problems.append(f"{where}: có bảng không ghi trong bản kê: {', '.join(extra[:10])}.")
    for table in sorted(set(expected) & set(stats.tables)):
        if stats.tables[table] != expected[table]:
            problems.append(
                f"{where}: bảng {table} có {stats.tables[table]} dòng, "
                f"bản kê ghi {expected[table]}."
            )
    audit = manifest.get("audit")
    if audit and stats.audit:
        for key in ("events", "last_seq", "last_hash", "head_seq", "head_hash"):
            if stats.audit.get(key) != audit.get(key):
                problems.append(
                    f"{where}: đầu chuỗi nhật ký thao tác khác bản kê ({key}: "
                    f"{stats.audit.get(key)} ≠ {audit.get(key)})."
                )
                break
    elif bool(audit) != bool(stats.audit):
        problems.append(f"{where}: nhật ký thao tác không khớp bản kê.")
    if stats.migrations != manifest.get("migrations", {}):
        problems.append(f"{where}: trạng thái migration khác bản kê.")
    return problems


# --- Settings-derived pieces ----------------------------------------------------------------------


def _danvan_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("danvan")
    except PackageNotFoundError:
        return "0+unknown"


def _vendor_of(database: Mapping[str, Any]) -> str:
    engine = str(database.get("ENGINE", ""))
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(
        f"Sao lưu chỉ hỗ trợ SQLite và PostgreSQL, không hỗ trợ {engine or 'cơ sở dữ liệu này'}."
    )


def _default_database() -> dict[str, Any]:
    return dict(settings.DATABASES["default"])


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def default_backup_dir() -> Path:
    configured = str(getattr(settings, "DANVAN_BACKUP_DIR", "") or "").strip()
    if configured:
        return Path(configured)
    return Path(settings.VAR_DIR) / "backups"


@dataclass(frozen=True)
class VaultKeys:
    source: str  # "env", "file" or "" (none configured)
    lines: tuple[str, ...] = field(repr=False)
    path: Path | None = None

    @property
    def key_ids(self) -> list[str]:
        ids: list[str] = []
        for line in self.lines:
            key_id = vault_key_id(line)
            if key_id and key_id not in ids:
                ids.append(key_id)
        return ids


def vault_key_id(text: str) -> str:
    """The public id of a vault key, as `danvan.petitions.vault.vault_key_id` computes it (the
    first 8 hex digits of the SHA-256 of the raw 32 bytes); "" for text that is not a key."""
    try:
        raw = base64.b64decode(text.strip().encode("ascii"), altchars=b"-_", validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        return ""
    return hashlib.sha256(raw).hexdigest()[:8] if len(raw) == 32 else ""


def _key_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def vault_keys() -> VaultKeys:
    env = str(getattr(settings, "DANVAN_VAULT_KEY", "") or "").strip()
    if env:
        return VaultKeys("env", tuple(t.strip() for t in env.split(",") if t.strip()))
    path_text = str(getattr(settings, "DANVAN_VAULT_KEY_FILE", "") or "").strip()
    if path_text:
        path = Path(path_text)
        try:
            return VaultKeys("file", tuple(_key_lines(path.read_text(encoding="utf-8"))), path)
        except FileNotFoundError:
            return VaultKeys("", (), path)
        except (OSError, UnicodeDecodeError) as exc:
            raise BackupError(f"Không đọc được tệp khóa kho bảo mật {path}: {exc}.") from None
    return VaultKeys("", ())


_KEY_HEADER = (
    "# danvan: khóa kho bảo mật danh tính người tố cáo (dòng đầu mã hóa, mọi dòng giải mã).\n"
    "# Giữ bí mật và sao lưu riêng: mất khóa là mất danh tính đã lưu.\n"
)


def _write_private(path: Path, data: bytes) -> None:
    """Write a file readable by its owner only, atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".danvan-", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# --- Tar members ----------------------------------------------------------------------------------


class _HashingReader(io.RawIOBase):
    """Reads from a file while hashing what was read (tarfile reads exactly `size` bytes)."""

    def __init__(self, handle: IO[bytes]):
        self.handle = handle
        self.digest = hashlib.sha256()
        self.count = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        self.count += len(data)
        return data


class _ArchiveWriter:
    def __init__(self, tar: tarfile.TarFile, mtime: float):
        self.tar = tar
        self.mtime = mtime
        self.members: dict[str, dict[str, Any]] = {}

    def _info(self, name: str, size: int) -> tarfile.TarInfo:
        info = tarfile.TarInfo(name)
        info.size = size
        info.mtime = int(self.mtime)
        info.mode = 0o600
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        return info

    def add_path(self, name: str, path: Path) -> int:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            reader = _HashingReader(handle)
            try:
                self.tar.addfile(self._info(name, size), reader)
            except OSError as exc:
                raise BackupError(
                    f"Tệp {path} thay đổi trong lúc sao lưu ({exc}); chạy lại lệnh sao lưu."
                ) from None
        self.members[name] = {"size": size, "sha256": reader.digest.hexdigest()}
        return size

    def add_bytes(self, name: str, data: bytes, *, record: bool = True) -> None:
        self.tar.addfile(self._info(name, len(data)), io.BytesIO(data))
        if record:
            self.members[name] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def _member_name_problem(name: str) -> str:
    """Why an archive member's name is not acceptable ("" when it is)."""
    path = PurePosixPath(name)
    if (
        not name
        or name.startswith("/")
        or "\\" in name
        or "\x00" in name
        or any(part in ("", ".", "..") for part in name.split("/"))
    ):
        return f"tên thành phần không an toàn: {name!r}"
    if name in (MANIFEST, KEY_MEMBER, *DB_MEMBERS.values()):
        return ""
    if name.startswith(MEDIA_PREFIX) and len(path.parts) >= 2:
        if path.parts[1].startswith(MEDIA_SKIP_PREFIX):
            return f"tên thành phần không an toàn: {name!r}"
        return ""
    return f"thành phần lạ trong bản sao lưu: {name!r}"


def media_files(root: Path) -> tuple[list[tuple[str, Path]], list[str]]:
    """(storage name, path) of every regular file under `root`, sorted; and what was skipped
    (symbolic links, special files)."""
    found: list[tuple[str, Path]] = []
    skipped: list[str] = []
    if not root.is_dir():
        return found, skipped
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        rel_dir = here.relative_to(root)
        if rel_dir == Path("."):
            dirnames[:] = [d for d in dirnames if not d.startswith(MEDIA_SKIP_PREFIX)]
            filenames = [f for f in filenames if not f.startswith(MEDIA_SKIP_PREFIX)]
        for name in list(dirnames):
            if (here / name).is_symlink():
                skipped.append((rel_dir / name).as_posix())
                dirnames.remove(name)
        dirnames.sort()
        for name in sorted(filenames):
            path = here / name
            rel = (rel_dir / name).as_posix()
            if path.is_symlink() or not path.is_file():
                skipped.append(rel)
                continue
            found.append((rel, path))
    return found, skipped


# --- Database engines -----------------------------------------------------------------------------


@dataclass
class Dump:
    path: Path
    stats: DbStats
    tool: str
    server: str
    references: set[str]


class _Engine:
    vendor = ""

    def __init__(self, database: Mapping[str, Any]):
        self.database = database

    @property
    def label(self) -> str:
        return VENDOR_LABELS[self.vendor]

    def dump(self, staging: Path) -> Dump:
        raise NotImplementedError

    def data_counts(self) -> tuple[int, int] | None:
        """(users, audit events), or None when there is no database yet."""
        raise NotImplementedError

    def live_stats(self) -> tuple[DbStats, set[str]]:
        raise NotImplementedError

    def staging_parent(self) -> Path:
        raise NotImplementedError

    def restore(self, dump: Path, manifest: Mapping[str, Any], *, keep_old: bool) -> list[str]:
        raise NotImplementedError


class _Sqlite(_Engine):
    vendor = "sqlite"

    @property
    def path(self) -> Path:
        name = str(self.database.get("NAME") or "")
        if not name or name == ":memory:" or name.startswith("file:"):
            raise BackupError(
                f"Cơ sở dữ liệu SQLite {name!r} không phải một tệp: không sao lưu được."
            )
        return Path(name)

    def _connect_existing(self, *, timeout: float = 30.0) -> sqlite3.Connection:
        # mode=rw: never create an empty database where the real one is missing.
        return sqlite3.connect(self.path.resolve().as_uri() + "?mode=rw", uri=True, timeout=timeout)

    def dump(self, staging: Path) -> Dump:
        if not self.path.is_file():
            raise BackupError(
                f"Không có cơ sở dữ liệu SQLite tại {self.path}: kiểm tra DANVAN_VAR_DIR "
                "hoặc DATABASE_URL."
            )
        copy = staging / "database.sqlite3"
        try:
            source = self._connect_existing()
            target = sqlite3.connect(copy)
            try:
                # One step (pages=-1): the whole database under one read transaction, so the
                # copy is consistent while the site keeps writing (WAL readers do not block).
                source.backup(target)
                target.execute("PRAGMA journal_mode=DELETE")
                stats = db_stats(target.cursor(), "sqlite")
                references = file_references(target.cursor(), stats.tables)
            finally:
                target.close()
                source.close()
        except sqlite3.Error as exc:
            raise BackupError(
                f"Không sao chép được cơ sở dữ liệu SQLite {self.path}: {exc}."
            ) from None
        packed = staging / DB_MEMBERS["sqlite"]
        with copy.open("rb") as raw, gzip.open(packed, "wb", compresslevel=6) as out:
            shutil.copyfileobj(raw, out, _CHUNK)
        copy.unlink()
        return Dump(
            path=packed,
            stats=stats,
            tool=f"sqlite3 {sqlite3.sqlite_version}",
            server=f"SQLite {sqlite3.sqlite_version}",
            references=references,
        )

    def data_counts(self) -> tuple[int, int] | None:
        if not self.path.exists():
            return None
        try:
            connection = self._connect_existing()
            try:
                return _data_counts(connection.cursor(), "sqlite")
            finally:
                connection.close()
        except sqlite3.Error as exc:
            raise BackupError(f"Không đọc được cơ sở dữ liệu SQLite {self.path}: {exc}.") from None

    def live_stats(self) -> tuple[DbStats, set[str]]:
        connection = self._connect_existing()
        try:
            stats = db_stats(connection.cursor(), "sqlite")
            return stats, file_references(connection.cursor(), stats.tables)
        finally:
            connection.close()

    def staging_parent(self) -> Path:
        # Beside the database file, so the swap is a rename on one file system.
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return self.path.parent

    def restore(self, dump: Path, manifest: Mapping[str, Any], *, keep_old: bool) -> list[str]:
        notes: list[str] = []
        path = self.path
        old_stat = path.stat() if path.exists() else None
        if old_stat is not None:
            try:
                # Exclusive locking mode: fails at once while any other process (danvan serve,
                # the worker, a shell) has the database open, even idle.
                probe = sqlite3.connect(
                    path.resolve().as_uri() + "?mode=rw",
                    uri=True,
                    timeout=2,
                    isolation_level=None,
                )
                try:
                    probe.execute("PRAGMA locking_mode=EXCLUSIVE")
                    probe.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                    probe.execute("BEGIN EXCLUSIVE")
                    probe.execute("COMMIT")
                    if keep_old:
                        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
                        kept = path.with_name(f"{path.name}.before-restore-{stamp}")
                        copy = sqlite3.connect(kept)
                        try:
                            probe.backup(copy)
                            copy.execute("PRAGMA journal_mode=DELETE")
                        finally:
                            copy.close()
                        os.chmod(kept, 0o600)
                        notes.append(f"Cơ sở dữ liệu cũ được giữ lại ở {kept} (xóa khi không cần).")
                    probe.execute("PRAGMA journal_mode=DELETE")
                finally:
                    probe.close()
            except sqlite3.OperationalError as exc:
                raise BackupError(
                    f"Cơ sở dữ liệu {path} đang được dùng ({exc}): dừng danvan serve, danvan "
                    "worker và mọi tiến trình đang mở nó rồi chạy lại. Chưa có gì bị thay đổi."
                ) from None
        for suffix in ("-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{path}{suffix}")
        if old_stat is not None:
            _match_owner(dump, old_stat)
        else:
            os.chmod(dump, 0o600)
        os.replace(dump, path)
        _fsync_dir(path.parent)
        return notes


_PG_OPTION_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslcrl": "PGSSLCRL",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "options": "PGOPTIONS",
    "application_name": "PGAPPNAME",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "gssencmode": "PGGSSENCMODE",
    "channel_binding": "PGCHANNELBINDING",
}
_PG_BASE_ENV = {
    "dbname": "PGDATABASE",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "host": "PGHOST",
    "port": "PGPORT",
}


def pg_params(database: Mapping[str, Any], dbname: str | None = None) -> dict[str, str]:
    """libpq connection keywords from a Django database setting."""
    params: dict[str, str] = {}
    name = dbname if dbname is not None else database.get("NAME")
    if name:
        params["dbname"] = str(name)
    for key, setting in (("user", "USER"), ("password", "PASSWORD"), ("host", "HOST")):
        value = database.get(setting)
        if value:
            params[key] = str(value)
    if database.get("PORT"):
        params["port"] = str(database["PORT"])
    for key, value in (database.get("OPTIONS") or {}).items():
        if key in _PG_OPTION_ENV and value not in (None, ""):
            params[key] = str(value)
    return params


def pg_env(params: Mapping[str, str]) -> dict[str, str]:
    """The environment for pg_dump, pg_restore and psql: the password never goes on argv."""
    env = dict(os.environ)
    mapping = {**_PG_BASE_ENV, **_PG_OPTION_ENV}
    for key, value in params.items():
        env[mapping[key]] = value
    return env


def _tool_major(path: str) -> int:
    try:
        out = subprocess.run(
            [path, "--version"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except OSError:
        return 0
    match = re.search(r"\)\s*(\d+)(?:\.(\d+))?", out) or re.search(r"(\d+)\.(\d+)", out)
    return int(match.group(1)) if match else 0


def pg_tool(name: str, need_major: int) -> tuple[str, int]:
    """A PostgreSQL client program of at least `need_major`: PATH first, then the versioned
    Debian directories /usr/lib/postgresql/*/bin, newest first."""
    candidates: list[str] = []
    on_path = shutil.which(name)
    if on_path:
        candidates.append(on_path)

    def version_of(path: str) -> int:
        match = re.search(r"/postgresql/(\d+)/bin/", path)
        return int(match.group(1)) if match else 0

    candidates += sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=version_of, reverse=True
    )
    seen: list[tuple[str, int]] = []
    for candidate in candidates:
        major = _tool_major(candidate)
        seen.append((candidate, major))
        if major >= need_major:
            return candidate, major
    if not seen:
        raise BackupError(
            f"Không tìm thấy chương trình {name} của PostgreSQL (trong PATH hay "
            f"/usr/lib/postgresql/*/bin): cài gói postgresql-client-{need_major or 15} "
            "rồi chạy lại."
        )
    found = ", ".join(f"{path} (bản {major})" for path, major in seen)
    raise BackupError(
        f"{name} phải là bản PostgreSQL {need_major} trở lên (bằng hoặc mới hơn máy chủ / bản "
        f"đã tạo tệp sao lưu), chỉ tìm thấy: {found}. Cài gói postgresql-client-{need_major} "
        "rồi chạy lại."
    )


def _tail(text: str, lines: int = 6) -> str:
    kept = [line for line in text.strip().splitlines() if line.strip()][-lines:]
    return " | ".join(kept)


_PG_DROP_SQL = f"""
SET client_min_messages = warning;
SET lock_timeout = '{_LOCK_TIMEOUT}';
DO $danvan$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT c.relkind, c.relname
        FROM pg_catalog.pg_class c
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema()
          AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
          AND NOT c.relispartition
          -- objects of extensions stay; identity and serial sequences go with their table
          AND NOT EXISTS (
              SELECT 1 FROM pg_catalog.pg_depend d
              WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                AND d.objid = c.oid
                AND (d.deptype = 'e'
                     OR (c.relkind = 'S' AND d.deptype IN ('a', 'i')
                         AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass)))
    LOOP
        EXECUTE format('DROP %s IF EXISTS %I.%I CASCADE',
            CASE r.relkind
                WHEN 'v' THEN 'VIEW'
                WHEN 'm' THEN 'MATERIALIZED VIEW'
                WHEN 'S' THEN 'SEQUENCE'
                WHEN 'f' THEN 'FOREIGN TABLE'
                ELSE 'TABLE'
            END,
            current_schema(), r.relname);
    END LOOP;
    FOR r IN
        SELECT p.oid::pg_catalog.regprocedure AS signature
        FROM pg_catalog.pg_proc p
        JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = current_schema()
          AND NOT EXISTS (
              SELECT 1 FROM pg_catalog.pg_depend d
              WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
                AND d.objid = p.oid AND d.deptype = 'e')
    LOOP
        EXECUTE format('DROP ROUTINE IF EXISTS %s CASCADE', r.signature);
    END LOOP;
END
$danvan$;
"""


def _pg_check_sql(manifest: Mapping[str, Any]) -> str:
    """SQL run last in the restore transaction: any difference from the manifest raises, and
    psql rolls the whole restore back."""
    lines = [
        "RESET search_path;",
        "DO $danvan$",
        "DECLARE n bigint; h text;",
        "BEGIN",
    ]
    for table, count in sorted(manifest["database"]["tables"].items()):
        lines.append(f"    SELECT count(*) INTO n FROM {_q(table)};")
        lines.append(
            f"    IF n <> {int(count)} THEN RAISE EXCEPTION "
            f"'danvan-restore-check: bảng {table} có % dòng, bản kê ghi {int(count)}', n; END IF;"
        )
    audit = manifest.get("audit")
    if audit:
        event_table, _head_table = _audit_tables()
        lines.append(f"    SELECT hash INTO h FROM {_q(event_table)} ORDER BY seq DESC LIMIT 1;")
        expected = audit["last_hash"] or ""
        lines.append(
            f"    IF coalesce(h, '') <> '{expected}' THEN RAISE EXCEPTION "
            "'danvan-restore-check: đầu chuỗi nhật ký % khác bản kê', h; END IF;"
        )
    lines += ["END", "$danvan$;"]
    return "\n".join(lines) + "\n"


class _Postgres(_Engine):
    vendor = "postgresql"

    def params(self, dbname: str | None = None) -> dict[str, str]:
        return pg_params(self.database, dbname)

    def connect(self, dbname: str | None = None, *, autocommit: bool = True) -> Any:
        import psycopg

        params = self.params(dbname)
        try:
            return psycopg.connect(**params, autocommit=autocommit)  # type: ignore[arg-type]
        except psycopg.Error as exc:
            where = params.get("dbname", "")
            raise BackupError(
                f"Không kết nối được PostgreSQL (cơ sở dữ liệu {where!r}): {_tail(str(exc), 2)}. "
                "Kiểm tra DATABASE_URL; cơ sở dữ liệu phải có sẵn (tạo bằng createdb)."
            ) from None

    def server_major(self, connection: Any) -> int:
        return int(connection.info.server_version) // 10000

    def dump(self, staging: Path) -> Dump:
        import psycopg

        connection = self.connect(autocommit=False)
        try:
            connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            connection.read_only = True
            major = self.server_major(connection)
            server = f"PostgreSQL {connection.info.parameter_status('server_version') or major}"
            pg_dump, tool_major = pg_tool("pg_dump", major)
            with connection.cursor() as cursor:
                # One snapshot for everything: pg_dump reads the data the counts were taken in.
                cursor.execute("SELECT pg_catalog.pg_export_snapshot()")
                snapshot = str(cursor.fetchone()[0])
                stats = db_stats(cursor, "postgresql")
                references = file_references(cursor, stats.tables)
            out = staging / DB_MEMBERS["postgresql"]
            result = subprocess.run(
                [pg_dump, "-Fc", "-w", f"--snapshot={snapshot}", "-f", str(out)],
                env=pg_env(self.params()),
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode != 0:
                detail = _tail(result.stderr)
                hint = ""
                if "version mismatch" in result.stderr:
                    hint = (
                        f" pg_dump ({tool_major}) cũ hơn máy chủ ({major}): cài "
                        f"postgresql-client-{major}."
                    )
                raise BackupError(f"pg_dump thất bại: {detail}.{hint}")
        except psycopg.Error as exc:
            raise BackupError(
                f"Không đọc được cơ sở dữ liệu PostgreSQL: {_tail(str(exc), 2)}."
            ) from None
        finally:
            with contextlib.suppress(Exception):
                connection.rollback()
            connection.close()
        return Dump(
            path=out,
            stats=stats,
            tool=f"pg_dump {tool_major}",
            server=server,
            references=references,
        )

    def data_counts(self) -> tuple[int, int] | None:
        connection = self.connect()
        try:
            with connection.cursor() as cursor:
                return _data_counts(cursor, "postgresql")
        finally:
            connection.close()

    def live_stats(self) -> tuple[DbStats, set[str]]:
        connection = self.connect()
        try:
            with connection.cursor() as cursor:
                stats = db_stats(cursor, "postgresql")
                return stats, file_references(cursor, stats.tables)
        finally:
            connection.close()

    def staging_parent(self) -> Path:
        var_dir = Path(settings.VAR_DIR)
        var_dir.mkdir(parents=True, exist_ok=True)
        return var_dir

    def restore(self, dump: Path, manifest: Mapping[str, Any], *, keep_old: bool) -> list[str]:
        tool_major = int(manifest["database"].get("tool_major") or 0)
        connection = self.connect()
        try:
            server_major = self.server_major(connection)
        finally:
            connection.close()
        pg_restore, _major = pg_tool("pg_restore", tool_major)
        psql, _psql_major = pg_tool("psql", 0)
        work = dump.parent
        drop_sql = work / "before.sql"
        check_sql = work / "after.sql"
        drop_sql.write_text(_PG_DROP_SQL, encoding="utf-8")
        check_sql.write_text(_pg_check_sql(manifest), encoding="utf-8")
        restore_log = work / "pg_restore.log"
        with restore_log.open("wb") as log:
            producer = subprocess.Popen(
                [pg_restore, "-f", "-", "--no-owner", "--no-privileges", str(dump)],
                stdout=subprocess.PIPE,
                stderr=log,
            )
            # ONE transaction: drop what is there, load the dump, check the counts. Any error
            # (a lock not granted within the timeout, bad data, a count that differs) rolls
            # everything back and the old database stays as it was.
            consumer = subprocess.Popen(
                [
                    psql,
                    "-X",
                    "-w",
                    "-q",
                    "-v",
                    "ON_ERROR_STOP=1",
                    "--single-transaction",
                    "-f",
                    str(drop_sql),
                    "-f",
                    "-",
                    "-f",
                    str(check_sql),
                ],
                stdin=producer.stdout,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                env=pg_env(self.params()),
            )
            assert producer.stdout is not None
            producer.stdout.close()
            _out, psql_err = consumer.communicate()
            producer.wait()
        errors = psql_err.decode("utf-8", "replace")
        if consumer.returncode != 0 or producer.returncode != 0:
            reason = _tail(errors) or _tail(restore_log.read_text("utf-8", "replace"))
            if "lock timeout" in errors:
                raise BackupError(
                    "Cơ sở dữ liệu đang được dùng (chờ khóa quá "
                    f"{_LOCK_TIMEOUT}): dừng danvan serve, danvan worker rồi chạy lại. "
                    "Cơ sở dữ liệu cũ không bị thay đổi."
                )
            raise BackupError(
                f"Khôi phục PostgreSQL thất bại, đã hủy toàn bộ (cơ sở dữ liệu cũ không bị thay "
                f"đổi): {reason}"
                + (
                    f" Máy chủ là bản {server_major}, tệp sao lưu do pg_dump {tool_major} tạo."
                    if tool_major > server_major
                    else ""
                ),
                returncode=1,
            )
        connection = self.connect()
        try:
            # Restored tables have no statistics and no page marked all-visible (index-only
            # scans would read the tables): the whole database, outside the restore's
            # transaction.
            connection.execute("VACUUM (ANALYZE)")
        finally:
            connection.close()
        return []


def _engine(database: Mapping[str, Any] | None = None) -> _Engine:
    database = database if database is not None else _default_database()
    vendor = _vendor_of(database)
    return _Sqlite(database) if vendor == "sqlite" else _Postgres(database)


# --- Small file-system helpers --------------------------------------------------------------------


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _match_owner(path: Path, like: os.stat_result) -> None:
    """Give a restored file the owner and mode of the one it replaces (when run as root for a
    service that runs as its own user)."""
    with contextlib.suppress(OSError):
        os.chown(path, like.st_uid, like.st_gid)
    with contextlib.suppress(OSError):
        os.chmod(path, like.st_mode & 0o777)


def _utc_stamp(now: dt.datetime) -> str:
    return now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _output_path(out: str | Path | None, now: dt.datetime) -> Path:
    if out is None or str(out) == "":
        directory = default_backup_dir()
        try:
            directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise BackupError(
                f"Không tạo được thư mục sao lưu {directory}: {exc.strerror}. Chọn --out."
            ) from None
        as_dir = True
    else:
        target = Path(out)
        as_dir = target.is_dir() or str(out).endswith(os.sep)
        directory = target if as_dir else target.parent
        if not directory.is_dir():
            raise BackupError(
                f"Thư mục {directory} không tồn tại: tạo nó trước hoặc chọn --out khác."
            )
        if not as_dir:
            if target.exists():
                raise BackupError(f"Tệp {target} đã có: chọn tên khác (không ghi đè bản sao lưu).")
            return target
    base = f"{ARCHIVE_PREFIX}{_utc_stamp(now)}"
    candidate = directory / f"{base}{ARCHIVE_SUFFIX}"
    counter = 2
    while candidate.exists():
        candidate = directory / f"{base}-{counter}{ARCHIVE_SUFFIX}"
        counter += 1
    return candidate


# --- Backup ---------------------------------------------------------------------------------------


@dataclass
class BackupResult:
    path: Path
    size: int
    manifest: dict[str, Any]
    seconds: float
    warnings: list[str]
    removed: list[Path]


def backup_create(
    *,
    out: str | Path | None = None,
    include_files: bool = True,
    include_key: bool = False,
    keep: int | None = None,
    database: Mapping[str, Any] | None = None,
    now: dt.datetime | None = None,
) -> BackupResult:
    """Write one archive of the configured installation; see the module docstring."""
    started = time.monotonic()
    engine = _engine(database)
    now = now or dt.datetime.now(dt.UTC)
    final = _output_path(out, now)
    if include_files and final.parent.resolve().is_relative_to(media_root().resolve()):
        raise BackupError(
            f"--out {final.parent} nằm trong thư mục tệp đính kèm {media_root()}: bản sao lưu "
            "sẽ tự chứa chính nó. Chọn thư mục khác."
        )
    warnings: list[str] = []
    try:
        keys = vault_keys()
    except BackupError as exc:
        if include_key:
            raise
        # Only the key ids go into the manifest: an unreadable key file must not stop backups.
        keys = VaultKeys("", ())
        warnings.append(exc.message)
    if include_key and not keys.lines:
        raise BackupError(
            "--include-key: chưa cấu hình khóa kho bảo mật (DANVAN_VAULT_KEY hoặc "
            "DANVAN_VAULT_KEY_FILE), không có khóa để đưa vào bản sao lưu."
        )
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{ARCHIVE_PREFIX}", suffix=".partial", dir=final.parent
        )
    except OSError as exc:
        raise BackupError(
            f"Không ghi được vào thư mục {final.parent}: {exc.strerror}. Chọn --out ở thư mục "
            "mà người chạy lệnh có quyền ghi."
        ) from None
    tmp = Path(tmp_name)
    staging: Path | None = None
    try:
        with os.fdopen(fd, "wb") as raw:
            staging = Path(tempfile.mkdtemp(prefix=f".{ARCHIVE_PREFIX}", dir=final.parent))
            dump = engine.dump(staging)
            with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
                writer = _ArchiveWriter(tar, now.timestamp())
                writer.add_path(DB_MEMBERS[engine.vendor], dump.path)
                dump.path.unlink()
                files_count = files_bytes = 0
                skipped: list[str] = []
                archived: set[str] = set()
                if include_files:
                    found, skipped = media_files(media_root())
                    for rel, path in found:
                        files_bytes += writer.add_path(MEDIA_PREFIX + rel, path)
                        files_count += 1
                        archived.add(rel)
                if include_key:
                    text = _KEY_HEADER + "".join(f"{line}\n" for line in keys.lines)
                    writer.add_bytes(KEY_MEMBER, text.encode("utf-8"))
                missing = sorted(dump.references - archived) if include_files else []
                if missing:
                    warnings.append(
                        f"{len(missing)} tệp được cơ sở dữ liệu nhắc tới không có trong "
                        f"{media_root()} (ví dụ {missing[0]}): bản sao lưu không có các tệp này."
                    )
                if skipped:
                    warnings.append(
                        f"Bỏ qua {len(skipped)} liên kết hoặc tệp đặc biệt trong {media_root()} "
                        f"(ví dụ {skipped[0]})."
                    )
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "danvan_version": _danvan_version(),
                    "created_at": now.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
                    "database": {
                        "vendor": engine.vendor,
                        "member": DB_MEMBERS[engine.vendor],
                        "server": dump.server,
                        "tool": dump.tool,
                        "tool_major": _first_int(dump.tool) if engine.vendor == "postgresql" else 0,
                        "tables": dump.stats.tables,
                        "rows": dump.stats.rows,
                    },
                    "migrations": dump.stats.migrations,
                    "migrations_applied": dump.stats.migrations_applied,
                    "audit": dump.stats.audit,
                    "files": {
                        "included": include_files,
                        "count": files_count,
                        "bytes": files_bytes,
                        "skipped": skipped[:100],
                        "missing_count": len(missing),
                        "missing": missing[:100],
                    },
                    "vault": {
                        "source": keys.source,
                        "key_ids": keys.key_ids,
                        "key_included": include_key,
                    },
                    "members": writer.members,
                }
                body = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True)
                writer.add_bytes(MANIFEST, body.encode("utf-8"), record=False)
            raw.flush()
            os.fsync(raw.fileno())
        if final.exists():
            raise BackupError(f"Tệp {final} vừa được tạo bởi tiến trình khác: chạy lại.")
        os.replace(tmp, final)
        _fsync_dir(final.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        where = f" ({exc.filename})" if exc.filename else ""
        raise BackupError(
            f"Không ghi được bản sao lưu {final}: {exc.strerror or exc}{where}. "
            "Không có tệp dở dang nào được để lại."
        ) from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    removed = prune_archives(final, keep) if keep else []
    return BackupResult(
        path=final,
        size=final.stat().st_size,
        manifest=manifest,
        seconds=time.monotonic() - started,
        warnings=warnings,
        removed=removed,
    )


def _first_int(text: str) -> int:
    match = re.search(r"(\d+)", text)
    return int(match.group(1)) if match else 0


def prune_archives(latest: Path, keep: int) -> list[Path]:
    """Remove the oldest archives of `latest`'s directory beyond `keep` (names sort by time)."""
    archives = sorted(
        p
        for p in latest.parent.glob(f"{ARCHIVE_PREFIX}*{ARCHIVE_SUFFIX}")
        if p.is_file() and not p.name.startswith(".")
    )
    doomed = [p for p in archives[: max(len(archives) - keep, 0)] if p != latest]
    for path in doomed:
        with contextlib.suppress(OSError):
            path.unlink()
    return doomed


# --- Reading an archive ---------------------------------------------------------------------------


def _manifest_problems(manifest: Any) -> list[str]:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        return ["manifest.json không phải bản kê của danvan."]
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION or version < 1:
        return [
            f"Định dạng bản sao lưu {version!r} không được hỗ trợ (bản này đọc được tới "
            f"{FORMAT_VERSION}): dùng phiên bản danvan đã tạo bản sao lưu."
        ]
    problems: list[str] = []
    database = manifest.get("database")
    if not isinstance(database, dict) or database.get("vendor") not in DB_MEMBERS:
        return ["Bản kê không ghi loại cơ sở dữ liệu hợp lệ."]
    tables = database.get("tables")
    if not isinstance(tables, dict) or not all(
        isinstance(k, str) and _TABLE_NAME.match(k) and isinstance(v, int) and v >= 0
        for k, v in tables.items()
    ):
        problems.append("Bản kê: danh sách bảng và số dòng không hợp lệ.")
    members = manifest.get("members")
    if not isinstance(members, dict) or not all(
        isinstance(v, dict)
        and isinstance(v.get("size"), int)
        and isinstance(v.get("sha256"), str)
        and _HEX64.match(v["sha256"])
        for v in members.values()
    ):
        problems.append("Bản kê: danh sách thành phần không hợp lệ.")
    elif database.get("member") != DB_MEMBERS[database["vendor"]] or (
        database["member"] not in members
    ):
        problems.append("Bản kê không có tệp cơ sở dữ liệu.")
    audit = manifest.get("audit")
    if audit is not None and (
        not isinstance(audit, dict)
        or not isinstance(audit.get("last_hash"), str)
        or (audit["last_hash"] and not _HEX64.match(audit["last_hash"]))
    ):
        problems.append("Bản kê: đầu chuỗi nhật ký không hợp lệ.")
    if not isinstance(manifest.get("migrations"), dict):
        problems.append("Bản kê: thiếu trạng thái migration.")
    return problems


def read_manifest(archive: Path) -> tuple[dict[str, Any] | None, list[str]]:
    """The archive's manifest (None when it cannot be read) and the problems found so far."""
    if not archive.is_file():
        return None, [f"Không có tệp {archive}."]
    try:
        with tarfile.open(archive, mode="r:*") as tar:
            names = tar.getnames()
            if MANIFEST not in names:
                return None, [
                    "Tệp sao lưu bị cụt hoặc không phải bản sao lưu của danvan: không có "
                    "manifest.json (bản kê được ghi cuối cùng)."
                ]
            handle = tar.extractfile(MANIFEST)
            if handle is None:
                return None, ["manifest.json không phải tệp thường."]
            manifest = json.loads(handle.read(16 * 1024 * 1024).decode("utf-8"))
    except (tarfile.TarError, EOFError, OSError, zlib.error) as exc:
        return None, [f"Tệp sao lưu bị cụt hoặc hỏng, không đọc được: {exc}."]
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None, ["manifest.json hỏng (không phải JSON)."]
    problems = _manifest_problems(manifest)
    return (manifest if not problems else None), problems


@dataclass
class Extraction:
    problems: list[str]
    db_path: Path | None = None
    key_text: str | None = None
    media_dir: Path | None = None
    files: int = 0


class _Gunzip:
    """Writes a gzip stream's content to a file as it arrives (the CRC is checked at the end)."""

    def __init__(self, handle: IO[bytes]):
        self.handle = handle
        self.inflater = zlib.decompressobj(wbits=31)

    def write(self, data: bytes) -> None:
        self.handle.write(self.inflater.decompress(data))

    def close(self) -> None:
        self.handle.write(self.inflater.flush())
        if not self.inflater.eof or self.inflater.unused_data:
            raise zlib.error("gzip stream incomplete")


def extract(
    archive: Path,
    manifest: Mapping[str, Any],
    *,
    db_dir: Path,
    media_dir: Path | None = None,
    keep_key: bool = False,
) -> Extraction:
    """One pass over the archive: hash every member against the manifest; write the database
    (uncompressed) into `db_dir`, the files into `media_dir` when given, keep the key text when
    asked. Nothing is written outside those directories."""
    result = Extraction(problems=[])
    expected: dict[str, dict[str, Any]] = manifest["members"]
    vendor = manifest["database"]["vendor"]
    db_member = DB_MEMBERS[vendor]
    seen: set[str] = set()
    try:
        with tarfile.open(archive, mode="r:*") as tar:
            for info in tar:
                name = info.name
                if name == MANIFEST:
                    continue
                problem = _member_name_problem(name)
                if problem:
                    result.problems.append(problem)
                    continue
                if not info.isfile():
                    result.problems.append(f"{name}: không phải tệp thường.")
                    continue
                if name in seen:
                    result.problems.append(f"{name}: xuất hiện hai lần.")
                    continue
                seen.add(name)
                entry = expected.get(name)
                if entry is None:
                    result.problems.append(f"{name}: không có trong bản kê.")
                    continue
                source = tar.extractfile(info)
                if source is None:
                    result.problems.append(f"{name}: không đọc được.")
                    continue
                digest = hashlib.sha256()
                size = 0
                sink: Any = None
                handle: IO[bytes] | None = None
                target: Path | None = None
                key_buffer: bytearray | None = None
                try:
                    if name == db_member:
                        target = db_dir / ("database.sqlite3" if vendor == "sqlite" else db_member)
                        handle = target.open("wb")
                        sink = _Gunzip(handle) if vendor == "sqlite" else handle
                    elif name.startswith(MEDIA_PREFIX) and media_dir is not None:
                        target = media_dir / name[len(MEDIA_PREFIX) :]
                        target.parent.mkdir(parents=True, exist_ok=True)
                        handle = open(target, "xb")  # noqa: SIM115 (closed below)
                        sink = handle
                    elif name == KEY_MEMBER and keep_key:
                        key_buffer = bytearray()
                    unpack_error = ""
                    while True:
                        chunk = source.read(_CHUNK)
                        if not chunk:
                            break
                        digest.update(chunk)
                        size += len(chunk)
                        if sink is not None:
                            try:
                                sink.write(chunk)
                            except zlib.error as exc:
                                # Keep hashing: the hash names the damaged member.
                                unpack_error, sink = str(exc), None
                        if key_buffer is not None:
                            key_buffer.extend(chunk)
                    if isinstance(sink, _Gunzip):
                        try:
                            sink.close()
                        except zlib.error as exc:
                            unpack_error = str(exc)
                finally:
                    if handle is not None:
                        handle.close()
                if size != entry["size"] or digest.hexdigest() != entry["sha256"]:
                    result.problems.append(
                        f"{name}: mã băm SHA-256 hoặc kích thước không khớp bản kê "
                        "(tệp đã bị sửa hoặc hỏng)."
                    )
                    continue
                if unpack_error:
                    result.problems.append(f"{name}: không giải nén được ({unpack_error}).")
                    continue
                if name == db_member:
                    result.db_path = target
                elif name.startswith(MEDIA_PREFIX):
                    result.files += 1
                elif key_buffer is not None:
                    result.key_text = key_buffer.decode("utf-8", "replace")
    except (tarfile.TarError, EOFError, zlib.error) as exc:
        result.problems.append(f"Tệp sao lưu bị cụt hoặc hỏng: {exc}.")
    except OSError as exc:
        result.problems.append(f"Không đọc/ghi được khi giải nén: {exc}.")
    absent = sorted(set(expected) - seen)
    if absent:
        result.problems.append(
            f"Thiếu {len(absent)} thành phần ghi trong bản kê (ví dụ {absent[0]})."
        )
    if media_dir is not None:
        result.media_dir = media_dir
    return result


def check_sqlite_copy(path: Path, manifest: Mapping[str, Any]) -> list[str]:
    """Open an extracted SQLite copy: integrity, foreign keys, search index, manifest figures."""
    problems: list[str] = []
    try:
        connection = sqlite3.connect(path)
        try:
            rows = [str(r[0]) for r in connection.execute("PRAGMA integrity_check").fetchall()]
            if rows != ["ok"]:
                problems.append("PRAGMA integrity_check: " + "; ".join(rows[:5]))
            bad_keys = connection.execute("PRAGMA foreign_key_check").fetchmany(5)
            if bad_keys:
                problems.append(
                    "Khóa ngoại hỏng: "
                    + "; ".join(f"{r[0]} dòng {r[1]} → {r[2]}" for r in bad_keys)
                )
            fts = [
                str(r[0])
                for r in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%'"
                )
            ]
            for name in fts:
                try:
                    connection.execute(
                        f"INSERT INTO {_q(name)}({_q(name)}) VALUES ('integrity-check')"
                    )
                except sqlite3.DatabaseError as exc:
                    problems.append(f"Chỉ mục tìm kiếm {name} hỏng: {exc}.")
            connection.rollback()
            stats = db_stats(connection.cursor(), "sqlite")
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        return [f"Không mở được cơ sở dữ liệu trong bản sao lưu: {exc}."]
    return problems + _stats_compare(stats, manifest, where="Bản sao cơ sở dữ liệu")


def _pg_list_problems(path: Path, manifest: Mapping[str, Any]) -> list[str]:
    pg_restore, _major = pg_tool("pg_restore", int(manifest["database"].get("tool_major") or 0))
    result = subprocess.run(
        [pg_restore, "--list", str(path)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        return [f"pg_restore --list thất bại: {_tail(result.stderr)}."]
    data_tables = set()
    for line in result.stdout.splitlines():
        match = re.search(r"\bTABLE DATA \S+ (\S+) ", line)
        if match:
            data_tables.add(match.group(1))
    missing = sorted(set(manifest["database"]["tables"]) - data_tables)
    if missing:
        return [f"Tệp pg_dump thiếu dữ liệu của {len(missing)} bảng (ví dụ {missing[0]})."]
    return []


def _pg_deep_problems(
    path: Path, manifest: Mapping[str, Any], database: Mapping[str, Any] | None = None
) -> tuple[list[str], list[str]]:
    """Restore into a scratch database `danvan_verify_<random>`, compare, drop it."""
    database = database if database is not None else _default_database()
    if _vendor_of(database) != "postgresql":
        return [
            "--deep với bản sao lưu PostgreSQL cần DATABASE_URL trỏ tới một máy chủ "
            "PostgreSQL (để tạo cơ sở dữ liệu tạm)."
        ], []
    engine = _Postgres(database)
    pg_restore, _major = pg_tool("pg_restore", int(manifest["database"].get("tool_major") or 0))
    scratch = f"danvan_verify_{secrets.token_hex(6)}"
    admin = engine.connect()
    notes: list[str] = []
    try:
        try:
            admin.execute(f"CREATE DATABASE {_q(scratch)} TEMPLATE template0")
        except Exception as exc:  # psycopg.Error; the role may lack CREATEDB
            return [f"Không tạo được cơ sở dữ liệu tạm {scratch} (cần quyền CREATEDB): {exc}."], []
        try:
            result = subprocess.run(
                [
                    pg_restore,
                    "-w",
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    "-d",
                    scratch,
                    str(path),
                ],
                env=pg_env(engine.params(scratch)),
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode != 0:
                return [f"Khôi phục thử vào {scratch} thất bại: {_tail(result.stderr)}."], []
            connection = engine.connect(scratch)
            try:
                with connection.cursor() as cursor:
                    stats = db_stats(cursor, "postgresql")
            finally:
                connection.close()
            notes.append(f"Đã khôi phục thử vào cơ sở dữ liệu tạm {scratch} và so số dòng.")
            return _stats_compare(stats, manifest, where="Khôi phục thử"), notes
        finally:
            with contextlib.suppress(Exception):
                admin.execute(f"DROP DATABASE IF EXISTS {_q(scratch)} WITH (FORCE)")
    finally:
        admin.close()


def check_dump(
    path: Path,
    manifest: Mapping[str, Any],
    *,
    deep: bool,
    database: Mapping[str, Any] | None = None,
) -> tuple[list[str], list[str]]:
    """(problems, notes) of the extracted database dump."""
    if manifest["database"]["vendor"] == "sqlite":
        return check_sqlite_copy(path, manifest), []
    problems = _pg_list_problems(path, manifest)
    if problems or not deep:
        return problems, []
    return _pg_deep_problems(path, manifest, database)


def _archive_path(archive: str | Path) -> Path:
    path = Path(archive)
    if not path.is_file():
        raise BackupError(f"Không có tệp sao lưu {path}: kiểm tra đường dẫn.")
    return path


# --- Verify ---------------------------------------------------------------------------------------


@dataclass
class VerifyReport:
    archive: Path
    manifest: dict[str, Any] | None
    problems: list[str]
    notes: list[str] = field(default_factory=list)
    files: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def backup_verify(
    archive: str | Path, *, deep: bool = False, database: Mapping[str, Any] | None = None
) -> VerifyReport:
    """Check an archive; `database` (default: the configured one) is used only by `deep` on a
    PostgreSQL archive, for its scratch database."""
    path = _archive_path(archive)
    manifest, problems = read_manifest(path)
    report = VerifyReport(archive=path, manifest=manifest, problems=problems)
    if manifest is None:
        return report
    with tempfile.TemporaryDirectory(prefix="danvan-verify-") as tmp:
        extraction = extract(path, manifest, db_dir=Path(tmp))
        report.problems += extraction.problems
        report.files = extraction.files
        if extraction.db_path is not None:
            try:
                dump_problems, notes = check_dump(
                    extraction.db_path, manifest, deep=deep, database=database
                )
            except BackupError as exc:
                dump_problems, notes = [exc.message], []
            report.problems += dump_problems
            report.notes += notes
    return report


def summary(manifest: Mapping[str, Any]) -> str:
    database = manifest["database"]
    audit = manifest.get("audit") or {}
    files = manifest.get("files") or {}
    head = (
        f"nhật ký thao tác {audit.get('events', 0)} sự kiện, đầu chuỗi #{audit.get('last_seq', 0)} "
        f"{audit.get('last_hash', '')}"
        if audit
        else "chưa có nhật ký thao tác"
    )
    files_text = (
        f"{files.get('count', 0)} tệp đính kèm ({_size(int(files.get('bytes', 0)))})"
        if files.get("included")
        else "không kèm tệp đính kèm (--no-files)"
    )
    return (
        f"{VENDOR_LABELS[database['vendor']]}, tạo lúc {manifest.get('created_at')} bởi danvan "
        f"{manifest.get('danvan_version')}; {len(database['tables'])} bảng, "
        f"{database.get('rows', 0)} dòng; {files_text}; {head}."
    )


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MB"
    if count >= 1024:
        return f"{count / 1024:.1f} KB"
    return f"{count} B"


size_text = _size


# --- Restore --------------------------------------------------------------------------------------


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    problems: list[str]
    notes: list[str]
    seconds: float

    @property
    def ok(self) -> bool:
        return not self.problems


def _disk_migrations() -> dict[tuple[str, str], Any]:
    from django.db.migrations.loader import MigrationLoader

    return dict(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def pending_migrations(applied: set[tuple[str, str]]) -> list[tuple[str, str]]:
    """The code's migrations not applied to a database whose `django_migrations` holds
    `applied` (what `migrate --check` reports; read without a Django connection so that it
    looks at the restored database whatever Django is connected to)."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    pending: list[tuple[str, str]] = []
    for key, migration in loader.graph.nodes.items():
        if key in applied:
            continue
        replaces = [tuple(r) for r in getattr(migration, "replaces", None) or []]
        if replaces and all(r in applied for r in replaces):
            continue
        pending.append(key)
    return sorted(pending)


def _swap_media(staging: Path, root: Path, stamp: str) -> Path | None:
    """Move the current files aside into `root/.danvan-before-restore-<stamp>` and the restored
    ones in (renames inside one directory: no copy, works when MEDIA_ROOT is a mount point)."""
    kept = root / f"{MEDIA_SKIP_PREFIX}before-restore-{stamp}"
    moved = False
    for entry in sorted(root.iterdir()):
        if entry.name.startswith(MEDIA_SKIP_PREFIX):
            continue
        kept.mkdir(exist_ok=True)
        os.rename(entry, kept / entry.name)
        moved = True
    for entry in sorted(staging.iterdir()):
        os.rename(entry, root / entry.name)
    staging.rmdir()
    _fsync_dir(root)
    return kept if moved else None


def _restore_key(text: str, notes: list[str], warnings: list[str]) -> None:
    archived = [line for line in _key_lines(text) if vault_key_id(line)]
    archived_ids = [vault_key_id(line) for line in archived]
    current = vault_keys()
    if current.source == "env":
        missing = [k for k in archived_ids if k not in current.key_ids]
        if missing:
            warnings.append(
                f"Bản sao lưu có khóa kho bảo mật {', '.join(missing)} chưa có trong "
                "DANVAN_VAULT_KEY: thêm vào cuối biến này (lấy bằng `tar -xOf ARCHIVE vault.key`)."
            )
        return
    path = current.path
    if path is None:
        warnings.append(
            "Bản sao lưu có khóa kho bảo mật nhưng cấu hình không có DANVAN_VAULT_KEY_FILE: "
            "lấy khóa bằng `tar -xOf ARCHIVE vault.key` và đặt DANVAN_VAULT_KEY."
        )
        return
    if not current.lines:
        _write_private(path, (_KEY_HEADER + "".join(f"{k}\n" for k in archived)).encode("utf-8"))
        notes.append(f"Đã ghi khóa kho bảo mật từ bản sao lưu vào {path} (quyền 0600).")
        return
    added = [
        k for k, key_id in zip(archived, archived_ids, strict=True) if key_id not in current.key_ids
    ]
    if added:
        lines = [*current.lines, *added]
        _write_private(path, (_KEY_HEADER + "".join(f"{k}\n" for k in lines)).encode("utf-8"))
        notes.append(
            f"Đã thêm {len(added)} khóa từ bản sao lưu vào cuối {path} (chỉ để giải mã; khóa "
            "mã hóa vẫn là khóa hiện tại)."
        )


def backup_restore(
    archive: str | Path,
    *,
    confirmed: bool = False,
    database: Mapping[str, Any] | None = None,
    progress: Callable[[str], object] | None = None,
) -> RestoreResult:
    """Restore the configured installation from an archive; see the module docstring.

    Raises `BackupError` (returncode 2) when it refuses before changing anything, (returncode
    1) when the archive fails verification or the restore fails.
    """
    started = time.monotonic()
    say = progress or (lambda _text: None)
    path = _archive_path(archive)
    manifest, problems = read_manifest(path)
    if manifest is None:
        raise BackupError(
            "Bản sao lưu không dùng được, không khôi phục.", returncode=1, problems=problems
        )
    engine = _engine(database)
    vendor = manifest["database"]["vendor"]
    if vendor != engine.vendor:
        raise BackupError(
            f"Bản sao lưu là của {VENDOR_LABELS[vendor]}, còn cấu hình hiện tại dùng "
            f"{engine.label}: không khôi phục chéo giữa hai loại cơ sở dữ liệu. Đặt "
            "DATABASE_URL cùng loại với bản sao lưu (xem docs/backup.md về chuyển đổi)."
        )
    known = set(_disk_migrations())
    unknown = sorted(
        f"{app}.{name}" for app, name in manifest["migrations"].items() if (app, name) not in known
    )
    if unknown:
        raise BackupError(
            "Bản sao lưu được tạo bởi phiên bản danvan mới hơn (migration chưa có trong mã "
            f"nguồn này: {', '.join(unknown[:5])}): cài phiên bản danvan "
            f"{manifest.get('danvan_version')} trở lên rồi khôi phục."
        )
    counts = engine.data_counts()
    has_data = counts is not None and (counts[0] > 0 or counts[1] > 0)
    if has_data and not confirmed:
        assert counts is not None
        raise BackupError(
            f"Cơ sở dữ liệu hiện tại đang có dữ liệu ({counts[0]} người dùng, {counts[1]} sự "
            "kiện nhật ký). Khôi phục sẽ thay toàn bộ dữ liệu và tệp đính kèm bằng bản sao lưu "
            f"({manifest.get('created_at')}). Chạy lại với --yes nếu chắc chắn."
        )
    files = manifest.get("files") or {}
    root = media_root()
    notes: list[str] = []
    warnings: list[str] = []
    staging = Path(tempfile.mkdtemp(prefix=".danvan-restore-", dir=engine.staging_parent()))
    media_staging: Path | None = None
    try:
        if files.get("included"):
            root.mkdir(parents=True, exist_ok=True)
            media_staging = Path(tempfile.mkdtemp(prefix=f"{MEDIA_SKIP_PREFIX}restore-", dir=root))
        say("Đang kiểm tra và giải nén bản sao lưu…")
        extraction = extract(path, manifest, db_dir=staging, media_dir=media_staging, keep_key=True)
        problems = list(extraction.problems)
        if extraction.db_path is None and not problems:
            problems.append("Không có tệp cơ sở dữ liệu trong bản sao lưu.")
        if not problems and extraction.db_path is not None:
            dump_problems, _notes = check_dump(extraction.db_path, manifest, deep=False)
            problems += dump_problems
        if problems:
            raise BackupError(
                "Bản sao lưu không qua kiểm tra, không khôi phục (dữ liệu hiện tại không bị "
                "thay đổi).",
                returncode=1,
                problems=problems,
            )
        assert extraction.db_path is not None
        say(f"Đang khôi phục cơ sở dữ liệu {engine.label}…")
        notes += engine.restore(extraction.db_path, manifest, keep_old=has_data)
        stamp = _utc_stamp(dt.datetime.now(dt.UTC))
        if media_staging is not None:
            say("Đang thay tệp đính kèm…")
            kept = _swap_media(media_staging, root, stamp)
            media_staging = None
            notes.append(
                f"Đã khôi phục {extraction.files} tệp vào {root}"
                + (f"; tệp cũ được giữ ở {kept} (xóa khi không cần)." if kept else ".")
            )
        else:
            notes.append(f"Bản sao lưu không kèm tệp đính kèm (--no-files): {root} giữ nguyên.")
        if extraction.key_text is not None:
            try:
                _restore_key(extraction.key_text, notes, warnings)
            except (BackupError, OSError) as exc:
                # The database and files are already back: say it, do not fail the restore.
                detail = exc.message if isinstance(exc, BackupError) else str(exc)
                warnings.append(f"Không ghi được khóa kho bảo mật từ bản sao lưu: {detail}")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if media_staging is not None:
            shutil.rmtree(media_staging, ignore_errors=True)

    say("Đang kiểm tra kết quả…")
    stats, references = engine.live_stats()
    problems = _stats_compare(stats, manifest, where="Cơ sở dữ liệu sau khôi phục")
    if files.get("included"):
        absent = sorted(name for name in references if not (root / name).is_file())
        if absent:
            warnings.append(
                f"{len(absent)} tệp được cơ sở dữ liệu nhắc tới không có trong {root} "
                f"(ví dụ {absent[0]})."
            )
    pending = pending_migrations(stats.applied)
    if pending:
        warnings.append(
            f"Cơ sở dữ liệu cần {len(pending)} migration của phiên bản này (bản sao lưu cũ hơn "
            "mã nguồn): chạy `danvan install` trước khi mở lại dịch vụ."
        )
    else:
        notes.append("Migration: đã đủ (migrate --check không còn gì để chạy).")
    try:
        current_ids = vault_keys().key_ids
    except BackupError as exc:
        current_ids = []
        warnings.append(exc.message)
    needed = (manifest.get("vault") or {}).get("key_ids") or []
    missing_ids = [k for k in needed if k not in current_ids]
    if missing_ids:
        warnings.append(
            f"Khi sao lưu, kho bảo mật danh tính dùng khóa {', '.join(needed)}; cấu hình hiện "
            f"tại thiếu {', '.join(missing_ids)}: khôi phục tệp khóa từ bản sao lưu riêng của nó "
            "rồi chạy `danvan vault check`."
        )
    notes.append(
        "Nên chạy tiếp: `danvan audit verify` (toàn bộ chuỗi nhật ký), `danvan vault check`, "
        "`danvan classify train` (mô hình gợi ý lĩnh vực không nằm trong bản sao lưu)."
    )
    return RestoreResult(
        manifest=manifest,
        problems=problems,
        notes=notes + [f"CẢNH BÁO: {w}" for w in warnings],
        seconds=time.monotonic() - started,
    )


def iter_problems(problems: list[str]) -> Iterator[str]:
    """At most `_PROBLEMS_SHOWN` problems, then how many more."""
    yield from problems[:_PROBLEMS_SHOWN]
    if len(problems) > _PROBLEMS_SHOWN:
        yield f"… và {len(problems) - _PROBLEMS_SHOWN} vấn đề khác."
