"""Shared builders for the accounts, scope, permissions and audit tests (no tests here).

`world` builds two provinces with communes and a small organisation tree:

    national (national, khac)
     ├─ ubnd_p1 (province P1, ubnd)
     │   └─ so_p1 (province P1, so_nganh)
     └─ ubnd_p2 (province P2, ubnd)
    tt_p1 (province P1, thanh_tra)        tgdv_p1 (province P1, ban_tgdv)
    ubnd_c1 (commune C1 of P1, ubnd)
     └─ tcd_c1 (commune C1, ban_tcd)
    ubnd_c2 (commune C2 of P1, ubnd)
    ubnd_c3 (commune C3 of P2, ubnd)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache

from danvan.core.models import AdminUnit, Organization, User
from danvan.core.services import accounts as account_services
from tests.factories import CommuneFactory, OrganizationFactory, ProvinceFactory

PASSWORD = "Mat-khau-rat-dai-2025"

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture
def locmem_cache(settings: Any) -> Iterator[None]:
    """A process-local cache (the default DatabaseCache needs `createcachetable`)."""
    settings.CACHES = LOCMEM
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """Tests check logic, not the production hasher's cost (tests/core/test_hashers.py)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    p1: AdminUnit
    p2: AdminUnit
    c1: AdminUnit
    c2: AdminUnit
    c3: AdminUnit
    national: Organization
    ubnd_p1: Organization
    so_p1: Organization
    tt_p1: Organization
    tgdv_p1: Organization
    ubnd_p2: Organization
    ubnd_c1: Organization
    tcd_c1: Organization
    ubnd_c2: Organization
    ubnd_c3: Organization

    def all_orgs(self) -> list[Organization]:
        return [
            self.national,
            self.ubnd_p1,
            self.so_p1,
            self.tt_p1,
            self.tgdv_p1,
            self.ubnd_p2,
            self.ubnd_c1,
            self.tcd_c1,
            self.ubnd_c2,
            self.ubnd_c3,
        ]


def build_world() -> World:
    p1 = ProvinceFactory(name="Tỉnh Một")
    p2 = ProvinceFactory(name="Tỉnh Hai")
    c1 = CommuneFactory(parent=p1, name="Xã Một")
    c2 = CommuneFactory(parent=p1, name="Xã Hai")
    c3 = CommuneFactory(parent=p2, name="Xã Ba")
    national = OrganizationFactory(code="TW", kind="khac", level="national", area=None)

    def org(
        code: str, kind: str, level: str, area: AdminUnit, parent: Organization | None = None
    ) -> Organization:
        return OrganizationFactory(
            code=code, name=f"Cơ quan {code}", kind=kind, level=level, area=area, parent=parent
        )

    ubnd_p1 = org("UBND-P1", "ubnd", "province", p1, national)
    return World(
        p1=p1,
        p2=p2,
        c1=c1,
        c2=c2,
        c3=c3,
        national=national,
        ubnd_p1=ubnd_p1,
        so_p1=org("SO-P1", "so_nganh", "province", p1, ubnd_p1),
        tt_p1=org("TT-P1", "thanh_tra", "province", p1),
        tgdv_p1=org("TGDV-P1", "ban_tgdv", "province", p1),
        ubnd_p2=org("UBND-P2", "ubnd", "province", p2, national),
        ubnd_c1=(ubnd_c1 := org("UBND-C1", "ubnd", "commune", c1)),
        tcd_c1=org("TCD-C1", "ban_tcd", "commune", c1, ubnd_c1),
        ubnd_c2=org("UBND-C2", "ubnd", "commune", c2),
        ubnd_c3=org("UBND-C3", "ubnd", "commune", c3),
    )


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


def make_user(
    username: str, org: Organization | None = None, role: str | None = None, **extra: Any
) -> User:
    """A user created through the real service, as the operator (`danvan user add`) would."""
    return account_services.user_create(
        actor=None,
        username=username,
        password=extra.pop("password", PASSWORD),
        organization=org,
        role=role,
        full_name=extra.pop("full_name", f"Người {username}"),
        **extra,
    )


def grant(user: User, org: Organization, role: str) -> None:
    account_services.membership_grant(actor=None, user=user, organization=org, role=role)


def fresh(user: User) -> User:
    """The same user re-read (no cached scope), as the next request would see it."""
    return User.objects.get(pk=user.pk)
