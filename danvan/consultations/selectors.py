"""Reads of the consultations module, always scoped to what the user may see.

Staff see the drafts of the organisations their roles in `permissions.VIEWER_ROLES` cover
(`core.selectors.scope`); anything else is answered as if it did not exist (Http404). The
public reads (`public_*`, `comment_public_status`) need no account and show only what the
portal may show: drafts that are open, closed or synthesised and open to citizens, published
comments without their authors' names (a citizen is "Công dân ở <xã>"), and responses once the
synthesis is published.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.consultations import permissions
from danvan.consultations.models import Comment, CommentGroup, Draft, Response, Section
from danvan.consultations.services import tracking_code_clean
from danvan.consultations.states import (
    PUBLIC_STATES,
    Audience,
    AuthorKind,
    CommentStatus,
    RejectReason,
    ResponseKind,
    Status,
    allowed_targets,
)
from danvan.core.errors import NotFound
from danvan.core.models import AdminUnit
from danvan.core.models.units import UnitLevel
from danvan.text import fold

MAX_ID = 2**63 - 1
RECENT_DAYS = 365  # synthesised drafts stay on the portal's list this long


@dataclass
class DraftFilters:
    status: str = ""
    kind: str = ""
    organization_id: int | None = None
    q: str = ""


def _key(pk: Any) -> int:
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 1 <= key <= MAX_ID:
        raise Http404
    return key


def _scoped(user: Any) -> QuerySet[Draft]:
    qs = Draft.objects.all()
    ids = permissions.viewing_organization_ids(user)
    if ids is None:
        return qs
    if not ids:
        return qs.none()
    return qs.filter(organization_id__in=sorted(ids))


def draft_list(*, user: Any, filters: DraftFilters | None = None) -> QuerySet[Draft]:
    """The drafts the user may see, newest period first, with comment counts."""
    f = filters or DraftFilters()
    qs = _scoped(user)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.organization_id is not None:
        qs = qs.filter(organization_id=f.organization_id)
    for word in fold(f.q.strip()[:200]).split()[:8]:
        qs = qs.filter(search_text__contains=word)
    return (
        qs.select_related("organization")
        .annotate(
            comment_total=Count("comments", distinct=True),
            comment_pending=Count(
                "comments", filter=Q(comments__status=CommentStatus.PENDING), distinct=True
            ),
        )
        .order_by("-opens_on", "-id")
    )


def draft_get(*, user: Any, pk: Any) -> Draft:
    """One draft inside the user's scope, or Http404."""
    draft = (
        _scoped(user)
        .select_related("organization__area", "audience_area")
        .filter(pk=_key(pk))
        .first()
    )
    if draft is None:
        raise Http404
    return draft


def draft_allowed_moves(*, draft: Draft, user: Any) -> list[str]:
    if not permissions.can_manage(user, draft):
        return []
    return [s for s in allowed_targets(draft.status) if s != Status.SYNTHESISED]


def sections_of(draft: Draft) -> list[Section]:
    return list(Section.objects.filter(draft=draft).order_by("position", "id"))


def section_get(*, draft: Draft, pk: Any) -> Section:
    section = Section.objects.filter(draft=draft, pk=_key(pk)).select_related("draft").first()
    if section is None:
        raise Http404
    return section


def comment_get(*, draft: Draft, pk: Any) -> Comment:
    comment = (
        Comment.objects.filter(draft=draft, pk=_key(pk))
        .select_related("draft__organization", "section", "group", "area")
        .first()
    )
    if comment is None:
        raise Http404
    return comment


def group_get(*, draft: Draft, pk: Any) -> CommentGroup:
    group = (
        CommentGroup.objects.filter(draft=draft, pk=_key(pk))
        .select_related("draft__organization", "section")
        .first()
    )
    if group is None:
        raise Http404
    return group


def response_get(*, draft: Draft, pk: Any) -> Response:
    response = Response.objects.filter(draft=draft, pk=_key(pk)).select_related("draft").first()
    if response is None:
        raise Http404
    return response


