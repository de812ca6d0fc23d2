"""The demo campaigns: the seed articles' campaigns in every state, the Tiến Lợi hand-over met
over several activities, idempotent."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test.utils import override_settings

from danvan.campaigns import selectors
from danvan.campaigns.demo import demo_campaigns_load
from danvan.campaigns.models import Activity, ActivityFile, Campaign
from danvan.core.models import Task

pytestmark = pytest.mark.django_db
LOADED: dict[str, Any] = {}


@pytest.fixture(scope="module", autouse=True)
def demo(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    from danvan.core.services.demo import demo_data_load
    from danvan.core.services.reference import reference_data_load

    with (
        override_settings(
            MEDIA_ROOT=tmp_path_factory.mktemp("media"),
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        reference_data_load()
        demo_data_load()
        LOADED["first"] = demo_campaigns_load()
        LOADED["counts"] = (Campaign.objects.count(), Activity.objects.count())
        LOADED["second"] = demo_campaigns_load()
        LOADED["after"] = (Campaign.objects.count(), Activity.objects.count())
        yield
        transaction.set_rollback(True)


def test_every_campaign_is_created_once() -> None:
    assert LOADED["first"]["campaigns"] == 7 == LOADED["counts"][0]
    assert LOADED["first"]["activities"] == LOADED["counts"][1] >= 20
    assert LOADED["second"] == {} and LOADED["after"] == LOADED["counts"]


def test_every_state_and_province_is_shown() -> None:
    statuses = set(Campaign.objects.values_list("status", flat=True))
    assert statuses == {"planned", "running", "ended", "evaluated"}
    organisers = set(Campaign.objects.values_list("organization__code", flat=True))
    assert organisers == {"68-BQLDA", "52-UBND", "19-UBND", "44-UBND", "19564-UBND"}


def test_the_tien_loi_hand_over_met_every_target_over_time() -> None:
    campaign = Campaign.objects.get(title__contains="Tiến Lợi")
    assert campaign.organization.code == "68-BQLDA" and campaign.status == "evaluated"
    assert list(campaign.areas.values_list("code", flat=True)) == ["22945"]
    progress = selectors.targets_progress([campaign.pk])[campaign.pk]
    assert [(p.unit, p.achieved) for p in progress][:2] == [("hộ", 45), ("m²", 12500)]
    assert all(p.met for p in progress) and all(s["met"] for s in campaign.evaluation_snapshot)
    assert campaign.activities.count() >= 4
    assert ActivityFile.objects.filter(activity__campaign=campaign).exists()
    assert Task.objects.filter(target_type="campaigns.campaign", target_id=campaign.pk).exists()


def test_the_quang_tri_new_countryside_campaign_runs_with_front_reports() -> None:
    campaign = Campaign.objects.get(title__contains="nông thôn mới")
    assert campaign.status == "running"
    assert set(campaign.areas.values_list("code", flat=True)) >= {"19564"}
    assert campaign.activities.filter(organization__code="44-MTTQ").exists()
    assert campaign.activities.filter(organization__code="19564-UBND").exists()
