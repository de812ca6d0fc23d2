"""The coordination pages: register a document with its file, record an obligation, download
in scope only, programmes and plans pages, errors shown next to the field."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from danvan.coordination import services
from danvan.coordination.models import DocumentObligation, LegalDocument, Plan
from danvan.core.files import UploadedFileInput
from danvan.core.models import Task
from tests.coordination.conftest import PDF, World, days
from tests.coordination.test_services_programmes_plans import programme

pytestmark = pytest.mark.django_db


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_officer_registers_document_with_file_through_the_page(world: World) -> None:
    client = client_for(world.officer)
    assert client.get("/van-ban/moi/").status_code == 200
    response = client.post(
        "/van-ban/moi/",
        {
            "organization": world.ubnd.pk,
            "kind": "directive",
            "reference": "05-CT/UBND",
            "issued_on": days(-3).strftime("%d/%m/%Y"),
            "issuer_name": "Ủy ban nhân dân tỉnh Quảng Trị",
            "title": "Chỉ thị về tăng cường công tác dân vận chính quyền",
            "file_upload": SimpleUploadedFile("chi-thi.pdf", PDF, "application/pdf"),
        },
    )
    assert response.status_code == 302
    document = LegalDocument.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "05-CT/UBND" in page and "chi-thi.pdf" in page
    stored = document.files.get()
    download = client.get(f"/van-ban/{document.pk}/tep/{stored.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]
    assert download["Cache-Control"] == "private, no-store"
    # Another province's officer gets a 404 for the page and the file.
    outsider = client_for(world.outsider)
    assert outsider.get(f"/van-ban/{document.pk}/").status_code == 404
    assert outsider.get(f"/van-ban/{document.pk}/tep/{stored.pk}/").status_code == 404


def test_duplicate_registration_shows_the_message_on_the_field(
    world: World, register: Callable[..., LegalDocument]
) -> None:
    first = register()
    response = client_for(world.officer).post(
        "/van-ban/moi/",
        {
            "organization": world.ubnd.pk,
            "kind": "directive",
            "reference": first.reference,
            "issued_on": first.issued_on.isoformat(),
            "issuer_name": first.issuer_name,
            "title": "Trùng",
        },
    )
    assert response.status_code == 400
    assert "đã có trong sổ văn bản" in response.content.decode()
    assert LegalDocument.objects.count() == 1


def test_obligation_form_creates_task_and_document_lists_it(
    world: World, register: Callable[..., LegalDocument]
) -> None:
    document = register()
    client = client_for(world.officer)
    response = client.post(
        f"/van-ban/{document.pk}/nhiem-vu/",
        {
            "content": "Tổ chức đối thoại với người có uy tín",
            "lead": world.sdttg.pk,
            "due": days(20).isoformat(),
            "support_1": world.mttq.pk,
            "support_1_part": "mời người có uy tín",
        },
    )
    assert response.status_code == 302
    task = Task.objects.get()
    assert task.organization_id == world.sdttg.pk
    page = client.get(f"/van-ban/{document.pk}/").content.decode()
    assert "Tổ chức đối thoại với người có uy tín" in page
    assert f"/nhiem-vu/{task.pk}/" in page
    assert "mời người có uy tín" in page
    # The task's related-record link lands on the document.
    landing = client_for(world.dept_officer).get(f"/van-ban/nhiem-vu/{task.target_id}/")
    assert landing.status_code == 302
    assert landing["Location"].startswith(f"/van-ban/{document.pk}/")


def test_obligation_form_errors_are_shown(
    world: World, register: Callable[..., LegalDocument]
) -> None:
    document = register()
    response = client_for(world.officer).post(
        f"/van-ban/{document.pk}/nhiem-vu/",
        {"content": "", "lead": world.sdttg.pk, "due": ""},
    )
    assert response.status_code == 400
    assert Task.objects.count() == 0


def test_list_pages_render_with_filters(
    world: World,
    register: Callable[..., LegalDocument],
    oblige: Callable[..., DocumentObligation],
) -> None:
    oblige(register(reference="25-NQ/TW", kind="resolution"))
    register(reference="755-CV/TU", kind="letter", title="Công văn nắm tình hình nhân dân")
    p = programme(world)
    services.plan_prefill_from_programme(actor=world.leader, programme=p, year=2027)
    client = client_for(world.leader)
    page = client.get("/van-ban/", {"q": "nam tinh hinh"}).content.decode()
    assert "755-CV/TU" in page and "25-NQ/TW" not in page
    assert "25-NQ/TW" in client.get("/van-ban/", {"kind": "resolution"}).content.decode()
    programmes = client.get("/chuong-trinh-phoi-hop/").content.decode()
    assert "01-CTr/BTGDV-CA" in programmes
    detail = client.get(f"/chuong-trinh-phoi-hop/{p.pk}/").content.decode()
    assert "Báo cáo kết quả phối hợp 6 tháng, năm" in detail
    assert client.get("/ke-hoach/").status_code == 200
    plan = Plan.objects.get()
    plan_page = client.get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert "Ban hành kế hoạch" in plan_page


def test_plan_issue_and_prefill_through_pages(world: World) -> None:
    p = programme(world)
    client = client_for(world.leader)
    response = client.post(f"/chuong-trinh-phoi-hop/{p.pk}/lap-ke-hoach/", {"year": 2027})
    assert response.status_code == 302
    plan = Plan.objects.get()
    match = re.search(r"/ke-hoach/(\d+)/", response["Location"])
    assert match and int(match.group(1)) == plan.pk
    response = client.post(
        f"/ke-hoach/{plan.pk}/ban-hanh/", {"expected_version": plan.version, "on": ""}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "issued"
    assert Task.objects.count() == plan.items.count() == 3


def test_viewer_sees_document_but_no_forms(
    world: World, register: Callable[..., LegalDocument]
) -> None:
    document = register()
    services.document_files_add(
        actor=world.officer,
        document=document,
        files=[UploadedFileInput(name="a.pdf", data=PDF)],
    )
    page = client_for(world.viewer).get(f"/van-ban/{document.pk}/").content.decode()
    assert "a.pdf" in page
    assert "Ghi nhiệm vụ phát sinh" not in page
    assert client_for(world.viewer).get("/van-ban/moi/").status_code == 403
