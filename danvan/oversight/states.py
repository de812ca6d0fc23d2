"""The two lifecycles of oversight as explicit tables, and the codes the API and data use.

Supervision (giám sát, phản biện xã hội of the Front and the mass organisations):
planned -> in_progress -> findings_reported -> recommendations_sent -> closed; planned,
in_progress and findings_reported may be cancelled; findings_reported may close directly when
nothing needs recommending.

Inspection (kiểm tra việc thực hiện chỉ thị, nghị quyết):
planned -> announced -> in_progress -> concluded -> closed; anything before the conclusion may
be cancelled. `supervision_transition` and `inspection_transition` refuse anything else.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SupervisionKind(models.TextChoices):
    THEMATIC = "thematic", _("Giám sát chuyên đề")
    REGULAR = "regular", _("Giám sát thường xuyên")
    CRITICISM = "criticism", _("Phản biện xã hội")


class SupervisionStatus(models.TextChoices):
    PLANNED = "planned", _("Đã lập kế hoạch")
    IN_PROGRESS = "in_progress", _("Đang giám sát")
    FINDINGS_REPORTED = "findings_reported", _("Đã báo cáo kết quả")
    RECOMMENDATIONS_SENT = "recommendations_sent", _("Đã gửi kiến nghị")
    CLOSED = "closed", _("Đã kết thúc")
    CANCELLED = "cancelled", _("Đã hủy")


SUPERVISION_TRANSITIONS: dict[str, frozenset[str]] = {
    SupervisionStatus.PLANNED: frozenset(
        {SupervisionStatus.IN_PROGRESS, SupervisionStatus.CANCELLED}
    ),
    SupervisionStatus.IN_PROGRESS: frozenset(
        {SupervisionStatus.FINDINGS_REPORTED, SupervisionStatus.CANCELLED}
    ),
    SupervisionStatus.FINDINGS_REPORTED: frozenset(
        {
            SupervisionStatus.RECOMMENDATIONS_SENT,
            SupervisionStatus.CLOSED,
            SupervisionStatus.CANCELLED,
        }
    ),
    SupervisionStatus.RECOMMENDATIONS_SENT: frozenset({SupervisionStatus.CLOSED}),
    SupervisionStatus.CLOSED: frozenset(),
    SupervisionStatus.CANCELLED: frozenset(),
}
SUPERVISION_TERMINAL: frozenset[str] = frozenset(
    {SupervisionStatus.CLOSED, SupervisionStatus.CANCELLED}
)
# Findings are written while supervising and until the recommendations go out.
FINDING_STATES: frozenset[str] = frozenset(
    {SupervisionStatus.IN_PROGRESS, SupervisionStatus.FINDINGS_REPORTED}
)
# Recommendations are drafted before they are sent; once sent, only follow-ups are added.
DRAFT_RECOMMENDATION_STATES: frozenset[str] = frozenset(
    {SupervisionStatus.IN_PROGRESS, SupervisionStatus.FINDINGS_REPORTED}
)


class RecommendationStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo, chưa gửi")
    AWAITING = "awaiting", _("Chờ trả lời")
    ANSWERED = "answered", _("Đã trả lời")
    SATISFACTORY = "satisfactory", _("Đã trả lời, đạt yêu cầu")
    FOLLOWED_UP = "followed_up", _("Đã kiến nghị lại")


class AnswerResult(models.TextChoices):
    ACCEPTED = "accepted", _("Tiếp thu")
    PARTLY = "partly", _("Tiếp thu một phần")
    NOT_ACCEPTED = "not_accepted", _("Không tiếp thu, có giải trình")


class Assessment(models.TextChoices):
    SATISFACTORY = "satisfactory", _("Đạt yêu cầu")
    FOLLOW_UP = "follow_up", _("Chưa đạt, kiến nghị lại")


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Đã lập kế hoạch")
    ANNOUNCED = "announced", _("Đã công bố quyết định kiểm tra")
    IN_PROGRESS = "in_progress", _("Đang kiểm tra")
    CONCLUDED = "concluded", _("Đã có kết luận")
    CLOSED = "closed", _("Đã kết thúc theo dõi")
    CANCELLED = "cancelled", _("Đã hủy")


INSPECTION_TRANSITIONS: dict[str, frozenset[str]] = {
    InspectionStatus.PLANNED: frozenset({InspectionStatus.ANNOUNCED, InspectionStatus.CANCELLED}),
    InspectionStatus.ANNOUNCED: frozenset(
        {InspectionStatus.IN_PROGRESS, InspectionStatus.CANCELLED}
    ),
    InspectionStatus.IN_PROGRESS: frozenset(
        {InspectionStatus.CONCLUDED, InspectionStatus.CANCELLED}
    ),
    InspectionStatus.CONCLUDED: frozenset({InspectionStatus.CLOSED}),
    InspectionStatus.CLOSED: frozenset(),
    InspectionStatus.CANCELLED: frozenset(),
}
INSPECTION_TERMINAL: frozenset[str] = frozenset(
    {InspectionStatus.CLOSED, InspectionStatus.CANCELLED}
)


def _ordered(table: dict[str, frozenset[str]], values: list[str], status: str) -> list[str]:
    return sorted(table.get(status, frozenset()), key=values.index)


def supervision_targets(status: str) -> list[str]:
    """The states a supervision in `status` may move to, in table order."""
    return _ordered(SUPERVISION_TRANSITIONS, list(SupervisionStatus.values), status)


def inspection_targets(status: str) -> list[str]:
    """The states an inspection in `status` may move to, in table order."""
    return _ordered(INSPECTION_TRANSITIONS, list(InspectionStatus.values), status)
