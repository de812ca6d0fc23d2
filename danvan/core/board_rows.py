"""The board's lines written in Python (danvan/core/template_python.py).

`core/_board_row.html` is included once per line of /han-xu-ly/ (50 a page). `board_row` writes
the same HTML from the same context, character for character (tests/core/test_board_rows.py
renders both ways); the file stays the specification and renders whenever `row` is not a
`BoardRow`.
"""

from __future__ import annotations

from django.template import Context
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]
from django.utils.translation import gettext

from danvan.core.selectors.obligations import BoardRow
from danvan.core.template_python import assignee_text, related, value_writer
from danvan.core.templatetags.builtins_fast import date

_SYMBOLS = {"red": "●", "amber": "▲", "green": "○"}
_TAGS = {"green": " tag-ok", "amber": " tag-warn"}


def board_row(context: Context) -> str | None:
    row = context.get("row")
    if not isinstance(row, BoardRow):
        return None
    v = value_writer(context)

    o = row.obligation
    rag = v(row.rag)
    symbol = _SYMBOLS.get(row.rag, "‖")
    out = [
        f'\n    <tr class="rag-row rag-row-{rag}">\n'
        f'      <td><span class="tag rag rag-{rag}{_TAGS.get(row.rag, "")}">'
        f'<span aria-hidden="true">{symbol}</span> {v(row.rag_label)}</span></td>\n'
        f"      <td>{v(row.kind_label)}</td>\n"
        f"      <td>{v(o.title)}</td>\n      <td>"
    ]
    if row.target_url:
        label = v(o.target_label) if o.target_label else gettext("(mở hồ sơ)")
        out.append(f'<a href="{v(row.target_url)}">{label}</a>')
    else:
        out.append(v(o.target_label) if o.target_label else "—")
    organization = related(o, "organization")
    out.append(f"</td>\n      <td>{v(organization.name) if organization is not None else ''}")
    out.append("</td>\n      <td>")
    out.append(assignee_text(v, o.assignee))
    out.append("</td>\n      <td>")
    if o.due:
        due = template_localtime(o.due, context.use_tz)
        out.append(f'<time datetime="{v(date(due, "Y-m-d"))}">{v(date(due, "d/m/Y"))}</time>')
    else:
        out.append('<span class="muted">—</span>')
    out.append("</td>\n      <td>")
    if row.days_text:
        text = v(row.days_text)
        out.append(f"<strong>{text}</strong>" if row.rag == "red" else text)
    else:
        out.append('<span class="muted">—</span>')
    out.append("</td>\n      <td>")
    if o.rule_id:
        out.append(f"<code>{v(o.rule_id)}</code>")
    else:
        out.append('<span class="muted">—</span>')
    out.append("</td>\n    </tr>\n")
    return "".join(out)
