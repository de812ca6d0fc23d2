"""Shared fixtures for the reception tests: the petitions test province and builders."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from danvan.reception.inputs import EntryInput, SessionInput, VisitorInput
from tests.petitions.conftest import World, _rules, world  # noqa: F401

# A Monday in the past: reply deadlines and publication deadlines are deterministic.
DAY = dt.date(2026, 3, 2)


def session_input(w: World, **overrides: Any) -> SessionInput:
    """A scheduled session of commune A's People's Committee, hosted by its chairman."""
    values: dict[str, Any] = {
        "organization_id": w.commune_a_org.pk,
        "date": DAY,
        "kind": "scheduled",
        "place_kind": "hq",
        "place": "Hội trường UBND xã An",
        "host_kind": "head",
        "host_name": "Trần Văn Chủ",
        "host_position": "Chủ tịch UBND xã An",
    }
    values.update(overrides)
    return SessionInput(**values)


def entry_input(**overrides: Any) -> EntryInput:
    """A visitor of commune A whose complaint is received for handling."""
    values: dict[str, Any] = {
        "received_on": DAY,
        "content": "Khiếu nại việc UBND xã thu hồi đất vườn của gia đình tại thôn Đông mà "
        "không bồi thường.",
        "outcome": "received",
        "visitor": VisitorInput(
            full_name="Nguyễn Thị Mai",
            id_number="044185001234",
            address="Thôn Đông, xã An",
            phone="0912345678",
        ),
        "petition_kind": "complaint",
        "area_code": "19001",
        "topic": "dat_dai",
    }
    values.update(overrides)
    return EntryInput(**values)


@pytest.fixture
def make_session() -> Any:
    return session_input


@pytest.fixture
def make_entry() -> Any:
    return entry_input
