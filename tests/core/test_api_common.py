"""Organisations named by code in API bodies: active ones only, every unknown code listed."""

from __future__ import annotations

import pytest

from danvan.core.api.common import active_organization_id, active_organization_ids
from danvan.core.errors import ValidationFailed
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_codes_give_ids_in_the_order_given_once_each() -> None:
    a = OrganizationFactory(code="44-A")
    b = OrganizationFactory(code="44-B")

    assert active_organization_ids([" 44-B", "44-A", "44-B", ""], "units") == {
        "44-B": b.pk,
        "44-A": a.pk,
    }
    assert active_organization_id("44-A", "lead") == a.pk
    assert active_organization_id("", "lead") is None


def test_unknown_and_inactive_codes_are_named_in_one_error() -> None:
    OrganizationFactory(code="44-A")
    OrganizationFactory(code="44-OLD", is_active=False)

    with pytest.raises(ValidationFailed) as caught:
        active_organization_ids(["44-A", "44-OLD", "KHONG-CO"], "units")

    message = caught.value.fields["units"]
    assert "44-OLD" in message and "KHONG-CO" in message and "44-A" not in message
