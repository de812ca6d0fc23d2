"""Writes of the consultations module (conventions §1): every change goes through these.

Each service checks permission and input first (raising `core.errors`), then writes inside
`transaction.atomic` with its audit entry. Moves and edits of a draft are guarded by its
`version` (`core.services.versioning.versioned_update`), moderation by the comment's; a lost
race is a `Conflict` (409). Writes that add to a draft (a comment, a group, a response) re-check
its status in the same transaction, so nothing lands in a draft that was closed or synthesised
meanwhile.

Citizens' comments come from the portal without an account: `comment_submit_public` takes no
actor, checks the period, the audience and the section, and answers the tracking code the
citizen uses to see the moderation and, once the synthesis is published, the response.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.consultations import permissions
from danvan.consultations.grouping import groups_of
from danvan.consultations.inputs import (
    CitizenCommentInput,
    DraftChanges,
    DraftInput,
    ModerationInput,
    OrganizationCommentInput,
    ResponseInput,
    SectionInput,
    SynthesisInput,
    TransitionInput,
)
from danvan.consultations.models import Comment, CommentGroup, Draft, Response, Section
from danvan.consultations.parser import parse_draft
from danvan.consultations.states import (
    COMMENT_TRANSITIONS,
    EDIT_STATES,
    ENTRY_STATES,
    PUBLIC_COMMENT_STATES,
    STRUCTURE_STATES,
    TRANSITIONS,
    WORK_STATES,
    Audience,
    AuthorKind,
    CommentStatus,
    DocKind,
    RejectReason,
    ResponseKind,
    SectionKind,
    Status,
    allowed_targets,
)
from danvan.core.documents import document_number_next, short_date
from danvan.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from danvan.core.files import UploadedFileInput, files_check
from danvan.core.models import AdminUnit, Membership, Organization
from danvan.core.models.units import UnitLevel
from danvan.core.services.audit import audit_record
from danvan.core.services.common import field_error as _fail
from danvan.core.services.common import today as _today
from danvan.core.services.inputs import clean_day
from danvan.core.services.inputs import clean_reason as _reason
from danvan.core.services.inputs import clean_text as _text
from danvan.core.services.versioning import versioned_update
from danvan.text import fold

EARLIEST = dt.date(2000, 1, 1)
MAX_YEARS_AHEAD = 3
TEXT_MAX = 50_000
COMMENT_MAX = 5_000
COMMENT_MIN = 5
PASTE_MAX = 500_000
MAX_AUDIENCE_ORGS = 200
MAX_GROUP = 500
TRACKING_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
SYNTHESIS_SYMBOL = "BC"


# --- Small checks ----------------------------------------------------------------------------


def _day(value: Any, *, field: str, label: str) -> dt.date:
    return clean_day(
        value, field=field, label=label, earliest=EARLIEST, years_ahead=MAX_YEARS_AHEAD
    )


def _period(opens_on: Any, closes_on: Any) -> tuple[dt.date, dt.date]:
    start = _day(opens_on, field="opens_on", label=_("ngày bắt đầu lấy ý kiến"))
    end = _day(closes_on, field="closes_on", label=_("ngày kết thúc lấy ý kiến"))
    if end < start:
        raise _fail("closes_on", _("Ngày kết thúc lấy ý kiến phải từ ngày bắt đầu trở đi."))
    return start, end


def _search_text(*parts: str) -> str:
    return fold(" ".join(p for p in parts if p))[:4000]


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def require_manager(actor: Any, draft: Draft) -> None:
    if not permissions.can_manage(actor, draft):
        raise PermissionDenied(
            _(
                "Bạn không có quyền quản lý việc lấy ý kiến dự thảo này (cần vai trò cán bộ "
                "hoặc lãnh đạo tại cơ quan lấy ý kiến hoặc cấp trên)."
            )
        )


def _conflict() -> Conflict:
    message = _(
        "Dự thảo vừa được người khác cập nhật: tải lại trang để xem thay đổi rồi thực hiện lại."
    )
    return Conflict(message, fields={"expected_version": message})


def _save_versioned(draft: Draft, expected_version: int, **values: Any) -> None:
    if expected_version != draft.version or not versioned_update(
        draft, expected_version=expected_version, **values
    ):
        raise _conflict()


def _touch(draft: Draft) -> None:
    """Bump the version after a change of the draft's structure."""
    Draft.objects.filter(pk=draft.pk).update(version=F("version") + 1)
    draft.version = int(Draft.objects.filter(pk=draft.pk).values_list("version", flat=True).get())


def _status_label(status: str) -> str:
    return str(Status(status).label)


def _require_state(draft: Draft, states: frozenset[str], message: str) -> None:
    """Re-read the status inside the transaction (a concurrent move wins)."""
    current = Draft.objects.filter(pk=draft.pk).values_list("status", flat=True).first()
    if current not in states:
        raise _fail("status", message.format(status=_status_label(str(current or draft.status))))


