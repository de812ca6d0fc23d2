"""The demo petitions: every state and kind, through the services, idempotent, vault-safe."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from danvan.core.models import AuditEvent, Obligation, User
from danvan.petitions.demo import PLANS, demo_petitions_load
from danvan.petitions.models import (
    Petition,
    PetitionDocument,
    Petitioner,
    PetitionEvent,
    Transfer,
    VaultEntry,
)
from danvan.petitions.states import Kind, Status

pytestmark = pytest.mark.django_db
COUNT = 40
LOADED: dict[str, Any] = {}


@pytest.fixture(scope="module", autouse=True)
def demo(
    django_db_setup: Any,
    django_db_blocker: Any,
    vault_test_key: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[None]:
    """Reference data, the core demo and `COUNT` demo petitions, once for the module."""
    from danvan.core.services.demo import demo_data_load
    from danvan.core.services.reference import reference_data_load

    with (
        override_settings(
            DANVAN_VAULT_KEY=vault_test_key,
            DANVAN_VAULT_KEY_FILE="",
            MEDIA_ROOT=tmp_path_factory.mktemp("media"),
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        reference_data_load()
        demo_data_load()
        LOADED["first"] = demo_petitions_load(count=COUNT, seed=7)
        LOADED["second"] = demo_petitions_load(count=COUNT, seed=7)
        yield
        transaction.set_rollback(True)


def test_demo_registers_the_requested_petitions_plus_their_transfers_and_copies() -> None:
    first = LOADED["first"]
    assert "errors" not in first
    assert first["petitions"] == Petition.objects.filter(transferred_from__isnull=True).count()
    assert Petition.objects.count() >= COUNT
    assert first["petitions"] >= COUNT


def test_demo_covers_every_state() -> None:
    statuses = set(Petition.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)


def test_demo_covers_every_kind_and_every_plan() -> None:
    assert set(Petition.objects.values_list("kind", flat=True)) == set(Kind.values)
    for plan, _weight in PLANS:
        assert LOADED["first"][f"plan_{plan}"] >= 1, plan


def test_demo_has_transfers_duplicates_multi_signer_suspensions_and_satisfaction() -> None:
    assert Transfer.objects.exists()
    assert Petition.objects.filter(inbox_pending=False, transferred_from__isnull=False).exists()
    assert Petition.objects.filter(duplicate_of__isnull=False).exists()
    assert Petition.objects.filter(
        signer_count__gte=5, petitioners__is_representative=True
    ).exists()
    assert Petition.objects.filter(status=Status.CLOSED).exclude(satisfaction="").exists()
    assert Petition.objects.filter(status=Status.SUSPENDED, suspensions__end__isnull=True).exists()


def test_demo_dates_are_in_the_past_and_some_cases_are_overdue() -> None:
    today = timezone.localdate()
    assert not Petition.objects.filter(received_on__gt=today).exists()
    assert not PetitionEvent.objects.filter(on__gt=today).exists()
    assert Petition.objects.filter(received_on__lt=dt.date(2025, 7, 1)).exists()
    overdue = Obligation.objects.filter(
        target_type="petitions.petition", status="open", due__lt=today
    )
    assert overdue.exists()
    assert Obligation.objects.filter(
        target_type="petitions.petition", status="open", due__gte=today
    ).exists()


def test_demo_moves_are_recorded_with_documents_and_audit() -> None:
    closed = Petition.objects.filter(status=Status.CLOSED, accepted_on__isnull=False).first()
    assert closed is not None
    moves = list(
        PetitionEvent.objects.filter(petition=closed, verb="transition").values_list(
            "to_status", flat=True
        )
    )
    assert moves[0] == Status.TRIAGED
    assert moves[-1] == Status.CLOSED
    assert PetitionDocument.objects.filter(petition=closed).count() >= len(moves)
    assert AuditEvent.objects.filter(verb="petition.transition").exists()


def test_demo_load_is_idempotent() -> None:
    assert (
        LOADED["second"]["skipped_existing"]
        == Petition.objects.filter(organization__code__in=_demo_codes()).count()
    )
    assert "petitions" not in LOADED["second"]


def test_each_case_is_handled_by_an_officer_of_its_organisation_or_above() -> None:
    from danvan.petitions.permissions import can_handle

    # A transferred case is opened at the receiver by the sender's officer (the transfer).
    received = Petition.objects.filter(transferred_from__isnull=True)
    for petition in received.select_related("registered_by")[:80]:
        assert petition.registered_by is not None
        assert can_handle(petition.registered_by, petition)


def test_denouncer_names_are_only_in_the_vault() -> None:
    from danvan.petitions.vault import identity_grant_create, vault_reveal

    root = User.objects.create_superuser("kiemtra", password="mat-khau-kiem-tra-1")
    denunciations = Petition.objects.filter(kind=Kind.DENUNCIATION, anonymous=False)
    assert denunciations.exists()
    assert not Petitioner.objects.filter(petition__kind=Kind.DENUNCIATION).exists()
    checked = 0
    for petition in denunciations:
        assert petition.pseudonym
        if not VaultEntry.objects.filter(petition=petition).exists():
            continue
        identity_grant_create(
            petition=petition,
            actor=root,
            user=root,
            reason="Kiểm tra dữ liệu mẫu của bản demo",
            expires_at=timezone.now() + dt.timedelta(hours=1),
        )
        names = [
            p.full_name
            for p in vault_reveal(
                petition=petition, actor=root, reason="Kiểm tra dữ liệu mẫu của bản demo"
            ).persons
        ]
        assert names
        texts = [
            petition.content,
            petition.summary,
            petition.search_text,
            petition.respondent,
            petition.requests,
            *PetitionEvent.objects.filter(petition=petition).values_list("reason", flat=True),
            *(
                str(d)
                for d in PetitionEvent.objects.filter(petition=petition).values_list(
                    "data", flat=True
                )
            ),
            *(
                str(c)
                for c in AuditEvent.objects.filter(
                    target_type="petitions.petition", target_id=str(petition.pk)
                ).values_list("changes", flat=True)
            ),
        ]
        for name in names:
            assert all(name not in text for text in texts), name
        checked += 1
    assert checked >= 1


def _demo_codes() -> list[str]:
    from danvan.core.models import Organization

    return list(Organization.objects.values_list("code", flat=True))


def test_every_demo_place_resolves_to_its_commune_before_and_after_the_reform() -> None:
    from danvan.core.selectors.units import admin_unit_resolve
    from danvan.petitions.demo_text import DEMO_PLACES

    for day in (dt.date(2025, 3, 1), dt.date(2025, 6, 30), dt.date(2025, 7, 1)):
        for place in DEMO_PLACES.values():
            resolution = admin_unit_resolve(code=place.area_code_on(day), on=day)
            assert resolution.current is not None, (place.code, day)
            assert resolution.current.code == place.code, (place.code, day)
