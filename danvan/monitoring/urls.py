"""The monitoring pages, under /nam-tinh-hinh/ (namespace "monitoring")."""

from danvan.monitoring.views import alerts, dashboard, entities, reports

app_name = "monitoring"

urlpatterns = [
    *dashboard.urlpatterns,
    *reports.urlpatterns,
    *alerts.urlpatterns,
    *entities.urlpatterns,
]
