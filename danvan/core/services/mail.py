"""The e-mail outbox: store messages with the change that causes them, send them after it.

`mail_queue` writes the messages in the caller's transaction (they exist exactly when the change
does: a reminder flagged as sent always has its e-mail) and, once it commits, enqueues
`core.tasks.mail_outbox_send_task`. `mail_outbox_send` claims the due messages, sends them one
by one and marks each sent; a message the mail server refuses is tried again later (after 1, 5,
15 minutes, then 1, 3, 6 and 12 hours) and given up after `MAX_ATTEMPTS`, its last error kept.
The run that failed a message enqueues the task again for its retry; the worker's daily jobs
sweep whatever is left. Delivery is at least once: a sender killed between the mail server's
acceptance and the mark sends that message again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from danvan.core.models import OutboxEmail

logger = logging.getLogger(__name__)

# Waits before the 2nd, 3rd, ... attempt; after the last, the message is given up.
RETRY_WAITS = tuple(dt.timedelta(minutes=m) for m in (1, 5, 15, 60, 3 * 60, 6 * 60, 12 * 60))
MAX_ATTEMPTS = len(RETRY_WAITS) + 1
# A claimed message is left to its sender this long (a sender killed mid-run frees it after).
CLAIM = dt.timedelta(minutes=10)
BATCH = 500
# Sent and given-up messages (personal data: names, tasks) are kept this long, for enquiries.
KEEP_SENT = dt.timedelta(days=30)


@dataclass
class OutboxReport:
    sent: int = 0
    failed: int = 0  # refused this time, to be tried again
    given_up: int = 0
    purged: int = 0  # messages sent or given up over KEEP_SENT ago, deleted

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


@dataclass(frozen=True)
class OutboxState:
    pending: int  # waiting to be sent
    late: int  # of those, stored over LATE ago
    given_up: int  # given up in the last GIVEN_UP_RECENT


LATE = dt.timedelta(hours=1)
GIVEN_UP_RECENT = dt.timedelta(days=1)


def outbox_state(*, now: dt.datetime | None = None) -> OutboxState:
    """What the health check reports of the outbox."""
    now = now or timezone.now()
    pending = OutboxEmail.objects.filter(sent_at__isnull=True, given_up_at__isnull=True)
    return OutboxState(
        pending=pending.count(),
        late=pending.filter(created_at__lt=now - LATE).count(),
        given_up=OutboxEmail.objects.filter(given_up_at__gte=now - GIVEN_UP_RECENT).count(),
    )


def mail_queue(messages: Sequence[EmailMessage], *, kind: str) -> int:
    """Store `messages` in the caller's transaction; once it commits, have them sent.

    Nothing is stored or sent if the transaction rolls back. Returns how many were stored.
    """
    if not messages:
        return 0
    now = timezone.now()
    OutboxEmail.objects.bulk_create(
        [
            OutboxEmail(
                kind=kind,
                subject=str(message.subject)[:300],
                body=str(message.body),
                from_email=str(message.from_email or ""),
                to=[str(address) for address in message.to],
                next_attempt_at=now,
            )
            for message in messages
        ]
    )
    transaction.on_commit(_wake)
    return len(messages)


def _wake(run_after: dt.datetime | None = None) -> None:
    from danvan.core.tasks import mail_outbox_send_task

    task = mail_outbox_send_task
    try:
        if run_after is not None:
            if not task.get_backend().supports_defer:
                return  # the daily sweep sends it
            task = task.using(run_after=run_after)
        task.enqueue()
    except Exception:  # the queue is down: the messages wait in the outbox for the daily sweep
        logger.warning("Could not enqueue the e-mail outbox", exc_info=True)


def _claim(now: dt.datetime, limit: int) -> list[OutboxEmail]:
    with transaction.atomic():
        rows = list(
            OutboxEmail.objects.select_for_update(skip_locked=True)
            .filter(sent_at__isnull=True, given_up_at__isnull=True, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "id")[:limit]
        )
        OutboxEmail.objects.filter(pk__in=[row.pk for row in rows]).update(
            next_attempt_at=now + CLAIM
        )
    return rows


def _failed(row: OutboxEmail, error: BaseException | str, now: dt.datetime) -> bool:
    """Record a refusal; True if the message will be tried again."""
    attempts = row.attempts + 1
    text = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
    changes: dict[str, object] = {"attempts": attempts, "last_error": text[:1000]}
    retry = attempts < MAX_ATTEMPTS
    if retry:
        changes["next_attempt_at"] = now + RETRY_WAITS[attempts - 1]
    else:
        changes["given_up_at"] = now
    OutboxEmail.objects.filter(pk=row.pk, sent_at__isnull=True).update(**changes)
    return retry


def mail_outbox_send(*, now: dt.datetime | None = None, limit: int = BATCH) -> OutboxReport:
    """Send the messages that are due; safe to run several at once (each takes its own)."""
    now = now or timezone.now()
    report = OutboxReport()
    rows = _claim(now, limit)
    retry_at: dt.datetime | None = None
    if rows:
        connection = get_connection(fail_silently=False)
        error: Exception | None = None
        try:
            connection.open()
        except Exception as exc:  # the mail server is down: every claimed message waits
            error = exc
        opened = error is None
        try:
            for row in rows:
                outcome = _send_one(connection, row) if opened else error
                if outcome is None:
                    OutboxEmail.objects.filter(pk=row.pk).update(
                        sent_at=timezone.now(), attempts=F("attempts") + 1, last_error=""
                    )
                    report.sent += 1
                elif _failed(row, outcome, now):
                    report.failed += 1
                    due = now + RETRY_WAITS[row.attempts]  # as `_failed` set it
                    retry_at = due if retry_at is None else min(retry_at, due)
                else:
                    report.given_up += 1
                    logger.error(
                        "E-mail %s given up after %d attempts: %s", row.pk, MAX_ATTEMPTS, outcome
                    )
        finally:
            if opened:
                connection.close()
    kept_from = now - KEEP_SENT
    report.purged, _ = OutboxEmail.objects.filter(
        Q(sent_at__lt=kept_from) | Q(given_up_at__lt=kept_from)
    ).delete()
    if retry_at is not None:
        _wake(retry_at)
    if len(rows) == limit:
        _wake()  # more are due than one run takes
    return report


def _send_one(connection: BaseEmailBackend, row: OutboxEmail) -> BaseException | str | None:
    """Send one stored message; None when the server took it, else why not."""
    message = EmailMessage(
        subject=row.subject, body=row.body, from_email=row.from_email or None, to=row.to
    )
    try:
        taken = connection.send_messages([message])
    except Exception as exc:
        return exc
    return None if taken else "the mail server took no recipient"
