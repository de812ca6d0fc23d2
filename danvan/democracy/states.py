"""The two lifecycles of grassroots democracy as explicit tables.

Disclosure (công khai thông tin ở xã): draft -> published -> ended | withdrawn; a draft may be
withdrawn (not to be disclosed). Published is the only state shown to the public.

Community decision (Nhân dân bàn và quyết định): recorded (the meeting or ballot record is
entered) -> sent (the record reached the commune People's Committee) -> recognised | refused;
a recorded decision entered in error may be cancelled.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DisclosureStatus(models.TextChoices):
    DRAFT = "draft", _("Chưa công khai")
    PUBLISHED = "published", _("Đang công khai")
    ENDED = "ended", _("Đã hết thời hạn công khai")
    WITHDRAWN = "withdrawn", _("Đã thu hồi")


DISCLOSURE_TRANSITIONS: dict[str, frozenset[str]] = {
    DisclosureStatus.DRAFT: frozenset({DisclosureStatus.PUBLISHED, DisclosureStatus.WITHDRAWN}),
    DisclosureStatus.PUBLISHED: frozenset({DisclosureStatus.ENDED, DisclosureStatus.WITHDRAWN}),
    DisclosureStatus.ENDED: frozenset(),
    DisclosureStatus.WITHDRAWN: frozenset(),
}
DISCLOSURE_EDIT_STATES: frozenset[str] = frozenset({DisclosureStatus.DRAFT})
PUBLIC_STATES: frozenset[str] = frozenset({DisclosureStatus.PUBLISHED, DisclosureStatus.ENDED})


class DecisionForm(models.TextChoices):
    MEETING = "meeting", _("Họp đại diện hộ gia đình")
    BALLOT = "ballot", _("Phát phiếu lấy ý kiến hộ gia đình")


class DecisionStatus(models.TextChoices):
    RECORDED = "recorded", _("Đã lập biên bản")
    SENT = "sent", _("Đã gửi Ủy ban nhân dân xã")
    RECOGNISED = "recognised", _("Đã được công nhận")
    REFUSED = "refused", _("Không được công nhận")
    CANCELLED = "cancelled", _("Đã hủy")


DECISION_TRANSITIONS: dict[str, frozenset[str]] = {
    DecisionStatus.RECORDED: frozenset({DecisionStatus.SENT, DecisionStatus.CANCELLED}),
    DecisionStatus.SENT: frozenset({DecisionStatus.RECOGNISED, DecisionStatus.REFUSED}),
    DecisionStatus.RECOGNISED: frozenset(),
    DecisionStatus.REFUSED: frozenset(),
    DecisionStatus.CANCELLED: frozenset(),
}
DECISION_EDIT_STATES: frozenset[str] = frozenset({DecisionStatus.RECORDED})


def disclosure_targets(status: str) -> list[str]:
    values = list(DisclosureStatus.values)
    return sorted(DISCLOSURE_TRANSITIONS.get(status, frozenset()), key=values.index)


def decision_targets(status: str) -> list[str]:
    values = list(DecisionStatus.values)
    return sorted(DECISION_TRANSITIONS.get(status, frozenset()), key=values.index)
