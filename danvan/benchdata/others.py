"""Bulk synthetic records of the modules around the petitions, written the way their services
leave them (raw inserts: no services, no audit, no documents).

One builder per kind, each `build(count) -> dict of rows written`:

- `sessions`: reception sessions (scheduled, daily desk, extraordinary) of the People's
  Committees, half of the held ones on a day their register has a visitor; statuses follow
  `reception.states` (a scheduled session is held only after its schedule was published, a
  daily desk day is never published), with `publish_due` and the `reception.schedule_publish`
  registry row of scheduled sessions;
- `reception`: the register (sổ tiếp công dân): one entry per in-person petition that has none
  (the visitor is its first petitioner, the crowd its signers with their representatives, the
  content its summary, the outcome its triage), more in-person petitions generated first when
  too few exist, 3% refused visitors without a petition; serial numbers continue the
  `EntryCounter`s; reply deadlines (`reception.reply`) with most replies recorded;
- `issues`: issue reports (vấn đề bức xúc) written from the petitions' scenarios of the same
  topic (title, facts, people's mood by severity, what the commune did), lifecycle with its
  timeline (`IssueUpdate`), escalations to the province with answers, search text and the
  `monitoring.*` registry rows;
- `tasks`: tasks of coordination programmes and plans given to the committees (titles from
  the phrase book), progress and completion consistent with the status, supporting units,
  the `task` registry row;
- `models`: "Dân vận khéo" models by field (names, methods, measurable results), lifecycle
  dates, recognition decisions for recognised and replicated ones (the check constraint);
- `dialogues`: annual (one per commune and year), leader–citizen and complaint dialogues
  (linked to accepted complaints), the notice deadline, the chair, and the commitments of
  held dialogues as core tasks (all finished once the dialogue is closed);
- `alerts`: early warnings derived from what exists: crowd delegations of the register,
  sensitive and level-4 issue reports, and rises of petitions on one topic in one commune,
  each with its evidence, sent to the province committee and the commune's.

Not generated (documented in docs/performance-data.md): audit events, documents (minutes,
refusal and conclusion notices), evaluation councils of models, dialogue statements.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from django.db import connection, transaction
from django.db.models import Max, Min, Q
from django.utils import timezone, translation

from danvan.benchdata import phrases as P
from danvan.benchdata.context import CHUNK, Context, Spot, fmt
from danvan.core.bulk import obligation_rows, raw_insert, reserve_ids
from danvan.core.models import Task
from danvan.core.models.obligations import TaskSupport
from danvan.core.services.obligations import ObligationSpec
from danvan.text import fold

Progress = Callable[[int], None]


def _chunks(total: int, size: int = CHUNK) -> Iterator[int]:
    done = 0
    while done < total:
        n = min(size, total - done)
        yield n
        done += n


def _label(model: Any) -> str:
    return str(model._meta.label_lower)


def _counter_upsert(table: str, last: dict[tuple[int, int], int]) -> None:
    """Move (organization, year) counters to `last` (the largest number used)."""
    if not last:
        return
    quoted = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quoted} (organization_id, year, last) VALUES (%s, %s, %s) "
            "ON CONFLICT (organization_id, year) DO UPDATE SET last = excluded.last",
            [(o, y, n) for (o, y), n in sorted(last.items())],
        )


def _obligations(rows: list[dict[str, Any]]) -> None:
    from danvan.core.models import Obligation

    raw_insert(Obligation, rows)


# --- Tasks (shared by tasks and dialogue commitments) -------------------------------------------


def _task_status(ctx: Context, due: dt.date) -> str:
    if due < ctx.today:
        return str(ctx.pick((("done", 76), ("cancelled", 5), ("in_progress", 11), ("open", 8))))
    return str(ctx.pick((("open", 40), ("in_progress", 50), ("done", 10))))


def _task_row(
    ctx: Context,
    *,
    title: str,
    description: str,
    org_id: int,
    due: dt.date,
    created: dt.date,
    status: str | None = None,
    target: tuple[str, int, str] = ("", 0, ""),
) -> dict[str, Any]:
    """A core task as `task_create` and the later progress, completion or cancellation leave
    it: progress 0 while open, 100 and a completion day once done."""
    status = status or _task_status(ctx, due)
    completed = None
    progress = 0
    if status == "in_progress":
        progress = ctx.rng.randrange(10, 100, 10)
    elif status == "done":
        progress = 100
        completed = due + ctx.days(-20, 12) if ctx.rng.random() < 0.85 else due + ctx.days(1, 30)
        completed = max(created, min(completed, ctx.today))
    elif status == "cancelled":
        progress = ctx.rng.choice((0, 0, 20, 40))
    target_type, target_id, target_label = target
    return {
        "title": title[:300],
        "description": description,
        "organization_id": org_id,
        "due": due,
        "progress": progress,
        "status": status,
        "target_type": target_type,
        "target_id": target_id or None,
        "target_label": target_label[:250],
        "created_at": ctx.at(created, 8, 15),
        "completed_on": completed,
    }


def _task_obligations(ctx: Context, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The registry row `core.services.tasks` keeps for each task."""
    from danvan.core.services.tasks import TASK_KEY, TASK_KIND

    out: list[dict[str, Any]] = []
    for row in rows:
        status = {"done": "done", "cancelled": "cancelled"}.get(row["status"], "open")
        org = ctx.orgs.get(row["organization_id"])
        spec = ObligationSpec(
            key=TASK_KEY,
            kind=TASK_KIND,
            title=row["title"],
            started_on=timezone.localtime(row["created_at"]).date(),
            due=row["due"],
            organization_id=row["organization_id"],
            area_id=org.area_id if org is not None else None,
            status=status,
            completed_on=row["completed_on"],
        )
        out.extend(
            obligation_rows(
                [spec],
                target_type=_label(Task),
                target_id=row["id"],
                target_label=row["target_label"] or row["title"],
                target_status=row["status"],
                today=ctx.today,
            )
        )
    return out


def _write_tasks(ctx: Context, rows: list[dict[str, Any]]) -> int:
    """Insert tasks (ids given here) and their registry rows; the ids are set on the rows."""
    for pk, row in zip(reserve_ids(Task, len(rows)), rows, strict=True):
        row["id"] = pk
    raw_insert(Task, rows, ids=True)
    obligations = _task_obligations(ctx, rows)
    _obligations(obligations)
    return len(obligations)


