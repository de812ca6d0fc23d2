"""The pages of coordination (namespace "coordination"): documents, programmes, plans."""

from django.urls import URLPattern, URLResolver, path

from danvan.coordination import views

app_name = "coordination"

urlpatterns: list[URLPattern | URLResolver] = [
    path("van-ban/", views.document_list, name="documents"),
    path("van-ban/moi/", views.document_create, name="document_create"),
    path("van-ban/<int:pk>/", views.document_detail, name="document"),
    path("van-ban/<int:pk>/sua/", views.document_edit, name="document_edit"),
    path("van-ban/<int:pk>/tep/", views.document_files_add, name="document_files_add"),
    path(
        "van-ban/<int:pk>/tep/<int:fpk>/",
        views.document_file_download,
        name="document_file",
    ),
    path("van-ban/<int:pk>/lien-ket/", views.document_link_add, name="document_link_add"),
    path(
        "van-ban/<int:pk>/lien-ket/<int:lpk>/xoa/",
        views.document_link_remove,
        name="document_link_remove",
    ),
    path("van-ban/<int:pk>/nhiem-vu/", views.obligation_add, name="obligation_add"),
    path("van-ban/nhiem-vu/<int:pk>/", views.obligation_open, name="obligation"),
    path("chuong-trinh-phoi-hop/", views.programme_list, name="programmes"),
    path("chuong-trinh-phoi-hop/moi/", views.programme_create, name="programme_create"),
    path("chuong-trinh-phoi-hop/<int:pk>/", views.programme_detail, name="programme"),
    path(
        "chuong-trinh-phoi-hop/<int:pk>/trach-nhiem/",
        views.programme_duty_add,
        name="programme_duty_add",
    ),
    path(
        "chuong-trinh-phoi-hop/<int:pk>/chuyen-buoc/<str:to>/",
        views.programme_move,
        name="programme_move",
    ),
    path(
        "chuong-trinh-phoi-hop/<int:pk>/lap-ke-hoach/",
        views.programme_prefill,
        name="programme_prefill",
    ),
    path("ke-hoach/", views.plan_list, name="plans"),
    path("ke-hoach/moi/", views.plan_create, name="plan_create"),
    path("ke-hoach/<int:pk>/", views.plan_detail, name="plan"),
    path("ke-hoach/<int:pk>/noi-dung/", views.plan_item_add, name="plan_item_add"),
    path(
        "ke-hoach/<int:pk>/noi-dung/<int:ipk>/xoa/",
        views.plan_item_remove,
        name="plan_item_remove",
    ),
    path("ke-hoach/<int:pk>/ban-hanh/", views.plan_issue, name="plan_issue"),
    path("ke-hoach/<int:pk>/chuyen-buoc/<str:to>/", views.plan_move, name="plan_move"),
    path("ke-hoach/noi-dung/<int:pk>/", views.plan_item_open, name="plan_item"),
]
