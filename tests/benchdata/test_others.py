"""The other modules' bulk records: valid rows, consistent states, the registry rows the services
would write, and read by the selectors and indicators."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from django.db.models import Count, Max
from django.utils import timezone

from tests.benchdata.conftest import COUNTS

pytestmark = pytest.mark.django_db

SAMPLE = 40


def _sample(qs: Any, n: int = SAMPLE) -> list[Any]:
    rows = list(qs.order_by("id"))
    return random.Random(1).sample(rows, min(n, len(rows)))


def _registry(target: Any) -> list[tuple[Any, ...]]:
    from danvan.core.models import Obligation
    from danvan.core.services.obligations import _SYNCED_FIELDS

    return sorted(
        Obligation.objects.filter(
            target_type=target._meta.label_lower, target_id=target.pk
        ).values_list("key", *_SYNCED_FIELDS)
    )


def _full_clean(objs: list[Any], exclude: tuple[str, ...] = ()) -> None:
    for obj in objs:
        obj.full_clean(exclude=list(exclude))


def test_every_kind_has_the_requested_number_of_rows(dataset: dict[str, Any]) -> None:
    from danvan.core.models import Task
    from danvan.dialogues.models import Commitment, Dialogue
    from danvan.monitoring.models import Alert, IssueReport
    from danvan.practices.models import PracticeModel
    from danvan.reception.models import ReceptionEntry, ReceptionSession

    assert ReceptionSession.objects.count() == COUNTS["sessions"]
    assert ReceptionEntry.objects.count() == COUNTS["reception"]
    assert IssueReport.objects.count() == COUNTS["issues"]
    assert PracticeModel.objects.count() == COUNTS["models"]
    assert Dialogue.objects.count() == COUNTS["dialogues"]
    assert Task.objects.count() - Commitment.objects.count() == COUNTS["tasks"]
    assert Alert.objects.count() == COUNTS["alerts"]
    assert dataset["alerts"].rows == COUNTS["alerts"]


def test_rows_pass_model_validation(dataset: dict[str, Any]) -> None:
    from danvan.core.models import Task
    from danvan.dialogues.models import Dialogue
    from danvan.monitoring.models import Alert, IssueReport
    from danvan.practices.models import PracticeModel
    from danvan.reception.models import ReceptionEntry, ReceptionSession

    _full_clean(_sample(ReceptionSession.objects.all()))
    _full_clean(_sample(ReceptionEntry.objects.all()))
    _full_clean(_sample(IssueReport.objects.all()))
    _full_clean(_sample(Task.objects.all()))
    _full_clean(_sample(PracticeModel.objects.all()))
    _full_clean(_sample(Dialogue.objects.all()))
    _full_clean(_sample(Alert.objects.all()))


def test_no_date_is_after_today_for_what_already_happened(dataset: dict[str, Any]) -> None:
    from danvan.core.models import Task
    from danvan.dialogues.models import Dialogue
    from danvan.monitoring.models import IssueReport
    from danvan.practices.models import PracticeModel
    from danvan.reception.models import ReceptionEntry, ReceptionSession

    today = timezone.localdate()
    assert not ReceptionEntry.objects.filter(received_on__gt=today).exists()
    assert not ReceptionEntry.objects.filter(replied_on__gt=today).exists()
    assert not ReceptionSession.objects.filter(status="held", date__gt=today).exists()
    assert not ReceptionSession.objects.filter(published_on__gt=today).exists()
    assert not IssueReport.objects.filter(reported_on__gt=today).exists()
    assert not IssueReport.objects.filter(status_changed_on__gt=today).exists()
    assert not Task.objects.filter(completed_on__gt=today).exists()
    assert not PracticeModel.objects.filter(decision_date__gt=today).exists()
    assert not Dialogue.objects.filter(held_on__gt=today).exists()
    assert not Dialogue.objects.filter(closed_on__gt=today).exists()


def test_tasks_are_complete_only_when_done_and_their_progress_matches(
    dataset: dict[str, Any],
) -> None:
    from danvan.core.models import Task

    assert not Task.objects.exclude(status="done").filter(completed_on__isnull=False).exists()
    assert not Task.objects.filter(status="done", completed_on__isnull=True).exists()
    assert not Task.objects.filter(status="done").exclude(progress=100).exists()
    assert not Task.objects.filter(status="open").exclude(progress=0).exists()
    statuses = set(Task.objects.values_list("status", flat=True))
    assert {"open", "in_progress", "done"} <= statuses
    titles = set(Task.objects.filter(target_type="").values_list("title", flat=True))
    assert len(titles) > 20  # realistic, varied titles
    assert not any("đo hiệu năng" in t for t in titles)


def test_sessions_follow_the_reception_lifecycle(dataset: dict[str, Any]) -> None:
    from danvan.reception.models import ReceptionSession

    sessions = ReceptionSession.objects.all()
    # A scheduled session is held only after its schedule was published; a desk day never is.
    assert not sessions.filter(kind="scheduled", status="held", published_on__isnull=True).exists()
    assert not sessions.filter(kind="daily", published_on__isnull=False).exists()
    assert not sessions.filter(kind="daily", publish_due__isnull=False).exists()
    assert not sessions.filter(kind="scheduled", publish_due__isnull=True).exists()
    assert not sessions.filter(status="cancelled", cancelled_on__isnull=True).exists()
    assert not sessions.filter(status="postponed", postponed_from__isnull=True).exists()
    assert sessions.filter(status="held").count() > sessions.count() // 2


def test_register_entries_link_their_petition_unless_refused(dataset: dict[str, Any]) -> None:
    from danvan.reception.models import EntryCounter, ReceptionEntry
    from danvan.reception.states import REPLY_OUTCOMES

    entries = ReceptionEntry.objects.all()
    assert not entries.exclude(outcome="refused").filter(petition__isnull=True).exists()
    assert not entries.filter(outcome="refused", petition__isnull=False).exists()
    assert not entries.filter(outcome="refused", refusal_ground="").exists()
    assert not entries.exclude(outcome="transferred").exclude(transferred_to="").exists()
    assert not entries.filter(outcome="transferred", transferred_to="").exists()
    assert not entries.filter(outcome__in=REPLY_OUTCOMES, reply_due__isnull=True).exists()
    assert not entries.exclude(outcome__in=REPLY_OUTCOMES).filter(reply_due__isnull=False).exists()
    assert (
        entries.values("petition_id")
        .exclude(petition_id=None)
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
        == 0
    )
    for entry in _sample(entries.filter(petition__isnull=False).select_related("petition")):
        assert entry.organization_id == entry.petition.organization_id
        assert entry.received_on == entry.petition.received_on
        assert entry.content == entry.petition.summary
        assert entry.protected == (entry.petition.kind == "denunciation")
        if entry.protected:
            assert entry.visitor_name == "" and entry.pseudonym == entry.petition.pseudonym
        else:
            assert entry.visitor_name
    last = {(c.organization_id, c.year): c.last for c in EntryCounter.objects.all()}
    for row in entries.values("organization_id", "year").annotate(m=Max("seq")):
        assert last[(row["organization_id"], row["year"])] == row["m"]


def test_crowd_entries_have_the_representatives_the_law_allows(dataset: dict[str, Any]) -> None:
    from danvan.reception.models import ReceptionEntry
    from danvan.reception.services.entries import crowd_representatives_check

    for entry in ReceptionEntry.objects.filter(protected=False).annotate(
        reps=Count("representatives")
    ):
        assert crowd_representatives_check(entry.visitor_count, 1 + entry.reps) == ""


def test_issue_reports_follow_their_lifecycle(dataset: dict[str, Any]) -> None:
    from danvan.monitoring.models import IssueReport, IssueUpdate
    from danvan.monitoring.states import TRANSITIONS

    reports = IssueReport.objects.all()
    assert (
        not reports.exclude(status__in=["resolved", "monitoring"])
        .filter(resolved_on__isnull=False)
        .exists()
    )
    assert not reports.filter(status__in=["resolved", "monitoring"], resolved_on=None).exists()
    assert not reports.filter(escalated_on__isnull=False, escalated_to__isnull=True).exists()
    assert not reports.filter(answered_on__isnull=False, escalated_on__isnull=True).exists()
    assert {"new", "verifying", "being_resolved", "resolved"} <= set(
        reports.values_list("status", flat=True)
    )
    for report in _sample(reports):
        moves = list(
            IssueUpdate.objects.filter(report=report)
            .exclude(status_to="")
            .order_by("on", "id")
            .values_list("status_from", "status_to", "on")
        )
        state = "new"
        for source, to, _on in moves:
            assert source == state and to in TRANSITIONS[source]
            state = to
        assert state == report.status
        assert report.search_text
        assert len(report.title) >= 10 and "đo hiệu năng" not in report.title


def test_practice_models_recognised_have_their_decision(dataset: dict[str, Any]) -> None:
    from danvan.practices.models import PracticeModel

    models = PracticeModel.objects.all()
    recognised = models.filter(status__in=["recognised", "replicated"])
    assert recognised.exists()
    assert not recognised.filter(decision_date__isnull=True).exists()
    assert not models.filter(status="registered", launched_on__isnull=False).exists()
    assert not models.exclude(status="registered").filter(launched_on__isnull=True).exists()
    for m in models.exclude(launched_on=None).exclude(evaluated_on=None):
        assert m.registered_on <= m.launched_on <= m.evaluated_on
    assert len(set(models.values_list("field", flat=True))) == 4


def test_dialogues_follow_their_lifecycle_and_closed_ones_have_no_open_commitment(
    dataset: dict[str, Any],
) -> None:
    from danvan.dialogues.models import Commitment, Dialogue
    from danvan.dialogues.states import HELD_STATES

    dialogues = Dialogue.objects.all()
    assert not dialogues.filter(status__in=HELD_STATES, held_on__isnull=True).exists()
    assert not dialogues.exclude(status__in=HELD_STATES).filter(held_on__isnull=False).exists()
    assert not dialogues.filter(kind="complaint", petition__isnull=True).exists()
    assert not dialogues.filter(status="notified", notice_on__isnull=True).exists()
    for d in dialogues.exclude(notice_on=None).exclude(notice_due=None):
        assert d.notice_on <= d.notice_due
    annual = dialogues.filter(kind="annual").exclude(status="cancelled")
    assert annual.values("area_id", "year").annotate(n=Count("id")).filter(n__gt=1).count() == 0
    assert not Commitment.objects.filter(
        dialogue__status="closed", task__status__in=["open", "in_progress"]
    ).exists()
    assert not Commitment.objects.exclude(dialogue__status__in=HELD_STATES).exists()
    assert {"leader", "annual"} <= set(dialogues.values_list("kind", flat=True))


def test_alerts_have_their_evidence_and_recipients(dataset: dict[str, Any]) -> None:
    from danvan.monitoring.models import Alert

    alerts = Alert.objects.annotate(n=Count("evidence"))
    assert not alerts.filter(n=0).exists()
    assert not alerts.filter(status="closed", close_note="").exists()
    assert not alerts.filter(organization__level="commune").exists()
    assert {"spike", "crowd"} <= set(alerts.values_list("kind", flat=True))


def test_registry_rows_are_what_the_services_sync_would_write(dataset: dict[str, Any]) -> None:
    from danvan.core.models import Task
    from danvan.core.services.tasks import _sync as task_sync
    from danvan.dialogues.deadlines import dialogue_deadlines_sync
    from danvan.dialogues.models import Dialogue
    from danvan.monitoring.deadlines import report_deadlines_sync
    from danvan.monitoring.models import IssueReport
    from danvan.reception.deadlines import entry_deadlines_sync, session_deadlines_sync
    from danvan.reception.models import ReceptionEntry, ReceptionSession

    checks: list[tuple[Any, Any]] = [
        (ReceptionSession.objects.select_related("organization"), session_deadlines_sync),
        (ReceptionEntry.objects.select_related("organization", "petition"), entry_deadlines_sync),
        (IssueReport.objects.all(), report_deadlines_sync),
        (Dialogue.objects.all(), dialogue_deadlines_sync),
        (Task.objects.select_related("organization"), task_sync),
    ]
    for qs, sync in checks:
        for obj in _sample(qs, 25):
            before = _registry(obj)
            sync(obj)
            assert _registry(obj) == before, obj


def test_the_indicators_read_the_generated_records(dataset: dict[str, Any]) -> None:
    from danvan.petitions.demo_bulk import START
    from danvan.reports.indicators import Coverage, Window, figures_compute

    everything = Coverage(0, frozenset(), frozenset(), everything=True)
    values = figures_compute(everything, Window(START, timezone.localdate()))

    for code in (
        "petitions.received", "petitions.resolved", "petitions.resolved_on_time_pct",
        "satisfaction.pct", "reception.visitors", "reception.sessions_by_head",
        "reception.crowd_delegations", "issues.reported", "alerts.raised", "models.registered",
        "models.recognised", "dialogues.held", "commitments.done", "tasks.on_time", "tasks.late",
    ):  # fmt: skip
        assert values[code], code


def test_selectors_list_the_generated_records_to_a_province_leader(
    dataset: dict[str, Any],
) -> None:
    from danvan.core.models import Organization, Role
    from danvan.monitoring.models import IssueReport
    from tests.factories import MembershipFactory

    busiest = (
        IssueReport.objects.values("organization_id").annotate(n=Count("id")).order_by("-n").first()
    )
    assert busiest is not None
    org = Organization.objects.get(pk=busiest["organization_id"])
    user = MembershipFactory(organization=org, role=Role.LEADER).user
    from danvan.monitoring.selectors.reports import report_list

    assert report_list(user=user).filter(organization=org).count() == busiest["n"]


def test_created_dates_never_follow_today(dataset: dict[str, Any]) -> None:
    from danvan.monitoring.models import Alert

    tomorrow = timezone.now() + dt.timedelta(days=1)
    assert not Alert.objects.filter(created_at__gt=tomorrow).exists()
