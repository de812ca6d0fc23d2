"""The campaign pages, under /van-dong/ (namespace "campaigns")."""

from django.urls import path

from danvan.campaigns import views

app_name = "campaigns"

urlpatterns = [
    path("van-dong/", views.campaign_list, name="list"),
    path("van-dong/tong-hop/", views.campaign_summary, name="summary"),
    path("van-dong/moi/", views.campaign_create, name="create"),
    path("van-dong/<int:pk>/", views.campaign_detail, name="detail"),
    path("van-dong/<int:pk>/sua/", views.campaign_edit, name="edit"),
    path("van-dong/<int:pk>/chuyen-buoc/<str:to>/", views.campaign_move, name="move"),
    path("van-dong/<int:pk>/chi-tieu/", views.target_add_view, name="target_add"),
    path(
        "van-dong/<int:pk>/chi-tieu/<int:tpk>/xoa/",
        views.target_remove_view,
        name="target_remove",
    ),
    path("van-dong/<int:pk>/hoat-dong/", views.activity_record_view, name="activity_record"),
    path(
        "van-dong/<int:pk>/hoat-dong/<int:apk>/xoa/",
        views.activity_remove_view,
        name="activity_remove",
    ),
    path(
        "van-dong/<int:pk>/hoat-dong/<int:apk>/tai-lieu/",
        views.evidence_add_view,
        name="evidence_add",
    ),
    path(
        "van-dong/<int:pk>/hoat-dong/<int:apk>/tep/<int:fpk>/",
        views.evidence_download,
        name="evidence",
    ),
    path("van-dong/<int:pk>/viec-tiep-theo/", views.followup_add_view, name="followup_add"),
]
