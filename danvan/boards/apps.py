from __future__ import annotations

from collections.abc import Callable

from django.apps import AppConfig


class BoardsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "danvan.boards"
    label = "boards"
    verbose_name = "Ban thanh tra nhân dân, Ban giám sát đầu tư của cộng đồng"

    def ready(self) -> None:
        from django.urls import reverse
        from django.utils.translation import gettext_lazy as _

        from danvan.boards import deadlines  # noqa: F401  (registers the board's kind label)
        from danvan.boards.states import BoardStatus
        from danvan.core.selectors.audit import audit_verbs_register
        from danvan.core.services.obligations import (
            obligation_target_statuses_register,
            obligation_target_url_register,
        )

        obligation_target_url_register(
            "boards.board", lambda pk: reverse("boards:detail", args=[pk]) + "#kien-nghi"
        )
        for code, label in BoardStatus.choices:
            obligation_target_statuses_register(code, label)
        audit_verbs_register(
            {
                "board.create": _("Lập ban giám sát ở cơ sở"),
                "board.update": _("Sửa thông tin ban"),
                "board.end": _("Kết thúc hoạt động của ban"),
                "board.member_add": _("Bổ sung thành viên ban"),
                "board.member_end": _("Cho thôi thành viên ban"),
                "board.plan_create": _("Lập kế hoạch giám sát của ban"),
                "board.plan_item_add": _("Bổ sung nội dung kế hoạch giám sát"),
                "board.record_create": _("Ghi kết quả giám sát của ban"),
                "board.recommendation_add": _("Gửi kiến nghị của ban"),
                "board.recommendation_answer": _("Ghi trả lời kiến nghị của ban"),
                "board.recommendation_assess": _("Ban đánh giá trả lời kiến nghị"),
            },
            {
                "front": _("Mặt trận cấp xã"),
                "term_from": _("nhiệm kỳ từ"),
                "term_to": _("nhiệm kỳ đến"),
                "term_rule": _("căn cứ nhiệm kỳ"),
                "project": _("dự án, công trình"),
                "project_investor": _("chủ đầu tư"),
                "decision_number": _("số văn bản công nhận"),
                "decision_date": _("ngày công nhận"),
                "ended_on": _("ngày kết thúc hoạt động"),
                "member": _("thành viên"),
                "role": _("chức danh"),
                "from_on": _("từ ngày"),
                "replaces": _("thay thế cho"),
                "plan": _("kế hoạch"),
                "year": _("năm"),
                "item": _("nội dung kế hoạch"),
                "record": _("biên bản giám sát"),
                "held_on": _("ngày giám sát"),
                "subject": _("đối tượng giám sát"),
                "files": _("tệp đính kèm"),
                "recommendation": _("kiến nghị"),
                "addressee": _("cơ quan nhận kiến nghị"),
                "sent_on": _("ngày gửi"),
                "follow_up_of": _("kiến nghị tiếp của"),
                "answered_on": _("ngày trả lời"),
                "signer": _("người ký trả lời"),
                "late": _("trả lời quá hạn"),
                "assessment": _("đánh giá"),
                "note": _("nhận xét"),
            },
        )

    def danvan_demo(self, write: Callable[[str], object], *, size: int = 3000) -> None:
        """Called by `danvan demo`: boards in the demo communes."""
        if size <= 0:
            return
        from danvan.boards.demo import demo_boards_load

        result = demo_boards_load()
        if result.get("boards"):
            write(
                f"Đã tạo {result['boards']} ban thanh tra nhân dân, giám sát đầu tư mẫu "
                f"({result.get('recommendations', 0)} kiến nghị)."
            )