@dataclass
class CommentFilters:
    status: str = ""
    author_kind: str = ""
    section_id: int | None = None
    general: bool = False  # comments on the draft as a whole


def comment_list(*, draft: Draft, filters: CommentFilters | None = None) -> QuerySet[Comment]:
    """The draft's comments (the draft was fetched through `draft_get`, so it is in scope)."""
    f = filters or CommentFilters()
    qs = Comment.objects.filter(draft=draft)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.author_kind:
        qs = qs.filter(author_kind=f.author_kind)
    if f.section_id is not None:
        qs = qs.filter(section_id=f.section_id)
    elif f.general:
        qs = qs.filter(section__isnull=True)
    return qs.select_related("section", "area", "organization", "group", "response").order_by(
        "section__position", "received_on", "id"
    )


def moderation_queue(*, user: Any) -> QuerySet[Comment]:
    """Comments waiting for moderation in the drafts the user manages, oldest first."""
    ids = permissions.managing_organization_ids(user)
    qs = Comment.objects.filter(
        status=CommentStatus.PENDING, draft__status__in=(Status.OPEN, Status.CLOSED)
    )
    if ids is not None:
        qs = qs.filter(draft__organization_id__in=sorted(ids))
    return qs.select_related("draft", "section", "area").order_by("created_at", "id")


# --- Groups and responses --------------------------------------------------------------------


@dataclass
class Answerable:
    """One row of the responses page and of the report: a group or a comment on its own."""

    section: Section | None
    group: CommentGroup | None
    comments: list[Comment]
    response: Response | None

    @property
    def key(self) -> str:
        return f"g{self.group.pk}" if self.group else f"c{self.comments[0].pk}"


def answerables(draft: Draft) -> list[Answerable]:
    """The draft's published comments as groups and single comments, in section order (the
    general comments last), each with its response."""
    comments = list(
        Comment.objects.filter(draft=draft, status=CommentStatus.PUBLISHED)
        .select_related("section", "area", "organization", "group__section")
        .order_by("received_on", "id")
    )
    responses = list(Response.objects.filter(draft=draft))
    by_comment = {r.comment_id: r for r in responses if r.comment_id}
    by_group = {r.group_id: r for r in responses if r.group_id}
    rows: list[Answerable] = []
    seen_groups: dict[int, Answerable] = {}
    for c in comments:
        if c.group_id is not None:
            row = seen_groups.get(c.group_id)
            if row is None:
                row = Answerable(c.section, c.group, [], by_group.get(c.group_id))
                seen_groups[c.group_id] = row
                rows.append(row)
            row.comments.append(c)
        else:
            rows.append(Answerable(c.section, None, [c], by_comment.get(c.pk)))
    big = 1 << 62
    rows.sort(key=lambda r: (r.section.position if r.section else big, r.comments[0].pk))
    return rows


def author_public(comment: Comment) -> str:
    """How a comment's author appears in public and in the report: organisations by name,
    citizens anonymised by their commune."""
    if comment.author_kind == AuthorKind.ORGANIZATION:
        return comment.author_name
    if comment.area is not None:
        return _("Công dân ở {area}").format(area=comment.area.full_name)
    return _("Công dân")


# --- Statistics ------------------------------------------------------------------------------


@dataclass
class Statistics:
    total: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    by_author: dict[str, int] = field(default_factory=dict)
    by_response: dict[str, int] = field(default_factory=dict)
    by_section: list[tuple[str, int, int, int, int]] = field(default_factory=list)
    by_area: list[tuple[str, int]] = field(default_factory=list)
    by_day: list[tuple[dt.date, int]] = field(default_factory=list)
    groups: int = 0