def build_tasks(ctx: Context, count: int, progress: Progress | None = None) -> dict[str, int]:
    """Tasks of coordination programmes and plans given to the People's Committees."""
    written = {"tasks": 0, "task_supports": 0, "obligations": 0}
    for n in _chunks(count):
        rows: list[dict[str, Any]] = []
        supports: list[tuple[int, list[tuple[int, str, int]]]] = []
        for _ in range(n):
            spot = ctx.spot()
            due = ctx.day(
                until=ctx.today + dt.timedelta(days=150), after=ctx.start + dt.timedelta(days=20)
            )
            created = max(ctx.start, min(due - ctx.days(15, 100), ctx.today))
            fill = ctx.fill(spot, created)
            title, description = ctx.rng.choice(P.TASKS)
            row = _task_row(
                ctx,
                title=fmt(title, fill),
                description=fmt(description, fill),
                org_id=int(spot.org.pk),
                due=due,
                created=created,
            )
            rows.append(row)
            helpers: list[tuple[int, str, int]] = []
            if ctx.rng.random() < 0.3:
                others = [spot.province] if spot.province is not None else []
                others += [ctx.spot().org for _ in range(ctx.rng.randint(0, 2))]
                seen = {int(spot.org.pk)}
                for other in others:
                    if other is None or int(other.pk) in seen:
                        continue
                    seen.add(int(other.pk))
                    share = row["progress"] if row["status"] != "cancelled" else 0
                    helpers.append((int(other.pk), ctx.rng.choice(P.SUPPORT_DUTIES), share))
            supports.append((len(rows) - 1, helpers))
        with transaction.atomic():
            written["obligations"] += _write_tasks(ctx, rows)
            support_rows = [
                {"task_id": rows[i]["id"], "organization_id": org, "duty": duty, "progress": pr}
                for i, helpers in supports
                for org, duty, pr in helpers
            ]
            raw_insert(TaskSupport, support_rows)
        written["tasks"] += n
        written["task_supports"] += len(support_rows)
        if progress is not None:
            progress(n)
    return written


# --- Reception sessions ---------------------------------------------------------------------------


AGENCIES_NOTE = (
    "Đại diện Ủy ban Mặt trận Tổ quốc Việt Nam, công chức Tư pháp – Hộ tịch, Địa chính – Xây dựng"
)


def _session_status(ctx: Context, kind: str, day: dt.date) -> str:
    if day > ctx.today:
        if kind == "scheduled":
            return str(ctx.pick((("published", 60), ("planned", 40))))
        return "planned"
    if kind == "scheduled":
        return str(ctx.pick((("held", 88), ("cancelled", 7), ("postponed", 3), ("published", 2))))
    return str(ctx.pick((("held", 92), ("cancelled", 8))))


def build_sessions(ctx: Context, count: int, progress: Progress | None = None) -> dict[str, int]:
    """Reception sessions; half of the held ones on a day an in-person petition came in."""
    from danvan.petitions.models import Petition
    from danvan.reception.deadlines import PUBLISH_RULE, session_obligation_specs
    from danvan.reception.models import ReceptionSession

    visits = list(
        Petition.objects.filter(channel="in_person")
        .values_list("organization_id", "received_on")
        .distinct()[: count * 2]
    )
    written = {"reception_sessions": 0, "obligations": 0}
    for n in _chunks(count):
        rows: list[dict[str, Any]] = []
        instances: list[ReceptionSession] = []
        for _ in range(n):
            kind = str(ctx.pick((("scheduled", 45), ("daily", 45), ("extraordinary", 10))))
            spot = None
            day = None
            if visits and ctx.rng.random() < 0.5:
                org_id, visit_day = ctx.rng.choice(visits)
                spot = ctx.spot_of(int(org_id))
                day = visit_day
            if spot is None or day is None:
                spot = ctx.spot()
                day = ctx.day(until=ctx.today + dt.timedelta(days=45))
            status = _session_status(ctx, kind, day)
            fill = ctx.fill(spot, day)
            xa = spot.org.name.removeprefix("Ủy ban nhân dân ")
            head = ctx.rng.random() < 0.75
            morning = ctx.rng.random() < 0.7
            row: dict[str, Any] = {
                "organization_id": int(spot.org.pk),
                "level": spot.org.level,
                "date": day,
                "start_time": dt.time(7, 30) if morning else dt.time(13, 30),
                "end_time": dt.time(11, 0) if morning else dt.time(16, 30),
                "place_kind": ctx.pick((("hq", 60), ("reception_office", 35), ("online", 5))),
                "kind": kind,
                "reason": fmt(ctx.rng.choice(P.SESSION_REASONS), fill)
                if kind == "extraordinary"
                else "",
                "host_kind": "head" if head else "delegate",
                "host_name": ctx.person(spot),
                "host_position": ("Chủ tịch " if head else "Phó Chủ tịch ") + spot.org.name,
                "agencies_note": AGENCIES_NOTE if ctx.rng.random() < 0.4 else "",
                "status": status,
                "created_at": ctx.at(max(ctx.start, day - ctx.days(10, 40)), 14, 0),
            }
            row["place"] = {
                "hq": f"Trụ sở {spot.org.name}",
                "reception_office": f"Trụ sở Tiếp công dân {xa}",
                "online": "Trực tuyến qua Hệ thống hội nghị truyền hình",
            }[row["place_kind"]]
            session = ReceptionSession(**row)
            session.organization = spot.org
            if kind == "scheduled":
                due = ctx.engine.compute(rule_id=PUBLISH_RULE, start=day).due
                row["publish_due"] = due
                published = status in ("published", "held", "postponed") or (
                    status == "cancelled" and ctx.rng.random() < 0.5
                )
                if published:
                    on = due - ctx.days(0, 8) if ctx.rng.random() < 0.9 else due + ctx.days(1, 3)
                    row["published_on"] = min(on, day, ctx.today)
            if status == "postponed":
                row["postponed_from"] = day - ctx.days(3, 14)
                row["postponed_on"] = min(row["postponed_from"] - ctx.days(1, 3), ctx.today)
                row["postponement_reason"] = ctx.rng.choice(P.SESSION_POSTPONE_REASONS)
            if status == "cancelled":
                row["cancelled_on"] = min(day - ctx.days(0, 3), ctx.today)
                row["cancel_reason"] = ctx.rng.choice(P.SESSION_CANCEL_REASONS)
            if status == "held":
                row["held_summary"] = ctx.rng.choice(P.SESSION_SUMMARIES).format(
                    n=ctx.rng.randint(1, 12)
                )
            for key in ("publish_due", "published_on", "cancelled_on"):
                setattr(session, key, row.get(key))
            session.status = status
            rows.append(row)
            instances.append(session)
        with transaction.atomic():
            ids = reserve_ids(ReceptionSession, len(rows))
            obligations: list[dict[str, Any]] = []
            for pk, row, session in zip(ids, rows, instances, strict=True):
                row["id"] = pk
                obligations.extend(
                    obligation_rows(
                        session_obligation_specs(session, engine=ctx.engine),
                        target_type=_label(ReceptionSession),
                        target_id=pk,
                        target_label=session.label,
                        target_status=row["status"],
                        today=ctx.today,
                    )
                )
            raw_insert(ReceptionSession, rows, ids=True)
            _obligations(obligations)
        written["reception_sessions"] += n
        written["obligations"] += len(obligations)
        if progress is not None:
            progress(n)
    return written


# --- The reception register ----------------------------------------------------------------------


