"""Entities in Vietnamese text: legal document references, money amounts, dates, and the names
of administrative units (through a gazetteer built from reference data). No Django imports.

`extract(text, gazetteer=None)` returns `Entity(kind, value, text, start, end, detail)` in text
order. `start`/`end` index the NFC form of the text (stored texts are NFC already); `value` is
the key used for search and linking:

- ``legal``: the document's number and symbol, folded, leading zeros of the number dropped:
  "Quyết định số 048/2010/QĐ-TTg" -> ``48/2010/qd-ttg``; "Nghị quyết 25-NQ/TW" -> ``25-nq/tw``.
  A law cited by name and year: "Luật Đất đai năm 2024" -> ``luat dat dai 2024``. `detail` is
  the folded type of document ("quyet dinh"), from the word before the number or else from the
  symbol (QĐ -> quyết định, NĐ -> nghị định, QH15 -> luật, ...).
- ``money``: whole đồng as a decimal string: "2,5 tỷ đồng" -> ``2500000000``. A figure needs a
  unit (tỷ, triệu, nghìn/ngàn/k, đồng/đ/VNĐ): "15.000.000" alone is a number, not an amount.
- ``date``: ISO ``2025-03-12``; a month ``2025-03`` ("tháng 3/2025"); a year ``2025`` only after
  "năm". Impossible dates (31/2/2025) are dropped; two-digit years are not read.
- ``unit``: the key of a gazetteer entry (danvan gives the unit code, ``old:<code>`` for a unit
  before 1 July 2025). A name counts after its type word (xã, phường, thị trấn, đặc khu, huyện,
  quận, thị xã, thành phố / TP, tỉnh), or alone for a province written with capitals ("Hà
  Nội", "Ha Noi"). Typed with diacritics, they must match the name's. District-level units,
  abolished in 2025, are not in the reference data: "huyện Tánh Linh" gives
  ``huyen:tanh-linh`` (the capitalised words after the type word). A name several units share
  is settled by the provinces named nearby (`_resolve_units`). `detail` is the unit's label.

Overlaps are settled by kind: a legal reference first (its number holds a year and a figure),
then dates, then amounts, then unit names.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from danvan.text.normalize import fold, nfc, normalize

LEGAL = "legal"
MONEY = "money"
DATE = "date"
UNIT = "unit"
KINDS: tuple[str, ...] = (UNIT, LEGAL, MONEY, DATE)

# An ambiguous unit name (one name, several units) that context does not settle is kept with
# all its candidates when there are at most this many, and dropped when there are more (a
# name shared by a dozen communes says next to nothing about where).
MAX_CANDIDATES = 6
# How far (in characters) another unit name counts as "nearby" for choosing among candidates.
CONTEXT_WINDOW = 150
# Share of words with a diacritic above which a text counts as typed with diacritics.
MARKED_SHARE = 0.3
# Amounts above this (one million billion đồng) are not amounts but misread figures.
MAX_AMOUNT = 10**15


@dataclass(frozen=True, slots=True)
class Entity:
    """One mention: its kind, normalised value, the words as written and where they are."""

    kind: str
    value: str
    text: str
    start: int
    end: int
    detail: str = ""


# --- Shadows of the text: one character per character, so offsets carry over ----------------


class _FoldTable(dict[int, str]):
    """`str.translate` table that folds one character at a time (filled lazily)."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch.isspace():
            out = ch if ch in " \n\t\r" else " "
        else:
            folded = fold(ch)
            # A stray combining mark folds to nothing; a rare capital lowercases to two.
            out = folded[0] if folded else "\u00b7"
        self[code] = out
        return out


class _LowerTable(dict[int, str]):
    def __missing__(self, code: int) -> str:
        lower = chr(code).lower()
        out = lower if len(lower) == 1 else chr(code)
        self[code] = out
        return out


_FOLD = _FoldTable()
_LOWER = _LowerTable()


def _has_marks(text: str) -> bool:
    """True when some letter carries a diacritic (the text was typed with them)."""
    return not text.isascii() and any(ord(ch) > 127 and ch.isalpha() for ch in text)


@dataclass
class _Doc:
    text: str  # NFC
    folded: str  # same length: no diacritics, đ -> d, lowercase
    lower: str  # same length: lowercase only
    taken: list[tuple[int, int]] = field(default_factory=list)

    def free(self, start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in self.taken)

    def take(self, start: int, end: int) -> None:
        self.taken.append((start, end))


# --- Legal references -----------------------------------------------------------------------

