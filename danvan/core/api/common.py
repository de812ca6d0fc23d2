"""Pieces every app's API shares: bounds, the error responses, the page envelope, no-store,
the caller's record an endpoint works on, and the organisation named by its code in a
request."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Schema

from danvan.core.api.auth import ErrorOut, api_user
from danvan.core.errors import NotFound, ValidationFailed
from danvan.core.models import Organization, User
from danvan.core.pagination import KEYS_UP_TO, key_slice, page_rows, rows_for_keys
from danvan.core.selectors import orgs as org_selectors

Record = TypeVar("Record")

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_ID = 2**63 - 1  # larger path ids would overflow the database's integer: 404 instead of 500

ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ErrorOut,
}


def no_store(response: HttpResponse) -> None:
    """Answers holding personal or case data are never kept by caches."""
    response["Cache-Control"] = "no-store"


def scoped_record(
    request: HttpRequest, response: HttpResponse, get: Callable[..., Record], pk: int
) -> tuple[User, Record]:
    """The caller and the record `get(user=, pk=)` finds in their scope (404 otherwise), for an
    endpoint whose answer holds the record's data: the answer is marked no-store (an error's
    answer is a new response, so this only ever marks a success)."""
    user = api_user(request)
    record = get(user=user, pk=pk)
    no_store(response)
    return user, record


def page_of(
    qs: QuerySet[Any],
    *,
    page: int,
    page_size: int,
    item: Callable[[Any], Any],
    deferred: bool = False,
    keys: QuerySet[Any] | None = None,
) -> dict[str, Any]:
    """One page of `qs` in the API's envelope: items, count, page, page_size. `deferred`:
    the page's keys first, then its rows (`danvan.core.pagination`), for long scoped lists;
    `keys`: the count and the page's keys read from these rows instead (their first value is
    the key, in `qs`'s order: `DeferredPaginator(keys=...)`)."""
    first = (page - 1) * page_size
    if keys is not None and first + page_size <= KEYS_UP_TO:
        # As DeferredPaginator(keys_up_to=...): the count and the page from one statement when
        # no more than KEYS_UP_TO match; the page from the keys read in any case.
        head = key_slice(keys, 0, KEYS_UP_TO + 1)
        count = len(head) if len(head) <= KEYS_UP_TO else keys.count()
        rows = rows_for_keys(qs, head[first : first + page_size])
    elif keys is not None:
        count = keys.count()
        rows = rows_for_keys(qs, key_slice(keys, first, first + page_size))
    elif deferred:
        count = qs.count()
        rows = page_rows(qs, first, first + page_size)
    else:
        count = qs.count()
        rows = list(qs[first : first + page_size])
    return {
        "items": [item(row) for row in rows],
        "count": count,
        "page": page,
        "page_size": page_size,
    }


def active_organization_ids(codes: Iterable[str], field: str) -> dict[str, int]:
    """Ids of the active organisations with these codes, in the order given (repeats once).

    Names and codes are not confidential: a unit a record names (a party, an invitee, an
    addressee) may lie outside the caller's scope, and the service decides which units the
    caller may name. Every unknown code is listed in one error on `field`."""
    wanted = list(dict.fromkeys(c.strip() for c in codes if c and c.strip()))
    found = dict(
        Organization.objects.filter(code__in=wanted, is_active=True).values_list("code", "pk")
    )
    missing = [c for c in wanted if c not in found]
    if missing:
        message = _("Không có cơ quan, đơn vị với mã: {codes}.").format(
            codes=", ".join(c[:40] for c in missing[:5])
        )
        raise ValidationFailed(message, fields={field: message})
    return {c: int(found[c]) for c in wanted}


def active_organization_id(code: str | None, field: str) -> int | None:
    """The id of the active organisation with `code` (see `active_organization_ids`); None when
    no code is given."""
    ids = active_organization_ids([code or ""], field)
    return next(iter(ids.values()), None)


def organization_id_for(
    user: Any, code: str | None, field: str = "organization_code"
) -> int | None:
    """The id of the organisation with `code` in the user's reach; None when no code is given."""
    if not code:
        return None
    try:
        return int(org_selectors.organization_get(user=user, code=code).pk)
    except NotFound:
        message = _("Không có cơ quan với mã này (hoặc bạn không có quyền ở cơ quan đó).")
        raise ValidationFailed(message, fields={field: message}) from None
