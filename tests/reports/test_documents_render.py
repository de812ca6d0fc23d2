"""Report documents: DOCX in the state (NĐ 30/2020) and Party (HD 36-HD/VPTW) formats, the XLSX
annex and the PDF, rendered from a `ReportContent` built by hand and opened again to check their
structure, texts and numbers. The expected texts are written out by hand from the inputs."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from decimal import Decimal
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from danvan.reports import documents
from danvan.reports.content import FigureRow, ReportContent, Section, Trend, UnitRow
from danvan.reports.documents.charts import charts_available
from danvan.reports.documents.text import change_text, number_text, value_text

NBSP6 = "\u00a0" * 6
G1, G2, G3 = "Tiếp công dân", "Tiếp nhận, xử lý đơn thư", "Giải quyết khiếu nại, tố cáo, kiến nghị"

FIGURES = [
    FigureRow("reception.visitors", "Số lượt người được tiếp", "lượt người", G1, 1234, 1000),
    FigureRow("reception.crowd_delegations", "Số đoàn đông người", "đoàn", G1, 3, 5),
    FigureRow("petitions.received", "Số đơn tiếp nhận", "đơn", G2, 1234567, 1300000),
    FigureRow(
        "petitions.received.topic.dat_dai",
        "Số đơn tiếp nhận: Đất đai",
        "đơn",
        G2,
        800000,
        790000,
        parent="petitions.received",
    ),
    FigureRow(
        "petitions.received.topic.moi_truong",
        "Số đơn tiếp nhận: Môi trường",
        "đơn",
        G2,
        12,
        0,
        parent="petitions.received",
    ),
    FigureRow(
        "petitions.resolved_on_time_pct",
        "Tỷ lệ giải quyết đúng hạn",
        "%",
        G3,
        Decimal("92.5"),
        Decimal("90.0"),
        kind="rate",
    ),
    FigureRow(
        "satisfaction.pct", "Tỷ lệ công dân hài lòng", "%", G3, None, Decimal("75.3"), kind="rate"
    ),
    FigureRow("petitions.resolved", "Số vụ việc đã giải quyết", "vụ việc", G3, 40, 52),
]
# (STT, Chỉ tiêu, Đơn vị tính, Kỳ này, Kỳ trước, Tăng giảm), groups as (STT, name).
EXPECTED_ROWS = [
    ("I", G1),
    ("1", "Số lượt người được tiếp", "lượt người", "1.234", "1.000", "+234"),
    ("2", "Số đoàn đông người", "đoàn", "3", "5", "-2"),
    ("II", G2),
    ("1", "Số đơn tiếp nhận", "đơn", "1.234.567", "1.300.000", "-65.433"),
    ("", "- Đất đai", "đơn", "800.000", "790.000", "+10.000"),
    ("", "- Môi trường", "đơn", "12", "0", "+12"),
    ("III", G3),
    ("1", "Tỷ lệ giải quyết đúng hạn", "%", "92,5", "90,0", "+2,5"),
    ("2", "Tỷ lệ công dân hài lòng", "%", "-", "75,3", "-"),
    ("3", "Số vụ việc đã giải quyết", "vụ việc", "40", "52", "-12"),
]
UNIT_CODES = [
    "reception.visitors",
    "petitions.received",
    "petitions.resolved_on_time_pct",
    "satisfaction.pct",
]
UNITS = [
    UnitRow(
        "UBND xã An",
        {
            "reception.visitors": 120,
            "petitions.received": 4567,
            "petitions.resolved_on_time_pct": Decimal("100.0"),
            "satisfaction.pct": None,
        },
        "Đã gửi 12/06/2026",
    ),
    UnitRow(
        "UBND xã Bình",
        {
            "reception.visitors": 0,
            "petitions.received": 1,
            "petitions.resolved_on_time_pct": Decimal("66.7"),
            "satisfaction.pct": Decimal("50.0"),
        },
        "Chưa gửi",
    ),
]
EXPECTED_UNITS = [
    ("1", "UBND xã An", "120", "4.567", "100,0", "-", "Đã gửi 12/06/2026"),
    ("2", "UBND xã Bình", "0", "1", "66,7", "50,0", "Chưa gửi"),
]
MONTHS = [f"{m:02d}/2026" for m in range(1, 13)]
TRENDS = [
    Trend(
        "Số đơn tiếp nhận theo tháng",
        "đơn",
        MONTHS,
        {"2026": [float(100 + m) for m in range(12)], "2025": [float(90 + m) for m in range(12)]},
    ),
    Trend("Số lượt tiếp theo quý", "lượt", ["Quý I", "Quý II"], {"Số lượt": [1500.0, 1720.0]}),
]
SUBJECT = "Kết quả công tác dân vận 6 tháng đầu năm 2026, phương hướng nhiệm vụ 6 tháng cuối năm"


def make_content(
    doc_format: str = "state",
    *,
    draft: bool = False,
    units: bool = True,
    trends: bool = True,
    sections: list[Section] | None = None,
) -> ReportContent:
    party = doc_format == "party"
    return ReportContent(
        doc_format=doc_format,
        parent_line="ĐẢNG BỘ TỈNH LÂM ĐỒNG" if party else "",
        org_line="BAN TUYÊN GIÁO VÀ DÂN VẬN" if party else "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG",
        number="" if draft else ("12-BC/BTGDVTU" if party else "05/BC-UBND"),
        number_symbol="-BC/BTGDVTU" if party else "/BC-UBND",
        place="Lâm Đồng",
        issued_on=dt.date(2026, 6, 16),
        draft=draft,
        title="BÁO CÁO",
        subject=SUBJECT,
        kind="six-month",
        period_label="6 tháng đầu năm 2026",
        window_start=dt.date(2025, 12, 15),
        window_end=dt.date(2026, 6, 14),
        previous_label="6 tháng đầu năm 2025",
        intro="Thực hiện chế độ báo cáo định kỳ, Ủy ban nhân dân tỉnh báo cáo như sau",
        sections=sections
        if sections is not None
        else [
            Section("Kết quả đạt được", "Đoạn thứ nhất về kết quả.\n\nĐoạn thứ hai về kết quả."),
            Section("Hạn chế, tồn tại", "Còn một số hạn chế."),
            Section("Nguyên nhân", ""),
            Section("Nhiệm vụ, giải pháp thời gian tới", "Tiếp tục làm tốt công tác dân vận"),
        ],
        figures=list(FIGURES),
        units=list(UNITS) if units else [],
        unit_codes=list(UNIT_CODES) if units else [],
        trends=list(TRENDS) if trends else [],
        recipients=["Thường trực Tỉnh ủy", "Lưu: VT"],
        signer_title=["T/M BAN THƯỜNG VỤ", "TRƯỞNG BAN"]
        if party
        else ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        signer_name="Nguyễn Văn An",
        author="Ban Tuyên giáo và Dân vận" if party else "Ủy ban nhân dân tỉnh Lâm Đồng",
        organization_code="BTGDV-68" if party else "68-UBND",
        organization_id=1,
    )


def open_docx(content: ReportContent) -> Any:
    return Document(io.BytesIO(documents.render(content, "docx")))


def texts(document: Any) -> list[str]:
    """Every paragraph of the body and of its tables, in order."""
    out = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                out.extend(p.text for p in cell.paragraphs)
    return out


def header_cells(document: Any) -> tuple[str, str, str, str]:
    table = document.tables[0]
    return (
        table.rows[0].cells[0].text,
        table.rows[0].cells[1].text,
        table.rows[1].cells[0].text,
        table.rows[1].cells[1].text,
    )


def figures_table(document: Any) -> Any:
    return next(
        t for t in document.tables if t.rows[0].cells[0].text == "STT" and len(t.columns) == 6
    )


def row_texts(row: Any) -> tuple[str, ...]:
    cells = row.cells
    if cells[1]._tc is cells[5]._tc:  # a group row: the label spans the row
        return (cells[0].text, cells[1].text)
    return tuple(c.text for c in cells)


# --- DOCX ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("doc_format", ["state", "party"])
@pytest.mark.parametrize("draft", [False, True])
def test_docx_page_is_a4_with_the_margins_of_the_format(doc_format: str, draft: bool) -> None:
    document = open_docx(make_content(doc_format, draft=draft))

    for section in document.sections:
        sides = sorted([round(section.page_width.mm), round(section.page_height.mm)])
        assert sides == [210, 297]
        assert 20 <= round(section.top_margin.mm) <= 25
        assert 20 <= round(section.bottom_margin.mm) <= 25
        assert 30 <= round(section.left_margin.mm) <= 35
        assert 15 <= round(section.right_margin.mm) <= 20
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size.pt == 14
    fonts = normal.element.rPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rFonts"
    )
    assert (
        fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}hAnsi")
        == "Times New Roman"
    )


def test_state_docx_issued_header_title_numbered_parts_and_closing() -> None:
    document = open_docx(make_content("state"))

    left, right, number, date = header_cells(document)
    assert "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right
    assert "Độc lập - Tự do - Hạnh phúc" in right
    assert number == "Số: 05/BC-UBND"
    assert date == "Lâm Đồng, ngày 16 tháng 6 năm 2026"
    body = [p.text for p in document.paragraphs]
    assert "DỰ THẢO" not in body
    title = next(p for p in document.paragraphs if p.text == "BÁO CÁO")
    subject = next(p for p in document.paragraphs if p.text == SUBJECT)
    assert title.runs[0].bold and subject.runs[0].bold
    headings = [t for t in body if re.match(r"^[IVX]+\. ", t)]
    # The empty section ("Nguyên nhân") has no heading and takes no number.
    assert headings == [
        "I. KẾT QUẢ ĐẠT ĐƯỢC",
        "II. HẠN CHẾ, TỒN TẠI",
        "III. NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI",
    ]
    assert body.index("I. KẾT QUẢ ĐẠT ĐƯỢC") < body.index("Đoạn thứ nhất về kết quả.")
    assert "Đoạn thứ hai về kết quả." in body
    assert "Tiếp tục làm tốt công tác dân vận./." in body  # NĐ 30: the body ends with "./."
    assert "Thực hiện chế độ báo cáo định kỳ, Ủy ban nhân dân tỉnh báo cáo như sau." in body

    signature = document.tables[2]
    recipients, signer = signature.rows[0].cells
    assert [p.text for p in recipients.paragraphs] == [
        "Nơi nhận:",
        "- Thường trực Tỉnh ủy",
        "- Lưu: VT",
    ]
    lines = [p.text for p in signer.paragraphs if p.text]
    assert lines == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An"]
    assert document.core_properties.title == SUBJECT
    assert document.core_properties.author == "Ủy ban nhân dân tỉnh Lâm Đồng"


def test_state_docx_draft_prints_the_blank_number_and_the_draft_mark() -> None:
    document = open_docx(make_content("state", draft=True))

    assert document.paragraphs[0].text == "DỰ THẢO"
    assert document.paragraphs[0].runs[0].bold
    _left, _right, number, _date = header_cells(document)
    assert number == f"Số: {NBSP6}/BC-UBND"
    assert "05/BC-UBND" not in "\n".join(texts(document))
    annex_reference = next(p.text for p in document.paragraphs if p.text.startswith("(Kèm theo"))
    assert annex_reference.startswith(f"(Kèm theo Báo cáo số {NBSP6}/BC-UBND ngày 16 tháng 6")


@pytest.mark.parametrize("draft", [False, True])
def test_party_docx_header_number_headings_and_signature(draft: bool) -> None:
    document = open_docx(make_content("party", draft=draft))

    left, right, number, date = header_cells(document)
    left_lines = [line for line in left.split("\n") if line]
    assert left_lines == ["ĐẢNG BỘ TỈNH LÂM ĐỒNG", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "*"]
    org = document.tables[0].rows[0].cells[0].paragraphs[1]
    assert org.runs[0].bold
    assert right == "ĐẢNG CỘNG SẢN VIỆT NAM"
    title_run = document.tables[0].rows[0].cells[1].paragraphs[0].runs[0]
    assert title_run.bold and title_run.underline
    assert number == (f"Số {NBSP6}-BC/BTGDVTU" if draft else "Số 12-BC/BTGDVTU")
    assert date == "Lâm Đồng, ngày 16 tháng 6 năm 2026"
    date_run = document.tables[0].rows[1].cells[1].paragraphs[0].runs[0]
    assert date_run.italic
    body = [p.text for p in document.paragraphs]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in "\n".join(texts(document))
    assert ("DỰ THẢO" in body) is draft
    assert "-----" in body  # five hyphens under the subject
    assert [t for t in body if re.match(r"^[IVX]+- ", t)] == [
        "I- KẾT QUẢ ĐẠT ĐƯỢC",
        "II- HẠN CHẾ, TỒN TẠI",
        "III- NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI",
    ]
    signature = document.tables[2]
    recipients, signer = signature.rows[0].cells
    head = recipients.paragraphs[0]
    assert head.text == "Nơi nhận:" and head.runs[0].underline
    assert [p.text for p in signer.paragraphs if p.text] == [
        "T/M BAN THƯỜNG VỤ",
        "TRƯỞNG BAN",
        "Nguyễn Văn An",
    ]


@pytest.mark.parametrize("doc_format", ["state", "party"])
def test_docx_figures_table_prints_the_content_values(doc_format: str) -> None:
    document = open_docx(make_content(doc_format))

    table = figures_table(document)
    head = tuple(c.text for c in table.rows[0].cells)
    assert head == (
        "STT",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Kỳ này",
        "6 tháng đầu năm 2025",
        "Tăng, giảm",
    )
    assert [row_texts(r) for r in table.rows[1:]] == EXPECTED_ROWS
    # Table text is 13 pt, the body 14 pt (the Normal style).
    sizes = {
        run.font.size.pt
        for row in table.rows
        for cell in row.cells
        for p in cell.paragraphs
        for run in p.runs
    }
    assert sizes == {13}
    breakdown = table.rows[6].cells[1].paragraphs[0].runs[0]
    assert breakdown.text == "- Đất đai" and breakdown.italic


def test_docx_annex_lists_units_on_a_landscape_page_after_the_signature() -> None:
    document = open_docx(make_content("state"))

    assert len(document.sections) == 2
    annex = document.sections[1]
    assert annex.page_width > annex.page_height  # 4 figures + STT, unit, status: landscape
    assert round(annex.page_width.mm) == 297
    body = [p.text for p in document.paragraphs]
    assert body.index("PHỤ LỤC") > body.index("Tiếp tục làm tốt công tác dân vận./.")
    issuer = "Ủy ban nhân dân tỉnh Lâm Đồng"
    assert f"(Kèm theo Báo cáo số 05/BC-UBND ngày 16 tháng 6 năm 2026 của {issuer})" in body
    table = document.tables[-1]
    head = [c.text for c in table.rows[0].cells]
    assert head == [
        "STT",
        "Đơn vị",
        "Số lượt người được tiếp (lượt người)",
        "Số đơn tiếp nhận (đơn)",
        "Tỷ lệ giải quyết đúng hạn (%)",
        "Tỷ lệ công dân hài lòng (%)",
        "Tình trạng báo cáo",
    ]
    assert [tuple(c.text for c in r.cells) for r in table.rows[1:]] == EXPECTED_UNITS


def test_docx_without_units_has_no_annex_and_stays_portrait() -> None:
    document = open_docx(make_content("state", units=False))

    assert len(document.sections) == 1
    assert "PHỤ LỤC" not in [p.text for p in document.paragraphs]


def test_docx_figures_go_under_the_first_part_even_when_its_text_is_empty() -> None:
    sections = [Section("Kết quả đạt được", ""), Section("Hạn chế, tồn tại", "Còn hạn chế.")]
    document = open_docx(make_content("state", sections=sections, units=False, trends=False))

    body = [p.text for p in document.paragraphs]
    assert [t for t in body if re.match(r"^[IVX]+\. ", t)] == [
        "I. KẾT QUẢ ĐẠT ĐƯỢC",
        "II. HẠN CHẾ, TỒN TẠI",
    ]
    assert [row_texts(r) for r in figures_table(document).rows[1:]] == EXPECTED_ROWS


def test_docx_embeds_one_chart_per_trend() -> None:
    document = open_docx(make_content("state"))

    captions = [p.text for p in document.paragraphs if p.text.startswith("Biểu đồ")]
    assert captions == [
        "Biểu đồ 1. Số đơn tiếp nhận theo tháng (đơn)",
        "Biểu đồ 2. Số lượt tiếp theo quý (lượt)",
    ]
    if not charts_available():
        pytest.skip("matplotlib is not installed: trends are printed as tables")
    pictures = document.inline_shapes
    assert len(pictures) == 2
    assert all(round(p.width.mm) == 155 for p in pictures)
    blobs = [
        document.part.related_parts[p._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
        for p in pictures
    ]
    assert all(blob.startswith(b"\x89PNG") for blob in blobs)


def test_docx_page_numbers_start_on_the_second_page() -> None:
    document = open_docx(make_content("state"))

    first = document.sections[0]
    assert first.different_first_page_header_footer
    assert "PAGE" in first.header._element.xml
    assert not document.sections[1].different_first_page_header_footer


# --- XLSX ----------------------------------------------------------------------------------------


def open_xlsx(content: ReportContent) -> Any:
    return load_workbook(io.BytesIO(documents.render(content, "xlsx")))


def head_row(sheet: Any, first: str) -> int:
    return next(r for r in range(1, 30) if sheet.cell(row=r, column=1).value == first)


def test_xlsx_figures_sheet_has_the_header_and_the_numbers_as_numbers() -> None:
    book = open_xlsx(make_content("state"))

    assert book.sheetnames[:2] == ["Chỉ tiêu", "Đơn vị"]
    assert len(book.sheetnames) == 4  # one sheet per trend
    sheet = book["Chỉ tiêu"]
    top = [sheet.cell(row=r, column=1).value for r in range(1, 9)]
    assert "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG" in top
    assert "Số: 05/BC-UBND" in top
    assert f"BÁO CÁO {SUBJECT}" in top
    assert "Kỳ báo cáo: 6 tháng đầu năm 2026" in top
    assert any(
        str(v).startswith("Số liệu tính từ ngày 15/12/2025 đến ngày 14/06/2026") for v in top
    )
    head = head_row(sheet, "Mã chỉ tiêu")
    assert [c.value for c in sheet[head]] == [
        "Mã chỉ tiêu",
        "Nhóm",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Kỳ này (6 tháng đầu năm 2026)",
        "Kỳ trước (6 tháng đầu năm 2025)",
        "Tăng, giảm",
    ]
    assert sheet.freeze_panes == f"A{head + 1}"
    rows = {sheet.cell(row=r, column=1).value: r for r in range(head + 1, head + 1 + len(FIGURES))}
    received = rows["petitions.received"]
    assert [sheet.cell(row=received, column=c).value for c in range(2, 8)] == [
        G2,
        "Số đơn tiếp nhận",
        "đơn",
        1234567,
        1300000,
        -65433,
    ]
    topic = rows["petitions.received.topic.dat_dai"]
    assert sheet.cell(row=topic, column=3).value == "- Đất đai"
    assert sheet.cell(row=topic, column=3).alignment.indent == 1
    rate = rows["petitions.resolved_on_time_pct"]
    assert sheet.cell(row=rate, column=5).value == 92.5
    assert sheet.cell(row=rate, column=5).number_format == "0.0"
    assert sheet.cell(row=rate, column=7).value == pytest.approx(2.5)
    empty = rows["satisfaction.pct"]
    assert sheet.cell(row=empty, column=5).value is None
    assert sheet.cell(row=empty, column=6).value == 75.3
    assert sheet.cell(row=empty, column=7).value is None
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.column_dimensions["C"].width >= 40


def test_xlsx_units_and_trend_sheets() -> None:
    book = open_xlsx(make_content("party", draft=True))

    sheet = book["Đơn vị"]
    head = head_row(sheet, "STT")
    assert [c.value for c in sheet[head]] == [
        "STT",
        "Đơn vị",
        "Số lượt người được tiếp (lượt người)",
        "Số đơn tiếp nhận (đơn)",
        "Tỷ lệ giải quyết đúng hạn (%)",
        "Tỷ lệ công dân hài lòng (%)",
        "Tình trạng báo cáo",
    ]
    assert [c.value for c in sheet[head + 1]] == [
        1,
        "UBND xã An",
        120,
        4567,
        100,
        None,
        "Đã gửi 12/06/2026",
    ]
    assert [c.value for c in sheet[head + 2]] == [2, "UBND xã Bình", 0, 1, 66.7, 50, "Chưa gửi"]
    assert sheet.cell(row=head + 2, column=5).number_format == "0.0"
    top = [sheet.cell(row=r, column=1).value for r in range(1, 9)]
    assert f"Số {NBSP6}-BC/BTGDVTU (dự thảo)" in top
    trend = book[book.sheetnames[2]]
    assert trend.title.startswith("BĐ1 Số đơn tiếp nhận")
    head = head_row(trend, "Kỳ")
    assert [c.value for c in trend[head]] == ["Kỳ", "2026", "2025"]
    assert [trend.cell(row=head + i, column=1).value for i in range(1, 13)] == MONTHS
    assert [trend.cell(row=head + i, column=2).value for i in range(1, 13)] == [
        100 + m for m in range(12)
    ]
    assert len(trend._charts) == 1


# --- PDF -----------------------------------------------------------------------------------------


def pdf_text_and_fonts(data: bytes) -> tuple[str, set[str]]:
    try:
        from pypdf import PdfReader
    except ImportError:
        PdfReader = None
    if PdfReader is not None:
        reader = PdfReader(io.BytesIO(data))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
        fonts: set[str] = set()
        for page in reader.pages:
            resources = page.get("/Resources") or {}
            for font in (resources.get("/Font") or {}).values():
                fonts.add(str(font.get_object().get("/BaseFont")))
        return text, fonts
    if shutil.which("pdftotext") and shutil.which("pdffonts"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
        ).stdout.decode()
        listing = subprocess.run(
            ["pdffonts", "-"], input=data, capture_output=True, check=True
        ).stdout.decode()
        return text, {line.split()[0] for line in listing.splitlines()[2:] if line.strip()}
    pytest.skip("neither pypdf nor poppler's pdftotext is installed")


def liberation_has_vietnamese() -> bool:
    """Debian's fonts-liberation (1.07) lacks Vietnamese letters; fonts-liberation2 has them."""
    if not shutil.which("fc-list"):
        return False
    out = subprocess.run(
        ["fc-list", ":charset=1ea1", "family"], capture_output=True, check=False
    ).stdout.decode()
    return "Liberation Serif" in out


