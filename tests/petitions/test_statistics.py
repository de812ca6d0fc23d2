"""Statistics: duplicates counted once, on-time resolution from the registry, satisfaction,
scope, and the page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client

from danvan.petitions.inputs import TransitionInput
from danvan.petitions.models import Petition
from danvan.petitions.services import petition_mark_duplicate, petition_register
from danvan.petitions.services import petition_transition as transition
from danvan.petitions.statistics import petition_statistics
from tests.petitions.conftest import World, petition_input

D = dt.date


def _move(p: Petition, actor: Any, to: str, on: dt.date, **extra: Any) -> Petition:
    return transition(
        petition=p,
        actor=actor,
        data=TransitionInput(to=to, on=on, reason="Lý do", expected_version=p.version, **extra),
    )


def _resolve(p: Petition, actor: Any, resolved_on: dt.date, satisfaction: str) -> Petition:
    p = _move(p, actor, "triaged", D(2026, 3, 3), outcome="accept")
    p = _move(p, actor, "accepted", D(2026, 3, 10))  # resolution due 9/4/2026
    p = _move(
        p,
        actor,
        "resolved",
        resolved_on,
        decision_number="01/QĐ",
        result_summary="Giải quyết xong nội dung khiếu nại.",
    )
    return _move(
        p, actor, "closed", resolved_on, satisfaction=satisfaction, satisfaction_channel="phone"
    )


def test_statistics_count_duplicates_once_and_measure_on_time_and_satisfaction(
    world: World,
) -> None:
    on_time = _resolve(
        petition_register(actor=world.officer_a, data=petition_input()),
        world.officer_a,
        D(2026, 4, 1),
        "satisfied",
    )
    late = _resolve(
        petition_register(actor=world.officer_a, data=petition_input()),
        world.officer_a,
        D(2026, 4, 20),
        "unsatisfied",
    )
    again = petition_register(actor=world.officer_a, data=petition_input())
    petition_mark_duplicate(
        petition=again, actor=world.officer_a, duplicate_of=on_time, expected_version=again.version
    )
    petition_register(actor=world.officer_b, data=petition_input(area_code="19002"))

    stats = petition_statistics(
        user=world.officer_a, start=D(2026, 1, 1), end=D(2026, 12, 31), today=D(2026, 5, 1)
    )

    assert (stats.received, stats.duplicates) == (2, 1)
    assert (stats.resolved, stats.resolved_on_time, stats.resolved_on_time_pct) == (2, 1, 50.0)
    assert dict((code, n) for code, _l, n in stats.satisfaction) == {
        "satisfied": 1,
        "partly": 0,
        "unsatisfied": 1,
    }
    assert stats.satisfied_pct == 50.0
    assert dict((code, n) for code, _l, n in stats.by_status)["closed"] == 2
    assert stats.by_topic[0][0] == "dat_dai" and stats.by_topic[0][2] == 2
    province = petition_statistics(user=world.leader, start=D(2026, 1, 1), end=D(2026, 12, 31))
    assert province.received == 3  # the leader sees commune B too
    assert late.pk != on_time.pk


def test_statistics_page_renders_for_an_officer(world: World) -> None:
    petition_register(actor=world.officer_a, data=petition_input())
    client = Client()
    client.force_login(world.officer_a)
    page = client.get("/don-thu/thong-ke/", {"start": "01/01/2026", "end": "31/12/2026"})
    assert page.status_code == 200
    assert "Thống kê đơn thư" in page.content.decode()
    bad = client.get("/don-thu/thong-ke/", {"start": "31/12/2026", "end": "01/01/2026"})
    assert "Ngày kết thúc không được trước ngày bắt đầu." in bad.content.decode()
