"""`danvan import petitions FILE.xlsx --org ORG_CODE ...`: an existing register from Excel.

  danvan import petitions FILE.xlsx --org ORG_CODE [--sheet NAME] [--header-row N]
                         [--map "Cột=field" ...] [--dry-run] [--only-good]
                         [--keep-accepted-open] [--by USERNAME]

The same steps as the page, run here and now (no queue): the header row and columns are
detected, `--map` changes a column's field ("Cột" is a header as written in the file, a column
letter or a column number; "field" a field code or its Vietnamese label; "-" ignores the
column), every row is checked and each problem printed as "Dòng 12, cột «Ngày nhận»: ...",
then a summary. `--dry-run` stops there. Otherwise the rows are imported (refused while bad
rows exist, unless `--only-good`). Re-running with the same file imports nothing twice.

Bad usage (unknown organisation, unreadable file, wrong --map, refused import) exits with
status 2 and one line on stderr; a failure while importing exits with status 1.
"""

from __future__ import annotations

import os
import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from danvan.core.errors import DomainError
from danvan.core.models import Organization, User
from danvan.petitions.imports import columns as cols
from danvan.petitions.imports import run
from danvan.petitions.imports.checks import problem_line
from danvan.petitions.models import ImportStatus, RegisterImport

_LETTERS = re.compile(r"^[A-Za-z]{1,3}$")


def _fail(message: str, returncode: int = 2) -> CommandError:
    return CommandError(" ".join(message.split()), returncode=returncode)


def _domain_message(exc: DomainError) -> str:
    details = "; ".join(v for v in exc.fields.values() if v not in exc.message)
    return f"{exc.message} {details}".strip()


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _column_index(spec: str, columns: list[cols.Column]) -> int:
    spec = spec.strip()
    if spec.isdigit() and 1 <= int(spec) <= cols.MAX_COLUMNS:
        return int(spec) - 1
    wanted = cols.header_key(spec)
    for c in columns:
        if c.header and cols.header_key(c.header) == wanted:
            return c.index
    if _LETTERS.match(spec):
        for c in columns:
            if c.letter == spec.upper():
                return c.index
    raise _fail(f"--map: tệp không có cột «{spec}» (ghi tiêu đề cột, chữ cái hoặc số thứ tự cột).")


def _field(spec: str) -> str:
    spec = spec.strip()
    if spec in ("", "-") or cols.header_key(spec) in ("bo qua", "ignore"):
        return cols.IGNORE
    if spec in cols.FIELD_LABELS:
        return spec
    wanted = cols.header_key(spec)
    for code, label in cols.FIELD_LABELS.items():
        if cols.header_key(str(label)) == wanted:
            return code
    guessed = cols.field_for_header(spec)
    if guessed:
        return guessed
    known = ", ".join(cols.FIELD_LABELS)
    raise _fail(f"--map: không có trường «{spec}»; dùng một trong: {known}, hoặc - để bỏ qua.")