@pytest.mark.parametrize("doc_format", ["state", "party"])
def test_pdf_is_a_pdf_with_the_subject_in_liberation_serif(doc_format: str) -> None:
    pytest.importorskip("weasyprint")
    data = documents.render(make_content(doc_format), "pdf")

    assert data.startswith(b"%PDF")
    text, fonts = pdf_text_and_fonts(data)
    flat = " ".join(text.split())
    assert "BÁO CÁO" in flat
    assert "6 tháng đầu năm 2026, phương hướng nhiệm vụ" in flat
    assert "1.234.567" in flat and "92,5" in flat
    assert ("ĐẢNG CỘNG SẢN VIỆT NAM" in flat) is (doc_format == "party")
    assert any("LiberationSerif" in f.replace("-", "") for f in fonts), fonts
    if liberation_has_vietnamese():
        # Every letter in the document's serif: no fallback font for Vietnamese letters.
        assert all("LiberationSerif" in f.replace("-", "") for f in fonts), fonts


def test_pdf_html_carries_the_draft_mark_and_no_number() -> None:
    from danvan.reports.documents.pdf_report import html_for

    html = html_for(make_content("state", draft=True))
    assert '<div class="draft">DỰ THẢO</div>' in html
    assert f"Số: {NBSP6}/BC-UBND" in html
    assert "05/BC-UBND" not in html
    assert "data:image/png;base64," in html or not charts_available()


