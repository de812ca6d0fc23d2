"""The consultation pages (namespace "consultations"): staff under /gop-y-du-thao/, the
portal's under /cong-dan/gop-y/."""

from django.urls import URLPattern, URLResolver, path

from danvan.consultations import views

app_name = "consultations"

urlpatterns: list[URLPattern | URLResolver] = [
    path("gop-y-du-thao/", views.draft_list, name="list"),
    path("gop-y-du-thao/moi/", views.draft_create, name="create"),
    path("gop-y-du-thao/cho-duyet/", views.moderation_queue, name="moderation"),
    path("gop-y-du-thao/<int:pk>/", views.draft_detail, name="detail"),
    path("gop-y-du-thao/<int:pk>/sua/", views.draft_edit, name="edit"),
    path("gop-y-du-thao/<int:pk>/chuyen-buoc/<str:to>/", views.draft_move, name="move"),
    path("gop-y-du-thao/<int:pk>/tep/", views.draft_file_view, name="file"),
    path("gop-y-du-thao/<int:pk>/cau-truc/them/", views.section_add_view, name="section_add"),
    path("gop-y-du-thao/<int:pk>/cau-truc/dan/", views.sections_paste_view, name="paste"),
    path(
        "gop-y-du-thao/<int:pk>/cau-truc/<int:spk>/xoa/",
        views.section_remove_view,
        name="section_remove",
    ),
    path("gop-y-du-thao/<int:pk>/y-kien/", views.comments_view, name="comments"),
    path(
        "gop-y-du-thao/<int:pk>/y-kien/<int:cpk>/duyet/",
        views.comment_moderate_view,
        name="moderate",
    ),
    path(
        "gop-y-du-thao/<int:pk>/y-kien/<int:cpk>/tach-nhom/",
        views.comment_detach_view,
        name="detach",
    ),
    path("gop-y-du-thao/<int:pk>/nhom/", views.groups_view, name="groups"),
    path("gop-y-du-thao/<int:pk>/nhom/goi-y/", views.groups_suggest_view, name="groups_suggest"),
    path("gop-y-du-thao/<int:pk>/nhom/lap/", views.group_create_view, name="group_create"),
    path("gop-y-du-thao/<int:pk>/nhom/<int:gpk>/gop/", views.group_merge_view, name="group_merge"),
    path("gop-y-du-thao/<int:pk>/tra-loi/", views.responses_view, name="responses"),
    path("gop-y-du-thao/<int:pk>/tra-loi/<str:key>/", views.response_set_view, name="response_set"),
    path("gop-y-du-thao/<int:pk>/thong-ke/", views.statistics_view, name="statistics"),
    path(
        "gop-y-du-thao/<int:pk>/tong-hop/", views.synthesis_publish_view, name="synthesis_publish"
    ),
    path(
        "gop-y-du-thao/<int:pk>/bao-cao-tong-hop.docx",
        views.synthesis_download,
        name="synthesis_docx",
    ),
    path("cong-dan/gop-y/", views.public_list, name="public_list"),
    path("cong-dan/gop-y/tra-cuu/", views.public_track, name="public_track"),
    path("cong-dan/gop-y/<int:pk>/", views.public_detail, name="public_detail"),
]