_OUTCOME_OF_TRIAGE = {"guide": "guided", "answer": "answered", "transfer": "transferred"}


def build_reception(
    ctx: Context,
    count: int,
    progress: Progress | None = None,
    *,
    workers: int = 1,
    seed: int = 1,
) -> dict[str, int]:
    """Register entries for in-person petitions without one (generating those missing first),
    and 3% refused visitors without a petition."""
    from danvan.petitions.demo_bulk import bulk_generate
    from danvan.petitions.models import Petition, Petitioner
    from danvan.reception.deadlines import entry_obligation_specs
    from danvan.reception.models import (
        EntryCounter,
        ReceptionEntry,
        ReceptionRepresentative,
        ReceptionSession,
    )
    from danvan.reception.reference import refusal_grounds
    from danvan.reception.states import CROWD_MIN, REPLY_OUTCOMES

    written = {"reception_entries": 0, "reception_representatives": 0, "obligations": 0}
    refused = count * 3 // 100
    linked = count - refused

    def candidates() -> list[int]:
        taken = ReceptionEntry.objects.filter(petition__isnull=False).values("petition_id")
        return list(
            Petition.objects.filter(channel="in_person")
            .exclude(pk__in=taken)
            .order_by("id")
            .values_list("id", flat=True)[:linked]
        )

    ids = candidates()
    if len(ids) < linked:
        result = bulk_generate(
            petitions=linked - len(ids), seed=seed, workers=workers, channel="in_person"
        )
        written["petitions_in_person"] = int(result["petitions"])
        ids = candidates()

    sessions = {
        (o, d): pk
        for pk, o, d in ReceptionSession.objects.filter(status="held").values_list(
            "id", "organization_id", "date"
        )
    }
    counters = {(c.organization_id, c.year): c.last for c in EntryCounter.objects.all()}
    grounds = refusal_grounds()

    def serial(org_id: int, year: int) -> int:
        seq = counters.get((org_id, year), 0) + 1
        counters[(org_id, year)] = seq
        return seq

    def reply(row: dict[str, Any]) -> None:
        if row["outcome"] not in REPLY_OUTCOMES:
            return
        row["reply_due"] = ctx.engine.compute(
            rule_id="reception.reply", start=row["received_on"]
        ).due
        day = row["received_on"] + (
            ctx.days(2, 13) if ctx.rng.random() < 0.85 else ctx.days(14, 30)
        )
        if day <= ctx.today and ctx.rng.random() < 0.9:
            row["replied_on"] = day
            row["reply_method"] = ctx.pick((("written", 60), ("direct", 40)))
            row["reply_note"] = ctx.rng.choice(P.REPLY_NOTES)

    def write(
        rows: list[dict[str, Any]], reps: list[list[dict[str, Any]]], topics: list[str]
    ) -> None:
        touched: dict[tuple[int, int], int] = {}
        obligations: list[dict[str, Any]] = []
        rep_rows: list[dict[str, Any]] = []
        with transaction.atomic():
            for pk, row, extra, topic in zip(
                reserve_ids(ReceptionEntry, len(rows)), rows, reps, topics, strict=True
            ):
                row["id"] = pk
                key = (row["organization_id"], row["year"])
                touched[key] = max(touched.get(key, 0), row["seq"])
                rep_rows.extend({**r, "entry_id": pk} for r in extra)
                entry = ReceptionEntry(**{k: v for k, v in row.items() if k != "petition_id"})
                entry.organization = ctx.orgs[row["organization_id"]]
                specs = [
                    dataclasses.replace(s, topic=topic)
                    for s in entry_obligation_specs(entry, engine=ctx.engine)
                ]
                obligations.extend(
                    obligation_rows(
                        specs,
                        target_type=_label(ReceptionEntry),
                        target_id=pk,
                        target_label=f"Sổ TCD {row['number']}",
                        target_status=row["outcome"],
                        today=ctx.today,
                    )
                )
            raw_insert(ReceptionEntry, rows, ids=True)
            raw_insert(ReceptionRepresentative, rep_rows)
            _obligations(obligations)
            _counter_upsert(EntryCounter._meta.db_table, touched)
        written["reception_entries"] += len(rows)
        written["reception_representatives"] += len(rep_rows)
        written["obligations"] += len(obligations)
        if progress is not None:
            progress(len(rows))

    petition_fields = (
        "id", "organization_id", "received_on", "kind", "pseudonym", "summary", "requests",
        "topic", "signer_count", "triage_outcome", "forwarder",
    )  # fmt: skip
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        cases = list(Petition.objects.filter(id__in=chunk).order_by("id").values(*petition_fields))
        people: dict[int, list[dict[str, Any]]] = {}
        for p in (
            Petitioner.objects.filter(petition_id__in=chunk)
            .order_by("petition_id", "position")
            .values(
                "petition_id", "full_name", "id_number", "phone", "address", "is_representative"
            )
        ):
            people.setdefault(int(p["petition_id"]), []).append(dict(p))
        rows: list[dict[str, Any]] = []
        reps: list[list[dict[str, Any]]] = []
        topics: list[str] = []
        for case in cases:
            org = ctx.orgs.get(int(case["organization_id"]))
            if org is None:
                continue
            spot = ctx.spot_of(int(org.pk))
            assert spot is not None
            day: dt.date = case["received_on"]
            fill = ctx.fill(spot, day)
            seq = serial(int(org.pk), day.year)
            senders = people.get(int(case["id"]), [])
            protected = case["kind"] == "denunciation"
            visitor = senders[0] if senders and not protected else None
            crowd = case["signer_count"] >= CROWD_MIN
            co = (
                [p for p in senders[1:] if p["is_representative"]]
                if crowd and not protected
                else []
            )
            outcome = _OUTCOME_OF_TRIAGE.get(case["triage_outcome"], "received")
            names = [p["full_name"] for p in ([visitor] if visitor else []) + co]
            row = {
                "organization_id": int(org.pk),
                "session_id": sessions.get((int(org.pk), day)),
                "year": day.year,
                "seq": seq,
                "number": f"{seq}/{day.year}/{org.code}",
                "received_on": day,
                "protected": protected,
                "pseudonym": case["pseudonym"] if protected else "",
                "visitor_name": visitor["full_name"] if visitor else "",
                "visitor_address": visitor["address"] if visitor else "",
                "visitor_id_number": visitor["id_number"] if visitor else "",
                "visitor_phone": visitor["phone"] if visitor else "",
                "search_name": fold(" ".join(names))[:250] if names else "",
                "visitor_count": max(int(case["signer_count"]), 1),
                "representative_document": "Biên bản cử người đại diện của các hộ dân"
                if crowd and not protected
                else "",
                "content": case["summary"] or "Công dân trình bày nội dung kiến nghị.",
                "prior_handling": fmt(ctx.rng.choice(P.RECEPTION_PRIOR), fill),
                "request": case["requests"],
                "outcome": outcome,
                "outcome_note": ctx.rng.choice(P.RECEPTION_OUTCOME_NOTES[outcome]),
                "transferred_to": fmt(ctx.rng.choice(P.RECEPTION_TRANSFERRED_TO), fill)
                if outcome == "transferred"
                else "",
                "petition_id": int(case["id"]),
                "petition_created": True,
                "created_at": ctx.at(day, 9, 30),
            }
            if row["session_id"] is not None and ctx.rng.random() < 0.5:
                row["conclusion"] = ctx.rng.choice(P.RECEPTION_CONCLUSIONS)
            reply(row)
            rows.append(row)
            reps.append(
                [
                    {
                        "position": i,
                        "full_name": p["full_name"],
                        "id_number": p["id_number"],
                        "phone": p["phone"],
                        "address": p["address"],
                    }
                    for i, p in enumerate(co, start=2)
                ]
            )
            topics.append(case["topic"])
        write(rows, reps, topics)

    for n in _chunks(refused):
        rows, reps, topics = [], [], []
        for _ in range(n):
            spot = ctx.spot()
            day = ctx.day()
            text = ctx.gen.petition(place=spot.place, day=day, kind="complaint")
            person = text.petitioners[0] if text.petitioners else None
            ground = ctx.rng.choice([g for g in grounds if g.in_force_on(day)])
            seq = serial(int(spot.org.pk), day.year)
            name = person.full_name if person else ctx.person(spot)
            rows.append(
                {
                    "organization_id": int(spot.org.pk),
                    "year": day.year,
                    "seq": seq,
                    "number": f"{seq}/{day.year}/{spot.org.code}",
                    "received_on": day,
                    "visitor_name": name,
                    "visitor_address": person.address if person else "",
                    "search_name": fold(name)[:250],
                    "visitor_count": 1,
                    "content": text.summary,
                    "request": text.requests,
                    "outcome": "refused",
                    "outcome_note": P.RECEPTION_OUTCOME_NOTES["refused"][0],
                    "refusal_ground": ground.code,
                    "created_at": ctx.at(day, 10, 0),
                }
            )
            reps.append([])
            topics.append(text.topic)
        write(rows, reps, topics)
    return written