# Folded type words -> the type kept in `detail`. Abbreviations count only in capitals.
_DOC_WORDS: dict[str, str] = {
    "quyet dinh": "quyet dinh",
    "nghi dinh": "nghi dinh",
    "nghi quyet lien tich": "nghi quyet lien tich",
    "nghi quyet": "nghi quyet",
    "thong tu lien tich": "thong tu lien tich",
    "thong tu": "thong tu",
    "chi thi": "chi thi",
    "ket luan": "ket luan",
    "quy dinh": "quy dinh",
    "cong van": "cong van",
    "van ban": "van ban",
    "thong bao": "thong bao",
    "ke hoach": "ke hoach",
    "huong dan": "huong dan",
    "bao cao": "bao cao",
    "to trinh": "to trinh",
    "bo luat": "bo luat",
    "luat": "luat",
    "phap lenh": "phap lenh",
}
_DOC_ABBREVIATIONS: dict[str, str] = {
    "qd": "quyet dinh",
    "nd": "nghi dinh",
    "nq": "nghi quyet",
    "nqlt": "nghi quyet lien tich",
    "tt": "thong tu",
    "ttlt": "thong tu lien tich",
    "ct": "chi thi",
    "kl": "ket luan",
    "cv": "cong van",
    "tb": "thong bao",
    "kh": "ke hoach",
    "hd": "huong dan",
    "bc": "bao cao",
}
# Codes in a symbol that name the type of document ("QĐ-TTg", "25-NQ/TW", "45/2013/QH13").
_SYMBOL_TYPES: dict[str, str] = dict(_DOC_ABBREVIATIONS)
_QH = re.compile(r"qh\d{0,2}")

_TYPE_BEFORE = re.compile(
    r"(?<![\w])("
    + "|".join(
        sorted(
            (w.replace(" ", r"\s+") for w in [*_DOC_WORDS, *_DOC_ABBREVIATIONS]),
            key=len,
            reverse=True,
        )
    )
    + r")\s*(?:so\b\.?)?\s*:?\s*$"
)
_NUMBER_SYMBOL = re.compile(
    r"(?<![\w/.,-])(\d{1,6}[a-z]?)(?:/((?:19|20)\d{2}))?([/-])([a-z][a-z0-9]*(?:[-/][a-z][a-z0-9]*){0,5})(?![\w])"
)
_LAW_STOP = frozenset(
    [
        "so",
        "da",
        "duoc",
        "co",
        "ngay",
        "thang",
        "nay",
        "va",
        "cua",
        "theo",
        "tai",
        "thi",
        "la",
        "ban",
        "hanh",
        "tu",
        "den",
        "trong",
        "sua",
        "doi",
        "nam",
        "moi",
        "cu",
        "ve",
    ]
)
_NAMED_LAW = re.compile(
    r"(?<![\w])(bo\s+luat|luat|phap\s+lenh)((?:\s+[^\W\d_]+){1,8}?),?(?:\s+nam)?\s+((?:19|20)\d{2})(?![\w/-])"
)
_CONSTITUTION = re.compile(r"(?<![\w])hien\s+phap(?:\s+nam)?\s+((?:19|20)\d{2})(?![\w/-])")


def _symbol_type(symbol: str) -> str:
    for group in re.split(r"[-/]", symbol):
        if group in _SYMBOL_TYPES:
            return _SYMBOL_TYPES[group]
        if _QH.fullmatch(group):
            return "luat"
    return ""


def _legal(doc: _Doc) -> list[Entity]:
    found: list[Entity] = []
    for m in _NUMBER_SYMBOL.finditer(doc.folded):
        number, year, sep, symbol = m.group(1), m.group(2), m.group(3), m.group(4)
        start, end = m.start(), m.end()
        doc_type = ""
        before = _TYPE_BEFORE.search(doc.folded, max(0, start - 40), start)
        if before:
            word = re.sub(r"\s+", " ", before.group(1))
            if word in _DOC_WORDS:
                doc_type = _DOC_WORDS[word]
                start = before.start(1)
            elif doc.text[before.start(1)].isupper():
                doc_type = _DOC_ABBREVIATIONS[word]
                start = before.start(1)
        from_symbol = _symbol_type(symbol)
        if not doc_type:
            # A bare number-symbol is a reference when its symbol names a type of document, or
            # carries a year and is written in capitals ("12/2024/TTr-UBND").
            if not from_symbol and not (year and doc.text[m.start(4)].isupper()):
                continue
            doc_type = from_symbol
        digits = number.lstrip("0") or "0"
        value = f"{digits}/{year}{sep}{symbol}" if year else f"{digits}{sep}{symbol}"
        found.append(Entity(LEGAL, value, doc.text[start:end], start, end, doc_type))
    for m in _NAMED_LAW.finditer(doc.folded):
        words = m.group(2).split()
        name_start = m.start(2) + len(m.group(2)) - len(m.group(2).lstrip())
        if any(w in _LAW_STOP for w in words) or not doc.text[name_start].isupper():
            continue
        kind = re.sub(r"\s+", " ", m.group(1))
        value = " ".join([kind, *words, m.group(3)])
        found.append(Entity(LEGAL, value, doc.text[m.start() : m.end()], m.start(), m.end(), kind))
    for m in _CONSTITUTION.finditer(doc.folded):
        value = f"hien phap {m.group(1)}"
        found.append(
            Entity(LEGAL, value, doc.text[m.start() : m.end()], m.start(), m.end(), "hien phap")
        )
    kept: list[Entity] = []
    for e in sorted(found, key=lambda e: (e.start, -(e.end - e.start))):
        if doc.free(e.start, e.end):
            doc.take(e.start, e.end)
            kept.append(e)
    return kept


