"""The register's row written in Python (danvan/petitions/rows.py) is exactly what its template
file, petitions/_list_row.html, renders."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.template import Context, engines
from django.urls import NoReverseMatch
from django.utils import translation
from django.utils.safestring import mark_safe
from hypothesis import given, settings
from hypothesis import strategies as st

from danvan.core.models import AdminUnit, User
from danvan.core.template_python import PythonTemplate
from danvan.petitions.models import Petition
from danvan.petitions.states import Kind, Status

texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=160)
short = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
    st.sampled_from(["Nguyễn Thị Hoà", "<b>&amp;", 'a"b', "Xã A Lưới 3", "e\u0301" * 80]),
)
days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31))


@st.composite
def petitions(draw: Any) -> Petition:
    p = Petition(
        pk=draw(st.integers(1, 10**9)),
        case_number=draw(short),
        kind=draw(st.sampled_from(Kind.values)),
        status=draw(st.sampled_from([*Status.values, "khác"])),
        received_on=draw(days),
        next_deadline=draw(st.one_of(st.none(), days)),
        summary=draw(st.one_of(st.just(""), texts)),
        content=draw(texts),
        duplicate_of_id=draw(st.one_of(st.none(), st.integers(1, 99))),
        inbox_pending=draw(st.booleans()),
    )
    area = draw(st.one_of(st.none(), short.map(lambda name: AdminUnit(name=name))))
    if area is not None:  # else left unset: reading it raises, as for a row without its unit
        p.area = area
    p.assignee = draw(
        st.one_of(
            st.none(),
            st.builds(lambda f, u: User(full_name=f, username=u or "u"), short, short),
        )
    )
    return p


def _template() -> PythonTemplate:
    template = engines["django"].engine.get_template("petitions/_list_row.html")
    assert isinstance(template, PythonTemplate)
    return template


@settings(max_examples=200, deadline=None)
@given(
    petition=petitions(),
    rag=st.one_of(st.sampled_from(["red", "amber", "green", ""]), short),
    days_text=st.one_of(short, short.map(mark_safe)),
    bulk=st.booleans(),
    autoescape=st.booleans(),
    language=st.sampled_from(["vi", "en"]),
)
def test_the_row_is_what_the_file_renders(
    petition: Petition, rag: str, days_text: str, bulk: bool, autoescape: bool, language: str
) -> None:
    template = _template()
    data = {
        "row": {"petition": petition, "rag": rag, "days_text": days_text},
        "can_bulk_assign": bulk,
    }
    with translation.override(language):
        expected = template.fallback.render(Context(data, autoescape=autoescape))
        written = template.render(Context(data, autoescape=autoescape))
    assert written == expected


def test_a_row_without_its_keys_or_a_petition_renders_the_file() -> None:
    template = _template()
    petition = Petition(pk=7, case_number="7/2026", kind=Kind.COMPLAINT, status=Status.RECEIVED)
    petition.received_on = dt.date(2026, 3, 2)
    missing_keys = {"row": {"petition": petition}}
    assert template.render(Context(missing_keys)) == template.fallback.render(Context(missing_keys))
    # Not a row: the file renders (and fails as it would, its address needing a case number).
    for data in ({}, {"row": {"petition": "không phải đơn"}}, {"row": "x"}):
        assert template.function(Context(data)) is None
        with pytest.raises(NoReverseMatch):
            template.render(Context(data))
