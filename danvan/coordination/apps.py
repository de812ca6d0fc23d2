from __future__ import annotations

from collections.abc import Callable

from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "danvan.coordination"
    label = "coordination"
    verbose_name = "Văn bản, chương trình phối hợp, kế hoạch"

    def ready(self) -> None:
        from danvan.coordination import registry

        registry.register()

    def danvan_demo(self, write: Callable[[str], object], *, size: int = 3000) -> None:
        """Called by `danvan demo`: documents of the seed articles, programmes, plans, tasks."""
        if size <= 0:
            return
        from danvan.coordination.demo import demo_coordination_load

        result = demo_coordination_load()
        if any(result.values()):
            write(
                f"Văn bản, phối hợp: {result.get('documents', 0)} văn bản, "
                f"{result.get('obligations', 0)} nhiệm vụ từ văn bản, "
                f"{result.get('programmes', 0)} chương trình phối hợp, "
                f"{result.get('plans', 0)} kế hoạch ({result.get('tasks', 0)} nhiệm vụ). "
                "Tài khoản lãnh đạo Ban Tuyên giáo và Dân vận (mật khẩu như các tài khoản demo): "
                "dvan.quangtri, dvan.lamdong, dvan.thainguyen, dvan.gialai."
            )