def _organization_for(actor: Any, organization_id: int | None) -> Organization:
    if organization_id is not None:
        org = Organization.objects.filter(pk=organization_id, is_active=True).first()
        if org is None or not permissions.can_manage_at(actor, org):
            raise _fail(
                "organization",
                _("Không có cơ quan này hoặc bạn không được lấy ý kiến nhân danh cơ quan này."),
            )
        return org
    ids = sorted(
        {
            m.organization_id
            for m in Membership.objects.filter(
                user_id=int(getattr(actor, "pk", 0) or 0), role__in=permissions.MANAGER_ROLES
            )
        }
    )
    orgs = list(Organization.objects.filter(pk__in=ids, is_active=True)[:2])
    if not orgs:
        raise PermissionDenied(
            _("Bạn chưa có vai trò cán bộ hoặc lãnh đạo ở cơ quan nào nên chưa lấy ý kiến được.")
        )
    if len(orgs) > 1:
        raise _fail("organization", _("Bạn làm việc ở nhiều cơ quan: chọn cơ quan lấy ý kiến."))
    return orgs[0]


def _check_kind(kind: str) -> str:
    if kind not in DocKind.values:
        raise _fail("kind", _("Chọn loại văn bản của dự thảo."))
    return kind


def _check_audience(
    org: Organization, audience: str, area_id: int | None, org_ids: Sequence[int]
) -> tuple[str, AdminUnit | None, list[Organization]]:
    if audience not in Audience.values:
        raise _fail("audience", _("Chọn đối tượng lấy ý kiến."))
    area: AdminUnit | None = None
    orgs: list[Organization] = []
    if audience == Audience.AREA:
        if area_id is None:
            raise _fail("audience_area", _("Chọn địa bàn (tỉnh hoặc xã, phường) lấy ý kiến."))
        area = AdminUnit.objects.filter(pk=area_id, valid_to__isnull=True).first()
        if area is None:
            raise _fail("audience_area", _("Địa bàn không tồn tại hoặc đã hết hiệu lực."))
        home = org.area_id
        if org.level != "national" and (
            home is None or (area.pk != home and area.parent_id != home)
        ):
            raise _fail(
                "audience_area", _("Địa bàn lấy ý kiến phải thuộc địa bàn của cơ quan lấy ý kiến.")
            )
    if audience == Audience.ORGANIZATIONS:
        ids = sorted({int(i) for i in org_ids})
        if not ids:
            raise _fail(
                "audience_organizations", _("Chọn ít nhất một cơ quan, tổ chức được xin ý kiến.")
            )
        if len(ids) > MAX_AUDIENCE_ORGS:
            raise _fail(
                "audience_organizations",
                _("Tối đa %(n)d cơ quan, tổ chức.") % {"n": MAX_AUDIENCE_ORGS},
            )
        orgs = list(Organization.objects.filter(pk__in=ids, is_active=True))
        if len(orgs) != len(ids):
            raise _fail(
                "audience_organizations",
                _("Có cơ quan, tổ chức không tồn tại hoặc đã ngừng hoạt động."),
            )
    return audience, area, orgs


# --- The draft -------------------------------------------------------------------------------


def draft_create(*, actor: Any, data: DraftInput) -> Draft:
    """Prepare a draft for consultation (status draft): what, who consults, when, with whom."""
    kind = _check_kind(data.kind)
    org = _organization_for(actor, data.organization_id)
    title = _text(data.title, field="title", limit=400, required=_("Nhập tên dự thảo."))
    summary = _text(data.summary, field="summary", limit=TEXT_MAX, multiline=True)
    start, end = _period(data.opens_on, data.closes_on)
    audience, area, orgs = _check_audience(
        org, data.audience, data.audience_area_id, data.audience_organization_ids
    )
    with transaction.atomic():
        draft = Draft.objects.create(
            organization=org,
            kind=kind,
            title=title,
            summary=summary,
            opens_on=start,
            closes_on=end,
            audience=audience,
            audience_area=area,
            search_text=_search_text(title, summary[:500]),
            created_by=_actor(actor),
        )
        if orgs:
            draft.audience_organizations.set(orgs)
        audit_record(
            actor=actor,
            verb="consultation.create",
            target=draft,
            changes={
                "kind": (None, kind),
                "organization": (None, org.code),
                "title": (None, title),
                "opens_on": (None, start.isoformat()),
                "closes_on": (None, end.isoformat()),
                "audience": (None, audience),
                "audience_area": (None, area.code if area else None),
                "audience_organizations": (None, sorted(o.code for o in orgs) or None),
            },
        )
    return draft


