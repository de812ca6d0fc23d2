"""Bulk synthetic petitions for benchmarks: `danvan bench generate --petitions N`.

Owns `bulk_generate`, which fills the configured database with N realistic petitions as fast as
the database takes them: rows are built in Python and inserted with `bulk_create` in chunks, with
no services, no audit, no documents and no vault (denunciations get their pseudonym and no
sender rows: their identities would be in the vault). What the benchmarks read is written the
way the services would write it:

- one People's Committee per province and per commune in force today (created when missing,
  codes `<unit code>-UBND` as in the demo), and the petitions spread over them;
- case numbers `<seq>/<year>/<org code>` unique per organisation and year, continuing the
  `CaseCounter` (so petitions registered later through the services continue the numbering);
  random unique tracking codes;
- `search_text` from `petitions.search.search_text_for`, `Petitioner` rows with their folded
  name key, `DuplicateBand` rows from `danvan.text.dedup` (the exact bands intake writes);
- a lifecycle consistent with its dates (triaged, accepted, resolved, closed, withdrawn,
  suspended with its `Suspension` row), and, for open cases, the deadline registry rows
  (`core.Obligation`) and `next_deadline` from `petitions.deadlines.petition_obligation_specs`
  with one deadline engine whose results are memoised per (rule, start date, variant).
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db import transaction
from django.utils import timezone, translation

from danvan.core.deadlines import DeadlineEngine, DeadlineResult
from danvan.core.models import AdminUnit, Obligation, Organization, UnitLevel
from danvan.core.models.units import TYPE_PREFIX
from danvan.core.selectors.calendar import rule_version_from_model, work_calendar
from danvan.petitions.demo_text import (
    DEMO_PLACES,
    Place,
    TextGenerator,
    generic_place,
)
from danvan.petitions.models import (
    CaseCounter,
    DuplicateBand,
    Petition,
    Petitioner,
    Suspension,
)
from danvan.petitions.services.common import TRACKING_ALPHABET
from danvan.petitions.states import FORWARDED_CHANNELS, OPEN_STATES, Kind, Outcome, Status
from danvan.text import dedup
from danvan.text.normalize import fold

START = dt.date(2025, 1, 1)
CHUNK = 5000
COMMUNE_SHARE = 0.75  # of petitions received by commune People's Committees

KIND_WEIGHTS = (("complaint", 30), ("denunciation", 14), ("proposal", 26), ("report", 25),
                ("mixed", 5))  # fmt: skip
CHANNEL_WEIGHTS = (("post", 24), ("in_person", 24), ("box", 4), ("online", 17),
                   ("forwarded_deputy", 7), ("forwarded_mttq", 6), ("forwarded_press", 3),
                   ("forwarded_agency", 6), ("pakn", 9))  # fmt: skip
OTHER_OUTCOMES = (("guide", 30), ("answer", 30), ("file", 12), ("ineligible", 16),
                  ("transfer", 12))  # fmt: skip
INELIGIBLE = {
    "complaint": ("kn_out_of_time", "kn_no_direct_interest", "kn_court", "kn_unsigned"),
    "denunciation": ("tc_no_basis", "tc_no_competence", "tc_already_resolved"),
}


class MemoEngine(DeadlineEngine):
    """The deadline engine, remembering each result: bulk rows share few distinct inputs."""

    def __init__(self) -> None:
        from danvan.core.models import DeadlineRule

        super().__init__(
            [rule_version_from_model(r) for r in DeadlineRule.objects.all()], work_calendar()
        )
        self._memo: dict[tuple[Any, ...], DeadlineResult] = {}

    def compute(
        self,
        *,
        rule_id: str,
        start: dt.date,
        complex: bool = False,
        especially_complex: bool = False,
        remote: bool = False,
        extended: bool = False,
        suspensions: Sequence[Any] = (),
    ) -> DeadlineResult:
        key = (rule_id, start, complex, especially_complex, remote, extended, tuple(suspensions))
        result = self._memo.get(key)
        if result is None:
            result = super().compute(
                rule_id=rule_id,
                start=start,
                complex=complex,
                especially_complex=especially_complex,
                remote=remote,
                extended=extended,
                suspensions=suspensions,
            )
            self._memo[key] = result
        return result


@lru_cache(maxsize=400_000)
def _shingle_row(shingle: str) -> tuple[int, ...]:
    # The MinHash row of one shingle is the signature of the one-shingle set.
    return dedup.minhash((shingle,))


def band_hashes(text: str) -> list[int]:
    """`danvan.text.dedup.band_hashes`, with each shingle's hash row computed once per run."""
    rows = [_shingle_row(s) for s in dedup.shingles(text)]
    if not rows:
        return []
    return dedup.bands_of(tuple(map(min, zip(*rows, strict=True))))


