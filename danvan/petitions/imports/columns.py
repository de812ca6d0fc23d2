"""The columns of a Vietnamese petition register, how their headers are written, and the words
used in their cells.

Headers and cell words are compared folded (`danvan.text.fold`: no diacritics, đ -> d, lower
case), with punctuation turned into spaces and a trailing "(...)" remark dropped, so "Ngày nhận
đơn (dd/mm/yyyy)", "NGAY NHAN DON" and "ngày  nhận đơn" are the same header.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext_lazy as _

from danvan.petitions.states import Channel, Kind, Outcome
from danvan.text import fold

IGNORE = ""

# Field code -> label (the officer picks among these on the mapping step).
FIELD_LABELS: dict[str, object] = {
    "stt": _("Số thứ tự (không nhập)"),
    "case_number": _("Số hồ sơ"),
    "received_on": _("Ngày nhận đơn"),
    "full_name": _("Họ tên người gửi"),
    "address": _("Địa chỉ"),
    "id_number": _("Số CCCD"),
    "phone": _("Số điện thoại"),
    "content": _("Nội dung đơn"),
    "summary": _("Tóm tắt"),
    "respondent": _("Người bị khiếu nại, tố cáo"),
    "kind": _("Phân loại đơn"),
    "topic": _("Lĩnh vực"),
    "channel": _("Nguồn đơn"),
    "forwarder": _("Nơi chuyển đơn"),
    "forwarder_reference": _("Số văn bản chuyển"),
    "pakn_code": _("Mã PAKN"),
    "area": _("Địa bàn"),
    "outcome": _("Kết quả xử lý"),
    "handled_on": _("Ngày xử lý"),
    "note": _("Ghi chú"),
}
FIELDS: tuple[str, ...] = tuple(FIELD_LABELS)
# Without these the rows cannot become petitions: the mapping must give them a column.
REQUIRED_FIELDS: tuple[str, ...] = ("received_on", "content")

# Folded header -> field. Exact matches first, then the longest synonym the header starts with.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "stt": ("stt", "tt", "so tt", "so thu tu"),
    "case_number": ("so ho so", "ma ho so", "so hs", "so ho so don"),
    "received_on": (
        "ngay nhan",
        "ngay nhan don",
        "ngay nhan don thu",
        "ngay tiep nhan",
        "ngay tiep nhan don",
        "ngay vao so",
        "ngay thang nhan don",
        "ngay thang nam nhan don",
        "ngay den",
        "ngay don den",
        "thoi gian nhan don",
        "thoi gian tiep nhan",
    ),
    "full_name": (
        "ho ten",
        "ho va ten",
        "ho ten nguoi gui",
        "ho ten nguoi gui don",
        "ho va ten nguoi gui",
        "ho va ten nguoi gui don",
        "nguoi gui",
        "nguoi gui don",
        "ten nguoi gui",
        "nguoi dung don",
        "nguoi dung ten don",
        "ho ten nguoi dung don",
        "ho ten nguoi viet don",
        "nguoi viet don",
        "ho ten nguoi khieu nai to cao",
        "ho ten nguoi khieu nai to cao kien nghi phan anh",
        "cong dan",
        "ho ten cong dan",
    ),
    "address": (
        "dia chi",
        "dia chi nguoi gui",
        "dia chi nguoi gui don",
        "dia chi lien he",
        "noi cu tru",
        "noi o",
        "cho o",
    ),
    "id_number": (
        "cccd",
        "so cccd",
        "so can cuoc",
        "so can cuoc cong dan",
        "so dinh danh",
        "so dinh danh ca nhan",
        "cmnd",
        "so cmnd",
        "cmnd cccd",
        "so cmnd cccd",
        "so cccd cmnd",
    ),
    "phone": ("so dien thoai", "dien thoai", "sdt", "so dt", "dien thoai lien he"),
    "content": (
        "noi dung",
        "noi dung don",
        "noi dung don thu",
        "tom tat noi dung",
        "tom tat noi dung don",
        "tom tat noi dung don thu",
        "noi dung vu viec",
        "noi dung chinh",
        "trich yeu noi dung",
        "noi dung tom tat",
    ),
    "summary": ("tom tat", "trich yeu", "tieu de"),
    "respondent": (
        "nguoi bi khieu nai",
        "nguoi bi to cao",
        "nguoi bi khieu nai to cao",
        "doi tuong bi khieu nai",
        "doi tuong bi to cao",
        "doi tuong bi khieu nai to cao",
        "co quan bi khieu nai",
    ),
    "kind": (
        "phan loai",
        "phan loai don",
        "phan loai don thu",
        "loai don",
        "loai don thu",
        "loai",
        "tinh chat don",
        "tinh chat",
    ),
    "topic": ("linh vuc", "linh vuc noi dung", "nhom linh vuc", "linh vuc don"),
    "channel": (
        "nguon don",
        "nguon",
        "nguon don thu",
        "nguon tiep nhan",
        "hinh thuc nhan",
        "hinh thuc nhan don",
        "hinh thuc tiep nhan",
        "hinh thuc gui",
    ),
    "forwarder": (
        "co quan chuyen den",
        "co quan chuyen",
        "co quan chuyen don",
        "co quan don vi chuyen den",
        "co quan don vi chuyen don",
        "don vi chuyen",
        "don vi chuyen den",
        "noi chuyen",
        "noi chuyen don",
        "noi chuyen den",
    ),
    "forwarder_reference": (
        "so van ban chuyen",
        "so van ban chuyen don",
        "so vb chuyen",
        "so cong van chuyen",
        "so cong van",
        "so van ban",
        "so phieu chuyen",
    ),
    "pakn_code": ("ma pakn", "ma phan anh kien nghi", "ma phan anh", "ma so pakn"),
    "area": (
        "dia ban",
        "dia ban phat sinh",
        "ma dia ban",
        "noi phat sinh",
        "xa phuong",
        "xa phuong thi tran",
        "xa phuong dac khu",
        "don vi hanh chinh",
        "dia ban xa",
    ),
    "outcome": (
        "ket qua xu ly",
        "ket qua xu ly don",
        "ket qua",
        "huong xu ly",
        "phuong an xu ly",
        "xu ly",
        "ket qua giai quyet",
        "tinh trang xu ly",
    ),
    "handled_on": (
        "ngay xu ly",
        "ngay xu ly don",
        "ngay chuyen",
        "ngay chuyen don",
        "ngay tra loi",
        "ngay giai quyet",
        "ngay ket thuc",
    ),
    "note": ("ghi chu", "ghi chu khac"),
}

_PUNCT = re.compile(r"[^\w]+", re.UNICODE)
_REMARK = re.compile(r"\([^)]*\)")


def header_key(text: str) -> str:
    """A header folded for matching: no diacritics, no punctuation, single spaces."""
    return " ".join(_PUNCT.sub(" ", fold(text)).replace("_", " ").split())


@cache
def _synonym_index() -> tuple[dict[str, str], list[tuple[str, str]]]:
    exact: dict[str, str] = {}
    for field, words in SYNONYMS.items():
        for word in words:
            exact.setdefault(word, field)
    # Longest first, and only synonyms of two words or more (a short one like "tt" or "loai"
    # would match too much as a prefix).
    prefixes = sorted(
        ((w, f) for w, f in exact.items() if " " in w), key=lambda pair: -len(pair[0])
    )
    return exact, prefixes


def field_for_header(text: str) -> str:
    """The field a header names, or "" when it is not a known column."""
    if not text:
        return IGNORE
    exact, prefixes = _synonym_index()
    for candidate in (header_key(text), header_key(_REMARK.sub(" ", text))):
        if not candidate:
            continue
        if candidate in exact:
            return exact[candidate]
        for word, field in prefixes:
            if candidate.startswith(word + " "):
                return field
    # A field code typed as a header ("received_on") is understood too.
    code = fold(text).strip()
    return code if code in FIELD_LABELS else IGNORE


# --- Header detection -----------------------------------------------------------------------

HEADER_SCAN_ROWS = 10
MAX_COLUMNS = 80


@dataclass
class Column:
    index: int  # 0-based
    header: str  # as written (merged / two-line headers joined)
    field: str  # "" = ignored

    @property
    def letter(self) -> str:
        return column_letter(self.index)

    def as_dict(self) -> dict[str, object]:
        return {"index": self.index, "header": self.header, "field": self.field}


@dataclass
class Layout:
    header_row: int  # 1-based
    columns: list[Column]

    @property
    def mapped(self) -> dict[str, Column]:
        return {c.field: c for c in self.columns if c.field}


def column_letter(index: int) -> str:
    letters = ""
    n = index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _filled_forward(row: Sequence[object]) -> list[str]:
    """A group header row with merged cells: each empty cell takes the text on its left."""
    out: list[str] = []
    last = ""
    for value in row:
        text = _text(value)
        last = text or last
        out.append(last)
    return out


def _headers_at(rows: Sequence[Sequence[object]], r: int) -> list[tuple[str, str]]:
    """(header text, field) of each column if row `r` (0-based) is the header row.

    A cell that names no column is tried with the group header above it (merged over several
    columns: "Người gửi đơn" above "Họ tên" | "Địa chỉ"), and an empty cell takes the header of
    the row above (a header merged over two rows: "STT" above nothing).
    """
    row = rows[r]
    above = _filled_forward(rows[r - 1]) if r > 0 else []
    above_raw = [_text(v) for v in rows[r - 1]] if r > 0 else []
    width = min(max(len(row), len(above)), MAX_COLUMNS)
    out = []
    for c in range(width):
        text = _text(row[c]) if c < len(row) else ""
        field = field_for_header(text)
        if not field and text and c < len(above) and above[c]:
            joined = f"{above[c]} {text}"
            if field_for_header(joined):
                text, field = joined, field_for_header(joined)
        if not text and c < len(above_raw) and above_raw[c]:
            text = above_raw[c]
            field = field_for_header(text)
        out.append((text, field))
    return out


def detect_layout(rows: Sequence[Sequence[object]], header_row: int | None = None) -> Layout:
    """The header row among the first rows (the one naming most known columns) and the
    columns with their detected fields; `header_row` (1-based) forces the row."""
    best: tuple[int, int] = (-1, 0)
    candidates = range(len(rows)) if header_row is None else [header_row - 1]
    for r in candidates:
        if r < 0 or r >= len(rows):
            continue
        fields = {f for _t, f in _headers_at(rows, r) if f}
        score = len(fields)
        if score > best[0]:
            best = (score, r)
    r = best[1]
    if not rows or r >= len(rows):
        return Layout(header_row=header_row or 1, columns=[])
    seen: set[str] = set()
    columns: list[Column] = []
    for c, (text, field) in enumerate(_headers_at(rows, r)):
        if field in seen:
            field = IGNORE  # the first column naming a field wins; the officer may change it
        if field:
            seen.add(field)
        columns.append(Column(index=c, header=text, field=field))
    # A register with only a "Tóm tắt" column keeps its text in it: that is the content.
    if "content" not in seen:
        for col in columns:
            if col.field == "summary":
                col.field = "content"
                break
    while columns and not columns[-1].header and not columns[-1].field:
        columns.pop()
    return Layout(header_row=r + 1, columns=columns)


_NUMBERING = re.compile(r"^\(?\d{1,2}\)?$")


def is_numbering_row(row: Sequence[object]) -> bool:
    """The row of column numbers some registers put under the header: (1) (2) (3) ..."""
    cells = [_text(v) for v in row if _text(v)]
    return len(cells) >= 3 and all(_NUMBERING.match(c) for c in cells)


# --- Cell words ------------------------------------------------------------------------------


@cache
def _labels(choices: type[Kind] | type[Channel] | type[Outcome]) -> dict[str, str]:
    """Folded Vietnamese label (and code) -> code, for the cells that use the exact words."""
    from django.utils import translation

    with translation.override("vi"):
        out = {header_key(str(label)): str(value) for value, label in choices.choices}
    out.update({header_key(str(value)): str(value) for value in choices.values})
    return out


ANONYMOUS_WORDS = frozenset(
    {"nac danh", "khuyet danh", "an danh", "khong ro", "khong ro ho ten", "khong ghi ten",
     "khong ten", "don nac danh", "don khuyet danh"}
)  # fmt: skip

_KIND_WORDS: tuple[tuple[str, str], ...] = (
    ("khieu nai", Kind.COMPLAINT),
    ("to cao", Kind.DENUNCIATION),
    ("kien nghi", Kind.PROPOSAL),
    ("de nghi", Kind.PROPOSAL),
    ("phan anh", Kind.REPORT),
)
_KIND_ABBREVIATIONS = {
    "kn": Kind.COMPLAINT,
    "tc": Kind.DENUNCIATION,
    "kng": Kind.PROPOSAL,
    "pa": Kind.REPORT,
    "knpa": Kind.PROPOSAL,
    "kn pa": Kind.PROPOSAL,
}


def kind_from_text(text: str) -> str:
    """The kind a "Phân loại" cell names ("" if none): "Khiếu nại" -> complaint, "Kiến nghị,
    phản ánh" -> proposal (one category in the statistics), two of complaint / denunciation /
    proposal -> mixed."""
    key = header_key(text)
    if not key:
        return ""
    if key in _KIND_ABBREVIATIONS:
        return _KIND_ABBREVIATIONS[key]
    labels = _labels(Kind)
    if key in labels:
        return labels[key]
    if "nhieu noi dung" in key or "hon hop" in key:
        return Kind.MIXED
    found = []
    for word, kind in _KIND_WORDS:
        if word in key and kind not in found:
            found.append(kind)
    if not found:
        return ""
    if set(found) <= {Kind.PROPOSAL, Kind.REPORT}:
        return found[0]
    return found[0] if len(found) == 1 else Kind.MIXED


def kind_from_content(content: str) -> str:
    """The kind the content names first ("Tôi làm đơn này khiếu nại ..."), "" if none."""
    key = header_key(content[:400])
    best: tuple[int, str] = (len(key) + 1, "")
    for word, kind in _KIND_WORDS:
        at = key.find(word)
        if 0 <= at < best[0]:
            best = (at, kind)
    return best[1]


# (folded words, channel): the first rule whose words occur in the cell wins.
_CHANNEL_RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("pakn", "he thong phan anh", "1022"), Channel.PAKN),
    (("dai bieu", "dbqh", "hdnd", "quoc hoi", "doan dbqh"), Channel.FORWARDED_DEPUTY),
    (("mat tran", "mttq", "ubmttq"), Channel.FORWARDED_MTTQ),
    (("bao chi", "tap chi", "toa soan", "truyen hinh", "phat thanh", "bao "),
     Channel.FORWARDED_PRESS),
    (("buu", "qua duong thu"), Channel.POST),
    (("hom thu",), Channel.BOX),
    (("truc tuyen", "cong thong tin", "thu dien tu", "email", "online", "website",
      "dich vu cong", "zalo", "mang xa hoi", "qua mang"), Channel.ONLINE),
    (("truc tiep", "tiep cong dan", "tiep dan"), Channel.IN_PERSON),
    (("chuyen", "co quan", "ubnd", "uy ban", "thanh tra", "so ", "ban "), Channel.FORWARDED_AGENCY),
)  # fmt: skip


def channel_from_text(text: str) -> str:
    key = header_key(text)
    if not key:
        return ""
    labels = _labels(Channel)
    if key in labels:
        return labels[key]
    padded = f" {key} "
    for words, channel in _CHANNEL_RULES:
        if any(f" {w}" in padded for w in words):
            return channel
    return ""


def forwarded_channel_for(forwarder: str) -> str:
    """The forwarded channel a forwarder's name suggests (a deputy, the Front, the press)."""
    channel = channel_from_text(forwarder)
    if channel in (Channel.FORWARDED_DEPUTY, Channel.FORWARDED_MTTQ, Channel.FORWARDED_PRESS):
        return channel
    return Channel.FORWARDED_AGENCY


