"""The alert lifecycle (acknowledge, assign, close, link an issue report): who may act, the
version guard, the audit trail; the scoped reads and the map's figures."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404

from danvan.core.errors import Conflict, PermissionDenied, ValidationFailed
from danvan.core.models import AuditEvent
from danvan.monitoring.models import Alert, IssueReport
from danvan.monitoring.selectors.alerts import (
    OPEN,
    AlertFilters,
    alert_allowed_actions,
    alert_get,
    alert_list,
    alerts_open_by_area,
)
from danvan.monitoring.services.alerts import (
    alert_acknowledge,
    alert_assign,
    alert_close,
    alert_link_report,
    alert_rules_check_report,
)
from tests.monitoring.alerts_fixtures import (  # noqa: F401
    AlertWorld,
    _rules,
    aw,
    report,
    sensitive_alert,
    world,
)

pytestmark = pytest.mark.django_db


def test_ban_officer_acknowledges_and_it_is_audited(aw: AlertWorld) -> None:  # noqa: F811
    alert = sensitive_alert(aw)

    done = alert_acknowledge(alert=alert, actor=aw.ban_officer, expected_version=alert.version)

    assert done.status == "acknowledged"
    assert done.acknowledged_by == aw.ban_officer and done.acknowledged_at is not None
    assert done.version == alert.version
    event = AuditEvent.objects.filter(verb="alert.acknowledge").get()
    assert event.target_id == str(alert.pk)
    assert event.changes["status"] == ["open", "acknowledged"]
    assert AuditEvent.objects.filter(verb="alert.raise", target_id=str(alert.pk)).exists()


def test_a_stale_version_is_a_conflict_and_changes_nothing(aw: AlertWorld) -> None:  # noqa: F811
    alert = sensitive_alert(aw)
    stale = Alert.objects.get(pk=alert.pk)
    alert_acknowledge(alert=alert, actor=aw.ban_officer, expected_version=alert.version)

    with pytest.raises(Conflict):
        alert_close(alert=stale, actor=aw.ban_leader, note="Đã xử lý", expected_version=1)

    assert Alert.objects.get(pk=alert.pk).status == "acknowledged"


def test_commune_leader_may_act_on_the_alert_of_the_commune(aw: AlertWorld) -> None:  # noqa: F811
    alert = sensitive_alert(aw)
    done = alert_acknowledge(alert=alert, actor=aw.leader_a, expected_version=alert.version)
    assert done.status == "acknowledged"


@pytest.mark.parametrize("who", ["ban_viewer", "front_a"])
def test_readers_see_the_alert_but_may_not_act(aw: AlertWorld, who: str) -> None:  # noqa: F811
    alert = sensitive_alert(aw)
    user = getattr(aw, who)

    assert alert_get(user=user, pk=alert.pk) == alert
    assert alert_allowed_actions(alert=alert, user=user) == []
    with pytest.raises(PermissionDenied):
        alert_acknowledge(alert=alert, actor=user, expected_version=alert.version)


def test_another_commune_neither_sees_nor_acts(aw: AlertWorld) -> None:  # noqa: F811
    alert = sensitive_alert(aw)

    with pytest.raises(Http404):
        alert_get(user=aw.w.officer_b, pk=alert.pk)
    assert not alert_list(user=aw.w.officer_b).exists()
    with pytest.raises(PermissionDenied):
        alert_acknowledge(alert=alert, actor=aw.w.officer_b, expected_version=alert.version)


def test_assign_to_a_member_of_either_organisation_only(aw: AlertWorld) -> None:  # noqa: F811
    alert = sensitive_alert(aw)

    for outsider in (aw.w.officer_b, aw.ban_viewer, aw.w.officer):
        with pytest.raises(ValidationFailed) as exc:
            alert_assign(
                alert=alert,
                actor=aw.ban_leader,
                assignee_id=outsider.pk,
                expected_version=alert.version,
            )
        assert "assignee" in exc.value.fields

    done = alert_assign(
        alert=alert, actor=aw.ban_leader, assignee_id=aw.leader_a.pk, expected_version=alert.version
    )
    assert done.status == "assigned" and done.assignee == aw.leader_a
    assert done.acknowledged_by == aw.ban_leader  # assigning acknowledges
    again = alert_assign(
        alert=done,
        actor=aw.ban_leader,
        assignee_id=aw.ban_officer.pk,
        expected_version=done.version,
    )
    assert again.assignee == aw.ban_officer
    changes = AuditEvent.objects.filter(verb="alert.assign").order_by("seq").last()
    assert changes is not None
    assert changes.changes["assignee"] == [aw.leader_a.pk, aw.ban_officer.pk]


def test_close_needs_a_note_and_is_final(aw: AlertWorld) -> None:  # noqa: F811
    alert = sensitive_alert(aw)

    with pytest.raises(ValidationFailed) as exc:
        alert_close(alert=alert, actor=aw.ban_officer, note="  ", expected_version=alert.version)
    assert "note" in exc.value.fields

    done = alert_close(
        alert=alert,
        actor=aw.ban_officer,
        note="Đã nắm tình hình, xã tổ chức đối thoại với hai thôn.",
        expected_version=alert.version,
    )
    assert done.status == "closed" and done.closed_by == aw.ban_officer
    assert done.close_note.startswith("Đã nắm tình hình")
    assert alert_allowed_actions(alert=done, user=aw.ban_officer) == []
    with pytest.raises(ValidationFailed) as exc:
        alert_acknowledge(alert=done, actor=aw.ban_officer, expected_version=done.version)
    assert exc.value.code == "illegal_move"


def test_link_an_existing_report_the_actor_may_see(aw: AlertWorld) -> None:  # noqa: F811
    alert = sensitive_alert(aw)
    other = report(aw.w, title="Vấn đề đã theo dõi từ trước")
    hidden = report(aw.w, org=aw.w.commune_b_org, area=aw.w.commune_b, title="Việc của xã Bình")

    with pytest.raises(ValidationFailed):
        alert_link_report(
            alert=alert, actor=aw.leader_a, expected_version=alert.version, report_id=hidden.pk
        )
    flagged = alert.issue_report_id
    done = alert_link_report(
        alert=alert, actor=aw.leader_a, expected_version=alert.version, report_id=other.pk
    )

    assert done.issue_report == other
    event = AuditEvent.objects.get(verb="alert.link_report")
    assert event.changes["issue_report"] == [flagged, other.pk]


def test_open_an_issue_report_from_the_alert(aw: AlertWorld) -> None:  # noqa: F811
    from tests.monitoring.alerts_fixtures import petitions

    # A crowd alert has no report yet: open one from it.
    alert = sensitive_alert(aw)
    Alert.objects.filter(pk=alert.pk).update(issue_report=None, kind="crowd")
    alert = Alert.objects.get(pk=alert.pk)
    petitions(aw.w, alert.window_end, 1)
    before = IssueReport.objects.count()

    done = alert_link_report(
        alert=alert, actor=aw.leader_a, expected_version=alert.version, create=True
    )

    assert IssueReport.objects.count() == before + 1
    created = done.issue_report
    assert created is not None
    assert created.title == alert.title
    assert created.area == alert.area and created.topic == alert.topic
    assert created.source == "reception"
    assert created.organization == aw.w.commune_a_org


def test_scoped_list_filters_and_map_counts(
    aw: AlertWorld,  # noqa: F811
    django_assert_max_num_queries: Any,
) -> None:
    open_alert = sensitive_alert(aw)
    (province_alert,) = alert_rules_check_report(
        report(aw.w, org=aw.w.province_org, area=aw.w.province, severity=4, title="Cả tỉnh")
    )
    closed = alert_rules_check_report(
        report(aw.w, org=aw.w.commune_b_org, area=aw.w.commune_b, flag_security=True)
    )[0]
    alert_close(alert=closed, actor=aw.ban_officer, note="Đã xong", expected_version=1)

    ban = aw.ban_officer
    assert set(alert_list(user=ban)) == {open_alert, province_alert, closed}
    assert list(alert_list(user=ban, filters=AlertFilters(status=OPEN))) != []
    assert closed not in alert_list(user=ban, filters=AlertFilters(status=OPEN))
    assert set(alert_list(user=ban, filters=AlertFilters(kind="severity"))) == {province_alert}
    assert set(alert_list(user=ban, filters=AlertFilters(area_code="19001"))) == {open_alert}
    assert not alert_list(user=ban, filters=AlertFilters(area_code="nope")).exists()
    assert set(alert_list(user=aw.leader_a)) == {open_alert}
    with django_assert_max_num_queries(4):
        rows = list(alert_list(user=ban))
        [(a.area.code, a.organization.name) for a in rows]

    counts = alerts_open_by_area(ban)
    assert counts.total == 2
    assert counts.communes == {"19001": 1}
    assert counts.provinces == {"44": 2}
    assert alerts_open_by_area(aw.w.officer_b).total == 0
