"""Reading a register file (XLSX): streamed, one row at a time, bounded memory.

Cell values arrive as Python values (text, numbers, dates for date-formatted cells);
`cell_text` and `parse_date` turn them into what the checks need. Dates are read from date
cells, from Excel serial numbers, and from text written day first (31/12/2024, 5/3/24,
05-03-2024, 05.03.2024, "ngày 5 tháng 3 năm 2024") or ISO (2024-03-05).
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from danvan.petitions.imports.columns import HEADER_SCAN_ROWS, MAX_COLUMNS
from danvan.text import fold

XLSX_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # .xls (Excel 97-2003)

Source = str | Path | IO[bytes]


class UnreadableFile(Exception):
    """The file is not an XLSX workbook openpyxl can read (or the sheet does not exist)."""


def looks_like_xlsx(head: bytes) -> bool:
    return head.startswith(XLSX_SIGNATURE)


def looks_like_xls(head: bytes) -> bool:
    return head.startswith(OLE_SIGNATURE)


# The workbook is read directly from its XML parts with lxml's streaming parser: openpyxl's
# read-only mode builds a Python object per cell (about 23 µs a cell, 45 s for a 100,000-row
# register); this reader keeps the parsed row only while it is used (2-3 µs a cell).
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# Built-in number formats that show dates (ECMA-376 18.8.30, plus the East Asian ones).
_DATE_FORMAT_IDS = frozenset({*range(14, 23), *range(27, 37), 45, 46, 47, *range(50, 59)})
_QUOTED = re.compile(r'"[^"]*"|\\[.]|\[[^\]]*\]')
_CELL_REF = re.compile(r"^([A-Z]+)(\d+)$")
_EPOCH = dt.datetime(1899, 12, 30)


def _zip(source: Source) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnreadableFile(str(exc)) from None


def _parse(data: bytes) -> Any:
    from lxml import etree

    try:
        return etree.fromstring(
            data, parser=etree.XMLParser(resolve_entities=False, huge_tree=True)
        )
    except etree.XMLSyntaxError as exc:
        raise UnreadableFile(str(exc)) from None


def _part(zf: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        return zf.read(name)
    except KeyError:
        return None


def _sheet_paths(zf: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, part path) in workbook order."""
    workbook = _part(zf, "xl/workbook.xml")
    rels = _part(zf, "xl/_rels/workbook.xml.rels")
    if workbook is None or rels is None:
        raise UnreadableFile("xl/workbook.xml")
    targets = {}
    for rel in _parse(rels).iter(f"{_PKG_REL}Relationship"):
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        targets[rel.get("Id")] = target
    out = []
    for sheet in _parse(workbook).iter(f"{_NS}sheet"):
        path = targets.get(sheet.get(f"{_REL_NS}id"))
        if path:
            out.append((sheet.get("name", ""), path))
    if not out:
        raise UnreadableFile("no sheet")
    return out


def _shared_strings(zf: zipfile.ZipFile) -> list[str]:
    data = _part(zf, "xl/sharedStrings.xml")
    if data is None:
        return []
    out = []
    for si in _parse(data).iter(f"{_NS}si"):
        # The text runs, not the phonetic guides (rPh).
        runs = [t.text or "" for t in si.iter(f"{_NS}t") if t.getparent().tag != f"{_NS}rPh"]
        out.append("".join(runs))
    return out


def _date_styles(zf: zipfile.ZipFile) -> frozenset[int]:
    """Indexes of the cell styles whose number format shows a date."""
    data = _part(zf, "xl/styles.xml")
    if data is None:
        return frozenset()
    root = _parse(data)
    custom: dict[int, bool] = {}
    for fmt in root.iter(f"{_NS}numFmt"):
        # A day or a year in the format (a lone "m" may be minutes: "h:mm").
        code = _QUOTED.sub("", fmt.get("formatCode", "")).lower()
        custom[int(fmt.get("numFmtId", "0"))] = "d" in code or "y" in code
    dates = set()
    cell_xfs = root.find(f"{_NS}cellXfs")
    for index, xf in enumerate(cell_xfs if cell_xfs is not None else []):
        fmt_id = int(xf.get("numFmtId", "0"))
        if fmt_id in _DATE_FORMAT_IDS or custom.get(fmt_id):
            dates.add(index)
    return frozenset(dates)