# --- Issue reports ------------------------------------------------------------------------------


def _issue_scenarios() -> dict[str, list[Any]]:
    from danvan.petitions.demo_text import SCENARIOS

    by_topic: dict[str, list[Any]] = {}
    for s in SCENARIOS:
        if not s.places:
            by_topic.setdefault(s.topic, []).append(s)
    return by_topic


_FIRST_PERSON = ("tôi", "Tôi")


def build_issues(ctx: Context, count: int, progress: Progress | None = None) -> dict[str, int]:
    """Issue reports written from the petitions' scenarios, with their lifecycle and timeline."""
    from danvan.monitoring.deadlines import report_obligation_specs
    from danvan.monitoring.models import IssueReport, IssueUpdate
    from danvan.monitoring.services.reports import MOVE_TEXTS

    scenarios = _issue_scenarios()
    topics = sorted(scenarios)
    weights = [sum(s.weight for s in scenarios[t]) for t in topics]
    sources = [(code, weight) for code, weight, _details in P.ISSUE_SOURCES]
    details = {code: texts for code, _weight, texts in P.ISSUE_SOURCES}
    written = {"issue_reports": 0, "issue_updates": 0, "obligations": 0}

    with translation.override("vi"):
        move_texts = {k: str(translation.gettext(v)) for k, v in MOVE_TEXTS.items()}

    for n in _chunks(count):
        rows: list[dict[str, Any]] = []
        updates: list[list[dict[str, Any]]] = []
        for _ in range(n):
            spot = ctx.spot(commune_share=0.7)
            reported = ctx.day()
            fill = ctx.fill(spot, reported)
            topic = ctx.rng.choices(topics, weights=weights)[0]
            scenario = ctx.rng.choice(scenarios[topic])
            severity = int(ctx.pick(((1, 20), (2, 50), (3, 24), (4, 6))))
            fill["so_nguoi"] = str(ctx.rng.randint(15, 60) * severity)
            title = fmt(scenario.report, fill)
            where = spot.place.label if "{thon}" in scenario.report else fill["thon"]
            if "{xa}" not in scenario.report:
                title = f"{title} tại {where}" + (
                    f", {spot.place.label}" if where != spot.place.label else ""
                )
            title = title[:300]
            facts = [f for f in scenario.facts if not any(w in f.split() for w in _FIRST_PERSON)]
            facts = facts or list(scenario.facts[:1])
            chosen = ctx.rng.sample(facts, k=min(len(facts), ctx.rng.randint(1, 3)))
            description = "\n".join(
                [
                    fmt(ctx.rng.choice(P.ISSUE_INTROS), fill),
                    *(fmt(f, fill) for f in chosen),
                    fmt(ctx.rng.choice(P.ISSUE_MOODS[severity]), fill),
                    ctx.rng.choice(P.ISSUE_ACTIONS),
                ]
            )
            source = str(ctx.pick(sources))
            row: dict[str, Any] = {
                "organization_id": int(spot.org.pk),
                "source": source,
                "source_detail": fmt(ctx.rng.choice(details[source]), fill)[:300],
                "title": title,
                "description": description,
                "area_id": spot.area_id or spot.org.area_id,
                "topic": topic,
                "secondary_topics": [t for t in scenario.secondary if t != topic],
                "flag_ethnic": topic == "dan_toc" or ctx.rng.random() < 0.02,
                "flag_religious": topic == "ton_giao",
                "flag_security": topic == "an_ninh_trat_tu" and ctx.rng.random() < 0.7,
                "severity": severity,
                "people_affected": ctx.rng.randint(3, 40) * severity * severity,
                "reported_on": reported,
                "status": "new",
                "status_changed_on": reported,
                "update_every_days": int(ctx.pick(((7, 70), (14, 20), (30, 5), (0, 5)))),
                "search_text": fold(f"{title}\n{description}"),
                "created_at": ctx.at(reported, 10, 0),
            }
            timeline = _issue_lifecycle(ctx, row, spot, fill, move_texts)
            row["updated_at"] = ctx.at(row["last_update_on"] or reported, 16, 0)
            rows.append(row)
            updates.append(timeline)
        with transaction.atomic():
            obligations: list[dict[str, Any]] = []
            update_rows: list[dict[str, Any]] = []
            for pk, row, timeline in zip(
                reserve_ids(IssueReport, len(rows)), rows, updates, strict=True
            ):
                row["id"] = pk
                update_rows.extend({**u, "report_id": pk} for u in timeline)
                report = IssueReport(**row)
                obligations.extend(
                    obligation_rows(
                        report_obligation_specs(report, calendar=ctx.calendar),
                        target_type=_label(IssueReport),
                        target_id=pk,
                        target_label=row["title"][:250],
                        target_status=row["status"],
                        today=ctx.today,
                    )
                )
            raw_insert(IssueReport, rows, ids=True)
            raw_insert(IssueUpdate, update_rows)
            _obligations(obligations)
        written["issue_reports"] += n
        written["issue_updates"] += len(update_rows)
        written["obligations"] += len(obligations)
        if progress is not None:
            progress(n)
    return written