def draft_statistics(draft: Draft) -> Statistics:
    """Counts per status, author kind, section (total, published, pending, rejected), citizens'
    commune, day received, and the responses' kinds (a group's response counts once per comment
    it answers), in a handful of grouped queries."""
    base = Comment.objects.filter(draft=draft)
    stats = Statistics()
    for status, n in base.values_list("status").annotate(n=Count("id")).order_by():
        stats.by_status[str(status)] = int(n)
    stats.total = sum(stats.by_status.values())
    for kind, n in base.values_list("author_kind").annotate(n=Count("id")).order_by():
        stats.by_author[str(kind)] = int(n)
    per_section: dict[int | None, Counter[str]] = defaultdict(Counter)
    for section_id, status, n in (
        base.values_list("section_id", "status").annotate(n=Count("id")).order_by()
    ):
        per_section[section_id][str(status)] += int(n)
    for s in Section.objects.filter(draft=draft).order_by("position", "id"):
        if s.pk in per_section or s.commentable:
            c = per_section.get(s.pk, Counter())
            stats.by_section.append(
                (
                    s.label,
                    sum(c.values()),
                    c[CommentStatus.PUBLISHED],
                    c[CommentStatus.PENDING],
                    c[CommentStatus.REJECTED],
                )
            )
    if None in per_section:
        c = per_section[None]
        stats.by_section.append(
            (
                _("Góp ý chung"),
                sum(c.values()),
                c[CommentStatus.PUBLISHED],
                c[CommentStatus.PENDING],
                c[CommentStatus.REJECTED],
            )
        )
    areas = (
        base.filter(author_kind=AuthorKind.CITIZEN)
        .values_list("area__full_name")
        .annotate(n=Count("id"))
        .order_by("-n", "area__full_name")
    )
    stats.by_area = [(str(name or _("Không ghi địa bàn")), int(n)) for name, n in areas]
    days = base.values_list("received_on").annotate(n=Count("id")).order_by("received_on")
    stats.by_day = [(day, int(n)) for day, n in days]
    for kind, n in (
        Response.objects.filter(draft=draft, comment__isnull=False)
        .values_list("kind")
        .annotate(n=Count("id"))
        .order_by()
    ):
        stats.by_response[str(kind)] = stats.by_response.get(str(kind), 0) + int(n)
    for kind, n in (
        Comment.objects.filter(
            draft=draft, status=CommentStatus.PUBLISHED, group__response__isnull=False
        )
        .values_list("group__response__kind")
        .annotate(n=Count("id"))
        .order_by()
    ):
        stats.by_response[str(kind)] = stats.by_response.get(str(kind), 0) + int(n)
    stats.groups = CommentGroup.objects.filter(draft=draft).count()
    return stats


# --- The portal ------------------------------------------------------------------------------


def _public() -> QuerySet[Draft]:
    return Draft.objects.filter(status__in=PUBLIC_STATES).exclude(audience=Audience.ORGANIZATIONS)


def public_draft_list() -> QuerySet[Draft]:
    """Open drafts (soonest deadline first), then closed ones awaiting the synthesis, then
    syntheses of the last year (newest first)."""
    since = timezone.localdate() - dt.timedelta(days=RECENT_DAYS)
    return (
        _public()
        .filter(~Q(status=Status.SYNTHESISED) | Q(synthesis_on__gte=since))
        .select_related("organization", "audience_area")
        .order_by("status", "closes_on", "-id")
    )


def public_draft_get(*, pk: Any) -> Draft:
    draft = (
        _public().select_related("organization__area", "audience_area").filter(pk=_key(pk)).first()
    )
    if draft is None:
        raise Http404
    return draft


def public_accepts_comments(draft: Draft) -> bool:
    today = timezone.localdate()
    return draft.status == Status.OPEN and draft.opens_on <= today <= draft.closes_on


@dataclass
class PublicComment:
    author: str
    text: str
    received_on: dt.date


@dataclass
class PublicAnswer:
    comments: list[PublicComment]
    kind: str
    kind_label: str
    text: str
    change: str


@dataclass
class PublicSection:
    section: Section
    published: int
    answers: list[PublicAnswer]