class Command(BaseCommand):
    help = "Nhập sổ đơn thư từ tệp Excel: `import petitions FILE.xlsx --org MÃ_CƠ_QUAN`."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="what", required=True, metavar="{petitions}")
        p = sub.add_parser("petitions", help="nhập sổ theo dõi đơn thư (.xlsx)")
        p.add_argument("file", help="tệp sổ đơn .xlsx")
        p.add_argument("--org", required=True, help="mã cơ quan của sổ đơn (ví dụ 44-UBND)")
        p.add_argument("--sheet", default="", help="tên trang tính (mặc định: trang đầu tiên)")
        p.add_argument(
            "--header-row", type=int, default=None, help="dòng tiêu đề (mặc định: tự tìm)"
        )
        p.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="CỘT=TRƯỜNG",
            help='ghép cột: "Ngày đến=received_on", "C=full_name", "Ghi chú=-"; lặp lại được',
        )
        p.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")
        p.add_argument("--only-good", action="store_true", help="chỉ nhập các dòng hợp lệ")
        p.add_argument(
            "--keep-accepted-open",
            action="store_true",
            help="đơn «thụ lý» giữ trạng thái đang giải quyết (mặc định: đã kết thúc)",
        )
        p.add_argument("--by", default="", help="tên đăng nhập của người nhập (ghi vào nhật ký)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            self._petitions(options)
        except DomainError as exc:
            raise _fail(_domain_message(exc)) from None

    def _petitions(self, options: dict[str, Any]) -> None:
        path = options["file"]
        if not os.path.isfile(path):
            raise _fail(f"Không có tệp «{path}».")
        org = Organization.objects.filter(code=options["org"].strip(), is_active=True).first()
        if org is None:
            raise _fail(f"Không có cơ quan mã «{options['org']}» (xem `danvan org list`).")
        actor = None
        if options["by"]:
            actor = User.objects.filter(username__iexact=options["by"].strip()).first()
            if actor is None:
                raise _fail(f"Không có người dùng «{options['by']}» (--by).")
        with open(path, "rb") as fh:
            job = run.register_import_create(
                actor=actor,
                upload=fh,
                file_name=os.path.basename(path),
                size=os.path.getsize(path),
                organization_id=org.pk,
                sheet=options["sheet"],
            )
        if options["header_row"] is not None:
            job = run.register_import_map(actor=actor, job=job, header_row=options["header_row"])
        columns = run.job_columns(job)
        fields: dict[int, str] = {}
        for spec in options["map"]:
            left, sep, right = spec.rpartition("=")
            if not sep or not left.strip():
                raise _fail(f'--map «{spec}»: viết "Cột=trường", ví dụ "Ngày đến=received_on".')
            fields[_column_index(left, columns)] = _field(right)
        job = run.register_import_map(
            actor=actor,
            job=job,
            fields=fields,
            keep_accepted_open=options["keep_accepted_open"],
        )
        self._mapping_print(job)
        run.register_import_check_start(actor=actor, job=job, queue=False)
        job = run.register_import_check_run(job_id=job.pk)
        self._failed(job)
        for problem in job.problems:
            self.stdout.write(problem_line(problem))
        good = max(job.rows_total - job.rows_bad - job.rows_skipped, 0)
        self.stdout.write(
            f"Tổng cộng {_thousands(job.rows_total)} dòng: {_thousands(job.rows_bad)} dòng lỗi, "
            f"{_thousands(job.rows_skipped)} dòng đã có hoặc trùng (bỏ qua), "
            f"{_thousands(good)} dòng hợp lệ sẽ nhập."
        )
        if options["dry_run"]:
            self.stdout.write("Chạy thử (--dry-run): chưa ghi gì.")
            return
        if good == 0:
            # Re-running a finished import is not an error: there is nothing left to do.
            self.stdout.write("Không còn dòng hợp lệ nào chưa nhập: không ghi gì thêm.")
            return
        job = RegisterImport.objects.get(pk=job.pk)
        run.register_import_start(actor=actor, job=job, only_good=options["only_good"], queue=False)
        quiet = options["verbosity"] == 0

        def progress(tally: Any) -> None:
            if not quiet:
                self.stderr.write(
                    f"  {_thousands(tally.done)} dòng đã đọc, "
                    f"{_thousands(tally.created)} đơn đã nhập"
                )

        job = run.register_import_run(job_id=job.pk, progress=progress)
        self._failed(job)
        self.stdout.write(job.message)

    def _mapping_print(self, job: RegisterImport) -> None:
        self.stdout.write(f"Tiêu đề cột ở dòng {job.header_row}; ghép cột:")
        for c in run.job_columns(job):
            target = str(cols.FIELD_LABELS.get(c.field, "")) if c.field else "(bỏ qua)"
            self.stdout.write(f"  {c.letter}  {c.header or '—'} -> {target}")
        problems = run.mapping_problems(run.job_columns(job))
        if problems:
            raise _fail(" ".join(problems) + ' Dùng --map "Cột=trường".')

    @staticmethod
    def _failed(job: RegisterImport) -> None:
        if job.status == ImportStatus.FAILED:
            raise _fail(job.message or "Lỗi khi nhập sổ đơn.", returncode=1)
