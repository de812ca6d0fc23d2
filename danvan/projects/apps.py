from __future__ import annotations

from collections.abc import Callable

from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "danvan.projects"
    label = "projects"
    verbose_name = "Nhà nước và nhân dân cùng làm"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from danvan.core.selectors.audit import audit_verbs_register

        audit_verbs_register(
            {
                "project.create": _("Lập công trình Nhà nước và nhân dân cùng làm"),
                "project.update": _("Sửa thông tin công trình"),
                "project.transition": _("Chuyển bước công trình"),
                "project.contribution_record": _("Ghi khoản đóng góp"),
                "project.contribution_receive": _("Ghi nhận đã nhận khoản đóng góp"),
                "project.contribution_void": _("Hủy bỏ khoản đóng góp"),
                "project.expenditure_record": _("Ghi khoản chi"),
                "project.expenditure_void": _("Hủy bỏ khoản chi"),
                "project.progress_report": _("Báo cáo tiến độ công trình"),
            },
            {
                "residential_areas": _("thôn, tổ dân phố"),
                "length_km": _("chiều dài (km)"),
                "area_m2": _("diện tích (m²)"),
                "planned_cost": _("tổng mức đầu tư dự kiến (đồng)"),
                "decision_ref": _("quyết định của cộng đồng"),
                "completed_on": _("ngày hoàn thành"),
                "handed_over_on": _("ngày bàn giao"),
                "contributor": _("người, đơn vị đóng góp"),
                "listed": _("đồng ý công khai tên"),
                "pledged_on": _("ngày đăng ký"),
                "receipt": _("số biên nhận, chứng từ"),
                "contribution": _("khoản đóng góp"),
                "expenditure": _("khoản chi"),
                "voucher": _("số chứng từ"),
            },
        )

    def danvan_demo(self, write: Callable[[str], object], *, size: int = 3000) -> None:
        """Called by `danvan demo`: projects in Quảng Trị's demo communes (idempotent)."""
        if size <= 0:
            return
        from danvan.projects.demo import demo_projects_load

        result = demo_projects_load()
        if result.get("projects"):
            write(
                f"Đã tạo {result['projects']} công trình “Nhà nước và nhân dân cùng làm” mẫu "
                f"({result.get('contributions', 0)} khoản đóng góp)."
            )
