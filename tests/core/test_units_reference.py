"""The reference data shipped in danvan/data/admin-units, loaded once for this module.

The full load (about 13,500 units and 10,700 links) runs once inside a transaction that is
rolled back when the module ends; each test runs in a savepoint inside it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from danvan.core.errors import NotFound
from danvan.core.models import AdminUnit, AdminUnitSuccession, AuditEvent, UnitLevel
from danvan.core.models.units import EARLIEST, REFORM_2025
from danvan.core.selectors.units import (
    admin_unit_on,
    admin_unit_resolve,
    admin_unit_search,
    admin_unit_territory_ids,
)
from danvan.core.services.units import admin_units_load_reference

BEFORE = dt.date(2025, 6, 30)
SNAPSHOT_2026 = dt.date(2026, 7, 25)
AFTER_2026 = dt.date(2026, 8, 1)

LOADED: dict[str, int] = {}


@pytest.fixture(scope="module", autouse=True)
def reference_data(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        LOADED.update(admin_units_load_reference())
        yield
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def _count(level: str, on: dt.date) -> int:
    return AdminUnit.objects.in_force_on(on).filter(level=level).count()


# --- Counts ---------------------------------------------------------------------------------


def test_load_gives_34_provinces_and_3321_communes_from_1_july_2025() -> None:
    assert (_count(UnitLevel.PROVINCE, REFORM_2025), _count(UnitLevel.COMMUNE, REFORM_2025)) == (
        34,
        3321,
    )


def test_after_the_2026_snapshot_there_are_still_34_provinces_and_3321_communes() -> None:
    assert (_count(UnitLevel.PROVINCE, AFTER_2026), _count(UnitLevel.COMMUNE, AFTER_2026)) == (
        34,
        3321,
    )


def test_pre_2025_units_are_kept_closed_on_the_reform_date() -> None:
    old = AdminUnit.objects.filter(valid_from=EARLIEST, valid_to=REFORM_2025)

    assert old.filter(level=UnitLevel.PROVINCE).count() == 63
    assert old.filter(level=UnitLevel.COMMUNE).count() == 10047
    assert old.filter(level=UnitLevel.DISTRICT).count() == 5
    assert _count(UnitLevel.PROVINCE, BEFORE) == 63
    assert _count(UnitLevel.COMMUNE, BEFORE) == 10047


def test_every_old_unit_has_a_successor_of_1_july_2025() -> None:
    links = AdminUnitSuccession.objects.filter(effective=REFORM_2025)

    assert links.count() == 10667
    assert links.filter(kind="full").count() + links.filter(kind="partial").count() == 10667
    orphans = AdminUnit.objects.filter(valid_to=REFORM_2025, successor_links__isnull=True)
    assert not orphans.exists()


def test_load_reports_what_it_created() -> None:
    assert LOADED["admin_units_created"] == 63 + 5 + 10047 + 34 + 3321 + 2
    assert LOADED["admin_units_new_versions"] == 11
    assert LOADED["admin_units_closed"] == 2
    assert LOADED["admin_units_total"] == AdminUnit.objects.count()


def test_second_load_changes_nothing_and_records_no_audit_event() -> None:
    events = AuditEvent.objects.count()
    units = AdminUnit.objects.count()

    counts = admin_units_load_reference()

    assert {k: v for k, v in counts.items() if not k.startswith("admin_units_total")} == {
        "admin_units_created": 0,
        "admin_units_new_versions": 0,
        "admin_units_closed": 0,
        "admin_units_updated": 0,
        "admin_unit_links_created": 0,
        "admin_units_current": counts["admin_units_current"],
    }
    assert AdminUnit.objects.count() == units
    assert AuditEvent.objects.count() == events


# --- Codes reused in 2025 -------------------------------------------------------------------


def test_code_44_was_quang_binh_until_30_june_2025_and_is_quang_tri_from_1_july() -> None:
    assert admin_unit_on(code="44", on=BEFORE).full_name == "Tỉnh Quảng Bình"
    assert admin_unit_on(code="44", on=REFORM_2025).full_name == "Tỉnh Quảng Trị"


def test_commune_code_00004_changed_meaning_in_2025() -> None:
    assert admin_unit_on(code="00004", on=BEFORE).full_name == "Phường Trúc Bạch"
    assert admin_unit_on(code="00004", on=REFORM_2025).full_name == "Phường Ba Đình"


def test_old_province_code_45_has_no_unit_after_the_reform() -> None:
    with pytest.raises(NotFound) as caught:
        admin_unit_on(code="45", on=REFORM_2025)
    assert "01/07/2025" in caught.value.message


# --- Succession -----------------------------------------------------------------------------


def test_fully_merged_old_commune_resolves_to_its_current_commune() -> None:
    resolution = admin_unit_resolve(code="00004", on=BEFORE, as_of=AFTER_2026)

    assert resolution.unit.full_name == "Phường Trúc Bạch"
    assert resolution.needs_choice is False
    assert resolution.current is not None
    assert (resolution.current.code, resolution.current.full_name) == ("00004", "Phường Ba Đình")


def test_split_old_commune_needs_an_officer_to_choose() -> None:
    resolution = admin_unit_resolve(code="00007", on=BEFORE, as_of=AFTER_2026)

    assert resolution.unit.full_name == "Phường Cống Vị"
    assert resolution.needs_choice is True
    assert resolution.current is None
    assert [(u.code, u.full_name) for u in resolution.candidates] == [
        ("00008", "Phường Ngọc Hà"),
        ("00025", "Phường Giảng Võ"),
    ]


def test_old_province_resolves_to_the_province_it_merged_into() -> None:
    resolution = admin_unit_resolve(code="45", on=BEFORE)

    assert resolution.current is not None
    assert resolution.current.full_name == "Tỉnh Quảng Trị"


def test_old_island_district_resolves_to_the_special_zone() -> None:
    resolution = admin_unit_resolve(code="755", on=BEFORE)

    assert resolution.unit.full_name == "Huyện Côn Đảo"
    assert resolution.current is not None
    assert resolution.current.full_name == "Đặc khu Côn Đảo"


def test_resolution_follows_the_2025_merge_then_the_2026_renumbering() -> None:
    # Thị trấn Ba Chẽ -> Xã Ba Chẽ (06970, 2025) -> Xã Ba Chẽ (06978, corrected code, 2026).
    with CaptureQueriesContext(connection) as queries:
        resolution = admin_unit_resolve(code="06970", on=BEFORE, as_of=AFTER_2026)

    assert resolution.unit.full_name == "Thị trấn Ba Chẽ"
    assert resolution.current is not None
    assert (resolution.current.code, resolution.current.full_name) == ("06978", "Xã Ba Chẽ")
    # One query for the unit, one per generation of links (2025, 2026).
    assert len(queries) == 3


def test_old_commune_resolves_through_a_2026_reclassification() -> None:
    # Xã Phú Hội (Đồng Nai, before 2025) -> Xã Nhơn Trạch (2025) -> Phường Nhơn Trạch (2026).
    resolution = admin_unit_resolve(code="26485", on=BEFORE, as_of=AFTER_2026)

    assert resolution.unit.full_name == "Xã Phú Hội"
    assert resolution.current is not None
    assert resolution.current.full_name == "Phường Nhơn Trạch"


# --- The 2026 snapshot ----------------------------------------------------------------------


def test_dong_nai_became_a_centrally_run_city_on_the_snapshot_date() -> None:
    before = admin_unit_on(code="75", on=SNAPSHOT_2026 - dt.timedelta(days=1))
    after = admin_unit_on(code="75", on=SNAPSHOT_2026)

    assert (before.full_name, before.unit_type) == ("Tỉnh Đồng Nai", "tinh")
    assert (after.full_name, after.unit_type, after.name_en) == (
        "Thành phố Đồng Nai",
        "thanh_pho",
        "Dong Nai City",
    )
    link = AdminUnitSuccession.objects.get(predecessor=before, successor=after)
    assert link.kind == "renamed"
    # Communes that did not change now belong to the city's row.
    assert admin_unit_on(code="26068", on=AFTER_2026).parent == after


def test_xa_that_became_phuong_in_2026_has_two_versions() -> None:
    assert admin_unit_on(code="26485", on=REFORM_2025).full_name == "Xã Nhơn Trạch"
    assert admin_unit_on(code="26485", on=AFTER_2026).full_name == "Phường Nhơn Trạch"
    parent = admin_unit_on(code="26485", on=AFTER_2026).parent
    assert parent is not None and parent.full_name == "Thành phố Đồng Nai"


def test_hoa_spelling_difference_did_not_create_a_version() -> None:
    rows = list(AdminUnit.objects.filter(code="00175", valid_from__gte=REFORM_2025))

    assert [(r.full_name, r.valid_to) for r in rows] == [("Phường Yên Hòa", None)]


# --- Search ---------------------------------------------------------------------------------


def test_search_duong_finds_names_with_d_stroke() -> None:
    names = {u.full_name for u in admin_unit_search(q="duong", level="commune", on=AFTER_2026)}

    assert {
        "Xã Đường Thượng",
        "Xã Đường Hồng",
        "Xã Ngọc Đường",
        "Phường Cam Đường",
        "Xã Đường Hoa",
        "Xã Đường An",
        "Phường Đường Hào",
        "Xã Xuân Đường",
    } <= names
    assert [u.full_name for u in admin_unit_search(q="duong hao")] == ["Phường Đường Hào"]


def test_search_hoa_finds_both_tone_placements_of_the_source() -> None:
    # The official list writes "Hòa", the 2026 snapshot "Hoà": both are stored as "Hòa" and
    # folded to "hoa"; either spelling in the query finds them.
    old_style = {u.pk for u in admin_unit_search(q="yên hoà", on=AFTER_2026)}
    new_style = {u.pk for u in admin_unit_search(q="yen hòa", on=AFTER_2026)}

    assert old_style == new_style
    assert "Phường Yên Hòa" in {u.full_name for u in admin_unit_search(q="yen hoa")}


def test_search_of_current_units_leaves_out_the_old_ones_unless_asked() -> None:
    assert not admin_unit_search(q="quang binh", level="province").exists()
    history = admin_unit_search(q="quang binh", level="province", include_history=True)
    assert [u.full_name for u in history] == ["Tỉnh Quảng Bình"]


def test_search_list_runs_in_a_bounded_number_of_queries() -> None:
    with CaptureQueriesContext(connection) as queries:
        rows = list(admin_unit_search(q="hoa", on=AFTER_2026)[:50])
        parents = [u.parent.code for u in rows if u.parent is not None]

    assert len(rows) == 50 and parents
    assert len(queries) == 1


def test_command_resolve_prints_the_candidates_of_a_split_unit(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("adminunits", "resolve", "00007", "--on", "2025-06-30")

    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("00007\tPhường Cống Vị\t1900-01-01\t2025-07-01")
    assert lines[1] == "Cần chọn một trong các đơn vị:"
    assert lines[2:] == ["?  00008\tPhường Ngọc Hà", "?  00025\tPhường Giảng Võ"]


def test_territory_of_a_province_holds_its_communes_of_every_date() -> None:
    quang_tri = admin_unit_on(code="44", on=AFTER_2026)

    with CaptureQueriesContext(connection) as queries:
        ids = admin_unit_territory_ids(quang_tri)

    old_quang_binh = admin_unit_on(code="44", on=BEFORE)
    old_quang_tri = admin_unit_on(code="45", on=BEFORE)
    expected_communes = AdminUnit.objects.filter(
        parent__in=[old_quang_binh, old_quang_tri, quang_tri]
    ).count()
    assert {quang_tri.pk, old_quang_binh.pk, old_quang_tri.pk} <= ids
    assert len(ids) == 3 + expected_communes
    assert admin_unit_on(code="19564", on=AFTER_2026).pk in ids  # xã Đakrông today
    assert admin_unit_on(code="44", on=BEFORE).pk in ids
    assert admin_unit_on(code="00004", on=AFTER_2026).pk not in ids
    assert len(queries) == 3  # links into 44, links into the old 44 and 45 (none), children


def test_territory_of_dong_nai_keeps_the_communes_closed_by_the_2026_reclassification() -> None:
    city = admin_unit_on(code="75", on=AFTER_2026)

    ids = admin_unit_territory_ids(city)

    assert admin_unit_on(code="26485", on=REFORM_2025).pk in ids  # Xã Nhơn Trạch (2025 row)
    assert admin_unit_on(code="26485", on=AFTER_2026).pk in ids  # Phường Nhơn Trạch
    assert admin_unit_on(code="26485", on=BEFORE).pk in ids  # Xã Phú Hội (before 2025)
