"""The law as data: the file is complete and cited; the thresholds are computed exactly
(fractions, no rounding), at their boundaries."""

from __future__ import annotations

import pytest

from danvan.democracy import legal


def test_every_group_channel_and_matter_has_a_citation_and_a_verified_flag() -> None:
    rows = [*legal.disclosure_groups(), *legal.channels(), *legal.matters()]
    assert rows
    for row in rows:
        assert row["citation"].strip(), row
        assert isinstance(row["verified"], bool), row
    codes = [g["code"] for g in legal.disclosure_groups()]
    assert len(codes) == len(set(codes))


def test_every_matter_names_a_threshold_of_the_data() -> None:
    keys = set(legal.data()["thresholds"])
    assert {m["threshold"] for m in legal.matters()} <= keys
    assert {"quorum", "contribution", "majority"} <= keys


@pytest.mark.parametrize(
    ("matter", "total", "agreeing", "passes"),
    [
        # 2/3 of 120 is exactly 80: "at least" includes it.
        ("dong_gop_cong_trinh", 120, 80, True),
        ("dong_gop_cong_trinh", 120, 79, False),
        # 2/3 of 100 is 66.67: 67 is the first count that reaches it.
        ("quy_cong_dong", 100, 67, True),
        ("quy_cong_dong", 100, 66, False),
        # "More than half": exactly half does not pass.
        ("huong_uoc", 100, 51, True),
        ("huong_uoc", 100, 50, False),
        ("truong_thon", 85, 43, True),
        ("truong_thon", 85, 42, False),
    ],
)
def test_approval_threshold_at_its_boundary(
    matter: str, total: int, agreeing: int, passes: bool
) -> None:
    result = legal.tally(
        matter_code=matter, total=total, participating=total, agreeing=agreeing, against=0
    )
    assert result.approved is passes
    assert result.passed is passes


def test_quorum_is_more_than_half_of_households_and_a_failed_quorum_fails_the_decision() -> None:
    ok = legal.tally(matter_code="huong_uoc", total=160, participating=81, agreeing=81, against=0)
    short = legal.tally(
        matter_code="huong_uoc", total=160, participating=80, agreeing=80, against=0
    )
    assert ok.quorum_met and ok.passed
    assert not short.quorum_met and not short.passed
    assert short.quorum_minimum == 81


def test_minimums_and_ratio_text() -> None:
    t = legal.tally(
        matter_code="dong_gop_cong_trinh", total=96, participating=70, agreeing=58, against=10
    )
    assert t.approval_minimum == 64  # 64/96 = 2/3 exactly
    assert t.approval.text == "≥ 2/3"
    assert t.quorum.text == "> 1/2"
    assert not t.approved
    assert t.agreement_ratio == pytest.approx(58 / 96)
