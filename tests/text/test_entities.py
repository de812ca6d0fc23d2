"""Entities in Vietnamese text (danvan.text.entities): legal references, amounts, dates, unit
names. The unit tests use a gazetteer built from the shipped reference data (the CSV files of
danvan/data/admin-units, read here without Django) and small hand-made ones."""

from __future__ import annotations

import csv
import unicodedata
from functools import cache
from pathlib import Path

import pytest

from danvan.text.entities import (
    DATE,
    LEGAL,
    MAX_CANDIDATES,
    MONEY,
    UNIT,
    Entity,
    Gazetteer,
    UnitRecord,
    distinct,
    extract,
    gazetteer_build,
)

DATA = Path(__file__).resolve().parents[2] / "danvan" / "data" / "admin-units"


def values(text: str, kind: str, gazetteer: Gazetteer | None = None) -> list[str]:
    return [e.value for e in extract(text, gazetteer) if e.kind == kind]


def only(text: str, kind: str, gazetteer: Gazetteer | None = None) -> Entity:
    found = [e for e in extract(text, gazetteer) if e.kind == kind]
    assert len(found) == 1, found
    return found[0]


@cache
def reference() -> Gazetteer:
    """Old units as ``old:<code>``, units of 1 July 2025 by their code; provinces joined by the
    2025 successions (the Django side does the same from the database)."""
    units: list[UnitRecord] = []
    with (DATA / "units-before-2025-07-01.csv").open(encoding="utf-8") as f:
        old = list(csv.DictReader(f))
    with (DATA / "units-2025-07-01.csv").open(encoding="utf-8") as f:
        new = list(csv.DictReader(f))
    for row in old:
        key = f"old:{row['code']}"
        province = key if row["level"] == "province" else f"old:{row['parent_code']}"
        units.append(UnitRecord(key, row["name"], row["type"], province, 1, row["name"]))
    for row in new:
        province = row["code"] if row["level"] == "province" else row["parent_code"]
        units.append(UnitRecord(row["code"], row["name"], row["type"], province, 2, row["name"]))
    provinces = {row["code"] for row in old if row["level"] == "province"}
    links: list[tuple[str, str]] = []
    with (DATA / "successions-2025-07-01.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["old_code"] in provinces and len(row["new_code"]) == 2:
                links.append((f"old:{row['old_code']}", row["new_code"]))
    return gazetteer_build(units, links)


# --- Legal references -----------------------------------------------------------------------


def test_decision_with_number_year_and_symbol_gives_the_folded_symbol_and_its_type() -> None:
    e = only("Thực hiện Quyết định 48/2010/QĐ-TTg của Thủ tướng Chính phủ", LEGAL)
    assert e.value == "48/2010/qd-ttg"
    assert e.detail == "quyet dinh"
    assert e.text == "Quyết định 48/2010/QĐ-TTg"


@pytest.mark.parametrize(
    ("text", "value", "detail"),
    [
        ("quyet dinh 48/2010/qd-ttg", "48/2010/qd-ttg", "quyet dinh"),
        ("QUYẾT ĐỊNH SỐ 48/2010/QĐ-TTG", "48/2010/qd-ttg", "quyet dinh"),
        ("căn cứ 48/2010/QĐ-TTg", "48/2010/qd-ttg", "quyet dinh"),
        ("QĐ số 1234/QĐ-UBND ngày 5/3/2024", "1234/qd-ubnd", "quyet dinh"),
        ("Nghị quyết 25-NQ/TW", "25-nq/tw", "nghi quyet"),
        ("Nghị quyết số 25-NQ/TW ngày 03/6/2013", "25-nq/tw", "nghi quyet"),
        ("NĐ 124/2020/NĐ-CP", "124/2020/nd-cp", "nghi dinh"),
        ("Nghị định số 88/2024/NĐ-CP", "88/2024/nd-cp", "nghi dinh"),
        ("Chỉ thị số 05-CT/TW của Bộ Chính trị", "5-ct/tw", "chi thi"),
        ("Kết luận 57-KL/TW", "57-kl/tw", "ket luan"),
        ("Quy định số 144-QĐ/TW", "144-qd/tw", "quy dinh"),
        ("Quyết định số 290-QĐ/TW về quy chế", "290-qd/tw", "quyet dinh"),
        ("Thông tư 05/2021/TT-TTCP", "5/2021/tt-ttcp", "thong tu"),
        ("Công văn số 3456/UBND-NC", "3456/ubnd-nc", "cong van"),
        ("Nghị quyết 1662/NQ-UBTVQH15", "1662/nq-ubtvqh15", "nghi quyet"),
        ("Luật số 31/2024/QH15", "31/2024/qh15", "luat"),
        ("theo 45/2013/QH13", "45/2013/qh13", "luat"),
        ("Thông tư liên tịch 12/2014/TTLT-BTC-BTP", "12/2014/ttlt-btc-btp", "thong tu lien tich"),
    ],
)
def test_numbered_documents(text: str, value: str, detail: str) -> None:
    e = only(text, LEGAL)
    assert (e.value, e.detail) == (value, detail)


@pytest.mark.parametrize(
    ("text", "value", "detail"),
    [
        ("Luật Đất đai 2024", "luat dat dai 2024", "luat"),
        ("theo Luật Đất đai năm 2013, người dân", "luat dat dai 2013", "luat"),
        ("luat Dat dai 2024", "luat dat dai 2024", "luat"),
        ("Luật Khiếu nại 2011", "luat khieu nai 2011", "luat"),
        ("Luật Tiếp công dân năm 2013", "luat tiep cong dan 2013", "luat"),
        ("Bộ luật Dân sự 2015", "bo luat dan su 2015", "bo luat"),
        ("Hiến pháp năm 2013", "hien phap 2013", "hien phap"),
    ],
)
def test_laws_named_with_their_year(text: str, value: str, detail: str) -> None:
    e = only(text, LEGAL)
    assert (e.value, e.detail) == (value, detail)


def test_spellings_of_one_decision_give_one_value() -> None:
    texts = [
        "Quyết định 48/2010/QĐ-TTg",
        "QĐ 48/2010/QĐ-TTg",
        "quyết định số 048/2010/qđ-ttg",
        "quyet dinh so 48/2010/QD-TTg",
        "48/2010/QĐ-TTg",
    ]
    assert {only(t, LEGAL).value for t in texts} == {"48/2010/qd-ttg"}


@pytest.mark.parametrize(
    "text",
    [
        "Luật Đất đai quy định rõ",  # no year: which law is not known
        "theo quy định của pháp luật",
        "giá 5/ha",  # a rate, not a symbol
        "số nhà 12/3A đường Lê Lợi",
        "tổ 5/KP3",
        "Nghị quyết 25 của Trung ương",  # no symbol
        "trực 24/7",
        "luật đã được sửa đổi năm 2020",
    ],
)
def test_not_legal_references(text: str) -> None:
    assert values(text, LEGAL) == []


def test_lowercase_abbreviation_is_not_a_type_word_but_the_symbol_still_counts() -> None:
    e = only("tt 05/2021/TT-TTCP", LEGAL)
    assert e.text == "05/2021/TT-TTCP"
    assert e.detail == "thong tu"


# --- Money ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("15.000.000 đồng", "15000000"),
        ("15.000.000đ", "15000000"),
        ("15,000,000 VND", "15000000"),
        ("15.000.000 VNĐ", "15000000"),
        ("15.000.000 dong", "15000000"),
        ("15 triệu", "15000000"),
        ("15 triệu đồng", "15000000"),
        ("15 trieu dong", "15000000"),
        ("15tr", "15000000"),
        ("15 tr.", "15000000"),
        ("2,5 tỷ đồng", "2500000000"),
        ("2,5 tỉ", "2500000000"),
        ("1.2 ty", "1200000000"),
        ("1.500 tỷ đồng", "1500000000000"),
        ("500 nghìn", "500000"),
        ("500 ngàn đồng", "500000"),
        ("500k", "500000"),
        ("1 tỷ 200 triệu đồng", "1200000000"),
        ("3 triệu 500 nghìn đồng", "3500000"),
        ("3 triệu rưỡi", "3500000"),
        ("1.234,5 đồng", "1235"),
        ("mức bồi thường 15.000.000 đồng/ha", "15000000"),
        ("nợ 1,5 triệu, chưa trả", "1500000"),
    ],
)
def test_amounts_in_dong(text: str, value: str) -> None:
    assert values(text, MONEY) == [value]


