"""Writes of coordination: documents, their obligations, programmes and plans."""

from danvan.coordination.services.documents import (
    FILES_PER_DOCUMENT,
    document_files_add,
    document_link_add,
    document_link_remove,
    document_register,
    document_update,
)
from danvan.coordination.services.obligations import document_obligation_create
from danvan.coordination.services.plans import (
    plan_create,
    plan_issue,
    plan_item_add,
    plan_item_remove,
    plan_prefill_from_programme,
    plan_transition,
)
from danvan.coordination.services.programmes import (
    programme_create,
    programme_duty_add,
    programme_transition,
)

__all__ = [
    "FILES_PER_DOCUMENT",
    "document_files_add",
    "document_link_add",
    "document_link_remove",
    "document_obligation_create",
    "document_register",
    "document_update",
    "plan_create",
    "plan_issue",
    "plan_item_add",
    "plan_item_remove",
    "plan_prefill_from_programme",
    "plan_transition",
    "programme_create",
    "programme_duty_add",
    "programme_transition",
]
