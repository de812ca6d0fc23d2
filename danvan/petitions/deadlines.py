"""A case's deadlines, derived from its facts and the rule table, written to the core registry.

Nothing here stores a due date as truth: `petition_obligation_specs` recomputes every deadline
from the start events (received, accepted, resolved dates), the decisions that pick a rule's
variant (complex, especially complex, remote, extended initial check) and the suspensions, with
the rule version in force on the start date. `petition_deadlines_sync` writes the result into
`core.Obligation` and caches the earliest open due date on the petition.

- triage (`petition.triage`, or `denunciation.initial` for a denunciation): from receipt,
  open while received.
- accept (complaints, `complaint.accept`): from receipt, open until accepted.
- resolve (`complaint.first/second.resolve`, `denunciation.resolve`, `proposal.resolve`): from
  acceptance, open while accepted or verifying, paused while suspended.
- send (`complaint.*.send_decision`, `denunciation.conclusion_send`): from the decision.
- report_back (`petition.report_back`): forwarded petitions, until the forwarder is told.
- agency:<org id>: a coordinating agency's part, by the due date set for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from danvan.core.deadlines import DeadlineEngine, DeadlineResult
from danvan.core.selectors.calendar import deadline_engine
from danvan.core.services.obligations import (
    ObligationSpec,
    obligation_kinds_register,
    obligation_sync,
    obligation_target_readers_register,
)
from danvan.petitions.models import AgencyRole, ExtensionKind, Petition
from danvan.petitions.permissions import VIEWER_ROLES
from danvan.petitions.states import FORWARDED_CHANNELS, Kind, Outcome, Status

KIND_LABELS = {
    "petition.triage": gettext_noop("Xử lý đơn"),
    "petition.accept": gettext_noop("Thụ lý khiếu nại"),
    "petition.resolve": gettext_noop("Giải quyết đơn"),
    "petition.send_decision": gettext_noop("Gửi quyết định, kết luận"),
    "petition.report_back": gettext_noop("Thông báo cho nơi chuyển đơn"),
    "petition.agency_part": gettext_noop("Phần việc của cơ quan phối hợp"),
}
for _kind, _label in KIND_LABELS.items():
    obligation_kinds_register(_kind, _label)
# A case's deadlines are part of the case: only the roles that read petitions see them.
obligation_target_readers_register(Petition._meta.label_lower, VIEWER_ROLES)

OPEN, PAUSED, DONE, CANCELLED = "open", "paused", "done", "cancelled"


def triage_rule(petition: Petition) -> str:
    return "denunciation.initial" if petition.kind == Kind.DENUNCIATION else "petition.triage"


def resolve_rule(petition: Petition) -> str:
    if petition.kind == Kind.COMPLAINT:
        return (
            "complaint.second.resolve"
            if petition.complaint_round == 2
            else "complaint.first.resolve"
        )
    if petition.kind == Kind.DENUNCIATION:
        return "denunciation.resolve"
    return "proposal.resolve"


def send_rule(petition: Petition) -> str:
    if petition.kind == Kind.COMPLAINT:
        return (
            "complaint.second.send_decision"
            if petition.complaint_round == 2
            else "complaint.first.send_decision"
        )
    if petition.kind == Kind.DENUNCIATION:
        return "denunciation.conclusion_send"
    return ""


@dataclass(frozen=True)
class Variant:
    complex: bool = False
    especially_complex: bool = False
    remote: bool = False
    extended: bool = False


def resolve_variant(petition: Petition, extension_kinds: Sequence[str]) -> Variant:
    """The rule variant of the resolution deadline, from the case's recorded decisions.

    A denunciation's deadline grows by written extension decisions: one makes it complex (60
    days in all), two especially complex (90). A complaint's variant is its complexity decided
    at acceptance, and the remote flag of its area.
    """
    if petition.kind == Kind.DENUNCIATION:
        count = sum(
            1
            for k in extension_kinds
            if k in (ExtensionKind.COMPLEX, ExtensionKind.ESPECIALLY_COMPLEX)
        )
        especially = petition.especially_complex or count >= 2
        complex_ = not especially and (petition.complex or count == 1)
        return Variant(complex=complex_, especially_complex=especially)
    if petition.kind == Kind.COMPLAINT:
        complex_ = (
            petition.complex
            or petition.especially_complex
            or ExtensionKind.COMPLEX in extension_kinds
        )
        return Variant(complex=complex_, remote=petition.remote)
    return Variant()


def _compute(
    engine: DeadlineEngine,
    rule_id: str,
    start: dt.date,
    variant: Variant,
    suspensions: list[tuple[dt.date, dt.date]],
) -> DeadlineResult:
    return engine.compute(
        rule_id=rule_id,
        start=start,
        complex=variant.complex,
        especially_complex=variant.especially_complex,
        remote=variant.remote,
        extended=variant.extended,
        suspensions=suspensions,
    )


def _merged_spans(spans: list[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    """The suspended time as disjoint spans: a case suspended again on the day it was continued
    (or records that touch) is one stretch of stopped clock, never an "overlap" that would make
    the resolution deadline impossible to compute and the case impossible to continue."""
    merged: list[tuple[dt.date, dt.date]] = []
    for begin, end in sorted(spans):
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((begin, end))
    return merged


def _finished(petition: Petition) -> dt.date | None:
    """The day the case stopped needing work before its normal end (withdrawn)."""
    return petition.withdrawn_on if petition.status == Status.WITHDRAWN else None


def petition_obligation_specs(
    petition: Petition, *, engine: DeadlineEngine | None = None
) -> list[ObligationSpec]:
    """Every deadline of the case, computed now from its facts (no writes)."""
    engine = engine or deadline_engine()
    suspensions = list(petition.suspensions.all())
    extension_kinds = [e.kind for e in petition.extensions.all()]
    withdrawn = _finished(petition)
    specs: list[ObligationSpec] = []

    def add(
        key: str,
        kind: str,
        rule_id: str,
        start: dt.date,
        *,
        done_on: dt.date | None,
        active: bool,
        result: DeadlineResult | None = None,
        variant: Variant = Variant(),
    ) -> None:
        if result is None:
            result = _compute(engine, rule_id, start, variant, [])
        if done_on is not None:
            status, completed = DONE, done_on
        elif active:
            status, completed = OPEN, None
        else:
            status, completed = CANCELLED, withdrawn
        specs.append(
            ObligationSpec(
                key=key,
                kind=kind,
                title=_(KIND_LABELS[kind]),
                started_on=start,
                due=result.due,
                rule_id=rule_id,
                explanation=result.explanation,
                status=status,
                completed_on=completed,
                organization_id=petition.organization_id,
                assignee_id=petition.assignee_id,
                area_id=petition.area_id,
                topic=petition.topic,
            )
        )

    received = petition.received_on
    status = petition.status
    # 1. Triage (and, for a denunciation, the initial check that decides acceptance).
    add(
        "triage",
        "petition.triage",
        triage_rule(petition),
        received,
        done_on=petition.triaged_on,
        active=status == Status.RECEIVED,
        variant=Variant(extended=petition.kind == Kind.DENUNCIATION and petition.initial_extended),
    )
    # 2. Acceptance of a complaint.
    if petition.kind == Kind.COMPLAINT and (
        petition.triage_outcome in ("", Outcome.ACCEPT) or petition.accepted_on
    ):
        add(
            "accept",
            "petition.accept",
            "complaint.accept",
            received,
            done_on=petition.accepted_on,
            active=status in (Status.RECEIVED, Status.TRIAGED),
        )
    # 3. Resolution, counted from acceptance, with its variant and the suspended time.
    if petition.accepted_on:
        start = petition.accepted_on
        rule_id = resolve_rule(petition)
        variant = resolve_variant(petition, extension_kinds)
        open_suspension = next((s for s in suspensions if s.end is None), None)
        closed_spans = _merged_spans([(s.start, s.end) for s in suspensions if s.end is not None])
        result = _compute(engine, rule_id, start, variant, closed_spans)
        if open_suspension is not None and status == Status.SUSPENDED:
            specs.append(
                ObligationSpec(
                    key="resolve",
                    kind="petition.resolve",
                    title=_(KIND_LABELS["petition.resolve"]),
                    started_on=start,
                    due=None,
                    rule_id=rule_id,
                    explanation=[
                        *result.explanation,
                        _(
                            "Đang tạm đình chỉ từ ngày {day}: thời hạn ngừng tính cho đến ngày "
                            "có quyết định tiếp tục giải quyết."
                        ).format(day=open_suspension.start.strftime("%d/%m/%Y")),
                    ],
                    status=PAUSED,
                    organization_id=petition.organization_id,
                    assignee_id=petition.assignee_id,
                    area_id=petition.area_id,
                    topic=petition.topic,
                )
            )
        else:
            add(
                "resolve",
                "petition.resolve",
                rule_id,
                start,
                done_on=petition.resolved_on,
                active=status in (Status.ACCEPTED, Status.VERIFYING),
                result=result,
            )
    # 4. Sending the decision or conclusion.
    rule_id = send_rule(petition)
    if petition.resolved_on and rule_id:
        add(
            "send",
            "petition.send_decision",
            rule_id,
            petition.resolved_on,
            done_on=petition.closed_on,
            active=status == Status.RESOLVED,
        )
    # 5. Telling the forwarder how the petition was handled.
    if petition.channel in FORWARDED_CHANNELS:
        add(
            "report_back",
            "petition.report_back",
            "petition.report_back",
            received,
            done_on=petition.reported_back_on,
            active=status != Status.WITHDRAWN,
        )
    # 6. Coordinating agencies' parts.
    for agency in petition.agencies.all():
        if agency.role != AgencyRole.COORDINATING or agency.due is None:
            continue
        completed: dt.date | None
        if agency.done_on:
            part_status, completed = DONE, agency.done_on
        elif status in (Status.CLOSED, Status.WITHDRAWN):
            part_status, completed = CANCELLED, petition.closed_on or withdrawn
        else:
            part_status, completed = OPEN, None
        specs.append(
            ObligationSpec(
                key=f"agency:{agency.organization_id}",
                kind="petition.agency_part",
                title=_(KIND_LABELS["petition.agency_part"]),
                started_on=petition.accepted_on or received,
                due=agency.due,
                explanation=[agency.part] if agency.part else [],
                status=part_status,
                completed_on=completed,
                organization_id=agency.organization_id,
                assignee_id=agency.assignee_id,
                area_id=petition.area_id,
                topic=petition.topic,
            )
        )
    return specs


def petition_deadlines_sync(petition: Petition, *, engine: DeadlineEngine | None = None) -> None:
    """Recompute the case's deadlines, write them to the registry, cache the next one.

    Called by every service that changes a fact a deadline depends on, in its transaction.
    """
    # Stored titles and explanations are in the source language (Vietnamese) whatever the
    # language of the request that caused the sync; pages translate labels when they show them.
    with translation.override("vi"):
        specs = petition_obligation_specs(petition, engine=engine)
    obligation_sync(
        target=petition,
        specs=specs,
        target_label=petition.case_number,
        target_status=petition.status,
    )
    open_specs = [(s.due, s.key) for s in specs if s.status == OPEN and s.due is not None]
    next_due, next_key = min(open_specs, default=(None, ""))
    if (petition.next_deadline, petition.next_deadline_key) != (next_due, next_key):
        Petition.objects.filter(pk=petition.pk).update(
            next_deadline=next_due, next_deadline_key=next_key
        )
        petition.next_deadline, petition.next_deadline_key = next_due, next_key
