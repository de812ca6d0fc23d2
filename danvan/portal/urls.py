"""The citizen portal's public pages, under /cong-dan/ (namespace "portal")."""

from django.urls import path

from danvan.portal import views

app_name = "portal"

urlpatterns = [
    path("cong-dan/", views.portal_home, name="home"),
    path("cong-dan/gui-y-kien/", views.portal_submit_view, name="submit"),
    path("cong-dan/tra-cuu/", views.portal_track, name="track"),
    path("cong-dan/tra-cuu/danh-gia/", views.portal_rate, name="rate"),
    path("cong-dan/bao-ve-du-lieu/", views.portal_privacy, name="privacy"),
    path("cong-dan/dia-ban/", views.portal_commune_options, name="communes"),
]
