"""Who is behind on the head's reception duty; the public schedule shows nothing personal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from danvan.reception.inputs import SessionTransitionInput
from danvan.reception.reference import duties, duty_for
from danvan.reception.selectors import duty_report, periods_between, public_schedule
from danvan.reception.services import entry_register, session_create, session_transition
from tests.petitions.conftest import World
from tests.reception.conftest import entry_input, session_input


def held(world: World, day: dt.date, **kw):  # type: ignore[no-untyped-def]
    session = session_create(actor=world.officer, data=session_input(world, date=day, **kw))
    session_transition(
        session=session,
        actor=world.officer,
        data=SessionTransitionInput(to="published", expected_version=1, on=day),
    )
    session_transition(
        session=session,
        actor=world.officer,
        data=SessionTransitionInput(to="held", expected_version=2),
    )
    return session


def test_minimums_are_dated_data_with_citations() -> None:
    commune = duty_for("ubnd", "commune", dt.date(2026, 3, 2))
    province = duty_for("ubnd", "province", dt.date(2026, 8, 3))
    department = duty_for("so_nganh", "province", dt.date(2026, 8, 3))
    assert commune is not None and (commune.days, commune.period) == (1, "week")
    assert "Điều 15" in commune.citation and "154/2026" not in commune.citation
    assert province is not None and (province.days, province.period) == (1, "month")
    assert "Nghị định 154/2026/NĐ-CP, Điều 10" in province.citation
    assert department is not None and department.period == "month"
    assert duty_for("mttq", "province", dt.date(2026, 3, 2)) is None
    assert all(d.valid_from <= (d.valid_to or dt.date.max) for d in duties())


def test_weeks_run_monday_to_sunday_and_months_are_calendar_months() -> None:
    weeks = periods_between("week", dt.date(2026, 3, 4), dt.date(2026, 3, 16))
    assert [(w.start, w.end) for w in weeks] == [
        (dt.date(2026, 3, 2), dt.date(2026, 3, 8)),
        (dt.date(2026, 3, 9), dt.date(2026, 3, 15)),
        (dt.date(2026, 3, 16), dt.date(2026, 3, 22)),
    ]
    months = periods_between("month", dt.date(2026, 1, 20), dt.date(2026, 3, 1))
    assert [m.label for m in months] == ["Tháng 1/2026", "Tháng 2/2026", "Tháng 3/2026"]


def test_commune_missing_a_week_is_listed_as_behind(world: World) -> None:
    # given commune A held its head's sessions in the weeks of 2 and 16 March, not of 9 March
    held(world, dt.date(2026, 3, 5))
    held(world, dt.date(2026, 3, 19))
    # and a deputy hosted in the week of 9 March (does not count for the head's duty)
    held(world, dt.date(2026, 3, 12), host_kind="delegate", host_position="Phó Chủ tịch")

    report = duty_report(
        user=world.leader,
        start=dt.date(2026, 3, 2),
        end=dt.date(2026, 3, 22),
        organization_id=world.commune_a_org.pk,
        today=dt.date(2026, 3, 30),
    )

    assert [(r.period.start, r.held, r.required) for r in report.rows] == [
        (dt.date(2026, 3, 9), 0, 1)
    ]
    summary = report.summaries[0]
    assert (summary.periods, summary.behind, summary.held_days) == (3, 1, 2)


def test_unfinished_period_is_never_behind(world: World) -> None:
    report = duty_report(
        user=world.leader,
        start=dt.date(2026, 3, 2),
        end=dt.date(2026, 3, 8),
        organization_id=world.commune_a_org.pk,
        today=dt.date(2026, 3, 5),
    )
    assert report.rows == []
    assert report.summaries[0].current is not None


def test_province_committee_is_counted_by_month(world: World) -> None:
    report = duty_report(
        user=world.leader,
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 2, 28),
        organization_id=world.province_org.pk,
        today=dt.date(2026, 3, 30),
    )
    assert [r.period.label for r in report.rows] == ["Tháng 1/2026", "Tháng 2/2026"]


def test_commune_officer_sees_only_their_commune_in_the_duty_report(world: World) -> None:
    report = duty_report(
        user=world.officer_a,
        start=dt.date(2026, 3, 2),
        end=dt.date(2026, 3, 22),
        today=dt.date(2026, 3, 30),
    )
    assert {s.organization for s in report.summaries} == {world.commune_a_org}


def _published(world: World, day: dt.date):  # type: ignore[no-untyped-def]
    session = session_create(
        actor=world.officer_a,
        data=session_input(world, date=day, notes="Ghi chú nội bộ: lưu ý hộ bà Mai"),
    )
    session_transition(
        session=session,
        actor=world.officer_a,
        data=SessionTransitionInput(to="published", expected_version=1),
    )
    return session


def test_public_schedule_lists_published_upcoming_sessions_and_notices(world: World) -> None:
    today = dt.date.today()
    published = _published(world, today + dt.timedelta(days=10))
    postponed = _published(world, today + dt.timedelta(days=12))
    session_transition(
        session=postponed,
        actor=world.officer_a,
        data=SessionTransitionInput(
            to="postponed",
            expected_version=postponed.version,
            new_date=today + dt.timedelta(days=19),
            reason="Chủ tịch đi công tác",
        ),
    )
    planned = session_create(
        actor=world.officer_a, data=session_input(world, date=today + dt.timedelta(days=11))
    )

    rows = public_schedule(start=today, end=today + dt.timedelta(days=30))
    ids = [r.id for r in rows]
    assert published.pk in ids and postponed.pk in ids
    assert planned.pk not in ids  # not published yet
    notice = next(r for r in rows if r.id == postponed.pk)
    assert notice.postponement_reason == "Chủ tịch đi công tác"
    assert public_schedule(area_code="19002", start=today, end=today + dt.timedelta(days=30)) == []
    assert len(public_schedule(area_code="44", start=today, end=today + dt.timedelta(days=30))) == 2


def test_public_page_needs_no_login_and_shows_nothing_personal(world: World) -> None:
    today = dt.date.today()
    session = _published(world, today)
    entry_register(
        actor=world.officer_a,
        data=entry_input(received_on=today, session_id=session.pk, outcome="guided"),
    )
    response = Client().get(reverse("reception:public_schedule"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "UBND xã An" in html and "Chủ tịch UBND xã An" in html
    assert "Hội trường UBND xã An" in html
    for secret in ("Nguyễn Thị Mai", "044185001234", "0912345678", "Ghi chú nội bộ", "thu hồi đất"):
        assert secret not in html
    assert 'name="viewport"' in html


@pytest.mark.parametrize(
    "query",
    [
        "?area=44",
        "?area=xx",
        "?start=99/99/9999",
        "?start=01/01/0001&end=31/12/9999",
        "?start=31/12/9999",
    ],
)
def test_public_page_answers_any_filter_without_error(world: World, query: str) -> None:
    response = Client().get(reverse("reception:public_schedule") + query)
    assert response.status_code == 200
