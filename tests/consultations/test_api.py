"""/api/v1/consultations: create, structure, move (409 on a stale version, 404 outside scope),
comments, moderation, groups, responses, synthesis, statistics; the public endpoints."""

from __future__ import annotations

import json
import typing
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from danvan.consultations import api
from danvan.consultations.models import Comment, Draft
from danvan.consultations.states import (
    Audience,
    AuthorKind,
    CommentStatus,
    DocKind,
    RejectReason,
    ResponseKind,
    SectionKind,
    Status,
)
from danvan.core.models import User
from danvan.core.services.accounts import api_token_issue
from tests.consultations.conftest import DRAFT_TEXT, World, article, comment, days

pytestmark = pytest.mark.django_db
BASE = "/api/v1/consultations"


@pytest.fixture(autouse=True)
def _api_setup(settings: Any) -> None:
    settings.DANVAN_API_WRITE_RATE = "1000/min"
    cache.clear()


def auth(user: User) -> Any:
    _token, raw = api_token_issue(user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def send(client: Client, method: str, path: str, body: Any, headers: Any) -> Any:
    return getattr(client, method)(
        path, json.dumps(body), content_type="application/json", **headers
    )


def test_codes_match_the_state_tables() -> None:
    assert set(typing.get_args(api.DocKindCode)) == set(DocKind.values)
    assert set(typing.get_args(api.AudienceCode)) == set(Audience.values)
    assert set(typing.get_args(api.StatusCode)) == set(Status.values)
    assert set(typing.get_args(api.SectionKindCode)) == set(SectionKind.values)
    assert set(typing.get_args(api.AuthorKindCode)) == set(AuthorKind.values)
    assert set(typing.get_args(api.CommentStatusCode)) == set(CommentStatus.values)
    assert set(typing.get_args(api.RejectReasonCode)) == set(RejectReason.values)
    assert set(typing.get_args(api.ResponseKindCode)) == set(ResponseKind.values)


def test_full_flow_through_the_api(world: World) -> None:
    client, h = Client(), auth(world.officer)
    r = send(
        client,
        "post",
        BASE,
        {
            "kind": "resolution",
            "title": "Nghị quyết hỗ trợ nhà ở",
            "opens_on": days(-1).isoformat(),
            "closes_on": days(20).isoformat(),
            "organization_code": "52-UBND",
        },
        h,
    )
    assert r.status_code == 201, r.content
    body = r.json()
    pk, version = body["id"], body["version"]
    r = send(
        client,
        "post",
        f"{BASE}/{pk}/sections/import",
        {"expected_version": version, "text": DRAFT_TEXT},
        h,
    )
    assert r.status_code == 200 and len(r.json()["sections"]) == 5
    version = r.json()["version"]
    r = send(
        client, "post", f"{BASE}/{pk}/transitions", {"to": "open", "expected_version": version}, h
    )
    assert r.status_code == 200 and r.json()["status"] == "open"
    # the same stale version again: 409
    r = send(
        client, "post", f"{BASE}/{pk}/transitions", {"to": "closed", "expected_version": version}, h
    )
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "conflict"
    draft = Draft.objects.get(pk=pk)
    sec = article(draft, "3").pk
    # a citizen through the public endpoint
    r = send(
        Client(),
        "post",
        f"{BASE}/public/drafts/{pk}/comments",
        {
            "text": "Đề nghị nâng mức hỗ trợ lên 50 triệu.",
            "name": "An",
            "section_id": sec,
            "area_code": "23575",
            "consent": True,
        },
        {},
    )
    assert r.status_code == 201, r.content
    code = r.json()["tracking_code"]
    c = Comment.objects.get(tracking_code=code)
    r = send(
        client,
        "post",
        f"{BASE}/{pk}/comments/{c.pk}/moderation",
        {"to": "published", "expected_version": 1},
        h,
    )
    assert r.status_code == 200 and r.json()["status"] == "published"
    r = send(
        client,
        "post",
        f"{BASE}/{pk}/comments",
        {
            "text": "Mặt trận đề nghị nâng mức hỗ trợ lên 50 triệu đồng.",
            "section_id": sec,
            "organization_code": "52-MTTQ",
        },
        h,
    )
    assert r.status_code == 201 and r.json()["author_name"] == world.front.name
    org_comment = r.json()["id"]
    r = send(client, "post", f"{BASE}/{pk}/groups", {"comment_ids": [c.pk, org_comment]}, h)
    assert r.status_code == 201
    group_id = r.json()["group_id"]
    r = send(
        client,
        "put",
        f"{BASE}/{pk}/responses",
        {
            "group_id": group_id,
            "kind": "accepted",
            "text": "Tiếp thu.",
            "change": "Điều 3: 50 triệu.",
        },
        h,
    )
    assert r.status_code == 200 and r.json()["kind"] == "accepted"
    version = client.get(f"{BASE}/{pk}", **h).json()["version"]
    r = send(
        client, "post", f"{BASE}/{pk}/transitions", {"to": "closed", "expected_version": version}, h
    )
    version = r.json()["version"]
    r = send(client, "post", f"{BASE}/{pk}/synthesis", {"expected_version": version}, h)
    assert r.status_code == 200 and r.json()["synthesis_number"].startswith("01/BC-")
    r = send(Client(), "post", f"{BASE}/public/track", {"code": code}, {})
    assert r.status_code == 200 and r.json()["response_kind"] == "accepted"
    stats = client.get(f"{BASE}/{pk}/statistics", **h).json()
    assert stats["total"] == 2 and stats["by_response"] == {"accepted": 2}
    public = Client().get(f"{BASE}/public/drafts/{pk}").json()
    answers = [a for s in public["sections"] for a in s["answers"]]
    assert answers and "An" not in answers[0]["authors"]


def test_a_draft_outside_scope_is_404(world: World, opened: Callable[..., Draft]) -> None:
    draft = opened()
    client, h = Client(), auth(world.outsider)
    assert client.get(f"{BASE}/{draft.pk}", **h).status_code == 404
    r = send(
        client,
        "post",
        f"{BASE}/{draft.pk}/transitions",
        {"to": "closed", "expected_version": draft.version},
        h,
    )
    assert r.status_code == 404
    assert client.get(BASE, **h).json()["count"] == 0


def test_a_reader_may_not_act(world: World, opened: Callable[..., Draft]) -> None:
    draft = opened()
    h = auth(world.viewer)
    r = send(
        Client(),
        "post",
        f"{BASE}/{draft.pk}/transitions",
        {"to": "closed", "expected_version": draft.version},
        h,
    )
    assert r.status_code == 403


def test_public_comment_on_a_closed_period_and_throttle(
    world: World, opened: Callable[..., Draft], settings: Any
) -> None:
    settings.DANVAN_PORTAL_SUBMIT_RATE = "1/hour"
    draft = opened()
    url = f"{BASE}/public/drafts/{draft.pk}/comments"
    body = {"text": "Ý kiến của tôi.", "name": "An", "consent": False}
    r = send(Client(), "post", url, body, {})
    assert r.status_code == 422 and "consent" in r.json()["error"]["fields"]
    body["consent"] = True
    assert send(Client(), "post", url, body, {}).status_code == 201
    assert send(Client(), "post", url, body, {}).status_code == 429


def test_public_reads_hide_drafts_being_prepared(
    world: World, prepared: Callable[..., Draft], opened: Callable[..., Draft]
) -> None:
    hidden, shown = prepared(), opened()
    comment(shown)
    ids = [d["id"] for d in Client().get(f"{BASE}/public/drafts").json()]
    assert shown.pk in ids and hidden.pk not in ids
    assert Client().get(f"{BASE}/public/drafts/{hidden.pk}").status_code == 404
