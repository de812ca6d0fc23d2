"""`danvan entities`: entities in text from the command line, and the index.

  danvan entities extract
      Reads one text per line on standard input (UTF-8) and prints one JSON line per input
      line, in the same order: a list of {"kind", "value", "text", "start", "end", "detail"}
      (an empty line gives []). Unit names are looked up in the administrative units of the
      database.
  danvan entities index [--limit N] [--restart]
      Indexes the petitions, reception entries and issue reports not indexed yet (issue
      reports also when changed), up to N of each kind (default 5000), and prints the counts.
      --restart forgets where the previous runs stopped and starts from the first record.

Bad input: one line on standard error, exit status 2.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from danvan.core.errors import DomainError


def _writer(stream: Any) -> Callable[[str], Any]:
    """Write text as UTF-8 whatever the locale (to the buffer behind a text stream)."""
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        stream.flush()
        return lambda text: buffer.write(text.encode("utf-8"))
    if isinstance(stream, io.TextIOBase):
        return stream.write
    return lambda text: stream.write(text.encode("utf-8"))


class Command(BaseCommand):
    help = (
        "Thực thể trong văn bản: `entities extract` đọc mỗi dòng một văn bản từ stdin, in mỗi "
        "dòng một danh sách JSON; `entities index` lập chỉ mục hồ sơ mới."
    )
    stealth_options = ("stdin",)

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", metavar="extract|index", required=True)
        sub.add_parser("extract", help="đọc stdin, in JSON từng dòng")
        index = sub.add_parser("index", help="lập chỉ mục hồ sơ chưa có")
        index.add_argument(
            "--limit",
            type=int,
            default=5000,
            help="tối đa bao nhiêu hồ sơ mỗi loại (mặc định 5000)",
        )
        index.add_argument("--restart", action="store_true", help="bắt đầu lại từ hồ sơ đầu tiên")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "extract":
            self._extract(options.get("stdin"))
        else:
            self._index(limit=options["limit"], restart=options["restart"])

    def _extract(self, stdin: Any) -> None:
        from danvan.monitoring.services.entities import entities_extract

        source = stdin if stdin is not None else sys.stdin
        source = getattr(source, "buffer", source)
        target: Any = self.stdout._out  # the stream behind Django's OutputWrapper
        write = _writer(target)
        try:
            for raw in source:
                line = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
                found = [
                    {
                        "kind": e.kind,
                        "value": e.value,
                        "text": e.text,
                        "start": e.start,
                        "end": e.end,
                        "detail": e.detail,
                    }
                    for e in entities_extract(line.rstrip("\r\n"))
                ]
                write(json.dumps(found, ensure_ascii=False) + "\n")
            getattr(target, "buffer", target).flush()
        except BrokenPipeError:
            return

    def _index(self, *, limit: int, restart: bool) -> None:
        from danvan.monitoring.services.entities import (
            entities_index_pending,
            entities_index_reset,
        )

        if restart:
            entities_index_reset()
        try:
            run = entities_index_pending(limit=limit)
        except DomainError as exc:
            raise CommandError(exc.message, returncode=2) from None
        counts = ", ".join(f"{kind}: {n}" for kind, n in run.records.items())
        self.stdout.write(
            f"Đã lập chỉ mục {run.total} hồ sơ ({counts}); {run.mentions} thực thể được lưu."
        )
