"""Reads of the organisations: the scoped list, one organisation, the tree below one.

`user=None` means the system (the command line, the installer): no scoping. Every page and
API endpoint passes the signed-in user, and sees only the organisations of its scope
(`danvan.core.selectors.scope`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from danvan.core.errors import NotFound, ValidationFailed
from danvan.core.models import Organization, OrgKind, OrgLevel
from danvan.core.selectors.scope import scope_queryset, tree_walk
from danvan.text import fold


def _printable(text: str | None) -> str:
    """Input without control characters (PostgreSQL refuses NUL in a query parameter)."""
    return "".join(ch for ch in (text or "") if ch.isprintable()).strip()


def _scoped(user: Any, qs: QuerySet[Organization]) -> QuerySet[Organization]:
    if user is None:
        return qs
    return scope_queryset(qs, user, org_field="pk")


def organization_list(
    *,
    user: Any,
    q: str = "",
    kind: str | None = None,
    level: str | None = None,
    area_code: str | None = None,
    parent_code: str | None = None,
    include_inactive: bool = False,
) -> QuerySet[Organization]:
    """Organisations the user may see, filtered, sorted by code.

    `q`: every word must occur in the folded name or short name, or be the start of the code;
    `area_code`: organisations whose area has that code, or whose area is a commune of the
    province with that code.
    """
    if kind and kind not in OrgKind.values:
        raise ValidationFailed(
            _("Loại cơ quan «%(kind)s» không hợp lệ.") % {"kind": kind},
            fields={
                "kind": _("Giá trị hợp lệ: %(values)s.") % {"values": ", ".join(OrgKind.values)}
            },
        )
    if level and level not in OrgLevel.values:
        raise ValidationFailed(
            _("Cấp «%(level)s» không hợp lệ: dùng national, province hoặc commune.")
            % {"level": level},
            fields={"level": _("Giá trị hợp lệ: national, province, commune.")},
        )
    qs = _scoped(user, Organization.objects.select_related("area", "parent"))
    if not include_inactive:
        qs = qs.filter(is_active=True)
    if kind:
        qs = qs.filter(kind=kind)
    if level:
        qs = qs.filter(level=level)
    if area_code:
        code = _printable(area_code)
        qs = qs.filter(Q(area__code=code) | Q(area__parent__code=code))
    if parent_code:
        qs = qs.filter(parent__code=_printable(parent_code))
    for term in fold(_printable(q)).split()[:8]:
        qs = qs.filter(Q(search_name__contains=term) | Q(code__istartswith=term))
    return qs.order_by("code")


def organization_get(*, user: Any, code: str) -> Organization:
    """The organisation with `code` if the user may see it; NotFound otherwise (the same
    answer whether it does not exist or is outside the user's scope)."""
    qs = _scoped(user, Organization.objects.select_related("area__parent", "parent"))
    org = qs.filter(code=_printable(code)).first()
    if org is None:
        raise NotFound(
            _("Không tìm thấy cơ quan, đơn vị mã «%(code)s».") % {"code": code},
            fields={"code": _("Không có cơ quan với mã này (hoặc bạn không có quyền xem).")},
        )
    return org


def organization_children(*, user: Any, org: Organization) -> QuerySet[Organization]:
    """Direct children of `org` that the user may see."""
    return _scoped(user, org.children.select_related("area")).order_by("code")


def organization_ancestors(org: Organization) -> list[Organization]:
    """From the top of the tree down to the parent of `org` (for breadcrumbs)."""
    chain: list[Organization] = []
    seen = {org.pk}
    current = org.parent
    while current is not None and current.pk not in seen:
        chain.append(current)
        seen.add(current.pk)
        current = current.parent
    return list(reversed(chain))


def organization_descendant_ids(org: Organization | int, *, include_self: bool = True) -> set[int]:
    """Ids of every organisation below `org` (and `org` itself unless `include_self=False`).

    One query, `SELECT id, parent_id` of all organisations (a few tens of thousands at most
    for a whole country: cheaper than one query per level with ever larger IN lists), then a
    walk in Python that tolerates a cycle in bad data.
    """
    root = org if isinstance(org, int) else int(org.pk)
    children: dict[int, list[int]] = {}
    for org_id, parent_id in Organization.objects.filter(parent__isnull=False).values_list(
        "id", "parent_id"
    ):
        children.setdefault(parent_id, []).append(org_id)
    found = tree_walk(root, children)
    if not include_self:
        found.discard(root)
    return found
