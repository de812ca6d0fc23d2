"""Demo data: the provinces of the seed articles, their agencies and a demo account per role.

Idempotent: everything is looked up by its code or username first, so a second run adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from danvan.core.models import Membership, Organization, User

DEMO_PASSWORD = "danvan-demo-2026"


@dataclass(frozen=True)
class DemoOrg:
    code: str
    name: str
    kind: str
    level: str
    area_code: str
    parent_code: str = ""
    short_name: str = ""


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    position: str
    role: str
    org_code: str


# Provinces of the seed articles as they are since 1/7/2025: Quảng Trị (seed 003, xã Đakrông),
# Lâm Đồng (now including the former Bình Thuận, seed 001), Thái Nguyên (the former Bắc Kạn,
# seed 002), Gia Lai (seed 004).
PROVINCES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "44": (
        "Quảng Trị",
        [
            ("19564", "Đakrông"),
            ("19555", "Hướng Hiệp"),
            ("19567", "Ba Lòng"),
            ("19588", "Tà Rụt"),
            ("19594", "La Lay"),
            ("19333", "Đông Hà"),
        ],
    ),
    "68": (
        "Lâm Đồng",
        [
            ("22945", "Phan Thiết"),
            ("23149", "Tánh Linh"),
            ("23236", "Hàm Tân"),
            ("24781", "Xuân Hương - Đà Lạt"),
        ],
    ),
    "19": ("Thái Nguyên", [("01843", "Bắc Kạn"), ("02020", "Chợ Đồn"), ("02014", "Bạch Thông")]),
    "52": ("Gia Lai", [("23575", "Pleiku"), ("21583", "Quy Nhơn"), ("23764", "Ia Grai")]),
}

# Mountain communes of the demo where travel is hard (vùng sâu, vùng xa).
REMOTE_COMMUNES = ["19564", "19588", "19594", "19555", "02020", "23764"]

PROVINCE_AGENCIES: list[tuple[str, str, str, str]] = [
    # (suffix, name template, kind, parent suffix)
    ("UBND", "Ủy ban nhân dân tỉnh {p}", "ubnd", ""),
    ("BTGDV", "Ban Tuyên giáo và Dân vận Tỉnh ủy {p}", "ban_tgdv", ""),
    ("MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh {p}", "mttq", ""),
    ("TTRA", "Thanh tra tỉnh {p}", "thanh_tra", "UBND"),
    ("CA", "Công an tỉnh {p}", "cong_an", ""),
    ("BTCD", "Ban Tiếp công dân tỉnh {p}", "ban_tcd", "UBND"),
    ("SNNMT", "Sở Nông nghiệp và Môi trường tỉnh {p}", "so_nganh", "UBND"),
    ("SXD", "Sở Xây dựng tỉnh {p}", "so_nganh", "UBND"),
    ("HND", "Hội Nông dân tỉnh {p}", "doan_the", "MTTQ"),
    # The bodies the seed articles name in coordination programmes and Dân vận khéo models.
    ("HDND", "Hội đồng nhân dân tỉnh {p}", "hdnd", ""),
    ("STP", "Sở Tư pháp tỉnh {p}", "so_nganh", "UBND"),
    ("SNV", "Sở Nội vụ tỉnh {p}", "so_nganh", "UBND"),
    ("SYT", "Sở Y tế tỉnh {p}", "so_nganh", "UBND"),
    ("SDTTG", "Sở Dân tộc và Tôn giáo tỉnh {p}", "so_nganh", "UBND"),
    ("BCHQS", "Bộ Chỉ huy Quân sự tỉnh {p}", "khac", ""),
    ("BDBP", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh {p}", "khac", ""),
    ("NHNN", "Ngân hàng Nhà nước chi nhánh tỉnh {p}", "khac", ""),
    ("HNB", "Hội Nhà báo tỉnh {p}", "doan_the", "MTTQ"),
    (
        "BQLDA",
        "Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh {p}",
        "so_nganh",
        "UBND",
    ),
    ("DTN", "Tỉnh đoàn {p}", "doan_the", "MTTQ"),
    ("HLHPN", "Hội Liên hiệp Phụ nữ tỉnh {p}", "doan_the", "MTTQ"),
]


def _commune_prefix(name: str, code: str) -> str:
    wards = {"19333", "22945", "24781", "01843", "23575", "21583"}
    return "phường" if code in wards else "xã"


def demo_organizations() -> list[DemoOrg]:
    orgs = [
        DemoOrg("TW-TTCP", "Thanh tra Chính phủ", "thanh_tra", "national", "", short_name="TTCP"),
    ]
    for pcode, (pname, communes) in PROVINCES.items():
        for suffix, template, kind, parent in PROVINCE_AGENCIES:
            orgs.append(
                DemoOrg(
                    code=f"{pcode}-{suffix}",
                    name=template.format(p=pname),
                    kind=kind,
                    level="province",
                    area_code=pcode,
                    parent_code=f"{pcode}-{parent}" if parent else "",
                )
            )
        for ccode, cname in communes:
            prefix = _commune_prefix(cname, ccode)
            orgs.append(
                DemoOrg(
                    f"{ccode}-UBND",
                    f"Ủy ban nhân dân {prefix} {cname}",
                    "ubnd",
                    "commune",
                    ccode,
                    parent_code=f"{pcode}-UBND",
                )
            )
            orgs.append(
                DemoOrg(
                    f"{ccode}-MTTQ",
                    f"Ủy ban MTTQ Việt Nam {prefix} {cname}",
                    "mttq",
                    "commune",
                    ccode,
                    parent_code=f"{pcode}-MTTQ",
                )
            )
    return orgs


DEMO_ACCOUNTS: list[DemoAccount] = [
    DemoAccount("quantri", "Nguyễn Văn Quản", "Quản trị hệ thống", "administrator", "44-UBND"),
    DemoAccount("lanhdao", "Hồ Thị Lan", "Phó Chủ tịch UBND tỉnh", "leader", "44-UBND"),
    DemoAccount("canbo", "Lê Văn Bình", "Chuyên viên Ban Tiếp công dân", "officer", "44-BTCD"),
    DemoAccount(
        "capuy",
        "Trần Thị Hoà",
        "Phó Trưởng Ban Tuyên giáo và Dân vận",
        "party_committee",
        "44-BTGDV",
    ),
    DemoAccount("mattran", "Hồ Văn Thủy", "Phó Chủ tịch UBMTTQ tỉnh", "front", "44-MTTQ"),
    DemoAccount("thanhtra", "Phạm Minh Đức", "Thanh tra viên", "inspector", "44-TTRA"),
    DemoAccount("xem", "Đặng Thu Hà", "Cán bộ theo dõi", "viewer", "44-UBND"),
    DemoAccount("canbo.dakrong", "Hồ Văn Kiên", "Công chức xã Đakrông", "officer", "19564-UBND"),
    DemoAccount(
        "lanhdao.dakrong", "Căn Thị Nga", "Chủ tịch UBND xã Đakrông", "leader", "19564-UBND"
    ),
    DemoAccount(
        "canbo.lamdong", "Nguyễn Thị Thông", "Chuyên viên Ban Tiếp công dân", "officer", "68-BTCD"
    ),
    DemoAccount("canbo.thainguyen", "Hoàng Văn Kạn", "Chuyên viên UBND tỉnh", "officer", "19-UBND"),
    DemoAccount("canbo.gialai", "Rơ Mah H'Linh", "Chuyên viên UBND tỉnh", "officer", "52-UBND"),
    DemoAccount(
        "canbo.bqlda",
        "Trần Minh Tiến",
        "Chuyên viên Ban Quản lý dự án đầu tư xây dựng tỉnh",
        "officer",
        "68-BQLDA",
    ),
    # Leaders of the Ban Tuyên giáo và Dân vận: programmes, plans, conferences, Dân vận khéo.
    DemoAccount(
        "dvan.quangtri", "Hồ Sỹ Phùng", "Phó Trưởng Ban Tuyên giáo và Dân vận", "leader", "44-BTGDV"
    ),
    DemoAccount(
        "dvan.lamdong",
        "Lê Thị Thu Hà",
        "Phó Trưởng Ban Tuyên giáo và Dân vận",
        "leader",
        "68-BTGDV",
    ),
    DemoAccount(
        "dvan.thainguyen", "Triệu Thị Lộc", "Trưởng Ban Tuyên giáo và Dân vận", "leader", "19-BTGDV"
    ),
    DemoAccount(
        "dvan.gialai", "Ksor H'Bia", "Phó Trưởng Ban Tuyên giáo và Dân vận", "leader", "52-BTGDV"
    ),
]


def demo_data_load() -> list[DemoAccount]:
    """Create the demo organisations and accounts that are missing; return the accounts."""
    from danvan.core.models import AdminUnit
    from danvan.core.services.accounts import membership_grant, user_create
    from danvan.core.services.orgs import organization_create
    from danvan.core.services.units import admin_unit_set_remote

    with transaction.atomic():
        existing = set(Organization.objects.values_list("code", flat=True))
        for org in demo_organizations():
            if org.code in existing:
                continue
            organization_create(
                actor=None,
                code=org.code,
                name=org.name,
                kind=org.kind,
                level=org.level,
                area_code=org.area_code or None,
                parent_code=org.parent_code or None,
                short_name=org.short_name,
            )
        for unit in AdminUnit.objects.filter(
            code__in=REMOTE_COMMUNES, level="commune", valid_to__isnull=True, remote=False
        ):
            admin_unit_set_remote(actor=None, unit=unit, remote=True)
        orgs = {o.code: o for o in Organization.objects.all()}
        for account in DEMO_ACCOUNTS:
            user = User.objects.filter(username=account.username).first()
            if user is None:
                user = user_create(
                    actor=None,
                    username=account.username,
                    password=DEMO_PASSWORD,
                    full_name=account.full_name,
                    position=account.position,
                )
            organization = orgs[account.org_code]
            if not Membership.objects.filter(
                user=user, organization=organization, role=account.role
            ).exists():
                membership_grant(
                    actor=None, user=user, organization=organization, role=account.role
                )
    return DEMO_ACCOUNTS
