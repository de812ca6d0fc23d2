"""Dân vận khéo: periods and yearly themes, criteria sets, practice models, evaluation councils
with their members' scores, evidence files, replications.

Criteria sets are dated, versioned data (loaded from `data/criteria.json`): a council scores
against the set in force on the day it sits, and keeps a reference to that exact version, so a
later version never changes an earlier result. Every council of a model is kept (re-evaluation
adds a council, it does not overwrite one); the model caches the latest closed result.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.practices.states import (
    CouncilStatus,
    Field,
    Level,
    MemberRole,
    RegistrantKind,
    Status,
)


class Period(models.Model):
    """A period of the movement (giai đoạn), e.g. 2021–2025."""

    code = models.CharField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("tên giai đoạn"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))
    source = models.CharField(_("nguồn"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("giai đoạn phong trào")
        verbose_name_plural = _("giai đoạn phong trào")
        ordering = ["start_year"]

    def __str__(self) -> str:
        return self.name


class YearlyTheme(models.Model):
    """The theme a party committee gives the movement for one year (chủ đề năm)."""

    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="themes")
    year = models.PositiveSmallIntegerField(_("năm"))
    # The province the theme applies to; empty: nationwide.
    area = models.ForeignKey(
        "core.AdminUnit",
        verbose_name=_("địa bàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issuer_name = models.CharField(_("cơ quan đề ra"), max_length=250)
    title = models.CharField(_("chủ đề"), max_length=500)
    source = models.CharField(_("nguồn"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("chủ đề năm")
        verbose_name_plural = _("chủ đề năm")
        ordering = ["year", "id"]
        constraints = [
            models.UniqueConstraint(fields=["year", "area", "title"], name="practice_theme_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.title}"


class CriteriaSet(models.Model):
    """One dated version of the evaluation criteria (bộ tiêu chí chấm điểm)."""

    code = models.CharField(_("mã bộ tiêu chí"), max_length=40)
    version = models.PositiveSmallIntegerField(_("phiên bản"))
    name = models.CharField(_("tên bộ tiêu chí"), max_length=300)
    valid_from = models.DateField(_("áp dụng từ"))
    valid_to = models.DateField(_("áp dụng đến"), null=True, blank=True)
    # The total (0–100) a model must reach to pass.
    pass_threshold = models.DecimalField(_("ngưỡng đạt"), max_digits=5, decimal_places=2)
    source = models.CharField(_("nguồn"), max_length=500, blank=True)
    source_verified = models.BooleanField(_("nguồn đã kiểm chứng"), default=False)

    class Meta:
        verbose_name = _("bộ tiêu chí")
        verbose_name_plural = _("bộ tiêu chí")
        ordering = ["code", "version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="practice_criteria_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class Criterion(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("mã tiêu chí"), max_length=40)
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("tiêu chí"), max_length=300)
    description = models.CharField(_("hướng dẫn chấm"), max_length=1000, blank=True)
    weight = models.DecimalField(_("trọng số"), max_digits=6, decimal_places=2)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["criteria_set", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "code"], name="practice_criterion_code"
            ),
            models.CheckConstraint(condition=Q(weight__gt=0), name="practice_criterion_weight"),
            models.CheckConstraint(condition=Q(max_points__gt=0), name="practice_criterion_max"),
        ]

    def __str__(self) -> str:
        return self.name


class PracticeModel(models.Model):
    """A "Dân vận khéo" model (mô hình), from registration to replication."""

    # The registering organisation; a residential area or party cell is recorded under the
    # organisation it belongs to, with its kind and name.
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("đơn vị đăng ký"),
        on_delete=models.PROTECT,
        related_name="practice_models",
    )
    registrant_kind = models.CharField(
        _("loại đơn vị đăng ký"), max_length=20, choices=RegistrantKind.choices
    )
    registrant_name = models.CharField(_("tên khu dân cư, chi bộ"), max_length=250, blank=True)
    field = models.CharField(_("lĩnh vực"), max_length=20, choices=Field.choices)
    name = models.CharField(_("tên mô hình"), max_length=500)
    rationale = models.TextField(_("sự cần thiết"), blank=True)
    objectives = models.TextField(_("mục tiêu"))
    success_criteria = models.TextField(_("tiêu chí đánh giá kết quả"), blank=True)
    content_method = models.TextField(_("nội dung, cách làm"))
    area = models.ForeignKey(
        "core.AdminUnit",
        verbose_name=_("địa bàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    area_note = models.CharField(_("địa bàn cụ thể"), max_length=300, blank=True)
    beneficiaries = models.CharField(_("đối tượng thụ hưởng"), max_length=500, blank=True)
    lead_forces = models.CharField(_("lực lượng nòng cốt"), max_length=500, blank=True)
    partner_forces = models.CharField(_("lực lượng phối hợp"), max_length=500, blank=True)
    resources = models.TextField(_("nguồn lực"), blank=True)
    start_on = models.DateField(_("thời gian bắt đầu"))
    end_on = models.DateField(_("thời gian kết thúc"), null=True, blank=True)
    outputs = models.TextField(_("kết quả, sản phẩm kiểm chứng được"))
    contact_name = models.CharField(_("người phụ trách"), max_length=200, blank=True)
    contact_phone = models.CharField(_("điện thoại liên hệ"), max_length=30, blank=True)

    year = models.PositiveSmallIntegerField(_("năm đăng ký"), db_index=True)
    period = models.ForeignKey(
        Period, verbose_name=_("giai đoạn"), on_delete=models.PROTECT, related_name="models"
    )
    theme = models.ForeignKey(
        YearlyTheme,
        verbose_name=_("chủ đề năm"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="models",
    )
    document = models.ForeignKey(
        "coordination.LegalDocument",
        verbose_name=_("văn bản phát động"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practice_models",
    )

    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.REGISTERED
    )
    status_note = models.CharField(_("ghi chú"), max_length=1000, blank=True)
    registered_on = models.DateField(_("ngày đăng ký"))
    launched_on = models.DateField(_("ngày triển khai"), null=True, blank=True)
    evaluated_on = models.DateField(_("ngày đánh giá"), null=True, blank=True)
    # The latest closed council's result (every council is kept in `Evaluation`).
    score = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(_("đạt"), null=True, blank=True)

    recognition_level = models.CharField(
        _("cấp công nhận"), max_length=10, choices=Level.choices, blank=True
    )
    decision_number = models.CharField(_("số quyết định công nhận"), max_length=80, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_issuer = models.CharField(_("cơ quan ban hành quyết định"), max_length=250, blank=True)
    recognised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("mô hình “Dân vận khéo”")
        verbose_name_plural = _("mô hình “Dân vận khéo”")
        ordering = ["-year", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["recognised", "replicated"])
                | (
                    ~Q(decision_number="")
                    & Q(decision_date__isnull=False)
                    & ~Q(recognition_level="")
                ),
                name="practice_recognised_has_decision",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "year"], name="practice_org_year"),
            models.Index(fields=["status", "year"], name="practice_status_year"),
            models.Index(fields=["field", "year"], name="practice_field_year"),
        ]

    def __str__(self) -> str:
        return self.name[:120]


class Evaluation(models.Model):
    """One evaluation council (hội đồng đánh giá) of one model: a first evaluation or a
    re-evaluation; closed councils are history and never change."""

    model = models.ForeignKey(PracticeModel, on_delete=models.PROTECT, related_name="evaluations")
    round = models.PositiveSmallIntegerField(_("lần đánh giá"))
    council_org = models.ForeignKey(
        "core.Organization",
        verbose_name=_("cơ quan thành lập hội đồng"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    council_decision = models.CharField(
        _("quyết định thành lập hội đồng"), max_length=120, blank=True
    )
    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name=_("bộ tiêu chí"), on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField(_("ngày họp hội đồng"))
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=CouncilStatus.choices, default=CouncilStatus.OPEN
    )
    score = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(_("đạt"), null=True, blank=True)
    # Per criterion: {"code": {"mean": "17.50", "weighted": "..."}}, frozen at closing.
    breakdown = models.JSONField(default=dict, blank=True)
    conclusion = models.TextField(_("kết luận của hội đồng"), blank=True)
    closed_on = models.DateField(_("ngày kết luận"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("hội đồng đánh giá")
        verbose_name_plural = _("hội đồng đánh giá")
        ordering = ["model", "round"]
        constraints = [
            models.UniqueConstraint(fields=["model", "round"], name="practice_evaluation_round"),
            # One open council per model at a time.
            models.UniqueConstraint(
                fields=["model"], condition=Q(status="open"), name="practice_one_open_council"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.model} — {self.round}"


class CouncilMember(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="members")
    position = models.PositiveSmallIntegerField(default=0)
    # A member with an account scores on their own; otherwise the secretary records the
    # member's paper score sheet.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    full_name = models.CharField(_("họ và tên"), max_length=200)
    title = models.CharField(_("chức vụ, đơn vị"), max_length=250, blank=True)
    role = models.CharField(
        _("vai trò"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER
    )

    class Meta:
        verbose_name = _("thành viên hội đồng")
        verbose_name_plural = _("thành viên hội đồng")
        ordering = ["evaluation", "position", "id"]

    def __str__(self) -> str:
        return self.full_name


class Score(models.Model):
    member = models.ForeignKey(CouncilMember, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("điểm"), max_digits=6, decimal_places=2)
    comment = models.CharField(_("nhận xét"), max_length=1000, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("điểm chấm")
        verbose_name_plural = _("điểm chấm")
        constraints = [
            models.UniqueConstraint(fields=["member", "criterion"], name="practice_score_once"),
            models.CheckConstraint(condition=Q(points__gte=0), name="practice_score_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}/{self.criterion_id}: {self.points}"


def evidence_path(instance: Evidence, filename: str) -> str:
    # Never the uploader's file name on disk.
    return f"practices/{instance.model.year}/{instance.sha256[:2]}/{instance.sha256}"


class Evidence(models.Model):
    """A file that proves an output (minh chứng): photos, reports, minutes."""

    model = models.ForeignKey(PracticeModel, on_delete=models.CASCADE, related_name="evidence")
    evaluation = models.ForeignKey(
        Evaluation, null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence"
    )
    file = models.FileField(upload_to=evidence_path, max_length=200)
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
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["model", "id"]

    def __str__(self) -> str:
        return self.original_name


class Replication(models.Model):
    """Where a recognised model is replicated (nhân rộng): a site and/or a unit."""

    model = models.ForeignKey(PracticeModel, on_delete=models.CASCADE, related_name="replications")
    area = models.ForeignKey(
        "core.AdminUnit",
        verbose_name=_("địa bàn nhân rộng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("đơn vị áp dụng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    site_name = models.CharField(_("nơi nhân rộng"), max_length=300, blank=True)
    started_on = models.DateField(_("ngày bắt đầu áp dụng"))
    note = models.CharField(_("ghi chú"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nơi nhân rộng")
        verbose_name_plural = _("nơi nhân rộng")
        ordering = ["model", "started_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(area__isnull=False) | Q(organization__isnull=False) | ~Q(site_name=""),
                name="practice_replication_has_site",
            ),
        ]

    def __str__(self) -> str:
        return self.site_name or str(self.pk)
