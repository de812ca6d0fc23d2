"""The pages of practices (namespace "practices")."""

from django.urls import URLPattern, URLResolver

app_name = "practices"

urlpatterns: list[URLPattern | URLResolver] = []
