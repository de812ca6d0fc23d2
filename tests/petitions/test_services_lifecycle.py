"""The petition lifecycle: legal moves only, deadlines through a whole case, conflicts, scope."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.http import Http404

from danvan.core.errors import Conflict, PermissionDenied, ValidationFailed
from danvan.core.models import AuditEvent, Obligation
from danvan.petitions.inputs import TransitionInput
from danvan.petitions.models import Petition, PetitionDocument, Suspension
from danvan.petitions.selectors import (
    PetitionFilters,
    petition_allowed_moves,
    petition_get,
    petition_list,
    petition_timeline,
)
from danvan.petitions.services import (
    petition_extend,
    petition_register,
    petition_transition,
)
from danvan.petitions.states import TRANSITIONS, Outcome, Status
from tests.petitions.conftest import World, petition_input

D = dt.date


def move(petition: Petition, actor: Any, to: str, on: dt.date, **extra: Any) -> Petition:
    extra.setdefault("reason", f"Chuyển sang {to}")
    return petition_transition(
        petition=petition,
        actor=actor,
        data=TransitionInput(to=to, on=on, expected_version=petition.version, **extra),
    )


def deadlines(petition: Petition) -> dict[str, tuple[str, dt.date | None]]:
    return {
        o.key: (o.status, o.due)
        for o in Obligation.objects.filter(target_type="petitions.petition", target_id=petition.pk)
    }


def test_officer_registers_complaint_with_case_number_tracking_code_and_first_deadlines(
    world: World,
) -> None:
    petition = petition_register(actor=world.officer_a, data=petition_input())

    assert petition.status == Status.RECEIVED
    assert petition.case_number == "1/2026/19001-UBND"
    assert len(petition.tracking_code) == 14
    # Received Monday 2 March 2026: 10 working days for triage and (before 1/7/2026) for acceptance.
    assert deadlines(petition) == {
        "triage": ("open", D(2026, 3, 16)),
        "accept": ("open", D(2026, 3, 16)),
    }
    assert petition.next_deadline == D(2026, 3, 16)
    assert petition.petitioners.get().full_name == "Nguyễn Văn Hùng"
    assert PetitionDocument.objects.filter(petition=petition, template="tiep_nhan").exists()
    assert AuditEvent.objects.filter(verb="petition.register", target_id=str(petition.pk)).exists()


def test_case_numbers_run_per_organisation_and_year(world: World) -> None:
    first = petition_register(actor=world.officer_a, data=petition_input())
    second = petition_register(actor=world.officer_a, data=petition_input())
    other_year = petition_register(
        actor=world.officer_a, data=petition_input(received_on=D(2025, 12, 30))
    )
    other_org = petition_register(actor=world.officer_b, data=petition_input(area_code="19002"))

    assert [first.seq, second.seq, other_year.seq, other_org.seq] == [1, 2, 1, 1]
    assert other_year.case_number == "1/2025/19001-UBND"
    assert first.tracking_code != second.tracking_code


def test_complaint_deadlines_through_a_whole_lifecycle_with_suspension_and_extension(
    world: World,
) -> None:
    petition = petition_register(actor=world.officer_a, data=petition_input())
    petition = move(petition, world.officer_a, "triaged", D(2026, 3, 5), outcome="accept")
    assert deadlines(petition)["triage"] == ("done", D(2026, 3, 16))
    assert deadlines(petition)["accept"] == ("open", D(2026, 3, 16))

    petition = move(petition, world.officer_a, "accepted", D(2026, 3, 10))
    # Luật KN Đ.28: 30 days from acceptance (10/3) -> 9/4/2026, a Thursday.
    assert deadlines(petition)["resolve"] == ("open", D(2026, 4, 9))
    assert deadlines(petition)["accept"][0] == "done"

    petition = move(petition, world.officer_a, "verifying", D(2026, 3, 12))
    petition = move(
        petition, world.officer_a, "suspended", D(2026, 3, 20), decision_number="05/QĐ-UBND"
    )
    assert deadlines(petition)["resolve"] == ("paused", None)
    assert petition.next_deadline is None

    petition = move(petition, world.officer_a, "verifying", D(2026, 3, 30))
    assert Suspension.objects.get(petition=petition).end == D(2026, 3, 30)
    # 9 days counted before the suspension (11-19/3), the rest from 31/3: 21 more -> 20/4.
    assert deadlines(petition)["resolve"] == ("open", D(2026, 4, 20))

    petition_extend(
        petition=petition,
        actor=world.officer_a,
        kind="complex",
        decision_number="07/QĐ-UBND",
        decided_on=D(2026, 4, 1),
        reason="Vụ việc phức tạp, nhiều hộ liên quan",
        expected_version=petition.version,
    )
    petition.refresh_from_db()
    # Complex: 45 days instead of 30, still minus the suspended 10 days -> 5/5/2026 (a Tuesday).
    assert deadlines(petition)["resolve"] == ("open", D(2026, 5, 5))

    petition = move(
        petition,
        world.officer_a,
        "resolved",
        D(2026, 4, 28),
        decision_number="12/QĐ-UBND",
        result_summary="Giữ nguyên quyết định thu hồi đất, điều chỉnh mức bồi thường.",
    )
    # Luật KN Đ.32: the decision is sent within 3 working days (29/4; 30/4 and 1/5 are holidays).
    status, due = deadlines(petition)["send"]
    assert status == "open" and due == D(2026, 5, 5)
    assert deadlines(petition)["resolve"] == ("done", D(2026, 5, 5))

    petition = move(
        petition,
        world.officer_a,
        "closed",
        D(2026, 4, 29),
        satisfaction="partly",
        satisfaction_channel="phone",
    )
    assert petition.status == Status.CLOSED
    assert petition.satisfaction == "partly"
    assert all(status != "open" for status, _due in deadlines(petition).values())
    assert petition.next_deadline is None
    verbs = [e.to_status for e in petition_timeline(petition=petition) if e.verb == "transition"]
    assert verbs == [
        "triaged",
        "accepted",
        "verifying",
        "suspended",
        "verifying",
        "resolved",
        "closed",
    ]
    templates = set(
        PetitionDocument.objects.filter(petition=petition).values_list("template", flat=True)
    )
    assert {
        "thong_bao_thu_ly",
        "quyet_dinh_tam_dinh_chi",
        "quyet_dinh_tiep_tuc",
        "quyet_dinh_gia_han",
        "quyet_dinh_giai_quyet",
    } <= templates


def test_remote_area_gives_the_longer_resolution_deadline(world: World) -> None:
    petition = petition_register(actor=world.officer, data=petition_input(area_code="19003"))
    assert petition.remote is True
    petition = move(petition, world.officer, "triaged", D(2026, 3, 3), outcome="accept")
    petition = move(petition, world.officer, "accepted", D(2026, 3, 10))
    # Remote: 45 days from 10/3 -> 24/4/2026 (Friday).
    assert deadlines(petition)["resolve"] == ("open", D(2026, 4, 24))


def test_denunciation_uses_initial_check_rule_and_two_extensions_at_most(world: World) -> None:
    petition = petition_register(
        actor=world.officer,
        data=petition_input(
            kind="denunciation",
            content="Tố cáo cán bộ địa chính xã An nhận "
            "tiền của người dân để làm hồ sơ cấp giấy chứng nhận.",
        ),
    )
    # Luật TC Đ.24: 7 working days from 2/3 -> 11/3.
    assert deadlines(petition) == {"triage": ("open", D(2026, 3, 11))}
    petition_extend(
        petition=petition,
        actor=world.officer,
        kind="initial",
        decision_number="01/TB",
        decided_on=D(2026, 3, 6),
        reason="Cần kiểm tra ở nhiều nơi",
        expected_version=petition.version,
    )
    petition.refresh_from_db()
    assert deadlines(petition)["triage"] == ("open", D(2026, 3, 16))

    petition = move(petition, world.officer, "triaged", D(2026, 3, 9), outcome="accept")
    petition = move(petition, world.officer, "accepted", D(2026, 3, 10))
    assert deadlines(petition)["resolve"] == ("open", D(2026, 4, 9))
    for number, kind in (("02/QĐ", "complex"), ("03/QĐ", "especially_complex")):
        petition_extend(
            petition=petition,
            actor=world.officer,
            kind=kind,
            decision_number=number,
            decided_on=D(2026, 4, 1),
            reason="Gia hạn giải quyết tố cáo",
            expected_version=petition.version,
        )
        petition.refresh_from_db()
    # Two extensions: 90 days from 10/3 -> 8/6/2026 (Monday).
    assert deadlines(petition)["resolve"] == ("open", D(2026, 6, 8))
    with pytest.raises(ValidationFailed):
        petition_extend(
            petition=petition,
            actor=world.officer,
            kind="especially_complex",
            decision_number="04/QĐ",
            decided_on=D(2026, 4, 2),
            reason="Lần thứ ba",
            expected_version=petition.version,
        )


STATES = list(Status.values)


@pytest.mark.parametrize(("source", "target"), list(itertools.product(STATES, STATES)))
def test_every_move_outside_the_table_is_refused(world: World, source: str, target: str) -> None:
    if target in TRANSITIONS[source]:
        pytest.skip("legal move")
    petition = petition_register(actor=world.officer_a, data=petition_input())
    Petition.objects.filter(pk=petition.pk).update(status=source, triage_outcome="accept")
    petition.refresh_from_db()
    with pytest.raises(ValidationFailed) as error:
        move(petition, world.officer_a, target, D(2026, 3, 5), outcome="accept")
    assert error.value.code in ("illegal_transition", "validation_error")
    petition.refresh_from_db()
    assert petition.status == source
    assert petition.version == 1


@pytest.mark.parametrize("outcome", ["transfer", "guide", "answer", "file", "ineligible"])
def test_only_an_accepted_triage_leads_to_acceptance(world: World, outcome: str) -> None:
    petition = petition_register(actor=world.officer_a, data=petition_input())
    Petition.objects.filter(pk=petition.pk).update(status="triaged", triage_outcome=outcome)
    petition.refresh_from_db()
    with pytest.raises(ValidationFailed):
        move(petition, world.officer_a, "accepted", D(2026, 3, 5))
    assert [m.to for m in petition_allowed_moves(petition=petition, user=world.officer_a)] == [
        "closed",
        "withdrawn",
    ]


def test_ineligible_triage_needs_a_legal_reason_and_issues_the_notice(world: World) -> None:
    petition = petition_register(actor=world.officer_a, data=petition_input())
    with pytest.raises(ValidationFailed) as error:
        move(petition, world.officer_a, "triaged", D(2026, 3, 5), outcome="ineligible")
    assert "ineligible_reason" in error.value.fields
    petition = move(
        petition,
        world.officer_a,
        "triaged",
        D(2026, 3, 5),
        outcome="ineligible",
        ineligible_reason="kn_out_of_time",
    )
    assert petition.ineligible_reason == "kn_out_of_time"
    assert deadlines(petition)["accept"][0] == "cancelled"
    assert PetitionDocument.objects.filter(
        petition=petition, template="thong_bao_khong_thu_ly"
    ).exists()


def test_second_officer_with_a_stale_version_gets_a_conflict(world: World) -> None:
    petition = petition_register(actor=world.officer_a, data=petition_input())
    stale = Petition.objects.get(pk=petition.pk)
    move(petition, world.officer_a, "triaged", D(2026, 3, 5), outcome="accept")
    with pytest.raises(Conflict):
        move(stale, world.officer, "withdrawn", D(2026, 3, 5))
    stale.refresh_from_db()
    assert stale.status == Status.TRIAGED


def test_lost_race_on_the_database_is_a_conflict_even_with_the_right_version_in_hand(
    world: World,
) -> None:
    petition = petition_register(actor=world.officer_a, data=petition_input())
    Petition.objects.filter(pk=petition.pk).update(version=2)  # someone else moved it
    with pytest.raises(Conflict):
        move(petition, world.officer_a, "triaged", D(2026, 3, 5), outcome="accept")
    assert Petition.objects.get(pk=petition.pk).status == Status.RECEIVED


def test_commune_a_officer_never_sees_commune_b_case(world: World) -> None:
    case_b = petition_register(actor=world.officer_b, data=petition_input(area_code="19002"))
    with pytest.raises(Http404):
        petition_get(user=world.officer_a, pk=case_b.pk)
    assert not petition_list(user=world.officer_a).filter(pk=case_b.pk).exists()
    assert petition_list(user=world.leader).filter(pk=case_b.pk).exists()
    with pytest.raises(PermissionDenied):
        move(case_b, world.officer_a, "triaged", D(2026, 3, 5), outcome="accept")


def test_viewer_sees_but_cannot_move_cases(world: World) -> None:
    petition = petition_register(actor=world.officer, data=petition_input())
    assert petition_get(user=world.viewer, pk=petition.pk) == petition
    assert petition_allowed_moves(petition=petition, user=world.viewer) == []
    with pytest.raises(PermissionDenied):
        move(petition, world.viewer, "withdrawn", D(2026, 3, 5))


def test_transfer_opens_the_case_in_the_receivers_inbox_with_its_history(world: World) -> None:
    petition = petition_register(actor=world.officer, data=petition_input())
    petition = move(
        petition,
        world.officer,
        "triaged",
        D(2026, 3, 4),
        outcome="transfer",
        transfer_to="19001-UBND",
    )
    received = Petition.objects.get(transferred_from=petition)
    assert received.organization == world.commune_a_org
    assert received.inbox_pending is True
    assert received.channel == "forwarded_agency"
    assert received.received_on == D(2026, 3, 4)
    assert [p.full_name for p in received.petitioners.all()] == ["Nguyễn Văn Hùng"]
    inbox = petition_list(user=world.officer_a, filters=PetitionFilters(inbox=True))
    assert list(inbox) == [received]
    history = [e.verb for e in petition_timeline(petition=received)]
    assert history[:2] == ["registered", "transition"] and "transfer_received" in history
    # The receiver owes the forwarder a report on how the petition was handled.
    assert deadlines(received)["report_back"][0] == "open"


def test_a_cases_transfers_agencies_and_deadlines_are_the_orms(world: World) -> None:
    """The case's short lists are read with fixed statements (core/db/fixed.py) and ordered in
    Python: the same rows, in the same order, with the same relations as the ORM's queries."""
    from django.db.models import Q

    from danvan.petitions.models import PetitionAgency, Transfer
    from danvan.petitions.selectors import petition_agencies, petition_deadlines
    from danvan.petitions.selectors import petition_transfers as transfers
    from danvan.petitions.services import petition_agency_set

    petition = petition_register(actor=world.officer, data=petition_input())
    for org, role in ((world.commune_b_org, "coordinating"), (world.commune_a_org, "lead")):
        petition_agency_set(
            petition=petition, actor=world.officer, organization=org, role=role,
            part="Phối hợp xác minh", assignee=None, due=D.today() + dt.timedelta(days=20),
        )  # fmt: skip
    petition = move(
        petition, world.officer, "triaged", D(2026, 3, 4), outcome="transfer",
        transfer_to="19001-UBND",
    )  # fmt: skip
    received = Petition.objects.get(transferred_from=petition)
    related = ("from_organization", "to_organization", "received_petition", "petition")
    for case in (petition, received):
        orm = list(
            Transfer.objects.filter(Q(petition=case) | Q(received_petition=case))
            .select_related(*related)
            .order_by("sent_on", "id")
        )
        fixed = transfers(petition=case)
        assert fixed == orm and len(fixed) == 1
        assert fixed[0].received_petition == received
        assert fixed[0].to_organization.name == orm[0].to_organization.name
        orm_deadlines = list(
            Obligation.objects.filter(target_type="petitions.petition", target_id=case.pk)
            .select_related("organization", "assignee")
            .order_by("due", "id")
        )
        order = {"open": 0, "paused": 1, "done": 2, "cancelled": 3}
        orm_deadlines.sort(key=lambda o: (order.get(o.status, 9), o.due or D.max))
        assert petition_deadlines(petition=case) == orm_deadlines
        assert orm_deadlines
    orm_agencies = list(
        PetitionAgency.objects.filter(petition=petition)
        .select_related("organization", "assignee")
        .order_by("-role", "id")
    )
    assert [a.role for a in orm_agencies] == ["lead", "coordinating"]
    assert petition_agencies(petition=petition) == orm_agencies
    assert petition_agencies(petition=received) == []


