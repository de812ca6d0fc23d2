"""`danvan classify`: the topic classifier from the command line.

  danvan classify
      Reads one text per line on standard input (UTF-8) and prints one topic code per line,
      in the same order; an empty line gets `khac`. Streams: any number of lines. This output
      is a stable interface.
  danvan classify train [--no-corrections]
      Rebuilds the model from the committed labelled set (and the officers' corrections
      unless --no-corrections); prints the counts and where the model was written.
  danvan classify evaluate [--data DIR] [--json]
      Precision, recall, F1 and support per topic, then macro-F1 and accuracy, on the
      committed held-out set (or the `<code>.txt` files in DIR).

Bad input or no model: one line on standard error, exit status 2.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

BATCH = 2000


def _fail(message: str) -> CommandError:
    return CommandError(" ".join(str(message).split()), returncode=2)


def _reader(stream: Any) -> Any:
    """Lines of bytes (UTF-8 whatever the locale) from a text stream with a buffer, or the
    stream itself (tests pass `io.BytesIO` or `io.StringIO`)."""
    return getattr(stream, "buffer", stream)


def _writer(stream: Any) -> Callable[[str], Any]:
    """Write text as UTF-8 whatever the locale: to the buffer behind a text stream, as is to
    an in-memory text stream, encoded to a byte stream."""
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        stream.flush()
        return lambda text: buffer.write(text.encode("utf-8"))
    if isinstance(stream, io.TextIOBase):
        return stream.write
    return lambda text: stream.write(text.encode("utf-8"))


class Command(BaseCommand):
    help = (
        "Phân loại lĩnh vực: đọc mỗi dòng một văn bản từ stdin, in mã lĩnh vực từng dòng; "
        "`classify train` huấn luyện lại; `classify evaluate` đo chất lượng."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False
    stealth_options = ("stdin",)

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "action",
            nargs="?",
            choices=["train", "evaluate"],
            help="train: huấn luyện lại; evaluate: đo trên tập kiểm tra; bỏ trống: phân loại stdin",
        )
        parser.add_argument(
            "--no-corrections",
            action="store_true",
            help="train: chỉ dùng dữ liệu gắn nhãn trong mã nguồn, bỏ qua các lần cán bộ sửa",
        )
        parser.add_argument(
            "--data",
            default=None,
            help="evaluate: thư mục chứa các tệp <mã lĩnh vực>.txt (mặc định: tập kiểm tra)",
        )
        parser.add_argument("--json", action="store_true", help="evaluate: in kết quả dạng JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options.get("action")
        if action == "train":
            self._train(include_corrections=not options["no_corrections"])
        elif action == "evaluate":
            self._evaluate(options.get("data"), as_json=options["json"])
        else:
            if options.get("no_corrections") or options.get("data") or options.get("json"):
                raise _fail("--no-corrections, --data và --json chỉ dùng với train hoặc evaluate.")
            self._classify(options.get("stdin"))

    # -- danvan classify ---------------------------------------------------------------------

    def _classify(self, stdin: Any) -> None:
        from danvan.monitoring.classifier import ClassifierUnavailable, classifier_model
        from danvan.text import classify

        try:
            model = classifier_model()
        except (ClassifierUnavailable, classify.ModelFormatError, OSError) as exc:
            raise _fail(f"Không có mô hình phân loại: {exc}") from exc
        source = _reader(stdin if stdin is not None else sys.stdin)
        target: Any = self.stdout._out  # the stream behind Django's OutputWrapper
        write = _writer(target)
        batch: list[str] = []

        def flush() -> None:
            if batch:
                write("".join(f"{code}\n" for code in classify.predict(model, batch)))
                batch.clear()

        try:
            for raw in source:
                line = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
                batch.append(line.rstrip("\r\n"))
                if len(batch) >= BATCH:
                    flush()
            flush()
            getattr(target, "buffer", target).flush()
        except BrokenPipeError:
            # The reader went away (`| head`): stop quietly, as Unix filters do; the output
            # goes to /dev/null so that the flush at exit does not fail again.
            with contextlib.suppress(OSError, ValueError, AttributeError):
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, target.fileno())

    # -- danvan classify train ---------------------------------------------------------------

    def _train(self, *, include_corrections: bool) -> None:
        from danvan.monitoring.classifier import ClassifierUnavailable, classifier_train

        try:
            result = classifier_train(include_corrections=include_corrections)
        except ClassifierUnavailable as exc:
            raise _fail(f"Không huấn luyện được: {exc}") from exc
        counts = ", ".join(f"{code}: {n}" for code, n in sorted(result.per_topic.items()))
        self.stdout.write(
            f"Đã huấn luyện trên {result.texts} văn bản "
            f"({result.corrections} lần cán bộ sửa lĩnh vực) trong {result.seconds:.1f} giây."
        )
        self.stdout.write(f"Theo lĩnh vực — {counts}")
        self.stdout.write(f"Mô hình: {result.path}")

    # -- danvan classify evaluate ------------------------------------------------------------

    def _evaluate(self, data: str | None, *, as_json: bool) -> None:
        from danvan.monitoring.classifier import ClassifierUnavailable, classifier_evaluate
        from danvan.text import classify

        if data is not None and not Path(data).is_dir():
            raise _fail(f"Không có thư mục {data}.")
        try:
            result = classifier_evaluate(data)
        except (ClassifierUnavailable, classify.ModelFormatError) as exc:
            raise _fail(f"Không đánh giá được: {exc}") from exc
        if as_json:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
            return
        self.stdout.write(
            f"{'lĩnh vực':<20} {'precision':>9} {'recall':>9} {'F1':>9} {'số mẫu':>8}"
        )
        for s in result.per_topic:
            self.stdout.write(
                f"{s.code:<20} {s.precision:>9.3f} {s.recall:>9.3f} {s.f1:>9.3f} {s.support:>8}"
            )
        self.stdout.write(f"macro-F1: {result.macro_f1:.4f}")
        self.stdout.write(f"accuracy: {result.accuracy:.4f} ({result.n} văn bản)")
