"""What coordination registers with core at start-up: record links of tasks and audit labels."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def register() -> None:
    from danvan.core.selectors.audit import audit_verbs_register
    from danvan.core.services.obligations import obligation_target_url_register

    # A task's "related record" is the obligation or plan item; their pages redirect to the
    # document or plan (the link must not query, so it is built from the id alone).
    obligation_target_url_register(
        "coordination.documentobligation",
        lambda pk: reverse("coordination:obligation", args=[pk]),
    )
    obligation_target_url_register(
        "coordination.planitem", lambda pk: reverse("coordination:plan_item", args=[pk])
    )
    audit_verbs_register(
        {
            "coordination.document_register": _("Vào sổ văn bản"),
            "coordination.document_update": _("Sửa thông tin văn bản"),
            "coordination.document_files_add": _("Thêm tệp văn bản"),
            "coordination.document_link": _("Liên kết văn bản"),
            "coordination.document_unlink": _("Bỏ liên kết văn bản"),
            "coordination.obligation_create": _("Ghi nhiệm vụ phát sinh từ văn bản"),
            "coordination.programme_create": _("Ghi chương trình phối hợp"),
            "coordination.programme_duty_add": _("Thêm trách nhiệm của bên tham gia"),
            "coordination.programme_transition": _("Chuyển trạng thái chương trình phối hợp"),
            "coordination.plan_create": _("Lập kế hoạch"),
            "coordination.plan_item_add": _("Thêm nội dung kế hoạch"),
            "coordination.plan_item_remove": _("Bỏ nội dung kế hoạch"),
            "coordination.plan_issue": _("Ban hành kế hoạch"),
            "coordination.plan_transition": _("Chuyển trạng thái kế hoạch"),
        },
        {
            "reference": _("số, ký hiệu"),
            "kind": _("loại văn bản"),
            "issued_on": _("ngày ban hành"),
            "issuer_name": _("cơ quan ban hành"),
            "issuer": _("cơ quan ban hành trong hệ thống"),
            "title": _("tên, trích yếu"),
            "summary": _("tóm tắt nội dung"),
            "effective_from": _("có hiệu lực từ"),
            "effective_to": _("hết hiệu lực"),
            "files": _("tệp"),
            "link": _("văn bản liên quan"),
            "obligation": _("nhiệm vụ"),
            "lead": _("đơn vị chủ trì"),
            "leads": _("bên chủ trì, ký kết"),
            "parties": _("các bên tham gia"),
            "duties": _("số trách nhiệm"),
            "duty": _("trách nhiệm"),
            "year": _("năm"),
            "programme": _("chương trình phối hợp"),
            "document": _("văn bản"),
            "items": _("số nội dung"),
            "item": _("nội dung kế hoạch"),
            "tasks": _("số nhiệm vụ"),
            "reason": _("lý do"),
        },
    )
