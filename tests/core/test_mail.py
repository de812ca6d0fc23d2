"""The e-mail outbox (`core.services.mail`): stored with the change, sent after it, tried again
while the mail server refuses, given up after the last attempt, each message sent once."""

from __future__ import annotations

import datetime as dt
import smtplib
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.utils import timezone

from danvan.core.models import OutboxEmail
from danvan.core.services import mail as outbox
from danvan.core.services.mail import MAX_ATTEMPTS, RETRY_WAITS, mail_outbox_send, mail_queue
from tests.concurrency import at_once

pytestmark = pytest.mark.django_db

REFUSING = "tests.core.test_mail.RefusingBackend"
DOWN = "tests.core.test_mail.DownBackend"


class RefusingBackend(BaseEmailBackend):
    """A mail server that answers but refuses every message."""

    def send_messages(self, email_messages: Any) -> int:
        raise smtplib.SMTPDataError(451, b"try again later")


class DownBackend(BaseEmailBackend):
    """A mail server that cannot be reached."""

    def open(self) -> bool:
        raise ConnectionRefusedError("no mail server on port 25")

    def send_messages(self, email_messages: Any) -> int:
        raise AssertionError("never called: the connection did not open")


def message(to: str = "canbo.a@example.vn", subject: str = "Nhắc hạn") -> EmailMessage:
    return EmailMessage(subject=subject, body="Việc sắp đến hạn.\n", to=[to])


def queued(capture: Any, *messages: EmailMessage) -> None:
    with capture(execute=True), transaction.atomic():
        mail_queue(list(messages) or [message()], kind="obligation_reminder")


