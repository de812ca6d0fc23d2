"""The petitions API (/api/v1/petitions): register, list, read, move, identity vault, errors."""

from __future__ import annotations

import datetime as dt
import json
import typing
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from danvan.core.models import AuditEvent, Role, User
from danvan.core.services.accounts import api_token_issue
from danvan.petitions import api as petitions_api
from danvan.petitions.inputs import PersonInput
from danvan.petitions.models import Petition
from danvan.petitions.services import petition_register
from danvan.petitions.states import Channel, Kind, Outcome, Status
from danvan.petitions.vault import vault_key_generate
from danvan.text import fold
from tests.factories import MembershipFactory, UserFactory
from tests.petitions.conftest import World, petition_input

URL = "/api/v1/petitions"

CANARY_NAME = "Hoàng Thị Kim Thoa"
CANARY_ID = "079188012345"
CANARY_ADDRESS = "số 7 ngõ Canh Gác, Xã An"
CANARY_PHONE = "0912 345 678"


@pytest.fixture(autouse=True)
def _api_setup(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DANVAN_VAULT_KEY = vault_key_generate()
    settings.DANVAN_API_WRITE_RATE = "1000/min"
    settings.DANVAN_API_IDENTITY_RATE = "1000/min"


def auth(user: User) -> dict[str, str]:
    _token, raw = api_token_issue(user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def post(client: Client, path: str, body: Any, headers: dict[str, str]) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json", **headers)


def complaint_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "complaint",
        "channel": "in_person",
        "received_on": "2026-03-02",
        "content": "Khiếu nại Quyết định số 125/QĐ-UBND về việc thu hồi đất của gia đình tôi "
        "tại thôn Đông, bồi thường thấp hơn giá thị trường.",
        "area_code": "19001",
        "topic": "dat_dai",
        "petitioners": [
            {"full_name": "Nguyễn Văn Hùng", "id_number": "044085001234", "phone": "0905123456"}
        ],
        "respondent": "Chủ tịch UBND xã An",
        "anonymous": False,
    }
    body.update(overrides)
    return body


def denunciation_body(**overrides: Any) -> dict[str, Any]:
    return complaint_body(
        kind="denunciation",
        content="Tố cáo ông Trưởng thôn Đông nhận tiền của các hộ dân để xác nhận hồ sơ "
        "hỗ trợ ngư dân sai đối tượng.",
        topic="can_bo",
        respondent="Trưởng thôn Đông",
        petitioners=[
            {
                "full_name": CANARY_NAME,
                "id_number": CANARY_ID,
                "address": CANARY_ADDRESS,
                "phone": CANARY_PHONE,
            }
        ],
        **overrides,
    )


def register(actor: User, **overrides: Any) -> Petition:
    return petition_register(actor=actor, data=petition_input(**overrides))


def register_denunciation(actor: User, **overrides: Any) -> Petition:
    values: dict[str, Any] = {
        "kind": "denunciation",
        "topic": "can_bo",
        "content": "Tố cáo ông Trưởng thôn Đông nhận tiền của các hộ dân để xác nhận hồ sơ "
        "hỗ trợ ngư dân sai đối tượng.",
        "petitioners": [
            PersonInput(
                full_name=CANARY_NAME,
                id_number=CANARY_ID,
                address=CANARY_ADDRESS,
                phone=CANARY_PHONE,
            )
        ],
    }
    values.update(overrides)
    return register(actor, **values)


def assert_no_canary(response: Any) -> None:
    """Neither the raw bytes nor the decoded JSON carry the denouncer, in any spelling."""
    raw = response.content.decode()
    decoded = json.dumps(response.json(), ensure_ascii=False)
    for text in (raw, decoded):
        assert CANARY_NAME not in text
        assert CANARY_ID not in text
        assert CANARY_ADDRESS not in text
        assert CANARY_PHONE not in text
        assert CANARY_PHONE.replace(" ", "") not in text
        assert fold(CANARY_NAME) not in fold(text)
        assert "Kim Thoa" not in text and "kim thoa" not in fold(text)


def grant_identity(client: Client, world: World, petition: Petition, user: User) -> Any:
    return post(
        client,
        f"{URL}/{petition.pk}/identity-grants",
        {"username": user.username, "reason": "Cần xác minh trực tiếp với người tố cáo", "days": 7},
        auth(world.leader),
    )


# --- Register --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_officer_registers_complaint_and_gets_case_number_tracking_code_and_next_deadline(
    client: Client, world: World
) -> None:
    response = post(client, URL, complaint_body(), auth(world.officer))

    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"id", "case_number", "tracking_code", "status", "next_deadline"}
    petition = Petition.objects.get(pk=body["id"])
    assert body["case_number"] == petition.case_number
    assert body["tracking_code"] == petition.tracking_code
    assert body["status"] == "received"
    assert body["next_deadline"] == petition.next_deadline.isoformat()
    assert response["Location"] == f"{URL}/{petition.pk}"
    assert petition.organization == world.province_org
    assert petition.area == world.commune_a
    assert list(petition.petitioners.values_list("full_name", flat=True)) == ["Nguyễn Văn Hùng"]


