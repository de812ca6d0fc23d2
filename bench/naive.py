"""The naive ways, measured beside ours in `bench/run.py`: what the code would do without the
index, the registry or the grouped query. Each gives the same answer as the real code (the
suite checks that where it can) and is written the way a first version would be, not made slow
on purpose:

- `duplicate_candidates`: every petition the user may see, compared in Python with
  `danvan.text.dedup.similarity` (no LSH band index, no name index);
- `board_page`: the open cases the user may see, their deadlines computed in Python with the
  deadline engine (`petition_obligation_specs`), sorted, first page (no `Obligation` registry);
- `search_page`: `search_text LIKE '%token%'` for each token (no FTS5 / GIN index);
- `dashboard`: the rows fetched, counted and grouped in Python (no grouped SQL);
- `report_figures`: the petitions' indicators counted in Python over the rows of the
  coverage (the other modules' figures as they are: they count a tenth of the records);
- `dedup_pairs`: every pair of a sample compared with `same_case` (no LSH), extrapolated;
- `import_rows`: each checked row of a register through `petition_register` (no bulk writer).

Needs Django set up (`_common.django_setup`) before import.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from _common import import_job_upload
from django.core.paginator import Paginator
from django.utils import timezone

# --- Intake: duplicate suggestion ---------------------------------------------------------------


def duplicate_candidates(
    *,
    user: Any,
    content: str,
    names: Sequence[str],
    area_id: int | None,
    exclude_id: int | None = None,
    limit: int = 5,
) -> list[tuple[float, int]]:
    """(score, petition id) of the best `limit` candidates, by brute force over the user's
    petitions: the same scope, thresholds and score as `petitions.duplicates`."""
    from danvan.petitions import duplicates as d
    from danvan.petitions.models import Petition, Petitioner
    from danvan.text.dedup import features, name_key, similarity_features

    org_ids = d._readable_org_ids(user)
    if org_ids is not None and not org_ids:
        return []
    petitions = Petition.objects.all()
    people = Petitioner.objects.all()
    if org_ids is not None:
        petitions = petitions.filter(organization_id__in=org_ids)
        people = people.filter(petition__organization_id__in=org_ids)
    keys = {k for k in (name_key(n) for n in names) if k}
    same_person = {
        pid for pid, name in people.values_list("petition_id", "search_name") if name in keys
    }
    wanted = features(content)
    found: list[tuple[float, int]] = []
    for pid, cand_area_id, cand_content in petitions.order_by().values_list(
        "id", "area_id", "content"
    ):
        if pid == exclude_id:
            continue
        sim = similarity_features(wanted, features(cand_content))
        person = pid in same_person
        area = area_id is not None and cand_area_id == area_id
        if not (sim >= d.CONTENT_THRESHOLD or (person and area and sim >= d.SAME_PERSON_THRESHOLD)):
            continue
        score = min(
            1.0,
            d.WEIGHT_SIMILARITY * sim
            + (d.WEIGHT_SAME_PERSON if person else 0.0)
            + (d.WEIGHT_SAME_AREA if area else 0.0),
        )
        found.append((round(score, 3), pid))
    found.sort(key=lambda c: (-c[0], -c[1]))
    return found[:limit]


# --- Overdue board ------------------------------------------------------------------------------


def board_page(*, user: Any, page_size: int = 50) -> tuple[int, list[tuple[str, dt.date, int]]]:
    """(live deadlines, first page as (status, due, petition id)) of the cases the user may
    see, computed now from each case's facts as the services would, most urgent first."""
    from danvan.core.selectors.calendar import deadline_engine
    from danvan.petitions.deadlines import petition_obligation_specs
    from danvan.petitions.selectors import petition_list
    from danvan.petitions.states import OPEN_STATES

    engine = deadline_engine()
    cases = (
        petition_list(user=user)
        .filter(status__in=sorted(OPEN_STATES))
        .select_related(None)
        .order_by()
        .prefetch_related("suspensions", "extensions")
    )
    live: list[tuple[str, dt.date, int]] = []
    for petition in cases.iterator(chunk_size=2000):
        for spec in petition_obligation_specs(petition, engine=engine):
            if spec.status in ("open", "paused"):
                live.append((spec.status, spec.due or dt.date.max, int(petition.pk)))
    live.sort()
    return len(live), live[:page_size]


