"""The shared input checks: free text trimmed, collapsed unless multi-line, within a length,
required when a message is given; a reason of at least 3 characters; a day within a range."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from danvan.core.errors import ValidationFailed
from danvan.core.services.inputs import clean_day, clean_reason, clean_text


def test_text_is_trimmed_and_collapsed_unless_multiline() -> None:
    assert clean_text("  Họp   dân \n thôn 3 ", field="title", limit=50) == "Họp dân thôn 3"
    assert clean_text(" dòng 1\ndòng 2 ", field="c", limit=50, multiline=True) == "dòng 1\ndòng 2"
    assert clean_text(None, field="title", limit=5) == ""


def test_text_refuses_empty_when_required_and_too_long_on_its_field() -> None:
    with pytest.raises(ValidationFailed) as empty:
        clean_text("   ", field="title", limit=10, required="Nhập tên.")
    assert empty.value.fields == {"title": "Nhập tên."}
    with pytest.raises(ValidationFailed) as long:
        clean_text("x" * 11, field="title", limit=10)
    assert long.value.fields["title"] == "Dài quá 10 ký tự."


def test_reason_needs_three_characters() -> None:
    assert clean_reason(" Mưa bão ") == "Mưa bão"
    with pytest.raises(ValidationFailed) as short:
        clean_reason("ok", field="why")
    assert "why" in short.value.fields


# --- clean_day ---

EARLIEST = dt.date(2000, 1, 1)


def _day(value: object) -> dt.date:
    return clean_day(
        value, field="opens_on", label="ngày bắt đầu", earliest=EARLIEST, years_ahead=3
    )


def test_a_day_in_range_is_returned() -> None:
    today = timezone.localdate()
    assert _day(today) == today
    assert _day(EARLIEST) == EARLIEST
    latest = today.replace(year=today.year + 3)
    assert _day(latest) == latest


@pytest.mark.parametrize("value", [None, "2026-01-01", dt.datetime(2026, 1, 1, 8, 0), 20260101])
def test_what_is_not_a_date_asks_for_one(value: object) -> None:
    with pytest.raises(ValidationFailed) as caught:
        _day(value)
    assert caught.value.fields == {"opens_on": "Nhập ngày bắt đầu (ngày/tháng/năm)."}


def test_a_day_out_of_range_names_the_range() -> None:
    today = timezone.localdate()
    for value in (dt.date(1999, 12, 31), today.replace(year=today.year + 4)):
        with pytest.raises(ValidationFailed) as caught:
            _day(value)
        message = caught.value.fields["opens_on"]
        assert message.startswith("Ngày bắt đầu phải trong khoảng từ 01/01/2000 đến ")
        assert message.endswith(f"/{today.year + 3}.")