@pytest.mark.django_db
def test_register_accepts_the_optional_extras(client: Client, world: World) -> None:
    body = complaint_body(
        channel="forwarded_deputy",
        forwarder="Đoàn đại biểu Quốc hội tỉnh",
        forwarder_reference="45/ĐĐBQH",
        summary="Khiếu nại bồi thường thu hồi đất",
        requests="Đề nghị xem xét lại giá bồi thường",
        signer_count=6,
        organization_code="44-UBND",
        secondary_topics=["an_sinh"],
    )

    response = post(client, URL, body, auth(world.officer))

    assert response.status_code == 201, response.content
    petition = Petition.objects.get(pk=response.json()["id"])
    assert petition.channel == Channel.FORWARDED_DEPUTY
    assert petition.forwarder == "Đoàn đại biểu Quốc hội tỉnh"
    assert petition.signer_count == 6 and petition.is_multi_signer
    assert petition.secondary_topics == ["an_sinh"]


@pytest.mark.django_db
def test_anonymous_petition_registers_without_petitioners(client: Client, world: World) -> None:
    body = complaint_body(kind="report", topic="moi_truong", petitioners=[], anonymous=True)

    response = post(client, URL, body, auth(world.officer))

    assert response.status_code == 201, response.content
    assert Petition.objects.get(pk=response.json()["id"]).anonymous is True


@pytest.mark.django_db
def test_register_without_petitioners_and_not_anonymous_answers_422_on_petitioners(
    client: Client, world: World
) -> None:
    response = post(client, URL, complaint_body(petitioners=[]), auth(world.officer))

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert "petitioners" in error["fields"]
    assert not Petition.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "khieu_nai"}, "kind"),
        ({"channel": "fax"}, "channel"),
        ({"received_on": "02/03/2026"}, "received_on"),
        ({"content": ""}, "content"),
        ({"area_code": "x" * 11}, "area_code"),
        ({"summary": "x" * 501}, "summary"),
        ({"petitioners": [{"id_number": "044085001234"}]}, "petitioners.0.full_name"),
        ({"anonymous": "có"}, "anonymous"),
    ],
)
def test_register_with_bad_field_answers_422_naming_the_field(
    client: Client, world: World, overrides: dict[str, Any], field: str
) -> None:
    response = post(client, URL, complaint_body(**overrides), auth(world.officer))

    assert response.status_code == 422
    assert field in response.json()["error"]["fields"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"area_code": "99999"}, "area_code"),
        ({"topic": "khong_co"}, "topic"),
        ({"organization_code": "KHONG-CO"}, "organization_code"),
        (
            {"petitioners": [{"full_name": "Lê Văn A", "id_number": "12ab"}]},
            "petitioners.0.id_number",
        ),
        ({"received_on": "2099-01-01"}, "received_on"),
        ({"channel": "forwarded_mttq"}, "forwarder"),
    ],
)
def test_register_refused_by_the_service_answers_422_under_the_api_field_name(
    client: Client, world: World, overrides: dict[str, Any], field: str
) -> None:
    response = post(client, URL, complaint_body(**overrides), auth(world.officer))

    assert response.status_code == 422, response.content
    assert field in response.json()["error"]["fields"]
    assert not Petition.objects.exists()


