"""Demo data for monitoring: issue reports (vấn đề bức xúc) across the demo provinces, through
the real services, and the alerts they and the petitions raise.

- The pressing issues the Ban Dân vận Tỉnh ủy Bình Thuận followed in 2023 (seed 001: the market
  of Chí Công, the salt fields of Thông Thuận, illegal mining in Tánh Linh and Hàm Tân, unpaid
  wages, run-down health stations, drinking water for ethnic minority villages, the landfill of
  Tân Bình, unfinished motorway underpasses, support to fishermen under Quyết định
  48/2010/QĐ-TTg, land disputes), placed in the Lâm Đồng communes that took those places over
  on 1 July 2025; issues of the same kinds in Quảng Trị, Thái Nguyên and Gia Lai; and one
  everyday issue per demo commune.
- Each report walks its lifecycle with dated steps in the past: verification, escalation to the
  level above with a recommendation (answered, awaiting an answer, or overdue), resolution,
  continued monitoring, periodic updates — so the overdue board, the timeline and the
  escalation box all have something to show.
- Reports are linked to the demo petitions of the same area and topic the reporting officer
  may see (through the petitions selectors), a cluster of petitions is filed as one report, and
  a few are linked to the demo dialogues about the same matter.

Acts as a reporter of each organisation (an existing demo account, or one created with the demo
password when the organisation has none). Idempotent: nothing is added when the demo
organisations already have issue reports; the alert detection then runs again (it is
idempotent too). Runs in a few seconds.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from danvan.core.errors import DomainError
from danvan.core.models import Membership, Organization, Role, User
from danvan.core.selectors.units import admin_unit_territory_ids
from danvan.monitoring.models import IssueReport
from danvan.monitoring.permissions import ANSWER_ROLES, REPORTER_ROLES
from danvan.monitoring.services import reports as services
from danvan.monitoring.states import Status
from danvan.text.normalize import fold

logger = logging.getLogger(__name__)

DEMO_PROVINCES: tuple[str, ...] = ("44", "68", "19", "52")


@dataclass(frozen=True)
class Seed:
    org: str  # reporting organisation code
    area: str  # unit code in force today
    title: str
    description: str
    topic: str
    source: str
    plan: str  # new|verifying|escalated|escalated_late|answered|being_resolved|resolved|...
    days_ago: int
    severity: int = 2
    people: int = 0
    secondary: tuple[str, ...] = ()
    flags: str = ""  # e: ethnic, r: religious, s: security
    detail: str = ""
    updates: tuple[str, ...] = ()
    recommendation: str = ""
    answer: str = ""
    result: str = ""  # the result (resolved) or the reason (unfounded)
    cluster: bool = False  # filed from a cluster of petitions (linked at intake)
    dialogue: str = ""  # words of a demo dialogue's topic to link


SEEDS: tuple[Seed, ...] = (
    # --- Lâm Đồng (the former Bình Thuận): seed 001 ------------------------------------------
    Seed(
        "68-BTGDV",
        "22972",
        "Tiểu thương phản đối việc di dời chợ Chí Công",
        "Việc di dời chợ Chí Công (xã Chí Công cũ, huyện Tuy Phong) về vị trí mới gây bức xúc "
        "cho khoảng 180 hộ tiểu thương: vị trí mới xa khu dân cư, giá thuê ki-ốt cao, chưa có "
        "phương án hỗ trợ. Nhiều hộ tụ tập tại trụ sở UBND xã đề nghị giữ chợ cũ.",
        "kinh_te_do_thi",
        "petitions",
        "monitoring",
        110,
        severity=3,
        people=180,
        detail="Theo dõi theo Công văn 755-CV/TU ngày 5/5/2023 về tăng cường nắm tình hình",
        updates=(
            "Tổ công tác của xã đã họp với đại diện tiểu thương, ghi nhận 5 kiến nghị.",
            "UBND xã thống nhất lộ trình di dời 6 tháng, miễn phí thuê ki-ốt năm đầu.",
        ),
        result="Chợ mới hoạt động ổn định; 170/180 hộ đã nhận ki-ốt, không còn tụ tập.",
        cluster=True,
    ),
    Seed(
        "68-BTGDV",
        "22978",
        "Vướng mắc đất sản xuất muối tại đồng muối Thông Thuận",
        "Diêm dân canh tác trên đồng muối Thông Thuận (huyện Tuy Phong cũ) lo mất đất sản xuất "
        "khi dự án thu hồi đất triển khai; chưa được công khai phương án bồi thường, hỗ trợ "
        "chuyển đổi nghề.",
        "tai_nguyen",
        "commune",
        "being_resolved",
        75,
        severity=3,
        people=250,
        secondary=("dat_dai",),
        updates=("Đã tổ chức đối thoại với 60 hộ diêm dân; các hộ đề nghị đo đạc lại diện tích.",),
    ),
    Seed(
        "23149-UBND",
        "23149",
        "Khai thác khoáng sản trái phép ven sông La Ngà",
        "Ghe hút cát hoạt động ban đêm trên sông La Ngà, gây sạt lở đất vườn của nhiều hộ dân "
        "thôn 3; người dân bức xúc vì đã phản ánh nhiều lần.",
        "tai_nguyen",
        "commune",
        "answered",
        60,
        severity=3,
        people=120,
        flags="s",
        recommendation="Đề nghị UBND tỉnh chỉ đạo Công an tỉnh, Sở Nông nghiệp và Môi trường phối "
        "hợp kiểm tra, xử lý dứt điểm các ghe hút cát trái phép trên sông La Ngà.",
        answer="Giao Công an tỉnh chủ trì, phối hợp Sở Nông nghiệp và Môi trường tổ chức tuần tra "
        "liên ngành trong tháng; UBND xã Tánh Linh khảo sát điểm sạt lở, báo cáo trước ngày 30.",
        updates=("Tuần tra liên ngành đã tạm giữ 2 ghe hút cát.",),
        dialogue="khai thác khoáng sản",
    ),
    Seed(
        "23236-UBND",
        "23236",
        "Khai thác cát trái phép tại xã Hàm Tân",
        "Một số đối tượng khai thác cát trái phép tại khu vực giáp ranh, vận chuyển bằng xe tải "
        "quá tải làm hư hỏng đường liên thôn; người dân ngăn xe phản đối.",
        "tai_nguyen",
        "commune",
        "escalated_late",
        40,
        severity=3,
        people=90,
        flags="s",
        recommendation="Đề nghị UBND tỉnh chỉ đạo kiểm tra, xử lý các điểm khai thác cát trái "
        "phép và yêu cầu đơn vị vận chuyển sửa chữa đường liên thôn.",
    ),
    Seed(
        "22945-UBND",
        "22945",
        "Doanh nghiệp may nợ lương, cắt giảm lao động",
        "Công ty may trên địa bàn nợ lương 3 tháng và chưa đóng bảo hiểm xã hội cho khoảng 600 "
        "công nhân, đồng thời thông báo cắt giảm 200 lao động; công nhân ngừng việc tập thể.",
        "lao_dong",
        "agency",
        "answered",
        45,
        severity=4,
        people=600,
        flags="s",
        detail="Báo cáo nhanh của Liên đoàn Lao động và Công an phường",
        recommendation="Đề nghị UBND tỉnh chỉ đạo các sở, ngành làm việc với doanh nghiệp, có lộ "
        "trình trả nợ lương và đóng bảo hiểm xã hội cho người lao động.",
        answer="Giao Sở Nội vụ chủ trì làm việc với doanh nghiệp trong 5 ngày; doanh nghiệp cam "
        "kết trả nợ lương trong 2 tháng.",
        updates=("Doanh nghiệp đã trả 1 tháng lương; công nhân trở lại làm việc.",),
        dialogue="nợ lương",
    ),
    Seed(
        "68-BTGDV",
        "23008",
        "Trạm Y tế xã Phan Sơn xuống cấp",
        "Trạm Y tế xã Phan Sơn (huyện Bắc Bình cũ) xuống cấp nghiêm trọng: mái dột, tường nứt, "
        "thiếu phòng lưu bệnh; người dân vùng đồng bào phải đi xa để khám, chữa bệnh.",
        "y_te",
        "front",
        "resolved",
        100,
        severity=2,
        people=3000,
        updates=("Sở Y tế đã khảo sát, bố trí vốn sửa chữa trong năm.",),
        result="Trạm Y tế đã được sửa chữa, bàn giao đưa vào sử dụng.",
    ),
    Seed(
        "68-BTGDV",
        "22978",
        "Trạm Y tế xã Phan Dũng (cũ) thiếu trang thiết bị",
        "Trạm Y tế xã Phan Dũng cũ xuống cấp, thiếu trang thiết bị; người dân phản ánh qua Mặt "
        "trận xã.",
        "y_te",
        "front",
        "verifying",
        12,
        people=1500,
    ),
    Seed(
        "68-MTTQ",
        "23005",
        "Đồng bào dân tộc thiểu số thiếu nước sinh hoạt mùa khô",
        "Nhiều hộ đồng bào dân tộc thiểu số tại các xã Phan Hòa, Phan Rí Thành cũ (nay là xã Bắc "
        "Bình) thiếu nước sinh hoạt kéo dài trong mùa khô; giếng khoan cạn, phải mua nước với giá "
        "cao.",
        "nuoc_sinh_hoat",
        "front",
        "being_resolved",
        55,
        severity=3,
        people=1200,
        secondary=("dan_toc",),
        flags="e",
        updates=(
            "Đã vận chuyển nước sạch hỗ trợ 300 hộ.",
            "Khởi công tuyến ống cấp nước liên thôn.",
        ),
        cluster=True,
    ),
    Seed(
        "68-SNNMT",
        "23235",
        "Xe tải chở rác từ tỉnh khác về chôn lấp tại bãi rác Tân Bình",
        "Xe tải từ Đồng Nai, Bà Rịa – Vũng Tàu (cũ) thường xuyên chở rác thải về chôn tại bãi rác "
        "Tân Bình (thị xã La Gi cũ) gây ô nhiễm; người dân chặn xe, tụ tập phản đối.",
        "moi_truong",
        "press",
        "answered",
        35,
        severity=4,
        people=2000,
        flags="s",
        detail="Báo chí phản ánh; Công an phường báo cáo tình hình tụ tập",
        recommendation="Đề nghị UBND tỉnh tạm dừng tiếp nhận rác thải ngoài tỉnh về bãi rác Tân "
        "Bình, kiểm tra việc vận hành bãi rác.",
        answer="Đồng ý tạm dừng tiếp nhận rác ngoài tỉnh từ ngày ký; giao Sở Nông nghiệp và Môi "
        "trường kiểm tra, báo cáo trong 15 ngày.",
        cluster=True,
    ),
    Seed(
        "68-SXD",
        "23236",
        "Hầm chui dân sinh cao tốc chưa hoàn thiện gây khó khăn đi lại",
        "Một số hầm chui dân sinh và đường gom cao tốc chưa hoàn thiện, ngập nước khi mưa, gây "
        "khó khăn cho người dân đi lại, sản xuất.",
        "xay_dung_ha_tang",
        "commune",
        "escalated",
        9,
        severity=2,
        people=800,
        recommendation="Đề nghị UBND tỉnh kiến nghị chủ đầu tư hoàn thiện hầm chui, hệ thống thoát "
        "nước và chiếu sáng trước mùa mưa.",
    ),
    Seed(
        "68-BTGDV",
        "22981",
        "Người dân lo ngại công trình tạm Nhà máy phân tách tro xỉ tại Hang Cò",
        "Thông tin trên mạng xã hội về việc xây dựng công trình tạm Nhà máy phân tách tro xỉ tại "
        "Hang Cò (huyện Tuy Phong cũ) khiến người dân lo ngại ô nhiễm; cần xác minh.",
        "moi_truong",
        "social",
        "verifying",
        6,
        people=300,
    ),
    Seed(
        "68-MTTQ",
        "22969",
        "Ngư dân chưa nhận kinh phí hỗ trợ theo Quyết định 48/2010/QĐ-TTg",
        "Nhiều ngư dân đánh bắt xa bờ phản ánh chậm được chi trả kinh phí hỗ trợ nhiên liệu, bảo "
        "hiểm theo Quyết định 48/2010/QĐ-TTg ngày 13/7/2010 của Thủ tướng Chính phủ.",
        "an_sinh",
        "front",
        "resolved",
        90,
        severity=2,
        people=350,
        updates=("Đã rà soát hồ sơ 120 tàu cá, bổ sung hồ sơ còn thiếu.",),
        result="Đã chi trả kinh phí hỗ trợ cho 118 chủ tàu; 2 hồ sơ không đủ điều kiện đã được "
        "trả lời bằng văn bản.",
        cluster=True,
    ),
    Seed(
        "23149-MTTQ",
        "23149",
        "Tranh chấp đất đai giữa hộ dân và công ty lâm nghiệp",
        "Các hộ dân thôn 5 tranh chấp ranh giới đất sản xuất với công ty lâm nghiệp; hai bên "
        "nhiều lần xô xát, Mặt trận xã đã hòa giải nhưng chưa thành.",
        "dat_dai",
        "front",
        "escalated_late",
        50,
        severity=3,
        people=45,
        recommendation="Đề nghị Ủy ban MTTQ tỉnh kiến nghị UBND tỉnh chỉ đạo đo đạc, xác định "
        "ranh giới đất giữa các hộ và công ty lâm nghiệp.",
    ),
    # --- Quảng Trị -----------------------------------------------------------------------------
    Seed(
        "19564-UBND",
        "19564",
        "Tranh chấp đất sản xuất giữa hai thôn đồng bào Vân Kiều",
        "Hai thôn đồng bào Vân Kiều tranh chấp khu đất sản xuất giáp ranh; có nguy cơ xô xát "
        "trong mùa phát rẫy.",
        "dat_dai",
        "commune",
        "answered",
        70,
        severity=3,
        people=160,
        secondary=("dan_toc",),
        flags="e",
        recommendation="Đề nghị UBND tỉnh chỉ đạo Sở Nông nghiệp và Môi trường hỗ trợ đo đạc, "
        "phân định ranh giới đất sản xuất giữa hai thôn.",
        answer="Giao Sở Nông nghiệp và Môi trường cử đoàn công tác hỗ trợ xã trong tháng.",
        updates=(
            "Già làng, người có uy tín hai thôn đã thống nhất tạm dừng canh tác khu tranh chấp.",
        ),
    ),
    Seed(
        "19588-UBND",
        "19588",
        "Thiếu nước sinh hoạt mùa khô ở các thôn vùng cao",
        "Nhiều hộ đồng bào thiếu nước sinh hoạt vì công trình cấp nước tự chảy hư hỏng.",
        "nuoc_sinh_hoat",
        "commune",
        "being_resolved",
        30,
        severity=3,
        people=420,
        secondary=("dan_toc",),
        flags="e",
    ),
    Seed(
        "19594-UBND",
        "19594",
        "Sạt lở đường vào khu sản xuất sau mưa lớn",
        "Mưa lớn gây sạt lở 300 m đường vào khu sản xuất, bà con không vận chuyển được nông sản.",
        "xay_dung_ha_tang",
        "commune",
        "new",
        2,
        people=200,
    ),
    Seed(
        "44-BTGDV",
        "19555",
        "Hoạt động truyền đạo trái phép tại một số thôn",
        "Một số đối tượng từ nơi khác đến tuyên truyền, lôi kéo người dân theo đạo trái quy định, "
        "gây mất đoàn kết trong cộng đồng.",
        "ton_giao",
        "agency",
        "verifying",
        8,
        severity=3,
        people=30,
        flags="rs",
        detail="Thông tin của Công an xã",
    ),
    Seed(
        "19333-UBND",
        "19333",
        "Bồi thường giải phóng mặt bằng tuyến đường ven biển",
        "Các hộ bị thu hồi đất cho tuyến đường ven biển cho rằng đơn giá bồi thường thấp hơn giá "
        "thị trường.",
        "dat_dai",
        "petitions",
        "monitoring",
        95,
        severity=3,
        people=75,
        recommendation="Đề nghị UBND tỉnh chỉ đạo rà soát đơn giá bồi thường vật kiến trúc.",
        answer="Giao Sở Xây dựng rà soát đơn giá, trình UBND tỉnh trong quý.",
        result="Đơn giá bồi thường đã được điều chỉnh; các hộ đã nhận tiền và bàn giao mặt bằng.",
        cluster=True,
    ),
    Seed(
        "19567-MTTQ",
        "19567",
        "Ô nhiễm mùi hôi từ trại chăn nuôi lợn",
        "Trại chăn nuôi lợn quy mô lớn xả thải gây mùi hôi, ảnh hưởng sinh hoạt của khoảng 100 hộ.",
        "moi_truong",
        "front",
        "being_resolved",
        25,
        people=100,
    ),
    Seed(
        "44-MTTQ",
        "44",
        "Chậm chi trả chế độ cho người có công",
        "Một số địa phương chậm chi trả trợ cấp cho người có công với cách mạng do vướng thủ tục "
        "sau sắp xếp đơn vị hành chính.",
        "an_sinh",
        "front",
        "resolved",
        80,
        people=140,
        result="Đã hoàn thành chi trả, công khai danh sách tại các xã.",
    ),
    Seed(
        "19333-UBND",
        "19333",
        "Phản ánh cán bộ địa chính gây phiền hà",
        "Người dân phản ánh trên mạng xã hội cán bộ địa chính yêu cầu bổ sung giấy tờ không cần "
        "thiết.",
        "can_bo",
        "social",
        "unfounded",
        20,
        result="Đã xác minh: hồ sơ thiếu giấy tờ theo quy định, cán bộ hướng dẫn đúng thủ tục; đã "
        "trả lời công dân.",
    ),
    Seed(
        "19564-UBND",
        "19564",
        "Học sinh phải học nhờ do điểm trường xuống cấp",
        "Điểm trường lẻ xuống cấp, học sinh phải học nhờ nhà văn hóa thôn.",
        "giao_duc",
        "commune",
        "monitoring",
        120,
        people=60,
        secondary=("dan_toc",),
        result="Điểm trường đã được sửa chữa kịp năm học mới.",
    ),
    Seed(
        "44-BTGDV",
        "19555",
        "Đoàn đông người đề nghị giải quyết bồi thường lòng hồ thủy điện",
        "Khoảng 50 người dân đến trụ sở UBND xã đề nghị giải quyết bồi thường, hỗ trợ tái định "
        "cư lòng hồ thủy điện còn tồn đọng.",
        "dat_dai",
        "reception",
        "being_resolved",
        15,
        severity=4,
        people=50,
        flags="s",
        detail="Ban Tiếp công dân tỉnh báo cáo",
        updates=("Lãnh đạo tỉnh đã tiếp, giao các sở rà soát hồ sơ từng hộ.",),
    ),
    # --- Thái Nguyên (the former Bắc Kạn) -------------------------------------------------
    Seed(
        "01843-UBND",
        "01843",
        "Hồ sơ đất đai bị trả lại nhiều lần",
        "Người dân phản ánh hồ sơ cấp giấy chứng nhận quyền sử dụng đất bị trả lại nhiều lần, mỗi "
        "lần một yêu cầu khác.",
        "thu_tuc_hanh_chinh",
        "reception",
        "resolved",
        65,
        people=40,
        result="Đã niêm yết thành phần hồ sơ tại bộ phận một cửa; giải quyết xong 38/40 hồ sơ.",
        dialogue="thủ tục hành chính",
    ),
    Seed(
        "02020-UBND",
        "02020",
        "Khai thác vàng trái phép đầu nguồn",
        "Các đối tượng khai thác vàng trái phép ở đầu nguồn suối, gây đục nước, ảnh hưởng nguồn "
        "nước sinh hoạt.",
        "tai_nguyen",
        "commune",
        "answered",
        50,
        severity=3,
        people=300,
        flags="s",
        recommendation="Đề nghị UBND tỉnh chỉ đạo lực lượng liên ngành truy quét khai thác vàng "
        "trái phép.",
        answer="Giao Công an tỉnh chủ trì truy quét trong quý; xã phối hợp giữ nguồn nước.",
    ),
    Seed(
        "02014-UBND",
        "02014",
        "Nước suối đục do bãi thải quặng",
        "Bãi thải quặng sạt xuống suối sau mưa, nước đục; người dân lo ngại ô nhiễm.",
        "moi_truong",
        "commune",
        "verifying",
        7,
        people=150,
    ),
    Seed(
        "19-BTGDV",
        "19",
        "Giá thu mua nông sản thấp, người dân lo lắng",
        "Giá thu mua hồng không, cam, quýt giảm mạnh; nhiều hộ nợ vay vốn sản xuất.",
        "kinh_te_do_thi",
        "press",
        "new",
        3,
        people=500,
    ),
    Seed(
        "02020-UBND",
        "02020",
        "Thiếu giáo viên ở điểm trường vùng cao",
        "Điểm trường vùng cao thiếu 3 giáo viên, học sinh đồng bào phải học ghép lớp.",
        "giao_duc",
        "commune",
        "being_resolved",
        28,
        people=90,
        secondary=("dan_toc",),
    ),
    Seed(
        "02014-UBND",
        "02014",
        "Đường liên xã xuống cấp nghiêm trọng",
        "Tuyến đường liên xã xuống cấp, nhiều ổ gà; xe cứu thương khó đi lại.",
        "xay_dung_ha_tang",
        "commune",
        "escalated_late",
        45,
        people=2500,
        recommendation="Đề nghị UBND tỉnh bố trí vốn sửa chữa tuyến đường liên xã.",
    ),
    # --- Gia Lai -----------------------------------------------------------------------------
    Seed(
        "23764-UBND",
        "23764",
        "Tranh chấp đất rẫy giữa đồng bào Jrai và người dân nơi khác đến",
        "Tranh chấp đất rẫy kéo dài giữa một số hộ đồng bào Jrai và người dân nơi khác đến; có "
        "dấu hiệu bị lôi kéo khiếu kiện đông người.",
        "dat_dai",
        "commune",
        "answered",
        55,
        severity=3,
        people=70,
        secondary=("dan_toc",),
        flags="es",
        recommendation="Đề nghị UBND tỉnh chỉ đạo xác minh nguồn gốc đất, giải quyết dứt điểm.",
        answer="Giao Sở Nông nghiệp và Môi trường phối hợp UBND xã xác minh nguồn gốc đất.",
    ),
    Seed(
        "52-BTGDV",
        "23764",
        "Sinh hoạt tôn giáo tập trung chưa đăng ký",
        "Một nhóm hộ tổ chức sinh hoạt tôn giáo tập trung tại nhà riêng chưa đăng ký theo quy "
        "định.",
        "ton_giao",
        "agency",
        "verifying",
        10,
        people=40,
        flags="r",
    ),
    Seed(
        "23575-UBND",
        "23575",
        "Ngập úng khu dân cư mỗi khi mưa lớn",
        "Hệ thống thoát nước quá tải, nhiều tuyến phố ngập sâu, nước tràn vào nhà dân.",
        "xay_dung_ha_tang",
        "commune",
        "being_resolved",
        35,
        people=900,
    ),
    Seed(
        "21583-UBND",
        "21583",
        "Ngư dân chưa nhận hỗ trợ nhiên liệu",
        "Ngư dân đánh bắt xa bờ phản ánh chưa nhận hỗ trợ chi phí nhiên liệu.",
        "an_sinh",
        "commune",
        "new",
        4,
        people=200,
    ),
    Seed(
        "52-MTTQ",
        "52",
        "Nông dân khó khăn trả nợ vay khi giá cà phê, hồ tiêu biến động",
        "Giá cà phê, hồ tiêu biến động, nhiều hộ khó khăn trả nợ vay; có tình trạng vay nặng lãi.",
        "khac",
        "front",
        "monitoring",
        85,
        people=1000,
        result="Ngân hàng chính sách đã gia hạn nợ cho các hộ khó khăn.",
    ),
    Seed(
        "21583-UBND",
        "21583",
        "Công nhân khu công nghiệp bị nợ bảo hiểm xã hội",
        "Doanh nghiệp chế biến gỗ nợ bảo hiểm xã hội 8 tháng của 300 công nhân.",
        "lao_dong",
        "agency",
        "escalated",
        12,
        severity=3,
        people=300,
        recommendation="Đề nghị UBND tỉnh chỉ đạo thanh tra việc đóng bảo hiểm xã hội.",
    ),
    Seed(
        "23575-UBND",
        "23575",
        "Lừa đảo qua mạng nhắm vào người cao tuổi",
        "Nhiều người cao tuổi bị lừa chuyển tiền qua điện thoại, mạng xã hội.",
        "an_ninh_trat_tu",
        "social",
        "resolved",
        60,
        people=25,
        result="Công an phường đã tuyên truyền tại các tổ dân phố; không phát sinh vụ mới.",
    ),
)

# One everyday issue per demo commune: (title, description, topic, plan, severity, people).
EVERYDAY: tuple[tuple[str, str, str, str, int, int], ...] = (
    (
        "Đường giao thông nông thôn xuống cấp",
        "Tuyến đường bê tông liên thôn hư hỏng nhiều đoạn, mùa mưa lầy lội.",
        "xay_dung_ha_tang",
        "verifying",
        2,
        300,
    ),
    (
        "Điện sinh hoạt chập chờn, thường xuyên mất điện",
        "Lưới điện hạ thế quá tải, các hộ cuối tuyến điện yếu, thường xuyên mất điện.",
        "nuoc_sinh_hoat",
        "being_resolved",
        2,
        150,
    ),
    (
        "Người dân phản ánh thu phí vệ sinh chưa công khai",
        "Người dân đề nghị công khai mức thu và việc sử dụng phí thu gom rác.",
        "can_bo",
        "resolved",
        1,
        80,
    ),
    (
        "Chậm cấp giấy chứng nhận quyền sử dụng đất",
        "Nhiều hồ sơ cấp giấy chứng nhận quyền sử dụng đất quá hạn giải quyết.",
        "dat_dai",
        "escalated",
        2,
        60,
    ),
    (
        "Rác thải sinh hoạt tồn đọng ven đường",
        "Rác thải không được thu gom kịp thời, tồn đọng ven đường gây mùi hôi.",
        "moi_truong",
        "new",
        1,
        120,
    ),
)

GENERIC_UPDATES = (
    "Tổ công tác đã xuống địa bàn nắm tình hình, tuyên truyền, vận động Nhân dân.",
    "Tình hình ổn định, chưa phát sinh tụ tập; tiếp tục theo dõi.",
    "Đã phối hợp các ngành liên quan làm rõ nguyên nhân, đề xuất hướng xử lý.",
)


# --- Who acts -------------------------------------------------------------------------------


def _slug(text: str) -> str:
    return "".join(ch for ch in fold(text) if ch.isalnum() or ch == ".")


class _Accounts:
    """Finds a reporter or answerer of an organisation, creating a demo account when there is
    none (hashing the demo password once, as the petitions demo does)."""

    def __init__(self, counts: Counter[str]) -> None:
        self.counts = counts
        self.hashed = ""
        self.cache: dict[tuple[int, tuple[str, ...]], User] = {}

    def _existing(self, org: Organization, roles: tuple[str, ...]) -> User | None:
        rows = (
            Membership.objects.filter(organization=org, role__in=roles, user__is_active=True)
            .select_related("user")
            .order_by("id")
        )
        by_role = {m.role: m.user for m in reversed(list(rows))}
        for role in roles:
            if role in by_role:
                return by_role[role]
        return None

    def _create(self, org: Organization, role: str, username: str, position: str) -> User:
        from django.test.utils import override_settings

        from danvan.core.services.accounts import user_create
        from danvan.core.services.demo import DEMO_PASSWORD

        base, n = username, 1
        while User.objects.filter(username=username).exists():
            n += 1
            username = f"{base}{n}"
        fields: dict[str, Any] = {
            "actor": None,
            "username": username,
            "password": DEMO_PASSWORD,
            "full_name": f"Cán bộ {org.name}"[:150],
            "position": position,
            "organization": org,
            "role": role,
        }
        self.counts["accounts_created"] += 1
        if not self.hashed:
            user = user_create(**fields)
            self.hashed = user.password
            return user
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            user = user_create(**fields)
        User.objects.filter(pk=user.pk).update(password=self.hashed)
        user.password = self.hashed
        return user

    def reporter(self, org: Organization) -> User:
        key = (org.pk, REPORTER_ROLES)
        if key in self.cache:
            return self.cache[key]
        roles: tuple[str, ...]
        if org.kind == "ban_tgdv":
            roles = (Role.PARTY_COMMITTEE, Role.OFFICER, Role.LEADER)
        elif org.kind == "mttq":
            roles = (Role.FRONT, Role.OFFICER, Role.LEADER)
        else:
            roles = (Role.OFFICER, Role.LEADER)
        user = self._existing(org, roles)
        if user is None:
            slug = _slug(org.code.lower().replace("-", "."))
            if org.kind == "ban_tgdv":
                user = self._create(
                    org,
                    Role.PARTY_COMMITTEE,
                    f"dangvan.{slug}",
                    "Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy",
                )
            elif org.kind == "mttq":
                user = self._create(org, Role.FRONT, f"mattran.{slug}", "Cán bộ Ủy ban MTTQ")
            else:
                user = self._create(org, Role.OFFICER, f"namtinhhinh.{slug}", "Công chức")
        self.cache[key] = user
        return user

    def answerer(self, org: Organization) -> User:
        key = (org.pk, ANSWER_ROLES)
        if key in self.cache:
            return self.cache[key]
        user = self._existing(org, (Role.LEADER, Role.OFFICER, Role.PARTY_COMMITTEE))
        if user is None:
            slug = _slug(org.code.lower().replace("-", "."))
            user = self._create(org, Role.OFFICER, f"chuyenvien.{slug}", "Chuyên viên")
        self.cache[key] = user
        return user


# --- The walk through the lifecycle ---------------------------------------------------------


class _Walk:
    """Dated steps of one report, never after today nor before the previous step."""

    def __init__(self, report: IssueReport, today: dt.date) -> None:
        self.report = report
        self.today = today
        self.start = report.reported_on
        self.span = max(1, (today - self.start).days)
        self.last = self.start

    def at(self, fraction: float) -> dt.date:
        day = self.start + dt.timedelta(days=round(self.span * fraction))
        day = min(max(day, self.last), self.today)
        self.last = day
        return day

    def fresh(self) -> IssueReport:
        self.report.refresh_from_db()
        return self.report


def _move(walk: _Walk, actor: User, to: str, fraction: float, **kw: Any) -> None:
    report = walk.fresh()
    services.report_transition(
        report=report,
        actor=actor,
        data=services.MoveInput(to=to, expected_version=report.version, on=walk.at(fraction), **kw),
    )


def _update(walk: _Walk, actor: User, text: str, fraction: float, **kw: Any) -> None:
    report = walk.fresh()
    services.report_update_add(
        report=report,
        actor=actor,
        text=text,
        expected_version=report.version,
        on=walk.at(fraction),
        **kw,
    )


def _play(seed: Seed, report: IssueReport, actor: User, accounts: _Accounts, today: dt.date) -> str:
    walk = _Walk(report, today)
    plan = seed.plan
    updates = list(seed.updates) or [GENERIC_UPDATES[report.pk % len(GENERIC_UPDATES)]]
    if plan == "new":
        return Status.NEW
    verify_text = "Giao bộ phận chuyên môn, Mặt trận và các đoàn thể xác minh, nắm tình hình."
    escalating = plan in ("escalated", "escalated_late", "answered")
    _move(
        walk, actor, Status.VERIFYING, 0.05 if plan == "escalated_late" else 0.12, text=verify_text
    )
    if plan == "verifying":
        if walk.span >= 6:
            _update(walk, actor, updates[0], 0.6)
        return Status.VERIFYING
    if plan == "unfounded":
        _move(walk, actor, Status.UNFOUNDED, 0.5, text=seed.result or "Thông tin không chính xác.")
        return Status.UNFOUNDED
    if escalating or seed.recommendation:
        targets = services.escalation_targets(walk.fresh())
        if targets:
            recommendation = seed.recommendation or "Đề nghị cấp trên chỉ đạo giải quyết."
            _move(
                walk,
                actor,
                Status.ESCALATED,
                0.1 if plan == "escalated_late" else 0.25,
                escalated_to_id=targets[0].pk,
                recommendation=recommendation,
            )
            if plan in ("escalated", "escalated_late"):
                if plan == "escalated_late" and walk.span >= 20:
                    _update(
                        walk, actor, "Tình hình chưa có chuyển biến, đang chờ ý kiến cấp trên.", 0.7
                    )
                return Status.ESCALATED
            report = walk.fresh()
            answerer = accounts.answerer(targets[0])
            services.report_escalation_answer(
                report=report,
                actor=answerer,
                answer=seed.answer or "Giao các cơ quan chuyên môn phối hợp giải quyết.",
                expected_version=report.version,
                on=walk.at(0.4),
            )
        elif plan in ("escalated", "escalated_late"):
            plan = "being_resolved"
    _move(walk, actor, Status.BEING_RESOLVED, 0.5, text="Triển khai các biện pháp giải quyết.")
    for i, text in enumerate(updates):
        _update(walk, actor, text, 0.6 + 0.1 * i)
    if plan in ("being_resolved", "answered"):
        return Status.BEING_RESOLVED
    _move(walk, actor, Status.RESOLVED, 0.85, text=seed.result or "Đã giải quyết xong.")
    if plan == "monitoring":
        _move(walk, actor, Status.MONITORING, 0.95)
        return Status.MONITORING
    return Status.RESOLVED


# --- Links ------------------------------------------------------------------------------------


def _related_petitions(actor: User, report_area_id: int, topic: str, limit: int) -> list[int]:
    """Demo petitions of the report's area and topic that the reporter may see, newest first."""
    from danvan.petitions.selectors import PetitionFilters, petition_list

    territory = sorted(admin_unit_territory_ids(report_area_id))
    return list(
        petition_list(user=actor, filters=PetitionFilters(topic=topic))
        .filter(area_id__in=territory)
        .order_by("-received_on", "-id")
        .values_list("id", flat=True)[:limit]
    )


