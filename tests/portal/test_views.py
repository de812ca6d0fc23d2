"""The public pages: the form, the honeypot, the rate limits, the receipt, the lookup."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from danvan.petitions.models import Petition
from danvan.portal.models import Submission
from tests.petitions.conftest import World
from tests.portal.conftest import form_data

pytestmark = pytest.mark.django_db

SUBMIT = "/cong-dan/gui-y-kien/"
TRACK = "/cong-dan/tra-cuu/"


def test_public_pages_need_no_account(world: World, client: Client) -> None:
    for path in ("/cong-dan/", SUBMIT, TRACK, "/cong-dan/bao-ve-du-lieu/"):
        response = client.get(path)
        assert response.status_code == 200, path
    home = client.get("/cong-dan/").content.decode()
    # The deadlines come from the rule table, with their sources.
    assert "10 ngày làm việc" in home
    assert "Luật Khiếu nại" in home
    privacy = client.get("/cong-dan/bao-ve-du-lieu/").content.decode()
    assert "91/2025/QH15" in privacy and "5 năm" in privacy


def test_form_submission_shows_the_tracking_code_once(world: World, client: Client) -> None:
    response = client.post(SUBMIT, form_data(), REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 200
    petition = Petition.objects.get()
    body = response.content.decode()
    assert petition.tracking_code in body
    assert "UBND xã An" in body
    assert response["Cache-Control"] == "no-store, private"
    row = Submission.objects.get()
    assert row.via == "web"
    assert "203.0.113.7" not in row.ip_hash and len(row.ip_hash) == 64


def test_missing_consent_explains_and_stores_nothing(world: World, client: Client) -> None:
    response = client.post(SUBMIT, form_data(consent=None))
    assert response.status_code == 422
    assert "đồng ý" in response.content.decode()
    assert not Petition.objects.exists()


def test_honeypot_gets_a_normal_receipt_and_nothing_is_stored(world: World, client: Client) -> None:
    response = client.post(SUBMIT, form_data(website="http://spam.example"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Mã tra cứu của bạn" in body
    assert not Petition.objects.exists()
    assert not Submission.objects.exists()
    # The fake code leads nowhere.
    code = body.split('id="tracking-code"><code>')[1].split("<")[0]
    lookup = client.post(TRACK, {"code": code})
    assert lookup.status_code == 404


def test_submissions_are_rate_limited_per_address(
    world: World, client: Client, settings: Any
) -> None:
    settings.DANVAN_PORTAL_SUBMIT_RATE = "2/hour"
    # Wrong input does not use up the citizen's allowance.
    assert client.post(SUBMIT, form_data(consent=None)).status_code == 422
    for _ in range(2):
        assert client.post(SUBMIT, form_data(), REMOTE_ADDR="198.51.100.1").status_code == 200
    refused = client.post(SUBMIT, form_data(), REMOTE_ADDR="198.51.100.1")
    assert refused.status_code == 429
    assert "quá nhiều yêu cầu" in refused.content.decode()
    assert int(refused["Retry-After"]) > 0
    assert Petition.objects.count() == 2
    # Another address is not affected.
    assert client.post(SUBMIT, form_data(), REMOTE_ADDR="198.51.100.2").status_code == 200


def test_lookups_are_rate_limited(world: World, client: Client, settings: Any) -> None:
    settings.DANVAN_PORTAL_LOOKUP_RATE = "3/hour"
    for _ in range(3):
        assert client.post(TRACK, {"code": "AAAA-BBBB-CCCC"}).status_code == 404
    assert client.post(TRACK, {"code": "AAAA-BBBB-CCCC"}).status_code == 429


def test_refresh_button_lists_the_communes_without_script(world: World, client: Client) -> None:
    response = client.post(SUBMIT, {"province": "44", "refresh": "1", "content": "giữ lại"})
    assert response.status_code == 200
    body = response.content.decode()
    assert '<option value="19001">Xã An</option>' in body
    assert "giữ lại" in body
    assert not Petition.objects.exists()


def test_commune_options_say_where_each_goes(world: World, client: Client) -> None:
    body = client.get("/cong-dan/dia-ban/?tinh=44").content.decode()
    assert 'value="19001" data-org="UBND xã An"' in body
    assert 'value="19003" data-org="UBND tỉnh Quảng Trị Thử"' in body
    assert client.get("/cong-dan/dia-ban/?tinh=abc").status_code == 200


def test_oversized_body_is_refused_before_reading(
    world: World, client: Client, settings: Any
) -> None:
    settings.DANVAN_ATTACHMENT_MAX_MB = 1
    settings.DANVAN_ATTACHMENT_MAX_FILES = 1
    from django.core.files.uploadedfile import SimpleUploadedFile

    big = SimpleUploadedFile("a.txt", b"a" * (3 * 1024 * 1024), content_type="text/plain")
    response = client.post(SUBMIT, {**form_data(), "files": big})
    assert response.status_code == 413
    assert not Petition.objects.exists()


def test_file_of_wrong_type_is_explained(world: World, client: Client) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("don.pdf", b"\x00\x01\x02 binary", content_type="application/pdf")
    response = client.post(SUBMIT, {**form_data(), "files": fake})
    assert response.status_code == 422
    assert "không thuộc loại được nhận" in response.content.decode()
    assert not Petition.objects.exists()
