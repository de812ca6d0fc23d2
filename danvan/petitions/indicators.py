"""Report indicators of the petitions module (contract: `danvan.reports.indicators`; the
definitions, as the report shows them, in `danvan/data/reports/indicators.json`).

A case belongs to a report when its organisation (`Petition.organization`, the body handling
it) is covered. "Counted once":

- a case marked as a duplicate (`duplicate_of`) of a case whose organisation is also covered is
  never counted (the first case of the chain is); a duplicate of a case outside the coverage is
  the only copy the report sees, and counts;
- a case opened by a transfer (`transferred_from`) from a case whose organisation is also
  covered is not counted again in the receipt figures (received, eligible, within competence):
  the first receipt in the coverage is, with its own received date and triage; the resolution
  figures count the case where it was resolved (the sender's copy is closed by the transfer and
  is never resolved);
- a case still waiting in an inbox (`inbox_pending`: a portal submission or a transfer nobody
  has taken yet) is not in the register yet and is not counted as received.

Figures (window = both ends included):

- `petitions.received` (+ per topic): received date in the window;
- `petitions.eligible`: of those, triaged with an outcome other than "file" (lưu đơn) or
  "ineligible" (không đủ điều kiện xử lý): accept, transfer, guide, answer;
- `petitions.within_competence`: of those, accepted for resolution (thụ lý) or answered by the
  body itself (trả lời); transferred and guided cases are not within its competence;
- `petitions.resolved` (+ per topic): decision or conclusion date (`resolved_on`) in the window;
- `petitions.resolved_on_time_pct`: of those, the share whose resolution deadline in the
  registry (`core.Obligation`, key `resolve`: the rule, its variant, extensions and suspended
  days, exactly as the board counts) was met: completed on or before its due date. A resolved
  case without a resolution deadline in the registry counts in the denominator only;
- `petitions.overdue`: on the window's last day, cases accepted by then whose resolution
  deadline (registry, key `resolve`) was before that day and which were neither resolved nor
  withdrawn by then (resolved or withdrawn later, or still open); a case suspended now has no
  running deadline in the registry and is not counted;
- `satisfaction.pct`: ratings recorded in the window (`satisfaction_at`, local date): the share
  "satisfied" (hài lòng) of all ratings (satisfied, partly, unsatisfied).

Two queries, each one pass over the coverage's cases grouped by topic with conditional counts:
the cases received in the window; the cases resolved, rated or overdue in it (the on-time and
deadline tests are EXISTS lookups on the registry's unique key).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from danvan.core.indicators import (
    record_list,
    topic_figures,
    topic_fold,
    topic_q,
    topic_split,
    url_or_blank,
    without_jit,
)
from danvan.core.models import Obligation
from danvan.petitions.models import Petition
from danvan.petitions.states import Kind, Outcome, Satisfaction
from danvan.reports.indicators import (
    Coverage,
    Number,
    RecordList,
    RecordRow,
    Window,
    org_filter,
    rate,
    window_filter,
)

RECEIVED = "petitions.received"
ELIGIBLE = "petitions.eligible"
WITHIN_COMPETENCE = "petitions.within_competence"
RESOLVED = "petitions.resolved"
ON_TIME_PCT = "petitions.resolved_on_time_pct"
OVERDUE = "petitions.overdue"
SATISFACTION_PCT = "satisfaction.pct"

ELIGIBLE_OUTCOMES: tuple[str, ...] = (
    Outcome.ACCEPT,
    Outcome.TRANSFER,
    Outcome.GUIDE,
    Outcome.ANSWER,
)
COMPETENT_OUTCOMES: tuple[str, ...] = (Outcome.ACCEPT, Outcome.ANSWER)
RESOLVE_KEY = "resolve"
TARGET_TYPE = Petition._meta.label_lower


# --- The sets counted ------------------------------------------------------------------------


def _not_repeated(qs: QuerySet[Petition], coverage: Coverage, *, transfers: bool) -> Any:
    """Without duplicates (and, with `transfers`, transferred copies) of covered cases."""
    if coverage.everything:
        qs = qs.filter(duplicate_of__isnull=True)
        return qs.filter(transferred_from__isnull=True) if transfers else qs
    orgs = sorted(coverage.organization_ids)
    qs = qs.filter(Q(duplicate_of__isnull=True) | ~Q(duplicate_of__organization_id__in=orgs))
    if transfers:
        qs = qs.filter(
            Q(transferred_from__isnull=True) | ~Q(transferred_from__organization_id__in=orgs)
        )
    return qs


def received_queryset(coverage: Coverage, window: Window) -> QuerySet[Petition]:
    """The cases counted as received in the window."""
    qs = Petition.objects.filter(
        **org_filter(coverage), **window_filter("received_on", window), inbox_pending=False
    )
    result: QuerySet[Petition] = _not_repeated(qs, coverage, transfers=True)
    return result


def _cases(coverage: Coverage) -> QuerySet[Petition]:
    result: QuerySet[Petition] = _not_repeated(
        Petition.objects.filter(**org_filter(coverage)), coverage, transfers=False
    )
    return result


def _resolved_q(window: Window) -> Q:
    return Q(**window_filter("resolved_on", window))


def _rated_q(window: Window) -> Q:
    return Q(**window_filter("satisfaction_at__date", window)) & ~Q(satisfaction="")


def resolved_queryset(coverage: Coverage, window: Window) -> QuerySet[Petition]:
    return _cases(coverage).filter(_resolved_q(window))


def rated_queryset(coverage: Coverage, window: Window) -> QuerySet[Petition]:
    return _cases(coverage).filter(_rated_q(window))


def _resolve_obligations() -> QuerySet[Obligation]:
    return Obligation.objects.filter(
        target_type=TARGET_TYPE, target_id=OuterRef("pk"), key=RESOLVE_KEY
    )


def _on_time() -> Exists:
    return Exists(
        _resolve_obligations().filter(status="done", due__isnull=False, completed_on__lte=F("due"))
    )


def _overdue_at(window: Window) -> Q:
    """Accepted by the window's last day, its resolution deadline (registry) before that day,
    and neither resolved nor withdrawn by then (the registry keeps no date for a cancelled
    deadline, so the case's own dates say whether it was still open)."""
    end = window.end
    return (
        Q(accepted_on__lte=end)
        & (Q(resolved_on__isnull=True) | Q(resolved_on__gt=end))
        & (Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=end))
        & Q(Exists(_resolve_obligations().filter(due__lt=end)))
    )


