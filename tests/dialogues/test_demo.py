"""The demo dialogues: every kind, minutes, commitments done and overdue, idempotent, fast."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from danvan.core.models import AuditEvent, Obligation, Task, User
from danvan.dialogues.demo import demo_dialogues_load
from danvan.dialogues.models import Dialogue, Minutes, Participant
from danvan.dialogues.selectors import complaints_needing_dialogue

pytestmark = pytest.mark.django_db
LOADED: dict[str, Any] = {}


@pytest.fixture(scope="module", autouse=True)
def demo(
    django_db_setup: Any,
    django_db_blocker: Any,
    vault_test_key: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[None]:
    from danvan.core.services.demo import demo_data_load
    from danvan.core.services.reference import reference_data_load
    from danvan.petitions.demo import demo_petitions_load

    with (
        override_settings(
            DANVAN_VAULT_KEY=vault_test_key,
            DANVAN_VAULT_KEY_FILE="",
            MEDIA_ROOT=tmp_path_factory.mktemp("media"),
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        reference_data_load()
        demo_data_load()
        demo_petitions_load(count=30, seed=7)
        LOADED["first"] = demo_dialogues_load()
        LOADED["second"] = demo_dialogues_load()
        yield
        transaction.set_rollback(True)


def test_the_demo_has_every_kind_and_is_idempotent() -> None:
    first = LOADED["first"]
    assert first["dialogues"] == Dialogue.objects.count() >= 30
    assert LOADED["second"] == {}
    kinds = set(Dialogue.objects.values_list("kind", flat=True))
    assert kinds == {"complaint", "annual", "leader"}
    statuses = set(Dialogue.objects.values_list("status", flat=True))
    assert {"planned", "notified", "minutes_signed", "closed"} <= statuses
    assert first.get("skipped", 0) == 0


def test_the_demo_has_minutes_refusals_and_commitments_done_and_overdue() -> None:
    assert Minutes.objects.count() == LOADED["first"]["minutes"] > 0
    assert Participant.objects.filter(signature="refused").exclude(refusal_reason="").exists()
    today = timezone.localdate()
    tasks = Task.objects.filter(target_type="dialogues.dialogue")
    assert tasks.filter(status="done").exists()
    assert tasks.filter(status__in=["open", "in_progress"], due__lt=today).exists()
    overdue_notice = Obligation.objects.filter(kind="dialogue.notice", status="open", due__lt=today)
    assert overdue_notice.exists()


def test_the_demo_leaves_a_second_time_complaint_needing_a_dialogue() -> None:
    leader = User.objects.get(username="lanhdao")
    rows = complaints_needing_dialogue(user=leader)
    assert rows, "the panel has something to show"
    held = Dialogue.objects.filter(kind="complaint", status__in=["minutes_signed", "closed"])
    assert held.count() >= 1


def test_the_demo_audit_log_has_no_citizen_names() -> None:
    names = list(
        Participant.objects.filter(role="citizen").values_list("full_name", flat=True)[:20]
    )
    text = " ".join(
        str(c)
        for c in AuditEvent.objects.filter(verb__startswith="dialogue.").values_list(
            "changes", flat=True
        )
    )
    assert names and not any(name in text for name in names)
