"""`danvan user ...`: accounts and roles from the command line (the operator acts as "system").

  danvan user add USERNAME --password P --org ORG_CODE --role ROLE [--full-name ...]
      A new user is created with that role. For an existing user the role is added and the
      password is left unchanged (use `danvan user password`); a role already held is
      reported and is not an error.
  danvan user password USERNAME --password P
  danvan user revoke USERNAME --org ORG_CODE --role ROLE
  danvan user deactivate USERNAME / danvan user activate USERNAME
  danvan user list [--org ORG_CODE]

Bad input (unknown organisation or role, a password the validators refuse, ...) exits with
status 2 and a one-line message.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from danvan.core.errors import Conflict, DomainError
from danvan.core.models import Membership, Organization, Role, User
from danvan.core.services import accounts as account_services


def _fail(message: str) -> CommandError:
    return CommandError(" ".join(message.split()), returncode=2)


def _organization(code: str) -> Organization:
    org = Organization.objects.filter(code=code.strip()).first()
    if org is None:
        raise _fail(f"Không có cơ quan mã «{code}»; xem danh sách bằng `danvan org list`.")
    return org


def _role(role: str) -> str:
    if role not in Role.values:
        raise _fail(f"Vai trò «{role}» không tồn tại; dùng một trong: {', '.join(Role.values)}.")
    return role


def _user(username: str) -> User:
    user = User.objects.filter(username__iexact=username.strip()).first()
    if user is None:
        raise _fail(f"Không có người dùng «{username}».")
    return user


def _domain_message(exc: DomainError) -> str:
    details = "; ".join(f"{k}: {v}" for k, v in exc.fields.items() if v not in exc.message)
    return f"{exc.message} {details}".strip()


class Command(BaseCommand):
    help = "Người dùng và vai trò: add, password, revoke, deactivate, activate, list."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{add,password,...}")

        add = sub.add_parser("add", help="tạo người dùng (hoặc giao thêm vai trò)")
        add.add_argument("username")
        add.add_argument("--password", default=None, help="mật khẩu (bắt buộc với người mới)")
        add.add_argument("--org", required=True, help="mã cơ quan, đơn vị")
        add.add_argument("--role", required=True, help=f"vai trò: {', '.join(Role.values)}")
        add.add_argument("--full-name", default="", help="họ và tên")
        add.add_argument("--position", default="", help="chức vụ")
        add.add_argument("--phone", default="", help="điện thoại")
        add.add_argument("--email", default="", help="thư điện tử")

        password = sub.add_parser("password", help="đặt lại mật khẩu")
        password.add_argument("username")
        password.add_argument("--password", required=True)

        revoke = sub.add_parser("revoke", help="thu hồi một vai trò")
        revoke.add_argument("username")
        revoke.add_argument("--org", required=True)
        revoke.add_argument("--role", required=True)

        for name, text in (("deactivate", "khóa tài khoản"), ("activate", "mở khóa tài khoản")):
            p = sub.add_parser(name, help=text)
            p.add_argument("username")

        listing = sub.add_parser("list", help="liệt kê người dùng và vai trò")
        listing.add_argument("--org", default=None, help="chỉ người có vai trò tại cơ quan này")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            getattr(self, f"_{action}")(options)
        except DomainError as exc:
            raise _fail(_domain_message(exc)) from None

    def _add(self, options: dict[str, Any]) -> None:
        org = _organization(options["org"])
        role = _role(options["role"])
        existing = User.objects.filter(username__iexact=options["username"].strip()).first()
        if existing is None:
            if not options["password"]:
                raise _fail("Người dùng mới cần --password.")
            user = account_services.user_create(
                actor=None,
                username=options["username"],
                password=options["password"],
                full_name=options["full_name"],
                position=options["position"],
                phone=options["phone"],
                email=options["email"],
                organization=org,
                role=role,
            )
            self.stdout.write(
                f"Đã tạo người dùng {user.username}: {Role(role).label} tại {org.code}."
            )
            return
        if options["password"]:
            self.stderr.write(
                f"{existing.username} đã có: mật khẩu giữ nguyên (đổi bằng `danvan user password`)."
            )
        try:
            account_services.membership_grant(
                actor=None, user=existing, organization=org, role=role
            )
        except Conflict:
            self.stdout.write(
                f"{existing.username} đã có vai trò {Role(role).label} tại {org.code}; "
                "không thay đổi."
            )
            return
        self.stdout.write(
            f"Đã giao vai trò {Role(role).label} tại {org.code} cho {existing.username}."
        )

    def _password(self, options: dict[str, Any]) -> None:
        user = _user(options["username"])
        account_services.user_set_password(actor=None, user=user, password=options["password"])
        self.stdout.write(f"Đã đặt lại mật khẩu cho {user.username}; khóa API đã bị thu hồi.")

    def _revoke(self, options: dict[str, Any]) -> None:
        user = _user(options["username"])
        org = _organization(options["org"])
        role = _role(options["role"])
        membership = (
            Membership.objects.select_related("organization", "user")
            .filter(user=user, organization=org, role=role)
            .first()
        )
        if membership is None:
            raise _fail(f"{user.username} không có vai trò {role} tại {org.code}.")
        account_services.membership_revoke(actor=None, membership=membership)
        self.stdout.write(
            f"Đã thu hồi vai trò {Role(role).label} tại {org.code} của {user.username}."
        )

    def _deactivate(self, options: dict[str, Any]) -> None:
        user = _user(options["username"])
        account_services.user_deactivate(actor=None, user=user)
        self.stdout.write(f"Đã khóa tài khoản {user.username}.")

    def _activate(self, options: dict[str, Any]) -> None:
        user = _user(options["username"])
        account_services.user_activate(actor=None, user=user)
        self.stdout.write(f"Đã mở khóa tài khoản {user.username}.")

    def _list(self, options: dict[str, Any]) -> None:
        users = User.objects.order_by("username").prefetch_related("memberships__organization")
        if options["org"]:
            org = _organization(options["org"])
            users = users.filter(memberships__organization=org).distinct()
        for user in users:
            roles = ", ".join(
                f"{m.role}@{m.organization.code}"
                for m in sorted(user.memberships.all(), key=lambda m: (m.organization.code, m.role))
            )
            flags = []
            if not user.is_active:
                flags.append("đã khóa")
            if user.is_superuser:
                flags.append("superuser")
            flag_text = f" [{', '.join(flags)}]" if flags else ""
            self.stdout.write(f"{user.username}\t{user.full_name}\t{roles or '-'}{flag_text}")
