"""In a real browser: a citizen comments on an article of an open draft and gets a code; an
officer publishes the comment, answers it (tiếp thu), closes the consultation and publishes the
synthesis; the citizen looks the code up and reads the response. Every page passes axe."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from danvan.consultations.models import Comment, Draft
from tests.consultations.conftest import World, article
from tests.consultations.conftest import opened as opened
from tests.consultations.conftest import prepared as prepared
from tests.consultations.conftest import world as world
from tests.e2e.conftest import axe_serious_violations, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-thu-123"


def test_citizen_comments_and_reads_the_response(
    page: object, live_server: object, world: World, opened: Callable[..., Draft]
) -> None:
    p: object = page
    draft = opened()
    base = live_server.url  # type: ignore[attr-defined]
    section = article(draft, "3")

    # The citizen, no account.
    p.goto(f"{base}/cong-dan/gop-y/")  # type: ignore[attr-defined]
    assert axe_serious_violations(p) == []
    p.get_by_role("link", name=draft.title).click()  # type: ignore[attr-defined]
    assert axe_serious_violations(p) == []
    box = p.locator(f"#gop-y-{section.pk}")  # type: ignore[attr-defined]
    box.locator("summary").click()
    box.get_by_label("Ý kiến của bạn").fill("Đề nghị nâng mức hỗ trợ xây mới lên 50 triệu đồng/hộ.")
    box.get_by_label("Họ và tên").fill("Trần Thị Mai")
    box.get_by_label("Xã, phường nơi bạn cư trú").select_option(label=world.commune_a.full_name)
    box.get_by_label("Tôi đồng ý", exact=False).check()
    box.get_by_role("button", name="Gửi góp ý").click()
    code = p.locator("#tracking-code code").inner_text()  # type: ignore[attr-defined]
    assert axe_serious_violations(p) == []
    comment = Comment.objects.get(tracking_code=code)
    assert comment.section_id == section.pk and comment.status == "pending"

    # The officer: moderation, the response, closing, the synthesis.
    login(p, base, "canbo.gialai", PASSWORD)
    for path in (
        "/gop-y-du-thao/",
        "/gop-y-du-thao/moi/",
        f"/gop-y-du-thao/{draft.pk}/",
        f"/gop-y-du-thao/{draft.pk}/sua/",
        f"/gop-y-du-thao/{draft.pk}/y-kien/",
    ):
        p.goto(f"{base}{path}")  # type: ignore[attr-defined]
        assert axe_serious_violations(p) == [], path
    p.goto(f"{base}/gop-y-du-thao/cho-duyet/")  # type: ignore[attr-defined]
    assert axe_serious_violations(p) == []
    p.locator(f"#publish-{comment.pk}").click()  # type: ignore[attr-defined]
    p.get_by_text("Đã duyệt, công khai ý kiến.").wait_for()  # type: ignore[attr-defined]
    p.goto(f"{base}/gop-y-du-thao/{draft.pk}/nhom/")  # type: ignore[attr-defined]
    assert axe_serious_violations(p) == []
    p.goto(f"{base}/gop-y-du-thao/{draft.pk}/tra-loi/")  # type: ignore[attr-defined]
    assert axe_serious_violations(p) == []
    card = p.locator(f"#c{comment.pk}")  # type: ignore[attr-defined]
    card.get_by_label("Tiếp thu", exact=True).check()
    card.get_by_label("Nội dung tiếp thu, giải trình").fill(
        "Tiếp thu: nâng mức hỗ trợ xây mới nhà ở."
    )
    card.get_by_label("Nội dung dự thảo đã sửa (khi tiếp thu)").fill(
        "Điều 3 khoản 1: 50 triệu đồng/hộ."
    )
    card.get_by_role("button", name="Lưu").click()
    p.get_by_text("Đã lưu nội dung tiếp thu.").wait_for()  # type: ignore[attr-defined]
    p.goto(f"{base}/gop-y-du-thao/{draft.pk}/")  # type: ignore[attr-defined]
    move = p.locator("#move-closed")  # type: ignore[attr-defined]
    move.locator("summary").click()
    move.get_by_role("button", name="Xác nhận: Kết thúc lấy ý kiến").click()
    p.locator("#draft-status", has_text="Đã hết hạn góp ý").wait_for()  # type: ignore[attr-defined]
    synthesis = p.locator("#cong-bo-tong-hop")  # type: ignore[attr-defined]
    synthesis.locator("summary").click()
    synthesis.get_by_label("Người ký", exact=True).fill("Rơ Mah H'Linh")
    synthesis.get_by_role("button", name="Xác nhận: Công bố báo cáo tổng hợp").click()
    p.locator("#draft-status", has_text="Đã công bố tổng hợp").wait_for()  # type: ignore[attr-defined]
    assert axe_serious_violations(p) == []
    p.goto(f"{base}/gop-y-du-thao/{draft.pk}/thong-ke/")  # type: ignore[attr-defined]
    assert axe_serious_violations(p) == []
    assert Draft.objects.get(pk=draft.pk).synthesis_number.startswith("01/BC-")

    # The citizen looks the code up.
    p.goto(f"{base}/cong-dan/gop-y/tra-cuu/")  # type: ignore[attr-defined]
    assert axe_serious_violations(p) == []
    p.get_by_label("Mã tra cứu").fill(code)  # type: ignore[attr-defined]
    p.get_by_role("button", name="Tra cứu").click()  # type: ignore[attr-defined]
    p.locator("#response-kind", has_text="Tiếp thu").wait_for()  # type: ignore[attr-defined]
    assert "nâng mức hỗ trợ xây mới" in p.locator("#response-text").inner_text()  # type: ignore[attr-defined]
    assert axe_serious_violations(p) == []
    p.goto(f"{base}/cong-dan/gop-y/{draft.pk}/")  # type: ignore[attr-defined]
    assert "Điều 3 khoản 1: 50 triệu đồng/hộ." in p.content()  # type: ignore[attr-defined]
    assert "Trần Thị Mai" not in p.content()  # type: ignore[attr-defined]
