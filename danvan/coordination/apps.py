from __future__ import annotations

from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "danvan.coordination"
    label = "coordination"
    verbose_name = "Văn bản, chương trình phối hợp, kế hoạch"