def test_a_cases_timeline_duplicates_and_transfers_sent_are_the_orms(world: World) -> None:
    """The timeline (every case of the chain, the sender's identity events left out), the
    duplicates and the transfers sent are read with fixed statements: the same rows, in the
    same order, as the ORM's queries."""
    from django.db.models import Q

    from danvan.petitions.models import PetitionEvent, Transfer
    from danvan.petitions.selectors import (
        petition_chain,
        petition_duplicates,
        petition_transfers_sent,
    )
    from danvan.petitions.services import petition_mark_duplicate

    petition = petition_register(actor=world.officer, data=petition_input())
    PetitionEvent.objects.create(
        petition=petition, on=D(2026, 3, 3), verb="identity_grant", actor_label="Lãnh đạo"
    )
    # Two events on the same legal date: recorded order decides.
    PetitionEvent.objects.create(petition=petition, on=D(2026, 3, 2), verb="attachment")
    copy = petition_register(actor=world.officer, data=petition_input())
    petition_mark_duplicate(
        petition=copy, actor=world.officer, duplicate_of=petition, expected_version=copy.version
    )
    petition = move(
        petition, world.officer, "triaged", D(2026, 3, 4), outcome="transfer",
        transfer_to="19001-UBND",
    )  # fmt: skip
    received = Petition.objects.get(transferred_from=petition)
    for case in (petition, received):
        chain = [p.pk for p in petition_chain(case)]
        foreign_private = Q(verb__startswith="identity_") & ~Q(petition_id=case.pk)
        orm = list(
            PetitionEvent.objects.filter(petition_id__in=chain)
            .exclude(foreign_private)
            .order_by("on", "at", "id")
        )
        fixed = petition_timeline(petition=case)
        assert fixed == orm and all(e.petition.pk == e.petition_id for e in fixed)
        verbs = [e.verb for e in fixed]
        assert ("identity_grant" in verbs) is (case == petition)
        assert petition_duplicates(petition=case) == list(case.duplicates.all())
        sent = list(Transfer.objects.filter(petition=case).select_related("to_organization"))
        assert petition_transfers_sent(petition=case) == sent
    assert [p.pk for p in petition_duplicates(petition=petition)] == [copy.pk]
    assert len(petition_transfers_sent(petition=petition)) == 1
    assert petition_transfers_sent(petition=received) == []


