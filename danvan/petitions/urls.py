"""The petition pages, under /don-thu/ (namespace "petitions")."""

from django.urls import path

from danvan.petitions.views import case, files, imports, intake, lists

app_name = "petitions"

urlpatterns = [
    path("don-thu/", lists.petition_list, name="list"),
    path("don-thu/giao-viec/", lists.petition_bulk_assign_view, name="bulk_assign"),
    path("don-thu/hop-thu-den/", lists.petition_inbox, name="inbox"),
    path("don-thu/thong-ke/", lists.petition_statistics_view, name="statistics"),
    path("don-thu/dia-ban/", lists.area_options, name="area_options"),
    path("don-thu/moi/", intake.petition_intake, name="intake"),
    path("don-thu/nhap-so/", imports.import_upload, name="import"),
    path("don-thu/nhap-so/mau.xlsx", imports.import_template, name="import_template"),
    path("don-thu/nhap-so/<int:pk>/", imports.import_job, name="import_job"),
    path("don-thu/nhap-so/<int:pk>/tien-do/", imports.import_progress, name="import_progress"),
    path("don-thu/nhap-so/<int:pk>/ghep-cot/", imports.import_map, name="import_map"),
    path("don-thu/nhap-so/<int:pk>/nhap/", imports.import_start, name="import_start"),
    path("don-thu/xuat-excel/", imports.petitions_export_view, name="export"),
    path("don-thu/moi/don-trung/", intake.duplicate_suggestions, name="duplicates"),
    path("don-thu/<int:pk>/", case.petition_detail, name="detail"),
    path("don-thu/<int:pk>/tiep-nhan/", lists.petition_inbox_take, name="inbox_take"),
    path("don-thu/<int:pk>/chuyen-buoc/<str:to>/", case.petition_move, name="move"),
    path("don-thu/<int:pk>/bieu-mau/<str:key>/", case.petition_action_form, name="action_form"),
    path("don-thu/<int:pk>/giao/", case.petition_assign_view, name="assign"),
    path("don-thu/<int:pk>/gia-han/", case.petition_extend_view, name="extend"),
    path("don-thu/<int:pk>/co-quan/", case.petition_agency_view, name="agency"),
    path(
        "don-thu/<int:pk>/co-quan/<int:org_pk>/hoan-thanh/",
        case.petition_agency_done_view,
        name="agency_done",
    ),
    path("don-thu/<int:pk>/hai-long/", case.petition_satisfaction_view, name="satisfaction"),
    path("don-thu/<int:pk>/tra-loi/", case.petition_public_answer_view, name="public_answer"),
    path("don-thu/<int:pk>/bao-cao/", case.petition_report_back_view, name="report_back"),
    path("don-thu/<int:pk>/don-trung/", case.petition_duplicate_view, name="duplicate"),
    path("don-thu/<int:pk>/tai-lieu/", case.petition_attachment_view, name="attachment_add"),
    path("don-thu/<int:pk>/danh-tinh/", case.petition_identity_reveal, name="identity_reveal"),
    path("don-thu/<int:pk>/cap-quyen/", case.petition_identity_grant, name="identity_grant"),
    path(
        "don-thu/<int:pk>/cap-quyen/<int:grant_pk>/thu-hoi/",
        case.petition_identity_revoke,
        name="identity_revoke",
    ),
    path("don-thu/<int:pk>/van-ban/<int:doc_pk>/", files.document_download, name="document"),
    path("don-thu/<int:pk>/tep/<int:att_pk>/", files.attachment_download, name="attachment"),
]
