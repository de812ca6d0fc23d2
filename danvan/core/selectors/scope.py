"""What a user may see: organisations and areas, from the roles they hold.

A role is held at an organisation (`Membership`) and covers that organisation and every
organisation below it (`Organization.parent`). On top of that, the oversight roles (leader,
inspector, party committee) held at a province-level People's Committee, Inspectorate or Ban
Tuyên giáo và Dân vận cover everything in the province: every organisation whose area is the
province or one of its communes, and the organisations below those. Nothing else widens a scope,
so a commune-level user never sees another commune. A superuser sees everything.

The scope is computed with a bounded number of queries: one for the memberships, one per level
of the organisation tree below them, and two more when an oversight role is held. It is kept on
the user object (so for the request: `request.user` lives as long as the request) and in the
process's memory under (user, superuser flag, scope generation token), for the next requests.
The token is one row that database triggers renew whenever a role, the organisation tree or the
units change (`ScopeGeneration`, migration `core/0007`), so reading it (one small query) is what
a request pays; a change made by another server process is seen at once. The same token also
retires the work calendar and the deadline rules a process keeps (`kept_for_generation`; their
tables' triggers: migration `core/0010`).

Every selector of every module filters with `scope_queryset` (records with an organisation) or
`scope_area_queryset` (records with an administrative unit), and fetches single records with
`get_visible_or_404`, so a record outside the caller's scope looks exactly like a missing one.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from django.core.exceptions import MultipleObjectsReturned, ObjectDoesNotExist, ValidationError
from django.db import connection, models
from django.http import Http404

from danvan.core.models import AdminUnit, Membership, Organization, OrgKind, OrgLevel, Role
from danvan.core.models.units import UnitLevel

M = TypeVar("M", bound=models.Model)
T = TypeVar("T")

# Roles that, held at a province-level organisation of an oversight kind, cover the province.
OVERSIGHT_ROLES: frozenset[str] = frozenset({Role.LEADER, Role.INSPECTOR, Role.PARTY_COMMITTEE})
OVERSIGHT_KINDS: frozenset[str] = frozenset(
    {OrgKind.PEOPLES_COMMITTEE, OrgKind.INSPECTORATE, OrgKind.PROPAGANDA_MOBILISATION}
)

_CACHE_ATTR = "_danvan_scope"


@dataclass(frozen=True)
class Grant:
    """One membership and what it covers."""

    role: str
    organization_id: int
    level: str
    area_id: int | None
    # The organisation and everything below it: "the role is held here or at an ancestor".
    subtree: frozenset[int]
    # `subtree` plus, for an oversight role at province level, everything in the province.
    organizations: frozenset[int]
    areas: frozenset[int]
    oversight_province_id: int | None = None


@dataclass(frozen=True)
class HeldRole:
    """A role as the page header shows it (kept with the scope, so no query per page)."""

    role: str
    organization_id: int
    organization_name: str

    def get_role_display(self) -> str:
        return str(Role(self.role).label) if self.role in Role.values else self.role


@dataclass
class Scope:
    is_superuser: bool
    grants: tuple[Grant, ...]
    held: tuple[HeldRole, ...] = ()
    # Derived id sets; shared by the requests that use this scope (the values never change).
    _memo: dict[Any, frozenset[int]] = field(default_factory=dict)

    def _union(self, what: str, roles: Iterable[str] | None) -> frozenset[int]:
        wanted = frozenset(roles) if roles is not None else None
        key = (what, wanted)
        if key not in self._memo:
            chosen = [g for g in self.grants if wanted is None or g.role in wanted]
            if what == "orgs":
                self._memo[key] = frozenset().union(*(g.organizations for g in chosen))
            elif what == "areas":
                self._memo[key] = frozenset().union(*(g.areas for g in chosen))
            else:
                self._memo[key] = frozenset().union(*(g.subtree for g in chosen))
        return self._memo[key]

    def organizations_for(self, roles: Iterable[str] | None = None) -> frozenset[int]:
        return self._union("orgs", roles)

    def areas_for(self, roles: Iterable[str] | None = None) -> frozenset[int]:
        return self._union("areas", roles)

    def subtree_for(self, role: str) -> frozenset[int]:
        return self._union("subtree", [role])

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(g.role for g in self.grants)


_EMPTY = Scope(is_superuser=False, grants=())


# Scopes computed by this process, most recently used last: (user id, superuser, token) -> scope.
_SHARED: OrderedDict[tuple[int, bool, int], Scope] = OrderedDict()
_SHARED_LOCK = threading.Lock()
SHARED_MAX = 1000


def user_scope(user: Any) -> Scope:
    """The user's scope: on the user object, else this process's copy for the current scope
    generation, else computed (and kept in both)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return _EMPTY
    cached = getattr(user, _CACHE_ATTR, None)
    if isinstance(cached, Scope):
        return cached
    # The token is read before the scope is computed: a change committed in between then
    # leaves newer data under the older token, never older data under the newer one.
    token = scope_generation()
    key = (int(user.pk), bool(user.is_superuser), token) if token is not None else None
    scope = None
    if key is not None:
        with _SHARED_LOCK:
            scope = _SHARED.get(key)
            if scope is not None:
                _SHARED.move_to_end(key)
    if scope is None:
        scope = _compute_scope(user)
        if key is not None:
            with _SHARED_LOCK:
                _SHARED[key] = scope
                while len(_SHARED) > SHARED_MAX:
                    _SHARED.popitem(last=False)
    setattr(user, _CACHE_ATTR, scope)
    return scope


