from __future__ import annotations

from collections.abc import Callable

from django.apps import AppConfig


class DialoguesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "danvan.dialogues"
    label = "dialogues"
    verbose_name = "Đối thoại"

    def ready(self) -> None:
        from django.urls import reverse
        from django.utils.translation import gettext_lazy as _

        from danvan.core.documents import document_counters_register
        from danvan.core.selectors.audit import audit_verbs_register
        from danvan.core.services.obligations import (
            obligation_target_statuses_register,
            obligation_target_url_register,
        )
        from danvan.dialogues import deadlines  # noqa: F401  (registers the board's kind label)
        from danvan.dialogues.guards import second_complaint_needs_dialogue
        from danvan.dialogues.services import minutes_counter
        from danvan.dialogues.states import Status
        from danvan.petitions.services.transitions import transition_checks_register

        transition_checks_register("dialogues.second_complaint", second_complaint_needs_dialogue)
        document_counters_register("dialogues", minutes_counter)
        obligation_target_url_register(
            "dialogues.dialogue", lambda pk: reverse("dialogues:detail", args=[pk])
        )
        for code, label in Status.choices:
            obligation_target_statuses_register(code, label)
        audit_verbs_register(
            {
                "dialogue.create": _("Lên lịch đối thoại"),
                "dialogue.update": _("Sửa thông tin cuộc đối thoại"),
                "dialogue.transition": _("Chuyển bước cuộc đối thoại"),
                "dialogue.participant_add": _("Thêm người tham dự đối thoại"),
                "dialogue.participant_remove": _("Bỏ người tham dự đối thoại"),
                "dialogue.attendance": _("Ghi nhận có mặt, vắng mặt"),
                "dialogue.signature": _("Ghi nhận ký biên bản đối thoại"),
                "dialogue.agenda_add": _("Thêm nội dung chương trình đối thoại"),
                "dialogue.agenda_remove": _("Bỏ nội dung chương trình đối thoại"),
                "dialogue.statement_add": _("Ghi ý kiến phát biểu"),
                "dialogue.statement_remove": _("Xóa ý kiến phát biểu"),
                "dialogue.commitment_add": _("Ghi cam kết tại đối thoại"),
                "dialogue.minutes_issue": _("Lập biên bản đối thoại"),
            },
            {
                "topic": _("nội dung đối thoại"),
                "place": _("địa điểm"),
                "date": _("ngày"),
                "start_time": _("giờ bắt đầu"),
                "end_time": _("giờ kết thúc"),
                "chair_name": _("người chủ trì"),
                "chair_position": _("chức vụ người chủ trì"),
                "notice_on": _("ngày gửi thông báo"),
                "held_on": _("ngày tổ chức"),
                "minutes_signed_on": _("ngày ký biên bản"),
                "outcome": _("kết quả đối thoại"),
                "legal_bases": _("căn cứ pháp lý"),
                "legal_basis_note": _("căn cứ khác"),
                "audience": _("đối tượng đối thoại"),
                "status_note": _("lý do"),
                "petition": _("đơn khiếu nại"),
                "participants": _("số người tham dự"),
                "participant": _("người tham dự"),
                "full_name": _("họ và tên"),
                "address": _("địa chỉ"),
                "role": _("vai trò"),
                "signature": _("ký biên bản"),
                "refusal_reason": _("lý do từ chối ký"),
                "attended": _("có mặt"),
                "agenda": _("nội dung chương trình"),
                "presenter": _("người trình bày"),
                "content": _("nội dung"),
                "position": _("thứ tự"),
                "commitment": _("cam kết"),
                "made_by": _("người cam kết"),
                "organization": _("cơ quan"),
                "issued_on": _("ngày ký"),
            },
        )

    def danvan_demo(self, write: Callable[[str], object], *, size: int = 3000) -> None:
        """Called by `danvan demo` after the petitions demo: dialogues in the demo provinces."""
        if size <= 0:
            return
        from danvan.dialogues.demo import demo_dialogues_load

        result = demo_dialogues_load()
        if result.get("dialogues"):
            write(
                f"Đã tạo {result['dialogues']} cuộc đối thoại mẫu "
                f"({result.get('commitments', 0)} cam kết)."
            )
