"""The audit log: hash chain, append-only model, verification, redaction, concurrency."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from danvan.core.models import AuditChainHead, AuditEvent, Role
from danvan.core.models.audit import POSTGRES_APPEND_ONLY_SQL, AuditLogIsAppendOnly
from danvan.core.services.audit import (
    GENESIS_HASH,
    REDACTED,
    BreakKind,
    audit_chain_verify,
    audit_record,
    event_recompute_digest,
)
from tests.concurrency import at_once
from tests.core.test_accounts_support import World, fast_password_hashing, make_user, world

__all__ = ["fast_password_hashing", "world"]


def record(n: int = 1, **kwargs: Any) -> list[AuditEvent]:
    return [
        audit_record(
            actor=kwargs.get("actor"),
            verb=kwargs.get("verb", "test.change"),
            target_type="tests.thing",
            target_id=str(i),
            changes=kwargs.get("changes", {"status": ("old", f"new-{i}")}),
        )
        for i in range(n)
    ]


def raw(sql: str, params: list[Any] | None = None) -> None:
    """Tamper with the table behind the ORM's back, as someone with database access could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER USER")
        cursor.execute(sql, params or [])
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditevent ENABLE TRIGGER USER")


# --- Writing --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_events_form_a_chain_from_genesis() -> None:
    first, second, third = record(3)

    assert (first.seq, second.seq, third.seq) == (1, 2, 3)
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    head = AuditChainHead.objects.get()
    assert (head.seq, head.hash) == (3, third.hash)


@pytest.mark.django_db
def test_event_records_actor_target_and_changes(world: World) -> None:
    actor = make_user("nguoi.sua", world.ubnd_c1, Role.OFFICER)

    event = audit_record(
        actor=actor,
        verb="organization.rename",
        target=world.ubnd_c1,
        changes={"name": ("Tên cũ", "Tên mới")},
    )

    event.refresh_from_db()
    assert event.actor_id == actor.pk
    assert event.actor_label == "nguoi.sua"
    assert (event.target_type, event.target_id) == ("core.organization", str(world.ubnd_c1.pk))
    assert event.target_label == str(world.ubnd_c1)
    assert event.changes == {"name": ["Tên cũ", "Tên mới"]}


@pytest.mark.django_db
def test_system_actor_is_labelled_system() -> None:
    (event,) = record(1, actor=None)

    assert event.actor_id is None
    assert event.actor_label == "system"


@pytest.mark.django_db
def test_redacted_fields_are_recorded_as_changed_without_values() -> None:
    event = audit_record(
        actor=None,
        verb="petition.update",
        target_type="petitions.petition",
        target_id="7",
        changes={"denouncer_name": ("Nguyễn Văn A", "Trần Thị B"), "status": ("new", "triaged")},
        redact=["denouncer_name"],
    )

    event.refresh_from_db()
    assert event.changes == {"denouncer_name": [REDACTED, REDACTED], "status": ["new", "triaged"]}
    assert "Nguyễn" not in str(event.changes) and "Trần" not in str(event.changes)


@pytest.mark.django_db
def test_values_of_every_common_type_survive_the_round_trip_and_verify() -> None:
    audit_record(
        actor=None,
        verb="test.types",
        target_type="tests.thing",
        target_id="1",
        changes={
            "date": (dt.date(2025, 7, 1), dt.date(2026, 1, 1)),
            "when": (None, dt.datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=dt.UTC)),
            "amount": (decimal.Decimal("1.10"), decimal.Decimal("2.5")),
            "ratio": (0.1, float("nan")),
            "ref": (uuid.UUID(int=1), None),
            "tags": ({"b", "a"}, ("x", 1)),
            "nested": ({"k": [1, {"z": True}]}, {}),
            "role": (Role.OFFICER, Role.LEADER),
            "nul": ("a\x00b", ""),
        },
    )

    event = AuditEvent.objects.get()
    assert event.changes["date"] == ["2025-07-01", "2026-01-01"]
    assert event.changes["amount"] == ["1.10", "2.5"]
    assert event.changes["tags"] == [["a", "b"], ["x", 1]]
    assert event.changes["role"] == ["officer", "leader"]
    assert event.changes["ratio"] == [0.1, "nan"]
    assert event_recompute_digest(event) == event.hash
    assert audit_chain_verify().ok


@pytest.mark.django_db
def test_audit_record_refuses_an_event_without_a_target() -> None:
    with pytest.raises(ValueError):
        audit_record(actor=None, verb="x.y")
    with pytest.raises(ValueError):
        audit_record(actor=None, verb="", target_type="a.b", target_id="1")
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_event_is_rolled_back_with_the_change_it_describes() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        record(1)
        raise RuntimeError("the change failed")

    assert not AuditEvent.objects.exists()
    (event,) = record(1)
    assert event.seq == 1
    assert audit_chain_verify().ok


