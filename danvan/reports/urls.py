"""The report pages, under /bao-cao/ (namespace "reports")."""

from django.urls import path

from danvan.reports import views

app_name = "reports"

urlpatterns = [
    path("bao-cao/", views.report_list, name="list"),
    path("bao-cao/moi/", views.report_create, name="create"),
    path("bao-cao/<int:pk>/", views.report_detail, name="detail"),
    path("bao-cao/<int:pk>/sua/", views.report_edit, name="edit"),
    path("bao-cao/<int:pk>/gui/", views.report_submit, name="submit"),
    path("bao-cao/<int:pk>/xem-xet/", views.report_review, name="review"),
    path("bao-cao/<int:pk>/tai/<str:fmt>/", views.report_download, name="download"),
    path("bao-cao/<int:pk>/chi-tieu/<str:code>/", views.report_drilldown, name="drilldown"),
    path("bao-cao/yeu-cau/", views.request_list, name="requests"),
    path("bao-cao/yeu-cau/moi/", views.request_create, name="request_create"),
    path("bao-cao/yeu-cau/<int:pk>/", views.request_detail, name="request"),
    path("bao-cao/cau-hinh/<str:code>/", views.profile_edit, name="profile"),
]
