"""The deadline engine with the shipped rules and day swaps: one worked example per rule.

Expected dates are worked out by hand from the 2025–2026 calendars (holidays package +
danvan/data/calendar/overrides.csv), not copied from the engine's output.
"""

from __future__ import annotations

import datetime as dt

import pytest

from danvan.core.deadlines import (
    DayKind,
    DeadlineEngine,
    Override,
    RuleVersion,
    StepKind,
    WorkCalendar,
    load_overrides_file,
    load_rules_file,
    overlap_error,
    parse_iso_date,
    reference_engine,
    rule_errors,
    weekends_only,
)
from danvan.core.errors import NotFound, ValidationFailed

D = dt.date

RULE_IDS_OF_RULES_MD = {
    "reception.reply",
    "petition.triage",
    "complaint.accept",
    "complaint.first.resolve",
    "complaint.second.resolve",
    "complaint.first.send_decision",
    "complaint.second.send_decision",
    "complaint.filing_limit",
    "complaint.second.filing_limit",
    "complaint.dialogue_notice",
    "denunciation.initial",
    "denunciation.transfer",
    "denunciation.accept_notice",
    "denunciation.resolve",
    "denunciation.conclusion_send",
    "reception.schedule_publish",
    "disclosure.publish",
    "community_decision.report",
}
# Rules danvan adds beyond the brief, each shown as unverified until an administrator confirms it.
RULE_IDS_ADDED = {"petition.report_back", "proposal.resolve"}


@pytest.fixture(scope="module")
def engine() -> DeadlineEngine:
    return reference_engine()


# --- Shipped data ----------------------------------------------------------------------------


def test_shipped_rules_cover_every_rule_of_the_domain_brief_exactly_once_per_version() -> None:
    rules = load_rules_file()
    assert {r.rule_id for r in rules} == RULE_IDS_OF_RULES_MD | RULE_IDS_ADDED
    assert (
        len(rules) == len(RULE_IDS_OF_RULES_MD | RULE_IDS_ADDED) + 1
    )  # complaint.accept has two versions
    assert overlap_error(rules) == ""


def test_only_the_brief_s_unverified_rule_and_danvan_s_additions_are_unverified() -> None:
    unverified = {r.rule_id for r in load_rules_file() if not r.verified}
    assert unverified == {"petition.triage"} | RULE_IDS_ADDED


def test_complaint_accept_switches_from_ten_to_seven_working_days_on_1_july_2026() -> None:
    versions = sorted(
        (r for r in load_rules_file() if r.rule_id == "complaint.accept"),
        key=lambda r: r.valid_from,
    )
    assert [(v.length, v.unit, v.valid_to) for v in versions] == [
        (10, "working_days", D(2026, 7, 1)),
        (7, "working_days", None),
    ]
    assert versions[1].valid_from == D(2026, 7, 1)


def test_shipped_overrides_are_swapped_pairs_of_2025_and_2026_with_a_source() -> None:
    overrides = load_overrides_file()
    by_day = {o.day: o.kind for o in overrides}
    assert by_day == {
        D(2025, 4, 26): "work",
        D(2025, 5, 2): "off",
        D(2026, 1, 2): "off",
        D(2026, 1, 10): "work",
        D(2026, 8, 22): "work",
        D(2026, 8, 31): "off",
    }
    assert all(o.source and o.reason for o in overrides)
    # A make-up day is a Saturday, a swapped day off a weekday.
    assert all((o.day.weekday() == 5) == (o.kind == "work") for o in overrides)


# --- The calendar ----------------------------------------------------------------------------


def test_tet_2026_days_are_holidays_with_their_vietnamese_names() -> None:
    calendar = WorkCalendar()
    tet = [calendar.info(D(2026, 2, day)) for day in range(16, 21)]
    assert all(not info.working and info.kind == DayKind.HOLIDAY for info in tet)
    assert tet[1].name == "Tết Nguyên Đán"
    assert calendar.is_working_day(D(2026, 2, 23))


