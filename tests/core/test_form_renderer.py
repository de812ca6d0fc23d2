"""FastRenderer renders selects and inputs in Python: the HTML must be exactly Django's."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given, settings
from hypothesis import strategies as st

from danvan.core.forms.renderer import FastRenderer

DJANGO = DjangoTemplates()
FAST = FastRenderer()

texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
attr_values = st.one_of(st.booleans(), texts, st.integers(-5, 5), st.none())
attrs = st.dictionaries(
    st.sampled_from(["class", "id", "data-x", "hx-post", "required", "disabled", "title"]),
    attr_values,
    max_size=4,
)
choice = st.tuples(st.one_of(texts, st.integers(0, 99)), texts)
choices = st.lists(
    st.one_of(choice, st.tuples(texts, st.lists(choice, min_size=1, max_size=3))), max_size=6
)


def both(widget: forms.Widget, name: str, value: object) -> tuple[str, str]:
    return (
        widget.render(name, value, renderer=DJANGO),
        widget.render(name, value, renderer=FAST),
    )


@settings(max_examples=150, deadline=None)
@given(attrs=attrs, choices=choices, value=st.one_of(texts, st.integers(0, 99), st.none()))
def test_select_renders_as_django_does(attrs: dict, choices: list, value: object) -> None:
    expected, fast = both(forms.Select(attrs=attrs, choices=choices), "chon", value)
    assert fast == expected


@settings(max_examples=80, deadline=None)
@given(attrs=attrs, choices=choices, value=st.lists(texts, max_size=3))
def test_select_multiple_renders_as_django_does(attrs: dict, choices: list, value: list) -> None:
    expected, fast = both(forms.SelectMultiple(attrs=attrs, choices=choices), "nhieu", value)
    assert fast == expected


@settings(max_examples=80, deadline=None)
@given(attrs=attrs, choices=choices, value=st.one_of(texts, st.integers(0, 99), st.none()))
def test_radio_buttons_render_as_django_does(attrs: dict, choices: list, value: object) -> None:
    expected, fast = both(forms.RadioSelect(attrs=attrs, choices=choices), "mot", value)
    assert fast == expected


@settings(max_examples=80, deadline=None)
@given(attrs=attrs, choices=choices, value=st.lists(texts, max_size=3))
def test_checkboxes_render_as_django_does(attrs: dict, choices: list, value: list) -> None:
    widget = forms.CheckboxSelectMultiple(attrs=attrs, choices=choices)
    expected, fast = both(widget, "nhieu", value)
    assert fast == expected


@settings(max_examples=60, deadline=None)
@given(attrs=attrs, value=st.one_of(texts, st.none()))
def test_text_areas_render_as_django_does(attrs: dict, value: object) -> None:
    expected, fast = both(forms.Textarea(attrs=attrs), "noi<dung>", value)
    assert fast == expected


@settings(max_examples=40, deadline=None)
@given(choices=st.lists(choice, min_size=1, max_size=4), value=texts)
def test_a_radio_button_alone_renders_as_django_does(choices: list, value: str) -> None:
    # The case page's forms lay radio buttons out themselves, one bound widget's tag at a time.
    class Form(forms.Form):
        pick = forms.ChoiceField(widget=forms.RadioSelect, choices=choices)

    django_form, fast_form = (
        Form({"pick": value}, renderer=DJANGO),
        Form({"pick": value}, renderer=FAST),
    )
    assert [b.tag() for b in fast_form["pick"]] == [b.tag() for b in django_form["pick"]]
    assert [str(b) for b in fast_form["pick"]] == [str(b) for b in django_form["pick"]]


@pytest.mark.parametrize(
    "widget",
    [
        forms.TextInput,
        forms.HiddenInput,
        forms.NumberInput,
        forms.EmailInput,
        forms.URLInput,
        forms.PasswordInput,
        forms.SearchInput,
        forms.TelInput,
        forms.ColorInput,
        forms.CheckboxInput,
        forms.FileInput,
    ],
)
@settings(max_examples=40, deadline=None)
@given(attrs=attrs, value=st.one_of(texts, st.integers(), st.none(), st.booleans()))
def test_inputs_render_as_django_does(
    widget: type[forms.Widget], attrs: dict, value: object
) -> None:
    expected, fast = both(widget(attrs=attrs), "o<nhap>", value)
    assert fast == expected


@pytest.mark.parametrize(
    ("widget", "value"),
    [
        (forms.DateInput(format="%d/%m/%Y"), dt.date(2026, 11, 24)),
        (forms.DateInput(attrs={"type": "date"}), dt.date(2026, 1, 2)),
        (forms.TimeInput(), dt.time(7, 30)),
        (forms.DateTimeInput(), dt.datetime(2026, 11, 24, 8, 0)),
        (forms.TextInput(), mark_safe("<b>an toàn</b>")),
        (forms.TextInput(attrs={"placeholder": gettext_lazy("Tìm kiếm")}), ""),
        (forms.NullBooleanSelect(), None),
        (forms.NullBooleanSelect(), True),
        (forms.Select(choices=[("", "—"), ("a", gettext_lazy("Khiếu nại"))]), "a"),
        (forms.Select(choices=[(1, 1.5), (2, dt.date(2026, 1, 1))]), 1),  # localised labels
        (forms.Select(choices=[("x", mark_safe("<i>đậm</i>"))]), "x"),
        (forms.Textarea(), "không có đường tắt"),
        (forms.RadioSelect(choices=[("a", "A"), ("b", "B")]), "a"),
        (forms.RadioSelect(choices=[(1, 1.5), (2, dt.date(2026, 1, 1))]), 1),  # localised labels
        (forms.RadioSelect(attrs={"id": 7}, choices=[("a", "A")]), "a"),
        (forms.CheckboxSelectMultiple(choices=[("x", mark_safe("<i>đậm</i>"))]), ["x"]),
        (forms.Textarea(), mark_safe("<b>an toàn</b>")),
        (forms.Textarea(), 1234567),
        (forms.ClearableFileInput(), None),
        (forms.SplitDateTimeWidget(), dt.datetime(2026, 11, 24, 8, 0)),
    ],
)
def test_other_widgets_and_values_render_as_django_does(
    widget: forms.Widget, value: object
) -> None:
    expected, fast = both(widget, "truong", value)
    assert fast == expected


@pytest.fixture
def template_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Django's renderer renders from now on (the fast paths render
    none)."""
    calls: list[str] = []
    original = DjangoTemplates.render

    def counting(self, template_name, context, request=None):  # type: ignore[no-untyped-def]
        calls.append(template_name)
        return original(self, template_name, context, request=request)

    monkeypatch.setattr(DjangoTemplates, "render", counting)
    return calls


