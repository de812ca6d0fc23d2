from __future__ import annotations

from django.apps import AppConfig


class PortalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "danvan.portal"
    label = "portal"
    verbose_name = "Cổng công dân"
