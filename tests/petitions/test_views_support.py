"""Shared builders for the petition page tests (no tests here).

`urlpatterns`: the project's URLs plus the petition pages, for `pytest.mark.urls` until the
project includes `danvan.petitions.urls` itself (then both resolve the same way).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import include, path

from danvan.config.urls import urlpatterns as project_urlpatterns
from danvan.petitions.inputs import TransitionInput
from danvan.petitions.models import Petition
from danvan.petitions.services import petition_register, petition_transition
from tests.petitions.conftest import petition_input

if any(getattr(p, "namespace", None) == "petitions" for p in project_urlpatterns):
    urlpatterns = list(project_urlpatterns)
else:
    urlpatterns = [path("", include("danvan.petitions.urls")), *project_urlpatterns]

URLS = "tests.petitions.test_views_support"


def register(actor: Any, **overrides: Any) -> Petition:
    return petition_register(actor=actor, data=petition_input(**overrides))


def move(petition: Petition, actor: Any, to: str, on: dt.date, **extra: Any) -> Petition:
    extra.setdefault("reason", f"Chuyển sang {to}")
    petition.refresh_from_db()
    return petition_transition(
        petition=petition,
        actor=actor,
        data=TransitionInput(to=to, on=on, expected_version=petition.version, **extra),
    )


def resolve(petition: Petition, actor: Any) -> Petition:
    """Triage (accept), accept and resolve the case (decision 15/QĐ-UBND of 20 March 2026)."""
    move(petition, actor, "triaged", dt.date(2026, 3, 3), outcome="accept")
    move(petition, actor, "accepted", dt.date(2026, 3, 4))
    return move(
        petition,
        actor,
        "resolved",
        dt.date(2026, 3, 20),
        decision_number="15/QĐ-UBND",
        result_summary="Giữ nguyên quyết định, điều chỉnh đơn giá bồi thường.",
    )


def signed_in(client: Any, user: Any) -> Any:
    client.force_login(user)
    return client
