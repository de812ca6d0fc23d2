"""Writes of grassroots mediation: teams and their members, cases (parties, assignment,
sessions, outcome) and "Chuyển thành đơn" (a failed case registered as a petition through the
petitions module's service, in the same transaction).

Every write checks permission and input first, then changes rows inside one transaction with
its audit record; case moves are guarded by `version` (a lost race is a `Conflict`). The start
deadline is re-derived in the same transaction (`deadlines.case_deadlines_sync`). The parties'
names and addresses never go into the audit log (only their count).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from danvan.core.documents import short_date
from danvan.core.errors import Conflict, PermissionDenied, ValidationFailed
from danvan.core.models import Organization, OrgKind, OrgLevel
from danvan.core.services.audit import audit_record
from danvan.core.services.common import today
from danvan.core.services.inputs import clean_reason, clean_text
from danvan.core.services.versioning import versioned_update
from danvan.mediation import permissions
from danvan.mediation.deadlines import case_deadlines_sync
from danvan.mediation.inputs import (
    CaseInput,
    MemberInput,
    OutcomeInput,
    SessionInput,
    TeamInput,
    ToPetitionInput,
)
from danvan.mediation.models import Case, Member, Party, Session, Team
from danvan.mediation.states import (
    MEDIATED_OUTCOMES,
    OPEN_STATES,
    TRANSITIONS,
    CaseSource,
    CaseStatus,
    DisputeKind,
    Gender,
    MemberRole,
    Side,
    TeamStatus,
    case_targets,
)

TEXT_MAX = 20_000
NAME_MAX = 200
MAX_PARTIES = 20
EARLIEST = dt.date(2000, 1, 1)
PETITION_KINDS = ("proposal", "complaint")
# The petition's topic from the kind of dispute (petitions' topic list, danvan/data/topics.json).
TOPIC_BY_DISPUTE = {DisputeKind.LAND: "dat_dai", DisputeKind.MINOR_OFFENCE: "an_ninh_trat_tu"}

_CASE = gettext_noop("Vụ việc hòa giải")
_TEAM = gettext_noop("Tổ hòa giải")


def _conflict(what: str) -> Conflict:
    message = _(
        "{what} vừa được người khác cập nhật: tải lại trang để xem thay đổi rồi thực hiện lại."
    ).format(what=_(what))
    return Conflict(message, fields={"expected_version": message})


def _day(value: Any, *, field: str, label: str, required: bool = True) -> dt.date | None:
    """A date not in the future and not before 2000 (None allowed when not `required`)."""
    if value is None and not required:
        return None
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        message = _("Nhập {what} (ngày/tháng/năm).").format(what=label)
        raise ValidationFailed(message, fields={field: message})
    if value > today():
        message = _("{what} không được sau hôm nay.").format(what=label[:1].upper() + label[1:])
        raise ValidationFailed(message, fields={field: message})
    if value < EARLIEST:
        message = _("{what} phải từ năm 2000 trở về sau.").format(
            what=label[:1].upper() + label[1:]
        )
        raise ValidationFailed(message, fields={field: message})
    return value


def _not_before(day: dt.date, floor: dt.date, *, field: str, label: str, floor_label: str) -> None:
    if day < floor:
        message = _("{what} không được trước {floor} ({day}).").format(
            what=label[:1].upper() + label[1:], floor=floor_label, day=short_date(floor)
        )
        raise ValidationFailed(message, fields={field: message})


# --- Teams ------------------------------------------------------------------------------------


def _require_team_manager(actor: Any, team: Team) -> None:
    if not permissions.can_manage_team(actor, team):
        raise PermissionDenied(
            _(
                "Bạn không có quyền thực hiện việc này: cần vai trò cán bộ, lãnh đạo hoặc Mặt "
                "trận tại Ủy ban nhân dân xã của tổ hòa giải hoặc cơ quan cấp trên."
            )
        )


def team_create(*, actor: Any, data: TeamInput) -> Team:
    """Set up a mediation team of a residential area, kept by a commune People's Committee."""
    org = (
        Organization.objects.filter(pk=data.organization_id, is_active=True).first()
        if data.organization_id
        else None
    )
    if org is None or org.level != OrgLevel.COMMUNE or org.kind != OrgKind.PEOPLES_COMMITTEE:
        message = _("Chọn Ủy ban nhân dân cấp xã quản lý tổ hòa giải.")
        raise ValidationFailed(message, fields={"organization": message})
    if not permissions.can_manage_at(actor, org):
        raise PermissionDenied(_("Bạn không có quyền lập tổ hòa giải của xã này."))
    name = clean_text(data.name, field="name", limit=200, required=_("Nhập tên tổ hòa giải."))
    area = clean_text(
        data.residential_area,
        field="residential_area",
        limit=200,
        required=_("Nhập thôn, tổ dân phố của tổ hòa giải."),
    )
    established = _day(
        data.established_on, field="established_on", label=_("ngày thành lập"), required=False
    )
    decision = clean_text(data.decision_number, field="decision_number", limit=60)
    if Team.objects.filter(organization=org, name=name).exists():
        message = _("Xã này đã có tổ hòa giải tên “{name}”.").format(name=name)
        raise ValidationFailed(message, fields={"name": message})
    with transaction.atomic():
        team = Team.objects.create(
            organization=org,
            name=name,
            residential_area=area,
            established_on=established,
            decision_number=decision,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        audit_record(
            actor=actor,
            verb="mediation.team_create",
            target=team,
            changes={
                "organization": (None, org.code),
                "name": (None, name),
                "residential_area": (None, area),
                "decision_number": (None, decision or None),
            },
        )
    return team


def team_dissolve(
    *, team: Team, actor: Any, expected_version: int, reason: str, on: dt.date | None = None
) -> Team:
    """Dissolve a team: its current members' service ends that day. Refused while it still has
    open cases."""
    _require_team_manager(actor, team)
    if team.status != TeamStatus.ACTIVE:
        message = _("Tổ hòa giải đã giải thể.")
        raise ValidationFailed(message, fields={"reason": message})
    why = clean_reason(reason)
    day = _day(on or today(), field="on", label=_("ngày giải thể"))
    assert day is not None
    if team.cases.filter(status__in=sorted(OPEN_STATES)).exists():
        message = _("Tổ còn vụ việc đang hòa giải: kết thúc các vụ việc trước khi giải thể.")
        raise ValidationFailed(message, fields={"reason": message})
    with transaction.atomic():
        if not versioned_update(
            team,
            expected_version=expected_version,
            status=TeamStatus.DISSOLVED,
            dissolved_on=day,
            status_note=why,
        ):
            raise _conflict(_TEAM)
        Member.objects.filter(team=team, to_on__isnull=True, from_on__lte=day).update(to_on=day)
        # A member recognised after the dissolution day (bad data): ends on their first day.
        Member.objects.filter(team=team, to_on__isnull=True).update(to_on=F("from_on"))
        audit_record(
            actor=actor,
            verb="mediation.team_dissolve",
            target=team,
            changes={"status": (TeamStatus.ACTIVE, TeamStatus.DISSOLVED), "reason": (None, why)},
        )
    return team


def member_add(*, team: Team, actor: Any, data: MemberInput) -> Member:
    """Add a mediator (or the team leader) recognised by the commune chairman's decision."""
    _require_team_manager(actor, team)
    if team.status != TeamStatus.ACTIVE:
        message = _("Tổ hòa giải đã giải thể: không bổ sung hòa giải viên được.")
        raise ValidationFailed(message, fields={"full_name": message})
    name = clean_text(
        data.full_name, field="full_name", limit=NAME_MAX, required=_("Nhập họ và tên.")
    )
    if data.role not in MemberRole.values:
        message = _("Chọn vai trò: tổ trưởng hoặc hòa giải viên.")
        raise ValidationFailed(message, fields={"role": message})
    if data.gender not in Gender.values:
        message = _("Chọn giới tính.")
        raise ValidationFailed(message, fields={"gender": message})
    from_on = _day(data.from_on, field="from_on", label=_("ngày bắt đầu"))
    assert from_on is not None
    decision_date = _day(
        data.decision_date, field="decision_date", label=_("ngày quyết định"), required=False
    )
    if decision_date is not None and from_on < decision_date:
        message = _("Ngày bắt đầu không được trước ngày quyết định công nhận.")
        raise ValidationFailed(message, fields={"from_on": message})
    if (
        data.role == MemberRole.LEADER
        and Member.objects.filter(team=team, role=MemberRole.LEADER, to_on__isnull=True).exists()
    ):
        message = _(
            "Tổ đã có tổ trưởng đang làm nhiệm vụ: ghi việc thôi làm tổ trưởng trước khi "
            "bổ sung tổ trưởng mới."
        )
        raise ValidationFailed(message, fields={"role": message})
    with transaction.atomic():
        member = Member.objects.create(
            team=team,
            full_name=name,
            role=data.role,
            gender=data.gender,
            ethnicity=clean_text(data.ethnicity, field="ethnicity", limit=60),
            from_on=from_on,
            decision_number=clean_text(data.decision_number, field="decision_number", limit=60),
            decision_date=decision_date,
        )
        audit_record(
            actor=actor,
            verb="mediation.member_add",
            target=team,
            changes={
                "member": (None, name),
                "role": (None, data.role),
                "decision_number": (None, member.decision_number or None),
            },
        )
    return member


def member_end(*, member: Member, actor: Any, reason: str, on: dt.date | None = None) -> Member:
    """A member stops serving (thôi làm hòa giải viên) on `on` (default today)."""
    team = member.team
    _require_team_manager(actor, team)
    if member.to_on is not None:
        message = _("Hòa giải viên này đã thôi làm nhiệm vụ.")
        raise ValidationFailed(message, fields={"reason": message})
    why = clean_reason(reason)
    day = _day(on or today(), field="on", label=_("ngày thôi làm nhiệm vụ"))
    assert day is not None
    _not_before(
        day, member.from_on, field="on", label=_("ngày thôi"), floor_label=_("ngày bắt đầu")
    )
    with transaction.atomic():
        Member.objects.filter(pk=member.pk).update(to_on=day, end_reason=why)
        member.to_on, member.end_reason = day, why
        audit_record(
            actor=actor,
            verb="mediation.member_end",
            target=team,
            changes={"member": (member.full_name, None), "reason": (None, why)},
        )
    return member


# --- Cases ------------------------------------------------------------------------------------


def _require_case_manager(actor: Any, case: Case) -> None:
    if not permissions.can_manage_case(actor, case):
        raise PermissionDenied(
            _(
                "Bạn không có quyền thực hiện việc này: cần vai trò cán bộ, lãnh đạo hoặc Mặt "
                "trận tại Ủy ban nhân dân xã của tổ hòa giải hoặc cơ quan cấp trên."
            )
        )


def _mediators(team: Team, ids: list[int], on: dt.date) -> list[Member]:
    wanted = list(dict.fromkeys(int(i) for i in ids))
    found = {
        m.pk: m
        for m in Member.objects.filter(team=team, pk__in=wanted, from_on__lte=on).exclude(
            to_on__lt=on
        )
    }
    if len(found) != len(wanted):
        message = _("Chỉ phân công hòa giải viên của tổ đang làm nhiệm vụ vào ngày phân công.")
        raise ValidationFailed(message, fields={"mediators": message})
    return [found[i] for i in wanted]


def _number_next(org: Organization, year: int) -> int:
    last = Case.objects.filter(organization=org, year=year).aggregate(m=Max("sequence"))["m"]
    return int(last or 0) + 1


def case_create(*, actor: Any, data: CaseInput) -> Case:
    """Receive a case in a team's book: parties, summary, and (optionally) the mediators."""
    team = (
        Team.objects.select_related("organization").filter(pk=data.team_id).first()
        if data.team_id
        else None
    )
    if team is None or not permissions.can_manage_team(actor, team):
        message = _("Chọn tổ hòa giải (của xã nơi bạn công tác).")
        raise ValidationFailed(message, fields={"team": message})
    if team.status != TeamStatus.ACTIVE:
        message = _("Tổ hòa giải đã giải thể: không tiếp nhận vụ việc mới.")
        raise ValidationFailed(message, fields={"team": message})
    received = _day(data.received_on, field="received_on", label=_("ngày tiếp nhận"))
    assert received is not None
    if data.source not in CaseSource.values:
        message = _("Chọn căn cứ tiến hành hòa giải.")
        raise ValidationFailed(message, fields={"source": message})
    if data.dispute_kind not in DisputeKind.values:
        message = _("Chọn loại vụ việc.")
        raise ValidationFailed(message, fields={"dispute_kind": message})
    referrer = clean_text(data.referrer, field="referrer", limit=300)
    if data.source == CaseSource.REFERRED and not referrer:
        message = _("Ghi cơ quan, tổ chức, cá nhân đề nghị hòa giải.")
        raise ValidationFailed(message, fields={"referrer": message})
    summary = clean_text(
        data.summary,
        field="summary",
        limit=TEXT_MAX,
        multiline=True,
        required=_("Nhập tóm tắt vụ việc."),
    )
    parties = _parties(data)
    mediators: list[Member] = []
    assigned_on: dt.date | None = None
    if data.mediator_ids:
        assigned_on = _day(
            data.assigned_on or received, field="assigned_on", label=_("ngày phân công")
        )
        assert assigned_on is not None
        _not_before(
            assigned_on,
            received,
            field="assigned_on",
            label=_("ngày phân công"),
            floor_label=_("ngày tiếp nhận"),
        )
        mediators = _mediators(team, data.mediator_ids, assigned_on)
    org = team.organization
    for _attempt in range(3):
        try:
            with transaction.atomic():
                seq = _number_next(org, received.year)
                case = Case.objects.create(
                    team=team,
                    organization=org,
                    year=received.year,
                    sequence=seq,
                    number=f"{seq:03d}/{received.year}/HG",
                    received_on=received,
                    source=data.source,
                    referrer=referrer,
                    dispute_kind=data.dispute_kind,
                    summary=summary,
                    assigned_on=assigned_on,
                    created_by=actor if getattr(actor, "pk", None) else None,
                )
                Party.objects.bulk_create(
                    [
                        Party(case=case, position=i, side=p[0], full_name=p[1], address=p[2])
                        for i, p in enumerate(parties, start=1)
                    ]
                )
                case.mediators.set(mediators)
                case_deadlines_sync(case)
                audit_record(
                    actor=actor,
                    verb="mediation.case_create",
                    target=case,
                    target_label=case.label,
                    changes={
                        "team": (None, team.name),
                        "received_on": (None, received.isoformat()),
                        "source": (None, data.source),
                        "dispute_kind": (None, data.dispute_kind),
                        "parties": (None, len(parties)),
                        "mediators": (None, [m.full_name for m in mediators] or None),
                    },
                )
            return case
        except IntegrityError:  # two cases numbered at once: take the next number
            continue
    raise _conflict(_CASE)


def _parties(data: CaseInput) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    fields: dict[str, str] = {}
    for i, p in enumerate(data.parties[:MAX_PARTIES]):
        name = clean_text(p.full_name, field=f"parties.{i}.full_name", limit=NAME_MAX)
        address = clean_text(p.address, field=f"parties.{i}.address", limit=300)
        if not name and not address:
            continue
        if not name:
            fields[f"parties.{i}.full_name"] = _("Nhập họ và tên của bên này.")
            continue
        side = p.side if p.side in Side.values else ""
        if not side:
            fields[f"parties.{i}.side"] = _("Chọn bên.")
            continue
        rows.append((side, name, address))
    if fields:
        raise ValidationFailed(_("Thông tin các bên chưa đúng."), fields=fields)
    sides = {r[0] for r in rows}
    if Side.FIRST not in sides or Side.SECOND not in sides:
        message = _("Nhập ít nhất một người của bên thứ nhất và một người của bên thứ hai.")
        raise ValidationFailed(message, fields={"parties": message})
    return rows


def case_assign(
    *,
    case: Case,
    actor: Any,
    mediator_ids: list[int],
    expected_version: int,
    on: dt.date | None = None,
) -> Case:
    """Assign (or re-assign) the mediators of an open case; the start deadline counts from the
    first assignment."""
    _require_case_manager(actor, case)
    if case.status not in OPEN_STATES:
        message = _("Vụ việc đã kết thúc: không phân công lại được.")
        raise ValidationFailed(message, fields={"mediators": message})
    if not mediator_ids:
        message = _("Chọn ít nhất một hòa giải viên.")
        raise ValidationFailed(message, fields={"mediators": message})
    day = _day(on or today(), field="on", label=_("ngày phân công"))
    assert day is not None
    _not_before(
        day,
        case.received_on,
        field="on",
        label=_("ngày phân công"),
        floor_label=_("ngày tiếp nhận"),
    )
    mediators = _mediators(case.team, mediator_ids, day)
    before = sorted(case.mediators.values_list("full_name", flat=True))
    with transaction.atomic():
        values: dict[str, Any] = {}
        if case.assigned_on is None:
            values["assigned_on"] = day
        if not versioned_update(case, expected_version=expected_version, **values):
            raise _conflict(_CASE)
        case.mediators.set(mediators)
        case_deadlines_sync(case)
        audit_record(
            actor=actor,
            verb="mediation.case_assign",
            target=case,
            target_label=case.label,
            changes={"mediators": (before or None, sorted(m.full_name for m in mediators))},
        )
    return case


def session_add(*, case: Case, actor: Any, data: SessionInput) -> Session:
    """Record a mediation session; the first one starts the mediation (received -> mediating)."""
    _require_case_manager(actor, case)
    if case.status not in OPEN_STATES:
        message = _("Vụ việc đã kết thúc: không ghi thêm buổi hòa giải được.")
        raise ValidationFailed(message, fields={"content": message})
    held = _day(data.held_on, field="held_on", label=_("ngày hòa giải"))
    assert held is not None
    _not_before(
        held,
        case.received_on,
        field="held_on",
        label=_("ngày hòa giải"),
        floor_label=_("ngày tiếp nhận"),
    )
    place = clean_text(data.place, field="place", limit=300, required=_("Nhập địa điểm hòa giải."))
    content = clean_text(
        data.content,
        field="content",
        limit=TEXT_MAX,
        multiline=True,
        required=_("Nhập nội dung, diễn biến buổi hòa giải."),
    )
    attendees = clean_text(data.attendees, field="attendees", limit=5000, multiline=True)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        session = Session.objects.create(
            case=locked,
            held_on=held,
            place=place,
            attendees=attendees,
            content=content,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        changes: dict[str, tuple[Any, Any]] = {"session": (None, held.isoformat())}
        first = locked.started_on is None or held < locked.started_on
        values: dict[str, Any] = {}
        if first:
            values["started_on"] = held
        if locked.status == CaseStatus.RECEIVED:
            values["status"] = CaseStatus.MEDIATING
            changes["status"] = (CaseStatus.RECEIVED, CaseStatus.MEDIATING)
        if values:
            versioned_update(locked, expected_version=locked.version, **values)
        case.__dict__.update({k: getattr(locked, k) for k in ("status", "started_on", "version")})
        case_deadlines_sync(locked)
        audit_record(
            actor=actor,
            verb="mediation.session_add",
            target=locked,
            target_label=locked.label,
            changes=changes,
        )
    return session


def _illegal(current: str, to: str) -> ValidationFailed:
    allowed = case_targets(current)
    labels = ", ".join(str(CaseStatus(s).label) for s in allowed) or _("không còn bước nào")
    target = CaseStatus(to).label if to in CaseStatus.values else to
    message = _(
        "Không thể chuyển vụ việc từ “{current}” sang “{target}”. Các bước hợp lệ: {labels}."
    ).format(current=CaseStatus(current).label, target=target, labels=labels)
    return ValidationFailed(message, fields={"to": message}, code="illegal_transition")


def case_transition(*, case: Case, actor: Any, data: OutcomeInput) -> Case:
    """Move the case to `data.to` (the outcome), or refuse with a clear error.

    - mediating: from `on` (normally a recorded session does this);
    - reconciled: at least one session, the agreement text; optionally a recognition note
      (e.g. the court's recognition of the out-of-court agreement);
    - failed: at least one session and the reason; the case may then become a petition;
    - withdrawn: the reason; transferred: where to and why.
    """
    _require_case_manager(actor, case)
    source = case.status
    to = data.to
    if to not in CaseStatus.values or to not in TRANSITIONS.get(source, frozenset()):
        raise _illegal(source, to)
    day = _day(data.on or today(), field="on", label=_("ngày"))
    assert day is not None
    _not_before(day, case.received_on, field="on", label=_("ngày"), floor_label=_("ngày tiếp nhận"))
    values: dict[str, Any] = {"status": to}
    changes: dict[str, tuple[Any, Any]] = {"status": (source, to)}
    if to == CaseStatus.MEDIATING:
        values["started_on"] = case.started_on or day
    else:
        values["closed_on"] = day
        changes["closed_on"] = (None, day.isoformat())
        if case.started_on is not None:
            _not_before(
                day,
                case.started_on,
                field="on",
                label=_("ngày kết thúc"),
                floor_label=_("ngày bắt đầu hòa giải"),
            )
    if to in MEDIATED_OUTCOMES and not case.sessions.exists():
        message = _("Ghi ít nhất một buổi hòa giải trước khi ghi kết quả hòa giải.")
        raise ValidationFailed(message, fields={"to": message})
    if to == CaseStatus.RECONCILED:
        values["agreement"] = clean_text(
            data.agreement,
            field="agreement",
            limit=TEXT_MAX,
            multiline=True,
            required=_("Nhập nội dung các bên đã thỏa thuận."),
        )
        values["recognition_note"] = clean_text(
            data.recognition_note, field="recognition_note", limit=1000
        )
        changes["agreement"] = (None, "…")
    elif to in (CaseStatus.FAILED, CaseStatus.WITHDRAWN, CaseStatus.TRANSFERRED):
        values["outcome_note"] = clean_reason(data.note, field="note", limit=TEXT_MAX)
        changes["note"] = (None, values["outcome_note"][:200])
        if to == CaseStatus.TRANSFERRED:
            values["transferred_to"] = clean_text(
                data.transferred_to,
                field="transferred_to",
                limit=300,
                required=_("Ghi cơ quan có thẩm quyền nhận vụ việc."),
            )
            changes["transferred_to"] = (None, values["transferred_to"])
    with transaction.atomic():
        if not versioned_update(case, expected_version=data.expected_version, **values):
            raise _conflict(_CASE)
        case_deadlines_sync(case)
        audit_record(
            actor=actor,
            verb="mediation.case_transition",
            target=case,
            target_label=case.label,
            changes=changes,
        )
    return case


def case_to_petition(*, case: Case, actor: Any, data: ToPetitionInput) -> Any:
    """ "Chuyển thành đơn": register a failed case as a petition of the commune People's
    Committee (through `petitions.services.intake.petition_register`, channel "forwarded by
    another body", the team as forwarder and the case number as its reference), and link the
    case to it, in one transaction. Returns the petition."""
    from danvan.petitions.inputs import PersonInput, PetitionInput
    from danvan.petitions.services.intake import petition_register

    _require_case_manager(actor, case)
    if case.status != CaseStatus.FAILED:
        message = _("Chỉ vụ việc hòa giải không thành mới chuyển thành đơn được.")
        raise ValidationFailed(message, fields={"kind": message})
    if case.petition_id is not None:
        message = _("Vụ việc đã được chuyển thành đơn số {n}.").format(n=case.petition_number)
        raise ValidationFailed(message, fields={"kind": message})
    if data.kind not in PETITION_KINDS:
        message = _("Chọn loại đơn: kiến nghị hoặc khiếu nại.")
        raise ValidationFailed(message, fields={"kind": message})
    received = _day(data.received_on or today(), field="received_on", label=_("ngày nhận đơn"))
    assert received is not None
    if case.closed_on is not None:
        _not_before(
            received,
            case.closed_on,
            field="received_on",
            label=_("ngày nhận đơn"),
            floor_label=_("ngày hòa giải không thành"),
        )
    parties = list(case.parties.all())
    if data.petitioner_ids:
        wanted = {int(i) for i in data.petitioner_ids}
        petitioners = [p for p in parties if p.pk in wanted]
        if len(petitioners) != len(wanted):
            message = _("Chọn người gửi đơn trong số các bên của vụ việc.")
            raise ValidationFailed(message, fields={"petitioners": message})
    else:
        petitioners = [p for p in parties if p.side == Side.FIRST]
    others = [p for p in parties if p not in petitioners and p.side != Side.RELATED]
    team = case.team
    org = case.organization
    area = org.area
    if area is None:
        message = _("Ủy ban nhân dân xã của tổ hòa giải chưa có địa bàn.")
        raise ValidationFailed(message, fields={"kind": message})
    sessions = list(case.sessions.all())
    # Stored petition text: Vietnamese whatever the actor's language (not gettext'd).
    last = short_date(sessions[-1].held_on) if sessions else "—"
    with translation.override("vi"):
        kind_label = str(DisputeKind(case.dispute_kind).label)
    content = "\n".join(
        [
            f"Vụ việc hòa giải ở cơ sở số {case.number} của {team.name} "
            f"({team.residential_area}), hòa giải không thành.",
            f"Loại vụ việc: {kind_label}.",
            f"Tóm tắt: {case.summary}",
            f"Đã hòa giải {len(sessions)} buổi; lần cuối ngày {last}.",
            f"Lý do hòa giải không thành: {case.outcome_note}",
        ]
    )
    requests = clean_text(data.requests, field="requests", limit=TEXT_MAX, multiline=True)
    petition_data = PetitionInput(
        kind=data.kind,
        channel="forwarded_agency",
        received_on=received,
        content=content,
        area_code=area.code,
        petitioners=[PersonInput(full_name=p.full_name, address=p.address) for p in petitioners],
        topic=TOPIC_BY_DISPUTE.get(DisputeKind(case.dispute_kind), ""),
        respondent="; ".join(p.full_name for p in others)[:300],
        summary=case.summary[:500],
        requests=requests,
        forwarder=f"{team.name}, {team.residential_area}"[:200],
        forwarder_reference=case.number,
        organization_id=_petition_organization_id(org),
    )
    with transaction.atomic():
        petition = petition_register(actor=actor, data=petition_data)
        if not versioned_update(
            case,
            expected_version=data.expected_version,
            petition_id=petition.pk,
            petition_number=str(petition.case_number),
            petition_on=received,
        ):
            raise _conflict(_CASE)
        audit_record(
            actor=actor,
            verb="mediation.case_to_petition",
            target=case,
            target_label=case.label,
            changes={
                "petition": (None, str(petition.case_number)),
                "kind": (None, data.kind),
                "petitioners": (None, len(petitioners)),
            },
        )
    return petition


def _petition_organization_id(org: Organization) -> int:
    """The petition is entered in the book of the commune People's Committee."""
    return int(org.pk)
