"""Early warnings (cảnh báo sớm): detection, rule alerts, the lifecycle and the e-mails.

Detection (`alerts_detect`, run daily by the worker, by `danvan alerts detect` and by the
demo) counts every signal per area, topic and ISO week — petitions received, issue reports,
reception visits — through aggregate queries of each module's selectors, and tests the running
week and the week before against the area's own history with `monitoring.hotspots` (a
simplified Farrington method, see docs/early-warning.md). Communes and provinces (the sum of
their communes) are both tested, for every topic and for all topics together; an alert is not
raised again for a wider series when the narrower alerts already explain its rise. The same run
raises a rule alert for each crowd delegation (đoàn đông người) received in those weeks, and
checks the rules of the issue reports of those weeks.

Rule alerts for an issue report (`alert_rules_check_report`: a sensitive flag — ethnic,
religious, security — and severity 4) are raised by the reports service after its write
commits.

Every alert is keyed (`Alert.key`: kind:area:topic:window end, or kind:record) so any run is
idempotent: an open alert seen again has its figures and evidence refreshed; a closed one is
left alone. It is addressed to the Ban Tuyên giáo và Dân vận of the area's province (else its
party committee, else its People's Committee) and to the People's Committee of the area, and
the holders of `permissions.ALERT_ROLES` there are e-mailed once the alert is committed (a
mail failure is logged, never raised).

Lifecycle: acknowledge, assign (to a member of one of the two organisations), close (with a
note), link an issue report (or open one from the alert); each guarded by the alert's
`version`, permission-checked (`permissions.can_act_on_alert`) and audited.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from danvan.core.errors import Conflict, PermissionDenied, ValidationFailed
from danvan.core.models import AdminUnit, AdminUnitSuccession, Organization, OrgKind
from danvan.core.models.units import UnitLevel
from danvan.core.services.audit import audit_record
from danvan.core.services.mail import mail_queue
from danvan.core.services.versioning import versioned_update
from danvan.core.topics import topic_label
from danvan.monitoring import hotspots, permissions
from danvan.monitoring.models import Alert, AlertEvidence, IssueReport
from danvan.monitoring.selectors.alerts import alert_recipients
from danvan.monitoring.states import (
    ALERT_OPEN_STATES,
    ALERT_TRANSITIONS,
    AlertKind,
    AlertStatus,
    LinkKind,
    Severity,
    Source,
    Status,
)

logger = logging.getLogger(__name__)

PETITION = LinkKind.PETITION.value  # "petitions.petition"
VISIT = LinkKind.RECEPTION.value  # "reception.receptionentry"
REPORT = LinkKind.REPORT.value  # "monitoring.issuereport"

EVIDENCE_MAX = 50
NOTE_MIN = 3
NOTE_MAX = 2000
_TITLE_MAX = Alert._meta.get_field("title").max_length or 300
_LABEL_MAX = AlertEvidence._meta.get_field("label").max_length or 300
# Who receives an alert in the province, in order of preference.
RECIPIENT_KINDS: tuple[str, ...] = (
    OrgKind.PROPAGANDA_MOBILISATION,
    OrgKind.PARTY_COMMITTEE,
    OrgKind.PEOPLES_COMMITTEE,
)


# --- Areas: where a record's unit counts today ------------------------------------------------


@dataclass(frozen=True)
class Place:
    """The area a record counts in on the detection day: its province, and its commune when
    it has one (a record of the province itself, or of an old unit split between communes of
    one province, counts in the province only)."""

    province_id: int
    commune_id: int | None


class AreaMap:
    """Maps the units stored on records (of their own date) to the units in force on `as_of`,
    through the succession links of the 2025 reform: one query for the units, one per
    generation of links. A unit split across provinces counts nowhere (reported as dropped)."""

    def __init__(self, unit_ids: Iterable[int], as_of: dt.date) -> None:
        self.as_of = as_of
        self._places: dict[int, Place | None] = {}
        ids = sorted(set(unit_ids))
        rows = {
            pk: (level, parent_id, valid_from, valid_to)
            for pk, level, parent_id, valid_from, valid_to in AdminUnit.objects.filter(
                pk__in=ids
            ).values_list("id", "level", "parent_id", "valid_from", "valid_to")
        }
        old: list[int] = []
        for pk in ids:
            row = rows.get(pk)
            if row is None:
                self._places[pk] = None
            elif self._in_force(row[2], row[3]):
                self._places[pk] = self._place(pk, row[0], row[1])
            else:
                old.append(pk)
        if old:
            self._resolve_old(old)

    def _in_force(self, valid_from: dt.date, valid_to: dt.date | None) -> bool:
        return valid_from <= self.as_of and (valid_to is None or self.as_of < valid_to)

    @staticmethod
    def _place(pk: int, level: str, parent_id: int | None) -> Place | None:
        if level == UnitLevel.PROVINCE:
            return Place(pk, None)
        if parent_id is None:
            return None
        if level == UnitLevel.COMMUNE:
            return Place(parent_id, pk)
        return Place(parent_id, None)

    def _resolve_old(self, old: list[int]) -> None:
        found: dict[int, set[Place]] = {pk: set() for pk in old}
        origins: dict[int, set[int]] = {pk: {pk} for pk in old}
        seen = set(old)
        frontier = set(old)
        while frontier:
            nxt: dict[int, set[int]] = defaultdict(set)
            links = AdminUnitSuccession.objects.filter(
                predecessor_id__in=sorted(frontier)
            ).values_list(
                "predecessor_id",
                "successor_id",
                "successor__level",
                "successor__parent_id",
                "successor__valid_from",
                "successor__valid_to",
            )
            for pred, succ, level, parent_id, valid_from, valid_to in links:
                for origin in origins.get(pred, ()):
                    if self._in_force(valid_from, valid_to):
                        place = self._place(succ, level, parent_id)
                        if place is not None:
                            found[origin].add(place)
                    elif valid_to is not None and valid_to <= self.as_of and succ not in seen:
                        nxt[succ].add(origin)
            seen |= set(nxt)
            origins = dict(nxt)
            frontier = set(nxt)
        for pk, places in found.items():
            if len(places) == 1:
                self._places[pk] = next(iter(places))
            elif places and len({p.province_id for p in places}) == 1:
                self._places[pk] = Place(next(iter(places)).province_id, None)
            else:
                self._places[pk] = None

    def place(self, unit_id: int) -> Place | None:
        return self._places.get(unit_id)


# --- Signals ------------------------------------------------------------------------------------


def report_weekly_counts(*, start: dt.date, end: dt.date) -> list[tuple[int, str, dt.date, int]]:
    """(area id, topic, Monday of the ISO week, number) of the issue reports of those days.
    Left out: reports found unfounded, reports made from a cluster of petitions (the petitions
    are counted already) and reports linked to a spike or crowd alert (a summary of signals
    already counted)."""
    from django.db.models import Count
    from django.db.models.functions import TruncWeek

    rows = (
        _signal_reports(start, end)
        .annotate(signal_week=TruncWeek("reported_on"))
        .values("area_id", "topic", "signal_week")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [
        (
            r["area_id"],
            r["topic"],
            r["signal_week"].date()
            if isinstance(r["signal_week"], dt.datetime)
            else r["signal_week"],
            r["n"],
        )
        for r in rows
    ]


def _signal_reports(start: dt.date, end: dt.date) -> Any:
    return (
        IssueReport.objects.filter(reported_on__gte=start, reported_on__lte=end)
        .exclude(status=Status.UNFOUNDED)
        .exclude(source=Source.PETITIONS)
        .exclude(alerts__kind__in=[AlertKind.SPIKE, AlertKind.CROWD])
    )


def report_signals(
    *, area_ids: list[int], start: dt.date, end: dt.date, topic: str = "", limit: int = 50
) -> list[tuple[int, str, dt.date]]:
    qs = _signal_reports(start, end).filter(area_id__in=sorted(area_ids))
    if topic:
        qs = qs.filter(topic=topic)
    rows = qs.order_by("-reported_on", "-id").values_list("id", "title", "reported_on")
    return [(pk, title, on) for pk, title, on in rows[:limit]]


Cell = tuple[str, int, str]  # ("c" commune | "p" province itself, unit id, topic)


@dataclass
class Signals:
    """The weekly series of one detection run."""

    # (area id, topic) -> Monday -> count; topic "" = every topic together.
    series: dict[tuple[int, str], dict[dt.date, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    # The finest cells of the evaluated weeks: Monday -> cell -> count.
    cells: dict[dt.date, dict[Cell, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    # The raw unit ids whose records count in a current area (for the evidence).
    units: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    province_of: dict[int, int] = field(default_factory=dict)
    first_week: dict[int, dt.date] = field(default_factory=dict)  # province -> first Monday
    dropped: int = 0  # records whose unit maps to no single province today

    def add(
        self, place: Place, unit_id: int, topic: str, week: dt.date, n: int, keep: bool
    ) -> None:
        areas = (
            [place.province_id]
            if place.commune_id is None
            else [place.commune_id, place.province_id]
        )
        for area in areas:
            self.province_of[area] = place.province_id
            self.units[area].add(unit_id)
            if topic:
                self.series[(area, topic)][week] += n
            self.series[(area, "")][week] += n
        first = self.first_week.get(place.province_id)
        if first is None or week < first:
            self.first_week[place.province_id] = week
        if keep:
            cell: Cell = (
                ("p", place.province_id, topic)
                if place.commune_id is None
                else ("c", place.commune_id, topic)
            )
            self.cells[week][cell] += n

    def cells_of(self, area: int, topic: str, week: dt.date) -> set[Cell]:
        """The cells a series (area, topic) sums in `week`."""
        is_province = self.province_of.get(area) == area
        result = set()
        for cell in self.cells.get(week, {}):
            kind, unit, cell_topic = cell
            if topic and cell_topic != topic:
                continue
            if is_province:
                inside = (kind == "p" and unit == area) or (
                    kind == "c" and self.province_of.get(unit) == area
                )
            else:
                inside = kind == "c" and unit == area
            if inside:
                result.add(cell)
        return result


def signals_read(
    *, start: dt.date, end: dt.date, as_of: dt.date, evaluated: Sequence[dt.date]
) -> Signals:
    """Read the three kinds of signals from `start` to `end` (three aggregate queries) and sum
    them per current area, topic and week."""
    from danvan.petitions.selectors import petition_weekly_counts
    from danvan.reception.selectors import entry_weekly_counts

    rows = [
        *petition_weekly_counts(start=start, end=end),
        *report_weekly_counts(start=start, end=end),
        *entry_weekly_counts(start=start, end=end),
    ]
    areas = AreaMap((row[0] for row in rows), as_of)
    signals = Signals()
    wanted = set(evaluated)
    for unit_id, topic, week, n in rows:
        place = areas.place(unit_id)
        if place is None:
            signals.dropped += n
            continue
        signals.add(place, unit_id, topic or "", week, n, keep=week in wanted)
    return signals


# --- Detection ----------------------------------------------------------------------------------


@dataclass
class DetectionReport:
    """What a detection run did."""

    as_of: dt.date
    series_tested: int = 0
    created: dict[str, int] = field(default_factory=lambda: {k: 0 for k in AlertKind.values})
    refreshed: int = 0
    suppressed: int = 0  # unusual, but already explained by narrower alerts
    continuing: int = 0  # this week's rise goes on from last week's open alert
    without_recipient: int = 0
    dropped_records: int = 0
    emails: int = 0

    @property
    def created_total(self) -> int:
        return sum(self.created.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "series_tested": self.series_tested,
            "created": dict(self.created),
            "created_total": self.created_total,
            "refreshed": self.refreshed,
            "suppressed": self.suppressed,
            "continuing": self.continuing,
            "without_recipient": self.without_recipient,
            "dropped_records": self.dropped_records,
            "emails": self.emails,
        }


@dataclass
class _Candidate:
    area_id: int
    topic: str
    week: dt.date
    result: hotspots.Result
    series: dict[dt.date, int]
    cells: set[Cell]
    residual: int = 0


@dataclass
class _Spec:
    """An alert to raise (or refresh when its key exists)."""

    kind: str
    key: str
    title: str
    area_id: int
    province_id: int
    topic: str
    window_start: dt.date
    window_end: dt.date
    observed: int
    expected: float | None
    score: float | None
    explanation: dict[str, Any]
    severity: int
    evidence: list[tuple[str, int, str, dt.date]]  # (target type, id, label, day)
    issue_report_id: int | None = None


def _level_rank(signals: Signals, area: int, topic: str) -> int:
    """Narrower series first: commune+topic, commune, province+topic, province."""
    province = signals.province_of.get(area) == area
    return (2 if province else 0) + (0 if topic else 1)


def _area_names(ids: Iterable[int]) -> dict[int, str]:
    return dict(AdminUnit.objects.filter(pk__in=sorted(set(ids))).values_list("id", "full_name"))


def _spike_title(topic: str, area_name: str) -> str:
    if topic:
        return _("Gia tăng bất thường về %(topic)s tại %(area)s") % {
            "topic": topic_label(topic),
            "area": area_name,
        }
    return _("Gia tăng bất thường các ý kiến, đơn thư tại %(area)s") % {"area": area_name}


def _evidence_for(
    signals: Signals, area: int, topic: str, start: dt.date, end: dt.date
) -> list[tuple[str, int, str, dt.date]]:
    from danvan.petitions.selectors import petition_signals
    from danvan.reception.selectors import entry_signals

    units = sorted(signals.units.get(area, set()))
    if not units:
        return []
    rows: list[tuple[str, int, str, dt.date]] = []
    for target_type, fetch in (
        (PETITION, petition_signals),
        (VISIT, entry_signals),
        (REPORT, report_signals),
    ):
        for pk, label, on in fetch(
            area_ids=units, start=start, end=end, topic=topic, limit=EVIDENCE_MAX
        ):
            rows.append((target_type, pk, label, on))
    rows.sort(key=lambda r: (r[3], r[1]), reverse=True)
    return rows[:EVIDENCE_MAX]


def _spike_specs(
    signals: Signals, evaluated: Sequence[dt.date], as_of: dt.date, report: DetectionReport
) -> list[_Spec]:
    current = hotspots.week_start(as_of)
    candidates: list[_Candidate] = []
    for (area, topic), counts in signals.series.items():
        province = signals.province_of.get(area, area)
        for week in evaluated:
            params = hotspots.parameters_on(week)
            if counts.get(week, 0) < params.min_count:
                continue
            report.series_tested += 1
            result = hotspots.evaluate(
                counts,
                week,
                params,
                history_start=signals.first_week.get(province),
                current=week == current,
            )
            if result.alert:
                candidates.append(
                    _Candidate(
                        area, topic, week, result, counts, signals.cells_of(area, topic, week)
                    )
                )
    # Narrower alerts first; a wider one is kept only if what the narrower ones do not cover
    # still reaches its threshold.
    candidates.sort(key=lambda c: (c.week, _level_rank(signals, c.area_id, c.topic)))
    kept: list[_Candidate] = []
    for cand in candidates:
        covered: set[Cell] = set()
        for other in kept:
            if other.week == cand.week and other.cells <= cand.cells:
                covered |= other.cells
        cells = signals.cells.get(cand.week, {})
        cand.residual = cand.result.observed - sum(cells.get(c, 0) for c in covered)
        if covered and cand.residual < (cand.result.threshold or 0):
            report.suppressed += 1
            continue
        kept.append(cand)
    kept = _without_continuing(kept, current, report)

    names = _area_names(c.area_id for c in kept)
    specs: list[_Spec] = []
    for cand in kept:
        r = cand.result
        params = hotspots.parameters_on(cand.week)
        end = min(r.week_end, as_of)
        explanation = r.as_dict()
        explanation["series"] = [
            [d.isoformat(), n]
            for d, n in hotspots.series_for_chart(cand.series, cand.week, params.series_weeks)
        ]
        explanation["residual"] = cand.residual
        explanation["counted_until"] = end.isoformat()
        threshold = r.threshold or params.min_count
        specs.append(
            _Spec(
                kind=AlertKind.SPIKE,
                key=_spike_key(cand.area_id, cand.topic, r.week_end),
                title=_spike_title(cand.topic, names.get(cand.area_id, str(cand.area_id))),
                area_id=cand.area_id,
                province_id=signals.province_of.get(cand.area_id, cand.area_id),
                topic=cand.topic,
                window_start=r.week_start,
                window_end=r.week_end,
                observed=r.observed,
                expected=r.expected,
                score=r.score,
                explanation=explanation,
                severity=Severity.HIGH if r.observed >= 2 * threshold else Severity.MEDIUM,
                evidence=_evidence_for(signals, cand.area_id, cand.topic, r.week_start, end),
            )
        )
    return specs


def _spike_key(area: int, topic: str, week_end: dt.date) -> str:
    return f"spike:{area}:{topic or '*'}:{week_end.isoformat()}"


def _without_continuing(
    kept: list[_Candidate], current: dt.date, report: DetectionReport
) -> list[_Candidate]:
    """A rise that goes on from last week is last week's alert while that one is open (or about
    to be raised by this run): the running week raises no second alert for the same area and
    topic. Once last week's alert is closed, a rise still unusual this week alerts again."""
    last_end = current - dt.timedelta(days=1)
    keys = {_spike_key(c.area_id, c.topic, last_end) for c in kept if c.week == current}
    if not keys:
        return kept
    status = dict(Alert.objects.filter(key__in=sorted(keys)).values_list("key", "status"))
    raised_now = {
        _spike_key(c.area_id, c.topic, last_end)
        for c in kept
        if c.week < current and _spike_key(c.area_id, c.topic, last_end) not in status
    }
    result = []
    for cand in kept:
        key = _spike_key(cand.area_id, cand.topic, last_end)
        if cand.week == current and (key in raised_now or status.get(key) in ALERT_OPEN_STATES):
            report.continuing += 1
            continue
        result.append(cand)
    return result


