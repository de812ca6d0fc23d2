"""The practice-model lifecycle as an explicit table, and the codes the API and data use.

registered -> launched -> evaluated -> recognised -> replicated. An evaluated model that did not
pass goes back to launched (or is evaluated again: a new council, the earlier ones are kept);
registered / launched / evaluated may be stopped. `practice_transition` refuses anything else.
The move launched -> evaluated is made by closing an evaluation council, never by hand.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Field(models.TextChoices):
    """The four fields of the movement (lĩnh vực)."""

    ECONOMY = "economy", _("Kinh tế")
    CULTURE_SOCIETY = "culture_society", _("Văn hóa - xã hội")
    DEFENCE_SECURITY = "defence_security", _("Quốc phòng - an ninh")
    POLITICAL_SYSTEM = "political_system", _("Xây dựng hệ thống chính trị")


class RegistrantKind(models.TextChoices):
    """Who registers. A residential area or a party cell is not an organisation of the system:
    it is recorded under the organisation it belongs to, with its kind and name."""

    AGENCY = "agency", _("Cơ quan, đơn vị")
    COMMUNE = "commune", _("Xã, phường, đặc khu")
    RESIDENTIAL_AREA = "residential_area", _("Khu dân cư, thôn, tổ dân phố")
    PARTY_CELL = "party_cell", _("Chi bộ")
    FRONT = "front", _("Mặt trận Tổ quốc, đoàn thể")


# Registrants that need their own name beside the organisation they belong to.
NAMED_REGISTRANTS: frozenset[str] = frozenset(
    {RegistrantKind.RESIDENTIAL_AREA, RegistrantKind.PARTY_CELL}
)


class Status(models.TextChoices):
    REGISTERED = "registered", _("Đã đăng ký")
    LAUNCHED = "launched", _("Đang triển khai")
    EVALUATED = "evaluated", _("Đã đánh giá")
    RECOGNISED = "recognised", _("Đã công nhận")
    REPLICATED = "replicated", _("Đã nhân rộng")
    STOPPED = "stopped", _("Dừng thực hiện")


class Level(models.TextChoices):
    """The level that recognises a model."""

    COMMUNE = "commune", _("Cấp xã")
    PROVINCE = "province", _("Cấp tỉnh")
    NATIONAL = "national", _("Toàn quốc")


class CouncilStatus(models.TextChoices):
    OPEN = "open", _("Đang chấm điểm")
    CLOSED = "closed", _("Đã kết luận")


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chủ tịch hội đồng")
    MEMBER = "member", _("Thành viên")
    SECRETARY = "secretary", _("Thư ký")


TRANSITIONS: dict[str, frozenset[str]] = {
    Status.REGISTERED: frozenset({Status.LAUNCHED, Status.STOPPED}),
    Status.LAUNCHED: frozenset({Status.EVALUATED, Status.STOPPED}),
    Status.EVALUATED: frozenset({Status.RECOGNISED, Status.LAUNCHED, Status.STOPPED}),
    Status.RECOGNISED: frozenset({Status.REPLICATED}),
    Status.REPLICATED: frozenset({Status.REPLICATED}),
    Status.STOPPED: frozenset(),
}

# Moves made from the page's "next step" box (evaluated comes from closing a council,
# recognised and replicated from their own forms, which carry more data).
MANUAL_MOVES: frozenset[str] = frozenset({Status.LAUNCHED, Status.STOPPED})
# A council may be set up (first evaluation or re-evaluation) in these states.
COUNCIL_STATES: frozenset[str] = frozenset({Status.LAUNCHED, Status.EVALUATED})
# What the registrant wrote may be corrected until recognition.
EDITABLE_STATES: frozenset[str] = frozenset({Status.REGISTERED, Status.LAUNCHED, Status.EVALUATED})
# Shown on the citizens' showcase.
PUBLIC_STATES: frozenset[str] = frozenset({Status.RECOGNISED, Status.REPLICATED})
# Counted as recognised in the counts (a replicated model was recognised first).
RECOGNISED_STATES: frozenset[str] = PUBLIC_STATES


def allowed_targets(status: str) -> list[str]:
    """The states a model in `status` may move to, in table order."""
    order = list(Status.values)
    return sorted(TRANSITIONS.get(status, frozenset()), key=order.index)
