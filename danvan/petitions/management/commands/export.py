"""`danvan export petitions --org ORG_CODE [--year Y] OUT.xlsx`: the register in Excel.

Writes the petitions received by the organisation (in year Y, or all years) as the register
the import reads back (`petitions.imports.export`): one row per petition, dates as date cells,
never a denouncer's identity. `--with-below` adds the organisations under it. Bad usage exits
with status 2 and one line on stderr.
"""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from danvan.core.models import Organization
from danvan.petitions.imports.export import petitions_export
from danvan.petitions.models import Petition


def _fail(message: str) -> CommandError:
    return CommandError(" ".join(message.split()), returncode=2)


def _below(org: Organization) -> list[int]:
    ids, frontier = {int(org.pk)}, {int(org.pk)}
    while frontier:
        children = set(
            Organization.objects.filter(parent_id__in=sorted(frontier)).values_list("id", flat=True)
        )
        frontier = children - ids
        ids |= frontier
    return sorted(ids)


class Command(BaseCommand):
    help = "Xuất sổ đơn thư ra Excel: `export petitions --org MÃ_CƠ_QUAN [--year NĂM] OUT.xlsx`."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="what", required=True, metavar="{petitions}")
        p = sub.add_parser("petitions", help="xuất sổ theo dõi đơn thư (.xlsx)")
        p.add_argument("out", help="tệp .xlsx sẽ ghi")
        p.add_argument("--org", required=True, help="mã cơ quan nhận đơn")
        p.add_argument("--year", type=int, default=None, help="năm nhận đơn (mặc định: mọi năm)")
        p.add_argument("--with-below", action="store_true", help="gồm cả các cơ quan cấp dưới")
        p.add_argument("--force", action="store_true", help="ghi đè nếu tệp đã có")

    def handle(self, *args: Any, **options: Any) -> None:
        out = options["out"]
        if not out.lower().endswith(".xlsx"):
            raise _fail(f"Tệp ra «{out}» phải có đuôi .xlsx.")
        if os.path.exists(out) and not options["force"]:
            raise _fail(f"Tệp «{out}» đã có: dùng --force để ghi đè.")
        folder = os.path.dirname(os.path.abspath(out))
        if not os.path.isdir(folder):
            raise _fail(f"Không có thư mục «{folder}».")
        org = Organization.objects.filter(code=options["org"].strip()).first()
        if org is None:
            raise _fail(f"Không có cơ quan mã «{options['org']}» (xem `danvan org list`).")
        year = options["year"]
        if year is not None and not 2000 <= year <= 2100:
            raise _fail("--year là năm có bốn chữ số, từ 2000.")
        ids = _below(org) if options["with_below"] else [int(org.pk)]
        qs = Petition.objects.filter(organization_id__in=ids)
        if year is not None:
            qs = qs.filter(received_on__year=year)
        subtitle = f"{org.name}" + (f" — năm {year}" if year else "")
        with open(out, "wb") as fh:
            count = petitions_export(qs, fh, subtitle=subtitle)
        self.stdout.write(f"Đã xuất {count} đơn thư vào {out}.")
