"""Rows read with a fixed statement (danvan/core/db/fixed.py) are the ORM's rows: the same
instances, field by field, in the same order."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from danvan.core.db import fixed as fixed_module
from danvan.core.db.fixed import rows_by_keys, rows_where
from danvan.core.models import Obligation, User
from danvan.petitions.inputs import PersonInput
from danvan.petitions.models import (
    Extension,
    Petition,
    PetitionAttachment,
    PetitionDocument,
    Petitioner,
    PetitionEvent,
    Suspension,
)
from danvan.petitions.selectors import petition_case_rows
from danvan.petitions.services import petition_register
from tests.petitions.conftest import World, petition_input

pytestmark = pytest.mark.django_db


def _fields(instance: models.Model) -> list[Any]:
    return list(instance._meta.concrete_fields)


def _values(instances: list[models.Model]) -> list[tuple[Any, ...]]:
    return [
        (type(i), i._state.db, i._state.adding, *(getattr(i, f.attname) for f in _fields(i)))
        for i in instances
    ]


def _same(model: type[models.Model], name: str, value: Any) -> list[models.Model]:
    fixed = rows_where(model, name, value)
    orm = list(model._base_manager.filter(**{name: value}))
    assert _values(fixed) == _values(orm), (model, name, value)
    return fixed


def test_the_rows_of_a_case_are_the_orms(world: World) -> None:
    people = [
        PersonInput(full_name=n, id_number=f"0440850012{i:02d}", is_representative=i == 1)
        for i, n in enumerate(["Lê Thị Hoa", "Trần Văn Nam", "Đỗ Minh"])
    ]
    petition = petition_register(
        actor=world.officer_a, data=petition_input(petitioners=people, signer_count=3)
    )
    Suspension.objects.create(
        petition=petition, start=dt.date(2026, 3, 10), reason="Chờ giám định", end=None
    )
    Suspension.objects.create(
        petition=petition, start=dt.date(2026, 3, 5), end=dt.date(2026, 3, 8), reason="Ốm"
    )
    assert len(_same(Petitioner, "petition", petition.pk)) == 3
    assert [s.start for s in _same(Suspension, "petition", petition.pk)] == [
        dt.date(2026, 3, 5),
        dt.date(2026, 3, 10),
    ]
    for model in (PetitionDocument, PetitionAttachment, Extension):
        _same(model, "petition", petition.pk)
    # JSON, time stamps with their zone, booleans: converted as the ORM converts them.
    events = _same(PetitionEvent, "petition", petition.pk)
    assert events and all(e.at.tzinfo is not None for e in events)
    obligations = _same(Obligation, "organization", world.commune_a_org.pk)
    assert obligations and isinstance(obligations[0].explanation, list)
    # By primary key, as the sign-in backend reads the user; a string key is converted.
    assert _same(User, "pk", world.officer_a.pk)[0].username == "canbo.a"
    assert rows_where(User, "pk", str(world.officer_a.pk))[0].pk == world.officer_a.pk
    assert rows_where(User, "pk", 10**12) == []

    # One statement each, the same text every time (only the value changes).
    with CaptureQueriesContext(connection) as first:
        rows = petition_case_rows(petition=petition)
    with CaptureQueriesContext(connection) as second:
        petition_case_rows(petition=petition, petitioners=False)
    assert len(first) == 5 and len(second) == 4
    assert [p.full_name for p in rows.petitioners] == ["Lê Thị Hoa", "Trần Văn Nam", "Đỗ Minh"]
    assert [q["sql"] for q in second.captured_queries] == [
        q["sql"] for q in first.captured_queries[1:]
    ]


def test_a_value_the_field_refuses_fails_as_in_the_orm() -> None:
    with pytest.raises((ValueError, TypeError)):
        list(User.objects.filter(pk="không-phải-số"))
    with pytest.raises((ValueError, TypeError)):
        rows_where(User, "pk", "không-phải-số")


def _related_values(instance: models.Model, names: tuple[str, ...]) -> list[Any]:
    out = []
    for name in names:
        field = instance._meta.get_field(name)
        assert field.is_cached(instance), name  # type: ignore[attr-defined]
        related = field.get_cached_value(instance)  # type: ignore[attr-defined]
        out.append(None if related is None else _values([related]))
    return out


def test_a_case_with_its_relations_is_the_orms_select_related(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    relations = ("organization", "area", "assignee")
    unassigned = petition_register(actor=world.officer_a, data=petition_input())
    assigned = petition_register(actor=world.officer_a, data=petition_input(area_code="19002"))
    Petition.objects.filter(pk=assigned.pk).update(assignee=world.officer_a)
    for case in (unassigned, assigned):
        orm = list(Petition.objects.select_related(*relations).filter(pk=case.pk))
        with CaptureQueriesContext(connection) as captured:
            fixed = rows_where(Petition, "pk", case.pk, related=relations)
            # The relations come with the row: reading them asks nothing more.
            names = [(p.organization.name, p.area.name, p.assignee) for p in fixed]
        assert len(captured) == 1
        assert _values(fixed) == _values(orm)
        assert _related_values(fixed[0], relations) == _related_values(orm[0], relations)
        assert names[0][2] == orm[0].assignee
    assert Petition.objects.get(pk=unassigned.pk).assignee is None

    # By keys, in any number: a missing key is absent, the rows are the ORM's.
    keys = [assigned.pk, 10**9, unassigned.pk]
    by_key = rows_by_keys(Petition, keys, related=relations)
    assert sorted(by_key) == sorted([assigned.pk, unassigned.pk])
    orm_rows = {p.pk: p for p in Petition.objects.select_related(*relations).filter(pk__in=keys)}
    for pk, row in by_key.items():
        assert _values([row]) == _values([orm_rows[pk]])
        assert _related_values(row, relations) == _related_values(orm_rows[pk], relations)
    assert rows_by_keys(Petition, []) == {}
    # One statement kept per number of keys, whatever the keys.
    monkeypatch.setattr(fixed_module, "_KEPT", {})
    with CaptureQueriesContext(connection) as first:
        rows_by_keys(Petition, [unassigned.pk, assigned.pk], related=relations)
    kept = len(fixed_module._KEPT)
    rows_by_keys(Petition, [assigned.pk, 10**9], related=relations)
    assert len(fixed_module._KEPT) == kept
    rows_by_keys(Petition, [assigned.pk], related=relations)
    assert len(fixed_module._KEPT) == kept + 1
    assert first.captured_queries[0]["sql"].count("JOIN") == 3
    # Longer lists than a page are not kept.
    many = [unassigned.pk, *range(10**9, 10**9 + fixed_module.KEPT_KEYS_UP_TO)]
    assert list(rows_by_keys(Petition, many)) == [unassigned.pk]
    assert len(fixed_module._KEPT) == kept + 1


def test_only_forward_foreign_keys_are_read_as_relations(world: World) -> None:
    with pytest.raises(ValueError, match="forward foreign keys"):
        rows_where(Petition, "pk", 1, related=("petitioners",))
    with pytest.raises(FieldDoesNotExist):
        rows_where(Petition, "pk", 1, related=("khong_co",))


def test_instances_made_directly_are_those_django_makes(world: World) -> None:
    from django.db.models import signals

    case = petition_register(actor=world.officer_a, data=petition_input())
    for model, pk in ((Petition, case.pk), (User, world.officer_a.pk)):
        made = fixed_module._maker(model)
        assert made is not model.from_db  # the direct path is taken for these models
        fast = rows_where(model, "pk", pk)[0]
        orm = model._base_manager.get(pk=pk)
        assert {k: v for k, v in vars(fast).items() if k != "_state"} == {
            k: v for k, v in vars(orm).items() if k != "_state"
        }
        assert (fast._state.adding, fast._state.db) == (False, orm._state.db)
        fast.full_clean(exclude=["password", "tracking_code"])  # a working instance
        # Fields set after loading go through their descriptors as usual.
        if model is Petition:
            fast.assignee = world.officer_a
            assert fast.assignee_id == world.officer_a.pk

    # A receiver of post_init (or an override of __init__/from_db) needs Django's path.
    def receiver(**_kwargs: Any) -> None:
        pass

    signals.post_init.connect(receiver, sender=Petition)
    try:
        assert fixed_module._maker(Petition) == Petition.from_db
    finally:
        signals.post_init.disconnect(receiver, sender=Petition)


def test_a_key_out_of_the_columns_range_matches_nothing(world: World) -> None:
    case = petition_register(actor=world.officer_a, data=petition_input())
    assert list(Petition.objects.filter(pk=10**20)) == []  # the ORM's answer
    assert rows_where(Petition, "pk", 10**20, related=("area",)) == []
    assert rows_where(User, "pk", -(10**20)) == []
    assert list(rows_by_keys(Petition, [10**20, case.pk])) == [case.pk]


def test_unsupported_names_what_a_fixed_statement_cannot_read() -> None:
    from danvan.conferences.models import Conclusion, Conference

    assert fixed_module.unsupported(Petition, ("organization", "area", "assignee")) is None
    assert fixed_module.unsupported(Conclusion, ("conference",)) is None  # a forward one-to-one
    reverse = fixed_module.unsupported(Conference, ("conclusion",))  # the reverse one-to-one
    assert reverse == "conferences.Conference.conclusion: only forward foreign keys are supported"
    assert "forward foreign keys" in (fixed_module.unsupported(Petition, ("petitioners",)) or "")
    with pytest.raises(FieldDoesNotExist):
        fixed_module.unsupported(Petition, ("khong_co",))
