"""The staff pages: login required, scoped, writes only for officers and leaders, clear errors."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from danvan.core.models import Role
from danvan.reception.inputs import SessionTransitionInput
from danvan.reception.models import ReceptionEntry, ReceptionSession
from danvan.reception.services import entry_register, session_create, session_transition
from tests.factories import MembershipFactory, UserFactory
from tests.petitions.conftest import World
from tests.reception.conftest import DAY, entry_input, session_input


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "name", ["reception:sessions", "reception:entries", "reception:duty", "reception:entry_create"]
)
def test_staff_pages_need_login(world: World, name: str) -> None:
    response = Client().get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("core:login"))


def test_officer_plans_a_session_through_the_form(world: World) -> None:
    client = client_for(world.officer_a)
    response = client.post(
        reverse("reception:session_create"),
        {
            "organization_id": world.commune_a_org.pk,
            "kind": "scheduled",
            "date": "02/03/2026",
            "start_time": "07:30",
            "place_kind": "hq",
            "host_kind": "head",
            "host_name": "Trần Văn Chủ",
            "host_position": "Chủ tịch UBND xã An",
        },
    )
    session = ReceptionSession.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reception:session_detail", args=[session.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Công khai lịch tiếp công dân" in page  # the deadline with its explanation
    assert "23/02/2026" in page


def test_missing_host_is_shown_next_to_the_field_in_vietnamese(world: World) -> None:
    response = client_for(world.officer_a).post(
        reverse("reception:session_create"),
        {
            "organization_id": world.commune_a_org.pk,
            "kind": "extraordinary",
            "date": "02/03/2026",
            "place_kind": "hq",
            "host_kind": "head",
        },
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "Nhập họ tên người chủ trì buổi tiếp." in html
    assert "Buổi tiếp đột xuất: ghi rõ lý do" in html
    assert not ReceptionSession.objects.exists()


def test_publish_move_and_conflict_from_the_page(world: World) -> None:
    session = session_create(actor=world.officer_a, data=session_input(world))
    client = client_for(world.officer_a)
    url = reverse("reception:session_move", args=[session.pk, "published"])

    ok = client.post(url, {"expected_version": 1, "on": "20/02/2026"})
    stale = client.post(url, {"expected_version": 1, "on": "20/02/2026"})

    assert ok.status_code == 302
    session.refresh_from_db()
    assert session.status == "published"
    assert stale.status_code in (409, 422)


def test_viewer_reads_but_gets_no_write_buttons_and_cannot_post(world: World) -> None:
    session = session_create(actor=world.officer_a, data=session_input(world))
    client = client_for(world.viewer)
    page = client.get(reverse("reception:session_detail", args=[session.pk]))
    assert page.status_code == 200
    assert "Bước tiếp theo" not in page.content.decode()
    response = client.post(
        reverse("reception:session_move", args=[session.pk, "published"]), {"expected_version": 1}
    )
    assert response.status_code == 403
    assert client.get(reverse("reception:session_create")).status_code == 403


def test_other_commune_gets_404_for_a_session_and_an_entry(world: World) -> None:
    session = session_create(actor=world.officer_a, data=session_input(world))
    entry = entry_register(actor=world.officer_a, data=entry_input())
    client = client_for(world.officer_b)
    assert client.get(reverse("reception:session_detail", args=[session.pk])).status_code == 404
    assert client.get(reverse("reception:entry_detail", args=[entry.pk])).status_code == 404
    listing = client.get(reverse("reception:entries")).content.decode()
    assert entry.number not in listing


def test_register_form_creates_entry_and_petition(world: World) -> None:
    client = client_for(world.officer_a)
    response = client.post(
        reverse("reception:entry_create"),
        {
            "organization_id": world.commune_a_org.pk,
            "received_on": "02/03/2026",
            "visitor_name": "Nguyễn Thị Mai",
            "visitor_id_number": "044185001234",
            "visitor_count": 1,
            "content": "Khiếu nại việc thu hồi đất vườn không bồi thường thỏa đáng.",
            "outcome": "received",
            "petition_mode": "new",
            "petition_kind": "complaint",
            "area_code": "19001",
            "topic": "dat_dai",
        },
    )
    entry = ReceptionEntry.objects.get()
    assert response.status_code == 302
    assert entry.petition is not None and entry.petition.channel == "in_person"
    page = client.get(response["Location"]).content.decode()
    assert "044185001234" in page  # the handler sees the ID number
    assert "Ghi nhận trả lời công dân" in page


def test_crowd_rule_error_is_shown_on_the_form(world: World) -> None:
    response = client_for(world.officer_a).post(
        reverse("reception:entry_create"),
        {
            "organization_id": world.commune_a_org.pk,
            "received_on": "02/03/2026",
            "visitor_name": "Nguyễn Văn A",
            "visitor_count": 7,
            "rep2_name": "Nguyễn Văn B",
            "rep3_name": "Nguyễn Văn C",
            "content": "Kiến nghị sửa chữa đường liên thôn bị sạt lở sau mưa lũ.",
            "outcome": "received",
            "petition_mode": "new",
            "petition_kind": "proposal",
            "area_code": "19001",
        },
    )
    assert response.status_code == 422
    assert "1 hoặc 2 người đại diện" in response.content.decode()
    assert not ReceptionEntry.objects.exists()


def test_viewer_sees_the_name_but_not_id_phone_address(world: World) -> None:
    entry = entry_register(actor=world.officer_a, data=entry_input())
    page = client_for(world.viewer).get(reverse("reception:entry_detail", args=[entry.pk]))
    html = page.content.decode()
    assert "Nguyễn Thị Mai" in html
    assert "044185001234" not in html and "0912345678" not in html
    assert page["Cache-Control"].startswith("private")


def test_register_search_by_name_without_diacritics(world: World) -> None:
    entry = entry_register(actor=world.officer_a, data=entry_input())
    client = client_for(world.leader)
    found = client.get(reverse("reception:entries"), {"q": "nguyen thi mai"}).content.decode()
    missed = client.get(reverse("reception:entries"), {"q": "tran van"}).content.decode()
    assert entry.number in found and entry.number not in missed


def test_reply_is_recorded_from_the_entry_page(world: World) -> None:
    entry = entry_register(actor=world.officer_a, data=entry_input())
    response = client_for(world.officer_a).post(
        reverse("reception:entry_reply", args=[entry.pk]),
        {"expected_version": entry.version, "replied_on": "09/03/2026", "method": "written"},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.replied_on == dt.date(2026, 3, 9)


def test_conclusion_page_issues_a_downloadable_docx(world: World) -> None:
    session = session_create(actor=world.officer_a, data=session_input(world, kind="daily"))
    session_transition(
        session=session,
        actor=world.officer_a,
        data=SessionTransitionInput(to="held", expected_version=1),
    )
    entry = entry_register(actor=world.officer_a, data=entry_input(session_id=session.pk))
    client = client_for(world.officer_a)
    response = client.post(
        reverse("reception:session_conclusion", args=[session.pk]),
        {f"conclusion_{entry.pk}": "Giao kiểm tra, báo cáo", "general": ""},
    )
    assert response.status_code == 302
    document = session.documents.get()  # type: ignore[attr-defined]
    download = client.get(reverse("reception:document", args=[document.pk]))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        client_for(world.officer_b)
        .get(reverse("reception:document", args=[document.pk]))
        .status_code
        == 404
    )


def test_duty_page_lists_the_commune_behind(world: World) -> None:
    response = client_for(world.leader).get(
        reverse("reception:duty"), {"start": "02/03/2026", "end": "15/03/2026"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "UBND xã An" in html and "Tuần 10/2026" in html


@pytest.mark.parametrize("query", ["?start=01/01/0001&end=31/12/9999", "?start=31/12/9999"])
def test_duty_page_answers_extreme_dates(world: World, query: str) -> None:
    response = client_for(world.leader).get(reverse("reception:duty") + query)
    assert response.status_code == 200


@pytest.mark.parametrize("role", [Role.FRONT, Role.ADMINISTRATOR])
def test_front_and_administrators_do_not_read_the_register(world: World, role: str) -> None:
    entry = entry_register(actor=world.officer_a, data=entry_input())
    user = UserFactory()
    MembershipFactory(user=user, organization=world.commune_a_org, role=role)
    assert (
        client_for(user).get(reverse("reception:entry_detail", args=[entry.pk])).status_code == 404
    )


def test_session_list_groups_by_month(world: World) -> None:
    session_create(actor=world.officer_a, data=session_input(world))
    session_create(
        actor=world.officer_a, data=session_input(world, date=DAY + dt.timedelta(days=31))
    )
    html = client_for(world.officer_a).get(reverse("reception:sessions")).content.decode()
    assert "Tháng 3/2026" in html and "Tháng 4/2026" in html
