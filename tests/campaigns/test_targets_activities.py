"""Targets and activities: the achieved values are derived from the recorded results (checked
here against figures computed independently), activities' checks, evidence files through the
core file checks, withdrawing an activity, follow-up tasks."""

from __future__ import annotations

import random
from collections.abc import Callable
from decimal import Decimal

import pytest

from danvan.campaigns import selectors, services
from danvan.campaigns.inputs import ActivityInput, FollowUpInput, ResultInput, TransitionInput
from danvan.campaigns.models import Activity, ActivityFile, ActivityResult, Campaign
from danvan.core.errors import PermissionDenied, ValidationFailed
from danvan.core.files import UploadedFileInput
from danvan.core.models import Task, TaskSupport
from tests.campaigns.conftest import World, days, record

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_achieved_values_follow_the_recorded_results(
    world: World, running: Callable[..., Campaign]
) -> None:
    campaign = running()
    record(campaign, world.manager, values=(8, None, 55), on=days(-15))
    record(campaign, world.officer_a, values=(12, "3400", 72), on=days(-10))
    record(campaign, world.front_a, values=(15, "4800.5", 90), on=days(-5))
    hh, area, share = selectors.targets_progress([campaign.pk])[campaign.pk]
    assert (hh.achieved, hh.percent, hh.met) == (Decimal("35.00"), 78, False)  # 35/45
    assert (area.achieved, area.percent) == (Decimal("8200.50"), 66)  # 8200.5/12500
    # Latest measurement: 90 %, from a baseline of 40 to a target of 100 -> 50/60.
    assert (share.achieved, share.percent, share.met) == (Decimal("90.00"), 83, False)
    done = selectors.completion_of([hh, area, share])
    assert (done.met, done.total, done.rate, done.mean_percent) == (0, 3, 0, 76)


def test_target_maths_match_an_independent_computation(
    world: World, running: Callable[..., Campaign]
) -> None:
    """Random results against every target; recomputed here from the raw rows."""
    campaign = running()
    rng = random.Random(7)
    recorded: list[tuple[int, int, tuple[Decimal | None, ...]]] = []
    for _i in range(12):
        values = tuple(
            None if rng.random() < 0.3 else Decimal(rng.randint(0, 900)) / 4 for _ in range(3)
        )
        day_back = rng.randint(1, 19)
        activity = record(campaign, world.manager, values=values, on=days(-day_back))
        recorded.append((day_back, activity.pk, values))
    baselines = (Decimal(0), Decimal(0), Decimal(40))
    targets = (Decimal(45), Decimal(12500), Decimal(100))
    expected_sum = [
        baselines[k] + sum((v[k] for _d, _i, v in recorded if v[k] is not None), Decimal(0))
        for k in range(2)
    ]
    # Latest = most recent date, then the later recording on the same day.
    measured = [(d, i, v[2]) for d, i, v in recorded if v[2] is not None]
    latest = min(measured, key=lambda row: (row[0], -row[1]))[2] if measured else baselines[2]
    got = selectors.targets_progress([campaign.pk])[campaign.pk]
    assert [g.achieved for g in got] == [
        expected_sum[0].quantize(Decimal("0.01")),
        expected_sum[1].quantize(Decimal("0.01")),
        Decimal(latest).quantize(Decimal("0.01")),
    ]
    for g, base, goal, achieved in zip(
        got, baselines, targets, [*expected_sum, Decimal(latest)], strict=True
    ):
        ratio = (achieved - base) / (goal - base) * 100
        expected_percent = max(
            0, min(100, int(ratio.quantize(Decimal(1), rounding="ROUND_HALF_UP")))
        )
        assert g.percent == expected_percent
        assert g.met == (achieved >= goal)


def test_a_campaign_meeting_every_target_is_complete(
    world: World, running: Callable[..., Campaign]
) -> None:
    campaign = running()
    record(campaign, world.manager, values=(20, 6000, 70))
    record(campaign, world.manager, values=(25, 6500, 100))
    progress = selectors.targets_progress([campaign.pk])[campaign.pk]
    assert [p.percent for p in progress] == [100, 100, 100] and all(p.met for p in progress)
    assert selectors.completion_of(progress).rate == 100


def test_activity_checks_refuse_bad_input_and_write_nothing(
    world: World, running: Callable[..., Campaign]
) -> None:
    campaign = running()
    target = campaign.targets.order_by("position").first()
    assert target is not None

    def data(**kw: object) -> ActivityInput:
        values: dict[str, object] = {
            "date": days(-1),
            "kind": "meeting",
            "area_id": world.commune_a.pk,
            "description": "Họp dân",
            "results": [ResultInput(target.pk, 3)],
        }
        values.update(kw)
        return ActivityInput(**values)  # type: ignore[arg-type]

    cases = [
        (data(date=days(1)), "date"),
        (data(date=days(-25)), "date"),  # before the campaign started (day -20)
        (data(kind="rally"), "kind"),
        (data(area_id=world.commune_b.pk), "area"),
        (data(description=""), "description"),
        (data(results=[ResultInput(target.pk, -1)]), "results"),
        (data(results=[ResultInput(target.pk, "nhiều")]), "results"),
        (data(results=[ResultInput(target.pk, 1), ResultInput(target.pk, 2)]), "results"),
        (data(results=[ResultInput(999999, 1)]), "results"),
        (data(unit_ids=[world.commune_b_org.pk]), "units"),
        (data(people_reached=-5), "people_reached"),
    ]
    for bad, field in cases:
        with pytest.raises(ValidationFailed) as exc:
            services.activity_record(campaign=campaign, actor=world.manager, data=bad)
        assert field in exc.value.fields, (bad, exc.value.fields)
    assert not Activity.objects.exists() and not ActivityResult.objects.exists()