@dataclass
class Desk:
    org: Organization
    places: list[Place]


@dataclass
class Progress:
    total: int
    done: int = 0
    started: float = field(default_factory=time.perf_counter)

    @property
    def rate(self) -> float:
        return self.done / max(time.perf_counter() - self.started, 1e-9)


def _unit_word(unit: AdminUnit) -> str:
    return TYPE_PREFIX.get(unit.unit_type, "Xã").lower()


def _org_name(unit: AdminUnit) -> str:
    full = unit.full_name or f"{TYPE_PREFIX.get(unit.unit_type, '')} {unit.name}"
    return f"Ủy ban nhân dân {full[0].lower()}{full[1:]}"


def organizations_ensure(today: dt.date) -> tuple[list[Desk], list[Desk], int]:
    """One People's Committee per province and commune in force on `today` (bulk-created when
    missing); returns the commune desks, the province desks and how many were created."""
    units = list(
        AdminUnit.objects.in_force_on(today)
        .filter(level__in=[UnitLevel.PROVINCE, UnitLevel.COMMUNE])
        .order_by("code")
    )
    provinces = {u.pk: u for u in units if u.level == UnitLevel.PROVINCE}
    communes = [u for u in units if u.level == UnitLevel.COMMUNE]
    existing = {
        o.code: o
        for o in Organization.objects.filter(code__endswith="-UBND").select_related("area")
    }
    created = 0

    def make(unit: AdminUnit, parent: Organization | None) -> Organization:
        name = _org_name(unit)
        return Organization(
            code=f"{unit.code}-UBND",
            name=name,
            search_name=fold(name)[:250],
            kind="ubnd",
            level="province" if unit.level == UnitLevel.PROVINCE else "commune",
            area=unit,
            parent=parent,
            is_active=True,
        )

    missing = [make(u, None) for u in provinces.values() if f"{u.code}-UBND" not in existing]
    if missing:
        Organization.objects.bulk_create(missing, batch_size=1000)
        created += len(missing)
        existing.update(
            {o.code: o for o in Organization.objects.filter(code__in=[m.code for m in missing])}
        )
    missing = []
    for c in communes:
        province = provinces.get(c.parent_id) if c.parent_id else None
        parent = existing.get(f"{province.code}-UBND") if province else None
        if f"{c.code}-UBND" not in existing:
            missing.append(make(c, parent))
    if missing:
        Organization.objects.bulk_create(missing, batch_size=1000)
        created += len(missing)
        existing.update(
            {o.code: o for o in Organization.objects.filter(code__in=[m.code for m in missing])}
        )

    places: dict[int, Place] = {}
    by_province: dict[int, list[Place]] = {}
    for c in communes:
        province = provinces.get(c.parent_id) if c.parent_id else None
        pname = province.name if province else ""
        place = DEMO_PLACES.get(c.code) or generic_place(
            c.code, c.name, _unit_word(c), pname, ward=c.unit_type == "phuong"
        )
        places[c.pk] = place
        if c.parent_id:
            by_province.setdefault(c.parent_id, []).append(place)
    commune_desks = [
        Desk(existing[f"{c.code}-UBND"], [places[c.pk]])
        for c in communes
        if f"{c.code}-UBND" in existing
    ]
    province_desks = [
        Desk(existing[f"{p.code}-UBND"], by_province[p.pk])
        for p in provinces.values()
        if f"{p.code}-UBND" in existing and by_province.get(p.pk)
    ]
    return commune_desks, province_desks, created


def _tracking_code() -> str:
    raw = secrets.token_bytes(12)
    chars = "".join(TRACKING_ALPHABET[b % len(TRACKING_ALPHABET)] for b in raw)
    return f"{chars[:4]}-{chars[4:8]}-{chars[8:]}"


@dataclass
class Row:
    """One petition being built, with what goes into the other tables."""

    petition: Petition
    people: list[Petitioner]
    bands: list[int]
    suspension: Suspension | None