def test_denunciation_is_transferred_at_most_once(world: World) -> None:
    petition = petition_register(
        actor=world.officer,
        data=petition_input(
            kind="denunciation",
            content="Tố cáo trưởng thôn Đông thu tiền "
            "trái phép của các hộ dân khi làm đường bê tông.",
        ),
    )
    move(
        petition,
        world.officer,
        "triaged",
        D(2026, 3, 4),
        outcome="transfer",
        transfer_to="19001-UBND",
    )
    received = Petition.objects.get(transferred_from=petition)
    with pytest.raises(ValidationFailed) as error:
        move(
            received,
            world.officer_a,
            "triaged",
            D(2026, 3, 5),
            outcome="transfer",
            transfer_to="19002-UBND",
        )
    assert error.value.code == "already_transferred"


def test_anonymous_denunciation_cannot_be_accepted_as_a_denunciation(world: World) -> None:
    petition = petition_register(
        actor=world.officer,
        data=petition_input(
            kind="denunciation",
            anonymous=True,
            petitioners=[],
            content="Phản ánh nặc danh về việc khai thác cát trái phép ban đêm.",
        ),
    )
    with pytest.raises(ValidationFailed):
        move(petition, world.officer, "triaged", D(2026, 3, 4), outcome="accept")
    petition = move(petition, world.officer, "triaged", D(2026, 3, 4), outcome="file")
    assert petition.triage_outcome == Outcome.FILE


