"""The reception register's rows written in Python (danvan/core/template_python.py).

`reception/_entry_row.html` is included once per line of /tiep-cong-dan/so/ (50 a page).
`entry_row` writes the same HTML from the same context, character for character
(tests/reception/test_rows.py renders both ways); the file stays the specification and renders
whenever the context is not a register line (`row` without an entry).
"""

from __future__ import annotations

from django.template import Context
from django.utils.translation import gettext

from danvan.core.template_python import (
    NONE_CELL,
    day_writer,
    rag_deadline,
    related,
    row_dict,
    value_writer,
)
from danvan.core.templatetags.builtins_fast import reverse_kept, truncatechars, url_current_app
from danvan.reception.models import ReceptionEntry


def entry_row(context: Context) -> str | None:
    row, e = row_dict(context, "entry", ReceptionEntry)
    if e is None:
        return None
    v = value_writer(context)
    day = day_writer(context, v)
    current_app = url_current_app(context)

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
        out.append(NONE_CELL)
    out.append("</td>\n      <td>")
    rag = row.get("rag", "")
    if e.replied_on:
        out.append(day(e.replied_on))
    elif rag:
        due = gettext("hạn %(d)s") % {"d": day(e.reply_due)}
        out.append(rag_deadline(v, rag, due, row.get("days_text", "")))
    else:
        out.append(NONE_CELL)
    out.append("</td>\n    </tr>\n  \n")
    return "".join(out)
