"""In a real browser: a Front officer records a supervision with a recommendation to the
commune People's Committee; the commune officer answers it; the board page shows the answer.
Every boards page passes axe."""

from __future__ import annotations

import pytest
from django.utils import timezone

from danvan.boards.models import Recommendation
from tests.boards.conftest import World, inspection_board
from tests.boards.conftest import world as world
from tests.e2e.conftest import axe_serious_violations, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-thu-123"


def test_front_records_a_recommendation_and_the_commune_answers(
    page: object, live_server: object, world: World
) -> None:
    p: object = page
    board = inspection_board(world)
    base = live_server.url  # type: ignore[attr-defined]
    login(p, base, "mattran.a", PASSWORD)
    p.goto(f"{base}/ban-giam-sat/")  # type: ignore[attr-defined]
    assert axe_serious_violations(p) == []
    p.get_by_role("link", name=board.name).click()  # type: ignore[attr-defined]
    assert axe_serious_violations(p) == []
    p.get_by_role("link", name="Ghi kết quả giám sát").click()  # type: ignore[attr-defined]
    assert axe_serious_violations(p) == []
    p.get_by_label("Ngày giám sát").fill(timezone.localdate().isoformat())  # type: ignore[attr-defined]
    p.get_by_label("Đối tượng giám sát (cơ quan, công trình)").fill("Bộ phận một cửa")  # type: ignore[attr-defined]
    p.get_by_label("Nội dung giám sát", exact=True).fill("Kiểm tra niêm yết thủ tục.")  # type: ignore[attr-defined]
    p.get_by_label("Gửi kiến nghị đến").select_option(label=world.ubnd_a.name)  # type: ignore[attr-defined]
    p.get_by_label("Nội dung kiến nghị").fill("Đề nghị niêm yết đủ thủ tục hành chính.")  # type: ignore[attr-defined]
    p.get_by_role("button", name="Lưu").click()  # type: ignore[attr-defined]
    p.get_by_text("Đã ghi kết quả giám sát.").wait_for()  # type: ignore[attr-defined]
    rec = Recommendation.objects.get(board=board)
    assert rec.addressee_id == world.ubnd_a.pk

    p.context.clear_cookies()  # type: ignore[attr-defined]
    login(p, base, "canbo.a", PASSWORD)
    p.goto(f"{base}/ban-giam-sat/{board.pk}/")  # type: ignore[attr-defined]
    box = p.locator(f"#kn-{rec.pk}")  # type: ignore[attr-defined]
    box.get_by_text("Ghi nội dung trả lời").click()
    box.get_by_label("Nội dung trả lời").fill("Đã niêm yết bổ sung 12 thủ tục.")
    box.get_by_label("Người ký trả lời (họ tên, chức vụ)").fill("Hồ Văn Kiên, Chủ tịch UBND xã")
    box.get_by_role("button", name="Lưu trả lời").click()
    p.get_by_text("Đã ghi nội dung trả lời kiến nghị.").wait_for()  # type: ignore[attr-defined]
    p.locator(f"#kn-{rec.pk}-status", has_text="Đã trả lời").wait_for()  # type: ignore[attr-defined]
    p.locator(f"#kn-{rec.pk} .answer", has_text="Đã niêm yết bổ sung 12 thủ tục.").wait_for()  # type: ignore[attr-defined]
    assert axe_serious_violations(p) == []

    p.context.clear_cookies()  # type: ignore[attr-defined]
    login(p, base, "mattran.a", PASSWORD)
    for path in (
        f"/ban-giam-sat/{board.pk}/",
        "/ban-giam-sat/thong-ke/",
        "/ban-giam-sat/moi/",
        f"/ban-giam-sat/{board.pk}/sua/",
    ):
        p.goto(f"{base}{path}")  # type: ignore[attr-defined]
        assert axe_serious_violations(p) == [], path