def test_registration_reports_every_bad_field_and_writes_nothing(world: World) -> None:
    before = Petition.objects.count()
    with pytest.raises(ValidationFailed) as error:
        petition_register(
            actor=world.officer_a,
            data=petition_input(
                kind="kêu",
                channel="fax",
                content="ngắn",
                topic="xyz",
                petitioners=[],
                received_on=D(2099, 1, 1),
            ),
        )
    assert {"kind", "channel", "content", "topic", "petitioners", "received_on"} <= set(
        error.value.fields
    )
    assert Petition.objects.count() == before


def test_pre_2025_unit_code_is_mapped_to_the_unit_of_today(world: World) -> None:
    from danvan.core.models import AdminUnitSuccession
    from tests.factories import CommuneFactory

    old = CommuneFactory(
        code="19999",
        name="Xã Cũ",
        full_name="Xã Cũ",
        parent=world.province,
        valid_from=D(2000, 1, 1),
        valid_to=D(2025, 7, 1),
    )
    AdminUnitSuccession.objects.create(
        predecessor=old, successor=world.commune_a, effective=D(2025, 7, 1)
    )
    petition = petition_register(
        actor=world.officer, data=petition_input(area_code="19999", received_on=D(2025, 3, 3))
    )
    assert petition.area == world.commune_a
    assert petition.area_given == old


