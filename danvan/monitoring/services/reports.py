"""Writes of the issue reports (vấn đề bức xúc): intake, edits, lifecycle moves, periodic
updates, the escalation to the level above and its answer, links to other records.

Every service checks permission (`monitoring.permissions`) and input first, raising
`core.errors`, then writes inside `transaction.atomic` with its audit entry and the report's
obligations on the overdue board (`monitoring.deadlines`). Edits, moves, periodic updates and
answers are guarded by the report's `version` (`versioned_update`): a page read before someone
else's change is refused with a conflict instead of overwriting it.

After the transaction commits, the early-warning rules (`services.alerts`) and the entity index
(`services.entities`) look at the report's new text and flags; a failure there is logged and
never undoes the report.

Records linked to a report are read through their own module's selectors with the acting user,
so nobody links (or learns of) a petition, a reception visit, a dialogue or a report they may
not see: such a target is answered as not found.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import Min
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from danvan.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from danvan.core.models import AdminUnit, Membership, Organization
from danvan.core.selectors.units import admin_unit_on, admin_unit_territory_ids
from danvan.core.services.audit import audit_record
from danvan.core.services.common import field_error as _fail
from danvan.core.services.common import today as _today
from danvan.core.services.versioning import versioned_update
from danvan.core.topics import topic_codes
from danvan.monitoring import permissions
from danvan.monitoring.deadlines import report_deadlines_sync
from danvan.monitoring.models import IssueLink, IssueReport, IssueUpdate
from danvan.monitoring.states import TRANSITIONS, LinkKind, Severity, Source, Status
from danvan.text.normalize import fold, normalize

logger = logging.getLogger(__name__)

REPORT_TYPE = LinkKind.REPORT.value  # "monitoring.issuereport"
EARLIEST = dt.date(2000, 1, 1)
TITLE_MIN = 5
TITLE_MAX = 300
DESCRIPTION_MIN = 10
TEXT_MAX = 20_000
DETAIL_MAX = 300
NOTE_MAX = 300
REASON_MIN = 3
PEOPLE_MAX = 10_000_000
UPDATE_EVERY_MAX = 365
SECONDARY_MAX = 5
PETITIONS_MAX = 50
LINKS_MAX = 200
ANCESTORS_MAX = 20


# --- Inputs ----------------------------------------------------------------------------------


@dataclass
class ReportInput:
    """A new issue report (filled by the form, the API and the demo)."""

    title: str
    description: str
    source: str
    topic: str
    organization_id: int | None = None  # None: the one organisation the user reports for
    area_id: int | None = None  # or `area_code`; neither: the organisation's own area
    area_code: str = ""
    source_detail: str = ""
    secondary_topics: list[str] = field(default_factory=list)
    flag_ethnic: bool = False
    flag_religious: bool = False
    flag_security: bool = False
    severity: int = Severity.MEDIUM
    people_affected: int = 0
    reported_on: dt.date | None = None  # default today
    update_every_days: int = 7
    assignee_id: int | None = None
    petition_ids: list[int] = field(default_factory=list)  # a cluster of petitions: linked


@dataclass
class ReportChanges:
    """Fields to change on a report; None = leave as it is (`assignee_id=0` clears it)."""

    title: str | None = None
    description: str | None = None
    source: str | None = None
    source_detail: str | None = None
    topic: str | None = None
    secondary_topics: list[str] | None = None
    area_id: int | None = None
    area_code: str | None = None
    flag_ethnic: bool | None = None
    flag_religious: bool | None = None
    flag_security: bool | None = None
    severity: int | None = None
    people_affected: int | None = None
    reported_on: dt.date | None = None
    update_every_days: int | None = None
    assignee_id: int | None = None


@dataclass
class MoveInput:
    """A lifecycle move. `text`: what happened; required as the result for `resolved` and as
    the reason for `unfounded`. `escalated` needs `escalated_to_id` (an organisation above the
    reporting one) and the `recommendation` (kiến nghị, đề xuất)."""

    to: str
    expected_version: int
    text: str = ""
    escalated_to_id: int | None = None
    recommendation: str = ""
    on: dt.date | None = None


# --- Small checks ----------------------------------------------------------------------------


def _fmt(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _text(
    value: Any,
    *,
    field_name: str,
    limit: int,
    minimum: int = 0,
    required: str = "",
    multiline: bool = False,
) -> str:
    text = normalize(str(value or "").strip())
    if not multiline:
        text = " ".join(text.split())
    if required and not text:
        raise _fail(field_name, required)
    if len(text) > limit:
        raise _fail(field_name, _("Dài quá {n} ký tự (hiện có {m}).").format(n=limit, m=len(text)))
    if text and len(text) < minimum:
        raise _fail(field_name, _("Ghi rõ hơn: ít nhất {n} ký tự.").format(n=minimum))
    return text


def _source(code: str) -> str:
    if code not in Source.values:
        raise _fail("source", _("Chọn nguồn thông tin trong danh sách."))
    return code


def _topic(code: str) -> str:
    if code not in topic_codes():
        raise _fail("topic", _("Chọn lĩnh vực trong danh mục lĩnh vực."))
    return code


def _secondary(codes: list[str] | None, main: str) -> list[str]:
    known = set(topic_codes())
    result: list[str] = []
    for raw in codes or []:
        code = str(raw).strip()
        if code not in known:
            raise _fail(
                "secondary_topics",
                _("Lĩnh vực phụ “{code}” không có trong danh mục.").format(code=code[:40]),
            )
        if code != main and code not in result:
            result.append(code)
    if len(result) > SECONDARY_MAX:
        raise _fail(
            "secondary_topics", _("Chọn nhiều nhất {n} lĩnh vực phụ.").format(n=SECONDARY_MAX)
        )
    return result


def _severity(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in Severity.values:
        raise _fail("severity", _("Mức độ là một số từ 1 (thấp) đến 4 (nghiêm trọng)."))
    return int(value)


def _people(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= PEOPLE_MAX:
        raise _fail(
            "people_affected",
            _("Số người bị ảnh hưởng là một số từ 0 đến {n}.").format(n=f"{PEOPLE_MAX:,}"),
        )
    return int(value)


def _period(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= UPDATE_EVERY_MAX:
        raise _fail(
            "update_every_days",
            _(
                "Chu kỳ cập nhật là số ngày từ 1 đến {n} (0: không theo dõi cập nhật định kỳ)."
            ).format(n=UPDATE_EVERY_MAX),
        )
    return int(value)


def _reported_on(day: dt.date | None) -> dt.date:
    day = day or _today()
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        raise _fail("reported_on", _("Nhập ngày nhận thông tin (ngày/tháng/năm)."))
    if day > _today():
        raise _fail("reported_on", _("Ngày nhận thông tin không được sau hôm nay."))
    if day < EARLIEST:
        raise _fail(
            "reported_on",
            _("Ngày nhận thông tin không được trước {day}.").format(day=_fmt(EARLIEST)),
        )
    return day


def _act_date(on: dt.date | None, *, not_before: dt.date | None, label: str) -> dt.date:
    day = on or _today()
    if day > _today():
        raise _fail("on", _("{what} không được sau hôm nay.").format(what=label))
    if not_before is not None and day < not_before:
        raise _fail(
            "on",
            _("{what} không được trước ngày {day}.").format(what=label, day=_fmt(not_before)),
        )
    return day


def _organization_for(actor: Any, organization_id: int | None) -> Organization:
    if organization_id is not None:
        org = (
            Organization.objects.filter(pk=organization_id, is_active=True)
            .select_related("area")
            .first()
        )
        if org is None or not permissions.can_report_at(actor, org):
            raise _fail(
                "organization",
                _("Không có cơ quan này hoặc bạn không được báo cáo thay cơ quan này."),
            )
        return org
    ids = sorted(
        {
            m.organization_id
            for m in Membership.objects.filter(
                user_id=int(getattr(actor, "pk", 0) or 0), role__in=permissions.REPORTER_ROLES
            )
        }
    )
    orgs = list(Organization.objects.filter(pk__in=ids, is_active=True).select_related("area")[:2])
    if not orgs:
        raise PermissionDenied(
            _(
                "Bạn chưa có vai trò cán bộ, lãnh đạo, cấp ủy hoặc Mặt trận ở cơ quan nào nên "
                "chưa báo cáo vấn đề bức xúc được."
            )
        )
    if len(orgs) > 1:
        raise _fail("organization", _("Bạn làm việc ở nhiều cơ quan: chọn cơ quan theo dõi."))
    return orgs[0]


def _area_for(org: Organization, *, area_id: int | None, area_code: str, on: dt.date) -> AdminUnit:
    """The unit named by id or code (default: the organisation's own), in force on `on` and
    inside the organisation's territory."""
    unit: AdminUnit | None
    code = (area_code or "").strip()
    if area_id is not None:
        unit = AdminUnit.objects.select_related("parent").filter(pk=area_id).first()
        if unit is None:
            raise _fail("area", _("Không có đơn vị hành chính này."))
    elif code:
        try:
            unit = admin_unit_on(code=code[:10], on=on)
        except NotFound:
            raise _fail(
                "area",
                _("Không có đơn vị hành chính mã “{code}” có hiệu lực ngày {day}.").format(
                    code=code[:10], day=_fmt(on)
                ),
            ) from None
    else:
        unit = org.area
        if unit is None:
            raise _fail("area", _("Chọn địa bàn (tỉnh hoặc xã, phường) nơi xảy ra vấn đề."))
    if not unit.in_force_on(on):
        raise _fail(
            "area",
            _(
                "{unit} không có hiệu lực vào ngày {day} (đơn vị hành chính đã thay đổi): chọn "
                "đơn vị đang có hiệu lực."
            ).format(unit=unit.full_name, day=_fmt(on)),
        )
    if org.area_id is not None and unit.pk not in admin_unit_territory_ids(int(org.area_id)):
        raise _fail(
            "area",
            _("{unit} nằm ngoài địa bàn của {org}: chọn địa bàn do cơ quan này theo dõi.").format(
                unit=unit.full_name, org=org.name
            ),
        )
    return unit


def _ancestors(org: Organization) -> list[Organization]:
    """The organisations above `org`, nearest first (parent chain; safe on a cycle)."""
    found: list[Organization] = []
    seen = {org.pk}
    parent_id = org.parent_id
    while parent_id is not None and parent_id not in seen and len(found) < ANCESTORS_MAX:
        parent = Organization.objects.filter(pk=parent_id).select_related("area").first()
        if parent is None:
            break
        found.append(parent)
        seen.add(parent.pk)
        parent_id = parent.parent_id
    return found


def escalation_targets(report: IssueReport) -> list[Organization]:
    """The active organisations above the reporting one: where it may escalate."""
    return [o for o in _ancestors(report.organization) if o.is_active]


def _assignee(org: Organization, assignee_id: int | None) -> int | None:
    if not assignee_id:
        return None
    chain = [org.pk, *(o.pk for o in _ancestors(org))]
    ok = Membership.objects.filter(
        user_id=assignee_id,
        user__is_active=True,
        organization_id__in=chain,
        role__in=permissions.REPORTER_ROLES,
    ).exists()
    if not ok:
        raise _fail(
            "assignee",
            _("Cán bộ theo dõi phải là cán bộ của cơ quan theo dõi (hoặc cơ quan cấp trên)."),
        )
    return int(assignee_id)


def _require_worker(actor: Any, report: IssueReport) -> None:
    if not permissions.can_work(actor, report):
        raise PermissionDenied(
            _(
                "Bạn chỉ có quyền xem vấn đề này (cần vai trò cán bộ, lãnh đạo, cấp ủy hoặc Mặt "
                "trận tại cơ quan theo dõi hoặc cấp trên)."
            )
        )


def _conflict() -> Conflict:
    message = _(
        "Vấn đề này vừa được người khác cập nhật: tải lại trang để xem thay đổi rồi thực hiện lại."
    )
    return Conflict(message, fields={"expected_version": message})


def _save_versioned(report: IssueReport, expected_version: int, **values: Any) -> None:
    if expected_version != report.version or not versioned_update(
        report, expected_version=expected_version, **values
    ):
        raise _conflict()


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    return value


def _search_text(title: str, description: str) -> str:
    return fold(f"{title}\n{description}")


def _actor_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


# --- Side effects after commit ---------------------------------------------------------------


def _after_commit(report_id: int) -> None:
    """Queue the alert rules and the entity index for the report, once the write is committed."""

    def run() -> None:
        from danvan.monitoring.services import alerts, entities

        report = (
            IssueReport.objects.select_related("organization", "area").filter(pk=report_id).first()
        )
        if report is None:
            return
        try:
            alerts.alert_rules_check_report(report)
        except Exception:  # an alert failure must not undo nor hide the saved report
            logger.exception("alert rules failed for issue report %s", report_id)
        try:
            entities.entities_index(REPORT_TYPE, report_id, f"{report.title}\n{report.description}")
        except Exception:
            logger.exception("entity index failed for issue report %s", report_id)

    transaction.on_commit(run)


# --- Topic suggestion ------------------------------------------------------------------------


def topic_suggestion(title: str, description: str) -> tuple[str, float | None]:
    """What the classifier suggests for the text: (code, confidence); ("", None) if it failed."""
    from danvan.monitoring.classifier import topic_suggest

    text = f"{title}\n{description}".strip()
    if not text:
        return "", None
    try:
        suggestion = topic_suggest(text)
    except Exception:  # the suggestion is a help: intake never fails because of it
        logger.exception("topic suggestion failed")
        return "", None
    return suggestion.code, float(suggestion.confidence)


def _correction(report: IssueReport, actor: Any) -> None:
    """Keep the officer's choice when it differs from the classifier's suggestion."""
    from danvan.monitoring.services.topics import topic_correction_record

    if not report.topic_suggested or report.topic == report.topic_suggested:
        return
    topic_correction_record(
        text=f"{report.title}\n{report.description}",
        suggested=report.topic_suggested,
        confidence=report.topic_confidence,
        chosen=report.topic,
        target_type=REPORT_TYPE,
        target_id=int(report.pk),
        actor=_actor_or_none(actor),
    )


# --- Links: what the actor may see -----------------------------------------------------------


def link_target_label(actor: Any, target_type: str, target_id: int) -> str:
    """The label of a record the actor may see, or NotFound (outside the scope = missing)."""
    missing = NotFound(
        _("Không tìm thấy hồ sơ này (hoặc bạn không có quyền xem)."),
        fields={"target_id": _("Không tìm thấy hồ sơ này (hoặc bạn không có quyền xem).")},
    )
    try:
        key = int(target_id)
    except (TypeError, ValueError):
        raise missing from None
    if not 1 <= key <= 2**63 - 1:
        raise missing
    if target_type == LinkKind.PETITION:
        from danvan.petitions.selectors import petition_get_or_none

        petition = petition_get_or_none(user=actor, pk=key)
        if petition is None:
            raise missing
        return f"{petition.case_number}: {petition.summary or petition.content[:120]}"
    if target_type == LinkKind.RECEPTION:
        from danvan.reception.selectors import entry_get

        try:
            entry = entry_get(user=actor, pk=key)
        except Http404:
            raise missing from None
        return f"{entry.label}: {entry.content[:120]}"
    if target_type == LinkKind.DIALOGUE:
        from danvan.dialogues.selectors import dialogue_get

        try:
            dialogue = dialogue_get(user=actor, pk=key)
        except Http404:
            raise missing from None
        return dialogue.topic
    if target_type == LinkKind.REPORT:
        from danvan.monitoring.selectors.reports import report_get_or_none

        other = report_get_or_none(user=actor, pk=key)
        if other is None:
            raise missing
        return other.title
    raise _fail("target_type", _("Chọn loại hồ sơ liên quan trong danh sách."))


def _petitions_for(actor: Any, ids: list[int]) -> list[Any]:
    from danvan.petitions.selectors import petition_list

    wanted: list[int] = []
    for raw in ids:
        try:
            key = int(raw)
        except (TypeError, ValueError):
            key = 0
        if not 1 <= key <= 2**63 - 1:
            raise _fail("petitions", _("Mã đơn thư không hợp lệ."))
        if key not in wanted:
            wanted.append(key)
    if len(wanted) > PETITIONS_MAX:
        raise _fail(
            "petitions", _("Gộp nhiều nhất {n} đơn thư vào một vấn đề.").format(n=PETITIONS_MAX)
        )
    found = {p.pk: p for p in petition_list(user=actor).filter(pk__in=wanted)}
    missing = [str(k) for k in wanted if k not in found]
    if missing:
        raise _fail(
            "petitions",
            _("Không tìm thấy đơn thư {ids} (hoặc bạn không có quyền xem).").format(
                ids=", ".join(missing[:10])
            ),
        )
    return [found[k] for k in wanted]


# --- Create and edit -------------------------------------------------------------------------


def report_create(*, actor: Any, data: ReportInput) -> IssueReport:
    """Record a pressing issue (status `new`), with the classifier's topic suggestion kept
    beside the officer's choice, its petitions linked, and its periodic update on the board."""
    org = _organization_for(actor, data.organization_id)
    source = _source(data.source)
    title = _text(
        data.title,
        field_name="title",
        limit=TITLE_MAX,
        minimum=TITLE_MIN,
        required=_("Nhập tiêu đề ngắn gọn của vấn đề."),
    )
    description = _text(
        data.description,
        field_name="description",
        limit=TEXT_MAX,
        minimum=DESCRIPTION_MIN,
        required=_("Nhập nội dung: diễn biến, nguyên nhân, tâm trạng của Nhân dân."),
        multiline=True,
    )
    detail = _text(data.source_detail, field_name="source_detail", limit=DETAIL_MAX)
    topic = _topic(data.topic)
    secondary = _secondary(data.secondary_topics, topic)
    severity = _severity(data.severity)
    people = _people(data.people_affected)
    period = _period(data.update_every_days)
    reported_on = _reported_on(data.reported_on)
    area = _area_for(org, area_id=data.area_id, area_code=data.area_code, on=reported_on)
    assignee_id = _assignee(org, data.assignee_id)
    petitions = _petitions_for(actor, list(data.petition_ids or []))
    if source == Source.PETITIONS and not petitions:
        raise _fail(
            "petitions",
            _(
                "Nguồn “Nhóm đơn thư cùng nội dung” cần ít nhất một đơn thư: chọn các đơn từ "
                "danh sách đơn thư."
            ),
        )
    suggested, confidence = topic_suggestion(title, description)
    with transaction.atomic():
        report = IssueReport.objects.create(
            organization=org,
            source=source,
            source_detail=detail,
            title=title,
            description=description,
            area=area,
            topic=topic,
            secondary_topics=secondary,
            topic_suggested=suggested,
            topic_confidence=confidence,
            flag_ethnic=bool(data.flag_ethnic),
            flag_religious=bool(data.flag_religious),
            flag_security=bool(data.flag_security),
            severity=severity,
            people_affected=people,
            reported_on=reported_on,
            status=Status.NEW,
            status_changed_on=reported_on,
            assignee_id=assignee_id,
            update_every_days=period,
            search_text=_search_text(title, description),
            created_by=_actor_or_none(actor),
        )
        IssueLink.objects.bulk_create(
            [
                IssueLink(
                    report=report,
                    target_type=LinkKind.PETITION.value,
                    target_id=p.pk,
                    note=_("Đơn thư trong nhóm cùng nội dung"),
                    created_by=_actor_or_none(actor),
                )
                for p in petitions
            ]
        )
        audit_record(
            actor=actor,
            verb="issue_report.create",
            target=report,
            changes={
                "organization": (None, org.code),
                "source": (None, source),
                "title": (None, title),
                "area": (None, area.code),
                "topic": (None, topic),
                "topic_suggested": (None, suggested or None),
                "severity": (None, severity),
                "people_affected": (None, people),
                "flag_ethnic": (None, report.flag_ethnic),
                "flag_religious": (None, report.flag_religious),
                "flag_security": (None, report.flag_security),
                "reported_on": (None, reported_on.isoformat()),
                "petitions": (None, [p.case_number for p in petitions] or None),
            },
        )
        _correction(report, actor)
        report_deadlines_sync(report)
    _after_commit(int(report.pk))
    return report


def report_update(
    *, report: IssueReport, actor: Any, changes: ReportChanges, expected_version: int
) -> IssueReport:
    """Change what the report says (not its organisation nor its lifecycle)."""
    _require_worker(actor, report)
    if report.status == Status.UNFOUNDED:
        raise _fail("status", _("Vấn đề đã được kết luận “không có cơ sở”: không sửa được nữa."))
    values: dict[str, Any] = {}
    c = changes
    if c.title is not None:
        values["title"] = _text(
            c.title,
            field_name="title",
            limit=TITLE_MAX,
            minimum=TITLE_MIN,
            required=_("Nhập tiêu đề ngắn gọn của vấn đề."),
        )
    if c.description is not None:
        values["description"] = _text(
            c.description,
            field_name="description",
            limit=TEXT_MAX,
            minimum=DESCRIPTION_MIN,
            required=_("Nhập nội dung: diễn biến, nguyên nhân, tâm trạng của Nhân dân."),
            multiline=True,
        )
    if c.source is not None:
        values["source"] = _source(c.source)
    if c.source_detail is not None:
        values["source_detail"] = _text(c.source_detail, field_name="source_detail", limit=300)
    topic = report.topic
    if c.topic is not None:
        topic = values["topic"] = _topic(c.topic)
    if c.secondary_topics is not None or "topic" in values:
        current = report.secondary_topics if c.secondary_topics is None else c.secondary_topics
        values["secondary_topics"] = _secondary(list(current or []), topic)
    for name in ("flag_ethnic", "flag_religious", "flag_security"):
        flag = getattr(c, name)
        if flag is not None:
            values[name] = bool(flag)
    if c.severity is not None:
        values["severity"] = _severity(c.severity)
    if c.people_affected is not None:
        values["people_affected"] = _people(c.people_affected)
    if c.update_every_days is not None:
        values["update_every_days"] = _period(c.update_every_days)
    reported_on = report.reported_on
    if c.reported_on is not None and c.reported_on != report.reported_on:
        reported_on = values["reported_on"] = _reported_on(c.reported_on)
        first = report.updates.aggregate(first=Min("on"))["first"]
        if first is not None and reported_on > first:
            raise _fail(
                "reported_on",
                _("Ngày nhận thông tin không được sau lần cập nhật đầu tiên ({day}).").format(
                    day=_fmt(first)
                ),
            )
        if report.status == Status.NEW:
            values["status_changed_on"] = reported_on
    if c.area_id is not None or c.area_code is not None or "reported_on" in values:
        area_id = c.area_id if c.area_id is not None else None
        code = c.area_code or ""
        if area_id is None and not code:
            area_id = report.area_id
        values["area"] = _area_for(
            report.organization, area_id=area_id, area_code=code, on=reported_on
        )
    if c.assignee_id is not None:
        values["assignee_id"] = _assignee(report.organization, c.assignee_id or None)
    values = {
        k: v
        for k, v in values.items()
        if (report.area_id != v.pk if k == "area" else getattr(report, k) != v)
    }
    if not values:
        return report
    if "title" in values or "description" in values:
        values["search_text"] = _search_text(
            values.get("title", report.title), values.get("description", report.description)
        )
    old = {k: getattr(report, k) for k in values if k != "search_text"}
    with transaction.atomic():
        _save_versioned(report, expected_version, **values)
        audit_changes: dict[str, tuple[Any, Any]] = {}
        for k, before in old.items():
            after = values[k]
            if k == "area":
                audit_changes["area"] = (before.code if before else None, after.code)
            elif k == "description":
                audit_changes[k] = (before, after)
            else:
                audit_changes[k] = (_plain(before), _plain(after))
        audit_record(actor=actor, verb="issue_report.update", target=report, changes=audit_changes)
        if "topic" in values:
            _correction(report, actor)
        report_deadlines_sync(report)
    _after_commit(int(report.pk))
    return report


# --- Lifecycle -------------------------------------------------------------------------------


def allowed_targets(status: str) -> list[str]:
    """The legal next states, in the order of `Status`."""
    targets = TRANSITIONS.get(status, frozenset())
    return [s for s in Status.values if s in targets]


def _illegal(report: IssueReport, to: str) -> ValidationFailed:
    allowed = allowed_targets(report.status)
    labels = ", ".join(str(Status(s).label) for s in allowed) or _("không còn bước nào")
    target = Status(to).label if to in Status.values else to
    message = _(
        "Không thể chuyển vấn đề từ “{current}” sang “{target}”. Các bước hợp lệ: {labels}."
    ).format(current=Status(report.status).label, target=target, labels=labels)
    return ValidationFailed(message, fields={"to": message}, code="illegal_transition")


# The timeline text of a move made without one.
MOVE_TEXTS: dict[str, str] = {
    Status.VERIFYING: gettext_noop("Bắt đầu xác minh, nắm tình hình cụ thể."),
    Status.BEING_RESOLVED: gettext_noop("Chuyển sang giải quyết."),
    Status.MONITORING: gettext_noop("Chuyển sang tiếp tục theo dõi."),
}


def report_transition(*, report: IssueReport, actor: Any, data: MoveInput) -> IssueReport:
    """Move the report to `data.to` (states.TRANSITIONS), or refuse with a clear error.

    - escalated: `escalated_to_id` is an organisation above the reporting one, and the
      `recommendation` says what is asked of it; a new escalation replaces an earlier answer;
    - resolved: `text` is the result; unfounded: `text` is the reason;
    - being_resolved from resolved or monitoring: the issue flared up again.
    Every move writes a timeline entry (the text, from and to) and counts as an update.
    """
    _require_worker(actor, report)
    to = data.to
    source = report.status
    if to not in Status.values or to not in TRANSITIONS.get(source, frozenset()):
        raise _illegal(report, to)
    if data.expected_version != report.version:
        raise _conflict()
    not_before = max(
        d for d in (report.reported_on, report.status_changed_on, report.last_update_on) if d
    )
    on = _act_date(data.on, not_before=not_before, label=_("Ngày chuyển bước"))
    values: dict[str, Any] = {"status": to, "status_changed_on": on, "last_update_on": on}
    text = _text(data.text, field_name="text", limit=TEXT_MAX, multiline=True)
    if to == Status.ESCALATED:
        targets = {o.pk: o for o in escalation_targets(report)}
        if not targets:
            raise _fail(
                "escalated_to",
                _(
                    "{org} không có cơ quan cấp trên trong danh sách cơ quan: không báo cáo, "
                    "kiến nghị lên được. Hãy chuyển sang “Đang giải quyết”."
                ).format(org=report.organization.name),
            )
        if data.escalated_to_id is None or data.escalated_to_id not in targets:
            raise _fail(
                "escalated_to",
                _("Chọn cơ quan cấp trên nhận báo cáo, kiến nghị: {names}.").format(
                    names=", ".join(o.name for o in targets.values())
                ),
            )
        recommendation = _text(
            data.recommendation,
            field_name="recommendation",
            limit=TEXT_MAX,
            minimum=10,
            required=_("Ghi kiến nghị, đề xuất với cấp trên (ít nhất 10 ký tự)."),
            multiline=True,
        )
        values.update(
            escalated_to_id=data.escalated_to_id,
            escalated_on=on,
            recommendation=recommendation,
            escalation_answer="",
            answered_on=None,
            answered_by_id=None,
        )
        target_org = targets[data.escalated_to_id]
        text = text or _("Báo cáo, kiến nghị {org}: {text}").format(
            org=target_org.name, text=recommendation
        )
    elif to == Status.RESOLVED:
        if len(text) < REASON_MIN:
            raise _fail(
                "text", _("Ghi kết quả giải quyết (ít nhất {n} ký tự).").format(n=REASON_MIN)
            )
        values["resolved_on"] = on
    elif to == Status.UNFOUNDED:
        if len(text) < REASON_MIN:
            raise _fail(
                "text",
                _("Ghi lý do kết luận không có cơ sở (ít nhất {n} ký tự).").format(n=REASON_MIN),
            )
    elif to == Status.BEING_RESOLVED and source in (Status.RESOLVED, Status.MONITORING):
        values["resolved_on"] = None
    if not text:
        text = _(MOVE_TEXTS[to]) if to in MOVE_TEXTS else str(Status(to).label)
    old = {k: getattr(report, k) for k in values}
    with transaction.atomic():
        _save_versioned(report, data.expected_version, **values)
        IssueUpdate.objects.create(
            report=report,
            on=on,
            text=text,
            status_from=source,
            status_to=to,
            author=_actor_or_none(actor),
        )
        changes = {
            k: (_plain(old[k]), _plain(v))
            for k, v in values.items()
            if k not in ("last_update_on", "answered_by_id") and old[k] != v
        }
        changes["text"] = (None, text)
        audit_record(actor=actor, verb="issue_report.transition", target=report, changes=changes)
        report_deadlines_sync(report)
    _after_commit(int(report.pk))
    return report


# --- Periodic updates and the answer ----------------------------------------------------------


def report_update_add(
    *,
    report: IssueReport,
    actor: Any,
    text: str,
    expected_version: int,
    on: dt.date | None = None,
    people_affected: int | None = None,
    severity: int | None = None,
) -> IssueUpdate:
    """A periodic update: how the situation stands, with new figures when they changed.
    Moves the next update's due date on the board."""
    _require_worker(actor, report)
    if report.status == Status.UNFOUNDED:
        raise _fail("text", _("Vấn đề đã được kết luận “không có cơ sở”: không cập nhật nữa."))
    body = _text(
        text,
        field_name="text",
        limit=TEXT_MAX,
        minimum=REASON_MIN,
        required=_("Nhập nội dung cập nhật tình hình."),
        multiline=True,
    )
    not_before = max(d for d in (report.reported_on, report.last_update_on) if d)
    day = _act_date(on, not_before=not_before, label=_("Ngày cập nhật"))
    values: dict[str, Any] = {"last_update_on": day}
    new_people = _people(people_affected) if people_affected is not None else None
    new_severity = _severity(severity) if severity is not None else None
    if new_people is not None and new_people != report.people_affected:
        values["people_affected"] = new_people
    if new_severity is not None and new_severity != report.severity:
        values["severity"] = new_severity
    old = {k: getattr(report, k) for k in values}
    with transaction.atomic():
        _save_versioned(report, expected_version, **values)
        update = IssueUpdate.objects.create(
            report=report,
            on=day,
            text=body,
            people_affected=new_people,
            severity=new_severity,
            author=_actor_or_none(actor),
        )
        changes = {k: (_plain(old[k]), _plain(v)) for k, v in values.items()}
        changes["text"] = (None, body)
        audit_record(actor=actor, verb="issue_report.update_add", target=report, changes=changes)
        report_deadlines_sync(report)
    _after_commit(int(report.pk))
    return update


def report_escalation_answer(
    *,
    report: IssueReport,
    actor: Any,
    answer: str,
    expected_version: int,
    on: dt.date | None = None,
) -> IssueReport:
    """The level above answers the escalation (once); the answer is shown on the report and
    its obligation on the board is done."""
    if not permissions.can_answer(actor, report):
        raise PermissionDenied(
            _(
                "Chỉ cán bộ, lãnh đạo hoặc cấp ủy của cơ quan nhận kiến nghị (hoặc cấp trên của "
                "cơ quan đó) trả lời được kiến nghị này."
            )
        )
    if report.escalated_on is None:
        raise _fail("answer", _("Vấn đề chưa được báo cáo, kiến nghị lên cấp trên."))
    if report.answered_on is not None:
        raise _fail(
            "answer",
            _("Kiến nghị này đã được trả lời ngày {day}.").format(day=_fmt(report.answered_on)),
        )
    if report.status == Status.UNFOUNDED:
        raise _fail("answer", _("Vấn đề đã được kết luận “không có cơ sở”."))
    body = _text(
        answer,
        field_name="answer",
        limit=TEXT_MAX,
        minimum=REASON_MIN,
        required=_("Nhập nội dung trả lời kiến nghị."),
        multiline=True,
    )
    day = _act_date(on, not_before=report.escalated_on, label=_("Ngày trả lời"))
    org_name = report.escalated_to.name if report.escalated_to is not None else ""
    with transaction.atomic():
        _save_versioned(
            report,
            expected_version,
            escalation_answer=body,
            answered_on=day,
            answered_by=_actor_or_none(actor),
        )
        IssueUpdate.objects.create(
            report=report,
            on=day,
            text=_("Trả lời kiến nghị của {org}: {answer}").format(org=org_name, answer=body),
            author=_actor_or_none(actor),
        )
        audit_record(
            actor=actor,
            verb="issue_report.answer",
            target=report,
            changes={
                "escalated_to": (None, org_name),
                "escalation_answer": (None, body),
                "answered_on": (None, day.isoformat()),
            },
        )
        report_deadlines_sync(report)
    return report


# --- Links -----------------------------------------------------------------------------------


def report_link_add(
    *, report: IssueReport, actor: Any, target_type: str, target_id: int, note: str = ""
) -> IssueLink:
    """Link a petition, a reception visit, a dialogue or another report the actor may see."""
    _require_worker(actor, report)
    if target_type not in LinkKind.values:
        raise _fail("target_type", _("Chọn loại hồ sơ liên quan trong danh sách."))
    if target_type == REPORT_TYPE and int(target_id) == report.pk:
        raise _fail("target_id", _("Không liên kết một vấn đề với chính nó."))
    label = link_target_label(actor, target_type, target_id)
    text = _text(note, field_name="note", limit=NOTE_MAX)
    if IssueLink.objects.filter(report=report).count() >= LINKS_MAX:
        raise _fail("target_id", _("Mỗi vấn đề liên kết nhiều nhất {n} hồ sơ.").format(n=LINKS_MAX))
    duplicate = _fail("target_id", _("Hồ sơ này đã được liên kết với vấn đề."))
    if IssueLink.objects.filter(
        report=report, target_type=target_type, target_id=target_id
    ).exists():
        raise duplicate
    try:
        with transaction.atomic():
            link = IssueLink.objects.create(
                report=report,
                target_type=target_type,
                target_id=int(target_id),
                note=text,
                created_by=_actor_or_none(actor),
            )
            audit_record(
                actor=actor,
                verb="issue_report.link_add",
                target=report,
                changes={
                    "link": (None, f"{target_type}#{target_id}"),
                    "link_label": (None, label[:200]),
                    "note": (None, text or None),
                },
            )
    except IntegrityError:
        raise duplicate from None
    return link


def report_link_remove(*, link: IssueLink, actor: Any) -> None:
    report = link.report
    _require_worker(actor, report)
    try:
        link_target_label(actor, link.target_type, link.target_id)
    except (NotFound, ValidationFailed):
        # A record the actor may not see: they may not learn it is linked either.
        raise NotFound(_("Không tìm thấy liên kết này.")) from None
    with transaction.atomic():
        ref = f"{link.target_type}#{link.target_id}"
        link.delete()
        audit_record(
            actor=actor,
            verb="issue_report.link_remove",
            target=report,
            changes={"link": (ref, None)},
        )


# --- Labels for the audit trail ----------------------------------------------------------------


def audit_labels_register() -> None:
    """Give the report verbs and fields their Vietnamese labels on the audit trail."""
    from django.utils.translation import gettext_lazy

    from danvan.core.selectors.audit import audit_verbs_register

    audit_verbs_register(
        {
            "issue_report.create": gettext_lazy("Tiếp nhận vấn đề bức xúc"),
            "issue_report.update": gettext_lazy("Sửa thông tin vấn đề bức xúc"),
            "issue_report.transition": gettext_lazy("Chuyển bước vấn đề bức xúc"),
            "issue_report.update_add": gettext_lazy("Cập nhật tình hình vấn đề bức xúc"),
            "issue_report.answer": gettext_lazy("Trả lời kiến nghị về vấn đề bức xúc"),
            "issue_report.link_add": gettext_lazy("Liên kết hồ sơ với vấn đề bức xúc"),
            "issue_report.link_remove": gettext_lazy("Bỏ liên kết hồ sơ khỏi vấn đề bức xúc"),
        },
        {
            "source": gettext_lazy("nguồn thông tin"),
            "source_detail": gettext_lazy("chi tiết nguồn"),
            "title": gettext_lazy("tiêu đề"),
            "description": gettext_lazy("nội dung"),
            "area": gettext_lazy("địa bàn"),
            "topic": gettext_lazy("lĩnh vực"),
            "secondary_topics": gettext_lazy("lĩnh vực phụ"),
            "topic_suggested": gettext_lazy("lĩnh vực gợi ý"),
            "flag_ethnic": gettext_lazy("liên quan dân tộc"),
            "flag_religious": gettext_lazy("liên quan tôn giáo"),
            "flag_security": gettext_lazy("liên quan an ninh"),
            "severity": gettext_lazy("mức độ"),
            "people_affected": gettext_lazy("số người bị ảnh hưởng"),
            "reported_on": gettext_lazy("ngày nhận thông tin"),
            "status_changed_on": gettext_lazy("ngày chuyển trạng thái"),
            "update_every_days": gettext_lazy("cập nhật định kỳ (ngày)"),
            "assignee_id": gettext_lazy("cán bộ theo dõi"),
            "escalated_to_id": gettext_lazy("báo cáo, kiến nghị lên"),
            "escalated_to": gettext_lazy("báo cáo, kiến nghị lên"),
            "escalated_on": gettext_lazy("ngày kiến nghị"),
            "recommendation": gettext_lazy("kiến nghị, đề xuất"),
            "escalation_answer": gettext_lazy("trả lời của cấp trên"),
            "answered_on": gettext_lazy("ngày trả lời"),
            "resolved_on": gettext_lazy("ngày giải quyết xong"),
            "petitions": gettext_lazy("đơn thư"),
            "link": gettext_lazy("hồ sơ liên quan"),
            "link_label": gettext_lazy("hồ sơ"),
            "text": gettext_lazy("nội dung"),
            "note": gettext_lazy("ghi chú"),
        },
    )


__all__ = [
    "MoveInput",
    "ReportChanges",
    "ReportInput",
    "allowed_targets",
    "audit_labels_register",
    "escalation_targets",
    "link_target_label",
    "report_create",
    "report_escalation_answer",
    "report_link_add",
    "report_link_remove",
    "report_transition",
    "report_update",
    "report_update_add",
    "topic_suggestion",
]
