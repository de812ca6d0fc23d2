"""The one way a record page handles a form that changes the record (a lifecycle move, an
update, a conclusion): parse, call the service, then redirect with a success message; on a
version conflict reload the page with the conflict message (409); on a service error show the
form again with the error next to its field; a permission error is a 403."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.functional import Promise

from danvan.core.errors import Conflict, DomainError
from danvan.core.errors import PermissionDenied as DomainPermissionDenied
from danvan.core.forms.errors import apply_error

Record = TypeVar("Record")
Render = Callable[[Record, int, dict[str, forms.Form] | None], HttpResponse]


def record_form_action(
    request: HttpRequest,
    *,
    load: Callable[[], Record],
    render: Render[Record],
    key: str,
    form: forms.Form,
    call: Callable[[Record, dict[str, Any]], Any],
    success: Callable[[Record], str],
    redirect_to: str,
    conflict_message: str | Promise,
    on_error: Callable[[forms.Form, DomainError], None] = apply_error,
) -> HttpResponse:
    """Run `call(record, cleaned_data)` for the bound `form` (shown again under `key`)."""
    record = load()
    if not form.is_valid():
        return render(record, 400, {key: form})
    try:
        call(record, form.cleaned_data)
    except Conflict:
        messages.error(request, str(conflict_message))
        return render(load(), 409, None)
    except DomainPermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from None
    except DomainError as exc:
        if exc.status == 404:
            raise Http404 from None
        on_error(form, exc)
        return render(load(), exc.status, {key: form})
    messages.success(request, success(load()))
    return HttpResponseRedirect(redirect_to)