# --- Search -------------------------------------------------------------------------------------


def search_page(*, user: Any, q: str, page_size: int = 30) -> tuple[int, list[int]]:
    """(matches, ids of the first page): `LIKE '%token%'` per token instead of the index."""
    from danvan.petitions.search import query_tokens
    from danvan.petitions.selectors import petition_list

    qs = petition_list(user=user)
    for token in query_tokens(q):
        qs = qs.filter(search_text__contains=token)
    page = Paginator(qs, page_size).get_page(1)
    return page.paginator.count, [p.pk for p in page.object_list]


def search_all_page(*, q: str, page_size: int = 30) -> tuple[int, list[int]]:
    """The same over the whole register (what a national scope searches): no scope filter."""
    from danvan.petitions.models import Petition
    from danvan.petitions.search import query_tokens

    qs = Petition.objects.order_by("-received_on", "-id")
    for token in query_tokens(q):
        qs = qs.filter(search_text__contains=token)
    page = Paginator(qs, page_size).get_page(1)
    return page.paginator.count, [p.pk for p in page.object_list]


# --- Dashboard ----------------------------------------------------------------------------------


def dashboard(*, user: Any, province_code: str, months: int = 12) -> dict[str, Any]:
    """What the province page of the monitoring dashboard shows (figures, open records per
    commune, monthly trends per topic, the pressing issues), from rows counted in Python."""
    from danvan.monitoring.selectors import dashboard as sel
    from danvan.monitoring.states import ALERT_OPEN_STATES, OPEN_STATES, Severity
    from danvan.petitions.selectors import PetitionFilters, petition_list

    today = timezone.localdate()
    territory = set(sel.province_territory(province_code))
    starts = sel.month_starts(months, today=today)
    index = {start: i for i, start in enumerate(starts)}
    first = starts[0]

    fields = ("id", "status", "area_id", "severity", "flag_ethnic", "flag_religious",
              "flag_security", "people_affected", "reported_on", "topic")  # fmt: skip
    reports = [r for r in sel.reports_visible(user).values_list(*fields) if r[2] in territory]
    open_reports = [r for r in reports if r[1] in OPEN_STATES]
    alerts = [
        a
        for a in sel.alerts_visible(user).values_list("status", "area_id")
        if a[1] in territory and a[0] in ALERT_OPEN_STATES
    ]
    kpis = (
        len(open_reports),
        len(alerts),
        sum(1 for r in open_reports if r[4] or r[5] or r[6]),
        sum(1 for r in open_reports if r[3] == Severity.CRITICAL),
    )

    by_area_reports = Counter(r[2] for r in open_reports)
    by_area_alerts = Counter(a[1] for a in alerts)
    places = sel.area_places([*by_area_reports, *by_area_alerts])
    communes: Counter[str] = Counter()
    for source, measure in ((by_area_reports, "reports"), (by_area_alerts, "alerts")):
        for area_id, n in source.items():
            place = places.get(area_id)
            if place is not None and place.province in (province_code, None) and place.commune:
                communes[f"{place.commune}:{measure}"] += n

    visible = list(
        petition_list(user=user, filters=PetitionFilters(area_code=province_code))
        .select_related(None)
        .order_by()
        .values_list("id", "received_on", "topic", "duplicate_of_id", "transferred_from_id")
    )
    ids = {row[0] for row in visible}
    trends: Counter[tuple[str, int, str]] = Counter()
    for _pid, received, topic, duplicate_of, transferred_from in visible:
        if not (first <= received <= today) or duplicate_of is not None:
            continue
        if transferred_from is not None and transferred_from in ids:
            continue
        i = index.get(received.replace(day=1))
        if i is not None:
            trends[("petitions", i, topic or "khac")] += 1
    for r in reports:
        if first <= r[8] <= today:
            i = index.get(r[8].replace(day=1))
            if i is not None:
                trends[("reports", i, r[9] or "khac")] += 1

    sensitive = {r[0]: bool(r[4] or r[5] or r[6]) for r in open_reports}
    pressing = sorted(
        open_reports, key=lambda r: (-r[3], -sensitive[r[0]], -r[7], -r[8].toordinal(), -r[0])
    )[:10]
    return {
        "kpis": kpis,
        "communes": dict(communes),
        "trends": dict(trends),
        "pressing": [r[0] for r in pressing],
    }


