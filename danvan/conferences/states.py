"""The conference lifecycle as an explicit table, and the codes the API and data use.

planned -> invited -> held -> concluded; planned / invited may be postponed (with the reason
and, when known, the new date) and re-planned, or cancelled (with the reason). A conference is
concluded only once its conclusion notice (thông báo kết luận) has been issued.
`conference_transition` refuses anything else.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    # Hội nghị giao ban: the regular (monthly, quarterly) briefing of a bloc or a sector.
    BRIEFING = "briefing", _("Giao ban")
    # Hội nghị sơ kết: an interim review (6 months, a stage of a resolution or a model).
    INTERIM = "interim", _("Sơ kết")
    # Hội nghị tổng kết: a final review (the year, 5 or 10 years of a resolution or decision).
    FINAL = "final", _("Tổng kết")
    # Hội nghị chuyên đề: one subject (hòa giải ở cơ sở, công tác tôn giáo...).
    THEMATIC = "thematic", _("Chuyên đề")
    OTHER = "other", _("Hội nghị khác")


class Status(models.TextChoices):
    PLANNED = "planned", _("Đã lên lịch")
    INVITED = "invited", _("Đã gửi giấy mời")
    HELD = "held", _("Đã tổ chức")
    CONCLUDED = "concluded", _("Đã có thông báo kết luận")
    POSTPONED = "postponed", _("Tạm hoãn")
    CANCELLED = "cancelled", _("Đã hủy")


class Attendance(models.TextChoices):
    """What happened to an invitation, recorded after the meeting."""

    PENDING = "pending", _("Chưa ghi nhận")
    PRESENT = "present", _("Có mặt")
    ABSENT = "absent", _("Vắng mặt")
    REPRESENTED = "represented", _("Cử người dự thay")


TRANSITIONS: dict[str, frozenset[str]] = {
    Status.PLANNED: frozenset({Status.INVITED, Status.POSTPONED, Status.CANCELLED}),
    Status.INVITED: frozenset({Status.HELD, Status.POSTPONED, Status.CANCELLED}),
    Status.POSTPONED: frozenset({Status.PLANNED, Status.CANCELLED}),
    Status.HELD: frozenset({Status.CONCLUDED}),
    Status.CONCLUDED: frozenset(),
    Status.CANCELLED: frozenset(),
}

TERMINAL: frozenset[str] = frozenset({Status.CONCLUDED, Status.CANCELLED})
# Still to take place: shown on the schedule.
UPCOMING_STATES: frozenset[str] = frozenset({Status.PLANNED, Status.INVITED, Status.POSTPONED})
# Took place: shown among the past conferences.
HELD_STATES: frozenset[str] = frozenset({Status.HELD, Status.CONCLUDED})
# The list of invited units and people may change until the conference is held.
INVITATION_OPEN_STATES: frozenset[str] = frozenset(
    {Status.PLANNED, Status.INVITED, Status.POSTPONED}
)


def allowed_targets(status: str) -> list[str]:
    """The states a conference in `status` may move to, in table order."""
    order = list(Status.values)
    return sorted(TRANSITIONS.get(status, frozenset()), key=order.index)