@pytest.mark.parametrize(
    "text",
    [
        "15.000.000",  # a figure without a unit
        "diện tích 15.000 m2",
        "số điện thoại 0912.345.678",
        "gọi 0912.345.678 đồng ý cho vay",  # "đồng ý" is "agree"
        "0912345678 đồng",  # a phone number
        "5 đồng chí lãnh đạo",
        "3 đồng hồ",
        "15 triệu người dân",
        "2 triệu lượt khách",
        "mua 2 ti vi",
        "500 ngăn kéo",
        "10 triệu USD",
        "2 triệu 3 tỷ",  # not one amount
        "ngày 12.3.2025",
        "năm 2024",
    ],
)
def test_not_amounts(text: str) -> None:
    assert values(text, MONEY) == []


def test_amount_and_date_side_by_side() -> None:
    found = extract("Ngày 12.3.2025 ông A nộp 15.000.000 đồng tiền phạt.")
    assert [(e.kind, e.value) for e in found] == [(DATE, "2025-03-12"), (MONEY, "15000000")]


# --- Dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("ngày 12/3/2025", "2025-03-12"),
        ("12/03/2025", "2025-03-12"),
        ("12-03-2025", "2025-03-12"),
        ("12.3.2025", "2025-03-12"),
        ("ngày 5 tháng 3 năm 2026", "2026-03-05"),
        ("ngay 5 thang 3 nam 2026", "2026-03-05"),
        ("Hà Nội, ngày 05 tháng 03 năm 2026", "2026-03-05"),
        ("tháng 3/2025", "2025-03"),
        ("tháng 03-2025", "2025-03"),
        ("tháng 3 năm 2025", "2025-03"),
        ("trong năm 2024", "2024"),
        ("2025-03-12", "2025-03-12"),
        ("ngày 29/2/2024", "2024-02-29"),
        ("hạn đến 31/12/2025.", "2025-12-31"),
    ],
)
def test_dates(text: str, value: str) -> None:
    assert values(text, DATE) == [value]


