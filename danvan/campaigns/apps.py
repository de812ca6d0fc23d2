from __future__ import annotations

from collections.abc import Callable

from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "danvan.campaigns"
    label = "campaigns"
    verbose_name = "Vận động, tuyên truyền"

    def ready(self) -> None:
        from django.urls import reverse
        from django.utils.translation import gettext_lazy as _

        from danvan.core.selectors.audit import audit_verbs_register
        from danvan.core.services.obligations import obligation_target_url_register

        # Follow-up tasks link back to their campaign on the board and the task pages.
        obligation_target_url_register(
            "campaigns.campaign", lambda pk: reverse("campaigns:detail", args=[pk])
        )
        audit_verbs_register(
            {
                "campaign.create": _("Lập kế hoạch cuộc vận động, tuyên truyền"),
                "campaign.update": _("Sửa kế hoạch cuộc vận động"),
                "campaign.transition": _("Chuyển bước cuộc vận động"),
                "campaign.target_add": _("Thêm chỉ tiêu cuộc vận động"),
                "campaign.target_update": _("Sửa chỉ tiêu cuộc vận động"),
                "campaign.target_remove": _("Xóa chỉ tiêu cuộc vận động"),
                "campaign.activity_record": _("Ghi hoạt động vận động, tuyên truyền"),
                "campaign.activity_remove": _("Xóa hoạt động vận động, tuyên truyền"),
                "campaign.evidence_add": _("Bổ sung tài liệu minh chứng hoạt động"),
            },
            {
                "kind": _("hình thức"),
                "title": _("tên cuộc vận động"),
                "purpose": _("mục đích, yêu cầu"),
                "target_group": _("đối tượng vận động"),
                "areas": _("địa bàn"),
                "units": _("đơn vị phối hợp"),
                "starts_on": _("từ ngày"),
                "ends_on": _("đến ngày"),
                "basis_document": _("văn bản căn cứ"),
                "basis_document_id": _("văn bản căn cứ"),
                "basis_note": _("căn cứ khác"),
                "targets": _("chỉ tiêu"),
                "started_on": _("ngày bắt đầu triển khai"),
                "ended_on": _("ngày kết thúc"),
                "evaluated_on": _("ngày đánh giá"),
                "assessment": _("đánh giá chung"),
                "lessons": _("bài học kinh nghiệm"),
                "recommendations": _("kiến nghị, đề xuất"),
                "status_note": _("lý do"),
                "label": _("chỉ tiêu"),
                "unit": _("đơn vị tính"),
                "tally": _("cách tính kết quả"),
                "baseline": _("giá trị ban đầu"),
                "target_value": _("chỉ tiêu phải đạt"),
                "activity": _("hoạt động"),
                "people_reached": _("số người được tiếp cận"),
                "results": _("kết quả"),
                "files": _("tài liệu minh chứng"),
            },
        )

    def danvan_demo(self, write: Callable[[str], object], *, size: int = 3000) -> None:
        """Called by `danvan demo`: campaigns in the demo provinces (idempotent)."""
        if size <= 0:
            return
        from danvan.campaigns.demo import demo_campaigns_load

        result = demo_campaigns_load()
        if result.get("campaigns"):
            write(
                f"Đã tạo {result['campaigns']} cuộc vận động, tuyên truyền mẫu "
                f"({result.get('activities', 0)} hoạt động)."
            )
