"""The pages of coordination (namespace "coordination")."""

from django.urls import URLPattern, URLResolver

app_name = "coordination"

urlpatterns: list[URLPattern | URLResolver] = []
