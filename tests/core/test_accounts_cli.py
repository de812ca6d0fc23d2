"""`danvan user ...` and `danvan audit verify` as the operator runs them."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from danvan.core.models import AuditEvent, Membership, Role, User
from danvan.core.services.audit import REDACTED
from tests.core.test_accounts_support import (
    PASSWORD,
    World,
    fast_password_hashing,
    make_user,
    world,
)

__all__ = ["fast_password_hashing", "world"]


def user_cmd(*args: str) -> None:
    call_command("user", *args)


@pytest.mark.django_db
def test_user_add_creates_user_with_role(world: World, capsys: Any) -> None:
    user_cmd(
        "add",
        "tran.b",
        "--password",
        PASSWORD,
        "--org",
        "UBND-C1",
        "--role",
        "leader",
        "--full-name",
        "Trần Văn B",
        "--position",
        "Chủ tịch",
    )

    user = User.objects.get(username="tran.b")
    assert user.full_name == "Trần Văn B" and user.position == "Chủ tịch"
    assert user.check_password(PASSWORD)
    assert list(user.memberships.values_list("organization__code", "role")) == [
        ("UBND-C1", "leader")
    ]
    assert "Đã tạo người dùng tran.b" in capsys.readouterr().out
    create = AuditEvent.objects.get(verb="user.create")
    assert create.actor_label == "system" and create.changes["password"] == [REDACTED, REDACTED]


@pytest.mark.django_db
def test_user_add_on_existing_user_adds_the_role_and_keeps_the_password(
    world: World, capsys: Any
) -> None:
    make_user("tran.b", world.ubnd_c1, Role.OFFICER)

    user_cmd(
        "add",
        "Tran.B",
        "--password",
        "Khac-hoan-toan-2026",
        "--org",
        "TT-P1",
        "--role",
        "inspector",
    )

    user = User.objects.get(username="tran.b")
    assert user.check_password(PASSWORD)
    assert set(user.memberships.values_list("organization__code", "role")) == {
        ("UBND-C1", "officer"),
        ("TT-P1", "inspector"),
    }
    captured = capsys.readouterr()
    assert "mật khẩu giữ nguyên" in captured.err
    assert "Đã giao vai trò" in captured.out


@pytest.mark.django_db
def test_user_add_twice_is_not_an_error(world: World, capsys: Any) -> None:
    make_user("tran.b", world.ubnd_c1, Role.OFFICER)

    user_cmd("add", "tran.b", "--org", "UBND-C1", "--role", "officer")

    assert "không thay đổi" in capsys.readouterr().out
    assert Membership.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--org", "KHONG-CO", "--role", "officer"], "Không có cơ quan mã «KHONG-CO»"),
        (["--org", "UBND-C1", "--role", "vua"], "Vai trò «vua» không tồn tại"),
        (["--org", "UBND-C1", "--role", "officer", "--password", "123"], "Mật khẩu chưa đạt"),
        (["--org", "UBND-C1", "--role", "officer"], "cần --password"),
    ],
)
def test_user_add_bad_input_exits_2_with_one_line(
    world: World, args: list[str], fragment: str
) -> None:
    with pytest.raises(CommandError) as caught:
        user_cmd("add", "moi", *args)

    assert caught.value.returncode == 2
    assert fragment in str(caught.value)
    assert "\n" not in str(caught.value)
    assert not User.objects.filter(username="moi").exists()


@pytest.mark.django_db
def test_user_password_revoke_deactivate_activate(world: World) -> None:
    make_user("tran.b", world.ubnd_c1, Role.OFFICER)

    user_cmd("password", "tran.b", "--password", "Moi-hoan-toan-2026")
    user_cmd("revoke", "tran.b", "--org", "UBND-C1", "--role", "officer")
    user_cmd("deactivate", "tran.b")

    user = User.objects.get(username="tran.b")
    assert user.check_password("Moi-hoan-toan-2026")
    assert not user.memberships.exists()
    assert not user.is_active
    user_cmd("activate", "tran.b")
    user.refresh_from_db()
    assert user.is_active


@pytest.mark.django_db
def test_user_revoke_of_a_role_not_held_exits_2(world: World) -> None:
    make_user("tran.b", world.ubnd_c1, Role.OFFICER)

    with pytest.raises(CommandError) as caught:
        user_cmd("revoke", "tran.b", "--org", "UBND-C1", "--role", "leader")

    assert caught.value.returncode == 2


@pytest.mark.django_db
def test_unknown_user_exits_2(world: World) -> None:
    with pytest.raises(CommandError) as caught:
        user_cmd("deactivate", "khong.co")

    assert caught.value.returncode == 2


@pytest.mark.django_db
def test_user_list_prints_roles(world: World, capsys: Any) -> None:
    make_user("a.c1", world.ubnd_c1, Role.OFFICER, full_name="Ánh")
    make_user("b.c2", world.ubnd_c2, Role.LEADER)

    user_cmd("list", "--org", "UBND-C1")

    out = capsys.readouterr().out
    assert "a.c1\tÁnh\tofficer@UBND-C1" in out
    assert "b.c2" not in out
