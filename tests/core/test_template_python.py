"""Templates written by Python functions (danvan/core/template_python.py): the loader hands them
out for the configured names, and each writes exactly what its template file renders."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template import Context, engines
from django.template.base import Template
from django.utils.safestring import mark_safe
from hypothesis import given, settings
from hypothesis import strategies as st

from danvan.core.template_python import PythonTemplate

FIELD_TEMPLATES = ("petitions/_field.html", "reception/_field.html")
BODY = "petitions/_form_body.html"

texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=10)
labels = st.one_of(texts, texts.map(mark_safe), st.sampled_from(["Họ và tên", "<b>&", "a\"'"]))


def _template(name: str) -> PythonTemplate:
    template = engines["django"].engine.get_template(name)
    assert isinstance(template, PythonTemplate), name
    return template


def _both(name: str, context: dict[str, Any], *, autoescape: bool = True) -> tuple[str, str]:
    template = _template(name)
    expected = template.fallback.render(Context(context, autoescape=autoescape))
    written = template.render(Context(context, autoescape=autoescape))
    return expected, written


def _form_class(label: str, help_text: str, choice_label: str) -> type[forms.Form]:
    class Sample(forms.Form):
        expected_version = forms.IntegerField(widget=forms.HiddenInput)
        name = forms.CharField(label=label, help_text=help_text, max_length=3)
        note = forms.CharField(label=label, widget=forms.Textarea, required=False)
        agree = forms.BooleanField(label=label, help_text=help_text)
        kind = forms.ChoiceField(
            label=label,
            choices=[("a", choice_label), ("b", "Khác")],
            widget=forms.RadioSelect,
        )
        pick = forms.ChoiceField(label=label, choices=[("", "—"), ("x", choice_label)])
        on = forms.DateField(label=label, required=False)

        def clean(self) -> dict[str, Any]:
            raise ValidationError(f"Không hợp lệ: {choice_label}")

    return Sample


def _forms(label: str, help_text: str, choice_label: str) -> list[forms.Form]:
    sample = _form_class(label, help_text, choice_label)
    unbound = sample(initial={"name": label, "kind": "a"})
    invalid = sample({"name": "quá dài", "kind": "z", "on": "31/02/2026"})
    valid_fields = sample({"expected_version": "3", "name": "ab", "agree": "on", "kind": "a"})
    prefixed = sample({"p-name": "<x>"}, prefix="p", auto_id="id_%s_x")
    for form in (invalid, valid_fields, prefixed):
        form.is_valid()
    return [unbound, invalid, valid_fields, prefixed]


@settings(max_examples=60, deadline=None)
@given(
    label=labels,
    help_text=labels,
    choice_label=labels,
    extra=st.one_of(st.none(), st.sampled_from(["person-name-field", "x"]), labels),
)
def test_the_field_templates_write_what_their_files_render(
    label: str, help_text: str, choice_label: str, extra: str | None
) -> None:
    for form in _forms(label, help_text, choice_label):
        for field in form:
            for name in FIELD_TEMPLATES:
                context = {"field": field, "extra_class": extra}
                expected, written = _both(name, context)
                assert written == expected, (name, field.name)
                expected, written = _both(name, context, autoescape=False)
                assert written == expected, (name, field.name, "autoescape off")


@settings(max_examples=40, deadline=None)
@given(
    label=labels,
    help_text=labels,
    choice_label=labels,
    extra=st.one_of(st.none(), st.sampled_from(["person-name-field", "x"]), labels),
)
def test_the_form_body_writes_what_its_file_renders(
    label: str, help_text: str, choice_label: str, extra: str | None
) -> None:
    for form in _forms(label, help_text, choice_label):
        context: dict[str, Any] = {"f": form}
        if extra is not None:
            context["extra_class"] = extra
        expected, written = _both(BODY, context)
        assert written == expected
        assert (form.errors and "message-error" in written) or not form.non_field_errors()


@pytest.mark.django_db
def test_every_petition_and_reception_form_renders_as_its_file_does() -> None:
    """The module's own forms, with their widgets and help texts (unbound and bound empty)."""
    from danvan.petitions import forms as petition_forms
    from danvan.reception import forms as reception_forms

    checked = 0
    for module in (petition_forms, reception_forms):
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, forms.BaseForm) or cls.__module__ != module.__name__:
                continue
            try:
                made = [cls(), cls({})]
            except TypeError:
                continue  # needs arguments the page passes (choices, a petition)
            for form in made:
                form.is_valid()
                expected, written = _both(BODY, {"f": form})
                assert written == expected, cls.__name__
                for field in form:
                    for name in FIELD_TEMPLATES:
                        expected, written = _both(name, {"field": field})
                        assert written == expected, (cls.__name__, field.name, name)
                checked += 1
    assert checked >= 10


def test_a_context_the_function_was_not_written_for_renders_the_file() -> None:
    for name in (*FIELD_TEMPLATES, BODY):
        template = _template(name)
        for context in ({}, {"field": "chữ", "f": "không phải form"}):
            assert template.function(Context(context)) is None
            assert template.render(Context(context)) == template.fallback.render(Context(context))


def test_other_names_load_as_compiled_templates_and_a_reset_reloads() -> None:
    engine = engines["django"].engine
    assert isinstance(engine.get_template("petitions/detail.html"), Template)
    loader = engine.template_loaders[0]
    first = engine.get_template("petitions/_field.html")
    assert engine.get_template("petitions/_field.html") is first  # kept
    loader.reset()
    again = engine.get_template("petitions/_field.html")
    assert isinstance(again, PythonTemplate) and again is not first
    assert again.fallback is not first.fallback
