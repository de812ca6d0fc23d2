# ruff: noqa: E501 (demo sentences are kept whole, one per line)
"""Demo consultations in the demo provinces, through the real services (`danvan demo`).

- Gia Lai (seed 004: "tổng hợp ý kiến đóng góp vào các dự thảo văn kiện Đại hội đảng bộ các
  cấp"; "cấp ủy đảng, chính quyền nghiêm túc lắng nghe, tiếp thu ý kiến … của nhân dân"): the
  provincial People's Committee's draft resolution on housing support for poor and near-poor
  households, open, with citizens' comments waiting for moderation, published ones and the
  Front's and the Farmers' Association's comments; the Ban Tuyên giáo và Dân vận's draft
  political report of the provincial Party congress, closed, half answered.
- Quảng Trị: xã Đakrông's village convention (hương ước) of thôn A Vao, consulted among the
  commune's people, closed and synthesised: similar comments grouped, each group or comment
  answered (tiếp thu / giải trình / ghi nhận), the synthesis report numbered; the provincial
  People's Committee's draft scheme on mass mobilisation in government, still being drafted.

Idempotent: nothing is added when any draft exists. Accounts and organisations are those of
`core.services.demo`; a draft whose account or organisation is missing is skipped.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from danvan.consultations import services
from danvan.consultations.inputs import (
    CitizenCommentInput,
    DraftInput,
    ModerationInput,
    OrganizationCommentInput,
    ResponseInput,
    SynthesisInput,
    TransitionInput,
)
from danvan.consultations.models import Comment, Draft, Section
from danvan.core.errors import DomainError
from danvan.core.models import AdminUnit, Organization, User

logger = logging.getLogger(__name__)

HOUSING_TEXT = """Căn cứ Luật Tổ chức chính quyền địa phương;
Căn cứ Luật Ngân sách nhà nước;
Chương I
NHỮNG QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Nghị quyết này quy định chính sách hỗ trợ xây mới, sửa chữa nhà ở cho hộ nghèo, hộ cận nghèo trên địa bàn tỉnh Gia Lai giai đoạn 2026 - 2030.
Điều 2. Đối tượng áp dụng
1. Hộ nghèo theo chuẩn nghèo đa chiều giai đoạn 2026 - 2030 chưa có nhà ở hoặc nhà ở bị hư hỏng nặng.
2. Các cơ quan, tổ chức, cá nhân có liên quan.
Chương II
CHÍNH SÁCH HỖ TRỢ
Điều 3. Mức hỗ trợ
1. Xây mới nhà ở: 40 triệu đồng/hộ.
2. Sửa chữa nhà ở: 20 triệu đồng/hộ.
Điều 4. Hồ sơ, thủ tục
Hộ gia đình nộp đơn đề nghị hỗ trợ kèm giấy xác nhận của Ủy ban nhân dân xã, biên bản họp thôn và bản vẽ thiết kế nhà ở.
Điều 5. Thời gian giải ngân
Kinh phí hỗ trợ được cấp theo tiến độ xây dựng, sau khi nghiệm thu từng phần.
Chương III
TỔ CHỨC THỰC HIỆN
Điều 6. Trách nhiệm thi hành
Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết này; Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh giám sát việc thực hiện.
"""

CONVENTION_TEXT = """Chương I
QUY ĐỊNH CHUNG
Điều 1. Mục đích
Hương ước này quy định những việc Nhân dân thôn A Vao cùng thực hiện để xây dựng thôn văn hóa, giữ gìn bản sắc của đồng bào Vân Kiều, Pa Kô.
Chương II
NỘI DUNG CỤ THỂ
Điều 2. Giữ gìn vệ sinh, chăn nuôi
Không thả rông trâu, bò, lợn; gia súc phải nuôi trong chuồng trại cách xa nhà ở.
Điều 3. Việc cưới
Tổ chức đám cưới tiết kiệm, không kéo dài quá 3 ngày, không thách cưới.
Điều 4. Việc tang
Người chết được chôn cất trong vòng 48 giờ tại nghĩa địa của thôn.
Điều 5. Đóng góp xây dựng đường thôn
Mỗi khẩu đóng góp 200 nghìn đồng để làm đường bê tông liên thôn.
Điều 6. Xử lý vi phạm
Hộ vi phạm bị phạt tiền từ 200 nghìn đồng đến 500 nghìn đồng.
"""

PARTY_TEXT = """Phần thứ nhất
Điều 1. Đánh giá kết quả thực hiện Nghị quyết Đại hội nhiệm kỳ 2020 - 2025
Kinh tế tăng trưởng khá; công tác xây dựng Đảng và hệ thống chính trị được đẩy mạnh; công tác dân vận của hệ thống chính trị đạt nhiều kết quả quan trọng.
Điều 2. Hạn chế, yếu kém
Công tác nắm bắt, đánh giá và dự báo tình hình nhân dân có lúc, có nơi chưa kịp thời, sâu sát.
Điều 3. Phương hướng nhiệm kỳ 2025 - 2030
Tiếp tục thực hiện tốt quy chế dân chủ ở cơ sở; tăng cường đối thoại, tiếp thu ý kiến của Nhân dân.
"""

SCHEME_TEXT = """Điều 1. Mục tiêu
Nâng cao hiệu quả công tác dân vận chính quyền; cán bộ, công chức gần dân, hiểu dân, trọng dân.
Điều 2. Nhiệm vụ, giải pháp
Cải cách thủ tục hành chính, tăng cường đối thoại với Nhân dân, làm tốt công tác tiếp công dân.
"""


def _user(username: str) -> User | None:
    return User.objects.filter(username=username, is_active=True).first()


def _org(code: str) -> Organization | None:
    return Organization.objects.filter(code=code, is_active=True).first()


def _unit(code: str) -> AdminUnit | None:
    return AdminUnit.objects.filter(code=code, valid_to__isnull=True).first()


def _article(draft: Draft, number: str) -> int:
    return int(
        Section.objects.filter(draft=draft, kind="article", number=number)
        .values_list("pk", flat=True)
        .get()
    )


def _open(draft: Draft, actor: User, text: str) -> Draft:
    services.sections_import(draft=draft, actor=actor, text=text, expected_version=draft.version)
    draft.refresh_from_db()
    return services.draft_transition(
        draft=draft, actor=actor, data=TransitionInput(to="open", expected_version=draft.version)
    )


def _citizen(draft: Draft, article: str | None, text: str, name: str, area: str) -> Comment:
    unit = _unit(area)
    return services.comment_submit_public(
        draft=draft,
        data=CitizenCommentInput(
            text=text,
            name=name,
            section_id=_article(draft, article) if article else None,
            area_id=unit.pk if unit else None,
        ),
        ip_hash="demo",
    )


def _publish(comment: Comment, actor: User) -> None:
    comment.refresh_from_db()
    services.comment_moderate(
        comment=comment,
        actor=actor,
        data=ModerationInput(to="published", expected_version=comment.version),
    )


def _housing(today: dt.date) -> tuple[int, int]:
    actor, org = _user("canbo.gialai"), _org("52-UBND")
    if actor is None or org is None:
        return 0, 0
    draft = services.draft_create(
        actor=actor,
        data=DraftInput(
            kind="resolution",
            title=(
                "Nghị quyết quy định chính sách hỗ trợ nhà ở cho hộ nghèo, hộ cận nghèo trên địa "
                "bàn tỉnh Gia Lai giai đoạn 2026 - 2030"
            ),
            summary=(
                "Dự thảo trình Hội đồng nhân dân tỉnh: mức hỗ trợ xây mới, sửa chữa nhà ở, hồ sơ, "
                "thủ tục và thời gian giải ngân."
            ),
            opens_on=today - dt.timedelta(days=10),
            closes_on=today + dt.timedelta(days=20),
            organization_id=org.pk,
        ),
    )
    draft = _open(draft, actor, HOUSING_TEXT)
    comments = [
        (
            "3",
            "Đề nghị nâng mức hỗ trợ xây mới nhà ở cho hộ nghèo lên 50 triệu đồng/hộ.",
            "Rơ Châm Hyưn",
            "23764",
        ),
        (
            "3",
            "Mức hỗ trợ 40 triệu là thấp so với giá vật liệu hiện nay, nên nâng lên 50 triệu đồng mỗi hộ nghèo.",
            "Nguyễn Văn Hòa",
            "23575",
        ),
        (
            "2",
            "Đề nghị bổ sung hộ cận nghèo vào đối tượng được hỗ trợ nhà ở.",
            "Ksor Y Blang",
            "23764",
        ),
        (
            "4",
            "Thủ tục hồ sơ đề nghị hỗ trợ còn rườm rà, bản vẽ thiết kế nên bỏ với nhà dưới 50 m².",
            "Trần Thị Mai",
            "21583",
        ),
        (
            "5",
            "Nên quy định rõ thời gian giải ngân trong 30 ngày kể từ khi nghiệm thu.",
            "Lê Văn Sơn",
            "23575",
        ),
        (
            None,
            "Tôi đồng ý với dự thảo, chính sách rất thiết thực với bà con vùng khó khăn.",
            "Rơ Mah Hiên",
            "23764",
        ),
    ]
    made = [_citizen(draft, a, t, n, c) for a, t, n, c in comments]
    for c in made[:3]:
        _publish(c, actor)
    for code, article, text in (
        (
            "52-MTTQ",
            "3",
            "Ủy ban MTTQ tỉnh đề nghị ưu tiên hộ đồng bào dân tộc thiểu số ở vùng sâu, vùng xa và huy động thêm Quỹ Vì người nghèo.",
        ),
        (
            "52-HND",
            "4",
            "Hội Nông dân tỉnh đề nghị đơn giản hóa hồ sơ, cho phép biên bản họp thôn thay giấy xác nhận.",
        ),
    ):
        other = _org(code)
        if other is not None:
            services.comment_enter(
                draft=draft,
                actor=actor,
                data=OrganizationCommentInput(
                    text=text, section_id=_article(draft, article), organization_id=other.pk
                ),
            )
    return 1, len(made) + 2


def _convention(today: dt.date) -> tuple[int, int]:
    actor, org, area = _user("lanhdao.dakrong"), _org("19564-UBND"), _unit("19564")
    if actor is None or org is None or area is None:
        return 0, 0
    draft = services.draft_create(
        actor=actor,
        data=DraftInput(
            kind="convention",
            title="Hương ước thôn A Vao, xã Đakrông",
            summary="Dự thảo hương ước do Ban công tác Mặt trận thôn chủ trì soạn thảo, lấy ý kiến Nhân dân trước khi hội nghị thôn biểu quyết.",
            opens_on=today - dt.timedelta(days=25),
            closes_on=today + dt.timedelta(days=5),
            organization_id=org.pk,
            audience="area",
            audience_area_id=area.pk,
        ),
    )
    draft = _open(draft, actor, CONVENTION_TEXT)
    texts = [
        (
            "2",
            "Quy định cấm thả rông gia súc là hợp lý, nhưng cần có thời gian để bà con làm chuồng.",
            "Hồ Văn Thâm",
        ),
        (
            "2",
            "Đồng ý cấm thả rông trâu bò nhưng nên cho bà con thời gian làm chuồng trại.",
            "Hồ Thị Dung",
        ),
        ("3", "Đám cưới không nên kéo dài quá 2 ngày, tránh lãng phí.", "Hồ Văn Lâm"),
        ("3", "Tổ chức đám cưới chỉ nên trong 2 ngày để tránh tốn kém lãng phí.", "Căn Thị Hoa"),
        (
            "5",
            "Hộ nghèo khó đóng góp 200 nghìn đồng mỗi khẩu để làm đường, đề nghị miễn giảm.",
            "Hồ Văn Pả",
        ),
        (
            "6",
            "Đề nghị bỏ quy định phạt tiền trong hương ước vì không đúng thẩm quyền.",
            "Hồ Thị Lan",
        ),
        ("6", "Hương ước không được quy định phạt tiền, đề nghị bỏ điều này.", "Hồ Văn Chiêng"),
        (None, "Bán hàng giá rẻ, liên hệ số điện thoại trên trang cá nhân.", "Khách"),
    ]
    made = [_citizen(draft, a, t, n, "19564") for a, t, n in texts]
    for c in made[:-1]:
        _publish(c, actor)
    spam = made[-1]
    spam.refresh_from_db()
    services.comment_moderate(
        comment=spam,
        actor=actor,
        data=ModerationInput(to="rejected", expected_version=spam.version, reason="advertising"),
    )
    front = _org("19564-MTTQ")
    if front is not None:
        services.comment_enter(
            draft=draft,
            actor=actor,
            data=OrganizationCommentInput(
                text="Ban Thường trực Ủy ban MTTQ xã đề nghị bổ sung quy định khen thưởng hộ gia đình thực hiện tốt hương ước.",
                section_id=_article(draft, "1"),
                organization_id=front.pk,
            ),
        )
    draft.refresh_from_db()
    draft = services.draft_transition(
        draft=draft, actor=actor, data=TransitionInput(to="closed", expected_version=draft.version)
    )
    services.groups_suggest(draft=draft, actor=actor)
    answers = {
        "2": (
            "accepted",
            "Tiếp thu: bổ sung thời hạn 6 tháng để các hộ làm chuồng trại.",
            "Điều 2: “… Sau 6 tháng kể từ ngày hương ước có hiệu lực, không thả rông trâu, bò, lợn …”.",
        ),
        "3": (
            "accepted",
            "Tiếp thu: rút ngắn thời gian tổ chức đám cưới.",
            "Điều 3: “… không kéo dài quá 2 ngày …”.",
        ),
        "5": (
            "explained",
            "Giải trình: hộ nghèo được Ban phát triển thôn xem xét miễn, giảm theo biên bản họp thôn; mức đóng góp do hội nghị thôn quyết định theo Luật Thực hiện dân chủ ở cơ sở.",
            "",
        ),
        "6": (
            "accepted",
            "Tiếp thu: hương ước không quy định phạt tiền; bỏ nội dung này, thay bằng hình thức nhắc nhở, phê bình tại cuộc họp thôn.",
            "Điều 6: “Hộ vi phạm bị nhắc nhở, phê bình tại cuộc họp thôn.”",
        ),
        "1": (
            "noted",
            "Ghi nhận: việc khen thưởng thực hiện theo quy định chung của xã, không đưa vào hương ước.",
            "",
        ),
    }
    from danvan.consultations.selectors import answerables

    for row in answerables(draft):
        number = row.section.number if row.section else ""
        kind, text, change = answers.get(number, ("noted", "Ghi nhận ý kiến.", ""))
        services.response_set(
            draft=draft,
            actor=actor,
            data=ResponseInput(kind=kind, text=text, change=change),
            comment=row.comments[0] if row.group is None else None,
            group=row.group,
        )
    draft.refresh_from_db()
    services.draft_synthesis_publish(
        draft=draft,
        actor=actor,
        data=SynthesisInput(
            expected_version=draft.version,
            summary="Nhân dân thôn A Vao đồng tình cao với dự thảo; các ý kiến được tiếp thu đã sửa vào dự thảo trình hội nghị thôn.",
            signer="Căn Thị Nga",
            position="Chủ tịch",
        ),
    )
    return 1, len(made) + 1


def _party(today: dt.date) -> tuple[int, int]:
    actor, org = _user("dvan.gialai"), _org("52-BTGDV")
    if actor is None or org is None:
        return 0, 0
    draft = services.draft_create(
        actor=actor,
        data=DraftInput(
            kind="party_document",
            title="Dự thảo Báo cáo chính trị trình Đại hội đại biểu Đảng bộ tỉnh Gia Lai",
            summary="Lấy ý kiến Nhân dân, cán bộ, đảng viên vào dự thảo văn kiện Đại hội.",
            opens_on=today - dt.timedelta(days=30),
            closes_on=today + dt.timedelta(days=1),
            organization_id=org.pk,
        ),
    )
    draft = _open(draft, actor, PARTY_TEXT)
    made = [
        _citizen(
            draft,
            "2",
            "Cần làm rõ nguyên nhân chủ quan của hạn chế trong công tác nắm tình hình nhân dân.",
            "Phạm Văn Đức",
            "23575",
        ),
        _citizen(
            draft,
            "3",
            "Đề nghị bổ sung nhiệm vụ phát huy vai trò người có uy tín trong đồng bào dân tộc thiểu số.",
            "Siu H'Nhi",
            "23764",
        ),
    ]
    for c in made:
        _publish(c, actor)
    draft.refresh_from_db()
    draft = services.draft_transition(
        draft=draft, actor=actor, data=TransitionInput(to="closed", expected_version=draft.version)
    )
    first = Comment.objects.get(pk=made[0].pk)
    services.response_set(
        draft=draft,
        actor=actor,
        data=ResponseInput(
            kind="accepted",
            text="Tiếp thu, bổ sung phân tích nguyên nhân chủ quan.",
            change="Phần thứ nhất, mục Hạn chế: bổ sung đoạn về nguyên nhân chủ quan.",
        ),
        comment=first,
    )
    return 1, len(made)


def _scheme(today: dt.date) -> tuple[int, int]:
    actor, org = _user("lanhdao"), _org("44-UBND")
    if actor is None or org is None:
        return 0, 0
    draft = services.draft_create(
        actor=actor,
        data=DraftInput(
            kind="scheme",
            title="Đề án nâng cao hiệu quả công tác dân vận chính quyền tỉnh Quảng Trị",
            opens_on=today + dt.timedelta(days=7),
            closes_on=today + dt.timedelta(days=37),
            organization_id=org.pk,
        ),
    )
    services.sections_import(
        draft=draft, actor=actor, text=SCHEME_TEXT, expected_version=draft.version
    )
    return 1, 0


def demo_consultations_load() -> dict[str, Any]:
    """Load the demo drafts once; answer how many drafts and comments were made."""
    if Draft.objects.exists():
        return {}
    today = timezone.localdate()
    drafts = comments = 0
    for build in (_housing, _convention, _party, _scheme):
        try:
            with transaction.atomic():
                d, c = build(today)
        except DomainError as exc:  # a demo world without the expected units
            logger.warning("consultations demo: %s skipped: %s", build.__name__, exc.message)
            continue
        drafts += d
        comments += c
    return {"drafts": drafts, "comments": comments}