def test_vietnam_cultural_day_is_a_holiday_from_2026_only() -> None:
    calendar = WorkCalendar()
    assert not calendar.is_working_day(D(2026, 11, 24))
    assert "Văn hóa" in calendar.info(D(2026, 11, 24)).name
    assert calendar.is_working_day(D(2025, 11, 24))  # a Monday, before the holiday existed


def test_substitute_day_off_when_gio_to_falls_on_sunday_2026() -> None:
    calendar = WorkCalendar()
    assert calendar.info(D(2026, 4, 26)).kind == DayKind.HOLIDAY  # Sunday
    assert not calendar.is_working_day(D(2026, 4, 27))  # Monday, nghỉ bù


def test_override_table_wins_over_the_holidays_package() -> None:
    calendar = WorkCalendar(
        [
            Override(D(2026, 3, 10), "off", "Nghỉ thử", "Văn bản thử"),
            Override(D(2026, 11, 24), "work", "Làm việc thử", "Văn bản thử"),
        ]
    )
    assert not calendar.is_working_day(D(2026, 3, 10))
    assert calendar.info(D(2026, 3, 10)).kind == DayKind.OVERRIDE_OFF
    assert calendar.is_working_day(D(2026, 11, 24))
    assert calendar.info(D(2026, 11, 24)).reason() == "Làm việc thử (căn cứ: Văn bản thử)"


def test_shipped_swap_makes_saturday_a_working_day_and_friday_a_day_off() -> None:
    calendar = WorkCalendar(load_overrides_file())
    assert calendar.is_working_day(D(2026, 1, 10))
    assert not calendar.is_working_day(D(2026, 1, 2))
    assert calendar.info(D(2026, 1, 2)).kind == DayKind.OVERRIDE_OFF


def test_year_outside_the_supported_range_is_refused() -> None:
    with pytest.raises(ValidationFailed, match="2100"):
        WorkCalendar().is_working_day(D(2101, 1, 3))


def test_special_days_of_2026_list_holidays_and_swaps_in_date_order() -> None:
    days = WorkCalendar(load_overrides_file()).special_days(2026)
    assert [d.day for d in days] == sorted(d.day for d in days)
    kinds = {d.day: d.kind for d in days}
    assert kinds[D(2026, 1, 1)] == DayKind.HOLIDAY
    assert kinds[D(2026, 8, 22)] == DayKind.OVERRIDE_WORK
    assert kinds[D(2026, 8, 31)] == DayKind.OVERRIDE_OFF


def test_working_days_of_a_plain_year_without_holidays_are_its_weekdays() -> None:
    assert WorkCalendar(public_days=weekends_only).working_days_in_year(2026) == 261


# --- One example per rule --------------------------------------------------------------------


def test_reception_reply_skips_the_nine_days_of_tet_2026(engine: DeadlineEngine) -> None:
    result = engine.compute(rule_id="reception.reply", start=D(2026, 2, 13))
    assert result.due == D(2026, 3, 6)
    skipped = [step.day for step in result.skipped]
    assert skipped[:9] == [D(2026, 2, d) for d in range(14, 23)]
    assert "Tết Nguyên Đán" in " ".join(result.explanation)


def test_petition_triage_skips_gio_to_and_30_4_and_shows_unverified_source(
    engine: DeadlineEngine,
) -> None:
    result = engine.compute(rule_id="petition.triage", start=D(2026, 4, 20))
    assert result.due == D(2026, 5, 7)
    assert result.rule.verified is False
    assert "chưa được kiểm chứng" in result.explanation[0]


def test_complaint_accept_received_on_30_june_2026_gets_ten_working_days(
    engine: DeadlineEngine,
) -> None:
    result = engine.compute(rule_id="complaint.accept", start=D(2026, 6, 30))
    assert (result.length, result.due) == (10, D(2026, 7, 14))
    assert result.rule.valid_from == D(2012, 7, 1)