def scope_generation() -> int | None:
    """The current scope generation token (None when its row is missing: nothing is kept).

    Inside a request (`token_memo`), read once and kept until the request writes anything:
    a page asked for it two or three times (its scope, the work calendar, the assignee
    choices)."""
    memo: _TokenMemo | None = getattr(connection, _MEMO_ATTR, None)
    if memo is not None and memo.valid:
        return memo.token
    with connection.cursor() as cursor:
        cursor.execute("SELECT token FROM core_scopegeneration WHERE id = 1")
        row = cursor.fetchone()
    token = int(row[0]) if row is not None else None
    if memo is not None:
        memo.token, memo.valid = token, True
    return token


_MEMO_ATTR = "danvan_scope_token_memo"


@dataclass
class _TokenMemo:
    token: int | None = None
    valid: bool = False

    def watch(self, execute: Any, sql: Any, params: Any, many: bool, context: Any) -> Any:
        """Database execute wrapper: any statement but a SELECT (a write, a savepoint) may
        renew the token, so it is read again at the next use."""
        if self.valid and not (isinstance(sql, str) and sql.lstrip()[:6].upper() == "SELECT"):
            self.valid = False
        return execute(sql, params, many, context)


@contextmanager
def token_memo() -> Iterator[None]:
    """Within this block (a request: `core.middleware.ScopeTokenMiddleware`), the scope
    generation token is read from the database once, and again only after a statement that
    is not a SELECT. A change committed by another process meanwhile is seen at the next
    request, as if this one had read everything at its start."""
    if getattr(connection, _MEMO_ATTR, None) is not None:
        yield  # nested: the outer block keeps the memo
        return
    memo = _TokenMemo()
    setattr(connection, _MEMO_ATTR, memo)
    try:
        with connection.execute_wrapper(memo.watch):
            yield
    finally:
        delattr(connection, _MEMO_ATTR)


# Other values computed from data the token watches (the work calendar, the deadline rules,
# the people of an organisation): name -> (token, value), one value per name, replaced when the
# token changes; the least recently used names beyond SHARED_MAX are forgotten.
_KEPT: OrderedDict[str, tuple[int, Any]] = OrderedDict()


def kept_for_generation(name: str, build: Callable[[], T]) -> T:
    """`build()`'s value, kept by this process until the scope generation token changes: for
    reference data whose tables renew the token through the same triggers (migrations
    `core/0010`, `core/0011`). The token is read first (one small query), as for the scopes."""
    token = scope_generation()
    if token is None:
        return build()
    with _SHARED_LOCK:
        kept = _KEPT.get(name)
        if kept is not None:
            _KEPT.move_to_end(name)
    if kept is not None and kept[0] == token:
        return cast(T, kept[1])
    value = build()
    with _SHARED_LOCK:
        _KEPT[name] = (token, value)
        while len(_KEPT) > SHARED_MAX:
            _KEPT.popitem(last=False)
    return value


