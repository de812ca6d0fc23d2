from __future__ import annotations

from collections.abc import Callable

from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "danvan.petitions"
    label = "petitions"
    verbose_name = "Đơn thư"

    def ready(self) -> None:
        from django.urls import reverse
        from django.utils.translation import gettext_lazy as _

        from danvan.core.documents import document_counters_register
        from danvan.core.selectors.audit import audit_verbs_register
        from danvan.core.services.obligations import (
            obligation_target_statuses_register,
            obligation_target_url_register,
        )
        from danvan.petitions import deadlines  # noqa: F401  (registers the board's kind labels)
        from danvan.petitions.documents import documents_issued_count
        from danvan.petitions.imports import run  # noqa: F401  (registers the import's audit verbs)
        from danvan.petitions.states import Status

        document_counters_register("petitions", documents_issued_count)
        obligation_target_url_register(
            "petitions.petition", lambda pk: reverse("petitions:detail", args=[pk])
        )
        for code, label in Status.choices:
            obligation_target_statuses_register(code, label)
        audit_verbs_register(
            {
                "petition.register": _("Vào sổ đơn"),
                "petition.transition": _("Chuyển bước xử lý đơn"),
                "petition.transfer": _("Nhận đơn chuyển đến"),
                "petition.assign": _("Giao cán bộ xử lý"),
                "petition.extend": _("Gia hạn giải quyết"),
                "petition.agency": _("Phân công cơ quan phối hợp"),
                "petition.agency_done": _("Cơ quan phối hợp hoàn thành phần việc"),
                "petition.duplicate": _("Đánh dấu đơn trùng"),
                "petition.satisfaction": _("Ghi nhận mức độ hài lòng"),
                "petition.report_back": _("Thông báo cho nơi chuyển đơn"),
                "petition.inbox_acknowledge": _("Tiếp nhận đơn chuyển đến"),
                "petition.attachment": _("Thêm tài liệu"),
                "petition.identity_reveal": _("Xem danh tính người tố cáo"),
                "petition.identity_file_read": _("Xem bản viết tay của người tố cáo"),
                "petition.identity_grant": _("Cấp quyền xem danh tính người tố cáo"),
                "petition.identity_grant_revoke": _("Thu hồi quyền xem danh tính"),
                "petition.document_issue": _("Ban hành văn bản"),
                "petition.public_answer": _("Trả lời công khai trên Cổng công dân"),
                "petition.anonymise": _("Ẩn danh hóa dữ liệu cá nhân (hết thời hạn lưu trữ)"),
            },
            {
                "kind": _("loại đơn"),
                "channel": _("nguồn đơn"),
                "received_on": _("ngày nhận"),
                "triage_outcome": _("kết quả xử lý đơn"),
                "triaged_on": _("ngày xử lý đơn"),
                "accepted_on": _("ngày thụ lý"),
                "resolved_on": _("ngày giải quyết"),
                "closed_on": _("ngày kết thúc"),
                "withdrawn_on": _("ngày rút đơn"),
                "decision_number": _("số quyết định"),
                "result_summary": _("kết quả giải quyết"),
                "assignee": _("cán bộ xử lý"),
                "duplicate_of": _("trùng với đơn"),
                "satisfaction": _("mức độ hài lòng"),
                "reason": _("lý do"),
                "status": _("trạng thái"),
                "document": _("văn bản"),
                "template": _("mẫu"),
                "public_answer": _("trả lời công khai"),
                "public_answer_on": _("ngày trả lời công khai"),
            },
        )
        # Personal data of ended cases is anonymised when its retention period ends.
        from danvan.core.services.retention import RetentionPolicy, retention_register
        from danvan.petitions.services import portal as portal_services

        retention_register(
            RetentionPolicy(
                record_type="petitions.petition",
                label=_("Hồ sơ đơn thư"),
                count_due=portal_services.petition_retention_count,
                anonymise_due=portal_services.petition_retention_anonymise,
            )
        )

    def danvan_demo(self, write: Callable[[str], object], *, size: int = 3000) -> None:
        """Called by `danvan demo`: `size` petitions in the demo provinces (idempotent)."""
        if size <= 0:
            return
        from danvan.petitions.demo import demo_petitions_load

        def progress(done: int, count: int) -> None:
            if done % 500 == 0 or done == count:
                write(f"Đơn thư mẫu: {done}/{count}")

        result = demo_petitions_load(count=size, progress=progress)
        if result.get("petitions"):
            write(f"Đã tạo {result['petitions']} đơn thư mẫu.")

    def danvan_install(self) -> list[str]:
        """Called by `danvan install`: create the demo vault key file when none is configured."""
        from danvan.petitions.vault import vault_key_file_ensure

        created = vault_key_file_ensure()
        if created is None:
            return []
        return [f"Đã tạo tệp khóa kho bảo mật danh tính người tố cáo: {created} (hãy sao lưu)."]
