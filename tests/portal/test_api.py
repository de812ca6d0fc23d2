"""/api/v1/portal: public submissions, status and rating, in the API's one error format."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from danvan.petitions.models import Petition
from danvan.portal.models import Submission
from tests.petitions.conftest import World
from tests.portal.helpers import answer_and_close

pytestmark = pytest.mark.django_db
URL = "/api/v1/portal/submissions"


def body(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "kind": "proposal",
        "province": "44",
        "commune": "19002",
        "content": "Kiến nghị bố trí thêm giờ tiếp nhận hồ sơ vào sáng thứ Bảy cho người lao động.",
        "name": "Trần Văn Dũng",
        "address": "Tổ 5",
        "consent": True,
    }
    values.update(overrides)
    return values


def test_json_submission_answers_the_tracking_code(world: World, client: Client) -> None:
    response = client.post(URL, body(), content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    petition = Petition.objects.get()
    assert data["tracking_code"] == petition.tracking_code
    assert data["organization"] == {"name": "UBND xã Bình"}
    assert response["Cache-Control"] == "no-store"
    assert Submission.objects.get().via == "api"


def test_json_files_are_base64_and_checked_by_content(world: World, client: Client) -> None:
    good = {"name": "ghi-chu.txt", "content_base64": base64.b64encode(b"Ghi chu").decode()}
    bad = {"name": "anh.jpg", "content_base64": base64.b64encode(b"\x00\x01\x02").decode()}
    refused = client.post(URL, body(files=[bad]), content_type="application/json")
    assert refused.status_code == 422
    assert "anh.jpg" in refused.json()["error"]["fields"]["files"]
    not_b64 = client.post(
        URL,
        body(files=[{"name": "a.txt", "content_base64": "@@@"}]),
        content_type="application/json",
    )
    assert not_b64.status_code == 422
    assert "files.0.content_base64" in not_b64.json()["error"]["fields"]
    ok = client.post(URL, body(files=[good]), content_type="application/json")
    assert ok.status_code == 201
    assert Petition.objects.get().attachments.count() == 1


def test_multipart_submission_with_a_file(world: World, client: Client) -> None:
    data = {**body(), "consent": "true", "files": SimpleUploadedFile("a.txt", b"van ban ghi chu")}
    response = client.post(URL, data)
    assert response.status_code == 201, response.content
    assert Petition.objects.get().attachments.get().content_type == "text/plain"


def test_errors_are_structured(world: World, client: Client) -> None:
    missing = client.post(
        URL,
        body(consent=False, kind="complaint", name="", address=""),
        content_type="application/json",
    )
    assert missing.status_code == 422
    error = missing.json()["error"]
    assert error["code"] == "validation_error"
    assert {"consent", "name", "address"} <= set(error["fields"])
    schema = client.post(URL, {"kind": "mixed"}, content_type="application/json")
    assert schema.status_code == 422
    assert "kind" in schema.json()["error"]["fields"]
    broken = client.post(URL, "{not json", content_type="application/json")
    assert broken.status_code == 400
    assert broken.json()["error"]["code"] == "bad_request"
    listed = client.post(URL, "[1, 2]", content_type="application/json")
    assert listed.status_code == 400
    assert not Petition.objects.exists()


def test_honeypot_answers_normally_and_stores_nothing(world: World, client: Client) -> None:
    response = client.post(URL, body(website="x"), content_type="application/json")
    assert response.status_code == 201
    code = response.json()["tracking_code"]
    assert len(code) == 14
    assert not Petition.objects.exists() and not Submission.objects.exists()
    assert client.get(f"{URL}/{code}").status_code == 404


def test_submissions_are_throttled_with_retry_after(
    world: World, client: Client, settings: Any
) -> None:
    settings.DANVAN_PORTAL_SUBMIT_RATE = "1/hour"
    assert client.post(URL, body(), content_type="application/json").status_code == 201
    refused = client.post(URL, body(), content_type="application/json")
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "throttled"
    assert "thử lại" in refused.json()["error"]["message"]
    assert int(refused["Retry-After"]) > 0


def test_status_and_rating(world: World, client: Client) -> None:
    code = client.post(URL, body(), content_type="application/json").json()["tracking_code"]
    status = client.get(f"{URL}/{code}")
    assert status.status_code == 200
    data = status.json()
    assert data["status"] == "submitted" and data["public_answer"] is None
    assert data["can_rate"] is False
    early = client.post(
        f"{URL}/{code}/rating", {"satisfaction": "satisfied"}, content_type="application/json"
    )
    assert early.status_code == 422
    answer_and_close(Petition.objects.get(), world.officer_b)
    data = client.get(f"{URL}/{code}").json()
    assert data["status"] == "closed" and data["public_answer"] and data["can_rate"] is True
    rated = client.post(
        f"{URL}/{code}/rating",
        {"satisfaction": "unsatisfied", "note": "Chậm."},
        content_type="application/json",
    )
    assert rated.status_code == 200
    assert rated.json()["rating"] == "unsatisfied"
    again = client.post(
        f"{URL}/{code}/rating", {"satisfaction": "satisfied"}, content_type="application/json"
    )
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_rated"


def test_unknown_codes_all_get_the_same_404(world: World, client: Client) -> None:
    answers = {client.get(f"{URL}/{code}").content for code in ("ABCD-EFGH-JKMN", "zzz", "1")}
    assert len(answers) == 1
    assert client.get(f"{URL}/zzz").json()["error"]["code"] == "not_found"


def test_lookups_are_throttled(world: World, client: Client, settings: Any) -> None:
    settings.DANVAN_PORTAL_LOOKUP_RATE = "2/hour"
    for _ in range(2):
        assert client.get(f"{URL}/ABCD-EFGH-JKMN").status_code == 404
    assert client.get(f"{URL}/ABCD-EFGH-JKMN").status_code == 429