def _issue_lifecycle(
    ctx: Context, row: dict[str, Any], spot: Spot, fill: Any, move_texts: dict[str, str]
) -> list[dict[str, Any]]:
    """Moves of the report along `monitoring.states.TRANSITIONS`, each a timeline entry; the
    periodic updates between them; the last day in `last_update_on` and `status_changed_on`."""
    r = ctx.rng
    today = ctx.today
    day: dt.date = row["reported_on"]
    age = (today - day).days
    timeline: list[dict[str, Any]] = []
    last_update: dt.date | None = None

    def move(to: str, on: dt.date, text: str) -> bool:
        nonlocal day, last_update
        if on > today:
            return False
        timeline.append(
            {
                "on": on,
                "text": text,
                "status_from": row["status"],
                "status_to": to,
                "created_at": ctx.at(on, 15, 0),
            }
        )
        row["status"] = to
        row["status_changed_on"] = on
        day = last_update = on
        return True

    if age <= 7:
        plan = str(ctx.pick((("new", 60), ("verifying", 40))))
    else:
        plan = str(
            ctx.pick(
                (("resolved", 38), ("monitoring", 14), ("being_resolved", 16), ("escalated", 8),
                 ("verifying", 6), ("new", 4), ("unfounded", 8), ("escalated_answered", 6))
            )
        )  # fmt: skip
    if plan != "new" and move("verifying", day + ctx.days(0, 3), move_texts["verifying"]):
        if plan == "unfounded":
            move("unfounded", day + ctx.days(3, 15), r.choice(P.ISSUE_UNFOUNDED))
        elif plan in ("escalated", "escalated_answered") and spot.province is not None:
            recommendation = r.choice(P.ISSUE_RECOMMENDATIONS)
            on = day + ctx.days(2, 10)
            if move("escalated", on, f"Báo cáo, kiến nghị {spot.province.name}: {recommendation}"):
                row.update(
                    escalated_to_id=int(spot.province.pk),
                    escalated_on=on,
                    recommendation=recommendation,
                )
                answered = on + ctx.days(3, 20)
                if plan == "escalated_answered" and answered <= today:
                    row["escalation_answer"] = fmt(r.choice(P.ISSUE_ANSWERS), fill)
                    row["answered_on"] = answered
                    move("being_resolved", answered + ctx.days(0, 5), move_texts["being_resolved"])
        elif (
            plan in ("resolved", "monitoring", "being_resolved")
            and move("being_resolved", day + ctx.days(1, 10), move_texts["being_resolved"])
            and plan != "being_resolved"
        ):
            on = day + ctx.days(5, 60)
            if move("resolved", on, r.choice(P.ISSUE_RESULTS)):
                row["resolved_on"] = on
                if plan == "monitoring":
                    move("monitoring", on + ctx.days(1, 20), move_texts["monitoring"])
    # Periodic updates while open (the last one counts for the next due date).
    if (
        row["status"] in ("new", "verifying", "escalated", "being_resolved")
        and row["update_every_days"]
    ):
        every = int(row["update_every_days"])
        on = day + dt.timedelta(days=every)
        while on <= today and r.random() < 0.8:
            timeline.append(
                {"on": on, "text": r.choice(P.ISSUE_UPDATES), "created_at": ctx.at(on, 15, 30)}
            )
            last_update = on
            on += dt.timedelta(days=every)
    row["last_update_on"] = last_update
    return timeline


# --- "Dân vận khéo" models ---------------------------------------------------------------------


def build_models(ctx: Context, count: int, progress: Progress | None = None) -> dict[str, int]:
    """Practice models by field, with lifecycle dates and recognition decisions."""
    from danvan.practices.models import Period, PracticeModel

    periods = list(Period.objects.order_by("start_year"))
    if not periods:
        raise ValueError(
            "Chưa có giai đoạn phong trào “Dân vận khéo”: chạy `danvan install` để nạp dữ liệu."
        )

    def period_for(year: int) -> int | None:
        for p in periods:
            if p.start_year <= year <= p.end_year:
                return int(p.pk)
        return None

    fields = sorted(P.PRACTICE_MODELS)
    written = {"practice_models": 0}
    for n in _chunks(count):
        rows: list[dict[str, Any]] = []
        for _ in range(n):
            spot = ctx.spot()
            registered = ctx.day()
            period = period_for(registered.year)
            if period is None:
                continue
            fill = ctx.fill(spot, registered)
            field = ctx.rng.choice(fields)
            name, method, outputs, beneficiaries = ctx.rng.choice(P.PRACTICE_MODELS[field])
            commune = spot.org.level == "commune"
            kind = str(
                ctx.pick(
                    (("commune", 35), ("residential_area", 35), ("party_cell", 15), ("front", 15))
                    if commune
                    else (("agency", 70), ("front", 30))
                )
            )
            registrant_name = ""
            if kind == "residential_area":
                registrant_name = f"Khu dân cư {fill['thon']}"
            elif kind == "party_cell":
                registrant_name = f"Chi bộ {fill['thon']}"
            row: dict[str, Any] = {
                "organization_id": int(spot.org.pk),
                "registrant_kind": kind,
                "registrant_name": registrant_name,
                "field": field,
                "name": fmt(name, fill)[:500],
                "rationale": fmt(ctx.rng.choice(P.PRACTICE_RATIONALES), fill),
                "objectives": fmt(f"Vận động Nhân dân cùng thực hiện: {name}.", fill),
                "success_criteria": ctx.rng.choice(P.PRACTICE_CRITERIA),
                "content_method": fmt(method, fill),
                "area_id": spot.area_id or spot.org.area_id,
                "area_note": f"{fill['thon']}, {spot.place.label}",
                "beneficiaries": fmt(beneficiaries, fill)[:500],
                "lead_forces": ctx.rng.choice(P.PRACTICE_LEADS),
                "partner_forces": ctx.rng.choice(P.PRACTICE_PARTNERS),
                "resources": ctx.rng.choice(P.PRACTICE_RESOURCES),
                "start_on": registered + ctx.days(0, 30),
                "outputs": fmt(outputs, fill),
                "contact_name": ctx.person(spot),
                "year": registered.year,
                "period_id": period,
                "registered_on": registered,
                "created_at": ctx.at(registered, 9, 0),
            }
            _model_lifecycle(ctx, row, spot)
            row["search_text"] = fold(
                " ".join([row["name"], registrant_name, spot.org.name, row["area_note"]])
            )[:4000]
            rows.append(row)
        with transaction.atomic():
            raw_insert(PracticeModel, rows)
        written["practice_models"] += len(rows)
        if progress is not None:
            progress(n)
    return written


