from __future__ import annotations

from django.apps import AppConfig


class PracticesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "danvan.practices"
    label = "practices"
    verbose_name = "Phong trào thi đua “Dân vận khéo”"
