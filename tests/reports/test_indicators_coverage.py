"""Who a report speaks for (`coverage_for`): a province People's Committee for every body of the
province and its communes, a commune People's Committee for itself, a department for its own
subtree only."""

from __future__ import annotations

import pytest

from danvan.reports.indicators import coverage_for
from tests.reports.conftest import IndWorld

pytestmark = pytest.mark.django_db


def test_a_province_peoples_committee_covers_the_province_and_its_communes(
    ind_world: IndWorld,
) -> None:
    w = ind_world
    coverage = coverage_for(w.province_org)
    assert not coverage.everything
    assert coverage.organization_id == w.province_org.pk
    assert coverage.organization_ids == {o.pk for o in w.in_scope_orgs}
    assert coverage.area_ids == {w.province.pk, w.commune_a.pk, w.commune_b.pk}
    assert not coverage.organization_ids & {w.other_org.pk, w.org_c.pk}


def test_a_commune_peoples_committee_covers_only_itself(ind_world: IndWorld) -> None:
    w = ind_world
    coverage = coverage_for(w.org_a)
    assert coverage.organization_ids == {w.org_a.pk}
    assert coverage.area_ids == {w.commune_a.pk}
    assert w.org_b.pk not in coverage.organization_ids


def test_a_department_covers_its_subtree_only(ind_world: IndWorld) -> None:
    w = ind_world
    coverage = coverage_for(w.department)
    assert coverage.organization_ids == {w.department.pk, w.department_office.pk}
    assert w.province_org.pk not in coverage.organization_ids
    assert w.org_a.pk not in coverage.organization_ids
    assert coverage.area_ids == {w.province.pk}


def test_the_other_province_covers_its_own(ind_world: IndWorld) -> None:
    w = ind_world
    coverage = coverage_for(w.other_org)
    assert coverage.organization_ids == {w.other_org.pk, w.org_c.pk}
    assert coverage.area_ids == {w.other_province.pk, w.commune_c.pk}
