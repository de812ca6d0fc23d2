"""Demo Dân vận khéo data: periods and yearly themes, the 65 models registered in Lâm Đồng in
2023 (seed 001 — the former Bình Thuận, now part of Lâm Đồng — with the models the article
names), smaller sets in Quảng Trị, Thái Nguyên and Gia Lai (seed 004's “Nông hội”), some
evaluated by councils with scores, recognised and replicated.

Everything goes through the real services, acting as demo accounts this module adds (a
province Ban Tuyên giáo và Dân vận officer who runs councils, a province leader who recognises,
a Front officer who registers for the Front and mass organisations). Idempotent: a model is
looked up by unit, name and year first, so a second run adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from danvan.core.models import AdminUnit, Membership, Organization, User
from danvan.practices import services
from danvan.practices.inputs import (
    CouncilInput,
    MemberInput,
    PracticeInput,
    RecognitionInput,
    ReplicationInput,
    ScoreInput,
)
from danvan.practices.models import Period, PracticeModel, YearlyTheme

# (username, full name, position, role, organisation code)
DEMO_USERS: list[tuple[str, str, str, str, str]] = [
    (
        "dvk.lamdong",
        "Trần Thị Mỹ Hạnh",
        "Chuyên viên Ban Tuyên giáo và Dân vận Tỉnh ủy",
        "officer",
        "68-BTGDV",
    ),
    ("lanhdao.lamdong", "Nguyễn Hồng Hải", "Phó Chủ tịch UBND tỉnh", "leader", "68-UBND"),
    ("mattran.lamdong", "K' Thị Nhung", "Phó Chủ tịch UBMTTQ tỉnh", "front", "68-MTTQ"),
    ("lanhdao.phanthiet", "Lê Văn Phúc", "Chủ tịch UBND phường Phan Thiết", "leader", "22945-UBND"),
    (
        "dvk.quangtri",
        "Hồ Thị Thanh",
        "Chuyên viên Ban Tuyên giáo và Dân vận Tỉnh ủy",
        "officer",
        "44-BTGDV",
    ),
    (
        "dvk.thainguyen",
        "Nông Văn Thành",
        "Chuyên viên Ban Tuyên giáo và Dân vận Tỉnh ủy",
        "officer",
        "19-BTGDV",
    ),
    ("lanhdao.thainguyen", "Hà Thị Bắc", "Phó Chủ tịch UBND tỉnh", "leader", "19-UBND"),
    ("mattran.thainguyen", "Lục Văn Kạn", "Phó Chủ tịch UBMTTQ tỉnh", "front", "19-MTTQ"),
    (
        "dvk.gialai",
        "Ksor H'Bia",
        "Chuyên viên Ban Tuyên giáo và Dân vận Tỉnh ủy",
        "officer",
        "52-BTGDV",
    ),
    ("lanhdao.gialai", "Rah Lan Chung", "Phó Chủ tịch UBND tỉnh", "leader", "52-UBND"),
    ("mattran.gialai", "Siu H'Mai", "Phó Chủ tịch UBMTTQ tỉnh", "front", "52-MTTQ"),
]
# Per province: (council runner, leader, front officer); Quảng Trị uses the core demo accounts.
PROVINCE_ACTORS: dict[str, tuple[str, str, str]] = {
    "68": ("dvk.lamdong", "lanhdao.lamdong", "mattran.lamdong"),
    "44": ("dvk.quangtri", "lanhdao", "mattran"),
    "19": ("dvk.thainguyen", "lanhdao.thainguyen", "mattran.thainguyen"),
    "52": ("dvk.gialai", "lanhdao.gialai", "mattran.gialai"),
}
PROVINCE_NAMES = {"68": "Lâm Đồng", "44": "Quảng Trị", "19": "Thái Nguyên", "52": "Gia Lai"}

# Demo yearly themes (the 2023 Lâm Đồng/Bình Thuận one is reference data from seed 001).
DEMO_THEMES: list[tuple[str, int, str, str]] = [
    ("68", 2021, "Tỉnh ủy Bình Thuận", "Năm dân vận chính quyền, vì Nhân dân phục vụ"),
    (
        "68",
        2022,
        "Tỉnh ủy Bình Thuận",
        "Đẩy mạnh cải cách hành chính, chuyển đổi số phục vụ Nhân dân",
    ),
    (
        "68",
        2024,
        "Tỉnh ủy Bình Thuận",
        "Vận động Nhân dân chung tay xây dựng nông thôn mới nâng cao, đô thị văn minh",
    ),
    (
        "68",
        2025,
        "Tỉnh ủy Lâm Đồng",
        "Đồng thuận thực hiện sắp xếp đơn vị hành chính, xây dựng chính quyền địa phương hai cấp",
    ),
    ("68", 2026, "Tỉnh ủy Lâm Đồng", "Chính quyền gần dân, phục vụ Nhân dân trên nền tảng số"),
    (
        "44",
        2024,
        "Tỉnh ủy Quảng Trị",
        "Vận động đồng bào dân tộc thiểu số phát triển kinh tế, giảm nghèo bền vững",
    ),
    ("44", 2026, "Tỉnh ủy Quảng Trị", "Gần dân, hiểu dân, giúp dân, học dân ở cơ sở sau sắp xếp"),
    ("19", 2025, "Tỉnh ủy Thái Nguyên", "Vận động Nhân dân giữ rừng, phát triển kinh tế đồi rừng"),
    (
        "52",
        2024,
        "Tỉnh ủy Gia Lai",
        "Phát huy vai trò người có uy tín trong đồng bào dân tộc thiểu số",
    ),
    ("52", 2026, "Tỉnh ủy Gia Lai", "Nông dân chung sức xây dựng nông thôn mới"),
]

F_ECO, F_CUL, F_DEF, F_POL = "economy", "culture_society", "defence_security", "political_system"


@dataclass(frozen=True)
class Spec:
    org: str  # organisation code
    name: str
    field: str
    outcome: (
        str  # registered, launched, evaluated_fail, evaluated_pass, recognised, replicated, stopped
    )
    kind: str = "agency"
    registrant_name: str = ""
    level: str = "province"
    method: str = ""
    outputs: str = ""
    beneficiaries: str = ""


# The models seed 001 names (Bình Thuận, 2023).
SEED_001: list[Spec] = [
    Spec(
        "68-TTRA",
        "Khéo trong công tác tiếp công dân, khéo trong việc giải quyết đơn thư, khiếu nại tố cáo",
        F_POL,
        "recognised",
        method="Lắng nghe, đối thoại trực tiếp với công dân ngay từ khi tiếp nhận đơn; phối hợp "
        "với địa phương xác minh tại chỗ, giải quyết dứt điểm vụ việc ngay từ cơ sở.",
        outputs="Tỷ lệ đơn thuộc thẩm quyền được giải quyết đạt trên 90%; không phát sinh đoàn "
        "đông người vượt cấp; 100% công dân đến tiếp được hướng dẫn đúng quy định.",
        beneficiaries="Công dân đến kiến nghị, khiếu nại, tố cáo",
    ),
    Spec(
        "68-STP",
        "4 không, 2 biết",
        F_POL,
        "replicated",
        method="Cán bộ, công chức thực hiện “4 không”: không hách dịch, không gây phiền hà, không "
        "nhận quà, không trễ hẹn; “2 biết”: biết lắng nghe, biết giải thích đến nơi đến chốn.",
        outputs="100% hồ sơ hành chính tư pháp trả đúng hạn; không có phản ánh về thái độ phục vụ; "
        "mức hài lòng của người dân trên 95%.",
        beneficiaries="Người dân, doanh nghiệp giao dịch thủ tục hành chính tư pháp",
    ),
    Spec(
        "68-STP",
        "Nâng cao chất lượng, hiệu quả công tác phổ biến, giáo dục pháp luật cho cán bộ và "
        "Nhân dân trên địa bàn tỉnh",
        F_POL,
        "evaluated_pass",
        method="Tổ chức tuyên truyền pháp luật lưu động tại thôn, khu phố; biên soạn tài liệu song "
        "ngữ cho đồng bào dân tộc thiểu số; hỏi đáp pháp luật trên mạng xã hội.",
        outputs="120 buổi tuyên truyền với trên 9.000 lượt người nghe; 15.000 tờ gấp được phát; "
        "số vụ hòa giải thành ở cơ sở tăng 12%.",
        beneficiaries="Cán bộ, công chức và Nhân dân trên địa bàn tỉnh",
    ),
    Spec(
        "68-SNV",
        "Sẵn sàng - Nỗ lực - Vô tư - Bảo đảm - Thân thiện",
        F_POL,
        "launched",
        method="Xây dựng phong cách phục vụ của công chức Sở: sẵn sàng tiếp nhận, nỗ lực giải "
        "quyết, vô tư khách quan, bảo đảm đúng hạn, thân thiện với người dân và tổ chức.",
        outputs="100% thủ tục hành chính công bố trên Cổng dịch vụ công; không có hồ sơ trễ hạn.",
        beneficiaries="Cơ quan, tổ chức, cá nhân giao dịch với Sở Nội vụ",
    ),
    Spec(
        "68-BQLDA",
        "Vận động người dân bàn giao mặt bằng để triển khai thực hiện Dự án Hạ tầng kỹ thuật khu "
        "nhà ở xã hội tại xã Tiến Lợi",
        F_ECO,
        "recognised",
        method="Phối hợp với UBND xã, Mặt trận và các đoàn thể đến từng hộ giải thích chính sách "
        "bồi thường, hỗ trợ tái định cư; công khai phương án; đối thoại với các hộ còn vướng mắc.",
        outputs="100% hộ dân bàn giao mặt bằng đúng tiến độ; không có khiếu kiện đông người; dự án "
        "khởi công đúng kế hoạch.",
        beneficiaries="Các hộ dân có đất trong dự án; người thu nhập thấp có nhu cầu nhà ở xã hội",
    ),
]

# Bases for the other models: (suffix of the unit, name, field, registrant kind, registrant name)
OTHER_BASES: list[tuple[str, str, str, str, str]] = [
    ("SYT", "Cán bộ y tế “3 thân thiện” với người bệnh", F_CUL, "agency", ""),
    (
        "SYT",
        "Đưa dịch vụ khám chữa bệnh về thôn, buôn vùng đồng bào dân tộc thiểu số",
        F_CUL,
        "agency",
        "",
    ),
    (
        "SDTTG",
        "Phát huy vai trò người có uy tín trong đồng bào dân tộc thiểu số",
        F_POL,
        "agency",
        "",
    ),
    ("SDTTG", "Vận động chức sắc, tín đồ tôn giáo sống “tốt đời, đẹp đạo”", F_CUL, "agency", ""),
    ("SNNMT", "Vận động ngư dân không khai thác hải sản bất hợp pháp (IUU)", F_ECO, "agency", ""),
    ("SNNMT", "Nông dân chung tay giữ gìn đồng muối sạch", F_ECO, "agency", ""),
    ("SXD", "Vận động Nhân dân chỉnh trang nhà ở, giữ gìn mỹ quan đô thị", F_CUL, "agency", ""),
    ("CA", "Công an lắng nghe Nhân dân nói", F_DEF, "agency", ""),
    ("CA", "Tổ tự quản về an ninh trật tự khu dân cư", F_DEF, "agency", ""),
    ("BCHQS", "Dân quân giúp dân thu hoạch mùa vụ, khắc phục thiên tai", F_DEF, "agency", ""),
    ("BDBP", "Nâng bước em đến trường", F_DEF, "agency", ""),
    ("BDBP", "Mỗi tàu cá là một cột mốc di động trên biển", F_DEF, "agency", ""),
    ("NHNN", "Vận động người dân tránh xa “tín dụng đen”", F_ECO, "agency", ""),
    ("HNB", "Nhà báo đồng hành cùng Nhân dân vùng khó khăn", F_CUL, "front", ""),
    ("HDND", "Tiếp xúc cử tri theo chuyên đề, lắng nghe tâm tư của Nhân dân", F_POL, "agency", ""),
    ("BTCD", "Tiếp công dân bằng cả tấm lòng", F_POL, "agency", ""),
    ("HND", "Tổ hợp tác nông dân sản xuất thanh long an toàn", F_ECO, "front", ""),
    ("HND", "Chi hội nông dân giúp nhau thoát nghèo", F_ECO, "front", ""),
    ("HLHPN", "Phụ nữ tiết kiệm tạo vốn giúp nhau phát triển kinh tế", F_ECO, "front", ""),
    ("HLHPN", "Tuyến đường hoa phụ nữ xanh, sạch, đẹp", F_CUL, "front", ""),
    ("DTN", "Ngày thứ Bảy tình nguyện vì môi trường xanh", F_CUL, "front", ""),
    ("DTN", "Thanh niên hỗ trợ người dân sử dụng dịch vụ công trực tuyến", F_POL, "front", ""),
    ("MTTQ", "Ngôi nhà Đại đoàn kết cho hộ nghèo", F_CUL, "front", ""),
    ("UBND", "Nhà nước và Nhân dân cùng làm đường giao thông nông thôn", F_ECO, "agency", ""),
]
COMMUNE_BASES: list[tuple[str, str, str, str]] = [
    (
        "Khu dân cư văn minh, sạch đẹp, không rác thải nhựa",
        F_CUL,
        "residential_area",
        "Khu phố {n}",
    ),
    ("Tổ dân phố tự quản về vệ sinh môi trường", F_CUL, "residential_area", "Tổ dân phố {n}"),
    ("Chi bộ gắn với dân, hiểu dân, vì dân", F_POL, "party_cell", "Chi bộ thôn {n}"),
    ("Đảng viên giữ mối liên hệ với hộ gia đình", F_POL, "party_cell", "Chi bộ khu phố {n}"),
    ("Hiến đất mở rộng đường, không đền bù", F_ECO, "commune", ""),
    ("Camera an ninh kết nối cộng đồng", F_DEF, "commune", ""),
    ("Một cửa thân thiện, người dân không phải đi lại nhiều lần", F_POL, "commune", ""),
    ("Mặt trận lắng nghe ý kiến Nhân dân", F_POL, "front", ""),
    ("Dòng họ tự quản, không có người vi phạm pháp luật", F_DEF, "front", ""),
]
LAMDONG_COMMUNES = ["22945", "23149", "23236", "24781"]
COMMUNE_NAMES = {
    "22945": "phường Phan Thiết",
    "23149": "xã Tánh Linh",
    "23236": "xã Hàm Tân",
    "24781": "phường Xuân Hương - Đà Lạt",
    "19564": "xã Đakrông",
    "19555": "xã Hướng Hiệp",
    "01843": "phường Bắc Kạn",
    "02020": "xã Chợ Đồn",
    "23575": "phường Pleiku",
    "23764": "xã Ia Grai",
}
# Outcomes of the 60 other Lâm Đồng models, in turn.
OUTCOME_CYCLE = [
    "launched",
    "recognised",
    "evaluated_pass",
    "launched",
    "replicated",
    "evaluated_fail",
    "launched",
    "recognised",
    "registered",
    "launched",
    "recognised",
    "stopped",
]

OTHER_PROVINCES: dict[str, list[Spec]] = {
    "44": [
        Spec(
            "19564-UBND",
            "Già làng, trưởng bản vận động đồng bào Vân Kiều, Pa Kô không di cư tự do",
            F_DEF,
            "recognised",
            "commune",
        ),
        Spec(
            "19564-MTTQ",
            "Mặt trận vận động đồng bào xóa bỏ hủ tục trong việc cưới, việc tang",
            F_CUL,
            "replicated",
            "front",
        ),
        Spec(
            "19555-UBND",
            "Vận động Nhân dân chuyển đổi cây trồng, trồng cà phê xen cây ăn quả",
            F_ECO,
            "evaluated_pass",
            "commune",
        ),
        Spec("44-HND", "Nông dân Quảng Trị sản xuất lúa hữu cơ", F_ECO, "recognised", "front"),
        Spec(
            "44-DTN",
            "Thanh niên tình nguyện xóa nhà tạm cho hộ nghèo vùng cao",
            F_CUL,
            "launched",
            "front",
        ),
        Spec("44-CA", "Công an xã bám dân, bám địa bàn", F_DEF, "launched"),
        Spec("44-STP", "Hòa giải viên giỏi ở thôn, bản", F_POL, "evaluated_fail"),
        Spec("44-BTCD", "Tiếp công dân bằng tiếng đồng bào", F_POL, "registered"),
        Spec(
            "19564-UBND",
            "Chi bộ bản Kợ Rơ đồng hành cùng hộ nghèo",
            F_POL,
            "launched",
            "party_cell",
            "Chi bộ thôn Kợ Rơ",
        ),
        Spec(
            "44-HLHPN",
            "Phụ nữ vùng biên giữ gìn nét đẹp văn hóa truyền thống",
            F_CUL,
            "recognised",
            "front",
        ),
    ],
    "19": [
        Spec(
            "01843-UBND",
            "Vận động Nhân dân hiến đất làm nhà văn hóa tổ dân phố",
            F_CUL,
            "recognised",
            "commune",
        ),
        Spec(
            "02020-UBND",
            "Giữ rừng đầu nguồn gắn với phát triển dược liệu dưới tán rừng",
            F_ECO,
            "replicated",
            "commune",
        ),
        Spec(
            "19-HND",
            "Nông dân Bắc Kạn liên kết sản xuất cam, quýt sạch",
            F_ECO,
            "evaluated_pass",
            "front",
        ),
        Spec("19-DTN", "Thanh niên khởi nghiệp từ sản phẩm OCOP", F_ECO, "launched", "front"),
        Spec("19-SYT", "Bác sĩ về bản khám bệnh miễn phí", F_CUL, "recognised"),
        Spec("19-BCHQS", "Dân quân tự vệ giúp dân phòng, chống cháy rừng", F_DEF, "launched"),
        Spec(
            "02020-UBND",
            "Khu dân cư không có ma túy, tệ nạn xã hội",
            F_DEF,
            "registered",
            "residential_area",
            "Thôn Nà Pục",
        ),
        Spec(
            "19-STP",
            "Trợ giúp pháp lý lưu động cho đồng bào dân tộc thiểu số",
            F_POL,
            "evaluated_fail",
        ),
    ],
    "52": [
        Spec(
            "52-HND",
            "Nông hội",
            F_ECO,
            "replicated",
            "front",
            method="Thành lập Nông hội ở các làng đồng bào dân tộc thiểu số; nông dân cùng bàn "
            "cách làm ăn, giúp nhau vốn, giống, kỹ thuật, giữ đất sản xuất, không bán đất.",
            outputs="Trên 300 Nông hội được thành lập; hàng nghìn hộ đồng bào được hỗ trợ kỹ "
            "thuật, vốn; giảm rõ rệt tình trạng bán đất sản xuất.",
            beneficiaries="Hộ nông dân đồng bào dân tộc thiểu số",
        ),
        Spec(
            "23764-UBND",
            "Làng văn hóa, không có người vi phạm pháp luật",
            F_DEF,
            "recognised",
            "commune",
        ),
        Spec("23575-UBND", "Phố đi bộ văn minh, thân thiện", F_CUL, "evaluated_pass", "commune"),
        Spec("52-SDTTG", "Người có uy tín tham gia hòa giải ở làng", F_POL, "recognised"),
        Spec("52-CA", "Già làng, công an cùng giữ bình yên buôn làng", F_DEF, "launched"),
        Spec(
            "52-HLHPN",
            "Phụ nữ dân tộc thiểu số không sinh con thứ ba, không tảo hôn",
            F_CUL,
            "launched",
            "front",
        ),
        Spec(
            "52-DTN",
            "Đội hình thanh niên tình nguyện hỗ trợ dịch vụ công ở làng",
            F_POL,
            "evaluated_fail",
            "front",
        ),
        Spec(
            "23764-UBND",
            "Chi bộ làng Dơk Lăh vững mạnh",
            F_POL,
            "registered",
            "party_cell",
            "Chi bộ làng Dơk Lăh",
        ),
        Spec("52-BDBP", "Bộ đội Biên phòng nhận đỡ đầu học sinh", F_DEF, "recognised"),
        Spec("52-NHNN", "Tín dụng chính sách đến tận làng", F_ECO, "launched"),
    ],
}

MEMBER_NAMES: dict[str, list[tuple[str, str, str]]] = {
    "68": [
        ("Phạm Văn Thành", "Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy", "chair"),
        (
            "Nguyễn Thị Kim Ngân",
            "Trưởng phòng Dân vận, Ban Tuyên giáo và Dân vận Tỉnh ủy",
            "member",
        ),
        ("Đặng Văn Lợi", "Phó Chủ tịch UBMTTQ tỉnh", "member"),
    ],
    "44": [
        ("Lê Quang Vinh", "Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy", "chair"),
        ("Hồ Thị Mai", "Chuyên viên Ban Tuyên giáo và Dân vận Tỉnh ủy", "member"),
        ("Trần Đình Lộc", "Phó Giám đốc Sở Nội vụ", "member"),
    ],
    "19": [
        ("Ma Văn Lương", "Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy", "chair"),
        ("Triệu Thị Hoa", "Chuyên viên Ban Tuyên giáo và Dân vận Tỉnh ủy", "member"),
        ("Hoàng Văn Quế", "Phó Chủ tịch Hội Nông dân tỉnh", "member"),
    ],
    "52": [
        ("Nay Phi La", "Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy", "chair"),
        ("Rơ Chăm H'Nim", "Chuyên viên Ban Tuyên giáo và Dân vận Tỉnh ủy", "member"),
        ("Đinh Văn Hùng", "Phó Chủ tịch UBMTTQ tỉnh", "member"),
    ],
}


def _ensure_users() -> dict[str, User]:
    from danvan.core.services.accounts import membership_grant, user_create
    from danvan.core.services.demo import DEMO_PASSWORD

    orgs = {o.code: o for o in Organization.objects.filter(code__in=[u[4] for u in DEMO_USERS])}
    users: dict[str, User] = {}
    for username, full_name, position, role, org_code in DEMO_USERS:
        org = orgs.get(org_code)
        if org is None:
            continue
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                actor=None,
                username=username,
                password=DEMO_PASSWORD,
                full_name=full_name,
                position=position,
            )
        if not Membership.objects.filter(user=user, organization=org, role=role).exists():
            membership_grant(actor=None, user=user, organization=org, role=role)
        users[username] = user
    for username in ("lanhdao", "mattran"):
        found = User.objects.filter(username=username).first()
        if found is not None:
            users[username] = found
    return users


def _ensure_themes() -> int:
    made = 0
    for pcode, year, issuer, title in DEMO_THEMES:
        area = (
            AdminUnit.objects.filter(code=pcode, level="province").order_by("-valid_from").first()
        )
        period = Period.objects.filter(start_year__lte=year, end_year__gte=year).first()
        if area is None or period is None:
            continue
        _, created = YearlyTheme.objects.get_or_create(
            year=year,
            area=area,
            title=title,
            defaults={"period": period, "issuer_name": issuer, "source": "Dữ liệu mẫu (demo)"},
        )
        made += int(created)
    return made


class _Builder:
    def __init__(self, users: dict[str, User], seed: int) -> None:
        self.users = users
        self.rng = random.Random(seed)
        self.today = timezone.localdate()
        self.orgs = {o.code: o for o in Organization.objects.select_related("area", "parent").all()}
        self.counts = {"models": 0, "recognised": 0, "councils": 0}

    def registrar(self, org: Organization, pcode: str) -> User:
        from danvan.practices.permissions import can_register_at

        _runner, leader, front = PROVINCE_ACTORS[pcode]
        for name in (leader, front, "lanhdao.phanthiet"):
            user = self.users.get(name)
            if user is not None and can_register_at(user, org):
                return user
        # An agency outside the People's Committee and the Front (Công an, Bộ Chỉ huy Quân sự,
        # HĐND ...): its own demo officer.
        return self.officer_of(org)

    def officer_of(self, org: Organization) -> User:
        from danvan.core.services.accounts import membership_grant, user_create
        from danvan.core.services.demo import DEMO_PASSWORD

        username = f"dvk.{org.code.lower()}"
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                actor=None,
                username=username,
                password=DEMO_PASSWORD,
                full_name=f"Cán bộ phụ trách dân vận — {org.short_name or org.name}",
                position="Cán bộ phụ trách công tác dân vận",
            )
        if not Membership.objects.filter(user=user, organization=org, role="officer").exists():
            membership_grant(actor=None, user=user, organization=org, role="officer")
        self.users[username] = user
        return user

    def theme(self, pcode: str, year: int) -> int | None:
        theme = (
            YearlyTheme.objects.filter(year=year, area__code=pcode)
            .order_by("id")
            .values_list("id", flat=True)
            .first()
        )
        return theme

    def build(self, spec: Spec, pcode: str, registered_on: dt.date, index: int) -> None:
        org = self.orgs.get(spec.org)
        if org is None:
            return
        if PracticeModel.objects.filter(
            organization=org, name=spec.name, year=registered_on.year
        ).exists():
            return
        actor = self.registrar(org, pcode)
        area_name = COMMUNE_NAMES.get(spec.org.split("-")[0], f"tỉnh {PROVINCE_NAMES[pcode]}")
        model = services.practice_register(
            actor=actor,
            data=PracticeInput(
                organization_id=org.pk,
                registrant_kind=spec.kind,
                registrant_name=spec.registrant_name,
                field=spec.field,
                name=spec.name,
                rationale=f"Xuất phát từ yêu cầu thực tế ở {area_name} và chủ đề năm của cấp ủy; "
                "cần cách làm gần dân, hiểu dân để Nhân dân đồng thuận.",
                objectives="Tạo chuyển biến rõ nét trong nhận thức và hành động của cán bộ và "
                "Nhân dân; giải quyết kịp thời những việc người dân quan tâm.",
                success_criteria="Kết quả đo đếm được sau 12 tháng; mức độ hài lòng của người dân; "
                "khả năng nhân rộng.",
                content_method=spec.method
                or "Khảo sát, nắm tình hình; xây dựng kế hoạch; phân công cán bộ, đảng viên phụ "
                "trách từng nhóm hộ; tuyên truyền, vận động trực tiếp; sơ kết, rút kinh nghiệm.",
                area_note=area_name,
                beneficiaries=spec.beneficiaries or "Nhân dân trên địa bàn",
                lead_forces=org.name,
                partner_forces="Mặt trận Tổ quốc và các đoàn thể cùng cấp",
                resources="Kinh phí hoạt động thường xuyên của đơn vị và xã hội hóa",
                start_on=registered_on,
                end_on=dt.date(registered_on.year, 12, 31),
                outputs=spec.outputs
                or "Báo cáo kết quả có số liệu (số hộ được vận động, số việc được giải quyết); "
                "hình ảnh, biên bản họp dân.",
                contact_name="Cán bộ phụ trách của đơn vị",
                registered_on=registered_on,
                theme_id=self.theme(pcode, registered_on.year),
            ),
        )
        self.counts["models"] += 1
        if spec.outcome == "registered":
            return
        launched_on = registered_on + dt.timedelta(days=20 + index % 20)
        if launched_on > self.today:
            return
        services.practice_transition(
            model=model, actor=actor, to="launched", expected_version=model.version, on=launched_on
        )
        if spec.outcome == "stopped":
            services.practice_transition(
                model=model,
                actor=actor,
                to="stopped",
                expected_version=model.version,
                note="Đơn vị sáp nhập theo sắp xếp bộ máy; nội dung lồng ghép vào mô hình khác.",
            )
            return
        if spec.outcome == "launched":
            return
        held_on = min(
            dt.date(registered_on.year, 11, 15) + dt.timedelta(days=index % 25), self.today
        )
        if held_on < launched_on:
            return
        passed = spec.outcome != "evaluated_fail"
        self.evaluate(model, pcode, held_on, passed)
        model.refresh_from_db()
        if spec.outcome in ("evaluated_pass", "evaluated_fail"):
            return
        decision_date = min(held_on + dt.timedelta(days=25), self.today)
        level = spec.level
        old = pcode == "68" and decision_date < dt.date(2025, 7, 1)
        if level == "commune":
            leader = self.users.get("lanhdao.phanthiet")
            issuer = "Ủy ban nhân dân " + ("thành phố Phan Thiết" if old else "phường Phan Thiết")
        else:
            leader = self.users.get(PROVINCE_ACTORS[pcode][1])
            issuer = "Ủy ban nhân dân tỉnh " + ("Bình Thuận" if old else PROVINCE_NAMES[pcode])
        if leader is None:
            return
        services.practice_recognise(
            model=model,
            actor=leader,
            data=RecognitionInput(
                level=level,
                decision_number=f"{1800 + index * 7}/QĐ-UBND",
                decision_date=decision_date,
                decision_issuer=issuer,
                expected_version=model.version,
            ),
        )
        self.counts["recognised"] += 1
        if spec.outcome != "replicated":
            return
        started = min(decision_date + dt.timedelta(days=60), self.today)
        sites = [c for c in LAMDONG_COMMUNES if not spec.org.startswith(c)] if pcode == "68" else []
        for n, code in enumerate(sites[:2] or [""]):
            model.refresh_from_db()
            services.replication_add(
                model=model,
                actor=leader,
                data=ReplicationInput(
                    started_on=started + dt.timedelta(days=n * 10),
                    expected_version=model.version,
                    area_code=code,
                    site_name=COMMUNE_NAMES.get(code, "Các đơn vị trong khối cơ quan tỉnh"),
                    note="Áp dụng cách làm, điều chỉnh phù hợp địa bàn.",
                ),
            )

    def evaluate(self, model: PracticeModel, pcode: str, held_on: dt.date, passed: bool) -> None:
        runner = self.users.get(PROVINCE_ACTORS[pcode][0])
        council_org = self.orgs.get(f"{pcode}-BTGDV")
        if runner is None or council_org is None:
            return
        evaluation = services.evaluation_open(
            model=model,
            actor=runner,
            data=CouncilInput(
                council_org_id=council_org.pk,
                held_on=held_on,
                members=[
                    MemberInput(full_name=n, title=t, role=r) for n, t, r in MEMBER_NAMES[pcode]
                ],
                expected_version=model.version,
                council_decision=f"{100 + model.pk % 300}-QĐ/BTGDVTU",
            ),
        )
        self.counts["councils"] += 1
        criteria = list(evaluation.criteria_set.criteria.order_by("position"))
        for member in evaluation.members.order_by("position"):
            share = self.rng.uniform(0.78, 0.96) if passed else self.rng.uniform(0.45, 0.62)
            points = {
                c.code: (
                    c.max_points * Decimal(str(round(share + self.rng.uniform(-0.05, 0.05), 2)))
                )
                .quantize(Decimal("0.5"))
                .min(c.max_points)
                for c in criteria
            }
            evaluation.refresh_from_db(fields=["version"])
            services.score_record(
                evaluation=evaluation,
                actor=runner,
                data=ScoreInput(
                    member_id=member.pk, points=points, expected_version=evaluation.version
                ),
            )
        evaluation.refresh_from_db()
        services.evaluation_close(
            evaluation=evaluation,
            actor=runner,
            expected_version=evaluation.version,
            conclusion="Mô hình có cách làm phù hợp, kết quả đo đếm được, đề nghị công nhận."
            if passed
            else "Kết quả chưa rõ nét, chưa có số liệu kiểm chứng; đề nghị tiếp tục triển khai.",
            on=held_on,
        )


def _lamdong_specs() -> list[Spec]:
    specs = list(SEED_001)
    others: list[Spec] = []
    for suffix, name, field, kind, rname in OTHER_BASES:
        others.append(Spec(f"68-{suffix}", name, field, "", kind, rname))
    n = 1
    for ccode in LAMDONG_COMMUNES:
        for cname, field, kind, rname in COMMUNE_BASES:
            if len(others) >= 60:
                break
            registrant = rname.format(n=(n % 9) + 1) if rname else ""
            name = (
                cname
                if kind not in ("residential_area", "party_cell")
                else f"{cname} ({registrant})"
            )
            org = f"{ccode}-MTTQ" if kind == "front" else f"{ccode}-UBND"
            level = "commune" if ccode == "22945" and n % 2 == 0 else "province"
            others.append(Spec(org, name, field, "", kind, registrant, level))
            n += 1
    for i, s in enumerate(others[:60]):
        specs.append(
            Spec(
                s.org,
                s.name,
                s.field,
                OUTCOME_CYCLE[i % len(OUTCOME_CYCLE)],
                s.kind,
                s.registrant_name,
                s.level,
            )
        )
    return specs


def demo_practices_load(*, seed: int = 23) -> dict[str, int]:
    """Create what is missing of the demo; returns the counts of what was created."""
    services.practice_reference_load()
    with transaction.atomic():
        users = _ensure_users()
        themes = _ensure_themes()
        b = _Builder(users, seed)
        for i, spec in enumerate(_lamdong_specs()):
            registered_on = dt.date(2023, 2, 10) + dt.timedelta(days=i % 70)
            b.build(spec, "68", registered_on, i)
        for pcode, specs in OTHER_PROVINCES.items():
            for i, spec in enumerate(specs):
                year = 2024 if i % 3 else 2025
                if pcode == "52" and spec.name == "Nông hội":
                    year = 2021
                registered_on = dt.date(year, 3, 1) + dt.timedelta(days=i * 6)
                b.build(spec, pcode, registered_on, i + 100)
        # This year's registrations (period 2026–2030): new, launched, one evaluated against
        # the 2026 criteria set.
        this_year = b.today.year
        if this_year >= 2026:
            fresh = [
                Spec(
                    "68-STP",
                    "Chính quyền số gần dân: hướng dẫn người dân dùng dịch vụ công "
                    "trực tuyến tại nhà",
                    F_POL,
                    "evaluated_pass",
                ),
                Spec(
                    "68-HLHPN", "Phụ nữ Lâm Đồng với nông nghiệp xanh", F_ECO, "launched", "front"
                ),
                Spec(
                    "22945-UBND",
                    "Khu phố không rác thải nhựa ven biển",
                    F_CUL,
                    "registered",
                    "residential_area",
                    "Khu phố Đức Thắng",
                ),
                Spec(
                    "44-SNV",
                    "Sắp xếp bộ máy - người dân không bị gián đoạn giao dịch",
                    F_POL,
                    "launched",
                ),
                Spec(
                    "52-SYT",
                    "Y tế cơ sở đồng hành cùng đồng bào sau sắp xếp xã",
                    F_CUL,
                    "registered",
                ),
            ]
            for i, spec in enumerate(fresh):
                pcode = spec.org.split("-")[0]
                pcode = pcode if pcode in PROVINCE_ACTORS else "68"
                b.build(spec, pcode, dt.date(this_year, 2, 15) + dt.timedelta(days=i * 9), i + 200)
    return {**b.counts, "themes": themes}
