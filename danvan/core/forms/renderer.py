"""The form renderer: Django's, with the commonest widgets rendered in Python.

Django renders each widget through its template engine, and a <select> includes one template
per option: a filter form with a few long selects (organisations, topics, officers) cost more
than the rest of the page. `FastRenderer` produces the same HTML, character for character, for
`select.html` (with `select_option.html` options), for the input widgets that are only an
include of `input.html`, for `textarea.html`, and for the radio buttons and checkboxes of
`multiple_input.html` (with their `input_option.html` options, also rendered alone as a bound
field's `tag`), and for a bound field's `label_tag` (`label.html`); anything else, including
any project override of those templates, goes through the templates as before.
tests/core/test_form_renderer.py compares both ways.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.safestring import mark_safe

from danvan.core.escape import escape_html

_SELECT = "django/forms/widgets/select.html"
_OPTION = "django/forms/widgets/select_option.html"
_TEXTAREA = "django/forms/widgets/textarea.html"
# The widget templates whose whole content is `{% include "django/forms/widgets/multiple_input.html"
# %}`, and the option templates that are (or only include) `input_option.html`.
_MULTIPLE = frozenset(
    f"django/forms/widgets/{name}.html" for name in ("radio", "checkbox_select", "multiple_input")
)
_INPUT_OPTION = "django/forms/widgets/input_option.html"
_LABEL = "django/forms/label.html"
_INPUT_OPTIONS = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in ("radio_option", "checkbox_option", "input_option")
)
# The widget templates whose whole content is `{% include "django/forms/widgets/input.html" %}`.
_INPUTS = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "file",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
        "input",
    )
)


def _text(value: Any) -> str:
    """`{{ value }}` / `{{ value|stringformat:'s' }}`: escaped unless already safe."""
    return escape_html(value if hasattr(value, "__html__") else f"{value}")


def _shown(value: Any) -> str | None:
    """`{{ value }}` for a text value; None for anything the template would localise."""
    if isinstance(value, str | Promise):
        return _text(value)
    return None


def _attrs(attrs: Mapping[str, Any]) -> str:
    """django/forms/widgets/attrs.html."""
    parts: list[str] = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {_text(name)}")
        else:
            parts.append(f' {_text(name)}="{_text(value)}"')
    return "".join(parts)


def _input(widget: Mapping[str, Any]) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{_text(value)}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>"
    )


def _textarea(widget: Mapping[str, Any]) -> str | None:
    value = widget["value"]
    shown = _shown(value) if value else ""
    if shown is None:
        return None
    return f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{shown}</textarea>'


def _input_option(option: Mapping[str, Any]) -> str | None:
    """input_option.html (with its final newline)."""
    html = _input(option) + "\n"  # input.html ends with a newline
    if not option.get("wrap_label"):
        return html
    label = _shown(option["label"])
    option_id = option["attrs"].get("id")
    target = _shown(option_id) if option_id else ""
    if label is None or target is None:
        return None
    for_attr = f' for="{target}"' if target else ""
    return f"<label{for_attr}>{html} {label}</label>\n"


def _multiple(widget: Mapping[str, Any]) -> str | None:
    attrs = widget["attrs"]
    out = ["<div"]
    for name in ("id", "class"):
        if attrs.get(name):
            shown = _shown(attrs[name])
            if shown is None:
                return None
            out.append(f' {name}="{shown}"')
    out.append(">")
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            label = _shown(group_name)
            if label is None:
                return None
            out.append(f"\n  <div><label>{label}</label>")
        for option in group_choices:
            template = option.get("template_name")
            html = _input_option(option) if template in _INPUT_OPTIONS else None
            if html is None:  # a custom option template, or a value it would localise
                return None
            # radio_option.html / checkbox_option.html: an include and a newline of their own
            newline = "" if template == _INPUT_OPTION else "\n"
            out.append(f"<div>\n    {html}{newline}</div>")
        if group_name:
            out.append("\n  </div>")
    out.append("\n</div>")
    return "".join(out)


def _select(widget: Mapping[str, Any]) -> str | None:
    out = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            if option.get("template_name") != _OPTION or not isinstance(
                option["label"], str | Promise
            ):
                # a custom option template, or a label the template would localise
                return None
            out.append(
                f'\n  <option value="{_text(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"  # select_option.html ends with a newline
            )
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


def _label(context: Mapping[str, Any]) -> str | None:
    """django/forms/label.html (a bound field's `label_tag`), with django/forms/attrs.html."""
    label = _shown(context.get("label"))
    if label is None:
        return None
    if not context.get("use_tag"):
        return label
    tag = _text(context.get("tag"))
    return f"<{tag}{_attrs(context.get('attrs') or {})}>{label}</{tag}>"


class FastRenderer(DjangoTemplates):
    """Django's default form renderer with Python fast paths for selects, inputs, text areas,
    radio buttons, checkboxes and labels."""

    def _fast(self, template_name: str) -> Callable[[Mapping[str, Any]], str | None] | None:
        if template_name == _SELECT:
            return _select
        if template_name in _INPUTS:
            return _input
        if template_name == _TEXTAREA:
            return _textarea
        if template_name in _MULTIPLE:
            return _multiple
        if template_name in _INPUT_OPTIONS:
            return _input_option
        return None

    def render(self, template_name: str, context: Any, request: Any = None) -> str:
        if template_name == _LABEL and isinstance(context, Mapping) and not self._overridden():
            html = _label(context)
            if html is not None:
                return mark_safe(html.strip())  # escaped in _label; stripped as Django does
        fast = self._fast(template_name)
        widget = context.get("widget") if isinstance(context, Mapping) else None
        if fast is not None and isinstance(widget, Mapping) and not self._overridden():
            html = fast(widget)
            if html is not None:
                return mark_safe(html.strip())  # every part is escaped above
        return super().render(template_name, context, request=request)

    def _overridden(self) -> bool:
        """True when a project template replaces one of Django's that the fast paths copy."""
        known = self.__dict__.get("_any_override")
        if known is None:
            names = [
                _SELECT,
                _OPTION,
                _TEXTAREA,
                *_INPUTS,
                *_MULTIPLE,
                *_INPUT_OPTIONS,
                "django/forms/widgets/attrs.html",
                _LABEL,
                "django/forms/attrs.html",
            ]
            origins = [str(self.get_template(n).origin.name).replace("\\", "/") for n in names]
            known = any("/django/forms/templates/" not in origin for origin in origins)
            self.__dict__["_any_override"] = known
        return bool(known)
