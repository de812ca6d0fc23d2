"""Near-duplicate detection for Vietnamese petitions: folding, boilerplate, shingles, MinHash.

Owns the text side of "is this the same petition again?": the feature extraction, the
locality-sensitive hash bands stored per petition (`band_hashes`), the confirming similarity
(`similarity`) and the key used to compare petitioners' names (`name_key`). No Django imports.

How it works, and why these parameters:

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
  0.99 at 0.7; the threshold sits near ``(1/16)**(1/4) = 0.5``. Bigrams rather than trigrams keep
  recall for edited copies; rather than single words, they keep petitions written from the same
  template from all landing in the same bands.
* Figures (amounts, years, decision and plot numbers) enter the MinHash set `NUMBER_REPLICAS`
  = 3 times, so petitions written from one template with other figures share fewer bands.
* Band hashes mix in the band's index, so equal values at different band positions never meet,
  and are signed 64-bit integers (a `BigIntegerField` on both databases). `copy_hash` hashes
  the whole signature: equal exactly for copies (same text once folded and cleaned, in any
  sentence order), a lookup that stays selective when template bands are crowded.
* `similarity` confirms a candidate: a weighted Jaccard of the two word sets, where numbers
  (amounts, decision numbers, plot numbers, years) and capitalised words inside a sentence
  (names of people and places) weigh `SALIENT_WEIGHT` = 4 ordinary words, and every salient
  word *replaced* by another (a conflict: present on one side only, with a counterpart missing
  on the other) multiplies the score by `CONFLICT_FACTOR` = 0.7. A copy scores 1.0 and a copy
  with a sentence added stays high (additions are not conflicts); the same template filled in
  for another person, place, amount or decision falls under 0.6, because what differs is
  exactly what weighs most. When both texts have diacritics, names are compared with them
  ("thôn Đông" is not "đồng"). Order-insensitive by design.

MinHash is datasketch's (`MinHash.update_batch`, with its permutations built once for the fixed
seed), the library the project standardised on for text (scikit-learn and numpy come with the
topic classifier anyway). The confirming similarity is a weighted Jaccard written here rather
than a rapidfuzz ratio: token ratios score two forms filled from one template as near-identical,
which is exactly the "different case" this module must keep apart.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, NamedTuple

from danvan.text.normalize import fold, normalize

SHINGLE_SIZE = 2
NUM_PERM = 64
BANDS = 16
ROWS = 4
SEED = 20260701
SALIENT_WEIGHT = 4.0
CONFLICT_FACTOR = 0.7
NUMBER_REPLICAS = 3

assert BANDS * ROWS == NUM_PERM

# Each shingle's row of `NUM_PERM` 32-bit hash values is one SHAKE-128 digest keyed by the seed:
# independent hash functions stand in for permutations (the usual MinHash construction), and
# the whole row costs one C call instead of 64 Python multiplications.

# A sentence ends at a line break, or at . ! ? ; followed by whitespace or the end. A dot between
# digits (15.000.000) or inside an abbreviation without a following space does not end one.
_SENTENCE_END = re.compile(r"[\r\n]+|[.!?;…]+(?=\s|$)")
_DIGIT_SEPARATOR = re.compile(r"(?<=\d)[.,](?=\d)")
_RAW_WORD = re.compile(r"[^\W_]+")
_FOLDED_WORD = re.compile(r"[a-z0-9]+")
_SPACES = re.compile(r"\s+")

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


class _Word(NamedTuple):
    folded: str  # what is compared: "dong"
    marked: str  # lowercase with its diacritics, modern tone placement: "đồng" or "đông"
    salient: bool  # a number, or a capitalised word inside a sentence (a name)


@dataclass(frozen=True)
class Features:
    """What `similarity` compares: word weights, salient words, and the shingles for MinHash."""

    weights: dict[str, float]
    # (folded, marked) of the numbers and names, to tell a replaced fact from a shared one.
    salient: frozenset[tuple[str, str]]
    # Every word with its diacritics, and whether the text has any (a copy typed without them
    # can only be compared folded).
    marked: frozenset[str]
    has_marks: bool
    shingles: frozenset[str]


def fold_for_dedup(text: str) -> str:
    """The folded text without boilerplate, one sentence per line (for display and debugging)."""
    return "\n".join(" ".join(w.folded for w in sentence) for sentence in _sentences(text))


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


def _sentence_words(sentence: str) -> list[_Word]:
    """The words of one sentence, folded, with their marked form and salience."""
    words: list[_Word] = []
    for index, raw in enumerate(_RAW_WORD.findall(sentence)):
        folded, marked, has_digit = _fold_word(raw)
        # A capital inside a sentence marks a name (Nguyễn, Thông Thuận, UBND); the first word
        # of a sentence is capitalised anyway.
        salient = has_digit or (index > 0 and raw[0].isupper())
        for word in folded:
            words.append(_Word(word, marked if len(folded) == 1 else word, salient))
    return words


@lru_cache(maxsize=65536)
def _fold_word(raw: str) -> tuple[tuple[str, ...], str, bool]:
    # Petitions reuse a small vocabulary: folding each distinct word once is most of the speed.
    folded = tuple(_FOLDED_WORD.findall(fold(raw)))
    return folded, normalize(raw).lower(), any(ch.isdigit() for ch in raw)


def _at(folded: Sequence[str], i: int, phrase: tuple[str, ...]) -> bool:
    return tuple(folded[i : i + len(phrase)]) == phrase


def _is_date(folded: Sequence[str], i: int) -> bool:
    if i + 5 >= len(folded):
        return False
    w = folded[i : i + 6]
    return (
        (w[0], w[2], w[4]) == _DATE_WORDS and w[1].isdigit() and w[3].isdigit() and w[5].isdigit()
    )


def _strip_boilerplate(words: list[_Word]) -> list[_Word]:
    folded = [w.folded for w in words]
    if any(_at(folded, 0, p) for p in _DROP_SENTENCE_PREFIXES):
        return []
    kept: list[_Word] = []
    dated = False
    i = 0
    n = len(words)
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
        phrase = next((p for p in _PHRASES_BY_FIRST_WORD.get(first, ()) if _at(folded, i, p)), None)
        if phrase is not None:
            i += len(phrase)
            continue
        kept.append(words[i])
        i += 1
    if dated and len(kept) <= _DATE_LINE_MAX_WORDS:
        return []
    return kept


def _sentences(text: str) -> list[list[_Word]]:
    result = []
    for sentence in _split_sentences(text):
        words = _strip_boilerplate(_sentence_words(sentence))
        if words:
            result.append(words)
    return result


def features(text: str) -> Features:
    """Extract the weighted words, salient words and sentence-bounded shingles of `text`."""
    weights: dict[str, float] = {}
    salient: set[tuple[str, str]] = set()
    marked: set[str] = set()
    shingle_set: set[str] = set()
    for sentence in _sentences(text):
        for word in sentence:
            marked.add(word.marked)
            if word.salient:
                salient.add((word.folded, word.marked))
                weights[word.folded] = SALIENT_WEIGHT
            else:
                weights.setdefault(word.folded, 1.0)
            if word.folded[0].isdigit():
                # Figures count several times over in the MinHash set, so petitions written
                # from one template with other amounts, dates or numbers rarely share a band.
                shingle_set.update(f"#{k} {word.folded}" for k in range(NUMBER_REPLICAS))
        plain = [w.folded for w in sentence]
        if len(plain) < SHINGLE_SIZE:
            shingle_set.add(" ".join(plain))
        else:
            for i in range(len(plain) - SHINGLE_SIZE + 1):
                shingle_set.add(" ".join(plain[i : i + SHINGLE_SIZE]))
    return Features(
        weights=weights,
        salient=frozenset(salient),
        marked=frozenset(marked),
        has_marks=any(not m.isascii() for m in marked),
        shingles=frozenset(shingle_set),
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


def _replaced(a: Features, b: Features) -> int:
    """How many salient words of `a` are missing from `b` (with diacritics when both have them)."""
    with_marks = a.has_marks and b.has_marks
    if with_marks:
        return sum(1 for _, m in a.salient if m not in b.marked)
    return sum(1 for f, _ in a.salient if f not in b.weights)


def similarity_features(a: Features, b: Features) -> float:
    """Weighted Jaccard of two word sets, lowered for each salient word that was replaced.

    A word weighs the most either text gives it. A *conflict* is a salient word (number or
    name) of one text missing from the other, matched by one on the other side: a value was
    replaced ("15000000" by "9000000", "Hùng" by "Bình"), not merely added. When both texts
    have diacritics, names are compared with them, so "thôn Đông" does not match "đồng". Each
    conflict multiplies the score by `CONFLICT_FACTOR`.
    """
    if not a.weights or not b.weights:
        return 0.0
    shared = 0.0
    total = 0.0
    for word in a.weights.keys() | b.weights.keys():
        weight = max(a.weights.get(word, 0.0), b.weights.get(word, 0.0))
        total += weight
        if word in a.weights and word in b.weights:
            shared += weight
    conflicts = min(_replaced(a, b), _replaced(b, a))
    return (shared / total) * CONFLICT_FACTOR**conflicts


def similarity(a: str, b: str) -> float:
    """How alike two petitions' contents are, 0..1 (see the module docstring)."""
    return similarity_features(features(a), features(b))
