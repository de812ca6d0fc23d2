"""`danvan vault ...`: the whistleblower vault from the command line.

  danvan vault grant --case CASE [--org ORG_CODE] --user USERNAME --reason "..." --days N
                     --by LEADER_USERNAME
      Records the decision of the case's leader (--by) to let USERNAME see the denouncer's
      identity for N days (1-90). The operator only types it in: --by is required and must be a
      leader of the case's organisation (or above), exactly as on the web; the audit names the
      leader and marks the grant as made through the command line.
  danvan vault revoke --case CASE [--org ORG_CODE] --user USERNAME --by LEADER_USERNAME
                      [--reason "..."]
      Ends every active grant of USERNAME on the case.
  danvan vault rotate-key [--generate]
      Re-encrypts everything under the first configured key (DANVAN_VAULT_KEY or the key file),
      in batches; run again after an interruption. --generate first writes a new key at the top
      of the key file (key-file configuration only). Prints the counts and the old keys that
      may now be removed from the configuration.
  danvan vault keygen
      Prints a new key on stdout (its id on stderr).
  danvan vault check
      Decrypts every entry and file; prints the counts per key. Exit 1 when anything fails.

CASE is the case number (with --org, the receiving organisation's code) or the petition id.
Bad input or a missing key exits with status 2 and a one-line Vietnamese message.
Nothing here ever prints identity data.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from danvan.core.errors import DomainError
from danvan.core.models import User
from danvan.core.selectors.orgs import organization_get
from danvan.petitions.models import IdentityGrant, Petition
from danvan.petitions.vault import (
    GRANT_MAX_DAYS,
    identity_grant_create,
    identity_grant_revoke,
    vault_check,
    vault_key_generate,
    vault_key_id,
    vault_rotate_key,
)


def _fail(message: str, returncode: int = 2) -> CommandError:
    return CommandError(" ".join(message.split()), returncode=returncode)


def _domain_message(exc: DomainError) -> str:
    details = "; ".join(v for v in exc.fields.values() if v not in exc.message)
    return f"{exc.message} {details}".strip()


def _user(username: str, option: str) -> User:
    user = User.objects.filter(username__iexact=username.strip()).first()
    if user is None:
        raise _fail(f"Không có người dùng «{username}» ({option}).")
    return user


def _petition(case: str, org_code: str | None) -> Petition:
    case = case.strip()
    qs = Petition.objects.select_related("organization")
    petition: Petition | None = None
    if org_code:
        org = organization_get(user=None, code=org_code)
        petition = qs.filter(organization=org, case_number=case).first()
        if petition is None and case.isdigit():
            petition = qs.filter(organization=org, pk=int(case)).first()
        where = f" tại {org.code}"
    elif case.isdigit():
        petition = qs.filter(pk=int(case)).first()
        where = ""
    else:
        raise _fail("Khi --case là số hồ sơ, cần thêm --org <mã cơ quan thụ lý>.")
    if petition is None:
        raise _fail(f"Không có hồ sơ «{case}»{where}.")
    return petition


class Command(BaseCommand):
    help = (
        "Kho bảo mật danh tính người tố cáo: grant, revoke, rotate-key, keygen, check. "
        "Cấp quyền (grant) phải ghi rõ lãnh đạo quyết định (--by)."
    )

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="{grant,revoke,rotate-key,keygen,check}"
        )

        grant = sub.add_parser(
            "grant",
            help="cấp quyền xem danh tính người tố cáo của một hồ sơ (lãnh đạo quyết định)",
        )
        self._case_arguments(grant)
        grant.add_argument("--user", required=True, help="tên đăng nhập của người được cấp quyền")
        grant.add_argument("--reason", required=True, help="lý do (ít nhất 10 ký tự)")
        grant.add_argument(
            "--days", type=int, required=True, help=f"số ngày hiệu lực (1-{GRANT_MAX_DAYS})"
        )
        grant.add_argument(
            "--by",
            required=True,
            help="tên đăng nhập của lãnh đạo phụ trách hồ sơ quyết định cấp quyền (bắt buộc: "
            "người vận hành chỉ nhập quyết định, không tự cấp quyền)",
        )

        revoke = sub.add_parser("revoke", help="thu hồi quyền xem danh tính của một người")
        self._case_arguments(revoke)
        revoke.add_argument("--user", required=True, help="tên đăng nhập của người bị thu hồi")
        revoke.add_argument(
            "--by", required=True, help="tên đăng nhập của lãnh đạo phụ trách hồ sơ"
        )
        revoke.add_argument("--reason", default="", help="lý do thu hồi")

        rotate = sub.add_parser(
            "rotate-key", help="mã hóa lại toàn bộ kho bằng khóa đầu tiên trong cấu hình"
        )
        rotate.add_argument(
            "--generate",
            action="store_true",
            help="tạo khóa mới và ghi lên đầu tệp khóa trước khi mã hóa lại (chỉ với tệp khóa)",
        )

        sub.add_parser("keygen", help="in một khóa mới")
        sub.add_parser("check", help="giải mã thử toàn bộ kho; mã thoát 1 nếu có lỗi")

    @staticmethod
    def _case_arguments(parser: Any) -> None:
        parser.add_argument("--case", required=True, help="số hồ sơ (kèm --org) hoặc id hồ sơ")
        parser.add_argument("--org", default=None, help="mã cơ quan thụ lý hồ sơ")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"].replace("-", "_")
        try:
            getattr(self, f"_{action}")(options)
        except DomainError as exc:
            raise _fail(_domain_message(exc)) from None

    def _grant(self, options: dict[str, Any]) -> None:
        petition = _petition(options["case"], options["org"])
        grantee = _user(options["user"], "--user")
        leader = _user(options["by"], "--by")
        days = options["days"]
        if not 1 <= days <= GRANT_MAX_DAYS:
            raise _fail(f"--days phải từ 1 đến {GRANT_MAX_DAYS}.")
        grant = identity_grant_create(
            petition=petition,
            actor=leader,
            user=grantee,
            reason=options["reason"],
            expires_at=timezone.now() + timedelta(days=days),
            via="cli",
        )
        expires = timezone.localtime(grant.expires_at).strftime("%d/%m/%Y %H:%M")
        self.stdout.write(
            f"Đã cấp quyền xem danh tính hồ sơ {petition.case_number} cho {grantee.username} "
            f"đến {expires} (quyết định của {leader.username})."
        )

    def _revoke(self, options: dict[str, Any]) -> None:
        petition = _petition(options["case"], options["org"])
        grantee = _user(options["user"], "--user")
        leader = _user(options["by"], "--by")
        grants = list(
            IdentityGrant.objects.select_related("petition", "user").filter(
                petition=petition, user=grantee, revoked_at__isnull=True
            )
        )
        if not grants:
            raise _fail(
                f"{grantee.username} không có quyền xem danh tính đang hiệu lực ở hồ sơ "
                f"{petition.case_number}."
            )
        for grant in grants:
            identity_grant_revoke(grant=grant, actor=leader, reason=options["reason"], via="cli")
        self.stdout.write(
            f"Đã thu hồi {len(grants)} quyền xem danh tính hồ sơ {petition.case_number} "
            f"của {grantee.username}."
        )

    def _rotate_key(self, options: dict[str, Any]) -> None:
        new_key = vault_key_generate() if options["generate"] else None
        result = vault_rotate_key(new_key=new_key)
        self.stdout.write(
            f"Khóa chính: {result.primary_key_id}. Đã mã hóa lại {result.entries_rotated} hồ sơ "
            f"và {result.files_rotated} tệp; {result.entries_unchanged} hồ sơ và "
            f"{result.files_unchanged} tệp đã dùng khóa chính."
        )
        if result.unused_key_ids:
            self.stdout.write(
                "Khóa không còn dữ liệu nào dùng, có thể gỡ khỏi cấu hình: "
                f"{', '.join(result.unused_key_ids)}."
            )

    def _keygen(self, options: dict[str, Any]) -> None:
        key = vault_key_generate()
        self.stdout.write(key)
        self.stderr.write(
            f"Mã khóa: {vault_key_id(key)}. Đặt khóa lên đầu DANVAN_VAULT_KEY (các khóa cách "
            "nhau bằng dấu phẩy) hoặc dòng đầu tệp khóa, giữ khóa cũ phía sau, rồi chạy "
            "`danvan vault rotate-key`."
        )

    def _check(self, options: dict[str, Any]) -> None:
        result = vault_check()
        for line in result.failures:
            self.stderr.write(line)
        for key_id, (entries, files) in result.key_usage.items():
            primary = " (khóa chính)" if key_id == result.primary_key_id else ""
            self.stdout.write(f"Khóa {key_id}{primary}: {entries} hồ sơ, {files} tệp.")
        summary = (
            f"Hồ sơ: {result.entries_ok} giải mã được, {result.entries_failed} lỗi; "
            f"tệp: {result.files_ok} giải mã được, {result.files_failed} lỗi."
        )
        if not result.ok:
            raise _fail(f"Kho bảo mật có lỗi. {summary}", returncode=1)
        self.stdout.write(f"OK: {summary}")