def _crowd_specs(start: dt.date, end: dt.date, as_of: dt.date) -> list[_Spec]:
    from danvan.reception.selectors import crowd_visits
    from danvan.reception.states import CROWD_MIN, CROWD_SMALL_MAX

    visits = crowd_visits(start=start, end=end, min_visitors=CROWD_MIN)
    if not visits:
        return []
    areas = AreaMap((v.area_id for v in visits), as_of)
    places = {v.id: areas.place(v.area_id) for v in visits}
    names = _area_names(p.commune_id or p.province_id for p in places.values() if p is not None)
    specs = []
    for visit in visits:
        place = places[visit.id]
        if place is None:
            continue
        area = place.commune_id or place.province_id
        text = _(
            "Đoàn %(n)d người đến tiếp công dân ngày %(day)s (từ %(min)d người là đoàn đông "
            "người, Luật Tiếp công dân, Điều 30)."
        ) % {"n": visit.visitor_count, "day": f"{visit.received_on:%d/%m/%Y}", "min": CROWD_MIN}
        evidence = [(VISIT, visit.id, visit.label, visit.received_on)]
        if visit.petition_id:
            evidence += _petition_evidence([visit.petition_id])
        specs.append(
            _Spec(
                kind=AlertKind.CROWD,
                key=f"crowd:{VISIT}:{visit.id}",
                title=_("Đoàn đông người (%(n)d người) tại %(area)s")
                % {"n": visit.visitor_count, "area": names.get(area, str(area))},
                area_id=area,
                province_id=place.province_id,
                topic=visit.topic,
                window_start=visit.received_on,
                window_end=visit.received_on,
                observed=visit.visitor_count,
                expected=None,
                score=None,
                explanation={
                    "rule": "crowd",
                    "visitor_count": visit.visitor_count,
                    "min": CROWD_MIN,
                    "text": text,
                },
                severity=Severity.CRITICAL
                if visit.visitor_count > CROWD_SMALL_MAX
                else Severity.HIGH,
                evidence=evidence,
            )
        )
    return specs