@pytest.mark.django_db
def test_register_with_malformed_json_answers_400(client: Client, world: World) -> None:
    response = client.post(
        URL, '{"kind": "complaint",', content_type="application/json", **auth(world.officer)
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"


@pytest.mark.django_db
@pytest.mark.parametrize("header", [{}, {"HTTP_AUTHORIZATION": "Bearer dv_khong-hop-le"}])
def test_register_without_valid_credentials_answers_401(
    client: Client, world: World, header: dict[str, str]
) -> None:
    response = post(client, URL, complaint_body(), header)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


@pytest.mark.django_db
def test_viewer_without_handling_role_cannot_register_403(client: Client, world: World) -> None:
    response = post(client, URL, complaint_body(), auth(world.viewer))

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


@pytest.mark.django_db
def test_register_beyond_the_write_rate_answers_429_with_retry_after(
    client: Client, world: World, settings: Any
) -> None:
    settings.DANVAN_API_WRITE_RATE = "2/min"
    headers = auth(world.officer)

    statuses = [post(client, URL, complaint_body(), headers).status_code for _ in range(2)]
    throttled = post(client, URL, complaint_body(), headers)

    assert statuses == [201, 201]
    assert throttled.status_code == 429
    assert throttled.json()["error"]["code"] == "throttled"
    assert 1 <= int(throttled["Retry-After"]) <= 60
    assert Petition.objects.count() == 2
    # Another user has their own budget.
    assert post(client, URL, complaint_body(), auth(world.leader)).status_code == 201


def test_rates_are_parsed_from_settings_strings() -> None:
    assert petitions_api.parse_rate("120/min") == (120, 60)
    assert petitions_api.parse_rate("10/5m") == (10, 300)
    assert petitions_api.parse_rate("1000/day") == (1000, 86400)
    assert petitions_api.parse_rate("") is None
    with pytest.raises(ValueError):
        petitions_api.parse_rate("nhiều lắm")


# --- List ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_list_pages_the_callers_petitions_newest_first(client: Client, world: World) -> None:
    for day in (2, 3, 4):
        register(world.officer, received_on=dt.date(2026, 3, day))

    response = client.get(URL, {"page": 2, "page_size": 2}, **auth(world.officer))

    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["page"], body["page_size"]) == (3, 2, 2)
    assert [i["received_on"] for i in body["items"]] == ["2026-03-02"]
    item = body["items"][0]
    assert item["area"] == {"code": "19001", "name": "Xã An"}
    assert item["organization"] == {"code": "44-UBND", "name": "UBND tỉnh Quảng Trị Thử"}
    assert item["kind"] == "complaint" and item["status"] == "received"
    assert item["triage_outcome"] is None and item["pseudonym"] is None
    assert item["is_duplicate"] is False
    assert "petitioners" not in item


@pytest.mark.django_db
def test_list_filters_by_status_kind_topic_area_text_and_overdue(
    client: Client, world: World
) -> None:
    today = timezone.localdate()
    old_land = register(world.officer, received_on=dt.date(2026, 3, 2))
    fresh_market = register(
        world.officer,
        kind="proposal",
        topic="kinh_te_do_thi",
        area_code="19002",
        received_on=today,
        content="Kiến nghị không di dời chợ Chí Công khi chưa có chợ tạm cho tiểu thương.",
    )
    headers = auth(world.officer)

    def ids(**params: Any) -> set[int]:
        response = client.get(URL, params, **headers)
        assert response.status_code == 200, response.content
        return {i["id"] for i in response.json()["items"]}

    assert ids() == {old_land.pk, fresh_market.pk}
    assert ids(kind="proposal") == {fresh_market.pk}
    assert ids(topic="dat_dai") == {old_land.pk}
    assert ids(status="received") == {old_land.pk, fresh_market.pk}
    assert ids(status="closed") == set()
    assert ids(area="19002") == {fresh_market.pk}
    assert ids(area="44") == {old_land.pk, fresh_market.pk}  # the province includes its communes
    assert ids(q="cho chi cong") == {fresh_market.pk}  # folded: no diacritics needed
    assert ids(q="Chí Công") == {fresh_market.pk}
    old_land.refresh_from_db()
    assert old_land.next_deadline is not None and old_land.next_deadline < today
    assert ids(overdue="true") == {old_land.pk}
    item = next(i for i in client.get(URL, **headers).json()["items"] if i["id"] == old_land.pk)
    assert item["overdue"] is True


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [{"status": "dang_xu_ly"}, {"kind": "x"}, {"page": 0}, {"page_size": 1000}, {"q": "x" * 201}],
)
def test_list_with_bad_parameter_answers_422(
    client: Client, world: World, params: dict[str, Any]
) -> None:
    response = client.get(URL, params, **auth(world.officer))

    assert response.status_code == 422
    assert response.json()["error"]["fields"]


@pytest.mark.django_db
def test_list_without_credentials_answers_401(client: Client, world: World) -> None:
    assert client.get(URL).status_code == 401


@pytest.mark.django_db
def test_list_uses_the_same_number_of_queries_for_more_petitions(
    client: Client, world: World
) -> None:
    headers = auth(world.officer)
    register(world.officer)
    register_denunciation(world.officer)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(URL, **headers)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    count_queries()  # the first request also stamps the token's last use
    few = count_queries()
    for _ in range(4):
        register(world.officer, area_code="19002")
    register_denunciation(world.officer)

    assert count_queries() == few


