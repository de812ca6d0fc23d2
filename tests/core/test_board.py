"""The overdue board's reads: scope, order, traffic light, filters, who is late, query count."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danvan.core.deadlines import WorkCalendar
from danvan.core.errors import ValidationFailed
from danvan.core.models import CalendarOverride, Obligation, Role
from danvan.core.selectors.calendar import work_calendar
from danvan.core.selectors.obligations import (
    AMBER,
    GREEN,
    PAUSED,
    RED,
    BoardFilters,
    amber_cutoff,
    days_left_text,
    obligation_board,
    obligation_lateness,
)
from danvan.core.selectors.scope import shared_scopes_clear
from tests.core.test_board_support import (
    FRIDAY,
    BoardWorld,
    add_obligation,
    board_world,
    fast_password_hashing,
    fresh,
    member,
)
from tests.factories import CommuneFactory, OrganizationFactory

__all__ = ["board_world", "fast_password_hashing"]

D = dt.date
CALENDAR = WorkCalendar()


def board(user: Any, today: dt.date = FRIDAY, **filters: Any) -> Any:
    return obligation_board(
        user=fresh(user), filters=BoardFilters(**filters), today=today, calendar=CALENDAR
    )


def titles(page: Any) -> list[str]:
    return [row.obligation.title for row in page.rows]


# --- Scope ----------------------------------------------------------------------------------


def test_commune_officer_never_sees_another_communes_obligations(board_world: BoardWorld) -> None:
    w = board_world
    add_obligation(w.org_a, D(2026, 3, 20), title="Việc xã Hòa An")
    add_obligation(w.org_b, D(2026, 3, 20), title="Việc xã Hòa Bình")

    seen_a = titles(board(w.officer_a))
    seen_b = titles(board(w.officer_b))

    assert seen_a == ["Việc xã Hòa An"]
    assert seen_b == ["Việc xã Hòa Bình"]


def test_province_leader_sees_every_commune_of_the_province(board_world: BoardWorld) -> None:
    w = board_world
    add_obligation(w.org_a, D(2026, 3, 20), title="Việc xã Hòa An")
    add_obligation(w.org_b, D(2026, 3, 21), title="Việc xã Hòa Bình")

    assert titles(board(w.province_leader)) == ["Việc xã Hòa An", "Việc xã Hòa Bình"]


def test_user_without_a_role_sees_nothing(board_world: BoardWorld) -> None:
    from tests.factories import UserFactory

    add_obligation(board_world.org_a, D(2026, 3, 20))

    assert board(UserFactory()).count == 0


def test_done_and_cancelled_obligations_leave_the_board(board_world: BoardWorld) -> None:
    w = board_world
    add_obligation(w.org_a, D(2026, 3, 20), title="Đang mở")
    add_obligation(w.org_a, D(2026, 3, 10), title="Đã xong", status="done")
    add_obligation(w.org_a, D(2026, 3, 10), title="Đã hủy", status="cancelled")

    assert titles(board(w.officer_a)) == ["Đang mở"]


# --- Order and traffic light ----------------------------------------------------------------


def test_most_urgent_first_and_paused_last(board_world: BoardWorld) -> None:
    w = board_world
    add_obligation(w.org_a, D(2026, 4, 30), title="Xa")
    add_obligation(w.org_a, None, title="Tạm dừng", status="paused")
    add_obligation(w.org_a, D(2026, 3, 2), title="Trễ")
    add_obligation(w.org_a, D(2026, 3, 16), title="Gần")

    page = board(w.officer_a)

    assert titles(page) == ["Trễ", "Gần", "Xa", "Tạm dừng"]
    assert [row.rag for row in page.rows] == [RED, AMBER, GREEN, PAUSED]
    assert [row.days_left for row in page.rows] == [-11, 3, 48, None]
    assert [row.days_text for row in page.rows] == [
        "quá hạn 11 ngày",
        "còn 3 ngày",
        "còn 48 ngày",
        "",
    ]


@pytest.mark.parametrize(
    ("due", "rag"),
    [
        (D(2026, 3, 12), RED),  # yesterday
        (D(2026, 3, 13), AMBER),  # today
        (D(2026, 3, 15), AMBER),  # Sunday
        (D(2026, 3, 18), AMBER),  # Wednesday: the 3rd working day after Friday
        (D(2026, 3, 19), GREEN),  # Thursday: the 4th
    ],
)
def test_amber_spans_three_working_days_over_a_weekend(
    board_world: BoardWorld, due: dt.date, rag: str
) -> None:
    add_obligation(board_world.org_a, due)

    assert board(board_world.officer_a, today=FRIDAY).rows[0].rag == rag


@pytest.mark.parametrize(
    ("due", "rag"),
    [
        # Thursday 23/04/2026: Friday 24 is the 1st working day; 25–26 the weekend (26 is the
        # Hùng Kings' day), Monday 27 its day off in lieu; Tuesday 28 the 2nd, Wednesday 29 the
        # 3rd; Thursday 30/04 is a holiday, but later than the 3rd working day.
        (D(2026, 4, 22), RED),
        (D(2026, 4, 23), AMBER),
        (D(2026, 4, 27), AMBER),
        (D(2026, 4, 29), AMBER),
        (D(2026, 4, 30), GREEN),
    ],
)
def test_amber_skips_public_holidays(board_world: BoardWorld, due: dt.date, rag: str) -> None:
    add_obligation(board_world.org_a, due)

    assert board(board_world.officer_a, today=D(2026, 4, 23)).rows[0].rag == rag


def test_a_day_off_in_the_calendar_table_stretches_amber(board_world: BoardWorld) -> None:
    CalendarOverride.objects.create(
        date=D(2026, 3, 17), kind="off", reason="Nghỉ bù thử", source="Thông báo thử"
    )
    add_obligation(board_world.org_a, D(2026, 3, 19))

    page = obligation_board(
        user=fresh(board_world.officer_a), today=FRIDAY, calendar=work_calendar()
    )

    assert page.amber_until == D(2026, 3, 19)
    assert page.rows[0].rag == AMBER


def test_amber_cutoff_is_three_working_days_ahead() -> None:
    assert amber_cutoff(FRIDAY, CALENDAR) == D(2026, 3, 18)


def test_days_left_text_in_vietnamese() -> None:
    assert days_left_text(0) == "đến hạn hôm nay"
    assert days_left_text(1) == "còn 1 ngày"
    assert days_left_text(-5) == "quá hạn 5 ngày"


# --- Filters --------------------------------------------------------------------------------


@pytest.fixture
def mixed(board_world: BoardWorld) -> BoardWorld:
    w = board_world
    add_obligation(
        w.org_a,
        D(2026, 3, 2),
        title="Trễ, đất đai",
        kind="petition.resolve",
        topic="dat_dai",
        assignee=w.officer_a,
        target_status="accepted",
        area=w.commune_a,
    )
    add_obligation(
        w.org_a,
        D(2026, 3, 17),
        title="Gần, môi trường",
        kind="petition.triage",
        topic="moi_truong",
        target_status="received",
    )
    add_obligation(
        w.org_b,
        D(2026, 5, 4),
        title="Xa, xã B",
        kind="petition.resolve",
        topic="dat_dai",
        assignee=w.officer_b,
        area=w.commune_b,
    )
    add_obligation(w.province_org, D(2026, 3, 30), title="Tỉnh", kind="task")
    return w


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"kind": "petition.resolve"}, ["Trễ, đất đai", "Xa, xã B"]),
        ({"topic": "moi_truong"}, ["Gần, môi trường"]),
        ({"target_status": "accepted"}, ["Trễ, đất đai"]),
        ({"rag": "red"}, ["Trễ, đất đai"]),
        ({"rag": "amber"}, ["Gần, môi trường"]),
        ({"rag": "green"}, ["Tỉnh", "Xa, xã B"]),
        ({"assignee": "none"}, ["Gần, môi trường", "Tỉnh"]),
        ({"organization": "42002-UBND"}, ["Xa, xã B"]),
        # A commune: the obligations placed there, and those without an area of their own
        # whose organisation is there.
        ({"area": "42001"}, ["Trễ, đất đai", "Gần, môi trường"]),
        # A province: everything under it.
        ({"area": "42"}, ["Trễ, đất đai", "Gần, môi trường", "Tỉnh", "Xa, xã B"]),
        ({"kind": "petition.resolve", "rag": "green"}, ["Xa, xã B"]),
    ],
)
def test_board_filters(mixed: BoardWorld, filters: dict[str, str], expected: list[str]) -> None:
    assert titles(board(mixed.province_leader, **filters)) == expected


def test_assignee_me_is_the_caller(mixed: BoardWorld) -> None:
    assert titles(board(mixed.officer_a, assignee="me")) == ["Trễ, đất đai"]
    assert titles(board(mixed.officer_b, assignee=str(mixed.officer_b.pk))) == ["Xa, xã B"]


def test_filters_never_widen_the_scope(mixed: BoardWorld) -> None:
    assert board(mixed.officer_a, organization="42002-UBND").count == 0
    assert board(mixed.officer_a, area="42002").count == 0


@pytest.mark.parametrize(
    ("filters", "field"),
    [
        ({"rag": "purple"}, "rag"),
        ({"assignee": "bob"}, "assignee"),
        ({"assignee": "²"}, "assignee"),
        ({"assignee": "9" * 25}, "assignee"),
        ({"area": "99999"}, "area"),
    ],
)
def test_nonsense_filter_is_refused_with_the_field(
    mixed: BoardWorld, filters: dict[str, str], field: str
) -> None:
    with pytest.raises(ValidationFailed) as raised:
        board(mixed.province_leader, **filters)

    assert field in raised.value.fields


# --- Paging and queries ---------------------------------------------------------------------


def test_board_pages_by_fifty(board_world: BoardWorld) -> None:
    for i in range(55):
        add_obligation(board_world.org_a, D(2026, 3, 16) + dt.timedelta(days=i))

    first = obligation_board(user=fresh(board_world.officer_a), today=FRIDAY, calendar=CALENDAR)
    second = obligation_board(
        user=fresh(board_world.officer_a), page=2, today=FRIDAY, calendar=CALENDAR
    )

    assert (first.count, first.num_pages, len(first.rows), first.has_next) == (55, 2, 50, True)
    assert len(second.rows) == 5 and second.has_previous and not second.has_next
    assert second.rows[0].obligation.due == D(2026, 3, 16) + dt.timedelta(days=50)


def _board_queries(user: Any) -> int:
    shared_scopes_clear()  # both counts include computing the scope
    with CaptureQueriesContext(connection) as captured:
        page = obligation_board(user=fresh(user), today=FRIDAY)
        for row in page.rows:  # what the page template reads
            _ = (row.obligation.organization.name, row.obligation.assignee, row.obligation.area)
    return len(captured.captured_queries)


def test_board_query_count_does_not_grow_with_rows(
    board_world: BoardWorld, django_assert_max_num_queries: Any
) -> None:
    w = board_world
    for _i in range(5):
        add_obligation(w.org_a, D(2026, 3, 20), assignee=w.officer_a, area=w.commune_a)
    with django_assert_max_num_queries(9):  # the count, the page's keys, its rows, ...
        few = _board_queries(w.officer_a)

    for _i in range(55):
        add_obligation(w.org_a, D(2026, 3, 21), assignee=w.leader_a, area=w.commune_a)
    with django_assert_max_num_queries(9):  # the count, the page's keys, its rows, ...
        many = _board_queries(w.officer_a)

    assert Obligation.objects.filter(status="open").count() == 60
    assert few == many


# --- Who is late ----------------------------------------------------------------------------


def test_lateness_counts_late_and_amber_by_organisation_and_person(
    board_world: BoardWorld,
) -> None:
    w = board_world
    add_obligation(w.org_a, D(2026, 3, 2), assignee=w.officer_a)
    add_obligation(w.org_a, D(2026, 3, 3), assignee=w.officer_a)
    add_obligation(w.org_a, D(2026, 3, 17), assignee=w.officer_a)
    add_obligation(w.org_a, D(2026, 3, 16))
    add_obligation(w.org_b, D(2026, 3, 1), assignee=w.officer_b)
    add_obligation(w.org_b, D(2026, 4, 30), assignee=w.officer_b)  # green: not counted
    add_obligation(w.org_b, D(2026, 3, 1), assignee=w.officer_b, status="done")

    result = obligation_lateness(user=fresh(w.province_leader), on=FRIDAY, calendar=CALENDAR)

    by_org = {row.label: (row.late, row.amber) for row in result.by_organization}
    by_person = {row.label: (row.late, row.amber) for row in result.by_assignee}
    assert by_org == {"Ủy ban nhân dân xã Hòa An": (2, 2), "Ủy ban nhân dân xã Hòa Bình": (1, 0)}
    assert by_person == {"Canbo A": (2, 1), "(chưa giao cho ai)": (0, 1), "Canbo B": (1, 0)}
    assert (result.late_total, result.amber_total) == (3, 2)
    assert result.by_organization[0].code == "42001-UBND"


def test_commune_leader_sees_lateness_of_their_commune_only(board_world: BoardWorld) -> None:
    w = board_world
    add_obligation(w.org_a, D(2026, 3, 2), assignee=w.officer_a)
    add_obligation(w.org_b, D(2026, 3, 2), assignee=w.officer_b)

    result = obligation_lateness(user=fresh(w.leader_a), on=FRIDAY, calendar=CALENDAR)

    assert [row.label for row in result.by_organization] == ["Ủy ban nhân dân xã Hòa An"]


def test_officer_sees_no_lateness_table(board_world: BoardWorld) -> None:
    add_obligation(board_world.org_a, D(2026, 3, 2), assignee=board_world.officer_a)

    result = obligation_lateness(user=fresh(board_world.officer_a), on=FRIDAY, calendar=CALENDAR)

    assert result.by_organization == [] and result.late_total == 0


def test_lateness_is_counted_in_a_fixed_number_of_queries(
    board_world: BoardWorld, django_assert_max_num_queries: Any
) -> None:
    w = board_world
    commune = CommuneFactory(parent=w.province)
    for i in range(6):
        org = OrganizationFactory(level="commune", area=commune, parent=w.province_org)
        officer = member(org, Role.OFFICER, f"canbo.x{i}")
        add_obligation(org, D(2026, 3, 2), assignee=officer)
    leader = fresh(w.province_leader)

    with django_assert_max_num_queries(9):  # the count, the page's keys, its rows, ...
        result = obligation_lateness(user=leader, on=FRIDAY, calendar=CALENDAR)

    assert result.late_total == 6 and len(result.by_assignee) == 6
