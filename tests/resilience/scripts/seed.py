"""Seed a scratch database: a province, a commune, their People's Committees and officers.

Prints one JSON line: the people's usernames, the commune's organisation, and an API token of the
commune officer. Run once per test session on the template every scratch database is copied
from.
"""

from __future__ import annotations

import json
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.config.settings")
django.setup()

from danvan.core.models import Role, User  # noqa: E402
from danvan.core.services.accounts import api_token_issue  # noqa: E402
from danvan.core.services.calendar import calendar_load_reference  # noqa: E402
from tests.factories import (  # noqa: E402
    CommuneFactory,
    MembershipFactory,
    OrganizationFactory,
    ProvinceFactory,
)

PASSWORD = "mat-khau-thu-123"


def _user(username: str, org: object, role: str, *, password: bool) -> User:
    user = User(username=username, full_name=username.title(), email=f"{username}@example.vn")
    if password:
        user.set_password(PASSWORD)
    else:
        user.set_unusable_password()
    user.save()
    MembershipFactory(user=user, organization=org, role=role)
    return user


def main() -> None:
    calendar_load_reference()
    province = ProvinceFactory(code="44", name="Quảng Trị Thử", full_name="Tỉnh Quảng Trị Thử")
    commune = CommuneFactory(code="19001", name="Xã An", full_name="Xã An", parent=province)
    province_org = OrganizationFactory(
        code="44-UBND", name="UBND tỉnh Quảng Trị Thử", area=province, level="province"
    )
    commune_org = OrganizationFactory(
        code="19001-UBND",
        name="UBND xã An",
        area=commune,
        level="commune",
        parent=province_org,
    )
    officer = _user("canbo.a", commune_org, Role.OFFICER, password=True)
    _user("canbo.a2", commune_org, Role.OFFICER, password=True)
    _user("lanhdao.a", commune_org, Role.LEADER, password=False)
    _token, raw = api_token_issue(user=officer)
    print(
        json.dumps(
            {
                "organization_id": commune_org.pk,
                "organization_code": commune_org.code,
                "area_code": commune.code,
                "officer": officer.username,
                "officer2": "canbo.a2",
                "password": PASSWORD,
                "token": raw,
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
