"""A second-time complaint is resolved only after its dialogue (Luật Khiếu nại Đ.39)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from danvan.core.errors import ValidationFailed
from danvan.dialogues.models import Dialogue
from danvan.petitions.inputs import TransitionInput as PetitionMove
from danvan.petitions.models import Petition
from danvan.petitions.services import petition_transition
from tests.dialogues.conftest import days, move
from tests.petitions.conftest import World

pytestmark = pytest.mark.django_db


def _resolve(petition: Petition, actor: Any) -> Petition:
    petition.refresh_from_db()
    return petition_transition(
        petition=petition,
        actor=actor,
        data=PetitionMove(
            to="resolved",
            reason="Ban hành quyết định giải quyết khiếu nại lần hai",
            expected_version=petition.version,
            decision_number="15/QĐ-UBND",
            result_summary="Giữ nguyên quyết định giải quyết lần đầu.",
        ),
    )


def test_second_complaint_without_a_held_dialogue_cannot_be_resolved(
    world: World, accepted_complaint: Callable[..., Petition]
) -> None:
    petition = accepted_complaint(round_=2)
    with pytest.raises(ValidationFailed) as caught:
        _resolve(petition, world.officer_a)
    assert caught.value.code == "dialogue_required"
    petition.refresh_from_db()
    assert petition.status == "accepted"


def test_second_complaint_resolves_once_its_dialogue_is_held(
    world: World,
    accepted_complaint: Callable[..., Petition],
    make_dialogue: Callable[..., Dialogue],
) -> None:
    petition = accepted_complaint(round_=2)
    dialogue = make_dialogue(kind="complaint", petition_id=petition.pk, date=days(-2))
    move(dialogue, world.officer_a, "notified", notice_on=days(-9))
    # Notified only: not yet held, still refused.
    with pytest.raises(ValidationFailed):
        _resolve(petition, world.officer_a)
    move(dialogue, world.officer_a, "held")
    assert _resolve(petition, world.officer_a).status == "resolved"


def test_first_complaint_needs_no_dialogue_to_be_resolved(
    world: World, accepted_complaint: Callable[..., Petition]
) -> None:
    petition = accepted_complaint(round_=1)
    assert _resolve(petition, world.officer_a).status == "resolved"
