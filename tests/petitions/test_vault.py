"""The whistleblower vault: encryption at rest, keys and rotation, grants, audited reveals."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone
from django.views.debug import ExceptionReporter

from danvan.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from danvan.core.models import AuditEvent, Organization, Role, User
from danvan.petitions import vault
from danvan.petitions.inputs import FileInput, PersonInput
from danvan.petitions.models import IdentityGrant, Petition, PetitionEvent, VaultEntry, VaultFile
from danvan.petitions.vault import (
    ReasonRequired,
    VaultDecryptError,
    VaultKeyError,
    can_grant_identity,
    can_view_identity,
    identity_grant_create,
    identity_grant_revoke,
    pseudonym_label,
    pseudonym_new,
    vault_check,
    vault_copy,
    vault_file_read,
    vault_key_file_ensure,
    vault_key_generate,
    vault_key_id,
    vault_reveal,
    vault_rotate_key,
    vault_store,
)
from tests.factories import (
    CommuneFactory,
    MembershipFactory,
    OrganizationFactory,
    ProvinceFactory,
    UserFactory,
)

KEY_A = vault_key_generate()
KEY_B = vault_key_generate()

CANARY_NAME = "Phạm Thị Canarì Quỳnh"
CANARY_ID = "079356718204"
CANARY_PHONE = "0912 345 678"
CANARY_ADDRESS = "Số 7 ngõ Hoàng Mai, thôn Canarì"
SCAN = b"%PDF-1.7\n" + "Chữ viết tay của Phạm Thị Canarì Quỳnh".encode() + b"\n%%EOF"
REASON = "Cần liên hệ người tố cáo để bổ sung chứng cứ"


def canary_forms() -> list[bytes]:
    texts = [CANARY_NAME, CANARY_ID, CANARY_PHONE, CANARY_ADDRESS, "Canarì"]
    return [t.encode() for t in texts] + [t.encode("utf-16-le") for t in texts]


@pytest.fixture(autouse=True)
def vault_keys(settings: Any) -> None:
    settings.DANVAN_VAULT_KEY = KEY_A
    settings.DANVAN_VAULT_KEY_FILE = ""


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Case:
    province_org: Organization
    commune_org: Organization
    other_commune_org: Organization
    leader: User  # leader of the province People's Committee, above the case's commune
    commune_leader: User  # leader of the commune that holds the case
    other_leader: User  # leader of another commune
    officer: User  # officer of the commune that holds the case
    outsider: User  # officer of another commune
    petition: Petition
    other_petition: Petition


def member(org: Organization, role: str, username: str) -> User:
    user = UserFactory(username=username)
    MembershipFactory(user=user, organization=org, role=role)
    return user


def make_petition(org: Organization, seq: int, **extra: Any) -> Petition:
    assert org.area is not None
    values: dict[str, Any] = {
        "organization": org,
        "year": 2026,
        "seq": seq,
        "case_number": f"{seq}/2026/TC",
        "tracking_code": f"TRK{org.pk:03d}{seq:05d}",
        "kind": "denunciation",
        "channel": "post",
        "received_on": dt.date(2026, 3, 2),
        "content": "Tố cáo cán bộ địa chính xã nhận tiền khi làm thủ tục cấp giấy chứng nhận.",
        "area": org.area,
        "pseudonym": "A7F2",
    }
    values.update(extra)
    return Petition.objects.create(**values)


@pytest.fixture
def case(db: Any) -> Case:
    province = ProvinceFactory()
    commune = CommuneFactory(parent=province)
    other_commune = CommuneFactory(parent=province)
    province_org = OrganizationFactory(code="P-UBND", area=province, level="province")
    commune_org = OrganizationFactory(
        code="C-UBND", area=commune, level="commune", parent=province_org
    )
    other_org = OrganizationFactory(
        code="D-UBND", area=other_commune, level="commune", parent=province_org
    )
    return Case(
        province_org=province_org,
        commune_org=commune_org,
        other_commune_org=other_org,
        leader=member(province_org, Role.LEADER, "lanhdao.tinh"),
        commune_leader=member(commune_org, Role.LEADER, "lanhdao.xa"),
        other_leader=member(other_org, Role.LEADER, "lanhdao.xakhac"),
        officer=member(commune_org, Role.OFFICER, "canbo.xa"),
        outsider=member(other_org, Role.OFFICER, "canbo.xakhac"),
        petition=make_petition(commune_org, 1),
        other_petition=make_petition(commune_org, 2, pseudonym="B001"),
    )


def store(petition: Petition, *, with_scan: bool = True) -> VaultEntry:
    return vault_store(
        petition=petition,
        persons=[
            PersonInput(
                full_name=CANARY_NAME,
                id_number=CANARY_ID,
                address=CANARY_ADDRESS,
                phone=CANARY_PHONE,
                is_representative=True,
            )
        ],
        files=[FileInput(name="to-cao-canari.pdf", data=SCAN, is_original=True)]
        if with_scan
        else [],
    )


def grant(case: Case, user: User | None = None, *, days: int = 30) -> IdentityGrant:
    return identity_grant_create(
        petition=case.petition,
        actor=case.leader,
        user=user or case.officer,
        reason="Giao cán bộ xác minh liên hệ người tố cáo",
        expires_at=timezone.now() + dt.timedelta(days=days),
    )


# --- Encryption, keys -------------------------------------------------------------------------


@pytest.mark.django_db
def test_granted_officer_reveals_the_stored_identity_and_scan_metadata(case: Case) -> None:
    store(case.petition)
    grant(case)

    identity = vault_reveal(petition=case.petition, actor=case.officer, reason=REASON)

    assert [(p.full_name, p.id_number, p.address, p.phone) for p in identity.persons] == [
        (CANARY_NAME, CANARY_ID, CANARY_ADDRESS, CANARY_PHONE)
    ]
    assert identity.persons[0].is_representative
    [info] = identity.files
    assert (info.name, info.content_type, info.size, info.is_original) == (
        "to-cao-canari.pdf",
        "application/pdf",
        len(SCAN),
        True,
    )


@pytest.mark.django_db
def test_stored_ciphertexts_hold_no_identity_text_or_scan_bytes(case: Case) -> None:
    entry = store(case.petition)

    stored = bytes(VaultEntry.objects.get(pk=entry.pk).ciphertext)
    scan = bytes(VaultFile.objects.get(entry=entry).ciphertext)
    for form in canary_forms():
        assert form not in stored and form not in scan
    assert SCAN not in scan and b"%PDF" not in scan
    assert entry.key_id == vault_key_id(KEY_A)


@pytest.mark.django_db
def test_identity_text_is_found_in_no_database_row_after_storing(case: Case) -> None:
    store(case.petition)
    grant(case)
    vault_reveal(petition=case.petition, actor=case.officer, reason=REASON)

    found: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, memoryview | bytes):
                        blob = bytes(value)
                    elif isinstance(value, str):
                        blob = value.encode()
                    else:
                        continue
                    found += [table for form in canary_forms() if form in blob]
    assert found == []


@pytest.mark.django_db
def test_wrong_key_fails_loudly_without_showing_anything(case: Case, settings: Any) -> None:
    store(case.petition)
    grant(case)
    settings.DANVAN_VAULT_KEY = KEY_B

    with pytest.raises(VaultDecryptError) as caught:
        vault_reveal(petition=case.petition, actor=case.officer, reason=REASON)

    assert vault_key_id(KEY_A) in caught.value.message
    assert CANARY_NAME not in str(caught.value)
    assert not AuditEvent.objects.filter(verb="petition.identity_reveal").exists()


@pytest.mark.django_db
def test_ciphertext_moved_to_another_case_does_not_open(case: Case) -> None:
    entry = store(case.petition, with_scan=False)
    other = store(case.other_petition, with_scan=False)
    VaultEntry.objects.filter(pk=other.pk).update(ciphertext=entry.ciphertext)
    identity_grant_create(
        petition=case.other_petition,
        actor=case.leader,
        user=case.officer,
        reason="Giao cán bộ xác minh liên hệ người tố cáo",
        expires_at=timezone.now() + dt.timedelta(days=3),
    )

    with pytest.raises(VaultDecryptError):
        vault_reveal(petition=case.other_petition, actor=case.officer, reason=REASON)


@pytest.mark.django_db
def test_missing_key_fails_loudly_and_stores_nothing(case: Case, settings: Any) -> None:
    settings.DANVAN_VAULT_KEY = ""
    settings.DANVAN_VAULT_KEY_FILE = ""

    with pytest.raises(VaultKeyError) as caught:
        store(case.petition)

    assert caught.value.status == 503 and "DANVAN_VAULT_KEY" in caught.value.message
    assert not VaultEntry.objects.exists() and not VaultFile.objects.exists()


@pytest.mark.django_db
def test_missing_key_file_fails_loudly(case: Case, settings: Any, tmp_path: Path) -> None:
    settings.DANVAN_VAULT_KEY = ""
    settings.DANVAN_VAULT_KEY_FILE = str(tmp_path / "khong-co.key")

    with pytest.raises(VaultKeyError, match=r"khong-co\.key"):
        store(case.petition)


@pytest.mark.parametrize("bad", ["khong-phai-khoa", KEY_A[:-4], "", KEY_A + "AAAA"])
def test_malformed_key_is_refused(settings: Any, bad: str) -> None:
    settings.DANVAN_VAULT_KEY = f"{KEY_A},{bad}" if bad else ","

    with pytest.raises(VaultKeyError):
        vault.vault_keyring()


def test_keyring_reads_the_key_file_skipping_comments_and_blank_lines(
    settings: Any, tmp_path: Path
) -> None:
    path = tmp_path / "vault.key"
    path.write_text(f"# khóa\n\n{KEY_B}\n{KEY_A}\n", encoding="utf-8")
    settings.DANVAN_VAULT_KEY = ""
    settings.DANVAN_VAULT_KEY_FILE = str(path)

    ring = vault.vault_keyring()

    assert ring.key_ids == (vault_key_id(KEY_B), vault_key_id(KEY_A))
    assert ring.primary.key_id == vault_key_id(KEY_B)


def test_install_creates_a_private_demo_key_file_once(settings: Any, tmp_path: Path) -> None:
    path = tmp_path / "var" / "vault.key"
    settings.DANVAN_VAULT_KEY = ""
    settings.DANVAN_VAULT_KEY_FILE = str(path)
    settings.PRODUCTION = False

    assert vault_key_file_ensure() == path
    content = path.read_text()
    assert vault_key_file_ensure() is None

    assert path.read_text() == content
    if sys.platform != "win32":
        assert os.stat(path).st_mode & 0o777 == 0o600
    assert len(vault.vault_keyring().keys) == 1


def test_install_creates_no_key_file_in_production(settings: Any, tmp_path: Path) -> None:
    settings.DANVAN_VAULT_KEY = ""
    settings.DANVAN_VAULT_KEY_FILE = str(tmp_path / "vault.key")
    settings.PRODUCTION = True

    assert vault_key_file_ensure() is None
    assert not (tmp_path / "vault.key").exists()


# --- Rotation ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_rotation_with_old_and_new_keys_then_old_key_removed_still_decrypts(
    case: Case, settings: Any
) -> None:
    store(case.petition)
    store(case.other_petition, with_scan=False)
    grant(case)
    settings.DANVAN_VAULT_KEY = f"{KEY_B},{KEY_A}"

    result = vault_rotate_key(batch_size=1, file_batch_size=1)

    assert (result.entries_rotated, result.files_rotated) == (2, 1)
    assert result.primary_key_id == vault_key_id(KEY_B)
    assert result.unused_key_ids == (vault_key_id(KEY_A),)
    settings.DANVAN_VAULT_KEY = KEY_B
    identity = vault_reveal(petition=case.petition, actor=case.officer, reason=REASON)
    assert identity.persons[0].full_name == CANARY_NAME
    scan = vault_file_read(
        petition=case.petition, actor=case.officer, file_id=identity.files[0].id, reason=REASON
    )
    assert scan.data == SCAN


@pytest.mark.django_db
def test_rotation_run_twice_changes_nothing_the_second_time(case: Case, settings: Any) -> None:
    store(case.petition)
    settings.DANVAN_VAULT_KEY = f"{KEY_B},{KEY_A}"
    vault_rotate_key()
    before = bytes(VaultEntry.objects.get().ciphertext)

    again = vault_rotate_key()

    assert (again.entries_rotated, again.files_rotated) == (0, 0)
    assert (again.entries_unchanged, again.files_unchanged) == (1, 1)
    assert bytes(VaultEntry.objects.get().ciphertext) == before


@pytest.mark.django_db
def test_rotation_refuses_when_a_row_key_is_not_configured(case: Case, settings: Any) -> None:
    store(case.petition)
    settings.DANVAN_VAULT_KEY = KEY_B

    with pytest.raises(VaultKeyError, match=vault_key_id(KEY_A)):
        vault_rotate_key()

    assert VaultEntry.objects.get().key_id == vault_key_id(KEY_A)


@pytest.mark.django_db
def test_rotation_to_a_new_key_writes_it_first_in_the_key_file(
    case: Case, settings: Any, tmp_path: Path
) -> None:
    path = tmp_path / "vault.key"
    path.write_text(f"{KEY_A}\n", encoding="ascii")
    settings.DANVAN_VAULT_KEY = ""
    settings.DANVAN_VAULT_KEY_FILE = str(path)
    store(case.petition)

    result = vault_rotate_key(new_key=KEY_B)

    keys = [line for line in path.read_text().splitlines() if not line.startswith("#")]
    assert keys == [KEY_B, KEY_A]
    assert result.entries_rotated == 1 and result.files_rotated == 1
    assert set(VaultEntry.objects.values_list("key_id", flat=True)) == {vault_key_id(KEY_B)}


@pytest.mark.django_db
def test_rotation_to_a_new_key_not_first_in_the_environment_is_refused(
    case: Case, settings: Any
) -> None:
    store(case.petition)

    with pytest.raises(VaultKeyError, match="DANVAN_VAULT_KEY"):
        vault_rotate_key(new_key=KEY_B)

    assert VaultEntry.objects.get().key_id == vault_key_id(KEY_A)


@pytest.mark.django_db
def test_check_counts_rows_and_reports_a_row_no_key_opens(case: Case, settings: Any) -> None:
    store(case.petition)
    settings.DANVAN_VAULT_KEY = KEY_B
    store(case.other_petition, with_scan=False)

    result = vault_check()

    assert not result.ok
    assert (result.entries_ok, result.entries_failed) == (1, 1)
    assert (result.files_ok, result.files_failed) == (0, 1)
    assert all(CANARY_NAME not in line for line in result.failures)


# --- Reveals ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("reason", ["", "   ", "xem thử"])
def test_reveal_without_a_real_reason_is_refused_and_not_audited(case: Case, reason: str) -> None:
    store(case.petition)
    grant(case)

    with pytest.raises(ValidationFailed) as caught:
        vault_reveal(petition=case.petition, actor=case.officer, reason=reason)

    assert isinstance(caught.value, ReasonRequired) and caught.value.status == 400
    assert "reason" in caught.value.fields
    assert not AuditEvent.objects.filter(verb="petition.identity_reveal").exists()


@pytest.mark.django_db
def test_officer_without_grant_cannot_reveal(case: Case) -> None:
    store(case.petition)

    with pytest.raises(PermissionDenied):
        vault_reveal(petition=case.petition, actor=case.officer, reason=REASON)


@pytest.mark.django_db
def test_leader_and_superuser_without_grant_cannot_reveal(case: Case) -> None:
    store(case.petition)
    root = UserFactory(username="root", is_superuser=True)

    for actor in (case.leader, root):
        with pytest.raises(PermissionDenied):
            vault_reveal(petition=case.petition, actor=actor, reason=REASON)


@pytest.mark.django_db
def test_expired_grant_does_not_reveal(case: Case) -> None:
    store(case.petition)
    IdentityGrant.objects.create(
        petition=case.petition,
        user=case.officer,
        granted_by=case.leader,
        reason="Giao cán bộ xác minh",
        expires_at=timezone.now() - dt.timedelta(minutes=1),
    )

    assert not can_view_identity(case.officer, case.petition)
    with pytest.raises(PermissionDenied):
        vault_reveal(petition=case.petition, actor=case.officer, reason=REASON)


@pytest.mark.django_db
def test_revoked_grant_does_not_reveal(case: Case) -> None:
    store(case.petition)
    given = grant(case)

    identity_grant_revoke(grant=given, actor=case.leader, reason="Đã xác minh xong")

    with pytest.raises(PermissionDenied):
        vault_reveal(petition=case.petition, actor=case.officer, reason=REASON)
    assert AuditEvent.objects.filter(verb="petition.identity_grant_revoke").count() == 1
    with pytest.raises(Conflict):
        identity_grant_revoke(grant=given, actor=case.leader)


@pytest.mark.django_db
def test_grant_on_one_case_does_not_reveal_another(case: Case) -> None:
    store(case.petition)
    store(case.other_petition)
    grant(case)

    with pytest.raises(PermissionDenied):
        vault_reveal(petition=case.other_petition, actor=case.officer, reason=REASON)


@pytest.mark.django_db
def test_grantee_moved_out_of_the_case_scope_cannot_reveal(case: Case) -> None:
    store(case.petition)
    grant(case)
    case.officer.memberships.all().delete()
    officer = User.objects.get(pk=case.officer.pk)  # a fresh scope

    assert not can_view_identity(officer, case.petition)


@pytest.mark.django_db
def test_every_reveal_is_audited_with_its_reason_and_no_identity(case: Case) -> None:
    store(case.petition)
    grant(case)

    vault_reveal(petition=case.petition, actor=case.officer, reason=REASON)
    vault_reveal(petition=case.petition, actor=case.officer, reason=REASON + " lần hai")

    events = list(AuditEvent.objects.filter(verb="petition.identity_reveal").order_by("seq"))
    assert len(events) == 2
    event = events[0]
    assert (event.actor_id, event.target_type, event.target_id) == (
        case.officer.pk,
        "petitions.petition",
        str(case.petition.pk),
    )
    assert event.changes == {"reason": ["", REASON]}
    text = json.dumps([e.changes for e in events], ensure_ascii=False) + event.target_label
    for secret in (CANARY_NAME, CANARY_ID, CANARY_PHONE, CANARY_ADDRESS, "canari"):
        assert secret not in text


@pytest.mark.django_db
def test_reveal_of_a_case_without_vault_entry_is_not_found(case: Case) -> None:
    store(case.petition)
    grant(case)
    VaultEntry.objects.all().delete()

    with pytest.raises(NotFound):
        vault_reveal(petition=case.petition, actor=case.officer, reason=REASON)


@pytest.mark.django_db
def test_scan_read_returns_the_bytes_and_is_audited(case: Case) -> None:
    store(case.petition)
    grant(case)
    [row] = VaultFile.objects.all()

    scan = vault_file_read(
        petition=case.petition, actor=case.officer, file_id=row.pk, reason=REASON
    )

    assert (scan.data, scan.content_type, scan.name) == (
        SCAN,
        "application/pdf",
        "to-cao-canari.pdf",
    )
    event = AuditEvent.objects.get(verb="petition.identity_file_read")
    assert event.changes == {"reason": ["", REASON], "file": ["", row.pk]}


@pytest.mark.django_db
def test_scan_read_without_grant_is_refused(case: Case) -> None:
    store(case.petition)
    [row] = VaultFile.objects.all()

    with pytest.raises(PermissionDenied):
        vault_file_read(petition=case.petition, actor=case.officer, file_id=row.pk, reason=REASON)


@pytest.mark.django_db
def test_repr_of_revealed_identity_shows_no_identity(case: Case) -> None:
    store(case.petition)
    grant(case)
    identity = vault_reveal(petition=case.petition, actor=case.officer, reason=REASON)
    scan = vault_file_read(
        petition=case.petition, actor=case.officer, file_id=identity.files[0].id, reason=REASON
    )

    shown = " ".join(
        [repr(identity), str(identity), repr(identity.persons), repr(identity.files), repr(scan)]
    )
    for secret in (CANARY_NAME, CANARY_ID, CANARY_PHONE, CANARY_ADDRESS, "canari", "PDF-1.7"):
        assert secret not in shown


@pytest.mark.django_db
def test_error_report_of_a_failing_reveal_hides_the_decrypted_identity(
    case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    store(case.petition)
    grant(case)

    def broken(entry: VaultEntry, payload: dict[str, Any]) -> Any:
        raise RuntimeError("hỏng khi dựng kết quả")

    monkeypatch.setattr(vault, "_identity_from_payload", broken)
    try:
        vault_reveal(petition=case.petition, actor=case.officer, reason=REASON)
    except RuntimeError:
        report = ExceptionReporter(None, *sys.exc_info()).get_traceback_html()
    else:  # pragma: no cover - the patched function always raises
        pytest.fail("the reveal did not fail")

    # The page lists each frame's local variables: the decrypted payload is one of them.
    assert "hỏng khi dựng kết quả" in report and "Local vars" in report
    assert CANARY_NAME not in report and CANARY_ID not in report
    assert KEY_A not in report


# --- Grants -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_leader_above_the_case_grants_and_the_grant_is_audited(case: Case) -> None:
    store(case.petition)

    given = grant(case)

    assert can_view_identity(case.officer, case.petition)
    event = AuditEvent.objects.get(verb="petition.identity_grant")
    assert event.actor_id == case.leader.pk and event.target_id == str(case.petition.pk)
    assert event.changes["grantee"] == ["", case.officer.username]
    timeline = PetitionEvent.objects.get(petition=case.petition, verb="identity_grant")
    assert timeline.data["grant_id"] == given.pk


@pytest.mark.django_db
def test_leader_of_the_case_organisation_and_superuser_may_grant(case: Case) -> None:
    root = UserFactory(username="root", is_superuser=True)

    assert can_grant_identity(case.commune_leader, case.petition)
    assert can_grant_identity(root, case.petition)


@pytest.mark.django_db
def test_officer_and_leader_of_another_commune_cannot_grant(case: Case) -> None:
    store(case.petition)

    for actor in (case.officer, case.other_leader, None):
        assert not can_grant_identity(actor, case.petition)
        with pytest.raises(PermissionDenied):
            identity_grant_create(
                petition=case.petition,
                actor=actor,
                user=case.officer,
                reason="Giao cán bộ xác minh liên hệ người tố cáo",
                expires_at=timezone.now() + dt.timedelta(days=3),
            )
    assert not IdentityGrant.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("reason", "delta", "field"),
    [
        ("ngắn", dt.timedelta(days=3), "reason"),
        ("Giao cán bộ xác minh liên hệ", dt.timedelta(days=91), "expires_at"),
        ("Giao cán bộ xác minh liên hệ", -dt.timedelta(minutes=1), "expires_at"),
    ],
)
def test_grant_needs_a_reason_and_an_expiry_within_90_days(
    case: Case, reason: str, delta: dt.timedelta, field: str
) -> None:
    store(case.petition)

    with pytest.raises(ValidationFailed) as caught:
        identity_grant_create(
            petition=case.petition,
            actor=case.leader,
            user=case.officer,
            reason=reason,
            expires_at=timezone.now() + delta,
        )

    assert field in caught.value.fields
    assert not IdentityGrant.objects.exists()


@pytest.mark.django_db
def test_grant_to_a_user_who_cannot_see_the_case_is_refused(case: Case) -> None:
    store(case.petition)

    with pytest.raises(ValidationFailed) as caught:
        grant(case, case.outsider)

    assert "user" in caught.value.fields


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.FRONT, Role.ADMINISTRATOR])
def test_grant_to_a_role_that_does_not_read_petitions_is_refused(case: Case, role: str) -> None:
    # The Front and administrators have the case's organisation in scope but may not read
    # petitions (docs/permissions.md): no grant may make a denouncer's identity theirs.
    store(case.petition)
    front = member(case.commune_org, role, f"khong.doc.{role}")

    with pytest.raises(ValidationFailed) as caught:
        grant(case, front)

    assert "user" in caught.value.fields


# --- Store, copy, pseudonyms ------------------------------------------------------------------


@pytest.mark.django_db
def test_store_twice_for_one_case_is_a_conflict(case: Case) -> None:
    store(case.petition)

    with pytest.raises(Conflict):
        store(case.petition)


@pytest.mark.django_db
def test_store_without_people_or_files_is_refused(case: Case) -> None:
    with pytest.raises(ValidationFailed):
        vault_store(petition=case.petition, persons=[])


@pytest.mark.django_db
def test_store_gives_a_pseudonym_to_a_case_without_one(case: Case) -> None:
    petition = make_petition(case.commune_org, 3, pseudonym="")

    store(petition, with_scan=False)

    petition.refresh_from_db()
    assert len(petition.pseudonym) == 4 and petition.pseudonym == petition.pseudonym.upper()


@pytest.mark.django_db
def test_copy_to_the_transferred_case_opens_there_with_the_same_pseudonym(case: Case) -> None:
    store(case.petition)
    target = make_petition(case.other_commune_org, 1, pseudonym="FFFF")
    grantee = member(case.other_commune_org, Role.OFFICER, "canbo.nhan")

    vault_copy(source=case.petition, target=target)
    identity_grant_create(
        petition=target,
        actor=case.leader,
        user=grantee,
        reason="Giao cán bộ xác minh liên hệ người tố cáo",
        expires_at=timezone.now() + dt.timedelta(days=3),
    )
    identity = vault_reveal(petition=target, actor=grantee, reason=REASON)

    target.refresh_from_db()
    assert target.pseudonym == "A7F2"
    assert identity.persons[0].id_number == CANARY_ID
    scan = vault_file_read(
        petition=target, actor=grantee, file_id=identity.files[0].id, reason=REASON
    )
    assert scan.data == SCAN


def test_pseudonym_is_four_uppercase_hex_digits_and_labelled() -> None:
    code = pseudonym_new()

    assert len(code) == 4 and all(c in "0123456789ABCDEF" for c in code)
    assert pseudonym_label(Petition(pseudonym="A7F2")) == "Người tố cáo #A7F2"
