"""Oversight boards of a commune (glossary `OversightBoard`).

- `Board`: a people's inspection board (Ban thanh tra nhân dân) or a community investment
  supervision board (Ban giám sát đầu tư của cộng đồng) of one commune, led by the commune's
  Front committee (`front`, which recognises it); `commune` is the commune's People's Committee.
  The term is derived from `data/terms.json` for a people's inspection board, given for an
  investment board (the works' duration); `term_rule` names the rule used.
- `BoardMember`: who sits on it, with role, the hamlet represented, from/to and whom they replaced.
- `Plan` / `PlanItem`: yearly or ad-hoc supervision plans and their items (what, where, when).
- `SupervisionRecord` / `RecordFile`: a supervision carried out, its findings and attachments.
- `Recommendation`: addressed to an organisation, which owes an answer within the rule of
  `data/rules.json` (due date derived and cached in `answer_due`; `boards.deadlines` puts it on
  the overdue board until answered); the answer, and the board's assessment of it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.boards.states import (
    Assessment,
    BoardKind,
    BoardStatus,
    MemberRole,
    PlanKind,
    RecommendationStatus,
)


class Board(models.Model):
    kind = models.CharField(_("loại ban"), max_length=20, choices=BoardKind.choices)
    name = models.CharField(_("tên ban"), max_length=300)
    front = models.ForeignKey(
        "core.Organization",
        verbose_name=_("Ủy ban Mặt trận Tổ quốc cấp xã"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    commune = models.ForeignKey(
        "core.Organization",
        verbose_name=_("Ủy ban nhân dân cấp xã"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    area = models.ForeignKey(
        "core.AdminUnit",
        verbose_name=_("xã, phường"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Investment boards: the project or works supervised (free text for now).
    project = models.CharField(_("dự án, công trình được giám sát"), max_length=500, blank=True)
    project_investor = models.CharField(_("chủ đầu tư"), max_length=300, blank=True)
    term_from = models.DateField(_("nhiệm kỳ từ ngày"))
    term_to = models.DateField(_("nhiệm kỳ đến ngày"))
    term_rule = models.CharField(_("căn cứ nhiệm kỳ"), max_length=60, blank=True)
    decision_number = models.CharField(_("số văn bản công nhận"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày công nhận"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=BoardStatus.choices, default=BoardStatus.ACTIVE
    )
    ended_on = models.DateField(_("ngày kết thúc hoạt động"), null=True, blank=True)
    status_note = models.CharField(_("lý do"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("ban giám sát ở cơ sở")
        verbose_name_plural = _("ban giám sát ở cơ sở")
        ordering = ["area__name", "kind", "-term_from", "id"]
        indexes = [
            models.Index(fields=["front", "status"], name="boards_board_front"),
            models.Index(fields=["commune", "status"], name="boards_board_commune"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_to__gte=models.F("term_from")), name="boards_board_term"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=[k.value for k in BoardKind]),
                name="boards_board_kind_valid",
            ),
            # A commune has one people's inspection board at a time (Luật THDCCS 2022, Đ.36).
            models.UniqueConstraint(
                fields=["front"],
                condition=models.Q(kind="people_inspection", status="active"),
                name="boards_one_active_inspection_board",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class BoardMember(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField(_("họ và tên"), max_length=200)
    role = models.CharField(_("chức danh"), max_length=10, choices=MemberRole.choices)
    representing = models.CharField(_("đại diện (thôn, tổ dân phố)"), max_length=200, blank=True)
    from_on = models.DateField(_("từ ngày"))
    to_on = models.DateField(_("đến ngày"), null=True, blank=True)
    end_reason = models.CharField(_("lý do thôi"), max_length=1000, blank=True)
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("thay thế cho"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["board", "to_on", "role", "full_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(to_on__isnull=True) | models.Q(to_on__gte=models.F("from_on")),
                name="boards_member_dates",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_current(self) -> bool:
        return self.to_on is None


class Plan(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="plans")
    kind = models.CharField(_("loại kế hoạch"), max_length=10, choices=PlanKind.choices)
    year = models.PositiveIntegerField(_("năm"))
    title = models.CharField(_("tên kế hoạch"), max_length=300)
    approved_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["board", "-year", "id"]

    def __str__(self) -> str:
        return self.title


class PlanItem(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=1)
    content = models.CharField(_("nội dung giám sát"), max_length=1000)
    place = models.CharField(_("địa điểm, đối tượng"), max_length=300, blank=True)
    starts_on = models.DateField(_("thời gian từ"))
    ends_on = models.DateField(_("thời gian đến"), null=True, blank=True)

    class Meta:
        ordering = ["plan", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="boards_plan_item_dates",
            )
        ]

    def __str__(self) -> str:
        return self.content[:80]


class SupervisionRecord(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="records")
    plan_item = models.ForeignKey(
        PlanItem,
        verbose_name=_("nội dung kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="records",
    )
    held_on = models.DateField(_("ngày giám sát"))
    subject = models.CharField(_("đối tượng giám sát (cơ quan, công trình)"), max_length=500)
    subject_org = models.ForeignKey(
        "core.Organization",
        verbose_name=_("cơ quan được giám sát"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    content = models.TextField(_("nội dung giám sát"))
    findings = models.TextField(_("kết quả, phát hiện"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["board", "-held_on", "-id"]

    def __str__(self) -> str:
        return self.subject


class RecordFile(models.Model):
    record = models.ForeignKey(SupervisionRecord, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="boards/%Y/", max_length=200)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    description = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["record", "id"]

    def __str__(self) -> str:
        return self.name


class Recommendation(models.Model):
    record = models.ForeignKey(
        SupervisionRecord, on_delete=models.CASCADE, related_name="recommendations"
    )
    # Denormalised from the record for the board's counts and the scope of addressees.
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="recommendations")
    addressee = models.ForeignKey(
        "core.Organization",
        verbose_name=_("cơ quan nhận kiến nghị"),
        on_delete=models.PROTECT,
        related_name="board_recommendations",
    )
    content = models.TextField(_("nội dung kiến nghị"))
    follow_up_of = models.ForeignKey(
        "self",
        verbose_name=_("kiến nghị tiếp của"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.AWAITING,
    )
    sent_on = models.DateField(_("ngày gửi"))
    # Derived from `sent_on` and the rule in force that day (cache for lists and the board).
    answer_due = models.DateField(_("hạn trả lời"), null=True, blank=True, db_index=True)
    answer_rule = models.CharField(_("quy tắc thời hạn"), max_length=60, blank=True)
    answer_text = models.TextField(_("nội dung trả lời"), blank=True)
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    answer_signer = models.CharField(_("người ký trả lời"), max_length=200, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessment = models.CharField(
        _("đánh giá của ban"), max_length=14, choices=Assessment.choices, blank=True
    )
    assessment_note = models.CharField(_("nhận xét, theo dõi tiếp"), max_length=1000, blank=True)
    assessed_on = models.DateField(_("ngày đánh giá"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["record", "id"]
        indexes = [models.Index(fields=["addressee", "status"], name="boards_rec_addr")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answered_on__isnull=True)
                | models.Q(answered_on__gte=models.F("sent_on")),
                name="boards_rec_answer_after_sent",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="awaiting") | models.Q(answered_on__isnull=True),
                name="boards_rec_awaiting_unanswered",
            ),
        ]

    def __str__(self) -> str:
        return self.content[:80]

    @property
    def answered_late(self) -> bool:
        return bool(self.answered_on and self.answer_due and self.answered_on > self.answer_due)
