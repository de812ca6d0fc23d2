"""Templates rendered by Python functions, checked against the template files they stand for.

A few small templates are included dozens of times a page: `petitions/_field.html` once per
field of every form of the case page (about 40 times). Django's template engine spends about
0.15 ms on each such include here, so the case page's forms cost more than the rest of the page.
For the names listed in TEMPLATES' loader options (`python_templates`: template name -> dotted
path of a function), the loader below returns a `PythonTemplate`: the function writes the same
HTML, character for character, from the same context. The template file stays where it was and
stays the specification: it is still loaded, compiled and kept as the `fallback`, which renders
whenever the function cannot (it returns None, e.g. for a context it was not written for), and
the tests render both ways and compare (tests/core/test_template_python.py and each module's
own tests).

Only templates that are leaves (no `{% extends %}`, no blocks) are written this way, and the
function reads nothing but its context. Values are written as `{{ value }}` writes them
(`value_writer`: strings escaped unless safe, anything else through Django's own
`render_value_in_context`), so escaping, localisation and time zones are as in a template.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.template import Context, Origin
from django.template.base import Template, render_value_in_context
from django.template.loaders import cached
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]
from django.utils.translation import gettext

from danvan.core.escape import escape_html
from danvan.core.templatetags.builtins_fast import date as date_filter

Render = Callable[[Context], str | None]


def value_writer(context: Context) -> Callable[[Any], str]:
    """`{{ value }}` in `context`, for the functions: strings (labels, ids, rendered widgets)
    escaped unless safe, as `render_value_in_context` does for them; anything else (numbers,
    dates, lazy translations) through it."""
    autoescape = context.autoescape

    def write(value: Any) -> str:
        if isinstance(value, str):
            return escape_html(value) if autoescape else str(value)
        return render_value_in_context(value, context)

    return write


# `<span class="muted">—</span>`: the cell of a line that has no value.
NONE_CELL = '<span class="muted">—</span>'


def row_dict(context: Context, key: str, kind: type) -> tuple[dict[str, Any], Any]:
    """A list line's context: `row` (a dict) and its record under `key`, or None when the
    record is not a `kind` (the function then returns None and the file renders)."""
    found = context.get("row")
    row: dict[str, Any] = found if isinstance(found, dict) else {}
    record = row.get(key)
    return row, (record if isinstance(record, kind) else None)


def day_writer(context: Context, write: Callable[[Any], str]) -> Callable[[Any], str]:
    """`{{ value|date:"d/m/Y" }}` in `context` (its time zone for a datetime)."""
    use_tz = context.use_tz

    def day(value: Any) -> str:
        return write(date_filter(template_localtime(value, use_tz), "d/m/Y"))

    return day


def rag_deadline(write: Callable[[Any], str], rag: Any, due: str, days_text: Any) -> str:
    """A deadline coloured by its traffic light, with the days left or late after it (the
    register's and the reception register's lines); `due` is already written."""
    return (
        f'<span class="rag rag-{write(rag)}">{due}'
        f'<span class="rag-text"> · {write(days_text)}</span></span>'
    )


def related(instance: Any, name: str) -> Any:
    """`instance.<name>`, or None where the related row is missing: a template reading
    `{{ instance.name.field }}` then writes nothing (Django's ObjectDoesNotExist is silent in
    templates)."""
    try:
        return getattr(instance, name)
    except ObjectDoesNotExist:
        return None


def assignee_text(write: Callable[[Any], str], person: Any) -> str:
    """The assignee cell of the register's and the board's lines:
    `{{ person.full_name|default:person.username }}`, or a muted "chưa giao" without one."""
    if person:
        return write(person.full_name or person.username)
    return f'<span class="muted">{gettext("chưa giao")}</span>'


class PythonTemplate:
    """A compiled template (`fallback`) with a Python function that renders it faster."""

    def __init__(self, fallback: Template, render: Render) -> None:
        self.fallback = fallback
        self.function = render
        self.name = fallback.name
        self.origin: Origin = fallback.origin
        self.engine = fallback.engine
        self.source = fallback.source

    def render(self, context: Context) -> SafeString:
        written = self.function(context)
        if written is None:
            return self.fallback.render(context)
        return mark_safe(written)


class Loader(cached.Loader):
    """Django's cached loader; the names in `python_templates` come back as `PythonTemplate`.

    TEMPLATES' OPTIONS: ``"loaders": [("danvan.core.template_python.Loader", {name: path},
    [loaders...])]``.
    """

    def __init__(self, engine: Any, python_templates: Mapping[str, str], loaders: Any) -> None:
        super().__init__(engine, loaders)
        self.python_templates = dict(python_templates)
        self._python: dict[str, PythonTemplate] = {}

    def get_template(self, template_name: str, skip: Any = None) -> Any:
        template = super().get_template(template_name, skip)
        path = self.python_templates.get(template_name)
        if path is None or skip:
            return template
        kept = self._python.get(template_name)
        if kept is None or kept.fallback is not template:
            kept = PythonTemplate(template, import_string(path))
            self._python[template_name] = kept
        return kept

    def reset(self) -> None:
        super().reset()
        self._python.clear()
