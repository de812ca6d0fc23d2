"""The issue-report pages: list, intake (also from a cluster of petitions), the report page and
its actions, with scope (404 outside it), Vietnamese form errors and conflicts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from danvan.core.models import AuditEvent
from danvan.monitoring.models import IssueLink, IssueReport
from danvan.petitions.services import petition_register
from tests.monitoring.conftest import MonitoringWorld, days, escalate, move, today
from tests.petitions.conftest import petition_input

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stub_classifier")]

Make = Callable[..., IssueReport]


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def detail(report: IssueReport) -> str:
    return reverse("monitoring:report", args=[report.pk])


def form_data(mw: MonitoringWorld, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "organization": mw.commune_a_org.pk,
        "source": "commune",
        "source_detail": "Báo cáo nhanh của UBND xã",
        "title": "Tiểu thương phản đối di dời chợ thôn Đông",
        "content": "Khoảng 60 hộ tiểu thương không đồng ý di dời chợ về vị trí mới.",
        "area": mw.commune_a.pk,
        "topic": "kinh_te_do_thi",
        "severity": "3",
        "people_affected": "60",
        "reported_on": days(-2).isoformat(),
        "update_every_days": "7",
    }
    data.update(overrides)
    return data


# --- List ---------------------------------------------------------------------------------------


def test_list_shows_the_users_reports_with_counts(mw: MonitoringWorld, make_report: Make) -> None:
    mine = make_report()
    theirs = make_report(
        actor=mw.officer_b,
        organization_id=mw.commune_b_org.pk,
        area_code="19002",
        title="Đường vào khu sản xuất xã Bình xuống cấp",
    )
    response = client_for(mw.officer_a).get(reverse("monitoring:reports"))
    assert response.status_code == 200
    body = response.content.decode()
    assert mine.title in body and theirs.title not in body
    assert "Mới tiếp nhận: 1" in body
    assert reverse("monitoring:report_create") in body


def test_list_filters_by_folded_text_and_area(mw: MonitoringWorld, make_report: Make) -> None:
    market = make_report()
    other = make_report(
        title="Thiếu nước sinh hoạt thôn Tây",
        description="Giếng khoan cạn, 40 hộ thôn Tây phải mua nước.",
        topic="nuoc_sinh_hoat",
    )
    client = client_for(mw.party)
    body = client.get(reverse("monitoring:reports"), {"q": "di doi"}).content.decode()
    assert market.title in body and other.title not in body
    body = client.get(reverse("monitoring:reports"), {"area": "19001"}).content.decode()
    assert market.title in body and other.title in body
    body = client.get(reverse("monitoring:reports"), {"topic": "nuoc_sinh_hoat"}).content.decode()
    assert other.title in body and market.title not in body


def test_reader_without_reporting_role_gets_no_create_button(
    mw: MonitoringWorld, make_report: Make
) -> None:
    make_report()
    body = client_for(mw.viewer).get(reverse("monitoring:reports")).content.decode()
    assert reverse("monitoring:report_create") not in body
    response = client_for(mw.viewer).get(reverse("monitoring:report_create"))
    assert response.status_code == 403


# --- Intake --------------------------------------------------------------------------------------


def test_create_form_asks_the_topic_suggestion_while_typing(mw: MonitoringWorld) -> None:
    response = client_for(mw.officer_a).get(reverse("monitoring:report_create"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'hx-post="/nam-tinh-hinh/goi-y-linh-vuc/"' in body
    assert 'hx-params="content"' in body
    assert 'id="topic-suggestion"' in body
    assert 'name="content"' in body
    assert "Xã An" in body  # the commune is among the areas


def test_officer_files_a_report_from_the_form(mw: MonitoringWorld) -> None:
    response = client_for(mw.officer_a).post(reverse("monitoring:report_create"), form_data(mw))
    report = IssueReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail(report)
    assert (report.area, report.topic, report.severity, report.people_affected) == (
        mw.commune_a,
        "kinh_te_do_thi",
        3,
        60,
    )
    assert report.description.startswith("Khoảng 60 hộ")
    assert report.reported_on == days(-2)


def test_form_errors_are_vietnamese_and_nothing_is_saved(mw: MonitoringWorld) -> None:
    response = client_for(mw.officer_a).post(
        reverse("monitoring:report_create"),
        form_data(mw, title="", content="", people_affected="nhiều", area=""),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Nhập tiêu đề ngắn gọn của vấn đề." in body
    assert "Nhập nội dung: diễn biến, nguyên nhân, tâm trạng của Nhân dân." in body
    assert "Nhập một số nguyên." in body
    assert "Chọn địa bàn xảy ra vấn đề." in body
    assert not IssueReport.objects.exists()


def test_service_error_is_shown_next_to_its_field(mw: MonitoringWorld) -> None:
    response = client_for(mw.officer_a).post(
        reverse("monitoring:report_create"), form_data(mw, title="Chợ")
    )
    assert response.status_code == 422
    assert "Ghi rõ hơn: ít nhất 5 ký tự." in response.content.decode()


def test_cluster_of_petitions_prefills_the_form_and_is_linked(mw: MonitoringWorld) -> None:
    petitions = [
        petition_register(
            actor=mw.officer_a,
            data=petition_input(
                kind="proposal",
                received_on=days(-15 + i),
                topic="kinh_te_do_thi",
                summary=f"Kiến nghị giữ chợ thôn Đông (đơn {i})",
                signer_count=3,
            ),
        )
        for i in range(3)
    ]
    theirs = petition_register(actor=mw.officer_b, data=petition_input(area_code="19002"))
    ids = ",".join(str(p.pk) for p in [*petitions, theirs])
    client = client_for(mw.officer_a)
    body = client.get(reverse("monitoring:report_create"), {"petitions": ids}).content.decode()
    assert "3 đơn thư cùng nội dung sẽ được liên kết" in body
    for p in petitions:
        assert p.case_number in body
    assert theirs.case_number not in body  # not the user's to see
    assert 'value="petitions" selected' in body or 'value="petitions" selected>' in body
    assert 'value="9"' in body  # people affected: 3 petitions × 3 signers
    data = form_data(mw, source="petitions", petitions=",".join(str(p.pk) for p in petitions))
    response = client.post(reverse("monitoring:report_create"), data)
    assert response.status_code == 302
    report = IssueReport.objects.get()
    assert set(IssueLink.objects.filter(report=report).values_list("target_id", flat=True)) == {
        p.pk for p in petitions
    }


# --- The report page and its actions ---------------------------------------------------------


def test_commune_officer_gets_404_for_another_communes_report(
    mw: MonitoringWorld, make_report: Make
) -> None:
    report = make_report()
    client = client_for(mw.officer_b)
    assert client.get(detail(report)).status_code == 404
    assert client.get(reverse("monitoring:report_edit", args=[report.pk])).status_code == 404
    response = client.post(
        reverse("monitoring:report_move", args=[report.pk, "verifying"]),
        {"mv-verifying-expected_version": report.version},
    )
    assert response.status_code == 404
    IssueReport.objects.get(pk=report.pk, status="new")


def test_page_shows_moves_timeline_and_due_update(mw: MonitoringWorld, make_report: Make) -> None:
    report = make_report(reported_on=days(-10))
    body = client_for(mw.officer_a).get(detail(report)).content.decode()
    assert "Báo cáo, kiến nghị cấp trên" in body
    assert "Kết luận không có cơ sở" in body
    assert "quá hạn" in body  # the first update was due 3 days ago
    assert "UBND tỉnh Quảng Trị Thử" in body  # the escalation target offered
    viewer_body = client_for(mw.viewer).get(detail(report)).content.decode()
    assert "Bạn chỉ có quyền xem vấn đề này." in viewer_body
    assert "chuyen-buoc" not in viewer_body


def test_escalate_then_answer_from_the_pages(mw: MonitoringWorld, make_report: Make) -> None:
    report = make_report()
    url = reverse("monitoring:report_move", args=[report.pk, "escalated"])
    response = client_for(mw.officer_a).post(
        url,
        {
            "mv-escalated-expected_version": report.version,
            "mv-escalated-escalated_to": mw.province_org.pk,
            "mv-escalated-recommendation": "Đề nghị tỉnh chỉ đạo bố trí chỗ bán tạm.",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "escalated"
    # The reporter may not answer; the province officer may.
    answer = reverse("monitoring:report_answer", args=[report.pk])
    data = {"an-expected_version": report.version, "an-answer": "Đồng ý, giao Sở Công Thương."}
    assert client_for(mw.officer_a).post(answer, data).status_code == 403
    page = client_for(mw.officer).get(detail(report)).content.decode()
    assert "Trả lời kiến nghị" in page
    response = client_for(mw.officer).post(answer, data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.answered_on == today()


def test_illegal_or_incomplete_move_is_explained(mw: MonitoringWorld, make_report: Make) -> None:
    report = make_report()
    client = client_for(mw.officer_a)
    response = client.post(
        reverse("monitoring:report_move", args=[report.pk, "resolved"]),
        {"mv-resolved-expected_version": report.version, "mv-resolved-text": "Xong."},
    )
    assert response.status_code == 422
    assert "Không thể chuyển vấn đề từ" in response.content.decode()
    response = client.post(
        reverse("monitoring:report_move", args=[report.pk, "unfounded"]),
        {"mv-unfounded-expected_version": report.version},
    )
    assert response.status_code == 400
    assert "Ghi lý do kết luận không có cơ sở." in response.content.decode()
    report.refresh_from_db()
    assert report.status == "new"


def test_stale_page_gets_a_conflict(mw: MonitoringWorld, make_report: Make) -> None:
    report = make_report()
    stale = report.version
    move(report, mw.officer, "verifying")
    response = client_for(mw.officer_a).post(
        reverse("monitoring:report_move", args=[report.pk, "being_resolved"]),
        {"mv-being_resolved-expected_version": stale},
    )
    assert response.status_code == 409
    assert "vừa được người khác cập nhật" in response.content.decode()
    report.refresh_from_db()
    assert report.status == "verifying"


def test_periodic_update_from_the_page(mw: MonitoringWorld, make_report: Make) -> None:
    report = make_report()
    response = client_for(mw.officer_a).post(
        reverse("monitoring:report_update_add", args=[report.pk]),
        {
            "up-expected_version": report.version,
            "up-text": "Đã họp dân, 40 hộ đồng ý di dời.",
            "up-people_affected": "20",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.people_affected, report.last_update_on) == (20, today())
    body = client_for(mw.officer_a).get(detail(report)).content.decode()
    assert "Đã họp dân, 40 hộ đồng ý di dời." in body


def test_link_and_unlink_from_the_page(mw: MonitoringWorld, make_report: Make) -> None:
    report = make_report()
    mine = petition_register(actor=mw.officer_a, data=petition_input())
    theirs = petition_register(actor=mw.officer_b, data=petition_input(area_code="19002"))
    client = client_for(mw.officer_a)
    url = reverse("monitoring:report_link_add", args=[report.pk])
    response = client.post(url, {"ln-target_type": "petitions.petition", "ln-target_id": theirs.pk})
    # Out of scope is answered exactly as a missing record, next to the field.
    assert response.status_code == 422
    assert "Không tìm thấy hồ sơ này (hoặc bạn không có quyền xem)." in response.content.decode()
    response = client.post(url, {"ln-target_type": "petitions.petition", "ln-target_id": mine.pk})
    assert response.status_code == 302
    link = IssueLink.objects.get(report=report)
    body = client.get(detail(report)).content.decode()
    assert mine.case_number in body
    response = client.post(reverse("monitoring:report_link_remove", args=[report.pk, link.pk]))
    assert response.status_code == 302
    assert not IssueLink.objects.exists()
    assert AuditEvent.objects.filter(verb="issue_report.link_remove").count() == 1


def test_edit_page_saves_changes(mw: MonitoringWorld, make_report: Make) -> None:
    report = make_report()
    client = client_for(mw.officer_a)
    url = reverse("monitoring:report_edit", args=[report.pk])
    page = client.get(url).content.decode()
    assert report.title in page
    data = form_data(mw, severity="4", flag_security="on", expected_version=report.version)
    data.pop("organization")
    response = client.post(url, data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.severity, report.flag_security) == (4, True)
    assert client_for(mw.viewer).get(url).status_code == 403


def test_escalated_report_shows_in_the_list_of_the_level_above(
    mw: MonitoringWorld, make_report: Make
) -> None:
    report = make_report()
    escalate(report, mw.officer_a, mw.province_org)
    body = client_for(mw.officer).get(reverse("monitoring:reports")).content.decode()
    assert report.title in body
    assert "đến UBND tỉnh Quảng Trị Thử" in body
