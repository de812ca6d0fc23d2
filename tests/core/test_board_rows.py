"""The board's line written in Python (danvan/core/board_rows.py) is exactly what its template
file, core/_board_row.html, renders."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.template import Context, engines
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given, settings
from hypothesis import strategies as st

from danvan.core.models import Obligation, Organization, User
from danvan.core.selectors.obligations import BoardRow
from danvan.core.template_python import PythonTemplate

short = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
    st.sampled_from(["", "Hồ sơ 12/2026", "<b>&amp;", 'a"b', "Xử lý đơn"]),
)
days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31))


@st.composite
def rows(draw: Any) -> BoardRow:
    o = Obligation(
        title=draw(short),
        target_label=draw(short),
        rule_id=draw(short),
        due=draw(st.one_of(st.none(), days)),
        status=draw(st.sampled_from(["open", "paused"])),
    )
    organization = draw(st.one_of(st.none(), short.map(lambda n: Organization(name=n))))
    if organization is not None:  # else left unset: reading it raises, as for a missing one
        o.organization = organization
    o.assignee = draw(
        st.one_of(
            st.none(),
            st.builds(lambda f, u: User(full_name=f, username=u or "u"), short, short),
        )
    )
    return BoardRow(
        obligation=o,
        rag=draw(st.one_of(st.sampled_from(["red", "amber", "green", "paused", ""]), short)),
        rag_label=draw(st.one_of(short, st.just(gettext_lazy("Quá hạn")))),
        days_left=None,
        days_text=draw(st.one_of(short, short.map(mark_safe))),
        kind_label=draw(st.one_of(short, st.just(gettext_lazy("Giải quyết đơn")))),
        target_url=draw(st.sampled_from(["", "/don-thu/12/", "/x?a=1&b=<2>"])),
    )


def _template() -> PythonTemplate:
    template = engines["django"].engine.get_template("core/_board_row.html")
    assert isinstance(template, PythonTemplate)
    return template


@settings(max_examples=200, deadline=None)
@given(row=rows(), autoescape=st.booleans(), language=st.sampled_from(["vi", "en"]))
def test_the_board_line_is_what_the_file_renders(
    row: BoardRow, autoescape: bool, language: str
) -> None:
    template = _template()
    with translation.override(language):
        expected = template.fallback.render(Context({"row": row}, autoescape=autoescape))
        written = template.render(Context({"row": row}, autoescape=autoescape))
    assert written == expected


def test_anything_but_a_board_row_renders_the_file() -> None:
    template = _template()
    for data in ({}, {"row": {"rag": "red"}}, {"row": "x"}):
        assert template.function(Context(data)) is None
        assert template.render(Context(data)) == template.fallback.render(Context(data))