@pytest.mark.parametrize(
    "text",
    [
        "2024",  # a year alone is a figure
        "có 2024 hộ",
        "ngày 31/2/2025",  # no such day
        "ngày 29/2/2025",
        "tháng 13/2025",
        "ngày 12/3",  # no year
        "12/3/25",  # two-digit years are not read
        "giai đoạn năm 2021-2025",
        "15.000.000",
        "0912.345.678",
    ],
)
def test_not_dates(text: str) -> None:
    assert values(text, DATE) == []


def test_dates_in_a_sentence_with_a_decision() -> None:
    found = extract("QĐ số 1234/QĐ-UBND ngày 5/3/2024 của UBND tỉnh, từ 1/7/2025 đến 31/12/2025")
    assert [(e.kind, e.value) for e in found] == [
        (LEGAL, "1234/qd-ubnd"),
        (DATE, "2024-03-05"),
        (DATE, "2025-07-01"),
        (DATE, "2025-12-31"),
    ]


def test_the_year_of_a_named_law_is_not_a_date() -> None:
    assert values("Luật Đất đai năm 2024", DATE) == []


# --- Unit names, reference data -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("phường Bến Thành", "26743"),
        ("tỉnh Bình Thuận", "old:60"),  # merged into Lâm Đồng in 2025
        ("tinh binh thuan", "old:60"),
        ("TP Hồ Chí Minh", "79"),
        ("TP.HCM", "79"),
        ("Thành phố Hồ Chí Minh", "79"),
        ("TPHCM", "79"),
        ("Hà Nội", "01"),
        ("Ha Noi", "01"),
        ("HÀ NỘI", "01"),
        ("tỉnh Quảng Bình", "old:44"),
        ("tỉnh Quảng Trị", "44"),  # today's Quảng Trị wins over the old one it grew out of
        ("UBND tỉnh Lâm Đồng", "68"),
        ("Thừa Thiên Huế", "46"),
        ("đặc khu Côn Đảo", "26732"),
        ("huyện Côn Đảo", "old:755"),  # an island district that had no communes
    ],
)
def test_unit_names_old_and_new(text: str, value: str) -> None:
    assert values(text, UNIT, reference()) == [value]


@pytest.mark.parametrize(
    ("text", "value", "label"),
    [
        ("huyện Tánh Linh", "huyen:tanh-linh", "Huyện Tánh Linh"),
        ("UBND huyện Tánh Linh, tỉnh Bình Thuận", "huyen:tanh-linh", "Huyện Tánh Linh"),
        ("Quận Bình Thạnh", "quan:binh-thanh", "Quận Bình Thạnh"),
        ("quận 1", "quan:1", "Quận 1"),
        ("thị xã Phú Mỹ", "thi-xa:phu-my", "Thị xã Phú Mỹ"),
        ("thành phố Phan Thiết", "thanh-pho:phan-thiet", "Thành phố Phan Thiết"),
        # The old provincial city, not the province of the same name.
        ("thành phố Thái Nguyên", "thanh-pho:thai-nguyen", "Thành phố Thái Nguyên"),
    ],
)
def test_abolished_districts_get_a_key_from_their_name(text: str, value: str, label: str) -> None:
    found = [e for e in extract(text, reference()) if e.value.startswith(value.split(":")[0])]
    assert [(e.value, e.detail) for e in found] == [(value, label)]


