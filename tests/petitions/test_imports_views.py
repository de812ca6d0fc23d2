"""The register import pages and the Excel export of the list."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from danvan.petitions.models import ImportStatus, Petition, RegisterImport
from tests.petitions.imports_helpers import check, do_import, good_row, upload, xlsx

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(data: bytes, name: str = "so-don-2026.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=XLSX_TYPE)


def test_upload_page_needs_login_and_a_handling_role(client: Client, world: Any) -> None:
    response = client.get("/don-thu/nhap-so/")
    assert response.status_code == 302
    client.force_login(world.viewer)
    assert client.get("/don-thu/nhap-so/").status_code == 403
    assert client.get("/don-thu/nhap-so/mau.xlsx").status_code == 403


def test_the_whole_flow_upload_map_check_import(
    client: Client, world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(world.officer)
    page = client.get("/don-thu/nhap-so/")
    assert page.status_code == 200 and "Tải tệp mẫu" in page.content.decode()
    rows = [good_row(1), good_row(2, **{"Ngày nhận đơn": "31/02/2024"}), good_row(3)]
    response = client.post(
        "/don-thu/nhap-so/",
        {"file": _file(xlsx(rows)), "organization": world.province_org.pk},
    )
    job = RegisterImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/don-thu/nhap-so/{job.pk}/"
    page = client.get(f"/don-thu/nhap-so/{job.pk}/").content.decode()
    assert "Ghép cột" in page and "Ngày nhận đơn" in page
    fields = {f"col-{c['index']}": c["field"] for c in job.mapping["columns"]}
    fields["col-14"] = ""  # the officer ignores the "Ghi chú" column
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/don-thu/nhap-so/{job.pk}/ghep-cot/", {**fields, "sheet": "", "header_row": 3}
        )
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED  # the immediate backend ran the task
    assert job.mapping["columns"][14]["field"] == ""
    page = client.get(f"/don-thu/nhap-so/{job.pk}/").content.decode()
    assert "Dòng 5, cột «Ngày nhận đơn»: «31/02/2024» không phải là ngày hợp lệ" in page
    assert "Chỉ nhập 2 dòng hợp lệ" in page
    response = client.post(f"/don-thu/nhap-so/{job.pk}/nhap/", {"mode": "all"}, follow=True)
    assert "Còn 1 dòng lỗi" in response.content.decode()
    assert not Petition.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/don-thu/nhap-so/{job.pk}/nhap/", {"mode": "good"})
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.rows_created == 2
    assert Petition.objects.count() == 2
    page = client.get(f"/don-thu/nhap-so/{job.pk}/").content.decode()
    assert "Đã nhập 2 đơn" in page


def test_progress_partial_polls_while_running_then_reloads(client: Client, world: Any) -> None:
    job = upload(world.officer, xlsx([good_row(1)]))
    RegisterImport.objects.filter(pk=job.pk).update(
        status=ImportStatus.CHECKING, rows_done=250, rows_total=1000
    )
    client.force_login(world.officer)
    url = f"/don-thu/nhap-so/{job.pk}/tien-do/"
    body = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert '<progress max="1000" value="250"' in body and 'hx-trigger="every 1s"' in body
    RegisterImport.objects.filter(pk=job.pk).update(status=ImportStatus.CHECKED)
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert response["HX-Refresh"] == "true"
    assert "hx-trigger" not in response.content.decode()


def test_a_job_of_another_organisation_is_not_found(client: Client, world: Any) -> None:
    job = upload(world.officer, xlsx([good_row(1)]))
    client.force_login(world.officer_a)
    assert client.get(f"/don-thu/nhap-so/{job.pk}/").status_code == 404
    assert client.post(f"/don-thu/nhap-so/{job.pk}/nhap/", {"mode": "all"}).status_code == 404


def test_upload_of_a_file_that_is_not_xlsx_says_so(client: Client, world: Any) -> None:
    client.force_login(world.officer)
    response = client.post(
        "/don-thu/nhap-so/",
        {"file": _file(b"%PDF-1.4 not a sheet", "so.xlsx"), "organization": world.province_org.pk},
    )
    assert response.status_code == 200
    assert "không phải là bảng tính Excel" in response.content.decode()
    assert not RegisterImport.objects.exists()


def test_template_download_has_the_headers_the_import_recognises(
    client: Client, world: Any
) -> None:
    from openpyxl import load_workbook

    from danvan.petitions.imports import columns as cols
    from danvan.petitions.imports.export import REGISTER_COLUMNS

    client.force_login(world.officer)
    response = client.get("/don-thu/nhap-so/mau.xlsx")
    assert response.status_code == 200
    data = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    rows = list(load_workbook(io.BytesIO(data), read_only=True).worksheets[0].values)
    layout = cols.detect_layout(rows)
    assert layout.header_row == 4
    assert [c.field for c in layout.columns] == [code for _h, code in REGISTER_COLUMNS]


def test_export_download_honours_the_list_filters_and_scope(client: Client, world: Any) -> None:
    from openpyxl import load_workbook

    rows = [
        good_row(1),
        good_row(2, **{"Phân loại": "Kiến nghị",
                       "Tóm tắt nội dung": "Kiến nghị sửa đường liên thôn bị sạt lở."}),
        good_row(3, **{"Địa bàn": "19002"}),
    ]  # fmt: skip
    do_import(world.officer, check(world.officer, upload(world.officer, xlsx(rows))))

    def exported(user: Any, query: str) -> list[tuple[Any, ...]]:
        client.force_login(user)
        response = client.get(f"/don-thu/xuat-excel/{query}")
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        data = b"".join(response.streaming_content)  # type: ignore[attr-defined]
        sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
        return [r for r in list(sheet.values)[4:] if any(r)]

    assert len(exported(world.officer, "")) == 3
    kinds = exported(world.officer, "?kind=proposal")
    assert len(kinds) == 1 and kinds[0][9] == "Kiến nghị"
    assert kinds[0][2].date().isoformat() == "2026-01-07"  # a date cell, not text
    assert len(exported(world.officer, "?area=19002")) == 1
    assert exported(world.officer_a, "") == []  # the province's petitions are not theirs
    from danvan.core.models import AuditEvent

    assert AuditEvent.objects.filter(verb="petition.export").count() == 4


@pytest.mark.parametrize("path", ["/don-thu/xuat-excel/", "/don-thu/nhap-so/1/"])
def test_pages_need_login(client: Client, path: str) -> None:
    assert client.get(path).status_code == 302


def test_a_queue_that_cannot_be_reached_leaves_the_job_where_it_was_with_a_message(
    client: Client, world: Any, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    import redis

    from danvan.core.models import AuditEvent
    from danvan.petitions import tasks

    class Down:
        """A task whose queue (Redis) does not answer."""

        def enqueue(self, *args: Any) -> None:
            raise redis.exceptions.ConnectionError("Error 111 connecting to 127.0.0.1:6379.")

    client.force_login(world.officer)
    job = upload(world.officer, xlsx([good_row(1), good_row(2)]))
    fields = {f"col-{c['index']}": c["field"] for c in job.mapping["columns"]}
    form = {**fields, "sheet": "", "header_row": 3}
    check_url, import_url = (
        f"/don-thu/nhap-so/{job.pk}/ghep-cot/",
        f"/don-thu/nhap-so/{job.pk}/nhap/",
    )

    # the dry run cannot be queued: no error page, the job is to be checked again, and says why
    with monkeypatch.context() as m, django_capture_on_commit_callbacks(execute=True):
        m.setattr(tasks, "register_import_check_task", Down())
        response = client.post(check_url, form)
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.UPLOADED
    assert "hàng đợi" in job.message
    assert "Chưa đưa được việc vào hàng đợi" in client.get(response["Location"]).content.decode()
    assert AuditEvent.objects.filter(verb="petition.import_queue_failed").count() == 1

    # once the queue answers, the same click works
    with django_capture_on_commit_callbacks(execute=True):
        client.post(check_url, form)
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED and job.rows_bad == 0 and job.message == ""

    # the import cannot be queued: back to checked, nothing written, and it can be started again
    with monkeypatch.context() as m, django_capture_on_commit_callbacks(execute=True):
        m.setattr(tasks, "register_import_run_task", Down())
        assert client.post(import_url, {"mode": "all"}).status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED and not Petition.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(import_url, {"mode": "all"})
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and Petition.objects.count() == 2
