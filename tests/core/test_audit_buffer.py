"""Audit events recorded inside a transaction are chained just before its COMMIT.

They commit and roll back with the rows they describe, follow savepoints, and the chain head is
locked only for the flush, not from the first audited change to the commit.
"""

from __future__ import annotations

import threading

import pytest
from django.db import DatabaseError, connection, connections, transaction

from danvan.core.models import AuditChainHead, AuditEvent
from danvan.core.services.audit import audit_chain_verify, audit_record
from tests.factories import UserFactory


def _written(prefix: str) -> bool:
    """Rows in the table, read in SQL (a read through AuditEvent.objects chains waiting events)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM core_auditevent WHERE verb LIKE %s", [prefix + "%"])
        return bool(cursor.fetchone()[0])


def _verbs() -> list[str]:
    return list(AuditEvent.objects.order_by("seq").values_list("verb", flat=True))


@pytest.mark.django_db(transaction=True)
def test_events_of_a_transaction_are_written_at_commit_in_order() -> None:
    # given a user
    user = UserFactory()
    # when a transaction records two events
    with transaction.atomic():
        audit_record(actor=None, verb="buffer.first", target=user)
        audit_record(actor=None, verb="buffer.second", target=user)
        # then nothing is written before the commit
        assert not _written("buffer.")
    # and both are chained after it, in the order recorded, with an intact chain
    events = list(AuditEvent.objects.filter(verb__startswith="buffer.").order_by("seq"))
    assert [e.verb for e in events] == ["buffer.first", "buffer.second"]
    assert events[1].seq == events[0].seq + 1
    assert events[1].prev_hash == events[0].hash
    assert AuditChainHead.objects.get(id=1).hash == events[1].hash
    assert audit_chain_verify().ok


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_leaves_no_event() -> None:
    user = UserFactory()
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=None, verb="buffer.lost", target=user)
        raise RuntimeError("business rule failed")
    assert AuditEvent.objects.count() == before
    # and the next transaction starts with an empty buffer
    with transaction.atomic():
        audit_record(actor=None, verb="buffer.kept", target=user)
    assert _verbs()[-1] == "buffer.kept"
    assert "buffer.lost" not in _verbs()
    assert audit_chain_verify().ok


@pytest.mark.django_db(transaction=True)
def test_an_inner_block_that_rolls_back_drops_only_its_own_events() -> None:
    user = UserFactory()
    with transaction.atomic():
        audit_record(actor=None, verb="buffer.outer", target=user)
        try:
            with transaction.atomic():
                audit_record(actor=None, verb="buffer.inner", target=user)
                raise ValueError("inner fails")
        except ValueError:
            pass
        audit_record(actor=None, verb="buffer.after", target=user)
    assert [v for v in _verbs() if v.startswith("buffer.")] == [
        "buffer.outer",
        "buffer.after",
    ]
    assert audit_chain_verify().ok


@pytest.mark.django_db(transaction=True)
def test_a_failing_flush_rolls_the_business_rows_back() -> None:
    # given a head that does not match the last event (as if someone forked the chain)
    user = UserFactory()
    audit_record(actor=None, verb="buffer.base", target=user)
    last = AuditEvent.objects.order_by("-seq").first()
    assert last is not None
    AuditChainHead.objects.filter(id=1).update(seq=last.seq - 1)
    # when a transaction writes a row and an event
    with pytest.raises(DatabaseError), transaction.atomic():
        victim = UserFactory(username="khong-duoc-luu")
        audit_record(actor=None, verb="buffer.clash", target=victim)
    # then the unique seq refuses the event and the user row went with it
    assert not type(user).objects.filter(username="khong-duoc-luu").exists()
    assert "buffer.clash" not in _verbs()
    # and the connection is usable again
    assert type(user).objects.filter(pk=user.pk).exists()


@pytest.mark.django_db
def test_under_a_test_transaction_the_events_appear_when_the_service_block_ends() -> None:
    # (TestCase's own atomic blocks never commit; the outermost real block stands for COMMIT)
    user = UserFactory()
    with transaction.atomic():
        audit_record(actor=None, verb="buffer.testcase", target=user)
        assert not _written("buffer.testcase")
    assert _verbs()[-1] == "buffer.testcase"
    # and outside any real block an event is written at once
    event = audit_record(actor=None, verb="buffer.direct", target=user)
    assert event.pk is not None and event.seq == AuditChainHead.objects.get(id=1).seq


@pytest.mark.django_db(transaction=True)
def test_the_head_is_not_locked_while_a_transaction_goes_on_after_its_audit_record() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks: SQLite serialises whole write transactions anyway")
    user = UserFactory()
    audit_record(actor=None, verb="buffer.seed", target=user)
    recorded = threading.Event()
    release = threading.Event()
    errors: list[BaseException] = []

    def slow_writer() -> None:
        try:
            with transaction.atomic():
                audit_record(actor=None, verb="buffer.slow", target=user)
                recorded.set()
                release.wait(10)  # the rest of a long business write
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=slow_writer)
    thread.start()
    try:
        assert recorded.wait(10)
        # while the slow write is still open, another writer chains its event without waiting
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            audit_record(actor=None, verb="buffer.fast", target=user)
    finally:
        release.set()
        thread.join(15)
    assert not errors
    verbs = [v for v in _verbs() if v.startswith("buffer.")]
    assert verbs == ["buffer.seed", "buffer.fast", "buffer.slow"]
    assert audit_chain_verify().ok


@pytest.mark.django_db(transaction=True)
def test_a_transaction_reads_its_own_events_and_a_later_rollback_still_undoes_them() -> None:
    user = UserFactory()
    with transaction.atomic():
        audit_record(actor=None, verb="buffer.seen", target=user)
        # a read of the log inside the transaction sees the event
        assert AuditEvent.objects.filter(verb="buffer.seen").count() == 1
        try:
            with transaction.atomic():
                audit_record(actor=None, verb="buffer.inner-read", target=user)
                assert AuditEvent.objects.filter(verb="buffer.inner-read").exists()
                audit_record(actor=None, verb="buffer.inner-late", target=user)
                raise ValueError("inner fails")
        except ValueError:
            pass
        audit_record(actor=None, verb="buffer.end", target=user)
    assert [v for v in _verbs() if v.startswith("buffer.")] == ["buffer.seen", "buffer.end"]
    assert audit_chain_verify().ok


@pytest.mark.django_db(transaction=True)
def test_a_deferred_foreign_key_check_never_waits_while_holding_the_chain_head() -> None:
    # The load test's deadlock: A inserts a row referencing an organisation (its foreign key is
    # checked at COMMIT) while B holds that organisation FOR UPDATE and waits for the head.
    if connection.vendor != "postgresql":
        pytest.skip("deferred foreign keys and row locks are PostgreSQL's")
    from danvan.core.models import Organization
    from tests.factories import OrganizationFactory

    user = UserFactory()
    parent = OrganizationFactory()
    b_locked = threading.Event()
    a_started = threading.Event()
    errors: list[BaseException] = []

    def writer_b() -> None:
        try:
            with transaction.atomic():
                Organization.objects.select_for_update().get(pk=parent.pk)
                audit_record(actor=None, verb="buffer.b", target=user)
                b_locked.set()
                a_started.wait(10)
                threading.Event().wait(1.0)  # A is now committing
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    def writer_a() -> None:
        try:
            assert b_locked.wait(10)
            with transaction.atomic():
                OrganizationFactory(parent=parent)
                audit_record(actor=None, verb="buffer.a", target=user)
                a_started.set()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer_b), threading.Thread(target=writer_a)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors, errors
    verbs = [v for v in _verbs() if v.startswith("buffer.")]
    assert sorted(verbs) == ["buffer.a", "buffer.b"]
    assert audit_chain_verify().ok
