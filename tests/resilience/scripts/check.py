"""Check a database after a fault: nothing half-written, nothing lost from the audit chain.

Prints one JSON object:

- "petitions": the ids of the cases, "cases": per case its status, version and the counts of
  its moves (timeline events and audit entries);
- "problems": every broken invariant, one sentence each (empty when all hold):
  each case has exactly one "registered" event, one "petition.register" audit entry, one
  receipt document, one "petition.document_issue" audit entry per document, the senders its
  content announces ("[fault n]": 1 + n % 2), at least one deadline in the registry, the same
  set of deadlines as the other cases in the same state, and its cached next deadline equal
  to the earliest open one; every audit entry and deadline about a case points to a case that
  exists; each organisation's case counter equals its highest case number, with numbers
  1..last and no gap or duplicate; the audit chain head matches the last event;
- "audit_verify": exit status and output of `danvan audit verify` (the management command);
- "integrity": SQLite's PRAGMA integrity_check and foreign_key_check (PostgreSQL: "n/a").
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter, defaultdict
from io import StringIO
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.config.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.management.base import CommandError  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Max  # noqa: E402

from danvan.core.models import AuditChainHead, AuditEvent, Obligation  # noqa: E402
from danvan.core.models.obligations import ObligationStatus  # noqa: E402
from danvan.petitions.models import (  # noqa: E402
    CaseCounter,
    Petition,
    PetitionDocument,
    Petitioner,
    PetitionEvent,
)

TARGET = "petitions.petition"
MARK = re.compile(r"\[fault (\d+)\]")


def _counts(queryset: Any, field: str) -> dict[int, int]:
    return {
        int(row[field]): int(row["n"])
        for row in queryset.values(field).annotate(n=Count("id")).order_by()
    }


def _audit_counts(verb: str) -> dict[int, int]:
    rows = (
        AuditEvent.objects.filter(target_type=TARGET, verb=verb)
        .values("target_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {int(r["target_id"]): int(r["n"]) for r in rows}


def _petitions(problems: list[str]) -> tuple[list[int], dict[str, Any]]:
    petitions = list(
        Petition.objects.order_by("pk").values(
            "pk", "status", "version", "content", "next_deadline", "kind", "received_on"
        )
    )
    ids = [p["pk"] for p in petitions]
    known = set(ids)
    registered = _counts(PetitionEvent.objects.filter(verb="registered"), "petition_id")
    moves = _counts(PetitionEvent.objects.filter(verb="transition"), "petition_id")
    receipts = _counts(PetitionDocument.objects.filter(template="tiep_nhan"), "petition_id")
    documents = _counts(PetitionDocument.objects.all(), "petition_id")
    senders = _counts(Petitioner.objects.all(), "petition_id")
    audit_register = _audit_counts("petition.register")
    audit_documents = _audit_counts("petition.document_issue")
    audit_moves = _audit_counts("petition.transition")
    deadlines: dict[int, list[tuple[str, str, Any]]] = defaultdict(list)
    for target_id, key, status, due in Obligation.objects.filter(target_type=TARGET).values_list(
        "target_id", "key", "status", "due"
    ):
        deadlines[int(target_id)].append((key, status, due))

    key_sets: dict[tuple[str, str], Counter[frozenset[str]]] = defaultdict(Counter)
    cases: dict[str, Any] = {}
    for p in petitions:
        pk = p["pk"]
        label = f"case {pk}"
        if registered.get(pk, 0) != 1:
            problems.append(f"{label}: {registered.get(pk, 0)} 'registered' events (want 1)")
        if audit_register.get(pk, 0) != 1:
            problems.append(
                f"{label}: {audit_register.get(pk, 0)} petition.register audit entries (want 1)"
            )
        if receipts.get(pk, 0) != 1:
            problems.append(f"{label}: {receipts.get(pk, 0)} receipts (want 1)")
        if audit_documents.get(pk, 0) != documents.get(pk, 0):
            problems.append(
                f"{label}: {documents.get(pk, 0)} documents but "
                f"{audit_documents.get(pk, 0)} petition.document_issue audit entries"
            )
        if audit_moves.get(pk, 0) != moves.get(pk, 0):
            problems.append(
                f"{label}: {moves.get(pk, 0)} moves but "
                f"{audit_moves.get(pk, 0)} petition.transition audit entries"
            )
        mark = MARK.search(p["content"] or "")
        if mark is not None:
            wanted = 1 + int(mark.group(1)) % 2
            if senders.get(pk, 0) != wanted:
                problems.append(f"{label}: {senders.get(pk, 0)} senders (want {wanted})")
        elif senders.get(pk, 0) < 1:
            problems.append(f"{label}: no sender")
        rows = deadlines.get(pk, [])
        if not rows:
            problems.append(f"{label}: no deadline in the registry")
        key_sets[(p["status"], p["kind"])][frozenset(k for k, _s, _d in rows)] += 1
        open_dues = [d for _k, s, d in rows if s == ObligationStatus.OPEN and d is not None]
        if (min(open_dues) if open_dues else None) != p["next_deadline"]:
            problems.append(
                f"{label}: cached next deadline {p['next_deadline']} is not the earliest open one"
            )
        cases[str(pk)] = {
            "status": p["status"],
            "version": p["version"],
            "moves": moves.get(pk, 0),
            "audit_moves": audit_moves.get(pk, 0),
            "documents": documents.get(pk, 0),
        }
    for (status, kind), sets in key_sets.items():
        if len(sets) > 1:
            problems.append(f"{kind}/{status} cases have different deadline sets: {dict(sets)}")

    for target_id in AuditEvent.objects.filter(target_type=TARGET).values_list(
        "target_id", flat=True
    ):
        if int(target_id) not in known:
            problems.append(f"audit entry about case {target_id}, which does not exist")
    for target_id in deadlines:
        if target_id not in known:
            problems.append(f"deadline of case {target_id}, which does not exist")
    return ids, cases


def _counters(problems: list[str]) -> None:
    seqs: dict[tuple[int, int], list[int]] = defaultdict(list)
    for org, year, seq in Petition.objects.values_list("organization_id", "year", "seq"):
        seqs[(org, year)].append(seq)
    counters = {
        (c.organization_id, c.year): c.last for c in CaseCounter.objects.all().order_by("pk")
    }
    for key in set(seqs) | set(counters):
        numbers = sorted(seqs.get(key, []))
        last = counters.get(key, 0)
        if numbers != list(range(1, last + 1)):
            problems.append(
                f"register {key}: counter at {last} but case numbers "
                f"{numbers[:5]}...{numbers[-5:]} ({len(numbers)} numbers)"
            )
    duplicates = (
        Petition.objects.values("case_number").annotate(n=Count("id")).filter(n__gt=1).count()
    )
    if duplicates:
        problems.append(f"{duplicates} duplicated case numbers")


def _audit(problems: list[str]) -> dict[str, Any]:
    out, err = StringIO(), StringIO()
    try:
        call_command("audit", "verify", stdout=out, stderr=err)
        code = 0
    except CommandError as exc:
        code = exc.returncode
        err.write(str(exc))
    head = AuditChainHead.objects.filter(pk=1).values_list("seq", flat=True).first() or 0
    stats = AuditEvent.objects.aggregate(top=Max("seq"), n=Count("id"))
    if not head == (stats["top"] or 0) == stats["n"]:
        problems.append(
            f"audit chain head at seq {head}, highest seq {stats['top']}, {stats['n']} events"
        )
    return {"code": code, "out": out.getvalue().strip(), "err": err.getvalue().strip()}


def _integrity() -> dict[str, Any]:
    if connection.vendor != "sqlite":
        return {"integrity_check": "n/a", "foreign_key_violations": 0}
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA integrity_check")
        integrity = ";".join(str(r[0]) for r in cursor.fetchall())
        cursor.execute("PRAGMA foreign_key_check")
        violations = len(cursor.fetchall())
    return {"integrity_check": integrity, "foreign_key_violations": violations}


def main() -> None:
    problems: list[str] = []
    ids, cases = _petitions(problems)
    _counters(problems)
    audit = _audit(problems)
    integrity = _integrity()
    if audit["code"] != 0:
        problems.append(f"danvan audit verify: {audit['err'] or audit['out']}")
    if integrity["integrity_check"] not in ("ok", "n/a"):
        problems.append(f"PRAGMA integrity_check: {integrity['integrity_check']}")
    if integrity["foreign_key_violations"]:
        problems.append(f"{integrity['foreign_key_violations']} foreign key violations")
    print(
        json.dumps(
            {
                "vendor": connection.vendor,
                "petitions": ids,
                "cases": cases,
                "problems": problems,
                "audit_verify": audit,
                "integrity": integrity,
            },
            ensure_ascii=False,
            default=str,
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
