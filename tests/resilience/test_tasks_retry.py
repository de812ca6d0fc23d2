"""A background task that is retried has its effect once.

Each task runs through the Tasks API as the worker runs it (`.enqueue()`; the tests' immediate
backend runs it at once and records a failure instead of raising). "A crash in the middle" is
the task stopping with an exception after part of its work: what it committed stays, what it
had not committed rolls back, as when a worker dies. Then the same task runs again (the worker's
retry, or the next day's run) and once more: the effect is there once.

E-mails are stored in the outbox (`core.OutboxEmail`) in the transaction that decides them and
sent after it commits, again while the mail server refuses them (docs/resilience.md).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks import TaskResultStatus

from danvan.core.models import AuditEvent, Obligation, Task
from tests.core.test_board_support import (
    FRIDAY,
    BoardWorld,
    add_obligation,
    board_world,
    fast_password_hashing,
)
from tests.core.test_tasks_series import _monthly
from tests.core.test_tasks_world import TasksWorld, tasks_world
from tests.monitoring.alerts_fixtures import AS_OF, AlertWorld, _rules, aw, report, spike_world
from tests.petitions.conftest import World, petition_input, world

__all__ = ["_rules", "aw", "board_world", "fast_password_hashing", "tasks_world", "world"]

pytestmark = [pytest.mark.fault, pytest.mark.django_db]

D = dt.date


class Crash(RuntimeError):
    """The worker stopping in the middle of a task."""


def crash_on_call(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str, n: int) -> None:
    """Make `owner.name` raise `Crash` on its n-th call (the calls before it run for real)."""
    original = getattr(owner, name)
    calls = [0]

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == n:
            raise Crash(f"{name} call {n}")
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, wrapped)


def test_reminders_crashing_mid_run_then_retried_are_sent_once(
    board_world: BoardWorld,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from danvan.core.services import obligations
    from danvan.core.tasks import obligation_reminders_task

    w = board_world
    rows = [
        add_obligation(w.org_a, D(2026, 3, 16), title="Việc sắp đến hạn", assignee=w.officer_a),
        add_obligation(w.org_a, D(2026, 3, 10), title="Việc đã quá hạn", assignee=w.officer_a),
        add_obligation(w.org_b, D(2026, 3, 11), title="Việc xã Bình", assignee=w.officer_b),
    ]
    # given the daily run stopping while it writes the second person's e-mail
    crash_on_call(monkeypatch, obligations, "_message", 2)
    with django_capture_on_commit_callbacks(execute=True):
        failed = obligation_reminders_task.enqueue(FRIDAY.isoformat())
    assert failed.status == TaskResultStatus.FAILED
    assert mail.outbox == []  # nothing sent, nothing flagged: the transaction rolled back
    assert not Obligation.objects.filter(reminded_before_on__isnull=False).exists()
    monkeypatch.undo()

    # when the worker runs it again, then once more
    with django_capture_on_commit_callbacks(execute=True):
        retried = obligation_reminders_task.enqueue(FRIDAY.isoformat())
    with django_capture_on_commit_callbacks(execute=True):
        again = obligation_reminders_task.enqueue(FRIDAY.isoformat())

    # then each person got one e-mail, each obligation is flagged once
    assert retried.status == again.status == TaskResultStatus.SUCCESSFUL
    recipients = Counter(m.to[0] for m in mail.outbox)
    assert recipients and set(recipients.values()) == {1}, recipients
    assert again.return_value["emails"] == 0
    for row in rows:
        row.refresh_from_db()
    assert rows[0].reminded_before_on == FRIDAY
    assert rows[1].reminded_overdue_on == rows[2].reminded_overdue_on == FRIDAY


def test_reminders_run_while_the_mail_server_is_down_are_sent_once_it_is_back(
    board_world: BoardWorld, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from danvan.core.models import OutboxEmail
    from danvan.core.tasks import mail_outbox_send_task, obligation_reminders_task

    w = board_world
    add_obligation(w.org_a, D(2026, 3, 16), title="Việc sắp đến hạn", assignee=w.officer_a)
    # given the mail server down when the daily reminders run
    settings.EMAIL_BACKEND = "tests.core.test_mail.DownBackend"
    with django_capture_on_commit_callbacks(execute=True):
        run = obligation_reminders_task.enqueue(FRIDAY.isoformat())
    assert run.status == TaskResultStatus.SUCCESSFUL and run.return_value["emails"] == 2
    assert mail.outbox == []
    assert OutboxEmail.objects.filter(sent_at__isnull=True).count() == 2

    # when it is back and the outbox is swept (the retry, or the next daily run), twice
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboxEmail.objects.update(next_attempt_at=timezone.now())  # the retry is due
    first = mail_outbox_send_task.enqueue()
    second = mail_outbox_send_task.enqueue()
    with django_capture_on_commit_callbacks(execute=True):
        rerun = obligation_reminders_task.enqueue(FRIDAY.isoformat())

    # then each person got the reminder once
    assert (first.return_value["sent"], second.return_value["sent"]) == (2, 0)
    assert rerun.return_value["emails"] == 0
    recipients = Counter(m.to[0] for m in mail.outbox)
    assert recipients == {"canbo.a@example.vn": 1, "lanhdao.a@example.vn": 1}
    assert "Việc sắp đến hạn" in mail.outbox[0].body


def test_alert_detection_crashing_mid_run_then_retried_raises_each_alert_once(
    aw: AlertWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    from danvan.monitoring.models import Alert
    from danvan.monitoring.services import alerts
    from danvan.monitoring.tasks import alerts_detect_task

    # given a spike in commune A and two flagged issue reports: three alerts to raise
    spike_world(aw.w, spike=7)
    report(aw.w, flag_ethnic=True)
    report(aw.w, flag_religious=True, title="Mâu thuẫn về nơi sinh hoạt tôn giáo")
    # and a detection run stopping after it raised the first alert
    crash_on_call(monkeypatch, alerts, "_create", 2)
    failed = alerts_detect_task.enqueue(AS_OF.isoformat())
    assert failed.status == TaskResultStatus.FAILED
    assert Alert.objects.count() == 1
    monkeypatch.undo()

    # when the task runs again, then once more
    retried = alerts_detect_task.enqueue(AS_OF.isoformat())
    again = alerts_detect_task.enqueue(AS_OF.isoformat())

    # then each alert exists once, audited once, with its evidence once
    assert retried.status == again.status == TaskResultStatus.SUCCESSFUL
    keys = list(Alert.objects.values_list("key", flat=True))
    assert len(keys) == len(set(keys)) == 3
    raised = Counter(
        AuditEvent.objects.filter(verb="alert.raise").values_list("target_id", flat=True)
    )
    assert sorted(raised) == sorted(str(pk) for pk in Alert.objects.values_list("pk", flat=True))
    assert set(raised.values()) == {1}
    spike = Alert.objects.get(kind="spike")
    evidence = list(spike.evidence.values_list("target_type", "target_id"))
    # 7 petitions and the 2 issue reports of the commune this week, as one clean run gives
    assert len(evidence) == len(set(evidence)) == spike.observed == 9
    assert again.return_value["created_total"] == 0


def test_entity_indexing_crashing_mid_run_then_retried_stores_each_mention_once(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from danvan.monitoring.models import EntityMention
    from danvan.monitoring.services import entities
    from danvan.monitoring.tasks_entities import entities_index_task
    from danvan.petitions.services import petition_register

    entities.gazetteer_reset()
    for n in range(5):
        petition_register(
            actor=world.officer_a,
            data=petition_input(
                content=f"Khiếu nại Quyết định số {120 + n}/QĐ-UBND ngày 12/01/2026 của UBND xã "
                f"An về bồi thường {n + 2}00.000.000 đồng khi thu hồi đất tại thôn Đông."
            ),
        )
    monkeypatch.setattr(entities, "BATCH", 2)
    # given the indexing stopping after its first batch was stored, before its cursor moved
    original_store = entities._store
    calls = [0]

    def store_then_crash(*args: Any, **kwargs: Any) -> int:
        stored = original_store(*args, **kwargs)
        calls[0] += 1
        if calls[0] == 1:
            raise Crash("after the first batch")
        return stored

    monkeypatch.setattr(entities, "_store", store_then_crash)
    assert entities_index_task.enqueue().status == TaskResultStatus.FAILED
    monkeypatch.setattr(entities, "_store", original_store)

    # when the task runs again, then once more
    assert entities_index_task.enqueue().status == TaskResultStatus.SUCCESSFUL
    assert entities_index_task.enqueue().status == TaskResultStatus.SUCCESSFUL
    after_retry = Counter(
        EntityMention.objects.values_list("target_type", "target_id", "kind", "value")
    )

    # then the mentions are exactly those of one clean run
    EntityMention.objects.all().delete()
    entities.entities_index_reset()
    assert entities_index_task.enqueue().status == TaskResultStatus.SUCCESSFUL
    clean = Counter(EntityMention.objects.values_list("target_type", "target_id", "kind", "value"))
    assert after_retry == clean
    assert clean and set(clean.values()) == {1}
    assert len({target for _t, target, _k, _v in clean}) == 5


def test_recurring_tasks_crashing_mid_run_then_retried_give_each_period_once(
    tasks_world: TasksWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    from danvan.core.services import task_series
    from danvan.core.tasks import task_series_task

    # given a monthly series created in May, whose June to November occurrences are due
    series = _monthly(tasks_world, D(2026, 5, 20), starts_on=D(2026, 5, 15))
    assert Task.objects.filter(series=series).count() == 1
    # and the daily run stopping after it gave two of them
    crash_on_call(monkeypatch, task_series, "task_insert", 3)
    assert task_series_task.enqueue("2026-11-20").status == TaskResultStatus.FAILED
    assert Task.objects.filter(series=series).count() == 3
    monkeypatch.undo()

    # when the task runs again, then once more
    retried = task_series_task.enqueue("2026-11-20")
    again = task_series_task.enqueue("2026-11-20")

    # then every month from May to November has one task, created and audited once
    assert retried.status == again.status == TaskResultStatus.SUCCESSFUL
    starts = list(
        Task.objects.filter(series=series)
        .order_by("period_start")
        .values_list("period_start", flat=True)
    )
    assert starts == [D(2026, month, 1) for month in range(5, 12)]
    assert again.return_value["created"] == 0
    created = Counter(
        AuditEvent.objects.filter(verb="task.create").values_list("target_id", flat=True)
    )
    assert set(created.values()) == {1} and len(created) == 7


def test_register_import_whose_worker_died_mid_import_imports_each_row_once_when_retried(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from danvan.petitions.imports import run
    from danvan.petitions.models import ImportStatus, Petition, RegisterImport
    from danvan.petitions.tasks import register_import_run_task
    from tests.petitions.imports_helpers import check, good_row, upload, xlsx

    monkeypatch.setattr(run, "BATCH", 2)
    job = check(world.officer, upload(world.officer, xlsx([good_row(n) for n in range(1, 6)])))
    run.register_import_start(actor=world.officer, job=job, only_good=False, queue=False)
    # given the worker dying (not an error the import catches) while writing the second batch
    original = run.Writer._insert
    calls = [0]

    def dies(self: Any, rows: Any) -> int:
        calls[0] += 1
        if calls[0] == 2:
            raise SystemExit("worker stopped")
        return original(self, rows)

    monkeypatch.setattr(run.Writer, "_insert", dies)
    assert register_import_run_task.enqueue(job.pk).status == TaskResultStatus.FAILED
    job.refresh_from_db()
    assert job.status == ImportStatus.IMPORTING  # nobody marked it: the worker died
    assert Petition.objects.count() == 2
    monkeypatch.setattr(run.Writer, "_insert", original)

    # when the queue runs the same task again, then once more
    retried = register_import_run_task.enqueue(job.pk)
    again = register_import_run_task.enqueue(job.pk)

    # then every row of the register is one case, numbered without gap
    assert retried.status == again.status == TaskResultStatus.SUCCESSFUL
    job = RegisterImport.objects.get(pk=job.pk)
    assert job.status == ImportStatus.DONE
    assert (job.rows_created, job.rows_skipped) == (3, 2)
    assert Petition.objects.count() == 5
    refs = list(Petition.objects.values_list("source_ref", flat=True))
    assert len(set(refs)) == 5
    assert sorted(Petition.objects.values_list("seq", flat=True)) == [1, 2, 3, 4, 5]
