"""The assignee choices are kept by the process under the scope generation token: a second
page asks only for the token, and every change that alters the choices renews it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from danvan.core.models import Membership, Role, User
from danvan.core.selectors.scope import scope_generation
from danvan.petitions.views.common import people_choices
from tests.factories import MembershipFactory, UserFactory
from tests.petitions.conftest import World

pytestmark = pytest.mark.django_db


def test_the_choices_are_kept_until_a_person_or_a_role_changes(world: World) -> None:
    org = world.commune_a_org
    first = people_choices([org.pk])
    assert (world.officer_a.pk, world.officer_a.full_name or world.officer_a.username) in first
    with CaptureQueriesContext(connection) as captured:
        again = people_choices([org.pk, org.pk])
    assert again == first
    assert [q["sql"] for q in captured.captured_queries] == [
        "SELECT token FROM core_scopegeneration WHERE id = 1"
    ]
    again.clear()  # a caller's copy: what is kept stays whole
    assert people_choices([org.pk]) == first

    # Signing in (last_login) and other columns leave the token alone.
    token = scope_generation()
    User.objects.filter(pk=world.officer_a.pk).update(last_login=timezone.now(), phone="0912")
    assert scope_generation() == token

    # A new name, a person leaving, a new role: each is seen at the next call.
    User.objects.filter(pk=world.officer_a.pk).update(full_name="Phạm Thị Mới")
    assert (world.officer_a.pk, "Phạm Thị Mới") in people_choices([org.pk])
    User.objects.filter(pk=world.officer_a.pk).update(is_active=False)
    assert world.officer_a.pk not in dict(people_choices([org.pk]))
    newcomer = UserFactory(username="canbo.moi", full_name="Lò Văn Mới")
    assert newcomer.pk not in dict(people_choices([org.pk]))
    MembershipFactory(user=newcomer, organization=org, role=Role.OFFICER)
    assert dict(people_choices([org.pk]))[newcomer.pk] == "Lò Văn Mới"
    Membership.objects.filter(user=newcomer).delete()
    assert newcomer.pk not in dict(people_choices([org.pk]))
    User.objects.filter(pk=newcomer.pk).update(username="canbo.moi2")
    assert scope_generation() != token
