"""Lifecycles of coordination programmes and yearly plans, as explicit tables.

Programme: draft -> signed (in force) -> ended; draft or signed may be cancelled.
Plan: draft -> issued (its items became tasks) -> closed; a draft may be cancelled.
`programme_transition` and `plan_transition` refuse anything else.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SIGNED = "signed", _("Đã ký, đang thực hiện")
    ENDED = "ended", _("Đã kết thúc")
    CANCELLED = "cancelled", _("Đã hủy")


PROGRAMME_TRANSITIONS: dict[str, frozenset[str]] = {
    ProgrammeStatus.DRAFT: frozenset({ProgrammeStatus.SIGNED, ProgrammeStatus.CANCELLED}),
    ProgrammeStatus.SIGNED: frozenset({ProgrammeStatus.ENDED, ProgrammeStatus.CANCELLED}),
    ProgrammeStatus.ENDED: frozenset(),
    ProgrammeStatus.CANCELLED: frozenset(),
}
# Parties and duties may change until the programme ends or is cancelled.
PROGRAMME_OPEN: frozenset[str] = frozenset({ProgrammeStatus.DRAFT, ProgrammeStatus.SIGNED})


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")
    CLOSED = "closed", _("Đã tổng kết")
    CANCELLED = "cancelled", _("Đã hủy")


PLAN_TRANSITIONS: dict[str, frozenset[str]] = {
    PlanStatus.DRAFT: frozenset({PlanStatus.ISSUED, PlanStatus.CANCELLED}),
    PlanStatus.ISSUED: frozenset({PlanStatus.CLOSED}),
    PlanStatus.CLOSED: frozenset(),
    PlanStatus.CANCELLED: frozenset(),
}


class Recurrence(models.TextChoices):
    """How often a party's duty under a programme comes back (e.g. "báo cáo 6 tháng")."""

    NONE = "", _("Không định kỳ")
    MONTHLY = "monthly", _("Hằng tháng")
    QUARTERLY = "quarterly", _("Hằng quý")
    HALF_YEARLY = "half_yearly", _("6 tháng một lần")
    YEARLY = "yearly", _("Hằng năm")


class LinkKind(models.TextChoices):
    """How one document relates to another it names."""

    IMPLEMENTS = "implements", _("Triển khai, cụ thể hóa")
    AMENDS = "amends", _("Sửa đổi, bổ sung")
    REPLACES = "replaces", _("Thay thế")
    RELATED = "related", _("Liên quan")


def allowed(table: dict[str, frozenset[str]], status: str) -> list[str]:
    """The states `status` may move to, in declaration order."""
    targets = table.get(status, frozenset())
    return [s for s in table if s in targets]
