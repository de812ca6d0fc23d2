"""Putting a service's error on a Django form, and filling a choice field: shared by the
modules' forms so every page shows a `DomainError` the same way."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms

from danvan.core.errors import DomainError


def apply_error(
    form: forms.Form, exc: DomainError, *, aliases: Mapping[str, str] | None = None
) -> None:
    """Put the error next to each visible field it names (`aliases` maps a service's field
    name to the form's; "items.2.lead" lands on "items"); when none is on the form, the
    message goes on top of it."""
    placed = False
    for name, message in exc.fields.items():
        key = (aliases or {}).get(name) or name.split(".", 1)[0]
        field = form.fields.get(key)
        if field is not None and not isinstance(field.widget, forms.HiddenInput):
            form.add_error(key, message)
            placed = True
    if not placed:
        form.add_error(None, exc.message)


def set_choices(form: forms.Form, name: str, choices: Sequence[tuple[Any, Any]]) -> None:
    """Give the choice field `name` its choices (computed per user by the view)."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = list(choices)
