"""Bulk synthetic petitions for benchmarks: `danvan bench generate --petitions N`.

Owns `bulk_generate`, which fills the configured database with N realistic petitions as fast as
the database takes them: rows are built as plain values (in forked worker processes when asked:
text, search text and duplicate bands are the CPU-heavy part) and written in chunks of 5,000 with
multi-row inserts (COPY on PostgreSQL), with no services, no audit, no documents and no vault
(denunciations get their pseudonym and no sender rows: their identities would be in the vault).
What the benchmarks read is written the way the services would write it:

- one People's Committee per province and per commune in force today (created when missing,
  codes `<unit code>-UBND` as in the demo), and the petitions spread over them;
- case numbers `<seq>/<year>/<org code>` unique per organisation and year, continuing the
  `CaseCounter` (so petitions registered later through the services continue the numbering);
  random unique tracking codes;
- `search_text` as `petitions.search.search_text_for` writes it, `Petitioner` rows with their
  folded name key, `DuplicateBand` rows from `danvan.text.dedup` (the exact bands intake
  writes, computed for a whole chunk at once by `dedup.band_hashes_many`);
- a lifecycle consistent with its dates (triaged, accepted, resolved, closed, withdrawn,
  suspended with its `Suspension` row), the deadline registry rows (`core.Obligation`: open,
  done and cancelled, as `petition_deadlines_sync` leaves them) and `next_deadline` from
  `petitions.deadlines.petition_obligation_specs` with one deadline engine whose results are
  memoised per (rule, start date, variant).

During the load the search index is maintained once at the end instead of row by row
(`search_index_deferred`: SQLite's FTS5 insert trigger is dropped and the new rows indexed in one
statement), and a load of at least `DEFER_INDEXES_FROM` rows, no smaller than the table, drops
the plain secondary indexes of the tables it fills and rebuilds them at the end
(`danvan.core.bulk.indexes_deferred`; PostgreSQL's GIN search index is one of them); all are
restored also on failure. On SQLite the connection runs with bulk pragmas
(`danvan.core.bulk.sqlite_bulk_mode`).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import random
import re
import secrets
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import connection, connections, transaction
from django.utils import timezone, translation

from danvan.core.bulk import (
    indexes_deferred,
    insert_columns,
    obligation_rows,
    raw_insert,
    reserve_ids,
    sqlite_bulk_mode,
)
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
from danvan.petitions.states import FORWARDED_CHANNELS, Kind, Outcome, Status
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


def place_for(commune: AdminUnit, province: AdminUnit | None) -> Place:
    """What a sender writes about `commune` (the demo's own places keep their details)."""
    if commune.code in DEMO_PLACES:
        return DEMO_PLACES[commune.code]
    return generic_place(
        commune.code,
        commune.name,
        _unit_word(commune),
        province.name if province else "",
        ward=commune.unit_type == "phuong",
        province_word="thành phố" if province and province.unit_type == "thanh_pho" else "tỉnh",
        province_code=province.code if province else "",
    )


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
        place = place_for(c, province)
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


@dataclass(frozen=True)
class Plan:
    """Where and when one petition is received, and its number (drawn in the main process)."""

    commune: bool
    desk: int
    place: int
    received: dt.date
    seq: int


@dataclass
class RowData:
    """One built petition as plain values (cheap to send back from a worker process)."""

    petition: dict[str, Any]
    people: list[dict[str, Any]]
    bands: list[int]
    suspension: dict[str, Any] | None
    specs: list[Any]


@dataclass
class Shared:
    """What every row builder reads: loaded once, before worker processes start."""

    today: dt.date
    communes: list[Desk]
    provinces: list[Desk]
    units: dict[str, tuple[int, bool]]  # commune code -> (id, remote)
    engine: MemoEngine
    channel: str = ""  # every petition comes through this channel ("": drawn)


_SHARED: Shared | None = None


class RowBuilder:
    """Builds the rows of one chunk from their plans: text, lifecycle, search text, bands,
    deadlines. Reads no database (the deadline rules are in the shared engine)."""

    def __init__(self, shared: Shared, seed: int) -> None:
        self.shared = shared
        self.today = shared.today
        self.rng = random.Random(seed)
        self.gen = TextGenerator(seed)
        self.numbers = 0

    def _pick(self, table: Sequence[tuple[str, int]]) -> str:
        names, weights = zip(*table, strict=True)
        return str(self.rng.choices(names, weights=weights)[0])

    def _days(self, low: int, high: int) -> dt.timedelta:
        return dt.timedelta(days=self.rng.randint(low, high))

    def _number(self, kind: str) -> str:
        self.numbers += 1
        return f"{self.rng.randint(1, 2500)}/{kind}-UBND"

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

    def row(self, plan: Plan) -> RowData:
        r = self.rng
        desks = self.shared.communes if plan.commune else self.shared.provinces
        desk = desks[plan.desk]
        place = desk.places[plan.place]
        area_id, remote = self.shared.units[place.code]
        org = desk.org
        received = plan.received
        kind = self._pick(KIND_WEIGHTS)
        channel = self.shared.channel or self._pick(CHANNEL_WEIGHTS)
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
        case_number = f"{plan.seq}/{year}/{org.code}"
        protected = kind == Kind.DENUNCIATION
        forwarder = reference = ""
        if channel in FORWARDED_CHANNELS:
            forwarder, reference = self.gen.forwarder(channel, place, received)
        fields: dict[str, Any] = {
            "organization_id": org.pk,
            "year": year,
            "seq": plan.seq,
            "case_number": case_number,
            "tracking_code": _tracking_code(),
            "kind": kind,
            "channel": channel,
            "forwarder": forwarder,
            "forwarder_reference": reference,
            "pakn_code": f"PAKN-{year}-{r.randint(100000, 999999)}" if channel == "pakn" else "",
            "received_on": received,
            "summary": text.summary,
            "content": text.content,
            "requests": text.requests,
            "respondent": text.respondent,
            "topic": text.topic,
            "secondary_topics": list(text.secondary_topics),
            "area_id": area_id,
            "remote": remote,
            "anonymous": anonymous,
            "signer_count": max(text.signer_count, 0 if anonymous else 1),
            "pseudonym": secrets.token_hex(2).upper() if protected else "",
            "status": Status.RECEIVED,
        }
        suspension = self._lifecycle(fields)
        if (
            fields["status"] == Status.CLOSED
            and channel in FORWARDED_CHANNELS
            and fields.get("reported_back_on") is None
        ):
            # A case is closed once the forwarder has been told how it was handled.
            triaged = fields.get("triaged_on") or received
            fields["reported_back_on"] = min(triaged + self._days(1, 6), fields["closed_on"])
        names = [] if protected else [p.full_name for p in text.petitioners]
        fields["search_text"] = _search_text(fields, names)
        specs = self._specs(fields, suspension)
        open_specs = [s for s in specs if s.status == "open" and s.due is not None]
        nearest = min(open_specs, key=lambda s: (s.due, s.key), default=None)
        fields["next_deadline"] = nearest.due if nearest else None
        fields["next_deadline_key"] = nearest.key if nearest else ""
        people = [
            {
                "position": i,
                "full_name": person.full_name,
                "search_name": dedup.name_key(person.full_name),
                "id_number": person.id_number if r.random() < 0.7 else "",
                "address": person.address,
                "phone": person.phone if r.random() < 0.8 else "",
                "email": "",
                "is_representative": i in text.representatives,
            }
            for i, person in enumerate(text.petitioners)
            if not protected
        ]
        return RowData(
            petition=fields,
            people=people,
            bands=[],  # for the whole chunk at once (`_build_chunk`)
            suspension=suspension,
            specs=specs,
        )

    def _lifecycle(self, p: dict[str, Any]) -> dict[str, Any] | None:
        """Set the case's status and dates from a plan that fits its age; no step after today.

        Returns the open suspension of a suspended case.
        """
        r = self.rng
        today = self.today
        received: dt.date = p["received_on"]
        plan = self._plan((today - received).days)
        if plan == "received":
            return None
        if plan == "withdrawn":
            day = received + self._days(3, 30)
            if day <= today:
                p.update(status=Status.WITHDRAWN, withdrawn_on=day)
            return None
        triaged = received + self._days(1, 9)
        if triaged > today:
            return None
        p.update(status=Status.TRIAGED, triaged_on=triaged)
        if p["channel"] in FORWARDED_CHANNELS and r.random() < 0.85:
            back = triaged + self._days(1, 6)
            p["reported_back_on"] = back if back <= today else None
        if plan == "other" or (p["anonymous"] and p["kind"] == Kind.DENUNCIATION):
            outcome = self._pick(OTHER_OUTCOMES)
            if outcome == "ineligible" and p["kind"] not in INELIGIBLE:
                outcome = "answer"
            p["triage_outcome"] = outcome
            if outcome == "ineligible":
                p["ineligible_reason"] = r.choice(INELIGIBLE[p["kind"]])
            closed = triaged + self._days(0, 4)
            if closed <= today:
                p.update(status=Status.CLOSED, closed_on=closed)
            return None
        p["triage_outcome"] = Outcome.ACCEPT
        if plan == "triaged":
            return None
        accepted = triaged + self._days(0, 3)
        if accepted > today:
            return None
        p.update(status=Status.ACCEPTED, accepted_on=accepted)
        if p["kind"] in (Kind.COMPLAINT, Kind.DENUNCIATION) and r.random() < 0.1:
            p["complex"] = True
        if plan == "accepted":
            return None
        verifying = accepted + self._days(1, 8)
        if verifying > today:
            return None
        p["status"] = Status.VERIFYING
        if plan == "suspended":
            start = verifying + self._days(2, 12)
            if start > today:
                return None
            p["status"] = Status.SUSPENDED
            return {
                "start": start,
                "end": None,
                "reason": "Chờ kết quả giám định của cơ quan chuyên môn.",
                "decision_number": self._number("QĐ"),
            }
        if plan == "verifying":
            return None
        resolved = accepted + self._days(8, 40 if r.random() < 0.85 else 75)
        if resolved > today:
            return None
        doc = {"complaint": "QĐ", "denunciation": "KL"}.get(p["kind"], "TB")
        p.update(
            status=Status.RESOLVED,
            resolved_on=resolved,
            decision_number=self._number(doc),
            result_summary=self.gen.result_summary(
                p["kind"], r.choices(("yes", "partly", "no"), weights=(30, 30, 40))[0]
            ),
        )
        if plan == "resolved":
            return None
        closed = resolved + self._days(1, 5)
        if closed > today:
            return None
        p.update(status=Status.CLOSED, closed_on=closed)
        if r.random() < 0.6:
            p["satisfaction"] = r.choices(
                ("satisfied", "partly", "unsatisfied"), weights=(56, 27, 17)
            )[0]
            p["satisfaction_channel"] = r.choice(("phone", "in_person", "portal"))
        return None

    def _specs(self, fields: dict[str, Any], suspension: dict[str, Any] | None) -> list[Any]:
        """The deadline specs of the case, exactly as the services compute them."""
        from danvan.petitions.deadlines import petition_obligation_specs

        view = CaseView(fields, [Suspension(**suspension)] if suspension is not None else [])
        return petition_obligation_specs(cast(Petition, view), engine=self.shared.engine)


class _Related:
    """A related manager that answers `.all()` from a list."""

    __slots__ = ("items",)

    def __init__(self, items: list[Any]) -> None:
        self.items = items

    def all(self) -> list[Any]:
        return self.items


_DEFAULTS: dict[str, Any] = {}


class CaseView:
    """A petition's values as `petition_obligation_specs` reads them, without building a model
    instance (a tenth of the cost): the row's values over the model's defaults, no agencies or
    extensions, the given suspensions. tests/bench compares the specs with a real instance's."""

    def __init__(self, fields: dict[str, Any], suspensions: list[Any]) -> None:
        if not _DEFAULTS:
            _DEFAULTS.update((f.attname, f.get_default()) for f in Petition._meta.concrete_fields)
        self.__dict__.update(_DEFAULTS)
        self.__dict__.update(fields)
        self.pk = 0
        self.suspensions = _Related(suspensions)
        self.extensions = _Related([])
        self.agencies = _Related([])


def _build_chunk(task: tuple[int, list[Plan]]) -> list[RowData]:
    """Build one chunk (in a worker process, or inline)."""
    seed, plans = task
    if _SHARED is None:
        raise RuntimeError("bulk generator: shared state missing")
    with translation.override("vi"):
        builder = RowBuilder(_SHARED, seed)
        rows = [builder.row(plan) for plan in plans]
    for row, bands in zip(
        rows, dedup.band_hashes_many([row.petition["content"] for row in rows]), strict=True
    ):
        row.bands = sorted(set(bands))
    return rows


_SEARCH_TOKEN = re.compile(r"[a-z]+|[0-9]+")
# General punctuation (dashes, curly quotes, bullets): never part of a token, and any of them
# sends `fold` down its slow path for the whole text. As spaces they cut tokens the same way.
_PUNCTUATION = re.compile("[\u2010-\u205e]")


def _fold_for_tokens(text: str) -> str:
    """`fold(text)` as far as `[a-z]+|[0-9]+` tokens can tell: its one-table fast path without
    the whitespace clean-up (tokens never contain whitespace), `fold` itself otherwise."""
    try:
        from danvan.text.normalize import _FOLD_TABLE, _FOLD_UNSAFE
    except ImportError:  # the folding changed shape: the reference function
        return fold(text)
    lowered = text.lower()
    if _FOLD_UNSAFE.search(lowered) is not None:
        return fold(text)
    return lowered.translate(_FOLD_TABLE)


def _search_text(p: dict[str, Any], names: list[str]) -> str:
    """`petitions.search.search_text_for` of the row, folding its parts in one go (the tokens of
    space-joined parts are the parts' tokens one after the other; tests compare the two)."""
    from danvan.petitions.search import (
        MAX_SEARCH_TEXT_LENGTH,
        MAX_TOKEN_LENGTH,
        search_text_for,
    )

    parts = [p["case_number"], p["summary"], *names, p["respondent"], p["content"], p["requests"]]
    joined = _PUNCTUATION.sub(" ", unicodedata.normalize("NFKC", " ".join(parts)))
    tokens = _SEARCH_TOKEN.findall(_fold_for_tokens(joined))
    text = " ".join(tokens)
    if len(text) > MAX_SEARCH_TEXT_LENGTH or any(len(t) > MAX_TOKEN_LENGTH for t in tokens):
        return search_text_for(
            content=p["content"],
            summary=p["summary"],
            case_number=p["case_number"],
            names=names,
            respondent=p["respondent"],
            requests=p["requests"],
        )
    return text


class Planner:
    """Draws where and when each petition arrives and numbers it (continuing `CaseCounter`)."""

    def __init__(self, shared: Shared, seed: int) -> None:
        self.shared = shared
        self.rng = random.Random(seed)
        self.counters: dict[tuple[int, int], int] = {
            (c.organization_id, c.year): c.last for c in CaseCounter.objects.all()
        }

    def _received(self) -> dt.date:
        today = self.shared.today
        span = (today - START).days
        day = START + dt.timedelta(days=int(span * (self.rng.random() ** 0.8)))
        if day.weekday() >= 5 and self.rng.random() < 0.85:
            day -= dt.timedelta(days=day.weekday() - 4)
        return max(START, min(day, today))

    def plans(self, n: int) -> list[Plan]:
        r = self.rng
        out = []
        for _ in range(n):
            commune = r.random() < COMMUNE_SHARE or not self.shared.provinces
            desks = self.shared.communes if commune else self.shared.provinces
            index = r.randrange(len(desks))
            desk = desks[index]
            received = self._received()
            key = (int(desk.org.pk), received.year)
            seq = self.counters.get(key, 0) + 1
            self.counters[key] = seq
            out.append(Plan(commune, index, r.randrange(len(desk.places)), received, seq))
        return out


def counters_save(rows: list[RowData]) -> None:
    """Move the `CaseCounter`s to the largest number of the chunk (chunks are numbered in order:
    a later chunk's numbers are larger), in the chunk's transaction. The plans of later chunks
    are drawn meanwhile in the pool's feeder thread: nothing here reads the planner."""
    last: dict[tuple[int, int], int] = {}
    for row in rows:
        p = row.petition
        key = (int(p["organization_id"]), int(p["year"]))
        last[key] = max(last.get(key, 0), int(p["seq"]))
    if not last:
        return
    table = connection.ops.quote_name(CaseCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (organization_id, year, last) VALUES (%s, %s, %s) "
            "ON CONFLICT (organization_id, year) DO UPDATE SET last = excluded.last",
            [(org_id, year, seq) for (org_id, year), seq in sorted(last.items())],
        )


def bands_insert(rows: list[tuple[int, int, int]]) -> None:
    """`DuplicateBand` rows as (petition id, organisation id, band hash)."""
    insert_columns(DuplicateBand._meta.db_table, ["petition_id", "organization_id", "band"], rows)


def _insert(rows: list[RowData], today: dt.date) -> dict[str, int]:
    """Write one chunk (petitions, people, bands, suspensions, registry rows) in one transaction."""
    label = Petition._meta.label_lower
    with transaction.atomic():
        for pid, row in zip(reserve_ids(Petition, len(rows)), rows, strict=True):
            row.petition["id"] = pid
        raw_insert(Petition, [row.petition for row in rows], ids=True)
        people: list[dict[str, Any]] = []
        bands: list[tuple[int, int, int]] = []
        suspensions: list[dict[str, Any]] = []
        obligations: list[dict[str, Any]] = []
        for row in rows:
            p = row.petition
            pid = p["id"]
            org_id = int(p["organization_id"])
            people.extend(
                {**person, "petition_id": pid, "organization_id": org_id} for person in row.people
            )
            bands.extend((pid, org_id, b) for b in row.bands)
            if row.suspension is not None:
                suspensions.append({**row.suspension, "petition_id": pid})
            obligations.extend(
                obligation_rows(
                    row.specs,
                    target_type=label,
                    target_id=pid,
                    target_label=p["case_number"],
                    target_status=p["status"],
                    today=today,
                )
            )
        raw_insert(Petitioner, people)
        bands_insert(bands)
        raw_insert(Suspension, suspensions)
        raw_insert(Obligation, obligations)
        counters_save(rows)
    return {
        "petitions": len(rows),
        "petitioners": len(people),
        "bands": len(bands),
        "obligations": len(obligations),
    }


# The search index's pieces that a bulk load maintains once at the end (migrations 0002, 0006).
FTS_INSERT_TRIGGER = "petitions_petition_fts_ai"
PG_SEARCH_INDEX = "petition_search_vector_gin"


@contextmanager
def search_index_deferred() -> Iterator[None]:
    """On SQLite, index the petitions inserted in the block once, at its end, instead of row by
    row: the FTS5 insert trigger is dropped (its SQL kept as `sqlite_master` has it) and, at the
    end, the rows above the largest id before the block are indexed in one statement and the
    trigger recreated, in one transaction (nobody can insert between the two), also when the
    block fails. PostgreSQL's GIN index is an ordinary index (`indexes_deferred`)."""
    from danvan.petitions.search import FTS_TABLE

    if connection.vendor != "sqlite":
        yield
        return
    table = connection.ops.quote_name(Petition._meta.db_table)
    restore: str | None = None
    before = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s",
            [FTS_INSERT_TRIGGER],
        )
        row = cursor.fetchone()
        if row is not None:
            restore = str(row[0])
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
            before = int(cursor.fetchone()[0])
            cursor.execute(f"DROP TRIGGER {FTS_INSERT_TRIGGER}")
    try:
        yield
    finally:
        if restore is not None:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {FTS_TABLE}(rowid, search_text) "
                    f"SELECT id, search_text FROM {table} WHERE id > %s",
                    [before],
                )
                cursor.execute(restore)


