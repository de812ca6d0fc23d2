"""Legal and guiding documents, coordination programmes, plans and inspections.

`LegalDocument` is the source every obligation points back to: a directive, resolution,
conclusion, plan or letter with its number and symbol. Other modules (conferences, campaigns,
practices) link to it by foreign key.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.coordination.states import LinkKind, PlanStatus, ProgrammeStatus, Recurrence


class DocumentKind(models.TextChoices):
    DIRECTIVE = "directive", _("Chỉ thị")
    RESOLUTION = "resolution", _("Nghị quyết")
    CONCLUSION = "conclusion", _("Kết luận")
    DECISION = "decision", _("Quyết định")
    REGULATION = "regulation", _("Quy chế, quy định")
    ACTION_PROGRAMME = "action_programme", _("Chương trình hành động")
    PLAN = "plan", _("Kế hoạch")
    LETTER = "letter", _("Công văn")
    NOTICE = "notice", _("Thông báo")
    GUIDANCE = "guidance", _("Hướng dẫn")
    OTHER = "other", _("Văn bản khác")


class LegalDocument(models.Model):
    """A directive, resolution, conclusion, plan or letter (số/ký hiệu, issuer, date)."""

    kind = models.CharField(_("loại văn bản"), max_length=20, choices=DocumentKind.choices)
    # Number and symbol as written on the document: "25-NQ/TW", "48/2010/QĐ-TTg", "755-CV/TU".
    reference = models.CharField(_("số, ký hiệu"), max_length=80)
    issuer_name = models.CharField(_("cơ quan ban hành"), max_length=250)
    # The issuing body when it is an organisation of the system (a provincial party committee's
    # plan); central bodies (Bộ Chính trị, Thủ tướng) are named only.
    issuer = models.ForeignKey(
        "core.Organization",
        verbose_name=_("cơ quan ban hành trong hệ thống"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_documents",
    )
    issued_on = models.DateField(_("ngày ban hành"))
    title = models.CharField(_("trích yếu"), max_length=500)
    summary = models.TextField(_("tóm tắt nội dung"), blank=True)
    effective_from = models.DateField(_("có hiệu lực từ"), null=True, blank=True)
    effective_to = models.DateField(_("hết hiệu lực"), null=True, blank=True)
    # Who keeps this document in the system and whose people see it (and everyone below it).
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("đơn vị quản lý"),
        on_delete=models.PROTECT,
        related_name="legal_documents",
    )
    # Folded reference + title + issuer, for search without diacritics.
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("văn bản chỉ đạo")
        verbose_name_plural = _("văn bản chỉ đạo")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "reference", "issued_on"],
                name="legal_document_unique_reference",
            ),
        ]
        indexes = [models.Index(fields=["organization", "issued_on"], name="legal_doc_org_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference}"


# --- Added in 0002: files, links, obligations, programmes, plans ----------------------------


def document_file_path(instance: DocumentFile, filename: str) -> str:
    # Never the uploaded name on disk: the content hash, under the document's year.
    return (
        f"coordination/{instance.document.issued_on.year}/{instance.sha256[:2]}/{instance.sha256}"
    )


class DocumentFile(models.Model):
    """A file of a document (the signed scan, an annex), checked by `core.files.files_check`."""

    document = models.ForeignKey(LegalDocument, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=document_file_path, max_length=200)
    original_name = models.CharField(_("tên tệp"), max_length=200)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng"))
    sha256 = models.CharField(max_length=64)
    description = models.CharField(_("mô tả"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp văn bản")
        verbose_name_plural = _("tệp văn bản")
        ordering = ["document", "id"]

    def __str__(self) -> str:
        return self.original_name


class DocumentLink(models.Model):
    """`source` relates to `target`: a provincial plan implements a central resolution."""

    source = models.ForeignKey(LegalDocument, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(LegalDocument, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(
        _("quan hệ"), max_length=12, choices=LinkKind.choices, default=LinkKind.IMPLEMENTS
    )

    class Meta:
        verbose_name = _("văn bản liên quan")
        verbose_name_plural = _("văn bản liên quan")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="document_link_unique"),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="document_link_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"


class DocumentObligation(models.Model):
    """A duty a document creates for a unit (nhiệm vụ phát sinh từ văn bản); one core Task.

    The lead unit is the task's organisation, the supporting units are its `TaskSupport`s, the
    due date, progress and status live on the task.
    """

    document = models.ForeignKey(
        LegalDocument, on_delete=models.CASCADE, related_name="obligations"
    )
    content = models.CharField(_("nội dung nhiệm vụ"), max_length=300)
    lead = models.ForeignKey(
        "core.Organization",
        verbose_name=_("đơn vị chủ trì"),
        on_delete=models.PROTECT,
        related_name="document_obligations",
    )
    task = models.OneToOneField(
        "core.Task",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="document_obligation",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nhiệm vụ phát sinh từ văn bản")
        verbose_name_plural = _("nhiệm vụ phát sinh từ văn bản")
        ordering = ["document", "id"]

    def __str__(self) -> str:
        return f"{self.document.reference}: {self.content}"


class Programme(models.Model):
    """A coordination programme (chương trình phối hợp) between bodies: parties, duties, plans."""

    title = models.CharField(_("tên chương trình"), max_length=500)
    reference = models.CharField(_("số, ký hiệu"), max_length=80, blank=True)
    # The programme is often itself a registered document (the signed text).
    document = models.ForeignKey(
        LegalDocument,
        verbose_name=_("văn bản chương trình"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programmes",
    )
    # The body that keeps the programme in the system (usually the Ban Tuyên giáo và Dân vận).
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("đơn vị theo dõi"),
        on_delete=models.PROTECT,
        related_name="coordination_programmes",
    )
    scope = models.TextField(_("phạm vi, nội dung phối hợp"), blank=True)
    starts_on = models.DateField(_("thời gian từ"))
    ends_on = models.DateField(_("đến"), null=True, blank=True)
    signed_on = models.DateField(_("ngày ký"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=ProgrammeStatus.choices,
        default=ProgrammeStatus.DRAFT,
    )
    status_note = models.CharField(_("ghi chú trạng thái"), max_length=1000, blank=True)
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("chương trình phối hợp")
        verbose_name_plural = _("chương trình phối hợp")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="programme_period_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}".strip()


class ProgrammeParty(models.Model):
    """A body taking part in a programme; a lead party signs it."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="parties")
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("cơ quan tham gia"),
        on_delete=models.PROTECT,
        related_name="programme_parties",
    )
    is_lead = models.BooleanField(_("chủ trì, ký kết"), default=False)

    class Meta:
        verbose_name = _("bên tham gia")
        verbose_name_plural = _("bên tham gia")
        ordering = ["programme", "-is_lead", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organization"], name="programme_party_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id}: {self.organization_id}"


