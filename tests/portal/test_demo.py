"""The portal demo: real submissions, some answered, idempotent, a code to try."""

from __future__ import annotations

import pytest

from danvan.petitions.services.portal import petition_public_status
from danvan.portal.demo import demo_portal_load
from danvan.portal.models import Submission
from tests.petitions.conftest import World

pytestmark = pytest.mark.django_db


def test_demo_creates_answered_submissions_once(world: World) -> None:
    first = demo_portal_load(count=8)
    # Only province 44 exists in the test world: its submissions go through, the others not.
    assert first["created"] == Submission.objects.count() > 0
    assert first["answered"] >= 1
    status = petition_public_status(tracking_code=first["tracking_code"])
    assert status.public_answer
    second = demo_portal_load(count=8)
    assert second["created"] == 0
    assert second["tracking_code"] == first["tracking_code"]
    assert Submission.objects.count() == first["created"]
