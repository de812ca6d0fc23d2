"""The petitions side of the citizen portal: online registration, the public answer, the
public status behind a tracking code, the citizen's rating, and anonymisation when the
retention period ends (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15).

- `petition_submit_online`: a petition sent by a citizen on the portal, registered with no
  user actor (audited as the system with the marker `via: portal`), channel `online`, waiting in
  the receiving organisation's inbox (`inbox_pending`) until an officer takes it. Reuses the
  intake's checks and case creation (`services.intake`): a denouncer's identity and files go to
  the vault exactly as `petition_register` does.
- `petition_public_answer_set`: the answer an officer publishes for the citizen (handler only).
- `petition_public_status`: the only read the portal makes of a petition, by tracking code: a
  plain record holding the kind, dates, receiving organisation, a public status, a timeline
  built from this case's own events, its open legal deadlines and the public answer — never a
  person, an officer, an internal note or anything of another case. It lives here, beside the
  writes it mirrors, so the portal never touches petition rows itself.
- `petition_portal_rate`: the citizen's rating, once, through `petition_satisfaction_record`.
- `petition_anonymise`, `petition_retention_due`: the retention policy of petitions
  (registered with `core.services.retention` in `PetitionsConfig.ready()`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core.errors import Conflict, NotFound, ValidationFailed
from danvan.core.models import Organization
from danvan.core.services.audit import audit_record
from danvan.core.services.retention import retention_cutoff, retention_until
from danvan.petitions.attachments import attachments_check
from danvan.petitions.inputs import FileInput, PetitionInput
from danvan.petitions.models import Petition, PetitionEvent
from danvan.petitions.services.common import event_add, require_handler, today, version_bump
from danvan.petitions.states import (
    TERMINAL,
    Channel,
    Kind,
    Outcome,
    SatisfactionChannel,
    Status,
)
from danvan.text.normalize import normalize

logger = logging.getLogger(__name__)

# The kinds a citizen may send on the portal (a mixed petition is split by the citizen).
PORTAL_KINDS: tuple[str, ...] = (Kind.PROPOSAL, Kind.REPORT, Kind.COMPLAINT, Kind.DENUNCIATION)
PORTAL_ACTOR_LABEL = "Cổng công dân"
PUBLIC_ANSWER_MIN = 10
PUBLIC_ANSWER_MAX = 8000
RETENTION_TYPE = "petitions.petition"
ANONYMISED_NAME = "[đã ẩn danh]"
TRACKING_CODE = re.compile(r"^[A-Z0-9]{12}$")


# --- Registration -----------------------------------------------------------------------------


def petition_submit_online(
    *,
    data: PetitionInput,
    files: Sequence[FileInput] = (),
    organization: Organization,
    source_ref: str | None = None,
) -> Petition:
    """Register a petition a citizen sent on the portal, in `organization`'s inbox.

    The same checks and case creation as `petition_register`, but no user acts: the channel is
    `online`, the received date today, `registered_by` empty, the audit actor the system with
    `via: portal`, and the case waits in the organisation's inbox (`inbox_pending`).
    `source_ref` ("portal:<submission id>") keys the case to the portal's record.
    """
    from danvan.petitions.services.intake import (
        _area_for,
        _issue_receipt,
        _petition_create,
        petition_input_check,
    )

    if data.kind not in PORTAL_KINDS:
        message = _("Chọn loại ý kiến: kiến nghị, phản ánh, khiếu nại hoặc tố cáo.")
        raise ValidationFailed(message, fields={"kind": message})
    if not organization.is_active:
        message = _("Cơ quan tiếp nhận đã ngừng hoạt động; chọn lại địa bàn.")
        raise ValidationFailed(message, fields={"organization": message})
    data = replace(
        data,
        channel=Channel.ONLINE,
        received_on=today(),
        organization_id=organization.pk,
        duplicate_of_id=None,
        forwarder="",
        forwarder_reference="",
        pakn_code="",
    )
    checked = petition_input_check(data)
    area, area_given = _area_for(data.area_code, data.received_on)
    checked_files = attachments_check(files)
    with transaction.atomic():
        petition = _petition_create(
            actor=None,
            org=organization,
            data=data,
            content=checked["content"],
            topic=checked["topic"],
            secondary=checked["secondary"],
            people=checked["people"],
            signers=checked["signers"],
            area=area,
            area_given=area_given,
            files=checked_files,
            inbox_pending=True,
        )
        if source_ref:
            Petition.objects.filter(pk=petition.pk).update(source_ref=source_ref[:80])
            petition.source_ref = source_ref[:80]
        event = event_add(
            petition,
            actor=None,
            verb="registered",
            on=petition.received_on,
            to_status=Status.RECEIVED,
            data={"channel": petition.channel, "via": "portal"},
        )
        PetitionEvent.objects.filter(pk=event.pk).update(actor_label=PORTAL_ACTOR_LABEL)
        audit_record(
            actor=None,
            verb="petition.register",
            target=petition,
            changes={
                "kind": (None, petition.kind),
                "channel": (None, petition.channel),
                "organization": (None, organization.code),
                "area": (None, area.code),
                "received_on": (None, petition.received_on),
                "via": (None, "portal"),
            },
        )
        _issue_receipt(petition, None)
    return petition


# --- The public answer ------------------------------------------------------------------------


def petition_public_answer_set(
    *, petition: Petition, actor: Any, text: str, expected_version: int
) -> Petition:
    """Write (or rewrite) the answer the citizen reads on the portal with the tracking code.

    Audited with the text's SHA-256 only: the text may name the citizen and the audit log,
    append-only, is never anonymised.
    """
    require_handler(actor, petition)
    text = normalize((text or "").strip())
    if len(text) < PUBLIC_ANSWER_MIN:
        message = _("Nhập nội dung trả lời công dân (ít nhất 10 ký tự).")
        raise ValidationFailed(message, fields={"text": message})
    if len(text) > PUBLIC_ANSWER_MAX:
        message = _("Nội dung trả lời dài quá 8.000 ký tự: tóm tắt và gửi văn bản đầy đủ.")
        raise ValidationFailed(message, fields={"text": message})
    old = petition.public_answer or ""
    if text == old:
        return petition
    day = today()
    with transaction.atomic():
        version_bump(petition, expected_version, public_answer=text, public_answer_on=day)
        event_add(
            petition,
            actor=actor,
            verb="public_answer",
            on=day,
            data={"length": len(text), "first": not old},
        )
        audit_record(
            actor=actor,
            verb="petition.public_answer",
            target=petition,
            changes={
                "public_answer": (_digest(old), _digest(text)),
                "public_answer_on": (petition.public_answer_on if old else None, day),
            },
        )
    petition.refresh_from_db()
    return petition


def _digest(text: str) -> str | None:
    return hashlib.sha256(text.encode("utf-8")).hexdigest() if text else None


# --- The public status ------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicStep:
    on: dt.date
    label: str


@dataclass(frozen=True)
class PublicDeadline:
    label: str
    due: dt.date | None
    paused: bool
    citation: str


@dataclass(frozen=True)
class PublicStatus:
    """What a citizen holding the tracking code may read: nothing about any person."""

    tracking_code: str
    kind: str
    kind_label: str
    received_on: dt.date
    organization: str
    status: str
    status_label: str
    steps: list[PublicStep] = field(default_factory=list)
    deadlines: list[PublicDeadline] = field(default_factory=list)
    public_answer: str = ""
    public_answer_on: dt.date | None = None
    can_rate: bool = False
    rated: bool = False
    rating: str = ""
    rating_label: str = ""


PUBLIC_STATUS_LABELS: dict[str, Any] = {
    "submitted": gettext_lazy("Đã gửi, chờ cơ quan tiếp nhận"),
    "received": gettext_lazy("Đã tiếp nhận, đang xem xét đơn"),
    "accepting": gettext_lazy("Đang xem xét thụ lý giải quyết"),
    "in_progress": gettext_lazy("Đang giải quyết"),
    "suspended": gettext_lazy("Tạm đình chỉ giải quyết"),
    "transferred": gettext_lazy("Đã chuyển đến cơ quan có thẩm quyền"),
    "guided": gettext_lazy("Đã hướng dẫn người gửi"),
    "answered": gettext_lazy("Đã trả lời"),
    "filed": gettext_lazy("Đã lưu đơn, không xử lý tiếp"),
    "ineligible": gettext_lazy("Không đủ điều kiện xử lý"),
    "resolved": gettext_lazy("Đã có kết quả giải quyết"),
    "closed": gettext_lazy("Đã kết thúc"),
    "withdrawn": gettext_lazy("Đã rút đơn"),
}

_OUTCOME_STATUS: dict[str, str] = {
    Outcome.ACCEPT: "accepting",
    Outcome.TRANSFER: "transferred",
    Outcome.GUIDE: "guided",
    Outcome.ANSWER: "answered",
    Outcome.FILE: "filed",
    Outcome.INELIGIBLE: "ineligible",
}

_STEP_LABELS: dict[str, Any] = {
    "registered": gettext_lazy("Cơ quan nhận được đơn"),
    "registered_online": gettext_lazy("Đơn được gửi qua Cổng công dân"),
    "inbox_acknowledged": gettext_lazy("Cán bộ tiếp nhận đơn"),
    Status.TRIAGED: gettext_lazy("Đơn đã được xem xét, phân loại"),
    Status.ACCEPTED: gettext_lazy("Thụ lý giải quyết"),
    Status.VERIFYING: gettext_lazy("Xác minh nội dung"),
    Status.SUSPENDED: gettext_lazy("Tạm đình chỉ giải quyết"),
    Status.RESOLVED: gettext_lazy("Có kết quả giải quyết"),
    Status.CLOSED: gettext_lazy("Kết thúc hồ sơ"),
    Status.WITHDRAWN: gettext_lazy("Người gửi rút đơn"),
    "public_answer": gettext_lazy("Cơ quan trả lời trên Cổng công dân"),
}

_OUTCOME_STEPS: dict[str, Any] = {
    Outcome.ACCEPT: gettext_lazy("đề xuất thụ lý giải quyết"),
    Outcome.TRANSFER: gettext_lazy("chuyển đến cơ quan có thẩm quyền giải quyết"),
    Outcome.GUIDE: gettext_lazy("hướng dẫn người gửi đến nơi có thẩm quyền"),
    Outcome.ANSWER: gettext_lazy("trả lời người gửi"),
    Outcome.FILE: gettext_lazy("lưu đơn"),
    Outcome.INELIGIBLE: gettext_lazy("không đủ điều kiện xử lý"),
}

# Deadline kinds the citizen is told about (internal ones, such as reporting back to a
# forwarder or a coordinating agency's part, are not theirs).
_DEADLINE_LABELS: dict[str, Any] = {
    "petition.triage": gettext_lazy("Xem xét, phân loại và xử lý đơn"),
    "petition.accept": gettext_lazy("Quyết định thụ lý hoặc không thụ lý khiếu nại"),
    "petition.resolve": gettext_lazy("Giải quyết"),
    "petition.send_decision": gettext_lazy("Gửi quyết định, kết luận cho người gửi"),
}


def tracking_code_normalise(code: str) -> str:
    """The stored form `ABCD-EFGH-JKMN` of a typed code (spaces, dashes, case ignored), or ""."""
    raw = re.sub(r"[\s\-_.]", "", str(code or "")).upper()[:40]
    if not TRACKING_CODE.match(raw):
        return ""
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _petition_by_code(tracking_code: str) -> Petition | None:
    code = tracking_code_normalise(tracking_code)
    if not code:
        return None
    return Petition.objects.select_related("organization").filter(tracking_code=code).first()


def _public_status_code(petition: Petition) -> str:
    status = petition.status
    if status == Status.TRIAGED:
        return _OUTCOME_STATUS.get(petition.triage_outcome, "received")
    if status in (Status.ACCEPTED, Status.VERIFYING):
        return "in_progress"
    if status == Status.RECEIVED:
        return "submitted" if petition.inbox_pending else "received"
    return str(status)


def _steps(petition: Petition) -> list[PublicStep]:
    steps: list[PublicStep] = []
    events = PetitionEvent.objects.filter(petition_id=petition.pk).order_by("on", "at", "id")
    for event in events.only("verb", "on", "to_status", "data"):
        label: Any = None
        if event.verb == "registered":
            online = (event.data or {}).get("via") == "portal"
            label = _STEP_LABELS["registered_online" if online else "registered"]
        elif event.verb == "inbox_acknowledged":
            label = _STEP_LABELS["inbox_acknowledged"]
        elif event.verb == "transition" and event.to_status in _STEP_LABELS:
            label = _STEP_LABELS[event.to_status]
            if event.to_status == Status.TRIAGED and petition.triage_outcome in _OUTCOME_STEPS:
                label = f"{label}: {_OUTCOME_STEPS[petition.triage_outcome]}"
        if label is not None:
            steps.append(PublicStep(on=event.on, label=str(label)))
    if petition.public_answer and petition.public_answer_on:
        steps.append(
            PublicStep(on=petition.public_answer_on, label=str(_STEP_LABELS["public_answer"]))
        )
    return sorted(steps, key=lambda s: s.on)


def _deadlines(petition: Petition) -> list[PublicDeadline]:
    from danvan.core.models import DeadlineRule
    from danvan.petitions.selectors import petition_deadlines

    rows = []
    for obligation in petition_deadlines(petition=petition):
        if obligation.status not in ("open", "paused") or obligation.kind not in _DEADLINE_LABELS:
            continue
        rule = (
            DeadlineRule.objects.filter(
                rule_id=obligation.rule_id, valid_from__lte=obligation.started_on
            )
            .order_by("-valid_from")
            .only("citation")
            .first()
        )
        rows.append(
            PublicDeadline(
                label=str(_DEADLINE_LABELS[obligation.kind]),
                due=obligation.due,
                paused=obligation.status == "paused",
                citation=rule.citation if rule is not None else "",
            )
        )
    return rows


def petition_public_status(*, tracking_code: str) -> PublicStatus:
    """The public view of the petition with this tracking code; NotFound for any other code.

    The same NotFound whatever the reason (malformed, unknown), so the answer tells nothing
    about which codes exist.
    """
    petition = _petition_by_code(tracking_code)
    if petition is None:
        raise NotFound(
            _("Không tìm thấy đơn với mã tra cứu này. Kiểm tra lại mã trên giấy biên nhận.")
        )
    code = _public_status_code(petition)
    rated = petition.satisfaction_channel == SatisfactionChannel.PORTAL and bool(
        petition.satisfaction
    )
    return PublicStatus(
        tracking_code=petition.tracking_code,
        kind=petition.kind,
        kind_label=str(Kind(petition.kind).label),
        received_on=petition.received_on,
        organization=petition.organization.name,
        status=code,
        status_label=str(PUBLIC_STATUS_LABELS[code]),
        steps=_steps(petition),
        deadlines=[] if petition.status in TERMINAL else _deadlines(petition),
        public_answer=petition.public_answer or "",
        public_answer_on=petition.public_answer_on if petition.public_answer else None,
        can_rate=petition_can_rate(petition) and not rated,
        rated=rated,
        rating=petition.satisfaction if rated else "",
        rating_label=petition.get_satisfaction_display() if rated else "",
    )


# --- The citizen's rating ---------------------------------------------------------------------


def petition_can_rate(petition: Petition) -> bool:
    """The case has an outcome the citizen can judge (`petition_satisfaction_record`'s rule)."""
    from danvan.petitions.services.common import satisfaction_open

    return satisfaction_open(petition)


def petition_portal_rate(*, tracking_code: str, satisfaction: str, note: str = "") -> Petition:
    """The citizen's rating of the answer, given once on the portal with the tracking code."""
    from danvan.petitions.services.actions import petition_satisfaction_record

    petition = _petition_by_code(tracking_code)
    if petition is None:
        raise NotFound(
            _("Không tìm thấy đơn với mã tra cứu này. Kiểm tra lại mã trên giấy biên nhận.")
        )
    already = _("Đơn này đã được đánh giá trên Cổng công dân; mỗi đơn chỉ đánh giá một lần.")
    if petition.satisfaction_channel == SatisfactionChannel.PORTAL and petition.satisfaction:
        raise Conflict(already, code="already_rated")
    if not petition_can_rate(petition):
        message = _(
            "Chỉ đánh giá được khi cơ quan đã trả lời, đã có kết quả giải quyết hoặc đã kết thúc"
            " hồ sơ."
        )
        raise ValidationFailed(message, fields={"satisfaction": message})
    try:
        return petition_satisfaction_record(
            petition=petition,
            actor=None,
            satisfaction=satisfaction,
            channel=SatisfactionChannel.PORTAL,
            note=normalize((note or "").strip())[:500],
        )
    except Conflict:
        # Someone changed the case at the same moment: a second rating, or an officer's move.
        fresh = Petition.objects.get(pk=petition.pk)
        if fresh.satisfaction_channel == SatisfactionChannel.PORTAL and fresh.satisfaction:
            raise Conflict(already, code="already_rated") from None
        raise Conflict(_("Hồ sơ vừa được cập nhật; hãy gửi lại đánh giá.")) from None


# --- Retention: anonymisation -----------------------------------------------------------------


def petition_retention_due(today_: dt.date) -> QuerySet[Petition]:
    """Ended cases whose retention period is over and that still hold personal data.

    `retention_until` when it is set; otherwise computed from the day the case ended (closed
    or withdrawn) with the period of `danvan/data/retention.json`.
    """
    cutoff = retention_cutoff(RETENTION_TYPE, today_)
    ended_before = Q(closed_on__lt=cutoff) | Q(closed_on__isnull=True, withdrawn_on__lt=cutoff)
    return (
        Petition.objects.filter(anonymised_on__isnull=True, status__in=sorted(TERMINAL))
        .filter(Q(retention_until__lt=today_) | (Q(retention_until__isnull=True) & ended_before))
        .order_by("id")
    )


def petition_retention_count(today_: dt.date) -> int:
    return petition_retention_due(today_).count()


def petition_retention_anonymise(today_: dt.date, limit: int) -> int:
    done = 0
    for pk in list(petition_retention_due(today_).values_list("pk", flat=True)[:limit]):
        if petition_anonymise(petition=Petition.objects.get(pk=pk), today_=today_):
            done += 1
    return done


def _scrubber(needles: Iterable[str]) -> Callable[[str], str]:
    """Replace every occurrence of the personal strings (case-insensitive), longest first."""
    items = sorted({n.strip() for n in needles if n and len(n.strip()) >= 3}, key=len, reverse=True)
    if not items:
        return lambda text: text
    pattern = re.compile("|".join(re.escape(n) for n in items), re.IGNORECASE)
    return lambda text: pattern.sub(ANONYMISED_NAME, text) if text else text


def _scrub_json(value: Any, scrub: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, list):
        return [_scrub_json(v, scrub) for v in value]
    if isinstance(value, dict):
        return {k: _scrub_json(v, scrub) for k, v in value.items()}
    return value


def _vault_needles(petition: Petition) -> list[str]:
    """The denouncer's strings, to scrub them from the case's text before the vault goes.

    Read without an audited reveal: nothing is shown to anyone, and the entry is destroyed in
    the same transaction. A vault that no configured key opens is destroyed all the same.
    """
    from danvan.petitions import vault
    from danvan.petitions.models import VaultEntry

    entry = VaultEntry.objects.filter(petition_id=petition.pk).first()
    if entry is None:
        return []
    try:
        payload = vault._entry_payload(vault.vault_keyring(), entry)
    except vault.VaultKeyError:
        logger.warning("retention: vault of petition %s could not be opened", petition.pk)
        return []
    needles: list[str] = []
    for person in payload.get("persons", []):
        needles += [str(person.get(k) or "") for k in ("full_name", "id_number", "address")]
        needles += [str(person.get(k) or "") for k in ("phone", "email")]
    return needles


def petition_anonymise(*, petition: Petition, today_: dt.date | None = None) -> bool:
    """Remove the personal data of an ended case; False if it was already done.

    Petitioners' names, ID numbers, addresses, phones and e-mails are replaced, and the same
    strings in the case's text, timeline notes and issued documents; the vault entry is
    destroyed; attachments are deleted (files after the commit); the search text is rebuilt
    without names; `anonymised_on` is set. The audit event names what was removed, never the
    values.
    """
    from danvan.petitions.duplicates import duplicate_index
    from danvan.petitions.models import PetitionDocument, Petitioner, VaultEntry
    from danvan.petitions.search import search_text_for

    day = today_ or today()
    with transaction.atomic():
        p = Petition.objects.select_for_update().get(pk=petition.pk)
        if p.anonymised_on is not None:
            return False
        people = list(p.petitioners.all())
        needles: list[str] = []
        for person in people:
            needles += [person.full_name, person.id_number, person.address, person.phone]
            needles.append(person.email)
        needles += _vault_needles(p)
        scrub = _scrubber(needles)
        Petitioner.objects.filter(petition_id=p.pk).update(
            full_name=ANONYMISED_NAME, search_name="", id_number="", address="", phone="", email=""
        )
        had_vault = VaultEntry.objects.filter(petition_id=p.pk).exists()
        VaultEntry.objects.filter(petition_id=p.pk).delete()
        attachments = list(p.attachments.all())
        files = [str(a.file.name) for a in attachments if a.file]
        p.attachments.all().delete()
        documents = list(PetitionDocument.objects.filter(petition_id=p.pk))
        for document in documents:
            if document.file:
                files.append(str(document.file.name))
            PetitionDocument.objects.filter(pk=document.pk).update(
                content=_scrub_json(document.content, scrub), file=""
            )
        for event in PetitionEvent.objects.filter(petition_id=p.pk).only("reason", "data"):
            reason, data = scrub(event.reason), _scrub_json(event.data, scrub)
            if reason != event.reason or data != event.data:
                PetitionEvent.objects.filter(pk=event.pk).update(reason=reason, data=data)
        values: dict[str, Any] = {
            "content": scrub(p.content),
            "summary": scrub(p.summary),
            "requests": scrub(p.requests),
            "result_summary": scrub(p.result_summary),
            "satisfaction_note": scrub(p.satisfaction_note),
            "public_answer": scrub(p.public_answer) if p.public_answer else p.public_answer,
        }
        values["search_text"] = search_text_for(
            content=values["content"],
            summary=values["summary"],
            case_number=p.case_number,
            names=[],
            respondent=p.respondent,
            requests=values["requests"],
        )
        end = p.closed_on or p.withdrawn_on or day
        Petition.objects.filter(pk=p.pk).update(
            **values,
            anonymised_on=day,
            retention_until=p.retention_until or retention_until(RETENTION_TYPE, end),
            version=F("version") + 1,
        )
        p.content = values["content"]
        duplicate_index(p)
        redacted = ["full_name", "id_number", "address", "phone", "email"]
        audit_record(
            actor=None,
            verb="petition.anonymise",
            target=p,
            changes={
                **{name: ("x", "x") for name in redacted},
                "petitioners": (len(people), len(people)),
                "vault": (had_vault, False),
                "attachments": (len(attachments), 0),
                "anonymised_on": (None, day),
            },
            redact=redacted,
        )

        def _delete_files() -> None:
            from django.core.files.storage import default_storage

            for name in files:
                try:
                    default_storage.delete(name)
                except OSError:
                    logger.warning("retention: could not delete a file of petition %s", p.pk)

        transaction.on_commit(_delete_files)
    return True


__all__ = [
    "PORTAL_KINDS",
    "PublicDeadline",
    "PublicStatus",
    "PublicStep",
    "petition_anonymise",
    "petition_can_rate",
    "petition_portal_rate",
    "petition_public_answer_set",
    "petition_public_status",
    "petition_retention_anonymise",
    "petition_retention_count",
    "petition_retention_due",
    "petition_submit_online",
    "tracking_code_normalise",
]
