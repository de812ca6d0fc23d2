"""Grassroots mediation records (hòa giải ở cơ sở, Luật Hòa giải ở cơ sở 2013).

- `Team` (tổ hòa giải) of a residential area (thôn, tổ dân phố: free text) belongs to the
  commune organisation that set it up (the commune People's Committee); its `Member`s are the
  tổ trưởng and the hòa giải viên, each recognised by a decision of the commune chairman, with
  a period of service.
- `Case` (vụ việc hòa giải) is received by a team; its `Party` rows hold the parties' names and
  addresses (personal data: only people of the team's commune see them), its `Session`s the
  mediation meetings, and its outcome the agreement (reconciled) or the reason (failed,
  withdrawn, transferred). A failed case may become a petition: `petition_id` points to it
  (a plain id, not a foreign key, so this app writes petitions only through their services).
  The start deadline (`start_due`, derived from the dated rule in `data/rules.json`) is cached
  for lists and written to the overdue board.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.mediation.states import (
    CaseSource,
    CaseStatus,
    DisputeKind,
    Gender,
    MemberRole,
    Side,
    TeamStatus,
)


class Team(models.Model):
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("Ủy ban nhân dân cấp xã"),
        on_delete=models.PROTECT,
        related_name="mediation_teams",
    )
    name = models.CharField(_("tên tổ hòa giải"), max_length=200)
    residential_area = models.CharField(_("thôn, tổ dân phố"), max_length=200)
    established_on = models.DateField(_("ngày thành lập"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định thành lập"), max_length=60, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=TeamStatus.choices, default=TeamStatus.ACTIVE
    )
    dissolved_on = models.DateField(_("ngày giải thể"), null=True, blank=True)
    status_note = models.CharField(_("lý do"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("tổ hòa giải")
        verbose_name_plural = _("tổ hòa giải")
        ordering = ["organization", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="mediation_team_name_per_org"
            ),
            models.CheckConstraint(
                condition=models.Q(status="active", dissolved_on__isnull=True)
                | models.Q(status="dissolved", dissolved_on__isnull=False),
                name="mediation_team_dissolved_on",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Member(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField(_("họ và tên"), max_length=200)
    role = models.CharField(_("vai trò"), max_length=10, choices=MemberRole.choices)
    gender = models.CharField(_("giới tính"), max_length=8, choices=Gender.choices)
    ethnicity = models.CharField(_("dân tộc"), max_length=60, blank=True)
    from_on = models.DateField(_("từ ngày"))
    to_on = models.DateField(_("đến ngày"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định công nhận"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định công nhận"), null=True, blank=True)
    end_reason = models.CharField(_("lý do thôi làm hòa giải viên"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hòa giải viên")
        verbose_name_plural = _("hòa giải viên")
        ordering = ["team", "-role", "full_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(to_on__isnull=True) | models.Q(to_on__gte=models.F("from_on")),
                name="mediation_member_period",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_current(self) -> bool:
        return self.to_on is None


class Case(models.Model):
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="cases")
    # The team's commune organisation, kept on the case for scoped reads and the board.
    organization = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="mediation_cases"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    sequence = models.PositiveIntegerField(_("số thứ tự"))
    number = models.CharField(_("số vụ việc"), max_length=40)
    received_on = models.DateField(_("ngày tiếp nhận"))
    source = models.CharField(
        _("căn cứ tiến hành hòa giải"), max_length=16, choices=CaseSource.choices
    )
    referrer = models.CharField(_("cơ quan, tổ chức, cá nhân đề nghị"), max_length=300, blank=True)
    dispute_kind = models.CharField(_("loại vụ việc"), max_length=16, choices=DisputeKind.choices)
    summary = models.TextField(_("tóm tắt vụ việc"))
    mediators = models.ManyToManyField(
        Member, verbose_name=_("hòa giải viên được phân công"), related_name="cases", blank=True
    )
    assigned_on = models.DateField(_("ngày phân công"), null=True, blank=True)
    # Derived from `assigned_on` and the rule in force that day (cache for lists and the board).
    start_due = models.DateField(_("hạn bắt đầu hòa giải"), null=True, blank=True, db_index=True)
    start_rule = models.CharField(_("quy tắc thời hạn"), max_length=60, blank=True)
    started_on = models.DateField(_("ngày bắt đầu hòa giải"), null=True, blank=True)

    status = models.CharField(
        _("trạng thái"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.RECEIVED
    )
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    agreement = models.TextField(_("nội dung thỏa thuận"), blank=True)
    recognition_note = models.CharField(
        _("ghi chú công nhận kết quả hòa giải thành"), max_length=1000, blank=True
    )
    outcome_note = models.TextField(_("lý do, ghi chú kết quả"), blank=True)
    transferred_to = models.CharField(_("chuyển đến"), max_length=300, blank=True)

    # The petition registered when mediation failed (petitions.Petition, by id).
    petition_id = models.BigIntegerField(_("đơn"), null=True, blank=True, unique=True)
    petition_number = models.CharField(_("số hồ sơ đơn"), max_length=60, blank=True)
    petition_on = models.DateField(_("ngày chuyển thành đơn"), null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("vụ việc hòa giải")
        verbose_name_plural = _("vụ việc hòa giải")
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["organization", "received_on"], name="mediation_case_org_date"),
            models.Index(fields=["status"], name="mediation_case_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "sequence"], name="mediation_case_number"
            ),
            models.CheckConstraint(
                condition=models.Q(petition_id__isnull=True) | models.Q(status="failed"),
                name="mediation_case_petition_failed",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="reconciled") | ~models.Q(agreement=""),
                name="mediation_case_reconciled_agreement",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def label(self) -> str:
        """What the board and the audit log show: the number and the kind, never a name."""
        return f"{self.number} — {self.get_dispute_kind_display()}"


class Party(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    side = models.CharField(_("bên"), max_length=8, choices=Side.choices)
    full_name = models.CharField(_("họ và tên"), max_length=200)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["case", "position", "id"]

    def __str__(self) -> str:
        return self.full_name


class Session(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("ngày hòa giải"))
    place = models.CharField(_("địa điểm"), max_length=300)
    attendees = models.TextField(_("thành phần tham dự"), blank=True)
    content = models.TextField(_("nội dung, diễn biến"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "held_on", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.held_on}"
