"""The conference lifecycle, invitations, attendance and the conclusions that become tasks."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from docx import Document

from danvan.conferences import services
from danvan.conferences.documents import notice_docx
from danvan.conferences.inputs import (
    ConclusionItemInput,
    InviteeInput,
    TransitionInput,
)
from danvan.conferences.models import Conclusion, ConclusionItem, Conference, Invitee
from danvan.core.errors import Conflict, PermissionDenied, ValidationFailed
from danvan.core.models import AuditEvent, Obligation, Task, TaskSupport
from tests.conferences.conftest import World, conclusion_input, days, move

pytestmark = pytest.mark.django_db


def test_officer_schedules_conference_with_chairs_invitees_and_audit(
    world: World, make_conference: Callable[..., Conference]
) -> None:
    c = make_conference()
    assert c.status == "planned" and c.version == 1
    assert [ch.full_name for ch in c.chairs.order_by("position")] == [
        "Lý Quang Vịnh",
        "Phạm Duy Hưng",
    ]
    assert list(c.co_organizers.values_list("code", flat=True)) == ["19-MTTQ"]
    assert c.invitees.count() == 3
    event = AuditEvent.objects.get(verb="conference.create")
    assert (event.target_type, event.target_id) == ("conferences.conference", str(c.pk))


def test_conference_without_chair_is_refused(
    world: World, make_conference: Callable[..., Conference]
) -> None:
    with pytest.raises(ValidationFailed) as err:
        make_conference(chairs=[])
    assert "chairs" in err.value.fields
    assert not Conference.objects.exists()


def test_front_member_cannot_schedule_for_the_peoples_committee(
    world: World, make_conference: Callable[..., Conference]
) -> None:
    with pytest.raises(ValidationFailed) as err:
        make_conference(actor=world.front)
    assert "organization" in err.value.fields


def test_full_lifecycle_to_concluded(
    world: World, held_conference: Conference, issue: Callable[..., Conclusion]
) -> None:
    c = held_conference
    assert c.status == "held" and c.held_on == days(-3)
    with pytest.raises(ValidationFailed) as err:
        move(c, world.officer, "concluded")
    assert err.value.code == "conclusions_missing"
    issue(c)
    move(c, world.officer, "concluded")
    c.refresh_from_db()
    assert c.status == "concluded" and c.concluded_on == days(0)


def test_illegal_move_is_refused_with_the_allowed_steps(
    world: World, make_conference: Callable[..., Conference]
) -> None:
    c = make_conference()
    with pytest.raises(ValidationFailed) as err:
        move(c, world.officer, "held")
    assert err.value.code == "illegal_transition"
    assert "Đã gửi giấy mời" in err.value.message
    c.refresh_from_db()
    assert c.status == "planned" and c.version == 1


def test_holding_before_the_date_is_refused(
    world: World, make_conference: Callable[..., Conference]
) -> None:
    c = make_conference(date=days(5))
    move(c, world.officer, "invited")
    with pytest.raises(ValidationFailed):
        move(c, world.officer, "held")


def test_stale_version_is_a_conflict(
    world: World, make_conference: Callable[..., Conference]
) -> None:
    c = make_conference()
    stale = c.version
    move(c, world.officer, "invited")
    with pytest.raises(Conflict) as err:
        services.conference_transition(
            conference=c,
            actor=world.officer,
            data=TransitionInput(to="postponed", expected_version=stale, reason="Trùng lịch"),
        )
    assert "vừa được người khác cập nhật" in err.value.message
    c.refresh_from_db()
    assert c.status == "invited"


def test_lost_race_on_the_row_is_a_conflict(
    world: World, make_conference: Callable[..., Conference]
) -> None:
    c = make_conference()
    Conference.objects.filter(pk=c.pk).update(version=7)  # someone else saved meanwhile
    with pytest.raises(Conflict):
        services.conference_transition(
            conference=c,
            actor=world.officer,
            data=TransitionInput(to="invited", expected_version=1),
        )


def test_postpone_with_new_date_then_replan(
    world: World, make_conference: Callable[..., Conference]
) -> None:
    c = make_conference()
    move(c, world.officer, "invited")
    with pytest.raises(ValidationFailed) as err:
        move(c, world.officer, "postponed", reason="")
    assert "reason" in err.value.fields
    move(c, world.officer, "postponed", reason="Trùng lịch họp Tỉnh ủy", date=days(30))
    c.refresh_from_db()
    assert c.status == "postponed" and c.postponed_to == days(30)
    move(c, world.officer, "planned")
    c.refresh_from_db()
    assert c.status == "planned" and c.date == days(30) and c.invitations_sent_on is None


def test_cancel_needs_a_reason_and_is_final(
    world: World, make_conference: Callable[..., Conference]
) -> None:
    c = make_conference()
    move(c, world.officer, "cancelled", reason="Thay bằng hội nghị trực tuyến toàn tỉnh")
    with pytest.raises(ValidationFailed):
        move(c, world.officer, "planned", date=days(20))


def test_viewer_of_another_province_cannot_move(
    world: World, make_conference: Callable[..., Conference]
) -> None:
    c = make_conference()
    with pytest.raises(PermissionDenied):
        move(c, world.outsider, "invited")


def test_invitations_need_someone_invited(
    world: World, make_conference: Callable[..., Conference]
) -> None:
    c = make_conference(invited_organization_ids=[])
    with pytest.raises(ValidationFailed) as err:
        move(c, world.officer, "invited")
    assert err.value.code == "no_invitees"
    services.invitee_add(
        conference=c,
        actor=world.officer,
        data=InviteeInput(full_name="Hoàng Duy Chinh", title="Phó Bí thư Tỉnh ủy"),
    )
    c.refresh_from_db()
    move(c, world.officer, "invited")


def test_same_unit_cannot_be_invited_twice(
    world: World, make_conference: Callable[..., Conference]
) -> None:
    c = make_conference()
    with pytest.raises(ValidationFailed):
        services.invitee_add(
            conference=c, actor=world.officer, data=InviteeInput(organization_id=world.snv.pk)
        )
    assert c.invitees.filter(organization=world.snv).count() == 1


def test_attendance_after_the_meeting(world: World, held_conference: Conference) -> None:
    snv = Invitee.objects.get(conference=held_conference, organization=world.snv)
    stp = Invitee.objects.get(conference=held_conference, organization=world.stp)
    hnd = Invitee.objects.get(conference=held_conference, organization=world.hnd)
    services.attendance_record(invitee=snv, actor=world.officer, attendance="present")
    with pytest.raises(ValidationFailed) as err:
        services.attendance_record(invitee=stp, actor=world.officer, attendance="absent")
    assert "absence_reason" in err.value.fields
    services.attendance_record(
        invitee=stp, actor=world.officer, attendance="absent", reason="Đi công tác Trung ương"
    )
    services.attendance_record(
        invitee=hnd,
        actor=world.officer,
        attendance="represented",
        represented_by="Nguyễn Văn A, Phó Chủ tịch",
    )
    got = dict(
        Invitee.objects.filter(conference=held_conference).values_list(
            "organization__code", "attendance"
        )
    )
    assert got == {"19-SNV": "present", "19-STP": "absent", "19-HND": "represented"}


def test_attendance_before_the_meeting_is_refused(
    world: World, make_conference: Callable[..., Conference]
) -> None:
    c = make_conference()
    with pytest.raises(ValidationFailed):
        services.attendance_record(
            invitee=c.invitees.first(),
            actor=world.officer,
            attendance="present",  # type: ignore[arg-type]
        )


# --- Conclusions -----------------------------------------------------------------------------


def test_conclusions_become_tasks_with_supporting_units(
    world: World, held_conference: Conference, issue: Callable[..., Conclusion]
) -> None:
    conclusion = issue(held_conference)
    assert conclusion.number.endswith("/TB-UBND") and conclusion.number.startswith("01/")
    items = list(ConclusionItem.objects.filter(conference=held_conference).order_by("position"))
    assert len(items) == 2
    first = Task.objects.get(pk=items[0].task_id)
    assert first.organization == world.snv and first.due == days(30)
    assert first.target_type == "conferences.conclusionitem" and first.target_id == items[0].pk
    supports = TaskSupport.objects.filter(task=items[1].task_id)
    assert {(s.organization.code, s.duty) for s in supports} == {
        ("19-MTTQ", "giám sát"),
        ("19-HND", ""),
    }
    assert (
        Obligation.objects.filter(
            target_type="core.task", target_id__in=[i.task_id for i in items]
        ).count()
        == 2
    )


def test_one_refused_item_leaves_nothing_behind(
    world: World, held_conference: Conference, issue: Callable[..., Conclusion]
) -> None:
    before = (Task.objects.count(), AuditEvent.objects.count())
    bad = conclusion_input(world, held_conference).items
    bad.append(
        ConclusionItemInput(content="Việc của Mặt trận", lead_id=world.mttq.pk, due=days(20))
    )
    with pytest.raises(ValidationFailed) as err:
        issue(held_conference, items=bad)
    assert "items.2.lead" in err.value.fields
    assert (Task.objects.count(), AuditEvent.objects.count()) == before
    assert not ConclusionItem.objects.exists() and not Conclusion.objects.exists()


def test_failure_inside_the_transaction_rolls_back_the_tasks(
    world: World,
    held_conference: Conference,
    issue: Callable[..., Conclusion],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def boom(**kw: Any) -> str:
        raise RuntimeError("numbering failed")

    monkeypatch.setattr(services, "document_number_next", boom)
    with pytest.raises(RuntimeError):
        issue(held_conference)
    assert not Task.objects.exists()
    assert not ConclusionItem.objects.exists() and not Conclusion.objects.exists()
    held_conference.refresh_from_db()
    assert held_conference.version == 3


def test_leader_with_oversight_may_give_the_front_a_task(
    world: World, held_conference: Conference, issue: Callable[..., Conclusion]
) -> None:
    items = [
        ConclusionItemInput(content="Sơ kết mô hình Nông hội", lead_id=world.mttq.pk, due=days(40))
    ]
    issue(held_conference, actor=world.leader, items=items)
    assert Task.objects.get().organization == world.mttq


def test_due_date_before_the_meeting_is_refused(
    world: World, held_conference: Conference, issue: Callable[..., Conclusion]
) -> None:
    items = [ConclusionItemInput(content="Việc cũ", lead_id=world.snv.pk, due=days(-10))]
    with pytest.raises(ValidationFailed) as err:
        issue(held_conference, items=items)
    assert "items.0.due" in err.value.fields


def test_conclusions_only_once_and_only_after_holding(
    world: World,
    make_conference: Callable[..., Conference],
    held_conference: Conference,
    issue: Callable[..., Conclusion],
) -> None:
    planned = make_conference()
    with pytest.raises(ValidationFailed):
        issue(planned)
    issue(held_conference)
    with pytest.raises(ValidationFailed):
        issue(held_conference)


def test_numbers_follow_each_other_per_body_and_year(
    world: World, make_conference: Callable[..., Conference], issue: Callable[..., Conclusion]
) -> None:
    numbers = []
    for n in range(2):
        c = make_conference(date=days(-5 - n))
        move(c, world.officer, "invited", on=days(-15))
        move(c, world.officer, "held")
        numbers.append(issue(c).number.split("/")[0])
    assert numbers == ["01", "02"]


def test_notice_docx_opens_and_reads_right(
    world: World, held_conference: Conference, issue: Callable[..., Conclusion]
) -> None:
    conclusion = issue(held_conference)
    doc = Document(io.BytesIO(notice_docx(conclusion.content)))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "THÔNG BÁO" in text
    assert "Kết luận của Phó Chủ tịch UBND tỉnh Phạm Duy Hưng tại Hội nghị đánh giá" in text
    assert "Đơn vị chủ trì: Sở Nội vụ tỉnh Thái Nguyên Thử" in text
    assert "Sở Tư pháp tỉnh Thái Nguyên Thử (rà soát thủ tục hành chính)" in text
    assert f"thời hạn hoàn thành: {days(30).strftime('%d/%m/%Y')}" in text
    assert "Lý Quang Vịnh" in text and "đồng chủ trì" in text
    assert f"Số: {conclusion.number}" in cells
    assert "KT. CHỦ TỊCH" in cells and "Phạm Duy Hưng" in cells
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells
    assert doc.sections[0].page_width is not None


def test_item_progress_and_completion_go_through_core_tasks(
    world: World, held_conference: Conference, issue: Callable[..., Conclusion]
) -> None:
    issue(held_conference)
    item = ConclusionItem.objects.order_by("position").first()
    assert item is not None and item.task is not None
    task = services.item_progress(
        item=item, actor=world.snv_officer, progress=40, expected_version=item.task.version
    )
    assert task.status == "in_progress" and task.progress == 40
    task = services.item_complete(item=item, actor=world.snv_officer, expected_version=task.version)
    assert task.status == "done"
    with pytest.raises(PermissionDenied):
        other = ConclusionItem.objects.order_by("position").last()
        assert other is not None and other.task is not None
        services.item_progress(
            item=other, actor=world.front, progress=10, expected_version=other.task.version
        )


def test_update_changes_chairs_and_place_with_audit_and_version(
    world: World, make_conference: Callable[..., Conference]
) -> None:
    from danvan.conferences.inputs import ChairInput, ConferenceChanges

    c = make_conference()
    services.conference_update(
        conference=c,
        actor=world.officer,
        expected_version=c.version,
        changes=ConferenceChanges(
            place="Hội trường Tỉnh ủy", chairs=[ChairInput("Ma Xuân Thu", "Giám đốc Sở Nội vụ")]
        ),
    )
    c.refresh_from_db()
    assert c.place == "Hội trường Tỉnh ủy" and c.version == 2
    assert list(c.chairs.values_list("full_name", flat=True)) == ["Ma Xuân Thu"]
    event = AuditEvent.objects.get(verb="conference.update")
    assert set(event.changes) >= {"place", "chairs"}
    with pytest.raises(Conflict):
        services.conference_update(
            conference=c,
            actor=world.officer,
            expected_version=1,
            changes=ConferenceChanges(title="Hội nghị khác hẳn"),
        )


def test_update_after_holding_is_refused(world: World, held_conference: Conference) -> None:
    from danvan.conferences.inputs import ConferenceChanges

    with pytest.raises(ValidationFailed):
        services.conference_update(
            conference=held_conference,
            actor=world.officer,
            expected_version=held_conference.version,
            changes=ConferenceChanges(place="Nơi khác"),
        )
