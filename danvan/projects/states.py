"""The project lifecycle as an explicit table, and the codes of sources and kinds of
contribution.

planned -> in_progress -> completed -> handed_over; planned / in_progress may be suspended
(and resumed) or cancelled, each with a reason. `project_transition` refuses anything else.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ROAD = "road", _("Đường giao thông nông thôn")
    CANAL = "canal", _("Kênh mương nội đồng")
    CULTURE_HOUSE = "culture_house", _("Nhà văn hóa")
    LIGHTING = "lighting", _("Điện chiếu sáng")
    BRIDGE = "bridge", _("Cầu, cống dân sinh")
    WATER = "water", _("Công trình nước sạch")
    SCHOOL = "school", _("Điểm trường, công trình giáo dục")
    OTHER = "other", _("Công trình khác")


class Status(models.TextChoices):
    PLANNED = "planned", _("Chuẩn bị đầu tư")
    IN_PROGRESS = "in_progress", _("Đang thi công")
    COMPLETED = "completed", _("Đã hoàn thành")
    HANDED_OVER = "handed_over", _("Đã bàn giao đưa vào sử dụng")
    SUSPENDED = "suspended", _("Tạm dừng")
    CANCELLED = "cancelled", _("Đã hủy")


class Source(models.TextChoices):
    """Who contributes: the three budget levels, the residents, enterprises, other donors."""

    CENTRAL = "central", _("Ngân sách trung ương")
    PROVINCE = "province", _("Ngân sách tỉnh")
    COMMUNE = "commune", _("Ngân sách xã")
    RESIDENTS = "residents", _("Nhân dân")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    DONOR = "donor", _("Tổ chức, cá nhân khác")


STATE_SOURCES: frozenset[str] = frozenset({Source.CENTRAL, Source.PROVINCE, Source.COMMUNE})


class ContributionKind(models.TextChoices):
    MONEY = "money", _("Tiền")
    LABOUR = "labour", _("Ngày công lao động")
    LAND = "land", _("Hiến đất")
    MATERIALS = "materials", _("Vật liệu, hiện vật")


# The unit each kind is counted in (materials carry their own unit: tấn, m³, bao...).
KIND_UNITS: dict[str, str] = {
    ContributionKind.MONEY: "đồng",
    ContributionKind.LABOUR: "ngày công",
    ContributionKind.LAND: "m²",
    ContributionKind.MATERIALS: "",
}


class ContributionState(models.TextChoices):
    PLEDGED = "pledged", _("Đăng ký, cam kết")
    RECEIVED = "received", _("Đã nhận")


TRANSITIONS: dict[str, frozenset[str]] = {
    Status.PLANNED: frozenset({Status.IN_PROGRESS, Status.SUSPENDED, Status.CANCELLED}),
    Status.IN_PROGRESS: frozenset({Status.COMPLETED, Status.SUSPENDED, Status.CANCELLED}),
    Status.SUSPENDED: frozenset({Status.IN_PROGRESS, Status.CANCELLED}),
    Status.COMPLETED: frozenset({Status.HANDED_OVER}),
    Status.HANDED_OVER: frozenset(),
    Status.CANCELLED: frozenset(),
}

TERMINAL: frozenset[str] = frozenset({Status.HANDED_OVER, Status.CANCELLED})
# Moves that need a reason.
REASON_STATES: frozenset[str] = frozenset({Status.SUSPENDED, Status.CANCELLED})
# Contributions and expenditures are recorded until the project is handed over (money often
# arrives and is paid out after the works are finished, at the final settlement).
LEDGER_STATES: frozenset[str] = frozenset(
    {Status.PLANNED, Status.IN_PROGRESS, Status.SUSPENDED, Status.COMPLETED}
)
# Progress is reported while the works go on.
PROGRESS_STATES: frozenset[str] = frozenset({Status.IN_PROGRESS})


def allowed_targets(status: str) -> list[str]:
    """The states a project in `status` may move to, in table order."""
    order = list(Status.values)
    return sorted(TRANSITIONS.get(status, frozenset()), key=order.index)