def test_complaint_accept_received_on_1_july_2026_gets_seven_working_days(
    engine: DeadlineEngine,
) -> None:
    result = engine.compute(rule_id="complaint.accept", start=D(2026, 7, 1))
    assert (result.length, result.due) == (7, D(2026, 7, 10))
    assert result.rule.valid_from == D(2026, 7, 1)
    assert "155/2026" in result.rule.citation


def test_calendar_day_deadline_landing_on_sunday_moves_to_monday(engine: DeadlineEngine) -> None:
    result = engine.compute(rule_id="complaint.first.resolve", start=D(2026, 3, 6))
    assert result.last_counted_day == D(2026, 4, 5)  # a Sunday
    assert result.due == D(2026, 4, 6)
    moved = [step for step in result.steps if step.kind == StepKind.MOVED]
    assert len(moved) == 1 and "tiếp theo" in moved[0].text


@pytest.mark.parametrize(
    ("flags", "length", "due"),
    [
        ({"complex": True}, 45, D(2026, 4, 20)),
        ({"remote": True}, 45, D(2026, 4, 20)),
        ({"remote": True, "complex": True}, 60, D(2026, 5, 5)),
    ],
)
def test_complaint_first_resolve_variants(
    engine: DeadlineEngine, flags: dict[str, bool], length: int, due: dt.date
) -> None:
    result = engine.compute(rule_id="complaint.first.resolve", start=D(2026, 3, 6), **flags)
    assert (result.length, result.base_length, result.due) == (length, 30, due)


def test_complaint_second_resolve_ending_on_sunday_before_tet_moves_past_tet(
    engine: DeadlineEngine,
) -> None:
    result = engine.compute(rule_id="complaint.second.resolve", start=D(2026, 1, 1))
    assert result.last_counted_day == D(2026, 2, 15)
    assert result.due == D(2026, 2, 23)


@pytest.mark.parametrize(
    ("flags", "due"),
    [
        ({"complex": True}, D(2026, 3, 2)),
        ({"remote": True}, D(2026, 3, 2)),
        ({"remote": True, "complex": True}, D(2026, 3, 12)),
    ],
)
def test_complaint_second_resolve_variants(
    engine: DeadlineEngine, flags: dict[str, bool], due: dt.date
) -> None:
    assert (
        engine.compute(rule_id="complaint.second.resolve", start=D(2026, 1, 1), **flags).due == due
    )


def test_complaint_first_send_decision_skips_the_gio_to_substitute_monday(
    engine: DeadlineEngine,
) -> None:
    result = engine.compute(rule_id="complaint.first.send_decision", start=D(2026, 4, 23))
    assert result.due == D(2026, 4, 29)
    assert D(2026, 4, 27) in [step.day for step in result.skipped]


def test_complaint_second_send_decision_ending_on_national_day_moves_after_it(
    engine: DeadlineEngine,
) -> None:
    result = engine.compute(rule_id="complaint.second.send_decision", start=D(2026, 8, 25))
    assert result.last_counted_day == D(2026, 9, 1)
    assert result.due == D(2026, 9, 3)


def test_complaint_filing_limit_is_ninety_calendar_days(engine: DeadlineEngine) -> None:
    result = engine.compute(rule_id="complaint.filing_limit", start=D(2026, 1, 5))
    assert (result.last_counted_day, result.due) == (D(2026, 4, 5), D(2026, 4, 6))


def test_complaint_second_filing_limit_and_its_remote_variant(engine: DeadlineEngine) -> None:
    plain = engine.compute(rule_id="complaint.second.filing_limit", start=D(2026, 10, 1))
    remote = engine.compute(
        rule_id="complaint.second.filing_limit", start=D(2026, 10, 1), remote=True
    )
    assert plain.due == D(2026, 11, 2)  # 31/10 is a Saturday
    assert remote.due == D(2026, 11, 16)  # 15/11 is a Sunday
    assert remote.variant == "remote"