def _model_lifecycle(ctx: Context, row: dict[str, Any], spot: Spot) -> None:
    """registered -> launched -> evaluated -> recognised -> replicated, or stopped; the dates
    in that order and never after today; recognised models carry their decision."""
    from decimal import Decimal

    today = ctx.today
    age = (today - row["registered_on"]).days
    if age < 30:
        plan = str(ctx.pick((("registered", 70), ("launched", 30))))
    else:
        plan = str(
            ctx.pick(
                (("launched", 30), ("evaluated", 10), ("recognised", 35), ("replicated", 10),
                 ("stopped", 7), ("registered", 8))
            )
        )  # fmt: skip
    if plan == "registered":
        return
    launched = row["registered_on"] + ctx.days(5, 30)
    if launched > today:
        return
    row.update(status="launched", launched_on=launched)
    if plan == "stopped":
        row["status"] = "stopped"
        row["status_note"] = ctx.rng.choice(P.PRACTICE_STOPS)
        return
    if plan == "launched":
        return
    evaluated = launched + ctx.days(90, 300)
    if evaluated > today:
        return
    passed = plan != "evaluated" or ctx.rng.random() < 0.5
    score = Decimal(ctx.rng.randint(7000, 9800) if passed else ctx.rng.randint(4000, 6900)) / 100
    row.update(status="evaluated", evaluated_on=evaluated, score=score, passed=passed)
    if plan == "evaluated" or not passed:
        return
    decided = evaluated + ctx.days(5, 40)
    if decided > today:
        return
    commune = spot.org.level == "commune"
    row.update(
        status="recognised",
        recognition_level="commune" if commune and ctx.rng.random() < 0.8 else "province",
        decision_number=f"{ctx.rng.randint(12, 2900)}/QĐ-UBND",
        decision_date=decided,
        decision_issuer=spot.org.name,
    )
    if plan == "replicated":
        row["status"] = "replicated"


# --- Dialogues and their commitments -------------------------------------------------------------


def build_dialogues(ctx: Context, count: int, progress: Progress | None = None) -> dict[str, int]:
    """Dialogues (annual, leader–citizen, complaint), their chair and commitments."""
    from danvan.dialogues import legal
    from danvan.dialogues.deadlines import dialogue_obligation_specs, notice_deadline
    from danvan.dialogues.models import Commitment, Dialogue, Participant
    from danvan.dialogues.states import Audience
    from danvan.petitions.models import Petition

    with translation.override("vi"):
        audiences = {a.value: str(a.label) for a in Audience}
    annual_taken: set[tuple[int | None, int]] = set(
        Dialogue.objects.filter(kind="annual")
        .exclude(status="cancelled")
        .values_list("area_id", "year")
    )
    complaints = list(
        Petition.objects.filter(kind="complaint", accepted_on__isnull=False)
        .order_by("-id")
        .values_list("id", "organization_id", "accepted_on", "case_number")[: max(count, 1)]
    )
    ctx.rng.shuffle(complaints)
    written = {"dialogues": 0, "dialogue_participants": 0, "commitments": 0, "obligations": 0}

    for n in _chunks(count):
        rows: list[dict[str, Any]] = []
        spots: list[Spot] = []
        for _ in range(n):
            kind = str(ctx.pick((("leader", 60), ("annual", 25), ("complaint", 15))))
            spot: Spot | None = None
            petition = None
            day = ctx.day(until=ctx.today + dt.timedelta(days=40))
            if kind == "complaint" and complaints:
                pk, org_id, accepted, case_number = complaints.pop()
                spot = ctx.spot_of(int(org_id))
                petition = (int(pk), str(case_number))
                if accepted is not None:
                    day = accepted + ctx.days(10, 40)
            if spot is None:
                kind = "leader" if kind == "complaint" else kind
                spot = ctx.spot(commune_share=0.85)
            area = spot.org.area_id
            if kind == "annual" and (
                spot.org.level != "commune" or (area, day.year) in annual_taken
            ):
                kind = "leader"
            fill = ctx.fill(spot, day)
            audience = ""
            if kind == "annual":
                topic = (
                    f"Hội nghị đối thoại giữa Chủ tịch {spot.org.name} với Nhân dân năm {day.year}"
                )
                audience = "residents"
            elif kind == "complaint" and petition is not None:
                topic = f"Đối thoại giải quyết khiếu nại (hồ sơ {petition[1]})"
            else:
                audience = str(ctx.pick([(a, 1) for a in P.DIALOGUE_SUBJECTS]))
                subject = ctx.rng.choice(P.DIALOGUE_SUBJECTS[audience])
                topic = (
                    "Người đứng đầu cấp ủy, chính quyền đối thoại với "
                    f"{audiences[audience].lower()} về {subject}"
                )
            row: dict[str, Any] = {
                "organization_id": int(spot.org.pk),
                "area_id": area,
                "kind": kind,
                "audience": audience,
                "petition_id": petition[0] if petition else None,
                "topic": topic[:300],
                "description": fmt(ctx.rng.choice(P.ISSUE_INTROS), fill)
                + " "
                + ctx.rng.choice(P.ISSUE_ACTIONS),
                "legal_bases": legal.default_legal_bases(kind, on=day),
                "chair_name": ctx.person(spot),
                "chair_position": f"Chủ tịch {spot.org.name}",
                "date": day,
                "year": day.year,
                "start_time": dt.time(8, 0),
                "end_time": dt.time(11, 0),
                "place": fmt(ctx.rng.choice(P.DIALOGUE_PLACES), fill),
                "status": "planned",
                "created_at": ctx.at(max(ctx.start, min(day - ctx.days(15, 45), ctx.today)), 9, 0),
            }
            dialogue = Dialogue(**row)
            result = notice_deadline(dialogue, engine=ctx.engine)
            row["notice_due"] = result.due if result is not None else None
            row["notice_rule"] = result.rule.rule_id if result is not None else ""
            _dialogue_lifecycle(ctx, row, fill)
            if kind == "annual" and row["status"] != "cancelled":
                annual_taken.add((area, day.year))
            rows.append(row)
            spots.append(spot)
        with transaction.atomic():
            ids = reserve_ids(Dialogue, len(rows))
            obligations: list[dict[str, Any]] = []
            participants: list[dict[str, Any]] = []
            tasks: list[dict[str, Any]] = []
            owners: list[tuple[int, int, str]] = []  # (dialogue id, position, made by)
            for pk, row, spot in zip(ids, rows, spots, strict=True):
                row["id"] = pk
                dialogue = Dialogue(**row)
                result = notice_deadline(dialogue, engine=ctx.engine)
                obligations.extend(
                    obligation_rows(
                        dialogue_obligation_specs(dialogue, result),
                        target_type=_label(Dialogue),
                        target_id=pk,
                        target_label=row["topic"][:120],
                        target_status=row["status"],
                        today=ctx.today,
                    )
                )
                signed = row["status"] in ("minutes_signed", "closed")
                participants.append(
                    {
                        "dialogue_id": pk,
                        "position": 1,
                        "role": "chair",
                        "full_name": row["chair_name"],
                        "title": row["chair_position"],
                        "unit": spot.org.name,
                        "signature": "signed" if signed else "pending",
                    }
                )
                if row["status"] in ("held", "minutes_signed", "closed"):
                    held: dt.date = row["held_on"]
                    fill = ctx.fill(spot, held)
                    for position in range(1, ctx.rng.randint(0, 3) + 1):
                        due = held + ctx.days(15, 90)
                        status = (
                            str(ctx.pick((("done", 92), ("cancelled", 8))))
                            if row["status"] == "closed"
                            else None
                        )
                        tasks.append(
                            _task_row(
                                ctx,
                                title=fmt(ctx.rng.choice(P.COMMITMENTS), fill),
                                description="",
                                org_id=int(spot.org.pk),
                                due=due,
                                created=held,
                                status=status,
                                target=(_label(Dialogue), pk, row["topic"][:120]),
                            )
                        )
                        owners.append((pk, position, row["chair_name"]))
            raw_insert(Dialogue, rows, ids=True)
            raw_insert(Participant, participants)
            if tasks:
                written["obligations"] += _write_tasks(ctx, tasks)
                raw_insert(
                    Commitment,
                    [
                        {"dialogue_id": d, "task_id": t["id"], "position": pos, "made_by": by}
                        for (d, pos, by), t in zip(owners, tasks, strict=True)
                    ],
                )
            _obligations(obligations)
        written["dialogues"] += len(rows)
        written["dialogue_participants"] += len(participants)
        written["commitments"] += len(tasks)
        written["obligations"] += len(obligations)
        if progress is not None:
            progress(n)
    return written


