"""Organisations: create and update through the services, the tree, `danvan org`."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danvan.core.errors import Conflict, PermissionDenied, ValidationFailed
from danvan.core.models import AuditEvent, Organization, Role
from danvan.core.selectors.orgs import (
    organization_ancestors,
    organization_descendant_ids,
    organization_list,
)
from danvan.core.services.orgs import organization_create, organization_update
from tests.core.test_units_support import (
    load_2025,
    load_2026,
    make_member,
    make_org,
    make_superuser,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> None:
    load_2025()
    load_2026()


def _codes(qs: object) -> list[str]:
    return [o.code for o in qs]  # type: ignore[attr-defined]


# --- Create ---------------------------------------------------------------------------------


def test_superuser_creates_a_province_committee_and_it_is_audited(world: None) -> None:
    root = make_superuser()

    org = organization_create(
        actor=root,
        code="10-UBND",
        name="Ủy ban nhân dân tỉnh Hoà Sơn",
        kind="ubnd",
        level="province",
        area_code="10",
        short_name="UBND tỉnh",
    )

    assert (org.name, org.area.full_name, org.parent) == (  # type: ignore[union-attr]
        "Ủy ban nhân dân tỉnh Hòa Sơn",
        "Tỉnh Hòa Sơn",
        None,
    )
    assert org.search_name == "uy ban nhan dan tinh hoa son ubnd tinh"
    event = AuditEvent.objects.get(verb="organization.create")
    assert event.actor_id == root.pk
    assert event.changes["code"] == [None, "10-UBND"]
    assert event.changes["area"] == [None, "10"]


def test_national_organisation_has_no_area(world: None) -> None:
    org = make_org("TW-TTCP", level="national", kind="thanh_tra")

    assert org.area is None
    with pytest.raises(ValidationFailed) as caught:
        make_org("TW-X", level="national", area="10")
    assert "area_code" in caught.value.fields


@pytest.mark.parametrize(
    ("level", "area", "field"),
    [
        ("province", "10001", "area_code"),  # a commune for a province-level organisation
        ("commune", "10", "area_code"),  # a province for a commune-level organisation
        ("province", None, "area_code"),  # no area
        ("commune", "10003", "area_code"),  # a commune no longer in force
        ("commune", "99999", "area_code"),  # unknown
        ("district", "10", "level"),  # not an organisation level
    ],
)
def test_level_must_match_the_area_in_force(
    world: None, level: str, area: str | None, field: str
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        make_org("X-1", level=level, area=area)

    assert field in caught.value.fields
    assert not Organization.objects.filter(code="X-1").exists()


def test_commune_organisation_under_a_province_organisation_of_its_province(world: None) -> None:
    make_org("10-UBND", level="province", area="10")

    org = make_org("10001-UBND", level="commune", area="10001", parent="10-UBND")

    assert org.parent is not None and org.parent.code == "10-UBND"


@pytest.mark.parametrize(
    ("level", "area", "parent", "fragment"),
    [
        ("commune", "20001", "10-UBND", "không thuộc địa bàn"),
        ("province", "10", "10001-UBND", "cấp thấp hơn"),
        ("commune", "10001", "KHONG-CO", "Không có cơ quan cấp trên"),
    ],
)
def test_parent_must_exist_be_higher_and_contain_the_area(
    world: None, level: str, area: str, parent: str, fragment: str
) -> None:
    make_org("10-UBND", level="province", area="10")
    make_org("10001-UBND", level="commune", area="10001", parent="10-UBND")

    with pytest.raises(ValidationFailed) as caught:
        make_org("X-2", level=level, area=area, parent=parent)

    assert fragment in caught.value.message
    assert "parent_code" in caught.value.fields


def test_code_is_unique(world: None) -> None:
    make_org("10-UBND", level="province", area="10")

    with pytest.raises(Conflict) as caught:
        make_org("10-UBND", level="province", area="10")

    assert "đã được dùng" in caught.value.message
    assert Organization.objects.filter(code="10-UBND").count() == 1


@pytest.mark.parametrize("code", ["", "có dấu", "a b", "-dau-gach", "x" * 41])
def test_code_format_is_checked(world: None, code: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        make_org(code, level="province", area="10")

    assert "code" in caught.value.fields


def test_officer_cannot_create_an_organisation(world: None) -> None:
    parent = make_org("10-UBND", level="province", area="10")
    officer = make_member("canbo", parent, Role.OFFICER)

    with pytest.raises(PermissionDenied):
        organization_create(
            actor=officer,
            code="10-SXD",
            name="Sở Xây dựng",
            kind="so_nganh",
            level="province",
            area_code="10",
            parent_code="10-UBND",
        )
    assert not Organization.objects.filter(code="10-SXD").exists()


def test_administrator_creates_below_the_organisation_they_administer_only(world: None) -> None:
    parent = make_org("10-UBND", level="province", area="10")
    make_org("20-UBND", level="province", area="20")
    admin = make_member("quantri", parent, Role.ADMINISTRATOR)

    org = organization_create(
        actor=admin,
        code="10-SXD",
        name="Sở Xây dựng",
        kind="so_nganh",
        level="province",
        area_code="10",
        parent_code="10-UBND",
    )
    with pytest.raises(PermissionDenied):
        organization_create(
            actor=admin,
            code="20-SXD",
            name="Sở Xây dựng",
            kind="so_nganh",
            level="province",
            area_code="20",
            parent_code="20-UBND",
        )
    with pytest.raises(PermissionDenied):
        organization_create(
            actor=admin, code="TOP", name="Cơ quan gốc", kind="khac", level="national"
        )
    assert org.parent is not None and org.parent.code == "10-UBND"


# --- Update ---------------------------------------------------------------------------------


def test_update_changes_the_given_fields_and_audits_only_the_changes(world: None) -> None:
    org = make_org("10-UBND", level="province", area="10", name="UBND tỉnh Hòa Sơn")
    events = AuditEvent.objects.count()

    organization_update(actor=None, organization=org, name="Ủy ban nhân dân tỉnh Hòa Sơn")
    organization_update(actor=None, organization=org, name="Ủy ban nhân dân tỉnh Hòa Sơn")

    org.refresh_from_db()
    assert org.name == "Ủy ban nhân dân tỉnh Hòa Sơn"
    assert org.search_name.startswith("uy ban nhan dan")
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.get(verb="organization.update")
    assert event.changes == {"name": ["UBND tỉnh Hòa Sơn", "Ủy ban nhân dân tỉnh Hòa Sơn"]}


def test_update_refuses_a_parent_that_is_a_descendant(world: None) -> None:
    top = make_org("10-UBND", level="province", area="10")
    make_org("10-SXD", level="province", area="10", parent="10-UBND")
    make_org("10001-UBND", level="commune", area="10001", parent="10-SXD")

    with pytest.raises(ValidationFailed) as caught:
        organization_update(actor=None, organization=top, parent_code="10001-UBND")

    assert "parent_code" in caught.value.fields
    top.refresh_from_db()
    assert top.parent is None


def test_update_level_must_stay_above_the_children(world: None) -> None:
    top = make_org("10-UBND", level="province", area="10")
    make_org("10-SXD", level="province", area="10", parent="10-UBND")

    with pytest.raises(ValidationFailed) as caught:
        organization_update(actor=None, organization=top, level="commune", area_code="10001")

    assert "10-SXD" in caught.value.message


def test_deactivated_organisation_leaves_the_default_list(world: None) -> None:
    org = make_org("10-UBND", level="province", area="10")

    organization_update(actor=None, organization=org, is_active=False)

    assert _codes(organization_list(user=None)) == []
    assert _codes(organization_list(user=None, include_inactive=True)) == ["10-UBND"]


# --- The tree and the list ------------------------------------------------------------------


def _tree() -> dict[str, Organization]:
    orgs = {
        "TW": make_org("TW", level="national", kind="khac"),
        "10-UBND": make_org("10-UBND", level="province", area="10", parent="TW"),
        "10-SXD": make_org(
            "10-SXD", level="province", area="10", parent="10-UBND", kind="so_nganh"
        ),
        "10001-UBND": make_org("10001-UBND", level="commune", area="10001", parent="10-UBND"),
        "10001-CA": make_org(
            "10001-CA", level="commune", area="10001", parent="10001-UBND", kind="cong_an"
        ),
        "20-UBND": make_org("20-UBND", level="province", area="20", parent="TW"),
        "20001-UBND": make_org("20001-UBND", level="commune", area="20001", parent="20-UBND"),
    }
    return orgs


def test_descendant_ids_of_a_province_committee_in_one_query(world: None) -> None:
    orgs = _tree()

    with CaptureQueriesContext(connection) as queries:
        ids = organization_descendant_ids(orgs["10-UBND"])

    assert ids == {orgs[c].pk for c in ("10-UBND", "10-SXD", "10001-UBND", "10001-CA")}
    assert len(queries) == 1
    assert organization_descendant_ids(orgs["10001-CA"], include_self=False) == set()
    assert len(organization_descendant_ids(orgs["TW"])) == 7


def test_ancestors_run_from_the_top(world: None) -> None:
    orgs = _tree()

    assert _codes(organization_ancestors(orgs["10001-CA"])) == ["TW", "10-UBND", "10001-UBND"]


def test_list_filters_by_area_including_the_communes_of_a_province(world: None) -> None:
    _tree()

    assert _codes(organization_list(user=None, area_code="10")) == [
        "10-SXD",
        "10-UBND",
        "10001-CA",
        "10001-UBND",
    ]
    assert _codes(organization_list(user=None, level="commune", q="ubnd")) == [
        "10001-UBND",
        "20001-UBND",
    ]
    assert _codes(organization_list(user=None, kind="cong_an")) == ["10001-CA"]


def test_list_is_scoped_to_the_user(world: None) -> None:
    orgs = _tree()
    officer = make_member("canbo", orgs["10001-UBND"], Role.OFFICER)

    assert _codes(organization_list(user=officer)) == ["10001-CA", "10001-UBND"]


def test_list_runs_in_a_bounded_number_of_queries(world: None) -> None:
    _tree()
    root = make_superuser()

    with CaptureQueriesContext(connection) as queries:
        rows = list(organization_list(user=root))
        labels = [(o.area.code if o.area else "", o.parent.code if o.parent else "") for o in rows]

    assert len(labels) == 7
    # The scope generation token, the memberships (first use of the scope), the list.
    assert len(queries) <= 3


# --- The command ----------------------------------------------------------------------------


def test_org_list_prints_code_name_level_area_sorted_by_code(
    world: None, capsys: pytest.CaptureFixture[str]
) -> None:
    make_org("10-UBND", level="province", area="10", name="Ủy ban nhân dân tỉnh Hòa Sơn")
    make_org("TW-TTCP", level="national", kind="thanh_tra", name="Thanh tra Chính phủ")
    make_org("10001-UBND", level="commune", area="10001", parent="10-UBND", name="UBND xã Hòa An")

    call_command("org", "list")

    assert capsys.readouterr().out.splitlines() == [
        "10-UBND\tỦy ban nhân dân tỉnh Hòa Sơn\tprovince\t10",
        "10001-UBND\tUBND xã Hòa An\tcommune\t10001",
        "TW-TTCP\tThanh tra Chính phủ\tnational\t",
    ]


def test_org_add_and_update_from_the_command_line(
    world: None, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command(
        "org",
        "add",
        "10-UBND",
        "--name",
        "UBND tỉnh Hòa Sơn",
        "--kind",
        "ubnd",
        "--level",
        "province",
        "--area",
        "10",
    )
    call_command("org", "update", "10-UBND", "--short-name", "UBND")

    org = Organization.objects.get(code="10-UBND")
    assert (org.short_name, org.area.code) == ("UBND", "10")  # type: ignore[union-attr]
    assert AuditEvent.objects.filter(target_id=str(org.pk)).count() == 2


def test_org_add_with_bad_input_exits_2_with_one_line(world: None) -> None:
    with pytest.raises(CommandError) as caught:
        call_command(
            "org", "add", "X", "--name", "X", "--kind", "ubnd", "--level", "commune", "--area", "10"
        )

    assert caught.value.returncode == 2
    assert "\n" not in str(caught.value)
    assert "không khớp" in str(caught.value)
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_reserved_code_them_is_refused_because_it_is_the_create_page_url() -> None:
    from danvan.core.errors import ValidationFailed
    from danvan.core.services.orgs import organization_create

    with pytest.raises(ValidationFailed) as excinfo:
        organization_create(
            actor=None, code="Them", name="Cơ quan thử", kind="khac", level="national"
        )
    assert "code" in excinfo.value.fields


def test_commune_administrator_renames_own_organisation_but_cannot_widen_its_scope(
    world: None,
) -> None:
    make_org("10-UBND", level="province", area="10")
    commune = make_org("10001-UBND", level="commune", area="10001", parent="10-UBND")
    admin = make_member("qt.xa", commune, Role.ADMINISTRATOR)

    organization_update(actor=admin, organization=commune, name="UBND xã Hòa An")
    for change in (
        {"level": "province", "area_code": "10"},
        {"area_code": "10002"},
        {"kind": "thanh_tra"},
        {"parent_code": None},
        {"is_active": False},
    ):
        with pytest.raises(PermissionDenied):
            organization_update(actor=admin, organization=commune, **change)  # type: ignore[arg-type]
    commune.refresh_from_db()
    assert (commune.name, commune.level, commune.area.code, commune.kind) == (
        "UBND xã Hòa An",
        "commune",
        "10001",
        "ubnd",
    )


def test_province_administrator_moves_a_commune_organisation_to_another_commune(
    world: None,
) -> None:
    province = make_org("10-UBND", level="province", area="10")
    commune = make_org("10001-UBND", level="commune", area="10001", parent="10-UBND")
    admin = make_member("qt.tinh", province, Role.ADMINISTRATOR)

    organization_update(actor=admin, organization=commune, area_code="10002")

    commune.refresh_from_db()
    assert commune.area.code == "10002"
