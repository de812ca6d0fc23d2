"""One register row -> the checked values of a petition, or the row's problems.

The petitions domain rules apply as at intake: `petition_input_check` (kinds, channels, dates,
content, people, forwarded petitions, PAKN codes) and the area resolution of `petition_register`
(a code is the unit in force on the received date, mapped to today's unit; a split unit asks
for a choice). A register adds its own words: kinds, channels, topics and results written in
Vietnamese (`columns`), area names (matched folded within the organisation's province), dates
as text. Each problem names the row, the column (as headed in the file) and what is wrong.

Where the row lands (status) follows its "Kết quả xử lý" (see docs/petitions-import.md):
nothing -> received (open, the triage deadline runs); transfer / guide / answer / file /
ineligible -> closed with that outcome; resolved -> closed (outcome accept); accepted -> closed
as resolved unless the import keeps accepted cases open; withdrawn -> withdrawn.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from danvan.core.errors import ValidationFailed
from danvan.core.models import AdminUnit, Organization, UnitLevel
from danvan.core.selectors.units import admin_unit_current_successors, admin_unit_lineage_ids
from danvan.petitions.imports import columns as cols
from danvan.petitions.imports.reader import BadDate, cell_text, parse_date
from danvan.petitions.inputs import PersonInput, PetitionInput
from danvan.petitions.states import FORWARDED_CHANNELS, Channel, Kind, Outcome, Status
from danvan.text import fold
from danvan.text.normalize import normalize

ERROR, WARNING = "error", "warning"
_SPLIT = re.compile(r"\s*[;\n]+\s*")
_TYPE_WORDS = (
    ("thanh pho", "thanh_pho"),
    ("thi tran", "thi_tran"),
    ("dac khu", "dac_khu"),
    ("thi xa", ""),
    ("phuong", "phuong"),
    ("xa", "xa"),
    ("tinh", "tinh"),
    ("tp", "thanh_pho"),
    ("huyen", "huyen"),
    ("quan", ""),
)
_CODE_LEAD = re.compile(r"^(\d{1,5})(?!\d)")
_CODE_PAREN = re.compile(r"\((\d{2}|\d{5})\)")


@dataclass
class Problem:
    row: int
    column: str
    problem: str
    level: str = ERROR

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "problem": self.problem,
            "level": self.level,
        }


def problem_line(p: dict[str, Any]) -> str:
    """ "Dòng 12, cột «Ngày nhận»: «31/02/2024» không phải là ngày hợp lệ ..." """
    if p.get("column"):
        return _("Dòng {row}, cột «{column}»: {problem}").format(
            row=p["row"], column=p["column"], problem=p["problem"]
        )
    return _("Dòng {row}: {problem}").format(row=p["row"], problem=p["problem"])


@dataclass
class GoodRow:
    """A checked row, ready to be written (numbers and ids are given by the writer)."""

    row: int
    key: str  # Petition.source_ref
    case_number_given: str
    petition: dict[str, Any]
    people: list[PersonInput]
    protected: bool  # a denunciation: the people go to the vault, never to Petitioner
    final_on: dt.date | None  # the day of the recorded result (None: still received)
    note: str = ""
    warnings: list[Problem] = field(default_factory=list)


def short(value: str, limit: int = 60) -> str:
    value = " ".join(str(value).split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _clean(value: str, limit: int) -> str:
    return normalize((value or "").strip())[:limit]


def row_key(*, org_code: str, received: dt.date, names: str, content: str) -> str:
    """The source key of a register row: the same petition gives the same key in any export
    of any register (the row number and the layout do not count). The content is the checked
    one (normalised: NFC, modern tone marks), compared in lower case with single spaces; the
    names are folded. A denunciation is keyed without its sender (`names` = ""), so no hash of
    a denouncer's name is ever stored."""
    material = "\x1f".join(
        [
            org_code,
            received.isoformat(),
            " ".join(fold(names).split()),
            " ".join(content.lower().split()),
        ]
    )
    return "xlsx:" + hashlib.sha256(material.encode("utf-8")).hexdigest()


def _type_and_name(text: str) -> tuple[str, str]:
    key = cols.header_key(text)
    for word, unit_type in _TYPE_WORDS:
        if key.startswith(word + " "):
            return unit_type or "*", key[len(word) + 1 :].strip()
    return "", key


