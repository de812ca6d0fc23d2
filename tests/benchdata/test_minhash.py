"""The bulk MinHash side of `danvan.text.dedup` gives exactly the values intake stores."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from danvan.petitions.demo_text import DEMO_PLACES, KINDS, TextGenerator, generic_place
from danvan.text import dedup

EDGE_CASES = [
    "",
    "   ",
    "Kính gửi: Ủy ban nhân dân xã Tân Hà.",
    "Xin chân thành cảm ơn.",
    "a",
    "15.000.000 đồng",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
    "kien nghi sua chua duong lien thon bi sat lo sau mua lon. de nghi xa xem xet",
    "ĐƠN KHIẾU NẠI VỀ VIỆC THU HỒI ĐẤT CỦA GIA ĐÌNH TÔI TẠI THÔN 3!!! Rất mong được giải quyết",
    "Ngày 5 tháng 3 năm 2026.\nTôi tên là Nguyễn Văn An, trú tại thôn Đông.",
]


def _texts(n: int, seed: int) -> list[str]:
    gen = TextGenerator(seed)
    rng = random.Random(seed)
    places = [
        *DEMO_PLACES.values(),
        generic_place("99999", "Tân Hà", "xã", "Lâm Đồng", ward=False, province_code="68"),
        generic_place("99998", "Bến Thành", "phường", "Hồ Chí Minh", ward=True),
    ]
    out = []
    for _ in range(n):
        text = gen.petition(
            place=rng.choice(places),
            day=dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 500)),
            kind=rng.choice(KINDS),
            signers=rng.choice((1, 1, 1, 6, 20)),
            anonymous=rng.random() < 0.05,
        )
        out.append(text.content)
        if rng.random() < 0.1:
            out.append(text.summary + "\n" + text.requests)
    return out


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return _texts(2000, seed=11) + EDGE_CASES


def test_fast_shingles_equal_the_dedup_features_shingles(texts: list[str]) -> None:
    assert [dedup.shingles_fast(t) for t in texts] == [dedup.shingles(t) for t in texts]


def test_vectorised_minhash_equals_datasketch_on_generated_texts(texts: list[str]) -> None:
    sets = [dedup.shingles(t) for t in texts]

    assert dedup.minhash_many(sets) == [dedup.minhash(s) for s in sets]


def test_minhash_of_texts_by_sentence_equals_minhash_of_their_shingles(texts: list[str]) -> None:
    dedup._SENTENCE_SIGNATURES.clear()
    expected = [dedup.minhash(dedup.shingles(t)) for t in texts]

    assert dedup.minhash_texts(texts) == expected
    assert dedup.minhash_texts(texts) == expected  # second batch: from the sentence cache


def test_bulk_band_hashes_equal_intake_band_hashes(texts: list[str]) -> None:
    assert dedup.band_hashes_many(texts) == [dedup.band_hashes(t) for t in texts]


def test_sentence_cache_cleared_when_full_still_gives_the_same_values(monkeypatch: Any) -> None:
    monkeypatch.setattr(dedup, "_SENTENCE_SIGNATURES_MAX", 50)
    dedup._SENTENCE_SIGNATURES.clear()
    batch = _texts(300, seed=3)

    got = [sig for i in range(0, len(batch), 40) for sig in dedup.minhash_texts(batch[i : i + 40])]

    assert got == [dedup.minhash(dedup.shingles(t)) for t in batch]
    assert len(dedup._SENTENCE_SIGNATURES) <= 50 + 40 * 30


def test_empty_and_boilerplate_only_texts_have_no_signature() -> None:
    assert dedup.minhash_texts(["", "Xin chân thành cảm ơn.", "   "]) == [(), (), ()]
    assert dedup.minhash_many([[], set()]) == [(), ()]
    assert dedup.band_hashes_many([""]) == [[]]
