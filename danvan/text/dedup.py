"""Near-duplicate detection for Vietnamese petitions: folding, boilerplate, shingles, MinHash.

Owns the text side of "is this the same petition again?": the feature extraction, the
locality-sensitive hash bands stored per petition (`band_hashes`), the confirming similarity
(`similarity`, for suggestions at intake), the stricter "same case" decision (`same_case`, for
clustering: `danvan.text.cluster`) and the key used to compare petitioners' names
(`name_key`). No Django imports.

Two sides, and why they are kept apart:

* **The MinHash side is frozen.** `shingles`, `band_hashes` and `copy_hash` are stored in the
  petitions' `DuplicateBand` rows; any change to how they are computed would leave every stored
  band stale (a re-sent petition would no longer meet its original). `tests/text/test_dedup.py`
  pins them. Improve the confirming side instead.
* **The confirming side may evolve** (nothing of it is stored): the words compared, which of
  them are facts (names, places, figures), and the thresholds.

The MinHash side (unchanged since the first release):

* Text is split into sentences first (on line breaks and on ``. ! ? ;`` followed by a space), so
  the same sentences in another order give the same features: people re-send a petition with its
  paragraphs moved around.
* Each sentence is folded (`danvan.text.normalize.fold`: no diacritics, đ -> d, lowercase), so a
  copy typed without diacritics matches. Thousands separators inside numbers are removed
  ("15.000.000" == "15000000") and words are runs of ``[a-z0-9]``.
* Boilerplate is dropped: the national motto header, the addressee line after "Kính gửi" (the
  same petition sent to several bodies differs only there), the letter's date line
  ("ngày 5 tháng 3 năm 2026"), "tôi tên là", "xin chân thành cảm ơn", "trân trọng", ...
  What stays is what the petition says, including who and where.
* Word bigrams within a sentence (`SHINGLE_SIZE` = 2) feed a MinHash signature of `NUM_PERM` = 64
  hash functions with a fixed seed (the stored bands must stay comparable forever), cut into
  `BANDS` = 16 bands of `ROWS` = 4 rows. Two texts share at least one band with probability
  ``1 - (1 - J**4)**16`` for a bigram Jaccard J: 0.12 at J = 0.3, 0.64 at 0.5, 0.89 at 0.6,
  0.99 at 0.7; the threshold sits near ``(1/16)**(1/4) = 0.5``.
* Figures (amounts, years, decision and plot numbers) enter the MinHash set `NUMBER_REPLICAS`
  = 3 times, so petitions written from one template with other figures share fewer bands.
* Band hashes mix in the band's index and are signed 64-bit integers (a `BigIntegerField` on
  both databases). `copy_hash` hashes the whole signature.

The confirming side:

* **Words compared** are the MinHash side's words, further normalised: common abbreviations
  spelled out ("UBND" = "Ủy ban nhân dân", "Cty" = "công ty", "QĐ" = "quyết định"), a number
  glued to a unit split from it ("500kV" = "500 kV", "10.000đ" = "10000 đồng"), leading zeros
  dropped ("05/6" = "5/6"), and greetings that say nothing ("xin chào", "cho hỏi") removed.
* **Facts** (`Features.salient`) are what makes two look-alike texts different cases: every
  figure, and the names of people, places and bodies. In a normally written text a name is a
  capitalised word inside a sentence, except the words of institutions and titles ("Ủy ban
  nhân dân", "Công ty", and "Xã", "Ông" before a name), which are the same in every letter. A
  text with no capital inside its sentences (typed all in lowercase) or written all in
  capitals says nothing through case: there, a fact is a word right after a cue — a title
  ("ông", "bà", "tôi là"), a common family name ("Nguyễn", "Trần"), a place word ("thôn",
  "xã", "phường", "đường", "chợ") or a body ("công ty", "quán") — up to the end of the
  clause, a figure, a function word or the next cue; and next to a text that has case, any
  of its words the other lacks may be a replaced name. Function words ("là", "của", "đã"; as
  typed with diacritics: "đang" is one, "Đặng" is not) are never facts.
* A **conflict** (`conflicts`) is a fact of one text missing from the other in a sentence
  whose frame (its other words) the other text has, while the other text has, in the same
  way, a fact the first lacks: a value was replaced ("15000000" by "9000000", "Hùng" by
  "Bình"), not added or dropped with a sentence of its own. When both texts are typed with
  diacritics (`MARKED_SHARE` of their words carry a mark), facts are compared with them, so
  "thôn Đông" is not "Đồng".
* `similarity` (intake suggestions, an officer decides): a weighted Jaccard of the two word sets
  where facts weigh `SALIENT_WEIGHT` = 4 ordinary words, multiplied by `CONFLICT_FACTOR` = 0.7
  per conflict. A copy scores 1.0; the same template for another person, place, amount or
  decision falls under 0.6.
* `same_case` (clustering: nobody looks at each pair, and a wrong link merges two whole
  groups): no conflict at all, and a Jaccard of the content words (function words aside) of at
  least `SAME_CASE_JACCARD` = 0.6, or the smaller text (at least `CONTAINMENT_MIN_WORDS` = 10
  words) contained at `SAME_CASE_CONTAINMENT` = 0.9 in the larger one with a Jaccard still at
  least `SAME_CASE_CONTAINED_JACCARD` = 0.45 (a copy with a paragraph added, but not a short
  follow-up — "the road was repaired, thank you" — that repeats a complaint's words).
* `record` gives the same analysis as integers (CRC-32 keys of the words) for clustering a
  million texts in memory; `danvan.text.cluster` vectorises the same tests.

MinHash is datasketch's (`MinHash.update_batch`, with its permutations built once for the fixed
seed). The confirming similarity is a weighted Jaccard written here rather than a rapidfuzz
ratio: token ratios score two forms filled from one template as near-identical, which is
exactly the "different case" this module must keep apart.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain
from typing import Any, NamedTuple, Protocol

from danvan.text.normalize import fold, normalize

SHINGLE_SIZE = 2
NUM_PERM = 64
BANDS = 16
ROWS = 4
SEED = 20260701
SALIENT_WEIGHT = 4.0
CONFLICT_FACTOR = 0.7
NUMBER_REPLICAS = 3
# The confirming side (not stored: free to tune).
SAME_CASE_JACCARD = 0.6
SAME_CASE_CONTAINMENT = 0.9
SAME_CASE_CONTAINED_JACCARD = 0.45
CONTAINMENT_MIN_WORDS = 10
MARKED_SHARE = 0.3
# A missing fact is a replaced one when this share of the other words of its sentence is in the
# other text (a sentence of fewer other words counts as shared).
SHARED_SENTENCE = 0.5
_SHARED_MIN_WORDS = 2
# A text whose words inside sentences are capitalised this often is written in capitals.
_SHOUTING_SHARE = 0.6

assert BANDS * ROWS == NUM_PERM

# A sentence ends at a line break, or at . ! ? ; followed by whitespace or the end. A dot between
# digits (15.000.000) or inside an abbreviation without a following space does not end one.
_SENTENCE_END = re.compile(r"[\r\n]+|[.!?;…]+(?=\s|$)")
_DIGIT_SEPARATOR = re.compile(r"(?<=\d)[.,](?=\d)")
_RAW_WORD = re.compile(r"[^\W_]+")
_FOLDED_WORD = re.compile(r"[a-z0-9]+")
_SPACES = re.compile(r"\s+")
# Inside a sentence: what ends a clause (a name never runs across one) and what starts a new
# "first word" (after a colon or an opening quote people capitalise ordinary words).
_CLAUSE_BREAK = re.compile(r"""([,;:()\[\]"“”«»]|\s[-–—]\s)""")
_RESTARTS = frozenset({":", "(", '"', "“", "«", "["})
_DIGIT_RUNS = re.compile(r"[0-9]+|[a-z]+")

# Folded phrases removed wherever they occur (longest first, so "xin chan thanh cam on" goes
# before "cam on"). Greetings, thanks, the motto and the form's labels say nothing about the case.
_BOILERPLATE_PHRASES: tuple[tuple[str, ...], ...] = tuple(
    sorted(
        (
            tuple(p.split())
            for p in (
                "cong hoa xa hoi chu nghia viet nam",
                "doc lap tu do hanh phuc",
                "xin chan thanh cam on",
                "chan thanh cam on",
                "xin tran trong cam on",
                "tran trong cam on",
                "tran trong kinh chao",
                "tran trong",
                "xin cam on",
                "cam on",
                "kinh mong",
                "rat mong",
                "kinh de nghi",
                "kinh trinh",
                "kinh thua",
                "kinh don",
                "toi ten la",
                "toi la",
                "chung toi gom",
                "chung toi la",
                "chung toi ten la",
                "toi xin cam doan nhung noi dung tren la dung su that",
                "toi xin cam doan",
                "xin cam doan",
                "nguoi lam don",
                "nguoi viet don",
                "nguoi gui don",
                "ky ghi ro ho ten",
                "ky va ghi ro ho ten",
                "ghi ro ho ten",
                "don khieu nai",
                "don to cao",
                "don kien nghi",
                "don phan anh",
                "don de nghi",
                "don kien nghi phan anh",
                "ve viec",
                "vv",
            )
        ),
        key=len,
        reverse=True,
    )
)
_PHRASES_BY_FIRST_WORD: dict[str, tuple[tuple[str, ...], ...]] = {}
for _phrase in _BOILERPLATE_PHRASES:
    _PHRASES_BY_FIRST_WORD[_phrase[0]] = (*_PHRASES_BY_FIRST_WORD.get(_phrase[0], ()), _phrase)
# Sentences (folded, first words) dropped whole: the recipient list at the end of a letter.
_DROP_SENTENCE_PREFIXES: tuple[tuple[str, ...], ...] = (("noi", "nhan"),)
# "Kính gửi: <addressee>": the addressee is dropped up to one of these words (where the body
# starts when the letter has no line break) or at most `_ADDRESSEE_MAX_WORDS` words.
_ADDRESSEE_START = ("kinh", "gui")
_ADDRESSEE_STOPS: tuple[tuple[str, ...], ...] = (
    ("toi",),
    ("chung", "toi"),
    ("gia", "dinh", "toi"),
)
_ADDRESSEE_MAX_WORDS = 20
# The letter's own date ("..., ngày 5 tháng 3 năm 2026"): it changes on every re-send.
_DATE_WORDS = ("ngay", "thang", "nam")
# A sentence left with this few words once its date is gone is the "<place>, ngày ..." line.
_DATE_LINE_MAX_WORDS = 4
# A sentence without any of these words has no boilerplate (the common case, checked at once).
_BOILERPLATE_STARTS = frozenset({*_PHRASES_BY_FIRST_WORD, _ADDRESSEE_START[0], _DATE_WORDS[0]})

# --- The confirming side's vocabulary ----------------------------------------------------------

# Abbreviations spelled out (folded key -> the words, with diacritics).
_ABBREVIATIONS: dict[str, str] = {
    "ubnd": "ủy ban nhân dân",
    "hdnd": "hội đồng nhân dân",
    "mttq": "mặt trận tổ quốc",
    "cty": "công ty",
    "ctcp": "công ty cổ phần",
    "tp": "thành phố",
    "tx": "thị xã",
    "qd": "quyết định",
    "bhxh": "bảo hiểm xã hội",
    "bhyt": "bảo hiểm y tế",
    "gcn": "giấy chứng nhận",
    "qsdd": "quyền sử dụng đất",
    "sdt": "số điện thoại",
    "ko": "không",
    "hok": "không",
    "khg": "không",
    "dc": "được",
    "ng": "người",
}
# A figure glued to one of these is a figure and a unit ("10.000đ", "500kV").
_UNIT_WORDS = {"d": "đồng", "vnd": "đồng", "dong": "đồng"}
# Greetings and requests for an answer that say nothing about the case (removed from the words
# compared only: the MinHash side keeps them, as it always has).
_GREETINGS: tuple[tuple[str, ...], ...] = tuple(
    sorted(
        (
            tuple(p.split())
            for p in (
                "xin chao",
                "chao anh chi",
                "chao cac anh chi",
                "cho hoi",
                "xin hoi",
                "cho em hoi",
                "cho minh hoi",
                "cho toi hoi",
            )
        ),
        key=len,
        reverse=True,
    )
)
_GREETING_STARTS = frozenset(p[0] for p in _GREETINGS)
# Capitalised words that are the same in every letter: bodies, titles, administrative levels.
# Written with a capital inside a sentence they still are not names (folded phrases).
_INSTITUTIONS: tuple[tuple[str, ...], ...] = tuple(
    sorted(
        (
            tuple(p.split())
            for p in (
                "uy ban nhan dan",
                "hoi dong nhan dan",
                "mat tran to quoc",
                "cong ty",
                "tnhh",
                "co phan",
                "cong an",
                "toa an",
                "vien kiem sat",
                "thanh tra",
                "chu tich",
                "pho chu tich",
                "giam doc",
                "quyet dinh",
                "nghi dinh",
                "thong tu",
                "nha nuoc",
                "chinh phu",
                "quoc hoi",
                "dang uy",
                "tinh uy",
                "huyen uy",
                "thanh uy",
                "ban thuong vu",
                "thuong truc",
                "ban dan van",
                "ban quan ly",
                "ban tiep cong dan",
                "bo phan mot cua",
                "trung tam",
                "benh vien",
                "tram y te",
                "ngan hang",
                "bao hiem xa hoi",
                "bao hiem y te",
                "lien doan lao dong",
                "hoi nong dan",
                "hoi phu nu",
                "doan thanh nien",
                "so",
                "phong",
                "doi",
                "chi cuc",
                "truong tieu hoc",
                "truong thcs",
                "truong thpt",
                "truong mam non",
                "truong mau giao",
                "truong dai hoc",
                "xa",
                "phuong",
                "thon",
                "xom",
                "ap",
                "buon",
                "tinh",
                "huyen",
                "thi tran",
                "thi xa",
                "thanh pho",
                "khu pho",
                "to dan pho",
                "ong",
                "ba",
                "anh",
                "chi",
            )
        ),
        key=len,
        reverse=True,
    )
)
# Single words of `_INSTITUTIONS` that are also names (levels and titles before a name).
_INSTITUTION_TITLES = frozenset(
    [
        "xa",
        "phuong",
        "thon",
        "xom",
        "ap",
        "buon",
        "tinh",
        "huyen",
        "ong",
        "ba",
        "anh",
        "chi",
        "so",
        "phong",
        "doi",
    ]
)
_INSTITUTIONS_BY_FIRST_WORD: dict[str, tuple[tuple[str, ...], ...]] = {}
for _phrase in _INSTITUTIONS:
    _INSTITUTIONS_BY_FIRST_WORD[_phrase[0]] = (
        *_INSTITUTIONS_BY_FIRST_WORD.get(_phrase[0], ()),
        _phrase,
    )


class _Cue(NamedTuple):
    words: tuple[str, ...]  # folded
    marked: tuple[str, ...] | None  # the diacritics it must carry when typed with them
    strict: bool  # typed without diacritics, the word means too many other things: skip it
    include: bool  # the cue is part of the fact (a family name), not only before it
    span: int  # how many words after it can belong to the name


def _cue(words: str, marked: str | None = None, *, strict: bool = False, span: int = 3) -> _Cue:
    return _Cue(
        tuple(words.split()), tuple(marked.split()) if marked else None, strict, False, span
    )


# Words after which, in a text that says nothing through case, a name follows.
_CUES: tuple[_Cue, ...] = (
    _cue("toi ten la", "tôi tên là", span=4),
    _cue("toi la", "tôi là", span=4),
    _cue("ten la", "tên là", span=4),
    _cue("ho ten", "họ tên", span=4),
    _cue("ong", "ông", span=4),
    _cue("ba", "bà", strict=True, span=4),
    _cue("anh", "anh", span=4),
    _cue("chi", "chị", strict=True, span=4),
    _cue("em", "em", span=4),
    _cue("chau", "cháu", strict=True, span=4),
    _cue("thon", "thôn"),
    _cue("xom", "xóm"),
    _cue("ap", "ấp"),
    _cue("buon", "buôn"),
    _cue("to", "tổ", strict=True),
    _cue("khu pho", "khu phố"),
    _cue("khu", "khu"),
    _cue("phuong", "phường"),
    _cue("xa", "xã"),
    _cue("thi tran", "thị trấn"),
    _cue("huyen", "huyện"),
    _cue("quan", "quận", strict=True),
    _cue("tinh", "tỉnh", strict=True),
    _cue("thanh pho", "thành phố"),
    _cue("duong", "đường"),
    _cue("cho", "chợ", strict=True),
    _cue("cau", "cầu", strict=True),
    _cue("song", "sông", strict=True),
    _cue("suoi", "suối"),
    _cue("ho", "hồ", strict=True),
    _cue("cong ty", "công ty", span=4),
    _cue("quan", "quán", strict=True),
    _cue("truong", "trường", strict=True, span=4),
    _cue("du an", "dự án"),
    _cue("tieu khu", "tiểu khu"),
)
# Family names that start a name ("nguyen van an" typed in lowercase).
_SURNAMES: tuple[_Cue, ...] = tuple(
    _Cue((fold(name),), (name.lower(),), strict, True, 3)
    for name, strict in (
        ("Nguyễn", False),
        ("Trần", False),
        ("Phạm", False),
        ("Hoàng", False),
        ("Huỳnh", False),
        ("Phan", False),
        ("Bùi", False),
        ("Lê", True),
        ("Võ", True),
        ("Vũ", True),
        ("Đặng", True),
        ("Đỗ", True),
        ("Hồ", True),
        ("Ngô", True),
        ("Dương", True),
        ("Lý", True),
        ("Trương", True),
        ("Đinh", True),
        ("Đào", True),
        ("Đoàn", True),
        ("Trịnh", True),
        ("Lâm", True),
        ("Châu", True),
        ("Lương", True),
        ("Kiều", True),
        ("Lưu", True),
        ("Vương", True),
    )
)
_CUES_BY_FIRST_WORD: dict[str, tuple[_Cue, ...]] = {}
for _c in sorted((*_CUES, *_SURNAMES), key=lambda c: len(c.words), reverse=True):
    _CUES_BY_FIRST_WORD[_c.words[0]] = (*_CUES_BY_FIRST_WORD.get(_c.words[0], ()), _c)
# Words that never belong to a name (a name after a cue stops at the first of them) and say
# little about a case; left out of `same_case`'s counts. As typed with diacritics — "đang" is
# one, "Đặng" is not — and folded, for sentences typed without them.
_FUNCTION_MARKED = frozenset(
    [
        "là",
        "và",
        "của",
        "có",
        "bị",
        "đã",
        "được",
        "cho",
        "với",
        "tại",
        "ở",
        "về",
        "từ",
        "đến",
        "tôi",
        "nhưng",
        "không",
        "để",
        "thì",
        "mà",
        "này",
        "như",
        "các",
        "một",
        "những",
        "nhiều",
        "rất",
        "quá",
        "qua",
        "lại",
        "rồi",
        "sẽ",
        "vẫn",
        "cũng",
        "hơn",
        "vì",
        "nếu",
        "nên",
        "khi",
        "sau",
        "trước",
        "trong",
        "ngoài",
        "trên",
        "dưới",
        "gần",
        "chúng",
        "ta",
        "mình",
        "hay",
        "hoặc",
        "bằng",
        "theo",
        "vào",
        "ra",
        "lên",
        "xuống",
        "do",
        "đây",
        "đó",
        "kia",
        "ai",
        "gì",
        "sao",
        "nào",
        "tháng",
        "năm",
        "ngày",
        "giờ",
        "lúc",
        "tuổi",
        "đang",
        "đối",
        "người",
        "sinh",
        "trú",
        "số",
        "nay",
        "còn",
    ]
)
_FUNCTION_FOLDED = frozenset(fold(w) for w in _FUNCTION_MARKED)
# Function words when folded that are also common in names ("thị", "Đặng", "Tư"): a name
# after a cue runs on through them.
_NAME_SYLLABLES = frozenset(["thi", "van", "dang", "tu", "do", "nam", "sau", "ta", "lai", "ma"])


# What a word of `Features.sentences` is: a figure, a capitalised name, a word after a cue.
NUMBER = 1
CAPITAL = 2
CUE = 4
TITLED = 8  # capitalised inside a sentence, institutions included
FUNCTION = 16  # a function word ("là", "đã"): never a fact, left out of `same_case`'s counts
NAMEISH = 32  # a function word when folded that is common in names ("thi": "thì" or "Thị")


def _kinds(mask: int) -> tuple[bool, ...]:
    """For every kind: has it one of `mask`'s bits (-1: any), and is it not a plain function
    word (a function word common in names may be a fact)."""
    return tuple(
        (mask == -1 or bool(kind & mask)) and not (kind & FUNCTION and not kind & NAMEISH)
        for kind in range(64)
    )


# A frame word: not capitalised, not a plain function word (a fact it may still be).
_FRAME = tuple(
    not kind & TITLED and not (kind & FUNCTION and not kind & NAMEISH) for kind in range(64)
)
# Not a plain function word: a possible fact or frame word.
_FRAME_OR_FACT = _kinds(-1)
_FACTS_CASED = _kinds(NUMBER | CAPITAL)
_FACTS_CUED = _kinds(NUMBER | CUE)
_FACTS_ANY = _kinds(-1)
_NEWS_CASED = _kinds(NUMBER | TITLED)


class _Raw(NamedTuple):
    """One word as typed, analysed once (petitions reuse a small vocabulary)."""

    folded: str  # the MinHash side's word: "dong"
    marked: str  # lowercase with its diacritics, modern tone placement: "đồng" or "đông"
    digit: bool  # has a digit
    cap: bool  # starts with a capital
    upper: bool  # all in capitals (two letters or more)
    # The confirming side's words for it: usually ((folded, marked),); an abbreviation spelled
    # out gives several, a figure glued to a unit two. With their keys and whether each is a
    # function word.
    pieces: tuple[tuple[str, str], ...]
    # (folded key, marked key, a function word in a sentence typed without diacritics, and
    # in one typed with them)
    packed: tuple[tuple[int, int, bool, bool], ...]
    key: int  # `word_key(folded)`
    # The same, ready for `_sentence`: (piece, marked, folded key, marked key, function-word
    # kind bits) as in a sentence typed without diacritics, and with them.
    bare: tuple[tuple[str, str, int, int, int], ...]
    with_marks: tuple[tuple[str, str, int, int, int], ...]
    marked_letters: int  # pieces carrying a diacritic (figures aside)


class _Sentence(NamedTuple):
    """What one sentence contributes to `Features` (cached: sentences repeat)."""

    folded: tuple[str, ...]  # the MinHash side's words, boilerplate removed
    keys: tuple[int, ...]  # their `word_key`s
    # The confirming side's words: (folded, marked, kind), and the same as keys.
    pieces: tuple[tuple[str, str, int], ...]
    # The same as keys (folded, marked, kind), plain function words aside (never facts nor
    # frame words); and the keys of all its words (folded, marked).
    fkeys: tuple[int, ...]
    mkeys: tuple[int, ...]
    kinds: tuple[int, ...]
    all_fkeys: tuple[int, ...]
    all_mkeys: tuple[int, ...]
    inside: int  # words that are not a sentence's (or clause's) first, figures aside
    capitals: int  # how many of them are capitalised (or written in capitals)
    letters: int  # pieces other than figures, and how many carry a diacritic
    with_marks: int


def word_key(word: str) -> int:
    """A word as a 32-bit integer (CRC-32 of its UTF-8): the same in every process and run."""
    return zlib.crc32(word.encode("utf-8"))


class Facts(Protocol):
    """What `same_case` reads: `Features`, or `danvan.text.cluster`'s compact form (the same
    fields, words as integers)."""

    @property
    def content(self) -> Set[Any]: ...
    @property
    def words(self) -> Set[Any]: ...
    @property
    def marked(self) -> Set[Any]: ...
    @property
    def has_marks(self) -> bool: ...
    @property
    def cased(self) -> bool: ...
    @property
    def sentences(self) -> Sequence[Sequence[tuple[Any, Any, int]]]: ...


@dataclass(frozen=True)
class Features:
    """What `similarity` and `same_case` compare, and the shingles for MinHash."""

    # Every word compared (folded) with its weight: `SALIENT_WEIGHT` for facts, 1 otherwise.
    weights: dict[str, float]
    # (folded, marked) of the facts (figures and names), to tell a replaced fact from a shared one.
    salient: frozenset[tuple[str, str]]
    # Every word with its diacritics; and whether the text is typed with diacritics (a copy
    # typed without them can only be compared folded).
    marked: frozenset[str]
    has_marks: bool
    shingles: frozenset[str]
    # Whether capitals inside sentences told the names (False: typed in lowercase or capitals,
    # and the names were found after cues).
    cased: bool = True
    # Per sentence, its words: (folded, marked, kind), kind a mix of `NUMBER`, `CAPITAL`,
    # `CUE`, `TITLED`, `FUNCTION` and `NAMEISH`. Tells a replaced fact (the frame of its
    # sentence is in the other text) from an added one.
    sentences: tuple[tuple[tuple[str, str, int], ...], ...] = ()
    # The words other than function words (what `same_case` counts), and all words.
    content: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()


def fold_for_dedup(text: str) -> str:
    """The folded text without boilerplate, one sentence per line (for display and debugging)."""
    return "\n".join(" ".join(s.folded) for s in _sentences(text))


def name_key(full_name: str) -> str:
    """A petitioner's name as compared: folded, words of ``[a-z0-9]`` joined by one space.

    "Nguyễn  Văn An" and "NGUYEN VAN AN." give "nguyen van an". Stored in
    `Petitioner.search_name` so the lookup is an index equality.
    """
    return " ".join(_FOLDED_WORD.findall(fold(unicodedata.normalize("NFKC", full_name))))


def _split_sentences(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text)
    text = _DIGIT_SEPARATOR.sub("", text)
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


@lru_cache(maxsize=262144)
def _raw_word(raw: str) -> tuple[_Raw, ...]:
    """The words (usually one) of a run of letters and digits as typed."""
    folded = _FOLDED_WORD.findall(fold(raw))
    marked = normalize(raw).lower()
    digit = any(ch.isdigit() for ch in raw)
    cap = raw[:1].isupper()
    upper = len(raw) > 1 and raw.isupper()
    out = []
    for word in folded:
        m = marked if len(folded) == 1 else word
        pieces = _pieces(word, m) if len(folded) == 1 else ((word, word),)
        packed = tuple(
            (
                word_key(p),
                word_key(pm),
                not digit and p in _FUNCTION_FOLDED,
                not digit and pm in _FUNCTION_MARKED,
            )
            for p, pm in pieces
        )
        bits = [
            tuple(
                (FUNCTION | (NAMEISH if p in _NAME_SYLLABLES else 0)) if fn else 0
                for p, fn in zip((p for p, _ in pieces), flags, strict=True)
            )
            for flags in ([f[2] for f in packed], [f[3] for f in packed])
        ]
        bare, with_marks = (
            tuple(
                (p, pm, fkey, mkey, b)
                for (p, pm), (fkey, mkey, _, _), b in zip(pieces, packed, mode, strict=True)
            )
            for mode in bits
        )
        out.append(
            _Raw(
                word,
                m,
                digit,
                cap,
                upper,
                pieces,
                packed,
                word_key(word),
                bare,
                with_marks,
                0 if digit else sum(1 for _, pm in pieces if not pm.isascii()),
            )
        )
    return tuple(out)


def _pieces(folded: str, marked: str) -> tuple[tuple[str, str], ...]:
    """The confirming side's words for one word (see the module docstring)."""
    if folded.isdigit():
        bare = folded.lstrip("0") or "0"
        return ((bare, bare),)
    expansion = _ABBREVIATIONS.get(folded)
    if expansion is not None:
        return tuple((fold(w), w) for w in expansion.split())
    if any(ch.isdigit() for ch in folded):
        runs = _DIGIT_RUNS.findall(folded)
        out: list[tuple[str, str]] = []
        for index, run in enumerate(runs):
            if run.isdigit():
                bare = run.lstrip("0") or "0"
                out.append((bare, bare))
            elif index > 0 and run in _UNIT_WORDS and runs[index - 1].isdigit():
                unit = _UNIT_WORDS[run]
                out.append((fold(unit), unit))
            else:
                out.append((run, run))
        return tuple(out)
    return ((folded, marked),)


def _clauses(sentence: str) -> list[tuple[str, bool]]:
    """The clauses of a sentence, each with whether its first word starts afresh (capitalised
    anyway): the sentence's first clause and those after a colon or an opening quote."""
    parts = _CLAUSE_BREAK.split(sentence)
    out: list[tuple[str, bool]] = []
    restart = True
    for index, part in enumerate(parts):
        if index % 2:  # a separator
            restart = part.strip() in _RESTARTS
            continue
        out.append((part, restart))
        if _RAW_WORD.search(part):
            restart = False
    return out


def _at(folded: Sequence[str], i: int, phrase: tuple[str, ...]) -> bool:
    return tuple(folded[i : i + len(phrase)]) == phrase


def _cue_at(folded: list[str], marked: list[str], i: int, bare: bool) -> _Cue | None:
    for cue in _CUES_BY_FIRST_WORD.get(folded[i], ()):
        if not _at(folded, i, cue.words):
            continue
        if bare:
            if cue.strict:
                continue
        elif cue.marked is not None and tuple(marked[i : i + len(cue.words)]) != cue.marked:
            continue
        return cue
    return None


def _cue_flags(words: list[tuple[_Raw, bool, int]], folded: list[str], bare: bool) -> list[bool]:
    """Which words belong to a name or place that follows a cue, within its clause.

    In a sentence typed without diacritics a cue that means too many other things ("cho" is
    "chợ" and "cho") is not one.
    """
    n = len(folded)
    flags = [False] * n
    starts = [i for i, f in enumerate(folded) if f in _CUES_BY_FIRST_WORD]
    if not starts:
        return flags
    marked = [r.marked for r, _, _ in words]
    function = [
        (p[0][2] if bare else p[0][3]) if len(p := r.packed) == 1 else False for r, _, _ in words
    ]
    i = 0
    for start in starts:
        if start < i:
            continue
        cue = _cue_at(folded, marked, start, bare)
        if cue is None:
            continue
        i = start
        j = i + len(cue.words)
        if cue.include:
            flags[i] = True
        taken = 0
        clause = words[i][2]
        while (
            j < n
            and taken < cue.span
            and words[j][2] == clause
            and not words[j][0].digit
            and not (function[j] and folded[j] not in _NAME_SYLLABLES)
            and not (folded[j] in _CUES_BY_FIRST_WORD and _cue_at(folded, marked, j, bare))
        ):
            flags[j] = True
            j += 1
            taken += 1
        i = j  # a cue that stopped the span starts its own
    return flags


def _clear_institutions(folded: list[str], capital: list[bool], digit: list[bool]) -> None:
    """A capitalised institution or title ("Ủy ban nhân dân", "Xã Thông Thuận", "Ông Tư") is
    not a name. A single word of them is one only before a name or a figure: "Phương" and
    "Chi" are also given names."""
    i = 0
    n = len(folded)
    while i < n:
        phrases = _INSTITUTIONS_BY_FIRST_WORD.get(folded[i]) if capital[i] else None
        phrase = next((p for p in phrases if _at(folded, i, p)), None) if phrases else None
        if phrase is None or (
            len(phrase) == 1
            and phrase[0] in _INSTITUTION_TITLES
            and not (i + 1 < n and (capital[i + 1] or digit[i + 1]))
        ):
            i += 1
            continue
        for k in range(i, i + len(phrase)):
            capital[k] = False
        i += len(phrase)


def _is_date(folded: Sequence[str], i: int) -> bool:
    if i + 5 >= len(folded):
        return False
    w = folded[i : i + 6]
    return (
        (w[0], w[2], w[4]) == _DATE_WORDS and w[1].isdigit() and w[3].isdigit() and w[5].isdigit()
    )


def _kept(folded: list[str]) -> list[int]:
    """Indexes of the words left once boilerplate is removed (the MinHash side's rules)."""
    n = len(folded)
    if any(_at(folded, 0, p) for p in _DROP_SENTENCE_PREFIXES):
        return []
    if not _BOILERPLATE_STARTS.intersection(folded):
        return list(range(n))
    kept: list[int] = []
    dated = False
    i = 0
    while i < n:
        first = folded[i]
        if first == _ADDRESSEE_START[0] and _at(folded, i, _ADDRESSEE_START):
            j = i + len(_ADDRESSEE_START)
            limit = min(n, j + _ADDRESSEE_MAX_WORDS)
            while j < limit and not any(_at(folded, j, stop) for stop in _ADDRESSEE_STOPS):
                j += 1
            i = j
            continue
        if first == _DATE_WORDS[0] and _is_date(folded, i):
            i += 6
            dated = True
            continue
        phrases = _PHRASES_BY_FIRST_WORD.get(first)
        phrase = next((p for p in phrases if _at(folded, i, p)), None) if phrases else None
        if phrase is not None:
            i += len(phrase)
            continue
        kept.append(i)
        i += 1
    if dated and len(kept) <= _DATE_LINE_MAX_WORDS:
        return []
    return kept


def _greetings(folded: list[str]) -> set[int]:
    """Indexes of greeting words (dropped from the confirming side only)."""
    if "chao" not in folded and "hoi" not in folded:
        return set()
    out: set[int] = set()
    for i, word in enumerate(folded):
        if word not in _GREETING_STARTS:
            continue
        for phrase in _GREETINGS:
            if _at(folded, i, phrase):
                out.update(range(i, i + len(phrase)))
                break
    return out


@lru_cache(maxsize=262144)
def _sentence(sentence: str) -> _Sentence | None:
    # Letters written from one template, copies and boilerplate repeat whole sentences: each
    # distinct sentence is analysed once.
    words: list[tuple[_Raw, bool, int]] = []  # (word, inside the sentence, clause)
    folded: list[str] = []
    titled: list[bool] = []
    letters = with_marks = 0
    first = True
    for clause_index, (text, restart) in enumerate(_clauses(sentence)):
        for index, raw in enumerate(_RAW_WORD.findall(text)):
            # A capital inside a sentence marks a name (Nguyễn, Thông Thuận, UBND); the first
            # word of a sentence, or after a colon or a quote, is capitalised anyway.
            inside = not first and not (restart and index == 0)
            first = False
            for r in _raw_word(raw):
                words.append((r, inside, clause_index))
                folded.append(r.folded)
                titled.append(inside and r.cap and not r.digit)
                if not r.digit:
                    letters += len(r.pieces)
                    with_marks += r.marked_letters
    kept = _kept(folded)
    if not kept:
        return None
    # Typed without diacritics? Then function words are told apart folded ("dang" is "đang").
    bare = with_marks < MARKED_SHARE * letters
    capital = list(titled)
    if True in capital:
        _clear_institutions(folded, capital, [r.digit for r, _, _ in words])
    cue = _cue_flags(words, folded, bare)
    greeting = _greetings(folded)

    pieces: list[tuple[str, str, int]] = []
    fkeys: list[int] = []
    mkeys: list[int] = []
    kinds: list[int] = []
    all_fkeys: list[int] = []
    all_mkeys: list[int] = []
    n_inside = n_capitals = n_letters = n_marked = 0
    for i in kept:
        r, inside, _ = words[i]
        if inside and not r.digit:
            n_inside += 1
            n_capitals += titled[i] or r.upper
        if greeting and i in greeting:
            continue
        if not r.digit:
            n_letters += len(r.pieces)
            n_marked += r.marked_letters
        kind = NUMBER * r.digit | CAPITAL * capital[i] | CUE * cue[i] | TITLED * titled[i]
        for piece, piece_marked, fkey, mkey, bits in r.bare if bare else r.with_marks:
            k = kind | bits
            pieces.append((piece, piece_marked, k))
            all_fkeys.append(fkey)
            all_mkeys.append(mkey)
            if _FRAME_OR_FACT[k]:
                fkeys.append(fkey)
                mkeys.append(mkey)
                kinds.append(k)
    return _Sentence(
        folded=tuple(folded[i] for i in kept),
        keys=tuple(words[i][0].key for i in kept),
        pieces=tuple(pieces),
        fkeys=tuple(fkeys),
        mkeys=tuple(mkeys),
        kinds=tuple(kinds),
        all_fkeys=tuple(all_fkeys),
        all_mkeys=tuple(all_mkeys),
        inside=n_inside,
        capitals=n_capitals,
        letters=n_letters,
        with_marks=n_marked,
    )


def _add_sentence_grams(grams: set[str], words: Sequence[str]) -> None:
    """Add the MinHash shingles of one sentence's kept, folded words to `grams`."""
    for word in words:
        if word[0].isdigit():
            # Figures count several times over in the MinHash set, so petitions written
            # from one template with other amounts, dates or numbers rarely share a band.
            grams.update(f"#{k} {word}" for k in range(NUMBER_REPLICAS))
    if len(words) < SHINGLE_SIZE:
        grams.add(" ".join(words))
    else:
        grams.update(
            " ".join(words[i : i + SHINGLE_SIZE]) for i in range(len(words) - SHINGLE_SIZE + 1)
        )


def _shingles_of(infos: Sequence[_Sentence]) -> frozenset[str]:
    grams: set[str] = set()
    for info in infos:
        _add_sentence_grams(grams, info.folded)
    return frozenset(grams)


def _sentences(text: str) -> list[_Sentence]:
    return [info for s in _split_sentences(text) if (info := _sentence(s)) is not None]


def features(text: str) -> Features:
    """Extract the weighted words, facts and sentence-bounded shingles of `text`."""
    infos = _sentences(text)
    inside = sum(info.inside for info in infos)
    capitals = sum(info.capitals for info in infos)
    letters = sum(info.letters for info in infos)
    with_marks = sum(info.with_marks for info in infos)
    # Does case tell the names? Not when nothing inside a sentence is capitalised, nor when
    # (nearly) everything is.
    cased = 0 < capitals < _SHOUTING_SHARE * inside
    fact = NUMBER | (CAPITAL if cased else CUE)

    weights: dict[str, float] = {}
    salient: set[tuple[str, str]] = set()
    marked: set[str] = set()
    for info in infos:
        for piece, piece_marked, kind in info.pieces:
            marked.add(piece_marked)
            if kind & FUNCTION:
                weights.setdefault(piece, 1.0)
            elif kind & fact:
                salient.add((piece, piece_marked))
                weights[piece] = SALIENT_WEIGHT
            else:
                weights.setdefault(piece, 1.0)
    sentences = tuple(info.pieces for info in infos if info.pieces)
    return Features(
        weights=weights,
        salient=frozenset(salient),
        marked=frozenset(marked),
        has_marks=letters > 0 and with_marks >= MARKED_SHARE * letters,
        shingles=_shingles_of(infos),
        cased=cased,
        sentences=sentences,
        content=frozenset(w for w, _, k in (x for t in sentences for x in t) if not k & FUNCTION),
        words=frozenset(weights),
    )


class Record(NamedTuple):
    """A text as `danvan.text.cluster` stores it: integers only, no per-text dicts or sets."""

    # Per sentence, the `word_key`s of the MinHash side's words (shingles are their pairs).
    words: tuple[tuple[int, ...], ...]
    # The confirming side's words of all sentences, one after the other (`Features.sentences`
    # as keys, plain function words aside): folded key, marked key, kind; and how many words
    # each sentence has.
    fkeys: tuple[int, ...]
    mkeys: tuple[int, ...]
    kinds: tuple[int, ...]
    lengths: tuple[int, ...]
    # The keys of all the confirming side's words, function words included (folded, marked).
    all_fkeys: tuple[int, ...]
    all_mkeys: tuple[int, ...]
    cased: bool
    has_marks: bool


def record(text: str) -> Record:
    """`features` for clustering: the same analysis, as keys (see `Record`)."""
    infos = _sentences(text)
    inside = capitals = letters = with_marks = 0
    for info in infos:
        inside += info.inside
        capitals += info.capitals
        letters += info.letters
        with_marks += info.with_marks
    kept = [info for info in infos if info.kinds]
    return Record(
        words=tuple(info.keys for info in infos),
        fkeys=tuple(chain.from_iterable(info.fkeys for info in kept)),
        mkeys=tuple(chain.from_iterable(info.mkeys for info in kept)),
        kinds=tuple(chain.from_iterable(info.kinds for info in kept)),
        lengths=tuple(len(info.kinds) for info in kept),
        all_fkeys=tuple(chain.from_iterable(info.all_fkeys for info in infos)),
        all_mkeys=tuple(chain.from_iterable(info.all_mkeys for info in infos)),
        cased=0 < capitals < _SHOUTING_SHARE * inside,
        has_marks=letters > 0 and with_marks >= MARKED_SHARE * letters,
    )


def shingles(text: str) -> frozenset[str]:
    """Word bigrams of the folded, boilerplate-free text, never crossing a sentence end."""
    return features(text).shingles


@cache
def _permutations() -> Any:
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine64").permutations


def minhash(shingle_set: Iterable[str]) -> tuple[int, ...]:
    """The MinHash signature (`NUM_PERM` values) of a set of shingles; () for an empty set."""
    from datasketch import MinHash

    items = sorted(set(shingle_set))
    if not items:
        return ()
    signature = MinHash(
        num_perm=NUM_PERM, seed=SEED, permutations=_permutations(), scheme="affine64"
    )
    signature.update_batch([item.encode("utf-8") for item in items])
    return tuple(int(v) for v in signature.hashvalues)


def _band_hash(band: int, rows: Sequence[int]) -> int:
    payload = f"{band}:" + ",".join(str(v) for v in rows)
    digest = hashlib.blake2b(payload.encode("ascii"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def bands_of(signature: Sequence[int]) -> list[int]:
    """The `BANDS` band hashes of a signature: signed 64-bit, band index mixed in."""
    if not signature:
        return []
    return [_band_hash(band, signature[band * ROWS : (band + 1) * ROWS]) for band in range(BANDS)]


def copy_hash_of(signature: Sequence[int]) -> int | None:
    """One hash of the whole signature: equal for copies (same text once folded and cleaned)."""
    return _band_hash(BANDS, signature) if signature else None


def band_hashes(text: str) -> list[int]:
    """The LSH band hashes of a petition's content ([] when nothing but boilerplate is left)."""
    return bands_of(minhash(features(text).shingles))


def copy_hash(text: str) -> int | None:
    """The copy hash of a petition's content (None when nothing but boilerplate is left)."""
    return copy_hash_of(minhash(features(text).shingles))


# --- The MinHash side for many texts at once (bulk loads) ---------------------------------------
#
# Same values as `shingles`, `minhash` and `band_hashes`, computed faster: the shingles skip the
# confirming side's analysis, and the MinHash of a whole batch is one numpy computation (each
# distinct shingle of the batch hashed once, then a minimum per text). Tests compare them with
# the functions above on thousands of texts (tests/benchdata/test_minhash.py).

# datasketch 2.x "affine64": sha1_hash64, the MurmurHash3 64-bit finalizer, then a * h + b
# modulo 2**64 per permutation (the values of `_permutations()`).
_FMIX64 = (33, 0xFF51AFD7ED558CCD, 33, 0xC4CEB9FE1A85EC53, 33)
# Rows of the (shingle occurrence x permutation) matrix built at once (64 bytes x 64 each).
_BATCH_ROWS = 65536


@lru_cache(maxsize=262144)
def _sentence_grams(sentence: str) -> frozenset[str]:
    """The MinHash set of one sentence (`_shingles_of` of its `_sentence`), without building
    the confirming side's words."""
    folded = [r.folded for raw in _RAW_WORD.findall(sentence) for r in _raw_word(raw)]
    kept = _kept(folded)
    if not kept:
        return frozenset()
    grams: set[str] = set()
    _add_sentence_grams(grams, [folded[i] for i in kept])
    return frozenset(grams)


def shingles_fast(text: str) -> frozenset[str]:
    """`shingles(text)`, without the confirming side's analysis (for bulk loads)."""
    grams: set[str] = set()
    for sentence in _split_sentences(text):
        grams |= _sentence_grams(sentence)
    return frozenset(grams)


def _minhash_rows(shingle_sets: Sequence[Iterable[str]]) -> tuple[Any, list[int]]:
    """The MinHash signatures of the non-empty sets as a (k, `NUM_PERM`) uint64 matrix, and
    the positions of those sets in `shingle_sets`."""
    import numpy as np

    a, b = _permutations()
    index: dict[str, int] = {}
    members: list[list[int]] = []
    positions: list[int] = []
    for position, items in enumerate(shingle_sets):
        keys = [index.setdefault(item, len(index)) for item in set(items)]
        if keys:
            members.append(keys)
            positions.append(position)
    if not members:
        return np.zeros((0, NUM_PERM), dtype=np.uint64), []
    digests = np.fromiter(
        (
            int.from_bytes(hashlib.sha1(item.encode("utf-8")).digest()[:8], "little")
            for item in index
        ),
        dtype=np.uint64,
        count=len(index),
    )
    s1, m1, s2, m2, s3 = (np.uint64(v) for v in _FMIX64)
    h = digests ^ (digests >> s1)
    h = h * m1
    h = h ^ (h >> s2)
    h = h * m2
    h = h ^ (h >> s3)
    permuted = h.reshape(-1, 1) * a + b  # (distinct shingles, NUM_PERM), wrapping mod 2**64
    parts = []
    start = 0
    while start < len(members):
        stop, rows = start, 0
        while stop < len(members) and (rows == 0 or rows + len(members[stop]) <= _BATCH_ROWS):
            rows += len(members[stop])
            stop += 1
        batch = members[start:stop]
        flat = np.fromiter((k for keys in batch for k in keys), dtype=np.intp, count=rows)
        offsets = np.cumsum([0] + [len(keys) for keys in batch[:-1]])
        parts.append(np.minimum.reduceat(permuted[flat], offsets, axis=0))
        start = stop
    return np.concatenate(parts), positions


def minhash_many(shingle_sets: Sequence[Iterable[str]]) -> list[tuple[int, ...]]:
    """`[minhash(s) for s in shingle_sets]`, vectorised with numpy over the whole batch."""
    matrix, positions = _minhash_rows(shingle_sets)
    out: list[tuple[int, ...]] = [()] * len(shingle_sets)
    for position, values in zip(positions, matrix.tolist(), strict=True):
        out[position] = tuple(values)
    return out


# Sentence -> its MinHash row (None: no shingles), kept across batches: letters written from
# templates repeat many sentences. Cleared when full (a bulk load's memory stays bounded).
_SENTENCE_SIGNATURES: dict[str, Any] = {}
_SENTENCE_SIGNATURES_MAX = 100_000


def minhash_texts(texts: Sequence[str]) -> list[tuple[int, ...]]:
    """`[minhash(shingles(t)) for t in texts]`, for bulk loads.

    Shingles never cross a sentence end, so a text's MinHash set is the union of its sentences'
    and its signature the element-wise minimum of theirs (exact, not an estimate); each
    distinct sentence is hashed once and remembered for the next batches.
    """
    import numpy as np

    cache = _SENTENCE_SIGNATURES
    split = [_split_sentences(text) for text in texts]
    missing = list(dict.fromkeys(s for sentences in split for s in sentences if s not in cache))
    if len(cache) + len(missing) > _SENTENCE_SIGNATURES_MAX:
        cache.clear()
        missing = list(dict.fromkeys(s for sentences in split for s in sentences))
    matrix, positions = _minhash_rows([_sentence_grams(s) for s in missing])
    for s in missing:
        cache[s] = None
    for position, row in zip(positions, matrix, strict=True):
        cache[missing[position]] = row
    rows: list[Any] = []
    counts: list[int] = []
    for sentences in split:
        mine = [row for s in sentences if (row := cache[s]) is not None]
        rows.extend(mine)
        counts.append(len(mine))
    out: list[tuple[int, ...]] = [()] * len(texts)
    if not rows:
        return out
    nonempty = [i for i, n in enumerate(counts) if n]
    offsets = np.cumsum([0] + [counts[i] for i in nonempty[:-1]])
    minima = np.minimum.reduceat(np.stack(rows), offsets, axis=0)
    for i, values in zip(nonempty, minima.tolist(), strict=True):
        out[i] = tuple(values)
    return out


def band_hashes_many(texts: Sequence[str]) -> list[list[int]]:
    """`[band_hashes(t) for t in texts]` for a batch of texts (bulk loads)."""
    return [bands_of(sig) for sig in minhash_texts(texts)]


def _tables(a: Facts, b: Facts) -> tuple[tuple[bool, ...], tuple[bool, ...]]:
    """Which kinds of `a`'s words are facts, and which of `b`'s words can have taken their place.

    `a`'s facts: its figures and what case says are names (without case, the words after cues;
    any word when `b` has case and `a` has none). What can replace them in `b`: its figures and
    capitalised words; without case, its words after cues (any word when `a` has case).
    Function words are never either, except those common in names.
    """
    if a.cased:
        fact = _FACTS_CASED
    elif b.cased:
        fact = _FACTS_ANY
    else:
        fact = _FACTS_CUED
    if b.cased:
        news = _NEWS_CASED
    elif a.cased:
        news = _FACTS_ANY
    else:
        news = _FACTS_CUED
    return fact, news


def _own_facts(a: Facts, b: Facts) -> tuple[bool, ...]:
    return _FACTS_CASED if a.cased else (_FACTS_ANY if b.cased else _FACTS_CUED)


def _missing(a: Facts, b: Facts, wanted: tuple[bool, ...], own: tuple[bool, ...]) -> set[Any]:
    """`a`'s words of the `wanted` kinds missing from `b`, in sentences whose frame `b` has.

    Compared with diacritics when both texts are typed with them (unless `b` typed the word
    without). A sentence's frame is its words other than `a`'s `own` facts, capitalised words,
    function words and other mentions of one of its facts ("Nguyễn Phương Chi tôi là Nguyễn
    Phương Chi"); `b` has it when it has at least `SHARED_SENTENCE` of them (a frame of fewer
    than `_SHARED_MIN_WORDS` words always counts as had): a missing fact there was replaced or
    dropped, not added with a sentence of its own.
    """
    marks = a.has_marks and b.has_marks
    b_words, b_marked = b.words, b.marked
    out: set[Any] = set()
    for sentence in a.sentences:
        if marks:
            missing = [
                m
                for f, m, kind in sentence
                if wanted[kind] and m not in b_marked and f not in b_marked
            ]
        else:
            missing = [f for f, _, kind in sentence if wanted[kind] and f not in b_words]
        if not missing:
            continue
        facts = {f for f, _, kind in sentence if own[kind]}
        frame = [f for f, _, kind in sentence if _FRAME[kind] and not own[kind] and f not in facts]
        if len(frame) < _SHARED_MIN_WORDS or (
            sum(1 for f in frame if f in b_words) >= SHARED_SENTENCE * len(frame)
        ):
            out.update(missing)
    return out


def conflicts(a: Facts, b: Facts) -> int:
    """Facts replaced between two texts: facts of one missing from the other where the other
    has the frame of their sentence, while the other also has, in the same way, a fact (or a
    word, see `_tables`) the first lacks — a value swapped for another, not added or dropped.
    The count is the larger of the two directions' missing facts."""
    fact_ab, news_ba = _tables(a, b)
    fact_ba, news_ab = _tables(b, a)
    own_a, own_b = _own_facts(a, b), _own_facts(b, a)
    count = 0
    lost_a = _missing(a, b, fact_ab, own_a)
    if lost_a and _missing(b, a, news_ba, own_b):
        count = len(lost_a)
    lost_b = _missing(b, a, fact_ba, own_b)
    if lost_b and _missing(a, b, news_ab, own_a):
        count = max(count, len(lost_b))
    return count


def has_conflict(a: Facts, b: Facts) -> bool:
    """Whether any fact was replaced between two texts (`conflicts` > 0)."""
    return conflicts(a, b) > 0


class Overlap(NamedTuple):
    shared: float  # weight of the words both have (each at the most either gives it)
    total: float  # weight of the words either has
    own_a: float  # weight of `a`'s words, and how much of it `b` has
    shared_a: float
    own_b: float
    shared_b: float


def overlap(a: Features, b: Features) -> Overlap:
    """The weighted word overlap of two texts (a word weighs the most either text gives it)."""
    aw, bw = a.weights, b.weights
    shared = total = own_a = shared_a = own_b = shared_b = 0.0
    for word, wa in aw.items():
        wb = bw.get(word)
        if wb is None:
            total += wa
            own_a += wa
            continue
        w = wa if wa >= wb else wb
        shared += w
        total += w
        own_a += w
        shared_a += w
    for word, wb in bw.items():
        wa2 = aw.get(word)
        if wa2 is None:
            total += wb
            own_b += wb
        else:
            w = wa2 if wa2 >= wb else wb
            own_b += w
            shared_b += w
    return Overlap(shared, total, own_a, shared_a, own_b, shared_b)


def similarity_features(a: Features, b: Features) -> float:
    """Weighted Jaccard of two word sets, lowered for each fact that was replaced.

    A word weighs the most either text gives it. A *conflict* is a fact (figure or name) of one
    text missing from the other, matched by one on the other side: a value was replaced
    ("15000000" by "9000000", "Hùng" by "Bình"), not merely added. When both texts are typed
    with diacritics, facts are compared with them, so "thôn Đông" does not match "đồng". Each
    conflict multiplies the score by `CONFLICT_FACTOR`.
    """
    if not a.weights or not b.weights:
        return 0.0
    o = overlap(a, b)
    return (o.shared / o.total) * CONFLICT_FACTOR ** conflicts(a, b)


def same_case_features(a: Facts, b: Facts) -> bool:
    """Whether two texts are about the same case (see `same_case`).

    Words count alike here (facts are the veto's business): sharing a person and a place
    is not enough when the rest of what is said differs.
    """
    aw, bw = a.content, b.content
    if not aw or not bw:
        return False
    if not word_test(len(aw & bw), len(aw), len(bw)):
        return False
    return not has_conflict(a, b)


def word_test(shared: int, size_a: int, size_b: int) -> bool:
    """`same_case`'s test on words: `shared` content words of `size_a` and `size_b`."""
    union = size_a + size_b - shared
    small = min(size_a, size_b)
    return shared >= SAME_CASE_JACCARD * union or (
        small >= CONTAINMENT_MIN_WORDS
        and shared >= SAME_CASE_CONTAINMENT * small
        and shared >= SAME_CASE_CONTAINED_JACCARD * union
    )


def similarity(a: str, b: str) -> float:
    """How alike two petitions' contents are, 0..1 (see the module docstring)."""
    return similarity_features(features(a), features(b))


def same_case(a: str, b: str) -> bool:
    """Whether two texts are about the same case: no replaced fact (person, place, figure,
    decision number) and enough of the same words (see the module docstring)."""
    return same_case_features(features(a), features(b))