# --- Scope -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_commune_a_officer_gets_404_for_a_commune_b_petition_everywhere(
    client: Client, world: World
) -> None:
    theirs = register_denunciation(world.officer_b, area_code="19002")
    mine = register(world.officer_a)
    headers = auth(world.officer_a)
    path = f"{URL}/{theirs.pk}"

    responses = [
        client.get(path, **headers),
        post(
            client,
            f"{path}/transitions",
            {"to": "triaged", "reason": "Xử lý", "expected_version": 1, "outcome": "accept"},
            headers,
        ),
        client.get(f"{path}/identity", {"reason": "Xác minh nhân thân người tố cáo"}, **headers),
        post(
            client,
            f"{path}/identity-grants",
            {"username": "canbo.a", "reason": "Xác minh nhân thân", "days": 3},
            headers,
        ),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404, 404]
    assert {r.json()["error"]["code"] for r in responses} == {"not_found"}
    missing = client.get(f"{URL}/{theirs.pk + 1000}", **headers)
    assert missing.status_code == 404 and missing.json() == responses[0].json()
    listed = client.get(URL, **headers).json()
    assert [i["id"] for i in listed["items"]] == [mine.pk] and listed["count"] == 1
    theirs.refresh_from_db()
    assert theirs.status == Status.RECEIVED and theirs.version == 1


# --- Detail ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_detail_shows_people_deadlines_moves_timeline_and_documents(
    client: Client, world: World
) -> None:
    petition = register(
        world.officer,
        petitioners=[
            PersonInput(
                full_name="Nguyễn Văn Hùng",
                id_number="044085001234",
                address="Thôn Đông, xã An",
                phone="0905123456",
            )
        ],
        respondent="Chủ tịch UBND xã An",
    )

    response = client.get(f"{URL}/{petition.pk}", **auth(world.officer))

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["id"] == petition.pk and body["version"] == 1
    assert body["content"] == petition.content
    assert body["respondent"] == "Chủ tịch UBND xã An"
    assert body["petitioners"] == [
        {
            "full_name": "Nguyễn Văn Hùng",
            "id_number": "044085001234",
            "address": "Thôn Đông, xã An",
            "phone": "0905123456",
            "email": "",
            "is_representative": False,
        }
    ]
    assert body["signer_count"] == 1 and body["multi_signer"] is False
    assert body["anonymous"] is False and body["pseudonym"] is None
    open_deadlines = [d for d in body["deadlines"] if d["status"] == "open"]
    assert open_deadlines and open_deadlines[0]["due"] == body["next_deadline"]
    first = open_deadlines[0]
    assert first["rule_id"] and first["title"] and first["kind"].startswith("petition.")
    assert first["days_left"] == (dt.date.fromisoformat(first["due"]) - timezone.localdate()).days
    assert {m["to"] for m in body["allowed_moves"]} == {"triaged", "withdrawn"}
    triage = next(m for m in body["allowed_moves"] if m["to"] == "triaged")
    assert "outcome" in triage["needs"] and triage["label"]
    assert [e["verb"] for e in body["events"]] == ["registered"]
    assert body["events"][0]["to_status"] == "received"
    assert body["events"][0]["actor"] == world.officer.full_name
    assert [d["template"] for d in body["documents"]] == ["tiep_nhan"]
    assert body["agencies"] == [] and body["transfers"] == []


@pytest.mark.django_db
def test_viewer_sees_the_detail_but_no_allowed_moves(client: Client, world: World) -> None:
    petition = register(world.officer)

    body = client.get(f"{URL}/{petition.pk}", **auth(world.viewer)).json()

    assert body["id"] == petition.pk and body["allowed_moves"] == []


@pytest.mark.django_db
def test_detail_with_an_id_out_of_range_is_refused_without_a_server_error(
    client: Client, world: World
) -> None:
    headers = auth(world.officer)
    assert client.get(f"{URL}/0", **headers).status_code == 422
    assert client.get(f"{URL}/{2**70}", **headers).status_code in (404, 422)
    assert client.get(f"{URL}/abc", **headers).status_code in (404, 422)


# --- The denouncer never leaves the vault ----------------------------------------------------


