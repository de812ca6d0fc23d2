"""The lifecycle of a grassroots mediation case as an explicit table, and the codes the API and
data use.

received -> mediating -> reconciled | failed | withdrawn | transferred; a received case may also
be withdrawn or transferred before any session. Recording the first session moves a received
case to mediating. Only a failed case may be turned into a petition ("Chuyển thành đơn"), once.
`case_transition` refuses anything else.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TeamStatus(models.TextChoices):
    ACTIVE = "active", _("Đang hoạt động")
    DISSOLVED = "dissolved", _("Đã giải thể")


class MemberRole(models.TextChoices):
    LEADER = "leader", _("Tổ trưởng")
    MEDIATOR = "mediator", _("Hòa giải viên")


class Gender(models.TextChoices):
    FEMALE = "female", _("Nữ")
    MALE = "male", _("Nam")


class CaseSource(models.TextChoices):
    PARTY_REQUEST = "party_request", _("Một bên hoặc các bên yêu cầu")
    WITNESSED = "witnessed", _("Hòa giải viên chứng kiến, biết vụ việc")
    ASSIGNED = "assigned", _("Tổ trưởng tổ hòa giải phân công")
    REFERRED = "referred", _("Cơ quan, tổ chức, cá nhân đề nghị")


class DisputeKind(models.TextChoices):
    LAND = "land", _("Tranh chấp đất đai, ranh giới")
    FAMILY = "family", _("Hôn nhân và gia đình")
    CIVIL = "civil", _("Dân sự (vay mượn, tài sản, hợp đồng)")
    NEIGHBOUR = "neighbour", _("Mâu thuẫn hàng xóm, sinh hoạt")
    INHERITANCE = "inheritance", _("Thừa kế")
    MINOR_OFFENCE = "minor_offence", _("Vi phạm pháp luật nhỏ (chưa đến mức xử lý)")
    CUSTOM = "custom", _("Phong tục, tập quán")
    OTHER = "other", _("Khác")


class Side(models.TextChoices):
    FIRST = "first", _("Bên thứ nhất (bên yêu cầu)")
    SECOND = "second", _("Bên thứ hai")
    RELATED = "related", _("Người có liên quan")


class CaseStatus(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận")
    MEDIATING = "mediating", _("Đang hòa giải")
    RECONCILED = "reconciled", _("Hòa giải thành")
    FAILED = "failed", _("Hòa giải không thành")
    WITHDRAWN = "withdrawn", _("Các bên rút yêu cầu")
    TRANSFERRED = "transferred", _("Chuyển cơ quan có thẩm quyền")


TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.RECEIVED: frozenset(
        {CaseStatus.MEDIATING, CaseStatus.WITHDRAWN, CaseStatus.TRANSFERRED}
    ),
    CaseStatus.MEDIATING: frozenset(
        {
            CaseStatus.RECONCILED,
            CaseStatus.FAILED,
            CaseStatus.WITHDRAWN,
            CaseStatus.TRANSFERRED,
        }
    ),
    CaseStatus.RECONCILED: frozenset(),
    CaseStatus.FAILED: frozenset(),
    CaseStatus.WITHDRAWN: frozenset(),
    CaseStatus.TRANSFERRED: frozenset(),
}
OPEN_STATES: frozenset[str] = frozenset({CaseStatus.RECEIVED, CaseStatus.MEDIATING})
TERMINAL: frozenset[str] = frozenset(
    {
        CaseStatus.RECONCILED,
        CaseStatus.FAILED,
        CaseStatus.WITHDRAWN,
        CaseStatus.TRANSFERRED,
    }
)
# Outcomes that need at least one recorded session (the parties were actually mediated).
MEDIATED_OUTCOMES: frozenset[str] = frozenset({CaseStatus.RECONCILED, CaseStatus.FAILED})


def case_targets(status: str) -> list[str]:
    """The states a case in `status` may move to, in table order."""
    values = list(CaseStatus.values)
    return sorted(TRANSITIONS.get(status, frozenset()), key=values.index)
