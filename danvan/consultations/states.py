"""The lifecycles of a draft under consultation and of a comment, as explicit tables, and the
codes the API and data use.

Draft: draft -> open -> closed -> synthesised (the synthesis with its responses is published);
draft, open and closed may be cancelled (with a reason); a closed draft may be reopened (the
period extended). Comment: pending -> published | rejected (with a reason the author sees);
a rejected comment may be published after all, a published one rejected.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocKind(models.TextChoices):
    RESOLUTION = "resolution", _("Nghị quyết")
    DECISION = "decision", _("Quyết định")
    REGULATION = "regulation", _("Quy chế")
    SCHEME = "scheme", _("Đề án")
    PLAN = "plan", _("Kế hoạch")
    PROGRAMME = "programme", _("Chương trình")
    CONVENTION = "convention", _("Hương ước, quy ước")
    PARTY_DOCUMENT = "party_document", _("Văn kiện Đại hội Đảng")
    OTHER = "other", _("Văn bản khác")


class Audience(models.TextChoices):
    PUBLIC = "public", _("Toàn thể Nhân dân")
    AREA = "area", _("Nhân dân một địa bàn (tỉnh, xã)")
    ORGANIZATIONS = "organizations", _("Các cơ quan, tổ chức được gửi xin ý kiến")


class Status(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    OPEN = "open", _("Đang lấy ý kiến")
    CLOSED = "closed", _("Đã hết hạn góp ý")
    SYNTHESISED = "synthesised", _("Đã công bố tổng hợp, tiếp thu, giải trình")
    CANCELLED = "cancelled", _("Đã hủy")


class SectionKind(models.TextChoices):
    CHAPTER = "chapter", _("Chương")
    PART = "part", _("Mục")
    ARTICLE = "article", _("Điều")
    CLAUSE = "clause", _("Khoản")


class AuthorKind(models.TextChoices):
    CITIZEN = "citizen", _("Công dân")
    ORGANIZATION = "organization", _("Cơ quan, tổ chức")


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Chờ duyệt")
    PUBLISHED = "published", _("Đã duyệt, công khai")
    REJECTED = "rejected", _("Không đăng")


class RejectReason(models.TextChoices):
    OFF_TOPIC = "off_topic", _("Không liên quan đến nội dung dự thảo")
    OFFENSIVE = "offensive", _("Có lời lẽ xúc phạm, thiếu văn hóa")
    PERSONAL_DATA = "personal_data", _("Chứa thông tin cá nhân của người khác")
    DUPLICATE = "duplicate", _("Trùng lặp với ý kiến đã gửi")
    PETITION = (
        "petition",
        _("Là khiếu nại, tố cáo, kiến nghị cụ thể: đề nghị gửi qua mục Gửi ý kiến của cổng"),
    )
    ADVERTISING = "advertising", _("Quảng cáo, tin rác")
    OTHER = "other", _("Lý do khác")


class ResponseKind(models.TextChoices):
    ACCEPTED = "accepted", _("Tiếp thu")
    EXPLAINED = "explained", _("Giải trình")
    NOTED = "noted", _("Ghi nhận")


TRANSITIONS: dict[str, frozenset[str]] = {
    Status.DRAFT: frozenset({Status.OPEN, Status.CANCELLED}),
    Status.OPEN: frozenset({Status.CLOSED, Status.CANCELLED}),
    Status.CLOSED: frozenset({Status.OPEN, Status.SYNTHESISED, Status.CANCELLED}),
    Status.SYNTHESISED: frozenset(),
    Status.CANCELLED: frozenset(),
}

COMMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    CommentStatus.PENDING: frozenset({CommentStatus.PUBLISHED, CommentStatus.REJECTED}),
    CommentStatus.PUBLISHED: frozenset({CommentStatus.REJECTED}),
    CommentStatus.REJECTED: frozenset({CommentStatus.PUBLISHED}),
}

TERMINAL: frozenset[str] = frozenset({Status.SYNTHESISED, Status.CANCELLED})
# The text of the draft (sections, file, period) may change until it is closed.
EDIT_STATES: frozenset[str] = frozenset({Status.DRAFT, Status.OPEN})
# Sections are added, changed and removed only before the consultation opens.
STRUCTURE_STATES: frozenset[str] = frozenset({Status.DRAFT})
# Citizens comment on the portal while the draft is open (and inside its period).
PUBLIC_COMMENT_STATES: frozenset[str] = frozenset({Status.OPEN})
# Officers enter organisations' comments (some arrive by post) while open or just closed.
ENTRY_STATES: frozenset[str] = frozenset({Status.OPEN, Status.CLOSED})
# Moderation, grouping and responses: while open and closed, until the synthesis is published.
WORK_STATES: frozenset[str] = frozenset({Status.OPEN, Status.CLOSED})
# Shown on the portal.
PUBLIC_STATES: frozenset[str] = frozenset({Status.OPEN, Status.CLOSED, Status.SYNTHESISED})


def allowed_targets(status: str) -> list[str]:
    """The states a draft in `status` may move to, in table order."""
    order = list(Status.values)
    return sorted(TRANSITIONS.get(status, frozenset()), key=order.index)
