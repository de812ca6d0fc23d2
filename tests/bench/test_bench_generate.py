"""`danvan bench generate`: bulk synthetic petitions that look like the services' own rows."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from danvan.core.models import Obligation, Organization, Role
from danvan.petitions.demo_bulk import bulk_generate
from danvan.petitions.models import CaseCounter, DuplicateBand, Petition, Petitioner
from danvan.petitions.search import matches, search_filter
from danvan.petitions.states import OPEN_STATES, Kind
from danvan.text import dedup

pytestmark = pytest.mark.django_db
COUNT = 500
OUT: dict[str, str] = {}


@pytest.fixture(scope="module", autouse=True)
def generated(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """Reference data and 500 generated petitions, once for the module (rolled back after)."""
    from danvan.core.services.reference import reference_data_load

    with django_db_blocker.unblock(), transaction.atomic():
        reference_data_load()
        out = StringIO()
        call_command(
            "bench", "generate", "--petitions", str(COUNT), "--workers", "1", "--seed", "3",
            stdout=out,
        )  # fmt: skip
        OUT["stdout"] = out.getvalue()
        yield
        transaction.set_rollback(True)


def test_generate_creates_the_requested_number_of_petitions_and_reports_the_rate() -> None:
    assert Petition.objects.count() == COUNT
    assert "500 đơn thư" in OUT["stdout"]
    assert "đơn/giây" in OUT["stdout"]


def test_generate_creates_one_peoples_committee_per_province_and_commune_in_force() -> None:
    orgs = Organization.objects.filter(code__endswith="-UBND", kind="ubnd")

    assert orgs.filter(level="province").count() == 34
    assert orgs.filter(level="commune").count() == 3321
    assert not orgs.filter(level="commune", parent__isnull=True).exists()


def test_case_numbers_are_unique_per_organisation_and_year_and_continue_the_counter() -> None:
    rows = list(Petition.objects.values_list("organization_id", "year", "seq", "case_number"))
    assert len({(o, y, s) for o, y, s, _ in rows}) == COUNT
    assert len({(o, c) for o, _, _, c in rows}) == COUNT
    assert all(c.startswith(f"{s}/{y}/") for _, y, s, c in rows)
    last = Counter[tuple[int, int]]()
    for org_id, year, seq, _ in rows:
        last[(org_id, year)] = max(last[(org_id, year)], seq)
    counters = {(c.organization_id, c.year): c.last for c in CaseCounter.objects.all()}
    assert counters == dict(last)


def test_tracking_codes_are_unique() -> None:
    codes = list(Petition.objects.values_list("tracking_code", flat=True))
    assert len(set(codes)) == COUNT


def test_search_text_is_indexed_and_found_by_the_search_filter() -> None:
    petition = Petition.objects.exclude(kind=Kind.DENUNCIATION).order_by("id")[7]
    word = max(petition.content.split()[3:12], key=len)
    query = f"{word} {petition.case_number}"

    found = set(search_filter(Petition.objects.all(), query).values_list("id", flat=True))

    assert petition.pk in found
    expected = {
        pk for pk, text in Petition.objects.values_list("id", "search_text") if matches(text, query)
    }
    assert found == expected


def test_petitioners_are_searchable_by_name_but_denunciations_have_none() -> None:
    person = Petitioner.objects.order_by("id").first()
    assert person is not None
    assert person.search_name == dedup.name_key(person.full_name)
    found = search_filter(Petition.objects.all(), person.full_name)
    assert found.filter(pk=person.petition_id).exists()
    assert not Petitioner.objects.filter(petition__kind=Kind.DENUNCIATION).exists()
    assert not Petition.objects.filter(kind=Kind.DENUNCIATION, pseudonym="").exists()


def test_duplicate_bands_are_the_ones_intake_writes() -> None:
    for petition in Petition.objects.order_by("id")[:40]:
        stored = sorted(
            DuplicateBand.objects.filter(petition=petition).values_list("band", flat=True)
        )
        assert stored == sorted(set(dedup.band_hashes(petition.content)))


def test_bulk_band_hashes_equal_the_dedup_library_on_generated_text() -> None:
    contents = list(Petition.objects.values_list("content", flat=True)[:200])
    assert dedup.band_hashes_many(contents) == [dedup.band_hashes(c) for c in contents]


def test_search_text_is_what_the_search_module_writes() -> None:
    from danvan.petitions.search import search_text_for

    for petition in Petition.objects.order_by("id")[:150]:
        names = list(petition.petitioners.order_by("position").values_list("full_name", flat=True))
        assert petition.search_text == search_text_for(
            content=petition.content,
            summary=petition.summary,
            case_number=petition.case_number,
            names=names,
            respondent=petition.respondent,
            requests=petition.requests,
        )


def test_registry_rows_are_what_the_deadline_sync_would_write_for_every_case() -> None:
    from danvan.petitions.deadlines import petition_deadlines_sync

    def registry(pk: int) -> list[tuple[object, ...]]:
        return sorted(
            Obligation.objects.filter(target_type="petitions.petition", target_id=pk).values_list(
                "key", "kind", "title", "rule_id", "explanation", "topic", "organization_id",
                "area_id", "started_on", "due", "status", "completed_on", "target_status",
            )
        )  # fmt: skip

    statuses = set()
    for petition in Petition.objects.order_by("?")[:80]:
        before = registry(petition.pk)
        next_deadline = petition.next_deadline
        assert before  # finished cases too (done / cancelled rows), as the services keep them
        petition_deadlines_sync(petition)
        petition.refresh_from_db()
        assert registry(petition.pk) == before
        assert petition.next_deadline == next_deadline
        statuses.add(petition.status)
    assert "closed" in statuses


def test_the_lightweight_case_view_gives_the_specs_of_a_model_instance() -> None:
    from danvan.petitions.deadlines import petition_obligation_specs
    from danvan.petitions.demo_bulk import CaseView, MemoEngine

    engine = MemoEngine()
    fields = [f.attname for f in Petition._meta.concrete_fields]
    for petition in Petition.objects.prefetch_related("suspensions").order_by("id")[:200]:
        values = {name: getattr(petition, name) for name in fields}
        view = CaseView(values, list(petition.suspensions.all()))
        assert petition_obligation_specs(view, engine=engine) == petition_obligation_specs(  # type: ignore[arg-type]
            petition, engine=engine
        )


def test_open_cases_have_registry_rows_and_their_next_deadline() -> None:
    today = timezone.localdate()
    open_cases = Petition.objects.filter(status__in=sorted(OPEN_STATES))
    assert open_cases.exists()
    assert open_cases.filter(next_deadline__lt=today).exists()  # some are overdue
    for petition in open_cases[:60]:
        due = (
            Obligation.objects.filter(
                target_type="petitions.petition", target_id=petition.pk, status="open"
            )
            .order_by("due")
            .values_list("due", flat=True)
            .first()
        )
        assert petition.next_deadline == due
    closed_ids = Petition.objects.exclude(status__in=sorted(OPEN_STATES)).values("id")
    assert not Obligation.objects.filter(target_id__in=closed_ids, status="open").exists()
    assert Obligation.objects.filter(target_id__in=closed_ids, status="done").exists()


def test_lifecycle_dates_follow_each_other_and_never_pass_today() -> None:
    today = timezone.localdate()
    for p in Petition.objects.all():
        days = [p.received_on, p.triaged_on, p.accepted_on, p.resolved_on, p.closed_on]
        known = [d for d in days if d is not None]
        assert known == sorted(known)
        assert max(known) <= today
        assert p.received_on >= dt.date(2025, 1, 1)
    statuses = set(Petition.objects.values_list("status", flat=True))
    assert {"received", "verifying", "closed"} <= statuses


def test_a_petition_registered_after_the_bulk_load_continues_the_numbering() -> None:
    from danvan.petitions.inputs import PersonInput, PetitionInput
    from danvan.petitions.services import petition_register
    from tests.factories import MembershipFactory

    busiest = (
        Petition.objects.filter(year=timezone.localdate().year)
        .values_list("organization_id", flat=True)
        .order_by("-seq")
        .first()
    )
    org = Organization.objects.get(pk=busiest)
    last = CaseCounter.objects.get(organization=org, year=timezone.localdate().year).last
    officer = MembershipFactory(organization=org, role=Role.OFFICER).user

    petition = petition_register(
        actor=officer,
        data=PetitionInput(
            kind="proposal",
            channel="in_person",
            received_on=timezone.localdate(),
            content="Kiến nghị sửa chữa đường liên thôn bị sạt lở sau mưa lớn.",
            area_code=org.area.code if org.area else "",
            petitioners=[PersonInput(full_name="Trần Thị Hoa")],
        ),
    )

    assert petition.seq == last + 1


def test_generate_refuses_a_non_positive_count() -> None:
    with pytest.raises(CommandError):
        call_command("bench", "generate", "--petitions", "0", stdout=StringIO())


def test_the_search_index_trigger_is_back_after_the_load() -> None:
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("FTS5 triggers are SQLite's")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
            ["petitions_petition_fts_%"],
        )
        assert {r[0] for r in cursor.fetchall()} == {
            "petitions_petition_fts_ai",
            "petitions_petition_fts_ad",
            "petitions_petition_fts_au",
        }


def test_a_failing_load_still_restores_the_search_index(monkeypatch: Any) -> None:
    from django.db import connection

    from danvan.petitions import demo_bulk

    def boom(rows: Any, today: Any) -> dict[str, int]:
        raise RuntimeError("disk full")

    monkeypatch.setattr(demo_bulk, "_insert", boom)
    with pytest.raises(RuntimeError), transaction.atomic():
        bulk_generate(petitions=3, workers=1, seed=9)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name = %s",
                [demo_bulk.FTS_INSERT_TRIGGER],
            )
            assert cursor.fetchone()[0] == 1


def test_deferred_indexes_are_dropped_during_the_load_and_rebuilt_after_it() -> None:
    from django.db import connection

    from danvan.core.bulk import indexes_deferred
    from danvan.petitions import demo_bulk

    def names() -> set[str]:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = %s",
                    [Petition._meta.db_table],
                )
            else:
                cursor.execute(
                    "SELECT indexname FROM pg_indexes WHERE tablename = %s",
                    [Petition._meta.db_table],
                )
            return {r[0] for r in cursor.fetchall()}

    before = names()
    with transaction.atomic():
        with pytest.raises(RuntimeError), indexes_deferred([Petition]) as dropped:
            during = names()
            raise RuntimeError("the load failed")
        assert names() == before  # rebuilt, also after a failure
        transaction.set_rollback(True)
    assert "petition_inbox" in dropped and "petition_inbox" not in during
    assert not any(n.startswith("sqlite_autoindex") for n in dropped)  # unique ones stay
    assert "petition_source_ref_per_org" not in dropped  # a conditional unique index stays
    if connection.vendor == "postgresql":
        assert demo_bulk.PG_SEARCH_INDEX in dropped  # the GIN search index is rebuilt too


def test_bulk_generate_without_reference_units_says_to_run_install(monkeypatch: Any) -> None:
    from danvan.petitions import demo_bulk

    monkeypatch.setattr(demo_bulk, "organizations_ensure", lambda day: ([], [], 0))
    with pytest.raises(ValueError, match="danvan install"):
        bulk_generate(petitions=1)
