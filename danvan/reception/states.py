"""The reception session lifecycle as an explicit table, and the codes the API and data use.

A session is `planned`, then its schedule is `published` on the portal (a scheduled session at
least 5 working days ahead, rule `reception.schedule_publish`), then `held`. A published session
may be `postponed` (a public notice with the reason and the new date) or `cancelled`. A daily
desk day or an extraordinary session needs no published schedule: it may go from `planned`
straight to `held` (`HOLD_WITHOUT_PUBLISHING`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionKind(models.TextChoices):
    SCHEDULED = "scheduled", _("Tiếp định kỳ của người đứng đầu")
    DAILY = "daily", _("Tiếp thường xuyên")
    EXTRAORDINARY = "extraordinary", _("Tiếp đột xuất")


class PlaceKind(models.TextChoices):
    HQ = "hq", _("Trụ sở cơ quan")
    RECEPTION_OFFICE = "reception_office", _("Trụ sở tiếp công dân")
    ONLINE = "online", _("Trực tuyến")


class HostKind(models.TextChoices):
    HEAD = "head", _("Người đứng đầu")
    DELEGATE = "delegate", _("Người được ủy quyền")


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Dự kiến")
    PUBLISHED = "published", _("Đã công khai lịch")
    POSTPONED = "postponed", _("Hoãn")
    HELD = "held", _("Đã tiếp")
    CANCELLED = "cancelled", _("Đã hủy")


TRANSITIONS: dict[str, frozenset[str]] = {
    SessionStatus.PLANNED: frozenset(
        {SessionStatus.PUBLISHED, SessionStatus.HELD, SessionStatus.CANCELLED}
    ),
    SessionStatus.PUBLISHED: frozenset(
        {SessionStatus.POSTPONED, SessionStatus.HELD, SessionStatus.CANCELLED}
    ),
    SessionStatus.POSTPONED: frozenset(
        {SessionStatus.POSTPONED, SessionStatus.HELD, SessionStatus.CANCELLED}
    ),
    SessionStatus.HELD: frozenset(),
    SessionStatus.CANCELLED: frozenset(),
}

# planned -> held skips publication: only for sessions that have no public schedule.
HOLD_WITHOUT_PUBLISHING: frozenset[str] = frozenset({SessionKind.DAILY, SessionKind.EXTRAORDINARY})
TERMINAL: frozenset[str] = frozenset({SessionStatus.HELD, SessionStatus.CANCELLED})
# What the public schedule shows (a cancelled session only if its schedule had been published).
PUBLIC_STATES: frozenset[str] = frozenset(
    {SessionStatus.PUBLISHED, SessionStatus.POSTPONED, SessionStatus.CANCELLED}
)


def allowed_targets(status: str, kind: str) -> list[str]:
    """The states a session in `status` of `kind` may move to, in table order.

    A scheduled session is held only after its schedule was published; a daily desk day has
    no schedule to publish; an extraordinary session may be announced or held straight away.
    """
    targets = set(TRANSITIONS.get(status, frozenset()))
    if status == SessionStatus.PLANNED:
        if kind not in HOLD_WITHOUT_PUBLISHING:
            targets.discard(SessionStatus.HELD)
        if kind == SessionKind.DAILY:
            targets.discard(SessionStatus.PUBLISHED)
    order = list(SessionStatus.values)
    return sorted(targets, key=order.index)


class Outcome(models.TextChoices):
    """How a visitor's matter was handled at the reception (the register's last column)."""

    RECEIVED = "received", _("Tiếp nhận đơn để xử lý")
    GUIDED = "guided", _("Hướng dẫn, giải thích")
    ANSWERED = "answered", _("Trả lời trực tiếp")
    TRANSFERRED = "transferred", _("Chuyển đơn đến cơ quan có thẩm quyền")
    REFUSED = "refused", _("Từ chối tiếp (Luật Tiếp công dân Điều 9)")


# Outcomes after which the receiver must reply within 10 working days (Luật TCD Đ.28 k1):
# whether the matter is accepted, transferred or not accepted. A visitor guided or answered on
# the spot has had the answer already; a refused visitor was not received.
REPLY_OUTCOMES: frozenset[str] = frozenset({Outcome.RECEIVED, Outcome.TRANSFERRED})


class ReplyMethod(models.TextChoices):
    DIRECT = "direct", _("Trả lời trực tiếp")
    WRITTEN = "written", _("Thông báo bằng văn bản")


class PetitionMode(models.TextChoices):
    NEW = "new", _("Vào sổ đơn mới")
    LINK = "link", _("Gắn với đơn đã có")
    NONE = "none", _("Không có đơn (từ chối tiếp)")


# Crowd delegations (Luật TCD Đ.30): from this many visitors on the same matter.
CROWD_MIN = 5
CROWD_SMALL_MAX = 10  # 5–10 people: 1 or 2 representatives
CROWD_SMALL_REPRESENTATIVES = 2
CROWD_LARGE_REPRESENTATIVES = 5  # more than 10: up to 5
