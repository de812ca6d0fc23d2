"""Officers' topic corrections: the training data `danvan classify train` adds to the committed
set. Kept only when the officer chose another topic than the one suggested."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core.errors import PermissionDenied, ValidationFailed
from danvan.core.selectors.audit import audit_verbs_register
from danvan.core.services.audit import audit_record
from danvan.core.topics import topic_codes
from danvan.text.classify import redact_personal

# Enough for the classifier (it reads the first 5,000 characters) and a bounded row.
TEXT_MAX = 5000
TARGET_TYPE_MAX = 60

audit_verbs_register(
    {"monitoring.topic_correct": gettext_lazy("Sửa lĩnh vực được gợi ý")},
    {
        "suggested": gettext_lazy("lĩnh vực được gợi ý"),
        "chosen": gettext_lazy("lĩnh vực đã chọn"),
    },
)


def topic_correction_record(
    *,
    text: str,
    suggested: str,
    confidence: float | None,
    chosen: str,
    target_type: str = "",
    target_id: int | None = None,
    actor: Any = None,
) -> None:
    """Keep a correction when the officer chose another topic than the one suggested.

    Nothing is stored when the topics agree, or when the text is empty. The text is cut to
    `TEXT_MAX` characters, and e-mail addresses, phone and ID numbers and the names after
    "tôi là", "ông", "bà", ... are replaced by markers (`redact_personal`): the row is training
    data, not a copy of the case. `actor` is the officer (None for the system).
    """
    from danvan.monitoring.models import TopicCorrection

    if actor is not None and not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Cần đăng nhập để ghi nhận sửa lĩnh vực."))
    codes = set(topic_codes())
    problems: dict[str, str] = {}
    if suggested not in codes:
        problems["suggested"] = _("Lĩnh vực được gợi ý không có trong danh mục.")
    if chosen not in codes:
        problems["chosen"] = _("Lĩnh vực đã chọn không có trong danh mục.")
    if confidence is not None and not 0.0 <= confidence <= 1.0:
        problems["confidence"] = _("Độ tin cậy phải từ 0 đến 1.")
    if problems:
        raise ValidationFailed(_("Không ghi nhận được việc sửa lĩnh vực."), fields=problems)
    text = (text or "").strip()
    if chosen == suggested or not text:
        return None
    with transaction.atomic():
        correction = TopicCorrection.objects.create(
            text=redact_personal(text[:TEXT_MAX])[:TEXT_MAX],
            suggested=suggested,
            confidence=confidence,
            chosen=chosen,
            target_type=(target_type or "")[:TARGET_TYPE_MAX],
            target_id=target_id if target_id and target_id > 0 else None,
            created_by=actor if actor is not None else None,
        )
        audit_record(
            actor=actor,
            verb="monitoring.topic_correct",
            target=correction,
            changes={"suggested": (None, suggested), "chosen": (None, chosen)},
        )
    return None
