"""The reception register's rows written in Python (danvan/core/template_python.py).

`reception/_entry_row.html` is included once per line of /tiep-cong-dan/so/ (50 a page).
`entry_row` writes the same HTML from the same context, character for character
(tests/reception/test_rows.py renders both ways); the file stays the specification and renders
whenever the context is not a register line (`row` without an entry).
"""

from __future__ import annotations

from typing import Any

from django.template import Context
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]
from django.utils.translation import gettext

from danvan.core.template_python import related, value_writer
from danvan.core.templatetags.builtins_fast import (
    date,
    reverse_kept,
    truncatechars,
    url_current_app,
)
from danvan.reception.models import ReceptionEntry


def entry_row(context: Context) -> str | None:
    found = context.get("row")
    row: dict[str, Any] = found if isinstance(found, dict) else {}
    e = row.get("entry")
    if not isinstance(e, ReceptionEntry):
        return None
    use_tz = context.use_tz
    v = value_writer(context)
    current_app = url_current_app(context)

    def day(value: Any) -> str:
        return v(date(template_localtime(value, use_tz), "d/m/Y"))

    url = reverse_kept("reception:entry_detail", [], {"pk": e.pk}, current_app)
    out = [
        f'\n    <tr>\n      <td><a href="{v(url)}">{v(e.number)}</a></td>\n'
        f"      <td>{day(e.received_on)}</td>\n"
        f"      <td>{v(e.visitor_label)}"
    ]
    if e.is_crowd:
        crowd = gettext("đoàn %(n)s người") % {"n": v(e.visitor_count)}
        out.append(f' <span class="tag">{crowd}</span>')
    out.append(
        f"</td>\n      <td>{v(truncatechars(e.content, 140))}</td>\n"
        f"      <td>{v(e.get_outcome_display())}</td>\n      <td>"
    )
    petition = related(e, "petition")
    if petition:
        link = reverse_kept("petitions:detail", [], {"pk": e.petition_id}, current_app)
        out.append(f'<a href="{v(link)}">{v(petition.case_number)}</a>')
    else:
        out.append('<span class="muted">—</span>')
    out.append("</td>\n      <td>")
    rag = row.get("rag", "")
    if e.replied_on:
        out.append(day(e.replied_on))
    elif rag:
        due = gettext("hạn %(d)s") % {"d": day(e.reply_due)}
        out.append(
            f'<span class="rag rag-{v(rag)}">{due}'
            f'<span class="rag-text"> · {v(row.get("days_text", ""))}</span></span>'
        )
    else:
        out.append('<span class="muted">—</span>')
    out.append("</td>\n    </tr>\n  \n")
    return "".join(out)
