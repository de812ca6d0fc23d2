"""The task list's lines written in Python (danvan/core/template_python.py).

`core/tasks/_row.html` is included once per line of /nhiem-vu/. `task_row` writes the same HTML
from the same context, character for character (tests/core/test_task_rows.py renders both
ways); the file stays the specification and renders whenever `row` is not a `TaskRow`. The
cells it shares with the board's lines are written by the same helpers (core/board_rows.py).
"""

from __future__ import annotations

from django.template import Context
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]
from django.utils.translation import gettext

from danvan.core.board_rows import days_cell, due_time, name_of, rag_tag, target_cell
from danvan.core.selectors.tasks import TaskRow
from danvan.core.template_python import NONE_CELL, assignee_text, value_writer
from danvan.core.templatetags.builtins_fast import date, reverse_kept, url_current_app


def task_row(context: Context) -> str | None:
    row = context.get("row")
    if not isinstance(row, TaskRow):
        return None
    v = value_writer(context)
    t = row.task
    rag = row.rag
    url = reverse_kept("core:task", [], {"pk": t.pk}, url_current_app(context))
    progress = v(t.progress)
    out = [
        f'    \n    <tr class="rag-row{f" rag-row-{v(rag)}" if rag else ""}">\n      <td>',
        rag_tag(v, rag, row.rag_label, other="○") if rag else NONE_CELL,
        f'</td>\n      <td><a href="{v(url)}">{v(t.title)}</a></td>\n      <td>',
        target_cell(v, row.target_url, t.target_label),
        f"</td>\n      <td>{name_of(v, t, 'organization')}</td>\n      <td>",
        assignee_text(v, t.assignee),
        f"</td>\n      <td>{due_time(v, t.due, context.use_tz)}</td>\n      <td>",
        days_cell(v, row.days_text, rag),
        f'</td>\n      <td><progress max="100" value="{progress}" '
        f'aria-label="{v(gettext("Tiến độ"))}">{progress}%</progress> {progress}%</td>\n'
        f"      <td>{v(row.status_label)}",
    ]
    if t.completed_on:
        day = v(date(template_localtime(t.completed_on, context.use_tz), "d/m/Y"))
        out.append(f' <span class="muted">({day})</span>')
    out.append("</td>\n    </tr>\n    \n")
    return "".join(out)
