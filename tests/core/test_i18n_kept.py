"""`{% load i18n %}` gives Django's library with `{% translate "literal" %}` kept per language
(danvan/core/templatetags/i18n_kept.py): the same output as Django's tag."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import Context, Engine, engines
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from danvan.core.templatetags import i18n_kept


def _ours() -> Engine:
    return engines["django"].engine  # type: ignore[attr-defined,no-any-return]


def _django() -> Engine:
    # Django's own i18n library and tags.
    return Engine(app_dirs=True, debug=False, libraries={"i18n": "django.templatetags.i18n"})


def _both(source: str, context: dict[str, Any], autoescape: bool = True) -> tuple[str, str]:
    out = []
    for engine in (_ours(), _django()):
        template = engine.from_string("{% load i18n %}" + source)
        out.append(template.render(Context(context, autoescape=autoescape)))
    return out[0], out[1]


def test_load_i18n_gives_the_kept_translate() -> None:
    template = _ours().from_string('{% load i18n %}{% translate "Đơn thư" %}')
    assert isinstance(template.nodelist[1], i18n_kept.KeptTranslateNode)
    assert template.nodelist[1].kept_msgid == "Đơn thư"
    # The rest of the library is Django's.
    template = _ours().from_string("{% load i18n %}{% get_current_language as L %}{{ L }}")
    assert template.render(Context()) in {"vi", "en"}


SOURCES = [
    '{% translate "Đơn thư" %}',
    "{% translate 'Hạn xử lý' %}",
    '{% trans "Đơn thư" %}',
    '{% translate "Không có bản dịch <b>&</b> 100%" %}',
    '{% translate "50%% đã xong" %}',
    '{% translate "Đơn thư" as t %}[{{ t }}]',
    '{% translate "Đơn thư" noop %}',
    '{% translate "Đơn thư" context "menu" %}',
    '{% translate "Đơn thư"|upper %}',
    "{% translate v %}",
    '{% translate "Trang chủ" %}{% translate "Trang chủ" %}',
]


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("language", ["vi", "en", None])
@pytest.mark.parametrize("autoescape", [True, False])
def test_same_output_as_djangos_tag(source: str, language: str | None, autoescape: bool) -> None:
    i18n_kept._kept_clear()
    context = {"v": "Đơn thư <i>"}
    for _ in range(2):  # computed, then kept
        if language is None:
            with translation.override(None):
                ours, django = _both(source, context, autoescape)
        else:
            with translation.override(language):
                ours, django = _both(source, context, autoescape)
        assert ours == django


def test_each_language_keeps_its_own_translation() -> None:
    i18n_kept._kept_clear()
    template = _ours().from_string('{% load i18n %}{% translate "Đơn thư" %}')
    with translation.override("vi"):
        vi = template.render(Context())
    with translation.override("en"):
        en = template.render(Context())
    assert vi == "Đơn thư"
    assert en != vi and en  # the English catalog translates it
    with translation.override("vi"):
        assert template.render(Context()) == vi


@settings(max_examples=100, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("aăđê <>&%'\"x1")), min_size=1, max_size=20))
def test_any_literal_renders_as_djangos(text: str) -> None:
    if '"' in text:
        source = "{% translate '" + text.replace("'", "") + "' %}"
    else:
        source = '{% translate "' + text + '" %}'
    try:
        expected = _both(source, {})
    except Exception as exc:  # a literal Django cannot parse: ours must refuse it too
        with pytest.raises(type(exc)):
            _ours().from_string("{% load i18n %}" + source).render(Context())
        return
    assert expected[0] == expected[1]


def test_no_other_template_library_name_is_given_twice() -> None:
    from django.conf import settings as django_settings

    assert "templates.W003" in django_settings.SILENCED_SYSTEM_CHECKS
    backend = engines["django"]
    warnings = [w for w in backend.check() if w.id == "templates.W003"]  # type: ignore[attr-defined]
    # Only the intended one: "i18n", ours and Django's (silenced for `danvan check`).
    assert [w.msg.split(" ", 1)[0] for w in warnings] == ["'i18n'"]
