"""Commitments as core tasks on the overdue board; complaint dialogues and the panel of
second-time complaints needing one; the annual commune dialogue; the minutes DOCX."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from docx import Document

from danvan.core.errors import ValidationFailed
from danvan.core.models import Obligation, Task
from danvan.core.selectors.obligations import obligation_queryset
from danvan.dialogues import selectors, services
from danvan.dialogues.documents import minutes_docx, minutes_draft_content
from danvan.dialogues.inputs import CommitmentInput
from danvan.dialogues.models import Dialogue, Minutes, Participant
from danvan.petitions.models import Petition
from tests.dialogues.conftest import days, dialogue_input, move, today
from tests.petitions.conftest import World

pytestmark = pytest.mark.django_db


def _commit(d: Dialogue, world: World, *, due_in: int, title: str = "Sửa đường vào thôn Đông"):
    return services.commitment_add(
        dialogue=d,
        actor=world.officer_a,
        data=CommitmentInput(
            title=title,
            organization_id=world.commune_a_org.pk,
            due=days(due_in),
            made_by="Chủ tịch UBND xã",
            assignee_id=world.officer_a.pk,
        ),
    )


def test_a_commitment_is_a_task_on_the_overdue_board_until_done(
    world: World, held_dialogue: Dialogue
) -> None:
    commitment = _commit(held_dialogue, world, due_in=-1)
    task = Task.objects.get(pk=commitment.task_id)
    assert (task.target_type, task.target_id) == ("dialogues.dialogue", held_dialogue.pk)
    assert task.organization_id == world.commune_a_org.pk and task.assignee_id == world.officer_a.pk
    board = obligation_queryset(user=world.officer_a).filter(target_type="core.task")
    row = board.get(target_id=task.pk)
    assert row.status == "open" and row.due == days(-1)  # overdue
    services.commitment_progress(
        commitment=commitment, actor=world.officer_a, progress=60, expected_version=task.version
    )
    task.refresh_from_db()
    assert (task.progress, task.status) == (60, "in_progress")
    services.commitment_complete(
        commitment=commitment, actor=world.officer_a, expected_version=task.version
    )
    row.refresh_from_db()
    assert (row.status, row.completed_on) == ("done", today())


def test_a_commitment_before_the_dialogue_was_held_is_refused(
    world: World, make_dialogue: Callable[..., Dialogue]
) -> None:
    d = make_dialogue()
    with pytest.raises(ValidationFailed):
        _commit(d, world, due_in=30)


def test_a_commitment_without_a_due_date_is_refused_by_the_task_service(
    world: World, held_dialogue: Dialogue
) -> None:
    with pytest.raises(ValidationFailed) as err:
        services.commitment_add(
            dialogue=held_dialogue,
            actor=world.officer_a,
            data=CommitmentInput(title="Trả lời bằng văn bản", organization_id=None, due=None),
        )
    assert "due" in err.value.fields


def _sign_everything(d: Dialogue, world: World) -> None:
    for p in Participant.objects.filter(dialogue=d):
        services.participant_sign(participant=p, actor=world.officer_a, signature="signed")
    citizen = Participant.objects.filter(dialogue=d, role="citizen").first()
    services.statement_add(
        dialogue=d,
        actor=world.officer_a,
        participant_id=(citizen or Participant.objects.filter(dialogue=d).first()).pk,
        content="Đề nghị sớm sửa đường.",
    )
    move(d, world.officer_a, "minutes_signed", outcome="Thống nhất sửa đường trước mùa mưa.")


def test_closing_waits_for_every_commitment(world: World, held_dialogue: Dialogue) -> None:
    commitment = _commit(held_dialogue, world, due_in=30)
    _sign_everything(held_dialogue, world)
    with pytest.raises(ValidationFailed) as err:
        move(held_dialogue, world.officer_a, "closed")
    assert err.value.code == "commitments_open"
    task = Task.objects.get(pk=commitment.task_id)
    services.commitment_cancel(
        commitment=commitment,
        actor=world.officer_a,
        reason="Đã lồng ghép vào dự án của tỉnh",
        expected_version=task.version,
    )
    move(held_dialogue, world.officer_a, "closed")
    held_dialogue.refresh_from_db()
    assert held_dialogue.status == "closed"


def test_a_complaint_dialogue_needs_an_accepted_complaint(world: World) -> None:
    with pytest.raises(ValidationFailed) as err:
        services.dialogue_create(
            actor=world.officer_a,
            data=dialogue_input(kind="complaint", organization_id=world.commune_a_org.pk),
        )
    assert "petition" in err.value.fields


def test_a_second_time_complaint_dialogue_cites_article_39_and_brings_the_parties(
    world: World, accepted_complaint: Callable[..., Petition]
) -> None:
    petition = accepted_complaint(round_=2)
    d = services.dialogue_create(
        actor=world.officer_a,
        data=dialogue_input(kind="complaint", petition_id=petition.pk, audience=""),
    )
    assert d.organization_id == petition.organization_id
    assert d.legal_bases == ["luat_kn_2011_d39", "nd_124_2020_d28"]
    roles = sorted(Participant.objects.filter(dialogue=d).values_list("role", "full_name"))
    assert roles == [
        ("chair", "Hồ Văn Kiên"),
        ("citizen", "Nguyễn Văn Hùng"),
        ("respondent", "Chủ tịch UBND xã An"),
    ]
    # A second dialogue while this one is scheduled is refused.
    with pytest.raises(ValidationFailed):
        services.dialogue_create(
            actor=world.officer_a,
            data=dialogue_input(kind="complaint", petition_id=petition.pk),
        )


def test_second_time_complaints_without_a_held_dialogue_are_listed_until_one_is_held(
    world: World, accepted_complaint: Callable[..., Petition]
) -> None:
    second = accepted_complaint(round_=2)
    accepted_complaint(round_=1)
    rows = selectors.complaints_needing_dialogue(user=world.officer_a)
    assert [r.petition_id for r in rows] == [second.pk]
    assert rows[0].scheduled is None
    # Scoping: the other commune's officer does not see it; the province leader does.
    assert selectors.complaints_needing_dialogue(user=world.officer_b) == []
    assert [r.petition_id for r in selectors.complaints_needing_dialogue(user=world.leader)] == [
        second.pk
    ]
    d = services.dialogue_create(
        actor=world.officer_a,
        data=dialogue_input(kind="complaint", petition_id=second.pk, date=days(-2)),
    )
    rows = selectors.complaints_needing_dialogue(user=world.officer_a)
    assert rows[0].scheduled == d
    move(d, world.officer_a, "notified", notice_on=days(-9))
    move(d, world.officer_a, "held")
    assert selectors.complaints_needing_dialogue(user=world.officer_a) == []


def test_one_annual_dialogue_per_commune_and_year(world: World) -> None:
    data = dialogue_input(
        kind="annual",
        organization_id=world.commune_a_org.pk,
        topic="Hội nghị đối thoại giữa UBND xã An với Nhân dân năm nay",
        audience="residents",
    )
    first = services.dialogue_create(actor=world.officer_a, data=data)
    assert first.legal_bases[0] == "luat_thdc_2022_d26"
    with pytest.raises(ValidationFailed) as err:
        services.dialogue_create(actor=world.officer_a, data=data)
    assert "mỗi xã một hội nghị" in err.value.message
    move(first, world.officer_a, "cancelled", reason="Sáp nhập thôn, tổ chức lại")
    services.dialogue_create(actor=world.officer_a, data=data)


def test_the_annual_dialogue_belongs_to_a_commune_body(world: World) -> None:
    with pytest.raises(ValidationFailed) as err:
        services.dialogue_create(
            actor=world.officer,
            data=dialogue_input(kind="annual", organization_id=world.province_org.pk),
        )
    assert "organization" in err.value.fields


def test_the_minutes_docx_has_the_state_header_title_parties_and_refusal(
    world: World, held_dialogue: Dialogue
) -> None:
    d = held_dialogue
    citizen = Participant.objects.get(dialogue=d, role="citizen")
    _commit(d, world, due_in=30, title="Khảo sát, lập dự toán sửa đường thôn Đông")
    for p in Participant.objects.filter(dialogue=d).exclude(pk=citizen.pk):
        services.participant_sign(participant=p, actor=world.officer_a, signature="signed")
    services.participant_sign(
        participant=citizen, actor=world.officer_a, signature="refused", reason="Chưa thỏa đáng"
    )
    services.statement_add(
        dialogue=d, actor=world.officer_a, participant_id=citizen.pk, content="Đường hỏng nặng."
    )
    move(d, world.officer_a, "minutes_signed", outcome="Giao UBND xã khảo sát trong tháng.")
    minutes = Minutes.objects.get(dialogue=d)
    document = Document(io.BytesIO(minutes_docx(minutes.content)))
    header = document.tables[0]
    header_text = " ".join(c.text for row in header.rows for c in row.cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header_text
    assert "Độc lập - Tự do - Hạnh phúc" in header_text
    assert "UBND XÃ AN" in header_text and minutes.number in header_text
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BIÊN BẢN ĐỐI THOẠI" in text
    assert "Hội trường UBND xã An" in text
    assert "Căn cứ Quy định số 11-QĐi/TW" in text
    assert "Trần Văn Dân" in text and "Lê Thị Thư" in text
    assert "Đường hỏng nặng." in text
    assert "Giao UBND xã khảo sát trong tháng." in text
    assert "Khảo sát, lập dự toán sửa đường thôn Đông" in text
    assert "Trần Văn Dân từ chối ký biên bản. Lý do: Chưa thỏa đáng." in text
    signature_table = document.tables[-1]
    cells = [c.text for row in signature_table.rows for c in row.cells]
    assert any("Từ chối ký" in c and "Chưa thỏa đáng" in c for c in cells)
    assert any("NGƯỜI CHỦ TRÌ" in c and "Hồ Văn Kiên" in c for c in cells)
    assert any("THƯ KÝ" in c and "Lê Thị Thư" in c for c in cells)
    assert document.core_properties.language == "vi-VN"


def test_the_draft_minutes_have_no_number_yet(world: World, held_dialogue: Dialogue) -> None:
    content = minutes_draft_content(held_dialogue)
    assert content["draft"] is True
    assert content["header"]["number_line"].startswith("Số: \u00a0")
    document = Document(io.BytesIO(minutes_docx(content)))
    assert "DỰ THẢO" in "\n".join(p.text for p in document.paragraphs)


def test_minutes_numbers_follow_on_per_body_and_year(world: World, make_dialogue) -> None:
    numbers = []
    for n in range(2):
        d = make_dialogue(date=days(-3 - n), topic=f"Đối thoại {n}")
        move(d, world.officer_a, "notified", notice_on=days(-15))
        move(d, world.officer_a, "held")
        from danvan.dialogues.inputs import ParticipantInput

        services.participant_add(
            dialogue=d,
            actor=world.officer_a,
            data=ParticipantInput(role="recorder", full_name="Lê Thị Thư"),
        )
        for p in Participant.objects.filter(dialogue=d):
            services.participant_sign(participant=p, actor=world.officer_a, signature="signed")
        services.statement_add(
            dialogue=d,
            actor=world.officer_a,
            participant_id=Participant.objects.filter(dialogue=d).first().pk,
            content="Khai mạc.",
        )
        move(d, world.officer_a, "minutes_signed", outcome="Thống nhất.")
        numbers.append(Minutes.objects.get(dialogue=d).number.split("/")[0])
    assert numbers == ["01", "02"]
    assert Obligation.objects.filter(kind="dialogue.notice", status="done").count() == 2
