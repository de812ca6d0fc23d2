"""The demo text generator: deterministic, every topic and seed issue, correct Vietnamese."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest

from danvan.core.topics import topic_codes
from danvan.petitions.demo_text import (
    DEMO_PLACES,
    KINDS,
    NAME_POOLS,
    SCENARIOS,
    TOPIC_CODES,
    TextGenerator,
    generic_place,
    money,
)
from danvan.text.normalize import normalize

DAYS = (dt.date(2025, 2, 10), dt.date(2025, 6, 30), dt.date(2025, 7, 1), dt.date(2026, 11, 2))


def _samples(seed: int = 3, rounds: int = 2):  # type: ignore[no-untyped-def]
    gen = TextGenerator(seed)
    for _ in range(rounds):
        for place, kind, day in itertools.product(DEMO_PLACES.values(), KINDS, DAYS):
            yield place, kind, gen.petition(place=place, day=day, kind=kind)


def test_same_seed_gives_the_same_petitions_and_another_seed_others() -> None:
    first = [t.content for _, _, t in _samples(seed=5, rounds=1)]
    again = [t.content for _, _, t in _samples(seed=5, rounds=1)]
    other = [t.content for _, _, t in _samples(seed=6, rounds=1)]

    assert first == again
    assert first != other


def test_every_topic_of_the_taxonomy_has_scenarios() -> None:
    assert set(TOPIC_CODES) == set(topic_codes())
    assert {s.topic for s in SCENARIOS} == set(topic_codes())


@pytest.mark.parametrize(
    "phrase",
    [
        "chợ Chí Công",
        "đồng muối Thông Thuận",
        "khai thác",
        "nợ lương",
        "Trạm Y tế",
        "thiếu nước sinh hoạt",
        "bãi rác Tân Bình",
        "hầm chui",
        "Quyết định 48/2010/QĐ-TTg",
    ],
)
def test_the_seed_articles_issues_come_up_in_generated_petitions(phrase: str) -> None:
    texts = [f"{t.summary} {t.content}" for _, _, t in _samples(rounds=3)]
    assert any(phrase in text for text in texts)


def test_generated_text_is_already_normalised_vietnamese() -> None:
    for _, _, t in _samples():
        for text in (t.summary, t.content, t.requests, t.respondent):
            assert normalize(text) == text
        for person in t.petitioners:
            assert normalize(person.full_name) == person.full_name
            assert normalize(person.address) == person.address
    for pool in NAME_POOLS.values():
        for name in (*pool.given_male, *pool.given_female, *(s for s, _ in pool.surnames)):
            assert normalize(name) == name


def test_every_kind_gets_its_own_letter_and_summary() -> None:
    seen: dict[str, str] = {}
    for _, kind, t in _samples(rounds=1):
        assert t.kind == kind
        seen.setdefault(kind, t.summary)
        assert len(t.summary) <= 500 and len(t.content) >= 40 and t.requests
    assert seen["complaint"].split()[0] in ("Khiếu", "Ông", "Bà")
    assert "ố cáo" in seen["denunciation"]
    assert "iến nghị" in seen["proposal"]
    assert "hản ánh" in seen["report"]


def test_a_complaint_names_the_contested_decision_by_its_number() -> None:
    for _, kind, t in _samples(rounds=1):
        if kind == "complaint":
            assert re.fullmatch(r"\d+/[A-ZĐ]+-[A-Z]+", t.decision_number)
            assert t.decision_number in t.content
            assert t.respondent


def test_a_denunciation_never_names_its_senders_in_its_text() -> None:
    count = 0
    for _, kind, t in _samples(rounds=2):
        if kind != "denunciation":
            continue
        assert t.petitioners, "the denouncer goes to the vault"
        for person in t.petitioners:
            for text in (t.content, t.summary, t.respondent, t.requests):
                assert person.full_name not in text
                assert person.id_number not in text
        count += 1
    assert count > 50


def test_multi_signer_petitions_list_signers_with_representatives() -> None:
    gen = TextGenerator(8)
    place = DEMO_PLACES["23005"]
    for signers in (5, 9, 12, 40):
        t = gen.petition(place=place, day=DAYS[-1], kind="proposal", signers=signers)
        assert t.signer_count == signers
        assert 5 <= len(t.petitioners) <= 8
        assert 1 <= len(t.representatives) <= (2 if signers <= 10 else 5)
        assert f"Chúng tôi gồm {signers} hộ dân" in t.content


def test_anonymous_petitions_have_no_sender() -> None:
    gen = TextGenerator(9)
    t = gen.petition(place=DEMO_PLACES["19564"], day=DAYS[0], kind="report", anonymous=True)
    assert t.anonymous and not t.petitioners and t.signer_count == 0


def test_people_have_plausible_id_numbers_phones_and_addresses() -> None:
    gen = TextGenerator(10)
    place = DEMO_PLACES["19564"]
    for day in DAYS:
        person = gen.person(place, day)
        assert re.fullmatch(r"045[0-3]\d{8}", person.id_number)
        assert re.fullmatch(r"0\d{9}", person.phone)
        expected = "huyện Đakrông" if day < dt.date(2025, 7, 1) else "xã Đakrông, tỉnh Quảng Trị"
        assert expected in person.address


def test_a_resend_repeats_the_content_and_says_it_was_sent_before() -> None:
    gen = TextGenerator(11)
    first = gen.petition(place=DEMO_PLACES["22945"], day=DAYS[1], kind="proposal")
    again = gen.resend(first, first_sent=DAYS[1])
    assert first.content in again.content
    assert "30/06/2025" in again.content
    assert again.petitioners == first.petitioners


def test_generic_places_write_the_city_or_province_as_people_do() -> None:
    city = generic_place(
        "26734", "Bến Thành", "phường", "Hồ Chí Minh", ward=True, province_word="thành phố",
        province_code="79",
    )  # fmt: skip
    person = TextGenerator(12).person(city, DAYS[-1])
    assert person.address.endswith("phường Bến Thành, thành phố Hồ Chí Minh")
    assert person.address.startswith(("tổ dân phố", "khu phố"))
    assert person.id_number.startswith("079")
    assert city.party_committee == "Thành ủy Hồ Chí Minh"
    assert generic_place("1", "A", "xã", "Gia Lai", ward=False).party_committee == "Tỉnh ủy Gia Lai"


def test_money_uses_vietnamese_thousands_separators() -> None:
    assert money(12_500_000) == "12.500.000 đồng"