def test_dialogue_notice_counts_back_and_moves_earlier_past_the_national_day_swap(
    engine: DeadlineEngine,
) -> None:
    result = engine.compute(rule_id="complaint.dialogue_notice", start=D(2026, 9, 7))
    assert result.last_counted_day == D(2026, 9, 2)
    # 2/9 and 1/9 are holidays, 31/8 is the swapped day off, 29–30/8 the weekend.
    assert result.due == D(2026, 8, 28)
    assert "liền trước" in next(s for s in result.steps if s.kind == StepKind.MOVED).text


def test_dialogue_notice_on_an_ordinary_week(engine: DeadlineEngine) -> None:
    result = engine.compute(rule_id="complaint.dialogue_notice", start=D(2026, 10, 16))
    assert result.due == D(2026, 10, 9)  # 11/10 is a Sunday: back to Friday 9/10


def test_denunciation_initial_counts_the_make_up_saturday(engine: DeadlineEngine) -> None:
    result = engine.compute(rule_id="denunciation.initial", start=D(2026, 8, 20))
    assert result.due == D(2026, 8, 28)
    assert D(2026, 8, 22) in [s.day for s in result.steps if s.kind == StepKind.MAKEUP]


def test_denunciation_initial_extended_to_ten_working_days(engine: DeadlineEngine) -> None:
    result = engine.compute(rule_id="denunciation.initial", start=D(2026, 8, 20), extended=True)
    assert (result.length, result.due) == (10, D(2026, 9, 7))


def test_denunciation_transfer_counts_the_new_year_make_up_saturday(
    engine: DeadlineEngine,
) -> None:
    assert engine.compute(rule_id="denunciation.transfer", start=D(2026, 1, 6)).due == D(
        2026, 1, 12
    )
    # Received on 31/12/2025: 1/1 holiday, 2/1 swapped day off, then the weekend.
    assert engine.compute(rule_id="denunciation.transfer", start=D(2025, 12, 31)).due == D(
        2026, 1, 9
    )


def test_denunciation_accept_notice_skips_vietnam_cultural_day(engine: DeadlineEngine) -> None:
    result = engine.compute(rule_id="denunciation.accept_notice", start=D(2026, 11, 20))
    assert result.due == D(2026, 11, 30)
    assert D(2026, 11, 24) in [s.day for s in result.skipped]


@pytest.mark.parametrize(
    ("flags", "length", "due"),
    [
        ({}, 30, D(2026, 7, 31)),
        ({"complex": True}, 60, D(2026, 9, 3)),
        ({"especially_complex": True}, 90, D(2026, 9, 29)),
    ],
)
def test_denunciation_resolve_with_its_extensions(
    engine: DeadlineEngine, flags: dict[str, bool], length: int, due: dt.date
) -> None:
    result = engine.compute(rule_id="denunciation.resolve", start=D(2026, 7, 1), **flags)
    assert (result.length, result.due) == (length, due)


def test_denunciation_conclusion_send_around_the_2025_swap(engine: DeadlineEngine) -> None:
    result = engine.compute(rule_id="denunciation.conclusion_send", start=D(2025, 4, 25))
    assert result.due == D(2025, 5, 6)
    assert [s.day for s in result.steps if s.kind == StepKind.MAKEUP] == [D(2025, 4, 26)]
    assert D(2025, 5, 2) in [s.day for s in result.skipped]


def test_reception_schedule_publish_counts_working_days_backwards_over_tet(
    engine: DeadlineEngine,
) -> None:
    result = engine.compute(rule_id="reception.schedule_publish", start=D(2026, 2, 24))
    assert result.due == D(2026, 2, 10)
    assert result.direction == "backward"
    assert "Chậm nhất" in result.explanation[-1]


def test_reception_schedule_publish_on_an_ordinary_week(engine: DeadlineEngine) -> None:
    assert engine.compute(rule_id="reception.schedule_publish", start=D(2026, 6, 15)).due == D(
        2026, 6, 8
    )