def overdue_queryset(coverage: Coverage, window: Window) -> QuerySet[Petition]:
    return _cases(coverage).filter(_overdue_at(window))


# --- Figures -----------------------------------------------------------------------------------


SERIES_CODES: tuple[str, ...] = ("petitions.received", "petitions.resolved")


def series(coverage: Coverage, windows: list[Window]) -> dict[str, list[int]]:
    """`petitions.received` and `petitions.resolved` in each of `windows` (consecutive, in
    order): two queries over the whole span with one conditional count per window, the same
    cases `figures` counts."""
    if not windows:
        return {code: [] for code in SERIES_CODES}
    whole = Window(windows[0].start, windows[-1].end)

    def counts(qs: QuerySet[Petition], field: str) -> list[int]:
        row = qs.aggregate(
            **{
                f"w{i}": Count("pk", filter=Q(**window_filter(field, w)))
                for i, w in enumerate(windows)
            }
        )
        return [int(row[f"w{i}"] or 0) for i in range(len(windows))]

    with without_jit():
        return {
            "petitions.received": counts(received_queryset(coverage, whole), "received_on"),
            "petitions.resolved": counts(resolved_queryset(coverage, whole), "resolved_on"),
        }


def figures(coverage: Coverage, window: Window) -> dict[str, Number | None]:
    with without_jit():
        return _figures(coverage, window)


def _figures(coverage: Coverage, window: Window) -> dict[str, Number | None]:
    values: dict[str, Number | None] = {}

    received: list[tuple[str, int]] = []
    eligible = competent = 0
    for row in (
        received_queryset(coverage, window)
        .values("topic")
        .annotate(
            n=Count("id"),
            eligible=Count("id", filter=Q(triage_outcome__in=ELIGIBLE_OUTCOMES)),
            competent=Count("id", filter=Q(triage_outcome__in=COMPETENT_OUTCOMES)),
        )
        .order_by()
    ):
        received.append((row["topic"], row["n"]))
        eligible += row["eligible"]
        competent += row["competent"]
    per_topic = topic_fold(received)
    values[RECEIVED] = sum(per_topic.values())
    values.update(topic_figures(RECEIVED, per_topic))
    values[ELIGIBLE] = eligible
    values[WITHIN_COMPETENCE] = competent

    # One pass over the coverage's cases for what is decided, rated or overdue in the window.
    resolved_q, rated_q, overdue_q = _resolved_q(window), _rated_q(window), _overdue_at(window)
    resolved: list[tuple[str, int]] = []
    on_time = rated = satisfied = overdue = 0
    for case in (
        _cases(coverage)
        .filter(resolved_q | rated_q | overdue_q)
        .values("topic")
        .annotate(
            resolved=Count("id", filter=resolved_q),
            on_time=Count("id", filter=resolved_q & Q(_on_time())),
            rated=Count("id", filter=rated_q),
            satisfied=Count("id", filter=rated_q & Q(satisfaction=Satisfaction.SATISFIED)),
            overdue=Count("id", filter=overdue_q),
        )
        .order_by()
    ):
        resolved.append((case["topic"], case["resolved"]))
        on_time += case["on_time"]
        rated += case["rated"]
        satisfied += case["satisfied"]
        overdue += case["overdue"]
    per_topic = topic_fold(resolved)
    total_resolved = sum(per_topic.values())
    values[RESOLVED] = total_resolved
    values.update(topic_figures(RESOLVED, per_topic))
    values[ON_TIME_PCT] = rate(on_time, total_resolved)
    values[SATISFACTION_PCT] = rate(satisfied, rated)
    values[OVERDUE] = overdue
    return values