class BulkBuilder:
    """Builds petition rows (no database access but the counters and units loaded once)."""

    def __init__(
        self,
        *,
        seed: int,
        today: dt.date,
        commune_desks: list[Desk],
        province_desks: list[Desk],
    ) -> None:
        self.rng = random.Random(seed)
        self.gen = TextGenerator(seed)
        self.today = today
        self.communes = commune_desks
        self.provinces = province_desks
        self.units = {
            u.code: u for u in AdminUnit.objects.in_force_on(today).filter(level=UnitLevel.COMMUNE)
        }
        self.counters: dict[tuple[int, int], int] = {
            (c.organization_id, c.year): c.last for c in CaseCounter.objects.all()
        }
        self.touched: set[tuple[int, int]] = set()
        self.numbers = 0
        self.engine = MemoEngine()

    # -- choices -------------------------------------------------------------------------

    def _pick(self, table: Sequence[tuple[str, int]]) -> str:
        names, weights = zip(*table, strict=True)
        return str(self.rng.choices(names, weights=weights)[0])

    def _received(self) -> dt.date:
        span = (self.today - START).days
        day = START + dt.timedelta(days=int(span * (self.rng.random() ** 0.8)))
        if day.weekday() >= 5 and self.rng.random() < 0.85:
            day -= dt.timedelta(days=day.weekday() - 4)
        return max(START, min(day, self.today))

    def _plan(self, age: int) -> str:
        """Where a case received `age` days ago ends (open cases are mostly recent ones)."""
        table: tuple[tuple[str, int], ...]
        if age <= 9:
            table = (("received", 55), ("triaged", 15), ("accepted", 15), ("other", 15))
        elif age <= 45:
            table = (("received", 4), ("accepted", 15), ("verifying", 25), ("resolved", 6),
                     ("closed", 40), ("other", 5), ("withdrawn", 3),
                     ("suspended", 2))  # fmt: skip
        else:
            table = (("closed", 62), ("other", 20), ("withdrawn", 4), ("suspended", 2),
                     ("received", 3), ("verifying", 5), ("accepted", 2),
                     ("resolved", 2))  # fmt: skip
        return self._pick(table)

    def _days(self, low: int, high: int) -> dt.timedelta:
        return dt.timedelta(days=self.rng.randint(low, high))

    # -- one row -------------------------------------------------------------------------

    def row(self) -> Row:
        r = self.rng
        if r.random() < COMMUNE_SHARE or not self.provinces:
            desk = r.choice(self.communes)
        else:
            desk = r.choice(self.provinces)
        place = r.choice(desk.places)
        area = self.units.get(place.code)
        if area is None:  # a province desk's place is always a commune in force
            raise RuntimeError(f"no commune {place.code}")
        org = desk.org
        received = self._received()
        kind = self._pick(KIND_WEIGHTS)
        channel = self._pick(CHANNEL_WEIGHTS)
        anonymous = channel in ("box", "online", "post") and r.random() < (
            0.5 if channel == "box" else 0.04
        )
        if anonymous and kind == "complaint":
            kind = "report"
        signers = 1
        if not anonymous and kind != "denunciation" and r.random() < 0.07:
            signers = r.choice((5, 6, 8, 12, 17, 23, 40, 64))
        text = self.gen.petition(
            place=place, day=received, kind=kind, signers=signers, anonymous=anonymous
        )
        kind = text.kind

        year = received.year
        key = (int(org.pk), year)
        seq = self.counters.get(key, 0) + 1
        self.counters[key] = seq
        self.touched.add(key)
        case_number = f"{seq}/{year}/{org.code}"
        protected = kind == Kind.DENUNCIATION
        names = [] if protected else [p.full_name for p in text.petitioners]
        forwarder = reference = ""
        if channel in FORWARDED_CHANNELS:
            forwarder, reference = self.gen.forwarder(channel, place, received)
        p = Petition(
            organization=org,
            year=year,
            seq=seq,
            case_number=case_number,
            tracking_code=_tracking_code(),
            kind=kind,
            channel=channel,
            forwarder=forwarder,
            forwarder_reference=reference,
            pakn_code=f"PAKN-{year}-{r.randint(100000, 999999)}" if channel == "pakn" else "",
            received_on=received,
            summary=text.summary,
            content=text.content,
            requests=text.requests,
            respondent=text.respondent,
            topic=text.topic,
            secondary_topics=list(text.secondary_topics),
            area=area,
            remote=bool(area.remote),
            anonymous=anonymous,
            signer_count=max(text.signer_count, 0 if anonymous else 1),
            pseudonym=secrets.token_hex(2).upper() if protected else "",
            status=Status.RECEIVED,
        )
        suspension = self._lifecycle(p)
        p.search_text = _search_text(p, names)
        people = [
            Petitioner(
                position=i,
                full_name=person.full_name,
                search_name=dedup.name_key(person.full_name),
                id_number=person.id_number if r.random() < 0.7 else "",
                address=person.address,
                phone=person.phone if r.random() < 0.8 else "",
                is_representative=i in text.representatives,
            )
            for i, person in enumerate(text.petitioners)
            if not protected
        ]
        return Row(p, people, sorted(set(band_hashes(p.content))), suspension)

    def _lifecycle(self, p: Petition) -> Suspension | None:
        """Set the case's status and dates from a plan that fits its age; no step after today."""
        r = self.rng
        today = self.today
        plan = self._plan((today - p.received_on).days)
        if plan == "received":
            return None
        if plan == "withdrawn":
            day = p.received_on + self._days(3, 30)
            if day <= today:
                p.status, p.withdrawn_on = Status.WITHDRAWN, day
            return None
        triaged = p.received_on + self._days(1, 9)
        if triaged > today:
            return None
        p.status, p.triaged_on = Status.TRIAGED, triaged
        if p.channel in FORWARDED_CHANNELS and r.random() < 0.85:
            back = triaged + self._days(1, 6)
            p.reported_back_on = back if back <= today else None
        if plan == "other" or (p.anonymous and p.kind == Kind.DENUNCIATION):
            outcome = self._pick(OTHER_OUTCOMES)
            if outcome == "ineligible" and p.kind not in INELIGIBLE:
                outcome = "answer"
            p.triage_outcome = outcome
            if outcome == "ineligible":
                p.ineligible_reason = r.choice(INELIGIBLE[p.kind])
            closed = triaged + self._days(0, 4)
            if closed <= today:
                p.status, p.closed_on = Status.CLOSED, closed
            return None
        p.triage_outcome = Outcome.ACCEPT
        if plan == "triaged":
            return None
        accepted = triaged + self._days(0, 3)
        if accepted > today:
            return None
        p.status, p.accepted_on = Status.ACCEPTED, accepted
        if p.kind in (Kind.COMPLAINT, Kind.DENUNCIATION) and r.random() < 0.1:
            p.complex = True
        if plan == "accepted":
            return None
        verifying = accepted + self._days(1, 8)
        if verifying > today:
            return None
        p.status = Status.VERIFYING
        if plan == "suspended":
            start = verifying + self._days(2, 12)
            if start > today:
                return None
            p.status = Status.SUSPENDED
            return Suspension(
                start=start,
                reason="Chờ kết quả giám định của cơ quan chuyên môn.",
                decision_number=self._number("QĐ"),
            )
        if plan == "verifying":
            return None
        resolved = accepted + self._days(8, 40 if r.random() < 0.85 else 75)
        if resolved > today:
            return None
        p.status, p.resolved_on = Status.RESOLVED, resolved
        p.decision_number = self._number(
            {"complaint": "QĐ", "denunciation": "KL"}.get(p.kind, "TB")
        )
        p.result_summary = self.gen.result_summary(
            p.kind, r.choices(("yes", "partly", "no"), weights=(30, 30, 40))[0]
        )
        if plan == "resolved":
            return None
        closed = resolved + self._days(1, 5)
        if closed > today:
            return None
        p.status, p.closed_on = Status.CLOSED, closed
        if r.random() < 0.6:
            p.satisfaction = r.choices(
                ("satisfied", "partly", "unsatisfied"), weights=(56, 27, 17)
            )[0]
            p.satisfaction_channel = r.choice(("phone", "in_person", "portal"))
        return None

    def _number(self, kind: str) -> str:
        self.numbers += 1
        return f"{self.numbers % 3000 + 1}/{kind}-UBND"

    def obligations(self, p: Petition, suspension: Suspension | None) -> list[Any]:
        """The deadline specs of the case, as the services would compute them."""
        from danvan.petitions.deadlines import petition_obligation_specs

        saved_pk = p.pk
        if saved_pk is None:
            p.pk = 0  # related managers need a primary key; the caches below answer them
        p._prefetched_objects_cache = {  # type: ignore[attr-defined]
            "suspensions": [suspension] if suspension is not None else [],
            "extensions": [],
            "agencies": [],
        }
        try:
            return petition_obligation_specs(p, engine=self.engine)
        finally:
            p.pk = saved_pk
            del p._prefetched_objects_cache  # type: ignore[attr-defined]

    def counters_save(self) -> None:
        if not self.touched:
            return
        CaseCounter.objects.bulk_create(
            [
                CaseCounter(organization_id=org_id, year=year, last=self.counters[(org_id, year)])
                for org_id, year in sorted(self.touched)
            ],
            update_conflicts=True,
            unique_fields=["organization", "year"],
            update_fields=["last"],
            batch_size=1000,
        )
        self.touched.clear()


