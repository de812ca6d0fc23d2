"""Official documents in the state format of Nghị định 30/2020/NĐ-CP, shared by every module.

A module composes a `Layout` (title, subject, body blocks, recipients, signer) and a `Header`
(issuing body, number, place and date) as plain data, stores them, and turns them into DOCX with
`write_document`. The low-level pieces (`new_document`, `paragraph`, `run`, `short_rule`,
`table`) serve documents of other shapes (minutes with several signatures, registers).

Layout (Phụ lục I): A4; margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman;
a header table (issuing body left, national title and motto right; number line left, place and
date right); title and subject bold and centred; body justified; "Nơi nhận:" and the signature
block at the end; the body closes with "./.".

Numbers (Đ.15): one sequence per issuing body, year and number symbol, from 01 on 1 January,
shared by every module: `document_number_next` takes the next number from the body's
`DocumentSequence` row (one UPDATE); the row of a new year or symbol starts from what the
registered counters (`document_counters_register`) find already issued.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from danvan.core.models import AdminUnit, DocumentSequence, Organization

ORG_KINDS_FILE = Path(__file__).resolve().parent.parent / "data" / "documents" / "org_kinds.json"

FONT = "Times New Roman"
BODY_PT = 14
HEADER_PT = 13
SMALL_PT = 12
RECIPIENTS_PT = 11
TEXT_WIDTH_MM = 165  # A4 (210 mm) less the 30 mm and 15 mm side margins
LEFT_COL_MM = 68
RIGHT_COL_MM = TEXT_WIDTH_MM - LEFT_COL_MM

# What a form shows where a value is still to be filled in by hand.
DOTS = "…………………"
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

# Organisation kinds whose documents carry no line for a parent body in the header (a people's
# committee or council heads its own documents).
SELF_HEADED_KINDS = frozenset({"ubnd", "hdnd"})

# Characters XML 1.0 cannot hold (python-docx refuses them); tab and newline are kept.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_LOCALITY = re.compile(r"\s+(tỉnh|thành phố|xã|phường|đặc khu|huyện|thị trấn)(\s.*)?$", re.I)


@dataclass(frozen=True)
class Block:
    """One paragraph of a document body."""

    text: str
    style: str = "body"  # body (justified) | basis (italic: "Căn cứ ...") | center (bold)
    lead: str = ""  # a bold opening ("Điều 1.")


@dataclass(frozen=True)
class Layout:
    """Everything a template contributes to one document, placeholders filled."""

    doc_title: str  # stored as PetitionDocument.title: never personal data
    heading: str  # "THÔNG BÁO"; "" for an official letter (công văn)
    subject: str  # trích yếu ("Về việc ..."; "V/v ..." for a letter)
    to: str  # "Kính gửi: ..." ("" for none)
    authority: str  # decisions: the line naming who decides, above the legal bases
    body: list[Block]
    recipients: list[str]
    signer: list[str]  # position lines ("CHỦ TỊCH")
    signer_name: str


@dataclass(frozen=True)
class Header:
    parent_line: str
    org_line: str
    number_line: str
    date_line: str


@cache
def org_kinds() -> dict[str, dict[str, str]]:
    """Per organisation kind: number-symbol abbreviation, head's title prefix, signer line."""
    with ORG_KINDS_FILE.open(encoding="utf-8") as fh:
        data: dict[str, dict[str, str]] = json.load(fh)["org_kinds"]
    return data


def org_kind(organization: Organization) -> dict[str, str]:
    kinds = org_kinds()
    return kinds.get(organization.kind) or kinds["khac"]


def clean(value: Any, *, limit: int = 0) -> str:
    """Free text made safe for XML, trimmed, without the full stop the template adds."""
    text = _XML_ILLEGAL.sub("", str(value or "")).strip()
    text = text.rstrip(" .;,").strip()
    if limit and len(text) > limit:
        cut = text[:limit].rsplit(" ", 1)[0].rstrip(" .;,:")
        text = f"{cut}…"
    return text


