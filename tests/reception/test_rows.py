"""The reception register's row written in Python (danvan/reception/rows.py) is exactly what its
template file, reception/_entry_row.html, renders."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.template import Context, engines
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from hypothesis import given, settings
from hypothesis import strategies as st

from danvan.core.template_python import PythonTemplate
from danvan.petitions.models import Petition
from danvan.reception.models import ReceptionEntry
from danvan.reception.services import entry_register
from danvan.reception.states import Outcome
from tests.petitions.conftest import World
from tests.reception.conftest import entry_input

texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=160)
short = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
    st.sampled_from(["Nguyễn Thị Hoà", "<b>&amp;", 'a"b', "12/TCD-2026", "e\u0301" * 80]),
)
days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31))


@st.composite
def entries(draw: Any) -> ReceptionEntry:
    e = ReceptionEntry(
        pk=draw(st.integers(1, 10**9)),
        number=draw(short),
        received_on=draw(days),
        protected=draw(st.booleans()),
        pseudonym=draw(st.one_of(st.just(""), short)),
        visitor_name=draw(short),
        visitor_count=draw(st.integers(1, 2000)),
        content=draw(texts),
        outcome=draw(st.sampled_from([*Outcome.values, "khác"])),
        reply_due=draw(st.one_of(st.none(), days)),
        replied_on=draw(st.one_of(st.none(), days)),
    )
    petition = draw(st.sampled_from(["none", "linked", "missing"]))
    if petition == "linked":
        e.petition = Petition(pk=draw(st.integers(1, 10**9)), case_number=draw(short))
    elif petition == "missing":  # the key without its row: reading it raises, as in the file
        e.petition_id = draw(st.integers(1, 10**9))
    return e


def _template() -> PythonTemplate:
    template = engines["django"].engine.get_template("reception/_entry_row.html")
    assert isinstance(template, PythonTemplate)
    return template


@settings(max_examples=200, deadline=None)
@given(
    entry=entries(),
    rag=st.one_of(st.sampled_from(["red", "amber", "green", ""]), short),
    days_text=st.one_of(short, short.map(mark_safe)),
    autoescape=st.booleans(),
    language=st.sampled_from(["vi", "en"]),
)
def test_the_row_is_what_the_file_renders(
    entry: ReceptionEntry, rag: str, days_text: str, autoescape: bool, language: str
) -> None:
    template = _template()
    if rag and entry.reply_due is None:
        entry.reply_due = dt.date(2026, 12, 1)  # a colour is only given for a due date
    data = {"row": {"entry": entry, "rag": rag, "days_text": days_text}}
    with translation.override(language):
        expected = template.fallback.render(Context(data, autoescape=autoescape))
        written = template.render(Context(data, autoescape=autoescape))
    assert written == expected


def test_a_row_without_its_keys_or_an_entry_renders_the_file() -> None:
    template = _template()
    entry = ReceptionEntry(pk=7, number="7", received_on=dt.date(2026, 3, 2), content="x")
    missing_keys = {"row": {"entry": entry}}
    assert template.render(Context(missing_keys)) == template.fallback.render(Context(missing_keys))
    for data in ({}, {"row": {"entry": "không phải lượt tiếp"}}, {"row": "x"}):
        assert template.function(Context(data)) is None
        with pytest.raises(NoReverseMatch):
            template.render(Context(data))


def test_the_register_page_is_the_same_with_the_file(
    client: Any, settings: Any, world: World
) -> None:
    entries = [
        entry_register(actor=world.officer_a, data=entry_input()),
        entry_register(
            actor=world.officer_a,
            data=entry_input(content="Đòi <bồi> & thường", visitor_count=7),
        ),
    ]
    client.force_login(world.officer_a)
    fast = client.get("/tiep-cong-dan/so/")
    plain = dict(settings.TEMPLATES[0])
    plain["OPTIONS"] = {**plain["OPTIONS"], "loaders": plain["OPTIONS"]["loaders"][0][2]}
    settings.TEMPLATES = [plain]
    assert not isinstance(
        engines["django"].engine.get_template("reception/_entry_row.html"), PythonTemplate
    )
    slow = client.get("/tiep-cong-dan/so/")
    assert fast.status_code == slow.status_code == 200
    strip = re.compile(r"\b[A-Za-z0-9]{64}\b")  # the CSRF token, masked afresh each page
    assert strip.sub("", fast.content.decode()) == strip.sub("", slow.content.decode())
    page = fast.content.decode()
    for entry in entries:
        assert f'href="{reverse("reception:entry_detail", kwargs={"pk": entry.pk})}"' in page
    assert "Đòi &lt;bồi&gt; &amp; thường" in page and "đoàn 7 người" in page
