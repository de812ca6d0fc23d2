"""Demo submissions on the citizen portal, through the real services (`portal_submit`), in the
demo provinces; a few taken from the inbox, answered publicly and closed by an officer of the
receiving organisation, one of them rated by the citizen.

Idempotent: nothing is added once the portal has submissions; the tracking code of an answered
one is returned either way so `danvan demo` can print it.
"""

from __future__ import annotations

import logging
import random
from typing import Any

from django.utils import timezone

from danvan.core.errors import DomainError
from danvan.core.models import Membership, Role, User
from danvan.petitions.inputs import TransitionInput
from danvan.petitions.models import Petition
from danvan.petitions.services import petition_inbox_acknowledge, petition_transition
from danvan.petitions.services.portal import petition_portal_rate, petition_public_answer_set
from danvan.portal.models import Submission
from danvan.portal.services import SubmissionInput, portal_submit

logger = logging.getLogger(__name__)

PROVINCES = ("44", "68", "19", "52")

TEXTS: tuple[tuple[str, str, str], ...] = (
    (
        "report",
        "Đèn chiếu sáng trên đường liên thôn từ ngã ba chợ đến trường tiểu học bị hỏng gần một "
        "tháng nay, buổi tối học sinh đi học thêm về rất nguy hiểm.",
        "Đề nghị sửa chữa, thay bóng đèn sớm.",
    ),
    (
        "proposal",
        "Kiến nghị xã bố trí thêm giờ tiếp nhận hồ sơ vào sáng thứ Bảy để người lao động ở khu "
        "công nghiệp có thể làm thủ tục hành chính mà không phải nghỉ làm.",
        "Bố trí bộ phận một cửa làm việc sáng thứ Bảy.",
    ),
    (
        "report",
        "Cơ sở chăn nuôi heo ở cuối thôn xả nước thải chưa qua xử lý ra mương thoát nước chung, "
        "mùi hôi nồng nặc ảnh hưởng đến các hộ dân xung quanh.",
        "Kiểm tra, xử lý cơ sở chăn nuôi theo quy định về bảo vệ môi trường.",
    ),
    (
        "complaint",
        "Tôi khiếu nại việc Ủy ban nhân dân xã không cấp giấy xác nhận tình trạng đất đai cho gia "
        "đình tôi dù hồ sơ đã đầy đủ và đã nộp quá thời hạn giải quyết hơn 20 ngày.",
        "Yêu cầu xem xét, cấp giấy xác nhận theo đúng thời hạn.",
    ),
    (
        "proposal",
        "Đường bê tông vào khu sản xuất cà phê đã xuống cấp, mùa mưa xe chở nông sản không đi "
        "được. Bà con sẵn sàng góp công nếu xã hỗ trợ vật liệu.",
        "Đưa tuyến đường vào kế hoạch sửa chữa năm tới theo phương thức Nhà nước và nhân dân cùng "
        "làm.",
    ),
    (
        "denunciation",
        "Tố cáo việc một số người khai thác cát trái phép ban đêm trên đoạn sông gần cầu treo, "
        "dùng xe tải chở đi, làm sạt lở bờ sông và hư hỏng đường dân sinh.",
        "Đề nghị kiểm tra, xử lý nghiêm.",
    ),
)
NAMES = (
    ("Nguyễn Thị Hoa", "Thôn 2"),
    ("Trần Văn Dũng", "Tổ dân phố 5"),
    ("Lê Thị Mai", "Thôn Đông"),
    ("Phạm Văn Sơn", "Thôn Tây"),
    ("Hồ Thị Lan", "Bản Làng Mới"),
)
ANSWER = (
    "Ủy ban nhân dân đã tiếp nhận ý kiến của ông/bà. Ngày {day}, bộ phận chuyên môn đã kiểm tra "
    "thực tế và giao đơn vị liên quan khắc phục trong tháng này. Cảm ơn ông/bà đã phản ánh; nếu "
    "chưa được khắc phục, xin liên hệ bộ phận tiếp công dân."
)


def _officer(org_id: int) -> User | None:
    membership = (
        Membership.objects.filter(
            organization_id=org_id, role__in=(Role.OFFICER, Role.LEADER), user__is_active=True
        )
        .select_related("user")
        .order_by("role", "id")
        .first()
    )
    return membership.user if membership is not None else None


def _answer(petition: Petition, officer: User, *, close: bool) -> None:
    day = timezone.localdate()
    petition_inbox_acknowledge(petition=petition, actor=officer)
    petition.refresh_from_db()
    petition = petition_transition(
        petition=petition,
        actor=officer,
        data=TransitionInput(
            to="triaged",
            reason="Nội dung phản ánh thuộc thẩm quyền; trả lời công dân.",
            expected_version=petition.version,
            outcome="answer",
        ),
    )
    petition_public_answer_set(
        petition=petition,
        actor=officer,
        text=ANSWER.format(day=day.strftime("%d/%m/%Y")),
        expected_version=petition.version,
    )
    if close:
        petition.refresh_from_db()
        petition_transition(
            petition=petition,
            actor=officer,
            data=TransitionInput(
                to="closed",
                reason="Đã trả lời công dân trên Cổng công dân.",
                expected_version=petition.version,
            ),
        )


def _answered_code() -> str:
    row = (
        Submission.objects.filter(petition__public_answer__isnull=False)
        .select_related("petition")
        .order_by("id")
        .first()
    )
    return row.petition.tracking_code if row is not None and row.petition else ""


def demo_portal_load(*, count: int = 12, seed: int = 2026) -> dict[str, Any]:
    from danvan.petitions.demo_text import PROVINCE_PLACES

    if Submission.objects.exists():
        return {"created": 0, "tracking_code": _answered_code()}
    from danvan.portal.selectors import portal_communes

    rng = random.Random(seed)
    known = {
        p: [
            c
            for c in PROVINCE_PLACES.get(p, ())
            if c in {u.code for u in portal_communes(province_code=p)}
        ]
        for p in PROVINCES
    }
    created = 0
    answered = 0
    for index in range(count):
        province = PROVINCES[index % len(PROVINCES)]
        places = known[province]
        commune = rng.choice(places) if places and index % 5 else ""
        kind, content, requests = TEXTS[index % len(TEXTS)]
        name, address = NAMES[index % len(NAMES)]
        anonymous_report = kind in ("report", "proposal") and index % 4 == 3
        try:
            result = portal_submit(
                data=SubmissionInput(
                    kind=kind,
                    province=province,
                    commune=commune,
                    content=content,
                    requests=requests,
                    consent=True,
                    name="" if anonymous_report else name,
                    address="" if anonymous_report else address,
                    phone="" if anonymous_report else f"09{rng.randrange(10**7, 10**8)}",
                ),
                ip_hash=f"demo-{index}",
                user_agent="danvan demo",
            )
        except DomainError as exc:
            logger.info("portal demo: submission %s skipped: %s", index, exc.message)
            continue
        created += 1
        petition = result.submission.petition
        if petition is None or kind not in ("report", "proposal") or answered >= 4:
            continue
        officer = _officer(petition.organization_id)
        if officer is None:
            continue
        try:
            _answer(petition, officer, close=answered % 2 == 0)
            if answered == 2:
                petition.refresh_from_db()
                petition_portal_rate(
                    tracking_code=petition.tracking_code,
                    satisfaction="satisfied",
                    note="Cảm ơn cơ quan đã xử lý nhanh.",
                )
            answered += 1
        except DomainError as exc:
            logger.info("portal demo: answer skipped: %s", exc.message)
    return {"created": created, "answered": answered, "tracking_code": _answered_code()}
