"""Reception (tiếp công dân): sessions, the register of visitors, crowd representatives and the
documents a reception issues (the head's conclusion notice, refusal notices).

Personal data of visitors (name, address, ID number, phone) lives only in `ReceptionEntry` and
`ReceptionRepresentative` and in the documents addressed to them; it is never written to the
audit log unredacted and is anonymised when its retention period ends (`retention.py`). A
denunciation's visitor is not stored here at all: their identity goes to the petitions vault and
the register shows the case's pseudonym.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.models.choices import ChoiceLabels
from danvan.reception.states import (
    HostKind,
    Outcome,
    PlaceKind,
    ReplyMethod,
    SessionKind,
    SessionStatus,
)


class ReceptionSession(ChoiceLabels, models.Model):
    """One reception: a day (or half-day) when an organisation receives citizens."""

    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("cơ quan tiếp công dân"),
        on_delete=models.PROTECT,
        related_name="reception_sessions",
    )
    level = models.CharField(_("cấp"), max_length=10)
    date = models.DateField(_("ngày tiếp"), db_index=True)
    start_time = models.TimeField(_("giờ bắt đầu"), null=True, blank=True)
    end_time = models.TimeField(_("giờ kết thúc"), null=True, blank=True)
    place_kind = models.CharField(_("hình thức, nơi tiếp"), max_length=20, choices=PlaceKind)
    place = models.CharField(_("địa điểm"), max_length=300, blank=True)
    kind = models.CharField(_("loại buổi tiếp"), max_length=20, choices=SessionKind)
    reason = models.TextField(_("lý do tiếp đột xuất"), blank=True)
    host_kind = models.CharField(_("người chủ trì"), max_length=10, choices=HostKind)
    host_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người chủ trì (tài khoản)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    host_name = models.CharField(_("họ tên người chủ trì"), max_length=200)
    host_position = models.CharField(_("chức vụ người chủ trì"), max_length=200)
    agencies = models.ManyToManyField(
        "core.Organization",
        verbose_name=_("cơ quan cùng tham dự"),
        blank=True,
        related_name="reception_sessions_attended",
    )
    agencies_note = models.CharField(_("thành phần tham dự khác"), max_length=500, blank=True)
    notes = models.TextField(_("ghi chú nội bộ"), blank=True)

    status = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=SessionStatus,
        default=SessionStatus.PLANNED,
        db_index=True,
    )
    version = models.PositiveIntegerField(default=1)
    # The latest day to publish the schedule (reception.schedule_publish, counted backwards
    # from `date`): derived, cached for the list pages.
    publish_due = models.DateField(_("hạn công khai lịch"), null=True, blank=True)
    published_on = models.DateField(_("ngày công khai lịch"), null=True, blank=True)
    postponed_from = models.DateField(_("ngày tiếp trước khi hoãn"), null=True, blank=True)
    postponed_on = models.DateField(_("ngày thông báo hoãn"), null=True, blank=True)
    postponement_reason = models.TextField(_("lý do hoãn"), blank=True)
    cancelled_on = models.DateField(_("ngày hủy"), null=True, blank=True)
    cancel_reason = models.TextField(_("lý do hủy"), blank=True)
    held_summary = models.TextField(_("tóm tắt kết quả buổi tiếp"), blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("buổi tiếp công dân")
        verbose_name_plural = _("buổi tiếp công dân")
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["organization", "date"], name="reception_session_org_date"),
            models.Index(fields=["status", "date"], name="reception_session_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=SessionStatus.values), name="reception_session_status_ok"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """A neutral name for the audit log and the board: never a visitor's data."""
        return f"Buổi tiếp {self.date:%d/%m/%Y} — {self.organization.name}"