# --- Records behind a figure -------------------------------------------------------------------

TITLE_MAX = 160


def petition_title(petition: Petition) -> str:
    """Kind and summary, as the list pages show a case; never a denouncer's identity (it is
    only in the vault) and, for a denunciation, never its free text: the summary or nothing."""
    kind = str(Kind(petition.kind).label) if petition.kind in Kind.values else petition.kind
    text = (petition.summary or "").strip()
    if not text and petition.kind != Kind.DENUNCIATION:
        text = " ".join((petition.content or "").split())
    if len(text) > TITLE_MAX:
        text = text[: TITLE_MAX - 1].rstrip() + "…"
    return f"{kind}: {text}" if text else kind


def _row(petition: Petition, on: Any, *, note: str = "", counted: bool = True) -> RecordRow:
    return RecordRow(
        reference=petition.case_number,
        title=petition_title(petition),
        on=on,
        url=url_or_blank("petitions:detail", petition.pk),
        note=note,
        counted=counted,
    )


def _day(value: Any) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _on_time_row(petition: Any) -> RecordRow:
    due = getattr(petition, "resolve_due", None)
    if due is None:
        note, counted = _("Không có hạn giải quyết trong sổ theo dõi"), False
    elif petition.on_time:
        note, counted = _("Đúng hạn (hạn %(day)s)") % {"day": _day(due)}, True
    else:
        note, counted = _("Quá hạn (hạn %(day)s)") % {"day": _day(due)}, False
    return _row(petition, petition.resolved_on, note=note, counted=counted)


def _rating_row(petition: Petition) -> RecordRow:
    from django.utils import timezone

    at = petition.satisfaction_at
    day = timezone.localdate(at) if at is not None else None
    label = (
        str(Satisfaction(petition.satisfaction).label)
        if petition.satisfaction in Satisfaction.values
        else petition.satisfaction
    )
    return _row(petition, day, note=label, counted=petition.satisfaction == Satisfaction.SATISFIED)


def records(code: str, coverage: Coverage, window: Window, user: Any) -> RecordList:
    from danvan.petitions.selectors import petition_list

    base, topic = topic_split(code)
    visible = None if user is None else petition_list(user=user)
    due = Subquery(_resolve_obligations().values("due")[:1])
    counted: QuerySet[Petition]
    order: tuple[str, ...]
    row: Any
    if base in (RECEIVED, ELIGIBLE, WITHIN_COMPETENCE):
        counted = received_queryset(coverage, window)
        if base == ELIGIBLE:
            counted = counted.filter(triage_outcome__in=ELIGIBLE_OUTCOMES)
        elif base == WITHIN_COMPETENCE:
            counted = counted.filter(triage_outcome__in=COMPETENT_OUTCOMES)
        order = ("received_on", "id")

        def row(p: Petition) -> RecordRow:
            return _row(p, p.received_on)

    elif base == RESOLVED:
        counted = resolved_queryset(coverage, window)
        order = ("resolved_on", "id")

        def row(p: Petition) -> RecordRow:
            return _row(p, p.resolved_on)

    elif base == ON_TIME_PCT:
        counted = resolved_queryset(coverage, window).annotate(resolve_due=due, on_time=_on_time())
        order, row = ("resolved_on", "id"), _on_time_row
    elif base == OVERDUE:
        counted = overdue_queryset(coverage, window).annotate(resolve_due=due)
        order = ("resolve_due", "id")

        def row(p: Any) -> RecordRow:
            return _row(
                p, p.resolve_due, note=_("Hạn giải quyết %(day)s") % {"day": _day(p.resolve_due)}
            )

    elif base == SATISFACTION_PCT:
        counted = rated_queryset(coverage, window)
        order, row = ("satisfaction_at", "id"), _rating_row
    else:
        raise KeyError(code)
    if topic:
        if base not in (RECEIVED, RESOLVED):
            raise KeyError(code)
        counted = counted.filter(topic_q("topic", topic))
    return record_list(counted, visible, row, order=order)
