"""Dialogue records: the dialogue, its participants, agenda, statements, commitments, minutes.

The notice deadline is derived (conventions §6): the dialogue stores its date and the notice
date; `dialogues.deadlines` computes the latest allowed notice day from the rule table and
writes it into the core registry (`core.Obligation`); `notice_due` caches it for the pages.
Commitments are core `Task`s (owner, due date, progress), linked here by `Commitment`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.dialogues.states import Audience, Kind, Role, Signature, Status


class Dialogue(models.Model):
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("cơ quan tổ chức"),
        on_delete=models.PROTECT,
        related_name="dialogues",
    )
    # The commune (or province) the dialogue is about; one annual dialogue per commune a year.
    area = models.ForeignKey(
        "core.AdminUnit",
        verbose_name=_("địa bàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("loại đối thoại"), max_length=12, choices=Kind.choices)
    audience = models.CharField(
        _("đối tượng đối thoại"), max_length=12, choices=Audience.choices, blank=True
    )
    # The complaint (petitions, module 2/8) a complaint dialogue is part of.
    petition = models.ForeignKey(
        "petitions.Petition",
        verbose_name=_("đơn khiếu nại"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dialogues",
    )
    topic = models.CharField(_("nội dung đối thoại"), max_length=300)
    description = models.TextField(_("mô tả"), blank=True)
    legal_bases = models.JSONField(_("căn cứ pháp lý"), default=list, blank=True)
    legal_basis_note = models.CharField(_("căn cứ khác"), max_length=500, blank=True)
    chair_name = models.CharField(_("người chủ trì"), max_length=200)
    chair_position = models.CharField(_("chức vụ người chủ trì"), max_length=200, blank=True)

    date = models.DateField(_("ngày đối thoại"), db_index=True)
    year = models.PositiveSmallIntegerField(_("năm"))
    start_time = models.TimeField(_("giờ bắt đầu"), null=True, blank=True)
    end_time = models.TimeField(_("giờ kết thúc"), null=True, blank=True)
    place = models.CharField(_("địa điểm"), max_length=300)

    notice_on = models.DateField(_("ngày gửi thông báo"), null=True, blank=True)
    # Cache of the latest allowed notice day under `notice_rule` (None: no rule in force).
    notice_due = models.DateField(_("hạn gửi thông báo"), null=True, blank=True)
    notice_rule = models.CharField(_("quy tắc thời hạn"), max_length=60, blank=True)

    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    status_note = models.CharField(_("lý do"), max_length=1000, blank=True)
    outcome = models.TextField(_("kết quả đối thoại"), blank=True)
    held_on = models.DateField(_("ngày tổ chức"), null=True, blank=True)
    minutes_signed_on = models.DateField(_("ngày ký biên bản"), null=True, blank=True)
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("cuộc đối thoại")
        verbose_name_plural = _("cuộc đối thoại")
        ordering = ["-date", "-id"]
        constraints = [
            # One annual dialogue per commune and year (a cancelled one does not count).
            models.UniqueConstraint(
                fields=["area", "year"],
                condition=Q(kind="annual") & ~Q(status="cancelled"),
                name="dialogue_one_annual_per_area_year",
            ),
            models.CheckConstraint(
                condition=~Q(kind="complaint") | Q(petition__isnull=False),
                name="dialogue_complaint_has_petition",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "status", "date"], name="dialogue_org"),
            models.Index(fields=["kind", "year"], name="dialogue_kind_year"),
        ]

    def __str__(self) -> str:
        # Never personal data: used as the audit and board label.
        return self.topic[:120]


class Participant(models.Model):
    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="participants")
    position = models.PositiveSmallIntegerField(default=0)
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)
    full_name = models.CharField(_("họ và tên"), max_length=200)
    title = models.CharField(_("chức vụ"), max_length=200, blank=True)
    unit = models.CharField(_("cơ quan, đơn vị"), max_length=250, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    attended = models.BooleanField(_("có mặt"), default=True)
    signature = models.CharField(
        _("ký biên bản"), max_length=10, choices=Signature.choices, default=Signature.PENDING
    )
    refusal_reason = models.CharField(_("lý do từ chối ký"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("người tham dự")
        verbose_name_plural = _("người tham dự")
        ordering = ["dialogue", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(signature="refused") | ~Q(refusal_reason=""),
                name="participant_refusal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} #{self.pk}"


class AgendaItem(models.Model):
    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("nội dung"), max_length=300)
    presenter = models.CharField(_("người trình bày"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("nội dung chương trình")
        verbose_name_plural = _("chương trình")
        ordering = ["dialogue", "position", "id"]

    def __str__(self) -> str:
        return self.title


class Statement(models.Model):
    """Who said what, in the order it was said."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="statements")
    position = models.PositiveIntegerField(default=0)
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("người phát biểu"),
        on_delete=models.PROTECT,
        related_name="statements",
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("nội dung chương trình"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statements",
    )
    content = models.TextField(_("ý kiến phát biểu"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ý kiến phát biểu")
        verbose_name_plural = _("ý kiến phát biểu")
        ordering = ["dialogue", "position", "id"]

    def __str__(self) -> str:
        return f"#{self.position}"


class Commitment(models.Model):
    """A commitment made at the dialogue: a core Task (owner, due date, progress)."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="commitments")
    task = models.OneToOneField(
        "core.Task", on_delete=models.PROTECT, related_name="dialogue_commitment"
    )
    position = models.PositiveSmallIntegerField(default=0)
    # Who gave the commitment at the dialogue ("Chủ tịch UBND xã").
    made_by = models.CharField(_("người cam kết"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("cam kết")
        verbose_name_plural = _("cam kết")
        ordering = ["dialogue", "position", "id"]

    def __str__(self) -> str:
        return f"{self.dialogue_id}/{self.position}"


class Minutes(models.Model):
    """The signed minutes (biên bản đối thoại), kept as issued: a content snapshot from which
    the DOCX is written on download, so it never changes with the dialogue afterwards."""

    dialogue = models.OneToOneField(Dialogue, on_delete=models.CASCADE, related_name="minutes")
    number = models.CharField(_("số, ký hiệu"), max_length=100)
    issued_on = models.DateField(_("ngày ký"))
    content = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("biên bản đối thoại")
        verbose_name_plural = _("biên bản đối thoại")

    def __str__(self) -> str:
        return self.number
