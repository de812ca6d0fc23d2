"""The codes and lifecycles of the oversight boards as explicit tables.

Board: active -> ended (term over, works finished, or dissolved: with a reason). A
recommendation is sent with its supervision record and waits for the addressee's answer:
awaiting -> answered -> assessed (satisfied / partly / not satisfied). A not or partly
satisfied answer may be followed up by a new recommendation to the same body (`follow_up_of`).
`board_end`, `recommendation_answer` and `recommendation_assess` refuse anything else.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class BoardKind(models.TextChoices):
    PEOPLE_INSPECTION = "people_inspection", _("Ban thanh tra nhân dân")
    INVESTMENT = "investment", _("Ban giám sát đầu tư của cộng đồng")


class BoardStatus(models.TextChoices):
    ACTIVE = "active", _("Đang hoạt động")
    ENDED = "ended", _("Đã kết thúc hoạt động")


BOARD_TRANSITIONS: dict[str, frozenset[str]] = {
    BoardStatus.ACTIVE: frozenset({BoardStatus.ENDED}),
    BoardStatus.ENDED: frozenset(),
}


class MemberRole(models.TextChoices):
    HEAD = "head", _("Trưởng ban")
    DEPUTY = "deputy", _("Phó Trưởng ban")
    MEMBER = "member", _("Thành viên")


class PlanKind(models.TextChoices):
    YEARLY = "yearly", _("Kế hoạch năm")
    AD_HOC = "ad_hoc", _("Kế hoạch đột xuất")


class RecommendationStatus(models.TextChoices):
    AWAITING = "awaiting", _("Chờ trả lời")
    ANSWERED = "answered", _("Đã trả lời, chờ đánh giá")
    ASSESSED = "assessed", _("Đã đánh giá")


RECOMMENDATION_TRANSITIONS: dict[str, frozenset[str]] = {
    RecommendationStatus.AWAITING: frozenset({RecommendationStatus.ANSWERED}),
    RecommendationStatus.ANSWERED: frozenset({RecommendationStatus.ASSESSED}),
    RecommendationStatus.ASSESSED: frozenset(),
}


class Assessment(models.TextChoices):
    SATISFIED = "satisfied", _("Đồng ý với trả lời")
    PARTLY = "partly", _("Đồng ý một phần")
    NOT_SATISFIED = "not_satisfied", _("Không đồng ý")