@pytest.mark.django_db
def test_denunciation_list_detail_search_and_moves_never_carry_the_denouncer(
    client: Client, world: World
) -> None:
    headers = auth(world.officer)
    created = post(client, URL, denunciation_body(), headers)
    assert created.status_code == 201, created.content
    assert_no_canary(created)
    pk = created.json()["id"]
    petition = Petition.objects.get(pk=pk)
    assert not petition.petitioners.exists()

    listed = client.get(URL, **headers)
    detail = client.get(f"{URL}/{pk}", **headers)
    searched = client.get(URL, {"q": CANARY_NAME}, **headers)
    searched_id = client.get(URL, {"q": CANARY_ID}, **headers)
    moved = post(
        client,
        f"{URL}/{pk}/transitions",
        {
            "to": "triaged",
            "reason": "Đủ điều kiện thụ lý tố cáo",
            "expected_version": 1,
            "outcome": "accept",
        },
        headers,
    )

    for response in (listed, detail, searched, searched_id, moved):
        assert response.status_code == 200, response.content
        assert_no_canary(response)
    item = listed.json()["items"][0]
    assert item["pseudonym"] == f"Người tố cáo #{petition.pseudonym}"
    assert len(petition.pseudonym) == 4
    assert detail.json()["petitioners"] == []
    assert detail.json()["pseudonym"] == item["pseudonym"]
    assert detail.json()["signer_count"] == 1
    assert searched.json()["count"] == 0 and searched_id.json()["count"] == 0


@pytest.mark.django_db
def test_denouncer_identity_is_not_in_validation_errors(client: Client, world: World) -> None:
    body = denunciation_body(received_on="2099-01-01")

    response = post(client, URL, body, auth(world.officer))

    assert response.status_code == 422
    assert_no_canary(response)


# --- Transitions -----------------------------------------------------------------------------


def move(client: Client, petition_id: int, headers: dict[str, str], **body: Any) -> Any:
    body.setdefault("reason", "Đã xem xét hồ sơ theo quy định")
    return post(client, f"{URL}/{petition_id}/transitions", body, headers)


@pytest.mark.django_db
def test_officer_moves_a_complaint_through_triage_and_acceptance(
    client: Client, world: World
) -> None:
    petition = register(world.officer)
    headers = auth(world.officer)

    triaged = move(client, petition.pk, headers, to="triaged", outcome="accept", expected_version=1)
    accepted = move(client, petition.pk, headers, to="accepted", complex=True, expected_version=2)

    assert triaged.status_code == 200, triaged.content
    assert triaged.json()["status"] == "triaged"
    assert triaged.json()["triage_outcome"] == "accept"
    assert accepted.status_code == 200, accepted.content
    body = accepted.json()
    assert body["status"] == "accepted" and body["version"] == 3 and body["complex"] is True
    assert accepted["Cache-Control"] == "no-store"
    transitions = [e for e in body["events"] if e["verb"] == "transition"]
    assert [(e["from_status"], e["to_status"]) for e in transitions] == [
        ("received", "triaged"),
        ("triaged", "accepted"),
    ]
    assert transitions[-1]["reason"] == "Đã xem xét hồ sơ theo quy định"
    assert {m["to"] for m in body["allowed_moves"]} >= {"verifying", "resolved", "withdrawn"}
    petition.refresh_from_db()
    assert petition.status == Status.ACCEPTED and petition.complex
    assert (
        AuditEvent.objects.filter(verb="petition.transition", target_id=str(petition.pk)).count()
        == 2
    )


@pytest.mark.django_db
def test_transition_with_a_stale_version_answers_409_and_changes_nothing(
    client: Client, world: World
) -> None:
    petition = register(world.officer)
    assert (
        move(
            client,
            petition.pk,
            auth(world.leader),
            to="triaged",
            outcome="accept",
            expected_version=1,
        ).status_code
        == 200
    )

    late = move(client, petition.pk, auth(world.officer), to="withdrawn", expected_version=1)

    assert late.status_code == 409
    assert late.json()["error"]["code"] == "conflict"
    assert "expected_version" in late.json()["error"]["fields"]
    petition.refresh_from_db()
    assert petition.status == Status.TRIAGED and petition.version == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        (
            {"to": "resolved", "decision_number": "12/QĐ", "result_summary": "Giải quyết xong"},
            "illegal_transition",
            "to",
        ),
        ({"to": "triaged"}, "validation_error", "outcome"),
        ({"to": "triaged", "outcome": "ineligible"}, "validation_error", "ineligible_reason"),
        ({"to": "triaged", "outcome": "transfer"}, "validation_error", "transfer_to"),
        ({"to": "triaged", "outcome": "accept", "reason": ""}, "validation_error", "reason"),
        ({"to": "xong"}, "validation_error", "to"),
        ({"to": "triaged", "outcome": "maybe"}, "validation_error", "outcome"),
        ({"to": "triaged", "outcome": "accept", "on": "2099-01-01"}, "validation_error", "on"),
    ],
)
def test_illegal_move_or_missing_field_answers_422_naming_it(
    client: Client, world: World, body: dict[str, Any], code: str, field: str
) -> None:
    petition = register(world.officer)

    response = move(client, petition.pk, auth(world.officer), expected_version=1, **body)

    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["code"] == code
    assert field in error["fields"]
    petition.refresh_from_db()
    assert petition.status == Status.RECEIVED and petition.version == 1