def one_line(value: Any, *, limit: int = 0) -> str:
    return clean(re.sub(r"\s+", " ", str(value or "")), limit=limit)


def tidy(text: str) -> str:
    # A value ending in "?", "!" or "…" followed by the template's full stop.
    return re.sub(r"([!?…])\.(?=\s|$)", r"\1", text)


def long_date(day: dt.date) -> str:
    """ "ngày 05 tháng 3 năm 2026": a leading zero for days below 10 and months 1 and 2."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def short_date(day: dt.date | None) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}" if day else ""


def date_value(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return short_date(value.date())
    if isinstance(value, dt.date):
        return short_date(value)
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        return short_date(dt.date.fromisoformat(value.strip()))
    return one_line(value)


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def province_of(unit: AdminUnit | None) -> AdminUnit | None:
    seen: set[int] = set()
    while unit is not None and unit.level != "province" and unit.pk not in seen:
        seen.add(unit.pk)
        unit = unit.parent
    return unit


def place_name(organization: Organization, fallback: AdminUnit | None = None) -> str:
    """The place on the date line (NĐ 30/2020): a commune body's commune, else the province."""
    unit = organization.area or fallback
    if unit is None:
        return "Hà Nội" if organization.level == "national" else DOTS
    if organization.level == "commune" and unit.level == "commune":
        return unit.name
    province = province_of(unit)
    return (province or unit).name


def org_abbreviation(organization: Organization) -> str:
    """The body's part of a number symbol ("UBND" in "05/TB-UBND")."""
    if organization.short_name.strip():
        return organization.short_name.strip()
    kinds = org_kinds()
    abbr = kinds.get(organization.kind, {}).get("abbr", "")
    if abbr:
        return abbr
    words = [w for w in _LOCALITY.sub("", organization.name).split() if w.lower() != "và"]
    letters = []
    for word in words:
        if word.isdigit():
            letters.append(word)
            continue
        first = word[0].upper()
        if first != "Đ":
            first = unicodedata.normalize("NFD", first)[0]
        letters.append(first)
    return "".join(letters) or organization.code


def parent_line(organization: Organization) -> str:
    parent = organization.parent
    if (
        parent is None
        or organization.kind in SELF_HEADED_KINDS
        or parent.level != organization.level
    ):
        return ""
    return re.sub("^Ủy ban nhân dân", "UBND", parent.name, flags=re.I).upper()


# --- DOCX ---------------------------------------------------------------------------------------


