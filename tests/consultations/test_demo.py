"""The demo consultations: four drafts in their states, loaded once (idempotent)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test.utils import override_settings

from danvan.consultations import selectors
from danvan.consultations.demo import demo_consultations_load
from danvan.consultations.models import Comment, Draft

pytestmark = pytest.mark.django_db
LOADED: dict[str, Any] = {}


@pytest.fixture(scope="module", autouse=True)
def demo(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    from danvan.core.services.demo import demo_data_load
    from danvan.core.services.reference import reference_data_load

    with (
        override_settings(
            MEDIA_ROOT=tmp_path_factory.mktemp("media"),
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        reference_data_load()
        demo_data_load()
        LOADED["first"] = demo_consultations_load()
        LOADED["counts"] = (Draft.objects.count(), Comment.objects.count())
        LOADED["second"] = demo_consultations_load()
        LOADED["after"] = (Draft.objects.count(), Comment.objects.count())
        LOADED["statuses"] = sorted(Draft.objects.values_list("status", flat=True))
        convention = Draft.objects.get(kind="convention")
        LOADED["convention"] = (
            convention.synthesis_number,
            len(selectors.answerables(convention)),
            sum(1 for r in selectors.answerables(convention) if r.response is None),
            convention.groups.count(),
        )
        LOADED["pending"] = Comment.objects.filter(
            draft__kind="resolution", status="pending"
        ).count()
        yield
        transaction.set_rollback(True)


def test_every_draft_is_created_once() -> None:
    assert LOADED["first"]["drafts"] == 4 == LOADED["counts"][0]
    assert LOADED["first"]["comments"] == LOADED["counts"][1]
    assert LOADED["second"] == {} and LOADED["after"] == LOADED["counts"]


def test_one_open_with_pending_comments_and_one_synthesised_with_responses() -> None:
    assert LOADED["statuses"] == ["closed", "draft", "open", "synthesised"]
    assert LOADED["pending"] >= 3
    number, rows, unanswered, groups = LOADED["convention"]
    assert number.startswith("01/BC-") and rows > 0 and unanswered == 0 and groups >= 3