@pytest.mark.django_db
def test_transition_without_expected_version_answers_422(client: Client, world: World) -> None:
    petition = register(world.officer)

    response = move(client, petition.pk, auth(world.officer), to="withdrawn")

    assert response.status_code == 422
    assert "expected_version" in response.json()["error"]["fields"]


@pytest.mark.django_db
def test_viewer_cannot_move_a_case_403(client: Client, world: World) -> None:
    petition = register(world.officer)

    response = move(client, petition.pk, auth(world.viewer), to="withdrawn", expected_version=1)

    assert response.status_code == 403
    petition.refresh_from_db()
    assert petition.status == Status.RECEIVED


@pytest.mark.django_db
def test_transitions_beyond_the_write_rate_answer_429(
    client: Client, world: World, settings: Any
) -> None:
    settings.DANVAN_API_WRITE_RATE = "1/hour"
    petition = register(world.officer)
    headers = auth(world.officer)

    first = move(client, petition.pk, headers, to="triaged", outcome="accept", expected_version=1)
    second = move(client, petition.pk, headers, to="accepted", expected_version=2)

    assert first.status_code == 200
    assert second.status_code == 429 and second.json()["error"]["code"] == "throttled"
    assert "Retry-After" in second


# --- Identity vault --------------------------------------------------------------------------


@pytest.mark.django_db
def test_granted_officer_sees_the_identity_after_giving_a_reason_and_it_is_audited(
    client: Client, world: World
) -> None:
    petition = register_denunciation(world.officer)
    granted = grant_identity(client, world, petition, world.officer)
    assert granted.status_code == 201, granted.content
    grant = granted.json()
    assert grant["user"] == "canbo" and grant["id"]
    expires = dt.datetime.fromisoformat(grant["expires_at"])
    assert dt.timedelta(days=6, hours=23) < expires - timezone.now() <= dt.timedelta(days=7)
    reason = "Mời người tố cáo đến cung cấp thêm chứng cứ"

    response = client.get(
        f"{URL}/{petition.pk}/identity", {"reason": reason}, **auth(world.officer)
    )

    assert response.status_code == 200, response.content
    assert response["Cache-Control"] == "no-store"
    assert response.json() == {
        "persons": [
            {
                "full_name": CANARY_NAME,
                "id_number": CANARY_ID,
                "address": CANARY_ADDRESS,
                "phone": CANARY_PHONE,
                "email": "",
            }
        ],
        "files": [],
    }
    reveal = AuditEvent.objects.get(verb="petition.identity_reveal")
    assert reveal.actor == world.officer and reveal.target_id == str(petition.pk)
    assert reason in json.dumps(reveal.changes, ensure_ascii=False)
    assert CANARY_NAME not in json.dumps(reveal.changes, ensure_ascii=False)
    assert AuditEvent.objects.filter(verb="petition.identity_grant").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("params", [{}, {"reason": ""}, {"reason": "   "}, {"reason": "xem"}])
def test_identity_without_a_reason_answers_400_reason_required(
    client: Client, world: World, params: dict[str, str]
) -> None:
    petition = register_denunciation(world.officer)
    grant_identity(client, world, petition, world.officer)

    response = client.get(f"{URL}/{petition.pk}/identity", params, **auth(world.officer))

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "reason_required"
    assert "reason" in response.json()["error"]["fields"]
    assert_no_canary(response)
    assert not AuditEvent.objects.filter(verb="petition.identity_reveal").exists()


@pytest.mark.django_db
def test_identity_without_a_grant_answers_403_even_for_the_leader(
    client: Client, world: World
) -> None:
    petition = register_denunciation(world.officer)
    params = {"reason": "Xác minh nhân thân người tố cáo"}

    for user in (world.officer, world.leader):
        response = client.get(f"{URL}/{petition.pk}/identity", params, **auth(user))
        assert response.status_code == 403
        assert_no_canary(response)
    assert not AuditEvent.objects.filter(verb="petition.identity_reveal").exists()


@pytest.mark.django_db
def test_identity_of_an_expired_grant_answers_403(client: Client, world: World) -> None:
    petition = register_denunciation(world.officer)
    grant_identity(client, world, petition, world.officer)
    petition.identity_grants.update(expires_at=timezone.now() - dt.timedelta(minutes=1))

    response = client.get(
        f"{URL}/{petition.pk}/identity",
        {"reason": "Xác minh nhân thân người tố cáo"},
        **auth(world.officer),
    )

    assert response.status_code == 403


