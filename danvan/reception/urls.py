"""The reception pages, under /tiep-cong-dan/ (staff) and /cong-dan/lich-tiep-cong-dan/ (the
public schedule), namespace "reception"."""

from django.urls import path

from danvan.reception.views import entries, public, sessions

app_name = "reception"

urlpatterns = [
    path("tiep-cong-dan/", sessions.session_list, name="sessions"),
    path("tiep-cong-dan/buoi-tiep/moi/", sessions.session_create, name="session_create"),
    path("tiep-cong-dan/buoi-tiep/<int:pk>/", sessions.session_detail, name="session_detail"),
    path("tiep-cong-dan/buoi-tiep/<int:pk>/sua/", sessions.session_edit, name="session_edit"),
    path(
        "tiep-cong-dan/buoi-tiep/<int:pk>/chuyen/<str:to>/",
        sessions.session_move,
        name="session_move",
    ),
    path(
        "tiep-cong-dan/buoi-tiep/<int:pk>/ket-luan/",
        sessions.session_conclusion,
        name="session_conclusion",
    ),
    path("tiep-cong-dan/buoi-tiep/<int:pk>/nhiem-vu/", sessions.session_task, name="session_task"),
    path("tiep-cong-dan/so/", entries.entry_list, name="entries"),
    path("tiep-cong-dan/so/moi/", entries.entry_create, name="entry_create"),
    path("tiep-cong-dan/so/<int:pk>/", entries.entry_detail, name="entry_detail"),
    path("tiep-cong-dan/so/<int:pk>/tra-loi/", entries.entry_reply, name="entry_reply"),
    path("tiep-cong-dan/van-ban/<int:pk>/", sessions.document_download, name="document"),
    path("tiep-cong-dan/dinh-ky/", sessions.duty_view, name="duty"),
    path("cong-dan/lich-tiep-cong-dan/", public.public_schedule, name="public_schedule"),
]