# Results of the handling, as the register writes them.
RESOLVED = "resolved"  # the case was resolved (closed with the outcome "accept")
ACCEPTED = "accepted"  # accepted for resolution, resolution not recorded
WITHDRAWN = "withdrawn"

_OUTCOME_RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("rut don", "rut yeu cau", "rut khieu nai", "rut to cao"), WITHDRAWN),
    (("khong thu ly", "khong du dieu kien", "khong xu ly", "tra lai don"), Outcome.INELIGIBLE),
    (("da giai quyet", "giai quyet xong", "da co ket qua", "da xu ly xong", "hoan thanh",
      "da ban hanh", "da co quyet dinh", "da co ket luan", "ket thuc"), RESOLVED),
    (("thu ly", "dang giai quyet", "dang xac minh", "dang xu ly"), ACCEPTED),
    (("chuyen",), Outcome.TRANSFER),
    (("huong dan",), Outcome.GUIDE),
    (("tra loi", "giai thich"), Outcome.ANSWER),
    (("luu",), Outcome.FILE),
)  # fmt: skip


def outcome_from_text(text: str) -> str:
    """What a "Kết quả xử lý" cell says was done: an `Outcome` code, or `ACCEPTED`,
    `RESOLVED`, `WITHDRAWN`; "" when it names nothing known."""
    key = header_key(text)
    if not key:
        return ""
    if key in (ACCEPTED, RESOLVED, WITHDRAWN):
        return key
    labels = _labels(Outcome)
    if key in labels:
        return ACCEPTED if labels[key] == Outcome.ACCEPT else labels[key]
    padded = f" {key} "
    for words, outcome in _OUTCOME_RULES:
        if any(f" {w}" in padded for w in words):
            return outcome
    return ""