@pytest.mark.django_db
def test_identity_of_a_petition_that_is_not_a_denunciation_answers_404(
    client: Client, world: World
) -> None:
    petition = register(world.officer)

    response = client.get(
        f"{URL}/{petition.pk}/identity",
        {"reason": "Xác minh nhân thân người gửi đơn"},
        **auth(world.leader),
    )

    assert response.status_code == 404


@pytest.mark.django_db
def test_identity_without_credentials_answers_401(client: Client, world: World) -> None:
    petition = register_denunciation(world.officer)

    response = client.get(f"{URL}/{petition.pk}/identity", {"reason": "Xác minh nhân thân"})

    assert response.status_code == 401
    assert_no_canary(response)


@pytest.mark.django_db
def test_identity_reveals_beyond_their_rate_answer_429(
    client: Client, world: World, settings: Any
) -> None:
    settings.DANVAN_API_IDENTITY_RATE = "1/hour"
    petition = register_denunciation(world.officer)
    grant_identity(client, world, petition, world.officer)
    headers = auth(world.officer)
    params = {"reason": "Xác minh nhân thân người tố cáo"}

    first = client.get(f"{URL}/{petition.pk}/identity", params, **headers)
    second = client.get(f"{URL}/{petition.pk}/identity", params, **headers)

    assert first.status_code == 200
    assert second.status_code == 429
    assert_no_canary(second)
    assert AuditEvent.objects.filter(verb="petition.identity_reveal").count() == 1


@pytest.mark.django_db
def test_only_the_case_leader_may_grant_identity_access_403(client: Client, world: World) -> None:
    petition = register_denunciation(world.officer)
    body = {"username": "canbo", "reason": "Cần xác minh trực tiếp với người tố cáo", "days": 7}

    by_officer = post(client, f"{URL}/{petition.pk}/identity-grants", body, auth(world.officer))
    unknown = {**body, "username": "khong-co-ai"}
    unknown_by_officer = post(
        client, f"{URL}/{petition.pk}/identity-grants", unknown, auth(world.officer)
    )

    assert by_officer.status_code == 403
    assert unknown_by_officer.status_code == 403  # a non-leader never learns who exists
    assert not petition.identity_grants.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"username": "khong-co-ai"}, 422, "username"),
        ({"username": "canbo.b"}, 422, "username"),  # cannot see the case
        ({"days": 0}, 422, "days"),
        ({"days": 91}, 422, "days"),
        ({"reason": "vì"}, 400, "reason"),
    ],
)
def test_leader_grant_with_bad_input_is_refused_naming_the_field(
    client: Client, world: World, body: dict[str, Any], status: int, field: str
) -> None:
    petition = register_denunciation(world.officer)
    payload = {"username": "canbo", "reason": "Cần xác minh với người tố cáo", "days": 7, **body}

    response = post(client, f"{URL}/{petition.pk}/identity-grants", payload, auth(world.leader))

    assert response.status_code == status, response.content
    assert field in response.json()["error"]["fields"]
    assert not petition.identity_grants.exists()


@pytest.mark.django_db
def test_identity_grant_on_a_petition_that_is_not_a_denunciation_answers_404(
    client: Client, world: World
) -> None:
    petition = register(world.officer)

    response = grant_identity(client, world, petition, world.officer)

    assert response.status_code == 404


@pytest.mark.django_db
def test_identity_file_download_needs_the_grant_and_is_audited(
    client: Client, world: World
) -> None:
    from danvan.petitions.inputs import FileInput

    scan = b"%PDF-1.4\n" + CANARY_NAME.encode() + b"\n%%EOF\n"
    petition = petition_register(
        actor=world.officer,
        data=petition_input(
            kind="denunciation",
            topic="can_bo",
            petitioners=[PersonInput(full_name=CANARY_NAME, id_number=CANARY_ID)],
        ),
        files=[FileInput(name="don-to-cao.pdf", data=scan, is_original=True)],
    )
    params = {"reason": "Đối chiếu chữ viết trong đơn gốc"}
    headers = auth(world.officer)
    denied = client.get(f"{URL}/{petition.pk}/identity", params, **headers)
    grant_identity(client, world, petition, world.officer)

    files = client.get(f"{URL}/{petition.pk}/identity", params, **headers).json()["files"]
    download = client.get(f"{URL}/{petition.pk}/identity/files/{files[0]['id']}", params, **headers)

    assert denied.status_code == 403
    assert files == [
        {
            "id": files[0]["id"],
            "name": "don-to-cao.pdf",
            "content_type": "application/pdf",
            "size": len(scan),
        }
    ]
    assert download.status_code == 200
    assert download.content == scan
    assert download["Content-Type"] == "application/pdf"
    assert download["Cache-Control"] == "no-store"
    assert "attachment" in download["Content-Disposition"]
    assert AuditEvent.objects.filter(verb="petition.identity_file_read").count() == 1