def _written_name(text: str) -> str:
    """A unit name as written (lower case, diacritics kept), without its type word."""
    words = normalize(text).lower().split()
    folded = [fold(w) for w in words]
    for word, _unit_type in _TYPE_WORDS:
        head = word.split()
        if folded[: len(head)] == head and len(words) > len(head):
            return " ".join(words[len(head) :])
    return " ".join(words)


class AreaError(Exception):
    pass


class AreaResolver:
    """Area cells -> (unit in force today, unit as given): a code anywhere in the country, or a
    name within the organisation's province; empty -> the organisation's own area."""

    def __init__(self, org: Organization, today: dt.date) -> None:
        self.org = org
        self.today = today
        area = org.area
        self.default: AdminUnit | None = area
        province = area
        if area is not None and area.level != UnitLevel.PROVINCE and area.parent is not None:
            province = area.parent
        self.province = province
        self.by_name: dict[str, list[AdminUnit]] = {}
        self.versions: dict[str, list[AdminUnit]] = {}
        self.current: dict[int, tuple[AdminUnit, AdminUnit | None] | str] = {}
        if province is not None:
            lineage = admin_unit_lineage_ids(province)
            for unit in AdminUnit.objects.filter(Q(pk__in=lineage) | Q(parent_id__in=lineage)):
                names = {_type_and_name(unit.full_name)[1], _type_and_name(unit.name)[1]}
                for name in names - {""}:
                    self.by_name.setdefault(name, []).append(unit)

    def _versions_of(self, code: str) -> list[AdminUnit]:
        if code not in self.versions:
            self.versions[code] = list(
                AdminUnit.objects.filter(code=code).order_by("-valid_from")[:20]
            )
        return self.versions[code]

    def _to_current(self, unit: AdminUnit) -> tuple[AdminUnit, AdminUnit | None]:
        cached = self.current.get(unit.pk)
        if cached is None:
            if unit.in_force_on(self.today):
                cached = (unit, None)
            else:
                successors = admin_unit_current_successors(unit, as_of=self.today)
                if len(successors) == 1:
                    cached = (successors[0], unit)
                elif successors:
                    names = ", ".join(f"{u.code} {u.name}" for u in successors[:6])
                    cached = _(
                        "Đơn vị «{name}» đã được chia cho nhiều đơn vị mới ({names}): ghi mã "
                        "đơn vị mới."
                    ).format(name=unit.full_name, names=names)
                else:
                    cached = _(
                        "Đơn vị «{name}» không còn hiệu lực và không rõ đơn vị kế thừa: ghi mã "
                        "đơn vị hiện nay."
                    ).format(name=unit.full_name)
            self.current[unit.pk] = cached
        if isinstance(cached, str):
            raise AreaError(cached)
        return cached

    def by_code(self, code: str, on: dt.date) -> tuple[AdminUnit, AdminUnit | None]:
        code = code.zfill(2) if len(code) <= 2 else code.zfill(5)
        for unit in self._versions_of(code):
            if unit.in_force_on(on):
                return self._to_current(unit)
        raise AreaError(
            _("Không có đơn vị hành chính mã «{code}» có hiệu lực vào ngày nhận đơn {day}.").format(
                code=code, day=on.strftime("%d/%m/%Y")
            )
        )

    def _named(self, unit_type: str, name: str, on: dt.date) -> list[AdminUnit]:
        units = self.by_name.get(name, [])
        if unit_type and unit_type != "*":
            typed = [u for u in units if u.unit_type == unit_type]
            units = typed or units
        dated = [u for u in units if u.in_force_on(on)]
        return dated or [u for u in units if u.in_force_on(self.today)]

    def resolve(self, text: str, on: dt.date) -> tuple[AdminUnit, AdminUnit | None]:
        text = text.strip()
        if not text:
            if self.default is None:
                raise AreaError(_("chưa ghi địa bàn (mã hoặc tên xã, tỉnh)."))
            return self._to_current(self.default)
        match = _CODE_LEAD.match(text) or _CODE_PAREN.search(text)
        if match:
            return self.by_code(match.group(1), on)
        parts = [p for p in re.split(r"\s*[,;–-]\s*", text) if p.strip()]
        typed = [(*_type_and_name(p), p) for p in parts]
        # Parts that say what they are ("xã An") first, then the others; the first that
        # names a unit of the province decides.
        ordered = [t for t in typed if t[0]] + [t for t in typed if not t[0]]
        for unit_type, name, raw_part in ordered:
            units = self._named(unit_type, name, on)
            if not units:
                continue
            resolved = {self._to_current(u)[0].pk: u for u in units}
            if len(resolved) > 1:
                # Folded, "Thanh An" and "Thạnh An" are one name: the diacritics written
                # in the cell decide when they match exactly one of them.
                written = _written_name(raw_part)
                exact = [
                    u
                    for u in resolved.values()
                    if written in (_written_name(u.name), _written_name(u.full_name))
                ]
                if len(exact) == 1:
                    return self._to_current(exact[0])
                names = ", ".join(
                    f"{u.code} {u.full_name}"
                    for u in sorted(resolved.values(), key=lambda u: u.code)[:6]
                )
                raise AreaError(
                    _("«{text}» khớp nhiều đơn vị hành chính ({names}): ghi mã đơn vị.").format(
                        text=short(text), names=names
                    )
                )
            return self._to_current(units[0])
        where = self.province.full_name if self.province is not None else ""
        raise AreaError(
            _("Không tìm thấy đơn vị hành chính «{text}» trong {where}: ghi mã đơn vị.").format(
                text=short(text), where=where
            )
        )


