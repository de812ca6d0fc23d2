"""The report workflow: requests to units, drafts, submission with frozen figures and a number,
review (accept, return with comments), the board of who sent, and the numbering rules."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from danvan.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from danvan.core.models import Obligation
from danvan.reports import selectors, services
from danvan.reports.indicators import Window, coverage_for, figures_compute
from danvan.reports.models import Report, ReportReview
from danvan.reports.states import Status
from tests.reports.fixtures import RESULTS, RWorld, register

D = dt.date
PAST = D(2026, 6, 20)  # after the 6-month window of 2026 closed (14/6)


def _ask(w: RWorld, *, due: D = PAST) -> list[Report]:
    request = services.request_create(
        actor=w.officer,
        organization=w.ubnd,
        kind="six-month",
        period_code="2026-H1",
        unit_ids=[w.ubnd_a.pk, w.ubnd_b.pk],
        due_on=due,
    )
    return list(request.reports.order_by("organization__code"))


def _write(report: Report, actor: object, text: str = RESULTS) -> Report:
    return services.report_update(
        actor=actor, report=report, expected_version=report.version, data={"results": text}
    )


def test_a_request_gives_every_unit_a_draft_with_the_window_and_due_date(rworld: RWorld) -> None:
    a, b = _ask(rworld)
    assert [r.organization for r in (a, b)] == [rworld.ubnd_a, rworld.ubnd_b]
    for report in (a, b):
        assert report.status == Status.DRAFT
        assert report.number == ""
        assert (report.window_start, report.window_end) == (D(2025, 12, 15), D(2026, 6, 14))
        assert report.due_on == PAST
        assert report.doc_format == "state"
    # Each draft is on the overdue board of its unit until it is sent.
    rows = Obligation.objects.filter(kind="report.submit")
    assert {(o.organization_id, o.status) for o in rows} == {
        (rworld.ubnd_a.pk, "open"),
        (rworld.ubnd_b.pk, "open"),
    }


def test_units_outside_the_askers_reach_are_refused(rworld: RWorld) -> None:
    with pytest.raises(ValidationFailed) as info:
        services.request_create(
            actor=rworld.officer,
            organization=rworld.ubnd,
            kind="six-month",
            period_code="2026-H1",
            unit_ids=[rworld.other_ubnd.pk],
        )
    assert "units" in info.value.fields
    with pytest.raises(PermissionDenied):
        services.request_create(
            actor=rworld.officer_a,
            organization=rworld.ubnd,
            kind="six-month",
            period_code="2026-H1",
            unit_ids=[rworld.ubnd_b.pk],
        )
    assert not Report.objects.exists()


def test_a_period_that_does_not_fit_the_kind_is_a_field_error(rworld: RWorld) -> None:
    with pytest.raises(ValidationFailed) as info:
        services.report_create(
            actor=rworld.officer_a, organization=rworld.ubnd_a, kind="year", period_code="2026-H1"
        )
    assert "period" in info.value.fields


def test_submit_freezes_the_figures_and_gives_the_first_number(rworld: RWorld) -> None:
    register(rworld.officer_a, on=D(2026, 3, 2))
    register(rworld.officer_a, on=D(2026, 6, 14))  # last day of the window: counted
    register(rworld.officer_a, on=D(2026, 6, 15))  # the day after: not counted
    a, _b = _ask(rworld)
    with pytest.raises(ValidationFailed) as info:
        services.report_submit(actor=rworld.officer_a, report=a, expected_version=a.version)
    assert info.value.code == "narrative_missing"
    a = _write(a, rworld.officer_a)
    live = figures_compute(coverage_for(rworld.ubnd_a), Window(a.window_start, a.window_end))
    assert live["petitions.received"] == 2
    a = services.report_submit(
        actor=rworld.officer_a, report=a, expected_version=a.version, issued_on=PAST
    )
    a.refresh_from_db()
    assert a.status == Status.SUBMITTED
    assert a.number == "01/BC-UBND"
    assert a.issued_on == PAST
    assert a.edition == 1
    frozen = {code: pair[0] for code, pair in a.figures["values"].items()}
    assert frozen == {code: None if v is None else str(v) for code, v in live.items()}
    # Records added later change nothing in the sent report.
    register(rworld.officer_a, on=D(2026, 5, 1))
    a.refresh_from_db()
    assert a.figures["values"]["petitions.received"][0] == "2"
    assert Obligation.objects.get(kind="report.submit", organization=rworld.ubnd_a).status == "done"
    with pytest.raises(Conflict):
        _write(a, rworld.officer_a, RESULTS + " Bổ sung.")


def test_only_the_unit_writes_its_report(rworld: RWorld) -> None:
    a, _b = _ask(rworld)
    with pytest.raises(PermissionDenied):
        _write(a, rworld.officer_b)
    with pytest.raises(PermissionDenied):
        _write(a, rworld.viewer)
    # The province officer is above the commune: it may write (help) the commune's report.
    _write(a, rworld.officer)


def test_a_stale_version_is_a_conflict(rworld: RWorld) -> None:
    a, _b = _ask(rworld)
    version = a.version
    _write(a, rworld.officer_a)
    stale = Report.objects.get(pk=a.pk)
    with pytest.raises(Conflict):
        services.report_update(
            actor=rworld.officer_a,
            report=stale,
            expected_version=version,
            data={"results": "Nội dung khác của người thứ hai, ghi đè bản trước."},
        )


def test_return_with_comments_then_resubmit_keeps_the_number(rworld: RWorld) -> None:
    a, _b = _ask(rworld)
    a = _write(a, rworld.officer_a)
    a = services.report_submit(
        actor=rworld.officer_a, report=a, expected_version=a.version, issued_on=PAST
    )
    with pytest.raises(PermissionDenied):  # the commune cannot accept its own report
        services.report_review(
            actor=rworld.officer_a, report=a, expected_version=a.version, action="accept"
        )
    with pytest.raises(ValidationFailed):  # a return needs a comment
        services.report_review(
            actor=rworld.officer, report=a, expected_version=a.version, action="return"
        )
    a = services.report_review(
        actor=rworld.officer,
        report=a,
        expected_version=a.version,
        action="return",
        comment="Bổ sung số liệu đối thoại.",
    )
    assert a.status == Status.RETURNED
    assert Obligation.objects.get(kind="report.submit", organization=rworld.ubnd_a).status == "open"
    a = _write(a, rworld.officer_a, RESULTS + " Đã bổ sung số liệu đối thoại.")
    a = services.report_submit(actor=rworld.officer_a, report=a, expected_version=a.version)
    assert (a.number, a.edition, a.issued_on) == ("01/BC-UBND", 2, PAST)
    a = services.report_review(
        actor=rworld.officer, report=a, expected_version=a.version, action="accept"
    )
    assert a.status == Status.ACCEPTED
    actions = list(ReportReview.objects.filter(report=a).values_list("action", "edition"))
    assert actions == [("submit", 1), ("return", 1), ("submit", 2), ("accept", 2)]
    with pytest.raises(Conflict):
        services.report_review(
            actor=rworld.officer,
            report=a,
            expected_version=a.version,
            action="return",
            comment="Sửa lại.",
        )


def test_the_board_shows_who_sent_who_is_late_who_is_missing(rworld: RWorld) -> None:
    a, b = _ask(rworld, due=D(2026, 6, 19))
    a = _write(a, rworld.officer_a)
    services.report_submit(
        actor=rworld.officer_a, report=a, expected_version=a.version, issued_on=D(2026, 6, 22)
    )
    board = selectors.request_board(a.request, today=D(2026, 6, 25))
    assert (board.total, board.sent, board.missing, board.late) == (2, 1, 1, 2)
    rows = {r.report.organization.code: r for r in board.rows}
    assert rows["19001-UBND"].sent and rows["19001-UBND"].days_late == 3
    assert not rows["19002-UBND"].sent and rows["19002-UBND"].days_late == 6
    # Missing first: the page opens on what needs chasing.
    assert board.rows[0].report.pk == b.pk
    early = selectors.request_board(a.request, today=D(2026, 6, 18))
    assert early.late == 1  # a: sent late; b: not due yet


def test_numbers_run_per_body_and_year_and_restart_on_1_january(rworld: RWorld) -> None:
    numbers = []
    for kind, code, issued in (
        ("six-month", "2025-H1", D(2025, 6, 20)),
        ("year", "2025", D(2025, 12, 20)),
        ("six-month", "2026-H1", D(2026, 6, 20)),
    ):
        report = services.report_create(
            actor=rworld.officer, organization=rworld.ubnd, kind=kind, period_code=code
        )
        report = _write(report, rworld.officer)
        report = services.report_submit(
            actor=rworld.officer, report=report, expected_version=report.version, issued_on=issued
        )
        numbers.append(report.number)
    assert numbers == ["01/BC-UBND", "02/BC-UBND", "01/BC-UBND"]


def test_party_reports_use_the_party_number_format(rworld: RWorld) -> None:
    report = services.report_create(
        actor=rworld.party, organization=rworld.btgdv, kind="six-month", period_code="2026-H1"
    )
    assert report.doc_format == "party"
    report = _write(report, rworld.party)
    report = services.report_submit(
        actor=rworld.party, report=report, expected_version=report.version, issued_on=PAST
    )
    assert report.number == "01-BC/BTGDVTU"


def test_a_unit_has_one_own_report_per_period(rworld: RWorld) -> None:
    services.report_create(
        actor=rworld.officer, organization=rworld.ubnd, kind="six-month", period_code="2026-H1"
    )
    with pytest.raises(Conflict):
        services.report_create(
            actor=rworld.officer, organization=rworld.ubnd, kind="six-month", period_code="2026-h1"
        )


def test_the_province_report_lists_its_communes_figures_and_status(rworld: RWorld) -> None:
    register(rworld.officer_a, on=D(2026, 3, 2))
    register(rworld.officer_b, on=D(2026, 3, 3), area="19002")
    a, _b = _ask(rworld)
    a = _write(a, rworld.officer_a)
    services.report_submit(
        actor=rworld.officer_a, report=a, expected_version=a.version, issued_on=PAST
    )
    own = services.report_create(
        actor=rworld.officer, organization=rworld.ubnd, kind="six-month", period_code="2026-H1"
    )
    snapshot = services.live_values(own)
    units = {u["code"]: u for u in snapshot["units"]}
    assert units["19001-UBND"]["values"]["petitions.received"] == "1"
    assert units["19001-UBND"]["status"].startswith("Đã gửi")
    assert units["19002-UBND"]["status"] == "Chưa gửi"
    # The province's own figures include both communes.
    assert snapshot["values"]["petitions.received"][0] == "2"


def test_visibility(rworld: RWorld) -> None:
    a, b = _ask(rworld)
    assert selectors.report_get(user=rworld.officer_a, pk=a.pk) == a
    with pytest.raises(NotFound):
        selectors.report_get(user=rworld.officer_a, pk=b.pk)
    with pytest.raises(NotFound):
        selectors.report_get(user=rworld.outsider, pk=a.pk)
    assert set(selectors.report_list(user=rworld.officer)) == {a, b}
    assert set(selectors.report_list(user=rworld.officer_b)) == {b}


def test_issued_on_cannot_be_in_the_future(rworld: RWorld) -> None:
    a, _b = _ask(rworld)
    a = _write(a, rworld.officer_a)
    with pytest.raises(ValidationFailed):
        services.report_submit(
            actor=rworld.officer_a,
            report=a,
            expected_version=a.version,
            issued_on=timezone.localdate() + dt.timedelta(days=1),
        )
    a.refresh_from_db()
    assert (a.status, a.number) == (Status.DRAFT, "")


def test_trends_count_each_month_as_the_figures_do(rworld: RWorld) -> None:
    from danvan.reports.indicators import series_compute

    days = [D(2025, 12, 15), D(2026, 1, 14), D(2026, 1, 15), D(2026, 3, 2), D(2026, 6, 14)]
    for day in days:
        register(rworld.officer_a, on=day)
    register(rworld.officer_b, on=D(2026, 6, 15), area="19002")  # after the window
    report = services.report_create(
        actor=rworld.officer, organization=rworld.ubnd, kind="six-month", period_code="2026-H1"
    )
    trend = services.live_values(report)["trends"][0]
    # Report months, cut on the 15th like the window: 15/12–14/01 is month 1, … 15/05–14/06.
    assert trend["labels"] == ["01/2026", "02/2026", "03/2026", "04/2026", "05/2026", "06/2026"]
    received = next(v for k, v in trend["series"].items() if k.startswith("Số đơn tiếp nhận"))
    expected = [0.0] * 6
    for day in days:
        month = day.month + (1 if day.day >= 15 else 0)
        expected[(month - 1) % 12] += 1
    assert received == expected
    windows = services._sub_windows(Window(report.window_start, report.window_end), "six-month")
    coverage = coverage_for(rworld.ubnd)
    one_pass = series_compute(coverage, [w for _l, w in windows], ["petitions.received"])
    by_window = [figures_compute(coverage, w)["petitions.received"] for _l, w in windows]
    assert one_pass["petitions.received"] == by_window
