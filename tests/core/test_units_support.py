"""Shared builders for the administrative unit and organisation tests (no tests here).

A small two-province world is loaded through the real import path:

  2025-07-01 (`STATE_2025`)                       2026-01-01 (`STATE_2026`)
  10 Tỉnh Hòa Sơn                                 10 Tỉnh Hòa Sơn (same)
     10001 Xã Hòa An                                 10001 "Hoà An" (spelling only)
     10002 Xã Đường Lâm                              10002 same
     10003 Phường Bình Minh                          (gone: closed)
     10004 Xã Thuỷ Tiên (stored "Thủy Tiên")          10004 Phường Thủy Tiên (xã -> phường)
                                                     10005 Xã Sơn Mới (new)
  20 Tỉnh Đông Phong                              20 Thành phố Đông Phong (tỉnh -> thành phố)
     20001 Xã Phú Hòa                                20001 same (follows the new province)
     20002 Xã Tân Lập                                (renumbered) 20009 Xã Tân Lập

It also provides `urlpatterns`: the project's URLs plus the unit and organisation pages and a
test API with the unit and organisation routers, for the web tests (`pytest.mark.urls`).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, include, path, reverse
from ninja import NinjaAPI

from danvan.core.models import Organization, Role, User
from danvan.core.services import accounts as account_services
from danvan.core.services.orgs import organization_create
from danvan.core.services.units import (
    ImportResult,
    admin_units_import,
    admin_units_parse_snapshot,
)

D2025 = dt.date(2025, 7, 1)
D2026 = dt.date(2026, 1, 1)
PASSWORD = "Mat-khau-rat-dai-2025"


def ward(code: str, name: str, kind: str = "Xã", en: str = "") -> dict[str, Any]:
    return {
        "Code": code,
        "Name": name,
        "FullName": f"{kind} {name}",
        "FullNameEn": en,
        "AdministrativeUnitShortName": kind,
    }


def province(
    code: str, name: str, wards: list[dict[str, Any]], kind: str = "Tỉnh"
) -> dict[str, Any]:
    return {
        "Code": code,
        "Name": name,
        "FullName": f"{kind} {name}",
        "AdministrativeUnitShortName": kind,
        "Wards": [{**w, "ProvinceCode": code} for w in wards],
    }


def snapshot_json(provinces: list[dict[str, Any]], snapshot_date: dt.date | None = None) -> str:
    if snapshot_date is None:
        return json.dumps(provinces, ensure_ascii=False)
    return json.dumps(
        {"snapshot_date": snapshot_date.isoformat(), "source": "test", "provinces": provinces},
        ensure_ascii=False,
    )


def state_2025() -> list[dict[str, Any]]:
    return [
        province(
            "10",
            "Hòa Sơn",
            [
                ward("10001", "Hòa An"),
                ward("10002", "Đường Lâm"),
                ward("10003", "Bình Minh", "Phường"),
                ward("10004", "Thuỷ Tiên"),
            ],
        ),
        province("20", "Đông Phong", [ward("20001", "Phú Hòa"), ward("20002", "Tân Lập")]),
    ]


def state_2026() -> list[dict[str, Any]]:
    return [
        province(
            "10",
            "Hòa Sơn",
            [
                ward("10001", "Hoà An", en="Hoa An Commune"),
                ward("10002", "Đường Lâm"),
                ward("10004", "Thủy Tiên", "Phường"),
                ward("10005", "Sơn Mới"),
            ],
        ),
        province(
            "20",
            "Đông Phong",
            [ward("20001", "Phú Hòa"), ward("20009", "Tân Lập")],
            kind="Thành phố",
        ),
    ]


def import_state(
    provinces: list[dict[str, Any]], effective: dt.date, *, actor: Any = None
) -> ImportResult:
    snapshot = admin_units_parse_snapshot(snapshot_json(provinces), source="test")
    return admin_units_import(actor=actor, snapshot=snapshot, effective=effective)


def load_2025() -> ImportResult:
    return import_state(state_2025(), D2025)


def load_2026() -> ImportResult:
    return import_state(state_2026(), D2026)


def make_user(username: str, **extra: Any) -> User:
    return account_services.user_create(
        actor=None, username=username, password=PASSWORD, full_name=username, **extra
    )


def make_superuser(username: str = "root") -> User:
    user = make_user(username)
    User.objects.filter(pk=user.pk).update(is_superuser=True, is_staff=True)
    user.refresh_from_db()
    return user


def make_org(
    code: str,
    *,
    level: str,
    area: str | None = None,
    parent: str | None = None,
    kind: str = "ubnd",
    name: str = "",
) -> Organization:
    return organization_create(
        actor=None,
        code=code,
        name=name or f"Cơ quan {code}",
        kind=kind,
        level=level,
        area_code=area,
        parent_code=parent,
    )


def make_member(username: str, org: Organization, role: str = Role.OFFICER) -> User:
    return account_services.user_create(
        actor=None,
        username=username,
        password=PASSWORD,
        full_name=username,
        organization=org,
        role=role,
    )


# --- URLs for the web tests -----------------------------------------------------------------


def _api() -> NinjaAPI:
    """A test API mounting the unit and organisation routers like the real one does, with the
    real API's auth and error handlers (the lead mounts them in danvan.core.api.routers)."""
    from danvan.api.main import api as main_api
    from danvan.core.api import orgs as org_api
    from danvan.core.api import units as unit_api
    from danvan.core.api.auth import bearer

    test_api = NinjaAPI(urls_namespace="units_test_api", auth=bearer)
    for exc_class, handler in main_api._exception_handlers.items():
        test_api.add_exception_handler(exc_class, handler)
    test_api.add_router("/admin-units", unit_api.router)
    test_api.add_router("/organizations", org_api.router)
    return test_api


def _placeholder(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")


def _core_patterns() -> list[Any]:
    from danvan.core import urls as core_urls
    from danvan.core.views import orgs as org_views
    from danvan.core.views import units as unit_views

    patterns = [*core_urls.urlpatterns, *unit_views.urlpatterns, *org_views.urlpatterns]
    names = {getattr(p, "name", None) for p in patterns}
    # The layout links to sign-in and sign-out; until the lead wires the account pages into
    # danvan.core.urls, stand-ins keep the layout renderable.
    for name in ("login", "logout"):
        if name not in names:
            patterns.append(path(f"_test/{name}/", _placeholder, name=name))
    return patterns


urlpatterns = [
    path("api/v1/", _api().urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include((_core_patterns(), "core"), namespace="core")),
]


def url(name: str, **kwargs: Any) -> str:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:  # pragma: no cover - a clear failure message
        raise AssertionError(f"no URL named {name}") from None