def test_multi_signer_petition_gets_a_representative(world: World) -> None:
    from danvan.petitions.inputs import PersonInput

    people = [PersonInput(full_name=f"Người Ký {i}") for i in range(6)]
    petition = petition_register(
        actor=world.officer_a,
        data=petition_input(kind="proposal", petitioners=people, signer_count=37),
    )
    assert petition.is_multi_signer and petition.signer_count == 37
    assert petition.petitioners.filter(is_representative=True).count() == 1


def _accepted_complaint(world: World, accepted_on: dt.date) -> Petition:
    petition = petition_register(actor=world.officer_a, data=petition_input())
    petition = move(petition, world.officer_a, "triaged", D(2026, 3, 3), outcome="accept")
    return move(petition, world.officer_a, "accepted", accepted_on)


def test_case_suspended_again_on_the_day_it_was_continued_can_still_be_continued(
    world: World,
) -> None:
    # Suspended and continued on the acceptance day, then suspended again that same day: the
    # suspended time is one stretch, not an "overlap" that locks the case in suspension.
    petition = _accepted_complaint(world, D(2026, 3, 4))
    petition = move(petition, world.officer_a, "suspended", D(2026, 3, 4))
    petition = move(petition, world.officer_a, "verifying", D(2026, 3, 4))
    petition = move(petition, world.officer_a, "suspended", D(2026, 3, 4))

    petition = move(petition, world.officer_a, "verifying", D(2026, 3, 5))

    assert petition.status == Status.VERIFYING
    status, due = deadlines(petition)["resolve"]
    assert status == "open" and due is not None
    assert petition.next_deadline == due


