"""Lead and coordinating agencies: parts with deadlines on the agency's board, done by it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from danvan.core.errors import ValidationFailed
from danvan.core.models import Obligation
from danvan.petitions.services import petition_agency_set, petition_register
from danvan.petitions.statistics import petition_statistics
from tests.petitions.conftest import World, petition_input


def test_coordinating_agency_sees_the_case_and_closes_its_part_from_the_case_page(
    world: World,
) -> None:
    petition = petition_register(actor=world.officer, data=petition_input())
    due = timezone.localdate() + dt.timedelta(days=10)
    with pytest.raises(ValidationFailed) as error:
        petition_agency_set(
            petition=petition,
            actor=world.officer,
            organization=world.commune_a_org,
            role="coordinating",
            part="Xác minh hiện trạng",
            assignee=world.officer_b,
            due=due,
        )
    assert "assignee" in error.value.fields  # not staff of the agency
    petition_agency_set(
        petition=petition,
        actor=world.officer,
        organization=world.commune_a_org,
        role="coordinating",
        part="Xác minh hiện trạng sử dụng đất",
        assignee=world.officer_a,
        due=due,
    )
    part = Obligation.objects.get(target_id=petition.pk, key=f"agency:{world.commune_a_org.pk}")
    assert (part.organization_id, part.assignee_id, part.due, part.status) == (
        world.commune_a_org.pk,
        world.officer_a.pk,
        due,
        "open",
    )

    outsider = Client()
    outsider.force_login(world.officer_b)
    url = f"/don-thu/{petition.pk}/co-quan/{world.commune_a_org.pk}/hoan-thanh/"
    assert outsider.post(url).status_code == 404

    agency = Client()
    agency.force_login(world.officer_a)
    page = agency.get(f"/don-thu/{petition.pk}/")
    assert page.status_code == 200 and "Ghi nhận hoàn thành" in page.content.decode()
    assert agency.post(url).status_code == 302
    part.refresh_from_db()
    assert (part.status, part.completed_on) == ("done", timezone.localdate())
    again = agency.post(url, follow=True)
    assert "đã được ghi nhận hoàn thành" in again.content.decode()


def test_a_transfer_between_two_visible_organisations_counts_once(world: World) -> None:
    from danvan.petitions.inputs import TransitionInput
    from danvan.petitions.services import petition_transition

    petition = petition_register(actor=world.officer, data=petition_input())
    petition_transition(
        petition=petition,
        actor=world.officer,
        data=TransitionInput(
            to="triaged",
            outcome="transfer",
            transfer_to="19001-UBND",
            reason="Thuộc thẩm quyền xã",
            on=dt.date(2026, 3, 4),
            expected_version=petition.version,
        ),
    )
    stats = petition_statistics(
        user=world.leader, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)
    )
    assert (stats.received, stats.transferred_out) == (1, 1)
    commune = petition_statistics(
        user=world.officer_a, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)
    )
    assert commune.received == 1  # the commune counts the case it received
