"""`danvan vault ...` as the operator runs it: grant, revoke, rotate-key, keygen, check."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from danvan.core.models import AuditEvent
from danvan.petitions.models import IdentityGrant, VaultEntry
from danvan.petitions.vault import can_view_identity, vault_key_id
from tests.petitions.test_vault import (
    CANARY_ID,
    CANARY_NAME,
    KEY_A,
    KEY_B,
    Case,
    case,
    fast_password_hashing,
    store,
    vault_keys,
)

__all__ = ["case", "fast_password_hashing", "vault_keys"]

REASON = "Lãnh đạo giao xác minh, cần liên hệ người tố cáo"


def vault_cmd(*args: str) -> None:
    call_command("vault", *args)


def grant_args(case: Case, *, by: str, case_ref: str | None = None) -> list[str]:
    return [
        "grant",
        "--case",
        case_ref or case.petition.case_number,
        "--org",
        case.commune_org.code,
        "--user",
        case.officer.username,
        "--reason",
        REASON,
        "--days",
        "7",
        "--by",
        by,
    ]


@pytest.mark.django_db
def test_grant_by_the_case_leader_lets_the_officer_see_the_identity(
    case: Case, capsys: Any
) -> None:
    store(case.petition)

    vault_cmd(*grant_args(case, by=case.leader.username))

    assert can_view_identity(case.officer, case.petition)
    assert "Đã cấp quyền" in capsys.readouterr().out
    event = AuditEvent.objects.get(verb="petition.identity_grant")
    assert event.actor_id == case.leader.pk and event.changes["via"] == ["", "cli"]


@pytest.mark.django_db
def test_grant_accepts_the_petition_id_without_org(case: Case) -> None:
    store(case.petition)
    args = grant_args(case, by=case.leader.username, case_ref=str(case.petition.pk))
    del args[3:5]  # --org CODE

    vault_cmd(*args)

    assert IdentityGrant.objects.filter(petition=case.petition, user=case.officer).exists()


@pytest.mark.django_db
def test_grant_by_an_officer_exits_2_with_one_line(case: Case) -> None:
    store(case.petition)

    with pytest.raises(CommandError) as caught:
        vault_cmd(*grant_args(case, by=case.officer.username))

    assert caught.value.returncode == 2
    assert "lãnh đạo" in str(caught.value) and "\n" not in str(caught.value)
    assert not IdentityGrant.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"--case": "999/2026/TC"}, "Không có hồ sơ"),
        ({"--org": "KHONG-CO"}, "KHONG-CO"),
        ({"--user": "khong.co"}, "khong.co"),
        ({"--days": "91"}, "--days"),
        ({"--reason": "ngắn"}, "lý do"),
    ],
)
def test_grant_with_bad_input_exits_2(case: Case, change: dict[str, str], expected: str) -> None:
    store(case.petition)
    args = grant_args(case, by=case.leader.username)
    for option, value in change.items():
        args[args.index(option) + 1] = value

    with pytest.raises(CommandError) as caught:
        vault_cmd(*args)

    assert caught.value.returncode == 2 and expected in str(caught.value)


@pytest.mark.django_db
def test_revoke_ends_the_grant(case: Case, capsys: Any) -> None:
    store(case.petition)
    vault_cmd(*grant_args(case, by=case.leader.username))

    vault_cmd(
        "revoke",
        "--case",
        case.petition.case_number,
        "--org",
        case.commune_org.code,
        "--user",
        case.officer.username,
        "--by",
        case.leader.username,
    )

    assert not can_view_identity(case.officer, case.petition)
    assert "Đã thu hồi 1" in capsys.readouterr().out


@pytest.mark.django_db
def test_rotate_key_reencrypts_and_prints_counts(case: Case, settings: Any, capsys: Any) -> None:
    store(case.petition)
    settings.DANVAN_VAULT_KEY = f"{KEY_B},{KEY_A}"

    vault_cmd("rotate-key")

    out = capsys.readouterr().out
    assert "Đã mã hóa lại 1 hồ sơ và 1 tệp" in out and vault_key_id(KEY_A) in out
    assert VaultEntry.objects.get().key_id == vault_key_id(KEY_B)


@pytest.mark.django_db
def test_rotate_key_without_the_old_key_exits_2(case: Case, settings: Any) -> None:
    store(case.petition)
    settings.DANVAN_VAULT_KEY = KEY_B

    with pytest.raises(CommandError) as caught:
        vault_cmd("rotate-key")

    assert caught.value.returncode == 2 and vault_key_id(KEY_A) in str(caught.value)


@pytest.mark.django_db
def test_check_prints_counts_and_succeeds(case: Case, capsys: Any) -> None:
    store(case.petition)

    vault_cmd("check")

    out = capsys.readouterr().out
    assert "OK: Hồ sơ: 1 giải mã được, 0 lỗi; tệp: 1 giải mã được, 0 lỗi." in out
    assert f"Khóa {vault_key_id(KEY_A)} (khóa chính): 1 hồ sơ, 1 tệp." in out


@pytest.mark.django_db
def test_check_exits_1_when_a_row_does_not_decrypt(case: Case, settings: Any, capsys: Any) -> None:
    store(case.petition)
    settings.DANVAN_VAULT_KEY = KEY_B

    with pytest.raises(CommandError) as caught:
        vault_cmd("check")

    assert caught.value.returncode == 1 and "1 lỗi" in str(caught.value)
    err = capsys.readouterr().err
    assert vault_key_id(KEY_A) in err
    assert CANARY_NAME not in err and CANARY_ID not in err


@pytest.mark.django_db
def test_check_without_any_key_exits_2(case: Case, settings: Any) -> None:
    settings.DANVAN_VAULT_KEY = ""
    settings.DANVAN_VAULT_KEY_FILE = ""

    with pytest.raises(CommandError) as caught:
        vault_cmd("check")

    assert caught.value.returncode == 2 and "DANVAN_VAULT_KEY" in str(caught.value)


def test_keygen_prints_a_usable_key(capsys: Any) -> None:
    vault_cmd("keygen")

    captured = capsys.readouterr()
    key = captured.out.strip()
    assert vault_key_id(key) in captured.err
