"""The organisation pages and /api/v1/organizations."""

from __future__ import annotations

import pytest
from django.test import Client

from danvan.core.models import Role
from tests.core.test_units_support import (
    load_2025,
    load_2026,
    make_member,
    make_org,
    make_superuser,
    url,
)

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.test_units_support")]


@pytest.fixture
def tree() -> None:
    load_2025()
    load_2026()
    make_org("10-UBND", level="province", area="10", name="Ủy ban nhân dân tỉnh Hòa Sơn")
    make_org(
        "10-TTRA",
        level="province",
        area="10",
        parent="10-UBND",
        kind="thanh_tra",
        name="Thanh tra tỉnh Hòa Sơn",
    )
    make_org(
        "10001-UBND",
        level="commune",
        area="10001",
        parent="10-UBND",
        name="Ủy ban nhân dân xã Hòa An",
    )
    make_org("20-UBND", level="province", area="20", name="Ủy ban nhân dân thành phố Đông Phong")


@pytest.fixture
def province_client(client: Client, tree: None) -> Client:
    from danvan.core.models import Organization

    client.force_login(make_member("canbo", Organization.objects.get(code="10-UBND"), Role.OFFICER))
    return client


def test_anonymous_visitor_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(url("core:orgs"))

    assert response.status_code == 302


def test_officer_lists_the_organisations_of_their_scope(province_client: Client) -> None:
    response = province_client.get(url("core:orgs"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Thanh tra tỉnh Hòa Sơn" in body and "Ủy ban nhân dân xã Hòa An" in body
    assert "Đông Phong" not in body


def test_htmx_search_returns_the_results_fragment(province_client: Client) -> None:
    response = province_client.get(url("core:orgs"), {"q": "thanh tra"}, HTTP_HX_REQUEST="true")

    body = response.content.decode()
    assert "Thanh tra tỉnh Hòa Sơn" in body
    assert "Ủy ban nhân dân xã Hòa An" not in body
    assert "<form" not in body


def test_detail_shows_area_parent_and_children(province_client: Client) -> None:
    response = province_client.get(url("core:org_detail", code="10-UBND"))

    body = response.content.decode()
    assert "Tỉnh Hòa Sơn" in body
    assert url("core:org_detail", code="10-TTRA") in body
    assert url("core:org_detail", code="10001-UBND") in body


def test_organisation_outside_the_scope_looks_missing(province_client: Client) -> None:
    assert province_client.get(url("core:org_detail", code="20-UBND")).status_code == 404
    assert province_client.get(url("core:org_detail", code="KHONG-CO")).status_code == 404


def test_api_list_is_scoped_paginated_and_carries_area_and_parent(
    province_client: Client,
) -> None:
    data = province_client.get("/api/v1/organizations", {"limit": 2}).json()

    assert (data["count"], data["limit"], len(data["items"])) == (3, 2, 2)
    first = data["items"][0]
    assert (first["code"], first["level"], first["area"]["code"]) == ("10-TTRA", "province", "10")
    assert first["parent"]["code"] == "10-UBND"
    assert province_client.get("/api/v1/organizations", {"limit": 0}).status_code == 422


def test_api_detail_and_404_outside_scope(province_client: Client) -> None:
    detail = province_client.get("/api/v1/organizations/10-UBND")
    hidden = province_client.get("/api/v1/organizations/20-UBND")

    assert detail.status_code == 200
    assert [c["code"] for c in detail.json()["children"]] == ["10-TTRA", "10001-UBND"]
    assert hidden.status_code == 404
    assert hidden.json()["error"]["code"] == "not_found"


def test_api_superuser_sees_every_organisation_and_filters_by_level(
    client: Client, tree: None
) -> None:
    client.force_login(make_superuser())

    data = client.get("/api/v1/organizations", {"level": "province"}).json()

    assert [i["code"] for i in data["items"]] == ["10-TTRA", "10-UBND", "20-UBND"]
    assert data["items"][2]["area"]["full_name"] == "Thành phố Đông Phong"
