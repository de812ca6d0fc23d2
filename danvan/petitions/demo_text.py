"""Realistic Vietnamese petition text for the demo and the benchmarks (written by us).

Owns the phrase book (people's names, villages, scenarios per topic including the seed articles'
issues) and `TextGenerator`, which turns a place, a date and a kind into a petition's summary,
content, requests, respondent and senders. Deterministic for a given seed; plain Python (no
database), so the bulk generator can call it a million times.

Every phrase here was written for danvan: no text is copied from a real petition. Names are
assembled at random from common family, middle and given names, so any likeness to a real
person is chance.

A denunciation's text never names its sender (the denouncer's identity goes to the vault only):
the letter is transcribed without the self-introduction, as reception officers do.
"""

# ruff: noqa: E501  (a phrase book: one sentence per line reads better than wrapped ones)
from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

REFORM_2025 = dt.date(2025, 7, 1)

KINDS = ("complaint", "denunciation", "proposal", "report", "mixed")


# --- People -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class NamePool:
    surnames: tuple[tuple[str, int], ...]  # (family name, weight)
    middle_male: tuple[str, ...]
    middle_female: tuple[str, ...]
    given_male: tuple[str, ...]
    given_female: tuple[str, ...]


_KINH_SURNAMES = (
    ("Nguyễn", 380),
    ("Trần", 110),
    ("Lê", 95),
    ("Phạm", 70),
    ("Hoàng", 35),
    ("Huỳnh", 20),
    ("Phan", 45),
    ("Vũ", 20),
    ("Võ", 20),
    ("Đặng", 21),
    ("Bùi", 20),
    ("Đỗ", 14),
    ("Hồ", 13),
    ("Ngô", 13),
    ("Dương", 10),
    ("Lý", 5),
    ("Đinh", 6),
    ("Trương", 6),
    ("Mai", 4),
    ("Lương", 4),
    ("Tạ", 3),
    ("Cao", 3),
    ("Lâm", 3),
    ("Tô", 2),
    ("Châu", 2),
    ("Thái", 2),
)
_MIDDLE_MALE = (
    "Văn",
    "Văn",
    "Văn",
    "Hữu",
    "Đức",
    "Minh",
    "Quang",
    "Công",
    "Thanh",
    "Xuân",
    "Đình",
    "Ngọc",
    "Quốc",
    "Anh",
    "Trọng",
    "Tấn",
    "Thành",
)
_MIDDLE_FEMALE = (
    "Thị",
    "Thị",
    "Thị",
    "Thị",
    "Ngọc",
    "Thu",
    "Thanh",
    "Kim",
    "Mỹ",
    "Hồng",
    "Bích",
    "Thúy",
    "Minh",
    "Phương",
)
_GIVEN_MALE = (
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đức",
    "Hải",
    "Hùng",
    "Hưng",
    "Khánh",
    "Long",
    "Minh",
    "Nam",
    "Phong",
    "Quang",
    "Sơn",
    "Tài",
    "Thắng",
    "Thành",
    "Toàn",
    "Trung",
    "Tuấn",
    "Việt",
    "Vinh",
    "Lâm",
    "Hiếu",
    "Kiên",
    "Lợi",
    "Phúc",
    "Tâm",
    "Thịnh",
    "Hòa",
    "Sang",
    "Lộc",
    "Tín",
    "Nghĩa",
    "Bảo",
    "Chiến",
    "Đạt",
    "Hiền",
    "Mạnh",
    "Quý",
    "Thuận",
    "Tiến",
    "Trí",
    "Tùng",
)
_GIVEN_FEMALE = (
    "Anh",
    "Chi",
    "Dung",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hoa",
    "Hương",
    "Lan",
    "Liên",
    "Linh",
    "Loan",
    "Mai",
    "Nga",
    "Ngọc",
    "Nhung",
    "Oanh",
    "Phương",
    "Thảo",
    "Thu",
    "Thủy",
    "Trang",
    "Tuyết",
    "Vân",
    "Yến",
    "Xuân",
    "Hiền",
    "Huyền",
    "Lý",
    "Sen",
    "Cúc",
    "Đào",
    "Nhàn",
    "Tươi",
    "Hồng",
    "Lệ",
    "Mơ",
    "Thắm",
)

NAME_POOLS: dict[str, NamePool] = {
    "kinh": NamePool(_KINH_SURNAMES, _MIDDLE_MALE, _MIDDLE_FEMALE, _GIVEN_MALE, _GIVEN_FEMALE),
    # Vân Kiều and Pa Kô families of western Quảng Trị.
    "van_kieu": NamePool(
        (("Hồ", 50), ("Căn", 8), ("Kăn", 6), ("Pả", 4), ("Lê", 8), ("Hồ", 10), ("Nguyễn", 6)),
        ("Văn", "Văn", "A", "Xuân"),
        ("Thị", "Thị"),
        ("Thoòng", "Pả", "Lâm", "Hoan", "Tiến", "Kin", "Pỏ", "Thìn", "Cu", "Ngoan", "Quân", "Bảy"),
        ("Nga", "Din", "Xoa", "Thư", "Lan", "Mười", "Ni", "Vui", "Pa", "Thảo"),
    ),
    # Jrai and Bahnar families of Gia Lai (female given names with H').
    "jrai": NamePool(
        (
            ("Rơ Mah", 20),
            ("Ksor", 20),
            ("Siu", 15),
            ("Rơ Lan", 8),
            ("Nay", 10),
            ("Kpă", 8),
            ("Rah Lan", 6),
            ("Puih", 6),
            ("Rơ Châm", 6),
            ("Đinh", 6),
        ),
        ("", "", "Văn"),
        ("", "", "Thị"),
        ("Kông", "Blơh", "Đin", "Hyưu", "Tuih", "Yui", "Thuk", "Blốc", "Hlin", "Thuyên", "Ngơl"),
        ("H'Linh", "H'Nhi", "H'Bơ", "H'Yoan", "H'Lê", "H'Jui", "H'Phin", "H'Mai", "H'Duyên"),
    ),
    # Tày, Nùng and Dao families of the former Bắc Kạn.
    "tay": NamePool(
        (
            ("Hoàng", 20),
            ("Nông", 18),
            ("Ma", 10),
            ("Lục", 6),
            ("Triệu", 8),
            ("Bàn", 6),
            ("Hà", 6),
            ("Đàm", 4),
            ("Lường", 4),
            ("La", 3),
            ("Lăng", 3),
            ("Hứa", 3),
            ("Nguyễn", 8),
        ),
        _MIDDLE_MALE,
        ("Thị", "Thị", "Thị"),
        ("Sinh", "Vượng", "Chiến", "Khánh", "Hùng", "Thuận", "Lâm", "Quý", "Dũng", "Tài", "Ngọc"),
        ("Pham", "Mai", "Nhung", "Hoa", "Thủy", "Lan", "Thoa", "Dịu", "Quyên", "Hiền", "Mến"),
    ),
    # Chăm and Raglai families of the former Bắc Bình and Tuy Phong.
    "cham": NamePool(
        (
            ("Đàng", 12),
            ("Thông", 8),
            ("Thiên", 6),
            ("Quảng", 6),
            ("Lưu", 5),
            ("Bá", 5),
            ("Lộ", 4),
            ("Trượng", 3),
            ("Pi Năng", 4),
            ("Katơr", 3),
            ("Nguyễn", 10),
        ),
        ("Văn", "Năng", "Đại", "Sanh", "Văn"),
        ("Thị", "Thị", "Thị"),
        ("Thọ", "Thành", "Tuyên", "Châu", "Hồng", "Bảy", "Nhân", "Sơn", "Tiến", "Đức"),
        ("Hoa", "Thìn", "Bê", "Ngọc", "Thảo", "Liên", "Mai", "Lan", "Hòa", "Trinh"),
    ),
}


@dataclass(frozen=True)
class Person:
    full_name: str
    gender: str  # "m" or "f"
    birth_year: int
    id_number: str
    phone: str
    address: str

    @property
    def honorific(self) -> str:
        return "ông" if self.gender == "m" else "bà"


# --- Places -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A commune (or ward) where petitions come from, with what a sender writes about it."""

    code: str  # the unit's code in force today
    name: str
    unit_word: str  # "xã", "phường", "đặc khu"
    province: str
    region: str = "kinh"  # name pool key
    minority_share: float = 0.0  # share of senders from `region`'s pool (the rest Kinh)
    villages: tuple[str, ...] = ()
    river: str = ""
    # Before 1 July 2025: the code a sender's area had then, and how they wrote the address.
    old_code: str = ""
    old_label: str = ""
    id_prefix: str = "001"  # first three digits of ID numbers issued there (province of birth)
    boat_prefix: str = ""  # fishing boat registration prefix, coastal places only
    province_word: str = "tỉnh"  # "thành phố" for the centrally-run cities

    @property
    def label(self) -> str:
        return f"{self.unit_word} {self.name}"

    @property
    def province_full(self) -> str:
        return f"{self.province_word} {self.province}"

    @property
    def party_committee(self) -> str:
        word = "Thành ủy" if self.province_word == "thành phố" else "Tỉnh ủy"
        return f"{word} {self.province}"

    def area_code_on(self, day: dt.date) -> str:
        return self.old_code if day < REFORM_2025 and self.old_code else self.code

    def address_label_on(self, day: dt.date) -> str:
        if day < REFORM_2025 and self.old_label:
            return self.old_label
        return f"{self.label}, {self.province_full}"


_GENERIC_VILLAGES: tuple[str, ...] = (
    *(f"thôn {n}" for n in range(1, 13)),
    "thôn Đông",
    "thôn Tây",
    "thôn Trung",
    "thôn Tân Lập",
    "thôn Hòa Bình",
    "thôn Phú Thọ",
)
_WARD_VILLAGES = tuple(f"tổ dân phố {n}" for n in range(1, 21)) + tuple(
    f"khu phố {n}" for n in range(1, 10)
)