# Topic words beyond the taxonomy's own labels.
_TOPIC_WORDS: dict[str, tuple[str, ...]] = {
    "dat_dai": ("dat", "dat dai", "gpmb", "giai phong mat bang", "boi thuong", "thu hoi dat",
                "tai dinh cu", "quyen su dung dat", "tranh chap dat"),
    "moi_truong": ("moi truong", "o nhiem", "rac", "tieng on", "khoi bui", "nuoc thai"),
    "tai_nguyen": ("tai nguyen", "khoang san", "cat soi", "khai thac"),
    "xay_dung_ha_tang": ("xay dung", "giao thong", "ha tang", "duong", "cau"),
    "nuoc_sinh_hoat": ("nuoc sach", "dien", "nuoc sinh hoat"),
    "lao_dong": ("lao dong", "viec lam", "tien luong", "bao hiem xa hoi"),
    "an_sinh": ("chinh sach", "an sinh", "nguoi co cong", "ho ngheo", "tro cap", "bao tro"),
    "y_te": ("y te", "benh vien", "kham chua benh"),
    "giao_duc": ("giao duc", "truong hoc", "hoc phi"),
    "dan_toc": ("dan toc",),
    "ton_giao": ("ton giao", "tin nguong"),
    "an_ninh_trat_tu": ("an ninh", "trat tu", "hinh su", "tu phap"),
    "can_bo": ("can bo", "tham nhung", "tieu cuc", "cong chuc", "dang vien"),
    "thu_tuc_hanh_chinh": ("thu tuc hanh chinh", "hanh chinh", "ho tich", "chung thuc"),
    "kinh_te_do_thi": ("kinh te", "cho", "quy hoach", "do thi", "kinh doanh", "thue"),
    "khac": ("khac",),
}  # fmt: skip


@cache
def _topic_index() -> tuple[dict[str, str], list[tuple[str, str]]]:
    from django.utils import translation

    from danvan.core.topics import topic_choices

    with translation.override("vi"):
        choices = topic_choices()
    exact: dict[str, str] = {}
    for code, label in choices:
        exact[header_key(code)] = code
        exact[header_key(label)] = code
    words = []
    for code, synonyms in _TOPIC_WORDS.items():
        for w in synonyms:
            exact.setdefault(w, code)
            words.append((w, code))
    words.sort(key=lambda pair: -len(pair[0]))
    return exact, words


def topic_from_text(text: str) -> str:
    """The topic code a "Lĩnh vực" cell names: its label, code or a usual word; "" if none."""
    key = header_key(text)
    if not key:
        return ""
    exact, words = _topic_index()
    if key in exact:
        return exact[key]
    padded = f" {key} "
    for word, code in words:
        if f" {word} " in padded:
            return code
    return ""
