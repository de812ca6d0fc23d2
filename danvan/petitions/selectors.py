"""Reads of the petitions module, always scoped to what the user may see.

A user sees the cases of the organisations in their scope (`core.selectors.scope`) and the
cases where one of those organisations is a coordinating agency. Anything else is answered as
if it did not exist (Http404).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core.db.fixed import rows_matching, rows_where
from danvan.core.models import AdminUnit, Obligation
from danvan.core.selectors.scope import row_in_scope, user_scope
from danvan.core.selectors.units import admin_unit_territory_ids
from danvan.petitions import permissions
from danvan.petitions.models import (
    Extension,
    Petition,
    PetitionAgency,
    PetitionAttachment,
    PetitionDocument,
    Petitioner,
    PetitionEvent,
    Suspension,
    Transfer,
)
from danvan.petitions.search import search_filter
from danvan.petitions.states import OPEN_STATES, Outcome, Status, allowed_targets


@dataclass
class PetitionFilters:
    q: str = ""
    status: str = ""
    kind: str = ""
    topic: str = ""
    area_code: str = ""
    overdue: bool = False
    assignee_id: int | None = None
    inbox: bool = False
    organization_id: int | None = None


def _scope_organization_ids(user: Any) -> list[int] | None:
    """The organisations whose cases the user sees (and those they coordinate); None for a
    superuser, who sees every case."""
    scope = user_scope(user)
    if scope.is_superuser:
        return None
    return sorted(scope.organizations_for(permissions.VIEWER_ROLES))


def _coordinated(ids: list[int]) -> QuerySet[Any]:
    """The ids of the cases these organisations coordinate, as a subquery."""
    return PetitionAgency.objects.filter(organization_id__in=ids).values("petition_id")


def _scoped(
    user: Any,
    *,
    many: bool = False,
    narrow: Callable[[QuerySet[Petition]], QuerySet[Petition]] | None = None,
) -> QuerySet[Petition]:
    """The cases in the user's scope. `many`: for lists and counts, where the scope is one
    `id IN (own UNION coordinating)`: PostgreSQL cannot use an index for `organization_id IN
    (...) OR id IN (subquery)` and scanned every petition, newest first, until it had a page
    (1.7 s for a commune's list among 100,000 petitions, against 0.4 ms as a union).

    `narrow` (with `many`): the list's filters, also applied inside the union's own branch, so
    that the database narrows the organisations' cases with its indexes before reading any row.
    A search: a common phrase matches ~150,000 of 1 M petitions nationwide but ~7,000 of a
    province's; PostgreSQL read the 150,000 then kept the province's (2.3 s), and now reads the
    7,000 (0.7 s). A status: a commune with 2,000 cases read all 2,000 to keep the 60 received
    ones (8.7 ms); with the filter inside, the (organisation, status) index gives the 60. The
    caller still filters the whole union (the coordinating branch)."""
    qs = Petition.objects.all()
    ids = _scope_organization_ids(user)
    if ids is None:
        return qs
    if not ids:
        return qs.none()
    coordinating = _coordinated(ids)
    if many:
        own = Petition.objects.filter(organization_id__in=ids)
        if narrow is not None:
            own = narrow(own)
        return qs.filter(pk__in=own.order_by().values("pk").union(coordinating.order_by()))
    return qs.filter(Q(organization_id__in=ids) | Q(pk__in=coordinating))


def _list_narrow(f: PetitionFilters) -> Callable[[QuerySet[Petition]], QuerySet[Petition]] | None:
    """The list's filters as one function over a queryset of petitions; None when an area code
    matches no unit (the list is empty)."""
    today = timezone.localdate()
    territory: list[int] | None = None
    if f.area_code:
        code = f.area_code.strip()
        units = list(AdminUnit.objects.filter(code=code).values_list("id", flat=True)[:5])
        if not units:
            return None
        found: set[int] = set()
        for unit_id in units:
            found |= admin_unit_territory_ids(unit_id)
        territory = sorted(found)

    def narrow(qs: QuerySet[Petition]) -> QuerySet[Petition]:
        if f.status:
            qs = qs.filter(status=f.status)
        if f.kind:
            qs = qs.filter(kind=f.kind)
        if f.topic:
            qs = qs.filter(topic=f.topic)
        if f.assignee_id is not None:
            qs = qs.filter(assignee_id=f.assignee_id)
        if f.organization_id is not None:
            qs = qs.filter(organization_id=f.organization_id)
        if f.inbox:
            qs = qs.filter(inbox_pending=True)
        if f.overdue:
            qs = qs.filter(next_deadline__lt=today, status__in=sorted(OPEN_STATES))
        if territory is not None:
            qs = qs.filter(area_id__in=territory)
        if f.q.strip():
            qs = search_filter(qs, f.q)
        return qs

    return narrow


LIST_ORDER = ("-received_on", "-id")


def petition_list(*, user: Any, filters: PetitionFilters | None = None) -> QuerySet[Petition]:
    """The cases the user may see, filtered; newest first, ready for a list page."""
    narrow = _list_narrow(filters or PetitionFilters())
    if narrow is None:
        return Petition.objects.none()
    return _list_rows(user, narrow)


def _list_rows(
    user: Any, narrow: Callable[[QuerySet[Petition]], QuerySet[Petition]]
) -> QuerySet[Petition]:
    rows = narrow(_scoped(user, many=True, narrow=narrow))
    return rows.select_related("organization", "area", "assignee").order_by(*LIST_ORDER)


def petition_list_and_keys(
    *, user: Any, filters: PetitionFilters | None = None
) -> tuple[QuerySet[Petition], QuerySet[Any]]:
    """`petition_list`, and the keys of its cases as `(id, received_on)` rows in the same order:
    for counting them and choosing a page's keys (`core.pagination.DeferredPaginator(keys=...)`,
    `core.api.common.page_of(keys=...)`); the page's rows are then read from the list.

    The list is `id IN (own UNION coordinating)` ordered by the date received, so PostgreSQL
    read every case of the scope twice (once in the union, once again by primary key for its
    date) to count them, then again to choose a page: 7 ms and 12 ms for the load test's busiest
    organisation at 2,319 cases, growing with it. In the keys each branch of the union carries
    the date, the own branch reads the (organisation, date received, id) index alone, and the
    union is counted and ordered as it is."""
    narrow = _list_narrow(filters or PetitionFilters())
    if narrow is None:
        nothing = Petition.objects.none()
        return nothing, nothing.values_list("id", "received_on")
    rows = _list_rows(user, narrow)
    ids = _scope_organization_ids(user)
    if ids is None:
        keys = narrow(Petition.objects.all()).values_list("id", "received_on")
        return rows, keys.order_by(*LIST_ORDER)
    if not ids:
        return rows, Petition.objects.none().values_list("id", "received_on")
    own = narrow(Petition.objects.filter(organization_id__in=ids))
    coordinating = narrow(Petition.objects.filter(pk__in=_coordinated(ids)))
    keys = (
        own.order_by()
        .values_list("id", "received_on")
        .union(coordinating.order_by().values_list("id", "received_on"))
    )
    return rows, keys.order_by(*LIST_ORDER)


def petitions_counted(*, user: Any, territory: Sequence[int] | None = None) -> QuerySet[Petition]:
    """The cases the user may see, unordered, for counts and aggregates over a territory (the
    ids of its unit rows) or everything in scope (None).

    The scope here is `organization_id IN (...) OR id IN (coordinating)`, which PostgreSQL
    checks row by row over the territory's area index. The list's union form (`petition_list`)
    first builds the set of every visible case: for a province's 12-month trends at 1 M
    petitions that took 0.71 s, this 0.26 s, same counts.
    """
    qs = _scoped(user)
    if territory is not None:
        qs = qs.filter(area_id__in=sorted(territory))
    return qs.order_by()


def petition_get(*, user: Any, pk: Any) -> Petition:
    """One case inside the user's scope, or Http404."""
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    # Only the relations every case has (the optional ones are mostly empty and load on use),
    # read with a fixed statement (core/db/fixed.py: the ORM compiled this 100-column join at
    # every case page and API read); the scope is then checked on the row, as `_scoped` filters.
    found = rows_where(Petition, "pk", key, related=_CASE_RELATIONS)
    if not found or not _in_scope(user, found[0]):
        raise Http404
    return found[0]