def test_a_district_name_typed_in_lowercase_is_not_read() -> None:
    assert values("huyen tanh linh", UNIT, reference()) == []
    assert values("huyện này", UNIT, reference()) == []


@pytest.mark.parametrize(
    "text",
    [
        "xã hội",
        "quan tâm",
        "Chủ tịch Hồ Chí Minh",
        "tư tưởng Hồ Chí Minh",
        "ông Nguyễn Thái Bình",  # a person
        "ha noi",  # a bare name needs capitals
        "hòa bình",
        "tỉnh táo",
        "phường 1",  # dozens of old wards had this name: says nothing without context
    ],
)
def test_not_unit_names(text: str) -> None:
    assert values(text, UNIT, reference()) == []


def test_unit_name_with_and_without_diacritics_gives_the_same_value() -> None:
    marked = values("xã Tân Phú, tỉnh Đồng Nai", UNIT, reference())
    bare = values("xa Tan Phu, tinh Dong Nai", UNIT, reference())
    assert marked == bare == ["26116", "75"]


def test_diacritics_typed_must_match_the_name() -> None:
    # "Tấn Phú" is not "Tân Phú": with diacritics typed, they count.
    assert "26116" not in values("xã Tấn Phú, tỉnh Đồng Nai", UNIT, reference())


def test_ambiguous_commune_is_settled_by_the_province_named_nearby() -> None:
    # Bình Phước merged into Đồng Nai: the new Tân Phú of Đồng Nai is the one meant.
    text = "xã Tân Phú, huyện Đồng Phú, tỉnh Bình Phước"
    assert values(text, UNIT, reference()) == ["26116", "huyen:dong-phu", "old:70"]


def test_ambiguous_commune_without_context_keeps_its_few_candidates() -> None:
    # Two units are named Hàm Tân: today's xã in Lâm Đồng and an old one in Trà Vinh.
    found = [e for e in extract("xã Hàm Tân", reference()) if e.kind == UNIT]
    assert sorted(e.value for e in found) == ["23236", "old:29489"]
    assert {(e.start, e.end) for e in found} == {(0, 10)}


def test_ambiguous_commune_with_context_keeps_the_one_in_that_province() -> None:
    text = "xã Hàm Tân, tỉnh Bình Thuận"
    assert values(text, UNIT, reference()) == ["23236", "old:60"]


def test_name_shared_by_too_many_communes_is_dropped_without_context() -> None:
    assert len(reference().names("tan thanh")) > MAX_CANDIDATES
    assert values("xã Tân Thành", UNIT, reference()) == []


def test_units_in_a_long_text() -> None:
    text = (
        "Ngày 12/3/2025, khoảng 60 hộ dân xã Tân Phú, huyện Đồng Phú, tỉnh Bình Phước gửi đơn "
        "phản ánh việc bồi thường theo Quyết định số 1234/QĐ-UBND ngày 5/3/2024; mức 15.000.000 "
        "đồng/ha là quá thấp. Người dân đã lên TP Hồ Chí Minh và Hà Nội để khiếu nại."
    )
    found = [(e.kind, e.value) for e in extract(text, reference())]
    assert found == [
        (DATE, "2025-03-12"),
        (UNIT, "26116"),
        (UNIT, "huyen:dong-phu"),
        (UNIT, "old:70"),
        (LEGAL, "1234/qd-ubnd"),
        (DATE, "2024-03-05"),
        (MONEY, "15000000"),
        (UNIT, "79"),
        (UNIT, "01"),
    ]


# --- Unit names, hand-made gazetteers -------------------------------------------------------


SMALL_UNITS = [
    UnitRecord("old:60", "Bình Thuận", "tinh", "old:60", 1, "Tỉnh Bình Thuận (cũ)"),
    UnitRecord("68", "Lâm Đồng", "tinh", "68", 2, "Tỉnh Lâm Đồng"),
    UnitRecord("old:01", "Hà Nội", "thanh_pho", "old:01", 1),
    UnitRecord("01", "Hà Nội", "thanh_pho", "01", 2),
    UnitRecord("20", "Lạng Sơn", "tinh", "20", 2),
    UnitRecord("old:100", "Hàm Tân", "xa", "old:60", 1, "Xã Hàm Tân (cũ)"),
    UnitRecord("200", "Hàm Tân", "xa", "68", 2, "Xã Hàm Tân"),
    UnitRecord("300", "Hàm Tân", "phuong", "20", 2, "Phường Hàm Tân"),
    UnitRecord("400", "Hoà An", "xa", "20", 2, "Xã Hòa An"),
    UnitRecord("500", "Bến Thành", "phuong", "01", 2),
    UnitRecord("old:500", "Bến Thành", "phuong", "old:01", 1),
    UnitRecord("600", "Ea H'leo", "xa", "68", 2),
]
SMALL_LINKS = [("old:60", "68"), ("old:01", "01")]


