"""From a directive to a finished task, in a real browser: a province officer registers a
directive with its file and records an obligation it creates for a department (lead, one
supporting unit, due date); an officer of the department opens the task, reports progress and
completes it; the directive's page then shows the obligation done. Accessibility is checked on
the register form, the directive and the task."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from danvan.core.models import Role
from tests.e2e.conftest import axe_serious_violations, login
from tests.factories import MembershipFactory, OrganizationFactory, ProvinceFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-thu-123"
REFERENCE = "05-CT/UBND"
TITLE = "Chỉ thị về tăng cường công tác dân vận chính quyền trong vùng đồng bào dân tộc thiểu số"
DUTY = "Tổ chức đối thoại với người có uy tín trong đồng bào dân tộc thiểu số"
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@dataclass
class World:
    lead_name: str


@pytest.fixture
def world() -> World:
    from danvan.core.services.calendar import calendar_load_reference

    calendar_load_reference()
    province = ProvinceFactory(code="44", name="Quảng Trị", full_name="Tỉnh Quảng Trị")
    ubnd = OrganizationFactory(code="44-UBND", name="UBND tỉnh Quảng Trị", area=province)
    department = OrganizationFactory(
        code="44-SDTTG",
        name="Sở Dân tộc và Tôn giáo tỉnh Quảng Trị",
        kind="so_nganh",
        area=province,
        parent=ubnd,
    )
    OrganizationFactory(
        code="44-MTTQ", name="Ủy ban MTTQ Việt Nam tỉnh Quảng Trị", kind="mttq", area=province
    )
    officer = UserFactory(username="canbo-tinh", full_name="Trần Thị Hạnh")
    MembershipFactory(user=officer, organization=ubnd, role=Role.OFFICER)
    lead_officer = UserFactory(username="canbo-so", full_name="Hồ Văn Kiên")
    MembershipFactory(user=lead_officer, organization=department, role=Role.OFFICER)
    return World(lead_name=str(department.name))


@pytest.fixture
def lead_page(browser: Any) -> Iterator[Any]:
    """The lead unit officer's own browser context (own session)."""
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_directive_obligation_becomes_task_finished_by_lead_unit(
    page: Any, lead_page: Any, live_server: Any, world: World, tmp_path: Path
) -> None:
    base = live_server.url
    today = timezone.localdate()
    due = today + dt.timedelta(days=45)
    scan = tmp_path / "chi-thi-05.pdf"
    scan.write_bytes(PDF)

    # 1. The province officer registers the directive with its file.
    login(page, base, "canbo-tinh", PASSWORD)
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/van-ban/")
    page.get_by_role("link", name="Vào sổ văn bản").click()
    page.get_by_role("heading", name="Vào sổ văn bản").wait_for()
    assert axe_serious_violations(page) == []
    page.get_by_label("Đơn vị quản lý").select_option(label="UBND tỉnh Quảng Trị")
    page.get_by_label("Loại văn bản").select_option(label="Chỉ thị")
    page.get_by_label("Số, ký hiệu").fill(REFERENCE)
    page.get_by_label("Ngày ban hành").fill(today.isoformat())
    page.get_by_label("Cơ quan ban hành").fill("Ủy ban nhân dân tỉnh Quảng Trị")
    page.get_by_label("Trích yếu").fill(TITLE)
    page.get_by_label("Tệp văn bản").set_input_files(str(scan))
    page.get_by_role("button", name="Vào sổ").click()

    page.wait_for_url(re.compile(r".*/van-ban/\d+/$"))
    document_url = page.url
    assert page.get_by_role("heading", level=1).inner_text() == f"Chỉ thị {REFERENCE}"
    assert "chi-thi-05.pdf" in page.locator("#document-files").inner_text()
    assert axe_serious_violations(page) == []

    # 2. The obligation the directive creates, for the department with the Front supporting.
    form = page.locator("#add-obligation")
    form.locator("summary").click()
    form.get_by_label("Nội dung nhiệm vụ").fill(DUTY)
    form.get_by_label("Đơn vị chủ trì").select_option(label=world.lead_name)
    form.get_by_label("Hạn hoàn thành").fill(due.isoformat())
    form.get_by_label("Đơn vị phối hợp 1", exact=True).select_option(
        label="Ủy ban MTTQ Việt Nam tỉnh Quảng Trị"
    )
    form.get_by_label("Phần việc của đơn vị phối hợp 1").fill("mời người có uy tín dự")
    form.get_by_role("button", name="Giao nhiệm vụ").click()
    row = page.locator("#obligations tbody tr").filter(has_text=DUTY)
    row.wait_for()
    assert "Chưa bắt đầu" in row.inner_text()
    assert "Ủy ban MTTQ Việt Nam tỉnh Quảng Trị (mời người có uy tín dự)" in row.inner_text()
    assert "Đã hoàn thành 0/1 nhiệm vụ" in page.locator("#completion").inner_text()

    # 3. The department's officer finds the task, reports progress and completes it.
    lead = lead_page
    login(lead, base, "canbo-so", PASSWORD)
    lead.wait_for_url(f"{base}/")
    lead.goto(f"{base}/nhiem-vu/")
    lead.get_by_role("link", name=DUTY).first.click()
    lead.wait_for_url(re.compile(r".*/nhiem-vu/\d+/$"))
    assert lead.get_by_role("heading", level=1).inner_text() == DUTY
    assert axe_serious_violations(lead) == []
    updates = lead.locator("#cap-nhat")
    progress = updates.locator("details").filter(
        has=lead.locator("summary", has_text="Cập nhật tiến độ")
    )
    if progress.get_attribute("open") is None:
        progress.locator("summary").click()
    progress.get_by_label("Tiến độ (%)", exact=True).fill("60")
    progress.get_by_label("Ghi chú", exact=True).fill(
        "Đã mời 12 người có uy tín, chuẩn bị hội trường."
    )
    progress.get_by_role("button", name="Lưu tiến độ").click()
    lead.locator("#task-status").filter(has_text="Đang thực hiện").wait_for()

    complete = lead.locator("#cap-nhat details").filter(
        has=lead.locator("summary", has_text="Hoàn thành nhiệm vụ")
    )
    complete.locator("summary").click()
    complete.get_by_label("Kết quả", exact=True).fill(
        "Đã tổ chức đối thoại với 12 người có uy tín."
    )
    complete.get_by_role("button", name="Xác nhận hoàn thành").click()
    lead.locator("#task-status").filter(has_text="Đã hoàn thành").wait_for()

    # The task's related record leads back to the directive (the lead unit may read it).
    lead.locator("#task-target").click()
    lead.wait_for_url(re.compile(r".*/van-ban/\d+/.*"))
    assert lead.get_by_role("heading", level=1).inner_text() == f"Chỉ thị {REFERENCE}"

    # 4. The directive's page shows the obligation done.
    page.goto(document_url)
    row = page.locator("#obligations tbody tr").filter(has_text=DUTY)
    assert "Đã hoàn thành" in row.inner_text()
    assert "100%" in row.inner_text()
    assert "Đã hoàn thành 1/1 nhiệm vụ (100%)" in page.locator("#completion").inner_text()
    assert axe_serious_violations(page) == []


