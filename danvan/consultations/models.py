"""Consultations on drafts (góp ý dự thảo): the draft with its period, audience and structure
(chapters, parts, articles, clauses), the comments of citizens (portal) and organisations
(entered by officers) per section, their moderation, groups of similar comments, and the
response (tiếp thu / giải trình / ghi nhận) to each comment or group, published with the
synthesis report.

A comment that belongs to a group is answered through the group's response; a response belongs
to exactly one comment or one group (`consultation_response_one_target`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.consultations.states import (
    Audience,
    AuthorKind,
    CommentStatus,
    DocKind,
    RejectReason,
    ResponseKind,
    SectionKind,
    Status,
)


def draft_file_path(instance: Draft, filename: str) -> str:
    # Never the sender's file name on disk.
    return f"consultations/{instance.sha256[:2]}/{instance.sha256}"


class Draft(models.Model):
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("cơ quan lấy ý kiến"),
        on_delete=models.PROTECT,
        related_name="consultation_drafts",
    )
    kind = models.CharField(_("loại văn bản"), max_length=16, choices=DocKind.choices)
    title = models.CharField(_("tên dự thảo"), max_length=400)
    summary = models.TextField(_("tóm tắt nội dung"), blank=True)
    opens_on = models.DateField(_("lấy ý kiến từ ngày"))
    closes_on = models.DateField(_("đến ngày"))
    audience = models.CharField(
        _("đối tượng lấy ý kiến"), max_length=16, choices=Audience.choices, default=Audience.PUBLIC
    )
    audience_area = models.ForeignKey(
        "core.AdminUnit",
        verbose_name=_("địa bàn lấy ý kiến"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    audience_organizations = models.ManyToManyField(
        "core.Organization",
        verbose_name=_("cơ quan, tổ chức được xin ý kiến"),
        related_name="+",
        blank=True,
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    status_note = models.CharField(_("lý do"), max_length=1000, blank=True)
    opened_on = models.DateField(_("ngày công bố lấy ý kiến"), null=True, blank=True)
    closed_on = models.DateField(_("ngày kết thúc lấy ý kiến"), null=True, blank=True)

    # The draft's file (optional), checked by core.files.
    file = models.FileField(upload_to=draft_file_path, max_length=200, blank=True)
    file_name = models.CharField(_("tên tệp"), max_length=200, blank=True)
    file_type = models.CharField(max_length=100, blank=True)
    file_size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)

    # The synthesis report, numbered in the body's shared sequence when published.
    synthesis_number = models.CharField(_("số báo cáo tổng hợp"), max_length=60, blank=True)
    synthesis_on = models.DateField(_("ngày báo cáo tổng hợp"), null=True, blank=True)
    synthesis_summary = models.TextField(_("đánh giá chung"), blank=True)
    synthesis_signer = models.CharField(_("người ký"), max_length=200, blank=True)
    synthesis_position = models.CharField(_("chức vụ người ký"), max_length=200, blank=True)

    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("dự thảo lấy ý kiến")
        verbose_name_plural = _("dự thảo lấy ý kiến")
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="consultation_period_order",
            ),
            models.CheckConstraint(
                condition=~Q(audience="area") | Q(audience_area__isnull=False),
                name="consultation_area_audience_has_area",
            ),
            models.UniqueConstraint(
                fields=["organization", "synthesis_number"],
                condition=~Q(synthesis_number=""),
                name="consultation_synthesis_number_once",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "status", "opens_on"], name="consultation_org"),
            models.Index(fields=["status", "closes_on"], name="consultation_status"),
        ]

    def __str__(self) -> str:
        return self.title[:120]


class Section(models.Model):
    """One unit of the draft's structure: a chapter, part, article or clause, in order."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(_("loại"), max_length=8, choices=SectionKind.choices)
    number = models.CharField(_("số"), max_length=20, blank=True)
    title = models.CharField(_("tiêu đề"), max_length=500, blank=True)
    text = models.TextField(_("nội dung"), blank=True)

    class Meta:
        verbose_name = _("phần của dự thảo")
        verbose_name_plural = _("phần của dự thảo")
        ordering = ["draft", "position", "id"]
        indexes = [models.Index(fields=["draft", "position"], name="consultation_section_pos")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """ "Điều 3. Đối tượng áp dụng", "Chương II", "Khoản 2"."""
        head = f"{SectionKind(self.kind).label} {self.number}".strip()
        if self.title:
            return (
                f"{head}. {self.title}"
                if self.kind == SectionKind.ARTICLE
                else f"{head} {self.title}"
            )
        return head

    @property
    def commentable(self) -> bool:
        return self.kind in (SectionKind.ARTICLE, SectionKind.CLAUSE)


class CommentGroup(models.Model):
    """Comments that say the same thing, answered once."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="groups")
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.CASCADE, related_name="groups"
    )
    label = models.CharField(_("nội dung chung của nhóm"), max_length=500, blank=True)
    automatic = models.BooleanField(default=False)  # made by the grouping tool
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nhóm ý kiến")
        verbose_name_plural = _("nhóm ý kiến")
        ordering = ["draft", "section__position", "id"]

    def __str__(self) -> str:
        return f"{self.draft_id}/{self.pk}"


class Comment(models.Model):
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="comments")
    # None: a comment on the draft as a whole.
    section = models.ForeignKey(
        Section,
        verbose_name=_("góp ý vào"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="comments",
    )
    author_kind = models.CharField(_("người góp ý"), max_length=12, choices=AuthorKind.choices)
    # A citizen's name, or the organisation's name (from `organization` when it is in the system).
    author_name = models.CharField(_("họ tên hoặc tên cơ quan"), max_length=250)
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("cơ quan, tổ chức góp ý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    contact = models.CharField(_("điện thoại hoặc thư điện tử"), max_length=254, blank=True)
    area = models.ForeignKey(
        "core.AdminUnit",
        verbose_name=_("nơi cư trú"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("nội dung góp ý"))
    received_on = models.DateField(_("ngày nhận"))
    tracking_code = models.CharField(max_length=16, null=True, blank=True, unique=True)
    ip_hash = models.CharField(max_length=64, blank=True)

    status = models.CharField(
        _("trạng thái"), max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    reject_reason = models.CharField(
        _("lý do không đăng"), max_length=16, choices=RejectReason.choices, blank=True
    )
    reject_note = models.CharField(_("giải thích thêm"), max_length=1000, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    group = models.ForeignKey(
        CommentGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("ý kiến góp ý")
        verbose_name_plural = _("ý kiến góp ý")
        ordering = ["draft", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reject_reason=""),
                name="consultation_rejected_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(author_kind="organization") | Q(tracking_code__isnull=False),
                name="consultation_citizen_has_code",
            ),
        ]
        indexes = [
            models.Index(fields=["draft", "status"], name="consultation_comment_status"),
            models.Index(fields=["draft", "section"], name="consultation_comment_section"),
        ]

    def __str__(self) -> str:
        return f"{self.draft_id}/{self.pk}"


class Response(models.Model):
    """The answer to one comment or one group: tiếp thu (with how the text changed), giải
    trình or ghi nhận."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="responses")
    comment = models.OneToOneField(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="response"
    )
    group = models.OneToOneField(
        CommentGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="response"
    )
    kind = models.CharField(_("hình thức"), max_length=10, choices=ResponseKind.choices)
    text = models.TextField(_("nội dung tiếp thu, giải trình"))
    change = models.TextField(_("nội dung dự thảo đã sửa"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tiếp thu, giải trình")
        verbose_name_plural = _("tiếp thu, giải trình")
        ordering = ["draft", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(comment__isnull=False) & Q(group__isnull=True))
                | (Q(comment__isnull=True) & Q(group__isnull=False)),
                name="consultation_response_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.draft_id}/{self.kind}"
