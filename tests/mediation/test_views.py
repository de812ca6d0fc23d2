"""The pages: list, receive a case, the case page and its forms, teams, statistics."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from danvan.mediation.models import Case, Member, Team
from danvan.petitions.models import Petition
from tests.mediation.conftest import World, days, today

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    c = Client()
    c.force_login(user)  # type: ignore[arg-type]
    return c


def test_list_and_case_page(world: World, new_case: Callable[..., Case]) -> None:
    case = new_case()
    c = _client(world.officer_a)
    r = c.get(reverse("mediation:cases"))
    assert r.status_code == 200 and case.number in r.content.decode()
    page = c.get(reverse("mediation:case", args=[case.pk])).content.decode()
    assert "Hồ Văn Ái" in page and "Ghi buổi hòa giải" in page
    leader_page = _client(world.leader).get(reverse("mediation:case", args=[case.pk]))
    assert leader_page.status_code == 200
    assert "Hồ Văn Ái" not in leader_page.content.decode()
    assert (
        _client(world.officer_b).get(reverse("mediation:case", args=[case.pk])).status_code == 404
    )


def test_receive_a_case_through_the_form(world: World, team: Team) -> None:
    c = _client(world.officer_a)
    assert c.get(reverse("mediation:case_create")).status_code == 200
    mediator = Member.objects.filter(team=team).first()
    assert mediator is not None
    r = c.post(
        reverse("mediation:case_create"),
        {
            "team": team.pk,
            "received_on": days(-1).isoformat(),
            "source": "party_request",
            "dispute_kind": "family",
            "summary": "Mâu thuẫn mẹ chồng nàng dâu.",
            "mediators": [mediator.pk],
            "party_0_name": "Hồ Thị Nhung",
            "party_0_side": "first",
            "party_1_name": "Hồ Thị Lý",
            "party_1_side": "second",
        },
    )
    case = Case.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("mediation:case", args=[case.pk])
    assert case.parties.count() == 2 and list(case.mediators.all()) == [mediator]
    r = c.post(reverse("mediation:case_create"), {"team": team.pk, "source": "x"})
    assert r.status_code == 400


def test_session_outcome_and_petition_through_the_page(
    world: World, new_case: Callable[..., Case]
) -> None:
    case = new_case(received=-4)
    c = _client(world.officer_a)
    r = c.post(
        reverse("mediation:session_add", args=[case.pk]),
        {"held_on": days(-3).isoformat(), "place": "Nhà văn hóa", "content": "Nghe hai bên."},
    )
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.status == "mediating"
    r = c.post(
        reverse("mediation:case_move", args=[case.pk, "failed"]),
        {"mv-failed-expected_version": case.version, "mv-failed-note": "Không thống nhất."},
    )
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.status == "failed"
    stale = case.version - 1
    r = c.post(
        reverse("mediation:to_petition", args=[case.pk]),
        {"expected_version": stale, "kind": "proposal"},
    )
    assert r.status_code == 409 and Petition.objects.count() == 0
    r = c.post(
        reverse("mediation:to_petition", args=[case.pk]),
        {"expected_version": case.version, "kind": "proposal", "received_on": today().isoformat()},
    )
    assert r.status_code == 302
    case.refresh_from_db()
    petition = Petition.objects.get()
    assert case.petition_id == petition.pk
    page = c.get(reverse("mediation:case", args=[case.pk])).content.decode()
    assert reverse("petitions:detail", args=[petition.pk]) in page
    assert petition.case_number in page


def test_viewer_cannot_post(world: World, new_case: Callable[..., Case]) -> None:
    case = new_case()
    r = _client(world.front_user_a).post(
        reverse("mediation:session_add", args=[case.pk]),
        {"held_on": days(-1).isoformat(), "place": "Nhà", "content": "x"},
    )
    assert r.status_code == 403


def test_team_pages(world: World, team: Team) -> None:
    c = _client(world.officer_a)
    assert team.name in c.get(reverse("mediation:teams")).content.decode()
    page = c.get(reverse("mediation:team", args=[team.pk])).content.decode()
    assert "Hồ Thị Liên" in page and "Bổ sung hòa giải viên" in page
    r = c.post(
        reverse("mediation:member_add", args=[team.pk]),
        {
            "full_name": "Căn Thị Hoa",
            "role": "mediator",
            "gender": "female",
            "ethnicity": "Pa Kô",
            "from_on": days(-1).isoformat(),
        },
    )
    assert r.status_code == 302
    assert Member.objects.filter(team=team, full_name="Căn Thị Hoa", ethnicity="Pa Kô").exists()
    assert c.get(reverse("mediation:team_create")).status_code == 200
    r = c.post(
        reverse("mediation:team_create"),
        {
            "organization": world.org_a.pk,
            "name": "Tổ hòa giải thôn Ba Ngào",
            "residential_area": "Thôn Ba Ngào",
        },
    )
    assert r.status_code == 302
    assert _client(world.outsider).get(reverse("mediation:team", args=[team.pk])).status_code == 404


def test_statistics_page(world: World, failed_case: Case) -> None:
    r = _client(world.leader).get(reverse("mediation:statistics"))
    body = r.content.decode()
    assert r.status_code == 200 and world.org_a.name in body
