"""`danvan report build|indicators`: periodic reports from the command line (a stable interface).

    danvan report build --kind KIND --org ORG_CODE --period PERIOD --format docx|xlsx|pdf|forms \
        --out FILE
        writes the unit's report for the period (its stored report if there is one, else a
        draft computed now) and prints the file's path.
    danvan report indicators --org ORG_CODE --period PERIOD [--kind KIND]
        prints one `code<TAB>value` line per indicator (a rate with nothing to count prints an
        empty value); the kind follows from the PERIOD's shape.

PERIOD: 2026-09 (month), 2026-Q3, 2026-H1, 2026-9M, 2026, 2016..2025 (multi-year),
2026-03-01..2026-04-15 (ad hoc). A PERIOD that does not fit the KIND, an unknown
organisation or an unwritable file exits with status 2 and one line on stderr.
"""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from danvan.core.errors import DomainError
from danvan.core.models import Organization
from danvan.reports.indicators import Window, coverage_for, figures_compute
from danvan.reports.periods import KINDS, PeriodError, period_kind_of
from danvan.reports.services import period_for, report_for_cli

BUILD_FORMATS = ("docx", "xlsx", "pdf", "forms")


def _fail(message: str) -> CommandError:
    return CommandError(" ".join(str(message).split()), returncode=2)


def _organization(code: str) -> Organization:
    org = Organization.objects.select_related("area", "parent").filter(code=code.strip()).first()
    if org is None:
        raise _fail(f"Không có cơ quan mã «{code}» (xem `danvan org list`).")
    return org


class Command(BaseCommand):
    help = "Báo cáo định kỳ: `report build` (xuất DOCX/XLSX/PDF), `report indicators` (chỉ tiêu)."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="what", required=True, metavar="{build,indicators}")
        b = sub.add_parser("build", help="xuất báo cáo ra tệp và in đường dẫn")
        b.add_argument("--kind", required=True, choices=KINDS, help="loại báo cáo")
        b.add_argument("--org", required=True, help="mã cơ quan báo cáo")
        b.add_argument("--period", required=True, help="kỳ báo cáo, ví dụ 2026-H1")
        b.add_argument("--format", required=True, choices=BUILD_FORMATS, dest="fmt")
        b.add_argument("--out", required=True, help="tệp sẽ ghi")
        i = sub.add_parser("indicators", help="in các chỉ tiêu: mã<TAB>giá trị")
        i.add_argument("--org", required=True, help="mã cơ quan báo cáo")
        i.add_argument("--period", required=True, help="kỳ báo cáo, ví dụ 2026-H1")
        i.add_argument("--kind", choices=KINDS, default=None, help="loại báo cáo (tự nhận)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["what"] == "build":
                self._build(options)
            else:
                self._indicators(options)
        except DomainError as exc:
            raise _fail(exc.message) from None
        except PeriodError as exc:
            raise _fail(str(exc)) from None

    def _build(self, options: dict[str, Any]) -> None:
        from danvan.reports.build import report_file

        out = options["out"]
        folder = os.path.dirname(os.path.abspath(out))
        if not os.path.isdir(folder):
            raise _fail(f"Không có thư mục «{folder}».")
        org = _organization(options["org"])
        report, _unsaved = report_for_cli(
            organization=org, kind=options["kind"], period_code=options["period"]
        )
        rendered = report_file(report, options["fmt"])
        tmp = f"{out}.part"
        try:
            with open(tmp, "wb") as fh:
                fh.write(rendered.data)
            os.replace(tmp, out)
        except OSError as exc:
            if os.path.exists(tmp):
                os.remove(tmp)
            raise _fail(f"Không ghi được tệp «{out}»: {exc.strerror}.") from None
        self.stdout.write(os.path.abspath(out))

    def _indicators(self, options: dict[str, Any]) -> None:
        org = _organization(options["org"])
        kind = options["kind"] or period_kind_of(options["period"])
        period = period_for(org, kind, options["period"])
        values = figures_compute(coverage_for(org), Window(period.start, period.end))
        for code, value in values.items():
            self.stdout.write(f"{code}\t{'' if value is None else value}")