def test_moves_dated_before_the_last_continuation_are_refused(world: World) -> None:
    petition = _accepted_complaint(world, D(2026, 3, 4))
    petition = move(petition, world.officer_a, "suspended", D(2026, 3, 10))
    petition = move(petition, world.officer_a, "verifying", D(2026, 3, 20))

    for to, extra in (
        ("suspended", {}),
        ("resolved", {"decision_number": "12/QĐ-UBND", "result_summary": "Giải quyết xong."}),
    ):
        with pytest.raises(ValidationFailed) as error:
            move(petition, world.officer_a, to, D(2026, 3, 12), **extra)
        assert "on" in error.value.fields
    assert Suspension.objects.filter(petition=petition).count() == 1


def test_resolution_extension_cannot_be_decided_before_the_acceptance(world: World) -> None:
    petition = _accepted_complaint(world, D(2026, 3, 10))

    with pytest.raises(ValidationFailed) as error:
        petition_extend(
            petition=petition,
            actor=world.officer_a,
            kind="complex",
            decision_number="5/QĐ-UBND",
            decided_on=D(2026, 3, 5),
            reason="Vụ việc phức tạp",
            expected_version=petition.version,
        )

    assert "decided_on" in error.value.fields
    petition.refresh_from_db()
    assert petition.complex is False


