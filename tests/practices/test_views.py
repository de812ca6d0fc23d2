"""The pages: list, registration, model page moves, council scoring and closing, recognition,
counts (HTML and XLSX), and the public showcase."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from danvan.practices.models import Evaluation, PracticeModel
from tests.practices.conftest import (
    World,
    launch,
    open_council,
    recognised_model,
    register,
)

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_officer_registers_through_the_form(world: World) -> None:
    c = client_for(world.officer_stp)
    page = c.get(reverse("practices:create"))
    assert page.status_code == 200
    response = c.post(
        reverse("practices:create"),
        {
            "organization": world.stp.pk,
            "registrant_kind": "agency",
            "field": "political_system",
            "name": "Khéo trong phổ biến pháp luật",
            "objectives": "Người dân hiểu pháp luật.",
            "content_method": "Tuyên truyền lưu động.",
            "outputs": "120 buổi tuyên truyền.",
            "start_on": "2025-02-01",
        },
    )
    model = PracticeModel.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{model.pk}/")
    detail = c.get(response["Location"])
    assert "Khéo trong phổ biến pháp luật" in detail.content.decode()


def test_missing_name_shows_an_error_next_to_the_field(world: World) -> None:
    c = client_for(world.officer_stp)
    response = c.post(reverse("practices:create"), {"organization": world.stp.pk})
    assert response.status_code == 400
    assert PracticeModel.objects.count() == 0


def test_viewer_cannot_open_the_registration_form(world: World) -> None:
    assert client_for(world.viewer).get(reverse("practices:create")).status_code == 403


def test_launch_from_the_page_and_stale_version_conflicts(world: World) -> None:
    model = register(world)
    c = client_for(world.officer_stp)
    url = reverse("practices:move", kwargs={"pk": model.pk, "to": "launched"})
    ok = c.post(url, {"expected_version": model.version})
    assert ok.status_code == 302
    stale = c.post(
        reverse("practices:move", kwargs={"pk": model.pk, "to": "stopped"}),
        {"expected_version": model.version, "note": "Dừng"},
    )
    assert stale.status_code == 409
    assert "vừa được người khác cập nhật" in stale.content.decode()


def test_council_page_scores_and_closes(world: World) -> None:
    model = register(world)
    launch(world, model)
    c = client_for(world.runner)
    page = c.get(reverse("practices:detail", kwargs={"pk": model.pk}))
    assert "Thành lập hội đồng đánh giá" in page.content.decode()
    response = c.post(
        reverse("practices:council_open", kwargs={"pk": model.pk}),
        {
            "expected_version": PracticeModel.objects.get(pk=model.pk).version,
            "council_org": world.btgdv.pk,
            "held_on": "2025-11-20",
            "members": "Phạm Văn Thành; Phó Trưởng Ban; chủ tịch\nNguyễn Thị Ngân; Trưởng phòng",
        },
    )
    evaluation = Evaluation.objects.get()
    assert response.status_code == 302
    assert [m.role for m in evaluation.members.order_by("position")] == ["chair", "member"]
    for member in evaluation.members.order_by("position"):
        evaluation.refresh_from_db()
        p = f"m{member.pk}"
        r = c.post(
            reverse("practices:score", kwargs={"pk": evaluation.pk, "member": member.pk}),
            {
                f"{p}-expected_version": evaluation.version,
                f"{p}-member": member.pk,
                f"{p}-points_novelty": "18",
                f"{p}-points_results": "27",
                f"{p}-points_participation": "18",
                f"{p}-points_replicability": "17",
                f"{p}-points_theme": "9",
            },
        )
        assert r.status_code == 302, r.content.decode()[:2000]
    evaluation.refresh_from_db()
    r = c.post(
        reverse("practices:council_close", kwargs={"pk": evaluation.pk}),
        {"expected_version": evaluation.version, "conclusion": "Đạt", "on": "2025-11-20"},
    )
    assert r.status_code == 302
    model.refresh_from_db()
    assert model.status == "evaluated" and str(model.score) == "89.00"


def test_counts_page_and_xlsx(world: World) -> None:
    recognised_model(world)
    c = client_for(world.leader)
    page = c.get(reverse("practices:counts"), {"year": 2025})
    assert page.status_code == 200
    assert 'id="total-registered">1<' in page.content.decode()
    xlsx = c.get(reverse("practices:counts"), {"format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "Tổng số" and rows[1][2] == 1
    assert sheet.title == "Thống kê"  # the sheet's tab, in Vietnamese with diacritics


def test_showcase_is_public_and_shows_no_private_field(world: World) -> None:
    shown = recognised_model(world)
    hidden = register(world, name="Mô hình chưa công nhận")
    launch(world, hidden)
    c = Client()
    page = c.get(reverse("practices:showcase"))
    html = page.content.decode()
    assert page.status_code == 200
    assert shown.name in html and "Mô hình chưa công nhận" not in html
    detail = c.get(reverse("practices:showcase_detail", kwargs={"pk": shown.pk}))
    body = detail.content.decode()
    assert "2150/QĐ-UBND" in body
    for private in (shown.contact_phone, shown.contact_name, shown.resources, "89.00"):
        assert private not in body
    assert c.get(reverse("practices:showcase_detail", kwargs={"pk": hidden.pk})).status_code == 404


def test_model_page_shows_replication_sites(world: World) -> None:
    import datetime as dt

    from danvan.practices import services
    from danvan.practices.inputs import ReplicationInput

    model = recognised_model(world)
    services.replication_add(
        model=model,
        actor=world.officer_stp,
        data=ReplicationInput(
            started_on=dt.date(2026, 2, 1), expected_version=model.version, area_code="23149"
        ),
    )
    page = client_for(world.leader).get(reverse("practices:detail", kwargs={"pk": model.pk}))
    assert page.status_code == 200
    assert "Xã Tánh Linh" in page.content.decode()
    public = Client().get(reverse("practices:showcase_detail", kwargs={"pk": model.pk}))
    assert "Xã Tánh Linh" in public.content.decode()


def test_officer_pages_need_login(world: World) -> None:
    assert Client().get(reverse("practices:list")).status_code == 302


def test_council_page_of_another_province_model_is_404(world: World) -> None:
    model = register(world)
    launch(world, model)
    evaluation = open_council(world, model)
    c = client_for(world.officer_b)
    assert c.get(reverse("practices:council", kwargs={"pk": evaluation.pk})).status_code == 404


def test_edit_page_saves_changes(world: World) -> None:
    model = register(world)
    c = client_for(world.officer_stp)
    url = reverse("practices:edit", kwargs={"pk": model.pk})
    page = c.get(url)
    assert page.status_code == 200 and "4 không, 2 biết" in page.content.decode()
    response = c.post(
        url,
        {
            "expected_version": model.version,
            "organization": world.stp.pk,
            "registrant_kind": "agency",
            "field": "political_system",
            "name": "4 không, 2 biết (sửa)",
            "objectives": model.objectives,
            "content_method": model.content_method,
            "outputs": model.outputs,
            "start_on": "2025-02-01",
        },
    )
    assert response.status_code == 302
    model.refresh_from_db()
    assert model.name == "4 không, 2 biết (sửa)"
    assert client_for(world.officer_b).get(url).status_code == 404
