"""Reading the audit trail of one record: selector, page /nhat-ky/..., API GET /api/v1/audit."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse

from danvan.core.models import Role, User
from danvan.core.selectors.audit import audit_for_target, audit_trail_for, audit_value_text
from danvan.core.services import accounts as account_services
from danvan.core.services.audit import audit_record
from tests.core.test_accounts_support import (
    World,
    fast_password_hashing,
    locmem_cache,
    make_user,
    world,
)
from tests.factories import UserFactory

__all__ = ["fast_password_hashing", "locmem_cache", "world"]

pytestmark = pytest.mark.usefixtures("locmem_cache")


def rename(org: Any, actor: User | None, new: str) -> None:
    audit_record(
        actor=actor, verb="organization.update", target=org, changes={"name": (org.name, new)}
    )


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def trail_url(target: Any) -> str:
    return reverse("core:audit_trail", args=[target._meta.label_lower, target.pk])


# --- Selector -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_leader_reads_trail_of_own_org_record(world: World) -> None:
    leader = make_user("ld.c1", world.ubnd_c1, Role.LEADER)
    rename(world.tcd_c1, None, "Ban Tiếp công dân xã Một")
    rename(world.ubnd_c2, None, "Khác")

    events = audit_for_target(
        user=leader, target_type="core.organization", target_id=str(world.tcd_c1.pk)
    )

    assert [e.verb for e in events] == ["organization.update"]
    assert events[0].changes == {"name": ["Cơ quan TCD-C1", "Ban Tiếp công dân xã Một"]}


@pytest.mark.django_db
def test_province_inspector_reads_trail_of_a_commune_record(world: World) -> None:
    inspector = make_user("tt.p1", world.tt_p1, Role.INSPECTOR)
    rename(world.ubnd_c2, None, "UBND xã Hai")

    events = audit_for_target(
        user=inspector, target_type="core.organization", target_id=str(world.ubnd_c2.pk)
    )

    assert len(events) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.OFFICER, Role.VIEWER, Role.FRONT, Role.PARTY_COMMITTEE])
def test_other_roles_cannot_read_the_trail(world: World, role: str) -> None:
    user = make_user("khac", world.ubnd_c1, role)
    rename(world.ubnd_c1, None, "Mới")

    with pytest.raises(Http404):
        audit_for_target(
            user=user, target_type="core.organization", target_id=str(world.ubnd_c1.pk)
        )


@pytest.mark.django_db
def test_commune_leader_cannot_read_other_commune_trail(world: World) -> None:
    leader = make_user("ld.c1", world.ubnd_c1, Role.LEADER)
    rename(world.ubnd_c2, None, "Mới")

    with pytest.raises(Http404):
        audit_for_target(
            user=leader, target_type="core.organization", target_id=str(world.ubnd_c2.pk)
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("target_type", "target_id"),
    [
        ("core.organization", "999999"),
        ("core.nope", "1"),
        ("khong-hop-le", "1"),
        ("core.organization", "abc"),
        ("core.auditevent", "1"),
    ],
)
def test_unknown_targets_are_not_found(world: World, target_type: str, target_id: str) -> None:
    leader = make_user("ld.tw", world.national, Role.LEADER)

    with pytest.raises(Http404):
        audit_for_target(user=leader, target_type=target_type, target_id=target_id)


@pytest.mark.django_db
def test_superuser_reads_trail_of_a_deleted_record(world: World) -> None:
    root = UserFactory(is_superuser=True)
    audit_record(
        actor=None,
        verb="thing.delete",
        target_type="core.organization",
        target_id="424242",
        target_label="Cơ quan đã xóa",
    )

    events = audit_for_target(user=root, target_type="core.organization", target_id="424242")

    assert [e.verb for e in events] == ["thing.delete"]


@pytest.mark.django_db
def test_trail_for_include_is_none_when_not_allowed(world: World) -> None:
    officer = make_user("cb.c1", world.ubnd_c1, Role.OFFICER)
    leader = make_user("ld.c1", world.ubnd_c1, Role.LEADER)

    assert audit_trail_for(user=officer, target=officer) is None
    entries = audit_trail_for(user=leader, target=officer)
    assert entries is not None
    assert [e.verb_label for e in entries] == ["Tạo tài khoản", "Giao vai trò"]


def test_values_are_shown_as_people_read_them() -> None:
    assert audit_value_text("role", "leader") == "Lãnh đạo"
    assert audit_value_text("is_active", False) == "Không"
    assert audit_value_text("x", None) == "—"
    assert audit_value_text("date", "2026-07-01") == "01/07/2026"
    assert audit_value_text("when", "2026-07-01T01:30:00+00:00") == "01/07/2026 08:30"
    assert audit_value_text("tags", ["a", "b"]) == "a, b"


# --- Page -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_leader_opens_the_trail_page(world: World) -> None:
    leader = make_user("ld.c1", world.ubnd_c1, Role.LEADER)
    rename(world.ubnd_c1, leader, "UBND xã Một")

    response = signed_in(leader).get(trail_url(world.ubnd_c1))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Nhật ký thao tác" in body and "ld.c1" in body
    assert "Cơ quan UBND-C1 → UBND xã Một" in body


@pytest.mark.django_db
def test_trail_page_is_404_outside_scope(world: World) -> None:
    leader = make_user("ld.c1", world.ubnd_c1, Role.LEADER)

    assert signed_in(leader).get(trail_url(world.ubnd_c3)).status_code == 404


@pytest.mark.django_db
def test_trail_page_needs_sign_in(client: Client, world: World) -> None:
    response = client.get(trail_url(world.ubnd_c1))

    assert response.status_code == 302


@pytest.mark.django_db
def test_htmx_request_gets_only_the_fragment(world: World) -> None:
    leader = make_user("ld.c1", world.ubnd_c1, Role.LEADER)
    rename(world.ubnd_c1, leader, "UBND xã Một")

    response = signed_in(leader).get(trail_url(world.ubnd_c1), HTTP_HX_REQUEST="true")

    body = response.content.decode()
    assert "<html" not in body and "UBND xã Một" in body


@pytest.mark.django_db
def test_redacted_values_never_reach_the_page(world: World) -> None:
    leader = make_user("ld.c1", world.ubnd_c1, Role.LEADER)
    audit_record(
        actor=None,
        verb="organization.update",
        target=world.ubnd_c1,
        changes={"contact": ("Nguyễn Văn Bí Mật", "Trần Thị Kín")},
        redact=["contact"],
    )

    body = signed_in(leader).get(trail_url(world.ubnd_c1)).content.decode()

    assert "[đã ẩn]" in body and "Bí Mật" not in body and "Kín" not in body


# --- API ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_api_returns_the_trail_oldest_first_with_paging(world: World) -> None:
    leader = make_user("ld.c1", world.ubnd_c1, Role.LEADER)
    for n in range(5):
        rename(world.ubnd_c1, leader, f"Tên {n}")
    client = signed_in(leader)
    params = {"target_type": "core.organization", "target_id": str(world.ubnd_c1.pk), "limit": 3}

    first = client.get("/api/v1/audit", params).json()
    second = client.get("/api/v1/audit", {**params, "after_seq": first["next_after_seq"]}).json()

    assert [i["changes"][0]["new"] for i in first["items"]] == ["Tên 0", "Tên 1", "Tên 2"]
    assert [i["changes"][0]["new"] for i in second["items"]] == ["Tên 3", "Tên 4"]
    assert second["next_after_seq"] is None
    item = first["items"][0]
    assert item["actor"] == "ld.c1" and item["verb"] == "organization.update"
    assert item["changes"][0]["field"] == "name"


@pytest.mark.django_db
def test_api_answers_404_outside_scope_and_for_other_roles(world: World) -> None:
    leader = make_user("ld.c1", world.ubnd_c1, Role.LEADER)
    officer = make_user("cb.c1", world.ubnd_c1, Role.OFFICER)
    rename(world.ubnd_c2, None, "X")

    outside = signed_in(leader).get(
        "/api/v1/audit", {"target_type": "core.organization", "target_id": str(world.ubnd_c2.pk)}
    )
    not_reader = signed_in(officer).get(
        "/api/v1/audit", {"target_type": "core.organization", "target_id": str(world.ubnd_c1.pk)}
    )

    for response in (outside, not_reader):
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


@pytest.mark.django_db
def test_api_with_bearer_token(world: World) -> None:
    inspector = make_user("tt.p1", world.tt_p1, Role.INSPECTOR)
    _token, raw = account_services.api_token_issue(user=inspector)

    response = Client().get(
        "/api/v1/audit",
        {"target_type": "core.user", "target_id": str(inspector.pk)},
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )

    assert response.status_code == 200
    verbs = [i["verb"] for i in response.json()["items"]]
    assert verbs == ["user.create", "membership.grant", "api_token.issue"]


@pytest.mark.django_db
def test_api_requires_authentication(client: Client, world: World) -> None:
    response = client.get("/api/v1/audit", {"target_type": "core.organization", "target_id": "1"})

    assert response.status_code == 401


def test_recorded_codes_of_choices_are_shown_by_their_vietnamese_labels() -> None:
    from danvan.core.selectors.audit import audit_value_text

    assert audit_value_text("kind", "ubnd") == "Ủy ban nhân dân"
    assert audit_value_text("kind", "off") == "Ngày nghỉ"
    assert audit_value_text("level", "province") == "Cấp tỉnh"
    assert audit_value_text("role", "inspector") == "Thanh tra"
    assert audit_value_text("kind", "not-a-code") == "not-a-code"