def _petition_evidence(ids: list[int]) -> list[tuple[str, int, str, dt.date]]:
    from danvan.petitions.selectors import petition_labels

    return [(PETITION, pk, label, on) for pk, label, on in petition_labels(ids=ids)]


def alerts_detect(as_of: dt.date, *, province_code: str | None = None) -> int:
    """Run the detection for the week of `as_of` and the week before; the number of new
    alerts (spikes and crowd delegations). Idempotent."""
    return alerts_detect_run(as_of, province_code=province_code).created_total


def alerts_detect_all(as_of: dt.date | None = None) -> dict[str, Any]:
    """The daily job and the demo: every province, as of `as_of` (default today)."""
    return alerts_detect_run(as_of or timezone.localdate()).as_dict()


def alerts_detect_run(as_of: dt.date, *, province_code: str | None = None) -> DetectionReport:
    report = DetectionReport(as_of=as_of)
    current = hotspots.week_start(as_of)
    evaluated = [current - hotspots.WEEK, current]
    params = hotspots.parameters_on(current)
    start = current - (params.history_weeks + 1) * hotspots.WEEK
    province_id: int | None = None
    if province_code:
        province = (
            AdminUnit.objects.in_force_on(as_of)
            .filter(code=province_code.strip(), level=UnitLevel.PROVINCE)
            .first()
        )
        if province is None:
            message = _("Không có tỉnh, thành phố với mã này.")
            raise ValidationFailed(message, fields={"province": message})
        province_id = province.pk
    with translation.override(settings.LANGUAGE_CODE):
        signals = signals_read(start=start, end=as_of, as_of=as_of, evaluated=evaluated)
        report.dropped_records = signals.dropped
        specs = _spike_specs(signals, evaluated, as_of, report)
        specs += _crowd_specs(evaluated[0], as_of, as_of)
        if province_id is not None:
            specs = [s for s in specs if s.province_id == province_id]
        created = _raise_all(specs, report)
        # The rules of the issue reports of those weeks (normally raised when the report is
        # saved; this catches any that were missed).
        flagged = IssueReport.objects.filter(
            Q(severity__gte=Severity.CRITICAL)
            | Q(flag_ethnic=True)
            | Q(flag_religious=True)
            | Q(flag_security=True),
            reported_on__gte=evaluated[0],
            reported_on__lte=as_of,
        ).order_by("reported_on", "id")
        rule_specs = [spec for issue in flagged for spec in _rule_specs(issue, as_of)]
        if province_id is not None:
            rule_specs = [s for s in rule_specs if s.province_id == province_id]
        created += _raise_all(rule_specs, report)
    report.emails = _notify_pending()
    return report