DEMO_PLACES: dict[str, Place] = {
    p.code: p
    for p in (
        # Quảng Trị (seed 003: the former huyện Đakrông).
        Place(
            "19564",
            "Đakrông",
            "xã",
            "Quảng Trị",
            "van_kieu",
            0.7,
            (
                "thôn A Vao",
                "thôn Ba Ngào",
                "thôn Tà Lang",
                "thôn Khe Ngài",
                "thôn Pa Tầng",
                "thôn Vùng Kho",
            ),
            "sông Đakrông",
            old_label="xã Đa Krông, huyện Đakrông, tỉnh Quảng Trị",
            id_prefix="045",
        ),
        Place(
            "19555",
            "Hướng Hiệp",
            "xã",
            "Quảng Trị",
            "van_kieu",
            0.5,
            ("thôn Khe Hiên", "thôn Phú Thiết", "thôn Hà Bạc", "thôn Xa Rúc", "thôn Ruộng"),
            "sông Đakrông",
            old_label="thị trấn Krông Klang, huyện Đakrông, tỉnh Quảng Trị",
            id_prefix="045",
        ),
        Place(
            "19567",
            "Ba Lòng",
            "xã",
            "Quảng Trị",
            "van_kieu",
            0.3,
            ("thôn Hà Xá", "thôn Văn Vận", "thôn Ba Lòng", "thôn Tân Hiệp", "thôn Đá Nổi"),
            "sông Thạch Hãn",
            old_label="xã Triệu Nguyên, huyện Đakrông, tỉnh Quảng Trị",
            id_prefix="045",
        ),
        Place(
            "19588",
            "Tà Rụt",
            "xã",
            "Quảng Trị",
            "van_kieu",
            0.9,
            ("thôn A Đeng", "thôn A Liêng", "thôn Vực Leng", "thôn Tân Đi 1", "thôn Tân Đi 3"),
            "suối A Đeng",
            old_label="xã Tà Rụt, huyện Đakrông, tỉnh Quảng Trị",
            id_prefix="045",
        ),
        Place(
            "19594",
            "La Lay",
            "xã",
            "Quảng Trị",
            "van_kieu",
            0.9,
            ("thôn A Ngo", "thôn La Lay", "thôn A Rông", "thôn Kỳ Nơi", "thôn Ra Ró"),
            "suối La Lay",
            old_label="xã A Ngo, huyện Đakrông, tỉnh Quảng Trị",
            id_prefix="045",
        ),
        Place(
            "19333",
            "Đông Hà",
            "phường",
            "Quảng Trị",
            villages=_WARD_VILLAGES,
            river="sông Hiếu",
            old_label="phường 1, thành phố Đông Hà, tỉnh Quảng Trị",
            id_prefix="045",
        ),
        # Lâm Đồng, including the former Bình Thuận (seed 001).
        Place(
            "22945",
            "Phan Thiết",
            "phường",
            "Lâm Đồng",
            villages=_WARD_VILLAGES,
            river="sông Cà Ty",
            old_label="phường Lạc Đạo, thành phố Phan Thiết, tỉnh Bình Thuận",
            id_prefix="060",
            boat_prefix="BTh",
        ),
        Place(
            "23149",
            "Tánh Linh",
            "xã",
            "Lâm Đồng",
            villages=("khu phố Lạc Hóa", "khu phố Lạc Thịnh", "thôn Lạc Tánh", "thôn 1", "thôn 3"),
            river="sông La Ngà",
            old_label="thị trấn Lạc Tánh, huyện Tánh Linh, tỉnh Bình Thuận",
            id_prefix="060",
        ),
        Place(
            "23236",
            "Hàm Tân",
            "xã",
            "Lâm Đồng",
            villages=("khu phố 1", "khu phố 2", "khu phố 4", "thôn Tân Nghĩa", "thôn Tân Hòa"),
            river="sông Dinh",
            old_label="thị trấn Tân Nghĩa, huyện Hàm Tân, tỉnh Bình Thuận",
            id_prefix="060",
        ),
        Place(
            "24781",
            "Xuân Hương - Đà Lạt",
            "phường",
            "Lâm Đồng",
            villages=(
                "tổ dân phố Bùi Thị Xuân",
                "tổ dân phố Hai Bà Trưng",
                "khu phố 3",
                "khu phố 5",
            ),
            river="suối Cam Ly",
            old_label="phường 2, thành phố Đà Lạt, tỉnh Lâm Đồng",
            id_prefix="068",
        ),
        # Seed communes of the former Bình Thuận reached only through province agencies.
        Place(
            "22972",
            "Phan Rí Cửa",
            "xã",
            "Lâm Đồng",
            villages=(
                "khu phố 6",
                "khu phố 10",
                "thôn Chí Công",
                "thôn Hòa Thuận",
                "thôn Thanh Lương",
            ),
            old_code="22996",
            old_label="xã Chí Công, huyện Tuy Phong, tỉnh Bình Thuận",
            id_prefix="060",
            boat_prefix="BTh",
        ),
        Place(
            "22978",
            "Tuy Phong",
            "xã",
            "Lâm Đồng",
            villages=("thôn Thông Thuận", "thôn Phong Phú", "thôn Phan Dũng", "thôn Tân Hòa"),
            old_code="22975",
            old_label="xã Phan Dũng, huyện Tuy Phong, tỉnh Bình Thuận",
            id_prefix="060",
        ),
        Place(
            "23005",
            "Bắc Bình",
            "xã",
            "Lâm Đồng",
            "cham",
            0.5,
            (
                "thôn Tịnh Mỹ",
                "thôn Bình Minh",
                "thôn Bình Thắng",
                "thôn Hòa Bình",
                "khu phố Lương Bắc",
            ),
            "sông Lũy",
            old_code="23035",
            old_label="xã Phan Hòa, huyện Bắc Bình, tỉnh Bình Thuận",
            id_prefix="060",
        ),
        Place(
            "23235",
            "La Gi",
            "phường",
            "Lâm Đồng",
            villages=("khu phố 3", "khu phố 5", "thôn Tân Bình", "thôn Tân Lý", "thôn Bình An"),
            old_code="23248",
            old_label="xã Tân Bình, thị xã La Gi, tỉnh Bình Thuận",
            id_prefix="060",
            boat_prefix="BTh",
        ),
        Place(
            "22981",
            "Vĩnh Hảo",
            "xã",
            "Lâm Đồng",
            villages=("thôn Vĩnh Sơn", "thôn Vĩnh Phúc", "thôn Vĩnh Tiến", "thôn Hang Cò"),
            old_code="22984",
            old_label="xã Vĩnh Tân, huyện Tuy Phong, tỉnh Bình Thuận",
            id_prefix="060",
        ),
        Place(
            "23008",
            "Phan Sơn",
            "xã",
            "Lâm Đồng",
            "cham",
            0.8,
            ("thôn Sông Mao", "thôn Bầu Sen", "thôn Sông Lũy", "thôn Đan Hòa", "thôn Rồng Đá"),
            "sông Lũy",
            old_label="xã Phan Sơn, huyện Bắc Bình, tỉnh Bình Thuận",
            id_prefix="060",
        ),
        Place(
            "22969",
            "Liên Hương",
            "xã",
            "Lâm Đồng",
            villages=("khu phố 2", "khu phố 11", "khu phố 13", "thôn Lạc Trị", "thôn Vĩnh Thủy"),
            old_label="thị trấn Liên Hương, huyện Tuy Phong, tỉnh Bình Thuận",
            id_prefix="060",
            boat_prefix="BTh",
        ),
        # Thái Nguyên: the former Bắc Kạn (seed 002).
        Place(
            "01843",
            "Bắc Kạn",
            "phường",
            "Thái Nguyên",
            "tay",
            0.4,
            ("tổ dân phố 2", "tổ dân phố 7", "tổ dân phố 9", "tổ dân phố Đức Xuân"),
            "sông Cầu",
            old_label="phường Phùng Chí Kiên, thành phố Bắc Kạn, tỉnh Bắc Kạn",
            id_prefix="006",
        ),
        Place(
            "02020",
            "Chợ Đồn",
            "xã",
            "Thái Nguyên",
            "tay",
            0.7,
            ("thôn Nà Pài", "thôn Khuổi Đeng", "thôn Bản Tàn", "tổ Bằng Lũng", "thôn Nà Bản"),
            "sông Năng",
            old_label="thị trấn Bằng Lũng, huyện Chợ Đồn, tỉnh Bắc Kạn",
            id_prefix="006",
        ),
        Place(
            "02014",
            "Bạch Thông",
            "xã",
            "Thái Nguyên",
            "tay",
            0.6,
            (
                "thôn Phiêng Luông",
                "thôn Cốc Pái",
                "thôn Nà Lẹng",
                "thôn Bản Cậu",
                "thôn Khuổi Chỏn",
            ),
            "sông Cầu",
            old_label="xã Dương Phong, huyện Bạch Thông, tỉnh Bắc Kạn",
            id_prefix="006",
        ),
        # Gia Lai, including the former Bình Định (seed 004).
        Place(
            "23575",
            "Pleiku",
            "phường",
            "Gia Lai",
            "jrai",
            0.25,
            ("tổ dân phố 3", "tổ dân phố 6", "làng Plei Ốp", "làng Ia Lang", "tổ dân phố 11"),
            "suối Ia Kring",
            old_label="phường Tây Sơn, thành phố Pleiku, tỉnh Gia Lai",
            id_prefix="064",
        ),
        Place(
            "21583",
            "Quy Nhơn",
            "phường",
            "Gia Lai",
            villages=("khu vực 1", "khu vực 4", "khu vực 7", "tổ 12", "tổ 24"),
            river="sông Hà Thanh",
            old_label="phường Thị Nại, thành phố Quy Nhơn, tỉnh Bình Định",
            id_prefix="052",
            boat_prefix="BĐ",
        ),
        Place(
            "23764",
            "Ia Grai",
            "xã",
            "Gia Lai",
            "jrai",
            0.7,
            ("làng Ia Kha", "làng Plei Ngol", "làng Dơ Lăng", "làng Bông Phun", "thôn 3"),
            "sông Ia Grai",
            old_label="thị trấn Ia Kha, huyện Ia Grai, tỉnh Gia Lai",
            id_prefix="064",
        ),
    )
}

# Where a province agency's petitions come from: its own communes and the seed places.
PROVINCE_PLACES: dict[str, tuple[str, ...]] = {
    "44": ("19564", "19555", "19567", "19588", "19594", "19333"),
    "68": (
        "22945",
        "23149",
        "23236",
        "24781",
        "22972",
        "22978",
        "23005",
        "23235",
        "22981",
        "23008",
        "22969",
    ),
    "19": ("01843", "02020", "02014"),
    "52": ("23575", "21583", "23764"),
}

PROVINCE_NAMES: dict[str, str] = {
    "44": "Quảng Trị",
    "68": "Lâm Đồng",
    "19": "Thái Nguyên",
    "52": "Gia Lai",
}


def generic_place(
    code: str,
    name: str,
    unit_word: str,
    province: str,
    *,
    ward: bool,
    province_word: str = "tỉnh",
    province_code: str = "",
) -> Place:
    """A place for any commune (the bulk generator): generic villages, Kinh names."""
    return Place(
        code=code,
        name=name,
        unit_word=unit_word,
        province=province,
        villages=_WARD_VILLAGES if ward else _GENERIC_VILLAGES,
        id_prefix=f"0{province_code}" if province_code.isdigit() else "001",
        province_word=province_word,
    )


