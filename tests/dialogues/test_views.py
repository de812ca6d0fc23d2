"""The dialogue pages: list with the panel, scheduling (prefilled from a complaint), the page,
moves, commitments through the page, minutes download."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document

from danvan.dialogues.models import Dialogue, Participant
from danvan.petitions.models import Petition
from tests.dialogues.conftest import days, today
from tests.petitions.conftest import World

pytestmark = pytest.mark.django_db


def login(client: Client, user: object) -> Client:
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_pages_need_a_login(client: Client) -> None:
    r = client.get(reverse("dialogues:list"))
    assert r.status_code == 302 and r["Location"].startswith("/dang-nhap/")


def test_the_list_shows_the_panel_with_a_prefilled_scheduling_button(
    client: Client, world: World, accepted_complaint: Callable[..., Petition]
) -> None:
    petition = accepted_complaint(round_=2)
    login(client, world.officer_a)
    page = client.get(reverse("dialogues:list")).content.decode()
    assert "Khiếu nại lần hai cần tổ chức đối thoại" in page
    assert petition.case_number in page
    link = f"{reverse('dialogues:create')}?kind=complaint&amp;petition={petition.pk}"
    assert link in page
    form = client.get(f"{reverse('dialogues:create')}?kind=complaint&petition={petition.pk}")
    html = form.content.decode()
    assert form.status_code == 200
    assert f'value="{petition.pk}"' in html and petition.case_number in html
    assert 'value="luat_kn_2011_d39"' in html and "checked" in html


def test_scheduling_through_the_page_then_recording_the_notice(
    client: Client, world: World
) -> None:
    login(client, world.officer_a)
    r = client.post(
        reverse("dialogues:create"),
        {
            "kind": "leader",
            "organization": world.commune_a_org.pk,
            "audience": "youth",
            "topic": "Bí thư Đảng ủy đối thoại với thanh niên",
            "date": days(20).isoformat(),
            "start_time": "14:00",
            "place": "Nhà văn hóa xã",
            "chair_name": "Hồ Văn Kiên",
            "chair_position": "Bí thư Đảng ủy xã",
            "legal_bases": ["qd_11_qdi_tw_2019"],
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    d = Dialogue.objects.get()
    assert d.legal_bases == ["qd_11_qdi_tw_2019"]
    page = client.get(r["Location"]).content.decode()
    assert "gửi chậm nhất ngày" in page and "Ghi nhận đã gửi thông báo" in page
    late = client.post(
        reverse("dialogues:move", kwargs={"pk": d.pk, "to": "notified"}),
        {"mv-notified-expected_version": d.version, "mv-notified-notice_on": days(17).isoformat()},
    )
    assert late.status_code == 422
    assert "quá muộn" in late.content.decode() or "sau hôm nay" in late.content.decode()
    ok = client.post(
        reverse("dialogues:move", kwargs={"pk": d.pk, "to": "notified"}),
        {"mv-notified-expected_version": d.version, "mv-notified-notice_on": today().isoformat()},
    )
    assert ok.status_code == 302
    d.refresh_from_db()
    assert d.status == "notified" and d.notice_on == today()


def test_a_missing_field_is_shown_on_the_form(client: Client, world: World) -> None:
    login(client, world.officer_a)
    r = client.post(reverse("dialogues:create"), {"kind": "leader"})
    assert r.status_code == 400
    assert Dialogue.objects.count() == 0


def test_commitments_are_added_updated_and_completed_on_the_dialogue_page(
    client: Client, world: World, held_dialogue: Dialogue
) -> None:
    login(client, world.officer_a)
    url = reverse("dialogues:detail", kwargs={"pk": held_dialogue.pk})
    page = client.get(url).content.decode()
    assert "Thêm cam kết" in page and "Ghi ý kiến phát biểu" in page
    r = client.post(
        reverse("dialogues:commitment_add", kwargs={"pk": held_dialogue.pk}),
        {
            "cm-title": "Sửa cầu tràn thôn Đông",
            "cm-made_by": "Chủ tịch UBND xã",
            "cm-organization": world.commune_a_org.pk,
            "cm-due": days(15).isoformat(),
        },
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    commitment = held_dialogue.commitments.get()
    task = commitment.task
    r = client.post(
        reverse(
            "dialogues:commitment_progress", kwargs={"pk": held_dialogue.pk, "cpk": commitment.pk}
        ),
        {f"pg-{commitment.pk}-expected_version": task.version, f"pg-{commitment.pk}-progress": 40},
    )
    assert r.status_code == 302
    task.refresh_from_db()
    assert task.progress == 40
    r = client.post(
        reverse(
            "dialogues:commitment_complete", kwargs={"pk": held_dialogue.pk, "cpk": commitment.pk}
        ),
        {f"cp-{commitment.pk}-expected_version": task.version - 1},
    )
    assert r.status_code == 409
    r = client.post(
        reverse(
            "dialogues:commitment_complete", kwargs={"pk": held_dialogue.pk, "cpk": commitment.pk}
        ),
        {f"cp-{commitment.pk}-expected_version": task.version},
    )
    assert r.status_code == 302
    task.refresh_from_db()
    assert task.status == "done"
    page = client.get(url).content.decode()
    assert "Sửa cầu tràn thôn Đông" in page and "100%" in page


def test_signing_and_minutes_download_through_the_pages(
    client: Client, world: World, held_dialogue: Dialogue
) -> None:
    login(client, world.officer_a)
    pk = held_dialogue.pk
    citizen = Participant.objects.get(dialogue=held_dialogue, role="citizen")
    r = client.post(
        reverse("dialogues:participant_sign", kwargs={"pk": pk, "ppk": citizen.pk}),
        {f"sg-{citizen.pk}-signature": "refused", f"sg-{citizen.pk}-refusal_reason": ""},
    )
    assert r.status_code == 422 and "lý do" in r.content.decode()
    draft = client.get(reverse("dialogues:minutes_draft", kwargs={"pk": pk}))
    assert draft.status_code == 200
    text = "\n".join(
        p.text for p in Document(io.BytesIO(b"".join(draft.streaming_content))).paragraphs
    )
    assert "BIÊN BẢN ĐỐI THOẠI" in text and "DỰ THẢO" in text
    assert client.get(reverse("dialogues:minutes", kwargs={"pk": pk})).status_code == 404


def test_a_viewer_sees_the_page_without_actions_and_cannot_post(
    client: Client, world: World, held_dialogue: Dialogue
) -> None:
    login(client, world.viewer)
    page = client.get(reverse("dialogues:detail", kwargs={"pk": held_dialogue.pk})).content.decode()
    assert "Bạn chỉ có quyền xem" in page and "Thêm cam kết" not in page
    r = client.post(
        reverse("dialogues:agenda_add", kwargs={"pk": held_dialogue.pk}), {"ag-title": "X"}
    )
    assert r.status_code == 403
    login(client, world.officer_b)
    assert (
        client.get(reverse("dialogues:detail", kwargs={"pk": held_dialogue.pk})).status_code == 404
    )