# Tables a large load fills; their plain indexes are rebuilt once at the end.
BULK_MODELS = (Petition, Petitioner, DuplicateBand, Suspension, Obligation)
# A load this large (and at least as large as the table) defers the indexes.
DEFER_INDEXES_FROM = 50_000


def analyze(model_list: Sequence[type[Any]]) -> None:
    """PostgreSQL: fresh planner statistics and visibility maps for the tables just filled.

    Without statistics the queries that follow a load plan for empty tables; without a vacuum
    no page of the new rows is marked all-visible, so index-only scans (the duplicate
    suggestion's band lookups, the scoped counts) read the table as well: at 1,000,000
    petitions the province officer's suggestion took 108 ms at p50 after `ANALYZE` alone and
    52 ms after `VACUUM (ANALYZE)`. `VACUUM` cannot run inside a transaction, so inside one
    (the tests' rolled-back loads) this is `ANALYZE` alone. SQLite plans without them.
    """
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in model_list)
    verb = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        cursor.execute(f"{verb} {tables}")


def _chunk_sizes(total: int, size: int) -> Iterator[int]:
    done = 0
    while done < total:
        n = min(size, total - done)
        yield n
        done += n


def bulk_generate(
    *,
    petitions: int,
    seed: int = 1,
    chunk: int = CHUNK,
    workers: int = 1,
    today: dt.date | None = None,
    progress: Callable[[Progress], None] | None = None,
    channel: str = "",
) -> dict[str, int]:
    """Insert `petitions` synthetic petitions; returns what was created and the seconds taken.

    `workers` > 1 builds the rows in that many forked processes while this one inserts (the
    text, search and duplicate-band computations are the CPU-heavy part). `channel` makes every
    petition come through that channel (the reception register's "in_person" cases). Needs the
    reference data (`danvan install`). Safe to run again: every run adds rows and the numbering
    continues.
    """
    global _SHARED
    if petitions < 0 or chunk < 1 or workers < 1:
        raise ValueError("petitions >= 0, chunk >= 1, workers >= 1")
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
        units = {
            u.code: (int(u.pk), bool(u.remote))
            for u in AdminUnit.objects.in_force_on(day).filter(level=UnitLevel.COMMUNE)
        }
        _SHARED = Shared(day, communes, provinces, units, MemoEngine(), channel)
        existing = Petition.objects.count()
        planner = Planner(_SHARED, seed)
        tasks = (
            (seed * 1_000_003 + i, planner.plans(n))
            for i, n in enumerate(_chunk_sizes(petitions, chunk))
        )
        state = Progress(total=petitions)
        pool = None
        try:
            if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
                # Children must not share this process's database connection.
                connections.close_all()
                pool = multiprocessing.get_context("fork").Pool(workers)
                built: Iterator[list[RowData]] = pool.imap(_build_chunk, tasks)
            else:
                built = map(_build_chunk, tasks)
            # After the fork: the pragmas belong to this process's new connection.
            defer = petitions >= max(existing, DEFER_INDEXES_FROM)
            with (
                sqlite_bulk_mode(),
                search_index_deferred(),
                indexes_deferred(BULK_MODELS, enabled=defer),
            ):
                for rows in built:
                    for key, value in _insert(rows, day).items():
                        totals[key] += value
                    state.done += len(rows)
                    if progress is not None:
                        progress(state)
            analyze(BULK_MODELS)
        finally:
            if pool is not None:
                pool.close()
                pool.join()
            _SHARED = None
    totals["seconds"] = int(time.perf_counter() - started)
    return totals
