"""Reads of the practices module.

Officers' reads are scoped (`permissions.VIEWER_ROLES` in `core.selectors.scope`): a model
outside the caller's scope is answered as if it did not exist. The counts use grouped queries
over the same scoped rows. The showcase (`showcase_*`) is public: recognised or replicated
models only, and only the fields of `PUBLIC_FIELDS` ever leave it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from danvan.core.models import Organization
from danvan.core.selectors.scope import user_scope
from danvan.practices import permissions
from danvan.practices.models import (
    Evaluation,
    Evidence,
    Period,
    PracticeModel,
    Replication,
    YearlyTheme,
)
from danvan.practices.states import PUBLIC_STATES, RECOGNISED_STATES, Field, Level, Status
from danvan.text import fold

MAX_ID = 2**63 - 1


@dataclass
class PracticeFilters:
    year: int | None = None
    period: str = ""
    field: str = ""
    status: str = ""
    level: str = ""
    organization_id: int | None = None
    province_code: str = ""
    q: str = ""


def _key(pk: Any) -> int:
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 1 <= key <= MAX_ID:
        raise Http404
    return key


def _scoped(user: Any) -> QuerySet[PracticeModel]:
    scope = user_scope(user)
    qs = PracticeModel.objects.all()
    if scope.is_superuser:
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    ids = sorted(scope.organizations_for(permissions.VIEWER_ROLES))
    visible = Q(organization_id__in=ids) if ids else Q(pk__in=[])
    reach = permissions.council_reach_q(user)
    if reach is not None:
        # Through a subquery: the member join must not repeat rows.
        visible |= Q(pk__in=PracticeModel.objects.filter(reach).values("pk"))
    return qs.filter(visible)


def _filtered(qs: QuerySet[PracticeModel], f: PracticeFilters) -> QuerySet[PracticeModel]:
    if f.year is not None:
        qs = qs.filter(year=f.year)
    if f.period:
        qs = qs.filter(period__code=f.period)
    if f.field:
        qs = qs.filter(field=f.field)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.level:
        qs = qs.filter(recognition_level=f.level)
    if f.organization_id is not None:
        qs = qs.filter(organization_id=f.organization_id)
    if f.province_code:
        qs = qs.filter(
            Q(organization__area__code=f.province_code, organization__area__level="province")
            | Q(organization__area__parent__code=f.province_code)
        )
    if f.q.strip():
        qs = qs.filter(search_text__contains=fold(f.q.strip()[:200]))
    return qs


def practice_list(*, user: Any, filters: PracticeFilters | None = None) -> QuerySet[PracticeModel]:
    """The models the user may see, filtered; latest year first."""
    qs = _filtered(_scoped(user), filters or PracticeFilters())
    return qs.select_related("organization", "period").order_by("-year", "-id")


def practice_get(*, user: Any, pk: Any) -> PracticeModel:
    model = (
        _scoped(user)
        .select_related(
            "organization__area__parent", "area", "period", "theme", "document", "recognised_by"
        )
        .filter(pk=_key(pk))
        .first()
    )
    if model is None:
        raise Http404
    return model


def practice_years(*, user: Any) -> list[int]:
    return sorted(set(_scoped(user).values_list("year", flat=True).distinct()), reverse=True)


def practice_evaluations(*, model: PracticeModel) -> list[Evaluation]:
    return list(
        model.evaluations.select_related("council_org", "criteria_set")
        .prefetch_related("members__scores__criterion", "criteria_set__criteria")
        .order_by("round")
    )


def evaluation_get(*, user: Any, pk: Any) -> Evaluation:
    """A council, visible when its model is visible to the user."""
    evaluation = (
        Evaluation.objects.select_related(
            "model__organization__area", "council_org", "criteria_set"
        )
        .filter(pk=_key(pk), model__in=_scoped(user))
        .first()
    )
    if evaluation is None:
        raise Http404
    return evaluation


def practice_evidence(*, model: PracticeModel) -> list[Evidence]:
    return list(model.evidence.select_related("evaluation").order_by("id"))


def evidence_get(*, user: Any, pk: Any) -> Evidence:
    item = (
        Evidence.objects.select_related("model")
        .filter(pk=_key(pk), model__in=_scoped(user))
        .first()
    )
    if item is None:
        raise Http404
    return item


def periods() -> list[Period]:
    return list(Period.objects.order_by("start_year"))


def themes_for(*, year: int | None = None) -> list[YearlyTheme]:
    qs = YearlyTheme.objects.select_related("period", "area").order_by("-year", "id")
    if year is not None:
        qs = qs.filter(year=year)
    return list(qs[:200])


# --- Counts -----------------------------------------------------------------------------------


@dataclass
class CountRow:
    key: Any
    label: str
    total: int = 0
    launched: int = 0
    evaluated: int = 0
    recognised: int = 0
    replicated: int = 0


@dataclass
class Counts:
    total: CountRow
    by_field: list[CountRow] = field(default_factory=list)
    by_level: list[CountRow] = field(default_factory=list)
    by_year: list[CountRow] = field(default_factory=list)
    by_unit: list[CountRow] = field(default_factory=list)


_STATE_COUNTS: dict[str, Any] = {
    "total": Count("id"),
    # Launched or further (a stopped model is not counted as launched).
    "launched": Count(
        "id",
        filter=Q(
            status__in=[
                Status.LAUNCHED,
                Status.EVALUATED,
                Status.RECOGNISED,
                Status.REPLICATED,
            ]
        ),
    ),
    "evaluated": Count("id", filter=Q(evaluated_on__isnull=False)),
    "recognised": Count("id", filter=Q(status__in=sorted(RECOGNISED_STATES))),
    "replicated": Count("id", filter=Q(status=Status.REPLICATED)),
}


def _rows(
    qs: QuerySet[PracticeModel], dim: str, labels: dict[Any, str], order: Iterable[Any] | None
) -> list[CountRow]:
    found = {r[dim]: r for r in qs.order_by().values(dim).annotate(**_STATE_COUNTS)}
    keys = list(order) if order is not None else sorted(found, key=lambda k: labels.get(k, ""))
    rows: list[CountRow] = []
    for k in keys:
        if k not in found:
            continue
        r = found[k]
        rows.append(
            CountRow(
                key=k,
                label=labels.get(k, str(k)),
                total=r["total"],
                launched=r["launched"],
                evaluated=r["evaluated"],
                recognised=r["recognised"],
                replicated=r["replicated"],
            )
        )
    return rows


def practice_counts(*, user: Any, filters: PracticeFilters | None = None) -> Counts:
    """Totals and counts by field, recognition level, year and registering unit."""
    qs = _filtered(_scoped(user), filters or PracticeFilters())
    totals = qs.order_by().aggregate(**_STATE_COUNTS)
    total = CountRow(key="", label="", **{k: int(v or 0) for k, v in totals.items()})
    by_unit = _rows(qs, "organization_id", {}, None)
    names = dict(
        Organization.objects.filter(pk__in=[r.key for r in by_unit]).values_list("id", "name")
    )
    for r in by_unit:
        r.label = names.get(r.key, str(r.key))
    by_unit.sort(key=lambda r: (-r.total, r.label))
    levels = {k: str(v) for k, v in Level.choices}
    levels[""] = str(_not_recognised_label())
    return Counts(
        total=total,
        by_field=_rows(qs, "field", {k: str(v) for k, v in Field.choices}, Field.values),
        by_level=_rows(qs, "recognition_level", levels, [*Level.values, ""]),
        by_year=_rows(qs, "year", {}, None),
        by_unit=by_unit,
    )


def _not_recognised_label() -> Any:
    from django.utils.translation import gettext_lazy as _

    return _("Chưa công nhận")


# --- The public showcase ----------------------------------------------------------------------

# The only fields of a model the citizens' showcase shows (the API and pages alike).
PUBLIC_FIELDS: tuple[str, ...] = (
    "id",
    "name",
    "field",
    "registrant_kind",
    "registrant_name",
    "organization__name",
    "area__full_name",
    "area_note",
    "year",
    "rationale",
    "content_method",
    "beneficiaries",
    "outputs",
    "recognition_level",
    "decision_number",
    "decision_date",
    "decision_issuer",
    "status",
)


@dataclass
class ShowcaseFilters:
    field: str = ""
    level: str = ""
    year: int | None = None
    q: str = ""


def _public() -> QuerySet[PracticeModel]:
    return PracticeModel.objects.filter(status__in=sorted(PUBLIC_STATES))


def showcase_list(*, filters: ShowcaseFilters | None = None) -> QuerySet[Any]:
    """Recognised and replicated models, public fields only (dicts), latest decision first."""
    f = filters or ShowcaseFilters()
    qs = _public()
    if f.field:
        qs = qs.filter(field=f.field)
    if f.level:
        qs = qs.filter(recognition_level=f.level)
    if f.year is not None:
        qs = qs.filter(year=f.year)
    if f.q.strip():
        qs = qs.filter(search_text__contains=fold(f.q.strip()[:200]))
    return qs.order_by("-decision_date", "-id").values(*PUBLIC_FIELDS)


def showcase_years() -> list[int]:
    return sorted(set(_public().values_list("year", flat=True).distinct()), reverse=True)


def showcase_get(*, pk: Any) -> dict[str, Any]:
    row = _public().filter(pk=_key(pk)).values(*PUBLIC_FIELDS).first()
    if row is None:
        raise Http404
    row["replications"] = list(
        Replication.objects.filter(model_id=row["id"])
        .order_by("started_on", "id")
        .values("site_name", "area__full_name", "organization__name", "started_on")
    )
    return row
