"""The field templates of the module forms written in Python (danvan/core/template_python.py).

`petitions/_field.html` (a label, the widget, its help and errors; checkboxes and radio buttons
laid out apart), `reception/_field.html` (the same without `extra_class`) and
`petitions/_form_body.html` (a small form: its errors, hidden fields, then each visible field
through `petitions/_field.html`). Each function returns what its template renders, character
for character, or None when the context is not one the template was written for (no bound
field), and the template renders instead.
"""

from __future__ import annotations

from typing import Any

from django.forms import BaseForm, BoundField
from django.template import Context

from danvan.core.template_python import value_writer


def _field(context: Context, field: Any, extra_class: Any, *, error_ids: bool = True) -> str:
    v = value_writer(context)
    errors = field.errors
    out = ['\n<div class="field']
    if errors:
        out.append(" field-error")
    if extra_class:
        out.append(f" {v(extra_class)}")
    out.append('">\n')
    input_type = getattr(field.field.widget, "input_type", None)
    if input_type == "checkbox":
        out.append(
            f'\n  <label class="checkbox" for="{v(field.id_for_label)}">'
            f"{v(field)} {v(field.label)}</label>\n"
        )
    elif input_type == "radio":
        out.append(f"\n  <fieldset>\n    <legend>{v(field.label)}</legend>\n    ")
        for radio in field:
            out.append(
                f'<label class="checkbox" for="{v(radio.id_for_label)}">'
                f"{v(radio.tag())} {v(radio.choice_label)}</label> "
            )
        out.append("\n  </fieldset>\n")
    else:
        out.append(
            f'\n  <label for="{v(field.id_for_label)}">{v(field.label)}</label>\n  {v(field)}\n'
        )
    out.append("\n")
    if field.help_text:
        out.append(f'<div class="help" id="{v(field.auto_id)}_helptext">{v(field.help_text)}</div>')
    out.append("\n")
    if errors:
        error_id = f' id="{v(field.auto_id)}_error"' if error_ids else ""
        for error in errors:
            out.append(f'<div class="error" role="alert"{error_id}>{v(error)}</div>')
    out.append("\n</div>\n")
    return "".join(out)


def petitions_field(context: Context) -> str | None:
    """petitions/_field.html: `field`, `extra_class` optional."""
    field = context.get("field")
    if not isinstance(field, BoundField):
        return None
    return _field(context, field, context.get("extra_class"))


def reception_field(context: Context) -> str | None:
    """reception/_field.html: `field`."""
    field = context.get("field")
    if not isinstance(field, BoundField):
        return None
    return _field(context, field, None)


def petitions_form_body(context: Context) -> str | None:
    """petitions/_form_body.html: `f`, a form; its visible fields as petitions/_field.html."""
    form = context.get("f")
    if not isinstance(form, BaseForm):
        return None

    v = value_writer(context)
    out = ["\n"]
    non_field = form.non_field_errors()
    if non_field:
        out.append('<div class="message message-error" role="alert">')
        out.extend(f"<p>{v(e)}</p>" for e in non_field)
        out.append("</div>")
    out.append("\n")
    for hidden in form.hidden_fields():
        out.append(v(hidden))
        out.extend(f'<div class="error" role="alert">{v(e)}</div>' for e in hidden.errors)
    out.append("\n")
    extra_class = context.get("extra_class")
    for field in form.visible_fields():
        out.append(_field(context, field, extra_class))
    out.append("\n")
    return "".join(out)