_CASE_RELATIONS = ("organization", "area", "assignee")


def _in_scope(user: Any, petition: Petition) -> bool:
    """Whether `_scoped(user)` holds this case: its organisation is in the user's scope, or one
    of the scope's organisations is a coordinating agency of it."""
    shared = PetitionAgency.objects.filter(petition_id=petition.pk)
    return row_in_scope(user, petition.organization_id, shared, roles=permissions.VIEWER_ROLES)


def petition_get_or_none(*, user: Any, pk: Any) -> Petition | None:
    try:
        return petition_get(user=user, pk=pk)
    except Http404:
        return None


def petition_chain(petition: Petition) -> list[Petition]:
    """The case and the cases it was transferred from, oldest first (its history)."""
    chain = [petition]
    seen = {petition.pk}
    current = petition
    while current.transferred_from_id and current.transferred_from_id not in seen:
        previous = Petition.objects.select_related("organization").get(
            pk=current.transferred_from_id
        )
        seen.add(previous.pk)
        chain.append(previous)
        current = previous
    return list(reversed(chain))


@dataclass(frozen=True)
class CaseRows:
    """A case's short lists, in their models' order."""

    petitioners: list[Petitioner]
    documents: list[PetitionDocument]
    attachments: list[PetitionAttachment]
    suspensions: list[Suspension]
    extensions: list[Extension]