def _search_text(p: Petition, names: list[str]) -> str:
    from danvan.petitions.search import search_text_for

    return search_text_for(
        content=p.content,
        summary=p.summary,
        case_number=p.case_number,
        names=names,
        respondent=p.respondent,
        requests=p.requests,
    )


def _chunks(total: int, size: int) -> Iterator[int]:
    done = 0
    while done < total:
        n = min(size, total - done)
        yield n
        done += n


def _insert(builder: BulkBuilder, rows: list[Row]) -> dict[str, int]:
    """Write one chunk (petitions, people, bands, suspensions, registry rows) in one transaction."""
    label = Petition._meta.label_lower
    counts = {"petitions": 0, "petitioners": 0, "bands": 0, "obligations": 0}
    specs_by_row = []
    for row in rows:
        specs = builder.obligations(row.petition, row.suspension)
        open_specs = [s for s in specs if s.status == "open" and s.due is not None]
        nearest = min(open_specs, key=lambda s: (s.due, s.key), default=None)
        row.petition.next_deadline = nearest.due if nearest else None
        row.petition.next_deadline_key = nearest.key if nearest else ""
        specs_by_row.append(specs if row.petition.status in OPEN_STATES else [])
    with transaction.atomic():
        Petition.objects.bulk_create([r.petition for r in rows], batch_size=1000)
        people: list[Petitioner] = []
        bands: list[DuplicateBand] = []
        suspensions: list[Suspension] = []
        obligations: list[Obligation] = []
        for row, specs in zip(rows, specs_by_row, strict=True):
            pid = row.petition.pk
            for person in row.people:
                person.petition_id = pid
                people.append(person)
            bands.extend(DuplicateBand(petition_id=pid, band=b) for b in row.bands)
            if row.suspension is not None:
                row.suspension.petition_id = pid
                suspensions.append(row.suspension)
            for s in specs:
                obligations.append(
                    Obligation(
                        key=s.key,
                        kind=s.kind,
                        title=s.title[:300],
                        rule_id=s.rule_id,
                        explanation=[str(line) for line in s.explanation],
                        target_type=label,
                        target_id=pid,
                        target_label=row.petition.case_number,
                        target_status=row.petition.status,
                        topic=s.topic,
                        organization_id=s.organization_id,
                        assignee_id=s.assignee_id,
                        area_id=s.area_id,
                        started_on=s.started_on,
                        due=s.due,
                        status=s.status,
                        completed_on=s.completed_on if s.status == "done" else None,
                    )
                )
        Petitioner.objects.bulk_create(people, batch_size=2000)
        DuplicateBand.objects.bulk_create(bands, batch_size=5000)
        Suspension.objects.bulk_create(suspensions, batch_size=1000)
        Obligation.objects.bulk_create(obligations, batch_size=2000)
        builder.counters_save()
    counts["petitions"] = len(rows)
    counts["petitioners"] = len(people)
    counts["bands"] = len(bands)
    counts["obligations"] = len(obligations)
    return counts