# --- Raising ------------------------------------------------------------------------------------


@dataclass
class _Recipients:
    organization_id: int | None
    area_organization_id: int | None


def _recipients(specs: Sequence[_Spec]) -> dict[tuple[int, int], _Recipients]:
    """(area, province) -> who receives: two queries for all the specs."""
    provinces = {s.province_id for s in specs}
    areas = {s.area_id for s in specs} | provinces
    orgs = list(
        Organization.objects.filter(
            is_active=True, area_id__in=sorted(areas), kind__in=list(RECIPIENT_KINDS)
        )
        .order_by("code")
        .values_list("id", "kind", "area_id", "level")
    )
    by_area_kind: dict[tuple[int, str], int] = {}
    for pk, kind, area_id, _level in orgs:
        by_area_kind.setdefault((area_id, kind), pk)
    result: dict[tuple[int, int], _Recipients] = {}
    for spec in specs:
        organization = None
        for kind in RECIPIENT_KINDS:
            organization = by_area_kind.get((spec.province_id, kind))
            if organization is not None:
                break
        result[(spec.area_id, spec.province_id)] = _Recipients(
            organization, by_area_kind.get((spec.area_id, OrgKind.PEOPLES_COMMITTEE))
        )
    return result


def _evidence_rows(alert: Alert, evidence: Sequence[tuple[str, int, str, dt.date]]) -> int:
    existing = set(alert.evidence.values_list("target_type", "target_id"))
    room = EVIDENCE_MAX - len(existing)
    rows = []
    for target_type, pk, label, day in evidence:
        if room <= 0:
            break
        if (target_type, pk) in existing:
            continue
        existing.add((target_type, pk))
        rows.append(
            AlertEvidence(
                alert=alert,
                target_type=target_type,
                target_id=pk,
                label=str(label)[:_LABEL_MAX],
                occurred_on=day,
            )
        )
        room -= 1
    if rows:
        AlertEvidence.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _raise_all(specs: Sequence[_Spec], report: DetectionReport) -> list[Alert]:
    if not specs:
        return []
    recipients = _recipients(specs)
    existing = {
        a.key: a
        for a in Alert.objects.filter(key__in=[s.key for s in specs]).only(
            "id", "key", "status", "observed", "version"
        )
    }
    created: list[Alert] = []
    for spec in specs:
        alert = existing.get(spec.key)
        if alert is not None:
            if alert.status != AlertStatus.CLOSED and _refresh(alert, spec):
                report.refreshed += 1
            continue
        who = recipients[(spec.area_id, spec.province_id)]
        if who.organization_id is None:
            report.without_recipient += 1
            continue
        new = _create(spec, who.organization_id, who.area_organization_id)
        if new is not None:
            report.created[spec.kind] = report.created.get(spec.kind, 0) + 1
            created.append(new)
    return created


