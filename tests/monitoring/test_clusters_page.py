"""The near-duplicate petitions page (/nam-tinh-hinh/nhom-don-trung/): who sees which groups,
the filters, the link to a new issue report, and what the page costs in queries."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danvan.monitoring.selectors.clusters import ClusterFilters, petition_clusters
from danvan.monitoring.views.clusters import report_url
from danvan.petitions.inputs import PersonInput, PetitionInput
from danvan.petitions.models import Petition
from danvan.petitions.services import petition_register
from danvan.text import fold
from tests.monitoring.conftest import MonitoringWorld, today

WAGES = (
    "Tôi tên là Nguyễn Văn Hùng, trú tại thôn Đông, xã An. Công ty TNHH Hải Phong nợ lương tôi "
    "3 tháng với số tiền 15.000.000 đồng. Tôi đã nhiều lần đề nghị nhưng công ty không trả. Đề "
    "nghị Ủy ban nhân dân xã xem xét, yêu cầu công ty trả đủ tiền lương cho tôi."
)
OTHER_PERSON = WAGES.replace("Nguyễn Văn Hùng", "Trần Thị Bình")
ROAD = (
    "Đường liên thôn Đông – Tây xã Bình bị xe chở đá cày nát, mùa mưa ngập sâu, học sinh không "
    "đi học được. Đề nghị xã sửa chữa, cấm xe quá tải."
)

URL = "/nam-tinh-hinh/nhom-don-trung/"


def register(
    mw: MonitoringWorld, content: str, *, commune: str = "a", ago: int = 3, topic: str = "lao_dong"
) -> Petition:
    actor = mw.officer_a if commune == "a" else mw.officer_b
    code = mw.commune_a.code if commune == "a" else mw.commune_b.code
    data = PetitionInput(
        kind="proposal",
        channel="in_person",
        received_on=today() - dt.timedelta(days=ago),
        content=content,
        area_code=code,
        topic=topic,
        petitioners=[PersonInput(full_name="Người Gửi")],
    )
    return petition_register(actor=actor, data=data)


@pytest.fixture
def petitions(mw: MonitoringWorld) -> dict[str, Any]:
    first = register(mw, WAGES, ago=10)
    copy = register(mw, fold(WAGES), ago=5)
    resent = register(
        mw, "Kính gửi UBND xã An. " + WAGES + " Đây là lần thứ hai tôi gửi đơn.", ago=1
    )
    other = register(mw, OTHER_PERSON, ago=4)
    road_b = register(mw, ROAD, commune="b", ago=6, topic="xay_dung_ha_tang")
    road_b2 = register(mw, ROAD.upper(), commune="b", ago=2, topic="xay_dung_ha_tang")
    old = register(mw, WAGES, ago=200)
    return {
        "wages": [first, copy, resent],
        "other": other,
        "road": [road_b, road_b2],
        "old": old,
    }


def ids(result: Any) -> list[list[int]]:
    return [c.petition_ids for c in result.clusters]


@pytest.mark.django_db
def test_province_officer_sees_groups_of_the_same_case_biggest_first(
    mw: MonitoringWorld, petitions: dict[str, Any]
) -> None:
    result = petition_clusters(user=mw.officer, filters=ClusterFilters())
    wages = [p.pk for p in petitions["wages"]]
    road = [p.pk for p in petitions["road"]]
    assert ids(result) == [wages, road]  # oldest first inside a group
    assert result.groups == 2
    assert result.scanned == 6  # the petition of 200 days ago is outside the window
    assert not result.truncated


@pytest.mark.django_db
def test_commune_officer_sees_only_groups_of_the_petitions_they_may_see(
    mw: MonitoringWorld, petitions: dict[str, Any]
) -> None:
    assert ids(petition_clusters(user=mw.officer_a)) == [[p.pk for p in petitions["wages"]]]
    assert ids(petition_clusters(user=mw.officer_b)) == [[p.pk for p in petitions["road"]]]
    assert ids(petition_clusters(user=mw.outsider)) == []


@pytest.mark.django_db
def test_filters_by_area_topic_and_window(mw: MonitoringWorld, petitions: dict[str, Any]) -> None:
    road = [[p.pk for p in petitions["road"]]]
    assert (
        ids(petition_clusters(user=mw.officer, filters=ClusterFilters(area_code=mw.commune_b.code)))
        == road
    )
    assert (
        ids(petition_clusters(user=mw.officer, filters=ClusterFilters(topic="xay_dung_ha_tang")))
        == road
    )
    assert ids(petition_clusters(user=mw.officer, filters=ClusterFilters(days=3))) == []
    with_old = petition_clusters(user=mw.officer, filters=ClusterFilters(days=365))
    assert petitions["old"].pk in with_old.clusters[0].petition_ids


@pytest.mark.django_db
def test_page_lists_groups_with_their_petitions_and_a_report_link(
    client: Client, mw: MonitoringWorld, petitions: dict[str, Any]
) -> None:
    assert reverse("monitoring:clusters") == URL
    client.force_login(mw.officer)
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    first = petitions["wages"][0]
    assert first.case_number in body
    assert reverse("petitions:detail", args=[first.pk]) in body
    assert "Lập báo cáo vấn đề từ nhóm này" in body
    assert petitions["other"].case_number not in body  # another person: not a duplicate
    link = response.context["groups"][0]["report_url"]
    query = parse_qs(urlparse(link).query)
    assert query["petitions"] == [",".join(str(p.pk) for p in petitions["wages"])]


@pytest.mark.django_db
def test_page_requires_login_and_refuses_bad_filters(
    client: Client, mw: MonitoringWorld, petitions: dict[str, Any]
) -> None:
    assert client.get(URL).status_code == 302
    client.force_login(mw.officer)
    assert client.get(URL, {"days": "0"}).status_code == 400
    assert client.get(URL, {"days": "99999"}).status_code == 400
    assert client.get(URL, {"topic": "khong-co"}).status_code == 400
    filtered = client.get(URL, {"area": mw.commune_b.code, "days": "30"})
    assert filtered.status_code == 200
    assert petitions["road"][0].case_number in filtered.content.decode()
    assert petitions["wages"][0].case_number not in filtered.content.decode()


@pytest.mark.django_db
def test_empty_scope_shows_an_empty_state(client: Client, mw: MonitoringWorld) -> None:
    client.force_login(mw.outsider)
    response = client.get(URL)
    assert response.status_code == 200
    assert 'id="cluster-empty"' in response.content.decode()


@pytest.mark.django_db
def test_a_reload_is_served_from_the_cache_in_a_bounded_number_of_queries(
    client: Client, mw: MonitoringWorld, petitions: dict[str, Any]
) -> None:
    client.force_login(mw.officer)
    client.get(URL)
    with CaptureQueriesContext(connection) as first_time:
        client.get(URL)
    register(mw, fold(ROAD), commune="b", ago=1, topic="xay_dung_ha_tang")
    with CaptureQueriesContext(connection) as after_change:
        response = client.get(URL)
    assert len(first_time) <= 12
    assert len(after_change) <= 14
    assert len(response.context["groups"][1]["cluster"].members) == 3  # the new copy joined


def test_report_link_carries_at_most_fifty_petitions() -> None:
    url = report_url(list(range(1, 80)))
    assert url.startswith("/nam-tinh-hinh/van-de/moi/?petitions=")
    assert parse_qs(urlparse(url).query)["petitions"][0].split(",") == [
        str(i) for i in range(1, 51)
    ]
