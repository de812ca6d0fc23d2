from __future__ import annotations

from collections.abc import Callable

from django.apps import AppConfig


class DemocracyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "danvan.democracy"
    label = "democracy"
    verbose_name = "Dân chủ ở cơ sở"

    def ready(self) -> None:
        from django.urls import reverse
        from django.utils.translation import gettext_lazy as _

        from danvan.core.selectors.audit import audit_verbs_register
        from danvan.core.services.obligations import (
            obligation_target_statuses_register,
            obligation_target_url_register,
        )
        from danvan.democracy import deadlines  # noqa: F401  (registers the board's kinds)
        from danvan.democracy.states import DecisionStatus, DisclosureStatus

        obligation_target_url_register(
            "democracy.disclosure", lambda pk: reverse("democracy:disclosure", args=[pk])
        )
        obligation_target_url_register(
            "democracy.communitydecision", lambda pk: reverse("democracy:decision", args=[pk])
        )
        for code, label in (*DisclosureStatus.choices, *DecisionStatus.choices):
            obligation_target_statuses_register(code, label)
        audit_verbs_register(
            {
                "disclosure.create": _("Ghi nội dung công khai"),
                "disclosure.update": _("Sửa nội dung công khai"),
                "disclosure.publish": _("Công khai thông tin"),
                "disclosure.transition": _("Kết thúc, thu hồi nội dung công khai"),
                "community_decision.create": _("Ghi biên bản Nhân dân bàn và quyết định"),
                "community_decision.update": _("Sửa biên bản Nhân dân bàn và quyết định"),
                "community_decision.send": _("Gửi biên bản lên Ủy ban nhân dân xã"),
                "community_decision.recognise": _("Công nhận, không công nhận kết quả"),
                "community_decision.cancel": _("Hủy biên bản ghi nhầm"),
            },
            {
                "group": _("nhóm nội dung"),
                "decision_date": _("ngày ban hành văn bản"),
                "publish_due": _("hạn công khai"),
                "published_on": _("ngày công khai"),
                "channels": _("hình thức công khai"),
                "display_from": _("công khai từ ngày"),
                "display_to": _("công khai đến ngày"),
                "document_number": _("số văn bản"),
                "document_date": _("ngày văn bản"),
                "residential_area": _("thôn, tổ dân phố"),
                "matter": _("nội dung bàn và quyết định"),
                "held_on": _("ngày họp"),
                "total_households": _("tổng số hộ"),
                "participating": _("số hộ tham gia"),
                "agreeing": _("số hộ tán thành"),
                "against": _("số hộ không tán thành"),
                "passed": _("được thông qua"),
                "quorum_met": _("đủ số hộ tham gia"),
                "threshold_key": _("ngưỡng áp dụng"),
                "sent_on": _("ngày gửi biên bản"),
                "decided_on": _("ngày quyết định"),
                "decision_number": _("số quyết định"),
                "late": _("muộn"),
            },
        )

    def danvan_demo(self, write: Callable[[str], object], *, size: int = 3000) -> None:
        """Called by `danvan demo`: disclosures and community decisions in the demo communes."""
        if size <= 0:
            return
        from danvan.democracy.demo import demo_democracy_load

        result = demo_democracy_load()
        if result["disclosures"] or result["decisions"]:
            write(
                f"Đã tạo {result['disclosures']} nội dung công khai ở xã và "
                f"{result['decisions']} biên bản Nhân dân bàn và quyết định."
            )
