"""The boards pages (namespace "boards")."""

from django.urls import URLPattern, URLResolver, path

from danvan.boards import views

app_name = "boards"

urlpatterns: list[URLPattern | URLResolver] = [
    path("ban-giam-sat/", views.board_list, name="list"),
    path("ban-giam-sat/thong-ke/", views.board_stats, name="stats"),
    path("ban-giam-sat/moi/", views.board_create, name="create"),
    path("ban-giam-sat/<int:pk>/", views.board_detail, name="detail"),
    path("ban-giam-sat/<int:pk>/sua/", views.board_edit, name="edit"),
    path("ban-giam-sat/<int:pk>/ket-thuc/", views.board_end, name="end"),
    path("ban-giam-sat/<int:pk>/thanh-vien/", views.member_add, name="member_add"),
    path("ban-giam-sat/thanh-vien/<int:mpk>/thoi/", views.member_end, name="member_end"),
    path("ban-giam-sat/<int:pk>/ke-hoach/", views.plan_create, name="plan_create"),
    path("ban-giam-sat/ke-hoach/<int:ppk>/noi-dung/", views.plan_item_add, name="plan_item_add"),
    path("ban-giam-sat/<int:pk>/giam-sat/moi/", views.record_create, name="record_create"),
    path(
        "ban-giam-sat/bien-ban/<int:rpk>/kien-nghi/",
        views.recommendation_add,
        name="recommendation_add",
    ),
    path("ban-giam-sat/kien-nghi/<int:kpk>/tra-loi/", views.recommendation_answer, name="answer"),
    path("ban-giam-sat/kien-nghi/<int:kpk>/danh-gia/", views.recommendation_assess, name="assess"),
    path("ban-giam-sat/tep/<int:fpk>/", views.record_file, name="file"),
]
