"""Retention: entries past their period lose the visitors' personal data, audited redacted."""

from __future__ import annotations

import datetime as dt
import json

from danvan.core.models import AuditEvent
from danvan.core.services.retention import retention_period, retention_policies, retention_run
from danvan.reception.documents import document_file_bytes
from danvan.reception.inputs import VisitorInput
from danvan.reception.models import ReceptionDocument, ReceptionEntry
from danvan.reception.services import entry_register
from tests.petitions.conftest import World
from tests.reception.conftest import entry_input


def test_policy_is_registered_with_a_dated_period() -> None:
    assert "reception.receptionentry" in [p.record_type for p in retention_policies()]
    period = retention_period("reception.receptionentry")
    assert period["years"] == 5 and period["after"] == "received_on" and period["source"]


def test_old_entry_is_anonymised_with_its_representatives_and_notice(world: World) -> None:
    old = entry_register(
        actor=world.officer_a,
        data=entry_input(
            received_on=dt.date(2021, 3, 2),
            outcome="refused",
            refusal_ground="threatening",
            petition_kind="",
            visitor_count=6,
            co_representatives=[VisitorInput(full_name="Hoàng Văn Đồng", phone="0987654321")],
        ),
    )
    recent = entry_register(actor=world.officer_a, data=entry_input())
    document = ReceptionDocument.objects.get(entry=old)
    document_file_bytes(document)  # the DOCX was written once

    assert retention_run(today=dt.date(2026, 3, 2), dry_run=True)["reception.receptionentry"] == 0
    counts = retention_run(today=dt.date(2026, 3, 3))

    assert counts["reception.receptionentry"] == 1
    old.refresh_from_db()
    assert old.anonymised_at is not None
    assert old.visitor_name == "[đã ẩn danh]"
    assert old.visitor_id_number == old.visitor_phone == old.visitor_address == ""
    assert old.search_name == ""
    assert old.content.startswith("Khiếu nại")  # the matter stays
    rep = old.representatives.get()  # type: ignore[attr-defined]
    assert rep.full_name == "[đã ẩn danh]" and rep.phone == ""
    document.refresh_from_db()
    assert "Nguyễn Thị Mai" not in json.dumps(document.content, ensure_ascii=False)
    assert not document.file
    recent.refresh_from_db()
    assert recent.visitor_name == "Nguyễn Thị Mai"

    event = AuditEvent.objects.get(verb="reception.entry_anonymise")
    dumped = json.dumps(event.changes, ensure_ascii=False)
    assert "Nguyễn Thị Mai" not in dumped and "Hoàng Văn Đồng" not in dumped
    assert "visitor_name" in event.changes
    # A second run finds nothing more to do.
    assert retention_run(today=dt.date(2026, 3, 3))["reception.receptionentry"] == 0
    assert ReceptionEntry.objects.filter(anonymised_at__isnull=True).count() == 1