def set_fonts(rpr: Any) -> None:
    """Times New Roman in every script slot of a `w:rPr` (Vietnamese letters use hAnsi)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)


def new_document() -> DocxDocument:
    return Document(io.BytesIO(_base_document()))


@cache
def _base_document() -> bytes:
    """The empty A4 document with its styles, built once per process.

    python-docx's default template carries ~270 latent and ~160 unused styles; dropping them
    makes every document smaller and quicker to parse and write.
    """
    document = Document()
    styles = document.styles.element
    for latent in styles.findall(qn("w:latentStyles")):
        styles.remove(latent)
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:default")) != "1":
            styles.remove(style)
    section = document.sections[0]
    section.page_width = Mm(210)
    section.page_height = Mm(297)
    section.top_margin = Mm(20)
    section.bottom_margin = Mm(20)
    section.left_margin = Mm(30)
    section.right_margin = Mm(15)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)

    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    rpr = normal.element.get_or_add_rPr()
    set_fonts(rpr)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    rpr.append(lang)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    # The document defaults name theme fonts (Calibri/Cambria): point them at Times New Roman.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        default_rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if default_rpr is not None:
            set_fonts(default_rpr)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def add_paragraph(
    container: DocxDocument | _Cell,
    text: str = "",
    *,
    align: Any = WD_ALIGN_PARAGRAPH.CENTER,
    size: int = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    indent: bool = False,
    after: int = 0,
    before: int = 0,
    reuse_first: bool = False,
) -> Paragraph:
    if reuse_first and isinstance(container, _Cell) and not container.paragraphs[0].text:
        paragraph = container.paragraphs[0]
    else:
        paragraph = container.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    if after:  # the Normal style spaces nothing before or after
        fmt.space_after = Pt(after)
    if before:
        fmt.space_before = Pt(before)
    if indent:
        fmt.first_line_indent = Mm(10)
    if text:
        add_run(paragraph, text, size=size, bold=bold, italic=italic, underline=underline)
    return paragraph


def add_run(
    paragraph: Paragraph,
    text: str,
    *,
    size: int = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
) -> None:
    # Only what differs from the Normal style (Times New Roman, 14 pt): fewer elements to write.
    run = paragraph.add_run(text)
    if size != BODY_PT:
        run.font.size = Pt(size)
    if bold:
        run.font.bold = True
    if italic:
        run.font.italic = True
    if underline:
        run.font.underline = True


def add_rule(container: DocxDocument | _Cell, width_mm: float, line_mm: float) -> None:
    """The short solid line NĐ 30 puts under the body's name and under the subject."""
    paragraph = container.add_paragraph()
    # The border goes in first: w:pBdr precedes w:spacing and w:ind in a w:pPr, and python-docx
    # places those after it when they are set below.
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "6")
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    border.append(bottom)
    paragraph._p.get_or_add_pPr().append(border)
    fmt = paragraph.paragraph_format
    side = max((width_mm - line_mm) / 2, 0)
    fmt.left_indent = Mm(side)
    fmt.right_indent = Mm(side)
    fmt.space_after = Pt(6)
    fmt.line_spacing = Pt(2)


