"""The dialogue pages, under /doi-thoai/ (namespace "dialogues")."""

from django.urls import path

from danvan.dialogues import views

app_name = "dialogues"

urlpatterns = [
    path("doi-thoai/", views.dialogue_list, name="list"),
    path("doi-thoai/moi/", views.dialogue_create, name="create"),
    path("doi-thoai/<int:pk>/", views.dialogue_detail, name="detail"),
    path("doi-thoai/<int:pk>/sua/", views.dialogue_edit, name="edit"),
    path("doi-thoai/<int:pk>/chuyen-buoc/<str:to>/", views.dialogue_move, name="move"),
    path("doi-thoai/<int:pk>/thanh-phan/", views.participant_add_view, name="participant_add"),
    path(
        "doi-thoai/<int:pk>/thanh-phan/<int:ppk>/xoa/",
        views.participant_remove_view,
        name="participant_remove",
    ),
    path(
        "doi-thoai/<int:pk>/thanh-phan/<int:ppk>/co-mat/",
        views.participant_attendance_view,
        name="participant_attendance",
    ),
    path(
        "doi-thoai/<int:pk>/thanh-phan/<int:ppk>/ky/",
        views.participant_sign_view,
        name="participant_sign",
    ),
    path("doi-thoai/<int:pk>/chuong-trinh/", views.agenda_add_view, name="agenda_add"),
    path(
        "doi-thoai/<int:pk>/chuong-trinh/<int:apk>/xoa/",
        views.agenda_remove_view,
        name="agenda_remove",
    ),
    path("doi-thoai/<int:pk>/phat-bieu/", views.statement_add_view, name="statement_add"),
    path(
        "doi-thoai/<int:pk>/phat-bieu/<int:spk>/xoa/",
        views.statement_remove_view,
        name="statement_remove",
    ),
    path("doi-thoai/<int:pk>/ket-qua/", views.outcome_view, name="outcome"),
    path("doi-thoai/<int:pk>/cam-ket/", views.commitment_add_view, name="commitment_add"),
    path(
        "doi-thoai/<int:pk>/cam-ket/<int:cpk>/tien-do/",
        views.commitment_progress_view,
        name="commitment_progress",
    ),
    path(
        "doi-thoai/<int:pk>/cam-ket/<int:cpk>/hoan-thanh/",
        views.commitment_complete_view,
        name="commitment_complete",
    ),
    path(
        "doi-thoai/<int:pk>/cam-ket/<int:cpk>/huy/",
        views.commitment_cancel_view,
        name="commitment_cancel",
    ),
    path("doi-thoai/<int:pk>/bien-ban/", views.minutes_download, name="minutes"),
    path("doi-thoai/<int:pk>/bien-ban/du-thao/", views.minutes_draft, name="minutes_draft"),
]
