"""`danvan backup`: one archive of the database, the uploaded files and a manifest.

  danvan backup [--out DIR_OR_FILE] [--no-files] [--include-key] [--verify] [--keep N]
      Writes danvan-backup-<UTC time>.tar (mode 0600) into DIR (default DANVAN_BACKUP_DIR, else
      <var>/backups) or to FILE; never leaves a half-written archive. The vault key is left out
      unless --include-key. --verify reads the archive back; --keep N then removes the oldest
      archives of that directory beyond N.
  danvan backup verify ARCHIVE [--deep]
      Checks every member against the manifest and opens the database dump; --deep (PostgreSQL)
      also restores it into a scratch database and compares row counts.

Exit status: 0 done / archive sound, 1 the archive failed verification, 2 refused (bad
options, unwritable directory, missing pg_dump...). See docs/backup.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from danvan.core.backup import (
    BackupError,
    VerifyReport,
    backup_create,
    backup_verify,
    iter_problems,
    prune_archives,
    size_text,
    summary,
    vault_keys,
)


def _fail(exc: BackupError) -> CommandError:
    lines = [exc.message, *(f"  - {p}" for p in iter_problems(exc.problems))]
    return CommandError("\n".join(lines), returncode=exc.returncode)


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu, tệp đính kèm và bản kê vào một tệp; `backup verify ARCHIVE` "
        "kiểm tra một bản sao lưu."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--out",
            metavar="DIR_OR_FILE",
            help="thư mục (tên tệp tự đặt theo giờ UTC) hoặc tên tệp; mặc định DANVAN_BACKUP_DIR "
            "hoặc <var>/backups",
        )
        parser.add_argument(
            "--no-files", action="store_true", help="không kèm tệp đính kèm (MEDIA_ROOT)"
        )
        parser.add_argument(
            "--include-key",
            action="store_true",
            help="đưa khóa kho bảo mật danh tính vào bản sao lưu (khi đó phải bảo vệ tệp)",
        )
        parser.add_argument(
            "--verify", action="store_true", help="đọc lại và kiểm tra bản sao lưu vừa ghi"
        )
        parser.add_argument(
            "--keep",
            type=int,
            metavar="N",
            help="sau khi ghi xong, chỉ giữ N bản sao lưu mới nhất trong thư mục",
        )
        sub = parser.add_subparsers(dest="action", metavar="{verify}")
        verify = sub.add_parser("verify", help="kiểm tra một bản sao lưu")
        verify.add_argument("archive", metavar="ARCHIVE")
        verify.add_argument(
            "--deep",
            action="store_true",
            help="PostgreSQL: khôi phục thử vào cơ sở dữ liệu tạm rồi so số dòng",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options.get("action") == "verify":
            self._verify(Path(options["archive"]), deep=options["deep"])
            return
        keep = options["keep"]
        if keep is not None and keep < 1:
            raise CommandError("--keep phải là số dương.", returncode=2)
        try:
            result = backup_create(
                out=options["out"],
                include_files=not options["no_files"],
                include_key=options["include_key"],
                keep=None,
            )
        except BackupError as exc:
            raise _fail(exc) from None
        manifest = result.manifest
        self.stdout.write(
            f"Đã sao lưu vào {result.path} ({size_text(result.size)}, {result.seconds:.1f} giây): "
            f"{summary(manifest)}"
        )
        for warning in result.warnings:
            self.stderr.write(f"CẢNH BÁO: {warning}")
        self._key_warning(include_key=options["include_key"], key_ids=manifest["vault"]["key_ids"])
        if options["verify"]:
            self._verify(result.path, deep=False)
        if keep is not None:
            for removed in prune_archives(result.path, keep):
                self.stdout.write(f"Đã xóa bản sao lưu cũ {removed}.")

    def _key_warning(self, *, include_key: bool, key_ids: list[str]) -> None:
        ids = ", ".join(key_ids) or "—"
        if include_key:
            self.stderr.write(
                f"CẢNH BÁO: bản sao lưu CÓ CHỨA khóa kho bảo mật danh tính (mã {ids}). Ai có "
                "tệp này đọc được danh tính người tố cáo: giữ nó ở nơi được bảo vệ (quyền 0600, "
                "mã hóa khi chuyển đi), không để chung với bản sao lưu thường."
            )
            return
        try:
            keys = vault_keys()
        except BackupError:
            keys = None
        where = (
            "khóa kho bảo mật"
            if keys is None
            else "giá trị DANVAN_VAULT_KEY"
            if keys.source == "env"
            else f"tệp khóa {keys.path}"
            if keys.path
            else "khóa kho bảo mật"
        )
        self.stderr.write(
            f"Lưu ý: khóa kho bảo mật danh tính (mã {ids}) KHÔNG nằm trong bản sao lưu. Hãy sao "
            f"lưu riêng {where} ở nơi an toàn khác: thiếu khóa thì danh tính người tố cáo trong "
            "bản sao lưu không giải mã được."
        )

    def _verify(self, archive: Path, *, deep: bool) -> None:
        try:
            report: VerifyReport = backup_verify(archive, deep=deep)
        except BackupError as exc:
            raise _fail(exc) from None
        for note in report.notes:
            self.stdout.write(note)
        if not report.ok:
            raise _fail(
                BackupError(
                    f"Bản sao lưu {archive} KHÔNG đạt ({len(report.problems)} vấn đề):",
                    returncode=1,
                    problems=report.problems,
                )
            )
        assert report.manifest is not None
        members = len(report.manifest["members"])
        self.stdout.write(
            f"OK: {archive} nguyên vẹn — {members} thành phần khớp mã băm SHA-256, cơ sở dữ liệu "
            f"mở được và khớp bản kê. {summary(report.manifest)}"
        )
