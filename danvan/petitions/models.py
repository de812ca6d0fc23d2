"""Petition records: the case, its people, files, timeline, documents, deadlines' inputs, vault.

Deadlines are derived (conventions §6): the case stores its start events (received, accepted,
resolved dates), the decisions that change the rule's variant (complex, extensions) and the
suspensions; `petitions.deadlines` computes the due dates from the rule table and writes them
into the core registry (`core.Obligation`); `next_deadline` caches the earliest open one for
queries.

The identity of a denouncer never lives in `Petitioner`: it is encrypted in `VaultEntry`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.models.choices import ChoiceLabels
from danvan.petitions.states import (
    Channel,
    Kind,
    Outcome,
    Satisfaction,
    SatisfactionChannel,
    Status,
)


class Petition(ChoiceLabels, models.Model):
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("cơ quan thụ lý"),
        on_delete=models.PROTECT,
        related_name="petitions",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    seq = models.PositiveIntegerField(_("số thứ tự"))
    case_number = models.CharField(_("số hồ sơ"), max_length=60)
    tracking_code = models.CharField(_("mã tra cứu"), max_length=20, unique=True)

    kind = models.CharField(_("loại đơn"), max_length=20, choices=Kind.choices)
    channel = models.CharField(_("nguồn đơn"), max_length=20, choices=Channel.choices)
    forwarder = models.CharField(_("nơi chuyển đơn"), max_length=250, blank=True)
    forwarder_reference = models.CharField(_("số văn bản chuyển"), max_length=100, blank=True)
    pakn_code = models.CharField(_("mã PAKN"), max_length=60, blank=True)
    received_on = models.DateField(_("ngày nhận đơn"), db_index=True)
    registered_at = models.DateTimeField(_("thời điểm vào sổ"), auto_now_add=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người vào sổ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    summary = models.CharField(_("tóm tắt"), max_length=500, blank=True)
    content = models.TextField(_("nội dung đơn"))
    requests = models.TextField(_("yêu cầu của người gửi"), blank=True)
    respondent = models.CharField(_("người bị khiếu nại, bị tố cáo"), max_length=500, blank=True)
    topic = models.CharField(_("lĩnh vực"), max_length=40, default="khac", db_index=True)
    secondary_topics = models.JSONField(_("lĩnh vực phụ"), default=list, blank=True)

    # The unit in force on the received date (after mapping a pre-2025 unit to today's).
    area = models.ForeignKey(
        "core.AdminUnit",
        verbose_name=_("địa bàn"),
        on_delete=models.PROTECT,
        related_name="petitions",
    )
    # What the sender gave, when it was an older unit mapped to `area`.
    area_given = models.ForeignKey(
        "core.AdminUnit",
        verbose_name=_("địa bàn theo đơn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    remote = models.BooleanField(_("vùng sâu, vùng xa"), default=False)

    anonymous = models.BooleanField(_("đơn nặc danh"), default=False)
    signer_count = models.PositiveIntegerField(_("số người ký"), default=1)
    complaint_round = models.PositiveSmallIntegerField(_("lần khiếu nại"), default=1)
    pseudonym = models.CharField(_("bí danh người tố cáo"), max_length=12, blank=True)

    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    triage_outcome = models.CharField(
        _("kết quả xử lý đơn"), max_length=12, choices=Outcome.choices, blank=True
    )
    ineligible_reason = models.CharField(_("lý do không đủ điều kiện"), max_length=40, blank=True)
    triaged_on = models.DateField(_("ngày xử lý đơn"), null=True, blank=True)
    accepted_on = models.DateField(_("ngày thụ lý"), null=True, blank=True)
    resolved_on = models.DateField(_("ngày ban hành quyết định, kết luận"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định, kết luận"), max_length=100, blank=True)
    result_summary = models.TextField(_("kết quả giải quyết"), blank=True)
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    withdrawn_on = models.DateField(_("ngày rút đơn"), null=True, blank=True)
    # Forwarded petitions: the day the forwarder was told how the petition was handled.
    reported_back_on = models.DateField(_("ngày thông báo cho nơi chuyển"), null=True, blank=True)

    complex = models.BooleanField(_("vụ việc phức tạp"), default=False)
    especially_complex = models.BooleanField(_("vụ việc đặc biệt phức tạp"), default=False)
    # Denunciation: the initial check extended to 10 working days (checks at several places).
    initial_extended = models.BooleanField(_("gia hạn kiểm tra, xác minh ban đầu"), default=False)

    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ xử lý"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_petitions",
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("trùng với đơn"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    transferred_from = models.ForeignKey(
        "self",
        verbose_name=_("đơn được chuyển từ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transferred_to",
    )
    # The receiver has not yet opened a case transferred to it (its inbox).
    inbox_pending = models.BooleanField(_("chưa tiếp nhận"), default=False)

    satisfaction = models.CharField(
        _("mức độ hài lòng"), max_length=12, choices=Satisfaction.choices, blank=True
    )
    satisfaction_channel = models.CharField(
        _("hình thức ghi nhận"), max_length=12, choices=SatisfactionChannel.choices, blank=True
    )
    satisfaction_note = models.CharField(_("ý kiến"), max_length=500, blank=True)
    satisfaction_at = models.DateTimeField(null=True, blank=True)

    next_deadline = models.DateField(_("hạn gần nhất"), null=True, blank=True, db_index=True)
    next_deadline_key = models.CharField(max_length=60, blank=True)
    retention_until = models.DateField(_("lưu trữ đến"), null=True, blank=True)

    # The answer the citizen reads on the portal with the tracking code (written by an officer;
    # never the vault, never another person's data). Nullable: adding a NOT NULL column would
    # make SQLite rebuild the table and drop the full-text triggers of migration 0002.
    public_answer = models.TextField(  # noqa: DJ001 (see above)
        _("trả lời công khai cho công dân"), null=True, blank=True
    )
    public_answer_on = models.DateField(_("ngày trả lời công khai"), null=True, blank=True)
    # Where the record came from outside the intake form, unique per receiving organisation:
    # "xlsx:<sha256 of the normalised row key>" for an imported register row (re-importing the
    # same file creates nothing), "portal:<submission id>" for a portal submission.
    source_ref = models.CharField(  # noqa: DJ001 (NULL = none; the unique key skips NULLs)
        _("nguồn nhập"), max_length=80, null=True, blank=True
    )
    # Personal data removed when the retention period ended (Luật Bảo vệ dữ liệu cá nhân).
    anonymised_on = models.DateField(_("ngày ẩn danh hóa"), null=True, blank=True)

    # Folded, punctuation-free text of the content, summary, case number, petitioner names and
    # respondent (never the vault): the source of the full-text index on both databases.
    search_text = models.TextField(editable=False, default="")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("đơn thư")
        verbose_name_plural = _("đơn thư")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "seq"], name="petition_seq_per_org_year"
            ),
            models.UniqueConstraint(
                fields=["organization", "case_number"], name="petition_case_number_per_org"
            ),
            models.CheckConstraint(
                condition=Q(complaint_round__in=[1, 2]), name="petition_complaint_round"
            ),
            models.CheckConstraint(
                condition=~(Q(complex=True) & Q(especially_complex=True)),
                name="petition_one_complexity",
            ),
            # Conditional, so SQLite adds it as an index instead of rebuilding the table.
            models.UniqueConstraint(
                fields=["organization", "source_ref"],
                condition=Q(source_ref__isnull=False),
                name="petition_source_ref_per_org",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "status", "received_on"], name="petition_org"),
            # The list's keys read from the index alone (selectors.petition_list_and_keys).
            models.Index(
                fields=["organization", "received_on", "id"], name="petition_org_received"
            ),
            models.Index(fields=["area", "received_on"], name="petition_area"),
            models.Index(fields=["status", "next_deadline"], name="petition_deadline"),
            models.Index(fields=["organization", "inbox_pending"], name="petition_inbox"),
        ]

    def __str__(self) -> str:
        return self.case_number

    @property
    def is_multi_signer(self) -> bool:
        return self.signer_count >= 5

    @property
    def is_denunciation(self) -> bool:
        return self.kind == Kind.DENUNCIATION


class CaseCounter(models.Model):
    """The last case number issued per receiving organisation and year."""

    organization = models.ForeignKey("core.Organization", on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="case_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}/{self.year}: {self.last}"


class Petitioner(models.Model):
    """A sender of a petition (never a denouncer: those are in the vault)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="petitioners")
    # The petition's organisation (it never changes): the duplicate suggestion looks up a
    # folded name inside the caller's organisations on one index, (search_name, organisation).
    organization = models.ForeignKey(
        "core.Organization", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    position = models.PositiveSmallIntegerField(default=0)
    full_name = models.CharField(_("họ và tên"), max_length=200)
    search_name = models.CharField(max_length=200, db_index=True, default="")
    id_number = models.CharField(_("số định danh cá nhân"), max_length=20, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    is_representative = models.BooleanField(_("người đại diện"), default=False)

    class Meta:
        verbose_name = _("người gửi đơn")
        verbose_name_plural = _("người gửi đơn")
        ordering = ["petition_id", "position", "id"]
        indexes = [models.Index(fields=["search_name", "organization"], name="petitioner_name_org")]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.organization_id is None and self.petition_id is not None:
            self.organization_id = self.petition.organization_id  # it never changes
        super().save(*args, **kwargs)


def attachment_path(instance: PetitionAttachment, filename: str) -> str:
    # Never the sender's file name on disk: it may hold personal data.
    return f"petitions/{instance.petition.year}/{instance.sha256[:2]}/{instance.sha256}"


class PetitionAttachment(models.Model):
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("tên tệp"), max_length=200)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng"))
    sha256 = models.CharField(max_length=64)
    is_original = models.BooleanField(_("bản gốc"), default=False)
    description = models.CharField(_("mô tả"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu kèm theo")
        verbose_name_plural = _("tài liệu kèm theo")
        ordering = ["petition_id", "id"]

    def __str__(self) -> str:
        return self.original_name


class PetitionEvent(models.Model):
    """One entry of the case's timeline: who did what, when, and why."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    on = models.DateField(_("ngày"))  # the legal date of the act (may precede `at`)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    # "registered", "transition", "assigned", "extended", "complexity", "transfer_received",
    # "duplicate", "satisfaction", "report_back", "coordination", "attachment", "identity_grant".
    verb = models.CharField(max_length=40)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("diễn biến hồ sơ")
        verbose_name_plural = _("diễn biến hồ sơ")
        ordering = ["petition_id", "at", "id"]
        indexes = [models.Index(fields=["petition", "at"], name="petition_event_time")]

    def __str__(self) -> str:
        return f"{self.verb} {self.from_status}->{self.to_status}"


class PetitionDocument(models.Model):
    """A document produced by a move (DOCX), kept as issued."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="documents")
    event = models.ForeignKey(
        PetitionEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    template = models.CharField(_("mẫu"), max_length=40)
    title = models.CharField(_("tên văn bản"), max_length=250)
    number = models.CharField(_("số, ký hiệu"), max_length=100, blank=True)
    issued_on = models.DateField(_("ngày ban hành"))
    # The document as issued (header, title, body, recipients, signature): the DOCX file is
    # written from it on first download, so it never changes with the case afterwards.
    content = models.JSONField(default=dict, blank=True)
    file = models.FileField(upload_to="petition-documents/%Y/", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["petition_id", "created_at", "id"]

    def __str__(self) -> str:
        return self.title


class AgencyRole(models.TextChoices):
    LEAD = "lead", _("Cơ quan chủ trì")
    COORDINATING = "coordinating", _("Cơ quan phối hợp")


class PetitionAgency(ChoiceLabels, models.Model):
    """An agency working on the case: the lead or a coordinating one, with its part."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="agencies")
    organization = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="petition_parts"
    )
    role = models.CharField(_("vai trò"), max_length=12, choices=AgencyRole.choices)
    part = models.TextField(_("phần việc"), blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due = models.DateField(_("hạn"), null=True, blank=True)
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)

    class Meta:
        verbose_name = _("cơ quan tham gia giải quyết")
        verbose_name_plural = _("cơ quan tham gia giải quyết")
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "organization"], name="petition_agency_once"
            ),
            models.UniqueConstraint(
                fields=["petition"], condition=Q(role="lead"), name="petition_one_lead"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.organization_id}"


class Suspension(models.Model):
    """Tạm đình chỉ: the resolution clock stops from `start` until `end` (continuation)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="suspensions")
    start = models.DateField(_("ngày tạm đình chỉ"))
    end = models.DateField(_("ngày tiếp tục giải quyết"), null=True, blank=True)
    reason = models.TextField(_("lý do"))
    decision_number = models.CharField(_("số quyết định"), max_length=100, blank=True)

    class Meta:
        ordering = ["petition_id", "start", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["petition"], condition=Q(end__isnull=True), name="one_open_suspension"
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="suspension_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start} - {self.end or '...'}"


class ExtensionKind(models.TextChoices):
    COMPLEX = "complex", _("Vụ việc phức tạp")
    ESPECIALLY_COMPLEX = "especially_complex", _("Vụ việc đặc biệt phức tạp")
    INITIAL = "initial", _("Gia hạn kiểm tra, xác minh ban đầu")


class Extension(ChoiceLabels, models.Model):
    """A written decision that lengthens a deadline (complexity, or a denunciation's extension)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="extensions")
    kind = models.CharField(_("loại"), max_length=20, choices=ExtensionKind.choices)
    decided_on = models.DateField(_("ngày quyết định"))
    decision_number = models.CharField(_("số văn bản"), max_length=100)
    reason = models.TextField(_("lý do"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["petition_id", "decided_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.decision_number}"


class Transfer(models.Model):
    """Chuyển đơn: the case sent to the competent organisation, with the case it opened there."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="transfers_out")
    from_organization = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="+"
    )
    to_organization = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="transfers_in"
    )
    received_petition = models.OneToOneField(
        Petition,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="transfer_in",
    )
    sent_on = models.DateField(_("ngày chuyển"))
    reason = models.TextField(_("lý do"), blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("thời điểm tiếp nhận"), null=True, blank=True)

    class Meta:
        ordering = ["-sent_on", "-id"]

    def __str__(self) -> str:
        return f"{self.petition_id} -> {self.to_organization_id}"


class DuplicateBand(models.Model):
    """One locality-sensitive hash band of a petition's folded content (near-duplicate lookup)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="+")
    # The petition's organisation (it never changes), so that the lookup filters the scope
    # inside the index: band, organisation, petition answers it without reading the table.
    organization = models.ForeignKey(
        "core.Organization", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    band = models.BigIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["band", "organization", "petition"], name="duplicate_band_org")
        ]

    def __str__(self) -> str:
        return f"{self.petition_id}:{self.band}"


class VaultEntry(models.Model):
    """The denouncer's identity for one petition, encrypted at rest (see `petitions.vault`)."""

    petition = models.OneToOneField(Petition, on_delete=models.CASCADE, related_name="vault")
    ciphertext = models.BinaryField()
    key_id = models.CharField(max_length=16)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"vault #{self.petition_id}"  # never the identity


class VaultFile(models.Model):
    """A scan in the denouncer's handwriting: name, type and bytes all encrypted."""

    entry = models.ForeignKey(VaultEntry, on_delete=models.CASCADE, related_name="files")
    ciphertext = models.BinaryField()
    key_id = models.CharField(max_length=16)
    size = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"vault file #{self.pk}"


class IdentityGrant(models.Model):
    """Permission for one user to see one case's denouncer identity, until `expires_at`."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="identity_grants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="identity_grants"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("lý do"))
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("hết hạn"))
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["petition", "user"], name="identity_grant_lookup")]

    def __str__(self) -> str:
        return f"grant #{self.pk}"


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Đã tải lên")
    CHECKING = "checking", _("Đang kiểm tra")
    CHECKED = "checked", _("Đã kiểm tra")
    IMPORTING = "importing", _("Đang nhập")
    DONE = "done", _("Đã nhập xong")
    FAILED = "failed", _("Lỗi")


class RegisterImport(models.Model):
    """One upload of an existing register (XLSX): its column mapping, dry run and import.

    The file is kept by its SHA-256 (`petitions.imports`); the check and the import run as
    background tasks that write their progress here, which the upload page polls.
    """

    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("cơ quan nhận đơn"),
        on_delete=models.PROTECT,
        related_name="register_imports",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(_("tên tệp"), max_length=250)
    file_sha256 = models.CharField(max_length=64, db_index=True)
    file = models.FileField(upload_to="imports/", max_length=200)
    sheet = models.CharField(_("trang tính"), max_length=100, blank=True)
    header_row = models.PositiveIntegerField(_("dòng tiêu đề"), default=1)
    # Register column (header text as found) -> field code, chosen by the officer.
    mapping = models.JSONField(_("ghép cột"), default=dict, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    only_good_rows = models.BooleanField(_("chỉ nhập các dòng hợp lệ"), default=False)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    rows_bad = models.PositiveIntegerField(default=0)
    rows_created = models.PositiveIntegerField(default=0)
    rows_skipped = models.PositiveIntegerField(default=0)  # already imported before
    # The first problems found: [{"row": 12, "column": "Ngày nhận", "problem": "..."}].
    problems = models.JSONField(default=list, blank=True)
    message = models.CharField(max_length=500, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("lần nhập sổ đơn")
        verbose_name_plural = _("lần nhập sổ đơn")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.file_name
