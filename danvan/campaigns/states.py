"""The campaign lifecycle as an explicit table, and the codes the API and data use.

planned -> running -> ended -> evaluated; planned / running may be suspended (and resumed) or
cancelled, each with a reason. `campaign_transition` refuses anything else.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    MOBILISATION = "mobilisation", _("Vận động")
    INFORMATION = "information", _("Tuyên truyền")
    BOTH = "both", _("Tuyên truyền, vận động")


class Status(models.TextChoices):
    PLANNED = "planned", _("Đã lập kế hoạch")
    RUNNING = "running", _("Đang triển khai")
    ENDED = "ended", _("Đã kết thúc")
    EVALUATED = "evaluated", _("Đã đánh giá, tổng kết")
    SUSPENDED = "suspended", _("Tạm dừng")
    CANCELLED = "cancelled", _("Đã hủy")


class ActivityKind(models.TextChoices):
    MEETING = "meeting", _("Họp dân, đối thoại với Nhân dân")
    VISIT = "visit", _("Đến từng hộ gia đình vận động")
    LOUDSPEAKER = "loudspeaker", _("Phát thanh trên loa truyền thanh")
    LEAFLET = "leaflet", _("Phát tờ rơi, tài liệu")
    SOCIAL = "social", _("Đăng tin trên mạng xã hội, trang thông tin")
    TRAINING = "training", _("Tập huấn, hội nghị")
    OTHER = "other", _("Hình thức khác")


class Tally(models.TextChoices):
    """How the results recorded against a target add up to the achieved value."""

    # Counts that accumulate: households persuaded, m² handed over, leaflets handed out.
    SUM = "sum", _("Cộng dồn kết quả các hoạt động")
    # A level measured again and again (coverage in %): the latest measurement counts.
    LATEST = "latest", _("Lấy số đo mới nhất")


TRANSITIONS: dict[str, frozenset[str]] = {
    Status.PLANNED: frozenset({Status.RUNNING, Status.SUSPENDED, Status.CANCELLED}),
    Status.RUNNING: frozenset({Status.ENDED, Status.SUSPENDED, Status.CANCELLED}),
    Status.SUSPENDED: frozenset({Status.RUNNING, Status.CANCELLED}),
    Status.ENDED: frozenset({Status.EVALUATED}),
    Status.EVALUATED: frozenset(),
    Status.CANCELLED: frozenset(),
}

TERMINAL: frozenset[str] = frozenset({Status.EVALUATED, Status.CANCELLED})
# Moves that need a reason.
REASON_STATES: frozenset[str] = frozenset({Status.SUSPENDED, Status.CANCELLED})
# Activities (and their results) are recorded while the campaign runs.
RECORD_STATES: frozenset[str] = frozenset({Status.RUNNING})
# The plan (title, period, areas, units, targets) may change until the campaign ends.
EDIT_STATES: frozenset[str] = frozenset({Status.PLANNED, Status.RUNNING, Status.SUSPENDED})
# Follow-up tasks are given once the campaign runs, typically at the end-of-campaign review.
TASK_STATES: frozenset[str] = frozenset({Status.RUNNING, Status.ENDED, Status.EVALUATED})


def allowed_targets(status: str) -> list[str]:
    """The states a campaign in `status` may move to, in table order."""
    order = list(Status.values)
    return sorted(TRANSITIONS.get(status, frozenset()), key=order.index)