# --- names and numbers ---------------------------------------------------------------------------


def test_file_names_are_ascii_and_name_period_body_and_number() -> None:
    issued = make_content("state")
    draft = make_content("party", draft=True)

    assert documents.filename(issued, "docx") == "BC-6T-2026-68-UBND-so-05.docx"
    assert documents.filename(issued, "pdf") == "BC-6T-2026-68-UBND-so-05.pdf"
    assert documents.filename(draft, "xlsx") == "BC-6T-2026-BTGDV-68-du-thao.xlsx"
    for name in (documents.filename(issued, "docx"), documents.filename(draft, "xlsx")):
        assert name.isascii()
    assert documents.CONTENT_TYPES["pdf"] == "application/pdf"
    with pytest.raises(ValueError):
        documents.render(issued, "odt")


def test_vietnamese_number_formatting() -> None:
    assert number_text(1234567) == "1.234.567"
    assert number_text(-1234) == "-1.234"
    assert number_text(Decimal("1234.5")) == "1.234,5"
    assert value_text(Decimal("0.05"), "rate") == "0,1"  # half up, one decimal
    assert value_text(Decimal("92"), "rate") == "92,0"
    assert value_text(None, "count") == "-"
    same = FigureRow("x", "x", "đơn", "g", 7, 7)
    assert change_text(same) == "0"
