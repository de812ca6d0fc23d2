"""Legal and guiding documents, coordination programmes, plans and inspections.

`LegalDocument` is the source every obligation points back to: a directive, resolution,
conclusion, plan or letter with its number and symbol. Other modules (conferences, campaigns,
practices) link to it by foreign key.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
