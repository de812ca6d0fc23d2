"""The organisation create and edit pages, and `permissions.can_manage_organization`.

The world is the two-province snapshot of `test_units_support` (today the 2026 state is in
force: commune 10003 is closed) with this organisation tree:

    10-UBND (province 10)          20-UBND (province 20)
     ├─ 10-TTRA (province 10)
     └─ 10001-UBND (commune 10001)
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from danvan.core import permissions
from danvan.core.models import AuditEvent, Organization, Role, User
from tests.core.test_units_support import (
    load_2025,
    load_2026,
    make_member,
    make_org,
    make_superuser,
    url,
)

pytestmark = pytest.mark.django_db


@dataclass
class Tree:
    ubnd_10: Organization
    ttra_10: Organization
    ubnd_10001: Organization
    ubnd_20: Organization
    admin: User  # administrator at 10-UBND
    officer: User  # officer at 10-UBND


@pytest.fixture
def tree() -> Tree:
    load_2025()
    load_2026()
    ubnd_10 = make_org("10-UBND", level="province", area="10", name="Ủy ban nhân dân tỉnh Hòa Sơn")
    return Tree(
        ubnd_10=ubnd_10,
        ttra_10=make_org(
            "10-TTRA",
            level="province",
            area="10",
            parent="10-UBND",
            kind="thanh_tra",
            name="Thanh tra tỉnh Hòa Sơn",
        ),
        ubnd_10001=make_org(
            "10001-UBND",
            level="commune",
            area="10001",
            parent="10-UBND",
            name="Ủy ban nhân dân xã Hòa An",
        ),
        ubnd_20=make_org(
            "20-UBND", level="province", area="20", name="Ủy ban nhân dân thành phố Đông Phong"
        ),
        admin=make_member("quantri", ubnd_10, Role.ADMINISTRATOR),
        officer=make_member("canbo", ubnd_10, Role.OFFICER),
    )


@pytest.fixture
def admin_client(client: Client, tree: Tree) -> Client:
    client.force_login(tree.admin)
    return client


@pytest.fixture
def officer_client(client: Client, tree: Tree) -> Client:
    client.force_login(tree.officer)
    return client


def _commune_form(**overrides: str) -> dict[str, str]:
    data = {
        "code": "10002-UBND",
        "name": "Ủy ban nhân dân xã Đường Lâm",
        "short_name": "UBND xã Đường Lâm",
        "kind": "ubnd",
        "level": "commune",
        "area_code": "10002",
        "parent_code": "10-UBND",
    }
    data.update(overrides)
    return data


def _edit_form(org: Organization, **overrides: str) -> dict[str, str]:
    data = {
        "name": org.name,
        "short_name": org.short_name,
        "kind": org.kind,
        "level": org.level,
        "area_code": org.area.code if org.area is not None else "",
        "parent_code": org.parent.code if org.parent is not None else "",
        "is_active": "on" if org.is_active else "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if not (k == "is_active" and v == "")}


# --- Pages render ---------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_sign_in_from_both_forms(client: Client, tree: Tree) -> None:
    create = client.get(url("core:org_create"))
    edit = client.get(url("core:org_edit", code="10-UBND"))

    assert create.status_code == 302 and edit.status_code == 302
    assert Organization.objects.count() == 4


def test_administrator_gets_both_forms_and_the_buttons(admin_client: Client) -> None:
    listing = admin_client.get(url("core:orgs")).content.decode()
    detail = admin_client.get(url("core:org_detail", code="10001-UBND")).content.decode()
    create = admin_client.get(url("core:org_create"), {"parent": "10-UBND"})
    edit = admin_client.get(url("core:org_edit", code="10001-UBND"))

    assert url("core:org_create") in listing and "Thêm cơ quan" in listing
    assert url("core:org_edit", code="10001-UBND") in detail
    assert create.status_code == 200 and edit.status_code == 200
    create_body = create.content.decode()
    assert "Mã cơ quan" in create_body and "csrfmiddlewaretoken" in create_body
    assert 'value="10-UBND"' in create_body  # the parent prefilled from ?parent=
    assert "mã xã 5 chữ số" in create_body
    assert '<option value="10001-UBND">' in create_body  # suggested parents: administered
    assert '<option value="20-UBND">' not in create_body
    edit_body = edit.content.decode()
    assert 'value="Ủy ban nhân dân xã Hòa An"' in edit_body
    assert 'name="code"' not in edit_body  # the code cannot be edited
    assert 'name="is_active"' in edit_body


def test_officer_sees_no_create_or_edit_button(officer_client: Client) -> None:
    listing = officer_client.get(url("core:orgs")).content.decode()
    detail = officer_client.get(url("core:org_detail", code="10-UBND")).content.decode()

    assert url("core:org_create") not in listing
    assert url("core:org_edit", code="10-UBND") not in detail


# --- Create ---------------------------------------------------------------------------------


def test_administrator_creates_a_commune_org_under_their_province_org_and_it_appears(
    admin_client: Client, tree: Tree
) -> None:
    response = admin_client.post(url("core:org_create"), _commune_form(), follow=True)

    assert response.redirect_chain == [(url("core:org_detail", code="10002-UBND"), 302)]
    assert "Đã thêm cơ quan Ủy ban nhân dân xã Đường Lâm" in response.content.decode()
    org = Organization.objects.select_related("area", "parent").get(code="10002-UBND")
    assert (org.level, org.area.code, org.parent) == ("commune", "10002", tree.ubnd_10)  # type: ignore[union-attr]
    event = AuditEvent.objects.get(verb="organization.create", target_id=str(org.pk))
    assert event.actor_id == tree.admin.pk
    listing = admin_client.get(url("core:orgs"), {"q": "duong lam"}).content.decode()
    assert "Ủy ban nhân dân xã Đường Lâm" in listing


def test_bad_area_code_shows_the_vietnamese_error_and_creates_nothing(
    admin_client: Client,
) -> None:
    # 10003 existed in 2025 but was closed on 2026-01-01.
    response = admin_client.post(url("core:org_create"), _commune_form(area_code="10003"))

    body = response.content.decode()
    assert response.status_code == 422
    assert "Không có đơn vị hành chính mã «10003» đang có hiệu lực" in body
    assert 'id="id_area_code_helptext"' in body  # the form is shown again with its help
    assert not Organization.objects.filter(code="10002-UBND").exists()
    assert not AuditEvent.objects.filter(verb="organization.create", actor__isnull=False).exists()


def test_area_of_the_wrong_level_is_refused_on_the_area_field(admin_client: Client) -> None:
    response = admin_client.post(url("core:org_create"), _commune_form(area_code="10"))

    assert response.status_code == 422
    assert "không khớp với cơ quan cấp xã" in response.content.decode()
    assert not Organization.objects.filter(code="10002-UBND").exists()


def test_duplicate_code_is_refused(admin_client: Client) -> None:
    response = admin_client.post(url("core:org_create"), _commune_form(code="10001-UBND"))

    assert response.status_code == 409
    assert "Mã cơ quan «10001-UBND» đã được dùng" in response.content.decode()
    assert Organization.objects.filter(code="10001-UBND").count() == 1
    assert Organization.objects.count() == 4


def test_missing_required_fields_are_reported_in_vietnamese(admin_client: Client) -> None:
    response = admin_client.post(url("core:org_create"), {"code": "X-1"})

    body = response.content.decode()
    assert response.status_code == 422
    assert body.count("Trường này là bắt buộc.") == 3  # name, kind, level
    assert not Organization.objects.filter(code="X-1").exists()


def test_officer_gets_403_on_create(officer_client: Client) -> None:
    page = officer_client.get(url("core:org_create"))
    post = officer_client.post(url("core:org_create"), _commune_form())

    assert page.status_code == 403 and post.status_code == 403
    assert not Organization.objects.filter(code="10002-UBND").exists()


def test_administrator_cannot_create_under_an_org_they_do_not_administer(
    admin_client: Client,
) -> None:
    response = admin_client.post(
        url("core:org_create"),
        _commune_form(code="20001-UBND", area_code="20001", parent_code="20-UBND"),
    )

    assert response.status_code == 403
    assert "Bạn không có quyền quản lý cơ quan này" in response.content.decode()
    assert not Organization.objects.filter(code="20001-UBND").exists()


def test_administrator_cannot_create_at_the_top_without_a_parent(admin_client: Client) -> None:
    response = admin_client.post(url("core:org_create"), _commune_form(parent_code=""))

    assert response.status_code == 403
    assert "quản trị hệ thống" in response.content.decode()
    assert not Organization.objects.filter(code="10002-UBND").exists()


def test_superuser_creates_a_province_org_at_the_top(client: Client, tree: Tree) -> None:
    client.force_login(make_superuser())

    response = client.post(
        url("core:org_create"),
        {
            "code": "20-TTRA",
            "name": "Thanh tra thành phố Đông Phong",
            "kind": "thanh_tra",
            "level": "province",
            "area_code": "20",
            "parent_code": "",
        },
    )

    assert response.status_code == 302
    assert Organization.objects.get(code="20-TTRA").parent is None


def test_post_without_csrf_token_is_refused(tree: Tree) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(tree.admin)

    response = client.post(url("core:org_create"), _commune_form())

    assert response.status_code == 403
    assert not Organization.objects.filter(code="10002-UBND").exists()


# --- Edit -----------------------------------------------------------------------------------


def test_administrator_renames_and_deactivates_an_org_and_it_is_audited(
    admin_client: Client, tree: Tree
) -> None:
    data = _edit_form(tree.ubnd_10001, name="Ủy ban nhân dân xã Hòa An mới", is_active="")

    response = admin_client.post(url("core:org_edit", code="10001-UBND"), data, follow=True)

    assert response.redirect_chain == [(url("core:org_detail", code="10001-UBND"), 302)]
    body = response.content.decode()
    assert "Đã lưu thay đổi của cơ quan Ủy ban nhân dân xã Hòa An mới" in body
    assert "Cơ quan này đã ngừng hoạt động." in body
    org = Organization.objects.get(code="10001-UBND")
    assert (org.name, org.is_active) == ("Ủy ban nhân dân xã Hòa An mới", False)
    event = AuditEvent.objects.get(verb="organization.update", target_id=str(org.pk))
    assert event.actor_id == tree.admin.pk
    assert set(event.changes) == {"name", "is_active"}


def test_edit_without_changes_saves_nothing(admin_client: Client, tree: Tree) -> None:
    response = admin_client.post(
        url("core:org_edit", code="10001-UBND"), _edit_form(tree.ubnd_10001), follow=True
    )

    assert "Không có thay đổi nào để lưu." in response.content.decode()
    assert not AuditEvent.objects.filter(verb="organization.update").exists()


def test_edit_error_from_the_service_lands_on_its_field(admin_client: Client, tree: Tree) -> None:
    # A parent that does not exist is reported on the parent field.
    data = _edit_form(tree.ubnd_10001, parent_code="KHONG-CO")

    response = admin_client.post(url("core:org_edit", code="10001-UBND"), data)

    assert response.status_code == 422
    assert "Không có cơ quan cấp trên mã «KHONG-CO»" in response.content.decode()
    assert Organization.objects.get(code="10001-UBND").parent == tree.ubnd_10


def test_edit_of_an_org_outside_the_scope_is_404(admin_client: Client) -> None:
    page = admin_client.get(url("core:org_edit", code="20-UBND"))
    post = admin_client.post(
        url("core:org_edit", code="20-UBND"),
        {"name": "Đổi tên", "kind": "ubnd", "level": "province", "area_code": "20"},
    )

    assert page.status_code == 404 and post.status_code == 404
    assert Organization.objects.get(code="20-UBND").name == "Ủy ban nhân dân thành phố Đông Phong"


def test_officer_gets_403_on_edit_of_a_visible_org(officer_client: Client, tree: Tree) -> None:
    page = officer_client.get(url("core:org_edit", code="10001-UBND"))
    post = officer_client.post(
        url("core:org_edit", code="10001-UBND"), _edit_form(tree.ubnd_10001, name="Đổi tên")
    )

    assert page.status_code == 403 and post.status_code == 403
    assert Organization.objects.get(code="10001-UBND").name == "Ủy ban nhân dân xã Hòa An"


# --- The predicate --------------------------------------------------------------------------


def test_can_manage_organization_follows_the_administrator_subtree(tree: Tree) -> None:
    root = make_superuser()
    commune_admin = make_member("quantri.xa", tree.ubnd_10001, Role.ADMINISTRATOR)

    assert permissions.can_manage_organization(root, None)
    assert permissions.can_manage_organization(root, tree.ubnd_20)
    assert permissions.can_manage_organization(tree.admin, tree.ubnd_10)
    assert permissions.can_manage_organization(tree.admin, tree.ubnd_10001)
    assert not permissions.can_manage_organization(tree.admin, tree.ubnd_20)
    assert not permissions.can_manage_organization(tree.admin, None)
    assert not permissions.can_manage_organization(tree.officer, tree.ubnd_10)
    assert permissions.can_manage_organization(commune_admin, tree.ubnd_10001)
    assert not permissions.can_manage_organization(commune_admin, tree.ubnd_10)
    assert not permissions.can_manage_organization(None, tree.ubnd_10)


def test_can_manage_organization_refuses_a_deactivated_administrator(tree: Tree) -> None:
    User.objects.filter(pk=tree.admin.pk).update(is_active=False)

    assert not permissions.can_manage_organization(User.objects.get(pk=tree.admin.pk), tree.ubnd_10)


@pytest.mark.django_db
def test_inspector_reads_the_audit_trail_on_the_organisation_page_and_officer_does_not(
    client: Client,
) -> None:
    from danvan.core.models import Role
    from danvan.core.services.orgs import organization_update
    from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

    org = OrganizationFactory(code="44-SXD", name="Sở Xây dựng")
    organization_update(actor=None, organization=org, name="Sở Xây dựng tỉnh Quảng Trị")
    inspector, officer = UserFactory(), UserFactory()
    MembershipFactory(user=inspector, organization=org, role=Role.INSPECTOR)
    MembershipFactory(user=officer, organization=org, role=Role.OFFICER)

    client.force_login(inspector)
    page = client.get("/co-quan/44-SXD/").content.decode()
    assert "Sửa cơ quan, đơn vị" in page
    assert "Sở Xây dựng → Sở Xây dựng tỉnh Quảng Trị" in page

    client.force_login(officer)
    assert "Nhật ký thao tác" not in client.get("/co-quan/44-SXD/").content.decode()


@pytest.mark.django_db
def test_commune_administrator_edit_page_only_lets_them_rename(client: Client) -> None:
    from danvan.core.models import Role
    from danvan.core.services.orgs import organization_create
    from tests.factories import CommuneFactory, MembershipFactory, OrganizationFactory, UserFactory

    commune = CommuneFactory(code="19564", name="Đakrông", full_name="Xã Đakrông")
    province_org = OrganizationFactory(code="44-UBND", area=commune.parent)
    org = organization_create(
        actor=None,
        code="19564-UBND",
        name="UBND xã Đakrông",
        kind="ubnd",
        level="commune",
        area_code="19564",
        parent_code=province_org.code,
    )
    admin = UserFactory()
    MembershipFactory(user=admin, organization=org, role=Role.ADMINISTRATOR)
    client.force_login(admin)

    response = client.post(
        "/co-quan/19564-UBND/sua/",
        {
            "name": "Ủy ban nhân dân xã Đakrông",
            "short_name": "",
            "kind": "thanh_tra",
            "level": "province",
            "area_code": commune.parent.code,
            "parent_code": "",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    org.refresh_from_db()
    assert (org.name, org.kind, org.level, org.area_id, org.parent_id) == (
        "Ủy ban nhân dân xã Đakrông",
        "ubnd",
        "commune",
        commune.pk,
        province_org.pk,
    )
