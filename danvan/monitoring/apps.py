from __future__ import annotations

from collections.abc import Callable

from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "danvan.monitoring"
    label = "monitoring"
    verbose_name = "Nắm tình hình nhân dân"

    def ready(self) -> None:
        from danvan.monitoring import registry

        registry.register()

    def danvan_install(self) -> list[str]:
        """Called by `danvan install`: build the topic classifier's model from the committed
        data when it is missing or older than the data (a few seconds)."""
        from danvan.monitoring.classifier import classifier_build_if_stale

        path = classifier_build_if_stale()
        return [f"Đã xây dựng mô hình phân loại lĩnh vực: {path}"] if path else []

    def danvan_demo(self, write: Callable[[str], object], *, size: int = 3000) -> None:
        """Called by `danvan demo` after the other modules: issue reports, then alerts."""
        if size <= 0:
            return
        from danvan.monitoring.demo import demo_monitoring_load
        from danvan.monitoring.services.entities import entities_index_pending

        result = demo_monitoring_load()
        if result.get("reports"):
            write(
                f"Nắm tình hình: {result['reports']} vấn đề bức xúc mẫu "
                f"({result.get('sensitive', 0)} vấn đề nhạy cảm, "
                f"{result.get('severity_4', 0)} vấn đề mức 4, "
                f"{result.get('links_petition', 0)} liên kết tới đơn thư), "
                f"{result.get('alerts', 0)} cảnh báo sớm."
            )
        indexed = entities_index_pending(limit=100_000)
        write(
            f"Đã trích xuất {indexed.mentions} thực thể (địa danh, văn bản, số tiền, ngày) "
            "để tìm kiếm và liên kết hồ sơ."
        )
