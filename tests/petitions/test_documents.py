"""Petition documents: DOCX in the NĐ 30/2020 format, numbering, storage, denouncer secrecy."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document
from docx.document import Document as DocxDocument

from danvan.core.documents import MOTTO, NATIONAL_TITLE
from danvan.core.errors import ValidationFailed
from danvan.core.models import AuditEvent
from danvan.petitions.documents import (
    TEMPLATES,
    document_file_bytes,
    document_issue,
    document_render,
    long_date,
    template_for_move,
)
from danvan.petitions.models import Petition, PetitionDocument, Petitioner, Suspension
from danvan.petitions.states import Kind, Status
from tests.factories import CommuneFactory, OrganizationFactory, ProvinceFactory, UserFactory

pytestmark = pytest.mark.django_db

ISSUED = dt.date(2026, 3, 5)
KINDS = [k.value for k in Kind]
CANARY_NAME = "Hoàng Canary Bímật"
CANARY_ID = "038099001234"
CANARY_ADDRESS = "Thôn Canary Bímật"
PSEUDONYM = "A7F2"

# Values for every `extra` key a template reads, so no form field is left as dots.
FULL_EXTRA: dict[str, Any] = {
    "reason": "Cần đợi kết quả giám định lại",
    "reason_text": "Khiếu nại đã có quyết định giải quyết lần hai",
    "reason_citation": "điểm g khoản 1 Điều 11 Luật Khiếu nại năm 2011",
    "to_organization": "Ủy ban nhân dân xã Đakrông",
    "due": dt.date(2026, 4, 6),
    "findings": "Nội dung phản ánh đúng một phần",
    "decision": "Công nhận một phần nội dung khiếu nại",
    "conclusion": "Tố cáo đúng một phần",
    "measures": "Kiểm điểm trách nhiệm cá nhân có liên quan",
    "extension_label": "Vụ việc phức tạp",
    "answer": "Ủy ban nhân dân tỉnh đã chỉ đạo sửa chữa trạm y tế trong quý II",
    "signer_name": "Hồ Thị Lan",
    "forwarder": "Đoàn đại biểu Quốc hội tỉnh Quảng Trị",
    "verifier": "Thanh tra tỉnh Quảng Trị",
    "result": "Đã chỉ đạo kiểm tra, xử lý dứt điểm",
}


@pytest.fixture
def province() -> Any:
    return ProvinceFactory(code="44", name="Quảng Trị", full_name="Tỉnh Quảng Trị")


@pytest.fixture
def commune(province: Any) -> Any:
    return CommuneFactory(code="19564", name="Đakrông", full_name="Xã Đakrông", parent=province)


@pytest.fixture
def org(province: Any) -> Any:
    return OrganizationFactory(
        code="44-UBND",
        name="Ủy ban nhân dân tỉnh Quảng Trị",
        kind="ubnd",
        level="province",
        area=province,
    )


@pytest.fixture
def actor() -> Any:
    return UserFactory(full_name="Lê Văn Bình")


@pytest.fixture
def make_petition(org: Any, commune: Any) -> Callable[..., Petition]:
    numbers = itertools.count(1)

    def make(kind: str = Kind.COMPLAINT, **fields: Any) -> Petition:
        n = next(numbers)
        values: dict[str, Any] = {
            "organization": org,
            "year": 2026,
            "seq": n,
            "case_number": f"{n:05d}/2026/44-UBND",
            "tracking_code": f"QT{n:06d}",
            "kind": kind,
            "channel": "post",
            "received_on": dt.date(2026, 3, 2),
            "content": "Đề nghị xem xét việc thu hồi đất làm chợ Chí Công không đúng quy định.",
            "summary": "Thu hồi đất làm chợ Chí Công",
            "area": commune,
            "accepted_on": dt.date(2026, 3, 4),
        }
        if kind == Kind.DENUNCIATION:
            values["pseudonym"] = PSEUDONYM
            values["respondent"] = "Trưởng thôn Khe Sanh"
        values.update(fields)
        return Petition.objects.create(**values)

    return make


def _open(data: bytes) -> DocxDocument:
    return Document(io.BytesIO(data))


def _texts(document: DocxDocument) -> list[str]:
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(p.text for p in cell.paragraphs)
    return lines


def _text(document: DocxDocument) -> str:
    return "\n".join(_texts(document))


def _xml_parts(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(
            archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
        )


def _cases() -> list[tuple[str, str]]:
    return [(code, kind) for code in TEMPLATES for kind in KINDS]


# --- Format ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("template", "kind"), _cases())
def test_every_template_renders_in_the_state_format_for_every_kind_it_serves(
    make_petition: Callable[..., Petition], template: str, kind: str
) -> None:
    petition = make_petition(kind)
    tpl = TEMPLATES[template]
    if tpl.kinds is not None and kind not in tpl.kinds:
        with pytest.raises(ValidationFailed):
            document_render(petition=petition, template=template, issued_on=ISSUED)
        return

    data = document_render(
        petition=petition, template=template, issued_on=ISSUED, number="07/X-UBND", extra=FULL_EXTRA
    )

    document = _open(data)
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.top_margin.mm) == 20 and round(section.bottom_margin.mm) == 20
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size.pt == 14
    header = document.tables[0]
    assert header.cell(0, 0).paragraphs[0].text == "ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ"
    assert header.cell(0, 0).paragraphs[0].runs[0].font.bold
    assert header.cell(0, 1).paragraphs[0].text == NATIONAL_TITLE
    motto = header.cell(0, 1).paragraphs[1].runs[0]
    assert motto.text == MOTTO and motto.font.bold and motto.font.underline
    assert header.cell(1, 0).paragraphs[0].text == "Số: 07/X-UBND"
    assert header.cell(1, 1).paragraphs[0].text == "Quảng Trị, ngày 05 tháng 3 năm 2026"
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            assert run.font.name in (None, "Times New Roman")
            assert run.font.size is None or 11 <= run.font.size.pt <= 14
    text = _text(document)
    assert "{" not in text and "}" not in text, "a placeholder was left unfilled"
    assert "…………" not in text, "a value given in extra was not used"
    assert "00001/2026/44-UBND" in text
    assert "Nơi nhận:" in text
    body = [p.text for p in document.paragraphs if p.text.strip()]
    assert body[-1].endswith("./.")


def test_document_title_and_subject_are_bold_and_centred(
    make_petition: Callable[..., Petition],
) -> None:
    petition = make_petition(Kind.COMPLAINT, complaint_round=2)

    document = _open(
        document_render(petition=petition, template="thong_bao_thu_ly", issued_on=ISSUED)
    )

    heading = next(p for p in document.paragraphs if p.text == "THÔNG BÁO")
    subject = next(p for p in document.paragraphs if p.text.startswith("Về việc"))
    assert subject.text == "Về việc thụ lý giải quyết khiếu nại lần hai"
    for paragraph in (heading, subject):
        assert paragraph.alignment == 1  # centre
        assert all(run.font.bold for run in paragraph.runs)
    assert "Điều 36 Luật Khiếu nại năm 2011" in _text(document)


def test_render_without_a_number_leaves_the_number_blank_before_the_symbol(
    make_petition: Callable[..., Petition],
) -> None:
    document = _open(
        document_render(
            petition=make_petition(), template="quyet_dinh_tam_dinh_chi", issued_on=ISSUED
        )
    )

    number_line = document.tables[0].cell(1, 0).paragraphs[0].text
    assert re.fullmatch(r"Số: \s+/QĐ-UBND", number_line)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 3, 5), "ngày 05 tháng 3 năm 2026"),
        (dt.date(2026, 2, 9), "ngày 09 tháng 02 năm 2026"),
        (dt.date(2026, 1, 10), "ngày 10 tháng 01 năm 2026"),
        (dt.date(2026, 11, 21), "ngày 21 tháng 11 năm 2026"),
    ],
)
def test_date_line_pads_days_below_ten_and_the_first_two_months(
    day: dt.date, expected: str
) -> None:
    assert long_date(day) == expected


def test_commune_body_dates_from_its_commune_and_heads_without_a_parent(
    make_petition: Callable[..., Petition], commune: Any, org: Any
) -> None:
    commune_org = OrganizationFactory(
        code="19564-UBND",
        name="Ủy ban nhân dân xã Đakrông",
        kind="ubnd",
        level="commune",
        area=commune,
        parent=org,
    )
    petition = make_petition(Kind.PROPOSAL, organization=commune_org)

    document = _open(document_render(petition=petition, template="tiep_nhan", issued_on=ISSUED))

    header = document.tables[0]
    assert header.cell(0, 0).paragraphs[0].text == "ỦY BAN NHÂN DÂN XÃ ĐAKRÔNG"
    assert header.cell(1, 1).paragraphs[0].text == "Đakrông, ngày 05 tháng 3 năm 2026"


def test_agency_heads_with_its_parent_body_and_abbreviates_its_own_name(
    make_petition: Callable[..., Petition], province: Any, org: Any, actor: Any
) -> None:
    inspectorate = OrganizationFactory(
        code="44-TTRA",
        name="Sở Nông nghiệp và Môi trường tỉnh Quảng Trị",
        kind="so_nganh",
        level="province",
        area=province,
        parent=org,
    )
    petition = make_petition(Kind.COMPLAINT, organization=inspectorate)

    issued = document_issue(
        petition=petition, template="thong_bao_thu_ly", actor=actor, issued_on=ISSUED
    )

    assert issued.number == "01/TB-SNNMT"
    document = _open(document_file_bytes(issued))
    left = [p.text for p in document.tables[0].cell(0, 0).paragraphs if p.text]
    assert left == ["UBND TỈNH QUẢNG TRỊ", "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG TỈNH QUẢNG TRỊ"]
    assert "GIÁM ĐỐC" in _texts(document)
    assert "Giám đốc Sở Nông nghiệp và Môi trường tỉnh Quảng Trị thụ lý" in _text(document)


# --- Who the document names -------------------------------------------------------------------


def test_denunciation_documents_name_the_pseudonym_and_never_the_denouncer(
    make_petition: Callable[..., Petition],
) -> None:
    petition = make_petition(Kind.DENUNCIATION)
    # A stray sender row (the intake never writes one for a denunciation) must not leak either.
    Petitioner.objects.create(
        petition=petition, full_name=CANARY_NAME, id_number=CANARY_ID, address=CANARY_ADDRESS
    )
    served = [
        code for code, tpl in TEMPLATES.items() if tpl.kinds is None or "denunciation" in tpl.kinds
    ]

    with CaptureQueriesContext(connection) as queries:
        rendered = {
            code: document_render(
                petition=petition, template=code, issued_on=ISSUED, extra=FULL_EXTRA
            )
            for code in served
        }

    assert "ket_luan_to_cao" in served and "quyet_dinh_giai_quyet" not in served
    for code, data in rendered.items():
        xml = _xml_parts(data)
        for canary in (CANARY_NAME, CANARY_ID, CANARY_ADDRESS, "Canary"):
            assert canary not in xml, f"{code} leaks the denouncer"
        assert f"#{PSEUDONYM}" in _text(_open(data)), code
    touched = " ".join(q["sql"] for q in queries.captured_queries).lower()
    assert "petitions_petitioner" not in touched
    assert "petitions_vault" not in touched


def test_multi_signer_petition_names_its_representative_and_counts_the_others(
    make_petition: Callable[..., Petition],
) -> None:
    petition = make_petition(Kind.PROPOSAL, signer_count=7)
    Petitioner.objects.create(petition=petition, position=0, full_name="Nguyễn Văn An")
    Petitioner.objects.create(
        petition=petition,
        position=1,
        full_name="Trần Thị Mai",
        address="Thôn Ba Lòng, xã Đakrông",
        is_representative=True,
    )

    text = _text(_open(document_render(petition=petition, template="tiep_nhan", issued_on=ISSUED)))

    assert "Người gửi đơn: Ông (bà) Trần Thị Mai và 6 người khác." in text
    assert "Địa chỉ: Thôn Ba Lòng, xã Đakrông." in text


def test_anonymous_petition_is_labelled_without_a_name(
    make_petition: Callable[..., Petition],
) -> None:
    petition = make_petition(Kind.REPORT, anonymous=True)

    text = _text(
        _open(document_render(petition=petition, template="thong_bao_luu_don", issued_on=ISSUED))
    )

    assert "người gửi đơn không ghi tên" in text


# --- Content of particular templates ------------------------------------------------------------


def test_ineligible_notice_states_the_reason_and_its_legal_basis(
    make_petition: Callable[..., Petition],
) -> None:
    text = _text(
        _open(
            document_render(
                petition=make_petition(Kind.COMPLAINT),
                template="thong_bao_khong_thu_ly",
                issued_on=ISSUED,
                extra={"reason_text": "Khiếu nại đã quá thời hiệu."},
            )
        )
    )

    assert "với lý do: Khiếu nại đã quá thời hiệu." in text
    assert "Căn cứ pháp lý: Điều 11 Luật Khiếu nại năm 2011." in text


def test_transfer_slip_is_addressed_to_the_receiving_body(
    make_petition: Callable[..., Petition],
) -> None:
    petition = make_petition(
        Kind.REPORT,
        channel="forwarded_mttq",
        forwarder="Ủy ban MTTQ Việt Nam tỉnh Quảng Trị",
        forwarder_reference="15/MTTQ-BTT",
    )

    text = _text(
        _open(
            document_render(
                petition=petition,
                template="phieu_chuyen_don",
                issued_on=ISSUED,
                extra={"to_organization": "Sở Xây dựng tỉnh Quảng Trị"},
            )
        )
    )

    assert "Kính gửi: Sở Xây dựng tỉnh Quảng Trị." in text
    assert (
        ", do Ủy ban MTTQ Việt Nam tỉnh Quảng Trị chuyển đến theo văn bản số 15/MTTQ-BTT." in text
    )
    assert "chuyển đơn đến Sở Xây dựng tỉnh Quảng Trị" in text


def test_complaint_decision_states_round_result_and_the_right_to_appeal(
    make_petition: Callable[..., Petition],
) -> None:
    petition = make_petition(
        Kind.COMPLAINT,
        decision_number="125/QĐ-UBND",
        result_summary="Khiếu nại đúng một phần; điều chỉnh phương án bồi thường.",
    )

    text = _text(
        _open(
            document_render(petition=petition, template="quyet_dinh_giai_quyet", issued_on=ISSUED)
        )
    )

    assert "Về việc giải quyết khiếu nại của người gửi đơn (lần đầu)" in text
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ" in text
    assert "Căn cứ Luật Khiếu nại ngày 11 tháng 11 năm 2011;" in text
    assert "Điều 1. Khiếu nại đúng một phần; điều chỉnh phương án bồi thường." in text
    assert "khiếu nại lần hai" in text


def test_continuation_decision_cites_the_suspension_decision(
    make_petition: Callable[..., Petition],
) -> None:
    petition = make_petition(Kind.DENUNCIATION)
    Suspension.objects.create(
        petition=petition,
        start=dt.date(2026, 3, 10),
        reason="Chờ giám định",
        decision_number="9/QĐ-UBND",
    )

    text = _text(
        _open(document_render(petition=petition, template="quyet_dinh_tiep_tuc", issued_on=ISSUED))
    )

    assert "tạm đình chỉ giải quyết theo Quyết định số 9/QĐ-UBND từ ngày 10/03/2026." in text
    assert "Lý do: căn cứ tạm đình chỉ việc giải quyết không còn." in text


def test_control_characters_in_the_content_do_not_break_the_document(
    make_petition: Callable[..., Petition],
) -> None:
    petition = make_petition(Kind.REPORT, summary="", content="Nước\x0b sinh hoạt\x01 bị\x1f đục")

    text = _text(_open(document_render(petition=petition, template="tiep_nhan", issued_on=ISSUED)))

    assert "Tóm tắt nội dung: Nước sinh hoạt bị đục." in text


def test_unknown_template_is_refused(make_petition: Callable[..., Petition]) -> None:
    with pytest.raises(ValidationFailed) as error:
        document_render(petition=make_petition(), template="khong_co", issued_on=ISSUED)

    assert "template" in error.value.fields


def test_denunciation_conclusion_is_refused_for_a_complaint(
    make_petition: Callable[..., Petition],
) -> None:
    with pytest.raises(ValidationFailed):
        document_render(petition=make_petition(), template="ket_luan_to_cao", issued_on=ISSUED)


# --- Issuing ------------------------------------------------------------------------------------


def test_issue_stores_a_docx_that_reads_back_with_its_number_and_audit(
    make_petition: Callable[..., Petition], actor: Any
) -> None:
    petition = make_petition(Kind.COMPLAINT)
    Petitioner.objects.create(petition=petition, full_name="Phan Văn Tâm")

    issued = document_issue(
        petition=petition,
        template="thong_bao_thu_ly",
        actor=actor,
        issued_on=ISSUED,
        extra={"due": dt.date(2026, 4, 3)},
    )

    issued.refresh_from_db()
    assert issued.template == "thong_bao_thu_ly"
    assert issued.title == "Thông báo thụ lý giải quyết khiếu nại (lần đầu)"
    assert issued.number == "01/TB-UBND"
    assert issued.issued_on == ISSUED
    assert issued.created_by == actor
    assert not issued.file  # written from the stored content on first use
    text = _text(_open(document_file_bytes(issued)))
    issued.refresh_from_db()
    name = issued.file.name.rsplit("/", 1)[-1]
    assert re.fullmatch(rf"00001-2026-44-UBND-thong_bao_thu_ly-{issued.pk}(_\w+)?\.docx", name)
    assert "Tam" not in issued.file.name and "Tâm" not in issued.file.name
    assert document_file_bytes(issued) == document_file_bytes(issued)  # kept, not re-written
    assert "Số: 01/TB-UBND" in text
    assert "của ông (bà) Phan Văn Tâm" in text
    assert "đến hết ngày 03/04/2026" in text
    assert AuditEvent.objects.filter(
        verb="petition.document_issue", target_id=str(petition.pk)
    ).exists()


def test_numbers_run_per_body_symbol_and_year(
    make_petition: Callable[..., Petition], actor: Any
) -> None:
    first, second = make_petition(Kind.COMPLAINT), make_petition(Kind.REPORT)

    numbers = [
        document_issue(petition=first, template="thong_bao_thu_ly", actor=actor, issued_on=ISSUED),
        document_issue(
            petition=second, template="thong_bao_luu_don", actor=actor, issued_on=ISSUED
        ),
        document_issue(
            petition=first, template="quyet_dinh_tam_dinh_chi", actor=actor, issued_on=ISSUED
        ),
        document_issue(
            petition=second,
            template="thong_bao_rut_don",
            actor=actor,
            issued_on=dt.date(2027, 1, 4),
        ),
    ]

    assert [d.number for d in numbers] == ["01/TB-UBND", "02/TB-UBND", "01/QĐ-UBND", "01/TB-UBND"]


def test_resolution_decision_takes_the_decision_number_and_a_given_number_wins(
    make_petition: Callable[..., Petition], actor: Any
) -> None:
    petition = make_petition(Kind.DENUNCIATION, decision_number="12/KL-UBND")

    conclusion = document_issue(
        petition=petition, template="ket_luan_to_cao", actor=actor, issued_on=ISSUED
    )
    notice = document_issue(
        petition=petition,
        template="thong_bao_thu_ly",
        actor=actor,
        issued_on=ISSUED,
        number="30/TB-UBND",
    )

    assert conclusion.number == "12/KL-UBND"
    assert notice.number == "30/TB-UBND"
    assert PetitionDocument.objects.filter(petition=petition).count() == 2


def test_a_decision_numbered_by_hand_is_not_repeated_by_the_next_automatic_number(
    make_petition: Callable[..., Petition], actor: Any
) -> None:
    petition = make_petition(Kind.COMPLAINT, decision_number="07/QĐ-UBND")

    resolution = document_issue(
        petition=petition, template="quyet_dinh_giai_quyet", actor=actor, issued_on=ISSUED
    )
    verification = document_issue(
        petition=petition, template="quyet_dinh_xac_minh", actor=actor, issued_on=ISSUED
    )

    assert resolution.number == "07/QĐ-UBND"
    assert verification.number == "08/QĐ-UBND"


def test_receipt_is_signed_by_the_receiving_officer(
    make_petition: Callable[..., Petition], actor: Any
) -> None:
    issued = document_issue(
        petition=make_petition(Kind.PROPOSAL), template="tiep_nhan", actor=actor, issued_on=ISSUED
    )

    lines = _texts(_open(document_file_bytes(issued)))
    assert "NGƯỜI TIẾP NHẬN" in lines
    assert "Lê Văn Bình" in lines


def test_each_move_maps_to_its_document(make_petition: Callable[..., Petition]) -> None:
    complaint = make_petition(Kind.COMPLAINT)
    denunciation = make_petition(Kind.DENUNCIATION, status=Status.SUSPENDED)
    forwarded = make_petition(Kind.REPORT, channel="forwarded_press", status=Status.RESOLVED)

    assert template_for_move(petition=complaint, to="registered") == "tiep_nhan"
    assert template_for_move(petition=complaint, to="triaged", outcome="transfer") == (
        "phieu_chuyen_don"
    )
    assert template_for_move(petition=complaint, to="triaged", outcome="accept") == (
        "phieu_de_xuat_thu_ly"
    )
    assert template_for_move(petition=complaint, to="verifying") == "quyet_dinh_xac_minh"
    assert template_for_move(petition=complaint, to="closed") == "thong_bao_ket_qua"
    assert template_for_move(petition=complaint, to="accepted") == "thong_bao_thu_ly"
    assert template_for_move(petition=complaint, to="resolved") == "quyet_dinh_giai_quyet"
    assert template_for_move(petition=denunciation, to="resolved") == "ket_luan_to_cao"
    assert template_for_move(petition=denunciation, to="verifying") == "quyet_dinh_tiep_tuc"
    assert template_for_move(petition=forwarded, to="closed") == "thong_bao_ket_qua"
    assert template_for_move(petition=forwarded, to="resolved") == "van_ban_tra_loi"
    assert template_for_move(petition=complaint, to="withdrawn") == "thong_bao_rut_don"
    for code in filter(None, [template_for_move(petition=complaint, to="extended")]):
        assert code in TEMPLATES


def test_every_placeholder_in_the_template_data_is_a_known_value(
    make_petition: Callable[..., Petition],
) -> None:
    from danvan.petitions import documents

    known = set(documents._context(make_petition(), TEMPLATES["tiep_nhan"], ISSUED, {}).keys())
    text = documents.DATA_FILE.read_text(encoding="utf-8")

    used = set(documents._PLACEHOLDER.findall(text))
    conditions = set(re.findall(r'"(?:if|unless)": "([a-z_]+)"', text))

    assert used and used <= known, sorted(used - known)
    assert conditions <= known, sorted(conditions - known)


def test_result_notice_of_a_case_closed_at_triage_reports_the_triage_outcome(
    make_petition: Callable[..., Petition],
) -> None:
    petition = make_petition(Kind.REPORT, triage_outcome="transfer")

    text = _text(
        _open(document_render(petition=petition, template="thong_bao_ket_qua", issued_on=ISSUED))
    )

    assert "Kính gửi: Người gửi đơn." in text
    assert "Kết quả giải quyết: Đơn đã được chuyển đến cơ quan có thẩm quyền" in text
