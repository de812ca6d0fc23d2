"""danvan.core.db.compiler: ORDER BY compiled without mapping the select list when no term can
refer to it, with the same SQL as Django's compiler in every case."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.db.models.expressions import Col
from django.db.models.functions import Lower
from django.db.models.sql import compiler as django_compiler

from danvan.core.db.compiler import OrderingWithoutSelectRefs, PlainColumns
from danvan.core.models import Obligation, Organization, User
from danvan.petitions.models import Petition, Transfer


def _django_compiler_class() -> Any:
    """The compiler Django's own backend would use for this connection."""
    if connection.vendor == "postgresql":
        from django.db.backends.postgresql import compiler as vendor

        return vendor.SQLCompiler
    return django_compiler.SQLCompiler


def _sql(qs: QuerySet[Any], compiler_class: Any) -> tuple[str, tuple[Any, ...]]:
    query = qs.query.clone()
    return compiler_class(query, connection, "default").as_sql()  # type: ignore[no-any-return]


QUERYSETS = {
    "names, wide select": lambda: Petition.objects.select_related(
        "organization", "area", "assignee"
    ).order_by("-received_on", "pk"),
    "first() orders by pk": lambda: Petition.objects.select_related("organization").order_by(),
    "through a relation": lambda: Transfer.objects.select_related("petition").order_by(
        "petition__case_number", "-id"
    ),
    "model's Meta.ordering": lambda: Obligation.objects.select_related("organization"),
    "related model's ordering": lambda: Transfer.objects.order_by("from_organization"),
    "annotation by alias": lambda: Organization.objects.annotate(n=Count("children")).order_by(
        "-n", "code"
    ),
    "values with names": lambda: User.objects.values("username", "email").order_by("username"),
    "expression": lambda: User.objects.order_by(Lower("username").desc(), "id"),
    "F of a selected column": lambda: User.objects.order_by(F("username").asc(nulls_last=True)),
    "union": lambda: (
        User.objects.filter(pk__lt=5)
        .values("id", "username")
        .union(User.objects.filter(pk__gt=10).values("id", "username"))
        .order_by("username")
    ),
    "extra": lambda: User.objects.extra(select={"u": "username"}, order_by=["u"]),
    "random": lambda: Organization.objects.filter(Q(code__startswith="1")).order_by("?"),
}


def test_the_backend_uses_the_compiler() -> None:
    assert issubclass(connection.ops.compiler("SQLCompiler"), OrderingWithoutSelectRefs)
    assert issubclass(connection.ops.compiler("SQLCompiler"), PlainColumns)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(QUERYSETS))
def test_same_sql_as_djangos_compiler(name: str) -> None:
    qs = QUERYSETS[name]()
    if name == "first() orders by pk":
        qs = qs.order_by("pk")  # what first() adds to an unordered queryset
    ours = _sql(qs, connection.ops.compiler("SQLCompiler"))
    theirs = _sql(qs, _django_compiler_class())
    assert ours == theirs
    list(qs[:3])  # and the database accepts it


def _position_refs(qs: QuerySet[Any]) -> int:
    made = 0
    real = django_compiler.PositionRef

    def counting(*args: Any, **kwargs: Any) -> Any:
        nonlocal made
        made += 1
        return real(*args, **kwargs)

    with mock.patch.object(django_compiler, "PositionRef", counting):
        _sql(qs, connection.ops.compiler("SQLCompiler"))
    return made


@pytest.mark.django_db
def test_names_only_skip_the_select_mapping() -> None:
    assert _position_refs(QUERYSETS["names, wide select"]()) == 0
    assert _position_refs(QUERYSETS["model's Meta.ordering"]()) == 0


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["annotation by alias", "values with names", "expression"])
def test_terms_that_may_refer_to_the_select_keep_djangos_way(name: str) -> None:
    assert _position_refs(QUERYSETS[name]()) > 0


@pytest.mark.django_db
def test_plain_columns_are_compiled_without_col_as_sql() -> None:
    qs = QUERYSETS["names, wide select"]().filter(organization__code="1")
    with mock.patch.object(Col, "as_sql", side_effect=AssertionError("Col.as_sql called")):
        ours = _sql(qs, connection.ops.compiler("SQLCompiler"))
    theirs = _sql(qs, _django_compiler_class())
    assert ours == theirs
    assert ours[0].count('"petitions_petition"."') > 20


class _Renamed(Col):
    """A Col subclass: compiled by Django's way (its own as_sql)."""

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        return "renamed", []


@pytest.mark.django_db
def test_a_col_subclass_keeps_its_own_sql() -> None:
    compiler = connection.ops.compiler("SQLCompiler")(User.objects.all().query, connection, None)
    field = User._meta.get_field("username")
    assert compiler.compile(_Renamed("core_user", field)) == ("renamed", [])
    assert compiler.compile(Col("core_user", field)) == (
        f"{connection.ops.quote_name('core_user')}.{connection.ops.quote_name('username')}",
        [],
    )
    assert compiler.compile(Col(None, field)) == (connection.ops.quote_name("username"), [])
