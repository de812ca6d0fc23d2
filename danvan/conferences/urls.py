"""The conference pages, under /hoi-nghi/ (namespace "conferences")."""

from django.urls import URLPattern, URLResolver, path

from danvan.conferences import views

app_name = "conferences"

urlpatterns: list[URLPattern | URLResolver] = [
    path("hoi-nghi/", views.conference_list, name="list"),
    path("hoi-nghi/da-to-chuc/", views.conference_past, name="past"),
    path("hoi-nghi/moi/", views.conference_create, name="create"),
    path("hoi-nghi/ket-luan/<int:pk>/", views.item_redirect, name="item"),
    path("hoi-nghi/<int:pk>/", views.conference_detail, name="detail"),
    path("hoi-nghi/<int:pk>/sua/", views.conference_edit, name="edit"),
    path("hoi-nghi/<int:pk>/chuyen-buoc/<str:to>/", views.conference_move, name="move"),
    path("hoi-nghi/<int:pk>/thanh-phan/", views.invitee_add_view, name="invitee_add"),
    path(
        "hoi-nghi/<int:pk>/thanh-phan/<int:ipk>/xoa/",
        views.invitee_remove_view,
        name="invitee_remove",
    ),
    path(
        "hoi-nghi/<int:pk>/thanh-phan/<int:ipk>/tham-du/",
        views.attendance_view,
        name="attendance",
    ),
    path("hoi-nghi/<int:pk>/giay-moi/", views.invitations_print, name="invitations"),
    path("hoi-nghi/<int:pk>/ket-luan/", views.conclusion_issue_view, name="conclude"),
    path(
        "hoi-nghi/<int:pk>/ket-luan/<int:ipk>/tien-do/",
        views.item_progress_view,
        name="item_progress",
    ),
    path(
        "hoi-nghi/<int:pk>/ket-luan/<int:ipk>/hoan-thanh/",
        views.item_complete_view,
        name="item_complete",
    ),
    path("hoi-nghi/<int:pk>/thong-bao-ket-luan/", views.notice_download, name="notice"),
]
