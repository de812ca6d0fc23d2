"""The pages of practices (namespace "practices"): officers under /dan-van-kheo/, the public
showcase under /cong-dan/dan-van-kheo/."""

from django.urls import URLPattern, URLResolver, path

from danvan.practices import views

app_name = "practices"

urlpatterns: list[URLPattern | URLResolver] = [
    path("dan-van-kheo/", views.practice_list, name="list"),
    path("dan-van-kheo/dang-ky/", views.practice_create, name="create"),
    path("dan-van-kheo/thong-ke/", views.practice_counts, name="counts"),
    path("dan-van-kheo/<int:pk>/", views.practice_detail, name="detail"),
    path("dan-van-kheo/<int:pk>/sua/", views.practice_edit, name="edit"),
    path("dan-van-kheo/<int:pk>/chuyen-buoc/<str:to>/", views.practice_move, name="move"),
    path("dan-van-kheo/<int:pk>/hoi-dong/", views.council_open, name="council_open"),
    path("dan-van-kheo/<int:pk>/cong-nhan/", views.practice_recognise, name="recognise"),
    path("dan-van-kheo/<int:pk>/nhan-rong/", views.practice_replicate, name="replicate"),
    path("dan-van-kheo/<int:pk>/minh-chung/", views.evidence_add, name="evidence_add"),
    path("dan-van-kheo/minh-chung/<int:pk>/", views.evidence_download, name="evidence"),
    path("dan-van-kheo/hoi-dong/<int:pk>/", views.council_detail, name="council"),
    path(
        "dan-van-kheo/hoi-dong/<int:pk>/cham-diem/<int:member>/",
        views.score_add,
        name="score",
    ),
    path("dan-van-kheo/hoi-dong/<int:pk>/ket-luan/", views.council_close, name="council_close"),
    path(
        "dan-van-kheo/hoi-dong/<int:pk>/minh-chung/",
        views.council_evidence_add,
        name="council_evidence",
    ),
    path("cong-dan/dan-van-kheo/", views.showcase, name="showcase"),
    path("cong-dan/dan-van-kheo/<int:pk>/", views.showcase_detail, name="showcase_detail"),
]
