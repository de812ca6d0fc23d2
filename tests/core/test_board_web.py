"""The overdue board page /han-xu-ly/ and GET /api/v1/obligations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from danvan.core.selectors.scope import shared_scopes_clear
from tests.core.test_board_support import (
    BoardWorld,
    add_obligation,
    board_world,
    fast_password_hashing,
)

__all__ = ["board_world", "fast_password_hashing"]

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.test_board_support")]

API = "/api/v1/obligations"


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@pytest.fixture
def cases(board_world: BoardWorld) -> BoardWorld:
    w = board_world
    add_obligation(
        w.org_a,
        days(-5),
        title="Giải quyết khiếu nại về đất",
        kind="task",
        assignee=w.officer_a,
        rule_id="complaint.first.resolve",
        target_label="Đơn 12/2026",
    )
    add_obligation(w.org_a, days(0), title="Phân loại đơn hôm nay", assignee=w.officer_a)
    add_obligation(w.org_a, days(40), title="Báo cáo kết quả", assignee=w.leader_a)
    add_obligation(w.org_b, days(-2), title="Việc của xã Hòa Bình", assignee=w.officer_b)
    return w


def test_anonymous_visitor_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(reverse("core:board"))

    assert response.status_code == 302


def test_officer_sees_their_communes_obligations_with_days_left(
    client: Client, cases: BoardWorld
) -> None:
    client.force_login(cases.officer_a)

    response = client.get(reverse("core:board"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Giải quyết khiếu nại về đất" in body
    assert "quá hạn 5 ngày" in body
    assert "đến hạn hôm nay" in body
    assert "còn 40 ngày" in body
    assert days(-5).strftime("%d/%m/%Y") in body
    assert "complaint.first.resolve" in body
    assert "Đơn 12/2026" in body
    assert "Nhiệm vụ" in body  # the kind's label, not its code
    assert "Quá hạn" in body and "Sắp đến hạn" in body and "Trong hạn" in body
    assert "Việc của xã Hòa Bình" not in body
    assert "Ai đang chậm" not in body  # an officer is not shown who is late


def test_most_urgent_row_comes_first_on_the_page(client: Client, cases: BoardWorld) -> None:
    client.force_login(cases.officer_a)

    body = client.get(reverse("core:board")).content.decode()

    assert (
        body.index("Giải quyết khiếu nại")
        < body.index("Phân loại đơn")
        < body.index("Báo cáo kết quả")
    )


def test_leader_sees_who_is_late(client: Client, cases: BoardWorld) -> None:
    client.force_login(cases.leader_a)

    body = client.get(reverse("core:board")).content.decode()

    assert "Ai đang chậm" in body
    assert "Canbo A" in body
    assert "Việc của xã Hòa Bình" not in body


def test_htmx_filter_returns_only_the_results(client: Client, cases: BoardWorld) -> None:
    client.force_login(cases.officer_a)

    response = client.get(reverse("core:board"), {"rag": "red"}, HTTP_HX_REQUEST="true")

    body = response.content.decode()
    assert "Giải quyết khiếu nại về đất" in body
    assert "Phân loại đơn hôm nay" not in body
    assert "<form" not in body and "<html" not in body


def test_unknown_area_code_is_shown_on_the_filter(client: Client, cases: BoardWorld) -> None:
    client.force_login(cases.officer_a)

    response = client.get(reverse("core:board"), {"area": "99999"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "Không có đơn vị hành chính mã «99999»" in body
    assert "Giải quyết khiếu nại về đất" not in body


def test_api_lists_the_callers_obligations_as_json(client: Client, cases: BoardWorld) -> None:
    client.force_login(cases.officer_a)

    response = client.get(API)

    data = response.json()
    assert response.status_code == 200
    assert (data["count"], data["page"], data["page_size"]) == (3, 1, 50)
    first = data["items"][0]
    assert first["title"] == "Giải quyết khiếu nại về đất"
    assert first["rag"] == "red" and first["days_left"] == -5
    assert first["due"] == days(-5).isoformat()
    assert first["kind_label"] == "Nhiệm vụ"
    assert first["organization"]["code"] == "42001-UBND"
    assert first["assignee"]["username"] == "canbo.a"
    assert [item["rag"] for item in data["items"]] == ["red", "amber", "green"]


def test_api_filters_by_traffic_light_and_assignee(client: Client, cases: BoardWorld) -> None:
    client.force_login(cases.province_leader)

    red = client.get(API, {"rag": "red"}).json()
    mine = client.get(API, {"assignee": str(cases.leader_a.pk)}).json()

    assert [i["title"] for i in red["items"]] == [
        "Giải quyết khiếu nại về đất",
        "Việc của xã Hòa Bình",
    ]
    assert [i["title"] for i in mine["items"]] == ["Báo cáo kết quả"]


def test_api_refuses_a_bad_filter_with_the_field(client: Client, cases: BoardWorld) -> None:
    client.force_login(cases.officer_a)

    response = client.get(API, {"area": "99999"})

    assert response.status_code == 422
    assert "area" in response.json()["error"]["fields"]


def test_api_needs_authentication(client: Client) -> None:
    assert client.get(API).status_code == 401


def test_htmx_filter_error_is_shown_in_the_results(client: Client, cases: BoardWorld) -> None:
    client.force_login(cases.officer_a)

    response = client.get(reverse("core:board"), {"area": "99999"}, HTTP_HX_REQUEST="true")

    body = response.content.decode()
    assert "Mã địa bàn" in body and "Không có đơn vị hành chính mã «99999»" in body


def test_page_query_count_does_not_grow_with_rows(client: Client, board_world: BoardWorld) -> None:
    w = board_world
    client.force_login(w.leader_a)

    def page_queries() -> int:
        shared_scopes_clear()  # both counts include computing the scope
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("core:board")).status_code == 200
        return len(captured.captured_queries)

    for _i in range(5):
        add_obligation(w.org_a, days(-3), assignee=w.officer_a, area=w.commune_a)
    few = page_queries()
    for _i in range(55):
        add_obligation(w.org_a, days(1), assignee=w.leader_a, area=w.commune_a)
    many = page_queries()

    assert few == many


def test_the_board_is_the_same_with_its_lines_written_by_the_file(
    client: Client, cases: BoardWorld, settings: object
) -> None:
    """The board's lines come from danvan/core/board_rows.py; with the plain template loaders
    (the file core/_board_row.html rendering each line) the page is the same."""
    import re

    from django.template import engines

    from danvan.core.template_python import PythonTemplate

    client.force_login(cases.leader_a)
    assert isinstance(engines["django"].engine.get_template("core/_board_row.html"), PythonTemplate)
    fast = client.get(reverse("core:board"))
    plain = dict(settings.TEMPLATES[0])  # type: ignore[attr-defined]
    plain["OPTIONS"] = {**plain["OPTIONS"], "loaders": plain["OPTIONS"]["loaders"][0][2]}
    settings.TEMPLATES = [plain]  # type: ignore[attr-defined]
    slow = client.get(reverse("core:board"))

    def without_tokens(html: bytes) -> str:
        return re.sub(r"\b[A-Za-z0-9]{64}\b", "TOKEN", html.decode())

    assert fast.status_code == slow.status_code == 200
    assert without_tokens(fast.content) == without_tokens(slow.content)
    assert without_tokens(fast.content).count('class="rag-row') >= 3
