from __future__ import annotations

from django.apps import AppConfig


class DialoguesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "danvan.dialogues"
    label = "dialogues"
    verbose_name = "Đối thoại"
