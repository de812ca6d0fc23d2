"""Helpers of the portal tests (no tests here)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from danvan.petitions.inputs import TransitionInput
from danvan.petitions.models import Petition
from danvan.petitions.services import petition_inbox_acknowledge, petition_transition
from danvan.petitions.services.portal import petition_public_answer_set
from danvan.portal.services import portal_submit
from tests.portal.conftest import submission

ANSWER = "UBND xã đã kiểm tra và giao đơn vị điện lực sửa đèn trong tuần này."


def submit(**overrides: Any) -> Petition:
    files = overrides.pop("files", ())
    result = portal_submit(data=submission(**overrides), files=files, ip_hash="h" * 64)
    assert result.submission.petition is not None
    return result.submission.petition


def move(petition: Petition, actor: Any, to: str, **extra: Any) -> Petition:
    petition.refresh_from_db()
    return petition_transition(
        petition=petition,
        actor=actor,
        data=TransitionInput(
            to=to,
            reason=extra.pop("reason", f"Chuyển sang {to}"),
            expected_version=petition.version,
            on=timezone.localdate(),
            **extra,
        ),
    )


def answer_and_close(petition: Petition, officer: Any, *, close: bool = True) -> Petition:
    """An officer takes the case from the inbox, answers it publicly and (optionally) closes."""
    petition_inbox_acknowledge(petition=petition, actor=officer)
    petition = move(petition, officer, "triaged", outcome="answer")
    petition_public_answer_set(
        petition=petition, actor=officer, text=ANSWER, expected_version=petition.version
    )
    if close:
        petition = move(petition, officer, "closed")
    petition.refresh_from_db()
    return petition
