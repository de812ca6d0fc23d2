from __future__ import annotations

from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "danvan.campaigns"
    label = "campaigns"
    verbose_name = "Vận động, tuyên truyền"