def draft_update(
    *, draft: Draft, actor: Any, changes: DraftChanges, expected_version: int
) -> Draft:
    """Change what the draft is, its period and its audience, until the consultation closes."""
    require_manager(actor, draft)
    if draft.status not in EDIT_STATES:
        raise _fail(
            "status",
            _("Dự thảo đang ở bước “{status}”: không sửa được nữa.").format(
                status=_status_label(draft.status)
            ),
        )
    values: dict[str, Any] = {}
    if changes.kind is not None:
        values["kind"] = _check_kind(changes.kind)
    if changes.title is not None:
        values["title"] = _text(
            changes.title, field="title", limit=400, required=_("Nhập tên dự thảo.")
        )
    if changes.summary is not None:
        values["summary"] = _text(changes.summary, field="summary", limit=TEXT_MAX, multiline=True)
    if changes.opens_on is not None or changes.closes_on is not None:
        start, end = _period(
            changes.opens_on or draft.opens_on, changes.closes_on or draft.closes_on
        )
        if draft.status == Status.OPEN and end < _today():
            raise _fail(
                "closes_on",
                _("Dự thảo đang lấy ý kiến: ngày kết thúc không được trước hôm nay."),
            )
        values["opens_on"], values["closes_on"] = start, end
    new_orgs: list[Organization] | None = None
    if changes.audience is not None:
        if draft.status != Status.DRAFT and changes.audience != draft.audience:
            raise _fail(
                "audience",
                _("Đã công bố lấy ý kiến: không đổi được đối tượng lấy ý kiến."),
            )
        audience, area, orgs = _check_audience(
            draft.organization,
            changes.audience,
            changes.audience_area_id,
            changes.audience_organization_ids or [],
        )
        values["audience"] = audience
        values["audience_area_id"] = area.pk if area else None
        old_orgs = set(draft.audience_organizations.values_list("id", flat=True))
        if {o.pk for o in orgs} != old_orgs:
            new_orgs = orgs
    values = {k: v for k, v in values.items() if getattr(draft, k) != v}
    if not values and new_orgs is None:
        return draft
    old = {k: getattr(draft, k) for k in values}
    with transaction.atomic():
        if "title" in values or "summary" in values:
            values["search_text"] = _search_text(
                values.get("title", draft.title), values.get("summary", draft.summary)[:500]
            )
        _save_versioned(draft, expected_version, **values)
        audit_changes: dict[str, tuple[Any, Any]] = {
            k: (_plain(old[k]), _plain(values[k])) for k in old
        }
        if new_orgs is not None:
            if not values:
                _save_versioned(draft, expected_version)
            before = sorted(draft.audience_organizations.values_list("code", flat=True))
            draft.audience_organizations.set(new_orgs)
            audit_changes["audience_organizations"] = (before, sorted(o.code for o in new_orgs))
        audit_record(actor=actor, verb="consultation.update", target=draft, changes=audit_changes)
    return draft


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def draft_file_set(
    *, draft: Draft, actor: Any, upload: UploadedFileInput, expected_version: int
) -> Draft:
    """Attach (or replace) the draft's file, checked by `core.files` (type read from content)."""
    require_manager(actor, draft)
    if draft.status not in EDIT_STATES:
        raise _fail("file", _("Dự thảo đã hết hạn góp ý: không thay tệp được nữa."))
    checked = files_check([upload], limit=1, field="file")[0]
    with transaction.atomic():
        old_name = draft.file_name
        _save_versioned(
            draft,
            expected_version,
            file_name=checked.name,
            file_type=checked.content_type,
            file_size=checked.size,
            sha256=checked.sha256,
        )
        draft.file.save(checked.sha256, ContentFile(checked.data), save=False)
        Draft.objects.filter(pk=draft.pk).update(file=draft.file.name)
        audit_record(
            actor=actor,
            verb="consultation.file",
            target=draft,
            changes={"file": (old_name or None, checked.name)},
        )
    return draft


def _illegal(draft: Draft, to: str) -> ValidationFailed:
    allowed = [s for s in allowed_targets(draft.status) if s != Status.SYNTHESISED]
    labels = ", ".join(_status_label(s) for s in allowed) or _("không còn bước nào")
    target = _status_label(to) if to in Status.values else to
    message = _(
        "Không thể chuyển dự thảo từ “{current}” sang “{target}”. Các bước hợp lệ: {labels}."
    ).format(current=_status_label(draft.status), target=target, labels=labels)
    return ValidationFailed(message, fields={"to": message}, code="illegal_transition")


def draft_transition(*, draft: Draft, actor: Any, data: TransitionInput) -> Draft:
    """Open, close, reopen or cancel the consultation (the synthesis has its own service).

    - open: at least one article (or clause); from closed (reopened), `closes_on` is the new
      last day, not before today;
    - closed: the period ends today (if it had not already);
    - cancelled: `reason`.
    """
    require_manager(actor, draft)
    to = data.to
    source = draft.status
    if to == Status.SYNTHESISED and to in TRANSITIONS.get(source, frozenset()):
        raise _fail(
            "to",
            _("Công bố tổng hợp, tiếp thu, giải trình bằng nút “Công bố báo cáo tổng hợp”."),
        )
    if to not in Status.values or to not in TRANSITIONS.get(source, frozenset()):
        raise _illegal(draft, to)
    if data.expected_version != draft.version:
        raise _conflict()
    values: dict[str, Any] = {"status": to}
    reason = ""
    today = _today()
    if to == Status.OPEN:
        if not Section.objects.filter(
            draft=draft, kind__in=(SectionKind.ARTICLE, SectionKind.CLAUSE)
        ).exists():
            raise _fail(
                "to",
                _("Nhập ít nhất một điều của dự thảo trước khi công bố lấy ý kiến."),
                code="no_articles",
            )
        if source == Status.CLOSED:
            end = _day(data.closes_on, field="closes_on", label=_("ngày kết thúc lấy ý kiến mới"))
            if end < today:
                raise _fail(
                    "closes_on", _("Ngày kết thúc lấy ý kiến mới không được trước hôm nay.")
                )
            values["closes_on"] = end
            values["closed_on"] = None
        else:
            if draft.closes_on < today:
                raise _fail(
                    "closes_on",
                    _("Thời hạn lấy ý kiến đã qua (đến ngày {day}): sửa thời hạn trước.").format(
                        day=short_date(draft.closes_on)
                    ),
                )
            values["opened_on"] = today
    elif to == Status.CLOSED:
        values["closed_on"] = today
        if draft.closes_on > today:
            values["closes_on"] = max(today, draft.opens_on)
    elif to == Status.CANCELLED:
        reason = _reason(data.reason)
        values["status_note"] = reason
    with transaction.atomic():
        _save_versioned(draft, data.expected_version, **values)
        audit_record(
            actor=actor,
            verb="consultation.transition",
            target=draft,
            changes={
                "status": (source, to),
                **({"status_note": (None, reason)} if reason else {}),
                **(
                    {"closes_on": (None, values["closes_on"].isoformat())}
                    if "closes_on" in values
                    else {}
                ),
            },
        )
    return draft