def _create(spec: _Spec, organization_id: int, area_organization_id: int | None) -> Alert | None:
    try:
        with transaction.atomic():
            alert = Alert.objects.create(
                kind=spec.kind,
                key=spec.key,
                title=spec.title[:_TITLE_MAX],
                area_id=spec.area_id,
                topic=spec.topic,
                organization_id=organization_id,
                area_organization_id=area_organization_id,
                window_start=spec.window_start,
                window_end=spec.window_end,
                observed=spec.observed,
                expected=spec.expected,
                score=spec.score,
                explanation=spec.explanation,
                severity=spec.severity,
                issue_report_id=spec.issue_report_id,
            )
            _evidence_rows(alert, spec.evidence)
            audit_record(
                actor=None,
                verb="alert.raise",
                target=alert,
                changes={
                    "kind": (None, spec.kind),
                    "observed": (None, spec.observed),
                    "expected": (None, spec.expected),
                    "organization": (None, organization_id),
                    "area_organization": (None, area_organization_id),
                },
            )
    except IntegrityError:
        # Another run raised the same key a moment ago: that alert stands.
        return None
    return alert


def _refresh(alert: Alert, spec: _Spec) -> bool:
    """Update an open alert's figures (the week is still running) and add new evidence.
    Derived data: not audited, and the version (which guards the people's moves) is kept."""
    changed = alert.observed != spec.observed
    with transaction.atomic():
        if changed:
            Alert.objects.filter(pk=alert.pk).update(
                observed=spec.observed,
                expected=spec.expected,
                score=spec.score,
                explanation=spec.explanation,
                severity=spec.severity,
            )
        added = _evidence_rows(alert, spec.evidence)
    return changed or added > 0


