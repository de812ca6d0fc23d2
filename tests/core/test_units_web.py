"""The administrative unit pages and /api/v1/admin-units, on the small world."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from danvan.core.models import AuditEvent, Role
from danvan.core.selectors.units import admin_unit_on
from tests.core.test_units_support import (
    D2025,
    D2026,
    load_2025,
    load_2026,
    make_member,
    make_org,
    make_superuser,
    make_user,
    url,
)

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.test_units_support")]


@pytest.fixture
def world() -> None:
    load_2025()
    load_2026()


@pytest.fixture
def officer_client(client: Client, world: None) -> Client:
    org = make_org("10-UBND", level="province", area="10")
    client.force_login(make_member("canbo", org, Role.OFFICER))
    return client


@pytest.fixture
def admin_client(world: None) -> Client:
    client = Client()
    org = make_org("10-UBND-QT", level="province", area="10")
    client.force_login(make_member("quantri", org, Role.ADMINISTRATOR))
    return client


# --- Pages ----------------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(url("core:units"))

    assert response.status_code == 302
    assert url("core:login") in response["Location"]


def test_officer_browses_current_units_with_a_folded_search(officer_client: Client) -> None:
    response = officer_client.get(url("core:units"), {"q": "thuy tien"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "Phường Thủy Tiên" in body
    assert "Xã Thủy Tiên" not in body  # the old version only with history
    assert "<html" in body


def test_htmx_search_returns_only_the_results_fragment(officer_client: Client) -> None:
    response = officer_client.get(url("core:units"), {"q": "hoa an"}, HTTP_HX_REQUEST="true")

    body = response.content.decode()
    assert "Xã Hòa An" in body
    assert "<html" not in body and "<form" not in body


def test_history_filter_shows_closed_versions_and_province_filter_narrows(
    officer_client: Client,
) -> None:
    response = officer_client.get(url("core:units"), {"province": "20", "history": "on"})

    body = response.content.decode()
    assert "Xã Tân Lập" in body and "Xã Phú Hòa" in body
    assert "Xã Hòa An" not in body
    assert "hết hiệu lực từ 01/01/2026" in body


def test_units_list_is_paginated_and_page_links_keep_the_filters(
    officer_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("danvan.core.views.units.PAGE_SIZE", 5)

    first = officer_client.get(url("core:units"), {"history": "on"})
    last = officer_client.get(url("core:units"), {"history": "on", "page": 3})

    assert first.context["page"].paginator.count == 12
    assert len(first.context["page"].object_list) == 5
    assert "history=on&amp;page=2" in first.content.decode()
    assert len(last.context["page"].object_list) == 2


def test_detail_shows_parent_children_validity_and_successors(officer_client: Client) -> None:
    old = admin_unit_on(code="20", on=D2025)

    response = officer_client.get(url("core:unit_detail", pk=old.pk))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Tỉnh Đông Phong" in body
    assert "đã hết hiệu lực từ ngày 01/01/2026" in body
    assert "Thành phố Đông Phong" in body  # successor
    assert "Đổi tên / đổi loại" in body
    assert response.context["children_count"] == 2
    assert response.context["can_edit"] is False
    assert url("core:unit_set_remote", pk=old.pk) not in body


def test_unit_by_code_redirects_to_the_unit_in_force_on_the_date(officer_client: Client) -> None:
    response = officer_client.get(url("core:unit_by_code", code="10004"), {"on": "2025-08-01"})

    assert response.status_code == 302
    assert response["Location"] == url(
        "core:unit_detail", pk=admin_unit_on(code="10004", on=D2025).pk
    )
    assert officer_client.get(url("core:unit_by_code", code="99999")).status_code == 404


def test_administrator_toggles_the_remote_flag_from_the_detail_page(admin_client: Client) -> None:
    unit = admin_unit_on(code="10002", on=D2026)
    detail = admin_client.get(url("core:unit_detail", pk=unit.pk))
    assert url("core:unit_set_remote", pk=unit.pk) in detail.content.decode()

    response = admin_client.post(url("core:unit_set_remote", pk=unit.pk), {"remote": "1"})

    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.remote is True
    assert AuditEvent.objects.filter(verb="adminunit.set_remote", target_id=str(unit.pk)).exists()


def test_officer_cannot_toggle_the_remote_flag(officer_client: Client) -> None:
    unit = admin_unit_on(code="10002", on=D2026)

    response = officer_client.post(url("core:unit_set_remote", pk=unit.pk), {"remote": "1"})

    assert response.status_code == 403
    unit.refresh_from_db()
    assert unit.remote is False


# --- API ------------------------------------------------------------------------------------


def test_api_search_is_paginated_with_a_maximum(officer_client: Client) -> None:
    response = officer_client.get("/api/v1/admin-units", {"level": "commune", "limit": 2})

    data = response.json()
    assert response.status_code == 200
    assert (data["count"], data["limit"], data["offset"], len(data["items"])) == (6, 2, 0, 2)
    assert officer_client.get("/api/v1/admin-units", {"limit": 501}).status_code == 422


def test_api_search_folds_the_query_and_filters_by_date(officer_client: Client) -> None:
    response = officer_client.get("/api/v1/admin-units", {"q": "THUY TIEN", "on": "2025-09-01"})

    items = response.json()["items"]
    assert [(i["code"], i["full_name"], i["unit_type"]) for i in items] == [
        ("10004", "Xã Thủy Tiên", "xa")
    ]
    assert items[0]["parent"]["code"] == "10"
    assert items[0]["valid_to"] == "2026-01-01"
    assert items[0]["current"] is False


def test_api_unit_on_a_date_includes_successors_and_predecessors(officer_client: Client) -> None:
    old = officer_client.get("/api/v1/admin-units/20", {"on": "2025-12-31"}).json()
    new = officer_client.get("/api/v1/admin-units/20").json()

    assert (old["full_name"], old["valid_to"]) == ("Tỉnh Đông Phong", "2026-01-01")
    assert [(s["kind"], s["unit"]["full_name"]) for s in old["successors"]] == [
        ("renamed", "Thành phố Đông Phong")
    ]
    assert [c["full_name"] for c in old["current_units"]] == ["Thành phố Đông Phong"]
    assert old["needs_choice"] is False
    assert new["full_name"] == "Thành phố Đông Phong"
    assert [p["unit"]["full_name"] for p in new["predecessors"]] == ["Tỉnh Đông Phong"]


def test_api_unknown_code_on_date_is_a_404_with_a_vietnamese_message(
    officer_client: Client,
) -> None:
    response = officer_client.get("/api/v1/admin-units/10005", {"on": "2025-12-31"})

    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "not_found"
    assert "Không có đơn vị hành chính mã «10005»" in error["message"]


def test_api_resolution_of_a_closed_unit_without_successor_needs_a_choice(
    officer_client: Client,
) -> None:
    data = officer_client.get("/api/v1/admin-units/10003/resolution", {"on": "2025-12-31"}).json()

    assert data["unit"]["code"] == "10003"
    assert (data["current"], data["candidates"], data["needs_choice"]) == (None, [], True)


def test_api_administrator_sets_remote_with_patch(admin_client: Client) -> None:
    response = admin_client.patch(
        "/api/v1/admin-units/10001", {"remote": True}, content_type="application/json"
    )

    assert response.status_code == 200
    assert response.json()["remote"] is True
    assert admin_unit_on(code="10001", on=dt.date.today()).remote is True


def test_api_officer_cannot_set_remote(officer_client: Client) -> None:
    response = officer_client.patch(
        "/api/v1/admin-units/10001", {"remote": True}, content_type="application/json"
    )

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert admin_unit_on(code="10001", on=D2026).remote is False


def test_api_requires_authentication(client: Client, world: None) -> None:
    assert client.get("/api/v1/admin-units").status_code == 401


def test_api_superuser_sets_remote_on_an_old_version_by_date(client: Client, world: None) -> None:
    client.force_login(make_superuser())

    response = client.patch(
        "/api/v1/admin-units/10004?on=2025-08-01", {"remote": True}, content_type="application/json"
    )

    assert response.status_code == 200
    assert response.json()["full_name"] == "Xã Thủy Tiên"
    assert admin_unit_on(code="10004", on=D2025).remote is True
    assert admin_unit_on(code="10004", on=D2026).remote is False


def test_user_without_any_role_can_still_read_reference_data(client: Client, world: None) -> None:
    client.force_login(make_user("khach"))

    assert client.get("/api/v1/admin-units/10").status_code == 200
    assert client.get(url("core:units")).status_code == 200


def test_api_odd_input_gets_a_clean_answer_not_a_server_error(officer_client: Client) -> None:
    assert officer_client.get("/api/v1/admin-units/abc").status_code == 404
    assert officer_client.get("/api/v1/admin-units", {"q": "hoa\x00an"}).status_code == 400
    assert officer_client.get("/api/v1/admin-units", {"offset": 10**12}).status_code == 422
    assert officer_client.get("/api/v1/admin-units", {"level": "huyen"}).status_code == 422
    assert officer_client.get("/api/v1/admin-units/10", {"on": "2025-13-01"}).status_code == 422


@pytest.mark.django_db
def test_leader_sees_audit_trail_of_remote_flag_on_unit_page_and_officer_does_not(
    client: Client,
) -> None:
    from danvan.core.models import AdminUnit, Role
    from danvan.core.services.units import admin_unit_set_remote
    from tests.factories import CommuneFactory, MembershipFactory, OrganizationFactory, UserFactory

    commune = CommuneFactory(name="Đakrông", full_name="Xã Đakrông")
    admin_unit_set_remote(actor=None, unit=AdminUnit.objects.get(pk=commune.pk), remote=True)
    org = OrganizationFactory(area=commune.parent)
    leader = UserFactory()
    MembershipFactory(user=leader, organization=org, role=Role.LEADER)
    officer = UserFactory()
    MembershipFactory(user=officer, organization=org, role=Role.OFFICER)

    client.force_login(leader)
    page = client.get(f"/don-vi-hanh-chinh/{commune.pk}/").content.decode()
    assert "Nhật ký thao tác" in page
    assert "Đặt cờ vùng sâu, vùng xa" in page

    client.force_login(officer)
    page = client.get(f"/don-vi-hanh-chinh/{commune.pk}/").content.decode()
    assert "Nhật ký thao tác" not in page