def petition_petitioners(*, petition: Petition) -> list[Petitioner]:
    """The case's petitioners in their order (a fixed statement: core/db/fixed.py)."""
    return rows_where(Petitioner, "petition", petition.pk)


def petition_documents(*, petition: Petition) -> list[PetitionDocument]:
    """The documents issued for the case, oldest first (a fixed statement)."""
    return rows_where(PetitionDocument, "petition", petition.pk)


def petition_case_rows(*, petition: Petition, petitioners: bool = True) -> CaseRows:
    """The case's petitioners (none when `petitioners` is False: a denouncer's identity stays in
    the vault), documents, attachments, suspensions and extensions, each read with a fixed
    statement (core/db/fixed.py). `petition` comes from `petition_get`, inside the scope."""
    return CaseRows(
        petitioners=petition_petitioners(petition=petition) if petitioners else [],
        documents=petition_documents(petition=petition),
        attachments=rows_where(PetitionAttachment, "petition", petition.pk),
        suspensions=rows_where(Suspension, "petition", petition.pk),
        extensions=rows_where(Extension, "petition", petition.pk),
    )


def petition_timeline(*, petition: Petition) -> list[PetitionEvent]:
    """The case's events, including those of the cases it was transferred from, in order of
    their legal date, then of recording. Each event's `petition` is the chain's (with its
    organisation), not a join: the events of a case would each bring the case's whole row again.
    One fixed statement per case of the chain (core/db/fixed.py; most chains have one case).
    The documents of the case's own events are among `petition_documents` (`event_id`)."""
    chain = petition_chain(petition)
    rows: list[PetitionEvent] = []
    for case in chain:
        for event in rows_where(PetitionEvent, "petition", case.pk):
            # The sender's handling of the denouncer's identity stays with the sender.
            if case.pk != petition.pk and event.verb.startswith("identity_"):
                continue
            event.petition = case
            rows.append(event)
    rows.sort(key=lambda e: (e.on, e.at, e.pk))
    return rows


def petition_duplicates(*, petition: Petition) -> list[Petition]:
    """The cases marked as duplicates of this one (a fixed statement; most cases have none).
    Unscoped: the caller shows only those the user may open."""
    return rows_where(Petition, "duplicate_of", petition.pk)


def petition_transfers_sent(*, petition: Petition) -> list[Transfer]:
    """The transfers that sent this case away, latest first, with the receiving organisation
    (a fixed statement)."""
    return rows_where(Transfer, "petition", petition.pk, related=("to_organization",))


@dataclass(frozen=True)
class Move:
    to: str
    label: str
    needs: list[str]
    outcome_choices: list[tuple[str, str]] | None = None


MOVE_LABELS = {
    Status.TRIAGED: gettext_lazy("Xử lý đơn"),
    Status.ACCEPTED: gettext_lazy("Thụ lý"),
    Status.VERIFYING: gettext_lazy("Xác minh"),
    Status.SUSPENDED: gettext_lazy("Tạm đình chỉ"),
    Status.RESOLVED: gettext_lazy("Ban hành kết quả giải quyết"),
    Status.CLOSED: gettext_lazy("Kết thúc hồ sơ"),
    Status.WITHDRAWN: gettext_lazy("Rút đơn"),
}

MOVE_NEEDS = {
    Status.TRIAGED: ["reason", "on", "outcome", "ineligible_reason", "transfer_to"],
    Status.ACCEPTED: ["reason", "on", "complex", "especially_complex"],
    Status.VERIFYING: ["reason", "on"],
    Status.SUSPENDED: ["reason", "on", "decision_number"],
    Status.RESOLVED: ["reason", "on", "decision_number", "result_summary"],
    Status.CLOSED: ["reason", "on", "satisfaction", "satisfaction_channel"],
    Status.WITHDRAWN: ["reason", "on"],
}


def move_label(petition: Petition, to: str) -> str:
    if to == Status.VERIFYING and petition.status == Status.SUSPENDED:
        return _("Tiếp tục giải quyết")
    return str(MOVE_LABELS[Status(to)])


def petition_allowed_moves(*, petition: Petition, user: Any) -> list[Move]:
    """The legal next moves the user may make on the case (none if they may not handle it)."""
    if not permissions.can_handle(user, petition):
        return []
    moves = []
    for to in allowed_targets(petition.status, petition.triage_outcome):
        needs = list(MOVE_NEEDS[Status(to)])
        if to == Status.ACCEPTED and petition.kind not in ("complaint", "denunciation"):
            needs = ["reason", "on"]
        choices = None
        if to == Status.TRIAGED:
            choices = [(o.value, str(o.label)) for o in Outcome]
        moves.append(
            Move(to=to, label=move_label(petition, to), needs=needs, outcome_choices=choices)
        )
    return moves