# --- Rules of an issue report -------------------------------------------------------------------


def _rule_specs(report: IssueReport, as_of: dt.date) -> list[_Spec]:
    place = AreaMap([report.area_id], as_of).place(report.area_id)
    if place is None:
        return []
    area = place.commune_id or place.province_id
    area_name = _area_names([area]).get(area, "")
    evidence = [(REPORT, report.pk, report.title, report.reported_on)]
    specs = []
    if report.sensitive:
        flags = [
            label
            for flag, label in (
                (report.flag_ethnic, _("dân tộc")),
                (report.flag_religious, _("tôn giáo")),
                (report.flag_security, _("an ninh")),
            )
            if flag
        ]
        text = _("Vấn đề được đánh dấu liên quan %(flags)s tại %(area)s: %(title)s.") % {
            "flags": ", ".join(flags),
            "area": area_name,
            "title": report.title,
        }
        specs.append(
            _rule_spec(
                report, AlertKind.SENSITIVE, place, area, text, evidence, Severity.HIGH, "sensitive"
            )
        )
    if report.severity >= Severity.CRITICAL:
        text = _("Vấn đề được đánh giá mức 4 — nghiêm trọng tại %(area)s: %(title)s.") % {
            "area": area_name,
            "title": report.title,
        }
        specs.append(
            _rule_spec(
                report,
                AlertKind.SEVERITY,
                place,
                area,
                text,
                evidence,
                Severity.CRITICAL,
                "severity",
            )
        )
    return specs


def _rule_spec(
    report: IssueReport,
    kind: str,
    place: Place,
    area: int,
    text: str,
    evidence: list[tuple[str, int, str, dt.date]],
    severity: int,
    rule: str,
) -> _Spec:
    label = AlertKind(kind).label
    return _Spec(
        kind=kind,
        key=f"{kind}:{REPORT}:{report.pk}",
        title=f"{label}: {report.title}",
        area_id=area,
        province_id=place.province_id,
        topic=report.topic,
        window_start=report.reported_on,
        window_end=report.reported_on,
        observed=max(report.people_affected, 0),
        expected=None,
        score=None,
        explanation={"rule": rule, "text": text, "report_id": report.pk},
        severity=severity,
        evidence=evidence,
        issue_report_id=report.pk,
    )


def alert_rules_check_report(report: Any) -> list[Any]:
    """Raise the rule alerts (sensitive flag, severity 4) an issue report calls for; idempotent.
    Called by the issue-report services after a create or an update, on commit.

    Returns the alerts raised now (an alert already raised for the report and kind, open or
    closed, is not raised again)."""
    if report is None or getattr(report, "pk", None) is None:
        return []
    if not (report.sensitive or report.severity >= Severity.CRITICAL):
        return []
    with translation.override(settings.LANGUAGE_CODE):
        specs = _rule_specs(report, timezone.localdate())
        if not specs:
            return []
        created = _raise_all(specs, DetectionReport(as_of=timezone.localdate()))
    _notify_pending()
    return created


# --- E-mail -------------------------------------------------------------------------------------


def _absolute(path: str) -> str:
    base = str(getattr(settings, "DANVAN_BASE_URL", "") or "").rstrip("/")
    return f"{base}{path}" if base else path


def _alert_path(pk: int) -> str:
    try:
        return reverse("monitoring:alert", args=[pk])
    except NoReverseMatch:
        return ""


