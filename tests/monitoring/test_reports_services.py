"""Issue reports: intake, edits, the lifecycle table, escalation and its answer, periodic
updates, links, scope, obligations on the board and the audit trail — through the services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.http import Http404

from danvan.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from danvan.core.models import AuditEvent, Obligation, ObligationStatus
from danvan.core.selectors.calendar import work_calendar
from danvan.monitoring import deadlines
from danvan.monitoring.classifier import TopicSuggestion
from danvan.monitoring.models import IssueLink, IssueReport, IssueUpdate
from danvan.monitoring.selectors import reports as selectors
from danvan.monitoring.services import reports as services
from danvan.monitoring.states import TRANSITIONS, Status
from danvan.petitions.models import Petition
from danvan.petitions.services import petition_register
from tests.monitoring.conftest import (
    MonitoringWorld,
    days,
    escalate,
    move,
    report_input,
    today,
)
from tests.petitions.conftest import petition_input

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stub_classifier")]

Make = Callable[..., IssueReport]


def verbs(report: IssueReport) -> list[str]:
    return list(
        AuditEvent.objects.filter(
            target_type="monitoring.issuereport", target_id=str(report.pk)
        ).values_list("verb", flat=True)
    )


def obligation(report: IssueReport, key: str) -> Obligation:
    return Obligation.objects.get(
        target_type="monitoring.issuereport", target_id=report.pk, key=key
    )


@pytest.fixture
def suggest(monkeypatch: pytest.MonkeyPatch) -> Callable[[str, float], None]:
    """Make the classifier suggest `code` with `confidence` for any text."""

    def set_(code: str, confidence: float) -> None:
        monkeypatch.setattr(
            "danvan.monitoring.classifier.topic_suggest",
            lambda text: TopicSuggestion(code, code, confidence),
        )

    return set_


@pytest.fixture
def corrections(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(
        "danvan.monitoring.services.topics.topic_correction_record",
        lambda **kw: calls.append(kw),
    )
    return calls


def petition_of(actor: Any, area_code: str, **kw: Any) -> Petition:
    return petition_register(
        actor=actor, data=petition_input(area_code=area_code, received_on=days(-20), **kw)
    )


# --- Intake -------------------------------------------------------------------------------------


def test_officer_reports_issue_with_folded_search_text_and_audit(
    mw: MonitoringWorld, make_report: Make
) -> None:
    report = make_report(flag_ethnic=True, secondary_topics=["an_ninh_trat_tu", "kinh_te_do_thi"])

    report.refresh_from_db()
    assert report.status == Status.NEW
    assert report.organization == mw.commune_a_org
    assert report.area == mw.commune_a
    assert report.created_by == mw.officer_a
    assert report.sensitive and report.flag_ethnic
    # The main topic is not repeated among the secondary ones.
    assert report.secondary_topics == ["an_ninh_trat_tu"]
    assert "di doi cho" in report.search_text
    assert "đ" not in report.search_text
    assert verbs(report) == ["issue_report.create"]
    event = AuditEvent.objects.get(verb="issue_report.create", target_id=str(report.pk))
    assert event.changes["area"] == [None, "19001"]
    assert event.changes["severity"] == [None, 3]


def test_report_defaults_to_the_organisations_own_area(
    mw: MonitoringWorld, make_report: Make
) -> None:
    report = make_report(area_code="")
    assert report.area_id == mw.commune_a.pk


def test_province_body_reports_on_any_commune_of_its_province(
    mw: MonitoringWorld, make_report: Make
) -> None:
    report = make_report(actor=mw.party, organization_id=mw.btgdv.pk, area_code="19002")
    assert report.area == mw.commune_b
    assert report.organization == mw.btgdv


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"topic": "khong_co"}, "topic"),
        ({"severity": 0}, "severity"),
        ({"severity": 5}, "severity"),
        ({"people_affected": -1}, "people_affected"),
        ({"people_affected": services.PEOPLE_MAX + 1}, "people_affected"),
        ({"title": "Chợ"}, "title"),
        ({"title": "x" * (services.TITLE_MAX + 1)}, "title"),
        ({"description": ""}, "description"),
        ({"description": "ngắn"}, "description"),
        ({"source": "rumour"}, "source"),
        ({"secondary_topics": ["khong_co"]}, "secondary_topics"),
        ({"reported_on": days(1)}, "reported_on"),
        ({"update_every_days": 400}, "update_every_days"),
        ({"area_code": "19002"}, "area"),  # another commune: outside the commune's territory
        ({"area_code": "23149"}, "area"),  # another province
        ({"area_code": "99999"}, "area"),  # no such unit
        ({"source": "petitions"}, "petitions"),  # a cluster needs its petitions
    ],
)
def test_report_create_refuses_bad_input_with_field_message(
    mw: MonitoringWorld, make_report: Make, overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationFailed) as err:
        make_report(**overrides)
    assert field in err.value.fields
    assert err.value.fields[field]  # a Vietnamese message saying what to fix
    assert IssueReport.objects.count() == 0


def test_area_must_be_in_force_on_the_day_of_the_information(
    mw: MonitoringWorld, make_report: Make
) -> None:
    mw.commune_b.valid_from = days(-5)
    mw.commune_b.save()
    with pytest.raises(ValidationFailed) as err:
        make_report(actor=mw.officer, organization_id=mw.province_org.pk, area_id=mw.commune_b.pk)
    assert "hiệu lực" in err.value.fields["area"]


def test_user_cannot_report_for_an_organisation_outside_their_roles(
    mw: MonitoringWorld, make_report: Make
) -> None:
    with pytest.raises(ValidationFailed) as err:
        make_report(actor=mw.officer_a, organization_id=mw.commune_b_org.pk)
    assert "organization" in err.value.fields


@pytest.mark.parametrize("who", ["viewer", "inspector_a"])
def test_readers_cannot_report(mw: MonitoringWorld, who: str) -> None:
    with pytest.raises(PermissionDenied):
        services.report_create(actor=getattr(mw, who), data=report_input())


def test_front_officer_reports_for_their_front_committee(mw: MonitoringWorld) -> None:
    report = services.report_create(actor=mw.front_a, data=report_input(source="front"))
    assert report.organization == mw.front_a_org


# --- Topic suggestion and corrections -------------------------------------------------------------


def test_suggestion_is_kept_and_a_different_choice_is_recorded_as_correction(
    mw: MonitoringWorld,
    make_report: Make,
    suggest: Callable[[str, float], None],
    corrections: list[dict[str, Any]],
) -> None:
    suggest("dat_dai", 0.81)
    report = make_report(topic="kinh_te_do_thi")

    assert (report.topic_suggested, report.topic_confidence) == ("dat_dai", 0.81)
    assert len(corrections) == 1
    call = corrections[0]
    assert (call["suggested"], call["chosen"], call["confidence"]) == (
        "dat_dai",
        "kinh_te_do_thi",
        0.81,
    )
    assert (call["target_type"], call["target_id"]) == ("monitoring.issuereport", report.pk)
    assert call["actor"] == mw.officer_a
    assert "di dời chợ" in call["text"]


def test_choosing_the_suggested_topic_records_no_correction(
    make_report: Make,
    suggest: Callable[[str, float], None],
    corrections: list[dict[str, Any]],
) -> None:
    suggest("kinh_te_do_thi", 0.9)
    make_report(topic="kinh_te_do_thi")
    assert corrections == []


def test_changing_the_topic_later_records_a_correction(
    mw: MonitoringWorld,
    make_report: Make,
    suggest: Callable[[str, float], None],
    corrections: list[dict[str, Any]],
) -> None:
    suggest("kinh_te_do_thi", 0.7)
    report = make_report(topic="kinh_te_do_thi")
    services.report_update(
        report=report,
        actor=mw.officer_a,
        changes=services.ReportChanges(topic="dat_dai"),
        expected_version=report.version,
    )
    assert [(c["suggested"], c["chosen"]) for c in corrections] == [("kinh_te_do_thi", "dat_dai")]


def test_a_failing_classifier_never_blocks_intake(
    make_report: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(text: str) -> TopicSuggestion:
        raise RuntimeError("model file missing")

    monkeypatch.setattr("danvan.monitoring.classifier.topic_suggest", broken)
    report = make_report()
    assert (report.topic_suggested, report.topic_confidence) == ("", None)


# --- Edits ----------------------------------------------------------------------------------------


def test_update_changes_fields_and_audits_old_and_new(
    mw: MonitoringWorld, make_report: Make
) -> None:
    report = make_report()
    services.report_update(
        report=report,
        actor=mw.officer_a,
        changes=services.ReportChanges(
            title="Tiểu thương chợ thôn Đông kiến nghị giữ chợ cũ", severity=4, flag_security=True
        ),
        expected_version=report.version,
    )
    report.refresh_from_db()
    assert (report.severity, report.flag_security, report.version) == (4, True, 2)
    assert "giu cho cu" in report.search_text
    event = AuditEvent.objects.get(verb="issue_report.update", target_id=str(report.pk))
    assert event.changes["severity"] == [3, 4]


def test_stale_version_is_a_conflict_and_changes_nothing(
    mw: MonitoringWorld, make_report: Make
) -> None:
    report = make_report()
    stale = report.version
    services.report_update(
        report=report,
        actor=mw.officer_a,
        changes=services.ReportChanges(severity=4),
        expected_version=stale,
    )
    old_copy = IssueReport.objects.get(pk=report.pk)
    old_copy.version = stale  # a page read before the change
    with pytest.raises(Conflict):
        services.report_update(
            report=old_copy,
            actor=mw.officer,
            changes=services.ReportChanges(severity=1),
            expected_version=stale,
        )
    with pytest.raises(Conflict):
        services.report_transition(
            report=old_copy,
            actor=mw.officer_a,
            data=services.MoveInput(to="verifying", expected_version=stale),
        )
    with pytest.raises(Conflict):
        services.report_update_add(
            report=old_copy, actor=mw.officer_a, text="Tình hình ổn định.", expected_version=stale
        )
    report.refresh_from_db()
    assert (report.severity, report.status) == (4, Status.NEW)


def test_officer_of_another_commune_cannot_edit(mw: MonitoringWorld, make_report: Make) -> None:
    report = make_report()
    with pytest.raises(PermissionDenied):
        services.report_update(
            report=report,
            actor=mw.officer_b,
            changes=services.ReportChanges(severity=1),
            expected_version=report.version,
        )


# --- Lifecycle ------------------------------------------------------------------------------------

PAIRS = [(a, b) for a in Status.values for b in Status.values]


def _extra(to: str, mw: MonitoringWorld) -> dict[str, Any]:
    if to == Status.ESCALATED:
        return {"escalated_to_id": mw.province_org.pk, "recommendation": "Đề nghị tỉnh chỉ đạo."}
    if to in (Status.RESOLVED, Status.UNFOUNDED):
        return {"text": "Đã bố trí vị trí kinh doanh tạm cho các hộ."}
    return {}


@pytest.mark.parametrize(("source", "to"), PAIRS)
def test_lifecycle_table_allows_exactly_the_listed_moves(
    mw: MonitoringWorld, make_report: Make, source: str, to: str
) -> None:
    report = make_report()
    IssueReport.objects.filter(pk=report.pk).update(status=source)
    report.refresh_from_db()
    legal = to in TRANSITIONS[source]
    if legal:
        move(report, mw.officer_a, to, **_extra(to, mw))
        report.refresh_from_db()
        assert report.status == to
        entry = IssueUpdate.objects.get(report=report)
        assert (entry.status_from, entry.status_to) == (source, to)
        assert report.last_update_on == today()
    else:
        with pytest.raises(ValidationFailed) as err:
            move(report, mw.officer_a, to, **_extra(to, mw))
        assert err.value.code == "illegal_transition"
        report.refresh_from_db()
        assert report.status == source
        assert not IssueUpdate.objects.filter(report=report).exists()


def test_unknown_target_status_is_refused(mw: MonitoringWorld, make_report: Make) -> None:
    report = make_report()
    with pytest.raises(ValidationFailed) as err:
        move(report, mw.officer_a, "archived")
    assert err.value.code == "illegal_transition"


def test_resolved_needs_a_result_and_unfounded_a_reason(
    mw: MonitoringWorld, make_report: Make
) -> None:
    report = make_report()
    with pytest.raises(ValidationFailed) as err:
        move(report, mw.officer_a, "unfounded", text="")
    assert "text" in err.value.fields
    move(report, mw.officer_a, "being_resolved")
    with pytest.raises(ValidationFailed) as err:
        move(report, mw.officer_a, "resolved", text="  ")
    assert "text" in err.value.fields
    move(report, mw.officer_a, "resolved", text="Đã bố trí chỗ bán tạm, chợ hoạt động bình thường.")
    report.refresh_from_db()
    assert report.resolved_on == today()
    assert report.updates.first().text.startswith("Đã bố trí")  # type: ignore[union-attr]


def test_flare_up_reopens_a_resolved_issue(mw: MonitoringWorld, make_report: Make) -> None:
    report = make_report()
    move(report, mw.officer_a, "being_resolved")
    move(report, mw.officer_a, "resolved", text="Đã giải quyết.")
    move(report, mw.officer_a, "monitoring")
    move(report, mw.officer_a, "being_resolved", text="Tiểu thương lại tụ tập phản đối.")
    report.refresh_from_db()
    assert (report.status, report.resolved_on) == (Status.BEING_RESOLVED, None)
    assert verbs(report).count("issue_report.transition") == 4


def test_move_date_cannot_precede_the_information_nor_be_in_the_future(
    mw: MonitoringWorld, make_report: Make
) -> None:
    report = make_report(reported_on=days(-10))
    with pytest.raises(ValidationFailed) as err:
        move(report, mw.officer_a, "verifying", on=days(-11))
    assert "on" in err.value.fields
    with pytest.raises(ValidationFailed):
        move(report, mw.officer_a, "verifying", on=days(1))
    move(report, mw.officer_a, "verifying", on=days(-3))
    report.refresh_from_db()
    assert report.status_changed_on == days(-3)


# --- Escalation ---------------------------------------------------------------------------------


def test_escalation_goes_to_an_organisation_above_with_a_recommendation(
    mw: MonitoringWorld, make_report: Make
) -> None:
    report = make_report()
    escalate(report, mw.officer_a, mw.province_org)
    report.refresh_from_db()
    assert report.status == Status.ESCALATED
    assert (report.escalated_to, report.escalated_on) == (mw.province_org, today())
    assert report.recommendation.startswith("Đề nghị UBND tỉnh")
    entry = report.updates.get()
    assert "UBND tỉnh Quảng Trị Thử" in entry.text
    answer = obligation(report, "answer")
    assert answer.status == ObligationStatus.OPEN
    assert answer.organization_id == mw.province_org.pk
    assert answer.kind == deadlines.ANSWER_KIND
    assert answer.due == work_calendar().add_working_days(
        today(), deadlines.ESCALATION_ANSWER_WORKING_DAYS
    )


@pytest.mark.parametrize("target", ["commune_b_org", "btgdv", "other_org", "commune_a_org"])
def test_escalation_to_an_organisation_not_above_is_refused(
    mw: MonitoringWorld, make_report: Make, target: str
) -> None:
    report = make_report()
    with pytest.raises(ValidationFailed) as err:
        escalate(report, mw.officer_a, getattr(mw, target))
    assert "escalated_to" in err.value.fields
    assert "UBND tỉnh Quảng Trị Thử" in err.value.fields["escalated_to"]  # the right choice


def test_escalation_needs_a_recommendation(mw: MonitoringWorld, make_report: Make) -> None:
    report = make_report()
    with pytest.raises(ValidationFailed) as err:
        escalate(report, mw.officer_a, mw.province_org, recommendation="")
    assert "recommendation" in err.value.fields


def test_organisation_without_a_parent_cannot_escalate(
    mw: MonitoringWorld, make_report: Make
) -> None:
    report = make_report(actor=mw.officer, organization_id=mw.province_org.pk)
    with pytest.raises(ValidationFailed) as err:
        move(report, mw.officer, "escalated", escalated_to_id=mw.btgdv.pk, recommendation="x" * 20)
    assert "không có cơ quan cấp trên" in err.value.fields["escalated_to"]


def test_front_escalates_to_the_front_above(mw: MonitoringWorld) -> None:
    report = services.report_create(actor=mw.front_a, data=report_input(source="front"))
    escalate(report, mw.front_a, mw.province_front)
    report.refresh_from_db()
    assert report.escalated_to == mw.province_front


@pytest.mark.parametrize("who", ["officer_a", "officer_b", "front_a", "viewer", "outsider"])
def test_only_the_level_above_may_answer(mw: MonitoringWorld, make_report: Make, who: str) -> None:
    report = make_report()
    escalate(report, mw.officer_a, mw.province_org)
    report.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.report_escalation_answer(
            report=report,
            actor=getattr(mw, who),
            answer="Đồng ý bố trí chỗ bán tạm.",
            expected_version=report.version,
        )


@pytest.mark.parametrize("who", ["officer", "leader"])
def test_province_answers_once_and_the_obligation_is_done(
    mw: MonitoringWorld, make_report: Make, who: str
) -> None:
    report = make_report()
    escalate(report, mw.officer_a, mw.province_org)
    answerer = getattr(mw, who)
    # The level above sees the report escalated to it.
    report = selectors.report_get(user=answerer, pk=report.pk)
    services.report_escalation_answer(
        report=report,
        actor=answerer,
        answer="Giao Sở Công Thương phối hợp bố trí vị trí kinh doanh tạm.",
        expected_version=report.version,
    )
    report.refresh_from_db()
    assert report.answered_on == today()
    assert report.answered_by == answerer
    assert report.escalation_answer.startswith("Giao Sở Công Thương")
    assert obligation(report, "answer").status == ObligationStatus.DONE
    assert "issue_report.answer" in verbs(report)
    with pytest.raises(ValidationFailed):
        services.report_escalation_answer(
            report=report, actor=answerer, answer="Lần hai.", expected_version=report.version
        )


def test_answer_needs_an_escalation(mw: MonitoringWorld, make_report: Make) -> None:
    report = make_report()
    with pytest.raises(PermissionDenied):
        services.report_escalation_answer(
            report=report, actor=mw.officer, answer="Trả lời.", expected_version=report.version
        )


def test_new_escalation_clears_the_earlier_answer(mw: MonitoringWorld, make_report: Make) -> None:
    report = make_report()
    escalate(report, mw.officer_a, mw.province_org)
    report.refresh_from_db()
    services.report_escalation_answer(
        report=report, actor=mw.officer, answer="Giao xã tự xử lý.", expected_version=report.version
    )
    move(report, mw.officer_a, "being_resolved")
    escalate(report, mw.officer_a, mw.province_org, recommendation="Đề nghị tỉnh hỗ trợ kinh phí.")
    report.refresh_from_db()
    assert (report.escalation_answer, report.answered_on, report.answered_by) == ("", None, None)
    assert obligation(report, "answer").status == ObligationStatus.OPEN
    # The first answer stays on the timeline.
    assert report.updates.filter(text__contains="Giao xã tự xử lý").exists()


# --- Periodic updates and the board ---------------------------------------------------------------


def test_periodic_update_moves_the_next_due_date(mw: MonitoringWorld, make_report: Make) -> None:
    report = make_report(reported_on=days(-10), update_every_days=7)
    first = obligation(report, "update")
    assert (first.status, first.due, first.kind) == (
        ObligationStatus.OPEN,
        days(-3),
        deadlines.UPDATE_KIND,
    )
    assert first.organization_id == mw.commune_a_org.pk
    services.report_update_add(
        report=report,
        actor=mw.officer_a,
        text="Đã có 80 hộ ký đơn; tình hình căng thẳng hơn.",
        expected_version=report.version,
        people_affected=80,
        severity=4,
    )
    report.refresh_from_db()
    assert (report.last_update_on, report.people_affected, report.severity) == (today(), 80, 4)
    assert obligation(report, "update").due == days(7)
    entry = report.updates.get()
    assert (entry.people_affected, entry.severity, entry.status_to) == (80, 4, "")
    assert "issue_report.update_add" in verbs(report)


def test_update_obligation_ends_when_the_issue_closes(
    mw: MonitoringWorld, make_report: Make
) -> None:
    report = make_report()
    move(report, mw.officer_a, "being_resolved")
    move(report, mw.officer_a, "resolved", text="Đã giải quyết dứt điểm.")
    assert obligation(report, "update").status == ObligationStatus.DONE
    other = make_report()
    move(other, mw.officer_a, "unfounded", text="Thông tin không chính xác.")
    assert obligation(other, "update").status == ObligationStatus.CANCELLED


def test_no_period_means_no_update_obligation(make_report: Make) -> None:
    report = make_report(update_every_days=0)
    assert not Obligation.objects.filter(target_id=report.pk, key="update").exists()


def test_update_text_is_required_and_dates_are_checked(
    mw: MonitoringWorld, make_report: Make
) -> None:
    report = make_report(reported_on=days(-5))
    for text, on in (("", None), ("Ổn định.", days(-6)), ("Ổn định.", days(1))):
        with pytest.raises(ValidationFailed):
            services.report_update_add(
                report=report, actor=mw.officer_a, text=text, on=on, expected_version=1
            )


# --- Side effects after commit --------------------------------------------------------------------


def test_alert_rules_and_entity_index_run_after_commit(
    mw: MonitoringWorld,
    make_report: Make,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    checked: list[int] = []
    indexed: list[tuple[str, int, str]] = []

    def check(report: IssueReport) -> list[Any]:
        checked.append(report.pk)
        return []

    def index(target_type: str, pk: int, text: str) -> int:
        indexed.append((target_type, pk, text))
        return 0

    monkeypatch.setattr("danvan.monitoring.services.alerts.alert_rules_check_report", check)
    monkeypatch.setattr("danvan.monitoring.services.entities.entities_index", index)
    with django_capture_on_commit_callbacks(execute=True):
        report = make_report(description="Hỗ trợ ngư dân theo Quyết định 48/2010/QĐ-TTg chậm.")
    assert checked == [report.pk]
    assert indexed[0][:2] == ("monitoring.issuereport", report.pk)
    assert "48/2010/QĐ-TTg" in indexed[0][2] and report.title in indexed[0][2]
    with django_capture_on_commit_callbacks(execute=True):
        move(report, mw.officer_a, "verifying")
    assert checked == [report.pk, report.pk]


def test_a_failing_alert_rule_does_not_undo_the_report(
    make_report: Make, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    def broken(report: Any) -> list[Any]:
        raise RuntimeError("boom")

    monkeypatch.setattr("danvan.monitoring.services.alerts.alert_rules_check_report", broken)
    with django_capture_on_commit_callbacks(execute=True):
        report = make_report()
    assert IssueReport.objects.filter(pk=report.pk).exists()


# --- Scope ----------------------------------------------------------------------------------------


def test_commune_officer_cannot_see_another_communes_report(
    mw: MonitoringWorld, make_report: Make
) -> None:
    report = make_report()
    with pytest.raises(Http404):
        selectors.report_get(user=mw.officer_b, pk=report.pk)
    assert not selectors.report_list(user=mw.officer_b).exists()
    assert not selectors.report_list(user=mw.outsider).exists()


@pytest.mark.parametrize(
    "who", ["officer_a", "officer", "leader", "viewer", "party", "inspector_a"]
)
def test_readers_in_scope_see_the_report(mw: MonitoringWorld, make_report: Make, who: str) -> None:
    report = make_report()
    assert selectors.report_get(user=getattr(mw, who), pk=report.pk) == report


def test_province_oversight_sees_reports_of_every_organisation_in_the_province(
    mw: MonitoringWorld, make_report: Make
) -> None:
    a = make_report()
    front = services.report_create(actor=mw.front_a, data=report_input(source="front"))
    ids = set(selectors.report_list(user=mw.party).values_list("id", flat=True))
    assert ids == {a.pk, front.pk}
    # The UBND tỉnh officer covers the UBND subtree, not the Front's.
    assert set(selectors.report_list(user=mw.officer).values_list("id", flat=True)) == {a.pk}


def test_escalated_report_is_readable_at_the_organisation_it_went_to(
    mw: MonitoringWorld,
) -> None:
    report = services.report_create(actor=mw.front_a, data=report_input(source="front"))
    front_officer = mw.officer  # UBND tỉnh does not see the Front's reports ...
    assert selectors.report_get_or_none(user=front_officer, pk=report.pk) is None
    province_front_officer = _member(mw.province_front, "officer", "canbo.mttq")
    escalate(report, mw.front_a, mw.province_front)
    assert selectors.report_get(user=province_front_officer, pk=report.pk) == report


def _member(org: Any, role: str, name: str) -> Any:
    from tests.factories import MembershipFactory, UserFactory

    user = UserFactory(username=name)
    MembershipFactory(user=user, organization=org, role=role)
    return user


# --- Links ----------------------------------------------------------------------------------------


def test_cluster_of_petitions_is_linked_at_intake(mw: MonitoringWorld, make_report: Make) -> None:
    p1 = petition_of(mw.officer_a, "19001", topic="kinh_te_do_thi")
    p2 = petition_of(mw.officer_a, "19001", topic="kinh_te_do_thi")
    report = make_report(source="petitions", petition_ids=[p1.pk, p2.pk, p1.pk])
    links = list(IssueLink.objects.filter(report=report).order_by("target_id"))
    assert [(link.target_type, link.target_id) for link in links] == [
        ("petitions.petition", p1.pk),
        ("petitions.petition", p2.pk),
    ]
    rows = selectors.report_links(report=report, user=mw.officer_a)
    assert all(r.visible and r.url.startswith("/don-thu/") for r in rows)


def test_petition_outside_the_users_scope_cannot_be_linked(
    mw: MonitoringWorld, make_report: Make
) -> None:
    theirs = petition_of(mw.officer_b, "19002")
    with pytest.raises(ValidationFailed) as err:
        make_report(source="petitions", petition_ids=[theirs.pk])
    assert str(theirs.pk) in err.value.fields["petitions"]
    report = make_report()
    with pytest.raises(NotFound):
        services.report_link_add(
            report=report,
            actor=mw.officer_a,
            target_type="petitions.petition",
            target_id=theirs.pk,
        )
    with pytest.raises(NotFound):
        services.report_link_add(
            report=report, actor=mw.officer_a, target_type="petitions.petition", target_id=10**9
        )
    assert not IssueLink.objects.exists()


def test_link_add_and_remove_are_audited_and_duplicates_refused(
    mw: MonitoringWorld, make_report: Make
) -> None:
    report = make_report()
    other = make_report(title="Tiểu thương chợ thôn Tây cũng phản đối di dời")
    petition = petition_of(mw.officer_a, "19001")
    link = services.report_link_add(
        report=report,
        actor=mw.officer_a,
        target_type="petitions.petition",
        target_id=petition.pk,
        note="Đơn của đại diện tiểu thương",
    )
    services.report_link_add(
        report=report, actor=mw.officer_a, target_type="monitoring.issuereport", target_id=other.pk
    )
    with pytest.raises(ValidationFailed):
        services.report_link_add(
            report=report,
            actor=mw.officer_a,
            target_type="petitions.petition",
            target_id=petition.pk,
        )
    with pytest.raises(ValidationFailed):
        services.report_link_add(
            report=report,
            actor=mw.officer_a,
            target_type="monitoring.issuereport",
            target_id=report.pk,
        )
    with pytest.raises(PermissionDenied):
        services.report_link_add(
            report=report,
            actor=mw.viewer,
            target_type="monitoring.issuereport",
            target_id=other.pk,
        )
    services.report_link_remove(link=link, actor=mw.officer_a)
    assert list(report.links.values_list("target_type", flat=True)) == ["monitoring.issuereport"]
    assert verbs(report).count("issue_report.link_add") == 2
    assert "issue_report.link_remove" in verbs(report)
    linking = selectors.reports_linked_to(
        user=mw.officer_a, target_type="monitoring.issuereport", target_id=other.pk
    )
    assert [r.pk for r in linking] == [report.pk]


def test_link_to_a_record_the_reader_cannot_see_shows_no_label(
    mw: MonitoringWorld, make_report: Make
) -> None:
    petition = petition_of(mw.officer_a, "19001")
    report = make_report(source="petitions", petition_ids=[petition.pk])
    # The Front reads issue reports but not petitions (personal data of citizens).
    front_at_commune = _member(mw.commune_a_org, "front", "mattran.ubnd.a")
    row = selectors.report_links(
        report=selectors.report_get(user=front_at_commune, pk=report.pk), user=front_at_commune
    )[0]
    assert (row.visible, row.label, row.url) == (False, "", "")
    assert row.target_id == petition.pk
    # The party committee (BTGDV) sees the petition province-wide.
    assert selectors.report_links(report=report, user=mw.party)[0].visible


def test_dialogue_link_goes_through_the_dialogues_selectors(
    mw: MonitoringWorld, make_report: Make
) -> None:
    from danvan.dialogues.inputs import DialogueInput
    from danvan.dialogues.services import dialogue_create

    dialogue = dialogue_create(
        actor=mw.officer_a,
        data=DialogueInput(
            kind="leader",
            organization_id=mw.commune_a_org.pk,
            topic="Chủ tịch UBND xã đối thoại với tiểu thương chợ thôn Đông",
            date=days(15),
            place="Hội trường UBND xã An",
            chair_name="Hồ Văn Kiên",
            audience="businesses",
        ),
    )
    report = make_report()
    services.report_link_add(
        report=report, actor=mw.officer_a, target_type="dialogues.dialogue", target_id=dialogue.pk
    )
    row = selectors.report_links(report=report, user=mw.officer_a)[0]
    assert row.visible and "tiểu thương" in row.label
    with pytest.raises(NotFound):
        services.report_link_add(
            report=make_report(
                actor=mw.officer_b, organization_id=mw.commune_b_org.pk, area_code="19002"
            ),
            actor=mw.officer_b,
            target_type="dialogues.dialogue",
            target_id=dialogue.pk,
        )


# --- Selectors ------------------------------------------------------------------------------------


def test_list_filters_search_area_severity_sensitive(
    mw: MonitoringWorld, make_report: Make
) -> None:
    chợ = make_report()
    water = make_report(
        actor=mw.officer_b,
        organization_id=mw.commune_b_org.pk,
        area_code="19002",
        title="Đồng bào thiếu nước sinh hoạt mùa khô",
        description="Hơn 200 hộ đồng bào dân tộc thiểu số thiếu nước sinh hoạt kéo dài.",
        topic="nuoc_sinh_hoat",
        secondary_topics=["dan_toc"],
        flag_ethnic=True,
        severity=4,
    )
    user = mw.party

    def ids(**kw: Any) -> set[int]:
        return set(
            selectors.report_list(user=user, filters=selectors.ReportFilters(**kw)).values_list(
                "id", flat=True
            )
        )

    assert ids(q="DI DOI CHO") == {chợ.pk}
    assert ids(q="nước sinh hoạt") == {water.pk}
    assert ids(area_code="44") == {chợ.pk, water.pk}
    assert ids(area_code="19002") == {water.pk}
    assert ids(area_code="12345") == set()
    assert ids(severity=4) == {water.pk}
    assert ids(sensitive=True) == {water.pk}
    assert ids(sensitive=False) == {chợ.pk}
    assert ids(topic="dan_toc") == {water.pk}  # a secondary topic counts
    assert ids(source="commune") == {chợ.pk, water.pk}
    assert ids(reported_from=days(-9)) == set()
    counts = selectors.report_counts_by_status(user=user)
    assert counts["new"] == 2 and counts["resolved"] == 0


def test_open_reports_by_area_for_the_map(mw: MonitoringWorld, make_report: Make) -> None:
    make_report()
    make_report(flag_religious=True)
    closed = make_report()
    move(closed, mw.officer_a, "unfounded", text="Không đúng sự thật.")
    make_report(actor=mw.party, organization_id=mw.btgdv.pk, area_code="44", severity=4)
    counts = selectors.reports_open_by_area(user=mw.party)
    assert counts.provinces == {"44": 3}
    assert counts.communes == {"19001": 2}
    assert counts.sensitive == {"44": 1}
    assert counts.severe == {"44": 1}
    assert counts.total == 3
    assert selectors.reports_open_by_area(user=mw.officer_b).total == 0


def test_list_query_count_does_not_grow_with_rows(
    mw: MonitoringWorld, make_report: Make, django_assert_max_num_queries: Any
) -> None:
    for _ in range(5):
        make_report()
    user = mw.party
    user.refresh_from_db()
    with django_assert_max_num_queries(12):
        rows = list(selectors.report_list(user=user))
        assert [r.area.full_name for r in rows] and [r.organization.name for r in rows]


def test_dates_and_moves_listed_for_the_page(mw: MonitoringWorld, make_report: Make) -> None:
    report = make_report()
    assert selectors.report_allowed_moves(report=report, user=mw.officer_a) == [
        "verifying",
        "escalated",
        "being_resolved",
        "unfounded",
    ]
    assert selectors.report_allowed_moves(report=report, user=mw.viewer) == []
    assert deadlines.next_update_due(report) == report.reported_on + dt.timedelta(days=7)
    assert deadlines.escalation_answer_due(report) is None
