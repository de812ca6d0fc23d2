"""`escape_html` writes what Django's `conditional_escape` writes, for any value."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import strategies as st

from danvan.core.escape import escape_html


@given(st.text())
def test_any_text_is_escaped_as_django_escapes_it(text: str) -> None:
    assert escape_html(text) == str(conditional_escape(text))
    assert escape_html(mark_safe(text)) == text  # a safe string stays as it is


class Html:
    def __html__(self) -> str:
        return "<b>đã an toàn</b>"


def test_other_values_as_django_writes_them() -> None:
    values: list[Any] = [
        gettext_lazy("chưa giao"),
        mark_safe("<i>x</i>"),
        SafeString("a & b"),
        Html(),
        42,
        None,
        dt.date(2026, 11, 25),
        "\"Hồ sơ\" <đơn> & 'trích'",
    ]
    for value in values:
        assert escape_html(value) == str(conditional_escape(value)), value
    assert escape_html('<a href="x">') == "&lt;a href=&quot;x&quot;&gt;"