def small() -> Gazetteer:
    return gazetteer_build(SMALL_UNITS, SMALL_LINKS)


def test_old_and_new_units_of_one_name_in_one_territory_collapse_to_the_new() -> None:
    assert values("phường Bến Thành", UNIT, small()) == ["500"]
    assert values("Hà Nội", UNIT, small()) == ["01"]


def test_type_word_chooses_among_units_of_one_name() -> None:
    assert values("phường Hàm Tân", UNIT, small()) == ["300"]


def test_province_of_either_era_nearby_settles_the_commune() -> None:
    assert values("xã Hàm Tân, tỉnh Bình Thuận", UNIT, small()) == ["200", "old:60"]
    assert values("xã Hàm Tân (Lâm Đồng)", UNIT, small()) == ["200", "68"]


def test_province_far_away_still_settles_when_nothing_is_nearer() -> None:
    text = "xã Hàm Tân" + " có nhiều hộ dân khiếu nại kéo dài" * 10 + " ở Lâm Đồng"
    assert values(text, UNIT, small()) == ["200", "68"]


def test_commune_name_after_the_wrong_commune_type_word_still_matches() -> None:
    # Xã Hòa An is written "phường" (units change type); the name is enough at that level.
    assert values("phường Hòa An", UNIT, small()) == ["400"]


def test_old_tone_placement_matches() -> None:
    assert values("xã Hoà An", UNIT, small()) == ["400"]
    assert values("xã Hòa An", UNIT, small()) == ["400"]


def test_apostrophe_names() -> None:
    assert values("xã Ea H'leo", UNIT, small()) == ["600"]
    assert values("xa Ea H’leo", UNIT, small()) == ["600"]


def test_no_gazetteer_no_units() -> None:
    assert values("tỉnh Lâm Đồng", UNIT) == []
    assert values("tỉnh Lâm Đồng", UNIT, Gazetteer([])) == []


def test_names_do_not_run_across_punctuation() -> None:
    gaz = gazetteer_build([UnitRecord("9", "Lâm Đồng Nai", "tinh", "9", 1), *SMALL_UNITS])
    assert values("tỉnh Lâm Đồng, Nai", UNIT, gaz) == ["68"]


# --- General --------------------------------------------------------------------------------


def test_offsets_point_into_the_nfc_text() -> None:
    decomposed = unicodedata.normalize("NFD", "Theo Quyết định 48/2010/QĐ-TTg, ngày 12/3/2025")
    for e in extract(decomposed):
        assert unicodedata.normalize("NFC", decomposed)[e.start : e.end] == e.text


def test_results_are_in_text_order_and_distinct_keeps_the_first() -> None:
    found = extract("15 triệu, rồi 15.000.000 đồng, rồi ngày 1/2/2025")
    assert [e.start for e in found] == sorted(e.start for e in found)
    assert [(e.kind, e.value) for e in distinct(found)] == [
        (MONEY, "15000000"),
        (DATE, "2025-02-01"),
    ]


def test_empty_and_odd_input() -> None:
    assert extract("") == []
    assert extract("\x00\u200b  \n") == []
    assert extract("İstanbul 12/3/2025")[0].value == "2025-03-12"


def test_a_place_name_after_an_amount_is_not_a_counted_thing() -> None:
    assert values("nộp 15 triệu Hà Nội", MONEY) == ["15000000"]
    assert values("nộp 15 triệu ha đất", MONEY) == []
    assert values("chuyển 200 nghìn đồng Tháp Mười", MONEY) == ["200000"]


def test_names_do_not_run_across_an_amount() -> None:
    found = extract("xã Tân 15 triệu Phú, tỉnh Đồng Nai", reference())
    assert [(e.kind, e.value) for e in found] == [(MONEY, "15000000"), (UNIT, "75")]


def test_co_quan_is_not_a_district_in_a_text_with_diacritics() -> None:
    assert values("các cơ quan Nhà nước trên địa bàn", UNIT, reference()) == []
