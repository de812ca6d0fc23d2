"""Programmes (parties, duties, lifecycle) and yearly plans (pre-fill, issue into tasks)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from danvan.coordination import rules, selectors, services
from danvan.coordination.inputs import (
    DutyInput,
    PlanInput,
    PlanItemInput,
    ProgrammeInput,
    SupportInput,
)
from danvan.coordination.models import LegalDocument, Plan, PlanItem, Programme
from danvan.coordination.states import PlanStatus, ProgrammeStatus
from danvan.core.errors import Conflict, PermissionDenied, ValidationFailed
from danvan.core.models import Task
from danvan.core.services.tasks import task_complete
from tests.coordination.conftest import World, today

pytestmark = pytest.mark.django_db


def programme(world: World, *, signed: bool = True, actor: object = None) -> Programme:
    return services.programme_create(
        actor=actor or world.leader,
        data=ProgrammeInput(
            title="Chương trình phối hợp thực hiện công tác dân vận giai đoạn 2025–2030",
            reference="01-CTr/BTGDV-CA",
            organization_id=world.btgdv.pk,
            starts_on=dt.date(2025, 8, 15),
            ends_on=dt.date(2030, 12, 31),
            signed_on=dt.date(2025, 8, 15) if signed else None,
            party_ids=[world.btgdv.pk, world.ca.pk],
            lead_ids=[world.btgdv.pk, world.ca.pk],
            duties=[
                DutyInput(world.ca.pk, "Báo cáo kết quả phối hợp 6 tháng, năm", "half_yearly"),
                DutyInput(world.btgdv.pk, "Sơ kết chương trình", "yearly"),
            ],
        ),
    )


def test_leader_records_signed_programme_with_parties_and_duties(world: World) -> None:
    p = programme(world)
    assert p.status == ProgrammeStatus.SIGNED
    assert {(x.organization_id, x.is_lead) for x in p.parties.all()} == {
        (world.btgdv.pk, True),
        (world.ca.pk, True),
    }
    assert [d.recurrence for d in p.duties.order_by("id")] == ["half_yearly", "yearly"]


def test_programme_needs_two_parties_and_a_lead(world: World) -> None:
    with pytest.raises(ValidationFailed) as exc:
        services.programme_create(
            actor=world.leader,
            data=ProgrammeInput(
                title="Chương trình",
                organization_id=world.btgdv.pk,
                starts_on=today(),
                party_ids=[world.btgdv.pk],
                lead_ids=[world.btgdv.pk],
            ),
        )
    assert "parties" in exc.value.fields
    with pytest.raises(ValidationFailed) as exc:
        services.programme_create(
            actor=world.leader,
            data=ProgrammeInput(
                title="Chương trình",
                organization_id=world.btgdv.pk,
                starts_on=today(),
                party_ids=[world.btgdv.pk, world.ca.pk],
                lead_ids=[world.mttq.pk],
            ),
        )
    assert "leads" in exc.value.fields
    assert Programme.objects.count() == 0


def test_officer_outside_every_party_cannot_record_programme(world: World) -> None:
    with pytest.raises(PermissionDenied):
        programme(world, actor=world.outsider)


def test_programme_lifecycle_refuses_illegal_moves_and_stale_versions(world: World) -> None:
    p = programme(world, signed=False)
    assert p.status == ProgrammeStatus.DRAFT
    with pytest.raises(ValidationFailed):
        services.programme_transition(
            actor=world.leader, programme=p, to=ProgrammeStatus.ENDED, expected_version=1
        )
    services.programme_transition(
        actor=world.leader, programme=p, to=ProgrammeStatus.SIGNED, expected_version=1
    )
    assert p.signed_on == today()
    with pytest.raises(Conflict):
        services.programme_transition(
            actor=world.leader, programme=p, to=ProgrammeStatus.ENDED, expected_version=1
        )
    with pytest.raises(ValidationFailed):  # cancelling needs a reason
        services.programme_transition(
            actor=world.leader, programme=p, to=ProgrammeStatus.CANCELLED, expected_version=2
        )


def test_next_year_plan_is_prefilled_from_duties_by_recurrence(world: World) -> None:
    p = programme(world)
    plan = services.plan_prefill_from_programme(actor=world.leader, programme=p, year=2027)
    items = list(plan.items.order_by("position"))
    expected = rules.recurrence_due_days("half_yearly", 2027) + rules.recurrence_due_days(
        "yearly", 2027
    )
    assert [i.due for i in items] == expected
    assert {i.lead_id for i in items} == {world.ca.pk, world.btgdv.pk}
    assert plan.status == PlanStatus.DRAFT
    assert plan.programme_id == p.pk
    assert Task.objects.count() == 0


def test_issuing_plan_turns_every_item_into_a_task(world: World) -> None:
    p = programme(world)
    plan = services.plan_prefill_from_programme(actor=world.leader, programme=p, year=2027)
    services.plan_item_add(
        actor=world.leader,
        plan=plan,
        data=PlanItemInput(
            content="Tổ chức tập huấn công tác dân vận cho công an xã",
            lead_id=world.ca.pk,
            due=dt.date(2027, 5, 30),
            indicator="100% công an xã được tập huấn",
            supporting=[SupportInput(world.btgdv.pk, "biên soạn tài liệu")],
        ),
    )
    services.plan_issue(actor=world.leader, plan=plan, expected_version=plan.version)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ISSUED
    items = list(plan.items.select_related("task"))
    assert all(i.task is not None for i in items)
    training = next(i for i in items if i.indicator)
    assert training.task is not None
    assert training.task.target_type == "coordination.planitem"
    assert "100% công an xã" in training.task.description
    assert [s.duty for s in training.task.supports.all()] == ["biên soạn tài liệu"]
    with pytest.raises(ValidationFailed):  # items are frozen once issued
        services.plan_item_remove(actor=world.leader, item=training)


def test_plan_issue_is_all_or_nothing(world: World) -> None:
    plan = services.plan_create(
        actor=world.officer,
        data=PlanInput(
            title="Kế hoạch công tác dân vận chính quyền năm 2027",
            year=2027,
            organization_id=world.ubnd.pk,
            items=[
                PlanItemInput("Đối thoại với Nhân dân", world.sdttg.pk, dt.date(2027, 6, 30)),
                PlanItemInput("Nắm tình hình an ninh", world.ca.pk, dt.date(2027, 9, 30)),
            ],
        ),
    )
    with pytest.raises(PermissionDenied) as exc:
        services.plan_issue(actor=world.officer, plan=plan, expected_version=plan.version)
    assert "Công an tỉnh Quảng Trị" in exc.value.message
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert Task.objects.count() == 0
    assert not PlanItem.objects.filter(task__isnull=False).exists()


def test_item_due_outside_the_plan_year_is_refused(world: World) -> None:
    with pytest.raises(ValidationFailed) as exc:
        services.plan_create(
            actor=world.officer,
            data=PlanInput(
                title="Kế hoạch năm 2027",
                year=2027,
                organization_id=world.ubnd.pk,
                items=[PlanItemInput("Việc", world.sdttg.pk, dt.date(2028, 1, 5))],
            ),
        )
    assert "items.0" in exc.value.fields
    assert Plan.objects.count() == 0


def test_plan_progress_and_programme_plans_summary(world: World) -> None:
    p = programme(world)
    plan = services.plan_create(
        actor=world.leader,
        data=PlanInput(
            title="Kế hoạch năm",
            year=today().year,
            organization_id=world.btgdv.pk,
            programme_id=p.pk,
            items=[
                PlanItemInput("Việc một", world.ca.pk, today()),
                PlanItemInput("Việc hai", world.ca.pk, today()),
            ],
        ),
    )
    services.plan_issue(actor=world.leader, plan=plan, expected_version=1)
    first = plan.items.order_by("position").first()
    assert first is not None and first.task is not None
    task_complete(task=first.task, actor=world.ca_officer, expected_version=first.task.version)
    _rows, summary = selectors.plan_items(plan=plan)
    assert (summary.total, summary.done) == (2, 1)
    [(listed, s)] = selectors.programme_plans(programme=p)
    assert listed.pk == plan.pk and s.done == 1
    with pytest.raises(ValidationFailed):
        services.plan_transition(
            actor=world.leader, plan=plan, to=PlanStatus.CANCELLED, expected_version=2
        )
    services.plan_transition(
        actor=world.leader, plan=plan, to=PlanStatus.CLOSED, expected_version=2
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CLOSED


def test_outsider_plan_cannot_cite_programme_or_document_outside_their_scope(
    world: World, register: Callable[..., LegalDocument]
) -> None:
    p = programme(world)
    document = register()
    for programme_id, document_id in ((p.pk, None), (None, document.pk)):
        with pytest.raises(ValidationFailed) as exc:
            services.plan_create(
                actor=world.outsider,
                data=PlanInput(
                    title="Kế hoạch năm 2027",
                    year=2027,
                    organization_id=world.other_ubnd.pk,
                    programme_id=programme_id,
                    document_id=document_id,
                ),
            )
        assert set(exc.value.fields) & {"programme", "document"}
    assert Plan.objects.count() == 0


def test_outsider_programme_cannot_cite_document_outside_their_scope(
    world: World, register: Callable[..., LegalDocument]
) -> None:
    document = register()
    with pytest.raises(ValidationFailed) as exc:
        services.programme_create(
            actor=world.outsider,
            data=ProgrammeInput(
                title="Chương trình phối hợp",
                organization_id=world.other_ubnd.pk,
                starts_on=dt.date(2026, 1, 1),
                party_ids=[world.other_ubnd.pk, world.ubnd.pk],
                lead_ids=[world.other_ubnd.pk],
                document_id=document.pk,
            ),
        )
    assert "document" in exc.value.fields
    assert not Programme.objects.exists()


def test_party_prefills_plan_citing_the_programmes_document_it_cannot_see_itself(
    world: World, register: Callable[..., LegalDocument]
) -> None:
    document = register()  # kept by 44-UBND: the Công an officer does not see it
    p = services.programme_create(
        actor=world.leader,
        data=ProgrammeInput(
            title="Chương trình phối hợp",
            organization_id=world.btgdv.pk,
            starts_on=dt.date(2026, 1, 1),
            party_ids=[world.btgdv.pk, world.ca.pk],
            lead_ids=[world.btgdv.pk],
            document_id=document.pk,
            duties=[DutyInput(world.ca.pk, "Sơ kết chương trình", "yearly")],
        ),
    )
    assert not selectors.documents_visible(user=world.ca_officer, ids=[document.pk])
    plan = services.plan_prefill_from_programme(
        actor=world.ca_officer, programme=p, year=2027, organization_id=world.ca.pk
    )
    assert plan.document_id == document.pk


def test_item_added_from_a_page_read_before_the_plan_was_issued_is_refused(world: World) -> None:
    p = programme(world)
    plan = services.plan_prefill_from_programme(actor=world.leader, programme=p, year=2027)
    stale = Plan.objects.get(pk=plan.pk)  # read while still a draft
    services.plan_issue(actor=world.leader, plan=plan, expected_version=plan.version)
    with pytest.raises(ValidationFailed):
        services.plan_item_add(
            actor=world.leader,
            plan=stale,
            data=PlanItemInput("Việc thêm muộn", world.ca.pk, dt.date(2027, 5, 30)),
        )
    with pytest.raises(ValidationFailed):
        services.plan_item_remove(actor=world.leader, item=stale.items.all()[0])
    assert not PlanItem.objects.filter(plan=plan, task__isnull=True).exists()
