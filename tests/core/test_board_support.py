"""Shared set-up for the deadline registry, board, reminder and task tests (no tests here).

`board_world`: a province with two communes, their People's Committees, and people with roles:
commune A's officer and leader, commune B's officer, the province leader (an oversight role:
sees the whole province). `add_obligation` writes obligations through the real
`obligation_sync`, using an organisation as the target record.

It also provides `urlpatterns` for the web tests (`pytest.mark.urls`): the project's URLs plus
the board page and a test API with the obligations router, until the lead wires them in.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from ninja import NinjaAPI

from danvan.core.models import AdminUnit, Obligation, Organization, Role, Task, User
from danvan.core.services.obligations import ObligationSpec, obligation_sync
from tests.factories import (
    CommuneFactory,
    MembershipFactory,
    OrganizationFactory,
    ProvinceFactory,
    UserFactory,
)

# A Friday: the next three working days end on Wednesday 18/03/2026.
FRIDAY = dt.date(2026, 3, 13)
_keys = itertools.count(1)


@pytest.fixture
def fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class BoardWorld:
    province: AdminUnit
    commune_a: AdminUnit
    commune_b: AdminUnit
    province_org: Organization
    org_a: Organization
    org_b: Organization
    officer_a: User
    leader_a: User
    officer_b: User
    province_leader: User


def member(org: Organization, role: str, username: str, email: str = "") -> User:
    user = UserFactory(username=username, full_name=username.replace(".", " ").title())
    if email:
        user.email = email
        user.save(update_fields=["email"])
    MembershipFactory(user=user, organization=org, role=role)
    return user


@pytest.fixture
def board_world(db: Any, fast_password_hashing: None) -> BoardWorld:
    province = ProvinceFactory(code="42", name="Hòa Sơn", full_name="Tỉnh Hòa Sơn")
    commune_a = CommuneFactory(code="42001", name="Hòa An", full_name="Xã Hòa An", parent=province)
    commune_b = CommuneFactory(
        code="42002", name="Hòa Bình", full_name="Xã Hòa Bình", parent=province
    )
    province_org = OrganizationFactory(
        code="42-UBND", name="Ủy ban nhân dân tỉnh Hòa Sơn", level="province", area=province
    )
    org_a = OrganizationFactory(
        code="42001-UBND",
        name="Ủy ban nhân dân xã Hòa An",
        level="commune",
        area=commune_a,
        parent=province_org,
    )
    org_b = OrganizationFactory(
        code="42002-UBND",
        name="Ủy ban nhân dân xã Hòa Bình",
        level="commune",
        area=commune_b,
        parent=province_org,
    )
    return BoardWorld(
        province=province,
        commune_a=commune_a,
        commune_b=commune_b,
        province_org=province_org,
        org_a=org_a,
        org_b=org_b,
        officer_a=member(org_a, Role.OFFICER, "canbo.a", "canbo.a@example.vn"),
        leader_a=member(org_a, Role.LEADER, "lanhdao.a", "lanhdao.a@example.vn"),
        officer_b=member(org_b, Role.OFFICER, "canbo.b", "canbo.b@example.vn"),
        province_leader=member(province_org, Role.LEADER, "lanhdao.tinh", "tinh@example.vn"),
    )


def spec(
    org: Organization,
    due: dt.date | None,
    *,
    key: str = "",
    kind: str = "test.reply",
    title: str = "",
    assignee: User | None = None,
    status: str = "open",
    topic: str = "",
    area: AdminUnit | None = None,
    started_on: dt.date | None = None,
    rule_id: str = "",
) -> ObligationSpec:
    key = key or f"k{next(_keys)}"
    return ObligationSpec(
        key=key,
        kind=kind,
        title=title or f"Trả lời việc {key}",
        started_on=started_on or (due - dt.timedelta(days=10) if due else FRIDAY),
        due=due,
        organization_id=org.pk,
        assignee_id=assignee.pk if assignee else None,
        area_id=area.pk if area else None,
        status=status,
        topic=topic,
        rule_id=rule_id,
    )


def add_obligation(org: Organization, due: dt.date | None, **kwargs: Any) -> Obligation:
    """One obligation written through `obligation_sync`, on a record of its own (a bare `Task`
    row stands for any module's record)."""
    target_label = kwargs.pop("target_label", "")
    target_status = kwargs.pop("target_status", "")
    one = spec(org, due, **kwargs)
    record = Task.objects.create(title=one.title, organization=org, due=due or FRIDAY)
    obligation_sync(
        target=record,
        specs=[one],
        target_label=target_label or f"Hồ sơ {one.key}",
        target_status=target_status,
    )
    return Obligation.objects.get(target_type="core.task", target_id=record.pk, key=one.key)


def fresh(user: User) -> User:
    """The same user re-read (no cached scope), as the next request would see it."""
    return User.objects.get(pk=user.pk)


# --- URLs for the web tests -----------------------------------------------------------------


def _api() -> NinjaAPI:
    from danvan.api.main import api as main_api
    from danvan.core.api import obligations as obligation_api
    from danvan.core.api.auth import bearer

    test_api = NinjaAPI(urls_namespace="board_test_api", auth=bearer)
    for exc_class, handler in main_api._exception_handlers.items():
        test_api.add_exception_handler(exc_class, handler)
    test_api.add_router("/obligations", obligation_api.router)
    return test_api


def _placeholder(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")


def _core_patterns() -> list[Any]:
    from danvan.core import urls as core_urls
    from danvan.core.views import board as board_views

    patterns = [*core_urls.urlpatterns, *board_views.urlpatterns]
    names = {getattr(p, "name", None) for p in patterns}
    for name in ("login", "logout"):
        if name not in names:
            patterns.append(path(f"_test/{name}/", _placeholder, name=name))
    return patterns


urlpatterns = [
    path("api/v1/", _api().urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include((_core_patterns(), "core"), namespace="core")),
]
