"""The mediation pages (namespace "mediation"): /hoa-giai/."""

from django.urls import URLPattern, URLResolver, path

from danvan.mediation import views

app_name = "mediation"

urlpatterns: list[URLPattern | URLResolver] = [
    path("hoa-giai/", views.case_list, name="cases"),
    path("hoa-giai/moi/", views.case_create, name="case_create"),
    path("hoa-giai/thong-ke/", views.statistics_view, name="statistics"),
    path("hoa-giai/<int:pk>/", views.case_detail, name="case"),
    path("hoa-giai/<int:pk>/phan-cong/", views.case_assign_view, name="case_assign"),
    path("hoa-giai/<int:pk>/buoi-hoa-giai/", views.session_add_view, name="session_add"),
    path("hoa-giai/<int:pk>/ket-qua/<str:to>/", views.case_move, name="case_move"),
    path("hoa-giai/<int:pk>/chuyen-thanh-don/", views.case_to_petition_view, name="to_petition"),
    path("hoa-giai/to-hoa-giai/", views.team_list, name="teams"),
    path("hoa-giai/to-hoa-giai/moi/", views.team_create, name="team_create"),
    path("hoa-giai/to-hoa-giai/<int:pk>/", views.team_detail, name="team"),
    path("hoa-giai/to-hoa-giai/<int:pk>/hoa-giai-vien/", views.member_add_view, name="member_add"),
    path(
        "hoa-giai/to-hoa-giai/<int:pk>/hoa-giai-vien/<int:mpk>/thoi/",
        views.member_end_view,
        name="member_end",
    ),
    path("hoa-giai/to-hoa-giai/<int:pk>/giai-the/", views.team_dissolve_view, name="team_dissolve"),
]