class EntryCounter(models.Model):
    """The last serial number of an organisation's reception register in a year."""

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"], name="reception_entry_counter_uniq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class ReceptionEntry(ChoiceLabels, models.Model):
    """One line of the reception register (sổ tiếp công dân, Luật TCD Đ.25)."""

    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("cơ quan tiếp"),
        on_delete=models.PROTECT,
        related_name="reception_entries",
    )
    session = models.ForeignKey(
        ReceptionSession,
        verbose_name=_("buổi tiếp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    seq = models.PositiveIntegerField(_("số thứ tự"))
    number = models.CharField(_("số thứ tự trong sổ"), max_length=80)
    received_on = models.DateField(_("ngày tiếp"), db_index=True)

    # The visitor (for a crowd: the first representative). Empty for a denunciation (vault).
    protected = models.BooleanField(_("danh tính được bảo mật"), default=False)
    pseudonym = models.CharField(_("bí danh người tố cáo"), max_length=40, blank=True)
    visitor_name = models.CharField(_("họ và tên"), max_length=200, blank=True)
    visitor_address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    visitor_id_number = models.CharField(_("số định danh cá nhân"), max_length=20, blank=True)
    visitor_phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    search_name = models.CharField(max_length=250, blank=True, db_index=True, editable=False)

    visitor_count = models.PositiveIntegerField(_("số người"), default=1)
    representative_document = models.CharField(
        _("văn bản cử người đại diện"), max_length=300, blank=True
    )

    content = models.TextField(_("nội dung vụ việc"))
    prior_handling = models.TextField(_("đã được giải quyết thế nào"), blank=True)
    request = models.TextField(_("yêu cầu của công dân"), blank=True)
    outcome = models.CharField(_("kết quả tiếp"), max_length=20, choices=Outcome)
    outcome_note = models.TextField(_("nội dung hướng dẫn, trả lời, xử lý"), blank=True)
    transferred_to = models.CharField(_("cơ quan nhận đơn chuyển"), max_length=250, blank=True)
    refusal_ground = models.CharField(_("căn cứ từ chối tiếp"), max_length=40, blank=True)
    conclusion = models.TextField(_("kết luận của người chủ trì"), blank=True)

    petition = models.ForeignKey(
        "petitions.Petition",
        verbose_name=_("đơn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    petition_created = models.BooleanField(_("vào sổ đơn mới"), default=False)

    reply_due = models.DateField(_("hạn trả lời"), null=True, blank=True)
    replied_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    reply_method = models.CharField(
        _("hình thức trả lời"), max_length=10, choices=ReplyMethod, blank=True
    )
    reply_note = models.TextField(_("nội dung trả lời"), blank=True)

    anonymised_at = models.DateTimeField(_("thời điểm ẩn danh"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lượt tiếp công dân")
        verbose_name_plural = _("sổ tiếp công dân")
        ordering = ["-received_on", "-seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "seq"], name="reception_entry_serial_uniq"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=Outcome.values), name="reception_entry_outcome_ok"
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "received_on"], name="reception_entry_org_day"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The serial number: the only name of an entry outside its own page."""
        return f"Sổ TCD {self.number}"

    @property
    def is_crowd(self) -> bool:
        from danvan.reception.states import CROWD_MIN

        return self.visitor_count >= CROWD_MIN

    @property
    def visitor_label(self) -> str:
        if self.protected:
            return f"Người tố cáo #{self.pseudonym}" if self.pseudonym else "Người tố cáo"
        return self.visitor_name


class ReceptionRepresentative(models.Model):
    """A further representative of a crowd delegation (the first is the entry's visitor)."""

    entry = models.ForeignKey(
        ReceptionEntry, on_delete=models.CASCADE, related_name="representatives"
    )
    position = models.PositiveSmallIntegerField(default=1)
    full_name = models.CharField(_("họ và tên"), max_length=200)
    id_number = models.CharField(_("số định danh cá nhân"), max_length=20, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("người đại diện")
        verbose_name_plural = _("người đại diện")
        ordering = ["entry", "position", "id"]

    def __str__(self) -> str:
        return f"#{self.position}"


class ReceptionDocument(models.Model):
    """A document a reception issued (DOCX in the NĐ 30/2020 format), kept as issued."""

    TEMPLATES = (
        ("conclusion", _("Thông báo kết luận tiếp công dân")),
        ("refusal", _("Thông báo từ chối tiếp công dân")),
    )

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="reception_documents"
    )
    session = models.ForeignKey(
        ReceptionSession,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
    )
    entry = models.ForeignKey(
        ReceptionEntry, null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    template = models.CharField(_("mẫu"), max_length=20, choices=TEMPLATES)
    symbol = models.CharField(_("ký hiệu"), max_length=10)
    title = models.CharField(_("tên văn bản"), max_length=250)
    number = models.CharField(_("số, ký hiệu"), max_length=100)
    issued_on = models.DateField(_("ngày ban hành"))
    # The document as issued (header, title, body, recipients, signature); the DOCX is written
    # from it on first download.
    content = models.JSONField(default=dict, blank=True)
    file = models.FileField(upload_to="reception-documents/%Y/", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("văn bản tiếp công dân")
        verbose_name_plural = _("văn bản tiếp công dân")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["organization", "symbol", "issued_on"], name="reception_doc_num"),
        ]

    def __str__(self) -> str:
        return self.title