def petition_deadlines(*, petition: Petition) -> list[Obligation]:
    """The case's deadlines from the registry (open first, then by due date, then as
    recorded). Read with a fixed statement (core/db/fixed.py), like the case's other short
    lists: every case page and API read asks for them."""
    rows = rows_matching(
        Obligation,
        {"target_type": petition._meta.label_lower, "target_id": petition.pk},
        related=("organization", "assignee"),
    )
    order = {"open": 0, "paused": 1, "done": 2, "cancelled": 3}
    return sorted(rows, key=lambda o: (order.get(o.status, 9), o.due or dt.date.max, o.pk))


def petition_transfers(*, petition: Petition) -> list[Transfer]:
    """The transfers that sent this case away or brought it here, by date sent, then as
    recorded (two fixed statements: most cases have none)."""
    related = ("from_organization", "to_organization", "received_petition", "petition")
    sent = rows_where(Transfer, "petition", petition.pk, related=related)
    received = rows_where(Transfer, "received_petition", petition.pk, related=related)
    by_id = {t.pk: t for t in [*sent, *received]}
    return sorted(by_id.values(), key=lambda t: (t.sent_on, t.pk))


def petition_agencies(*, petition: Petition) -> list[PetitionAgency]:
    """The agencies taking part in the case: the lead first (roles in descending order), then
    as recorded."""
    rows = rows_where(PetitionAgency, "petition", petition.pk, related=("organization", "assignee"))
    rows.sort(key=lambda a: a.pk)
    rows.sort(key=lambda a: a.role, reverse=True)
    return rows


# --- Aggregates for the early warning (danvan.monitoring) ------------------------------------
# Unscoped on purpose: the detection job counts the cases of every area, with no user and no
# personal data; monitoring shows its alerts only to the people they are addressed to.


def petition_weekly_counts(*, start: dt.date, end: dt.date) -> list[tuple[int, str, dt.date, int]]:
    """(area id, topic, Monday of the ISO week, number of cases) of the petitions received from
    `start` to `end` (inclusive), one aggregate query. A case received by transfer (the same
    petition again) and a case marked as a duplicate of another are not counted again."""
    from django.db.models import Count
    from django.db.models.functions import TruncWeek

    rows = (
        Petition.objects.filter(
            received_on__gte=start,
            received_on__lte=end,
            transferred_from__isnull=True,
            duplicate_of__isnull=True,
        )
        .annotate(signal_week=TruncWeek("received_on"))
        .values("area_id", "topic", "signal_week")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [(r["area_id"], r["topic"], _as_date(r["signal_week"]), r["n"]) for r in rows]


def petition_signals(
    *, area_ids: list[int], start: dt.date, end: dt.date, topic: str = "", limit: int = 50
) -> list[tuple[int, str, dt.date]]:
    """(id, label, received_on) of the cases counted by `petition_weekly_counts` in those areas
    and days (one topic, or every topic with ""), newest first: the evidence of an alert. The
    label is the case number and kind, never a name."""
    from danvan.petitions.states import Kind

    qs = Petition.objects.filter(
        area_id__in=sorted(area_ids),
        received_on__gte=start,
        received_on__lte=end,
        transferred_from__isnull=True,
        duplicate_of__isnull=True,
    )
    if topic:
        qs = qs.filter(topic=topic)
    rows = qs.order_by("-received_on", "-id").values_list(
        "id", "case_number", "kind", "received_on"
    )
    kinds = dict(Kind.choices)
    return [
        (pk, f"{_('Đơn thư')} {number} ({kinds.get(kind, kind)})", on)
        for pk, number, kind, on in rows[:limit]
    ]


def petition_labels(*, ids: list[int]) -> list[tuple[int, str, dt.date]]:
    """(id, label, received_on) of those cases, as `petition_signals` labels them."""
    from danvan.petitions.states import Kind

    kinds = dict(Kind.choices)
    rows = Petition.objects.filter(pk__in=sorted(ids)).values_list(
        "id", "case_number", "kind", "received_on"
    )
    return [
        (pk, f"{_('Đơn thư')} {number} ({kinds.get(kind, kind)})", on)
        for pk, number, kind, on in rows.order_by("-received_on", "-id")
    ]


def _as_date(value: Any) -> dt.date:
    # TruncWeek gives a date on PostgreSQL and SQLite alike; a datetime is tolerated all the same.
    return value.date() if isinstance(value, dt.datetime) else value
