"""`danvan restore ARCHIVE [--yes]`: replace the database and the uploaded files with a backup.

Verifies the archive first; refuses an archive of the other database engine, one made by a
newer danvan, and (without --yes) a database that already holds data. Stop `danvan serve` and
`danvan worker` first. Exit status: 0 restored and checked, 1 the archive or the result failed
verification, 2 refused (nothing changed). See docs/backup.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from danvan.core.backup import BackupError, backup_restore, iter_problems, summary


class Command(BaseCommand):
    help = "Khôi phục cơ sở dữ liệu và tệp đính kèm từ một bản sao lưu của `danvan backup`."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive", metavar="ARCHIVE")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="đồng ý thay dữ liệu đang có bằng bản sao lưu",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        archive = Path(options["archive"])
        try:
            result = backup_restore(
                archive, confirmed=options["yes"], progress=lambda text: self.stdout.write(text)
            )
        except BackupError as exc:
            lines = [exc.message, *(f"  - {p}" for p in iter_problems(exc.problems))]
            raise CommandError("\n".join(lines), returncode=exc.returncode) from None
        for note in result.notes:
            (self.stderr if note.startswith("CẢNH BÁO") else self.stdout).write(note)
        if not result.ok:
            lines = [
                "Đã khôi phục nhưng kết quả KHÔNG khớp bản kê của bản sao lưu:",
                *(f"  - {p}" for p in iter_problems(result.problems)),
            ]
            raise CommandError("\n".join(lines), returncode=1)
        self.stdout.write(
            f"Đã khôi phục từ {archive} trong {result.seconds:.1f} giây và kiểm tra: số dòng "
            f"mọi bảng và đầu chuỗi nhật ký khớp bản kê. {summary(result.manifest)}"
        )
