"""`danvan deadline RULE_ID START_DATE [--complex | --especially-complex] [--remote] [--extended]`

Stable interface: the due date (YYYY-MM-DD) alone on the first line of stdout, the explanation
(Vietnamese) on the following lines. Exit status 2 with one line on stderr for an unknown rule,
a bad date, a variant the rule does not have, a start date before the rule's first version, or
bad options; 1 when the database cannot be read.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from danvan.core.deadlines import Suspension, parse_iso_date
from danvan.core.errors import DomainError, ValidationFailed
from danvan.core.selectors.calendar import compute_deadline


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


class Command(BaseCommand):
    help = (
        "Tính hạn xử lý theo quy tắc pháp lý. Dòng đầu: ngày hạn (YYYY-MM-DD); các dòng sau: "
        "cách tính. Ví dụ: danvan deadline complaint.first.resolve 2026-02-10 --remote"
    )
    requires_system_checks: list[str] = []

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)

        def error(message: str) -> NoReturn:
            # argparse prints the usage and the error over several lines; keep the one-line
            # contract of the command for bad options as well.
            text = _one_line(f"{_argparse_message(message)} Xem: danvan deadline --help")
            if parser.called_from_command_line:
                parser.exit(2, f"CommandError: {text}\n")
            raise CommandError(text, returncode=2)

        parser.error = error  # type: ignore[method-assign]
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "rule_id", metavar="RULE_ID", help="mã quy tắc, ví dụ complaint.first.resolve"
        )
        parser.add_argument(
            "start", metavar="START_DATE", help="ngày bắt đầu tính, dạng YYYY-MM-DD"
        )
        level = parser.add_mutually_exclusive_group()
        level.add_argument("--complex", action="store_true", help="vụ việc phức tạp")
        level.add_argument(
            "--especially-complex", action="store_true", help="vụ việc đặc biệt phức tạp"
        )
        parser.add_argument(
            "--remote", action="store_true", help="vùng sâu, vùng xa, đi lại khó khăn"
        )
        parser.add_argument(
            "--extended",
            action="store_true",
            help="gia hạn (tố cáo cần kiểm tra, xác minh ở nhiều nơi)",
        )
        parser.add_argument(
            "--suspend",
            action="append",
            default=[],
            metavar="TỪ:ĐẾN",
            help="khoảng tạm đình chỉ YYYY-MM-DD:YYYY-MM-DD (ngày quyết định tạm đình chỉ : "
            "ngày quyết định tiếp tục); lặp lại được",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            start = parse_iso_date(options["start"], field="start")
            suspensions = [_suspension(value) for value in options["suspend"]]
            result = compute_deadline(
                rule_id=options["rule_id"].strip(),
                start=start,
                complex=options["complex"],
                especially_complex=options["especially_complex"],
                remote=options["remote"],
                extended=options["extended"],
                suspensions=suspensions,
            )
        except DomainError as exc:
            raise CommandError(_one_line(exc.message), returncode=2) from exc
        except DatabaseError as exc:
            raise CommandError(
                _one_line(
                    f"Không đọc được cơ sở dữ liệu ({type(exc).__name__}): chạy “danvan install” "
                    "để tạo bảng và nạp dữ liệu tham chiếu."
                ),
                returncode=1,
            ) from exc
        self.stdout.write(result.due.isoformat())
        for line in result.explanation:
            self.stdout.write(line)


def _argparse_message(message: str) -> str:
    """argparse's English messages for the mistakes people make, in Vietnamese."""
    if "not allowed with argument" in message:
        return "Chỉ chọn một trong hai: --complex hoặc --especially-complex."
    if message.startswith("the following arguments are required"):
        missing = message.partition(":")[2].strip()
        return f"Thiếu tham số bắt buộc: {missing}."
    if message.startswith("unrecognized arguments"):
        return f"Tham số không nhận ra: {message.partition(':')[2].strip()}."
    return f"Tham số không hợp lệ: {message}."


def _suspension(value: str) -> Suspension:
    begin, sep, end = value.partition(":")
    if not sep:
        message = f"Khoảng tạm đình chỉ “{value}” phải có dạng TỪ:ĐẾN, ví dụ 2026-03-02:2026-03-20."
        raise ValidationFailed(message, fields={"suspend": message})
    first: dt.date = parse_iso_date(begin, field="suspend")
    return first, parse_iso_date(end, field="suspend")