# --- Schema ----------------------------------------------------------------------------------


def test_api_codes_are_the_state_tables_codes() -> None:
    from danvan.petitions.states import Satisfaction, SatisfactionChannel

    assert list(typing.get_args(petitions_api.KindCode)) == list(Kind.values)
    assert list(typing.get_args(petitions_api.ChannelCode)) == list(Channel.values)
    assert list(typing.get_args(petitions_api.StatusCode)) == list(Status.values)
    assert list(typing.get_args(petitions_api.OutcomeCode)) == list(Outcome.values)
    assert list(typing.get_args(petitions_api.SatisfactionCode)) == list(Satisfaction.values)
    assert list(typing.get_args(petitions_api.SatisfactionChannelCode)) == list(
        SatisfactionChannel.values
    )


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema["components"]["schemas"][name]
    return node


def _enum_of(schema: dict[str, Any], node: dict[str, Any]) -> list[Any]:
    node = _resolve(schema, node)
    if "enum" in node:
        return list(node["enum"])
    for key in ("anyOf", "oneOf", "allOf"):
        for option in node.get(key, []):
            values = _enum_of(schema, option)
            if values:
                return values
    return []


def test_openapi_schema_documents_the_paths_codes_and_errors(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]

    assert {"post", "get"} <= set(paths["/api/v1/petitions"])
    assert "get" in paths["/api/v1/petitions/{id}"]
    assert "post" in paths["/api/v1/petitions/{id}/transitions"]
    assert "get" in paths["/api/v1/petitions/{id}/identity"]
    assert "post" in paths["/api/v1/petitions/{id}/identity-grants"]

    create = paths["/api/v1/petitions"]["post"]
    assert {"201", "400", "401", "403", "422", "429"} <= set(create["responses"])
    body = _resolve(schema, create["requestBody"]["content"]["application/json"]["schema"])
    props = body["properties"]
    assert set(body["required"]) >= {"kind", "channel", "received_on", "content", "area_code"}
    assert _enum_of(schema, props["kind"]) == list(Kind.values)
    assert _enum_of(schema, props["channel"]) == list(Channel.values)
    assert "dat_dai" in _enum_of(schema, props["topic"])
    assert props["content"]["maxLength"] == 20_000
    assert props["received_on"]["format"] == "date"

    transition = paths["/api/v1/petitions/{id}/transitions"]["post"]
    assert {"200", "409", "422", "429"} <= set(transition["responses"])
    tprops = _resolve(schema, transition["requestBody"]["content"]["application/json"]["schema"])[
        "properties"
    ]
    assert _enum_of(schema, tprops["to"]) == list(Status.values)
    assert _enum_of(schema, tprops["outcome"]) == list(Outcome.values)
    assert "to=resolved" in tprops["decision_number"]["description"]
    assert "to=triaged" in tprops["transfer_to"]["description"]

    status_param = next(
        p for p in paths["/api/v1/petitions"]["get"]["parameters"] if p["name"] == "status"
    )
    assert _enum_of(schema, status_param["schema"]) == list(Status.values)
    identity = paths["/api/v1/petitions/{id}/identity"]["get"]
    assert {"400", "403", "404"} <= set(identity["responses"])


# --- Helpers used above stay honest -----------------------------------------------------------


@pytest.mark.parametrize("leak", [CANARY_NAME, CANARY_ID, "HOANG THI KIM THOA"])
def test_canary_check_catches_a_leak_even_escaped_or_folded(leak: str) -> None:
    class Leaking:
        content = json.dumps({"note": leak}).encode()  # non-ASCII escaped as \\uXXXX

        def json(self) -> Any:
            return {"note": leak}

    with pytest.raises(AssertionError):
        assert_no_canary(Leaking())


@pytest.mark.django_db
def test_member_of_two_organisations_registers_by_naming_one(client: Client, world: World) -> None:
    both = UserFactory(username="canbo.hai.noi", full_name="Cán Bộ Hai Nơi")
    MembershipFactory(user=both, organization=world.commune_a_org, role=Role.OFFICER)
    MembershipFactory(user=both, organization=world.commune_b_org, role=Role.OFFICER)

    unnamed = post(client, URL, complaint_body(), auth(both))
    named = post(client, URL, complaint_body(organization_code="19002-UBND"), auth(both))

    assert unnamed.status_code == 422
    assert "organization_code" in unnamed.json()["error"]["fields"]
    assert named.status_code == 201
    assert Petition.objects.get(pk=named.json()["id"]).organization == world.commune_b_org
