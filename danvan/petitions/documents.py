"""The documents a petition's moves produce: DOCX in the state format of Nghị định 30/2020/NĐ-CP.

Owns the template registry (`TEMPLATES`), rendering (`document_render`) and issuing
(`document_issue`: render, number, store the file, record a `PetitionDocument`). The wording of
every template is data, in `doc_templates/templates.json` (see the README there): a legal
document is issued in Vietnamese whatever the officer's interface language, so its text is not
run through the UI translation catalogue.

Layout (Nghị định 30/2020, Phụ lục I): A4; margins top/bottom 20 mm, left 30 mm, right 15 mm;
Times New Roman; a header table (issuing body left, national title and motto right; number line
left, place and date right); title and subject bold and centred; body justified; "Nơi nhận:"
and the signature block at the end; the body closes with "./.".

A denunciation's documents never carry the denouncer's identity: they name the denouncer by the
case's pseudonym ("Người tố cáo #A7F2"), and rendering them reads neither `Petitioner` rows nor
the vault.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from danvan.core.errors import NotFound, ValidationFailed
from danvan.core.models import AdminUnit, Organization
from danvan.core.services.audit import audit_record
from danvan.petitions.models import ExtensionKind, Petition, PetitionDocument, PetitionEvent
from danvan.petitions.states import FORWARDED_CHANNELS, Channel, Kind, Outcome, Status

DATA_FILE = Path(__file__).parent / "doc_templates" / "templates.json"

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
ANONYMOUS_LABEL = "Người gửi đơn không ghi tên"
DENOUNCER_LABEL = "Người tố cáo"
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
SUMMARY_MAX = 400

# Organisation kinds whose documents carry no line for a parent body in the header (a people's
# committee or council heads its own documents).
SELF_HEADED_KINDS = frozenset({"ubnd", "hdnd"})

# Characters XML 1.0 cannot hold (python-docx refuses them); tab and newline are kept.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_LOCALITY = re.compile(r"\s+(tỉnh|thành phố|xã|phường|đặc khu|huyện|thị trấn)(\s.*)?$", re.I)


# --- The registry -------------------------------------------------------------------------------


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
class DocTemplate:
    code: str
    title: str  # Vietnamese, generic ("Thông báo thụ lý")
    symbol: str  # number symbol ("TB", "QĐ"); "" for an official letter ("05/UBND")
    kinds: frozenset[str] | None  # petition kinds it applies to; None = every kind
    form: str  # notice | decision | letter
    signed_by_actor: bool  # signed by the officer who issues it (receipt, proposal slip)
    number_from_decision: bool  # the petition's decision number is this document's number
    build: Callable[[_Context, str], Layout]  # body builder: (context, kind) -> layout


class _Context:
    """Placeholder values, computed on first use (some need a query).

    `raw(key)` is the value itself ("" when absent) and drives the `if` / `unless` conditions;
    `ctx[key]`, used to fill text, shows dots for an absent value so the form can be completed by
    hand, except for `*_clause` keys, which are optional by design. An unknown key raises
    KeyError: a typo in the template data fails the tests instead of printing a blank.
    """

    def __init__(self, resolvers: Mapping[str, Callable[[], str]]) -> None:
        self._resolvers = resolvers
        self._cache: dict[str, str] = {}

    def raw(self, key: str) -> str:
        if key not in self._cache:
            self._cache[key] = self._resolvers[key]()
        return self._cache[key]

    def __getitem__(self, key: str) -> str:
        value = self.raw(key)
        if value or key.endswith("_clause"):
            return value
        return DOTS

    def keys(self) -> Iterable[str]:
        return self._resolvers.keys()


@cache
def _data() -> dict[str, Any]:
    with DATA_FILE.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def _variant(value: Any, kind: str) -> Any:
    """A text, or a dict of texts by petition kind with a "default"."""
    if isinstance(value, dict):
        return value.get(kind, value.get("default", ""))
    return value


def _fill(text: str, ctx: _Context) -> str:
    return _tidy(text.format_map(ctx)) if text else ""


def _applies(item: Any, ctx: _Context, kind: str) -> bool:
    if not isinstance(item, dict):
        return True
    kinds = item.get("kinds")
    if kinds is not None and kind not in kinds:
        return False
    wanted = item.get("if")
    if wanted is not None and not all(ctx.raw(k) for k in _as_list(wanted)):
        return False
    unwanted = item.get("unless")
    return not (unwanted is not None and any(ctx.raw(k) for k in _as_list(unwanted)))


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _build_from_spec(spec: Mapping[str, Any], ctx: _Context, kind: str) -> Layout:
    data = _data()
    body: list[Block] = []
    if spec.get("bases"):
        group = kind if spec["bases"] == "kind" else spec["bases"]
        for line in _variant(data["bases"], group):
            body.append(Block(_fill(line, ctx), style="basis"))
    for item in spec["body"]:
        if not _applies(item, ctx, kind):
            continue
        if isinstance(item, str):
            body.append(Block(_fill(item, ctx)))
        else:
            body.append(
                Block(
                    _fill(_variant(item["text"], kind), ctx),
                    style=item.get("style", "body"),
                    lead=item.get("lead", ""),
                )
            )
    recipients = [
        _fill(item if isinstance(item, str) else _variant(item["text"], kind), ctx)
        for item in spec.get("recipients", [])
        if _applies(item, ctx, kind)
    ]
    # "signer": a fixed position signed by the acting officer; absent: the head of the body.
    title = spec["signer"] if spec.get("signer") else ctx.raw("signer_title")
    signer = [line.upper() for line in title.splitlines() if line.strip()]
    return Layout(
        doc_title=_fill(_variant(spec["doc_title"], kind), ctx),
        heading=spec.get("heading", ""),
        subject=_fill(_variant(spec.get("subject", ""), kind), ctx),
        to=_fill(_variant(spec.get("to", ""), kind), ctx),
        authority=ctx.raw("authority").upper() if spec.get("form") == "decision" else "",
        body=body,
        recipients=recipients,
        signer=signer,
        signer_name=ctx.raw("signer_name"),
    )


def _load_templates() -> dict[str, DocTemplate]:
    registry: dict[str, DocTemplate] = {}
    for code, spec in _data()["templates"].items():
        kinds = spec.get("kinds")

        def build(ctx: _Context, kind: str, spec: Mapping[str, Any] = spec) -> Layout:
            return _build_from_spec(spec, ctx, kind)

        registry[code] = DocTemplate(
            code=code,
            title=spec["title"],
            symbol=spec.get("symbol", ""),
            kinds=frozenset(kinds) if kinds else None,
            form=spec.get("form", "notice"),
            signed_by_actor=bool(spec.get("signer")),
            number_from_decision=code in {"quyet_dinh_giai_quyet", "ket_luan_to_cao"},
            build=build,
        )
    return registry


TEMPLATES: dict[str, DocTemplate] = _load_templates()


def template_for_move(*, petition: Petition, to: str, outcome: str = "") -> str | None:
    """The template a move issues (None: the move issues no document).

    `to` is the target status, or "registered" for intake and "extended" for an extension
    decision; `outcome` the triage outcome for `to="triaged"`.
    """
    if to == "registered":
        return "tiep_nhan"
    if to == "extended":
        return "quyet_dinh_gia_han"
    if to == Status.TRIAGED:
        by_outcome: dict[str, str] = {
            Outcome.ACCEPT: "phieu_de_xuat_thu_ly",
            Outcome.TRANSFER: "phieu_chuyen_don",
            Outcome.GUIDE: "phieu_huong_dan",
            Outcome.ANSWER: "van_ban_tra_loi",
            Outcome.FILE: "thong_bao_luu_don",
            Outcome.INELIGIBLE: "thong_bao_khong_thu_ly",
        }
        return by_outcome.get(outcome)
    if to == Status.ACCEPTED:
        return "thong_bao_thu_ly"
    if to == Status.SUSPENDED:
        return "quyet_dinh_tam_dinh_chi"
    if to == Status.VERIFYING:
        return (
            "quyet_dinh_tiep_tuc" if petition.status == Status.SUSPENDED else "quyet_dinh_xac_minh"
        )
    if to == Status.RESOLVED:
        if petition.kind in (Kind.COMPLAINT, Kind.MIXED):
            return "quyet_dinh_giai_quyet"
        if petition.kind == Kind.DENUNCIATION:
            return "ket_luan_to_cao"
        return "van_ban_tra_loi"
    if to == Status.CLOSED:
        # The result notice: to the forwarder for a forwarded petition, else to the petitioner.
        return "thong_bao_ket_qua"
    if to == Status.WITHDRAWN:
        return "thong_bao_rut_don"
    return None


# --- Values -------------------------------------------------------------------------------------


def _clean(value: Any, *, limit: int = 0) -> str:
    """Free text made safe for XML, trimmed, without the full stop the template adds."""
    text = _XML_ILLEGAL.sub("", str(value or "")).strip()
    text = text.rstrip(" .;,").strip()
    if limit and len(text) > limit:
        cut = text[:limit].rsplit(" ", 1)[0].rstrip(" .;,:")
        text = f"{cut}…"
    return text


def _one_line(value: Any, *, limit: int = 0) -> str:
    return _clean(re.sub(r"\s+", " ", str(value or "")), limit=limit)


def _tidy(text: str) -> str:
    # A value ending in "?", "!" or "…" followed by the template's full stop.
    return re.sub(r"([!?…])\.(?=\s|$)", r"\1", text)


def long_date(day: dt.date) -> str:
    """ "ngày 05 tháng 3 năm 2026": a leading zero for days below 10 and months 1 and 2."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def short_date(day: dt.date | None) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}" if day else ""


