"""Issue-report and alert lifecycles as explicit tables, and the codes the API and data use.

Issue report (vấn đề bức xúc): new -> verifying -> escalated (with a recommendation to the level
above) -> being_resolved -> resolved -> monitoring; a report that verification shows to be
unfounded ends as `unfounded`; a resolved or monitored issue that flares up again goes back to
being_resolved. Alert: open -> acknowledged -> assigned -> closed (closing needs a note).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    COMMUNE = "commune", _("Báo cáo của xã, phường")
    AGENCY = "agency", _("Cơ quan, ban, ngành")
    FRONT = "front", _("Mặt trận Tổ quốc, đoàn thể")
    PRESS = "press", _("Báo chí")
    SOCIAL = "social", _("Mạng xã hội")
    PETITIONS = "petitions", _("Nhóm đơn thư cùng nội dung")
    RECEPTION = "reception", _("Tiếp công dân, đối thoại")
    OTHER = "other", _("Nguồn khác")


class Status(models.TextChoices):
    NEW = "new", _("Mới tiếp nhận")
    VERIFYING = "verifying", _("Đang xác minh")
    ESCALATED = "escalated", _("Đã báo cáo, kiến nghị cấp trên")
    BEING_RESOLVED = "being_resolved", _("Đang giải quyết")
    RESOLVED = "resolved", _("Đã giải quyết")
    MONITORING = "monitoring", _("Tiếp tục theo dõi")
    UNFOUNDED = "unfounded", _("Không có cơ sở")


TRANSITIONS: dict[str, frozenset[str]] = {
    Status.NEW: frozenset(
        {Status.VERIFYING, Status.ESCALATED, Status.BEING_RESOLVED, Status.UNFOUNDED}
    ),
    Status.VERIFYING: frozenset({Status.ESCALATED, Status.BEING_RESOLVED, Status.UNFOUNDED}),
    Status.ESCALATED: frozenset({Status.BEING_RESOLVED}),
    Status.BEING_RESOLVED: frozenset({Status.ESCALATED, Status.RESOLVED}),
    Status.RESOLVED: frozenset({Status.MONITORING, Status.BEING_RESOLVED}),
    Status.MONITORING: frozenset({Status.BEING_RESOLVED}),
    Status.UNFOUNDED: frozenset(),
}

# Open = still needs work (counted on the map and the dashboard as "open issues").
OPEN_STATES: frozenset[str] = frozenset(
    {Status.NEW, Status.VERIFYING, Status.ESCALATED, Status.BEING_RESOLVED}
)


class Severity(models.IntegerChoices):
    LOW = 1, _("1 — Thấp")
    MEDIUM = 2, _("2 — Trung bình")
    HIGH = 3, _("3 — Cao")
    CRITICAL = 4, _("4 — Nghiêm trọng")


class LinkKind(models.TextChoices):
    """Records an issue report links to (target_type values)."""

    PETITION = "petitions.petition", _("Đơn thư")
    RECEPTION = "reception.receptionentry", _("Lượt tiếp công dân")
    DIALOGUE = "dialogues.dialogue", _("Cuộc đối thoại")
    REPORT = "monitoring.issuereport", _("Vấn đề khác")


class AlertKind(models.TextChoices):
    SPIKE = "spike", _("Gia tăng bất thường")
    CROWD = "crowd", _("Đoàn đông người")
    SENSITIVE = "sensitive", _("Vấn đề nhạy cảm")
    SEVERITY = "severity", _("Vấn đề nghiêm trọng (mức 4)")


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Mới")
    ACKNOWLEDGED = "acknowledged", _("Đã tiếp nhận")
    ASSIGNED = "assigned", _("Đã giao xử lý")
    CLOSED = "closed", _("Đã đóng")


ALERT_TRANSITIONS: dict[str, frozenset[str]] = {
    AlertStatus.OPEN: frozenset(
        {AlertStatus.ACKNOWLEDGED, AlertStatus.ASSIGNED, AlertStatus.CLOSED}
    ),
    AlertStatus.ACKNOWLEDGED: frozenset({AlertStatus.ASSIGNED, AlertStatus.CLOSED}),
    AlertStatus.ASSIGNED: frozenset({AlertStatus.ASSIGNED, AlertStatus.CLOSED}),
    AlertStatus.CLOSED: frozenset(),
}

ALERT_OPEN_STATES: frozenset[str] = frozenset(
    {AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED, AlertStatus.ASSIGNED}
)


class EntityKind(models.TextChoices):
    UNIT = "unit", _("Đơn vị hành chính")
    LEGAL = "legal", _("Văn bản pháp luật")
    MONEY = "money", _("Số tiền")
    DATE = "date", _("Ngày tháng")
