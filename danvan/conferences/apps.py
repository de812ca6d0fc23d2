from __future__ import annotations

from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "danvan.conferences"
    label = "conferences"
    verbose_name = "Hội nghị giao ban, sơ kết, tổng kết"
