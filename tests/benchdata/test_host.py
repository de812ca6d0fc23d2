"""The host's speed figure written beside benchmark and load-test figures."""

from __future__ import annotations

import pytest

from danvan.benchdata import host


def test_the_fixed_work_is_the_same_work_every_time() -> None:
    # The sum of i*i % 7 over the range plus the 1,000 distinct keys: the work does not depend
    # on anything but its size, so two hosts time the same thing.
    expected = sum(i * i % 7 for i in range(5000)) + 1000
    assert host._work(5000) == expected
    assert host._work(5000) == expected


def test_the_speed_is_a_positive_number_of_milliseconds() -> None:
    speed = host.python_speed_ms(rounds=3, size=20_000)
    assert isinstance(speed, float)
    assert speed >= 0.0


@pytest.mark.parametrize(("rounds", "size"), [(0, 10), (1, 0), (-1, 5)])
def test_a_meaningless_measure_is_refused(rounds: int, size: int) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        host.python_speed_ms(rounds=rounds, size=size)
