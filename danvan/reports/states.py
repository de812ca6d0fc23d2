"""The report lifecycle as an explicit table.

draft -> submitted (the report is issued: it takes its number the first time, and its figures
are frozen) -> accepted, or returned with comments -> (edited) -> submitted again. A report
asked for by the level above (`ReportRequest`) is reviewed there; a report nobody in the system
asked for (a province reporting to the centre) ends at submitted.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SUBMITTED = "submitted", _("Đã gửi")
    RETURNED = "returned", _("Bị trả lại")
    ACCEPTED = "accepted", _("Đã tiếp nhận")


class Format(models.TextChoices):
    STATE = "state", _("Thể thức văn bản hành chính (Nghị định 30/2020/NĐ-CP)")
    PARTY = "party", _("Thể thức văn bản của Đảng (Hướng dẫn 36-HD/VPTW)")


class Kind(models.TextChoices):
    MONTH = "month", _("Báo cáo tháng")
    QUARTER = "quarter", _("Báo cáo quý")
    SIX_MONTH = "six-month", _("Báo cáo sơ kết 6 tháng")
    NINE_MONTH = "nine-month", _("Báo cáo 9 tháng")
    YEAR = "year", _("Báo cáo tổng kết năm")
    MULTI_YEAR = "multi-year", _("Báo cáo tổng kết nhiều năm")
    AD_HOC = "ad-hoc", _("Báo cáo đột xuất, chuyên đề")


class ReviewAction(models.TextChoices):
    SUBMIT = "submit", _("Gửi báo cáo")
    ACCEPT = "accept", _("Tiếp nhận")
    RETURN = "return", _("Trả lại để bổ sung, chỉnh sửa")


# (from, to) -> the action that moves a report.
TRANSITIONS: dict[tuple[str, str], str] = {
    (Status.DRAFT, Status.SUBMITTED): ReviewAction.SUBMIT,
    (Status.RETURNED, Status.SUBMITTED): ReviewAction.SUBMIT,
    (Status.SUBMITTED, Status.ACCEPTED): ReviewAction.ACCEPT,
    (Status.SUBMITTED, Status.RETURNED): ReviewAction.RETURN,
}

EDITABLE: frozenset[str] = frozenset({Status.DRAFT, Status.RETURNED})

# The narrative sections, in the order a report prints them.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("results", "Kết quả đạt được"),
    ("shortcomings", "Hạn chế, tồn tại"),
    ("causes", "Nguyên nhân"),
    ("tasks_ahead", "Nhiệm vụ, giải pháp thời gian tới"),
    ("recommendations", "Kiến nghị, đề xuất"),
)
