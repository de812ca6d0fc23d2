"""Deadline reminders: 3 working days before, and the day after a deadline is missed."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from danvan.core.models import Obligation
from danvan.core.services.obligations import obligation_reminders_send
from danvan.core.tasks import obligation_reminders_task
from tests.core.test_board_support import (
    FRIDAY,
    BoardWorld,
    add_obligation,
    board_world,
    fast_password_hashing,
)

__all__ = ["board_world", "fast_password_hashing"]

D = dt.date


def send(today: dt.date, capture: Any, **kwargs: Any) -> Any:
    with capture(execute=True):
        return obligation_reminders_send(today=today, **kwargs)


def inbox() -> dict[str, Any]:
    return {message.to[0]: message for message in mail.outbox}


@pytest.fixture
def capture(django_capture_on_commit_callbacks: Any) -> Any:
    return django_capture_on_commit_callbacks


def test_assignee_and_leader_are_reminded_three_working_days_before(
    board_world: BoardWorld, capture: Any
) -> None:
    w = board_world
    add_obligation(w.org_a, D(2026, 3, 18), title="Thụ lý đơn", assignee=w.officer_a)

    report = send(FRIDAY, capture)

    assert (report.before, report.overdue, report.emails) == (1, 0, 2)
    received = inbox()
    assert set(received) == {"canbo.a@example.vn", "lanhdao.a@example.vn"}
    body = received["canbo.a@example.vn"].body
    assert "Thụ lý đơn" in body
    assert "18/03/2026" in body and "còn 5 ngày" in body
    assert "VIỆC SẮP ĐẾN HẠN" in body
    assert "sắp đến hạn" in received["canbo.a@example.vn"].subject


def test_nothing_is_sent_four_working_days_before(board_world: BoardWorld, capture: Any) -> None:
    add_obligation(board_world.org_a, D(2026, 3, 19), assignee=board_world.officer_a)

    report = send(FRIDAY, capture)

    assert report.before == 0
    assert mail.outbox == []


def test_a_second_run_sends_nothing_new(board_world: BoardWorld, capture: Any) -> None:
    w = board_world
    add_obligation(w.org_a, D(2026, 3, 17), assignee=w.officer_a)
    add_obligation(w.org_a, D(2026, 3, 10), assignee=w.officer_a)
    send(FRIDAY, capture)
    sent = len(mail.outbox)

    again = send(FRIDAY, capture)
    next_day = send(D(2026, 3, 16), capture)

    assert sent == 2
    assert (again.emails, next_day.emails) == (0, 0)
    assert len(mail.outbox) == sent


def test_the_day_after_the_deadline_an_overdue_reminder_follows(
    board_world: BoardWorld, capture: Any
) -> None:
    w = board_world
    row = add_obligation(w.org_a, D(2026, 3, 18), title="Gửi quyết định", assignee=w.officer_a)
    send(FRIDAY, capture)
    mail.outbox.clear()

    report = send(D(2026, 3, 19), capture)

    assert (report.before, report.overdue) == (0, 1)
    body = inbox()["canbo.a@example.vn"].body
    assert "VIỆC ĐÃ QUÁ HẠN" in body and "quá hạn 1 ngày" in body
    row.refresh_from_db()
    assert (row.reminded_before_on, row.reminded_overdue_on) == (FRIDAY, D(2026, 3, 19))


def test_one_email_per_person_lists_all_their_items(board_world: BoardWorld, capture: Any) -> None:
    w = board_world
    add_obligation(w.org_a, D(2026, 3, 2), title="Việc trễ một", assignee=w.officer_a)
    add_obligation(w.org_a, D(2026, 3, 5), title="Việc trễ hai", assignee=w.officer_a)
    add_obligation(w.org_a, D(2026, 3, 16), title="Việc sắp tới", assignee=w.officer_a)

    send(FRIDAY, capture)

    assert len(mail.outbox) == 2  # the officer and their leader, once each
    body = inbox()["canbo.a@example.vn"].body
    assert "Việc trễ một" in body and "Việc trễ hai" in body and "Việc sắp tới" in body
    assert body.index("VIỆC ĐÃ QUÁ HẠN") < body.index("VIỆC SẮP ĐẾN HẠN")


def test_other_communes_leaders_are_not_told(board_world: BoardWorld, capture: Any) -> None:
    w = board_world
    add_obligation(w.org_b, D(2026, 3, 2), assignee=w.officer_b)

    send(FRIDAY, capture)

    assert set(inbox()) == {"canbo.b@example.vn"}  # commune B has no leader


def test_people_without_email_are_skipped_and_counted(
    board_world: BoardWorld, capture: Any
) -> None:
    w = board_world
    w.officer_a.email = ""
    w.officer_a.save(update_fields=["email"])
    add_obligation(w.org_a, D(2026, 3, 2), assignee=w.officer_a)
    add_obligation(w.org_b, D(2026, 3, 2))  # nobody assigned, no leader at commune B

    report = send(FRIDAY, capture)

    assert report.recipients_without_email == 1
    assert report.obligations_without_recipient == 1
    assert set(inbox()) == {"lanhdao.a@example.vn"}


def test_paused_done_and_cancelled_obligations_are_not_reminded(
    board_world: BoardWorld, capture: Any
) -> None:
    w = board_world
    add_obligation(w.org_a, D(2026, 3, 2), assignee=w.officer_a, status="paused")
    add_obligation(w.org_a, D(2026, 3, 2), assignee=w.officer_a, status="done")
    add_obligation(w.org_a, D(2026, 3, 2), assignee=w.officer_a, status="cancelled")

    report = send(FRIDAY, capture)

    assert (report.before, report.overdue, report.emails) == (0, 0, 0)


def test_dry_run_sends_and_marks_nothing(board_world: BoardWorld, capture: Any) -> None:
    add_obligation(board_world.org_a, D(2026, 3, 2), assignee=board_world.officer_a)

    report = send(FRIDAY, capture, dry_run=True)

    assert (report.overdue, report.emails) == (1, 2)
    assert mail.outbox == []
    assert not Obligation.objects.filter(reminded_overdue_on__isnull=False).exists()


def test_nothing_is_sent_before_the_transaction_commits(board_world: BoardWorld) -> None:
    add_obligation(board_world.org_a, D(2026, 3, 2), assignee=board_world.officer_a)

    # The test's transaction never commits: the e-mails wait for a commit that never comes.
    obligation_reminders_send(today=FRIDAY)

    assert mail.outbox == []


def test_command_sends_for_the_given_date(board_world: BoardWorld, capture: Any) -> None:
    add_obligation(board_world.org_a, D(2026, 3, 2), assignee=board_world.officer_a)
    out = StringIO()

    with capture(execute=True):
        call_command("reminders", "--date", "2026-03-13", stdout=out)

    assert "1 việc quá hạn" in out.getvalue()
    assert len(mail.outbox) == 2


def test_command_says_how_many_the_mail_server_did_not_take(
    board_world: BoardWorld, capture: Any, settings: Any
) -> None:
    from danvan.core.models import OutboxEmail

    add_obligation(board_world.org_a, D(2026, 3, 2), assignee=board_world.officer_a)
    settings.EMAIL_BACKEND = "tests.core.test_mail.RefusingBackend"
    out = StringIO()

    with capture(execute=True):
        call_command("reminders", "--date", "2026-03-13", stdout=out)

    assert "2 thư nhắc hạn" in out.getvalue()
    assert "Máy chủ thư chưa nhận 2 thư (0 thư đã gửi)" in out.getvalue()
    assert OutboxEmail.objects.filter(sent_at__isnull=True, attempts=1).count() == 2


def test_command_dry_run_says_what_it_would_send(board_world: BoardWorld, capture: Any) -> None:
    add_obligation(board_world.org_a, D(2026, 3, 2), assignee=board_world.officer_a)
    out = StringIO()

    with capture(execute=True):
        call_command("reminders", "--date", "2026-03-13", "--dry-run", stdout=out)

    assert "Thử (không gửi)" in out.getvalue() and "2 thư sẽ gửi" in out.getvalue()
    assert mail.outbox == []


def test_command_refuses_a_bad_date(db: Any) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("reminders", "--date", "13/03/2026")


def test_background_task_sends_the_reminders(board_world: BoardWorld, capture: Any) -> None:
    add_obligation(board_world.org_a, D(2026, 3, 2), assignee=board_world.officer_a)

    with capture(execute=True):
        result = obligation_reminders_task.enqueue("2026-03-13")

    assert result.return_value["overdue"] == 1
    assert len(mail.outbox) == 2


# --- The worker's daily clock ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ((6, 59), (13, 7)),  # before 07:00: today
        ((7, 0), (14, 7)),  # exactly 07:00: the run is now being made, next is tomorrow
        ((22, 30), (14, 7)),
    ],
)
def test_worker_schedules_the_next_run_at_the_reminder_hour(
    now: tuple[int, int], expected: tuple[int, int]
) -> None:
    from django.utils import timezone

    from danvan.core.management.commands.worker import next_daily_run

    zone = timezone.get_current_timezone()
    moment = dt.datetime(2026, 3, 13, now[0], now[1], tzinfo=zone)

    at = next_daily_run(moment, 7)

    assert (at.day, at.hour, at.minute) == (*expected, 0)
    assert at > moment


def test_worker_enqueues_the_reminders_when_it_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from danvan.core.management.commands import worker

    calls: list[str] = []
    monkeypatch.setattr(worker, "_enqueue_reminders", lambda: calls.append("enqueued"))
    stop = threading.Event()
    stop.set()  # the worker is stopping: no second run

    worker._daily(stop, 7)

    assert calls == ["enqueued"]