def add_table(document: DocxDocument, rows: int, widths: tuple[int, int]) -> Any:
    table = document.add_table(rows=rows, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # A fixed layout takes its widths from the grid; the cell widths say the same for readers
    # that look there.
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Mm(width)
    return table


def write_document(
    layout: Layout, header: Header, *, form: str, title: str, author: str, issued_on: dt.date
) -> bytes:
    document = new_document()

    # Header: the issuing body and the national title, then the number and the place and date.
    add_state_header(document, header, letter_subject=layout.subject if form == "letter" else "")

    # Title and subject (a letter has neither: its subject is the "V/v" line above).
    if layout.heading:
        add_paragraph(document, layout.heading, bold=True, before=18)
        if layout.subject:
            add_paragraph(document, layout.subject, bold=True)
        add_rule(document, TEXT_WIDTH_MM, 45)
    else:
        add_paragraph(document, "", after=6)
    if layout.authority:
        add_paragraph(document, layout.authority, bold=True, before=6, after=6)
    if layout.to:
        add_paragraph(document, f"Kính gửi: {layout.to}.", before=6, after=12)

    blocks = list(layout.body)
    if blocks:
        last = blocks[-1]
        ending = "/." if last.text.endswith(".") else "./."
        blocks[-1] = Block(last.text + ending, style=last.style, lead=last.lead)
    for block in blocks:
        if block.style == "center":
            add_paragraph(document, block.text, bold=True, before=6, after=6)
            continue
        paragraph = add_paragraph(document, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, after=6)
        if block.lead:
            add_run(paragraph, block.lead + " ", bold=True)
        for i, line in enumerate(block.text.split("\n")):
            if i:
                paragraph.add_run().add_break()
            add_run(paragraph, line, italic=block.style == "basis")

    # "Nơi nhận:" on the left, the signature on the right.
    add_signature_block(
        document,
        recipients=list(layout.recipients),
        signer=list(layout.signer),
        signer_name=layout.signer_name,
    )

    props = document.core_properties
    props.title = title
    props.author = author
    props.last_modified_by = author
    props.comments = ""
    props.keywords = ""
    props.subject = ""
    props.language = "vi-VN"
    props.revision = 1
    props.created = props.modified = dt.datetime.combine(issued_on, dt.time(8, 0))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def header_for(
    organization: Organization, *, number: str, issued_on: dt.date, area: AdminUnit | None = None
) -> Header:
    """The header of a document the body issues: parent, body, "Số: ...", place and date."""
    return Header(
        parent_line=parent_line(organization),
        org_line=organization.name.upper(),
        number_line=f"Số: {number}",
        date_line=f"{place_name(organization, area)}, {long_date(issued_on)}",
    )


def format_number(sequence: int | None, symbol: str, abbreviation: str) -> str:
    """ "05/TB-UBND"; a letter: "05/UBND"; a draft without its number: "     /TB-UBND"."""
    head = f"{sequence:02d}" if sequence else "\u00a0" * 6
    tail = f"{symbol}-{abbreviation}" if symbol else abbreviation
    return f"{head}/{tail}"


# --- Numbers shared by every module -------------------------------------------------------------

# (organisation id, number symbol, first day of the year, first day of the next) -> how many
# documents with that symbol the module has issued for the body in that year.
DocumentCounter = Callable[[int, str, dt.date, dt.date], int]
_COUNTERS: dict[str, DocumentCounter] = {}


def document_counters_register(name: str, counter: DocumentCounter) -> None:
    """A module that numbers documents registers how to count what it has issued."""
    _COUNTERS[name] = counter


def _issued_before(organization: Organization, symbol: str, year: int) -> int:
    """What the modules' counters find issued by the body with `symbol` in `year`."""
    start = dt.date(year, 1, 1)
    end = start.replace(year=year + 1)
    return sum(count(organization.pk, symbol, start, end) for count in _COUNTERS.values())


def _sequence_update(organization: Organization, symbol: str, year: int, **changes: Any) -> int:
    """Apply `changes` to the body's sequence row for `symbol` and `year`; return its `last`.

    Call inside a transaction: the UPDATE write-locks the row until it ends. A missing row is
    created, under a lock on the organisation row (two first issues cannot both count), from
    what the modules' counters find already issued, then updated.
    """
    rows = DocumentSequence.objects.filter(organization=organization, symbol=symbol, year=year)
    if not rows.update(**changes):
        list(Organization.objects.select_for_update().filter(pk=organization.pk).values("pk"))
        if not rows.update(**changes):  # not created by another issue meanwhile
            DocumentSequence.objects.create(
                organization=organization,
                symbol=symbol,
                year=year,
                last=_issued_before(organization, symbol, year),
            )
            rows.update(**changes)
    return rows.values_list("last", flat=True).get()


def document_number_next(*, organization: Organization, symbol: str, issued_on: dt.date) -> str:
    """Take the body's next number for `symbol` in the year of `issued_on`, across every module.

    Call inside the issuing transaction: the number is one UPDATE of the body's
    `DocumentSequence` row, which stays write-locked until the transaction ends (two issues at
    once never get the same number; a rolled-back issue gives its number back). The first
    number of a year creates the row from what the modules' counters find already issued.
    """
    with transaction.atomic(savepoint=False):
        last = _sequence_update(organization, symbol, issued_on.year, last=F("last") + 1)
    return format_number(last, symbol, org_abbreviation(organization))


_TYPED_NUMBER = re.compile(r"0*(?P<sequence>\d{1,9})/(?P<tail>.+)")


def document_number_taken(
    *, organization: Organization, symbol: str, issued_on: dt.date, number: str
) -> bool:
    """Record a number given by hand (a decision numbered in the paper register).

    When it is one of the body's numbers for `symbol` ("12/QĐ-UBND", spaces and case aside),
    the sequence moves up to it, so the next automatic number does not repeat it; a lower
    number leaves the sequence where it is. Any other text (another body's number, a legal
    document's "12/2026/QĐ-UBND") is not this sequence's and changes nothing. Call inside the
    issuing transaction. True when the number belongs to the sequence.
    """
    match = _TYPED_NUMBER.fullmatch(re.sub(r"\s+", "", number))
    tail = format_number(1, symbol, org_abbreviation(organization)).split("/", 1)[1]
    if match is None or match["tail"].casefold() != re.sub(r"\s+", "", tail).casefold():
        return False
    sequence = int(match["sequence"])
    with transaction.atomic(savepoint=False):
        _sequence_update(
            organization, symbol, issued_on.year, last=Greatest(F("last"), Value(sequence))
        )
    return True


def document_number_peek(*, organization: Organization, symbol: str, issued_on: dt.date) -> str:
    """The number `document_number_next` would give now, without taking it (a preview)."""
    key = {"organization": organization, "symbol": symbol, "year": issued_on.year}
    last = DocumentSequence.objects.filter(**key).values_list("last", flat=True).first()
    if last is None:
        last = _issued_before(organization, symbol, issued_on.year)
    return format_number(last + 1, symbol, org_abbreviation(organization))


# --- Pieces shared by documents that compose their own body (reports) ---------------------------
# Additions for documents whose body is more than paragraphs (tables, charts, annexes): the same
# state header and closing as `write_document`, a draft mark, borders for data tables, page
# numbers, and the Party format (Hướng dẫn 36-HD/VPTW ngày 03/4/2018 của Văn phòng Trung ương).

DRAFT_MARK = "DỰ THẢO"
PARTY_TITLE = "ĐẢNG CỘNG SẢN VIỆT NAM"
PARTY_TITLE_PT = 15
TITLE_PT = 15  # the document kind ("BÁO CÁO") in a Party document: 15-16 pt, bold
PARTY_SUBJECT_RULE = "-----"  # five hyphens under the subject of a Party document


def format_party_number(sequence: int | None, symbol: str, abbreviation: str) -> str:
    """ "12-BC/BTGDVTU" (Party style: number-symbol/body); a draft: "      -BC/BTGDVTU"."""
    head = f"{sequence:02d}" if sequence else "\u00a0" * 6
    return f"{head}-{symbol}/{abbreviation}" if symbol else f"{head}/{abbreviation}"


def _borders(sides: tuple[str, ...], tag: str, size: int = 4) -> Any:
    box = OxmlElement(tag)
    for side in sides:
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), str(size))
        edge.set(qn("w:space"), "0")
        edge.set(qn("w:color"), "000000")
        box.append(edge)
    return box


