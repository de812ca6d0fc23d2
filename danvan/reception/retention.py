"""Retention of visitors' personal data in the reception register.

The period is data (`danvan/data/retention.json`, record type "reception.receptionentry": years
after the entry's date). When it has ended, the entry's visitor name, ID number, phone and
address and its crowd representatives are replaced, the names are scrubbed from the documents
issued for it (refusal notices, conclusion notices) and their written files deleted; the audit
log records the anonymisation with redacted values only. The matter itself (content, outcome,
serial number) stays: it is the public record of the reception.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.services.audit import audit_record
from danvan.core.services.retention import RetentionPolicy, retention_cutoff
from danvan.reception.models import ReceptionDocument, ReceptionEntry

RECORD_TYPE = "reception.receptionentry"
ANONYMISED_NAME = "[đã ẩn danh]"


def due_entries(today: dt.date) -> QuerySet[ReceptionEntry]:
    """Entries whose retention ended before `today` and that still hold personal data."""
    return ReceptionEntry.objects.filter(
        received_on__lt=retention_cutoff(RECORD_TYPE, today), anonymised_at__isnull=True
    ).order_by("received_on", "id")


def count_due(today: dt.date) -> int:
    return due_entries(today).count()


def entry_anonymise(entry: ReceptionEntry) -> None:
    """Replace the entry's personal data (its own transaction; audited with redacted values)."""
    with transaction.atomic():
        representatives = list(entry.representatives.all())
        names = [entry.visitor_name, *(r.full_name for r in representatives)]
        changes = {
            name: (getattr(entry, name), None)
            for name in ("visitor_name", "visitor_address", "visitor_id_number", "visitor_phone")
            if getattr(entry, name)
        }
        if representatives:
            changes["representatives"] = (", ".join(r.full_name for r in representatives), None)
        ReceptionEntry.objects.filter(pk=entry.pk).update(
            visitor_name=ANONYMISED_NAME if entry.visitor_name else "",
            visitor_address="",
            visitor_id_number="",
            visitor_phone="",
            search_name="",
            anonymised_at=timezone.now(),
        )
        entry.representatives.update(full_name=ANONYMISED_NAME, id_number="", phone="", address="")
        documents = ReceptionDocument.objects.filter(
            Q(entry=entry) | Q(session_id=entry.session_id, session__isnull=False)
        )
        for document in documents:
            from danvan.reception.documents import document_scrub

            document_scrub(document, names)
        audit_record(
            actor=None,
            verb="reception.entry_anonymise",
            target=entry,
            target_label=entry.label,
            changes=changes,
            redact=list(changes),
        )


def anonymise_due(today: dt.date, limit: int) -> int:
    done = 0
    for entry in due_entries(today)[:limit]:
        entry_anonymise(entry)
        done += 1
    return done


POLICY = RetentionPolicy(
    record_type=RECORD_TYPE,
    label=_("Sổ tiếp công dân"),
    count_due=count_due,
    anonymise_due=anonymise_due,
)