def test_the_fast_path_is_taken_for_common_widgets(template_calls: list[str]) -> None:
    # (a renderer that never took it would pass every comparison above)
    calls = template_calls
    forms.Select(choices=[("a", "A"), ("b", "B")]).render("s", "a", renderer=FAST)
    forms.TextInput().render("t", "x", renderer=FAST)
    assert calls == []
    forms.Textarea().render("t", "x", renderer=FAST)
    forms.RadioSelect(choices=[("a", "A")]).render("r", "a", renderer=FAST)
    forms.CheckboxSelectMultiple(choices=[("a", "A")]).render("c", ["a"], renderer=FAST)
    assert calls == []
    forms.ClearableFileInput().render("f", None, renderer=FAST)
    assert calls == ["django/forms/widgets/clearable_file_input.html"]


def labels(renderer: DjangoTemplates, **kwargs: object) -> list[str]:
    class Form(forms.Form):
        ten = forms.CharField(label="Họ <và> tên")
        ghi_chu = forms.CharField(label=gettext_lazy("Ghi chú"), required=False)
        an_toan = forms.CharField(label=mark_safe("<i>đậm</i>"), required=False)
        chon = forms.ChoiceField(label="Chọn?", choices=[("a", "A")], widget=forms.RadioSelect)

    form = Form(renderer=renderer, **kwargs)  # type: ignore[arg-type]
    form.required_css_class = "bat-buoc"
    out = [field.label_tag() for field in form]
    out += [form["ten"].label_tag(attrs={"class": "x", "data-on": True, "tat": False})]
    out += [form["ghi_chu"].label_tag(contents="<b>khác</b>", tag="span", label_suffix="")]
    out += [form["chon"].legend_tag()]
    return out


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"auto_id": False}, {"auto_id": "f-%s", "label_suffix": ""}, {"prefix": "p"}],
)
def test_labels_render_as_django_does(kwargs: dict) -> None:
    assert labels(FAST, **kwargs) == labels(DJANGO, **kwargs)


@settings(max_examples=60, deadline=None)
@given(label=texts, attrs=attrs, use_tag=st.booleans())
def test_label_template_renders_as_django_does(label: str, attrs: dict, use_tag: bool) -> None:
    context = {"label": label, "attrs": attrs, "use_tag": use_tag, "tag": "label", "field": None}
    expected = DJANGO.render("django/forms/label.html", context)
    assert FAST.render("django/forms/label.html", context) == expected


def test_the_fast_path_is_taken_for_labels(template_calls: list[str]) -> None:
    calls = template_calls
    form = forms.Form(renderer=FAST)
    form.fields["ten"] = forms.CharField(label="Tên")
    assert form["ten"].label_tag() == '<label for="id_ten">Tên:</label>'
    assert calls == []
    # A label that is not text (the template would localise it) goes through the template.
    form.fields["so"] = forms.CharField(label=1.5)  # type: ignore[arg-type]
    form["so"].label_tag(label_suffix="")
    assert calls == ["django/forms/label.html"]
