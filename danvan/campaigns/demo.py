"""Demo campaigns in the demo provinces, through the real services (`danvan demo`).

- Lâm Đồng (the former Bình Thuận, seed 001): the Ban Quản lý dự án's campaign persuading the
  households of xã Tiến Lợi (now phường Phan Thiết) to hand over land for the social-housing
  infrastructure project, recognised as a "Dân vận khéo" model: activities from March to
  September 2023, households persuaded over time, every target met, evaluated.
- Gia Lai (seed 004): information and mobilisation against the nCoV-2019 epidemic in 2020
  (evaluated); dengue prevention in the 2025 rainy season (ended, awaiting evaluation); land
  donated to widen an inter-village road in Ia Grai (running).
- Thái Nguyên: dengue prevention in Bắc Kạn, Chợ Đồn, Bạch Thông (running).
- Quảng Trị (seed 003): "Chung sức xây dựng nông thôn mới" in the mountain communes (Đakrông,
  Tà Rụt, La Lay, Hướng Hiệp), running, with activities reported by the communes and the
  Fatherland Front; "Cả nước chung tay vì người nghèo" houses in Đakrông (planned).

The organisations are those of `core.services.demo`; an officer account is added for the
Ban Quản lý dự án of Lâm Đồng (`canbo.bqlda`) when missing. Idempotent: nothing is added when any
campaign exists.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from danvan.campaigns import services
from danvan.campaigns.inputs import (
    ActivityInput,
    CampaignInput,
    FollowUpInput,
    ResultInput,
    TargetInput,
    TransitionInput,
    UnitInput,
)
from danvan.campaigns.models import Campaign
from danvan.core.errors import DomainError
from danvan.core.files import UploadedFileInput
from danvan.core.models import AdminUnit, Membership, Organization, Role, User
from danvan.core.selectors.scope import scope_queryset

logger = logging.getLogger(__name__)

# Accounts the campaigns demo needs beyond the core demo accounts: (username, full name,
# position, role, organisation code).
EXTRA_ACCOUNTS: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "canbo.bqlda",
        "Trần Minh Tiến",
        "Chuyên viên Ban Quản lý dự án đầu tư xây dựng tỉnh",
        Role.OFFICER,
        "68-BQLDA",
    ),
)


@dataclass(frozen=True)
class Act:
    """One activity: days after the start (or a fixed date), kind, commune, reporting unit."""

    when: int | dt.date
    kind: str
    area: str
    org: str  # reporting unit code
    people: int
    description: str
    place: str = ""
    results: tuple[float, ...] = ()  # in target order; 0 = nothing against that target
    units: tuple[str, ...] = ()
    evidence: str = ""  # a short text file as evidence (name)


@dataclass(frozen=True)
class Plan:
    org: str
    kind: str
    title: str
    purpose: str
    target_group: str
    areas: tuple[str, ...]
    units: tuple[tuple[str, str], ...]
    targets: tuple[tuple[str, str, float, float, str], ...]  # label, unit, target, baseline, tally
    starts_on: dt.date
    ends_on: dt.date
    basis_note: str
    basis_reference: str = ""  # a coordination.LegalDocument reference, linked when present
    status: str = "running"  # planned / running / ended / evaluated
    started_on: dt.date | None = None
    activities: tuple[Act, ...] = ()
    ended_on: dt.date | None = None
    evaluation: tuple[str, str, str] = ("", "", "")
    evaluated_on: dt.date | None = None
    tasks: tuple[tuple[str, str, int, tuple[str, ...]], ...] = ()  # title, owner, due days, supp.
    extra: dict[str, Any] = field(default_factory=dict)


def _today() -> dt.date:
    return timezone.localdate()


def _plans() -> list[Plan]:
    today = _today()
    year = today.year
    return [
        Plan(
            org="68-BQLDA",
            kind="mobilisation",
            title=(
                "Vận động người dân bàn giao mặt bằng để triển khai thực hiện Dự án Hạ tầng kỹ "
                "thuật khu nhà ở xã hội tại xã Tiến Lợi"
            ),
            purpose=(
                "Tuyên truyền, vận động các hộ dân có đất trong phạm vi Dự án hiểu rõ chủ trương, "
                "chính sách bồi thường, hỗ trợ, đồng thuận bàn giao mặt bằng đúng tiến độ; giải "
                "quyết kịp thời kiến nghị của người dân, không để phát sinh khiếu kiện đông người."
            ),
            target_group="Các hộ gia đình, cá nhân có đất trong phạm vi Dự án tại xã Tiến Lợi",
            areas=("22945",),
            units=(
                ("22945-UBND", "Chủ trì vận động tại địa bàn, kiểm đếm, niêm yết phương án"),
                ("22945-MTTQ", "Giám sát, vận động hội viên, người có uy tín trong khu dân cư"),
                ("68-SXD", "Hướng dẫn đơn giá bồi thường vật kiến trúc"),
            ),
            targets=(
                ("Số hộ đồng ý bàn giao mặt bằng", "hộ", 45, 0, "sum"),
                ("Diện tích mặt bằng đã bàn giao", "m²", 12500, 0, "sum"),
                ("Tỷ lệ hộ đồng thuận với phương án bồi thường", "%", 100, 40, "latest"),
            ),
            starts_on=dt.date(2023, 3, 1),
            ends_on=dt.date(2023, 9, 30),
            started_on=dt.date(2023, 3, 1),
            basis_note=(
                "Kế hoạch phối hợp thực hiện công tác dân vận năm 2023 của Ban Dân vận Tỉnh ủy và "
                "Ban Cán sự đảng UBND tỉnh Bình Thuận"
            ),
            activities=(
                Act(
                    dt.date(2023, 3, 10),
                    "meeting",
                    "22945",
                    "68-BQLDA",
                    120,
                    "Họp dân công bố chủ trương đầu tư Dự án, phương án bồi thường, hỗ trợ; "
                    "ghi nhận 38 ý kiến của người dân về đơn giá đất và vị trí tái định cư.",
                    place="Nhà văn hóa thôn Tiến Lợi",
                    results=(8, 0, 55),
                    units=("22945-UBND", "22945-MTTQ"),
                    evidence="bien-ban-hop-dan-10-3-2023.txt",
                ),
                Act(
                    dt.date(2023, 4, 18),
                    "visit",
                    "22945",
                    "22945-UBND",
                    46,
                    "Tổ vận động đến từng hộ giải thích chính sách hỗ trợ chuyển đổi nghề, ổn định "
                    "đời sống; 12 hộ đồng ý ký biên bản bàn giao mặt bằng.",
                    results=(12, 3400, 72),
                    units=("68-BQLDA",),
                ),
                Act(
                    dt.date(2023, 5, 5),
                    "loudspeaker",
                    "22945",
                    "22945-UBND",
                    0,
                    "Phát trên loa truyền thanh xã thông báo tiến độ chi trả bồi thường và lịch "
                    "bàn giao mặt bằng (5 buổi sáng liên tiếp).",
                ),
                Act(
                    dt.date(2023, 6, 22),
                    "visit",
                    "22945",
                    "22945-MTTQ",
                    31,
                    "Mặt trận xã phối hợp người có uy tín trong khu dân cư vận động các hộ còn "
                    "băn khoăn; 15 hộ đồng ý bàn giao.",
                    results=(15, 4800, 90),
                    units=("22945-UBND",),
                ),
                Act(
                    dt.date(2023, 8, 29),
                    "meeting",
                    "22945",
                    "68-BQLDA",
                    24,
                    "Đối thoại với 10 hộ cuối cùng về vị trí lô tái định cư; thống nhất bốc thăm "
                    "công khai; 10 hộ ký biên bản bàn giao.",
                    place="Hội trường UBND xã Tiến Lợi",
                    results=(10, 4300, 100),
                    units=("22945-UBND", "22945-MTTQ", "68-SXD"),
                ),
            ),
            status="evaluated",
            ended_on=dt.date(2023, 9, 30),
            evaluated_on=dt.date(2023, 10, 16),
            evaluation=(
                "Hoàn thành 100% chỉ tiêu: 45/45 hộ đồng ý bàn giao, 12.500 m² mặt bằng sạch "
                "bàn giao trước thời hạn; không phát sinh đơn thư khiếu nại đông người. Mô hình "
                "được công nhận là mô hình “Dân vận khéo” của tỉnh.",
                "Công khai, minh bạch phương án bồi thường ngay từ đầu; người đứng đầu trực tiếp "
                "đối thoại; phát huy vai trò người có uy tín trong khu dân cư.",
                "Nhân rộng cách làm cho các dự án có thu hồi đất; sớm bố trí tái định cư trước "
                "khi thu hồi.",
            ),
            tasks=(
                (
                    "Hoàn thiện hồ sơ đề nghị nhân rộng mô hình vận động bàn giao mặt bằng",
                    "68-BQLDA",
                    30,
                    ("22945-UBND",),
                ),
            ),
        ),
        Plan(
            org="52-UBND",
            kind="both",
            title=(
                "Tuyên truyền, vận động Nhân dân phòng, chống dịch viêm đường hô hấp cấp do chủng "
                "vi rút cô-rô-na (nCoV-2019)"
            ),
            purpose=(
                "Nhân dân hiểu đúng, không hoang mang; thực hiện khuyến cáo của ngành y tế; phát "
                "hiện sớm, khai báo y tế người từ vùng dịch về địa phương."
            ),
            target_group="Nhân dân trên địa bàn, người từ vùng dịch trở về",
            areas=("23575", "23764"),
            units=(
                ("52-SYT", "Cung cấp tài liệu, khuyến cáo; tập huấn cho tuyên truyền viên"),
                ("52-MTTQ", "Vận động các tầng lớp Nhân dân, chức sắc tôn giáo"),
                ("23575-UBND", "Triển khai tại phường Pleiku"),
                ("23764-UBND", "Triển khai tại xã Ia Grai"),
            ),
            targets=(
                ("Số lượt người được tuyên truyền trực tiếp", "lượt người", 20000, 0, "sum"),
                ("Số tờ rơi phát hành", "tờ", 15000, 0, "sum"),
                ("Tỷ lệ hộ gia đình được phổ biến khuyến cáo phòng dịch", "%", 95, 0, "latest"),
            ),
            starts_on=dt.date(2020, 2, 1),
            ends_on=dt.date(2020, 5, 31),
            started_on=dt.date(2020, 2, 3),
            basis_note="Chỉ đạo của Ban Thường vụ Tỉnh ủy về phòng, chống dịch nCoV-2019",
            activities=(
                Act(
                    dt.date(2020, 2, 7),
                    "training",
                    "23575",
                    "52-UBND",
                    180,
                    "Tập huấn cho tuyên truyền viên cơ sở về khuyến cáo phòng dịch của Bộ Y tế.",
                    results=(180, 0, 0),
                    units=("52-SYT",),
                ),
                Act(
                    dt.date(2020, 2, 15),
                    "leaflet",
                    "23575",
                    "23575-UBND",
                    9000,
                    "Phát tờ rơi khuyến cáo rửa tay, đeo khẩu trang tại chợ, bến xe, trường học.",
                    results=(9000, 9000, 60),
                ),
                Act(
                    dt.date(2020, 3, 2),
                    "loudspeaker",
                    "23764",
                    "23764-UBND",
                    0,
                    "Phát thanh khuyến cáo bằng tiếng Việt và tiếng Jrai trên loa của các làng.",
                ),
                Act(
                    dt.date(2020, 3, 20),
                    "visit",
                    "23764",
                    "52-MTTQ",
                    7400,
                    "Tổ Covid cộng đồng đến từng hộ hướng dẫn khai báo y tế người từ vùng dịch về.",
                    results=(7400, 6500, 88),
                    units=("23764-UBND",),
                ),
                Act(
                    dt.date(2020, 4, 25),
                    "social",
                    "23575",
                    "52-SYT",
                    4800,
                    "Đăng tin, bài trên trang thông tin điện tử và nhóm Zalo khu dân cư.",
                    results=(4800, 0, 96),
                ),
            ),
            status="evaluated",
            ended_on=dt.date(2020, 5, 31),
            evaluated_on=dt.date(2020, 6, 10),
            evaluation=(
                "Đạt và vượt các chỉ tiêu tuyên truyền; Nhân dân đồng thuận thực hiện các biện "
                "pháp phòng dịch; không có ca lây nhiễm trong cộng đồng tại hai địa bàn.",
                "Dùng tiếng dân tộc và người có uy tín trong làng giúp thông tin đến được với "
                "đồng bào vùng sâu.",
                "Duy trì tổ Covid cộng đồng làm lực lượng tuyên truyền phòng, chống dịch bệnh.",
            ),
        ),
        Plan(
            org="52-UBND",
            kind="information",
            title="Tuyên truyền phòng, chống sốt xuất huyết mùa mưa năm 2025",
            purpose="Giảm số ca mắc sốt xuất huyết; mỗi hộ tự diệt lăng quăng, bọ gậy hằng tuần.",
            target_group="Hộ gia đình tại các khu dân cư có ổ dịch cũ",
            areas=("23575", "23764"),
            units=(
                ("52-SYT", "Giám sát côn trùng, cung cấp tài liệu"),
                ("23575-UBND", "Ra quân vệ sinh môi trường tại phường Pleiku"),
                ("23764-UBND", "Vận động các hộ tại xã Ia Grai"),
            ),
            targets=(
                ("Số hộ được hướng dẫn diệt lăng quăng, bọ gậy", "hộ", 8000, 0, "sum"),
                ("Số buổi ra quân tổng vệ sinh môi trường", "buổi", 10, 0, "sum"),
            ),
            starts_on=dt.date(2025, 6, 1),
            ends_on=dt.date(2025, 10, 31),
            started_on=dt.date(2025, 6, 2),
            basis_note="Kế hoạch phòng, chống dịch bệnh truyền nhiễm năm 2025 của UBND tỉnh",
            activities=(
                Act(
                    dt.date(2025, 6, 14),
                    "meeting",
                    "23575",
                    "23575-UBND",
                    650,
                    "Ra quân tổng vệ sinh môi trường, thu gom vật chứa nước đọng.",
                    results=(420, 1),
                ),
                Act(
                    dt.date(2025, 7, 20),
                    "visit",
                    "23764",
                    "52-SYT",
                    3100,
                    "Cộng tác viên y tế đến từng hộ kiểm tra, hướng dẫn diệt lăng quăng.",
                    results=(3100, 0),
                ),
                Act(
                    dt.date(2025, 9, 6),
                    "visit",
                    "23575",
                    "23575-UBND",
                    2900,
                    "Tổ dân phố phối hợp y tế phường kiểm tra hộ gia đình, phát hiện 37 ổ "
                    "lăng quăng.",
                    results=(2900, 4),
                ),
            ),
            status="ended",
            ended_on=dt.date(2025, 10, 31),
        ),
        Plan(
            org="52-UBND",
            kind="mobilisation",
            title="Vận động Nhân dân hiến đất mở rộng đường liên thôn tại xã Ia Grai",
            purpose="Mở rộng mặt đường liên thôn lên 6 m theo tiêu chí nông thôn mới.",
            target_group="Các hộ có đất giáp tuyến đường liên thôn",
            areas=("23764",),
            units=(("23764-UBND", "Chủ trì vận động, tổ chức họp dân ở từng thôn"),),
            targets=(
                ("Số hộ đồng ý hiến đất", "hộ", 60, 0, "sum"),
                ("Diện tích đất Nhân dân hiến", "m²", 9000, 0, "sum"),
            ),
            starts_on=today.replace(month=1, day=1) if today.month > 2 else dt.date(year - 1, 9, 1),
            ends_on=dt.date(year, 12, 31),
            started_on=today - dt.timedelta(days=50),
            basis_note=(
                "Chỉ thị số 12-CT/TU, ngày 12/3/2018 của Ban Thường vụ Tỉnh ủy về tăng cường sự "
                "lãnh đạo của cấp ủy các cấp về xây dựng nông thôn mới trong đồng bào dân tộc "
                "thiểu số"
            ),
            basis_reference="12-CT/TU",
            activities=(
                Act(
                    40,
                    "meeting",
                    "23764",
                    "23764-UBND",
                    140,
                    "Họp dân các thôn công bố hướng tuyến, mốc giới; 18 hộ đăng ký hiến đất.",
                    results=(18, 2300),
                ),
                Act(
                    15,
                    "visit",
                    "23764",
                    "23764-UBND",
                    26,
                    "Già làng, trưởng thôn cùng cán bộ xã đến từng hộ vận động; 9 hộ đồng ý.",
                    results=(9, 1450),
                ),
            ),
        ),
        Plan(
            org="19-UBND",
            kind="information",
            title=(
                "Tuyên truyền, vận động Nhân dân phòng, chống sốt xuất huyết và dịch bệnh mùa mưa"
            ),
            purpose="Mỗi hộ gia đình chủ động diệt lăng quăng, bọ gậy; phát hiện sớm ca bệnh.",
            target_group="Nhân dân các xã, phường Bắc Kạn, Chợ Đồn, Bạch Thông",
            areas=("01843", "02020", "02014"),
            units=(
                ("19-SYT", "Cung cấp tài liệu; giám sát dịch tễ"),
                ("19-HLHPN", "Vận động hội viên phụ nữ thực hiện “nhà sạch, vườn đẹp”"),
                ("01843-UBND", "Triển khai tại phường Bắc Kạn"),
                ("02020-UBND", "Triển khai tại xã Chợ Đồn"),
            ),
            targets=(
                ("Số hộ được hướng dẫn diệt lăng quăng, bọ gậy", "hộ", 6000, 0, "sum"),
                ("Số buổi ra quân tổng vệ sinh môi trường", "buổi", 12, 0, "sum"),
                ("Tỷ lệ hộ không có ổ lăng quăng khi kiểm tra", "%", 90, 60, "latest"),
            ),
            starts_on=today - dt.timedelta(days=50),
            ends_on=today + dt.timedelta(days=45),
            started_on=today - dt.timedelta(days=45),
            basis_note="Kế hoạch phòng, chống dịch bệnh truyền nhiễm của UBND tỉnh Thái Nguyên",
            activities=(
                Act(
                    40,
                    "training",
                    "01843",
                    "19-UBND",
                    90,
                    "Tập huấn cho cộng tác viên y tế và tổ trưởng tổ dân phố.",
                    units=("19-SYT",),
                ),
                Act(
                    32,
                    "meeting",
                    "01843",
                    "01843-UBND",
                    820,
                    "Ra quân tổng vệ sinh môi trường, thu gom phế thải tại 12 tổ dân phố.",
                    results=(650, 2, 68),
                    units=("19-HLHPN",),
                ),
                Act(
                    20,
                    "visit",
                    "02020",
                    "02020-UBND",
                    1900,
                    "Hội Phụ nữ và y tế xã đến từng hộ kiểm tra dụng cụ chứa nước.",
                    results=(1900, 1, 74),
                    units=("19-HLHPN",),
                ),
                Act(
                    6,
                    "social",
                    "02014",
                    "19-SYT",
                    5200,
                    "Đăng khuyến cáo phòng bệnh trên trang thông tin và nhóm Zalo các thôn.",
                ),
            ),
        ),
        Plan(
            org="44-UBND",
            kind="both",
            title="Chung sức xây dựng nông thôn mới ở các xã miền núi",
            purpose=(
                "Phát huy vai trò chủ thể của Nhân dân; vận động hiến đất, góp ngày công làm "
                "đường giao thông nông thôn, nhà văn hóa thôn ở các xã miền núi."
            ),
            target_group="Nhân dân, đồng bào Vân Kiều, Pa Kô ở các xã miền núi",
            areas=("19564", "19588", "19594", "19555"),
            units=(
                ("44-MTTQ", "Chủ trì cuộc vận động “Toàn dân đoàn kết xây dựng nông thôn mới”"),
                ("44-HND", "Vận động hội viên nông dân góp ngày công"),
                ("19564-UBND", "Triển khai tại xã Đakrông"),
                ("19588-UBND", "Triển khai tại xã Tà Rụt"),
                ("19594-UBND", "Triển khai tại xã La Lay"),
            ),
            targets=(
                ("Diện tích đất Nhân dân hiến làm đường giao thông", "m²", 8000, 0, "sum"),
                ("Số ngày công Nhân dân đóng góp", "ngày công", 3000, 0, "sum"),
                ("Số km đường giao thông nông thôn được cứng hóa", "km", 12, 0, "sum"),
            ),
            starts_on=dt.date(year, 1, 1) if today.month > 2 else dt.date(year - 1, 3, 1),
            ends_on=dt.date(year, 12, 31),
            started_on=today - dt.timedelta(days=120),
            basis_note=(
                "Cuộc vận động “Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh”; kế "
                "hoạch xây dựng nông thôn mới năm của UBND tỉnh Quảng Trị"
            ),
            activities=(
                Act(
                    110,
                    "meeting",
                    "19564",
                    "19564-UBND",
                    210,
                    "Hội nghị phát động tại xã Đakrông; 34 hộ đăng ký hiến đất làm đường.",
                    place="Nhà văn hóa thôn Khe Luồi",
                    results=(2100, 350, 0),
                    units=("44-MTTQ",),
                    evidence="danh-sach-ho-dang-ky-hien-dat.txt",
                ),
                Act(
                    80,
                    "visit",
                    "19588",
                    "44-MTTQ",
                    95,
                    "Mặt trận tỉnh cùng già làng, trưởng bản vận động các hộ ở Tà Rụt.",
                    results=(1500, 420, 0),
                    units=("19588-UBND",),
                ),
                Act(
                    50,
                    "loudspeaker",
                    "19594",
                    "19594-UBND",
                    0,
                    "Phát thanh gương người tốt việc tốt hiến đất làm đường bằng tiếng Pa Kô.",
                ),
                Act(
                    25,
                    "other",
                    "19564",
                    "19564-UBND",
                    160,
                    "Ngày thứ Bảy tình nguyện làm đường bê tông thôn A Rồng Trên.",
                    results=(600, 480, 3.5),
                    units=("44-HND",),
                ),
            ),
            tasks=(
                (
                    "Tổng hợp danh sách hộ hiến đất để biểu dương tại hội nghị sơ kết",
                    "44-UBND",
                    20,
                    ("44-MTTQ",),
                ),
            ),
        ),
        Plan(
            org="19564-UBND",
            kind="mobilisation",
            title=(
                "Cả nước chung tay vì người nghèo: vận động xây dựng nhà Đại đoàn kết cho hộ "
                "nghèo xã Đakrông"
            ),
            purpose="Không để ai bị bỏ lại phía sau; xóa nhà tạm cho hộ nghèo trước mùa mưa bão.",
            target_group="Doanh nghiệp, nhà hảo tâm, cán bộ và Nhân dân trong xã",
            areas=("19564",),
            units=(("19564-MTTQ", "Tiếp nhận, quản lý Quỹ “Vì người nghèo”; bình xét hộ"),),
            targets=(
                ("Số nhà Đại đoàn kết được xây mới, sửa chữa", "nhà", 10, 0, "sum"),
                ("Kinh phí vận động được", "triệu đồng", 500, 0, "sum"),
            ),
            starts_on=today + dt.timedelta(days=14),
            ends_on=today + dt.timedelta(days=120),
            basis_note="Phong trào thi đua “Cả nước chung tay vì người nghèo - Không để ai bị bỏ "
            "lại phía sau”",
            status="planned",
        ),
    ]


def _ensure_accounts() -> None:
    from danvan.core.services.accounts import membership_grant, user_create
    from danvan.core.services.demo import DEMO_PASSWORD

    for username, full_name, position, role, org_code in EXTRA_ACCOUNTS:
        org = Organization.objects.filter(code=org_code).first()
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


def _actor_at(org: Organization, roles: tuple[str, ...]) -> User | None:
    """An active member of `org` (or of its parent) holding one of `roles`."""
    for org_id in (org.pk, org.parent_id):
        if org_id is None:
            continue
        m = (
            Membership.objects.filter(organization_id=org_id, role__in=roles, user__is_active=True)
            .select_related("user")
            .order_by("role", "id")
            .first()
        )
        if m is not None:
            return m.user
    return None


def _evidence(name: str, text: str) -> UploadedFileInput:
    return UploadedFileInput(name=name, data=text.encode("utf-8"), description=name)


def _build(plan: Plan, orgs: dict[str, Organization], areas: dict[str, int]) -> int:
    """Create one campaign and walk it to its state; returns the number of activities."""
    org = orgs.get(plan.org)
    if org is None:
        return -1
    manager = _actor_at(org, (Role.OFFICER, Role.LEADER))
    if manager is None:
        logger.info("campaigns demo: no officer at %s, %s skipped", plan.org, plan.title[:40])
        return -1
    document_id = None
    if plan.basis_reference:
        from danvan.coordination.models import LegalDocument

        # Linked only when the coordination demo made it and the organiser may see it.
        document_id = (
            scope_queryset(LegalDocument.objects.filter(reference=plan.basis_reference), manager)
            .values_list("id", flat=True)
            .first()
        )
    campaign = services.campaign_create(
        actor=manager,
        data=CampaignInput(
            kind=plan.kind,
            organization_id=org.pk,
            title=plan.title,
            purpose=plan.purpose,
            target_group=plan.target_group,
            area_ids=[areas[a] for a in plan.areas if a in areas],
            starts_on=plan.starts_on,
            ends_on=plan.ends_on,
            basis_document_id=document_id,
            basis_note=plan.basis_note,
            units=[UnitInput(orgs[c].pk, part) for c, part in plan.units if c in orgs],
            targets=[
                TargetInput(label=lb, unit=u, target_value=t, baseline=b, tally=tally)
                for lb, u, t, b, tally in plan.targets
            ],
        ),
    )
    if plan.status == "planned":
        return 0
    services.campaign_transition(
        campaign=campaign,
        actor=manager,
        data=TransitionInput(to="running", expected_version=campaign.version, on=plan.started_on),
    )
    target_ids = list(campaign.targets.order_by("position", "id").values_list("id", flat=True))
    count = 0
    for act in plan.activities:
        reporter = orgs.get(act.org)
        if reporter is None:
            continue
        recorder = _actor_at(reporter, (Role.OFFICER, Role.LEADER, Role.FRONT))
        if recorder is None or reporter.pk not in services.permissions.recording_units(
            recorder, campaign
        ):
            recorder = manager
        day = act.when if isinstance(act.when, dt.date) else _today() - dt.timedelta(days=act.when)
        services.activity_record(
            campaign=campaign,
            actor=recorder,
            data=ActivityInput(
                date=day,
                kind=act.kind,
                area_id=areas.get(act.area),
                description=act.description,
                people_reached=act.people,
                place=act.place,
                organization_id=reporter.pk,
                unit_ids=[orgs[u].pk for u in act.units if u in orgs],
                results=[
                    ResultInput(target_id=tid, value=str(v))
                    for tid, v in zip(target_ids, act.results, strict=False)
                    if v
                ],
                files=[_evidence(act.evidence, act.description)] if act.evidence else [],
            ),
        )
        count += 1
    campaign.refresh_from_db()
    for title, owner, due_days, supporting in plan.tasks:
        if owner not in orgs:
            continue
        services.followup_task_create(
            campaign=campaign,
            actor=manager,
            data=FollowUpInput(
                title=title,
                organization_id=orgs[owner].pk,
                due=_today() + dt.timedelta(days=due_days),
                supporting_ids=[orgs[s].pk for s in supporting if s in orgs],
            ),
        )
    if plan.status in ("ended", "evaluated"):
        services.campaign_transition(
            campaign=campaign,
            actor=manager,
            data=TransitionInput(to="ended", expected_version=campaign.version, on=plan.ended_on),
        )
    if plan.status == "evaluated":
        assessment, lessons, recommendations = plan.evaluation
        services.campaign_transition(
            campaign=campaign,
            actor=manager,
            data=TransitionInput(
                to="evaluated",
                expected_version=campaign.version,
                on=plan.evaluated_on,
                assessment=assessment,
                lessons=lessons,
                recommendations=recommendations,
            ),
        )
    return count


def demo_campaigns_load() -> dict[str, int]:
    """Create the demo campaigns (nothing when any campaign exists); returns what was done."""
    if Campaign.objects.exists():
        return {}
    from danvan.core.services.demo import PROVINCES

    plans = _plans()
    codes = {p.org for p in plans} | {c for p in plans for c, _part in p.units}
    codes |= {a.org for p in plans for a in p.activities}
    codes |= {u for p in plans for a in p.activities for u in a.units}
    codes |= {c for p in plans for t in p.tasks for c in (t[1], *t[3])}
    area_codes = {a for p in plans for a in p.areas} | set(PROVINCES)
    done = {"campaigns": 0, "activities": 0}
    with transaction.atomic():
        _ensure_accounts()
        orgs = {
            o.code: o
            for o in Organization.objects.filter(
                code__in=sorted(codes), is_active=True
            ).select_related("area")
        }
        areas = dict(
            AdminUnit.objects.filter(
                code__in=sorted(area_codes), valid_to__isnull=True
            ).values_list("code", "id")
        )
        for plan in plans:
            try:
                with transaction.atomic():
                    n = _build(plan, orgs, areas)
            except DomainError as exc:
                logger.warning("campaigns demo: %s skipped: %s", plan.title[:40], exc.message)
                continue
            if n >= 0:
                done["campaigns"] += 1
                done["activities"] += n
    return done