# --- The six-month report -----------------------------------------------------------------------


def report_figures(coverage: Any, window: Any) -> dict[str, Any]:
    """Every indicator: the petitions' counted in Python over the coverage's rows (and the
    resolution deadlines of the registry), the other modules' as their `figures` give them."""
    from danvan.core.indicators import topic_figures, topic_fold
    from danvan.core.models import Obligation
    from danvan.petitions import indicators as pi
    from danvan.petitions.models import Petition
    from danvan.petitions.states import Satisfaction
    from danvan.reports.indicators import (
        _source,
        indicators_all,
        org_filter,
        rate,
        sources,
    )

    values: dict[str, Any] = {}
    for path in sources():
        if path != "danvan.petitions.indicators":
            values.update(_source(path).figures(coverage, window))

    orgs = coverage.organization_ids
    start, end = window.start, window.end

    def repeated(other_org: int | None) -> bool:
        """A duplicate (or transferred copy) of a case the report covers."""
        if other_org is None:
            return False
        return coverage.everything or other_org in orgs

    resolve: dict[int, list[tuple[str, dt.date | None, dt.date | None]]] = defaultdict(list)
    for target_id, status, due, completed in Obligation.objects.filter(
        **org_filter(coverage), target_type=pi.TARGET_TYPE, key=pi.RESOLVE_KEY
    ).values_list("target_id", "status", "due", "completed_on"):
        resolve[target_id].append((status, due, completed))

    received: Counter[str] = Counter()
    resolved: Counter[str] = Counter()
    eligible = competent = on_time = rated = satisfied = overdue = 0
    for (
        pid, received_on, inbox_pending, topic, outcome, duplicate_org, transferred_org,
        resolved_on, satisfaction, satisfaction_at, accepted_on, withdrawn_on,
    ) in Petition.objects.filter(**org_filter(coverage)).values_list(
        "id", "received_on", "inbox_pending", "topic", "triage_outcome",
        "duplicate_of__organization_id", "transferred_from__organization_id", "resolved_on",
        "satisfaction", "satisfaction_at", "accepted_on", "withdrawn_on",
    ):  # fmt: skip
        if repeated(duplicate_org):
            continue
        if start <= received_on <= end and not inbox_pending and not repeated(transferred_org):
            received[topic] += 1
            eligible += outcome in pi.ELIGIBLE_OUTCOMES
            competent += outcome in pi.COMPETENT_OUTCOMES
        if resolved_on is not None and start <= resolved_on <= end:
            resolved[topic] += 1
            on_time += any(
                s == "done" and due is not None and done is not None and done <= due
                for s, due, done in resolve.get(pid, [])
            )
        rated_on = timezone.localtime(satisfaction_at).date() if satisfaction_at else None
        if satisfaction and rated_on is not None and start <= rated_on <= end:
            rated += 1
            satisfied += satisfaction == Satisfaction.SATISFIED
        if (
            accepted_on is not None
            and accepted_on <= end
            and (resolved_on is None or resolved_on > end)
            and (withdrawn_on is None or withdrawn_on > end)
            and any(due is not None and due < end for _s, due, _d in resolve.get(pid, []))
        ):
            overdue += 1

    per_topic = topic_fold(list(received.items()))
    values[pi.RECEIVED] = sum(per_topic.values())
    values.update(topic_figures(pi.RECEIVED, per_topic))
    values[pi.ELIGIBLE] = eligible
    values[pi.WITHIN_COMPETENCE] = competent
    per_topic = topic_fold(list(resolved.items()))
    total_resolved = sum(per_topic.values())
    values[pi.RESOLVED] = total_resolved
    values.update(topic_figures(pi.RESOLVED, per_topic))
    values[pi.ON_TIME_PCT] = rate(on_time, total_resolved)
    values[pi.SATISFACTION_PCT] = rate(satisfied, rated)
    values[pi.OVERDUE] = overdue
    return {i.code: values.get(i.code, 0 if i.kind == "count" else None) for i in indicators_all()}


