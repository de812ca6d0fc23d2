from __future__ import annotations

from collections.abc import Callable

from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "danvan.conferences"
    label = "conferences"
    verbose_name = "Hội nghị giao ban, sơ kết, tổng kết"

    def ready(self) -> None:
        from django.urls import reverse
        from django.utils.translation import gettext_lazy as _

        from danvan.conferences.services import notice_counter
        from danvan.conferences.states import Status
        from danvan.core.documents import document_counters_register
        from danvan.core.selectors.audit import audit_verbs_register
        from danvan.core.services.obligations import (
            obligation_target_statuses_register,
            obligation_target_url_register,
        )

        document_counters_register("conferences", notice_counter)
        obligation_target_url_register(
            "conferences.conference", lambda pk: reverse("conferences:detail", args=[pk])
        )
        obligation_target_url_register(
            "conferences.conclusionitem", lambda pk: reverse("conferences:item", args=[pk])
        )
        for code, label in Status.choices:
            obligation_target_statuses_register(code, label)
        audit_verbs_register(
            {
                "conference.create": _("Lên lịch hội nghị"),
                "conference.update": _("Sửa thông tin hội nghị"),
                "conference.transition": _("Chuyển bước hội nghị"),
                "conference.invitee_add": _("Thêm thành phần mời hội nghị"),
                "conference.invitee_remove": _("Bỏ thành phần mời hội nghị"),
                "conference.attendance": _("Ghi nhận tham dự hội nghị"),
                "conference.conclusion_issue": _("Ban hành thông báo kết luận hội nghị"),
            },
            {
                "title": _("tên hội nghị"),
                "chairs": _("người chủ trì"),
                "co_organizers": _("cơ quan phối hợp tổ chức"),
                "invitees": _("số thành phần mời"),
                "invitee": _("thành phần mời"),
                "documents": _("văn bản liên quan"),
                "invitations_sent_on": _("ngày gửi giấy mời"),
                "held_on": _("ngày đã tổ chức"),
                "concluded_on": _("ngày kết thúc hồ sơ"),
                "postponed_to": _("ngày dự kiến tổ chức lại"),
                "summary": _("kết quả hội nghị"),
                "attendance": _("tham dự"),
                "absence_reason": _("lý do vắng mặt"),
                "represented_by": _("người dự thay"),
                "concluded_by": _("người kết luận"),
                "items": _("số nội dung kết luận"),
                "leads": _("đơn vị chủ trì"),
            },
        )

    def danvan_demo(self, write: Callable[[str], object], *, size: int = 3000) -> None:
        """Called by `danvan demo`: conferences in the demo provinces, from the seed articles."""
        if size <= 0:
            return
        from danvan.conferences.demo import demo_conferences_load

        result = demo_conferences_load()
        if result.get("conferences"):
            write(
                f"Đã tạo {result['conferences']} hội nghị mẫu "
                f"({result.get('conclusions', 0)} thông báo kết luận, "
                f"{result.get('tasks', 0)} nhiệm vụ). Tài khoản tổ chức hội nghị (mật khẩu như "
                f"các tài khoản demo): {', '.join(result.get('accounts', []))}."
            )
