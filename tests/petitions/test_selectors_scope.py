"""The scoped petition list: own cases plus cases coordinated by the user's organisations,
written so that PostgreSQL can use its indexes (docs/load-test.md)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.utils import timezone

from danvan.petitions import selectors
from danvan.petitions.models import Petition
from danvan.petitions.search import FTS_TABLE
from danvan.petitions.services import petition_agency_set, petition_register
from tests.factories import MembershipFactory, UserFactory
from tests.petitions.conftest import World, petition_input


def _own_cases_and_a_coordinated_one(world: World) -> tuple[Petition, Petition, Petition]:
    """A case at commune A, one at commune B, and a province case that commune A coordinates."""
    own_a = petition_register(actor=world.officer_a, data=petition_input())
    own_b = petition_register(actor=world.officer_b, data=petition_input(area_code="19002"))
    provincial = petition_register(actor=world.officer, data=petition_input())
    petition_agency_set(
        petition=provincial,
        actor=world.officer,
        organization=world.commune_a_org,
        role="coordinating",
        part="Xác minh hiện trạng sử dụng đất",
        assignee=world.officer_a,
        due=timezone.localdate() + dt.timedelta(days=10),
    )
    return own_a, own_b, provincial


def test_commune_officer_lists_its_own_and_coordinated_cases_and_nothing_else(
    world: World,
) -> None:
    # given a case at each commune and a province case that commune A coordinates
    own_a, own_b, provincial = _own_cases_and_a_coordinated_one(world)

    # when each commune officer lists the cases
    list_a = selectors.petition_list(user=world.officer_a)
    list_b = selectors.petition_list(user=world.officer_b)

    # then each sees its own, commune A also the coordinated one, counted the same way
    assert [p.pk for p in list_a] == sorted([own_a.pk, provincial.pk], reverse=True)
    assert list_a.count() == 2
    assert [p.pk for p in list_b] == [own_b.pk]
    assert sorted(p.pk for p in selectors.petition_list(user=world.officer)) == sorted(
        [own_a.pk, own_b.pk, provincial.pk]
    )


def test_scoped_list_is_one_union_not_an_or_over_a_subquery(world: World) -> None:
    """`organization_id IN (...) OR id IN (subquery)` cannot use an index on PostgreSQL: with
    100,000 petitions a commune's list scanned them all (1.7 s); the union reads two indexes."""
    sql = str(selectors.petition_list(user=world.officer_a).query)
    where = sql.split(" WHERE ", 1)[1]
    assert "UNION" in where
    assert " OR " not in where


def test_search_in_the_scoped_list_finds_own_and_coordinated_matches_only(world: World) -> None:
    # given commune A's own cases, one about a school and one not, a province case about a
    # school that commune A coordinates, and a school case of commune B
    school = "Phòng học của trường tiểu học thôn Đông xuống cấp, mái dột khi mưa lớn."
    own_match = petition_register(actor=world.officer_a, data=petition_input(content=school))
    petition_register(actor=world.officer_a, data=petition_input())
    provincial = petition_register(actor=world.officer, data=petition_input(content=school))
    petition_agency_set(
        petition=provincial,
        actor=world.officer,
        organization=world.commune_a_org,
        role="coordinating",
        part="Kiểm tra hiện trạng phòng học",
        assignee=world.officer_a,
        due=timezone.localdate() + dt.timedelta(days=10),
    )
    petition_register(actor=world.officer_b, data=petition_input(area_code="19002", content=school))

    # when commune A's officer searches for the school
    found = selectors.petition_list(
        user=world.officer_a, filters=selectors.PetitionFilters(q="phòng học trường")
    )

    # then the search runs inside the own branch of the union too, and both matches come back
    assert [p.pk for p in found] == sorted([own_match.pk, provincial.pk], reverse=True)
    assert found.count() == 2
    marker = '"search_vector" @@' if connection.vendor == "postgresql" else f"{FTS_TABLE} MATCH"
    assert str(found.query).count(marker) == 2  # the union's own branch and the whole list


def test_counted_scope_is_the_list_scope_without_order_or_union(world: World) -> None:
    # given the same cases as the list test: own cases in communes A and B, and a province
    # case in commune A that commune A coordinates
    own_a, own_b, provincial = _own_cases_and_a_coordinated_one(world)

    # then commune A counts its own and the coordinated case, like its list
    counted = selectors.petitions_counted(user=world.officer_a)
    assert sorted(counted.values_list("pk", flat=True)) == sorted([own_a.pk, provincial.pk])
    where = str(counted.query).split(" WHERE ", 1)[1]
    assert "UNION" not in where and " OR " in where
    # and a territory keeps the cases of its units only
    province = selectors.petitions_counted(user=world.officer, territory=[world.commune_b.pk])
    assert list(province.values_list("pk", flat=True)) == [own_b.pk]
    assert not selectors.petitions_counted(user=world.officer_a, territory=[]).exists()


def test_one_case_is_found_exactly_where_the_scoped_list_holds_it(world: World) -> None:
    """`petition_get` checks the scope on the row it read (a fixed statement); it must answer
    as the scoped queryset does, for own, coordinated and foreign cases alike."""
    own_a, own_b, provincial = _own_cases_and_a_coordinated_one(world)
    outsider = UserFactory(username="ngoai.pham.vi")
    inactive = UserFactory(username="da.nghi", is_active=False)
    MembershipFactory(user=inactive, organization=world.commune_a_org, role="officer")
    superuser = UserFactory(username="quan.tri", is_superuser=True)
    users = [world.officer, world.officer_a, world.officer_b, world.viewer, outsider]
    for user in [*users, inactive, superuser, AnonymousUser()]:
        listed = set(selectors._scoped(user).values_list("pk", flat=True))
        for case in (own_a, own_b, provincial):
            found = selectors.petition_get_or_none(user=user, pk=case.pk)
            assert (found is not None) == (case.pk in listed), (user, case.case_number)
            if found is not None:
                assert found == case
    assert selectors.petition_get_or_none(user=world.officer_a, pk=provincial.pk) is not None
    assert selectors.petition_get_or_none(user=world.officer_b, pk=provincial.pk) is None
    assert selectors.petition_get_or_none(user=superuser, pk=own_b.pk) == own_b
    assert selectors.petition_get_or_none(user=world.officer_a, pk=10**9) is None
    assert selectors.petition_get_or_none(user=world.officer_a, pk="abc") is None


def test_the_filters_also_narrow_the_unions_own_branch(world: World) -> None:
    """A status (or any other filter) is applied inside the union too, where the database can
    use the (organisation, status) index, and again outside it, for the coordinated cases."""
    own_a, _own_b, provincial = _own_cases_and_a_coordinated_one(world)
    filters = selectors.PetitionFilters(status="received", kind="complaint")
    qs = selectors.petition_list(user=world.officer_a, filters=filters)
    union = str(qs.query).split(" UNION ", 1)[0]
    assert "status" in union and "kind" in union  # inside the own branch
    assert sorted(p.pk for p in qs) == sorted([own_a.pk, provincial.pk])
    assert (
        selectors.petition_list(
            user=world.officer_a, filters=selectors.PetitionFilters(status="closed")
        ).count()
        == 0
    )
    elsewhere = selectors.petition_list(
        user=world.officer_a, filters=selectors.PetitionFilters(area_code="19002")
    )
    assert list(elsewhere) == []  # commune B's unit: officer A sees no case there
