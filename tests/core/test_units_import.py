"""Importing unit snapshots on a small world (see test_units_support), the remote flag, the
`danvan adminunits` command."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danvan.core.errors import NotFound, PermissionDenied, ValidationFailed
from danvan.core.models import (
    AdminUnit,
    AdminUnitSuccession,
    AuditEvent,
    Role,
)
from danvan.core.selectors.units import (
    admin_unit_on,
    admin_unit_resolve,
    admin_unit_search,
)
from danvan.core.services.units import (
    admin_unit_set_remote,
    admin_units_import,
    admin_units_parse_snapshot,
)
from tests.core.test_units_support import (
    D2025,
    D2026,
    import_state,
    load_2025,
    load_2026,
    make_member,
    make_org,
    make_superuser,
    make_user,
    province,
    snapshot_json,
    state_2025,
    state_2026,
    ward,
)

pytestmark = pytest.mark.django_db


def _table() -> list[tuple[str, str, str, dt.date, dt.date | None, str | None]]:
    return [
        (u.code, u.full_name, u.unit_type, u.valid_from, u.valid_to, u.parent_id and u.parent.code)
        for u in AdminUnit.objects.select_related("parent").order_by("code", "valid_from")
    ]


# --- The first snapshot ---------------------------------------------------------------------


def test_first_snapshot_opens_every_unit_from_its_effective_date() -> None:
    result = load_2025()

    assert result.counts()["created"] == 8
    assert AdminUnit.objects.in_force_on(D2025).count() == 8
    assert AdminUnit.objects.in_force_on(D2025 - dt.timedelta(days=1)).count() == 0
    commune = admin_unit_on(code="10001", on=D2025)
    assert commune.full_name == "Xã Hòa An"
    assert commune.parent is not None and commune.parent.full_name == "Tỉnh Hòa Sơn"
    assert commune.search_name == "xa hoa an"


def test_old_style_tone_marks_are_stored_in_the_modern_form() -> None:
    load_2025()

    assert admin_unit_on(code="10004", on=D2025).name == "Thủy Tiên"


def test_import_records_one_audit_event_for_the_whole_snapshot() -> None:
    load_2025()

    events = list(AuditEvent.objects.filter(verb="adminunits.import"))
    assert len(events) == 1
    assert events[0].changes["2025-07-01"][1]["created"] == 8


# --- A newer snapshot -----------------------------------------------------------------------


def test_reclassified_commune_gets_a_new_version_linked_as_renamed() -> None:
    load_2025()
    load_2026()

    before = admin_unit_on(code="10004", on=D2026 - dt.timedelta(days=1))
    after = admin_unit_on(code="10004", on=D2026)
    assert (before.full_name, before.valid_to) == ("Xã Thủy Tiên", D2026)
    assert (after.full_name, after.valid_from, after.valid_to) == ("Phường Thủy Tiên", D2026, None)
    link = AdminUnitSuccession.objects.get(predecessor=before)
    assert (link.successor, link.kind, link.effective) == (after, "renamed", D2026)


def test_spelling_only_difference_keeps_the_row_and_refreshes_the_english_name() -> None:
    load_2025()
    load_2026()

    rows = list(AdminUnit.objects.filter(code="10001"))
    assert len(rows) == 1
    assert (rows[0].name, rows[0].valid_to, rows[0].name_en) == ("Hòa An", None, "Hoa An Commune")


def test_unit_missing_from_newer_snapshot_is_closed_not_deleted() -> None:
    load_2025()
    load_2026()

    gone = AdminUnit.objects.get(code="10003")
    assert gone.valid_to == D2026
    assert not AdminUnitSuccession.objects.filter(predecessor=gone).exists()


def test_province_becoming_a_city_gets_a_new_version_and_continuing_communes_follow_it() -> None:
    load_2025()
    load_2026()

    city = admin_unit_on(code="20", on=D2026)
    old = admin_unit_on(code="20", on=D2025)
    assert (city.full_name, city.unit_type) == ("Thành phố Đông Phong", "thanh_pho")
    assert (old.full_name, old.valid_to) == ("Tỉnh Đông Phong", D2026)
    # A commune valid across the change points to the province's latest version...
    assert admin_unit_on(code="20001", on=D2026).parent == city
    # ...a commune closed before the change keeps the version it belonged to.
    assert AdminUnit.objects.get(code="20002").parent == old


def test_renumbered_commune_is_linked_to_its_old_code() -> None:
    load_2025()
    result = load_2026()

    assert result.recoded == [("20002", "20009")]
    old = AdminUnit.objects.get(code="20002")
    resolution = admin_unit_resolve(code="20002", on=D2025, as_of=D2026)
    assert resolution.current is not None and resolution.current.code == "20009"
    assert AdminUnitSuccession.objects.get(predecessor=old).kind == "renamed"


def test_remote_flag_carries_over_to_the_new_version() -> None:
    load_2025()
    admin_unit_set_remote(actor=None, unit=admin_unit_on(code="10004", on=D2025), remote=True)

    load_2026()

    assert admin_unit_on(code="10004", on=D2026).remote is True


def test_second_import_of_the_same_snapshot_changes_nothing() -> None:
    load_2025()
    load_2026()
    table = _table()
    links = AdminUnitSuccession.objects.count()
    events = AuditEvent.objects.count()

    again = load_2026()
    earlier_again = load_2025()

    assert not again.changed and not earlier_again.changed
    assert again.unchanged == 8
    assert _table() == table
    assert AdminUnitSuccession.objects.count() == links
    assert AuditEvent.objects.count() == events


def test_organisation_on_a_reclassified_unit_moves_to_the_new_version() -> None:
    load_2025()
    org = make_org("20-UBND", level="province", area="20")
    make_org("10-UBND", level="province", area="10")
    commune_org = make_org("10003-UBND", level="commune", area="10003", parent="10-UBND")

    result = load_2026()

    org.refresh_from_db()
    commune_org.refresh_from_db()
    assert org.area == admin_unit_on(code="20", on=D2026)
    assert result.organizations_moved == 1
    # A unit that simply ended keeps its organisations (nothing is deleted or re-pointed).
    assert commune_org.area == AdminUnit.objects.get(code="10003")
    assert AuditEvent.objects.filter(verb="organization.area_follow").count() == 1


def test_dry_run_reports_changes_and_writes_nothing() -> None:
    load_2025()
    table = _table()
    events = AuditEvent.objects.count()

    snapshot = admin_units_parse_snapshot(snapshot_json(state_2026(), D2026))
    result = admin_units_import(actor=None, snapshot=snapshot, dry_run=True)

    assert result.dry_run and result.versions == ["20", "10004"]
    assert _table() == table
    assert AuditEvent.objects.count() == events


# --- Bad files and bad dates ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("{not json", "không đọc được JSON"),
        ("[]", "không rỗng"),
        (json.dumps([{"Code": "1", "Name": "A", "Wards": []}]), "2 chữ số"),
        (
            json.dumps([province("10", "A", [ward("1001", "B")])], ensure_ascii=False),
            "5 chữ số",
        ),
        (
            json.dumps(
                [province("10", "A", [ward("10001", "B"), ward("10001", "C")])], ensure_ascii=False
            ),
            "bị lặp",
        ),
        (
            json.dumps([province("10", "A", [ward("10001", "B", kind="Thị trấn")])]),
            "không rõ loại",
        ),
        (json.dumps([{"Code": "10", "Name": "A", "AdministrativeUnitShortName": "Tỉnh"}]), "Wards"),
        (json.dumps({"snapshot_date": "25/07/2026", "provinces": []}), "YYYY-MM-DD"),
    ],
)
def test_bad_snapshot_is_refused_with_a_vietnamese_message(raw: str, fragment: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        admin_units_parse_snapshot(raw)

    assert caught.value.message.startswith("Tệp danh mục không hợp lệ")
    assert fragment in caught.value.message
    assert "\n" not in caught.value.message


def test_snapshot_without_date_needs_an_effective_date() -> None:
    snapshot = admin_units_parse_snapshot(snapshot_json(state_2025()))

    with pytest.raises(ValidationFailed) as caught:
        admin_units_import(actor=None, snapshot=snapshot)

    assert "--effective" in caught.value.message
    assert AdminUnit.objects.count() == 0


def test_effective_date_before_the_2025_reform_is_refused() -> None:
    snapshot = admin_units_parse_snapshot(snapshot_json(state_2025()))

    with pytest.raises(ValidationFailed):
        admin_units_import(actor=None, snapshot=snapshot, effective=dt.date(2025, 6, 30))


def test_failure_during_the_import_leaves_nothing_half_written() -> None:
    load_2025()
    table = _table()
    events = AuditEvent.objects.count()
    # Same date as the loaded list, a new province (written first), but commune 10003, opened
    # on that very date, is missing: the import refuses after it has started writing.
    provinces = state_2025()
    provinces[0]["Wards"] = [w for w in provinces[0]["Wards"] if w["Code"] != "10003"]
    provinces.append(province("30", "Mới Lập", [ward("30001", "Ba")]))

    with pytest.raises(ValidationFailed) as caught:
        import_state(provinces, D2025)

    assert "10003" in caught.value.message
    assert _table() == table
    assert not AdminUnit.objects.filter(code="30").exists()
    assert AuditEvent.objects.count() == events


def test_non_superuser_cannot_import() -> None:
    user = make_user("thuong")
    snapshot = admin_units_parse_snapshot(snapshot_json(state_2025(), D2025))

    with pytest.raises(PermissionDenied):
        admin_units_import(actor=user, snapshot=snapshot)
    assert AdminUnit.objects.count() == 0


# --- Reads on the small world ---------------------------------------------------------------


def test_search_ignores_diacritics_and_d_stroke() -> None:
    load_2025()

    assert [u.code for u in admin_unit_search(q="duong")] == ["10002"]
    assert [u.code for u in admin_unit_search(q="ĐƯỜNG lâm", on=D2025)] == ["10002"]
    assert [u.code for u in admin_unit_search(q="hoà an", on=D2025)] == ["10001"]
    assert [u.code for u in admin_unit_search(q="HOA", on=D2025)] == ["10", "10001", "20001"]


def test_search_by_code_prefix_and_parent() -> None:
    load_2025()
    load_2026()

    # Provinces first, then by folded full name ("phuong ..." before "xa ...").
    assert [u.code for u in admin_unit_search(q="1000", on=D2026)] == [
        "10004",
        "10002",
        "10001",
        "10005",
    ]
    assert {u.code for u in admin_unit_search(parent_code="20", on=D2026)} == {"20001", "20009"}


def test_search_defaults_to_units_in_force_today_and_history_shows_every_version() -> None:
    load_2025()
    load_2026()

    assert {u.full_name for u in admin_unit_search(q="thuy tien")} == {"Phường Thủy Tiên"}
    assert {u.full_name for u in admin_unit_search(q="thuy tien", include_history=True)} == {
        "Xã Thủy Tiên",
        "Phường Thủy Tiên",
    }


def test_admin_unit_on_unknown_date_raises_not_found_in_vietnamese() -> None:
    load_2025()

    with pytest.raises(NotFound) as caught:
        admin_unit_on(code="10001", on=dt.date(2024, 1, 1))

    assert "Không có đơn vị hành chính mã «10001»" in caught.value.message
    assert "01/01/2024" in caught.value.message


def test_resolution_of_a_current_unit_is_the_unit_itself_in_one_query() -> None:
    load_2025()
    load_2026()

    with CaptureQueriesContext(connection) as queries:
        resolution = admin_unit_resolve(code="10002", on=D2026, as_of=D2026)

    assert resolution.current == resolution.unit
    assert resolution.needs_choice is False
    assert len(queries) == 1


# --- The remote flag ------------------------------------------------------------------------


def test_superuser_marks_unit_remote_and_it_is_audited() -> None:
    load_2025()
    root = make_superuser()
    unit = admin_unit_on(code="10001", on=D2025)

    admin_unit_set_remote(actor=root, unit=unit, remote=True)

    unit.refresh_from_db()
    assert unit.remote is True
    event = AuditEvent.objects.get(verb="adminunit.set_remote")
    assert (event.actor_id, event.target_id, event.changes) == (
        root.pk,
        str(unit.pk),
        {"remote": [False, True]},
    )


def test_setting_the_same_remote_value_again_records_nothing() -> None:
    load_2025()
    unit = admin_unit_on(code="10001", on=D2025)
    admin_unit_set_remote(actor=None, unit=unit, remote=True)

    admin_unit_set_remote(actor=None, unit=unit, remote=True)

    assert AuditEvent.objects.filter(verb="adminunit.set_remote").count() == 1


def test_officer_cannot_mark_unit_remote() -> None:
    load_2025()
    org = make_org("10-UBND", level="province", area="10")
    officer = make_member("canbo", org, Role.OFFICER)
    unit = admin_unit_on(code="10001", on=D2025)

    with pytest.raises(PermissionDenied):
        admin_unit_set_remote(actor=officer, unit=unit, remote=True)

    unit.refresh_from_db()
    assert unit.remote is False
    assert not AuditEvent.objects.filter(verb="adminunit.set_remote").exists()


def test_province_administrator_marks_a_commune_of_the_province_remote() -> None:
    load_2025()
    org = make_org("10-UBND", level="province", area="10")
    admin = make_member("quantri", org, Role.ADMINISTRATOR)

    admin_unit_set_remote(actor=admin, unit=admin_unit_on(code="10004", on=D2025), remote=True)
    with pytest.raises(PermissionDenied):
        admin_unit_set_remote(actor=admin, unit=admin_unit_on(code="20001", on=D2025), remote=True)

    assert admin_unit_on(code="10004", on=D2025).remote is True


# --- The command ----------------------------------------------------------------------------


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "snapshot.json"
    path.write_text(text, encoding="utf-8")
    return path


def test_command_imports_a_file_with_its_own_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    load_2025()
    path = _write(tmp_path, snapshot_json(state_2026(), D2026))

    call_command("adminunits", "import", str(path))

    out = capsys.readouterr().out
    assert "Ngày hiệu lực 01/01/2026" in out
    assert "Đổi mã: 20002 -> 20009" in out
    assert admin_unit_on(code="10004", on=D2026).unit_type == "phuong"


def test_command_effective_option_overrides_the_file_date(tmp_path: Path) -> None:
    load_2025()
    path = _write(tmp_path, snapshot_json(state_2026()))

    call_command("adminunits", "import", str(path), "--effective", "2026-03-01")

    assert admin_unit_on(code="10004", on=dt.date(2026, 3, 1)).valid_from == dt.date(2026, 3, 1)


@pytest.mark.parametrize(
    ("text", "args", "fragment"),
    [
        ("{broken", [], "không đọc được JSON"),
        (snapshot_json(state_2026()), [], "--effective"),
        (snapshot_json(state_2026()), ["--effective", "01/03/2026"], "YYYY-MM-DD"),
    ],
)
def test_command_bad_input_exits_2_with_one_line_and_writes_nothing(
    tmp_path: Path, text: str, args: list[str], fragment: str
) -> None:
    load_2025()
    table = _table()
    path = _write(tmp_path, text)

    with pytest.raises(CommandError) as caught:
        call_command("adminunits", "import", str(path), *args)

    assert caught.value.returncode == 2
    assert fragment in str(caught.value)
    assert "\n" not in str(caught.value)
    assert _table() == table


def test_command_missing_file_exits_2(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as caught:
        call_command("adminunits", "import", str(tmp_path / "khong-co.json"))

    assert caught.value.returncode == 2
    assert "Không đọc được tệp" in str(caught.value)


def test_command_list_prints_tab_separated_units_of_a_province_on_a_date(
    capsys: pytest.CaptureFixture[str],
) -> None:
    load_2025()
    load_2026()

    call_command("adminunits", "list", "--province", "20", "--on", "2025-12-31")

    assert capsys.readouterr().out.splitlines() == [
        "20001\tXã Phú Hòa\tcommune\t20\t2025-07-01\t",
        "20002\tXã Tân Lập\tcommune\t20\t2025-07-01\t2026-01-01",
    ]


def test_deeply_nested_json_is_refused_with_one_vietnamese_message() -> None:
    from danvan.core.errors import ValidationFailed
    from danvan.core.services.units import admin_units_parse_snapshot

    with pytest.raises(ValidationFailed) as excinfo:
        admin_units_parse_snapshot("[" * 200_000)
    assert "lồng nhau quá sâu" in excinfo.value.message
