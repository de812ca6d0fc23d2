"""Monitoring pages: topics (filled in by its owner)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
