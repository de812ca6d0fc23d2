"""The task list's line written in Python (danvan/core/task_rows.py) is exactly what its
template file, core/tasks/_row.html, renders."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.template import Context, engines
from django.urls import NoReverseMatch
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given, settings
from hypothesis import strategies as st

from danvan.core.models import Organization, Task, TaskStatus, User
from danvan.core.selectors.tasks import TaskRow
from danvan.core.template_python import PythonTemplate
from tests.core.test_tasks_world import TasksWorld, give, tasks_world

__all__ = ["tasks_world"]

short = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
    st.sampled_from(["", "Hồ sơ 12/2026", "<b>&amp;", 'a"b', "Vận động hộ dân"]),
)
days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31))


@st.composite
def rows(draw: Any) -> TaskRow:
    t = Task(
        pk=draw(st.integers(1, 10**9)),
        title=draw(short),
        target_label=draw(short),
        due=draw(days),
        progress=draw(st.integers(0, 100)),
        status=draw(st.sampled_from(TaskStatus.values)),
        completed_on=draw(st.one_of(st.none(), days)),
    )
    organization = draw(st.one_of(st.none(), short.map(lambda n: Organization(name=n))))
    if organization is not None:  # else left unset: reading it raises, as for a missing one
        t.organization = organization
    t.assignee = draw(
        st.one_of(
            st.none(),
            st.builds(lambda f, u: User(full_name=f, username=u or "u"), short, short),
        )
    )
    return TaskRow(
        task=t,
        rag=draw(st.one_of(st.sampled_from(["red", "amber", "green", ""]), short)),
        rag_label=draw(st.one_of(short, st.just(gettext_lazy("Quá hạn")))),
        days_left=None,
        days_text=draw(st.one_of(short, short.map(mark_safe))),
        target_url=draw(st.sampled_from(["", "/don-thu/12/", "/x?a=1&b=<2>"])),
    )


def _template() -> PythonTemplate:
    template = engines["django"].engine.get_template("core/tasks/_row.html")
    assert isinstance(template, PythonTemplate)
    return template


@settings(max_examples=200, deadline=None)
@given(row=rows(), autoescape=st.booleans(), language=st.sampled_from(["vi", "en"]))
def test_the_task_line_is_what_the_file_renders(
    row: TaskRow, autoescape: bool, language: str
) -> None:
    template = _template()
    with translation.override(language):
        expected = template.fallback.render(Context({"row": row}, autoescape=autoescape))
        written = template.render(Context({"row": row}, autoescape=autoescape))
    assert written == expected


def test_anything_but_a_task_row_renders_the_file() -> None:
    template = _template()
    for data in ({}, {"row": {"rag": "red"}}, {"row": "x"}):
        assert template.function(Context(data)) is None
        with pytest.raises(NoReverseMatch):  # the file needs the task's key for its link
            template.render(Context(data))


def test_the_task_page_is_the_same_with_the_file(
    client: Any, settings: Any, tasks_world: TasksWorld
) -> None:
    import re

    w = tasks_world
    soon = timezone.localdate() + dt.timedelta(days=2)
    give(w, "Vận động <hộ dân> & bàn giao", soon, assignee=w.officer_a)
    give(w, "Tổng hợp ý kiến cử tri", soon + dt.timedelta(days=30))
    client.force_login(w.leader_a)
    fast = client.get("/nhiem-vu/")
    plain = dict(settings.TEMPLATES[0])
    plain["OPTIONS"] = {**plain["OPTIONS"], "loaders": plain["OPTIONS"]["loaders"][0][2]}
    settings.TEMPLATES = [plain]
    file_template = engines["django"].engine.get_template("core/tasks/_row.html")
    assert not isinstance(file_template, PythonTemplate)
    slow = client.get("/nhiem-vu/")
    assert fast.status_code == slow.status_code == 200
    token = re.compile(r"\b[A-Za-z0-9]{64}\b")  # the CSRF token, masked afresh each page
    page = token.sub("", fast.content.decode())
    assert page == token.sub("", slow.content.decode())
    assert "Vận động &lt;hộ dân&gt; &amp; bàn giao" in page and "Tổng hợp ý kiến cử tri" in page
