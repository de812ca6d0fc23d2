"""The dialogue lifecycle: scheduling, the notice rule, holding, minutes, closing, conflicts."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danvan.core.errors import Conflict, PermissionDenied, ValidationFailed
from danvan.core.models import AuditEvent, Obligation
from danvan.dialogues import selectors, services
from danvan.dialogues.inputs import DialogueChanges, ParticipantInput, TransitionInput
from danvan.dialogues.models import Dialogue, Minutes, Participant
from tests.dialogues.conftest import days, move, today
from tests.petitions.conftest import World

pytestmark = pytest.mark.django_db


def notice_row(dialogue: Dialogue) -> Obligation:
    return Obligation.objects.get(target_type="dialogues.dialogue", target_id=dialogue.pk)


def test_officer_schedules_a_leader_dialogue_with_its_chair_and_an_open_notice_deadline(
    world: World, make_dialogue: Callable[..., Dialogue]
) -> None:
    d = make_dialogue()
    assert d.status == "planned"
    assert d.area_id == world.commune_a.pk
    assert d.legal_bases == ["qd_11_qdi_tw_2019", "kl_215_kl_tw_2025"]
    chair = Participant.objects.get(dialogue=d)
    assert (chair.role, chair.full_name, chair.title) == (
        "chair",
        "Hồ Văn Kiên",
        "Bí thư Đảng ủy xã",
    )
    row = notice_row(d)
    assert row.status == "open" and row.kind == "dialogue.notice"
    assert row.rule_id == "complaint.dialogue_notice"
    # At least 5 calendar days before, moved back to a working day when needed.
    assert row.due is not None and row.due <= days(15)
    assert d.notice_due == row.due
    assert AuditEvent.objects.filter(verb="dialogue.create", target_id=str(d.pk)).exists()


def test_a_notice_recorded_less_than_five_days_before_the_dialogue_is_refused(
    world: World, make_dialogue: Callable[..., Dialogue]
) -> None:
    d = make_dialogue(date=days(3))
    with pytest.raises(ValidationFailed) as err:
        move(d, world.officer_a, "notified", notice_on=today())
    assert err.value.code == "notice_too_late"
    assert "chậm nhất ngày" in err.value.message and "ít nhất 5 ngày" in err.value.message
    assert "notice_on" in err.value.fields
    d.refresh_from_db()
    assert d.status == "planned" and d.notice_on is None
    assert notice_row(d).status == "open"


def test_a_notice_in_time_closes_the_board_obligation_on_the_notice_day(
    world: World, make_dialogue: Callable[..., Dialogue]
) -> None:
    d = make_dialogue(date=days(20))
    move(d, world.officer_a, "notified", notice_on=today())
    row = notice_row(d)
    assert (row.status, row.completed_on) == ("done", today())


def test_a_notice_date_in_the_future_is_refused(
    world: World, make_dialogue: Callable[..., Dialogue]
) -> None:
    d = make_dialogue(date=days(30))
    with pytest.raises(ValidationFailed) as err:
        move(d, world.officer_a, "notified", notice_on=days(1))
    assert "notice_on" in err.value.fields


def test_a_dialogue_before_the_rule_is_in_force_has_no_notice_obligation(
    world: World, make_dialogue: Callable[..., Dialogue]
) -> None:
    import datetime as dt

    d = make_dialogue(date=dt.date(2026, 3, 10))
    assert d.notice_due is None
    assert not Obligation.objects.filter(target_type="dialogues.dialogue", target_id=d.pk).exists()
    move(d, world.officer_a, "notified", notice_on=dt.date(2026, 3, 9))


def test_postponing_cancels_the_notice_and_replanning_opens_it_for_the_new_date(
    world: World, make_dialogue: Callable[..., Dialogue]
) -> None:
    d = make_dialogue(date=days(20))
    move(d, world.officer_a, "notified", notice_on=today())
    with pytest.raises(ValidationFailed):
        move(d, world.officer_a, "postponed", reason="")
    move(d, world.officer_a, "postponed", reason="Mưa lũ, đường vào thôn bị chia cắt")
    d.refresh_from_db()
    assert d.status_note.startswith("Mưa lũ")
    move(d, world.officer_a, "planned", date=days(40))
    d.refresh_from_db()
    assert (d.status, d.date, d.notice_on) == ("planned", days(40), None)
    row = notice_row(d)
    assert row.status == "open" and row.due is not None and row.due <= days(35)


def test_an_illegal_move_is_refused_with_the_legal_moves_listed(
    world: World, make_dialogue: Callable[..., Dialogue]
) -> None:
    d = make_dialogue()
    with pytest.raises(ValidationFailed) as err:
        move(d, world.officer_a, "held")
    assert err.value.code == "illegal_transition"
    assert "Đã gửi thông báo" in err.value.message


def test_holding_before_the_dialogue_date_is_refused(
    world: World, make_dialogue: Callable[..., Dialogue]
) -> None:
    d = make_dialogue(date=days(20))
    move(d, world.officer_a, "notified", notice_on=today())
    with pytest.raises(ValidationFailed) as err:
        move(d, world.officer_a, "held")
    assert "tạm hoãn" in err.value.message


def test_a_stale_version_is_a_conflict_and_changes_nothing(
    world: World, make_dialogue: Callable[..., Dialogue]
) -> None:
    d = make_dialogue(date=days(20))
    stale = d.version
    services.dialogue_update(
        dialogue=d,
        actor=world.officer_a,
        changes=DialogueChanges(place="Nhà văn hóa thôn Đông"),
        expected_version=stale,
    )
    d.refresh_from_db()
    with pytest.raises(Conflict):
        services.dialogue_transition(
            dialogue=d,
            actor=world.officer_a,
            data=TransitionInput(to="cancelled", expected_version=stale, reason="Trùng lịch họp"),
        )
    d.refresh_from_db()
    assert d.status == "planned"


def test_the_date_cannot_change_once_the_notice_went_out(
    world: World, make_dialogue: Callable[..., Dialogue]
) -> None:
    d = make_dialogue(date=days(20))
    move(d, world.officer_a, "notified", notice_on=today())
    d.refresh_from_db()
    with pytest.raises(ValidationFailed) as err:
        services.dialogue_update(
            dialogue=d,
            actor=world.officer_a,
            changes=DialogueChanges(date=days(25)),
            expected_version=d.version,
        )
    assert "date" in err.value.fields


def test_minutes_are_refused_until_everyone_present_signed_or_refused_with_a_reason(
    world: World, held_dialogue: Dialogue
) -> None:
    d = held_dialogue
    with pytest.raises(ValidationFailed) as err:
        move(d, world.officer_a, "minutes_signed")
    assert err.value.code == "minutes_incomplete"
    assert "kết quả" in err.value.message and "Trần Văn Dân" in err.value.message
    citizen = Participant.objects.get(dialogue=d, role="citizen")
    with pytest.raises(ValidationFailed) as err:
        services.participant_sign(
            participant=citizen, actor=world.officer_a, signature="refused", reason=""
        )
    assert "refusal_reason" in err.value.fields
    for p in Participant.objects.filter(dialogue=d).exclude(pk=citizen.pk):
        services.participant_sign(participant=p, actor=world.officer_a, signature="signed")
    services.participant_sign(
        participant=citizen,
        actor=world.officer_a,
        signature="refused",
        reason="Không đồng ý với kết luận về mức bồi thường",
    )
    services.statement_add(
        dialogue=d,
        actor=world.officer_a,
        participant_id=citizen.pk,
        content="Đề nghị xem xét lại giá bồi thường đất nông nghiệp.",
    )
    d.refresh_from_db()
    move(d, world.officer_a, "minutes_signed", outcome="Hai bên thống nhất xác minh lại giá đất.")
    d.refresh_from_db()
    assert d.status == "minutes_signed" and d.minutes_signed_on == today()
    minutes = Minutes.objects.get(dialogue=d)
    assert minutes.number.startswith("01/BB-")
    refused = [s for s in minutes.content["signatures"] if s["status"] == "refused"]
    assert refused == [
        {
            "heading": "NGƯỜI KHIẾU NẠI, CÔNG DÂN",
            "name": "Trần Văn Dân",
            "status": "refused",
            "reason": "Không đồng ý với kết luận về mức bồi thường",
        }
    ]
    # Locked: no more statements or participants.
    with pytest.raises(ValidationFailed):
        services.participant_add(
            dialogue=d,
            actor=world.officer_a,
            data=ParticipantInput(role="other", full_name="Người đến muộn"),
        )


def test_a_signature_before_the_dialogue_was_held_is_refused(
    world: World, make_dialogue: Callable[..., Dialogue]
) -> None:
    d = make_dialogue()
    chair = Participant.objects.get(dialogue=d)
    with pytest.raises(ValidationFailed):
        services.participant_sign(participant=chair, actor=world.officer_a, signature="signed")


def test_audit_log_never_holds_a_citizens_name_or_words(
    world: World, held_dialogue: Dialogue
) -> None:
    citizen = Participant.objects.get(dialogue=held_dialogue, role="citizen")
    services.statement_add(
        dialogue=held_dialogue,
        actor=world.officer_a,
        participant_id=citizen.pk,
        content="Gia đình tôi khó khăn, đề nghị hỗ trợ tái định cư.",
    )
    services.participant_sign(
        participant=citizen, actor=world.officer_a, signature="refused", reason="Chưa đồng ý"
    )
    rows = AuditEvent.objects.filter(target_id=str(held_dialogue.pk))
    text = " ".join(str(r.changes) for r in rows)
    assert "Trần Văn Dân" not in text
    assert "Thôn Tây" not in text
    assert "tái định cư" not in text
    assert "Chưa đồng ý" not in text
    # Officials are named: the recorder was added in the clear.
    assert "Lê Thị Thư" in text


def test_viewer_reads_but_may_not_organise(
    world: World, make_dialogue: Callable[..., Dialogue]
) -> None:
    d = make_dialogue()
    assert selectors.dialogue_get(user=world.viewer, pk=d.pk) == d
    with pytest.raises(PermissionDenied):
        move(d, world.viewer, "cancelled", reason="Không có quyền")


def test_another_communes_officer_sees_nothing(
    world: World, make_dialogue: Callable[..., Dialogue]
) -> None:
    from django.http import Http404

    d = make_dialogue()
    with pytest.raises(Http404):
        selectors.dialogue_get(user=world.officer_b, pk=d.pk)
    assert list(selectors.dialogue_list(user=world.officer_b)) == []
    assert list(selectors.dialogue_list(user=world.leader)) == [d]


def test_an_officer_cannot_schedule_for_another_commune(world: World) -> None:
    from tests.dialogues.conftest import dialogue_input

    with pytest.raises(ValidationFailed) as err:
        services.dialogue_create(
            actor=world.officer_b, data=dialogue_input(organization_id=world.commune_a_org.pk)
        )
    assert "organization" in err.value.fields


def test_the_list_selector_costs_a_fixed_number_of_queries(
    world: World, make_dialogue: Callable[..., Dialogue]
) -> None:
    for n in range(3):
        make_dialogue(topic=f"Đối thoại số {n}", date=days(20 + n))
    user = world.leader
    list(selectors.dialogue_list(user=user))  # warms the scope cache
    with CaptureQueriesContext(connection) as ctx:
        rows = list(selectors.dialogue_list(user=user))
    assert len(rows) == 3
    assert len(ctx.captured_queries) == 1