def test_leader_prefills_and_issues_programme_plan(
    page: Any, live_server: Any, world: World
) -> None:
    """A programme's page, next year's plan pre-filled from the parties' duties, issued: every
    page passes axe."""
    import datetime as dt

    from danvan.coordination import services
    from danvan.coordination.inputs import DutyInput, ProgrammeInput
    from danvan.core.models import Organization

    btgdv: Organization = OrganizationFactory(  # type: ignore[assignment]
        code="44-BTGDV",
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy Quảng Trị",
        kind="ban_tgdv",
        area=Organization.objects.get(code="44-UBND").area,
    )
    ca: Organization = OrganizationFactory(  # type: ignore[assignment]
        code="44-CA", name="Công an tỉnh Quảng Trị", kind="cong_an", area=btgdv.area
    )
    leader = UserFactory(username="lanhdao-dv", full_name="Nguyễn Thị Lan")
    MembershipFactory(user=leader, organization=btgdv, role=Role.LEADER)
    programme = services.programme_create(
        actor=leader,
        data=ProgrammeInput(
            title="Chương trình phối hợp thực hiện công tác dân vận giai đoạn 2025–2030",
            reference="01-CTr/BTGDV-CA",
            organization_id=btgdv.pk,
            starts_on=dt.date(2025, 8, 15),
            signed_on=dt.date(2025, 8, 15),
            party_ids=[btgdv.pk, ca.pk],
            lead_ids=[btgdv.pk, ca.pk],
            duties=[DutyInput(ca.pk, "Báo cáo kết quả phối hợp 6 tháng, năm", "half_yearly")],
        ),
    )
    base = live_server.url
    login(page, base, "lanhdao-dv", PASSWORD)
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/chuong-trinh-phoi-hop/")
    page.get_by_role("link", name=programme.title).click()
    page.get_by_role("heading", level=1, name=programme.title).wait_for()
    assert axe_serious_violations(page) == []
    page.locator("summary", has_text="Lập kế hoạch năm từ trách nhiệm các bên").click()
    page.get_by_label("Năm kế hoạch").fill(str(timezone.localdate().year + 1))
    page.get_by_role("button", name="Lập dự thảo kế hoạch").click()
    page.wait_for_url(re.compile(r".*/ke-hoach/\d+/$"))
    assert page.locator("#plan-status").inner_text() == "Dự thảo"
    assert page.locator("#items tbody tr").count() == 2
    assert axe_serious_violations(page) == []
    page.get_by_role("button", name="Ban hành kế hoạch").click()
    page.locator("#plan-status").filter(has_text="Đã ban hành").wait_for()
    assert "Đã hoàn thành 0/2 nhiệm vụ" in page.locator("#completion").inner_text()
    assert "Chưa bắt đầu" in page.locator("#items").inner_text()
    assert axe_serious_violations(page) == []
    page.goto(f"{base}/ke-hoach/")
    assert axe_serious_violations(page) == []
    page.goto(f"{base}/van-ban/")
    assert axe_serious_violations(page) == []