def shared_scopes_clear() -> None:
    """Forget every scope and value this process keeps (tests; the triggers make it
    unnecessary)."""
    with _SHARED_LOCK:
        _SHARED.clear()
        _KEPT.clear()


def scope_reset(user: Any) -> None:
    """Forget the cached scope (after the user's memberships changed in this request)."""
    if user is not None and hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _compute_scope(user: Any) -> Scope:
    memberships = list(
        Membership.objects.filter(user_id=user.pk)
        .select_related("organization__area")
        .order_by("id")
    )
    held = tuple(HeldRole(m.role, m.organization_id, m.organization.name) for m in memberships)
    area_of: dict[int, int | None] = {}
    oversight: dict[int, int] = {}  # membership id -> province id
    for m in memberships:
        org = m.organization
        area_of[org.pk] = org.area_id
        if (
            m.role in OVERSIGHT_ROLES
            and org.level == OrgLevel.PROVINCE
            and org.kind in OVERSIGHT_KINDS
            and org.area is not None
            and org.area.level == UnitLevel.PROVINCE
        ):
            oversight[m.pk] = org.area.pk

    provinces = set(oversight.values())
    province_orgs: dict[int, set[int]] = {p: set() for p in provinces}
    province_areas: dict[int, set[int]] = {p: {p} for p in provinces}
    if provinces:
        for commune_id, parent_id in AdminUnit.objects.filter(
            parent_id__in=provinces, level=UnitLevel.COMMUNE
        ).values_list("id", "parent_id"):
            if parent_id is not None:
                province_areas[parent_id].add(commune_id)
        for org_id, area_id, area_parent_id in Organization.objects.filter(
            models.Q(area_id__in=provinces)
            | models.Q(area__parent_id__in=provinces, area__level=UnitLevel.COMMUNE)
        ).values_list("id", "area_id", "area__parent_id"):
            province = area_id if area_id in provinces else area_parent_id
            if province is not None:
                province_orgs[province].add(org_id)
            area_of[org_id] = area_id

    roots: set[int] = set(area_of)
    children = _children_map(roots, area_of)

    grants: list[Grant] = []
    for m in memberships:
        subtree = tree_walk(m.organization_id, children)
        orgs = set(subtree)
        areas: set[int] = {a for o in subtree if (a := area_of.get(o)) is not None}
        overseen = oversight.get(m.pk)
        if overseen is not None:
            for province_org_id in province_orgs[overseen]:
                orgs |= tree_walk(province_org_id, children)
            areas |= province_areas[overseen]
            areas |= {a for o in orgs if (a := area_of.get(o)) is not None}
        grants.append(
            Grant(
                role=m.role,
                organization_id=m.organization_id,
                level=m.organization.level,
                area_id=m.organization.area_id,
                subtree=frozenset(subtree),
                organizations=frozenset(orgs),
                areas=frozenset(areas),
                oversight_province_id=overseen,
            )
        )
    return Scope(is_superuser=bool(user.is_superuser), grants=tuple(grants), held=held)


def _children_map(roots: set[int], area_of: dict[int, int | None]) -> dict[int, list[int]]:
    """Parent id -> child ids for everything below `roots`, one query per tree level."""
    children: dict[int, list[int]] = {}
    seen = set(roots)
    frontier = set(roots)
    while frontier:
        next_frontier: set[int] = set()
        for org_id, parent_id, area_id in Organization.objects.filter(
            parent_id__in=sorted(frontier)
        ).values_list("id", "parent_id", "area_id"):
            children.setdefault(parent_id, []).append(org_id)
            area_of.setdefault(org_id, area_id)
            if org_id not in seen:
                seen.add(org_id)
                next_frontier.add(org_id)
        frontier = next_frontier
    return children


def tree_walk(root: int, children: Mapping[int, Iterable[int]]) -> set[int]:
    """`root` and every id below it in a parent -> children map; safe on a cycle in bad data."""
    found = {root}
    stack = [root]
    while stack:
        for child in children.get(stack.pop(), ()):
            if child not in found:  # a cycle in bad data must not loop forever
                found.add(child)
                stack.append(child)
    return found


# --- Public reads ---------------------------------------------------------------------------