def bulk_generate(
    *,
    petitions: int,
    seed: int = 1,
    chunk: int = CHUNK,
    today: dt.date | None = None,
    progress: Callable[[Progress], None] | None = None,
) -> dict[str, int]:
    """Insert `petitions` synthetic petitions; returns what was created and the seconds taken.

    Needs the reference data (`danvan install`): units in force today are where petitions
    come from. Safe to run again: every run adds rows, numbering continues.
    """
    if petitions < 0 or chunk < 1:
        raise ValueError("petitions >= 0 and chunk >= 1")
    day = today or timezone.localdate()
    started = time.perf_counter()
    totals = {"petitions": 0, "petitioners": 0, "bands": 0, "obligations": 0}
    with translation.override("vi"):
        with transaction.atomic():
            communes, provinces, created = organizations_ensure(day)
        totals["organizations_created"] = created
        if not communes:
            raise ValueError(
                "Chưa có đơn vị hành chính cấp xã: chạy `danvan install` để nạp dữ liệu tham chiếu."
            )
        builder = BulkBuilder(
            seed=seed, today=day, commune_desks=communes, province_desks=provinces
        )
        state = Progress(total=petitions)
        for n in _chunks(petitions, chunk):
            rows = [builder.row() for _ in range(n)]
            for key, value in _insert(builder, rows).items():
                totals[key] += value
            state.done += n
            if progress is not None:
                progress(state)
    totals["seconds"] = int(time.perf_counter() - started)
    return totals
