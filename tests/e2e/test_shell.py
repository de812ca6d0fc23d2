"""A person opens danvan in a browser, logs in and finds their way around."""

from __future__ import annotations

from typing import Any

import pytest

from danvan.core.models import Role
from tests.e2e.conftest import axe_serious_violations, login
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-thu-123"


@pytest.fixture
def officer() -> Any:
    org = OrganizationFactory(name="Ủy ban nhân dân tỉnh Quảng Trị", code="44-UBND")
    user = UserFactory(username="canbo", full_name="Lê Văn Bình")
    MembershipFactory(user=user, organization=org, role=Role.OFFICER)
    return user


def test_officer_logs_in_and_sees_home_with_scope(
    page: Any, live_server: Any, officer: Any
) -> None:
    login(page, live_server.url, "canbo", PASSWORD)
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Xin chào")
    assert "Lê Văn Bình" in page.locator("header").inner_text()
    assert "Ủy ban nhân dân tỉnh Quảng Trị" in page.locator("main").inner_text()
    assert page.get_by_role("navigation", name="Điều hướng chính").is_visible()


def test_wrong_password_shows_vietnamese_error(page: Any, live_server: Any, officer: Any) -> None:
    login(page, live_server.url, "canbo", "sai-mat-khau")
    assert "/dang-nhap/" in page.url
    assert "không đúng" in page.locator("main").inner_text()


def test_anonymous_visitor_is_sent_to_login(page: Any, live_server: Any) -> None:
    page.goto(f"{live_server.url}/")
    assert "/dang-nhap/" in page.url


@pytest.mark.parametrize("path", ["/dang-nhap/"])
def test_public_pages_have_no_serious_accessibility_violation(
    page: Any, live_server: Any, path: str
) -> None:
    page.goto(f"{live_server.url}{path}")
    assert axe_serious_violations(page) == []


@pytest.mark.parametrize("path", ["/", "/don-vi-hanh-chinh/", "/co-quan/", "/lich/"])
def test_main_pages_have_no_serious_accessibility_violation(
    page: Any, live_server: Any, officer: Any, path: str
) -> None:
    login(page, live_server.url, "canbo", PASSWORD)
    page.wait_for_url(f"{live_server.url}/")
    response = page.goto(f"{live_server.url}{path}")
    assert response is not None and response.status == 200
    assert axe_serious_violations(page) == []


def test_layout_fits_a_phone_screen(browser: Any, live_server: Any, officer: Any) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="vi-VN")
    page = context.new_page()
    login(page, live_server.url, "canbo", PASSWORD)
    page.wait_for_url(f"{live_server.url}/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    context.close()
    assert overflow <= 0


def test_inspector_runs_an_integrity_check_from_the_menu(page: Any, live_server: Any) -> None:
    org = OrganizationFactory(name="Thanh tra tỉnh Quảng Trị", code="44-TTRA", kind="thanh_tra")
    inspector = UserFactory(username="thanhtra", full_name="Phạm Minh Đức")
    MembershipFactory(user=inspector, organization=org, role=Role.INSPECTOR)
    login(page, live_server.url, "thanhtra", PASSWORD)
    page.wait_for_url(f"{live_server.url}/")

    page.get_by_role("link", name="Kiểm tra toàn vẹn nhật ký").click()
    page.get_by_role("button", name="Kiểm tra ngay").click()

    # The tests run tasks immediately (conftest); in the demo the worker does it within seconds.
    page.wait_for_function(
        "!document.querySelector('#verifications').innerText.includes('Đang chờ')"
    )
    assert "Nguyên vẹn" in page.locator("#verifications").inner_text()
    assert axe_serious_violations(page) == []
