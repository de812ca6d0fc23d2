"""How report figures read in a Vietnamese document: "1.234" (dot between thousands), "92,5"
(decimal comma), "-" for a figure with nothing to count, "+12" / "-3" for the change, topic
breakdown rows as "- Đất đai"; the numbering of parts (I., II.; Party documents I-, II-), and
the ASCII names of the files.

Pure functions over `danvan.reports.content`: the DOCX, XLSX and PDF renderers share them so the
three formats print the same figures the same way.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from danvan.reports.content import FigureRow, ReportContent

Number = int | Decimal
NONE_TEXT = "-"
TENTH = Decimal("0.1")

_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _grouped(digits: str) -> str:
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return ".".join(parts)


def number_text(value: Number | float, *, decimals: int | None = None) -> str:
    """ "1.234", "-1.234", "92,5" (Vietnamese separators); `decimals` fixes the decimal places."""
    number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    elif number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    sign = "-" if number < 0 else ""
    text = format(abs(number), "f")
    whole, _dot, fraction = text.partition(".")
    return sign + _grouped(whole) + ("," + fraction if fraction else "")


def value_text(value: Number | None, kind: str = "count") -> str:
    """A figure as printed: a rate with one decimal ("92,5"), a count grouped ("1.234")."""
    if value is None:
        return NONE_TEXT
    if kind == "rate":
        return number_text(value, decimals=1)
    return number_text(value)


def change_of(row: FigureRow) -> Number | None:
    """This period less the previous one; None when either has nothing to count."""
    if row.value is None or row.previous is None:
        return None
    return row.value - row.previous


def change_text(row: FigureRow) -> str:
    """ "+12", "-3", "0"; a rate's change in percentage points with one decimal ("+2,5")."""
    change = change_of(row)
    if change is None:
        return NONE_TEXT
    text = value_text(change, row.kind)
    return f"+{text}" if change > 0 else text


def breakdown_label(row: FigureRow, parent_label: str) -> str:
    """ "- Đất đai" for the row "Số đơn tiếp nhận: Đất đai" that breaks down its parent."""
    label = row.label
    for prefix in (f"{parent_label}: ", f"{parent_label} - ", parent_label):
        if parent_label and label.startswith(prefix) and len(label) > len(prefix):
            label = label[len(prefix) :]
            break
    else:
        if ": " in label:
            label = label.rsplit(": ", 1)[1]
    return f"- {label.strip()}"


def row_labels(figures: Iterable[FigureRow]) -> dict[str, str]:
    """Each row's printed label: its own, or "- <topic>" for a breakdown row."""
    rows = list(figures)
    own = {row.code: row.label for row in rows}
    return {
        row.code: breakdown_label(row, own.get(row.parent, "")) if row.parent else row.label
        for row in rows
    }


def figure_groups(figures: Iterable[FigureRow]) -> list[tuple[str, list[FigureRow]]]:
    """The rows under each group, groups in the order they first appear."""
    groups: dict[str, list[FigureRow]] = {}
    for row in figures:
        groups.setdefault(row.group, []).append(row)
    return list(groups.items())


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a narrative section: one per non-empty line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def section_number(i: int, *, party: bool) -> str:
    """ "I." (state reports), "I-" (Party documents, Hướng dẫn 36-HD/VPTW)."""
    return f"{roman(i)}-" if party else f"{roman(i)}."


def number_line(content: ReportContent) -> str:
    """ "Số: 05/BC-UBND" (state) or "Số 12-BC/BTGDVTU" (Party); a draft keeps the blank."""
    number = content.number if not content.draft and content.number else None
    party = content.doc_format == "party"
    body = number if number else "\u00a0" * 6 + content.number_symbol
    return f"Số {body}" if party else f"Số: {body}"


def ascii_fold(text: str) -> str:
    text = text.replace("Đ", "D").replace("đ", "d")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_fold(text)).strip("-")


def period_part(content: ReportContent) -> str:
    """The period in a file name: T09-2026, Q3-2026, 6T-2026 (first half), 6TC-2026 (second
    half), 9T-2026, NAM-2026, 2016-2025, 20260301-20260415."""
    end, start = content.window_end, content.window_start
    kind = content.kind
    if kind == "month":
        return f"T{end.month:02d}-{end.year}"
    if kind == "quarter":
        return f"Q{(end.month - 1) // 3 + 1}-{end.year}"
    if kind == "six-month":
        return f"6T-{end.year}" if end.month <= 6 else f"6TC-{end.year}"
    if kind == "nine-month":
        return f"9T-{end.year}"
    if kind == "year":
        return f"NAM-{end.year}"
    if kind == "multi-year":
        # A window starting on a cut day in December belongs to the next report year.
        first = start.year + 1 if start.month == 12 else start.year
        return f"{first}-{end.year}"
    return f"{start:%Y%m%d}-{end:%Y%m%d}"
