"""Report indicators of the reception module (contract: `danvan.reports.indicators`; the
definitions in `danvan/data/reports/indicators.json`).

A session or register entry belongs to a report when its organisation (the receiving body) is
covered; the date that places it in the window is the reception day (`ReceptionSession.date`,
`ReceptionEntry.received_on`).

- `reception.sessions_by_head`: sessions held (status `held`) of the kinds the head must hold
  (scheduled, `scheduled`) or may call (extraordinary, `extraordinary`), hosted by the head in
  person (`host_kind = head`), as the duty page counts them; daily desk days and sessions hosted
  by an authorised deputy are not counted.
- `reception.visitors`: the people received: the sum of `visitor_count` over the register
  entries, except visitors refused (outcome `refused`: not received, Luật Tiếp công dân Đ.9).
- `reception.crowd_delegations`: of those entries, the ones with at least `CROWD_MIN` (5) people
  (đoàn đông người, Luật Tiếp công dân Đ.30).

Two queries: one over the sessions, one over the register.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from danvan.core.indicators import record_list, url_or_blank
from danvan.reception.models import ReceptionEntry, ReceptionSession
from danvan.reception.states import CROWD_MIN, HostKind, Outcome, SessionKind, SessionStatus
from danvan.reports.indicators import (
    Coverage,
    Number,
    RecordList,
    RecordRow,
    Window,
    org_filter,
    window_filter,
)

SESSIONS_BY_HEAD = "reception.sessions_by_head"
VISITORS = "reception.visitors"
CROWD_DELEGATIONS = "reception.crowd_delegations"

HEAD_SESSION_KINDS: tuple[str, ...] = (SessionKind.SCHEDULED, SessionKind.EXTRAORDINARY)


def sessions_queryset(coverage: Coverage, window: Window) -> QuerySet[ReceptionSession]:
    return ReceptionSession.objects.filter(
        **org_filter(coverage),
        **window_filter("date", window),
        status=SessionStatus.HELD,
        host_kind=HostKind.HEAD,
        kind__in=HEAD_SESSION_KINDS,
    )


def entries_queryset(coverage: Coverage, window: Window) -> QuerySet[ReceptionEntry]:
    return ReceptionEntry.objects.filter(
        **org_filter(coverage), **window_filter("received_on", window)
    ).exclude(outcome=Outcome.REFUSED)


def figures(coverage: Coverage, window: Window) -> dict[str, Number | None]:
    sessions = sessions_queryset(coverage, window).count()
    entries = entries_queryset(coverage, window).aggregate(
        visitors=Sum("visitor_count"),
        crowds=Count("id", filter=Q(visitor_count__gte=CROWD_MIN)),
    )
    return {
        SESSIONS_BY_HEAD: sessions,
        VISITORS: int(entries["visitors"] or 0),
        CROWD_DELEGATIONS: int(entries["crowds"]),
    }


def _session_row(session: ReceptionSession) -> RecordRow:
    kind = (
        str(SessionKind(session.kind).label) if session.kind in SessionKind.values else session.kind
    )
    host = ", ".join(x for x in (session.host_position, session.organization.name) if x)
    return RecordRow(
        reference=f"{session.date:%d/%m/%Y}",
        title=f"{kind} — {host}",
        on=session.date,
        url=url_or_blank("reception:session_detail", session.pk),
    )


def _entry_row(entry: ReceptionEntry) -> RecordRow:
    """The register number, the outcome and the number of people: never a visitor's name."""
    outcome = str(Outcome(entry.outcome).label) if entry.outcome in Outcome.values else ""
    parts = [outcome]
    if entry.petition_id and entry.petition is not None:
        parts.append(_("đơn %(case)s") % {"case": entry.petition.case_number})
    return RecordRow(
        reference=entry.label,
        title=" — ".join(p for p in parts if p) or entry.organization.name,
        on=entry.received_on,
        url=url_or_blank("reception:entry_detail", entry.pk),
        note=_("%(n)d người") % {"n": entry.visitor_count},
    )


def records(code: str, coverage: Coverage, window: Window, user: Any) -> RecordList:
    from danvan.reception.permissions import viewing_organization_ids

    ids = None if user is None else viewing_organization_ids(user)
    if code == SESSIONS_BY_HEAD:
        visible_sessions = (
            None
            if user is None or ids is None
            else ReceptionSession.objects.filter(organization_id__in=sorted(ids))
        )
        return record_list(
            sessions_queryset(coverage, window).select_related("organization"),
            visible_sessions,
            _session_row,
            order=("date", "id"),
        )
    if code in (VISITORS, CROWD_DELEGATIONS):
        counted = entries_queryset(coverage, window)
        if code == CROWD_DELEGATIONS:
            counted = counted.filter(visitor_count__gte=CROWD_MIN)
        visible_entries = (
            None
            if user is None or ids is None
            else ReceptionEntry.objects.filter(organization_id__in=sorted(ids))
        )
        return record_list(
            counted.select_related("organization", "petition"),
            visible_entries,
            _entry_row,
            order=("received_on", "id"),
        )
    raise KeyError(code)
