"""The deadline registry's writes: `obligation_sync`, `obligation_next_due`, the registries."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest
from django.utils import timezone

from danvan.core.errors import ValidationFailed
from danvan.core.models import Obligation, Organization
from danvan.core.services import obligations as registry
from danvan.core.services.obligations import (
    obligation_kind_label,
    obligation_kinds_register,
    obligation_next_due,
    obligation_sync,
    obligation_target_url,
    obligation_target_url_register,
)
from tests.core.test_board_support import BoardWorld, board_world, fast_password_hashing, spec

__all__ = ["board_world", "fast_password_hashing"]

D = dt.date


def rows(target: Organization) -> dict[str, Obligation]:
    return {
        o.key: o
        for o in Obligation.objects.filter(target_type="core.organization", target_id=target.pk)
    }


def test_sync_creates_one_row_per_key_linked_to_the_target(board_world: BoardWorld) -> None:
    org = board_world.org_a

    obligation_sync(
        target=org,
        specs=[
            spec(org, D(2026, 3, 20), key="triage", kind="petition.triage", rule_id="r.triage"),
            spec(org, D(2026, 4, 20), key="resolve", kind="petition.resolve"),
        ],
        target_label="Đơn số 12/2026",
        target_status="received",
    )

    found = rows(org)
    assert set(found) == {"triage", "resolve"}
    triage = found["triage"]
    assert (triage.target_type, triage.target_id) == ("core.organization", org.pk)
    assert triage.due == D(2026, 3, 20)
    assert triage.rule_id == "r.triage"
    assert triage.target_label == "Đơn số 12/2026"
    assert triage.target_status == "received"
    assert triage.status == "open"


def test_sync_again_updates_the_due_date_in_place(board_world: BoardWorld) -> None:
    org = board_world.org_a
    obligation_sync(target=org, specs=[spec(org, D(2026, 3, 20), key="resolve")])
    first = rows(org)["resolve"]

    obligation_sync(target=org, specs=[spec(org, D(2026, 5, 4), key="resolve")])

    again = rows(org)
    assert list(again) == ["resolve"]
    assert again["resolve"].pk == first.pk
    assert again["resolve"].due == D(2026, 5, 4)


def test_a_new_due_date_is_reminded_again(board_world: BoardWorld) -> None:
    org = board_world.org_a
    obligation_sync(target=org, specs=[spec(org, D(2026, 3, 20), key="resolve")])
    Obligation.objects.filter(key="resolve").update(
        reminded_before_on=D(2026, 3, 17), reminded_overdue_on=D(2026, 3, 21)
    )

    obligation_sync(target=org, specs=[spec(org, D(2026, 5, 4), key="resolve")])

    row = rows(org)["resolve"]
    assert row.reminded_before_on is None and row.reminded_overdue_on is None


def test_an_unchanged_sync_keeps_the_reminder_flags(board_world: BoardWorld) -> None:
    org = board_world.org_a
    same = spec(org, D(2026, 3, 20), key="resolve")
    obligation_sync(target=org, specs=[same])
    Obligation.objects.filter(key="resolve").update(reminded_before_on=D(2026, 3, 17))

    obligation_sync(target=org, specs=[same])

    assert rows(org)["resolve"].reminded_before_on == D(2026, 3, 17)


def test_a_key_left_out_is_cancelled_when_it_was_open_or_paused(
    board_world: BoardWorld,
) -> None:
    org = board_world.org_a
    obligation_sync(
        target=org,
        specs=[
            spec(org, D(2026, 3, 20), key="triage"),
            spec(org, None, key="resolve", status="paused"),
            spec(org, D(2026, 4, 1), key="report"),
        ],
    )

    obligation_sync(target=org, specs=[spec(org, D(2026, 4, 1), key="report")])

    found = rows(org)
    assert found["triage"].status == "cancelled"
    assert found["resolve"].status == "cancelled"
    assert found["report"].status == "open"


def test_a_done_obligation_left_out_stays_done(board_world: BoardWorld) -> None:
    org = board_world.org_a
    obligation_sync(
        target=org,
        specs=[spec(org, D(2026, 3, 20), key="triage", status="done")],
    )
    done_on = rows(org)["triage"].completed_on

    obligation_sync(target=org, specs=[spec(org, D(2026, 4, 20), key="resolve")])

    triage = rows(org)["triage"]
    assert triage.status == "done"
    assert triage.completed_on == done_on


def test_a_done_obligation_keeps_its_completion_day_on_later_syncs(
    board_world: BoardWorld,
) -> None:
    org = board_world.org_a
    first = replace(
        spec(org, D(2026, 3, 20), key="triage"), status="done", completed_on=D(2026, 3, 18)
    )
    obligation_sync(target=org, specs=[first])

    later = replace(first, completed_on=D(2026, 3, 25))
    obligation_sync(target=org, specs=[later])

    assert rows(org)["triage"].completed_on == D(2026, 3, 18)


def test_done_without_a_completion_day_is_done_today(board_world: BoardWorld) -> None:
    org = board_world.org_a

    obligation_sync(target=org, specs=[spec(org, D(2026, 3, 20), key="triage", status="done")])

    assert rows(org)["triage"].completed_on == timezone.localdate()


def test_sync_of_one_record_leaves_other_records_alone(board_world: BoardWorld) -> None:
    a, b = board_world.org_a, board_world.org_b
    obligation_sync(target=a, specs=[spec(a, D(2026, 3, 20), key="resolve")])
    obligation_sync(target=b, specs=[spec(b, D(2026, 3, 21), key="resolve")])

    obligation_sync(target=a, specs=[])

    assert rows(a)["resolve"].status == "cancelled"
    assert rows(b)["resolve"].status == "open"


def test_sync_runs_a_fixed_number_of_queries(
    board_world: BoardWorld, django_assert_max_num_queries: Any
) -> None:
    org = board_world.org_a
    obligation_sync(target=org, specs=[spec(org, D(2026, 3, 20), key=f"old{i}") for i in range(10)])
    specs = [spec(org, D(2026, 4, 1), key=f"old{i}") for i in range(5)]
    specs += [spec(org, D(2026, 4, 2), key=f"new{i}") for i in range(20)]

    # savepoint + SELECT + INSERT + UPDATE (+ release): not one query per row.
    with django_assert_max_num_queries(6):
        obligation_sync(target=org, specs=specs)

    found = rows(org)
    assert sum(o.status == "open" for o in found.values()) == 25
    assert sum(o.status == "cancelled" for o in found.values()) == 5


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"due": None}, "specs"),
        ({"status": "late"}, "specs"),
        ({"key": ""}, "specs"),
    ],
)
def test_sync_refuses_a_bad_spec(
    board_world: BoardWorld, change: dict[str, Any], field: str
) -> None:
    org = board_world.org_a
    bad = replace(spec(org, D(2026, 3, 20), key="x"), **change)

    with pytest.raises(ValidationFailed) as raised:
        obligation_sync(target=org, specs=[bad])

    assert field in raised.value.fields
    assert not rows(org)


def test_sync_refuses_the_same_key_twice(board_world: BoardWorld) -> None:
    org = board_world.org_a

    with pytest.raises(ValidationFailed):
        obligation_sync(
            target=org,
            specs=[spec(org, D(2026, 3, 20), key="x"), spec(org, D(2026, 3, 21), key="x")],
        )


def test_next_due_is_the_earliest_open_deadline(board_world: BoardWorld) -> None:
    org = board_world.org_a
    obligation_sync(
        target=org,
        specs=[
            spec(org, D(2026, 3, 10), key="triage", status="done"),
            spec(org, D(2026, 3, 12), key="paused", status="paused"),
            spec(org, D(2026, 4, 20), key="resolve"),
            spec(org, D(2026, 3, 30), key="report"),
        ],
    )

    assert obligation_next_due(target=org) == (D(2026, 3, 30), "report")


def test_next_due_of_a_record_without_open_deadlines_is_none(board_world: BoardWorld) -> None:
    assert obligation_next_due(target=board_world.org_b) == (None, "")


def test_kinds_and_target_links_come_from_the_registries(
    board_world: BoardWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Registries are process-wide: this test's entries must not outlive it.
    monkeypatch.setattr(registry, "_KIND_LABELS", dict(registry._KIND_LABELS))
    monkeypatch.setattr(registry, "_TARGET_URLS", {})
    org = board_world.org_a
    obligation_kinds_register("test.hearing", "Tổ chức đối thoại")
    obligation_target_url_register("core.organization", lambda pk: f"/thu/{pk}/")
    obligation_sync(target=org, specs=[spec(org, D(2026, 3, 20), key="h", kind="test.hearing")])

    row = rows(org)["h"]

    assert obligation_kind_label("test.hearing") == "Tổ chức đối thoại"
    assert obligation_kind_label("task") == "Nhiệm vụ"
    assert obligation_kind_label("unknown.kind") == "unknown.kind"
    assert obligation_target_url(row) == f"/thu/{org.pk}/"