def public_sections(draft: Draft) -> tuple[list[PublicSection], list[PublicAnswer]]:
    """Each section with how many published comments it has and, once the synthesis is
    published, the comments and their responses; then the general comments' answers."""
    sections = sections_of(draft)
    counts = dict(
        Comment.objects.filter(draft=draft, status=CommentStatus.PUBLISHED)
        .values_list("section_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    answers: dict[int | None, list[PublicAnswer]] = defaultdict(list)
    if draft.status == Status.SYNTHESISED:
        for row in answerables(draft):
            if row.response is None:
                continue
            answers[row.section.pk if row.section else None].append(
                PublicAnswer(
                    comments=[
                        PublicComment(author_public(c), c.text, c.received_on) for c in row.comments
                    ],
                    kind=row.response.kind,
                    kind_label=str(ResponseKind(row.response.kind).label),
                    text=row.response.text,
                    change=row.response.change,
                )
            )
    rows = [PublicSection(s, int(counts.get(s.pk, 0)), answers.get(s.pk, [])) for s in sections]
    return rows, answers.get(None, [])


def public_communes(draft: Draft) -> list[AdminUnit]:
    """The communes a citizen may choose on the draft's comment form."""
    qs = AdminUnit.objects.filter(level=UnitLevel.COMMUNE, valid_to__isnull=True)
    area = draft.audience_area if draft.audience == Audience.AREA else None
    if area is not None:
        qs = qs.filter(Q(pk=area.pk) | Q(parent_id=area.pk))
    else:
        home = draft.organization.area
        if home is not None:
            province = home if home.level == UnitLevel.PROVINCE else home.parent
            if province is not None:
                qs = qs.filter(parent_id=province.pk)
    return list(qs.order_by("name")[:2000])


@dataclass
class PublicStatus:
    tracking_code: str
    draft_id: int
    draft_title: str
    draft_status: str
    organization: str
    section: str
    text: str
    received_on: dt.date
    status: str
    status_label: str
    reject_reason: str
    reject_note: str
    response_kind: str = ""
    response_label: str = ""
    response_text: str = ""
    response_change: str = ""
    synthesis_on: dt.date | None = None
    grouped: bool = False


def comment_public_status(*, tracking_code: str) -> PublicStatus:
    """What the holder of a tracking code may see of their comment (NotFound otherwise)."""
    code = tracking_code_clean(tracking_code)
    comment = (
        Comment.objects.filter(tracking_code=code)
        .select_related("draft__organization", "section", "response", "group__response")
        .first()
        if code
        else None
    )
    if comment is None:
        raise NotFound(
            _("Không tìm thấy góp ý với mã này. Kiểm tra lại 12 ký tự trên giấy biên nhận."),
            fields={"code": _("Không tìm thấy góp ý với mã này.")},
        )
    draft = comment.draft
    status = PublicStatus(
        tracking_code=code,
        draft_id=draft.pk,
        draft_title=draft.title,
        draft_status=str(Status(draft.status).label),
        organization=draft.organization.name,
        section=comment.section.label if comment.section else _("Góp ý chung"),
        text=comment.text,
        received_on=comment.received_on,
        status=comment.status,
        status_label=str(CommentStatus(comment.status).label),
        reject_reason=(
            str(RejectReason(comment.reject_reason).label) if comment.reject_reason else ""
        ),
        reject_note=comment.reject_note if comment.status == CommentStatus.REJECTED else "",
    )
    if draft.status == Status.SYNTHESISED and comment.status == CommentStatus.PUBLISHED:
        response = getattr(comment, "response", None)
        if response is None and comment.group is not None:
            response = getattr(comment.group, "response", None)
            status.grouped = response is not None
        if response is not None:
            status.response_kind = response.kind
            status.response_label = str(ResponseKind(response.kind).label)
            status.response_text = response.text
            status.response_change = response.change
            status.synthesis_on = draft.synthesis_on
    return status
