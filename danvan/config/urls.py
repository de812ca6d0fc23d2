from django.urls import include, path

from danvan.api.main import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("danvan.petitions.urls")),
    path("", include("danvan.reception.urls")),
    path("", include("danvan.dialogues.urls")),
    path("", include("danvan.portal.urls")),
    path("", include("danvan.monitoring.urls")),
    path("", include("danvan.coordination.urls")),
    path("", include("danvan.practices.urls")),
    path("", include("danvan.conferences.urls")),
    path("", include("danvan.campaigns.urls")),
    path("", include("danvan.reports.urls")),
    path("", include("danvan.consultations.urls")),
    path("", include("danvan.democracy.urls")),
    path("", include("danvan.boards.urls")),
    path("", include("danvan.mediation.urls")),
    path("", include("danvan.projects.urls")),
    path("", include("danvan.oversight.urls")),
    path("", include("danvan.core.urls")),
]