# --- Structure -------------------------------------------------------------------------------


def _check_section(data: SectionInput) -> dict[str, Any]:
    if data.kind not in SectionKind.values:
        raise _fail("kind", _("Chọn loại: chương, mục, điều hoặc khoản."))
    number = _text(data.number, field="number", limit=20)
    title = _text(data.title, field="title", limit=500)
    text = _text(data.text, field="text", limit=TEXT_MAX, multiline=True)
    if not (number or title or text):
        raise _fail("text", _("Nhập số, tiêu đề hoặc nội dung của phần này."))
    return {"kind": data.kind, "number": number, "title": title, "text": text}


def _require_structure(actor: Any, draft: Draft) -> None:
    require_manager(actor, draft)
    if draft.status not in STRUCTURE_STATES:
        raise _fail(
            "status",
            _(
                "Dự thảo đã công bố lấy ý kiến: không thay đổi cấu trúc (chương, điều) được nữa để "
                "các ý kiến đã gửi vẫn đúng chỗ."
            ),
        )


def section_add(*, draft: Draft, actor: Any, data: SectionInput, expected_version: int) -> Section:
    """Append a chapter, part, article or clause at the end of the draft."""
    _require_structure(actor, draft)
    values = _check_section(data)
    with transaction.atomic():
        _save_versioned(draft, expected_version)
        last = Section.objects.filter(draft=draft).order_by("-position").first()
        section = Section.objects.create(
            draft=draft, position=(last.position + 1) if last else 1, **values
        )
        audit_record(
            actor=actor,
            verb="consultation.section_add",
            target=draft,
            changes={"section": (None, section.label)},
        )
    return section


def section_update(
    *, section: Section, actor: Any, data: SectionInput, expected_version: int
) -> Section:
    draft = section.draft
    _require_structure(actor, draft)
    values = _check_section(data)
    old = {k: getattr(section, k) for k in values}
    changed = {k: v for k, v in values.items() if old[k] != v}
    if not changed:
        return section
    with transaction.atomic():
        _save_versioned(draft, expected_version)
        Section.objects.filter(pk=section.pk).update(**changed)
        for k, v in changed.items():
            setattr(section, k, v)
        audit_record(
            actor=actor,
            verb="consultation.section_update",
            target=draft,
            changes={k: (old[k][:200], v[:200]) for k, v in changed.items()},
        )
    return section


def section_remove(*, section: Section, actor: Any, expected_version: int) -> None:
    draft = section.draft
    _require_structure(actor, draft)
    with transaction.atomic():
        _save_versioned(draft, expected_version)
        label = section.label
        section.delete()
        audit_record(
            actor=actor,
            verb="consultation.section_remove",
            target=draft,
            changes={"section": (label, None)},
        )


def sections_import(
    *,
    draft: Draft,
    actor: Any,
    text: str,
    expected_version: int,
    replace: bool = False,
    clauses: bool = False,
) -> int:
    """Split the pasted text of the draft ("Chương I …", "Điều 1. …") into sections, appended
    (or replacing the current ones); answers how many were added."""
    _require_structure(actor, draft)
    raw = str(text or "")
    if len(raw) > PASTE_MAX:
        raise _fail("text", _("Văn bản dán vào dài quá %(n)d ký tự.") % {"n": PASTE_MAX})
    parsed = parse_draft(raw, clauses=clauses)
    if not any(s.kind in ("article", "clause") for s in parsed.sections):
        raise _fail(
            "text",
            _(
                "Không tìm thấy điều nào: mỗi điều phải bắt đầu một dòng bằng “Điều 1.”, "
                "“Điều 2.”…; chương bằng “Chương I”."
            ),
        )
    with transaction.atomic():
        _save_versioned(draft, expected_version)
        removed = 0
        if replace:
            removed, _detail = Section.objects.filter(draft=draft).delete()
            start = 0
        else:
            last = Section.objects.filter(draft=draft).order_by("-position").first()
            start = last.position if last else 0
        Section.objects.bulk_create(
            Section(
                draft=draft,
                position=start + i + 1,
                kind=s.kind,
                number=s.number[:20],
                title=s.title[:500],
                text=s.text[:TEXT_MAX],
            )
            for i, s in enumerate(parsed.sections)
        )
        audit_record(
            actor=actor,
            verb="consultation.sections_import",
            target=draft,
            changes={"sections": (removed or None, len(parsed.sections))},
        )
    return len(parsed.sections)


# --- Comments --------------------------------------------------------------------------------