def _message(user: Any, alerts: list[Alert]) -> EmailMessage:
    name = user.full_name or user.get_username()
    subject = ngettext(
        "[danvan] Cảnh báo sớm: %(n)d cảnh báo mới",
        "[danvan] Cảnh báo sớm: %(n)d cảnh báo mới",
        len(alerts),
    ) % {"n": len(alerts)}
    lines = [
        _("Kính gửi %(name)s,") % {"name": name},
        "",
        _("Hệ thống danvan ghi nhận các cảnh báo sớm dưới đây tại địa bàn đồng chí theo dõi."),
    ]
    for alert in alerts:
        lines += ["", f"- {alert.title}"]
        text = str((alert.explanation or {}).get("text", ""))
        if text:
            lines.append(f"  {text}")
        count = alert.evidence.count()
        if count:
            lines.append(
                "  "
                + ngettext("%(n)d hồ sơ làm căn cứ.", "%(n)d hồ sơ làm căn cứ.", count)
                % {"n": count}
            )
        link = _absolute(_alert_path(alert.pk))
        if link:
            lines.append(f"  {link}")
    lines += ["", _("Thư này được gửi tự động, xin đừng trả lời.")]
    return EmailMessage(
        subject=subject,
        body="\n".join(lines) + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )


def _notify_pending() -> int:
    """One e-mail per person listing the alerts not yet announced; how many e-mails.

    Each alert is raised in its own transaction; the e-mails are stored in the outbox (sent after
    commit: a mail server that is down delays them, never the detection) in one transaction with
    the alerts' `notified_at`. A run that stops between its alerts and their e-mails leaves the
    alerts pending, and the next run (or the next issue report that raises one) announces them;
    two runs at once never announce an alert twice (PostgreSQL: the pending rows are locked,
    skipping those another run holds; SQLite: one writer at a time). A closed alert is marked
    without an e-mail.
    """
    with transaction.atomic():
        pending = list(
            Alert.objects.select_for_update(skip_locked=True)
            .filter(notified_at__isnull=True)
            .order_by("pk")
        )
        if not pending:
            return 0
        inbox: dict[int, tuple[Any, list[Alert]]] = {}
        for alert in pending:
            if alert.status == AlertStatus.CLOSED:
                continue
            for user in alert_recipients(alert):
                if not (user.email or "").strip():
                    continue
                inbox.setdefault(user.pk, (user, []))[1].append(alert)
        with translation.override(settings.LANGUAGE_CODE):
            messages = [_message(user, items) for user, items in inbox.values()]
        count = mail_queue(messages, kind="alert")
        Alert.objects.filter(pk__in=[a.pk for a in pending]).update(notified_at=timezone.now())
    return count


# --- Lifecycle ----------------------------------------------------------------------------------


def _require_actor(actor: Any, alert: Alert) -> None:
    if not permissions.can_act_on_alert(actor, alert):
        raise PermissionDenied(
            _(
                "Bạn chỉ có quyền xem cảnh báo này (cần vai trò cán bộ, lãnh đạo hoặc cấp ủy tại "
                "cơ quan nhận cảnh báo hoặc cơ quan lãnh đạo địa bàn)."
            )
        )


def _conflict() -> Conflict:
    message = _(
        "Cảnh báo này vừa được người khác cập nhật: tải lại trang để xem thay đổi rồi thực hiện "
        "lại."
    )
    return Conflict(message, fields={"expected_version": message})


def _require_current(alert: Alert, expected_version: int) -> None:
    """A page read before someone else's move is a conflict (checked before anything else)."""
    if expected_version != alert.version:
        raise _conflict()


def _require_move(alert: Alert, to: str) -> None:
    if to not in ALERT_TRANSITIONS.get(alert.status, frozenset()):
        message = _(
            "Cảnh báo đang ở trạng thái “%(status)s” nên không thể chuyển sang “%(to)s”."
        ) % {
            "status": AlertStatus(alert.status).label,
            "to": AlertStatus(to).label,
        }
        raise ValidationFailed(message, fields={"status": message}, code="illegal_move")


def _save(alert: Alert, expected_version: int, **values: Any) -> None:
    if expected_version != alert.version or not versioned_update(
        alert, expected_version=expected_version, **values
    ):
        raise _conflict()


def _fresh(alert: Alert) -> Alert:
    return Alert.objects.select_related(
        "area", "organization", "area_organization", "assignee", "issue_report"
    ).get(pk=alert.pk)


def alert_acknowledge(*, alert: Alert, actor: Any, expected_version: int) -> Alert:
    """Open -> acknowledged: someone at the addressed organisation has seen it."""
    _require_actor(actor, alert)
    _require_current(alert, expected_version)
    _require_move(alert, AlertStatus.ACKNOWLEDGED)
    with transaction.atomic():
        old = alert.status
        _save(
            alert,
            expected_version,
            status=AlertStatus.ACKNOWLEDGED,
            acknowledged_by=actor,
            acknowledged_at=timezone.now(),
        )
        audit_record(
            actor=actor,
            verb="alert.acknowledge",
            target=alert,
            changes={"status": (old, AlertStatus.ACKNOWLEDGED)},
        )
    return _fresh(alert)


