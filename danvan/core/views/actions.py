"""The one way a record page handles a form that changes the record (a lifecycle move, an
update, a conclusion): parse, call the service, then redirect with a success message; on a
version conflict reload the page with the conflict message (409); on a service error show the
form again with the error next to its field; a permission error is a 403.

`form_page_action` is the same for a page that is only the form (create, edit): on an error the
form is shown again as sent, with the error's status."""

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
Result = TypeVar("Result")
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


def form_page_action(
    request: HttpRequest,
    *,
    form: forms.Form,
    call: Callable[[dict[str, Any]], Result],
    render: Callable[[int], HttpResponse],
    success: Callable[[Result], str],
    redirect_to: Callable[[Result], str],
    conflict_message: str | Promise | None = None,
    conflict_redirect: str | None = None,
    on_error: Callable[[forms.Form, DomainError], None] = apply_error,
) -> HttpResponse:
    """Run `call(cleaned_data)` for the bound `form`, then show `success(result)` and go to
    `redirect_to(result)`. Otherwise `render(status)` shows the page again with the form as
    sent: 400 when it does not validate, else the service error's status with the error next
    to its field. A permission error is a 403. A lost race also shows `conflict_message`;
    with `conflict_redirect` it goes there instead (the form reloaded at the latest version)."""
    if not form.is_valid():
        return render(400)
    try:
        result = call(form.cleaned_data)
    except DomainPermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from None
    except DomainError as exc:
        if isinstance(exc, Conflict) and conflict_message is not None:
            messages.error(request, str(conflict_message))
            if conflict_redirect is not None:
                return HttpResponseRedirect(conflict_redirect)
        on_error(form, exc)
        return render(exc.status)
    messages.success(request, success(result))
    return HttpResponseRedirect(redirect_to(result))
