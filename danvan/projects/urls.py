"""The project pages (namespace "projects"): officers under /cung-lam/, the public account
under /cong-dan/cung-lam/."""

from django.urls import URLPattern, URLResolver, path

from danvan.projects import views

app_name = "projects"

urlpatterns: list[URLPattern | URLResolver] = [
    path("cung-lam/", views.project_list, name="list"),
    path("cung-lam/thong-ke/", views.statistics, name="statistics"),
    path("cung-lam/moi/", views.project_create, name="create"),
    path("cung-lam/<int:pk>/", views.project_detail, name="detail"),
    path("cung-lam/<int:pk>/sua/", views.project_edit, name="edit"),
    path("cung-lam/<int:pk>/chuyen-buoc/<str:to>/", views.project_move, name="move"),
    path("cung-lam/<int:pk>/dong-gop/", views.contribution_add, name="contribution_add"),
    path(
        "cung-lam/<int:pk>/dong-gop/<int:cpk>/nhan/",
        views.contribution_receive,
        name="contribution_receive",
    ),
    path(
        "cung-lam/<int:pk>/dong-gop/<int:cpk>/huy/",
        views.contribution_void,
        name="contribution_void",
    ),
    path("cung-lam/<int:pk>/chi/", views.expenditure_add, name="expenditure_add"),
    path("cung-lam/<int:pk>/chi/<int:epk>/huy/", views.expenditure_void, name="expenditure_void"),
    path("cung-lam/<int:pk>/tien-do/", views.progress_add, name="progress_add"),
    path("cung-lam/<int:pk>/tien-do/<int:rpk>/anh/", views.progress_photo, name="photo"),
    path("cung-lam/<int:pk>/cong-khai.xlsx", views.account_xlsx, name="account_xlsx"),
    path("cong-dan/cung-lam/", views.public_list, name="public_list"),
    path("cong-dan/cung-lam/<int:pk>/", views.public_detail, name="public_detail"),
]