def _dialogue_lifecycle(ctx: Context, row: dict[str, Any], fill: Any) -> None:
    """planned -> notified -> held -> minutes_signed -> closed (or postponed, cancelled), with
    the notice no later than the rule allows and nothing after today."""
    today = ctx.today
    day: dt.date = row["date"]
    due: dt.date | None = row["notice_due"]
    created = timezone.localtime(row["created_at"]).date()
    if due is not None:
        notice = max(due - ctx.days(0, 7), min(due, created))
    else:  # no notice rule in force that day: a notice is still sent before the dialogue
        notice = max(day - ctx.days(3, 10), created)
    if day > today:
        if notice <= today and ctx.rng.random() < 0.7:
            row.update(status="notified", notice_on=notice)
        return
    plan = str(
        ctx.pick((("closed", 55), ("minutes_signed", 15), ("held", 12), ("cancelled", 8),
                  ("postponed", 4), ("planned", 1), ("notified", 5)))
    )  # fmt: skip
    if plan == "planned":
        return
    if plan in ("cancelled", "postponed"):
        row["status"] = plan
        row["status_note"] = ctx.rng.choice(
            P.DIALOGUE_CANCEL_REASONS if plan == "cancelled" else P.DIALOGUE_POSTPONE_REASONS
        )
        if notice <= today and ctx.rng.random() < 0.5:
            row["notice_on"] = notice
        return
    if notice <= today:
        row["notice_on"] = notice
    else:
        return  # the notice could not be sent in time: stays planned
    row["status"] = "notified"
    if plan == "notified":
        return
    row.update(status="held", held_on=day, outcome=fmt(ctx.rng.choice(P.DIALOGUE_OUTCOMES), fill))
    if plan == "held":
        return
    signed = day + ctx.days(0, 7)
    if signed > today:
        return
    row.update(status="minutes_signed", minutes_signed_on=signed)
    if plan == "minutes_signed":
        return
    closed = signed + ctx.days(30, 120)
    if closed > today:
        return
    row.update(status="closed", closed_on=closed)


# --- Alerts ---------------------------------------------------------------------------------------


