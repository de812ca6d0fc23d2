"""The tracking page and API show nothing private: no person, no officer, no internal note,
no vault, nothing of another case.

A canary denouncer and a canary petitioner go through the portal and the whole handling
(assignment, internal notes, a transfer to another organisation); then every public answer for
their codes is searched for the canaries. The positive control shows the canaries are really
in the database and on the officer's page.
"""

from __future__ import annotations

import pytest
from django.test import Client

from danvan.petitions.models import Petition
from danvan.petitions.services import petition_assign
from danvan.text import fold
from tests.petitions.conftest import World
from tests.portal.helpers import answer_and_close, move, submit

CANARY_NAME = "Phạm Thị Canari Nguyệt"
CANARY_ID = "036199004217"
CANARY_PHONE = "0987654321"
CANARY_ADDRESS = "Tổ dân phố Chim Hoàng Yến"
CANARY_NOTE = "GHI-CHU-NOI-BO-KIWI"
OTHER_CASE = "Nội dung của hồ sơ khác tuyệt mật Chim Cánh Cụt"
NEEDLES = [CANARY_NAME, CANARY_ID, CANARY_PHONE, CANARY_ADDRESS, CANARY_NOTE, OTHER_CASE]


def leaks(text: str) -> list[str]:
    folded = fold(text)
    found = []
    for needle in NEEDLES:
        if needle in text or fold(needle) in folded:
            found.append(needle)
    return found


@pytest.mark.django_db
def test_public_status_never_shows_anything_private(world: World) -> None:
    named = submit(
        name=CANARY_NAME, id_number=CANARY_ID, phone=CANARY_PHONE, address=CANARY_ADDRESS
    )
    denunciation = submit(
        kind="denunciation",
        name=CANARY_NAME,
        id_number=CANARY_ID,
        phone=CANARY_PHONE,
        address=CANARY_ADDRESS,
        respondent="Cán bộ địa chính",
        content="Tố cáo cán bộ địa chính nhận tiền để hợp thức hóa đất lấn chiếm ở thôn Đông.",
    )
    other = submit(content=OTHER_CASE + " cần xử lý gấp.")
    # Officers work on the cases: an assignee with a name, internal notes, a transfer.
    petition_assign(
        petition=named,
        actor=world.officer_a,
        assignee=world.officer_a,
        expected_version=named.version,
    )
    answer_and_close(named, world.officer_a)
    from danvan.petitions.services import petition_inbox_acknowledge

    petition_inbox_acknowledge(petition=denunciation, actor=world.officer_a)
    move(
        denunciation,
        world.officer_a,
        "triaged",
        outcome="transfer",
        transfer_to=world.commune_b_org.code,
        reason=CANARY_NOTE,
    )
    assert Petition.objects.filter(transferred_from=denunciation).exists()

    client = Client()
    pages: dict[str, str] = {}
    for petition in (named, denunciation):
        code = petition.tracking_code
        pages[f"page {code}"] = client.post("/cong-dan/tra-cuu/", {"code": code}).content.decode()
        pages[f"api {code}"] = client.get(f"/api/v1/portal/submissions/{code}").content.decode()
    for where, text in pages.items():
        assert leaks(text) == [], where
        assert "Canbo.A" not in text and "canbo.a" not in text, where  # the officer
    # What the citizen should see is there.
    assert "UBND xã An" in pages[f"page {named.tracking_code}"]
    assert "chuyển đến cơ quan có thẩm quyền" in pages[f"page {denunciation.tracking_code}"]
    # Positive control: the canaries are real, the officer's page shows the petitioner.
    officer = Client()
    officer.force_login(world.officer_a)
    staff_page = officer.get(f"/don-thu/{named.pk}/").content.decode()
    assert CANARY_NAME in staff_page
    assert other.content.startswith(OTHER_CASE)
