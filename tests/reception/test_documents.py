"""Conclusion and refusal notices: NĐ 30/2020 layout, the shared number sequence, content."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document

from danvan.core.documents import document_number_next
from danvan.core.errors import ValidationFailed
from danvan.reception.documents import document_file_bytes
from danvan.reception.inputs import SessionTransitionInput, VisitorInput
from danvan.reception.services import (
    entry_register,
    session_conclusion_issue,
    session_create,
    session_transition,
)
from tests.petitions.conftest import World
from tests.reception.conftest import DAY, entry_input, session_input


def _text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                parts += [p.text for p in cell.paragraphs]
    return "\n".join(parts)


def _held_session(world: World):  # type: ignore[no-untyped-def]
    session = session_create(
        actor=world.officer_a,
        data=session_input(world, agency_ids=[world.province_org.pk], agencies_note="MTTQ xã"),
    )
    session_transition(
        session=session,
        actor=world.officer_a,
        data=SessionTransitionInput(to="published", expected_version=1, on=dt.date(2026, 2, 20)),
    )
    session_transition(
        session=session,
        actor=world.officer_a,
        data=SessionTransitionInput(to="held", expected_version=2),
    )
    return session


def test_conclusion_notice_names_host_matters_and_conclusions(world: World) -> None:
    session = _held_session(world)
    entry = entry_register(actor=world.officer_a, data=entry_input(session_id=session.pk))

    document = session_conclusion_issue(
        session=session,
        actor=world.officer_a,
        conclusions={entry.pk: "Giao công chức địa chính kiểm tra, báo cáo trong 10 ngày"},
        general="Các bộ phận khẩn trương thực hiện",
        tasks=["Kiểm tra hiện trạng thửa đất"],
        issued_on=dt.date(2026, 3, 4),
    )

    assert document.number == "01/TB-UBND"
    text = _text(document_file_bytes(document))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Số: 01/TB-UBND" in text
    assert "THÔNG BÁO" in text
    assert "Kết luận của Chủ tịch UBND xã An Trần Văn Chủ" in text
    assert "ngày 02/03/2026" in text
    assert "UBND tỉnh Quảng Trị Thử" in text  # the attending agency
    assert "Ông (bà) Nguyễn Thị Mai" in text
    assert "Giao công chức địa chính kiểm tra" in text
    assert "Kiểm tra hiện trạng thửa đất" in text
    assert "044185001234" not in text and "0912345678" not in text  # no ID nor phone
    assert "CHỦ TỊCH" in text and "Trần Văn Chủ" in text
    entry.refresh_from_db()
    assert entry.conclusion.startswith("Giao công chức địa chính")


def test_numbers_are_shared_with_every_module_per_body_year_and_symbol(world: World) -> None:
    session = _held_session(world)
    entry_register(
        actor=world.officer_a,
        data=entry_input(outcome="refused", refusal_ground="incapacitated", petition_kind=""),
    )  # refusal notice: 01/TB
    document = session_conclusion_issue(
        session=session, actor=world.officer_a, conclusions={}, general="Kết luận chung"
    )
    assert document.number == "02/TB-UBND"
    assert (
        document_number_next(
            organization=world.commune_a_org, symbol="TB", issued_on=document.issued_on
        )
        == "03/TB-UBND"
    )


def test_conclusion_needs_a_held_session_and_some_conclusion(world: World) -> None:
    session = session_create(actor=world.officer_a, data=session_input(world))
    with pytest.raises(ValidationFailed):
        session_conclusion_issue(
            session=session, actor=world.officer_a, conclusions={}, general="Kết luận"
        )
    held = _held_session(world)
    with pytest.raises(ValidationFailed) as exc:
        session_conclusion_issue(session=held, actor=world.officer_a, conclusions={}, general="")
    assert "general" in exc.value.fields


def test_refusal_notice_is_addressed_to_the_visitor_with_the_legal_ground(world: World) -> None:
    entry = entry_register(
        actor=world.officer_a,
        data=entry_input(
            outcome="refused",
            refusal_ground="already_resolved",
            petition_kind="",
            visitor=VisitorInput(full_name="Phạm Văn Cố", address="Thôn Tây"),
        ),
    )
    document = entry.documents.get()  # type: ignore[attr-defined]
    text = _text(document_file_bytes(document))
    assert "Về việc từ chối tiếp công dân" in text
    assert "Kính gửi: Ông (bà) Phạm Văn Cố." in text
    assert "Điều 9 khoản 3" in text
    assert document.issued_on == DAY
