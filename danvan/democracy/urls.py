"""The democracy pages (namespace "democracy")."""

from django.urls import URLPattern, URLResolver, path

from danvan.democracy import views

app_name = "democracy"

urlpatterns: list[URLPattern | URLResolver] = [
    path("cong-khai/", views.disclosures, name="disclosures"),
    path("cong-khai/moi/", views.disclosure_create, name="disclosure_create"),
    path("cong-khai/<int:pk>/", views.disclosure_detail, name="disclosure"),
    path("cong-khai/<int:pk>/sua/", views.disclosure_edit, name="disclosure_edit"),
    path("cong-khai/<int:pk>/cong-bo/", views.disclosure_publish, name="disclosure_publish"),
    path("cong-khai/<int:pk>/chuyen/", views.disclosure_move, name="disclosure_move"),
    path("nhan-dan-quyet-dinh/", views.decisions, name="decisions"),
    path("nhan-dan-quyet-dinh/moi/", views.decision_create, name="decision_create"),
    path("nhan-dan-quyet-dinh/<int:pk>/", views.decision_detail, name="decision"),
    path("nhan-dan-quyet-dinh/<int:pk>/sua/", views.decision_edit, name="decision_edit"),
    path("nhan-dan-quyet-dinh/<int:pk>/gui/", views.decision_send, name="decision_send"),
    path(
        "nhan-dan-quyet-dinh/<int:pk>/cong-nhan/",
        views.decision_recognise,
        name="decision_recognise",
    ),
    path("nhan-dan-quyet-dinh/<int:pk>/huy/", views.decision_cancel, name="decision_cancel"),
    path("dan-chu-co-so/thong-ke/", views.statistics, name="statistics"),
    path("cong-dan/cong-khai/", views.public_disclosures, name="public_disclosures"),
    path("cong-dan/cong-khai/<str:code>/", views.public_commune, name="public_commune"),
]
