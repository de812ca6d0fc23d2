"""Input holding NUL is refused at the door, the same on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import UserFactory


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/audit?target_type=%00&target_id=1",
        "/api/v1/admin-units?q=ha%00noi",
        "/api/v1/organizations/%00",
    ],
)
def test_api_answers_nul_in_query_or_path_with_structured_400(client: Client, url: str) -> None:
    client.force_login(UserFactory(is_superuser=True))
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_characters"


@pytest.mark.django_db
def test_api_answers_nul_in_json_body_with_structured_400(client: Client) -> None:
    response = client.post(
        "/api/v1/auth/token",
        {"username": "a\x00b", "password": "x"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_characters"


@pytest.mark.django_db
def test_page_form_with_nul_is_refused_in_vietnamese(client: Client) -> None:
    response = client.post("/dang-nhap/", {"username": "canbo\x00", "password": "x"})
    assert response.status_code == 400
    assert "ký tự NUL" in response.content.decode()


@pytest.mark.django_db
def test_plain_vietnamese_input_passes(client: Client) -> None:
    client.force_login(UserFactory(is_superuser=True))
    response = client.get("/api/v1/admin-units?q=Đakrông")
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("content_type", ["text/plain", "application/octet-stream", ""])
def test_api_answers_nul_in_a_json_body_sent_with_another_content_type(
    client: Client, content_type: str
) -> None:
    response = client.post(
        "/api/v1/auth/token",
        '{"username": "a\\u0000b", "password": "x"}',
        content_type=content_type,
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_characters"