def _link_dialogue(report: IssueReport, actor: User, words: str, counts: Counter[str]) -> None:
    from danvan.dialogues.selectors import DialogueFilters, dialogue_list

    dialogue = dialogue_list(user=actor, filters=DialogueFilters(q=words)).first()
    if dialogue is None:
        return
    try:
        services.report_link_add(
            report=report,
            actor=actor,
            target_type="dialogues.dialogue",
            target_id=dialogue.pk,
            note="Đối thoại với Nhân dân về vấn đề này",
        )
        counts["links_dialogue"] += 1
    except DomainError as exc:
        logger.info("demo dialogue link skipped: %s", exc.message)


def _link_petitions(report: IssueReport, actor: User, ids: list[int], counts: Counter[str]) -> None:
    for pk in ids:
        try:
            services.report_link_add(
                report=report,
                actor=actor,
                target_type="petitions.petition",
                target_id=pk,
                note="Đơn thư cùng địa bàn, cùng lĩnh vực",
            )
            counts["links_petition"] += 1
        except DomainError as exc:
            logger.info("demo petition link skipped: %s", exc.message)


# --- The load -------------------------------------------------------------------------------


def _demo_org_codes() -> list[str]:
    from danvan.core.services.demo import PROVINCES

    codes = [f"{p}-{s}" for p in PROVINCES for s in ("UBND", "BTGDV", "MTTQ", "SNNMT", "SXD")]
    for _name, communes in PROVINCES.values():
        codes += [f"{c}-{s}" for c, _n in communes for s in ("UBND", "MTTQ")]
    return codes


