"""Schemathesis on the campaigns operations only: no input may cause a server error, with a
caller who manages campaigns and sees one."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from danvan.core.services.accounts import api_token_issue
from tests.api.test_schemathesis import api_schema  # noqa: F401
from tests.campaigns.conftest import World, campaign_input

schema = schemathesis.pytest.from_fixture("api_schema").include(path_regex="^/api/v1/campaigns")


@pytest.fixture
def manager_header(world: World) -> dict[str, str]:
    from danvan.campaigns import services

    services.campaign_create(actor=world.manager, data=campaign_input(world))
    _, raw = api_token_issue(user=world.manager)
    return {"Authorization": f"Bearer {raw}"}


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_campaigns_api_never_answers_with_a_server_error(
    case: Any, manager_header: dict[str, str], settings: Any
) -> None:
    settings.DANVAN_API_WRITE_RATE = "100000/min"
    case.call_and_validate(headers=manager_header, checks=[not_a_server_error])
