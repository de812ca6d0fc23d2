"""The template builtins that replace Django's `{% url %}` and `|date` return what Django's do
(danvan/core/templatetags/builtins_fast.py)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest
from django.template import Context, Engine, engines
from django.urls import NoReverseMatch, set_script_prefix
from django.utils import timezone
from django.utils.safestring import mark_safe
from hypothesis import given, settings
from hypothesis import strategies as st

from danvan.core.templatetags import builtins_fast

FAST_FORMATS = ("d/m/Y", "Y-m-d", "m/Y", "Y-m", "d/m", "d/m/Y H:i", "d/m/Y H:i:s")
OTHER_FORMATS = ("l, d/m/Y", "D d/m/Y", "c", "H:i", "SHORT_DATE_FORMAT", "")


def _ours() -> Engine:
    engine = engines["django"].engine  # type: ignore[attr-defined]
    assert "danvan.core.templatetags.builtins_fast" in engine.builtins
    return engine  # type: ignore[no-any-return]


def _django() -> Engine:
    # The same engine without the replacement builtins: Django's own tag and filter.
    return Engine(app_dirs=True, debug=False)


def _render(engine: Engine, source: str, context: dict[str, Any]) -> str:
    try:
        return engine.from_string(source).render(Context(context))
    except Exception as exc:  # the same error from both counts as the same answer
        return f"{type(exc).__name__}: {exc}"


def _both(source: str, context: dict[str, Any]) -> tuple[str, str]:
    return _render(_ours(), source, context), _render(_django(), source, context)


def _date_source(fmt: str) -> str:
    return "{{ v|date:'" + fmt + "' }}"


def test_the_settings_load_the_replacements() -> None:
    node = _ours().from_string("{% url 'core:home' %}").nodelist[0]
    assert isinstance(node, builtins_fast.KeptURLNode)
    filters = _ours().from_string("{{ x|date:'d/m/Y' }}").nodelist[0].filter_expression.filters
    assert filters[0][0] is builtins_fast.date


moments = st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 30))


@settings(max_examples=150, deadline=None)
@given(
    value=st.one_of(st.dates(), moments),
    aware=st.booleans(),
    fmt=st.sampled_from(FAST_FORMATS + OTHER_FORMATS),
)
def test_date_writes_what_djangos_filter_writes(value: dt.date, aware: bool, fmt: str) -> None:
    if aware and isinstance(value, dt.datetime):
        # Aware values are shown in the current time zone, as Django's filter shows them.
        value = value.replace(year=max(value.year, 2), tzinfo=zoneinfo.ZoneInfo("UTC"))
    ours, django = _both(_date_source(fmt), {"v": value})
    assert ours == django


@pytest.mark.parametrize("value", [None, "", "2026-11-25", 7, dt.time(9, 30)])
@pytest.mark.parametrize("fmt", ["d/m/Y", "d/m/Y H:i", "H:i"])
def test_date_of_other_values_is_djangos(value: object, fmt: str) -> None:
    ours, django = _both(_date_source(fmt), {"v": value})
    assert ours == django


def test_date_on_a_date_with_a_time_format_is_djangos() -> None:
    # Django's filter refuses a time format on a date; the fast path must not answer instead.
    ours, django = _both("{{ v|date:'d/m/Y H:i' }}", {"v": dt.date(2026, 11, 25)})
    assert ours == django
    assert ours.startswith("TypeError")


def test_date_in_the_current_time_zone() -> None:
    moment = dt.datetime(2026, 11, 24, 20, 5, tzinfo=dt.UTC)
    with timezone.override(zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")):
        ours, django = _both("{{ v|date:'d/m/Y H:i' }}", {"v": moment})
    assert ours == django == "25/11/2026 03:05"


URL_SOURCES = [
    "{% url 'core:home' %}",
    "{% url 'petitions:detail' pk=5 %}",
    "{% url 'petitions:detail' pk='77' %}",
    "{% url 'petitions:detail' 12 %}",
    "{% url name pk=n %}",
    "{% url 'petitions:detail' pk=n as link %}[{{ link }}]",
    "{% url 'no-such-view' as link %}[{{ link }}]",
    "{% url 'petitions:detail' pk=n %}?next={% url 'core:home' %}",
]


@pytest.mark.parametrize("source", URL_SOURCES)
def test_url_writes_what_djangos_tag_writes(source: str) -> None:
    context = {"name": "petitions:detail", "n": 42}
    for _ in range(2):  # the second time from what was kept
        ours, django = _both(source, context)
        assert ours == django
    assert ours


def test_url_that_cannot_be_reversed_raises_as_djangos() -> None:
    for engine in (_ours(), _django()):
        with pytest.raises(NoReverseMatch):
            engine.from_string("{% url 'petitions:detail' pk='x/y' %}").render(Context())


def test_url_is_reversed_once_per_arguments_and_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Any, ...]] = []
    real = builtins_fast.reverse

    def counting(*args: Any, **kwargs: Any) -> str:
        calls.append((args, kwargs))
        return real(*args, **kwargs)

    monkeypatch.setattr(builtins_fast, "reverse", counting)
    builtins_fast._reversed_clear()
    template = _ours().from_string("{% url 'petitions:detail' pk=n %}")
    assert template.render(Context({"n": 901})) == "/don-thu/901/"
    assert template.render(Context({"n": 901})) == "/don-thu/901/"
    assert len(calls) == 1
    assert template.render(Context({"n": 902})) == "/don-thu/902/"
    assert len(calls) == 2
    # Another script prefix (the app mounted under a path) is another address.
    try:
        set_script_prefix("/danvan/")
        assert template.render(Context({"n": 901})) == "/danvan/don-thu/901/"
    finally:
        set_script_prefix("/")
    assert len(calls) == 3
    # Values that are neither int nor str (a str subclass here) are reversed every time.
    template.render(Context({"n": mark_safe("9")}))
    template.render(Context({"n": mark_safe("9")}))
    assert len(calls) == 5


def test_kept_addresses_are_bounded_and_cleared_when_settings_change(
    monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    monkeypatch.setattr(builtins_fast, "REVERSED_MAX", 3)
    builtins_fast._reversed_clear()
    template = _ours().from_string("{% url 'petitions:detail' pk=n %}")
    for n in range(10):
        template.render(Context({"n": n}))
        assert len(builtins_fast._reversed) <= 3
    assert builtins_fast._reversed
    settings.ROOT_URLCONF = settings.ROOT_URLCONF
    assert not builtins_fast._reversed


# Letters with and without their marks precomposed, and bare combining marks: NFC puts some
# together again and leaves the others, which Django's count skips.
texts = st.lists(
    st.sampled_from(
        [*"aăâbcdđeêoôơuưy ,.", "ệ", "ữ", "\u0301", "\u0323", "e\u0302", "\u0300", "q\u0301"]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=texts, limit=st.sampled_from(["1", "2", "5", "12", "30", "0", "-3", "x"]))
def test_truncatechars_cuts_where_djangos_filter_cuts(text: str, limit: str) -> None:
    source = "{{ v|truncatechars:'" + limit + "' }}"
    ours, django = _both(source, {"v": text})
    assert ours == django


@pytest.mark.parametrize("value", [None, 12345678, mark_safe("<b>đậm</b> chữ dài"), ["a", "b"]])
def test_truncatechars_of_other_values_is_djangos(value: object) -> None:
    ours, django = _both("{{ v|truncatechars:5 }}", {"v": value})
    assert ours == django


def test_truncatechars_on_a_row_excerpt() -> None:
    text = "Đề nghị xem xét " * 20
    ours, django = _both("{{ v|truncatechars:140 }}", {"v": text})
    assert ours == django
    assert len(ours) == 140
    assert ours.endswith("…")


def test_date_with_an_argument_that_is_not_a_string_is_djangos() -> None:
    ours, django = _both("{{ v|date:f }}", {"v": dt.date(2026, 11, 25), "f": ["d/m/Y"]})
    assert ours == django


def test_no_address_depends_on_the_language() -> None:
    """The kept reverses leave the language out of their key: that holds while no URL pattern
    is language-prefixed or translated."""
    from django.urls import LocalePrefixPattern, get_resolver, reverse
    from django.utils import translation

    def patterns(resolver: Any) -> list[Any]:
        found = []
        for item in resolver.url_patterns:
            found.append(item.pattern)
            if hasattr(item, "url_patterns"):
                found.extend(patterns(item))
        return found

    every = patterns(get_resolver())
    assert not any(isinstance(p, LocalePrefixPattern) for p in every)
    # A route given as a lazy translation is not a plain str.
    assert all(isinstance(getattr(p, "_route", getattr(p, "_regex", "")), str) for p in every)
    names = ["core:home", "core:board", "petitions:list", "reception:entries"]
    with translation.override("vi"):
        vi = [reverse(n) for n in names]
    with translation.override("en"):
        en = [reverse(n) for n in names]
    assert vi == en
