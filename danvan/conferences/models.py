"""Conference records: the conference (giao ban, sơ kết, tổng kết, chuyên đề), its chairs, the
units and people invited with their attendance, and the conclusion notice whose items are core
`Task`s (lead unit, supporting units with their part, due date, progress).

The conclusion notice (`Conclusion`) is kept as issued: a content snapshot from which the DOCX
is written on download, so it never changes with the conference afterwards. Its items
(`ConclusionItem`) point to the tasks, whose status and progress live in core.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.conferences.states import Attendance, Kind, Status


class Conference(models.Model):
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("cơ quan tổ chức"),
        on_delete=models.PROTECT,
        related_name="conferences",
    )
    co_organizers = models.ManyToManyField(
        "core.Organization",
        verbose_name=_("cơ quan phối hợp tổ chức"),
        blank=True,
        related_name="co_organized_conferences",
    )
    kind = models.CharField(_("loại hội nghị"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("tên hội nghị"), max_length=400)
    agenda = models.TextField(_("chương trình"), blank=True)
    date = models.DateField(_("ngày tổ chức"), db_index=True)
    start_time = models.TimeField(_("giờ bắt đầu"), null=True, blank=True)
    end_time = models.TimeField(_("giờ kết thúc"), null=True, blank=True)
    place = models.CharField(_("địa điểm"), max_length=300)
    # The period reviewed ("6 tháng đầu năm 2026", "quý II/2026", "10 năm 2016–2026").
    period_label = models.CharField(_("kỳ đánh giá"), max_length=200, blank=True)
    period_start = models.DateField(_("từ ngày"), null=True, blank=True)
    period_end = models.DateField(_("đến ngày"), null=True, blank=True)
    documents = models.ManyToManyField(
        "coordination.LegalDocument",
        verbose_name=_("văn bản liên quan"),
        blank=True,
        related_name="conferences",
    )

    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    status_note = models.CharField(_("lý do"), max_length=1000, blank=True)
    postponed_to = models.DateField(_("ngày dự kiến tổ chức lại"), null=True, blank=True)
    invitations_sent_on = models.DateField(_("ngày gửi giấy mời"), null=True, blank=True)
    held_on = models.DateField(_("ngày đã tổ chức"), null=True, blank=True)
    summary = models.TextField(_("kết quả hội nghị"), blank=True)
    concluded_on = models.DateField(_("ngày kết thúc hồ sơ"), null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("hội nghị")
        verbose_name_plural = _("hội nghị")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_start__lte=models.F("period_end")),
                name="conference_period_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "status", "date"], name="conference_org"),
            models.Index(fields=["status", "date"], name="conference_status_date"),
        ]

    def __str__(self) -> str:
        return self.title[:120]


class Chair(models.Model):
    """One of the people who chair (or co-chair) the conference, by name and position."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="chairs")
    position = models.PositiveSmallIntegerField(default=0)
    full_name = models.CharField(_("họ và tên"), max_length=200)
    title = models.CharField(_("chức vụ"), max_length=300, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("người chủ trì")
        verbose_name_plural = _("người chủ trì")
        ordering = ["conference", "position", "id"]

    def __str__(self) -> str:
        return self.full_name


class Invitee(models.Model):
    """An invited unit or person, and (after the meeting) whether they attended."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="invitees")
    position = models.PositiveSmallIntegerField(default=0)
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("cơ quan, đơn vị được mời"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conference_invitations",
    )
    full_name = models.CharField(_("họ và tên"), max_length=200, blank=True)
    title = models.CharField(_("chức vụ"), max_length=300, blank=True)
    # A unit outside the system, or the unit of an invited person, as written on the invitation.
    unit_name = models.CharField(_("cơ quan, đơn vị"), max_length=250, blank=True)
    attendance = models.CharField(
        _("tham dự"), max_length=12, choices=Attendance.choices, default=Attendance.PENDING
    )
    absence_reason = models.CharField(_("lý do vắng mặt"), max_length=500, blank=True)
    represented_by = models.CharField(_("người dự thay"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("thành phần mời")
        verbose_name_plural = _("thành phần mời")
        ordering = ["conference", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=False) | ~Q(full_name="") | ~Q(unit_name=""),
                name="invitee_names_someone",
            ),
            models.UniqueConstraint(
                fields=["conference", "organization"],
                condition=Q(organization__isnull=False) & Q(full_name=""),
                name="invitee_unit_once",
            ),
            models.CheckConstraint(
                condition=~Q(attendance="represented") | ~Q(represented_by=""),
                name="invitee_represented_names_who",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.unit_name or f"#{self.pk}"


class Conclusion(models.Model):
    """The conclusion notice (thông báo kết luận) as issued: number, date, signer, snapshot."""

    conference = models.OneToOneField(
        Conference, on_delete=models.CASCADE, related_name="conclusion"
    )
    number = models.CharField(_("số, ký hiệu"), max_length=100)
    issued_on = models.DateField(_("ngày ban hành"))
    concluded_by = models.CharField(_("người kết luận"), max_length=200)
    concluded_by_title = models.CharField(_("chức vụ người kết luận"), max_length=300, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=200)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=300, blank=True)
    assessment = models.TextField(_("đánh giá chung"), blank=True)
    content = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thông báo kết luận hội nghị")
        verbose_name_plural = _("thông báo kết luận hội nghị")
        indexes = [models.Index(fields=["issued_on"], name="conference_conclusion_issued")]

    def __str__(self) -> str:
        return self.number


class ConclusionItem(models.Model):
    """One conclusion: what is to be done, as a core task (lead unit, supporting units, due)."""

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="conclusion_items"
    )
    position = models.PositiveSmallIntegerField(default=0)
    content = models.TextField(_("nội dung kết luận"))
    # Set in the issuing transaction right after the item is saved (the task links back to it).
    task = models.OneToOneField(
        "core.Task",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conference_conclusion",
    )

    class Meta:
        verbose_name = _("nội dung kết luận")
        verbose_name_plural = _("nội dung kết luận")
        ordering = ["conference", "position", "id"]

    def __str__(self) -> str:
        # The task's link label: never personal data.
        return f"Kết luận {self.position} — {self.conference.title}"[:250]