class ProgrammeDuty(models.Model):
    """What one party undertakes under the programme, possibly recurring."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="duties")
    party = models.ForeignKey(
        "core.Organization",
        verbose_name=_("bên thực hiện"),
        on_delete=models.PROTECT,
        related_name="programme_duties",
    )
    text = models.CharField(_("trách nhiệm"), max_length=300)
    recurrence = models.CharField(
        _("định kỳ"), max_length=12, choices=Recurrence.choices, default=Recurrence.NONE, blank=True
    )

    class Meta:
        verbose_name = _("trách nhiệm của bên tham gia")
        verbose_name_plural = _("trách nhiệm của bên tham gia")
        ordering = ["programme", "id"]

    def __str__(self) -> str:
        return self.text


class Plan(models.Model):
    """A yearly plan derived from a programme or a document; issuing it turns items into tasks."""

    title = models.CharField(_("tên kế hoạch"), max_length=500)
    reference = models.CharField(_("số, ký hiệu"), max_length=80, blank=True)
    year = models.PositiveSmallIntegerField(_("năm"))
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("đơn vị ban hành"),
        on_delete=models.PROTECT,
        related_name="coordination_plans",
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("chương trình phối hợp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    document = models.ForeignKey(
        LegalDocument,
        verbose_name=_("văn bản căn cứ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    status_note = models.CharField(_("ghi chú trạng thái"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-year", "-id"]
        indexes = [models.Index(fields=["organization", "year"], name="coord_plan_org_year")]

    def __str__(self) -> str:
        return self.title


class PlanItem(models.Model):
    """One line of a plan: what, who leads, who supports, by when, how it is measured."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    content = models.CharField(_("nội dung"), max_length=300)
    lead = models.ForeignKey(
        "core.Organization",
        verbose_name=_("đơn vị chủ trì"),
        on_delete=models.PROTECT,
        related_name="plan_items",
    )
    due = models.DateField(_("thời hạn"))
    indicator = models.CharField(_("chỉ tiêu, kết quả cần đạt"), max_length=300, blank=True)
    # The programme duty this item was pre-filled from, if any.
    duty = models.ForeignKey(
        ProgrammeDuty, null=True, blank=True, on_delete=models.SET_NULL, related_name="plan_items"
    )
    task = models.OneToOneField(
        "core.Task", on_delete=models.PROTECT, null=True, blank=True, related_name="plan_item"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("nội dung kế hoạch")
        verbose_name_plural = _("nội dung kế hoạch")
        ordering = ["plan", "position", "id"]

    def __str__(self) -> str:
        return f"{self.plan.title}: {self.content}"


class PlanItemSupport(models.Model):
    """A party supporting the lead of a plan item, with its part (copied to the task)."""

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="supports")
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("đơn vị phối hợp"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    part = models.CharField(_("phần việc phối hợp"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("đơn vị phối hợp")
        verbose_name_plural = _("đơn vị phối hợp")
        ordering = ["item", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "organization"], name="plan_item_support_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} → {self.item_id}"