# --- Dates ----------------------------------------------------------------------------------

_NUMERIC_DATE = re.compile(
    r"(?<![\w/.,-])(?:ngay\s+)?(?P<d>\d{1,2})(?P<s>[/.-])(?P<m>\d{1,2})(?P=s)(?P<y>\d{4})"
    r"(?![\w]|[/.,-]\d)"
)
_ISO_DATE = re.compile(r"(?<![\w/.,-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\w]|[/.,-]\d)")
_WORDS_DATE = re.compile(
    r"(?<![\w])ngay\s+(?P<d>\d{1,2})\s*,?\s+thang\s+(?P<m>\d{1,2})\s*,?\s+nam\s+(?P<y>\d{4})(?![\w])"
)
_MONTH = re.compile(
    r"(?<![\w])thang\s+(?P<m>\d{1,2})(?:\s*[/.-]\s*|\s*,?\s+nam\s+)(?P<y>\d{4})(?![\w]|[/.,-]\d)"
)
_YEAR = re.compile(r"(?<![\w])nam\s+(?P<y>(?:19|20)\d{2})(?![\w]|\s*[-–]\s*\d)")
_YEARS = range(1900, 2101)


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if year not in _YEARS:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _dates(doc: _Doc) -> list[Entity]:
    found: list[Entity] = []
    for pattern in (_WORDS_DATE, _NUMERIC_DATE, _ISO_DATE):
        for m in pattern.finditer(doc.folded):
            value = _iso(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            if value and doc.free(m.start(), m.end()):
                doc.take(m.start(), m.end())
                found.append(Entity(DATE, value, doc.text[m.start() : m.end()], m.start(), m.end()))
    for m in _MONTH.finditer(doc.folded):
        value = _iso(int(m.group("y")), int(m.group("m")))
        if value and doc.free(m.start(), m.end()):
            doc.take(m.start(), m.end())
            found.append(Entity(DATE, value, doc.text[m.start() : m.end()], m.start(), m.end()))
    for m in _YEAR.finditer(doc.folded):
        value = _iso(int(m.group("y")))
        if value and doc.free(m.start(), m.end()):
            doc.take(m.start(), m.end())
            found.append(Entity(DATE, value, doc.text[m.start() : m.end()], m.start(), m.end()))
    return found


# --- Money ----------------------------------------------------------------------------------

# Matched on the lowercased text, so "ngăn" (a drawer) is not "ngàn" (a thousand).
_MULTIPLIERS: dict[str, int] = {
    "tỷ": 10**9,
    "tỉ": 10**9,
    "ty": 10**9,
    "ti": 10**9,
    "triệu": 10**6,
    "trieu": 10**6,
    "tr": 10**6,
    "nghìn": 10**3,
    "ngàn": 10**3,
    "nghin": 10**3,
    "ngan": 10**3,
    "k": 10**3,
}
_CURRENCY = ("đồng", "dong", "vnđ", "vnd", "đ")
_NUM = r"\d{1,3}(?:[.,]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,3})?"
_MULT = "|".join(sorted(_MULTIPLIERS, key=len, reverse=True))
_CUR = "|".join(_CURRENCY)
_AMOUNT = re.compile(
    rf"(?<![\w.,/-])(?P<parts>(?:{_NUM})\s*(?:{_MULT})(?![^\W\d_])"
    rf"(?:\s*(?:{_NUM})\s*(?:{_MULT})(?![^\W\d_]))*)"
    rf"(?:\s+(?P<half>rưỡi|ruoi)(?![\w]))?"
    rf"(?:\s*(?P<cur>{_CUR})(?![\w]))?"
    rf"|(?<![\w.,/-])(?P<plain>{_NUM})\s*(?P<cur2>{_CUR})(?![\w])"
)
_PART = re.compile(rf"(?P<n>{_NUM})\s*(?P<u>{_MULT})")
# Words after "đồng" that make another word of it ("đồng chí", "đồng hồ", "đồng ý"), and
# things counted after "15 triệu" (people, tonnes, dollars: not an amount of đồng). Compared
# with diacritics when the word has them ("Hà Nội" is not "ha", hectares).
_DONG_WORDS = frozenset(
    [
        "chí",
        "bào",
        "thời",
        "ý",
        "hồ",
        "hương",
        "nghiệp",
        "loại",
        "bộ",
        "đều",
        "ruộng",
        "lúa",
        "tâm",
        "minh",
        "khởi",
        "phục",
        "cảm",
        "đội",
        "nai",
        "tháp",
        "dao",
        "tình",
        "trinh",
        "hành",
        "ca",
    ]
)
_COUNTED = frozenset(
    [
        "người",
        "dân",
        "hộ",
        "lượt",
        "tấn",
        "tạ",
        "kg",
        "m",
        "m2",
        "m3",
        "ha",
        "hecta",
        "héc",
        "km",
        "cây",
        "con",
        "usd",
        "đô",
        "đôla",
        "đô-la",
        "euro",
        "lít",
        "phiếu",
        "cuộc",
        "trẻ",
        "em",
        "học",
        "khách",
        "thuê",
        "tài",
        "lao",
        "cử",
        "đảng",
        "năm",
        "tháng",
        "ngày",
        "giờ",
        "phút",
        "lần",
        "cái",
        "chiếc",
        "bản",
        "trang",
        "số",
        "bước",
        "vụ",
        "đơn",
        "thư",
        "lượng",
    ]
)
_DONG_PLAIN = frozenset(fold(w) for w in _DONG_WORDS)
_NEXT_WORD = re.compile(r"\s*([^\W\d_]+)")
_COUNTED_PLAIN = frozenset(fold(w) for w in _COUNTED)


def _next_word_in(doc: _Doc, end: int, marked: frozenset[str], plain: frozenset[str]) -> bool:
    follow = _NEXT_WORD.match(doc.lower, end)
    if not follow:
        return False
    word = follow.group(1)
    return word in marked if _has_marks(word) else word in plain


_TV = re.compile(r"\s*-?\s*vi(?![\w])")


def _number(text: str) -> Decimal | None:
    """A written figure: "." and "," group thousands when followed by three digits, else mark
    decimals ("2,5" and "1.2" are both 2.5 and 1.2; "1.234,5" is 1234.5)."""
    if "." in text and "," in text:
        decimal_sep = "." if text.rfind(".") > text.rfind(",") else ","
        group_sep = "," if decimal_sep == "." else "."
        whole, _, frac = text.rpartition(decimal_sep)
        digits = whole.replace(group_sep, "") + "." + frac
    elif "." in text or "," in text:
        sep = "." if "." in text else ","
        parts = text.split(sep)
        if len(parts) > 2 or len(parts[1]) == 3:
            if any(len(p) != 3 for p in parts[1:]):
                # "1.234.5": last group is decimals only if it is short and follows groups.
                if len(parts[-1]) < 3 and all(len(p) == 3 for p in parts[1:-1]):
                    digits = "".join(parts[:-1]) + "." + parts[-1]
                else:
                    return None
            else:
                digits = "".join(parts)
        else:
            digits = parts[0] + "." + parts[1]
    else:
        digits = text
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


def _money(doc: _Doc) -> list[Entity]:
    found: list[Entity] = []
    for m in _AMOUNT.finditer(doc.lower):
        start, end = m.start(), m.end()
        if m.group("parts"):
            total = Decimal(0)
            last = 0
            ok = True
            for part in _PART.finditer(m.group("parts")):
                unit = part.group("u")
                factor = _MULTIPLIERS[unit]
                if last and factor >= last:
                    ok = False  # "2 triệu 3 tỷ" is not one amount
                    break
                amount = _number(part.group("n"))
                if amount is None:
                    ok = False
                    break
                total += amount * factor
                last = factor
                if unit in ("ti", "tỉ", "ty", "tỷ") and _TV.match(
                    doc.lower, m.start("parts") + part.end()
                ):
                    ok = False  # "2 ti vi": two television sets
            if not ok:
                continue
            if m.group("half"):
                total += Decimal(last) / 2
            if not m.group("cur") and _next_word_in(doc, end, _COUNTED, _COUNTED_PLAIN):
                continue  # "15 triệu người"
        else:
            amount = _number(m.group("plain"))
            if amount is None:
                continue
            raw = m.group("plain")
            if (
                raw.startswith("0")
                and len(raw) > 1
                and not raw.startswith("0,")
                and not raw.startswith("0.")
            ):
                continue  # a phone number or a code, not an amount
            cur = m.group("cur2")
            if cur in ("dong", "đồng") and _next_word_in(doc, end, _DONG_WORDS, _DONG_PLAIN):
                continue  # "5 đồng chí", "678 đồng ý"
            total = amount
        value = int(total.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        if not 0 < value <= MAX_AMOUNT or not doc.free(start, end):
            continue
        doc.take(start, end)
        found.append(Entity(MONEY, str(value), doc.text[start:end], start, end))
    return found


# --- Administrative units -------------------------------------------------------------------

# Unit types, as `danvan.core.models.units.UnitType` codes.
PROVINCE_TYPES = frozenset({"tinh", "thanh_pho"})
COMMUNE_TYPES = frozenset({"xa", "phuong", "thi_tran", "dac_khu"})

# Type words before a name: (kind, the types they name exactly). `kind` says what to try when
# no unit of those types has the name: another type of the same level ("xã" for a unit that
# became a phường), or, for the district level that no longer exists, a key made of the name.
_PREFIXES: dict[tuple[str, ...], tuple[str, frozenset[str]]] = {
    ("xa",): ("commune", frozenset({"xa"})),
    ("phuong",): ("commune", frozenset({"phuong"})),
    ("thi", "tran"): ("commune", frozenset({"thi_tran"})),
    ("dac", "khu"): ("commune", frozenset({"dac_khu"})),
    ("huyen",): ("district", frozenset({"huyen"})),
    ("quan",): ("district", frozenset()),
    ("thi", "xa"): ("district", frozenset()),
    ("thanh", "pho"): ("city", frozenset({"thanh_pho"})),
    ("tp",): ("city", frozenset({"thanh_pho"})),
    ("tinh",): ("province", frozenset({"tinh"})),
}
_PREFIX_FIRST = frozenset(words[0] for words in _PREFIXES)
_DISTRICT_KEYS = {
    ("huyen",): "huyen",
    ("quan",): "quan",
    ("thi", "xa"): "thi-xa",
    ("thanh", "pho"): "thanh-pho",
    ("tp",): "thanh-pho",
}
_DISTRICT_LABELS = {
    "huyen": "Huyện",
    "quan": "Quận",
    "thi-xa": "Thị xã",
    "thanh-pho": "Thành phố",
}
# Words that end a district's name read from capitals ("huyện Tánh Linh UBND ...").
_STOP_NAMES = frozenset({"ubnd", "hdnd", "ubmttq"})
_PREFIX_SPELLINGS = {
    "xa": "xã",
    "phuong": "phường",
    "thi": "thị",
    "tran": "trấn",
    "dac": "đặc",
    "khu": "khu",
    "huyen": "huyện",
    "quan": "quận",
    "thanh": "thành",
    "pho": "phố",
    "tp": "tp",
    "tinh": "tỉnh",
}
# Other spellings of province names (folded alias -> folded name).
ALIASES: dict[str, str] = {
    "hcm": "ho chi minh",
    "tphcm": "ho chi minh",
    "tp hcm": "ho chi minh",
    "sai gon": "ho chi minh",
    "thua thien hue": "hue",
    "ba ria vung tau": "ba ria vung tau",
    "brvt": "ba ria vung tau",
}
# Province names that are more often something else without their type word.
BARE_EXCLUDED = frozenset({"ho chi minh", "sai gon"})
_NAME_JOINERS = re.compile(r"[ \t]*(?:[-–'’][ \t]*)?")
_PREFIX_JOINERS = re.compile(r"[ \t]*\.?[ \t]*")
_TOKEN = re.compile(r"\w+")
_MAX_DISTRICT_TOKENS = 4


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One unit as the gazetteer knows it.

    `key` is what extraction returns as the entity's value (a unit code); `name` the name
    without its type word ("Hàm Tân"); `unit_type` a `UnitType` code; `provinces` the keys of
    the provinces whose territory holds the unit, in any era (used to choose between units of
    one name); `rank` orders units of one name inside one territory (the later version wins:
    the unit of today over the old one it grew out of).
    """

    key: str
    name: str
    unit_type: str
    label: str = ""
    provinces: frozenset[str] = frozenset()
    rank: int = 0


def _accented(name: str) -> str:
    return " ".join(_TOKEN.findall(normalize(name).lower()))


class Gazetteer:
    """Unit names indexed by their folded words: the scan looks up at most a handful of
    n-grams per word of text, whatever the number of names."""

    def __init__(
        self, entries: Iterable[GazetteerEntry], aliases: Mapping[str, str] | None = None
    ) -> None:
        self.entries: list[GazetteerEntry] = list(entries)
        self._accent: list[str] = []
        self._names: dict[str, list[int]] = {}
        self._provinces: dict[str, list[int]] = {}
        self.max_tokens = 1
        for index, entry in enumerate(self.entries):
            key = " ".join(_TOKEN.findall(fold(entry.name)))
            self._accent.append(_accented(entry.name))
            if not key:
                continue
            self._names.setdefault(key, []).append(index)
            if entry.unit_type in PROVINCE_TYPES:
                self._provinces.setdefault(key, []).append(index)
            self.max_tokens = max(self.max_tokens, key.count(" ") + 1)
        self._aliases: dict[str, str] = {}
        for alias, target in (ALIASES if aliases is None else aliases).items():
            alias_key = " ".join(_TOKEN.findall(fold(alias)))
            if alias_key != target and target in self._provinces:
                self._aliases[alias_key] = target
                self.max_tokens = max(self.max_tokens, alias_key.count(" ") + 1)

    def __len__(self) -> int:
        return len(self.entries)

    def names(self, folded: str, *, provinces_only: bool = False) -> list[int]:
        """Entries with this folded name (words separated by one space), aliases followed."""
        index = self._provinces if provinces_only else self._names
        found = index.get(folded)
        if found is None and folded in self._aliases:
            return list(self._provinces.get(self._aliases[folded], []))
        return list(found or [])

    def is_alias(self, folded: str) -> bool:
        return folded in self._aliases and folded not in self._names

    def accented(self, index: int) -> str:
        return self._accent[index]


@dataclass(frozen=True, slots=True)
class UnitRecord:
    """A unit as reference data gives it, for `gazetteer_build`: `province` is the key of its
    province (its own key for a province)."""

    key: str
    name: str
    unit_type: str
    province: str
    rank: int = 0
    label: str = ""


def gazetteer_build(
    units: Iterable[UnitRecord], province_links: Iterable[tuple[str, str]] = ()
) -> Gazetteer:
    """A gazetteer whose territories join provinces linked by succession (old Bình Thuận with
    today's Lâm Đồng): a unit of either era counts as "in the same province" as the other."""
    records = list(units)
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for old, new in province_links:
        a, b = root(old), root(new)
        if a != b:
            parent[a] = b
    groups: dict[str, set[str]] = {}
    for record in records:
        groups.setdefault(root(record.province), set()).add(record.province)
    for key in list(parent):
        groups.setdefault(root(key), set()).add(key)
    frozen = {r: frozenset(keys) for r, keys in groups.items()}
    return Gazetteer(
        GazetteerEntry(
            key=r.key,
            name=r.name,
            unit_type=r.unit_type,
            label=r.label,
            provinces=frozen[root(r.province)],
            rank=r.rank,
        )
        for r in records
    )


@dataclass(slots=True)
class _Token:
    folded: str
    start: int
    end: int
    capital: bool  # starts with a capital letter or is a number
    joined: bool  # joined to the previous token as inside a name


@dataclass
class _UnitMention:
    start: int
    end: int
    candidates: list[int]
    district_key: str = ""
    district_label: str = ""


def _tokens(doc: _Doc) -> list[_Token]:
    """The words of the text outside references, dates and amounts (a name does not run
    across one of those either)."""
    spans = sorted(doc.taken)
    text, folded = doc.text, doc.folded
    tokens: list[_Token] = []
    previous_end = 0
    kept_previous = False
    si = 0
    for m in _TOKEN.finditer(folded):
        start, end = m.span()
        while si < len(spans) and spans[si][1] <= start:
            si += 1
        if si < len(spans) and spans[si][0] < end:
            kept_previous = False
            previous_end = end
            continue
        gap = folded[previous_end:start]
        joined = kept_previous and (gap == " " or bool(_NAME_JOINERS.fullmatch(gap)))
        first = text[start]
        tokens.append(_Token(m.group(0), start, end, first.isupper() or first.isdigit(), joined))
        previous_end = end
        kept_previous = True
    return tokens


def _title_like(doc: _Doc, token: _Token) -> bool:
    """A capitalised word that is not an acronym (UBND, TP): part of a proper name."""
    word = doc.text[token.start : token.end]
    return word[:1].isupper() and not word.isupper()


class _UnitScanner:
    def __init__(self, doc: _Doc, gazetteer: Gazetteer) -> None:
        self.doc = doc
        self.gaz = gazetteer
        self.tokens = _tokens(doc)
        words = [t for t in self.tokens if not t.folded.isdigit()]
        marked = sum(1 for t in words if not doc.text[t.start : t.end].isascii())
        # Typed with diacritics: then "quan" is "quan" (cơ quan), not "quận".
        self.marked = bool(words) and marked >= MARKED_SHARE * len(words)

    def _name_key(self, i: int, length: int) -> str | None:
        if i + length > len(self.tokens):
            return None
        if any(not self.tokens[j].joined for j in range(i + 1, i + length)):
            return None
        return " ".join(t.folded for t in self.tokens[i : i + length])

    def _accent_ok(self, i: int, length: int, candidates: list[int]) -> list[int]:
        """Words typed with diacritics must match the name's own ("xã hội" is not "Xã Hới")."""
        original = self.doc.text[self.tokens[i].start : self.tokens[i + length - 1].end]
        if not _has_marks(original):
            return candidates
        spelled = _accented(original)
        return [c for c in candidates if self.gaz.accented(c) == spelled]

    def _match(
        self, i: int, types: frozenset[str] | None, *, provinces_only: bool
    ) -> tuple[int, list[int]] | None:
        """The longest name starting at token `i` with entries of `types` (None: any)."""
        for length in range(min(self.gaz.max_tokens, len(self.tokens) - i), 0, -1):
            key = self._name_key(i, length)
            if key is None:
                continue
            found = self.gaz.names(key, provinces_only=provinces_only)
            if types is not None:
                found = [c for c in found if self.gaz.entries[c].unit_type in types]
            if not found:
                continue
            if not self.gaz.is_alias(key):
                found = self._accent_ok(i, length, found)
            if found:
                return length, found
        return None

    def _prefix_at(self, i: int) -> tuple[tuple[str, ...], int] | None:
        if self.tokens[i].folded not in _PREFIX_FIRST:
            return None
        for size in (2, 1):
            if i + size > len(self.tokens):
                continue
            words = tuple(t.folded for t in self.tokens[i : i + size])
            if words not in _PREFIXES:
                continue
            if size == 2 and not self.tokens[i + 1].joined:
                continue
            if not self._spelled_as_prefix(i, size):
                continue
            after = i + size
            if after >= len(self.tokens):
                return None
            gap = self.doc.folded[self.tokens[after - 1].end : self.tokens[after].start]
            if not _PREFIX_JOINERS.fullmatch(gap):
                return None
            return words, after
        return None

    def _spelled_as_prefix(self, j: int, size: int) -> bool:
        """The words at `j` are a type word as written ("Thạnh" is not "thành")."""
        for token in self.tokens[j : j + size]:
            word = self.doc.lower[token.start : token.end]
            if (self.marked or _has_marks(word)) and _PREFIX_SPELLINGS.get(token.folded) != word:
                return False
        return True

    def _starts_prefix(self, j: int) -> bool:
        token = self.tokens[j]
        if token.folded in _STOP_NAMES:
            return True
        for size in (2, 1):
            words = tuple(t.folded for t in self.tokens[j : j + size])
            if len(words) == size and words in _PREFIXES and self._spelled_as_prefix(j, size):
                return True
        return False

    def _district(self, words: tuple[str, ...], after: int) -> tuple[int, _UnitMention] | None:
        """An abolished district-level unit ("huyện Tánh Linh", "quận 1"): capitalised words
        after the type word, up to a province name or a type word."""
        first = self.tokens[after]
        if first.folded.isdigit():
            length = 1 if len(first.folded) <= 2 else 0
        else:
            length = 0
            while (
                after + length < len(self.tokens)
                and length < _MAX_DISTRICT_TOKENS
                and (length == 0 or self.tokens[after + length].joined)
                and self.tokens[after + length].capital
                and not self.tokens[after + length].folded.isdigit()
                and not self._starts_prefix(after + length)
                and (length == 0 or self._match(after + length, None, provinces_only=True) is None)
            ):
                length += 1
        if not length:
            return None
        kind = _DISTRICT_KEYS[words]
        name_tokens = self.tokens[after : after + length]
        key = f"{kind}:" + "-".join(t.folded for t in name_tokens)
        name = self.doc.text[name_tokens[0].start : name_tokens[-1].end]
        label = f"{_DISTRICT_LABELS[kind]} {name}"
        start = self.tokens[after - len(words)].start
        return after + length, _UnitMention(start, name_tokens[-1].end, [], key, label)

    def scan(self) -> list[_UnitMention]:
        mentions: list[_UnitMention] = []
        i = 0
        n = len(self.tokens)
        while i < n:
            prefix = self._prefix_at(i)
            if prefix is not None:
                words, after = prefix
                kind, types = _PREFIXES[words]
                hit = self._match(after, types, provinces_only=False) if types else None
                if hit is None and kind == "commune":
                    hit = self._match(after, COMMUNE_TYPES, provinces_only=False)
                if hit is None and kind == "province":
                    hit = self._match(after, PROVINCE_TYPES, provinces_only=False)
                if hit is not None:
                    length, found = hit
                    if length == 1 and not self.tokens[after].capital:
                        found = []  # one lowercase word after "xã" is a common word
                    if found:
                        end = self.tokens[after + length - 1].end
                        mentions.append(_UnitMention(self.tokens[i].start, end, found))
                        i = after + length
                        continue
                if kind in ("district", "city"):
                    district = self._district(words, after)
                    if district is not None:
                        i, mention = district
                        mentions.append(mention)
                        continue
            token = self.tokens[i]
            if token.capital and not token.folded.isdigit():
                hit = self._match(i, PROVINCE_TYPES, provinces_only=True)
                if hit is not None:
                    length, found = hit
                    name_tokens = self.tokens[i : i + length]
                    key = " ".join(t.folded for t in name_tokens)
                    proper = all(t.capital for t in name_tokens)
                    # "Nguyễn Thái Bình" is a person: a capitalised word just before the name.
                    glued = i > 0 and token.joined and _title_like(self.doc, self.tokens[i - 1])
                    if proper and not glued and key not in BARE_EXCLUDED:
                        mentions.append(_UnitMention(token.start, name_tokens[-1].end, found))
                        i += length
                        continue
            i += 1
        return mentions


def _collapse(gaz: Gazetteer, candidates: list[int]) -> list[int]:
    """One entry per key; among units of one name in one territory, the latest version."""
    by_key: dict[str, int] = {}
    for c in sorted(candidates, key=lambda c: -gaz.entries[c].rank):
        by_key.setdefault(gaz.entries[c].key, c)
    kept: list[int] = []
    for c in by_key.values():
        entry = gaz.entries[c]
        if any(
            gaz.entries[k].rank > entry.rank and gaz.entries[k].provinces & entry.provinces
            for k in kept
        ):
            continue
        kept.append(c)
    return kept


def _resolve_units(gaz: Gazetteer, mentions: list[_UnitMention]) -> list[Entity]:
    """Choose among the units of an ambiguous name by the other units named nearby.

    An unambiguous mention (one unit) gives its provinces as context. An ambiguous one keeps
    the candidates in a province named within `CONTEXT_WINDOW` characters; failing that, in a
    province named anywhere in the text; failing that, all its candidates when there are at
    most `MAX_CANDIDATES`, none when there are more.
    """
    for m in mentions:
        m.candidates = _collapse(gaz, m.candidates)
    sure = [m for m in mentions if len(m.candidates) == 1]
    everywhere: frozenset[str] = frozenset().union(
        *(gaz.entries[m.candidates[0]].provinces for m in sure)
    )
    entities: list[Entity] = []
    for m in mentions:
        if m.district_key:
            continue
        candidates = m.candidates
        if len(candidates) > 1:
            nearby: frozenset[str] = frozenset().union(
                *(
                    gaz.entries[o.candidates[0]].provinces
                    for o in sure
                    if o is not m
                    and o.start - CONTEXT_WINDOW <= m.end
                    and m.start <= o.end + CONTEXT_WINDOW
                )
            )
            for context in (nearby, everywhere):
                chosen = [c for c in candidates if gaz.entries[c].provinces & context]
                if chosen:
                    candidates = chosen
                    break
            if len(candidates) > MAX_CANDIDATES:
                continue
        for c in candidates:
            entry = gaz.entries[c]
            entities.append(Entity(UNIT, entry.key, "", m.start, m.end, entry.label))
    return entities


def _units(doc: _Doc, gazetteer: Gazetteer) -> list[Entity]:
    mentions = _UnitScanner(doc, gazetteer).scan()
    found = _resolve_units(gazetteer, mentions)
    found += [
        Entity(UNIT, m.district_key, "", m.start, m.end, m.district_label)
        for m in mentions
        if m.district_key
    ]
    return [
        Entity(e.kind, e.value, doc.text[e.start : e.end], e.start, e.end, e.detail) for e in found
    ]


# --- Entry point ----------------------------------------------------------------------------


def extract(text: str, gazetteer: Gazetteer | None = None) -> list[Entity]:
    """The entities of `text` in order of position (offsets into `nfc(text)`).

    Without a gazetteer no unit names are looked for (the other kinds need no data).
    """
    clean = nfc(text or "")
    doc = _Doc(clean, clean.translate(_FOLD), clean.translate(_LOWER))
    found = _legal(doc) + _dates(doc) + _money(doc)
    if gazetteer is not None and len(gazetteer):
        found += _units(doc, gazetteer)
    return sorted(found, key=lambda e: (e.start, e.end, e.kind, e.value))


def distinct(entities: Sequence[Entity]) -> list[Entity]:
    """The first mention of each (kind, value): what a record is indexed by."""
    seen: set[tuple[str, str]] = set()
    out: list[Entity] = []
    for e in entities:
        if (e.kind, e.value) not in seen:
            seen.add((e.kind, e.value))
            out.append(e)
    return out