def alert_assign(*, alert: Alert, actor: Any, assignee_id: int, expected_version: int) -> Alert:
    """Give the alert to a person of one of its two organisations (open, acknowledged or
    already assigned: re-assigning is allowed). Assigning also acknowledges."""
    _require_actor(actor, alert)
    _require_current(alert, expected_version)
    _require_move(alert, AlertStatus.ASSIGNED)
    people = {u.pk: u for u in alert_recipients(alert)}
    assignee = people.get(int(assignee_id or 0))
    if assignee is None:
        message = _(
            "Chỉ giao được cho cán bộ, lãnh đạo hoặc cấp ủy của cơ quan nhận cảnh báo hoặc cơ "
            "quan lãnh đạo địa bàn."
        )
        raise ValidationFailed(message, fields={"assignee": message})
    with transaction.atomic():
        old_status, old_assignee = alert.status, alert.assignee_id
        values: dict[str, Any] = {"status": AlertStatus.ASSIGNED, "assignee": assignee}
        if alert.acknowledged_at is None:
            values.update(acknowledged_by=actor, acknowledged_at=timezone.now())
        _save(alert, expected_version, **values)
        audit_record(
            actor=actor,
            verb="alert.assign",
            target=alert,
            changes={
                "status": (old_status, AlertStatus.ASSIGNED),
                "assignee": (old_assignee, assignee.pk),
            },
        )
    return _fresh(alert)


def alert_close(*, alert: Alert, actor: Any, note: str, expected_version: int) -> Alert:
    """Close the alert with what was found and done (the note is required)."""
    _require_actor(actor, alert)
    _require_current(alert, expected_version)
    _require_move(alert, AlertStatus.CLOSED)
    text = str(note or "").strip()
    if len(text) < NOTE_MIN:
        message = _("Ghi kết quả xử lý cảnh báo (ít nhất %(n)d ký tự).") % {"n": NOTE_MIN}
        raise ValidationFailed(message, fields={"note": message})
    if len(text) > NOTE_MAX:
        message = _("Dài quá %(n)d ký tự.") % {"n": NOTE_MAX}
        raise ValidationFailed(message, fields={"note": message})
    with transaction.atomic():
        old = alert.status
        _save(
            alert,
            expected_version,
            status=AlertStatus.CLOSED,
            closed_by=actor,
            closed_at=timezone.now(),
            close_note=text,
        )
        audit_record(
            actor=actor,
            verb="alert.close",
            target=alert,
            changes={"status": (old, AlertStatus.CLOSED), "close_note": ("", text)},
        )
    return _fresh(alert)


def _report_from_alert(alert: Alert, actor: Any) -> IssueReport:
    """Open an issue report from the alert through the reports service (its own checks)."""
    try:
        from danvan.monitoring.services.reports import ReportInput, report_create
    except ImportError:  # the reports service is not there: say so instead of failing
        message = _("Chưa lập được vấn đề từ cảnh báo: chức năng vấn đề bức xúc chưa sẵn sàng.")
        raise ValidationFailed(message, fields={"report": message}) from None

    organization_id = None
    for candidate in (alert.organization_id, alert.area_organization_id):
        if candidate is not None and permissions.can_report_at(actor, candidate):
            organization_id = candidate
            break
    evidence = list(alert.evidence.order_by("-occurred_on", "pk")[:EVIDENCE_MAX])
    lines = [str((alert.explanation or {}).get("text", "")).strip()]
    if evidence:
        lines += ["", _("Hồ sơ làm căn cứ:")]
        lines += [f"- {e.label} ({e.occurred_on:%d/%m/%Y})" for e in evidence]
    source = Source.RECEPTION if alert.kind == AlertKind.CROWD else Source.OTHER
    data = ReportInput(
        title=alert.title[:300],
        description="\n".join(lines).strip() or alert.title,
        source=source,
        topic=alert.topic or "khac",
        organization_id=organization_id,
        area_id=alert.area_id,
        source_detail=(_("Cảnh báo sớm số %(n)d") % {"n": alert.pk})[:300],
        severity=alert.severity,
    )
    report: IssueReport = report_create(actor=actor, data=data)
    return report


def alert_link_report(
    *,
    alert: Alert,
    actor: Any,
    expected_version: int,
    report_id: int | None = None,
    create: bool = False,
) -> Alert:
    """Link the alert to an issue report the actor may see (`report_id`), or open one from the
    alert (`create`: title, area, topic, severity, the explanation and the evidence)."""
    _require_actor(actor, alert)
    _require_current(alert, expected_version)
    if alert.status == AlertStatus.CLOSED:
        message = _("Cảnh báo đã đóng.")
        raise ValidationFailed(message, fields={"report": message}, code="illegal_move")
    existing: IssueReport | None = None
    if not create:
        key = int(report_id or 0)
        if 1 <= key <= 2**63 - 1:
            existing = IssueReport.objects.filter(pk=key).first()
        if existing is None or not permissions.can_view(actor, existing):
            message = _("Không tìm thấy vấn đề này (hoặc bạn không có quyền xem).")
            raise ValidationFailed(message, fields={"report": message})
    with transaction.atomic():
        report = existing if existing is not None else _report_from_alert(alert, actor)
        old = alert.issue_report_id
        _save(alert, expected_version, issue_report=report)
        audit_record(
            actor=actor,
            verb="alert.link_report",
            target=alert,
            changes={"issue_report": (old, report.pk)},
        )
    return _fresh(alert)
