"""factory_boy factories for the core models; apps add their own beside their tests."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from danvan.core.models import AdminUnit, Membership, Organization, Role, User
from danvan.text import fold


class ProvinceFactory(DjangoModelFactory):
    class Meta:
        model = AdminUnit

    code = factory.Sequence(lambda n: f"{(n % 90) + 10:02d}")
    name = factory.Sequence(lambda n: f"Tỉnh Thử {n}")
    full_name = factory.LazyAttribute(lambda o: f"Tỉnh {o.name}")
    search_name = factory.LazyAttribute(lambda o: fold(o.full_name))
    unit_type = "tinh"
    level = "province"
    valid_from = dt.date(2025, 7, 1)


class CommuneFactory(DjangoModelFactory):
    class Meta:
        model = AdminUnit

    code = factory.Sequence(lambda n: f"{n + 90000:05d}")
    name = factory.Sequence(lambda n: f"Xã Thử {n}")
    full_name = factory.LazyAttribute(lambda o: f"Xã {o.name}")
    search_name = factory.LazyAttribute(lambda o: fold(o.full_name))
    unit_type = "xa"
    level = "commune"
    parent = factory.SubFactory(ProvinceFactory)
    valid_from = dt.date(2025, 7, 1)


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization

    code = factory.Sequence(lambda n: f"ORG{n:04d}")
    name = factory.Sequence(lambda n: f"Cơ quan thử {n}")
    search_name = factory.LazyAttribute(lambda o: fold(o.name))
    kind = "ubnd"
    level = "province"
    area = factory.SubFactory(ProvinceFactory)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Người dùng {n}")
    password = factory.PostGenerationMethodCall("set_password", "mat-khau-thu-123")

    @factory.post_generation
    def _save(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.OFFICER
