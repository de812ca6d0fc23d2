"""Core pages. Each area's views live in `danvan.core.views.<area>`."""

from django.urls import path

from danvan.core.views import accounts, audit, board, calendar, home, orgs, tasks, units

app_name = "core"

urlpatterns = [
    path("", home.home, name="home"),
    *calendar.urlpatterns,
    *units.urlpatterns,
    *orgs.urlpatterns,
    *accounts.urlpatterns,
    *audit.urlpatterns,
    *board.urlpatterns,
    *tasks.urlpatterns,
]