def test_duplicate_given_at_intake_links_to_the_first_case_of_the_chain(world: World) -> None:
    from danvan.petitions.services import petition_mark_duplicate

    first = petition_register(actor=world.officer_a, data=petition_input())
    second = petition_register(actor=world.officer_a, data=petition_input())
    petition_mark_duplicate(
        petition=second, actor=world.officer_a, duplicate_of=first, expected_version=1
    )

    third = petition_register(actor=world.officer_a, data=petition_input(duplicate_of_id=second.pk))

    assert third.duplicate_of_id == first.pk


def test_denunciation_duplicating_a_chain_whose_first_case_was_transferred_is_not_again(
    world: World,
) -> None:
    content = "Tố cáo trưởng thôn Đông thu tiền trái phép của các hộ dân khi làm đường bê tông."
    first = petition_register(
        actor=world.officer_a, data=petition_input(kind="denunciation", content=content)
    )
    second = petition_register(
        actor=world.officer_a, data=petition_input(kind="denunciation", content=content)
    )
    # An older chain: `second` duplicates `first`, `third` was linked to `second`.
    Petition.objects.filter(pk=second.pk).update(duplicate_of=first)
    third = petition_register(
        actor=world.officer_a, data=petition_input(kind="denunciation", content=content)
    )
    Petition.objects.filter(pk=third.pk).update(duplicate_of=second)
    third.refresh_from_db()
    move(
        first, world.officer_a, "triaged", D(2026, 3, 4), outcome="transfer", transfer_to="44-UBND"
    )

    with pytest.raises(ValidationFailed) as error:
        move(
            third,
            world.officer_a,
            "triaged",
            D(2026, 3, 5),
            outcome="transfer",
            transfer_to="19002-UBND",
        )

    assert error.value.code == "already_transferred"


def test_attachments_added_one_by_one_stop_at_the_per_petition_limit(
    world: World, settings: Any
) -> None:
    from danvan.petitions.inputs import FileInput
    from danvan.petitions.models import PetitionAttachment
    from danvan.petitions.services import petition_attachment_add

    settings.DANVAN_ATTACHMENT_MAX_FILES = 2
    petition = petition_register(actor=world.officer_a, data=petition_input())
    for i in range(2):
        petition_attachment_add(
            petition=petition,
            actor=world.officer_a,
            file=FileInput(name=f"bo-sung-{i}.txt", data=f"Tài liệu bổ sung {i}".encode()),
        )

    with pytest.raises(ValidationFailed) as error:
        petition_attachment_add(
            petition=petition,
            actor=world.officer_a,
            file=FileInput(name="bo-sung-3.txt", data="Tài liệu thứ ba".encode()),
        )

    assert "files" in error.value.fields
    assert PetitionAttachment.objects.filter(petition=petition).count() == 2