def visible_organization_ids(user: Any) -> set[int]:
    """Ids of the organisations whose records the user may see (all of them for a superuser)."""
    scope = user_scope(user)
    if scope.is_superuser:
        key = ("orgs", "all")
        if key not in scope._memo:
            scope._memo[key] = frozenset(Organization.objects.values_list("id", flat=True))
        return set(scope._memo[key])
    return set(scope.organizations_for())


def visible_area_ids(user: Any) -> set[int]:
    """Ids of the administrative units (provinces, communes) the user's scope covers.

    These are the areas of the visible organisations, plus, for a province-wide oversight
    role, the province and every one of its communes.
    """
    scope = user_scope(user)
    if scope.is_superuser:
        key = ("areas", "all")
        if key not in scope._memo:
            scope._memo[key] = frozenset(AdminUnit.objects.values_list("id", flat=True))
        return set(scope._memo[key])
    return set(scope.areas_for())


def organization_ids_for_roles(user: Any, roles: Iterable[str]) -> set[int]:
    """Organisations covered by the memberships holding one of `roles` (oversight included)."""
    return set(user_scope(user).organizations_for(roles))


def area_ids_for_roles(user: Any, roles: Iterable[str]) -> set[int]:
    return set(user_scope(user).areas_for(roles))


def user_roles(user: Any) -> set[str]:
    """The roles the user holds anywhere."""
    return set(user_scope(user).roles)


def user_has_role(user: Any, role: str, *, org: Organization | int | None = None) -> bool:
    """Whether the user holds `role` (at `org` or at an ancestor of it, when `org` is given)."""
    scope = user_scope(user)
    if org is None:
        return role in scope.roles
    org_id = org if isinstance(org, int) else org.pk
    return org_id in scope.subtree_for(role)


def is_superuser(user: Any) -> bool:
    return user_scope(user).is_superuser


def _lookup(field_name: str, suffix: str) -> str:
    if field_name in ("", "pk", "id"):
        return f"pk__{suffix}"
    return f"{field_name}__{suffix}"


def scope_queryset(
    qs: models.QuerySet[M], user: Any, *, org_field: str = "organization"
) -> models.QuerySet[M]:
    """`qs` narrowed to rows whose organisation (`org_field`, a FK or path) the user may see.

    Pass `org_field="pk"` for the `Organization` model itself.
    """
    scope = user_scope(user)
    if scope.is_superuser:
        return qs
    ids = scope.organizations_for()
    if not ids:
        return qs.none()
    return qs.filter(**{_lookup(org_field, "in"): sorted(ids)})


def scope_area_queryset(
    qs: models.QuerySet[M], user: Any, *, area_field: str = "area"
) -> models.QuerySet[M]:
    """`qs` narrowed to rows whose administrative unit (`area_field`) the user's scope covers."""
    scope = user_scope(user)
    if scope.is_superuser:
        return qs
    ids = scope.areas_for()
    if not ids:
        return qs.none()
    return qs.filter(**{_lookup(area_field, "in"): sorted(ids)})


def row_in_scope(
    user: Any,
    organization_id: int | None,
    shared: models.QuerySet[Any],
    *,
    roles: Iterable[str] | None = None,
    org_field: str = "organization",
) -> bool:
    """Whether a row read on its own is one the user's scoped queryset holds: the user is a
    superuser, or the row's organisation is in the scope (for `roles`), or `shared` (the rows
    that share it with other organisations: a case's agencies, a task's supporting units) has
    one whose `org_field` is in the scope. The row's own organisation is checked first, without
    a query."""
    scope = user_scope(user)
    if scope.is_superuser:
        return True
    ids = scope.organizations_for(roles)
    if not ids:
        return False
    if organization_id in ids:
        return True
    return shared.filter(**{_lookup(org_field, "in"): sorted(ids)}).exists()


def get_visible_or_404(
    qs: models.QuerySet[M], user: Any, *, org_field: str = "organization", **lookup: Any
) -> M:
    """The one row matching `lookup` inside the user's scope; 404 as if it did not exist."""
    try:
        return scope_queryset(qs, user, org_field=org_field).get(**lookup)
    except (ObjectDoesNotExist, MultipleObjectsReturned, ValidationError, ValueError, TypeError):
        raise Http404 from None
