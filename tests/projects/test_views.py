"""The pages: list, register, the project page and its forms (contribution, expenditure above
the balance, progress with a photo), statistics, the XLSX account, and the public pages (no
account, unlisted names hidden, money as 1.234.567 đ)."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from danvan.projects import services
from danvan.projects.inputs import ContributionInput
from danvan.projects.models import Contribution, Expenditure, Project
from tests.projects.conftest import World, days, money
from tests.projects.test_services import PNG

pytestmark = pytest.mark.django_db


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_list_and_detail(world: World, make_project: Callable[..., Project]) -> None:
    project = make_project()
    money(project, world.officer_a, 1_234_567)
    client = client_for(world.officer_a)
    page = client.get("/cung-lam/")
    assert page.status_code == 200 and project.name in page.content.decode()
    detail = client.get(f"/cung-lam/{project.pk}/").content.decode()
    assert "1.234.567 đ" in detail and "Ghi khoản đóng góp" in detail
    assert client_for(world.officer_b).get(f"/cung-lam/{project.pk}/").status_code == 404
    front = client_for(world.front_a).get(f"/cung-lam/{project.pk}/").content.decode()
    assert "Ghi khoản đóng góp" not in front


def test_register_through_the_form(world: World) -> None:
    client = client_for(world.officer_a)
    assert client.get("/cung-lam/moi/").status_code == 200
    response = client.post(
        "/cung-lam/moi/",
        {
            "organization": world.commune_a_org.pk,
            "name": "Nhà văn hóa thôn Vực Leng",
            "kind": "culture_house",
            "residential_areas": "thôn Vực Leng",
            "area_m2": "600",
            "planned_cost": "850.000.000",
            "starts_on": days(-10).isoformat(),
            "ends_on": days(100).isoformat(),
        },
    )
    assert response.status_code == 302
    project = Project.objects.get()
    assert project.planned_cost == 850_000_000
    bad = client.post("/cung-lam/moi/", {"organization": world.commune_a_org.pk, "kind": "road"})
    assert bad.status_code == 400
    assert client_for(world.front_a).get("/cung-lam/moi/").status_code == 403


def test_contribution_and_expenditure_forms(
    world: World, make_project: Callable[..., Project]
) -> None:
    project = make_project(status="in_progress")
    client = client_for(world.officer_a)
    response = client.post(
        f"/cung-lam/{project.pk}/dong-gop/",
        {
            "con-source": "residents",
            "con-contributor": "Các hộ thôn Khe Ngài",
            "con-kind": "money",
            "con-amount": "120.000.000",
            "con-received": "on",
            "con-received_on": days(0).isoformat(),
        },
    )
    assert response.status_code == 302
    assert Contribution.objects.get().value == 120_000_000
    over = client.post(
        f"/cung-lam/{project.pk}/chi/",
        {
            "exp-date": days(0).isoformat(),
            "exp-item": "Tạm ứng",
            "exp-amount": "120.000.001",
            "exp-voucher": "PC 1",
        },
    )
    assert over.status_code == 422
    assert "vượt số dư" in over.content.decode()
    ok = client.post(
        f"/cung-lam/{project.pk}/chi/",
        {
            "exp-date": days(0).isoformat(),
            "exp-item": "Tạm ứng",
            "exp-amount": "20.000.000",
            "exp-voucher": "PC 1",
        },
    )
    assert ok.status_code == 302 and Expenditure.objects.count() == 1
    page = client.get(f"/cung-lam/{project.pk}/").content.decode()
    assert "100.000.000 đ" in page  # the balance: 120.000.000 − 20.000.000
    forbidden = client_for(world.front_a).post(f"/cung-lam/{project.pk}/chi/", {})
    assert forbidden.status_code == 403


def test_stale_move_reloads_with_409(world: World, make_project: Callable[..., Project]) -> None:
    project = make_project()
    client = client_for(world.officer_a)
    stale = project.version
    assert (
        client.post(
            f"/cung-lam/{project.pk}/chuyen-buoc/in_progress/",
            {"expected_version": stale, "on": days(0).isoformat()},
        ).status_code
        == 302
    )
    again = client.post(
        f"/cung-lam/{project.pk}/chuyen-buoc/suspended/",
        {"expected_version": stale, "reason": "Mưa lũ kéo dài"},
    )
    assert again.status_code == 409


def test_progress_with_photo_and_download(
    world: World, make_project: Callable[..., Project], settings: object, tmp_path: object
) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    project = make_project(status="in_progress")
    client = client_for(world.officer_a)
    response = client.post(
        f"/cung-lam/{project.pk}/tien-do/",
        {
            "prog-date": days(0).isoformat(),
            "prog-percent": "40",
            "prog-note": "Đổ bê tông 480 m.",
            "prog-photo": SimpleUploadedFile("anh.png", PNG, content_type="image/png"),
        },
    )
    assert response.status_code == 302
    report = project.reports.get()
    photo = client.get(f"/cung-lam/{project.pk}/tien-do/{report.pk}/anh/")
    assert photo.status_code == 200 and b"".join(photo.streaming_content) == PNG  # type: ignore[attr-defined]
    assert (
        client_for(world.officer_b)
        .get(f"/cung-lam/{project.pk}/tien-do/{report.pk}/anh/")
        .status_code
        == 404
    )


def test_statistics_and_xlsx(world: World, make_project: Callable[..., Project]) -> None:
    from openpyxl import load_workbook

    project = make_project()
    money(project, world.officer_a, 900_000_000)
    services.contribution_record(
        actor=world.officer_a,
        project=project,
        data=ContributionInput(
            source="residents", kind="land", amount=1150, contributor="Hộ bà Kín Tên"
        ),
    )
    client = client_for(world.leader)
    stats = client.get("/cung-lam/thong-ke/").content.decode()
    assert "Xã Đakrông" in stats and "1.150" in stats and "900.000.000 đ" in stats
    response = client.get(f"/cung-lam/{project.pk}/cong-khai.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert project.name in values and 900_000_000 in values
    assert "Hộ bà Kín Tên" not in values  # the public account: unlisted names stay hidden


def test_public_pages_need_no_account_and_hide_names(
    world: World, make_project: Callable[..., Project]
) -> None:
    project = make_project()
    money(project, world.officer_a, 1_234_567, source="province")
    for name, listed in (("Hộ ông Hồ Văn Lâm", True), ("Hộ bà Kín Tên", False)):
        services.contribution_record(
            actor=world.officer_a,
            project=project,
            data=ContributionInput(
                source="residents", kind="land", amount=100, contributor=name, listed=listed
            ),
        )
    client = Client()
    index = client.get("/cong-dan/cung-lam/")
    assert index.status_code == 200 and project.name in index.content.decode()
    page = client.get(f"/cong-dan/cung-lam/{project.pk}/").content.decode()
    assert "1.234.567 đ" in page and "Hộ ông Hồ Văn Lâm" in page
    assert "Kín Tên" not in page and "Các hộ, tổ chức khác (1 lượt)" in page
    assert client.get("/cong-dan/cung-lam/999999/").status_code == 404
