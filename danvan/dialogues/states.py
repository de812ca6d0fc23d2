"""The dialogue lifecycle as an explicit table, and the codes the API and data use.

planned -> notified -> held -> minutes_signed -> closed; planned / notified may be postponed
(and re-planned with a new date) or cancelled. `dialogue_transition` refuses anything else.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    # Luật Khiếu nại Đ.30, Đ.39; NĐ 124/2020 Đ.28 (mandatory for a second-time complaint).
    COMPLAINT = "complaint", _("Đối thoại giải quyết khiếu nại")
    # Luật Thực hiện dân chủ ở cơ sở 2022: the commune People's Committee with its residents,
    # at least once a year.
    ANNUAL = "annual", _("Hội nghị đối thoại hằng năm của xã với Nhân dân")
    # Quy định 11-QĐi/TW: the head of a Party committee or People's Committee with residents,
    # businesses, youth, ...
    LEADER = "leader", _("Người đứng đầu đối thoại với Nhân dân")


class Status(models.TextChoices):
    PLANNED = "planned", _("Đã lên lịch")
    NOTIFIED = "notified", _("Đã gửi thông báo")
    HELD = "held", _("Đã tổ chức")
    MINUTES_SIGNED = "minutes_signed", _("Đã ký biên bản")
    CLOSED = "closed", _("Đã kết thúc")
    POSTPONED = "postponed", _("Tạm hoãn")
    CANCELLED = "cancelled", _("Đã hủy")


class Audience(models.TextChoices):
    """Who a leader–citizen dialogue is with (the seed articles' groups)."""

    RESIDENTS = "residents", _("Nhân dân, cử tri")
    BUSINESSES = "businesses", _("Doanh nghiệp, hợp tác xã")
    YOUTH = "youth", _("Đoàn viên, thanh niên")
    FARMERS = "farmers", _("Hội viên nông dân")
    WOMEN = "women", _("Hội viên phụ nữ")
    VETERANS = "veterans", _("Cựu chiến binh")
    ETHNIC = "ethnic", _("Đồng bào dân tộc thiểu số, người có uy tín")
    RELIGIOUS = "religious", _("Chức sắc, tín đồ tôn giáo")
    WORKERS = "workers", _("Công nhân, người lao động")
    OFFICIALS = "officials", _("Cán bộ, đảng viên")


class Role(models.TextChoices):
    CHAIR = "chair", _("Chủ trì")
    CO_CHAIR = "co_chair", _("Đồng chủ trì")
    CITIZEN = "citizen", _("Người khiếu nại, công dân")
    REPRESENTATIVE = "representative", _("Người đại diện, người được ủy quyền")
    RESPONDENT = "respondent", _("Người bị khiếu nại")
    AGENCY = "agency", _("Đại diện cơ quan, tổ chức liên quan")
    RECORDER = "recorder", _("Thư ký, người ghi biên bản")
    OTHER = "other", _("Người tham dự khác")


class Signature(models.TextChoices):
    PENDING = "pending", _("Chưa ký")
    SIGNED = "signed", _("Đã ký")
    REFUSED = "refused", _("Từ chối ký")


TRANSITIONS: dict[str, frozenset[str]] = {
    Status.PLANNED: frozenset({Status.NOTIFIED, Status.POSTPONED, Status.CANCELLED}),
    Status.NOTIFIED: frozenset({Status.HELD, Status.POSTPONED, Status.CANCELLED}),
    Status.POSTPONED: frozenset({Status.PLANNED, Status.CANCELLED}),
    Status.HELD: frozenset({Status.MINUTES_SIGNED}),
    Status.MINUTES_SIGNED: frozenset({Status.CLOSED}),
    Status.CLOSED: frozenset(),
    Status.CANCELLED: frozenset(),
}

TERMINAL: frozenset[str] = frozenset({Status.CLOSED, Status.CANCELLED})
# The dialogue took place (a second-time complaint no longer needs one).
HELD_STATES: frozenset[str] = frozenset({Status.HELD, Status.MINUTES_SIGNED, Status.CLOSED})
# Still to take place (shown as "scheduled" next to a complaint needing a dialogue).
UPCOMING_STATES: frozenset[str] = frozenset({Status.PLANNED, Status.NOTIFIED, Status.POSTPONED})
# Participants, agenda and statements may change until the minutes are signed.
RECORD_OPEN_STATES: frozenset[str] = frozenset(
    {Status.PLANNED, Status.NOTIFIED, Status.HELD, Status.POSTPONED}
)
# Commitments are made at the dialogue: recorded once it was held, until it is closed.
COMMITMENT_STATES: frozenset[str] = frozenset({Status.HELD, Status.MINUTES_SIGNED})

# Roles whose personal data never goes unredacted into the audit log.
PRIVATE_ROLES: frozenset[str] = frozenset(
    {Role.CITIZEN, Role.REPRESENTATIVE, Role.RESPONDENT, Role.OTHER}
)
# Roles that sign the minutes on behalf of the organiser.
OFFICIAL_ROLES: frozenset[str] = frozenset({Role.CHAIR, Role.CO_CHAIR, Role.RECORDER})


def allowed_targets(status: str) -> list[str]:
    """The states a dialogue in `status` may move to, in table order."""
    order = list(Status.values)
    return sorted(TRANSITIONS.get(status, frozenset()), key=order.index)
