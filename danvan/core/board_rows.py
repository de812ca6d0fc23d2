"""The board's lines written in Python (danvan/core/template_python.py).

`core/_board_row.html` is included once per line of /han-xu-ly/ (50 a page). `board_row` writes
the same HTML from the same context, character for character (tests/core/test_board_rows.py
renders both ways); the file stays the specification and renders whenever `row` is not a
`BoardRow`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.template import Context
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]
from django.utils.translation import gettext

from danvan.core.selectors.obligations import BoardRow
from danvan.core.template_python import NONE_CELL, assignee_text, related, value_writer
from danvan.core.templatetags.builtins_fast import date

_SYMBOLS = {"red": "●", "amber": "▲", "green": "○"}
_TAGS = {"green": " tag-ok", "amber": " tag-warn"}

Write = Callable[[Any], str]


# Cells shared with the task list's lines (core/tasks/_row.html: danvan/core/task_rows.py).


def rag_tag(v: Write, rag: str, label: Any, *, other: str) -> str:
    """The traffic light's tag; `other`: the symbol of a colour that is none of the three."""
    symbol = _SYMBOLS.get(rag, other)
    return (
        f'<span class="tag rag rag-{v(rag)}{_TAGS.get(rag, "")}">'
        f'<span aria-hidden="true">{symbol}</span> {v(label)}</span>'
    )


def target_cell(v: Write, url: str, label: Any) -> str:
    """The linked record: its label linked to its page, "(mở hồ sơ)" for a link without one."""
    if url:
        text = v(label) if label else gettext("(mở hồ sơ)")
        return f'<a href="{v(url)}">{text}</a>'
    return v(label) if label else "—"


def name_of(v: Write, instance: Any, relation: str) -> str:
    """`{{ instance.relation.name }}` (nothing for a missing row)."""
    found = related(instance, relation)
    return v(found.name) if found is not None else ""


def due_time(v: Write, due: Any, use_tz: bool | None) -> str:
    day = template_localtime(due, use_tz)
    return f'<time datetime="{v(date(day, "Y-m-d"))}">{v(date(day, "d/m/Y"))}</time>'


def days_cell(v: Write, days_text: Any, rag: str) -> str:
    if not days_text:
        return NONE_CELL
    text = v(days_text)
    return f"<strong>{text}</strong>" if rag == "red" else text


def board_row(context: Context) -> str | None:
    row = context.get("row")
    if not isinstance(row, BoardRow):
        return None
    v = value_writer(context)

    o = row.obligation
    out = [
        f'\n    <tr class="rag-row rag-row-{v(row.rag)}">\n'
        f"      <td>{rag_tag(v, row.rag, row.rag_label, other='‖')}</td>\n"
        f"      <td>{v(row.kind_label)}</td>\n"
        f"      <td>{v(o.title)}</td>\n      <td>"
        f"{target_cell(v, row.target_url, o.target_label)}"
        f"</td>\n      <td>{name_of(v, o, 'organization')}"
        "</td>\n      <td>"
        f"{assignee_text(v, o.assignee)}"
        "</td>\n      <td>"
        f"{due_time(v, o.due, context.use_tz) if o.due else NONE_CELL}"
        "</td>\n      <td>"
        f"{days_cell(v, row.days_text, row.rag)}"
        "</td>\n      <td>"
    ]
    out.append(f"<code>{v(o.rule_id)}</code>" if o.rule_id else NONE_CELL)
    out.append("</td>\n    </tr>\n")
    return "".join(out)