def build_alerts(ctx: Context, count: int, progress: Progress | None = None) -> dict[str, int]:
    """Alerts from the data: crowd delegations, sensitive and level-4 issue reports, and rises
    of petitions on one topic in one commune (the evidence: the records behind each)."""
    from danvan.monitoring.models import Alert, AlertEvidence, IssueReport
    from danvan.petitions.models import Petition
    from danvan.reception.models import ReceptionEntry
    from danvan.reception.states import CROWD_MIN, CROWD_SMALL_MAX

    org_of_area: dict[
        int, tuple[int, int | None]
    ] = {}  # commune area -> (province org, commune org)
    for desk in ctx.communes:
        parent = int(desk.org.parent_id) if desk.org.parent_id else int(desk.org.pk)
        if desk.org.area_id:
            org_of_area[int(desk.org.area_id)] = (parent, int(desk.org.pk))
    province_of_area: dict[int, int] = {}
    for desk in ctx.provinces:
        for place in desk.places:
            area = ctx.units.get(place.code)
            if area is not None:
                province_of_area[area] = int(desk.org.pk)
    existing = set(Alert.objects.values_list("key", flat=True))

    specs: list[dict[str, Any]] = []
    want = {"crowd": count * 3 // 10, "rule": count * 3 // 10}
    want["spike"] = count - want["crowd"] - want["rule"]

    crowd_rows = (
        ReceptionEntry.objects.filter(visitor_count__gte=CROWD_MIN)
        .exclude(outcome="refused")
        .order_by("-id")
        .values_list("id", "number", "received_on", "visitor_count", "petition__area_id")[
            : want["crowd"] * 2
        ]
    )
    crowds = 0
    for pk, number, day, visitors, area in crowd_rows:
        key = f"crowd:reception.receptionentry:{pk}"
        if key in existing or area not in org_of_area or crowds >= want["crowd"]:
            continue
        crowds += 1
        text = (
            f"Đoàn {visitors} người đến tiếp công dân ngày {day:%d/%m/%Y} (từ {CROWD_MIN} người "
            "là đoàn đông người, Luật Tiếp công dân, Điều 30)."
        )
        specs.append(
            {
                "kind": "crowd",
                "key": key,
                "title": f"Đoàn đông người ({visitors} người) tại {_area_name(ctx, area)}",
                "area_id": area,
                "topic": "",
                "window_start": day,
                "window_end": day,
                "observed": visitors,
                "explanation": {
                    "rule": "crowd",
                    "visitor_count": visitors,
                    "min": CROWD_MIN,
                    "text": text,
                },
                "severity": 4 if visitors > CROWD_SMALL_MAX else 3,
                "evidence": [("reception.receptionentry", pk, f"Sổ TCD {number}", day)],
            }
        )
    rule_rows = (
        IssueReport.objects.filter(
            Q(severity__gte=4)
            | Q(flag_ethnic=True)
            | Q(flag_religious=True)
            | Q(flag_security=True)
        )
        .order_by("-id")
        .values_list(
            "id",
            "title",
            "reported_on",
            "area_id",
            "topic",
            "severity",
            "people_affected",
            "flag_ethnic",
            "flag_religious",
            "flag_security",
        )[: want["rule"] * 2]
    )
    rules = 0
    for pk, title, day, area, topic, severity, people, ethnic, religious, security in rule_rows:
        if rules >= want["rule"]:
            break
        kind = "severity" if severity >= 4 else "sensitive"
        key = f"{kind}:monitoring.issuereport:{pk}"
        if key in existing or area not in org_of_area:
            continue
        flags = [
            w for f, w in ((ethnic, "dân tộc"), (religious, "tôn giáo"), (security, "an ninh")) if f
        ]
        where = _area_name(ctx, area)
        text = (
            f"Vấn đề được đánh giá mức 4 — nghiêm trọng tại {where}: {title}."
            if kind == "severity"
            else f"Vấn đề được đánh dấu liên quan {', '.join(flags)} tại {where}: {title}."
        )
        label = "Vấn đề nghiêm trọng (mức 4)" if kind == "severity" else "Vấn đề nhạy cảm"
        specs.append(
            {
                "kind": kind,
                "key": key,
                "title": f"{label}: {title}"[:300],
                "area_id": area,
                "topic": topic,
                "window_start": day,
                "window_end": day,
                "observed": people,
                "explanation": {"rule": kind, "text": text, "report_id": pk},
                "severity": 4 if kind == "severity" else 3,
                "issue_report_id": pk,
                "evidence": [("monitoring.issuereport", pk, title, day)],
            }
        )
        rules += 1
    spikes = want["spike"] + (want["rule"] - rules) + (want["crowd"] - crowds)
    bounds = Petition.objects.aggregate(low=Min("id"), high=Max("id"))
    if spikes > 0 and bounds["high"]:
        found: list[tuple[Any, ...]] = []
        for _attempt in range(4):  # ids have gaps: draw again until there are enough
            anchors = sorted(
                {ctx.rng.randint(bounds["low"], bounds["high"]) for _ in range(spikes * 4)}
            )
            found += (
                Petition.objects.filter(id__in=anchors)
                .exclude(topic="")
                .values_list("id", "area_id", "topic", "received_on", "case_number")
            )
            if len(found) >= spikes * 2:
                break
        ctx.rng.shuffle(found)
        made = 0
        for pk, area, topic, day, case_number in found:
            if made >= spikes:
                break
            week_start = day - dt.timedelta(days=day.weekday())
            week_end = week_start + dt.timedelta(days=6)
            key = f"spike:{area}:{topic}:{week_end.isoformat()}"
            if key in existing or area not in org_of_area or area not in ctx.places:
                continue
            existing.add(key)
            made += 1
            observed = ctx.rng.randint(4, 15)
            expected = round(observed / ctx.rng.uniform(2.5, 5.0), 4)
            threshold = max(3, int(expected * 2) + 1)
            from danvan.core.topics import topic_label

            with translation.override("vi"):
                label = topic_label(topic)
            where = _area_name(ctx, area)
            specs.append(
                {
                    "kind": "spike",
                    "key": key,
                    "title": f"Gia tăng bất thường đơn thư về {label.lower()} tại {where}",
                    "area_id": area,
                    "topic": topic,
                    "window_start": week_start,
                    "window_end": week_end,
                    "observed": observed,
                    "expected": expected,
                    "score": round((observed - expected) / max(expected, 1.0) ** 0.5, 4),
                    "explanation": {
                        "statistic": "farrington_simplified",
                        "week_start": week_start.isoformat(),
                        "week_end": week_end.isoformat(),
                        "observed": observed,
                        "expected": expected,
                        "threshold": threshold,
                        "text": f"Tuần {week_start:%d/%m}–{week_end:%d/%m/%Y} ghi nhận "
                        f"{observed} ý kiến, đơn thư về {label.lower()} tại {where}, "
                        f"cao hơn ngưỡng {threshold} "
                        f"(mức thường lệ {expected:.1f}).",
                    },
                    "severity": 3 if observed >= 2 * threshold else 2,
                    "evidence": [("petitions.petition", pk, case_number, day)],
                }
            )
    written = {"alerts": 0, "alert_evidence": 0}
    for start in range(0, len(specs), CHUNK):
        batch = specs[start : start + CHUNK]
        rows: list[dict[str, Any]] = []
        evidence: list[list[tuple[str, int, str, dt.date]]] = []
        for spec in batch:
            area = int(spec["area_id"])
            province, commune = org_of_area.get(area, (province_of_area.get(area, 0), None))
            if not province:
                continue
            row = {k: v for k, v in spec.items() if k != "evidence"}
            row.update(organization_id=province, area_organization_id=commune)
            raised = spec["window_end"] + dt.timedelta(days=1)
            row["created_at"] = ctx.at(min(raised, ctx.today), 6, 0)
            _alert_lifecycle(ctx, row, min(raised, ctx.today))
            rows.append(row)
            evidence.append(spec["evidence"])
        with transaction.atomic():
            for pk, row in zip(reserve_ids(Alert, len(rows)), rows, strict=True):
                row["id"] = pk
            raw_insert(Alert, rows, ids=True)
            ev_rows = [
                {
                    "alert_id": row["id"],
                    "target_type": t,
                    "target_id": i,
                    "label": str(lb)[:300],
                    "occurred_on": d,
                }
                for row, items in zip(rows, evidence, strict=True)
                for t, i, lb, d in items
            ]
            raw_insert(AlertEvidence, ev_rows)
        written["alerts"] += len(rows)
        written["alert_evidence"] += len(ev_rows)
        if progress is not None:
            progress(len(rows))
    return written


def _area_name(ctx: Context, area_id: int) -> str:
    place = ctx.places.get(area_id)
    return place.label if place is not None else ""


def _alert_lifecycle(ctx: Context, row: dict[str, Any], raised: dt.date) -> None:
    """open -> acknowledged -> assigned -> closed, by age; closing carries a note."""
    age = (ctx.today - raised).days
    if age < 3:
        status = str(ctx.pick((("open", 60), ("acknowledged", 40))))
    else:
        status = str(ctx.pick((("closed", 75), ("assigned", 10), ("acknowledged", 8), ("open", 7))))
    row["status"] = status
    if status == "open":
        return
    acknowledged = min(raised + ctx.days(0, 2), ctx.today)
    row["acknowledged_at"] = ctx.at(acknowledged, 9, 0)
    if status == "closed":
        closed = min(acknowledged + ctx.days(2, 30), ctx.today)
        row["closed_at"] = ctx.at(closed, 16, 0)
        row["close_note"] = ctx.rng.choice(P.ALERT_CLOSE_NOTES)


BUILDERS: dict[str, Callable[..., dict[str, int]]] = {
    "sessions": build_sessions,
    "reception": build_reception,
    "issues": build_issues,
    "tasks": build_tasks,
    "models": build_models,
    "dialogues": build_dialogues,
    "alerts": build_alerts,
}
