"""`scoped_record`: the caller and their record for an endpoint, its answer marked no-store;
an error (the record outside the scope, or a refusal after it was found) is answered
without the mark, as when each endpoint called `no_store` just before answering."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.testing import TestClient

from danvan.core.api.common import scoped_record
from danvan.core.errors import NotFound
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _get(*, user: Any, pk: int) -> dict[str, Any]:
    if pk != 7:
        raise NotFound("Không tìm thấy.")
    return {"pk": pk, "seen_by": user.pk}


def test_gives_the_caller_and_the_record_and_marks_the_answer_no_store() -> None:
    request = RequestFactory().get("/")
    request.user = UserFactory()
    response = HttpResponse()

    user, record = scoped_record(request, response, _get, 7)

    assert user == request.user and record == {"pk": 7, "seen_by": user.pk}
    assert response["Cache-Control"] == "no-store"


def test_a_record_outside_the_scope_leaves_the_answer_unmarked() -> None:
    request = RequestFactory().get("/")
    request.user = UserFactory()
    response = HttpResponse()

    with pytest.raises(NotFound):
        scoped_record(request, response, _get, 8)

    assert "Cache-Control" not in response


def test_an_error_after_the_record_was_found_is_answered_without_the_mark() -> None:
    api = NinjaAPI(urls_namespace="scoped-record-test")

    @api.post("/things/{pk}")
    def act(request: Any, response: HttpResponse, pk: int, refuse: bool = False) -> Any:
        _user, record = scoped_record(request, response, _get, pk)
        if refuse:
            raise HttpError(422, "Từ chối.")
        return record

    client = TestClient(api)
    user = UserFactory()

    done = client.post("/things/7", user=user)
    refused = client.post("/things/7?refuse=true", user=user)

    assert done.status_code == 200 and done.headers.get("Cache-Control") == "no-store"
    assert refused.status_code == 422 and "Cache-Control" not in refused.headers