def test_disclosure_publish_skips_gio_to_and_the_30_4_holidays(engine: DeadlineEngine) -> None:
    assert engine.compute(rule_id="disclosure.publish", start=D(2026, 4, 24)).due == D(2026, 5, 6)


def test_community_decision_report_skips_the_national_day_break(engine: DeadlineEngine) -> None:
    assert engine.compute(rule_id="community_decision.report", start=D(2026, 8, 28)).due == D(
        2026, 9, 9
    )


# --- Suspensions -----------------------------------------------------------------------------


def test_suspended_calendar_days_are_not_counted(engine: DeadlineEngine) -> None:
    result = engine.compute(
        rule_id="complaint.first.resolve",
        start=D(2026, 1, 1),
        suspensions=[(D(2026, 1, 5), D(2026, 1, 20))],
    )
    # Counted: 2–4/1 (3 days), then from 21/1: day 30 is 16/2, in Tết -> 23/2.
    assert result.suspended_days == 16
    assert result.last_counted_day == D(2026, 2, 16)
    assert result.due == D(2026, 2, 23)


def test_suspended_working_days_are_not_counted(engine: DeadlineEngine) -> None:
    plain = engine.compute(rule_id="reception.reply", start=D(2026, 3, 2))
    suspended = engine.compute(
        rule_id="reception.reply",
        start=D(2026, 3, 2),
        suspensions=[(D(2026, 3, 4), D(2026, 3, 6))],
    )
    assert plain.due == D(2026, 3, 16)
    assert (suspended.suspended_days, suspended.due) == (3, D(2026, 3, 19))
    assert any(s.kind == StepKind.SUSPENSION for s in suspended.steps)


def test_suspension_after_the_last_day_changes_nothing(engine: DeadlineEngine) -> None:
    result = engine.compute(
        rule_id="reception.reply",
        start=D(2026, 3, 2),
        suspensions=[(D(2026, 4, 1), D(2026, 4, 10))],
    )
    assert (result.due, result.suspended_days) == (D(2026, 3, 16), 0)
    assert any("không làm thay đổi hạn" in line for line in result.explanation)