def tracking_code_new() -> str:
    raw = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def tracking_code_clean(code: str) -> str:
    """ "abcd efgh-jkmn" -> "ABCD-EFGH-JKMN" ("" when it cannot be a code)."""
    raw = "".join(ch for ch in str(code or "").upper() if ch.isalnum())
    if len(raw) != 12 or any(ch not in TRACKING_ALPHABET for ch in raw):
        return ""
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _check_section_of(draft: Draft, section_id: int | None) -> Section | None:
    if section_id is None:
        return None
    section = Section.objects.filter(pk=section_id, draft=draft).first()
    if section is None:
        raise _fail("section", _("Không có điều, khoản này trong dự thảo."))
    if not section.commentable:
        raise _fail("section", _("Chọn một điều hoặc khoản cụ thể (hoặc góp ý chung)."))
    return section


def _comment_text(value: str) -> str:
    text = _text(
        value, field="text", limit=COMMENT_MAX, required=_("Nhập nội dung góp ý."), multiline=True
    )
    if len(text) < COMMENT_MIN:
        raise _fail(
            "text", _("Nội dung góp ý quá ngắn (ít nhất %(n)d ký tự).") % {"n": COMMENT_MIN}
        )
    return text


def comment_submit_public(*, draft: Draft, data: CitizenCommentInput, ip_hash: str = "") -> Comment:
    """A citizen's comment from the portal (no account): pending moderation, with a code."""
    today = _today()
    if (
        draft.status not in PUBLIC_COMMENT_STATES
        or draft.audience == Audience.ORGANIZATIONS
        or not draft.opens_on <= today <= draft.closes_on
    ):
        raise _fail(
            "draft",
            _(
                "Dự thảo này hiện không nhận góp ý của công dân qua cổng (ngoài thời hạn lấy "
                "ý kiến)."
            ),
            code="closed",
        )
    section = _check_section_of(draft, data.section_id)
    text = _comment_text(data.text)
    name = _text(data.name, field="name", limit=200, required=_("Nhập họ và tên của bạn."))
    contact = _text(data.contact, field="contact", limit=254)
    area: AdminUnit | None = None
    if data.area_id is not None:
        area = AdminUnit.objects.filter(
            pk=data.area_id, valid_to__isnull=True, level=UnitLevel.COMMUNE
        ).first()
        if area is None:
            raise _fail("area", _("Chọn xã, phường nơi bạn cư trú trong danh sách."))
    if draft.audience == Audience.AREA:
        target = draft.audience_area
        if area is None:
            raise _fail(
                "area",
                _("Dự thảo lấy ý kiến Nhân dân {area}: chọn xã, phường nơi bạn cư trú.").format(
                    area=target.full_name if target else ""
                ),
            )
        if target is not None and area.pk != target.pk and area.parent_id != target.pk:
            raise _fail(
                "area",
                _("Dự thảo chỉ lấy ý kiến Nhân dân {area}.").format(area=target.full_name),
            )
    with transaction.atomic():
        _require_state(
            draft, PUBLIC_COMMENT_STATES, _("Dự thảo đang ở bước “{status}”: không nhận góp ý.")
        )
        for _attempt in range(5):
            code = tracking_code_new()
            if not Comment.objects.filter(tracking_code=code).exists():
                break
        comment = Comment.objects.create(
            draft=draft,
            section=section,
            author_kind=AuthorKind.CITIZEN,
            author_name=name,
            contact=contact,
            area=area,
            text=text,
            received_on=today,
            tracking_code=code,
            ip_hash=ip_hash[:64],
        )
        # Personal data stays out of the audit log: the chain cannot be redacted later.
        audit_record(
            actor=None,
            verb="consultation.comment_submit",
            target=comment,
            changes={"section": (None, section.label if section else None)},
        )
    return comment


def comment_enter(*, draft: Draft, actor: Any, data: OrganizationCommentInput) -> Comment:
    """An organisation's comment (a letter, a meeting's minutes), entered by an officer of the
    consulting body: published at once (it is the organisation's official answer)."""
    require_manager(actor, draft)
    if draft.status not in ENTRY_STATES:
        raise _fail(
            "status",
            _("Dự thảo đang ở bước “{status}”: không ghi thêm ý kiến được.").format(
                status=_status_label(draft.status)
            ),
        )
    section = _check_section_of(draft, data.section_id)
    text = _comment_text(data.text)
    org: Organization | None = None
    if data.organization_id is not None:
        org = Organization.objects.filter(pk=data.organization_id, is_active=True).first()
        if org is None:
            raise _fail("organization", _("Không có cơ quan, tổ chức này."))
        name = org.name
    else:
        name = _text(
            data.organization_name,
            field="organization_name",
            limit=250,
            required=_("Chọn cơ quan, tổ chức góp ý hoặc nhập tên cơ quan, tổ chức."),
        )
    received = data.received_on or _today()
    received = _day(received, field="received_on", label=_("ngày nhận"))
    if received > _today():
        raise _fail("received_on", _("Ngày nhận không được sau hôm nay."))
    with transaction.atomic():
        _require_state(
            draft, ENTRY_STATES, _("Dự thảo đang ở bước “{status}”: không ghi thêm ý kiến được.")
        )
        comment = Comment.objects.create(
            draft=draft,
            section=section,
            author_kind=AuthorKind.ORGANIZATION,
            author_name=name,
            organization=org,
            text=text,
            received_on=received,
            status=CommentStatus.PUBLISHED,
            moderated_by=_actor(actor),
            moderated_at=timezone.now(),
            entered_by=_actor(actor),
        )
        audit_record(
            actor=actor,
            verb="consultation.comment_enter",
            target=comment,
            changes={
                "organization": (None, name),
                "section": (None, section.label if section else None),
            },
        )
    return comment


