"""The petition pages: list, intake, case page and its moves, inbox, downloads, the vault."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from danvan.core.models import AuditEvent
from danvan.petitions.inputs import PersonInput
from danvan.petitions.models import IdentityGrant, Petition, PetitionAttachment
from danvan.petitions.states import Status
from tests.petitions.conftest import World
from tests.petitions.test_views_support import URLS, move, register, resolve, signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLS)]

D = dt.date
CANARY_NAME = "Trần Thị Canary Bảo Mật"
CANARY_ID = "079199012345"


def intake_post(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "complaint",
        "channel": "in_person",
        "received_on": "02/03/2026",
        "area_code": "19001",
        "topic": "dat_dai",
        "content": "Khiếu nại việc thu hồi đất nông nghiệp của gia đình tôi tại thôn Đông.",
        "complaint_round": "1",
        "person-TOTAL_FORMS": "1",
        "person-INITIAL_FORMS": "0",
        "person-MIN_NUM_FORMS": "0",
        "person-MAX_NUM_FORMS": "1000",
        "person-0-full_name": "Nguyễn Văn Hùng",
        "person-0-id_number": "044085001234",
        "person-0-address": "Thôn Đông, xã An",
        "person-0-phone": "0912345678",
    }
    data.update(overrides)
    return data


# --- Access and scope ----------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_sign_in(client: Client, world: World) -> None:
    response = client.get(reverse("petitions:list"))

    assert response.status_code == 302
    assert "/dang-nhap/" in response["Location"]


def test_commune_a_officer_gets_404_on_commune_b_case(client: Client, world: World) -> None:
    other = register(world.officer_b, area_code="19002")
    signed_in(client, world.officer_a)

    assert client.get(reverse("petitions:detail", kwargs={"pk": other.pk})).status_code == 404
    move_url = reverse("petitions:move", kwargs={"pk": other.pk, "to": "triaged"})
    assert client.post(move_url, {"mv-triaged-expected_version": 1}).status_code == 404


def test_commune_a_officer_lists_only_commune_a_cases(client: Client, world: World) -> None:
    mine = register(world.officer_a)
    other = register(world.officer_b, area_code="19002")
    signed_in(client, world.officer_a)

    body = client.get(reverse("petitions:list")).content.decode()

    assert mine.case_number in body
    assert other.case_number not in body


# --- List ----------------------------------------------------------------------------------


def _list_queries(client: Client, rows: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("petitions:list"))
    assert response.status_code == 200
    assert response.content.decode().count('name="ids"') == rows
    return len(ctx.captured_queries)


def test_list_page_runs_the_same_number_of_queries_for_3_and_30_rows(
    client: Client, world: World, django_assert_num_queries: Any
) -> None:
    signed_in(client, world.officer_a)
    for _ in range(3):
        register(world.officer_a)
    client.get(reverse("petitions:list"))  # warm the session
    few = _list_queries(client, 3)
    for _ in range(27):
        register(world.officer_a)

    with django_assert_num_queries(few):
        response = client.get(reverse("petitions:list"))

    assert response.content.decode().count('name="ids"') == 30


def test_list_search_finds_by_folded_words_and_filters_by_status(
    client: Client, world: World
) -> None:
    land = register(world.officer_a)
    wages = register(
        world.officer_a,
        content="Công ty nợ lương công nhân ba tháng, đề nghị giải quyết quyền lợi.",
        topic="lao_dong",
    )
    signed_in(client, world.officer_a)

    body = client.get(reverse("petitions:list"), {"q": "no luong"}).content.decode()
    assert wages.case_number in body and land.case_number not in body

    move(land, world.officer_a, "triaged", D(2026, 3, 3), outcome="accept")
    body = client.get(reverse("petitions:list"), {"status": "triaged"}).content.decode()
    assert land.case_number in body and wages.case_number not in body


def test_htmx_filter_returns_only_the_results_fragment(client: Client, world: World) -> None:
    register(world.officer_a)
    signed_in(client, world.officer_a)

    response = client.get(
        reverse("petitions:list"),
        {"kind": "complaint"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="petition-results",
    )

    body = response.content.decode()
    assert "petition-table" in body
    assert "<h1>" not in body


def test_officer_assigns_several_cases_at_once(client: Client, world: World) -> None:
    first = register(world.officer_a)
    second = register(world.officer_a)
    signed_in(client, world.officer_a)

    response = client.post(
        reverse("petitions:bulk_assign"),
        {"ids": [first.pk, second.pk], "assignee": world.officer_a.pk, "next": "/don-thu/"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/don-thu/"
    assert set(Petition.objects.values_list("assignee_id", flat=True)) == {world.officer_a.pk}


def test_bulk_assignment_of_a_case_outside_scope_changes_nothing(
    client: Client, world: World
) -> None:
    mine = register(world.officer_a)
    other = register(world.officer_b, area_code="19002")
    signed_in(client, world.officer_a)

    client.post(
        reverse("petitions:bulk_assign"),
        {"ids": [mine.pk, other.pk], "assignee": world.officer_a.pk},
    )

    assert list(Petition.objects.exclude(assignee=None)) == []


# --- Intake --------------------------------------------------------------------------------


def test_intake_form_focuses_the_kind_and_defaults_to_today_and_in_person(
    client: Client, world: World
) -> None:
    signed_in(client, world.officer_a)

    body = client.get(reverse("petitions:intake")).content.decode()

    assert re.search(r'<input type="radio" name="kind" value="complaint"[^>]*autofocus', body)
    assert 'accesskey="t"' in body
    assert '<option value="in_person" selected>' in body
    from django.utils import timezone

    assert f'value="{timezone.localdate():%d/%m/%Y}"' in body
    assert "data-ctrl-enter" in body


def test_officer_registers_a_complaint_and_sees_case_number_and_tracking_code(
    client: Client, world: World
) -> None:
    signed_in(client, world.officer_a)
    upload = io.BytesIO(b"%PDF-1.4 test scan")
    upload.name = "don-khieu-nai.pdf"

    response = client.post(
        reverse("petitions:intake"),
        intake_post(attachments=upload, attachments_original="on"),
        follow=True,
    )

    petition = Petition.objects.get()
    assert response.redirect_chain[-1][0] == reverse("petitions:detail", kwargs={"pk": petition.pk})
    body = response.content.decode()
    assert f"Đã vào sổ đơn số {petition.case_number}" in body
    assert petition.tracking_code in body
    assert petition.petitioners.get().full_name == "Nguyễn Văn Hùng"
    attachment = PetitionAttachment.objects.get()
    assert attachment.is_original and attachment.original_name == "don-khieu-nai.pdf"
    assert client.session["petitions.last_channel"] == "in_person"


def test_intake_remembers_the_last_channel_used(client: Client, world: World) -> None:
    signed_in(client, world.officer_a)
    client.post(
        reverse("petitions:intake"),
        intake_post(channel="forwarded_mttq", forwarder="Ủy ban MTTQ xã An"),
    )

    body = client.get(reverse("petitions:intake")).content.decode()

    assert '<option value="forwarded_mttq" selected>' in body


def test_intake_errors_are_shown_next_to_fields_in_vietnamese_and_nothing_is_saved(
    client: Client, world: World
) -> None:
    signed_in(client, world.officer_a)

    response = client.post(
        reverse("petitions:intake"),
        intake_post(area_code="99999"),
    )

    assert response.status_code == 422
    body = response.content.decode()
    field = body[body.index('name="area_code"') :]
    assert "Không có đơn vị hành chính mã «99999»" in field[:1500]
    assert Petition.objects.count() == 0


def test_intake_person_errors_land_on_the_petitioner_row(client: Client, world: World) -> None:
    signed_in(client, world.officer_a)

    response = client.post(reverse("petitions:intake"), intake_post(**{"person-0-id_number": "12"}))

    body = response.content.decode()
    assert response.status_code == 422
    row = body[body.index('name="person-0-id_number"') :]
    assert "Số định danh cá nhân gồm 12 chữ số" in row[:600]
    assert Petition.objects.count() == 0


def test_intake_without_kind_or_content_is_refused_by_the_form(
    client: Client, world: World
) -> None:
    signed_in(client, world.officer_a)

    response = client.post(reverse("petitions:intake"), intake_post(kind="", content=""))

    body = response.content.decode()
    assert response.status_code == 400
    assert "Chọn loại đơn" in body
    assert "Nhập nội dung đơn." in body
    assert Petition.objects.count() == 0


def test_intake_marks_the_new_case_as_duplicate_of_a_chosen_one(
    client: Client, world: World
) -> None:
    first = register(world.officer_a)
    signed_in(client, world.officer_a)

    client.post(reverse("petitions:intake"), intake_post(duplicate_of_id=str(first.pk)))

    assert Petition.objects.exclude(pk=first.pk).get().duplicate_of_id == first.pk


def test_duplicate_suggestions_show_a_similar_case_with_a_mark_button(
    client: Client, world: World
) -> None:
    first = register(world.officer_a)
    signed_in(client, world.officer_a)

    response = client.post(
        reverse("petitions:duplicates"),
        {
            "content": first.content,
            "area_code": "19001",
            "person-0-full_name": "Nguyễn Văn Hùng",
        },
        HTTP_HX_REQUEST="true",
    )

    body = response.content.decode()
    assert "Có thể trùng với" in body
    assert first.case_number in body
    assert f'data-id="{first.pk}"' in body


def test_area_lookup_returns_datalist_options(client: Client, world: World) -> None:
    signed_in(client, world.officer_a)

    body = client.get(reverse("petitions:area_options"), {"area_code": "xa an"}).content.decode()

    assert '<option value="19001">' in body


# --- Case page and moves -------------------------------------------------------------------


def test_case_page_offers_only_the_legal_moves(client: Client, world: World) -> None:
    petition = register(world.officer_a)
    signed_in(client, world.officer_a)

    body = client.get(reverse("petitions:detail", kwargs={"pk": petition.pk})).content.decode()

    assert "/chuyen-buoc/triaged/" in body
    assert "/chuyen-buoc/withdrawn/" in body
    for illegal in ("accepted", "verifying", "resolved", "closed", "suspended"):
        assert f"/chuyen-buoc/{illegal}/" not in body
    assert f'name="mv-triaged-expected_version" value="{petition.version}"' in body


def test_viewer_sees_the_case_but_no_move(client: Client, world: World) -> None:
    petition = register(world.officer)
    signed_in(client, world.viewer)

    response = client.get(reverse("petitions:detail", kwargs={"pk": petition.pk}))

    assert response.status_code == 200
    assert "/chuyen-buoc/" not in response.content.decode()


def test_officer_triages_a_case_by_post_and_sees_the_new_state(
    client: Client, world: World
) -> None:
    petition = register(world.officer_a)
    signed_in(client, world.officer_a)
    url = reverse("petitions:move", kwargs={"pk": petition.pk, "to": "triaged"})

    response = client.post(
        url,
        {
            "mv-triaged-to": "triaged",
            "mv-triaged-expected_version": petition.version,
            "mv-triaged-on": "03/03/2026",
            "mv-triaged-outcome": "accept",
            "mv-triaged-reason": "Đủ điều kiện thụ lý.",
        },
        follow=True,
    )

    petition.refresh_from_db()
    assert petition.status == Status.TRIAGED
    assert petition.triage_outcome == "accept"
    body = response.content.decode()
    assert "Đã xử lý đơn" in body
    assert "/chuyen-buoc/accepted/" in body


def test_move_with_missing_fields_shows_them_on_the_open_form(client: Client, world: World) -> None:
    petition = register(world.officer_a)
    move(petition, world.officer_a, "triaged", D(2026, 3, 3), outcome="accept")
    move(petition, world.officer_a, "accepted", D(2026, 3, 4))
    signed_in(client, world.officer_a)
    petition.refresh_from_db()

    response = client.post(
        reverse("petitions:move", kwargs={"pk": petition.pk, "to": "resolved"}),
        {
            "mv-resolved-to": "resolved",
            "mv-resolved-expected_version": petition.version,
            "mv-resolved-reason": "Ban hành quyết định",
            "mv-resolved-decision_number": "",
            "mv-resolved-result_summary": "",
        },
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert '<details class="move" open id="move-resolved">' in body
    petition.refresh_from_db()
    assert petition.status == Status.ACCEPTED


def test_stale_version_gets_409_with_the_conflict_message_and_current_state(
    client: Client, world: World
) -> None:
    petition = register(world.officer_a)
    stale_version = petition.version
    move(petition, world.officer, "triaged", D(2026, 3, 3), outcome="accept")
    signed_in(client, world.officer_a)

    response = client.post(
        reverse("petitions:move", kwargs={"pk": petition.pk, "to": "withdrawn"}),
        {
            "mv-withdrawn-to": "withdrawn",
            "mv-withdrawn-expected_version": stale_version,
            "mv-withdrawn-reason": "Công dân rút đơn",
        },
    )

    assert response.status_code == 409
    body = response.content.decode()
    assert "Hồ sơ vừa được người khác cập nhật" in body
    assert "Đã xử lý đơn" in body  # the current state, reloaded
    petition.refresh_from_db()
    assert petition.status == Status.TRIAGED


def test_case_page_shows_deadlines_with_rule_and_explanation(client: Client, world: World) -> None:
    petition = register(world.officer_a)
    signed_in(client, world.officer_a)

    body = client.get(reverse("petitions:detail", kwargs={"pk": petition.pk})).content.decode()

    assert "petition.triage" in body
    assert "Cách tính" in body
    assert "16/03/2026" in body
    assert "rag-red" in body or "rag-amber" in body or "rag-green" in body


def test_officer_assigns_the_case_from_the_case_page(client: Client, world: World) -> None:
    petition = register(world.officer_a)
    signed_in(client, world.officer_a)

    response = client.post(
        reverse("petitions:assign", kwargs={"pk": petition.pk}),
        {"assign-expected_version": petition.version, "assign-assignee": world.officer_a.pk},
    )

    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.assignee == world.officer_a


# --- Documents and attachments -------------------------------------------------------------


def test_document_download_needs_the_case_in_scope(client: Client, world: World) -> None:
    petition = register(world.officer_a)
    document = petition.documents.get()
    url = reverse("petitions:document", kwargs={"pk": petition.pk, "doc_pk": document.pk})

    response = signed_in(client, world.officer_a).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content)[:2] == b"PK"  # a DOCX is a zip

    other = Client()
    other.force_login(world.officer_b)
    assert other.get(url).status_code == 404


def test_document_of_another_case_is_not_served_through_a_visible_case(
    client: Client, world: World
) -> None:
    mine = register(world.officer_a)
    theirs = register(world.officer_b, area_code="19002")
    url = reverse("petitions:document", kwargs={"pk": mine.pk, "doc_pk": theirs.documents.get().pk})

    assert signed_in(client, world.officer_a).get(url).status_code == 404


def test_attachment_download_needs_the_case_in_scope(client: Client, world: World) -> None:
    from danvan.petitions.inputs import FileInput
    from danvan.petitions.services import petition_attachment_add

    petition = register(world.officer_a)
    attachment = petition_attachment_add(
        petition=petition,
        actor=world.officer_a,
        file=FileInput(name="bien-ban.pdf", data=b"%PDF-1.4 x"),
    )
    url = reverse("petitions:attachment", kwargs={"pk": petition.pk, "att_pk": attachment.pk})

    response = signed_in(client, world.officer_a).get(url)
    assert response.status_code == 200
    assert 'filename="bien-ban.pdf"' in response["Content-Disposition"]

    other = Client()
    other.force_login(world.officer_b)
    assert other.get(url).status_code == 404


# --- Inbox ---------------------------------------------------------------------------------


def test_transferred_case_lands_in_the_receiver_inbox_and_is_taken_in(
    client: Client, world: World
) -> None:
    petition = register(world.officer_a)
    move(
        petition,
        world.officer_a,
        "triaged",
        D(2026, 3, 3),
        outcome="transfer",
        transfer_to=world.commune_b_org.code,
    )
    received = Petition.objects.get(organization=world.commune_b_org)
    signed_in(client, world.officer_b)

    body = client.get(reverse("petitions:inbox")).content.decode()
    assert received.case_number in body

    response = client.post(reverse("petitions:inbox_take", kwargs={"pk": received.pk}))
    assert response.status_code == 302
    received.refresh_from_db()
    assert received.inbox_pending is False
    take_url = reverse("petitions:inbox_take", kwargs={"pk": received.pk})
    assert take_url not in client.get(reverse("petitions:inbox")).content.decode()


# --- Vault ---------------------------------------------------------------------------------


def _denunciation(world: World) -> Petition:
    return register(
        world.officer,
        kind="denunciation",
        content="Tố cáo cán bộ địa chính xã An nhận tiền để hợp thức hóa đất lấn chiếm.",
        respondent="Cán bộ địa chính xã An",
        topic="can_bo",
        petitioners=[PersonInput(full_name=CANARY_NAME, id_number=CANARY_ID)],
    )


def test_denouncer_name_is_never_rendered_without_a_reveal(client: Client, world: World) -> None:
    petition = _denunciation(world)
    signed_in(client, world.leader)

    pages = [
        client.get(reverse("petitions:detail", kwargs={"pk": petition.pk})),
        client.get(reverse("petitions:list")),
        client.get(reverse("petitions:list"), {"q": "Canary"}),
    ]

    for response in pages:
        body = response.content.decode()
        assert CANARY_NAME not in body and CANARY_ID not in body
    detail = pages[0].content.decode()
    assert f"Người tố cáo #{petition.pseudonym}" in detail
    assert "Cấp quyền xem danh tính" in detail  # the leader may grant
    assert "identity_reveal" not in detail and "/danh-tinh/" not in detail  # but has no grant


def test_granted_officer_reveals_the_identity_with_a_reason_and_it_is_audited(
    client: Client, world: World
) -> None:
    petition = _denunciation(world)
    leader = Client()
    leader.force_login(world.leader)
    response = leader.post(
        reverse("petitions:identity_grant", kwargs={"pk": petition.pk}),
        {
            "grant-user": world.officer.pk,
            "grant-reason": "Cần liên hệ xác minh bổ sung",
            "grant-days": 7,
        },
    )
    assert response.status_code == 302
    assert IdentityGrant.objects.filter(petition=petition, user=world.officer).exists()
    signed_in(client, world.officer)

    page = client.get(reverse("petitions:detail", kwargs={"pk": petition.pk})).content.decode()
    assert "/danh-tinh/" in page and CANARY_NAME not in page

    short = client.post(
        reverse("petitions:identity_reveal", kwargs={"pk": petition.pk}), {"reveal-reason": "x"}
    )
    assert short.status_code == 400 and CANARY_NAME not in short.content.decode()

    revealed = client.post(
        reverse("petitions:identity_reveal", kwargs={"pk": petition.pk}),
        {"reveal-reason": "Gọi điện xác minh nội dung tố cáo"},
    )
    assert revealed.status_code == 200
    assert CANARY_NAME in revealed.content.decode()
    assert "no-store" in revealed["Cache-Control"]
    assert AuditEvent.objects.filter(
        verb="petition.identity_reveal", target_id=str(petition.pk)
    ).exists()


def test_officer_without_grant_cannot_reveal(client: Client, world: World) -> None:
    petition = _denunciation(world)
    signed_in(client, world.officer)

    response = client.post(
        reverse("petitions:identity_reveal", kwargs={"pk": petition.pk}),
        {"reveal-reason": "Muốn xem người tố cáo là ai"},
    )

    assert response.status_code == 403
    assert CANARY_NAME not in response.content.decode()


# --- More case actions ---------------------------------------------------------------------


def test_move_from_a_stale_page_that_is_no_longer_legal_is_a_conflict(
    client: Client, world: World
) -> None:
    petition = register(world.officer_a)
    stale_version = petition.version
    move(petition, world.officer, "withdrawn", D(2026, 3, 3))
    signed_in(client, world.officer_a)

    response = client.post(
        reverse("petitions:move", kwargs={"pk": petition.pk, "to": "triaged"}),
        {
            "mv-triaged-to": "triaged",
            "mv-triaged-expected_version": stale_version,
            "mv-triaged-outcome": "accept",
            "mv-triaged-reason": "Đủ điều kiện",
        },
    )

    assert response.status_code == 409
    assert "Hồ sơ vừa được người khác cập nhật" in response.content.decode()
    petition.refresh_from_db()
    assert petition.status == Status.WITHDRAWN


def test_intake_registers_every_petitioner_row(client: Client, world: World) -> None:
    signed_in(client, world.officer_a)

    client.post(
        reverse("petitions:intake"),
        intake_post(
            **{
                "person-TOTAL_FORMS": "3",
                "person-1-full_name": "Lê Thị Mai",
                "person-1-is_representative": "on",
                "person-2-full_name": "",
                "signer_count": "6",
            }
        ),
    )

    petition = Petition.objects.get()
    assert [p.full_name for p in petition.petitioners.all()] == ["Nguyễn Văn Hùng", "Lê Thị Mai"]
    assert petition.petitioners.get(full_name="Lê Thị Mai").is_representative
    assert petition.signer_count == 6


def test_officer_records_a_complexity_extension_and_sees_it(client: Client, world: World) -> None:
    petition = register(world.officer_a)
    move(petition, world.officer_a, "triaged", D(2026, 3, 3), outcome="accept")
    move(petition, world.officer_a, "accepted", D(2026, 3, 4))
    petition.refresh_from_db()
    signed_in(client, world.officer_a)

    response = client.post(
        reverse("petitions:extend", kwargs={"pk": petition.pk}),
        {
            "ext-expected_version": petition.version,
            "ext-kind": "complex",
            "ext-decision_number": "20/QĐ-UBND",
            "ext-decided_on": "05/03/2026",
            "ext-reason": "Vụ việc có nhiều tình tiết phức tạp",
        },
        follow=True,
    )

    body = response.content.decode()
    assert "Đã ghi quyết định gia hạn" in body
    assert "20/QĐ-UBND" in body
    assert petition.extensions.count() == 1


def test_officer_adds_a_coordinating_agency_with_its_part_and_due_date(
    client: Client, world: World
) -> None:
    from django.utils import timezone

    due = timezone.localdate() + dt.timedelta(days=10)
    petition = register(world.officer)
    signed_in(client, world.officer)

    response = client.post(
        reverse("petitions:agency", kwargs={"pk": petition.pk}),
        {
            "agency-organization": world.commune_a_org.code,
            "agency-role": "coordinating",
            "agency-part": "Cung cấp hồ sơ địa chính",
            "agency-due": f"{due:%d/%m/%Y}",
        },
        follow=True,
    )

    body = response.content.decode()
    assert "UBND xã An" in body and "Cung cấp hồ sơ địa chính" in body
    agency = petition.agencies.get()
    assert agency.due == due


def test_unknown_agency_code_is_shown_on_the_form(client: Client, world: World) -> None:
    petition = register(world.officer)
    signed_in(client, world.officer)

    response = client.post(
        reverse("petitions:agency", kwargs={"pk": petition.pk}),
        {"agency-organization": "KHONG-CO", "agency-role": "coordinating"},
    )

    assert response.status_code == 422
    assert "Không có cơ quan mã «KHONG-CO»" in response.content.decode()


def test_satisfaction_is_recorded_after_resolution(client: Client, world: World) -> None:
    petition = register(world.officer_a)
    resolve(petition, world.officer_a)
    signed_in(client, world.officer_a)
    page = client.get(reverse("petitions:detail", kwargs={"pk": petition.pk})).content.decode()
    assert "Ghi nhận mức độ hài lòng" in page

    client.post(
        reverse("petitions:satisfaction", kwargs={"pk": petition.pk}),
        {"sat-satisfaction": "partly", "sat-channel": "phone", "sat-note": "Chưa thỏa đáng"},
    )

    petition.refresh_from_db()
    assert (petition.satisfaction, petition.satisfaction_channel) == ("partly", "phone")


def mark_duplicate(client: Client, petition: Petition, *, of: Petition) -> Any:
    """Post the case page's "duplicate of" form of `petition` with `of`'s case number."""
    return client.post(
        reverse("petitions:duplicate", kwargs={"pk": petition.pk}),
        {"dup-expected_version": petition.version, "dup-duplicate_of": of.case_number},
    )


def test_officer_marks_a_case_as_duplicate_by_case_number(client: Client, world: World) -> None:
    first = register(world.officer_a)
    second = register(world.officer_a)
    signed_in(client, world.officer_a)

    mark_duplicate(client, second, of=first)

    second.refresh_from_db()
    assert second.duplicate_of_id == first.pk


def test_duplicate_of_a_case_outside_scope_is_not_found(client: Client, world: World) -> None:
    other = register(world.officer_b, area_code="19002")
    mine = register(world.officer_a)
    signed_in(client, world.officer_a)

    response = mark_duplicate(client, mine, of=other)

    assert response.status_code == 422
    mine.refresh_from_db()
    assert mine.duplicate_of_id is None


def test_officer_adds_an_attachment_checked_by_content(client: Client, world: World) -> None:
    petition = register(world.officer_a)
    signed_in(client, world.officer_a)
    fake = io.BytesIO(b"MZ\x90\x00 not a pdf")
    fake.name = "bien-ban.pdf"

    refused = client.post(
        reverse("petitions:attachment_add", kwargs={"pk": petition.pk}), {"att-file": fake}
    )
    assert refused.status_code == 422
    assert "bien-ban.pdf" in refused.content.decode()

    good = io.BytesIO(b"%PDF-1.4 ok")
    good.name = "bien-ban.pdf"
    client.post(
        reverse("petitions:attachment_add", kwargs={"pk": petition.pk}),
        {"att-file": good, "att-is_original": "on"},
    )
    assert petition.attachments.get().is_original


def test_leader_revokes_a_grant_and_the_officer_can_no_longer_reveal(
    client: Client, world: World
) -> None:
    from django.utils import timezone

    from danvan.petitions.vault import identity_grant_create

    petition = _denunciation(world)
    grant = identity_grant_create(
        petition=petition,
        actor=world.leader,
        user=world.officer,
        reason="Cần liên hệ xác minh bổ sung",
        expires_at=timezone.now() + dt.timedelta(days=3),
    )
    signed_in(client, world.leader)

    page = client.get(reverse("petitions:detail", kwargs={"pk": petition.pk})).content.decode()
    revoke_url = reverse(
        "petitions:identity_revoke", kwargs={"pk": petition.pk, "grant_pk": grant.pk}
    )
    assert revoke_url in page
    assert client.post(revoke_url).status_code == 302

    officer = Client()
    officer.force_login(world.officer)
    response = officer.post(
        reverse("petitions:identity_reveal", kwargs={"pk": petition.pk}),
        {"reveal-reason": "Gọi điện xác minh nội dung tố cáo"},
    )
    assert response.status_code == 403


def test_forwarded_petition_records_the_report_back_to_the_forwarder(
    client: Client, world: World
) -> None:
    petition = register(
        world.officer_a, channel="forwarded_deputy", forwarder="Đại biểu Quốc hội Lê Văn A"
    )
    signed_in(client, world.officer_a)
    page = client.get(reverse("petitions:detail", kwargs={"pk": petition.pk})).content.decode()
    assert "Đã báo cáo kết quả cho nơi chuyển đơn" in page

    client.post(
        reverse("petitions:report_back", kwargs={"pk": petition.pk}),
        {"rb-on": "05/03/2026", "rb-note": "Đã gửi văn bản"},
    )

    petition.refresh_from_db()
    assert petition.reported_back_on == D(2026, 3, 5)


def test_case_page_reads_its_duplicates_and_transfers_once(client: Client, world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = register(world.officer_a)
    second = register(world.officer_a)
    signed_in(client, world.officer_a)
    mark_duplicate(client, second, of=first)
    first.refresh_from_db()
    move(
        first,
        world.officer_a,
        "triaged",
        D(2026, 3, 3),
        outcome="transfer",
        transfer_to=world.commune_b_org.code,
    )

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("petitions:detail", kwargs={"pk": first.pk}))

    body = response.content.decode()
    assert second.case_number in body and world.commune_b_org.name in body
    sql = [q["sql"] for q in ctx.captured_queries]
    assert sum('FROM "petitions_transfer"' in s for s in sql) == 1
    assert sum('"petitions_petition"."duplicate_of_id" =' in s for s in sql) == 1


def test_timeline_shows_each_document_under_the_move_that_issued_it(
    client: Client, world: World
) -> None:
    from danvan.petitions.models import PetitionDocument

    petition = register(world.officer_a)
    move(petition, world.officer_a, "triaged", D(2026, 3, 3), outcome="accept")
    move(petition, world.officer_a, "accepted", D(2026, 3, 4))
    documents = list(PetitionDocument.objects.filter(petition=petition, event__isnull=False))
    assert len(documents) >= 2
    signed_in(client, world.officer_a)

    page = client.get(reverse("petitions:detail", kwargs={"pk": petition.pk})).content.decode()
    timeline = page.split('id="dien-bien"')[1].split("</section>")[0]
    items = timeline.split('<li class="timeline-item">')[1:]
    for document in documents:
        link = reverse("petitions:document", kwargs={"pk": petition.pk, "doc_pk": document.pk})
        holding = [item for item in items if link in item]
        assert len(holding) == 1, document.title
        assert document.event is not None
        assert document.event.on.strftime("%d/%m/%Y") in holding[0]
