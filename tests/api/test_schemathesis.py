"""Schemathesis drives every operation of the OpenAPI schema: no input may cause a server error."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from danvan.core.models import Role
from danvan.core.services.accounts import api_token_issue
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory


@pytest.fixture
def api_schema(db: None) -> Iterator[Any]:
    from danvan.config.wsgi import application

    # Schemathesis calls the WSGI application directly. Like Django's test client, keep the
    # request signals from closing the test's connection (it is inside the test transaction).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture
def auth_header(db: None) -> dict[str, str]:
    # Issued through the service, not Django's test client: the client reconnects the
    # request signals that `api_schema` keeps off.
    user = UserFactory(username="api-admin")
    MembershipFactory(user=user, organization=OrganizationFactory(), role=Role.ADMINISTRATOR)
    _, raw = api_token_issue(user=user)
    return {"Authorization": f"Bearer {raw}"}


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_never_answers_with_a_server_error(case: Any, auth_header: dict[str, str]) -> None:
    case.call_and_validate(headers=auth_header, checks=[not_a_server_error])