def add_draft_mark(document: DocxDocument) -> None:
    """ "DỰ THẢO" in a box at the top right of the first page (NĐ 30/2020, Phụ lục I)."""
    paragraph = document.add_paragraph()
    # The border goes in first: w:pBdr precedes w:spacing, w:ind and w:jc in a w:pPr.
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(_borders(("top", "left", "bottom", "right"), "w:pBdr", size=8))
    fmt = paragraph.paragraph_format
    fmt.left_indent = Mm(TEXT_WIDTH_MM - 32)
    fmt.space_after = Pt(6)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_run(paragraph, DRAFT_MARK, size=HEADER_PT, bold=True)


def add_state_header(document: DocxDocument, header: Header, *, letter_subject: str = "") -> None:
    """The NĐ 30 header: the issuing body and the national title and motto, then the number
    (and, for an official letter, its "V/v" subject under it) and the place and date."""
    table = add_table(document, 2, (LEFT_COL_MM, RIGHT_COL_MM))
    left, right = table.rows[0].cells
    if header.parent_line:
        add_paragraph(left, header.parent_line, size=HEADER_PT, reuse_first=True)
    add_paragraph(left, header.org_line, size=HEADER_PT, bold=True, reuse_first=True)
    add_rule(left, LEFT_COL_MM - 4, 22)
    add_paragraph(right, NATIONAL_TITLE, size=SMALL_PT + 1, bold=True, reuse_first=True)
    add_paragraph(right, MOTTO, size=BODY_PT, bold=True, underline=True, after=6)
    left, right = table.rows[1].cells
    add_paragraph(left, header.number_line, size=HEADER_PT, reuse_first=True)
    if letter_subject:
        add_paragraph(left, letter_subject, size=SMALL_PT)
    add_paragraph(right, header.date_line, size=BODY_PT, italic=True, reuse_first=True)