# --- Scenarios --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    """One kind of matter citizens write about, with the phrases each kind of letter needs.

    Templates use `{slot}` placeholders filled by `Slots` (same value everywhere in one
    petition). `decision` makes a complaint possible, `misconduct` a denunciation.
    """

    key: str
    topic: str
    proposal: str  # "Kiến nghị ..." (after the verb)
    report: str  # "Phản ánh ..." (after the verb)
    facts: tuple[str, ...]
    requests: tuple[str, ...]
    decision: str = ""  # what the contested decision was about ("về việc ...")
    issuer: str = "Chủ tịch Ủy ban nhân dân {xa}"
    decision_kind: str = "QĐ-UBND"
    misconduct: str = ""  # "... có hành vi ..." in a denunciation
    accused_roles: tuple[str, ...] = ()
    secondary: tuple[str, ...] = ()
    places: tuple[str, ...] = ()  # seed issues: only in these place codes
    seed: bool = False
    weight: int = 10

    @property
    def kinds(self) -> tuple[str, ...]:
        kinds = ["proposal", "report"]
        if self.decision:
            kinds.append("complaint")
        if self.misconduct:
            kinds.append("denunciation")
        if self.decision:
            kinds.append("mixed")
        return tuple(kinds)


SCENARIOS: tuple[Scenario, ...] = (
    # -- The seed articles' issues (seed 001) ----------------------------------------------------
    Scenario(
        "cho_chi_cong",
        "kinh_te_do_thi",
        proposal="xem xét lại việc di dời chợ Chí Công và bố trí chỗ buôn bán cho tiểu thương",
        report="việc di dời chợ Chí Công gây khó khăn cho tiểu thương và người dân",
        facts=(
            "Chợ Chí Công là nơi buôn bán lâu đời của bà con {thon}, nhiều hộ sống nhờ sạp hàng ở đây hơn {nam_ban} năm nay.",
            "Theo phương án di dời, chợ mới nằm cách khu dân cư khoảng {so_km} km, đường vào nhỏ, chưa có bãi giữ xe nên người mua rất thưa thớt.",
            "Giá thuê ki-ốt tại chợ mới là {so_tien_nho}/tháng, cao gấp ba lần ở chợ cũ, trong khi nhiều tiểu thương đã bỏ tiền làm lại mái che, kệ hàng ở chợ cũ.",
            "Việc bốc thăm vị trí sạp không công khai, một số hộ mới đến lại được bố trí chỗ mặt tiền, còn hộ buôn bán lâu năm phải vào phía trong.",
            "Từ khi di dời, thu nhập của gia đình tôi giảm hơn một nửa, có tháng không đủ trả tiền thuê ki-ốt.",
            "Bà con đã nhiều lần kiến nghị qua Ban quản lý chợ và tại buổi tiếp xúc cử tri nhưng chưa được trả lời thỏa đáng.",
        ),
        requests=(
            "Đề nghị xem xét cho tiểu thương tiếp tục buôn bán tại chợ cũ trong thời gian hoàn thiện hạ tầng chợ mới.",
            "Đề nghị miễn, giảm tiền thuê ki-ốt trong năm đầu và công khai việc bố trí vị trí sạp hàng.",
            "Đề nghị hỗ trợ chi phí di dời cho các hộ tiểu thương theo quy định.",
        ),
        decision="di dời chợ Chí Công và bố trí lại vị trí kinh doanh cho các hộ tiểu thương",
        issuer="Ủy ban nhân dân huyện Tuy Phong",
        misconduct="thu tiền “giữ chỗ” ki-ốt tại chợ mới của nhiều hộ tiểu thương, mỗi hộ {so_tien_nho}, nhưng không viết biên lai",
        accused_roles=("Trưởng Ban quản lý chợ Chí Công", "Phó Trưởng Ban quản lý chợ"),
        places=("22972",),
        seed=True,
        weight=30,
    ),
    Scenario(
        "dong_muoi_thong_thuan",
        "tai_nguyen",
        proposal="giải quyết quyền lợi của diêm dân canh tác trên đồng muối Thông Thuận",
        report="những vướng mắc về đất sản xuất muối tại đồng muối Thông Thuận",
        facts=(
            "Gia đình tôi làm muối trên đồng muối Thông Thuận từ năm {nam_cu}, diện tích khoảng {dien_tich} m², có đóng góp thủy lợi phí đầy đủ.",
            "Nay diện tích này nằm trong dự án giao cho doanh nghiệp nhưng các hộ diêm dân chưa được thông báo rõ phương án bồi thường, hỗ trợ.",
            "Doanh nghiệp đã cho đắp bờ, ngăn đường nước vào ô nề khiến vụ muối năm nay của bà con gần như mất trắng.",
            "Giá muối xuống thấp, chỉ còn {gia_muoi} đồng/kg, nhiều hộ diêm dân đang nợ tiền vật tư, đời sống rất khó khăn.",
            "Khoảng {so_ho} hộ diêm dân trong thôn có cùng hoàn cảnh, bà con mong được đối thoại trực tiếp với lãnh đạo địa phương.",
        ),
        requests=(
            "Đề nghị tạm dừng việc san lấp đồng muối cho đến khi có phương án bồi thường, hỗ trợ được công khai.",
            "Đề nghị giao lại diện tích đồng muối cho các hộ diêm dân tiếp tục sản xuất hoặc hỗ trợ chuyển đổi nghề.",
            "Đề nghị tổ chức đối thoại với các hộ diêm dân đồng muối Thông Thuận.",
        ),
        decision="thu hồi đất sản xuất muối tại đồng muối Thông Thuận để giao cho doanh nghiệp thực hiện dự án",
        issuer="Ủy ban nhân dân huyện Tuy Phong",
        places=("22978", "22981"),
        seed=True,
        weight=30,
    ),
    Scenario(
        "khai_thac_khoang_san",
        "tai_nguyen",
        proposal="kiểm tra, xử lý dứt điểm tình trạng khai thác khoáng sản trái phép trên {song}",
        report="tình trạng khai thác cát, khoáng sản trái phép trên {song} đoạn qua {thon}",
        facts=(
            "Nhiều tháng nay, các ghe hút cát hoạt động ngày đêm trên {song}, nhất là từ 22 giờ đến 4 giờ sáng, tiếng máy nổ rất lớn.",
            "Bờ sông phía {thon} bị sạt lở nghiêm trọng, có chỗ ăn sâu vào đất sản xuất của các hộ dân hơn {met} mét.",
            "Xe tải chở cát chạy quá tải qua đường liên thôn làm đường hư hỏng, bụi mù mịt, nguy hiểm cho học sinh đi học.",
            "Người dân đã báo cho thôn và xã nhiều lần, lực lượng chức năng có ra kiểm tra nhưng sau đó các ghe lại hoạt động trở lại.",
            "Ngoài ra còn có điểm khai thác titan, đất đá trái phép ở khu vực đồi phía sau {thon}, gây bồi lấp ruộng và kênh mương.",
        ),
        requests=(
            "Đề nghị các cơ quan chức năng tổ chức kiểm tra đột xuất vào ban đêm và xử lý nghiêm các đối tượng khai thác trái phép.",
            "Đề nghị có biện pháp chống sạt lở bờ sông, bảo vệ đất sản xuất của người dân.",
            "Đề nghị làm rõ trách nhiệm của chính quyền địa phương để tình trạng này kéo dài.",
        ),
        misconduct="bao che cho các đối tượng khai thác cát trái phép trên {song}, mỗi lần có đoàn kiểm tra đều báo trước cho chủ ghe",
        accused_roles=(
            "Phó Chủ tịch Ủy ban nhân dân {xa}",
            "Trưởng Công an {xa}",
            "công chức địa chính – xây dựng {xa}",
        ),
        places=("23149", "23236", "02020", "02014", "19564", "23764"),
        seed=True,
        weight=30,
    ),
    Scenario(
        "no_luong",
        "lao_dong",
        proposal="can thiệp để {cong_ty} trả lương còn nợ và đóng bảo hiểm xã hội cho người lao động",
        report="việc {cong_ty} nợ lương, cắt giảm lao động không đúng quy định",
        facts=(
            "Tôi làm việc tại {cong_ty} từ năm {nam_lam}, theo hợp đồng lao động không xác định thời hạn.",
            "Từ tháng {thang_truoc}, công ty chậm trả lương; đến nay đã nợ {so_thang} tháng lương của khoảng {so_nguoi} công nhân, tổng số tiền khoảng {so_tien_lon}.",
            "Công ty vẫn trích tiền bảo hiểm xã hội từ lương hàng tháng nhưng không nộp cho cơ quan bảo hiểm, nên khi nghỉ việc chúng tôi không chốt được sổ để hưởng trợ cấp thất nghiệp.",
            "Đầu tháng {thang_gan}, công ty thông báo cắt giảm {so_nguoi_cat} lao động mà không báo trước, không trả trợ cấp mất việc làm.",
            "Nhiều gia đình công nhân đang rất khó khăn, có người phải vay nặng lãi để lo tiền học cho con.",
        ),
        requests=(
            "Đề nghị cơ quan quản lý nhà nước về lao động kiểm tra, buộc công ty trả đủ tiền lương còn nợ.",
            "Đề nghị buộc công ty đóng đủ bảo hiểm xã hội và chốt sổ cho người lao động.",
            "Đề nghị tổ chức đối thoại giữa công ty và người lao động có sự tham gia của công đoàn.",
        ),
        misconduct="chiếm dụng tiền bảo hiểm xã hội đã trích từ lương của người lao động suốt {so_thang} tháng",
        accused_roles=("Giám đốc {cong_ty}", "Kế toán trưởng {cong_ty}"),
        seed=True,
        weight=18,
    ),
    Scenario(
        "tram_y_te",
        "y_te",
        proposal="đầu tư sửa chữa, nâng cấp Trạm Y tế {xa}",
        report="Trạm Y tế {xa} xuống cấp, thiếu trang thiết bị và thuốc",
        facts=(
            "Trạm Y tế {xa} được xây dựng từ năm {nam_cu}, đến nay tường nứt, mái dột, mùa mưa nước tràn vào phòng khám.",
            "Trạm thiếu trang thiết bị tối thiểu, máy đo huyết áp và tủ lạnh bảo quản vắc-xin thường xuyên hỏng.",
            "Bà con ở {thon} cách trạm khoảng {so_km} km, đường đi lại khó khăn, khi ốm đau phải chuyển thẳng lên bệnh viện tuyến trên.",
            "Thuốc bảo hiểm y tế tại trạm thường xuyên thiếu, người bệnh phải tự mua ngoài.",
            "Trạm chỉ có bác sĩ làm việc vài ngày trong tuần, ban đêm không có người trực.",
        ),
        requests=(
            "Đề nghị bố trí kinh phí sửa chữa, nâng cấp Trạm Y tế trong năm nay.",
            "Đề nghị bổ sung trang thiết bị, thuốc thiết yếu và bố trí bác sĩ thường trực.",
        ),
        places=("23008", "22978", "19588", "19594", "23764", "02020"),
        seed=True,
        weight=25,
    ),
    Scenario(
        "thieu_nuoc_sinh_hoat",
        "nuoc_sinh_hoat",
        proposal="đầu tư công trình cấp nước sinh hoạt cho đồng bào dân tộc thiểu số ở {thon}",
        report="tình trạng thiếu nước sinh hoạt kéo dài của đồng bào ở {thon}",
        facts=(
            "Mùa khô năm nay, giếng đào của các hộ ở {thon} đều cạn, bà con phải mua nước chở bằng xe bồn với giá {gia_nuoc} đồng/m³.",
            "Công trình cấp nước tập trung của thôn bị hư hỏng từ {thang_truoc}, đường ống bị vỡ nhiều đoạn nhưng chưa được sửa.",
            "Khoảng {so_ho} hộ đồng bào dân tộc thiểu số, phần lớn là hộ nghèo, không có tiền mua nước sạch, phải dùng nước suối đục.",
            "Trẻ em trong thôn bị bệnh ngoài da, tiêu chảy nhiều hơn mọi năm.",
            "Người dân đã đề xuất tại cuộc họp thôn và kỳ tiếp xúc cử tri nhưng đến nay chưa có phương án khắc phục.",
        ),
        requests=(
            "Đề nghị sớm sửa chữa công trình cấp nước tập trung của thôn.",
            "Đề nghị hỗ trợ bồn chứa nước và chở nước sinh hoạt cho các hộ nghèo trong mùa khô.",
            "Đề nghị đưa công trình cấp nước của thôn vào kế hoạch đầu tư theo Chương trình mục tiêu quốc gia.",
        ),
        secondary=("dan_toc",),
        places=("23005", "23008", "19588", "19594", "23764", "19564"),
        seed=True,
        weight=25,
    ),
    Scenario(
        "bai_rac_tan_binh",
        "moi_truong",
        proposal="dừng việc đưa rác thải từ tỉnh khác về chôn lấp tại bãi rác Tân Bình",
        report="xe tải chở rác từ các tỉnh khác về chôn tại bãi rác Tân Bình gây ô nhiễm",
        facts=(
            "Hằng đêm có hàng chục lượt xe tải chở rác thải từ Đồng Nai, Bà Rịa – Vũng Tàu (cũ) về đổ tại bãi rác Tân Bình.",
            "Mùi hôi thối bốc lên nồng nặc, nhất là vào chiều tối và những ngày mưa, các hộ ở {thon} phải đóng kín cửa cả ngày.",
            "Nước rỉ rác chảy tràn ra ruộng và ngấm vào giếng nước của các hộ xung quanh, nước giếng có màu đen và mùi lạ.",
            "Xe chở rác không che chắn, rơi vãi dọc tuyến đường, ruồi nhặng rất nhiều.",
            "Bãi rác đã quá tải từ lâu nhưng vẫn tiếp tục nhận rác, không thấy xử lý theo đúng quy trình chôn lấp hợp vệ sinh.",
        ),
        requests=(
            "Đề nghị dừng ngay việc tiếp nhận rác thải từ ngoài tỉnh về bãi rác Tân Bình.",
            "Đề nghị quan trắc chất lượng nước ngầm, không khí quanh bãi rác và công khai kết quả cho người dân.",
            "Đề nghị có lộ trình đóng cửa bãi rác và hỗ trợ các hộ bị ảnh hưởng.",
        ),
        misconduct="cho xe rác từ tỉnh khác vào đổ tại bãi rác để thu tiền, không có hợp đồng và không nộp ngân sách",
        accused_roles=(
            "Giám đốc đơn vị vận hành bãi rác Tân Bình",
            "cán bộ quản lý bãi rác Tân Bình",
        ),
        places=("23235",),
        seed=True,
        weight=30,
    ),
    Scenario(
        "ham_chui_cao_toc",
        "xay_dung_ha_tang",
        proposal="sớm hoàn thiện hầm chui dân sinh và đường gom cao tốc qua {thon}",
        report="hầm chui dân sinh và đường gom cao tốc chưa hoàn thiện gây khó khăn cho người dân",
        facts=(
            "Hầm chui dân sinh tại {km} cao tốc {cao_toc} đã thông xe nhiều tháng nhưng đến nay chưa hoàn thiện, chưa có đèn chiếu sáng.",
            "Mỗi khi mưa lớn, nước ngập trong hầm sâu hơn nửa mét, xe máy và học sinh đi xe đạp không qua được.",
            "Đường gom hai bên cao tốc mới làm một đoạn, phần còn lại là đường đất, máy cày và xe chở nông sản không vào được ruộng.",
            "Người dân phải đi vòng khoảng {so_km} km để ra đồng và đưa con đi học.",
            "Mương thoát nước dọc cao tốc bị lấp, nước dồn vào ruộng làm ngập úng khoảng {dien_tich} m² lúa của các hộ.",
        ),
        requests=(
            "Đề nghị chủ đầu tư sớm hoàn thiện hầm chui, lắp đặt hệ thống thoát nước và chiếu sáng.",
            "Đề nghị làm tiếp đường gom, trả lại mương thoát nước cho đồng ruộng.",
            "Đề nghị xem xét hỗ trợ thiệt hại mùa màng cho các hộ bị ngập úng.",
        ),
        places=("23236", "22945", "23005", "23149"),
        seed=True,
        weight=25,
    ),
    Scenario(
        "ho_tro_ngu_dan",
        "an_sinh",
        proposal="chi trả kinh phí hỗ trợ ngư dân theo Quyết định 48/2010/QĐ-TTg",
        report="việc chậm chi trả kinh phí hỗ trợ ngư dân theo Quyết định 48/2010/QĐ-TTg",
        facts=(
            "Tôi là chủ tàu cá số hiệu {so_tau}, công suất {cong_suat} CV, khai thác hải sản ở vùng biển xa.",
            "Theo Quyết định 48/2010/QĐ-TTg ngày 13/7/2010 của Thủ tướng Chính phủ, tàu của tôi thuộc diện được hỗ trợ chi phí nhiên liệu cho các chuyến biển.",
            "Gia đình tôi đã nộp đầy đủ hồ sơ, nhật ký khai thác và xác nhận của Đồn Biên phòng cho {so_chuyen} chuyến biển từ năm {nam_bien}.",
            "Đến nay đã nhiều năm nhưng tôi vẫn chưa nhận được khoản hỗ trợ khoảng {so_tien}, trong khi một số tàu khác cùng đợt đã được chi trả.",
            "Tôi đã nhiều lần hỏi tại xã và Phòng chuyên môn nhưng chỉ được trả lời là đang chờ kinh phí.",
        ),
        requests=(
            "Đề nghị rà soát hồ sơ và chi trả kinh phí hỗ trợ còn nợ cho các chủ tàu.",
            "Đề nghị công khai danh sách các tàu đã được và chưa được chi trả.",
        ),
        decision="không phê duyệt hồ sơ đề nghị hỗ trợ chi phí nhiên liệu theo Quyết định 48/2010/QĐ-TTg",
        issuer="Ủy ban nhân dân {tinh_day_du}",
        decision_kind="QĐ-UBND",
        places=("22972", "22969", "23235", "22945", "21583"),
        seed=True,
        weight=30,
    ),
    Scenario(
        "tro_xi_hang_co",
        "moi_truong",
        proposal="dừng xây dựng công trình tạm Nhà máy phân tách tro xỉ tại Hang Cò",
        report="việc xây dựng công trình tạm Nhà máy phân tách tro xỉ tại Hang Cò",
        facts=(
            "Tại khu vực Hang Cò, một doanh nghiệp đang xây dựng công trình tạm để làm nhà máy phân tách tro xỉ từ các nhà máy nhiệt điện.",
            "Người dân không được lấy ý kiến, không biết công trình đã có giấy phép và đánh giá tác động môi trường hay chưa.",
            "Bụi tro xỉ bay vào nhà dân và vùng nuôi trồng thủy sản ven biển, bà con rất lo ngại ảnh hưởng sức khỏe.",
        ),
        requests=(
            "Đề nghị kiểm tra tính pháp lý của công trình và công khai cho người dân biết.",
            "Đề nghị tạm dừng thi công cho đến khi có đủ hồ sơ môi trường theo quy định.",
        ),
        places=("22981", "22978"),
        seed=True,
        weight=20,
    ),
    # -- Land --------------------------------------------------------------------------------
    Scenario(
        "boi_thuong_gpmb",
        "dat_dai",
        proposal="xem xét lại đơn giá bồi thường và bố trí tái định cư khi thu hồi đất làm {du_an}",
        report="những bất cập trong bồi thường, giải phóng mặt bằng dự án {du_an}",
        facts=(
            "Gia đình tôi bị thu hồi {dien_tich} m² đất trồng cây lâu năm tại thửa đất số {thua}, tờ bản đồ số {to_bd} để thực hiện dự án {du_an}.",
            "Đơn giá bồi thường chỉ {don_gia} đồng/m², thấp hơn nhiều so với giá chuyển nhượng thực tế tại địa phương.",
            "Cây trồng, vật kiến trúc trên đất chưa được kiểm đếm đầy đủ: {cay_trong} không có trong biên bản kiểm đếm.",
            "Gia đình tôi đã bàn giao mặt bằng từ tháng {thang_truoc} nhưng đến nay vẫn chưa được bố trí đất tái định cư, phải đi thuê nhà ở tạm.",
            "Các hộ liền kề có cùng vị trí đất lại được áp giá bồi thường cao hơn, gia đình tôi không hiểu vì sao.",
        ),
        requests=(
            "Đề nghị xem xét lại đơn giá bồi thường cho phù hợp với giá đất thực tế.",
            "Đề nghị kiểm đếm lại tài sản trên đất và bồi thường bổ sung phần còn thiếu.",
            "Đề nghị sớm bố trí đất tái định cư cho gia đình tôi.",
        ),
        decision="phê duyệt phương án bồi thường, hỗ trợ và tái định cư khi Nhà nước thu hồi đất thực hiện dự án {du_an}",
        issuer="Ủy ban nhân dân {xa}",
        misconduct="lập hồ sơ bồi thường khống cho một số hộ không có đất bị thu hồi, nâng khống diện tích cây trồng",
        accused_roles=(
            "cán bộ Trung tâm Phát triển quỹ đất",
            "công chức địa chính – xây dựng {xa}",
        ),
        weight=60,
    ),
    Scenario(
        "tranh_chap_dat",
        "dat_dai",
        proposal="giải quyết dứt điểm tranh chấp ranh giới thửa đất số {thua}, tờ bản đồ số {to_bd} tại {thon}",
        report="việc hộ liền kề xây tường rào lấn sang thửa đất số {thua} tại {thon}",
        facts=(
            "Gia đình tôi sử dụng ổn định thửa đất số {thua}, tờ bản đồ số {to_bd} từ năm {nam_cu}, có Giấy chứng nhận quyền sử dụng đất và đóng thuế đầy đủ.",
            "Tháng {thang_truoc}, hộ liền kề tự ý xây tường rào lấn sang đất nhà tôi khoảng {met} mét, chiều dài hơn {met_dai} mét.",
            "Thôn đã hòa giải hai lần nhưng không thành, biên bản hòa giải đã gửi lên xã.",
            "Khi đo đạc lại, cán bộ địa chính xác định ranh giới chưa rõ ràng, đến nay vụ việc vẫn chưa được giải quyết.",
        ),
        requests=(
            "Đề nghị đo đạc, xác định lại ranh giới thửa đất theo hồ sơ địa chính.",
            "Đề nghị buộc hộ liền kề tháo dỡ phần tường rào xây lấn.",
        ),
        decision="giải quyết tranh chấp ranh giới thửa đất số {thua}, tờ bản đồ số {to_bd} tại {thon}",
        issuer="Chủ tịch Ủy ban nhân dân {xa}",
        weight=45,
    ),
    Scenario(
        "cap_giay_chung_nhan",
        "dat_dai",
        proposal="cấp Giấy chứng nhận quyền sử dụng đất cho thửa đất số {thua}, tờ bản đồ số {to_bd}",
        report="việc chậm cấp Giấy chứng nhận quyền sử dụng đất",
        facts=(
            "Tôi nộp hồ sơ đề nghị cấp Giấy chứng nhận quyền sử dụng đất cho thửa đất {dien_tich} m² tại {thon} từ ngày {ngay_nop}.",
            "Đến nay đã quá thời hạn giải quyết nhiều tháng, tôi đi hỏi nhiều lần nhưng chỉ được hẹn lại.",
            "Đất do gia đình tôi khai hoang, sử dụng ổn định từ trước năm 1993, không tranh chấp, đã được thôn xác nhận.",
            "Hồ sơ bị trả lại ba lần, mỗi lần yêu cầu bổ sung một loại giấy tờ khác nhau.",
        ),
        requests=(
            "Đề nghị xem xét, cấp Giấy chứng nhận quyền sử dụng đất cho gia đình tôi theo quy định.",
            "Đề nghị trả lời bằng văn bản lý do chậm giải quyết hồ sơ.",
        ),
        decision="từ chối cấp Giấy chứng nhận quyền sử dụng đất đối với thửa đất số {thua}, tờ bản đồ số {to_bd}",
        issuer="Ủy ban nhân dân {xa}",
        misconduct="yêu cầu người dân nộp thêm tiền “bồi dưỡng” {so_tien_nho} mới giải quyết hồ sơ cấp giấy chứng nhận",
        accused_roles=(
            "công chức địa chính – xây dựng {xa}",
            "viên chức Văn phòng Đăng ký đất đai",
        ),
        weight=40,
    ),
    Scenario(
        "lan_chiem_dat_cong",
        "dat_dai",
        proposal="thu hồi phần đất công bị lấn chiếm tại {thon}",
        report="việc lấn chiếm, san lấp đất công tại {thon}",
        facts=(
            "Khu đất công khoảng {dien_tich} m² cạnh nhà văn hóa {thon} bị một hộ dân rào lại, san lấp để làm nhà xưởng.",
            "Thôn đã báo cáo lên xã từ tháng {thang_truoc} nhưng công trình vẫn tiếp tục xây dựng.",
            "Khu đất này trước đây bà con dùng làm sân phơi và nơi sinh hoạt chung của thôn.",
        ),
        requests=("Đề nghị kiểm tra, xử lý việc lấn chiếm và trả lại đất công cho thôn.",),
        misconduct="làm ngơ cho việc lấn chiếm đất công, có dấu hiệu nhận tiền của người lấn chiếm",
        accused_roles=("{truong_thon}", "công chức địa chính – xây dựng {xa}"),
        weight=20,
    ),
    # -- Environment -------------------------------------------------------------------------
    Scenario(
        "o_nhiem_chan_nuoi",
        "moi_truong",
        proposal="buộc trại chăn nuôi tại {thon} xử lý chất thải, di dời ra xa khu dân cư",
        report="trại chăn nuôi heo gây ô nhiễm môi trường tại {thon}",
        facts=(
            "Trại chăn nuôi heo quy mô khoảng {so_con} con nằm sát khu dân cư {thon}, cách nhà dân chưa đến 200 mét.",
            "Nước thải chưa qua xử lý được xả thẳng ra mương thủy lợi, chảy xuống ruộng lúa của bà con.",
            "Mùi hôi bốc lên nồng nặc, ruồi muỗi nhiều, nhất là những ngày nắng nóng.",
            "Người dân đã phản ánh nhiều lần, trại có làm hầm biogas nhưng không đủ công suất.",
        ),
        requests=(
            "Đề nghị kiểm tra, xử phạt và buộc trại chăn nuôi xử lý nước thải đạt chuẩn.",
            "Đề nghị xem xét di dời trại chăn nuôi ra khỏi khu dân cư.",
        ),
        weight=25,
    ),
    Scenario(
        "tieng_on_xuong",
        "moi_truong",
        proposal="yêu cầu cơ sở sản xuất tại {thon} không hoạt động vào ban đêm",
        report="cơ sở cưa xẻ gỗ hoạt động gây tiếng ồn, bụi tại {thon}",
        facts=(
            "Cơ sở cưa xẻ gỗ của hộ kinh doanh ở {thon} hoạt động từ 5 giờ sáng đến 22 giờ, tiếng máy cưa rất lớn.",
            "Mùn cưa và bụi gỗ bay sang các nhà lân cận, người già và trẻ nhỏ bị ho kéo dài.",
            "Xe chở gỗ đậu chiếm lòng đường, gây mất an toàn giao thông.",
        ),
        requests=("Đề nghị kiểm tra giấy phép và yêu cầu cơ sở có biện pháp giảm tiếng ồn, bụi.",),
        weight=15,
    ),
    # -- Natural resources -------------------------------------------------------------------
    Scenario(
        "pha_rung",
        "tai_nguyen",
        proposal="tăng cường bảo vệ rừng phòng hộ đầu nguồn tại {xa}",
        report="tình trạng chặt phá rừng phòng hộ tại khu vực giáp {thon}",
        facts=(
            "Khu rừng phòng hộ phía trên {thon} liên tục bị chặt phá, có những cây gỗ lớn đường kính hơn {duong_kinh} cm.",
            "Gỗ được đưa ra ngoài bằng xe công nông vào ban đêm theo đường mòn qua rẫy.",
            "Sau khi rừng bị phá, mùa mưa vừa qua đất đá sạt xuống làm hỏng đường và ruộng của bà con.",
        ),
        requests=(
            "Đề nghị kiểm lâm và chính quyền kiểm tra, truy tìm và xử lý người chặt phá rừng.",
        ),
        misconduct="cấu kết với các đối tượng khai thác gỗ trái phép trong rừng phòng hộ",
        accused_roles=("cán bộ kiểm lâm địa bàn {xa}", "{truong_thon}"),
        weight=15,
    ),
    # -- Construction, roads, power ----------------------------------------------------------
    Scenario(
        "duong_xuong_cap",
        "xay_dung_ha_tang",
        proposal="sửa chữa tuyến đường liên thôn qua {thon}",
        report="tuyến đường liên thôn qua {thon} xuống cấp nghiêm trọng",
        facts=(
            "Tuyến đường liên thôn dài khoảng {so_km} km qua {thon} được làm từ năm {nam_cu}, nay bong tróc, nhiều ổ gà lớn.",
            "Mùa mưa đường lầy lội, xe cứu thương không vào được, học sinh phải lội bùn đi học.",
            "Cống thoát nước giữa đường bị sập từ tháng {thang_truoc}, đã có người đi xe máy bị ngã.",
        ),
        requests=(
            "Đề nghị bố trí kinh phí sửa chữa tuyến đường trong năm nay.",
            "Đề nghị trước mắt đặt biển cảnh báo và sửa tạm cống bị sập.",
        ),
        weight=30,
    ),
    Scenario(
        "cong_trinh_do_dang",
        "xay_dung_ha_tang",
        proposal="đẩy nhanh tiến độ công trình {cong_trinh}",
        report="công trình {cong_trinh} thi công chậm, chất lượng kém",
        facts=(
            "Công trình {cong_trinh} khởi công từ năm {nam_gan} nhưng đến nay vẫn dở dang, nhà thầu bỏ công trường nhiều tháng.",
            "Phần đã làm xong có dấu hiệu nứt, bê tông bong tróc dù chưa bàn giao.",
            "Bảng thông tin công trình không ghi rõ tổng mức đầu tư và thời gian hoàn thành.",
        ),
        requests=(
            "Đề nghị kiểm tra chất lượng công trình và yêu cầu nhà thầu hoàn thành đúng hợp đồng.",
            "Đề nghị công khai thông tin dự án để Ban giám sát đầu tư của cộng đồng theo dõi.",
        ),
        misconduct="ký nghiệm thu khống khối lượng công trình {cong_trinh} để thanh toán cho nhà thầu",
        accused_roles=("Phó Chủ tịch Ủy ban nhân dân {xa}", "cán bộ Ban quản lý dự án"),
        weight=20,
    ),
    Scenario(
        "xay_dung_khong_phep",
        "xay_dung_ha_tang",
        proposal="xem xét lại việc xử phạt và buộc tháo dỡ công trình nhà ở tại {thon}",
        report="việc xử lý công trình sửa chữa nhà ở tại {thon} chưa thỏa đáng",
        facts=(
            "Gia đình tôi sửa chữa, nâng nền nhà ở trên đất của mình do nhà cũ bị ngập nước mỗi mùa mưa.",
            "Đoàn kiểm tra lập biên bản cho rằng công trình xây dựng không phép và buộc tháo dỡ phần mái che phía trước.",
            "Nhiều hộ trong cùng khu phố xây dựng tương tự nhưng không bị xử lý.",
        ),
        requests=(
            "Đề nghị xem xét lại quyết định xử phạt, cho gia đình tôi được hoàn thiện thủ tục cấp phép.",
        ),
        decision="xử phạt vi phạm hành chính và buộc tháo dỡ công trình xây dựng không phép",
        issuer="Chủ tịch Ủy ban nhân dân {xa}",
        decision_kind="QĐ-XPHC",
        weight=20,
    ),
    Scenario(
        "dien_sinh_hoat",
        "nuoc_sinh_hoat",
        proposal="kéo điện lưới quốc gia và nâng cấp đường dây điện cho {thon}",
        report="điện sinh hoạt tại {thon} chập chờn, điện áp yếu",
        facts=(
            "{thon} có {so_ho} hộ nhưng chỉ dùng chung một trạm biến áp nhỏ, buổi tối điện yếu không bật được quạt.",
            "Mất điện xảy ra nhiều lần trong tuần, không có thông báo trước, thiết bị điện trong nhà bị hỏng.",
            "Một số hộ ở cuối thôn vẫn phải kéo điện câu nhờ qua dây dài hàng trăm mét, rất nguy hiểm.",
        ),
        requests=(
            "Đề nghị ngành điện nâng cấp trạm biến áp và đường dây cho thôn.",
            "Đề nghị lắp công tơ riêng cho các hộ đang phải câu điện nhờ.",
        ),
        weight=20,
    ),
    Scenario(
        "nuoc_may",
        "nuoc_sinh_hoat",
        proposal="kiểm tra chất lượng nước máy cung cấp cho khu dân cư",
        report="nước máy sinh hoạt có màu vàng, mùi lạ",
        facts=(
            "Từ tháng {thang_truoc}, nước máy ở {thon} thường có màu vàng đục và mùi clo nặng.",
            "Tiền nước vẫn thu đủ hằng tháng, có tháng hóa đơn tăng bất thường dù gia đình sử dụng như cũ.",
        ),
        requests=("Đề nghị đơn vị cấp nước kiểm tra, công bố kết quả xét nghiệm chất lượng nước.",),
        weight=12,
    ),
    # -- Labour --------------------------------------------------------------------------------
    Scenario(
        "tai_nan_lao_dong",
        "lao_dong",
        proposal="giải quyết chế độ tai nạn lao động cho người lao động",
        report="việc doanh nghiệp né tránh trách nhiệm khi người lao động bị tai nạn",
        facts=(
            "Chồng tôi làm thợ phụ hồ cho {cong_ty}, bị ngã từ giàn giáo trong lúc làm việc và phải điều trị dài ngày.",
            "Công ty chỉ hỗ trợ một phần viện phí rồi không liên lạc nữa, không lập biên bản tai nạn lao động.",
            "Gia đình tôi mất nguồn thu nhập chính, còn hai con nhỏ đang đi học.",
        ),
        requests=(
            "Đề nghị cơ quan chức năng yêu cầu công ty lập hồ sơ tai nạn lao động và bồi thường theo quy định.",
        ),
        weight=10,
    ),
    # -- Social policies -----------------------------------------------------------------------
    Scenario(
        "ho_ngheo",
        "an_sinh",
        proposal="xem xét lại kết quả bình xét hộ nghèo, hộ cận nghèo tại {thon}",
        report="việc bình xét hộ nghèo tại {thon} không công khai, thiếu công bằng",
        facts=(
            "Gia đình tôi có {so_nguoi_nha} người, chồng bị bệnh nặng không lao động được, thu nhập chỉ dựa vào mấy sào ruộng.",
            "Trong đợt rà soát hộ nghèo năm {nam_gan}, gia đình tôi bị đưa ra khỏi danh sách mà không được thông báo lý do.",
            "Một số hộ có nhà kiên cố, có xe ô tô lại vẫn có tên trong danh sách hộ cận nghèo.",
            "Cuộc họp bình xét ở thôn chỉ có ít người dự, kết quả không được niêm yết công khai.",
        ),
        requests=(
            "Đề nghị rà soát lại, công khai danh sách hộ nghèo, hộ cận nghèo của thôn.",
            "Đề nghị xem xét đưa gia đình tôi vào diện hộ nghèo để được hưởng chính sách.",
        ),
        decision="phê duyệt danh sách hộ nghèo, hộ cận nghèo năm {nam_gan}",
        issuer="Chủ tịch Ủy ban nhân dân {xa}",
        misconduct="đưa người thân vào danh sách hộ cận nghèo để hưởng chính sách dù không đủ điều kiện",
        accused_roles=("{truong_thon}", "công chức văn hóa – xã hội {xa}"),
        weight=30,
    ),
    Scenario(
        "nguoi_co_cong",
        "an_sinh",
        proposal="giải quyết chế độ chính sách cho người có công với cách mạng",
        report="việc chậm giải quyết hồ sơ hưởng chế độ người có công",
        facts=(
            "Cha tôi tham gia kháng chiến, bị nhiễm chất độc hóa học, đã nộp hồ sơ đề nghị hưởng chế độ từ năm {nam_gan}.",
            "Hồ sơ đã có đủ giấy tờ xác nhận của đơn vị cũ và Hội Cựu chiến binh nhưng đến nay vẫn chưa được giải quyết.",
            "Cha tôi năm nay đã ngoài 75 tuổi, sức khỏe yếu, gia đình mong được xem xét sớm.",
        ),
        requests=("Đề nghị xem xét, giải quyết chế độ cho cha tôi theo quy định.",),
        decision="không công nhận đối tượng hưởng chế độ người hoạt động kháng chiến bị nhiễm chất độc hóa học",
        issuer="Giám đốc Sở Nội vụ {tinh_day_du}",
        decision_kind="QĐ-SNV",
        weight=15,
    ),
    Scenario(
        "ho_tro_thien_tai",
        "an_sinh",
        proposal="hỗ trợ thiệt hại do mưa lũ cho các hộ dân {thon}",
        report="việc chia tiền hỗ trợ thiệt hại do mưa lũ không đúng đối tượng",
        facts=(
            "Đợt mưa lũ tháng {thang_truoc} làm sập chuồng trại, cuốn trôi {so_con_gia_suc} con gia súc và làm hư hỏng nhà của nhiều hộ ở {thon}.",
            "Danh sách hỗ trợ thiệt hại do thôn lập có nhiều hộ không bị thiệt hại, trong khi gia đình tôi bị sập bếp lại không có tên.",
            "Tiền hỗ trợ được chia bình quân cho các hộ, không căn cứ vào mức độ thiệt hại thực tế.",
        ),
        requests=(
            "Đề nghị kiểm tra lại danh sách hỗ trợ và công khai mức hỗ trợ từng hộ.",
            "Đề nghị hỗ trợ gia đình tôi sửa chữa nhà ở trước mùa mưa bão.",
        ),
        misconduct="lập danh sách khống để nhận tiền hỗ trợ thiệt hại do mưa lũ",
        accused_roles=("{truong_thon}", "cán bộ Hội Chữ thập đỏ {xa}"),
        weight=20,
    ),
    # -- Health, education ---------------------------------------------------------------------
    Scenario(
        "bao_hiem_y_te",
        "y_te",
        proposal="cấp lại thẻ bảo hiểm y tế cho các hộ thuộc diện được Nhà nước hỗ trợ",
        report="việc người dân chưa được cấp thẻ bảo hiểm y tế dù thuộc diện hỗ trợ",
        facts=(
            "Gia đình tôi thuộc diện hộ cận nghèo nhưng thẻ bảo hiểm y tế năm nay chưa được cấp.",
            "Khi đi khám bệnh tại bệnh viện, tôi phải tự chi trả toàn bộ chi phí khoảng {so_tien_nho}.",
        ),
        requests=(
            "Đề nghị cấp thẻ bảo hiểm y tế và thanh toán lại chi phí khám chữa bệnh theo quy định.",
        ),
        weight=12,
    ),
    Scenario(
        "thai_do_y_te",
        "y_te",
        proposal="chấn chỉnh thái độ phục vụ người bệnh tại cơ sở y tế",
        report="thái độ thiếu chuẩn mực của nhân viên y tế khi tiếp đón người bệnh",
        facts=(
            "Ngày {ngay_truoc}, tôi đưa con nhỏ bị sốt cao đến khám nhưng phải chờ hơn hai giờ mà không được hướng dẫn.",
            "Khi tôi hỏi thì nhân viên trả lời cộc cằn, còn gợi ý nếu muốn khám nhanh thì “gửi thêm” tiền.",
        ),
        requests=("Đề nghị kiểm tra, chấn chỉnh thái độ phục vụ của nhân viên y tế.",),
        misconduct="gợi ý người bệnh đưa tiền ngoài để được khám trước",
        accused_roles=("nhân viên Trạm Y tế {xa}",),
        weight=10,
    ),
    Scenario(
        "truong_hoc",
        "giao_duc",
        proposal="sửa chữa phòng học và xây dựng nhà vệ sinh cho điểm trường {thon}",
        report="phòng học tại điểm trường {thon} xuống cấp, không an toàn",
        facts=(
            "Điểm trường mầm non và tiểu học ở {thon} có {so_phong} phòng học xây từ năm {nam_cu}, tường nứt, trần nhà bong vữa.",
            "Điểm trường chưa có nhà vệ sinh đạt chuẩn và nước sạch cho học sinh.",
            "Mùa mưa, sân trường ngập nước, các cháu phải nghỉ học nhiều ngày.",
        ),
        requests=(
            "Đề nghị bố trí kinh phí sửa chữa phòng học và xây nhà vệ sinh cho điểm trường.",
        ),
        weight=18,
    ),
    Scenario(
        "lam_thu",
        "giao_duc",
        proposal="rà soát các khoản thu đầu năm học tại trường",
        report="nhà trường thu nhiều khoản ngoài quy định đầu năm học",
        facts=(
            "Đầu năm học, phụ huynh được yêu cầu nộp {so_khoan} khoản thu, tổng cộng khoảng {so_tien_nho} mỗi học sinh.",
            "Nhiều khoản như tiền “xã hội hóa” mua máy chiếu, tiền trang trí lớp được ghi là tự nguyện nhưng thực tế bắt buộc.",
            "Phụ huynh không được họp bàn trước, không có biên lai cho một số khoản.",
        ),
        requests=(
            "Đề nghị kiểm tra các khoản thu, trả lại các khoản thu sai quy định cho phụ huynh.",
        ),
        misconduct="chỉ đạo thu các khoản ngoài quy định của phụ huynh học sinh và không công khai việc chi tiêu",
        accused_roles=("Hiệu trưởng Trường Tiểu học {xa}", "Hiệu trưởng Trường THCS {xa}"),
        weight=15,
    ),
    # -- Ethnic minorities, religion -----------------------------------------------------------
    Scenario(
        "chinh_sach_dan_toc",
        "dan_toc",
        proposal="hỗ trợ đất ở, đất sản xuất và nhà ở cho hộ đồng bào dân tộc thiểu số nghèo",
        report="việc chậm triển khai chính sách hỗ trợ đồng bào dân tộc thiểu số tại {thon}",
        facts=(
            "Gia đình tôi là hộ đồng bào dân tộc thiểu số nghèo, không có đất sản xuất, phải đi làm thuê theo mùa vụ.",
            "Năm {nam_gan}, thôn đã lập danh sách đề nghị hỗ trợ đất sản xuất theo Chương trình mục tiêu quốc gia phát triển kinh tế – xã hội vùng đồng bào dân tộc thiểu số và miền núi, nhưng đến nay chưa được hỗ trợ.",
            "Nhà ở của gia đình tôi là nhà tạm bằng tre nứa, mùa mưa bị dột nặng.",
        ),
        requests=(
            "Đề nghị xem xét hỗ trợ đất sản xuất hoặc chuyển đổi nghề cho gia đình tôi.",
            "Đề nghị hỗ trợ làm nhà ở theo chương trình của Nhà nước.",
        ),
        weight=15,
    ),
    Scenario(
        "co_so_ton_giao",
        "ton_giao",
        proposal="xem xét cho phép sửa chữa cơ sở thờ tự của giáo họ, chi hội tại {thon}",
        report="những vướng mắc trong thủ tục sửa chữa cơ sở thờ tự tại {thon}",
        facts=(
            "Cơ sở thờ tự tại {thon} được xây dựng đã lâu, mái ngói hư hỏng nặng sau mùa mưa bão vừa qua.",
            "Ban đại diện đã nộp hồ sơ xin sửa chữa từ tháng {thang_truoc} nhưng chưa nhận được văn bản trả lời.",
            "Ngoài ra còn vướng mắc về ranh giới đất giữa cơ sở thờ tự và hộ dân liền kề cần được xác định rõ.",
        ),
        requests=("Đề nghị hướng dẫn thủ tục và sớm trả lời hồ sơ sửa chữa cơ sở thờ tự.",),
        secondary=("dat_dai",),
        weight=8,
    ),
    # -- Public order ----------------------------------------------------------------------------
    Scenario(
        "dua_xe",
        "an_ninh_trat_tu",
        proposal="tăng cường tuần tra, xử lý tình trạng tụ tập đua xe ban đêm",
        report="tình trạng thanh thiếu niên tụ tập đua xe, gây mất trật tự vào ban đêm",
        facts=(
            "Nhiều đêm cuối tuần, các nhóm thanh thiếu niên tụ tập đua xe máy trên tuyến đường qua {thon} từ 23 giờ đến 2 giờ sáng.",
            "Tiếng nẹt pô, la hét làm người dân mất ngủ, đã xảy ra va chạm làm một người đi đường bị thương.",
            "Người dân đã gọi điện báo nhưng khi lực lượng đến thì các nhóm đã giải tán.",
        ),
        requests=("Đề nghị công an tăng cường tuần tra vào ban đêm, xử lý nghiêm các đối tượng.",),
        weight=15,
    ),
    Scenario(
        "tin_dung_den",
        "an_ninh_trat_tu",
        proposal="điều tra, xử lý hoạt động cho vay nặng lãi trên địa bàn",
        report="hoạt động cho vay nặng lãi, đòi nợ bằng cách khủng bố tinh thần",
        facts=(
            "Trên địa bàn xuất hiện nhóm người lạ cho vay tiền với lãi suất rất cao, phát tờ rơi khắp các cột điện.",
            "Một số hộ vay {so_tien_nho} nhưng sau vài tháng số nợ tăng gấp nhiều lần.",
            "Khi người vay chậm trả, nhóm này đến ném chất bẩn vào nhà, đe dọa người thân.",
        ),
        requests=("Đề nghị công an điều tra, xử lý nghiêm hoạt động cho vay nặng lãi.",),
        weight=12,
    ),
    Scenario(
        "danh_bac",
        "an_ninh_trat_tu",
        proposal="triệt xóa tụ điểm đánh bạc tại {thon}",
        report="tụ điểm đánh bạc hoạt động công khai tại {thon}",
        facts=(
            "Tại một nhà dân ở {thon} thường xuyên có người tụ tập đánh bạc, nhiều người ở nơi khác đến.",
            "Tụ điểm này hoạt động nhiều tháng nay, có cả thanh niên và người nợ nần bỏ bê công việc.",
        ),
        requests=("Đề nghị kiểm tra, triệt xóa tụ điểm đánh bạc.",),
        misconduct="bao che cho tụ điểm đánh bạc, nhận tiền “bảo kê” hằng tháng",
        accused_roles=("Phó Trưởng Công an {xa}", "thành viên Tổ bảo vệ an ninh, trật tự ở {thon}"),
        weight=10,
    ),
    # -- Officials' conduct, corruption ----------------------------------------------------------
    Scenario(
        "thai_do_can_bo",
        "can_bo",
        proposal="chấn chỉnh thái độ, tác phong làm việc của cán bộ khi tiếp dân",
        report="thái độ hách dịch, gây khó khăn của cán bộ khi giải quyết công việc cho dân",
        facts=(
            "Ngày {ngay_truoc}, tôi đến Ủy ban nhân dân {xa} để hỏi về hồ sơ của gia đình nhưng cán bộ tiếp nhận không trả lời, còn nói năng thiếu tôn trọng.",
            "Tôi phải đi lại nhiều lần, mỗi lần được hẹn một ngày khác nhưng không có giấy hẹn.",
            "Nhiều người dân khác trong thôn cũng gặp tình trạng tương tự.",
        ),
        requests=(
            "Đề nghị kiểm tra, chấn chỉnh thái độ làm việc của cán bộ.",
            "Đề nghị có lời xin lỗi người dân theo quy định về văn hóa công vụ.",
        ),
        misconduct="sách nhiễu, gây khó khăn cho người dân khi giải quyết hồ sơ để đòi tiền",
        accused_roles=("công chức Văn phòng – Thống kê {xa}", "công chức tư pháp – hộ tịch {xa}"),
        weight=25,
    ),
    Scenario(
        "sai_pham_tai_chinh",
        "can_bo",
        proposal="công khai thu chi các khoản đóng góp xây dựng nông thôn mới tại {thon}",
        report="những khuất tất trong thu chi tiền đóng góp xây dựng đường giao thông nông thôn",
        facts=(
            "Năm {nam_gan}, mỗi hộ ở {thon} đóng góp {so_tien_nho} để làm đường bê tông, tổng cộng khoảng {so_tien_lon}.",
            "Đường làm xong chỉ dày khoảng 10 cm, một năm đã nứt vỡ, nhưng quyết toán ghi dày 18 cm.",
            "Ban phát triển thôn không công khai quyết toán, người dân hỏi thì không được trả lời.",
        ),
        requests=(
            "Đề nghị thanh tra việc thu chi tiền đóng góp của nhân dân và công khai kết quả.",
        ),
        misconduct="lợi dụng chức vụ, quyền hạn chiếm đoạt một phần tiền đóng góp của nhân dân để làm đường giao thông nông thôn",
        accused_roles=(
            "Chủ tịch Ủy ban nhân dân {xa}",
            "{truong_thon}",
            "kế toán ngân sách {xa}",
        ),
        weight=25,
    ),
    Scenario(
        "nhan_hoi_lo",
        "can_bo",
        proposal="làm rõ việc tuyển dụng công chức cấp xã có dấu hiệu thiếu minh bạch",
        report="dư luận về việc tuyển dụng, bố trí cán bộ có dấu hiệu tiêu cực",
        facts=(
            "Trong đợt xét tuyển công chức cấp xã năm {nam_gan}, có người không đủ tiêu chuẩn vẫn trúng tuyển.",
            "Dư luận trong nhân dân cho rằng có việc đưa, nhận tiền để được bố trí công việc.",
        ),
        requests=("Đề nghị kiểm tra, làm rõ quy trình tuyển dụng và công khai kết quả.",),
        misconduct="nhận {so_tien} của người thân ứng viên để sắp xếp cho trúng tuyển công chức",
        accused_roles=("Chủ tịch Ủy ban nhân dân {xa}", "Phó Chủ tịch Ủy ban nhân dân {xa}"),
        weight=12,
    ),
    # -- Administrative procedures ---------------------------------------------------------------
    Scenario(
        "cham_ho_so",
        "thu_tuc_hanh_chinh",
        proposal="giải quyết hồ sơ {loai_ho_so} đã quá hạn",
        report="việc giải quyết hồ sơ {loai_ho_so} quá hạn tại Trung tâm Phục vụ hành chính công",
        facts=(
            "Ngày {ngay_nop}, tôi nộp hồ sơ {loai_ho_so} tại Trung tâm Phục vụ hành chính công {xa}, có giấy tiếp nhận và hẹn trả kết quả.",
            "Đến nay đã quá hạn {so_ngay} ngày nhưng chưa có kết quả, cũng không có văn bản xin lỗi và hẹn lại theo quy định.",
            "Tôi tra cứu trên Cổng dịch vụ công thì hồ sơ vẫn ở trạng thái “đang xử lý”.",
            "Mỗi lần đến hỏi, cán bộ lại yêu cầu bổ sung giấy tờ mà lần trước không nói đến.",
        ),
        requests=(
            "Đề nghị sớm trả kết quả hồ sơ và trả lời rõ lý do chậm trễ.",
            "Đề nghị hướng dẫn đầy đủ một lần các giấy tờ cần bổ sung.",
        ),
        decision="trả lại hồ sơ {loai_ho_so} với lý do thiếu giấy tờ",
        issuer="Ủy ban nhân dân {xa}",
        decision_kind="TB-UBND",
        weight=30,
    ),
    Scenario(
        "dich_vu_cong",
        "thu_tuc_hanh_chinh",
        proposal="khắc phục lỗi khi nộp hồ sơ trực tuyến trên Cổng dịch vụ công",
        report="Cổng dịch vụ công thường xuyên lỗi khi nộp hồ sơ trực tuyến",
        facts=(
            "Tôi nộp hồ sơ {loai_ho_so} trực tuyến nhưng hệ thống báo lỗi khi thanh toán lệ phí, đã bị trừ tiền trong tài khoản.",
            "Gọi điện đến số đường dây nóng nhiều lần không ai nghe máy.",
        ),
        requests=("Đề nghị kiểm tra, hoàn lại lệ phí bị trừ và tiếp nhận hồ sơ của tôi.",),
        weight=10,
    ),
    # -- Markets, urban planning -----------------------------------------------------------------
    Scenario(
        "quy_hoach_treo",
        "kinh_te_do_thi",
        proposal="điều chỉnh hoặc hủy bỏ quy hoạch treo tại khu vực {thon}",
        report="quy hoạch treo nhiều năm ảnh hưởng đến quyền lợi người dân {thon}",
        facts=(
            "Khu dân cư {thon} nằm trong quy hoạch khu công nghiệp từ năm {nam_cu} nhưng đến nay dự án vẫn chưa triển khai.",
            "Người dân không được cấp phép xây dựng, sửa chữa nhà, không được tách thửa, chuyển nhượng.",
            "Nhiều ngôi nhà đã xuống cấp nặng nhưng chủ nhà không dám sửa vì sợ bị phạt.",
        ),
        requests=(
            "Đề nghị công bố rõ tiến độ thực hiện quy hoạch hoặc điều chỉnh, hủy bỏ quy hoạch.",
            "Trong thời gian chờ, cho người dân được sửa chữa, cải tạo nhà ở.",
        ),
        decision="không cấp giấy phép sửa chữa, cải tạo nhà ở do nằm trong quy hoạch",
        issuer="Ủy ban nhân dân {xa}",
        weight=15,
    ),
    Scenario(
        "lan_chiem_via_he",
        "kinh_te_do_thi",
        proposal="lập lại trật tự vỉa hè trên tuyến đường {duong}",
        report="tình trạng lấn chiếm vỉa hè, lòng đường để buôn bán trên đường {duong}",
        facts=(
            "Các hộ kinh doanh trên đường {duong} bày hàng tràn ra vỉa hè và một phần lòng đường.",
            "Người đi bộ phải xuống lòng đường, nhất là giờ tan học rất nguy hiểm.",
            "Lực lượng chức năng có ra nhắc nhở nhưng chỉ được vài hôm lại đâu vào đấy.",
        ),
        requests=("Đề nghị xử lý dứt điểm tình trạng lấn chiếm vỉa hè.",),
        weight=12,
    ),
    # -- Other -----------------------------------------------------------------------------------
    Scenario(
        "tranh_chap_dan_su",
        "khac",
        proposal="giúp đỡ đòi lại khoản tiền cho vay",
        report="việc bị quỵt nợ, đề nghị chính quyền can thiệp",
        facts=(
            "Năm {nam_gan}, tôi cho một người quen vay {so_tien}, có giấy viết tay, hẹn sáu tháng trả.",
            "Đến nay người này không trả, còn tránh mặt, chuyển đi nơi khác sinh sống.",
        ),
        requests=("Đề nghị chính quyền can thiệp để người vay trả lại tiền cho tôi.",),
        weight=10,
    ),
    Scenario(
        "ve_sinh_thuc_pham",
        "khac",
        proposal="kiểm tra cơ sở sản xuất thực phẩm không bảo đảm vệ sinh",
        report="cơ sở sản xuất bún, bánh tại {thon} không bảo đảm vệ sinh an toàn thực phẩm",
        facts=(
            "Cơ sở sản xuất bún tại {thon} sử dụng nước giếng chưa qua xử lý, khu sản xuất sát chuồng trại.",
            "Nước thải xả ra đường, bốc mùi chua khó chịu.",
        ),
        requests=("Đề nghị kiểm tra điều kiện vệ sinh an toàn thực phẩm của cơ sở.",),
        weight=8,
    ),
)

SCENARIO_BY_KEY: dict[str, Scenario] = {s.key: s for s in SCENARIOS}
SEED_SCENARIOS: tuple[str, ...] = tuple(s.key for s in SCENARIOS if s.seed)

# Each topic of the taxonomy has at least one scenario (checked by the tests).
TOPIC_CODES: tuple[str, ...] = (
    "dat_dai",
    "moi_truong",
    "tai_nguyen",
    "xay_dung_ha_tang",
    "nuoc_sinh_hoat",
    "lao_dong",
    "an_sinh",
    "y_te",
    "giao_duc",
    "dan_toc",
    "ton_giao",
    "an_ninh_trat_tu",
    "can_bo",
    "thu_tuc_hanh_chinh",
    "kinh_te_do_thi",
    "khac",
)

# --- Slot vocabulary --------------------------------------------------------------------------

_COMPANY_KINDS = (
    "Công ty TNHH May mặc",
    "Công ty Cổ phần Chế biến Thủy sản",
    "Công ty TNHH Chế biến Gỗ",
    "Công ty Cổ phần Xây dựng",
    "Công ty TNHH Giày da",
    "Công ty Cổ phần Đầu tư Khoáng sản",
    "Công ty TNHH Điện tử",
    "Công ty Cổ phần Nông sản",
)
_COMPANY_NAMES = (
    "Hoàng Long",
    "Phú Thịnh",
    "Tân Phát",
    "Minh Quân",
    "Đại Thành",
    "Thuận An",
    "Hưng Phát",
    "Sao Mai",
    "Trường Sơn",
    "Việt Hàn",
    "Phương Nam",
    "An Khang",
)
_PROJECTS = (
    "đường ven biển",
    "mở rộng Quốc lộ 1",
    "khu tái định cư",
    "hồ chứa nước",
    "khu dân cư mới",
    "đường cao tốc Bắc – Nam",
    "cụm công nghiệp",
    "trường trung học cơ sở",
    "kè chống sạt lở bờ sông",
    "nâng cấp tỉnh lộ",
)
_WORKS = (
    "nhà văn hóa thôn",
    "kè chống sạt lở",
    "đường bê tông nội đồng",
    "trường mầm non",
    "cầu treo dân sinh",
    "kênh mương nội đồng",
    "chợ nông thôn",
)
_CROPS = (
    "24 cây điều",
    "150 gốc thanh long",
    "37 cây cà phê",
    "60 cây keo lai",
    "12 cây xoài",
    "một giếng khoan và chuồng bò",
    "80 cây cao su",
    "hàng rào lưới B40 dài 40 mét",
)
_DOSSIERS = (
    "đăng ký biến động đất đai",
    "cấp phép xây dựng nhà ở",
    "chuyển mục đích sử dụng đất",
    "đăng ký hộ kinh doanh",
    "xác nhận tình trạng hôn nhân",
    "trích lục hộ tịch",
    "tách thửa đất",
    "hưởng trợ cấp xã hội",
)
_STREETS = (
    "Trần Hưng Đạo",
    "Hùng Vương",
    "Lê Duẩn",
    "Nguyễn Huệ",
    "Lê Lợi",
    "Quang Trung",
    "Hai Bà Trưng",
    "Nguyễn Tất Thành",
    "Phạm Văn Đồng",
)
_EXPRESSWAYS = ("Phan Thiết – Dầu Giây", "Vĩnh Hảo – Phan Thiết", "Dầu Giây – Phan Thiết")

_FORWARDERS = {
    "forwarded_deputy": (
        "Đoàn đại biểu Quốc hội {tinh_day_du}",
        "Thường trực Hội đồng nhân dân {tinh_day_du}",
        "Ban Dân nguyện Hội đồng nhân dân {tinh_day_du}",
    ),
    "forwarded_mttq": (
        "Ủy ban Mặt trận Tổ quốc Việt Nam {tinh_day_du}",
        "Ủy ban Mặt trận Tổ quốc Việt Nam {xa}",
    ),
    "forwarded_press": (
        "Báo {tinh}",
        "Báo Nhân Dân",
        "Báo Tuổi Trẻ",
        "Đài Phát thanh và Truyền hình {tinh}",
    ),
    "forwarded_agency": (
        "Thanh tra Chính phủ",
        "Ban Tiếp công dân Trung ương",
        "Văn phòng {tinh_uy}",
        "Ban Tuyên giáo và Dân vận {tinh_uy}",
    ),
}
_FORWARDER_REFS = {
    "forwarded_deputy": "PC-ĐĐBQH",
    "forwarded_mttq": "MTTQ-BTT",
    "forwarded_press": "CV-BĐ",
    "forwarded_agency": "PC-BTCD",
}

_OPENERS_GENERIC = (
    "Sự việc đã kéo dài nhiều tháng, gây bức xúc trong nhân dân.",
    "Tôi đã nhiều lần phản ánh với thôn và xã nhưng chưa được giải quyết dứt điểm.",
    "Vụ việc ảnh hưởng trực tiếp đến đời sống và sản xuất của gia đình tôi.",
    "Bà con trong thôn rất lo lắng và mong chính quyền sớm vào cuộc.",
)
_CLOSERS = (
    "Rất mong được các cấp có thẩm quyền quan tâm, xem xét giải quyết.",
    "Kính mong quý cơ quan xem xét, giải quyết để người dân yên tâm làm ăn.",
    "Tôi xin chân thành cảm ơn.",
    "Mong sớm nhận được văn bản trả lời.",
)


_MOBILE_PREFIXES = (
    "090", "091", "093", "094", "096", "097", "098", "086", "088", "032", "033", "034",
    "035", "036", "037", "038", "039", "070", "076", "077", "078", "079", "081", "082",
    "083", "084", "085",
)  # fmt: skip


def _village_head(village: str) -> str:
    """The head of a village as people write it: "Trưởng thôn A Vao", "Tổ trưởng tổ dân phố 5"."""
    for word in ("tổ dân phố", "khu phố", "khu vực", "thôn", "làng", "tổ"):
        if village.startswith(word + " "):
            rest = village[len(word) + 1 :]
            if word in ("tổ dân phố", "tổ", "khu vực"):
                return f"Tổ trưởng {village}"
            return f"Trưởng {word} {rest}"
    return f"Trưởng {village}"


_I = re.compile(r"(?<![Cc]húng )\b([Tt])ôi\b")


def _plural(text: str) -> str:
    """First person singular -> plural, for a letter many people sign."""
    text = text.replace("Gia đình tôi", "Các hộ chúng tôi").replace(
        "gia đình tôi", "các hộ chúng tôi"
    )
    return _I.sub(lambda m: "Chúng tôi" if m.group(1) == "T" else "chúng tôi", text)


def money(amount: int) -> str:
    """12500000 -> "12.500.000 đồng"."""
    return f"{amount:,}".replace(",", ".") + " đồng"


def vn_date(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def vn_date_long(day: dt.date) -> str:
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def _area(value: float) -> str:
    whole = int(value)
    frac = round((value - whole) * 10)
    text = f"{whole:,}".replace(",", ".")
    return f"{text},{frac}" if frac else text


class Slots(dict[str, str]):
    """Placeholder values for one petition, generated on first use and then kept."""

    def __init__(self, gen: TextGenerator, place: Place, day: dt.date) -> None:
        super().__init__()
        self.gen = gen
        self.place = place
        self.day = day
        self.village = gen.rng.choice(place.villages or _GENERIC_VILLAGES)
        self.decision_day = self._before(20, 240)

    def __missing__(self, key: str) -> str:
        value = self._make(key)
        self[key] = value
        return value

    def _before(self, low: int, high: int) -> dt.date:
        return self.day - dt.timedelta(days=self.gen.rng.randint(low, high))

    def _make(self, key: str) -> str:
        r = self.gen.rng
        p = self.place
        if key == "thon":
            return self.village
        if key == "truong_thon":
            return _village_head(self.village)
        if key == "xa":
            return p.label
        if key == "tinh":
            return p.province
        if key == "tinh_day_du":
            return p.province_full
        if key == "tinh_uy":
            return p.party_committee
        if key == "song":
            return p.river or "con sông chảy qua địa bàn"
        if key == "so_qd":
            return f"{r.randint(12, 2900)}"
        if key == "ngay_qd":
            return vn_date(self.decision_day)
        if key == "dien_tich":
            return _area(r.choice((r.uniform(80, 900), r.uniform(900, 12000))))
        if key == "thua":
            return str(r.randint(5, 980))
        if key == "to_bd":
            return str(r.randint(1, 64))
        if key == "don_gia":
            return f"{r.randrange(45, 1900) * 1000:,}".replace(",", ".")
        if key == "so_tien":
            return money(r.randrange(15, 900) * 1_000_000)
        if key == "so_tien_nho":
            return money(r.randrange(3, 60) * 100_000)
        if key == "so_tien_lon":
            return money(r.randrange(2, 45) * 100_000_000 + r.randrange(0, 99) * 1_000_000)
        if key == "so_ho":
            return str(r.randint(6, 140))
        if key == "so_thang":
            return str(r.randint(2, 9))
        if key == "so_nguoi":
            return str(r.randint(40, 650))
        if key == "so_nguoi_cat":
            return str(r.randint(15, 200))
        if key == "so_nguoi_nha":
            return str(r.randint(3, 8))
        if key in ("nam_cu", "nam_ban"):
            return str(r.randint(1988, 2012)) if key == "nam_cu" else str(r.randint(8, 30))
        if key == "nam_gan":
            return str(r.randint(max(2019, self.day.year - 5), self.day.year - 1))
        if key == "nam_lam":
            return str(r.randint(2008, self.day.year - 2))
        if key == "nam_bien":
            return str(r.randint(2014, 2019))
        if key == "thang_truoc":
            d = self._before(40, 400)
            return f"{d.month}/{d.year}"
        if key == "thang_gan":
            d = self._before(10, 60)
            return f"{d.month}/{d.year}"
        if key in ("ngay_nop", "ngay_truoc"):
            return vn_date(self._before(20, 200) if key == "ngay_nop" else self._before(3, 40))
        if key == "cong_ty":
            return f"{r.choice(_COMPANY_KINDS)} {r.choice(_COMPANY_NAMES)}"
        if key == "du_an":
            return r.choice(_PROJECTS)
        if key == "cong_trinh":
            return r.choice(_WORKS) + " " + self.village
        if key == "cay_trong":
            return r.choice(_CROPS)
        if key == "km":
            return f"Km{r.randint(12, 120)}+{r.randrange(0, 1000, 50):03d}"
        if key == "cao_toc":
            return r.choice(_EXPRESSWAYS)
        if key == "so_km":
            return str(r.randint(2, 14))
        if key in ("met", "met_dai"):
            return str(r.randint(1, 4)) if key == "met" else str(r.randint(12, 60))
        if key == "loai_ho_so":
            return r.choice(_DOSSIERS)
        if key == "so_ngay":
            return str(r.randint(5, 75))
        if key == "so_tau":
            prefix = p.boat_prefix or "BTh"
            return f"{prefix}-{r.randint(90000, 99999)}-TS"
        if key == "cong_suat":
            return str(r.choice((90, 150, 250, 400, 420, 600, 820)))
        if key == "so_chuyen":
            return str(r.randint(4, 26))
        if key == "gia_nuoc":
            return f"{r.randrange(60, 160) * 1000:,}".replace(",", ".")
        if key == "gia_muoi":
            return f"{r.randrange(6, 15) * 100:,}".replace(",", ".")
        if key == "so_con":
            return f"{r.randrange(5, 40) * 100:,}".replace(",", ".")
        if key == "so_con_gia_suc":
            return str(r.randint(3, 40))
        if key == "duong_kinh":
            return str(r.randint(40, 110))
        if key == "so_phong":
            return str(r.randint(2, 6))
        if key == "so_khoan":
            return str(r.randint(9, 18))
        if key == "duong":
            return r.choice(_STREETS)
        return "…"


# --- The generator ----------------------------------------------------------------------------


@dataclass
class PetitionText:
    """Everything a petition's paper says, ready for `PetitionInput`."""

    kind: str
    topic: str
    scenario: str
    summary: str
    content: str
    requests: str
    respondent: str
    petitioners: list[Person] = field(default_factory=list)
    representatives: list[int] = field(default_factory=list)  # indexes into `petitioners`
    signer_count: int = 1
    anonymous: bool = False
    secondary_topics: list[str] = field(default_factory=list)
    decision_number: str = ""  # the contested decision (complaints)
    seed_issue: bool = False


