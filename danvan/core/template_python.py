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
from django.utils.translation import gettext

from danvan.core.escape import escape_html

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
