"""The shared free-text checks: trimmed, collapsed unless multi-line, within a length,
required when a message is given, and a reason of at least 3 characters."""

from __future__ import annotations

import pytest

from danvan.core.errors import ValidationFailed
from danvan.core.services.inputs import clean_reason, clean_text


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
