from __future__ import annotations

from collections.abc import Callable

from django.apps import AppConfig


class MediationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "danvan.mediation"
    label = "mediation"
    verbose_name = "Hòa giải ở cơ sở"

    def ready(self) -> None:
        from django.urls import reverse
        from django.utils.translation import gettext_lazy as _

        from danvan.core.selectors.audit import audit_verbs_register
        from danvan.core.services.obligations import (
            obligation_target_status_label,
            obligation_target_statuses_register,
            obligation_target_url_register,
        )
        from danvan.mediation import deadlines  # noqa: F401  (registers the board's kind label)
        from danvan.mediation.states import CaseStatus

        obligation_target_url_register(
            "mediation.case", lambda pk: reverse("mediation:case", args=[pk])
        )
        for code, label in CaseStatus.choices:
            # The registry is shared by code: never relabel another module's status.
            if obligation_target_status_label(code) == code:
                obligation_target_statuses_register(code, label)
        audit_verbs_register(
            {
                "mediation.team_create": _("Lập tổ hòa giải"),
                "mediation.team_dissolve": _("Giải thể tổ hòa giải"),
                "mediation.member_add": _("Công nhận hòa giải viên"),
                "mediation.member_end": _("Thôi làm hòa giải viên"),
                "mediation.case_create": _("Tiếp nhận vụ việc hòa giải"),
                "mediation.case_assign": _("Phân công hòa giải viên"),
                "mediation.session_add": _("Ghi buổi hòa giải"),
                "mediation.case_transition": _("Ghi kết quả hòa giải"),
                "mediation.case_to_petition": _("Chuyển vụ việc hòa giải thành đơn"),
            },
            {
                "organization": _("cơ quan"),
                "name": _("tên"),
                "residential_area": _("thôn, tổ dân phố"),
                "decision_number": _("số quyết định"),
                "status": _("trạng thái"),
                "reason": _("lý do"),
                "member": _("hòa giải viên"),
                "role": _("vai trò"),
                "team": _("tổ hòa giải"),
                "received_on": _("ngày tiếp nhận"),
                "source": _("căn cứ hòa giải"),
                "dispute_kind": _("loại vụ việc"),
                "parties": _("số người của các bên"),
                "mediators": _("hòa giải viên được phân công"),
                "session": _("buổi hòa giải"),
                "closed_on": _("ngày kết thúc"),
                "agreement": _("thỏa thuận"),
                "note": _("lý do, ghi chú"),
                "transferred_to": _("chuyển đến"),
                "petition": _("đơn"),
                "kind": _("loại đơn"),
                "petitioners": _("số người gửi đơn"),
            },
        )

    def danvan_demo(self, write: Callable[[str], object], *, size: int = 3000) -> None:
        """Called by `danvan demo`: mediation teams and cases in the demo communes."""
        if size <= 0:
            return
        from danvan.mediation.demo import demo_mediation_load

        result = demo_mediation_load()
        if result.get("teams") or result.get("cases"):
            write(
                f"Đã tạo {result.get('teams', 0)} tổ hòa giải mẫu, "
                f"{result.get('cases', 0)} vụ việc hòa giải "
                f"({result.get('petitions', 0)} vụ chuyển thành đơn)."
            )
