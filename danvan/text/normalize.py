"""Normalise Vietnamese text for display and matching, and fold it for search."""

from __future__ import annotations

import re
import unicodedata

# Combining tone marks (the five tones other than ngang) as they appear after NFD.
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_WORD = re.compile(r"\w+", re.UNICODE)
_SPACE = re.compile(r"\s+", re.UNICODE)
_D_STROKES = str.maketrans({"đ": "d", "ð": "d"})

# Endings whose tone the old style puts on the second vowel (hoà, hoè, thuỷ) and the modern
# style on the first (hòa, hòe, thủy). With a final consonant both styles agree (hoàn, thuyền).
_OPEN_DIPHTHONGS = {"oa", "oe", "uy"}


def nfc(text: str) -> str:
    """Compose to NFC, the form every stored string uses."""
    return unicodedata.normalize("NFC", text)


def _retone_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tones = [ch for ch in decomposed if ch in _TONE_MARKS]
    if len(tones) != 1:
        return word
    bare = "".join(ch for ch in decomposed if ch not in _TONE_MARKS)
    bare = unicodedata.normalize("NFC", bare)
    lower = bare.lower()
    ending = lower[-2:]
    if len(lower) < 2 or ending not in _OPEN_DIPHTHONGS:
        return word
    before = lower[:-2]
    # "qu" + "y" (quý) and "gi" + vowel keep the tone on the last vowel: the u/i there belongs
    # to the consonant. A third vowel before the pair (khuya, ngoao) is not this case either.
    if before.endswith("q") or (before and before[-1] in "aăâeêioôơuưy"):
        return word
    # Tone goes on the first vowel of the pair.
    index = len(bare) - 2
    target = unicodedata.normalize("NFD", bare[index]) + tones[0]
    retoned = bare[:index] + unicodedata.normalize("NFC", target) + bare[index + 1 :]
    return retoned


# The only words `_retone_word` changes (in NFC): those ending in o/u and a toned a, e or y.
_OLD_STYLE_END = re.compile(r"\w*[oOuU][àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸỳýỷỹỵỲÝỶỸỴ](?!\w)", re.UNICODE)


def normalize_tone_marks(text: str) -> str:
    """Put tone marks where the modern convention does: hoà -> hòa, thuỷ -> thủy."""
    # Only the words that can change go through `_retone_word` (same result as every word:
    # tests/text/test_normalize.py); most text has none, and imports normalise every cell.
    return _OLD_STYLE_END.sub(lambda m: _retone_word(m.group(0)), nfc(text))


def normalize(text: str) -> str:
    """NFC, modern tone-mark placement: the one form for display and matching."""
    return normalize_tone_marks(nfc(text))


def _fold_slow(lowered: str) -> str:
    # NFD, then every combining mark dropped; Ð/ð (U+00D0/U+00F0, Icelandic eth) is a common
    # look-alike typed for Đ.
    decomposed = unicodedata.normalize("NFD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(_D_STROKES)


def _fold_table() -> tuple[dict[int, int | None], re.Pattern[str]]:
    """`_fold_slow` as one `str.translate` table over ASCII and the Latin letters and marks
    Vietnamese text uses, each entry checked against `_fold_slow` of that character; and the
    pattern of every character outside the table, for which `fold` takes the slow path.

    Character by character is enough: NFD decomposes each character on its own, the marks it
    reorders are all dropped, and lowercasing comes first in both paths."""
    table: dict[int, int | None] = {}
    safe = set(range(0x80))
    for code in [*range(0x00C0, 0x0250), *range(0x0300, 0x0370), *range(0x1E00, 0x1F00)]:
        folded = _fold_slow(chr(code))
        if len(folded) > 1:
            continue
        safe.add(code)
        if folded != chr(code):
            table[code] = ord(folded) if folded else None
    ranges: list[tuple[int, int]] = []
    for code in sorted(safe):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    ranges_class = "".join(
        re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}"
        for lo, hi in ranges
    )
    return table, re.compile(f"[^{ranges_class}]")


_FOLD_TABLE, _FOLD_UNSAFE = _fold_table()


def fold(text: str) -> str:
    """Fold for search: no diacritics, đ -> d, lowercase, whitespace collapsed and trimmed.

    Digits and punctuation are kept, so "Số 05/BC-UBND" folds to "so 05/bc-ubnd". Text made
    only of ASCII and Latin letters with their marks (all Vietnamese text) folds through one
    translate table; anything else through Unicode decomposition. Both give the same result
    (tests compare them).
    """
    # Lowercase first: some capitals (İ) lowercase to a letter plus a combining mark.
    lowered = text.lower()
    if _FOLD_UNSAFE.search(lowered) is None:
        stripped = lowered.translate(_FOLD_TABLE)
    else:
        stripped = _fold_slow(lowered)
    return _SPACE.sub(" ", stripped).strip()
