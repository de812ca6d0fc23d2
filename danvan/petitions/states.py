"""The petition lifecycle as an explicit table, and the codes the API and data use.

`TRANSITIONS` lists every legal move; `petition_transition` refuses anything else. A few moves
also depend on the triage outcome (`OUTCOME_GUARDS`): only a petition accepted for resolution
goes on to `accepted`; every other outcome ends at `closed` once the citizen has been answered.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    COMPLAINT = "complaint", _("Khiếu nại")
    DENUNCIATION = "denunciation", _("Tố cáo")
    PROPOSAL = "proposal", _("Kiến nghị")
    REPORT = "report", _("Phản ánh")
    MIXED = "mixed", _("Đơn có nhiều nội dung")


class Channel(models.TextChoices):
    POST = "post", _("Qua bưu chính")
    IN_PERSON = "in_person", _("Trực tiếp")
    BOX = "box", _("Hòm thư góp ý")
    ONLINE = "online", _("Trực tuyến")
    FORWARDED_DEPUTY = "forwarded_deputy", _("Đại biểu dân cử chuyển đến")
    FORWARDED_MTTQ = "forwarded_mttq", _("Mặt trận Tổ quốc chuyển đến")
    FORWARDED_PRESS = "forwarded_press", _("Cơ quan báo chí chuyển đến")
    FORWARDED_AGENCY = "forwarded_agency", _("Cơ quan khác chuyển đến")
    PAKN = "pakn", _("Hệ thống phản ánh, kiến nghị (PAKN)")


FORWARDED_CHANNELS: frozenset[str] = frozenset(
    {
        Channel.FORWARDED_DEPUTY,
        Channel.FORWARDED_MTTQ,
        Channel.FORWARDED_PRESS,
        Channel.FORWARDED_AGENCY,
    }
)


class Status(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận")
    TRIAGED = "triaged", _("Đã xử lý đơn")
    ACCEPTED = "accepted", _("Đã thụ lý")
    VERIFYING = "verifying", _("Đang xác minh")
    SUSPENDED = "suspended", _("Tạm đình chỉ")
    RESOLVED = "resolved", _("Đã giải quyết")
    CLOSED = "closed", _("Đã kết thúc")
    WITHDRAWN = "withdrawn", _("Đã rút đơn")


class Outcome(models.TextChoices):
    ACCEPT = "accept", _("Thụ lý giải quyết")
    TRANSFER = "transfer", _("Chuyển đơn")
    GUIDE = "guide", _("Hướng dẫn công dân")
    ANSWER = "answer", _("Trả lời")
    FILE = "file", _("Lưu đơn")
    INELIGIBLE = "ineligible", _("Không đủ điều kiện xử lý")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Hài lòng")
    PARTLY = "partly", _("Hài lòng một phần")
    UNSATISFIED = "unsatisfied", _("Không hài lòng")


class SatisfactionChannel(models.TextChoices):
    PORTAL = "portal", _("Cổng thông tin")
    PHONE = "phone", _("Khảo sát qua điện thoại")
    IN_PERSON = "in_person", _("Trực tiếp")


TRANSITIONS: dict[str, frozenset[str]] = {
    Status.RECEIVED: frozenset({Status.TRIAGED, Status.WITHDRAWN}),
    Status.TRIAGED: frozenset({Status.ACCEPTED, Status.CLOSED, Status.WITHDRAWN}),
    Status.ACCEPTED: frozenset(
        {Status.VERIFYING, Status.SUSPENDED, Status.RESOLVED, Status.WITHDRAWN}
    ),
    Status.VERIFYING: frozenset({Status.SUSPENDED, Status.RESOLVED, Status.WITHDRAWN}),
    Status.SUSPENDED: frozenset({Status.VERIFYING, Status.WITHDRAWN}),
    Status.RESOLVED: frozenset({Status.CLOSED}),
    Status.CLOSED: frozenset(),
    Status.WITHDRAWN: frozenset(),
}

# Moves out of `triaged` that depend on the outcome: (to, allowed outcomes).
OUTCOME_GUARDS: dict[str, frozenset[str]] = {
    Status.ACCEPTED: frozenset({Outcome.ACCEPT}),
    Status.CLOSED: frozenset(
        {Outcome.TRANSFER, Outcome.GUIDE, Outcome.ANSWER, Outcome.FILE, Outcome.INELIGIBLE}
    ),
}

TERMINAL: frozenset[str] = frozenset({Status.CLOSED, Status.WITHDRAWN})
# States in which the case is still being worked on (counted as open on the board).
OPEN_STATES: frozenset[str] = frozenset(set(Status.values) - TERMINAL)


def allowed_targets(status: str, outcome: str = "") -> list[str]:
    """The states a case in `status` (with triage `outcome`) may move to, in table order."""
    result = []
    for target in TRANSITIONS.get(status, frozenset()):
        guard = OUTCOME_GUARDS.get(target)
        if status == Status.TRIAGED and guard is not None and outcome not in guard:
            continue
        result.append(target)
    order = list(Status.values)
    return sorted(result, key=order.index)
