"""In a real browser: the commune officer records the residents' money and an expenditure on a
project in progress; the public page shows the new totals and the balance. Every project page
passes axe (serious/critical)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from danvan.projects.models import Contribution, Expenditure, Project
from tests.e2e.conftest import axe_serious_violations, login
from tests.projects.conftest import PASSWORD, World, money
from tests.projects.conftest import make_project as make_project
from tests.projects.conftest import world as world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_officer_records_money_and_the_public_page_shows_the_balance(
    page: object,
    live_server: object,
    world: World,
    make_project: Callable[..., Project],
) -> None:
    p: object = page
    project = make_project(status="in_progress")
    money(project, world.officer_a, 900_000_000)
    base = live_server.url  # type: ignore[attr-defined]
    login(p, base, "canbo.dakrong", PASSWORD)
    p.goto(f"{base}/cung-lam/")  # type: ignore[attr-defined]
    assert axe_serious_violations(p) == []
    p.get_by_role("link", name=project.name).click()  # type: ignore[attr-defined]
    assert axe_serious_violations(p) == []

    box = p.locator("#ghi-dong-gop")  # type: ignore[attr-defined]
    box.locator("summary").click()
    box.get_by_label("Nguồn đóng góp").select_option("residents")
    box.get_by_label("Người, đơn vị đóng góp").fill("Các hộ thôn Khe Ngài")
    box.get_by_label("Hình thức").select_option("money")
    box.get_by_label("Số lượng").fill("120.000.000")
    box.get_by_role("button", name="Ghi đóng góp").click()
    p.get_by_text("Đã ghi khoản đóng góp.").wait_for()  # type: ignore[attr-defined]
    assert Contribution.objects.filter(project=project).count() == 2

    box = p.locator("#ghi-chi")  # type: ignore[attr-defined]
    box.locator("summary").click()
    box.get_by_label("Nội dung chi").fill("Tạm ứng hợp đồng thi công")
    box.get_by_label("Số tiền (đồng)").fill("650.000.000")
    box.get_by_label("Số chứng từ").fill("PC 08")
    box.get_by_role("button", name="Ghi chi").click()
    p.get_by_text("Đã ghi khoản chi.").wait_for()  # type: ignore[attr-defined]
    assert Expenditure.objects.filter(project=project).count() == 1
    balance = p.locator("#balance")  # type: ignore[attr-defined]
    # 900.000.000 + 120.000.000 − 650.000.000
    assert balance.inner_text().strip() == "370.000.000 đ"
    assert axe_serious_violations(p) == []

    p.goto(f"{base}/cong-dan/cung-lam/{project.pk}/")  # type: ignore[attr-defined]
    assert p.locator("#money-received").inner_text().strip() == "1.020.000.000 đ"  # type: ignore[attr-defined]
    assert p.locator("#money-spent").inner_text().strip() == "650.000.000 đ"  # type: ignore[attr-defined]
    assert p.locator("#balance").inner_text().strip() == "370.000.000 đ"  # type: ignore[attr-defined]
    assert "Tạm ứng hợp đồng thi công" in p.locator("#khoan-chi").inner_text()  # type: ignore[attr-defined]
    # residents: 120.000.000 of 1.020.000.000 received = 11,8%
    assert "(11,8%)" in p.locator("#residents-share").inner_text()  # type: ignore[attr-defined]
    assert axe_serious_violations(p) == []
    for path in (
        "/cong-dan/cung-lam/",
        "/cung-lam/thong-ke/",
        "/cung-lam/moi/",
        f"/cung-lam/{project.pk}/sua/",
    ):
        p.goto(f"{base}{path}")  # type: ignore[attr-defined]
        assert axe_serious_violations(p) == [], path
