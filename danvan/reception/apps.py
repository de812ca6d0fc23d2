from __future__ import annotations

from collections.abc import Callable

from django.apps import AppConfig


class ReceptionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "danvan.reception"
    label = "reception"
    verbose_name = "Tiếp công dân"

    def ready(self) -> None:
        from django.urls import reverse
        from django.utils.translation import gettext_lazy as _

        from danvan.core.documents import document_counters_register
        from danvan.core.selectors.audit import audit_verbs_register
        from danvan.core.services.obligations import (
            obligation_target_statuses_register,
            obligation_target_url_register,
        )
        from danvan.core.services.retention import retention_register
        from danvan.reception import deadlines  # noqa: F401  (registers the board's kind labels)
        from danvan.reception.documents import documents_issued_count
        from danvan.reception.retention import POLICY
        from danvan.reception.states import Outcome, SessionStatus

        document_counters_register("reception", documents_issued_count)
        retention_register(POLICY)
        obligation_target_url_register(
            "reception.receptionsession",
            lambda pk: reverse("reception:session_detail", args=[pk]),
        )
        obligation_target_url_register(
            "reception.receptionentry", lambda pk: reverse("reception:entry_detail", args=[pk])
        )
        for code, label in [*SessionStatus.choices, *Outcome.choices]:
            obligation_target_statuses_register(code, label)
        audit_verbs_register(
            {
                "reception.session_create": _("Lập lịch tiếp công dân"),
                "reception.session_update": _("Sửa buổi tiếp công dân"),
                "reception.session_transition": _("Chuyển trạng thái buổi tiếp công dân"),
                "reception.entry_register": _("Ghi sổ tiếp công dân"),
                "reception.entry_reply": _("Ghi nhận trả lời người được tiếp"),
                "reception.entry_conclusion": _("Ghi kết luận của người chủ trì"),
                "reception.entry_anonymise": _("Ẩn danh dữ liệu cá nhân hết thời hạn lưu giữ"),
                "reception.document_issue": _("Ban hành văn bản tiếp công dân"),
            },
            {
                "date": _("ngày tiếp"),
                "host": _("người chủ trì"),
                "host_user": _("người chủ trì (tài khoản)"),
                "host_name": _("họ tên người chủ trì"),
                "host_position": _("chức vụ người chủ trì"),
                "host_kind": _("người chủ trì"),
                "place_kind": _("hình thức, nơi tiếp"),
                "place": _("địa điểm"),
                "start_time": _("giờ bắt đầu"),
                "end_time": _("giờ kết thúc"),
                "agencies": _("cơ quan cùng tham dự"),
                "agencies_note": _("thành phần tham dự khác"),
                "notes": _("ghi chú nội bộ"),
                "level": _("cấp"),
                "published_on": _("ngày công khai lịch"),
                "held_summary": _("tóm tắt kết quả buổi tiếp"),
                "visitor_name": _("họ và tên"),
                "visitor_address": _("địa chỉ"),
                "visitor_id_number": _("số định danh cá nhân"),
                "visitor_phone": _("điện thoại"),
                "visitor_count": _("số người"),
                "representatives": _("người đại diện"),
                "outcome": _("kết quả tiếp"),
                "petition": _("đơn"),
                "session": _("buổi tiếp"),
                "refusal_ground": _("căn cứ từ chối tiếp"),
                "replied_on": _("ngày trả lời"),
                "reply_method": _("hình thức trả lời"),
                "reply_note": _("nội dung trả lời"),
                "conclusion": _("kết luận của người chủ trì"),
            },
        )

    def danvan_demo(self, write: Callable[[str], object], *, size: int = 3000) -> None:
        """Called by `danvan demo` after the petitions demo: a year of receptions (idempotent)."""
        if size <= 0:
            return
        from danvan.reception.demo import demo_reception_load

        result = demo_reception_load(size=size)
        if result.get("sessions") or result.get("entries"):
            write(
                f"Tiếp công dân mẫu: {result.get('sessions', 0)} buổi tiếp, "
                f"{result.get('entries', 0)} lượt tiếp."
            )