def comment_moderate(*, comment: Comment, actor: Any, data: ModerationInput) -> Comment:
    """Publish a comment or reject it with a reason the author sees on the tracking page."""
    draft = comment.draft
    require_manager(actor, draft)
    if draft.status not in WORK_STATES:
        raise _fail(
            "status",
            _("Dự thảo đang ở bước “{status}”: không duyệt ý kiến được nữa.").format(
                status=_status_label(draft.status)
            ),
        )
    to = data.to
    if to not in COMMENT_TRANSITIONS.get(comment.status, frozenset()):
        message = _("Ý kiến đang “{current}”: không chuyển sang “{target}” được.").format(
            current=CommentStatus(comment.status).label,
            target=CommentStatus(to).label if to in CommentStatus.values else to,
        )
        raise ValidationFailed(message, fields={"to": message}, code="illegal_transition")
    values: dict[str, Any] = {
        "status": to,
        "moderated_by_id": getattr(actor, "pk", None),
        "moderated_at": timezone.now(),
    }
    if to == CommentStatus.REJECTED:
        if data.reason not in RejectReason.values:
            raise _fail("reason", _("Chọn lý do không đăng ý kiến."))
        note = _text(data.note, field="note", limit=1000)
        if data.reason == RejectReason.OTHER and len(note) < 3:
            raise _fail("note", _("Ghi rõ lý do không đăng (người góp ý sẽ đọc được)."))
        values.update(reject_reason=data.reason, reject_note=note)
        if Response.objects.filter(comment=comment).exists():
            raise _fail("to", _("Ý kiến đã được tiếp thu, giải trình: xóa phần trả lời trước."))
    else:
        values.update(reject_reason="", reject_note="")
    old_status = comment.status
    with transaction.atomic():
        _require_state(
            draft, WORK_STATES, _("Dự thảo đang ở bước “{status}”: không duyệt ý kiến được nữa.")
        )
        if data.expected_version != comment.version or not versioned_update(
            comment, expected_version=data.expected_version, **values
        ):
            message = _("Ý kiến vừa được người khác duyệt: tải lại trang để xem.")
            raise Conflict(message, fields={"expected_version": message})
        if to == CommentStatus.REJECTED and comment.group_id is not None:
            _leave_group(comment)
        audit_record(
            actor=actor,
            verb="consultation.comment_moderate",
            target=comment,
            changes={
                "status": (old_status, to),
                **({"reject_reason": (None, data.reason)} if to == CommentStatus.REJECTED else {}),
            },
        )
    return comment


# --- Groups ----------------------------------------------------------------------------------


def _require_work(actor: Any, draft: Draft) -> None:
    require_manager(actor, draft)
    if draft.status not in WORK_STATES:
        raise _fail(
            "status",
            _("Dự thảo đang ở bước “{status}”: không thay đổi nhóm, trả lời được nữa.").format(
                status=_status_label(draft.status)
            ),
        )


def _leave_group(comment: Comment) -> None:
    group_id = comment.group_id
    Comment.objects.filter(pk=comment.pk).update(group=None)
    comment.group_id = None
    if group_id is not None and not Comment.objects.filter(group_id=group_id).exists():
        CommentGroup.objects.filter(pk=group_id).delete()


def groups_suggest(*, draft: Draft, actor: Any) -> int:
    """Group similar published comments of each section (`grouping.groups_of`), among those in
    no group and without their own response; answers how many groups were made. Groups made
    earlier, by hand or by this tool, are kept."""
    _require_work(actor, draft)
    rows = list(
        Comment.objects.filter(
            draft=draft, status=CommentStatus.PUBLISHED, group__isnull=True, response__isnull=True
        )
        .order_by("section_id", "received_on", "id")
        .values_list("id", "section_id", "text")
    )
    by_section: dict[int | None, list[tuple[int, str]]] = {}
    for pk, section_id, text in rows:
        by_section.setdefault(section_id, []).append((pk, text))
    made = 0
    with transaction.atomic():
        _require_state(draft, WORK_STATES, _("Dự thảo đang ở bước “{status}”."))
        for key, items in by_section.items():
            for members in groups_of([t for _pk, t in items]):
                ids = [items[i][0] for i in members]
                group = CommentGroup.objects.create(
                    draft=draft,
                    section_id=key,
                    label=" ".join(items[members[0]][1].split())[:200],
                    automatic=True,
                )
                Comment.objects.filter(pk__in=ids).update(group=group)
                made += 1
        if made:
            audit_record(
                actor=actor,
                verb="consultation.groups_suggest",
                target=draft,
                changes={"groups": (None, made)},
            )
    return made


