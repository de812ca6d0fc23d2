"""Core models: administrative units, organisations, people and roles, audit log, calendar."""

from danvan.core.models.accounts import ApiToken, Membership, Role, ScopeGeneration, User
from danvan.core.models.audit import AuditChainHead, AuditEvent, AuditVerification
from danvan.core.models.calendar import CalendarOverride, DeadlineRule, OverrideKind
from danvan.core.models.documents import DocumentSequence
from danvan.core.models.mail import OutboxEmail
from danvan.core.models.obligations import (
    Obligation,
    ObligationStatus,
    Task,
    TaskDueRule,
    TaskEvidence,
    TaskProgressUpdate,
    TaskRecurrence,
    TaskSeries,
    TaskSeriesStatus,
    TaskSeriesSupport,
    TaskStatus,
    TaskSupport,
)
from danvan.core.models.orgs import Organization, OrgKind, OrgLevel
from danvan.core.models.units import AdminUnit, AdminUnitSuccession, UnitLevel, UnitType

__all__ = [
    "AdminUnit",
    "AdminUnitSuccession",
    "ApiToken",
    "AuditChainHead",
    "AuditEvent",
    "AuditVerification",
    "CalendarOverride",
    "DeadlineRule",
    "DocumentSequence",
    "Membership",
    "Obligation",
    "ObligationStatus",
    "OrgKind",
    "OrgLevel",
    "Organization",
    "OutboxEmail",
    "OverrideKind",
    "Role",
    "ScopeGeneration",
    "Task",
    "TaskDueRule",
    "TaskEvidence",
    "TaskProgressUpdate",
    "TaskRecurrence",
    "TaskSeries",
    "TaskSeriesStatus",
    "TaskSeriesSupport",
    "TaskStatus",
    "TaskSupport",
    "UnitLevel",
    "UnitType",
    "User",
]