class TextGenerator:
    """Deterministic text for petitions: same seed, same sequence of calls -> same text."""

    def __init__(self, seed: int = 2026) -> None:
        self.rng = random.Random(seed)
        self._by_kind: dict[str, list[Scenario]] = {
            k: [s for s in SCENARIOS if k in s.kinds and not s.places] for k in KINDS
        }

    # -- People ------------------------------------------------------------------------------

    def name(self, place: Place | None = None, gender: str | None = None) -> tuple[str, str]:
        r = self.rng
        gender = gender or r.choice("mf")
        pool = NAME_POOLS["kinh"]
        if place is not None and place.region != "kinh" and r.random() < place.minority_share:
            pool = NAME_POOLS[place.region]
        surnames, weights = zip(*pool.surnames, strict=True)
        surname = r.choices(surnames, weights=weights)[0]
        if gender == "m":
            middle, given = r.choice(pool.middle_male), r.choice(pool.given_male)
        else:
            middle, given = r.choice(pool.middle_female), r.choice(pool.given_female)
        # A second middle name now and then ("Nguyễn Thị Thu Hà").
        if pool is NAME_POOLS["kinh"] and r.random() < 0.12:
            extra = r.choice(_MIDDLE_FEMALE[4:] if gender == "f" else _MIDDLE_MALE[3:])
            if extra != middle:
                middle = f"{middle} {extra}"
        parts = [surname, middle, given] if middle else [surname, given]
        return " ".join(parts), gender

    def person(
        self, place: Place, day: dt.date, gender: str | None = None, village: str | None = None
    ) -> Person:
        r = self.rng
        full_name, gender = self.name(place, gender)
        birth_year = r.randint(1945, 2004)
        century_gender = (0 if gender == "m" else 1) + (2 if birth_year >= 2000 else 0)
        id_number = (
            f"{place.id_prefix}{century_gender}{birth_year % 100:02d}{r.randint(0, 999999):06d}"
        )
        phone = r.choice(_MOBILE_PREFIXES) + f"{r.randint(0, 9999999):07d}"
        village = village or r.choice(place.villages or _GENERIC_VILLAGES)
        address = f"{village}, {place.address_label_on(day)}"
        return Person(full_name, gender, birth_year, id_number, phone, address)

    # -- Choosing what the petition is about -------------------------------------------------

    def scenario_for(self, place: Place, kind: str, *, seed_share: float = 0.35) -> Scenario:
        r = self.rng
        local = [s for s in SCENARIOS if place.code in s.places and kind in s.kinds]
        if local and r.random() < seed_share:
            return r.choice(local)
        candidates = self._by_kind[kind]
        return r.choices(candidates, weights=[s.weight for s in candidates])[0]

    # -- The text ----------------------------------------------------------------------------

    def petition(
        self,
        *,
        place: Place,
        day: dt.date,
        kind: str,
        scenario: Scenario | None = None,
        signers: int = 1,
        anonymous: bool = False,
        recipient: str = "",
        seed_share: float = 0.35,
    ) -> PetitionText:
        """One petition of `kind` from `place` received on `day`.

        `signers` >= 5 makes a multi-signer letter ("Chúng tôi gồm ... hộ dân") listing up to 8
        of them with 1-5 representatives; `anonymous` writes a letter without a sender.
        """
        r = self.rng
        scenario = scenario or self.scenario_for(place, kind, seed_share=seed_share)
        if kind not in scenario.kinds:
            kind = r.choice(scenario.kinds)
        slots = Slots(self, place, day)
        recipient = recipient or f"Chủ tịch Ủy ban nhân dân {place.label}"

        people: list[Person] = []
        reps: list[int] = []
        if not anonymous:
            listed = min(signers, 8) if signers >= 5 else 1
            people = [
                self.person(place, day, village=slots.village if i == 0 else None)
                for i in range(listed)
            ]
            if signers >= 5:
                rep_count = r.randint(1, 2) if signers <= 10 else r.randint(2, min(5, listed))
                reps = list(range(rep_count))
        first = people[0] if people else None

        decision_number = ""
        respondent = ""
        if kind in ("complaint", "mixed"):
            issuer = scenario.issuer.format_map(slots)
            if "huyện" in issuer and slots.decision_day >= REFORM_2025:
                # Districts were abolished on 1 July 2025: later decisions are the commune's.
                issuer = f"Ủy ban nhân dân {place.label}"
            decision_number = f"{slots['so_qd']}/{scenario.decision_kind}"
            slots["co_quan_qd"] = issuer
            respondent = issuer
        accused = ""
        if kind == "denunciation":
            accused_name, accused_gender = self.name(place)
            role = r.choice(scenario.accused_roles or ("cán bộ {xa}",)).format_map(slots)
            title = "ông" if accused_gender == "m" else "bà"
            accused = f"{title} {accused_name}, {role}"
            respondent = f"{accused_name} – {role}"
        elif kind == "report" and "{cong_ty}" in scenario.report:
            respondent = slots["cong_ty"]

        facts = self._pick(scenario.facts, low=1)
        requests = self._pick(scenario.requests, low=1)
        body = [s.format_map(slots) for s in facts]
        wanted = [s.format_map(slots) for s in requests]
        decision = scenario.decision.format_map(slots) if scenario.decision else ""
        summary = self._summary(kind, scenario, slots, decision, decision_number, accused, first)

        style = r.random()
        if kind == "denunciation":
            content = self._denunciation(scenario, slots, accused, body, wanted, anonymous, style)
        elif signers >= 5 and people:
            content = self._collective(
                kind,
                scenario,
                slots,
                people,
                reps,
                signers,
                body,
                wanted,
                recipient,
                decision,
                decision_number,
            )
        elif anonymous:
            content = self._anonymous(kind, scenario, slots, body, wanted)
        elif style < 0.45:
            content = self._letter(
                kind,
                scenario,
                slots,
                people[0],
                body,
                wanted,
                recipient,
                decision,
                decision_number,
                day,
            )
        else:
            content = self._brief(
                kind, scenario, slots, people[0], body, wanted, decision, decision_number
            )
        return PetitionText(
            kind=kind,
            topic=scenario.topic,
            scenario=scenario.key,
            summary=summary[:500],
            content=content,
            requests=" ".join(wanted),
            respondent=respondent[:500],
            petitioners=people,
            representatives=reps,
            signer_count=0 if anonymous else max(signers, 1),
            anonymous=anonymous,
            secondary_topics=list(scenario.secondary),
            decision_number=decision_number,
            seed_issue=scenario.seed,
        )

    def resend(self, original: PetitionText, *, first_sent: dt.date) -> PetitionText:
        """The same sender writing again about the same matter (a duplicate to link)."""
        r = self.rng
        lead = r.choice(
            (
                "Ngày {d}, tôi đã gửi đơn về việc này nhưng đến nay chưa nhận được trả lời. "
                "Nay tôi tiếp tục gửi đơn, kính đề nghị quý cơ quan xem xét.",
                "Tôi gửi lại đơn đề ngày {d} vì chưa thấy cơ quan nào giải quyết.",
                "Đây là lần thứ hai tôi gửi đơn (lần trước ngày {d}).",
            )
        ).format(d=vn_date(first_sent))
        content = f"{lead}\n\n{original.content}"
        if r.random() < 0.5:
            content += "\n\nKính mong quý cơ quan sớm giải quyết dứt điểm."
        return PetitionText(
            kind=original.kind,
            topic=original.topic,
            scenario=original.scenario,
            summary=original.summary,
            content=content,
            requests=original.requests,
            respondent=original.respondent,
            petitioners=list(original.petitioners),
            representatives=list(original.representatives),
            signer_count=original.signer_count,
            anonymous=original.anonymous,
            secondary_topics=list(original.secondary_topics),
            decision_number=original.decision_number,
            seed_issue=original.seed_issue,
        )

    def forwarder(self, channel: str, place: Place, day: dt.date) -> tuple[str, str]:
        """(forwarding body, its reference number) for a forwarded channel."""
        choices = _FORWARDERS.get(channel)
        if not choices:
            return "", ""
        name = self.rng.choice(choices).format(
            tinh=place.province,
            tinh_day_du=place.province_full,
            tinh_uy=place.party_committee,
            xa=place.label,
        )
        ref = f"{self.rng.randint(3, 480)}/{_FORWARDER_REFS[channel]}"
        return name, ref

    def result_summary(self, kind: str, upheld: str) -> str:
        """A one-paragraph result for a resolved case; `upheld` in {"yes", "partly", "no"}."""
        r = self.rng
        if kind == "complaint":
            return {
                "yes": "Công nhận nội dung khiếu nại là đúng; hủy quyết định bị khiếu nại và giao "
                "cơ quan chuyên môn giải quyết lại quyền lợi cho người khiếu nại.",
                "partly": "Công nhận một phần nội dung khiếu nại; sửa đổi quyết định bị khiếu nại "
                "về đơn giá và giao kiểm đếm bổ sung tài sản trên đất.",
                "no": "Khiếu nại không có cơ sở; giữ nguyên quyết định bị khiếu nại, người khiếu "
                "nại có quyền khiếu nại lần hai hoặc khởi kiện tại Tòa án.",
            }[upheld]
        if kind == "denunciation":
            return {
                "yes": "Kết luận nội dung tố cáo là đúng; kiến nghị xử lý kỷ luật người bị tố cáo "
                "và thu hồi số tiền sai phạm nộp ngân sách.",
                "partly": "Kết luận nội dung tố cáo đúng một phần; yêu cầu người bị tố cáo kiểm "
                "điểm, rút kinh nghiệm và khắc phục hậu quả.",
                "no": "Kết luận nội dung tố cáo là không đúng; không có căn cứ xử lý người bị tố "
                "cáo.",
            }[upheld]
        return r.choice(
            (
                "Đã kiểm tra thực tế, giao cơ quan chuyên môn khắc phục trong quý tới và trả lời "
                "bằng văn bản cho người gửi đơn.",
                "Đã chỉ đạo các đơn vị liên quan xử lý dứt điểm; kết quả đã được thông báo công "
                "khai tại nhà văn hóa thôn.",
                "Kiến nghị được ghi nhận, đưa vào kế hoạch đầu tư công năm sau; đã trả lời người "
                "dân tại buổi đối thoại.",
                "Đã tổ chức kiểm tra, lập biên bản và xử phạt vi phạm hành chính đối với cơ sở vi "
                "phạm.",
            )
        )

    # -- Pieces --------------------------------------------------------------------------------

    def _pick(self, items: Sequence[str], *, low: int) -> list[str]:
        r = self.rng
        if not items:
            return []
        count = r.randint(min(low, len(items)), len(items))
        chosen = sorted(r.sample(range(len(items)), count))
        return [items[i] for i in chosen]

    def _summary(
        self,
        kind: str,
        scenario: Scenario,
        slots: Slots,
        decision: str,
        decision_number: str,
        accused: str,
        first: Person | None,
    ) -> str:
        r = self.rng
        who = ""
        if first is not None and kind != "denunciation" and r.random() < 0.5:
            who = f"{first.honorific.capitalize()} {first.full_name} ({slots['thon']}) "
        if kind == "complaint":
            text = (
                f"khiếu nại Quyết định số {decision_number} ngày {slots['ngay_qd']} của "
                f"{slots['co_quan_qd']} về việc {decision}"
            )
        elif kind == "mixed":
            text = (
                f"khiếu nại Quyết định số {decision_number} về việc {decision}; đồng thời kiến "
                f"nghị {scenario.proposal.format_map(slots)}"
            )
        elif kind == "denunciation":
            text = f"tố cáo {accused} về hành vi {scenario.misconduct.format_map(slots)}"
        elif kind == "proposal":
            text = f"kiến nghị {scenario.proposal.format_map(slots)}"
        else:
            text = f"phản ánh {scenario.report.format_map(slots)}"
        text = who + text
        return text[0].upper() + text[1:]

    def _filler(self) -> list[str]:
        return [self.rng.choice(_OPENERS_GENERIC)] if self.rng.random() < 0.5 else []

    def _closer(self) -> str:
        return self.rng.choice(_CLOSERS)

    def _letter(
        self,
        kind: str,
        scenario: Scenario,
        slots: Slots,
        person: Person,
        body: list[str],
        wanted: list[str],
        recipient: str,
        decision: str,
        decision_number: str,
        day: dt.date,
    ) -> str:
        title = {
            "complaint": "ĐƠN KHIẾU NẠI",
            "mixed": "ĐƠN KHIẾU NẠI, KIẾN NGHỊ",
            "proposal": "ĐƠN KIẾN NGHỊ",
            "report": "ĐƠN PHẢN ÁNH",
        }[kind]
        subject = (
            f"V/v khiếu nại Quyết định số {decision_number}"
            if kind in ("complaint", "mixed")
            else f"V/v {scenario.proposal.format_map(slots)}"
            if kind == "proposal"
            else f"V/v {scenario.report.format_map(slots)}"
        )
        lines = [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "",
            title,
            f"({subject})",
            "",
            f"Kính gửi: {recipient}.",
            "",
            f"Tôi tên là {person.full_name}, sinh năm {person.birth_year}; số định danh cá "
            f"nhân: {person.id_number}; nơi cư trú: {person.address}; điện thoại: {person.phone}.",
        ]
        if kind in ("complaint", "mixed"):
            lines.append(
                f"Tôi làm đơn này khiếu nại Quyết định số {decision_number} ngày "
                f"{slots['ngay_qd']} của {slots['co_quan_qd']} về việc {decision}."
            )
            lines.append("Nội dung khiếu nại và lý do:")
        else:
            verb = "kiến nghị" if kind == "proposal" else "phản ánh"
            lines.append(f"Tôi làm đơn này kính {verb} với quý cơ quan nội dung sau:")
        lines.append(" ".join(self._filler() + body))
        if kind == "mixed":
            lines.append(f"Ngoài ra, tôi kiến nghị {scenario.proposal.format_map(slots)}.")
        lines.append("Yêu cầu: " + " ".join(wanted))
        if kind in ("complaint", "mixed"):
            lines.append(
                "Tôi cam đoan nội dung trình bày trên là đúng sự thật và chịu trách nhiệm trước "
                "pháp luật về lời khai của mình."
            )
        else:
            lines.append(self._closer())
        lines += [
            "",
            f"{slots.place.name}, {vn_date_long(day)}",
            "Người viết đơn",
            person.full_name,
        ]
        return "\n".join(lines)

    def _brief(
        self,
        kind: str,
        scenario: Scenario,
        slots: Slots,
        person: Person,
        body: list[str],
        wanted: list[str],
        decision: str,
        decision_number: str,
    ) -> str:
        r = self.rng
        hello = r.choice(("Kính gửi quý cơ quan.", "Xin chào cán bộ tiếp nhận.", ""))
        intro = f"Tôi là {person.full_name}, ở {slots['thon']}, {slots['xa']}."
        if kind in ("complaint", "mixed"):
            ask = (
                f"Tôi không đồng ý với Quyết định số {decision_number} ngày {slots['ngay_qd']} "
                f"của {slots['co_quan_qd']} về việc {decision}."
            )
        elif kind == "proposal":
            ask = f"Tôi xin kiến nghị {scenario.proposal.format_map(slots)}."
        else:
            ask = f"Tôi xin phản ánh {scenario.report.format_map(slots)}."
        parts = [p for p in (hello, intro, ask) if p]
        text = " ".join(parts) + "\n" + " ".join(body[: r.randint(1, len(body))])
        text += "\n" + " ".join(wanted)
        if r.random() < 0.5:
            text += f" Số điện thoại liên hệ: {person.phone}."
        return text

    def _collective(
        self,
        kind: str,
        scenario: Scenario,
        slots: Slots,
        people: list[Person],
        reps: list[int],
        signers: int,
        body: list[str],
        wanted: list[str],
        recipient: str,
        decision: str,
        decision_number: str,
    ) -> str:
        rep_names = ", ".join(f"{people[i].honorific} {people[i].full_name}" for i in reps)
        title = "ĐƠN KIẾN NGHỊ" if kind in ("proposal", "report") else "ĐƠN KHIẾU NẠI"
        lines = [
            title,
            f"Kính gửi: {recipient}.",
            f"Chúng tôi gồm {signers} hộ dân đang sinh sống tại {slots['thon']}, {slots['xa']}, "
            f"cùng ký tên dưới đây; người đại diện: {rep_names}.",
        ]
        if kind in ("complaint", "mixed"):
            lines.append(
                f"Chúng tôi khiếu nại Quyết định số {decision_number} ngày {slots['ngay_qd']} "
                f"của {slots['co_quan_qd']} về việc {decision}."
            )
        else:
            verb = "kiến nghị" if kind == "proposal" else "phản ánh"
            text = scenario.proposal if kind == "proposal" else scenario.report
            lines.append(f"Chúng tôi cùng {verb} {text.format_map(slots)}.")
        lines.append(_plural(" ".join(body)))
        lines.append("Kiến nghị của chúng tôi: " + _plural(" ".join(wanted)))
        lines.append(f"(Kèm theo danh sách {signers} người ký tên.)")
        return "\n".join(lines)

    def _anonymous(
        self, kind: str, scenario: Scenario, slots: Slots, body: list[str], wanted: list[str]
    ) -> str:
        r = self.rng
        opener = r.choice(
            (
                "Thư không ký tên, bỏ vào hòm thư góp ý của Ủy ban nhân dân.",
                "Một người dân xin giấu tên phản ánh:",
                "Người dân {xa} phản ánh:".format(xa=slots["xa"]),
            )
        )
        text = scenario.report if kind != "proposal" else scenario.proposal
        return f"{opener} {text.format_map(slots)[0].upper()}{text.format_map(slots)[1:]}.\n" + (
            " ".join(body) + "\n" + " ".join(wanted)
        )

    def _denunciation(
        self,
        scenario: Scenario,
        slots: Slots,
        accused: str,
        body: list[str],
        wanted: list[str],
        anonymous: bool,
        style: float,
    ) -> str:
        misconduct = scenario.misconduct.format_map(slots)
        if anonymous:
            intro = "Thư tố cáo không ghi tên người gửi."
        elif style < 0.5:
            intro = (
                "ĐƠN TỐ CÁO\n(Thông tin về người tố cáo được giữ bí mật theo Luật Tố cáo; "
                "bản gốc lưu riêng.)"
            )
        else:
            intro = f"Tôi là người dân đang sinh sống trên địa bàn {slots['xa']}."
        lines = [
            intro,
            f"Tôi xin tố cáo {accused} có hành vi {misconduct}.",
            " ".join(body),
            "Tôi đề nghị cơ quan có thẩm quyền xác minh, làm rõ và xử lý nghiêm theo quy định "
            "của pháp luật; " + " ".join(w[0].lower() + w[1:] for w in wanted[:1]),
            "Đề nghị giữ bí mật họ tên, địa chỉ và thông tin cá nhân của người tố cáo.",
        ]
        return "\n".join(lines)
