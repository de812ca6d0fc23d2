"""Fixtures of the portal tests: the petitions world (province 44, communes 19001/19002 with
their People's Committees, 19003 without one) and helpers to submit."""

from __future__ import annotations

from typing import Any

import pytest

from danvan.portal.services import SubmissionInput
from tests.petitions.conftest import _rules, world  # noqa: F401


@pytest.fixture(autouse=True)
def _portal_rates(settings: Any) -> None:
    settings.DANVAN_PORTAL_SUBMIT_RATE = "100/hour"
    settings.DANVAN_PORTAL_LOOKUP_RATE = "1000/hour"


def submission(**overrides: Any) -> SubmissionInput:
    """A valid report about commune 19001 by a named citizen (override anything)."""
    values: dict[str, Any] = {
        "kind": "report",
        "province": "44",
        "commune": "19001",
        "content": "Đèn đường thôn Đông hỏng đã một tháng, buổi tối học sinh đi lại nguy hiểm.",
        "requests": "Đề nghị sửa đèn sớm.",
        "consent": True,
        "name": "Nguyễn Thị Hoa",
        "address": "Thôn Đông, xã An",
        "phone": "0912345678",
    }
    values.update(overrides)
    return SubmissionInput(**values)


def form_data(**overrides: Any) -> dict[str, Any]:
    """The web form's fields for the same report."""
    data: dict[str, Any] = {
        "kind": "report",
        "province": "44",
        "commune": "19001",
        "content": "Đèn đường thôn Đông hỏng đã một tháng, buổi tối học sinh đi lại nguy hiểm.",
        "requests": "Đề nghị sửa đèn sớm.",
        "name": "Nguyễn Thị Hoa",
        "address": "Thôn Đông, xã An",
        "phone": "0912345678",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
