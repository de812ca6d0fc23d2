"""`danvan org ...`: organisations from the command line (the operator acts as "system").

  danvan org list [--level LEVEL] [--kind KIND] [--area CODE] [--all]
      One line per organisation, sorted by code, no header:
      code<TAB>name<TAB>level<TAB>area_code   (level: national, province or commune;
      area_code empty when none). Deactivated organisations only with --all.
  danvan org add CODE --name NAME --kind KIND --level LEVEL [--area CODE] [--parent CODE]
                 [--short-name S]
  danvan org update CODE [--name ...] [--short-name ...] [--kind ...] [--level ...]
                    [--area CODE] [--parent CODE|-] [--deactivate | --activate]

Bad input exits with status 2 and a one-line Vietnamese message; nothing is written.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from danvan.core.errors import DomainError
from danvan.core.models import Organization, OrgKind, OrgLevel
from danvan.core.selectors.orgs import organization_list
from danvan.core.services.orgs import UNSET, organization_create, organization_update


def _fail(message: str) -> CommandError:
    return CommandError(" ".join(message.split()), returncode=2)


def _clean_cell(text: str) -> str:
    return " ".join(text.split())


class Command(BaseCommand):
    help = "Cơ quan, đơn vị: list, add, update."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{list,add,update}")

        lst = sub.add_parser("list", help="liệt kê cơ quan: mã, tên, cấp, mã địa bàn")
        lst.add_argument("--level", default=None, help="national, province hoặc commune")
        lst.add_argument("--kind", default=None, help=f"loại: {', '.join(OrgKind.values)}")
        lst.add_argument("--area", default=None, help="mã địa bàn (tỉnh: gồm cả các xã)")
        lst.add_argument("--all", action="store_true", help="gồm cả cơ quan đã ngừng hoạt động")

        add = sub.add_parser("add", help="thêm cơ quan")
        add.add_argument("code")
        add.add_argument("--name", required=True)
        add.add_argument("--kind", required=True, help=", ".join(OrgKind.values))
        add.add_argument("--level", required=True, help=", ".join(OrgLevel.values))
        add.add_argument("--area", default=None, help="mã tỉnh (2 số) hoặc mã xã (5 số)")
        add.add_argument("--parent", default=None, help="mã cơ quan cấp trên")
        add.add_argument("--short-name", default="")

        upd = sub.add_parser("update", help="sửa cơ quan")
        upd.add_argument("code")
        upd.add_argument("--name", default=None)
        upd.add_argument("--short-name", default=None)
        upd.add_argument("--kind", default=None)
        upd.add_argument("--level", default=None)
        upd.add_argument("--area", default=None)
        upd.add_argument("--parent", default=None, help="mã cơ quan cấp trên; '-' để bỏ")
        state = upd.add_mutually_exclusive_group()
        state.add_argument("--deactivate", action="store_true")
        state.add_argument("--activate", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "list":
                self._list(options)
            elif options["action"] == "add":
                org = organization_create(
                    actor=None,
                    code=options["code"],
                    name=options["name"],
                    kind=options["kind"],
                    level=options["level"],
                    area_code=options["area"],
                    parent_code=options["parent"],
                    short_name=options["short_name"],
                )
                self.stdout.write(f"Đã thêm {org.code}: {org.name}")
            elif options["action"] == "update":
                self._update(options)
        except DomainError as exc:
            details = "; ".join(v for v in exc.fields.values() if v not in exc.message)
            raise _fail(f"{exc.message} {details}".strip()) from None

    def _list(self, options: dict[str, Any]) -> None:
        qs = organization_list(
            user=None,
            kind=options["kind"],
            level=options["level"],
            area_code=options["area"],
            include_inactive=options["all"],
        )
        for org in qs:
            area = org.area.code if org.area is not None else ""
            self.stdout.write(f"{org.code}\t{_clean_cell(org.name)}\t{org.level}\t{area}")

    def _update(self, options: dict[str, Any]) -> None:
        org = Organization.objects.filter(code=options["code"].strip()).first()
        if org is None:
            raise _fail(f"Không có cơ quan mã «{options['code']}»; xem `danvan org list --all`.")
        changes: dict[str, Any] = {}
        for option, name in [
            ("name", "name"),
            ("short_name", "short_name"),
            ("kind", "kind"),
            ("level", "level"),
            ("area", "area_code"),
        ]:
            if options[option] is not None:
                changes[name] = options[option]
        if options["parent"] is not None:
            changes["parent_code"] = None if options["parent"] == "-" else options["parent"]
        if options["deactivate"]:
            changes["is_active"] = False
        elif options["activate"]:
            changes["is_active"] = True
        if not changes:
            raise _fail("Không có gì để sửa: dùng --name, --kind, --level, --area, --parent, ...")
        org = organization_update(
            actor=None,
            organization=org,
            name=changes.get("name", UNSET),
            short_name=changes.get("short_name", UNSET),
            kind=changes.get("kind", UNSET),
            level=changes.get("level", UNSET),
            area_code=changes.get("area_code", UNSET),
            parent_code=changes.get("parent_code", UNSET),
            is_active=changes.get("is_active", UNSET),
        )
        self.stdout.write(f"Đã sửa {org.code}: {org.name}")