def _everyday_seeds(orgs: dict[str, Organization]) -> list[Seed]:
    from danvan.core.services.demo import PROVINCES

    seeds: list[Seed] = []
    index = 0
    for _name, communes in PROVINCES.values():
        for code, _cname in communes:
            if f"{code}-UBND" not in orgs:
                continue
            title, text, topic, plan, severity, people = EVERYDAY[index % len(EVERYDAY)]
            seeds.append(
                Seed(
                    f"{code}-UBND",
                    code,
                    title,
                    text,
                    topic,
                    "commune",
                    plan,
                    5 + (index * 7) % 40,
                    severity=severity,
                    people=people,
                    recommendation="Đề nghị cấp trên hỗ trợ kinh phí, chỉ đạo giải quyết."
                    if plan == "escalated"
                    else "",
                )
            )
            index += 1
    return seeds


def demo_monitoring_load() -> dict[str, int]:
    """Load the demo issue reports (idempotent) and raise the alerts; returns counters."""
    started = time.perf_counter()
    counts: Counter[str] = Counter()
    today = timezone.localdate()
    orgs = {
        o.code: o
        for o in Organization.objects.filter(
            code__in=_demo_org_codes(), is_active=True
        ).select_related("area", "parent")
    }
    existing = IssueReport.objects.filter(organization__in=list(orgs.values())).count()
    if not orgs:
        counts["skipped_no_orgs"] = 1
    elif existing:
        counts["skipped_existing"] = existing
    else:
        accounts = _Accounts(counts)
        for seed in (*SEEDS, *_everyday_seeds(orgs)):
            _load_one(seed, orgs, accounts, today, counts)
    counts["alerts"] = _alerts()
    result = dict(sorted(counts.items()))
    result["seconds"] = int(time.perf_counter() - started)
    return result


