"""`danvan audit verify`: walk the audit hash chain and name the first broken link.

Exit status: 0 when the chain is intact (one summary line, with the head hash: record it
elsewhere to be able to prove later that the end of the log was not cut off), 1 when the chain
is broken (tampering: the first broken link, its seq and what is wrong), 2 for bad usage.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from danvan.core.services.audit import audit_chain_verify


class Command(BaseCommand):
    help = "Nhật ký thao tác: `audit verify` kiểm tra toàn bộ chuỗi mã băm."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{verify}")
        verify = sub.add_parser("verify", help="kiểm tra chuỗi mã băm của nhật ký")
        verify.add_argument(
            "--chunk-size", type=int, default=2000, help="số dòng đọc mỗi lượt (mặc định 2000)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["chunk_size"] < 1:
            raise CommandError("--chunk-size phải là số dương.", returncode=2)
        result = audit_chain_verify(chunk_size=options["chunk_size"])
        if result.problem is not None:
            problem = result.problem
            raise CommandError(
                f"Nhật ký bị can thiệp: liên kết hỏng đầu tiên ở seq {problem.seq} — "
                f"{problem.describe()}. "
                f"{result.events} sự kiện trước đó còn nguyên vẹn.",
                returncode=1,
            )
        if result.events == 0:
            self.stdout.write("OK: nhật ký trống, chưa có sự kiện nào.")
            return
        self.stdout.write(
            f"OK: chuỗi nhật ký nguyên vẹn, {result.events} sự kiện (seq 1–{result.last_seq}), "
            f"mã băm đầu chuỗi {result.head_hash}."
        )