def test_activities_are_refused_unless_the_campaign_runs(
    world: World, planned: Callable[..., Campaign]
) -> None:
    campaign = planned()
    with pytest.raises(ValidationFailed) as exc:
        record(campaign, world.manager, values=(1,))
    assert exc.value.code == "not_running"


def test_an_activity_ended_meanwhile_is_refused(
    world: World, running: Callable[..., Campaign]
) -> None:
    campaign = running()
    stale = Campaign.objects.get(pk=campaign.pk)
    services.campaign_transition(
        campaign=campaign,
        actor=world.manager,
        data=TransitionInput(to="ended", expected_version=campaign.version),
    )
    with pytest.raises(ValidationFailed) as exc:
        record(stale, world.officer_a, values=(1,))
    assert exc.value.code == "not_running"
    assert not Activity.objects.exists()


def test_evidence_goes_through_the_core_file_checks(
    world: World, running: Callable[..., Campaign]
) -> None:
    campaign = running()
    activity = record(
        campaign,
        world.officer_a,
        values=(2,),
        files=[UploadedFileInput(name="bien-ban.pdf", data=PDF, description="Biên bản")],
    )
    evidence = ActivityFile.objects.get(activity=activity)
    assert evidence.content_type == "application/pdf" and evidence.size == len(PDF)
    assert evidence.file.name.startswith("campaigns/") and "bien-ban" not in evidence.file.name
    # A program renamed as a picture, and an empty file: refused, nothing written.
    with pytest.raises(ValidationFailed) as exc:
        record(
            campaign,
            world.officer_a,
            values=(1,),
            files=[
                UploadedFileInput(name="anh.jpg", data=b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"),
                UploadedFileInput(name="rong.pdf", data=b""),
            ],
        )
    assert "anh.jpg" in exc.value.message and "rong.pdf" in exc.value.message
    assert Activity.objects.count() == 1
    added = services.activity_files_add(
        activity=activity,
        actor=world.officer_a,
        files=[UploadedFileInput(name="ghi-chu.txt", data="Danh sách hộ".encode())],
    )
    assert [f.content_type for f in added] == ["text/plain"]
    with pytest.raises(PermissionDenied):
        services.activity_files_add(
            activity=activity,
            actor=world.officer_b,
            files=[UploadedFileInput(name="x.txt", data=b"x")],
        )


def test_withdrawing_an_activity_takes_its_results_out_of_the_figures(
    world: World, running: Callable[..., Campaign]
) -> None:
    campaign = running()
    keep = record(campaign, world.manager, values=(10,))
    wrong = record(campaign, world.officer_a, values=(30,), organization=world.commune_a_org)
    with pytest.raises(PermissionDenied):
        services.activity_remove(activity=wrong, actor=world.front_a, reason="Ghi nhầm số hộ")
    with pytest.raises(ValidationFailed):
        services.activity_remove(activity=wrong, actor=world.officer_a, reason="")
    services.activity_remove(activity=wrong, actor=world.officer_a, reason="Ghi nhầm số hộ")
    assert list(Activity.objects.values_list("id", flat=True)) == [keep.pk]
    assert selectors.targets_progress([campaign.pk])[campaign.pk][0].achieved == Decimal(10)


def test_a_target_with_results_cannot_be_removed(
    world: World, running: Callable[..., Campaign]
) -> None:
    campaign = running()
    record(campaign, world.manager, values=(1,))
    first = campaign.targets.order_by("position").first()
    last = campaign.targets.order_by("position").last()
    assert first is not None and last is not None
    with pytest.raises(ValidationFailed):
        services.target_remove(target=first, actor=world.manager)
    services.target_remove(target=last, actor=world.manager)
    assert campaign.targets.count() == 2


def test_follow_up_tasks_are_core_tasks_targeting_the_campaign(
    world: World, running: Callable[..., Campaign]
) -> None:
    campaign = running()
    task = services.followup_task_create(
        campaign=campaign,
        actor=world.manager,
        data=FollowUpInput(
            title="Theo dõi bố trí tái định cư cho các hộ đã bàn giao",
            organization_id=world.board.pk,
            due=days(30),
            supporting_ids=[world.commune_a_org.pk],
        ),
    )
    assert (task.target_type, task.target_id) == ("campaigns.campaign", campaign.pk)
    assert list(
        TaskSupport.objects.filter(task=task).values_list("organization__code", flat=True)
    ) == ["22945-UBND"]
    assert [t.pk for t in selectors.campaign_tasks(campaign=campaign)] == [task.pk]
    with pytest.raises(ValidationFailed):
        services.followup_task_create(
            campaign=campaign,
            actor=world.manager,
            data=FollowUpInput(title="Việc", organization_id=world.commune_b_org.pk, due=days(3)),
        )
    with pytest.raises(PermissionDenied):
        services.followup_task_create(
            campaign=campaign,
            actor=world.officer_a,
            data=FollowUpInput(title="Việc", organization_id=None, due=days(3)),
        )
    assert Task.objects.count() == 1
