from __future__ import annotations

from collections.abc import Callable

from django.apps import AppConfig


class PracticesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "danvan.practices"
    label = "practices"
    verbose_name = "Phong trào thi đua “Dân vận khéo”"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from danvan.core.selectors.audit import audit_verbs_register

        audit_verbs_register(
            {
                "practice.register": _("Đăng ký mô hình “Dân vận khéo”"),
                "practice.transition": _("Chuyển bước mô hình “Dân vận khéo”"),
                "practice.update": _("Sửa thông tin mô hình “Dân vận khéo”"),
                "practice.council_open": _("Thành lập hội đồng đánh giá mô hình"),
                "practice.score": _("Chấm điểm mô hình"),
                "practice.council_close": _("Kết luận hội đồng đánh giá mô hình"),
                "practice.recognise": _("Công nhận mô hình “Dân vận khéo”"),
                "practice.replicate": _("Ghi nhận nhân rộng mô hình"),
                "practice.evidence_add": _("Thêm minh chứng cho mô hình"),
            },
            {
                "name": _("tên mô hình"),
                "field": _("lĩnh vực"),
                "round": _("lần đánh giá"),
                "council_org": _("cơ quan thành lập hội đồng"),
                "criteria_set": _("bộ tiêu chí"),
                "members": _("số thành viên"),
                "held_on": _("ngày họp hội đồng"),
                "score": _("điểm"),
                "passed": _("đạt"),
                "recognition_level": _("cấp công nhận"),
                "decision_number": _("số quyết định công nhận"),
                "decision_date": _("ngày quyết định"),
                "decision_issuer": _("cơ quan ban hành quyết định"),
                "replication": _("nơi nhân rộng"),
                "started_on": _("ngày bắt đầu áp dụng"),
                "evidence": _("minh chứng"),
            },
        )

    def danvan_install(self) -> list[str]:
        """Called by `danvan install`: the periods, themes and criteria sets (idempotent)."""
        from danvan.practices.services.reference import practice_reference_load

        created = practice_reference_load()
        if not any(created.values()):
            return []
        return [
            f"Dân vận khéo: {created['periods']} giai đoạn, {created['themes']} chủ đề năm, "
            f"{created['criteria_sets']} bộ tiêu chí."
        ]

    def danvan_demo(self, write: Callable[[str], object], *, size: int = 3000) -> None:
        """Called by `danvan demo`: the models of the demo provinces (idempotent)."""
        if size <= 0:
            return
        from danvan.practices.demo import demo_practices_load

        result = demo_practices_load()
        if result.get("models"):
            write(
                f"Đã tạo {result['models']} mô hình “Dân vận khéo” mẫu "
                f"({result.get('recognised', 0)} được công nhận)."
            )
