"""The demo conferences: giao ban, sơ kết, tổng kết and thematic conferences of the demo
provinces, drawn from the seed articles, set as this year's equivalents (2025–2026) plus the
historic ones the articles report, with conclusion notices whose tasks are in every state (done
on time, done late, in progress, overdue) and upcoming conferences in the next weeks.

Everything goes through the services (audit, numbering, tasks on the board). Idempotent: when
any conference exists nothing is added. Two leader accounts per province are added for the
organisers (the People's Committee and the Ban Tuyên giáo và Dân vận), since the core demo has
officers only there; they print with the other demo accounts' password.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from danvan.conferences import services
from danvan.conferences.inputs import (
    ChairInput,
    ConclusionInput,
    ConclusionItemInput,
    ConferenceInput,
    InviteeInput,
    SupportInput,
    TransitionInput,
)
from danvan.conferences.models import Conference, Invitee
from danvan.core.models import Membership, Organization, Task, User
from danvan.core.services import tasks as task_services

# (username, full name, position, role, organisation code)
DEMO_ORGANISERS: list[tuple[str, str, str, str, str]] = [
    ("hoinghi.thainguyen", "Phạm Thị Hưng", "Phó Chủ tịch UBND tỉnh", "leader", "19-UBND"),
    ("dvan.thainguyen", "Triệu Thị Lộc", "Trưởng Ban Tuyên giáo và Dân vận", "leader", "19-BTGDV"),
    ("dvan.gialai", "Ksor H'Bia", "Phó Trưởng Ban Tuyên giáo và Dân vận", "leader", "52-BTGDV"),
    ("dvan.quangtri", "Hồ Sỹ Phùng", "Phó Trưởng Ban Tuyên giáo và Dân vận", "leader", "44-BTGDV"),
    ("hoinghi.lamdong", "K' Điểu", "Phó Chủ tịch UBND tỉnh", "leader", "68-UBND"),
]


@dataclass
class Item:
    content: str
    lead: str  # suffix of the province organisation, e.g. "SNV"
    due_days: int  # after the conference
    supporting: list[tuple[str, str]] = field(default_factory=list)
    # "on_time" (done before due), "late" (done after due), "progress", "open"
    outcome: str = "open"


@dataclass
class Spec:
    province: str
    organiser: str  # suffix
    actor: str  # username
    kind: str
    title: str
    day: dt.date | int  # a date, or days from today
    place: str
    chairs: list[tuple[str, str]]
    invited: list[str]
    period: str = ""
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    co: list[str] = field(default_factory=list)
    people: list[tuple[str, str]] = field(default_factory=list)
    agenda: str = ""
    stage: str = "planned"  # planned, invited, held, issued, concluded, postponed, cancelled
    summary: str = ""
    concluded_by: tuple[str, str] = ("", "")
    signer_title: str = ""
    assessment: str = ""
    items: list[Item] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    absent: dict[str, str] = field(default_factory=dict)  # suffix -> reason
    reason: str = ""


AGENDA_REVIEW = (
    "1. Báo cáo kết quả công tác dân vận chính quyền 6 tháng đầu năm, phương hướng nhiệm vụ 6 "
    "tháng cuối năm\n2. Ý kiến thảo luận của các sở, ngành, địa phương\n3. Kết luận của đồng "
    "chí chủ trì hội nghị"
)
ASSESS_REVIEW = (
    "Công tác dân vận chính quyền được cấp ủy, chính quyền quan tâm lãnh đạo, chỉ đạo, gắn với "
    "thực hiện nhiệm vụ chính trị; mối quan hệ giữa chính quyền với Mặt trận và các đoàn thể "
    'được gắn bó; nhiều mô hình "Dân vận khéo" được nhân rộng.\n'
    "Tuy nhiên, việc xây dựng kế hoạch cụ thể có lúc chưa kịp thời; cán bộ làm công tác dân vận "
    "chủ yếu kiêm nhiệm; phối hợp giải quyết các vấn đề phát sinh trong nhân dân có nơi chưa kịp "
    "thời; tranh chấp đất đai, khiếu nại, tố cáo còn kéo dài."
)
REVIEW_ITEMS = [
    Item(
        "Xây dựng kế hoạch dân vận chính quyền 6 tháng cuối năm, gắn với cải cách thủ tục "
        "hành chính và văn hóa công sở",
        "SNV",
        20,
        [("STP", "rà soát thủ tục hành chính liên quan đến người dân")],
        "on_time",
    ),
    Item(
        "Tăng cường đối thoại, tiếp thu ý kiến của Nhân dân; nâng cao chất lượng hoạt động của "
        "Ban thanh tra nhân dân ở cơ sở",
        "MTTQ",
        45,
        [("BTCD", "tổng hợp kiến nghị qua tiếp công dân")],
        "late",
    ),
    Item(
        "Thực hiện tốt công tác giải quyết đơn thư khiếu nại, tố cáo; tập trung các vụ việc tranh "
        "chấp đất đai kéo dài",
        "TTRA",
        60,
        [("SNNMT", "hồ sơ đất đai"), ("BTCD", "")],
        "progress",
    ),
    Item(
        "Thường xuyên đôn đốc, kiểm tra việc thực hiện dân chủ ở cơ sở; nhân rộng các mô hình "
        '"Dân vận khéo"',
        "BTGDV",
        90,
        [("MTTQ", "phát động trong các đoàn thể"), ("SNV", "")],
        "open",
    ),
]


def _specs(today: dt.date) -> list[Spec]:
    year = today.year
    return [
        # Seed 002: UBND tỉnh Bắc Kạn, 20/7/2018 (now part of Thái Nguyên).
        Spec(
            "19",
            "UBND",
            "hoinghi.thainguyen",
            "interim",
            "Hội nghị đánh giá công tác dân vận chính quyền 6 tháng đầu năm; triển khai phương "
            "hướng, nhiệm vụ 6 tháng cuối năm 2018 (tỉnh Bắc Kạn cũ)",
            dt.date(2018, 7, 20),
            "Hội trường UBND tỉnh Bắc Kạn (cũ)",
            [
                (
                    "Lý Quang Vịnh",
                    "Ủy viên Ban Thường vụ Tỉnh ủy, Chủ tịch Ủy ban MTTQ Việt Nam tỉnh",
                ),
                ("Trần Thị Lộc", "Ủy viên Ban Thường vụ, Trưởng ban Dân vận Tỉnh ủy"),
                ("Phạm Duy Hưng", "Phó Chủ tịch UBND tỉnh"),
                ("Ma Xuân Thu", "Giám đốc Sở Nội vụ"),
            ],
            ["SNV", "STP", "TTRA", "BTCD", "HND", "HLHPN", "DTN"],
            period="6 tháng đầu năm 2018",
            period_start=dt.date(2017, 12, 15),
            period_end=dt.date(2018, 6, 14),
            co=["MTTQ", "BTGDV", "SNV"],
            people=[("Hoàng Duy Chinh", "Phó Bí thư Tỉnh ủy")],
            agenda=AGENDA_REVIEW,
            stage="concluded",
            summary="Hội nghị đánh giá kết quả, chỉ ra tồn tại và thống nhất giải pháp 6 tháng "
            "cuối năm.",
            concluded_by=("Phạm Duy Hưng", "Phó Chủ tịch UBND tỉnh"),
            signer_title="TL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG",
            assessment=ASSESS_REVIEW,
            items=[
                Item(i.content, i.lead, i.due_days, i.supporting, "on_time" if n != 1 else "late")
                for n, i in enumerate(REVIEW_ITEMS)
            ],
            absent={"DTN": "Trùng lịch Đại hội Đoàn cấp tỉnh"},
        ),
        # This year's equivalent.
        Spec(
            "19",
            "UBND",
            "hoinghi.thainguyen",
            "interim",
            f"Hội nghị đánh giá công tác dân vận chính quyền 6 tháng đầu năm {year}, triển khai "
            f"nhiệm vụ 6 tháng cuối năm {year}",
            dt.date(year, 7, 20),
            "Hội trường UBND tỉnh Thái Nguyên",
            [
                ("Phạm Thị Hưng", "Phó Chủ tịch UBND tỉnh"),
                ("Nông Văn Vịnh", "Chủ tịch Ủy ban MTTQ Việt Nam tỉnh"),
                ("Triệu Thị Lộc", "Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy"),
                ("Ma Thị Thu", "Giám đốc Sở Nội vụ"),
            ],
            ["SNV", "STP", "TTRA", "BTCD", "SNNMT", "HND", "HLHPN", "DTN"],
            period=f"6 tháng đầu năm {year}",
            period_start=dt.date(year - 1, 12, 15),
            period_end=dt.date(year, 6, 14),
            co=["MTTQ", "BTGDV", "SNV"],
            agenda=AGENDA_REVIEW,
            stage="issued",
            summary="Các sở, ngành, địa phương thảo luận tồn tại và giải pháp 6 tháng cuối năm.",
            concluded_by=("Phạm Thị Hưng", "Phó Chủ tịch UBND tỉnh"),
            signer_title="TL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG",
            assessment=ASSESS_REVIEW,
            items=REVIEW_ITEMS,
            absent={"SNNMT": "Đi kiểm tra vùng sạt lở"},
        ),
        Spec(
            "19",
            "BTGDV",
            "dvan.thainguyen",
            "briefing",
            "Hội nghị giao ban công tác dân vận khối các cơ quan tỉnh quý IV",
            10,
            "Phòng họp Ban Tuyên giáo và Dân vận Tỉnh ủy",
            [("Triệu Thị Lộc", "Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy")],
            ["UBND", "MTTQ", "HND", "HLHPN", "DTN", "SNV"],
            period=f"quý IV/{year}",
            stage="invited",
        ),
        Spec(
            "19",
            "UBND",
            "hoinghi.thainguyen",
            "final",
            f"Hội nghị tổng kết công tác dân vận chính quyền năm {year}, triển khai nhiệm vụ năm "
            f"{year + 1}",
            24,
            "Hội trường UBND tỉnh Thái Nguyên",
            [("Phạm Thị Hưng", "Phó Chủ tịch UBND tỉnh"), ("Ma Thị Thu", "Giám đốc Sở Nội vụ")],
            ["SNV", "STP", "TTRA", "BTCD", "MTTQ", "BTGDV"],
            period=f"năm {year}",
            co=["SNV"],
            stage="planned",
        ),
        # Seed 004: Gia Lai.
        Spec(
            "52",
            "BTGDV",
            "dvan.gialai",
            "final",
            "Hội nghị tổng kết 10 năm thực hiện Quyết định số 290-QĐ/TW, ngày 25/02/2010 của Bộ "
            "Chính trị về Quy chế công tác dân vận của hệ thống chính trị",
            dt.date(2020, 6, 26),
            "Hội trường Tỉnh ủy Gia Lai",
            [("Nguyễn Thị Hạnh", "Trưởng ban Dân vận Tỉnh ủy")],
            ["UBND", "MTTQ", "HND", "HLHPN", "DTN", "CA", "BCHQS", "BDBP"],
            period="10 năm 2010–2020",
            stage="concluded",
            concluded_by=("Nguyễn Thị Hạnh", "Trưởng ban Dân vận Tỉnh ủy"),
            signer_title="TRƯỞNG BAN",
            assessment="Sau 10 năm, Quy chế công tác dân vận được các cấp ủy, chính quyền, Mặt "
            "trận và đoàn thể cụ thể hóa; công tác dân vận của cả hệ thống chính trị đạt kết quả "
            "quan trọng.",
            items=[
                Item(
                    "Tham mưu Ban Thường vụ Tỉnh ủy ban hành quy chế công tác dân vận (sửa đổi) "
                    "theo Quyết định 23-QĐ/TW",
                    "BTGDV",
                    60,
                    [("MTTQ", "góp ý dự thảo")],
                    "on_time",
                ),
                Item(
                    "Tiếp tục thực hiện các chương trình phối hợp công tác dân vận với Công an, "
                    "Quân sự, Biên phòng",
                    "CA",
                    120,
                    [("BCHQS", ""), ("BDBP", "")],
                    "late",
                ),
            ],
            documents=["290-QĐ/TW"],
        ),
        Spec(
            "52",
            "BTGDV",
            "dvan.gialai",
            "briefing",
            "Hội nghị giao ban khối Đảng quý II/2020",
            dt.date(2020, 7, 3),
            "Phòng họp Văn phòng Tỉnh ủy Gia Lai",
            [("Nguyễn Thị Hạnh", "Trưởng ban Dân vận Tỉnh ủy")],
            ["MTTQ", "HND", "HLHPN", "DTN"],
            period="quý II/2020",
            stage="held",
            summary="Giao ban kết quả công tác quý II và nhiệm vụ quý III/2020.",
        ),
        Spec(
            "52",
            "BTGDV",
            "dvan.gialai",
            "interim",
            f'Hội nghị sơ kết công tác xây dựng mô hình "Nông hội" trên địa bàn tỉnh năm {year}',
            dt.date(year, 9, 15),
            "Hội trường Hội Nông dân tỉnh Gia Lai",
            [
                ("Ksor H'Bia", "Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy"),
                ("Rơ Châm Tuấn", "Chủ tịch Hội Nông dân tỉnh"),
            ],
            ["HND", "MTTQ", "UBND", "SNNMT", "NHNN"],
            co=["HND"],
            period=f"9 tháng năm {year}",
            stage="concluded",
            summary="Đánh giá mô hình Nông hội ở các xã vùng đồng bào dân tộc thiểu số.",
            concluded_by=("Ksor H'Bia", "Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy"),
            signer_title="K/T TRƯỞNG BAN\nPHÓ TRƯỞNG BAN",
            assessment="Mô hình Nông hội bước đầu phát huy hiệu quả trong tập hợp nông dân, "
            "tuyên truyền chủ trương xây dựng nông thôn mới trong đồng bào dân tộc thiểu số.",
            items=[
                Item(
                    "Hướng dẫn kiện toàn tổ chức, quy chế hoạt động của các Nông hội",
                    "HND",
                    30,
                    [("MTTQ", "")],
                    "on_time",
                ),
                Item(
                    "Hỗ trợ vốn vay cho hội viên Nông hội phát triển sản xuất",
                    "NHNN",
                    45,
                    [("HND", "bình xét hộ vay")],
                    "progress",
                ),
                Item(
                    "Nhân rộng mô hình Nông hội ở các xã chưa triển khai",
                    "HND",
                    120,
                    [("SNNMT", "hướng dẫn kỹ thuật")],
                    "open",
                ),
            ],
        ),
        Spec(
            "52",
            "BTGDV",
            "dvan.gialai",
            "thematic",
            "Hội nghị chuyên đề công tác dân vận trong hoạt động hòa giải ở cơ sở",
            17,
            "Hội trường Ban Tuyên giáo và Dân vận Tỉnh ủy Gia Lai",
            [("Ksor H'Bia", "Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy")],
            ["STP", "MTTQ", "HLHPN", "CA"],
            stage="planned",
        ),
        Spec(
            "52",
            "BTGDV",
            "dvan.gialai",
            "briefing",
            f"Hội nghị giao ban khối Đảng quý IV/{year}",
            5,
            "Phòng họp Văn phòng Tỉnh ủy Gia Lai",
            [("Ksor H'Bia", "Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy")],
            ["MTTQ", "HND", "HLHPN", "DTN"],
            period=f"quý IV/{year}",
            stage="postponed",
            reason="Trùng lịch Hội nghị Ban Chấp hành Đảng bộ tỉnh",
        ),
        # Seed 003: Quảng Trị (Đakrông), ten years of Nghị quyết 25-NQ/TW.
        Spec(
            "44",
            "BTGDV",
            "dvan.quangtri",
            "final",
            "Hội nghị tổng kết 10 năm thực hiện Nghị quyết số 25-NQ/TW của Ban Chấp hành Trung "
            "ương Đảng (khóa XI) về công tác dân vận trong tình hình mới",
            dt.date(2023, 9, 15),
            "Hội trường Tỉnh ủy Quảng Trị",
            [("Hồ Sỹ Phùng", "Phó Trưởng Ban Dân vận Tỉnh ủy")],
            ["UBND", "MTTQ", "HND", "DTN", "HLHPN", "BCHQS", "BDBP"],
            period="10 năm 2013–2023",
            stage="concluded",
            concluded_by=("Hồ Sỹ Phùng", "Phó Trưởng Ban Dân vận Tỉnh ủy"),
            signer_title="K/T TRƯỞNG BAN\nPHÓ TRƯỞNG BAN",
            assessment="Sau 10 năm, công tác dân vận được cấp ủy, chính quyền các cấp quan tâm; "
            'phong trào thi đua "Dân vận khéo" được đẩy mạnh; tỷ lệ hộ nghèo giảm bình quân '
            "hằng năm 5,12%.",
            items=[
                Item(
                    "Tăng cường tiếp dân, đối thoại của người đứng đầu cấp ủy, chính quyền với "
                    "Nhân dân",
                    "UBND",
                    90,
                    [("MTTQ", "giám sát")],
                    "on_time",
                ),
                Item(
                    'Xây dựng, nhân rộng các mô hình "Dân vận khéo" gắn với xây dựng nông thôn '
                    "mới, giảm nghèo bền vững",
                    "MTTQ",
                    120,
                    [("HND", ""), ("HLHPN", "")],
                    "late",
                ),
            ],
            documents=["25-NQ/TW"],
        ),
        Spec(
            "44",
            "BTGDV",
            "dvan.quangtri",
            "briefing",
            f"Hội nghị giao ban công tác dân vận tháng 11/{year}",
            3,
            "Phòng họp Ban Tuyên giáo và Dân vận Tỉnh ủy Quảng Trị",
            [("Hồ Sỹ Phùng", "Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy")],
            ["UBND", "MTTQ", "HND", "DTN"],
            period=f"tháng 11/{year}",
            stage="invited",
        ),
        Spec(
            "44",
            "BTGDV",
            "dvan.quangtri",
            "interim",
            f"Hội nghị sơ kết 6 tháng thực hiện Kế hoạch công tác dân vận năm {year}",
            dt.date(year, 7, 8),
            "Hội trường Tỉnh ủy Quảng Trị",
            [("Hồ Sỹ Phùng", "Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy")],
            ["UBND", "MTTQ", "HND", "DTN", "HLHPN"],
            period=f"6 tháng đầu năm {year}",
            stage="issued",
            concluded_by=("Hồ Sỹ Phùng", "Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy"),
            signer_title="K/T TRƯỞNG BAN\nPHÓ TRƯỞNG BAN",
            items=[
                Item(
                    "Nắm tình hình nhân dân trước, trong và sau Đại hội Đảng bộ các cấp",
                    "MTTQ",
                    60,
                    [("UBND", "")],
                    "late",
                ),
                Item(
                    "Báo cáo sơ kết việc thực hiện dân chủ ở cơ sở 6 tháng đầu năm",
                    "UBND",
                    30,
                    [],
                    "progress",
                ),
                Item(
                    "Tổng hợp ý kiến đóng góp vào dự thảo văn kiện",
                    "DTN",
                    40,
                    [("HLHPN", "")],
                    "open",
                ),
            ],
        ),
        # Lâm Đồng.
        Spec(
            "68",
            "UBND",
            "hoinghi.lamdong",
            "briefing",
            f"Hội nghị giao ban công tác dân vận chính quyền quý III/{year}",
            dt.date(year, 10, 12),
            "Phòng họp UBND tỉnh Lâm Đồng",
            [("K' Điểu", "Phó Chủ tịch UBND tỉnh")],
            ["SNV", "STP", "BTCD", "SDTTG", "MTTQ"],
            period=f"quý III/{year}",
            stage="concluded",
            concluded_by=("K' Điểu", "Phó Chủ tịch UBND tỉnh"),
            signer_title="TL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG",
            items=[
                Item(
                    "Rà soát, giải quyết dứt điểm kiến nghị của cử tri vùng đồng bào dân tộc "
                    "thiểu số",
                    "SDTTG",
                    20,
                    [("MTTQ", "giám sát")],
                    "on_time",
                ),
                Item(
                    "Kiện toàn Ban Chỉ đạo thực hiện Quy chế dân vận của hệ thống chính trị",
                    "SNV",
                    60,
                    [],
                    "progress",
                ),
            ],
        ),
        Spec(
            "68",
            "UBND",
            "hoinghi.lamdong",
            "final",
            f"Hội nghị tổng kết công tác dân vận chính quyền năm {year}",
            31,
            "Hội trường UBND tỉnh Lâm Đồng",
            [("K' Điểu", "Phó Chủ tịch UBND tỉnh")],
            ["SNV", "STP", "BTCD", "SDTTG", "MTTQ", "BTGDV"],
            period=f"năm {year}",
            stage="planned",
        ),
        Spec(
            "68",
            "UBND",
            "hoinghi.lamdong",
            "thematic",
            "Hội nghị chuyên đề công tác dân vận trong giải phóng mặt bằng các dự án trọng điểm",
            12,
            "Phòng họp UBND tỉnh Lâm Đồng",
            [("K' Điểu", "Phó Chủ tịch UBND tỉnh")],
            ["SXD", "SNNMT", "BQLDA", "MTTQ"],
            stage="cancelled",
            reason="Nội dung được lồng ghép vào Hội nghị tổng kết công tác dân vận năm",
        ),
    ]


def _organisers(orgs: dict[str, Organization]) -> dict[str, User]:
    from danvan.core.services.accounts import membership_grant, user_create
    from danvan.core.services.demo import DEMO_PASSWORD

    users: dict[str, User] = {}
    for username, name, position, role, code in DEMO_ORGANISERS:
        org = orgs.get(code)
        if org is None:
            continue
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                actor=None,
                username=username,
                password=DEMO_PASSWORD,
                full_name=name,
                position=position,
            )
        if not Membership.objects.filter(user=user, organization=org, role=role).exists():
            membership_grant(actor=None, user=user, organization=org, role=role)
        users[username] = user
    return users


def _move(c: Conference, actor: User, to: str, **kw: Any) -> None:
    c.refresh_from_db()
    services.conference_transition(
        conference=c, actor=actor, data=TransitionInput(to=to, expected_version=c.version, **kw)
    )


def _build(
    spec: Spec, orgs: dict[str, Organization], actor: User, today: dt.date
) -> dict[str, int]:
    from danvan.conferences.selectors import legal_documents_visible

    p = spec.province
    org = orgs[f"{p}-{spec.organiser}"]
    day = spec.day if isinstance(spec.day, dt.date) else today + dt.timedelta(days=spec.day)
    # One copy per reference (several bodies may keep the same resolution).
    found: dict[str, int] = {}
    for ref, doc_id in (
        legal_documents_visible(user=actor)
        .filter(reference__in=spec.documents)
        .order_by("id")
        .values_list("reference", "id")
    ):
        found.setdefault(ref, doc_id)
    docs = list(found.values())
    c = services.conference_create(
        actor=actor,
        data=ConferenceInput(
            kind=spec.kind,
            organization_id=org.pk,
            title=spec.title,
            date=day,
            start_time=dt.time(8, 0),
            end_time=dt.time(11, 30),
            place=spec.place,
            chairs=[ChairInput(n, t) for n, t in spec.chairs],
            agenda=spec.agenda,
            period_label=spec.period,
            period_start=spec.period_start,
            period_end=spec.period_end,
            co_organizer_ids=[orgs[f"{p}-{s}"].pk for s in spec.co if f"{p}-{s}" in orgs],
            invited_organization_ids=[
                orgs[f"{p}-{s}"].pk for s in spec.invited if f"{p}-{s}" in orgs
            ],
            document_ids=docs,
        ),
    )
    for name, title in spec.people:
        services.invitee_add(
            conference=c, actor=actor, data=InviteeInput(full_name=name, title=title)
        )
    counts = {"conferences": 1, "conclusions": 0, "tasks": 0}
    if spec.stage == "planned":
        return counts
    if spec.stage in ("postponed", "cancelled") and day > today:
        if spec.stage == "postponed":
            _move(c, actor, "invited", on=min(today, day - dt.timedelta(days=1)))
            _move(c, actor, "postponed", reason=spec.reason, date=day + dt.timedelta(days=14))
        else:
            _move(c, actor, "cancelled", reason=spec.reason)
        return counts
    _move(c, actor, "invited", on=min(today, day - dt.timedelta(days=7)))
    if spec.stage == "invited":
        return counts
    _move(c, actor, "held", summary=spec.summary)
    c.refresh_from_db()
    for invitee in Invitee.objects.filter(conference=c).select_related("organization"):
        code = invitee.organization.code.split("-", 1)[1] if invitee.organization else ""
        if code in spec.absent:
            services.attendance_record(
                invitee=invitee, actor=actor, attendance="absent", reason=spec.absent[code]
            )
        elif code == "HLHPN":
            services.attendance_record(
                invitee=invitee,
                actor=actor,
                attendance="represented",
                represented_by="Phó Chủ tịch Hội Liên hiệp Phụ nữ tỉnh",
            )
        else:
            services.attendance_record(invitee=invitee, actor=actor, attendance="present")
    if spec.stage == "held" or not spec.items:
        return counts
    c.refresh_from_db()
    issued_on = min(today, day + dt.timedelta(days=5))
    items = [
        ConclusionItemInput(
            content=i.content,
            lead_id=orgs[f"{p}-{i.lead}"].pk,
            due=day + dt.timedelta(days=i.due_days),
            supporting=[
                SupportInput(orgs[f"{p}-{s}"].pk, duty)
                for s, duty in i.supporting
                if f"{p}-{s}" in orgs and s != i.lead
            ],
        )
        for i in spec.items
        if f"{p}-{i.lead}" in orgs
    ]
    conclusion = services.conclusion_issue(
        conference=c,
        actor=actor,
        data=ConclusionInput(
            expected_version=c.version,
            concluded_by=spec.concluded_by[0],
            concluded_by_title=spec.concluded_by[1],
            signer_title=spec.signer_title,
            assessment=spec.assessment,
            issued_on=issued_on,
            items=items,
        ),
    )
    counts["conclusions"] = 1
    for item_spec, item in zip(
        [i for i in spec.items if f"{p}-{i.lead}" in orgs],
        c.conclusion_items.select_related("task").order_by("position"),
        strict=True,
    ):
        task = item.task
        assert task is not None
        counts["tasks"] += 1
        if item_spec.outcome == "on_time":
            on = min(today, task.due - dt.timedelta(days=3))
            task_services.task_complete(
                task=task, actor=actor, expected_version=task.version, on=on
            )
        elif item_spec.outcome == "late" and task.due < today:
            on = min(today, task.due + dt.timedelta(days=9))
            task = task_services.task_update_progress(
                task=task, actor=actor, progress=60, expected_version=task.version
            )
            task_services.task_complete(
                task=task, actor=actor, expected_version=task.version, on=on
            )
        elif item_spec.outcome in ("progress", "late"):
            task_services.task_update_progress(
                task=task,
                actor=actor,
                progress=40,
                expected_version=task.version,
                note="Đã xây dựng kế hoạch, đang triển khai",
            )
    if spec.stage == "concluded":
        open_left = Task.objects.filter(
            conference_conclusion__conference=c, status__in=["open", "in_progress"]
        ).exists()
        if not open_left or day.year == today.year:
            _move(c, actor, "concluded", on=max(conclusion.issued_on, min(today, issued_on)))
    return counts


def demo_conferences_load() -> dict[str, Any]:
    """Create the demo conferences (nothing when any conference exists); returns what was done."""
    if Conference.objects.exists():
        return {}
    today = timezone.localdate()
    orgs = {o.code: o for o in Organization.objects.filter(is_active=True, code__contains="-")}
    result: dict[str, Any] = {"conferences": 0, "conclusions": 0, "tasks": 0, "skipped": 0}
    with transaction.atomic():
        users = _organisers(orgs)
        for spec in _specs(today):
            actor = users.get(spec.actor)
            if actor is None or f"{spec.province}-{spec.organiser}" not in orgs:
                result["skipped"] += 1
                continue
            for key, value in _build(spec, orgs, actor, today).items():
                result[key] += value
    result["accounts"] = [u for u, *_rest in DEMO_ORGANISERS]
    return result