# --- Append-only ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_saved_event_cannot_be_changed_or_deleted_through_the_orm() -> None:
    (event,) = record(1)

    event.verb = "forged"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(verb="forged")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.all().delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.bulk_update([event], ["verb"])

    assert AuditEvent.objects.get().verb == "test.change"


@pytest.mark.django_db
def test_events_cannot_be_created_outside_audit_record() -> None:
    fields = dict(
        seq=1,
        created_at=dt.datetime.now(dt.UTC),
        verb="forged",
        target_type="a.b",
        target_id="1",
        prev_hash=GENESIS_HASH,
        hash="f" * 64,
    )
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.create(**fields)
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.bulk_create([AuditEvent(**fields)])

    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_deleting_a_user_keeps_their_events_and_the_chain_intact(world: World) -> None:
    user = make_user("se.xoa", world.ubnd_c1, Role.OFFICER)
    record(1, actor=user)

    user.delete()

    assert AuditEvent.objects.filter(actor_id=user.pk).count() >= 2
    assert audit_chain_verify().ok


@pytest.mark.django_db
def test_postgres_trigger_refuses_raw_update_and_delete() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger is PostgreSQL-only")
    with connection.cursor() as cursor:
        cursor.execute(POSTGRES_APPEND_ONLY_SQL)
    record(2)

    for sql in (
        "UPDATE core_auditevent SET verb = 'forged' WHERE seq = 1",
        "DELETE FROM core_auditevent WHERE seq = 2",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)

    assert AuditEvent.objects.count() == 2
    record(1)  # inserting still works
    assert audit_chain_verify().ok


# --- Verification ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_verify_accepts_an_empty_log() -> None:
    result = audit_chain_verify()

    assert result.ok and result.events == 0


@pytest.mark.django_db
def test_verify_accepts_an_untouched_chain(capsys: Any) -> None:
    events = record(5)

    result = audit_chain_verify(chunk_size=2)
    call_command("audit", "verify")

    assert result.ok and result.events == 5 and result.head_hash == events[-1].hash
    out = capsys.readouterr().out
    assert out.startswith("OK:") and "5 sự kiện" in out and events[-1].hash in out


@pytest.mark.django_db
def test_verify_names_a_row_whose_content_was_changed() -> None:
    record(5)
    raw("UPDATE core_auditevent SET verb = %s WHERE seq = 3", ["forged"])

    result = audit_chain_verify()

    assert result.problem is not None
    assert (result.problem.seq, result.problem.kind) == (3, BreakKind.HASH_MISMATCH)
    assert result.events == 2


@pytest.mark.django_db
def test_verify_names_a_row_whose_changes_json_was_changed() -> None:
    record(4)
    raw("UPDATE core_auditevent SET changes = %s WHERE seq = 2", ['{"status": ["old", "x"]}'])

    result = audit_chain_verify()

    assert result.problem is not None
    assert (result.problem.seq, result.problem.kind) == (2, BreakKind.HASH_MISMATCH)


@pytest.mark.django_db
def test_verify_names_a_row_rewritten_with_a_recomputed_hash() -> None:
    # A forger who recomputes the row's own hash still breaks the next row's prev_hash.
    events = record(4)
    forged = AuditEvent.objects.get(seq=2)
    forged.verb = "forged"
    new_hash = event_recompute_digest(forged)
    raw("UPDATE core_auditevent SET verb = %s, hash = %s WHERE seq = 2", ["forged", new_hash])

    result = audit_chain_verify()

    assert result.problem is not None
    assert (result.problem.seq, result.problem.kind) == (3, BreakKind.PREV_HASH_MISMATCH)
    assert events[1].hash[:16] in result.problem.detail or new_hash[:16] in result.problem.detail


@pytest.mark.django_db
def test_verify_names_a_deleted_row_as_a_gap() -> None:
    record(5)
    raw("DELETE FROM core_auditevent WHERE seq = 2")

    result = audit_chain_verify()

    assert result.problem is not None
    assert (result.problem.seq, result.problem.kind) == (2, BreakKind.SEQ_GAP)


@pytest.mark.django_db
def test_verify_names_a_deleted_first_row_as_a_gap() -> None:
    record(3)
    raw("DELETE FROM core_auditevent WHERE seq = 1")

    result = audit_chain_verify()

    assert result.problem is not None
    assert (result.problem.seq, result.problem.kind) == (1, BreakKind.SEQ_GAP)