def add_party_header(document: DocxDocument, header: Header) -> None:
    """The Party header (Hướng dẫn 36-HD/VPTW): on the left the body above, the issuing body in
    bold, a star and "Số 12-BC/BTGDVTU"; on the right "ĐẢNG CỘNG SẢN VIỆT NAM" in bold,
    underlined, and the place and date in italics."""
    table = add_table(document, 2, (LEFT_COL_MM, RIGHT_COL_MM))
    left, right = table.rows[0].cells
    if header.parent_line:
        add_paragraph(left, header.parent_line, reuse_first=True)
    add_paragraph(left, header.org_line, bold=True, reuse_first=True)
    add_paragraph(left, "*")
    add_paragraph(
        right, PARTY_TITLE, size=PARTY_TITLE_PT, bold=True, underline=True, reuse_first=True
    )
    left, right = table.rows[1].cells
    add_paragraph(left, header.number_line, reuse_first=True)
    add_paragraph(right, header.date_line, italic=True, reuse_first=True)


def add_signature_block(
    document: DocxDocument,
    *,
    recipients: list[str],
    signer: list[str],
    signer_name: str,
    party: bool = False,
) -> None:
    """ "Nơi nhận:" on the left, the signer's position lines and name on the right. The Party
    format underlines "Nơi nhận:" instead of setting it bold and italic."""
    sign = add_table(document, 1, (LEFT_COL_MM + 12, RIGHT_COL_MM - 12))
    left, right = sign.rows[0].cells
    add_paragraph(
        left,
        "Nơi nhận:",
        align=WD_ALIGN_PARAGRAPH.LEFT,
        size=BODY_PT if party else SMALL_PT,
        bold=not party,
        italic=not party,
        underline=party,
        before=12,
        reuse_first=True,
    )
    for line in recipients:
        add_paragraph(left, f"- {line}", align=WD_ALIGN_PARAGRAPH.LEFT, size=RECIPIENTS_PT)
    for i, line in enumerate(signer):
        add_paragraph(right, line, bold=True, before=12 if i == 0 else 0, reuse_first=True)
    for _blank in range(4):
        add_paragraph(right, "")
    add_paragraph(right, signer_name, bold=True)


def set_table_borders(table: Any, size: int = 4) -> None:
    """Single black lines around and inside a data table (the base document has no table
    styles, so a grid is drawn by the table's own borders)."""
    tblpr = table._tbl.tblPr
    for old in tblpr.findall(qn("w:tblBorders")):
        tblpr.remove(old)
    box = _borders(("top", "left", "bottom", "right", "insideH", "insideV"), "w:tblBorders", size)
    # Schema order: w:tblBorders comes before w:shd, w:tblLayout, w:tblCellMar and w:tblLook.
    tblpr.insert_element_before(
        box,
        "w:shd",
        "w:tblLayout",
        "w:tblCellMar",
        "w:tblLook",
        "w:tblCaption",
        "w:tblDescription",
        "w:tblPrChange",
    )


def add_page_numbers(document: DocxDocument) -> None:
    """Page numbers centred in the top margin from the second page on (NĐ 30/2020). Call once
    the document has all its sections: later sections (a landscape annex) number every page."""
    for i, section in enumerate(document.sections):
        section.different_first_page_header_footer = i == 0
        if i:
            section.header.is_linked_to_previous = True
            continue
        header = section.header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "2"
        run.append(text)
        field.append(run)
        paragraph._p.append(field)
