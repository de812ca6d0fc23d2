from __future__ import annotations

from django.apps import AppConfig


class OversightConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "danvan.oversight"
    label = "oversight"
    verbose_name = "Giám sát, phản biện xã hội và kiểm tra"
