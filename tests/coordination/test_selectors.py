"""Scoping and search of the coordination reads; query counts of the lists."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.http import Http404

from danvan.coordination import selectors
from danvan.coordination.models import DocumentObligation, LegalDocument
from tests.coordination.conftest import World

pytestmark = pytest.mark.django_db


def test_search_is_folded_on_reference_title_and_issuer(
    world: World, register: Callable[..., LegalDocument]
) -> None:
    register(
        reference="25-NQ/TW",
        title="Nghị quyết về công tác dân vận",
        kind="resolution",
        issuer_name="Ban Chấp hành Trung ương Đảng",
    )
    register(
        reference="755-CV/TU",
        title="Công văn nắm tình hình",
        kind="letter",
        issuer_name="Tỉnh ủy Bình Thuận",
    )

    def refs(**kw: Any) -> list[str]:
        filters = selectors.DocumentFilters(**kw)
        return [d.reference for d in selectors.document_list(user=world.officer, filters=filters)]

    assert refs(q="cong tac dan van") == ["25-NQ/TW"]
    assert refs(q="755-cv") == ["755-CV/TU"]
    assert refs(q="NGHỊ QUYẾT") == ["25-NQ/TW"]
    assert refs(issuer="binh thuan") == ["755-CV/TU"]
    assert refs(kind="letter") == ["755-CV/TU"]
    assert len(refs()) == 2


def test_other_province_cannot_see_documents(
    world: World, register: Callable[..., LegalDocument]
) -> None:
    document = register()
    assert list(selectors.document_list(user=world.outsider)) == []
    with pytest.raises(Http404):
        selectors.document_get(user=world.outsider, pk=document.pk)


def test_lead_unit_sees_the_document_of_its_obligation(
    world: World,
    register: Callable[..., LegalDocument],
    oblige: Callable[..., DocumentObligation],
) -> None:
    document = register()
    assert list(selectors.document_list(user=world.ca_officer)) == []
    oblige(document, actor=world.leader, lead=world.ca)
    assert selectors.document_get(user=world.ca_officer, pk=document.pk) == document


def test_document_list_query_count_is_flat(
    world: World, register: Callable[..., LegalDocument], django_assert_max_num_queries: Any
) -> None:
    for n in range(12):
        register(reference=f"{n + 1}-CT/UBND")
    user = world.officer
    selectors.document_years(user=user)  # compute the scope once (cached on the user)
    with django_assert_max_num_queries(2):
        rows = list(selectors.document_list(user=user))
        assert [r.organization.name for r in rows]
    assert len(rows) == 12


def test_plan_and_programme_lists_query_counts(
    world: World, django_assert_max_num_queries: Any
) -> None:
    from danvan.coordination import services
    from tests.coordination.test_services_programmes_plans import programme

    for _n in range(3):
        p = programme(world)
        services.plan_prefill_from_programme(actor=world.leader, programme=p, year=2027)
    user = world.leader
    list(selectors.document_list(user=user))
    with django_assert_max_num_queries(3):
        programmes = list(selectors.programme_list(user=user))
        assert [x.organization.name for p in programmes for x in p.parties.all()]
    with django_assert_max_num_queries(2):
        plans = list(selectors.plan_list(user=user))
        assert [p.organization.name for p in plans]
    assert len(plans) == 3 and len(programmes) == 3
    # A party of the programme sees it; another province does not.
    assert len(list(selectors.programme_list(user=world.ca_officer))) == 3
    assert list(selectors.programme_list(user=world.outsider)) == []


def test_document_obligations_read_in_bounded_queries(
    world: World,
    register: Callable[..., LegalDocument],
    oblige: Callable[..., DocumentObligation],
    django_assert_max_num_queries: Any,
) -> None:
    document = register()
    for n in range(6):
        oblige(document, content=f"Nhiệm vụ số {n + 1}")
    with django_assert_max_num_queries(3):
        rows, summary = selectors.document_obligations(document=document)
        assert all(r.supports for r in rows)
    assert summary.total == 6


def test_task_link_of_an_obligation_points_to_the_coordination_page(
    world: World,
    register: Callable[..., LegalDocument],
    oblige: Callable[..., DocumentObligation],
) -> None:
    from danvan.core.selectors.tasks import task_target_url

    obligation = oblige(register())
    assert obligation.task is not None
    assert task_target_url(obligation.task) == f"/van-ban/nhiem-vu/{obligation.pk}/"
