"""The monitoring pages, under /nam-tinh-hinh/ (namespace "monitoring")."""

from danvan.monitoring.views import alerts, clusters, dashboard, entities, reports, topics

app_name = "monitoring"

urlpatterns = [
    *dashboard.urlpatterns,
    *reports.urlpatterns,
    *alerts.urlpatterns,
    *entities.urlpatterns,
    *topics.urlpatterns,
    *clusters.urlpatterns,
]