def _load_one(
    seed: Seed,
    orgs: dict[str, Organization],
    accounts: _Accounts,
    today: dt.date,
    counts: Counter[str],
) -> None:
    org = orgs.get(seed.org)
    if org is None:
        counts["skipped_missing_org"] += 1
        return
    actor = accounts.reporter(org)
    area_code = seed.area
    try:
        from danvan.core.selectors.units import admin_unit_on

        area = admin_unit_on(code=area_code, on=today)
        cluster = _related_petitions(actor, int(area.pk), seed.topic, 4) if seed.cluster else []
        source = seed.source if seed.source != "petitions" or cluster else "commune"
        report = services.report_create(
            actor=actor,
            data=services.ReportInput(
                organization_id=org.pk,
                title=seed.title,
                description=seed.description,
                source=source,
                source_detail=seed.detail,
                topic=seed.topic,
                secondary_topics=list(seed.secondary),
                area_code=area_code,
                flag_ethnic="e" in seed.flags,
                flag_religious="r" in seed.flags,
                flag_security="s" in seed.flags,
                severity=seed.severity,
                people_affected=seed.people,
                reported_on=today - dt.timedelta(days=seed.days_ago),
                update_every_days=7 if seed.severity >= 3 else 14,
                petition_ids=cluster,
            ),
        )
        counts["reports"] += 1
        counts["links_petition"] += len(cluster)
        if not seed.cluster:
            _link_petitions(
                report, actor, _related_petitions(actor, int(area.pk), seed.topic, 2), counts
            )
        if seed.dialogue:
            _link_dialogue(report, actor, seed.dialogue, counts)
        final = _play(seed, report, actor, accounts, today)
    except DomainError as exc:
        logger.warning("demo issue report skipped (%s): %s", seed.title, exc.message)
        counts["skipped"] += 1
        return
    counts[f"status_{final}"] += 1
    if seed.severity == 4:
        counts["severity_4"] += 1
    if seed.flags:
        counts["sensitive"] += 1


def _alerts() -> int:
    """Run the early-warning detection over everything (another part of monitoring)."""
    try:
        from danvan.monitoring.services.alerts import alerts_detect_all
    except ImportError:
        return 0
    try:
        result: Any = alerts_detect_all()
    except DomainError as exc:
        logger.warning("demo alert detection failed: %s", exc.message)
        return 0
    if isinstance(result, dict):
        return int(result.get("created_total", result.get("created", 0)) or 0)
    return int(result or 0)


__all__ = ["SEEDS", "demo_monitoring_load"]
