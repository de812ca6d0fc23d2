"""Faster `{% url %}` and `|date`, loaded as template builtins after Django's own (settings
TEMPLATES "builtins"), so every template uses them under the same names.

They return exactly what Django's tag and filter return (tests/core/test_builtins_fast.py
compares both), only cheaper where the pages spend their time: a list or board row reverses one
or two addresses and formats one or two dates, and Django's `reverse` (about 40 µs) and date
formatter (about 30 µs) dominated a 50-row page's rendering.

- `{% url %}`: the reversed address is kept per process, keyed by what `reverse` reads: the
  view name, the arguments (only `int` and `str` values, anything else is reversed each time),
  the current app, the script prefix and the URLconf. Not the language: no address here depends
  on it (no `i18n_patterns`, no translated routes; tests/core/test_builtins_fast.py checks it).
  It is emptied when a setting changes (tests) and bounded in size.
- `|date`: the formats the templates use ("d/m/Y", "Y-m-d", "d/m/Y H:i", ...) are written
  directly from the value's fields; any other format, or a value that is not a date or datetime,
  goes to Django's filter.
- `|truncatechars`: Django's counts characters one by one in Python (about 40 µs for a row's
  excerpt). A text no longer than the limit is returned at once (NFC, as Django returns it); a
  longer one without combining marks in its first limit+1 characters is cut by slicing, where
  Django's loop would cut. Anything else goes to Django's filter.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from typing import Any

from django.core.signals import setting_changed
from django.template import Library, Node
from django.template.base import Parser, Token
from django.template.context import Context
from django.template.defaultfilters import date as django_date
from django.template.defaultfilters import truncatechars as django_truncatechars
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.text import add_truncation_text, calculate_truncate_chars_length

register = Library()

REVERSED_MAX = 20_000
_reversed: dict[tuple[Any, ...], str] = {}
_KEY_TYPES = (int, str)


def _reversed_clear(**_kwargs: Any) -> None:
    _reversed.clear()


setting_changed.connect(_reversed_clear, dispatch_uid="danvan-reversed-clear")


def reverse_kept(
    view_name: str, args: list[Any], kwargs: dict[str, Any], current_app: str | None
) -> str:
    """`reverse(...)`, kept per process when every argument is an int or a str."""
    for value in args:
        if type(value) not in _KEY_TYPES:
            return reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
    for value in kwargs.values():
        if type(value) not in _KEY_TYPES:
            return reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
    key = (
        view_name,
        tuple(args),
        tuple(kwargs.items()),
        current_app,
        get_script_prefix(),
        get_urlconf(),
    )
    found = _reversed.get(key)
    if found is None:
        found = reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
        if len(_reversed) >= REVERSED_MAX:
            _reversed.clear()
        _reversed[key] = found
    return found


def url_current_app(context: Context) -> str | None:
    """The `current_app` that `{% url %}` reverses with in `context` (as Django's URLNode finds
    it: the request's `current_app`, else its resolved namespace)."""
    try:
        return context.request.current_app  # type: ignore[attr-defined]
    except AttributeError:
        try:
            return context.request.resolver_match.namespace  # type: ignore[attr-defined]
        except AttributeError:
            return None


class KeptURLNode(URLNode):
    """Django's URLNode, with `reverse` replaced by `reverse_kept` (same behaviour otherwise)."""

    def render(self, context: Context) -> str:
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        current_app = url_current_app(context)
        url = ""
        try:
            url = reverse_kept(view_name, args, kwargs, current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        if context.autoescape:
            url = conditional_escape(url)
        return url


@register.tag
def url(parser: Parser, token: Token) -> Node:
    """`{% url %}` as Django parses it, rendered by KeptURLNode."""
    node = django_url(parser, token)
    return KeptURLNode(node.view_name, node.args, node.kwargs, node.asvar)


# Format -> (writer, needs a time of day). Date-only formats take dates and datetimes; those
# with a time only datetimes (Django refuses a time format on a date). Django writes d, m, H, i,
# s with two digits and Y with four.
_DATE_FORMATS: dict[str, tuple[Callable[[Any], str], bool]] = {
    "d/m/Y": (lambda v: f"{v.day:02d}/{v.month:02d}/{v.year:04d}", False),
    "Y-m-d": (lambda v: f"{v.year:04d}-{v.month:02d}-{v.day:02d}", False),
    "m/Y": (lambda v: f"{v.month:02d}/{v.year:04d}", False),
    "Y-m": (lambda v: f"{v.year:04d}-{v.month:02d}", False),
    "d/m": (lambda v: f"{v.day:02d}/{v.month:02d}", False),
    "d/m/Y H:i": (
        lambda v: f"{v.day:02d}/{v.month:02d}/{v.year:04d} {v.hour:02d}:{v.minute:02d}",
        True,
    ),
    "d/m/Y H:i:s": (
        lambda v: (
            f"{v.day:02d}/{v.month:02d}/{v.year:04d} {v.hour:02d}:{v.minute:02d}:{v.second:02d}"
        ),
        True,
    ),
}


@register.filter(expects_localtime=True, is_safe=False)
def date(value: Any, arg: str | None = None) -> str:
    """Django's `date` filter, with the templates' usual formats written directly."""
    fast = _DATE_FORMATS.get(arg) if type(arg) is str else None
    if fast is not None:
        kind = type(value)
        if kind is dt.datetime or (kind is dt.date and not fast[1]):
            return fast[0](value)
    return str(django_date(value, arg))


@register.filter(is_safe=True)
def truncatechars(value: Any, arg: Any) -> Any:
    """Django's `truncatechars`, with the common cases done without its per-character loop."""
    if type(value) is str:
        try:
            length = int(arg)
        except (TypeError, ValueError):
            length = 0
        if length > 0:
            text = unicodedata.normalize("NFC", value)
            if len(text) <= length:
                return text
            if not any(map(unicodedata.combining, text[: length + 1])):
                # Django's loop stops at the (length+1)-th character and keeps the first
                # `truncate_len` ones, then adds the (translated) ellipsis.
                return add_truncation_text(text[: calculate_truncate_chars_length(length, None)])
    return django_truncatechars(value, arg)