def _column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _value(c: Any, shared: list[str], dates: frozenset[int]) -> Any:
    kind = c.get("t", "n")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in c.iter(f"{_NS}t"))
    v = c.find(f"{_NS}v")
    text = v.text if v is not None else None
    if text is None:
        return None
    if kind == "s":
        try:
            return shared[int(text)]
        except (ValueError, IndexError):
            return None
    if kind in ("str", "e"):
        return text
    if kind == "b":
        return text == "1"
    if kind == "d":
        try:
            return dt.datetime.fromisoformat(text)
        except ValueError:
            return text
    try:
        number = float(text)
    except ValueError:
        return text
    if int(c.get("s", "0")) in dates and 0 < number < 2958466:
        return _EPOCH + dt.timedelta(days=number)
    return int(number) if number.is_integer() else number


def sheet_names(source: Source) -> list[str]:
    with _zip(source) as zf:
        return [name for name, _path in _sheet_paths(zf)]


def _sheet_path(zf: zipfile.ZipFile, sheet: str) -> str:
    paths = _sheet_paths(zf)
    if not sheet:
        return paths[0][1]
    for name, path in paths:
        if name == sheet:
            return path
    wanted = fold(sheet)
    for name, path in paths:
        if fold(name) == wanted:
            return path
    raise UnreadableFile(sheet)


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="[A-Z]+\d+:?[A-Z]*(\d*)"')


@contextmanager
def sheet_rows(
    source: Source, sheet: str = ""
) -> Iterator[tuple[int, Iterator[tuple[int, tuple[Any, ...]]]]]:
    """(estimated number of rows, iterator of (row number, cell values)) of one sheet.

    The estimate comes from the sheet's dimension record (0 when absent); the iteration does
    not trust it (some programs write a wrong one) and reads to the real end. Rows missing
    from the file come as empty rows, so row numbers are those Excel shows.
    """
    from lxml import etree

    zf = _zip(source)
    try:
        path = _sheet_path(zf, sheet)
        shared = _shared_strings(zf)
        dates = _date_styles(zf)
        try:
            fh = zf.open(path)
        except KeyError:
            raise UnreadableFile(path) from None
        head = fh.peek(4096)[:4096] if hasattr(fh, "peek") else b""
        match = _DIMENSION.search(head)
        estimate = int(match.group(1)) if match and match.group(1) else 0

        def rows() -> Iterator[tuple[int, tuple[Any, ...]]]:
            expected = 1
            context = etree.iterparse(fh, events=("end",), tag=f"{_NS}row", resolve_entities=False)
            try:
                for _event, row in context:
                    number = int(row.get("r") or expected)
                    while expected < number:
                        yield expected, ()
                        expected += 1
                    values: list[Any] = []
                    for position, c in enumerate(row.iterchildren(f"{_NS}c")):
                        ref = _CELL_REF.match(c.get("r", ""))
                        index = _column_index(ref.group(1)) if ref else position
                        if index >= MAX_COLUMNS:
                            break
                        if index > len(values):
                            values.extend([None] * (index - len(values)))
                        values.append(_value(c, shared, dates))
                    row.clear()
                    while row.getprevious() is not None:
                        del row.getparent()[0]
                    yield number, tuple(values)
                    expected = number + 1
            except etree.XMLSyntaxError as exc:
                raise UnreadableFile(str(exc)) from None

        yield estimate, rows()
    finally:
        zf.close()


def head_rows(
    source: Source, sheet: str = "", count: int = HEADER_SCAN_ROWS
) -> list[tuple[Any, ...]]:
    """The first `count` rows of the sheet (for finding the header)."""
    out: list[tuple[Any, ...]] = []
    with sheet_rows(source, sheet) as (_estimate, rows):
        for _number, values in rows:
            out.append(values)
            if len(out) >= count:
                break
    return out


def cell_text(value: Any) -> str:
    """A cell as text: numbers without a trailing ".0", dates as dd/mm/yyyy, spaces trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


_DMY = re.compile(r"^(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{4}|\d{2})(?:[ T,].*)?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_WORDS = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4}|\d{2})")
# Excel serial numbers of 1 January 1990 and 31 December 2099: anything else is not a date.
_SERIAL_MIN, _SERIAL_MAX = 32874, 73415


class BadDate(ValueError):
    pass


def parse_date(value: Any) -> dt.date | None:
    """The date a cell holds; None for an empty cell; BadDate when it is not a date."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if _SERIAL_MIN <= value <= _SERIAL_MAX:
            return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
        raise BadDate(cell_text(value))
    text = str(value).strip()
    if not text:
        return None
    folded = fold(text)
    match = _DMY.match(folded)
    if match:
        day, month, year = (int(g) for g in match.groups())
    elif (match := _ISO.match(folded)) is not None:
        year, month, day = (int(g) for g in match.groups())
    elif (match := _WORDS.search(folded)) is not None:
        day, month, year = (int(g) for g in match.groups())
    else:
        raise BadDate(text)
    if year < 100:
        year += 2000
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise BadDate(text) from None
