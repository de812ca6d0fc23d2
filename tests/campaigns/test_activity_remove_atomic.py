"""Withdrawing an activity is all or nothing: its evidence files are deleted from storage only
once the database change is committed, so a failure leaves the activity with its files."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from danvan.campaigns import services
from danvan.campaigns.models import Activity, ActivityFile, Campaign
from danvan.core.files import UploadedFileInput
from tests.campaigns.conftest import World, record

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.django_db(transaction=True)
def test_a_failed_withdrawal_keeps_the_activity_and_its_evidence_file(
    world: World, running: Callable[..., Campaign], monkeypatch: pytest.MonkeyPatch
) -> None:
    campaign = running()
    activity = record(
        campaign,
        world.officer_a,
        values=(2,),
        files=[UploadedFileInput(name="bien-ban.pdf", data=PDF)],
    )
    evidence = ActivityFile.objects.get(activity=activity)
    storage, name, pk = evidence.file.storage, evidence.file.name, activity.pk

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("timeline unavailable")

    monkeypatch.setattr(services, "_event", broken)
    with pytest.raises(RuntimeError):
        services.activity_remove(activity=activity, actor=world.officer_a, reason="Ghi nhầm số hộ")
    assert Activity.objects.filter(pk=pk).exists()
    assert storage.exists(name)


@pytest.mark.django_db(transaction=True)
def test_a_withdrawal_deletes_the_evidence_file_after_commit(
    world: World, running: Callable[..., Campaign]
) -> None:
    campaign = running()
    activity = record(
        campaign,
        world.officer_a,
        values=(2,),
        files=[UploadedFileInput(name="bien-ban.pdf", data=PDF)],
    )
    evidence = ActivityFile.objects.get(activity=activity)
    storage, name = evidence.file.storage, evidence.file.name
    services.activity_remove(activity=activity, actor=world.officer_a, reason="Ghi nhầm số hộ")
    assert not Activity.objects.filter(pk=activity.pk).exists()
    assert not storage.exists(name)
