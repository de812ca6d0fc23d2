"""Register import: header detection, cell words, dry run, import, idempotency, round trip."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest

from danvan.core.errors import PermissionDenied, ValidationFailed
from danvan.core.models import AuditEvent, Obligation
from danvan.petitions.imports import columns as cols
from danvan.petitions.imports import run
from danvan.petitions.imports.checks import problem_line
from danvan.petitions.imports.export import petitions_export
from danvan.petitions.imports.reader import BadDate, parse_date
from danvan.petitions.models import (
    CaseCounter,
    ImportStatus,
    Petition,
    Petitioner,
    PetitionEvent,
    VaultEntry,
)
from tests.factories import CommuneFactory
from tests.petitions.imports_helpers import (
    HEADERS,
    check,
    do_import,
    good_row,
    upload,
    xlsx,
)


def fields_of(layout: cols.Layout) -> dict[str, str]:
    return {c.header: c.field for c in layout.columns if c.field}


# --- Headers and words ------------------------------------------------------------------------


def test_headers_found_below_a_title_without_diacritics_in_capitals() -> None:
    rows = [
        ("UBND TỈNH QUẢNG TRỊ",),
        (),
        ("SO THEO DOI DON THU",),
        ("STT", "NGAY NHAN DON", "HO TEN NGUOI DUNG DON", "DIA CHI", "So CCCD",
         "Noi dung tom tat", "Loai don", "LINH VUC", "Nguon", "Co quan chuyen den",
         "So van ban chuyen", "Dia ban", "Huong xu ly", "Ghi chu"),
    ]  # fmt: skip
    layout = cols.detect_layout(rows)
    assert layout.header_row == 4
    assert fields_of(layout) == {
        "STT": "stt",
        "NGAY NHAN DON": "received_on",
        "HO TEN NGUOI DUNG DON": "full_name",
        "DIA CHI": "address",
        "So CCCD": "id_number",
        "Noi dung tom tat": "content",
        "Loai don": "kind",
        "LINH VUC": "topic",
        "Nguon": "channel",
        "Co quan chuyen den": "forwarder",
        "So van ban chuyen": "forwarder_reference",
        "Dia ban": "area",
        "Huong xu ly": "outcome",
        "Ghi chu": "note",
    }


def test_two_line_header_with_merged_group_cells_and_a_numbering_row() -> None:
    rows = [
        ("STT", "Ngày nhận (dd/mm/yyyy)", "Người gửi đơn", None, "Tóm tắt nội dung đơn"),
        (None, None, "Họ tên", "Địa chỉ", None),
        ("(1)", "(2)", "(3)", "(4)", "(5)"),
    ]
    layout = cols.detect_layout(rows)
    assert layout.header_row == 2
    assert [c.field for c in layout.columns] == [
        "stt",
        "received_on",
        "full_name",
        "address",
        "content",
    ]
    assert cols.is_numbering_row(rows[2])
    assert not cols.is_numbering_row(("1", "05/03/2024", "Nguyễn Văn A"))


def test_a_column_named_twice_keeps_the_first_and_a_lone_summary_is_the_content() -> None:
    layout = cols.detect_layout([("Ngày nhận", "Ngày tiếp nhận", "Tóm tắt")])
    assert [c.field for c in layout.columns] == ["received_on", "", "content"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31/12/2024", dt.date(2024, 12, 31)),
        ("5/3/24", dt.date(2024, 3, 5)),
        ("05-03-2024", dt.date(2024, 3, 5)),
        ("05.03.2024 08:30", dt.date(2024, 3, 5)),
        ("2024-03-05", dt.date(2024, 3, 5)),
        ("Ngày 5 tháng 3 năm 2024", dt.date(2024, 3, 5)),
        (45356, dt.date(2024, 3, 5)),
        (dt.datetime(2024, 3, 5, 9, 0), dt.date(2024, 3, 5)),
        (None, None),
        ("  ", None),
    ],
)
def test_dates_as_excel_dates_serials_or_text(text: Any, expected: dt.date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2024", "hôm qua", "13/13/2024", 12])
def test_not_a_date(text: Any) -> None:
    with pytest.raises(BadDate):
        parse_date(text)


def test_vietnamese_words_of_kinds_channels_results_topics() -> None:
    assert cols.kind_from_text("Khiếu nại") == "complaint"
    assert cols.kind_from_text("TO CAO") == "denunciation"
    assert cols.kind_from_text("Kiến nghị, phản ánh") == "proposal"
    assert cols.kind_from_text("Khiếu nại, tố cáo") == "mixed"
    assert cols.kind_from_text("KN") == "complaint"
    assert cols.kind_from_content("Tôi làm đơn này tố cáo ông A") == "denunciation"
    assert cols.channel_from_text("Qua bưu điện") == "post"
    assert cols.channel_from_text("Đoàn ĐBQH tỉnh chuyển") == "forwarded_deputy"
    assert cols.channel_from_text("UBMTTQ huyện chuyển đến") == "forwarded_mttq"
    assert cols.channel_from_text("Báo Tuổi Trẻ") == "forwarded_press"
    assert cols.channel_from_text("Thanh tra tỉnh chuyển") == "forwarded_agency"
    assert cols.channel_from_text("PAKN") == "pakn"
    assert cols.outcome_from_text("Chuyển đơn đến UBND huyện") == "transfer"
    assert cols.outcome_from_text("Không thụ lý") == "ineligible"
    assert cols.outcome_from_text("Thụ lý giải quyết") == cols.ACCEPTED
    assert cols.outcome_from_text("Đã giải quyết xong") == cols.RESOLVED
    assert cols.outcome_from_text("Lưu đơn") == "file"
    assert cols.outcome_from_text("Công dân rút đơn") == cols.WITHDRAWN
    assert cols.outcome_from_text("abc") == ""
    assert cols.topic_from_text("Đất đai") == "dat_dai"
    assert cols.topic_from_text("Ô nhiễm môi trường") == "moi_truong"
    assert cols.topic_from_text("Thiên văn") == ""


# --- Upload and mapping ---------------------------------------------------------------------


def test_upload_detects_the_layout_and_refuses_what_is_not_xlsx(world: Any) -> None:
    job = upload(world.officer, xlsx([good_row(1)]))
    assert job.header_row == 3
    assert job.organization == world.province_org
    assert [c["field"] for c in job.mapping["columns"]][:3] == ["stt", "received_on", "full_name"]
    with pytest.raises(ValidationFailed) as not_xlsx:
        upload(world.officer, b"STT;Ngay nhan\n1;05/03/2024\n")
    assert "không phải là bảng tính Excel" in not_xlsx.value.message
    with pytest.raises(ValidationFailed) as old_xls:
        upload(world.officer, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    assert ".xls" in old_xls.value.message
    with pytest.raises(ValidationFailed) as broken:
        upload(world.officer, b"PK\x03\x04not really a zip")
    assert "Không đọc được" in broken.value.message


def test_size_limit_is_a_setting(world: Any, settings: Any) -> None:
    settings.DANVAN_IMPORT_MAX_MB = 0
    with pytest.raises(ValidationFailed) as exc:
        upload(world.officer, xlsx([good_row(1)]))
    assert "lớn quá 0 MB" in exc.value.message


def test_viewer_and_officers_of_other_organisations_cannot_import(world: Any) -> None:
    data = xlsx([good_row(1)])
    with pytest.raises(PermissionDenied):
        upload(world.viewer, data)
    with pytest.raises(ValidationFailed):
        upload(world.officer_a, data, org=world.province_org)
    job = upload(world.officer, data)
    with pytest.raises(PermissionDenied):
        run.register_import_check_start(actor=world.officer_a, job=job)


def test_mapping_override_ignores_and_remaps_columns(world: Any) -> None:
    rows = [good_row(1, **{"Ghi chú": "Sổ cũ ghi chú", "Kết quả xử lý": "Lưu đơn"})]
    job = upload(world.officer, xlsx(rows))
    by_header = {c["header"]: c["index"] for c in job.mapping["columns"]}
    with pytest.raises(ValidationFailed) as twice:
        run.register_import_map(
            actor=world.officer, job=job, fields={by_header["Ghi chú"]: "content"}
        )
    assert "cùng ghép vào «Nội dung đơn»" in twice.value.message
    run.register_import_map(
        actor=world.officer,
        job=job,
        fields={by_header["Địa bàn"]: "", by_header["Ghi chú"]: "summary"},
    )
    job = do_import(world.officer, check(world.officer, job))
    petition = Petition.objects.get()
    assert petition.summary == "Sổ cũ ghi chú"
    assert petition.area == world.province  # the area column ignored: the organisation's own
    assert {c["field"] for c in job.mapping["columns"]} >= {"summary"}


def test_check_refused_while_a_required_field_has_no_column(world: Any) -> None:
    headers = [h for h in HEADERS if h != "Tóm tắt nội dung"]
    rows = [[v for h, v in zip(HEADERS, good_row(1), strict=True) if h != "Tóm tắt nội dung"]]
    job = upload(world.officer, xlsx(rows, headers))
    with pytest.raises(ValidationFailed) as exc:
        run.register_import_check_start(actor=world.officer, job=job)
    assert "Chưa ghép cột cho: Nội dung đơn" in exc.value.message


# --- Dry run ----------------------------------------------------------------------------------


def bad_rows() -> list[list[Any]]:
    return [
        good_row(1),
        good_row(2, **{"Ngày nhận đơn": "31/02/2024"}),
        good_row(3, **{"Ngày nhận đơn": None}),
        good_row(4, **{"Ngày nhận đơn": "01/01/2099"}),
        good_row(5, **{"Tóm tắt nội dung": "Ngắn"}),
        good_row(6, **{"Phân loại": "Thư cảm ơn"}),
        good_row(7, **{"Nguồn đơn": "Bồ câu đưa thư"}),
        good_row(8, **{"Kết quả xử lý": "Để đó tính sau"}),
        good_row(9, **{"Địa bàn": "Xã Không Có"}),
        good_row(10, **{"Số CCCD": "12345"}),
        good_row(11, **{"Kết quả xử lý": "Lưu đơn", "Ngày xử lý": "01/01/2026"}),
        good_row(12, **{"Nguồn đơn": "PAKN"}),
        good_row(13, **{"Địa bàn": "99999"}),
        good_row(14, **{"Lĩnh vực": "Thiên văn học"}),
    ]


def test_dry_run_reports_every_bad_cell_with_row_and_column_and_writes_nothing(
    world: Any,
) -> None:
    job = check(world.officer, upload(world.officer, xlsx(bad_rows())))
    assert job.status == ImportStatus.CHECKED
    assert job.rows_total == 14
    assert job.rows_bad == 12
    assert job.rows_done == 14
    lines = [problem_line(p) for p in job.problems]
    expected = [
        "Dòng 5, cột «Ngày nhận đơn»: «31/02/2024» không phải là ngày hợp lệ",
        "Dòng 6, cột «Ngày nhận đơn»: chưa có ngày nhận đơn.",
        "Dòng 7, cột «Ngày nhận đơn»: Ngày nhận đơn không được sau hôm nay.",
        "Dòng 8, cột «Tóm tắt nội dung»: Nhập nội dung đơn (ít nhất 10 ký tự).",
        "Dòng 9, cột «Phân loại»: «Thư cảm ơn» không phải là loại đơn đã biết",
        "Dòng 10, cột «Nguồn đơn»: «Bồ câu đưa thư» không phải là nguồn đơn đã biết",
        "Dòng 11, cột «Kết quả xử lý»: «Để đó tính sau» không phải là kết quả xử lý",
        "Dòng 12, cột «Địa bàn»: Không tìm thấy đơn vị hành chính «Xã Không Có»",
        "Dòng 13, cột «Số CCCD»: Số định danh cá nhân gồm 12 chữ số",
        "Dòng 14, cột «Ngày xử lý»: ngày xử lý 01/01/2026 trước ngày nhận đơn",
        "Dòng 15, cột «Mã PAKN»: Nhập mã phản ánh, kiến nghị trên hệ thống PAKN.",
        "Dòng 16, cột «Địa bàn»: Không có đơn vị hành chính mã «99999»",
        "Dòng 17, cột «Lĩnh vực»: «Thiên văn học» không có trong danh mục lĩnh vực",
    ]
    for start in expected:
        assert any(line.startswith(start) for line in lines), start
    assert [p["level"] for p in job.problems if p["row"] == 17] == ["warning"]
    assert not Petition.objects.exists()
    assert not CaseCounter.objects.exists()
    assert not Obligation.objects.exists()


def test_ambiguous_area_name_is_a_problem(world: Any) -> None:
    CommuneFactory(code="19004", name="Xã An", full_name="Xã An", parent=world.province)
    job = check(world.officer, upload(world.officer, xlsx([good_row(1)])))
    assert job.rows_bad == 1
    assert "khớp nhiều đơn vị hành chính" in job.problems[0]["problem"]
    assert "19001" in job.problems[0]["problem"] and "19004" in job.problems[0]["problem"]


def test_names_equal_once_folded_are_told_apart_by_their_diacritics(world: Any) -> None:
    thanh = CommuneFactory(code="19005", name="Xã Thành An", full_name="Xã Thành An",
                           parent=world.province)  # fmt: skip
    thanh_dot = CommuneFactory(code="19006", name="Xã Thạnh An", full_name="Xã Thạnh An",
                               parent=world.province)  # fmt: skip
    rows = [
        good_row(1, **{"Địa bàn": "Xã Thạnh An"}),
        good_row(2, **{"Địa bàn": "thanh an"}),
        good_row(3, **{"Địa bàn": "Thôn 2, xã Thành An, tỉnh Quảng Trị Thử"}),
    ]
    job = do_import(world.officer, check(world.officer, upload(world.officer, xlsx(rows))),
                    only_good=True)  # fmt: skip
    assert job.rows_bad == 1 and job.problems[0]["row"] == 5
    areas = dict(Petition.objects.values_list("content", "area_id"))
    assert sorted(areas.values()) == sorted([thanh_dot.pk, thanh.pk])


# --- Import -----------------------------------------------------------------------------------


def test_import_all_is_refused_while_bad_rows_exist_and_only_good_rows_import(world: Any) -> None:
    job = check(world.officer, upload(world.officer, xlsx(bad_rows())))
    with pytest.raises(ValidationFailed) as exc:
        run.register_import_start(actor=world.officer, job=job, only_good=False)
    assert "Còn 12 dòng lỗi" in exc.value.message
    job = do_import(world.officer, job, only_good=True)
    assert job.status == ImportStatus.DONE
    assert job.rows_created == 2
    assert Petition.objects.count() == 2
    topic_row = Petition.objects.get(content__contains="hộ số 14")
    assert topic_row.topic == "khac"


def test_imported_petitions_keep_every_invariant_of_registration(world: Any) -> None:
    from danvan.petitions.services.common import case_number_next

    case_number_next(world.province_org, 2026)  # one petition already numbered this year
    rows = [good_row(n) for n in range(1, 4)]
    job = do_import(world.officer, check(world.officer, upload(world.officer, xlsx(rows))))
    assert job.rows_created == 3
    petitions = list(Petition.objects.order_by("seq"))
    assert [p.case_number for p in petitions] == [
        "2/2026/44-UBND",
        "3/2026/44-UBND",
        "4/2026/44-UBND",
    ]
    assert CaseCounter.objects.get(organization=world.province_org, year=2026).last == 4
    p = petitions[0]
    assert p.status == "received"
    assert p.kind == "complaint" and p.channel == "in_person" and p.topic == "dat_dai"
    assert p.area == world.commune_a
    assert p.registered_by == world.officer
    assert p.source_ref.startswith("xlsx:") and len(p.source_ref) == 69
    assert "nguyen van thu 1" in p.search_text and "boi thuong" in p.search_text
    person = Petitioner.objects.get(petition=p)
    assert person.id_number == "044085001234"
    assert person.search_name
    assert person.organization_id == p.organization_id  # the name lookup's scope
    assert p.next_deadline is not None
    keys = set(Obligation.objects.filter(target_id=p.pk).values_list("key", flat=True))
    assert keys == {"triage", "accept"}
    events = list(PetitionEvent.objects.filter(petition=p))
    assert [e.verb for e in events] == ["registered"]
    assert events[0].data["import"] == job.pk
    assert AuditEvent.objects.filter(verb="petition.import_batch").count() == 1
    from danvan.petitions.search import search_filter

    # The full-text index (triggers on SQLite, GIN on PostgreSQL) knows the imported rows.
    assert search_filter(Petition.objects.all(), "boi thuong thon dong").count() == 3
    assert search_filter(Petition.objects.all(), "to cao").count() == 0
    from danvan.petitions.models import DuplicateBand

    assert DuplicateBand.objects.filter(petition=p).count() == 17
    assert set(DuplicateBand.objects.filter(petition=p).values_list("organization", flat=True)) == {
        p.organization_id
    }


def test_reimporting_the_same_file_or_overlapping_rows_creates_nothing_twice(world: Any) -> None:
    rows = [good_row(n) for n in range(1, 6)]
    first = do_import(world.officer, check(world.officer, upload(world.officer, xlsx(rows))))
    assert first.rows_created == 5
    again = check(world.officer, upload(world.officer, xlsx(rows)))
    assert again.rows_skipped == 5
    with pytest.raises(ValidationFailed):
        run.register_import_start(actor=world.officer, job=again, only_good=False)
    # The same rows re-typed (another order, other STT, other spacing) and two new ones.
    overlap = [good_row(n + 10, **{"STT": n}) for n in range(1, 3)]
    overlap += [
        good_row(5, **{"STT": 99, "Họ và tên người gửi": "nguyễn  văn thử 5"}),
        good_row(1),
    ]
    job = do_import(world.officer, check(world.officer, upload(world.officer, xlsx(overlap))))
    assert job.rows_skipped == 2 and job.rows_created == 2
    assert Petition.objects.count() == 7


def test_duplicate_rows_inside_one_file_are_imported_once(world: Any) -> None:
    job = check(world.officer, upload(world.officer, xlsx([good_row(1), good_row(1)])))
    assert job.rows_skipped == 1
    assert "trùng với dòng 4" in job.problems[0]["problem"]
    do_import(world.officer, job)
    assert Petition.objects.count() == 1


def test_historical_results_land_closed_and_stay_off_the_board(world: Any) -> None:
    rows = [
        good_row(1, **{"Kết quả xử lý": "Chuyển đơn", "Ngày xử lý": "20/01/2026"}),
        good_row(2, **{"Kết quả xử lý": "Hướng dẫn", "Nguồn đơn": "Đoàn ĐBQH tỉnh chuyển"}),
        good_row(3, **{"Kết quả xử lý": "Thụ lý", "Ghi chú": "Đã có QĐ 12/QĐ-UBND"}),
        good_row(4, **{"Kết quả xử lý": "Rút đơn"}),
        good_row(5),
    ]
    do_import(world.officer, check(world.officer, upload(world.officer, xlsx(rows))))
    transfer = Petition.objects.get(content__contains="hộ số 1)")
    assert (transfer.status, transfer.triage_outcome) == ("closed", "transfer")
    assert transfer.closed_on == dt.date(2026, 1, 20)
    guided = Petition.objects.get(content__contains="hộ số 2)")
    assert guided.channel == "forwarded_deputy"
    assert guided.forwarder == "Đoàn ĐBQH tỉnh chuyển"
    assert guided.reported_back_on == guided.closed_on
    accepted = Petition.objects.get(content__contains="hộ số 3)")
    assert (accepted.status, accepted.triage_outcome) == ("closed", "accept")
    assert accepted.result_summary == "Đã có QĐ 12/QĐ-UBND"
    withdrawn = Petition.objects.get(content__contains="hộ số 4)")
    assert withdrawn.status == "withdrawn"
    closed_ids = [transfer.pk, guided.pk, accepted.pk, withdrawn.pk]
    assert not Obligation.objects.filter(target_id__in=closed_ids).exists()
    assert all(p.next_deadline is None for p in Petition.objects.filter(pk__in=closed_ids))
    moves = PetitionEvent.objects.filter(petition=transfer).order_by("on", "id")
    assert [(e.verb, e.to_status) for e in moves] == [
        ("registered", "received"),
        ("transition", "closed"),
    ]
    assert "dòng 4" in moves[1].reason
    open_one = Petition.objects.get(content__contains="hộ số 5)")
    assert Obligation.objects.filter(target_id=open_one.pk, status="open").exists()


def test_accepted_cases_can_be_kept_open_with_their_resolution_deadline(world: Any) -> None:
    rows = [good_row(1, **{"Kết quả xử lý": "Thụ lý", "Ngày xử lý": "20/01/2026"})]
    job = upload(world.officer, xlsx(rows))
    run.register_import_map(actor=world.officer, job=job, keep_accepted_open=True)
    do_import(world.officer, check(world.officer, job))
    p = Petition.objects.get()
    assert (p.status, p.accepted_on) == ("accepted", dt.date(2026, 1, 20))
    resolve = Obligation.objects.get(target_id=p.pk, key="resolve")
    assert resolve.status == "open" and resolve.started_on == dt.date(2026, 1, 20)


def test_a_denouncer_goes_to_the_vault_never_to_the_senders(world: Any) -> None:
    rows = [
        good_row(
            1,
            **{
                "Phân loại": "Tố cáo",
                "Họ và tên người gửi": "Trần Thị Bí Mật",
                "Tóm tắt nội dung": "Tố cáo cán bộ địa chính xã nhận tiền của dân khi làm sổ đỏ.",
            },
        )
    ]
    data = xlsx(rows)
    do_import(world.officer, check(world.officer, upload(world.officer, data)))
    p = Petition.objects.get()
    assert p.kind == "denunciation" and p.pseudonym
    assert not Petitioner.objects.filter(petition=p).exists()
    assert VaultEntry.objects.filter(petition=p).exists()
    assert "mat" not in p.search_text.split()
    out = io.BytesIO()
    petitions_export(Petition.objects.all(), out)
    assert "Bí Mật" not in _cells(out.getvalue())
    # Re-importing does not need the name to recognise the row (its key ignores the sender).
    again = check(world.officer, upload(world.officer, data))
    assert again.rows_skipped == 1


def _cells(data: bytes) -> str:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(str(v) for row in wb.worksheets[0].iter_rows(values_only=True) for v in row)


def test_export_then_import_elsewhere_gives_the_same_register(world: Any) -> None:
    rows = [
        good_row(1),
        good_row(2, **{"Nguồn đơn": "Mặt trận Tổ quốc", "Nơi chuyển đơn": "UBMTTQ xã An",
                       "Số văn bản chuyển": "15/MT", "Kết quả xử lý": "Trả lời",
                       "Ngày xử lý": "25/01/2026", "Ghi chú": "Đã trả lời bằng văn bản"}),
        good_row(3, **{"Họ và tên người gửi": "Lê Văn A; Lê Thị B", "Số CCCD": None,
                       "Phân loại": "Kiến nghị", "Lĩnh vực": "Môi trường",
                       "Địa bàn": "19002"}),
    ]  # fmt: skip
    do_import(world.officer, check(world.officer, upload(world.officer, xlsx(rows))))
    out = io.BytesIO()
    assert petitions_export(Petition.objects.all(), out) == 3
    from danvan.core.models import Role
    from tests.factories import MembershipFactory

    MembershipFactory(user=world.officer, organization=world.commune_b_org, role=Role.OFFICER)
    job = upload(world.officer, out.getvalue(), org=world.commune_b_org, name="xuat.xlsx")
    assert job.header_row == 4
    job = do_import(world.officer, check(world.officer, job))
    assert job.rows_created == 3 and job.rows_bad == 0

    def facts(p: Petition) -> tuple[Any, ...]:
        names = tuple(x.full_name for x in p.petitioners.order_by("position"))
        return (p.received_on, p.kind, p.channel, p.forwarder, p.forwarder_reference, p.topic,
                p.area_id, p.content, p.status, p.triage_outcome, p.closed_on,
                p.result_summary, names)  # fmt: skip

    original = sorted(facts(p) for p in Petition.objects.filter(organization=world.province_org))
    copied = sorted(facts(p) for p in Petition.objects.filter(organization=world.commune_b_org))
    assert original == copied
    # The export re-imported where it came from: every row is already there.
    home = check(world.officer, upload(world.officer, out.getvalue(), org=world.province_org))
    assert home.rows_skipped == 3


def test_progress_is_written_batch_by_batch(world: Any, monkeypatch: Any) -> None:
    from danvan.petitions.models import RegisterImport

    monkeypatch.setattr(run, "BATCH", 2)
    job = check(world.officer, upload(world.officer, xlsx([good_row(n) for n in range(1, 6)])))
    seen: list[tuple[int, int, int]] = []

    def progress(tally: Any) -> None:
        row = RegisterImport.objects.get(pk=job.pk)
        seen.append((row.rows_done, row.rows_total, row.rows_created))

    run.register_import_start(actor=world.officer, job=job, only_good=False)
    run.register_import_run(job_id=job.pk, progress=progress)
    assert seen[:2] == [(2, 5, 2), (4, 5, 4)]
    assert seen[-1] == (5, 5, 5)


def test_a_failing_batch_marks_the_job_failed_and_a_rerun_resumes(
    world: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(run, "BATCH", 2)
    rows = [good_row(n) for n in range(1, 6)]
    job = check(world.officer, upload(world.officer, xlsx(rows)))
    original = run.Writer._insert
    calls = {"n": 0}

    def flaky(self: Any, batch: Any) -> int:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("đĩa đầy")
        return original(self, batch)

    monkeypatch.setattr(run.Writer, "_insert", flaky)
    job = do_import(world.officer, job)
    assert job.status == ImportStatus.FAILED
    assert "đĩa đầy" in job.message
    assert Petition.objects.count() == 2  # the first batch only; the second rolled back
    monkeypatch.setattr(run.Writer, "_insert", original)
    job = do_import(world.officer, check(world.officer, job))
    assert job.status == ImportStatus.DONE
    assert (job.rows_skipped, job.rows_created) == (2, 3)
    assert Petition.objects.count() == 5
    assert sorted(Petition.objects.values_list("seq", flat=True)) == [1, 2, 3, 4, 5]


def test_a_stale_task_does_nothing(world: Any) -> None:
    job = upload(world.officer, xlsx([good_row(1)]))
    assert run.register_import_check_run(job_id=job.pk).status == ImportStatus.UPLOADED
    assert run.register_import_run(job_id=job.pk).status == ImportStatus.UPLOADED


@pytest.mark.django_db
def test_import_list_of_jobs_is_scoped(world: Any, django_assert_num_queries: Any) -> None:
    from danvan.petitions.imports.selectors import register_import_list

    job = upload(world.officer, xlsx([good_row(1)]))
    assert list(register_import_list(user=world.leader)) == [job]
    assert list(register_import_list(user=world.officer_a)) == []
    assert list(register_import_list(user=world.viewer)) == []
