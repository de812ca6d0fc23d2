"""Rule alerts: an issue report flagged sensitive or of severity 4, and a crowd delegation in
the reception register; who receives them; idempotence."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail

from danvan.core.errors import ValidationFailed
from danvan.core.models import Organization
from danvan.monitoring.models import Alert
from danvan.monitoring.services.alerts import alert_rules_check_report, alerts_detect_run
from danvan.reception.inputs import VisitorInput
from danvan.reception.services.entries import entry_register
from tests.factories import OrganizationFactory, ProvinceFactory
from tests.monitoring.alerts_fixtures import (  # noqa: F401
    AS_OF,
    AlertWorld,
    _rules,
    aw,
    report,
    world,
)
from tests.reception.conftest import entry_input

pytestmark = pytest.mark.django_db


def test_sensitive_report_raises_one_alert_to_the_ban_and_the_commune(
    aw: AlertWorld,  # noqa: F811
    django_capture_on_commit_callbacks: Any,
) -> None:
    issue = report(aw.w, flag_ethnic=True, flag_security=True)

    with django_capture_on_commit_callbacks(execute=True):
        (alert,) = alert_rules_check_report(issue)

    assert alert.kind == "sensitive"
    assert alert.key == f"sensitive:monitoring.issuereport:{issue.pk}"
    assert alert.organization == aw.ban
    assert alert.area_organization == aw.w.commune_a_org
    assert alert.area == aw.w.commune_a
    assert alert.issue_report == issue
    assert alert.title == "Vấn đề nhạy cảm: Tranh chấp đất rừng giữa hai thôn"
    assert "liên quan dân tộc, an ninh tại Xã An" in alert.explanation["text"]
    assert [(e.target_type, e.target_id) for e in alert.evidence.all()] == [
        ("monitoring.issuereport", issue.pk)
    ]
    assert len(mail.outbox) == 4
    assert "Vấn đề nhạy cảm" in mail.outbox[0].body


def test_rules_are_idempotent_per_report_and_kind(aw: AlertWorld) -> None:  # noqa: F811
    issue = report(aw.w, severity=4, flag_religious=True)

    first = alert_rules_check_report(issue)
    again = alert_rules_check_report(issue)

    assert sorted(a.kind for a in first) == ["sensitive", "severity"]
    assert again == []
    assert Alert.objects.count() == 2
    severity = Alert.objects.get(kind="severity")
    assert severity.severity == 4
    assert severity.title.startswith("Vấn đề nghiêm trọng (mức 4): ")


def test_an_ordinary_report_raises_nothing(aw: AlertWorld) -> None:  # noqa: F811
    assert alert_rules_check_report(report(aw.w, severity=3)) == []
    assert not Alert.objects.exists()


def test_without_a_ban_the_party_committee_then_the_peoples_committee_receive(
    world: Any,  # noqa: F811
) -> None:
    committee = OrganizationFactory(
        code="44-TU", name="Tỉnh ủy Quảng Trị Thử", kind="dang_uy", area=world.province
    )
    (first,) = alert_rules_check_report(report(world, flag_security=True, title="Vụ thứ nhất"))
    assert first.organization == committee

    Organization.objects.filter(pk=committee.pk).update(is_active=False)
    (second,) = alert_rules_check_report(report(world, flag_security=True, title="Vụ thứ hai"))
    assert second.organization == world.province_org


def test_without_any_province_body_no_alert_is_raised(world: Any) -> None:  # noqa: F811
    Organization.objects.filter(pk=world.province_org.pk).update(is_active=False)
    assert alert_rules_check_report(report(world, flag_security=True)) == []


def _crowd(setup: AlertWorld, count: int, day: dt.date) -> Any:
    n = 0 if count < 5 else 1 if count <= 10 else 4
    reps = [VisitorInput(full_name=f"Đại Diện {i}") for i in range(n)]
    return entry_register(
        actor=setup.w.officer_a,
        data=entry_input(received_on=day, visitor_count=count, co_representatives=reps),
    )


def test_crowd_delegation_in_the_week_raises_a_crowd_alert_once(aw: AlertWorld) -> None:  # noqa: F811
    entry = _crowd(aw, 25, AS_OF - dt.timedelta(days=3))
    _crowd(aw, 3, AS_OF)  # three people: not a crowd
    _crowd(aw, 12, AS_OF - dt.timedelta(days=30))  # too old for this run

    report_ = alerts_detect_run(AS_OF)

    assert report_.created["crowd"] == 1
    alert = Alert.objects.get(kind="crowd")
    assert alert.key == f"crowd:reception.receptionentry:{entry.pk}"
    assert alert.title == "Đoàn đông người (25 người) tại Xã An"
    assert alert.severity == 4  # more than ten people
    assert alert.organization == aw.ban and alert.area_organization == aw.w.commune_a_org
    assert alert.topic == "dat_dai"
    evidence = {(e.target_type, e.target_id) for e in alert.evidence.all()}
    assert evidence == {
        ("reception.receptionentry", entry.pk),
        ("petitions.petition", entry.petition_id),
    }
    assert "Đoàn 25 người" in alert.explanation["text"]
    assert alerts_detect_run(AS_OF).created_total == 0


def test_detection_run_catches_a_flagged_report_the_rules_missed(aw: AlertWorld) -> None:  # noqa: F811
    report(aw.w, severity=4)  # written without the reports service: no rule ran

    assert alerts_detect_run(AS_OF).created["severity"] == 1
    assert alerts_detect_run(AS_OF).created_total == 0


def test_province_filter_keeps_only_that_province(aw: AlertWorld) -> None:  # noqa: F811
    ProvinceFactory(code="45", name="Tỉnh Khác")
    report(aw.w, severity=4)

    with pytest.raises(ValidationFailed):
        alerts_detect_run(AS_OF, province_code="99")
    assert alerts_detect_run(AS_OF, province_code="45").created_total == 0
    assert alerts_detect_run(AS_OF, province_code="44").created["severity"] == 1