@pytest.mark.parametrize(
    "spans",
    [
        [(D(2026, 3, 10), D(2026, 3, 5))],  # resumes before it was suspended
        [(D(2026, 2, 20), D(2026, 3, 5))],  # suspended before the start
        [(D(2026, 3, 3), D(2026, 3, 10)), (D(2026, 3, 8), D(2026, 3, 12))],  # overlapping
    ],
)
def test_bad_suspensions_are_refused(
    engine: DeadlineEngine, spans: list[tuple[dt.date, dt.date]]
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        engine.compute(rule_id="reception.reply", start=D(2026, 3, 2), suspensions=spans)
    assert "suspensions" in caught.value.fields


def test_backward_rule_refuses_suspensions(engine: DeadlineEngine) -> None:
    with pytest.raises(ValidationFailed, match="tính lùi"):
        engine.compute(
            rule_id="reception.schedule_publish",
            start=D(2026, 6, 15),
            suspensions=[(D(2026, 6, 1), D(2026, 6, 2))],
        )


# --- Errors ----------------------------------------------------------------------------------


def test_unknown_rule_is_not_found_and_lists_the_known_ids(engine: DeadlineEngine) -> None:
    with pytest.raises(NotFound) as caught:
        engine.compute(rule_id="complaint.nope", start=D(2026, 3, 2))
    assert "complaint.nope" in caught.value.message
    assert "complaint.accept" in caught.value.message


def test_empty_engine_tells_to_load_the_reference_data() -> None:
    with pytest.raises(NotFound, match="danvan install"):
        DeadlineEngine([], WorkCalendar()).compute(rule_id="reception.reply", start=D(2026, 1, 5))


def test_start_before_the_first_version_is_refused(engine: DeadlineEngine) -> None:
    with pytest.raises(ValidationFailed) as caught:
        engine.compute(rule_id="denunciation.resolve", start=D(2018, 12, 31))
    assert "01/01/2019" in caught.value.message
    assert "start" in caught.value.fields


def test_dialogue_notice_before_its_first_version_is_refused(engine: DeadlineEngine) -> None:
    with pytest.raises(ValidationFailed, match="01/07/2026"):
        engine.compute(rule_id="complaint.dialogue_notice", start=D(2026, 6, 30))


@pytest.mark.parametrize(
    ("rule_id", "flags"),
    [
        ("complaint.accept", {"complex": True}),
        ("denunciation.resolve", {"remote": True}),
        ("complaint.first.resolve", {"especially_complex": True}),
        ("complaint.second.filing_limit", {"complex": True}),
        ("denunciation.initial", {"remote": True, "extended": True}),
        ("reception.schedule_publish", {"extended": True}),
    ],
)
def test_variant_the_rule_does_not_have_is_refused(
    engine: DeadlineEngine, rule_id: str, flags: dict[str, bool]
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        engine.compute(rule_id=rule_id, start=D(2026, 7, 6), **flags)
    assert "variant" in caught.value.fields
    assert "không có biến thể" in caught.value.message


def test_complex_and_especially_complex_together_are_refused(engine: DeadlineEngine) -> None:
    with pytest.raises(ValidationFailed, match="một trong hai"):
        engine.compute(
            rule_id="denunciation.resolve",
            start=D(2026, 7, 1),
            complex=True,
            especially_complex=True,
        )


@pytest.mark.parametrize("text", ["2026-13-01", "10/02/2026", "20260210", "", "2026-2-1"])
def test_bad_dates_are_refused_with_a_vietnamese_message(text: str) -> None:
    with pytest.raises(ValidationFailed, match="NĂM-THÁNG-NGÀY"):
        parse_iso_date(text)


def test_rule_validation_names_every_bad_field() -> None:
    rule = RuleVersion(
        rule_id="Bad Id",
        title="",
        starts_from="x",
        length=0,
        unit="weeks",
        direction="sideways",
        variants={"complex": 1, "unknown": 5},
        citation="",
        verified=True,
        valid_from=D(2026, 1, 1),
        valid_to=D(2025, 1, 1),
    )
    assert set(rule_errors(rule)) == {
        "rule_id",
        "title",
        "citation",
        "length",
        "unit",
        "direction",
        "variants",
        "valid_to",
    }


def test_overlapping_versions_are_detected() -> None:
    base = load_rules_file()[0]
    later = RuleVersion(**{**base.__dict__, "valid_from": D(2020, 1, 1), "pk": None})
    assert "chồng lên nhau" in overlap_error([base, later])


@pytest.mark.parametrize(
    ("rule_id", "start"),
    [
        ("complaint.first.resolve", D(9999, 12, 31)),
        ("complaint.first.resolve", D(2100, 12, 31)),  # counting runs into 2101
        ("reception.reply", D(2100, 12, 31)),
        ("reception.schedule_publish", D(9999, 12, 31)),
    ],
)
def test_dates_beyond_the_supported_years_are_refused_not_crashing(
    engine: DeadlineEngine, rule_id: str, start: dt.date
) -> None:
    with pytest.raises(ValidationFailed, match="2100"):
        engine.compute(rule_id=rule_id, start=start)


def test_backward_rule_at_the_end_of_the_supported_years_still_works(
    engine: DeadlineEngine,
) -> None:
    assert (
        engine.compute(rule_id="reception.schedule_publish", start=D(2100, 12, 31)).due.year == 2100
    )


def test_suspension_ending_beyond_the_supported_years_is_refused(engine: DeadlineEngine) -> None:
    with pytest.raises(ValidationFailed) as caught:
        engine.compute(
            rule_id="complaint.first.resolve",
            start=D(2026, 3, 2),
            suspensions=[(D(2026, 3, 5), D(9999, 12, 31))],
        )
    assert "suspensions" in caught.value.fields
