"""Django's `i18n` template library, with `{% translate "literal" %}` kept per language.

Loaded under the name `i18n` (settings TEMPLATES "libraries"), so `{% load i18n %}` in every
template gets it. All its tags and filters are Django's, except `translate` (and its old name
`trans`): for a quoted string without filters, `noop` or `context`, the result (the translation,
marked safe as Django marks a literal's, with `%%` back to `%`) is kept per process for each
language. Django builds a lazy string, looks the active translation up and searches the catalogs
at each use: about 20 µs, and a page renders 30 to 60 of them. Everything else is rendered by
Django's node. tests/core/test_i18n_kept.py compares both.
"""

from __future__ import annotations

from typing import Any

from django.core.signals import setting_changed
from django.template import Library
from django.template.base import Parser, Token, Variable, render_value_in_context
from django.template.context import Context
from django.templatetags import i18n as django_i18n
from django.utils.autoreload import file_changed
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy

register = Library()
register.tags.update(django_i18n.register.tags)
register.filters.update(django_i18n.register.filters)

_kept: dict[tuple[str, str | None, bool], str] = {}


def _kept_clear(**_kwargs: Any) -> None:
    _kept.clear()


setting_changed.connect(_kept_clear, dispatch_uid="danvan-i18n-kept-clear")
# The development server reloads templates and translations without restarting: so do these.
file_changed.connect(_kept_clear, dispatch_uid="danvan-i18n-kept-clear-file")


class KeptTranslateNode(django_i18n.TranslateNode):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        var = self.filter_expression.var
        plain = (
            not self.noop
            and self.message_context is None
            and not self.filter_expression.filters
            and isinstance(var, Variable)
            and var.lookups is None
            and isinstance(var.literal, SafeString)
        )
        self.kept_msgid: str | None = var.literal if plain else None

    def render(self, context: Context) -> str:
        msgid = self.kept_msgid
        if msgid is None:
            return str(super().render(context))
        key = (msgid, get_language(), context.autoescape)
        value = _kept.get(key)
        if value is None:
            # What Django's node computes for a literal: Variable.resolve's lazy translation of
            # the safe literal (percent signs doubled), rendered in context, "%%" restored.
            output = gettext_lazy(mark_safe(msgid.replace("%", "%%")))
            rendered = render_value_in_context(output, context)
            restored = rendered.replace("%%", "%")
            value = mark_safe(restored) if isinstance(rendered, SafeData) else restored
            _kept[key] = value
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value


@register.tag("translate")
@register.tag("trans")
def do_translate(parser: Parser, token: Token) -> KeptTranslateNode:
    """`{% translate %}` as Django parses it, rendered by KeptTranslateNode."""
    node = django_i18n.do_translate(parser, token)
    return KeptTranslateNode(node.filter_expression, node.noop, node.asvar, node.message_context)
