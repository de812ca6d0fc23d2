"""The officer writes the answer the citizen reads: service, case page, API."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.test import Client

from danvan.core.errors import Conflict, PermissionDenied, ValidationFailed
from danvan.core.models import AuditEvent
from danvan.core.services.accounts import api_token_issue
from danvan.petitions.services.portal import petition_public_answer_set
from tests.petitions.conftest import World
from tests.portal.helpers import ANSWER, submit

pytestmark = pytest.mark.django_db


def test_handler_sets_the_answer_audited_by_its_digest_only(world: World) -> None:
    petition = submit()
    petition = petition_public_answer_set(
        petition=petition, actor=world.officer_a, text=ANSWER, expected_version=petition.version
    )
    assert petition.public_answer == ANSWER and petition.public_answer_on is not None
    event = AuditEvent.objects.get(verb="petition.public_answer")
    assert event.actor_id == world.officer_a.pk
    assert event.changes["public_answer"] == [None, hashlib.sha256(ANSWER.encode()).hexdigest()]
    assert ANSWER not in json.dumps(event.changes, ensure_ascii=False)
    assert petition.events.filter(verb="public_answer").exists()


def test_only_a_handler_of_the_case_may_answer(world: World) -> None:
    petition = submit()
    for user in (world.viewer, world.officer_b):
        with pytest.raises(PermissionDenied):
            petition_public_answer_set(
                petition=petition, actor=user, text=ANSWER, expected_version=petition.version
            )
    # An officer of the province above may.
    petition_public_answer_set(
        petition=petition, actor=world.officer, text=ANSWER, expected_version=petition.version
    )


def test_answer_needs_text_and_the_current_version(world: World) -> None:
    petition = submit()
    with pytest.raises(ValidationFailed) as error:
        petition_public_answer_set(
            petition=petition, actor=world.officer_a, text="ngắn", expected_version=petition.version
        )
    assert "text" in error.value.fields
    with pytest.raises(Conflict):
        petition_public_answer_set(
            petition=petition, actor=world.officer_a, text=ANSWER, expected_version=99
        )


def test_case_page_form_publishes_the_answer(world: World) -> None:
    petition = submit()
    client = Client()
    client.force_login(world.officer_a)
    page = client.get(f"/don-thu/{petition.pk}/").content.decode()
    assert "Viết trả lời công khai" in page
    assert "Đơn công dân gửi qua Cổng công dân, chưa được tiếp nhận." in page
    response = client.post(
        f"/don-thu/{petition.pk}/tra-loi/",
        {"text": ANSWER, "expected_version": petition.version},
    )
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.public_answer == ANSWER
    bad = client.post(
        f"/don-thu/{petition.pk}/tra-loi/", {"text": "x", "expected_version": petition.version}
    )
    assert bad.status_code == 422
    viewer = Client()
    viewer.force_login(world.viewer)
    assert "Viết trả lời công khai" not in viewer.get(f"/don-thu/{petition.pk}/").content.decode()
    refused = viewer.post(
        f"/don-thu/{petition.pk}/tra-loi/", {"text": ANSWER, "expected_version": petition.version}
    )
    assert refused.status_code == 403


def test_api_sets_the_answer(world: World) -> None:
    petition = submit()
    _token, raw = api_token_issue(user=world.officer_a)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    response = client.put(
        f"/api/v1/petitions/{petition.pk}/public-answer",
        {"text": ANSWER, "expected_version": petition.version},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["public_answer"] == ANSWER
    stale = client.put(
        f"/api/v1/petitions/{petition.pk}/public-answer",
        {"text": ANSWER + " Bổ sung.", "expected_version": petition.version},
        content_type="application/json",
    )
    assert stale.status_code == 409
    _token, viewer_raw = api_token_issue(user=world.viewer)
    refused = Client(HTTP_AUTHORIZATION=f"Bearer {viewer_raw}").put(
        f"/api/v1/petitions/{petition.pk}/public-answer",
        {"text": ANSWER, "expected_version": body["version"]},
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "forbidden"
