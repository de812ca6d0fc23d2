"""Core pages. Each area's views live in `danvan.core.views.<area>`."""

from django.urls import path

from danvan.core.views import home

app_name = "core"

urlpatterns = [
    path("", home.home, name="home"),
]