def _comments_for_group(draft: Draft, comment_ids: Sequence[int]) -> list[Comment]:
    ids = sorted({int(i) for i in comment_ids})
    if len(ids) < 2:
        raise _fail("comments", _("Chọn ít nhất hai ý kiến để gộp thành nhóm."))
    if len(ids) > MAX_GROUP:
        raise _fail("comments", _("Tối đa %(n)d ý kiến một nhóm.") % {"n": MAX_GROUP})
    comments = list(Comment.objects.filter(pk__in=ids, draft=draft, status=CommentStatus.PUBLISHED))
    if len(comments) != len(ids):
        raise _fail("comments", _("Chỉ gộp được các ý kiến đã duyệt của dự thảo này."))
    if len({c.section_id for c in comments}) > 1:
        raise _fail("comments", _("Chỉ gộp các ý kiến góp vào cùng một điều, khoản."))
    if Response.objects.filter(comment__in=comments).exists():
        raise _fail(
            "comments", _("Có ý kiến đã được trả lời riêng: xóa phần trả lời đó trước khi gộp.")
        )
    return comments


def group_create(
    *, draft: Draft, actor: Any, comment_ids: Sequence[int], label: str = ""
) -> CommentGroup:
    """Put the chosen comments (of one section) into a new group, taking them out of theirs."""
    _require_work(actor, draft)
    comments = _comments_for_group(draft, comment_ids)
    text = _text(label, field="label", limit=500) or " ".join(comments[0].text.split())[:200]
    with transaction.atomic():
        _require_state(draft, WORK_STATES, _("Dự thảo đang ở bước “{status}”."))
        old_groups = {c.group_id for c in comments if c.group_id is not None}
        group = CommentGroup.objects.create(
            draft=draft, section_id=comments[0].section_id, label=text, automatic=False
        )
        Comment.objects.filter(pk__in=[c.pk for c in comments]).update(group=group)
        CommentGroup.objects.filter(pk__in=sorted(old_groups), comments__isnull=True).delete()
        audit_record(
            actor=actor,
            verb="consultation.group_create",
            target=draft,
            changes={"group": (None, [c.pk for c in comments])},
        )
    return group


def group_merge(*, group: CommentGroup, other: CommentGroup, actor: Any) -> CommentGroup:
    """Move `other`'s comments into `group` (same section); `other` goes. When only `other` was
    answered, its response moves with them; when both were, remove one response first."""
    draft = group.draft
    _require_work(actor, draft)
    if other.draft_id != group.draft_id or other.pk == group.pk:
        raise _fail("other", _("Chọn một nhóm khác của cùng dự thảo."))
    if other.section_id != group.section_id:
        raise _fail("other", _("Chỉ gộp các nhóm góp ý vào cùng một điều, khoản."))
    mine = Response.objects.filter(group=group).first()
    theirs = Response.objects.filter(group=other).first()
    if mine is not None and theirs is not None:
        raise _fail("other", _("Cả hai nhóm đã có trả lời: xóa một phần trả lời trước khi gộp."))
    with transaction.atomic():
        _require_state(draft, WORK_STATES, _("Dự thảo đang ở bước “{status}”."))
        moved = Comment.objects.filter(group=other).update(group=group)
        if theirs is not None:
            Response.objects.filter(pk=theirs.pk).update(group=group)
        other_pk = other.pk
        other.delete()
        CommentGroup.objects.filter(pk=group.pk).update(automatic=False)
        audit_record(
            actor=actor,
            verb="consultation.group_merge",
            target=draft,
            changes={"group": (other_pk, group.pk), "comments": (None, moved)},
        )
    return group


def group_update(*, group: CommentGroup, actor: Any, label: str) -> CommentGroup:
    _require_work(actor, group.draft)
    text = _text(label, field="label", limit=500, required=_("Nhập nội dung chung của nhóm."))
    with transaction.atomic():
        old = group.label
        CommentGroup.objects.filter(pk=group.pk).update(label=text, automatic=False)
        group.label = text
        audit_record(
            actor=actor,
            verb="consultation.group_update",
            target=group.draft,
            changes={"label": (old[:200], text[:200])},
        )
    return group


def comment_detach(*, comment: Comment, actor: Any) -> Comment:
    """Take a comment out of its group (split by hand); an emptied group goes."""
    _require_work(actor, comment.draft)
    if comment.group_id is None:
        raise _fail("group", _("Ý kiến này không thuộc nhóm nào."))
    with transaction.atomic():
        group_id = comment.group_id
        _leave_group(comment)
        audit_record(
            actor=actor,
            verb="consultation.comment_detach",
            target=comment,
            changes={"group": (group_id, None)},
        )
    return comment


# --- Responses -------------------------------------------------------------------------------


def _check_response(data: ResponseInput) -> dict[str, str]:
    if data.kind not in ResponseKind.values:
        raise _fail("kind", _("Chọn hình thức: tiếp thu, giải trình hoặc ghi nhận."))
    text = _text(
        data.text,
        field="text",
        limit=TEXT_MAX,
        multiline=True,
        required=_("Nhập nội dung tiếp thu, giải trình."),
    )
    change = _text(data.change, field="change", limit=TEXT_MAX, multiline=True)
    if data.kind == ResponseKind.ACCEPTED and not change:
        raise _fail(
            "change", _("Tiếp thu: ghi nội dung dự thảo đã được sửa đổi, bổ sung như thế nào.")
        )
    return {"kind": data.kind, "text": text, "change": change}