@pytest.mark.django_db
def test_verify_names_a_cut_off_end_as_head_mismatch() -> None:
    record(5)
    raw("DELETE FROM core_auditevent WHERE seq = 5")

    result = audit_chain_verify()

    assert result.problem is not None
    assert (result.problem.seq, result.problem.kind) == (5, BreakKind.HEAD_MISMATCH)


@pytest.mark.django_db
def test_verify_names_a_missing_head_row() -> None:
    record(2)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditchainhead")

    result = audit_chain_verify()

    assert result.problem is not None
    assert result.problem.kind == BreakKind.HEAD_MISMATCH


@pytest.mark.django_db
def test_verify_command_exits_1_naming_the_first_broken_link() -> None:
    record(6)
    raw("UPDATE core_auditevent SET target_id = %s WHERE seq = 4", ["999"])
    raw("UPDATE core_auditevent SET verb = %s WHERE seq = 5", ["forged"])

    with pytest.raises(CommandError) as caught:
        call_command("audit", "verify")

    assert caught.value.returncode == 1
    message = str(caught.value)
    assert "seq 4" in message and "hash_mismatch" in message
    assert "\n" not in message


@pytest.mark.django_db
def test_events_appended_after_the_head_was_read_do_not_fail_verification() -> None:
    # Simulates a writer committing while verify walks: rows beyond the head read are skipped.
    record(3)
    head = AuditChainHead.objects.get()
    record(2)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditchainhead SET seq = %s, hash = %s WHERE id = 1", [head.seq, head.hash]
        )

    result = audit_chain_verify()

    assert result.ok and result.events == 3


# --- Concurrency ----------------------------------------------------------------------------

WRITERS, PER_WRITER = 6, 15


def _write_concurrently(writers: int, per_writer: int) -> list[BaseException]:
    """`writers` threads, each with its own connection, each appending `per_writer` events."""

    def write(n: int) -> None:
        for i in range(per_writer):
            with transaction.atomic():
                audit_record(
                    actor=None,
                    verb="test.concurrent",
                    target_type="tests.thing",
                    target_id=f"{n}-{i}",
                    changes={"i": (None, i)},
                )

    return at_once(write, threads=writers)


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_the_chain_linear() -> None:
    # Runs on PostgreSQL (DATABASE_URL=postgres://...) and on a file SQLite test database. The
    # default in-memory SQLite test database cannot: its shared cache answers "table is locked"
    # at once instead of waiting; the subprocess test below covers SQLite on a real file.
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("in-memory SQLite; see test_concurrent_writers_on_a_sqlite_file_...")

    errors = _write_concurrently(WRITERS, PER_WRITER)

    assert not errors, errors
    result = audit_chain_verify()
    assert result.ok, result.problem
    assert result.events == WRITERS * PER_WRITER
    assert list(AuditEvent.objects.values_list("seq", flat=True)) == list(
        range(1, WRITERS * PER_WRITER + 1)
    )


_SQLITE_FILE_SCRIPT = """
import json, sys
import django
django.setup()
from django.db import connection, connections
from danvan.core.models import AuditChainHead, AuditEvent
from danvan.core.services.audit import audit_chain_verify
from tests.core.test_audit import _write_concurrently
with connection.schema_editor() as editor:
    editor.create_model(AuditChainHead)
    editor.create_model(AuditEvent)
connections.close_all()
writers, per_writer = int(sys.argv[1]), int(sys.argv[2])
errors = _write_concurrently(writers, per_writer)
result = audit_chain_verify()
seqs = list(AuditEvent.objects.values_list("seq", flat=True))
print(json.dumps({
    "vendor": connection.vendor,
    "journal": connection.cursor().execute("PRAGMA journal_mode").fetchone()[0],
    "errors": [repr(e) for e in errors],
    "ok": result.ok,
    "events": result.events,
    "linear": seqs == list(range(1, writers * per_writer + 1)),
}))
"""


def test_concurrent_writers_on_a_sqlite_file_keep_the_chain_linear(tmp_path: Any) -> None:
    # The production SQLite setup (a file in WAL mode, IMMEDIATE transactions, busy timeout)
    # in a separate process, since the test database here is in memory.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "danvan.config.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'audit.sqlite3'}",
        "DANVAN_VAR_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-c", _SQLITE_FILE_SCRIPT, str(WRITERS), str(PER_WRITER)],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        timeout=180,
    )

    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["vendor"] == "sqlite" and report["journal"] == "wal"
    assert report["errors"] == []
    assert report["ok"] and report["linear"]
    assert report["events"] == WRITERS * PER_WRITER
