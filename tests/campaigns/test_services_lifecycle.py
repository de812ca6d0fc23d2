"""The campaign lifecycle: planned → running → ended → evaluated, suspended / cancelled with a
reason; illegal moves refused; stale versions are conflicts; the plan's checks."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from danvan.campaigns import services
from danvan.campaigns.inputs import CampaignChanges, TargetInput, TransitionInput
from danvan.campaigns.models import Campaign, CampaignEvent, Target
from danvan.campaigns.states import TRANSITIONS, Status
from danvan.core.errors import Conflict, PermissionDenied, ValidationFailed
from danvan.core.models import AuditEvent
from tests.campaigns.conftest import World, campaign_input, days, record

pytestmark = pytest.mark.django_db


def move(campaign: Campaign, actor: object, to: str, **kw: object) -> Campaign:
    return services.campaign_transition(
        campaign=campaign,
        actor=actor,
        data=TransitionInput(to=to, expected_version=campaign.version, **kw),  # type: ignore[arg-type]
    )


def test_manager_plans_a_campaign_with_areas_units_and_targets(
    world: World, planned: Callable[..., Campaign]
) -> None:
    campaign = planned()
    assert campaign.status == Status.PLANNED and campaign.version == 1
    assert list(campaign.areas.values_list("code", flat=True)) == ["22945"]
    assert {u.organization.code: u.part for u in campaign.units.select_related("organization")} == {
        "22945-UBND": "Chủ trì vận động tại địa bàn",
        "22945-MTTQ": "Vận động người có uy tín",
    }
    targets = list(campaign.targets.order_by("position"))
    assert [(t.label, t.unit, t.target_value) for t in targets][:2] == [
        ("Số hộ đồng ý bàn giao mặt bằng", "hộ", Decimal("45.00")),
        ("Diện tích mặt bằng đã bàn giao", "m²", Decimal("12500.00")),
    ]
    assert AuditEvent.objects.filter(verb="campaign.create", target_id=str(campaign.pk)).exists()
    assert CampaignEvent.objects.filter(campaign=campaign, verb="created").count() == 1


def test_the_whole_lifecycle_to_evaluated_freezes_the_figures(
    world: World, running: Callable[..., Campaign]
) -> None:
    campaign = running()
    assert campaign.status == Status.RUNNING and campaign.started_on == days(-20)
    record(campaign, world.officer_a, values=(45, 12500, 100))
    campaign.refresh_from_db()
    move(campaign, world.manager, "ended", on=days(-1))
    assert campaign.status == Status.ENDED and campaign.ended_on == days(-1)
    move(
        campaign,
        world.manager,
        "evaluated",
        assessment="Hoàn thành toàn bộ chỉ tiêu trước thời hạn.",
        lessons="Công khai phương án bồi thường từ đầu.",
        recommendations="Nhân rộng cách làm.",
    )
    campaign.refresh_from_db()
    assert campaign.status == Status.EVALUATED
    snapshot = {s["label"]: s for s in campaign.evaluation_snapshot}
    assert snapshot["Số hộ đồng ý bàn giao mặt bằng"]["achieved"] == "45.00"
    assert all(s["met"] for s in campaign.evaluation_snapshot)
    verbs = list(
        CampaignEvent.objects.filter(campaign=campaign)
        .order_by("id")
        .values_list("verb", "to_status")
    )
    assert verbs == [
        ("created", "planned"),
        ("transition", "running"),
        ("activity", ""),
        ("transition", "ended"),
        ("transition", "evaluated"),
    ]


@pytest.mark.parametrize(
    ("source", "target"),
    [(s, t) for s in Status.values for t in Status.values if t not in TRANSITIONS[s] and t != s][
        :12
    ],
)
def test_illegal_moves_are_refused_with_the_legal_ones_named(
    world: World, planned: Callable[..., Campaign], source: str, target: str
) -> None:
    campaign = planned()
    Campaign.objects.filter(pk=campaign.pk).update(status=source, ended_on=days(-1))
    campaign.refresh_from_db()
    with pytest.raises(ValidationFailed) as exc:
        move(
            campaign, world.manager, target, reason="Lý do thử", assessment="Đánh giá chung đủ dài"
        )
    assert exc.value.code == "illegal_transition"
    campaign.refresh_from_db()
    assert campaign.status == source and campaign.version == 1


def test_running_needs_a_target(world: World, planned: Callable[..., Campaign]) -> None:
    campaign = planned(targets=[])
    with pytest.raises(ValidationFailed) as exc:
        move(campaign, world.manager, "running")
    assert exc.value.code == "no_targets"


def test_suspending_and_cancelling_need_a_reason_and_keep_it(
    world: World, running: Callable[..., Campaign]
) -> None:
    campaign = running()
    with pytest.raises(ValidationFailed) as exc:
        move(campaign, world.manager, "suspended", reason="  ")
    assert "reason" in exc.value.fields
    move(campaign, world.manager, "suspended", reason="Chờ điều chỉnh quy hoạch dự án")
    assert campaign.status == Status.SUSPENDED
    assert campaign.status_note == "Chờ điều chỉnh quy hoạch dự án"
    move(campaign, world.manager, "running", reason="Đã có quyết định điều chỉnh")
    assert campaign.status == Status.RUNNING and campaign.started_on == days(-20)
    move(campaign, world.manager, "cancelled", reason="Dự án dừng triển khai")
    assert campaign.status == Status.CANCELLED and campaign.status_note == "Dự án dừng triển khai"


def test_evaluation_needs_an_assessment(world: World, running: Callable[..., Campaign]) -> None:
    campaign = running()
    move(campaign, world.manager, "ended")
    with pytest.raises(ValidationFailed) as exc:
        move(campaign, world.manager, "evaluated", assessment="ngắn")
    assert "assessment" in exc.value.fields
    campaign.refresh_from_db()
    assert campaign.status == Status.ENDED


def test_a_stale_version_is_a_conflict_and_changes_nothing(
    world: World, planned: Callable[..., Campaign]
) -> None:
    campaign = planned()
    stale = Campaign.objects.get(pk=campaign.pk)
    move(campaign, world.manager, "running")
    with pytest.raises(Conflict) as exc:
        services.campaign_transition(
            campaign=stale,
            actor=world.manager,
            data=TransitionInput(to="cancelled", expected_version=1, reason="Hủy vì trùng lặp"),
        )
    assert "vừa được người khác cập nhật" in exc.value.message
    assert Campaign.objects.get(pk=campaign.pk).status == Status.RUNNING


def test_a_lost_race_at_the_database_is_a_conflict(
    world: World, planned: Callable[..., Campaign]
) -> None:
    campaign = planned()
    # Someone else moved it between our read and our write: same version in memory, not in the row.
    Campaign.objects.filter(pk=campaign.pk).update(version=2)
    with pytest.raises(Conflict):
        move(campaign, world.manager, "running")
    assert Campaign.objects.get(pk=campaign.pk).status == Status.PLANNED


def test_a_target_change_bumps_the_version(world: World, planned: Callable[..., Campaign]) -> None:
    campaign = planned()
    services.target_add(
        campaign=campaign,
        actor=world.manager,
        data=TargetInput("Số buổi họp dân", "buổi", 6),
    )
    assert campaign.version == 2
    with pytest.raises(Conflict):
        services.target_add(
            campaign=campaign,
            actor=world.manager,
            data=TargetInput("Số tờ rơi", "tờ", 500),
            expected_version=1,
        )


def test_participants_and_viewers_cannot_move_or_edit(
    world: World, running: Callable[..., Campaign]
) -> None:
    campaign = running()
    for user in (world.officer_a, world.front_a, world.viewer):
        with pytest.raises(PermissionDenied):
            move(campaign, user, "ended")
        with pytest.raises(PermissionDenied):
            services.campaign_update(
                campaign=campaign,
                actor=user,
                changes=CampaignChanges(title="Tên khác"),
                expected_version=campaign.version,
            )


def test_the_leader_above_the_organiser_manages_it(
    world: World, running: Callable[..., Campaign]
) -> None:
    campaign = running()
    move(campaign, world.leader, "ended")
    assert campaign.status == Status.ENDED


def test_plan_checks_refuse_bad_input_and_write_nothing(world: World) -> None:
    cases = [
        ({"title": " "}, "title"),
        ({"area_ids": []}, "areas"),
        ({"area_ids": [world.other_commune.pk]}, "areas"),
        ({"ends_on": days(-40)}, "ends_on"),
        ({"kind": "propaganda"}, "kind"),
        ({"targets": [TargetInput("Số hộ", "hộ", 5, baseline=10)]}, "targets"),
        ({"targets": [TargetInput("Số hộ", "hộ", "1,234")]}, "targets"),
        ({"targets": [TargetInput("Diện tích", "m²", "12.345")]}, "targets"),
        ({"targets": [TargetInput("Số hộ", "", 5)]}, "targets"),
    ]
    for overrides, field in cases:
        with pytest.raises(ValidationFailed) as exc:
            services.campaign_create(actor=world.manager, data=campaign_input(world, **overrides))
        assert field in exc.value.fields, (overrides, exc.value.fields)
    assert not Campaign.objects.exists() and not Target.objects.exists()


def test_update_changes_the_plan_and_refuses_dropping_a_reporting_unit(
    world: World, running: Callable[..., Campaign]
) -> None:
    campaign = running()
    record(campaign, world.front_a, values=(3,), organization=world.commune_a_front)
    campaign.refresh_from_db()
    services.campaign_update(
        campaign=campaign,
        actor=world.manager,
        changes=CampaignChanges(title="Vận động bàn giao mặt bằng (điều chỉnh)", ends_on=days(90)),
        expected_version=campaign.version,
    )
    campaign.refresh_from_db()
    assert campaign.title.endswith("(điều chỉnh)") and campaign.ends_on == days(90)
    with pytest.raises(ValidationFailed) as exc:
        services.campaign_update(
            campaign=campaign,
            actor=world.manager,
            changes=CampaignChanges(units=[]),
            expected_version=campaign.version,
        )
    assert "units" in exc.value.fields
    assert campaign.units.count() == 2


def test_a_campaign_suspended_before_it_started_gets_its_start_day_when_resumed(
    world: World, planned: Callable[..., Campaign]
) -> None:
    campaign = planned()
    move(campaign, world.manager, "suspended", reason="Chờ kinh phí")
    move(campaign, world.manager, "running", on=days(-2))
    assert campaign.status == Status.RUNNING and campaign.started_on == days(-2)