# Which register column a field of `petition_input_check` belongs to.
_INPUT_FIELDS = {
    "kind": "kind",
    "channel": "channel",
    "received_on": "received_on",
    "content": "content",
    "topic": "topic",
    "secondary_topics": "topic",
    "petitioners": "full_name",
    "forwarder": "forwarder",
    "pakn_code": "pakn_code",
    "complaint_round": "kind",
    "signer_count": "full_name",
}


def _input_field(name: str) -> str:
    if name.startswith("petitioners."):
        last = name.rsplit(".", 1)[-1]
        return {"full_name": "full_name", "id_number": "id_number", "phone": "phone"}.get(
            last, "full_name"
        )
    return _INPUT_FIELDS.get(name, "")


def _id_number(value: Any) -> str:
    """A CCCD as text; a number cell lost its leading zero (044... -> 44...): put it back."""
    text = cell_text(value).replace(" ", "").replace(".", "")
    if isinstance(value, int | float) and text.isdigit() and len(text) in (8, 11):
        text = text.zfill(len(text) + 1)
    return text


def _parts(text: str) -> list[str]:
    return [p for p in _SPLIT.split(text) if p.strip()]


class RowChecker:
    """Checks rows of one register for one organisation, with one column layout."""

    def __init__(
        self,
        *,
        org: Organization,
        columns: Sequence[cols.Column],
        today: dt.date,
        keep_accepted_open: bool = False,
        actor_id: int | None = None,
    ) -> None:
        self.org = org
        self.columns = list(columns)
        self.mapped = {c.field: c for c in self.columns if c.field}
        self.today = today
        self.keep_accepted_open = keep_accepted_open
        self.actor_id = actor_id
        self.areas = AreaResolver(org, today)
        self._used = [c.index for c in self.columns if c.field and c.field != "stt"]

    def column_name(self, field_code: str) -> str:
        column = self.mapped.get(field_code)
        if column is not None:
            return column.header or column.letter
        return str(cols.FIELD_LABELS.get(field_code, field_code))

    def is_blank(self, values: Sequence[Any]) -> bool:
        return all(i >= len(values) or cell_text(values[i]) == "" for i in self._used)

    def check(self, number: int, values: Sequence[Any]) -> tuple[GoodRow | None, list[Problem]]:
        """The checked row, or None and its problems (warnings do not stop a row)."""
        problems: list[Problem] = []
        reported: set[str] = set()

        def raw(code: str) -> Any:
            column = self.mapped.get(code)
            if column is None or column.index >= len(values):
                return None
            return values[column.index]

        def text(code: str) -> str:
            return cell_text(raw(code))

        def bad(code: str, message: str, level: str = ERROR) -> None:
            problems.append(Problem(number, self.column_name(code), message, level))
            if level == ERROR:
                reported.add(code)

        def date_of(code: str) -> dt.date | None:
            try:
                return parse_date(raw(code))
            except BadDate as exc:
                bad(
                    code,
                    _("«{value}» không phải là ngày hợp lệ (ghi ngày/tháng/năm).").format(
                        value=short(str(exc))
                    ),
                )
                return None

        received = date_of("received_on")
        if received is None and "received_on" not in reported:
            bad("received_on", _("chưa có ngày nhận đơn."))
        content = text("content") or text("summary")
        summary = text("summary") if text("content") else ""

        names_text = text("full_name")
        names = _parts(names_text)
        anonymous = not names or cols.header_key(names_text) in cols.ANONYMOUS_WORDS
        if anonymous:
            names = []
        ids = [_id_number(raw("id_number"))] if len(names) <= 1 else _parts(text("id_number"))
        addresses = _parts(text("address")) if len(names) > 1 else [text("address")]
        phones = _parts(text("phone")) if len(names) > 1 else [text("phone")]
        if len(addresses) != len(names):
            addresses = [text("address")] + [""] * max(len(names) - 1, 0)

        def nth(items: list[str], i: int) -> str:
            return items[i] if i < len(items) else ""

        people = [
            PersonInput(
                full_name=name,
                id_number=nth(ids, i),
                address=nth(addresses, i),
                phone=nth(phones, i),
            )
            for i, name in enumerate(names)
        ]

        kind_text = text("kind")
        kind = cols.kind_from_text(kind_text) if kind_text else cols.kind_from_content(content)
        if not kind:
            if kind_text:
                bad(
                    "kind",
                    _(
                        "«{value}» không phải là loại đơn đã biết: ghi khiếu nại, tố cáo, kiến "
                        "nghị, phản ánh hoặc đơn có nhiều nội dung."
                    ).format(value=short(kind_text)),
                )
            else:
                bad(
                    "kind",
                    _(
                        "chưa có phân loại đơn và nội dung không cho biết loại đơn: ghi khiếu "
                        "nại, tố cáo, kiến nghị hoặc phản ánh."
                    ),
                )

        topic_text = text("topic")
        topic = cols.topic_from_text(topic_text) if topic_text else ""
        if topic_text and not topic:
            bad(
                "topic",
                _(
                    "«{value}» không có trong danh mục lĩnh vực: đơn được xếp vào lĩnh vực «Khác»."
                ).format(value=short(topic_text)),
                WARNING,
            )
        topic = topic or "khac"

        channel_text = text("channel")
        forwarder = text("forwarder")
        if channel_text:
            channel = cols.channel_from_text(channel_text)
            if not channel:
                bad(
                    "channel",
                    _(
                        "«{value}» không phải là nguồn đơn đã biết: ghi bưu chính, trực tiếp, "
                        "hòm thư, trực tuyến, PAKN, hoặc nơi chuyển đơn (đại biểu, Mặt trận, báo "
                        "chí, cơ quan khác)."
                    ).format(value=short(channel_text)),
                )
        else:
            channel = cols.forwarded_channel_for(forwarder) if forwarder else Channel.POST
        if channel in FORWARDED_CHANNELS and not forwarder:
            forwarder = channel_text  # "Đoàn ĐBQH tỉnh chuyển đến" names the forwarder itself

        outcome_text = text("outcome")
        outcome = cols.outcome_from_text(outcome_text) if outcome_text else ""
        if outcome_text and not outcome:
            bad(
                "outcome",
                _(
                    "«{value}» không phải là kết quả xử lý đã biết: ghi thụ lý, chuyển đơn, "
                    "hướng dẫn, trả lời, lưu đơn, không thụ lý, rút đơn hoặc đã giải quyết."
                ).format(value=short(outcome_text)),
            )
        handled = date_of("handled_on")
        if handled is not None and received is not None:
            if handled < received:
                bad(
                    "handled_on",
                    _("ngày xử lý {handled} trước ngày nhận đơn {received}.").format(
                        handled=handled.strftime("%d/%m/%Y"), received=received.strftime("%d/%m/%Y")
                    ),
                )
            elif handled > self.today:
                bad("handled_on", _("ngày xử lý không được sau hôm nay."))

        area = area_given = None
        try:
            area, area_given = self.areas.resolve(text("area"), received or self.today)
        except AreaError as exc:
            bad("area", str(exc))

        data = PetitionInput(
            kind=kind or "",
            channel=channel or "",
            received_on=received,  # type: ignore[arg-type]  # None is reported by the check
            content=content,
            area_code=area.code if area is not None else "",
            petitioners=people,
            anonymous=anonymous,
            topic=topic,
            respondent=text("respondent"),
            summary=summary,
            forwarder=forwarder,
            forwarder_reference=text("forwarder_reference"),
            pakn_code=text("pakn_code"),
        )
        from danvan.petitions.services.intake import petition_input_check

        checked: dict[str, Any] = {}
        try:
            checked = petition_input_check(data)
        except ValidationFailed as exc:
            for name, message in (exc.fields or {"": exc.message}).items():
                code = _input_field(name)
                if code in reported:
                    continue
                bad(code, message)
            if not exc.fields:
                pass
        if any(p.level == ERROR for p in problems):
            return None, problems
        assert received is not None and area is not None
        return self._good(
            number=number,
            data=data,
            checked=checked,
            received=received,
            area=area,
            area_given=area_given,
            outcome=outcome,
            handled=handled or received,
            note=text("note"),
            case_number=text("case_number"),
            warnings=problems,
        ), problems

    def _good(
        self,
        *,
        number: int,
        data: PetitionInput,
        checked: dict[str, Any],
        received: dt.date,
        area: AdminUnit,
        area_given: AdminUnit | None,
        outcome: str,
        handled: dt.date,
        note: str,
        case_number: str,
        warnings: list[Problem],
    ) -> GoodRow:
        protected = data.kind == Kind.DENUNCIATION
        people: list[PersonInput] = checked["people"]
        names = "" if protected else ";".join(p.full_name for p in people)
        note = _clean(note, 4000)
        p: dict[str, Any] = {
            "organization_id": self.org.pk,
            "year": received.year,
            "kind": data.kind,
            "channel": data.channel,
            "forwarder": _clean(data.forwarder, 250),
            "forwarder_reference": _clean(data.forwarder_reference, 100),
            "pakn_code": _clean(data.pakn_code, 60),
            "received_on": received,
            "registered_by_id": self.actor_id,
            "summary": _clean(data.summary, 500),
            "content": checked["content"],
            "requests": "",
            "respondent": _clean(data.respondent, 500),
            "topic": checked["topic"],
            "secondary_topics": [],
            "area_id": area.pk,
            "area_given_id": area_given.pk if area_given is not None else None,
            "remote": bool(area.remote),
            "anonymous": bool(data.anonymous),
            "signer_count": checked["signers"],
            "complaint_round": 1,
            "pseudonym": secrets.token_hex(2).upper() if protected else "",
            "status": Status.RECEIVED,
        }
        final_on: dt.date | None = handled
        if outcome == cols.ACCEPTED and self.keep_accepted_open:
            p.update(
                status=Status.ACCEPTED,
                triage_outcome=Outcome.ACCEPT,
                triaged_on=handled,
                accepted_on=handled,
            )
        elif outcome in (cols.ACCEPTED, cols.RESOLVED):
            p.update(
                status=Status.CLOSED,
                triage_outcome=Outcome.ACCEPT,
                triaged_on=handled,
                accepted_on=handled,
                resolved_on=handled,
                closed_on=handled,
                result_summary=note,
            )
        elif outcome == cols.WITHDRAWN:
            p.update(status=Status.WITHDRAWN, withdrawn_on=handled, result_summary=note)
        elif outcome:
            p.update(
                status=Status.CLOSED,
                triage_outcome=outcome,
                triaged_on=handled,
                closed_on=handled,
                result_summary=note,
            )
        else:
            final_on = None
        if p["status"] == Status.CLOSED and p["channel"] in FORWARDED_CHANNELS:
            # The register records a finished handling: the forwarder was told then.
            p["reported_back_on"] = handled
        p["source_ref"] = row_key(
            org_code=self.org.code, received=received, names=names, content=p["content"]
        )
        return GoodRow(
            row=number,
            key=p["source_ref"],
            case_number_given=case_number.strip(),
            petition=p,
            people=people,
            protected=protected,
            final_on=final_on,
            note=note,
            warnings=warnings,
        )
