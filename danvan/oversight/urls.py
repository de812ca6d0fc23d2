"""The pages of oversight (namespace "oversight"): /giam-sat/ and /kiem-tra/."""

from django.urls import URLPattern, URLResolver, path

from danvan.oversight import views

app_name = "oversight"

urlpatterns: list[URLPattern | URLResolver] = [
    path("giam-sat/", views.supervision_list, name="supervisions"),
    path("giam-sat/moi/", views.supervision_create, name="supervision_create"),
    path("giam-sat/<int:pk>/", views.supervision_detail, name="supervision"),
    path("giam-sat/<int:pk>/sua/", views.supervision_edit, name="supervision_edit"),
    path(
        "giam-sat/<int:pk>/chuyen-buoc/<str:to>/",
        views.supervision_move,
        name="supervision_move",
    ),
    path("giam-sat/<int:pk>/ket-qua/", views.finding_add_view, name="finding_add"),
    path("giam-sat/<int:pk>/kien-nghi/", views.recommendation_add_view, name="recommendation_add"),
    path("giam-sat/ket-qua/<int:fpk>/xoa/", views.finding_remove_view, name="finding_remove"),
    path(
        "giam-sat/kien-nghi/<int:rpk>/xoa/",
        views.recommendation_remove_view,
        name="recommendation_remove",
    ),
    path(
        "giam-sat/kien-nghi/<int:rpk>/tra-loi/",
        views.recommendation_answer_view,
        name="recommendation_answer",
    ),
    path(
        "giam-sat/kien-nghi/<int:rpk>/danh-gia/",
        views.recommendation_assess_view,
        name="recommendation_assess",
    ),
    path(
        "giam-sat/kien-nghi/<int:rpk>/tep/",
        views.recommendation_file,
        name="recommendation_file",
    ),
    path("kiem-tra/", views.inspection_list, name="inspections"),
    path("kiem-tra/moi/", views.inspection_create, name="inspection_create"),
    path("kiem-tra/<int:pk>/", views.inspection_detail, name="inspection"),
    path("kiem-tra/<int:pk>/sua/", views.inspection_edit, name="inspection_edit"),
    path(
        "kiem-tra/<int:pk>/chuyen-buoc/<str:to>/",
        views.inspection_move,
        name="inspection_move",
    ),
    path("kiem-tra/<int:pk>/ket-luan/", views.conclusion_view, name="inspection_conclude"),
    path("kiem-tra/<int:pk>/ket-luan/them/", views.conclusion_item_add_view, name="item_add"),
    path("kiem-tra/noi-dung/<int:ipk>/", views.conclusion_item_redirect, name="conclusion_item"),
]
