"""The petition figures of the inspectorate's forms, per receiving organisation, for
`danvan.reports.documents.statforms`: 01/XLD (xử lý đơn) and 01/KQGQ (giải quyết khiếu nại
thuộc thẩm quyền). How kinds and triage outcomes fall into the forms' columns is data
(`danvan/data/reports/statforms.json`, "mapping"); the forms count đơn (each petition of each
body, duplicates included) and vụ việc (a petition and the ones marked as its duplicates are
one case), per body as the forms do: a petition transferred to another body is counted by both.

01/XLD, đơn phải xử lý: petitions received in the window, and those received before it and not
yet handled on its first day (kỳ trước chuyển sang). Đã xử lý: triaged by the last day of the
window, or withdrawn before being triaged; the rest is carried to the next period. Đủ điều kiện
xử lý: triaged with an outcome of `eligible_outcomes`; thuộc thẩm quyền: `competent_outcomes`;
hướng dẫn / chuyển đơn: `guide_outcomes` / `transfer_outcomes`. «Đã được giải quyết lần đầu»: a
second-round complaint (the matter has had its first decision); «chưa được giải quyết»: the other
eligible petitions.

01/KQGQ, đơn thuộc thẩm quyền: complaints accepted for resolution (`triage_outcome = accept`)
in the window, and those accepted before it and still open on its first day. Giải quyết bằng
quyết định: decided (`resolved_on`) in the window; rút đơn: withdrawn in the window before a
decision. Chấp hành thời hạn: of the decided cases, those whose resolution deadline in the core
registry was met (`completed_on <= due`) and those met late; a case with no deadline in the
registry is in neither column.

One grouped query per form.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any, cast

from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce

from danvan.core.models import Obligation
from danvan.petitions.models import Petition
from danvan.reports.indicators import Coverage, Window, org_filter

STATFORMS_FILE = Path(__file__).resolve().parent.parent / "data" / "reports" / "statforms.json"
KIND_GROUPS: tuple[str, ...] = ("complaint", "denunciation", "proposal")


@cache
def mapping() -> dict[str, Any]:
    with STATFORMS_FILE.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)["mapping"]
    return data


def _case() -> Coalesce:
    return Coalesce("duplicate_of_id", "id")


def _open_at_start(done_field: str, window: Window) -> Q:
    """Not yet done (`done_field`) nor withdrawn on the first day of the window."""
    return (Q(**{f"{done_field}__isnull": True}) | Q(**{f"{done_field}__gte": window.start})) & ~Q(
        withdrawn_on__lt=window.start
    )


def handling_rows(coverage: Coverage, window: Window) -> dict[int, dict[str, int]]:
    """Per organisation id: every key of form 01/XLD."""
    m = mapping()
    start, end = window.start, window.end
    received = Q(received_on__gte=start)
    carried = Q(received_on__lt=start)
    processed = Q(triaged_on__isnull=False, triaged_on__lte=end) | Q(
        triaged_on__isnull=True, withdrawn_on__isnull=False, withdrawn_on__lte=end
    )
    triaged = Q(triaged_on__isnull=False, triaged_on__lte=end)
    eligible = triaged & Q(triage_outcome__in=m["eligible_outcomes"])
    competent = triaged & Q(triage_outcome__in=m["competent_outcomes"])
    guide = triaged & Q(triage_outcome__in=m["guide_outcomes"])
    transfer = triaged & Q(triage_outcome__in=m["transfer_outcomes"])
    second_round = Q(complaint_round=2)
    aggregates: dict[str, Any] = {
        "total": Count("id"),
        "carried": Count("id", filter=carried),
        "received": Count("id", filter=received),
        "processed": Count("id", filter=processed),
        "eligible": Count("id", filter=eligible),
        "eligible_cases": Count(_case(), distinct=True, filter=eligible),
        "resolved_before_once": Count("id", filter=eligible & second_round),
        "competent": Count("id", filter=competent),
        "guide": Count("id", filter=guide),
        "transfer": Count("id", filter=transfer),
    }
    for group in KIND_GROUPS:
        kinds = Q(kind__in=m["kinds"][group])
        aggregates[f"eligible_{group}"] = Count("id", filter=eligible & kinds)
        aggregates[f"competent_{group}"] = Count("id", filter=competent & kinds)
    rows = (
        Petition.objects.filter(**org_filter(coverage), received_on__lte=end)
        .filter(received | (carried & _open_at_start("triaged_on", window)))
        .values("organization_id")
        .annotate(**aggregates)
        .order_by()
    )
    out: dict[int, dict[str, int]] = {}
    for row in cast(Iterable[dict[str, Any]], rows):
        values = {
            "total": row["total"],
            "carried": row["carried"],
            "received": row["received"],
            "processed": row["processed"],
            "pending": row["total"] - row["processed"],
            "eligible": row["eligible"],
            "eligible_cases": row["eligible_cases"],
            "resolved_before.once": row["resolved_before_once"],
            "resolved_before.none": row["eligible"] - row["resolved_before_once"],
            "competent": row["competent"],
            "not_competent": row["guide"] + row["transfer"],
            "not_competent.guide": row["guide"],
            "not_competent.transfer": row["transfer"],
        }
        for group in KIND_GROUPS:
            values[f"eligible.{group}"] = row[f"eligible_{group}"]
            values[f"competent.{group}"] = row[f"competent_{group}"]
        out[int(row["organization_id"])] = {k: int(v) for k, v in values.items()}
    return out


def resolution_rows(coverage: Coverage, window: Window) -> dict[int, dict[str, int]]:
    """Per organisation id: every key of form 01/KQGQ the system records."""
    m = mapping()
    start, end = window.start, window.end
    deadline = Obligation.objects.filter(
        target_type=Petition._meta.label_lower,
        target_id=OuterRef("pk"),
        key="resolve",
        status="done",
        completed_on__isnull=False,
        due__isnull=False,
    )
    decided = Q(resolved_on__gte=start, resolved_on__lte=end)
    rows = (
        Petition.objects.filter(
            **org_filter(coverage),
            kind__in=m["resolution_kinds"],
            triage_outcome="accept",
            accepted_on__isnull=False,
            accepted_on__lte=end,
        )
        .filter(Q(accepted_on__gte=start) | _open_at_start("resolved_on", window))
        .annotate(
            met=Exists(deadline.filter(completed_on__lte=F("due"))),
            missed=Exists(deadline.filter(completed_on__gt=F("due"))),
        )
        .values("organization_id")
        .annotate(
            total=Count("id"),
            carried=Count("id", filter=Q(accepted_on__lt=start)),
            received=Count("id", filter=Q(accepted_on__gte=start)),
            cases=Count(_case(), distinct=True),
            decided=Count("id", filter=decided),
            withdrawn=Count(
                "id",
                filter=Q(resolved_on__isnull=True, withdrawn_on__gte=start, withdrawn_on__lte=end),
            ),
            on_time=Count("id", filter=decided & Q(met=True)),
            late=Count("id", filter=decided & Q(missed=True)),
        )
        .order_by()
    )
    keys = ("total", "carried", "received", "cases", "decided", "withdrawn", "on_time", "late")
    return {
        int(row["organization_id"]): {k: int(row[k]) for k in keys}
        for row in cast(Iterable[dict[str, Any]], rows)
    }
