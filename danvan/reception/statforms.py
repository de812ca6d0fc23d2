"""The reception figures of the inspectorate's form 01/TCD (tiếp công dân thường xuyên, định kỳ
và đột xuất), per receiving organisation, for `danvan.reports.documents.statforms`.

Which reception a register entry belongs to:
- thường xuyên (daily): an entry at a daily desk session (`kind = daily`) or outside any session;
- Thủ trưởng tiếp (head): a scheduled or extraordinary session hosted by the head in person;
- ủy quyền tiếp (delegate): such a session hosted by an authorised deputy.

A visitor refused under Luật Tiếp công dân Đ.9 (outcome `refused`) was not received and counts
nowhere. Lượt: register entries; người: their `visitor_count`; đoàn đông người: entries with at
least `CROWD_MIN` (5) people. Vụ việc: the petition an entry is linked to (several entries about
one petition are one case); an entry without a petition is a case of its own. A case is «tiếp
nhiều lần» when one of its entries in the window follows an earlier entry about the same
petition (at any body, before or inside the window), «tiếp lần đầu» otherwise. Số kỳ tiếp: held
sessions of the head (or the deputy) in the window, with or without visitors.

Two grouped queries: the register entries and the sessions, each grouped by organisation.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django.db.models import Count, Exists, OuterRef, Q, Sum

from danvan.reception.models import ReceptionEntry, ReceptionSession
from danvan.reception.states import CROWD_MIN, HostKind, Outcome, SessionKind, SessionStatus
from danvan.reports.indicators import Coverage, Window, org_filter, window_filter

HEAD_KINDS: tuple[str, ...] = (SessionKind.SCHEDULED, SessionKind.EXTRAORDINARY)
CATEGORIES: tuple[str, ...] = ("daily", "head", "delegate")


def _category(name: str) -> Q:
    if name == "daily":
        return Q(session__isnull=True) | Q(session__kind=SessionKind.DAILY)
    host = HostKind.HEAD if name == "head" else HostKind.DELEGATE
    return Q(session__kind__in=HEAD_KINDS, session__host_kind=host)


def reception_rows(coverage: Coverage, window: Window) -> dict[int, dict[str, int]]:
    """Per organisation id: every key of form 01/TCD (see `danvan/data/reports/statforms.json`)."""
    earlier = ReceptionEntry.objects.filter(petition_id=OuterRef("petition_id")).exclude(
        outcome=Outcome.REFUSED
    )
    earlier = earlier.filter(
        Q(received_on__lt=OuterRef("received_on"))
        | Q(received_on=OuterRef("received_on"), id__lt=OuterRef("id"))
    )
    crowd = Q(visitor_count__gte=CROWD_MIN)
    aggregates: dict[str, Any] = {}
    for name in CATEGORIES:
        for prefix, where in ((name, _category(name)), (f"{name}_crowd", _category(name) & crowd)):
            aggregates[f"{prefix}_visits"] = Count("id", filter=where)
            aggregates[f"{prefix}_people"] = Sum("visitor_count", filter=where)
            aggregates[f"{prefix}_linked"] = Count("petition_id", distinct=True, filter=where)
            aggregates[f"{prefix}_repeat"] = Count(
                "petition_id", distinct=True, filter=where & Q(repeat=True)
            )
            aggregates[f"{prefix}_loose"] = Count("id", filter=where & Q(petition__isnull=True))
    entries = (
        ReceptionEntry.objects.filter(
            **org_filter(coverage), **window_filter("received_on", window)
        )
        .exclude(outcome=Outcome.REFUSED)
        .annotate(repeat=Exists(earlier))
        .values("organization_id")
        .annotate(**aggregates)
        .order_by()
    )
    sessions = (
        ReceptionSession.objects.filter(
            **org_filter(coverage),
            **window_filter("date", window),
            status=SessionStatus.HELD,
            kind__in=HEAD_KINDS,
        )
        .values("organization_id")
        .annotate(
            head=Count("id", filter=Q(host_kind=HostKind.HEAD)),
            delegate=Count("id", filter=Q(host_kind=HostKind.DELEGATE)),
        )
        .order_by()
    )
    rows: dict[int, dict[str, int]] = {}
    for row in cast(Iterable[dict[str, Any]], entries):
        out: dict[str, int] = {}
        for name in CATEGORIES:
            for prefix, key in ((name, ""), (f"{name}_crowd", "crowd_")):
                visits = int(row[f"{prefix}_visits"])
                repeat = int(row[f"{prefix}_repeat"])
                first = int(row[f"{prefix}_linked"]) - repeat + int(row[f"{prefix}_loose"])
                out[f"{name}.{'crowds' if key else 'visits'}"] = visits
                out[f"{name}.{key}people"] = int(row[f"{prefix}_people"] or 0)
                out[f"{name}.{key}cases_first"] = first
                out[f"{name}.{key}cases_repeat"] = repeat
        rows[int(row["organization_id"])] = out
    for held in sessions:
        out = rows.setdefault(int(held["organization_id"]), _empty())
        out["head.sessions"] = int(held["head"])
        out["delegate.sessions"] = int(held["delegate"])
    for out in rows.values():
        out.setdefault("head.sessions", 0)
        out.setdefault("delegate.sessions", 0)
        out["visits"] = sum(out[f"{n}.visits"] for n in CATEGORIES)
        out["people"] = sum(out[f"{n}.people"] for n in CATEGORIES)
        out["cases"] = sum(out[f"{n}.cases_first"] + out[f"{n}.cases_repeat"] for n in CATEGORIES)
    return rows


def _empty() -> dict[str, int]:
    out: dict[str, int] = {}
    for name in CATEGORIES:
        for key in (
            "visits",
            "people",
            "cases_first",
            "cases_repeat",
            "crowds",
            "crowd_people",
            "crowd_cases_first",
            "crowd_cases_repeat",
        ):
            out[f"{name}.{key}"] = 0
    return out
