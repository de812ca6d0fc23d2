"""“Nhà nước và nhân dân cùng làm”: small public works of a commune (rural roads, canals,
cultural houses, street lighting) built with the state budget and the residents' money, labour
and land.

- `Project`: the works, who runs it (a commune body), where, its planned scale and cost, the
  community decision that approved it, its lifecycle (`states.py`) and its latest progress.
- `Contribution`: the ledger of what each source gives (money, working days, land, materials),
  pledged then received; an entry is never deleted, a mistaken one is voided with a reason.
- `Expenditure`: the money paid out, with its voucher; voided like a contribution.
- `ProgressReport`: dated progress (percent, note, an optional photo as evidence).

Totals, the residents' share and the balance of the public account are computed from the
ledgers (`selectors.project_account`), never typed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.projects.states import ContributionKind, ContributionState, Kind, Source, Status

AMOUNT_DIGITS = 14
AMOUNT_PLACES = 2


class Project(models.Model):
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("đơn vị quản lý"),
        on_delete=models.PROTECT,
        related_name="community_projects",
    )
    # The commune where the works are (the organisation's own area when it is a commune body).
    area = models.ForeignKey(
        "core.AdminUnit", verbose_name=_("xã, phường"), on_delete=models.PROTECT, related_name="+"
    )
    residential_areas = models.CharField(_("thôn, tổ dân phố"), max_length=500)
    name = models.CharField(_("tên công trình"), max_length=300)
    kind = models.CharField(_("loại công trình"), max_length=16, choices=Kind.choices)
    description = models.TextField(_("quy mô, nội dung đầu tư"), blank=True)
    length_km = models.DecimalField(
        _("chiều dài (km)"), max_digits=8, decimal_places=3, null=True, blank=True
    )
    area_m2 = models.DecimalField(
        _("diện tích (m²)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    planned_cost = models.BigIntegerField(_("tổng mức đầu tư dự kiến (đồng)"))
    starts_on = models.DateField(_("ngày khởi công dự kiến"))
    ends_on = models.DateField(_("ngày hoàn thành dự kiến"))
    decision_ref = models.CharField(_("quyết định của cộng đồng"), max_length=300, blank=True)

    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    status_note = models.CharField(_("lý do"), max_length=1000, blank=True)
    started_on = models.DateField(_("ngày khởi công"), null=True, blank=True)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    handed_over_on = models.DateField(_("ngày bàn giao"), null=True, blank=True)
    # The percent of the latest progress report, kept by the services for lists.
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)

    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("công trình Nhà nước và nhân dân cùng làm")
        verbose_name_plural = _("công trình Nhà nước và nhân dân cùng làm")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="project_period_order"
            ),
            models.CheckConstraint(condition=Q(planned_cost__gte=0), name="project_cost_positive"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="project_progress_max"),
        ]
        indexes = [
            models.Index(fields=["organization", "status"], name="project_org"),
            models.Index(fields=["area", "starts_on"], name="project_area"),
        ]

    def __str__(self) -> str:
        return self.name[:120]


class Contribution(models.Model):
    """One line of the contributions ledger."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="contributions")
    source = models.CharField(_("nguồn đóng góp"), max_length=12, choices=Source.choices)
    contributor = models.CharField(_("người, đơn vị đóng góp"), max_length=300)
    # The contributor agreed to have their name published; otherwise the public account only
    # counts them among the others of their source.
    listed = models.BooleanField(_("đồng ý công khai tên"), default=False)
    kind = models.CharField(_("hình thức"), max_length=10, choices=ContributionKind.choices)
    amount = models.DecimalField(
        _("số lượng"), max_digits=AMOUNT_DIGITS, decimal_places=AMOUNT_PLACES
    )
    unit = models.CharField(_("đơn vị tính"), max_length=30)
    # Money: the amount; materials: their value; labour and land: a value when one was agreed.
    value = models.BigIntegerField(_("giá trị quy đổi (đồng)"), null=True, blank=True)
    state = models.CharField(_("tình trạng"), max_length=8, choices=ContributionState.choices)
    pledged_on = models.DateField(_("ngày đăng ký"))
    received_on = models.DateField(_("ngày nhận"), null=True, blank=True)
    receipt = models.CharField(_("số biên nhận, chứng từ"), max_length=100, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    voided = models.BooleanField(_("đã hủy bỏ"), default=False)
    void_reason = models.CharField(_("lý do hủy bỏ"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đóng góp")
        verbose_name_plural = _("đóng góp")
        ordering = ["project", "pledged_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="contribution_amount_positive"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0),
                name="contribution_value_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(kind="money") | Q(value__isnull=False),
                name="contribution_money_has_value",
            ),
            models.CheckConstraint(
                condition=Q(state="received", received_on__isnull=False)
                | Q(state="pledged", received_on__isnull=True),
                name="contribution_received_dated",
            ),
        ]
        indexes = [models.Index(fields=["project", "source", "kind"], name="contribution_src")]

    def __str__(self) -> str:
        return f"{self.contributor[:60]}: {self.amount} {self.unit}"


class Expenditure(models.Model):
    """One payment from the project's money, with its voucher."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="expenditures")
    date = models.DateField(_("ngày chi"))
    item = models.CharField(_("nội dung chi"), max_length=300)
    amount = models.BigIntegerField(_("số tiền (đồng)"))
    voucher = models.CharField(_("số chứng từ"), max_length=100)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    voided = models.BooleanField(_("đã hủy bỏ"), default=False)
    void_reason = models.CharField(_("lý do hủy bỏ"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("khoản chi")
        verbose_name_plural = _("khoản chi")
        ordering = ["project", "date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="expenditure_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.item[:60]}"


def photo_path(instance: ProgressReport, filename: str) -> str:
    # Never the sender's file name on disk: it may hold personal data.
    return f"projects/{instance.date.year}/{instance.sha256[:2]}/{instance.sha256}"


class ProgressReport(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reports")
    date = models.DateField(_("ngày báo cáo"))
    percent = models.PositiveSmallIntegerField(_("khối lượng hoàn thành (%)"))
    note = models.TextField(_("nội dung"), blank=True)
    file = models.FileField(upload_to=photo_path, max_length=200, blank=True)
    original_name = models.CharField(_("tên tệp"), max_length=200, blank=True)
    content_type = models.CharField(_("loại tệp"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("dung lượng"), default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ["project", "date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="progress_percent_max"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.percent}%"
