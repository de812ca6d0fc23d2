"""The register: serial numbers, petitions created or linked, crowds, refusals, replies,
personal data kept out of the audit log."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from danvan.core.errors import ValidationFailed
from danvan.core.models import AuditEvent, Obligation
from danvan.petitions.selectors import petition_get
from danvan.petitions.services import petition_register
from danvan.reception.inputs import ReplyInput, SessionTransitionInput, VisitorInput
from danvan.reception.models import ReceptionDocument, ReceptionRepresentative
from danvan.reception.services import (
    crowd_representatives_check,
    entry_register,
    entry_reply_record,
    session_create,
    session_transition,
)
from tests.petitions.conftest import World, petition_input
from tests.reception.conftest import DAY, entry_input, session_input


def reps(n: int) -> list[VisitorInput]:
    return [VisitorInput(full_name=f"Lê Văn Đại Diện {i}") for i in range(n)]


def test_entry_creates_a_petition_in_person_at_the_entry_organisation(world: World) -> None:
    entry = entry_register(actor=world.officer_a, data=entry_input())

    petition = petition_get(user=world.officer_a, pk=entry.petition_id)
    assert entry.petition_created
    assert petition.channel == "in_person"
    assert petition.organization == world.commune_a_org
    assert petition.received_on == DAY
    assert [p.full_name for p in petition.petitioners.all()] == ["Nguyễn Thị Mai"]
    assert entry.number == f"1/2026/{world.commune_a_org.code}"


def test_entry_links_an_existing_petition_without_creating_another(world: World) -> None:
    petition = petition_register(actor=world.officer_a, data=petition_input())
    before = type(petition).objects.count()

    entry = entry_register(
        actor=world.officer_a, data=entry_input(petition_mode="link", petition_id=petition.pk)
    )

    assert entry.petition_id == petition.pk and not entry.petition_created
    assert type(petition).objects.count() == before


def test_linking_a_petition_outside_the_scope_is_refused_like_a_missing_one(
    world: World,
) -> None:
    other = petition_register(actor=world.officer_b, data=petition_input(area_code="19002"))
    with pytest.raises(ValidationFailed) as exc:
        entry_register(
            actor=world.officer_a, data=entry_input(petition_mode="link", petition_id=other.pk)
        )
    assert "petition_id" in exc.value.fields


def test_petition_errors_come_back_under_the_register_form_names(world: World) -> None:
    with pytest.raises(ValidationFailed) as exc:
        entry_register(actor=world.officer_a, data=entry_input(petition_kind=""))
    assert "petition_kind" in exc.value.fields
    assert not Obligation.objects.filter(target_type="reception.receptionentry").exists()


def test_serial_numbers_count_per_organisation_and_year(world: World) -> None:
    a1 = entry_register(actor=world.officer_a, data=entry_input())
    a2 = entry_register(actor=world.officer_a, data=entry_input())
    b1 = entry_register(actor=world.officer_b, data=entry_input(area_code="19002"))
    a_last_year = entry_register(
        actor=world.officer_a, data=entry_input(received_on=dt.date(2025, 12, 30))
    )
    assert (a1.seq, a2.seq, b1.seq, a_last_year.seq) == (1, 2, 1, 1)
    assert a_last_year.number == f"1/2025/{world.commune_a_org.code}"


def test_reply_deadline_is_ten_working_days_and_done_when_the_reply_is_recorded(
    world: World,
) -> None:
    entry = entry_register(actor=world.officer_a, data=entry_input())
    obligation = Obligation.objects.get(
        target_type="reception.receptionentry", target_id=entry.pk, key="reply"
    )
    assert obligation.rule_id == "reception.reply"
    assert obligation.due == dt.date(2026, 3, 16)  # Monday 2 March + 10 working days
    assert obligation.status == "open"
    assert entry.reply_due == dt.date(2026, 3, 16)

    entry_reply_record(
        entry=entry,
        actor=world.officer_a,
        data=ReplyInput(
            replied_on=dt.date(2026, 3, 10),
            method="written",
            note="Thông báo thụ lý",
            expected_version=entry.version,
        ),
    )
    obligation.refresh_from_db()
    assert obligation.status == "done" and obligation.completed_on == dt.date(2026, 3, 10)
    with pytest.raises(ValidationFailed):
        entry_reply_record(
            entry=entry,
            actor=world.officer_a,
            data=ReplyInput(
                replied_on=dt.date(2026, 3, 11),
                method="direct",
                note="",
                expected_version=entry.version,
            ),
        )


def test_guided_on_the_spot_needs_no_reply_deadline(world: World) -> None:
    entry = entry_register(
        actor=world.officer_a,
        data=entry_input(outcome="guided", outcome_note="Hướng dẫn gửi đơn đến Tòa án"),
    )
    assert entry.reply_due is None
    assert not Obligation.objects.filter(target_id=entry.pk, key="reply").exists()


def test_transfer_needs_the_receiving_body(world: World) -> None:
    with pytest.raises(ValidationFailed) as exc:
        entry_register(actor=world.officer_a, data=entry_input(outcome="transferred"))
    assert "transferred_to" in exc.value.fields


@pytest.mark.parametrize(
    ("count", "representatives", "ok"),
    [
        (4, 1, True),
        (4, 2, False),
        (5, 1, True),
        (5, 2, True),
        (10, 3, False),
        (11, 5, True),
        (11, 6, False),
        (300, 5, True),
    ],
)
def test_crowd_rule_of_article_30(count: int, representatives: int, ok: bool) -> None:
    assert (crowd_representatives_check(count, representatives) == "") is ok


def test_crowd_of_eight_with_three_representatives_is_refused_in_vietnamese(
    world: World,
) -> None:
    with pytest.raises(ValidationFailed) as exc:
        entry_register(
            actor=world.officer_a, data=entry_input(visitor_count=8, co_representatives=reps(2))
        )
    message = exc.value.fields["representatives"]
    assert "5 đến 10 người cử 1 hoặc 2 người đại diện" in message
    assert "Điều 30" in message


def test_crowd_delegation_is_stored_with_its_representatives_and_signers(world: World) -> None:
    entry = entry_register(
        actor=world.officer_a,
        data=entry_input(
            visitor_count=25,
            co_representatives=reps(4),
            representative_document="Biên bản cử người đại diện ngày 28/02/2026",
        ),
    )
    assert entry.is_crowd
    assert ReceptionRepresentative.objects.filter(entry=entry).count() == 4
    petition = petition_get(user=world.officer_a, pk=entry.petition_id)
    assert petition.signer_count == 25
    assert petition.petitioners.filter(is_representative=True).count() == 5


def test_refusal_has_no_petition_and_issues_the_refusal_notice(world: World) -> None:
    entry = entry_register(
        actor=world.officer_a,
        data=entry_input(outcome="refused", refusal_ground="threatening", petition_kind=""),
    )
    assert entry.petition_id is None
    assert entry.reply_due is None
    document = ReceptionDocument.objects.get(entry=entry)
    assert document.template == "refusal"
    assert document.number.endswith("/TB-UBND")
    text = json.dumps(document.content, ensure_ascii=False)
    assert "Điều 9 khoản 2" in text


def test_refusal_needs_a_legal_ground(world: World) -> None:
    with pytest.raises(ValidationFailed) as exc:
        entry_register(actor=world.officer_a, data=entry_input(outcome="refused"))
    assert "refusal_ground" in exc.value.fields


def test_denunciation_visitor_is_kept_only_in_the_vault(world: World) -> None:
    entry = entry_register(
        actor=world.officer_a,
        data=entry_input(
            petition_kind="denunciation",
            content="Tố cáo cán bộ địa chính xã nhận tiền để làm sổ đỏ cho hộ ông B.",
        ),
    )
    assert entry.protected
    assert entry.visitor_name == entry.visitor_id_number == entry.visitor_phone == ""
    assert entry.visitor_label.startswith("Người tố cáo #")
    assert "Mai" not in entry.search_name


def test_personal_data_never_reaches_the_audit_log(world: World) -> None:
    entry = entry_register(
        actor=world.officer_a,
        data=entry_input(visitor_count=6, co_representatives=reps(1)),
    )
    events = AuditEvent.objects.filter(target_type="reception.receptionentry")
    dumped = json.dumps(list(events.values("target_label", "changes")), ensure_ascii=False)
    assert "Nguyễn Thị Mai" not in dumped
    assert "044185001234" not in dumped
    assert "0912345678" not in dumped
    assert "Thôn Đông" not in dumped
    assert "Đại Diện" not in dumped
    assert entry.number in dumped


def test_entry_in_a_session_takes_its_organisation_and_day(world: World) -> None:
    session = session_create(actor=world.officer_a, data=session_input(world, kind="daily"))
    entry = entry_register(actor=world.officer_a, data=entry_input(session_id=session.pk))
    assert entry.session == session and entry.organization == world.commune_a_org

    with pytest.raises(ValidationFailed) as exc:
        entry_register(
            actor=world.officer_a,
            data=entry_input(session_id=session.pk, received_on=dt.date(2026, 3, 3)),
        )
    assert "received_on" in exc.value.fields


def test_no_entry_in_a_cancelled_session(world: World) -> None:
    session = session_create(actor=world.officer_a, data=session_input(world, kind="daily"))
    session_transition(
        session=session,
        actor=world.officer_a,
        data=SessionTransitionInput(to="cancelled", expected_version=1, reason="Mưa bão"),
    )
    with pytest.raises(ValidationFailed) as exc:
        entry_register(actor=world.officer_a, data=entry_input(session_id=session.pk))
    assert "session" in exc.value.fields


def test_bad_input_reports_every_field_at_once_and_writes_nothing(world: World) -> None:
    with pytest.raises(ValidationFailed) as exc:
        entry_register(
            actor=world.officer_a,
            data=entry_input(
                content="ngắn",
                visitor=VisitorInput(full_name="", id_number="12", phone="abc"),
                outcome="nonsense",
            ),
        )
    assert {"content", "visitor_name", "visitor_id_number", "visitor_phone", "outcome"} <= set(
        exc.value.fields
    )
    from danvan.reception.models import ReceptionEntry

    assert ReceptionEntry.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_entries_never_share_a_serial_number(world: World) -> None:
    from django.db import connection

    from tests.concurrency import at_once

    # The in-memory SQLite test database answers "table is locked" instead of waiting (see
    # tests/core/test_audit.py); this runs on PostgreSQL.
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("in-memory SQLite cannot run concurrent writers")

    def write(_: int) -> None:
        for _ in range(3):
            entry_register(
                actor=world.officer_a,
                data=entry_input(outcome="guided", petition_kind="report"),
            )

    errors = at_once(write, threads=4)
    from danvan.reception.models import ReceptionEntry

    assert not errors, errors
    assert sorted(ReceptionEntry.objects.values_list("seq", flat=True)) == list(range(1, 13))
