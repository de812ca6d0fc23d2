"""Fixtures for the dialogues tests: the petitions world (province 44, communes, people) plus
helpers that schedule dialogues and accept complaints through the real services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from danvan.dialogues import services
from danvan.dialogues.inputs import DialogueInput, ParticipantInput, TransitionInput
from danvan.dialogues.models import Dialogue
from danvan.petitions.inputs import PersonInput
from danvan.petitions.inputs import TransitionInput as PetitionMove
from danvan.petitions.models import Petition
from danvan.petitions.services import petition_register, petition_transition
from tests.petitions.conftest import World, _rules, petition_input, world  # noqa: F401


def today() -> dt.date:
    return timezone.localdate()


def days(n: int) -> dt.date:
    return today() + dt.timedelta(days=n)


@pytest.fixture
def accepted_complaint(world: World) -> Callable[..., Petition]:  # noqa: F811
    """A complaint of commune A, accepted (thụ lý) 8 days ago; round 2 unless told."""

    def make(*, round_: int = 2, actor: Any = None, area_code: str = "19001") -> Petition:
        actor = actor or world.officer_a
        petition = petition_register(
            actor=actor,
            data=petition_input(
                received_on=days(-12),
                complaint_round=round_,
                area_code=area_code,
                respondent="Chủ tịch UBND xã An",
                petitioners=[
                    PersonInput(
                        full_name="Nguyễn Văn Hùng",
                        id_number="044085001234",
                        address="Thôn Đông, xã An",
                    )
                ],
            ),
        )
        petition_transition(
            petition=petition,
            actor=actor,
            data=PetitionMove(
                to="triaged",
                reason="Đủ điều kiện thụ lý",
                expected_version=petition.version,
                on=days(-11),
                outcome="accept",
            ),
        )
        petition.refresh_from_db()
        petition_transition(
            petition=petition,
            actor=actor,
            data=PetitionMove(
                to="accepted",
                reason="Thụ lý giải quyết",
                expected_version=petition.version,
                on=days(-10),
            ),
        )
        petition.refresh_from_db()
        return petition

    return make


def dialogue_input(**overrides: Any) -> DialogueInput:
    values: dict[str, Any] = {
        "kind": "leader",
        "organization_id": None,
        "topic": "Bí thư Đảng ủy xã đối thoại với đoàn viên, thanh niên về việc làm",
        "date": days(20),
        "place": "Hội trường UBND xã An",
        "chair_name": "Hồ Văn Kiên",
        "chair_position": "Bí thư Đảng ủy xã",
        "audience": "youth",
    }
    values.update(overrides)
    return DialogueInput(**values)


@pytest.fixture
def make_dialogue(world: World) -> Callable[..., Dialogue]:  # noqa: F811
    def make(*, actor: Any = None, **overrides: Any) -> Dialogue:
        overrides.setdefault("organization_id", world.commune_a_org.pk)
        return services.dialogue_create(
            actor=actor or world.officer_a, data=dialogue_input(**overrides)
        )

    return make


def move(dialogue: Dialogue, actor: Any, to: str, **kw: Any) -> Dialogue:
    dialogue.refresh_from_db()
    return services.dialogue_transition(
        dialogue=dialogue,
        actor=actor,
        data=TransitionInput(to=to, expected_version=dialogue.version, **kw),
    )


@pytest.fixture
def held_dialogue(
    world: World,  # noqa: F811
    make_dialogue: Callable[..., Dialogue],
) -> Dialogue:
    """A leader dialogue held 3 days ago (notified in time), with a recorder and a citizen."""
    d = make_dialogue(date=days(-3))
    move(d, world.officer_a, "notified", notice_on=days(-12))
    move(d, world.officer_a, "held")
    services.participant_add(
        dialogue=d,
        actor=world.officer_a,
        data=ParticipantInput(role="recorder", full_name="Lê Thị Thư", title="Công chức VP"),
    )
    services.participant_add(
        dialogue=d,
        actor=world.officer_a,
        data=ParticipantInput(role="citizen", full_name="Trần Văn Dân", address="Thôn Tây"),
    )
    d.refresh_from_db()
    return d