# --- Near-duplicate clustering ------------------------------------------------------------------


def dedup_pairs(texts: Sequence[str]) -> dict[str, float]:
    """Every pair of `texts` compared with `same_case` in one process: seconds to analyse the
    texts, seconds for the pairs, and the pairs found the same case."""
    from danvan.text.dedup import features, same_case_features

    started = time.perf_counter()
    analysed = [features(t) for t in texts]
    analyse_s = time.perf_counter() - started
    started = time.perf_counter()
    same = 0
    for i, a in enumerate(analysed):
        for b in analysed[i + 1 :]:
            same += same_case_features(a, b)
    pairs_s = time.perf_counter() - started
    n = len(analysed)
    return {"texts": n, "pairs": n * (n - 1) // 2, "analyse_s": analyse_s, "pairs_s": pairs_s,
            "same_case_pairs": same}  # fmt: skip


def dedup_extrapolate(sample: dict[str, float], n: int) -> float:
    """Seconds for `n` texts: the analysis grows with n, the pairs with n²."""
    per_text = sample["analyse_s"] / max(sample["texts"], 1)
    per_pair = sample["pairs_s"] / max(sample["pairs"], 1)
    return per_text * n + per_pair * n * (n - 1) / 2


# --- Register import ----------------------------------------------------------------------------


def import_rows(*, path: Any, organization: Any, actor: Any, limit: int) -> dict[str, Any]:
    """The first `limit` data rows of the register read and checked as the import does, then
    each good row registered through `petition_register` (its own transaction, audit,
    duplicate bands, deadlines). The recorded results are not replayed as moves, so this is a
    lower bound of the naive cost."""
    from danvan.core.models import AdminUnit
    from danvan.petitions.imports import run
    from danvan.petitions.imports.checks import RowChecker
    from danvan.petitions.inputs import PetitionInput
    from danvan.petitions.services import petition_register

    job = import_job_upload(path, organization.pk)
    checker = RowChecker(
        org=organization,
        columns=run.job_columns(job),
        today=timezone.localdate(),
        actor_id=actor.pk,
    )
    codes: dict[int, str] = {}
    read = written = bad = 0
    check_s = write_s = 0.0
    with job.file.open("rb") as fh:
        for _estimate, number, values in run._rows(job, fh):
            if read >= limit:
                break
            if checker.is_blank(values):
                continue
            read += 1
            started = time.perf_counter()
            good, _problems = checker.check(number, values)
            check_s += time.perf_counter() - started
            if good is None:
                bad += 1
                continue
            p = good.petition
            started = time.perf_counter()
            area_id = p["area_given_id"] or p["area_id"]
            if area_id not in codes:
                codes[area_id] = AdminUnit.objects.values_list("code", flat=True).get(pk=area_id)
            petition_register(
                actor=actor,
                data=PetitionInput(
                    kind=p["kind"],
                    channel=p["channel"],
                    received_on=p["received_on"],
                    content=p["content"],
                    area_code=codes[area_id],
                    petitioners=list(good.people),
                    anonymous=p["anonymous"],
                    topic=p["topic"],
                    respondent=p["respondent"],
                    summary=p["summary"],
                    forwarder=p["forwarder"],
                    forwarder_reference=p["forwarder_reference"],
                    pakn_code=p["pakn_code"],
                    signer_count=p["signer_count"],
                    organization_id=int(organization.pk),
                ),
            )
            write_s += time.perf_counter() - started
            written += 1
    return {"rows": read, "bad": bad, "created": written, "check_s": check_s, "write_s": write_s}