def _date_value(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return short_date(value.date())
    if isinstance(value, dt.date):
        return short_date(value)
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        return short_date(dt.date.fromisoformat(value.strip()))
    return _one_line(value)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _province(unit: AdminUnit | None) -> AdminUnit | None:
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
    province = _province(unit)
    return (province or unit).name


def org_abbreviation(organization: Organization) -> str:
    """The body's part of a number symbol ("UBND" in "05/TB-UBND")."""
    if organization.short_name.strip():
        return organization.short_name.strip()
    kinds: dict[str, dict[str, str]] = _data()["org_kinds"]
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


def _org_kind(organization: Organization) -> dict[str, str]:
    kinds: dict[str, dict[str, str]] = _data()["org_kinds"]
    return kinds.get(organization.kind) or kinds["khac"]


def _parent_line(organization: Organization) -> str:
    parent = organization.parent
    if (
        parent is None
        or organization.kind in SELF_HEADED_KINDS
        or parent.level != organization.level
    ):
        return ""
    return re.sub("^Ủy ban nhân dân", "UBND", parent.name, flags=re.I).upper()


def _people(petition: Petition) -> tuple[str, str, str]:
    """(label, in-sentence reference, address) of the sender.

    A denunciation never reads `Petitioner` rows (nor the vault): its sender is the pseudonym.
    """
    if petition.anonymous:
        return ANONYMOUS_LABEL, _lower_first(ANONYMOUS_LABEL), ""
    if petition.kind == Kind.DENUNCIATION:
        label = (
            f"{DENOUNCER_LABEL} #{petition.pseudonym}" if petition.pseudonym else DENOUNCER_LABEL
        )
        return label, _lower_first(label), ""
    people = list(petition.petitioners.all())
    if not people:
        return "Người gửi đơn", "người gửi đơn", ""
    first = next((p for p in people if p.is_representative), people[0])
    others = max(petition.signer_count, len(people)) - 1
    name = _one_line(first.full_name)
    tail = f" và {others} người khác" if others > 0 else ""
    return f"Ông (bà) {name}{tail}", f"ông (bà) {name}{tail}", _one_line(first.address)


def _context(
    petition: Petition, tpl: DocTemplate, issued_on: dt.date, extra: Mapping[str, Any]
) -> _Context:
    data = _data()
    kind = petition.kind
    org = petition.organization
    round_key = "2" if petition.complaint_round == 2 else "1"
    articles = data["complaint_articles"][round_key]
    people_cache: list[tuple[str, str, str]] = []

    def people() -> tuple[str, str, str]:
        if not people_cache:
            people_cache.append(_people(petition))
        return people_cache[0]

    def ext(key: str) -> str:
        return _clean(extra.get(key, ""))

    def summary() -> str:
        return _one_line(petition.summary or petition.content, limit=SUMMARY_MAX)

    def authority() -> str:
        return f"{_org_kind(org)['prefix']} {org.name}"

    def forwarder() -> str:
        return _one_line(extra.get("forwarder") or petition.forwarder)

    def forwarded_clause() -> str:
        if petition.channel not in FORWARDED_CHANNELS or not forwarder():
            return ""
        ref = _one_line(petition.forwarder_reference)
        return f", do {forwarder()} chuyển đến" + (f" theo văn bản số {ref}" if ref else "")

    def forwarder_reference_clause() -> str:
        ref = _one_line(petition.forwarder_reference)
        return f" (văn bản số {ref})" if ref else ""

    def respondent_clause() -> str:
        who = _one_line(petition.respondent)
        return f" đối với {who}" if who else ""

    def address_clause() -> str:
        address = people()[2]
        return f", địa chỉ: {address}" if address else ""

    def suspension_clause() -> str:
        number = _one_line(extra.get("suspension_number"))
        last = petition.suspensions.order_by("-start", "-id").first()
        if not number and last is not None:
            number = _one_line(last.decision_number)
        since = f" từ ngày {short_date(last.start)}" if last is not None else ""
        return f" theo Quyết định số {number}{since}" if number else since

    def extension_subject() -> str:
        if ext("extension_kind") == "initial":
            return "thời hạn kiểm tra, xác minh thông tin tố cáo ban đầu"
        return f"thời hạn giải quyết {data['kind_labels'].get(kind, '')}"

    def extension_clause() -> str:
        label = ext("extension_label")
        kind_code = ext("extension_kind")
        if not label and kind_code in (ExtensionKind.COMPLEX, ExtensionKind.ESPECIALLY_COMPLEX):
            label = str(ExtensionKind(kind_code).label)
        return f" ({_lower_first(label)})" if label else ""

    def resolved_clause() -> str:
        return f" ngày {short_date(petition.resolved_on)}" if petition.resolved_on else ""

    def duplicate_of() -> str:
        original = petition.duplicate_of
        return original.case_number if original is not None else ""

    def signer_title() -> str:
        return str(extra.get("signer_title") or _org_kind(org)["signer"])

    def outcome_result() -> str:
        results: dict[str, str] = data["outcome_results"]
        return results.get(petition.triage_outcome, "")

    def verifier() -> str:
        if extra.get("verifier"):
            return _one_line(extra["verifier"])
        assignee = petition.assignee
        name = _one_line(getattr(assignee, "full_name", "")) if assignee is not None else ""
        return f"ông (bà) {name}" if name else str(data["defaults"]["verifier"])

    def channel_label() -> str:
        try:
            return _lower_first(str(Channel(petition.channel).label))
        except ValueError:
            return petition.channel

    result = _clean(petition.result_summary)
    resolvers: dict[str, Callable[[], str]] = {
        "org_name": lambda: org.name,
        "authority": authority,
        "case_number": lambda: petition.case_number,
        "tracking_code": lambda: petition.tracking_code,
        "received_on": lambda: short_date(petition.received_on),
        "accepted_on": lambda: short_date(petition.accepted_on or issued_on),
        "withdrawn_on": lambda: short_date(petition.withdrawn_on or issued_on),
        "issued_on": lambda: short_date(issued_on),
        "kind_label": lambda: data["kind_labels"].get(kind, ""),
        "petition_noun": lambda: data["petition_nouns"].get(kind, "đơn"),
        "law": lambda: _variant(data["laws"], kind),
        "round_label": lambda: data["round_labels"][round_key],
        "first_round": lambda: "1" if round_key == "1" else "",
        "second_round": lambda: "1" if round_key == "2" else "",
        "art_accept": lambda: articles["art_accept"],
        "art_time": lambda: articles["art_time"],
        "art_decision": lambda: articles["art_decision"],
        "art_send": lambda: articles["art_send"],
        "art_verify": lambda: articles["art_verify"],
        "petitioner": lambda: people()[0],
        "petitioner_ref": lambda: people()[1],
        "petitioner_address": lambda: people()[2],
        "address_clause": address_clause,
        "anonymous": lambda: "1" if petition.anonymous else "",
        "channel_label": channel_label,
        "forwarder": forwarder,
        "forwarder_name": forwarder,
        "forwarder_document": lambda: (
            f"văn bản số {_one_line(petition.forwarder_reference)}"
            if petition.forwarder_reference.strip()
            else "văn bản"
        ),
        "forwarded_clause": forwarded_clause,
        "forwarded_by_clause": lambda: f" do {forwarder()} chuyển đến" if forwarder() else "",
        "result_addressee": lambda: forwarder() or people()[0],
        "forwarder_reference_clause": forwarder_reference_clause,
        "summary": summary,
        "requests": lambda: _one_line(petition.requests, limit=SUMMARY_MAX),
        "respondent": lambda: _one_line(petition.respondent),
        "respondent_clause": respondent_clause,
        "attachments_count": lambda: str(petition.attachments.count() or ""),
        "duplicate_of": duplicate_of,
        "due": lambda: _date_value(extra.get("due")),
        "reason": lambda: ext("reason"),
        "reason_text": lambda: ext("reason_text"),
        "reason_citation": lambda: (
            ext("reason_citation") or _variant(data["defaults"]["reason_citation"], kind)
        ),
        "resume_reason": lambda: ext("reason") or data["defaults"]["resume_reason"],
        "to_organization": lambda: _one_line(extra.get("to_organization")),
        "decision_number": lambda: _one_line(petition.decision_number),
        "resolved_clause": resolved_clause,
        "result": lambda: result or ext("result") or outcome_result(),
        "answer": lambda: ext("answer") or result or ext("reason"),
        "decision": lambda: ext("decision") or result,
        "conclusion": lambda: ext("conclusion") or result,
        "findings": lambda: ext("findings"),
        "measures": lambda: ext("measures"),
        "verifier": verifier,
        "suspension_clause": suspension_clause,
        "extension_subject": extension_subject,
        "extension_clause": extension_clause,
        "initial_extension": lambda: "1" if ext("extension_kind") == "initial" else "",
        "signer_title": signer_title,
        "signer_name": lambda: _one_line(extra.get("signer_name")),
    }
    return _Context(resolvers)


# --- DOCX ---------------------------------------------------------------------------------------


def _set_fonts(rpr: Any) -> None:
    """Times New Roman in every script slot of a `w:rPr` (Vietnamese letters use hAnsi)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)


def _new_document() -> DocxDocument:
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
    _set_fonts(rpr)
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
            _set_fonts(default_rpr)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _paragraph(
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
        _run(paragraph, text, size=size, bold=bold, italic=italic, underline=underline)
    return paragraph


def _run(
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


def _short_rule(container: DocxDocument | _Cell, width_mm: float, line_mm: float) -> None:
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


def _table(document: DocxDocument, rows: int, widths: tuple[int, int]) -> Any:
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


@dataclass(frozen=True)
class _Header:
    parent_line: str
    org_line: str
    number_line: str
    date_line: str


def _write(
    layout: Layout, header: _Header, *, form: str, title: str, author: str, issued_on: dt.date
) -> bytes:
    document = _new_document()

    # Header: the issuing body and the national title, then the number and the place and date.
    table = _table(document, 2, (LEFT_COL_MM, RIGHT_COL_MM))
    left, right = table.rows[0].cells
    if header.parent_line:
        _paragraph(left, header.parent_line, size=HEADER_PT, reuse_first=True)
    _paragraph(left, header.org_line, size=HEADER_PT, bold=True, reuse_first=True)
    _short_rule(left, LEFT_COL_MM - 4, 22)
    _paragraph(right, NATIONAL_TITLE, size=SMALL_PT + 1, bold=True, reuse_first=True)
    _paragraph(right, MOTTO, size=BODY_PT, bold=True, underline=True, after=6)
    left, right = table.rows[1].cells
    _paragraph(left, header.number_line, size=HEADER_PT, reuse_first=True)
    if form == "letter" and layout.subject:
        _paragraph(left, layout.subject, size=SMALL_PT)
    _paragraph(right, header.date_line, size=BODY_PT, italic=True, reuse_first=True)

    # Title and subject (a letter has neither: its subject is the "V/v" line above).
    if layout.heading:
        _paragraph(document, layout.heading, bold=True, before=18)
        if layout.subject:
            _paragraph(document, layout.subject, bold=True)
        _short_rule(document, TEXT_WIDTH_MM, 45)
    else:
        _paragraph(document, "", after=6)
    if layout.authority:
        _paragraph(document, layout.authority, bold=True, before=6, after=6)
    if layout.to:
        _paragraph(document, f"Kính gửi: {layout.to}.", before=6, after=12)

    blocks = list(layout.body)
    if blocks:
        last = blocks[-1]
        ending = "/." if last.text.endswith(".") else "./."
        blocks[-1] = Block(last.text + ending, style=last.style, lead=last.lead)
    for block in blocks:
        if block.style == "center":
            _paragraph(document, block.text, bold=True, before=6, after=6)
            continue
        paragraph = _paragraph(document, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, after=6)
        if block.lead:
            _run(paragraph, block.lead + " ", bold=True)
        for i, line in enumerate(block.text.split("\n")):
            if i:
                paragraph.add_run().add_break()
            _run(paragraph, line, italic=block.style == "basis")

    # "Nơi nhận:" on the left, the signature on the right.
    sign = _table(document, 1, (LEFT_COL_MM + 12, RIGHT_COL_MM - 12))
    left, right = sign.rows[0].cells
    _paragraph(
        left,
        "Nơi nhận:",
        align=WD_ALIGN_PARAGRAPH.LEFT,
        size=SMALL_PT,
        bold=True,
        italic=True,
        before=12,
        reuse_first=True,
    )
    for line in layout.recipients:
        _paragraph(left, f"- {line}", align=WD_ALIGN_PARAGRAPH.LEFT, size=RECIPIENTS_PT)
    for i, line in enumerate(layout.signer):
        _paragraph(right, line, bold=True, before=12 if i == 0 else 0, reuse_first=True)
    for _blank in range(4):
        _paragraph(right, "")
    _paragraph(right, layout.signer_name, bold=True)

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


# --- Services -----------------------------------------------------------------------------------


def _template(code: str, petition: Petition) -> DocTemplate:
    tpl = TEMPLATES.get(code)
    if tpl is None:
        raise ValidationFailed(
            _("Không có mẫu văn bản “%(code)s”.") % {"code": code},
            fields={"template": _("Chọn một mẫu văn bản có trong danh mục.")},
        )
    if tpl.kinds is not None and petition.kind not in tpl.kinds:
        raise ValidationFailed(
            _("Mẫu “%(title)s” không dùng cho loại đơn này.") % {"title": tpl.title},
            fields={"template": _("Chọn mẫu văn bản phù hợp với loại đơn.")},
        )
    return tpl


def _format_number(sequence: int | None, symbol: str, abbreviation: str) -> str:
    """ "05/TB-UBND"; a letter: "05/UBND"; a draft without its number: "     /TB-UBND"."""
    head = f"{sequence:02d}" if sequence else "\u00a0" * 6
    tail = f"{symbol}-{abbreviation}" if symbol else abbreviation
    return f"{head}/{tail}"


def _compose(
    petition: Petition,
    tpl: DocTemplate,
    issued_on: dt.date,
    number: str,
    extra: Mapping[str, Any],
) -> dict[str, Any]:
    """The document as issued, as plain data (what `_write` turns into DOCX)."""
    org = petition.organization
    with translation.override("vi"):
        ctx = _context(petition, tpl, issued_on, extra)
        layout = tpl.build(ctx, petition.kind)
        shown_number = number.strip() or _format_number(None, tpl.symbol, org_abbreviation(org))
        header = _Header(
            parent_line=_parent_line(org),
            org_line=org.name.upper(),
            number_line=f"Số: {shown_number}",
            date_line=f"{place_name(org, petition.area)}, {long_date(issued_on)}",
        )
    return {
        "layout": asdict(layout),
        "header": asdict(header),
        "form": tpl.form,
        "title": layout.doc_title,
        "author": org.name,
        "issued_on": issued_on.isoformat(),
    }


def _write_content(content: Mapping[str, Any]) -> bytes:
    layout_data = dict(content["layout"])
    layout_data["body"] = [Block(**block) for block in layout_data["body"]]
    with translation.override("vi"):
        return _write(
            Layout(**layout_data),
            _Header(**content["header"]),
            form=content["form"],
            title=content["title"],
            author=content["author"],
            issued_on=dt.date.fromisoformat(content["issued_on"]),
        )


def _render(
    petition: Petition,
    tpl: DocTemplate,
    issued_on: dt.date,
    number: str,
    extra: Mapping[str, Any],
) -> tuple[bytes, str]:
    content = _compose(petition, tpl, issued_on, number, extra)
    return _write_content(content), content["title"]


def document_render(
    *,
    petition: Petition,
    template: str,
    issued_on: dt.date,
    number: str = "",
    extra: Mapping[str, Any] | None = None,
) -> bytes:
    """The DOCX bytes of `template` for `petition` (a preview: nothing is stored)."""
    tpl = _template(template, petition)
    data, _title = _render(petition, tpl, issued_on, number, extra or {})
    return data


def document_number_next(*, petition: Petition, template: str, issued_on: dt.date) -> str:
    """The next number of the issuing body for this kind of document in the year ("05/TB-UBND").

    Sequences run per organisation, year and number symbol (NĐ 30/2020 Đ.15: from 01 each
    1 January), so two notices never share "01/TB-...". Call inside a transaction: the
    organisation row is locked (PostgreSQL) so concurrent issues cannot take the same number;
    SQLite's IMMEDIATE transactions already serialise writers.
    """
    tpl = TEMPLATES[template]
    org = petition.organization
    list(Organization.objects.select_for_update().filter(pk=org.pk).values_list("pk", flat=True))
    codes = [code for code, t in TEMPLATES.items() if t.symbol == tpl.symbol]
    start = dt.date(issued_on.year, 1, 1)
    count = PetitionDocument.objects.filter(
        petition__organization_id=org.pk,
        template__in=codes,
        issued_on__gte=start,
        issued_on__lt=start.replace(year=start.year + 1),
    ).count()
    return _format_number(count + 1, tpl.symbol, org_abbreviation(org))


def _file_stem(case_number: str, pk: int | None) -> str:
    """ASCII file-name part from the case number (never a person's name)."""
    text = case_number.replace("Đ", "D").replace("đ", "d")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:60]
    return text or f"don-{pk}"


def document_issue(
    *,
    petition: Petition,
    template: str,
    actor: Any,
    issued_on: dt.date,
    event: PetitionEvent | None = None,
    number: str = "",
    extra: Mapping[str, Any] | None = None,
) -> PetitionDocument:
    """Render, number and store a document of `petition`; call inside the move's transaction.

    `number` blank: the petition's decision number for a resolution decision or conclusion,
    otherwise the body's next number (`document_number_next`).
    """
    tpl = _template(template, petition)
    values = dict(extra or {})
    if tpl.signed_by_actor and not values.get("signer_name") and actor is not None:
        values["signer_name"] = getattr(actor, "full_name", "") or ""
    with transaction.atomic():
        number = number.strip()
        if not number and tpl.number_from_decision:
            number = petition.decision_number.strip()
        if not number:
            number = document_number_next(petition=petition, template=template, issued_on=issued_on)
        content = _compose(petition, tpl, issued_on, number, values)
        title = content["title"]
        document = PetitionDocument(
            petition=petition,
            event=event,
            template=template,
            title=title[:250],
            number=number[:100],
            issued_on=issued_on,
            content=content,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        document.save()
        audit_record(
            actor=actor,
            verb="petition.document_issue",
            target=petition,
            changes={
                "document": (None, f"{document.title} — số {document.number}"),
                "template": (None, template),
            },
        )
    return document


def document_file_bytes(document: PetitionDocument) -> bytes:
    """The DOCX of an issued document: written from its stored content on first use, then kept.

    Issuing stores the content only (a move stays fast: composing is cheap, writing DOCX is
    not); the file is the same whenever it is written, since it comes from that snapshot.
    """
    if document.file:
        try:
            with document.file.open("rb") as handle:
                return handle.read()
        except FileNotFoundError:
            pass  # written again from the stored content below
    if not document.content:
        raise NotFound(_("Văn bản này chưa có nội dung để tạo tệp."))
    data = _write_content(document.content)
    petition = document.petition
    name = f"{_file_stem(petition.case_number, petition.pk)}-{document.template}-{document.pk}.docx"
    document.file.save(name, ContentFile(data), save=False)
    PetitionDocument.objects.filter(pk=document.pk).update(file=document.file.name)
    return data
