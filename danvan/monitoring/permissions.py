"""Who may do what in monitoring: small predicates used by views, the API, services, selectors.

- Reporting and working an issue report (create, edit, verify, update, escalate, resolve, link):
  `REPORTER_ROLES` at the reporting organisation or above it. The Front's officers report too.
- Answering an escalation: `ANSWER_ROLES` at the organisation the issue was escalated to (or
  above it).
- Reading: `VIEWER_ROLES` in their scope (province-wide for the oversight roles); an escalated
  report is also readable at the organisation it was escalated to.
- Alerts: read by `VIEWER_ROLES` of the addressed organisation (the Ban Tuyên giáo và Dân vận)
  or of the area's leading organisation; acknowledged, assigned and closed by `ALERT_ROLES` there.
"""

from __future__ import annotations

from typing import Any

from danvan.core.models import Organization, Role
from danvan.core.selectors.scope import user_scope

REPORTER_ROLES: tuple[str, ...] = (Role.OFFICER, Role.LEADER, Role.FRONT, Role.PARTY_COMMITTEE)
ANSWER_ROLES: tuple[str, ...] = (Role.OFFICER, Role.LEADER, Role.PARTY_COMMITTEE)
ALERT_ROLES: tuple[str, ...] = (Role.OFFICER, Role.LEADER, Role.PARTY_COMMITTEE)
VIEWER_ROLES: tuple[str, ...] = (
    Role.OFFICER,
    Role.LEADER,
    Role.PARTY_COMMITTEE,
    Role.FRONT,
    Role.INSPECTOR,
    Role.VIEWER,
)


def _subtree_ids(user: Any, roles: tuple[str, ...]) -> frozenset[int] | None:
    scope = user_scope(user)
    if scope.is_superuser:
        return None
    ids: frozenset[int] = frozenset()
    for role in roles:
        ids |= scope.subtree_for(role)
    return ids


def reporting_organization_ids(user: Any) -> frozenset[int] | None:
    """Organisations on whose behalf the user may report and work issues; None = all."""
    return _subtree_ids(user, REPORTER_ROLES)


def can_report_at(user: Any, org: Organization | int) -> bool:
    org_id = org if isinstance(org, int) else org.pk
    ids = reporting_organization_ids(user)
    return ids is None or org_id in ids


def can_work(user: Any, report: Any) -> bool:
    """May edit, verify, update, escalate, resolve and link the report."""
    return can_report_at(user, report.organization_id)


def can_answer(user: Any, report: Any) -> bool:
    """May answer the escalation (at the organisation it was escalated to, or above)."""
    if not report.escalated_to_id:
        return False
    ids = _subtree_ids(user, ANSWER_ROLES)
    return ids is None or report.escalated_to_id in ids


def viewer_organization_ids(user: Any) -> frozenset[int] | None:
    """Organisations whose reports and alerts the user may read; None = all."""
    scope = user_scope(user)
    if scope.is_superuser:
        return None
    return frozenset(scope.organizations_for(VIEWER_ROLES))


def can_view(user: Any, report: Any) -> bool:
    ids = viewer_organization_ids(user)
    return (
        ids is None
        or report.organization_id in ids
        or (report.escalated_to_id is not None and report.escalated_to_id in ids)
    )


def can_view_alert(user: Any, alert: Any) -> bool:
    ids = viewer_organization_ids(user)
    return (
        ids is None
        or alert.organization_id in ids
        or (alert.area_organization_id is not None and alert.area_organization_id in ids)
    )


def can_act_on_alert(user: Any, alert: Any) -> bool:
    """May acknowledge, assign and close the alert."""
    ids = _subtree_ids(user, ALERT_ROLES)
    return (
        ids is None
        or alert.organization_id in ids
        or (alert.area_organization_id is not None and alert.area_organization_id in ids)
    )


def reporting_organizations(user: Any) -> list[Organization]:
    """Active organisations where the user may report, by level and name."""
    ids = reporting_organization_ids(user)
    qs = Organization.objects.filter(is_active=True)
    if ids is not None:
        qs = qs.filter(pk__in=sorted(ids))
    return list(qs.select_related("area").order_by("level", "name")[:500])
