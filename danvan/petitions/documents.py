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

from danvan.core.documents import (
    DOTS,
    Block,
    Header,
    Layout,
    document_number_taken,
    header_for,
    lower_first,
    org_abbreviation,
    org_kind,
    write_document,
)
from danvan.core.documents import clean as _clean
from danvan.core.documents import date_value as _date_value
from danvan.core.documents import document_number_next as _core_number_next
from danvan.core.documents import format_number as _format_number
from danvan.core.documents import long_date as long_date
from danvan.core.documents import one_line as _one_line
from danvan.core.documents import place_name as place_name
from danvan.core.documents import short_date as short_date
from danvan.core.documents import tidy as _tidy
from danvan.core.errors import NotFound, ValidationFailed
from danvan.core.services.audit import audit_record
from danvan.petitions.models import ExtensionKind, Petition, PetitionDocument, PetitionEvent
from danvan.petitions.states import FORWARDED_CHANNELS, Channel, Kind, Outcome, Status

DATA_FILE = Path(__file__).parent / "doc_templates" / "templates.json"

ANONYMOUS_LABEL = "Người gửi đơn không ghi tên"
DENOUNCER_LABEL = "Người tố cáo"
SUMMARY_MAX = 400
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


# --- The registry -------------------------------------------------------------------------------


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


def _people(petition: Petition) -> tuple[str, str, str]:
    """(label, in-sentence reference, address) of the sender.

    A denunciation never reads `Petitioner` rows (nor the vault): its sender is the pseudonym.
    """
    if petition.anonymous:
        return ANONYMOUS_LABEL, lower_first(ANONYMOUS_LABEL), ""
    if petition.kind == Kind.DENUNCIATION:
        label = (
            f"{DENOUNCER_LABEL} #{petition.pseudonym}" if petition.pseudonym else DENOUNCER_LABEL
        )
        return label, lower_first(label), ""
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
        return f"{org_kind(org)['prefix']} {org.name}"

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
        return f" ({lower_first(label)})" if label else ""

    def resolved_clause() -> str:
        return f" ngày {short_date(petition.resolved_on)}" if petition.resolved_on else ""

    def duplicate_of() -> str:
        original = petition.duplicate_of
        return original.case_number if original is not None else ""

    def signer_title() -> str:
        return str(extra.get("signer_title") or org_kind(org)["signer"])

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
            return lower_first(str(Channel(petition.channel).label))
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
        header = header_for(org, number=shown_number, issued_on=issued_on, area=petition.area)
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
        return write_document(
            Layout(**layout_data),
            Header(**content["header"]),
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

    One sequence per organisation, year and number symbol across every module
    (`core.documents.document_number_next`; NĐ 30/2020 Đ.15: from 01 each 1 January).
    """
    return _core_number_next(
        organization=petition.organization, symbol=TEMPLATES[template].symbol, issued_on=issued_on
    )


def documents_issued_count(org_id: int, symbol: str, start: dt.date, end: dt.date) -> int:
    """How many petition documents with `symbol` the body issued in [start, end)."""
    codes = [code for code, t in TEMPLATES.items() if t.symbol == symbol]
    return PetitionDocument.objects.filter(
        petition__organization_id=org_id,
        template__in=codes,
        issued_on__gte=start,
        issued_on__lt=end,
    ).count()


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
    otherwise the body's next number (`document_number_next`). A number given by hand that is
    one of the body's own moves its sequence past it (`core.documents.document_number_taken`).
    """
    tpl = _template(template, petition)
    values = dict(extra or {})
    if tpl.signed_by_actor and not values.get("signer_name") and actor is not None:
        values["signer_name"] = getattr(actor, "full_name", "") or ""
    with transaction.atomic():
        number = number.strip()
        if not number and tpl.number_from_decision:
            number = petition.decision_number.strip()
        if number:
            document_number_taken(
                organization=petition.organization,
                symbol=tpl.symbol,
                issued_on=issued_on,
                number=number,
            )
        else:
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
