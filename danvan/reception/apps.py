from __future__ import annotations

from django.apps import AppConfig


class ReceptionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "danvan.reception"
    label = "reception"
    verbose_name = "Tiếp công dân"
