"""Bodies named by a supervision or an inspection (supervised, addressed, inspected, supporting)
come from the provinces where the user works: another province's body is neither offered by
the pages nor accepted by the services."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse

from danvan.core.errors import ValidationFailed
from danvan.oversight import selectors, services
from danvan.oversight.inputs import ConclusionItemInput
from danvan.oversight.models import Inspection, Recommendation, Supervision
from tests.oversight.conftest import World, days, inspection_in_progress, plan_supervision

pytestmark = pytest.mark.django_db


def test_partners_are_the_bodies_of_the_users_province(world: World) -> None:
    ids = selectors.partner_organization_ids(world.front_user)
    assert ids is not None
    assert {world.ubnd.pk, world.commune_a.pk, world.commune_b.pk, world.btgdv.pk} <= ids
    assert world.other_front.pk not in ids


def test_front_cannot_supervise_a_body_of_another_province(world: World) -> None:
    with pytest.raises(ValidationFailed) as exc:
        plan_supervision(world, supervised_ids=[world.ubnd.pk, world.other_front.pk])
    assert "supervised" in exc.value.fields
    assert not Supervision.objects.exists()


def test_front_cannot_address_a_recommendation_to_another_province(world: World) -> None:
    s = plan_supervision(world)
    s = services.supervision_transition(
        supervision=s, actor=world.front_user, to="in_progress", expected_version=s.version
    )
    with pytest.raises(ValidationFailed) as exc:
        services.recommendation_add(
            supervision=s,
            actor=world.front_user,
            addressee_id=world.other_front.pk,
            content="Đề nghị công khai phương án bồi thường.",
        )
    assert "addressee" in exc.value.fields
    assert not Recommendation.objects.exists()


def test_inspector_cannot_inspect_a_unit_of_another_province(world: World) -> None:
    from tests.oversight.conftest import plan_inspection

    with pytest.raises(ValidationFailed) as exc:
        plan_inspection(world, inspected_ids=[world.commune_a.pk, world.other_front.pk])
    assert "inspected" in exc.value.fields
    assert not Inspection.objects.exists()


def test_a_supporting_unit_of_another_province_refuses_the_conclusion(world: World) -> None:
    i = inspection_in_progress(world)
    with pytest.raises(ValidationFailed):
        services.inspection_transition(
            inspection=i,
            actor=world.btgdv_leader,
            to="concluded",
            expected_version=i.version,
            conclusion="Cơ bản thực hiện tốt.",
            items=[
                ConclusionItemInput(
                    content="Rà soát quy chế dân chủ.",
                    lead_id=world.commune_a.pk,
                    due=days(30),
                    supporting_ids=[world.other_front.pk],
                )
            ],
        )
    assert Inspection.objects.get(pk=i.pk).status == "in_progress"


def test_the_forms_do_not_offer_another_provinces_bodies(client: Client, world: World) -> None:
    client.force_login(world.front_user)
    page = client.get(reverse("oversight:supervision_create")).content.decode()
    assert world.ubnd.name in page
    assert world.other_front.name not in page
    client.force_login(world.btgdv_leader)
    page = client.get(reverse("oversight:inspection_create")).content.decode()
    assert world.commune_a.name in page
    assert world.other_front.name not in page


def test_a_draft_recommendation_does_not_open_the_supervision_to_its_addressee(
    world: World,
) -> None:
    # Commune B is neither supervising nor supervised: a draft to it is not yet its business.
    s = plan_supervision(world, supervised_ids=[world.commune_a.pk])
    s = services.supervision_transition(
        supervision=s, actor=world.front_user, to="in_progress", expected_version=s.version
    )
    services.finding_add(supervision=s, actor=world.front_user, content="Chưa công khai.")
    services.recommendation_add(
        supervision=s,
        actor=world.front_user,
        addressee_id=world.commune_b.pk,
        content="Đề nghị công khai phương án bồi thường.",
    )
    assert s not in set(selectors.supervision_list(user=world.commune_b_officer))
    with pytest.raises(Http404):
        selectors.supervision_get(user=world.commune_b_officer, pk=s.pk)
    s.refresh_from_db()
    s = services.supervision_transition(
        supervision=s, actor=world.front_user, to="findings_reported", expected_version=s.version
    )
    services.supervision_transition(
        supervision=s,
        actor=world.front_user,
        to="recommendations_sent",
        expected_version=s.version,
    )
    assert selectors.supervision_get(user=world.commune_b_officer, pk=s.pk) == s
