"""Report kinds, the PERIOD codes that name a report's period, and the data windows they cover.

Pure (no Django): `period_parse(kind, code, cut_day)` turns `2026-H1` into a `Period` with its
data window; `period_kind_of(code)` guesses the kind from the code's shape.

Windows (Nghị định 09/2019/NĐ-CP Đ.12 for state bodies): a month runs from the cut day of the
previous month to the day before the cut day of the month, so with the cut on the 15th the
6-month report covers 15/12 of the previous year to 14/6, the year 15/12 to 14/12; quarters,
the second half and the 9-month window (15/12 to 14/9, our convention) are unions of months.
A cut day of 1 gives calendar windows (some Party bodies report by calendar month). The cut day
is configured per organisation (`ReportProfile.cut_day`, default in
`danvan/data/reports/windows.json`).

Codes: `2026-09` (month), `2026-Q3` (quarter), `2026-H1` / `2026-H2` (six months), `2026-9M`
(nine months), `2026` (year), `2016..2025` (multi-year review, whole report years),
`2026-03-01..2026-04-15` (ad hoc: exactly those days).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

KINDS: tuple[str, ...] = (
    "month",
    "quarter",
    "six-month",
    "nine-month",
    "year",
    "multi-year",
    "ad-hoc",
)

KIND_LABELS: dict[str, str] = {
    "month": "Báo cáo tháng",
    "quarter": "Báo cáo quý",
    "six-month": "Báo cáo sơ kết 6 tháng",
    "nine-month": "Báo cáo 9 tháng",
    "year": "Báo cáo tổng kết năm",
    "multi-year": "Báo cáo tổng kết nhiều năm",
    "ad-hoc": "Báo cáo đột xuất, chuyên đề",
}

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
MAX_YEAR_SPAN = 30  # a multi-year review or an ad hoc window longer than this is a typo
MIN_YEAR, MAX_YEAR = 1990, 2100

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.I)
_HALF = re.compile(r"^(\d{4})-H([12])$", re.I)
_NINE = re.compile(r"^(\d{4})-9M$", re.I)
_YEAR = re.compile(r"^(\d{4})$")
_YEARS = re.compile(r"^(\d{4})\.\.(\d{4})$")
_DAYS = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


class PeriodError(ValueError):
    """A PERIOD code that is malformed or does not fit the report kind (message in Vietnamese)."""


@dataclass(frozen=True)
class Period:
    kind: str
    code: str  # canonical: "2026-H1"
    label: str  # "6 tháng đầu năm 2026"
    start: dt.date  # first day of the data window
    end: dt.date  # last day of the data window (inclusive)
    year: int  # the report year (the last year of a multi-year review)
    cut_day: int

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def _check_year(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(f"Năm {year} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}.")
    return year


def _check_cut(cut_day: int) -> int:
    if not 1 <= cut_day <= 28:
        raise PeriodError(f"Ngày chốt số liệu phải từ 1 đến 28 (nhận {cut_day}).")
    return cut_day


def month_window(year: int, month: int, cut_day: int) -> tuple[dt.date, dt.date]:
    """The data window of report month `month` of `year`."""
    if cut_day == 1:
        start = dt.date(year, month, 1)
        end = (
            dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
        ) - dt.timedelta(days=1)
        return start, end
    start = dt.date(year - 1, 12, cut_day) if month == 1 else dt.date(year, month - 1, cut_day)
    end = dt.date(year, month, cut_day) - dt.timedelta(days=1)
    return start, end


def months_window(year: int, first: int, last: int, cut_day: int) -> tuple[dt.date, dt.date]:
    return month_window(year, first, cut_day)[0], month_window(year, last, cut_day)[1]


def _period(
    kind: str, code: str, label: str, window: tuple[dt.date, dt.date], year: int, cut: int
) -> Period:
    return Period(kind, code, label, window[0], window[1], year, cut)


def period_kind_of(code: str) -> str:
    """The kind a PERIOD code names by its shape (`2026-H1` -> six-month)."""
    text = (code or "").strip()
    for pattern, kind in (
        (_MONTH, "month"),
        (_QUARTER, "quarter"),
        (_HALF, "six-month"),
        (_NINE, "nine-month"),
        (_YEAR, "year"),
        (_YEARS, "multi-year"),
        (_DAYS, "ad-hoc"),
    ):
        if pattern.match(text):
            return kind
    raise PeriodError(
        f"Kỳ báo cáo «{text}» không đúng mẫu: dùng 2026-09, 2026-Q3, 2026-H1, 2026-9M, 2026, "
        "2016..2025 hoặc 2026-03-01..2026-04-15."
    )


def period_parse(kind: str, code: str, cut_day: int = 15) -> Period:
    """The period `code` names for a report of `kind`; PeriodError when it does not fit."""
    if kind not in KINDS:
        raise PeriodError(f"Loại báo cáo «{kind}» không hợp lệ: dùng {', '.join(KINDS)}.")
    cut = _check_cut(cut_day)
    text = (code or "").strip().upper()
    shape = period_kind_of(text)
    if shape != kind:
        raise PeriodError(
            f"Kỳ «{code.strip()}» là kỳ của {KIND_LABELS[shape].lower()}, không dùng được cho "
            f"{KIND_LABELS[kind].lower()}."
        )
    if kind == "month":
        m = _MONTH.match(text)
        assert m
        year, month = _check_year(int(m[1])), int(m[2])
        if not 1 <= month <= 12:
            raise PeriodError(f"Tháng {month} không hợp lệ.")
        return _period(
            kind,
            f"{year}-{month:02d}",
            f"tháng {month} năm {year}",
            month_window(year, month, cut),
            year,
            cut,
        )
    if kind == "quarter":
        m = _QUARTER.match(text)
        assert m
        year, q = _check_year(int(m[1])), int(m[2])
        return _period(
            kind,
            f"{year}-Q{q}",
            f"quý {ROMAN[q]} năm {year}",
            months_window(year, 3 * q - 2, 3 * q, cut),
            year,
            cut,
        )
    if kind == "six-month":
        m = _HALF.match(text)
        assert m
        year, h = _check_year(int(m[1])), int(m[2])
        label = f"6 tháng đầu năm {year}" if h == 1 else f"6 tháng cuối năm {year}"
        first, last = (1, 6) if h == 1 else (7, 12)
        return _period(
            kind, f"{year}-H{h}", label, months_window(year, first, last, cut), year, cut
        )
    if kind == "nine-month":
        m = _NINE.match(text)
        assert m
        year = _check_year(int(m[1]))
        return _period(
            kind, f"{year}-9M", f"9 tháng đầu năm {year}", months_window(year, 1, 9, cut), year, cut
        )
    if kind == "year":
        year = _check_year(int(text))
        return _period(kind, str(year), f"năm {year}", months_window(year, 1, 12, cut), year, cut)
    if kind == "multi-year":
        m = _YEARS.match(text)
        assert m
        first, last = _check_year(int(m[1])), _check_year(int(m[2]))
        if first >= last:
            raise PeriodError(
                "Giai đoạn nhiều năm phải có năm đầu nhỏ hơn năm cuối (ví dụ 2016..2025)."
            )
        if last - first + 1 > MAX_YEAR_SPAN:
            raise PeriodError(f"Giai đoạn dài quá {MAX_YEAR_SPAN} năm.")
        window = (months_window(first, 1, 12, cut)[0], months_window(last, 1, 12, cut)[1])
        return _period(kind, f"{first}..{last}", f"giai đoạn {first} - {last}", window, last, cut)
    m = _DAYS.match(text)
    assert m
    try:
        start, end = dt.date.fromisoformat(m[1]), dt.date.fromisoformat(m[2])
    except ValueError as exc:
        raise PeriodError(f"Ngày không hợp lệ trong kỳ «{code.strip()}».") from exc
    _check_year(start.year)
    _check_year(end.year)
    if start > end:
        raise PeriodError("Ngày bắt đầu phải trước hoặc trùng ngày kết thúc.")
    if (end - start).days > MAX_YEAR_SPAN * 366:
        raise PeriodError(f"Khoảng thời gian dài quá {MAX_YEAR_SPAN} năm.")
    label = f"từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"
    return Period(kind, f"{start.isoformat()}..{end.isoformat()}", label, start, end, end.year, cut)


def period_previous(period: Period) -> Period:
    """The period this one is compared with: the previous month or quarter; the same period a
    year earlier for six-month, nine-month and year reports (cùng kỳ năm trước); the span of the
    same length just before for multi-year reviews and ad hoc windows."""
    kind, cut = period.kind, period.cut_day
    code = period.code
    if kind == "month":
        year, month = int(code[:4]), int(code[5:])
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        return period_parse(kind, f"{year}-{month:02d}", cut)
    if kind == "quarter":
        year, q = int(code[:4]), int(code[-1])
        year, q = (year - 1, 4) if q == 1 else (year, q - 1)
        return period_parse(kind, f"{year}-Q{q}", cut)
    if kind in ("six-month", "nine-month", "year"):
        return period_parse(kind, f"{period.year - 1}{code[4:]}", cut)
    if kind == "multi-year":
        first, last = (int(x) for x in code.split(".."))
        span = last - first + 1
        return period_parse(kind, f"{first - span}..{last - span}", cut)
    end = period.start - dt.timedelta(days=1)
    start = end - dt.timedelta(days=period.days - 1)
    return period_parse(kind, f"{start.isoformat()}..{end.isoformat()}", cut)
