from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from danvan.text import fold, normalize


def test_fold_drops_diacritics_and_maps_d_stroke() -> None:
    assert fold("Đường Lê Lợi") == "duong le loi"
    assert fold("Hòa") == fold("Hoà") == "hoa"


def test_fold_maps_the_eth_look_alike_to_d() -> None:
    assert fold("\u00d0ắk Nông") == "dak nong"


def test_fold_collapses_whitespace_and_keeps_digits_and_punctuation() -> None:
    assert fold("  Số   05/BC-UBND,\tngày 1.7 ") == "so 05/bc-ubnd, ngay 1.7"


def test_fold_accepts_decomposed_input() -> None:
    assert fold(unicodedata.normalize("NFD", "Thủy Nguyên")) == "thuy nguyen"


def test_normalize_moves_old_style_tone_to_modern_placement() -> None:
    assert normalize("Hoà Bình") == "Hòa Bình"
    assert normalize("thuỷ lợi") == "thủy lợi"
    assert normalize("khoẻ") == "khỏe"


def test_normalize_leaves_syllables_with_final_consonant_or_qu() -> None:
    assert normalize("hoàn thành") == "hoàn thành"
    assert normalize("quý") == "quý"
    assert normalize("thuyền") == "thuyền"


def test_normalize_returns_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Quảng Trị")
    assert normalize(decomposed) == "Quảng Trị"
    assert unicodedata.is_normalized("NFC", normalize(decomposed))


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(st.text())
def test_fold_output_has_no_combining_marks_or_uppercase_d_stroke(text: str) -> None:
    folded = fold(text)
    assert not any(unicodedata.combining(ch) for ch in folded)
    assert "đ" not in folded and "Đ" not in folded
    assert folded == folded.strip()


@given(st.text())
def test_normalize_is_idempotent_and_fold_invariant(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert fold(once) == fold(text)


def _fold_by_decomposition(text: str) -> str:
    """`fold` as first written: NFD of the lowercased text, combining marks dropped."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.translate(str.maketrans({"đ": "d", "ð": "d"})).split())


_VIETNAMESE = (
    "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
    "AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬEÈÉẺẼẸÊỀẾỂỄỆIÌÍỈĨỊOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢUÙÚỦŨỤƯỪỨỬỮỰYỲÝỶỸỴĐ"
    "ÐðİıÑñßæøœ\u0300\u0301\u0303\u0309\u0323\u034f 0123456789/.-,\t\n\u00a0"
)


@given(st.text(alphabet=_VIETNAMESE) | st.text())
def test_fold_fast_path_equals_unicode_decomposition(text: str) -> None:
    assert fold(text) == _fold_by_decomposition(text)


def test_fold_of_every_character_up_to_u2000_equals_decomposition() -> None:
    wrong = [
        hex(code)
        for code in range(0x2000)
        if fold(f"a{chr(code)}b {chr(code)}")
        != _fold_by_decomposition(f"a{chr(code)}b {chr(code)}")
    ]
    assert wrong == []


def _retone_every_word(text: str) -> str:
    """The reference: every word through `_retone_word` (what the fast path skips)."""
    from danvan.text.normalize import _WORD, _retone_word, nfc

    return _WORD.sub(lambda m: _retone_word(m.group(0)), nfc(text))


_VIETNAMESE_LETTERS = "aăâeêioôơuưyqdđghkntAĂÂEÊIOÔƠUƯYQĐ" + "àáảãạèéẻẽẹỳýỷỹỵòóỏõọùúủũụìíỉĩị"
_VIETNAMESE_LETTERS += "ÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴấầẩẫậếềểễệ_0\u0300\u0301\u0309\u0303\u0323"


@given(st.text(alphabet=_VIETNAMESE_LETTERS + " .,-", max_size=40) | st.text(max_size=30))
def test_tone_marks_skip_only_words_that_cannot_change(text: str) -> None:
    from danvan.text.normalize import normalize_tone_marks

    assert normalize_tone_marks(text) == _retone_every_word(text)


def test_tone_marks_of_the_old_style_words_in_both_cases() -> None:
    from danvan.text.normalize import normalize_tone_marks

    words = "Hoà hoè thuỷ HOÀ THUỶ Khoẻ quý khuya hoàn thuyền loà_xoà 2hoà"
    assert (
        normalize_tone_marks(words)
        == "Hòa hòe thủy HÒA THỦY Khỏe quý khuya hoàn thuyền loà_xoà 2hòa"
    )
    assert normalize_tone_marks(words) == _retone_every_word(words)
