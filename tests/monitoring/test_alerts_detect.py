"""Detection end to end: petitions recorded through the petitions service, counted by the
aggregate selectors, tested by the hotspot statistic, raised as one alert with its evidence and
recipients; idempotent."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.db import connection

from danvan.monitoring.models import Alert, IssueReport
from danvan.monitoring.services.alerts import alerts_detect, alerts_detect_run, signals_read
from tests.monitoring.alerts_fixtures import (  # noqa: F401
    AS_OF,
    MONDAY,
    AlertWorld,
    _rules,
    aw,
    spike_world,
    world,
)

pytestmark = pytest.mark.django_db


def test_spike_in_one_commune_raises_one_alert_with_evidence_and_recipients(
    aw: AlertWorld,  # noqa: F811
    django_capture_on_commit_callbacks: Any,
) -> None:
    spike = spike_world(aw.w, spike=7)

    with django_capture_on_commit_callbacks(execute=True):
        created = alerts_detect(AS_OF)

    assert created == 1
    alert = Alert.objects.get()
    assert alert.kind == "spike"
    assert alert.area == aw.w.commune_a
    assert alert.topic == "dat_dai"
    assert (alert.window_start, alert.window_end) == (MONDAY, dt.date(2026, 11, 22))
    assert alert.observed == 7
    assert alert.expected == pytest.approx(1.0)
    assert alert.organization == aw.ban
    assert alert.area_organization == aw.w.commune_a_org
    assert alert.status == "open"
    text = alert.explanation["text"]
    assert text.startswith("Tuần này 7 lượt, mức thường lệ 1 (trung bình 9 tuần trước đó")
    assert text.endswith("ngưỡng 5: tăng bất thường.")
    assert alert.explanation["threshold"] == 5
    assert alert.explanation["method"] == "recent"
    evidence = list(alert.evidence.all())
    assert {e.target_id for e in evidence} == {p.pk for p in spike}
    assert all(e.target_type == "petitions.petition" for e in evidence)
    assert all(e.label.startswith("Đơn thư ") for e in evidence)
    # The Ban's officer and leader, commune A's officer and leader: not the viewer, not the Front.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [
            "ban.canbo@example.vn",
            "ban.lanhdao@example.vn",
            "canbo.a@example.vn",
            "lanhdao.a@example.vn",
        ]
    )
    assert "Gia tăng bất thường" in mail.outbox[0].body


def test_second_run_changes_nothing(aw: AlertWorld) -> None:  # noqa: F811
    spike_world(aw.w, spike=7)
    assert alerts_detect(AS_OF) == 1
    first = Alert.objects.get()

    report = alerts_detect_run(AS_OF)

    assert report.created_total == 0
    assert Alert.objects.count() == 1
    assert Alert.objects.get().version == first.version
    assert Alert.objects.get().evidence.count() == 7


def test_every_kind_of_signal_counts_once(aw: AlertWorld) -> None:  # noqa: F811
    from danvan.reception.services.entries import entry_register
    from tests.monitoring.alerts_fixtures import petitions, report
    from tests.reception.conftest import entry_input

    (first,) = petitions(aw.w, AS_OF, 1)
    linked = entry_input(received_on=AS_OF, petition_mode="link", petition_id=first.pk)
    entry_register(actor=aw.w.officer_a, data=linked)  # a visit about a known case: +1
    refused = entry_input(
        received_on=AS_OF, outcome="refused", refusal_ground="threatening", petition_kind=""
    )
    entry_register(actor=aw.w.officer_a, data=refused)  # no petition: the body's area, no topic
    entry_register(actor=aw.w.officer_a, data=entry_input(received_on=AS_OF))  # its new petition
    report(aw.w)  # an issue report: +1
    unfounded = report(aw.w, title="Không có cơ sở")  # found unfounded: not counted
    IssueReport.objects.filter(pk=unfounded.pk).update(status="unfounded")

    signals = signals_read(start=MONDAY, end=AS_OF, as_of=AS_OF, evaluated=[MONDAY])

    commune = aw.w.commune_a.pk
    assert signals.series[(commune, "dat_dai")][MONDAY] == 4
    assert signals.series[(commune, "")][MONDAY] == 5
    assert signals.series[(aw.w.province.pk, "")][MONDAY] == 5
    assert signals.first_week[aw.w.province.pk] == MONDAY


def test_rise_spread_over_communes_alerts_the_province_only(aw: AlertWorld) -> None:  # noqa: F811
    from tests.monitoring.alerts_fixtures import petitions

    day = dt.date(2026, 8, 31)
    while day <= dt.date(2026, 11, 9):
        petitions(aw.w, day + dt.timedelta(days=1), 1)
        petitions(aw.w, day + dt.timedelta(days=2), 1, area_code="19002")
        day += dt.timedelta(days=7)
    petitions(aw.w, MONDAY, 4)  # four in each commune: under the minimum there
    petitions(aw.w, MONDAY, 4, area_code="19002")

    report = alerts_detect_run(AS_OF)

    assert report.created["spike"] == 1
    alert = Alert.objects.get()
    assert alert.area == aw.w.province and alert.topic == "dat_dai"
    assert alert.observed == 8 and alert.expected == pytest.approx(2.0)
    assert alert.organization == aw.ban
    assert alert.area_organization == aw.w.province_org
    assert alert.evidence.count() == 8
    assert report.suppressed == 1  # all topics together: the same eight petitions


def test_open_alert_is_refreshed_as_the_week_goes_on_and_a_closed_one_is_left(
    aw: AlertWorld,  # noqa: F811
) -> None:
    from danvan.monitoring.services.alerts import alert_close
    from tests.monitoring.alerts_fixtures import petitions

    spike_world(aw.w, spike=7)
    alerts_detect(AS_OF)
    later = AS_OF + dt.timedelta(days=2)
    petitions(aw.w, later, 2)

    report = alerts_detect_run(later)

    alert = Alert.objects.get()
    assert report.refreshed == 1 and report.created_total == 0
    assert alert.observed == 9 and alert.evidence.count() == 9
    assert alert.explanation["observed"] == 9
    assert alert.version == 1  # derived figures do not bump the version people act on

    alert_close(alert=alert, actor=aw.ban_officer, note="Đã xử lý", expected_version=1)
    petitions(aw.w, later, 1)
    assert alerts_detect_run(later).refreshed == 0
    assert Alert.objects.get().observed == 9


def test_a_mail_failure_never_fails_the_detection(
    aw: AlertWorld,  # noqa: F811
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from danvan.core.models import OutboxEmail

    settings.EMAIL_BACKEND = "tests.core.test_mail.DownBackend"
    spike_world(aw.w, spike=7)

    with django_capture_on_commit_callbacks(execute=True):
        assert alerts_detect(AS_OF) == 1

    # The e-mails wait in the outbox for the mail server (core.services.mail).
    waiting = list(OutboxEmail.objects.filter(kind="alert"))
    assert waiting and all(row.sent_at is None and row.attempts == 1 for row in waiting)
    assert mail.outbox == []


def test_old_units_count_in_the_unit_that_took_them_over(world: Any) -> None:  # noqa: F811
    from danvan.core.models import AdminUnitSuccession
    from danvan.monitoring.services.alerts import AreaMap, Place
    from tests.factories import CommuneFactory, ProvinceFactory

    old_province = ProvinceFactory(
        code="45", valid_from=dt.date(2000, 1, 1), valid_to=dt.date(2025, 7, 1)
    )
    merged = CommuneFactory(
        parent=old_province, valid_from=dt.date(2000, 1, 1), valid_to=dt.date(2025, 7, 1)
    )
    split = CommuneFactory(
        parent=old_province, valid_from=dt.date(2000, 1, 1), valid_to=dt.date(2025, 7, 1)
    )
    lost = CommuneFactory(
        parent=old_province, valid_from=dt.date(2000, 1, 1), valid_to=dt.date(2025, 7, 1)
    )
    other = ProvinceFactory(code="46")
    elsewhere = CommuneFactory(parent=other)
    for pred, succ, kind in [
        (merged, world.commune_a, "full"),
        (split, world.commune_a, "partial"),
        (split, world.commune_b, "partial"),
        (lost, world.commune_b, "partial"),
        (lost, elsewhere, "partial"),
        (old_province, world.province, "full"),
    ]:
        AdminUnitSuccession.objects.create(
            predecessor=pred, successor=succ, kind=kind, effective=dt.date(2025, 7, 1)
        )

    areas = AreaMap([merged.pk, split.pk, lost.pk, old_province.pk, world.commune_a.pk], AS_OF)

    province = world.province.pk
    assert areas.place(world.commune_a.pk) == Place(province, world.commune_a.pk)
    assert areas.place(merged.pk) == Place(province, world.commune_a.pk)
    assert areas.place(split.pk) == Place(province, None)  # two communes of one province
    assert areas.place(lost.pk) is None  # split across two provinces
    assert areas.place(old_province.pk) == Place(province, None)


def test_command_prints_the_counts(aw: AlertWorld) -> None:  # noqa: F811
    from io import StringIO

    from django.core.management import call_command

    from tests.monitoring.alerts_fixtures import report

    report(aw.w, severity=4)
    out = StringIO()

    call_command("alerts", "detect", "--as-of", "2026-11-18", "--province", "44", stdout=out)

    assert out.getvalue().startswith("Ngày 18/11/2026: 1 cảnh báo mới (gia tăng bất thường 0,")
    assert "mức 4 1)" in out.getvalue()


def test_command_refuses_a_bad_date() -> None:
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("alerts", "detect", "--as-of", "18/11/2026")


def test_daily_task_runs_the_detection(aw: AlertWorld) -> None:  # noqa: F811
    from danvan.monitoring.tasks import alerts_detect_task
    from tests.monitoring.alerts_fixtures import report

    report(aw.w, flag_ethnic=True)

    result = alerts_detect_task.enqueue("2026-11-18").return_value

    assert result["created"]["sensitive"] == 1
    assert result["as_of"] == "2026-11-18"


def test_a_rise_going_on_from_last_week_stays_one_alert_until_it_is_closed(
    aw: AlertWorld,  # noqa: F811
) -> None:
    from danvan.monitoring.services.alerts import alert_close
    from tests.monitoring.alerts_fixtures import petitions, weekly_history

    weekly_history(aw.w, first=dt.date(2026, 8, 24), last=dt.date(2026, 11, 2))
    petitions(aw.w, dt.date(2026, 11, 10), 7)  # last week
    petitions(aw.w, MONDAY, 6)  # and again this week

    first = alerts_detect_run(AS_OF)

    assert first.created["spike"] == 1 and first.continuing == 1
    alert = Alert.objects.get()
    assert alert.window_end == dt.date(2026, 11, 15) and alert.observed == 7

    alert_close(alert=alert, actor=aw.ban_officer, note="Đã nắm", expected_version=1)
    second = alerts_detect_run(AS_OF)

    assert second.created["spike"] == 1
    assert Alert.objects.filter(status="open").get().window_end == dt.date(2026, 11, 22)


def test_alerts_raised_by_a_run_that_stopped_before_their_e_mails_are_announced_by_the_next(
    aw: AlertWorld,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from danvan.core.models import OutboxEmail
    from danvan.monitoring.services import alerts as alerts_module

    spike_world(aw.w, spike=7)

    def killed(*_args: Any, **_kwargs: Any) -> int:
        raise RuntimeError("the process died here")

    monkeypatch.setattr(alerts_module, "mail_queue", killed)
    with pytest.raises(RuntimeError):
        alerts_detect(AS_OF)
    alert = Alert.objects.get()  # raised in its own transaction: it stands
    assert alert.notified_at is None
    assert not OutboxEmail.objects.exists()

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        report = alerts_detect_run(AS_OF)
    assert report.created_total == 0  # the alert exists: not raised again, but announced
    assert report.emails == 4
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ban.canbo@example.vn",
        "ban.lanhdao@example.vn",
        "canbo.a@example.vn",
        "lanhdao.a@example.vn",
    ]
    assert alert.title in mail.outbox[0].body
    alert.refresh_from_db()
    assert alert.notified_at is not None

    with django_capture_on_commit_callbacks(execute=True):
        assert alerts_detect_run(AS_OF).emails == 0  # announced once
    assert len(mail.outbox) == 4


def test_a_pending_alert_closed_meanwhile_is_marked_without_an_e_mail(
    aw: AlertWorld,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from danvan.monitoring.services import alerts as alerts_module
    from danvan.monitoring.services.alerts import alert_close

    spike_world(aw.w, spike=7)
    monkeypatch.setattr(alerts_module, "_notify_pending", lambda: 0)
    alerts_detect(AS_OF)
    monkeypatch.undo()
    alert = Alert.objects.get()
    alert_close(alert=alert, actor=aw.ban_officer, note="Đã xử lý", expected_version=1)

    assert alerts_detect_run(AS_OF).emails == 0
    assert mail.outbox == []
    alert.refresh_from_db()
    assert alert.notified_at is not None


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite's IMMEDIATE transactions serialise the runs"
)
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_announce_a_pending_alert_once(
    aw: AlertWorld,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    settings: Any,
) -> None:
    from danvan.core.models import OutboxEmail
    from danvan.monitoring.services import alerts as alerts_module
    from tests.concurrency import at_once

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    spike_world(aw.w, spike=7)
    monkeypatch.setattr(alerts_module, "_notify_pending", lambda: 0)
    alerts_detect(AS_OF)
    monkeypatch.undo()
    counts: list[int] = []

    errors = at_once(lambda _i: counts.append(alerts_module._notify_pending()), threads=2)

    assert errors == []
    assert sorted(counts) == [0, 4]
    assert OutboxEmail.objects.filter(kind="alert").count() == 4