def test_messages_are_stored_with_the_change_and_sent_after_it_commits(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            mail_queue([message(), message("lanhdao@example.vn")], kind="obligation_reminder")
        assert OutboxEmail.objects.count() == 2 and mail.outbox == []  # stored, not yet sent
    for callback in callbacks:
        callback()

    assert sorted(m.to[0] for m in mail.outbox) == ["canbo.a@example.vn", "lanhdao@example.vn"]
    assert mail.outbox[0].subject == "Nhắc hạn" and mail.outbox[0].body == "Việc sắp đến hạn.\n"
    rows = list(OutboxEmail.objects.all())
    assert all(r.sent_at is not None and r.attempts == 1 and r.last_error == "" for r in rows)
    assert mail_outbox_send().sent == 0  # nothing is sent twice
    assert len(mail.outbox) == 2


def test_nothing_is_stored_or_sent_when_the_change_rolls_back(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        mail_queue([message()], kind="obligation_reminder")
        raise RuntimeError("the change failed")

    assert not OutboxEmail.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize("backend", [REFUSING, DOWN])
def test_a_refused_message_waits_and_is_sent_once_when_the_server_takes_it(
    backend: str, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.EMAIL_BACKEND = backend
    queued(django_capture_on_commit_callbacks)

    row = OutboxEmail.objects.get()
    assert (row.attempts, row.sent_at, row.given_up_at) == (1, None, None)
    assert row.last_error.split(":")[0] in {"SMTPDataError", "ConnectionRefusedError"}
    first_try = row.next_attempt_at - RETRY_WAITS[0]
    assert first_try <= timezone.now()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert mail_outbox_send(now=first_try + RETRY_WAITS[0] / 2).sent == 0  # not due yet
    report = mail_outbox_send(now=row.next_attempt_at)
    assert (report.sent, report.failed) == (1, 0)
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert row.attempts == 2 and row.sent_at is not None and row.last_error == ""
    assert mail_outbox_send(now=row.next_attempt_at + dt.timedelta(days=1)).sent == 0
    assert len(mail.outbox) == 1


def test_a_message_is_given_up_after_the_last_attempt(
    settings: Any, django_capture_on_commit_callbacks: Any, caplog: Any
) -> None:
    settings.EMAIL_BACKEND = REFUSING
    queued(django_capture_on_commit_callbacks)
    waits = []
    for _ in range(MAX_ATTEMPTS - 1):
        row = OutboxEmail.objects.get()
        assert row.given_up_at is None
        report = mail_outbox_send(now=row.next_attempt_at)
        waits.append(OutboxEmail.objects.get().next_attempt_at - row.next_attempt_at)

    row = OutboxEmail.objects.get()
    assert row.attempts == MAX_ATTEMPTS and row.given_up_at is not None and row.sent_at is None
    assert report.given_up == 1 and "given up" in caplog.text
    assert waits[:-1] == list(RETRY_WAITS[1:])  # 5 min, 15 min, 1 h, ... between attempts
    assert mail_outbox_send(now=row.given_up_at + dt.timedelta(days=2)).given_up == 0


def test_a_message_claimed_by_one_sender_is_not_taken_by_another(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with transaction.atomic():  # stored without the send after commit
        mail_queue([message()], kind="alert")
    now = timezone.now()
    claimed = outbox._claim(now, 10)  # a sender took it and is still sending

    assert [r.kind for r in claimed] == ["alert"]
    assert mail_outbox_send(now=now).sent == 0
    # A sender that died mid-run frees its messages when the claim runs out.
    assert mail_outbox_send(now=now + outbox.CLAIM).sent == 1
    assert len(mail.outbox) == 1


def test_a_refusal_enqueues_the_retry_when_the_queue_can_defer(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.EMAIL_BACKEND = REFUSING
    queued(django_capture_on_commit_callbacks)  # the first attempt fails (immediate backend)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import task_backends

    row = OutboxEmail.objects.get()
    mail_outbox_send(now=row.next_attempt_at)  # the second fails too

    results = task_backends["default"].results  # type: ignore[attr-defined]
    assert [r.task.name for r in results] == ["mail_outbox_send_task"]
    assert results[0].task.run_after == OutboxEmail.objects.get().next_attempt_at


def test_sent_and_given_up_messages_are_deleted_after_the_keeping_period(
    django_capture_on_commit_callbacks: Any,
) -> None:
    queued(
        django_capture_on_commit_callbacks,
        *[message(f"{name}@example.vn") for name in ("a", "b", "c", "d")],
    )
    rows = list(OutboxEmail.objects.order_by("id"))
    long_ago = timezone.now() - outbox.KEEP_SENT - dt.timedelta(hours=1)
    OutboxEmail.objects.filter(pk=rows[0].pk).update(sent_at=long_ago)
    OutboxEmail.objects.filter(pk=rows[1].pk).update(sent_at=None, given_up_at=long_ago)
    OutboxEmail.objects.filter(pk=rows[2].pk).update(
        sent_at=None, given_up_at=long_ago + dt.timedelta(days=2)
    )

    assert mail_outbox_send().purged == 2
    assert list(OutboxEmail.objects.order_by("id").values_list("to", flat=True)) == [
        ["c@example.vn"],
        ["d@example.vn"],
    ]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite's IMMEDIATE transactions serialise senders"
)
@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_send_each_message_once(settings: Any) -> None:
    # The follow-up runs a full batch enqueues are only recorded: the two senders do it all.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    now = timezone.now()
    OutboxEmail.objects.bulk_create(
        OutboxEmail(
            kind="alert", subject="s", body="b", to=[f"{n}@example.vn"], next_attempt_at=now
        )
        for n in range(60)
    )
    reports: list[outbox.OutboxReport] = []

    def sender(_: int) -> None:
        reports.append(mail_outbox_send(now=now, limit=20))
        reports.append(mail_outbox_send(now=now, limit=20))

    errors = at_once(sender, threads=2)

    assert errors == []
    assert sum(r.sent for r in reports) == 60
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"{n}@example.vn" for n in range(60))
    assert not OutboxEmail.objects.filter(sent_at__isnull=True).exists()
