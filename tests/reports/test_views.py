"""The report pages: list, create, request with its board, write, send, review, drill down,
download, settings; errors shown in Vietnamese next to their field; scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from danvan.reports.models import Report, ReportProfile, ReportRequest
from tests.reports.fixtures import RESULTS, RWorld, register

pytestmark = pytest.mark.django_db


def login(client: Client, user: object) -> Client:
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_pages_open(client: Client, rworld: RWorld) -> None:
    login(client, rworld.officer)
    for name in ("reports:list", "reports:create", "reports:requests", "reports:request_create"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
    page = client.get(reverse("reports:request_create")).content.decode()
    assert "Ủy ban nhân dân xã An" in page and "Ủy ban nhân dân xã Bình" in page


def test_create_with_a_bad_period_shows_the_error(client: Client, rworld: RWorld) -> None:
    login(client, rworld.officer)
    response = client.post(
        reverse("reports:create"),
        {"organization": "44-UBND", "kind": "year", "period": "2026-H1"},
    )
    assert response.status_code == 422
    assert "không dùng được cho báo cáo tổng kết năm" in response.content.decode()
    assert not Report.objects.exists()


def test_full_flow_through_the_pages(client: Client, rworld: RWorld) -> None:
    register(rworld.officer_a, on=dt.date(2026, 3, 2))
    province = login(Client(), rworld.officer)
    response = province.post(
        reverse("reports:request_create"),
        {
            "organization": "44-UBND",
            "kind": "six-month",
            "period": "2026-H1",
            "due_on": "2026-06-20",
            "units": [str(rworld.ubnd_a.pk), str(rworld.ubnd_b.pk)],
        },
    )
    assert response.status_code == 302
    request = ReportRequest.objects.get()
    report = request.reports.get(organization=rworld.ubnd_a)

    commune = login(Client(), rworld.officer_a)
    detail = commune.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "Số liệu tính trực tiếp" in detail
    assert reverse("reports:drilldown", args=[report.pk, "petitions.received"]) in detail
    edit = commune.post(
        reverse("reports:edit", args=[report.pk]),
        {"expected_version": report.version, "title": report.title, "results": RESULTS},
    )
    assert edit.status_code == 302
    report.refresh_from_db()
    sent = commune.post(
        reverse("reports:submit", args=[report.pk]),
        {"expected_version": report.version, "issued_on": "2026-06-19"},
    )
    assert sent.status_code == 302
    report.refresh_from_db()
    assert report.number == "01/BC-UBND"
    # Sent: no more editing.
    again = commune.get(reverse("reports:edit", args=[report.pk]))
    assert again.status_code == 302

    returned = province.post(
        reverse("reports:review", args=[report.pk]),
        {"expected_version": report.version, "action": "return", "comment": ""},
    )
    assert returned.status_code == 422
    assert "Ghi rõ nội dung cần bổ sung" in returned.content.decode()
    ok = province.post(
        reverse("reports:review", args=[report.pk]),
        {"expected_version": report.version, "action": "accept", "comment": ""},
    )
    assert ok.status_code == 302
    board = province.get(reverse("reports:request", args=[request.pk])).content.decode()
    assert "Đã gửi 1/2 đơn vị" in board

    drill = province.get(reverse("reports:drilldown", args=[report.pk, "petitions.received"]))
    assert drill.status_code == 200
    assert "Số hồ sơ" in drill.content.decode()
    for fmt, magic in (("docx", b"PK"), ("xlsx", b"PK"), ("pdf", b"%PDF"), ("forms", b"PK")):
        download = province.get(reverse("reports:download", args=[report.pk, fmt]))
        assert download.status_code == 200, fmt
        assert download.content.startswith(magic), fmt
        assert "attachment" in download["Content-Disposition"]


def test_scope_and_permissions(client: Client, rworld: RWorld) -> None:
    report = Report.objects.none()
    login(client, rworld.officer_a)
    client.post(
        reverse("reports:create"),
        {"organization": "19001-UBND", "kind": "year", "period": "2025"},
    )
    report = Report.objects.get()
    other = login(Client(), rworld.officer_b)
    assert other.get(reverse("reports:detail", args=[report.pk])).status_code == 404
    viewer = login(Client(), rworld.viewer)
    assert viewer.get(reverse("reports:detail", args=[report.pk])).status_code == 200
    assert viewer.get(reverse("reports:edit", args=[report.pk])).status_code == 403
    assert viewer.get(reverse("reports:create")).status_code == 403


def test_profile_settings(client: Client, rworld: RWorld) -> None:
    login(client, rworld.party)
    url = reverse("reports:profile", args=["44-BTGDV"])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"cut_day": "31", "doc_format": "party"})
    assert bad.status_code == 400
    good = client.post(
        url,
        {
            "cut_day": "1",
            "doc_format": "party",
            "signer_title": "K/T TRƯỞNG BAN\nPHÓ TRƯỞNG BAN",
            "signer_name": "Hồ Sỹ Phùng",
            "recipients": "Ban Thường vụ Tỉnh ủy\nLưu: VT",
        },
    )
    assert good.status_code == 302
    profile = ReportProfile.objects.get(organization=rworld.btgdv)
    assert profile.cut_day == 1
    created = client.post(
        reverse("reports:create"),
        {"organization": "44-BTGDV", "kind": "six-month", "period": "2026-H1"},
    )
    assert created.status_code == 302
    report = Report.objects.get(organization=rworld.btgdv)
    # Calendar windows with cut day 1.
    assert (report.window_start, report.window_end) == (dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    assert report.signer_name == "Hồ Sỹ Phùng"
    assert client.get(reverse("reports:profile", args=["44-UBND"])).status_code == 403


def test_pdf_unavailable_is_a_clear_message(
    client: Client, rworld: RWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    from danvan.reports.documents import pdf_report

    def missing(content: object) -> bytes:
        raise pdf_report.PdfUnavailable("Không tạo được tệp PDF: máy chủ chưa cài WeasyPrint.")

    monkeypatch.setattr(pdf_report, "render_pdf", missing)
    login(client, rworld.officer_a)
    client.post(
        reverse("reports:create"), {"organization": "19001-UBND", "kind": "year", "period": "2025"}
    )
    report = Report.objects.get()
    response = client.get(reverse("reports:download", args=[report.pk, "pdf"]), follow=True)
    assert response.status_code == 200
    assert "chưa cài WeasyPrint" in response.content.decode()
    api = client.get(f"/api/v1/reports/{report.pk}/file", {"format": "pdf"})
    assert api.status_code == 503
    assert api.json()["error"]["code"] == "unavailable"