def response_set(
    *,
    draft: Draft,
    actor: Any,
    data: ResponseInput,
    comment: Comment | None = None,
    group: CommentGroup | None = None,
) -> Response:
    """Answer one comment (not in a group) or one group; answering again replaces the answer."""
    _require_work(actor, draft)
    if (comment is None) == (group is None):
        raise _fail("target", _("Chọn một ý kiến hoặc một nhóm ý kiến để trả lời."))
    if comment is not None:
        if comment.draft_id != draft.pk:
            raise NotFound(_("Không có ý kiến này trong dự thảo."))
        if comment.status != CommentStatus.PUBLISHED:
            raise _fail("target", _("Chỉ trả lời ý kiến đã duyệt."))
        if comment.group_id is not None:
            raise _fail(
                "target", _("Ý kiến thuộc một nhóm: trả lời cho cả nhóm (hoặc tách ý kiến ra).")
            )
    if group is not None and group.draft_id != draft.pk:
        raise NotFound(_("Không có nhóm ý kiến này trong dự thảo."))
    values = _check_response(data)
    with transaction.atomic():
        _require_state(draft, WORK_STATES, _("Dự thảo đang ở bước “{status}”."))
        existing = Response.objects.filter(
            **({"comment": comment} if comment is not None else {"group": group})
        ).first()
        old = existing.kind if existing else None
        if existing is None:
            response = Response.objects.create(
                draft=draft, comment=comment, group=group, responded_by=_actor(actor), **values
            )
        else:
            for k, v in values.items():
                setattr(existing, k, v)
            existing.responded_by = _actor(actor)
            existing.save()
            response = existing
        audit_record(
            actor=actor,
            verb="consultation.response_set",
            target=draft,
            changes={
                "kind": (old, values["kind"]),
                "comment" if comment is not None else "group": (
                    None,
                    comment.pk if comment is not None else group.pk if group else None,
                ),
            },
        )
    return response


def response_remove(*, response: Response, actor: Any) -> None:
    draft = response.draft
    _require_work(actor, draft)
    with transaction.atomic():
        kind = response.kind
        response.delete()
        audit_record(
            actor=actor,
            verb="consultation.response_remove",
            target=draft,
            changes={"kind": (kind, None)},
        )


def unanswered_count(draft: Draft) -> int:
    """Published comments with no response of their own nor of their group."""
    return (
        Comment.objects.filter(draft=draft, status=CommentStatus.PUBLISHED, response__isnull=True)
        .exclude(group__response__isnull=False)
        .count()
    )


def draft_synthesis_publish(*, draft: Draft, actor: Any, data: SynthesisInput) -> Draft:
    """Publish the synthesis: every published comment must be answered (itself or through its
    group) and none may wait for moderation; the report takes the body's next "BC" number, and
    each response becomes visible to its author and on the public page."""
    require_manager(actor, draft)
    if draft.status != Status.CLOSED:
        raise _fail(
            "to",
            _("Chỉ công bố tổng hợp khi đã kết thúc lấy ý kiến (dự thảo đang “{status}”).").format(
                status=_status_label(draft.status)
            ),
        )
    if data.expected_version != draft.version:
        raise _conflict()
    pending = Comment.objects.filter(draft=draft, status=CommentStatus.PENDING).count()
    if pending:
        raise _fail(
            "to",
            _("Còn {n} ý kiến chưa duyệt: duyệt hoặc không đăng trước khi công bố.").format(
                n=pending
            ),
            code="pending_comments",
        )
    missing = unanswered_count(draft)
    if missing:
        raise _fail(
            "to",
            _("Còn {n} ý kiến chưa được tiếp thu, giải trình.").format(n=missing),
            code="unanswered",
        )
    issued = data.issued_on or _today()
    issued = _day(issued, field="issued_on", label=_("ngày báo cáo"))
    if issued > _today() or (draft.closed_on and issued < draft.closed_on):
        raise _fail(
            "issued_on",
            _("Ngày báo cáo phải từ ngày kết thúc lấy ý kiến đến hôm nay."),
        )
    summary = _text(data.summary, field="summary", limit=TEXT_MAX, multiline=True)
    signer = _text(data.signer, field="signer", limit=200)
    position = _text(data.position, field="position", limit=200)
    with transaction.atomic():
        number = document_number_next(
            organization=draft.organization, symbol=SYNTHESIS_SYMBOL, issued_on=issued
        )
        _save_versioned(
            draft,
            data.expected_version,
            status=Status.SYNTHESISED,
            synthesis_number=number,
            synthesis_on=issued,
            synthesis_summary=summary,
            synthesis_signer=signer,
            synthesis_position=position,
        )
        audit_record(
            actor=actor,
            verb="consultation.synthesis_publish",
            target=draft,
            changes={
                "status": (Status.CLOSED, Status.SYNTHESISED),
                "synthesis_number": (None, number),
                "synthesis_on": (None, issued.isoformat()),
            },
        )
    return draft


def synthesis_count(organization_id: int, symbol: str, start: dt.date, end: dt.date) -> int:
    """The shared document counter: syntheses this body issued with `symbol` in [start, end)."""
    if symbol != SYNTHESIS_SYMBOL:
        return 0
    return (
        Draft.objects.filter(
            organization_id=organization_id, synthesis_on__gte=start, synthesis_on__lt=end
        )
        .exclude(synthesis_number="")
        .count()
    )
