"""`danvan dedup`: near-duplicate clustering from the command line.

  danvan dedup FILE [--workers N] [--stats]
      FILE (``-`` for standard input) holds one text per line as ``id<TAB>text`` (UTF-8).
      Prints one line ``id<TAB>cluster_id`` per input line, in the same order; the same
      cluster_id means the same case, and a cluster's id is the id of its first line. This
      output is a stable interface (docs/dedup.md). Lenient input: CRLF line ends, a byte-order
      mark and bytes that are not UTF-8 are accepted; a line without a TAB is an id with an
      empty text and an empty line an empty id (each alone in its cluster); when ids repeat,
      a cluster whose first line's id another cluster already uses gets ``id#line``. Each of
      these is reported on standard error as a warning line ("Cảnh báo: ..."); the output stays
      aligned with the input. --stats adds a summary line on standard error.
  danvan dedup evaluate [--pairs FILE] [--json] [--show-errors N]
      Pair precision, recall and F1 of the clustering on a labelled set: every pair of lines in
      one predicted cluster against every pair with the same label. FILE (default: the
      committed set, danvan/data/dedup/eval.tsv) has lines ``id<TAB>label<TAB>text``; empty
      lines and lines starting with ``#`` are skipped.

An unreadable file, a bad option or a malformed labelled set: one line on standard error,
exit status 2.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser

EVAL_SET = Path(__file__).resolve().parents[3] / "data" / "dedup" / "eval.tsv"


def _fail(message: str) -> CommandError:
    return CommandError(" ".join(str(message).split()), returncode=2)


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


class _Out(io.TextIOBase):
    """A text stream writing through `_writer` (what `cluster_tsv` writes to)."""

    def __init__(self, write: Callable[[str], Any]) -> None:
        self._write = write

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._write(text)
        return len(text)


def pairs_of(sizes: Counter[Any]) -> int:
    return sum(k * (k - 1) // 2 for k in sizes.values())


def pair_scores(labels: list[str], predicted: list[Any]) -> dict[str, float | int]:
    """Pair precision, recall and F1 of a clustering against labels (counted, not listed)."""
    true = pairs_of(Counter(labels))
    found = pairs_of(Counter(predicted))
    right = pairs_of(Counter(zip(labels, predicted, strict=True)))
    precision = right / found if found else 1.0
    recall = right / true if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "texts": len(labels),
        "labels": len(set(labels)),
        "clusters": len(set(predicted)),
        "true_pairs": true,
        "predicted_pairs": found,
        "correct_pairs": right,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
    }


class Command(BaseCommand):
    help = (
        "Gom văn bản trùng lặp: đọc tệp 'id<TAB>nội dung' (hoặc - là stdin), in 'id<TAB>mã nhóm' "
        "cho từng dòng; `dedup evaluate` đo độ chính xác, độ phủ theo cặp trên tập gắn nhãn."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "target",
            metavar="FILE|evaluate",
            help="tệp 'id<TAB>nội dung' (- là stdin), hoặc evaluate",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="số tiến trình phân tích (mặc định: số nhân, tối đa 2)",
        )
        parser.add_argument("--stats", action="store_true", help="in một dòng tóm tắt ra stderr")
        parser.add_argument(
            "--pairs",
            default=None,
            metavar="FILE",
            help="evaluate: tập gắn nhãn 'id<TAB>nhãn<TAB>nội dung' (mặc định: tập kèm theo)",
        )
        parser.add_argument("--json", action="store_true", help="evaluate: in kết quả dạng JSON")
        parser.add_argument(
            "--show-errors",
            type=int,
            default=0,
            metavar="N",
            help="evaluate: in tối đa N cặp gom sai và N cặp bỏ sót",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from danvan.text.cluster import default_workers

        workers = options["workers"]
        if workers is not None and not 1 <= workers <= 64:
            raise _fail("--workers phải từ 1 đến 64.")
        workers = workers or default_workers()
        if options["target"] == "evaluate":
            self._evaluate(options, workers)
            return
        if options["pairs"] or options["json"] or options["show_errors"]:
            raise _fail("--pairs, --json và --show-errors chỉ dùng với evaluate.")
        self._cluster(options["target"], options.get("stdin"), workers, options["stats"])

    # -- danvan dedup FILE -------------------------------------------------------------------

    def _cluster(self, target: str, stdin: Any, workers: int, show_stats: bool) -> None:
        from danvan.text.cluster import Stats, cluster_tsv

        err = self.stderr

        def warn(message: str) -> None:
            err.write(f"Cảnh báo: {message}")

        stats = Stats()
        out = _Out(_writer(self.stdout._out))  # the stream behind Django's OutputWrapper
        with _open(target, stdin) as stream:
            try:
                cluster_tsv(stream, out, workers=workers, warn=warn, stats=stats)
            except BrokenPipeError:
                # The reader went away (`danvan dedup FILE | head`): stop quietly.
                with contextlib.suppress(OSError):
                    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (the interpreter's exit)
                return
            except OSError as exc:
                raise _fail(f"Không đọc được {target}: {exc}") from exc
        if show_stats:
            err.write(
                f"{stats.texts} dòng, {stats.distinct} văn bản khác nhau, {stats.empty} không còn "
                f"nội dung để so, {stats.candidates} cặp ứng viên, {stats.confirmed} cặp trùng, "
                f"{stats.clusters} nhóm; "
                + ", ".join(f"{k} {v:.1f} s" for k, v in stats.seconds.items())
            )

    # -- danvan dedup evaluate ---------------------------------------------------------------

    def _evaluate(self, options: dict[str, Any], workers: int) -> None:
        from danvan.text.cluster import cluster_texts

        path = Path(options["pairs"]) if options["pairs"] else EVAL_SET
        rows = list(_labelled(path))
        if not rows:
            raise _fail(f"Tập gắn nhãn {path} không có dòng nào.")
        first = cluster_texts((text for _, _, text in rows), workers=workers)
        labels = [label for _, label, _ in rows]
        scores = pair_scores(labels, first)
        errors = _errors(rows, first, options["show_errors"])
        if options["json"]:
            payload: dict[str, Any] = {"file": str(path), **scores}
            if options["show_errors"]:
                payload["errors"] = errors
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        self.stdout.write(
            f"Tập đánh giá: {path} — {scores['texts']} văn bản, {scores['labels']} nhãn, "
            f"{scores['true_pairs']} cặp cùng vụ việc"
        )
        self.stdout.write(
            f"precision {scores['precision']:.3f}  recall {scores['recall']:.3f}  "
            f"F1 {scores['f1']:.3f}  (cặp gom: {scores['predicted_pairs']}, đúng: "
            f"{scores['correct_pairs']}, {scores['clusters']} nhóm)"
        )
        for kind, a, b in errors:
            word = "gom sai" if kind == "false" else "bỏ sót"
            self.stdout.write(f"{word}: {a} — {b}")


class _open:
    """The input as a byte stream: a path, or ``-`` for standard input."""

    def __init__(self, target: str, stdin: Any) -> None:
        self.target = target
        self.stdin = stdin
        self.file: IO[bytes] | None = None

    def __enter__(self) -> IO[bytes]:
        if self.target == "-":
            source = self.stdin if self.stdin is not None else sys.stdin
            stream = getattr(source, "buffer", source)
            if isinstance(stream, io.TextIOBase):  # tests may pass text
                return io.BytesIO(stream.read().encode("utf-8"))
            return cast(IO[bytes], stream)
        try:
            self.file = open(self.target, "rb")
        except OSError as exc:
            raise _fail(f"Không đọc được tệp {self.target}: {exc.strerror or exc}") from exc
        return self.file

    def __exit__(self, *exc: object) -> None:
        if self.file is not None:
            self.file.close()


def _labelled(path: Path) -> Iterator[tuple[str, str, str]]:
    """(id, label, text) of a labelled set; a malformed line is an error (exit 2)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(f"Không đọc được tập gắn nhãn {path}: {exc}") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t", 2)
        if len(parts) != 3 or not parts[1]:
            raise _fail(
                f"{path}, dòng {number}: cần 'id<TAB>nhãn<TAB>nội dung' (có {len(parts)} cột)."
            )
        yield parts[0], parts[1], parts[2]


def _errors(
    rows: list[tuple[str, str, str]], first: list[int], limit: int
) -> list[tuple[str, str, str]]:
    """Up to `limit` wrongly joined pairs and `limit` missed pairs, as (kind, id, id)."""
    if limit <= 0:
        return []
    false: list[tuple[str, str, str]] = []
    missed: list[tuple[str, str, str]] = []
    for i in range(len(rows)):
        for j in range(i + 1, len(rows)):
            same_label = rows[i][1] == rows[j][1]
            same_cluster = first[i] == first[j]
            if same_cluster and not same_label and len(false) < limit:
                false.append(("false", rows[i][0], rows[j][0]))
            elif same_label and not same_cluster and len(missed) < limit:
                missed.append(("missed", rows[i][0], rows[j][0]))
        if len(false) >= limit and len(missed) >= limit:
            break
    return false + missed
