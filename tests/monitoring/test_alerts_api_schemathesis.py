"""Schemathesis over the alert operations only, as a superuser, with one open alert in the
database so that generated input reaches the services (tests/api runs the whole schema too)."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from danvan.core.services.accounts import api_token_issue
from tests.api.test_schemathesis import api_schema  # noqa: F401
from tests.factories import UserFactory
from tests.monitoring.alerts_fixtures import (  # noqa: F401
    AlertWorld,
    _rules,
    aw,
    sensitive_alert,
    world,
)

schema = schemathesis.pytest.from_fixture("api_schema").include(path_regex="/monitoring/alerts")


@pytest.fixture
def super_header(aw: AlertWorld) -> dict[str, str]:  # noqa: F811
    sensitive_alert(aw)
    _, raw = api_token_issue(user=UserFactory(username="st-super", is_superuser=True))
    return {"Authorization": f"Bearer {raw}"}


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_alerts_api_never_answers_with_a_server_error(
    case: Any, super_header: dict[str, str]
) -> None:
    case.call_and_validate(headers=super_header, checks=[not_a_server_error])
