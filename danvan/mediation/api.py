"""/api/v1/mediation: grassroots mediation teams (members), cases (sessions, outcome) and
"Chuyển thành đơn" (a failed case registered as a petition).

- Authentication is the API-wide default (bearer token or the browser session).
- Every read goes through `mediation.selectors`, scoped to the caller: a record outside the
  caller's scope answers 404 exactly like a missing one. The parties' names and addresses are
  returned only to people of the team's commune (`parties` is null otherwise).
- Case moves, assignments and the petition carry `expected_version`: if the case changed since,
  the answer is 409 `conflict` and nothing changes.
- Organisations are named by their code (`19564-UBND`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Path, Query, Router, Schema, Status

from danvan.core.api.auth import ErrorOut, api_user
from danvan.core.api.common import (
    ERRORS,
    MAX_ID,
    MAX_PAGE_SIZE,
    PAGE_SIZE,
    no_store,
    page_of,
    scoped_record,
)
from danvan.core.api.common import active_organization_id as _org_id
from danvan.core.api.throttling import write_throttle
from danvan.mediation import permissions, selectors, services
from danvan.mediation.inputs import (
    CaseInput,
    MemberInput,
    OutcomeInput,
    PartyInput,
    SessionInput,
    TeamInput,
    ToPetitionInput,
)
from danvan.mediation.models import Case, Member, Team
from danvan.mediation.states import case_targets

router = Router(tags=["mediation"])

TEXT_MAX = 20_000
_WRITE_ERRORS: dict[int, type[Schema]] = {**ERRORS, 409: ErrorOut, 429: ErrorOut}

RoleCode = Literal["leader", "mediator"]
GenderCode = Literal["female", "male"]
SourceCode = Literal["party_request", "witnessed", "assigned", "referred"]
DisputeCode = Literal[
    "land", "family", "civil", "neighbour", "inheritance", "minor_offence", "custom", "other"
]
SideCode = Literal["first", "second", "related"]
StatusCode = Literal["received", "mediating", "reconciled", "failed", "withdrawn", "transferred"]
MoveCode = Literal["mediating", "reconciled", "failed", "withdrawn", "transferred"]


class MediationCodeName(Schema):
    code: str
    name: str


class MediationTeamIn(Schema):
    organization_code: str = Field(..., max_length=40, description="Mã UBND cấp xã")
    name: str = Field(..., min_length=1, max_length=200)
    residential_area: str = Field(..., min_length=1, max_length=200)
    established_on: dt.date | None = None
    decision_number: str = Field("", max_length=60)


class MediationMemberIn(Schema):
    full_name: str = Field(..., min_length=1, max_length=200)
    role: RoleCode
    gender: GenderCode
    from_on: dt.date
    ethnicity: str = Field("", max_length=60)
    decision_number: str = Field("", max_length=60)
    decision_date: dt.date | None = None


class MediationMemberEndIn(Schema):
    reason: str = Field(..., min_length=1, max_length=1000)
    on: dt.date | None = None


class MediationDissolveIn(Schema):
    expected_version: int = Field(..., ge=1, le=MAX_ID)
    reason: str = Field(..., min_length=1, max_length=1000)
    on: dt.date | None = None


class MediationMemberOut(Schema):
    id: int
    full_name: str
    role: str
    gender: str
    ethnicity: str
    from_on: dt.date
    to_on: dt.date | None
    decision_number: str
    decision_date: dt.date | None


class MediationTeamItemOut(Schema):
    id: int
    name: str
    residential_area: str
    organization: MediationCodeName
    status: str
    current_members: int
    open_cases: int


class MediationTeamOut(Schema):
    id: int
    name: str
    residential_area: str
    organization: MediationCodeName
    status: str
    established_on: dt.date | None
    decision_number: str
    dissolved_on: dt.date | None
    version: int
    can_manage: bool
    members: list[MediationMemberOut]
    composition_problems: list[str]


class MediationPartyIn(Schema):
    full_name: str = Field(..., min_length=1, max_length=200)
    side: SideCode
    address: str = Field("", max_length=300)


class MediationCaseIn(Schema):
    team_id: int = Field(..., ge=1, le=MAX_ID)
    received_on: dt.date
    source: SourceCode
    dispute_kind: DisputeCode
    summary: str = Field(..., min_length=1, max_length=TEXT_MAX)
    parties: list[MediationPartyIn] = Field(..., min_length=2, max_length=20)
    referrer: str = Field("", max_length=300)
    mediator_ids: list[int] = Field(default_factory=list, max_length=20)
    assigned_on: dt.date | None = None


class MediationAssignIn(Schema):
    expected_version: int = Field(..., ge=1, le=MAX_ID)
    mediator_ids: list[int] = Field(..., min_length=1, max_length=20)
    on: dt.date | None = None


class MediationSessionIn(Schema):
    held_on: dt.date
    place: str = Field(..., min_length=1, max_length=300)
    content: str = Field(..., min_length=1, max_length=TEXT_MAX)
    attendees: str = Field("", max_length=5000)


class MediationOutcomeIn(Schema):
    to: MoveCode
    expected_version: int = Field(..., ge=1, le=MAX_ID)
    on: dt.date | None = None
    agreement: str = Field("", max_length=TEXT_MAX, description="to=reconciled: bắt buộc")
    recognition_note: str = Field("", max_length=1000)
    note: str = Field("", max_length=TEXT_MAX, description="failed/withdrawn/transferred: lý do")
    transferred_to: str = Field("", max_length=300)


class MediationToPetitionIn(Schema):
    kind: Literal["proposal", "complaint"]
    expected_version: int = Field(..., ge=1, le=MAX_ID)
    petitioner_ids: list[int] = Field(default_factory=list, max_length=20)
    received_on: dt.date | None = None
    requests: str = Field("", max_length=TEXT_MAX)


class MediationPartyOut(Schema):
    id: int
    side: str
    full_name: str
    address: str


class MediationSessionOut(Schema):
    id: int
    held_on: dt.date
    place: str
    attendees: str
    content: str


class MediationCaseItemOut(Schema):
    id: int
    number: str
    team_id: int
    organization: MediationCodeName
    received_on: dt.date
    dispute_kind: str
    status: str
    start_due: dt.date | None
    started_on: dt.date | None
    petition_id: int | None


class MediationCasePage(Schema):
    items: list[MediationCaseItemOut]
    count: int
    page: int
    page_size: int


class MediationPetitionLinkOut(Schema):
    id: int
    case_number: str
    registered_on: dt.date | None
    url: str


class MediationCaseOut(Schema):
    id: int
    number: str
    team_id: int
    team: str
    organization: MediationCodeName
    received_on: dt.date
    source: str
    referrer: str
    dispute_kind: str
    summary: str
    parties: list[MediationPartyOut] | None
    mediators: list[MediationMemberOut]
    assigned_on: dt.date | None
    start_due: dt.date | None
    start_rule: str
    started_on: dt.date | None
    status: str
    closed_on: dt.date | None
    agreement: str
    recognition_note: str
    outcome_note: str
    transferred_to: str
    sessions: list[MediationSessionOut]
    petition: MediationPetitionLinkOut | None
    version: int
    allowed_moves: list[str]
    can_manage: bool


class MediationCaseListQuery(Schema):
    status: StatusCode | None = None
    dispute_kind: DisputeCode | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    team_id: int | None = Field(None, ge=1, le=MAX_ID)
    organization: str | None = Field(None, max_length=40)
    overdue: bool = False
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class MediationStatOut(Schema):
    organization: str
    year: int
    received: int
    open: int
    reconciled: int
    failed: int
    withdrawn: int
    transferred: int
    reconciled_rate: float | None
    petitions: int


class MediationStatQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100)


# --- Output builders ----------------------------------------------------------------------------


def _member_out(m: Member) -> dict[str, Any]:
    return {
        "id": m.pk,
        "full_name": m.full_name,
        "role": m.role,
        "gender": m.gender,
        "ethnicity": m.ethnicity,
        "from_on": m.from_on,
        "to_on": m.to_on,
        "decision_number": m.decision_number,
        "decision_date": m.decision_date,
    }


def _team_out(user: Any, pk: int) -> dict[str, Any]:
    t = selectors.team_get(user=user, pk=pk)
    members = selectors.team_members(t)
    return {
        "id": t.pk,
        "name": t.name,
        "residential_area": t.residential_area,
        "organization": {"code": t.organization.code, "name": t.organization.name},
        "status": t.status,
        "established_on": t.established_on,
        "decision_number": t.decision_number,
        "dissolved_on": t.dissolved_on,
        "version": t.version,
        "can_manage": permissions.can_manage_team(user, t),
        "members": [_member_out(m) for m in members],
        "composition_problems": selectors.team_compliance(t, members),
    }


def _team_item(t: Team) -> dict[str, Any]:
    return {
        "id": t.pk,
        "name": t.name,
        "residential_area": t.residential_area,
        "organization": {"code": t.organization.code, "name": t.organization.name},
        "status": t.status,
        "current_members": getattr(t, "current_members", 0),
        "open_cases": getattr(t, "open_cases", 0),
    }


def _case_item(c: Case) -> dict[str, Any]:
    return {
        "id": c.pk,
        "number": c.number,
        "team_id": c.team_id,
        "organization": {"code": c.organization.code, "name": c.organization.name},
        "received_on": c.received_on,
        "dispute_kind": c.dispute_kind,
        "status": c.status,
        "start_due": c.start_due,
        "started_on": c.started_on,
        "petition_id": c.petition_id,
    }


def _case_out(user: Any, pk: int) -> dict[str, Any]:
    from django.urls import reverse

    c = selectors.case_get(user=user, pk=pk)
    parties = selectors.case_parties(user=user, case=c)
    manage = permissions.can_manage_case(user, c)
    return {
        "id": c.pk,
        "number": c.number,
        "team_id": c.team_id,
        "team": c.team.name,
        "organization": {"code": c.organization.code, "name": c.organization.name},
        "received_on": c.received_on,
        "source": c.source,
        "referrer": c.referrer,
        "dispute_kind": c.dispute_kind,
        "summary": c.summary,
        "parties": None
        if parties is None
        else [
            {"id": p.pk, "side": p.side, "full_name": p.full_name, "address": p.address}
            for p in parties
        ],
        "mediators": [_member_out(m) for m in selectors.case_mediators(c)],
        "assigned_on": c.assigned_on,
        "start_due": c.start_due,
        "start_rule": c.start_rule,
        "started_on": c.started_on,
        "status": c.status,
        "closed_on": c.closed_on,
        "agreement": c.agreement,
        "recognition_note": c.recognition_note,
        "outcome_note": c.outcome_note,
        "transferred_to": c.transferred_to,
        "sessions": [
            {
                "id": s.pk,
                "held_on": s.held_on,
                "place": s.place,
                "attendees": s.attendees,
                "content": s.content,
            }
            for s in selectors.case_sessions(c)
        ],
        "petition": None
        if c.petition_id is None
        else {
            "id": c.petition_id,
            "case_number": c.petition_number,
            "registered_on": c.petition_on,
            "url": reverse("petitions:detail", args=[c.petition_id]),
        },
        "version": c.version,
        "allowed_moves": case_targets(c.status) if manage else [],
        "can_manage": manage,
    }


# --- Teams --------------------------------------------------------------------------------------


@router.get("/teams", response={200: list[MediationTeamItemOut], **ERRORS}, summary="Tổ hòa giải")
def team_list(request: HttpRequest, organization: str | None = None) -> Any:
    user = api_user(request)
    org_id = _org_id(organization, "organization") if organization else None
    return [_team_item(t) for t in selectors.team_list(user=user, organization_id=org_id)[:1000]]


@router.post(
    "/teams",
    response={201: MediationTeamOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Lập tổ hòa giải",
)
def team_create(request: HttpRequest, payload: MediationTeamIn, response: HttpResponse) -> Any:
    user = api_user(request)
    team = services.team_create(
        actor=user,
        data=TeamInput(
            organization_id=_org_id(payload.organization_code, "organization_code"),
            name=payload.name,
            residential_area=payload.residential_area,
            established_on=payload.established_on,
            decision_number=payload.decision_number,
        ),
    )
    response["Location"] = f"{request.path.rstrip('/')}/{team.pk}"
    return Status(201, _team_out(user, team.pk))


@router.get("/teams/{id}", response={200: MediationTeamOut, **ERRORS}, summary="Tổ hòa giải")
def team_detail(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    return _team_out(api_user(request), id)


@router.post(
    "/teams/{id}/members",
    response={201: MediationTeamOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Bổ sung hòa giải viên",
)
def member_add(
    request: HttpRequest, payload: MediationMemberIn, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    user = api_user(request)
    team = selectors.team_get(user=user, pk=id)
    services.member_add(
        team=team,
        actor=user,
        data=_member_input(payload),
    )
    return Status(201, _team_out(user, id))


@router.post(
    "/teams/{id}/members/{member_id}/end",
    response={200: MediationTeamOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Hòa giải viên thôi làm nhiệm vụ",
)
def member_end(
    request: HttpRequest,
    payload: MediationMemberEndIn,
    id: int = Path(..., ge=1, le=MAX_ID),
    member_id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    from django.http import Http404

    user = api_user(request)
    team = selectors.team_get(user=user, pk=id)
    member = Member.objects.filter(team=team, pk=member_id).select_related("team").first()
    if member is None:
        raise Http404
    services.member_end(member=member, actor=user, reason=payload.reason, on=payload.on)
    return _team_out(user, id)


@router.post(
    "/teams/{id}/dissolve",
    response={200: MediationTeamOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Giải thể tổ hòa giải",
)
def team_dissolve(
    request: HttpRequest, payload: MediationDissolveIn, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    user = api_user(request)
    team = selectors.team_get(user=user, pk=id)
    services.team_dissolve(
        team=team,
        actor=user,
        expected_version=payload.expected_version,
        reason=payload.reason,
        on=payload.on,
    )
    return _team_out(user, id)


def _member_input(payload: MediationMemberIn) -> MemberInput:
    return MemberInput(
        full_name=payload.full_name,
        role=payload.role,
        gender=payload.gender,
        from_on=payload.from_on,
        ethnicity=payload.ethnicity,
        decision_number=payload.decision_number,
        decision_date=payload.decision_date,
    )


# --- Cases --------------------------------------------------------------------------------------


@router.get("/cases", response={200: MediationCasePage, **ERRORS}, summary="Vụ việc hòa giải")
def case_list(
    request: HttpRequest, response: HttpResponse, query: Query[MediationCaseListQuery]
) -> Any:
    user = api_user(request)
    filters = selectors.CaseFilters(
        status=query.status or "",
        dispute_kind=query.dispute_kind or "",
        year=query.year,
        team_id=query.team_id,
        organization_id=_org_id(query.organization, "organization") if query.organization else None,
        overdue=query.overdue,
    )
    no_store(response)
    qs = selectors.case_list(user=user, filters=filters)
    return page_of(qs, page=query.page, page_size=query.page_size, item=_case_item)


@router.post(
    "/cases",
    response={201: MediationCaseOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Tiếp nhận vụ việc hòa giải",
)
def case_create(request: HttpRequest, payload: MediationCaseIn, response: HttpResponse) -> Any:
    user = api_user(request)
    case = services.case_create(
        actor=user,
        data=CaseInput(
            team_id=payload.team_id,
            received_on=payload.received_on,
            source=payload.source,
            dispute_kind=payload.dispute_kind,
            summary=payload.summary,
            parties=[
                PartyInput(full_name=p.full_name, side=p.side, address=p.address)
                for p in payload.parties
            ],
            referrer=payload.referrer,
            mediator_ids=payload.mediator_ids,
            assigned_on=payload.assigned_on,
        ),
    )
    response["Location"] = f"{request.path.rstrip('/')}/{case.pk}"
    no_store(response)
    return Status(201, _case_out(user, case.pk))


@router.get("/cases/{id}", response={200: MediationCaseOut, **ERRORS}, summary="Vụ việc hòa giải")
def case_detail(
    request: HttpRequest, response: HttpResponse, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    no_store(response)
    return _case_out(api_user(request), id)


@router.post(
    "/cases/{id}/assign",
    response={200: MediationCaseOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Phân công hòa giải viên",
)
def case_assign(
    request: HttpRequest,
    payload: MediationAssignIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user, case = scoped_record(request, response, selectors.case_get, id)
    services.case_assign(
        case=case,
        actor=user,
        mediator_ids=payload.mediator_ids,
        expected_version=payload.expected_version,
        on=payload.on,
    )
    return _case_out(user, id)


@router.post(
    "/cases/{id}/sessions",
    response={201: MediationCaseOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Ghi buổi hòa giải",
)
def session_add(
    request: HttpRequest,
    payload: MediationSessionIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user, case = scoped_record(request, response, selectors.case_get, id)
    services.session_add(
        case=case,
        actor=user,
        data=SessionInput(
            held_on=payload.held_on,
            place=payload.place,
            content=payload.content,
            attendees=payload.attendees,
        ),
    )
    return Status(201, _case_out(user, id))


@router.post(
    "/cases/{id}/outcome",
    response={200: MediationCaseOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Ghi kết quả hòa giải",
)
def case_outcome(
    request: HttpRequest,
    payload: MediationOutcomeIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    """received → mediating (normally by the first session) → reconciled (agreement) | failed
    (reason) | withdrawn (reason) | transferred (where to, reason)."""
    user, case = scoped_record(request, response, selectors.case_get, id)
    services.case_transition(
        case=case,
        actor=user,
        data=OutcomeInput(
            to=payload.to,
            expected_version=payload.expected_version,
            on=payload.on,
            agreement=payload.agreement,
            recognition_note=payload.recognition_note,
            note=payload.note,
            transferred_to=payload.transferred_to,
        ),
    )
    return _case_out(user, id)


@router.post(
    "/cases/{id}/to-petition",
    response={201: MediationCaseOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Chuyển vụ việc hòa giải không thành thành đơn",
)
def case_to_petition(
    request: HttpRequest,
    payload: MediationToPetitionIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user, case = scoped_record(request, response, selectors.case_get, id)
    services.case_to_petition(
        case=case,
        actor=user,
        data=ToPetitionInput(
            kind=payload.kind,
            expected_version=payload.expected_version,
            petitioner_ids=payload.petitioner_ids,
            received_on=payload.received_on,
            requests=payload.requests,
        ),
    )
    return Status(201, _case_out(user, id))


@router.get(
    "/statistics",
    response={200: list[MediationStatOut], **ERRORS},
    summary="Thống kê hòa giải theo xã và năm",
)
def statistics(request: HttpRequest, query: Query[MediationStatQuery]) -> Any:
    rows = selectors.statistics(user=api_user(request), year=query.year)
    return [
        {
            "organization": r.organization,
            "year": r.year,
            "received": r.received,
            "open": r.open,
            "reconciled": r.reconciled,
            "failed": r.failed,
            "withdrawn": r.withdrawn,
            "transferred": r.transferred,
            "reconciled_rate": r.reconciled_rate,
            "petitions": r.petitions,
        }
        for r in rows
    ]
