"""Small helpers shared by the petition pages: deadline colours, people to assign, redirects."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from danvan.core.models import Membership, ObligationStatus
from danvan.core.selectors.calendar import work_calendar
from danvan.core.selectors.obligations import RAG_LABELS, amber_cutoff, days_left_text, rag_of
from danvan.core.selectors.scope import kept_for_generation, user_scope
from danvan.petitions.permissions import HANDLER_ROLES

# Roles that work on cases (and may be given one).
WORKING_ROLES: tuple[str, ...] = HANDLER_ROLES


class Deadlines:
    """The board's traffic light (red / amber / green) for many due dates, with one read of
    the work calendar, and the "còn 3 ngày" texts."""

    def __init__(self) -> None:
        self.today = timezone.localdate()
        self._amber_until: dt.date | None = None

    @property
    def amber_until(self) -> dt.date:
        if self._amber_until is None:
            self._amber_until = amber_cutoff(self.today, work_calendar())
        return self._amber_until

    def colour(self, due: dt.date | None, status: str = ObligationStatus.OPEN) -> str:
        if due is None:
            return ""
        return rag_of(due, status=status, today=self.today, amber_until=self.amber_until)

    @staticmethod
    def label(colour: str) -> str:
        return str(RAG_LABELS.get(colour, ""))

    def days_left(self, due: dt.date | None) -> int | None:
        return None if due is None else (due - self.today).days

    def days_text(self, due: dt.date | None) -> str:
        return days_left_text(self.days_left(due))


def people_choices(organization_ids: Iterable[int]) -> list[tuple[int, str]]:
    """Users working at these organisations, for the assignee selects. Kept by the process
    under the scope generation token (memberships, and people's names and active flags, renew
    it: migrations core/0007, core/0011), so a page usually asks nothing more."""
    ids = sorted(set(organization_ids))
    if not ids:
        return []
    kept = kept_for_generation(f"petitions.people_choices:{ids}", lambda: _people(ids))
    return list(kept)


def _people(ids: list[int]) -> tuple[tuple[int, str], ...]:
    rows = (
        Membership.objects.filter(
            organization_id__in=ids, role__in=WORKING_ROLES, user__is_active=True
        )
        .select_related("user")
        .order_by("user__full_name", "user__username")
    )
    seen: dict[int, str] = {}
    for row in rows:
        user = row.user
        seen.setdefault(user.pk, user.full_name or user.username)
    return tuple(seen.items())


def own_organization_ids(user: Any) -> list[int]:
    """The organisations where the user holds a role (not the whole scope below them)."""
    return sorted({grant.organization_id for grant in user_scope(user).grants})


def case_url(pk: int, anchor: str = "") -> str:
    url = reverse("petitions:detail", kwargs={"pk": pk})
    return f"{url}#{anchor}" if anchor else url


def safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def querystring_without_page(request: HttpRequest) -> str:
    params = {k: str(v) for k, v in request.GET.items() if k != "page" and v != ""}
    return urlencode(params)
