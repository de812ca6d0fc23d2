"""Schemathesis drives every operation of the OpenAPI schema: no input may cause a server error."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from danvan.core.models import Role
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory


@pytest.fixture
def api_schema(db: None) -> Any:
    from danvan.config.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture
def auth_header(db: None, client: Any) -> dict[str, str]:
    user = UserFactory(username="api-admin")
    MembershipFactory(user=user, organization=OrganizationFactory(), role=Role.ADMINISTRATOR)
    response = client.post(
        "/api/v1/auth/token",
        {"username": "api-admin", "password": "mat-khau-thu-123"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return {"Authorization": f"Bearer {response.json()['token']}"}


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_never_answers_with_a_server_error(case: Any, auth_header: dict[str, str]) -> None:
    case.call_and_validate(headers=auth_header, checks=[not_a_server_error])
