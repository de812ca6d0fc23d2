"""The public status behind a tracking code, and the citizen's rating."""

from __future__ import annotations

import pytest
from django.test import Client

from danvan.core.errors import Conflict, NotFound, ValidationFailed
from danvan.petitions.services.portal import (
    petition_portal_rate,
    petition_public_status,
    tracking_code_normalise,
)
from tests.petitions.conftest import World
from tests.portal.helpers import ANSWER, answer_and_close, move, submit

pytestmark = pytest.mark.django_db
TRACK = "/cong-dan/tra-cuu/"


def test_status_follows_the_case_from_inbox_to_answer(world: World) -> None:
    petition = submit()
    status = petition_public_status(tracking_code=petition.tracking_code)
    assert status.status == "submitted"
    assert status.organization == "UBND xã An"
    assert status.kind_label == "Phản ánh"
    assert [s.label for s in status.steps] == ["Đơn được gửi qua Cổng công dân"]
    # The legal deadline of triage, with its source.
    assert [d.label for d in status.deadlines] == ["Xem xét, phân loại và xử lý đơn"]
    assert status.deadlines[0].due is not None and status.deadlines[0].citation
    assert status.can_rate is False

    petition = answer_and_close(petition, world.officer_a, close=False)
    status = petition_public_status(tracking_code=petition.tracking_code)
    assert status.status == "answered"
    assert status.public_answer == ANSWER
    labels = [s.label for s in status.steps]
    assert "Cán bộ tiếp nhận đơn" in labels
    assert "Đơn đã được xem xét, phân loại: trả lời người gửi" in labels
    assert "Cơ quan trả lời trên Cổng công dân" in labels
    assert status.can_rate is True  # answered: the citizen may rate before the case closes

    move(petition, world.officer_a, "closed")
    status = petition_public_status(tracking_code=petition.tracking_code)
    assert status.status == "closed" and status.can_rate is True
    assert status.deadlines == []


def test_code_is_read_however_it_is_typed(world: World) -> None:
    petition = submit()
    raw = petition.tracking_code.replace("-", "").lower()
    assert tracking_code_normalise(f"  {raw[:6]} {raw[6:]} ") == petition.tracking_code
    assert petition_public_status(tracking_code=raw).tracking_code == petition.tracking_code


@pytest.mark.parametrize("code", ["", "ABCD", "ABCD-EFGH-JKMN", "<script>", "x" * 40, "1' OR 1=1"])
def test_any_wrong_code_gets_the_same_answer(world: World, client: Client, code: str) -> None:
    submit()
    with pytest.raises(NotFound) as error:
        petition_public_status(tracking_code=code)
    reference = "Không tìm thấy đơn với mã tra cứu này. Kiểm tra lại mã trên giấy biên nhận."
    assert error.value.message == reference
    if code:
        response = client.post(TRACK, {"code": code})
        assert response.status_code == 404
        assert reference in response.content.decode()


def test_rating_is_given_once_after_the_outcome(world: World) -> None:
    petition = submit()
    with pytest.raises(ValidationFailed):
        petition_portal_rate(tracking_code=petition.tracking_code, satisfaction="satisfied")
    petition = answer_and_close(petition, world.officer_a)
    petition_portal_rate(
        tracking_code=petition.tracking_code, satisfaction="partly", note="Sửa chậm."
    )
    petition.refresh_from_db()
    assert (petition.satisfaction, petition.satisfaction_channel) == ("partly", "portal")
    assert petition.satisfaction_note == "Sửa chậm."
    with pytest.raises(Conflict) as error:
        petition_portal_rate(tracking_code=petition.tracking_code, satisfaction="satisfied")
    assert error.value.code == "already_rated"
    petition.refresh_from_db()
    assert petition.satisfaction == "partly"
    status = petition_public_status(tracking_code=petition.tracking_code)
    assert status.rated is True and status.can_rate is False
    assert status.rating_label == "Hài lòng một phần"


def test_rating_page_flow(world: World, client: Client) -> None:
    petition = answer_and_close(submit(), world.officer_a)
    page = client.post(TRACK, {"code": petition.tracking_code})
    body = page.content.decode()
    assert page.status_code == 200
    assert ANSWER in body and "Đánh giá kết quả" in body
    rated = client.post(
        "/cong-dan/tra-cuu/danh-gia/",
        {"code": petition.tracking_code, "satisfaction": "satisfied", "note": ""},
    )
    assert rated.status_code == 200
    assert "Cảm ơn bạn đã đánh giá" in rated.content.decode()
    again = client.post(
        "/cong-dan/tra-cuu/danh-gia/",
        {"code": petition.tracking_code, "satisfaction": "unsatisfied"},
    )
    assert again.status_code == 409
    assert "chỉ đánh giá một lần" in again.content.decode()
    petition.refresh_from_db()
    assert petition.satisfaction == "satisfied"
