"""The e-mail outbox: messages stored with the change that causes them, sent afterwards."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class OutboxEmail(models.Model):
    """One e-mail to send (a deadline reminder, an early-warning alert).

    Written in the transaction of the change that decides it (the reminder flags, the new
    alerts), so the message exists exactly when the change does; `core.services.mail` sends it
    after the commit and again later while the mail server refuses it. A row is pending while
    `sent_at` and `given_up_at` are both empty; `next_attempt_at` is when it may be tried next
    (a sender that claims it moves it forward, so two senders never take the same row).
    """

    kind = models.CharField(max_length=40)  # "obligation_reminder", "alert", ...
    subject = models.CharField(max_length=300)
    body = models.TextField()
    from_email = models.CharField(max_length=254)
    to = models.JSONField(default=list)  # the addresses, as EmailMessage.to
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    given_up_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="outbox_email_pending",
                condition=Q(sent_at__isnull=True, given_up_at__isnull=True),
            ),
            models.Index(fields=["sent_at"], name="outbox_email_sent"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {', '.join(self.to)}: {self.subject}"
