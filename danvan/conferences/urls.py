"""The pages of conferences (namespace "conferences")."""

from django.urls import URLPattern, URLResolver

app_name = "conferences"

urlpatterns: list[URLPattern | URLResolver] = []
